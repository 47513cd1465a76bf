"""QA attacks on issue 11's write side that its own tests did not cover.

Every case runs the real command line with a hard timeout (a hang fails the
test instead of blocking the suite) and checks exit code, message and files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotations import AnnotationStore
from annotations.store import shard_name
from corpus.loader import load

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, timeout: float = 15) -> subprocess.CompletedProcess:
    e = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, timeout=timeout, cwd=ROOT, env=e)


@pytest.fixture
def sample():
    rec = load(None).records[0]
    return rec, rec.passages[1]


# ------------------------------------------------- special files in the store
def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


@pytest.mark.parametrize("make", [_fifo, _dev_zero], ids=["fifo", "symlink-to-dev-zero"])
@pytest.mark.parametrize("which", ["shard", "meta", "manifest"])
def test_special_file_in_the_store_never_hangs(tmp_path, sample, make, which):
    """A FIFO or a device where a shard, meta.json or the library manifest
    should be: every command still finishes, says which file, keeps it."""
    rec, passage = sample
    store_dir = tmp_path / "store"
    s = AnnotationStore.open(store_dir)
    s.add(rec, passage, note="kept")
    lib = Path(os.environ["PARLREAD_LIBRARY"])
    src = tmp_path / "src"
    src.mkdir()
    (src / "q.txt").write_text(rec.text if hasattr(rec, "text") else "x", encoding="utf-8")
    if which == "shard":
        target = s.shard_dir / f"{shard_name(rec.id)}.json"
        target.unlink()
    elif which == "meta":
        target = store_dir / "meta.json"
    else:
        lib.mkdir(parents=True, exist_ok=True)
        target = lib / "manifest.json"
    make(target)
    if which == "manifest":
        p = cli("import", str(src), timeout=15)  # must not block reading the manifest
        assert b"Traceback" not in p.stderr + p.stdout
        assert b"manifest" in p.stderr + p.stdout, p
        return
    for args in (["annotations", "--no-check"], ["tag", passage.id, "t"], ["export", "--format", "csv"]):
        p = cli(*args, "--store", str(store_dir), timeout=15)
        assert b"Traceback" not in p.stderr, p.stderr
        assert target.name.encode() in p.stderr, (args, p.stderr)  # reported, by name
        assert p.returncode in (0, 1)
    assert target.is_symlink() or not target.is_file()  # kept as it was


# ------------------------------------------------- W3C import: which copy is newer
def _exported_item(store_dir: Path) -> dict:
    p = cli("export", "--format", "w3c-jsonl", "--store", str(store_dir))
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout.decode().splitlines()[0])


@pytest.mark.parametrize(
    "modified",
    [
        "Tue, 01 Dec 2026 10:00:00 GMT",  # another tool's date format: compares > "2026-…" as a string
        "not a date",
        "9999-12-31T00:00:00Z",  # forged future: would beat every later local edit, forever
        "2000-01-01T00:00:00+14:00",  # offset: still older than the local edit
    ],
)
def test_import_never_replaces_a_newer_local_note_by_string_comparison(tmp_path, sample, modified):
    rec, passage = sample
    store_dir = tmp_path / "store"
    s = AnnotationStore.open(store_dir)
    a = s.add(rec, passage, note="first")
    item = _exported_item(store_dir)
    s.update(a.id, note="my newer local note")
    item["modified"] = modified
    item["body"][0]["value"] = "imported older text"
    f = tmp_path / "in.json"
    f.write_text(json.dumps(item))
    p = cli("import", str(f), "--store", str(store_dir))
    assert b"Traceback" not in p.stderr
    assert AnnotationStore.open(store_dir).get(a.id).note == "my newer local note", p.stdout + p.stderr


def test_import_of_a_really_newer_copy_with_an_offset_still_wins(tmp_path, sample):
    rec, passage = sample
    store_dir = tmp_path / "store"
    s = AnnotationStore.open(store_dir)
    a = s.add(rec, passage, note="first")
    item = _exported_item(store_dir)
    from datetime import datetime, timedelta, timezone

    later = (datetime.now(timezone.utc) + timedelta(minutes=5)).astimezone(timezone(timedelta(hours=-5)))
    item["modified"] = later.isoformat(timespec="seconds")  # "…-05:00": smaller as a string, newer in time
    item["body"][0]["value"] = "edited elsewhere later"
    f = tmp_path / "in.json"
    f.write_text(json.dumps(item))
    p = cli("import", str(f), "--store", str(store_dir))
    assert p.returncode == 0, p.stderr
    assert AnnotationStore.open(store_dir).get(a.id).note == "edited elsewhere later"


# ------------------------------------------------- escape bytes from the snapshot path
def test_load_warning_from_the_snapshot_is_printable(tmp_path):
    """The second and later runs of list/show/search read the corpus snapshot;
    its saved load warnings (a hostile FILE NAME) must be escaped too."""
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    sample = sorted((ROOT / "corpus" / "samples").glob("001_*.txt"))[0]
    (corpus_dir / sample.name).write_bytes(sample.read_bytes())
    (corpus_dir / "empty\x1b[31m\x07\u202e.txt").write_text("")
    rid = load([str(corpus_dir)]).records[0].id
    runs = [cli(*a) for a in (["list", str(corpus_dir)], ["search", "children", str(corpus_dir)],
                               ["list", str(corpus_dir)], ["show", rid, str(corpus_dir)])]
    for p in runs:
        assert p.returncode == 0, p.stderr
        assert b"empty" in p.stderr  # the warning is still given
        for bad in (b"\x1b", b"\x07", "\u202e".encode()):
            assert bad not in p.stderr + p.stdout, p.stderr


# ------------------------------------------------- export -o to what is not a plain file
def _cli_in(cwd: Path, *args: str, timeout: float = 20) -> subprocess.CompletedProcess:
    e = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, timeout=timeout, cwd=cwd, env=e)


def test_export_output_symlink_fifo_and_dash(tmp_path, sample):
    """``-o LINK`` writes through the link (the link stays), ``-o FIFO`` streams
    into the pipe (never replaces it: think ``-o /dev/stdout`` as root), ``-o -``
    is standard output (no file named "-")."""
    import threading

    rec, passage = sample
    store_dir = tmp_path / "store"
    AnnotationStore.open(store_dir).add(rec, passage, note="exported note")
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    p = _cli_in(tmp_path, "export", "-o", str(link), "--store", str(store_dir))
    assert p.returncode == 0, p.stderr
    assert link.is_symlink() and b"exported note" in real.read_bytes()

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    t = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
    t.start()
    p = _cli_in(tmp_path, "export", "--format", "csv", "-o", str(fifo), "--store", str(store_dir))
    t.join(10)
    assert p.returncode == 0, p.stderr
    assert fifo.is_fifo() and got and b"exported note" in got[0]
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]

    p = _cli_in(tmp_path, "export", "--format", "csv", "-o", "-", "--store", str(store_dir))
    assert p.returncode == 0 and b"exported note" in p.stdout
    assert not (tmp_path / "-").exists()


# ------------------------------------------------- an unexpected error
def test_unexpected_error_is_one_printable_line_and_a_log_file(tmp_path):
    """A bug in a command (here: a run() that raises with hostile text) exits
    non-zero with ONE printable line naming a log file holding the traceback
    (tui/crash.py)."""
    code = (
        "import sys; import tui.cli as c; from tui.cli import list as L\n"
        "def boom(args): raise RuntimeError('bad \\x1b[31m\\x07\\u202e thing')\n"
        "L.run = boom\n"
        "sys.exit(c.main(['list']))\n"
    )
    e = dict(os.environ, PYTHONPATH=str(ROOT), PARLREAD_LOG_DIR=str(tmp_path / "logs"))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=20, cwd=ROOT, env=e)
    assert p.returncode not in (0, 1), p.stderr
    err = p.stderr.decode()
    assert "Traceback" not in err and "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert len(err.strip().splitlines()) == 1 and "error" in err
    (log,) = (tmp_path / "logs").iterdir()
    assert "RuntimeError" in log.read_text() and "Traceback" in log.read_text()
