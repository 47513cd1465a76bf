"""Every hit of one word (the first key a user types): scores from a weight class per entry, no dense weight matrix.

A query of one loose word scores each entry holding one of its expansions
``75 + 25 * quality`` where quality is that expansion's weight (1.0 exact,
0.9 prefix, 0.75 / 0.55 edits), so an entry's score depends only on which
expansion is the best it holds.  One byte per entry (the rank of that
expansion, 0 = none) is scattered from the posting lists, the few possible
scores are computed once per class with exactly the arithmetic of the
general path (so they are bit for bit the same), and the ranking key (score,
shorter, corpus order) goes to :class:`LazyHits`, which sorts only as far as
the hits are read.  "the" at a million passages: a scatter of its postings
and a partition, instead of a weight matrix, several full-length copies and
a sort of a million keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from corpus.search.hits import LazyHits
from corpus.search.query import Filters, ParsedQuery

if TYPE_CHECKING:
    from corpus.search import SearchIndex


def search_one_word(index: "SearchIndex", pq: ParsedQuery, rec_mask, filters: Filters, limit: int | None):
    """The hits of a one-word query, or ``None`` when the general path must
    run (tags given as ``restrict_to``, an index not in corpus order, or
    values too large for the one-key sort)."""
    if filters.restrict_to is not None or not index.ordered or len(pq.terms) != 1 or any(pq.phrase):
        return None
    term = pq.terms[0]
    per_seg = []
    df = 0
    for si, s in enumerate(index.segments):
        if s.n == 0:
            continue
        exp = index._expansions(si, term)
        if len(exp) > 250:
            return None
        codes = index._codes(si, term)  # kept for a common word
        if codes is None:
            codes = np.zeros(s.n, dtype=np.uint8)
            for k, (t, _w) in enumerate(exp):  # ascending weights: the best wins
                codes[s.docs[s.ptr[t] : s.ptr[t + 1]]] = k + 1
        per_seg.append((si, s, exp, codes))
        df += int(np.count_nonzero(codes)) if exp else 0
    idf = np.log1p(max(1, index.n_live) / np.maximum(np.array([float(df)]), 1.0))
    idf_sum = float(idf.sum()) or 1.0
    parts_code, parts_rec, parts_pas, parts_ntok = [], [], [], []
    slut_of = []
    for si, s, exp, codes in per_seg:
        if not exp:
            continue
        cand = np.flatnonzero(codes)
        if s.has_dead or rec_mask is not None:
            keep = s.doc_rec[cand] >= 0
            if rec_mask is not None:
                keep &= rec_mask[np.maximum(s.doc_rec[cand], 0)]
            cand = cand[keep]
        if not len(cand):
            continue
        # the score of each class, as the general path computes it per entry
        # (_candidates' quality, then _rank's full-match score, rounded)
        lut = np.array([[0.0] + [w for _t, w in exp]], dtype=np.float32)
        quality = (idf[:, None] * lut).sum(axis=0) / idf_sum
        full = (lut > 0).all(axis=0)
        score = np.where(full, 50 + 25 * quality.astype(np.float64), 45 * quality) + 25.0
        slut_of.append(np.round(score, 2))
        parts_code.append((len(slut_of) - 1, codes[cand]))
        parts_rec.append(s.doc_rec[cand])
        parts_pas.append(s.doc_pas[cand])
        parts_ntok.append(s.ntok[cand])
    if not parts_rec:
        return LazyHits.empty(index, pq)
    rscore = np.concatenate([slut_of[j][c] for j, c in parts_code]) if len(parts_code) > 1 else slut_of[0][parts_code[0][1]]
    ntok = np.concatenate(parts_ntok) if len(parts_ntok) > 1 else parts_ntok[0]
    n = len(rscore)
    if n >= 2**32 or (len(ntok) and int(ntok.max()) >= 2**15):
        return None
    rec_of = np.concatenate(parts_rec) if len(parts_rec) > 1 else parts_rec[0]
    pas_of = np.concatenate(parts_pas) if len(parts_pas) > 1 else parts_pas[0]
    r = np.rint(rscore * 100).astype(np.int64)
    key = ((10000 - r) << 47) | (ntok.astype(np.int64) << 32) | np.arange(n, dtype=np.int64)
    return LazyHits(index, pq, rec_of, pas_of, rscore, key=key, limit=limit)
