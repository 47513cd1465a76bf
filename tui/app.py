"""The parlread Textual app: library, reader, help, palette.

Thin: it calls the core (``corpus``, ``annotations``) and owns only screen
state.  Slow work (loading, searching, comparing) runs in thread workers that
post messages; handlers on the UI thread own the state.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Iterable

from rich.text import Text
from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, Static

from corpus.corpus import Corpus
from corpus.filters import RecordFilter
from corpus.model import Record
from corpus.safe_text import printable
from tui.crash import CrashLogMixin
from tui.actions import ActionsMixin
from tui.features import FeaturesMixin
from tui.inbox_watch import InboxMarksMixin
from tui.keys import KeyGateMixin
from tui.scope import ActionScopeMixin
from tui.messages import CorpusLoaded, LoadProgress, PreviewReady
from tui.screens.main import MainScreen
from tui.state import Session
from tui.store_link import NotesStoreMixin
from tui.system_commands import PaletteMixin
from tui.widgets.library import RecordList
from tui.widgets.reader import Reader

NARROW = 100  # below this many columns, one pane at a time


def _record_commands():
    """The palette's record provider, imported only when the palette opens."""
    from tui.palette import RecordCommands

    return RecordCommands


class ParlreadApp(
    KeyGateMixin, ActionScopeMixin, CrashLogMixin, FeaturesMixin, ActionsMixin, PaletteMixin, InboxMarksMixin, NotesStoreMixin, App[None]
):
    TITLE = "parlread"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_record_commands}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        # priority: help works on every screen, modal ones too (their own keys shown)
        Binding("question_mark", "help_key", "Help", id="help", priority=True),
        Binding("f1", "help", "Help", show=False, id="help-f1", priority=True),
        # priority: handled as the key arrives, so text typed right after `f`
        # lands in the filter (the action skips itself while an input has focus)
        Binding("f", "filter", "Filter", id="filter", priority=True),
        # priority too: Enter in the filter moves to the list as the key arrives,
        # so an Enter typed straight after it opens the record (not the filter again)
        Binding("enter", "filter_done", show=False, id="filter-done", priority=True),
        Binding("s", "sort", "Sort", show=False, id="sort"),
        Binding("enter,l,right", "open", "Open", show=False, id="open"),
        Binding("escape", "library_escape", show=False, id="clear-tag-filter"),
        Binding("escape,h,left", "back", "Library", show=False, id="back"),
        Binding("w", "warnings", "Warnings", show=False, id="warnings"),
        Binding("y", "copy_passage", "Copy", show=False, id="copy-passage"),
        Binding("Y", "copy_citation", "Copy citation", show=False, id="copy-citation"),
        Binding("F", "key_facets", "Facets", show=False, id="facets", priority=True),
        Binding("m", "member_view", "Member's view", show=False, id="member-view"),
        Binding("L", "timeline", "Timeline", show=False, id="timeline"),
        Binding("X", "clear_browse_filters", "Clear facet filters", show=False, id="clear-browse-filters"),
        Binding("o", "group_next", "Next grouped question", show=False, id="group-next"),
        # priority (with a guard in the action) for keys that open a text
        # field: the screen opens as the key arrives, so the letters typed
        # right after it go into the field, never run as commands
        Binding("t", "key_tag", "Tag", id="tag", priority=True),
        Binding("a", "key_note", "Note", id="note", priority=True),
        Binding("u", "undo_annotation", "Undo tag/note change", show=False, id="undo-annotation"),
        Binding("A", "notes_list", "Notes", show=False, id="notes"),
        Binding("T", "tag_manager", "Tag manager", show=False, id="tag-manager"),
        # priority + guard too (dialogs with a text field; see main_screen_key)
        Binding("E", "key_export", "Export notes (W3C, CSV, Markdown)", show=False, id="export", priority=True),
        Binding("O", "key_open", "Open a file or folder", show=False, id="open-path", priority=True),
        Binding("I", "key_import", "Import sources or annotations", show=False, id="import", priority=True),
        Binding("R", "review_notes", "Review notes to re-anchor", show=False, id="review"),
        Binding("i", "inbox", "Inbox", show=False, id="inbox"),
    ]
    BINDINGS += FeaturesMixin.FEATURE_BINDINGS

    def __init__(self, paths: Iterable[str | Path] | None = None, *, store_dir: str | Path | None = None, corpus: Corpus | None = None) -> None:
        super().__init__()
        self.paths = [str(p) for p in paths] if paths else []
        self.store_dir = store_dir
        self.corpus = corpus if corpus is not None else Corpus()
        self._preloaded = corpus is not None
        self._cancel = threading.Event()
        self.open_record_obj: Record | None = None
        # when a record was last opened on purpose (search hit, inbox, notes, Enter): a library
        # highlight posted before that must not take the reader away from it
        self._opened_at = 0.0
        self.load_seconds = 0.0
        self.store = None  # annotations.AnnotationStore, opened on mount
        self.session = Session()  # index, version groups, hits, compare pick, undo log (tui/state.py)
        self.store_failed = False  # opening it failed (the error was shown)
        self._after_store: list = []  # actions asked for before the store was open
        # Loading starts now, in a plain thread, so that it overlaps Textual's
        # own start-up (a worker cannot start before the app runs).  Once the app
        # is mounted the thread posts LoadProgress, and CorpusLoaded when done.
        self._load_future: "Future[Corpus] | None" = None
        self._progress_to_ui = False  # set on mount: from then on the loader thread may post messages
        self._last_progress = 0.0
        self._load_started = time.perf_counter()
        self._early = None  # tui.preload.Preload: the CLI's load, with a big corpus's saved first screen
        if not self._preloaded:
            from tui.preload import take

            early = self._early = take(self.paths)  # the CLI started this load just before the app was made
            if early is not None:
                self._cancel = early.cancel
                self._load_future = early.future
                early.progress = self._loader_progress
            else:
                self._load_future = Future()
                threading.Thread(target=self._load_in_thread, name="parlread-load", daemon=True).start()

    def _loader_progress(self, done: int, total: int, path: str) -> None:
        now = time.perf_counter()
        if self._progress_to_ui and (now - self._last_progress > 0.05 or done == total):
            self._last_progress = now
            self._post_from_loader(LoadProgress(done, total, path))

    def _load_in_thread(self) -> None:
        from corpus.loader import load

        try:
            self._load_future.set_result(load(self.paths or None, progress=self._loader_progress, cancel=self._cancel))
        except BaseException as exc:  # reported as a load warning, never lost
            self._load_future.set_exception(exc)

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[override]
        """Notifications never parse markup: they often quote paths, titles, tags.

        On the library/reader screen a plain notice goes to the message line
        above the footer (its toast is hidden by app.tcss), so nothing covers
        the text; warnings and errors stay toasts, which need attention.  On
        the help screen every notice goes to the line at the bottom of its box
        (the toasts, hidden there, show again when it closes)."""
        super().notify(message, markup=markup, **kwargs)
        severity = kwargs.get("severity", "information")
        try:
            screen = self.screen
            if screen is self.main_screen and severity != "information":
                return
            bar = screen.message_line() if isinstance(screen, MainScreen) else screen.query_one("#message", Static)  # or the help box's
        except Exception:
            return
        bar.update(Text(printable(" ".join(str(message).split())), no_wrap=True, overflow="ellipsis"))
        bar.add_class("-on")
        timer = getattr(self, "_message_timer", None)
        if timer is not None:
            timer.stop()
        self._message_timer = self.set_timer(float(kwargs.get("timeout") or 5), lambda: bar.remove_class("-on"))

    @property
    def library_view(self) -> RecordFilter:
        """What the library shows (its list's one filter): ``.words``, ``.filters`` (facets), ``.tag``."""
        try:
            return self.main_screen.query_one(RecordList).filter
        except Exception:  # not mounted yet
            return RecordFilter()

    @property
    def main_screen(self) -> "MainScreen":
        """The library/reader screen, even while a modal screen is on top."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not mounted")

    def on_descendant_focus(self, event) -> None:
        # a blinking cursor repaints its input twice a second: ~1.7 KB/s on the
        # wire while the user thinks. With animations off (the SSH default, see
        # tui/terminal_env.py) the cursor of Input / TextArea stays steady.
        if self.animation_level == "none" and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    # ---- lifecycle -----------------------------------------------------------
    def get_default_screen(self) -> MainScreen:
        # the first screen itself, not pushed over an empty default one (one fewer to build and style);
        # the layout class set now, with no other node to restyle (MainScreen.AUTO_FOCUS: list focused)
        self._update_layout_class()
        return MainScreen()

    def on_mount(self) -> None:
        from tui.crash import exit_on_sigterm

        exit_on_sigterm(self)  # kill PID restores the terminal and exits 143
        # keys typed before the library's widgets exist wait for them (tui/keys.py), in order
        self.hold_keys("mount", limit=10.0)

    def main_screen_mounted(self) -> None:
        """The library screen's widgets are mounted (MainScreen.on_mount): the records, or
        the saved first screen, or the loading line go in before its first frame is drawn.
        (Waiting for the screen in the app's on_mount drew three frames of an empty list first.)"""
        self._update_layout_class()
        future = self._load_future
        if future is not None and self._early is not None:
            self._early.wait_for_first_screen()  # the preview, or a small corpus, rather than a loading bar
        if future is not None and future.done() and future.exception() is None:
            # a small corpus is already loaded: show it in the very first frame
            self._load_future = None
            self.on_corpus_loaded(CorpusLoaded(future.result(), time.perf_counter() - self._load_started))
            return
        self._progress_to_ui = True
        if self._early is not None:  # a big corpus: its saved first screen until the records arrive
            looked = self._early.preview_future
            if looked.done():
                self.on_preview_ready(PreviewReady(looked.result()))  # in the very first frame
            else:
                looked.add_done_callback(lambda f: self._post_from_loader(PreviewReady(f.result())))
        if self.main_screen.query_one(RecordList).preview is None:  # still loading, and no saved first screen shown
            self.main_screen.loading_bar()
            self._update_status()
        self.call_after_refresh(self._start)

    def on_preview_ready(self, message: PreviewReady) -> None:
        screen = self.main_screen
        records = screen.query_one(RecordList)
        if message.preview is None or records.records or self.corpus.records:
            return  # no preview, or the records are already here
        records.show_preview(message.preview)
        if self.focused is None or self.focused.id != "filter" or not self.focused.value:
            records.focus()  # j/k/G move over the rows at once; Enter opens once loaded
        if self._early is not None:
            self.call_after_refresh(self._early.painted.set)  # the load may start: the rows are on screen
        screen.hide_loading()  # the rows show what is being loaded
        self._update_status()

    def _start(self) -> None:
        self._update_layout_class()
        if self._preloaded:
            self.post_message(CorpusLoaded(self.corpus, 0.0))
        else:
            self.load_corpus()

    def load_corpus(self) -> None:
        """Post CorpusLoaded when the loader thread is done (at once if it already is)."""
        assert self._load_future is not None
        # runs in the loader thread when it finishes, or here if it has: exactly once either way
        self._load_future.add_done_callback(self._post_loaded)

    def _post_loaded(self, future: "Future[Corpus]") -> None:
        try:
            corpus = future.result()
        except Exception as exc:  # reported as a load warning, never lost
            from corpus.model import LoadWarning

            corpus = Corpus(warnings=[LoadWarning("(corpus)", f"loading failed: {type(exc).__name__}: {exc}")])
        self._post_from_loader(CorpusLoaded(corpus, time.perf_counter() - self._load_started))

    def _post_from_loader(self, message) -> None:
        try:
            self.post_message(message)
        except RuntimeError:  # the app closed its event loop while the corpus was loading (quit early)
            pass

    def on_load_progress(self, message: LoadProgress) -> None:
        try:
            bar = self.main_screen.loading_bar()
            label = self.main_screen.show_loading()
        except Exception:
            return
        bar.update(total=max(message.total, 1), progress=message.done)
        label.update(Text(f"Loading corpus… {message.done}/{message.total} files  {printable(Path(message.path).name)}"))

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        self.corpus = message.corpus
        self.load_seconds = message.seconds
        screen = self.main_screen
        screen.hide_loading()
        records = screen.query_one(RecordList)
        self.start_inbox_watch()  # another session marking the inbox read clears our "new" marks
        records.new_ids = self._new_ids()
        records.set_records(self.corpus.records)
        if not isinstance(self.focused, Input):  # never take the focus from a filter typed in while loading
            records.focus()
        self.release_keys("reload")  # keys typed during a reload (O, I) act on this library
        self._update_status()
        if self._early is not None and self._early.preview_stale and self._early.paths == self.paths:
            self.call_after_refresh(self._save_preview, self._early.paths, self.corpus.records)
        self._early = None
        from tui.preload import resume_gc

        self.call_after_refresh(resume_gc)  # paused by the CLI for the start-up (tui/preload.py)
        # the notes store (tinydb, rapidfuzz: ~25 ms of imports), the index and
        # version detection start once the records are on screen; keys that
        # need the store before it is open wait for it (when_store)
        self.call_after_refresh(self._open_store)
        self.call_after_refresh(self.start_background_work)
        if self.corpus.warnings:
            n = len(self.corpus.warnings)
            self.notify(f"{n} file problem{'s' if n != 1 else ''} while loading — press w to see them", severity="warning", timeout=6)

    @work(thread=True, exclusive=True, group="preview", description="save the first screen")
    def _save_preview(self, paths: list[str], records: list[Record]) -> None:
        """Save a big corpus's first screen for the next start (corpus/preview.py)."""
        from corpus.preview import save

        save(paths, records)

    def _update_status(self) -> None:
        records = self.main_screen.query_one(RecordList)
        total = len(self.corpus.records)
        shown = len(records.view)
        loading = records.preview is not None
        if loading:  # the saved first screen of a big corpus, its records still loading (or sorting)
            shown = total = len(records.preview)
        text = f"{shown} of {total} records · sort: {records.sort_key}"
        if loading:
            text += " · loading…"
        elif not total and self.main_screen.loading_shown:  # not "0 of 0 records" while they load
            text = f"loading records… · sort: {records.sort_key}"
        if self.corpus.warnings:
            text += f" · {len(self.corpus.warnings)} warnings (w)"
        text += self.index_status()
        work_status = getattr(self, "work_status", "")
        if work_status:
            text += f" · {work_status}"
        browse = self.library_view.filters  # facet/date/member filters (tui/browse.py)
        if browse.active:
            text += f" · {printable(browse.summary(60))} (X clears)"
        tag = self.library_view.tag
        if tag:
            text += f" · tag: {printable(tag)} (Esc clears)"
        self.main_screen.query_one("#library-status", Static).update(Text(text))

    def on_resize(self, event: events.Resize) -> None:
        # event.size, not self.size: this handler runs before App._on_resize
        # records the new size, so self.size is still the old one here
        self._update_layout_class(event.size.width)

    def _update_layout_class(self, width: int | None = None) -> None:
        """One pane below NARROW columns, two above; follows every resize."""
        width = self.size.width if width is None else width
        narrow = width < NARROW
        was_narrow = self.has_class("narrow")
        try:
            screen = self.main_screen
            reader = screen.query_one(Reader)
        except Exception:
            self.set_class(narrow, "narrow")
            return
        if narrow and not was_narrow:
            # going narrow: the pane that has the focus is the one shown
            self.set_class(screen.focused is reader, "reading")
        self.set_class(narrow, "narrow")
        if not narrow and was_narrow and reader.record is None:
            # going wide: the reader pane shows the highlighted record at once
            current = screen.query_one(RecordList).current
            if current is not None:
                self.open_record(current, focus=False)

    # ---- library -------------------------------------------------------------
    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        records = self.main_screen.query_one(RecordList)
        records.set_query(event.value)
        self._update_status()

    def action_filter_done(self) -> None:
        from textual.actions import SkipAction

        focused = self.focused
        if self.screen is not self.main_screen or not isinstance(focused, Input) or focused.id != "filter":
            raise SkipAction()
        self._filter_submitted()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.main_screen.set_focus(self.main_screen.query_one(RecordList))

    def on_record_list_view_changed(self, message: RecordList.ViewChanged) -> None:
        self._update_status()

    def on_record_list_opened(self, message: RecordList.Opened) -> None:
        self.open_record(message.record)

    def on_record_list_highlighted(self, message: RecordList.Highlighted) -> None:
        # in the wide layout the reader follows the library cursor
        if message.time < self._opened_at:
            return  # stale: posted before a record was opened on purpose
        if message.record is not None and not self.has_class("narrow") and message.record is not self.open_record_obj:
            self.open_record(message.record, focus=False, follow=True)

    def open_record(self, record: Record, passage_id: str | None = None, *, focus: bool = True, follow: bool = False) -> None:
        """Show ``record`` in the reader; ``follow`` when it only follows the library cursor."""
        if not self.texts_readable(record): return  # noqa: E701 (StaleText: said so; the reader keeps what it shows)
        if not follow:
            from textual._time import get_time  # the clock Textual stamps messages with

            self._opened_at = get_time()
        self.open_record_obj = record
        reader = self.main_screen.query_one(Reader)
        if self.store is not None:
            from tui.widgets.marks import annotations_for, margin_for

            reader.margin = margin_for(self.store, record)
            reader.annotations = annotations_for(self.store, record)
        if reader.extra_rows is None:
            from functools import partial

            from tui.browse import group_rows

            reader.extra_rows = partial(group_rows, self)
        reader.show(record, inferred=self.inferred_for(record), passage_id=passage_id)
        if focus:
            self.add_class("reading")
            self.main_screen.set_focus(reader)

    # ---- actions ---------------------------------------------------------------
    def action_help(self) -> None:
        """? / F1: the keys of the screen in front, from its live bindings."""
        from tui.screens.help import HelpScreen, help_groups, help_title

        screen = self.screen
        if isinstance(screen, HelpScreen):
            screen.dismiss(None)  # ? again closes it
            return
        extra: tuple = ()
        if screen is self.main_screen:
            where = "library and reader"
            extra = (screen.query_one(RecordList), screen.query_one(Reader))
        else:
            where = help_title(screen)
        self.push_screen(HelpScreen(help_groups(self, screen, extra), where))

    def action_help_key(self) -> None:
        """`?` is typed in a text field; elsewhere it opens the help."""
        from textual.actions import SkipAction
        from textual.widgets import TextArea

        if isinstance(self.focused, (Input, TextArea)):
            raise SkipAction()
        self.action_help()

    def action_filter(self) -> None:
        from textual.actions import SkipAction
        from textual.widgets import TextArea

        if self.screen is not self.main_screen or isinstance(self.focused, (Input, TextArea)):
            raise SkipAction()  # the key is typed, or belongs to the screen on top
        self.focus_filter()

    def focus_filter(self) -> None:
        self.remove_class("reading")
        # set_focus is immediate (focus() is deferred): keys typed right after
        # `f` must land in the filter, not in the list
        self.main_screen.set_focus(self.main_screen.query_one("#filter", Input))

    def action_sort(self) -> None:
        key = self.main_screen.query_one(RecordList).cycle_sort()
        self._update_status()
        self.notify(f"Sorted by {key}", timeout=2)

    def action_open(self) -> None:
        records = self.main_screen.query_one(RecordList)
        if records.has_focus and records.current:
            self.open_record(records.current)
        elif records.has_focus:
            records.open_when_loaded()  # a preview row: opens once the records are loaded

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.main_screen.query_one(RecordList).focus()
            return
        self.remove_class("reading")
        records = self.main_screen.query_one(RecordList)
        if self.open_record_obj is not None:
            records.select_record(self.open_record_obj.id)
        records.focus()

    def action_warnings(self) -> None:
        from tui.screens.warnings import WarningsScreen

        self.push_screen(WarningsScreen(list(self.corpus.warnings)))

    def _current_passage(self):
        reader = self.main_screen.query_one(Reader)
        return reader.record, reader.current_passage

    def action_copy_passage(self) -> None:
        record, passage = self._current_passage()
        if passage is None:
            self.notify("No passage to copy", severity="warning")
            return
        self.copy_to_clipboard(passage.text)
        self.notify("Passage copied (OSC 52)", timeout=2)

    def action_copy_citation(self) -> None:
        from corpus.citation import cite

        record, passage = self._current_passage()
        if record is None:
            self.notify("No record open", severity="warning")
            return
        quote = f"“{passage.text}”\n" if passage else ""
        self.copy_to_clipboard(quote + cite(record))
        self.notify("Citation copied (OSC 52)", timeout=2)
