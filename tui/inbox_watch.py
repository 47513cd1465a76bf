"""Notice when another session changed the inbox, cheaply.

The inbox (``corpus.api.inbox``) is one file shared by every session of the
user: ``parlread inbox --mark-read``, another open app, or ``parlread fetch``
change it, always by an atomic rename.  The library's "new" marks come from
it, so the app re-reads it when the file changed: on a timer and when the
terminal gets focus again, with one ``stat`` per check (inode, size,
mtime_ns: a rename gives a new inode even within one mtime tick).  The
JSON is only read when the stat differs.
"""

from __future__ import annotations

import os

POLL_SECONDS = 2.0  # one stat every 2 s
INBOX_FILE = "inbox.json"  # corpus.api.inbox.FILE (a test keeps them equal): that module is read only when there is one


def _path() -> str | None:
    try:
        from corpus.api import state

        return str(state.follow_dir() / INBOX_FILE)
    except Exception:
        return None


def new_ids(path: str | None = None) -> set[str]:
    """Record ids with an unread inbox entry (empty when there is no inbox or it cannot be read).

    Here, not in the inbox screen's module: it runs before the library's first
    frame, and that module (its screen, Textual's Footer) is only needed when it
    opens; without an inbox file (``path``, when known) not even the inbox's own."""
    if path is not None and not os.path.exists(path):
        return set()
    try:
        from corpus.api.inbox import unread_ids

        return unread_ids()
    except Exception:
        return set()


class InboxWatch:
    def __init__(self) -> None:
        self.path = _path()
        self.seen = self.stamp()

    def stamp(self) -> tuple[int, int, int] | None:
        if self.path is None:
            return None
        try:
            st = os.stat(self.path)
        except OSError:
            return None  # no inbox (yet), or unreadable: nothing is new
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def changed(self) -> bool:
        """True once after each change of the file since the last call."""
        now = self.stamp()
        if now == self.seen:
            return False
        self.seen = now
        return True


class InboxMarksMixin:
    """The app's inbox key and the library's "new" marks, kept fresh by an :class:`InboxWatch`."""

    _inbox_watch: InboxWatch | None = None

    def start_inbox_watch(self) -> None:
        self._inbox_watch = InboxWatch()
        self.set_interval(POLL_SECONDS, self.check_inbox)  # type: ignore[attr-defined]

    def action_inbox(self) -> None:
        from tui.screens.inbox import open_inbox

        open_inbox(self)

    def _new_ids(self) -> set[str]:
        return new_ids(self._inbox_watch.path if self._inbox_watch is not None else None)

    def check_inbox(self) -> None:
        """Redraw the "new" marks if the shared inbox file changed (one stat; tui/inbox_watch.py)."""
        if self._inbox_watch is not None and self._inbox_watch.changed():
            self.refresh_new_marks()

    def on_app_focus(self, event) -> None:
        self.check_inbox()

    def refresh_new_marks(self) -> None:
        """Re-read which records are unread in the inbox (shared by every session) and redraw the library."""
        from tui.widgets.library import RecordList

        records = self.main_screen.query_one(RecordList)  # type: ignore[attr-defined]
        records.new_ids = self._new_ids()
        records.invalidate()
