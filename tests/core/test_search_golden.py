"""Search: the ranking on a fixture corpus equals the one pinned before the query-side speed work.

tests/fixtures/search/golden.json was written by ``python -m tests.search_golden``
from main at 5259d16 (before issue 15's query-side changes): for single words,
prefixes, typos, phrases, filters and tags, with limits 1, 10, 100 and none,
the number of hits, the first 20 (id and score) and a sha1 over every hit.
Every case must still give exactly that, from a built and from a reopened
index, and reading the lazy hits in any order (a page from the middle first,
the last hit first) must give the same list.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.search import SearchIndex
from tests.search_golden import cases, corpus, summary

GOLDEN = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "search" / "golden.json").read_text())


@pytest.fixture(scope="module")
def built():
    return SearchIndex.build(corpus())


def test_every_case_is_pinned():
    assert sorted(GOLDEN) == sorted(name for name, *_ in cases())


def test_ranking_equals_the_pinned_one(built):
    bad = [name for name, q, lim, f in cases() if summary(built.search(q, limit=lim, filters=f)) != GOLDEN[name]]
    assert not bad, bad[:10]


def test_reopened_index_gives_the_pinned_ranking(built, tmp_path):
    SearchIndex.load_or_build(built.corpus, cache_dir=tmp_path)
    again = SearchIndex.load_or_build(built.corpus, cache_dir=tmp_path)
    assert again.load_info == "reused"
    bad = [name for name, q, lim, f in cases()[::5] if summary(again.search(q, limit=lim, filters=f)) != GOLDEN[name]]
    assert not bad, bad[:10]


@pytest.mark.parametrize("q", ["the", "ask the secretary", "t", "for the"])
def test_lazy_hits_read_out_of_order_give_the_same_list(built, q):
    full = [(h.passage_id, h.record_id, h.score) for h in built.search(q, limit=None)]
    assert len(full) > 4096  # the long-list path
    lazy = built.search_lazy(q)
    assert len(lazy) == len(full)
    mid = len(full) // 2
    assert [(h.passage_id, h.record_id, h.score) for h in lazy[mid : mid + 30]] == full[mid : mid + 30]
    last = lazy[-1]
    assert (last.passage_id, last.record_id, last.score) == full[-1]
    fresh = built.search_lazy(q)
    assert [(h.passage_id, h.record_id, h.score) for h in fresh[:50]] == full[:50]
    assert [(h.passage_id, h.record_id, h.score) for h in fresh] == full


@pytest.mark.parametrize("search_cost,keep_bytes", [(0, 1), (10**9, 1), (10**9, 32 << 20)])
def test_both_intersection_methods_and_any_cache_give_the_pinned_ranking(monkeypatch, search_cost, keep_bytes):
    """Binary search only, byte-per-entry marks only (kept or not): the same hits."""
    from corpus.search import rank

    monkeypatch.setattr(rank, "_SEARCH_COST", search_cost)
    monkeypatch.setattr(rank, "_CODES_BYTES", keep_bytes)
    ix = SearchIndex.build(corpus())
    chosen = [c for c in cases() if " " in c[1].strip() and '"' not in c[1]][::3]
    assert len(chosen) > 30
    bad = [name for name, q, lim, f in chosen if summary(ix.search(q, limit=lim, filters=f)) != GOLDEN[name]]
    assert not bad, bad[:10]


def test_lazy_hits_read_from_two_threads_at_once(built):
    import threading

    full = [(h.passage_id, h.score) for h in built.search("the", limit=None)]
    lazy = built.search_lazy("the")
    got: dict[int, list] = {}

    def read(k):
        got[k] = [(h.passage_id, h.score) for h in (lazy[len(full) - 1 - j] for j in range(len(full)))][::-1] if k else \
            [(h.passage_id, h.score) for h in lazy]

    threads = [threading.Thread(target=read, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got[0] == got[1] == full
