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
from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, ProgressBar, Static

from corpus.corpus import Corpus
from corpus.filters import RecordFilter
from corpus.model import Record
from corpus.safe_text import printable
from tui.features import FeaturesMixin
from tui.messages import CorpusLoaded, LoadProgress, StoreOpened
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.warnings import WarningsScreen
from tui.state import Session
from tui.widgets.library import RecordList
from tui.widgets.reader import Reader

NARROW = 100  # below this many columns, one pane at a time


def _record_commands():
    """The palette's record provider, imported only when the palette opens."""
    from tui.palette import RecordCommands

    return RecordCommands


class ParlreadApp(FeaturesMixin, App[None]):
    TITLE = "parlread"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_record_commands}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark,f1", "help", "Help", id="help"),
        # priority: handled as the key arrives, so text typed right after `f`
        # lands in the filter (the action skips itself while an input has focus)
        Binding("f", "filter", "Filter", id="filter", priority=True),
        Binding("s", "sort", "Sort", show=False, id="sort"),
        Binding("enter,l,right", "open", "Open", show=False, id="open"),
        Binding("escape", "library_escape", show=False, id="clear-tag-filter"),
        Binding("escape,h,left", "back", "Library", show=False, id="back"),
        Binding("w", "warnings", "Warnings", show=False, id="warnings"),
        Binding("y", "copy_passage", "Copy", show=False, id="copy-passage"),
        Binding("Y", "copy_citation", "Copy citation", show=False, id="copy-citation"),
        Binding("F", "facets", "Facets", show=False, id="facets"),
        Binding("m", "member_view", "Member's view", show=False, id="member-view"),
        Binding("L", "timeline", "Timeline", show=False, id="timeline"),
        Binding("X", "clear_browse_filters", "Clear facet filters", show=False, id="clear-browse-filters"),
        Binding("o", "group_next", "Next grouped question", show=False, id="group-next"),
        Binding("t", "tag_passage", "Tag", id="tag"),
        Binding("a", "note_passage", "Note", id="note"),
        Binding("u", "undo_annotation", "Undo tag/note change", show=False, id="undo-annotation"),
        Binding("A", "notes_list", "Notes", show=False, id="notes"),
        Binding("T", "tag_manager", "Tag manager", show=False, id="tag-manager"),
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
        self.session = Session()  # index, version groups, hits, compare pick, undo log (tui/state.py)
        # Loading starts now, in a plain thread, so that it overlaps Textual's
        # own start-up (a worker cannot start before the app runs).  Once the app
        # is mounted the thread posts LoadProgress, and CorpusLoaded when done.
        self._load_future: "Future[Corpus] | None" = None
        self._progress_to_ui = False  # set on mount: from then on the loader thread may post messages
        self._last_progress = 0.0
        self._load_started = time.perf_counter()
        if not self._preloaded:
            self._load_future = Future()
            threading.Thread(target=self._load_in_thread, name="parlread-load", daemon=True).start()

    def _load_in_thread(self) -> None:
        from corpus.loader import load

        def progress(done: int, total: int, path: str) -> None:
            now = time.perf_counter()
            if self._progress_to_ui and (now - self._last_progress > 0.05 or done == total):
                self._last_progress = now
                self._post_from_loader(LoadProgress(done, total, path))

        try:
            self._load_future.set_result(load(self.paths or None, progress=progress, cancel=self._cancel))
        except BaseException as exc:  # reported as a load warning, never lost
            self._load_future.set_exception(exc)

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[override]
        """Notifications never parse markup: they often quote paths, titles, tags."""
        super().notify(message, markup=markup, **kwargs)

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
        self._progress_to_ui = True
        self.call_after_refresh(self._start)

    @work(thread=True, exclusive=True, group="store")
    def _open_store(self) -> None:
        """Open the annotation store; a damaged one is reported, never replaced."""
        from annotations import AnnotationStore, StoreError

        try:
            store = AnnotationStore.open(self.store_dir)
        except (StoreError, OSError) as exc:
            self.post_message(StoreOpened(None, error=f"Notes store unavailable: {exc}"))
            return
        report = error = None
        if not store.read_only:
            try:  # texts may have changed since the notes were made: re-anchor them
                report = store.reanchor_all(self.corpus)
            except (StoreError, OSError) as exc:
                error = f"Could not re-anchor notes: {exc}"
        self.post_message(StoreOpened(store, report, error))

    def on_store_opened(self, message: StoreOpened) -> None:
        if message.error:
            self.notify(message.error, severity="error", timeout=10)
        if message.store is None:
            return
        store, report = message.store, message.report
        self.store = store
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
        from tui.widgets.marks import library_marks, margin_for

        screen = self.screen if isinstance(self.screen, MainScreen) else None
        if screen is None:
            try:
                screen = next(s for s in self.screen_stack if isinstance(s, MainScreen))
            except StopIteration:
                return
        reader = screen.query_one(Reader)
        records = screen.query_one(RecordList)
        reader.margin = margin_for(self.store, reader.record) if reader.record else None
        reader.redraw()
        records.marks = library_marks(self.store)
        records.apply()

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
        browse = self.library_view.filters  # facet/date/member filters (tui/browse.py)
        if browse.active:
            text += f" · {printable(browse.summary(60))} (X clears)"
        self.main_screen.query_one("#library-status", Static).update(Text(text))

    def on_resize(self) -> None:
        self._update_layout_class()

    def _update_layout_class(self) -> None:
        self.set_class(self.size.width < NARROW, "narrow")

    # ---- library -------------------------------------------------------------
    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        records = self.main_screen.query_one(RecordList)
        records.set_query(event.value)
        self._update_status()

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
            from tui.widgets.marks import margin_for

            reader.margin = margin_for(self.store, record)
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
        groups = [("Everywhere", list(self.BINDINGS))]
        try:
            groups.append(("Library", list(RecordList.BINDINGS)))
            groups.append(("Reader", list(Reader.BINDINGS)))
        except Exception:
            pass
        groups.append(("Command palette", [Binding("ctrl+p", "command_palette", "All commands, and open a record by title")]))
        self.push_screen(HelpScreen(groups))

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
        self.push_screen(WarningsScreen([str(w) for w in self.corpus.warnings]))

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
        yield from super().get_system_commands(screen)
        yield SystemCommand("Filter library", "Type to filter the records (f)", self.focus_filter)
        yield SystemCommand("Sort library", "Cycle sort: date, title, source order (s)", self.action_sort)
        yield SystemCommand("Search", "Typo-tolerant search over every passage (ctrl+f)", self.action_search)
        yield SystemCommand("Find in record", "Search the open record (/)", self.action_find)
        yield SystemCommand("Versions", "Republished copies of this record, then compare (v)", self.action_versions)
        yield SystemCommand("Compare two records", "Mark this record, then another (c)", self.action_compare_pick)
        yield SystemCommand("Loading problems", "Files skipped or loaded with warnings (w)", self.action_warnings)
        yield SystemCommand("Copy passage", "Copy the current passage to the clipboard (y)", self.action_copy_passage)
        yield SystemCommand("Copy citation", "Copy the passage with a Hansard-style citation (Y)", self.action_copy_citation)
        yield SystemCommand("Facet filters", "Filter the library by kind, house, department, member, dates (F)", self.action_facets)
        yield SystemCommand("Member's view", "Show what this record's people asked or answered (m)", self.action_member_view)
        yield SystemCommand("Timeline", "Records per month of the current filter; Enter filters to a month (L)", self.action_timeline)
        yield SystemCommand("Clear facet filters", "Remove facet, date and member filters (X)", self.action_clear_browse_filters)
        yield SystemCommand("Next grouped question", "Open the next question answered in the same group (o)", self.action_group_next)
        yield SystemCommand("Tag passage", "Tag the passage under the cursor (t)", self.action_tag_passage)
        yield SystemCommand("Note on passage", "Write or edit a note on the passage under the cursor (a)", self.action_note_passage)
        yield SystemCommand("Undo tag/note change", "Undo the last annotation change of this session (u)", self.action_undo_annotation)
        yield SystemCommand("Notes list", "All notes and tags, grouped; orphans view with O (A)", self.action_notes_list)
        yield SystemCommand("Tag manager", "Rename, merge, delete, colour tags; filter the library by tag (T)", self.action_tag_manager)
        yield SystemCommand("Clear tag filter", "Show all records in the library again", self.action_clear_tag_filter)

    async def action_quit(self) -> None:
        self._cancel.set()
        self.exit()

    # ---- tags and notes (tui/annotate.py) ------------------------------------
    def action_tag_passage(self) -> None:
        from tui.annotate import tag_passage

        tag_passage(self)

    def action_note_passage(self) -> None:
        from tui.annotate import note_passage

        note_passage(self)

    def action_undo_annotation(self) -> None:
        from tui.annotate import undo_last

        undo_last(self)

    def action_notes_list(self) -> None:
        from tui.screens.notes import show_notes

        show_notes(self)

    def action_tag_manager(self) -> None:
        from tui.screens.tags import show_tag_manager

        show_tag_manager(self)

    def action_clear_tag_filter(self) -> None:
        from tui.annotate import clear_tag_filter

        if not clear_tag_filter(self):
            self.notify("No tag filter is on", timeout=2)

    def action_library_escape(self) -> None:
        """Esc: in the library with a tag filter on, clear it; else go back."""
        records = next(iter(self.screen.query(RecordList)), None)
        if records is not None and records.has_focus and self.library_view.tag is not None:
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
