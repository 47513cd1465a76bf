"""Key actions of ParlreadApp that hand over to the glue modules (ActionsMixin): tags and notes, files, browsing."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future

from textual.widgets import Input

from tui.state import Session
from tui.widgets.library import RecordList


class ActionsMixin:
    """Actions bound in ParlreadApp.BINDINGS whose work lives in tui/annotate.py, tui/browse.py, tui/screens/files.py."""

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
        self.session = Session()  # index, versions, hits … belong to the old corpus
        self._preloaded = False
        self._load_started = time.perf_counter()
        self._load_future = Future()
        self.main_screen.show_loading()
        # keys typed meanwhile are for the new library, not the old one still on screen (tui/keys.py)
        self.hold_keys("reload")
        threading.Thread(target=self._load_in_thread, name="parlread-load", daemon=True).start()
        self.load_corpus()

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

    # ---- texts read on demand (corpus/textstore.py) ----------------------------
    def texts_readable(self, record) -> bool:
        """Whether ``record``'s texts can be read as loaded; when its cache entry is gone and its
        source changed since (StaleText), an error notice names the file and says to reload."""
        from corpus.safe_text import printable
        from corpus.textstore import StaleText

        try:
            record.passages  # (a lazy record reads them here, and keeps them among the recent ones)
        except StaleText as exc:  # never another text, never a crash
            self.notify(printable(str(exc)), severity="error", timeout=10)
            return False
        return True
