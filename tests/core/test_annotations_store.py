"""The annotation store: add/edit/delete/undo, tags, sessions, files on disk."""

from __future__ import annotations

import json
import os
import stat
import uuid

import pytest

from annotations import AnnotationStore, StoreError
from annotations_support import old_and_new, passage_with, span_of


@pytest.fixture
def rec():
    return old_and_new()[0]


@pytest.fixture
def store(tmp_path):
    return AnnotationStore.open(tmp_path / "store", author="alice")


def test_add_passage_and_span_with_w3c_selectors(store, rec):
    p = passage_with(rec, "this government is determined")
    a = store.add(rec, p, tags=["families", "  policy   pledge "])
    assert a.tags == ["families", "policy pledge"]
    assert (a.start, a.end) == (p.start, p.end) and a.quote == p.text and a.whole_passage
    s, e = span_of(p, "this government is determined")
    b = store.add(rec, p, note="note the tense", span=(s, e))
    assert b.quote == "this government is determined"
    assert rec.text[b.start : b.end] == b.quote
    sel = b.target["selector"]
    quote = sel[0]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == b.quote
    assert rec.text[b.start - len(quote["prefix"]) : b.start] == quote["prefix"]
    assert 32 <= len(quote["prefix"]) <= 64 and 32 <= len(quote["suffix"]) <= 64
    assert sel[1] == {"type": "TextPositionSelector", "start": b.start, "end": b.end}
    assert b.target["passage"] == p.id and b.target["source"] == rec.id
    assert uuid.UUID(b.id).version == 4
    assert b.author == "alice" and b.created == b.modified and b.created.endswith("Z")
    assert [x.id for x in store.for_record(rec.id)] == [a.id, b.id]
    assert [x.id for x in store.for_passage(p.id)] == [a.id, b.id]


def test_span_outside_passage_is_refused(store, rec):
    p = rec.passages[0]
    with pytest.raises(StoreError, match="outside the passage"):
        store.add(rec, p, span=(0, len(p.text) + 1))
    assert len(store) == 0


def test_edit_delete_and_undo_each(store, rec):
    p = rec.passages[1]
    a = store.add(rec, p, tags=["a"])
    b = store.update(a.id, add_tags=["b"], note="first")
    assert b.tags == ["a", "b"] and b.note == "first" and b.modified >= a.modified
    c = store.update(a.id, remove_tags=["a"], note=None)
    assert c.tags == ["b"] and c.note is None
    store.delete(a.id)
    assert store.get(a.id) is None
    assert store.undo() == "delete"
    assert store.get(a.id).tags == ["b"]
    assert store.undo() == "edit"
    assert store.get(a.id).note == "first"
    assert store.undo() == "edit"
    assert store.get(a.id).tags == ["a"] and store.get(a.id).note is None
    assert store.undo() == "add"
    assert store.get(a.id) is None and len(store) == 0
    assert store.undo() is None


def test_tag_manager(store, rec):
    ps = rec.passages
    store.add(rec, ps[0], tags=["kinship", "funding"])
    store.add(rec, ps[1], tags=["Kinship care"])
    store.add(rec, ps[2], tags=["funding"], note="£200m")
    assert store.tags() == {"funding": 2, "kinship": 1, "Kinship care": 1}
    store.set_tag_colour("kinship", "green")
    assert store.merge_tags(["kinship", "Kinship care"], "kinship care") == 2
    assert store.tags() == {"funding": 2, "kinship care": 2}
    assert store.tag_colours() == {"kinship": "green", "kinship care": "green"}
    assert store.rename_tag("funding", "money") == 2
    assert store.records_with_tag("money") == [rec.id]
    assert store.delete_tag("money") == 2
    assert store.tags() == {"kinship care": 2}
    assert len(store) == 3  # deleting a tag keeps the annotations (and the note)
    assert store.undo() == "delete tag"
    assert store.tags() == {"money": 2, "kinship care": 2}
    store.set_tag_colour("kinship", None)
    assert "kinship" not in store.tag_colours()


def test_notes_by_record_tag_and_date(store, rec):
    ps = rec.passages
    n1 = store.add(rec, ps[3], note="later passage", tags=["z"])
    n2 = store.add(rec, ps[0], note="first passage", tags=["a"])
    store.add(rec, ps[1], tags=["only a tag"])
    assert [a.id for a in store.notes(by="record")] == [n2.id, n1.id]
    assert [a.id for a in store.notes(by="tag")] == [n2.id, n1.id]
    assert [a.id for a in store.notes(by="date")] == [n2.id, n1.id]  # newest first


def test_two_sessions_see_each_others_changes(tmp_path, rec):
    one = AnnotationStore.open(tmp_path / "s", author="one")
    two = AnnotationStore.open(tmp_path / "s", author="two")
    a = one.add(rec, rec.passages[0], tags=["x"])
    assert [x.id for x in two.for_record(rec.id)] == [a.id]
    two.update(a.id, add_tags=["y"])
    assert one.get(a.id).tags == ["x", "y"]
    b = two.add(rec, rec.passages[1], tags=["z"])
    assert {x.id for x in one.all()} == {a.id, b.id}


def test_files_are_private_and_backups_rotate(store, rec):
    p = rec.passages[0]
    a = store.add(rec, p, tags=["t0"])
    for i in range(1, 6):
        store.update(a.id, tags=[f"t{i}"])
    shard = next(store.shard_dir.glob("*.json"))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.shard_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(shard.stat().st_mode) == 0o600
    backups = sorted((store.shard_dir / "backups").iterdir())
    assert [b.name for b in backups] == [shard.name + ".1", shard.name + ".2", shard.name + ".3"]
    tags_in = lambda f: [d["tags"] for d in json.loads(f.read_text())["annotations"].values()]  # noqa: E731
    assert tags_in(backups[0]) == [["t4"]] and tags_in(backups[2]) == [["t2"]]
    assert tags_in(shard) == [["t5"]]
    assert not [f for f in os.listdir(store.shard_dir) if f.endswith(".tmp")]


def test_store_location_from_env(monkeypatch, tmp_path, rec):
    monkeypatch.setenv("PARLREAD_STORE", str(tmp_path / "envstore"))
    s = AnnotationStore.open()
    s.add(rec, rec.passages[0], tags=["x"])
    assert (tmp_path / "envstore" / "shards").is_dir()


def test_unwritable_store_opens_read_only(tmp_path, rec, monkeypatch):
    d = tmp_path / "ro"
    s = AnnotationStore.open(d)
    a = s.add(rec, rec.passages[0], tags=["kept"])
    os.chmod(d / "shards", 0o500)
    # root can write anywhere, so also make the permission check see what a user would
    import annotations.store as store_mod

    real_access = os.access
    monkeypatch.setattr(
        store_mod.os, "access",
        lambda path, mode, *a, **k: False if (mode & os.W_OK and os.fspath(path) == os.fspath(d / "shards")) else real_access(path, mode, *a, **k),
    )
    try:
        ro = AnnotationStore.open(d)
        assert ro.read_only and "not writable" in ro.problems[0]
        assert [x.id for x in ro.all()] == [a.id]
        with pytest.raises(StoreError, match="not writable"):
            ro.add(rec, rec.passages[1], tags=["x"])
    finally:
        os.chmod(d / "shards", 0o700)


def test_add_many_is_one_undo_step(store, rec):
    ps = rec.passages[:6]
    made = store.add_many([(rec, p) for p in ps[:5]] + [(rec, ps[5].id, (0, 10))], tags=["batch"])
    assert len(made) == 6 and store.tags() == {"batch": 6}
    assert made[5].quote == ps[5].text[:10] and not made[5].whole_passage
    assert [a.id for a in store.for_record(rec.id)] == [a.id for a in made]
    assert store.undo() == "add" and len(store) == 0
