"""Field lines: labels, field sentences, block heads and section words, question openings and numbers.

Labels ("Asked by:", "Answered on", "Question to the …"), field sentences ("(asked on …)", "Volume …: debated on …",
"… written question – answered on …"), block heads ("Written Question", "Q", "WS") and section words, "To ask …"
openings and "[HL1234]" numbers.  (Names and speakers: speakers.py; the parties' and departments' names: vocab.py;
headings that are not titles: headings.py.)

Everything here reads one line (or the start of one paragraph) and says what
it states; nothing is guessed.  Labels are recognised with or without a
colon, on their own line (the value on the next line) or inline.
"""

from __future__ import annotations

import re
from typing import Any

from corpus.extract.vocab import DEPARTMENT_ABBREVIATIONS, PERSON

# ---------------------------------------------------------------- labels
# field, label words; "colon" labels need a colon (or the end of the line) after them
_LABELS: list[tuple[str, str, bool]] = [
    ("asked_by", r"(?:Asked|Tabled|Question asked|Question tabled|Raised) by", False),
    ("date_asked", r"(?:Asked|Tabled|Date tabled|Date asked|Question tabled|Tabled on|Asked on)(?: on)?|Date of question", False),
    ("answered_by", r"Answered by|Answer(?:ed)? given by|Replied by|Answering member|Responded to by|Answer by", False),
    ("date_answered", r"Answered(?: on)?|Date answered|Date of answer|Answer date|This question was answered on", False),
    ("department", r"Question to(?: the)?|Question for(?: the)?|Questions? addressed to(?: the)?|Addressed to(?: the)?", False),
    ("department", r"Department|Answering (?:body|department)|Lead department|Government department|Ministry", True),
    ("made_by", r"(?:Statement )?[Mm]ade by|Statement by|Speaker", True),
    ("made_by", r"Made by", False),
    ("date", r"Made on|Date made|Statement made on|Date of statement|Date|Sitting date|Debated on", True),
    ("date", r"Made on|Debated on", False),
    ("corrected_by", r"Corrected by|Correction made by", False),
    ("date_corrected", r"Corrected on|Date corrected", False),
    ("uin", r"UIN|Question (?:number|reference|no\.?)|Reference|WSID|Statement (?:number|reference)|Ref\.?", True),
    ("uin", r"UIN|Question (?:number|reference|no\.?)", False),
    ("house", r"House|Chamber", True),
    ("holding", r"Holding answer(?: received| given| issued)?(?: on)?|Holding reply(?: given)?(?: on)?", False),
    ("grouped", r"Grouped (?:questions|with)", True),
    ("title", r"Title|Heading|Subject|Question title", True),
    ("due", r"(?:Due for answer|Answer expected|Date for answer|Answer due)(?: on| by)?", False),
]
_LABEL_RES = [
    (f, re.compile(rf"^(?P<label>{words})(?P<sep>\s*:\s*|\s+[-–—]\s+|\s*${'' if colon else '|[ ]+'})(?P<value>.*)$", re.I if f != "made_by" else 0))
    for f, words, colon in _LABELS
]
_ASKED_ON_BRACKET = re.compile(r"^\((?:asked|tabled) on (?P<date>[^)]+)\)(?P<vs>\s*-\s*View Source)?$", re.I)
_ANSWERED_ON_SENTENCE = re.compile(r"^This question was answered on (?P<date>.+?)\.?$", re.I)
_HOLDING_NOTICE = re.compile(r"^(?:\[|\()?holding answer (?:received |given )?(?:on )?(?P<date>[^\])]+)(?:\]|\))?\.?$", re.I)
_WITHDRAWN = re.compile(r"^(?:\[|\()?(?:this question (?:was|has been) withdrawn|question withdrawn|withdrawn)(?: on (?P<date>[^\])]+?))?\.?(?:\]|\))?$", re.I)
_TWFY_HEAD = re.compile(r"^(?P<dept>.+?) written (?P<what>questions?|answers?|statements?)\s*[-–—]\s*(?:answered|made|asked|tabled) (?:on|at) (?P<date>.+?)\.?$", re.I)
_RECEIVED = re.compile(r"^(?P<name>.{3,120}?) received the following written (?P<what>answers?|statements?) on (?P<date>[^:]+):?$", re.I)
_VOLUME = re.compile(r"^Volume (?P<vol>\d+)\s*:\s*(?:debated|made|answered) on (?P<date>.+)$", re.I)
_COLUMN = re.compile(r"^(?P<date>.{6,40}?)\s*:\s*Col(?:umn|\.)?\s*(?P<col>(?:WA|WS|W|GC|WH)?\s*\d+\s*(?:W|WS|WH|GC)?)\s*$", re.I)
_STATEMENTS_TITLE = re.compile(r"^Written (?:ministerial )?statements? (?:on|about|:)\s*(?P<rest>.+)$", re.I)
_BLOCK_HEAD = re.compile(
    r"^(?:(?:Parliamentary |Commons |Lords )?Written (?P<w>Questions?|Answers?|(?:Ministerial )?Statements?)|(?P<q>Q)|(?P<ws>WS)"
    r"|(?P<wms>Written Ministerial Statement))(?:\s*\((?P<date>[^)]+)\))?$", re.I)
_SECTION = re.compile(r"^(?:(?P<q>Question(?: Asked| text)?|Q)|(?P<a>Answer(?: text)?|A|Reply"
                      r"|The correct(?:ed)? (?:answer|reply) (?:should have been|is|reads)))\s*:?$", re.I)
_TABLED_DUE = re.compile(r"^Tabled on (?P<date>.+?) and due for answer (?:by|on) (?P<due>.+?)\.?$", re.I)
_CORRECTED_NOTICE = re.compile(
    r"^An error has been identified in the (?:written )?(?P<what>answer|reply|statement) (?:given|made|published) on (?P<date>.+?)\.?$", re.I)
HOUSE_LINE = re.compile(
    r"^(?:(?:House of )?(?P<h>Commons|Lords)(?: Chamber| Business)?|(?P<wh>Westminster Hall)|(?P<gc>Grand Committee)|(?P<pbc>Public Bill Committee))$", re.I)
UIN_LINE = re.compile(r"^\[?(?:HL\s?\d{1,6}|HC\s?\d{1,6})\]?$|^\[\d{3,7}\]$")
_DEBATE_HEAD = re.compile(
    r"^(?P<title>.{3,160}?)\s+[-–—]\s+in (?:the )?(?P<where>House of Commons|House of Lords|Westminster Hall|Commons Chamber|Lords Chamber"
    r"|Grand Committee|Public Bill Committee)(?: at [^,]{1,40}?)? on (?P<date>.{6,40}?)\.?$", re.I)
_UIN_TAIL = re.compile(r"\s*\[(?P<uin>HL\s?\d{1,6}|\d{3,7})\]\s*$|(?<=[.?!;)\]])\s+(?P<bare>HL\d{1,6})\s*$")  # "…[HL1234]", "…  HL1234"
_UIN_VALUE = re.compile(r"^(?P<uin>(?:HL|HC|HCWS|HLWS)?\s?\d{1,7}[A-Z]?)\b(?:,?\s*(?:tabled|asked) on (?P<date>.+))?", re.I)

_LABEL_FIRST = frozenset(
    w.lower() for _f, words, _c in _LABELS for alt in re.sub(r"\(\?:[^()]*\)\??", "", words).split("|") for w in alt.split()[:1]
) | {"asked", "tabled", "question", "questions", "date", "answered", "answer", "statement", "made", "this", "ref", "due", "raised",
   "replied", "answering", "addressed", "lead", "government", "ministry", "corrected", "correction", "reference", "wsid", "house",
   "chamber", "holding", "grouped", "title", "heading", "subject", "debated", "uin", "sitting", "speaker", "responded"}


def match_label(line: str) -> tuple[str, str, str] | None:
    """(field, label as written, value) when the line starts with a label."""
    if len(line) > 400:
        return None
    first = line.split(None, 1)[0].rstrip(":.").lower() if line.strip() else ""
    if first not in _LABEL_FIRST:
        return None
    for field, rx in _LABEL_RES:
        m = rx.match(line)
        if m:
            value = m.group("value").strip().rstrip(":").strip()
            if field == "date_answered" and m.group("label").lower() == "answered" and not m.group("sep").strip() and value and not value[0].isdigit():
                continue  # "Answered the question …" is prose
            if field == "date_asked" and m.group("label").lower() in ("asked", "tabled") and not m.group("sep").strip():
                continue  # "Asked …" without "on" or a colon is prose
            if field == "department" and value and not value[:1].isupper():
                continue  # "Question for written answer" is not a department
            if field == "uin" and not m.group("sep").strip() and not _UIN_VALUE.match(value):
                continue  # "Question number 5 was …" is prose; "Question number 2097, tabled on …" is a label
            return field, m.group("label"), value
    m = _DEPT_NO_COLON.match(line)  # "Department Department for Education": the colon lost, the value is a department's name
    if m:
        return "department", m.group("label"), m.group("value")
    return None


_DEPT_NO_COLON = re.compile(
    r"^(?P<label>Department|Answering (?:body|department)|Lead department|Government department)\s+"
    r"(?P<value>(?:The )?(?:Department|Ministry) (?:for|of) [A-Z][\w ,&'’-]+|(?:HM )?Treasury|Cabinet Office|[A-Z][\w'’]+ Office)$")


# ---------------------------------------------------------------- questions
_TO_ASK = re.compile(r"^To ask (?:the |His |Her |[A-Z])")
TO_ASK_HMG = re.compile(r"^To ask (?:His|Her) Majesty[’']s Government\b")
TO_ASK_MINISTER = re.compile(
    r"^To ask the (?:Secretary of State|Minister|Chancellor|Prime Minister|Attorney General|Solicitor General|Advocate General"
    r"|President of|Chairman of|Leader of|hon\.|Right hon\.|Paymaster|Deputy Prime Minister|Member for)")
_ASKED_HMG = re.compile(r"^(?P<name>[A-Z*][^.:;]{2,120}?) asked (?:His|Her) Majesty[’']s Government\b")
_NAME_TO_ASK = re.compile(r"^\*?(?P<name>[A-Z][^:—–]{2,80}?)\s*(?::|—|–| - )\s*(?=To ask\b)")
_NAME_TO_ASK_LOWER = re.compile(r"^\*?(?P<name>(?:The )?(?:Lord|Baroness|Earl|Viscount|Lady|Bishop|Duke|Countess|Marquess)\b[^:—–]{2,80}?) to ask (?=(?:His|Her) Majesty)", re.I)
SOS_FOR = re.compile(r"^To ask the Secretary of State for (?P<dept>[^.;]{3,80}?),")


STATEMENT_PHRASES = re.compile(
    r"\b(?:update|inform) the House\b|\bI am (?:today )?(?:announcing|publishing|laying)\b|\bwritten ministerial statement\b"
    r"|\bI (?:wish|want) to (?:inform|update) (?:the House|Parliament)\b|\bmy (?:noble|right honourable|rt hon) friend .{0,80} has today made\b", re.I)


def question_start(text: str) -> dict[str, Any] | None:
    """A paragraph that opens a written question: asker (when given) and house wording."""
    if len(text) < 12:
        return None
    if not text.startswith("To ask "):  # the named shapes start with the asker's name (each regex only where its words are)
        m = _ASKED_HMG.match(text) if " asked " in text[:130] else None
        if m:
            return {"asked_by": m.group("name").lstrip("*").strip(), "lords": True, "body_start": 0}
        m = _NAME_TO_ASK.match(text) if "To ask" in text else None
        if m and PERSON.match(m.group("name").strip().rstrip(".")):
            rest = text[m.end() :]
            return {"asked_by": m.group("name").strip(), "lords": bool(TO_ASK_HMG.match(rest)), "body_start": m.end()}
        m = _NAME_TO_ASK_LOWER.match(text) if "to ask " in text[:200].lower() else None
        if m:
            return {"asked_by": m.group("name").strip(), "lords": True, "body_start": 0}
    if _TO_ASK.match(text):
        return {"lords": bool(TO_ASK_HMG.match(text)), "commons": bool(TO_ASK_MINISTER.match(text)), "body_start": 0}
    return None


def uin_tail(text: str) -> tuple[str, str] | None:
    """(text without the trailing "[HL1234]" / "[294772]", the number)."""
    m = _UIN_TAIL.search(text[-20:]) if len(text) > 20 else _UIN_TAIL.search(text)
    if not m:
        return None
    cut = len(text) - (len(text[-20:]) - m.start()) if len(text) > 20 else m.start()
    return text[:cut].rstrip(), (m.group("uin") or m.group("bare")).replace(" ", "")


_DEPT_TAIL = re.compile(r"\s*\[(?P<abbr>[A-Za-z]{2,6})\]\s*$")


def department_tail(text: str) -> tuple[str, str] | None:
    """(text without a trailing "[DfT]", the abbreviation) where the bracketed word is a department's abbreviation
    (order papers print the answering department so, just before the question's number)."""
    m = _DEPT_TAIL.search(text[-12:]) if text.endswith("]") else None
    if not m or m.group("abbr") not in DEPARTMENT_ABBREVIATIONS:
        return None
    return text[: len(text) - 12 + m.start()].rstrip() if len(text) > 12 else text[: m.start()].rstrip(), m.group("abbr")


def uin_value(value: str) -> tuple[str | None, str | None]:
    """("7405", "18 December 2023") from "7405, tabled on 18 December 2023"."""
    m = _UIN_VALUE.match(value.strip())
    if not m:
        return None, None
    return m.group("uin").replace(" ", ""), m.group("date")


def block_head(line: str) -> dict[str, Any] | None:
    """A repeated block header: "Written Question", "Q", "WS", "PARLIAMENTARY WRITTEN QUESTION (date)"."""
    if len(line) > 80 or line[0] not in "QWPCLqwpcl":
        return None
    m = _BLOCK_HEAD.match(line)
    if not m:
        return None
    w = (m.group("w") or "").lower()
    if m.group("ws") or m.group("wms") or "statement" in w:
        kind = "statement"
    else:
        kind = "question"
    # a plural ("Written Answers", "Written statements") heads the page, a singular heads one record
    return {"kind": kind, "date": m.group("date"), "short": bool(m.group("q") or m.group("ws")), "page": w.endswith("s")}


def section(line: str) -> str | None:
    """"question" / "answer" for a section marker line ("Question Asked", "Answer", "Q", "A")."""
    if len(line) > 50:
        return None
    m = _SECTION.match(line)
    if not m:
        return None
    return "question" if m.group("q") else "answer"


def special(line: str) -> tuple[str, dict[str, Any]] | None:
    """Sentence-shaped lines that carry fields: "(asked on …)", "… received the following …", "Volume …"."""
    if len(line) > 300:
        return None
    low = line.lower()
    c0 = line[0]
    # each sentence shape is tried only where a word it needs is present (substring tests are cheaper than the regexes)
    tries = []
    if c0 == "(" or c0 == "[":
        if low.startswith(("(asked on", "(tabled on")):
            tries.append(("asked_on", _ASKED_ON_BRACKET))
    if low.startswith("this question"):
        tries.append(("answered_on", _ANSWERED_ON_SENTENCE))
    if "holding" in low:
        tries.append(("holding", _HOLDING_NOTICE))
    if "withdrawn" in low:
        tries.append(("withdrawn", _WITHDRAWN))
    if low.startswith("tabled on") and "due for answer" in low:
        tries.append(("tabled_due", _TABLED_DUE))
    if low.startswith("an error has been identified"):
        tries.append(("corrected", _CORRECTED_NOTICE))
    written = "written" in low
    if written and " written " in low and ("ed on " in low or "made on " in low or "ed at " in low or "made at " in low):
        tries.append(("twfy", _TWFY_HEAD))  # "… written question – answered on <date>" (the regex scans lazily: only then)
    if "received the following" in low:
        tries.append(("received", _RECEIVED))
    if low.startswith("volume"):
        tries.append(("volume", _VOLUME))
    if "col" in low and ("column" in low or " col." in low or ": col" in low):
        tries.append(("column", _COLUMN))
    if written and low.startswith("written"):
        tries.append(("statements_title", _STATEMENTS_TITLE))
    if (" in westminster hall " in low or " in the house of " in low or " in house of " in low or " chamber " in low
            or " committee " in low):
        tries.append(("debate_head", _DEBATE_HEAD))
    for name, rx in tries:
        m = rx.match(line)
        if m:
            if name == "column":
                from corpus.dates import find_date

                if find_date(m.group("date")) is None:
                    continue
            return name, m.groupdict()
    return None
