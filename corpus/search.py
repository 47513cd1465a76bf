"""Typo-tolerant full-text search over every passage and record title.

Public API
----------

``SearchIndex.build(corpus, progress=None, cancel=None) -> SearchIndex``
    Build an in-memory index.  ``progress(done, total, message)`` is called
    now and then; ``cancel`` is a ``threading.Event`` — when set, the build
    stops and raises :class:`SearchCancelled`.  Safe to run in a thread.

``SearchIndex.load_or_build(corpus, cache_dir=None, progress=None, cancel=None) -> SearchIndex``
    Reuse the index saved for this corpus when it is intact and current,
    update it incrementally when records were added or removed, otherwise
    build it; then save it (atomically).  ``cache_dir`` defaults to
    ``$PARLREAD_CACHE`` or ``platformdirs.user_cache_dir("parlread")``.
    ``index.load_info`` says what happened (``"built"``, ``"reused"``,
    ``"updated"``, ``"rebuilt: <why>"``).

``index.search(query, *, limit=100, filters=None) -> list[Hit]``
    Hits best first.  ``limit=None`` returns every match (100,000 hits take
    a fraction of a second: highlights are computed lazily per hit).

``index.search_lazy(query, *, limit=None, filters=None) -> LazyHits``
    The same ranking as a sequence (``len``, indexing, slicing, iteration)
    that makes each ``Hit`` only when it is read — for the TUI's list of
    possibly a million hits.  ``list(index.search_lazy(q))`` equals
    ``index.search(q, limit=None)``.

``index.highlight(query, passage_id) -> list[[start, end]]``
    Character offsets of the matched words in that passage's text (or in the
    record title when ``passage_id`` is a record id).

``Hit``: ``record_id``, ``passage_id`` (``None`` for a match in the record
title), ``score`` (float 0–100), ``text`` (the passage text, or the title),
``title_hit`` (bool), ``highlights`` (lazy ``[[start, end], ...]``),
``to_dict()``.

``Filters(kind=, house=, member=, department=, date_from=, date_to=,
record_id=, restrict_to=)`` — all optional and combinable.  ``kind`` /
``house`` / ``department`` match case-insensitively (exact; a collection
of values means any of them); ``member`` is a case-insensitive substring of
``asked_by`` or ``answered_by``; ``date_from`` / ``date_to`` are inclusive ISO
dates compared with ``Record.sort_date`` (records with no known date are
left out only when a range is given); ``record_id`` limits the search to one
record; ``restrict_to`` is a set of passage and/or record ids, or a callable
``(record_id, passage_id) -> bool`` (``passage_id`` is ``None`` for titles),
e.g. the passages carrying a tag.

Query language
--------------

Words are matched case- and accent-insensitively (``[^\\W_]+`` runs, so
"children’s" is the words "children" and "s").  Each word tolerates typos
against the index vocabulary: 0 edits up to 3 characters, 1 edit for 4–7,
2 for 8 or more (optimal string alignment distance, so a swap of two
adjacent letters is one edit); numbers must match exactly.  The last word of
the query is also matched as a prefix (it is being typed), unless it ends
with a space or a closing quote.  ``"working together"`` is a phrase: its
words (each typo-tolerant) must be adjacent and in order.

Scores (0–100)
--------------

Each query word *w* has a weight ``idf(w) = ln(1 + N / df(w))`` (rarer
words count more) and each passage a match quality per word: 1.0 exact,
0.9 prefix completion, 0.75 one edit, 0.55 two edits.  ``quality`` is the
idf-weighted mean over the query words.

* A passage that matches **every** word (and every phrase) scores 50–100:
  ``50 + 50 * (0.5*quality + 0.35*proximity + 0.15*in_order)`` where
  ``proximity`` is ``(m-1)/span`` of the smallest window holding all m
  matched words (1.0 when adjacent) and ``in_order`` is 1 when that window
  has them in query order.  Proximity and order are computed only for the
  200 best candidates by quality (equal quality: shorter entry, then corpus
  order); the next 5,800 get one regex pass that finds those with all the
  words adjacent and in order (proximity and order 1); the others count
  them as 0.  With a ``limit``, this stops as soon as the best ``limit``
  rank above anything the rest could reach (the head is the same).
* A passage that matches only some words (at least half of the loose words,
  and all phrases) scores below 50: ``45 * quality``.

Ties go to the shorter entry, then corpus order.  Titles are indexed as their own entries.

Design (for a million passages)
-------------------------------

An inverted index per *segment*: a vocabulary of normalised words, a
sorted copy for prefix look-ups (bisect), and CSR posting lists
(``ptr``/``docs`` numpy arrays of passage numbers, one entry per word per
passage).  A query word is expanded against the *vocabulary* (not the
passages): exact, prefix range, and rapidfuzz ``OSA`` distance with
``score_cutoff`` over the vocabulary words of a compatible length.  Posting
lists are scattered into a dense per-segment array of match weights, so
intersection and scoring are vectorised numpy operations.  Word positions
(proximity, order, phrases, highlights) are computed from the text of the
few candidates that need them.

Searches with a ``limit`` (and more than one word) go *rarest word first*:
the candidates are the entries holding the rarest query word(s) (a union of
a few short posting lists), and the other words' weights are looked up for
those candidates only (``searchsorted`` on the sorted posting lists, or a
boolean mark when both sides are large), so a common word such as "the"
costs in proportion to the candidates, not to the corpus.  Every full match
holds the rarest word, so it is among the candidates; an entry without it
can only be a partial match of the other words, worth at most ``45 *``
their idf-weighted best weight.  When the ``limit``-th candidate scores
above that bound the head of the ranking is exact; otherwise the next
rarest word joins the candidate set (and when that is a third of the index,
every entry is scored as above).  ``df`` of a word with several typo
expansions is counted once per segment and query word, and cached.

Cache: one file per collection (the set of source directories) in the cache
directory, ``<hash>.idx``: magic, version, a JSON header with the corpus key
(sha1 of every record and passage id) and one crc32 per section, then the raw
numpy sections.  Anything that does not check out (bad magic, version,
truncated, crc mismatch, garbage) is ignored and the index is rebuilt.
Incremental update: the saved segments keep the id of every entry; entries
whose record or passage is gone are masked out, and new passages/titles go
into a new small segment, so adding or removing files costs time in
proportion to the change.  When dead entries or extra segments pile up
(more than 25% dead, or more than 8 segments) the index is rebuilt whole.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import json
import math
import os
import re
import struct
import tempfile
import threading
import unicodedata
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

import numpy as np

if TYPE_CHECKING:
    from corpus.corpus import Corpus
    from corpus.model import Record

Progress = Callable[[int, int, str], None]

FORMAT_VERSION = 1
MAGIC = b"PARLRIDX"

W_EXACT = 1.0
W_PREFIX = 0.9
W_EDIT1 = 0.75
W_EDIT2 = 0.55
REFINE_TOP = 200
ADJACENT_SCAN = 6000
PREFIX_MAX_TERMS = 64

_TOKEN = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r'"([^"]*)("?)')


class SearchCancelled(Exception):
    """The index build was cancelled through its ``cancel`` event."""


# ---------------------------------------------------------------------------
# words


def _fold(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_word(word: str) -> str:
    """The index form of a word: lower case, accents removed."""
    return _fold(word.lower())


def tokens(text: str) -> list[tuple[str, int, int]]:
    """``(normalised word, start, end)`` for every word of ``text``."""
    return [(normalise_word(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _word_set(text: str) -> set[str]:
    low = text.lower()
    words = set(_TOKEN.findall(low))
    if not low.isascii():
        words = {_fold(w) for w in words}
    return words


def max_edits(word: str) -> int:
    """Typos tolerated in a query word: 0 (≤3 chars), 1 (4–7), 2 (≥8); numbers 0."""
    if word.isdigit():
        return 0
    n = len(word)
    return 0 if n <= 3 else 1 if n <= 7 else 2


# ---------------------------------------------------------------------------
# query parsing


@dataclass
class _Term:
    word: str
    prefix: bool  # also match words starting with it
    unit: int  # index of the unit (loose word or phrase) it belongs to


@dataclass
class ParsedQuery:
    terms: list[_Term]
    units: list[list[int]]  # term indexes per unit, a phrase has several
    phrase: list[bool]
    matcher: Any = None  # the _Matcher, made on first use


def parse_query(query: str) -> ParsedQuery:
    """Split a query into loose words and quoted phrases."""
    terms: list[_Term] = []
    units: list[list[int]] = []
    phrase: list[bool] = []
    stripped = query.rstrip()
    trailing_space = len(stripped) < len(query)
    pos = 0
    pieces: list[tuple[str, bool, bool]] = []  # (text, is_phrase, closed)
    for m in _QUOTED.finditer(query):
        pieces.append((query[pos : m.start()], False, True))
        pieces.append((m.group(1), True, bool(m.group(2))))
        pos = m.end()
    pieces.append((query[pos:], False, True))
    last_piece = max((i for i, p in enumerate(pieces) if _TOKEN.search(p[0])), default=-1)
    for i, (text, is_phrase, closed) in enumerate(pieces):
        words = [normalise_word(w) for w in _TOKEN.findall(text)]
        if not words:
            continue
        if is_phrase and len(words) > 1:
            unit = len(units)
            idx = []
            for j, w in enumerate(words):
                pre = i == last_piece and j == len(words) - 1 and not closed and not trailing_space
                idx.append(len(terms))
                terms.append(_Term(w, pre, unit))
            units.append(idx)
            phrase.append(True)
        else:
            for j, w in enumerate(words):
                pre = (
                    i == last_piece
                    and j == len(words) - 1
                    and not trailing_space
                    and not (is_phrase and closed)
                    and not (not is_phrase and stripped.endswith('"'))
                )
                units.append([len(terms)])
                terms.append(_Term(w, pre, len(units) - 1))
                phrase.append(False)
    return ParsedQuery(terms, units, phrase)


# ---------------------------------------------------------------------------
# filters and hits


@dataclass(frozen=True)
class Filters:
    kind: str | frozenset[str] | tuple[str, ...] | None = None
    house: str | frozenset[str] | tuple[str, ...] | None = None
    member: str | None = None
    department: str | frozenset[str] | tuple[str, ...] | None = None
    date_from: str | None = None
    date_to: str | None = None
    record_id: str | None = None
    restrict_to: Any = field(default=None, compare=False, hash=False)  # set[str] | Callable | None

    def record_key(self) -> tuple:
        return (
            _valueset(self.kind),
            _valueset(self.house),
            (self.member or "").casefold() or None,
            _valueset(self.department),
            self.date_from or None,
            self.date_to or None,
            self.record_id or None,
        )

    def is_empty(self) -> bool:
        return self.record_key() == (None,) * 7 and self.restrict_to is None


def _valueset(v) -> frozenset[str] | None:
    if v is None or v == "":
        return None
    if isinstance(v, str):
        return frozenset([v.casefold()])
    return frozenset(x.casefold() for x in v)


def record_matches(rec: "Record", key: tuple) -> bool:
    kinds, houses, member, depts, dfrom, dto, rid = key
    if rid is not None and rec.id != rid:
        return False
    if kinds is not None and (rec.kind or "").casefold() not in kinds:
        return False
    if houses is not None and (rec.house or "").casefold() not in houses:
        return False
    if depts is not None and (rec.department or "").casefold() not in depts:
        return False
    if member is not None and not any(member in (n or "").casefold() for n in (rec.asked_by, rec.answered_by)):
        return False
    if dfrom is not None or dto is not None:
        d = rec.sort_date
        if not d:
            return False
        if dfrom is not None and d[: len(dfrom)] < dfrom:
            return False
        if dto is not None and d[: len(dto)] > dto:
            return False
    return True


class Hit:
    """One search result.  ``highlights`` is computed on first access."""

    __slots__ = ("record_id", "passage_id", "score", "text", "title_hit", "_index", "_query", "_hl")

    def __init__(self, record_id, passage_id, score, text, title_hit, index=None, query=None, highlights=None):
        self.record_id: str = record_id
        self.passage_id: str | None = passage_id
        self.score: float = score
        self.text: str = text
        self.title_hit: bool = title_hit
        self._index = index
        self._query = query
        self._hl = highlights

    @property
    def highlights(self) -> list[list[int]]:
        if self._hl is None:
            self._hl = self._index._highlight_text(self._query, self.text) if self._index is not None else []
        return self._hl

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "passage_id": self.passage_id,
            "score": self.score,
            "text": self.text,
            "highlights": self.highlights,
            "title_hit": self.title_hit,
        }

    def __repr__(self) -> str:
        return f"Hit({self.record_id!r}, {self.passage_id!r}, {self.score}, {self.text[:40]!r})"


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
        return self.keys_blob.decode("utf-8").split("\n") if self.keys_blob else []

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


def default_cache_dir() -> Path | None:
    """``$PARLREAD_CACHE`` or the user cache dir; ``None`` when caching is off (see corpus.dirs)."""
    from corpus.dirs import cache_root

    return cache_root()


# ---------------------------------------------------------------------------
# the index


class SearchIndex:
    def __init__(self, corpus: "Corpus", segments: list[_Segment], key: str):
        self.corpus = corpus
        self.segments = segments
        self.key = key
        self.load_info = "built"
        self.ordered = True  # entries are in corpus order, segment after segment
        self.cache_path: Path | None = None
        self._filter_cache: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._exp_cache: OrderedDict[tuple, Any] = OrderedDict()
        self._df_cache: OrderedDict[tuple, int] = OrderedDict()
        self._lock = threading.Lock()
        self.n_live = int(sum(int((s.doc_rec >= 0).sum()) for s in segments))

    # ---- building ----------------------------------------------------------
    @classmethod
    def build(
        cls, corpus: "Corpus", progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> "SearchIndex":
        keys, rec_a, pas_a = _entries(corpus)
        seg = cls._segment_for(corpus, keys, rec_a, pas_a, progress, cancel)
        if progress:
            progress(len(keys), len(keys), "done")
        return cls(corpus, [seg], _corpus_key(keys))

    @staticmethod
    def _segment_for(corpus, keys, rec_a, pas_a, progress, cancel) -> _Segment:
        recs = corpus.records

        def gen():
            for k, ri, pi in zip(keys, rec_a.tolist(), pas_a.tolist()):
                rec = recs[ri]
                yield k, (rec.title or "") if pi < 0 else rec.passages[pi].text

        seg = _build_segment(gen(), len(keys), progress, cancel)
        seg.doc_rec = np.asarray(rec_a, dtype=np.int32)
        seg.doc_pas = np.asarray(pas_a, dtype=np.int32)
        return seg

    @classmethod
    def load_or_build(
        cls,
        corpus: "Corpus",
        cache_dir: str | os.PathLike[str] | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> "SearchIndex":
        cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        if cache_dir is None:  # PARLREAD_CACHE=off: build, never save
            index = cls.build(corpus, progress=progress, cancel=cancel)
            index.load_info = "built (cache off)"
            return index
        path = cache_dir / f"search-{_collection_name(corpus)}.idx"
        keys, rec_a, pas_a = _entries(corpus)
        key = _corpus_key(keys)
        why = "no saved index"
        saved = None
        if path.exists():
            try:
                saved = _read_cache(path)
            except Exception as exc:  # anything wrong with the file: rebuild
                why = f"saved index unusable ({type(exc).__name__}: {exc})"
        index = None
        if saved is not None:
            saved_key, ordered, segs = saved
            if saved_key == key and ordered:
                pos = 0
                for s in segs:
                    s.doc_rec = rec_a[pos : pos + s.n]
                    s.doc_pas = pas_a[pos : pos + s.n]
                    pos += s.n
                if pos == len(keys):
                    index = cls(corpus, segs, key)
                    index.load_info = "reused"
                else:
                    why = "saved index inconsistent"
            else:
                index = cls._update(corpus, segs, keys, rec_a, pas_a, key, progress, cancel)
                if index is None:
                    why = "saved index too different from the corpus"
                elif saved_key == key:  # an updated index, reopened
                    index.load_info = "reused"
        if index is None:
            index = cls.build(corpus, progress, cancel)
            index.load_info = "built" if why == "no saved index" else f"rebuilt: {why}"
        index.cache_path = path
        if index.load_info != "reused":
            try:
                index.save(path)
            except OSError as exc:
                index.load_info += f" (not saved: {exc.strerror or exc})"
        return index

    @classmethod
    def _update(cls, corpus, segs, keys, rec_a, pas_a, key, progress, cancel) -> "SearchIndex | None":
        where = {k: i for i, k in enumerate(keys)}
        covered = np.zeros(len(keys), dtype=bool)
        dead = 0
        total_old = 0
        for s in segs:
            idx = np.fromiter((where.get(k, -1) for k in s.keys()), np.int64, s.n)
            idx_ok = idx >= 0
            # an entry already covered by an earlier segment is a duplicate: dead
            dup = np.zeros(s.n, dtype=bool)
            dup[idx_ok] = covered[idx[idx_ok]]
            live = idx_ok & ~dup
            covered[idx[live]] = True
            s.doc_rec = np.full(s.n, -1, np.int32)
            s.doc_pas = np.full(s.n, -1, np.int32)
            li = idx[live]
            s.doc_rec[live] = rec_a[li]
            s.doc_pas[live] = pas_a[li]
            dead += int((~live).sum())
            total_old += s.n
        missing = np.flatnonzero(~covered).tolist()
        if len(segs) >= 8 or dead + len(missing) > 0.25 * max(1, total_old):
            return None
        if missing:
            mkeys = [keys[i] for i in missing]
            segs = segs + [cls._segment_for(corpus, mkeys, rec_a[missing], pas_a[missing], progress, cancel)]
        index = cls(corpus, segs, key)
        index.ordered = False
        index.load_info = f"updated: {len(missing)} entries added, {dead} removed"
        return index

    # ---- persistence -------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index atomically (temp file + rename)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        sections: list[tuple[str, bytes]] = []
        seg_meta = []
        for i, s in enumerate(self.segments):
            sections += [
                (f"{i}.vocab", "\n".join(s.vocab).encode("utf-8")),
                (f"{i}.order", np.ascontiguousarray(s.order, dtype=np.int64).tobytes()),
                (f"{i}.ptr", np.ascontiguousarray(s.ptr, dtype=np.int64).tobytes()),
                (f"{i}.docs", np.ascontiguousarray(s.docs, dtype=np.uint32).tobytes()),
                (f"{i}.keys", s.keys_blob),
                (f"{i}.ntok", np.ascontiguousarray(s.ntok, dtype=np.uint32).tobytes()),
            ]
            seg_meta.append({"n": s.n, "terms": len(s.vocab)})
        offset = 0
        table = []
        for name, data in sections:
            table.append({"name": name, "offset": offset, "length": len(data), "crc": zlib.crc32(data)})
            offset += len(data)
        header = json.dumps(
            {"key": self.key, "ordered": self.ordered, "segments": seg_meta, "sections": table}
        ).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=".search-", suffix=".tmp", dir=str(path.parent))
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(MAGIC + struct.pack("<III", FORMAT_VERSION, len(header), zlib.crc32(header)))
                f.write(header)
                for _name, data in sections:
                    f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    # ---- filters -----------------------------------------------------------
    def _record_mask(self, filters: Filters) -> np.ndarray | None:
        key = filters.record_key()
        if key == (None,) * 7:
            return None
        with self._lock:
            mask = self._filter_cache.get(key)
            if mask is not None:
                self._filter_cache.move_to_end(key)
                return mask
        recs = self.corpus.records
        if key[6] is not None:  # one record: no scan of all records
            mask = np.zeros(len(recs), dtype=bool)
            rec = self.corpus.record(key[6])
            if rec is not None:
                mask[recs.index(rec)] = record_matches(rec, key)
        else:
            mask = np.fromiter((record_matches(r, key) for r in recs), dtype=bool, count=len(recs))
        with self._lock:
            self._filter_cache[key] = mask
            while len(self._filter_cache) > 16:
                self._filter_cache.popitem(last=False)
        return mask

    # ---- searching ---------------------------------------------------------
    def _expansions(self, si: int, term: _Term):
        ck = (si, term.word, term.prefix)
        with self._lock:
            hit = self._exp_cache.get(ck)
            if hit is not None:
                self._exp_cache.move_to_end(ck)
                return hit
        exp = self.segments[si].expand(term)
        with self._lock:
            self._exp_cache[ck] = exp
            while len(self._exp_cache) > 512:
                self._exp_cache.popitem(last=False)
        return exp

    def _word_weights(self, pq: ParsedQuery) -> list[dict[str, float]]:
        """Per term: matched vocabulary word -> weight (over all segments)."""
        out: list[dict[str, float]] = [dict() for _ in pq.terms]
        for si, s in enumerate(self.segments):
            for ti, t in enumerate(pq.terms):
                for tid, w in self._expansions(si, t):
                    word = s.vocab[tid]
                    if out[ti].get(word, 0.0) < w:
                        out[ti][word] = w
        return out

    def search(self, query: str, *, limit: int | None = 100, filters: Filters | None = None) -> list[Hit]:
        """Hits for ``query``, best first (see the module docstring for scores)."""
        return list(self.search_lazy(query, limit=limit, filters=filters))

    def search_lazy(
        self, query: str, *, limit: int | None = None, filters: Filters | None = None
    ) -> "LazyHits":
        """Like :meth:`search` (all hits by default), as a sequence whose Hit
        objects are made only when read: a million hits cost a few arrays."""
        pq = parse_query(query)
        if not pq.terms:
            return LazyHits.empty(self, pq)
        filters = filters or Filters()
        rec_mask = self._record_mask(filters)
        nt = len(pq.terms)
        loose_units = [u for u, ph in zip(pq.units, pq.phrase) if not ph]
        phrase_terms = [t for u, ph in zip(pq.units, pq.phrase) if ph for t in u]
        n_loose = len(loose_units)
        min_loose = n_loose if n_loose <= 1 else math.ceil(n_loose / 2)
        if phrase_terms and n_loose:
            min_loose = math.ceil(n_loose / 2)
        plan = (nt, loose_units, phrase_terms, max(1, min_loose) if n_loose else 0, rec_mask)
        if limit is not None and limit > 0 and len(pq.units) > 1:
            hits = self._search_rare_first(pq, plan, filters, limit)
            if hits is not None:
                return hits
        # every entry matching any word: dense per-segment weights
        per_seg = []
        df = np.zeros(nt, dtype=np.float64)
        for si, s in enumerate(self.segments):
            if s.n == 0:
                continue
            W = np.zeros((nt, s.n), dtype=np.float32)
            for ti, t in enumerate(pq.terms):
                s.weights(self._expansions(si, t), W[ti])
                df[ti] += np.count_nonzero(W[ti])
            per_seg.append((si, s, W))
        idf = np.log1p(max(1, self.n_live) / np.maximum(df, 1.0))
        cand_all = []
        for si, s, W in per_seg:
            if n_loose == 1 and not phrase_terms:
                cand = np.flatnonzero(W[loose_units[0][0]])
            else:
                cand = np.flatnonzero(self._match_mask(W, plan))
            got = self._candidates(si, s, cand, W[:, cand] if len(cand) else None, idf, plan)
            if got is not None:
                cand_all.append(got)
        return self._rank(pq, plan, cand_all, filters, limit)

    @staticmethod
    def _match_mask(W: np.ndarray, plan) -> np.ndarray:
        """Which columns of the weights ``W`` (terms x entries) are matches:
        at least ``min_loose`` loose words and every phrase word."""
        _nt, loose_units, phrase_terms, min_loose, _ = plan
        ok = None
        if loose_units:
            count = np.zeros(W.shape[1], dtype=np.uint8)
            for u in loose_units:
                count += W[u[0]] > 0
            ok = count >= min_loose
        for ti in phrase_terms:
            ok = W[ti] > 0 if ok is None else ok & (W[ti] > 0)
        return ok

    def _candidates(self, si, s, cand, Wc, idf, plan):
        """(segment, entries, quality, full, record, passage, ntok) of the live,
        filter-passing ``cand`` whose weights are the columns of ``Wc``."""
        rec_mask = plan[4]
        if not len(cand):
            return None
        if s.has_dead or rec_mask is not None:
            keep = s.doc_rec[cand] >= 0
            if rec_mask is not None:
                keep &= rec_mask[np.maximum(s.doc_rec[cand], 0)]
            if not keep.all():
                cand, Wc = cand[keep], Wc[:, keep]
            if not len(cand):
                return None
        idf_sum = float(idf.sum()) or 1.0
        quality = (idf[:, None] * Wc).sum(axis=0) / idf_sum
        full = (Wc > 0).all(axis=0)
        return (si, cand, quality, full, s.doc_rec[cand], s.doc_pas[cand], s.ntok[cand])

    def _term_df(self, si: int, term: _Term) -> int:
        """Entries of segment ``si`` holding any of the words ``term`` expands to."""
        ck = (si, term.word, term.prefix)
        with self._lock:
            hit = self._df_cache.get(ck)
        if hit is not None:
            return hit
        s = self.segments[si]
        exp = self._expansions(si, term)
        if len(exp) <= 1:
            df = int(s.df[exp[0][0]]) if exp else 0
        else:
            mark = np.zeros(s.n, dtype=bool)
            for t, _w in exp:
                mark[s.docs[s.ptr[t] : s.ptr[t + 1]]] = True
            df = int(np.count_nonzero(mark))
        with self._lock:
            self._df_cache[ck] = df
            while len(self._df_cache) > 512:
                self._df_cache.popitem(last=False)
        return df

    def _search_rare_first(self, pq: ParsedQuery, plan, filters: Filters, limit: int) -> "LazyHits | None":
        """The top ``limit`` hits computed from the entries holding the rarest
        words only (the common words are then looked up for those entries),
        or ``None`` when the caller should score every entry.

        A set ``E`` of the rarest terms gives the candidates: every entry
        holding one of them.  Every full match holds all the terms, so it is
        among them; an entry holding none of ``E`` can at best be a partial
        match made of the other terms, scoring at most
        ``45 * sum(idf * best weight of the others) / sum(idf)``.  When the
        ``limit``-th score from the candidates beats that bound (or such an
        entry cannot match at all), the head of the ranking is exact;
        otherwise the next rarest term joins ``E``."""
        nt, loose_units, phrase_terms, min_loose, _ = plan
        segs = [(si, s) for si, s in enumerate(self.segments) if s.n]
        exps = [[self._expansions(si, t) for t in pq.terms] for si, _s in segs]
        df = np.zeros(nt, dtype=np.float64)
        for k, (si, _s) in enumerate(segs):
            for ti, t in enumerate(pq.terms):
                df[ti] += self._term_df(si, t)
        idf = np.log1p(max(1, self.n_live) / np.maximum(df, 1.0))
        idf_sum = float(idf.sum()) or 1.0
        maxw = np.array([max((w for e in exps for _t, w in e[ti]), default=0.0) for ti in range(nt)])
        reach = idf * maxw  # the most a term adds to the weighted sum
        loose_of = {u[0] for u in loose_units}
        phrase_set = set(phrase_terms)
        # rarest first; a phrase word first of all (every match holds it)
        order = sorted(range(nt), key=lambda ti: (ti not in phrase_set, df[ti], ti))
        total = sum(s.n for _si, s in segs)
        # full matches only first (intersecting from the rarest word, the
        # candidates shrink at each word): when there are `limit` of them
        # (after filters) they are the head, partial matches scoring below 50
        if all(df[ti] > 0 for ti in range(nt)) and min(df) <= total // 3:
            cand_all = []
            for k, (si, s) in enumerate(segs):
                cand, Wc = self._rare_first_weights(s, exps[k], order[:1], order)
                got = self._candidates(si, s, cand.astype(np.int64), Wc, idf, plan)
                if got is not None:
                    cand_all.append(got)
            hits = self._rank(pq, plan, cand_all, filters, limit)
            if len(hits) >= limit:
                return hits
        for j in range(1, nt + 1):
            E = order[:j]
            if sum(df[ti] for ti in E) > total // 3:
                return None  # as costly as scoring every entry
            rest = [ti for ti in range(nt) if ti not in E]
            if any(ti in phrase_set for ti in E) or sum(
                1 for ti in rest if ti in loose_of and df[ti] > 0
            ) < min_loose:
                bound = None  # an entry holding none of E is no match
            else:
                bound = 45.0 * float(sum(reach[ti] for ti in rest)) / idf_sum
            if bound is not None and j < nt and df[order[j - 1]] == 0:
                continue  # a word found nowhere: no candidates, add the next
            cand_all = []
            for k, (si, s) in enumerate(segs):
                cand, Wc = self._rare_first_weights(s, exps[k], E)
                if not len(cand):
                    continue
                ok = self._match_mask(Wc, plan)
                if not ok.all():
                    cand, Wc = cand[ok], Wc[:, ok]
                got = self._candidates(si, s, cand.astype(np.int64), Wc, idf, plan)
                if got is not None:
                    cand_all.append(got)
            hits = self._rank(pq, plan, cand_all, filters, limit)
            if bound is None or (len(hits) >= limit and float(hits._score[limit - 1]) > bound + 0.01):
                return hits
        return None

    @staticmethod
    def _rare_first_weights(
        s: _Segment, exps, E: list[int], all_of: list[int] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Entries of ``s`` holding a word of the terms ``E`` (ascending) and
        every term's best match weight for them (terms x entries).  With
        ``all_of`` (every term, in this order), only the entries holding them all."""
        slices = [s.docs[s.ptr[t] : s.ptr[t + 1]] for ti in E for t, _w in exps[ti]]
        slices = [x for x in slices if len(x)]
        nt = len(exps)
        if not slices:
            return np.zeros(0, np.uint32), np.zeros((nt, 0), np.float32)
        if len(slices) == 1:
            cand = slices[0]
        elif sum(len(x) for x in slices) > 4096:  # np.unique would sort/hash them all
            mark = np.zeros(s.n, dtype=bool)
            for x in slices:
                mark[x] = True
            cand = np.flatnonzero(mark).astype(np.uint32)
        else:
            cand = np.unique(np.concatenate(slices))
        nc = len(cand)
        Wc = np.zeros((nt, nc), dtype=np.float32)
        for ti in all_of if all_of is not None else range(nt):
            exp = exps[ti]
            if all_of is not None and ti != all_of[0]:
                got = np.flatnonzero(Wc[prev] > 0)
                if len(got) < nc:  # keep the entries holding every term so far
                    cand, Wc, nc = cand[got], Wc[:, got], len(got)
                if not nc:
                    break
            prev = ti
            row = Wc[ti]
            for t, w in exp:  # ascending weights: the best wins
                P = s.docs[s.ptr[t] : s.ptr[t + 1]]
                npost = len(P)
                if not npost:
                    continue
                small, big = (P, cand) if npost <= nc else (cand, P)
                if len(small) * max(1, int(len(big)).bit_length()) > 2 * (npost + nc):
                    mark = np.zeros(s.n, dtype=bool)
                    mark[P] = True
                    row[mark[cand]] = w
                elif npost <= nc:
                    pos = np.minimum(np.searchsorted(cand, P), nc - 1)
                    row[pos[cand[pos] == P]] = w
                else:
                    pos = np.minimum(np.searchsorted(P, cand), npost - 1)
                    row[P[pos] == cand] = w
        if all_of is not None and nc:
            got = np.flatnonzero(Wc[prev] > 0)
            cand, Wc = cand[got], Wc[:, got]
        return cand, Wc

    def _rank(self, pq: ParsedQuery, plan, cand_all, filters: Filters, limit: int | None) -> "LazyHits":
        """Phrases, restrict_to, proximity and order, then the sort."""
        phrase_terms = plan[2]
        if not cand_all:
            return LazyHits.empty(self, pq)
        seg_ix = np.concatenate([np.full(len(c[1]), c[0], np.int32) for c in cand_all])
        entry = np.concatenate([c[1] for c in cand_all])
        quality = np.concatenate([c[2] for c in cand_all]).astype(np.float64)
        full = np.concatenate([c[3] for c in cand_all])
        rec_of = np.concatenate([c[4] for c in cand_all]).astype(np.int64)
        pas_of = np.concatenate([c[5] for c in cand_all]).astype(np.int64)
        ntok = np.concatenate([c[6] for c in cand_all]).astype(np.int64)
        # restrict_to (tags) and phrases need the ids / text: do them per candidate
        restrict = filters.restrict_to
        if restrict is not None or phrase_terms:
            keep = np.ones(len(entry), dtype=bool)
            ww = self._word_weights(pq) if phrase_terms else None
            rx = _phrase_regexes(pq, ww) if phrase_terms else []
            for i in range(len(entry)):
                rec, p = self._entry(int(seg_ix[i]), int(entry[i]))
                if restrict is not None:
                    pid = p.id if p is not None else None
                    if callable(restrict):
                        if not restrict(rec.id, pid):
                            keep[i] = False
                            continue
                    elif rec.id not in restrict and (pid is None or pid not in restrict):
                        keep[i] = False
                        continue
                if rx:
                    low = _fold(((rec.title or "") if p is None else p.text).lower())
                    if not all(r.search(low) for r in rx):
                        keep[i] = False
            seg_ix, entry, quality, full = seg_ix[keep], entry[keep], quality[keep], full[keep]
            rec_of, pas_of, ntok = rec_of[keep], pas_of[keep], ntok[keep]
        if not len(entry):
            return LazyHits.empty(self, pq)
        single_unit = len(pq.units) == 1
        score = np.where(full, 50 + 25 * quality, 45 * quality)
        if single_unit:
            score = np.where(full, score + 25.0, score)  # proximity and order are perfect
        else:
            # phase 2: proximity and order for the best full matches
            fidx = np.flatnonzero(full)
            if len(fidx):
                # by the best score each can reach (all words adjacent and in
                # order), ties as in the final sort: shorter, then corpus order
                reach = np.round(75 + 25 * quality[fidx], 2)
                if self.ordered and len(fidx) > ADJACENT_SCAN and int(ntok[fidx].max()) < 2**15:
                    # entries are in corpus order: one int64 key, and only
                    # the first ADJACENT_SCAN of the order are ever looked at
                    key = (
                        ((10000 - np.round(reach * 100).astype(np.int64)) << 47)
                        | (ntok[fidx].astype(np.int64) << 32)
                        | fidx.astype(np.int64)
                    )
                    part = np.argpartition(key, ADJACENT_SCAN - 1)[:ADJACENT_SCAN]
                    ranked = fidx[part[np.argsort(key[part])]]
                else:
                    ranked = fidx[np.lexsort((pas_of[fidx], rec_of[fidx], ntok[fidx], -reach))]
                # refine in that order; stop once the best `limit` hits rank
                # above the best the next one could reach (so above all the rest)
                best: list[tuple] = []  # min-heap of the top `limit`: (score, -shorter/earlier key)
                matcher = self._matcher(pq)
                done = True

                # round(x * 100) / 100 is np.round(x, 2): rint(x * 100) / 100
                def beaten(i: int) -> bool:
                    if not limit or len(best) < limit:
                        return False
                    r = round((75 + 25 * float(quality[i])) * 100) / 100
                    return best[0] > (r, (-int(ntok[i]), -int(rec_of[i]), -int(pas_of[i])))

                def keep(i: int) -> None:
                    if limit:
                        item = (round(float(score[i]) * 100) / 100, (-int(ntok[i]), -int(rec_of[i]), -int(pas_of[i])))
                        (heapq.heappush if len(best) < limit else heapq.heappushpop)(best, item)

                for i in ranked[:REFINE_TOP].tolist():
                    if beaten(i):
                        break
                    rec, p = self._entry(int(seg_ix[i]), int(entry[i]))
                    text = (rec.title or "") if p is None else p.text
                    prox, order = matcher.proximity(text)
                    score[i] = 50 + 50 * (0.5 * quality[i] + 0.35 * prox + 0.15 * order)
                    keep(i)
                else:
                    done = len(ranked) <= REFINE_TOP
                # one regex pass over the texts of the next few thousand finds
                # those holding all the words adjacent and in order (perfect
                # proximity and order) without scanning each one in Python;
                # in chunks, stopping as above
                wide = ranked[REFINE_TOP:ADJACENT_SCAN].tolist()
                rx = _adjacent_regex(pq, self._word_weights(pq)) if not done and wide else None
                recs = self.corpus.records
                chunk = 250 if limit else max(1, len(wide))
                for c0 in range(0, len(wide) if rx is not None else 0, chunk):
                    part = wide[c0 : c0 + chunk]
                    if beaten(part[0]):
                        break
                    lows = [
                        (recs[r].title or "") if pi < 0 else recs[r].passages[pi].text
                        for r, pi in zip(rec_of[part].tolist(), pas_of[part].tolist())
                    ]
                    ends = np.cumsum([len(t) + 1 for t in lows])
                    big = "\n".join(lows).lower()
                    if len(big) != int(ends[-1]) - 1:  # lower() changed a length: per text
                        lows = [t.lower() for t in lows]
                        ends = np.cumsum([len(t) + 1 for t in lows])
                        big = "\n".join(lows)
                    hit_at = sorted(
                        {
                            int(np.searchsorted(ends, m.start(), side="right"))
                            for m in rx.finditer(big)
                            if m.start() == 0 or not _TOKEN.match(big, m.start() - 1)
                        }
                    )
                    for j in hit_at:
                        i = part[j]
                        score[i] = 50 + 50 * (0.5 * quality[i] + 0.35 + 0.15)
                        keep(i)
        # sort: score desc, then corpus order
        rscore = np.round(score, 2)
        if limit is not None and len(rscore) > 4 * limit + 100:
            # only the entries that can be in the top `limit` (ties included)
            cut = -np.partition(-rscore, limit - 1)[limit - 1] if limit > 0 else np.inf
            sel = np.flatnonzero(rscore >= cut)
            order = sel[np.lexsort((pas_of[sel], rec_of[sel], ntok[sel], -rscore[sel]))][:limit]
        else:
            order = np.lexsort((pas_of, rec_of, ntok, -rscore))
            if limit is not None:
                order = order[:limit]
        return LazyHits(self, pq, rec_of[order], pas_of[order], rscore[order])

    def _entry_text(self, si: int, e: int) -> str:
        rec, p = self._entry(si, e)
        return (rec.title or "") if p is None else p.text

    def _entry(self, si: int, e: int):
        s = self.segments[si]
        rec = self.corpus.records[int(s.doc_rec[e])]
        pi = int(s.doc_pas[e])
        return rec, (None if pi < 0 else rec.passages[pi])

    # ---- highlights --------------------------------------------------------
    def highlight(self, query: str | ParsedQuery, passage_id: str) -> list[list[int]]:
        """Offsets of the matched words in a passage (or a record's title)."""
        pq = parse_query(query) if isinstance(query, str) else query
        hit = self.corpus.passage(passage_id)
        if hit is not None:
            return self._highlight_text(pq, hit[1].text)
        rec = self.corpus.record(passage_id)
        if rec is not None and rec.title:
            return self._highlight_text(pq, rec.title)
        return []

    def _matcher(self, pq: ParsedQuery) -> "_Matcher":
        if pq.matcher is None:
            pq.matcher = _Matcher(pq, self._word_weights(pq))
        return pq.matcher

    def _highlight_text(self, pq: ParsedQuery, text: str) -> list[list[int]]:
        if not pq.terms:
            return []
        return self._matcher(pq).highlights(text)


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


class _Matcher:
    """Finds the query's words in a text (for proximity, order and highlights)."""

    def __init__(self, pq: ParsedQuery, ww: list[dict[str, float]]):
        self.pq = pq
        acc: dict[str, list[int]] = {}
        for ti, weights in enumerate(ww):
            for w in weights:
                acc.setdefault(w, []).append(ti)
        self.prefix = [(ti, t.word) for ti, t in enumerate(pq.terms) if t.prefix]
        self._memo: dict[str, tuple[int, ...]] = {w: tuple(v) for w, v in acc.items()}

    def terms_of(self, word: str) -> tuple[int, ...]:
        hit = self._memo.get(word)
        if hit is None:
            hit = tuple(ti for ti, p in self.prefix if word.startswith(p))
            self._memo[word] = hit
        return hit

    def scan(self, text: str, with_spans: bool = True) -> dict[int, tuple[int, int, tuple[int, ...]]]:
        """token position -> (start, end, matched term indexes), matching tokens only."""
        out = {}
        memo = self._memo
        low = text.lower()
        words = _TOKEN.findall(low)
        if not low.isascii():
            words = [w if w.isascii() else _fold(w) for w in words]
        for i, w in enumerate(words):
            ts = memo.get(w)
            if ts is None:
                ts = self.terms_of(w)
            if ts:
                out[i] = ts
        if not out or not with_spans:
            return {i: (0, 0, ts) for i, ts in out.items()}
        spans = {}
        for i, m in enumerate(_TOKEN.finditer(low if len(low) == len(text) else text)):
            if i in out:
                spans[i] = (m.start(), m.end(), out[i])
        return spans

    def occurrences(self, found) -> list[tuple[int, int]]:
        """(token position, unit) of every occurrence of a loose word or phrase."""
        occ = []
        pq = self.pq
        for ui, u in enumerate(pq.units):
            t0 = u[0]
            for pos, (_s, _e, ts) in found.items():
                if t0 not in ts:
                    continue
                if len(u) > 1 and not all(
                    (pos + j) in found and u[j] in found[pos + j][2] for j in range(1, len(u))
                ):
                    continue
                occ.append((pos, ui))
        return occ

    def highlights(self, text: str) -> list[list[int]]:
        found = self.scan(text)
        keep: set[int] = set()
        for pos, ui in self.occurrences(found):
            keep.update(range(pos, pos + len(self.pq.units[ui])))
        return [[found[p][0], found[p][1]] for p in sorted(keep)]

    def proximity(self, text: str) -> tuple[float, float]:
        """(proximity, in_order) of the smallest window holding every unit."""
        pq = self.pq
        occ = self.occurrences(self.scan(text, with_spans=False))
        nu = len(pq.units)
        if len({u for _, u in occ}) < nu:
            return 0.0, 0.0
        occ.sort()
        best = None
        count: dict[int, int] = {}
        lo = 0
        for hi in range(len(occ)):
            count[occ[hi][1]] = count.get(occ[hi][1], 0) + 1
            while len(count) == nu:
                span = occ[hi][0] - occ[lo][0]
                if best is None or span < best[0]:
                    best = (span, lo, hi)
                u = occ[lo][1]
                count[u] -= 1
                if not count[u]:
                    del count[u]
                lo += 1
        if best is None:
            return 0.0, 0.0
        span, lo, hi = best
        # a phrase occupies several tokens: adjacent units span (total words - 1)
        need = sum(len(u) for u in pq.units) - 1
        width = span + len(pq.units[occ[hi][1]]) - 1
        prox = min(1.0, need / max(1, width)) if need else 1.0
        first: dict[int, int] = {}
        for pos, u in occ[lo : hi + 1]:
            first.setdefault(u, pos)
        seq = [first[u] for u in range(nu)]
        in_order = 1.0 if all(a < b for a, b in zip(seq, seq[1:])) else 0.0
        return prox, in_order


def _term_regex(pq: ParsedQuery, ww: list[dict[str, float]], ti: int) -> str:
    alts = sorted(ww[ti], key=len, reverse=True)
    alt = "|".join(re.escape(a) for a in alts) or "(?!)"
    if pq.terms[ti].prefix:
        alt = f"{alt}|{re.escape(pq.terms[ti].word)}[^\\W_]*"
    return f"(?:{alt})"


def _adjacent_regex(pq: ParsedQuery, ww: list[dict[str, float]]) -> re.Pattern:
    """All the query's words adjacent and in order (lower-case text)."""
    parts = [_term_regex(pq, ww, ti) for ti in range(len(pq.terms))]
    # no look-behind (it makes the scan ten times slower): callers check
    # the character before a match themselves
    return re.compile(r"[\W_]+".join(parts) + r"(?![^\W_])")


def _phrase_regexes(pq: ParsedQuery, ww: list[dict[str, float]]) -> list[re.Pattern]:
    """One regex per quoted phrase: its words adjacent and in order."""
    out = []
    for u, ph in zip(pq.units, pq.phrase):
        if ph:
            parts = [_term_regex(pq, ww, ti) for ti in u]
            out.append(re.compile(r"(?<![^\W_])" + r"[\W_]+".join(parts) + r"(?![^\W_])"))
    return out


# ---------------------------------------------------------------------------
# cache file


def _read_cache(path: Path) -> tuple[str, bool, list[_Segment]]:
    data = path.read_bytes()
    head = len(MAGIC) + 12
    if len(data) < head or data[: len(MAGIC)] != MAGIC:
        raise ValueError("not a parlread index")
    version, hlen, hcrc = struct.unpack("<III", data[len(MAGIC) : head])
    if version != FORMAT_VERSION:
        raise ValueError(f"index format {version}, expected {FORMAT_VERSION}")
    hbytes = data[head : head + hlen]
    if len(hbytes) != hlen or zlib.crc32(hbytes) != hcrc:
        raise ValueError("header damaged")
    header = json.loads(hbytes)
    base = head + hlen
    mv = memoryview(data)
    sec: dict[str, memoryview] = {}
    for s in header["sections"]:
        a = base + int(s["offset"])
        b = a + int(s["length"])
        if b > len(data):
            raise ValueError("file truncated")
        chunk = mv[a:b]
        if zlib.crc32(chunk) != s["crc"]:
            raise ValueError(f"section {s['name']} damaged")
        sec[s["name"]] = chunk
    segs = []
    for i, meta in enumerate(header["segments"]):
        vb = bytes(sec[f"{i}.vocab"])
        vocab = vb.decode("utf-8").split("\n") if vb else []
        order = np.frombuffer(sec[f"{i}.order"], dtype=np.int64)
        ptr = np.frombuffer(sec[f"{i}.ptr"], dtype=np.int64)
        docs = np.frombuffer(sec[f"{i}.docs"], dtype=np.uint32)
        n = int(meta["n"])
        if len(vocab) != meta["terms"] or len(order) != len(vocab) or len(ptr) != len(vocab) + 1:
            raise ValueError("inconsistent sections")
        if len(ptr) and (ptr[-1] != len(docs) or (len(docs) and int(docs.max()) >= n)):
            raise ValueError("inconsistent postings")
        ntok = np.frombuffer(sec[f"{i}.ntok"], dtype=np.uint32)
        if len(ntok) != n:
            raise ValueError("inconsistent sections")
        seg = _Segment(vocab, order, ptr, docs, bytes(sec[f"{i}.keys"]), ntok)
        seg.n = n
        segs.append(seg)
    return header["key"], bool(header.get("ordered")), segs
