"""Version pairs held as columns: a compact, read-only sequence of ``VersionPair``.

A corpus of 100,000 written questions has about 806,000 verified pairs, most of
them from one clique of 3,441 identical "not possible to respond before
Prorogation" answers.  As ``VersionPair`` objects they took about 78 MB of RSS
(64.5 MB of objects, plus two lists of pointers); as columns they take 17
bytes a pair (14 MB): record numbers ``a`` and ``b`` (indices into ``ids``),
the three figures as indices into a sorted table of the distinct figures
(``figures``, float64, the exact values), and the kind.  A ``VersionPair`` is
made only when one is read (indexing or iteration), so every reader of
``group.pairs`` keeps working; bulk questions (the pairs of one record, the
largest similarity, the ``part`` pairs) are answered on the columns.

:class:`Pairs` is a view: ``idx`` (when not ``None``) picks and orders rows of
the shared columns, so every version group is a view of one corpus-wide table
(4 bytes a pair) instead of a copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Iterable, Iterator

import numpy as np

from corpus.pair_model import CORRECTION, PART, VERSION, VersionPair

KINDS = (VERSION, PART, CORRECTION)  # kind codes (0 and 1 are also the saved file's, corpus.versions_store)
_KIND_NO = {k: i for i, k in enumerate(KINDS)}
_BATCH = 1 << 16  # rows made into VersionPair objects at a time when iterating


class Pairs(Sequence):
    """Read-only sequence of :class:`VersionPair` backed by numpy columns."""

    __slots__ = ("ids", "a", "b", "si", "ai", "bi", "kind", "figures", "idx", "_floats")

    def __init__(self, ids: list[str], a, b, si, ai, bi, kind, figures, idx=None, floats=None):
        self.ids = ids  # record (or virtual record) id of each number in a / b
        self.a, self.b = a, b
        self.si, self.ai, self.bi = si, ai, bi  # similarity, a_covered, b_covered: indices into figures
        self.kind = kind  # indices into KINDS
        self.figures = figures  # float64, sorted, distinct
        self.idx = idx  # rows of this view, in order (None: all rows, in table order)
        self._floats = floats  # figures as Python floats (equal figures share one object)

    # ---- building ---------------------------------------------------------
    @classmethod
    def empty(cls, ids: list[str]) -> "Pairs":
        z = np.zeros(0, np.uint32)
        return cls(ids, z, z, z, z, z, np.zeros(0, np.uint8), np.zeros(0, np.float64))

    @classmethod
    def from_values(cls, ids: list[str], a, b, sim, a_cov, b_cov, kind) -> "Pairs":
        """From arrays of record numbers, figures (float64) and kind codes."""
        m = len(a)
        if not m:
            return cls.empty(ids)
        # the sorted distinct figures, then each figure's index by binary search: the
        # temporaries are one copy of the figures and 4 bytes a figure (np.unique's
        # return_inverse took four arrays of 8 bytes a figure, and hashes first in numpy 2)
        vals = np.concatenate([sim, a_cov, b_cov]).astype(np.float64, copy=False)
        vals.sort()
        table = vals[np.r_[True, vals[1:] != vals[:-1]]]
        del vals
        inverse = np.empty(3 * m, np.uint32)
        for k, col in enumerate((sim, a_cov, b_cov)):
            inverse[k * m : (k + 1) * m] = np.searchsorted(table, col)
        return cls(
            ids, np.asarray(a, np.uint32), np.asarray(b, np.uint32),
            inverse[:m], inverse[m : 2 * m], inverse[2 * m :], np.asarray(kind, np.uint8), table,
        )

    @classmethod
    def from_counts(cls, ids: list[str], a, b, inter, sa, sb, kind) -> "Pairs":
        """``from_values(ids, a, b, inter / (sa + sb - inter), inter / sa, inter / sb, kind)``
        (shared shingles and set sizes, corpus.shingles), the same table, with one
        column of figures made at a time: not the three float64 columns and their
        concatenated copy at once (about 40 MB at 100,000 records)."""
        m = len(a)
        if not m:
            return cls.empty(ids)

        def figure(k: int, lo: int = 0, hi: int = m) -> np.ndarray:
            i, x, y = inter[lo:hi], sa[lo:hi], sb[lo:hi]
            with np.errstate(divide="ignore", invalid="ignore"):
                return i / (x + y - i) if k == 0 else i / x if k == 1 else i / y

        distinct = []
        for k in range(3):  # the distinct figures of each column, then of the three
            vals = figure(k)
            vals.sort()
            distinct.append(vals[np.r_[True, vals[1:] != vals[:-1]]])
            del vals
        vals = np.concatenate(distinct)
        del distinct
        vals.sort()
        table = vals[np.r_[True, vals[1:] != vals[:-1]]]
        del vals
        inverse = np.empty(3 * m, np.uint32)
        for k in range(3):  # a slice at a time: no float64 and int64 arrays of every pair
            for lo in range(0, m, _BATCH * 4):
                hi = min(m, lo + _BATCH * 4)
                inverse[k * m + lo : k * m + hi] = np.searchsorted(table, figure(k, lo, hi))
        return cls(
            ids, np.asarray(a, np.uint32), np.asarray(b, np.uint32),
            inverse[:m], inverse[m : 2 * m], inverse[2 * m :], np.asarray(kind, np.uint8), table,
        )

    def select(self, keep) -> "Pairs":
        """A new table of this view's rows where ``keep`` (bool, one per row) is true: what
        ``from_values`` makes of their values (its figures only the ones they use),
        made from the index columns without the float columns."""
        rows = np.flatnonzero(keep) if self.idx is None else self.idx[np.asarray(keep, bool)]
        si, ai, bi = self.si[rows], self.ai[rows], self.bi[rows]
        if not len(rows):
            return Pairs.empty(self.ids)
        used = np.zeros(len(self.figures), bool)
        for col in (si, ai, bi):
            used[col] = True
        renumber = (np.cumsum(used) - 1).astype(np.uint32)
        return Pairs(
            self.ids, self.a[rows], self.b[rows], renumber[si], renumber[ai], renumber[bi], self.kind[rows],
            self.figures[used],
        )

    @classmethod
    def from_pairs(cls, pairs: Iterable[VersionPair], order: list[str]) -> "Pairs":
        """From ``VersionPair`` objects, numbering ids by ``order`` (ids it lacks are appended)."""
        pos = {rid: i for i, rid in enumerate(order)}  # the last of equal ids, as a dict look-up always did
        ids = list(order)
        cols: tuple[list, ...] = ([], [], [], [], [], [])
        for p in pairs:
            for rid in (p.a, p.b):
                if rid not in pos:
                    pos[rid] = len(ids)
                    ids.append(rid)
            for col, v in zip(cols, (pos[p.a], pos[p.b], p.similarity, p.a_covered, p.b_covered, _KIND_NO[p.kind])):
                col.append(v)
        a, b, s, x, y, k = cols
        return cls.from_values(ids, np.asarray(a, np.int64), np.asarray(b, np.int64), np.asarray(s, np.float64),
                               np.asarray(x, np.float64), np.asarray(y, np.float64), np.asarray(k, np.uint8))

    def rows(self) -> np.ndarray:
        """The table rows of this view, in order."""
        return np.arange(len(self.a)) if self.idx is None else self.idx

    def column(self, name: str) -> np.ndarray:
        """One column for the rows of this view (``a``, ``b``, ``kind``; the figures as float64)."""
        if name in ("similarity", "a_covered", "b_covered"):
            col = self.figures[getattr(self, {"similarity": "si", "a_covered": "ai", "b_covered": "bi"}[name])]
        else:
            col = getattr(self, name)
        return col if self.idx is None else col[self.idx]

    def concat(self, other: "Pairs", ids: list[str]) -> "Pairs":
        """A new table: this view's rows then ``other``'s, numbered by ``ids`` (both must use its numbers)."""
        cols = [np.concatenate([self.column(n), other.column(n)]) for n in ("a", "b", "similarity", "a_covered", "b_covered", "kind")]
        return Pairs.from_values(ids, *cols)

    def view(self, idx) -> "Pairs":
        """The rows ``idx`` of this view (positions in it), as a view of the same columns."""
        idx = np.asarray(idx)
        rows = idx if self.idx is None else self.idx[idx]
        return Pairs(self.ids, self.a, self.b, self.si, self.ai, self.bi, self.kind, self.figures, rows, self._floats)

    # ---- reading ------------------------------------------------------------
    @property
    def floats(self) -> list[float]:
        if self._floats is None:
            self._floats = self.figures.tolist()
        return self._floats

    def __len__(self) -> int:
        return len(self.a) if self.idx is None else len(self.idx)

    def _make(self, lo: int, hi: int) -> list[VersionPair]:
        if self.idx is None:
            s: Any = slice(lo, hi)
        else:
            s = self.idx[lo:hi]
        ids, fl = self.ids, self.floats
        return list(map(
            VersionPair,
            [ids[x] for x in self.a[s].tolist()],
            [ids[y] for y in self.b[s].tolist()],
            [fl[i] for i in self.si[s].tolist()],
            [fl[i] for i in self.ai[s].tolist()],
            [fl[i] for i in self.bi[s].tolist()],
            [KINDS[k] for k in self.kind[s].tolist()],
        ))

    def __getitem__(self, i):
        n = len(self)
        if isinstance(i, slice):
            start, stop, step = i.indices(n)
            if step == 1:
                return self._make(start, max(start, stop))
            return [self[j] for j in range(start, stop, step)]
        i = int(i)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("pair index out of range")
        return self._make(i, i + 1)[0]

    def __iter__(self) -> Iterator[VersionPair]:
        for lo in range(0, len(self), _BATCH):
            yield from self._make(lo, lo + _BATCH)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (Pairs, list, tuple)):
            return NotImplemented
        return len(self) == len(other) and all(x == y for x, y in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Pairs: {len(self)} version pairs>"

    def __reduce__(self):
        return (list, (list(self),))  # pickles (and copies) as a plain list of VersionPair

    # ---- bulk questions, on the columns -------------------------------------------
    def max_similarity(self) -> float:
        if not len(self):
            return 0.0
        si = self.si if self.idx is None else self.si[self.idx]
        return float(self.figures[si].max())

    def of_kind(self, kind: str) -> "Pairs":
        code = _KIND_NO.get(kind)
        return self.view(np.flatnonzero(self.column("kind") == code) if code is not None else [])

    def position(self, record_id: str) -> int | None:
        """The number of ``record_id`` in ``ids`` (the last, as when the table was numbered)."""
        ids = self.ids
        for i in range(len(ids) - 1, -1, -1):
            if ids[i] == record_id:
                return i
        return None

    def involving(self, record_id: str) -> "Pairs":
        """The pairs (rows of this view, in order) with ``record_id`` on either side."""
        p = self.position(record_id)
        if p is None or not len(self):
            return self.view(np.zeros(0, np.int64))
        return self.view(np.flatnonzero((self.column("a") == p) | (self.column("b") == p)))


def as_pairs(pairs: "Pairs | Iterable[VersionPair]", order: list[str]) -> Pairs:
    """``pairs`` as a table numbered by ``order`` (a table already numbered so is returned as it is)."""
    if isinstance(pairs, Pairs) and pairs.idx is None and (pairs.ids is order or pairs.ids == order):
        return pairs
    return Pairs.from_pairs(pairs, order)


_EDGE_CHUNK = 1 << 17  # edges looked at at a time in components(): the temporaries stay ~1 MB


def _compress(lab: np.ndarray) -> np.ndarray:
    while True:  # pointer jumping: every node to its root
        nxt = lab[lab]
        if np.array_equal(nxt, lab):
            return lab
        lab = nxt


def components(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Connected components of the edges a-b over nodes 0..n-1: each node's label is
    the smallest node of its component.  Roots are hooked onto smaller roots a chunk
    of edges at a time, every label pointing at its root again after each chunk,
    until every edge joins equal labels (each round lowers some label: it ends)."""
    lab = np.arange(n, dtype=np.int32 if n < 2**31 else np.int64)
    m = len(a)
    while m:
        changed = False
        for c0 in range(0, m, _EDGE_CHUNK):
            la, lb = lab[a[c0 : c0 + _EDGE_CHUNK]], lab[b[c0 : c0 + _EDGE_CHUNK]]
            diff = la != lb
            if diff.any():
                la, lb = la[diff], lb[diff]
                np.minimum.at(lab, np.maximum(la, lb), np.minimum(la, lb))  # a root onto a smaller root
                lab = _compress(lab)
                changed = True
        if not changed:
            break
    return lab


def group_rows(table: Pairs) -> list[tuple[list[int], Pairs]]:
    """Connected components of the table's pairs, biggest first (ties: the first member's number):
    ``(member numbers ascending, the component's pairs as a view sorted by similarity
    descending, then a's and b's numbers)``."""
    m = len(table)
    if not m:
        return []
    a = table.column("a")  # uint32: the temporaries stay 4 bytes a pair where they can
    b = table.column("b")
    lab = components(a, b, len(table.ids))
    comp = lab[a]
    figures = table.figures
    if len(figures) < 2**31 and bool((np.diff(figures) > 0).all()):
        # figures sorted and distinct: a larger index is a larger similarity
        desc = (len(figures) - 1) - table.column("si").astype(np.int32)
    else:
        desc = -table.column("similarity")
    perm = np.lexsort((b, a, desc, comp))  # stable: equal keys keep table order
    del desc
    perm = perm.astype(np.int32 if m < 2**31 else np.int64)
    cs = comp[perm]
    cut = np.flatnonzero(np.diff(cs)) + 1
    p_start, p_end = np.r_[0, cut], np.r_[cut, m]
    roots = cs[p_start]
    del cs, cut
    mark = np.zeros(len(table.ids), dtype=bool)
    mark[a] = True
    mark[b] = True
    members = np.flatnonzero(mark)  # ascending
    del a, b, mark
    mc = lab[members]  # members are ascending; a stable sort by component keeps them so
    morder = np.argsort(mc, kind="stable")
    members, mc = members[morder], mc[morder]
    mcut = np.flatnonzero(np.diff(mc)) + 1
    m_start, m_end = np.r_[0, mcut], np.r_[mcut, len(members)]
    sizes = m_end - m_start
    rows = perm
    out = []
    for g in np.lexsort((roots, -sizes)).tolist():
        out.append((members[m_start[g] : m_end[g]].tolist(), table.view(rows[p_start[g] : p_end[g]])))
    return out
