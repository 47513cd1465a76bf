"""Re-anchoring: find each stored annotation again in a (changed) corpus.

``reanchor(doc, corpus)`` computes the new anchor object of one annotation
(never deleting anything: what cannot be found becomes an orphan);
``reanchor_all(store, corpus)`` checks every annotation, then saves only the
changed anchors, each in one locked read-modify-write on FRESH data: an
annotation deleted meanwhile stays deleted, one whose anchor another session
changed meanwhile keeps that session's anchor, and tags/notes edited
meanwhile are kept (only ``anchor``, ``history`` and ``record`` change).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from annotations import anchor as A
from annotations.model import Annotation
from annotations.shards import shard_name
from annotations.storage import StoreError


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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
        if self.not_loaded:
            parts.append(f"{len(self.not_loaded)} {A.NOT_LOADED}")
        return ", ".join(parts) or "no annotations"


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


def reanchor_all(store, corpus, *, save: bool = True) -> ReanchorReport:
    """Check every annotation of ``store`` against ``corpus`` and re-anchor
    where the text changed (see the module doc)."""
    report = ReanchorReport()
    pending: list[tuple[dict, dict, dict | None]] = []  # (before, new anchor, new record snapshot)
    ctx = _Ctx(corpus)
    for before in store._all():
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
        rec = corpus.record(new_anchor["source"])
        pending.append((before, new_anchor, _snapshot(rec) if rec is not None else None))
    store.not_loaded = set(report.not_loaded)
    if save and pending:
        failed = _save_anchors(store, pending)
        report.errors.extend(f"{i}: {msg}" for i, msg in failed.items())
    return report


# ------------------------------------------------ by hand, and saving results
def confirm(store, ann_id: str) -> Annotation:
    """Accept a "review" anchor as correct (it becomes a manual anchor)."""

    def fn(doc):
        st = doc["anchor"].get("status")
        if st != A.REVIEW:
            raise StoreError(f"annotation {ann_id} does not need review (status {st})")
        ts = now_iso()
        doc["history"] = list(doc.get("history") or []) + [doc["anchor"]]
        doc["anchor"] = dict(doc["anchor"], status=A.MANUAL, method="confirmed by hand", at=ts)
        doc["modified"] = ts
        return doc

    return Annotation(store._mutate(ann_id, fn, "confirm")[1])


def reattach(store, ann_id: str, record, passage=None, span: tuple[int, int] | None = None) -> Annotation:
    """Attach an annotation (usually an orphan) by hand to a passage or a
    span in it (offsets relative to the passage).  The original target and
    the anchor history are kept."""
    if isinstance(passage, str):
        passage = record.passage(passage)
        if passage is None:
            raise StoreError(f"record {record.id} has no such passage")
    base, length = (passage.start, len(passage.text)) if passage else (0, len(record.text))
    s, e = span if span else (0, length)
    if not (0 <= s < e <= length):
        raise StoreError(f"span {s}:{e} is outside the passage (length {length})")
    new_anchor = _anchor_for(record, base + s, base + e, A.MANUAL, 1.0, "by hand", passage)

    def fn(doc):
        doc["history"] = list(doc.get("history") or []) + [doc["anchor"]]
        doc["anchor"] = new_anchor
        doc["whole_passage"] = span is None and passage is not None
        doc["record"] = _snapshot(record)
        doc["modified"] = now_iso()
        return doc

    after = store._mutate(ann_id, fn, "reattach")[1]
    store.not_loaded.discard(after["id"])
    return Annotation(after)


def _save_anchors(store, pending: list[tuple[dict, dict, dict | None]]) -> dict[str, str]:
    """Save re-anchoring results computed from ``before`` snapshots: each
    applied to the fresh doc under the lock, only if its anchor is still
    the one it was computed from.  Returns {id: error}."""
    failed: dict[str, str] = {}
    groups: dict[tuple[str, ...], list] = {}
    for item in pending:
        before, new_anchor, _snap = item
        key = tuple(sorted({shard_name(before["anchor"]["source"]), shard_name(new_anchor["source"])}))
        groups.setdefault(key, []).append(item)
    for key, items in groups.items():
        try:
            with store.transaction(shards=key) as tx:
                for before, new_anchor, snap in items:
                    cur = tx.find(before["id"])
                    if cur is None or cur["anchor"] != before["anchor"]:
                        continue  # deleted, or re-anchored by someone else meanwhile: theirs stands
                    cur["history"] = list(cur.get("history") or []) + [cur["anchor"]]
                    cur["anchor"] = new_anchor
                    if snap is not None:
                        cur["record"] = snap
                    tx.put(cur)
        except StoreError as exc:
            failed.update({b["id"]: str(exc) for b, _a, _s in items})
    return failed


def _resolve_span(record, passage, span):
    """(passage, start, end) in Record.text for a passage (object or id) and an optional span in it."""
    if passage is not None and isinstance(passage, str):
        p = record.passage(passage)
        if p is None:
            raise StoreError(f"record {record.id} has no passage {passage!r}")
        passage = p
    base, length = (passage.start, len(passage.text)) if passage is not None else (0, len(record.text))
    if span is None:
        s, e = 0, length
    else:
        s, e = int(span[0]), int(span[1])
        if not (0 <= s < e <= length):
            raise StoreError(f"span {s}:{e} is outside the passage (length {length})")
    start, end = base + s, base + e
    if passage is None:
        passage = _passage_at(record, start)
    return passage, start, end
