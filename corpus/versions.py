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
import sys
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from corpus.model import METADATA_FIELDS, Record
from corpus.shingles import (  # noqa: F401  (the pair model and the engine, re-exported)
    CORRECTION, MAX_DF, MIN_OVERLAP, MIN_SHINGLES, PART, SAMPLE_MOD, SHINGLE, VERSION, Cancelled, Progress,
    VersionPair, _pairs_direct, find_pairs, normalise_words,
)

if TYPE_CHECKING:
    from corpus.pairs import Pairs


def _is_table(pairs: Any) -> bool:
    """``pairs`` is a corpus.pairs.Pairs (that module, and numpy, load only when detection or loading runs)."""
    mod = sys.modules.get("corpus.pairs")
    return mod is not None and isinstance(pairs, mod.Pairs)


@dataclass(slots=True)
class VersionGroup:
    ids: list[str]
    # a sequence of VersionPair: a view of the corpus-wide columns (corpus.pairs.Pairs)
    # from find_versions / group_pairs, or any list
    pairs: Sequence[VersionPair]
    virtual: dict[str, Record] = field(default_factory=dict)  # e.g. original answers

    @property
    def similarity(self) -> float:
        if _is_table(self.pairs):
            return self.pairs.max_similarity()
        return max((p.similarity for p in self.pairs), default=0.0)

    def pairs_of(self, record_id: str) -> list[VersionPair]:
        """This group's pairs with ``record_id`` on either side, in group order."""
        if _is_table(self.pairs):
            return list(self.pairs.involving(record_id))
        return [p for p in self.pairs if record_id in (p.a, p.b)]

    @property
    def partial(self) -> dict[str, tuple[str, float]]:
        """Members holding only part of the text: {id: (fuller version, share of it held)}.

        A member is partial when, in a ``part`` pair, it is (mostly) inside the
        other record while holding less of the other than the other holds of it.
        The largest such shortfall is reported.
        """
        out: dict[str, tuple[str, float]] = {}
        for p in self.pairs.of_kind(PART) if _is_table(self.pairs) else self.pairs:
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


def find_versions(
    corpus: Iterable[Record],
    threshold: float = 0.5,
    containment: float = 0.8,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    corrections: bool = True,
    pairs: list[VersionPair] | None = None,
) -> list[VersionGroup]:
    """Groups of records that are versions of one another, biggest first.

    A pair is kept when its Jaccard similarity is at least ``threshold``
    (kind ``version``) or one side is at least ``containment`` inside the
    other (kind ``part``).  Corrected answers are paired with their original
    answer, a virtual record (kind ``correction``), when ``corrections``.
    Raises :class:`Cancelled` when ``cancel`` is set.  ``pairs``: the
    corpus-wide pairs already found for these records (corpus.versions_store).
    """
    from corpus.pairs import Pairs, as_pairs

    records = list(corpus)
    rids = [r.id for r in records]
    if pairs is None:
        pairs = find_pairs(records, threshold, containment, progress, cancel)
    table = as_pairs(pairs, rids)  # columns numbered by the records' positions (corpus.pairs)
    del pairs
    _remember(corpus, len(records), threshold, containment, table)
    virtual: dict[str, Record] = {}
    extra: list[VersionPair] = []
    if corrections:
        for r in records:
            cp = correction_pair(r)
            if cp is not None:
                virtual[cp[0].id] = cp[0]
                extra.append(_pairs_direct(cp[0], r, CORRECTION))
    order = rids + list(virtual)
    if extra:
        more = Pairs.from_pairs(extra, order)
        table = table.concat(more, more.ids)
    groups = _groups(order, table)
    for g in groups:
        g.virtual = {i: virtual[i] for i in g.ids if i in virtual}
    if progress:
        progress(4, 4, "")
    return groups


def group_pairs(order: list[str], pairs: Sequence[VersionPair]) -> list[VersionGroup]:
    """Connected components of ``pairs``; ids in ``order`` order, biggest group first.

    Each group's ``pairs`` is a view of one table of columns (corpus.pairs),
    most similar first (ties: the order of a's, then b's ids in ``order``)."""
    from corpus.pairs import as_pairs

    return _groups(order, as_pairs(pairs, order))


def _groups(order: list[str], table: "Pairs") -> list[VersionGroup]:
    from corpus.pairs import group_rows

    ids = table.ids
    return [VersionGroup([ids[i] for i in members], view) for members, view in group_rows(table)]


# The last corpus-wide pairs: (weak ref to the corpus, record count, threshold,
# containment, pairs), so versions_of after find_versions costs nothing.
_CACHE: dict[int, tuple[Any, int, float, float, "Pairs"]] = {}


def _remember(corpus: Any, n: int, threshold: float, containment: float, pairs: Pairs) -> None:
    if isinstance(corpus, (list, tuple)):
        return  # a throw-away list: nothing to key on
    try:
        ref = weakref.ref(corpus)
    except TypeError:
        return
    _CACHE.clear()
    _CACHE[id(corpus)] = (ref, n, threshold, containment, pairs)  # read-only columns: shared, not copied


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
    out = list(pairs.involving(record_id)) if _is_table(pairs) else [p for p in pairs if record_id in (p.a, p.b)]
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
# fields that describe a member, not the text: only carried between versions naming that member
_PERSON_OF = {f"{who}_{what}": who for who in ("asked_by", "answered_by") for what in ("party", "role")}

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
    if _is_table(pairs):  # read the columns: no VersionPair made per pair (806k in one group at 100k)
        ids = pairs.ids
        a, b, s = pairs.column("a"), pairs.column("b"), pairs.column("similarity")
        for c0 in range(0, len(a), 1 << 16):
            c1 = c0 + (1 << 16)
            for x, y, v in zip(a[c0:c1].tolist(), b[c0:c1].tolist(), s[c0:c1].tolist()):
                ia, ib = ids[x], ids[y]
                sim[(ia, ib)] = sim[(ib, ia)] = v
    else:
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
            person = _PERSON_OF.get(name)
            if person is not None:  # a role or party belongs to its member: only from a version naming the same one
                who = getattr(rec, person)
                if who is None:
                    inferred = out.get(rec.id, {}).get(person)
                    who = inferred.value if inferred is not None else None
                sources = [(o, v) for o, v in sources if who is not None and getattr(o, person) == who]
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
