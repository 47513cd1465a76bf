"""Ranked search hits, best first, built lazily (LazyHits): the sequence a search returns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from corpus.search.query import Hit, ParsedQuery

if TYPE_CHECKING:
    from corpus.search import SearchIndex


class LazyHits(Sequence):
    """Ranked hits, best first; ``Hit`` objects are built (once) when read."""

    def __init__(self, index: "SearchIndex", pq: ParsedQuery, rec: np.ndarray, pas: np.ndarray, score: np.ndarray):
        self.index = index
        self.parsed = pq
        self._rec = rec
        self._pas = pas
        self._score = score
        self._made: dict[int, Hit] = {}

    @classmethod
    def empty(cls, index, pq) -> "LazyHits":
        z = np.zeros(0, np.int64)
        return cls(index, pq, z, z, np.zeros(0))

    def __len__(self) -> int:
        return len(self._rec)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        hit = self._made.get(i)
        if hit is None:
            rec = self.index.corpus.records[int(self._rec[i])]
            pi = int(self._pas[i])
            score = float(self._score[i])
            if pi < 0:
                hit = Hit(rec.id, None, score, rec.title or "", True, self.index, self.parsed)
            else:
                p = rec.passages[pi]
                hit = Hit(rec.id, p.id, score, p.text, False, self.index, self.parsed)
            self._made[i] = hit
        return hit

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, (list, LazyHits)) else NotImplemented

    __hash__ = None  # type: ignore[assignment]
