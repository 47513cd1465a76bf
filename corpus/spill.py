"""Big arrays written to an unlinked temporary file as they are made, read back a slice at a time.

For the first start at scale (issue 15): the search index's word positions
(corpus.search.segment) and version detection's full shingle keys
(corpus.shingles) are written here instead of being held while the rest of
the work is done.  Reads go through ``os.preadv`` into a small array, so the
bytes are the page cache's, not this process's resident memory; a copy into
another file is made by the kernel (``os.copy_file_range``).  The file has no
name (``tempfile.TemporaryFile``), so nothing is left behind whatever happens
to the process.
"""

from __future__ import annotations

import os
import zlib
from typing import Any


class Spill:
    """One append-only temporary file: its length and the crc32 of its bytes."""

    def __init__(self, fh):
        self.file = fh
        self.nbytes = 0
        self.crc = 0

    @classmethod
    def open(cls, directory: "os.PathLike[str] | str | None") -> "Spill | None":
        """A new spill file in ``directory``; None when there is none or it cannot be made there
        (the caller then keeps its arrays in memory)."""
        if directory is None:
            return None
        import tempfile

        try:
            os.makedirs(directory, exist_ok=True)
            return cls(tempfile.TemporaryFile(dir=directory, buffering=0))
        except OSError:
            return None

    def close(self) -> None:
        self.file.close()

    def write(self, data: Any) -> None:
        """Append the bytes of ``data`` (an array, bytes or any buffer)."""
        mv = memoryview(data).cast("B")
        self.crc = zlib.crc32(mv, self.crc)
        fd = self.file.fileno()
        self.nbytes += len(mv)
        while len(mv):
            mv = mv[os.write(fd, mv):]

    def read_into(self, out: Any, start: int) -> None:
        """Fill the numpy array ``out`` with the items from item number ``start`` (of out's dtype)."""
        view = memoryview(out).cast("B")
        at = start * out.dtype.itemsize
        got = 0
        while got < len(view):
            k = os.preadv(self.file.fileno(), [view[got:]], at + got)
            if k <= 0:
                raise OSError("spill file truncated")
            got += k

    def read(self, start: int, stop: int, dtype: Any) -> Any:
        """Items ``start:stop`` as a new numpy array of ``dtype``."""
        import numpy as np

        out = np.empty(stop - start, dtype=dtype)
        self.read_into(out, start)
        return out

    def array(self, dtype: Any) -> Any:
        """The whole file as a read-only numpy map (pages are read when touched)."""
        import numpy as np

        if not self.nbytes:
            return np.zeros(0, dtype)
        return np.memmap(self.file, dtype=dtype, mode="r", shape=(self.nbytes // np.dtype(dtype).itemsize,))

    def copy_to(self, fh) -> None:
        """Append every byte to the open file ``fh``, without reading them into memory."""
        fh.flush()
        src, dst = self.file.fileno(), fh.fileno()
        off = 0
        while off < self.nbytes:
            try:
                k = os.copy_file_range(src, dst, self.nbytes - off, off)
            except (AttributeError, OSError):  # another platform or file system: through a small buffer
                chunk = os.pread(src, min(1 << 20, self.nbytes - off), off)
                k = len(chunk)
                view = memoryview(chunk)
                while len(view):
                    view = view[os.write(dst, view):]
            if k <= 0:
                raise OSError("spill file truncated")
            off += k
        fh.seek(0, os.SEEK_END)  # the buffered writer's idea of its position, after the kernel's writes
