"""JSON-looking sources that are not records: their shape, where they break, in one line.

Used by :mod:`corpus.formats.w3c_export` (annotation files given as sources),
:mod:`corpus.formats.other_json` (broken or unknown JSON) and
:mod:`corpus.formats.parliament_json` (its broken/truncated files).
No Textual here; nothing here imports ``annotations`` (the layers forbid it).
"""

from __future__ import annotations

import json
import re
from typing import Any

# After optional whitespace: "{" (any), or "[" followed by what a JSON value starts with.
_JSONISH = re.compile(r'\s*(?:\{(?![{%])|\[\s*(?:[\[{"\]]|(?:-?\d[\d.eE+-]*|true|false|null)\s*,|$))')


def looks_like_json(text: str) -> bool:
    """Does this decoded text start the way a JSON document does?

    ``{`` at the start counts (no parliamentary page starts with one; ``{{``
    and ``{%`` templates do not); ``[`` only when a JSON value follows it, so
    ``[Extract] To ask …`` and ``[1] See …`` stay text."""
    return _JSONISH.match(text.lstrip("\ufeff")[:256]) is not None


def where(exc: json.JSONDecodeError) -> str:
    """``line 3, column 17`` of a decode error (columns count characters, from 1)."""
    return f"line {exc.lineno}, column {exc.colno}"


def cut_off(exc: json.JSONDecodeError, text: str) -> bool:
    """Does the JSON break because the text ends (a truncated download or
    copy), rather than at a mistake inside it?  The decoder then fails at the
    very end, or on a string it found no closing quote for."""
    return exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")


def end_of(text: str) -> str:
    """``line 9, column 40``: where the text ends (its last non-blank character)."""
    body = text.rstrip()
    line = body.count("\n") + 1
    return f"line {line}, column {len(body) - (body.rfind(chr(10)) + 1)}"


_MSG = {"Unterminated string starting at": "a string is not closed", "Expecting value": "a value was expected"}


def describe_error(exc: json.JSONDecodeError, text: str) -> str:
    """``not valid JSON at line 1, column 2: Expecting property name …``, or,
    for a cut-off file, where it ends too early."""
    if exc.msg != "nested too deeply" and cut_off(exc, text):
        return f"not valid JSON: the file ends too early, at {end_of(text)} (cut off?)"
    return f"not valid JSON at {where(exc)}: {_MSG.get(exc.msg, exc.msg)}"


def parse_json_or_lines(text: str) -> tuple[Any, bool, json.JSONDecodeError | None]:
    """``(data, is_lines, error)``.

    One JSON document; else JSON Lines (the first non-blank line parses and
    there are at least two lines): ``data`` is then the list of parsed lines
    (lines that do not parse are left out) and ``error`` the first bad line's
    error, with its line number in the file.  Else ``(None, False, error)``."""
    body = text.lstrip("\ufeff")
    try:
        return json.loads(body), False, None
    except RecursionError:
        return None, False, json.JSONDecodeError("nested too deeply", body, 0)
    except json.JSONDecodeError as exc:
        # no traceback kept: it would tie this frame (the file's text, the items
        # parsed so far) and its callers into a cycle that outlives the load
        first_error = exc.with_traceback(None)
    lines = body.splitlines()
    if sum(1 for ln in lines[:3] if ln.strip()) < 2:
        return None, False, first_error
    items: list[Any] = []
    bad: json.JSONDecodeError | None = None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except (json.JSONDecodeError, RecursionError) as exc:
            if not items:  # the first line is not JSON: not JSON Lines either
                return None, False, first_error
            if bad is None:
                msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
                col = exc.colno if isinstance(exc, json.JSONDecodeError) else 1
                bad = json.JSONDecodeError(msg, body, 0)
                bad.lineno, bad.colno = n, col
    return items, True, bad


_W3C_TYPES = {"Annotation", "AnnotationPage", "AnnotationCollection"}


def _types(v: Any) -> set[str]:
    vals = [v] if isinstance(v, str) else v if isinstance(v, list) else []
    return {t[3:] if t.startswith("oa:") else t for t in vals if isinstance(t, str)}


def _is_hypothesis(o: Any) -> bool:
    return isinstance(o, dict) and "type" not in o and isinstance(o.get("target"), list) and ("uri" in o or "user" in o)


def is_annotation_object(o: Any) -> bool:
    """A W3C Annotation / AnnotationPage / AnnotationCollection, or a Hypothesis annotation or export."""
    if not isinstance(o, dict):
        return False
    if _types(o.get("type", o.get("@type"))) & _W3C_TYPES or _is_hypothesis(o):
        return True
    ctx = o.get("@context")
    if isinstance(ctx, str) and "anno.jsonld" in ctx or isinstance(ctx, list) and any(isinstance(c, str) and "anno.jsonld" in c for c in ctx):
        return True
    return "export_userid" in o and isinstance(o.get("annotations"), list)  # Hypothesis client export


def is_annotations(data: Any) -> bool:
    """Parsed JSON (a document or a list of JSON Lines) that holds annotations."""
    if isinstance(data, list):
        return bool(data) and is_annotation_object(data[0])
    return is_annotation_object(data)


def shape(data: Any, lines: bool = False) -> str:
    """A few words on what a parsed JSON value is: ``an object with keys "a", "b"``."""
    def keys(d: dict) -> str:
        names = [k for k in d if isinstance(k, str)][:3]
        shown = ", ".join('"' + (k if len(k) <= 30 else k[:29] + "…") + '"' for k in names)
        more = ", …" if len(d) > 3 else ""
        return f"keys {shown}{more}" if names else "no keys"

    if lines:
        first = data[0] if data else None
        return f"JSON Lines of {len(data)} " + (f"objects (the first with {keys(first)})" if isinstance(first, dict) else "values")
    if isinstance(data, dict):
        return f"an object with {keys(data)}"
    if isinstance(data, list):
        if not data:
            return "an empty array"
        kind = {dict: "objects", list: "arrays", str: "strings", bool: "booleans", type(None): "nulls"}.get(type(data[0]), "numbers")
        tail = f" (the first with {keys(data[0])})" if isinstance(data[0], dict) else ""
        return f"an array of {len(data)} {kind}{tail}"
    return "a single " + {str: "string", bool: "boolean", type(None): "null"}.get(type(data), "number")


_RESULTS = re.compile(r'"results"\s*:\s*\[')
_WS = re.compile(r"\s*")


def salvage_items(text: str) -> tuple[list[Any], json.JSONDecodeError | None]:
    """The complete items of a broken (e.g. cut-off) JSON array, in order, and
    the error that ended them.

    The array is the document itself (``[...]``) or its ``"results"`` array
    (``{"totalResults": n, "results": [...]}``).  Items are read one by one
    with the standard decoder up to the first that does not parse, so every
    item returned is exactly what the file holds; nothing is repaired."""
    body = text.lstrip("\ufeff")
    dec = json.JSONDecoder()
    start = _WS.match(body).end()
    if body.startswith("[", start):
        pos = start + 1
    else:
        m = _RESULTS.search(body, 0, 65536)
        if m is None:
            return [], None
        pos = m.end()
    items: list[Any] = []
    while True:
        pos = _WS.match(body, pos).end()
        if body.startswith("]", pos) and not items:
            return items, None
        try:
            item, pos = dec.raw_decode(body, pos)
        except json.JSONDecodeError as exc:
            return items, exc.with_traceback(None)
        except RecursionError:
            return items, json.JSONDecodeError("nested too deeply", body, pos)
        items.append(item)
        pos = _WS.match(body, pos).end()
        if body.startswith(",", pos):
            pos += 1
            continue
        if body.startswith("]", pos):
            return items, None  # the array is whole: the error is after it
        return items, json.JSONDecodeError("Expecting ',' delimiter", body, pos)
