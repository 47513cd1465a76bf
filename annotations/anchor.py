"""Anchoring: W3C selectors for a span of a record's text, and re-anchoring.

A span is described by a ``TextQuoteSelector`` (``exact`` plus up to 64
characters of ``prefix``/``suffix``) and a ``TextPositionSelector``
(``start``/``end``, 0-based, end exclusive, code points of ``Record.text``).

Re-anchoring against a changed text (Hypothesis' order, with cut-offs):

1. position: the text at ``start:end`` still equals ``exact`` → anchored;
2. exact matches of the quote, each scored by context and position
   (``(50·quote + 20·prefix + 20·suffix + 2·position) / 92``); two candidates
   scoring within ``TIE_MARGIN`` of each other → *ambiguous* (never guessed);
3. fuzzy: rapidfuzz ``partial_ratio_alignment`` over the text, with a
   cut-off; the best window is compared to the runner-up (the text with the
   best window masked out) to detect ties.

The result is *anchored*/*reanchored* above ``ACCEPT``, *review* in the middle
band, *orphan* below.  Short quotes never anchor fuzzily without context.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

CONTEXT = 64  # characters of prefix/suffix kept (at least 32 where the text has them)

# Statuses
ANCHORED = "anchored"  # same place, same text
REANCHORED = "reanchored"  # found again after the text changed
REVIEW = "review"  # probably here; a person should confirm
AMBIGUOUS = "ambiguous"  # several equally good places: not guessed
ORPHAN = "orphan"  # not found; kept with its quote
MANUAL = "manual"  # re-attached by hand
STATUSES = (ANCHORED, REANCHORED, MANUAL, REVIEW, AMBIGUOUS, ORPHAN)
OK_STATUSES = (ANCHORED, REANCHORED, MANUAL)
PROBLEM_STATUSES = (REVIEW, AMBIGUOUS, ORPHAN)
NOT_LOADED = "record not loaded"  # shown, never stored: the corpus checked has no record for it

ACCEPT = 0.80  # combined score at or above: accepted
REVIEW_BAND = 0.55  # combined score at or above (and below ACCEPT): needs review
FUZZY_CUTOFF = 70.0  # partial_ratio below this is not a candidate at all
FUZZY_ACCEPT_QUOTE = 88.0  # fuzzy quote similarity needed to accept without review
TIE_MARGIN = 0.02  # candidates closer than this are a tie
SHORT_QUOTE = 20  # quotes shorter than this need supporting context


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def make_selectors(text: str, start: int, end: int) -> list[dict[str, Any]]:
    """The W3C selectors for ``text[start:end]``."""
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"span {start}:{end} is outside the text (length {len(text)})")
    return [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - CONTEXT) : start],
            "suffix": text[end : end + CONTEXT],
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


def quote_of(selectors: list[dict[str, Any]]) -> dict[str, Any]:
    for s in selectors:
        if s.get("type") == "TextQuoteSelector":
            return s
    return {"exact": "", "prefix": "", "suffix": ""}


def position_of(selectors: list[dict[str, Any]]) -> tuple[int, int] | None:
    for s in selectors:
        if s.get("type") == "TextPositionSelector":
            return int(s["start"]), int(s["end"])
    return None


@dataclass
class Match:
    status: str
    start: int | None = None
    end: int | None = None
    score: float = 0.0
    method: str = ""
    candidates: list[tuple[int, int, float]] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.start is not None


def _ctx_sim(stored: str, actual: str) -> float:
    if not stored and not actual:
        return 1.0
    return fuzz.ratio(stored, actual) / 100.0


def _score(text: str, start: int, end: int, q: dict, quote_sim: float, old_start: int | None) -> float:
    prefix = q.get("prefix", "") or ""
    suffix = q.get("suffix", "") or ""
    p = _ctx_sim(prefix, text[max(0, start - len(prefix)) : start])
    s = _ctx_sim(suffix, text[end : end + len(suffix)])
    if old_start is None:
        pos = 0.5
    else:
        pos = 1.0 - min(1.0, abs(start - old_start) / max(len(text), 1))
    return (50 * quote_sim + 20 * p + 20 * s + 2 * pos) / 92


def _context_sim(text: str, start: int, end: int, q: dict) -> float:
    prefix = q.get("prefix", "") or ""
    suffix = q.get("suffix", "") or ""
    p = _ctx_sim(prefix, text[max(0, start - len(prefix)) : start])
    s = _ctx_sim(suffix, text[end : end + len(suffix)])
    return (p + s) / 2


def _word_start(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isalnum() and (i == 0 or not text[i - 1].isalnum())


def _word_end(text: str, i: int) -> bool:
    return 0 < i <= len(text) and text[i - 1].isalnum() and (i == len(text) or not text[i].isalnum())


EDGE = 12  # characters of context compared at each end when refining


def refine(exact: str, text: str, ds: int, de: int, prefix: str = "", suffix: str = "") -> tuple[int, int, float]:
    """Move the ends of a fuzzy window to where it best matches ``exact``
    (``partial_ratio`` windows have the quote's length, so an inserted or
    deleted word shifts them).  Each end is scored by the quote similarity
    plus how well the text next to it matches the stored prefix/suffix, with
    a small preference for word boundaries when the quote had them."""
    k = min(24, max(6, len(exact) // 5))
    low = text.lower() if len(text.lower()) == len(text) else text
    ex = exact.lower() if len(exact.lower()) == len(exact) else exact
    pre = prefix[-EDGE:].lower()
    suf = suffix[:EDGE].lower()
    want_start = bool(exact[:1].isalnum())
    want_end = bool(exact[-1:].isalnum())

    def sim(a: int, b: int) -> float:
        if b <= a:
            return -1.0
        v = fuzz.ratio(ex, low[a:b]) / 100
        if pre:
            v += 0.5 * fuzz.ratio(pre, low[max(0, a - len(pre)) : a]) / 100
        if suf:
            v += 0.5 * fuzz.ratio(suf, low[b : b + len(suf)]) / 100
        if want_start and _word_start(text, a):
            v += 0.01
        if want_end and _word_end(text, b):
            v += 0.01
        return v

    best = sim(ds, de)
    for _ in range(3):
        changed = False
        for a in range(max(0, ds - k), min(len(text), ds + k) + 1):
            v = sim(a, de)
            if v > best + 1e-9:
                best, ds, changed = v, a, True
        for b in range(max(ds + 1, de - k), min(len(text), de + k) + 1):
            v = sim(ds, b)
            if v > best + 1e-9:
                best, de, changed = v, b, True
        if not changed:
            break
    return ds, de, fuzz.ratio(ex, low[ds:de]) / 100


def locate(selectors: list[dict[str, Any]], text: str) -> Match:
    """Find the span described by ``selectors`` in ``text``."""
    q = quote_of(selectors)
    exact = q.get("exact", "") or ""
    pos = position_of(selectors)
    old_start = pos[0] if pos else None
    if not exact:
        return Match(ORPHAN, method="no quote")

    # 1. position check
    if pos and text[pos[0] : pos[1]] == exact:
        return Match(ANCHORED, pos[0], pos[1], 1.0, "position")

    # 2. exact matches
    starts = []
    i = text.find(exact)
    while i != -1 and len(starts) < 1000:
        starts.append(i)
        i = text.find(exact, i + 1)
    if starts:
        cands = sorted(
            ((s, s + len(exact), _score(text, s, s + len(exact), q, 1.0, old_start)) for s in starts),
            key=lambda c: -c[2],
        )
        best = cands[0]
        if len(cands) > 1 and best[2] - cands[1][2] < TIE_MARGIN:
            return Match(AMBIGUOUS, None, None, best[2], "exact (tie)", cands[:5])
        ctx = _context_sim(text, best[0], best[1], q)
        if len(exact) >= SHORT_QUOTE or ctx >= 0.5:
            status = REANCHORED if best[2] >= ACCEPT or len(cands) == 1 else REVIEW
            if len(exact) < SHORT_QUOTE and ctx < 0.8:
                status = REVIEW
            return Match(status, best[0], best[1], best[2], "exact", cands[:5])
        return Match(REVIEW, best[0], best[1], best[2], "exact (short, weak context)", cands[:5])

    # 3. fuzzy
    if len(exact) < 8:
        return Match(ORPHAN, score=0.0, method="short quote not found")
    al = fuzz.partial_ratio_alignment(exact, text, score_cutoff=FUZZY_CUTOFF)
    if al is None or al.score < FUZZY_CUTOFF:
        return Match(ORPHAN, score=(al.score / 100 if al else 0.0), method="fuzzy: below cut-off")
    ds, de, quote_sim = refine(exact, text, al.dest_start, al.dest_end, q.get("prefix") or "", q.get("suffix") or "")
    score = _score(text, ds, de, q, quote_sim, old_start)
    # runner-up elsewhere: mask the best window (keeps offsets)
    masked = text[:ds] + "\x00" * (de - ds) + text[de:]
    al2 = fuzz.partial_ratio_alignment(exact, masked, score_cutoff=FUZZY_CUTOFF)
    cands = [(ds, de, score)]
    if al2 is not None and al2.score >= FUZZY_CUTOFF:
        score2 = _score(text, al2.dest_start, al2.dest_end, q, al2.score / 100, old_start)
        cands.append((al2.dest_start, al2.dest_end, score2))
        if abs(score - score2) < TIE_MARGIN and abs(al.score - al2.score) < 1.0:
            return Match(AMBIGUOUS, None, None, score, "fuzzy (tie)", cands)
    ctx = _context_sim(text, ds, de, q)
    if quote_sim * 100 >= FUZZY_ACCEPT_QUOTE and score >= ACCEPT and len(exact) >= SHORT_QUOTE:
        # a short quote found only approximately is never accepted unseen
        return Match(REANCHORED, ds, de, score, "fuzzy", cands)
    if score >= REVIEW_BAND:
        return Match(REVIEW, ds, de, score, "fuzzy", cands)
    return Match(ORPHAN, None, None, score, "fuzzy: below review band", cands)
