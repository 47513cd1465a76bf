"""With animations off (the SSH default) a focused text box shows a steady cursor:
a blinking one repaints the box twice a second, bytes on a slow link while the
user is only thinking."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input

from tui.app import ParlreadApp


def _cursor_shown(app, box: Input) -> bool:
    """The box as drawn on screen has a cell in the cursor's style."""
    r = box.content_region
    strips = app.screen._compositor.render_strips()
    cursor_style = box.get_component_rich_style("input--cursor")
    return any(seg.style is not None and seg.style.bgcolor == cursor_style.bgcolor and seg.style.color == cursor_style.color
               for y in range(r.y, r.bottom) for seg in strips[y].crop(r.x, r.right))


@pytest.mark.parametrize("level, steady", [("none", True), ("full", False)])
async def test_filter_box_cursor_blinks_only_with_animations(level, steady):
    app = ParlreadApp()
    app.animation_level = level
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        box = app.focused
        assert isinstance(box, Input)
        seen = set()
        for _ in range(8):  # 1.2 s: more than two blink periods (0.5 s)
            await asyncio.sleep(0.15)
            await pilot.pause()
            seen.add(_cursor_shown(app, box))
        assert seen == ({True} if steady else {True, False})
        await pilot.press("k", "i", "n")
        await pilot.pause()
        assert box.value == "kin" and _cursor_shown(app, box)
