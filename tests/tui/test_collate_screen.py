"""CollateScreen (Pilot): base text at 80×24, a column per witness when wide, keys, NO_COLOR; the app's `v` → `a` path."""

from __future__ import annotations

from textual.app import App

from collate_fixtures import PRISON, five_witnesses, rec, three_witnesses
from corpus.corpus import Corpus
from tui.screens.collate import CollateScreen
from tui.widgets.collation import CollateView, DensityStrip
from pilot_support import workers_idle as _settle


class Host(App):
    def __init__(self, records):
        super().__init__()
        self.records = records

    def on_mount(self) -> None:
        self.push_screen(CollateScreen(self.records))


async def _ready(app, pilot) -> CollateScreen:
    await _settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, CollateScreen) and screen.collation is not None
    return screen


def _lines(view: CollateView, n: int | None = None) -> list[str]:
    h = view.scrollable_content_region.height
    return [view.render_line(y).text for y in range(n or h)]


def _text(screen, sel: str) -> str:
    return str(screen.query_one(sel).render())


async def test_80x24_base_text_with_variant_marks_and_readings_of_the_row():
    app = Host(list(three_witnesses()))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        view = screen.view
        assert not view.table
        assert screen.base == 1  # B, the version closest to the others, is the base
        assert "B* base" in _text(screen, "#collate-head")
        assert "A  100%" in _text(screen, "#collate-head") and "C   99%" in _text(screen, "#collate-head")
        assert "3 versions, 20 rows =16 ~2 +2 >0 · base B" in _text(screen, "#collate-summary")
        await pilot.press("right_square_bracket")
        assert view.cursor == 6
        line = next(t for t in _lines(view) if t.startswith("~ ABC"))
        assert "Finding the most appropriate place for a new prison is of [the utmost]" in line
        readings = _text(screen, "#collate-readings")
        assert "row 7: worded differently" in readings
        assert "B C: (as shown)" in readings
        assert "A: Finding the most appropriate place for a new prison is of [paramount] importance." in readings
        await pilot.press("right_square_bracket")
        assert view.cursor == 10  # paragraph 4, only in A
        assert "A: Crime has fallen" in _text(screen, "#collate-readings")
        assert "B: not here" in _text(screen, "#collate-readings")
        line = _lines(view)[view.row_line(10) - view.scroll_offset.y]
        assert line.startswith("+ A·· (not in B; A's text) Crime has fallen")
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert view.cursor == 15
        await pilot.press("right_square_bracket")  # no further variant: the bell, cursor stays
        assert view.cursor == 15
        await pilot.press("left_square_bracket")
        assert view.cursor == 11


async def test_switch_base_and_filter_to_rows_where_one_witness_differs():
    app = Host(list(three_witnesses()))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        view = screen.view
        await pilot.press("w")  # base C
        assert screen.base == 2 and "C* base" in _text(screen, "#collate-head")
        assert "A   99%" in _text(screen, "#collate-head")  # C's "well-paid jobs" is not in A
        await pilot.press("W", "W")  # base A
        assert screen.base == 0
        head = _text(screen, "#collate-head")
        assert "B   87%" in head and "C   87%" in head
        await pilot.press("f")
        assert "filter: rows that vary" in _text(screen, "#collate-summary")
        assert view.shown == [6, 10, 11, 15]
        await pilot.press("f", "f")  # rows where witness B differs from the base A
        assert "filter: B differs" in _text(screen, "#collate-summary")
        assert view.shown == [6, 10, 11]
        assert all(t[:1] in "~+" or not t.strip() or t.startswith("│") or t.startswith(" ") for t in _lines(view))
        await pilot.press("f")  # C differs
        assert view.shown == [6, 10, 11, 15]
        await pilot.press("F")
        assert view.shown == list(range(20)) and "all rows" in _text(screen, "#collate-summary")


async def test_wide_table_has_a_column_per_witness_and_moves_jump_with_enter():
    app = Host(five_witnesses())
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await _ready(app, pilot)
        view = screen.view
        assert view.table and view._layout.colw == 36
        first = _lines(view, 1)[0]
        assert first.startswith("> ····E → row 15")
        assert first.count("│") == 4 and first.count("→ row 15") == 4
        assert "These new prisons will allow us to" in first.split("│")[-1]
        assert view.cursor == 0
        await pilot.press("enter")
        assert view.cursor == 14
        await pilot.press("enter")
        assert view.cursor == 0
        await pilot.press("t")
        assert not view.table
        assert _lines(view, 1)[0].startswith("> ····E (D has this at row 15; E's text) These new prisons")
        await pilot.press("t")
        assert view.table


async def test_density_strip_marks_where_versions_differ():
    app = Host(five_witnesses())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        strip = screen.query_one(DensityStrip)
        cells = [strip.render_line(y).text for y in range(strip.size.height)]
        assert len(cells) == strip.size.height and any(c in "░▒▓█" for c in cells)
        assert cells.count(" ") + cells.count("◀") > 0  # the unchanged stretch stays blank
        # the last rows (paragraph 6 kept by 3 of 5, then an added paragraph) are dense
        assert cells[-1] in "▒▓█"


async def test_options_recompute_and_help_lists_the_keys():
    from tui.screens.help import HelpScreen

    ws = [rec(PRISON, natural_key="a"), rec([p.replace("prison", "Prison") for p in PRISON], natural_key="b")]
    app = Host(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        assert [r.status for r in screen.collation.rows].count("variant") == 12
        await pilot.press("c")
        await _settle(app, pilot)
        await pilot.pause()
        assert all(r.status == "same" for r in screen.collation.rows)
        assert "c:ignore case" in _text(screen, "#collate-summary")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        from io import StringIO

        from rich.console import Console

        from tui.screens.help import bindings_table

        con = Console(file=StringIO(), width=100, record=True)
        con.print(bindings_table(app.screen.groups))
        table = con.export_text()
        for words in ("Next variant", "Next base", "Filter rows", "Table/text", "Where a moved row is in the others",
                      "row in some versions only"):
            assert words in table
        await pilot.press("escape")
        await pilot.press("escape")
        assert not isinstance(app.screen, CollateScreen)


async def test_no_color_renders_every_screen_state(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    for size in ((80, 24), (200, 60)):
        app = Host(five_witnesses())
        async with app.run_test(size=size) as pilot:
            assert app.no_color
            screen = await _ready(app, pilot)
            for key in ("right_square_bracket", "w", "f", "f", "enter", "t", "m", "F", "G", "b"):
                await pilot.press(key)
                await pilot.pause()
            assert screen.view.cursor >= 0
            assert "versions" in _text(screen, "#collate-summary")


async def test_versions_list_collates_the_whole_group(tmp_path):
    from tui.app import ParlreadApp
    from tui.features import VersionsScreen

    a, b, c = three_witnesses()
    other = rec(["An unrelated written statement about something else entirely, with enough words to count."])
    app = ParlreadApp(store_dir=tmp_path / "store", corpus=Corpus([a, b, c, other]))
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.pause()
        await _settle(app, pilot)
        app.open_record(b)
        await pilot.press("v")
        await _settle(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, VersionsScreen)
        assert [r.id for r in app.screen.group] == [b.id, c.id, a.id] or {r.id for r in app.screen.group} == {a.id, b.id, c.id}
        await pilot.press("a")
        await _settle(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, CollateScreen)
        assert {r.id for r in app.screen.records} == {a.id, b.id, c.id}
        assert app.screen.collation.summary()["counts"]["some-only"] == 2


async def test_big_layouts_are_wrapped_in_a_thread_and_keep_the_cursor(monkeypatch):
    import tui.widgets.collation as cs

    monkeypatch.setattr(cs, "SYNC_CELLS", 0)  # every layout goes through the worker
    app = Host(five_witnesses())
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await _ready(app, pilot)
        await _settle(app, pilot)
        view = screen.view
        assert view.table and not view.layout_pending
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert view.cursor == 14
        await pilot.press("f")  # rows that vary: laid out in the thread, the cursor stays on row 15
        await _settle(app, pilot)
        assert view.shown == screen.collation.differences() and view.cursor == 14
        assert _lines(view, 1)[0].startswith("> ····E → row 15")
        await pilot.press("t")
        await _settle(app, pilot)
        assert not view.table and view.cursor == 14


async def test_an_excerpt_is_shown_as_partial():
    a, b, c = three_witnesses()
    excerpt = rec(PRISON[1:3], title="Prison estates (excerpt)")
    app = Host([a, b, c, excerpt])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        head = _text(screen, "#collate-head")
        assert "D 40% partial" in head and "A 100%  " in head
        assert head.splitlines()[1].startswith("A: Prison Estates 2009-10-27 · B: Prison estates")
    app = Host([a, b, c, excerpt])
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await _ready(app, pilot)
        line = next(ln for ln in _text(screen, "#collate-head").splitlines() if ln.startswith("D"))
        assert line.startswith("D   40% partial: Prison estates (excerpt)")


async def test_click_moves_the_cursor_to_the_row():
    app = Host(list(three_witnesses()))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        view = screen.view
        target_line = view.row_line(2)  # row 3 starts a few lines down
        await pilot.click(CollateView, offset=(10, target_line))
        await pilot.pause()
        assert view.cursor == 2
        assert "row 3: the same in every version" in _text(screen, "#collate-readings")


async def test_hostile_text_is_shown_literally_never_as_markup_or_escapes():
    evil = "Plain \x1b[31mred\x1b[0m text [bold]here[/bold] \u202eevil [@click=app.quit]x[/] and more."
    ws = [rec([PRISON[0], evil], natural_key="h1"), rec([PRISON[0], evil.replace("more", "less")], natural_key="h2")]
    app = Host(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press("right_square_bracket")
        text = "\n".join(_lines(screen.view)) + _text(screen, "#collate-readings")
        assert "[bold]here[/bold]" in text and "[@click=app.quit]x[/]" in text
        assert "\x1b" not in text and "\u202e" not in text
        assert app.is_running


async def test_number_keys_pick_the_base():
    app = Host(five_witnesses())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press("5")
        assert screen.base == 4 and "E* base" in _text(screen, "#collate-head")
        assert _lines(screen.view, 1)[0].startswith("> ····E These new prisons")  # E's own text, no note
        await pilot.press("1")
        assert screen.base == 0
        await pilot.press("9")  # no ninth version: the bell, base unchanged
        assert screen.base == 0
