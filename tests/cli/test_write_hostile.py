"""Hostile input on the write side: W3C files, shard files, FIFOs, escape bytes in CLI output.

Every case runs the real command line (``python -m tui.cli``) as a user would,
with a hard timeout, and checks the exit code, the message and the bytes.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotations import AnnotationStore, StoreError
from annotations.export import export_w3c, import_w3c
from annotations.store import shard_name
from corpus.loader import load
from hostile import ANSI, BEL, BIDI, ESC, HOSTILE_NOTE, HOSTILE_TAG, record_text

ROOT = Path(__file__).resolve().parents[2]
UNSAFE = [ESC.encode(), BEL.encode(), "\u202e".encode(), "\u2066".encode(), "\x9b".encode()]  # (C1 CSI is C2 9B in UTF-8)


def cli(*args: str, timeout: float = 60, env: dict | None = None) -> subprocess.CompletedProcess:
    e = dict(os.environ, PYTHONPATH=str(ROOT))
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, timeout=timeout, cwd=ROOT, env=e)


def assert_clean(p: subprocess.CompletedProcess) -> None:
    for stream, data in (("stdout", p.stdout), ("stderr", p.stderr)):
        for bad in UNSAFE:
            assert bad not in data, f"{bad!r} in {stream}: {data[:400]!r}"
        assert b"Traceback" not in data, data.decode(errors="replace")[-2000:]


@pytest.fixture
def sample():
    corpus = load(None)
    rec = corpus.records[0]
    return rec, rec.passages[1]


# ------------------------------------------------------------ W3C files
def _good_item(rec, passage, n: int) -> dict:
    s = AnnotationStore.open(Path(os.environ["PARLREAD_STORE"]).parent / f"src{n}", author="elsewhere")
    a = s.add(rec, passage, tags=[f"good{n}"])
    return json.loads(export_w3c([a]))["first"]["items"][0]


def _foreign(source, selector) -> dict:
    return {"type": "Annotation", "id": "urn:uuid:0b9e3b9e-1111-4222-8333-444455556666", "motivation": "commenting",
            "body": {"type": "TextualBody", "value": "hi"}, "target": {"source": source, "selector": selector}}


def test_hostile_w3c_items_refused_one_line_each_rest_imported(tmp_path, sample):
    rec, passage = sample
    good = [_good_item(rec, passage, n) for n in range(2)]
    bad_parlread = json.loads(json.dumps(good[0]))
    bad_parlread["id"] = "urn:uuid:9b9e3b9e-1111-4222-8333-444455556666"
    bad_parlread["parlread"]["anchor"]["selector"] = {"type": "TextPositionSelector", "start": "x"}  # wrong shape
    bad_pos = json.loads(json.dumps(good[0]))
    bad_pos["id"] = "urn:uuid:8b9e3b9e-1111-4222-8333-444455556666"
    bad_pos["parlread"]["target"]["selector"][1] = {"type": "TextPositionSelector", "start": 5, "end": "9"}
    bad_src = json.loads(json.dumps(good[1]))
    bad_src["id"] = "urn:uuid:7b9e3b9e-1111-4222-8333-444455556666"
    bad_src["parlread"]["anchor"]["source"] = 12345  # non-string source
    items = [good[0], bad_parlread, bad_pos, bad_src, _foreign(42, [{"type": "TextQuoteSelector", "exact": "x"}]),
             _foreign("rec", [5]), _foreign("rec", [{"type": "TextQuoteSelector", "exact": {"a": 1}}]), good[1]]
    f = tmp_path / "mixed.json"
    f.write_text(json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage", "items": items}))
    store_dir = tmp_path / "store"
    p = cli("import", str(f), "--store", str(store_dir))
    assert_clean(p)
    assert p.returncode == 0
    warnings = [ln for ln in p.stderr.decode().splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 6 and all("item " in w for w in warnings), p.stderr
    assert b"2 added" in p.stdout
    store = AnnotationStore.open(store_dir)
    assert store.problems == [] and sorted(t for a in store.all() for t in a.tags) == ["good0", "good1"]
    # the store still works on that record: list, every export, tag
    for args in (["annotations", "--no-check"], ["export", "--format", "w3c"], ["export", "--format", "csv"],
                 ["export", "--format", "markdown"], ["tag", passage.id, "more"]):
        q = cli(*args, "--store", str(store_dir))
        assert_clean(q)
        assert q.returncode == 0, (args, q.stderr)


def test_deeply_nested_w3c_refused_whole_with_a_message(tmp_path):
    f = tmp_path / "deep.json"
    f.write_text('{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "first": ' + "[" * 100_000 + "]" * 100_000 + "}")
    g = tmp_path / "deep-page.json"  # no @context: recognised by its "type"
    g.write_text('{"type": "AnnotationPage", "items": ' + "[" * 100_000 + "]" * 100_000 + "}")
    for path in (f, g):
        p = cli("import", str(path), "--store", str(tmp_path / "store"), "--library", str(tmp_path / "lib"))
        assert_clean(p)
        assert p.returncode == 1 and b"nested" in p.stderr and len(p.stderr.splitlines()) == 1
    assert not (tmp_path / "lib").exists()  # not copied into the library as a "source" either
    with pytest.raises(StoreError, match="nested"):
        import_w3c(AnnotationStore.open(tmp_path / "s2"), "[" * 100_000 + "]" * 100_000)
    assert len(AnnotationStore.open(tmp_path / "store")) == 0


# ------------------------------------------------------------ shard files
SHARDS = {
    "table-is-array": b'{"annotations": []}',
    "null": b"null",
    "string": b'"x"',
    "nested-100k": b"[" * 100_000 + b"]" * 100_000,
    "wrong-selector": b'{"annotations": {"1": {"id": "a", "target": {"source": "r", "selector": [{"type": "TextPositionSelector", "start": "0"}]}}}}',
    "escape-entry": b'{"annotations": {"1": "' + b"\\u001b[31m" + b'"}}',
}
MALFORMED_ENTRY = ("wrong-selector", "escape-entry")  # the file is sound, one entry is not


@pytest.mark.parametrize("name", list(SHARDS))
def test_hostile_shard_reported_kept_and_never_trusted(tmp_path, sample, name):
    content = SHARDS[name]
    rec, passage = sample
    store_dir = tmp_path / "store"
    s = AnnotationStore.open(store_dir)
    other = load(None).records[1]
    assert shard_name(other.id) != shard_name(rec.id)
    s.add(other, other.passages[0], note="elsewhere")
    shard = s.shard_dir / f"{shard_name(rec.id)}.json"
    shard.write_bytes(content)
    for args in (["annotations"], ["annotations", "--orphans"], ["export", "--format", "csv"], ["tag", passage.id, "x"], ["note", passage.id, "n"]):
        p = cli(*args, "--store", str(store_dir))
        assert_clean(p)
        assert shard.name.encode() in p.stderr, (args, p.stderr)  # reported
        assert p.returncode in (0, 1) and b"Traceback" not in p.stderr
    if name in MALFORMED_ENTRY:  # the shard is writable; the malformed entry is kept as it was
        assert json.loads(shard.read_bytes())["annotations"]["1"] == json.loads(content)["annotations"]["1"]
    else:
        assert shard.read_bytes() == content  # kept byte-identical
    fresh = AnnotationStore.open(store_dir)
    notes = sorted(a.note or "" for a in fresh.all())
    assert notes == (["", "elsewhere", "n"] if name in MALFORMED_ENTRY else ["elsewhere"])  # nothing malformed shown
    assert any(shard.name in line for line in fresh.problems)


def test_hostile_meta_json_reported_and_kept(tmp_path):
    s = AnnotationStore.open(tmp_path / "s")
    (s.path / "meta.json").write_bytes(b'{"tags": []}')
    fresh = AnnotationStore.open(tmp_path / "s")
    assert any("meta.json" in line for line in fresh.problems)
    with pytest.raises(StoreError, match="meta.json"):
        fresh.set_tag_colour("x", "red")
    assert (s.path / "meta.json").read_bytes() == b'{"tags": []}'


def test_existing_store_dir_mode_is_left_alone_and_backup_failure_does_not_block(tmp_path, sample):
    rec, passage = sample
    d = tmp_path / "s"
    s = AnnotationStore.open(d)
    s.add(rec, passage, tags=["one"])
    os.chmod(d, 0o750)
    AnnotationStore.open(d)
    assert (d.stat().st_mode & 0o777) == 0o750  # not chmodded back to 0700 on open
    backups = d / "shards" / "backups"
    if backups.exists():
        import shutil

        shutil.rmtree(backups)
    backups.write_text("not a directory")  # backup rotation will fail
    s2 = AnnotationStore.open(d)
    a = s2.add(rec, passage, note="still saved")
    assert AnnotationStore.open(d).get(a.id).note == "still saved"
    assert any("backup" in p for p in s2.problems)


def test_update_of_deleted_annotation_fails_instead_of_resurrecting(tmp_path, sample):
    rec, passage = sample
    one = AnnotationStore.open(tmp_path / "s")
    two = AnnotationStore.open(tmp_path / "s")
    a = one.add(rec, passage, tags=["x"])
    assert two.get(a.id) is not None  # the other session has seen it
    one.delete(a.id)
    for fn in (lambda: two.update(a.id, add_tags=["y"]), lambda: two.delete(a.id)):
        with pytest.raises(StoreError, match="no longer exists|no annotation"):
            fn()
    assert len(AnnotationStore.open(tmp_path / "s")) == 0


def test_undo_refuses_when_another_session_changed_it(tmp_path, sample):
    rec, passage = sample
    one = AnnotationStore.open(tmp_path / "s")
    two = AnnotationStore.open(tmp_path / "s")
    a = one.add(rec, passage, tags=["x"])
    one.update(a.id, note="mine")
    two.update(a.id, add_tags=["theirs"])
    with pytest.raises(StoreError, match="changed since"):
        one.undo()
    got = AnnotationStore.open(tmp_path / "s").get(a.id)
    assert got.note == "mine" and got.tags == ["x", "theirs"]  # nothing silently undone


# ------------------------------------------------------------ import of sources
def test_import_skips_fifo_and_device_symlink_never_hangs(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "ok.txt").write_text(record_text("Kinship care", "(clean)", "zebra"), encoding="utf-8")
    os.mkfifo(src / "pipe.txt")
    os.symlink("/dev/zero", src / "zero.txt")
    lib = tmp_path / "lib"
    p = cli("import", str(src), "--library", str(lib), timeout=60)
    assert_clean(p)
    assert p.returncode == 0 and b"1 added" in p.stdout
    err = p.stderr.decode()
    assert "pipe.txt" in err and "zero.txt" in err and err.count("not a regular file") == 2
    p = cli("import", str(src / "pipe.txt"), "--library", str(lib), timeout=60)  # the FIFO alone
    assert_clean(p)
    assert p.returncode == 1 and b"not a regular file" in p.stderr


def test_import_disk_full_is_a_message(tmp_path, monkeypatch, capsys):
    import corpus.library as library
    from tui.cli import main

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(record_text("Kinship care", "(clean)", "zebra"), encoding="utf-8")

    def full(path, data, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(library, "atomic_write", full)
    assert main(["import", str(src), "--library", str(tmp_path / "lib")]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err


def test_import_cleans_stray_temp_files(tmp_path):
    import corpus.library as library

    lib = tmp_path / "lib"
    (lib / "files").mkdir(parents=True)
    stray = lib / "files" / ".tmp-abc123"
    stray.write_bytes(b"half a file")
    os.utime(stray, (0, 0))  # old
    dead = lib / "files" / ".x.txt.999999999-0123456789ab.tmp"  # pid that cannot exist
    dead.write_bytes(b"half")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(record_text("Kinship care", "(clean)", "zebra"), encoding="utf-8")
    library.import_sources([src], root=lib)
    assert not stray.exists() and not dead.exists()


def test_unreadable_manifest_reported_and_kept_aside(tmp_path):
    import corpus.library as library

    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "manifest.json").write_text("[" * 50_000 + "]" * 50_000)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(record_text("Kinship care", "(clean)", "zebra"), encoding="utf-8")
    rep = library.import_sources([src], root=lib)
    assert any("manifest" in w.message for w in rep.warnings) and (lib / "manifest.json.unreadable").exists()
    assert len(json.loads((lib / "manifest.json").read_text())) == 1


# ------------------------------------------------------------ escape bytes in CLI output
def test_no_escape_bytes_in_any_cli_output(tmp_path):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "q.txt").write_text(record_text(f"Title {ANSI}", f"{ANSI} {BIDI}", "zebra"), encoding="utf-8")
    (corpus_dir / f"empty{ESC}[31m{BEL}\u202e.txt").write_text("")  # a hostile FILE NAME in a load warning
    store = tmp_path / "store"
    rec = load([str(corpus_dir)]).records[0]
    pid = rec.passages[1].id
    c = ["--corpus", str(corpus_dir), "--store", str(store)]
    runs = [
        cli("list", str(corpus_dir)),
        cli("show", rec.id, str(corpus_dir)),
        cli("tag", pid, HOSTILE_TAG, "plain", *c),
        cli("note", pid, HOSTILE_NOTE, "--tag", HOSTILE_TAG, *c),
        cli("annotations", *c),
        cli("annotations", "--json", *c),
        cli("annotations", "--orphans", *c),
        cli("export", "--format", "markdown", *c),
        cli("export", "--format", "csv", *c),
        cli("export", "--format", "w3c", *c),
        cli("untag", pid, HOSTILE_TAG, *c),
        cli("search", "zebra", str(corpus_dir)),
        cli("tag", f"{pid}{ESC}[2J", "x", *c),  # an error message quoting the user's hostile input
    ]
    for p in runs:
        assert_clean(p)
    assert b"empty" in runs[0].stderr  # the warning is there, made visible
    w3c = json.loads(runs[9].stdout)
    notes = [i for i in w3c["first"]["items"] if i["motivation"] == "commenting"]
    assert any(b["value"] == HOSTILE_NOTE for i in notes for b in i["body"])  # escaped, not altered
    assert runs[-1].returncode == 1
    # export to a FILE keeps the exact text, atomically (no .part / temp file left)
    out = tmp_path / "out.md"
    p = cli("export", "--format", "markdown", "-o", str(out), *c)
    assert p.returncode == 0 and ESC in out.read_text(encoding="utf-8")
    assert sorted(os.listdir(tmp_path)) == ["corpus", "out.md", "store"]


def test_record_not_loaded_is_shown_and_listed(tmp_path, sample):
    rec, passage = sample
    corpus_dir = tmp_path / "c"
    corpus_dir.mkdir()
    (corpus_dir / "q.txt").write_text(record_text("Moved", "(clean)", "zebra"), encoding="utf-8")
    store = tmp_path / "store"
    other = load([str(corpus_dir)]).records[0]
    s = AnnotationStore.open(store)
    s.add(other, other.passages[1], note="where did it go")
    p = cli("annotations", "--orphans", "--store", str(store))  # the default corpus: that record is not loaded
    assert p.returncode == 0 and b"record not loaded" in p.stdout and b"where did it go" in p.stdout
    p = cli("annotations", "--orphans", "--store", str(store), "--corpus", str(corpus_dir))
    assert p.returncode == 0 and p.stdout == b""


def test_store_disk_full_is_a_message_and_nothing_changes(tmp_path, monkeypatch, capsys, sample):
    import annotations.storage as storage
    from tui.cli import main

    rec, passage = sample
    store_dir = tmp_path / "s"
    s = AnnotationStore.open(store_dir)
    a = s.add(rec, passage, tags=["before"])
    shard = s.shard_dir / f"{shard_name(rec.id)}.json"
    data = shard.read_bytes()

    def full(path, data, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(storage, "atomic_write", full)
    with pytest.raises(StoreError, match="No space left on device"):
        s.update(a.id, add_tags=["after"])
    assert main(["tag", passage.id, "x", "--store", str(store_dir)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert shard.read_bytes() == data
