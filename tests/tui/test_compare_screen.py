"""CompareScreen in a tiny host app: 002 (first statement) vs 003."""

from __future__ import annotations

from textual.app import App

from corpus.align import Options
from tui.screens.compare import CompareScreen, CompareView
from tui.widgets.wrap import wrap_segments
from versions_fixtures import statement_002, statement_003


class Host(App):
    def __init__(self, a, b, options=None):
        super().__init__()
        self.a, self.b, self.options = a, b, options

    def on_mount(self) -> None:
        self.push_screen(CompareScreen(self.a, self.b, self.options))


async def _ready(app, pilot) -> CompareScreen:
    screen = app.screen
    assert isinstance(screen, CompareScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert screen.comparison is not None
    return screen


def _summary_text(screen: CompareScreen) -> str:
    return str(screen.query_one("#compare-summary").render())


async def test_next_difference_moves_cursor_and_scrolls():
    app = Host(statement_002(), statement_003())
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _ready(app, pilot)
        view = screen.query_one(CompareView)
        rows = screen.comparison.rows
        assert not view.stacked
        assert view.cursor == 0 and rows[0].status == "changed"  # "this government is" / "Government are"
        await pilot.press("right_square_bracket")
        assert rows[view.cursor].status != "same"
        first = view.cursor
        assert first > 0
        # keep jumping until a difference further down makes the view scroll
        for _ in range(6):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert view.cursor > first
        assert rows[view.cursor].status != "same"
        assert view.scroll_offset.y > 0
        line = view.row_line(view.cursor)
        assert view.scroll_offset.y <= line < view.scroll_offset.y + view.scrollable_content_region.height
        await pilot.press("left_square_bracket")
        assert rows[view.cursor].status != "same"


async def test_toggling_options_recomputes_summary_counts():
    app = Host(statement_002(), statement_003())
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _ready(app, pilot)
        before = dict(screen.comparison.summary["counts"])
        assert "13 changed" in _summary_text(screen)
        await pilot.press("c", "p", "u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.options == Options(True, True, True)
        after = screen.comparison.summary["counts"]
        assert after["changed"] == 4 and before["changed"] == 13
        assert after["inserted"] == 4
        assert "4 changed" in _summary_text(screen)


async def test_narrow_terminal_stacks_versions_and_renders_markers_not_markup():
    a = statement_002()
    b = statement_003()
    app = Host(a, b, Options(True, True, True))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app, pilot)
        view = screen.query_one(CompareView)
        assert view.stacked
        text = "\n".join(view.render_line(y).text for y in range(view.scrollable_content_region.height))
        # first row is changed: A line then B line, word markers readable without colour
        assert text.startswith("~ A The Prime Minister")
        assert "[-is-]" in text and "{+are+}" in text
        assert "\n│ B The Prime Minister" in text  # continuation of the cursor row


def test_wrap_segments_fits_width_and_keeps_text():
    from rich.style import Style

    segs = [("alpha beta ", Style()), ("gamma", Style(bold=True)), (" delta epsilonzetaeta", Style())]
    lines = wrap_segments(segs, 10)
    assert ["".join(t for t, _ in ln) for ln in lines] == ["alpha beta", "gamma", "delta", "epsilonzet", "aeta"]


async def test_enter_on_a_moved_row_jumps_to_the_other_half():
    from corpus.model import make_record

    filler = " ".join(f"Unchanged sentence number {i} of the statement." for i in range(40))
    moved = "The funding will be confirmed in the spring settlement for every council."
    a = make_record([("body", moved + " " + filler)])
    b = make_record([("body", filler + " " + moved)])
    app = Host(a, b)
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await _ready(app, pilot)
        view = screen.query_one(CompareView)
        rows = screen.comparison.rows
        assert (rows[0].status, rows[0].a, rows[-1].status, rows[-1].b) == ("moved", moved, "moved", moved)
        assert view.cursor == 0
        await pilot.press("enter")
        assert view.cursor == len(rows) - 1
        assert view.scroll_offset.y > 0
        assert "> B " + moved[:40] in "\n".join(  # stacked: 100 columns minus the scrollbar
            view.render_line(y).text for y in range(view.scrollable_content_region.height))
        await pilot.press("enter")
        assert view.cursor == 0 and view.scroll_offset.y == 0


async def test_document_text_is_shown_literally_never_as_markup_or_escapes():
    from corpus.model import make_record

    a = make_record([("body", "Click [@click=app.quit]here[/] or [bold]not[/bold] \x1b[31mred.")], title="[b]T[/b]")
    b = make_record([("body", "Click [@click=app.quit]there[/] or [bold]not[/bold] \x1b[31mred.")], title="[b]T[/b]")
    app = Host(a, b)
    async with app.run_test(size=(120, 20)) as pilot:
        screen = await _ready(app, pilot)
        view = screen.query_one(CompareView)
        line = "\n".join(view.render_line(y).text for y in range(3))
        assert "[@click=app.quit]" in line and "[bold]not[/bold]" in line
        assert "\x1b" not in line and "␛[31mred." in line
        assert "[-here-]" in line and "{+there+}" in line
        assert "[b]T[/b]" in str(screen.query_one("#compare-header").render())
        await pilot.press("q")
        assert app.is_running and not isinstance(app.screen, type(screen))
