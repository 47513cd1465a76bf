"""The reading pane: a record's metadata header and passages (Line API).

Everything is drawn from ``rich.text.Text`` built from plain strings, never
from markup, and passed through ``printable`` first: document text can hold
``[bold]``, ``[@click=…]`` or escape sequences and they must show literally.
The widget wraps each passage once per width and caches the strips, so a
record of thousands of passages scrolls as fast as a short one.
"""

from __future__ import annotations

from typing import Callable, Iterable

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.strips import PassStyle, text_strip

from corpus.model import Passage, Record
from corpus.safe_text import printable
from tui.widgets.record_header import WARNING_LABELS, HeaderRow, compact_header, header_rows
from tui.widgets.thumbbar import ThumbScrollBar

GUTTER = 3  # cursor mark + annotation mark + space
# blank column left of the gutter, drawn in the line itself rather than as CSS
# padding: padding is a separate style run, i.e. one more SGR + reset per line
MARGIN = 1
STICKY_LINES = 1  # once scrolled, the first row is the record's title bar

# passage id -> (marker char, style) for the margin, e.g. tags/notes
MarginFn = Callable[[Passage], tuple[str, str] | None]


class _Line:
    """One laid-out line: its strip and the passage it belongs to (-1: the header).
    (A plain class: a dataclass costs ~0.4 ms of the first frame to create, for two fields.)"""

    __slots__ = ("strip", "passage")

    def __init__(self, strip: Strip, passage: int) -> None:
        self.strip = strip
        self.passage = passage


class _SliceLine:
    """One line of a plain passage of a big record, turned into a strip only
    when drawn: the reader keeps where the line starts and ends in the
    passage's text, not a strip per line (a 50 MB one-line file is 500,000
    lines: strips for all of them took minutes and gigabytes)."""

    __slots__ = ("body", "start", "end", "passage", "gutter", "console")

    def __init__(self, body: str, start: int, end: int, passage: int, gutter: Text, console) -> None:
        self.body, self.start, self.end, self.passage, self.gutter, self.console = body, start, end, passage, gutter, console

    @property
    def strip(self) -> Strip:
        line = Text.assemble(self.gutter, self.body[self.start:self.end])
        line.end = ""
        return text_strip(line, self.console, line.cell_len)


def fold_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each line of ``text`` wrapped at spaces to ``width``
    cells, a word longer than a line folded; for text of one-cell characters
    with single spaces (a normalised ASCII passage), as rich's wrap does it,
    but with one ``rfind`` a line instead of a Python step a word."""
    out: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while n - pos > width:
        end = pos + width
        if text[end] == " ":
            out.append((pos, end))
            pos = end + 1
            continue
        br = text.rfind(" ", pos, end)
        if br <= pos:  # one word longer than the line: folded
            out.append((pos, end))
            pos = end
        else:
            out.append((pos, br))
            pos = br + 1
    if pos < n or not out:
        out.append((pos, n))
    return out


def _count(n: int) -> str:
    return f"{n} passage" if n == 1 else f"{n} passages"


class Reader(PassStyle, ScrollView, can_focus=True):
    """Shows one record; a passage cursor moves with j/k."""

    HELP_TITLE = "Reader"

    BINDINGS = [
        Binding("j,down", "next_passage", "Next passage", show=False),
        Binding("k,up", "prev_passage", "Previous passage", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
        Binding("H", "toggle_details", "Full metadata header / compact header", show=False),
        Binding("x", "toggle_notes", "Tags and notes under passages: one line / in full", show=False),
    ]

    expanded = False  # the full metadata header (H, for every record); compact by default
    notes_expanded = False  # every note in full under its passage (x); one line by default

    DEFAULT_CSS = """
    Reader { background: $surface; }
    """

    COMPONENT_CLASSES = {"reader--title", "reader--label", "reader--unknown", "reader--cursor", "reader--highlight"}

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)  # watch_cursor repaints what changes

    class PassageChanged(Message):
        def __init__(self, record: Record | None, passage: Passage | None) -> None:
            self.record = record
            self.passage = passage
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._generation = 0  # bumped per layout: a worker's stale result is dropped
        self.record: Record | None = None
        self._rows: list[HeaderRow] = []
        self._lines: list[_Line] = []
        self._first_line: list[int] = []  # passage index -> first line
        self._width = 0
        self._highlights: dict[str, list[tuple[int, int]]] = {}
        self._painted_cursor: int | None = None  # passage whose lines show the cursor bar
        self.margin: MarginFn | None = None
        # passage -> its annotations (tags/notes shown under the passage), set by the app
        self.annotations: Callable[[Passage], list] | None = None
        # more header rows for a record (e.g. grouped questions), set by the app
        self.extra_rows: Callable[[Record], list[HeaderRow]] | None = None

    @property
    def vertical_scrollbar(self) -> ThumbScrollBar:
        """As Textual's, but repainting only the thumb's rows when scrolled (bytes on the wire)."""
        if self._vertical_scrollbar is None:
            bar = ThumbScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    # ---- content -----------------------------------------------------------
    def show(self, record: Record | None, *, inferred: dict[str, tuple[str, str]] | None = None, passage_id: str | None = None) -> None:
        rows = header_rows(record, inferred) if record else []
        if record is not None and self.extra_rows is not None:
            rows += self.extra_rows(record)
        same = record is not None and record is self.record and rows == self._rows and not self._highlights
        self.record = record
        self._rows = rows
        self._highlights = {}
        if not same:  # the record shown again as it is (highlighted, then opened): no new layout
            self._width = 0  # force relayout
            self._layout()
        index = 0
        if record and passage_id:
            p = record.passage(passage_id)
            index = p.index if p else 0
        self.scroll_to(y=0, animate=False)
        self.cursor = index
        self.refresh()

    def set_highlights(self, passage_id: str, spans: Iterable[tuple[int, int]]) -> None:
        self._highlights = {passage_id: list(spans)}
        self._width = 0
        self._layout()
        self.refresh()

    def redraw(self) -> None:
        """Re-render (after annotations changed)."""
        self._width = 0
        self._layout()
        self.refresh()

    @property
    def current_passage(self) -> Passage | None:
        if self.record and 0 <= self.cursor < len(self.record.passages):
            return self.record.passages[self.cursor]
        return None

    # ---- layout ------------------------------------------------------------
    def on_resize(self) -> None:
        self._layout()

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        # the scrollbar came or went without a resize (x expanded the notes, a taller record):
        # lay out again for the width beside it, or a full line loses its end under it
        self.call_after_refresh(self._layout)

    # records longer than this are laid out in a thread worker
    BIG = 150_000

    def _layout(self) -> None:
        size = sum(len(p.text) for p in self.record.passages) if self.record else 0
        width = max(self.scrollable_content_region.width - MARGIN, 20)
        if size > self.BIG and not self.show_vertical_scrollbar:
            # it will scroll: lay out for the width left once the scrollbar shows, or
            # its appearing resizes the view and the whole record is laid out twice
            width = max(width - self.styles.scrollbar_size_vertical, 20)
        if width == self._width and self._lines:
            return
        self._width = width
        self._generation += 1
        if size > self.BIG:
            note = Text(f"Laying out {len(self.record.passages)} passages ({size // 1000:,} k characters)…", style="italic")
            note.end = ""
            console = self.app.console
            self._lines = [_Line(text_strip(note, console, note.cell_len), -1)]
            self._first_line = []
            self.virtual_size = Size(width, 1)
            if not self._laying_out:  # one layout worker at a time: a newer request waits for it
                self._laying_out = True
                self._layout_in_thread(width, self._generation)
            return
        lines, first = self._build_lines(width)
        self._apply_layout(lines, first, width, self._generation)

    class _LaidOut(Message):
        """The layout worker's lines for a big record (private to the reader)."""

        bubble = False

        def __init__(self, lines: list, first: list[int], width: int, generation: int) -> None:
            self.lines, self.first, self.width, self.generation = lines, first, width, generation
            super().__init__()

    @work(thread=True, exclusive=True, group="reader-layout", description="lay out a record")
    def _layout_in_thread(self, width: int, generation: int) -> None:
        lines, first = self._build_lines(width)
        self.post_message(self._LaidOut(lines, first, width, generation))

    _laying_out = False

    @on(_LaidOut)
    def _laid_out(self, message: _LaidOut) -> None:
        self._laying_out = False
        if message.generation != self._generation and self.record is not None:
            # asked for again meanwhile (another record, width, marks): lay out the latest once
            self._width = 0
            self._layout()
            return
        self._apply_layout(message.lines, message.first, message.width, message.generation)

    def _apply_layout(self, lines: list[_Line], first: list[int], width: int, generation: int) -> None:
        if generation != self._generation:
            return  # a newer layout (another record or width) is on its way
        self._lines = lines
        self._first_line = first
        self.virtual_size = Size(width, len(lines))
        self._scroll_to_passage(self.cursor)
        self.refresh()

    def _build_lines(self, width: int) -> tuple[list[_Line], list[int]]:
        console = self.app.console
        lines: list[_Line] = []
        first: list[int] = []
        text_width = max(width - GUTTER - 1, 10)

        def add(text: Text, passage: int, gutter: Text | None = None) -> None:
            for wrapped in text.wrap(console, text_width, overflow="fold"):
                g = gutter.copy() if gutter is not None else Text(" " * GUTTER)
                if g.cell_len < GUTTER:
                    g.pad_right(GUTTER - g.cell_len)
                line = Text.assemble(g, wrapped)
                line.end = ""
                lines.append(_Line(text_strip(line, console, line.cell_len), passage))

        if self.record is None:
            add(Text("No record open. Choose one in the library (Enter).", style="italic"), -1)
            return lines, first
        rec = self.record
        title = Text(printable(rec.title or "(untitled)"), style="bold")
        derived = rec.field_notes.get("title") if rec.title else None  # e.g. from the question text
        if derived:  # marked like the header's other inferred values: * here, the reason with H
            title.append(f"  ({printable(derived)})" if self.expanded else "*", style="italic")
        add(title, -1)
        if self.expanded:
            for label, value, note in self._rows:
                t = Text(f"{label}: ", style="bold reverse" if label in WARNING_LABELS else "bold")
                if value is None:
                    t.append("unknown", style="italic dim")
                else:
                    t.append(printable(value))
                if note:
                    t.append(f"  ({printable(note)})", style="italic")
                add(t, -1)
            add(Text(f"{_count(len(rec.passages))} · id {rec.id} · H: fewer details", style="dim"), -1)
        else:
            for line in compact_header(self._rows, text_width):
                add(line, -1)
            add(Text(f"{_count(len(rec.passages))} · id {rec.id} · H: all details", style="dim"), -1)
        add(Text(""), -1)
        role = None
        big = sum(len(p.text) for p in rec.passages) > self.BIG  # plain passages: lines made when drawn
        add(Text(""), -1)
        blank = lines.pop()
        from corpus.marks import cut_parts

        cut = cut_parts(rec)
        last_of = {q.role: q.index for q in rec.passages} if cut else {}
        for p in rec.passages:
            if p.role != role and p.role in ("question", "answer"):
                add(Text(p.role.upper(), style="bold underline"), -1)
                role = p.role
            first.append(len(lines))
            plain = ("• " if p.list_item else "") + printable(p.text)
            mark = self.margin(p) if self.margin else None
            gutter = Text(" ")
            if mark:
                gutter.append(mark[0], style=mark[1])
            if big and p.id not in self._highlights and p.text.isascii() and p.text.isprintable():
                if gutter.cell_len < GUTTER:
                    gutter.pad_right(GUTTER - gutter.cell_len)
                i = p.index
                lines += [_SliceLine(plain, a, b, i, gutter, console) for a, b in fold_offsets(plain, text_width)]
            else:
                body = Text(plain)
                offset = 2 if p.list_item else 0
                for start, end in self._highlights.get(p.id, ()):
                    body.stylize("reverse bold", start + offset, end + offset)
                add(body, p.index, gutter)
            anns = self.annotations(p) if self.annotations else None
            if anns:
                from tui.widgets.marks import annotation_lines

                colours = getattr(self.annotations, "colours", {})
                for note_line in annotation_lines(anns, text_width, self.notes_expanded, colours):
                    add(note_line, p.index, Text(" " * GUTTER))
            if p.role in cut and last_of.get(p.role) == p.index:
                add(Text(f"[{p.role} cut short by the source: the rest is not loaded]", style="italic reverse"), p.index, Text(" " * GUTTER))
            lines.append(blank)  # one shared blank line between passages (immutable)
        return lines, first

    # ---- rendering -----------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style = self.line_style
        if y == 0 and scroll_y > 0 and self.record is not None:
            # the record's title stays on screen (right of the margin, as the text)
            return Strip.join([Strip.blank(MARGIN, style), self._title_bar(width - MARGIN)]).simplify()
        if index >= len(self._lines):
            return Strip.blank(width, style)
        line = self._lines[index]
        strip = line.strip
        if line.passage == self.cursor and line.passage >= 0 and self.record:
            # cursor bar in the first gutter cell: a symbol, not only colour
            strip = Strip.join([Strip([_cursor_segment(self.has_focus)]), strip.crop(1)])
        # one style run where the style does not change: each run costs a full
        # SGR sequence and a reset on the terminal (bytes over slow links)
        strip = Strip.join([Strip.blank(MARGIN, style), strip.crop_extend(scroll_x, scroll_x + width - MARGIN, style)])
        return strip.apply_style(style).simplify()

    def _title_bar(self, width: int) -> Strip:
        rec = self.record
        t = Text(" ", no_wrap=True, overflow="ellipsis", end="")
        t.append(printable(rec.title or "(untitled)"), style="bold")
        facts = " · ".join(x for x in (rec.kind, rec.sort_date or "date unknown") if x)
        t.append(f"  {facts}", style="dim")
        t.truncate(width, overflow="ellipsis", pad=True)
        t.stylize("reverse")
        return text_strip(t, self.app.console, width).apply_style(self.line_style)

    def action_toggle_details(self) -> None:
        """H: the full metadata header, or the compact one (for every record)."""
        self.expanded = not self.expanded
        passage = self.cursor
        self._width = 0
        self._layout()
        self.scroll_to(y=0, animate=False)
        self.cursor = passage
        self.refresh()

    def action_toggle_notes(self) -> None:
        """x: tags and notes under each passage, one line or in full."""
        self.notes_expanded = not self.notes_expanded
        passage = self.cursor
        self._width = 0
        self._layout()
        self.cursor = passage
        self.refresh()

    # ---- cursor movement -------------------------------------------------
    def watch_cursor(self, value: int) -> None:
        if not self.record or not self.record.passages:
            return
        value = max(0, min(value, len(self.record.passages) - 1))
        if value != self.cursor:
            self.cursor = value
            return
        self._scroll_to_passage(value)
        # only the lines whose cursor bar changes (a scroll repaints the rest)
        self._refresh_passage(self._painted_cursor)
        self._refresh_passage(value)
        self.post_message(self.PassageChanged(self.record, self.current_passage))

    def _refresh_passage(self, index: int | None) -> None:
        """Repaint the on-screen lines of passage ``index`` (its cursor bar)."""
        self._painted_cursor = self.cursor
        if index is None or not (0 <= index < len(self._first_line)):
            self.refresh(self._text_region())
            return
        top = self._first_line[index]
        end = self._first_line[index + 1] if index + 1 < len(self._first_line) else len(self._lines)
        text = self._text_region()
        y = self.scroll_offset.y
        rows = Region(0, top - y, text.width, end - top).intersection(text)
        if rows.height:
            self.refresh(rows)

    def _scroll_to_passage(self, index: int) -> None:
        if not self._first_line or index >= len(self._first_line):
            return
        top = self._first_line[index]
        end = self._first_line[index + 1] if index + 1 < len(self._first_line) else len(self._lines)
        height = self.scrollable_content_region.height or 1
        y = self.scroll_offset.y
        sticky = STICKY_LINES  # the title bar covers the first row once scrolled
        if index == 0 and end <= height:
            self.scroll_to(y=0, animate=False)
        elif (y > 0 and top < y + sticky) or top < y or end - top > height - sticky:
            self.scroll_to(y=max(top - sticky, 0), animate=False)
        elif end > y + height:
            self.scroll_to(y=end - height, animate=False)

    def _passage_at_top(self, y: int | None = None) -> int:
        y = self.scroll_offset.y if y is None else y
        y += STICKY_LINES if y > 0 else 0
        for i, first in enumerate(self._first_line):
            if first >= y:
                return i
        return max(len(self._first_line) - 1, 0)

    def action_next_passage(self) -> None:
        self.cursor = self.cursor + 1

    def action_prev_passage(self) -> None:
        self.cursor = max(self.cursor - 1, 0)

    def action_page_down(self) -> None:
        self._page(max(self.scrollable_content_region.height - 1, 1))

    def action_page_up(self) -> None:
        self._page(-max(self.scrollable_content_region.height - 1, 1))

    def action_top(self) -> None:
        self.cursor = 0
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        if self.record and self.record.passages:
            self.cursor = len(self.record.passages) - 1
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def _page(self, delta: int) -> None:
        """Scroll a page and move the cursor to the view in the same frame.

        Moving the cursor after the scroll had been painted drew every line
        twice (about half the bytes of a page press on the terminal).
        """
        y = max(0, min(self.scroll_offset.y + delta, self.max_scroll_y))
        if self._first_line:
            height = self.scrollable_content_region.height
            i = self._passage_at_top(y)
            if y >= self.max_scroll_y and self.record:
                # at the bottom: the last visible passage
                i = len(self._first_line) - 1
                while i > 0 and self._first_line[i] >= y + height:
                    i -= 1
            if i != self.cursor:
                self.set_reactive(Reader.cursor, i)
                self._painted_cursor = i  # the scroll (or the refresh below) repaints every text line
                self.post_message(self.PassageChanged(self.record, self.current_passage))
        old = self.scroll_offset.y
        self.scroll_to(y=y, animate=False, immediate=True)
        if y == old:  # no scroll: only the cursor bar may have moved
            self.refresh(self._text_region())

    def _text_region(self) -> Region:
        """The lines of text, without the scrollbar or padding (it repaints itself)."""
        region = self.scrollable_content_region
        return Region(0, 0, region.width, region.height)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # as ScrollView's, but not repainting the scrollbar and padding columns
        # on every scroll: they are unchanged but for the thumb (ThumbScrollBar)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = new_value
        if round(old_value) != round(new_value):
            region = self._text_region()
            if round(old_value) > 0 and round(new_value) > 0:  # the title bar row stays as it was
                region = Region(0, STICKY_LINES, region.width, max(region.height - STICKY_LINES, 0))
            self.refresh(region)

    def on_click(self, event) -> None:  # mouse: click a passage to put the cursor there
        if event.y == 0 and self.scroll_offset.y > 0:  # the title bar: back to the top
            self.action_top()
            return
        y = self.scroll_offset.y + event.y
        if 0 <= y < len(self._lines) and self._lines[y].passage >= 0:
            self.cursor = self._lines[y].passage

    def on_focus(self) -> None:
        self._refresh_passage(self.cursor)  # the cursor bar's colour shows focus

    def on_blur(self) -> None:
        self._refresh_passage(self.cursor)


def _cursor_segment(focused: bool):
    from rich.segment import Segment

    return Segment("▌", Style(bold=True, color="bright_yellow" if focused else "yellow"))
