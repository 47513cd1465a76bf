"""QA: a write the store's own reader would call malformed must be refused
BEFORE it is written, never acknowledged and then hidden as "malformed"."""

from __future__ import annotations

import pytest

from annotations import AnnotationStore, StoreError
from annotations.validate import MAX_TAGS, MAX_TEXT
from corpus.loader import load


@pytest.fixture
def rp():
    r = load(None).records[0]
    return r, r.passages[0]


def _reopened(path):
    s = AnnotationStore.open(path)
    return s, s.all()


def test_over_long_note_refused_not_hidden(tmp_path, rp):
    r, p = rp
    s = AnnotationStore.open(tmp_path)
    keep = s.add(r, p, note="kept")
    with pytest.raises(StoreError, match="note"):
        s.add(r, p, note="x" * (MAX_TEXT + 1))
    with pytest.raises(StoreError, match="note"):
        s.update(keep.id, note="y" * (MAX_TEXT + 1))
    s2, anns = _reopened(tmp_path)
    assert s2.problems == []
    assert [a.note for a in anns] == ["kept"]  # the old note is still there and shown


def test_too_many_tags_refused_not_hidden(tmp_path, rp):
    r, p = rp
    s = AnnotationStore.open(tmp_path)
    with pytest.raises(StoreError, match="tags"):
        s.tag_passage(r, p, add=[f"t{i}" for i in range(MAX_TAGS + 1)])
    s.tag_passage(r, p, add=["a"])
    with pytest.raises(StoreError, match="tags"):
        s.tag_passage(r, p, add=[f"t{i}" for i in range(MAX_TAGS)])
    s2, anns = _reopened(tmp_path)
    assert s2.problems == [] and [a.tags for a in anns] == [["a"]]


def test_update_if_note_refuses_to_overwrite_a_note_changed_meanwhile(tmp_path, rp):
    r, p = rp
    mine = AnnotationStore.open(tmp_path)
    a = mine.add(r, p, note="v1")
    AnnotationStore.open(tmp_path).update(a.id, note="v2 from another session")
    with pytest.raises(StoreError, match="another session"):
        mine.update(a.id, note="v1 edited here", if_note="v1")
    assert AnnotationStore.open(tmp_path).get(a.id).note == "v2 from another session"
    mine.update(a.id, note="v3", if_note="v2 from another session")  # seen: saved
    mine.update(a.id, note="v3", add_tags=["t"], if_note="v1")  # the note text unchanged: tags saved
    got = AnnotationStore.open(tmp_path).get(a.id)
    assert (got.note, got.tags) == ("v3", ["t"])


def test_history_is_capped_so_a_much_reanchored_annotation_stays_valid(tmp_path, rp):
    """An annotation whose anchor history is full can still be re-attached
    (the oldest middle entries go; the first and newest stay)."""
    from annotations.validate import MAX_HISTORY

    r, p = rp
    s = AnnotationStore.open(tmp_path)
    a = s.add(r, p, note="busy")
    d = a.to_dict()
    d["history"] = [dict(d["anchor"], method=f"h{i}") for i in range(MAX_HISTORY)]
    s.merge_docs([d], lambda old, new: new)
    s.reattach(a.id, r, r.passages[1])
    got = AnnotationStore.open(tmp_path)
    b = got.get(a.id)
    assert got.problems == [] and b is not None and b.note == "busy"
    hist = b.to_dict()["history"]
    assert len(hist) == MAX_HISTORY and hist[0]["method"] == "h0" and hist[-2]["method"] == f"h{MAX_HISTORY - 1}"
