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
