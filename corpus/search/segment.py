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

from corpus.search.query import (
    PREFIX_MAX_TERMS,
    W_EDIT1,
    W_EDIT2,
    W_EXACT,
    W_PREFIX,
    Progress,
    SearchCancelled,
    _Term,
    _word_set,
    max_edits,
)

# ---------------------------------------------------------------------------
# segments


class _Segment:
    """One inverted index over a list of entries (passages and titles)."""

    def __init__(
        self, vocab: list[str], order: np.ndarray, ptr: np.ndarray, docs: np.ndarray, keys_blob: bytes, ntok: np.ndarray
    ):
        self.vocab = vocab
        self.ntok = ntok  # distinct words per entry (ties go to the shorter)
        self.order = order  # term ids sorted by word
        self.sorted_words = [vocab[i] for i in order]
        self.ptr = ptr  # int64, len V+1
        self.docs = docs  # uint32 entry numbers
        self.df = np.diff(ptr)
        self.keys_blob = keys_blob  # "\n".join(entry keys), utf-8
        self.n = 0
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
) -> _Segment:
    """entries: (key, text).  Returns a segment with entries numbered 0..n-1."""
    vocab: dict[str, int] = {}
    setdefault = vocab.setdefault
    term_ids = array("I")  # 4 bytes per posting while building, not a Python int each
    counts = array("I")
    keys: list[str] = []
    extend = term_ids.extend
    step = 20000
    for i, (key, text) in enumerate(entries):
        if i % step == 0:
            if cancel is not None and cancel.is_set():
                raise SearchCancelled("index build cancelled")
            if progress:
                progress(i, total, "indexing")
        ws = _word_set(text)
        extend([setdefault(w, len(vocab)) for w in ws])
        counts.append(len(ws))
        keys.append(key)
    n = len(keys)
    tid = np.frombuffer(term_ids, dtype=np.uint32) if len(term_ids) else np.zeros(0, np.uint32)
    cnt = np.frombuffer(counts, dtype=np.uint32) if len(counts) else np.zeros(0, np.uint32)
    doc = np.repeat(np.arange(n, dtype=np.uint32), cnt.astype(np.int64))
    perm = np.argsort(tid, kind="stable")  # docs stay ascending within a term
    docs = doc[perm]
    V = len(vocab)
    ptr = np.zeros(V + 1, dtype=np.int64)
    np.cumsum(np.bincount(tid, minlength=V), out=ptr[1:])
    words = list(vocab)
    order = np.asarray(sorted(range(V), key=words.__getitem__), dtype=np.int64)
    ntok = cnt.copy()
    seg = _Segment(words, order, ptr, docs, "\n".join(keys).encode("utf-8"), ntok)
    seg.n = n
    return seg


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


def _collection_name(corpus: "Corpus") -> str:
    files = {r.source_file for r in corpus.records if r.source_file}
    dirs = sorted({os.path.abspath(d) for d in {os.path.dirname(f) for f in files}})
    return hashlib.sha1("\n".join(dirs).encode("utf-8")).hexdigest()[:16]
