"""The index build's words written to a temporary file as they are made (memory at scale, issue 15).

A build through ``load_or_build`` keeps the entries' words (``fwd``) in an
unlinked file beside the index instead of in memory.  The saved index must be
byte for byte the one an in-memory build saves, give the same ranking, and a
build stopped half way must leave nothing behind in the cache directory.
"""

from __future__ import annotations

import os
import threading

import pytest

from corpus.search import SearchCancelled, SearchIndex, segment
from tests.search_golden import cases, corpus, summary


@pytest.fixture(scope="module")
def golden():
    return corpus()


def _files(d):
    return sorted(p.name for p in d.iterdir())


def _same_ranking(a, b, every=7):
    for _name, q, lim, f in cases()[::every]:
        assert summary(a.search(q, limit=lim, filters=f)) == summary(b.search(q, limit=lim, filters=f)), q


def test_spilled_build_saves_the_same_bytes_and_ranking(golden, tmp_path, monkeypatch):
    monkeypatch.setattr(segment, "_SPILL_WORDS", 1000)  # many writes to the spill file, and a last partial one
    monkeypatch.setattr(segment, "_POSTINGS_AT_ONCE", 5000)  # the postings placed in _DOC_RANGES ranges of terms
    memory = SearchIndex.build(golden)
    assert memory.segments[0].fwd_spill is None
    memory.save(tmp_path / "memory.idx")
    built = SearchIndex.load_or_build(golden, cache_dir=tmp_path / "cache")
    assert built.load_info == "built"
    assert built.cache_path.read_bytes() == (tmp_path / "memory.idx").read_bytes()
    assert built.segments[0].fwd_spill is None and built.segments[0].docs_spill is None  # reopened from the saved file
    assert _files(tmp_path / "cache") == [built.cache_path.name]
    _same_ranking(built, memory)


def test_spilled_segment_searches_before_it_is_saved(golden, tmp_path, monkeypatch):
    """The words read back from the temporary file (the index as built, when it cannot be saved)."""
    monkeypatch.setattr(segment, "_SPILL_WORDS", 777)
    monkeypatch.setattr(segment, "_POSTINGS_AT_ONCE", 3000)
    monkeypatch.setattr(segment, "_DOC_RANGES", 7)
    memory = SearchIndex.build(golden)
    from corpus.search.segment import _build_segment, _entry_arrays, _entry_texts

    rec_a, pas_a = _entry_arrays(golden)
    seg = _build_segment(_entry_texts(golden), len(rec_a), None, None, tmp_path)
    assert seg.fwd_spill is not None and seg.fwd_spill.nbytes == memory.segments[0].fwd.nbytes
    assert seg.docs_spill is not None and seg.docs_spill.nbytes == memory.segments[0].docs.nbytes
    assert (seg.fwd == memory.segments[0].fwd).all() and (seg.docs == memory.segments[0].docs).all()
    assert (seg.ptr == memory.segments[0].ptr).all() and (seg.ntok == memory.segments[0].ntok).all()
    assert _files(tmp_path) == []  # no name: nothing to clean up, whatever happens to the process
    seg.doc_rec, seg.doc_pas = rec_a, pas_a
    _same_ranking(SearchIndex(golden, [seg], memory.key), memory)


def test_build_stopped_half_way_leaves_nothing_and_the_next_start_builds(golden, tmp_path, monkeypatch):
    monkeypatch.setattr(segment, "_SPILL_WORDS", 1000)
    monkeypatch.setattr(segment, "_PROGRESS_EVERY", 1000)
    stop = threading.Event()
    seen, seen_total = [], [0]

    def progress(done, total, message=""):
        seen.append(done)
        seen_total[:] = [total]
        if done >= total // 2:
            stop.set()  # as quitting the app does

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "other").write_text("kept")
    with pytest.raises(SearchCancelled):
        SearchIndex.load_or_build(golden, cache_dir=cache, progress=progress, cancel=stop)
    assert 0 < max(seen) < seen_total[0] and _files(cache) == ["other"]
    again = SearchIndex.load_or_build(golden, cache_dir=cache)
    assert again.load_info == "built"
    assert SearchIndex.load_or_build(golden, cache_dir=cache).load_info == "reused"


def test_no_room_for_the_spill_file_builds_in_memory(golden, tmp_path):
    """A cache directory that cannot be written: the build still answers (not saved)."""
    ro = tmp_path / "ro"
    ro.mkdir()
    os.chmod(ro, 0o500)
    try:
        if os.access(ro, os.W_OK):  # root ignores the mode
            pytest.skip("the directory stays writable for this user")
        built = SearchIndex.load_or_build(golden, cache_dir=ro)
        assert built.segments[0].fwd_spill is None and built.segments[0].docs_spill is None
        assert "not saved" in built.load_info
        _same_ranking(built, SearchIndex.build(golden), every=29)
    finally:
        os.chmod(ro, 0o700)
