"""CompareScreen: two versions of a record side by side, word differences marked.

One :class:`CompareView` (a ScrollView using the Line API) renders both
columns on every line, so the two sides can never scroll out of step; lines
are wrapped once per width and rendered lazily with a cache of Strips, so a
comparison of thousands of sentences does not build a widget per row.  The
comparison itself (and every recomputation after an option toggle) runs in a
thread worker.

Differences read without colour: a gutter symbol per row (``=`` same, ``~``
changed, ``-`` only in A, ``+`` only in B, ``>`` moved) and, inside changed
sentences, ``[-deleted-]`` / ``{+inserted+}`` brackets (``m`` toggles them)
on top of strike-through/underline and red/green.  Document text is always
``rich.text``/``Segment`` text, never markup.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from corpus.align import GUTTER, MOVED, SAME, Comparison, Options, compare
from corpus.model import Record
from corpus.safe_text import printable

NARROW = 100  # below this many columns the two versions are stacked

_STATUS_STYLE = {
    "same": Style(dim=True),
    "changed": Style(color="yellow", bold=True),
    "deleted": Style(color="red", bold=True),
    "inserted": Style(color="green", bold=True),
    "moved": Style(color="magenta", bold=True),
}
_KIND_STYLE = {
    "same": Style(),
    "delete": Style(color="red", strike=True),
    "insert": Style(color="green", underline=True),
}
_MARKERS = {"a": ("[-", "-]"), "b": ("{+", "+}")}
_CHUNK = re.compile(r"\S+\s*|\s+")


def wrap_segments(segs: list[tuple[str, Style]], width: int) -> list[list[tuple[str, Style]]]:
    """Greedy word wrap of styled pieces into lines of at most ``width`` cells."""
    width = max(width, 1)
    lines: list[list[tuple[str, Style]]] = [[]]
    used = 0
    for text, style in segs:
        for m in _CHUNK.finditer(text):
            chunk = m.group()
            word = chunk.rstrip()
            wlen = cell_len(word)
            if used and used + wlen > width:
                # drop trailing spaces of the line being closed
                while lines[-1] and not lines[-1][-1][0].strip():
                    lines[-1].pop()
                if lines[-1]:
                    t, s = lines[-1][-1]
                    lines[-1][-1] = (t.rstrip(), s)
                lines.append([])
                used = 0
                if not word:
                    continue
            while cell_len(chunk) > width and not used:  # a word longer than the line
                cut = width
                while cut > 1 and cell_len(chunk[:cut]) > width:
                    cut -= 1
                lines[-1].append((chunk[:cut], style))
                lines.append([])
                chunk = chunk[cut:]
            if chunk:
                lines[-1].append((chunk, style))
                used += cell_len(chunk)
    if len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


@dataclass(slots=True)
class _Block:
    row: int  # index in Comparison.rows (-1 for a blank separator)
    lines: list[tuple[str, list[list[tuple[str, Style]]]]]  # (gutter label, [side pieces])


class CompareView(ScrollView, can_focus=True):
    """Both versions, line by line; ``]``/``[`` jump between differences."""

    DEFAULT_CSS = """
    CompareView { height: 1fr; }
    """
    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]

    cursor: reactive[int] = reactive(-1, init=False)  # index of the current row

    class CursorMoved(Message):
        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.comparison: Comparison | None = None
        self.markers = True
        self._layout_width = -1
        self._blocks: list[_Block] = []
        self._starts: list[int] = []  # first display line of each block
        self._row_block: dict[int, int] = {}
        self._cache: dict[tuple[int, int], Strip] = {}
        self._total = 0

    # ---- data ---------------------------------------------------------------
    def set_comparison(self, comparison: Comparison | None, keep_row: int | None = None) -> None:
        self.comparison = comparison
        self._layout_width = -1
        self._relayout()
        if comparison is not None and comparison.rows:
            row = min(keep_row if keep_row is not None else 0, len(comparison.rows) - 1)
            self.set_reactive(CompareView.cursor, max(row, 0))
        self.refresh()

    def differences(self) -> list[int]:
        return self.comparison.differences() if self.comparison else []

    # ---- layout -------------------------------------------------------------
    @property
    def stacked(self) -> bool:
        return self.scrollable_content_region.width < NARROW

    def _pieces(self, row, side: str) -> list[tuple[str, Style]]:
        out = []
        whole = row.status in ("deleted", "inserted") or (row.status == MOVED and not row.ops)
        for text, kind in row.segments(side):
            text = printable(text)
            if kind == "replace":
                kind = "delete" if side == "a" else "insert"
            if kind != "same" and self.markers and not whole:
                left, right = _MARKERS[side]
                text = left + text + right
            out.append((text, _KIND_STYLE.get(kind, Style())))
        return out

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            width = 80
        self._layout_width = width
        self._cache.clear()
        self._blocks = []
        self._starts = []
        self._row_block = {}
        total = 0
        cmp = self.comparison
        if cmp is not None:
            stacked = width < NARROW
            colw = max((width - 5) // 2, 8)
            prev_a = prev_b = None
            for i, row in enumerate(cmp.rows):
                new_para = (row.a_passage is not None and prev_a is not None and row.a_passage != prev_a) or (
                    row.b_passage is not None and prev_b is not None and row.b_passage != prev_b
                )
                prev_a = row.a_passage if row.a_passage is not None else prev_a
                prev_b = row.b_passage if row.b_passage is not None else prev_b
                if new_para:
                    self._starts.append(total)
                    self._blocks.append(_Block(-1, [("", [])]))
                    total += 1
                lines: list[tuple[str, list[list[tuple[str, Style]]]]] = []
                if stacked:
                    textw = max(width - 4, 8)
                    if row.status == SAME:
                        for ln in wrap_segments(self._pieces(row, "b"), textw):
                            lines.append(("  ", [ln]))
                    else:
                        if row.a is not None:
                            for ln in wrap_segments(self._pieces(row, "a"), textw):
                                lines.append(("A ", [ln]))
                        if row.b is not None:
                            for ln in wrap_segments(self._pieces(row, "b"), textw):
                                lines.append(("B ", [ln]))
                else:
                    la = wrap_segments(self._pieces(row, "a"), colw) if row.a is not None else []
                    lb = wrap_segments(self._pieces(row, "b"), colw) if row.b is not None else []
                    for k in range(max(len(la), len(lb), 1)):
                        lines.append(("", [la[k] if k < len(la) else [], lb[k] if k < len(lb) else []]))
                self._row_block[i] = len(self._blocks)
                self._starts.append(total)
                self._blocks.append(_Block(i, lines))
                total += len(lines)
        self._total = total
        self.virtual_size = Size(width, total)

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._layout_width:
            self._relayout()
            self.refresh()

    def row_line(self, row: int) -> int:
        """First display line of a comparison row."""
        b = self._row_block.get(row)
        return self._starts[b] if b is not None else 0

    # ---- rendering ----------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        if self.scrollable_content_region.width != self._layout_width:
            self._relayout()
        scroll_x, scroll_y = self.scroll_offset
        line = scroll_y + y
        width = self.scrollable_content_region.width
        if self.comparison is None or line >= self._total:
            if self.comparison is None and y == 0:
                return Strip([Segment(" Comparing…", Style(italic=True))]).extend_cell_length(width)
            return Strip.blank(width, self.rich_style)
        key = (line, width)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render(line, width)
            if len(self._cache) > 4000:
                self._cache.clear()
            self._cache[key] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def _render(self, line: int, width: int) -> Strip:
        assert self.comparison is not None
        b = bisect.bisect_right(self._starts, line) - 1
        block = self._blocks[b]
        if block.row < 0:
            return Strip.blank(width)
        k = line - self._starts[b]
        label, sides = block.lines[k]
        row = self.comparison.rows[block.row]
        is_cursor = block.row == self.cursor
        gstyle = _STATUS_STYLE[row.status] + (Style(reverse=True) if is_cursor else Style())
        symbol = GUTTER[row.status] if k == 0 else ("│" if is_cursor else " ")
        segs: list[Segment] = [Segment(symbol, gstyle), Segment(" ")]
        if len(sides) == 1:  # stacked
            if label:
                segs.append(Segment(label, Style(bold=True, dim=label == "  ")))
            segs.extend(Segment(t, s) for t, s in sides[0])
        else:
            colw = max((width - 5) // 2, 8)
            for n, pieces in enumerate(sides):
                used = 0
                for t, s in pieces:
                    segs.append(Segment(t, s))
                    used += cell_len(t)
                if n == 0:
                    segs.append(Segment(" " * max(colw - used, 0)))
                    segs.append(Segment(" │ ", Style(dim=True)))
        strip = Strip(segs)
        return strip.crop_extend(0, width, None)

    # ---- movement -----------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._cache.clear()
        if self.comparison is not None and 0 <= new < len(self.comparison.rows):
            start = self.row_line(new)
            height = self.scrollable_content_region.height or 1
            if not (self.scroll_offset.y <= start < self.scroll_offset.y + height):
                self.scroll_to(y=max(start - 2, 0), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.CursorMoved(new))

    def action_next_difference(self) -> None:
        diffs = self.differences()
        k = bisect.bisect_right(diffs, self.cursor)
        if k < len(diffs):
            self.cursor = diffs[k]
        else:
            self.app.bell()

    def action_previous_difference(self) -> None:
        diffs = self.differences()
        k = bisect.bisect_left(diffs, self.cursor) - 1
        if k >= 0:
            self.cursor = diffs[k]
        else:
            self.app.bell()

    def set_markers(self, on: bool) -> None:
        self.markers = on
        self._relayout()
        self.refresh()


class CompareScreen(Screen):
    """Side-by-side comparison of two records (stacked below 100 columns)."""

    DEFAULT_CSS = """
    CompareScreen #compare-header { height: auto; padding: 0 1; background: $panel; }
    CompareScreen #compare-summary { height: 1; padding: 0 1; background: $panel; }
    """
    BINDINGS = [
        Binding("right_square_bracket", "next_difference", "Next diff"),
        Binding("left_square_bracket", "previous_difference", "Prev diff"),
        Binding("c", "toggle('ignore_case')", "Case"),
        Binding("p", "toggle('ignore_punctuation')", "Punct"),
        Binding("u", "toggle('unify_quotes_dashes')", "Quotes/dashes"),
        Binding("m", "toggle_markers", "Markers"),
        Binding("escape,q", "close", "Close"),
    ]

    class Computed(Message):
        def __init__(self, comparison: Comparison, options: Options) -> None:
            super().__init__()
            self.comparison = comparison
            self.options = options

    def __init__(self, record_a: Record, record_b: Record, options: Options | None = None) -> None:
        super().__init__()
        self.record_a = record_a
        self.record_b = record_b
        self.options = options or Options()
        self.comparison: Comparison | None = None
        self.computing = False

    def compose(self) -> ComposeResult:
        yield Static(self._header(), id="compare-header", markup=False)
        yield Static(Text("Comparing…"), id="compare-summary", markup=False)
        yield CompareView(id="compare-view")

    def _header(self) -> Text:
        t = Text(no_wrap=True, overflow="ellipsis")
        for label, r in (("A", self.record_a), ("B", self.record_b)):
            if label == "B":
                t.append("\n")
            t.append(f"{label}: ", style="bold")
            t.append(printable(r.title or "(untitled)"))
            t.append(f"  {r.sort_date or 'date unknown'}  {r.id}", style="dim")
        return t

    def on_mount(self) -> None:
        self.query_one(CompareView).focus()
        self.recompute()

    @property
    def view(self) -> CompareView:
        return self.query_one(CompareView)

    # ---- worker ---------------------------------------------------------------
    def recompute(self) -> None:
        self.computing = True
        self._update_summary()
        self._compute(self.options)

    @work(thread=True, exclusive=True, group="compare")
    def _compute(self, options: Options) -> None:
        result = compare(self.record_a, self.record_b, options)
        self.post_message(self.Computed(result, options))

    def on_compare_screen_computed(self, message: Computed) -> None:
        if message.options != self.options:
            return  # a stale result: a newer toggle is being computed
        self.computing = False
        self.comparison = message.comparison
        keep = self.view.cursor if self.view.comparison is not None else None
        self.view.set_comparison(message.comparison, keep)
        self._update_summary()

    def _update_summary(self) -> None:
        t = Text(no_wrap=True, overflow="ellipsis")
        if self.comparison is not None:
            s = self.comparison.summary
            c = s["counts"]
            t.append(f"{s['similarity']:.0%} similar  ", style="bold")
            for key, label in (("same", "same"), ("changed", "changed"), ("deleted", "only A"),
                               ("inserted", "only B"), ("moved", "moved")):
                t.append(f"{GUTTER[key]}{c[key]} {label}  ", style=_STATUS_STYLE[key])
        o = self.options
        for on, key, label in ((o.ignore_case, "c", "case"), (o.ignore_punctuation, "p", "punct"),
                               (o.unify_quotes_dashes, "u", "quotes")):
            t.append(f"[{key}]{'ignore ' if on else ''}{label} ", style="reverse" if on else "dim")
        if self.computing:
            t.append(" computing…", style="italic")
        self.query_one("#compare-summary", Static).update(t)

    # ---- actions ----------------------------------------------------------------
    def action_next_difference(self) -> None:
        self.view.action_next_difference()

    def action_previous_difference(self) -> None:
        self.view.action_previous_difference()

    def action_toggle(self, name: str) -> None:
        d = self.options.to_dict()
        d[name] = not d[name]
        self.options = Options(**d)
        self.recompute()

    def action_toggle_markers(self) -> None:
        self.view.set_markers(not self.view.markers)

    def action_close(self) -> None:
        self.dismiss(None)
