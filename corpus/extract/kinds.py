"""Kind and house from the page's own words; inferred values say so in field_notes."""

from __future__ import annotations

import re
from typing import Any

from corpus.extract import fields as F
from corpus.extract import vocab as V

NOTE_LORDS = "inferred: Lords written questions are put to His Majesty’s Government"
NOTE_COMMONS = "inferred: Commons written questions are addressed to a minister ('To ask the Secretary of State …')"
NOTE_HL_UIN = "inferred: the question number starts 'HL', the Lords' numbering"
NOTE_WS_UIN = "inferred: the statement number's prefix ('HCWS' Commons, 'HLWS' Lords)"
NOTE_MY_LORDS = "inferred: the speech addresses 'My Lords'"
NOTE_WESTMINSTER_HALL = "inferred: Westminster Hall sittings are sittings of the House of Commons"
NOTE_KIND_TO_ASK = "inferred: the text is put as a written question ('To ask …')"
NOTE_KIND_TURNS = "inferred: speeches in turns, one record per speech"
NOTE_KIND_SPOKEN = "inferred: several 'My Lords, …' replies follow the question: an oral exchange, not a written answer"
NOTE_KIND_MADE_BY = "inferred: a record 'made by' a member with no question is a statement"
_MY_LORDS = re.compile(r"^My Lords\b")


def note(meta: dict[str, Any], field: str, text: str) -> None:
    meta.setdefault("field_notes", {})[field] = text


def set_inferred(meta: dict[str, Any], field: str, value: Any, why: str) -> None:
    """Set an inferred value (with its note) unless the page stated one."""
    if meta.get(field) is None:
        meta[field] = value
        note(meta, field, why)


def house_from_question(text: str, meta: dict[str, Any]) -> None:
    if meta.get("house"):
        return
    q = F.question_start(text)
    if q and q.get("lords"):
        set_inferred(meta, "house", "Lords", NOTE_LORDS)
    elif F.TO_ASK_MINISTER.match(text[q["body_start"]:] if q else text):
        set_inferred(meta, "house", "Commons", NOTE_COMMONS)


def house_from_uin(uin: str | None, meta: dict[str, Any]) -> None:
    if not uin or meta.get("house"):
        return
    u = uin.upper()
    if u.startswith("HLWS"):
        set_inferred(meta, "house", "Lords", NOTE_WS_UIN)
    elif u.startswith("HCWS"):
        set_inferred(meta, "house", "Commons", NOTE_WS_UIN)
    elif u.startswith("HL"):
        set_inferred(meta, "house", "Lords", NOTE_HL_UIN)


def house_from_speech(texts: list[str], meta: dict[str, Any]) -> None:
    if not meta.get("house") and texts and _MY_LORDS.match(texts[0]):
        set_inferred(meta, "house", "Lords", NOTE_MY_LORDS)


def department_from_question(text: str, meta: dict[str, Any]) -> None:
    if meta.get("department"):
        return
    q = F.question_start(text)
    found = V.sos_department(text[q["body_start"]:] if q else text)
    if found:
        meta["department"] = found[1]
        note(meta, "department", f"inferred from 'Secretary of State for {found[0]}'")


def statement_note(source: str | None) -> str:
    where = "a Hansard page" if source == "Hansard" else "a page"
    return f"inferred: {where} with no speaker turns that addresses the House as a statement"
