"""A safe tinydb Storage: atomic, durable, backed-up, never overwrites a bad file.

tinydb's default ``JSONStorage`` rewrites its file in place (a crash can leave
a torn file) and has no cross-process protection.  ``SafeJSONStorage``:

* reads the file fresh on every ``read()`` (two sessions see each other);
* writes through ``corpus.atomic.atomic_write`` (temp file in the same
  directory, fsync, rename, fsync of the directory), after keeping the
  previous version as a hard link in ``backups/`` (last ``BACKUPS``
  versions; a failing backup never blocks the write);
* refuses to read (``CorruptFile``) or write over a file it could not parse:
  the file is left byte-identical for a person to look at;
* a shard that is a symbolic link (kept in a synced folder, say) is written
  through: its target is replaced atomically and the link stays a link
  (``corpus.atomic.write_target``); backups copy the target's content.  A
  link whose target is missing, or a link loop, is refused (``CorruptFile``):
  the link is kept, never replaced by a fresh plain file.

Callers hold a ``filelock.FileLock`` (see ``shard_lock``) across each
read-modify-write; the storage itself does not lock.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from filelock import FileLock
from tinydb.storages import Storage

from corpus.atomic import NotRegularFile, read_regular, atomic_write, clean_temps, fsync_dir  # noqa: F401  (fsync_dir: re-exported)
from corpus.safe_json import MAX_DEPTH, loads_bounded  # noqa: F401  (re-exported)

BACKUPS = 3
MAX_FILE_BYTES = 256 * 2**20  # a store file larger than this is refused (CorruptFile), not read
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
    """Create ``path`` (mode 0700) if missing; an existing directory keeps its
    mode (a store made read-only on purpose stays read-only)."""
    if path.is_dir():
        return
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


def read_json_file(path: Path) -> Any | None:
    """The parsed file, ``None`` when it does not exist; ``CorruptFile`` when unreadable."""
    try:
        data = read_regular(path, MAX_FILE_BYTES)  # a FIFO or /dev/zero here must not hang the store
    except FileNotFoundError:
        if os.path.islink(path):  # its target is gone (a synced folder not there?): never start it afresh
            raise CorruptFile(path, f"a symbolic link to a missing file ({os.readlink(path)})") from None
        return None
    except OSError as exc:
        raise CorruptFile(path, f"cannot read: {exc.strerror or exc}") from None
    except NotRegularFile as exc:
        raise CorruptFile(path, str(exc)) from None
    if not data.strip():
        raise CorruptFile(path, "file is empty (expected JSON)")
    try:
        obj = loads_bounded(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CorruptFile(path, f"not valid JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise CorruptFile(path, f"not a JSON object (found {_json_type(obj)})")
    return obj




def _json_type(obj: Any) -> str:
    if obj is None:
        return "null"
    return {list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}.get(type(obj), type(obj).__name__)


def atomic_write_json(path: Path, obj: Any, backups: int = BACKUPS) -> str | None:
    """Durably replace ``path`` with ``obj`` as JSON (``corpus.atomic``); keep
    hard-link backups of the previous versions.  A backup that cannot be made
    never blocks the write: the reason is returned (None when all went well)."""
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    problem = None
    if backups and path.exists():
        try:
            _rotate_backups(path, backups)
        except OSError as exc:
            problem = f"backup of {path.name} not made: {exc.strerror or exc}"
    atomic_write(path, data, mode=FILE_MODE)
    return problem


def _rotate_backups(path: Path, keep: int) -> None:
    bdir = path.parent / "backups"
    if not bdir.is_dir():
        ensure_dir(bdir)
    base = bdir / path.name
    for n in range(keep - 1, 0, -1):
        older = Path(f"{base}.{n}")
        if older.exists():
            os.replace(older, f"{base}.{n + 1}")
    tmp_link = Path(f"{base}.{os.getpid()}.linking")
    try:
        tmp_link.unlink()
    except FileNotFoundError:
        pass
    from corpus.atomic import write_target

    real = write_target(path)  # a symlinked shard: back up the file's content, never the link
    try:
        os.link(real, tmp_link)  # no copy: the old inode survives the replace
    except OSError:
        import shutil

        shutil.copy2(real, tmp_link)
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


def lock_path(path: Path) -> Path:
    """Where the lock of ``path`` lives: beside the file a write replaces.

    A shard that is a symbolic link is locked at its target, so two stores
    reaching one file through different paths (a link in each, or a link in
    one and the file in the other) take the same lock.  A link that cannot be
    followed (missing target, loop) is locked at its own path: the read under
    the lock then refuses it with a clear message."""
    path = Path(path)
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except OSError:
        return path


def shard_lock(path: Path) -> FileLock:
    """The cross-process lock guarding read-modify-writes of ``path`` (see ``lock_path``)."""
    return FileLock(str(lock_path(path)) + ".lock", mode=FILE_MODE, timeout=30)


def clean_stale_temps(directory: Path, older_than: float = 600.0) -> int:
    """Remove temporary files left by a crash (see ``corpus.atomic.clean_temps``),
    in ``directory`` and, for each shard there that is a symbolic link, those
    of writes to its target in the target's folder (only that file's)."""
    removed = clean_temps(directory, older_than)
    try:
        links = [e for e in os.scandir(directory) if e.name.endswith(".json") and e.is_symlink()]
    except OSError:
        return removed
    for e in links:
        target = Path(os.path.realpath(e.path))
        if target.parent != Path(directory).resolve():
            removed += clean_temps(target.parent, older_than, of=target.name)
    return removed
