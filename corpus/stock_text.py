"""Stock procedural sentences are not versions of each other.

Under 20 words ("The Chairman adjourned the Committee without Question put
(Standing Order No. 88).", "I beg to move, That the clause be read a Second
time."), such sentences are said in record after record; a record made of
one is no version of a record with another title.  Version detection
(corpus.shingles) flags the records under ``STOCK_SHINGLES`` distinct
shingles and drops their pairs here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corpus.model import Record

if TYPE_CHECKING:
    from corpus.pairs import Pairs

STOCK_SHINGLES = 16


def _title_key(title: str | None) -> str | None:
    return " ".join(title.lower().split()) if title else None


def drop_stock(records: list[Record], short: Any, pairs: "Pairs") -> "Pairs":
    """Pairs with a record under ``STOCK_SHINGLES`` shingles are dropped when the
    two records' titles are known and differ: two committee clauses that both
    say "Question proposed, That the clause, as amended, stand part of the
    Bill." are not versions of each other (untitled records keep their pairs:
    nothing says they are different records)."""
    if not len(pairs):
        return pairs
    keep = stock_keep(records, short, pairs.column("a"), pairs.column("b"))
    return pairs if keep is None else pairs.select(keep)  # (from the index columns: no float64 copies of the figures)


def stock_keep(records: list[Record], short: Any, a: Any, b: Any) -> Any:
    """:func:`drop_stock` on the record numbers of the pairs (``a``, ``b``): a bool
    per pair, false for the pairs it drops; None when it drops none."""
    import numpy as np

    if not len(a) or not short.any():  # short: one flag per record (under STOCK_SHINGLES distinct shingles)
        return None
    flagged = np.flatnonzero(short[a] | short[b])
    if not len(flagged):
        return None
    need = set(a[flagged].tolist()) | set(b[flagged].tolist())
    title = {i: _title_key(records[i].title) for i in need}
    drop = [k for k, i, j in zip(flagged.tolist(), a[flagged].tolist(), b[flagged].tolist())
            if title[i] is not None and title[j] is not None and title[i] != title[j]]
    if not drop:
        return None
    keep = np.ones(len(a), bool)
    keep[drop] = False
    return keep
