"""The tag manager screen (T): tags with counts and colours; rename, merge, delete, colour, filter."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from corpus.safe_text import printable
from tui.annotate import _log, _refresh, _say, clear_tag_filter, readable_store, set_tag_filter, undo_last, writable_store
from tui.dialogs import Confirm, Prompt
from tui.widgets.tags import COLOUR_NAMES, colour_style, valid_colour


class TagManager(ModalScreen):
    """``T``: tags with counts and colours; rename, merge, delete, colour, filter."""

    HELP_TITLE = "Tag manager"

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
        yield Static(Text("Enter filters the library by the tag · ? all keys"), id="tags-keys")
        yield Footer()  # the keys, from the live bindings

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
        active = self.app.library_view.tag
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
            return None if not v or valid_colour(v) else "not a colour: use one of the names below or #rrggbb"

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
        def say(n: int) -> None:  # once the filtered view is on screen (a worker at 20,000+ records)
            _say(app, f"Library: {n} record{'s' if n != 1 else ''} tagged #{tag} · Esc (or T) shows all", timeout=6)

        set_tag_filter(app, tag, then=say)
        try:
            app.action_back()
        except Exception:
            pass

    app.push_screen(TagManager(), done)
