"""Margin markers for annotated passages and library rows.

Symbols first, colour second, so they read in 16 colours and with NO_COLOR:
``✎`` a note, ``#`` tags only, ``?`` an anchor that needs review.
"""

from __future__ import annotations

from typing import Callable

from corpus.model import Passage, Record
from tui.widgets.tags import colour_style

NOTE_MARK = "✎"
TAG_MARK = "#"
REVIEW_MARK = "?"


def margin_for(store, record: Record | None) -> Callable[[Passage], tuple[str, str] | None] | None:
    if record is None or store is None:
        return None
    by_passage: dict[str, list] = {}
    for ann in store.for_record(record.id):
        if ann.passage_id:
            by_passage.setdefault(ann.passage_id, []).append(ann)
    colours = store.tag_colours()

    def margin(p: Passage) -> tuple[str, str] | None:
        anns = by_passage.get(p.id)
        if not anns:
            return None
        if any(a.status in ("review", "ambiguous") for a in anns):
            return REVIEW_MARK, "bold yellow"
        if any(a.note for a in anns):
            return NOTE_MARK, "bold magenta"
        tag = next((t for a in anns for t in a.tags), None)
        return TAG_MARK, "bold " + colour_style(colours.get(tag) if tag else None)

    return margin


def library_marks(store) -> dict[str, str]:
    """Record id -> marker for records that carry annotations."""
    marks: dict[str, str] = {}
    for ann in store.all():
        if ann.record_id:
            marks[ann.record_id] = NOTE_MARK if ann.note or marks.get(ann.record_id) == NOTE_MARK else TAG_MARK
    return marks


def _style(colour: str | None) -> str:
    """A safe bold Rich style for a user-chosen tag colour (bad values fall back; see tags.colour_style)."""
    return "bold " + colour_style(colour)


def annotations_for(store, record: Record | None) -> Callable[[Passage], list] | None:
    """Passage -> its annotations (tags and notes shown under the passage in the reader)."""
    if record is None or store is None:
        return None
    by_passage: dict[str, list] = {}
    for ann in store.for_record(record.id):
        if ann.passage_id:
            by_passage.setdefault(ann.passage_id, []).append(ann)
    colours = store.tag_colours()

    def of(p: Passage) -> list:
        return by_passage.get(p.id, [])

    of.colours = colours  # type: ignore[attr-defined]
    return of


def annotation_lines(anns: list, width: int, expanded: bool, colours: dict[str, str] | None = None):
    """The lines shown under an annotated passage (rich Text, never markup).

    Compact (the default): one line — every tag as ``#tag``, then ``✎`` and the
    first note's first line, cut to the width, ``(+N)`` for more notes.
    Expanded (``x``): each annotation on its own lines — its tags, the quoted
    span when it covers part of the passage, and the whole note."""
    from rich.text import Text

    from corpus.safe_text import printable

    colours = colours or {}
    tags = list(dict.fromkeys(t for a in anns for t in a.tags))
    notes = [a for a in anns if a.note]
    review = any(a.status in ("review", "ambiguous") for a in anns)
    if not expanded:
        t = Text(style="italic")
        if review:
            t.append("? needs review (R) ", style="bold")
        for tag in tags:
            t.append(f"#{printable(tag)} ", style=_style(colours.get(tag)))
        if notes:
            first = printable((notes[0].note or "").strip().splitlines()[0] if notes[0].note.strip() else "")
            t.append(f"{NOTE_MARK} ", style="bold")
            t.append(first)
        more = len(notes) - 1
        suffix = f" (+{more} note{'s' if more > 1 else ''}, x)" if more > 0 else ""
        t.truncate(max(width - len(suffix), 10), overflow="ellipsis")
        if suffix:
            t.append(suffix, style="dim")
        return [t]
    out = []
    for a in anns:
        t = Text(style="italic")
        if a.status in ("review", "ambiguous", "orphan"):
            t.append(f"? {a.status} ", style="bold")
        for tag in a.tags:
            t.append(f"#{printable(tag)} ", style=_style(colours.get(tag)))
        if not a.whole_passage and a.quote:
            t.append(f"“{printable(a.quote)}” ", style="dim")
        if a.note:
            t.append(f"{NOTE_MARK} ", style="bold")
            t.append(printable(a.note.strip()))
        out.append(t)
    return out
