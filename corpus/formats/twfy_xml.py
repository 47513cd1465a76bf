"""TheyWorkForYou / ParlParse "publicwhip" XML (Hansard, one file per sitting day).

Handles wrans and lordswrans (written answers), wms and lordswms (written
statements), debates, westminhall, lordspages and standing (speeches).

* Encoding and entities: parsed from the raw bytes with lxml, which honours the
  ``ISO-8859-1`` declaration and the entities declared in the internal DTD
  subset (``&pound;`` → £).  External entities are never fetched
  (``resolve_entities="internal"``, ``no_network``).  Files with undeclared
  entities are re-parsed in recover mode with a warning.
  ``&#145;``/``&#146;``/``&#151;`` (Windows-1252 code points written as
  numeric references, common in standing committee files) become ‘ ’ —.
* Written answers: a group of ``<ques>`` followed by its ``<reply>`` elements
  (``…294772.q0``, ``.q1``, ``.r0``) is ONE record with several question and
  answer passages.  ``asked_by`` is the first questioner, ``answered_by`` the
  replier; the date is the date in the gid (the day the answers were printed)
  so it goes to ``date_answered``; ``date_asked`` is unknown.
* Written statements: one record per minor-heading section.
* Debates and committees: one record per speech (kind ``debate``).  For
  statements and speeches the speaker is ``answered_by`` with the office as
  ``answered_by_role`` and ``field_notes["answered_by"] = "speaker"``.
* Scrapes: the natural key is the gid without its scrape letter (``2009-10-26e``
  and ``…26f`` give the same id), ``extra["scrape_version"]`` and
  ``extra["scrape_family"]`` let the loader keep only the newest scrape of a
  day; a file with ``latest="no"`` marks its records ``extra["superseded"]``.
  ``<gidredirect>`` elements go to ``extra["redirected_to"]`` (old copies) and
  ``extra["redirects_from"]`` (records that absorbed old gids); a file holding
  only redirects yields no records.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from corpus.departments import apply_department
from corpus.model import (
    ANSWER,
    BODY,
    COMMONS,
    DEBATE,
    LORDS,
    OGL_PARLIAMENT,
    QUESTION,
    WRITTEN_QUESTION,
    WRITTEN_STATEMENT,
    Record,
    make_record,
    normalise_text,
)

if TYPE_CHECKING:
    from corpus.source import Source

NAME = "theyworkforyou-xml"
VERSION = 1
SOURCE = "TheyWorkForYou / ParlParse XML (Hansard)"
MARKUP_LICENCE = "ParlParse XML markup: CC BY-SA 3.0 (mysociety/parlparse)"

_GID_DATE = re.compile(r"^(.*?(\d{4}-\d{2}-\d{2}))([a-z]?)(\.[^/]*)$")
# Windows-1252 characters written as C1 control code points
_C1 = {i: bytes([i]).decode("cp1252", errors="replace") for i in range(0x80, 0xA0)}
_C1 = {k: v for k, v in _C1.items() if v != "\ufffd"}


def sniff(source: "Source") -> bool:
    head = source.text[:20000]
    return "<publicwhip" in head and head.lstrip("\ufeff \r\n\t").startswith("<")


def _fix(text: str) -> str:
    return text.translate(_C1) if any("\x80" <= c <= "\x9f" for c in text) else text


def _text(el: Any) -> str:
    return _fix(normalise_text(" ".join(el.itertext())))


def split_gid(gid: str) -> tuple[str, str, str, str] | None:
    """``(stable gid, family, date, scrape letter)`` for a publicwhip gid."""
    m = _GID_DATE.match(gid or "")
    if not m:
        return None
    prefix, date, letter, rest = m.groups()
    return prefix + rest, prefix, date, letter


def _parse_xml(source: "Source") -> Any:
    from lxml import etree

    kw = dict(no_network=True, huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        parser = etree.XMLParser(resolve_entities="internal", **kw)
    except TypeError:  # lxml < 5
        parser = etree.XMLParser(resolve_entities=False, **kw)
    data = source.data
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        source.warnings.append(f"XML error ({exc.msg}); read in recover mode, some text may be missing")
    parser = etree.XMLParser(recover=True, resolve_entities=False, **kw)
    root = etree.fromstring(data, parser)
    if root is None:
        raise ValueError("not readable as XML")
    return root


def _house(source: "Source", root: Any) -> str:
    name = source.path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name.startswith(("lords", "daylord")):
        return LORDS
    for el in root.iter("speech", "ques", "reply", "major-heading", "minor-heading"):
        if "/lords/" in (el.get("id") or "") or "/lord/" in (el.get("speakerid") or ""):
            return LORDS
    return COMMONS


def _kind_of(root: Any, source: "Source") -> str:
    """'wrans', 'wms' or 'speech' from the gid namespace (…/wrans/, …/wms/)."""
    for el in root.iter("ques", "reply", "speech", "minor-heading", "major-heading", "gidredirect"):
        gid = el.get("id") or el.get("oldgid") or ""
        if "/wrans/" in gid:
            return "wrans"
        if "/wms/" in gid:
            return "wms"
        if gid:
            return "speech"
    return "speech"


def parse(source: "Source") -> list[Record]:
    from corpus.htmltext import element_blocks

    # This parser reads the raw bytes with the encoding the XML declares, so
    # notes about how the loader decoded the text for other formats do not apply.
    del source.warnings[:]
    root = _parse_xml(source)
    house = _house(source, root)
    kind = _kind_of(root, source)
    latest = root.get("latest")
    scrape = root.get("scrapeversion")
    redirects_to: dict[str, str] = {}
    redirects_from: dict[str, list[str]] = {}
    for el in root.iter("gidredirect"):
        old, new = el.get("oldgid"), el.get("newgid")
        if old and new:
            redirects_to[old] = new
            redirects_from.setdefault(new, []).append(old)
    bill = None
    bill_el = root.find("bill")
    if bill_el is not None:
        bill = bill_el.get("title") or _text(bill_el) or None

    def blocks(el: Any, role: str) -> list[tuple[str, str, bool]]:
        return [(role, _fix(b.text), b.list_item) for b in element_blocks(el)]

    def common(gids: list[str], speaker_el: Any | None) -> tuple[str | None, dict[str, Any]]:
        """Natural key and shared extra for a record made of elements with these gids."""
        extra: dict[str, Any] = {"gid": gids[0]}
        parts = split_gid(gids[0])
        key = None
        if parts:
            key = "twfy:" + parts[0]
            letter = scrape or parts[3]
            extra["scrape_family"] = f"{house}:{parts[1]}"
            extra["scrape_version"] = letter
        if latest == "no":
            extra["superseded"] = True
        to = sorted({redirects_to[g] for g in gids if g in redirects_to})
        if to:
            extra["redirected_to"] = to
        frm = sorted({o for g in gids for o in redirects_from.get(g, ()) if o not in gids})
        if frm:
            extra["redirects_from"] = frm
        return key, extra

    def date_of(gid: str) -> str | None:
        parts = split_gid(gid)
        return parts[2] if parts else None

    records: list[Record] = []
    empty = 0
    major: str | None = None
    minor: str | None = None
    group: list[Any] = []  # ques/reply elements of one written answer
    section: list[Any] = []  # speeches of one written statement
    sec_title: str | None = None

    def flush_group() -> None:
        nonlocal empty
        if not group:
            return
        els = list(group)
        group.clear()
        ques = [e for e in els if e.tag == "ques"]
        replies = [e for e in els if e.tag == "reply"]
        paras = [p for e in ques for p in blocks(e, QUESTION)] + [p for e in replies for p in blocks(e, ANSWER)]
        if not paras:
            empty += 1
            return
        gids = [e.get("id") for e in els if e.get("id")]
        key, extra = common(gids or [""], None)
        first_q = ques[0] if ques else None
        first_r = replies[0] if replies else None
        uins = [p.get("qnum") for e in ques for p in e.iter("p") if p.get("qnum")]
        if first_q is not None and first_q.get("speakerid"):
            extra["asking_member_id"] = first_q.get("speakerid")
        if first_r is not None and first_r.get("speakerid"):
            extra["answering_member_id"] = first_r.get("speakerid")
        askers = list(dict.fromkeys(e.get("speakername") for e in ques if e.get("speakername")))
        if len(askers) > 1:
            extra["asked_by_all"] = askers
        if len(uins) > 1:
            extra["uins"] = uins
        holding = [p for e in replies for p in e.iter("p") if p.get("class") == "holdinganswer"]
        if holding:
            extra["holding_answer"] = True
            codes = [ph.get("code") for ph in holding[0].iter("phrase") if ph.get("class") == "date" and ph.get("code")]
            if codes:
                extra["date_holding_answer"] = codes[0]
        if kind == "wrans" and major and house == COMMONS:
            department = major
        else:
            department = None
            if major:
                extra["major_heading"] = major
        colnum = (first_q if first_q is not None else els[0]).get("colnum")
        if colnum:
            extra["colnum"] = colnum
        extra["markup_licence"] = MARKUP_LICENCE
        notes = {"date_answered": "the date of the Hansard written answers in which it was printed"}
        records.append(
            make_record(
                paras,
                natural_key=key,
                kind=WRITTEN_QUESTION,
                house=house,
                title=minor or major,
                date_answered=date_of(gids[0]) if gids else None,
                asked_by=askers[0] if askers else None,
                answered_by=first_r.get("speakername") if first_r is not None else None,
                answered_by_role=(first_r.get("speakeroffice") if first_r is not None else None) or None,
                department=apply_department(department, extra, notes),
                source=SOURCE,
                uin=uins[0] if uins else None,
                url=(first_q if first_q is not None else els[0]).get("url") or None,
                licence=OGL_PARLIAMENT,
                field_notes=notes,
                extra=extra,
            )
        )

    def speech_record(els: list[Any], rec_kind: str, title: str | None, major_h: str | None) -> None:
        nonlocal empty
        paras = [p for e in els for p in blocks(e, BODY)]
        if not paras:
            empty += 1
            return
        first = next((e for e in els if e.get("speakername")), els[0])
        gids = [e.get("id") for e in els if e.get("id")]
        key, extra = common(gids or [""], first)
        if first.get("speakerid"):
            extra["speaker_id"] = first.get("speakerid")
        speakers = list(dict.fromkeys(e.get("speakername") for e in els if e.get("speakername")))
        if len(speakers) > 1:
            extra["speakers"] = speakers
        if els[0].get("nospeaker") == "true" and not first.get("speakername"):
            extra["nospeaker"] = True
        for attr in ("colnum", "time"):
            if els[0].get(attr):
                extra[attr] = els[0].get(attr)
        if bill:
            extra["bill"] = bill
        department = None
        if rec_kind == WRITTEN_STATEMENT and house == COMMONS and major_h:
            department = major_h
        elif major_h and major_h != title:
            extra["major_heading"] = major_h
        extra["markup_licence"] = MARKUP_LICENCE
        notes = {"answered_by": "speaker"}
        records.append(
            make_record(
                paras,
                natural_key=key,
                kind=rec_kind,
                house=house,
                title=title,
                date=date_of(gids[0]) if gids else None,
                answered_by=first.get("speakername") or None,
                answered_by_role=first.get("speakeroffice") or None,
                department=apply_department(department, extra, notes),
                source=SOURCE,
                url=els[0].get("url") or None,
                licence=OGL_PARLIAMENT,
                field_notes=notes,
                extra=extra,
            )
        )

    def flush_section() -> None:
        if section:
            els = list(section)
            section.clear()
            speech_record(els, WRITTEN_STATEMENT, sec_title, sec_major)

    sec_major: str | None = None
    for el in root:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == "major-heading":
            flush_group()
            flush_section()
            major, minor = _text(el) or None, None
        elif tag == "minor-heading":
            flush_group()
            flush_section()
            minor = _text(el) or None
        elif tag == "ques":
            if any(e.tag == "reply" for e in group):
                flush_group()
            group.append(el)
        elif tag == "reply":
            group.append(el)
        elif tag == "speech":
            flush_group()
            if kind == "wms":
                if not section:
                    sec_title, sec_major = minor or major, major
                section.append(el)
            else:
                speech_record([el], DEBATE, minor or major, major)
    flush_group()
    flush_section()
    if empty:
        source.warnings.append(f"{empty} empty speeches or answers (no text) skipped")
    if not records and redirects_to:
        source.warnings.append("older scrape holding only redirects to a later version: no records")
    return records


def resolve_gid(corpus: Any, gid: str) -> Record | None:
    """The loaded record for a TheyWorkForYou gid, old or new.

    Accepts any scrape version of the gid (``…2009-10-28b.296230.q0`` finds the
    record loaded from the ``c`` scrape), and old gids that a ``<gidredirect>``
    pointed at a loaded record.
    """
    parts = split_gid(gid)
    if parts:
        from corpus.model import record_id_for

        hit = corpus.record(record_id_for("twfy:" + parts[0], ()))
        if hit is not None:
            return hit
    stable = parts[0] if parts else gid
    for r in corpus.records:
        ex = r.extra
        if "gid" not in ex:
            continue
        for old in ex.get("redirects_from", ()):
            p = split_gid(old)
            if old == gid or (p and p[0] == stable):
                return r
    return None
