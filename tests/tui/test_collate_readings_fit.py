"""The readings panel at 80×24 never hides a version's reading without saying so (QA).

Found on ../shared/data (six Home Office answers of 2026-03-10 to six differently worded
questions): at 80×24 the panel showed the readings of A and half of B, and C–F were cut off
with no mark that anything was missing.
"""

from __future__ import annotations

from textual.app import App

from collate_fixtures import PRISON, rec
from tui.screens.collate import CollateScreen


from pilot_support import workers_idle as _settle

ASKS = ["whether she plans to expand the 30-month review period to adults who claimed asylum before 2 March 2026",
        "whether she plans to review the five-year settlements granted to previous refugee applicants",
        "whether she plans to review the permanent settlement granted to previous refugee applicants",
        "whether unaccompanied children's five year settlement will apply to all children under 18",
        "whether asylum claimants granted a 30 month settlement will be able to bring dependents",
        "what criteria will be used to determine whether a refugee's home country is deemed safe"]


def _witnesses():
    q = ("To ask the Secretary of State for the Home Department, with reference to her Department's press "
         "release entitled Refugee protection to be reviewed every 30 months, published on 2 March 2026, {}.")
    return [rec([q.format(ask)] + PRISON[1:4], natural_key=f"w{i}") for i, ask in enumerate(ASKS)]


class Host(App):
    def on_mount(self) -> None:
        self.push_screen(CollateScreen(_witnesses()))


async def test_readings_that_do_not_fit_are_named_not_cut_silently():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CollateScreen) and screen.view.cursor == 0
        panel = screen.query_one("#collate-readings")
        text = panel.render().plain if hasattr(panel.render(), "plain") else str(panel.render())
        lines = text.splitlines()
        rendered = [panel.render_line(y).text.rstrip() for y in range(panel.size.height)]
        assert lines[-1].startswith("… not shown: ")
        hidden = lines[-1][len("… not shown: "):].split(" · ")[0].split()
        shown = {ln.split(":")[0] for ln in lines[1:-1] if ln[:1].isupper() and ":" in ln[:12]}
        assert set(hidden) | {x for s in shown for x in s.split()} == set("ABCDEF")
        assert "1–9 or w: show one as the base" in lines[-1]
        assert any(ln.lstrip().startswith("… not shown:") for ln in rendered)  # it is on the screen


async def test_readings_that_fit_are_shown_whole():
    app = Host()
    async with app.run_test(size=(200, 60)) as pilot:
        await _settle(app, pilot)
        await pilot.pause()
        screen = app.screen
        await pilot.press("j")  # row 2: the same in all
        text = str(screen.query_one("#collate-readings").render())
        assert "not shown" not in text and text.startswith("row 2: the same in every version")


async def test_a_tall_terminal_gives_the_readings_more_room():
    app = Host()
    async with app.run_test(size=(200, 60)) as pilot:
        await _settle(app, pilot)
        await pilot.pause()
        screen = app.screen
        panel = screen.query_one("#collate-readings")
        text = str(panel.render())
        assert "not shown" not in text
        assert all(f"\n{x}: " in text for x in "ABCDEF")
        rendered = [panel.render_line(y).text for y in range(panel.size.height)]
        assert sum(1 for ln in rendered if ln.lstrip()[:3] in {f"{x}: " for x in "ABCDEF"}) == 6
