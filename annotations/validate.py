"""Strict shape check of stored annotation objects: nothing malformed is trusted.

``problem(doc)`` returns None for a well-formed annotation object (the shape
documented in ``annotations.model``) and otherwise a short reason such as
``"anchor.selector[0].start is not an integer"``.  The store uses it on every
annotation it reads (a malformed one is reported, kept in its file and not
shown) and on every imported one (refused with that reason), so the rest of
the code can rely on the shape: no KeyError/TypeError tracebacks later.
"""

from __future__ import annotations

from typing import Any

from annotations.anchor import STATUSES

MAX_TEXT = 1_000_000  # characters in any one string field
MAX_TAGS = 1000
MAX_HISTORY = 1000


def _str(v: Any, name: str, *, none: bool = False, empty: bool = True) -> str | None:
    if v is None and none:
        return None
    if not isinstance(v, str):
        return f"{name} is not a string"
    if not empty and not v:
        return f"{name} is empty"
    if len(v) > MAX_TEXT:
        return f"{name} is longer than {MAX_TEXT} characters"
    return None


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def selector_problem(sel: Any, name: str) -> str | None:
    if not isinstance(sel, list):
        return f"{name} is not a list"
    if len(sel) > 16:
        return f"{name} has more than 16 selectors"
    for i, s in enumerate(sel):
        n = f"{name}[{i}]"
        if not isinstance(s, dict):
            return f"{n} is not an object"
        t = s.get("type")
        if not isinstance(t, str):
            return f"{n}.type is not a string"
        if t == "TextQuoteSelector":
            for k in ("exact", "prefix", "suffix"):
                if k in s and (p := _str(s[k], f"{n}.{k}", none=k != "exact")):
                    return p
            if not isinstance(s.get("exact"), str):
                return f"{n}.exact is missing"
        elif t == "TextPositionSelector":
            a, b = s.get("start"), s.get("end")
            if not (_int(a) and _int(b)):
                return f"{n}.start/end are not integers"
            if not 0 <= a <= b:
                return f"{n}: start {a} and end {b} are not 0 <= start <= end"
    return None


def _anchor_problem(a: Any, name: str, *, full: bool) -> str | None:
    if not isinstance(a, dict):
        return f"{name} is not an object"
    if p := _str(a.get("source"), f"{name}.source", empty=False):
        return p
    for k in ("passage", "text_hash"):
        if p := _str(a.get(k), f"{name}.{k}", none=True):
            return p
    if p := selector_problem(a.get("selector"), f"{name}.selector"):
        return p
    if full:
        st = a.get("status", "anchored")
        if st not in STATUSES:
            return f"{name}.status {st!r} is not one of {', '.join(STATUSES)}"
        sc = a.get("score", 0.0)
        if not isinstance(sc, (int, float)) or isinstance(sc, bool):
            return f"{name}.score is not a number"
        for k in ("method", "at"):
            if k in a and (p := _str(a[k], f"{name}.{k}", none=True)):
                return p
    return None


def problem(d: Any) -> str | None:
    """None when ``d`` is a well-formed stored annotation object, else why not."""
    if not isinstance(d, dict):
        return "not a JSON object"
    if p := _str(d.get("id"), "id", empty=False):
        return p
    for k in ("created", "modified", "author"):
        if k in d and (p := _str(d[k], k, none=True)):
            return p
    tags = d.get("tags")
    if tags is not None:
        if not isinstance(tags, list):
            return "tags is not a list"
        if len(tags) > MAX_TAGS:
            return f"more than {MAX_TAGS} tags"
        for t in tags:
            if not isinstance(t, str) or not t.strip():
                return "a tag is not a non-empty string"
    if p := _str(d.get("note"), "note", none=True):
        return p
    if not isinstance(d.get("whole_passage", False), bool):
        return "whole_passage is not true/false"
    if p := _anchor_problem(d.get("target"), "target", full=False):
        return p
    if p := _anchor_problem(d.get("anchor"), "anchor", full=True):
        return p
    hist = d.get("history")
    if hist is not None:
        if not isinstance(hist, list):
            return "history is not a list"
        if len(hist) > MAX_HISTORY:
            return f"history has more than {MAX_HISTORY} entries"
        for i, h in enumerate(hist):
            if p := _anchor_problem(h, f"history[{i}]", full=True):
                return p
    rec = d.get("record")
    if rec is not None:
        if not isinstance(rec, dict):
            return "record is not an object"
        for k in ("title", "date", "source_file", "kind"):
            if p := _str(rec.get(k), f"record.{k}", none=True):
                return p
    return None


def well_formed(d: Any) -> bool:
    return problem(d) is None
