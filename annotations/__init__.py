"""Tags and notes on passages, anchored so they survive text changes, never lost.

Public API (no Textual here)::

    from annotations import AnnotationStore, Annotation, StoreError

    store = AnnotationStore.open(path=None, scan=True)  # --store DIR / $PARLREAD_STORE / platformdirs
    store.scan()          -> list[str]        # read all shards (~0.5 s per 10k annotations: use a worker)
    store.problems        -> list[str]        # damaged shards, read-only store (show them!)
    store.read_only       -> bool

    # annotate (passage: Passage or passage id; span: (start, end) inside the passage text)
    a = store.add(record, passage, tags=("policy",), note="check this", span=None) -> Annotation
    store.add_many([(record, passage[, span]), ...], tags=(), note=None) -> list[Annotation]  # one undo step
    store.update(a.id, tags=None, add_tags=(), remove_tags=(), note=<unchanged>)  -> Annotation
    store.delete(a.id)    -> Annotation (the deleted one)
    store.tag_passage(record, passage, add=(), remove=(), set_tags=None, span=None) -> TagResult
                          # THE tagging rule (CLI tag, app t); .annotation, .action
    store.untag_passage(passage_id, tags) -> int
    store.undo()          -> str | None       # label of the reverted change; store.can_undo
                          # refused (StoreError) when the annotation changed since

    # every mutation is ONE read-modify-write under the shard lock(s), on data
    # read inside the lock; an update/delete of a deleted annotation fails.
    with store.transaction(record_id, ...) as tx:   # tx.find(id), tx.docs(rid), tx.put(doc), tx.remove(id)
        ...
    store.confirm(a.id)   -> Annotation       # accept a "review" anchor

    # read
    store.get(id) / store.all() / store.for_record(record_id) / store.for_passage(passage_id)
    store.notes(by="record" | "tag" | "date") -> list[Annotation]
    store.orphans()       -> list[Annotation]  # status orphan / ambiguous / review
    store.records_with_tag(tag) -> list[str];  store.with_tag(tag) -> list[Annotation]

    # tag manager (each returns the number of annotations changed; undoable)
    store.tags() -> dict[str, int];  store.tag_colours() -> dict[str, str]
    store.rename_tag(old, new); store.merge_tags([a, b], into); store.delete_tag(tag)
    store.set_tag_colour(tag, "red" | "#rrggbb" | None)

    # anchoring
    report = store.reanchor_all(corpus)  -> ReanchorReport (.by_status, .count(status), .summary(), .not_loaded)
                          # afterwards annotations whose record is not loaded show status "record not loaded"
    store.reattach(id, record, passage=None, span=None) -> Annotation   # orphan → by hand

    # export / import (annotations.export; the W3C conversion is annotations.w3c)
    export(store.all(), "w3c" | "w3c-jsonl" | "csv" | "markdown", corpus=None, settings=None) -> str
    import_w3c(store, text, corpus=None, settings=None) -> ImportReport (.added, .updated, .unchanged, .skipped, .orphaned)
                          # items of the wrong shape skipped one line each; the write is
                          # store.merge_docs(docs, resolve): locked, fresh, merged by id, never duplicated

``Annotation`` properties: ``id``, ``record_id``, ``passage_id``, ``start``,
``end`` (offsets in ``Record.text``; None for orphan/ambiguous — draw margin
markers only where ``located``), ``quote``, ``original_quote``, ``tags``,
``note``, ``author``, ``created``, ``modified``, ``status`` (anchored,
reanchored, manual, review, ambiguous, orphan), ``anchored``, ``located``, ``title``,
``date``, ``target`` (original W3C target, never rewritten), ``history``,
``to_dict()``.  Write errors raise ``StoreError`` with a one-line message.
"""

from annotations.anchor import AMBIGUOUS, ANCHORED, MANUAL, ORPHAN, REANCHORED, REVIEW, STATUSES
from annotations.model import Annotation, clean_tag
from annotations.storage import CorruptFile, SafeJSONStorage, StoreError
from annotations.store import AnnotationStore, ReanchorReport, default_store_dir

Note = Annotation
Tag = str

__all__ = [
    "AnnotationStore",
    "Annotation",
    "Note",
    "Tag",
    "ReanchorReport",
    "StoreError",
    "CorruptFile",
    "SafeJSONStorage",
    "default_store_dir",
    "clean_tag",
    "STATUSES",
    "ANCHORED",
    "REANCHORED",
    "MANUAL",
    "REVIEW",
    "AMBIGUOUS",
    "ORPHAN",
]
