"""The library's key bar (tui/widgets/keybar.py): one widget drawing what Textual's
Footer draws, from the live bindings; a click on a key presses it."""

from __future__ import annotations

import pytest
from pilot_support import until, workers_idle
from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer, Static

from tui.app import ParlreadApp
from tui.screens.help import HelpScreen
from tui.widgets.keybar import KeyBar

_GROUP = Binding.Group("Diffs")


class _Keys(App):
    """Bindings of every kind the bar draws: plain, a group of two, one disabled, hidden ones."""

    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("f", "noop", "Filter"),
        Binding("right_square_bracket", "next", "Next diff", group=_GROUP),
        Binding("left_square_bracket", "prev", "Prev diff", group=_GROUP),
        Binding("x", "off", "Disabled"),
        Binding("j", "noop", "Down", show=False),
    ]

    def __init__(self, bar) -> None:
        super().__init__()
        self.bar = bar

    def compose(self):
        yield Static("body")
        yield self.bar()

    def check_action(self, action, parameters):
        return None if action == "off" else True  # None: shown, dimmed

    def action_noop(self) -> None:
        pass


def _bottom(app) -> list[tuple[str, str]]:
    strip = app.screen._compositor.render_full_update().strips[-1]
    return [(seg.text, str(seg.style)) for chop in strip for seg in chop]


def _cells(segments) -> list[tuple[str, str]]:
    """(character, style) per cell, blanks with no style (the filler is drawn a little differently)."""
    return [(ch, "" if ch == " " and "bold" not in style else style) for text, style in segments for ch in text]


@pytest.mark.parametrize("size", [(80, 24), (40, 10)])
async def test_the_key_bar_draws_what_textuals_footer_draws(size):
    seen = []
    for bar in (Footer, KeyBar):
        app = _Keys(bar)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.pause()
            seen.append(_bottom(app))
    footer, keybar = seen
    text = "".join(t for t, _ in keybar)
    assert text.startswith(" q Quit") and text.rstrip().endswith("^p palette") and "Down" not in text
    if size[0] == 80:  # (at 40 columns the keys after Filter are cut, as in the Footer)
        assert "] [ Diffs" in text
        assert "dim" in dict((t.strip(), s) for t, s in keybar).get("x", ""), "a disabled key is drawn dim"
    assert _cells(keybar) == _cells(footer)


async def test_library_keys_follow_the_focus_and_a_click_presses_one(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        line = "".join(t for t, _ in _bottom(app))
        assert line.startswith(" q Quit  ? Help  f Filter  t Tag  a Note  ^f Search  v Versions")
        assert line.rstrip().endswith("▏^p palette")
        await pilot.press("f")  # in the filter, letters are typed: only ^f and ^p act
        await until(pilot, lambda: "".join(t for t, _ in _bottom(app)).split()[:2] == ["^f", "Search"], "the filter's keys")
        await pilot.press("enter")
        await until(pilot, lambda: "q Quit" in "".join(t for t, _ in _bottom(app)), "the library's keys again")
        x = "".join(t for t, _ in _bottom(app)).index("? Help")
        await pilot.click(KeyBar, offset=(x + 2, 0))
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help, opened by a click on its key")
