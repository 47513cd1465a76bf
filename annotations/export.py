"""Export (W3C Web Annotation JSON-LD, CSV, Markdown) and import (W3C, merge by id).

W3C (``w3c``: one AnnotationCollection; ``w3c-jsonl``: one Annotation per
line): the conversion both ways is ``annotations.w3c`` (record IRIs as
targets, creator settings, shape checks of incoming items, anchoring of
other tools' annotations).  ``import_w3c`` merges the converted items into
the store.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Iterable

from annotations.anchor import OK_STATUSES, make_selectors, position_of, text_hash
from annotations.model import Annotation
from annotations.storage import StoreError

FORMATS = ("w3c", "w3c-jsonl", "csv", "markdown")

CSV_COLUMNS = ["created", "author", "record", "title", "quote", "note", "tags", "record id", "start", "end", "anchor status"]


# ------------------------------------------------------------------- W3C
# The conversion both ways lives in annotations.w3c (to_w3c / from_w3c, the
# shape checks of incoming items); the names stay importable from here.
from annotations.w3c import (  # noqa: E402
    CONTEXT,
    CreatorSettings,
    ShapeError,
    check_item,
    creator_settings,
    default_settings,
    export_w3c,
    export_w3c_jsonl,
    from_w3c,
    parse_items,
    placed_now,
    to_collection,
    to_w3c,
)


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line each: why
    orphaned: list[str] = field(default_factory=list)  # imported, not anchored: one line each, with the reason

    def summary(self) -> str:
        s = f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        if self.skipped:
            s += f", {len(self.skipped)} skipped"
        if self.orphaned:
            s += f" ({len(self.orphaned)} not anchored)"
        return s


def import_w3c(store, text: str, corpus=None, settings: CreatorSettings | None = None) -> ImportReport:
    """Merge annotations from W3C JSON (or JSON Lines) text into ``store`` by
    id: new ids are added, a newer ``modified`` replaces the stored one,
    nothing is duplicated.  Other tools' annotations are anchored in
    ``corpus`` (by their target's IRI) or kept as orphans with the reason.
    The write is the store's: under the locks of every shard involved, on
    data read inside them (``AnnotationStore.merge_docs``); an item whose
    converted shape the store would not trust is skipped, one line each."""
    from annotations.validate import problem

    try:
        items = parse_items(text)
    except (ValueError, RecursionError) as exc:
        raise StoreError(str(exc)) from None
    index = None
    if corpus is not None:
        from corpus.iri import IriIndex

        index = IriIndex.of(corpus)
    report = ImportReport()
    docs: list[dict] = []
    item_of: dict[str, int] = {}
    for n, item in enumerate(items, 1):
        try:
            doc = from_w3c(item, index=index, author=store.author, settings=settings)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            report.skipped.append(f"item {n}: {exc}")
            continue
        why = problem(doc)
        if why is not None:  # never stored, never trusted
            report.skipped.append(f"item {n}: wrong shape: {why}")
            continue
        docs.append(doc)
        item_of[doc["id"]] = n

    def resolve(old: dict | None, doc: dict) -> dict | None:
        """What to store for ``doc`` given the FRESH stored copy (None: keep it)."""
        if old is None:
            return doc
        if old == doc:
            return None
        if (old.get("modified") or "") >= (doc.get("modified") or ""):
            return placed_now(old, doc)  # an orphan only for want of its record, now loaded; else ours stays
        return doc

    for ann_id, (outcome, doc) in store.merge_docs(docs, resolve).items():
        n = item_of.get(ann_id)
        if outcome in ("added", "updated"):
            (report.added if outcome == "added" else report.updated).append(ann_id)
            if doc["anchor"].get("status") not in OK_STATUSES:
                report.orphaned.append(f"item {n} ({ann_id}): {doc['anchor'].get('status')}: {doc['anchor'].get('method') or 'not anchored'}")
        elif outcome == "unchanged":
            report.unchanged.append(ann_id)
        else:
            report.skipped.append(f"item {n}: {outcome}")
    return report


# ------------------------------------------------------------------- CSV
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(v: str) -> str:
    """A text cell a spreadsheet shows as text: one starting like a formula
    (= + - @, tab, CR) gets a leading apostrophe (OWASP's CSV-injection rule)."""
    return "'" + v if v.startswith(_FORMULA_START) else v


def _author(a: Annotation, settings: CreatorSettings | None) -> str:
    """Who wrote it, as exports may say: the user's own notes by the display
    name they set (else nothing), never their login name; others' as stored."""
    s = settings or default_settings()
    if s.login is not None and a.author == s.login:
        return s.name or ""
    return a.author or ""


def export_csv(annotations: Iterable[Annotation], corpus=None, settings: CreatorSettings | None = None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for a in sorted(annotations, key=lambda a: (a.created, a.id)):
        w.writerow(
            [
                a.created,
                _cell(_author(a, settings)),
                _cell(_record_label(a, corpus)),
                _cell(_title(a, corpus) or ""),
                _cell(a.quote),
                _cell(a.note or ""),
                _cell("; ".join(a.tags)),
                _cell(a.record_id),
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
def export_markdown(annotations: Iterable[Annotation], corpus=None, settings: CreatorSettings | None = None) -> str:
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
            who = _author(a, settings)
            lines.append(f"— {who + ', ' if who else ''}{a.created[:10]}")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _one_line(s: str) -> str:
    return " ".join(s.split())


def export(annotations: Iterable[Annotation], fmt: str, corpus=None, settings: CreatorSettings | None = None) -> str:
    """``corpus`` gives W3C targets their records' IRIs (public URLs), CSV and
    Markdown their metadata; ``settings`` the W3C creator (default: none)."""
    if fmt == "w3c":
        return export_w3c(annotations, corpus, settings)
    if fmt == "w3c-jsonl":
        return export_w3c_jsonl(annotations, corpus, settings)
    if fmt == "csv":
        return export_csv(annotations, corpus, settings)
    if fmt == "markdown":
        return export_markdown(annotations, corpus, settings)
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")


__all__ = [
    "export",
    "export_w3c",
    "export_w3c_jsonl",
    "creator_settings",
    "CreatorSettings",
    "check_item",
    "parse_items",
    "ShapeError",
    "CONTEXT",
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
