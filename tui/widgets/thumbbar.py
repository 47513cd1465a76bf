"""A vertical scrollbar that repaints only the rows its thumb leaves and enters.

Textual's ScrollBar repaints its whole height whenever the scroll position
changes: on every page of reading that is one cursor move, one SGR sequence
and a reset per screen row for cells that mostly did not change (about a
sixth of the bytes of a page over SSH).  This subclass repaints the rows from
the thumb's old place to its new one (plus one row either side for the
partial-cell glyphs); everything else (size, hover, grab, theme) still repaints the whole bar.
The geometry mirrors ``ScrollBarRender.render_bar`` in the pinned Textual.
"""

from __future__ import annotations

from math import ceil

from textual.geometry import Region
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar


class ThumbScrollBar(ScrollBar):
    position: Reactive[float] = Reactive(0, repaint=False)

    def thumb_rows(self, position: float) -> tuple[int, int] | None:
        """Rows [top, bottom) the thumb covers at ``position``, one row of slack each side."""
        size = self.size.height
        virtual = ceil(self.window_virtual_size)
        window = ceil(self.window_size) if self.window_size < self.window_virtual_size else 0
        if not (window and size and virtual and size != virtual):
            return None
        thumb = max(1, window / (virtual / size))
        ratio = position / (virtual - window) if virtual != window else 0
        start = int((size - thumb) * ratio * 8)
        end = start + ceil(thumb * 8)
        return max(0, start // 8 - 1), min(size, end // 8 + 2)

    def watch_position(self, old: float, new: float) -> None:
        if old == new:
            return
        before, after = self.thumb_rows(old), self.thumb_rows(new)
        if not self.vertical or before is None or after is None or not self.is_mounted:
            self.refresh()
            return
        # the rows between old and new thumb too: above the thumb a click pages
        # up, below it pages down (the cells' mouse meta changes, not their look)
        top, bottom = min(before[0], after[0]), max(before[1], after[1])
        self.refresh(Region(0, top, self.size.width, bottom - top))
