"""Issue 15 (memory): the compact forms give exactly what the plain ones gave.

* version pairs held as columns (corpus.pairs) read back as the same
  VersionPair objects, and grouping them gives the groups of the old
  dict-based union-find, pair order included;
* the search index's postings, worked out a chunk of entries at a time, equal
  one stable sort of every (term, entry) pair; the entry arrays and corpus key
  made without a list of keys equal the ones made with it;
* equal field_notes are shared on load without one record's change reaching
  another; the library's haystacks are not needed to show an unfiltered list.
"""

from __future__ import annotations

import random

import numpy as np

from corpus import pairs as P
from corpus.corpus import Corpus
from corpus.model import make_record
from corpus.pair_model import CORRECTION, PART, VERSION, VersionPair
from corpus.search import segment as S
from corpus.versions import VersionGroup, group_pairs


def _old_group_pairs(order, pairs):
    """corpus.versions.group_pairs as it was before the columns (the reference)."""
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[ra] = rb
    pos = {rid: i for i, rid in enumerate(order)}
    comps = {}
    for p in pairs:
        comps.setdefault(find(p.a), VersionGroup([], [])).pairs.append(p)
    for g in comps.values():
        g.ids = sorted({x for p in g.pairs for x in (p.a, p.b)}, key=lambda x: pos.get(x, len(pos)))
        g.pairs.sort(key=lambda p: (-p.similarity, pos.get(p.a, 0), pos.get(p.b, 0)))
    return sorted(comps.values(), key=lambda g: (-len(g.ids), pos.get(g.ids[0], 0)))


def _random_pairs(rng, n, m, figures=(0.5, 0.75, 1.0, 0.8125, 0.6)):
    ids = [f"r{i:04d}" for i in range(n)]
    out = []
    for _ in range(m):
        a, b = rng.sample(range(n), 2)
        out.append(VersionPair(ids[min(a, b)], ids[max(a, b)], rng.choice(figures), rng.choice(figures),
                               rng.choice(figures), rng.choice((VERSION, PART))))
    return ids, out


def test_columns_read_back_as_the_same_pairs_in_every_way_a_list_is_read():
    rng = random.Random(5)
    ids, pairs = _random_pairs(rng, 50, 300)
    t = P.Pairs.from_pairs(pairs, ids)
    assert len(t) == 300 and t == pairs and list(t) == pairs
    assert t[0] == pairs[0] and t[-1] == pairs[-1] and t[10:20] == pairs[10:20] and t[::7] == pairs[::7]
    assert [p.a for p in t] == [p.a for p in pairs]
    ids_seen = {id(x) for x in ids}
    assert all(id(p.a) in ids_seen and id(p.b) in ids_seen for p in t)  # the records' own id strings
    rid = pairs[3].a
    assert list(t.involving(rid)) == [p for p in pairs if rid in (p.a, p.b)]
    assert list(t.of_kind(PART)) == [p for p in pairs if p.kind == PART]
    assert t.max_similarity() == max(p.similarity for p in pairs)
    view = t.view(np.array([5, 2, 9]))
    assert list(view) == [pairs[5], pairs[2], pairs[9]] and list(view.involving(pairs[2].b))[0] == pairs[2]
    empty = P.Pairs.empty(ids)
    assert len(empty) == 0 and list(empty) == [] and empty.max_similarity() == 0.0


def test_grouping_the_columns_gives_the_old_groups_pair_for_pair():
    for seed in range(6):
        rng = random.Random(seed)
        ids, pairs = _random_pairs(rng, rng.choice((30, 80, 200)), rng.choice((10, 60, 400)))
        # a long chain: components need many rounds of hooking
        pairs += [VersionPair(ids[i], ids[i + 1], 1.0, 1.0, 1.0, VERSION) for i in range(0, 25)]
        old = _old_group_pairs(ids, pairs)
        new = group_pairs(ids, pairs)
        assert [g.ids for g in new] == [g.ids for g in old]
        assert [list(g.pairs) for g in new] == [g.pairs for g in old]
        assert [g.similarity for g in new] == [g.similarity for g in old]
        assert [g.partial for g in new] == [g.partial for g in old]
        rid = old[0].ids[1]
        assert new[0].pairs_of(rid) == [p for p in old[0].pairs if rid in (p.a, p.b)]


def test_components_in_small_chunks_of_edges_equal_a_union_find(monkeypatch):
    monkeypatch.setattr(P, "_EDGE_CHUNK", 3)
    rng = random.Random(2)
    n = 120
    edges = [(rng.randrange(n), rng.randrange(n)) for _ in range(90)] + [(i, i + 1) for i in range(60, 100)]
    a = np.array([e[0] for e in edges], np.uint32)
    b = np.array([e[1] for e in edges], np.uint32)
    lab = P.components(a, b, n)
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for x, y in edges:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    smallest = {}
    for i in range(n):
        smallest.setdefault(find(i), i)
    assert lab.tolist() == [smallest[find(i)] for i in range(n)]


def test_a_correction_pair_joins_its_group_through_the_columns():
    ids, pairs = _random_pairs(random.Random(9), 20, 15)
    extra = VersionPair("virtual-1", ids[0], 0.9, 0.95, 0.9, CORRECTION)
    new = group_pairs(ids, pairs + [extra])
    old = _old_group_pairs(ids, pairs + [extra])
    assert [g.ids for g in new] == [g.ids for g in old]
    assert [list(g.pairs) for g in new] == [g.pairs for g in old]


def _old_postings(fwd, fwd_ptr, V):
    """The one-shot build the chunked one replaced: every (term, entry) pair, one stable sort."""
    n = len(fwd_ptr) - 1
    tids, counts = [], []
    for e in range(n):
        ws = sorted(set(fwd[fwd_ptr[e] : fwd_ptr[e + 1]].tolist()))
        tids += ws
        counts.append(len(ws))
    tid = np.asarray(tids, np.int64)
    doc = np.repeat(np.arange(n), counts)
    docs = doc[np.argsort(tid, kind="stable")].astype(np.uint32)
    ptr = np.zeros(V + 1, np.int64)
    np.cumsum(np.bincount(tid, minlength=V), out=ptr[1:])
    return np.asarray(counts, np.uint32), ptr, docs


def test_postings_a_chunk_of_entries_at_a_time_equal_one_sort_of_everything(monkeypatch):
    rng = random.Random(4)
    V = 40
    lens = [rng.choice((0, 0, 1, 3, 8, 20)) for _ in range(150)]
    fwd = np.asarray([rng.randrange(V) for _ in range(sum(lens))], np.uint32)
    fwd_ptr = np.zeros(len(lens) + 1, np.int64)
    np.cumsum(lens, out=fwd_ptr[1:])
    want = _old_postings(fwd, fwd_ptr, V)
    for chunk in (1, 5, 64, 1 << 18):
        monkeypatch.setattr(S, "_TOKENS_AT_ONCE", chunk)
        got = S._postings(fwd, fwd_ptr, V)
        assert all(np.array_equal(g, w) and g.dtype == w.dtype for g, w in zip(got, want)), chunk


def _corpus():
    recs = [
        make_record([("question", "Kinship care allowances?"), ("answer", "We keep them under review.")], natural_key="a", title="Kinship care"),
        make_record([("body", "A statement with no title.")], natural_key="b"),
        make_record([], natural_key="c", title="Only a title"),
        make_record([("body", "Fostering"), ("body", "Fostering"), ("body", "Adoption")], natural_key="d", title="Care ✓ £"),
    ]
    return Corpus(recs)


def test_entry_arrays_and_key_without_a_list_of_keys_equal_the_listed_ones():
    c = _corpus()
    keys, rec_a, pas_a = S._entries(c)
    r2, p2 = S._entry_arrays(c)
    assert np.array_equal(rec_a, r2) and np.array_equal(pas_a, p2) and r2.dtype == rec_a.dtype
    assert S._corpus_key_of(c) == S._corpus_key(keys)
    assert [k for k, _ in S._entry_texts(c)] == keys
    assert S._entry_arrays(Corpus([]))[0].tolist() == [] and S._corpus_key_of(Corpus([])) == S._corpus_key([])


def test_equal_field_notes_are_shared_and_the_members_table_gives_its_records_their_own(tmp_path):
    from corpus.formats.parliament_json import name_members
    from corpus.loader import _share_notes

    recs = [make_record([("body", f"text {i}")], natural_key=f"k{i}", field_notes={"asked_by": "not named (member id 7)"},
                        extra={"question_id": i, "asking_member_id": 7 if i < 2 else 8}) for i in range(3)]
    _share_notes(recs)
    assert recs[0].field_notes is recs[1].field_notes is recs[2].field_notes
    assert name_members(recs[:1] + recs[2:], {"7": {"name": "Ann Member", "party": "Independent"}}) == 1
    assert recs[0].asked_by == "Ann Member" and "members table" in recs[0].field_notes["asked_by"]
    assert recs[1].field_notes == {"asked_by": "not named (member id 7)"}  # untouched: it shared the dict
    assert recs[2].field_notes == {"asked_by": "not named (member id 7)"}


def test_the_library_filter_reads_the_haystacks_only_when_there_are_words():
    from corpus.filters import filter_records, haystack

    c = _corpus()
    recs = list(c)
    assert filter_records(recs, [], "") == [0, 1, 2, 3]  # no words: no haystack needed
    assert filter_records(recs, [haystack(r) for r in recs], "kinship") == [0]


def test_reconcile_reads_the_columns_as_it_read_the_pairs():
    from corpus.versions import reconcile

    recs = [make_record([("body", f"same text {i}")], natural_key=f"r{i}", department="Education" if i == 2 else None,
                        date_asked="2024-01-0%d" % (i + 1) if i else None) for i in range(4)]
    ids = [r.id for r in recs]
    pairs = [VersionPair(ids[0], ids[1], 0.9, 0.9, 0.9, VERSION), VersionPair(ids[0], ids[2], 0.95, 0.95, 0.95, VERSION),
             VersionPair(ids[1], ids[3], 0.7, 0.8, 0.7, PART)]
    table = P.Pairs.from_pairs(pairs, ids)
    assert reconcile(recs, table) == reconcile(recs, pairs)
    assert reconcile(recs, table.view(np.array([2, 0]))) == reconcile(recs, [pairs[2], pairs[0]])
    assert reconcile(recs, table)[ids[0]]["department"].from_record == ids[2]
