"""Hansard-style citations for records (copyable text)."""

from __future__ import annotations

from datetime import date as _date

from corpus.model import Record


def _long_date(iso: str | None) -> str:
    if not iso:
        return "date unknown"
    try:
        d = _date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B %Y')}"


def cite(record: Record) -> str:
    """E.g. 'HL Deb, 21 October 2024, written answer, HL1234 — Title. URL'.

    Unknown parts are said to be unknown rather than left out silently.
    """
    house = {"Commons": "HC", "Lords": "HL"}.get(record.house or "", None)
    prefix = f"{house} Deb" if house else "House unknown"
    kind = record.kind or "record"
    if kind == "written question":
        when = record.date_answered or record.date_asked
        kind = "written answer" if record.date_answered else "written question"
    else:
        when = record.date
    parts = [prefix, _long_date(when), kind]
    if record.volume:
        parts.append(f"vol {record.volume}")
    if record.uin:
        parts.append(record.uin)
    text = ", ".join(parts)
    if record.title:
        text += f" — {record.title}"
    people = [p for p in (record.asked_by, record.answered_by) if p]
    if people:
        text += f" ({'; '.join(people)})"
    if record.url:
        text += f". {record.url}"
    return text
