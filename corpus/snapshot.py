"""Corpus snapshots: a one-shot command answers from the caches when no source file changed.

``parlread search/show/list PATH`` used to load (from the per-file record
cache) and rebuild the whole corpus in memory on every call: ~1.5 s at 100k
records before the first result.  A snapshot is one file per set of PATH
arguments, written after a full load, holding:

* the files the load walked, each with its size and mtime_ns, the parser
  version and the load warnings: the *freshness key*;
* every record of the loaded corpus (after de-duplication and superseded
  scrapes are dropped: the exact ``Corpus.records`` order) as its own
  ``marshal`` blob with a crc32, decoded only when that record is read;
* the record ids (a "\\n"-joined blob, searched without decoding records) and
  the search entries' record and passage numbers, the search index's key and
  file name, so :class:`corpus.search.SearchIndex` reopens its saved index
  without walking the records.

:func:`open_fresh` walks and stats the PATHs again (cheap: one ``stat`` a
file) and returns a :class:`SnapshotCorpus` only when every file, size, mtime,
the parser version and the warnings are as recorded; otherwise ``None`` and
the caller loads the corpus in full (and saves a new snapshot).  A damaged
snapshot is ignored (a crc per section and per record); a record that fails
its crc when read raises :class:`StaleSnapshot` so the caller can fall back.
The file is written to a temporary name and renamed into place.

The lazy corpus answers what the CLI and the search index ask of a
:class:`corpus.corpus.Corpus`: ``records`` (a sequence), ``warnings``,
``record``, ``passage``, ``resolve``, ``len`` and iteration.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import struct
import tempfile
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus.model import LoadWarning, Passage, Record

if TYPE_CHECKING:
    from corpus.corpus import Corpus

MAGIC = b"PRSNAP01"
VERSION = 1


class StaleSnapshot(Exception):
    """A snapshot turned out unusable after it was opened (a record failed its check)."""


ENV = "PARLREAD_SNAPSHOT"  # "off": never use or write snapshots (every command loads in full)


def _dir() -> Path | None:
    from corpus import cache

    if os.environ.get(ENV, "").strip().lower() in ("0", "off", "no", "none", "false"):
        return None

    base = cache.cache_dir()
    return None if base is None else base.parent / "snapshots"


def _name(paths: list[str]) -> str:
    # the raw arguments matter (records keep the path as walked), and so does
    # the directory they are relative to
    ident = json.dumps([os.getcwd(), [str(p) for p in paths], [os.path.abspath(p) for p in paths]])
    return hashlib.sha1(ident.encode("utf-8", "surrogatepass")).hexdigest()[:20] + ".snap"


def _walk(paths: list[str]) -> tuple[list[list[Any]], list[LoadWarning]] | None:
    """``[[path, size, mtime_ns], ...]`` of the files a load would read, or None when one is racy."""
    from corpus.cache import RACY_NS
    from corpus.loader import iter_files

    warnings: list[LoadWarning] = []
    now = time.time_ns()
    out = []
    for f in iter_files(paths, warnings):
        try:
            st = f.stat()
        except OSError:
            return None
        if now - st.st_mtime_ns < RACY_NS:  # changed just now: size and mtime could hide a second change
            return None
        out.append([str(f), st.st_size, st.st_mtime_ns])
    if warnings:  # a path that cannot be read: always load in full (and report it)
        return None
    return out, warnings


def _fresh_key(files: list[list[Any]]) -> str:
    from corpus.cache import parser_version

    return hashlib.sha1(json.dumps([VERSION, parser_version(), files]).encode("utf-8", "surrogatepass")).hexdigest()


# ---- writing -----------------------------------------------------------------


def _effective(paths) -> list[str]:
    """The paths a load opens: the given ones, else the library or the samples."""
    if paths:
        return [str(p) for p in paths]
    from corpus.loader import default_paths

    return [str(p) for p in default_paths()]


def save(paths: list[str], corpus: "Corpus") -> Path | None:
    """Write the snapshot of ``corpus``, loaded from ``paths``; None when caching is off or a file is racy."""
    paths = _effective(paths)
    base = _dir()
    if base is None:
        return None
    walked = _walk(paths)
    if walked is None:
        return None
    files, _ = walked
    import numpy as np

    from corpus.cache import record_to_tuple
    from corpus.search import _collection_name, _corpus_key, _entries

    blobs = []
    crcs = []
    for r in corpus.records:
        b = marshal.dumps(record_to_tuple(r, {}), 4)
        blobs.append(b)
        crcs.append(zlib.crc32(b))
    offsets = np.zeros(len(blobs) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in blobs], out=offsets[1:])
    keys, rec_a, pas_a = _entries(corpus)
    sections = [
        ("offsets", offsets.tobytes()),
        ("crcs", np.asarray(crcs, dtype=np.uint32).tobytes()),
        ("ids", "\n".join(r.id for r in corpus.records).encode("utf-8", "surrogatepass")),
        ("doc_rec", np.asarray(rec_a, dtype=np.int32).tobytes()),
        ("doc_pas", np.asarray(pas_a, dtype=np.int32).tobytes()),
        ("records", b"".join(blobs)),
    ]
    del blobs
    table, pos = [], 0
    for name, data in sections:
        table.append({"name": name, "offset": pos, "length": len(data), "crc": zlib.crc32(data) if name != "records" else None})
        pos += len(data)
    header = json.dumps(
        {
            "fresh": _fresh_key(files),
            "n": len(corpus.records),
            "warnings": [[w.path, w.message] for w in corpus.warnings],
            "index_key": _corpus_key(keys),
            "index_name": f"search-{_collection_name(corpus)}.idx",
            "sections": table,
        }
    ).encode("utf-8", "surrogatepass")
    target = base / _name(paths)
    try:
        base.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=base, prefix=".tmp-", suffix=".snap")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + struct.pack("<II", len(header), zlib.crc32(header)) + header)
                for _name_, data in sections:
                    fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        return None
    return target


# ---- reading -----------------------------------------------------------------


def open_fresh(paths: list[str]) -> "SnapshotCorpus | None":
    """The snapshot for ``paths`` when it is intact and every file is unchanged, else None."""
    base = _dir()
    if base is None:
        return None
    paths = _effective(paths)
    path = base / _name(paths)
    try:
        return _open(path, paths)
    except Exception:  # missing, damaged, stale: load in full
        return None


def _open(path: Path, paths: list[str]) -> "SnapshotCorpus | None":
    import mmap

    import numpy as np

    with open(path, "rb") as fh:
        head = fh.read(len(MAGIC) + 8)
        if len(head) < len(MAGIC) + 8 or not head.startswith(MAGIC):
            return None
        hlen, hcrc = struct.unpack("<II", head[len(MAGIC) :])
        hbytes = fh.read(hlen)
        if len(hbytes) != hlen or zlib.crc32(hbytes) != hcrc:
            return None
        header = json.loads(hbytes)
        walked = _walk(paths)
        if walked is None or _fresh_key(walked[0]) != header["fresh"]:
            return None
        start = len(MAGIC) + 8 + hlen
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    mv = memoryview(mm)
    sec = {}
    for s in header["sections"]:
        a = start + int(s["offset"])
        b = a + int(s["length"])
        if b > len(mm):
            return None
        chunk = mv[a:b]
        if s["crc"] is not None and zlib.crc32(chunk) != s["crc"]:
            return None
        sec[s["name"]] = chunk
    n = int(header["n"])
    offsets = np.frombuffer(sec["offsets"], dtype=np.int64)
    crcs = np.frombuffer(sec["crcs"], dtype=np.uint32)
    doc_rec = np.frombuffer(sec["doc_rec"], dtype=np.int32)
    doc_pas = np.frombuffer(sec["doc_pas"], dtype=np.int32)
    if len(offsets) != n + 1 or len(crcs) != n or len(doc_rec) != len(doc_pas):
        return None
    if n and (int(offsets[0]) != 0 or int(offsets[-1]) != len(sec["records"]) or bool((np.diff(offsets) < 0).any())):
        return None
    if len(doc_rec) and (int(doc_rec.min()) < 0 or int(doc_rec.max()) >= n):
        return None
    ids = bytes(sec["ids"])
    if (ids.count(b"\n") + 1 if n else 0) != n:
        return None
    warnings = [LoadWarning(p, m) for p, m in header["warnings"]]
    return SnapshotCorpus(
        _LazyRecords(sec["records"], offsets, crcs, ids, n), warnings, header["index_key"], header["index_name"], doc_rec, doc_pas
    )


class _LazyRecords(Sequence):
    """The records of a snapshot; each is decoded (once) when read."""

    def __init__(self, blob: memoryview, offsets, crcs, ids: bytes, n: int):
        self._blob = blob
        self._offsets = offsets
        self._crcs = crcs
        self._ids = ids
        self._n = n
        self._made: dict[int, Record] = {}
        self._id_list: list[str] | None = None

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        rec = self._made.get(i)
        if rec is None:
            raw = self._blob[int(self._offsets[i]) : int(self._offsets[i + 1])]
            if zlib.crc32(raw) != int(self._crcs[i]):
                raise StaleSnapshot(f"record {i} damaged in the snapshot")
            t = marshal.loads(raw)
            vals = list(t)
            from corpus.cache import _PASSAGES_AT

            vals[_PASSAGES_AT] = [Passage(*p) for p in t[_PASSAGES_AT]]
            rec = Record(*vals)
            self._made[i] = rec
        return rec

    def __iter__(self):
        for i in range(self._n):
            yield self[i]

    def all(self) -> list[Record]:
        """Every record, decoded with the cyclic GC paused (no cycles among them:
        re-scanning a heap growing by millions of objects would triple the time)."""
        import gc

        was = gc.isenabled()
        gc.disable()
        try:
            return [self[i] for i in range(self._n)]
        finally:
            if was:
                gc.enable()

    def ids(self) -> list[str]:
        if self._id_list is None:
            self._id_list = self._ids.decode("utf-8", "surrogatepass").split("\n") if self._n else []
        return self._id_list

    def position(self, record_id: str) -> int | None:
        """Index of the record with this id (found in the ids blob, no decoding)."""
        needle = record_id.encode("utf-8", "surrogatepass")
        if b"\n" in needle or not needle:
            return None
        blob = self._ids
        at = 0
        while True:
            k = blob.find(needle, at)
            if k < 0:
                return None
            end = k + len(needle)
            if (k == 0 or blob[k - 1] == 10) and (end == len(blob) or blob[end] == 10):
                return blob.count(b"\n", 0, k)
            at = k + 1

    def index(self, value, start=0, stop=None):  # Sequence.index would decode every record
        pos = self.position(value.id) if isinstance(value, Record) else None
        if pos is None or pos < start or (stop is not None and pos >= stop):
            raise ValueError(value)
        return pos


class SnapshotCorpus:
    """A :class:`corpus.corpus.Corpus` look-alike over a fresh snapshot (records decoded on demand)."""

    def __init__(self, records: _LazyRecords, warnings, index_key: str, index_name: str, doc_rec, doc_pas):
        self.records = records
        self.warnings = warnings
        self.index_key = index_key
        self.index_name = index_name
        self.doc_rec = doc_rec
        self.doc_pas = doc_pas

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    def record(self, record_id: str) -> Record | None:
        pos = self.records.position(record_id)
        return None if pos is None else self.records[pos]

    def passage(self, passage_id: str) -> tuple[Record, Passage] | None:
        # a passage id is always "<record id>.<hash>[~n]" (corpus.model.make_record)
        rec = self.record(passage_id.split(".", 1)[0])
        if rec is not None:
            for p in rec.passages:
                if p.id == passage_id:
                    return rec, p
        return None

    def resolve(self, ident: str) -> Record | tuple[Record, Passage] | None:
        """As :meth:`corpus.corpus.Corpus.resolve`: full id, passage id or unique id prefix."""
        rec = self.record(ident)
        if rec is not None:
            return rec
        hit = self.passage(ident)
        if hit:
            return hit
        found = [i for i, rid in enumerate(self.records.ids()) if rid.startswith(ident)]
        if len(found) == 1:
            return self.records[found[0]]
        return None

    def open_index(self, cache_dir: str | os.PathLike[str] | None = None):
        """The saved search index of this corpus, reopened, or None (build it from a full load)."""
        from corpus.search import SearchIndex, default_cache_dir

        base = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        if base is None:
            return None
        return SearchIndex.open_saved(self, base / self.index_name, self.index_key, self.doc_rec, self.doc_pas)
