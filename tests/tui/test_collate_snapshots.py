"""SVG snapshots of the collation screen: five versions of a 2009 statement at 80×24 and 200×60, with and without colour.

Regenerate after an intended change with
``.venv/bin/pytest tests/test_collate_snapshots.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

import pytest
from textual.app import App

from collate_fixtures import five_witnesses
from tui.screens.collate import CollateScreen


class Host(App):
    def on_mount(self) -> None:
        self.push_screen(CollateScreen(five_witnesses()))


async def _on_variant(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")  # the C-only wording
    await pilot.pause()


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_collation_screen(snap_compare, monkeypatch, size, no_color):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(Host(), terminal_size=size, run_before=_on_variant)
