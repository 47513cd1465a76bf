"""The first screen: the library/reader screen is the app's first screen (not pushed over an empty
one), a corpus loaded before it mounts is listed and focused in the first frame without a loading
bar, and a slow load still shows the bar, keeps the filter focused and reports its progress."""

from __future__ import annotations

import shutil
import sys
import threading
from pathlib import Path

from pilot_support import until

import corpus.loader as loader
from corpus.dirs import sample_dir
from tui import preload
from tui.app import ParlreadApp
from tui.screens.main import MainScreen
from tui.widgets.library import RecordList


def _hold_loading(monkeypatch) -> threading.Event:
    """Every file's load waits for the returned event (a slow disk): set it to let the load go on."""
    gate = threading.Event()
    real = loader.load_file

    def held(path, **kw):
        gate.wait(20)
        return real(path, **kw)

    monkeypatch.setattr(loader, "load_file", held)
    return gate


def _copy_samples(d):
    d.mkdir()
    for src in sorted(sample_dir().glob("*.txt")):
        shutil.copy(src, d / src.name)
    return d


async def test_a_corpus_loaded_before_mount_is_the_one_screen_focused_with_no_loading_bar(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    d = _copy_samples(tmp_path / "corpus")
    early = preload.start([str(d)])
    early.future.result(timeout=20)  # as on the samples: loaded while Textual was imported
    app = ParlreadApp([str(d)], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        records = app.screen.query_one(RecordList)
        assert app.screen_stack == [app.screen] and isinstance(app.screen, MainScreen)
        assert len(records.view) == 7 and app.focused is records
        assert not app.screen.query("#loading-bar")  # never mounted: nothing was loading
        assert not app.screen.loading_shown
        assert not app.screen.query("#loading, #message")  # mounted when first needed, not in the first frame
        assert "7 of 7 records" in str(app.screen.query_one("#library-status").render())
        await pilot.press("j", "enter")  # keys act on the list at once
        await until(pilot, lambda: app.open_record_obj is not None, "the second record to open")
        assert app.open_record_obj.id == records.records[records.view[1]].id
        await pilot.press("h", "question_mark")  # help over the main screen, then back
        await until(pilot, lambda: len(app.screen_stack) == 2, "the help screen")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen_stack == [app.main_screen], "the main screen again")


async def test_a_slow_load_shows_the_bar_and_keys_typed_meanwhile_filter_the_records(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    d = _copy_samples(tmp_path / "corpus")
    gate = _hold_loading(monkeypatch)  # a slow disk: the loading line and bar show meanwhile
    app = ParlreadApp([str(d)], store_dir=tmp_path / "store")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and app.screen_stack == [app.screen]
            bar = app.screen.query_one("#loading-bar")
            assert app.screen.loading_shown and bar.display
            status = str(app.screen.query_one("#library-status").render())
            assert status.startswith("loading records…"), status  # not "0 of 0 records" while they load
            assert app.focused is app.screen.query_one(RecordList)  # keys typed while loading are library commands
            await pilot.press("f", "c", "a", "r", "e")
            gate.set()
            await until(pilot, lambda: app.corpus.records, "the records")
            await until(pilot, lambda: not app.screen.loading_shown, "the loading line to go")
            assert bar.progress == bar.total == 5  # the bar followed the files
            records = app.screen.query_one(RecordList)
            assert app.library_view.words == "care"  # f, then the letters typed while loading, filter the list
            assert 0 < len(records.view) <= 7
    finally:
        gate.set()


async def test_moves_typed_on_the_empty_list_of_a_first_load_act_once_the_records_come(tmp_path, monkeypatch):
    """No saved first screen (a first start): j j G k Enter typed while nothing is listed yet move the
    cursor and open a record once the records arrive, as if the rows had been there."""
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    d = _copy_samples(tmp_path / "corpus")
    gate = _hold_loading(monkeypatch)
    app = ParlreadApp([str(d)], store_dir=tmp_path / "store")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            records = app.screen.query_one(RecordList)
            assert records.row_count == 0 and app.focused is records
            await pilot.press("j", "j")
            gate.set()
            await until(pilot, lambda: len(records.view) == 7, "the records")
            assert records.cursor == 2  # the two j typed before any row existed
    finally:
        gate.set()
    monkeypatch.undo()
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    gate2 = _hold_loading(monkeypatch)
    app = ParlreadApp([str(d)], store_dir=tmp_path / "store")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            records = app.screen.query_one(RecordList)
            await pilot.press("G", "k", "enter")
            gate2.set()
            await until(pilot, lambda: app.open_record_obj is not None, "the record to open")
            assert records.cursor == 5  # G to the last of 7, then k
            assert app.open_record_obj.id == records.records[records.view[5]].id
    finally:
        gate2.set()


async def test_keys_typed_before_the_library_widgets_exist_wait_for_them(tmp_path, monkeypatch):
    """The app's first messages can be keys, before the screen is composed: `f` then letters
    must land in the filter (they used to reach a screen with no filter yet: a crash)."""
    from textual import events

    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))

    class EarlyKeys(ParlreadApp):
        CSS_PATH = str(Path(sys.modules[ParlreadApp.__module__].__file__).parent / ParlreadApp.CSS_PATH)

        def on_mount(self) -> None:
            super().on_mount()
            for ch in "fcare":
                self.post_message(events.Key(ch, ch))

    app = EarlyKeys([str(_copy_samples(tmp_path / "corpus"))], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.library_view.words == "care", "the keys typed early to filter the library")
        assert app.focused is app.screen.query_one("#filter") and len(app.screen.query_one(RecordList).view) == 4
