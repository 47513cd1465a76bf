"""The versions screen (v): other versions of one record with similarity and coverage."""

from __future__ import annotations


from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from corpus.model import Record
from corpus.safe_text import printable


class VersionsScreen(ModalScreen["Record | None"]):
    """Versions of one record: similarity and coverage; Enter compares."""

    HELP_TITLE = "Versions"

    BINDINGS = [Binding("escape,q", "dismiss(None)", "Close")]
    DEFAULT_CSS = """
    VersionsScreen { align: center middle; }
    VersionsScreen > #versions-box { width: 90%; max-width: 110; height: auto; max-height: 80%;
        border: round $accent; background: $panel; padding: 0 1; }
    VersionsScreen OptionList { height: auto; max-height: 20; }
    """

    def __init__(self, record: Record, rows: list[tuple[Record, object]]) -> None:
        super().__init__()
        self.record = record
        self.rows = rows

    def compose(self):
        from textual.containers import Vertical

        with Vertical(id="versions-box"):
            head = Text("Versions of: ", style="bold")
            head.append(printable(self.record.title or "(untitled)"))
            head.append("\nEnter compares side by side; Esc closes.", style="italic")
            yield Static(head, markup=False)
            from textual.widgets.option_list import Option

            options = []
            for i, (other, pair) in enumerate(self.rows):
                t = Text()
                t.append(f"{pair.similarity:5.0%} similar", style="bold")
                t.append(f" · this covered {pair.covered(self.record.id):.0%} · other covered {pair.covered(other.id):.0%} · {pair.kind}\n")
                t.append(f"  {other.sort_date or 'date unknown'}  {printable(other.title or '(untitled)')}")
                if other.source:
                    t.append(f"  [{printable(other.source)}]", style="italic")
                options.append(Option(t, id=str(i)))
            if options:
                yield OptionList(*options, id="versions-list")
            else:
                yield Static("No other version of this record was found in the corpus. "
                             "Press c on two records to compare any pair.", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.rows[int(event.option.id)][0])
