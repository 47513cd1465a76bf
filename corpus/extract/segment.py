"""Line classification and the cut of a page into records.

Each cleaned line gets a kind: a repeated block header ("Written Question",
"Q", "WS"), a section marker ("Answer"), a label, a field-bearing sentence
("(asked on …)", "Volume 742: debated on …"), a house line, a lone date, a
question opening ("To ask …", "X asked His Majesty’s Government …"), a
speaker turn or speaker line, or text.  Records begin at block headers when
the page has them, else at a question that follows an answer (or that names
its own asker), and at each speaker turn on statement and debate pages; the
heading lines just above a record's start (its title, labels, date) move
with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from corpus.dates import find_date
from corpus.extract import fields as F

# fields whose labels stand above a record's text (they move with the next record's start)
HEAD_FIELDS = frozenset({"asked_by", "date_asked", "department", "uin", "title", "house", "due", "made_by", "date"})
ANSWER_FIELDS = frozenset({"answered_by", "date_answered", "holding", "grouped", "corrected_by", "date_corrected"})
DEPARTMENT_LINE = (
    r"^(?:(?:The )?Department (?:for|of) [A-Z][\w ,&'’-]+|Ministry (?:of|for) [A-Z][\w ,&'’-]+|(?:HM )?Treasury|Cabinet Office|Home Office"
    r"|Foreign,? Commonwealth (?:and|&) Development Office|[A-Z][\w'’]+ Office|Attorney General's Office|House of Commons Commission"
    r"|Northern Ireland Office|Scotland Office|Wales Office|Office of the Leader of the House of (?:Commons|Lords))$"
)


@dataclass(slots=True)
class Line:
    text: str
    kind: str  # head section label special house date qstart turn speaker text
    data: dict[str, Any] = field(default_factory=dict)
    list_item: bool = False


def _date_only(s: str) -> bool:
    if len(s) > 60:
        return False
    dm = find_date(s)
    if dm is None:
        return False
    rest = (s[: dm.start] + s[dm.end :]).strip(" ()[],.-–—")
    return not rest


def classify(s: str) -> Line:
    """The kind of one stripped, non-blank line."""
    import re

    h = F.block_head(s)
    if h:
        return Line(s, "head", h)
    sec = F.section(s)
    if sec:
        return Line(s, "section", {"section": sec})
    sp = F.special(s)
    if sp:
        return Line(s, "special", {**sp[1], "name": sp[0]})
    hm = F.HOUSE_LINE.match(s)
    if hm:
        return Line(s, "house", {"house": "Commons" if (hm.group("wh") or (hm.group("h") or "").lower() == "commons" or hm.group("pbc")) else "Lords",
                                 "where": s, "location": bool(hm.group("wh") or hm.group("gc") or hm.group("pbc") or "chamber" in s.lower())})
    lab = F.match_label(s) if s[:1].isupper() or s[:1] == "(" else None
    if lab:
        return Line(s, "label", {"field": lab[0], "label": lab[1], "value": lab[2]})
    if _date_only(s):
        return Line(s, "date", {})
    q = F.question_start(s)
    if q:
        return Line(s, "qstart", q)
    t = F.speaker_turn(s)
    if t:
        return Line(s, "turn", {"info": t[0], "end": t[1]})
    if re.match(DEPARTMENT_LINE, s):
        return Line(s, "dept", {})
    sl = F.speaker_line(s)
    if sl and sl.get("name"):
        return Line(s, "speaker", {"info": sl})
    return Line(s, "text", {})


def protect(s: str) -> bool:
    """Lines that carry a field are never furniture."""
    k = classify(s).kind
    return k not in ("text", "speaker", "dept") or bool(F.question_start(s))


def title_like(line: Line) -> bool:
    s = line.text
    return (line.kind == "text" and 2 <= len(s) <= 160 and not s.endswith((".", ",", ";", "?", "!"))
            and not line.list_item and (not s.endswith(":") or ": " in s[:-1]) and len(s.split()) <= 22)


def segments(lines: list[Line], mode: str) -> tuple[list[Line], list[list[Line]]]:
    """(page preamble, records' lines).  ``mode`` is "question", "turns" (statements/debates) or "single"."""
    heads = [i for i, l in enumerate(lines) if l.kind == "head"]
    if len(heads) >= 2 or (heads and mode != "turns" and not any(l.kind == "head" for l in lines[: heads[0]])):
        # a page of block-headed records (one head is enough when it opens the record)
        pre = lines[: heads[0]]
        bounds = heads + [len(lines)]
        return pre, [lines[a:b] for a, b in zip(bounds, bounds[1:])]
    if mode == "single":
        return [], [lines]
    starts: list[int] = []
    has_q = has_a = False
    last_q_uin = False
    for i, l in enumerate(lines):
        if mode == "question":
            if l.kind == "qstart":
                new = not starts or has_a or (has_q and (bool(l.data.get("asked_by")) or last_q_uin))
                if new:
                    starts.append(i)
                    has_a = False
                has_q = True
                last_q_uin = F.uin_tail(l.text) is not None
            elif l.kind == "text" and has_q and not has_a:
                last_q_uin = last_q_uin or F.uin_tail(l.text) is not None
            elif starts and (l.kind in ("turn", "speaker") or (l.kind == "label" and l.data["field"] in ANSWER_FIELDS)
                             or (l.kind == "section" and l.data["section"] == "answer")
                             or (l.kind == "special" and l.data["name"] in ("answered_on", "holding"))):
                if has_q:
                    has_a = True
        else:  # turns: every speaker starts a record
            if l.kind in ("turn", "speaker"):
                starts.append(i)
    if not starts:
        return [], [lines]
    # heading lines just above a start move with it
    moved: list[int] = []
    for n, st in enumerate(starts):
        floor = starts[n - 1] + 1 if n else 0
        j = st
        while j - 1 >= floor:
            prev = lines[j - 1]
            ok = (prev.kind in ("date", "house", "dept") or title_like(prev)
                  or (prev.kind == "label" and prev.data["field"] in HEAD_FIELDS)
                  or (prev.kind == "special" and prev.data["name"] in ("asked_on", "twfy", "withdrawn"))
                  or (prev.kind == "speaker" and mode == "question"))
            if not ok:
                break
            # a label's value may stand on the line below it: keep the pair together
            j -= 1
        if n == 0:
            # above the first record: a single title line and page-wide lines stay in the preamble
            j = _first_record_top(lines, j, st)
        moved.append(j)
    pre = lines[: moved[0]]
    bounds = moved + [len(lines)]
    return pre, [lines[a:b] for a, b in zip(bounds, bounds[1:])]


def _first_record_top(lines: list[Line], j: int, st: int) -> int:
    """Where the first record starts: after the page-wide lines (page title, "Volume …", "received …")."""
    k = j
    while k < st and (lines[k].kind == "special" and lines[k].data["name"] in ("received", "volume", "column", "statements_title")):
        k += 1
    # a lone title line directly above the record, with nothing else, is the page's heading
    block = lines[k:st]
    if block and all(title_like(l) for l in block):
        return st
    return k
