"""Reading one labelled field, a page-wide sentence, a date or a person into a record's metadata.

Shared by the page builder (``corpus.extract.page``): a label's value may stand
inline or on the following line(s) ("Answered by" / name / role); dates keep
the text as given when they are not full dates; expanded abbreviations keep the
original in ``extra``.
"""

from __future__ import annotations

import re
from typing import Any

from corpus.dates import find_date
from corpus.extract import fields as F
from corpus.extract import speakers as S
from corpus.extract import vocab as V
from corpus.extract import kinds
from corpus.extract.segment import Line, date_in

NOTE_SAVED_ROLE = "the role shown when the page was saved, not necessarily at the time of the answer"
_NUMBERED = re.compile(r"(?:^|\s)(?P<n>\d{1,2})\)\s*(?P<t>.+?)(?=\s+(?:and\s+)?\d{1,2}\)|$)")
_DATE_SUFFIX = re.compile(r"\s+[-–—|]\s+(?P<date>[^-–—|]{3,40})$")


def set_date(meta: dict[str, Any], field: str, text: str | None, *, keep: bool = True) -> bool:
    if not text or (keep and meta.get(field) is not None):
        return False
    dm = date_in(text)
    if dm is None:
        return False
    meta[field] = dm.iso
    if dm.iso is None:
        meta.setdefault("extra", {})[f"{field}_as_given"] = dm.raw
        kinds.note(meta, field, f"the source gives {dm.raw!r}: {dm.note}")
    return True


def set_person(meta: dict[str, Any], info: dict[str, Any], side: str, *, role_note: str | None = None) -> None:
    if info.get("name"):
        meta[side] = info["name"]
    if info.get("party"):
        meta[f"{side}_party"] = info["party"]
        if info.get("party_given"):
            meta.setdefault("extra", {})[f"{side}_party_as_given"] = info["party_given"]
            kinds.note(meta, f"{side}_party", f"expanded from {info['party_given']!r}")
    if info.get("role"):
        meta[f"{side}_role"] = info["role"]
        if role_note:
            kinds.note(meta, f"{side}_role", role_note)
    if info.get("seat"):
        meta.setdefault("extra", {})[f"{side}_seat"] = info["seat"]
    if info.get("department") and not meta.get("department"):
        meta["department"] = info["department"]
        if info.get("department_given"):
            meta.setdefault("extra", {})["department_as_given"] = info["department_given"]
            kinds.note(meta, "department", f"expanded from {info['department_given']!r}")
    if info.get("holding_as_given"):
        meta.setdefault("extra", {})["holding_answer_as_given"] = info["holding_as_given"]
        hd = find_date(info["holding_as_given"])  # "[holding answer 14 September 2009]": a full date is read; no year stays as given
        if hd and hd.iso:
            meta["extra"]["holding_answer"] = hd.iso


def house_word(value: str) -> str | None:
    v = value.lower()
    return "Lords" if "lords" in v else "Commons" if "commons" in v or "westminster hall" in v else None


def read_label(lines: list[Line], i: int, d: dict[str, Any], meta: dict[str, Any], state: dict[str, Any]) -> int:
    """Read one label (its value inline or on the following line(s)); the index after what it used."""
    field, value = d["field"], d["value"]
    n = len(lines)

    def take(pred) -> str | None:
        nonlocal i
        if i < n and pred(lines[i]):
            i += 1
            return lines[i - 1].text
        return None

    if field in ("asked_by", "answered_by", "made_by", "corrected_by"):
        role_note = NOTE_SAVED_ROLE if field == "answered_by" else None
        if not value:
            value = take(lambda x: x.kind in ("text", "speaker", "dept") and len(x.text) < 160) or ""
        info = S.person(value, field) if value else {}
        if field == "asked_by":
            seat = take(lambda x: x.text.startswith("(") and x.text.endswith(")") and len(x.text) < 100)
            if seat:
                extra = S.person("x " + seat, "asked_by")
                info.update({k: v for k, v in extra.items() if k != "name"})
        if field in ("answered_by", "made_by") and not info.get("role"):
            role = take(lambda x: x.kind in ("text", "speaker") and len(x.text) < 140 and not x.text.endswith(".")
                        and bool(V.ROLE_WORDS.search(x.text) or V.ROLE_START.match(x.text)))
            if role:
                info["role"] = role
        if field == "corrected_by":
            if info.get("name"):
                meta.setdefault("extra", {})["corrected_by"] = info["name"]
            return i
        if field == "made_by":
            state["stated_kind"] = state["stated_kind"] or "made_by"
        side = "asked_by" if field == "asked_by" else "answered_by"
        if not meta.get(side):
            set_person(meta, info, side, role_note=role_note)
        if field == "answered_by":
            state["stated_kind"] = state["stated_kind"] or "question"
            if state["q"]:
                state["a"] = True
            # a date under "Answered by" is the answer date
            dl = take(lambda x: x.kind == "date")
            if dl:
                set_date(meta, "date_answered", dl)
        return i
    if field in ("date_asked", "date_answered", "date", "date_corrected", "due", "holding"):
        if not value:
            value = take(lambda x: x.kind == "date") or ""
        target = {"date_corrected": None, "due": None, "holding": None}.get(field, field)
        if target:
            if field == "date_answered":
                state["stated_kind"] = state["stated_kind"] or "question"
                if state["q"]:
                    state["a"] = True
            set_date(meta, target, value)
        else:
            dm = find_date(value)
            key = {"date_corrected": "date_corrected", "due": "date_for_answer", "holding": "holding_answer"}[field]
            meta.setdefault("extra", {})[key] = dm.iso if dm and dm.iso else (value or True)
            if field == "holding" and state["q"]:
                state["a"] = True
        return i
    if not value:
        value = take(lambda x: x.kind in ("text", "dept", "house") and len(x.text) < 160) or ""
    if field == "department" and value:
        meta["department"] = meta.get("department") or V.DEPARTMENT_ABBREVIATIONS.get(value, value)
        if d["label"].lower().startswith("question"):
            state["stated_kind"] = state["stated_kind"] or "question"
    elif field == "uin" and value:
        uin, date = F.uin_value(value)
        if uin:
            meta["uin"] = meta.get("uin") or uin
            kinds.house_from_uin(uin, meta)
        if date:
            set_date(meta, "date_asked", date)
    elif field == "house" and value:
        h = house_word(value)
        if h and not meta.get("house"):
            meta["house"] = h
    elif field == "title" and value:
        state["title"] = state["title"] or value
    elif field == "grouped" and value:
        meta.setdefault("extra", {})["grouped_with"] = value
    return i


def page_special(l: Line, meta: dict[str, Any]) -> None:
    d = l.data
    name = d["name"]
    if name == "received":
        what = d["what"].lower()
        meta["_stated_kind"] = "statement" if what.startswith("statement") else "question"
        set_date(meta, "date" if what.startswith("statement") else "date_answered", d["date"])
    elif name == "volume":
        meta["source"] = "Hansard"  # the "Volume N: debated on" header is hansard.parliament.uk's
        meta["volume"] = d["vol"]
        set_date(meta, "date", d["date"])
    elif name == "column":
        meta["_col"] = (d["col"].strip(), d["date"])
    elif name == "tabled_due":  # "Tabled on <date> and due for answer by <date>." over a day's questions
        set_date(meta, "date_asked", d["date"])
        due = find_date(d["due"])
        if due is not None:
            meta.setdefault("extra", {})["date_for_answer"] = due.iso or due.raw
    elif name == "twfy":
        meta["department"] = meta.get("department") or d["dept"].strip()
        kind = "statement" if d["what"].lower().startswith("statement") else "question"
        meta["_stated_kind"] = kind
        set_date(meta, "date" if kind == "statement" else "date_answered", d["date"])
    elif name == "debate_head":
        meta["_title"] = d["title"].strip()
        where = d["where"]
        if not meta.get("house"):
            meta["house"] = "Lords" if "lords" in where.lower() else "Commons"
            if where.lower() == "westminster hall":
                kinds.note(meta, "house", kinds.NOTE_WESTMINSTER_HALL)
        if where.lower() != "house of commons" and where.lower() != "house of lords":
            meta.setdefault("extra", {})["sitting"] = where
        set_date(meta, "date", d["date"])
    elif name == "statements_title":
        meta["_stated_kind"] = "statement"
        title = d["rest"].strip()
        dm = _DATE_SUFFIX.search(title)
        if dm and find_date(dm.group("date")) is not None:
            title = title[: dm.start()].strip()
            set_date(meta, "date", dm.group("date"))
        meta["_title"] = title
        titles = [re.sub(r"\s+and$", "", t.group("t").strip().rstrip(",;").strip()) for t in _NUMBERED.finditer(title)]
        if titles:
            meta["_titles"] = titles
