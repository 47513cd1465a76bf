"""The help screen (? / F1): a tour generated from the live bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = (
    "parlread — read, search, compare and annotate UK parliamentary records.\n"
    "Library on the left (or first, on narrow terminals), the record on the right.\n"
    "Press Escape or q to close this help."
)


def _key_label(key: str) -> str:
    names = {"question_mark": "?", "slash": "/", "space": "space", "left_square_bracket": "[",
             "right_square_bracket": "]", "escape": "Esc", "enter": "Enter"}
    out = []
    for k in key.split(","):
        k = k.strip()
        out.append(names.get(k, k))
    return " ".join(out)


def bindings_table(groups: list[tuple[str, list[Binding]]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for title, bindings in groups:
        table.add_row(Text(title, style="bold underline"), "")
        seen: set[str] = set()
        for b in bindings:
            if not b.description or b.description in seen:
                continue
            seen.add(b.description)
            table.add_row(Text(_key_label(b.key)), Text(b.description))
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss_help", "Close help"),
        Binding("j,down", "scroll('down')", show=False),
        Binding("k,up", "scroll('up')", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    """

    def __init__(self, groups: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text(INTRO), markup=False)
            yield Static(bindings_table(self.groups), id="help-table")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=1 if direction == "down" else -1, animate=False)
