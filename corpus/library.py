"""The managed corpus directory: `parlread import` copies sources here.

Layout: ``<library>/files/<key>-<name>`` where ``key`` is a hash of the
source's absolute path, so a newer copy of the same source replaces the old
one in place (same ``source_file``: notes re-anchor to the new text), while
``manifest.json`` remembers each file's content hash so re-importing
unchanged data is a no-op.  A file whose exact content is already in the
library under another name is not copied twice.

Location: ``$PARLREAD_LIBRARY`` or ``platformdirs.user_data_dir("parlread")/library``.
Files are written atomically and durably (``corpus.atomic``) with mode 0600
in 0700 directories; ``manifest.json`` is changed under ``manifest.json.lock``.  Nothing here imports Textual.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from corpus.atomic import atomic_write, clean_temps
from corpus.dirs import ENV, files_dir, has_files, library_dir  # noqa: F401  (re-exported)
from corpus.loader import MAX_FILE_BYTES, iter_files
from corpus.model import LoadWarning

MANIFEST = "manifest.json"
LOCK_TIMEOUT = 120.0

Progress = Callable[[int, int, str], None]


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # same content already imported from elsewhere
    warnings: list[LoadWarning] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.updated)} updated", f"{len(self.unchanged)} unchanged"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} duplicates skipped")
        if self.warnings:
            parts.append(f"{len(self.warnings)} problems")
        return ", ".join(parts)


class LibraryError(RuntimeError):
    """A library problem to show the user in one line (disk full, unwritable …)."""


def _lock(root: Path):
    from filelock import FileLock

    return FileLock(str(root / (MANIFEST + ".lock")), mode=0o600, timeout=LOCK_TIMEOUT)


def read_source_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file (at most ``limit``), never blocking on
    a FIFO or device: ValueError with the reason otherwise."""
    from corpus.atomic import NotRegularFile, read_regular

    try:
        return read_regular(path, limit)
    except NotRegularFile as exc:
        raise ValueError(f"skipped: {exc}") from None


def _write_atomic(dest: Path, data: bytes) -> None:
    if not dest.parent.is_dir():
        dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write(dest, data)  # corpus.atomic (looked up here, so a test can make the disk "full")


def _read_manifest(root: Path) -> dict[str, dict[str, str]]:
    """The manifest; RuntimeError when it exists but cannot be used (it is
    then kept aside as ``manifest.json.unreadable`` and rebuilt)."""
    path = root / MANIFEST
    try:
        raw = read_source_bytes(path)  # a FIFO or device here must not hang every import
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise RuntimeError(f"library manifest unreadable ({exc.strerror or exc})") from None
    except ValueError as exc:  # a FIFO or device: never read, kept aside like a damaged one
        raw = None
        why = str(exc).removeprefix("skipped: ")
    try:
        if raw is None:
            raise ValueError(why)
        from corpus.safe_json import loads_bounded

        data = loads_bounded(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        good = {k: v for k, v in data.items() if isinstance(v, dict) and isinstance(v.get("digest"), str) and isinstance(v.get("source"), str)}
        if len(good) != len(data):
            raise ValueError(f"{len(data) - len(good)} malformed entries")
        return good
    except (UnicodeDecodeError, ValueError) as exc:
        # never overwrite a manifest we cannot read: keep it aside, rebuild from files
        aside = root / f"{MANIFEST}.unreadable"
        try:
            os.replace(path, aside)
        except OSError:
            pass
        raise RuntimeError(f"library manifest unreadable ({exc}); kept as {aside.name}") from None


def clean_library(root: Path) -> int:
    """Remove temporary files of interrupted writes (dead writers, or older than 10 min)."""
    return clean_temps(files_dir(root)) + clean_temps(root)


def import_sources(paths: Iterable[str | os.PathLike[str]], *, root: Path | None = None, progress: Progress | None = None) -> ImportReport:
    """Copy source files (or every file under folders) into the library.

    Files are copied first (each atomically); then ``manifest.json`` is
    re-read and updated under the library lock, so concurrent imports keep
    every entry.  FIFOs, devices and oversized files are skipped with a
    warning; a full disk is a warning per file, or ``LibraryError`` when the
    manifest itself cannot be written."""
    root = root or library_dir()
    try:
        if not root.is_dir():
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not files_dir(root).is_dir():
            files_dir(root).mkdir(exist_ok=True, mode=0o700)
    except OSError as exc:
        raise LibraryError(f"cannot create the library at {root}: {exc.strerror or exc}") from None
    clean_library(root)
    report = ImportReport()
    try:
        manifest = _read_manifest(root)
    except RuntimeError as exc:
        report.warnings.append(LoadWarning(str(root / MANIFEST), str(exc)))
        manifest = {}
    by_digest = {v["digest"]: k for k, v in manifest.items()}
    files = list(iter_files(paths, report.warnings))
    mine: dict[str, dict[str, str]] = {}
    for i, path in enumerate(files):
        if progress:
            progress(i, len(files), str(path))
        src = str(path.resolve())
        key = hashlib.sha1(src.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        dest = files_dir(root) / f"{key}-{path.name}"
        try:
            data = read_source_bytes(path)
            digest = hashlib.sha256(data).hexdigest()
            entry = manifest.get(dest.name)
            if entry and entry["digest"] == digest and dest.exists():
                report.unchanged.append(src)
                continue
            other = by_digest.get(digest)
            if other and other != dest.name and (files_dir(root) / other).exists():
                report.duplicates.append(f"{src} (same as {manifest[other]['source']})")
                continue
            _write_atomic(dest, data)
        except ValueError as exc:
            report.warnings.append(LoadWarning(str(path), str(exc)))  # the name the user gave (a symlink's own name)
            continue
        except OSError as exc:
            report.warnings.append(LoadWarning(src, f"not imported: {exc.strerror or exc}"))
            continue
        (report.updated if entry else report.added).append(src)
        if entry:
            by_digest.pop(entry["digest"], None)
        manifest[dest.name] = mine[dest.name] = {"source": src, "digest": digest}
        by_digest[digest] = dest.name
    if progress:
        progress(len(files), len(files), "")
    if mine or not (root / MANIFEST).exists():
        _merge_manifest(root, mine, report)
    return report


def _merge_manifest(root: Path, mine: dict[str, dict[str, str]], report: ImportReport) -> None:
    """Add ``mine`` to the manifest as it is NOW on disk: one read-modify-write under the lock."""
    from filelock import Timeout

    try:
        with _lock(root):
            try:
                current = _read_manifest(root)
            except RuntimeError as exc:
                if not any(w.message == str(exc) for w in report.warnings):
                    report.warnings.append(LoadWarning(str(root / MANIFEST), str(exc)))
                current = {}
            current.update(mine)
            _write_atomic(root / MANIFEST, json.dumps(current, indent=1, sort_keys=True).encode("utf-8"))
    except Timeout:
        raise LibraryError(f"the library at {root} is locked by another import (waited {LOCK_TIMEOUT:.0f} s); try again") from None
    except OSError as exc:
        raise LibraryError(
            f"cannot save the library manifest in {root}: {exc.strerror or exc} "
            f"({len(mine)} file(s) were copied; importing again records them)"
        ) from None
