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

from tui.widgets.strips import blank, segments_strip, styled
from textual.widgets import Footer, Static

from corpus.align import GUTTER, MOVED, SAME, Comparison, Options, compare
from corpus.model import Record
from corpus.safe_text import printable
from tui.screens.covering import CoveringMixin, covering_bindings
from tui.widgets.wrap import wrap_segments

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


@dataclass(slots=True)
class _Block:
    row: int  # index in Comparison.rows (-1 for a blank separator)
    lines: list[tuple[str, list[list[tuple[str, Style]]]]]  # (gutter label, [side pieces])


@dataclass(slots=True)
class _Layout:
    width: int
    markers: bool
    blocks: list[_Block]
    starts: list[int]  # first display line of each block
    row_block: dict[int, int]
    total: int


def _pieces(row, side: str, markers: bool) -> list[tuple[str, Style]]:
    out = []
    whole = row.status in ("deleted", "inserted") or (row.status == MOVED and not row.ops)
    for text, kind in row.segments(side):
        text = printable(text)
        if kind == "replace":
            kind = "delete" if side == "a" else "insert"
        if kind != "same" and markers and not whole:
            left, right = _MARKERS[side]
            text = left + text + right
        out.append((text, _KIND_STYLE.get(kind, Style())))
    return out


def build_layout(cmp: Comparison | None, width: int, markers: bool = True) -> _Layout:
    """Wrap every row for a view ``width`` cells wide (safe to call in a thread)."""
    if width <= 0:
        width = 80
    blocks: list[_Block] = []
    starts: list[int] = []
    row_block: dict[int, int] = {}
    total = 0
    if cmp is not None:
        stacked = width < NARROW
        colw = max((width - 5) // 2, 8)
        textw = max(width - 4, 8)
        prev_a = prev_b = None
        for i, row in enumerate(cmp.rows):
            new_para = (row.a_passage is not None and prev_a is not None and row.a_passage != prev_a) or (
                row.b_passage is not None and prev_b is not None and row.b_passage != prev_b
            )
            prev_a = row.a_passage if row.a_passage is not None else prev_a
            prev_b = row.b_passage if row.b_passage is not None else prev_b
            if new_para:
                starts.append(total)
                blocks.append(_Block(-1, [("", [])]))
                total += 1
            lines: list[tuple[str, list[list[tuple[str, Style]]]]] = []
            if stacked:
                if row.status == SAME:
                    lines += [("  ", [ln]) for ln in wrap_segments(_pieces(row, "b", markers), textw)]
                else:
                    if row.a is not None:
                        lines += [("A ", [ln]) for ln in wrap_segments(_pieces(row, "a", markers), textw)]
                    if row.b is not None:
                        lines += [("B ", [ln]) for ln in wrap_segments(_pieces(row, "b", markers), textw)]
            else:
                la = wrap_segments(_pieces(row, "a", markers), colw) if row.a is not None else []
                lb = wrap_segments(_pieces(row, "b", markers), colw) if row.b is not None else []
                for k in range(max(len(la), len(lb), 1)):
                    lines.append(("", [la[k] if k < len(la) else [], lb[k] if k < len(lb) else []]))
            row_block[i] = len(blocks)
            starts.append(total)
            blocks.append(_Block(i, lines))
            total += len(lines)
    return _Layout(width, markers, blocks, starts, row_block, total)


class CompareView(ScrollView, can_focus=True):
    """Both versions, line by line; ``]``/``[`` jump between differences."""

    HELP_TITLE = "Comparison"

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
        Binding("enter", "partner", "Other half of a move", show=False),
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
    def set_comparison(self, comparison: Comparison | None, keep_row: int | None = None,
                       layout: _Layout | None = None) -> None:
        self.comparison = comparison
        width = self.scrollable_content_region.width
        if layout is None or layout.width != width or layout.markers != self.markers:
            layout = build_layout(comparison, width, self.markers)
        self.apply_layout(layout)
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

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        self.apply_layout(build_layout(self.comparison, width, self.markers))

    def apply_layout(self, layout: "_Layout") -> None:
        self._layout_width = layout.width
        self._cache.clear()
        self._blocks, self._starts, self._row_block, self._total = (
            layout.blocks, layout.starts, layout.row_block, layout.total)
        self.virtual_size = Size(layout.width, layout.total)

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
        if y == 0 and self.scrollable_content_region.width != self._layout_width:
            self._relayout()
        scroll_x, scroll_y = self.scroll_offset
        line = scroll_y + y
        width = self._layout_width
        if self.comparison is None or line >= self._total:
            if self.comparison is None and y == 0:
                return styled(Strip([Segment(" Comparing…", Style(italic=True))]).extend_cell_length(width, self.rich_style))
            return blank(width, self.rich_style)
        key = (line, width)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render(line, width)
            if len(self._cache) > 4000:
                self._cache.clear()
            self._cache[key] = strip
        return styled(strip.crop_extend(scroll_x, scroll_x + width, self.rich_style))

    def _render(self, line: int, width: int) -> Strip:
        assert self.comparison is not None
        b = bisect.bisect_right(self._starts, line) - 1
        block = self._blocks[b]
        if block.row < 0:
            return blank(width)
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
        return segments_strip(segs).crop_extend(0, width, None)

    # ---- movement -----------------------------------------------------------
    def _forget_row(self, row: int) -> None:
        b = self._row_block.get(row)
        if b is None:
            return
        for line in range(self._starts[b], self._starts[b] + len(self._blocks[b].lines)):
            self._cache.pop((line, self._layout_width), None)

    def watch_cursor(self, old: int, new: int) -> None:
        self._forget_row(old)
        self._forget_row(new)
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

    def action_partner(self) -> None:
        """On a moved row, jump to where the text moved from / to."""
        if self.comparison is None or not 0 <= self.cursor < len(self.comparison.rows):
            return
        partner = self.comparison.rows[self.cursor].partner
        if partner is None:
            self.app.bell()
        else:
            self.cursor = partner

    def set_markers(self, on: bool) -> None:
        self.markers = on
        self._relayout()
        self.refresh()


_DIFF = Binding.Group("Diffs")
_TOGGLES = Binding.Group("Case/punct/quotes/marks")


class CompareScreen(CoveringMixin, Screen):
    """Side-by-side comparison of two records (stacked below 100 columns)."""

    HELP_TITLE = "Comparison"

    DEFAULT_CSS = """
    CompareScreen #compare-header { height: auto; padding: 0 1; background: $panel; }
    CompareScreen #compare-summary { height: 1; padding: 0 1; background: $panel; }
    """
    BINDINGS = [
        # grouped in the footer (one item per group) so that it fits 80 columns; the help lists each key
        Binding("right_square_bracket", "next_difference", "Next diff", group=_DIFF),
        Binding("left_square_bracket", "previous_difference", "Prev diff", group=_DIFF),
        Binding("c", "toggle('ignore_case')", "Case", group=_TOGGLES),
        Binding("p", "toggle('ignore_punctuation')", "Punct", group=_TOGGLES),
        Binding("u", "toggle('unify_quotes_dashes')", "Quotes/dashes", group=_TOGGLES),
        Binding("m", "toggle_markers", "Markers", group=_TOGGLES),
        Binding("escape,q", "close", "Close"),
        *covering_bindings("comparison"),  # library keys would act out of sight, under the comparison
    ]

    class Computed(Message):
        def __init__(self, comparison: Comparison, options: Options, layout: _Layout | None = None) -> None:
            super().__init__()
            self.comparison = comparison
            self.options = options
            self.layout = layout

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
        yield Footer()  # the keys, from the live bindings

    def _header(self) -> Text:
        t = Text(no_wrap=True, overflow="ellipsis")
        for label, r in (("A", self.record_a), ("B", self.record_b)):
            if label == "B":
                t.append("\n")
            t.append(f"{label}: ", style="bold")
            from corpus.reading_order import version_label

            which = version_label(r)
            if which:
                t.append(f"[{which}] ", style="bold")
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
        self._compute(self.options, self.recompute_width(), self.view.markers)

    def recompute_width(self) -> int:
        return self.view.scrollable_content_region.width

    @work(thread=True, exclusive=True, group="compare", description="compare two texts")
    def _compute(self, options: Options, width: int, markers: bool) -> None:
        result = compare(self.record_a, self.record_b, options)
        layout = build_layout(result, width, markers)  # wrapping is slow for long records: do it here too
        self.post_message(self.Computed(result, options, layout))

    def on_compare_screen_computed(self, message: Computed) -> None:
        if message.options != self.options:
            return  # a stale result: a newer toggle is being computed
        self.computing = False
        self.comparison = message.comparison
        keep = self.view.cursor if self.view.comparison is not None else None
        self.view.set_comparison(message.comparison, keep, message.layout)
        self._update_summary()

    def on_resize(self) -> None:
        self._update_summary()

    def _update_summary(self) -> None:
        t = Text(no_wrap=True, overflow="ellipsis")
        if self.comparison is not None:
            s = self.comparison.summary
            c = s["counts"]
            wide = self.size.width >= 110
            t.append(f"{s['similarity']:.0%} similar  ", style="bold")
            for key, label in (("same", "same"), ("changed", "changed"), ("deleted", "only A"),
                               ("inserted", "only B"), ("moved", "moved")):
                t.append(f"{GUTTER[key]}{c[key]}{' ' + label if wide else ''}  ", style=_STATUS_STYLE[key])
        o = self.options
        for on, key, label in ((o.ignore_case, "c", "case"), (o.ignore_punctuation, "p", "punct"),
                               (o.unify_quotes_dashes, "u", "quotes")):
            t.append(f"{key}:{'ignore ' if on else ''}{label}", style="reverse" if on else "dim")
            t.append(" ")
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
