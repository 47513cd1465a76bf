"""Forced interleavings: another session writes between a slow step's read and its save.

Re-anchoring and W3C imports compute from a snapshot, then save; these tests
make a second store object (another session) change the same annotation in
between, and check that nothing it wrote is overwritten or brought back.
"""

from __future__ import annotations

import json

import pytest

from annotations import AnnotationStore, StoreError
from annotations import reanchor as R
from annotations.export import export_w3c, import_w3c
from corpus.corpus import Corpus
from corpus.model import make_record


def _rec(changed: bool = False):
    extra = " A sentence was added at the start." if changed else ""
    return make_record(
        [("body", f"Intro.{extra} The kinship allowance will rise in April for every carer."), ("body", "Second paragraph.")],
        natural_key="inter", source_file="/inter/a.txt",
    )


def test_reanchor_save_keeps_an_edit_made_meanwhile(tmp_path, monkeypatch):
    old, new = _rec(), _rec(changed=True)
    me = AnnotationStore.open(tmp_path / "s")
    other = AnnotationStore.open(tmp_path / "s")
    p = old.passages[0]
    a = me.add(old, p, span=(p.text.index("kinship"), p.text.index("kinship") + 17), note="v1")
    real = R._save_anchors

    def interleaved(store, pending):
        other.update(a.id, note="edited meanwhile", add_tags=["theirs"])  # after the read, before the save
        return real(store, pending)

    monkeypatch.setattr(R, "_save_anchors", interleaved)
    me.reanchor_all(Corpus([new]))
    got = AnnotationStore.open(tmp_path / "s").get(a.id)
    assert got.note == "edited meanwhile" and got.tags == ["theirs"]  # the edit survived
    assert got.record_id == new.id and got.quote == "kinship allowance"  # and the re-anchor landed


def test_reanchor_save_does_not_resurrect_a_deletion_made_meanwhile(tmp_path, monkeypatch):
    old, new = _rec(), _rec(changed=True)
    me = AnnotationStore.open(tmp_path / "s")
    other = AnnotationStore.open(tmp_path / "s")
    a = me.add(old, old.passages[0], note="doomed")
    real = R._save_anchors
    monkeypatch.setattr(R, "_save_anchors", lambda store, pending: (other.delete(a.id), real(store, pending))[1])
    me.reanchor_all(Corpus([new]))
    assert len(AnnotationStore.open(tmp_path / "s")) == 0


def test_w3c_import_keeps_a_newer_edit_and_a_deletion_made_meanwhile(tmp_path, monkeypatch):
    rec = _rec()
    me = AnnotationStore.open(tmp_path / "s")
    other = AnnotationStore.open(tmp_path / "s")
    kept = me.add(rec, rec.passages[0], note="v1")
    gone = me.add(rec, rec.passages[1], note="will be deleted")
    exported = json.loads(export_w3c(me.all()))
    for item in exported["first"]["items"]:  # an older copy coming back from another tool
        item["modified"] = "2000-01-01T00:00:00.000Z"
    import annotations.store as store_mod

    real = store_mod.AnnotationStore.merge_docs

    def interleaved(self, docs, resolve=None):
        other.update(kept.id, note="newer edit")
        other.delete(gone.id)
        return real(self, docs, resolve)

    monkeypatch.setattr(store_mod.AnnotationStore, "merge_docs", interleaved)
    rep = import_w3c(me, json.dumps(exported))
    fresh = AnnotationStore.open(tmp_path / "s")
    assert fresh.get(kept.id).note == "newer edit"  # the older imported copy did not overwrite it
    # an import re-adds what it carries (that is what importing means), once, never twice
    assert [a.id for a in fresh.all()].count(gone.id) == 1 and gone.id in rep.added


def test_tag_rename_works_on_fresh_data(tmp_path):
    rec = _rec()
    me = AnnotationStore.open(tmp_path / "s")
    other = AnnotationStore.open(tmp_path / "s")
    a = me.add(rec, rec.passages[0], tags=["old"])
    me.all()  # my session has read (cached) it
    other.update(a.id, note="note added elsewhere")
    b = other.add(rec, rec.passages[1], tags=["old"])
    assert me.rename_tag("old", "new") == 2  # both, including the one I never saw
    fresh = AnnotationStore.open(tmp_path / "s")
    assert fresh.get(a.id).note == "note added elsewhere" and fresh.get(a.id).tags == ["new"]
    assert fresh.get(b.id).tags == ["new"]
    other.update(b.id, add_tags=["later"])
    with pytest.raises(StoreError, match="changed since"):
        me.undo()  # b changed since: refused, nothing undone (not even a)
    assert AnnotationStore.open(tmp_path / "s").get(a.id).tags == ["new"]
