"""The main screen: library list and reader side by side (one at a time when narrow)."""

from __future__ import annotations


from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.widgets.keybar import KeyBar
from tui.widgets.library import RecordList
from tui.widgets.reader import Reader


class MainScreen(Screen):
    """Library and reader side by side (one at a time when narrow)."""

    HELP_TITLE = "Library and reader"
    # the list has the focus from the first frame, while the corpus loads: keys typed
    # meanwhile are commands (`f` filters), not letters in the filter box
    AUTO_FOCUS = "#records"

    def compose(self) -> ComposeResult:
        # The loading line (with its bar) and the notices' line are mounted when first
        # needed (show_loading, message_line): a small corpus is on screen in the first
        # frame, and every widget of that frame costs start-up time (issue 15).
        with Horizontal(id="panes"):
            with Vertical(id="library-pane"):
                yield Input(placeholder="filter (f) — words in title, people, department, date", id="filter")
                yield RecordList(id="records")
                yield Static("", id="library-status", markup=False)
            yield Reader(id="reader")
        # the keys, from the live bindings, as Textual's Footer shows them but drawn by one
        # widget (the Footer mounts one per key, again at each focus change: tui/widgets/keybar.py)
        yield KeyBar()

    def on_mount(self) -> None:
        mounted = getattr(self.app, "main_screen_mounted", None)
        if mounted is not None:
            try:
                mounted()  # the records (or the saved first screen) go in before the first frame
            finally:
                self.app.release_keys("mount")  # keys typed so far act on the library, in order
                self.app.end_startup_newlines()
                from tui.terminal_env import hand_over

                hand_over(self.app._driver, getattr(self.app, "terminal_restore", None))

    @property
    def loading_shown(self) -> bool:
        """The "Loading corpus…" line is on screen."""
        lines = self.query("#loading")
        return bool(lines) and lines.first().display

    def show_loading(self, label: str = "Loading corpus…") -> Static:
        """Show the loading line (mounted the first time); returns its label."""
        lines = self.query("#loading")
        if lines:
            line = lines.first()
            line.display = True
            return line.query_one("#loading-label", Static)
        text = Static(label, id="loading-label", markup=False)
        self.mount(Vertical(text, id="loading"), before="#panes")
        return text

    def hide_loading(self) -> None:
        for line in self.query("#loading"):
            line.display = False

    def loading_bar(self):
        """The loading bar (a ``ProgressBar``) on the loading line, mounted the first time it is asked for."""
        from textual.widgets import ProgressBar

        bars = self.query("#loading-bar")
        if bars:
            return bars.first(ProgressBar)
        self.show_loading()
        bar = ProgressBar(id="loading-bar", show_eta=False)
        self.query_one("#loading").mount(bar)
        return bar

    def message_line(self) -> Static:
        """The line for short notices ("Sorted by title", "Hit 2 of 9") above the keys, on their
        own line instead of as toasts over the text (tui/app.py notify); mounted at the first."""
        lines = self.query("#message")
        if lines:
            return lines.first(Static)
        line = Static("", id="message", markup=False)
        self.mount(line, before=self.query_one(KeyBar))
        return line
