"""Saving and reopening the index: the cache file (memory-mapped, checked), incremental update, reuse from a snapshot."""

from __future__ import annotations

import json
import os
import struct
import threading
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from corpus.corpus import Corpus
    from corpus.search import SearchIndex

from corpus.search.query import Progress
from corpus.spill import Spill
from corpus.search.segment import _Segment, _collection_name, _corpus_key_of, _entries, _entry_arrays

FORMAT_VERSION = 2  # 2: word positions (fwd, fwdptr sections)
MAGIC = b"PARLRIDX"


def default_cache_dir() -> Path | None:
    """``$PARLREAD_CACHE`` or the user cache dir; ``None`` when caching is off (see corpus.dirs)."""
    from corpus.dirs import cache_root

    return cache_root()


class _PersistMixin:
    """SearchIndex's loading and saving (see corpus.search for the cache file)."""

    @classmethod
    def load_or_build(
        cls,
        corpus: "Corpus",
        cache_dir: str | os.PathLike[str] | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> "SearchIndex":
        cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        if cache_dir is None:  # PARLREAD_CACHE=off: build, never save
            index = cls.build(corpus, progress=progress, cancel=cancel)
            index.load_info = "built (cache off)"
            return index
        path = cache_dir / f"search-{_collection_name(corpus)}.idx"
        # no list of the entries' keys unless the saved index must be updated (a
        # reused index needs only their hash; a build reads them from the records)
        rec_a, pas_a = _entry_arrays(corpus)
        key = _corpus_key_of(corpus)
        why = "no saved index"
        saved = None
        if path.exists():
            try:
                saved = _read_cache(path)
            except Exception as exc:  # anything wrong with the file: rebuild
                why = f"saved index unusable ({type(exc).__name__}: {exc})"
        index = None
        if saved is not None:
            saved_key, ordered, segs = saved
            if saved_key == key and ordered:
                pos = 0
                for s in segs:
                    s.doc_rec = rec_a[pos : pos + s.n]
                    s.doc_pas = pas_a[pos : pos + s.n]
                    pos += s.n
                if pos == len(rec_a):
                    index = cls(corpus, segs, key)
                    index.load_info = "reused"
                else:
                    why = "saved index inconsistent"
            else:
                keys = _entries(corpus)[0]
                index = cls._update(corpus, segs, keys, rec_a, pas_a, key, progress, cancel)
                del keys
                if index is None:
                    why = "saved index too different from the corpus"
                elif saved_key == key:  # an updated index, reopened
                    index.load_info = "reused"
        if index is None:  # the words go to a temporary file beside the index while it is built
            index = cls._build_whole(corpus, (rec_a, pas_a), progress, cancel, spill_dir=cache_dir)
            index.load_info = "built" if why == "no saved index" else f"rebuilt: {why}"
        index.cache_path = path
        if index.load_info != "reused":
            try:
                index.save(path)
            except OSError as exc:
                index.load_info += f" (not saved: {exc.strerror or exc})"
            else:
                index._reopen(path)
        return index

    def _reopen(self, path: Path) -> None:
        """Swap the just-built arrays for views of the saved file (memory-mapped):
        the built copies are freed, and only the pages searches touch stay resident."""
        try:
            key, ordered, segs = _read_cache(path)
        except Exception:  # keep the in-memory arrays
            return
        if key != self.key or ordered != self.ordered or [s.n for s in segs] != [s.n for s in self.segments]:
            return
        for new, old in zip(segs, self.segments):
            new.doc_rec, new.doc_pas = old.doc_rec, old.doc_pas
        self.segments = segs

    @classmethod
    def open_saved(cls, corpus, path: Path, key: str, rec_a: np.ndarray, pas_a: np.ndarray) -> "SearchIndex | None":
        """The index saved at ``path`` when it is intact, in corpus order and for
        the corpus whose entries have this ``key`` (record and passage number of
        each entry in ``rec_a`` / ``pas_a``); None otherwise.  Nothing is built or
        saved: for callers that know the corpus is unchanged (corpus.snapshot)."""
        try:
            saved_key, ordered, segs = _read_cache(path)
        except Exception:
            return None
        if saved_key != key or not ordered or sum(s.n for s in segs) != len(rec_a):
            return None
        pos = 0
        for s in segs:
            s.doc_rec = rec_a[pos : pos + s.n]
            s.doc_pas = pas_a[pos : pos + s.n]
            pos += s.n
        index = cls(corpus, segs, key)
        index.load_info = "reused"
        index.cache_path = path
        return index

    @classmethod
    def _update(cls, corpus, segs, keys, rec_a, pas_a, key, progress, cancel) -> "SearchIndex | None":
        where = {k: i for i, k in enumerate(keys)}
        covered = np.zeros(len(keys), dtype=bool)
        dead = 0
        total_old = 0
        for s in segs:
            idx = np.fromiter((where.get(k, -1) for k in s.keys()), np.int64, s.n)
            idx_ok = idx >= 0
            # an entry already covered by an earlier segment is a duplicate: dead
            dup = np.zeros(s.n, dtype=bool)
            dup[idx_ok] = covered[idx[idx_ok]]
            live = idx_ok & ~dup
            covered[idx[live]] = True
            s.doc_rec = np.full(s.n, -1, np.int32)
            s.doc_pas = np.full(s.n, -1, np.int32)
            li = idx[live]
            s.doc_rec[live] = rec_a[li]
            s.doc_pas[live] = pas_a[li]
            dead += int((~live).sum())
            total_old += s.n
        missing = np.flatnonzero(~covered).tolist()
        if len(segs) >= 8 or dead + len(missing) > 0.25 * max(1, total_old):
            return None
        if missing:
            mkeys = [keys[i] for i in missing]
            segs = segs + [cls._segment_for(corpus, mkeys, rec_a[missing], pas_a[missing], progress, cancel)]
        index = cls(corpus, segs, key)
        index.ordered = False
        index.load_info = f"updated: {len(missing)} entries added, {dead} removed"
        return index

    # ---- persistence -------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index atomically (temp file + rename)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # each section is written from the array's own buffer (no bytes copy of it:
        # that was ~60 MB at 100,000 records, on top of the index just built)
        sections: list[tuple[str, object]] = []
        seg_meta = []
        for i, s in enumerate(self.segments):
            sections += [
                (f"{i}.vocab", "\n".join(s.vocab).encode("utf-8")),
                (f"{i}.order", _buffer(s.order, np.int64)),
                (f"{i}.ptr", _buffer(s.ptr, np.int64)),
                (f"{i}.docs", s.docs_spill if s.docs_spill is not None else _buffer(s.docs, np.uint32)),
                (f"{i}.keys", s.keys_blob),
                (f"{i}.ntok", _buffer(s.ntok, np.uint32)),
                (f"{i}.fwd", s.fwd_spill if s.fwd_spill is not None else _buffer(s.fwd, np.uint32)),
                (f"{i}.fwdptr", _buffer(s.fwd_ptr, np.int64)),
            ]
            seg_meta.append({"n": s.n, "terms": len(s.vocab)})
        offset = 0
        table = []
        for name, data in sections:
            if isinstance(data, Spill):  # already in a temporary file, its crc made as it was written
                length, crc = data.nbytes, data.crc
            else:
                length, crc = memoryview(data).nbytes, zlib.crc32(data)
            table.append({"name": name, "offset": offset, "length": length, "crc": crc})
            offset += length
        header = json.dumps(
            {"key": self.key, "ordered": self.ordered, "segments": seg_meta, "sections": table}
        ).encode("utf-8")
        from corpus.atomic import atomic_open

        # the shared atomic durable write: unique temp file, fsync, rename, fsync of the directory
        with atomic_open(path) as f:
            f.write(MAGIC + struct.pack("<III", FORMAT_VERSION, len(header), zlib.crc32(header)))
            f.write(header)
            for _name, data in sections:
                if isinstance(data, Spill):
                    data.copy_to(f)
                else:
                    f.write(data)


def _buffer(a, dtype) -> memoryview:
    """The array's bytes as a flat memoryview: no copy when it is already contiguous
    and of that dtype (little-endian, as the reader expects)."""
    arr = np.ascontiguousarray(a, dtype=np.dtype(dtype).newbyteorder("<"))
    return memoryview(arr).cast("B")


# ---------------------------------------------------------------------------
# cache file


def _read_cache(path: Path) -> tuple[str, bool, list[_Segment]]:
    """Open a saved index without loading it: the numpy sections are views of
    a read-only memory map of the file, so only the pages a search touches
    become resident (and they are the page cache's, shared by every process
    that opens the same index).  Every section's crc32 is still checked first,
    reading the file in chunks through a small buffer (which leaves nothing
    mapped).  Writers replace the file by rename, never in place, so the map
    stays valid."""
    import mmap

    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        head = len(MAGIC) + 12
        first = fh.read(head)
        if len(first) < head or first[: len(MAGIC)] != MAGIC:
            raise ValueError("not a parlread index")
        version, hlen, hcrc = struct.unpack("<III", first[len(MAGIC) : head])
        if version != FORMAT_VERSION:
            raise ValueError(f"index format {version}, expected {FORMAT_VERSION}")
        hbytes = fh.read(hlen)
        if len(hbytes) != hlen or zlib.crc32(hbytes) != hcrc:
            raise ValueError("header damaged")
        header = json.loads(hbytes)
        base = head + hlen
        buf = bytearray(1 << 20)
        view = memoryview(buf)
        spans: dict[str, tuple[int, int]] = {}
        maxdoc: dict[str, int] = {}
        for s in sorted(header["sections"], key=lambda s: int(s["offset"])):
            a = base + int(s["offset"])
            b = a + int(s["length"])
            if b > size:
                raise ValueError("file truncated")
            fh.seek(a)
            crc, left = 0, b - a
            is_docs = s["name"].endswith((".docs", ".fwd"))
            top = -1
            while left:
                got = fh.readinto(view[: min(left, len(buf))])
                if not got:
                    raise ValueError("file truncated")
                crc = zlib.crc32(view[:got], crc)
                if is_docs and got >= 4:  # the largest entry number, checked below (chunks are 4-byte aligned)
                    top = max(top, int(np.frombuffer(view[: got - got % 4], dtype=np.uint32).max()))
                left -= got
            if is_docs:
                maxdoc[s["name"]] = top
            if crc != s["crc"]:
                raise ValueError(f"section {s['name']} damaged")
            spans[s["name"]] = (a, b)
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    mv = memoryview(mm)
    sec = {name: mv[a:b] for name, (a, b) in spans.items()}
    segs = []
    for i, meta in enumerate(header["segments"]):
        vb = bytes(sec[f"{i}.vocab"])
        vocab = vb.decode("utf-8").split("\n") if vb else []
        order = np.frombuffer(sec[f"{i}.order"], dtype=np.int64)
        ptr = np.frombuffer(sec[f"{i}.ptr"], dtype=np.int64)
        docs = np.frombuffer(sec[f"{i}.docs"], dtype=np.uint32)
        n = int(meta["n"])
        if len(vocab) != meta["terms"] or len(order) != len(vocab) or len(ptr) != len(vocab) + 1:
            raise ValueError("inconsistent sections")
        if len(ptr) and (ptr[-1] != len(docs) or (len(docs) and maxdoc.get(f"{i}.docs", n) >= n)):
            raise ValueError("inconsistent postings")
        ntok = np.frombuffer(sec[f"{i}.ntok"], dtype=np.uint32)
        if len(ntok) != n:
            raise ValueError("inconsistent sections")
        fwd = np.frombuffer(sec[f"{i}.fwd"], dtype=np.uint32)
        fwd_ptr = np.frombuffer(sec[f"{i}.fwdptr"], dtype=np.int64)
        if (
            len(fwd_ptr) != n + 1
            or fwd_ptr[0] != 0
            or fwd_ptr[-1] != len(fwd)
            or (len(fwd) and maxdoc.get(f"{i}.fwd", len(vocab)) >= len(vocab))
            or (n and bool((np.diff(fwd_ptr) < 0).any()))
        ):
            raise ValueError("inconsistent word positions")
        seg = _Segment(vocab, order, ptr, docs, sec[f"{i}.keys"], ntok, fwd, fwd_ptr)
        seg.n = n
        segs.append(seg)
    return header["key"], bool(header.get("ordered")), segs
