"""UK Parliament written questions / written statements API JSON.

Detected by content.  Accepted shapes (see /work/shared/data/API_SHAPE.txt):

* a list response ``{"totalResults": n, "results": [{"value": {...}, "links": [...]}]}``;
* a bare array of results (``[{"value": ...}, ...]``) or of bare view models;
* JSON Lines, one result per line (a bad line is skipped with a warning);
* a single detail response ``{"value": {...}, "links": [...]}`` (full text, HTML answer).

The list endpoint truncates: ``questionText`` is cut at 255 characters (no
ellipsis), ``answerText`` at 255 characters plus ``"..."`` with the HTML
stripped.  Such records carry ``extra["truncated"] = ["question", "answer"]``
(as applicable); when the same question is loaded again in full, the loader
keeps the full copy (see ``corpus.loader.prefer``).

Member names and parties come only from expanded ``askingMember`` /
``answeringMember`` objects, or from the local members table that
``parlread fetch`` fills from them (:func:`name_members`, applied at load);
otherwise the name is unknown (``None``) and ``extra`` keeps the member id.
Nothing is invented.

Titles: the API's ``heading``; while it is null (before an answer) a title is
derived from the question text and marked so (``extra["title_derived"]`` and
a field note).  Departments are normalised in case and known renames
(:mod:`corpus.departments`), the original kept in ``extra``.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Iterable

from corpus.departments import apply_department
from corpus.model import (
    ANSWER,
    BODY,
    OGL_PARLIAMENT,
    QUESTION,
    WRITTEN_QUESTION,
    WRITTEN_STATEMENT,
    Record,
    extra_may_have,
    make_record,
)

if TYPE_CHECKING:
    from corpus.corpus import Corpus
    from corpus.source import Source

NAME = "parliament-api-json"
VERSION = 1

QUESTIONS_SOURCE = "UK Parliament written questions API"
STATEMENTS_SOURCE = "UK Parliament written statements API"
API_BASE = "https://questions-statements-api.parliament.uk"
QUESTION_URL = API_BASE + "/api/writtenquestions/questions/{id}"
STATEMENT_URL = API_BASE + "/api/writtenstatements/statements/{id}"

QUESTION_CUT = 255  # list endpoint: questionText cut here, no ellipsis
ANSWER_CUT = 258  # list endpoint: 255 characters + "..."

_MARKERS = ('"questionText"', '"answeringBodyName"', '"dateTabled"', '"dateMade"', '"totalResults"', '"memberRole"')


def sniff(source: "Source") -> bool:
    head = source.text[:8192].lstrip("\ufeff \t\r\n")
    if not head.startswith(("{", "[")):
        return False
    return any(m in head for m in _MARKERS)


# ---------------------------------------------------------------------------
def parse(source: "Source") -> list[Record]:
    items, detail = _items(source)
    records: list[Record] = []
    skipped: list[str] = []  # one warning for all the items that are not records
    for n, item in enumerate(items, 1):
        try:
            rec = parse_item(item, detail=detail)
        except Exception as exc:  # one bad item must not lose the others
            skipped.append(f"item {n}: skipped, not a question or statement ({type(exc).__name__}: {exc})")
            continue
        if rec is None:
            skipped.append(f"item {n}: skipped, not a written question or statement")
            continue
        records.append(rec)
    if len(skipped) == 1:
        source.warnings.append(skipped[0])
    elif skipped:
        what = "all" if not records else f"{len(skipped)} of {len(items)}"
        source.warnings.append(f"{what} items skipped, not written questions or statements (the first: {skipped[0]})")
    return records


# ---------------------------------------------------------------------------
def _items(source: "Source") -> tuple[list[Any], bool]:
    """The result items of a source, and whether it is a single detail response."""
    text = source.text.lstrip("\ufeff")
    try:
        data = json.loads(text)
    except RecursionError:
        source.warnings.append("skipped: JSON nested too deeply")
        return [], False
    except json.JSONDecodeError as exc:
        return _broken(text, source, exc.with_traceback(None)), False
    if isinstance(data, list):
        return data, False
    if isinstance(data, dict):
        if isinstance(data.get("results"), list):
            return data["results"], False
        if isinstance(data.get("value"), dict):
            return [data], "_provenance" not in data
        return [data], True  # a bare view model
    source.warnings.append("JSON is neither an object nor an array")
    return [], False


def _broken(text: str, source: "Source", exc: json.JSONDecodeError) -> list[Any]:
    """Items of a file that is not one JSON document: JSON Lines (each bad
    line skipped), else the complete items of a cut-off array.  One warning,
    with the line and column where the JSON breaks."""
    from corpus.formats.jsonshape import _MSG, describe_error, parse_json_or_lines, salvage_items, where

    data, lines, err = parse_json_or_lines(text)
    if lines:
        bad = [n for n, ln in enumerate(text.splitlines(), 1) if ln.strip() and not _parses(ln)]
        if bad and err is not None:
            lines_ = text.rstrip().splitlines()
            last = len(bad) == 1 and bad[0] == len(lines_) and _cut_line(lines_[-1])
            why = "the line ends too early: cut off?" if last else _MSG.get(err.msg, err.msg)
            at = f"line {bad[0]}, column {len(lines_[-1].rstrip())}" if last else where(err)
            if len(bad) == 1:
                source.warnings.append(f"{at}: skipped, not valid JSON ({why})")
            else:
                source.warnings.append(f"{len(bad)} lines skipped, not valid JSON (the first at {where(err)}: {why})")
        return data
    items, err2 = salvage_items(text)
    err = err2 or exc
    if items:
        source.warnings.append(
            f"{describe_error(err, text)}; the {len(items)} complete item{'s' if len(items) != 1 else ''} "
            "before that point loaded")
        return items
    source.warnings.append(f"skipped: {describe_error(exc, text)}")
    return []


def _cut_line(line: str) -> bool:
    from corpus.formats.jsonshape import cut_off

    try:
        json.loads(line)
    except json.JSONDecodeError as exc:
        return cut_off(exc, line)
    except RecursionError:
        return False
    return False


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


def parse_item(item: Any, *, detail: bool = False) -> Record | None:
    """One API result (``{"value": ...}`` or a bare view model) as a Record."""
    if not isinstance(item, dict):
        return None
    value = item.get("value") if isinstance(item.get("value"), dict) else item
    prov = item.get("_provenance") if isinstance(item.get("_provenance"), dict) else None
    if isinstance(item.get("_parlread"), dict) and item["_parlread"].get("detail"):
        detail = True  # fetched by `parlread fetch` from the detail endpoint (full text)
    if "questionText" in value or "dateTabled" in value:
        local = item.get("_parlread") if isinstance(item.get("_parlread"), dict) else None
        return question_record(value, provenance=prov, detail=detail, local=local)
    if "dateMade" in value or "memberRole" in value or ("text" in value and "uin" in value):
        return statement_record(value, provenance=prov, detail=detail)
    return None


# ---------------------------------------------------------------------------
def _date(value: Any) -> str | None:
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return value[:10]
    return None


def _member(m: Any) -> tuple[str | None, str | None]:
    if isinstance(m, dict):
        name = m.get("name") or m.get("listAs")
        return (name or None), (m.get("party") or None)
    return None, None


def _paragraphs(text: Any, role: str) -> list[tuple[str, str, bool]]:
    if not isinstance(text, str) or not text.strip():
        return []
    from corpus.htmltext import html_blocks, looks_like_html

    if looks_like_html(text):
        return [(role, b.text, b.list_item) for b in html_blocks(text)]
    return [(role, p, False) for p in text.split("\n\n") if p.strip()]


def _truncated(value: dict, provenance: dict | None, detail: bool, fields: Iterable[tuple[str, str]]) -> list[str]:
    from corpus.htmltext import looks_like_html

    out = []
    if provenance is not None and isinstance(provenance.get("stillTruncated"), list):
        still = provenance["stillTruncated"]
        return [name for api_field, name in fields if api_field in still]
    for api_field, name in fields:
        t = value.get(api_field)
        if not isinstance(t, str) or looks_like_html(t):
            continue
        if api_field != "questionText" and len(t) == ANSWER_CUT and t.endswith("..."):
            out.append(name)  # the detail endpoint's answers are HTML, so this is never a full answer
        elif api_field == "questionText" and len(t) == QUESTION_CUT and not detail:
            out.append(name)
    return out


# Words a question starts with: they end the "To ask ..." formula (after its comma, or, where the
# source left the comma out, after the addressee).  No department's name has one of them after a comma.
_OPENERS = (r"what|how|whether|if|when|which|why|who|whom|where|pursuant|with|further|following|given|"
            r"in|on|by|to|for|of|is|will|does|has|are|do|can|could|would|should")
_LEAD = (
    r"^\s*To\s+(?:ask\s+)?"  # "To the Secretary of State ..." is a typo the API carries
    r"(?:(?:His|Her)\s+Majesty[’']s\s+Government,?\s+"  # Lords
    r"|(?:the\s+)?(?:(?:right\s+)?hon\.?\s+)?(?:Member|Lady|Gentleman)\s+for\s+[^,]{1,80},\s+representing\s+"
)
# Commons: "the Secretary of State for Environment, Food and Rural Affairs, what ..." -- the comma
# before a lower-case word, a "(" or a capitalised opener ends it
_ASK = re.compile(_LEAD + r"|(?:the\s+)?)"
                  r"(?:(?!\b(?:what|how|whether|which|when|why|who)\b).){3,200}?,\s+"
                  rf"(?=[a-z(]|(?:{_OPENERS.title()})\b)")
# ... or, without the comma, a lower-case question word right after the addressee
_ASK_NO_COMMA = re.compile(_LEAD + r"|(?:the\s+)?)"
                           r"(?:(?!\b(?:what|how|whether|which|when|why|who)\b)[^,]|,\s+(?=[A-Z])){3,200}?\s+"
                           r"(?=(?:what|how|whether|if|when|which|why|who)\b)")
TITLE_WORDS = 12
TITLE_CHARS = 90


def derive_title(question: Any) -> str | None:
    """A short title from a question's text: the ask formula dropped, the first words kept.

    ``"To ask the Secretary of State for Education, how many additional staff
    will be required..."`` gives ``"How many additional staff will be required
    in September 2024 for the…"``.  ``None`` when there is no text.
    """
    if not isinstance(question, str):
        return None
    from corpus.htmltext import html_blocks, looks_like_html

    text = " ".join(b.text for b in html_blocks(question)) if looks_like_html(question) else question
    text = " ".join(text.split())
    if not text:
        return None
    rest = text
    for _ in range(2):  # the API has questions with the formula twice over
        m = _ASK.match(rest) or _ASK_NO_COMMA.match(rest)
        if not m or m.end() >= len(rest):
            break
        rest = rest[m.end():]
    if not re.match(r"\w\)", rest):  # "a) whether ..." stays as the list item it is
        rest = rest[:1].upper() + rest[1:]
    words = rest.split(" ")
    short = " ".join(words[:TITLE_WORDS])
    if len(short) > TITLE_CHARS:
        short = short[:TITLE_CHARS].rsplit(" ", 1)[0] or short[:TITLE_CHARS]
    short = short.rstrip(" ,;:.?")
    return short + ("…" if short != rest.rstrip(" .?") else "")


# (field on the record, party field, id key in extra)
_MEMBER_FIELDS = (
    ("asked_by", "asked_by_party", "asking_member_id"),
    ("answered_by", "answered_by_party", "answering_member_id"),
    ("answered_by", "answered_by_party", "member_id"),  # statements
)
MEMBERS_NOTE = "from your local members table (names the Parliament API gave for this member id)"
PARTY_NOTE = ("from your local members table: the party the API gave when you fetched, "
              "not necessarily the member's party on this record's date")


def name_members(records: Iterable[Record], table: dict[str, dict] | None = None) -> int:
    """Name API records that carry only member ids, from the local members table.

    Only an id the table holds gets a name (the name the API gave for that
    id); anything else stays unknown.  Returns how many names were filled.
    """
    if table is None:
        from corpus.api.members import load_table

        table = load_table()
    if not table:
        return 0
    filled = 0
    for r in records:
        ex = r.extra
        if "question_id" not in ex and "statement_id" not in ex:
            continue
        for name_f, party_f, key in _MEMBER_FIELDS:
            mid = ex.get(key)
            if mid is None or getattr(r, name_f):
                continue
            m = table.get(str(mid))
            if not m or not m.get("name"):
                continue
            setattr(r, name_f, m["name"])
            r.field_notes = dict(r.field_notes)  # loaded records share equal notes dicts (corpus.loader)
            if not getattr(r, party_f) and m.get("party"):
                setattr(r, party_f, m["party"])
                r.field_notes[party_f] = PARTY_NOTE
            note = r.field_notes.get(name_f, "")
            r.field_notes[name_f] = ("speaker; " if note.startswith("speaker") else "") + MEMBERS_NOTE
            filled += 1
    return filled


def question_record(value: dict, *, provenance: dict | None = None, detail: bool = False, local: dict | None = None) -> Record:
    """A written question (with its answer) from a QuestionsViewModel.

    ``local`` is what ``parlread fetch`` stored beside the API's value: the
    answer text it had fetched before the answer was corrected, used as the
    original when the API gives none.
    """
    qid = value["id"]
    paras = _paragraphs(value.get("questionText"), QUESTION) + _paragraphs(value.get("answerText"), ANSWER)
    asked_by, asked_party = _member(value.get("askingMember"))
    answered_by, answered_party = _member(value.get("answeringMember"))
    extra: dict[str, Any] = {"question_id": qid}
    if value.get("askingMemberId") is not None:
        extra["asking_member_id"] = value["askingMemberId"]
    if value.get("answeringMemberId") is not None:
        extra["answering_member_id"] = value["answeringMemberId"]
    grouped = value.get("groupedQuestions") or []
    if grouped:
        extra["grouped_uins"] = [str(u) for u in grouped]
        dates = {
            str(g.get("questionUin")): _date(g.get("dateTabled"))
            for g in value.get("groupedQuestionsDates") or []
            if isinstance(g, dict) and g.get("questionUin")
        }
        if dates:
            extra["grouped_dates"] = dates
    if value.get("answerIsHolding"):
        extra["holding_answer"] = True
    if _date(value.get("dateHoldingAnswer")):
        extra["date_holding_answer"] = _date(value.get("dateHoldingAnswer"))
    if value.get("isWithdrawn"):
        extra["withdrawn"] = True
    if value.get("isNamedDay"):
        extra["named_day"] = True
    if _date(value.get("dateForAnswer")):
        extra["date_for_answer"] = _date(value.get("dateForAnswer"))
    if value.get("answerIsCorrection"):
        extra["correction"] = True
        if _date(value.get("dateAnswerCorrected")):
            extra["date_answer_corrected"] = _date(value.get("dateAnswerCorrected"))
        if value.get("correctingMemberId") is not None:
            extra["correcting_member_id"] = value["correctingMemberId"]
        original = [t for _, t, _ in _paragraphs(value.get("originalAnswerText"), ANSWER)]
        if not original and local and isinstance(local.get("previousAnswerText"), str):
            original = [t for _, t, _ in _paragraphs(local["previousAnswerText"], ANSWER)]
            if original:
                extra["original_answer_source"] = "your earlier fetch (the API gave no original text)"
        if original:
            extra["original_answer"] = original
    if value.get("memberHasInterest"):
        extra["member_has_interest"] = True
    attachments = [
        {"title": a.get("title"), "url": a.get("url")}
        for a in value.get("attachments") or []
        if isinstance(a, dict)
    ]
    if attachments:
        extra["attachments"] = attachments
    truncated = _truncated(value, provenance, detail, (("questionText", "question"), ("answerText", "answer")))
    if truncated:
        extra["truncated"] = truncated
    notes: dict[str, str] = {}
    if value.get("answerText") and not value.get("dateAnswered"):
        notes["date_answered"] = "the source has the answer text but no answer date"
    if value.get("answeringMemberId") and not answered_by:
        notes["answered_by"] = f"not named in the source (member id {value['answeringMemberId']})"
    if value.get("askingMemberId") and not asked_by:
        notes["asked_by"] = f"not named in the source (member id {value['askingMemberId']})"
    if value.get("correctingMemberId") and isinstance(value.get("correctingMember"), dict):
        extra["correcting_member"] = value["correctingMember"].get("name")
    title = value.get("heading") or None
    if title is None:
        title = derive_title(value.get("questionText"))
        if title is not None:
            extra["title_derived"] = True
            notes["title"] = "derived from the question text (the API gives no heading until the question is answered)"
    department = apply_department(value.get("answeringBodyName") or None, extra, notes)
    return make_record(
        paras,
        natural_key=f"uk-parliament-wq:{qid}",
        kind=WRITTEN_QUESTION,
        house=value.get("house") or None,
        title=title,
        date_asked=_date(value.get("dateTabled")),
        date_answered=_date(value.get("dateAnswered")),
        asked_by=asked_by,
        asked_by_party=asked_party,
        answered_by=answered_by,
        answered_by_party=answered_party,
        department=department,
        source=QUESTIONS_SOURCE,
        uin=str(value["uin"]) if value.get("uin") is not None else None,
        url=QUESTION_URL.format(id=qid),
        licence=OGL_PARLIAMENT,
        field_notes=notes,
        extra=extra,
    )


def statement_record(value: dict, *, provenance: dict | None = None, detail: bool = False) -> Record:
    sid = value["id"]
    name, party = _member(value.get("member"))
    extra: dict[str, Any] = {"statement_id": sid}
    if value.get("memberId") is not None:
        extra["member_id"] = value["memberId"]
    if value.get("noticeNumber") is not None:
        extra["notice_number"] = value["noticeNumber"]
    linked = [l for l in value.get("linkedStatements") or [] if isinstance(l, dict)]
    if linked:
        extra["linked_statements"] = [
            {"id": l.get("linkedStatementId"), "type": l.get("linkType"), "date": _date(l.get("linkDate"))} for l in linked
        ]
    attachments = [{"title": a.get("title"), "url": a.get("url")} for a in value.get("attachments") or [] if isinstance(a, dict)]
    if attachments:
        extra["attachments"] = attachments
    truncated: list[str] = []
    if provenance is not None and isinstance(provenance.get("stillTruncated"), list):
        truncated = ["text"] if "text" in provenance["stillTruncated"] else []
    elif not detail:
        t = value.get("text")
        from corpus.htmltext import looks_like_html

        if isinstance(t, str) and not looks_like_html(t) and (len(t) == QUESTION_CUT or (len(t) == ANSWER_CUT and t.endswith("..."))):
            truncated = ["text"]
    if truncated:
        extra["truncated"] = truncated
    notes = {"answered_by": "speaker"}
    if value.get("memberId") and not name:
        notes["answered_by"] += f"; not named in the source (member id {value['memberId']})"
    department = apply_department(value.get("answeringBodyName") or None, extra, notes)
    return make_record(
        _paragraphs(value.get("text"), BODY),
        natural_key=f"uk-parliament-ws:{sid}",
        kind=WRITTEN_STATEMENT,
        house=value.get("house") or None,
        title=value.get("title") or None,
        date=_date(value.get("dateMade")),
        answered_by=name,
        answered_by_party=party,
        answered_by_role=value.get("memberRole") or None,
        department=department,
        source=STATEMENTS_SOURCE,
        uin=str(value["uin"]) if value.get("uin") is not None else None,
        url=STATEMENT_URL.format(id=sid),
        licence=OGL_PARLIAMENT,
        field_notes=notes,
        extra=extra,
    )


# ---------------------------------------------------------------------------
def group_of(corpus: "Corpus", record: Record) -> list[Record]:
    """The other loaded questions answered together with ``record`` (grouped questions).

    Matched by uin and, when the source gives it, the grouped question's date
    tabled (uins restart each session).  In uin order; empty when none loaded.
    """
    uins = record.extra.get("grouped_uins") or []
    if not uins:
        return []
    dates = record.extra.get("grouped_dates") or {}
    wanted = set(uins)
    out = []
    for r in corpus.records:
        if r is record or r.uin not in wanted or r.kind != WRITTEN_QUESTION:
            continue
        if r.house != record.house:
            continue
        d = dates.get(r.uin)
        if d is not None and r.date_asked != d:
            continue
        out.append(r)
    out.sort(key=lambda r: (r.date_asked or "", r.uin or ""))
    return out


def correction_pair(record: Record) -> tuple[Record, Record] | None:
    """(original answer, corrected answer) for a corrected answer whose original text is known."""
    original = record.extra.get("original_answer")
    if not original or "question_id" not in record.extra:
        return None
    paras = [(p.role, p.text, p.list_item) for p in record.passages if p.role == QUESTION]
    paras += [(ANSWER, t) for t in original]
    extra = {k: v for k, v in record.extra.items() if k not in ("original_answer", "correction", "date_answer_corrected", "correcting_member_id", "truncated")}
    extra["original_of"] = record.id
    meta = {name: getattr(record, name) for name in (
        "kind", "house", "title", "date", "date_asked", "date_answered", "asked_by", "asked_by_party",
        "asked_by_role", "answered_by", "answered_by_party", "answered_by_role", "department", "source",
        "volume", "uin", "url", "licence", "source_file", "source_format")}
    orig = make_record(
        paras,
        natural_key=f"uk-parliament-wq:{record.extra['question_id']}:original",
        field_notes={"date_answered": "date of the original answer, later corrected"},
        extra=extra,
        **meta,
    )
    return orig, record


_NOT_LETTERS = re.compile(r"[\W_]+")


def _letters(text: str) -> str:
    """Letters and digits only, lower case: the list endpoint strips the HTML
    tags with no space between paragraphs, so only these compare."""
    return _NOT_LETTERS.sub("", text).lower()


def complete_from_groups(records: list[Record]) -> int:
    """Give a question whose answer the list endpoint cut at 255 characters
    the full answer of a loaded question it was *answered together with*
    (the API's ``groupedQuestions``: one answer for the group).

    Only when the other copy is complete (not cut, not empty), is in the same
    House (and, when the source gives it, was tabled on the grouped date),
    has the same answer date when both are known, and its answer starts with
    exactly the cut text (compared on letters and digits, since the list
    endpoint runs paragraphs together).  The record keeps its id; its answer
    passages are the full ones, ``"answer"`` leaves ``extra["truncated"]``
    and ``extra["answer_from_grouped"]`` says where the text came from.
    Returns how many answers were completed."""
    # the copies an answer can come from: full in their own source.  A record filled
    # below was cut (so never full) and stays so: this set does not change meanwhile
    index: dict[tuple[Any, str], list[Record]] = {}
    for r in records:
        if r.uin and r.kind == WRITTEN_QUESTION:
            ex = r.extra  # decoded once (a compact extra is decoded at each read: corpus.model)
            if "question_id" in ex and "answer" not in (ex.get("truncated") or ()) and "answer_from_grouped" not in ex:
                index.setdefault((r.house, r.uin), []).append(r)
    filled = 0
    for r in records:
        if not extra_may_have(r, "grouped_uins"):  # most records: their compact extra is not decoded
            continue
        ex = r.extra
        if "answer" not in (ex.get("truncated") or ()) or not ex.get("grouped_uins") or "question_id" not in ex:
            continue
        cut_text = " ".join(p.text for p in r.passages if p.role == ANSWER)
        prefix = _letters(cut_text.removesuffix("..."))
        if len(prefix) < 100:  # nothing to match on
            continue
        dates = ex.get("grouped_dates") or {}
        full = _full_partner(r, prefix, index, dates)
        if full is None:
            continue
        paras = [(p.role, p.text, p.list_item) for p in r.passages if p.role != ANSWER]
        paras += [(ANSWER, p.text, p.list_item) for p in full.passages if p.role == ANSWER]
        rebuilt = make_record(paras, natural_key=f"uk-parliament-wq:{ex['question_id']}")
        if rebuilt.id != r.id:  # pragma: no cover - ids come from the natural key
            continue
        r.passages = rebuilt.passages
        extra = dict(ex)
        rest = [t for t in extra["truncated"] if t != "answer"]
        if rest:
            extra["truncated"] = rest
        else:
            del extra["truncated"]
        extra["answer_from_grouped"] = {"uin": full.uin, "question_id": full.extra.get("question_id"), "record": full.id}
        r.extra = extra
        filled += 1
    return filled


def _full_partner(r: Record, prefix: str, index: dict, dates: dict) -> Record | None:
    for uin in r.extra["grouped_uins"]:
        d = dates.get(uin)
        for o in index.get((r.house, uin), ()):
            if o is r or (d is not None and o.date_asked != d):
                continue
            if r.date_answered and o.date_answered and r.date_answered != o.date_answered:
                continue
            answer = " ".join(p.text for p in o.passages if p.role == ANSWER)
            if answer and _letters(answer).startswith(prefix):
                return o
    return None
