"""W3C Web Annotation Data Model: parlread annotations out, and in again.

Out (``to_w3c``, ``to_collection``, ``export_w3c``, ``export_w3c_jsonl``):

* each ``Annotation`` has ``id`` (``urn:uuid:<id>``, or the id as given when
  it is already an IRI), ``type``, ``motivation`` (commenting when there is a
  note, else tagging, else highlighting), ``created``/``modified``;
* ``creator`` only when the user has set a display name (``creator_settings``:
  ``--creator``, ``$PARLREAD_CREATOR_NAME`` or the config file) — never the
  login name;
* ``body``: one ``TextualBody`` per tag (``purpose`` tagging) and one for the
  note (``purpose`` commenting), each ``format: text/plain`` and, when the
  user set one, ``language``;
* ``target``: ``source`` is the record's IRI (``corpus.iri.record_iri``: its
  public page, else ``urn:parlread:record:<id>``) with the current
  ``TextQuoteSelector`` + ``TextPositionSelector``;
* ``parlread``: what parlread needs for an exact round trip (record id, the
  original target, anchor, history, passage, snapshot).  The stored ``author``
  is carried only when it is not the exporting user's own login name; import
  gives such annotations the importing user's name (``from_w3c``).

A collection has an ``id`` (from its content, so the same notes give the same
id), ``label``, ``total``, ``first`` (one embedded ``AnnotationPage`` with its
own ``id``, ``partOf`` and ``startIndex``) and ``last``.  ``w3c-jsonl`` writes
one complete annotation (with its own ``@context``) per line.  JSON output has
every control, C1 and bidirectional-control character escaped (``\\u202e``),
so no raw ESC/BEL/RLO byte leaves the process.

In (``parse_items``, ``check_item``, ``from_w3c``): items of any conformant
shape are checked first (one line per bad item, the rest go on); our own
exports come back exactly; annotations from other tools whose target is a
record's IRI, source URL or id, with ``TextQuoteSelector`` /
``TextPositionSelector``, are anchored in the loaded corpus as re-anchoring
does (``annotations.anchor.locate``), and kept as orphans with the reason
when they cannot be.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from annotations import anchor as A
from annotations.model import Annotation, clean_tag
from annotations.w3c_shape import ShapeError, _selectors, _source_iri, _types, check_item, has_unsafe, parse_items, safe_iri

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
URN = "urn:uuid:"
ANN_URN = "urn:parlread:annotation:"
EXPORT_URN = "urn:parlread:export:"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_LANG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


# ------------------------------------------------------------ settings
class CreatorSettings:
    """Who the exported ``creator`` is: a display name and optional IRI, and
    the language of the user's notes.  All ``None`` by default."""

    __slots__ = ("name", "id", "language", "login")

    def __init__(self, name: str | None = None, id: str | None = None, language: str | None = None, login: str | None = None):
        self.name = (name or "").strip() or None
        self.id = (id or "").strip() or None
        self.language = (language or "").strip() or None
        self.login = login

    def agent(self) -> dict[str, Any] | None:
        if not self.name and not self.id:
            return None
        out: dict[str, Any] = {"type": "Person"}
        if self.id:
            out["id"] = self.id
        if self.name:
            out["name"] = self.name
        return out


def config_path() -> Path:
    """``$PARLREAD_CONFIG`` or ``<user config dir>/parlread/config.toml``."""
    env = os.environ.get("PARLREAD_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("parlread", appauthor=False)) / "config.toml"


def creator_settings(name: str | None = None, *, login: str | None = None, warn=None) -> CreatorSettings:
    """The creator for exports: ``name`` (``--creator``), else
    ``$PARLREAD_CREATOR_NAME``, else ``[creator] name`` in the config file;
    likewise ``$PARLREAD_CREATOR_ID`` / ``id`` (an IRI: ``mailto:``,
    ``https://orcid.org/…``) and ``$PARLREAD_NOTE_LANGUAGE`` / ``language``
    (e.g. ``en-GB``).  A config file that cannot be read is reported through
    ``warn`` (one line) and ignored."""
    cfg: dict[str, Any] = {}
    path = config_path()
    try:
        if path.is_file():
            import tomllib

            with open(path, "rb") as fh:
                data = tomllib.load(fh)
            c = data.get("creator")
            cfg = c if isinstance(c, dict) else {}
    except (OSError, ValueError) as exc:
        if warn:
            warn(f"{path}: not read ({exc})")
        cfg = {}

    def pick(explicit, env, key):
        if explicit:
            return explicit
        if os.environ.get(env):
            return os.environ[env]
        v = cfg.get(key)
        return v if isinstance(v, str) else None

    s = CreatorSettings(
        pick(name, "PARLREAD_CREATOR_NAME", "name"),
        pick(None, "PARLREAD_CREATOR_ID", "id"),
        pick(None, "PARLREAD_NOTE_LANGUAGE", "language"),
        login,
    )
    if s.language and not _LANG.match(s.language):
        if warn:
            warn(f"note language {s.language!r} is not a language tag (e.g. en-GB): left out")
        s.language = None
    if s.id and not is_iri(s.id):
        if warn:
            warn(f"creator id {s.id!r} is not an IRI (e.g. mailto:you@example.org): left out")
        s.id = None
    return s


def default_settings() -> CreatorSettings:
    """No creator; the login name is known only so that it is never written."""
    from annotations.store import default_author

    return CreatorSettings(login=default_author())


def is_iri(s: Any) -> bool:
    return isinstance(s, str) and bool(_SCHEME.match(s)) and not any(c in s for c in '<>"{}|\\^`')


# ------------------------------------------------------------------ out
def annotation_iri(ann_id: str) -> str:
    if _UUID.match(ann_id):
        return URN + ann_id
    if is_iri(ann_id):
        return ann_id
    from urllib.parse import quote

    return ANN_URN + quote(ann_id, safe="")


def annotation_id_of(iri: str) -> str:
    from urllib.parse import unquote

    if iri.startswith(URN):
        return iri[len(URN) :]
    if iri.startswith(ANN_URN):
        return unquote(iri[len(ANN_URN) :])
    return iri


def _iri_for(record_id: str, corpus, cache: dict | None = None) -> str:
    from corpus.iri import iri_for_id

    if cache is None:
        return iri_for_id(record_id, corpus)
    hit = cache.get(record_id)
    if hit is None:
        hit = cache[record_id] = iri_for_id(record_id, corpus)
    return hit


def to_w3c(a: Annotation, corpus=None, settings: CreatorSettings | None = None, *, context: bool = False, _cache: dict | None = None) -> dict[str, Any]:
    """One W3C Annotation (with its own ``@context`` when ``context``)."""
    s = settings or default_settings()
    d = a.data
    fmt: dict[str, Any] = {"format": "text/plain"}
    if s.language:  # the user's own words: in the language they said they write in
        fmt["language"] = s.language
    body: list[dict[str, Any]] = [{"type": "TextualBody", "value": t, "purpose": "tagging", **fmt} for t in a.tags]
    if a.note:
        body.append({"type": "TextualBody", "value": a.note, "purpose": "commenting", **fmt})
    out: dict[str, Any] = {}
    if context:
        out["@context"] = CONTEXT
    out.update(id=annotation_iri(a.id), type="Annotation", motivation=a.motivation)
    if a.created:
        out["created"] = a.created
    if a.modified:
        out["modified"] = a.modified
    mine = s.login is not None and a.author == s.login
    agent = s.agent() if mine else None
    if agent:
        out["creator"] = agent
    elif not mine and is_iri(a.author):  # another tool named its creator by IRI: say so again
        out["creator"] = a.author
    if body:
        out["body"] = body
    anchor = a.anchor
    target: dict[str, Any] = {"source": _iri_for(anchor["source"], corpus, _cache)}
    selector = anchor.get("selector") or d["target"]["selector"]
    if selector:  # an imported note on a whole record has none
        target["selector"] = selector
    out["target"] = target
    extra = {k: d[k] for k in ("target", "anchor", "history", "whole_passage", "record") if k in d}
    extra["record_id"] = anchor["source"]
    if not mine:
        extra["author"] = a.author
    out["parlread"] = extra
    return out


def collection_id(items: list[dict[str, Any]]) -> str:
    h = hashlib.sha1()
    for i in items:
        h.update(f"{i['id']}\x00{i.get('modified', '')}\x01".encode("utf-8"))
    return EXPORT_URN + h.hexdigest()[:20]


def to_collection(annotations: Iterable[Annotation], corpus=None, settings: CreatorSettings | None = None) -> dict[str, Any]:
    cache: dict = {}
    settings = settings or default_settings()
    items = [to_w3c(a, corpus, settings, _cache=cache) for a in sorted(annotations, key=lambda a: (a.created, a.id))]
    cid = collection_id(items)
    page_id = cid + ":page:1"
    return {
        "@context": CONTEXT,
        "id": cid,
        "type": "AnnotationCollection",
        "label": "parlread annotations",
        "total": len(items),
        "first": {
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": {"id": cid, "total": len(items)},
            "startIndex": 0,
            "items": items,
        },
        "last": page_id,
    }


_UNSAFE = re.compile("[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def dumps(obj: Any, indent: int | None = None) -> str:
    """JSON with every control, C1, bidi-control and line-separator character
    escaped (``\\u202e``): the text decodes to the same strings, but no raw
    byte that a terminal acts on is in it."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent, sort_keys=True)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def export_w3c(annotations: Iterable[Annotation], corpus=None, settings: CreatorSettings | None = None) -> str:
    return dumps(to_collection(annotations, corpus, settings), indent=2) + "\n"


def export_w3c_jsonl(annotations: Iterable[Annotation], corpus=None, settings: CreatorSettings | None = None) -> str:
    cache: dict = {}
    settings = settings or default_settings()
    anns = sorted(annotations, key=lambda a: (a.created, a.id))
    return "".join(dumps(to_w3c(a, corpus, settings, context=True, _cache=cache)) + "\n" for a in anns)


# ------------------------------------------------------------------- in
def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _agent_name(creator: Any) -> str:
    c = creator[0] if isinstance(creator, list) and creator else creator
    if isinstance(c, dict):
        for k in ("name", "nickname"):
            v = c.get(k)
            if isinstance(v, list):
                v = next((x for x in v if isinstance(x, str)), None)
            if isinstance(v, str) and v.strip():
                return v.strip()
        return ""
    return c.strip() if isinstance(c, str) and not is_iri(c) else ""


def _agent_of(creator: Any) -> str:
    """Who wrote another tool's annotation: the creator's name, else its IRI
    (Hypothesis gives ``"acct:alice@hypothes.is"``), else ""."""
    name = _agent_name(creator)
    if name:
        return name
    c = creator[0] if isinstance(creator, list) and creator else creator
    iri = c.get("id") if isinstance(c, dict) else c
    return iri.strip() if is_iri(iri) else ""


def _bodies(obj: dict) -> tuple[list[str], list[str]]:
    bodies = obj.get("body")
    bodies = [] if bodies is None else bodies if isinstance(bodies, list) else [bodies]
    tags: list[str] = []
    notes: list[str] = []
    tagging = "tagging" in _types(obj.get("motivation"))
    links: list[str] = []  # bodies that are External Web Resources: the comment lives at that IRI
    for b in bodies:
        if isinstance(b, dict) and "Choice" in _types(b.get("type")) and isinstance(b.get("items"), list):
            b = next(iter(b["items"]), None)  # alternatives (e.g. languages): the first, as the model says
        if isinstance(b, str) or (isinstance(b, dict) and not isinstance(b.get("value"), str)):
            iri = b if isinstance(b, str) else _source_iri(b.get("id") or b.get("source"))
            if is_iri(iri) and iri not in links:
                links.append(iri)
            continue
        if not isinstance(b, dict):
            continue
        value = b["value"]
        purposes = _types(b.get("purpose"))
        if "tagging" in purposes or (not purposes and tagging):
            try:
                t = clean_tag(value)
            except ValueError:
                continue
            if t not in tags:
                tags.append(t)
        elif value:
            notes.append(value)
    if isinstance(obj.get("bodyValue"), str) and obj["bodyValue"]:
        notes.append(obj["bodyValue"])
    return tags, notes + links


_WS_RUN = re.compile(r"\s+")


def _norm(s: str, breaks: int = 2) -> str:
    """Incoming quote text as parlread stores record text: NFC, white space
    collapsed to one space; a run holding ``breaks`` or more line breaks
    becomes a paragraph break (records join paragraphs with a blank line)."""
    s = unicodedata.normalize("NFC", s)
    return _WS_RUN.sub(lambda m: "\n\n" if m.group().count("\n") >= breaks else " ", s)


def _locate(selectors: list[dict], text: str) -> "A.Match":
    """``anchor.locate`` on the quote as a web page gave it: a single line
    break read first as a wrapped line, then as a paragraph break."""
    best = None
    for breaks in (2, 1):
        norm = [dict(s, exact=_norm(s["exact"], breaks), prefix=_norm(s["prefix"], breaks), suffix=_norm(s["suffix"], breaks)) if s["type"] == "TextQuoteSelector" else s for s in selectors]
        m = A.locate(norm, text)
        if best is None or (m.found and (not best.found or m.score > best.score)):
            best = m
        if m.found and m.method in ("position", "exact"):
            break
    return best


def _text_selectors(target: Any) -> list[dict[str, Any]]:
    """The TextQuote/TextPosition selectors of a target, cleaned to their keys."""
    out: list[dict[str, Any]] = []
    if not isinstance(target, dict):
        return out

    def walk(sels: Any, refined: bool) -> None:
        for s in _selectors(sels):
            if not isinstance(s, dict):
                continue
            types = _types(s.get("type"))
            if "TextQuoteSelector" in types and s.get("exact"):
                out.append({"type": "TextQuoteSelector", "exact": s["exact"], "prefix": s.get("prefix") or "", "suffix": s.get("suffix") or ""})
            elif "TextPositionSelector" in types:
                if not refined:  # inside refinedBy a position counts from the outer selection, not the record
                    out.append({"type": "TextPositionSelector", "start": s["start"], "end": s["end"]})
            elif "refinedBy" in s:  # e.g. an XPath/CSS selector for the paragraph, refined by the quote in it
                walk(s["refinedBy"], True)

    walk(target.get("selector"), False)
    return out


def _source_of(target: Any) -> str:
    if isinstance(target, str):
        return target.strip()
    if isinstance(target, dict):
        return _source_iri(target.get("source") if "source" in target else target.get("id"))
    return ""


def _passage_at(record, offset: int):
    for p in record.passages:
        if p.start <= offset < p.end + 2:
            return p
    return None


def _snapshot(record) -> dict[str, Any]:
    if record is None:
        return {"title": None, "date": None, "source_file": None, "kind": None}
    return {"title": record.title, "date": record.sort_date or None, "source_file": record.source_file, "kind": record.kind}


def _anchor_foreign(selectors: list[dict], candidates: list, iri: str, index_given: bool) -> tuple[Any, dict[str, Any]]:
    """(record or None, anchor object) for a foreign annotation's selectors."""
    at = _now()
    if not candidates:
        why = f"record not loaded: {iri}" if index_given else "no corpus given to anchor it in"
        return None, {"status": A.ORPHAN, "score": 0.0, "method": why, "at": at}
    if not selectors:
        return candidates[0], {"status": A.ORPHAN, "score": 0.0, "method": "no TextQuoteSelector or TextPositionSelector to anchor by", "at": at}
    has_quote = any(s["type"] == "TextQuoteSelector" for s in selectors)
    results = []
    for rec in candidates:
        text = rec.text
        if has_quote:
            m = _locate(selectors, text)
        else:
            pos = A.position_of(selectors)
            if pos and pos[0] < pos[1] <= len(text):
                m = A.Match(A.REVIEW, pos[0], pos[1], 0.5, "position only: no quote to check it by")
            else:
                m = A.Match(A.ORPHAN, method="position outside the record text and no quote")
        results.append((rec, m))
    found = sorted((r for r in results if r[1].found), key=lambda r: -r[1].score)
    if len(found) > 1 and found[0][1].score - found[1][1].score < A.TIE_MARGIN:
        rec, m = found[0]
        return rec, {"status": A.AMBIGUOUS, "score": round(m.score, 4), "method": "several loaded records match", "at": at}
    if not found:
        rec, m = results[0]
        return rec, {"status": m.status, "score": round(m.score, 4), "method": m.method or "not found in the record text", "at": at}
    rec, m = found[0]
    status = m.status
    if status == A.REANCHORED and m.method == "exact":
        status = A.ANCHORED  # found verbatim the first time it is placed: nothing moved
    text = rec.text
    start, end = m.start, m.end
    while end - start > 1 and text[start].isspace():  # a copied quote's stray space is not part of the span
        start += 1
    while end - start > 1 and text[end - 1].isspace():
        end -= 1
    p = _passage_at(rec, start)
    return rec, {
        "source": rec.id,
        "passage": p.id if p else None,
        "text_hash": A.text_hash(text),
        "selector": A.make_selectors(text, start, end),
        "status": status,
        "score": round(m.score, 4),
        "method": m.method,
        "at": at,
    }


def from_w3c(obj: Any, *, index=None, author: str | None = None, settings: CreatorSettings | None = None) -> dict[str, Any]:
    """A stored annotation object from one W3C Annotation.

    ``index`` (``corpus.iri.IriIndex``) finds the record a foreign target
    names; ``author`` is the importing user's name for annotations exported
    by themselves (no ``parlread.author``).  Raises ShapeError (one line)
    when the item is not well shaped."""
    check_item(obj)
    raw_id = obj.get("id")
    ann_id = annotation_id_of(safe_iri(raw_id)) if isinstance(raw_id, str) else ""
    if has_unsafe(ann_id):  # a urn:parlread:annotation: id that decodes to control characters
        ann_id = safe_iri(raw_id)
    if not ann_id:
        ann_id = str(uuid.uuid4())
    tags, notes = _bodies(obj)
    extra = obj.get("parlread") if isinstance(obj.get("parlread"), dict) else {}
    created = obj.get("created") or ""
    modified = obj.get("modified") or created
    if "target" in extra and "anchor" in extra:  # our own export: exact round trip
        if "author" in extra:
            who = extra["author"]
        else:
            name = _agent_name(obj.get("creator"))
            mine = not name or (settings is not None and settings.name == name)
            who = (author or "") if mine else name
        return {
            "id": ann_id,
            "created": created,
            "modified": modified,
            "author": who,
            "tags": tags,
            "note": "\n\n".join(notes) if notes else None,
            "whole_passage": bool(extra.get("whole_passage", False)),
            "target": extra["target"],
            "anchor": extra["anchor"],
            "history": list(extra.get("history") or []),
            "record": extra.get("record") or _snapshot(None),
        }
    # another tool's annotation: find the record, anchor the selectors
    targets = obj["target"] if isinstance(obj["target"], list) else [obj["target"]]
    chosen = targets[0]
    candidates: list = []
    if index is not None:
        for t in targets:
            hits = index.find(_source_of(t))
            if hits:
                chosen, candidates = t, hits
                break
    iri = safe_iri(_source_of(chosen))  # control and bidi characters percent-encoded: stored, shown, never raw
    selectors = _text_selectors(chosen)
    record, anchor = _anchor_foreign(selectors, candidates, iri, index is not None)
    if record is not None:
        source = record.id
    else:  # parlread's own urn names a record id: keep the id, so re-anchoring finds it once it is loaded
        from corpus.iri import record_id_from_urn

        rid = record_id_from_urn(iri)
        source = rid if rid and not has_unsafe(rid) else iri
    text_hash = A.text_hash(record.text) if record is not None else None
    target = {"source": source, "passage": None, "text_hash": text_hash, "selector": selectors}
    if "selector" not in anchor:
        anchor = dict(target, **anchor)
    if anchor.get("passage"):
        target["passage"] = anchor["passage"]
    return {
        "id": ann_id,
        "created": created,  # unknown stays unknown (and re-imports stay unchanged)
        "modified": modified,
        "author": _agent_of(obj.get("creator")),
        "tags": tags,
        "note": "\n\n".join(notes) if notes else None,
        "whole_passage": False,
        "target": target,
        "anchor": anchor,
        "history": [],
        "record": _snapshot(record),
    }


_UNLOADED = ("record not loaded: ", "no corpus given to anchor it in")


def placed_now(old: dict, doc: dict) -> dict | None:
    """When ``old`` is an annotation from another tool that was kept as an
    orphan only because its record was not loaded, and importing the same
    version again (``doc``) placed it: ``old`` with the new anchor (the old
    one goes to its history).  Otherwise None: the stored copy stays."""
    a_old, a_new = old.get("anchor") or {}, doc.get("anchor") or {}
    if (old.get("modified") or "") != (doc.get("modified") or "") or a_old.get("status") != A.ORPHAN:
        return None
    if not str(a_old.get("method") or "").startswith(_UNLOADED) or a_new.get("status") not in A.OK_STATUSES + (A.REVIEW,):
        return None
    out = json.loads(json.dumps(old))
    out["history"] = list(out.get("history") or []) + [a_old]
    out["anchor"] = a_new
    out["record"] = doc.get("record") or out.get("record")
    return out


__all__ = [
    "placed_now",
    "CONTEXT",
    "CreatorSettings",
    "creator_settings",
    "config_path",
    "to_w3c",
    "to_collection",
    "export_w3c",
    "export_w3c_jsonl",
    "dumps",
    "parse_items",
    "check_item",
    "from_w3c",
    "ShapeError",
    "annotation_iri",
]
