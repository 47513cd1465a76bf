"""Collation widgets: CollateView (the rows of a Collation, Line API) and DensityStrip (where the text varies most).

:class:`CollateView` renders the rows of a :class:`corpus.collate.Collation`
either as a base text (one witness's reading, variant places in brackets) or
as a table with one column per witness; lines are wrapped once per width /
base / filter (in a thread worker when the layout is big) and their Strips
cached.

Readable without colour: each row has a status symbol (``=`` same in all,
``~`` variant, ``+`` in some only, ``>`` moved) and the letters of the
witnesses that have it (``·`` for the others); variant places are in
``[brackets]`` (``[+]`` where other versions add words).  Every Segment gets
a real Style (never None), so NO_COLOR filtering cannot fail.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from corpus.collate import GUTTER, SAME, Collation, CRow, labels
from corpus.safe_text import printable
from tui.widgets.wrap import wrap_segments

PLAIN = Style()
DIM = Style(dim=True)
_STATUS_STYLE = {
    "same": Style(dim=True),
    "variant": Style(color="yellow", bold=True),
    "some-only": Style(color="green", bold=True),
    "moved": Style(color="magenta", bold=True),
}
_SITE_STYLE = Style(color="yellow", underline=True)
_OTHER_STYLE = Style(color="cyan", underline=True)
_CURSOR = Style(reverse=True)
SYNC_CELLS = 6000  # layouts of more row cells (rows x columns) than this are wrapped in a thread
MIN_COLUMN = 26  # table view needs at least this many cells per witness
_LEVELS = " ░▒▓█"


@dataclass(slots=True)
class _Line:
    row: int  # index in Collation.rows (-1: blank separator)
    first: bool
    cells: list[list[tuple[str, Style]]]  # one (base view) or one per witness (table)


@dataclass(slots=True)
class _Layout:
    width: int
    table: bool
    lines: list[_Line]
    row_line: dict[int, int]  # row -> first display line
    starts: list[int]  # first display line of each visible row, in order
    visible: list[int]
    colw: int = 0  # table view: cells per witness column


def _marked(row: CRow, w: int, base: int, markers: bool = True) -> list[tuple[str, Style]]:
    """Witness ``w``'s reading with its variant places bracketed (styled by agreement with the base)."""
    text = row.readings[w] or ""
    out: list[tuple[str, Style]] = []
    pos = 0
    for site in sorted(row.variants, key=lambda s: s.spans.get(w, (0, 0))):
        if w not in site.spans:
            continue
        s, e = site.spans[w]
        if s < pos:
            continue
        if s > pos:
            out.append((printable(text[pos:s]), PLAIN))
        agrees = site.group_of(w) == site.group_of(base)
        style = _SITE_STYLE if w == base else (PLAIN if agrees else _OTHER_STYLE)
        piece = printable(text[s:e])
        if markers and (w == base or not agrees):
            piece = "[" + (piece or "+") + "]"
            if s == e and s > 0 and text[s - 1] != " ":
                piece = " " + piece
            if s == e and s < len(text) and text[s] != " ":
                piece += " "
        if piece:
            out.append((piece, style))
        pos = e
    if pos < len(text):
        out.append((printable(text[pos:]), PLAIN))
    return out


def base_pieces(row: CRow, base: int, names: list[str], markers: bool = True) -> list[tuple[str, Style]]:
    if row.readings[base] is not None:
        return _marked(row, base, base, markers)
    w = row.present()[0]
    where = row.moved.get(base)
    note = f"(not in {names[base]}; {names[w]}'s text) " if where is None else \
        f"({names[base]} has this at row {where + 1}; {names[w]}'s text) "
    return [(note, Style(italic=True, dim=True))] + [(t, s + Style(italic=True)) for t, s in _marked(row, w, w, markers)]


def presence(row: CRow, names: list[str]) -> str:
    return "".join(n[0] if t is not None else "·" for n, t in zip(names, row.readings))


def build_layout(col: Collation | None, width: int, base: int, visible: list[int], table: bool,
                 markers: bool = True) -> _Layout:
    """Wrap the visible rows for a view ``width`` cells wide (safe to call in a thread)."""
    width = width if width > 0 else 80
    lines: list[_Line] = []
    row_line: dict[int, int] = {}
    starts: list[int] = []
    if col is not None:
        k = len(col.witnesses)
        names = labels(k)
        gut = 2 + k + 1
        table = table and (width - gut) // k >= MIN_COLUMN
        colw = max((width - gut - 1) // k - 1, 8)
        textw = max(width - gut - 1, 8)
        prev = None
        for i in visible:
            row = col.rows[i]
            p = row.passages[base] if row.passages[base] is not None else None
            if prev is not None and p is not None and p != prev and lines:
                lines.append(_Line(-1, False, []))
            prev = p if p is not None else prev
            row_line[i] = len(lines)
            starts.append(len(lines))
            if table:
                cols = []
                for w in range(k):
                    if row.readings[w] is None:
                        where = row.moved.get(w)
                        cols.append([[("—" if where is None else f"→ row {where + 1}", DIM)]])
                    else:
                        cols.append(wrap_segments(_marked(row, w, base, markers), colw))
                for n in range(max(len(c) for c in cols)):
                    lines.append(_Line(i, n == 0, [c[n] if n < len(c) else [] for c in cols]))
            else:
                for n, ln in enumerate(wrap_segments(base_pieces(row, base, names, markers), textw)):
                    lines.append(_Line(i, n == 0, [ln]))
        return _Layout(width, table, lines, row_line, starts, list(visible), colw)
    return _Layout(width, False, lines, row_line, starts, list(visible))


class CollateView(ScrollView, can_focus=True):
    """The collation, row by row; the cursor is a row."""

    HELP_TITLE = "Collation rows"

    DEFAULT_CSS = """
    CollateView { height: 1fr; }
    """
    BINDINGS = [
        Binding("j,down", "move(1)", "Next row", show=False),
        Binding("k,up", "move(-1)", "Previous row", show=False),
        Binding("space,pagedown", "page(1)", "Page down", show=False),
        Binding("b,pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "edge(0)", "First row", show=False),
        Binding("G,end", "edge(1)", "Last row", show=False),
        Binding("enter", "partner", "Where a moved row is in the others", show=False),
    ]

    cursor: reactive[int] = reactive(-1, init=False)  # a row index (in Collation.rows)

    class CursorMoved(Message):
        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.collation: Collation | None = None
        self.base = 0
        self.shown: list[int] = []
        self.want_table = True
        self.markers = True
        self._layout = _Layout(0, False, [], {}, [], [])
        self._layout_col: Collation | None = None  # the collation the layout was built from
        self._wanted: tuple | None = None
        self._keep: int | None = None
        self.layout_pending = False
        self._cache: dict[int, Strip] = {}

    # ---- data / layout ----------------------------------------------------------
    def set_collation(self, col: Collation | None, base: int, visible: list[int], keep: int | None = None) -> None:
        """Show ``visible`` rows of ``col`` against ``base``; the cursor goes to ``keep`` (or the next shown row)."""
        self.collation, self.base, self.shown = col, base, visible
        self._keep = keep
        self.relayout()

    def relayout(self) -> None:
        """Wrap the rows again: here when small, in a thread worker when big (the old layout stays until then)."""
        width = self.scrollable_content_region.width
        args = (self.collation, width, self.base, list(self.shown), self.want_table, self.markers)
        self._wanted = args
        k = len(self.collation.witnesses) if self.collation is not None and self.want_table else 1
        if len(self.shown) * k <= SYNC_CELLS:
            self._apply(args, build_layout(*args))
        else:
            self.layout_pending = True
            self._layout_in_thread(args)

    @work(thread=True, exclusive=True, group="collate-layout", description="lay out the collation")
    def _layout_in_thread(self, args: tuple) -> None:
        layout = build_layout(*args)
        self.app.call_from_thread(self._apply, args, layout)

    def _apply(self, args: tuple, layout: _Layout) -> None:
        if args is not self._wanted:
            return  # stale: a newer layout was asked for
        self.layout_pending = False
        self._layout, self._layout_col = layout, args[0]
        self._cache.clear()
        self.virtual_size = Size(layout.width, len(layout.lines))
        shown = layout.visible
        if shown:
            target = self._keep if self._keep is not None else self.cursor
            k = bisect.bisect_left(shown, target if target >= 0 else shown[0])
            self.set_reactive(CollateView.cursor, shown[min(k, len(shown) - 1)])
        else:
            self.set_reactive(CollateView.cursor, -1)
        self._keep = None
        self._scroll_to_cursor()
        self.post_message(self.CursorMoved(self.cursor))
        self.refresh()

    @property
    def table(self) -> bool:
        return self._layout.table

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._layout.width:
            self._keep = self.cursor
            self.relayout()

    def row_line(self, row: int) -> int:
        return self._layout.row_line.get(row, 0)

    # ---- rendering ----------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self._layout.width or self.scrollable_content_region.width
        line = scroll_y + y
        if self._layout_col is None:
            if y == 0:
                return Strip([Segment(" Collating…", Style(italic=True))]).crop_extend(0, width, PLAIN)
            return Strip.blank(width, PLAIN)
        if not self._layout.lines:
            if y == 0:
                return Strip([Segment(" No rows match the filter (f: next filter, F: all rows).", Style(italic=True))]
                             ).crop_extend(0, width, PLAIN)
            return Strip.blank(width, PLAIN)
        if line >= len(self._layout.lines):
            return Strip.blank(width, PLAIN)
        strip = self._cache.get(line)
        if strip is None:
            strip = self._render(line, width)
            if len(self._cache) > 4000:
                self._cache.clear()
            self._cache[line] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, PLAIN)

    def _render(self, line: int, width: int) -> Strip:
        col = self._layout_col
        assert col is not None
        ln = self._layout.lines[line]
        if ln.row < 0:
            return Strip.blank(width, PLAIN)
        row = col.rows[ln.row]
        names = labels(len(col.witnesses))
        is_cursor = ln.row == self.cursor
        gstyle = _STATUS_STYLE[row.status] + (_CURSOR if is_cursor else PLAIN)
        if ln.first:
            segs = [Segment(GUTTER[row.status], gstyle), Segment(" ", PLAIN),
                    Segment(presence(row, names), DIM if row.status == SAME else PLAIN), Segment(" ", PLAIN)]
        else:
            segs = [Segment("│" if is_cursor else " ", gstyle), Segment(" " * (len(names) + 2), PLAIN)]
        if len(ln.cells) == 1:
            segs.extend(Segment(t, s) for t, s in ln.cells[0])
        else:
            k = len(ln.cells)
            colw = self._layout.colw
            for n, pieces in enumerate(ln.cells):
                used = 0
                for t, s in pieces:
                    segs.append(Segment(t, s))
                    used += cell_len(t)
                if n < k - 1:
                    segs.append(Segment(" " * max(colw - used, 0), PLAIN))
                    segs.append(Segment("│", DIM))
        return Strip(segs).crop_extend(0, width, PLAIN)

    # ---- movement -------------------------------------------------------------------
    def _forget(self, row: int) -> None:
        start = self._layout.row_line.get(row)
        if start is None:
            return
        n = start
        while n < len(self._layout.lines) and (self._layout.lines[n].row == row or n == start):
            self._cache.pop(n, None)
            n += 1

    def _scroll_to_cursor(self) -> None:
        if self.cursor < 0:
            return
        start = self.row_line(self.cursor)
        height = self.scrollable_content_region.height or 1
        if not (self.scroll_offset.y <= start < self.scroll_offset.y + height):
            self.scroll_to(y=max(start - 2, 0), animate=False, immediate=True)

    def watch_cursor(self, old: int, new: int) -> None:
        self._forget(old)
        self._forget(new)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved(new))

    def _pos(self) -> int:
        return max(bisect.bisect_left(self.shown, self.cursor), 0)

    def action_move(self, step: int) -> None:
        if not self.shown:
            return
        k = min(max(self._pos() + step, 0), len(self.shown) - 1)
        self.cursor = self.shown[k]

    def action_page(self, step: int) -> None:
        if not self.shown:
            return
        height = self.scrollable_content_region.height or 1
        target = self.row_line(self.cursor) + step * height
        k = bisect.bisect_right(self._layout.starts, max(target, 0)) - 1
        self.cursor = self.shown[min(max(k, 0), len(self.shown) - 1)]

    def action_edge(self, end: int) -> None:
        if self.shown:
            self.cursor = self.shown[-1 if end else 0]

    def jump(self, rows: list[int], forward: bool) -> bool:
        if forward:
            k = bisect.bisect_right(rows, self.cursor)
            if k < len(rows):
                self.cursor = rows[k]
                return True
        else:
            k = bisect.bisect_left(rows, self.cursor) - 1
            if k >= 0:
                self.cursor = rows[k]
                return True
        return False

    def on_click(self, event) -> None:
        """A click puts the cursor on the row under the pointer (a second click on a moved row jumps)."""
        line = self.scroll_offset.y + event.y
        if not 0 <= line < len(self._layout.lines):
            return
        row = self._layout.lines[line].row
        if row < 0:
            return
        if row == self.cursor and getattr(event, "chain", 1) >= 2:
            self.action_partner()
        else:
            self.cursor = row

    def action_partner(self) -> None:
        if self.collation is None or self.cursor < 0:
            return
        row = self.collation.rows[self.cursor]
        targets = sorted(set(row.moved.values()))
        target = next((t for t in targets if t in self._layout.row_line), None)
        if target is None:
            self.app.bell()
        else:
            self.cursor = target


class DensityStrip(Widget):
    """Where the text varies most: one cell per slice of the visible rows (darker = more versions differ)."""

    DEFAULT_CSS = """
    DensityStrip { width: 1; height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.levels: list[float] = []
        self.here: set[int] = set()

    def update(self, view: CollateView) -> None:
        col, lay = view._layout_col, view._layout
        h = max(self.size.height, 1)
        self.levels, self.here = [0.0] * h, set()
        if col is None or not lay.lines:
            self.refresh()
            return
        total = len(lay.lines)
        k = len(col.witnesses)
        for i, start in zip(lay.visible, lay.starts):
            row = col.rows[i]
            d = sum(1 for w in range(k) if w != view.base and row.differs(w, view.base)) / max(k - 1, 1)
            y = min(start * h // total, h - 1)
            self.levels[y] = max(self.levels[y], d)
        if view.cursor in lay.row_line:
            self.here.add(min(lay.row_line[view.cursor] * h // total, h - 1))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        if y >= len(self.levels):
            return Strip.blank(1, PLAIN)
        d = self.levels[y]
        ch = _LEVELS[0 if d == 0 else min(1 + int(d * 4), 4)]
        style = Style(color="yellow") if d else DIM
        if y in self.here:
            ch, style = ("◀" if d == 0 else ch), style + _CURSOR
        return Strip([Segment(ch, style)], 1)

    def on_resize(self) -> None:
        try:
            self.update(self.screen.query_one(CollateView))
        except Exception:
            pass
