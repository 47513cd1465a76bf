"""The warnings screen (w): files skipped or loaded with problems.

Each problem is its message, then the file's path on its own lines, broken
after a ``/`` (never inside a folder or file name) to fit the width; the list
scrolls (j/k, arrows, PgUp/PgDn) when it is longer than the screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from corpus.safe_text import printable

INDENT = "    "


def wrap_path(path: str, width: int) -> list[str]:
    """``path`` in lines of at most ``width`` cells, broken after separators;
    a single name longer than the width is the only thing cut (folded)."""
    width = max(width, 10)
    parts: list[str] = []
    current = ""
    for piece in _pieces(path):
        if current and len(current) + len(piece) > width:
            parts.append(current)
            current = ""
        while len(piece) > width:  # one name longer than a line: fold it, nothing else fits
            parts.append(piece[:width])
            piece = piece[width:]
        current += piece
    if current:
        parts.append(current)
    return parts or [""]


def _pieces(path: str) -> list[str]:
    out, cur = [], ""
    for ch in path:
        cur += ch
        if ch in "/\\":
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def warning_text(warning, width: int) -> Text:
    path = getattr(warning, "path", None)
    message = getattr(warning, "message", None)
    if path is None or message is None:  # a plain string
        return Text(printable(str(warning)) + "\n")
    t = Text("• ", style="bold")
    t.append(printable(str(message)))
    t.append("\n")
    for line in wrap_path(printable(str(path)), width - len(INDENT)):
        t.append(INDENT + line + "\n", style="dim")
    return t


class WarningsScreen(ModalScreen[None]):
    HELP_TITLE = "Loading problems"
    BINDINGS = [
        Binding("escape,q,w", "app.pop_screen", "Close"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
    ]
    DEFAULT_CSS = """
    WarningsScreen { align: center middle; }
    WarningsScreen > VerticalScroll { width: 90%; height: auto; max-height: 90%; border: round $warning;
        background: $panel; padding: 0 1; }
    WarningsScreen Static { width: 100%; }
    """

    def __init__(self, lines: list) -> None:
        super().__init__()
        self.lines = lines  # LoadWarning objects (path, message) or plain strings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="warnings-body"):
            yield Static(Text("Files skipped or loaded with problems (Esc to close):\n", style="bold"), markup=False)
            yield Static(self._body(), id="warnings-list", markup=False)
        yield Footer()  # this screen's own keys (qa5)

    def _width(self) -> int:
        box = self.query("#warnings-body")
        inner = box.first().content_region.width if box and box.first().content_region.width else 0
        return inner or max(int(self.app.size.width * 0.9) - 4, 20)

    def _body(self) -> Text:
        body = Text()
        if not self.lines:
            body.append("No problems.\n")
        for w in self.lines:
            body.append_text(warning_text(w, self._width()))
        return body

    def on_resize(self) -> None:
        self.query_one("#warnings-list", Static).update(self._body())

    def action_scroll(self, step: int) -> None:
        self.query_one("#warnings-body", VerticalScroll).scroll_relative(y=step, animate=False)
