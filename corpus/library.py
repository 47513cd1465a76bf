"""The managed corpus directory: `parlread import` copies sources here.

Layout: ``<library>/files/<key>-<name>`` where ``key`` is a hash of the
source's absolute path, so a newer copy of the same source replaces the old
one in place (same ``source_file``: notes re-anchor to the new text), while
``manifest.json`` remembers each file's content hash so re-importing
unchanged data is a no-op.  A file whose exact content is already in the
library under another name is not copied twice.

Location: ``$PARLREAD_LIBRARY`` or ``platformdirs.user_data_dir("parlread")/library``.
Files are written atomically (temp file, fsync, rename) with mode 0600 in
0700 directories.  Nothing here imports Textual.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from corpus.dirs import ENV, files_dir, has_files, library_dir  # noqa: F401  (re-exported)
from corpus.loader import iter_files
from corpus.model import LoadWarning

MANIFEST = "manifest.json"

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


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _write_atomic(dest: Path, data: bytes) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    dirfd = os.open(dest.parent, os.O_RDONLY)
    try:
        os.fsync(dirfd)
    finally:
        os.close(dirfd)


def _read_manifest(root: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        # never overwrite a manifest we cannot read: keep it aside, rebuild from files
        aside = root / f"{MANIFEST}.unreadable"
        try:
            os.replace(root / MANIFEST, aside)
        except OSError:
            pass
        raise RuntimeError(f"library manifest unreadable ({exc}); kept as {aside.name}") from None


def import_sources(paths: Iterable[str | os.PathLike[str]], *, root: Path | None = None, progress: Progress | None = None) -> ImportReport:
    """Copy source files (or every file under folders) into the library."""
    root = root or library_dir()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    report = ImportReport()
    try:
        manifest = _read_manifest(root)
    except RuntimeError as exc:
        report.warnings.append(LoadWarning(str(root / MANIFEST), str(exc)))
        manifest = {}
    by_digest = {v["digest"]: k for k, v in manifest.items()}
    files = list(iter_files(paths, report.warnings))
    for i, path in enumerate(files):
        if progress:
            progress(i, len(files), str(path))
        src = str(path.resolve())
        key = hashlib.sha1(src.encode("utf-8")).hexdigest()[:10]
        dest = files_dir(root) / f"{key}-{path.name}"
        try:
            digest = _digest(path)
            entry = manifest.get(dest.name)
            if entry and entry["digest"] == digest and dest.exists():
                report.unchanged.append(src)
                continue
            other = by_digest.get(digest)
            if other and other != dest.name and (files_dir(root) / other).exists():
                report.duplicates.append(f"{src} (same as {manifest[other]['source']})")
                continue
            _write_atomic(dest, path.read_bytes())
        except OSError as exc:
            report.warnings.append(LoadWarning(src, f"not imported: {exc.strerror or exc}"))
            continue
        (report.updated if entry else report.added).append(src)
        if entry:
            by_digest.pop(entry["digest"], None)
        manifest[dest.name] = {"source": src, "digest": digest}
        by_digest[digest] = dest.name
    if progress:
        progress(len(files), len(files), "")
    _write_atomic(root / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))
    return report
