"""Ranking from the saved word positions (``fwd``): proximity and order, and the adjacency pass, without reading texts.

Each segment keeps every entry's words in text order as term ids
(``fwd[fwd_ptr[e]:fwd_ptr[e + 1]]``).  The best 200 full matches get their
occurrences (token position, unit) from them, the same the matcher would
find in the text; the next few thousand are checked for all the query's
words adjacent and in order with one table lookup per word, and only those
that pass are read (and checked with the regex, so the verdict is the
text's).
"""

from __future__ import annotations

import bisect

import numpy as np

from corpus.search.query import _TOKEN, ParsedQuery


class _PositionsMixin:
    """SearchIndex's use of the saved word positions (see corpus.search.rank)."""

    def _term_table(self, si: int, pq: ParsedQuery, ww: list[dict[str, float]], ti: int) -> np.ndarray:
        """Which term ids of segment ``si`` the query word ``ti`` matches (as
        the adjacency regex does: its matched words, or any completion of a
        prefix).  Cached on the parsed query."""
        ck = ("table", si, ti)
        tbl = pq.cache.get(ck)
        if tbl is not None:
            return tbl
        s = self.segments[si]
        tbl = np.zeros(len(s.vocab), dtype=bool)
        term_of = s.term_of
        ids = [term_of[w] for w in ww[ti] if w in term_of]
        if ids:
            tbl[ids] = True
        t = pq.terms[ti]
        if t.prefix:
            lo = bisect.bisect_left(s.sorted_words, t.word)
            hi = bisect.bisect_left(s.sorted_words, t.word + "\U0010ffff")
            tbl[s.order[lo:hi]] = True
        pq.cache[ck] = tbl
        return tbl

    def _adjacent_by_position(self, pq: ParsedQuery, seg_ix: np.ndarray, entry: np.ndarray) -> np.ndarray | None:
        """Per entry: whether its saved word positions hold words matching all
        the query's words adjacent and in order.  Every entry the adjacency
        regex finds is among them (the regex matches whole words against the
        same words the table marks).  ``None`` when a matched word is not a
        plain run of word characters (then positions cannot answer)."""
        ww = self._word_weights(pq)
        nt = len(pq.terms)
        plain = pq.cache.get("plain")
        if plain is None:
            plain = pq.cache["plain"] = all(_TOKEN.fullmatch(t.word) for t in pq.terms) and all(
                _TOKEN.fullmatch(w) for d in ww for w in d
            )
        if not plain:
            return None
        out = np.zeros(len(entry), dtype=bool)
        for si in np.unique(seg_ix).tolist():
            sel = np.flatnonzero(seg_ix == si) if len(self.segments) > 1 else np.arange(len(entry))
            # read in file order (fewer cache and TLB misses than rank order)
            sel = sel[np.argsort(entry[sel], kind="stable")]
            toks, offs = self._gather_tokens(si, entry[sel].astype(np.int64))
            m = len(toks) - (nt - 1)
            if m <= 0:
                continue
            # where the first word matches, then the others at the next places
            p = np.flatnonzero(self._term_table(si, pq, ww, 0)[toks[:m]])
            for k in range(1, nt):
                if not len(p):
                    break
                p = p[self._term_table(si, pq, ww, k)[toks[p + k]]]
            if not len(p):
                continue
            # the whole run inside one entry (offs ascending: the owner of a
            # place is the last entry starting at or before it)
            first = np.searchsorted(offs, p, side="right")
            last = np.searchsorted(offs, p + (nt - 1), side="right")
            out[sel[np.unique(first[first == last]) - 1]] = True
        return out

    def _gather_tokens(self, si: int, E: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The saved words of entries ``E`` of segment ``si``, concatenated, and
        where each entry starts in that array."""
        s = self.segments[si]
        starts = s.fwd_ptr[E]
        lens = s.fwd_ptr[E + 1] - starts
        offs = np.cumsum(lens) - lens
        idx = np.arange(int(lens.sum()), dtype=np.int64) + np.repeat(starts - offs, lens)
        return s.fwd[idx], offs

    def _gather_positions(self, si: int, E: np.ndarray):
        """The saved words of entries ``E`` of segment ``si``, concatenated:
        (term ids, owner = index into E, position in its entry)."""
        s = self.segments[si]
        starts = s.fwd_ptr[E]
        lens = s.fwd_ptr[E + 1] - starts
        total = int(lens.sum())
        offs = np.cumsum(lens) - lens
        rel = np.arange(total, dtype=np.int64) - np.repeat(offs, lens)
        return s.fwd[rel + np.repeat(starts, lens)], np.repeat(np.arange(len(E)), lens), rel

    def _occurrences_by_position(self, pq: ParsedQuery, seg_ix: np.ndarray, entry: np.ndarray):
        """Per entry, the sorted (token position, unit) occurrences the matcher
        would find in its text (the same words: the texts' folded words, each
        matching the terms whose matched words hold it, else the prefixes it
        starts with), from the saved word positions; ``None`` with phrases."""
        if any(pq.phrase):
            return None
        ww = self._word_weights(pq)
        nt = len(pq.terms)
        out: list[list[tuple[int, int]]] = [[] for _ in range(len(entry))]
        for si in np.unique(seg_ix).tolist():
            s = self.segments[si]
            sel = np.flatnonzero(seg_ix == si)
            toks, owner, rel = self._gather_positions(si, entry[sel].astype(np.int64))
            term_of = s.term_of
            ids_of = [[term_of[w] for w in ww[ti] if w in term_of] for ti in range(nt)]
            any_ww = [t for ids in ids_of for t in ids]
            parts = []
            for ti, t in enumerate(pq.terms):
                tbl = np.zeros(len(s.vocab), dtype=bool)
                if t.prefix:  # a word no term matched: the prefixes it starts with
                    lo = bisect.bisect_left(s.sorted_words, t.word)
                    hi = bisect.bisect_left(s.sorted_words, t.word + "\U0010ffff")
                    tbl[s.order[lo:hi]] = True
                    if any_ww:
                        tbl[any_ww] = False
                if ids_of[ti]:
                    tbl[ids_of[ti]] = True
                at = np.flatnonzero(tbl[toks])
                parts.append((owner[at], rel[at], np.full(len(at), pq.terms[ti].unit, np.int64)))
            ow = np.concatenate([p[0] for p in parts])
            ps = np.concatenate([p[1] for p in parts])
            us = np.concatenate([p[2] for p in parts])
            srt = np.lexsort((us, ps, ow))
            ow, ps, us = ow[srt].tolist(), ps[srt].tolist(), us[srt].tolist()
            for o, p, u in zip(ow, ps, us):
                out[int(sel[o])].append((p, u))
        return out
