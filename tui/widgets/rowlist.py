"""RowList: a one-widget virtualised list (Textual Line API), a fixed number of lines per row.

Only the rows on screen are ever rendered, each line once (small LRU cache
of Strips), so 100,000 rows open as fast as ten.

Subclasses set ``LINES_PER_ROW``, keep their own row data, call
``set_row_count`` when it changes, and implement ``render_row_line`` (a
``rich.text.Text`` for one line of one row: build it from plain strings
passed through ``printable``, never markup).  ``selectable`` lets some rows
(group headings) be skipped by the cursor.  Enter (or a click, with
``OPEN_ON_CLICK``) posts ``RowList.Chosen``.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.strips import PassStyle, blank, styled, text_strip


class RowList(PassStyle, ScrollView, can_focus=True):
    """Fixed-height rows, a cursor that skips unselectable rows, lazy lines."""

    LINES_PER_ROW: ClassVar[int] = 1
    CACHE_SIZE: ClassVar[int] = 1000
    OPEN_ON_CLICK: ClassVar[bool] = True  # False: a click moves the cursor, a double click opens

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("pageup,b", "page_up", "Page up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    DEFAULT_CSS = """
    RowList { background: $surface; height: 1fr; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Chosen(Message):
        """Enter or a click on a selectable row."""

        def __init__(self, row_list: "RowList", index: int) -> None:
            self.row_list = row_list
            self.index = index
            super().__init__()

        @property
        def control(self) -> "RowList":
            return self.row_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.row_count = 0
        self.placeholder: str | None = None  # one line shown when there are no rows (e.g. "Loading…")
        self._cache: OrderedDict[tuple, Strip] = OrderedDict()

    # ---- for subclasses ---------------------------------------------------
    def selectable(self, index: int) -> bool:
        return True

    def render_row_line(self, index: int, part: int, width: int, selected: bool) -> Text:
        raise NotImplementedError

    def set_row_count(self, count: int, cursor: int | None = None) -> None:
        """The rows changed: forget rendered lines, put the cursor on ``cursor``
        (or the first selectable row) and keep it in view."""
        self.row_count = count
        self._cache.clear()
        self.virtual_size = Size(self.size.width, count * self.LINES_PER_ROW)
        if cursor is None or not (0 <= cursor < count) or not self.selectable(cursor):
            cursor = self._next_selectable(0, 1)
        self.cursor = cursor if cursor is not None else 0
        self.refresh()

    def invalidate(self) -> None:
        """Row contents changed (not their number): redraw."""
        self._cache.clear()
        self.refresh()

    def row_text(self, index: int, width: int | None = None) -> str:
        """The plain text a row shows (its non-blank lines joined by newlines)."""
        width = width or self.scrollable_content_region.width or 80
        lines = []
        for part in range(self.LINES_PER_ROW):
            t = self.render_row_line(index, part, width, False)
            t.truncate(width, overflow="ellipsis")
            if t.plain.strip():
                lines.append(t.plain.rstrip())
        return "\n".join(lines)

    @property
    def has_current(self) -> bool:
        return 0 <= self.cursor < self.row_count and self.selectable(self.cursor)

    # ---- rendering --------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index, part = divmod(scroll_y + y, self.LINES_PER_ROW)
        if index >= self.row_count:
            if self.row_count == 0 and self.placeholder and scroll_y + y == 0:
                text = Text(" " + self.placeholder, style="italic", no_wrap=True, end="")
                text.truncate(width, overflow="ellipsis", pad=True)
                return text_strip(text, self.app.console, width)
            return blank(width, self.line_style)
        selected = index == self.cursor and self.selectable(index)
        key = (index, part, width, selected, selected and self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            text = self.render_row_line(index, part, width, selected)
            text.no_wrap, text.end = True, ""
            if selected:
                text.stylize(Style(reverse=True) if self.has_focus else Style(bold=True))
            text.truncate(width, overflow="ellipsis", pad=True)
            strip = text_strip(text, self.app.console, width)
            self._cache[key] = strip
            if len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return styled(strip.crop_extend(scroll_x, scroll_x + width, self.line_style))

    def on_focus(self) -> None:
        self.invalidate()

    def on_blur(self) -> None:
        self.invalidate()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.row_count * self.LINES_PER_ROW)
        self.invalidate()
        if self.row_count:  # a shorter window must not leave the highlighted row out of sight
            self.call_after_refresh(self._ensure_visible)

    # ---- movement ---------------------------------------------------------
    def _next_selectable(self, start: int, step: int) -> int | None:
        i = start
        while 0 <= i < self.row_count:
            if self.selectable(i):
                return i
            i += step
        return None

    def _go(self, target: int, step: int) -> None:
        """Cursor to ``target`` or the nearest selectable row past it (in the
        direction of travel, else back)."""
        if self.row_count == 0:
            return
        target = max(0, min(target, self.row_count - 1))
        found = self._next_selectable(target, step)
        if found is None:
            found = self._next_selectable(target, -step)
        if found is not None:
            self.cursor = found

    def watch_cursor(self, value: int) -> None:
        if not self.row_count:
            return
        self._ensure_visible()
        self.call_after_refresh(self._ensure_visible)  # after a new virtual size is laid out
        self.refresh()

    def _ensure_visible(self) -> None:
        lines = self.LINES_PER_ROW
        height = self.scrollable_content_region.height or lines
        top = self.cursor * lines
        # a heading just above the first selectable row stays in view
        if self._next_selectable(0, 1) == self.cursor:
            top = 0
        y = self.scroll_offset.y
        if top < y:
            self.scroll_to(y=top, animate=False)
        elif self.cursor * lines + lines > y + height:
            self.scroll_to(y=self.cursor * lines + lines - height, animate=False)

    def _page(self) -> int:
        return max(1, (self.scrollable_content_region.height or self.LINES_PER_ROW) // self.LINES_PER_ROW - 1)

    def action_cursor_down(self) -> None:
        found = self._next_selectable(self.cursor + 1, 1)
        if found is not None:
            self.cursor = found

    def action_cursor_up(self) -> None:
        found = self._next_selectable(self.cursor - 1, -1)
        if found is not None:
            self.cursor = found
        else:
            self._ensure_visible()

    def action_page_down(self) -> None:
        self._go(self.cursor + self._page(), 1)

    def action_page_up(self) -> None:
        self._go(self.cursor - self._page(), -1)

    def action_first(self) -> None:
        self._go(0, 1)

    def action_last(self) -> None:
        self._go(self.row_count - 1, -1)

    def action_choose(self) -> None:
        if self.has_current:
            self.post_message(self.Chosen(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = (self.scroll_offset.y + event.y) // self.LINES_PER_ROW
        if not (0 <= index < self.row_count) or not self.selectable(index):
            return
        event.stop()
        again = index == self.cursor
        self.cursor = index
        if self.OPEN_ON_CLICK or (again and getattr(event, "chain", 1) >= 2):
            self.action_choose()
