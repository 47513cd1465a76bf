"""The app's reader keys inside the collation (QA): they act on the collation's current row, never on
the record hidden under it.

Found in tmux on the samples: in the collation `y` copied the passage of the reader underneath, `a`
opened a note on that passage, `s` re-sorted the hidden library (and changed the open record), `v`
and ctrl+f stacked screens whose result landed under the collation, out of sight.
"""

from __future__ import annotations

from collate_fixtures import three_witnesses
from corpus.corpus import Corpus
from tui.screens.collate import CollateScreen
from pilot_support import workers_idle as _settle


async def _collation(app, pilot, record):
    await _settle(app, pilot)
    await pilot.pause()
    await _settle(app, pilot)
    app.open_record(record)
    await pilot.press("v")
    await _settle(app, pilot)
    await pilot.pause()
    await pilot.press("a")
    await _settle(app, pilot)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, CollateScreen) and screen.collation is not None
    return screen


async def test_y_and_Y_copy_the_current_row_of_the_base_version(tmp_path):
    from tui.app import ParlreadApp

    a, b, c = three_witnesses()
    app = ParlreadApp(store_dir=tmp_path / "store", corpus=Corpus([a, b, c]))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _collation(app, pilot, b)
        await pilot.press("right_square_bracket")  # row 7: "… is of [the utmost | paramount] importance."
        row = screen.collation.rows[screen.view.cursor]
        base = screen.base
        await pilot.press("y")
        assert app.clipboard == row.readings[base]
        assert "utmost" in app.clipboard or "paramount" in app.clipboard
        await pilot.press("Y")
        rec = screen.records[base]
        assert app.clipboard.startswith(f"“{row.readings[base]}”\n")
        assert rec.title in app.clipboard


async def test_a_writes_a_note_on_the_current_rows_passage_in_the_base_version(tmp_path):
    from tui.app import ParlreadApp
    from tui.dialogs import NoteEditor

    a, b, c = three_witnesses()
    app = ParlreadApp(store_dir=tmp_path / "store", corpus=Corpus([a, b, c]))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _collation(app, pilot, a)  # the reader shows A's first passage
        await pilot.press("right_square_bracket")
        row = screen.collation.rows[screen.view.cursor]
        w = screen.base
        passage = screen.records[w].passages[row.passages[w]]
        assert row.readings[w] in passage.text
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.context == passage.text


async def test_library_keys_say_how_to_get_there_instead_of_acting_out_of_sight(tmp_path):
    from tui.app import ParlreadApp

    a, b, c = three_witnesses()
    app = ParlreadApp(store_dir=tmp_path / "store", corpus=Corpus([a, b, c]))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _collation(app, pilot, b)
        shown = app._reader().record.id
        for key in ("s", "v", "ctrl+f", "slash", "o", "L"):
            await pilot.press(key)
            await _settle(app, pilot)
            await pilot.pause()
            assert app.screen is screen, key
            assert app._reader().record.id == shown, key
            last = list(app._notifications)[-1].message
            assert "collation" in last and "Esc" in last, (key, last)


async def test_the_filter_on_the_base_itself_says_what_it_shows():
    # "filter: A differs" with A the base read as nonsense: it shows the rows where the others differ from A
    from textual.app import App

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(CollateScreen(list(three_witnesses())))

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.pause()
        screen = app.screen
        await pilot.press("1")  # base A
        await pilot.press("f", "f")  # rows that vary, then the filter for A
        summary = str(screen.query_one("#collate-summary").render())
        assert "filter: others differ from A" in summary
        await pilot.press("f")
        assert "filter: B differs from A" in str(screen.query_one("#collate-summary").render())


async def test_the_comparison_screen_does_not_act_on_the_hidden_reader_either(tmp_path):
    from tui.app import ParlreadApp
    from tui.screens.compare import CompareScreen

    a, b, c = three_witnesses()
    app = ParlreadApp(store_dir=tmp_path / "store", corpus=Corpus([a, b, c]))
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.pause()
        await _settle(app, pilot)
        app.open_record(b)
        await pilot.press("v")
        await _settle(app, pilot)
        await pilot.pause()
        await pilot.press("enter")  # compare with the closest version
        await _settle(app, pilot)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        shown = app._reader().record.id
        app.copy_to_clipboard("before")
        for key in ("s", "v", "a", "y", "ctrl+f", "slash"):
            await pilot.press(key)
            await _settle(app, pilot)
            await pilot.pause()
            assert app.screen is screen, key
            assert app._reader().record.id == shown and app.clipboard == "before", key
            last = list(app._notifications)[-1].message
            assert "Esc closes the comparison first" in last, (key, last)
