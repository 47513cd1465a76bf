"""The notes store, for the app (NotesStoreMixin of ParlreadApp).

The store (tinydb, rapidfuzz: ~25 ms of imports) opens in a worker once the
records are on screen, and re-anchors the notes to texts changed since; a
damaged store is reported, never replaced.  An action that needs the store
before it is open (``when_store``) waits for it, and the keys typed meanwhile
wait with it (tui/keys.py), in order; Esc gives the wait up.
"""

from __future__ import annotations

from textual import work

from corpus.safe_text import printable
from tui.messages import StoreOpened
from tui.screens.main import MainScreen
from tui.widgets.library import RecordList
from tui.widgets.reader import Reader


class NotesStoreMixin:
    """Opening the notes store, the actions waiting for it, and the marks it gives."""

    @work(thread=True, exclusive=True, group="store", description="open the notes store")
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
            self._store_failed()
            return
        self._store_opened(message.store, message.report)

    def when_store(self, action) -> None:
        """Run ``action()`` once the notes store is open (at once if it is, or
        if opening it failed: the action then says why).  A key pressed while
        the store is still opening waits for it instead of failing."""
        if self.store is not None or self.store_failed:
            action()
            return
        if not self._after_store:
            self.notify("Opening the notes store… keys typed meanwhile wait for it (Esc cancels)", timeout=4)
        self._after_store.append(action)
        # keys typed meanwhile go to what the action opens, not to the library (tui/keys.py)
        self.hold_keys("store", cancel=self._cancel_store_wait)

    def _cancel_store_wait(self, dropped: int) -> None:
        """Esc while keys wait for the store: give up what was asked for."""
        self._after_store = []
        extra = f"; {dropped} key{'s' if dropped != 1 else ''} typed for it dropped" if dropped else ""
        self.notify(f"Cancelled: the notes store is still opening{extra}", timeout=4)

    def _run_after_store(self) -> None:
        pending, self._after_store = self._after_store, []
        for action in pending:
            action()
        self.release_keys("store")

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
