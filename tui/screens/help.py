"""The help screen (? / F1): a tour generated from the live bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = (
    "parlread — read, search, compare and annotate UK parliamentary records.\n"
    "Library on the left (or first, on narrow terminals), the record on the right.\n"
    "Press Escape or q to close this help."
)


def help_title(node) -> str:
    """What a screen or widget is called in the help (``HELP_TITLE``, else its class)."""
    return getattr(node, "HELP_TITLE", None) or type(node).__name__


def _is_ours(node) -> bool:
    return not type(node).__module__.startswith("textual.")


_HIDDEN_ACTIONS = ("scroll_left", "scroll_right", "page_left", "page_right", "command_palette")
# Textual's own scrolling keys, inherited by our scroll views (their own j/k/space keys are listed)
_TEXTUAL_SCROLL = {"Scroll Up", "Scroll Down", "Scroll Home", "Scroll End", "Page Up", "Page Down"}


def _rows(app, node, bindings, taken: set[str]) -> list[Binding]:
    """One row per (action, description) of ``bindings``, with all its keys;
    keys in ``taken`` (bound nearer the focus) are left out."""
    by_action: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str]] = []
    for key, binding in bindings:
        if not binding.description or key in taken or binding.action in _HIDDEN_ACTIONS:
            continue
        if binding.description in _TEXTUAL_SCROLL:
            continue
        if app._check_action_state(binding.action, node) is False:
            continue
        ident = (binding.action, binding.description)
        if ident not in by_action:
            by_action[ident] = []
            order.append(ident)
        by_action[ident].append(key)
    return [Binding(",".join(by_action[i]), i[0], i[1]) for i in order]


def help_groups(app, screen, extra: tuple = ()) -> list[tuple[str, list[Binding]]]:
    """The keys that work on ``screen`` right now, generated from the live
    bindings: the focused widget and its ancestors, the screen, and — unless
    the screen is modal — the app ("Everywhere").  ``extra`` adds widgets
    outside the focus chain (the reader next to a focused library: its keys
    work once it has the focus).  Text fields' editing keys are left out; a
    key bound twice shows once (the nearest binding wins, as when pressed)."""
    groups: dict[str, list[Binding]] = {}
    taken: set[str] = set()
    chain = list(screen._modal_binding_chain)
    nodes = [node for node, _ in chain]
    for node, bindings in chain:
        if node is not app and not _is_ours(node):
            continue  # Input, TextArea, containers: their own editing/scrolling keys
        if node is app:
            for widget in extra:  # before "Everywhere", after the focused chain
                if widget not in nodes:
                    rows = _rows(app, widget, widget._bindings, set())
                    if rows:
                        groups.setdefault(help_title(widget), []).extend(rows)
        title = "Everywhere" if node is app else help_title(node)
        rows = _rows(app, node, bindings, taken)
        taken.update(key for key, _ in bindings)
        if rows:
            groups.setdefault(title, []).extend(rows)
    out = list(groups.items())
    out.append(("Command palette", [Binding("ctrl+p", "command_palette", "Every command (also those without a key), and open a record by title")]))
    return out


def _key_label(key: str) -> str:
    names = {"question_mark": "?", "slash": "/", "space": "space", "left_square_bracket": "[",
             "right_square_bracket": "]", "escape": "Esc", "enter": "Enter", "pagedown": "PgDn",
             "pageup": "PgUp", "home": "Home", "end": "End", "up": "↑", "down": "↓", "left": "←",
             "right": "→", "tab": "Tab", "delete": "Del", "plus": "+", "minus": "-", "greater_than_sign": ">",
             "less_than_sign": "<", "full_stop": ".", "comma": ",", "f1": "F1"}
    out = []
    for k in key.split(","):
        k = k.strip()
        k = names.get(k, k)
        if k.startswith("ctrl+"):
            k = "^" + names.get(k[5:], k[5:])
        if k not in out:
            out.append(k)
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
        Binding("j,down", "scroll('down')", "Scroll down", show=False),
        Binding("k,up", "scroll('up')", "Scroll up", show=False),
        Binding("space,pagedown,ctrl+d,f", "scroll('page_down')", "Page down", show=False),
        Binding("b,pageup,ctrl+u", "scroll('page_up')", "Page up", show=False),
        Binding("g,home", "scroll('home')", "Top", show=False),
        Binding("G,end", "scroll('end')", "Bottom", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 90%; max-width: 100; height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    HelpScreen #help-body { height: 1fr; }
    HelpScreen #message { height: 1; display: none; text-style: italic; }
    HelpScreen #message.-on { display: block; }
    /* notices go to the line at the bottom of the box (a toast would cover the keys);
       warnings and errors come back as toasts when the help closes */
    HelpScreen Toast { display: none; }
    """

    def __init__(self, groups: list[tuple[str, list[Binding]]], where: str | None = None) -> None:
        super().__init__()
        self.groups = groups
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical():
            with VerticalScroll(id="help-body"):
                intro = Text(INTRO)
                if self.where:
                    intro = Text.assemble((f"Keys for: {self.where}\n", "bold"), INTRO)
                yield Static(intro, markup=False)
                yield Static(bindings_table(self.groups), id="help-table")
            yield Static("", id="message", markup=False)

    def on_mount(self) -> None:
        # the wheel scrolls the box wherever the pointer is, keys scroll it whatever has focus
        self.set_focus(self.query_one("#help-body", VerticalScroll))

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction in ("down", "up"):
            body.scroll_relative(y=1 if direction == "down" else -1, animate=False)
        elif direction == "page_down":
            body.scroll_page_down(animate=False)
        elif direction == "page_up":
            body.scroll_page_up(animate=False)
        elif direction == "home":
            body.scroll_home(animate=False)
        else:
            body.scroll_end(animate=False)
