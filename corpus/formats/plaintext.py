"""Plain text: saved web pages of parliamentary records (the fallback format).

The file is cleaned (``corpus.clean``), split into paragraphs, then read by
the first *layout* whose page features it has.  Each layout is the way one
kind of site prints a record, recognised by its fixed labels, so another page
from the same site parses the same way:

* **labelled question** – "Question Asked" / "Asked by:" / "Answer" /
  "Answered by:" headings (a parliamentary written-question export).
* **Parallel Parliament question** – "(asked on <date>) - View Source",
  "Question to the <department>:", "Answered by", "This question was answered
  on <date>".  The "View Source" link beside "(asked on …)" is the mark of
  parallelparliament.co.uk, so ``source = "Parallel Parliament"``.
* **Hansard written answers** – "<Member> asked His Majesty’s Government …"
  questions, each answered by "<Name> (<Party>, <Dept>): …"; optionally a
  "<Member> received the following written answers on <date>:" header.  The
  stand-alone "Hansard" line that ends each answer is Hansard's source marker:
  ``source = "Hansard"`` and the line is not a passage.
* **written statements digest** – a "Written statement(s) on …" title and
  "<Role> (<Name>): …" turns; one record per turn; "1) A and 2) B" in the
  title gives each its title.
* **Hansard page** – "Volume <n>: debated on <date>" under the title (the
  header hansard.parliament.uk prints): ``source = "Hansard"``.
* otherwise one untitled-or-titled record of body paragraphs, kind unknown.

Conventions (shared with the other importers):

* the member who *makes* a written statement is stored as ``answered_by`` /
  ``answered_by_role`` (the Record has no separate speaker field);
* inferred values are marked in ``field_notes[field]`` and standard
  abbreviations that are expanded keep the original in ``extra``;
* a date without a year is not a date: ``date`` stays None and the text is
  kept in ``extra["date_as_given"]``; "1 January 1970" means unknown.
"""

from __future__ import annotations

import re
from typing import Any

from corpus.clean import HUGE_CHARS, HUGE_PASSAGE_CHARS, WALL_CHARS, Para, clean_lines, licence_in, mark_list_items, paragraphs, split_wall
from corpus.dates import find_date, parse_date
from corpus.model import (
    ANSWER,
    BODY,
    COMMONS,
    LORDS,
    QUESTION,
    WRITTEN_QUESTION,
    WRITTEN_STATEMENT,
    Record,
    make_record,
    normalise_text,
)
from corpus.source import Source

NAME = "plaintext"

WALLED_MAX_CHARS = 800  # in a text that lost its paragraph breaks, split paragraphs longer than this

# ---------------------------------------------------------------- vocabulary
PARTY_ABBREVIATIONS = {
    "Lab": "Labour", "Con": "Conservative", "LD": "Liberal Democrat", "CB": "Crossbench",
    "Bp": "Bishops", "Non-Afl": "Non-affiliated", "Ind": "Independent", "SNP": "Scottish National Party",
    "DUP": "Democratic Unionist Party", "PC": "Plaid Cymru", "UUP": "Ulster Unionist Party",
    "GP": "Green Party", "Lab Co-op": "Labour (Co-op)", "Lab/Co-op": "Labour (Co-op)",
}
PARTY_NAMES = frozenset(PARTY_ABBREVIATIONS.values()) | {
    "Liberal Democrats", "Green", "Reform UK", "Sinn Féin", "SDLP", "Alliance", "Speaker",
    "Labour Co-op", "Labour/Co-operative", "Conservative and Unionist", "Crossbencher",
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
    "NIO": "Northern Ireland Office", "OAG": "Attorney General's Office",
}
# "To ask the Secretary of State for X" -> the department X's Secretary of State heads.
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
    "Northern Ireland": "Northern Ireland Office",
    "Scotland": "Scotland Office",
    "Wales": "Wales Office",
}
_ROLE_START = re.compile(
    r"^(?:The )?(?:Parliamentary |Deputy |Chief |Financial |Economic |Exchequer |Home |Foreign |Shadow )?"
    r"(?:Under[- ]Secretary|Secretary|Minister|Prime Minister|Chancellor|Paymaster General|Leader of the House"
    r"|Attorney General|Solicitor General|Advocate General|Lord Privy Seal|Second Church Estates Commissioner)\b"
)

# ---------------------------------------------------------------- patterns
_TURN = re.compile(r"(?:^|(?<=[.!?”’\"] ))(?P<x>[A-Z][^():.!?\n]{1,120}?) \((?P<y>[^()\n]{2,80})\):\s+")
_ASKED_HMG = re.compile(r"^(?P<name>.{3,120}?) asked (?:His|Her) Majesty[’']s Government\b")
_RECEIVED = re.compile(r"^(?P<name>.{3,120}?) received the following written (?P<what>answers?|statements?) on (?P<date>[^:]+):?$", re.I)
_TO_ASK_HMG = re.compile(r"^To ask (?:His|Her) Majesty[’']s Government\b")
_TO_ASK_MINISTER = re.compile(r"^To ask the (?:Secretary of State|Minister|Chancellor|Prime Minister|Attorney General|Solicitor General|President of|Chairman of|Leader of|hon\.|Right hon\.|Paymaster)")
_SOS_FOR = re.compile(r"^To ask the Secretary of State for (?P<dept>.+?),")
_ASKED_ON = re.compile(r"^\(asked on (?P<date>[^)]+)\)(?P<vs>\s*-\s*View Source)?$", re.I)
_QUESTION_TO = re.compile(r"^Question to the (?P<dept>.+?):$")
_ANSWERED_ON = re.compile(r"^This question was answered on (?P<date>.+)$", re.I)
_VOLUME = re.compile(r"^Volume (?P<vol>\d+): debated on (?P<date>.+)$")
_STATEMENTS_TITLE = re.compile(r"^Written (?:ministerial )?statements? (?:on|about|:)\s*(?P<rest>.+)$", re.I)
_DATE_SUFFIX = re.compile(r"\s+[-–—|]\s+(?P<date>[^-–—|]{3,40})$")
_NUMBERED = re.compile(r"(?:^|\s)(?P<n>\d{1,2})\)\s*(?P<t>.+?)(?=\s+(?:and\s+)?\d{1,2}\)|$)")
_NAME_PARTY = re.compile(r"^(?P<name>.*?)\s*\((?P<inner>[^()]*)\)$")
_STATEMENT_PHRASES = re.compile(r"\b(?:update|inform) the House\b|\bI am (?:today )?(?:announcing|publishing|laying)\b|\bwritten ministerial statement\b", re.I)
_HEADING = re.compile(r"^(?:PARLIAMENTARY )?WRITTEN (?P<what>QUESTION|ANSWER|STATEMENT)S?$", re.I)


def sniff(source: Source) -> bool:
    """The fallback: any decoded text with some letters in it."""
    return re.search(r"[^\W\d_]{2}", source.text[:65536]) is not None


# ---------------------------------------------------------------- helpers
def _party(value: str) -> tuple[str | None, str | None]:
    """(party, given-as) for a party name or abbreviation; (None, None) if not a party."""
    v = value.strip()
    if v in PARTY_ABBREVIATIONS:
        return PARTY_ABBREVIATIONS[v], v
    if v in PARTY_NAMES:
        return v, None
    return None, None


def _turn(m: re.Match[str]) -> dict[str, Any] | None:
    """Who speaks in a "X (Y): " turn, or None when it is not a speaker prefix."""
    x, y = m.group("x").strip(), m.group("y").strip()
    if _ROLE_START.match(x):  # "Minister for Children, … (David Johnston):"
        role = x[4:] if x.startswith("The ") else x
        return {"name": y, "role": role}
    parts = [p.strip() for p in y.split(",")]
    party, given = _party(parts[0])
    if party is None:
        return None
    info: dict[str, Any] = {"name": x, "party": party, "party_given": given}
    if len(parts) > 1:
        dept = ", ".join(parts[1:])
        info["department"] = DEPARTMENT_ABBREVIATIONS.get(dept, dept)
        info["department_given"] = dept if dept in DEPARTMENT_ABBREVIATIONS else None
    return info


def _find_turns(text: str) -> list[tuple[re.Match[str], dict[str, Any]]]:
    out = []
    if len(text) > 200_000:  # giant walls: only a turn at the very start
        m = _TURN.match(text[:400])
        info = _turn(m) if m else None
        return [(m, info)] if m and info else []
    for m in _TURN.finditer(text):
        info = _turn(m)
        if info:
            out.append((m, info))
    return out


def _set_date(meta: dict[str, Any], field: str, text: str) -> None:
    """Set meta[field] from the first date in text; keep unknown dates as given."""
    dm = find_date(text)
    if dm is None:
        return
    meta[field] = dm.iso
    if dm.iso is None:
        meta.setdefault("extra", {})[f"{field}_as_given"] = dm.raw
        meta.setdefault("field_notes", {})[field] = f"the source gives {dm.raw!r}: {dm.note}"


def _house_from_question(text: str, meta: dict[str, Any]) -> None:
    if _ASKED_HMG.match(text) or _TO_ASK_HMG.match(text):
        meta["house"] = LORDS
        meta.setdefault("field_notes", {})["house"] = "inferred: Lords written questions are put to His Majesty’s Government"
    elif _TO_ASK_MINISTER.match(text):
        meta["house"] = COMMONS
        meta.setdefault("field_notes", {})["house"] = "inferred: Commons written questions are addressed to a minister ('To ask the Secretary of State …')"


def _department_from_question(text: str, meta: dict[str, Any]) -> None:
    if meta.get("department"):
        return
    m = _SOS_FOR.match(text)
    if m and m.group("dept") in SECRETARY_OF_STATE_DEPARTMENTS:
        meta["department"] = SECRETARY_OF_STATE_DEPARTMENTS[m.group("dept")]
        meta.setdefault("field_notes", {})["department"] = f"inferred from 'Secretary of State for {m.group('dept')}'"


def _answerer(meta: dict[str, Any], info: dict[str, Any], prefix: str = "answered_by") -> None:
    meta[prefix] = info.get("name") or None
    if info.get("role"):
        meta[f"{prefix}_role"] = info["role"]
    if info.get("party"):
        meta[f"{prefix}_party"] = info["party"]
        if info.get("party_given"):
            meta.setdefault("extra", {})[f"{prefix}_party_as_given"] = info["party_given"]
            meta.setdefault("field_notes", {})[f"{prefix}_party"] = f"expanded from {info['party_given']!r}"
    if info.get("department"):
        meta["department"] = info["department"]
        if info.get("department_given"):
            meta.setdefault("extra", {})["department_as_given"] = info["department_given"]
            meta.setdefault("field_notes", {})["department"] = f"expanded from {info['department_given']!r}"


def _name_party(line: str) -> tuple[str | None, str | None, str | None]:
    """"Matt Bishop (Labour)" -> (name, party, other-bracketed); "()" -> (None, None, None)."""
    line = line.strip()
    m = _NAME_PARTY.match(line)
    if not m:
        return (line or None), None, None
    name = m.group("name").strip() or None
    party, _ = _party(m.group("inner"))
    other = None if party else (m.group("inner").strip() or None)
    return name, party, other


def _passages(paras: list[Para], role: str) -> list[tuple[str, str, bool]]:
    """Role-tagged passages; walls of text split at sentence boundaries.

    When any paragraph is a wall (longer than WALL_CHARS) the text has lost
    its paragraph breaks, so every paragraph over WALLED_MAX_CHARS is split;
    otherwise real paragraphs up to WALL_CHARS are kept whole.
    """
    out: list[tuple[str, str, bool]] = []
    walled = any(len(p.text) > WALL_CHARS for p in paras)
    wall = WALLED_MAX_CHARS if walled else WALL_CHARS
    for p in mark_list_items(paras):
        for piece in split_wall(p.text, wall=wall):
            out.append((role, piece, p.list_item))
    return out


def _build(meta: dict[str, Any], items: list[tuple[str, str, bool]]) -> Record:
    meta = {k: (normalise_text(v) or None if isinstance(v, str) else v) for k, v in meta.items()}
    meta = {k: v for k, v in meta.items() if v is not None}
    return make_record(items, **meta)


def _common(meta: dict[str, Any], licence: str | None) -> dict[str, Any]:
    out = dict(meta)
    out["licence"] = licence
    out["field_notes"] = dict(meta.get("field_notes", {}))
    out["extra"] = dict(meta.get("extra", {}))
    return out


# ---------------------------------------------------------------- layouts
def _labelled_question(lines: list[str], licence: str | None) -> list[Record] | None:
    """"Question Asked" / "Asked by:" / "Answer" / "Answered by:" sections."""
    labels = {"question asked": "question", "question": "question", "asked by": "asked_by",
              "answer": "answer", "answered by": "answered_by"}
    keyed = [labels.get(l.strip().rstrip(":").strip().casefold()) if len(l) < 40 else None for l in lines]
    if "question" not in keyed or ("answer" not in keyed and "answered_by" not in keyed):
        return None
    meta: dict[str, Any] = {"field_notes": {}, "extra": {}}
    sections: dict[str, list[str]] = {}
    section = "head"
    for line, key in zip(lines, keyed):
        if key:
            section = key
            sections.setdefault(section, [])
            continue
        sections.setdefault(section, []).append(line)
    for line in sections.get("head", []):
        s = line.strip()
        if not s:
            continue
        h = _HEADING.match(s)
        if h:
            meta["kind"] = WRITTEN_QUESTION if h.group("what").upper() in ("QUESTION", "ANSWER") else WRITTEN_STATEMENT
        elif parse_date(s) is not None or (find_date(s) and find_date(s).start <= 1 and len(s) < 40):
            _set_date(meta, "date_asked", s)  # the date shown under the question heading
        elif meta.get("title") is None:
            meta["title"] = s
    q_paras = paragraphs(sections.get("question", []))
    a_lines = sections.get("answer", [])
    who = [l for l in sections.get("asked_by", []) if l.strip()]
    if who:
        name, party, other = _name_party(who[0])
        meta["asked_by"], meta["asked_by_party"] = name, party
        if other:
            meta["extra"]["asked_by_detail"] = other
    ans_by = [l for l in sections.get("answered_by", []) if l.strip()]
    if ans_by:
        name, party, other = _name_party(ans_by[0])
        meta["answered_by"], meta["answered_by_party"] = name, party
        if other:
            meta["extra"]["answered_by_detail"] = other
        for l in ans_by[1:]:  # a date under "Answered by:" is the answer date
            if find_date(l) and len(l.strip()) < 60:
                _set_date(meta, "date_answered", l)
                break
    meta.setdefault("kind", WRITTEN_QUESTION)
    if q_paras:
        _house_from_question(q_paras[0].text, meta)
        _department_from_question(q_paras[0].text, meta)
    items = _passages(q_paras, QUESTION) + _passages(paragraphs(a_lines), ANSWER)
    return [_build(_common(meta, licence), items)]


def _parallel_parliament(lines: list[str], licence: str | None, view_source: bool) -> list[Record] | None:
    """Parallel Parliament written question page."""
    idx = next((i for i, l in enumerate(lines) if _ASKED_ON.match(l.strip())), None)
    if idx is None:
        return None
    meta: dict[str, Any] = {"kind": WRITTEN_QUESTION, "field_notes": {}, "extra": {}}
    m = _ASKED_ON.match(lines[idx].strip())
    assert m is not None
    _set_date(meta, "date_asked", m.group("date"))
    # the "View Source" link beside the asked-on date is Parallel Parliament's
    # (see module doc); clean_lines removed it, so parse() looked at the raw lines
    meta["source"] = "Parallel Parliament" if view_source else None
    head = [l.strip() for l in lines[:idx] if l.strip()]
    if head:
        meta["title"] = head[0]
    rest = lines[idx + 1 :]
    q_lines: list[str] = []
    a_lines: list[str] = []
    header: list[str] = []
    state = "question"
    for line in rest:
        s = line.strip()
        if state == "question":
            qt = _QUESTION_TO.match(s)
            if qt:
                meta["department"] = qt.group("dept").strip()
                continue
            if s.casefold() in ("answered by", "answered by:"):
                state = "header"
                continue
            q_lines.append(line)
        elif state == "header":
            am = _ANSWERED_ON.match(s)
            if am:
                _set_date(meta, "date_answered", am.group("date"))
                state = "answer"
                continue
            if s:
                header.append(s)
        else:
            a_lines.append(line)
    if state == "header":  # no "answered on" line: the header was the answer
        a_lines, header = header, []
    if header:
        meta["answered_by"] = header[0]
        if len(header) > 1:
            meta["answered_by_role"] = header[1]
            meta["field_notes"]["answered_by_role"] = (
                "the role shown when the page was saved, not necessarily at the time of the answer"
            )
    q_paras = paragraphs(q_lines)
    if q_paras:
        _house_from_question(q_paras[0].text, meta)
        _department_from_question(q_paras[0].text, meta)
    items = _passages(q_paras, QUESTION) + _passages(paragraphs(a_lines), ANSWER)
    return [_build(_common(meta, licence), items)]


def _hansard_answers(lines: list[str], licence: str | None, hansard_marker: bool) -> list[Record] | None:
    """Hansard (Lords) written answers: "X asked His Majesty’s Government …" + "Name (Party, Dept): …"."""
    paras = paragraphs(lines)
    q_idx = [i for i, p in enumerate(paras) if _ASKED_HMG.match(p.text)]
    if not q_idx:
        return None
    base: dict[str, Any] = {"kind": WRITTEN_QUESTION, "field_notes": {}, "extra": {}}
    if hansard_marker:
        base["source"] = "Hansard"  # Hansard's source marker line (see module doc)
    for p in paras[: q_idx[0]]:
        rm = _RECEIVED.match(p.text)
        if rm:
            _set_date(base, "date_answered", rm.group("date"))
        elif "title" not in base:
            base["title"] = p.text
    records = []
    bounds = q_idx + [len(paras)]
    for a, b in zip(bounds, bounds[1:]):
        meta = {**base, "field_notes": dict(base["field_notes"]), "extra": dict(base["extra"])}
        q = paras[a]
        meta["asked_by"] = _ASKED_HMG.match(q.text).group("name")  # type: ignore[union-attr]
        _house_from_question(q.text, meta)
        q_paras, a_paras = [q], []
        for p in paras[a + 1 : b]:
            if not a_paras:
                m = _TURN.match(p.text)
                info = _turn(m) if m else None
                if info and m:
                    _answerer(meta, info)
                    a_paras.append(Para(p.text[m.end() :], p.list_item))
                    continue
                q_paras.append(p)
            else:
                a_paras.append(p)
        items = _passages(q_paras, QUESTION) + _passages(a_paras, ANSWER)
        records.append(_build(_common(meta, licence), items))
    return records


def _statements(lines: list[str], licence: str | None) -> list[Record] | None:
    """Written statements digest: a "Written statements on …" title and "Role (Name):" turns."""
    nonblank = [l.strip() for l in lines if l.strip()]
    if not nonblank:
        return None
    tm = _STATEMENTS_TITLE.match(nonblank[0])
    if not tm:
        return None
    base: dict[str, Any] = {"kind": WRITTEN_STATEMENT, "field_notes": {}, "extra": {}}
    title = tm.group("rest").strip()
    dm = _DATE_SUFFIX.search(title)
    if dm and find_date(dm.group("date")) is not None:
        d = find_date(dm.group("date"))
        assert d is not None
        title = title[: dm.start()].strip()
        base["date"] = d.iso
        if d.iso is None:
            base["extra"]["date_as_given"] = d.raw
            base["field_notes"]["date"] = f"the source gives {d.raw!r}: {d.note}"
    titles = [t.group("t").strip().rstrip(",;").strip() for t in _NUMBERED.finditer(title)]
    titles = [re.sub(r"\s+and$", "", t) for t in titles]
    # one segment per turn, across and within lines
    segments: list[tuple[dict[str, Any] | None, list[Para]]] = [(None, [])]
    for p in paragraphs(lines[lines.index(next(l for l in lines if l.strip())) + 1 :]):
        pos = 0
        for m, info in _find_turns(p.text):
            before = p.text[pos : m.start()].strip()
            if before:
                segments[-1][1].append(Para(before, p.list_item))
            segments.append((info, []))
            pos = m.end()
        tail = p.text[pos:].strip()
        if tail:
            segments[-1][1].append(Para(tail, p.list_item))
    turns = [s for s in segments if s[0] is not None]
    if segments[0][1]:  # text before the first turn: its own record, speaker unknown
        turns.insert(0, segments[0])
    records = []
    for i, (info, paras) in enumerate(turns):
        meta = {**base, "field_notes": dict(base["field_notes"]), "extra": dict(base["extra"])}
        if len(titles) == len(turns):
            meta["title"] = titles[i]
        else:
            meta["title"] = title
        if info:
            _answerer(meta, info)
        records.append(_build(_common(meta, licence), _passages(paras, BODY)))
    return records


def _hansard_page(lines: list[str], licence: str | None) -> list[Record] | None:
    """A hansard.parliament.uk page: title, "Volume N: debated on <date>", text."""
    idx = next((i for i, l in enumerate(lines) if _VOLUME.match(l.strip())), None)
    if idx is None:
        return None
    m = _VOLUME.match(lines[idx].strip())
    assert m is not None
    meta: dict[str, Any] = {"source": "Hansard", "volume": m.group("vol"), "field_notes": {}, "extra": {}}
    _set_date(meta, "date", m.group("date"))
    head = [l.strip() for l in lines[:idx] if l.strip()]
    if head:
        meta["title"] = head[-1]
    paras = paragraphs(lines[idx + 1 :])
    has_turns = any(_find_turns(p.text[:400]) for p in paras)
    # Conservative rule: a Hansard page with no speaker turns whose text makes
    # a statement to the House ("I am pleased to update the House") is a
    # written statement; the page does not say so, so it is marked inferred.
    if not has_turns and any(_STATEMENT_PHRASES.search(p.text) for p in paras[:3]):
        meta["kind"] = WRITTEN_STATEMENT
        meta["field_notes"]["kind"] = (
            "inferred: a Hansard page with no speaker turns that addresses the House as a statement"
        )
    return [_build(_common(meta, licence), _passages(paras, BODY))]


def _fallback(lines: list[str], licence: str | None) -> list[Record]:
    paras = paragraphs(lines)
    meta: dict[str, Any] = {"field_notes": {}, "extra": {}}
    if len(paras) > 1 and len(paras[0].text) <= 150 and not paras[0].text.endswith((".", ":", ",")):
        meta["title"] = paras[0].text
        paras = paras[1:]
    return [_build(_common(meta, licence), _passages(paras, BODY))]


def parse(source: Source) -> list[Record]:
    raw_lines = source.text.splitlines()
    licence = licence_in(source.text[:200_000]) or licence_in(source.text[-2000:])
    longest = max((len(l) for l in raw_lines), default=0)
    if longest > HUGE_CHARS:
        source.warnings.append(
            f"a line of {longest:,} characters: split into passages of about {HUGE_PASSAGE_CHARS:,} characters, not at sentences"
        )
    lines = clean_lines(raw_lines)
    # page features seen before cleaning removes them
    view_source = any(
        (m := _ASKED_ON.match(l.strip())) is not None and m.group("vs") for l in raw_lines if len(l) < 200
    )
    hansard_marker = any(l.strip() == "Hansard" for l in raw_lines if len(l) < 20)
    for recs in (
        _labelled_question(lines, licence),
        _parallel_parliament(lines, licence, view_source),
        _hansard_answers(lines, licence, hansard_marker),
        _statements(lines, licence),
        _hansard_page(lines, licence),
    ):
        if recs is not None:
            return recs
    return _fallback(lines, licence)
