"""Near-duplicate detection, the engine behind corpus.versions: shingles, candidate pairs, verification.

How it works (hash-sampled word 5-gram shingles, an inverted index without
boilerplate, exact Jaccard and containment) and what it measured is told in
``corpus/versions.py``; the pair kinds and ``VersionPair`` are defined here.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:
    from corpus.pairs import Pairs
    from corpus.spill import Spill

from corpus.model import Record
from corpus.pair_model import CORRECTION, PART, VERSION, VersionPair  # noqa: F401  (re-exported)
from corpus.shingle_verify import (  # noqa: F401  (verification, re-exported: part of the engine)
    MIN_OVERLAP, MIN_SHINGLES, _VERIFY_CHUNK, _VERIFY_CODES, Cancelled, _in_code_order, _pairs_of_parts, _verify_all,
    _verify_parts, _verify_slice,
)
from corpus.stock_text import STOCK_SHINGLES, drop_stock, stock_keep  # noqa: F401  (drop_stock re-exported)

SHINGLE = 5  # words per shingle
SAMPLE_MOD = 4  # index shingles whose hash % SAMPLE_MOD == 0
MAX_DF = 64  # sampled shingles in more records than this are boilerplate
FULL_INDEX_BELOW = 40  # records with fewer shingles index all of them, not a sample


Progress = Callable[[int, int, str], None]


# ASCII letters and digits and all non-ASCII bytes stay; other ASCII bytes split words.
_BYTE_TABLE = bytes(b if (b >= 128 or chr(b).isalnum()) else 32 for b in range(256))
_SEPARATORS = "‘’‚‛“”„‟′″–—―‒−…•·«»‹›"


def _words(text: str) -> list[bytes]:
    """Words as UTF-8 bytes (fast path of :func:`normalise_words`)."""
    text = text.lower()
    for c in _SEPARATORS:
        if c in text:
            text = text.replace(c, " ")
    return text.encode("utf-8", "surrogatepass").translate(_BYTE_TABLE).split()


def normalise_words(text: str) -> list[str]:
    """Words for shingling: lower-cased; ASCII punctuation, quotes and dashes are separators."""
    return [w.decode("utf-8", "surrogatepass") for w in _words(text)]


# ---------------------------------------------------------------- shingles


@dataclass
class _Shingles:
    """Every record's shingle *set*, as flat numpy arrays.

    ``keys`` holds one uint64 per distinct shingle of a record,
    ``record << (64 - bits) | hash >> bits`` (``bits``: the bit length of the
    record count, so the shingle's identity is the hash's top ``64 - bits``
    bits, as the candidate search has always used), sorted: record by record,
    each record's run sorted.  ``sampled`` marks the keys whose full hash is
    0 modulo ``SAMPLE_MOD``; ``counts`` is each record's number of shingles
    before de-duplication.  About 9 bytes a shingle, where a Python set of
    Python ints took about 100."""

    ids: list[str]
    keys: Any
    sampled: Any
    counts: Any
    bits: int
    kstart: Any = None  # int64 (n+1): record i owns keys[kstart[i]:kstart[i + 1]]
    full_kstart: Any = None  # with a spill (sample=True): where each record's full keys are in the spill file

    @property
    def shift(self) -> int:
        return 64 - self.bits


def _shingle_sets(
    records: list[Record], cancel: threading.Event | None = None, ranges: list[tuple[int, int]] | None = None, sample: bool = False,
    spill: "Spill | None" = None,
) -> _Shingles:
    """The shingle sets of ``records`` (texts shingled batch by batch).

    ``ranges``: only the records ``lo:hi`` of these (ascending, disjoint)
    ranges, numbered as in the whole list; the others own empty runs and a
    count of 0 (verification a block of records at a time).  ``sample``: keep
    only the keys the candidate search reads (sampled ones, and every key of a
    record under FULL_INDEX_BELOW shingles), with ``sampled`` None and
    ``kstart`` over those runs (a quarter of the keys at 100k records).
    ``spill`` (with ``sample``): every record's full keys are also written to
    it, in order (``full_kstart`` says where), for verification to read a
    block of records at a time instead of shingling the texts again."""
    import numpy as np

    n = len(records)
    bits = max(1, int(n).bit_length())
    shift = np.uint64(64 - bits)
    if ranges is None:
        ranges = [(0, n)]
    chunks = [(c0, min(c0 + _CHUNK, hi)) for lo, hi in ranges for c0 in range(lo, hi, _CHUNK)]
    # Written into arrays sized for the most shingles the texts could have (a
    # word and a separator per 2 characters): pages never written are never
    # resident, so this costs the keys actually made, without the list of
    # batches plus the concatenated copy (twice the keys) at the end.
    cap = sum((sum(len(p.text) + 2 for p in r.passages) + 1) // 2 + 1 for lo, hi in ranges for r in records[lo:hi])
    keys = np.empty(cap, dtype=np.uint64)
    flags = np.empty(cap if not sample else 0, dtype=bool)  # (the sample needs no flags)
    used = 0
    counts = np.zeros(n, dtype=np.int64)
    sizes = np.zeros(n, dtype=np.int64)
    full_sizes = np.zeros(n, dtype=np.int64) if spill is not None else None
    for c0, c1 in chunks:
        if cancel is not None and cancel.is_set():
            raise Cancelled
        batch = records[c0:c1]
        h, c = _shingle_chunk([r.text for r in batch])
        rec = np.repeat(np.arange(c0, c0 + len(batch), dtype=np.uint64), c)
        k = (rec << shift) | (h >> np.uint64(bits))
        f = (h % np.uint64(SAMPLE_MOD)) == 0
        del h, rec
        o = np.argsort(k, kind="stable")
        k, f = k[o], f[o]
        if len(k):
            first = np.concatenate([[True], k[1:] != k[:-1]])
            # a duplicate shingle has the same hash: sampled alike (any() for safety)
            f = np.logical_or.reduceat(f, np.flatnonzero(first)) if not first.all() else f
            k = k[first]
        sizes[c0:c1] = np.bincount((k >> shift).astype(np.int64) - c0, minlength=len(batch))
        if full_sizes is not None:
            spill.write(k)
            full_sizes[c0:c1] = sizes[c0:c1]
        if sample:  # what _candidates selects from the full keys, chunk by chunk
            pick = f | np.repeat(c < FULL_INDEX_BELOW, sizes[c0:c1])
            k = k[pick]
            sizes[c0:c1] = np.bincount((k >> shift).astype(np.int64) - c0, minlength=len(batch))
            del pick
        if used + len(k) > len(keys):  # more than the estimate (non-ASCII bytes split words): grow
            grow = max(len(keys) // 2, used + len(k) - len(keys))
            keys = np.concatenate([keys[:used], np.empty(len(keys) - used + grow, np.uint64)])
            if not sample:
                flags = np.concatenate([flags[:used], np.empty(len(flags) - used + grow, bool)])
        keys[used : used + len(k)] = k
        if not sample:
            flags[used : used + len(k)] = f
        used += len(k)
        counts[c0:c1] = c
        del k, f
    kstart = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=kstart[1:])
    sh = _Shingles([r.id for r in records], keys[:used], None if sample else flags[:used], counts, bits, kstart)
    if full_sizes is not None:
        sh.full_kstart = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(full_sizes, out=sh.full_kstart[1:])
    return sh


def _spilled_sets(spill: "Spill", full_kstart: Any, ids: list[str], counts: Any, bits: int, ranges: list[tuple[int, int]]) -> _Shingles:
    """``_shingle_sets(records, ranges=ranges)`` (without ``sampled``) read from the keys spilled by the first pass."""
    import numpy as np

    n = len(ids)
    sizes = np.zeros(n, dtype=np.int64)
    total = 0
    for lo, hi in ranges:
        sizes[lo:hi] = np.diff(full_kstart[lo : hi + 1])
        total += int(full_kstart[hi] - full_kstart[lo])
    keys = np.empty(total, dtype=np.uint64)
    at = 0
    for lo, hi in ranges:
        m = int(full_kstart[hi] - full_kstart[lo])
        spill.read_into(keys[at : at + m], int(full_kstart[lo]))
        at += m
    kstart = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=kstart[1:])
    return _Shingles(ids, keys, None, counts, bits, kstart)


def _shingle(texts: Iterable[str], cancel: threading.Event | None = None) -> tuple[Any, Any]:
    """Shingle hashes of every text (uint64, grouped by text) and ``starts`` (n+1).

    Texts are consumed in chunks of ``_CHUNK`` so that the temporaries (word
    ids, positions) stay a few MB instead of several times the corpus: word
    ids are 4-byte CRC-32s in an ``array``, never a list of Python ints."""
    import numpy as np

    hs: list[Any] = []
    counts: list[Any] = []
    batch: list[str] = []
    for i, t in enumerate(texts):
        if cancel is not None and i % 5000 == 0 and cancel.is_set():
            raise Cancelled
        batch.append(t)
        if len(batch) == _CHUNK:
            h, c = _shingle_chunk(batch)
            hs.append(h)
            counts.append(c)
            batch = []
    if batch or not hs:
        h, c = _shingle_chunk(batch)
        hs.append(h)
        counts.append(c)
    h = np.concatenate(hs) if len(hs) > 1 else hs[0]
    cnt = np.concatenate(counts) if len(counts) > 1 else counts[0]
    starts = np.zeros(len(cnt) + 1, dtype=np.int64)
    np.cumsum(cnt, out=starts[1:])
    return h, starts


_CHUNK = 2048  # texts per shingling batch (4096: ~8 MB more of temporaries at 100k)


def _shingle_chunk(texts: list[str]) -> tuple[Any, Any]:
    """Hashes and per-text shingle counts of a batch (shingles never cross texts)."""
    import numpy as np

    # Words are identified by their CRC-32 (fast, and the same in every run,
    # unlike Python's salted str hash, so results are reproducible).
    from array import array
    from zlib import crc32

    ids = array("I")
    lengths = array("q")
    for t in texts:
        words = _words(t)
        lengths.append(len(words))
        ids.extend(map(crc32, words))
    arr = np.frombuffer(ids, dtype=np.uint32).astype(np.uint64) if len(ids) else np.zeros(0, np.uint64)
    arr += np.uint64(1)
    lengths = np.frombuffer(lengths, dtype=np.int64) if len(lengths) else np.zeros(0, np.int64)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    mult = _mult()
    n = len(arr)
    with np.errstate(over="ignore"):
        if n >= SHINGLE:
            m = n - SHINGLE + 1
            h = arr[:m] * mult[0]
            for k in range(1, SHINGLE):
                h += arr[k : m + k] * mult[k]
        else:
            h = np.zeros(0, dtype=np.uint64)
        # position p is a shingle of text r when p + SHINGLE <= offsets[r + 1]
        rec = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[: len(h)]
        valid = np.arange(SHINGLE, len(h) + SHINGLE, dtype=np.int64) <= offsets[rec + 1]
        h, rec = h[valid], rec[valid]
        # texts shorter than a shingle: one shingle of all their words
        short = np.flatnonzero((lengths > 0) & (lengths < SHINGLE))
        if len(short):
            extra_h = np.zeros(len(short), dtype=np.uint64)
            for k in range(SHINGLE - 1):
                idx = np.minimum(offsets[short] + k, offsets[short + 1] - 1)
                has = offsets[short] + k < offsets[short + 1]
                extra_h = extra_h + np.where(has, arr[np.minimum(idx, n - 1)], np.uint64(0)) * mult[k]
            h = np.concatenate([h, extra_h])
            rec = np.concatenate([rec, short])
            order = np.argsort(rec, kind="stable")
            h, rec = h[order], rec[order]
        # mix (splitmix64 finaliser) so that the low bits are uniform
        h ^= h >> np.uint64(31)
        h *= np.uint64(0x7FB5D329728EA185)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x81DADEF4BC2DD44D)
        h ^= h >> np.uint64(33)
    counts = np.bincount(rec, minlength=len(texts)).astype(np.int64)
    return h, counts


@functools.lru_cache(maxsize=1)
def _mult() -> Any:
    import numpy as np

    rng = np.random.default_rng(0x5EED)
    return rng.integers(1, 2**63, size=SHINGLE, dtype=np.uint64) | np.uint64(1)


def _candidates(sh: _Shingles, n: int, consume: bool = False) -> Any:
    """Candidate pairs (codes a * n + b, a < b) sharing enough sampled shingles.

    ``consume``: drop ``sh.keys`` and ``sh.sampled`` once the sample is taken
    (the search itself needs only the sampled keys: 59 MB less held while the
    pairs are counted at 100k records)."""
    import numpy as np

    # Short records index every shingle (a superset of their sample, so pairs
    # with long records are still found through the sample): fewer misses.
    if sh.sampled is None:  # _shingle_sets(sample=True): the keys are the sample already
        sel = sh.keys if consume else sh.keys.copy()  # changed in place below
    else:
        short = sh.counts < FULL_INDEX_BELOW
        keep = sh.sampled | np.repeat(short, np.diff(sh.kstart))
        del short
        sel = sh.keys[keep]
        del keep
    if consume:
        sh.keys = sh.sampled = None
    bits = sh.bits
    # (shingle identity << bits) | record, from record << (64 - bits) | identity:
    # in place, a slice at a time (one array of the sampled keys, not two)
    key = sel
    del sel
    step = _PAIR_BATCH
    part = kept = got = rec = None  # views of key: all dropped below, so that it is freed with hh
    for c0 in range(0, len(key), step):
        part = key[c0 : c0 + step]
        rec = part >> np.uint64(sh.shift)
        part <<= np.uint64(bits)
        part |= rec
    key.sort()  # sort + mask: much faster than np.unique's hashing on big arrays
    m = 0  # duplicates dropped in place: each slice's kept keys move to the front
    prev = None  # the last key of the previous slice, as read (before any write)
    for c0 in range(0, len(key), step):
        part = key[c0 : c0 + step]
        kept = np.concatenate([[prev is None or part[0] != prev], part[1:] != part[:-1]])
        prev = part[-1].copy()
        got = part[kept]  # copied out before any is written (m <= c0)
        key[m : m + len(got)] = got
        m += len(got)
    del part, kept, got, rec
    key = key[:m]  # a view: the few duplicates' room is freed with the array
    small_int = np.int32 if n < 2**31 and len(key) < 2**31 else np.int64  # 4-byte arrays while the pairs are counted
    docs = np.empty(len(key), dtype=small_int)
    low = np.uint64((1 << bits) - 1)
    for c0 in range(0, len(key), step):
        docs[c0 : c0 + step] = key[c0 : c0 + step] & low
    key >>= np.uint64(bits)
    hh = key
    del key
    per_doc = np.zeros(n, dtype=np.int64)
    for c0 in range(0, len(docs), step):  # in slices: bincount copies its input to int64
        per_doc += np.bincount(docs[c0 : c0 + step], minlength=n)
    if len(hh) == 0:
        return np.zeros(0, dtype=np.int64), per_doc
    starts = np.flatnonzero(np.concatenate([[True], hh[1:] != hh[:-1]])).astype(small_int)
    sizes = np.diff(np.concatenate([starts, [len(hh)]])).astype(small_int)
    del hh
    # Pair codes of each shingle's records, counted batch by batch (a running
    # sorted unique array with counts) instead of one array of every code
    # (17M codes, 140 MB, at 100k records) sorted at the end.
    # The running array is kept in _CODE_BUCKETS ranges of codes, each merged
    # on its own: a merge copies one range, not every code seen so far (the
    # whole-array copy was the detection's peak, ~25 MB at 100k records).
    nb = _CODE_BUCKETS
    edges = np.array([(j * n * n) // nb for j in range(1, nb)], dtype=np.int64)
    # codes kept relative to their range's first: 4 bytes a code when a range is under 2**32 codes
    lows = np.concatenate([[0], edges]).astype(np.int64)
    rel = np.uint32 if (n * n) // nb + 1 < 2**32 else np.int64
    uniqs = [np.zeros(0, dtype=rel) for _ in range(nb)]
    cnts = [np.zeros(0, dtype=np.uint8) for _ in range(nb)]  # clipped at 2: only "seen twice" matters
    batch: list[Any] = []
    pending = 0

    def merge(uniq, counts, bu, bc):
        if not len(uniq):
            return bu, bc
        # merge into the running sorted array: one copy of it, not a re-sort
        pos = np.searchsorted(uniq, bu)
        hit = np.zeros(len(bu), dtype=bool)
        inb = pos < len(uniq)
        hit[inb] = uniq[pos[inb]] == bu[inb]
        counts[pos[hit]] = np.minimum(counts[pos[hit]] + bc[hit], 2)
        fresh = ~hit
        return np.insert(uniq, pos[fresh], bu[fresh]), np.insert(counts, pos[fresh], bc[fresh])

    def fold(batch):
        allc = np.concatenate(batch)
        allc.sort()
        first = np.flatnonzero(np.concatenate([[True], allc[1:] != allc[:-1]]))
        bu = allc[first]
        bc = np.minimum(np.diff(np.append(first, len(allc))), 2).astype(np.uint8)
        del allc, first
        cut = np.concatenate([[0], np.searchsorted(bu, edges), [len(bu)]])
        for j in range(nb):
            if cut[j + 1] > cut[j]:
                part = (bu[cut[j] : cut[j + 1]] - lows[j]).astype(rel)
                uniqs[j], cnts[j] = merge(uniqs[j], cnts[j], part, bc[cut[j] : cut[j + 1]])

    for k in np.unique(sizes):
        if k < 2 or k > MAX_DF:
            continue
        g = starts[sizes == k]
        iu, ju = np.triu_indices(int(k), 1)
        for g0 in range(0, len(g), max(1, _PAIR_BATCH // len(iu))):
            mat = docs[g[g0 : g0 + max(1, _PAIR_BATCH // len(iu)), None] + np.arange(k)].astype(np.int64)
            batch.append((mat[:, iu] * n + mat[:, ju]).ravel())
            pending += len(batch[-1])
            if pending >= _PAIR_BATCH:
                fold(batch)
                batch, pending = [], 0
    if batch:
        fold(batch)
    del batch
    out = []
    for j in range(nb):  # range by range, each freed once filtered
        uniq, counts = uniqs[j], cnts[j]
        uniqs[j] = cnts[j] = None
        keep = counts >= 2
        del counts
        for c0 in range(0, len(uniq), _PAIR_BATCH):  # in slices: no five arrays of every code at once
            u = uniq[c0 : c0 + _PAIR_BATCH].astype(np.int64) + lows[j]
            keep[c0 : c0 + _PAIR_BATCH] |= np.minimum(per_doc[u // n], per_doc[u % n]) <= 3
        out.append(uniq[keep].astype(np.int64) + lows[j])
        del uniq, keep
    return np.concatenate(out), per_doc


_CODE_BUCKETS = 32  # ranges of pair codes the running counts are kept in
_PAIR_BATCH = 1 << 18  # candidate pair codes counted per batch (1 << 20 peaked ~25 MB higher at 100k)
_VERIFY_BLOCKS = 4  # blocks of records verified two at a time (each block shingled again per pair of blocks)
_SPILL_BLOCKS = 12  # the same, each block's keys read back from the spill file (cheap: more, smaller blocks)
_BLOCKS_FROM = 20_000  # smaller corpora: one pass over all keys (they are a few MB)
def _pairs_direct(a: Record, b: Record, kind: str) -> VersionPair:
    h, starts = _shingle([a.text, b.text])
    sa, sb = set(h[starts[0] : starts[1]].tolist()), set(h[starts[1] : starts[2]].tolist())
    inter = len(sa & sb)
    union = len(sa | sb) or 1
    return VersionPair(a.id, b.id, inter / union, inter / (len(sa) or 1), inter / (len(sb) or 1), kind)


def find_pairs(
    records: list[Record],
    threshold: float = 0.5,
    containment: float = 0.8,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    spill_dir: Any = None,
) -> "Pairs":
    """Verified version pairs among ``records`` (no correction pairs), as a
    read-only sequence of :class:`VersionPair` held in columns (corpus.pairs),
    numbered by the records' positions.  ``spill_dir``: a directory for an
    unlinked temporary file of the full shingle keys (big corpora; see below)."""
    n = len(records)
    if n < 2:
        from corpus.pairs import Pairs

        return Pairs.empty([r.id for r in records])

    def step(done: int, what: str) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled
        if progress:
            progress(done, 4, what)

    step(0, "shingling")
    from corpus.spill import Spill

    spill = Spill.open(spill_dir) if n >= _BLOCKS_FROM else None
    sh = _shingle_sets(records, cancel, sample=True, spill=spill)  # only what the candidate search reads
    full_kstart, counts, bits = sh.full_kstart, sh.counts, sh.bits
    step(1, "finding candidates")
    # The full keys are not held while the candidates are counted (that was
    # the detection's peak): read back from the spill file a block at a time
    # for verification, or (no spill file) shingled again, the same keys.
    codes, _ = _candidates(sh, n, consume=True)
    ids = sh.ids
    del sh
    step(2, f"verifying {len(codes)} candidate pairs")
    import numpy as np

    # A block pair of records at a time (big corpora): the keys of two of
    # nb blocks are held, not all of them (61 MB at 100k records), read from
    # the spill file (_SPILL_BLOCKS: 10 MB) or made again by shingling each
    # block once per block pair (_VERIFY_BLOCKS).
    nb = (_SPILL_BLOCKS if spill is not None else _VERIFY_BLOCKS) if n >= _BLOCKS_FROM else 1
    edges = [n * j // nb for j in range(nb + 1)]
    parts: list[list[Any]] = []
    short = np.zeros(n, dtype=bool)  # records under STOCK_SHINGLES distinct shingles (corpus.stock_text)
    # each block's candidates (a in the block) copied out, and freed once the block is done
    cut = np.searchsorted(codes, np.asarray(edges, dtype=np.int64) * n)
    by_block = [codes[cut[i] : cut[i + 1]].copy() for i in range(nb)]
    del codes, cut
    for i in range(nb):
        ci, by_block[i] = by_block[i], None
        first = len(parts)
        bj = np.searchsorted(np.asarray(edges[1:-1], dtype=np.int64), ci % n, side="right")  # b's block
        for j in range(i, nb):
            cj = ci[bj == j] if nb > 1 else ci
            if not len(cj):
                continue
            blocks = [(edges[i], edges[i + 1])] + ([(edges[j], edges[j + 1])] if j != i else [])
            if spill is not None:
                if cancel is not None and cancel.is_set():
                    raise Cancelled
                sh = _spilled_sets(spill, full_kstart, ids, counts, bits, blocks)
            else:
                sh = _shingle_sets(records, cancel, blocks)
            sh.sampled = None  # only the candidate search reads it
            for lo, hi in {(edges[i], edges[i + 1]), (edges[j], edges[j + 1])}:  # full keys of these blocks
                short[lo:hi] = np.diff(sh.kstart[lo : hi + 1]) < STOCK_SHINGLES
            parts += _verify_parts(sh, cj, n, threshold, containment, cancel)
            del sh, cj
        del ci, bj
        if nb > 1 and len(parts) > first + 1:  # block i's pairs in code order (a is in block i: the blocks follow)
            parts[first:] = [_in_code_order(parts[first:], n)]
    del by_block  # the shingle keys are gone before the columns are joined
    if spill is not None:
        spill.close()
    pairs = _pairs_of_parts(ids, parts, None, lambda a, b: stock_keep(records, short, a, b))
    step(3, "grouping")
    return pairs
