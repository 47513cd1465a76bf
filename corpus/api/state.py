"""Where follow state lives (beside the managed library) and its locked, atomic JSON files.

``<library>/follow/`` holds ``watches.json``, ``inbox.json``, ``members.json``
and ``index.json``.  Every change is one read-modify-write under
``follow.lock`` (a filelock shared by every parlread process of the user),
written with the library's atomic durable write (temp file, fsync, rename,
directory fsync).  A file that is not valid JSON is never overwritten: it is
moved aside to ``NAME.unreadable-<time>`` and reported, and a fresh one starts.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any, Callable, Iterator

LOCK_TIMEOUT = 30.0


class StateError(Exception):
    """A follow-state file could not be read or locked (message is for the user)."""


def library_root(root: Path | None = None) -> Path:
    from corpus.dirs import library_dir

    return Path(root) if root is not None else library_dir()


def follow_dir(root: Path | None = None) -> Path:
    return library_root(root) / "follow"


def write_atomic(path: Path, data: bytes) -> None:
    """The one durable write path (the same one `parlread import` uses)."""
    from corpus.atomic import write_atomic as _w

    _w(path, data)


@contextlib.contextmanager
def locked(root: Path | None = None, timeout: float = LOCK_TIMEOUT) -> Iterator[Path]:
    """Hold the follow lock; yields the follow directory."""
    import filelock

    d = follow_dir(root)
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = filelock.FileLock(str(d / "follow.lock"), timeout=timeout)
    try:
        with lock:
            yield d
    except filelock.Timeout:
        raise StateError(f"another parlread is holding {d / 'follow.lock'} for more than {timeout:.0f}s; try again") from None


def read_json(path: Path, default: Callable[[], Any], problems: list[str] | None = None, *, move_aside: bool = True) -> Any:
    """The JSON in ``path`` (``default()`` when missing); an unreadable file is kept aside, not replaced."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return default()
    except OSError as exc:
        raise StateError(f"cannot read {path}: {exc.strerror or exc}") from None
    import json  # here: a start-up that finds no inbox (the library's "new" marks) needs no JSON module

    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        if not move_aside:
            raise StateError(f"{path} is not valid JSON ({exc}); left as it is") from None
        aside = path.with_name(f"{path.name}.unreadable-{time.strftime('%Y%m%d%H%M%S')}")
        os.replace(path, aside)
        msg = f"{path.name} was not valid JSON ({exc}); kept as {aside.name}, starting afresh"
        if problems is None:
            raise StateError(msg) from None
        problems.append(msg)
        return default()
    expected = type(default())
    if not isinstance(data, expected):
        raise StateError(f"{path} holds a {type(data).__name__}, not a {expected.__name__}; left as it is")
    return data


def dump(obj: Any) -> bytes:
    import json

    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n"


Check = Callable[[Any], "str | None"]  # what is wrong with a file's data (None when nothing)


def _checked(path: Path, data: Any, check: Check | None) -> Any:
    if check is not None:
        problem = check(data)
        if problem:
            raise StateError(f"{path} {problem}: not what parlread wrote; left as it is (move it away to start afresh)")
    return data


def update(name: str, default: Callable[[], Any], fn: Callable[[Any], Any], root: Path | None = None,
           problems: list[str] | None = None, check: Check | None = None) -> Any:
    """Read ``name``, apply ``fn`` (which mutates or returns the new value), write it back: one locked step.

    ``check`` names what is wrong with data of the wrong shape: then nothing is written (:class:`StateError`).
    """
    with locked(root) as d:
        path = d / name
        data = _checked(path, read_json(path, default, problems), check)
        out = fn(data)
        data = data if out is None else out
        write_atomic(path, dump(data))
        return data


def load(name: str, default: Callable[[], Any], root: Path | None = None, check: Check | None = None) -> Any:
    """A consistent read (no lock needed: writes are atomic renames)."""
    path = follow_dir(root) / name
    return _checked(path, read_json(path, default, move_aside=False), check)


# ---- shapes -----------------------------------------------------------------------
def is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def opt_str(v: Any) -> bool:
    return v is None or isinstance(v, str)


def str_map(data: Any) -> "str | None":
    """A dict of strings to strings (index.json)."""
    bad = next((k for k, v in data.items() if not isinstance(v, str)), None)
    return None if bad is None else f"has a {type(data[bad]).__name__} for “{bad}”"
