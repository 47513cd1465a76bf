"""QA: the app's tag prompt must not undo a tag another session added while it was open."""

from __future__ import annotations

from annotations import AnnotationStore
from corpus.corpus import Corpus
from tui.app import ParlreadApp

from test_annotate_ui import _open, _ready, _records  # noqa: E402  (same folder)


async def test_tag_prompt_keeps_a_tag_added_meanwhile_by_another_session(tmp_path):
    recs = _records()
    store_dir = tmp_path / "store"
    app = ParlreadApp(corpus=Corpus(recs), store_dir=store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        reader = await _open(app, pilot, 0, 1)
        record, passage = reader.record, reader.current_passage
        await pilot.press("t", *"policy", "enter")
        await pilot.pause()
        await pilot.press("t")  # prefilled "policy "; the user adds "meals"
        await pilot.press(*"meals")
        # meanwhile, another session (the CLI `parlread tag`, same user) tags the same passage
        other = AnnotationStore.open(store_dir, author=app.store.author)
        other.tag_passage(record, passage, add=["from-cli"])
        await pilot.press("enter")
        await pilot.pause()
        tags = sorted(t for a in AnnotationStore.open(store_dir).for_passage(passage.id) for t in a.tags)
        assert tags == ["from-cli", "meals", "policy"]
        # and removing tags in the prompt still removes them (now all three were shown)
        await pilot.press("t", *(["backspace"] * 60), *"policy", "enter")
        await pilot.pause()
        tags = sorted(t for a in AnnotationStore.open(store_dir).for_passage(passage.id) for t in a.tags)
        assert tags == ["policy"]


async def test_note_editor_never_overwrites_a_note_changed_meanwhile(tmp_path):
    """The note editor was opened on "first"; another session (a W3C import)
    changed the note meanwhile: saving must not silently replace it."""
    recs = _records()
    store_dir = tmp_path / "store"
    app = ParlreadApp(corpus=Corpus(recs), store_dir=store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        reader = await _open(app, pilot, 0, 1)
        passage = reader.current_passage
        await pilot.press("a", *"first", "ctrl+s")
        await pilot.pause()
        (ann,) = app.store.for_passage(passage.id)
        await pilot.press("a")  # the editor opens on "first"
        await pilot.press("end", *" and mine")
        AnnotationStore.open(store_dir).update(ann.id, note="changed elsewhere", add_tags=["other"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        stored = AnnotationStore.open(store_dir).get(ann.id)
        assert stored.note == "changed elsewhere" and stored.tags == ["other"]
        assert app.screen.__class__.__name__ == "NoteEditor"  # the dialog stays open with the user's text
