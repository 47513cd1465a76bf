"""Re-anchoring annotations when a record's text changes (002 → 003 edits)."""

from __future__ import annotations

import pytest

from annotations import AnnotationStore
from annotations.anchor import AMBIGUOUS, ANCHORED, ORPHAN, REVIEW, locate, make_selectors
from annotations_support import corpus_of, old_and_new, passage_with, span_of, statement
from corpus.model import make_record

# quote in 002 → (status, text it lands on) in 003
SPANS = {
    "this government is determined": ("reanchored", "this Government are determined"),
    "so they can": ("review", "so that they can"),
    "libraries of each House": ("review", "Libraries of both Houses"),
    "£200 million": ("reanchored", "£200 million"),
    "Star Hobson": ("reanchored", "Star Hobson"),
    "Arthur Labinjo-Hughes": ("reanchored", "Arthur Labinjo-Hughes"),
    "the largest ever investment in fostering in England": ("reanchored", "the largest ever investment in fostering in England"),
}


@pytest.fixture
def setup(tmp_path):
    old, new = old_and_new()
    assert old.id == new.id  # same natural key: a corrected text of the same record
    store = AnnotationStore.open(tmp_path / "store")
    spans = {}
    for q in SPANS:
        p = passage_with(old, q)
        spans[q] = store.add(old, p, note=f"on {q}", span=span_of(p, q))
    whole = [store.add(old, p, tags=["passage"]) for p in old.passages]
    return store, old, new, spans, whole


def test_spans_reanchor_to_the_edited_text_or_ask_for_review(setup):
    store, old, new, spans, _ = setup
    store.reanchor_all(corpus_of(new))
    for q, (status, landed) in SPANS.items():
        a = store.get(spans[q].id)
        assert (a.status, a.quote) == (status, landed), q
        assert new.text[a.start : a.end] == landed
        assert a.original_quote == q  # the original selectors are never rewritten
        assert a.target == spans[q].target
        assert len(a.history) == 1 and a.history[0]["status"] == "anchored"


def test_whole_passages_none_vanish(setup):
    store, old, new, spans, whole = setup
    before = {a.id: a.target for a in store.all()}
    report = store.reanchor_all(corpus_of(new))
    # 002's statement goes on to a safeguarding update that 003 does not print
    assert report.count("reanchored") == 5 + 11
    assert report.count("review") == 2
    assert report.count("orphan") == 7
    assert len(store) == len(before) == 7 + 18  # nothing deleted
    assert {a.id: a.target for a in store.all()} == before
    orphans = store.orphans()
    assert len(orphans) == 9
    safeguarding = [a for a in orphans if a.status == ORPHAN]
    assert all(a.quote and a.start is None for a in safeguarding)  # kept with their quote, no position
    assert any(a.quote.startswith("The abuse and neglect of disabled children") for a in safeguarding)
    # a passage that lost its speaker prefix and was re-paragraphed lands on
    # the same sentences, which now start the text and run into passage 2
    first = store.get(whole[0].id)
    assert first.status == "reanchored" and first.passage_id == new.passages[0].id
    assert first.quote.startswith("The Prime Minister has been clear")
    assert first.quote.endswith("through “Stable Homes. Built on Love”.")


def test_reanchoring_twice_changes_nothing_and_review_stays(setup):
    store, old, new, spans, _ = setup
    store.reanchor_all(corpus_of(new))
    snapshot = {a.id: a.to_dict() for a in store.all()}
    report = store.reanchor_all(corpus_of(new))
    assert {a.id: a.to_dict() for a in store.all()} == snapshot
    assert report.count("review") == 2
    a = store.confirm(spans["so they can"].id)
    assert a.status == "manual" and a.quote == "so that they can"


def test_record_with_new_text_hashed_id_is_found_by_source_file(tmp_path):
    old, new = old_and_new(key=None)  # ids from text: they differ
    assert old.id != new.id
    store = AnnotationStore.open(tmp_path / "s")
    p = passage_with(old, "Star Hobson")
    a = store.add(old, p, tags=["review"], span=span_of(p, "Star Hobson"))
    other = make_record([("body", "Star Hobson was mentioned elsewhere too.")], source_file="other.txt", title="Other")
    report = store.reanchor_all(corpus_of(other, new))
    got = store.get(a.id)
    assert got.record_id == new.id and got.quote == "Star Hobson" and got.status == "reanchored"
    assert report.moved_record == [a.id]
    assert [x.id for x in store.for_record(new.id)] == [a.id]
    assert store.for_record(old.id) == []


def test_record_gone_becomes_orphan_then_reattached_by_hand(tmp_path):
    old, new = old_and_new(key=None)
    store = AnnotationStore.open(tmp_path / "s")
    p = passage_with(old, "Star Hobson")
    a = store.add(old, p, note="check", span=span_of(p, "Star Hobson"))
    # its file was re-imported and no longer holds anything like it
    unrelated = make_record([("body", "Nothing to do with it.")], source_file=old.source_file, title="X")
    store.reanchor_all(corpus_of(unrelated))
    o = store.get(a.id)
    assert o.status == ORPHAN and o.quote == "Star Hobson" and o.note == "check"
    assert [x.id for x in store.orphans()] == [a.id]
    p2 = passage_with(new, "Star Hobson")
    r = store.reattach(a.id, new, p2, span=span_of(p2, "Star Hobson"))
    assert r.status == "manual" and r.record_id == new.id and r.quote == "Star Hobson"
    assert r.target == a.target and [h["status"] for h in r.history] == ["anchored", "orphan"]
    assert store.orphans() == []
    assert store.undo() == "reattach" and store.get(a.id).status == ORPHAN


def test_tie_is_ambiguous_not_guessed(tmp_path):
    old = make_record([("body", "The committee will meet on Monday.")], natural_key="k")
    new = make_record([("body", "Notes. The committee will meet on Monday. Notes. The committee will meet on Monday.")], natural_key="k")
    store = AnnotationStore.open(tmp_path / "s")
    a = store.add(old, old.passages[0], note="date?")
    store.reanchor_all(corpus_of(new))
    got = store.get(a.id)
    assert got.status == AMBIGUOUS
    assert got.quote == "The committee will meet on Monday."
    assert got.record_id == old.id and got in store.orphans() and got.start is None


def test_short_quote_does_not_jump_to_a_lookalike():
    old = "In 1991 Linus Torvalds wrote a kernel."
    sel = make_selectors(old, 8, 13)  # "Linus"
    m = locate(sel, "In 1991 someone wrote software for machines.")
    assert m.status == ORPHAN and m.start is None
    # an edited name where the old spelling survives elsewhere: not accepted unseen
    sel = make_selectors("The Minister, Mr Smith, replied.", 17, 22)
    m = locate(sel, "The Minister, Mr Smyth, replied. Mr Smith left.")
    assert m.status in (REVIEW, ORPHAN)


def test_unchanged_text_keeps_its_anchor(setup):
    store, old, new, spans, whole = setup
    report = store.reanchor_all(corpus_of(old))
    assert report.count(ANCHORED) == len(store)
    assert all(a.history == [] for a in store.all())


def test_fixture_texts_really_differ():
    old, new = statement("statement_002.txt"), statement("statement_003.txt")
    assert "this government is determined" in old.text and "this government is determined" not in new.text


def test_record_whose_file_is_not_loaded_is_left_alone_then_found_again(tmp_path):
    old, new = old_and_new(key=None)
    store = AnnotationStore.open(tmp_path / "s")
    p = passage_with(old, "Star Hobson")
    a = store.add(old, p, note="keep", span=span_of(p, "Star Hobson"))
    elsewhere = make_record([("body", "Another file entirely.")], source_file="elsewhere.txt")
    report = store.reanchor_all(corpus_of(elsewhere))
    # not touched on disk (still anchored there), but shown as "record not loaded" and listed
    assert report.not_loaded == [a.id] and store.get(a.id).data["anchor"]["status"] == ANCHORED
    assert store.get(a.id).status == "record not loaded" and [o.id for o in store.orphans()] == [a.id]
    assert "1 record not loaded" in report.summary()
    # the file is loaded but the record has gone from it: orphan, kept
    same_file = make_record([("body", "The file now says something else.")], source_file=old.source_file)
    store.reanchor_all(corpus_of(same_file))
    assert store.get(a.id).status == ORPHAN
    # the original text comes back: anchored again, not stuck as an orphan
    store.reanchor_all(corpus_of(old))
    got = store.get(a.id)
    assert got.status == ANCHORED and got.quote == "Star Hobson" and got.record_id == old.id
