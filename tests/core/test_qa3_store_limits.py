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
