"""Hansard-style citations for records (copyable text).

One form per kind, every unknown said in words rather than left out:

* written answer: ``HL Deb, 21 October 2024, written answer, HL1234``
  (with ``vol 742`` and ``col 12W`` when the record has them); a question
  without an answer is cited by its date tabled:
  ``HC, written question, tabled 1 December 2023, 5678, not answered in this copy``;
  an answer without a date: ``HC Deb, answer date unknown (tabled 1 December 2023), written answer, 5678``
* written statement: ``HC Deb, 18 December 2023, vol 742, written statement HCWS123``
* debate speech: ``HC Deb, 27 October 2009, col 45WH`` (``col unknown`` when the
  source gives no column).  Lords written answers and statements use the
  Lords column prefixes: ``col WA115``, ``col WS12``.

then `` — Title``, the people and the URL:
``… — Schools: Heating (asked by Ann Able; answered by Min One). https://…``
"""

from __future__ import annotations

from datetime import date as _date

from corpus.model import DEBATE, WRITTEN_ANSWER, WRITTEN_QUESTION, WRITTEN_STATEMENT, Record

_HOUSE = {"Commons": "HC", "Lords": "HL"}


def _long_date(iso: str | None) -> str:
    if not iso:
        return "date unknown"
    try:
        d = _date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B %Y')}"


def _column(record: Record) -> str | None:
    """``col 12W`` (Commons) / ``col WA115`` (Lords) from a TheyWorkForYou column number.

    A column that already carries its series letters (``353W``, ``7WS``) is kept as given.
    """
    col = str(record.extra.get("colnum") or "").strip()
    if not col:
        return None
    if not col.isdigit():
        return f"col {col}"
    gid = str(record.extra.get("gid") or "")
    series = "wrans" if "/wrans/" in gid else "wms" if "/wms/" in gid else "westminhall" if "/westminhall/" in gid else ""
    if record.house == "Lords":
        prefix = {"wrans": "WA", "wms": "WS"}.get(series, "")
        return f"col {prefix}{col}"
    suffix = {"wrans": "W", "wms": "WS", "westminhall": "WH"}.get(series, "")
    return f"col {col}{suffix}"


def _when(iso: str | None, record: Record) -> str:
    text = _long_date(iso)
    given = record.extra.get("date_as_given")
    if not iso and given:
        text += f" (given as '{given}')"
    return text


def citation_head(record: Record) -> str:
    """The reference part: house, date, volume, column, kind and number."""
    house = _HOUSE.get(record.house or "")
    deb = f"{house} Deb" if house else "House unknown"
    kind = record.kind
    vol = f"vol {record.volume}" if record.volume else None
    col = _column(record)
    uin = record.uin or "UIN unknown"
    if kind in (WRITTEN_QUESTION, WRITTEN_ANSWER):
        if record.date_answered:
            parts = [deb, _when(record.date_answered, record), vol, col, "written answer", uin]
        elif any(p.role == "answer" for p in record.passages):
            tabled = f" (tabled {_long_date(record.date_asked)})" if record.date_asked else ""
            parts = [deb, f"answer date unknown{tabled}", vol, col, "written answer", uin]
        else:
            parts = [house or "House unknown", "written question", f"tabled {_when(record.date_asked, record)}", uin, "not answered in this copy"]
    elif kind == WRITTEN_STATEMENT:
        parts = [deb, _when(record.date, record), vol, col, f"written statement {record.uin}" if record.uin else "written statement, UIN unknown"]
    elif kind == DEBATE:
        parts = [deb, _when(record.date, record), vol, col or "col unknown"]
    else:
        parts = [deb, _when(record.sort_date or None, record), vol, col, "kind unknown" if kind is None else kind]
        if record.uin:
            parts.append(record.uin)
    return ", ".join(p for p in parts if p)


def _people(record: Record) -> str | None:
    if record.kind in (WRITTEN_QUESTION, WRITTEN_ANSWER):
        asked = record.asked_by or "unknown"
        if record.date_answered or any(p.role == "answer" for p in record.passages):
            return f"asked by {asked}; answered by {record.answered_by or 'unknown'}"
        return f"asked by {asked}"
    if record.answered_by:
        return record.answered_by
    return "speaker unknown" if record.kind in (DEBATE, WRITTEN_STATEMENT) else None


def cite(record: Record) -> str:
    """E.g. 'HL Deb, 21 October 2024, written answer, HL1234 — Title (asked by …; answered by …). URL'.

    Unknown parts are said to be unknown rather than left out silently.
    """
    text = citation_head(record)
    if record.title:
        text += f" — {record.title}"
    people = _people(record)
    if people:
        text += f" ({people})"
    if record.url:
        text += f". {record.url}"
    return text
