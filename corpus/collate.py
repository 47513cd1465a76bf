"""Collate k >= 2 versions (witnesses) of one text into rows of aligned sentences with word variants."""

# Built on :mod:`corpus.align`: each witness is cut into sentence units
# (``Record.passages`` — cleaned text, no page furniture — then sentences), and
# the witnesses are aligned *progressively* into one growing table of rows:
#
# 1. a canonical order is chosen from the texts alone, never from the order the
#    witnesses were given: the medoid (the witness sharing most sentence words
#    with the others) first, then the others by how much they share with it
#    (ties broken by text, then id).  So collating A,B,C and C,A,B gives the
#    same rows;
# 2. the rows so far (each represented by its most common reading) are aligned
#    with the next witness by :func:`corpus.align._sentence_steps` (identical
#    sentences by LCS, then a DP pairing similar, split and merged sentences);
#    a sentence of the new witness matching two or three rows merges them;
# 3. adjacent rows held by disjoint sets of witnesses with similar text are
#    merged (a variant the progressive order split); rows held by disjoint
#    witness sets elsewhere with similar text (>= ``MOVE_THRESHOLD``) are
#    *moved* rows, linked to each other;
# 4. inside each row the distinct readings are aligned word by word to the
#    row's most common reading (``rapidfuzz`` Indel opcodes) and cut into
#    variant *sites*: at each site, which witnesses agree on which wording.
#
# Row statuses: ``same`` (every witness, one wording), ``variant`` (every
# witness, several wordings), ``some-only`` (absent from some witnesses),
# ``moved`` (here in some witnesses, at another row in others).  The ignore
# options are :class:`corpus.align.Options`; the texts shown are always the
# witnesses' own.  No Textual here.

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from corpus.align import MOVE_MAX_CELLS, MOVE_THRESHOLD, Options, _sentence_steps, _Unit, _units, tokens
from corpus.model import Record

SAME = "same"
VARIANT = "variant"
SOME_ONLY = "some-only"
MOVED = "moved"
STATUSES = (SAME, VARIANT, SOME_ONLY, MOVED)
GUTTER = {SAME: "=", VARIANT: "~", SOME_ONLY: "+", MOVED: ">"}
# adjacent rows with disjoint witnesses are one row when at least this similar
ADJACENT_MERGE = 0.6
# a witness is partial (an excerpt) when it keeps at most this share of the base …
PARTIAL_KEEPS = 0.6
# … while at least this share of its own words is in the base
PARTIAL_INSIDE = 0.8


class CollateError(ValueError):
    """Witnesses that cannot be collated (fewer than two, or one given twice)."""


@dataclass(slots=True)
class Site:
    """One place in a row where witnesses word it differently.

    ``groups`` are ``(text, [witness indexes])`` — the witnesses sharing that
    wording (under the options), most witnesses first; ``text`` is the first
    such witness's own text ("" when those witnesses have no words here).
    ``spans[w]`` is the (start, end) of the site in witness w's reading.
    """

    groups: list[tuple[str, list[int]]]
    spans: dict[int, tuple[int, int]]

    def group_of(self, w: int) -> int:
        return next((g for g, (_, ws) in enumerate(self.groups) if w in ws), -1)


@dataclass(slots=True)
class CRow:
    """One aligned unit: each witness's reading of it (None when absent here)."""

    status: str
    readings: list[str | None]
    keys: list[str | None]  # comparison keys (options applied) per witness
    spans: list[tuple[int, int] | None]  # offsets in each witness's Record.text
    passages: list[int | None]  # index of each witness's (first) passage
    variants: list[Site] = field(default_factory=list)
    moved: dict[int, int] = field(default_factory=dict)  # witness -> row holding its reading

    def present(self) -> list[int]:
        return [w for w, t in enumerate(self.readings) if t is not None]

    def groups(self) -> list[list[int]]:
        """Present witnesses grouped by identical reading (under the options), biggest first."""
        by: dict[str, list[int]] = {}
        for w, k in enumerate(self.keys):
            if k is not None:
                by.setdefault(k, []).append(w)
        return sorted(by.values(), key=lambda g: (-len(g), g[0]))

    def differs(self, w: int, base: int) -> bool:
        """Does witness ``w`` read this row otherwise than ``base``?"""
        return self.keys[w] != self.keys[base]


@dataclass(slots=True)
class Collation:
    witnesses: list[Record]
    rows: list[CRow]
    options: Options
    base: int  # the canonical base (medoid) witness
    order: list[int]  # the canonical order the witnesses were aligned in
    _tok: dict[tuple[int, int], list[str]] = field(default_factory=dict, repr=False)

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.witnesses]

    def differences(self, witness: int | None = None, base: int | None = None) -> list[int]:
        """Rows that are not ``same``; with ``witness``, rows where it differs from ``base``."""
        if witness is None:
            return [i for i, r in enumerate(self.rows) if r.status != SAME]
        b = self.base if base is None else base
        if witness == b:
            return [i for i, r in enumerate(self.rows) if any(r.differs(w, b) for w in range(len(r.keys)))]
        return [i for i, r in enumerate(self.rows) if r.differs(witness, b)]

    def _tokens(self, row: int, w: int) -> list[str]:
        t = self._tok.get((row, w))
        if t is None:
            k = self.rows[row].keys[w]
            t = k.split(" ") if k else []
            self._tok[(row, w)] = t
        return t

    def kept(self, base: int | None = None) -> list[float]:
        """Per witness, the share of the base witness's words it has too (moved text counts)."""
        from rapidfuzz.distance import Indel

        b = self.base if base is None else base
        total = 0
        equal = [0] * len(self.witnesses)
        for i, row in enumerate(self.rows):
            if row.keys[b] is None:
                continue
            tb = self._tokens(i, b)
            total += len(tb)
            for w in range(len(self.witnesses)):
                where = i if row.keys[w] is not None else row.moved.get(w)
                if where is None:
                    continue
                if self.rows[where].keys[w] == row.keys[b]:
                    equal[w] += len(tb)
                    continue
                tw = self._tokens(where, w)
                equal[w] += (len(tb) + len(tw) - Indel.distance(tb, tw)) // 2
        return [e / total if total else 1.0 for e in equal]

    def partial(self, base: int | None = None) -> list[int]:
        """Witnesses holding only part of the text: most of their words are in the base, most of the base is not in them."""
        b = self.base if base is None else base
        kept = self.kept(b)
        return [w for w in range(len(self.witnesses))
                if w != b and kept[w] <= PARTIAL_KEEPS and self.kept(w)[b] >= PARTIAL_INSIDE]

    def summary(self, base: int | None = None) -> dict[str, Any]:
        """Counts, words per witness, and the share of the base (default: the medoid) each keeps."""
        b = self.base if base is None else base
        counts = {s: 0 for s in STATUSES}
        for r in self.rows:
            counts[r.status] += 1
        words = [0] * len(self.witnesses)
        for i, r in enumerate(self.rows):
            for w in r.present():
                words[w] += len(self._tokens(i, w))
        kept = self.kept(b)
        return {
            "witnesses": len(self.witnesses),
            "rows": len(self.rows),
            "counts": counts,
            "base": self.ids[b],
            "words": dict(zip(self.ids, words)),
            "kept_of_base": {rid: round(k, 4) for rid, k in zip(self.ids, kept)},
            "partial": [self.ids[w] for w in self.partial(b)],
            "truncated": self.truncated(),
            "options": self.options.to_dict(),
        }

    def truncated(self) -> dict[str, list[str]]:
        """Witnesses whose source cut their text short: {id: the parts cut (e.g. ["answer"])}.
        Their missing ends read as absences in the rows; this says why."""
        out: dict[str, list[str]] = {}
        for r in self.witnesses:
            cut = (r.extra or {}).get("truncated")
            if isinstance(cut, (list, tuple)) and cut:
                out[r.id] = [str(x) for x in cut]
        return out

    def to_dict(self, base: int | None = None) -> dict[str, Any]:
        ids = self.ids
        rows = []
        for r in self.rows:
            d: dict[str, Any] = {
                "status": r.status,
                "readings": dict(zip(ids, r.readings)),
                "variants": [
                    {"readings": [{"text": t, "witnesses": [ids[w] for w in ws]} for t, ws in s.groups]}
                    for s in r.variants
                ],
            }
            if r.moved:
                d["moved"] = {ids[w]: row for w, row in sorted(r.moved.items())}
            rows.append(d)
        return {"witnesses": ids, "rows": rows, "summary": self.summary(base)}


# ---------------------------------------------------------------- canonical order


def _canonical_order(units: list[list[_Unit]], records: Sequence[Record]) -> list[int]:
    """Witness indexes: medoid first, then by words shared with it (content, then id, breaks ties)."""
    k = len(units)
    bags = [Counter(u.key for u in us) for us in units]
    nwords = {u.key: u.nwords for us in units for u in us}
    shared = [[0] * k for _ in range(k)]
    for i in range(k):
        for j in range(i + 1, k):
            small, big = (bags[i], bags[j]) if len(bags[i]) < len(bags[j]) else (bags[j], bags[i])
            s = sum(min(c, big[key]) * nwords[key] for key, c in small.items() if key in big)
            shared[i][j] = shared[j][i] = s
    text = ["\n".join(u.key for u in us) for us in units]
    total = [sum(u.nwords for u in us) for us in units]

    def tie(i: int) -> tuple:
        return (-total[i], text[i], records[i].id)

    medoid = min(range(k), key=lambda i: (-sum(shared[i]), *tie(i)))
    rest = sorted((i for i in range(k) if i != medoid), key=lambda i: (-shared[medoid][i], -sum(shared[i]), *tie(i)))
    return [medoid] + rest


# ---------------------------------------------------------------- progressive alignment

_Table = list[dict[int, list[int]]]  # row -> {witness: [unit indexes]}


def _row_key(row: dict[int, list[int]], units: list[list[_Unit]], rank: dict[int, int]) -> str:
    """The most common reading's key (ties: the earliest witness in canonical order)."""
    keys = {w: units[w][ix[0]].key if len(ix) == 1 else " ".join(units[w][i].key for i in ix)
            for w, ix in row.items()}
    if len(keys) == 1:
        return next(iter(keys.values()))
    counts = Counter(keys.values())
    return min(keys.items(), key=lambda kv: (-counts[kv[1]], rank[kv[0]]))[1]


def _merge(rows: list[dict[int, list[int]]]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for r in rows:
        for w, ix in r.items():
            out.setdefault(w, []).extend(ix)
    for ix in out.values():
        ix.sort()
    return out


def _progressive(units: list[list[_Unit]], order: list[int]) -> _Table:
    rank = {w: n for n, w in enumerate(order)}
    first = order[0]
    table: _Table = [{first: [i]} for i in range(len(units[first]))]
    for w in order[1:]:
        pseudo = [_Unit("", 0, 0, _row_key(r, units, rank), 0) for r in table]
        new: _Table = []
        for sa, sb in _sentence_steps(pseudo, units[w]):
            if sa:
                row = _merge([table[i] for i in sa]) if len(sa) > 1 else table[sa[0]]
                if sb:
                    row[w] = list(sb)
            else:
                row = {w: list(sb)}
            new.append(row)
        table = new
    return table


def _similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a, b)


def _merge_adjacent(table: _Table, units: list[list[_Unit]], rank: dict[int, int]) -> _Table:
    """Join neighbouring rows held by disjoint witnesses when their texts are alike."""
    k = len(units)
    out: _Table = []
    for row in table:
        if out:
            prev = out[-1]
            if len(prev) < k and len(row) < k and not (prev.keys() & row.keys()):
                if _similarity(_row_key(prev, units, rank), _row_key(row, units, rank)) >= ADJACENT_MERGE:
                    out[-1] = _merge([prev, row])
                    continue
        out.append(row)
    return out


def _find_moves(table: _Table, keys: list[str]) -> dict[int, dict[int, int]]:
    """{row: {witness: row holding that witness's reading}} for moved rows."""
    k_all = {w for r in table for w in r}
    cand = [i for i, r in enumerate(table) if r.keys() != k_all and keys[i]]
    if len(cand) < 2:
        return {}
    pairs: list[tuple[float, int, int]] = []
    if len(cand) ** 2 <= MOVE_MAX_CELLS:
        import numpy as np
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        ks = [keys[i] for i in cand]
        sim = process.cdist(ks, ks, scorer=Indel.normalized_similarity, score_cutoff=MOVE_THRESHOLD, workers=1)
        for x, y in zip(*np.nonzero(sim >= MOVE_THRESHOLD)):
            if x < y and cand[y] - cand[x] > 1 and not (table[cand[x]].keys() & table[cand[y]].keys()):
                pairs.append((float(sim[x, y]), cand[x], cand[y]))
    else:  # too many leftovers: exact moves only
        where: dict[str, list[int]] = {}
        for i in cand:
            where.setdefault(keys[i], []).append(i)
        for same in where.values():
            for x in range(len(same)):
                for y in range(x + 1, len(same)):
                    if same[y] - same[x] > 1 and not (table[same[x]].keys() & table[same[y]].keys()):
                        pairs.append((1.0, same[x], same[y]))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    group: dict[int, set[int]] = {}  # row -> rows of its move group (shared set object)
    for _, a, b in pairs:
        ga, gb = group.get(a, {a}), group.get(b, {b})
        if ga is gb:
            continue
        wa = [w for r in ga for w in table[r]]
        wb = [w for r in gb for w in table[r]]
        if set(wa) & set(wb):
            continue
        merged = ga | gb
        for r in merged:
            group[r] = merged
    out: dict[int, dict[int, int]] = {}
    for r, g in group.items():
        out[r] = {w: o for o in sorted(g) if o != r for w in table[o] if w not in table[r]}
    return out


# ---------------------------------------------------------------- word variants


def _sites(readings: list[str | None], keys: list[str | None], opts: Options, rank: dict[int, int]) -> list[Site]:
    """Variant sites of one row: distinct wordings aligned to the most common one."""
    from rapidfuzz.distance import Indel

    distinct: dict[str, list[int]] = {}
    for w, k in enumerate(keys):
        if k is not None:
            distinct.setdefault(k, []).append(w)
    if len(distinct) < 2:
        return []
    groups = sorted(distinct.values(), key=lambda ws: (-len(ws), min(rank[w] for w in ws)))
    toks: dict[int, tuple[list[str], list[tuple[int, int]]]] = {}
    by_text: dict[str, tuple[list[str], list[tuple[int, int]]]] = {}
    for w, t in enumerate(readings):
        if t is not None:
            hit = by_text.get(t)
            if hit is None:
                hit = by_text[t] = tokens(t, opts)
            toks[w] = hit
    reps = [min(ws, key=lambda x: rank[x]) for ws in groups]
    base = reps[0]
    bk = toks[base][0]
    n = len(bk)
    INF = 1 << 30
    maps: dict[int, tuple[list[int], list[int]]] = {}
    intervals: list[tuple[int, int]] = []
    for r in reps[1:]:
        rk = toks[r][0]
        smap, emap = [INF] * (n + 1), [-1] * (n + 1)
        for tag, i1, i2, j1, j2 in (tuple(o) for o in Indel.opcodes(bk, rk)):
            if tag == "equal":  # positions i1..i2 map one to one (the first may already be set)
                s0, e0 = smap[i1], emap[i1]
                smap[i1:i2 + 1] = range(j1, j2 + 1)
                emap[i1:i2 + 1] = range(j1, j2 + 1)
                smap[i1], emap[i1] = min(s0, j1), max(e0, j1)
            else:
                smap[i1] = min(smap[i1], j1)
                emap[i2] = max(emap[i2], j2)
                intervals.append((i1, i2))
        if n == 0:
            smap[0], emap[0] = 0, len(rk)
        maps[r] = (smap, emap)
    # merge intervals that overlap, or touch where one is an insertion point
    intervals.sort()
    merged: list[list[int]] = []
    for s, e in intervals:
        if merged and (s < merged[-1][1] or (s == merged[-1][1] and (s == e or merged[-1][0] == merged[-1][1]))):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out: list[Site] = []
    for s, e in merged:
        # each representative's token range for the site
        ranges: dict[int, tuple[int, int]] = {base: (s, e)}
        for r in reps[1:]:
            smap, emap = maps[r]
            j1 = smap[s] if smap[s] != INF else emap[s]
            j2 = emap[e] if emap[e] >= 0 else smap[e]
            ranges[r] = (j1, max(j1, j2))
        wording: dict[tuple[str, ...], list[int]] = {}
        texts: dict[tuple[str, ...], str] = {}
        spans: dict[int, tuple[int, int]] = {}
        for ws, r in zip(groups, reps):
            rk, rs = toks[r]
            j1, j2 = ranges[r]
            key = tuple(rk[j1:j2])
            text = readings[r] or ""
            if j2 > j1:
                c1, c2 = rs[j1][0], rs[j2 - 1][1]
            else:
                c1 = c2 = rs[j1][0] if j1 < len(rs) else len(text)
            wording.setdefault(key, []).extend(ws)
            texts.setdefault(key, text[c1:c2])
            for w in ws:  # every witness in a group has the same tokens: same token range
                wspans = toks[w][1]
                wt = readings[w] or ""
                if j2 > j1:
                    spans[w] = (wspans[j1][0], wspans[j2 - 1][1])
                else:
                    p = wspans[j1][0] if j1 < len(wspans) else len(wt)
                    spans[w] = (p, p)
        if len(wording) < 2:
            continue
        gs = sorted(((texts[key], sorted(ws)) for key, ws in wording.items()),
                    key=lambda g: (-len(g[1]), min(rank[w] for w in g[1])))
        out.append(Site(gs, spans))
    return out


# ---------------------------------------------------------------- public API


def collate(records: Sequence[Record], options: Options | None = None, **kw: bool) -> Collation:
    """Collate ``records`` (k >= 2 witnesses, in the column order wanted)."""
    opts = options or Options(**kw)
    records = list(records)
    if len(records) < 2:
        raise CollateError("collation needs at least two witnesses")
    seen: set[str] = set()
    for r in records:
        if r.id in seen:
            raise CollateError(f"witness {r.id} is given twice")
        seen.add(r.id)
    units = [_units(r, opts) for r in records]
    order = _canonical_order(units, records)
    rank = {w: n for n, w in enumerate(order)}
    table = _progressive(units, order)
    table = _merge_adjacent(table, units, rank)
    rkeys = [_row_key(r, units, rank) for r in table]
    moves = _find_moves(table, rkeys)
    k = len(records)
    rows: list[CRow] = []
    for i, trow in enumerate(table):
        readings: list[str | None] = [None] * k
        keys: list[str | None] = [None] * k
        spans: list[tuple[int, int] | None] = [None] * k
        passages: list[int | None] = [None] * k
        for w, ix in trow.items():
            us = [units[w][j] for j in ix]
            readings[w] = " ".join(u.text for u in us)
            keys[w] = " ".join(u.key for u in us)
            spans[w] = (us[0].start, us[-1].start + len(us[-1].text))
            passages[w] = us[0].passage
        if i in moves:
            status = MOVED
        elif len(trow) < k:
            status = SOME_ONLY
        else:
            status = SAME if len(set(keys)) == 1 else VARIANT
        row = CRow(status, readings, keys, spans, passages, moved=moves.get(i, {}))
        if status not in (SAME, MOVED):
            row.variants = _sites(readings, keys, opts, rank)
        rows.append(row)
    for i in moves:  # a moved row's variants include the wording of its other half (moved and reworded)
        row = rows[i]
        readings, keys = list(row.readings), list(row.keys)
        for w, j in row.moved.items():
            readings[w], keys[w] = rows[j].readings[w], rows[j].keys[w]
        row.variants = _sites(readings, keys, opts, rank)
    return Collation(records, rows, opts, order[0], order)


# ---------------------------------------------------------------- rendering helpers


def labels(k: int) -> list[str]:
    """Column letters A, B, … Z, then A1, B1, …"""
    return [chr(65 + i % 26) + (str(i // 26) if i >= 26 else "") for i in range(k)]


def inline(row: CRow, base: int, names: list[str], escape: Callable[[str], str] = lambda s: s,
           open_: str = "[", close: str = "]") -> str:
    """The base witness's reading with each variant site as ``[A B: its words | C: other]``.

    When the base witness is absent, the first present witness's reading is used.
    """
    present = row.present()
    if not present:
        return ""
    b = base if row.readings[base] is not None else present[0]
    text = row.readings[b] or ""
    out: list[str] = []
    pos = 0
    for site in sorted(row.variants, key=lambda s: s.spans.get(b, (0, 0))):
        if b not in site.spans:
            continue
        s, e = site.spans[b]
        if s < pos:
            continue
        out.append(escape(text[pos:s]))
        parts = []
        mine = site.group_of(b)
        for t, ws in [site.groups[mine]] + site.groups[:mine] + site.groups[mine + 1:]:
            parts.append(" ".join(names[w] for w in ws) + ": " + (escape(t) if t else "—"))
        if s == e and s > 0 and text[s - 1] != " ":
            out.append(" ")
        out.append(open_ + " | ".join(parts) + close)
        if s == e and s < len(text) and text[s] != " ":
            out.append(" ")
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)
