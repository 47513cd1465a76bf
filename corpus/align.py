"""Compare two versions of a record: sentence alignment, then word diffs.

Both records are cut into sentences (passages first, then
:func:`corpus.sentences.split_sentences`) and the two sentence sequences are
aligned across the whole record, so a wall of text that was later reflowed
into paragraphs still lines up.  The alignment works in three steps:

1. identical sentences (under the chosen options) are matched by an LCS over
   sentence hashes (``rapidfuzz.distance.Indel.opcodes`` on integer ids);
2. inside each stretch between two identical sentences, a small dynamic
   programme pairs similar sentences, allowing one sentence to match two or
   three consecutive ones on the other side (split / merged sentences);
3. sentences left over on one side are matched against leftovers on the
   other side anywhere in the record: those are *moved*.

Matched sentences get a word diff (``Indel.opcodes`` over token lists).  Every
row is classified ``same``, ``changed``, ``deleted`` (only in A), ``inserted``
(only in B) or ``moved``.  Options ignore case, punctuation, or the style of
quotes and dashes; the texts shown are always the records' own.

No Textual here: the TUI and CLI render :class:`Comparison` rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from corpus.model import Record
from corpus.sentences import split_sentences

SAME = "same"
CHANGED = "changed"
DELETED = "deleted"  # only in A
INSERTED = "inserted"  # only in B
MOVED = "moved"
STATUSES = (SAME, CHANGED, DELETED, INSERTED, MOVED)

# Gutter symbol per row status (also used by the CLI and the TUI).
GUTTER = {SAME: "=", CHANGED: "~", DELETED: "-", INSERTED: "+", MOVED: ">"}

# Sentences match when their character similarity is at least this.
MATCH_THRESHOLD = 0.5
# Leftover sentences are "moved" when at least this similar.
MOVE_THRESHOLD = 0.8
# Largest stretch (sentences A x sentences B) aligned by dynamic programming;
# bigger stretches use a greedy order-preserving match.
DP_MAX_CELLS = 40_000
MOVE_MAX_CELLS = 4_000_000

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)+(?!\w)|\w+(?:[’'‐‑\-]\w+)*|[^\w\s]")
_QUOTES = "\"'‘’‚‛“”„‟′″‹›«»`´"
_HYPHENS = "‐‑-"  # join words ("co-ordinated"): all become "-"
_DASHES = "‒–—―−"  # separate words: all become "–"
_UNIFY_PAIRS = tuple(
    [(c, "'") for c in _QUOTES if c != "'"] + [(c, "-") for c in _HYPHENS if c != "-"] + [(c, "–") for c in _DASHES if c != "–"]
)
_NON_ALNUM = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Options:
    ignore_case: bool = False
    ignore_punctuation: bool = False
    unify_quotes_dashes: bool = False

    def to_dict(self) -> dict[str, bool]:
        return {
            "ignore_case": self.ignore_case,
            "ignore_punctuation": self.ignore_punctuation,
            "unify_quotes_dashes": self.unify_quotes_dashes,
        }


# Op = (tag, a_start, a_end, b_start, b_end): character offsets in Row.a / Row.b.
Op = tuple[str, int, int, int, int]


@dataclass(slots=True)
class Row:
    """One aligned unit: a sentence (or a few merged ones) of A and/or B."""

    status: str
    a: str | None
    b: str | None
    ops: list[Op] = field(default_factory=list)
    a_span: tuple[int, int] | None = None  # offsets in record A's text
    b_span: tuple[int, int] | None = None
    a_passage: int | None = None  # index of A's (first) passage
    b_passage: int | None = None
    partner: int | None = None  # for moved rows: index of the other half
    similarity: float = 0.0  # word similarity of a and b (moved: with partner)

    def segments(self, side: str) -> list[tuple[str, str]]:
        """``[(text, kind)]`` covering Row.a (side "a") or Row.b (side "b").

        kind is ``same``, ``delete`` / ``insert`` (only on this side) or
        ``replace`` (differs from the other side).
        """
        text = self.a if side == "a" else self.b
        if not text:
            return []
        if self.status == DELETED:
            return [(text, "delete")]
        if self.status == INSERTED:
            return [(text, "insert")]
        if not self.ops:
            return [(text, "same")]
        spans: list[tuple[int, int, str]] = []
        for tag, a0, a1, b0, b1 in self.ops:
            s, e = (a0, a1) if side == "a" else (b0, b1)
            if e <= s:
                continue
            kind = "same" if tag == "equal" else ("replace" if tag == "replace" else tag)
            spans.append((s, e, kind))
        out: list[tuple[str, str]] = []
        pos = 0

        def add(t: str, kind: str) -> None:
            if not t:
                return
            if out and out[-1][1] == kind:
                out[-1] = (out[-1][0] + t, kind)
            else:
                out.append((t, kind))

        for s, e, kind in spans:
            add(text[pos:s], "same")
            add(text[s:e], kind)
            pos = e
        add(text[pos:], "same")
        return out

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "status": self.status,
            "a": self.a,
            "b": self.b,
            "ops": [list(op) for op in self.ops],
        }
        if self.status == MOVED:  # ops relate this row's text to its partner's
            d["partner"] = self.partner
        return d


@dataclass(slots=True)
class Comparison:
    summary: dict[str, Any]
    rows: list[Row]

    def differences(self) -> list[int]:
        """Indexes of rows that are not ``same``."""
        return [i for i, r in enumerate(self.rows) if r.status != SAME]

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary, "rows": [r.to_dict() for r in self.rows]}


# ---------------------------------------------------------------- tokens


def _prep(text: str, opts: Options) -> tuple[str, bool]:
    """Text transformed for comparison; False when spans no longer match ``text``."""
    if opts.unify_quotes_dashes:  # one character for one: spans unchanged
        for c, r in _UNIFY_PAIRS:
            if c in text:
                text = text.replace(c, r)
    if opts.ignore_case:
        folded = text.casefold()
        if len(folded) != len(text):  # e.g. "ß" -> "ss": fold token by token
            return text, False
        text = folded
    return text, True


def _keys(text: str, opts: Options) -> list[str]:
    """Comparison keys of ``text`` (fast: no spans)."""
    t, ok = _prep(text, opts)
    toks = _TOKEN.findall(t)
    if not ok:
        toks = [k.casefold() for k in toks]
    if opts.unify_quotes_dashes and "-" in toks:  # a lone hyphen is a dash
        toks = ["–" if k == "-" else k for k in toks]
    if opts.ignore_punctuation:
        # words are kept (inner ' - . , removed); one-character punctuation tokens dropped
        toks = [k if k.isalnum() else _NON_ALNUM.sub("", k) for k in toks if len(k) > 1 or k.isalnum()]
        toks = [k for k in toks if k]
    return toks


def tokens(text: str, opts: Options) -> tuple[list[str], list[tuple[int, int]]]:
    """Comparison keys and their (start, end) spans in ``text``.

    With ``ignore_punctuation`` punctuation tokens are left out altogether.
    """
    t, ok = _prep(text, opts)
    keys: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(t):
        k = m.group() if ok else m.group().casefold()
        if k == "-" and opts.unify_quotes_dashes:
            k = "–"
        if opts.ignore_punctuation:
            k = _NON_ALNUM.sub("", k)
            if not k:
                continue
        keys.append(k)
        spans.append(m.span())
    return keys, spans


@dataclass(slots=True)
class _Unit:
    text: str
    start: int
    passage: int
    key: str  # space-joined token keys
    nwords: int


def _units(record: Record, opts: Options) -> list[_Unit]:
    out: list[_Unit] = []
    for p in record.passages:
        pos = 0
        for s in split_sentences(p.text):
            off = p.text.find(s, pos)
            if off < 0:  # cannot happen with split_sentences, but be safe
                off = pos
            pos = off + len(s)
            keys = _keys(s, opts)
            out.append(_Unit(s, p.start + off, p.index, " ".join(keys), len(keys)))
    return out


def word_ops(a: str, b: str, opts: Options) -> tuple[list[Op], int, int, int]:
    """Word-level edit script between two sentences, as character spans.

    Returns ``(ops, equal_words, words_a, words_b)``.  Consecutive deletions
    and insertions between two equal runs are merged into one ``replace``.
    """
    from rapidfuzz.distance import Indel

    ka, sa = tokens(a, opts)
    kb, sb = tokens(b, opts)
    raw = [tuple(o) for o in Indel.opcodes(ka, kb)] if (ka or kb) else []
    # merge runs of non-equal opcodes
    merged: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in raw:
        if merged and tag != "equal" and merged[-1][0] != "equal":
            _, pi1, _pi2, pj1, _pj2 = merged[-1]
            merged[-1] = ("replace", pi1, max(i2, _pi2), pj1, max(j2, _pj2))
        else:
            merged.append((tag, i1, i2, j1, j2))
    fixed = []
    for tag, i1, i2, j1, j2 in merged:
        if tag == "replace":
            if i2 == i1:
                tag = "insert"
            elif j2 == j1:
                tag = "delete"
        fixed.append((tag, i1, i2, j1, j2))

    def cspan(spans: list[tuple[int, int]], i1: int, i2: int, text: str) -> tuple[int, int]:
        if i2 > i1:
            return spans[i1][0], spans[i2 - 1][1]
        p = spans[i1][0] if i1 < len(spans) else len(text)
        return p, p

    ops: list[Op] = []
    equal = 0
    for tag, i1, i2, j1, j2 in fixed:
        if tag == "equal":
            equal += i2 - i1
        s1, e1 = cspan(sa, i1, i2, a)
        s2, e2 = cspan(sb, j1, j2, b)
        ops.append((tag, s1, e1, s2, e2))
    return ops, equal, len(ka), len(kb)


# ---------------------------------------------------------------- alignment


def _span_score(ka: str, kb: str) -> tuple[float, float]:
    """(similarity, DP score) of two key strings."""
    from rapidfuzz.distance import Indel

    total = len(ka) + len(kb)
    if total == 0:
        return 1.0, 0.0
    d = Indel.distance(ka, kb)
    return 1.0 - d / total, total - 1.5 * d


def _align_block(ua: list[_Unit], ub: list[_Unit]) -> list[tuple[list[int], list[int]]]:
    """Align a stretch of sentences: steps ([a idx], [b idx]) in order.

    A step with both sides is a match (1:1, 1:k or k:1); one side empty is an
    unmatched sentence.
    """
    n, m = len(ua), len(ub)
    if n == 0 or m == 0:
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    if n * m > MOVE_MAX_CELLS:  # two long, wholly different texts: no fuzzy pairing
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    ka = [u.key for u in ua]
    kb = [u.key for u in ub]
    sim = process.cdist(ka, kb, scorer=Indel.normalized_similarity, workers=1)
    if n * m > DP_MAX_CELLS:
        return _align_greedy(sim, n, m)
    NEG = float("-inf")
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                continue
            b, mv = NEG, (0, 0)
            if i < n and best[i + 1][j] > b:
                b, mv = best[i + 1][j], (1, 0)
            if j < m and best[i][j + 1] > b:
                b, mv = best[i][j + 1], (0, 1)
            if i < n and j < m:
                s = float(sim[i][j])
                if s >= MATCH_THRESHOLD:
                    total = len(ka[i]) + len(kb[j])
                    score = total - 1.5 * (1 - s) * total
                    if score + best[i + 1][j + 1] > b:
                        b, mv = score + best[i + 1][j + 1], (1, 1)
                # merges: A[i] ~ B[j:j+k] and A[i:i+k] ~ B[j]
                if s >= 0.2 or (j + 1 < m and sim[i][j + 1] >= 0.2):
                    for k in (2, 3):
                        if j + k > m:
                            break
                        s2, score = _span_score(ka[i], " ".join(kb[j : j + k]))
                        if s2 >= MATCH_THRESHOLD and score + best[i + 1][j + k] > b:
                            b, mv = score + best[i + 1][j + k], (1, k)
                if s >= 0.2 or (i + 1 < n and sim[i + 1][j] >= 0.2):
                    for k in (2, 3):
                        if i + k > n:
                            break
                        s2, score = _span_score(" ".join(ka[i : i + k]), kb[j])
                        if s2 >= MATCH_THRESHOLD and score + best[i + k][j + 1] > b:
                            b, mv = score + best[i + k][j + 1], (k, 1)
            best[i][j], move[i][j] = b, mv
    steps: list[tuple[list[int], list[int]]] = []
    i = j = 0
    while i < n or j < m:
        di, dj = move[i][j]
        steps.append((list(range(i, i + di)), list(range(j, j + dj))))
        i, j = i + di, j + dj
    return steps


def _align_greedy(sim, n: int, m: int) -> list[tuple[list[int], list[int]]]:
    """Order-preserving 1:1 matching for big stretches (mutual best, then LIS)."""
    import bisect

    best_j = sim.argmax(axis=1)
    best_i = sim.argmax(axis=0)
    cands = [(i, int(best_j[i])) for i in range(n) if sim[i][best_j[i]] >= MATCH_THRESHOLD and best_i[best_j[i]] == i]
    # longest increasing subsequence on j
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(cands)
    for k, (_, j) in enumerate(cands):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tails_idx.append(k)
        else:
            tails[pos] = j
            tails_idx[pos] = k
        prev[k] = tails_idx[pos - 1] if pos else -1
    chain: list[tuple[int, int]] = []
    k = tails_idx[-1] if tails_idx else -1
    while k >= 0:
        chain.append(cands[k])
        k = prev[k]
    chain.reverse()
    steps: list[tuple[list[int], list[int]]] = []
    i = j = 0
    for ci, cj in chain + [(n, m)]:
        steps.extend(([x], []) for x in range(i, ci))
        steps.extend(([], [y]) for y in range(j, cj))
        if ci < n:
            steps.append(([ci], [cj]))
        i, j = ci + 1, cj + 1
    return steps


def _sentence_steps(ua: list[_Unit], ub: list[_Unit]) -> list[tuple[list[int], list[int]]]:
    from rapidfuzz.distance import Indel

    ids: dict[str, int] = {}
    ia = [ids.setdefault(u.key, len(ids)) for u in ua]
    ib = [ids.setdefault(u.key, len(ids)) for u in ub]
    steps: list[tuple[list[int], list[int]]] = []
    pend_a: list[int] = []
    pend_b: list[int] = []

    def flush() -> None:
        if pend_a or pend_b:
            a0 = pend_a[0] if pend_a else 0
            b0 = pend_b[0] if pend_b else 0
            for sa, sb in _align_block([ua[x] for x in pend_a], [ub[y] for y in pend_b]):
                steps.append(([a0 + x for x in sa], [b0 + y for y in sb]))
            pend_a.clear()
            pend_b.clear()

    for tag, i1, i2, j1, j2 in (tuple(o) for o in Indel.opcodes(ia, ib)):
        if tag == "equal":
            flush()
            steps.extend(([i1 + k], [j1 + k]) for k in range(i2 - i1))
        else:
            pend_a.extend(range(i1, i2))
            pend_b.extend(range(j1, j2))
    flush()
    return steps


def compare(a: Record, b: Record, options: Options | None = None, **kw: bool) -> Comparison:
    """Align record ``a`` with record ``b`` (options as an Options or keywords)."""
    opts = options or Options(**kw)
    ua = _units(a, opts)
    ub = _units(b, opts)
    steps = _sentence_steps(ua, ub)
    rows: list[Row] = []
    keys: list[tuple[str | None, str | None]] = []
    words: list[tuple[int, int]] = []
    for sa, sb in steps:
        ta = " ".join(ua[i].text for i in sa) if sa else None
        tb = " ".join(ub[j].text for j in sb) if sb else None
        row = Row(SAME, ta, tb)
        ka = kb = None
        if sa:
            row.a_span = (ua[sa[0]].start, ua[sa[-1]].start + len(ua[sa[-1]].text))
            row.a_passage = ua[sa[0]].passage
            ka = " ".join(ua[i].key for i in sa)
        if sb:
            row.b_span = (ub[sb[0]].start, ub[sb[-1]].start + len(ub[sb[-1]].text))
            row.b_passage = ub[sb[0]].passage
            kb = " ".join(ub[j].key for j in sb)
        if sa and sb:
            if ka == kb:
                row.status, row.similarity = SAME, 1.0
            else:
                row.status = CHANGED
        else:
            row.status = DELETED if sa else INSERTED
        rows.append(row)
        keys.append((ka, kb))
        words.append((sum(ua[i].nwords for i in sa), sum(ub[j].nwords for j in sb)))
    _find_moves(rows, keys, opts)
    return Comparison(_summary(a, b, rows, words, opts), rows)


def _find_moves(rows: list[Row], keys: list[tuple[str | None, str | None]], opts: Options) -> None:
    dels = [i for i, r in enumerate(rows) if r.status == DELETED]
    ins = [i for i, r in enumerate(rows) if r.status == INSERTED]
    if not dels or not ins:
        return
    ka = [keys[i][0] or "" for i in dels]
    kb = [keys[j][1] or "" for j in ins]
    pairs: list[tuple[float, int, int]] = []
    if len(dels) * len(ins) <= MOVE_MAX_CELLS:
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        sim = process.cdist(ka, kb, scorer=Indel.normalized_similarity, score_cutoff=MOVE_THRESHOLD, workers=-1)
        import numpy as np

        for x, y in zip(*np.nonzero(sim >= MOVE_THRESHOLD)):
            if ka[x] and kb[y]:
                pairs.append((float(sim[x, y]), int(x), int(y)))
    else:  # too many leftovers: exact moves only
        where: dict[str, list[int]] = {}
        for y, k in enumerate(kb):
            where.setdefault(k, []).append(y)
        for x, k in enumerate(ka):
            for y in where.get(k, ()):
                if k:
                    pairs.append((1.0, x, y))
    pairs.sort(key=lambda t: -t[0])
    used_a: set[int] = set()
    used_b: set[int] = set()
    for s, x, y in pairs:
        if x in used_a or y in used_b:
            continue
        used_a.add(x)
        used_b.add(y)
        i, j = dels[x], ins[y]
        rows[i].status = rows[j].status = MOVED
        rows[i].partner, rows[j].partner = j, i
        if ka[x] != kb[y]:
            ops, eq, na, nb = word_ops(rows[i].a or "", rows[j].b or "", opts)
            # ops relate A text (row i) to B text (row j): store both halves.
            rows[i].ops = [(t, a0, a1, b0, b1) for t, a0, a1, b0, b1 in ops]
            rows[j].ops = rows[i].ops
        rows[i].similarity = rows[j].similarity = s


def _summary(a: Record, b: Record, rows: list[Row], nwords: list[tuple[int, int]], opts: Options) -> dict[str, Any]:
    counts = {st: 0 for st in STATUSES}
    words = {"equal": 0, "a": 0, "b": 0}
    for row, (na, nb) in zip(rows, nwords):
        words["a"] += na
        words["b"] += nb
        if row.status == CHANGED:
            ops, eq, _, _ = word_ops(row.a or "", row.b or "", opts)
            row.ops = ops
            row.similarity = 2 * eq / (na + nb) if na + nb else 1.0
            words["equal"] += eq
        elif row.status == SAME:
            words["equal"] += na
        elif row.status == MOVED and row.a is not None:
            if row.ops:
                words["equal"] += sum(len(_keys(row.a[a0:a1], opts)) for t, a0, a1, _, _ in row.ops if t == "equal")
            else:
                words["equal"] += na
        counts[row.status] += 1
    counts[MOVED] //= 2
    total = words["a"] + words["b"]
    links: dict[tuple[int, int], int] = {}
    for row in rows:
        if row.a_passage is not None and row.b_passage is not None:
            key = (row.a_passage, row.b_passage)
            links[key] = links.get(key, 0) + 1
    return {
        "a": a.id,
        "b": b.id,
        "similarity": round(2 * words["equal"] / total, 4) if total else 1.0,
        "counts": counts,
        "words_a": words["a"],
        "words_b": words["b"],
        "words_equal": words["equal"],
        # passage alignment: [A passage index, B passage index, aligned sentence rows]
        "passages": [[pa, pb, k] for (pa, pb), k in sorted(links.items())],
        "options": opts.to_dict(),
    }


# ---------------------------------------------------------------- rendering helpers


def inline(row: Row, delete: tuple[str, str] = ("[-", "-]"), insert: tuple[str, str] = ("{+", "+}"),
           escape=lambda s: s) -> str:
    """One-line rendering of a row, wdiff style: ``same [-old-]{+new+} same``.

    ``escape`` is applied to every piece of document text (not the markers).
    """
    if row.a is None or row.b is None:
        return escape(row.a if row.a is not None else row.b or "")
    if not row.ops:
        return escape(row.b)
    out: list[str] = []
    pos = 0
    a, b = row.a, row.b
    for tag, a0, a1, b0, b1 in row.ops:
        out.append(escape(a[pos:a0]))
        if tag == "equal":
            out.append(escape(a[a0:a1]))
        else:
            if a1 > a0:
                out.append(delete[0] + escape(a[a0:a1]) + delete[1])
            if b1 > b0:
                out.append(insert[0] + escape(b[b0:b1]) + insert[1])
                if a1 == a0 and 0 < a0 < len(a) and a[a0 - 1] == " ":
                    out.append(" ")  # an insertion between two words
        pos = a1
    out.append(escape(a[pos:]))
    return "".join(out)
