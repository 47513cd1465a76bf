"""Browsing like a researcher, in the TUI: facet filter screen, member view,
grouped questions in the reader, and a records-per-month timeline.

The app keeps one ``corpus.browse.Filters`` (``app.browse_filters``); it is
applied to the library as ``RecordList.predicate`` and combines with the text
filter and the tag filter.  All labels built from document values go through
``printable`` and ``Content``/``Text`` (never markup).

Keys (bound in ``tui/app.py``): ``F`` facets, ``m`` member's view, ``L``
timeline, ``X`` clear facet/date/member filters, ``o`` next grouped question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

from corpus.browse import (
    FACET_LABELS,
    FACETS,
    Filters,
    GroupIndex,
    Timeline,
    bar_rows,
    facet_counts,
    group_line,
    member_filter,
    month_bounds,
    month_counts,
    parse_date_bound,
)
from corpus.model import Record
from corpus.safe_text import printable

if TYPE_CHECKING:
    from tui.app import ParlreadApp

UNKNOWN = "\x00unknown"  # SelectionList value standing for None (unknown)
MONTH_LETTERS = "JFMAMJJASOND"


def _to_value(v: str | None) -> str:
    return UNKNOWN if v is None else v


def _from_value(v: str) -> str | None:
    return None if v == UNKNOWN else v


# ---------------------------------------------------------------------------
# facet screen
def _prompt(count: int, name: str, selected: bool) -> Content:
    return Content(f"{'✓' if selected else ' '} {count:>6}  {name}")


class FacetScreen(ModalScreen["Filters | None"]):
    """Choose kinds, houses, departments, members and a date range."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
        Binding("ctrl+x", "clear_all", "Clear all"),
        Binding("right_square_bracket", "next_facet", "Next facet", show=False),
        Binding("left_square_bracket", "prev_facet", "Previous facet", show=False),
    ]

    DEFAULT_CSS = """
    FacetScreen { align: center middle; }
    #facet-box { width: 96%; max-width: 110; height: 96%; max-height: 40; border: round $accent; background: $panel; padding: 0 1; }
    #facet-help { height: 1; color: $text-muted; }
    #facet-tabs { height: 2; }
    #facet-narrow { margin: 0 0 0 0; }
    #facet-values { height: 1fr; border: none; }
    #facet-dates { height: 1; }
    #facet-dates Label { width: auto; padding: 0 1 0 0; }
    #facet-dates Input { width: 12; margin: 0 2 0 0; }
    #date-hint { color: $text-muted; }
    #facet-summary { height: 2; }
    #facet-buttons { height: 1; }
    #facet-buttons Button { margin: 0 2 0 0; }
    """

    def __init__(self, records: list[Record], filters: Filters) -> None:
        super().__init__()
        self.base = records  # records passing the text and tag filters
        self.filters = filters
        self.facet = "kind"

    def compose(self) -> ComposeResult:
        from textual.widgets import Button, Label, SelectionList, Tab, Tabs

        with Vertical(id="facet-box"):
            yield Static(Text("space toggles · [ ] facet · Tab next · ^S apply · ^X clear all · Esc", no_wrap=True, overflow="ellipsis"), id="facet-help", markup=False)
            yield Tabs(*(Tab(FACET_LABELS[f], id=f"tab-{f}") for f in FACETS), id="facet-tabs")
            yield Input(placeholder="narrow this list (type)", id="facet-narrow", compact=True)
            yield SelectionList[str](id="facet-values")
            with Horizontal(id="facet-dates"):
                yield Label("Dates from")
                yield Input(self.filters.date_from or "", placeholder="any", id="date-from", compact=True)
                yield Label("to")
                yield Input(self.filters.date_to or "", placeholder="any", id="date-to", compact=True)
                yield Label("(2023, 2023-12, 2023-12-05)", id="date-hint")
            yield Static("", id="facet-summary", markup=False)
            with Horizontal(id="facet-buttons"):
                yield Button("Apply", id="facet-apply", variant="primary", compact=True)
                yield Button("Clear all", id="facet-clear", compact=True)
                yield Button("Cancel", id="facet-cancel", compact=True)

    def on_mount(self) -> None:
        self._fill()
        self._update_summary()
        self.query_one("#facet-values").focus()

    # ---- list ------------------------------------------------------------
    def _fill(self) -> None:
        from textual.widgets import SelectionList
        from textual.widgets.selection_list import Selection

        sl = self.query_one("#facet-values", SelectionList)
        narrow = self.query_one("#facet-narrow", Input).value.casefold().strip()
        chosen = self.filters.selected(self.facet)
        counts = dict(facet_counts(self.base, self.facet, self.filters))
        items = list(counts.items())
        for v in chosen:  # keep chosen values visible (to untick them) even when none match now
            if v not in counts:
                items.append((v, 0))
        options = []
        self._labels: list[tuple[int, str]] = []
        for value, n in items:
            name = "unknown" if value is None else printable(value)
            if narrow and narrow not in name.casefold():
                continue
            self._labels.append((n, name))
            options.append(Selection(_prompt(n, name, value in chosen), _to_value(value), value in chosen))
        sl.clear_options()
        sl.add_options(options)
        sl.border_title = None
        if options:
            sl.highlighted = 0

    def _update_summary(self, error: str | None = None) -> None:
        f = self._read_dates(quiet=True) or self.filters
        n = len(f.apply(self.base)) if f.active else len(self.base)
        text = Text()
        if error:
            text.append(error + "\n", style="bold red")
        text.append(f"{n} of {len(self.base)} records match · ")
        text.append(f.summary() or "no filters", style="italic")
        self.query_one("#facet-summary", Static).update(text)

    def on_tabs_tab_activated(self, event) -> None:
        facet = (event.tab.id or "tab-kind").removeprefix("tab-")
        if facet != self.facet:
            self.facet = facet
            self.query_one("#facet-narrow", Input).value = ""
            self._fill()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "facet-narrow":
            self._fill()
        else:
            self._update_summary()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "facet-narrow":
            self.query_one("#facet-values").focus()
        else:
            self.action_apply()

    def on_selection_list_selection_toggled(self, event) -> None:
        value = _from_value(event.selection.value)
        chosen = set(self.filters.selected(self.facet))
        chosen.symmetric_difference_update({value})
        self.filters = self.filters.with_facet(self.facet, chosen)
        index = event.selection_index
        if 0 <= index < len(self._labels):  # the tick mark: selection visible without colour
            n, name = self._labels[index]
            event.selection_list.replace_option_prompt_at_index(index, _prompt(n, name, value in chosen))
        self._update_summary()

    def _read_dates(self, quiet: bool = False) -> Filters | None:
        try:
            start = parse_date_bound(self.query_one("#date-from", Input).value)
            end = parse_date_bound(self.query_one("#date-to", Input).value, end=True)
        except ValueError as exc:
            if not quiet:
                self._update_summary(str(exc))
            return None
        if start and end and start > end:
            if not quiet:
                self._update_summary(f"the range ends ({end}) before it starts ({start})")
            return None
        return self.filters.with_dates(start, end)

    # ---- actions -----------------------------------------------------------
    def _switch(self, step: int) -> None:
        i = (FACETS.index(self.facet) + step) % len(FACETS)
        self.query_one("#facet-tabs").active = f"tab-{FACETS[i]}"

    def action_next_facet(self) -> None:
        self._switch(1)

    def action_prev_facet(self) -> None:
        self._switch(-1)

    def action_apply(self) -> None:
        f = self._read_dates()
        if f is not None:
            self.dismiss(f)

    def action_clear_all(self) -> None:
        self.dismiss(Filters())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event) -> None:
        action = {"facet-apply": self.action_apply, "facet-clear": self.action_clear_all, "facet-cancel": self.action_cancel}.get(event.button.id or "")
        if action is not None:
            action()


# ---------------------------------------------------------------------------
# timeline
class TimelineBars(Widget, can_focus=True):
    """Block bars, one per month (two cells wide), month initials and years below.

    The selected month is drawn reversed and marked ▲ on the initials row, so
    it is visible without colour; its exact count is in the status line.
    """

    BINDINGS = [
        Binding("left,h", "move(-1)", "Earlier", show=False),
        Binding("right,l", "move(1)", "Later", show=False),
        Binding("home,g", "jump(0)", "First", show=False),
        Binding("end,G", "jump(-1)", "Last", show=False),
        Binding("p", "peak", "Peak", show=False),
        Binding("enter", "choose", "Filter to month", show=False),
    ]

    DEFAULT_CSS = """
    TimelineBars { height: 1fr; }
    """

    COL = 2
    selected: reactive[int] = reactive(0)

    class Chosen(Message):
        def __init__(self, month: str) -> None:
            self.month = month
            super().__init__()

    def __init__(self, timeline: Timeline, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline = timeline
        self.offset_months = 0
        peak = timeline.peak
        self.set_reactive(TimelineBars.selected, timeline.months.index(peak[0]) if peak else 0)

    @property
    def visible(self) -> int:
        return max(self.size.width // self.COL, 1)

    def _scroll_into_view(self) -> None:
        n = self.visible
        if self.selected < self.offset_months:
            self.offset_months = self.selected
        elif self.selected >= self.offset_months + n:
            self.offset_months = self.selected - n + 1
        self.offset_months = max(0, min(self.offset_months, max(len(self.timeline.months) - n, 0)))

    def render(self) -> Text:
        tl = self.timeline
        if not tl.months:
            return Text("No dated records." + (f" {tl.unknown} with date unknown." if tl.unknown else ""))
        self._scroll_into_view()
        start, end = self.offset_months, self.offset_months + self.visible
        months = tl.months[start:end]
        counts = tl.counts[start:end]
        height = max(self.size.height - 2, 1)
        # scale against the whole timeline so scrolling does not change bar heights
        rows = bar_rows(list(counts) + [max(tl.counts)], height)
        sel = self.selected - start
        out = Text(no_wrap=True, end="")
        for row in rows:
            for i, ch in enumerate(row[:-1]):
                cell = ch * (self.COL - 1) + " "
                out.append(cell, style="reverse" if i == sel else "")
            out.append("\n")
        for i, m in enumerate(months):
            letter = "▲" if i == sel else MONTH_LETTERS[int(m[5:7]) - 1]
            out.append(letter + " ", style="bold" if i == sel else "dim")
        out.append("\n")
        years = [" "] * (len(months) * self.COL)
        for i, m in enumerate(months):
            # a year under each January, and under the first month unless a January follows closely
            first = i == 0 and not any(x.endswith("-01") for x in months[1:3])
            if m.endswith("-01") or first:
                pos = i * self.COL
                years[pos:pos + 4] = list(m[:4])
        years = years[: len(months) * self.COL]
        out.append("".join(years)[: self.size.width or None])
        return out

    def watch_selected(self) -> None:
        self.refresh()
        screen = self.screen
        if isinstance(screen, TimelineScreen):
            screen.update_status()

    def action_move(self, step: int) -> None:
        if self.timeline.months:
            self.selected = max(0, min(self.selected + step, len(self.timeline.months) - 1))

    def action_jump(self, index: int) -> None:
        if self.timeline.months:
            self.selected = index % len(self.timeline.months)

    def action_peak(self) -> None:
        peak = self.timeline.peak
        if peak:
            self.selected = self.timeline.months.index(peak[0])

    def action_choose(self) -> None:
        if self.timeline.months:
            self.post_message(self.Chosen(self.timeline.months[self.selected]))

    def on_click(self, event) -> None:
        index = self.offset_months + event.x // self.COL
        if 0 <= index < len(self.timeline.months):
            if index == self.selected and getattr(event, "chain", 1) >= 2:
                self.action_choose()
            self.selected = index

    def on_resize(self) -> None:
        self.refresh()


class TimelineScreen(ModalScreen["str | None"]):
    """Records per month of the current library filter; Enter filters to a month."""

    BINDINGS = [Binding("escape,q,L", "dismiss_none", "Close")]

    DEFAULT_CSS = """
    TimelineScreen { align: center middle; }
    #timeline-box { width: 96%; height: 16; max-height: 96%; border: round $accent; background: $panel; padding: 0 1; }
    #timeline-title, #timeline-status, #timeline-help { height: 1; }
    #timeline-help { color: $text-muted; }
    """

    def __init__(self, timeline: Timeline, title: str) -> None:
        super().__init__()
        self.timeline = timeline
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="timeline-box"):
            yield Static(Text(self.title_text, style="bold", no_wrap=True, overflow="ellipsis"), id="timeline-title", markup=False)
            yield TimelineBars(self.timeline, id="timeline-bars")
            yield Static("", id="timeline-status", markup=False)
            yield Static(Text("←/→ month · g/G ends · p peak · Enter: filter to month · Esc", no_wrap=True, overflow="ellipsis"), id="timeline-help", markup=False)

    def on_mount(self) -> None:
        self.query_one(TimelineBars).focus()
        self.update_status()

    def status_text(self) -> str:
        tl = self.timeline
        parts = []
        if tl.months:
            bars = self.query_one(TimelineBars)
            m, n = tl.months[bars.selected], tl.counts[bars.selected]
            parts.append(f"{m}: {n} record{'s' if n != 1 else ''}")
            peak = tl.peak
            if peak:
                parts.append(f"peak {peak[0]} ({peak[1]})")
        parts.append(f"date unknown: {tl.unknown}")
        return " · ".join(parts)

    def update_status(self) -> None:
        try:
            self.query_one("#timeline-status", Static).update(Text(self.status_text(), no_wrap=True, overflow="ellipsis"))
        except Exception:
            pass

    def on_timeline_bars_chosen(self, event: TimelineBars.Chosen) -> None:
        self.dismiss(event.month)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------------------
# app glue (called from ParlreadApp actions)
def _say(app: "ParlreadApp", message: str, **kw) -> None:
    """A notification; names and titles from documents are never markup."""
    app.notify(printable(message), markup=False, **kw)


def get_filters(app: "ParlreadApp") -> Filters:
    return getattr(app, "browse_filters", None) or Filters()


def _main(app: "ParlreadApp"):
    from tui.app import MainScreen

    if isinstance(app.screen, MainScreen):
        return app.screen
    for s in app.screen_stack:
        if isinstance(s, MainScreen):
            return s
    return None


def _record_list(app: "ParlreadApp"):
    from tui.library import RecordList

    screen = _main(app)
    return screen.query_one(RecordList) if screen is not None else None


def base_records(app: "ParlreadApp") -> list[Record]:
    """Records passing the text and tag filters (not the facet filters)."""
    from tui.library import filter_records

    rl = _record_list(app)
    if rl is None:
        return []
    return [rl.records[i] for i in filter_records(rl.records, rl.hay, rl.query, rl.allowed)]


def set_filters(app: "ParlreadApp", filters: Filters) -> None:
    """Apply facet/date/member filters to the library and update the status line."""
    app.browse_filters = filters
    rl = _record_list(app)
    if rl is None:
        return
    rl.predicate = filters.matches if filters.active else None
    rl.apply()
    try:
        app._update_status()
    except Exception:
        pass


def filter_summary(app: "ParlreadApp") -> str:
    """`` · filters: …`` for the library status line ('' when none)."""
    f = get_filters(app)
    if not f.active:
        return ""
    return f" · {printable(f.summary(60))} (F, X clears)"


def open_facets(app: "ParlreadApp") -> None:
    def done(result: Filters | None) -> None:
        if result is not None:
            set_filters(app, result)
            rl = _record_list(app)
            if rl is not None:
                _say(app, f"{len(rl.view)} records shown" + (f" · {printable(result.summary(80))}" if result.active else " · facet filters cleared"), timeout=3)

    app.push_screen(FacetScreen(base_records(app), get_filters(app)), done)


def clear_filters(app: "ParlreadApp") -> None:
    had = get_filters(app).active
    set_filters(app, Filters())
    _say(app, "Facet, date and member filters cleared" if had else "No facet filters to clear", timeout=2)


def _focused_record(app: "ParlreadApp") -> Record | None:
    from tui.reader import Reader

    screen = _main(app)
    if screen is None:
        return None
    reader = screen.query_one(Reader)
    if app.focused is reader and reader.record is not None:
        return reader.record
    rl = _record_list(app)
    if rl is not None and rl.has_focus and rl.current is not None:
        return rl.current
    return reader.record or (rl.current if rl is not None else None)


def member_view(app: "ParlreadApp") -> None:
    """Show in the library everything the current record's people asked or answered."""
    record = _focused_record(app)
    if record is None:
        _say(app, "No record selected", severity="warning")
        return
    f = member_filter(record, get_filters(app))
    if not f.member:
        _say(app, "This record names no member (asker or answerer unknown)", severity="warning")
        return
    set_filters(app, f)
    rl = _record_list(app)
    app.remove_class("reading")
    if rl is not None:
        rl.select_record(record.id)
        rl.focus()
        n = len(rl.view)
        names = " and ".join(printable(n_) for n_ in sorted(f.member))
        also = " (other filters still apply)" if (f.without("member").active or rl.query or rl.allowed is not None) else ""
        _say(app, f"Member's view: {n} record{'s' if n != 1 else ''} asked or answered by {names}{also} · X clears", timeout=5)


def open_timeline(app: "ParlreadApp") -> None:
    f = get_filters(app)
    undated = f.with_dates(None, None)
    records = [r for r in base_records(app) if undated.matches(r)]
    tl = month_counts(records)
    title = f"Records per month · {len(records)} records"
    scope = undated.summary(50)
    if scope:
        title += f" · {printable(scope)}"
    if f.date_from or f.date_to:
        title += " (date range ignored)"

    def done(month: str | None) -> None:
        if month:
            start, end = month_bounds(month)
            set_filters(app, get_filters(app).with_dates(start, end))
            rl = _record_list(app)
            app.remove_class("reading")
            if rl is not None:
                rl.focus()
                _say(app, f"{month}: {len(rl.view)} records shown · X clears", timeout=3)

    app.push_screen(TimelineScreen(tl, title), done)


# ---- grouped questions -------------------------------------------------------
def group_index(app: "ParlreadApp") -> GroupIndex:
    cached = getattr(app, "_browse_groups", None)
    corpus = app.corpus
    if cached is None or cached[0] is not corpus or cached[1] != len(corpus.records):
        cached = (corpus, len(corpus.records), GroupIndex(corpus.records))
        app._browse_groups = cached
    return cached[2]


def group_rows(app: "ParlreadApp", record: Record) -> list[tuple[str, str | None, str | None]]:
    """The reader's 'Grouped with: UIN …' header row for a grouped question."""
    if record.kind != "written question":
        return []
    members = group_index(app).group(record)
    if not members:
        return []
    return [("Grouped with", group_line(members), "o: next in group")]


def group_next(app: "ParlreadApp") -> None:
    """Open the next grouped question present in the corpus (cycling)."""
    record = _focused_record(app)
    if record is None:
        _say(app, "No record open", severity="warning")
        return
    idx = group_index(app)
    members = idx.present(record)
    if not members:
        missing = [m.uin for m in idx.group(record)]
        _say(app, "Not a grouped question" if not missing else f"Grouped questions not in corpus: UIN {', '.join(printable(u) for u in missing)}", severity="warning")
        return
    # the whole group in a stable order, so repeated o cycles through it
    ring = sorted([record] + members, key=lambda r: (r.date_asked or "", r.uin or ""))
    nxt = ring[(next(i for i, r in enumerate(ring) if r is record) + 1) % len(ring)]
    app.open_record(nxt)
    rl = _record_list(app)
    if rl is not None:
        rl.select_record(nxt.id)
    pos = next(i for i, r in enumerate(ring) if r is nxt) + 1
    _say(app, f"Grouped question {pos} of {len(ring)}: UIN {printable(nxt.uin or '?')}", timeout=3)
