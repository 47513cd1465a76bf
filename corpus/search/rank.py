"""Searching and ranking: candidates, scores, rarest-word-first, proximity refinement, lazy hits."""

from __future__ import annotations

import heapq
import math

import numpy as np

from corpus.search.highlight import _adjacent_regex, _phrase_regexes
from corpus.search.query import (
    ADJACENT_SCAN,
    REFINE_TOP,
    _TOKEN,
    Filters,
    Hit,
    ParsedQuery,
    _fold,
    _Term,
    parse_query,
    record_matches,
)
from corpus.search.hits import LazyHits
from corpus.search.oneword import search_one_word
from corpus.search.positions import _PositionsMixin
from corpus.search.segment import _Segment


class _RankMixin(_PositionsMixin):
    """SearchIndex's searching (see corpus.search for the scores)."""

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
        got = pq.cache.get("ww")
        if got is not None:
            return got
        out: list[dict[str, float]] = [dict() for _ in pq.terms]
        for si, s in enumerate(self.segments):
            for ti, t in enumerate(pq.terms):
                for tid, w in self._expansions(si, t):
                    word = s.vocab[tid]
                    if out[ti].get(word, 0.0) < w:
                        out[ti][word] = w
        pq.cache["ww"] = out
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
        if nt == 1 and not phrase_terms:  # one word: a weight class per entry, sorted lazily
            hits = search_one_word(self, pq, rec_mask, filters, limit)
            if hits is not None:
                return hits
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
        codes = self._codes(si, term) if len(exp) > 1 else None
        if len(exp) <= 1:
            df = int(s.df[exp[0][0]]) if exp else 0
        elif codes is not None:
            df = int(np.count_nonzero(codes))
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

    def _codes(self, si: int, term: _Term, build: bool = True) -> np.ndarray | None:
        """One byte per entry of segment ``si``: 1 + the rank (in its
        expansions, ascending weights) of the best word of ``term`` the entry
        holds, 0 for none.  Only for a term whose posting lists add up to a
        sixteenth of the segment or more (for the others a binary search is
        cheaper), else ``None``; kept (least recently used first out, at most
        32 MiB) because common words come back in query after query.  With
        ``build=False``, only a kept one."""
        s = self.segments[si]
        exp = self._expansions(si, term)
        ck = (si, tuple(t for t, _w in exp))  # typos of one word often share the words they match
        with self._lock:
            got = self._codes_cache.get(ck)
            if got is not None:
                self._codes_cache.move_to_end(ck)
                return got
        if not build or len(exp) >= 255 or sum(int(s.ptr[t + 1] - s.ptr[t]) for t, _w in exp) * 16 < s.n:
            return None
        codes = np.zeros(s.n, dtype=np.uint8)
        for k, (t, _w) in enumerate(exp):  # ascending weights: the best wins
            codes[s.docs[s.ptr[t] : s.ptr[t + 1]]] = k + 1
        with self._lock:
            self._codes_cache[ck] = codes
            while sum(c.nbytes for c in self._codes_cache.values()) > _CODES_BYTES and len(self._codes_cache) > 1:
                self._codes_cache.popitem(last=False)
        return codes

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
                codes = [lambda build, si=si, t=t: self._codes(si, t, build) for t in pq.terms]
                cand, Wc = self._rare_first_weights(s, exps[k], order[:1], order, codes)
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
                codes = [lambda build, si=si, t=t: self._codes(si, t, build) for t in pq.terms]
                cand, Wc = self._rare_first_weights(s, exps[k], E, None, codes)
                if not len(cand):
                    continue
                ok = self._match_mask(Wc, plan)
                if not ok.all():
                    cand, Wc = cand[ok], Wc[:, ok]
                got = self._candidates(si, s, cand.astype(np.int64), Wc, idf, plan)
                if got is not None:
                    cand_all.append(got)
            hits = self._rank(pq, plan, cand_all, filters, limit)
            if bound is None or (len(hits) >= limit and hits.score_at(limit - 1) > bound + 0.01):
                return hits
        return None

    @staticmethod
    def _rare_first_weights(
        s: _Segment, exps, E: list[int], all_of: list[int] | None = None, codes: list | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Entries of ``s`` holding a word of the terms ``E`` (ascending) and
        every term's best match weight for them (terms x entries).  With
        ``all_of`` (every term, in this order), only the entries holding them
        all.  ``codes``: per term, a function giving its byte per entry (see
        ``_codes``; made only when asked to build)."""
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
        prev = all_of[0] if all_of is not None else 0  # the term filled last (the first needs no check)
        for ti in all_of if all_of is not None else range(nt):
            exp = exps[ti]
            if all_of is not None and ti != all_of[0]:
                got = np.flatnonzero(Wc[prev] > 0)
                if len(got) < nc:  # keep the entries holding every term so far
                    cand, Wc, nc = cand[got], Wc[:, got], len(got)
                if not nc:
                    break
            prev = ti
            _fill_weights(s, exp, cand, Wc[ti], codes[ti] if codes else None)
        if all_of is not None and nc:
            got = np.flatnonzero(Wc[prev] > 0)
            cand, Wc = cand[got], Wc[:, got]
        return cand, Wc

    def _rank(self, pq: ParsedQuery, plan, cand_all, filters: Filters, limit: int | None) -> "LazyHits":
        """Phrases, restrict_to, proximity and order, then the sort."""
        phrase_terms = plan[2]
        if not cand_all:
            return LazyHits.empty(self, pq)
        seg_ix = _cat([np.full(len(c[1]), c[0], np.int32) for c in cand_all])
        entry = _cat([c[1] for c in cand_all])
        quality = _cat([c[2] for c in cand_all], np.float64)
        full = _cat([c[3] for c in cand_all])
        rec_of = _cat([c[4] for c in cand_all], np.int64)
        pas_of = _cat([c[5] for c in cand_all], np.int64)
        ntok = _cat([c[6] for c in cand_all], np.int64)
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

                top = ranked[:REFINE_TOP]
                occs = self._occurrences_by_position(pq, seg_ix[top], entry[top])
                for j, i in enumerate(top.tolist()):
                    if beaten(i):
                        break
                    if occs is not None:  # from the saved word positions: no text read
                        prox, order = matcher.window(occs[j])
                    else:
                        rec, p = self._entry(int(seg_ix[i]), int(entry[i]))
                        text = (rec.title or "") if p is None else p.text
                        prox, order = matcher.proximity(text)
                    score[i] = 50 + 50 * (0.5 * quality[i] + 0.35 * prox + 0.15 * order)
                    keep(i)
                else:
                    done = len(ranked) <= REFINE_TOP
                # the next few thousand: which hold all the words adjacent and
                # in order (perfect proximity and order), by one regex per text
                wide = ranked[REFINE_TOP:ADJACENT_SCAN].tolist()
                rx = _adjacent_regex(pq, self._word_weights(pq)) if not done and wide else None
                if rx is not None:
                    # the saved word positions say which entries can hold the
                    # words adjacent and in order; only those texts are read
                    # (and checked with the regex, so the verdict is the same).
                    # In growing chunks, stopping as below once the best
                    # `limit` are beyond reach (all at once without a limit)
                    w_all = np.asarray(wide, dtype=np.int64)
                    c0, step = 0, 256 if limit else len(wide)
                    while c0 < len(wide) and not beaten(wide[c0]):
                        w_arr = w_all[c0 : c0 + step]
                        maybe = self._adjacent_by_position(pq, seg_ix[w_arr], entry[w_arr])
                        if maybe is None:
                            break  # positions cannot answer: the text scan below, from here
                        for i in w_arr[maybe].tolist():
                            if _holds_adjacent(rx, self._entry_text(int(seg_ix[i]), int(entry[i]))):
                                score[i] = 50 + 50 * (0.5 * quality[i] + 0.35 + 0.15)
                                keep(i)
                        c0, step = c0 + len(w_arr), step * 2
                    else:
                        rx = None
                    wide = wide[c0:]
                # without usable positions: every text of the next few
                # thousand read and scanned, in chunks, stopping as above
                # (each text on its own: a match never runs from the end of
                # one text into the next)
                chunk = 250 if limit else max(1, len(wide))
                for c0 in range(0, len(wide) if rx is not None else 0, chunk):
                    part = wide[c0 : c0 + chunk]
                    if beaten(part[0]):
                        break
                    for i in part:
                        if _holds_adjacent(rx, self._entry_text(int(seg_ix[i]), int(entry[i]))):
                            score[i] = 50 + 50 * (0.5 * quality[i] + 0.35 + 0.15)
                            keep(i)
        # sort: score desc, then corpus order
        rscore = np.round(score, 2)
        if limit is not None and len(rscore) > 4 * limit + 100:
            # only the entries that can be in the top `limit` (ties included)
            cut = -np.partition(-rscore, limit - 1)[limit - 1] if limit > 0 else np.inf
            sel = np.flatnonzero(rscore >= cut)
            order = sel[np.lexsort((pas_of[sel], rec_of[sel], ntok[sel], -rscore[sel]))][:limit]
        elif self.ordered and len(rscore) > 4096 and len(rscore) < 2**32 and int(ntok.max()) < 2**15:
            # entries in corpus order (so the candidates are in record, passage
            # order): one int64 key (score, shorter, position) sorts like the
            # four-key lexsort, several times faster for a million hits
            # (sorted only as far as the hits are read: see LazyHits)
            r = np.rint(rscore * 100).astype(np.int64)
            key = ((10000 - r) << 47) | (ntok << 32) | np.arange(len(r), dtype=np.int64)
            return LazyHits(self, pq, rec_of, pas_of, rscore, key=key, limit=limit)
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


# a binary search of one entry number in a long posting list costs about as
# much as this many entries scattered into (or gathered from) a dense array
_SEARCH_COST = 128
_CODES_BYTES = 32 << 20  # the kept bytes-per-entry of common words (SearchIndex._codes)


def _fill_weights(s: _Segment, exp, cand: np.ndarray, row: np.ndarray, get_codes=None) -> None:
    """``row[j]`` = the best weight among the expansions ``exp`` (term id,
    weight; ascending weights) whose posting lists hold entry ``cand[j]``
    (``cand`` ascending; ``row`` zeros).  A short list is looked up by binary
    search (the shorter side searched in the longer); the long ones share one
    byte per entry of the segment (their rank in ``exp``, the best written
    last), gathered once for the candidates.  ``get_codes(build)`` gives
    that byte for every expansion (SearchIndex._codes): a kept one is used at
    once; one is made (and kept) only when some list is long enough to be
    marked anyway."""
    nc = len(cand)
    lut = np.array([0.0] + [w for _t, w in exp], dtype=row.dtype)
    codes = get_codes(False) if get_codes is not None and nc else None
    if codes is not None:
        np.maximum(row, lut[np.take(codes, cand)], out=row)
        return
    marked: list[tuple[int, np.ndarray]] = []
    for k, (t, w) in enumerate(exp):
        P = s.docs[s.ptr[t] : s.ptr[t + 1]]
        npost = len(P)
        if not npost or not nc:
            continue
        if min(npost, nc) * _SEARCH_COST > npost + (nc + s.n // 8) // 2:
            marked.append((k, P))
        elif npost <= nc:
            pos = np.minimum(np.searchsorted(cand, P), nc - 1)
            row[pos[cand[pos] == P]] = w
        else:
            pos = np.minimum(np.searchsorted(P, cand), npost - 1)
            row[P[pos] == cand] = w
    if marked:
        codes = get_codes(True) if get_codes is not None else None
        if codes is None:
            codes = np.zeros(s.n, dtype=np.uint8 if len(exp) < 255 else np.uint16)
            for k, P in marked:
                codes[P] = k + 1
        np.maximum(row, lut[np.take(codes, cand)], out=row)


def _cat(parts: list[np.ndarray], dtype=None) -> np.ndarray:
    """``np.concatenate(parts)`` (as ``dtype``), without a copy for one part."""
    x = parts[0] if len(parts) == 1 else np.concatenate(parts)
    return x if dtype is None else x.astype(dtype, copy=False)


def _holds_adjacent(rx, text: str) -> bool:
    """Whether the adjacency regex ``rx`` matches ``text`` from the start of a word."""
    low = text.lower()
    return any(m.start() == 0 or not _TOKEN.match(low, m.start() - 1) for m in rx.finditer(low))
