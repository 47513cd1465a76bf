"""One-shot search/show/list answer from the snapshot and the saved index when
nothing changed, exactly as a full load would; any change means a full load.

Fixture corpus: the bundled samples and the TheyWorkForYou extracts of
tests/fixtures/import, copied with mtimes in the past (files changed in the
last two seconds are never cached).
Contains Parliamentary information licensed under the Open Parliament Licence v3.0.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from corpus import loader, snapshot
from corpus.loader import sample_dir
from tui.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
QUERIES = ["kinship carer allowence", "children social care", '"social care"', "lords", "secretary of state educ"]


@pytest.fixture
def corpus_dir(tmp_path):
    d = tmp_path / "corpus"
    shutil.copytree(sample_dir(), d / "samples")
    for sub in ("debates", "lordspages", "lordswms"):
        shutil.copytree(FIXTURES / sub, d / sub)
    old = time.time() - 3600
    for f in d.rglob("*"):
        os.utime(f, (old, old))
    return d


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


_REAL_LOAD = loader.load


def _no_full_load(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("the corpus was loaded in full")

    monkeypatch.setattr(loader, "load", refuse)


def _full_load_allowed(monkeypatch):
    monkeypatch.setattr(loader, "load", _REAL_LOAD)


def test_search_from_the_caches_equals_the_full_path(corpus_dir, capsys, monkeypatch):
    path = str(corpus_dir)
    monkeypatch.setenv(snapshot.ENV, "off")
    full = {q: _run(capsys, "search", q, path, "--json", "--limit", "10") for q in QUERIES}
    full_plain = _run(capsys, "search", "children", path, "--limit", "0")
    assert all(code == 0 and json.loads(out) for code, out, _ in full.values())
    monkeypatch.delenv(snapshot.ENV)
    first = _run(capsys, "search", QUERIES[0], path, "--json", "--limit", "10")  # full load, saves the snapshot
    assert first == full[QUERIES[0]]
    _no_full_load(monkeypatch)
    for q in QUERIES:
        assert _run(capsys, "search", q, path, "--json", "--limit", "10") == full[q], q
    assert _run(capsys, "search", "children", path, "--limit", "0") == full_plain
    # filters work on the decoded records too
    _full_load_allowed(monkeypatch)
    monkeypatch.setenv(snapshot.ENV, "off")
    filtered = _run(capsys, "search", "care", path, "--house", "Lords", "--json", "--limit", "5")
    monkeypatch.delenv(snapshot.ENV)
    _no_full_load(monkeypatch)
    assert _run(capsys, "search", "care", path, "--house", "Lords", "--json", "--limit", "5") == filtered


def test_show_and_list_from_the_snapshot_equal_a_full_load(corpus_dir, capsys, monkeypatch):
    path = str(corpus_dir)
    monkeypatch.setenv(snapshot.ENV, "off")
    listed = _run(capsys, "list", path, "--json")
    plain = _run(capsys, "list", path)
    records = json.loads(listed[1])
    rec = records[len(records) // 2]
    shown = _run(capsys, "show", rec["id"], path, "--json")
    by_prefix = _run(capsys, "show", rec["id"][:6], path)
    pid = json.loads(shown[1])["passages"][-1]["id"]
    by_passage = _run(capsys, "show", pid, path, "--json")
    missing = _run(capsys, "show", "nosuchid", path)
    assert missing[0] == 1
    monkeypatch.delenv(snapshot.ENV)
    assert _run(capsys, "list", path, "--json") == listed  # saves the snapshot
    _no_full_load(monkeypatch)
    assert _run(capsys, "list", path, "--json") == listed
    assert _run(capsys, "list", path) == plain
    assert _run(capsys, "show", rec["id"], path, "--json") == shown
    assert _run(capsys, "show", rec["id"][:6], path) == by_prefix
    assert _run(capsys, "show", pid, path, "--json") == by_passage
    assert _run(capsys, "show", "nosuchid", path) == missing


def test_a_changed_added_or_removed_file_means_a_full_load(corpus_dir, capsys, monkeypatch):
    path = str(corpus_dir)
    assert _run(capsys, "search", "kinship", path, "--json")[0] == 0
    loads = []
    real = loader.load

    def counting(*a, **k):
        loads.append(1)
        return real(*a, **k)

    monkeypatch.setattr(loader, "load", counting)
    before = json.loads(_run(capsys, "search", "zebracorn", path, "--json")[1])
    assert before == [] and loads == []
    # a new file: found by the walk, so the snapshot is stale
    new = corpus_dir / "samples" / "900_new.txt"
    new.write_text("Written statement\n\nA zebracorn allowance for kinship carers is announced today.\n", "utf-8")
    old = time.time() - 60
    os.utime(new, (old, old))
    after = json.loads(_run(capsys, "search", "zebracorn", path, "--json")[1])
    assert loads == [1] and after and "zebracorn" in after[0]["text"]
    # the next call is served from the new snapshot
    assert json.loads(_run(capsys, "search", "zebracorn", path, "--json")[1]) == after and loads == [1]
    # same size, new mtime: stale too
    text = new.read_text("utf-8").replace("zebracorn", "zebracorm")
    new.write_text(text, "utf-8")
    os.utime(new, (old + 5, old + 5))
    assert json.loads(_run(capsys, "search", "zebracorm", path, "--json")[1])[0]["text"].count("zebracorm") == 1
    assert loads == [1, 1]
    new.unlink()
    assert json.loads(_run(capsys, "search", "zebracorm", path, "--json")[1]) == []
    assert len(loads) == 3


def test_a_file_changed_just_now_is_never_served_from_a_snapshot(corpus_dir, capsys, monkeypatch):
    path = str(corpus_dir)
    f = next((corpus_dir / "samples").glob("*.txt"))
    os.utime(f)  # now: inside the racy window
    _run(capsys, "list", path)
    assert snapshot.open_fresh([path]) is None


@pytest.mark.parametrize("damage", ["garbage", "flip-record"])
def test_a_damaged_snapshot_is_ignored(corpus_dir, capsys, monkeypatch, damage):
    path = str(corpus_dir)
    want = _run(capsys, "search", "children", path, "--json", "--limit", "3")
    snap = next(snapshot._dir().glob("*.snap"))
    data = bytearray(snap.read_bytes())
    if damage == "garbage":
        snap.write_bytes(b"\x00garbage" * 50)
        assert snapshot.open_fresh([path]) is None
    else:  # a byte of the last record's blob: caught by that record's crc when it is read
        data[-3] ^= 0xFF
        snap.write_bytes(bytes(data))
        snap_corpus = snapshot.open_fresh([path])
        assert snap_corpus is not None
        with pytest.raises(snapshot.StaleSnapshot):
            snap_corpus.records[len(snap_corpus) - 1]
    assert _run(capsys, "search", "children", path, "--json", "--limit", "3") == want
    assert _run(capsys, "list", path, "--json")[0] == 0


def test_cache_clear_removes_the_snapshots_too(corpus_dir, capsys):
    path = str(corpus_dir)
    _run(capsys, "list", path)
    assert snapshot.open_fresh([path]) is not None
    assert _run(capsys, "cache", "--clear")[0] == 0
    assert snapshot.open_fresh([path]) is None
    assert _run(capsys, "list", path)[0] == 0  # a full load, and a new snapshot
    assert snapshot.open_fresh([path]) is not None
