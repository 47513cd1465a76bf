"""The versions screen (v): other versions of one record with similarity and coverage."""

from __future__ import annotations


from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static

from corpus.model import Record
from corpus.safe_text import printable


class VersionsScreen(ModalScreen["Record | str | None"]):
    """Versions of one record: similarity and coverage; Enter compares, a collates the whole group."""

    HELP_TITLE = "Versions"

    BINDINGS = [Binding("escape,q", "dismiss(None)", "Close"), Binding("a", "collate", "Collate all")]
    DEFAULT_CSS = """
    VersionsScreen { align: center middle; }
    VersionsScreen > #versions-box { width: 90%; max-width: 110; height: auto; max-height: 80%;
        border: round $accent; background: $panel; padding: 0 1; }
    VersionsScreen OptionList { height: auto; max-height: 20; }
    """

    def __init__(self, record: Record, rows: list[tuple[Record, object]], group: list[Record] | None = None) -> None:
        super().__init__()
        self.record = record
        self.rows = rows
        # every version of the text (the whole connected group), for collation
        self.group = group or [record] + [other for other, _ in rows]

    def compose(self):
        from textual.containers import Vertical

        with Vertical(id="versions-box"):
            head = Text("Versions of: ", style="bold")
            head.append(printable(self.record.title or "(untitled)"))
            head.append("\nEnter compares side by side; a collates every version at once; Esc closes.", style="italic")
            yield Static(head, markup=False)
            from textual.widgets.option_list import Option

            options = []
            for i, (other, pair) in enumerate(self.rows):
                t = Text()
                t.append(f"{pair.similarity:.0%} similar", style="bold")
                t.append(f" · this covered {pair.covered(self.record.id):.0%} · other covered {pair.covered(other.id):.0%} · {pair.kind}")
                if pair.kind == "part":
                    mine, theirs = pair.covered(self.record.id), pair.covered(other.id)
                    t.append(" (this is a partial copy)" if mine > theirs else " (the other is a partial copy)", style="bold")
                t.append("\n")
                t.append(f"  {other.sort_date or 'date unknown'}  {printable(other.title or '(untitled)')}")
                if other.source:
                    t.append(f"  [{printable(other.source)}]", style="italic")
                options.append((t, str(i)))
            if len(self.group) >= 2:  # last, so Enter on the first row still compares the closest version
                t = Text(f"Collate all {len(self.group)} versions at once (a)", style="bold")
                linked = len(self.group) - 1 - len(self.rows)
                if linked > 0:
                    t.append(f" — {linked} more linked through the others", style="italic")
                options.append((t, "collate"))
            if options:
                self._prompts = [t for t, _ in options]
                yield OptionList(*(Option(self._marked(i, False), id=oid) for i, (_, oid) in enumerate(options)),
                                 id="versions-list")
            else:
                yield Static("No other version of this record was found in the corpus. "
                             "Press c on two records to compare any pair.", markup=False)
        yield Footer()  # its own keys (not the library's, under the dialog)

    _prompts: list = []
    _marked_at: int | None = None

    def _marked(self, i: int, on: bool) -> Text:
        """Option ``i``'s prompt with the cursor mark: ``▶`` — a symbol, not a shade, so NO_COLOR shows it."""
        t = Text("▶ " if on else "  ", style="bold")
        t.append_text(self._prompts[i])
        return t

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        ol = event.option_list
        if self._marked_at is not None and self._marked_at < ol.option_count:
            ol.replace_option_prompt_at_index(self._marked_at, self._marked(self._marked_at, False))
        self._marked_at = event.option_index
        ol.replace_option_prompt_at_index(event.option_index, self._marked(event.option_index, True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "collate":
            self.action_collate()
            return
        self.dismiss(self.rows[int(event.option.id)][0])

    def action_collate(self) -> None:
        """Collate every version of the text at once (the whole group)."""
        if len(self.group) >= 2:
            self.dismiss("collate")
        else:
            self.notify("Only this version is known: nothing to collate", timeout=3)
