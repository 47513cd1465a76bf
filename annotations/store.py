"""AnnotationStore: tags and notes on disk, never silently lost.

Layout under the store directory (files 0600, directories 0700)::

    shards/<3 hex>.json        tinydb file: annotations of records whose
                               sha1(record id) starts with those 3 hex digits
    shards/<3 hex>.json.lock   cross-process lock (filelock)
    shards/backups/<3 hex>.json.<n>   the previous 3 versions of each shard
    meta.json                  tinydb file: tag colours

One write touches one small shard file (about 1/4096 of the store), written
atomically and durably by ``SafeJSONStorage`` under that shard's lock.  Reads
are fresh (a changed file is re-read, so two sessions see each other's
changes).  A shard that cannot be parsed is reported in ``problems``, kept
byte-identical, and becomes read-only; the rest of the store works.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

from tinydb import Query, TinyDB
from tinydb.table import Document

from annotations import anchor as A
from annotations.model import Annotation, clean_tag
from annotations.storage import (
    CorruptFile,
    SafeJSONStorage,
    StoreError,
    clean_stale_temps,
    ensure_dir,
    shard_lock,
)

TABLE = "annotations"
SHARD_DIGITS = 3
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


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def shard_name(record_id: str) -> str:
    return hashlib.sha1(record_id.encode("utf-8")).hexdigest()[:SHARD_DIGITS]


@dataclass
class ReanchorReport:
    """What ``reanchor_all`` did: annotation ids per resulting status."""

    by_status: dict[str, list[str]] = field(default_factory=dict)
    moved_record: list[str] = field(default_factory=list)  # found in another record
    not_loaded: list[str] = field(default_factory=list)  # record and its file not in the corpus: untouched
    errors: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return len(self.by_status.get(status, []))

    def summary(self) -> str:
        parts = [f"{len(v)} {k}" for k, v in sorted(self.by_status.items())]
        return ", ".join(parts) or "no annotations"


@dataclass
class _Change:
    label: str
    pairs: list[tuple[dict | None, dict | None]]  # (before, after) per annotation


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
        self._undo: list[_Change] = []
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
        ``problems`` is complete (about 0.5 s per 10k annotations); with
        ``scan=False`` shards are read when first needed (call ``scan()``
        from a worker)."""
        store = cls(path, author=author)
        if scan:
            store.scan()
        return store

    def scan(self) -> list[str]:
        """Read every shard (fresh); returns ``problems``."""
        self._all()
        return self.problems

    # ------------------------------------------------------------------ files
    @property
    def problems(self) -> list[str]:
        """One line per problem (damaged shard, read-only store)."""
        out = [str(e) for e in self._corrupt.values()] + list(self._malformed.values())
        if self.read_only_reason:
            out.insert(0, self.read_only_reason)
        return out

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def _shard_path(self, name: str) -> Path:
        return self.shard_dir / f"{name}.json"

    def _read_shard(self, name: str) -> list[dict]:
        path = self._shard_path(name)
        try:
            st = path.stat()
        except FileNotFoundError:
            self._cache.pop(name, None)
            self._corrupt.pop(name, None)
            return []
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        hit = self._cache.get(name)
        if hit and hit[0] == key:
            return hit[1]
        try:
            raw = SafeJSONStorage(path).read() or {}
        except CorruptFile as exc:
            self._corrupt[name] = exc
            self._cache[name] = (key, [])
            return []
        self._corrupt.pop(name, None)
        table = raw.get(TABLE) or {}
        if not isinstance(table, dict):
            table = {}
        docs = [d for d in table.values() if _well_formed(d)]
        bad = len(table) - len(docs)
        if bad:
            self._malformed[name] = f"{path}: {bad} malformed annotation(s) not shown (kept in the file)"
        else:
            self._malformed.pop(name, None)
        self._cache[name] = (key, docs)
        return docs

    def _all(self) -> list[dict]:
        try:
            names = sorted(e.name[:-5] for e in os.scandir(self.shard_dir) if e.name.endswith(".json") and not e.name.startswith("."))
        except OSError:
            names = []
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

    def _check_writable(self, name: str, record_id: str) -> None:
        if self.read_only_reason:
            raise StoreError(self.read_only_reason)
        path = self._shard_path(name)
        if name in self._corrupt:  # known damaged; a newly damaged file is caught by the read under the lock
            raise StoreError(
                f"cannot save the annotation for record {record_id}: its store file {path} is damaged "
                f"({self._corrupt[name].reason}); it is kept untouched and this part of the store is read-only"
            )

    def _modify(self, record_id: str, fn: Callable[[Any], None]) -> None:
        name = shard_name(record_id)
        self._check_writable(name, record_id)
        path = self._shard_path(name)
        with shard_lock(path):
            db = TinyDB(path, storage=SafeJSONStorage)
            try:
                fn(db.table(TABLE, cache_size=0))
            except CorruptFile as exc:
                self._corrupt[name] = exc
                raise StoreError(str(exc)) from None
            finally:
                db.close()

    def _put(self, doc: dict, previous: dict | None = None) -> None:
        """Insert or replace ``doc`` (by id); remove it from its old shard if it moved."""
        rid = doc["anchor"]["source"]

        def put(table):
            q = Query().id == doc["id"]
            if table.contains(q):
                table.update(_replace_with(doc), q)
            else:
                table.insert(doc)

        self._modify(rid, put)
        if previous is not None:
            old_rid = previous["anchor"]["source"]
            if shard_name(old_rid) != shard_name(rid):
                self._remove(old_rid, doc["id"])

    def _put_many(self, pairs: list[tuple[dict, dict | None]]) -> dict[str, str]:
        """Write many (doc, previous) at once: one or two writes per shard.
        Returns {annotation id: error message} for those that could not be saved."""
        failed: dict[str, str] = {}
        by_shard: dict[str, list[dict]] = {}
        for doc, _prev in pairs:
            by_shard.setdefault(shard_name(doc["anchor"]["source"]), []).append(doc)
        for docs in by_shard.values():

            def fn(table, docs=docs):
                have = {d.get("id") for d in table.all()}
                upd = [(_replace_with(d), Query().id == d["id"]) for d in docs if d["id"] in have]
                new = [d for d in docs if d["id"] not in have]
                if upd:
                    table.update_multiple(upd)
                if new:
                    table.insert_multiple(new)

            try:
                self._modify(docs[0]["anchor"]["source"], fn)
            except StoreError as exc:
                failed.update({d["id"]: str(exc) for d in docs})
        old_shards: dict[str, tuple[str, list[str]]] = {}
        for doc, prev in pairs:
            if prev is None or doc["id"] in failed:
                continue
            old_rid = prev["anchor"]["source"]
            if shard_name(old_rid) != shard_name(doc["anchor"]["source"]):
                old_shards.setdefault(shard_name(old_rid), (old_rid, []))[1].append(doc["id"])
        for old_rid, ids in old_shards.values():
            try:
                self._modify(old_rid, lambda t, ids=ids: t.remove(Query().id.one_of(ids)))
            except StoreError:
                pass  # the copy in the new shard wins on reading (newer "modified")
        return failed

    def _remove(self, record_id: str, ann_id: str) -> None:
        self._modify(record_id, lambda t: t.remove(Query().id == ann_id))

    def _get_doc(self, ann_id: str) -> dict:
        # Fast path: the shard where this session last saw it (read fresh).
        for name, (_key, docs) in list(self._cache.items()):
            if any(d["id"] == ann_id for d in docs):
                for d in self._read_shard(name):
                    if d["id"] == ann_id:
                        return d
                break
        for d in self._all():
            if d["id"] == ann_id or (len(ann_id) >= 8 and d["id"].startswith(ann_id)):
                return d
        hint = f" ({len(self._corrupt)} damaged store file(s) cannot be read; it may be in one)" if self._corrupt else ""
        raise StoreError(f"no annotation with id {ann_id!r}{hint}")

    # ------------------------------------------------------------- read API
    def get(self, ann_id: str) -> Annotation | None:
        try:
            return Annotation(self._get_doc(ann_id))
        except StoreError:
            return None

    def all(self) -> list[Annotation]:
        """Every annotation, by record then position."""
        docs = self._all()
        return sorted((Annotation(d) for d in docs), key=_order)

    def __len__(self) -> int:
        return len(self._all())

    def for_record(self, record_id: str) -> list[Annotation]:
        """The annotations currently anchored in (or orphaned from) a record, by position."""
        docs = self._read_shard(shard_name(record_id))
        return sorted((Annotation(d) for d in docs if d["anchor"]["source"] == record_id), key=_order)

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

    def tag_colours(self) -> dict[str, str]:
        try:
            raw = SafeJSONStorage(self.path / "meta.json").read() or {}
        except CorruptFile as exc:
            self._corrupt["meta"] = exc
            return {}
        return {d["name"]: d["colour"] for d in (raw.get("tags") or {}).values() if "name" in d}

    def with_tag(self, tag: str) -> list[Annotation]:
        return [a for a in self.all() if tag in a.tags]

    def records_with_tag(self, tag: str) -> list[str]:
        """Record ids having at least one annotation with ``tag`` (sorted)."""
        return sorted({a.record_id for a in self.with_tag(tag)})

    def orphans(self) -> list[Annotation]:
        """Annotations that are not anchored: orphan, ambiguous or needing review."""
        return [a for a in self.all() if a.status in A.PROBLEM_STATUSES]

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
        text = record.text
        if passage is not None and isinstance(passage, str):
            p = record.passage(passage)
            if p is None:
                raise StoreError(f"record {record.id} has no passage {passage!r}")
            passage = p
        if passage is not None:
            base, length = passage.start, len(passage.text)
        else:
            base, length = 0, len(text)
        if span is None:
            s, e = 0, length
        else:
            s, e = int(span[0]), int(span[1])
            if not (0 <= s < e <= length):
                raise StoreError(f"span {s}:{e} is outside the passage (length {length})")
        start, end = base + s, base + e
        if passage is None:
            passage = _passage_at(record, start)
        doc = self._new_doc(record, passage, start, end, tags, note, author, whole=span is None and passage is not None)
        # A random tinydb doc id (identity is the uuid) saves tinydb a read.
        self._modify(record.id, lambda table: table.insert(Document(doc, doc_id=uuid.UUID(doc["id"]).int >> 70)))
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
            if isinstance(passage, str):
                passage = record.passage(passage)
                if passage is None:
                    raise StoreError(f"record {record.id} has no passage {item[1]!r}")
            length = len(passage.text)
            s, e = span if span else (0, length)
            if not (0 <= s < e <= length):
                raise StoreError(f"span {s}:{e} is outside the passage (length {length})")
            docs.append(self._new_doc(record, passage, passage.start + s, passage.start + e, tags, note, None, whole=span is None))
        failed = self._put_many([(d, None) for d in docs])
        done = [d for d in docs if d["id"] not in failed]
        if done:
            self._undo.append(_Change("add", [(None, d) for d in done]))
        if failed:
            raise StoreError(f"{len(failed)} of {len(docs)} annotations not saved: {next(iter(failed.values()))}")
        return [Annotation(d) for d in done]

    def _make_doc(self, record, passage, span, tags, note) -> dict:
        s, e = span
        return self._new_doc(record, passage, passage.start + s, passage.start + e, tags, note, None, whole=False)

    def _new_doc(self, record, passage, start, end, tags, note, author, *, whole: bool) -> dict:
        text = record.text
        tag_list = _dedupe(clean_tag(t) for t in tags)
        note = note if note and note.strip() else None
        ts = now_iso()
        target = {
            "source": record.id,
            "passage": passage.id if passage else None,
            "text_hash": A.text_hash(text),
            "selector": A.make_selectors(text, start, end),
        }
        doc = {
            "id": str(uuid.uuid4()),
            "created": ts,
            "modified": ts,
            "author": author or self.author,
            "tags": tag_list,
            "note": note,
            "whole_passage": whole,
            "target": target,
            "anchor": dict(target, status=A.ANCHORED, score=1.0, method="created", at=ts),
            "history": [],
            "record": _snapshot(record),
        }
        return doc

    def update(
        self,
        ann_id: str,
        *,
        tags: Iterable[str] | None = None,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        note: str | None = _UNSET,
    ) -> Annotation:
        """Change tags and/or the note (``note=None`` removes it)."""
        before = self._get_doc(ann_id)
        doc = _copy(before)
        new_tags = list(doc.get("tags") or []) if tags is None else [clean_tag(t) for t in tags]
        new_tags += [clean_tag(t) for t in add_tags]
        drop = {clean_tag(t) for t in remove_tags}
        doc["tags"] = _dedupe(t for t in new_tags if t not in drop)
        if note is not _UNSET:
            doc["note"] = note if note and note.strip() else None
        if doc == before:
            return Annotation(doc)
        doc["modified"] = now_iso()
        self._put(doc, before)
        self._undo.append(_Change("edit", [(before, doc)]))
        return Annotation(doc)

    def delete(self, ann_id: str) -> Annotation:
        """Delete one annotation; returns it (``undo()`` brings it back)."""
        before = self._get_doc(ann_id)
        self._remove(before["anchor"]["source"], before["id"])
        self._undo.append(_Change("delete", [(before, None)]))
        return Annotation(before)

    def undo(self) -> str | None:
        """Revert the last change made through this store object; returns its
        label (``"add"``, ``"edit"``, ``"delete"``, ``"rename tag"`` …) or None."""
        if not self._undo:
            return None
        change = self._undo.pop()
        restore = []
        for before, after in reversed(change.pairs):
            if before is None and after is not None:
                self._remove(after["anchor"]["source"], after["id"])
            elif before is not None:
                restore.append((before, after))
        failed = self._put_many(restore)
        if failed:
            raise StoreError(f"could not undo {change.label}: {next(iter(failed.values()))}")
        return change.label

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def _bulk(self, label: str, fn: Callable[[dict], dict | None]) -> int:
        pairs = []
        ts = now_iso()
        for before in self._all():
            doc = fn(_copy(before))
            if doc is not None and doc != before:
                doc["modified"] = ts
                pairs.append((before, doc))
        failed = self._put_many([(doc, before) for before, doc in pairs])
        done = [(b, d) for b, d in pairs if d["id"] not in failed]
        if done:
            self._undo.append(_Change(label, done))
        if failed:
            raise StoreError(f"{len(failed)} annotation(s) not changed: {next(iter(failed.values()))}")
        return len(done)

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag everywhere; returns the number of annotations changed."""
        return self.merge_tags([old], new, label="rename tag")

    def merge_tags(self, sources: Iterable[str], target: str, *, label: str = "merge tags") -> int:
        src = {clean_tag(s) for s in sources}
        target = clean_tag(target)

        def fn(doc):
            tags = doc.get("tags") or []
            if not src & set(tags):
                return None
            doc["tags"] = _dedupe(target if t in src else t for t in tags)
            return doc

        n = self._bulk(label, fn)
        colours = self.tag_colours()
        if target not in colours:
            for s in src:
                if s in colours:
                    self.set_tag_colour(target, colours[s])
                    break
        return n

    def delete_tag(self, tag: str) -> int:
        """Remove a tag from every annotation (annotations themselves are kept)."""
        tag = clean_tag(tag)

        def fn(doc):
            if tag not in (doc.get("tags") or []):
                return None
            doc["tags"] = [t for t in doc["tags"] if t != tag]
            return doc

        return self._bulk("delete tag", fn)

    def set_tag_colour(self, tag: str, colour: str | None) -> None:
        """Set (or with None clear) a tag's colour, e.g. ``"red"`` or ``"#ff8800"``."""
        tag = clean_tag(tag)
        if self.read_only_reason:
            raise StoreError(self.read_only_reason)
        path = self.path / "meta.json"
        with shard_lock(path):
            db = TinyDB(path, storage=SafeJSONStorage)
            try:
                t = db.table("tags", cache_size=0)
                q = Query().name == tag
                if colour is None:
                    t.remove(q)
                else:
                    t.upsert({"name": tag, "colour": str(colour)}, q)
            except CorruptFile as exc:
                raise StoreError(str(exc)) from None
            finally:
                db.close()

    # ------------------------------------------------------------ anchoring
    def confirm(self, ann_id: str) -> Annotation:
        """Accept a "review" anchor as correct (it becomes a manual anchor)."""
        before = self._get_doc(ann_id)
        if before["anchor"].get("status") != A.REVIEW:
            raise StoreError(f"annotation {ann_id} does not need review (status {before['anchor'].get('status')})")
        doc = _copy(before)
        doc["history"] = list(doc.get("history") or []) + [before["anchor"]]
        doc["anchor"] = dict(before["anchor"], status=A.MANUAL, method="confirmed by hand", at=now_iso())
        doc["modified"] = now_iso()
        self._put(doc, before)
        self._undo.append(_Change("confirm", [(before, doc)]))
        return Annotation(doc)

    def reattach(self, ann_id: str, record, passage=None, span: tuple[int, int] | None = None) -> Annotation:
        """Attach an annotation (usually an orphan) by hand to a passage or a
        span in it (offsets relative to the passage).  The original target and
        the anchor history are kept."""
        before = self._get_doc(ann_id)
        if isinstance(passage, str):
            passage = record.passage(passage)
            if passage is None:
                raise StoreError(f"record {record.id} has no such passage")
        base, length = (passage.start, len(passage.text)) if passage else (0, len(record.text))
        s, e = span if span else (0, length)
        if not (0 <= s < e <= length):
            raise StoreError(f"span {s}:{e} is outside the passage (length {length})")
        doc = _copy(before)
        doc["history"] = list(doc.get("history") or []) + [before["anchor"]]
        doc["anchor"] = _anchor_for(record, base + s, base + e, A.MANUAL, 1.0, "by hand", passage)
        doc["whole_passage"] = span is None and passage is not None
        doc["record"] = _snapshot(record)
        doc["modified"] = now_iso()
        self._put(doc, before)
        self._undo.append(_Change("reattach", [(before, doc)]))
        return Annotation(doc)

    def reanchor_all(self, corpus, *, save: bool = True) -> ReanchorReport:
        """Check every annotation against ``corpus`` and re-anchor where the
        text changed.  Saves only annotations whose anchor changed.  Nothing is
        ever deleted: unanchorable annotations become orphans."""
        report = ReanchorReport()
        pending: list[tuple[dict, dict]] = []
        ctx = _Ctx(corpus)
        for before in self._all():
            try:
                new_anchor, moved = reanchor(before, corpus, ctx)
            except Exception as exc:  # never lose the run over one annotation
                report.errors.append(f"{before['id']}: {type(exc).__name__}: {exc}")
                continue
            if new_anchor is None:
                report.not_loaded.append(before["id"])
                continue
            status = new_anchor["status"]
            report.by_status.setdefault(status, []).append(before["id"])
            if moved:
                report.moved_record.append(before["id"])
            if _same_anchor(before["anchor"], new_anchor):
                continue
            doc = _copy(before)
            doc["history"] = list(doc.get("history") or []) + [before["anchor"]]
            doc["anchor"] = new_anchor
            rec = corpus.record(new_anchor["source"])
            if rec is not None:
                doc["record"] = _snapshot(rec)
            pending.append((doc, before))
        if save and pending:
            failed = self._put_many(pending)
            report.errors.extend(f"{i}: {msg}" for i, msg in failed.items())
        return report


# ---------------------------------------------------------------- helpers
def _replace_with(doc: dict):
    def transform(d):
        d.clear()
        d.update(_copy(doc))

    return transform


def _copy(d: dict) -> dict:
    import copy

    return copy.deepcopy(d)


def _well_formed(d: Any) -> bool:
    try:
        return (
            isinstance(d, dict)
            and isinstance(d["id"], str)
            and isinstance(d["target"]["source"], str)
            and isinstance(d["target"]["selector"], list)
            and isinstance(d["anchor"]["source"], str)
            and isinstance(d.get("tags") or [], list)
        )
    except (KeyError, TypeError):
        return False


def _freshness(d: dict) -> tuple[str, str]:
    return (d.get("modified") or "", (d.get("anchor") or {}).get("at") or "")


def _dedupe(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for t in items:
        if t not in out:
            out.append(t)
    return out


def _order(a: Annotation):
    return (a.record_id, a.start if a.start is not None else -1, a.created, a.id)


def _snapshot(record) -> dict[str, Any]:
    return {
        "title": record.title,
        "date": record.sort_date or None,
        "source_file": record.source_file,
        "kind": record.kind,
    }


def _passage_at(record, offset: int):
    for p in record.passages:
        if p.start <= offset < p.end + 2:
            return p
    return None


def _anchor_for(record, start: int, end: int, status: str, score: float, method: str, passage=None) -> dict:
    text = record.text
    passage = passage or _passage_at(record, start)
    return {
        "source": record.id,
        "passage": passage.id if passage else None,
        "text_hash": A.text_hash(text),
        "selector": A.make_selectors(text, start, end),
        "status": status,
        "score": round(score, 4),
        "method": method,
        "at": now_iso(),
    }


def _same_anchor(a: dict, b: dict) -> bool:
    keys = ("source", "passage", "text_hash", "selector", "status")
    return all(a.get(k) == b.get(k) for k in keys)


def _snap_to_passage(record, start: int, end: int):
    """The passage that is (nearly) the span [start, end), else None."""
    length = end - start
    for p in record.passages:
        ov = min(end, p.end) - max(start, p.start)
        if ov >= 0.9 * length and ov >= 0.9 * len(p.text):
            return p
    return None


def _trusted_selectors(doc: dict) -> list[dict]:
    """Selectors of the latest anchor a person can trust (not a review guess)."""
    for a in [doc["anchor"]] + list(reversed(doc.get("history") or [])):
        if a.get("status", A.ANCHORED) in A.OK_STATUSES and a.get("selector"):
            return a["selector"]
    return doc["target"]["selector"]


def _match_in(doc: dict, record) -> A.Match:
    selectors = _trusted_selectors(doc)
    m = A.locate(selectors, record.text)
    if not m.found and selectors != doc["target"]["selector"]:
        m2 = A.locate(doc["target"]["selector"], record.text)
        if m2.found or m2.status == A.AMBIGUOUS:
            m = m2
    return m


def loaded_files(corpus) -> set[str]:
    return {os.path.abspath(r.source_file) for r in corpus.records if r.source_file}


class _Ctx:
    """Per-run caches for re-anchoring many annotations against one corpus."""

    def __init__(self, corpus):
        self.corpus = corpus
        self.files = loaded_files(corpus)
        self._hash: dict[str, str] = {}
        self._by_hash: dict[str, list] | None = None

    def hash(self, record) -> str:
        h = self._hash.get(record.id)
        if h is None:
            h = self._hash[record.id] = A.text_hash(record.text)
        return h

    def with_hash(self, hashes) -> list:
        if self._by_hash is None:
            self._by_hash = {}
            for r in self.corpus.records:
                self._by_hash.setdefault(self.hash(r), []).append(r)
        out = []
        for h in hashes:
            out += self._by_hash.get(h, []) if h else []
        return out


def reanchor(doc: dict, corpus, ctx: "_Ctx | None" = None) -> tuple[dict | None, bool]:
    """The new anchor object for a stored annotation against ``corpus``, and
    whether it was found in a different record than before.  ``None`` when
    the annotation's record and its source file are not in ``corpus`` (not
    loaded: nothing to check)."""
    ctx = ctx or _Ctx(corpus)
    current = doc["anchor"]
    rid = current["source"]
    record = corpus.record(rid)
    moved = False
    if (
        record is not None
        and ctx.hash(record) == current.get("text_hash")
        and current.get("status") != A.ORPHAN
    ):
        # Unchanged text: nothing to do.  A review/ambiguous result stays so
        # until a person confirms or re-attaches it.
        return current, False
    if record is None:
        # The record id changed (text-hashed ids change with the text):
        # look for the same text, then the best quote match in records of
        # the same source file or title.
        snap = doc.get("record") or {}
        want = {current.get("text_hash"), doc["target"].get("text_hash")}
        same_text = list({r.id: r for r in ctx.with_hash(want)}.values())
        if len(same_text) == 1:
            record, moved = same_text[0], True
        else:
            pool = same_text or [
                r
                for r in corpus.records
                if (snap.get("source_file") and r.source_file == snap.get("source_file"))
                or (snap.get("title") and r.title == snap.get("title"))
            ]
            scored = []
            for r in pool:
                m = _match_in(doc, r)
                if m.found:
                    scored.append((m.score, r, m))
            scored.sort(key=lambda x: -x[0])
            if len(scored) > 1 and scored[0][0] - scored[1][0] < A.TIE_MARGIN:
                out = dict(current, status=A.AMBIGUOUS, score=round(scored[0][0], 4), method="several records match", at=now_iso())
                return out, False
            if not scored:
                sf = snap.get("source_file")
                if not same_text and sf and os.path.abspath(sf) not in ctx.files:
                    return None, False  # its file is simply not loaded: leave it alone
                if current.get("status") == A.ORPHAN:
                    return current, False
                out = dict(current, status=A.ORPHAN, score=0.0, method="record not in corpus", at=now_iso())
                return out, False
            record, moved = scored[0][1], True
    m = _match_in(doc, record)
    if not m.found:
        if current.get("status") == m.status and current.get("source") == record.id:
            return current, moved
        out = dict(current, status=m.status, score=round(m.score, 4), method=m.method, at=now_iso())
        return out, moved
    start, end = m.start, m.end
    passage = None
    if doc.get("whole_passage"):
        passage = _snap_to_passage(record, start, end)
        if passage is not None:
            start, end = passage.start, passage.end
    status = m.status
    if status == A.ANCHORED and (moved or ctx.hash(record) != current.get("text_hash")):
        status = A.REANCHORED
    return _anchor_for(record, start, end, status, m.score, m.method, passage), moved
