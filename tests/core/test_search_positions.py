"""Search: the saved word positions give the same ranking as reading the texts.

Proximity and order of the best 200 full matches come from the positions,
and so does the choice of texts to check in the adjacency pass.
Queries whose words appear in hundreds of entries send thousands of full
matches to the adjacency pass (words adjacent and in order); the index's
word positions pick the entries to read there.  The ranking must equal the
one from the regex pass over every text, with and without a limit, built or
reopened from the saved file; a saved file whose positions point outside
the vocabulary is refused and rebuilt.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from corpus.corpus import Corpus
from corpus.model import make_record
from corpus.search import SearchIndex, normalise_word
from corpus.search.rank import _RankMixin

COMMON = ["the", "ask", "secretary", "state", "council", "budget", "what", "café", "cafes", "theatre"]
QUERIES = ["secrettry ask the", "ask the secretary", "the council budget", "state secretary what",
           "council budget the", "café the", "cafe theatre", "the state", "what cafés"]


def _corpus(n=1400, seed=11):
    rnd = random.Random(seed)
    records = []
    for i in range(n):
        words = [rnd.choice(COMMON) for _ in range(rnd.randint(4, 12))]
        if i % 7 == 0:
            words[rnd.randrange(len(words)):rnd.randrange(len(words))] = ["ask", "the", "secretary"]
        if i % 11 == 0:
            words.insert(rnd.randrange(len(words) + 1), "Théâtre")
        text = ", ".join(" ".join(words[j:j + 3]) for j in range(0, len(words), 3)) + "."
        records.append(make_record([("body", text)], natural_key=f"pos{i}",
                                   title="Council budget" if i % 40 == 0 else None))
    return Corpus(records=records)


def _ranking(ix, q, limit):
    return [(h.passage_id, h.record_id, h.score) for h in ix.search(q, limit=limit)]


@pytest.fixture(scope="module")
def corpus():
    return _corpus()


def test_positions_give_the_ranking_of_the_text_scan(corpus, monkeypatch):
    ix = SearchIndex.build(corpus)
    with_positions = {(q, n): _ranking(ix, q, n) for q in QUERIES for n in (1, 10, 100, None)}
    assert len(with_positions[("secrettry ask the", None)]) > 1000  # the wide pass runs
    # the reference: every text read and scanned, as before positions were saved
    monkeypatch.setattr(_RankMixin, "_adjacent_by_position", lambda self, pq, seg_ix, entry: None)
    monkeypatch.setattr(_RankMixin, "_occurrences_by_position", lambda self, pq, seg_ix, entry: None)
    for (q, n), got in with_positions.items():
        assert got == _ranking(ix, q, n), (q, n)


def test_positions_find_the_adjacent_entries_the_regex_finds(corpus):
    ix = SearchIndex.build(corpus)
    from corpus.search.highlight import _adjacent_regex
    from corpus.search.query import _TOKEN, parse_query

    for q in QUERIES:
        pq = parse_query(q)
        rx = _adjacent_regex(pq, ix._word_weights(pq))
        s = ix.segments[0]
        entry = np.arange(s.n)
        maybe = ix._adjacent_by_position(pq, np.zeros(s.n, np.int32), entry)
        for e in range(s.n):
            low = ix._entry_text(0, e).lower()
            found = any(m.start() == 0 or not _TOKEN.match(low, m.start() - 1) for m in rx.finditer(low))
            if found:
                assert maybe[e], (q, low)
        assert maybe.any(), q


def test_reopened_index_keeps_positions_and_refuses_bad_ones(corpus, tmp_path):
    built = SearchIndex.build(corpus)
    saved = SearchIndex.load_or_build(corpus, cache_dir=tmp_path)
    again = SearchIndex.load_or_build(corpus, cache_dir=tmp_path)
    assert again.load_info == "reused"
    assert np.array_equal(again.segments[0].fwd, built.segments[0].fwd)
    assert not again.segments[0].fwd.flags.owndata  # a view of the map
    for q in QUERIES[:4]:
        assert _ranking(again, q, 10) == _ranking(built, q, 10) == _ranking(saved, q, 10)
    # a word position past the vocabulary, with checksums that match: refused
    seg = built.segments[0]
    fwd = np.array(seg.fwd)
    fwd[-1] = len(seg.vocab) + 5
    seg.fwd = fwd
    built.save(again.cache_path)
    ix = SearchIndex.load_or_build(corpus, cache_dir=tmp_path)
    assert ix.load_info.startswith("rebuilt: saved index unusable") and "positions" in ix.load_info
    assert _ranking(ix, "ask the secretary", 10) == _ranking(again, "ask the secretary", 10)


def test_an_index_saved_by_the_previous_format_is_rebuilt(corpus, tmp_path):
    import struct

    from corpus.search.persist import FORMAT_VERSION, MAGIC

    ix = SearchIndex.load_or_build(corpus, cache_dir=tmp_path)
    raw = bytearray(ix.cache_path.read_bytes())
    raw[len(MAGIC):len(MAGIC) + 4] = struct.pack("<I", FORMAT_VERSION - 1)
    ix.cache_path.write_bytes(bytes(raw))
    again = SearchIndex.load_or_build(corpus, cache_dir=tmp_path)
    assert again.load_info.startswith("rebuilt") and f"expected {FORMAT_VERSION}" in again.load_info


def test_words_across_the_end_of_one_passage_and_the_start_of_the_next_are_not_adjacent():
    # "... the Deepings constituency." then "What ...": the old pass over joined
    # texts scored the first as holding "deepings constituency what" in order
    filler = [make_record([("body", f"What about constituency deepings number {i}?")], natural_key=f"f{i}")
              for i in range(400)]
    ends = [make_record([("body", "What schools are in the Deepings constituency.")], natural_key=f"e{i}")
            for i in range(300)]
    starts = [make_record([("body", f"What deepings constituency item {i} about?")], natural_key=f"s{i}")
              for i in range(300)]
    records = filler + [r for pair in zip(ends, starts) for r in pair]
    ix = SearchIndex.build(Corpus(records=records))
    for limit in (10, None):
        hits = ix.search("deepings constituency what", limit=limit)
        perfect = [h for h in hits if h.score >= 99.99]
        assert not perfect
    assert len(ix.search("deepings constituency what", limit=None)) == 1000
    in_order = ix.search("the deepings constituency", limit=None)
    assert {h.record_id for h in in_order if h.score >= 99.99} == {r.id for r in ends}


def test_every_hit_of_a_common_word_in_the_order_of_the_four_key_sort():
    # a long list of hits (over 4,096) is sorted by one int64 key: the same
    # order as sorting by (score desc, shorter, record, passage)
    corpus = _corpus(n=6000, seed=5)
    ix = SearchIndex.build(corpus)
    recs = corpus.records
    where = {}
    for ri, r in enumerate(recs):
        where[r.id] = (ri, -1)
        for pi, p in enumerate(r.passages):
            where[p.id] = (ri, pi)
    for q in ("the", "ask", "caf", "secretary state", '"ask the" secretary'):
        hits = ix.search(q, limit=None)
        assert len(hits) > (4096 if q == "the" else 200), q
        ntok = {}
        for h in hits:
            ntok[h.passage_id or h.record_id] = len({normalise_word(w) for w in re.findall(r"[^\W_]+", h.text)})
        keys = [(-h.score, ntok[h.passage_id or h.record_id], where[h.passage_id or h.record_id]) for h in hits]
        assert keys == sorted(keys), q
