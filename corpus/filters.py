"""The library's record filter: typed words against each record's haystack, tag ids, facet predicate; sort orders.

Pure functions over ``Record`` lists (no Textual), used by the library list
(``tui/widgets/library.py``), the record picker, the facet screen's base set
and the search scope, so they all agree on what "the records shown" are.
"""

from __future__ import annotations

from typing import Callable

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
    for i, h in enumerate(hay):
        if allowed is not None and records[i].id not in allowed:
            continue
        if all(w in h for w in words) and (predicate is None or predicate(records[i])):
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
