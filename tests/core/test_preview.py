"""corpus/preview.py: a big corpus's saved first screen, trusted only while every file is unchanged."""

from __future__ import annotations

import os
import shutil
import time

import pytest

import corpus.preview as preview
from corpus.dirs import sample_dir
from corpus.filters import sort_indexes
from corpus.loader import load
from tui.widgets.library import shared_titles


@pytest.fixture
def corpus_dir(tmp_path, monkeypatch):
    """The five sample files (seven records), old enough to be cached."""
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(preview, "MIN_RECORDS", 1)
    d = tmp_path / "corpus"
    d.mkdir()
    old = time.time() - 60  # not "racy": changed more than 2 s ago
    for src in sorted(sample_dir().glob("*.txt")):
        dst = d / src.name
        shutil.copy(src, dst)
        os.utime(dst, (old, old))
    return d


def _rows_of_library(records):
    order = sort_indexes(records, list(range(len(records))), "date")
    return [(r.id, r.kind or "", r.sort_date, r.title or "", r.people, r.uin or "") for r in (records[i] for i in order)]


def test_preview_holds_the_library_rows_in_its_default_order(corpus_dir):
    records = load([corpus_dir]).records
    assert len(records) == 7
    assert preview.save([str(corpus_dir)], records) is not None
    pv = preview.open_fresh([str(corpus_dir)])
    assert pv is not None and len(pv) == 7
    got = [(r.id, r.kind, r.sort_date, r.title, r.people, r.uin) for r in (pv.row(i) for i in range(len(pv)))]
    assert got == _rows_of_library(records)
    assert pv.shared_titles == shared_titles(records)


def test_a_changed_added_or_removed_file_makes_the_preview_stale(corpus_dir):
    records = load([corpus_dir]).records
    preview.save([str(corpus_dir)], records)
    first = sorted(corpus_dir.glob("*.txt"))[0]
    old = time.time() - 30
    os.utime(first, (old, old))  # same content, another mtime: not trusted
    assert preview.open_fresh([str(corpus_dir)]) is None
    preview.save([str(corpus_dir)], records)
    assert preview.open_fresh([str(corpus_dir)]) is not None
    first.unlink()
    assert preview.open_fresh([str(corpus_dir)]) is None


def test_a_damaged_preview_is_ignored_and_other_paths_have_none(corpus_dir, tmp_path):
    records = load([corpus_dir]).records
    target = preview.save([str(corpus_dir)], records)
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    assert preview.open_fresh([str(corpus_dir)]) is None
    target.write_bytes(b"PRVIEW01")  # truncated
    assert preview.open_fresh([str(corpus_dir)]) is None
    preview.save([str(corpus_dir)], records)
    other = tmp_path / "other"
    other.mkdir()
    assert preview.open_fresh([str(other)]) is None


def test_small_corpora_and_switched_off_previews_are_not_saved(corpus_dir, monkeypatch):
    records = load([corpus_dir]).records
    monkeypatch.setattr(preview, "MIN_RECORDS", 8)
    assert preview.save([str(corpus_dir)], records) is None
    monkeypatch.setattr(preview, "MIN_RECORDS", 1)
    monkeypatch.setenv("PARLREAD_PREVIEW", "off")
    assert preview.save([str(corpus_dir)], records) is None
    assert preview.open_fresh([str(corpus_dir)]) is None


def test_a_title_holding_the_column_separator_gets_no_preview(corpus_dir):
    records = load([corpus_dir]).records
    records[0].title = "A\x1fB"
    assert preview.save([str(corpus_dir)], records) is None


def test_the_preview_is_named_from_the_same_text_json_would_write(tmp_path, monkeypatch):
    """The name's JSON is written without the json module (start-up): same text, so the same file."""
    import hashlib
    import json

    from corpus.preview import _file, _json_list

    odd = ["", "é ü", 'quote " back \\ slash', "\ud800 lone surrogate", "tab\tnew\nline", "\x00\x1f\x7f", "日本"]
    for items in ([], [odd], ["/a", odd, []], [["x"], "y"]):
        assert _json_list(items) == json.dumps(items)
    monkeypatch.chdir(tmp_path)
    paths = [str(tmp_path / "a b"), "rel/é"]
    ident = json.dumps([str(tmp_path), paths, [str(tmp_path / "a b"), str(tmp_path / "rel" / "é")]])
    assert _file(paths).name == hashlib.sha1(ident.encode("utf-8", "surrogatepass")).hexdigest()[:20] + ".preview"
