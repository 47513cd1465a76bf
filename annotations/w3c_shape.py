"""Incoming W3C Web Annotation files: parsed, and each item's shape checked.

``parse_items(text)`` gives the items of a collection (all embedded pages), a
page, one annotation, a JSON array or JSON Lines (a line that does not parse
becomes one bad item, not a failed file; a file nested too deeply for the
JSON parser is refused whole).  ``check_item(obj)`` raises ``ShapeError``
with one line when an item is not shaped as the data model (and, for
parlread's own ``parlread`` block, as the store) needs: selectors of the
wrong shape, a non-string source, nesting deeper than ``MAX_DEPTH`` … so no
such item is ever stored.  No Textual here.
"""

from __future__ import annotations

import json
import re
from typing import Any

from annotations import anchor as A

MAX_DEPTH = 24  # deeper items are refused (parlread's own nest 6 deep)


class ShapeError(ValueError):
    """An incoming item that is not shaped as the data model says."""


def parse_items(text: str) -> list[Any]:
    """The items of a W3C file: a collection (all its embedded pages), a page,
    one annotation, a JSON array of annotations, or JSON Lines (one
    annotation per line).  ValueError (one line) when it is none of these."""
    try:
        obj = json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply: refused") from None
    except ValueError as exc:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) < 2:
            raise ValueError(f"not valid JSON: {exc}") from None
        items: list[Any] = []
        for n, ln in enumerate(lines, 1):
            try:
                items.append(json.loads(ln))
            except RecursionError:
                items.append(_Bad(f"line {n}: nested too deeply"))
            except ValueError as exc2:
                if n == 1:
                    raise ValueError(f"not valid JSON: {exc}") from None
                items.append(_Bad(f"line {n}: not valid JSON ({exc2.msg})"))
        return items
    return _items(obj)


class _Bad:
    """Placeholder for a JSON Lines line that did not parse."""

    def __init__(self, reason: str):
        self.reason = reason


def _types(v: Any) -> list[str]:
    """Type names, with the ``oa:`` prefix of compacted JSON-LD dropped (``oa:Annotation`` is ``Annotation``)."""
    if isinstance(v, str):
        v = [v]
    if isinstance(v, list):
        return [t[3:] if t.startswith("oa:") else t for t in v if isinstance(t, str)]
    return []


def _alias_keywords(obj: Any) -> None:
    """``@id``/``@type`` are what ``id``/``type`` alias in the anno.jsonld
    context: give each object the plain keys when it has only the ``@`` ones
    (in place; iterative, and only called on items already depth-checked)."""
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, dict):
            for k in ("id", "type"):
                if k not in o and "@" + k in o:
                    o[k] = o["@" + k]
            stack.extend(v for k, v in o.items() if k != "@context")
        elif isinstance(o, list):
            stack.extend(o)


HYPOTHESIS_BASE = "https://hypothes.is/a/"


def _is_hypothesis(h: Any) -> bool:
    """An annotation in Hypothesis' own API shape (what its client's export writes), not W3C."""
    return (isinstance(h, dict) and "type" not in h and "@type" not in h
            and isinstance(h.get("target"), list) and ("uri" in h or "user" in h))


def _from_hypothesis(h: dict) -> dict:
    """The W3C Annotation a Hypothesis API annotation stands for (as its own
    JSON-LD rendering gives it): the text as a commenting body (Markdown),
    each tag a tagging body, ``updated`` as ``modified``, the user as creator."""
    body: list[dict] = []
    if isinstance(h.get("text"), str) and h["text"].strip():
        body.append({"type": "TextualBody", "value": h["text"], "format": "text/markdown", "purpose": "commenting"})
    for t in h.get("tags") or []:
        if isinstance(t, str):
            body.append({"type": "TextualBody", "value": t, "purpose": "tagging"})
    uri = h.get("uri") if isinstance(h.get("uri"), str) else None
    targets = []
    for t in h["target"]:
        if isinstance(t, dict) and "source" not in t and uri:
            t = dict(t, source=uri)
        targets.append(t)
    out: dict[str, Any] = {"type": "Annotation", "target": targets or uri}
    hid = h.get("id")
    if isinstance(hid, str) and hid.strip():
        out["id"] = hid if ":" in hid else HYPOTHESIS_BASE + hid
    for k, src in (("created", "created"), ("modified", "updated")):
        v = h.get(src) or (h.get("created") if k == "modified" else None)
        if isinstance(v, str):
            out[k] = v
    name = (h.get("user_info") or {}).get("display_name") if isinstance(h.get("user_info"), dict) else None
    if isinstance(name, str) and name.strip():
        out["creator"] = {"type": "Person", "name": name.strip()}
    elif isinstance(h.get("user"), str):
        out["creator"] = h["user"]
    if body:
        out["body"] = body
    return out


def looks_like_annotations(data: Any) -> bool:
    """Is this parsed JSON an annotation file (any shape ``parse_items`` reads),
    rather than a source of records?  A collection, page or annotation (also
    as ``@type``/``oa:``), a JSON array of annotations (Recogito, Annotorious),
    or Hypothesis' own export."""
    def one(o: Any) -> bool:
        if not isinstance(o, dict):
            return False
        kinds = set(_types(o.get("type", o.get("@type"))))
        return bool(kinds & {"Annotation", "AnnotationPage", "AnnotationCollection"}) or _is_hypothesis(o)

    if isinstance(data, list):
        return bool(data) and one(data[0])
    if isinstance(data, dict) and "type" not in data and "@type" not in data and isinstance(data.get("annotations"), list):
        return "export_userid" in data or any(_is_hypothesis(x) for x in data["annotations"][:1])
    return one(data)


def _is_annotation(obj: Any) -> bool:
    return isinstance(obj, dict) and "Annotation" in _types(obj.get("type", obj.get("@type")))


def _items(obj: Any) -> list[Any]:
    if isinstance(obj, list):
        return [_from_hypothesis(x) if _is_hypothesis(x) else x for x in obj]
    if not isinstance(obj, dict):
        raise ValueError("expected a JSON object or array")
    if _is_hypothesis(obj):
        return [_from_hypothesis(obj)]
    if "type" not in obj and "@type" not in obj and isinstance(obj.get("annotations"), list):
        # a Hypothesis client export: {"export_date", "export_userid", "client_version", "annotations": [...]}
        return [_from_hypothesis(x) if _is_hypothesis(x) else x for x in obj["annotations"]]
    t = set(_types(obj.get("type", obj.get("@type"))))
    if _is_annotation(obj):
        return [obj]
    if "AnnotationPage" in t:
        items = obj.get("items")
        return list(items) if isinstance(items, list) else []
    if "AnnotationCollection" in t:
        out: list[Any] = []
        page = obj.get("first")
        seen = 0
        while isinstance(page, dict) and seen < 100_000:
            seen += 1
            got = page.get("items")
            out.extend(got if isinstance(got, list) else [])
            page = page.get("next") if isinstance(page.get("next"), dict) else None
        return out
    raise ValueError(f"not a W3C annotation file (type {obj.get('type')!r})")


def _depth(obj: Any, limit: int) -> int:
    """Nesting depth of ``obj`` (stops counting past ``limit``), without recursion."""
    stack = [(obj, 1)]
    deepest = 0
    while stack:
        o, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(o, dict):
            stack.extend((v, d + 1) for v in o.values())
        elif isinstance(o, list):
            stack.extend((v, d + 1) for v in o)
    return deepest


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_selector(sel: Any, where: str) -> None:
    if isinstance(sel, str):
        return  # a selector given by IRI: kept, not used
    if not isinstance(sel, dict):
        raise ShapeError(f"{where}: a selector must be an object")
    types = _types(sel.get("type"))
    if "type" in sel and not types:
        raise ShapeError(f"{where}: selector type must be a string")
    if "TextQuoteSelector" in types:
        if not isinstance(sel.get("exact"), str):
            raise ShapeError(f"{where}: TextQuoteSelector needs a string 'exact'")
        for k in ("prefix", "suffix"):
            if k in sel and not isinstance(sel[k], str):
                raise ShapeError(f"{where}: TextQuoteSelector '{k}' must be a string")
    if "TextPositionSelector" in types:
        s, e = sel.get("start"), sel.get("end")
        if not (_is_int(s) and _is_int(e)) or not (0 <= s <= e):
            raise ShapeError(f"{where}: TextPositionSelector needs integers 0 <= start <= end")
    if "refinedBy" in sel:
        r = sel["refinedBy"]
        for i, x in enumerate(r if isinstance(r, list) else [r]):
            _check_selector(x, f"{where}.refinedBy[{i}]")


def _selectors(v: Any) -> list[Any]:
    if v is None:
        return []
    return list(v) if isinstance(v, list) else [v]


_IRI_UNSAFE = re.compile("[\x00-\x20\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe_iri(iri: str) -> str:
    """``iri`` with every control, bidi-control and white-space character
    percent-encoded (UTF-8), as RFC 3987 §3.1 maps an IRI to a URI: no IRI may
    hold them raw, and stored raw they would reach a terminal.  The rest is unchanged."""
    from urllib.parse import quote

    return _IRI_UNSAFE.sub(lambda m: quote(m.group(), safe=""), iri.strip())


def has_unsafe(text: str) -> bool:
    return _IRI_UNSAFE.search(text) is not None


def _source_iri(src: Any) -> str:
    """The IRI a target's ``source`` names: a string IRI, or the ``id`` of an
    External Web Resource object (``{"id": IRI, "type": "Text", …}``, model §4);
    "" when it names none."""
    if isinstance(src, dict):
        src = src.get("id")
    return src.strip() if isinstance(src, str) else ""


def _check_target(t: Any, where: str) -> None:
    if isinstance(t, str):
        if not t.strip():
            raise ShapeError(f"{where}: an empty IRI")
        return
    if not isinstance(t, dict):
        raise ShapeError(f"{where}: must be an IRI or an object")
    if "source" in t and not _source_iri(t["source"]):
        if isinstance(t["source"], dict):
            raise ShapeError(f"{where}: 'source' must be an IRI or an object with an 'id' IRI")
        raise ShapeError(f"{where}: 'source' must be an IRI string")
    if "id" in t and not isinstance(t["id"], str):
        raise ShapeError(f"{where}: 'id' must be an IRI string")
    if "source" not in t and "id" not in t and "items" not in t:
        raise ShapeError(f"{where}: has no 'source' or 'id'")
    if "selector" in t:
        sels = t["selector"]
        if not isinstance(sels, (dict, list, str)):
            raise ShapeError(f"{where}: 'selector' must be an object or a list")
        for i, s in enumerate(_selectors(sels)):
            _check_selector(s, f"{where}.selector[{i}]")
    if "items" in t:
        items = t["items"]
        if not isinstance(items, list):
            raise ShapeError(f"{where}: 'items' must be a list")
        for i, x in enumerate(items):
            _check_target(x, f"{where}.items[{i}]")


def _check_stored_anchor(a: Any, where: str, status: bool) -> None:
    if not isinstance(a, dict):
        raise ShapeError(f"{where}: must be an object")
    if not (isinstance(a.get("source"), str) and a["source"]):
        raise ShapeError(f"{where}.source: must be a record id string")
    if has_unsafe(a["source"]):
        raise ShapeError(f"{where}.source: holds control or bidi characters: refused")
    for k in ("passage", "text_hash"):
        if a.get(k) is not None and not isinstance(a[k], str):
            raise ShapeError(f"{where}.{k}: must be a string or null")
    sels = a.get("selector")
    if not isinstance(sels, list) or not all(isinstance(s, dict) for s in sels):
        raise ShapeError(f"{where}.selector: must be a list of selector objects")
    for i, s in enumerate(sels):
        _check_selector(s, f"{where}.selector[{i}]")
    if status:
        if a.get("status", A.ANCHORED) not in A.STATUSES:
            raise ShapeError(f"{where}.status: unknown status {a.get('status')!r}")
        if "score" in a and not isinstance(a["score"], (int, float)) or isinstance(a.get("score"), bool):
            raise ShapeError(f"{where}.score: must be a number")
        for k in ("method", "at"):
            if a.get(k) is not None and not isinstance(a[k], str):
                raise ShapeError(f"{where}.{k}: must be a string")


def _check_parlread(x: Any) -> None:
    if not isinstance(x, dict):
        raise ShapeError("parlread: must be an object")
    if "target" in x:
        _check_stored_anchor(x["target"], "parlread.target", status=False)
    if "anchor" in x:
        _check_stored_anchor(x["anchor"], "parlread.anchor", status=True)
    h = x.get("history", [])
    if not isinstance(h, list):
        raise ShapeError("parlread.history: must be a list")
    for i, a in enumerate(h):
        _check_stored_anchor(a, f"parlread.history[{i}]", status=True)
    if "whole_passage" in x and not isinstance(x["whole_passage"], bool):
        raise ShapeError("parlread.whole_passage: must be true or false")
    rec = x.get("record")
    if rec is not None:
        if not isinstance(rec, dict) or not all(v is None or isinstance(v, str) for v in rec.values()):
            raise ShapeError("parlread.record: must be an object of strings")
    for k in ("author", "record_id"):
        if k in x and not isinstance(x[k], str):
            raise ShapeError(f"parlread.{k}: must be a string")


def check_item(obj: Any) -> None:
    """Raise ShapeError (one line) when an incoming item is not a well-shaped annotation."""
    if isinstance(obj, _Bad):
        raise ShapeError(obj.reason)
    if not isinstance(obj, dict):
        raise ShapeError(f"not an annotation object (a JSON {type(obj).__name__})")
    if _depth(obj, MAX_DEPTH) > MAX_DEPTH:
        raise ShapeError(f"nested more than {MAX_DEPTH} levels deep: refused")
    _alias_keywords(obj)
    if not _is_annotation(obj):
        raise ShapeError(f"not a W3C Annotation (type {obj.get('type')!r})")
    if "id" in obj and not (isinstance(obj["id"], str) and obj["id"].strip()):
        raise ShapeError("'id' must be an IRI string")
    for k in ("created", "modified"):
        if k in obj and not isinstance(obj[k], str):
            raise ShapeError(f"'{k}' must be a date-time string")
    if "target" not in obj:
        raise ShapeError("annotation has no target")
    targets = obj["target"] if isinstance(obj["target"], list) else [obj["target"]]
    if not targets:
        raise ShapeError("annotation has no target")
    for i, t in enumerate(targets):
        _check_target(t, f"target[{i}]" if isinstance(obj["target"], list) else "target")
    if "body" in obj:
        bodies = obj["body"] if isinstance(obj["body"], list) else [obj["body"]]
        for i, b in enumerate(bodies):
            if isinstance(b, str):
                continue
            if not isinstance(b, dict):
                raise ShapeError(f"body[{i}]: must be an IRI or an object")
            if "value" in b and not isinstance(b["value"], str):
                raise ShapeError(f"body[{i}].value: must be a string")
            if "purpose" in b and not _types(b["purpose"]):
                raise ShapeError(f"body[{i}].purpose: must be a string")
    if "bodyValue" in obj and not isinstance(obj["bodyValue"], str):
        raise ShapeError("'bodyValue' must be a string")
    if "parlread" in obj:
        _check_parlread(obj["parlread"])


__all__ = ["ShapeError", "parse_items", "check_item", "looks_like_annotations", "MAX_DEPTH"]
