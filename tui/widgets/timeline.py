"""Block bars of records per month (the timeline widget)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from corpus.browse import Timeline, bar_rows


MONTH_LETTERS = "JFMAMJJASOND"


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
        # the screen showing the bars (TimelineScreen) keeps its status line in step
        update_status = getattr(self.screen, "update_status", None)
        if callable(update_status):
            update_status()

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
