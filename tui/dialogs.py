"""Small modal dialogs shared by screens: tag prompt, note editor, prompt, confirm, record and passage pickers."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from corpus.safe_text import printable
from annotations.parse import best_passage, parse_tags
from tui.widgets.tags import TagSuggester, shorten


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

    def on_key(self, event) -> None:
        """A letter typed in the instant before the dialog's field had focus
        reaches the screen itself: it goes into the first field, never lost."""
        from textual.widgets import TextArea

        if not event.is_printable or not event.character:
            return
        if self.focused is not None and not isinstance(self.focused, (Input, TextArea)):
            return  # a button or list has focus: its keys are its own
        fields = [w for w in self.query("Input, TextArea") if w.display]
        if not fields:
            return
        from tui.widgets.fields import type_into

        type_into(self, self.focused if self.focused in fields else fields[0], event.character)
        event.stop()
        event.prevent_default()

    def show_error(self, message: str) -> None:
        err = self.query_one("#error", Static)
        err.update(Text("✗ " + printable(message)) if message else Text(""))


class TagPrompt(_Dialog):
    """``t``: tags (and an optional quote narrowing them to a span)."""

    HELP_TITLE = "Tag the passage"

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

    HELP_TITLE = "Note on the passage"

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
        from corpus.filters import filter_records, haystack

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
