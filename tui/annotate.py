"""Tags and notes in the app: tag prompt (t), note editor (a), undo (u),
notes list (A, with the orphans view), tag manager (T).

All user-supplied strings (document text, notes, tag names) are drawn with
``rich.text.Text`` after ``printable`` and every ``notify`` uses
``markup=False``: a tag called ``[bold]x[/]`` shows literally.  Saving
happens inside the dialogs: if the store refuses (read-only, damaged shard),
the dialog stays open with the text and the reason, so nothing typed is lost.
"""

from __future__ import annotations

import re
from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from corpus.safe_text import printable
from tui.rowlist import RowList

# status marks: symbols first (16 colours / NO_COLOR), colour second
STATUS_MARK = {
    "anchored": (" ", ""),
    "reanchored": ("~", "cyan"),
    "manual": ("=", "cyan"),
    "review": ("?", "bold yellow"),
    "ambiguous": ("*", "bold yellow"),
    "orphan": ("!", "bold red"),
}
STATUS_LEGEND = "~ moved  = by hand  ? review  * ambiguous  ! orphan"
COLOUR_NAMES = (
    "red", "green", "yellow", "blue", "magenta", "cyan", "white", "black",
    "bright_red", "bright_green", "bright_yellow", "bright_blue",
    "bright_magenta", "bright_cyan", "bright_white", "bright_black",
)
GROUPS = ("record", "tag", "date")
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


# --------------------------------------------------------------- helpers
def parse_tags(text: str) -> list[str]:
    """Tags typed in one field: comma-separated if there is a comma (so a tag
    may hold spaces), else space-separated.  Duplicates dropped, order kept."""
    parts = text.split(",") if "," in text else text.split()
    out: list[str] = []
    for part in parts:
        tag = " ".join(part.split())
        if tag and tag not in out:
            out.append(tag)
    return out


_QUOTE_CHARS = {"'": "['‘’]", "’": "['‘’]", "‘": "['‘’]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``: exact first, then allowing any run of
    whitespace and straight/curly quote marks to match each other."""
    q = quote.strip()
    if not q:
        return None
    i = text.find(q)
    if i >= 0:
        return i, i + len(q)
    pattern = r"\s+".join("".join(_QUOTE_CHARS.get(c, re.escape(c)) for c in word) for word in q.split())
    m = re.search(pattern, text)
    return m.span() if m else None


def shorten(s: str | None, width: int) -> str:
    s = printable(" ".join((s or "").split()))
    return s if len(s) <= width else s[: max(width - 1, 1)] + "…"


def colour_style(colour: str | None) -> str:
    """A safe Rich style for a stored tag colour (bad values fall back)."""
    from rich.color import Color, ColorParseError

    if colour:
        try:
            Color.parse(colour)
            return colour
        except ColorParseError:
            pass
    return "cyan"


def valid_colour(value: str) -> bool:
    return value in COLOUR_NAMES or re.fullmatch(r"#[0-9a-fA-F]{6}", value) is not None


def tag_text(tags: list[str], colours: dict[str, str] | None = None) -> Text:
    out = Text()
    for i, t in enumerate(tags):
        if i:
            out.append(" ")
        out.append("#" + printable(t), style=colour_style((colours or {}).get(t)))
    return out


class TagSuggester(Suggester):
    """Completes the last tag being typed from the existing tags."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        sep = "," if "," in value else " "
        head, _, last = value.rpartition(sep)
        last_stripped = last.lstrip()
        if not last_stripped:
            return None
        low = last_stripped.casefold()
        for tag in self.tags:
            if tag.casefold().startswith(low) and len(tag) > len(last_stripped):
                return value + tag[len(last_stripped):]
        return None


def _say(app, message: str, severity: str = "information", timeout: float = 4) -> None:
    app.notify(printable(message), severity=severity, timeout=timeout, markup=False)


def writable_store(app):
    """The store if it can take writes, else None (after telling the user why)."""
    store = getattr(app, "store", None)
    if store is None:
        _say(app, "The notes store is not open, so nothing can be saved (see the error shown at start-up).", "error", 8)
        return None
    if store.read_only:
        _say(app, f"The notes store is read-only, nothing saved: {store.read_only_reason}", "error", 8)
        return None
    return store


def readable_store(app):
    store = getattr(app, "store", None)
    if store is None:
        _say(app, "The notes store is not open (see the error shown at start-up).", "error", 8)
    return store


def _log(app, label: str, description: str) -> None:
    log = getattr(app, "_annotation_undo_log", None)
    if log is None:
        log = []
        setattr(app, "_annotation_undo_log", log)
    log.append((label, description))


def _refresh(app) -> None:
    try:
        app.refresh_annotations()
    except Exception:  # markers are cosmetic: never lose a save over them
        pass


def _reader(app):
    from tui.reader import Reader

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


# ------------------------------------------------------------- dialogs
class _Dialog(ModalScreen):
    """Centered box; subclasses fill ``#dialog``."""

    DEFAULT_CSS = """
    _Dialog { align: center middle; }
    _Dialog > #dialog {
        width: 90%; max-width: 100; height: auto; max-height: 100%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    _Dialog .title { text-style: bold; }
    _Dialog .hint { color: $text-muted; }
    _Dialog .error { color: $error; text-style: bold; }
    _Dialog Input { margin: 0; }
    _Dialog .context { max-height: 2; }
    """

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        err = self.query_one("#error", Static)
        err.update(Text("✗ " + printable(message)) if message else Text(""))


class TagPrompt(_Dialog):
    """``t``: tags (and an optional quote narrowing them to a span)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save", show=False)]

    def __init__(self, where: str, value: str, counts: dict[str, int], save: Callable[[list[str], str], str | None],
                 context: str = "") -> None:
        super().__init__()
        self.where, self.value, self.counts, self.save_fn = where, value, counts, save
        self.context = context

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Tag " + self.where), classes="title")
            if self.context:
                yield Static(Text(f"“{shorten(self.context, 200)}”", style="italic"), classes="hint context")
            yield Input(self.value + (" " if self.value else ""), placeholder="tags, separated by spaces (or commas)",
                        id="tags", suggester=TagSuggester(list(self.counts)), select_on_focus=False)
            yield Input(placeholder="quote (optional): an exact phrase from the passage", id="quote")
            yield Static("", id="error", classes="error")
            existing = Text("Existing: ", style="bold")
            if self.counts:
                for i, (tag, n) in enumerate(list(self.counts.items())[:30]):
                    existing.append(("  " if i else "") + f"{printable(tag)} ({n})")
            else:
                existing.append("none yet")
            yield Static(existing, classes="hint")
            yield Static(Text("Enter save · Esc cancel · Tab next field · → accept suggestion"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#tags", Input).border_title = "tags"
        self.query_one("#quote", Input).border_title = "quote (optional)"
        self.query_one("#tags", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        tags = parse_tags(self.query_one("#tags", Input).value)
        quote = self.query_one("#quote", Input).value
        error = self.save_fn(tags, quote)
        if error:
            self.show_error(error)
        else:
            self.dismiss(True)


class NoteEditor(_Dialog):
    """``a`` / ``e``: a note with tags and an optional quote."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]
    DEFAULT_CSS = """
    NoteEditor #note { height: 8; }
    """

    def __init__(self, where: str, note: str, tags: str, quote: str, quote_locked: bool,
                 counts: dict[str, int], save: Callable[[str, list[str], str], str | None], context: str = "") -> None:
        super().__init__()
        self.context = context
        self.where, self.note, self.tags, self.quote = where, note, tags, quote
        self.quote_locked, self.counts, self.save_fn = quote_locked, counts, save
        self._warned = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(("Edit note on " if self.note else "Note on ") + self.where), classes="title")
            if self.context:
                yield Static(Text(f"“{shorten(self.context, 200)}”", style="italic"), classes="hint context")
            yield TextArea(self.note, id="note", soft_wrap=True, show_line_numbers=False)
            yield Input(self.tags, placeholder="tags (optional), separated by spaces (or commas)", id="tags",
                        suggester=TagSuggester(list(self.counts)), select_on_focus=False)
            yield Input(self.quote, placeholder="quote (optional): an exact phrase from the passage", id="quote",
                        disabled=self.quote_locked)
            yield Static("", id="error", classes="error")
            yield Static(Text("ctrl+s save (or Enter in tags/quote) · Esc cancel · Tab next field"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#note", TextArea).border_title = "note"
        self.query_one("#tags", Input).border_title = "tags"
        self.query_one("#quote", Input).border_title = "quote (optional)" if not self.quote_locked else "quote (fixed)"
        self.query_one("#note", TextArea).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        note = self.query_one("#note", TextArea).text
        tags = parse_tags(self.query_one("#tags", Input).value)
        quote = "" if self.quote_locked else self.query_one("#quote", Input).value
        error = self.save_fn(note, tags, quote)
        if error:
            self.show_error(error)
        else:
            self.dismiss(True)

    def action_cancel(self) -> None:
        changed = self.query_one("#note", TextArea).text.strip() != (self.note or "").strip()
        if changed and not self._warned:
            self._warned = True
            self.show_error("The note is not saved: Esc again discards it, ctrl+s saves it.")
            return
        self.dismiss(None)


class Prompt(_Dialog):
    """One-line question; ``check`` returns an error message or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", *, hint: str = "", suggestions: list[str] | None = None,
                 check: Callable[[str], str | None] | None = None) -> None:
        super().__init__()
        self.title_text, self.value, self.hint = title, value, hint
        self.suggestions, self.check = suggestions or [], check

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.title_text), classes="title")
            yield Input(self.value, id="answer", suggester=TagSuggester(self.suggestions) if self.suggestions else None)
            yield Static("", id="error", classes="error")
            yield Static(Text((self.hint + "\n" if self.hint else "") + "Enter OK · Esc cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = " ".join(event.value.split())
        error = self.check(value) if self.check else None
        if error:
            self.show_error(error)
        else:
            self.dismiss(value)


class Confirm(_Dialog):
    BINDINGS = [Binding("y,enter", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.question), classes="title")
            yield Static(Text("y / Enter: yes · n / Esc: no"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class RecordPicker(_Dialog):
    """Choose a record, filtered as you type (the open record first)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]
    DEFAULT_CSS = """
    RecordPicker #picks { height: 12; }
    """
    LIMIT = 300

    def __init__(self, records: list, first: list | None = None, title: str = "Re-attach to which record?") -> None:
        super().__init__()
        self.records = records
        self.first = [r for r in (first or []) if r is not None]
        self.title_text = title
        self.shown: list = []
        self._hay: list[str] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.title_text), classes="title")
            yield Input(placeholder="type to filter by title, people, date…", id="find")
            yield OptionList(id="picks")
            yield Static("", id="error", classes="error")
            yield Static(Text("↑/↓ choose · Enter pick · Esc cancel"), classes="hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#find", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, query: str) -> None:
        from tui.library import filter_records, haystack

        if self._hay is None:
            self._hay = [haystack(r) for r in self.records]
        idx = filter_records(self.records, self._hay, query)
        chosen_ids = {r.id for r in self.first}
        first = [r for r in self.first if all(w in haystack(r) for w in query.casefold().split())]
        rest = [self.records[i] for i in idx if self.records[i].id not in chosen_ids]
        self.shown = (first + rest)[: self.LIMIT]
        options = []
        for r in self.shown:
            t = Text(no_wrap=True, overflow="ellipsis")
            t.append(f"{r.sort_date or 'date unknown':<12} ")
            t.append(printable(r.title or "(untitled)"))
            if r in first:
                t.append("  (suggested)", style="italic")
            options.append(Option(t))
        ol = self.query_one("#picks", OptionList)
        ol.set_options(options)
        if options:
            ol.highlighted = 0
        more = len(first) + len(rest) - len(self.shown)
        self.show_error(f"{more} more — type to narrow" if more > 0 else ("" if options else "no record matches"))

    def action_move(self, step: int) -> None:
        ol = self.query_one("#picks", OptionList)
        if ol.option_count:
            ol.highlighted = max(0, min((ol.highlighted or 0) + step, ol.option_count - 1))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        ol = self.query_one("#picks", OptionList)
        if ol.highlighted is not None and ol.highlighted < len(self.shown):
            self.dismiss(self.shown[ol.highlighted])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.shown[event.option_index])


class PassagePicker(_Dialog):
    """Choose a passage of a record; the best match for ``quote`` is preselected."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "move(1)", show=False),
        Binding("k", "move(-1)", show=False),
    ]
    DEFAULT_CSS = """
    PassagePicker #passages { height: 14; }
    """

    def __init__(self, record, quote: str = "") -> None:
        super().__init__()
        self.record, self.quote = record, quote

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(f"Which passage of “{shorten(self.record.title or '(untitled)', 50)}”?"), classes="title")
            if self.quote:
                yield Static(Text(f"Made on: “{shorten(self.quote, 140)}”", style="italic"))
            yield OptionList(*[Option(Text(f"¶{p.index + 1} {shorten(p.text, 150)}")) for p in self.record.passages], id="passages")
            yield Static("", id="error", classes="error")
            yield Static(Text("j/k/↑/↓ choose · Enter attach here · Esc cancel"), classes="hint")

    def on_mount(self) -> None:
        ol = self.query_one("#passages", OptionList)
        ol.focus()
        if self.record.passages:
            ol.highlighted = best_passage(self.record, self.quote)

    def action_move(self, step: int) -> None:
        ol = self.query_one("#passages", OptionList)
        if ol.option_count:
            ol.highlighted = max(0, min((ol.highlighted or 0) + step, ol.option_count - 1))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.record.passages[event.option_index])


def best_passage(record, quote: str) -> int:
    """Index of the passage most like ``quote`` (0 without a quote)."""
    if not quote or not record.passages:
        return 0
    from rapidfuzz import fuzz

    scores = [fuzz.partial_ratio(quote, p.text) for p in record.passages]
    return max(range(len(scores)), key=lambda i: scores[i])


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
                res = store.tag_passage(record, passage, set_tags=tags)
            else:
                res = store.tag_passage(record, passage, add=tags, span=span)
            if res.action != "unchanged":
                _log(app, res.action, f"tag change on {at}")
            if res.action == "delete":
                _say(app, f"Tags removed from {where} (u undoes)")
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
                store.update(current.id, note=note, tags=tags)
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
                _say(app, f"Note saved on {'a quote in ' if span else ''}{where} (u undoes)")
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
    log = getattr(app, "_annotation_undo_log", [])
    desc = None
    if log and log[-1][0] == label:
        desc = log.pop()[1]
    _say(app, f"Undone: {desc or UNDO_WORDS.get(label or '', label)}")
    _refresh(app)
    return label


# ------------------------------------------------------------- library filter
def set_tag_filter(app, tag: str | None) -> int:
    """Show only records carrying ``tag`` in the library (None: all)."""
    from tui.library import RecordList

    screen = next((s for s in reversed(app.screen_stack) if s.query(RecordList)), None)
    if screen is None:
        return 0
    records = screen.query_one(RecordList)
    if tag is None:
        records.allowed = None
        app._annotation_tag_filter = None
    else:
        records.allowed = set(app.store.records_with_tag(tag)) if app.store else set()
        app._annotation_tag_filter = tag
    records.apply()
    update = getattr(app, "_update_status", None)
    if update:
        try:
            update()
        except Exception:
            pass
    return len(records.view)


def clear_tag_filter(app) -> bool:
    """Clear the tag filter if one is on; True if it was."""
    if getattr(app, "_annotation_tag_filter", None) is None:
        return False
    set_tag_filter(app, None)
    _say(app, "Tag filter cleared: all records shown", timeout=3)
    return True


# ---------------------------------------------------------------- notes list
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
                self.app.call_from_thread(self._show, generation, anns, rows, colours, keep_id)

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
        keys = "Enter open · e edit · d delete · u undo · o group · O all/orphans"
        if self.orphans:
            keys += " · r re-attach · c confirm"
        keys += " · Esc close\n" + STATUS_LEGEND + "  ✎ note  # tags"
        self.query_one("#notes-keys", Static).update(Text(keys))

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
        first = [getattr(app, "open_record_obj", None)] + same_title

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


# --------------------------------------------------------------- tag manager
class TagManager(ModalScreen):
    """``T``: tags with counts and colours; rename, merge, delete, colour, filter."""

    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("r", "rename", "Rename"),
        Binding("m", "merge", "Merge"),
        Binding("x", "delete", "Delete"),
        Binding("c", "colour", "Colour"),
        Binding("u", "undo", "Undo"),
        Binding("j", "move(1)", show=False),
        Binding("k", "move(-1)", show=False),
    ]
    DEFAULT_CSS = """
    TagManager { background: $surface; }
    TagManager #tags-title { height: auto; text-style: bold; padding: 0 1; background: $panel; }
    TagManager #tags-list { height: 1fr; border: none; }
    TagManager #tags-keys { height: auto; color: $text-muted; padding: 0 1; }
    """

    CLEAR = "\0clear"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="tags-title")
        yield OptionList(id="tags-list")
        yield Static(Text("Enter filter library · r rename · m merge · x delete · c colour · u undo · Esc close"), id="tags-keys")

    def on_mount(self) -> None:
        self.populate()
        self.query_one("#tags-list", OptionList).focus()

    @property
    def store(self):
        return self.app.store

    def populate(self, keep: str | None = None) -> None:
        ol = self.query_one("#tags-list", OptionList)
        if keep is None and ol.highlighted is not None and ol.highlighted < len(self.rows):
            keep = self.rows[ol.highlighted]
        counts = self.store.tags()
        colours = self.store.tag_colours()
        options: list[Option] = []
        self.rows = []
        active = getattr(self.app, "_annotation_tag_filter", None)
        if active is not None:
            options.append(Option(Text(f"✕ clear filter (library shows only #{printable(active)})", style="bold")))
            self.rows.append(self.CLEAR)
        width = max((len(printable(t)) for t in counts), default=0)
        for tag, n in counts.items():
            colour = colours.get(tag)
            t = Text()
            t.append("■ ", style=colour_style(colour))
            t.append(printable(tag).ljust(min(width, 40)))
            t.append(f"  {n:>4} annotation{'s' if n != 1 else ''}")
            t.append(f"  {printable(colour) if colour else 'default colour'}", style="dim")
            if tag == active:
                t.append("  ◀ filtering", style="bold")
            options.append(Option(t))
            self.rows.append(tag)
        ol.set_options(options)
        if self.rows:
            ol.highlighted = self.rows.index(keep) if keep in self.rows else 0
        title = Text(f"Tags — {len(counts)}")
        if not counts:
            title.append("  (none yet: press t in the reader to tag a passage)")
        self.query_one("#tags-title", Static).update(title)

    def current(self) -> str | None:
        ol = self.query_one("#tags-list", OptionList)
        i = ol.highlighted
        if i is None or i >= len(self.rows) or self.rows[i] == self.CLEAR:
            return None
        return self.rows[i]

    def action_move(self, step: int) -> None:
        ol = self.query_one("#tags-list", OptionList)
        ol.action_cursor_down() if step > 0 else ol.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.rows[event.option_index]
        self.dismiss(("clear", None) if row == self.CLEAR else ("filter", row))

    def _run(self, what: str, fn: Callable[[], int], label: str, description: str, keep: str | None = None) -> None:
        from annotations import StoreError

        try:
            n = fn()
        except (StoreError, ValueError) as exc:
            _say(self.app, f"{what} failed: {exc}", "error", 8)
            return
        if n:
            _log(self.app, label, description)
        _say(self.app, f"{description[0].upper()}{description[1:]}: {n} annotation{'s' if n != 1 else ''} changed" + (" (u undoes)" if n else ""))
        _refresh(self.app)
        self.populate(keep)

    def action_rename(self) -> None:
        tag = self.current()
        if tag is None or writable_store(self.app) is None:
            return

        def done(new: str | None) -> None:
            if new and new != tag:
                merged = new in self.store.tags()
                self._run("Rename", lambda: self.store.rename_tag(tag, new), "rename tag",
                          f"{'merge' if merged else 'rename'} of #{tag} into #{new}", new)

        self.app.push_screen(Prompt(f"Rename #{printable(tag)} to:", tag, hint="an existing name merges the two tags",
                                    check=lambda v: None if v else "a tag cannot be empty"), done)

    def action_merge(self) -> None:
        tag = self.current()
        if tag is None or writable_store(self.app) is None:
            return
        others = [t for t in self.store.tags() if t != tag]

        def check(v: str) -> str | None:
            if not v:
                return "type the tag to merge into"
            if v == tag:
                return "that is the same tag"
            return None

        def done(into: str | None) -> None:
            if into:
                self._run("Merge", lambda: self.store.merge_tags([tag], into), "merge tags", f"merge of #{tag} into #{into}", into)

        hint = "existing: " + ", ".join(printable(t) for t in others[:12]) if others else "no other tags yet"
        self.app.push_screen(Prompt(f"Merge #{printable(tag)} into which tag?", hint=hint, suggestions=others, check=check), done)

    def action_delete(self) -> None:
        tag = self.current()
        if tag is None or writable_store(self.app) is None:
            return
        n = self.store.tags().get(tag, 0)

        def done(yes: bool | None) -> None:
            if yes:
                self._run("Delete", lambda: self.store.delete_tag(tag), "delete tag", f"removal of #{tag}")

        self.app.push_screen(Confirm(f"Remove #{printable(tag)} from {n} annotation{'s' if n != 1 else ''}? The annotations and notes are kept."), done)

    def action_colour(self) -> None:
        tag = self.current()
        if tag is None or writable_store(self.app) is None:
            return
        current = self.store.tag_colours().get(tag, "")

        def check(v: str) -> str | None:
            return None if not v or valid_colour(v) else f"not a colour: use one of the names below or #rrggbb"

        def done(value: str | None) -> None:
            if value is None:
                return
            from annotations import StoreError

            try:
                self.store.set_tag_colour(tag, value or None)
            except (StoreError, ValueError) as exc:
                _say(self.app, f"Colour not saved: {exc}", "error", 8)
                return
            _say(self.app, f"#{tag} colour: {value or 'default'}")
            _refresh(self.app)
            self.populate(tag)

        self.app.push_screen(Prompt(f"Colour for #{printable(tag)}:", current, hint=" ".join(COLOUR_NAMES) + "  or #rrggbb; empty for the default",
                                    suggestions=list(COLOUR_NAMES), check=check), done)

    def action_undo(self) -> None:
        if undo_last(self.app):
            self.populate()


def show_tag_manager(app) -> None:
    """``T``: the tag manager; Enter filters the library by the tag."""
    store = readable_store(app)
    if store is None:
        return

    def done(result) -> None:
        if not result:
            return
        kind, tag = result
        if kind == "clear":
            clear_tag_filter(app)
            return
        n = set_tag_filter(app, tag)
        _say(app, f"Library: {n} record{'s' if n != 1 else ''} tagged #{tag} — Esc in the library (or T → clear filter) shows all", timeout=6)
        try:
            app.action_back()
        except Exception:
            pass

    app.push_screen(TagManager(), done)
