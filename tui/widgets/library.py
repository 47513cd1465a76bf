"""The library pane: every record on one line, filter as you type, sort.

A Line-API list (one widget, one row per record) so 100,000 records scroll
and filter as smoothly as five.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import on, work
from textual.message import Message

from corpus.filters import RecordFilter, filter_records, haystack, sort_indexes  # noqa: F401  (re-exported)
from corpus.model import Record
from corpus.safe_text import printable
from tui.widgets.rowlist import RowList

KIND_SHORT = {
    "written question": "WQ",
    "written answer": "WA",
    "written statement": "WS",
    "debate": "DB",
}

SORTS = ("date", "title", "source")


def shared_titles(records: list[Record]) -> set[str]:
    """Titles (casefolded; "" for untitled) that more than one record has."""
    from collections import Counter

    counts = Counter((r.title or "").casefold() for r in records)
    return {t for t, n in counts.items() if n > 1}


def disambiguator(record: Record) -> str:
    """What tells a record apart from others with its title: ``UIN 15143``, else its short id."""
    return f"UIN {printable(record.uin)}" if record.uin else f"id {record.id[:8]}"


class RecordList(RowList):
    """One line per record: kind, date, title, people.  A click moves the
    cursor, a double click (or Enter) opens the record."""

    HELP_TITLE = "Library"

    OPEN_ON_CLICK = False
    CACHE_SIZE = 2000

    DEFAULT_CSS = """
    RecordList { background: $surface; }
    """

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
        self._hay: list[str] | None = []  # built when first needed (see hay)
        self.view: list[int] = []  # indexes into records, in display order
        self.sort_key = "date"
        self.filter = RecordFilter()  # what is shown: typed words, facets (tui.browse), tag filter (tui.annotate)
        self.marks: dict[str, str] = {}  # record id -> marker (e.g. annotated)
        self._generation = 0  # bumped per apply(): a worker's stale view is dropped
        self.shared_titles: set[str] = set()  # titles more than one record has: rows show the UIN
        self.new_ids: set[str] = set()  # records with an unread inbox entry (tui/screens/inbox.py)
        # a big corpus's saved first screen (corpus.preview.Preview), shown until the records
        # arrive: rows only (``current`` stays None, so nothing acts on a row that is not loaded)
        self.preview = None
        self._keep_id: str | None = None  # the preview row under the cursor, kept when the records arrive
        self._open_pending = False  # Enter pressed on a preview row: open it once loaded
        self._loaded = False  # set_records has run once (before it, Enter waits for the records)
        self._pending_moves: list[str] = []  # j/k/… typed on the empty list of a first load, replayed once it fills
        self._shown_generation = 0  # the last apply() whose view is on screen
        self._view_waiters: list[Callable[[int], None]] = []  # when_view callbacks

    def show_preview(self, preview) -> None:
        """Show a saved first screen (newest first) until :meth:`set_records`."""
        self.preview = preview
        self.shared_titles = preview.shared_titles
        self.set_row_count(len(preview))

    def open_when_loaded(self) -> None:
        """Enter on a preview row: the record opens as soon as the records are loaded (no key lost)."""
        if self.preview is not None or not self._loaded:
            # on a preview row, or typed before even the preview is painted: no key lost
            self._open_pending = True

    # ---- data -------------------------------------------------------------
    def set_records(self, records: list[Record]) -> None:
        self._loaded = True
        self.view = []  # the old view indexes the old records
        if self.preview is not None:
            # the preview stays on screen until the view is computed; the cursor stays on its row
            if 0 <= self.cursor < len(self.preview):
                self._keep_id = self.preview.row(self.cursor).id
        else:
            self.row_count = 0
        self.records = records
        self._hay = None  # 24 MB at 100k records: made when a filter first has words
        self.shared_titles = shared_titles(records)
        self.apply()

    # above this many records, filtering and sorting run in a thread worker
    BIG = 20_000

    def apply(self, keep: Record | None = None) -> None:
        keep = keep or self.current
        self._generation += 1
        if self.preview is not None and not self.records:
            return  # the filter or sort applies when the records arrive (set_records)
        if len(self.records) > self.BIG:
            self._apply_in_thread(keep, self._generation)
            return
        self._show_view(self._compute_view(), keep, self._generation)

    # read-only views of self.filter, for callers
    @property
    def query(self) -> str:
        return self.filter.words

    @property
    def allowed(self) -> frozenset[str] | None:
        return self.filter.ids

    @property
    def predicate(self) -> Callable[[Record], bool] | None:
        return self.filter.predicate

    def set_filter(self, record_filter: RecordFilter) -> None:
        self.filter = record_filter
        self.apply()

    def when_view(self, callback: Callable[[int], None]) -> None:
        """Call ``callback(rows)`` once the view last applied is on screen: at once for a small
        corpus, when the filter worker is done for a big one (its ``view`` is the old one till then)."""
        if self._shown_generation == self._generation:
            callback(len(self.view))
        else:
            self._view_waiters.append(callback)

    @property
    def hay(self) -> list[str]:
        """Every record's haystack (corpus.filters.haystack), made on first use."""
        hay = self._hay
        if hay is None:
            hay = self._hay = [haystack(r) for r in self.records]
        return hay

    def _compute_view(self) -> list[int]:
        indexes = self.filter.indexes(self.records, self.hay if self.filter.words.split() else [])
        return sort_indexes(self.records, indexes, self.sort_key)

    class _ViewComputed(Message):
        """The filter worker's result (private to the list)."""

        bubble = False

        def __init__(self, view: list[int], keep: Record | None, generation: int) -> None:
            self.view, self.keep, self.generation = view, keep, generation
            super().__init__()

    @work(thread=True, exclusive=True, group="library-filter", description="filter the library")
    def _apply_in_thread(self, keep: Record | None, generation: int) -> None:
        self.post_message(self._ViewComputed(self._compute_view(), keep, generation))

    @on(_ViewComputed)
    def _view_computed(self, message: _ViewComputed) -> None:
        self._show_view(message.view, message.keep, message.generation)

    def _show_view(self, view: list[int], keep: Record | None, generation: int) -> None:
        if generation != self._generation:
            return  # a newer query is being applied
        self.view = view
        new = 0
        keep_id, self._keep_id, self.preview = self._keep_id, None, None
        if keep is not None:
            for pos, i in enumerate(self.view):
                if self.records[i] is keep:
                    new = pos
                    break
        elif keep_id is not None:  # the row the cursor was on in the preview
            for pos, i in enumerate(self.view):
                if self.records[i].id == keep_id:
                    new = pos
                    break
        self.set_row_count(len(view), cursor=new)
        moves, self._pending_moves = self._pending_moves, []
        for name in moves:  # in the order typed, as if the rows had been there
            getattr(super(), f"action_{name}")()
        if not view:
            self.post_message(self.Highlighted(None))
        self.post_message(self.ViewChanged())
        self._shown_generation = generation
        waiters, self._view_waiters = self._view_waiters, []
        for callback in waiters:
            callback(len(view))
        if self._open_pending:
            self._open_pending = False
            if self.current is not None:
                self.post_message(self.Opened(self.current))

    def set_query(self, query: str) -> None:
        self.set_filter(self.filter.with_words(query))

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

    # ---- rendering and movement (the rest is RowList) ------------------------
    def render_row_line(self, index: int, part: int, width: int, selected: bool) -> Text:
        record = self.preview.row(index) if self.preview is not None else self.records[self.view[index]]
        text = Text()
        text.append("▶" if selected else " ", style="bold")
        text.append(self.marks.get(record.id, " "), style="bold magenta")
        text.append(f"{KIND_SHORT.get(record.kind or '', '??')} ", style="bold cyan")
        text.append(f"{record.sort_date or 'date unknown':<12} ", style="" if record.sort_date else "dim")
        if record.id in self.new_ids:
            text.append("new ", style="bold green")
        if (record.title or "").casefold() in self.shared_titles:
            # rows with the same title (13 "Pre-school Education: Teachers" of one day)
            # are told apart by their UIN, else by their id
            text.append(f"{disambiguator(record)} ", style="bold")
        text.append(printable(record.title or "(untitled)"))
        people = ", ".join(record.people)
        if people:
            text.append(f" — {printable(people)}", style="italic")
        return text

    def watch_cursor(self, value: int) -> None:
        super().watch_cursor(value)
        if self.view:
            self.post_message(self.Highlighted(self.current))

    def action_open(self) -> None:
        self.action_choose()

    def _held(self, name: str) -> bool:
        """A move typed before the first rows exist (no preview either): kept, not lost."""
        if self._loaded or self.preview is not None or self.row_count:
            return False
        self._pending_moves.append(name)
        return True

    def action_cursor_down(self) -> None:
        self._held("cursor_down") or super().action_cursor_down()

    def action_cursor_up(self) -> None:
        self._held("cursor_up") or super().action_cursor_up()

    def action_page_down(self) -> None:
        self._held("page_down") or super().action_page_down()

    def action_page_up(self) -> None:
        self._held("page_up") or super().action_page_up()

    def action_first(self) -> None:
        self._held("first") or super().action_first()

    def action_last(self) -> None:
        self._held("last") or super().action_last()

    def action_choose(self) -> None:
        if not self.has_current:
            self.open_when_loaded()  # an empty list still loading: Enter opens once the rows come
        super().action_choose()

    def on_row_list_chosen(self, event: RowList.Chosen) -> None:
        event.stop()
        if self.current is not None:
            self.post_message(self.Opened(self.current))
        else:
            self.open_when_loaded()


__all__ = ["RecordList", "filter_records", "sort_indexes", "haystack"]
