"""The reader's metadata header: its rows, and their compact form for narrow terminals.

Unknown values are shown as unknown, inferred and noted values are marked.

Plain strings go through ``printable`` into ``rich.text.Text``: never markup.
"""

from __future__ import annotations

from rich.text import Text

from corpus.model import Record
from corpus.safe_text import printable

# (label, value or None, note or None) rows of the header
HeaderRow = tuple[str, str | None, str | None]


def header_rows(record: Record, inferred: dict[str, tuple[str, str]] | None = None) -> list[HeaderRow]:
    """The metadata header: unknowns shown as unknown, inferred values marked."""
    inferred = inferred or {}

    def row(label: str, field: str) -> HeaderRow:
        value = getattr(record, field)
        note = record.field_notes.get(field)
        if value is None and field in inferred:
            value, source = inferred[field]
            note = f"inferred from {source}"
        return (label, None if value is None else str(value), note)

    def person(field: str) -> str | None:
        name = getattr(record, field)
        if name is None:
            return None
        party = getattr(record, f"{field}_party")
        return f"{name} ({party})" if party else name

    rows: list[HeaderRow] = [row("Kind", "kind"), row("House", "house")]
    q_like = record.kind in ("written question", "written answer")
    if q_like:
        rows.append(row("Asked", "date_asked"))
        rows.append(row("Answered", "date_answered"))
        rows.append(("Asked by", person("asked_by"), record.field_notes.get("asked_by")))
    else:
        rows.append(row("Date", "date"))
    by = person("answered_by")
    if by is None and "answered_by" in inferred:
        by, src = inferred["answered_by"]
        rows.append(("Answered by" if q_like else "By", by, f"inferred from {src}"))
    else:
        rows.append(("Answered by" if q_like else "By", by, record.field_notes.get("answered_by")))
    if record.answered_by_role:
        rows.append(row("Role", "answered_by_role"))
    rows.append(row("Department", "department"))
    for label, field in (("Volume", "volume"), ("UIN", "uin"), ("Source", "source"), ("Licence", "licence")):
        if getattr(record, field) is not None or field in ("source",):
            rows.append(row(label, field))
    if record.extra.get("date_as_given") and record.date is None:
        rows.append(("Date as given", str(record.extra["date_as_given"]), "year not stated"))
    from corpus.marks import record_marks

    rows.extend(record_marks(record))  # corrected / holding / cut-short answers (corpus.marks)
    return rows


# header rows the compact header shows even when unknown (the rest only when known)
ALWAYS_SHOWN = ("Answered", "Date")
# header rows drawn in the warning style in both headers: the text is not what it seems at first sight
WARNING_LABELS = ("Corrected answer", "Original answer", "Holding answer", "Truncated", "Answer text")


def compact_header(rows: list[HeaderRow], width: int) -> list[Text]:
    """The metadata in a few lines: ``Label: value`` pairs joined by `` · ``,
    packed into lines of ``width`` so a pair breaks only when longer than a
    line.  Known values, plus "Answered" / "Date" when unknown; noted or
    inferred values carry a ``*`` (``H`` shows the full header with notes)."""
    pairs: list[Text] = []
    for label, value, note in rows:
        if value is None and label not in ALWAYS_SHOWN:
            continue
        t = Text(f"{label}: ", style="bold reverse" if label in WARNING_LABELS else "bold")
        if value is None:
            t.append("unknown", style="italic dim")
        else:
            t.append(printable(value))
        if note:
            t.append("*", style="bold")
        pairs.append(t)
    lines: list[Text] = []
    line = Text()
    for pair in pairs:
        if line and line.cell_len + 3 + pair.cell_len > width:
            lines.append(line)
            line = Text()
        if line:
            line.append(" · ", style="dim")
        line.append_text(pair)
    if line:
        lines.append(line)
    return lines
