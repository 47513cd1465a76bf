"""Tag and note actions of the main screen: tag (t), note (a), undo (u), tag filter.

The notes list (A) is ``tui/screens/notes.py``, the tag manager (T)
``tui/screens/tags.py``, the dialogs ``tui/dialogs.py``.

All user-supplied strings (document text, notes, tag names) are drawn with
``rich.text.Text`` after ``printable`` and every ``notify`` uses
``markup=False``: a tag called ``[bold]x[/]`` shows literally.  Saving
happens inside the dialogs: if the store refuses (read-only, damaged shard),
the dialog stays open with the text and the reason, so nothing typed is lost.
"""

from __future__ import annotations

from typing import Callable


from corpus.safe_text import printable
from annotations.parse import find_quote
from tui.dialogs import NoteEditor, TagPrompt
from tui.widgets.tags import shorten

UNDO_WORDS = {
    "add": "new annotation",
    "edit": "edit",
    "delete": "deletion",
    "rename tag": "tag rename",
    "merge tags": "tag merge",
    "delete tag": "tag removal",
    "reattach": "re-attachment",
    "confirm": "confirmation",
}


def _say(app, message: str, severity: str = "information", timeout: float = 4) -> None:
    app.notify(printable(message), severity=severity, timeout=timeout, markup=False)


def _undo_hint(app) -> str:
    """Where ``u`` undoes: on the library/reader only (the collation's ``u`` unifies quotes)."""
    from textual.screen import ModalScreen

    under = next((s for s in reversed(app.screen_stack) if not isinstance(s, ModalScreen)), None)
    return " (u undoes)" if under is getattr(app, "main_screen", None) else " (u in the library undoes)"


def writable_store(app):
    """The store if it can take writes, else None (after telling the user why)."""
    store = app.store
    if store is None:
        _say(app, "The notes store is not open, so nothing can be saved (see the error shown at start-up).", "error", 8)
        return None
    if store.read_only:
        _say(app, f"The notes store is read-only, nothing saved: {store.read_only_reason}", "error", 8)
        return None
    return store


def readable_store(app):
    store = app.store
    if store is None:
        _say(app, "The notes store is not open (see the error shown at start-up).", "error", 8)
    return store


def _log(app, label: str, description: str) -> None:
    app.session.undo_log.append((label, description))


def _refresh(app) -> None:
    try:
        app.refresh_annotations()
    except Exception:  # markers are cosmetic: never lose a save over them
        pass


def _reader(app):
    from tui.widgets.reader import Reader

    try:
        return app.screen.query_one(Reader)
    except Exception:
        for screen in reversed(app.screen_stack):
            try:
                return screen.query_one(Reader)
            except Exception:
                continue
    return None


def _where(record, passage) -> str:
    title = shorten(record.title or "(untitled)", 40) if record is not None else "(record not loaded)"
    return f"“{title}” ¶{passage.index + 1}" if passage is not None else f"“{title}”"


def _mine(store, passage_id: str, *, whole: bool | None = None, noted: bool = False):
    out = []
    for a in store.for_passage(passage_id):
        if a.author != store.author:
            continue
        if whole is not None and a.whole_passage != whole:
            continue
        if noted and not a.note:
            continue
        out.append(a)
    return out


# ----------------------------------------------------------- tag/note actions
def _span_for(passage, quote: str) -> tuple[tuple[int, int] | None, str | None]:
    """(span, error) for an optional quote in the passage."""
    if not quote.strip():
        return None, None
    span = find_quote(passage.text, quote)
    if span is None:
        return None, f"“{shorten(quote, 60)}” is not in this passage — nothing saved (copy the exact words, or leave the quote empty)"
    return span, None


def tag_passage(app) -> None:
    """``t``: tag the passage under the reader cursor."""
    reader = _reader(app)
    record = reader.record if reader else None
    passage = reader.current_passage if reader else None
    if record is None or passage is None:
        _say(app, "Open a record first (Enter in the library), then press t on a passage.", "warning")
        return
    store = writable_store(app)
    if store is None:
        return
    current = store.tag_target(passage.id)
    where = _where(record, passage)

    def save(tags: list[str], quote: str) -> str | None:
        from annotations import StoreError

        span, error = _span_for(passage, quote)
        if error:
            _say(app, error, "warning")
            return error
        if not tags and (span is not None or current is None):
            return "type at least one tag"
        at = f"{'a quote in ' if span else ''}{where}"
        try:
            # the one tagging rule (annotations.tagging): whole passage → set its tags; a quote → add
            if span is None:
                shown = list(current.tags) if current else []  # as the prompt showed them: keep other sessions' changes
                res = store.tag_passage(record, passage, add=[t for t in tags if t not in shown], remove=[t for t in shown if t not in tags])
            else:
                res = store.tag_passage(record, passage, add=tags, span=span)
            if res.action != "unchanged":
                _log(app, res.action, f"tag change on {at}")
            if res.action == "delete":
                _say(app, f"Tags removed from {where}{_undo_hint(app)}")
            else:
                _say(app, f"Tagged {at}: " + " ".join("#" + t for t in (res.annotation.tags if res.annotation else tags)))
        except (StoreError, ValueError) as exc:
            _say(app, f"Not saved: {exc}", "error", 8)
            return f"Not saved: {exc}"
        _refresh(app)
        return None

    app.push_screen(TagPrompt(where, " ".join(current.tags) if current else "", store.tags(), save, passage.text))


def edit_note(app, record, passage, current=None, on_done: Callable[[], None] | None = None) -> None:
    """Open the note editor for ``current`` (an Annotation) or a new note on ``passage``."""
    store = writable_store(app)
    if store is None:
        return
    where = _where(record, passage) if current is None or record is not None else f"“{shorten(current.title or '(untitled)', 40)}”"
    quote = "" if current is None or current.whole_passage else current.quote

    def save(note: str, tags: list[str], quote_text: str) -> str | None:
        from annotations import StoreError

        try:
            if current is not None:
                if not note.strip() and not tags:
                    return "the note and tags are both empty — to delete it use d in the notes list (A)"
                shown = list(current.tags)  # the editor's changes to the tags, on the tags as stored NOW
                store.update(current.id, note=note, add_tags=[t for t in tags if t not in shown], remove_tags=[t for t in shown if t not in tags], if_note=current.note)
                _log(app, "edit", f"note edit on {where}")
                _say(app, f"Note saved on {where}")
            else:
                span, error = _span_for(passage, quote_text)
                if error:
                    _say(app, error, "warning")
                    return error
                if not note.strip():
                    return "the note is empty — type something, or Esc to cancel"
                store.add(record, passage, tags=tags, note=note, span=span)
                _log(app, "add", f"note on {'a quote in ' if span else ''}{where}")
                _say(app, f"Note saved on {'a quote in ' if span else ''}{where}{_undo_hint(app)}")
        except (StoreError, ValueError) as exc:
            _say(app, f"Not saved: {exc}", "error", 8)
            return f"Not saved: {exc}"
        _refresh(app)
        return None

    screen = NoteEditor(where, current.note or "" if current else "", " ".join(current.tags) if current else "",
                        quote, current is not None, store.tags(), save,
                        passage.text if passage is not None else (current.quote if current else ""))
    app.push_screen(screen, (lambda _r: on_done()) if on_done else None)


def note_passage(app) -> None:
    """``a``: write a note on the passage under the cursor, or edit mine."""
    reader = _reader(app)
    record = reader.record if reader else None
    passage = reader.current_passage if reader else None
    if record is None or passage is None:
        _say(app, "Open a record first (Enter in the library), then press a on a passage.", "warning")
        return
    store = writable_store(app)
    if store is None:
        return
    mine = _mine(store, passage.id, noted=True)
    mine.sort(key=lambda a: not a.whole_passage)
    edit_note(app, record, passage, mine[0] if mine else None)


def undo_last(app) -> str | None:
    """``u``: undo the last annotation change made in this session."""
    from annotations import StoreError

    store = writable_store(app)
    if store is None:
        return None
    if not store.can_undo:
        _say(app, "Nothing to undo (only changes made in this session can be undone)", "warning")
        return None
    try:
        label = store.undo()
    except StoreError as exc:
        _say(app, f"Undo failed: {exc}", "error", 8)
        return None
    log = app.session.undo_log
    desc = None
    if log and log[-1][0] == label:
        desc = log.pop()[1]
    _say(app, f"Undone: {desc or UNDO_WORDS.get(label or '', label)}")
    _refresh(app)
    return label


# ------------------------------------------------------------- library filter
def set_tag_filter(app, tag: str | None, then=None) -> int:
    """Show only records carrying ``tag`` in the library (None: all). ``then(rows)`` is called
    once the filtered view is on screen (a big library filters in a worker: the count returned
    is the old view's until then)."""
    from tui.widgets.library import RecordList

    screen = next((s for s in reversed(app.screen_stack) if s.query(RecordList)), None)
    if screen is None:
        return 0
    records = screen.query_one(RecordList)
    if tag is None:
        records.set_filter(records.filter.with_tag(None))
    else:
        records.set_filter(records.filter.with_tag(tag, app.store.records_with_tag(tag) if app.store else ()))
    try:
        app._update_status()
    except Exception:  # the status line is cosmetic: the filter is applied
        pass
    if then is not None:
        records.when_view(then)
    return len(records.view)


def clear_tag_filter(app) -> bool:
    """Clear the tag filter if one is on; True if it was."""
    if app.library_view.tag is None:
        return False
    set_tag_filter(app, None)
    _say(app, "Tag filter cleared: all records shown", timeout=3)
    return True


