"""Facets and the facet filter (``Filters``): pure functions over ``Record`` lists, no Textual.

* Facets: ``kind``, ``house``, ``department`` and ``member`` (the people who
  asked or answered).  A record whose value is unknown counts under ``None``
  ("unknown"), never under a guessed value.
* ``Filters`` holds selected facet values and a date range; values inside one
  facet are OR-ed, facets are AND-ed.  A record with no known date never
  matches a date range.

The date of a record is ``Record.sort_date`` (statement/debate date, else the
answer date, else the date tabled): the same date the library shows and sorts by.

Its own module, apart from ``corpus.browse`` (grouped questions, the timeline,
dates), because the library's filter (``corpus.filters.RecordFilter``) holds a
``Filters`` from the first frame on, and the rest of browsing is not needed
until a screen of it opens (issue 15: start-up).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable

from corpus.model import Record

FACETS = ("kind", "house", "department", "member")
FACET_LABELS = {"kind": "Kind", "house": "House", "department": "Department", "member": "Member"}

_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


# ---------------------------------------------------------------------------
# facets
def record_members(record: Record) -> list[str]:
    """Everyone who asked or answered: asked_by, answered_by and any co-askers.

    A person the source identifies only by member id (the API list endpoint
    without names) is ``"member id 1480"``: the id as given, no name guessed.
    """
    names = []
    ex = record.extra
    for name, id_key in ((record.asked_by, "asking_member_id"), (record.answered_by, "answering_member_id")):
        if name:
            names.append(name)
        elif ex.get(id_key) is not None and ex.get(id_key) != 0:
            names.append(f"member id {ex[id_key]}")
    for name in ex.get("asked_by_all") or ():
        if isinstance(name, str) and name:
            names.append(name)
    return list(dict.fromkeys(names))


def facet_values(record: Record, facet: str) -> list[str | None]:
    """The record's values for a facet; ``[None]`` when unknown."""
    if facet == "member":
        return list(record_members(record)) or [None]
    if facet not in FACETS:
        raise ValueError(f"unknown facet {facet!r}")
    return [getattr(record, facet)]


def facet_counts(records: Iterable[Record], facet: str, filters: "Filters | None" = None) -> list[tuple[str | None, int]]:
    """(value, number of records) for a facet, most frequent first, then by name.

    With ``filters``, counts only records matching the *other* facets and the
    date range (the usual faceted-search rule: a facet's own selection does
    not hide its alternatives).  ``None`` is the count of unknown values.
    """
    other = filters.without(facet) if filters is not None else None
    if other is not None and not other.active:
        other = None
    if other is not None:
        records = [r for r in records if other.matches(r)]
    if facet == "member":
        counts: Counter[str | None] = Counter()
        for r in records:
            counts.update(record_members(r) or (None,))
    elif facet in FACETS:
        counts = Counter(getattr(r, facet) for r in records)
    else:
        raise ValueError(f"unknown facet {facet!r}")
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] is None, (kv[0] or "").casefold()))


# ---------------------------------------------------------------------------
# filters
@dataclass(frozen=True)
class Filters:
    """Selected facet values (OR within a facet, AND across) and a date range."""

    kind: frozenset = frozenset()
    house: frozenset = frozenset()
    department: frozenset = frozenset()
    member: frozenset = frozenset()
    date_from: str | None = None  # ISO day, inclusive
    date_to: str | None = None  # ISO day, inclusive

    @property
    def active(self) -> bool:
        return bool(self.kind or self.house or self.department or self.member or self.date_from or self.date_to)

    def selected(self, facet: str) -> frozenset:
        return getattr(self, facet)

    def with_facet(self, facet: str, values: Iterable[str | None]) -> "Filters":
        return replace(self, **{facet: frozenset(values)})

    def without(self, facet: str) -> "Filters":
        return replace(self, **{facet: frozenset()})

    def with_dates(self, date_from: str | None, date_to: str | None) -> "Filters":
        return replace(self, date_from=date_from, date_to=date_to)

    def matches(self, record: Record) -> bool:
        if self.kind and record.kind not in self.kind:
            return False
        if self.house and record.house not in self.house:
            return False
        if self.department and record.department not in self.department:
            return False
        m = self.member
        if m:
            a, b = record.asked_by, record.answered_by
            if not ((a is not None and a in m) or (b is not None and b in m)):
                if a and b and not record.extra.get("asked_by_all"):
                    return False  # both named, neither chosen
                names = record_members(record)
                if names:
                    if m.isdisjoint(names):
                        return False
                elif None not in m:
                    return False
        if self.date_from or self.date_to:
            day = (record.date or record.date_answered or record.date_asked or "")[:10]
            if not _MONTH.match(day):
                return False  # unknown date: cannot say it is in the range
            if self.date_from and day < self.date_from:
                return False
            if self.date_to and day > self.date_to:
                return False
        return True

    def apply(self, records: Iterable[Record]) -> list[Record]:
        return [r for r in records if self.matches(r)]

    def summary(self, width: int | None = None) -> str:
        """Short words for the status line, e.g. ``kind: written answer · 2023-12-01…``."""
        parts = []
        for facet in FACETS:
            chosen = getattr(self, facet)
            if chosen:
                names = sorted((v or "unknown") for v in chosen)
                shown = ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "")
                parts.append(f"{facet}: {shown}")
        if self.date_from or self.date_to:
            parts.append(f"dates: {self.date_from or '…'} to {self.date_to or '…'}")
        text = " · ".join(parts)
        if width is not None and len(text) > width:
            text = text[: max(width - 1, 0)] + "…"
        return text


def member_filter(record: Record, base: Filters | None = None) -> Filters:
    """Filters showing everything the record's people asked or answered."""
    return (base or Filters()).with_facet("member", record_members(record))
