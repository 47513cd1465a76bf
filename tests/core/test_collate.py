"""N-way collation (corpus.collate): exact rows on versions derived from real statements."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from corpus.align import Options, compare
from corpus.collate import MOVED, SAME, SOME_ONLY, VARIANT, CollateError, collate, inline, labels
from corpus.model import make_record
from corpus.sentences import split_sentences
from collate_fixtures import ENFORCE, PRISON, five_witnesses, rec, replace, three_witnesses
from versions_fixtures import statement_002, statement_003

def sents(ps: list[str]) -> list[str]:
    return [s for p in ps for s in split_sentences(p)]


def shape(col, names=None):
    """(status, presence letters, reading of the first present witness) per row."""
    names = names or labels(len(col.witnesses))
    out = []
    for r in col.rows:
        pres = "".join(n for n, t in zip(names, r.readings) if t is not None)
        out.append((r.status, pres, r.readings[r.present()[0]]))
    return out


def by_id(col):
    """Rows as comparable values keyed by witness id, whatever the column order."""
    ids = col.ids
    out = []
    for r in col.rows:
        out.append((
            r.status,
            tuple(sorted((ids[w], t) for w, t in enumerate(r.readings))),
            tuple(sorted(tuple(sorted((t, tuple(sorted(ids[w] for w in ws))) for t, ws in s.groups))
                         for s in r.variants)),
            tuple(sorted((ids[w], x) for w, x in r.moved.items())),
        ))
    return out


def test_fixture_sentences():
    assert [len(split_sentences(p)) for p in PRISON] == [2, 6, 2, 2, 2, 4, 2]


def test_three_witnesses_dropped_paragraph_shared_by_two_and_wording_changes():
    a, b, c = three_witnesses()
    col = collate([a, b, c])
    s = sents(PRISON)
    exp = [(SAME, "ABC", x) for x in s[:6]]
    exp.append((VARIANT, "ABC", s[6]))  # "paramount importance": B and C agree
    exp += [(SAME, "ABC", x) for x in s[7:10]]
    exp += [(SOME_ONLY, "A", x) for x in s[10:12]]  # paragraph 4, dropped by B and C
    exp += [(SAME, "ABC", x) for x in s[12:15]]
    exp.append((VARIANT, "ABC", s[15]))  # "well paid employment": C only
    exp += [(SAME, "ABC", x) for x in s[16:]]
    assert shape(col) == exp
    paramount = col.rows[6]
    assert [(t, ws) for t, ws in paramount.variants[0].groups] == [("the utmost", [1, 2]), ("paramount", [0])]
    assert len(paramount.variants) == 1
    jobs = col.rows[15]
    assert [(t, ws) for t, ws in jobs.variants[0].groups] == [("well paid employment", [0, 1]), ("well-paid jobs", [2])]
    assert inline(jobs, 2, labels(3)).startswith("A prison is a source of secure, [C: well-paid jobs | A B: well paid employment]")
    assert col.summary()["counts"] == {"same": 16, "variant": 2, "some-only": 2, "moved": 0}
    # what each keeps of A: B and C lack paragraph 4 and a few words
    kept = col.kept(0)
    assert kept[0] == 1.0 and 0.8 < kept[2] < kept[1] < 0.9
    assert col.differences(2, 0) == [6, 10, 11, 15]
    assert col.differences(1, 0) == [6, 10, 11]


@pytest.mark.parametrize("perm", list(itertools.permutations(range(3))))
def test_three_witnesses_order_independent(perm):
    ws = three_witnesses()
    ref = by_id(collate(ws))
    assert by_id(collate([ws[i] for i in perm])) == ref


def test_five_witnesses_drop_add_move_rewrap():
    col = collate(five_witnesses())
    s = sents(PRISON)
    moved_s = s[12:14]  # paragraph 5
    exp = [(MOVED, "E", x) for x in moved_s]
    exp += [(SAME, "ABCDE", x) for x in s[:2]]
    exp += [(VARIANT, "ABCDE", s[2])]  # "fresh search" → "new search" in C
    exp += [(SAME, "ABCDE", x) for x in s[3:12]]
    exp += [(MOVED, "ABCD", x) for x in moved_s]
    exp += [(SOME_ONLY, "ADE", x) for x in s[14:18]]  # paragraph 6 dropped by B and C
    exp += [(SAME, "ABCDE", x) for x in s[18:]]  # paragraph 7: E's split sentence is one row
    exp += [(SOME_ONLY, "D", "Details of the site search will be placed in the Library.")]
    assert shape(col) == exp, "\n".join(map(str, shape(col)))
    n = len(col.rows)
    assert col.rows[0].moved == {0: 14, 1: 14, 2: 14, 3: 14}
    assert col.rows[1].moved == {0: 15, 1: 15, 2: 15, 3: 15}
    assert col.rows[14].moved == {4: 0}
    assert col.rows[15].moved == {4: 1}
    site = col.rows[4].variants
    assert [(t, ws) for t, ws in site[0].groups] == [("fresh", [0, 1, 3, 4]), ("new", [2])]
    assert n == 23
    # E's re-wrapped paragraph 3 starts inside its passage 2; its split sentence spans passages 5 and 6
    row_p3 = next(r for r in col.rows if r.readings[0] == s[8])
    assert row_p3.passages == [2, 2, 2, 2, 2]
    split = col.rows[-3]
    assert split.passages[4] == 5 and split.readings[4] == s[18] and split.spans[4][1] - split.spans[4][0] > len(s[18])
    assert col.kept(0)[4] == 1.0  # E keeps all of A: moved text counts as kept


def test_five_witnesses_order_independent():
    ws = five_witnesses()
    ref = by_id(collate(ws))
    for perm in [(4, 3, 2, 1, 0), (2, 0, 4, 1, 3), (1, 4, 0, 3, 2), (3, 1, 2, 4, 0)]:
        assert by_id(collate([ws[i] for i in perm])) == ref


def test_quote_styles_and_ignore_options():
    straight = ENFORCE
    curly = [p.replace('"Administration', "“Administration").replace('parameters"', "parameters”") for p in ENFORCE]
    single = [p.replace('"Administration', "‘Administration").replace('parameters"', "parameters’") for p in ENFORCE]
    upper = replace(ENFORCE, 2, "Responses were received", "RESPONSES were received")
    ws = [rec(x) for x in (straight, curly, single, upper)]
    col = collate(ws)
    first = col.rows[0]
    assert first.status == VARIANT
    assert [(s.groups[0], sorted(s.groups[1:])) for s in first.variants] == [
        (('"', [0, 3]), [("‘", [2]), ("“", [1])]),
        (('"', [0, 3]), [("’", [2]), ("”", [1])]),
    ]
    assert [r.status for r in col.rows].count(VARIANT) == 2
    unified = collate(ws, Options(unify_quotes_dashes=True))
    assert [r.status for r in unified.rows].count(VARIANT) == 1  # only the upper-case word is left
    both = collate(ws, unify_quotes_dashes=True, ignore_case=True)
    assert all(r.status == SAME for r in both.rows)
    # texts shown are the witnesses' own
    assert both.rows[0].readings[1].startswith("On 18 September the Ministry of Justice published the consultation "
                                                "paper entitled: “Administration")
    nopunct = collate(ws, ignore_punctuation=True, ignore_case=True)
    assert all(r.status == SAME for r in nopunct.rows)


def test_two_samples_collated_give_the_differences_of_compare():
    a, b = statement_002(), statement_003()
    for opts in (Options(), Options(True, True, True)):
        cmp = compare(a, b, opts)
        want = [(r.status, r.a, r.b) for r in cmp.rows if r.status != "same"]
        name = {"changed": VARIANT, "deleted": SOME_ONLY, "inserted": SOME_ONLY, "moved": MOVED}
        for order in ((a, b), (b, a)):
            col = collate(order, opts)
            ia, ib = col.ids.index(a.id), col.ids.index(b.id)
            got = [(r.status, r.readings[ia], r.readings[ib]) for r in col.rows if r.status != SAME]
            assert got == [(name[s], x, y) for s, x, y in want]
            assert len(col.rows) == len(cmp.rows)
    # the word variants are compare's word ops
    cmp = compare(a, b)
    col = collate([a, b])
    for row, crow in zip(cmp.rows, col.rows):
        if row.status == "changed":
            ops = [(row.a[a0:a1], row.b[b0:b1]) for t, a0, a1, b0, b1 in row.ops if t != "equal"]
            sites = [(dict((w, t) for t, ws in s.groups for w in ws)) for s in crow.variants]
            assert [(d[0], d[1]) for d in sites] == ops


def test_moved_paragraph_is_a_move_not_two_absences():
    a = rec(PRISON)
    b = rec([PRISON[i] for i in (0, 1, 2, 4, 5, 6, 3)])  # paragraph 4 moved to the end
    col = collate([a, b])
    assert col.summary()["counts"]["some-only"] == 0
    assert col.summary()["counts"]["moved"] == 4
    assert col.kept(0) == [1.0, 1.0]


def test_rewrapped_witness_is_the_same_text():
    a = rec(PRISON, natural_key="a")
    b = rec([" ".join(PRISON)], natural_key="b")  # one wall of text
    c = rec([s for p in PRISON for s in split_sentences(p)], natural_key="c")  # one sentence a paragraph
    col = collate([a, b, c])
    assert all(r.status == SAME for r in col.rows) and len(col.rows) == 20


def test_json_shape():
    a, b, c = three_witnesses()
    d = collate([a, b, c]).to_dict()
    assert d["witnesses"] == [a.id, b.id, c.id]
    assert set(d) == {"witnesses", "rows", "summary"}
    row = d["rows"][6]
    assert row["status"] == "variant"
    assert row["readings"][a.id].endswith("of paramount importance.")
    assert row["variants"] == [{"readings": [
        {"text": "the utmost", "witnesses": [b.id, c.id]}, {"text": "paramount", "witnesses": [a.id]}]}]
    assert d["rows"][10]["readings"][b.id] is None
    assert d["summary"]["counts"] == {"same": 16, "variant": 2, "some-only": 2, "moved": 0}


def test_bad_witness_lists():
    a = rec(PRISON)
    with pytest.raises(CollateError):
        collate([a])
    with pytest.raises(CollateError):
        collate([a, a])
    empty = make_record([("body", "")])
    col = collate([a, empty])
    assert all(r.status == SOME_ONLY for r in col.rows)


def test_order_independence_on_many_random_edits():
    import random

    rng = random.Random(7)
    pool = sents(PRISON) + sents(ENFORCE)
    base = [" ".join(pool[i:i + 3]) for i in range(0, len(pool), 3)]
    ws = []
    for n in range(6):
        words = [p.split(" ") for p in base]
        for _ in range(12):
            p = words[rng.randrange(len(words))]
            i = rng.randrange(len(p))
            p[i] = rng.choice(["changed", "new", p[i].upper(), ""]) or p[i]
        ps = [" ".join(p) for p in words]
        i, j = rng.randrange(len(ps)), rng.randrange(len(ps))
        ps.insert(j, ps.pop(i))  # a moved paragraph
        if n % 2:
            del ps[rng.randrange(len(ps))]
        ws.append(rec(ps, natural_key=f"w{n}"))
    col = collate(ws)
    assert {r.status for r in col.rows} >= {SAME, VARIANT}
    ref = by_id(col)
    for _ in range(4):
        perm = ws[:]
        rng.shuffle(perm)
        assert by_id(collate(perm)) == ref


def test_page_furniture_never_reaches_the_collation():
    from corpus.loader import load

    samples = Path(__file__).resolve().parents[2] / "corpus" / "samples"
    corpus = load([str(samples / "002_eff3f64522896e51.txt"), str(samples / "003_ce5a13d1d94d3009.txt")])
    by_title = {r.title: r for r in corpus.records}  # 002 holds two statements: the first is this text
    a, b = by_title["Children's Social Care Update"], by_title["Children’s Social Care"]
    col = collate([a, b])
    text = "\n".join(t for r in col.rows for t in r.readings if t)
    for furniture in ("Skip to main content", "Volume 742: debated on", "debated on Monday"):
        assert furniture not in text
    # the same rows as the hand-cleaned fixtures of the two pages
    clean = collate([statement_002(), statement_003()])
    assert [(r.status, r.readings) for r in col.rows] == [(r.status, r.readings) for r in clean.rows]


def test_moved_and_reworded_paragraph_shows_the_wording_change_on_both_halves():
    a = rec(PRISON)
    moved = replace([PRISON[i] for i in (3, 0, 1, 2, 4, 5, 6)], 0, "more than a third", "over a third")
    b = rec(moved)
    c = rec(PRISON, natural_key="c")
    col = collate([a, b, c])
    assert shape(col)[:2] == [(MOVED, "B", x) for x in split_sentences(moved[0])]
    assert split_sentences(moved[0])[0].startswith("Crime has fallen by over a third since 1997, with 70 per cent.")
    front = col.rows[0]
    back = next(i for i, r in enumerate(col.rows) if r.moved.get(1) == 0)
    assert front.moved == {0: back, 2: back}
    for row in (front, col.rows[back]):
        assert [(t, ws) for t, ws in row.variants[0].groups] == [("more than", [0, 2]), ("over", [1])]
    assert inline(front, 1, labels(3)).startswith("Crime has fallen by [B: over | A C: more than] a third since 1997")
    assert inline(col.rows[back], 0, labels(3)).startswith("Crime has fallen by [A C: more than | B: over] a third")
