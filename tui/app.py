"""The parlread Textual app: library, reader, help, palette.

Thin: it calls the core (``corpus``, ``annotations``) and owns only screen
state.  Slow work (loading, searching, comparing) runs in thread workers that
post messages; handlers on the UI thread own the state.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, TimeoutError as FutureTimeout
from pathlib import Path
from typing import Iterable

from rich.text import Text
from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, ProgressBar, Static

from corpus.corpus import Corpus
from corpus.model import Record
from corpus.safe_text import printable
from tui.crash import CrashLogMixin
from tui.features import FeaturesMixin
from tui.screens.help import HelpScreen
from tui.widgets.library import RecordList
from tui.widgets.reader import Reader
from tui.messages import CorpusLoaded, LoadProgress
from tui.screens.main import MainScreen
from tui.screens.warnings import WarningsScreen

NARROW = 100  # below this many columns, one pane at a time


def _record_commands():
    """The palette's record provider, imported only when the palette opens."""
    from tui.palette import RecordCommands

    return RecordCommands


class ParlreadApp(CrashLogMixin, FeaturesMixin, App[None]):
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
        self.load_seconds = 0.0
        self.store = None  # annotations.AnnotationStore, opened on mount
        self.store_failed = False  # opening it failed (the error was shown)
        self._after_store: list = []  # actions asked for before the store was open
        # Loading starts now, in a plain thread, so that it overlaps Textual's
        # own start-up; the load worker only waits for it and reports progress.
        self._load_state = [0, 0, ""]  # done, total, current path
        self._load_future: "Future[Corpus] | None" = None
        self._load_started = time.perf_counter()
        if not self._preloaded:
            self._load_future = Future()
            threading.Thread(target=self._load_in_thread, name="parlread-load", daemon=True).start()

    def _load_in_thread(self) -> None:
        from corpus.loader import load

        def progress(done: int, total: int, path: str) -> None:
            self._load_state[:] = [done, total, path]

        try:
            self._load_future.set_result(load(self.paths or None, progress=progress, cancel=self._cancel))
        except BaseException as exc:  # reported by the worker, never lost
            self._load_future.set_exception(exc)

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[override]
        """Notifications never parse markup: they often quote paths, titles, tags.

        On the library/reader screen a plain notice goes to the message line
        above the footer (its toast is hidden by app.tcss), so nothing covers
        the text; warnings and errors stay toasts, which need attention."""
        super().notify(message, markup=markup, **kwargs)
        if kwargs.get("severity", "information") != "information":
            return
        try:
            if self.screen is not self.main_screen:
                return
            bar = self.main_screen.query_one("#message", Static)
        except Exception:
            return
        bar.update(Text(printable(" ".join(str(message).split())), no_wrap=True, overflow="ellipsis"))
        bar.add_class("-on")
        timer = getattr(self, "_message_timer", None)
        if timer is not None:
            timer.stop()
        self._message_timer = self.set_timer(float(kwargs.get("timeout") or 5), lambda: bar.remove_class("-on"))

    @property
    def main_screen(self) -> "MainScreen":
        """The library/reader screen, even while a modal screen is on top."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not mounted")

    # ---- lifecycle -----------------------------------------------------------
    async def on_mount(self) -> None:
        await self.push_screen(MainScreen())
        self._update_layout_class()
        future = self._load_future
        if future is not None and future.done() and future.exception() is None:
            # a small corpus is already loaded: show it in the very first frame
            self._load_future = None
            self.on_corpus_loaded(CorpusLoaded(future.result(), time.perf_counter() - self._load_started))
            return
        self.call_after_refresh(self._start)

    @work(thread=True, exclusive=True, group="store")
    def _open_store(self) -> None:
        """Open the annotation store; a damaged one is reported, never replaced."""
        from annotations import AnnotationStore, StoreError

        try:
            store = AnnotationStore.open(self.store_dir)
        except (StoreError, OSError) as exc:
            self.call_from_thread(self.notify, f"Notes store unavailable: {exc}", severity="error", timeout=10)
            self.call_from_thread(self._store_failed)
            return
        report = None
        if not store.read_only:
            try:  # texts may have changed since the notes were made: re-anchor them
                report = store.reanchor_all(self.corpus)
            except (StoreError, OSError) as exc:
                self.call_from_thread(self.notify, f"Could not re-anchor notes: {exc}", severity="error", timeout=10)
        self.call_from_thread(self._store_opened, store, report)

    def when_store(self, action) -> None:
        """Run ``action()`` once the notes store is open (at once if it is, or
        if opening it failed: the action then says why).  A key pressed while
        the store is still opening waits for it instead of failing."""
        if self.store is not None or self.store_failed:
            action()
            return
        if not self._after_store:
            self.notify("Opening the notes store…", timeout=2)
        self._after_store.append(action)

    def _run_after_store(self) -> None:
        pending, self._after_store = self._after_store, []
        for action in pending:
            action()

    def _store_failed(self) -> None:
        self.store_failed = True
        self._run_after_store()

    def _store_opened(self, store, report=None) -> None:
        self.store = store
        self.call_later(self._run_after_store)
        for problem in self.store.problems:
            self.notify(printable(problem), severity="error", timeout=10)
        if report is not None:
            attention = sum(report.count(s) for s in ("orphan", "review", "ambiguous"))
            if attention:
                self.notify(f"{attention} notes need attention after the texts changed — A, then O to see them", severity="warning", timeout=8)
        self.refresh_annotations()

    def refresh_annotations(self) -> None:
        """Redraw margin markers and library marks after annotations changed."""
        if self.store is None:
            return
        from tui.widgets.marks import annotations_for, library_marks, margin_for

        screen = self.screen if isinstance(self.screen, MainScreen) else None
        if screen is None:
            try:
                screen = next(s for s in self.screen_stack if isinstance(s, MainScreen))
            except StopIteration:
                return
        reader = screen.query_one(Reader)
        records = screen.query_one(RecordList)
        reader.margin = margin_for(self.store, reader.record) if reader.record else None
        reader.annotations = annotations_for(self.store, reader.record) if reader.record else None
        reader.redraw()
        records.marks = library_marks(self.store)
        records.apply()

    def _start(self) -> None:
        self._update_layout_class()
        if self._preloaded:
            self.post_message(CorpusLoaded(self.corpus, 0.0))
        else:
            self.load_corpus()

    @work(thread=True, exclusive=True, group="load")
    def load_corpus(self) -> None:
        assert self._load_future is not None
        while True:
            try:
                corpus = self._load_future.result(timeout=0.1)
                break
            except FutureTimeout:
                done, total, path = self._load_state
                self.post_message(LoadProgress(done, total, path))
            except Exception as exc:
                from corpus.model import LoadWarning

                corpus = Corpus(warnings=[LoadWarning("(corpus)", f"loading failed: {type(exc).__name__}: {exc}")])
                break
        self.post_message(CorpusLoaded(corpus, time.perf_counter() - self._load_started))

    def on_load_progress(self, message: LoadProgress) -> None:
        try:
            bar = self.main_screen.query_one("#loading-bar", ProgressBar)
            label = self.main_screen.query_one("#loading-label", Static)
        except Exception:
            return
        bar.update(total=max(message.total, 1), progress=message.done)
        label.update(Text(f"Loading corpus… {message.done}/{message.total} files  {printable(Path(message.path).name)}"))

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        self.corpus = message.corpus
        self.load_seconds = message.seconds
        screen = self.main_screen
        screen.query_one("#loading").display = False
        records = screen.query_one(RecordList)
        records.new_ids = self._new_ids()
        records.set_records(self.corpus.records)
        records.focus()
        self._update_status()
        self._open_store()
        # index and version detection start once the records are on screen
        self.call_after_refresh(self.start_background_work)
        if self.corpus.warnings:
            n = len(self.corpus.warnings)
            self.notify(f"{n} file problem{'s' if n != 1 else ''} while loading — press w to see them", severity="warning", timeout=6)

    def _update_status(self) -> None:
        records = self.main_screen.query_one(RecordList)
        total = len(self.corpus.records)
        shown = len(records.view)
        text = f"{shown} of {total} records · sort: {records.sort_key}"
        if self.corpus.warnings:
            text += f" · {len(self.corpus.warnings)} warnings (w)"
        text += self.index_status()
        if getattr(self, "work_status", ""):
            text += f" · {self.work_status}"
        browse = getattr(self, "browse_filters", None)  # tui/browse.py facet/date/member filters
        if browse is not None and browse.active:
            text += f" · {printable(browse.summary(60))} (X clears)"
        tag = getattr(self, "_annotation_tag_filter", None)
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
        if message.record is not None and not self.has_class("narrow") and message.record is not self.open_record_obj:
            self.open_record(message.record, focus=False)

    def open_record(self, record: Record, passage_id: str | None = None, *, focus: bool = True) -> None:
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
        from tui.screens.help import help_groups, help_title

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

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.main_screen.query_one(RecordList).focus()
            return
        self.remove_class("reading")
        records = self.main_screen.query_one(RecordList)
        if self.open_record_obj is not None:
            records.select_record(self.open_record_obj.id)
        records.focus()

    def action_inbox(self) -> None:
        from tui.screens.inbox import open_inbox

        open_inbox(self)

    def _new_ids(self) -> set[str]:
        from tui.screens.inbox import new_ids

        return new_ids()

    def refresh_new_marks(self) -> None:
        """Re-read which records are unread in the inbox (shared by every session) and redraw the library."""
        records = self.main_screen.query_one(RecordList)
        records.new_ids = self._new_ids()
        records.invalidate()

    def action_warnings(self) -> None:
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

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: the commands below, then every other action the
        screen under the palette has a key for (from its live bindings), so
        every action is in the palette."""
        yield from super().get_system_commands(screen)
        for command in self._curated_commands():
            yield SystemCommand(command.title, command.help, self._palette_safe(command.callback))
        yield from self._binding_commands(screen)

    def _palette_safe(self, callback):
        """A palette command that belongs to another screen says so instead of raising."""
        from textual.actions import SkipAction

        def run():
            try:
                return callback()
            except SkipAction:
                self.notify("That command works in the library and reader (close this screen first)", timeout=3)

        return run

    def _binding_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui.screens.help import help_groups

        covered = {c.callback.__name__.removeprefix("action_") for c in self._curated_commands()}
        covered |= {"help", "help_key", "quit", "command_palette", "focus_filter", "filter",
                    "key_tag", "key_note", "key_search", "key_find", "key_export", "key_open",
                    "key_import", "key_facets", "open", "back", "library_escape"}
        skip = {"cursor_up", "cursor_down", "page_up", "page_down", "first", "last", "top", "bottom",
                "next_passage", "prev_passage", "scroll_up", "scroll_down", "scroll_home", "scroll_end",
                "choose", "focus_next", "focus_previous", "screen.copy_text", "copy_text", "move", "page"}
        extra: tuple = ()
        if screen is self.main_screen:
            extra = (screen.query_one(RecordList), screen.query_one(Reader))
        for title, bindings in help_groups(self, screen, extra):
            for b in bindings:
                name = b.action.split("(")[0].removeprefix("app.")
                if name in covered or name in skip:
                    continue
                covered.add(name)
                keys = b.key.replace(",", " / ")
                action = b.action
                yield SystemCommand(f"{title}: {b.description}", f"({keys})",
                                    self._palette_safe(lambda action=action, screen=screen: self._run_screen_action(screen, action)))

    def _run_screen_action(self, screen: Screen, action: str) -> None:
        """Run a binding's action in the namespace that binds it (screen, widget or app)."""
        for node, bindings in screen._modal_binding_chain:
            if any(b.action == action for _, b in bindings):
                self.call_later(self.run_action, action, node)
                return
        self.call_later(self.run_action, action, screen)

    def _curated_commands(self) -> list[SystemCommand]:
        return [
            SystemCommand("Filter library", "Type to filter the records (f)", self.focus_filter),
            SystemCommand("Sort library", "Cycle sort: date, title, source order (s)", self.action_sort),
            SystemCommand("Search", "Typo-tolerant search over every passage (ctrl+f)", self.action_search),
            SystemCommand("Find in record", "Search the open record (/)", self.action_find),
            SystemCommand("Versions", "Republished copies of this record, then compare (v)", self.action_versions),
            SystemCommand("Compare two records", "Mark this record, then another (c)", self.action_compare_pick),
            SystemCommand("Loading problems", "Files skipped or loaded with warnings (w)", self.action_warnings),
            SystemCommand("Copy passage", "Copy the current passage to the clipboard (y)", self.action_copy_passage),
            SystemCommand("Copy citation", "Copy the passage with a Hansard-style citation (Y)", self.action_copy_citation),
            SystemCommand("Facet filters", "Filter the library by kind, house, department, member, dates (F)", self.action_facets),
            SystemCommand("Member's view", "Show what this record's people asked or answered (m)", self.action_member_view),
            SystemCommand("Timeline", "Records per month of the current filter; Enter filters to a month (L)", self.action_timeline),
            SystemCommand("Clear facet filters", "Remove facet, date and member filters (X)", self.action_clear_browse_filters),
            SystemCommand("Next grouped question", "Open the next question answered in the same group (o)", self.action_group_next),
            SystemCommand("Tag passage", "Tag the passage under the cursor (t)", self.action_tag_passage),
            SystemCommand("Note on passage", "Write or edit a note on the passage under the cursor (a)", self.action_note_passage),
            SystemCommand("Undo tag/note change", "Undo the last annotation change of this session (u)", self.action_undo_annotation),
            SystemCommand("Notes list", "All notes and tags, grouped; orphans view with O (A)", self.action_notes_list),
            SystemCommand("Tag manager", "Rename, merge, delete, colour tags; filter the library by tag (T)", self.action_tag_manager),
            SystemCommand("Clear tag filter", "Show all records in the library again", self.action_clear_tag_filter),
            SystemCommand("Export notes", "Annotations as W3C JSON-LD, CSV or Markdown: all, by tag, this record or the current filter (E)", self.action_export_notes),
            SystemCommand("Open file or folder", "Read another file or folder as the corpus (O)", self.action_open_path),
            SystemCommand("Import", "A W3C annotation file into your notes, or sources into your library (I)", self.action_import_path),
            SystemCommand("Review re-anchored notes", "Orphans and notes needing review after texts changed; r re-attaches (R)", self.action_review_notes),
            SystemCommand("Help", "The keys of this screen (?)", self.action_help),
        ]

    async def action_quit(self) -> None:
        self._cancel.set()
        self.exit()

    # ---- tags and notes (tui/annotate.py) ------------------------------------
    def main_screen_key(self) -> None:
        """For priority bindings: act only on the main screen, and not while a
        text field has focus (there the key is typed)."""
        from textual.actions import SkipAction
        from textual.widgets import TextArea

        if self.screen is not self.main_screen or isinstance(self.focused, (Input, TextArea)):
            raise SkipAction()

    def action_key_tag(self) -> None:
        self.main_screen_key()
        self.action_tag_passage()

    def action_key_note(self) -> None:
        self.main_screen_key()
        self.action_note_passage()

    def action_key_search(self) -> None:
        self.main_screen_key()
        self.action_search()

    def action_key_find(self) -> None:
        self.main_screen_key()
        self.action_find()

    def app_screen_key(self) -> None:
        """Like main_screen_key, but these keys also work on full screens
        (comparison, collation), as they did before they became priority."""
        from textual.actions import SkipAction
        from textual.screen import ModalScreen
        from textual.widgets import TextArea

        if isinstance(self.screen, ModalScreen) or isinstance(self.focused, (Input, TextArea)):
            raise SkipAction()

    def action_key_export(self) -> None:
        self.app_screen_key()
        self.action_export_notes()

    def action_key_open(self) -> None:
        self.app_screen_key()
        self.action_open_path()

    def action_key_import(self) -> None:
        self.app_screen_key()
        self.action_import_path()

    def action_key_facets(self) -> None:
        self.app_screen_key()
        self.action_facets()

    def action_tag_passage(self) -> None:
        from tui.annotate import tag_passage

        self.when_store(lambda: tag_passage(self))

    def action_note_passage(self) -> None:
        from tui.annotate import note_passage

        self.when_store(lambda: note_passage(self))

    def action_undo_annotation(self) -> None:
        from tui.annotate import undo_last

        self.when_store(lambda: undo_last(self))

    def action_notes_list(self) -> None:
        from tui.screens.notes import show_notes

        self.when_store(lambda: show_notes(self))

    def action_tag_manager(self) -> None:
        from tui.screens.tags import show_tag_manager

        self.when_store(lambda: show_tag_manager(self))

    # ---- files: export, open, import, review (tui/screens/files.py) -----------
    def action_export_notes(self) -> None:
        from tui.screens.files import export_notes

        self.when_store(lambda: export_notes(self))

    def action_open_path(self) -> None:
        from tui.screens.files import open_path

        open_path(self)

    def action_import_path(self) -> None:
        from tui.screens.files import import_path

        self.when_store(lambda: import_path(self))

    def action_review_notes(self) -> None:
        from tui.screens.files import review_notes

        self.when_store(lambda: review_notes(self))

    def reload_corpus(self, paths: list[str]) -> None:
        """Load other paths (``[]``: the library, else the samples) with the
        loading bar; the library, index, versions and notes follow."""
        self._cancel.set()  # the old corpus's index and versions stop
        self._cancel = threading.Event()
        self.paths = [str(p) for p in paths]
        self.index, self.version_groups, self.index_progress, self.hits = None, None, (0, 0), []
        self._preloaded = False
        self._load_state = [0, 0, ""]
        self._load_started = time.perf_counter()
        self._load_future = Future()
        self.main_screen.query_one("#loading").display = True
        threading.Thread(target=self._load_in_thread, name="parlread-load", daemon=True).start()
        self.load_corpus()

    def action_clear_tag_filter(self) -> None:
        from tui.annotate import clear_tag_filter

        if not clear_tag_filter(self):
            self.notify("No tag filter is on", timeout=2)

    def action_library_escape(self) -> None:
        """Esc: in the library with a tag filter on, clear it; else go back."""
        records = next(iter(self.screen.query(RecordList)), None)
        if records is not None and records.has_focus and getattr(self, "_annotation_tag_filter", None) is not None:
            from tui.annotate import clear_tag_filter

            clear_tag_filter(self)
            return
        self.action_back()

    # ---- browsing: facets, member's view, timeline, groups (tui/browse.py) ----
    def action_facets(self) -> None:
        from tui.browse import open_facets

        open_facets(self)

    def action_member_view(self) -> None:
        from tui.browse import member_view

        member_view(self)

    def action_timeline(self) -> None:
        from tui.browse import open_timeline

        open_timeline(self)

    def action_clear_browse_filters(self) -> None:
        from tui.browse import clear_filters

        clear_filters(self)

    def action_group_next(self) -> None:
        from tui.browse import group_next

        group_next(self)
