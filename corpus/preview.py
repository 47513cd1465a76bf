"""The library's first screen, saved: a big corpus shows its rows before its records are built.

Building 100,000 ``Record`` objects from the record cache takes ~0.65 s; the
library's first frame needs only the count and, for the rows on screen, the
kind, date, title, people and UIN, in the default order (newest first).
After a full load of a big corpus the app saves exactly that (:func:`save`),
one file per set of PATH arguments beside the record cache; at the next
start :func:`open_fresh` returns it when every file the load would read is
unchanged (the same walk, size and mtime_ns and parser version as
``corpus.snapshot``), else ``None``.  The preview is only shown until the
real records arrive (the same load as always, which replaces it); nothing is
inferred from it and nothing is written back.

Format: ``MAGIC`` + crc32 of the payload + ``marshal`` of a dict holding the
freshness key, the count, the titles more than one record has, and six
columns (id, kind, date, title, people, UIN), rows in the date order, each
column one string joined by ``\\x1f`` with an ``array('i')`` of offsets:
opening it builds seven objects, not 600,000 (a row is sliced out when drawn).
No numpy and no Textual here: this runs before the first paint.
"""

from __future__ import annotations

import marshal
import os
import zlib
from array import array
from pathlib import Path
from typing import Any, Sequence

MAGIC = b"PRVIEW01"
MIN_RECORDS = 20_000  # below this, loading the records is as quick as reading a preview
ENV = "PARLREAD_PREVIEW"  # "off": never read or write previews


SEP = "\x1f"  # between the values of a column
PEOPLE_SEP = "\x1e"  # between the names of one row
FIELDS = ("id", "kind", "sort_date", "title", "people", "uin")


class Row:
    """One library row of the preview: the attributes the library list reads from a Record."""

    __slots__ = FIELDS

    def __init__(self, values: list[str]) -> None:
        self.id, self.kind, self.sort_date, self.title, people, self.uin = values
        self.people = people.split(PEOPLE_SEP) if people else []


class Preview:
    """A fresh preview: ``len()`` rows in the library's default order (newest first), ``shared_titles``."""

    def __init__(self, columns: list[tuple[str, array]], n: int, shared_titles: set[str]) -> None:
        self._columns = columns
        self._n = n
        self.shared_titles = shared_titles

    def __len__(self) -> int:
        return self._n

    def row(self, position: int) -> Row:
        """The row shown at ``position`` (0: the newest)."""
        return Row([text[offsets[position] : offsets[position + 1] - 1] for text, offsets in self._columns])


def _dir() -> Path | None:
    if os.environ.get(ENV, "").strip().lower() in ("0", "off", "no", "none", "false"):
        return None
    from corpus.dirs import cache_root

    root = cache_root()
    return None if root is None else root / "previews"


def _file(paths: list[str]) -> Path | None:
    """One file per set of PATH arguments, named as ``corpus.snapshot`` names its snapshots.

    (Not imported from there: that module pulls in ``tempfile`` and more, and this
    runs for every start, most of which find no preview.  For the same reason the
    name's JSON is written by :func:`_json_list`, not the ``json`` module.)"""
    import hashlib

    base = _dir()
    if base is None:
        return None
    if paths:
        paths = [str(p) for p in paths]
    else:  # the library, else the samples (corpus.snapshot._effective)
        from corpus.dirs import default_paths

        paths = [str(p) for p in default_paths()]
    ident = _json_list([os.getcwd(), paths, [os.path.abspath(p) for p in paths]])
    return base / (hashlib.sha1(ident.encode("utf-8", "surrogatepass")).hexdigest()[:20] + ".preview")


def _json_list(items: list) -> str:
    """``json.dumps(items)`` for a list of strings and lists of strings, the same text, without
    importing ``json`` (its regular expressions are ~3 ms of a start-up that finds no preview)."""
    try:
        from _json import encode_basestring_ascii as quote  # what json.dumps quotes strings with
    except ImportError:  # not CPython
        import json

        return json.dumps(items)

    return "[" + ", ".join(quote(i) if isinstance(i, str) else _json_list(i) for i in items) + "]"


def _fresh(paths: list[str]) -> str | None:
    from corpus.snapshot import _effective, _fresh_key, _walk

    walked = _walk(_effective(paths))
    return None if walked is None else _fresh_key(walked[0])


def _column(values: list[str]) -> tuple[bytes, bytes] | None:
    if any(SEP in v for v in values):
        return None
    offsets = array("i", [0])
    pos = 0
    for v in values:
        pos += len(v) + 1
        offsets.append(pos)
    return SEP.join(values).encode("utf-8", "surrogatepass"), offsets.tobytes()


def save(paths: list[str], records: Sequence[Any]) -> Path | None:
    """Write the preview of ``records`` (a full load of ``paths``); None when not worth it or not possible."""
    if len(records) < MIN_RECORDS:
        return None
    target = _file(paths)
    if target is None:
        return None
    fresh = _fresh(paths)
    if fresh is None:  # a file changed just now (or cannot be read): the next start loads in full
        return None
    from collections import Counter

    from corpus.filters import sort_indexes

    order = sort_indexes(records, list(range(len(records))), "date")  # the library's default view
    counts = Counter((r.title or "").casefold() for r in records)
    shared = tuple(t for t, n in counts.items() if n > 1)
    del counts  # (memory: at 1M passages each transient here is tens of MB, and the app's peak is the sum)
    shown = [records[i] for i in order]
    columns = []
    for column in (
        lambda: [r.id for r in shown],
        lambda: [r.kind or "" for r in shown],  # None and "" read the same in a row (unknown kind: "??")
        lambda: [r.sort_date for r in shown],
        lambda: [r.title or "" for r in shown],
        lambda: [_people(r.people) for r in shown],
        lambda: [r.uin or "" for r in shown],
    ):
        values = column()  # one column's strings at a time
        col = None if values is None or None in values else _column(values)
        del values
        if col is None:  # a control character the format uses: no preview (the load shows it all)
            return None
        columns.append(col)
    payload = marshal.dumps(
        {"fresh": fresh, "n": len(records), "itemsize": array("i").itemsize, "shared": shared, "columns": columns},
        4,
    )
    del columns
    from corpus.atomic import atomic_open

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_open(target, durable=False) as fh:  # rebuilt if lost; written in parts, not joined into a copy
            fh.write(MAGIC)
            fh.write(zlib.crc32(payload).to_bytes(4, "big"))
            fh.write(payload)
    except OSError:
        return None
    return target


def _people(names: list[str]) -> str | None:
    """A row's people joined, or None when a name holds the separator (then no preview)."""
    if any(PEOPLE_SEP in p for p in names):
        return None
    return PEOPLE_SEP.join(names)


def open_fresh(paths: list[str]) -> Preview | None:
    """The preview for ``paths`` when it is intact and no file changed since it was saved, else None."""
    try:
        target = _file(paths)
        if target is None:
            return None
        data = target.read_bytes()
    except OSError:
        return None
    if len(data) < len(MAGIC) + 4 or not data.startswith(MAGIC):
        return None
    payload = memoryview(data)[len(MAGIC) + 4 :]
    if zlib.crc32(payload) != int.from_bytes(data[len(MAGIC) : len(MAGIC) + 4], "big"):
        return None
    try:
        fresh = _fresh(paths)
        if fresh is None:
            return None
        d = marshal.loads(payload)
        if d["fresh"] != fresh or d["itemsize"] != array("i").itemsize or len(d["columns"]) != len(FIELDS):
            return None
        n = int(d["n"])
        columns = []
        for blob, raw in d["columns"]:
            text = blob.decode("utf-8", "surrogatepass")
            offsets = array("i")
            offsets.frombytes(raw)
            if len(offsets) != n + 1 or offsets[0] != 0 or offsets[-1] != len(text) + 1:
                return None
            columns.append((text, offsets))
        return Preview(columns, n, set(d["shared"]))
    except Exception:  # wrong shape: ignore it (the load replaces it)
        return None
