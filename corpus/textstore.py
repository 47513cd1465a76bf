"""Passage texts read on demand from the record cache, not held in memory.

A record decoded from a parsed-record cache entry (corpus/cache.py) holds no
``Passage`` objects: its ``passages`` slot holds a :class:`TextRef` (the
entry's :class:`TextStore` and the record's row in it).  Reading
``record.passages`` reads the record's *region* of the entry's text section
(``marshal`` of its passage tuples: ids, texts, roles, offsets) with one
``pread``, checks it against the CRC-32 kept in memory and returns new
``Passage`` objects, which are not kept (but for the last few records read).  At a million passages this is
about 530 MB less resident memory than holding ~1M ``Passage`` objects with
their id and text strings (benchmarks/bench_memory.py).

The text is never wrong.  A region that cannot be read or fails its CRC
(the entry was deleted by ``parlread cache clear``, rewritten by another
parlread, truncated, damaged) is rebuilt by parsing the source file again
with the parsers this process loaded; it is used only when its *value
digest* (a CRC-32 of the ``repr`` of the passage tuples, taken when the entry
was written) is the one recorded, that is when its ids, texts, roles and
offsets are the ones loaded.  Otherwise (the source changed too)
:class:`StaleText` is raised with the file's name: reload the corpus.

File descriptors: a few stores keep their entry open (least recently used
first closed), so reads do not reopen the file; an entry replaced under an
open descriptor is still read as it was when loaded.
"""

from __future__ import annotations

import marshal
import os
import threading
import zlib
from array import array
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable

MAX_OPEN = 64  # entry files kept open at once (few: fds above 1024 would break select())

# How a source file is parsed again when its entry lost a region: corpus.loader sets
# its own parse of one file here (``path -> (records, warnings)``; this module cannot
# import the loader, which imports the cache, which imports this module).
reparse: Callable[[Path], tuple[list, list]] | None = None


class StaleText(RuntimeError):
    """A record's texts are no longer available as loaded (its source file changed): reload the corpus."""


def value_crc(passages: tuple) -> int:
    """The value digest of a record's passage tuples ``(id, index, text, role, list_item, start)``."""
    return zlib.crc32(repr(passages).encode("utf-8", "surrogatepass"))


def region(passages: tuple) -> bytes:
    """A record's region of the text section: its passage tuples, ``marshal``-ed."""
    return marshal.dumps(passages, 4)


class TextRef:
    """What a lazy record's ``passages`` slot holds: its store and row."""

    __slots__ = ("store", "row")

    def __init__(self, store: "TextStore", row: int):
        self.store = store
        self.row = row

    def passages(self) -> list:
        return self.store.passages(self.row)

    def __repr__(self) -> str:
        return f"<passages of row {self.row} in {self.store.path}>"


_open: "OrderedDict[TextStore, int]" = OrderedDict()
# the blocks read ahead, oldest first: a few, so that threads reading through the
# corpus at once (index, versions) do not evict each other's block
_blocks: "OrderedDict[tuple[TextStore, int], bytes]" = OrderedDict()
BLOCK = 1024 * 1024
BLOCKS = 8  # at most BLOCKS * BLOCK bytes (8 MiB) held
_recent: "dict[tuple[TextStore, int], list]" = {}  # the passages last read, by (store, row), oldest first
RECENT = 32
_lock = threading.Lock()


def _drop_blocks(store: "TextStore") -> None:  # under _lock
    for k in [k for k in _blocks if k[0] is store]:
        del _blocks[k]
    store._blk = None


def _close_all() -> None:
    with _lock:
        for st, _ in _blocks:
            st._blk = None
        _blocks.clear()
        _recent.clear()
        while _open:
            _, fd = _open.popitem(last=False)
            try:
                os.close(fd)
            except OSError:
                pass


class TextStore:
    """The text section of one cache entry: where each record's region lies, its CRC and value digest."""

    __slots__ = ("path", "source", "base", "offs", "lens", "crcs", "vcrcs", "_rebuilt", "_next", "_blk", "__weakref__")

    def __init__(self, path: str, source: str, base: int):
        self.path = path  # the cache entry
        self.source = source  # the source file it was parsed from (absolute)
        self.base = base  # where the text section starts in the entry
        self.offs = array("q")
        self.lens = array("I")
        self.crcs = array("I")
        self.vcrcs = array("I")
        self._rebuilt: list[bytes] | None = None
        self._next = 0  # the row after the last one read
        self._blk: tuple[int, bytes] | None = None  # the last block read ahead (one of _blocks)

    def keep_open(self, fd: int) -> None:
        """Read from this descriptor (the one the entry was loaded from) while it stays among the open ones."""
        with _lock:
            self._keep(fd)

    def add(self, off: int, length: int, crc: int, vcrc: int) -> TextRef:
        self.offs.append(off)
        self.lens.append(length)
        self.crcs.append(crc)
        self.vcrcs.append(vcrc)
        return TextRef(self, len(self.offs) - 1)

    def end(self) -> int:
        """The end of the last region (the entry must be at least this long)."""
        return self.base + max((o + n for o, n in zip(self.offs, self.lens)), default=0)

    # ---- reading --------------------------------------------------------------
    def _keep(self, fd: int) -> None:  # under _lock
        old = _open.pop(self, None)
        if old is not None and old != fd:
            os.close(old)
            _drop_blocks(self)
        _open[self] = fd
        while len(_open) > max(MAX_OPEN, 1):  # never the descriptor just kept
            gone, gone_fd = _open.popitem(last=False)
            _drop_blocks(gone)
            try:
                os.close(gone_fd)
            except OSError:
                pass

    def _pread(self, row: int) -> bytes | None:
        """The row's bytes.  Read in order (the row after the last one read), a block of the
        entry is read ahead and kept among the last few blocks: a pass over every record makes
        one ``pread`` an entry or so, not one a record (each ``pread`` releases the GIL, and
        getting it back behind a busy thread can take the switch interval, 5 ms)."""
        off = self.base + self.offs[row]
        n = self.lens[row]
        mine = self._blk  # this store's last block read ahead: most reads end here, without the lock
        if mine is not None and mine[0] <= off and off + n <= mine[0] + len(mine[1]):
            self._next = row + 1
            return mine[1][off - mine[0] : off - mine[0] + n]
        with _lock:
            for (st, start), blk in _blocks.items():
                if st is self and start <= off and off + n <= start + len(blk):
                    self._next = row + 1
                    return blk[off - start : off - start + n]
            fd = _open.get(self)
            try:
                if fd is None:
                    fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
                    self._keep(fd)
                else:
                    _open.move_to_end(self)
                ahead = row == self._next
                data = os.pread(fd, max(n, BLOCK) if ahead else n, off)
            except OSError:
                return None
            self._next = row + 1
            if ahead and len(data) > n:
                _blocks[(self, off)] = data
                self._blk = (off, data)
                while len(_blocks) > BLOCKS:
                    (gone, _), _ = _blocks.popitem(last=False)
                    gone._blk = None
            return data[:n] if len(data) > n else data

    def read(self, row: int) -> bytes:
        """The row's region, checked; rebuilt from the source when the entry no longer has it."""
        n = self.lens[row]
        if self._rebuilt is None:
            data = self._pread(row)
            if data is not None and len(data) == n and zlib.crc32(data) == self.crcs[row]:
                return data
        return self._recover(row)

    def passages(self, row: int) -> list:
        """The row's passages; the last few records' lists are kept, so the reader, which asks for
        the passages of the record it shows again and again, decodes them once."""
        from corpus.model import Passage

        key = (self, row)
        got = _recent.get(key)  # (one dict operation at a time is atomic: no lock for this)
        if got is not None:
            return got
        try:
            tuples = marshal.loads(self.read(row))
            got = [Passage(*p) for p in tuples]
        except StaleText:
            raise
        except Exception as exc:  # cannot happen for a region that passed its CRC; say so rather than guess
            raise StaleText(f"{self.source}: cached passages unreadable ({type(exc).__name__}): reload the corpus") from None
        _recent[key] = got
        if len(_recent) > RECENT:
            try:
                _recent.pop(next(iter(_recent)), None)  # the oldest kept
            except (RuntimeError, StopIteration):  # changed by another thread meanwhile
                pass
        return got

    def _recover(self, row: int) -> bytes:
        """Parse the source again (this process's parsers) and take the row's region if its values are the loaded ones."""
        rebuilt = self._rebuilt
        if rebuilt is None:
            try:
                records, _ = reparse(Path(self.source)) if reparse is not None else ([], [])
            except Exception:
                records = []
            rebuilt = [region(passage_tuples(r)) for r in records]
            self._rebuilt = rebuilt  # the file's texts, held from now on (the entry is gone or changed)
        if row < len(rebuilt):
            data = rebuilt[row]
            if value_crc(marshal.loads(data)) == self.vcrcs[row]:
                return data
        raise StaleText(f"{self.source}: changed since it was loaded, its texts are no longer the ones shown: reload the corpus")


def passage_tuples(r: Any) -> tuple:
    """A record's passages as the tuples a region holds."""
    return tuple((p.id, p.index, p.text, p.role, p.list_item, p.start) for p in r.passages)
