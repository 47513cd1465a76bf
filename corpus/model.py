"""The corpus model: Record, Passage, LoadWarning and stable ids.

A *source file* holds one or more *records* (one question with its answer, one
statement, one speech).  A record has metadata and an ordered list of
*passages* (paragraphs).  Every metadata field is ``None`` when the source does
not say: unknown is unknown, never guessed.

Ids are printable and stable across runs, re-imports and file moves when the
text is unchanged:

* a record id is derived from the source's natural key when it has one (the
  Parliament API question id, a TheyWorkForYou gid) and otherwise from the
  record's normalised text, so the same text gets the same id wherever it lives;
* a passage id is ``<record id>.<hash of the passage text>`` (with ``~2``,
  ``~3`` … for repeated identical passages), so inserting a paragraph does not
  renumber the others.
"""

from __future__ import annotations

import marshal
import re
import unicodedata
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Iterable

# Record kinds (values of Record.kind)
WRITTEN_QUESTION = "written question"
WRITTEN_ANSWER = "written answer"
WRITTEN_STATEMENT = "written statement"
DEBATE = "debate"
KINDS = (WRITTEN_QUESTION, WRITTEN_ANSWER, WRITTEN_STATEMENT, DEBATE)

COMMONS = "Commons"
LORDS = "Lords"

# Passage roles (values of Passage.role)
QUESTION = "question"
ANSWER = "answer"
BODY = "body"

OGL_PARLIAMENT = "Open Parliament Licence v3.0"

_WS = re.compile(r"\s+")
_NEEDS_COLLAPSE = re.compile(r"\s\s|[^\S ]")  # two white spaces, or one that is not a plain space


# Every character str.isspace() (and so re's \s) accepts, except " ": checked
# with fast substring scans so already-clean text skips the regex.

_ASCII_SPACES = ("  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


def normalise_text(text: str) -> str:
    """NFC, collapsed white space, stripped.  The basis of ids and anchors."""
    if text.isascii():
        # ASCII is already NFC, and its white space is these few characters: substring
        # scans (memchr) are cheaper than the regex on the parser's hot path
        if not any(c in text for c in _ASCII_SPACES):
            return text.strip()
        return " ".join(text.split())
    text = unicodedata.normalize("NFC", text)
    # str.split() splits on exactly the white space \s matches; split-and-join is also cheaper than a regex scan for
    # "is there anything to collapse" (and gives text.strip() when there is nothing)
    return " ".join(text.split())


try:  # CPython's own SHA-1: importing hashlib loads OpenSSL (~1 ms of start-up), for the same digest
    from _sha1 import sha1
except ImportError:  # another Python
    from hashlib import sha1


def short_hash(text: str, n: int = 12) -> str:
    return sha1(text.encode("utf-8")).hexdigest()[:n]


def one_line_fields(record: "Record") -> None:
    """The record's metadata fields (title, names, department …) on one line each: white space
    the source left in them (a heading ending in CR LF, a line break inside a name) collapsed to
    single spaces and stripped, as a list row, a header line or a CLI line needs; their meaning
    unchanged, so nothing to mark as derived.  Passages keep their own text."""
    for name in METADATA_FIELDS:
        value = getattr(record, name)
        if isinstance(value, str) and value and (value[0].isspace() or value[-1].isspace() or _NEEDS_COLLAPSE.search(value)):
            setattr(record, name, normalise_text(value) or None)


@dataclass(slots=True)
class Passage:
    """One paragraph (or sentence-bounded piece of a wall of text) of a record."""

    id: str
    index: int  # 0-based position in the record
    text: str  # normalised: single spaces, no leading/trailing space
    role: str = BODY  # QUESTION, ANSWER or BODY
    list_item: bool = False  # a bullet/numbered list item
    start: int = 0  # offset of text in Record.text (code points)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "index": self.index,
            "text": self.text,
            "role": self.role,
            "list_item": self.list_item,
            "start": self.start,
            "end": self.end,
        }


# Metadata fields shown and exported for every record, in display order.
METADATA_FIELDS = (
    "kind",
    "house",
    "title",
    "date",
    "date_asked",
    "date_answered",
    "asked_by",
    "asked_by_party",
    "asked_by_role",
    "answered_by",
    "answered_by_party",
    "answered_by_role",
    "department",
    "source",
    "volume",
    "uin",
    "url",
    "licence",
)


@dataclass(slots=True)
class Record:
    """One question-with-answer, statement or speech.

    Dates are ISO strings (``"2024-10-21"``) or ``None``.  ``date`` is the
    date of a statement or debate; a written question uses ``date_asked`` and
    ``date_answered``.  ``field_notes`` explains a field in words (for
    example that a role is the one shown when the page was saved), and
    ``extra`` holds source-specific values (ids, flags, the raw date text).
    Records from ``corpus.loader.load`` share equal ``field_notes`` dicts:
    assign a new dict to change one record's notes, never mutate it.
    """

    id: str
    kind: str | None = None
    house: str | None = None
    title: str | None = None
    date: str | None = None
    date_asked: str | None = None
    date_answered: str | None = None
    asked_by: str | None = None
    asked_by_party: str | None = None
    asked_by_role: str | None = None
    answered_by: str | None = None
    answered_by_party: str | None = None
    answered_by_role: str | None = None
    department: str | None = None
    source: str | None = None
    volume: str | None = None
    uin: str | None = None
    url: str | None = None
    licence: str | None = None
    passages: list[Passage] = field(default_factory=list)
    source_file: str | None = None
    source_format: str | None = None
    field_notes: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    # ---- derived -------------------------------------------------------
    @property
    def text(self) -> str:
        """The record's normalised text: passages joined by blank lines."""
        return "\n\n".join(p.text for p in self.passages)

    @property
    def sort_date(self) -> str:
        """The best known date for sorting ('' when unknown)."""
        return self.date or self.date_answered or self.date_asked or ""

    @property
    def people(self) -> list[str]:
        return [n for n in (self.asked_by, self.answered_by) if n]

    def passage(self, passage_id: str) -> Passage | None:
        for p in self.passages:
            if p.id == passage_id:
                return p
        return None

    def metadata(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in METADATA_FIELDS}

    def to_dict(self, passages: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id}
        d.update(self.metadata())
        d["source_file"] = self.source_file
        d["source_format"] = self.source_format
        d["passage_count"] = len(self.passages)
        d["field_notes"] = dict(self.field_notes)
        d["extra"] = dict(self.extra)
        if passages:
            d["passages"] = [p.to_dict() for p in self.passages]
        return d


_RECORD_FIELD_NAMES = {f.name for f in fields(Record)}

# ``passages`` is read through a property over the slot: a record decoded from the
# parsed-record cache holds a corpus.textstore.TextRef there instead of a list, and
# its passages (texts included) are read from the cache entry when asked for, not
# held.  A read gives the list of the last few records read, else new Passage objects:
# never change that list in place; to change a record's passages, assign a new list
# (``r.passages = [...]``), which the record then holds.
_PASSAGES_SLOT = Record.__dict__["passages"]


def _get_passages(self: Record) -> list[Passage]:
    v = _PASSAGES_SLOT.__get__(self, Record)
    return v if type(v) is list else v.passages()


Record.passages = property(_get_passages, _PASSAGES_SLOT.__set__, doc="The record's passages, in order.")  # type: ignore[assignment]


# ``extra`` too: a record decoded from the cache holds its ``extra`` as the ``marshal``
# bytes of the dict (about half the memory of the dict with its values, which are
# mostly different for every record: ids, lists of uins, dicts of dates).  Reading
# it gives a new read-only mapping each time; to change it, assign a new dict
# (``r.extra = {**r.extra, "k": v}``), as a parser's records always could.
_EXTRA_SLOT = Record.__dict__["extra"]


def _get_extra(self: Record) -> Any:
    v = _EXTRA_SLOT.__get__(self, Record)
    return MappingProxyType(marshal.loads(v)) if type(v) is bytes else v


Record.extra = property(_get_extra, _EXTRA_SLOT.__set__, doc="Source-specific values.")  # type: ignore[assignment]


def extra_may_have(r: Record, key: str) -> bool:
    """False only when the record's ``extra`` has no ``key`` (True means: read it to know),
    without decoding a compact ``extra``: a pass over every record asks this first."""
    v = _EXTRA_SLOT.__get__(r, Record)
    if type(v) is bytes:
        return key.encode("utf-8", "surrogatepass") in v
    return key in v


def set_compact_extra(r: Record, blob: bytes) -> None:
    """Give a record its ``extra`` as ``marshal`` bytes of a dict (see above)."""
    _EXTRA_SLOT.__set__(r, blob)


def passage_count(r: Record) -> int:
    """``len(r.passages)``, without reading the passages of a record decoded from the cache."""
    if not isinstance(r, Record):
        return len(r.passages)
    v = _PASSAGES_SLOT.__get__(r, Record)
    return len(v) if type(v) is list else v.count()


def _record_repr(self: Record) -> str:
    """A record's repr names it and counts its passages, never reads them: a crash log or a
    debugger printing a record must not read (or fail to read) texts from the cache."""
    shown = ", ".join(f"{k}={getattr(self, k)!r}" for k in ("id", "kind", "title", "source_file") if getattr(self, k) is not None)
    return f"Record({shown}, passages=<{passage_count(self)}>)"


Record.__repr__ = _record_repr  # type: ignore[method-assign]


def passages_held(r: Record) -> bool:
    """True when the record holds its passages (False: they are read from the cache when asked for)."""
    return type(_PASSAGES_SLOT.__get__(r, Record)) is list


def set_passages_ref(r: Record, ref: Any) -> None:
    """Give a record a lazy reference to its passages (corpus.textstore.TextRef)."""
    _PASSAGES_SLOT.__set__(r, ref)


def record_id_for(natural_key: str | None, texts: Iterable[str]) -> str:
    """A record id: from the source's natural key, else from its text."""
    if natural_key:
        return short_hash("key:" + natural_key)
    return short_hash("text:" + normalise_text(" ".join(texts)))


def make_record(
    paragraphs: Iterable[tuple[str, str] | tuple[str, str, bool]],
    *,
    natural_key: str | None = None,
    **metadata: Any,
) -> Record:
    """Build a Record with ids and passage offsets from ``(role, text[, list_item])``.

    Texts are normalised; empty paragraphs are dropped.  Unknown keyword
    arguments raise ``TypeError`` so a typo in an importer fails loudly.
    """
    bad = set(metadata) - _RECORD_FIELD_NAMES
    if bad:
        raise TypeError(f"unknown Record fields: {sorted(bad)}")
    items: list[tuple[str, str, bool]] = []
    for para in paragraphs:
        role, text = para[0], normalise_text(para[1])
        list_item = bool(para[2]) if len(para) > 2 else False  # type: ignore[misc]
        if text:
            items.append((role, text, list_item))
    # the texts are normalised already, and joining normalised texts with single spaces gives a normalised text
    # (a space blocks composition and collapsing): the same id as record_id_for(), without a second pass
    rid = short_hash("key:" + natural_key) if natural_key else short_hash("text:" + " ".join(t for _, t, _ in items))
    rec = Record(id=rid, **metadata)
    seen: dict[str, int] = {}
    offset = 0
    for i, (role, text, list_item) in enumerate(items):
        h = short_hash(text, 6)
        seen[h] = seen.get(h, 0) + 1
        pid = f"{rid}.{h}" if seen[h] == 1 else f"{rid}.{h}~{seen[h]}"
        rec.passages.append(Passage(pid, i, text, role, list_item, offset))
        offset += len(text) + 2
    return rec


@dataclass(slots=True, frozen=True)
class LoadWarning:
    """A file (or part of one) that was skipped or loaded with a problem."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
