"""Labelled fields, names with party and seat, speaker prefixes and question openings.

Everything here reads one line (or the start of one paragraph) and says what
it states; nothing is guessed.  Labels are recognised with or without a
colon, on their own line (the value on the next line) or inline.
"""

from __future__ import annotations

import re
from typing import Any

PARTY_ABBREVIATIONS = {
    "Lab": "Labour", "Con": "Conservative", "LD": "Liberal Democrat", "LDem": "Liberal Democrat",
    "CB": "Crossbench", "Bp": "Bishops", "Non-Afl": "Non-affiliated", "Ind": "Independent",
    "SNP": "Scottish National Party", "DUP": "Democratic Unionist Party", "PC": "Plaid Cymru",
    "UUP": "Ulster Unionist Party", "GP": "Green Party", "Lab Co-op": "Labour (Co-op)",
    "Lab/Co-op": "Labour (Co-op)", "Green": "Green Party", "SF": "Sinn Féin", "Alba": "Alba Party",
    "Reform": "Reform UK", "RUK": "Reform UK", "APNI": "Alliance",
}
PARTY_NAMES = frozenset(PARTY_ABBREVIATIONS.values()) | {
    "Liberal Democrats", "Reform UK", "Sinn Féin", "SDLP", "Alliance", "Speaker", "Labour Co-op",
    "Labour/Co-operative", "Conservative and Unionist", "Crossbencher", "Social Democratic & Labour Party",
    "Social Democratic and Labour Party", "Independent Social Democrat", "Traditional Unionist Voice",
    "Deputy Speaker", "Lord Speaker", "Bishop", "Liberal Democrat",
}
DEPARTMENT_ABBREVIATIONS = {
    "DfE": "Department for Education", "DHSC": "Department of Health and Social Care",
    "DWP": "Department for Work and Pensions", "HMT": "HM Treasury", "MoD": "Ministry of Defence",
    "FCDO": "Foreign, Commonwealth and Development Office", "HO": "Home Office", "MoJ": "Ministry of Justice",
    "DfT": "Department for Transport", "DESNZ": "Department for Energy Security and Net Zero",
    "Defra": "Department for Environment, Food and Rural Affairs", "DEFRA": "Department for Environment, Food and Rural Affairs",
    "DCMS": "Department for Culture, Media and Sport", "DBT": "Department for Business and Trade",
    "DSIT": "Department for Science, Innovation and Technology",
    "MHCLG": "Ministry of Housing, Communities and Local Government",
    "DLUHC": "Department for Levelling Up, Housing and Communities", "CO": "Cabinet Office",
    "FCO": "Foreign and Commonwealth Office", "DfID": "Department for International Development", "DFID": "Department for International Development",
    "DECC": "Department of Energy and Climate Change", "GEO": "Government Equalities Office", "AGO": "Attorney General's Office",
    "DCLG": "Department for Communities and Local Government", "DfES": "Department for Education and Skills",
    "NIO": "Northern Ireland Office", "OAG": "Attorney General's Office",
    "DCSF": "Department for Children, Schools and Families", "DH": "Department of Health",
    "BIS": "Department for Business, Innovation and Skills", "CLG": "Department for Communities and Local Government",
}
SECRETARY_OF_STATE_DEPARTMENTS = {
    "Education": "Department for Education",
    "Health and Social Care": "Department of Health and Social Care",
    "Work and Pensions": "Department for Work and Pensions",
    "Transport": "Department for Transport",
    "Defence": "Ministry of Defence",
    "Justice": "Ministry of Justice",
    "the Home Department": "Home Office",
    "Foreign, Commonwealth and Development Affairs": "Foreign, Commonwealth and Development Office",
    "Culture, Media and Sport": "Department for Culture, Media and Sport",
    "Environment, Food and Rural Affairs": "Department for Environment, Food and Rural Affairs",
    "Business and Trade": "Department for Business and Trade",
    "Energy Security and Net Zero": "Department for Energy Security and Net Zero",
    "Science, Innovation and Technology": "Department for Science, Innovation and Technology",
    "Housing, Communities and Local Government": "Ministry of Housing, Communities and Local Government",
    "Levelling Up, Housing and Communities": "Department for Levelling Up, Housing and Communities",
    "Children, Schools and Families": "Department for Children, Schools and Families",
    "Health": "Department of Health",
    "Communities and Local Government": "Department for Communities and Local Government",
    "Northern Ireland": "Northern Ireland Office",
    "Scotland": "Scotland Office",
    "Wales": "Wales Office",
}

ROLE_START = re.compile(
    r"^(?:The )?(?:Parliamentary |Deputy |Chief |Financial |Economic |Exchequer |Home |Foreign |Shadow |Senior |Assistant )?"
    r"(?:Under[- ]Secretary|Secretary|Minister|Prime Minister|Chancellor|Paymaster General|Leader of the House"
    r"|Attorney General|Solicitor General|Advocate[- ]General|Lord Privy Seal|Second Church Estates Commissioner"
    r"|Lord (?:Chancellor|President|in Waiting|Speaker)|Baroness in Waiting|Captain of|Whip|Government Whip|Chair(?:man)?"
    r"|Deputy Speaker|Speaker|Spokesperson|President of)\b"
)
ROLE_WORDS = re.compile(
    r"\b(?:Minister|Secretary|Chancellor|Whip|Leader of|Attorney|Solicitor General|Advocate|Commissioner|Spokesperson"
    r"|Privy Seal|in Waiting|Paymaster|Chair(?:man)?|Speaker|Shadow|Treasurer|Comptroller)\b"
)
_TITLE_WORD = r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness|Viscount|Earl|Countess|Duke|Bishop|The Lord|The Baroness|The Earl|The Lord Bishop|Rt Hon|Professor)\.?"
_NAME_WORD = r"[A-Z][\w'’.-]*"
PERSON = re.compile(rf"^(?:{_TITLE_WORD}\s+)?{_NAME_WORD}(?:\s+(?:of|de|du|van|von|le|la|and|{_NAME_WORD})){{0,6}}$")

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


def sos_department(text: str) -> tuple[str, str] | None:
    """("Children, Schools and Families", its department) from "To ask the Secretary of State for …, …"."""
    if not text.startswith("To ask the Secretary of State for "):
        return None
    rest = text[len("To ask the Secretary of State for ") : 200]
    for name in sorted(SECRETARY_OF_STATE_DEPARTMENTS, key=len, reverse=True):
        if rest.startswith(name) and rest[len(name) : len(name) + 1] in (",", " ", ";", ""):
            return name, SECRETARY_OF_STATE_DEPARTMENTS[name]
    return None


_DATE_WORD = re.compile(
    r"^(?:\d{1,4}(?:st|nd|rd|th)?[,.]?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day,?|:|-|–|—)$")
GENERIC_HEADING_WORDS = frozenset(
    "written question questions answer answers statement statements ministerial parliamentary business paper papers debate debates "
    "hansard search results result for and of the on to in house lords commons daily report order notice orders day today's latest "
    "all recent questions, answers, statements, & no. no cumulative list unanswered answered tabled".split()
)


_CAMEL = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+){2,}$")
_DESCRIPTOR_SPLIT = re.compile(r"\s+[-–—]\s+|,\s*|\s+MP for\s+|\s+MP$")


def site_name(line: str) -> bool:
    """A site's name by its shape: one word run together of capitalised parts ("TheyWorkForYou")."""
    return len(line) <= 40 and _CAMEL.match(line) is not None


def member_descriptor(line: str) -> bool:
    """"Conservative - Peterborough", "Labour, Bassetlaw", "Conservative MP for Tatton": a member's party and seat
    under the name at the head of a member's page, not a heading."""
    if len(line) > 80 or not (" - " in line or "," in line or " MP" in line or " – " in line or " — " in line):
        return False
    head = _DESCRIPTOR_SPLIT.split(line, maxsplit=1)[0].strip()
    return head != line.strip() and party(head)[0] is not None


def department_heading(line: str) -> bool:
    """A department's name without "Department for" ("Children, Schools and Families", "Defence"): the section
    heading a Hansard or TheyWorkForYou page sets over that department's answers, not a record's title."""
    return line in _DEPARTMENT_SHORT_NAMES


_DEPARTMENT_SHORT_NAMES = frozenset(
    [k for k in SECRETARY_OF_STATE_DEPARTMENTS if not k.startswith("the ")]
    + [re.sub(r"^(?:Department (?:for|of)|Ministry (?:of|for))\s+", "", v) for v in DEPARTMENT_ABBREVIATIONS.values()]
    + ["Defence", "Home Department", "Foreign and Commonwealth Office", "International Development", "Culture, Media and Sport",
       "Energy and Climate Change", "Environment, Food and Rural Affairs", "Business, Innovation and Skills"])


def generic_heading(line: str) -> bool:
    """A heading naming the kind of page ("Written questions, answers and statements", "Business papers"), not a record."""
    if len(line) > 120:
        return False
    low = line.lower().replace(",", " ")
    head = low.split(None, 1)
    if head and head[0] not in GENERIC_HEADING_WORDS and not _DATE_WORD.match(head[0]):
        return False  # its first word already is neither a page-kind word nor part of a date
    words = low.split()
    rest = [w for w in words if w not in GENERIC_HEADING_WORDS]
    if not rest:
        return bool(words)
    if not all(_DATE_WORD.match(w) for w in rest):
        return False
    from corpus.dates import find_date

    return find_date(line) is not None  # "Written answers of 21 October 2024"


STATEMENT_PHRASES = re.compile(
    r"\b(?:update|inform) the House\b|\bI am (?:today )?(?:announcing|publishing|laying)\b|\bwritten ministerial statement\b"
    r"|\bI (?:wish|want) to (?:inform|update) (?:the House|Parliament)\b|\bmy (?:noble|right honourable|rt hon) friend .{0,80} has today made\b", re.I)

# ---------------------------------------------------------------- speakers
_TURN = re.compile(r"(?:^|(?<=[.!?”’\"] ))(?P<x>[A-Z][^():.!?\n]{1,120}?) \((?P<y>[^()\n]{2,80}|[^()\n]{1,80}\([^()\n]{1,60}\)[^()\n]{0,40})\)(?: \((?P<z>[^()\n]{1,40})\))?:\s+")
_HOLDING_TURN = re.compile(r"^(?P<x>[A-Z][^():\[\]\n]{1,80}?)\s*\[holding answer (?P<d>[^\]]{3,40})\]\s*:\s+", re.I)
_BARE_TURN = re.compile(r"^(?P<x>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,5}):\s+(?=\S)")
_PORTRAIT = re.compile(r"^(?P<a>.+?) Portrait (?P<b>.+)$")
_DASH_SEP = re.compile(r"\s[-–—]\s")


def party(value: str) -> tuple[str | None, str | None]:
    """(party, given-as) for a party name or abbreviation; (None, None) if not a party."""
    v = value.strip()
    if v in PARTY_ABBREVIATIONS:
        return PARTY_ABBREVIATIONS[v], v
    if v in PARTY_NAMES:
        return v, None
    return None, None


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


_NAME_DASH_ROLE = re.compile(r"^(?P<n>[^()]+?)\s+[-–—]\s+(?P<r>.+)$")
_PARTS_SPLIT = re.compile(r"\s+[-–—]\s+|,\s*")
_A_LETTER = re.compile(r"[^\W\d_]")
_X_BRACKETS = re.compile(r"^(?P<x>[^()]{2,140}?)\s*\((?P<y>.+)\)$")


def _opening_bracket(v: str) -> int:
    """Index of the "(" that the final ")" of ``v`` closes, or -1."""
    depth = 0
    for i in range(len(v) - 1, -1, -1):
        c = v[i]
        if c == ")":
            depth += 1
        elif c == "(":
            depth -= 1
            if depth == 0:
                return i
    return -1


def person(value: str, side: str) -> dict[str, Any]:
    """A name with optional "(Party - Seat)", "(Seat, Party)", "(Role)" or " - Role"."""
    v = value.strip().strip(",;")
    info: dict[str, Any] = {}
    role = None
    m = _NAME_DASH_ROLE.match(v) if _DASH_SEP.search(v) else None
    if m and "(" not in m.group("n"):
        v, role = m.group("n").strip(), m.group("r").strip()
    brackets: list[str] = []
    while v.endswith(")"):
        i = _opening_bracket(v)
        if i < 0:
            break
        brackets.insert(0, v[i + 1 : -1].strip())
        v = v[:i].strip()
    name = v.strip() or None
    if role and role.startswith("The "):
        role = role[4:]
    for inner in brackets:
        parts = [p.strip() for p in _PARTS_SPLIT.split(inner) if p.strip()]
        found = None
        for p in parts:
            pty, given = party(p)
            if pty:
                found = (pty, given, p)
                break
        if found:
            info["party"], info["party_given"] = found[0], found[1]
            rest = [p for p in parts if p != found[2]]
            if rest:
                info["seat"] = ", ".join(rest)
        elif ROLE_WORDS.search(inner) or ROLE_START.match(inner):
            role = role or (inner[4:] if inner.startswith("The ") else inner)
        elif inner:
            info["seat"] = inner if "seat" not in info else info["seat"]
    if name and not _A_LETTER.search(name):
        name = None
    info["name"] = name
    if role:
        info["role"] = role
    return info


def speaker_turn(text: str, at_start: bool = True) -> tuple[dict[str, Any], int] | None:
    """(speaker info, end of the prefix) for "X (Y): …", "X [holding answer …]: …"."""
    m = _HOLDING_TURN.match(text)
    if m:
        return {"name": m.group("x").strip(), "holding_as_given": m.group("d").strip()}, m.end()
    m = _TURN.match(text) if at_start else None
    if m:
        info = turn_info(m)
        if info:
            return info, m.end()
    return None


def turn_info(m: re.Match[str]) -> dict[str, Any] | None:
    """Who speaks in a "X (Y): " turn, or None when it is not a speaker prefix."""
    x, y, z = m.group("x").strip(), m.group("y").strip(), (m.group("z") or "").strip()
    if ROLE_START.match(x) and not z:  # "Minister for Children, … (David Johnston):"
        role = x[4:] if x.startswith("The ") else x
        return {"name": y, "role": role}
    if z:  # "Name (Seat) (Party):"
        pty, given = party(z)
        if pty is None:
            return None
        return {"name": x, "party": pty, "party_given": given, "seat": y}
    parts = [p.strip() for p in y.split(",")]
    pty, given = party(parts[0])
    if pty is None:
        if len(parts) > 1 and party(parts[-1])[0]:  # "(Seat, Party)"
            pty, given = party(parts[-1])
            return {"name": x, "party": pty, "party_given": given, "seat": ", ".join(parts[:-1])}
        return None
    info: dict[str, Any] = {"name": x, "party": pty, "party_given": given}
    if len(parts) > 1:
        dept = ", ".join(parts[1:])
        info["department"] = DEPARTMENT_ABBREVIATIONS.get(dept, dept)
        info["department_given"] = dept if dept in DEPARTMENT_ABBREVIATIONS else None
    return info


def find_turns(text: str) -> list[tuple[re.Match[str], dict[str, Any]]]:
    """Every speaker prefix in a paragraph (statement digests run turns together)."""
    if len(text) > 200_000:
        m = _TURN.match(text[:400])
        info = turn_info(m) if m else None
        return [(m, info)] if m and info else []
    out = []
    for m in _TURN.finditer(text):
        info = turn_info(m)
        if info:
            out.append((m, info))
    return out


def bare_turn(text: str) -> tuple[dict[str, Any], int] | None:
    """"Maria Eagle: …" — a bare name before a colon (only where an answer or speech is due)."""
    m = _BARE_TURN.match(text)
    if not m:
        return None
    name = m.group("x").strip()
    if not PERSON.match(name) or match_label(name + ":") or len(name.split()) > 6:
        return None
    return {"name": name.rstrip(".") if name.endswith(".") and name.count(".") == 1 and len(name) > 4 and not re.match(r"^(Mr|Mrs|Ms|Dr)\.$", name) else name}, m.end()


def speaker_line(line: str) -> dict[str, Any] | None:
    """A speaker's line standing alone above the speech: "A Portrait B", "Name (Seat, Party)", "Role (Name)"."""
    if len(line) > 220 or line.endswith((".", ":", ";", ",", "?", "!")):
        return None
    pm = _PORTRAIT.match(line) if " Portrait " in line else None
    if pm:
        rest = pm.group("b").strip()
        info = _bracketed_speaker(rest) or {"name": rest}
        return info
    if not line.endswith(")"):
        return None
    return _bracketed_speaker(line)


_FULL_PARTIES = sorted((p for p in PARTY_NAMES if " " in p or len(p) > 5), key=len, reverse=True)
_FULL_PARTIES_T = tuple(_FULL_PARTIES)
# the words a role can start with (ROLE_START's first words): the role regex runs only from one of them
_ROLE_FIRST = frozenset(
    "The Parliamentary Deputy Chief Financial Economic Exchequer Home Foreign Shadow Senior Assistant Under-Secretary Under "
    "Secretary Minister Prime Chancellor Paymaster Leader Attorney Solicitor Advocate Advocate-General Lord Second Baroness "
    "Captain Whip Government Chair Chairman Speaker Spokesperson President".split())
_PARTY_IN_LINE = re.compile(" (" + "|".join(re.escape(p) for p in _FULL_PARTIES) + r")(?=,|$)")


def run_together_speaker(line: str) -> dict[str, Any] | None:
    """"Natascha Engel Labour, North East Derbyshire" / "Dawn Primarolo The Minister of State, …": no brackets."""
    if len(line) > 200 or line.endswith((".", ":", ";", "?", "!")):
        return None
    sp = line.find(" ")
    if sp < 1 or not (line[sp + 1 : sp + 2].isupper() or line[sp + 1 : sp + 4] in ("of ", "de ", "du ", "le ", "la ", "van", "von")):
        return None  # a name runs at least two capitalised words ("Dawn Primarolo …", "Lord Greaves …")
    k = line.find(" The ")
    if 3 < k < 60:
        name, role = line[:k], line[k + 5 :]
        if PERSON.match(name) and ROLE_START.match(role):
            return {"name": name, "role": role}
    words = line.split(" ")
    for n in (2, 3, 4):  # "Sarah Wollaston Chair, Health and Social Care Committee"
        if len(words) > n and words[n].rstrip(",;:.") in _ROLE_FIRST:
            name, role = " ".join(words[:n]), " ".join(words[n:])
            if ROLE_START.match(role) and PERSON.match(name) and not ROLE_START.match(name):
                return {"name": name, "role": role}
    m = _PARTY_IN_LINE.search(line) if ("," in line or line.endswith(_FULL_PARTIES_T)) else None
    if m is None or m.start() <= 3:
        return None
    name, seat = line[: m.start()], line[m.end() :].lstrip(", ").strip()
    if not PERSON.match(name):
        return None
    info: dict[str, Any] = {"name": name, "party": m.group(1), "party_given": None}
    if seat:
        info["seat"] = seat
    return info


def _bracketed_speaker(line: str) -> dict[str, Any] | None:
    m = _X_BRACKETS.match(line)
    if not m:
        return {"name": line} if PERSON.match(line) else None
    x = m.group("x").strip()
    if ROLE_START.match(x) and PERSON.match(m.group("y").strip()) and " " in m.group("y").strip():
        return {"name": m.group("y").strip(), "role": x[4:] if x.startswith("The ") else x}
    if not PERSON.match(x) and _DASH_SEP.search(x) is None:
        return None  # the name before the brackets (or before " - Role") must read as a name
    info = person(line, "answered_by")
    if info.get("name") and PERSON.match(info["name"]) and (info.get("party") or info.get("role")):
        return info
    return None


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
    if written and " written " in low:
        tries.append(("twfy", _TWFY_HEAD))
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
