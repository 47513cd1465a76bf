"""Export (W3C Web Annotation JSON-LD, CSV, Markdown) and import (W3C, merge by id).

W3C: an ``AnnotationCollection`` whose ``first`` page holds every
``Annotation``.  Each has ``motivation`` (commenting when there is a note,
else tagging, else highlighting), ``TextualBody`` bodies (``purpose``
``tagging`` per tag, ``commenting`` for the note), a ``target`` with
``source`` = record id and the original ``TextQuoteSelector`` +
``TextPositionSelector``, and everything else parlread needs (current anchor,
history, passage id, text hash) under the ``parlread`` key, so export →
import → export is lossless.  Annotations from other W3C tools import too
(tags and note from their bodies, selectors from the target).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Iterable

from annotations.anchor import make_selectors, position_of, quote_of, text_hash
from annotations.model import Annotation, clean_tag
from annotations.storage import StoreError

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
URN = "urn:uuid:"
FORMATS = ("w3c", "csv", "markdown")

CSV_COLUMNS = ["created", "author", "record", "title", "quote", "note", "tags", "record id", "start", "end", "anchor status"]


# ------------------------------------------------------------------- W3C
def to_w3c(a: Annotation) -> dict[str, Any]:
    d = a.data
    body: list[dict[str, Any]] = [{"type": "TextualBody", "value": t, "purpose": "tagging"} for t in a.tags]
    if a.note:
        body.append({"type": "TextualBody", "value": a.note, "purpose": "commenting", "format": "text/plain"})
    out: dict[str, Any] = {
        "id": URN + a.id,
        "type": "Annotation",
        "motivation": a.motivation,
        "created": a.created,
        "modified": a.modified,
        "creator": {"type": "Person", "nickname": a.author},
    }
    if body:
        out["body"] = body
    out["target"] = {"source": d["target"]["source"], "selector": d["target"]["selector"]}
    out["parlread"] = {
        k: d[k] for k in ("target", "anchor", "history", "whole_passage", "record") if k in d
    }
    return out


def to_collection(annotations: Iterable[Annotation]) -> dict[str, Any]:
    items = [to_w3c(a) for a in sorted(annotations, key=lambda a: (a.created, a.id))]
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "parlread annotations",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def export_w3c(annotations: Iterable[Annotation]) -> str:
    return json.dumps(to_collection(annotations), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def from_w3c(obj: dict[str, Any]) -> dict[str, Any]:
    """A stored annotation object from one W3C Annotation (ValueError if unusable)."""
    if not isinstance(obj, dict) or obj.get("type") not in ("Annotation", "oa:Annotation"):
        raise ValueError("not a W3C Annotation")
    raw_id = str(obj.get("id") or "")
    ann_id = raw_id[len(URN) :] if raw_id.startswith(URN) else raw_id
    if not ann_id:
        ann_id = str(uuid.uuid4())
    bodies = obj.get("body") or []
    if isinstance(bodies, dict):
        bodies = [bodies]
    tags: list[str] = []
    notes: list[str] = []
    for b in bodies:
        if not isinstance(b, dict):
            continue
        value = b.get("value")
        if not isinstance(value, str):
            continue
        purpose = b.get("purpose")
        if purpose == "tagging" or (purpose is None and obj.get("motivation") == "tagging"):
            try:
                t = clean_tag(value)
            except ValueError:
                continue
            if t not in tags:
                tags.append(t)
        else:
            notes.append(value)
    creator = obj.get("creator")
    if isinstance(creator, dict):
        author = creator.get("nickname") or creator.get("name") or ""
    else:
        author = str(creator or "")
    extra = obj.get("parlread") if isinstance(obj.get("parlread"), dict) else {}
    target = extra.get("target")
    if not target:
        t = obj.get("target")
        if isinstance(t, list):
            t = t[0] if t else None
        if not isinstance(t, dict) or not t.get("source"):
            raise ValueError("annotation has no target source")
        if not isinstance(t["source"], str):
            raise ValueError("annotation target source is not a string")
        sel = t.get("selector") or []
        sel = [sel] if isinstance(sel, dict) else list(sel)
        if not quote_of(sel).get("exact"):
            raise ValueError("annotation target has no TextQuoteSelector")
        target = {"source": str(t["source"]), "passage": None, "text_hash": None, "selector": sel}
    doc = {
        "id": ann_id,
        "created": obj.get("created") or "",
        "modified": obj.get("modified") or obj.get("created") or "",
        "author": author,
        "tags": tags,
        "note": "\n\n".join(notes) if notes else None,
        "whole_passage": bool(extra.get("whole_passage", False)),
        "target": target,
        "anchor": extra.get("anchor") or dict(target, status="orphan" if not target.get("text_hash") else "anchored", score=0.0, method="imported", at=obj.get("created") or ""),
        "history": list(extra.get("history") or []),
        "record": extra.get("record") or {"title": None, "date": None, "source_file": None, "kind": None},
    }
    return doc


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line each: why

    def summary(self) -> str:
        s = f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        if self.skipped:
            s += f", {len(self.skipped)} skipped"
        return s


def _items(obj: Any) -> list[Any]:
    if isinstance(obj, list):
        return obj
    if not isinstance(obj, dict):
        raise ValueError("expected a JSON object or array")
    t = obj.get("type")
    if t in ("Annotation", "oa:Annotation"):
        return [obj]
    if t == "AnnotationPage":
        return list(obj.get("items") or [])
    if t == "AnnotationCollection":
        items: list[Any] = []
        page = obj.get("first")
        while isinstance(page, dict):
            items.extend(page.get("items") or [])
            page = page.get("next") if isinstance(page.get("next"), dict) else None
        return items
    raise ValueError(f"not a W3C annotation file (type {t!r})")


def import_w3c(store, text: str) -> ImportReport:
    """Merge annotations from W3C JSON text into ``store`` by id: new ids are
    added, a newer ``modified`` replaces the stored one, nothing is duplicated."""
    from annotations.storage import loads_bounded
    from annotations.validate import problem

    try:
        obj = loads_bounded(text)
    except ValueError as exc:
        raise StoreError(f"not valid JSON: {exc}") from None
    try:
        items = _items(obj)
    except ValueError as exc:
        raise StoreError(str(exc)) from None
    report = ImportReport()
    docs: list[dict] = []
    for n, item in enumerate(items, 1):
        try:
            doc = from_w3c(item)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            report.skipped.append(f"item {n}: {exc}")
            continue
        why = problem(doc)
        if why is not None:  # never stored, never trusted
            report.skipped.append(f"item {n}: wrong shape: {why}")
            continue
        docs.append(doc)
    # the store's write: one locked read-modify-write on fresh shards, merged by id
    for ann_id, outcome in store.merge_docs(docs).items():
        if outcome == "added":
            report.added.append(ann_id)
        elif outcome == "updated":
            report.updated.append(ann_id)
        elif outcome == "unchanged":
            report.unchanged.append(ann_id)
        else:
            report.skipped.append(f"{ann_id}: {outcome}")
    return report


# ------------------------------------------------------------------- CSV
def export_csv(annotations: Iterable[Annotation], corpus=None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for a in sorted(annotations, key=lambda a: (a.created, a.id)):
        w.writerow(
            [
                a.created,
                a.author,
                _record_label(a, corpus),
                _title(a, corpus) or "",
                a.quote,
                a.note or "",
                "; ".join(a.tags),
                a.record_id,
                "" if a.start is None else a.start,
                "" if a.end is None else a.end,
                a.status,
            ]
        )
    return buf.getvalue()


def _title(a: Annotation, corpus) -> str | None:
    rec = corpus.record(a.record_id) if corpus is not None else None
    return (rec.title if rec is not None else None) or a.title


def _record_label(a: Annotation, corpus) -> str:
    rec = corpus.record(a.record_id) if corpus is not None else None
    parts = []
    if rec is not None:
        parts = [p for p in (rec.kind, rec.house, rec.sort_date, rec.uin) if p]
    elif a.data.get("record"):
        r = a.data["record"]
        parts = [p for p in (r.get("kind"), r.get("date")) if p]
    return ", ".join(parts)


# -------------------------------------------------------------- Markdown
def export_markdown(annotations: Iterable[Annotation], corpus=None) -> str:
    """Grouped by record (corpus order when a corpus is given, else date), in
    reading order inside each record."""
    anns = list(annotations)
    order: dict[str, int] = {}
    if corpus is not None:
        order = {r.id: i for i, r in enumerate(corpus.records)}
    groups: dict[str, list[Annotation]] = {}
    for a in anns:
        groups.setdefault(a.record_id, []).append(a)

    def gkey(rid: str):
        a0 = groups[rid][0]
        return (order.get(rid, len(order)), a0.date or "", _title(a0, corpus) or "", rid)

    lines = ["# Annotations", ""]
    for rid in sorted(groups, key=gkey):
        items = sorted(groups[rid], key=lambda a: (a.start if a.start is not None else 10**12, a.created))
        a0 = items[0]
        title = _title(a0, corpus) or "(untitled)"
        lines.append(f"## {_one_line(title)}")
        lines.append("")
        rec = corpus.record(rid) if corpus is not None else None
        date = (rec.sort_date if rec is not None else None) or a0.date or "date unknown"
        meta = [f"Date: {date}", f"Record: `{rid}`"]
        if rec is not None and rec.url:
            meta.append(f"<{rec.url}>")
        lines.append(" · ".join(meta))
        lines.append("")
        for a in items:
            if a.status != "anchored" and a.status != "reanchored" and a.status != "manual":
                lines.append(f"*Anchor: {a.status}*")
                lines.append("")
            for ql in (a.quote or "").split("\n"):
                lines.append(f"> {ql}" if ql else ">")
            lines.append("")
            if a.note:
                lines.append(a.note)
                lines.append("")
            if a.tags:
                lines.append("Tags: " + ", ".join(f"`{t}`" for t in a.tags))
                lines.append("")
            lines.append(f"— {a.author}, {a.created[:10]}")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _one_line(s: str) -> str:
    return " ".join(s.split())


def export(annotations: Iterable[Annotation], fmt: str, corpus=None) -> str:
    if fmt == "w3c":
        return export_w3c(annotations)
    if fmt == "csv":
        return export_csv(annotations, corpus)
    if fmt == "markdown":
        return export_markdown(annotations, corpus)
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")


__all__ = [
    "export",
    "export_w3c",
    "export_csv",
    "export_markdown",
    "import_w3c",
    "to_w3c",
    "from_w3c",
    "to_collection",
    "ImportReport",
    "FORMATS",
    "make_selectors",
    "position_of",
    "text_hash",
]
