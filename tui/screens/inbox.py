"""The inbox screen (i): records new or changed since you last marked the inbox read, each with why.

The state is ``corpus.api.inbox`` (shared by every session: the CLI's
``parlread inbox`` and other open apps see the same).  Enter opens a record
and marks it read; ``r`` marks the highlighted entry read, ``R`` all shown;
Esc closes.  Library rows of unread records carry a "new" mark
(``tui.inbox_watch.new_ids`` feeds ``RecordList.new_ids``).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from corpus.safe_text import printable
from tui.widgets.rowlist import RowList

WHY_SHORT = {"new": "new", "answered": "answered", "corrected": "corrected",
             "holding answer": "holding answer", "holding answer replaced": "holding → answer", "changed": "changed"}


class InboxList(RowList):
    """One line per inbox entry: why, date, title, the watch that found it."""

    HELP_TITLE = "Inbox entries"

    def __init__(self, entries: list, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries = entries
        # no RowList placeholder: its unstyled line crashes Textual's NO_COLOR filter; the head says it
        self.placeholder = None

    def on_mount(self) -> None:
        self.set_row_count(len(self.entries))

    def render_row_line(self, index: int, part: int, width: int, selected: bool) -> Text:
        e = self.entries[index]
        text = Text()
        text.append("▶ " if selected else "  ", style="bold")
        why = ", ".join(WHY_SHORT.get(w, w) for w in e.why) or "new"
        text.append(f"{printable(why):<16} ", style="bold green")
        text.append(f"{e.date or 'date unknown':<11} ", style="" if e.date else "dim")
        text.append(printable(e.title or "(untitled)"))
        if e.watch:
            text.append(f"  [{printable(e.watch)}]", style="dim")
        return text

    @property
    def current(self):
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None


class InboxScreen(ModalScreen["object | None"]):
    """Dismissed with the inbox entry to open, or None."""

    HELP_TITLE = "Inbox"

    BINDINGS = [
        Binding("escape,q,i", "close", "Close"),
        Binding("r", "mark_one", "Mark read"),
        Binding("R", "mark_all", "Mark all read"),
    ]
    DEFAULT_CSS = """
    InboxScreen { align: center middle; }
    InboxScreen > Vertical { width: 95%; height: 90%; border: round $accent; background: $panel; }
    InboxScreen #inbox-head { height: auto; padding: 0 1; }
    InboxScreen InboxList { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        from corpus.api import inbox

        self.problem: str | None = None
        try:
            self.entries, self.upto = inbox.unread()
        except Exception as exc:  # an unreadable inbox is reported, never replaced
            self.entries, self.upto = [], 0
            self.problem = f"{type(exc).__name__}: {exc}"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._head(), id="inbox-head", markup=False)
            yield InboxList(self.entries, id="inbox-list")
        yield Footer()  # this screen's own keys (qa5)

    def _head(self) -> Text:
        n = len(self.entries)
        t = Text(f"Inbox: {n} new or changed since you last marked it read", style="bold")
        t.append("\nEnter open (marks it read) · r mark read · R mark all read · Esc close", style="dim")
        if not n and not self.problem:
            t.append("\nNothing new — `parlread fetch` brings what changed for your watches.", style="italic")
        if self.problem:
            t.append("\n" + printable(self.problem), style="bold red")
        return t

    def on_mount(self) -> None:
        self.query_one(InboxList).focus()

    def on_row_list_chosen(self, event: RowList.Chosen) -> None:
        event.stop()
        e = self.query_one(InboxList).current
        if e is None:
            return
        # marked read by open_inbox only once the record is shown as fetched (not a stale copy)
        self.dismiss(e)

    def _mark(self, ids: list[str] | None) -> None:
        from corpus.api import inbox

        try:
            if ids is None:
                inbox.mark_read(self.upto)
            else:
                inbox.mark_read(self.upto, ids=ids)
        except Exception as exc:
            self.app.notify(printable(f"inbox not updated: {exc}"), severity="error")
            return
        gone = set(ids) if ids is not None else {e.record_id for e in self.entries}
        self.entries[:] = [e for e in self.entries if e.record_id not in gone]
        lst = self.query_one(InboxList)
        lst.set_row_count(len(self.entries), cursor=min(lst.cursor, max(len(self.entries) - 1, 0)))
        self.query_one("#inbox-head", Static).update(self._head())
        refresh = getattr(self.app, "refresh_new_marks", None)
        if refresh:
            refresh()

    def action_mark_one(self) -> None:
        e = self.query_one(InboxList).current
        if e is not None:
            self._mark([e.record_id])

    def action_mark_all(self) -> None:
        if self.entries:
            self._mark(None)

    def action_close(self) -> None:
        self.dismiss(None)


def fetched_copy(key: str):
    """The record as ``parlread fetch`` last stored it in the library (None when it is not there)."""
    import json

    try:
        from corpus.api.shards import shard_path
        from corpus.api.state import library_root
        from corpus.formats.parliament_json import parse_item

        want = int(key.partition(":")[2])
        with open(shard_path(library_root(), key), "rb") as fh:  # read only: a damaged shard is fetch's to set aside
            needle = f'"id":{want}'.encode()
            for line in fh:
                if needle not in line:  # cheap test first: a shard holds up to 1,000 records
                    continue
                try:
                    item = json.loads(line)
                except ValueError:
                    continue
                if isinstance(item, dict) and isinstance(item.get("value"), dict) and item["value"].get("id") == want:
                    return parse_item(item)
    except Exception:
        return None
    return None


def _texts(record) -> list[str]:
    return [p.text for p in record.passages]


def open_inbox(app) -> None:
    """Push the inbox; open the chosen record in the reader and mark it read.

    An entry is marked read only when the reader shows what was fetched: a record
    fetched (or answered, corrected) after this app loaded its corpus is not in
    it, or only as its earlier copy; then the entry stays unread and the user is
    told to restart parlread to load it.
    """

    def done(entry) -> None:
        if entry is None:
            return
        record = app.corpus.record(entry.record_id)
        why = ", ".join(entry.why) or "new"
        if record is None:
            app.notify("That record is not in the loaded corpus (fetched after parlread started, or another "
                       "library): restart parlread to load it; it stays unread in the inbox",
                       severity="warning", timeout=8)
            return
        fresh = fetched_copy(entry.key)
        app.open_record(record)
        if fresh is not None and _texts(fresh) != _texts(record):
            app.notify(printable(f"This record changed ({why}) after parlread loaded it: you are reading the earlier "
                                 "copy. Restart parlread to read the new text; it stays unread in the inbox"),
                       severity="warning", timeout=10)
            return
        from corpus.api import inbox

        try:
            inbox.mark_read(entry.seq, ids=[entry.record_id])
        except Exception as exc:
            app.notify(printable(f"inbox not updated: {exc}"), severity="error")
            return
        refresh = getattr(app, "refresh_new_marks", None)
        if refresh:
            refresh()

    app.push_screen(InboxScreen(), done)
