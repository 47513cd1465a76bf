"""Where the query's words are in a text: highlights, proximity and order, and the phrase/adjacency regexes."""

from __future__ import annotations

import re

from corpus.search.query import _TOKEN, ParsedQuery, _fold


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
