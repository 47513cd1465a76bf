"""Load files and directories into a Corpus, never stopping at a bad file.

Every problem becomes a one-line LoadWarning and the rest still loads:
unreadable, empty, binary, oversized files, NUL bytes, symlink loops, parser
errors.
"""

from __future__ import annotations

import gc
import os
import stat
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from corpus import formats, textstore
from corpus.corpus import Corpus
from corpus.dirs import default_paths, sample_dir  # noqa: F401  (sample_dir: re-exported for callers)
from corpus.model import LoadWarning, Record, extra_may_have, one_line_fields

if TYPE_CHECKING:
    from corpus.source import Source

MAX_FILE_BYTES = 64 * 1024 * 1024  # larger files are skipped with a warning

Progress = Callable[[int, int, str], None]  # (done, total, current path)


def iter_files(paths: Iterable[str | os.PathLike[str]], warnings: list[LoadWarning]) -> Iterator[Path]:
    """Files under the given paths, recursively, each real file once."""
    seen: set[tuple[int, int]] = set()
    for raw in paths:
        p = Path(raw)
        try:
            st = p.stat()
        except OSError as exc:
            warnings.append(LoadWarning(str(p), f"cannot open: {exc.strerror or exc}"))
            continue
        if p.is_dir():
            yield from _walk(p, seen, warnings)
        else:
            key = (st.st_dev, st.st_ino)
            if key not in seen:
                seen.add(key)
                yield p


def _walk(root: Path, seen: set[tuple[int, int]], warnings: list[LoadWarning]) -> Iterator[Path]:
    visited_dirs: set[tuple[int, int]] = set()

    def onerror(exc: OSError) -> None:
        warnings.append(LoadWarning(str(exc.filename), f"cannot read directory: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        key = (st.st_dev, st.st_ino)
        if key in visited_dirs:
            warnings.append(LoadWarning(dirpath, "symlink loop: directory already visited, skipped"))
            dirnames[:] = []
            continue
        visited_dirs.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name in ("LICENCE", "LICENSE"):
                continue
            fp = Path(dirpath) / name
            try:
                fst = fp.stat()
            except OSError as exc:
                warnings.append(LoadWarning(str(fp), f"cannot open: {exc.strerror or exc}"))
                continue
            fkey = (fst.st_dev, fst.st_ino)
            if fkey in seen:
                continue
            seen.add(fkey)
            yield fp


def read_source(path: Path) -> tuple[Source | None, list[LoadWarning]]:
    """Read and decode one file; ``None`` with a warning when it cannot be used."""
    warns: list[LoadWarning] = []
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
            return None, [LoadWarning(str(path), "skipped: not a regular file")]
        size = st.st_size
        if size > MAX_FILE_BYTES:
            return None, [LoadWarning(str(path), f"skipped: {size / 1e6:.0f} MB is larger than the {MAX_FILE_BYTES // 2**20} MB limit")]
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)  # the file may have grown since stat
        if len(data) > MAX_FILE_BYTES:
            return None, [LoadWarning(str(path), f"skipped: larger than the {MAX_FILE_BYTES // 2**20} MB limit")]
    except OSError as exc:
        return None, [LoadWarning(str(path), f"cannot read: {exc.strerror or exc}")]
    if not data.strip():
        return None, [LoadWarning(str(path), "skipped: empty file")]
    # a file to parse (not a cached one): a start-up on cached records needs neither module
    from corpus.decode import decode, looks_binary
    from corpus.source import Source

    if looks_binary(data):
        return None, [LoadWarning(str(path), "skipped: binary file, not text")]
    text, encoding, notes = decode(data)
    src = Source(str(path), data, text, encoding, list(notes))
    return src, warns


def load_file(path: Path, *, use_cache: bool = True, notes: dict | None = None) -> tuple[list[Record], list[LoadWarning]]:
    """Records and warnings of one file, from the parsed-record cache when it is fresh.
    ``notes``: a memo that makes equal ``field_notes`` one dict (see :func:`_share_notes`)."""
    if not use_cache:
        return _parse_file(path)
    from corpus import cache

    key, hit = cache.get(path, notes)
    if hit is not None and not os.access(path, os.R_OK):
        hit = None  # no longer readable (chmod since it was cached): say so, never show the cached text
    if hit is not None:
        _fmt, records, warns = hit
        sp = str(path)
        for r in records:
            r.source_file = sp
        return records, [LoadWarning(sp, w.message) for w in warns]
    records, warns = _parse_file(path)
    if records or not any(w.message.startswith(("cannot", "skipped")) for w in warns):
        cache.put(path, key, records[0].source_format if records else None, records, warns)
        if records:
            # the records as the next start will read them: decoded from the entry just
            # written, they share equal values (ints, notes dicts) and hold ~20% less
            # than the parser's own objects, which are dropped now, file by file
            _key, again = cache.get(path, notes)
            if again is not None and len(again[1]) == len(records):
                sp = str(path)
                for r in again[1]:
                    r.source_file = sp
                return again[1], warns
    return records, warns


def _parse_file(path: Path) -> tuple[list[Record], list[LoadWarning]]:
    src, warns = read_source(path)
    if src is None:
        return [], warns
    try:
        fmt, records = formats.parse(src)
    except Exception as exc:  # a parser bug must not stop the corpus loading
        return [], warns + [LoadWarning(str(path), f"could not parse: {type(exc).__name__}: {exc}")]
    warns += [LoadWarning(str(path), w) for w in src.warnings]
    if (fmt is None or not records) and not src.warnings:  # one line per file: the parser's reason if it gave one
        warns.append(LoadWarning(str(path), "no records found"))
    for r in records:
        r.source_file = r.source_file or str(path)
        r.source_format = r.source_format or fmt
        one_line_fields(r)  # a heading ending in CR LF must not break a list row or a CLI line
    return records, warns


textstore.reparse = _parse_file  # a record whose cache entry lost its texts reads them from its source again


def load(
    paths: Iterable[str | os.PathLike[str]] | None = None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Corpus:
    """Load paths (files or directories); the bundled samples when none given."""
    warnings: list[LoadWarning] = []
    paths = list(paths) if paths else default_paths()
    files = list(iter_files(paths, warnings))
    records: list[Record] = []
    by_id: dict[str, int] = {}
    total = len(files)
    # Records hold no reference cycles; the cyclic GC re-scanning a heap that
    # grows by 100k+ objects is most of a warm (cached) load: pause it meanwhile.
    gc_was_on = gc.isenabled()
    gc.disable()
    notes: dict[tuple, dict] = {}  # equal field_notes dicts shared as they are decoded
    try:
        for i, path in enumerate(files):
            if cancel is not None and cancel.is_set():
                warnings.append(LoadWarning(str(path), f"loading cancelled: {total - i} files not loaded"))
                break
            if progress:
                progress(i, total, str(path))
            recs, warns = load_file(path, notes=notes)
            warnings.extend(warns)
            for r in recs:
                if r.id in by_id:  # the same record twice: keep the better copy, in the first one's place
                    if prefer(r, records[by_id[r.id]]):
                        records[by_id[r.id]] = r
                    continue
                by_id[r.id] = len(records)
                records.append(r)
        records = drop_superseded(records, warnings)
        _complete_answers(records, warnings)
        _name_members(records, warnings)  # gives the records it names notes of their own
        _share_notes(records, notes)
        corpus = Corpus(records=records, warnings=warnings)
    finally:
        if gc_was_on:
            gc.enable()
    if progress:
        progress(total, total, "")
    return corpus


def _complete_answers(records: list[Record], warnings: list[LoadWarning]) -> None:
    """API answers cut at 255 characters get the full text of a loaded grouped question (corpus.formats.parliament_json)."""
    if not any("question_id" in r.extra for r in records):
        return  # no API question (complete_from_groups looks at no other): spare the import (json, ~5 ms)
    try:
        from corpus.formats.parliament_json import complete_from_groups

        complete_from_groups(records)
    except Exception as exc:  # a convenience: never stop a load
        warnings.append(LoadWarning("grouped answers", f"not completed: {type(exc).__name__}: {exc}"))


def _name_members(records: list[Record], warnings: list[LoadWarning]) -> None:
    """API records that carry only member ids get names from the local members table (corpus/api)."""
    if not any(extra_may_have(r, "question_id") or extra_may_have(r, "statement_id") for r in records):
        return  # no API record (name_members looks at no other): spare the import and the table
    try:
        from corpus.formats.parliament_json import name_members

        name_members(records)
    except Exception as exc:  # the table is a convenience: never stop a load
        warnings.append(LoadWarning("members table", f"not used: {type(exc).__name__}: {exc}"))


def _share_notes(records: list[Record], memo: dict | None = None) -> None:
    """Records whose ``field_notes`` are equal (same items, same order) get one dict.

    100,000 API records have about 2,300 distinct ones ("not named in the
    source (member id N)" for two members): 18 MB of dicts become 0.4 MB.
    Cache entries share them as they are decoded (``notes``, across files).
    Code that must change a record's notes assigns it a new dict
    (``r.field_notes = {**r.field_notes, ...}``), as the members table does."""
    memo = {} if memo is None else memo
    for r in records:
        notes = r.field_notes
        try:
            r.field_notes = memo.setdefault(tuple(notes.items()), notes)
        except TypeError:  # an unhashable value: keep the record's own
            pass


def _rank(r: Record) -> tuple:
    return (
        r.extra.get("scrape_version") or "",  # TheyWorkForYou: the later scrape is authoritative
        any(p.role == "answer" for p in r.passages),  # an answered copy over an unanswered one
        -len(r.extra.get("truncated") or ()),  # a full copy over a truncated one
        r.date_answered or "",  # a later answer (e.g. after a holding answer)
    )


def prefer(new: Record, old: Record) -> bool:
    """True when ``new`` should replace ``old`` (two copies of one record)."""
    return _rank(new) > _rank(old)


def drop_superseded(records: list[Record], warnings: list[LoadWarning]) -> list[Record]:
    """Hide records of an older TheyWorkForYou scrape when a later scrape of that day is loaded."""
    latest: dict[str, str] = {}
    for r in records:
        if not extra_may_have(r, "scrape_family"):  # most records (not decoding a compact extra)
            continue
        fam = r.extra.get("scrape_family")
        if fam:
            v = r.extra.get("scrape_version") or ""
            if v > latest.get(fam, ""):
                latest[fam] = v
    if not latest:
        return records
    kept: list[Record] = []
    hidden: dict[str, int] = {}
    for r in records:
        fam = r.extra.get("scrape_family")
        if fam and (r.extra.get("scrape_version") or "") < latest[fam]:
            key = r.source_file or fam
            hidden[key] = hidden.get(key, 0) + 1
            continue
        kept.append(r)
    for path, n in hidden.items():
        warnings.append(LoadWarning(path, f"older scrape superseded by a later one in this corpus: {n} records not shown"))
    return kept
