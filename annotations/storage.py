"""A safe tinydb Storage: atomic, durable, backed-up, never overwrites a bad file.

tinydb's default ``JSONStorage`` rewrites its file in place (a crash can leave
a torn file) and has no cross-process protection.  ``SafeJSONStorage``:

* reads the file fresh on every ``read()`` (two sessions see each other);
* writes to a temporary file in the same directory, fsyncs it, keeps the
  previous version as a hard link in ``backups/`` (last ``BACKUPS`` versions),
  ``os.replace``-s it over the old file and fsyncs the directory;
* refuses to read (``CorruptFile``) or write over a file it could not parse:
  the file is left byte-identical for a person to look at.

Callers hold a ``filelock.FileLock`` (see ``shard_lock``) across each
read-modify-write; the storage itself does not lock.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from filelock import FileLock
from tinydb.storages import Storage

BACKUPS = 3
FILE_MODE = 0o600
DIR_MODE = 0o700


class StoreError(Exception):
    """A store problem to show the user in one line."""


class CorruptFile(StoreError):
    def __init__(self, path: Path, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason} — the file is kept untouched; this part of the store is read-only")


def ensure_dir(path: Path) -> None:
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    try:
        os.chmod(path, DIR_MODE)
    except OSError:
        pass


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_json_file(path: Path) -> Any | None:
    """The parsed file, ``None`` when it does not exist; ``CorruptFile`` when unreadable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CorruptFile(path, f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise CorruptFile(path, "file is empty (expected JSON)")
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CorruptFile(path, f"not valid JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise CorruptFile(path, "not a JSON object")
    return obj


def atomic_write_json(path: Path, obj: Any, backups: int = BACKUPS) -> None:
    """Durably replace ``path`` with ``obj`` as JSON; rotate hard-link backups."""
    directory = path.parent
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
        if backups and path.exists():
            _rotate_backups(path, backups)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(directory)


def _rotate_backups(path: Path, keep: int) -> None:
    bdir = path.parent / "backups"
    if not bdir.is_dir():
        ensure_dir(bdir)
    base = bdir / path.name
    for n in range(keep - 1, 0, -1):
        older = Path(f"{base}.{n}")
        if older.exists():
            os.replace(older, f"{base}.{n + 1}")
    tmp_link = Path(f"{base}.linking")
    try:
        tmp_link.unlink()
    except FileNotFoundError:
        pass
    try:
        os.link(path, tmp_link)  # no copy: the old inode survives the replace
    except OSError:
        import shutil

        shutil.copy2(path, tmp_link)
    os.replace(tmp_link, f"{base}.1")


class SafeJSONStorage(Storage):
    """A tinydb Storage over one JSON file with fresh reads and atomic writes."""

    def __init__(self, path: str | os.PathLike[str], backups: int = BACKUPS):
        self.path = Path(path)
        self.backups = backups
        self._read_ok = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        self._read_ok = False
        data = read_json_file(self.path)
        self._read_ok = True
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        # Never write over a file we could not parse (tinydb reads before it
        # writes; a write without a good read checks the file first).
        if not self._read_ok and self.path.exists():
            read_json_file(self.path)
        atomic_write_json(self.path, data, self.backups)

    def close(self) -> None:
        pass


def shard_lock(path: Path) -> FileLock:
    """The cross-process lock guarding read-modify-writes of ``path``."""
    return FileLock(str(path) + ".lock", mode=FILE_MODE, timeout=30)


def clean_stale_temps(directory: Path, older_than: float = 600.0) -> None:
    """Remove temporary files left by a crash (older than ``older_than`` s)."""
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for e in entries:
        if e.name.startswith(".") and e.name.endswith(".tmp"):
            try:
                if now - e.stat().st_mtime > older_than:
                    os.unlink(e.path)
            except OSError:
                pass
