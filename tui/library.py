"""The library pane: every record on one line, filter as you type, sort.

A Line-API list (one widget, one row per record) so 100,000 records scroll
and filter as smoothly as five.
"""

from __future__ import annotations

from typing import Callable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from corpus.model import Record
from corpus.safe_text import printable

KIND_SHORT = {
    "written question": "WQ",
    "written answer": "WA",
    "written statement": "WS",
    "debate": "DB",
}

SORTS = ("date", "title", "source")


def haystack(record: Record) -> str:
    """What the library filter matches against (lower-cased)."""
    parts = [
        record.title or "",
        record.kind or "",
        record.house or "",
        record.department or "",
        record.asked_by or "",
        record.answered_by or "",
        record.sort_date,
        record.uin or "",
        record.id,
    ]
    return " ".join(parts).casefold()


def filter_records(
    records: list[Record],
    hay: list[str],
    query: str,
    allowed: set[str] | None = None,
    predicate: Callable[[Record], bool] | None = None,
) -> list[int]:
    """Indexes of records whose haystack holds every word of the query
    (and, when given, whose id is allowed and which the predicate accepts)."""
    words = query.casefold().split()
    out = []
    for i, h in enumerate(hay):
        if allowed is not None and records[i].id not in allowed:
            continue
        if all(w in h for w in words) and (predicate is None or predicate(records[i])):
            out.append(i)
    return out


def sort_indexes(records: list[Record], indexes: list[int], key: str) -> list[int]:
    if key == "date":
        # newest first; unknown dates last
        known = [i for i in indexes if records[i].sort_date]
        unknown = [i for i in indexes if not records[i].sort_date]
        known.sort(key=lambda i: records[i].sort_date, reverse=True)
        return known + unknown
    if key == "title":
        return sorted(indexes, key=lambda i: (records[i].title or "\uffff").casefold())
    return sorted(indexes)


class RecordList(ScrollView, can_focus=True):
    """One line per record: kind, date, title, people."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("pageup,b", "page_up", "Page up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
        Binding("enter", "open", "Open", show=False),
    ]

    DEFAULT_CSS = """
    RecordList { background: $surface; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        def __init__(self, record: Record) -> None:
            self.record = record
            super().__init__()

    class ViewChanged(Message):
        """The shown records changed (filter, sort, facets)."""

    class Highlighted(Message):
        def __init__(self, record: Record | None) -> None:
            self.record = record
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.records: list[Record] = []
        self.hay: list[str] = []
        self.view: list[int] = []  # indexes into records, in display order
        self.sort_key = "date"
        self.query = ""
        self.allowed: set[str] | None = None  # restrict to these record ids (tag filter)
        self.predicate: Callable[[Record], bool] | None = None  # facet/date/member filter (tui.browse)
        self.marks: dict[str, str] = {}  # record id -> marker (e.g. annotated)
        self._cache: dict[tuple[int, int, bool], Strip] = {}

    # ---- data -------------------------------------------------------------
    def set_records(self, records: list[Record]) -> None:
        self.records = records
        self.hay = [haystack(r) for r in records]
        self.apply()

    # above this many records, filtering and sorting run in a thread worker
    BIG = 20_000

    def apply(self, keep: Record | None = None) -> None:
        keep = keep or self.current
        self._generation = getattr(self, "_generation", 0) + 1
        if len(self.records) > self.BIG:
            self._apply_in_thread(keep, self._generation)
            return
        self._show_view(self._compute_view(), keep, self._generation)

    def _compute_view(self) -> list[int]:
        indexes = filter_records(self.records, self.hay, self.query, self.allowed, self.predicate)
        return sort_indexes(self.records, indexes, self.sort_key)

    @work(thread=True, exclusive=True, group="library-filter")
    def _apply_in_thread(self, keep: Record | None, generation: int) -> None:
        view = self._compute_view()
        self.app.call_from_thread(self._show_view, view, keep, generation)

    def _show_view(self, view: list[int], keep: Record | None, generation: int) -> None:
        if generation != self._generation:
            return  # a newer query is being applied
        self.view = view
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.view))
        new = 0
        if keep is not None:
            for pos, i in enumerate(self.view):
                if self.records[i] is keep:
                    new = pos
                    break
        self.cursor = new
        self.refresh()
        self.post_message(self.ViewChanged())

    def set_query(self, query: str) -> None:
        self.query = query
        self.apply()

    def cycle_sort(self) -> str:
        self.sort_key = SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]
        self.apply()
        return self.sort_key

    @property
    def current(self) -> Record | None:
        if 0 <= self.cursor < len(self.view):
            return self.records[self.view[self.cursor]]
        return None

    def select_record(self, record_id: str) -> None:
        for pos, i in enumerate(self.view):
            if self.records[i].id == record_id:
                self.cursor = pos
                return

    # ---- rendering --------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        pos = scroll_y + y
        width = self.scrollable_content_region.width
        if pos >= len(self.view):
            return Strip.blank(width, self.rich_style)
        selected = pos == self.cursor
        key = (pos, width, selected and self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            record = self.records[self.view[pos]]
            strip = self._render_record(record, width, selected)
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[key] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def _render_record(self, record: Record, width: int, selected: bool) -> Strip:
        mark = self.marks.get(record.id, " ")
        pointer = "▶" if selected else " "
        kind = KIND_SHORT.get(record.kind or "", "??")
        date = record.sort_date or "date unknown"
        people = ", ".join(record.people)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(pointer, style="bold")
        text.append(mark, style="bold magenta")
        text.append(f"{kind} ", style="bold cyan")
        text.append(f"{date:<12} ", style="dim" if not record.sort_date else "")
        text.append(printable(record.title or "(untitled)"))
        if people:
            text.append(f" — {printable(people)}", style="italic")
        if selected:
            text.stylize(Style(reverse=True) if self.has_focus else Style(bold=True, underline=True))
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        return Strip(segments, width)

    # ---- movement ---------------------------------------------------------
    def watch_cursor(self, value: int) -> None:
        if not self.view:
            self.post_message(self.Highlighted(None))
            return
        clamped = max(0, min(value, len(self.view) - 1))
        if clamped != value:
            self.cursor = clamped
            return
        self._cache.clear()
        height = self.scrollable_content_region.height or 1
        y = self.scroll_offset.y
        if value < y:
            self.scroll_to(y=value, animate=False)
        elif value >= y + height:
            self.scroll_to(y=value - height + 1, animate=False)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor = max(self.cursor - 1, 0)

    def action_page_down(self) -> None:
        self.cursor += max(self.scrollable_content_region.height - 1, 1)

    def action_page_up(self) -> None:
        self.cursor = max(self.cursor - max(self.scrollable_content_region.height - 1, 1), 0)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(len(self.view) - 1, 0)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def on_click(self, event) -> None:
        pos = self.scroll_offset.y + event.y
        if 0 <= pos < len(self.view):
            if pos == self.cursor and getattr(event, "chain", 1) >= 2:
                self.action_open()
            self.cursor = pos
            if getattr(event, "chain", 1) >= 2:
                self.action_open()

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()


__all__ = ["RecordList", "filter_records", "sort_indexes", "haystack", "Segment"]
