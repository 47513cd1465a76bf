"""QA follow-ups to issue 12 (qa5, qa1): help, footer and palette list only
what acts on the screen in front; help scrolls with the usual keys and the
wheel; a notice does not cover the help; the comparison footer fits 80 columns;
the export dialog's format and file name agree, in a sensible default folder."""

from __future__ import annotations

import json
import os

from pilot_support import until, workers_idle
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, RadioSet

from test_no_color_crash import _notes_app
from tui.app import ParlreadApp
from tui.screens.compare import CompareScreen
from tui.screens.help import HelpScreen
from tui.screens.search import SearchScreen
from versions_fixtures import statement_002, statement_003


def _help_keys(app) -> dict[str, str]:
    """description -> keys, as the open help lists them."""
    from tui.screens.help import _key_label

    return {b.description: _key_label(b.key) for _, bindings in app.screen.groups for b in bindings}


def _line(app, row: int) -> str:
    strips = app.screen._compositor.render_full_update().strips
    return "".join(seg.text for seg in strips[row])


async def test_search_help_lists_only_keys_that_act_there(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        keys = _help_keys(app)
        for gone in ("Open", "Library", "Find in record", "Search", "Tag", "Note", "Filter"):
            assert gone not in keys, f"{gone!r} ({keys.get(gone)}) is listed but does nothing on the search screen"
        assert keys.get("Quit") == "^q"  # q is typed in the search box: ctrl+q is what quits here
        assert "Open hit" in keys and "Help" in keys
        # on the library the same keys are there
        await pilot.press("escape", "escape")
        await until(pilot, lambda: app.screen is app.main_screen, "the library")
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the library's help")
        keys = _help_keys(app)
        assert {"Open", "Find in record", "Search", "Tag", "Note"} <= set(keys)
        assert set(keys["Quit"].split()) == {"q", "^q"}


async def test_library_keys_do_not_act_under_the_comparison_from_the_palette(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        sort_before = app.main_screen.query_one("RecordList").sort_key
        app.compare(statement_002(), statement_003())
        await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the comparison")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for gone in ("Copy passage", "Note on passage", "Sort library", "Tag passage", "Filter library", "Find in record"):
            assert gone not in titles, f"the palette offers {gone!r} on the comparison (it acts on the hidden reader)"
        assert "Export notes" in titles and "Help" in titles
        # and typed into the palette, "sort" finds no library sort to run
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"sort library", "enter")
        await until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette to close")
        assert app.main_screen.query_one("RecordList").sort_key == sort_before


async def test_comparison_footer_fits_80_columns(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        app.compare(statement_002(), statement_003())
        await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the comparison")
        await workers_idle(app, pilot)
        footer = app.screen.query_one(Footer)
        assert footer.max_scroll_x == 0, "the footer is wider than the screen: its last keys are cut"
        bottom = _line(app, 23)
        for text in ("Diffs", "Close", "Help", "palette"):
            assert text in bottom, bottom


async def test_help_scrolls_with_paging_keys_and_the_wheel(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        body = app.screen.query_one("#help-body", VerticalScroll)
        assert body.max_scroll_y > 10
        for key, where in (("G", lambda: body.scroll_y == body.max_scroll_y), ("g", lambda: body.scroll_y == 0),
                           ("space", lambda: body.scroll_y > 5), ("b", lambda: body.scroll_y == 0),
                           ("end", lambda: body.scroll_y == body.max_scroll_y), ("home", lambda: body.scroll_y == 0),
                           ("pagedown", lambda: body.scroll_y > 5), ("pageup", lambda: body.scroll_y == 0),
                           ("down", lambda: body.scroll_y == 1)):
            await pilot.press(key)
            await until(pilot, where, f"the help to scroll with {key}", timeout=5)
        await pilot.press("home")
        await until(pilot, lambda: body.scroll_y == 0, "top")
        # the wheel over the box, as the terminal reports it (Pilot has no wheel helper)
        from textual import events

        x, y = body.region.x + 5, body.region.y + 5
        app.post_message(events.MouseScrollDown(None, x, y, 0, 1, 0, False, False, False, screen_x=x, screen_y=y))
        await until(pilot, lambda: body.scroll_y > 0, "the help to scroll with the mouse wheel", timeout=5)


async def test_a_notice_goes_to_the_help_line_not_over_the_box(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        app.notify("Note saved", timeout=5)
        await pilot.pause()
        text = "\n".join(_line(app, r) for r in range(24))
        assert text.count("Note saved") == 1, text
        toasts = [t for t in app.screen.query("Toast") if t.display and t.region.area]
        assert not toasts, "a toast is drawn over the help box"
        line = app.screen.query_one("#message")
        assert line.display and "Note saved" in str(line.render())


async def test_export_default_folder_is_not_the_working_directory(tmp_path, monkeypatch):
    work = tmp_path / "repo"
    work.mkdir()
    monkeypatch.chdir(work)
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    app = _notes_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        await pilot.press("E")
        await until(pilot, lambda: type(app.screen).__name__ == "ExportScreen", "the export dialog")
        value = app.screen.query_one("#export-path", Input).value
        assert value.startswith("~/Documents/parlread-notes-") and value.endswith(".jsonld"), value
        screen_text = "\n".join(_line(app, r) for r in range(24))
        assert "Saved in ~/Documents" in screen_text
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any("Wrote" in n.message for n in app._notifications), "the export")
        written = list((home / "Documents").glob("parlread-notes-*.jsonld"))
        assert len(written) == 1 and not list(work.iterdir())
        json.loads(written[0].read_text(encoding="utf-8"))


async def test_export_file_name_and_format_agree(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = _notes_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        await pilot.press("E")
        await until(pilot, lambda: type(app.screen).__name__ == "ExportScreen", "the export dialog")
        # W3C is chosen; the user types a .csv name: the format follows the name (shown)
        inp = app.screen.query_one("#export-path", Input)
        inp.value = str(tmp_path / "out.csv")
        await until(pilot, lambda: app.screen.query_one("#export-format", RadioSet).pressed_index == 1,
                    "the CSV format chosen by the .csv name")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: (tmp_path / "out.csv").exists(), "the export")
        head = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[0]
        assert not head.lstrip().startswith("{") and "," in head, head
        # a name whose extension is no export format is refused, with the reason
        await pilot.press("E")
        await until(pilot, lambda: type(app.screen).__name__ == "ExportScreen", "the export dialog")
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "notes.txt")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExportScreen"
        assert "'.txt' is not an export file name" in str(app.screen.query_one("#error").render())
        assert not (tmp_path / "notes.txt").exists()
        assert os.path.exists(tmp_path / "out.csv")


async def test_export_choice_reads_without_colour(tmp_path, monkeypatch):
    """Under NO_COLOR the chosen format and scope must be told apart by a mark, not a colour."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    app = _notes_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        await pilot.press("E")
        await until(pilot, lambda: type(app.screen).__name__ == "ExportScreen", "the export dialog")
        await pilot.pause()

        def marked() -> list[str]:
            rows = [_line(app, r) for r in range(24)]
            return [r for r in rows if "●" in r and any(w in r for w in ("W3C", "CSV", "Markdown"))]

        assert len(marked()) == 1 and "W3C" in marked()[0], marked()
        await pilot.press("down", "enter")
        await until(pilot, lambda: len(marked()) == 1 and "CSV" in marked()[0], "the mark on CSV only")


async def test_collation_footer_fits_and_its_palette_acts_on_it(tmp_path, monkeypatch):
    from corpus.dirs import sample_dir
    from test_qa5_screens import _open_versions
    from tui.screens.collate import CollateScreen

    monkeypatch.setenv("PARLREAD_CACHE", "off")
    app = ParlreadApp(paths=[sample_dir()], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_versions(app, pilot)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, CollateScreen), "the collation")
        await workers_idle(app, pilot)
        assert app.screen.query_one(Footer).max_scroll_x == 0, "the collation footer is cut at 80 columns"
        bottom = _line(app, 23)
        for text in ("Variants", "Filter rows", "Help", "Close", "palette"):
            assert text in bottom, bottom
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Copy passage" not in titles and "Note on passage" not in titles, titles
        assert any(t.startswith("Collation: Copy this row") for t in titles)
