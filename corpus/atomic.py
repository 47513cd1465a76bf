"""Atomic, durable file writes: the one helper every parlread writer uses.

``atomic_write(path, data)`` replaces ``path`` so that a reader (or a crash at
any instant) sees either the old file or the complete new one, never a torn
mix, and so that the new content survives a power cut once it returns:

1. write to a temporary file in the SAME directory (same file system, so the
   rename is atomic) with a unique name ``.<name>.<pid>-<random>.tmp``;
2. flush and ``fsync`` it, set its mode (0600 by default);
3. ``os.replace`` it over ``path``;
4. ``fsync`` the directory so the rename itself is on disk.

A path that is a symbolic link is written *through*: steps 1-4 happen in the
link target's directory and replace the target, so the link survives (a
plain ``os.replace`` over the link would turn it into a regular file and cut
the user's link to a synced folder).

On any error the temporary file is removed and the ``OSError`` (e.g. ENOSPC,
"No space left on device") propagates; the old file is untouched.
``atomic_open(path)`` is the streaming form (a context manager yielding a
binary file).  A process killed between 1 and 3 leaves a stray temporary
file: ``clean_temps(directory)`` removes those whose writer is dead (the pid
is in the name) or that are older than ``max_age`` seconds.

Used by the annotation store, the library (files and manifest), the parsed
record cache, the search index and ``parlread export -o``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import re
import time
from pathlib import Path
from typing import IO, Iterator

__all__ = ["read_regular", "NotRegularFile", "atomic_write", "write_atomic", "atomic_open", "clean_temps", "fsync_dir", "is_temp_name", "temp_name", "write_target", "user_file_mode", "FILE_MODE"]

FILE_MODE = 0o600
TEMP_SUFFIX = ".tmp"
# ".<name>.<pid>-<12 hex>.tmp"
_TEMP_RE = re.compile(r"^\..+\.(\d+)-[0-9a-f]{12}\.tmp$")
# temporary names used before this module existed (tempfile.mkstemp)
_LEGACY_RE = re.compile(r"^(\.tmp-.+|\.search-.+\.tmp|\..+\.json\.[^.]+\.tmp)$")


def temp_name(path: Path) -> Path:
    """A fresh unique temporary name next to ``path``."""
    return path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(6).hex()}{TEMP_SUFFIX}")


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is a temporary file of an atomic write (current or legacy naming)."""
    return bool(_TEMP_RE.match(name) or _LEGACY_RE.match(name))


def fsync_dir(path: str | os.PathLike[str]) -> None:
    """fsync a directory (makes a rename durable); silently a no-op where unsupported."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def user_file_mode(path: str | os.PathLike[str]) -> int:
    """The mode for a file the user asked us to write (an export): that of the
    file it replaces, else what the shell's ``>`` would give (0666 under the
    umask) — never wider than the user allows."""
    try:
        st = os.stat(path)
        if stat.S_ISREG(st.st_mode):
            return stat.S_IMODE(st.st_mode)
    except OSError:
        pass
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it (Linux); else set and restored."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def write_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` must replace: ``path`` itself, or, when it
    is a symbolic link (a shard kept in a synced folder, an export target), the
    file the link points to — so the rename replaces that file and the link
    stays a link.  A dangling link names the file to create; a link loop is
    an ``OSError`` (ELOOP), never replaced by a plain file."""
    path = Path(path)
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:  # dangling: the target is created (its directory must exist)
        return Path(os.path.realpath(path))
    except OSError as exc:  # ELOOP and the like
        raise OSError(exc.errno, f"{exc.strerror or exc} (a symbolic link that cannot be followed: not replaced)", str(path)) from None


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], *, mode: int = FILE_MODE, durable: bool = True) -> Iterator[IO[bytes]]:
    """``with atomic_open(p) as fh: fh.write(...)`` — ``p`` is replaced when the
    block ends without an exception; on an exception nothing changes.  A
    symbolic link is written through: its target is replaced, atomically, in
    the target's directory (see :func:`write_target`)."""
    path = write_target(path)
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # the umask may have narrowed it; never widen beyond `mode`
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *, mode: int = FILE_MODE, durable: bool = True) -> None:
    """Atomically and durably replace ``path`` with ``data`` (str is UTF-8 encoded)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    with atomic_open(path, mode=mode, durable=durable) as fh:
        fh.write(data)


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, mode: int = FILE_MODE) -> None:
    """``atomic_write`` that first creates a missing parent directory (0700):
    the form the library and corpus/api/state.py use."""
    parent = Path(path).parent
    if not parent.is_dir():
        parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write(path, data, mode=mode)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: exists, someone else's
        return True
    return True


def clean_temps(directory: str | os.PathLike[str], max_age: float = 600.0, *, of: str | None = None) -> int:
    """Remove stray temporary files of interrupted atomic writes in ``directory``:
    those whose writing process no longer exists, and any older than
    ``max_age`` seconds (another machine's, or legacy names).  With ``of``,
    only the temporary files of writes to the file of that name (a folder that
    is not ours, where a linked shard's target lives).  Returns how many were
    removed; never raises."""
    now = time.time()
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    me = os.getpid()
    for e in entries:
        if of is not None and not e.name.startswith(f".{of}."):
            continue
        m = _TEMP_RE.match(e.name)
        if not m and not _LEGACY_RE.match(e.name):
            continue
        try:
            if not e.is_file(follow_symlinks=False):
                continue
            pid = int(m.group(1)) if m else -1
            dead = m is not None and pid != me and not _pid_alive(pid)
            if dead or now - e.stat(follow_symlinks=False).st_mtime > max_age:
                os.unlink(e.path)
                removed += 1
        except (OSError, ValueError):
            pass
    return removed


class NotRegularFile(ValueError):
    """A path that is a FIFO, device, socket or too big to read safely."""


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file (at most ``limit``), never blocking on a
    FIFO or reading a device forever (a symlink to /dev/zero): those raise
    ``NotRegularFile`` with the reason; a missing file ``FileNotFoundError``."""
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile("not a regular file (a pipe, device or socket)")
        if st.st_size > limit:
            raise NotRegularFile(f"{st.st_size / 1e6:.0f} MB is larger than the {limit // 2**20} MB limit")
        chunks = []
        total = 0
        while True:
            b = os.read(fd, 1 << 20)
            if not b:
                break
            chunks.append(b)
            total += len(b)
            if total > limit:
                raise NotRegularFile(f"larger than the {limit // 2**20} MB limit")
        return b"".join(chunks)
    finally:
        os.close(fd)
