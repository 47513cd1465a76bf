"""Version detection, grouping, correction pairs and metadata reconciliation."""

from __future__ import annotations

import random
import threading

import pytest

from corpus.corpus import Corpus
from corpus.model import ANSWER, QUESTION, make_record
from corpus.versions import (
    CORRECTION, PART, VERSION, Cancelled, Inferred, find_versions, normalise_words, reconcile,
    resolve_version, versions_of,
)
from versions_fixtures import statement_002, statement_003


def shingle_set(text: str) -> set[tuple[str, ...]]:
    w = normalise_words(text)
    return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}


def filler(seed: int, n: int = 60) -> str:
    rng = random.Random(seed)
    vocab = [f"w{rng.randrange(10**6)}" for _ in range(400)]
    return " ".join(rng.choice(vocab) for _ in range(n)) + "."


def test_normalise_words_unifies_case_quotes_and_dashes():
    assert normalise_words("Children’s ‘Social’ Care—now") == normalise_words("children's \"social\" care-now")
    assert normalise_words("The  Government, are.") == ["the", "government", "are"]


def test_samples_are_versions_with_exact_jaccard_and_coverage():
    a, b = statement_002(), statement_003()
    others = [make_record([("body", filler(s))]) for s in range(30)]
    corpus = Corpus([a, *others, b])
    groups = find_versions(corpus)
    assert [g.ids for g in groups] == [[a.id, b.id]]
    (pair,) = groups[0].pairs
    sa, sb = shingle_set(a.text), shingle_set(b.text)
    inter = len(sa & sb)
    assert pair.kind == VERSION
    assert pair.similarity == pytest.approx(inter / len(sa | sb))
    assert pair.a_covered == pytest.approx(inter / len(sa))
    assert pair.b_covered == pytest.approx(inter / len(sb))
    assert 0.8 < pair.similarity < 0.9  # 003 adds the four publications


def test_a_record_inside_a_longer_one_is_a_partial_overlap():
    a, b = statement_002(), statement_003()
    excerpt = make_record([("body", b.passages[8].text)])  # one paragraph of 003 only
    corpus = Corpus([excerpt, b, make_record([("body", filler(1))])])
    (pair,) = versions_of(corpus, excerpt.id)
    assert pair.kind == PART
    assert pair.covered(excerpt.id) == 1.0
    assert pair.covered(b.id) < 0.2
    assert pair.other(excerpt.id) == b.id
    # the excerpt's paragraph is in 002 too: all three form one group
    groups = find_versions(Corpus([excerpt, b, a]))
    assert [sorted(g.ids) for g in groups] == [sorted([excerpt.id, b.id, a.id])]


def test_shared_boilerplate_does_not_make_versions():
    head = "To ask the Secretary of State for Education, what steps her Department is taking to "
    recs = [make_record([(QUESTION, head + filler(i, 25))]) for i in range(120)]
    assert find_versions(Corpus(recs)) == []


def test_lower_threshold_finds_looser_versions():
    base = filler(7, 100)
    words = base.split()
    loose = " ".join(words[:50] + [f"x{i}" for i in range(30)] + words[80:])
    r1, r2 = make_record([("body", base)]), make_record([("body", loose)])
    j = len(shingle_set(base) & shingle_set(loose)) / len(shingle_set(base) | shingle_set(loose))
    assert 0.3 < j < 0.5
    assert find_versions(Corpus([r1, r2]), threshold=0.5, containment=0.95) == []
    assert [g.ids for g in find_versions(Corpus([r1, r2]), threshold=0.3)] == [[r1.id, r2.id]]


def test_cancel_stops_detection():
    ev = threading.Event()
    ev.set()
    with pytest.raises(Cancelled):
        find_versions(Corpus([statement_002(), statement_003()]), cancel=ev)


def test_progress_is_reported():
    seen = []
    find_versions(Corpus([statement_002(), statement_003()]), progress=lambda d, t, w: seen.append((d, t)))
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)


def corrected_answer():
    return make_record(
        [(QUESTION, "To ask the Secretary of State for Education, how many children are in kinship care."),
         (ANSWER, "There were 141,000 children in kinship care in 2021."),
         (ANSWER, "The department publishes these figures every year.")],
        natural_key="test:1",
        kind="written question",
        uin="7405",
        extra={"original_answer": ["There were 114,000 children in kinship care in 2021.",
                                   "The department publishes these figures every year."],
               "question_id": 1},
    )


def test_correction_original_is_a_virtual_version():
    rec = corrected_answer()
    corpus = Corpus([rec])
    pairs = versions_of(corpus, rec.id)
    assert pairs[0].kind == CORRECTION and pairs[0].b == rec.id
    original = resolve_version(corpus, pairs[0].a[:8])
    assert original is not None and original.id == pairs[0].a and corpus.record(original.id) is None
    assert [p.text for p in original.passages] == [
        rec.passages[0].text,
        "There were 114,000 children in kinship care in 2021.",
        "The department publishes these figures every year.",
    ]
    groups = find_versions(corpus)
    assert [(g.ids, sorted(g.virtual)) for g in groups] == [([rec.id, original.id], [original.id])]
    from corpus.align import compare, inline

    cmp = compare(original, rec)
    assert [inline(r) for r in cmp.rows if r.status != "same"] == [
        "There were [-114,000-]{+141,000+} children in kinship care in 2021."]


def test_reconcile_fills_missing_fields_from_the_other_version_without_touching_records():
    a, b = statement_002(), statement_003()
    before = (a.to_dict(True), b.to_dict(True))
    pairs = find_versions(Corpus([a, b]))[0].pairs
    inferred = reconcile([a, b], pairs)
    assert (a.to_dict(True), b.to_dict(True)) == before
    date = inferred[a.id]["date"]
    assert date.value == "2023-12-18" and date.from_record == b.id
    assert date.confidence == "consistent"  # 002's own "Dec 18" agrees
    assert "similarity 0.85" in date.reason
    assert inferred[b.id]["answered_by"] == Inferred(
        "David Johnston", a.id, f"stated by version {a.id} (similarity 0.85)", "unchecked")
    # what a record states itself is never replaced
    assert "title" not in inferred[a.id] and "title" not in inferred[b.id]
    assert "volume" not in inferred[a.id]  # publication-specific fields are not carried over
    assert set(inferred) == {a.id, b.id}


def test_reconcile_flags_a_date_that_disagrees():
    a = statement_002()
    a.extra["date_as_given"] = "Dec 19"
    inferred = reconcile([a, statement_003()])
    assert inferred[a.id]["date"].confidence == "conflict"
    assert "DISAGREES" in inferred[a.id]["date"].reason


def test_reconcile_reports_conflicting_sources():
    a = make_record([("body", "x")], answered_by=None)
    b = make_record([("body", "y")], answered_by="Jane Doe")
    c = make_record([("body", "z")], answered_by="John Roe")
    got = reconcile([a, b, c])[a.id]["answered_by"]
    assert got.value == "Jane Doe" and got.confidence == "conflict" and "'John Roe'" in got.reason


def test_versions_of_reuses_the_pairs_of_find_versions(monkeypatch):
    import corpus.versions as versions

    a, b = statement_002(), statement_003()
    corpus = Corpus([a, b])
    find_versions(corpus)
    monkeypatch.setattr(versions, "find_pairs", lambda *a, **k: pytest.fail("recomputed"))
    (pair,) = versions_of(corpus, b.id)
    assert (pair.a, pair.b, pair.kind) == (a.id, b.id, VERSION)
    corpus.records.append(make_record([("body", filler(3))]))  # the corpus changed: recompute
    monkeypatch.setattr(versions, "find_pairs", lambda *a, **k: [])
    assert versions_of(corpus, b.id) == []


def test_short_procedural_records_are_not_versions():
    recs = [make_record([("body", "Amendment, by leave, withdrawn.")], natural_key=f"k{i}") for i in range(5)]
    recs += [make_record([("body", "Question put and agreed to. Clause accordingly ordered to stand part.")],
                         natural_key=f"q{i}") for i in range(3)]  # 11 words
    long = "The committee considered the amendment in detail and the minister replied at length today."
    recs += [make_record([("body", long)], natural_key=f"l{i}") for i in range(2)]  # 14 words
    groups = find_versions(Corpus(recs))
    assert [g.ids for g in groups] == [[recs[-2].id, recs[-1].id]]
