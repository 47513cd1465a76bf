"""Parsed-record cache: a 100k-record corpus reopens without re-parsing.

One cache file per source file, named by a hash of the file's absolute path,
under ``platformdirs.user_cache_dir("parlread")/records`` (or
``$PARLREAD_CACHE/records``; ``PARLREAD_CACHE=off`` disables caching).

An entry is used only when its key matches: absolute path, size, mtime_ns and
the *parser version* (a hash of this cache's format number, the Python version
and the size/mtime of every ``corpus/**/*.py`` file, so editing any parser or
the model invalidates all entries by itself).

An entry is a magic string, the CRC-32 and length of its *metadata*
(``marshal`` of plain tuples/dicts, the fastest stdlib deserialiser for plain
data), the metadata, then a *text section*: each record's passages (ids,
texts, roles, offsets) as its own ``marshal`` region with its CRC-32 in the
metadata.  A load reads and checks the metadata only; the records it returns
read their passages from the entry when asked for (corpus/textstore.py), so
the texts are not held in memory.  A corrupt, truncated or mismatched entry
is ignored and rebuilt, never trusted: the digest is checked before
unmarshalling, any error while rebuilding the records discards the entry,
and a region is checked when read (rebuilt from the source when it fails).
"""

from __future__ import annotations

import gc
import marshal
import os
import re
import struct
import sys
import time
import zlib
from dataclasses import fields
from pathlib import Path

from corpus.model import LoadWarning, Passage, Record, set_compact_extra, set_passages_ref, sha1
from corpus.textstore import TextStore, region, value_crc

CACHE_FORMAT = 3  # 2: equal metadata strings shared (marshal back-references); 3: texts in regions read on demand
MAGIC = b"PRCACHE3"
DIGEST_SIZE = 4
ENV = "PARLREAD_CACHE"
RACY_NS = 2_000_000_000  # files modified less than this long ago are not cached

_RECORD_FIELDS = tuple(f.name for f in fields(Record))
_PASSAGES_AT = _RECORD_FIELDS.index("passages")
_NOTES_AT = _RECORD_FIELDS.index("field_notes")
_EXTRA_AT = _RECORD_FIELDS.index("extra")
_UNIQUE_AT = {_RECORD_FIELDS.index(n) for n in ("id", "title", "url")}  # rarely shared: not worth a memo entry
_parser_version: str | None = None


def cache_dir() -> Path | None:
    """Where entries live; ``None`` when caching is switched off (see corpus.dirs)."""
    from corpus.dirs import cache_root

    root = cache_root()
    return None if root is None else root / "records"


_IMPORT_RE = re.compile(r"^\s*(?:from\s+corpus((?:\.\w+)*)\s+import\s+([\w ,()]+)|import\s+corpus((?:\.\w+)+))", re.M)


def parsing_sources() -> list[Path]:
    """The corpus source files that decide what a parse produces.

    The loader, decoding, the model, this cache and every format module, plus
    every ``corpus`` module they import (transitively).  Editing search or the
    versions feature does not invalidate the cache; editing a parser does.
    """
    root = Path(__file__).resolve().parent
    todo = [root / "loader.py", root / "decode.py", root / "model.py", root / "source.py", Path(__file__).resolve()]
    todo += sorted((root / "formats").glob("*.py"))
    seen: set[Path] = set()
    while todo:
        p = todo.pop()
        if p in seen or not p.is_file():
            continue
        seen.add(p)
        try:
            text = p.read_text("utf-8", errors="replace")
        except OSError:
            continue
        for m in _IMPORT_RE.finditer(text):
            dotted = (m.group(1) or m.group(3) or "").lstrip(".")
            names = [dotted] if dotted else []
            if m.group(1) is not None or (m.group(2) and not dotted):
                # "from corpus.x import a, b": a and b may be modules too
                names += [f"{dotted}.{n}".lstrip(".") for n in re.findall(r"\w+", m.group(2) or "")]
            for name in names:
                base = root.joinpath(*name.split("."))
                for cand in (base.with_suffix(".py"), base / "__init__.py"):
                    if cand.is_file() and cand not in seen:
                        todo.append(cand)
    return sorted(seen)


def parser_version() -> str:
    """Changes whenever a source file that affects parsing changes (see :func:`parsing_sources`)."""
    global _parser_version
    if _parser_version is None:
        _parser_version = _remembered_parser_version()
    return _parser_version


def _compute_parser_version() -> str:
    root = Path(__file__).resolve().parent
    h = sha1(f"{CACHE_FORMAT}|{sys.version_info[:2]}".encode())
    for p in parsing_sources():
        try:
            st = p.stat()
        except OSError:
            continue
        h.update(f"|{p.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def _sources_stat_key(root: Path) -> str:
    """A hash of the size and mtime of every ``corpus/**/*.py``: :func:`parsing_sources`
    reads only those files, so while this key holds, its answer is the same."""
    h = sha1(f"{CACHE_FORMAT}|{sys.version_info[:2]}|{root}".encode("utf-8", "surrogatepass"))
    todo = [root]
    while todo:
        d = todo.pop()
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            if e.name == "__pycache__" or e.name.startswith("."):
                continue
            try:
                if e.is_dir():
                    todo.append(Path(e.path))
                elif e.name.endswith(".py"):
                    st = e.stat()
                    h.update(f"|{e.path}:{st.st_size}:{st.st_mtime_ns}".encode("utf-8", "surrogatepass"))
            except OSError:
                continue
    return h.hexdigest()


def _remembered_parser_version() -> str:
    """:func:`_compute_parser_version`, remembered in the cache directory.

    Computing it reads and scans some 30 source files (~6-10 ms at every
    start, on the path to the first paint); a stat of the package's files
    tells whether the remembered answer still holds."""
    from corpus.dirs import cache_root

    root = Path(__file__).resolve().parent
    base = cache_root()
    if base is None:
        return _compute_parser_version()
    memo = base / "parser-version"
    key = _sources_stat_key(root)
    try:
        stored_key, _, version = memo.read_text("ascii").strip().partition(" ")
        if stored_key == key and re.fullmatch(r"[0-9a-f]{16}", version):
            return version
    except (OSError, ValueError):
        pass
    version = _compute_parser_version()
    try:
        base.mkdir(parents=True, exist_ok=True)
        from corpus.atomic import atomic_write  # a write: not on the read path of a start-up

        atomic_write(memo, f"{key} {version}\n".encode("ascii"), durable=False)
    except OSError:
        pass
    return version


def digest(payload: bytes | memoryview) -> bytes:
    """CRC-32 of the payload: catches torn writes and bit rot (not an adversary:
    whoever can write the user's cache directory can already run code as them)."""
    return zlib.crc32(payload).to_bytes(DIGEST_SIZE, "big")


def _key(path: Path, st: os.stat_result) -> tuple:
    return (str(path), st.st_size, st.st_mtime_ns, parser_version())


def _entry_path(base: Path, abspath: str) -> Path:
    return base / (sha1(abspath.encode("utf-8", "surrogatepass")).hexdigest() + ".rc")


def _abs(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


# ---- (de)serialisation -------------------------------------------------------
def record_to_tuple(r: Record, memo: dict | None = None) -> tuple:
    """A record as plain tuples; with ``memo``, equal metadata strings become
    one object, which ``marshal`` then writes once and back-references: on
    load they stay one object (kind, house, department, source, licence,
    dates, roles, extra keys...: about 0.45 KB a record at 100k records).
    Equal ints of ``extra`` (member ids) and passage offsets are shared the same way."""
    vals = [getattr(r, name) for name in _RECORD_FIELDS]
    if memo is None:
        vals[_PASSAGES_AT] = tuple((p.id, p.index, p.text, p.role, p.list_item, p.start) for p in r.passages)
        return tuple(vals)
    f = memo.setdefault
    # ints apart from strings, and exact ints only (1 == True == 1.0 as dict keys)
    g = memo.setdefault(_INTS, {}).setdefault
    for i, v in enumerate(vals):
        if type(v) is str and i not in _UNIQUE_AT:
            vals[i] = f(v, v)
    vals[_PASSAGES_AT] = tuple(
        (p.id, p.index, p.text, f(p.role, p.role), p.list_item, g(p.start, p.start) if type(p.start) is int else p.start)
        for p in r.passages
    )
    vals[_NOTES_AT] = {f(k, k): (f(v, v) if type(v) is str else v) for k, v in r.field_notes.items()}
    vals[_EXTRA_AT] = {
        f(k, k): (f(v, v) if type(v) is str and len(v) <= 64 else g(v, v) if type(v) is int else v) for k, v in r.extra.items()
    }
    return tuple(vals)


def _compact_extra(extra: dict) -> bytes | dict:
    """``extra`` as the record keeps it after a load: ``marshal`` bytes (corpus.model), or the dict when empty."""
    return marshal.dumps(dict(extra), 4) if extra else {}


_INTS = object()  # the memo's entry for equal ints (member ids, offsets): one object each, as strings
_STRS = ("strings shared across entries",)  # the decoding memo's entry for equal titles and UINs (a key no notes tuple can be)
_SHARED_AT = tuple(_RECORD_FIELDS.index(n) for n in ("title", "uin"))


def record_from_tuple(t: tuple, notes: dict | None = None, store: "TextStore | None" = None) -> Record:
    """The record of :func:`record_to_tuple`; with ``notes`` (a memo kept across
    entries), equal ``field_notes`` become one dict (see corpus.loader._share_notes).
    With ``store``, the passages element is ``(offset, length, crc, value crc, count)`` of the
    record's region in the entry's text section and its passage count, read when asked for (corpus.textstore)."""
    vals = list(t)
    if notes is not None:
        fn = vals[_NOTES_AT]
        try:
            vals[_NOTES_AT] = notes.setdefault(tuple(fn.items()), fn)
        except (TypeError, AttributeError):
            pass
        # equal titles and UINs across entries become one string (within an entry marshal already
        # shares what the encoder's memo made one): question headings repeat ("Foster Care"), and
        # UINs recur from session to session
        shared = notes.get(_STRS)
        if shared is None:
            shared = notes[_STRS] = {}
        for i in _SHARED_AT:
            v = vals[i]
            if type(v) is str:
                vals[i] = shared.setdefault(v, v)
    ps = t[_PASSAGES_AT]
    if store is None:
        vals[_PASSAGES_AT] = list(tuple(Passage(*p) for p in ps))  # exact size: a comprehension over-allocates
        return Record(*vals)
    vals[_PASSAGES_AT] = []
    ex = vals[_EXTRA_AT]
    vals[_EXTRA_AT] = {}
    rec = Record(*vals)
    set_passages_ref(rec, store.add(*ps))
    if type(ex) is bytes:
        set_compact_extra(rec, ex)
    elif type(ex) is not dict:
        raise TypeError("extra")
    elif ex:
        rec.extra = ex
    return rec


_HEAD = struct.Struct("<4sQ")  # after MAGIC: CRC-32 of the metadata, its length


def encode_entry(key: tuple, fmt: str | None, records: list[Record], warnings: list[LoadWarning]) -> bytes:
    """MAGIC, CRC-32 and length of the metadata, the metadata (``marshal``), then the
    text section: each record's region (its passage tuples, corpus.textstore.region)."""
    memo: dict = {}
    regions: list[bytes] = []
    tuples = []
    pos = 0
    for r in records:
        t = list(record_to_tuple(r, memo))
        pt = t[_PASSAGES_AT]
        reg = region(pt)
        t[_PASSAGES_AT] = (pos, len(reg), zlib.crc32(reg), value_crc(pt), len(pt))
        t[_EXTRA_AT] = _compact_extra(t[_EXTRA_AT])
        pos += len(reg)
        regions.append(reg)
        tuples.append(tuple(t))
    meta = marshal.dumps((key, fmt, tuple((w.path, w.message) for w in warnings), tuple(tuples)), 4)
    return b"".join([MAGIC, _HEAD.pack(digest(meta), len(meta)), meta, *regions])


def read_entry(path: Path, key: tuple, notes: dict | None = None) -> tuple[str | None, list[Record], list[LoadWarning]] | None:
    """The entry's records (passages read on demand), or ``None`` when it is corrupt,
    truncated or for another key.  Only the metadata is read and checked here; each
    record's region is checked when it is read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    kept = False
    try:
        size = os.fstat(fd).st_size
        head = len(MAGIC) + _HEAD.size
        first = os.pread(fd, head, 0)
        if len(first) < head or not first.startswith(MAGIC):
            return None
        crc, meta_len = _HEAD.unpack(first[len(MAGIC) :])
        if meta_len > size - head:
            return None
        meta = os.pread(fd, meta_len, head)
        if len(meta) != meta_len or digest(meta) != crc:
            return None
        # Building many small objects triggers the cyclic GC again and again for
        # nothing (none of these objects form cycles): pause it while decoding.
        gc_was_on = gc.isenabled()
        gc.disable()
        try:
            stored_key, fmt, warns, recs = marshal.loads(meta)
            if tuple(stored_key) != key:
                return None
            store = TextStore(str(path), str(key[0]), head + meta_len)
            records = [record_from_tuple(t, notes, store) for t in recs]
            warnings = [LoadWarning(p, m) for p, m in warns]
            if store.end() > size:  # truncated: the texts are not all there
                return None
        except Exception:  # wrong shape: ignore and rebuild
            return None
        finally:
            if gc_was_on:
                gc.enable()
        if records:
            store.keep_open(fd)
            kept = True
        return fmt, records, warnings
    except OSError:
        return None
    finally:
        if not kept:
            os.close(fd)


# ---- public API -------------------------------------------------------------
def get(path: Path, notes: dict | None = None) -> tuple[tuple, tuple[str | None, list[Record], list[LoadWarning]] | None]:
    """``(key, entry)``; entry is ``None`` on a miss.  Pass the key to :func:`put`.

    The key is taken from a stat before the file is read, so a file changed
    while it was being parsed is re-parsed next time.
    """
    base = cache_dir()
    ap = _abs(path)
    try:
        st = ap.stat()
    except OSError:
        return (), None
    key = _key(ap, st)
    if base is None:
        return key, None
    return key, read_entry(_entry_path(base, str(ap)), key, notes)


def put(path: Path, key: tuple, fmt: str | None, records: list[Record], warnings: list[LoadWarning]) -> bool:
    """Store an entry atomically; False (silently) when it cannot be written."""
    base = cache_dir()
    if base is None or not key:
        return False
    if time.time_ns() - key[2] < RACY_NS:
        # Modified just now: another write within the file system's timestamp
        # granularity could keep the same size and mtime, and the entry would
        # then be stale yet look fresh ("racy" files, as git calls them).
        return False
    try:
        data = encode_entry(key, fmt, records, warnings)
    except (ValueError, TypeError):  # something in extra marshal cannot store
        return False
    target = _entry_path(base, key[0])
    try:
        base.mkdir(parents=True, exist_ok=True)
        # a cache entry can always be rebuilt: atomic, but no fsync (speed)
        from corpus.atomic import atomic_write

        atomic_write(target, data, durable=False)
    except OSError:
        return False
    return True


def clear() -> int:
    """Delete all entries; returns how many were removed."""
    base = cache_dir()
    n = 0
    if base is None:
        return 0
    # corpus snapshots (corpus/snapshot.py) are built from these entries: they go too,
    # and so do the saved version pairs (corpus/versions_store.py)
    for p in [*base.glob("*.rc"), *(base.parent / "snapshots").glob("*.snap"), *(base.parent / "versions").glob("versions-*.bin")]:
        try:
            p.unlink()
            n += 1
        except OSError:
            pass
    from corpus.atomic import clean_temps

    clean_temps(base, max_age=0)
    return n
