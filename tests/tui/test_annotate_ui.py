"""Pilot tests of tags and notes in the app: t, a, u, A (notes list, orphans), T."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, TextArea

from annotations import AnnotationStore
from corpus.corpus import Corpus
from corpus.model import make_record
from annotations.parse import find_quote, parse_tags
from tui.screens.notes import NotesList, NotesScreen
from tui.screens.tags import TagManager
from tui.app import ParlreadApp
from tui.widgets.library import RecordList
from tui.widgets.reader import Reader


def _records(n: int = 4):
    return [
        make_record(
            [("question", f"To ask the Secretary of State about school meals in area {i}."),
             ("answer", f"The Department spent £{i}0 million on free school meals in {2020 + i}. Officials keep this under review."),
             ("answer", f"Further details for area {i} will be published in due course.")],
            title=f"School meals {i}", kind="written question", house="Commons",
            date_asked=f"2024-02-{i + 1:02d}", department="Department for Education",
        )
        for i in range(n)
    ]


async def _ready(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    assert app.store is not None


async def _open(app, pilot, record_index: int = 0, passage_index: int = 0):
    """Open a record (sorted by date, newest first: index into the library view) at a passage."""
    records = app.screen.query_one(RecordList)
    records.cursor = record_index
    await pilot.press("enter")
    for _ in range(passage_index):
        await pilot.press("j")
    await pilot.pause()
    return app.screen.query_one(Reader)


def _option_texts(screen) -> list[str]:
    """What each row of the screen's list shows (a notes-list row: its lines as drawn, joined by newlines)."""
    if screen.query(NotesList):
        notes = screen.query_one(NotesList)
        return [notes.row_text(i) for i in range(notes.row_count)]
    ol = screen.query_one(OptionList)
    return [ol.get_option_at_index(i).prompt.plain for i in range(ol.option_count)]


def _margin(reader, passage_index: int) -> str:
    """The gutter mark of a passage's first line (column 1)."""
    first = reader._first_line[passage_index]
    return reader._lines[first].strip.text[1]


def test_parse_tags_and_find_quote():
    assert parse_tags("policy  schools policy") == ["policy", "schools"]
    assert parse_tags("free meals, policy ,") == ["free meals", "policy"]
    text = "The Department’s figures  show £40 million."
    assert find_quote(text, "figures  show") == (17, 30)
    assert find_quote(text, "Department's figures show") == (4, 30)  # straight quote, one space
    assert find_quote(text, "not there") is None
    assert find_quote(text, "   ") is None


async def test_tag_passage_by_keys_saves_and_marks_margin(tmp_path):
    recs = _records()
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        reader = await _open(app, pilot, 0, 1)
        record, passage = reader.record, reader.current_passage
        assert _margin(reader, 1) == " "
        await pilot.press("t")
        await pilot.press(*"policy meals")
        await pilot.press("enter")
        await pilot.pause()
        anns = app.store.for_passage(passage.id)
        assert [a.tags for a in anns] == [["policy", "meals"]]
        assert anns[0].whole_passage and anns[0].quote == passage.text
        assert _margin(reader, 1) == "#"
        assert _margin(reader, 0) == " "
        # t again edits the same annotation (prefilled), adding a tag
        await pilot.press("t")
        assert app.screen.query_one("#tags", Input).value == "policy meals "
        await pilot.press(*"later", "enter")
        await pilot.pause()
        assert [a.tags for a in app.store.for_passage(passage.id)] == [["policy", "meals", "later"]]
        # Esc cancels without saving
        await pilot.press("t", *" nope", "escape")
        await pilot.pause()
        assert [a.tags for a in app.store.for_passage(passage.id)] == [["policy", "meals", "later"]]
        assert record.id in app.screen.query_one(RecordList).marks


async def test_quote_not_in_passage_is_refused_and_dialog_stays(tmp_path):
    app = ParlreadApp(corpus=Corpus(_records()), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await _open(app, pilot, 0, 1)
        await pilot.press("t", *"policy", "tab", *"no such words", "enter")
        await pilot.pause()
        assert len(app.store) == 0
        assert "not in this passage" in str(app.screen.query_one("#error").render())
        assert app.screen.query_one("#tags", Input).value == "policy"  # nothing typed is lost


async def test_note_with_quote_span_then_undo(tmp_path):
    app = ParlreadApp(corpus=Corpus(_records()), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        reader = await _open(app, pilot, 0, 1)
        passage = reader.current_passage
        await pilot.press("a")
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"Check this figure")
        await pilot.press("tab", *"money", "tab", *"free school meals")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [ann] = app.store.all()
        assert ann.note == "Check this figure"
        assert ann.tags == ["money"]
        assert ann.quote == "free school meals"
        assert passage.text[ann.start - passage.start: ann.end - passage.start] == "free school meals"
        assert not ann.whole_passage
        assert _margin(reader, 1) == "✎"
        # a on the same passage edits the note (update, not a second note)
        await pilot.press("a")
        assert app.screen.query_one("#note", TextArea).text == "Check this figure"
        assert app.screen.query_one("#quote", Input).disabled
        await pilot.press("end", *" again", "ctrl+s")
        await pilot.pause()
        assert [a.note for a in app.store.all()] == ["Check this figure again"]
        await pilot.press("u")
        await pilot.pause()
        assert [a.note for a in app.store.all()] == ["Check this figure"]
        assert list(app._notifications)[-1].message == "Undone: note edit on “School meals 3” ¶2"
        await pilot.press("u")
        await pilot.pause()
        assert app.store.all() == []
        assert _margin(reader, 1) == " "


async def test_notes_list_groups_and_opens_record_at_passage(tmp_path):
    recs = _records()
    store = AnnotationStore.open(tmp_path / "store")
    store.add(recs[1], recs[1].passages[2], note="Publication date?", tags=["follow-up"])
    store.add(recs[3], recs[3].passages[0], tags=["meals"])
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        texts = _option_texts(screen)
        assert texts[0].startswith("School meals 1 · 2024-02-02 (1)")
        assert "Publication date?" in texts[1] and "#follow-up" in texts[1]
        assert texts[2].startswith("School meals 3")
        await pilot.press("o")  # by tag
        texts = _option_texts(screen)
        assert [t for t in texts if t.startswith("#")] == ["#follow-up (1)", "#meals (1)"]
        await pilot.press("o", "o")  # date, then back to record
        assert screen.group == "record"
        await pilot.press("j")  # second row is a heading: skipped to the School meals 3 annotation
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        assert reader.record is recs[3]
        assert reader.current_passage.id == recs[3].passages[0].id
        # the first note, opened with Enter
        await pilot.press("A", "enter")
        await pilot.pause()
        assert reader.record is recs[1] and reader.cursor == 2


async def test_notes_list_edit_and_delete_with_confirmation(tmp_path):
    recs = _records()
    store = AnnotationStore.open(tmp_path / "store")
    store.add(recs[0], recs[0].passages[1], note="first")
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("A", "e")
        await pilot.pause()
        await pilot.press("end", *" edited", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        assert [a.note for a in app.store.all()] == ["first edited"]
        assert "first edited" in _option_texts(app.screen)[1]
        await pilot.press("d", "n")
        assert len(app.store) == 1
        await pilot.press("d", "y")
        await pilot.pause()
        assert len(app.store) == 0
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("u")
        await pilot.pause()
        assert [a.note for a in app.store.all()] == ["first edited"]


async def test_tag_manager_rename_merge_delete_and_filter_library(tmp_path):
    recs = _records()
    store = AnnotationStore.open(tmp_path / "store")
    store.add(recs[0], recs[0].passages[0], tags=["meals", "cost"])
    store.add(recs[2], recs[2].passages[1], tags=["costs"], note="kept")
    store.add(recs[3], recs[3].passages[1], tags=["meals"])
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("T")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TagManager)
        assert [t.split()[1] for t in _option_texts(screen)] == ["cost", "costs", "meals"]
        # rename meals -> school meals
        await pilot.press("j", "j", "r")
        await pilot.press("ctrl+u", *"school meals", "enter")
        await pilot.pause()
        assert app.store.tags() == {"cost": 1, "costs": 1, "school meals": 2}
        # merge cost into costs
        await pilot.press("g" if False else "home", "m", *"costs", "enter")
        await pilot.pause()
        assert app.store.tags() == {"costs": 2, "school meals": 2}
        # delete costs: annotations kept
        await pilot.press("home", "x", "y")
        await pilot.pause()
        assert app.store.tags() == {"school meals": 2}
        assert len(app.store) == 3 and any(a.note == "kept" for a in app.store.all())
        # undo the deletion
        await pilot.press("u")
        await pilot.pause()
        assert app.store.tags() == {"costs": 2, "school meals": 2}
        # Enter on "school meals": library shows the two records carrying it
        await pilot.press("end", "enter")
        await pilot.pause()
        records = app.screen.query_one(RecordList)
        shown = {records.records[i].id for i in records.view}
        assert shown == {recs[0].id, recs[3].id}
        assert app.focused is records
        # T shows a "clear filter" row first; Esc in the library clears too
        await pilot.press("T")
        await pilot.pause()
        assert _option_texts(app.screen)[0].startswith("✕ clear filter")
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        assert len(records.view) == 4


async def test_tag_colour_prompt_rejects_bad_colour(tmp_path):
    recs = _records()
    store = AnnotationStore.open(tmp_path / "store")
    store.add(recs[0], recs[0].passages[0], tags=["meals"])
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("T", "c", *"[red]", "enter")
        await pilot.pause()
        assert "not a colour" in str(app.screen.query_one("#error").render())
        await pilot.press("ctrl+u", *"magenta", "enter")
        await pilot.pause()
        assert app.store.tag_colours() == {"meals": "magenta"}
        assert "magenta" in _option_texts(app.screen)[0]


async def test_orphan_view_lists_orphan_and_reattach_by_hand(tmp_path):
    recs = _records()
    old = make_record([("body", "A statement that was withdrawn and replaced entirely.")], title="Withdrawn statement", kind="written statement")
    store = AnnotationStore.open(tmp_path / "store")
    ann = store.add(old, old.passages[0], note="still matters", tags=["watch"])
    report = store.reanchor_all(Corpus(recs))
    assert report.count("orphan") == 1
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        assert "1 needs attention: O" in str(app.screen.query_one("#notes-title").render())
        await pilot.press("O")
        await pilot.pause()
        screen = app.screen
        texts = _option_texts(screen)
        assert texts[0].startswith("Withdrawn statement")
        assert "ORPHAN" in texts[1] and "A statement that was withdrawn and replaced entirely." in texts[1]
        # Enter on an orphan: its record is not loaded, it stays listed
        await pilot.press("enter")
        assert app.screen is screen
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"02-03", "enter")  # record picker: filter as you type (School meals 2 is dated 2024-02-03)
        await pilot.pause()
        await pilot.press("j", "enter")  # passage picker: second passage
        await pilot.pause()
        assert app.screen is screen
        got = app.store.get(ann.id)
        target = next(r for r in recs if r.title == "School meals 2")
        assert got.status == "manual" and got.record_id == target.id
        assert got.passage_id == target.passages[1].id
        assert got.original_quote == "A statement that was withdrawn and replaced entirely."
        assert app.store.orphans() == []
        assert "every annotation is anchored" in str(screen.query_one("#notes-title").render())


async def test_hostile_tag_name_shows_literally(tmp_path):
    app = ParlreadApp(corpus=Corpus(_records()), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await _open(app, pilot, 0, 0)
        await pilot.press("t", *"[bold]x[/]", "enter")
        await pilot.pause()
        assert app.store.tags() == {"[bold]x[/]": 1}
        await pilot.press("T")
        await pilot.pause()
        assert "[bold]x[/]" in _option_texts(app.screen)[0]
        app.store.add(_records()[0], _records()[0].passages[0],
                      note="[@click=app.quit]quit[/] \x1b[2J [link=file:///etc/passwd]z[/link]")
        await pilot.press("escape", "A")
        await pilot.pause()
        texts = _option_texts(app.screen)
        assert any("#[bold]x[/]" in t for t in texts)
        assert any("[@click=app.quit]quit[/] ␛[2J [link=file:///etc/passwd]z[/link]" in t for t in texts)
        await pilot.click(NotesList, offset=(12, 3))  # a click on the note (its 2nd line) opens that record; the markup does nothing
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, NotesScreen)


async def test_read_only_store_refuses_writes_without_crashing(tmp_path):
    app = ParlreadApp(corpus=Corpus(_records()), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        app.store.read_only_reason = "the store at X is not writable"
        await _open(app, pilot, 0, 0)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen.query_one(Reader), Reader)  # no dialog opened
        assert any("read-only" in n.message for n in app._notifications)
        await pilot.press("a", "u")
        await pilot.pause()
        assert len(app.store) == 0 and app.is_running


@pytest.fixture
def _fixed_clock(monkeypatch):
    import annotations.store as store_mod

    monkeypatch.setattr(store_mod, "now_iso", lambda: "2025-03-04T10:00:00.000Z")


def _snapshot_app(tmp_path):
    recs = _records()
    store = AnnotationStore.open(tmp_path / "store", author="tester")
    store.add(recs[1], recs[1].passages[1], note="Check against the DfE statistics release.", tags=["meals", "cost"])
    store.add(recs[1], recs[1].passages[2], tags=["follow-up"])
    store.add(recs[2], recs[2].passages[1], span=(4, 14), tags=["meals"])
    store.set_tag_colour("meals", "green")
    return ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")


def test_snapshot_notes_list(snap_compare, tmp_path, _fixed_clock):
    assert snap_compare(_snapshot_app(tmp_path), press=["A"], terminal_size=(80, 24))


def test_snapshot_tag_manager(snap_compare, tmp_path, _fixed_clock):
    assert snap_compare(_snapshot_app(tmp_path), press=["T"], terminal_size=(80, 24))


async def test_damaged_shard_keeps_dialog_open_and_file_untouched(tmp_path):
    from annotations.store import shard_name

    recs = _records()
    store_dir = tmp_path / "store"
    AnnotationStore.open(store_dir)
    newest = max(recs, key=lambda r: r.sort_date)  # first in the library (newest first)
    shard = store_dir / "shards" / f"{shard_name(newest.id)}.json"
    shard.write_bytes(b'{"annotations": {"1": {"id": "x", ')  # truncated JSON
    app = ParlreadApp(corpus=Corpus(recs), store_dir=store_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        assert any("damaged" in n.message or str(shard.name) in n.message for n in app._notifications)
        reader = await _open(app, pilot, 0, 1)
        assert reader.record is newest
        await pilot.press("a", *"keep me", "ctrl+s")
        await pilot.pause()
        assert "Not saved" in str(app.screen.query_one("#error").render())
        assert app.screen.query_one("#note", TextArea).text == "keep me"  # the text is still there
        assert shard.read_bytes() == b'{"annotations": {"1": {"id": "x", '
        assert app.is_running


async def test_reattach_a_quote_keeps_its_words_when_the_passage_has_them(tmp_path):
    recs = _records()
    old = make_record([("body", "Earlier draft: officials keep this under review. Nothing else.")], title="Draft", kind="written statement")
    store = AnnotationStore.open(tmp_path / "store")
    ann = store.add(old, old.passages[0], span=(25, 47), tags=["review"])
    assert ann.quote == "keep this under review"
    store.reanchor_all(Corpus([make_record([("body", "Unrelated text entirely.")], title="Other")]))
    assert store.get(ann.id).status == "orphan"
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("A", "O", "r", *"02-02", "enter")
        await pilot.pause()
        target = next(r for r in recs if r.title == "School meals 1")
        # the passage picker preselects the passage most like the quote
        assert app.screen.query_one(OptionList).highlighted == 1
        await pilot.press("enter")
        await pilot.pause()
        got = app.store.get(ann.id)
        assert got.record_id == target.id and got.status == "manual"
        assert got.quote == "keep this under review" and not got.whole_passage
        p = target.passages[1]
        assert p.text[got.start - p.start: got.end - p.start] == "keep this under review"


async def test_large_notes_list_is_built_in_a_worker_with_loading_message(tmp_path, monkeypatch):
    import threading

    import tui.screens.notes as annotate_mod

    recs = _records()
    store = AnnotationStore.open(tmp_path / "store")
    store.add(recs[1], recs[1].passages[2], note="first note", tags=["meals"])
    store.add(recs[3], recs[3].passages[0], tags=["meals"])
    monkeypatch.setattr(annotate_mod, "WORKER_THRESHOLD", 1)  # two annotations count as "many"
    gate = threading.Event()
    real_build = annotate_mod.build_note_rows

    def slow_build(anns, group):
        assert threading.current_thread() is not threading.main_thread()
        gate.wait(10)
        return real_build(anns, group)

    monkeypatch.setattr(annotate_mod, "build_note_rows", slow_build)
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NotesScreen)  # the screen is up while the rows are built
        assert str(screen.query_one("#notes-title").render()) == "Loading 2 notes…"
        assert screen.query_one(NotesList).render_line(0).text.strip() == "Loading 2 notes…"
        await pilot.press("d", "enter")  # nothing to act on yet: no dialog, no crash
        assert app.screen is screen and len(app.store) == 2
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _option_texts(screen)[0] == "School meals 1 · 2024-02-02 (1)"
        assert "first note" in _option_texts(screen)[1]
        assert str(screen.query_one("#notes-title").render()).startswith("Notes and tags — 2 annotations, by record")
        await pilot.press("o")  # regrouping goes through the worker too
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _option_texts(screen)[0] == "#meals (2)"
        await pilot.press("j", "enter")  # second annotation under #meals: School meals 3
        await pilot.pause()
        assert app.screen.query_one(Reader).record is recs[3]


async def test_notes_list_keys_skip_headings_and_scroll(tmp_path):
    recs = _records()
    store = AnnotationStore.open(tmp_path / "store")
    for r in recs:  # four groups of three: 16 rows of two lines, more than the 80x24 screen shows
        for p in r.passages:
            store.add(r, p, note=f"note on {r.title} ¶{p.index + 1}")
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        notes = app.screen.query_one(NotesList)
        assert notes.cursor == 1 and notes.scroll_offset.y == 0
        await pilot.press("j", "j", "j")  # past the School meals 1 heading
        assert notes.cursor == 5 and "note on School meals 1 ¶1" in notes.row_text(5)
        await pilot.press("G")
        await pilot.pause()
        assert notes.cursor == 15 and "note on School meals 3 ¶3" in notes.row_text(15)
        assert notes.scroll_offset.y == 16 * 2 - notes.scrollable_content_region.height  # last row in view
        await pilot.press("g")
        await pilot.pause()
        assert notes.cursor == 1 and notes.scroll_offset.y == 0  # heading above the first row in view
        await pilot.press("k")
        assert notes.cursor == 1


async def test_deleting_keeps_the_cursor_in_place(tmp_path):
    recs = _records()
    store = AnnotationStore.open(tmp_path / "store")
    for p in recs[0].passages:
        store.add(recs[0], p, note=f"note ¶{p.index + 1}")
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("A", "j")
        notes = app.screen.query_one(NotesList)
        assert "note ¶2" in notes.row_text(notes.cursor)
        await pilot.press("d", "y")
        await pilot.pause()
        assert "note ¶3" in notes.row_text(notes.cursor)  # the next one, not back at the top
        await pilot.press("d", "y")
        await pilot.pause()
        assert "note ¶1" in notes.row_text(notes.cursor)  # the last went: the one before it
