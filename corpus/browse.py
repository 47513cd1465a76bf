"""Browsing like a researcher: member view, grouped questions, timeline.

Pure functions over ``Record`` lists (no Textual), used by ``tui/browse.py``.

* Facets and the facet filter ``Filters`` are in ``corpus.facets`` (and
  re-exported here).
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
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from corpus.facets import FACET_LABELS, FACETS, Filters, facet_counts, facet_values, member_filter, record_members  # noqa: F401  (re-exported)
from corpus.model import WRITTEN_QUESTION, Record

BLOCKS = " ▁▂▃▄▅▆▇█"


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
