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
    ``index.search(q, limit=None)``.  A long list is sorted only as far as
    it is read (the first 256 at once): the first page of every hit of "the"
    at a million passages costs a partition, not a full sort.  A query of
    one word ranks from one byte per entry (corpus/search/oneword.py).

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
  order); the next 5,800 get a regex check (each text on its own) for all the
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
intersection and scoring are vectorised numpy operations.  Each segment
also keeps every entry's words in text order as term ids (``fwd``, CSR by
entry, ``fwd_ptr``): proximity and order of the best 200 full matches come
from them, and the adjacency pass reads (and checks with its regex) only the
texts whose positions hold the words adjacent and in order.  Highlights and
queries with phrases still read the texts.

Searches with a ``limit`` (and more than one word) go *rarest word first*:
the candidates are the entries holding the rarest query word(s) (a union of
a few short posting lists), and the other words' weights are looked up for
those candidates only (``searchsorted`` on the sorted posting lists when
the candidates are few, otherwise one byte per entry marked from the long
lists and gathered for the candidates, kept for common words in a 32 MiB
LRU), so a common word such as "the"
costs in proportion to the candidates, not to the corpus.  Every full match
holds the rarest word, so it is among the candidates; an entry without it
can only be a partial match of the other words, worth at most ``45 *``
their idf-weighted best weight.  When the ``limit``-th candidate scores
above that bound the head of the ranking is exact; otherwise the next
rarest word joins the candidate set (and when that is a third of the index,
every entry is scored as above).  ``df`` of a word with several typo
expansions is counted once per segment and query word, and cached.

Cache: one file per collection (the set of source directories) in the cache
directory, ``<hash>.idx``: magic, version (2 since word positions), a JSON header with the corpus key
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

from corpus.search.highlight import _adjacent_regex, _Matcher, _phrase_regexes, _term_regex  # noqa: F401
from corpus.search.persist import FORMAT_VERSION, MAGIC, _PersistMixin, _read_cache, default_cache_dir  # noqa: F401
from corpus.search.query import (  # noqa: F401
    ADJACENT_SCAN,
    PREFIX_MAX_TERMS,
    REFINE_TOP,
    W_EDIT1,
    W_EDIT2,
    W_EXACT,
    W_PREFIX,
    Filters,
    Hit,
    ParsedQuery,
    Progress,
    SearchCancelled,
    _fold,
    _Term,
    _word_set,
    max_edits,
    normalise_word,
    parse_query,
    record_matches,
    tokens,
)
from corpus.search.rank import LazyHits, _RankMixin  # noqa: F401
from corpus.search.segment import (  # noqa: F401
    _build_segment, _collection_name, _corpus_key, _corpus_key_of, _entries, _entry_arrays, _entry_texts, _Segment,
)

# ---------------------------------------------------------------------------
# the index


class SearchIndex(_PersistMixin, _RankMixin):
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
        self._codes_cache: OrderedDict[tuple, np.ndarray] = OrderedDict()  # rank.py: _codes
        self._lock = threading.Lock()
        self.n_live = int(sum(int((s.doc_rec >= 0).sum()) for s in segments))

    # ---- building ----------------------------------------------------------
    @classmethod
    def build(
        cls, corpus: "Corpus", progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> "SearchIndex":
        return cls._build_whole(corpus, _entry_arrays(corpus), progress, cancel)

    @classmethod
    def _build_whole(cls, corpus: "Corpus", arrays, progress, cancel, spill_dir=None) -> "SearchIndex":
        """One segment over every entry, read from the records as it is built (no list
        of keys beside the segment's own blob of them, which also gives the corpus key);
        ``spill_dir``: see _build_segment."""
        rec_a, pas_a = arrays
        total = len(rec_a)
        seg = _build_segment(_entry_texts(corpus), total, progress, cancel, spill_dir)
        seg.doc_rec, seg.doc_pas = rec_a, pas_a
        if progress:
            progress(total, total, "done")
        return cls(corpus, [seg], hashlib.sha1(bytes(seg.keys_blob)).hexdigest())  # = _corpus_key(keys)

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
