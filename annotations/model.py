"""Annotation: a read-only view of one stored annotation (tags and/or a note).

Stored shape (one JSON object per annotation, also what export writes under
``parlread``)::

    {"id": uuid4, "created": iso, "modified": iso, "author": login,
     "tags": [...], "note": str | None, "whole_passage": bool,
     "target": {"source": record id, "passage": passage id,
                "text_hash": sha1 of Record.text, "selector": [W3C selectors]},
                # as first made: never rewritten
     "anchor": {same keys + "status", "score", "method", "at"},  # where it is now
     "history": [previous "anchor" objects, oldest first],
     "record": {"title", "date", "source_file", "kind"}}  # snapshot for orphans
"""

from __future__ import annotations

import copy
import re
from typing import Any

from annotations.anchor import NOT_LOADED, OK_STATUSES, position_of, quote_of

_WS = re.compile(r"\s+")


def clean_tag(tag: str) -> str:
    """A tag as stored: single spaces, stripped; an empty tag is an error."""
    t = _WS.sub(" ", str(tag)).strip()
    if not t:
        raise ValueError("a tag cannot be empty")
    return t


class Annotation:
    """One annotation: a read-only view of the stored object ``data`` (shared
    with the store's cache — never mutate it; ``to_dict()`` gives a copy)."""

    __slots__ = ("data", "loaded")

    def __init__(self, data: dict[str, Any], loaded: bool = True):
        self.data = data
        self.loaded = loaded  # False: its record is not in the corpus checked last (status "record not loaded")

    def __repr__(self) -> str:
        return f"Annotation({self.id[:8]} {self.record_id}:{self.start}-{self.end} {self.status} tags={self.tags} note={self.note!r:.30})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Annotation) and other.data == self.data

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def tags(self) -> list[str]:
        return list(self.data.get("tags") or [])

    @property
    def note(self) -> str | None:
        return self.data.get("note")

    @property
    def author(self) -> str:
        return self.data.get("author") or ""

    @property
    def created(self) -> str:
        return self.data.get("created") or ""

    @property
    def modified(self) -> str:
        return self.data.get("modified") or ""

    @property
    def anchor(self) -> dict[str, Any]:
        return self.data.get("anchor") or self.data["target"]

    @property
    def target(self) -> dict[str, Any]:
        """The original target, as first annotated."""
        return self.data["target"]

    @property
    def history(self) -> list[dict[str, Any]]:
        return list(self.data.get("history") or [])

    @property
    def record_id(self) -> str:
        return self.anchor["source"]

    @property
    def passage_id(self) -> str | None:
        return self.anchor.get("passage")

    @property
    def status(self) -> str:
        """The stored anchor status, or "record not loaded" (shown only,
        never stored) when the last check had no record for it."""
        if not self.loaded:
            return NOT_LOADED
        return self.anchor.get("status", "anchored")

    @property
    def anchored(self) -> bool:
        return self.status in OK_STATUSES

    @property
    def located(self) -> bool:
        """Whether ``start``/``end`` point into the current record text
        (anchored, reanchored, manual or review); orphans and ambiguous
        annotations have no position, only their quote."""
        return self.status not in ("orphan", "ambiguous", NOT_LOADED)

    @property
    def start(self) -> int | None:
        pos = position_of(self.anchor.get("selector") or [])
        return pos[0] if pos and self.located else None

    @property
    def end(self) -> int | None:
        pos = position_of(self.anchor.get("selector") or [])
        return pos[1] if pos and self.located else None

    @property
    def quote(self) -> str:
        """The annotated text (as last anchored; the original for orphans)."""
        return quote_of(self.anchor.get("selector") or []).get("exact", "")

    @property
    def original_quote(self) -> str:
        return quote_of(self.target.get("selector") or []).get("exact", "")

    @property
    def whole_passage(self) -> bool:
        return bool(self.data.get("whole_passage"))

    @property
    def title(self) -> str | None:
        return (self.data.get("record") or {}).get("title")

    @property
    def date(self) -> str | None:
        return (self.data.get("record") or {}).get("date")

    @property
    def motivation(self) -> str:
        if self.note:
            return "commenting"
        if self.tags:
            return "tagging"
        return "highlighting"

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self.data)
