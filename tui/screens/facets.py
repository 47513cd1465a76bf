"""The facet filter screen (F): pick values of each facet and a date range."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from corpus.browse import FACET_LABELS, FACETS, Filters, facet_counts, parse_date_bound
from corpus.model import Record
from corpus.safe_text import printable


UNKNOWN = "\x00unknown"  # SelectionList value standing for None (unknown)


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

    HELP_TITLE = "Facet filters"

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
        yield Footer()  # this screen's own keys (qa5)

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

    def on_key(self, event) -> None:
        # "narrow this list (type)": a letter typed on the list (or before
        # anything has focus, straight after `F`) narrows it; space toggles,
        # [ ] change facet. An Input keeps the letters typed in it, so a
        # printable key reaching the screen was not typed in a field (keys
        # queued before the focus moved to the field arrive here too).
        if event.is_printable and event.character and event.character not in " []":
            from tui.widgets.fields import type_into

            type_into(self, self.query_one("#facet-narrow", Input), event.character)
            event.stop()
            event.prevent_default()

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
