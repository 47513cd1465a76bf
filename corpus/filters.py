"""One filter model for the library, its facets and the search scope (RecordFilter), and sort orders.

``RecordFilter`` says what the library shows: every typed word (matched in
each record's ``haystack``), the facet values and date range
(``corpus.facets.Filters``), and a tag filter (its tag and the ids of the
records carrying it).  The library list holds one; the facet screen starts
from ``base()`` (everything but the facets), and a search is scoped by
``scope()`` (everything but the typed words).  Pure, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from corpus.facets import Filters
from corpus.model import Record


def haystack(record: Record) -> str:
    """What the library filter matches against (lower-cased)."""
    parts = [
        record.title or "",
        record.kind or "",
        record.house or "",
        record.department or "",
        record.asked_by or "",
        record.answered_by or "",
        record.sort_date,
        record.uin or "",
        record.id,
    ]
    return " ".join(parts).casefold()


def filter_records(
    records: list[Record],
    hay: list[str],
    query: str,
    allowed: set[str] | None = None,
    predicate: Callable[[Record], bool] | None = None,
) -> list[int]:
    """Indexes of records whose haystack holds every word of the query
    (and, when given, whose id is allowed and which the predicate accepts)."""
    words = query.casefold().split()
    out = []
    for i in range(len(records)):  # hay is only read when there are words (it may be empty then)
        if allowed is not None and records[i].id not in allowed:
            continue
        if (not words or all(w in hay[i] for w in words)) and (predicate is None or predicate(records[i])):
            out.append(i)
    return out


def sort_indexes(records: list[Record], indexes: list[int], key: str) -> list[int]:
    if key == "date":
        # newest first; unknown dates last
        known = [i for i in indexes if records[i].sort_date]
        unknown = [i for i in indexes if not records[i].sort_date]
        known.sort(key=lambda i: records[i].sort_date, reverse=True)
        return known + unknown
    if key == "title":
        return sorted(indexes, key=lambda i: (records[i].title or "\uffff").casefold())
    return sorted(indexes)


def in_scope(
    records: list[Record],
    allowed: set[str] | None = None,
    predicate: Callable[[Record], bool] | None = None,
) -> set[str] | None:
    """Ids of the records passing the tag ids and the facet predicate (None: no restriction)."""
    if allowed is None and predicate is None:
        return None
    return {r.id for r in records if (allowed is None or r.id in allowed) and (predicate is None or predicate(r))}


@dataclass(frozen=True)
class RecordFilter:
    """What the library shows: typed words, facet values and dates, a tag filter."""

    words: str = ""
    filters: Filters = field(default_factory=Filters)  # facet, date and member filters
    tag: str | None = None  # the tag filter's tag (None: off)
    ids: frozenset[str] | None = None  # the records carrying ``tag`` (None: no restriction)

    def with_words(self, words: str) -> "RecordFilter":
        return replace(self, words=words)

    def with_filters(self, filters: Filters) -> "RecordFilter":
        return replace(self, filters=filters)

    def with_tag(self, tag: str | None, ids=None) -> "RecordFilter":
        """The tag filter on (``tag`` and the ids of its records) or off (``tag`` None)."""
        return replace(self, tag=tag, ids=None if tag is None else frozenset(ids or ()))

    @property
    def predicate(self) -> Callable[[Record], bool] | None:
        return self.filters.matches if self.filters.active else None

    def indexes(self, records: list[Record], hay: list[str]) -> list[int]:
        """Indexes of the records shown, in corpus order."""
        return filter_records(records, hay, self.words, self.ids, self.predicate)

    def base(self, records: list[Record], hay: list[str]) -> list[Record]:
        """The records passing the words and the tag filter, whatever the facets (the facet screen's counts)."""
        return [records[i] for i in filter_records(records, hay, self.words, self.ids)]

    def scope(self, records: list[Record]) -> set[str] | None:
        """Ids a search is limited to: the facets and the tag filter, not the typed words (None: all)."""
        return in_scope(records, self.ids, self.predicate)
