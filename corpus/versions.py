"""Find versions of the same text across a corpus and reconcile their metadata.

Detection never compares every pair of records.  Each record's normalised
text (case-folded, quotes and dashes unified, punctuation dropped) is cut into
word 5-gram shingles, hashed with numpy (vectorised over the whole corpus).
A *sample* of the shingles — those whose hash is 0 modulo ``SAMPLE_MOD`` — is
put in an inverted index; shingles shared by more than ``MAX_DF`` records
(boilerplate such as "to ask the Secretary of State for Education") are
dropped.  Records sharing sampled shingles become candidate pairs, which are
then verified with exact Jaccard similarity and containment over the full
shingle sets.  Hash-sampling (rather than MinHash LSH banding) is used
because a fixed modulus samples consistently across records, so a short
record inside a long one keeps all its sampled shingles in the long one's
sample: partial overlaps are found as well as near-duplicates.  Hashing alone
with datasketch's MinHash (128 permutations) measured 0.6 ms a record here
(~60 s for 100k records, before any LSH); this whole pipeline took 10.4 s
(7.5 s CPU) for 100k generated records with recall 1.000 of planted pairs at
Jaccard >= 0.6 and precision 1.000 (benchmarks/bench_versions.py).

Groups are connected components of the verified pairs.  ``reconcile`` fills
metadata a version lacks from another version, returned separately and
marked as inferred; Record fields are never changed.
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from corpus.model import METADATA_FIELDS, Record

SHINGLE = 5  # words per shingle
SAMPLE_MOD = 4  # index shingles whose hash % SAMPLE_MOD == 0
MAX_DF = 64  # sampled shingles in more records than this are boilerplate
MIN_OVERLAP = 8  # containment needs at least this many shared shingles
FULL_INDEX_BELOW = 40  # records with fewer shingles index all of them, not a sample
MIN_SHINGLES = 8  # shorter records (under 12 words: "Question put and agreed to.") are not versions

VERSION = "version"  # near-duplicate: Jaccard >= threshold
PART = "part"  # one record (mostly) inside the other
CORRECTION = "correction"  # an answer and its original (pre-correction) text

Progress = Callable[[int, int, str], None]



class Cancelled(Exception):
    """Raised by find_versions when the cancel event is set."""


# ASCII letters and digits and all non-ASCII bytes stay; other ASCII bytes split words.
_BYTE_TABLE = bytes(b if (b >= 128 or chr(b).isalnum()) else 32 for b in range(256))
_SEPARATORS = "‘’‚‛“”„‟′″–—―‒−…•·«»‹›"


def _words(text: str) -> list[bytes]:
    """Words as UTF-8 bytes (fast path of :func:`normalise_words`)."""
    text = text.lower()
    for c in _SEPARATORS:
        if c in text:
            text = text.replace(c, " ")
    return text.encode("utf-8", "surrogatepass").translate(_BYTE_TABLE).split()


def normalise_words(text: str) -> list[str]:
    """Words for shingling: lower-cased; ASCII punctuation, quotes and dashes are separators."""
    return [w.decode("utf-8", "surrogatepass") for w in _words(text)]


@dataclass(slots=True, frozen=True)
class VersionPair:
    a: str  # record id
    b: str
    similarity: float  # Jaccard of the shingle sets
    a_covered: float  # share of A's shingles found in B
    b_covered: float  # share of B's shingles found in A
    kind: str = VERSION

    def other(self, record_id: str) -> str:
        return self.b if record_id == self.a else self.a

    def covered(self, record_id: str) -> float:
        """Share of ``record_id``'s text that the other side also has."""
        return self.a_covered if record_id == self.a else self.b_covered

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "similarity": round(self.similarity, 4),
            "a_covered": round(self.a_covered, 4),
            "b_covered": round(self.b_covered, 4),
            "kind": self.kind,
        }


@dataclass(slots=True)
class VersionGroup:
    ids: list[str]
    pairs: list[VersionPair]
    virtual: dict[str, Record] = field(default_factory=dict)  # e.g. original answers

    @property
    def similarity(self) -> float:
        return max((p.similarity for p in self.pairs), default=0.0)

    @property
    def partial(self) -> dict[str, tuple[str, float]]:
        """Members holding only part of the text: {id: (fuller version, share of it held)}.

        A member is partial when, in a ``part`` pair, it is (mostly) inside the
        other record while holding less of the other than the other holds of it.
        The largest such shortfall is reported.
        """
        out: dict[str, tuple[str, float]] = {}
        for p in self.pairs:
            if p.kind != PART:
                continue
            small, big = (p.a, p.b) if p.a_covered > p.b_covered else (p.b, p.a)
            held = p.covered(big)
            if small not in out or held < out[small][1]:
                out[small] = (big, held)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "ids": list(self.ids),
            "similarity": round(self.similarity, 4),
            "pairs": [p.to_dict() for p in self.pairs],
            "virtual": sorted(self.virtual),
            "partial": {rid: {"of": big, "share": round(share, 4)} for rid, (big, share) in sorted(self.partial.items())},
        }


# ---------------------------------------------------------------- shingles


@dataclass
class _Shingles:
    """Shingle hashes of every record, as flat numpy arrays."""

    ids: list[str]
    hashes: Any  # uint64 array, grouped by record
    starts: Any  # int64 array (n+1): record i owns hashes[starts[i]:starts[i+1]]
    _sets: dict[int, frozenset[int]] = field(default_factory=dict)

    def set(self, i: int) -> frozenset[int]:
        s = self._sets.get(i)
        if s is None:
            s = frozenset(self.hashes[self.starts[i] : self.starts[i + 1]].tolist())
            self._sets[i] = s
        return s


def _shingle(texts: list[str], cancel: threading.Event | None = None) -> tuple[Any, Any]:
    import numpy as np

    # Words are identified by their CRC-32 (fast, and the same in every run,
    # unlike Python's salted str hash, so results are reproducible).
    from zlib import crc32

    ids: list[int] = []
    lengths: list[int] = []
    for i, t in enumerate(texts):
        if cancel is not None and i % 5000 == 0 and cancel.is_set():
            raise Cancelled
        words = _words(t)
        lengths.append(len(words))
        ids.extend(map(crc32, words))
    arr = np.array(ids, dtype=np.uint64) + np.uint64(1)
    lengths = np.array(lengths, dtype=np.int64)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    rng = np.random.default_rng(0x5EED)
    mult = rng.integers(1, 2**63, size=SHINGLE, dtype=np.uint64) | np.uint64(1)
    n = len(arr)
    with np.errstate(over="ignore"):
        if n >= SHINGLE:
            h = arr[: n - SHINGLE + 1] * mult[0]
            for k in range(1, SHINGLE):
                h = h + arr[k : n - SHINGLE + 1 + k] * mult[k]
        else:
            h = np.zeros(0, dtype=np.uint64)
        # position p is a shingle of record r when p + SHINGLE <= offsets[r + 1]
        pos = np.arange(len(h), dtype=np.int64)
        rec = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[: len(h)]
        valid = pos + SHINGLE <= offsets[rec + 1]
        h, rec = h[valid], rec[valid]
        # records shorter than a shingle: one shingle of all their words
        short = np.flatnonzero((lengths > 0) & (lengths < SHINGLE))
        if len(short):
            extra_h = np.zeros(len(short), dtype=np.uint64)
            for k in range(SHINGLE - 1):
                idx = np.minimum(offsets[short] + k, offsets[short + 1] - 1)
                has = offsets[short] + k < offsets[short + 1]
                extra_h = extra_h + np.where(has, arr[np.minimum(idx, n - 1)], np.uint64(0)) * mult[k]
            h = np.concatenate([h, extra_h])
            rec = np.concatenate([rec, short])
            order = np.argsort(rec, kind="stable")
            h, rec = h[order], rec[order]
        # mix (splitmix64 finaliser) so that the low bits are uniform
        h ^= h >> np.uint64(31)
        h *= np.uint64(0x7FB5D329728EA185)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x81DADEF4BC2DD44D)
        h ^= h >> np.uint64(33)
    starts = np.searchsorted(rec, np.arange(len(texts) + 1), side="left")
    return h, starts


def _candidates(sh: _Shingles, n: int) -> Any:
    """Candidate pairs (codes a * n + b, a < b) sharing enough sampled shingles."""
    import numpy as np

    h = sh.hashes
    rec = np.repeat(np.arange(n, dtype=np.uint64), np.diff(sh.starts))
    keep = (h % np.uint64(SAMPLE_MOD)) == 0
    # Short records index every shingle (a superset of their sample, so pairs
    # with long records are still found through the sample): fewer misses.
    short = np.diff(sh.starts) < FULL_INDEX_BELOW
    keep |= short[rec.astype(np.int64)]
    bits = max(1, int(n).bit_length())
    key = ((h[keep] >> np.uint64(bits)) << np.uint64(bits)) | rec[keep]
    key.sort()  # sort + mask: much faster than np.unique's hashing on big arrays
    if len(key):
        key = key[np.concatenate([[True], key[1:] != key[:-1]])]
    hh = key >> np.uint64(bits)
    docs = (key & np.uint64((1 << bits) - 1)).astype(np.int64)
    per_doc = np.bincount(docs, minlength=n)
    if len(hh) == 0:
        return np.zeros(0, dtype=np.int64), per_doc
    starts = np.flatnonzero(np.concatenate([[True], hh[1:] != hh[:-1]]))
    sizes = np.diff(np.concatenate([starts, [len(hh)]]))
    codes = []
    for k in np.unique(sizes):
        if k < 2 or k > MAX_DF:
            continue
        g = starts[sizes == k]
        mat = docs[g[:, None] + np.arange(k)]
        iu, ju = np.triu_indices(int(k), 1)
        codes.append((mat[:, iu] * n + mat[:, ju]).ravel())
    if not codes:
        return np.zeros(0, dtype=np.int64), per_doc
    allc = np.concatenate(codes)
    allc.sort()
    first = np.flatnonzero(np.concatenate([[True], allc[1:] != allc[:-1]]))
    uniq = allc[first]
    counts = np.diff(np.concatenate([first, [len(allc)]]))
    a, b = uniq // n, uniq % n
    small = np.minimum(per_doc[a], per_doc[b]) <= 3
    return uniq[(counts >= 2) | small], per_doc


def _verify(sh: _Shingles, i: int, j: int, threshold: float, containment: float) -> VersionPair | None:
    sa, sb = sh.set(i), sh.set(j)
    if len(sa) < MIN_SHINGLES or len(sb) < MIN_SHINGLES:
        return None
    inter = len(sa & sb) if len(sa) < len(sb) else len(sb & sa)
    if inter == 0:
        return None
    jac = inter / (len(sa) + len(sb) - inter)
    ca, cb = inter / len(sa), inter / len(sb)
    if jac >= threshold:
        kind = VERSION
    elif max(ca, cb) >= containment and inter >= min(MIN_OVERLAP, len(sa), len(sb)):
        kind = PART
    else:
        return None
    return VersionPair(sh.ids[i], sh.ids[j], jac, ca, cb, kind)


def _pairs_direct(a: Record, b: Record, kind: str) -> VersionPair:
    h, starts = _shingle([a.text, b.text])
    sa, sb = set(h[starts[0] : starts[1]].tolist()), set(h[starts[1] : starts[2]].tolist())
    inter = len(sa & sb)
    union = len(sa | sb) or 1
    return VersionPair(a.id, b.id, inter / union, inter / (len(sa) or 1), inter / (len(sb) or 1), kind)


# ---------------------------------------------------------------- public API


def correction_pair(record: Record) -> tuple[Record, Record] | None:
    """(original answer as a virtual record, corrected record) or None.

    Built in one place, by the importer that knows the fields: the
    Parliament API format (``corpus.formats.parliament_json.correction_pair``).
    """
    if not record.extra.get("original_answer"):
        return None  # most records: no need to import the format module
    from corpus.formats.parliament_json import correction_pair as build

    return build(record)


def virtual_records(records: Iterable[Record]) -> dict[str, Record]:
    """Virtual records (original answers of corrected answers) by id."""
    out: dict[str, Record] = {}
    for r in records:
        pair = correction_pair(r)
        if pair is not None:
            out[pair[0].id] = pair[0]
    return out


def find_pairs(
    records: list[Record],
    threshold: float = 0.5,
    containment: float = 0.8,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> list[VersionPair]:
    """Verified version pairs among ``records`` (no correction pairs)."""
    n = len(records)
    if n < 2:
        return []

    def step(done: int, what: str) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled
        if progress:
            progress(done, 4, what)

    step(0, "shingling")
    h, starts = _shingle([r.text for r in records], cancel)
    sh = _Shingles([r.id for r in records], h, starts)
    step(1, "finding candidates")
    codes, _ = _candidates(sh, n)
    step(2, f"verifying {len(codes)} candidate pairs")
    pairs: list[VersionPair] = []
    for k, c in enumerate(codes.tolist()):
        if cancel is not None and k % 10000 == 0 and cancel.is_set():
            raise Cancelled
        p = _verify(sh, c // n, c % n, threshold, containment)
        if p is not None:
            pairs.append(p)
    step(3, "grouping")
    return pairs


def find_versions(
    corpus: Iterable[Record],
    threshold: float = 0.5,
    containment: float = 0.8,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    corrections: bool = True,
) -> list[VersionGroup]:
    """Groups of records that are versions of one another, biggest first.

    A pair is kept when its Jaccard similarity is at least ``threshold``
    (kind ``version``) or one side is at least ``containment`` inside the
    other (kind ``part``).  Corrected answers are paired with their original
    answer, a virtual record (kind ``correction``), when ``corrections``.
    Raises :class:`Cancelled` when ``cancel`` is set.
    """
    records = list(corpus)
    pairs = find_pairs(records, threshold, containment, progress, cancel)
    _remember(corpus, len(records), threshold, containment, pairs)
    virtual: dict[str, Record] = {}
    if corrections:
        for r in records:
            cp = correction_pair(r)
            if cp is not None:
                virtual[cp[0].id] = cp[0]
                pairs.append(_pairs_direct(cp[0], r, CORRECTION))
    groups = group_pairs([r.id for r in records] + list(virtual), pairs)
    for g in groups:
        g.virtual = {i: virtual[i] for i in g.ids if i in virtual}
    if progress:
        progress(4, 4, "")
    return groups


def group_pairs(order: list[str], pairs: list[VersionPair]) -> list[VersionGroup]:
    """Connected components of ``pairs``; ids in ``order`` order, biggest group first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[ra] = rb
    pos = {rid: i for i, rid in enumerate(order)}
    comps: dict[str, VersionGroup] = {}
    for p in pairs:
        g = comps.setdefault(find(p.a), VersionGroup([], []))
        g.pairs.append(p)
    for g in comps.values():
        ids = {x for p in g.pairs for x in (p.a, p.b)}
        g.ids = sorted(ids, key=lambda x: pos.get(x, len(pos)))
        g.pairs.sort(key=lambda p: (-p.similarity, pos.get(p.a, 0), pos.get(p.b, 0)))
    return sorted(comps.values(), key=lambda g: (-len(g.ids), pos.get(g.ids[0], 0)))


# The last corpus-wide pairs: (weak ref to the corpus, record count, threshold,
# containment, pairs), so versions_of after find_versions costs nothing.
_CACHE: dict[int, tuple[Any, int, float, float, list[VersionPair]]] = {}


def _remember(corpus: Any, n: int, threshold: float, containment: float, pairs: list[VersionPair]) -> None:
    if isinstance(corpus, (list, tuple)):
        return  # a throw-away list: nothing to key on
    try:
        ref = weakref.ref(corpus)
    except TypeError:
        return
    _CACHE.clear()
    _CACHE[id(corpus)] = (ref, n, threshold, containment, list(pairs))


def versions_of(corpus: Any, record_id: str, threshold: float = 0.5, containment: float = 0.8) -> list[VersionPair]:
    """Pairs linking ``record_id`` to its versions, most similar first.

    Includes the correction pair (the record's original answer as a virtual
    record — see :func:`correction_pair`) when there is one.  The corpus-wide
    pairs are computed once per corpus object and cached.
    """
    records = list(corpus)
    hit = _CACHE.get(id(corpus))
    if hit is not None and hit[0]() is corpus and hit[1:4] == (len(records), threshold, containment):
        pairs = hit[4]
    else:
        pairs = find_pairs(records, threshold, containment)
        _remember(corpus, len(records), threshold, containment, pairs)
    out = [p for p in pairs if record_id in (p.a, p.b)]
    out.sort(key=lambda p: -p.similarity)
    rec = next((r for r in records if r.id == record_id), None)
    if rec is not None:
        cp = correction_pair(rec)
        if cp is not None:
            out.insert(0, _pairs_direct(cp[0], rec, CORRECTION))
    return out


def resolve_version(corpus: Any, ident: str) -> Record | None:
    """A record by id / unique prefix, including virtual original answers."""
    hit = corpus.resolve(ident)
    if hit is not None:
        return hit if isinstance(hit, Record) else hit[0]
    virt = virtual_records(corpus)
    if ident in virt:
        return virt[ident]
    found = [r for rid, r in virt.items() if rid.startswith(ident)]
    return found[0] if len(found) == 1 else None


# ---------------------------------------------------------------- metadata


@dataclass(slots=True, frozen=True)
class Inferred:
    """A metadata value a record lacks, taken from one of its versions."""

    value: Any
    from_record: str
    reason: str
    confidence: str = "unchecked"  # "consistent", "unchecked" or "conflict"

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "from": self.from_record, "reason": self.reason, "confidence": self.confidence}


# Fields worth carrying across versions (not url/source/licence/volume/uin,
# which belong to each publication).
INFER_FIELDS = tuple(
    f for f in METADATA_FIELDS if f not in ("source", "url", "licence", "volume", "uin")
)
DATE_FIELDS = ("date", "date_asked", "date_answered")

_MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
_MONTH_RE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?", re.I)
_NUM_RE = re.compile(r"\b(\d{1,4})(?:st|nd|rd|th)?\b")


def _partial_date(text: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) found in a date as given, e.g. "Dec 18" -> (None, 12, 18)."""
    m = _MONTH_RE.search(text)
    month = _MONTHS[m.group(1).lower()[:3]] if m else None
    year = day = None
    for n in _NUM_RE.findall(text):
        v = int(n)
        if len(n) == 4 and year is None:
            year = v
        elif 1 <= v <= 31 and day is None:
            day = v
    return year, month, day


def _date_check(record: Record, field_name: str, value: str) -> tuple[str, str]:
    given = record.extra.get(f"{field_name}_as_given") or (record.extra.get("date_as_given") if field_name == "date" else None)
    if not given or not isinstance(given, str) or not isinstance(value, str):
        return "unchecked", ""
    y, m, d = _partial_date(given)
    try:
        vy, vm, vd = (int(x) for x in value[:10].split("-"))
    except ValueError:
        return "unchecked", ""
    parts = [(y, vy), (m, vm), (d, vd)]
    known = [(a, b) for a, b in parts if a is not None]
    if not known:
        return "unchecked", ""
    if all(a == b for a, b in known):
        return "consistent", f"; agrees with this record's own {given!r}"
    return "conflict", f"; DISAGREES with this record's own {given!r}"


def reconcile(records: list[Record], pairs: list[VersionPair] | None = None) -> dict[str, dict[str, Inferred]]:
    """Metadata each record lacks but another version states.

    Returns ``{record_id: {field: Inferred}}`` (records lacking nothing are
    left out).  The source is the most similar version that has the field
    (by ``pairs`` when given, else the order of ``records``).  Records are
    never modified.
    """
    sim: dict[tuple[str, str], float] = {}
    for p in pairs or ():
        sim[(p.a, p.b)] = sim[(p.b, p.a)] = p.similarity
    out: dict[str, dict[str, Inferred]] = {}
    for rec in records:
        others = [o for o in records if o.id != rec.id]
        others.sort(key=lambda o: -sim.get((rec.id, o.id), 0.0))
        for name in INFER_FIELDS:
            if getattr(rec, name) is not None:
                continue
            sources = [(o, getattr(o, name)) for o in others if getattr(o, name) is not None]
            if not sources:
                continue
            src, value = sources[0]
            s = sim.get((rec.id, src.id))
            reason = f"stated by version {src.id}" + (f" (similarity {s:.2f})" if s is not None else "")
            confidence = "unchecked"
            disagree = sorted({str(v) for _, v in sources[1:] if v != value})
            if disagree:
                confidence = "conflict"
                reason += "; other versions say " + ", ".join(repr(v) for v in disagree)
            elif len(sources) > 1:
                reason += f"; {len(sources) - 1} other version(s) agree"
            if name in DATE_FIELDS:
                check, note = _date_check(rec, name, value)
                if check != "unchecked" and confidence != "conflict":
                    confidence = check
                reason += note
            out.setdefault(rec.id, {})[name] = Inferred(value, src.id, reason, confidence)
    return out
