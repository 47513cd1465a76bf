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
