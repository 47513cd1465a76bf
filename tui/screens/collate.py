"""CollateScreen: every version of a text at once — a table per witness when wide, a base text with variant marks at 80×24.

The rows are drawn by :class:`tui.widgets.collation.CollateView` (Line API,
lazy Strips, big layouts wrapped in a thread); this screen holds the state
(base witness, filter, ignore options), runs the collation in a thread
worker, and shows the witnesses with the share of the base each keeps, the
readings of the current row and a change-density strip.  Readable without
colour (status symbols, witness letters, ``[brackets]``).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from corpus.align import Options
from corpus.collate import GUTTER, Collation, collate, labels
from corpus.model import Record
from corpus.safe_text import printable
from tui.screens.covering import CoveringMixin, covering_bindings
from tui.widgets.collation import _STATUS_STYLE, CollateView, DensityStrip, _marked


_VARIANTS = Binding.Group("Variants")


class CollateScreen(CoveringMixin, Screen):
    """All versions of one text, collated."""

    HELP_TITLE = "Collation"

    DEFAULT_CSS = """
    CollateScreen #collate-head { height: auto; max-height: 12; padding: 0 1; background: $panel; }
    CollateScreen #collate-summary { height: 1; padding: 0 1; background: $panel; }
    CollateScreen #collate-body { height: 1fr; }
    CollateScreen #collate-readings { height: auto; max-height: 7; padding: 0 1; border-top: solid $accent; }
    """
    BINDINGS = [
        # ] and [ share one footer item and w is in the help only: the footer fits 80 columns
        Binding("right_square_bracket", "jump(1)", "Next variant", group=_VARIANTS),
        Binding("left_square_bracket", "jump(0)", "Prev variant", group=_VARIANTS),
        Binding("w", "base(1)", "Next base", show=False),
        Binding("W", "base(-1)", "Previous base version", show=False),
        *[Binding(str(n), f"base_to({n - 1})", "1…9: that version (A…I) is the base" if n == 1 else "", show=False)
          for n in range(1, 10)],
        Binding("f", "filter(1)", "Filter rows", tooltip="All rows / rows that vary / rows where A, B, … differs from the base"),
        Binding("F", "filter(0)", "Show all rows again", show=False),
        Binding("t", "table", "Table/text"),
        Binding("c", "toggle('ignore_case')", "Ignore case (toggle)", show=False),
        Binding("p", "toggle('ignore_punctuation')", "Ignore punctuation (toggle)", show=False),
        Binding("u", "toggle('unify_quotes_dashes')", "One quote and dash style (toggle)", show=False),
        Binding("m", "markers", "Brackets round variants on/off", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("escape,q", "close", "Close"),
        # the reader's keys act on this row (of the base version), not on the record hidden underneath
        Binding("y", "copy(0)", "Copy this row (base version)", show=False),
        Binding("Y", "copy(1)", "Copy this row with a citation", show=False),
        Binding("a", "note", "Note on this row's passage (base version)", show=False),
        # library keys would act out of sight, under the collation: say how to get there instead
        *covering_bindings("collation", own=("y", "Y", "a", "t")),
    ]

    class Computed(Message):
        def __init__(self, collation: Collation, options: Options) -> None:
            super().__init__()
            self.collation, self.options = collation, options

    def __init__(self, records: list[Record], options: Options | None = None) -> None:
        super().__init__()
        self.records = list(records)
        self.letters = labels(len(self.records))
        self.options = options or Options()
        self.collation: Collation | None = None
        self.base: int | None = None  # None until the first collation picks the medoid
        self.row_filter: str | int | None = None  # None all rows, "variants", or a witness index
        self.computing = False

    def compose(self) -> ComposeResult:
        yield Static(self._head(), id="collate-head", markup=False)
        yield Static(Text("Collating…"), id="collate-summary", markup=False)
        with Horizontal(id="collate-body"):
            yield CollateView(id="collate-view")
            yield DensityStrip(id="collate-density")
        yield Static(Text(""), id="collate-readings", markup=False)
        yield Footer()

    @property
    def view(self) -> CollateView:
        return self.query_one(CollateView)

    def on_mount(self) -> None:
        self.view.focus()
        self.recompute()

    # ---- worker ---------------------------------------------------------------------
    def recompute(self) -> None:
        self.computing = True
        self._update_summary()
        self._compute(self.options)

    @work(thread=True, exclusive=True, group="collate", description="collate versions")
    def _compute(self, options: Options) -> None:
        self.post_message(self.Computed(collate(self.records, options), options))

    def on_collate_screen_computed(self, message: Computed) -> None:
        if message.options != self.options:
            return  # stale: a newer toggle is being computed
        self.computing = False
        self.collation = message.collation
        if self.base is None:
            self.base = message.collation.base
        self._refresh_view(keep=self.view.cursor if self.view.collation is not None else None)

    # ---- state -> widgets -------------------------------------------------------------
    def visible_rows(self) -> list[int]:
        col = self.collation
        if col is None:
            return []
        if self.row_filter is None:
            return list(range(len(col.rows)))
        if self.row_filter == "variants":
            return col.differences()
        return col.differences(int(self.row_filter), self.base)

    def _refresh_view(self, keep: int | None = None) -> None:
        self.view.set_collation(self.collation, self.base or 0, self.visible_rows(), keep)
        self._update_summary()
        self.query_one("#collate-head", Static).update(self._head())

    def _head(self) -> Text:
        width = max(self.size.width - 2, 20) if self.size.width else 78
        lines = self._head_lines()
        for ln in lines:
            ln.truncate(width, overflow="ellipsis")
        return Text("\n").join(lines)

    def _head_lines(self) -> list[Text]:
        out: list[Text] = []
        kept = self.collation.kept(self.base) if self.collation is not None and self.base is not None else None
        partial = set(self.collation.partial(self.base)) if kept is not None else set()
        cut = self.collation.truncated() if self.collation is not None else {}
        if len(self.records) > 3 and self.size.height and self.size.height < 40:  # compact: two lines
            t = Text("keeps of the base: ", style="bold")
            for w, n in enumerate(self.letters):
                is_base = w == self.base
                t.append(f"{n}{'*' if is_base else ''}", style="bold reverse" if is_base else "bold")
                t.append(" base" if is_base else (f" {kept[w]:.0%}{' partial' if w in partial else ''}"
                                                   if kept is not None else ""))
                t.append(" cut short  " if self.records[w].id in cut else "  ")
            out.append(t)
            t = Text()
            for w, (n, r) in enumerate(zip(self.letters, self.records)):
                if w:
                    t.append(" · ")
                t.append(f"{n}: ", style="bold")
                t.append(f"{printable(r.title or '(untitled)')} {r.sort_date or ''}".rstrip())
            out.append(t)
            return out
        for w, (n, r) in enumerate(zip(self.letters, self.records)):
            t = Text()
            out.append(t)
            is_base = w == self.base
            t.append(f"{n}{'*' if is_base else ' '} ", style="bold reverse" if is_base else "bold")
            if kept is not None:
                t.append("base " if is_base else f"{kept[w]:4.0%} ", style="bold")
            if w in partial:
                t.append("partial: ", style="bold")
            if r.id in cut:
                t.append(f"cut short: {', '.join(cut[r.id])}: ", style="bold")
            t.append(printable(r.title or "(untitled)"))
            t.append(f"  {r.sort_date or 'date unknown'}  {r.id}", style="dim")
            if r.source:
                t.append(f"  [{printable(r.source)}]", style="italic")
        return out

    def _update_summary(self) -> None:
        t = Text(no_wrap=True, overflow="ellipsis")
        col = self.collation
        if col is not None:
            counts = {s: 0 for s in GUTTER}
            for r in col.rows:
                counts[r.status] += 1
            t.append(f"{len(col.witnesses)} versions, {len(col.rows)} rows ", style="bold")
            for key in ("same", "variant", "some-only", "moved"):
                t.append(f"{GUTTER[key]}{counts[key]} ", style=_STATUS_STYLE[key])
            t.append(f"· base {self.letters[self.base or 0]} ", style="bold")
            if self.row_filter is None:
                t.append("· all rows ")
            elif self.row_filter == "variants":
                t.append("· filter: rows that vary ", style="reverse")
            else:
                w = int(self.row_filter)
                if w == (self.base or 0):  # the base against itself: rows where any other version differs from it
                    t.append(f"· filter: others differ from {self.letters[w]} ", style="reverse")
                else:
                    t.append(f"· filter: {self.letters[w]} differs from {self.letters[self.base or 0]} ", style="reverse")
        o = self.options
        for on, key, label in ((o.ignore_case, "c", "case"), (o.ignore_punctuation, "p", "punct"),
                               (o.unify_quotes_dashes, "u", "quotes")):
            if on:
                t.append(f"{key}:ignore {label} ", style="reverse")
        if self.computing:
            t.append(" collating…", style="italic")
        self.query_one("#collate-summary", Static).update(t)

    def on_resize(self) -> None:
        self.query_one("#collate-head", Static).update(self._head())
        panel = self.query_one("#collate-readings", Static)
        panel.styles.max_height = self.READINGS_LINES + 1  # + its border
        if self.collation is not None:
            panel.update(self.readings_fitted(self.view.cursor))

    def on_collate_view_cursor_moved(self, message: CollateView.CursorMoved) -> None:
        self.query_one("#collate-readings", Static).update(self.readings_fitted(message.row))
        strip = self.query_one(DensityStrip)
        strip.update(self.view)

    def readings_text(self, i: int) -> Text:
        """The current row's readings: one line per wording (the witnesses that share it), then absences."""
        return Text("\n").join(t for t, _ in self._reading_blocks(i))

    @property
    def READINGS_LINES(self) -> int:
        """The readings panel's lines: 6 at 80×24, a quarter of the screen when taller."""
        return max(6, (self.size.height or 24) // 4)

    def readings_fitted(self, i: int, width: int | None = None) -> Text:
        """``readings_text`` cut to the panel: when the readings are longer than
        it, the last line says whose readings are not shown and how to see them."""
        width = width or max((self.size.width or 80) - 2, 20)
        blocks = self._reading_blocks(i)
        console = self.app.console
        heights = [len(t.wrap(console, width)) for t, _ in blocks]
        if sum(heights) <= self.READINGS_LINES:
            return Text("\n").join(t for t, _ in blocks)
        room = self.READINGS_LINES - 1
        shown: list[Text] = []
        hidden: list[str] = []
        for (t, letters), h in zip(blocks, heights):
            if room <= 0:
                hidden += letters
                continue
            if h > room:  # cut this reading to the lines left, with an ellipsis
                lines = t.wrap(console, width)[:room]
                cut = Text("\n").join(lines)
                cut.rstrip()
                cut.append("…")
                shown.append(cut)
                room = 0
                continue
            shown.append(t)
            room -= h
        more = Text("… ", style="italic")
        if hidden:
            more.append(f"not shown: {' '.join(dict.fromkeys(hidden))}", style="bold italic")
            more.append(" · ", style="italic")
        more.append("1–9 or w: show one as the base", style="italic")
        return Text("\n").join(shown + [more])

    def _reading_blocks(self, i: int) -> list[tuple[Text, list[str]]]:
        """(text, letters of the witnesses it is about) per line of the readings."""
        col = self.collation
        if col is None or not 0 <= i < len(col.rows):
            return [(Text(), [])]
        row = col.rows[i]
        base = self.base or 0
        head = Text()
        head.append(f"row {i + 1}: ", style="bold")
        head.append({"same": "the same in every version", "variant": "worded differently",
                     "some-only": "not in every version", "moved": "moved"}[row.status])
        out = [(head, [])]
        for g in row.groups():
            letters = [self.letters[w] for w in g]
            t = Text()
            t.append(f"{' '.join(letters)}: ", style="bold")
            out.append((t, letters))
            if base in g and self.view.table is False:
                t.append("(as shown)", style="italic")
                continue
            for text, style in _marked(row, g[0], base, True):
                t.append(text, style=style)
        absent = [w for w in range(len(row.readings)) if row.readings[w] is None]
        if absent:
            t = Text()
            for w in absent:
                where = row.moved.get(w)
                t.append(f"{self.letters[w]}: ", style="bold")
                t.append("not here" if where is None else f"at row {where + 1} (Enter)", style="italic")
                t.append("  ")
            out.append((t, [self.letters[w] for w in absent]))
        return out

    # ---- actions ---------------------------------------------------------------------
    def action_jump(self, forward: int) -> None:
        col = self.collation
        if col is None:
            return
        visible = set(self.view.shown)
        rows = [i for i in col.differences() if i in visible]
        if not self.view.jump(rows, bool(forward)):
            self.app.bell()

    def action_base(self, step: int) -> None:
        if self.collation is None:
            return
        self.base = ((self.base or 0) + step) % len(self.records)
        self._refresh_view(keep=self.view.cursor)

    def action_base_to(self, w: int) -> None:
        """Make witness ``w`` (1 for A, 2 for B …) the base."""
        if self.collation is None or w >= len(self.records):
            self.app.bell()
            return
        self.base = w
        self._refresh_view(keep=self.view.cursor)

    def action_filter(self, step: int) -> None:
        if self.collation is None:
            return
        cycle: list[str | int | None] = [None, "variants", *range(len(self.records))]
        self.row_filter = None if step == 0 else cycle[(cycle.index(self.row_filter) + 1) % len(cycle)]
        self._refresh_view(keep=self.view.cursor)

    def action_table(self) -> None:
        view = self.view
        if not view.table and view.want_table:
            self.notify(f"Too narrow for {len(self.records)} columns: widen the terminal", timeout=3)
            return
        view.want_table = not view.want_table
        self._refresh_view(keep=view.cursor)

    def action_markers(self) -> None:
        self.view.markers = not self.view.markers
        self._refresh_view(keep=self.view.cursor)

    def action_toggle(self, name: str) -> None:
        d = self.options.to_dict()
        d[name] = not d[name]
        self.options = Options(**d)
        self.recompute()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        marks = [Binding(k, "noop", d) for k, d in (
            ("=", "row the same in every version"), ("~", "row worded differently in some versions"),
            ("+", "row in some versions only"), (">", "row moved: elsewhere in the other versions (Enter jumps)"),
            ("ABC·", "the versions that have the row (· for one that has not)"),
            ("[words]", "a place where the versions differ ([+]: others add words here)"),
            ("A* base", "the base version; the others with the share of its words they keep"),
            ("░▒▓█", "right edge: where the text varies most (darker = more versions differ)"))]
        self.app.push_screen(HelpScreen([("Collation", list(self.BINDINGS)), ("Rows", list(CollateView.BINDINGS)),
                                         ("Marks", marks)]))

    def action_close(self) -> None:
        self.dismiss(None)

    def _row_passage(self):
        """(witness, record, passage, reading) of the current row: the base version's, else the first that has it."""
        col = self.collation
        if col is None or not 0 <= self.view.cursor < len(col.rows):
            return None
        row = col.rows[self.view.cursor]
        base = self.base or 0
        for w in [base] + [w for w in range(len(self.records)) if w != base]:
            if row.readings[w] is not None and row.passages[w] is not None:
                record = self.records[w]
                if 0 <= row.passages[w] < len(record.passages):
                    return w, record, record.passages[row.passages[w]], row.readings[w]
        return None

    def action_copy(self, cite: int) -> None:
        hit = self._row_passage()
        if hit is None:
            self.app.bell()
            return
        w, record, _passage, reading = hit
        text = reading
        if cite:
            from corpus.citation import cite as citation

            text = f"“{reading}”\n{citation(record)}"
        self.app.copy_to_clipboard(text)
        self.notify(f"Row copied from {self.letters[w]}{' with its citation' if cite else ''} (OSC 52)", timeout=2)

    def action_note(self) -> None:
        hit = self._row_passage()
        if hit is None:
            self.app.bell()
            return
        from tui.annotate import _mine, edit_note, writable_store

        w, record, passage, _reading = hit
        store = writable_store(self.app)
        if store is None:
            return
        mine = _mine(store, passage.id, noted=True)
        mine.sort(key=lambda a: not a.whole_passage)
        edit_note(self.app, record, passage, mine[0] if mine else None)



def open_collate(app, records: list[Record], options: Options | None = None) -> None:
    """Push the collation of ``records`` (two or more versions of one text)."""
    app.push_screen(CollateScreen(records, options))
