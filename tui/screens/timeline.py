"""The records-per-month timeline screen (L); Enter filters the library to a month."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from corpus.browse import Timeline
from tui.widgets.timeline import TimelineBars


class TimelineScreen(ModalScreen["str | None"]):
    """Records per month of the current library filter; Enter filters to a month."""

    HELP_TITLE = "Timeline"

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
        yield Footer()  # this screen's own keys (qa5)

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
