"""Issue 12 item 2 (no key dropped or misrouted), with Pilot.

``pilot.press`` waits for the app to be idle after every key, which hides the
races a real terminal shows; here the keys of a burst are posted to the app
in one go, as the terminal driver does when a fast typist (or tmux
send-keys) sends them together.
"""

from __future__ import annotations

import threading

import pytest
from pilot_support import until, workers_idle
from textual import events
from textual.widgets import Input, TextArea

from annotations import AnnotationStore
from test_no_color_crash import _notes_app
from tui.app import ParlreadApp
from tui.screens.help import HelpScreen
from tui.screens.search import SearchScreen
from tui.widgets.library import RecordList


def burst(app, *keys: str) -> None:
    """Post ``keys`` to the app at once (no wait between them)."""
    chars = {"question_mark": "?", "space": " ", "slash": "/", "enter": "\r", "escape": "\x1b", "backspace": "\x7f"}
    for key in keys:
        char = chars.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, char))


async def test_backspace_queued_before_f1_still_deletes_in_the_search_box(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        await pilot.press("ctrl+f", *"ab?")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.query_one(Input).value == "ab?",
                    "the query typed in the search box")
        burst(app, "backspace", "f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen again")
        assert app.screen.query_one(Input).value == "ab", "the Backspace sent before F1 was dropped"


async def test_keys_after_the_key_that_closes_the_help_go_to_the_screen_under_it(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        records = app.main_screen.query_one(RecordList)
        start = records.cursor
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        burst(app, "escape", "j", "j")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen), "the help to close")
        await until(pilot, lambda: records.cursor == start + 2, "the library cursor to move two rows", timeout=5)


async def test_text_typed_right_after_ctrl_f_and_enter_then_escape(tmp_path):
    """ctrl+f, a query, Enter (opens the best hit), then j in one burst: the
    query is the query, and j moves in the reader the hit opened."""
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        await until(pilot, lambda: app.index is not None, "the index")
        burst(app, "ctrl+f", *"kinship", "enter")
        await until(pilot, lambda: not isinstance(app.screen, SearchScreen) and app.has_class("reading"),
                    "the best hit opened in the reader")
        reader = app.main_screen.query_one("Reader")
        assert "kinship" in reader.current_passage.text.casefold()
        assert app.main_screen.query_one("#filter", Input).value == "", "query letters leaked into the library filter"


@pytest.fixture
def slow_store(monkeypatch):
    """The notes store opens only when the test lets it (as on a busy disk or a held lock)."""
    gate = threading.Event()
    real_open = AnnotationStore.open.__func__

    def slow_open(cls, *a, **kw):
        gate.wait(30)
        return real_open(cls, *a, **kw)

    monkeypatch.setattr(AnnotationStore, "open", classmethod(slow_open))
    yield gate
    gate.set()


async def test_note_text_typed_while_the_store_opens_lands_in_the_note(slow_store, tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.main_screen.query_one(RecordList).records, "the library")
        await pilot.press("enter")  # read the first record
        assert app.store is None
        burst(app, "a", *"check wq")  # w = warnings, q = quit on the library
        await until(pilot, lambda: app.keys_waiting >= 8, "the keys to wait for the store")
        assert app.is_running and type(app.screen).__name__ == "MainScreen"
        slow_store.set()
        await until(pilot, lambda: isinstance(app.focused, TextArea) and app.focused.text == "check wq",
                    "the note dialog with the text typed meanwhile")
        assert not any("Loading problems" in type(s).__name__ for s in app.screen_stack)


async def test_keys_typed_while_the_store_opens_act_in_the_notes_list(slow_store, tmp_path):
    app = _notes_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.main_screen.query_one(RecordList).records, "the library")
        records = app.main_screen.query_one(RecordList)
        start = records.cursor
        burst(app, "A", "j", "j", "enter")
        await until(pilot, lambda: app.keys_waiting >= 3, "the keys to wait for the store")
        slow_store.set()
        # Enter on the notes list opens the note it points at, in the reader
        await until(pilot, lambda: type(app.screen).__name__ == "MainScreen" and app.store is not None
                    and app.has_class("reading"), "the note opened from the notes list")
        assert records.cursor == start, "j j moved the library instead of the notes list"
        reader = app.main_screen.query_one("Reader")
        assert reader.record is not None and reader.record.id in {a.record_id for a in app.store.all()}


async def test_escape_while_keys_wait_for_the_store_cancels_and_says_so(slow_store, tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.main_screen.query_one(RecordList).records, "the library")
        burst(app, "A", "j", "escape")
        await until(pilot, lambda: any("Cancelled" in n.message for n in app._notifications), "the cancel notice")
        slow_store.set()
        await until(pilot, lambda: app.store is not None, "the store")
        await pilot.pause()
        assert type(app.screen).__name__ == "MainScreen", "the cancelled notes list opened anyway"
        await pilot.press("j")  # keys work again
        assert app.keys_waiting == 0


async def test_enter_typed_right_after_v_compares_in_the_versions_list(tmp_path, monkeypatch):
    """`v` looks the versions up in a worker before its list opens: an Enter
    typed at once belongs to that list (compare), not to the library."""
    from corpus.dirs import sample_dir
    from tui.screens.compare import CompareScreen

    monkeypatch.setenv("PARLREAD_CACHE", "off")
    app = ParlreadApp(paths=[sample_dir()], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.session.version_groups is not None, "the version groups")
        await workers_idle(app, pilot)
        rl = app.main_screen.query_one(RecordList)
        idx = next(i for i, r in enumerate(rl.records[j] for j in rl.view) if (r.title or "").startswith("Children’s Social Care"))
        for _ in range(idx):
            await pilot.press("j")
        burst(app, "v", "enter")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the comparison chosen in the versions list")
        assert not app.has_class("reading"), "the Enter opened the record in the library instead"


async def test_tag_then_note_typed_in_one_burst(tmp_path):
    """Enter in the tag dialog submits through a message (Input.Submitted):
    the `a` typed right after it must open the note dialog, not end in the
    tag ("kinshipa") — seen in tmux on the shared data."""
    app = _notes_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        await until(pilot, lambda: app.store is not None, "the store")
        await pilot.press("enter")
        burst(app, "t", *"kinship", "enter", "a", *"check wq", "ctrl+s")
        await until(pilot, lambda: any(a.note == "check wq" for a in app.store.all()), "the note saved", timeout=10)
        record = app.main_screen.query_one("Reader").record
        mine = [a for a in app.store.all() if a.record_id == record.id]
        assert any("kinship" in a.tags for a in mine), [a.tags for a in mine]
        assert not any(t.startswith("kinship") and t != "kinship" for a in mine for t in a.tags)
        assert type(app.screen).__name__ == "MainScreen"


async def test_letters_typed_right_after_f_all_land_in_the_facet_narrow_field(tmp_path):
    """The first letter moves the focus to the field, whose focus selects its
    text: the second letter replaced the first ("zq/n" became "q/n")."""
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        burst(app, "F", "z", "q", "slash", "n")
        await until(pilot, lambda: type(app.screen).__name__ == "FacetScreen"
                    and app.screen.query_one("#facet-narrow", Input).value == "zq/n", "every letter in the field", timeout=5)


async def test_keys_typed_while_the_corpus_loads_are_commands_not_filter_text(tmp_path, monkeypatch):
    """While loading, `f safeguarding` filters (the list has the focus);
    before, the filter box had it and got "fsafeguarding" (0 records)."""
    import corpus.loader as loader_mod

    gate = threading.Event()
    real_load = loader_mod.load

    def slow_load(*a, **kw):
        gate.wait(30)
        return real_load(*a, **kw)

    monkeypatch.setattr(loader_mod, "load", slow_load)
    app = ParlreadApp(store_dir=tmp_path / "store")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            burst(app, "f", *"safeguarding")
            await pilot.pause()
            gate.set()
            await until(pilot, lambda: app.main_screen.query_one(RecordList).records, "the library")
            await workers_idle(app, pilot)
            assert app.main_screen.query_one("#filter", Input).value == "safeguarding"
            shown = app.main_screen.query_one(RecordList).view
            assert 0 < len(shown) < len(app.corpus.records)
    finally:
        gate.set()


async def test_keys_typed_while_another_folder_loads_act_on_the_new_library(tmp_path, monkeypatch):
    """O reloads: an Enter typed meanwhile opened the OLD library's record."""
    import corpus.loader as loader_mod
    from tui.widgets.reader import Reader

    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "note.md").write_text("# Kinship carers allowance\n\nA pilot of a kinship allowance in eight areas.\n",
                                    encoding="utf-8")
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        gate = threading.Event()
        real_load = loader_mod.load

        def slow_load(*a, **kw):
            gate.wait(30)
            return real_load(*a, **kw)

        monkeypatch.setattr(loader_mod, "load", slow_load)
        try:
            await pilot.press("O")
            await until(pilot, lambda: type(app.screen).__name__ == "PathScreen", "the open dialog")
            app.screen.query_one("#path", Input).value = str(folder)
            burst(app, "enter", "enter")  # open the folder, then open the (new) first record
            await until(pilot, lambda: app.screen is app.main_screen, "the library")
            await pilot.pause()
            gate.set()
            await until(pilot, lambda: len(app.corpus.records) == 1 and app.has_class("reading"), "the new record opened")
            assert "Kinship carers allowance" in (app.main_screen.query_one(Reader).record.title or "")
        finally:
            gate.set()
