"""The notes list screen (A, with the orphans view) and its row list."""

from __future__ import annotations


from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from corpus.safe_text import printable
from tui.widgets.rowlist import RowList
from annotations.parse import find_quote
from tui.annotate import _log, _reader, _refresh, _say, _where, edit_note, readable_store, undo_last, writable_store
from tui.dialogs import Confirm, PassagePicker, RecordPicker
from tui.widgets.tags import STATUS_LEGEND, STATUS_MARK, shorten, tag_text


GROUPS = ("record", "tag", "date")
WORKER_THRESHOLD = 2000  # more annotations than this: the rows are built in a thread worker


class _Head:
    """A group heading row of the notes list: ``title`` is shortened to fit, ``suffix`` always shows."""

    __slots__ = ("title", "suffix")

    def __init__(self, title: str, suffix: str) -> None:
        self.title, self.suffix = title, suffix


def build_note_rows(anns: list, group: str) -> list:
    """The notes list rows: a ``_Head`` before each group, then its annotations.
    Pure (no widgets), so it can run in a thread worker."""
    groups: dict[str, list] = {}
    if group == "tag":
        for a in anns:
            for t in a.tags or ["(no tags)"]:
                groups.setdefault("#" + t if a.tags else t, []).append(a)
        heads = sorted(groups, key=lambda h: (h == "(no tags)", h.casefold()))
    elif group == "date":
        for a in sorted(anns, key=lambda a: a.created, reverse=True):
            groups.setdefault("made " + (a.created[:10] or "date unknown"), []).append(a)
        heads = list(groups)
    else:
        for a in anns:
            groups.setdefault(a.record_id, []).append(a)
        heads = sorted(groups, key=lambda rid: ((groups[rid][0].title or "\uffff").casefold(), rid))
    rows: list = []
    for head in heads:
        items = groups[head]
        if group == "record":
            a0 = items[0]
            rows.append(_Head(a0.title or "(untitled)", f" · {a0.date or 'date unknown'} ({len(items)})"))
        else:
            rows.append(_Head(head, f" ({len(items)})"))
        rows.extend(items)
    return rows


class NotesList(RowList):
    """The notes list: two lines per row (Line API, rendered lazily).

    A heading is a blank line then the group name; an annotation is its status
    mark, kind (✎ note / # tags), where, when and tags, then the note and the
    quote.  Every string is drawn as plain text (``printable``), never markup."""

    HELP_TITLE = "Notes list"

    LINES_PER_ROW = 2
    DEFAULT_CSS = """
    NotesList { background: $surface; height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list = []
        self.group = "record"
        self.orphans = False
        self.colours: dict[str, str] = {}

    def set_rows(self, rows: list, group: str, orphans: bool, colours: dict[str, str], keep_id: str | None = None) -> None:
        self.rows, self.group, self.orphans, self.colours = rows, group, orphans, colours
        self.placeholder = None
        target = next((i for i, a in enumerate(rows) if not isinstance(a, _Head) and a.id == keep_id), None) if keep_id else None
        if target is None and keep_id and rows:
            # the kept annotation is gone (deleted): stay where the cursor was, not back at the top
            previous = min(self.cursor, len(rows) - 1)
            target = next((i for i in range(previous, len(rows)) if self.selectable(i)), None)
            if target is None:
                target = next((i for i in range(previous, -1, -1) if self.selectable(i)), None)
        self.set_row_count(len(rows), target)

    @property
    def current(self):
        return self.rows[self.cursor] if self.has_current else None

    def selectable(self, index: int) -> bool:
        return 0 <= index < len(self.rows) and not isinstance(self.rows[index], _Head)

    def render_row_line(self, index: int, part: int, width: int, selected: bool) -> Text:
        row = self.rows[index]
        if isinstance(row, _Head):
            if part == 0:
                return Text("")
            title = shorten(row.title, max(width - len(row.suffix) - 1, 10))
            return Text(title + printable(row.suffix), style="bold underline")
        a = row
        mark, style = STATUS_MARK.get(a.status, ("!", "bold red"))
        t = Text()
        if part == 0:
            t.append(mark, style=style)
            t.append("✎ " if a.note else "# ", style="bold magenta" if a.note else "bold cyan")
            if self.group != "record":
                t.append(shorten(a.title or "(untitled)", max(width - 30, 10)))
                t.append(f" · {a.date or 'date unknown'}", style="dim")
            else:
                t.append("whole passage" if a.whole_passage else "quote", style="dim")
            t.append(f" · made {a.created[:10]}", style="dim")
            if self.orphans:
                t.append(f" · {a.status.upper()}", style=style)
            if a.tags:
                t.append("  ")
                t.append_text(tag_text(a.tags, self.colours))
            return t
        t.append("   ")
        if a.note:
            t.append(shorten(a.note, width))
            t.append(" — ", style="dim")
        quote = a.original_quote if self.orphans else a.quote
        t.append("“" + shorten(quote, width) + "”", style="italic")
        return t


class NotesScreen(ModalScreen):
    """``A``: every annotation (or the orphans), grouped by record, tag or date."""

    HELP_TITLE = "Notes list"

    class _RowsBuilt(Message):
        """The rows worker's result (private to the screen)."""

        bubble = False

        def __init__(self, generation: int, anns: list, rows: list, colours: dict, keep_id) -> None:
            self.args = (generation, anns, rows, colours, keep_id)
            super().__init__()

    @on(_RowsBuilt)
    def _rows_built(self, message: _RowsBuilt) -> None:
        self._show(*message.args)

    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("o", "group", "Group by"),
        Binding("O", "orphans", "Orphans"),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("r", "reattach", "Re-attach"),
        Binding("c", "confirm", "Confirm", show=False),
        Binding("u", "undo", "Undo"),
    ]
    DEFAULT_CSS = """
    NotesScreen { background: $surface; }
    NotesScreen #notes-title { height: auto; text-style: bold; padding: 0 1; background: $panel; }
    NotesScreen #notes-list { height: 1fr; }
    NotesScreen #notes-keys { height: auto; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, group: str = "record", orphans: bool = False) -> None:
        super().__init__()
        self.group = group
        self.orphans = orphans
        self.loading_rows = False
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="notes-title")
        yield NotesList(id="notes-list")
        yield Static("", id="notes-keys")
        yield Footer()  # the keys, from the live bindings

    def on_mount(self) -> None:
        self.populate()
        self.query_one(NotesList).focus()

    @property
    def store(self):
        return self.app.store

    @property
    def rows(self) -> list:
        """The list's rows: an Annotation, or None for a group heading."""
        return [None if isinstance(r, _Head) else r for r in self.query_one(NotesList).rows]

    def populate(self, keep_id: str | None = None) -> None:
        """(Re)build the rows for the current view; in a thread worker when
        there are many annotations ("Loading N notes…" meanwhile)."""
        notes = self.query_one(NotesList)
        if keep_id is None and notes.current is not None:
            keep_id = notes.current.id
        self._generation += 1
        generation, group, orphans, store = self._generation, self.group, self.orphans, self.store
        n = len(store)
        if n <= WORKER_THRESHOLD:
            anns = store.orphans() if orphans else store.all()
            self._show(generation, anns, build_note_rows(anns, group), store.tag_colours(), keep_id)
            return
        self.loading_rows = True  # the keys act on nothing until the new rows are in
        if notes.rows and (group, orphans) == (notes.group, notes.orphans):
            message = f"Updating {n:,} notes…"  # after an edit/delete/undo: the old rows stay meanwhile
        else:
            message = f"Loading {n:,} notes…"
            notes.placeholder = message
            notes.rows = []
            notes.set_row_count(0)
        self.query_one("#notes-title", Static).update(Text(message))
        self._update_keys()

        def build() -> None:
            from textual.worker import get_current_worker

            anns = store.orphans() if orphans else store.all()
            rows = build_note_rows(anns, group)
            colours = store.tag_colours()
            if not get_current_worker().is_cancelled:
                self.post_message(self._RowsBuilt(generation, anns, rows, colours, keep_id))

        self.run_worker(build, thread=True, exclusive=True, group="notes-rows", exit_on_error=False)

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.worker.group == "notes-rows" and event.state == WorkerState.ERROR and self.loading_rows:
            self.loading_rows = False
            notes = self.query_one(NotesList)
            notes.placeholder = "The notes could not be listed (see the message); Esc closes"
            notes.refresh()
            _say(self.app, f"Notes list failed: {event.worker.error}", "error", 8)

    def _show(self, generation: int, anns: list, rows: list, colours: dict[str, str], keep_id: str | None) -> None:
        if generation != self._generation or not self.is_attached:
            return  # a newer view was asked for meanwhile
        self.loading_rows = False
        self.query_one(NotesList).set_rows(rows, self.group, self.orphans, colours, keep_id)
        n = len(anns)
        view = "Orphans & needs review" if self.orphans else "Notes and tags"
        title = Text(f"{view} — {n} annotation{'s' if n != 1 else ''}, by {self.group}")
        if not anns:
            title.append("  (none" + (": every annotation is anchored)" if self.orphans else " yet: t tags, a writes a note)"))
        elif not self.orphans:
            problems = sum(1 for a in anns if a.status in ("orphan", "ambiguous", "review"))
            if problems:
                title.append(f"  · {problems} need{'s' if problems == 1 else ''} attention: O", style="bold")
        self.query_one("#notes-title", Static).update(title)
        self._update_keys()

    def _update_keys(self) -> None:
        # the keys are in the footer (live bindings); this line is the legend
        keys = "Enter opens the note's passage · ? all keys\n" if not self.orphans else "Enter opens · r re-attach · c confirm · ? all keys\n"
        self.query_one("#notes-keys", Static).update(Text(keys + STATUS_LEGEND + "  ✎ note  # tags"))

    def current(self):
        if self.loading_rows:
            return None
        return self.query_one(NotesList).current

    def action_close(self) -> None:
        self.dismiss(None)

    def action_group(self) -> None:
        self.group = GROUPS[(GROUPS.index(self.group) + 1) % len(GROUPS)]
        self.populate()

    def action_orphans(self) -> None:
        self.orphans = not self.orphans
        self.populate()

    def on_row_list_chosen(self, event: RowList.Chosen) -> None:
        event.stop()
        a = self.current()
        if a is None:
            return
        record = self.app.corpus.record(a.record_id)
        if record is None:
            _say(self.app, "This annotation's record is not in the loaded corpus — press r in the orphans view (O) to re-attach it", "warning", 6)
            return
        self.dismiss(("open", a.id))

    def action_edit(self) -> None:
        a = self.current()
        if a is None:
            return
        record = self.app.corpus.record(a.record_id)
        passage = record.passage(a.passage_id) if record is not None and a.passage_id else None
        edit_note(self.app, record, passage, a, on_done=lambda: self.populate(a.id))

    def action_delete(self) -> None:
        a = self.current()
        if a is None or writable_store(self.app) is None:
            return
        what = "note" if a.note else "tags"
        q = f"Delete this {what} on “{shorten(a.title or '(untitled)', 40)}”? (u undoes it in this session)"

        def done(yes: bool | None) -> None:
            if not yes:
                return
            from annotations import StoreError

            try:
                self.store.delete(a.id)
            except StoreError as exc:
                _say(self.app, f"Not deleted: {exc}", "error", 8)
                return
            _log(self.app, "delete", f"deletion of the {what} on “{shorten(a.title or '(untitled)', 40)}”")
            _say(self.app, f"Deleted the {what} (u undoes)")
            _refresh(self.app)
            self.populate()

        self.app.push_screen(Confirm(q), done)

    def action_undo(self) -> None:
        if undo_last(self.app):
            self.populate()

    def action_confirm(self) -> None:
        a = self.current()
        if a is None or writable_store(self.app) is None:
            return
        if a.status != "review":
            _say(self.app, "Only a 'review' anchor can be confirmed; re-attach others with r", "warning")
            return
        from annotations import StoreError

        try:
            self.store.confirm(a.id)
        except StoreError as exc:
            _say(self.app, f"Not confirmed: {exc}", "error", 8)
            return
        _log(self.app, "confirm", "confirmation of an anchor")
        _say(self.app, "Anchor confirmed")
        _refresh(self.app)
        self.populate()

    def action_reattach(self) -> None:
        if not self.orphans:
            _say(self.app, "Re-attach works in the orphans view: press O first", "warning")
            return
        a = self.current()
        if a is None or writable_store(self.app) is None:
            return
        app = self.app
        same_title = [r for r in app.corpus.records if a.title and r.title == a.title][:5]
        first = [app.open_record_obj] + same_title

        def picked_passage(passage, record) -> None:
            if passage is None:
                return
            from annotations import StoreError

            # a quote made on part of a passage is re-attached to the same words when they are there
            span = None if a.whole_passage else find_quote(passage.text, a.original_quote)
            try:
                self.store.reattach(a.id, record, passage, span)
            except StoreError as exc:
                _say(app, f"Not re-attached: {exc}", "error", 8)
                return
            what = "the same words in " if span else ""
            _log(app, "reattach", f"re-attachment to {what}{_where(record, passage)}")
            _say(app, f"Re-attached to {what}{_where(record, passage)} (u undoes)")
            _refresh(app)
            self.populate()

        def picked_record(record) -> None:
            if record is None:
                return
            app.push_screen(PassagePicker(record, a.original_quote), lambda p: picked_passage(p, record))

        app.push_screen(RecordPicker(app.corpus.records, first), picked_record)


def show_notes(app, *, orphans: bool = False) -> None:
    """``A``: the notes list; Enter opens the record at the passage."""
    store = readable_store(app)
    if store is None:
        return

    def done(result) -> None:
        if not result:
            return
        _, ann_id = result
        a = store.get(ann_id)
        record = app.corpus.record(a.record_id) if a else None
        if record is None:
            return
        app.open_record(record, a.passage_id)
        passage = record.passage(a.passage_id) if a.passage_id else None
        reader = _reader(app)
        if passage is not None and reader is not None and not a.whole_passage and a.start is not None:
            reader.set_highlights(passage.id, [(a.start - passage.start, a.end - passage.start)])

    app.push_screen(NotesScreen(orphans=orphans), done)
