"""Search words and queries: normalisation, typo budgets, the query language, filters and hits."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable


if TYPE_CHECKING:
    from corpus.model import Record

Progress = Callable[[int, int, str], None]

W_EXACT = 1.0
W_PREFIX = 0.9
W_EDIT1 = 0.75
W_EDIT2 = 0.55
REFINE_TOP = 200
ADJACENT_SCAN = 6000
PREFIX_MAX_TERMS = 64

_TOKEN = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r'"([^"]*)("?)')


class SearchCancelled(Exception):
    """The index build was cancelled through its ``cancel`` event."""


# ---------------------------------------------------------------------------
# words


def _fold(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_word(word: str) -> str:
    """The index form of a word: lower case, accents removed."""
    return _fold(word.lower())


def tokens(text: str) -> list[tuple[str, int, int]]:
    """``(normalised word, start, end)`` for every word of ``text``."""
    return [(normalise_word(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _word_set(text: str) -> set[str]:
    low = text.lower()
    words = set(_TOKEN.findall(low))
    if not low.isascii():
        words = {_fold(w) for w in words}
    return words


def max_edits(word: str) -> int:
    """Typos tolerated in a query word: 0 (≤3 chars), 1 (4–7), 2 (≥8); numbers 0."""
    if word.isdigit():
        return 0
    n = len(word)
    return 0 if n <= 3 else 1 if n <= 7 else 2


# ---------------------------------------------------------------------------
# query parsing


@dataclass
class _Term:
    word: str
    prefix: bool  # also match words starting with it
    unit: int  # index of the unit (loose word or phrase) it belongs to


@dataclass
class ParsedQuery:
    terms: list[_Term]
    units: list[list[int]]  # term indexes per unit, a phrase has several
    phrase: list[bool]
    matcher: Any = None  # the _Matcher, made on first use
    cache: dict = field(default_factory=dict)  # per-search memo (matched words, term tables)


def parse_query(query: str) -> ParsedQuery:
    """Split a query into loose words and quoted phrases."""
    terms: list[_Term] = []
    units: list[list[int]] = []
    phrase: list[bool] = []
    stripped = query.rstrip()
    trailing_space = len(stripped) < len(query)
    pos = 0
    pieces: list[tuple[str, bool, bool]] = []  # (text, is_phrase, closed)
    for m in _QUOTED.finditer(query):
        pieces.append((query[pos : m.start()], False, True))
        pieces.append((m.group(1), True, bool(m.group(2))))
        pos = m.end()
    pieces.append((query[pos:], False, True))
    last_piece = max((i for i, p in enumerate(pieces) if _TOKEN.search(p[0])), default=-1)
    for i, (text, is_phrase, closed) in enumerate(pieces):
        words = [normalise_word(w) for w in _TOKEN.findall(text)]
        if not words:
            continue
        if is_phrase and len(words) > 1:
            unit = len(units)
            idx = []
            for j, w in enumerate(words):
                pre = i == last_piece and j == len(words) - 1 and not closed and not trailing_space
                idx.append(len(terms))
                terms.append(_Term(w, pre, unit))
            units.append(idx)
            phrase.append(True)
        else:
            for j, w in enumerate(words):
                pre = (
                    i == last_piece
                    and j == len(words) - 1
                    and not trailing_space
                    and not (is_phrase and closed)
                    and not (not is_phrase and stripped.endswith('"'))
                )
                units.append([len(terms)])
                terms.append(_Term(w, pre, len(units) - 1))
                phrase.append(False)
    return ParsedQuery(terms, units, phrase)


# ---------------------------------------------------------------------------
# filters and hits


@dataclass(frozen=True)
class Filters:
    kind: str | frozenset[str] | tuple[str, ...] | None = None
    house: str | frozenset[str] | tuple[str, ...] | None = None
    member: str | None = None
    department: str | frozenset[str] | tuple[str, ...] | None = None
    date_from: str | None = None
    date_to: str | None = None
    record_id: str | None = None
    restrict_to: Any = field(default=None, compare=False, hash=False)  # set[str] | Callable | None

    def record_key(self) -> tuple:
        return (
            _valueset(self.kind),
            _valueset(self.house),
            (self.member or "").casefold() or None,
            _valueset(self.department),
            self.date_from or None,
            self.date_to or None,
            self.record_id or None,
        )

    def is_empty(self) -> bool:
        return self.record_key() == (None,) * 7 and self.restrict_to is None


def _valueset(v) -> frozenset[str] | None:
    if v is None or v == "":
        return None
    if isinstance(v, str):
        return frozenset([v.casefold()])
    return frozenset(x.casefold() for x in v)


def record_matches(rec: "Record", key: tuple) -> bool:
    kinds, houses, member, depts, dfrom, dto, rid = key
    if rid is not None and rec.id != rid:
        return False
    if kinds is not None and (rec.kind or "").casefold() not in kinds:
        return False
    if houses is not None and (rec.house or "").casefold() not in houses:
        return False
    if depts is not None and (rec.department or "").casefold() not in depts:
        return False
    if member is not None and not any(member in (n or "").casefold() for n in (rec.asked_by, rec.answered_by)):
        return False
    if dfrom is not None or dto is not None:
        d = rec.sort_date
        if not d:
            return False
        if dfrom is not None and d[: len(dfrom)] < dfrom:
            return False
        if dto is not None and d[: len(dto)] > dto:
            return False
    return True


class Hit:
    """One search result.  ``highlights`` is computed on first access."""

    __slots__ = ("record_id", "passage_id", "score", "text", "title_hit", "_index", "_query", "_hl")

    def __init__(self, record_id, passage_id, score, text, title_hit, index=None, query=None, highlights=None):
        self.record_id: str = record_id
        self.passage_id: str | None = passage_id
        self.score: float = score
        self.text: str = text
        self.title_hit: bool = title_hit
        self._index = index
        self._query = query
        self._hl = highlights

    @property
    def highlights(self) -> list[list[int]]:
        if self._hl is None:
            self._hl = self._index._highlight_text(self._query, self.text) if self._index is not None else []
        return self._hl

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "passage_id": self.passage_id,
            "score": self.score,
            "text": self.text,
            "highlights": self.highlights,
            "title_hit": self.title_hit,
        }

    def __repr__(self) -> str:
        return f"Hit({self.record_id!r}, {self.passage_id!r}, {self.score}, {self.text[:40]!r})"
