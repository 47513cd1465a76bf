"""The warnings screen (w): files skipped or loaded with problems."""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from corpus.safe_text import printable


class WarningsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,w", "app.pop_screen", "Close")]
    DEFAULT_CSS = """
    WarningsScreen { align: center middle; }
    WarningsScreen > Static { width: 90%; max-height: 90%; border: round $warning; background: $panel; padding: 0 1; }
    """

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        body = Text("Files skipped or loaded with problems (Esc to close):\n\n", style="bold")
        for line in self.lines or ["No problems."]:
            body.append(printable(line) + "\n")
        yield Static(body, markup=False)
