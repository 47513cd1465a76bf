"""Browsing like a researcher: facets, member view, grouped questions, timeline.

Pure functions over ``Record`` lists (no Textual), used by ``tui/browse.py``.

* Facets: ``kind``, ``house``, ``department`` and ``member`` (the people who
  asked or answered).  A record whose value is unknown counts under ``None``
  ("unknown"), never under a guessed value.
* ``Filters`` holds selected facet values and a date range; values inside one
  facet are OR-ed, facets are AND-ed.  A record with no known date never
  matches a date range.
* ``GroupIndex`` resolves grouped written questions (``extra["grouped_uins"]``)
  to the loaded records, and says which uins are not in the corpus.
* ``month_counts`` counts records per calendar month (a continuous run of
  months, empty ones included) and counts unknown dates separately.

The date of a record is ``Record.sort_date`` (statement/debate date, else the
answer date, else the date tabled): the same date the library shows and sorts by.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from corpus.model import WRITTEN_QUESTION, Record

FACETS = ("kind", "house", "department", "member")
FACET_LABELS = {"kind": "Kind", "house": "House", "department": "Department", "member": "Member"}

_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")
BLOCKS = " ▁▂▃▄▅▆▇█"


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
# dates
_MONTHS = {f"{m:02d}" for m in range(1, 13)}


def record_month(record: Record) -> str | None:
    """``"YYYY-MM"`` of the record's date, or None when unknown/unreadable."""
    d = record.date or record.date_answered or record.date_asked
    if not d or len(d) < 7 or d[4] != "-" or not d[:4].isdigit() or d[5:7] not in _MONTHS:
        return None
    if len(d) > 7 and d[7].isdigit():
        return None  # "2023-123…" is not a date
    return d[:7]


def parse_date_bound(text: str, *, end: bool = False) -> str | None:
    """A typed date bound as an ISO day: ``"2023"``, ``"2023-12"`` or ``"2023-12-05"``.

    A year or month means its first day (``end=False``) or its last day
    (``end=True``).  Empty text is no bound (None).  Raises ValueError with a
    short message for anything else.
    """
    text = (text or "").strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not m:
        raise ValueError(f"not a date: {text!r} (use 2023, 2023-12 or 2023-12-05)")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (12 if end else 1)
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month} in {text!r}")
    import calendar  # here: the library's first frame needs this module, not calendar

    last = calendar.monthrange(year, month)[1]
    if m.group(3):
        day = int(m.group(3))
        if not 1 <= day <= last:
            raise ValueError(f"no day {day} in {year}-{month:02d}")
    else:
        day = last if end else 1
    return f"{year:04d}-{month:02d}-{day:02d}"


def month_bounds(month: str) -> tuple[str, str]:
    """First and last day of ``"YYYY-MM"``."""
    return parse_date_bound(month), parse_date_bound(month, end=True)  # type: ignore[return-value]


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


# ---------------------------------------------------------------------------
# grouped questions
@dataclass(frozen=True)
class GroupMember:
    uin: str
    records: tuple[Record, ...]  # empty: not in the corpus

    @property
    def present(self) -> bool:
        return bool(self.records)


class GroupIndex:
    """Resolves grouped written questions to loaded records.

    A written question lists the uins answered together with it in
    ``extra["grouped_uins"]`` (with the dates tabled in
    ``extra["grouped_dates"]`` when the source gives them; uins restart each
    session so a date, when known, must match).  Links are used both ways: a
    loaded question that lists this one's uin is in its group too.
    """

    def __init__(self, records: Sequence[Record]) -> None:
        self._by_uin: dict[tuple[str | None, str], list[Record]] = {}
        self._listing: dict[tuple[str | None, str], list[Record]] = {}
        for r in records:
            if r.kind != WRITTEN_QUESTION:
                continue
            uins = [r.uin] if r.uin else []
            uins += [u for u in r.extra.get("uins") or () if isinstance(u, str) and u not in uins]
            for u in uins:
                self._by_uin.setdefault((r.house, u), []).append(r)
            for u in r.extra.get("grouped_uins") or ():
                self._listing.setdefault((r.house, str(u)), []).append(r)

    def _find(self, record: Record, uin: str, date: str | None) -> list[Record]:
        found = [r for r in self._by_uin.get((record.house, uin), []) if r is not record]
        if date is not None:
            found = [r for r in found if r.date_asked == date]
        elif len(found) > 1 and record.date_answered:
            same_day = [r for r in found if r.date_answered == record.date_answered]
            found = same_day or found
        return found

    def group(self, record: Record) -> list[GroupMember]:
        """The other questions of the record's group, in the source's uin order.

        Questions linking to this one but not listed by it come after, by uin.
        Empty when the record is not grouped.
        """
        if record.kind != WRITTEN_QUESTION:
            return []
        dates = record.extra.get("grouped_dates") or {}
        own = {record.uin} | set(record.extra.get("uins") or ())
        out: list[GroupMember] = []
        seen: set[str] = set()
        for u in record.extra.get("grouped_uins") or ():
            u = str(u)
            if u in seen or u in own:
                continue
            seen.add(u)
            out.append(GroupMember(u, tuple(self._find(record, u, dates.get(u)))))
        back: dict[str, list[Record]] = {}
        for u in own:
            if not u:
                continue
            for other in self._listing.get((record.house, u), []):
                if other is record or not other.uin or other.uin in seen:
                    continue
                when = (other.extra.get("grouped_dates") or {}).get(u)
                if when is not None and record.date_asked is not None and when != record.date_asked:
                    continue
                back.setdefault(other.uin, []).append(other)
        for u in sorted(back, key=_uin_key):
            out.append(GroupMember(u, tuple({id(r): r for r in back[u]}.values())))
        return out

    def present(self, record: Record) -> list[Record]:
        """Loaded records of the group (without ``record``), in group order."""
        out: dict[int, Record] = {}
        for m in self.group(record):
            for r in m.records:
                out.setdefault(id(r), r)
        return list(out.values())


def _uin_key(uin: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", uin)
    return (int(digits) if digits else 0, uin)


def group_line(members: list[GroupMember]) -> str:
    """``UIN 1234, UIN 1240 (not in corpus)`` for the reader header."""
    parts = []
    for m in members:
        parts.append(f"UIN {m.uin}" + ("" if m.present else " (not in corpus)"))
    return ", ".join(parts)


# ---------------------------------------------------------------------------
# timeline
@dataclass
class Timeline:
    months: list[str] = field(default_factory=list)  # continuous "YYYY-MM" run
    counts: list[int] = field(default_factory=list)
    unknown: int = 0  # records with no known date (never placed on a month)

    @property
    def total(self) -> int:
        return sum(self.counts) + self.unknown

    @property
    def peak(self) -> tuple[str, int] | None:
        if not self.counts or max(self.counts) == 0:
            return None
        i = max(range(len(self.counts)), key=lambda k: (self.counts[k], -k))
        return self.months[i], self.counts[i]


def _next_month(month: str) -> str:
    y, m = int(month[:4]), int(month[5:7])
    return f"{y + (m == 12):04d}-{m % 12 + 1:02d}"


def month_counts(records: Iterable[Record]) -> Timeline:
    """Records per month from the first to the last known month (gaps are 0)."""
    counts: Counter[str | None] = Counter(map(record_month, records))
    unknown = counts.pop(None, 0)
    if not counts:
        return Timeline(unknown=unknown)
    months = []
    m, last = min(counts), max(counts)
    while m <= last:
        months.append(m)
        m = _next_month(m)
    return Timeline(months, [counts.get(m, 0) for m in months], unknown)


def bar_rows(counts: Sequence[int], height: int = 1) -> list[str]:
    """Block-character bars, one column per count, ``height`` rows (top first).

    Zero is blank; any non-zero count shows at least ▁ so a single record is
    visible; the largest count fills the whole height.
    """
    height = max(height, 1)
    top = max(counts, default=0)
    steps = 8 * height
    levels = [0 if c <= 0 or top == 0 else max(1, -(-c * steps // top)) for c in counts]
    rows = []
    for row in range(height - 1, -1, -1):
        base = row * 8
        rows.append("".join(BLOCKS[min(max(lv - base, 0), 8)] for lv in levels))
    return rows


__all__ = [
    "FACETS",
    "Filters",
    "GroupIndex",
    "GroupMember",
    "Timeline",
    "bar_rows",
    "facet_counts",
    "facet_values",
    "group_line",
    "member_filter",
    "month_bounds",
    "month_counts",
    "parse_date_bound",
    "record_members",
    "record_month",
]
