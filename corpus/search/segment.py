"""One inverted index over entries (CSR posting lists), its building, and the corpus side: entries in corpus order."""

from __future__ import annotations

import bisect
import hashlib
import os
import threading
import zlib
from array import array
from typing import TYPE_CHECKING, Iterable

import numpy as np

if TYPE_CHECKING:
    from corpus.corpus import Corpus

from corpus.spill import Spill

from corpus.search.query import (
    PREFIX_MAX_TERMS,
    W_EDIT1,
    W_EDIT2,
    W_EXACT,
    W_PREFIX,
    Progress,
    SearchCancelled,
    _TOKEN,
    _fold,
    _Term,
    max_edits,
)

# ---------------------------------------------------------------------------
# segments


class _Segment:
    """One inverted index over a list of entries (passages and titles)."""

    def __init__(
        self,
        vocab: list[str],
        order: np.ndarray,
        ptr: np.ndarray,
        docs: np.ndarray,
        keys_blob: bytes,
        ntok: np.ndarray,
        fwd: np.ndarray,
        fwd_ptr: np.ndarray,
    ):
        self.vocab = vocab
        # every entry's words in text order, as term ids (entry e is
        # fwd[fwd_ptr[e]:fwd_ptr[e + 1]]): adjacency without reading the texts
        self.fwd = fwd
        self.fwd_ptr = fwd_ptr
        self.ntok = ntok  # distinct words per entry (ties go to the shorter)
        self.order = order  # term ids sorted by word
        self.sorted_words = [vocab[i] for i in order]
        self.ptr = ptr  # int64, len V+1
        self.docs = docs  # uint32 entry numbers
        self.df = np.diff(ptr)
        self.keys_blob = keys_blob  # "\n".join(entry keys), utf-8
        self.n = 0
        self.fwd_spill: "Spill | None" = None  # fwd's bytes in a temporary file, until saved (_build_segment)
        self.docs_spill: "Spill | None" = None  # the same for docs
        self.doc_rec = np.zeros(0, np.int32)  # record index in the corpus, -1 = dead
        self.doc_pas = np.zeros(0, np.int32)  # passage index, -1 = title
        self._term_of: dict[str, int] | None = None
        self._has_dead: bool | None = None  # computed once doc_rec is final
        self._buckets: dict[int, tuple[np.ndarray, list[str]]] | None = None

    @property
    def term_of(self) -> dict[str, int]:
        if self._term_of is None:
            self._term_of = {w: i for i, w in enumerate(self.vocab)}
        return self._term_of

    def keys(self) -> list[str]:
        return bytes(self.keys_blob).decode("utf-8").split("\n") if len(self.keys_blob) else []

    def buckets(self) -> dict[int, tuple[np.ndarray, list[str]]]:
        if self._buckets is None:
            by_len: dict[int, list[int]] = {}
            for i, w in enumerate(self.vocab):
                by_len.setdefault(len(w), []).append(i)
            self._buckets = {
                n: (np.asarray(ids, dtype=np.int64), [self.vocab[i] for i in ids]) for n, ids in by_len.items()
            }
        return self._buckets

    def expand(self, term: _Term) -> list[tuple[int, float]]:
        """(term id, weight) of the vocabulary words this query word matches."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        word = term.word
        out: dict[int, float] = {}
        exact = self.term_of.get(word)
        if exact is not None:
            out[exact] = W_EXACT
        if term.prefix:
            lo = bisect.bisect_left(self.sorted_words, word)
            hi = bisect.bisect_left(self.sorted_words, word + "\U0010ffff")
            ids = self.order[lo:hi]
            if len(ids) > PREFIX_MAX_TERMS:  # short prefixes: the most frequent completions
                ids = ids[np.argsort(-self.df[ids], kind="stable")[:PREFIX_MAX_TERMS]]
            for t in ids.tolist():
                out.setdefault(t, W_PREFIX)
        k = max_edits(word)
        if k:
            b = self.buckets()
            for n in range(len(word) - k, len(word) + k + 1):
                if n not in b:
                    continue
                ids, words = b[n]
                for _w, dist, j in process.extract(
                    word, words, scorer=OSA.distance, score_cutoff=k, limit=None, processor=None
                ):
                    t = int(ids[j])
                    w = W_EXACT if dist == 0 else W_EDIT1 if dist == 1 else W_EDIT2
                    if out.get(t, 0.0) < w:
                        out[t] = w
        return sorted(out.items(), key=lambda x: x[1])

    def weights(self, expansion: list[tuple[int, float]], out: np.ndarray) -> np.ndarray:
        """Dense per-entry best match weight into ``out`` (zeros; ascending writes: the best wins)."""
        for t, wt in expansion:
            out[self.docs[self.ptr[t] : self.ptr[t + 1]]] = wt
        return out

    @property
    def has_dead(self) -> bool:
        if self._has_dead is None:
            self._has_dead = bool((self.doc_rec < 0).any())
        return self._has_dead


def _build_segment(
    entries: Iterable[tuple[str, str]],
    total: int,
    progress: Progress | None,
    cancel: threading.Event | None,
    spill_dir: "os.PathLike[str] | str | None" = None,
) -> _Segment:
    """entries: (key, text).  Returns a segment with entries numbered 0..n-1.

    ``spill_dir``: the entries' words (``fwd``, 4 bytes a word: 35 MB at
    100,000 records, the build's biggest array) go to an unlinked temporary
    file there as they are made, instead of being held while the postings
    are worked out; the segment's ``fwd`` is then a read-only map of that file
    and ``fwd_spill`` says how to copy it into the saved index (persist.py).
    The postings (``docs``, 29 MB) go to another such file a range of terms at
    a time (``docs_spill``)."""
    vocab: dict[str, int] = {}
    setdefault = vocab.setdefault
    fwd = array("I")  # every word in text order, 4 bytes a word (not a Python int each)
    spill = Spill.open(spill_dir)
    fwd_n = array("Q", [0])
    blob = bytearray()  # "\n".join(keys).encode("utf-8"), made as it goes: no list of 300k key strings
    n = 0
    done = 0  # words already in the spill file
    step = _PROGRESS_EVERY
    for i, (key, text) in enumerate(entries):
        if i % step == 0:
            if cancel is not None and cancel.is_set():
                raise SearchCancelled("index build cancelled")
            if progress:
                progress(i, total, "indexing")
        low = text.lower()
        words = _TOKEN.findall(low)
        if not low.isascii():
            words = [_fold(w) for w in words]
        fwd.extend([setdefault(w, len(vocab)) for w in words])
        fwd_n.append(done + len(fwd))
        if spill is not None and len(fwd) >= _SPILL_WORDS:
            spill.write(fwd)
            done += len(fwd)
            fwd = array("I")
        if n:
            blob += b"\n"
        blob += key.encode("utf-8")
        n += 1
    keys_blob = bytes(blob)
    del blob
    V = len(vocab)
    fwd_ptr = np.frombuffer(fwd_n, dtype=np.uint64).astype(np.int64)
    del fwd_n
    docs_spill = Spill.open(spill_dir) if spill is not None else None
    if spill is not None:
        spill.write(fwd)
        del fwd
        ntok, ptr, docs = _postings(spill, fwd_ptr, V, docs_spill)
        fwd_a = spill.array(np.uint32)
        if docs_spill is not None:
            docs = docs_spill.array(np.uint32)
    else:
        fwd_a = np.frombuffer(fwd, dtype=np.uint32) if len(fwd) else np.zeros(0, np.uint32)
        ntok, ptr, docs = _postings(fwd_a, fwd_ptr, V)
    words = list(vocab)
    del vocab
    order = np.asarray(sorted(range(V), key=words.__getitem__), dtype=np.int64)
    seg = _Segment(words, order, ptr, docs, keys_blob, ntok, fwd_a, fwd_ptr)
    seg.fwd_spill, seg.docs_spill = spill, docs_spill
    seg.n = n
    return seg


_PROGRESS_EVERY = 20000  # entries between progress reports (and checks of the cancel event)
_SPILL_WORDS = 1 << 20  # words gathered before they are written to the spill file (4 MB)


_TOKENS_AT_ONCE = 1 << 18  # words of the entries whose postings are worked out together


def _chunks(fwd_ptr: np.ndarray):
    """Ranges of entries (e0, e1) holding about _TOKENS_AT_ONCE words each."""
    n = len(fwd_ptr) - 1
    e0 = 0
    while e0 < n:
        e1 = int(np.searchsorted(fwd_ptr, fwd_ptr[e0] + _TOKENS_AT_ONCE, side="right")) - 1
        e1 = min(n, max(e1, e0 + 1))
        yield e0, e1
        e0 = e1


def _distinct(fwd: np.ndarray, fwd_ptr: np.ndarray, e0: int, e1: int) -> tuple[np.ndarray, np.ndarray]:
    """(entry, term) of every distinct word of entries e0..e1-1, by entry then term."""
    lens = np.diff(fwd_ptr[e0 : e1 + 1])
    ent = np.repeat(np.arange(e1 - e0, dtype=np.uint64), lens)
    ent <<= np.uint64(32)
    ent |= fwd.read(int(fwd_ptr[e0]), int(fwd_ptr[e1]), np.uint32) if isinstance(fwd, Spill) else fwd[fwd_ptr[e0] : fwd_ptr[e1]]
    ent.sort()  # (np.unique hashes first in numpy 2: ~40x slower here)
    u = ent[np.r_[True, ent[1:] != ent[:-1]]] if len(ent) else ent
    del ent
    return (u >> np.uint64(32)).astype(np.int64) + e0, (u & np.uint64(0xFFFFFFFF)).astype(np.int64)


def _postings(fwd, fwd_ptr: np.ndarray, V: int, docs_spill: "Spill | None" = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ntok, ptr, docs) from the entries' words: distinct words per entry, and CSR
    posting lists (each term's entries ascending).  Worked out a chunk of entries at
    a time, twice (count, then place each entry in its terms' lists), so the only
    big arrays are the words and the postings themselves: no array of every
    (term, entry) pair, and no int64 sort permutation of it (about 100 MB fewer at
    100,000 records than sorting them all at once).

    ``docs_spill``: the postings are placed a range of terms at a time (up to
    _DOC_RANGES passes over the words), each range written to it and freed, and
    ``docs`` is that spill file (29 MB fewer held at 100,000 records)."""
    n = len(fwd_ptr) - 1
    ntok = np.zeros(n, np.uint32)
    df = np.zeros(V, np.int64)
    for e0, e1 in _chunks(fwd_ptr):
        ent, tid = _distinct(fwd, fwd_ptr, e0, e1)
        ntok[e0:e1] = np.bincount(ent - e0, minlength=e1 - e0)
        df += np.bincount(tid, minlength=V)
    ptr = np.zeros(V + 1, dtype=np.int64)
    np.cumsum(df, out=ptr[1:])
    del df
    total = int(ptr[-1])
    if docs_spill is None:
        docs = np.empty(total, dtype=np.uint32)
        _place(fwd, fwd_ptr, ptr, 0, V, docs)
        return ntok, ptr, docs
    k = max(1, min(_DOC_RANGES, -(-total // _POSTINGS_AT_ONCE)))
    # term ranges of about total / k postings each (every term has at least one)
    bounds = [0] + [int(np.searchsorted(ptr, total * r // k, side="left")) for r in range(1, k)] + [V]
    for t0, t1 in zip(bounds, bounds[1:]):
        if t1 > t0:
            part = np.empty(int(ptr[t1] - ptr[t0]), dtype=np.uint32)
            _place(fwd, fwd_ptr, ptr, t0, t1, part)
            docs_spill.write(part)
            del part
    return ntok, ptr, docs_spill


_DOC_RANGES = 2  # at most this many passes over the words when the postings go to a spill file
_POSTINGS_AT_ONCE = 1 << 21  # postings per range, below that many passes (8 MB)


def _place(fwd, fwd_ptr: np.ndarray, ptr: np.ndarray, t0: int, t1: int, out: np.ndarray) -> None:
    """The posting lists of terms t0..t1-1 into ``out`` (= docs[ptr[t0]:ptr[t1]])."""
    base = int(ptr[t0])
    cursor = ptr[t0:t1] - base  # where each term's next entry goes
    whole = t0 == 0 and t1 == len(ptr) - 1
    for e0, e1 in _chunks(fwd_ptr):
        ent, tid = _distinct(fwd, fwd_ptr, e0, e1)
        if not whole:
            sel = (tid >= t0) & (tid < t1)
            ent, tid = ent[sel], tid[sel]
            del sel
            tid -= t0
        o = np.argsort(tid, kind="stable")  # entries stay ascending within a term
        ts, es = tid[o], ent[o]
        del o, ent, tid
        if not len(ts):
            continue
        starts = np.flatnonzero(np.r_[True, ts[1:] != ts[:-1]])
        runs = np.diff(np.r_[starts, len(ts)])
        rank = np.arange(len(ts)) - np.repeat(starts, runs)
        out[cursor[ts] + rank] = es
        cursor[ts[starts]] += runs


# ---------------------------------------------------------------------------
# the corpus side: entries in corpus order


def _entries(corpus: "Corpus") -> tuple[list[str], np.ndarray, np.ndarray]:
    """Keys, record index and passage index (-1: the title) of every entry."""
    keys: list[str] = []
    rec_l: list[int] = []
    pas_l: list[int] = []
    for ri, rec in enumerate(corpus.records):
        ps = rec.passages
        if rec.title:
            keys.append(f"{rec.id}#t{zlib.crc32(rec.title.encode('utf-8')):08x}")
            rec_l.append(ri)
            pas_l.append(-1)
        keys.extend([p.id for p in ps])
        rec_l.extend([ri] * len(ps))
        pas_l.extend(range(len(ps)))
    return keys, np.asarray(rec_l, dtype=np.int32), np.asarray(pas_l, dtype=np.int32)


def _corpus_key(keys: list[str]) -> str:
    return hashlib.sha1("\n".join(keys).encode("utf-8")).hexdigest()


def _title_key(rec) -> str:
    return f"{rec.id}#t{zlib.crc32(rec.title.encode('utf-8')):08x}"


def _entry_texts(corpus: "Corpus"):
    """(key, text) of every entry, in the order of :func:`_entries`, made as read."""
    for rec in corpus.records:
        if rec.title:
            yield _title_key(rec), rec.title
        for p in rec.passages:
            yield p.id, p.text


def _entry_arrays(corpus: "Corpus") -> tuple[np.ndarray, np.ndarray]:
    """Record index and passage index (-1: the title) of every entry, as :func:`_entries`
    gives them, without a list of keys or of Python ints."""
    recs = corpus.records
    n = len(recs)
    has_title = np.fromiter((1 if r.title else 0 for r in recs), np.int64, n)
    npas = np.fromiter((len(r.passages) for r in recs), np.int64, n)
    per = has_title + npas
    total = int(per.sum())
    rec_a = np.repeat(np.arange(n, dtype=np.int32), per)
    first = np.cumsum(per) - per  # each record's first entry
    pas_a = np.arange(total, dtype=np.int64) - np.repeat(first + has_title, per)  # the title gets -1
    return rec_a, pas_a.astype(np.int32)


def _corpus_key_of(corpus: "Corpus") -> str:
    """``_corpus_key(keys)`` of the corpus's entries, hashed as they are made (no list, no joined copy)."""
    h = hashlib.sha1()
    sep = b""
    for key, _text in _entry_texts(corpus):
        h.update(sep)
        h.update(key.encode("utf-8"))
        sep = b"\n"
    return h.hexdigest()


def _collection_name(corpus: "Corpus") -> str:
    files = {r.source_file for r in corpus.records if r.source_file}
    dirs = sorted({os.path.abspath(d) for d in {os.path.dirname(f) for f in files}})
    return hashlib.sha1("\n".join(dirs).encode("utf-8")).hexdigest()[:16]
