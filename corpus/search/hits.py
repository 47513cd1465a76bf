"""Ranked search hits, best first, built lazily (LazyHits): the sequence a search returns.

A search with no limit can match a million entries.  ``LazyHits`` holds the
matches as a few arrays (record number, passage number, score) and makes each
``Hit`` only when it is read.  Given a sort ``key`` (one unique int64 per
match, smaller = better), it does not sort up front either: the first read
of position ``i`` selects the best ``max(256, 2 * (i + 1))`` matches with
``argpartition`` and sorts just those (the first 256 are sorted when the
hits are made, in the thread that searched), so the first page of "every hit of
the" costs a partition, not a sort of a million keys; reading further doubles
the sorted prefix, and past a quarter of the hits the whole list is sorted
once.  Keys are unique, so every prefix is exactly the head of the full sort.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from corpus.search.query import Hit, ParsedQuery

if TYPE_CHECKING:
    from corpus.search import SearchIndex

_FIRST = 256  # matches sorted on the first read


class LazyHits(Sequence):
    """Ranked hits, best first; ``Hit`` objects are built (once) when read.

    ``rec``, ``pas``, ``score``: per match, already in rank order, or, with
    ``key`` (unique int64 per match, ascending = rank order), in any order and
    sorted on demand.  ``limit`` keeps only the first ``limit`` of the ranking."""

    def __init__(
        self,
        index: "SearchIndex",
        pq: ParsedQuery,
        rec: np.ndarray,
        pas: np.ndarray,
        score: np.ndarray,
        key: np.ndarray | None = None,
        limit: int | None = None,
    ):
        self.index = index
        self.parsed = pq
        self._rec = rec
        self._pas = pas
        self._score = score
        self._key = key
        self._n = len(rec) if limit is None else max(0, min(limit, len(rec)))
        self._order: np.ndarray | None = None  # rank -> row, for the first `_known` ranks
        self._known = self._n if key is None else 0
        self._sort_lock = threading.Lock()
        self._made: dict[int, Hit] = {}
        if self._known < self._n:
            self._sort_through(0)  # the first page, while still in the searching thread

    @classmethod
    def empty(cls, index, pq) -> "LazyHits":
        z = np.zeros(0, np.int64)
        return cls(index, pq, z, z, np.zeros(0))

    def __len__(self) -> int:
        return self._n

    def _row(self, i: int) -> int:
        """The row of the arrays holding rank ``i`` (0 <= i < len)."""
        if self._key is None:
            return i
        if i >= self._known:
            self._sort_through(i)
        return int(self._order[i])

    def _sort_through(self, i: int) -> None:
        with self._sort_lock:
            if i < self._known:
                return
            key = self._key
            m = max(_FIRST, 2 * (i + 1))
            if m >= len(key) // 4:
                order = np.argsort(key, kind="stable")
                known = len(key)
            else:
                part = np.argpartition(key, m - 1)[:m]
                order = part[np.argsort(key[part], kind="stable")]
                known = m
            self._order = order
            self._known = min(known, self._n)

    def score_at(self, i: int) -> float:
        """The score at rank ``i`` without making the Hit."""
        return float(self._score[self._row(i)])

    def __getitem__(self, i):
        if isinstance(i, slice):
            r = range(*i.indices(len(self)))
            if len(r):
                self._row(max(r[0], r[-1]))  # one partition for the whole slice
            return [self[j] for j in r]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        hit = self._made.get(i)
        if hit is None:
            row = self._row(i)
            rec = self.index.corpus.records[int(self._rec[row])]
            pi = int(self._pas[row])
            score = float(self._score[row])
            if pi < 0:
                hit = Hit(rec.id, None, score, rec.title or "", True, self.index, self.parsed)
            else:
                p = rec.passages[pi]
                hit = Hit(rec.id, p.id, score, p.text, False, self.index, self.parsed)
            self._made[i] = hit
        return hit

    def __iter__(self):
        if len(self):
            self._row(len(self) - 1)  # iterating reads them all: sort once
        for i in range(len(self)):
            yield self[i]

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, (list, LazyHits)) else NotImplemented

    __hash__ = None  # type: ignore[assignment]
