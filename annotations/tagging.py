"""The tagging rule (CLI ``tag``/``untag``, the app's ``t``) and the tag manager.

``tag_passage`` puts tags on the author's own annotation of exactly that
target (the whole passage, or a span in it): one without a note first, else
the one with the note (oldest first); when there is none it makes a new
tag annotation; an annotation left with neither tag nor note is deleted.
``untag_passage`` removes tags from every annotation on a passage.  Each is
ONE read-modify-write under the shard lock, on fresh data (so four sessions
tagging the same new passage at once make one annotation with every tag).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable, Iterable

from annotations import anchor as A
from annotations.model import Annotation, clean_tag
from annotations.reanchor import _resolve_span, now_iso
from annotations.shards import _Change, _dedupe
from annotations.storage import CorruptFile, StoreError, atomic_write_json, shard_lock


@dataclass
class TagResult:
    """What ``tag_passage`` did: ``action`` is add, edit, delete or unchanged."""

    annotation: Annotation | None
    action: str


def tag_passage(
    store,
    record,
    passage,
    *,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    set_tags: Iterable[str] | None = None,
    span: tuple[int, int] | None = None,
    author: str | None = None,
) -> TagResult:
    """THE tagging rule (the CLI's ``tag`` and the app's ``t``), one locked
    read-modify-write: tags go on the author's own annotation of exactly
    that target — the whole passage, or ``span`` inside it — preferring
    one without a note, else the one with the note (the oldest first); when
    there is none, a new tag annotation is made.  ``set_tags`` replaces the
    tags, ``add``/``remove`` change them; an annotation left with no tag
    and no note is deleted.  Undoable (one step)."""
    passage, start, end = _resolve_span(record, passage, span)
    author = author or store.author
    add_l = [clean_tag(t) for t in add]
    drop = {clean_tag(t) for t in remove}
    set_l = None if set_tags is None else [clean_tag(t) for t in set_tags]
    with store.transaction(record.id) as tx:
        cur = _tag_target(tx.docs(record.id), passage.id, None if span is None else (start, end), author)
        base = (list(cur.get("tags") or []) if cur else []) if set_l is None else set_l
        tags = _dedupe(t for t in base + add_l if t not in drop)
        if cur is None:
            if not tags:
                return TagResult(None, "unchanged")
            doc = store._new_doc(record, passage, start, end, tags, None, author, whole=span is None)
            tx.put(doc)
            store._undo.append(_Change("add", [(None, doc)]))
            return TagResult(Annotation(doc), "add")
        if tags == (cur.get("tags") or []):
            return TagResult(store._view(cur), "unchanged")
        if not tags and not cur.get("note"):
            tx.remove(cur["id"])
            store._undo.append(_Change("delete", [(cur, None)]))
            return TagResult(None, "delete")
        doc = copy.deepcopy(cur)
        doc["tags"] = tags
        doc["modified"] = now_iso()
        tx.put(doc)
        store._undo.append(_Change("edit", [(cur, doc)]))
        return TagResult(Annotation(doc), "edit")

def untag_passage(store, passage_id: str, tags: Iterable[str]) -> int:
    """Remove ``tags`` from every annotation on a passage (any author);
    tag-only annotations left with no tag are deleted.  One locked
    read-modify-write, one undo step; returns how many changed."""
    drop = {clean_tag(t) for t in tags}
    rid = passage_id.split(".", 1)[0]
    pairs: list[tuple[dict | None, dict | None]] = []
    with store.transaction(rid) as tx:
        for cur in tx.docs(rid):
            if cur["anchor"].get("passage") != passage_id or not drop & set(cur.get("tags") or []):
                continue
            left = [t for t in cur["tags"] if t not in drop]
            if not left and not cur.get("note"):
                tx.remove(cur["id"])
                pairs.append((cur, None))
            else:
                doc = dict(copy.deepcopy(cur), tags=left, modified=now_iso())
                tx.put(doc)
                pairs.append((cur, doc))
    if pairs:
        store._undo.append(_Change("untag", pairs))
    return len(pairs)

def _tag_target(docs: list[dict], passage_id: str, span: tuple[int, int] | None, author: str) -> dict | None:
    """The tagging rule's target among ``docs`` (see ``tag_passage``)."""
    mine = []
    for d in docs:
        a = d["anchor"]
        if a.get("passage") != passage_id or (d.get("author") or "") != author:
            continue
        if a.get("status") in (A.ORPHAN, A.AMBIGUOUS):
            continue
        if span is None:
            if not d.get("whole_passage"):
                continue
        elif d.get("whole_passage") or A.position_of(a.get("selector") or []) != tuple(span):
            continue
        mine.append(d)
    mine.sort(key=lambda d: (bool(d.get("note")), d.get("created") or "", d["id"]))
    return mine[0] if mine else None


# ------------------------------------------------------------ tag manager
def _bulk(store, label: str, fn: Callable[[dict], dict | None]) -> int:
    """Apply ``fn`` to every annotation, shard by shard, each shard one
    locked read-modify-write on fresh data; one undo step."""
    done: list[tuple[dict | None, dict | None]] = []
    failed: list[str] = []
    ts = now_iso()
    store._all()  # fresh look: damaged shards have nothing to change (and are read-only)
    for name in [n for n in store._names() if n not in store._corrupt]:
        try:
            with store.transaction(shards=[name]) as tx:
                for before in tx.docs():
                    doc = fn(copy.deepcopy(before))
                    if doc is not None and doc != before:
                        doc["modified"] = ts
                        tx.put(doc)
                        done.append((before, doc))
        except StoreError as exc:
            failed.append(str(exc))
    if done:
        store._undo.append(_Change(label, done))
    if failed:
        raise StoreError(f"{len(failed)} store file(s) not changed: {failed[0]}")
    return len(done)

def merge_tags(store, sources: Iterable[str], target: str, *, label: str = "merge tags") -> int:
    src = {clean_tag(s) for s in sources}
    target = clean_tag(target)

    def fn(doc):
        tags = doc.get("tags") or []
        if not src & set(tags):
            return None
        doc["tags"] = _dedupe(target if t in src else t for t in tags)
        return doc

    n = _bulk(store, label, fn)
    colours = store.tag_colours()
    if target not in colours:
        for s in src:
            if s in colours:
                set_tag_colour(store, target, colours[s])
                break
    return n

def delete_tag(store, tag: str) -> int:
    """Remove a tag from every annotation (annotations themselves are kept)."""
    tag = clean_tag(tag)

    def fn(doc):
        if tag not in (doc.get("tags") or []):
            return None
        doc["tags"] = [t for t in doc["tags"] if t != tag]
        return doc

    return _bulk(store, "delete tag", fn)

def set_tag_colour(store, tag: str, colour: str | None) -> None:
    """Set (or with None clear) a tag's colour, e.g. ``"red"`` or ``"#ff8800"``."""
    tag = clean_tag(tag)
    if store.read_only_reason:
        raise StoreError(store.read_only_reason)
    path = store.path / "meta.json"
    with shard_lock(path):
        try:
            raw = store._read_meta()
        except CorruptFile as exc:
            store._corrupt["meta"] = exc
            raise StoreError(str(exc)) from None
        table = raw.setdefault("tags", {})
        keys = [k for k, d in table.items() if d.get("name") == tag]
        for k in keys:
            del table[k]
        if colour is not None:
            n = max((int(k) for k in table if k.isdigit()), default=0) + 1
            table[str(n)] = {"name": tag, "colour": str(colour)}
        try:
            atomic_write_json(path, raw)
        except OSError as exc:
            raise StoreError(f"cannot save {path}: {exc.strerror or exc}") from None
