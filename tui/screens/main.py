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
        with Vertical(id="loading"):
            yield Static("Loading corpus…", id="loading-label", markup=False)
            # the bar (3 widgets) is mounted by loading_bar() only while a load is
            # shown: a small corpus is on screen in the first frame without it
        with Horizontal(id="panes"):
            with Vertical(id="library-pane"):
                yield Input(placeholder="filter (f) — words in title, people, department, date", id="filter")
                yield RecordList(id="records")
                yield Static("", id="library-status", markup=False)
            yield Reader(id="reader")
        # short notices ("Sorted by title", "Hit 2 of 9") show here, on their
        # own line, instead of as toasts over the text (tui/app.py notify)
        yield Static("", id="message", markup=False)
        # the keys, from the live bindings, as Textual's Footer shows them but drawn by one
        # widget (the Footer mounts one per key, again at each focus change: tui/widgets/keybar.py)
        yield KeyBar()

    def loading_bar(self):
        """The loading bar (a ``ProgressBar``), mounted the first time it is asked for."""
        from textual.widgets import ProgressBar

        bars = self.query("#loading-bar")
        if bars:
            return bars.first(ProgressBar)
        bar = ProgressBar(id="loading-bar", show_eta=False)
        self.query_one("#loading").mount(bar)
        return bar
