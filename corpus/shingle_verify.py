"""Verification of version-detection candidates: exact shared shingles of each candidate pair, the kept pairs' table.

Part of the engine in corpus.shingles (which re-exports these names): each
record's shingle set is a sorted run of one array of keys, so the shared
shingles of a pair are a ``searchsorted`` of the smaller set's keys in it,
batch after batch of pairs.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from corpus.pairs import Pairs
    from corpus.shingles import _Shingles

MIN_OVERLAP = 8  # containment needs at least this many shared shingles
MIN_SHINGLES = 8  # shorter records (under 12 words: "Question put and agreed to.") are not versions


class Cancelled(Exception):
    """Raised by find_versions when the cancel event is set."""


_VERIFY_CHUNK = 1 << 17  # shingles looked up per batch of pairs


def _verify_all(
    sh: "_Shingles", codes: Any, n: int, threshold: float, containment: float, cancel: threading.Event | None = None
) -> "Pairs":
    """The verified pairs among the candidates (codes ``a * n + b``), vectorised.

    A pair is kept when the Jaccard similarity of its shingle sets is at
    least ``threshold`` (``version``), or one side is at least
    ``containment`` inside the other with ``MIN_OVERLAP`` shared shingles
    (``part``); sets under ``MIN_SHINGLES`` are never versions.  Each set is
    a sorted run of ``sh.keys``, so ``|A & B|`` is a ``searchsorted`` of the
    smaller set's keys, re-tagged with the larger record, in the whole array —
    batch after batch of pairs (this replaced a Python set per record: about
    100 bytes a shingle, 1 GB at 100k records)."""
    return _pairs_of_parts(sh.ids, _verify_parts(sh, codes, n, threshold, containment, cancel))


def _verify_parts(sh: "_Shingles", codes: Any, n: int, threshold: float, containment: float, cancel: threading.Event | None = None) -> list[list[Any]]:
    """The kept columns of each slice of candidates (see _verify_all)."""
    return [list(_verify_slice(sh, codes[c0 : c0 + _VERIFY_CODES], n, threshold, containment, cancel))
            for c0 in range(0, len(codes), _VERIFY_CODES)]


def _in_code_order(parts: list[list[Any]], n: int) -> list[Any]:
    """The slices' columns joined and sorted by pair code ``a * n + b`` (one part)."""
    import numpy as np

    cols = [np.concatenate([p[k] for p in parts]) for k in range(6)]
    order = np.argsort(cols[0].astype(np.int64) * n + cols[1], kind="stable")
    for k in range(6):  # one column's copy at a time
        cols[k] = cols[k][order]
    return cols


def _pairs_of_parts(ids: list[str], parts: list[list[Any]], n: int | None = None, keep: Callable[[Any, Any], Any] | None = None) -> "Pairs":
    """``Pairs`` from _verify_parts' slices, which it empties: a column's
    slices are freed as the column is joined (one column's copy at a time).
    ``n``: the slices are not in code order (blocks): put the pairs in the
    order of their codes ``a * n + b``, as one pass over the codes gives.
    ``keep(a, b)``: a bool per pair (False: left out) or None (all kept),
    applied to the columns before the table is made (corpus.stock_text)."""
    import numpy as np

    from corpus.pairs import Pairs

    if not parts:
        return Pairs.empty(ids)
    cols = []
    for k in range(6):
        cols.append(np.concatenate([p[k] for p in parts]))
        for p in parts:
            p[k] = None
    parts.clear()
    if n is not None:
        order = np.argsort(cols[0].astype(np.int64) * n + cols[1], kind="stable")
        for k in range(6):  # one column's copy at a time
            cols[k] = cols[k][order]
        del order
    mask = keep(cols[0], cols[1]) if keep is not None and len(cols[0]) else None
    if mask is not None:
        for k in range(6):
            cols[k] = cols[k][mask]
        del mask
    a, b, inter, sa, sb, kind = cols
    del cols
    # columns, not objects: 17 bytes a pair (corpus.pairs), VersionPair made when read;
    # the figures are the filter's operations on the same counts: the same values
    return Pairs.from_counts(ids, a, b, inter, sa, sb, kind)


_VERIFY_CODES = 1 << 16  # candidate pairs verified at a time: the per-candidate arrays stay ~5 MB


def _verify_slice(sh: "_Shingles", codes: Any, n: int, threshold: float, containment: float, cancel: threading.Event | None):
    """_verify_all for some of the candidates: (a, b, shared shingles, a's and b's set sizes, kind code) kept."""
    import numpy as np

    keys = sh.keys
    gstart = sh.kstart
    shift = np.uint64(sh.shift)
    size = np.diff(gstart)
    if len(size) and int(size.max()) < 2**31:
        size = size.astype(np.int32)  # 4-byte temporaries per candidate, not 8
    idt = np.int32 if n < 2**31 else np.int64
    a, b = (codes // n).astype(idt), (codes % n).astype(idt)
    ok = (size[a] >= MIN_SHINGLES) & (size[b] >= MIN_SHINGLES)
    a, b = a[ok], b[ok]
    del ok
    a_small = size[a] <= size[b]
    small = np.where(a_small, a, b)
    large = np.where(a_small, b, a)
    del a_small
    order = np.argsort(large, kind="stable")  # nearby look-ups: faster searchsorted
    small, large = small[order], large[order]
    lens = size[small].astype(np.int64)
    inter = np.zeros(len(small), dtype=size.dtype)
    mask = np.uint64((1 << sh.shift) - 1)
    ends = np.cumsum(lens)
    c0 = 0
    while c0 < len(small):
        if cancel is not None and cancel.is_set():
            raise Cancelled
        base = int(ends[c0 - 1]) if c0 else 0
        c1 = max(c0 + 1, int(np.searchsorted(ends, base + _VERIFY_CHUNK, side="right")))
        ln = lens[c0:c1]
        tot = int(ln.sum())
        first = np.cumsum(ln) - ln  # where each pair's run starts in the batch
        idx = np.repeat(gstart[small[c0:c1]] - first, ln) + np.arange(tot, dtype=np.int64)
        q = (np.repeat(large[c0:c1].astype(np.uint64), ln) << shift) | (keys[idx] & mask)
        pos = np.searchsorted(keys, q)
        np.minimum(pos, len(keys) - 1, out=pos)
        found = keys[pos] == q
        inter[c0:c1] = np.add.reduceat(found.astype(np.int64), first) if tot else 0
        c0 = c1
    del small, large, lens, ends
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    inter = inter[back]
    del order, back
    sa, sb = size[a], size[b]
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = inter / (sa + sb - inter)
        cmax = inter / np.minimum(sa, sb)  # max(ca, cb)
    is_version = (inter > 0) & (jac >= threshold)
    is_part = (inter > 0) & ~is_version & (cmax >= containment) & (inter >= np.minimum(MIN_OVERLAP, np.minimum(sa, sb)))
    del cmax
    keep = np.flatnonzero(is_version | is_part)
    del is_part
    # one array at a time (each old one is freed as its kept copy is made)
    a = a[keep]
    b = b[keep]
    inter = inter[keep]
    sa = sa[keep]
    sb = sb[keep]
    del jac
    is_version = is_version[keep]
    del keep
    # the figures are worked out from these counts once every slice is done
    # (_pairs_of_parts): 12 bytes a kept pair, not 24, while the keys are held
    return a, b, inter, sa, sb, np.where(is_version, 0, 1).astype(np.uint8)
