"""The compact representations behind issue 15 give the same answers as the plain ones.

* version detection: the vectorised verification of candidate pairs equals
  the Python-set computation it replaced, pair for pair and figure for figure;
* the search index reopened from its memory-mapped file answers exactly as the
  index built in memory, and a saved index whose postings point past its
  entries is refused (rebuilt), even with matching checksums.
"""

from __future__ import annotations

import random

import numpy as np

from corpus.corpus import Corpus
from corpus.model import make_record
from corpus.search import SearchIndex
from corpus import shingles as V  # the detection engine behind corpus.versions

WORDS = (
    "the council kinship care children social worker placement fostering allowance review "
    "local authority budget court order family support guidance statutory duty minister"
).split()


def _records(seed: int = 7):
    """Originals, near copies (a few words changed), parts, short and repeated-word texts."""
    rnd = random.Random(seed)
    recs = []
    bases = [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(30, 90))) for _ in range(40)]
    for i, text in enumerate(bases):
        recs.append(make_record([("body", text)], natural_key=f"b{i}"))
        words = text.split()
        for j in range(rnd.randint(0, 3)):  # versions: a few words changed
            w = list(words)
            for _ in range(rnd.randint(1, 6)):
                w[rnd.randrange(len(w))] = rnd.choice(WORDS)
            recs.append(make_record([("body", " ".join(w))], natural_key=f"b{i}v{j}"))
        if rnd.random() < 0.3:  # a part: the first half inside a longer text
            recs.append(make_record([("body", " ".join(words[: len(words) // 2]))], natural_key=f"b{i}p"))
    recs.append(make_record([("body", "care care care care care care care care care care care care")], natural_key="rep"))
    recs.append(make_record([("body", "Question put and agreed to.")], natural_key="short"))
    return recs


def _reference_pairs(records, codes, threshold=0.5, containment=0.8):
    """What the per-pair Python-set verification gave, on the same shingle identities."""
    sh = V._shingle_sets(records)
    n = len(records)
    sets = [set(sh.keys[sh.kstart[i] : sh.kstart[i + 1]].tolist()) for i in range(n)]
    mask = (1 << sh.shift) - 1
    sets = [{k & mask for k in s} for s in sets]
    out = []
    for c in codes.tolist():
        i, j = c // n, c % n
        sa, sb = sets[i], sets[j]
        if len(sa) < V.MIN_SHINGLES or len(sb) < V.MIN_SHINGLES:
            continue
        inter = len(sa & sb)
        if not inter:
            continue
        jac = inter / (len(sa) + len(sb) - inter)
        ca, cb = inter / len(sa), inter / len(sb)
        if jac >= threshold:
            kind = V.VERSION
        elif max(ca, cb) >= containment and inter >= min(V.MIN_OVERLAP, len(sa), len(sb)):
            kind = V.PART
        else:
            continue
        out.append((records[i].id, records[j].id, jac, ca, cb, kind))
    return out


def test_vectorised_verification_equals_python_sets(monkeypatch):
    records = _records()
    n = len(records)
    sh = V._shingle_sets(records)
    codes, _ = V._candidates(sh, n)
    assert len(codes) > 20
    expected = _reference_pairs(records, codes)
    kinds = {p[-1] for p in expected}
    assert kinds == {V.VERSION, V.PART}  # both rules exercised
    monkeypatch.setattr(V, "_VERIFY_CHUNK", 97)  # many small batches, pairs split across them
    got = V._verify_all(V._shingle_sets(records), codes, n, 0.5, 0.8)
    assert [(p.a, p.b, p.similarity, p.a_covered, p.b_covered, p.kind) for p in got] == expected


def test_candidate_counting_in_batches_is_the_same(monkeypatch):
    records = _records(seed=11)
    sh = V._shingle_sets(records)
    whole, _ = V._candidates(sh, len(records))
    monkeypatch.setattr(V, "_PAIR_BATCH", 5)  # fold after almost every shingle
    batched, _ = V._candidates(sh, len(records))
    assert np.array_equal(whole, batched)


def test_shingling_in_chunks_is_the_same(monkeypatch):
    records = _records(seed=3)
    whole = V._shingle_sets(records)
    monkeypatch.setattr(V, "_CHUNK", 4)
    chunked = V._shingle_sets(records)
    assert np.array_equal(whole.keys, chunked.keys) and np.array_equal(whole.kstart, chunked.kstart)
    assert np.array_equal(whole.sampled, chunked.sampled) and np.array_equal(whole.counts, chunked.counts)


def _corpus():
    recs = _records(seed=5)
    for i, r in enumerate(recs):
        r.title = f"Record {i} about {WORDS[i % len(WORDS)]}"
        r.source_file = f"/c/{i}.txt"
    return Corpus(records=recs)


def test_reopened_memory_mapped_index_answers_like_the_built_one(tmp_path):
    corpus = _corpus()
    built = SearchIndex.build(corpus)
    saved = SearchIndex.load_or_build(corpus, cache_dir=tmp_path)  # built, saved, reopened from the file
    assert saved.load_info == "built"
    assert not saved.segments[0].docs.flags.owndata  # a view of the map, not a copy
    again = SearchIndex.load_or_build(corpus, cache_dir=tmp_path)
    assert again.load_info == "reused"
    for q in ("kinship care", "fostring allowence", '"court order"', "minist", "council budget review duty"):
        want = [(h.passage_id, h.record_id, h.score, h.highlights) for h in built.search(q, limit=None)]
        assert want, q
        assert [(h.passage_id, h.record_id, h.score, h.highlights) for h in saved.search(q, limit=None)] == want
        assert [(h.passage_id, h.record_id, h.score, h.highlights) for h in again.search(q, limit=None)] == want
        assert [(h.passage_id, h.score) for h in again.search(q, limit=5)] == [(p, s) for p, _r, s, _h in want[:5]]


def test_postings_past_the_entries_are_refused_even_with_good_checksums(tmp_path):
    corpus = _corpus()
    ix = SearchIndex.build(corpus)
    seg = ix.segments[0]
    docs = np.array(seg.docs)
    docs[-1] = seg.n + 1000  # points past the last entry
    seg.docs = docs
    path = tmp_path / "bad.idx"
    ix.save(path)  # checksums computed over the bad data: they match
    ix2 = SearchIndex.load_or_build(corpus, cache_dir=tmp_path)
    path.rename(ix2.cache_path)
    ix3 = SearchIndex.load_or_build(corpus, cache_dir=tmp_path)
    assert ix3.load_info.startswith("rebuilt: saved index unusable") and "postings" in ix3.load_info
    assert ix3.search("kinship care")


def test_verification_block_by_block_gives_the_same_pairs_in_the_same_order(monkeypatch):
    records = _records(seed=5)
    random.Random(1).shuffle(records)  # versions far apart: pairs across blocks
    whole = V.find_pairs(records)
    assert len(whole) > 20
    n = len(records)
    pos = {r.id: i for i, r in enumerate(records)}
    blocks = {(pos[p.a] * 3 // n, pos[p.b] * 3 // n) for p in whole}
    assert any(i != j for i, j in blocks) and any(i == j for i, j in blocks)
    monkeypatch.setattr(V, "_BLOCKS_FROM", 0)
    monkeypatch.setattr(V, "_VERIFY_BLOCKS", 3)
    blocked = V.find_pairs(records)
    as_rows = lambda ps: [(p.a, p.b, p.similarity, p.a_covered, p.b_covered, p.kind) for p in ps]  # noqa: E731
    assert as_rows(blocked) == as_rows(whole)


def test_sampled_shingling_gives_the_candidates_of_the_full_keys():
    records = _records(seed=13)
    full, _ = V._candidates(V._shingle_sets(records), len(records))
    sample = V._shingle_sets(records, sample=True)
    assert sample.sampled is None and len(sample.keys) < len(V._shingle_sets(records).keys)
    got, _ = V._candidates(sample, len(records))
    again, _ = V._candidates(sample, len(records), consume=True)  # the sample is not changed by the first call
    assert len(full) > 20 and np.array_equal(got, full) and np.array_equal(again, full)
