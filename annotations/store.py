"""AnnotationStore: tags and notes on disk; every change one locked read-modify-write.

Layout under the store directory (files 0600, new directories 0700)::

    shards/<3 hex>.json        tinydb-format file: annotations of records whose
                               sha1(record id) starts with those 3 hex digits
    shards/<3 hex>.json.lock   cross-process lock (filelock)
    shards/backups/<3 hex>.json.<n>   the previous 3 versions of each shard
    meta.json                  tinydb-format file: tag colours

Every mutation goes through ``transaction(...)``: take the locks of the
shards it touches (in sorted order, so two sessions never deadlock), read
them FRESH inside the locks, change the parsed documents, write each changed
shard once (``corpus.atomic``: temp file, fsync, rename, fsync dir).  Nothing
is ever computed from a copy read before the lock: an update or delete of an
annotation another session deleted fails with a clear message (no
resurrection), and ``undo`` refuses when the annotation changed since.

A shard that cannot be parsed, or whose shape is wrong (``null``, ``"x"``,
``{"annotations": []}``, nested 100k deep), is reported in ``problems``, kept
byte-identical, and read-only; single malformed annotations are reported,
kept in their file, and never shown or trusted (``annotations.validate``).
"""

from __future__ import annotations

import contextlib
import copy
import getpass
import os
import uuid
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from annotations import anchor as A
from annotations.model import Annotation, clean_tag
from annotations import reanchor as R
from annotations import tagging
from annotations.reanchor import ReanchorReport, _resolve_span, _snapshot, now_iso, reanchor  # noqa: F401
from annotations.shards import MAX_LOCKED, TABLE, Transaction, _Change, _chunks, _dedupe, _freshness, _parse_table, _Shard, shard_name  # noqa: F401
from annotations.tagging import TagResult, _tag_target
from annotations.storage import (
    CorruptFile,
    StoreError,
    atomic_write_json,
    clean_stale_temps,
    ensure_dir,
    read_json_file,
    lock_path,
    shard_lock,
)

_UNSET: Any = object()


def default_store_dir() -> Path:
    """``$PARLREAD_STORE`` or the platform's user data dir (``…/parlread/store``); see corpus.dirs."""
    from corpus.dirs import store_dir

    return store_dir()


def default_author() -> str:
    try:
        return getpass.getuser() or "unknown"
    except Exception:
        return "unknown"


class AnnotationStore:
    """The annotation store.  Every method that changes something returns the
    result and pushes an undo step (``undo()`` reverts the last one)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, author: str | None = None):
        self.path = Path(path).expanduser() if path else default_store_dir()
        self.author = author or default_author()
        self.shard_dir = self.path / "shards"
        self._cache: dict[str, tuple[tuple, list[dict]]] = {}
        self._corrupt: dict[str, CorruptFile] = {}
        self._malformed: dict[str, str] = {}
        self._warnings: list[str] = []
        self._undo: list[_Change] = []
        self.not_loaded: set[str] = set()  # ids whose record the last reanchor_all did not have
        self.read_only_reason: str | None = None
        try:
            ensure_dir(self.path)
            ensure_dir(self.shard_dir)
            clean_stale_temps(self.shard_dir)
        except OSError as exc:
            self.read_only_reason = f"cannot create the store at {self.path}: {exc.strerror or exc}"
        if self.read_only_reason is None and not os.access(self.shard_dir, os.W_OK):
            self.read_only_reason = f"the store at {self.path} is not writable"

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, author: str | None = None, scan: bool = True) -> "AnnotationStore":
        """Open (creating) a store.  ``scan`` reads every shard now so that
        ``problems`` is complete; with ``scan=False`` shards are read when
        first needed (call ``scan()`` from a worker)."""
        store = cls(path, author=author)
        if scan:
            store.scan()
        return store

    def scan(self) -> list[str]:
        """Read every shard and meta.json (fresh); returns ``problems``."""
        self._all()
        self.tag_colours()
        return self.problems

    # ------------------------------------------------------------------ files
    @property
    def problems(self) -> list[str]:
        """One line per problem (damaged file, malformed annotations, read-only store)."""
        out = [str(e) for e in self._corrupt.values()] + list(self._malformed.values()) + self._warnings
        if self.read_only_reason:
            out.insert(0, self.read_only_reason)
        return out

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def _shard_path(self, name: str) -> Path:
        return self.shard_dir / f"{name}.json"

    def _note_malformed(self, name: str, path: Path, bad: int) -> None:
        if bad:
            self._malformed[name] = f"{path}: {bad} malformed annotation(s) not shown (kept in the file)"
        else:
            self._malformed.pop(name, None)

    def _read_shard(self, name: str) -> list[dict]:
        """The well-formed docs of a shard, read without the lock (for display)."""
        path = self._shard_path(name)
        try:
            st = path.stat()
        except FileNotFoundError:
            self._cache.pop(name, None)
            self._corrupt.pop(name, None)
            self._malformed.pop(name, None)
            return []
        except OSError:
            return []
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        hit = self._cache.get(name)
        if hit and hit[0] == key:
            return hit[1]
        try:
            _table, docs, bad = _parse_table(path, read_json_file(path) or {})
        except CorruptFile as exc:
            self._corrupt[name] = exc
            self._cache[name] = (key, [])
            return []
        self._corrupt.pop(name, None)
        self._note_malformed(name, path, bad)
        self._cache[name] = (key, docs)
        return docs

    def _names(self) -> list[str]:
        try:
            return sorted(e.name[:-5] for e in os.scandir(self.shard_dir) if e.name.endswith(".json") and not e.name.startswith("."))
        except OSError:
            return []

    def _all(self) -> list[dict]:
        names = self._names()
        for gone in set(self._cache) - set(names):
            self._cache.pop(gone, None)
            self._corrupt.pop(gone, None)
        best: dict[str, dict] = {}
        for n in names:
            for d in self._read_shard(n):
                old = best.get(d["id"])  # a move interrupted by a crash: keep the newest
                if old is None or _freshness(d) > _freshness(old):
                    best[d["id"]] = d
        return list(best.values())

    def _check_writable(self, name: str) -> None:
        if self.read_only_reason:
            raise StoreError(self.read_only_reason)
        if name in self._corrupt:  # known damaged; a newly damaged file is caught by the read under the lock
            exc = self._corrupt[name]
            raise StoreError(
                f"cannot save: the store file {exc.path} is damaged ({exc.reason}); "
                "it is kept untouched and this part of the store is read-only"
            )

    @contextlib.contextmanager
    def transaction(self, *record_ids: str, shards: Iterable[str] = ()) -> Iterator[Transaction]:
        """``with store.transaction(record_id, ...) as tx:`` — the shards of
        those records (and ``shards`` by name) locked, read fresh, and written
        once each when the block ends without an exception."""
        names = sorted({shard_name(r) for r in record_ids} | set(shards))
        for n in names:
            self._check_writable(n)
        with contextlib.ExitStack() as stack:
            loaded: dict[str, _Shard] = {}
            # locks in the order of the files they guard, the same in every store even when shards are links
            paths = {n: self._shard_path(n) for n in names}
            for n in sorted(names, key=lambda n: str(lock_path(paths[n]))):
                path = paths[n]
                try:
                    stack.enter_context(shard_lock(path))
                except Exception as exc:  # filelock.Timeout, or a lock file we may not create
                    raise StoreError(f"cannot lock {path}: {exc}") from None
                try:
                    loaded[n] = _Shard(n, path, read_json_file(path))
                except CorruptFile as exc:
                    self._corrupt[n] = exc
                    raise StoreError(str(exc)) from None
            tx = Transaction(loaded)
            yield tx
            for n in tx._order:
                sh = loaded[n]
                if not sh.dirty:
                    continue
                if not sh.table and sh.raw.keys() <= {TABLE} and not sh.path.exists():
                    continue
                sh.raw[TABLE] = sh.table
                try:
                    warn = atomic_write_json(sh.path, sh.raw)
                except OSError as exc:
                    raise StoreError(f"cannot save {sh.path}: {exc.strerror or exc}") from None
                if warn and warn not in self._warnings:
                    self._warnings.append(warn)
                try:
                    st = sh.path.stat()
                    self._cache[n] = ((st.st_ino, st.st_mtime_ns, st.st_size), [copy.deepcopy(d) for d in sh.docs()])
                except OSError:
                    self._cache.pop(n, None)
                self._note_malformed(n, sh.path, sh.bad)

    def _where(self, ann_id: str) -> dict:
        """The stored doc for an id or unique id prefix (read without the lock:
        only to learn its full id and shard)."""
        for name, (_key, docs) in list(self._cache.items()):
            if any(d["id"] == ann_id for d in docs):
                for d in self._read_shard(name):
                    if d["id"] == ann_id:
                        return d
                break
        hits = [d for d in self._all() if d["id"] == ann_id or (len(ann_id) >= 8 and d["id"].startswith(ann_id))]
        exact = [d for d in hits if d["id"] == ann_id]
        if exact or len(hits) == 1:
            return (exact or hits)[0]
        if len(hits) > 1:
            raise StoreError(f"id prefix {ann_id!r} matches {len(hits)} annotations: give more of it")
        hint = f" ({len(self._corrupt)} damaged store file(s) cannot be read; it may be in one)" if self._corrupt else ""
        raise StoreError(f"no annotation with id {ann_id!r}{hint}")

    _get_doc = _where

    def _mutate(self, ann_id: str, fn: Callable[[dict], dict | None], label: str, *, delete: bool = False) -> tuple[dict, dict | None]:
        """Apply ``fn`` to the FRESH stored copy of one annotation, under the
        lock(s), and save the result (``delete``: remove it).  ``fn`` may raise
        StoreError; returning None or an equal doc saves nothing.  Returns
        (before, after); pushes an undo step when something changed."""
        full_id = self._where(ann_id)["id"]
        names: set[str] = set()
        for _attempt in range(8):
            where = self._locate(full_id)
            if where is None:
                break
            names.add(where)
            with self.transaction(shards=names) as tx:
                cur = tx.find(full_id)
                if cur is None:
                    continue  # moved or deleted between the look-up and the lock: look again
                if delete:
                    tx.remove(full_id)
                    self._undo.append(_Change(label, [(cur, None)]))
                    return cur, None
                new = fn(copy.deepcopy(cur))
                if new is None or new == cur:
                    return cur, cur
                need = shard_name(new["anchor"]["source"])
                if need not in tx.shards:
                    names.add(need)
                    continue  # nothing written: retry holding both locks
                tx.put(new)
                self._undo.append(_Change(label, [(cur, new)]))
                return cur, new
        raise StoreError(f"annotation {full_id[:8]} no longer exists (deleted in another session?): nothing saved")

    def _locate(self, ann_id: str) -> str | None:
        """The shard holding ``ann_id`` now (fresh unlocked read), or None."""
        for name, (_key, docs) in list(self._cache.items()):
            if any(d["id"] == ann_id for d in self._read_shard(name)):
                return name
        for name in self._names():
            if any(d["id"] == ann_id for d in self._read_shard(name)):
                return name
        return None

    # ------------------------------------------------------------- read API
    def _view(self, d: dict) -> Annotation:
        return Annotation(d, loaded=d["id"] not in self.not_loaded)

    def get(self, ann_id: str) -> Annotation | None:
        try:
            return self._view(self._where(ann_id))
        except StoreError:
            return None

    def all(self) -> list[Annotation]:
        """Every annotation, by record then position."""
        return sorted((self._view(d) for d in self._all()), key=_order)

    def __len__(self) -> int:
        return len(self._all())

    def for_record(self, record_id: str) -> list[Annotation]:
        """The annotations currently anchored in (or orphaned from) a record, by position."""
        docs = self._read_shard(shard_name(record_id))
        return sorted((self._view(d) for d in docs if d["anchor"]["source"] == record_id), key=_order)

    def for_passage(self, passage_id: str) -> list[Annotation]:
        rid = passage_id.split(".", 1)[0]
        return [a for a in self.for_record(rid) if a.passage_id == passage_id]

    def notes(self, by: str = "record") -> list[Annotation]:
        """Annotations with a note, sorted by ``record`` (then position), ``tag`` or ``date`` (newest first)."""
        notes = [a for a in self.all() if a.note]
        if by == "date":
            return sorted(notes, key=lambda a: a.created, reverse=True)
        if by == "tag":
            return sorted(notes, key=lambda a: (sorted(t.casefold() for t in a.tags) or ["\uffff"], _order(a)))
        return notes

    def tags(self) -> dict[str, int]:
        """Tag → number of annotations carrying it, by tag name."""
        counts: dict[str, int] = {}
        for d in self._all():
            for t in d.get("tags") or []:
                counts[t] = counts.get(t, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: kv[0].casefold()))

    def _read_meta(self) -> dict:
        path = self.path / "meta.json"
        raw = read_json_file(path) or {}
        tags = raw.get("tags", {})
        if not isinstance(tags, dict) or not all(isinstance(d, dict) for d in tags.values()):
            raise CorruptFile(path, 'its "tags" table is not an object of objects')
        return raw

    def tag_colours(self) -> dict[str, str]:
        try:
            raw = self._read_meta()
        except CorruptFile as exc:
            self._corrupt["meta"] = exc
            return {}
        self._corrupt.pop("meta", None)
        return {d["name"]: d["colour"] for d in raw.get("tags", {}).values() if isinstance(d.get("name"), str) and isinstance(d.get("colour"), str)}

    def with_tag(self, tag: str) -> list[Annotation]:
        return [a for a in self.all() if tag in a.tags]

    def records_with_tag(self, tag: str) -> list[str]:
        """Record ids having at least one annotation with ``tag`` (sorted)."""
        return sorted({a.record_id for a in self.with_tag(tag)})

    def orphans(self) -> list[Annotation]:
        """Annotations that are not anchored: orphan, ambiguous, needing
        review, or whose record is not loaded (after ``reanchor_all``)."""
        return [a for a in self.all() if a.status in A.PROBLEM_STATUSES or a.status == A.NOT_LOADED]

    def tag_target(self, passage_id: str, span: tuple[int, int] | None = None, author: str | None = None) -> Annotation | None:
        """The annotation ``tag_passage`` would change (read without the lock:
        for showing the current tags)."""
        d = _tag_target([a.data for a in self.for_passage(passage_id)], passage_id, span, author or self.author)
        return self._view(d) if d else None

    # ------------------------------------------------------------ write API
    def add(
        self,
        record,
        passage=None,
        *,
        tags: Iterable[str] = (),
        note: str | None = None,
        span: tuple[int, int] | None = None,
        author: str | None = None,
    ) -> Annotation:
        """Annotate a passage of ``record`` (a Passage or passage id), or a
        ``span=(start, end)`` inside the passage text (offsets relative to the
        passage).  Without a passage, ``span`` is relative to ``Record.text``."""
        passage, start, end = _resolve_span(record, passage, span)
        doc = self._new_doc(record, passage, start, end, tags, note, author, whole=span is None and passage is not None)
        with self.transaction(record.id) as tx:
            tx.put(doc)
        self._undo.append(_Change("add", [(None, doc)]))
        return Annotation(doc)

    def add_many(self, items: Iterable[tuple], *, tags: Iterable[str] = (), note: str | None = None) -> list[Annotation]:
        """Annotate several ``(record, passage)`` pairs (or ``(record, passage,
        span)``) with the same tags/note in one go: one write per shard, one
        undo step."""
        tags = list(tags)
        docs = []
        for item in items:
            record, passage = item[0], item[1]
            span = item[2] if len(item) > 2 else None
            if passage is None:
                raise StoreError(f"record {record.id}: no passage given")
            passage, start, end = _resolve_span(record, passage, span)
            docs.append(self._new_doc(record, passage, start, end, tags, note, None, whole=span is None))
        done: list[dict] = []
        failed: list[str] = []
        by_shard: dict[str, list[dict]] = {}
        for d in docs:
            by_shard.setdefault(shard_name(d["anchor"]["source"]), []).append(d)
        for name, group in by_shard.items():
            try:
                with self.transaction(shards=[name]) as tx:
                    for d in group:
                        tx.put(d)
                done += group
            except StoreError as exc:
                failed.append(str(exc))
        if done:
            self._undo.append(_Change("add", [(None, d) for d in done]))
        if failed:
            raise StoreError(f"{len(docs) - len(done)} of {len(docs)} annotations not saved: {failed[0]}")
        return [Annotation(d) for d in done]

    def _make_doc(self, record, passage, span, tags, note) -> dict:
        s, e = span
        return self._new_doc(record, passage, passage.start + s, passage.start + e, tags, note, None, whole=False)

    def _new_doc(self, record, passage, start, end, tags, note, author, *, whole: bool) -> dict:
        text = record.text
        ts = now_iso()
        target = {
            "source": record.id,
            "passage": passage.id if passage else None,
            "text_hash": A.text_hash(text),
            "selector": A.make_selectors(text, start, end),
        }
        return {
            "id": str(uuid.uuid4()),
            "created": ts,
            "modified": ts,
            "author": author or self.author,
            "tags": _dedupe(clean_tag(t) for t in tags),
            "note": note if note and note.strip() else None,
            "whole_passage": whole,
            "target": target,
            "anchor": dict(target, status=A.ANCHORED, score=1.0, method="created", at=ts),
            "history": [],
            "record": _snapshot(record),
        }

    def update(
        self,
        ann_id: str,
        *,
        tags: Iterable[str] | None = None,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        note: str | None = _UNSET,
        if_note: str | None = _UNSET,
    ) -> Annotation:
        """Change tags and/or the note (``note=None`` removes it), on the
        annotation as stored NOW (another session's change is kept).
        ``if_note``: the note text the caller's editor started from; when the
        stored note differs (changed in another session meanwhile) and the new
        note would replace it, nothing is saved (StoreError): never overwrite
        a note nobody here has seen."""
        set_tags = None if tags is None else [clean_tag(t) for t in tags]
        add = [clean_tag(t) for t in add_tags]
        drop = {clean_tag(t) for t in remove_tags}

        def fn(doc: dict) -> dict:
            new_tags = list(doc.get("tags") or []) if set_tags is None else list(set_tags)
            doc["tags"] = _dedupe(t for t in new_tags + add if t not in drop)
            if note is not _UNSET:
                new_note = note if note and note.strip() else None
                if if_note is not _UNSET and (doc.get("note") or None) != (if_note or None) and new_note != doc.get("note"):
                    raise StoreError("the note was changed in another session since it was opened here: nothing saved "
                                     "(copy your text, close and reopen the note to see the other version)")
                doc["note"] = new_note
            return doc

        _before, after = self._mutate(ann_id, _touched(fn), "edit")
        return Annotation(after)

    def delete(self, ann_id: str) -> Annotation:
        """Delete one annotation; returns it (``undo()`` brings it back)."""
        before, _ = self._mutate(ann_id, lambda d: d, "delete", delete=True)
        return Annotation(before)

    def tag_passage(self, record, passage, *, add: Iterable[str] = (), remove: Iterable[str] = (),
                    set_tags: Iterable[str] | None = None, span: tuple[int, int] | None = None,
                    author: str | None = None) -> TagResult:
        """The tagging rule (``annotations.tagging``): CLI ``tag`` and the app's ``t``."""
        return tagging.tag_passage(self, record, passage, add=add, remove=remove, set_tags=set_tags, span=span, author=author)

    def untag_passage(self, passage_id: str, tags: Iterable[str]) -> int:
        """Remove tags from a passage's annotations (``annotations.tagging``); returns how many changed."""
        return tagging.untag_passage(self, passage_id, tags)

    def undo(self) -> str | None:
        """Revert the last change made through this store object; returns its
        label (``"add"``, ``"edit"``, ``"delete"``, ``"rename tag"`` …) or None.
        Refused (StoreError, nothing changed) when an annotation it touched
        was changed or deleted since, e.g. by another session."""
        if not self._undo:
            return None
        change = self._undo.pop()
        names = {shard_name(d["anchor"]["source"]) for pair in change.pairs for d in pair if d is not None}
        for chunk in _chunks(sorted(names), MAX_LOCKED):
            names_here = set(chunk)
            with self.transaction(shards=names_here) as tx:
                for before, after in change.pairs:
                    shard_of = {shard_name(d["anchor"]["source"]) for d in (before, after) if d is not None}
                    if not shard_of <= names_here:
                        continue
                    cur = tx.find((before or after)["id"])
                    if cur != after:
                        why = "deleted" if cur is None else ("re-created" if after is None else "changed")
                        raise StoreError(
                            f"cannot undo {change.label}: annotation {(before or after)['id'][:8]} was {why} "
                            f"since (in another session?); nothing undone"
                        )
                for before, after in change.pairs:
                    shard_of = {shard_name(d["anchor"]["source"]) for d in (before, after) if d is not None}
                    if not shard_of <= names_here:
                        continue
                    if before is None:
                        tx.remove(after["id"])
                    else:
                        tx.put(before)
        return change.label

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag everywhere; returns the number of annotations changed (undoable)."""
        return tagging.merge_tags(self, [old], new, label="rename tag")

    def merge_tags(self, sources: Iterable[str], target: str, *, label: str = "merge tags") -> int:
        """Merge tags into ``target`` everywhere (undoable); returns the number changed."""
        return tagging.merge_tags(self, sources, target, label=label)

    def delete_tag(self, tag: str) -> int:
        """Remove a tag from every annotation (annotations themselves are kept)."""
        return tagging.delete_tag(self, tag)

    def set_tag_colour(self, tag: str, colour: str | None) -> None:
        """Set (or with None clear) a tag's colour, e.g. ``"red"`` or ``"#ff8800"``."""
        tagging.set_tag_colour(self, tag, colour)

    def merge_docs(self, docs: list[dict], resolve=None) -> dict[str, tuple[str, dict | None]]:
        """Merge stored-shape annotations by id in locked transactions on fresh
        data (a W3C import's write; ``annotations.shards.merge_docs``)."""
        from annotations.shards import merge_docs, newer_wins

        return merge_docs(self, docs, resolve or newer_wins)

    # ------------------------------------------------------------ anchoring
    def confirm(self, ann_id: str) -> Annotation:
        """Accept a "review" anchor as correct (it becomes a manual anchor)."""
        return R.confirm(self, ann_id)

    def reattach(self, ann_id: str, record, passage=None, span: tuple[int, int] | None = None) -> Annotation:
        """Attach an annotation (usually an orphan) by hand to a passage or a span in it."""
        return R.reattach(self, ann_id, record, passage, span)

    def reanchor_all(self, corpus, *, save: bool = True) -> ReanchorReport:
        """Check every annotation against ``corpus`` and re-anchor where the
        text changed (``annotations.reanchor``).  Nothing is ever deleted."""
        return R.reanchor_all(self, corpus, save=save)

# ---------------------------------------------------------------- helpers
def _touched(fn: Callable[[dict], dict]) -> Callable[[dict], dict | None]:
    """fn, then a new ``modified`` stamp when it changed anything."""

    def wrapped(doc: dict) -> dict | None:
        before = copy.deepcopy(doc)
        new = fn(doc)
        if new is None or new == before:
            return None
        new["modified"] = now_iso()
        return new

    return wrapped


def _order(a: Annotation):
    return (a.record_id, a.start if a.start is not None else -1, a.created, a.id)
