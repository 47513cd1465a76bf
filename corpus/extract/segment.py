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
from corpus.extract import headings as H
from corpus.extract import speakers as S
from corpus.extract import furniture

# fields whose labels stand above a record's text (they move with the next record's start)
HEAD_FIELDS = frozenset({"asked_by", "date_asked", "department", "uin", "title", "house", "made_by", "date"})
ANSWER_FIELDS = frozenset({"answered_by", "date_answered", "holding", "grouped", "corrected_by", "date_corrected"})
DEPARTMENT_LINE = (
    r"^(?:(?:The )?Department (?:for|of) [A-Z][\w ,&'’-]+|Ministry (?:of|for) [A-Z][\w ,&'’-]+|(?:HM )?Treasury|Cabinet Office|Home Office"
    r"|Foreign,? Commonwealth (?:and|&) Development Office|[A-Z][\w'’]+ Office|Attorney General's Office|House of Commons Commission"
    r"|Northern Ireland Office|Scotland Office|Wales Office|Office of the Leader of the House of (?:Commons|Lords))$"
)


_DEPT_RE = __import__("re").compile(DEPARTMENT_LINE)
_DIGIT = __import__("re").compile(r"\d")


@dataclass(slots=True)
class Line:
    text: str
    kind: str  # head section label special house date qstart turn speaker text
    data: dict[str, Any] = field(default_factory=dict)
    list_item: bool = False


_DATE_START = __import__("re").compile(
    r"^[(\[]?\s*(?:\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)", __import__("re").I)


def _date_only(s: str) -> bool:
    if len(s) > 60 or _DIGIT.search(s) is None or _DATE_START.match(s) is None:
        return False
    dm = date_in(s)
    if dm is None:
        return False
    rest = (s[: dm.start] + s[dm.end :]).strip(" ()[],.-–—")
    return not rest or (len(rest) < len(s) and _date_only(rest))  # "14 October (28 October)": dates only


MEMO: dict[str, tuple[str, dict[str, Any]]] = {}
DATE_MEMO: dict[str, Any] = {}


def date_in(s: str):
    """``corpus.dates.find_date`` memoised within one page (a date line is classified, then read)."""
    hit = DATE_MEMO.get(s, DATE_MEMO)
    if hit is DATE_MEMO:
        DATE_MEMO[s] = hit = find_date(s)
    return hit


# Classification, the title test and the date reader are pure functions of a line's text, so their memos may
# outlive a page: the chrome, labels, block heads, house and department lines of a site recur on every page
# of it.  They are bounded: at the start of a page, memos holding more than MEMO_LIMIT lines are emptied.
MEMO_LIMIT = 8192


def clear_memos() -> None:
    """Forget every memoised classification (the benchmark's cold figure: each page new to the memo)."""
    MEMO.clear()
    TITLE_MEMO.clear()
    DATE_MEMO.clear()
    furniture.FURNITURE_MEMO.clear()


def new_page() -> None:
    """Called once per page: keep the memos unless they have grown past their bound."""
    if len(MEMO) > MEMO_LIMIT or len(TITLE_MEMO) > MEMO_LIMIT or len(DATE_MEMO) > MEMO_LIMIT or len(furniture.FURNITURE_MEMO) > MEMO_LIMIT:
        clear_memos()


def _kind_data(s: str) -> tuple[str, dict[str, Any]]:
    hit = MEMO.get(s)
    if hit is None:
        line = _classify(s)
        MEMO[s] = hit = (line.kind, line.data)
    return hit


def classify(s: str) -> Line:
    """The kind of one stripped, non-blank line (memoised: furniture removal asks first)."""
    kind, data = _kind_data(s)
    return Line(s, kind, dict(data))


def _classify(s: str) -> Line:
    n = len(s)
    if s.startswith("To ask "):  # a question's opening is no head, label, date or field sentence: read it at once
        q = F.question_start(s)
        if q:
            return Line(s, "qstart", q)
    if n <= 300:  # heads, labels, dates, houses and field sentences are short
        if n <= 80:
            h = F.block_head(s)
            if h:
                return Line(s, "head", h)
            if n <= 50:
                sec = F.section(s)
                if sec:
                    return Line(s, "section", {"section": sec})
        sp = F.special(s)
        if sp:
            return Line(s, "special", {**sp[1], "name": sp[0]})
        hm = F.HOUSE_LINE.match(s) if n <= 30 else None
        if hm:
            return Line(s, "house", {"house": "Commons" if (hm.group("wh") or (hm.group("h") or "").lower() == "commons" or hm.group("pbc")) else "Lords",
                                     "where": s, "location": bool(hm.group("wh") or hm.group("gc") or hm.group("pbc") or "chamber" in s.lower())})
        lab = F.match_label(s) if s[:1].isupper() or s[:1] == "(" else None
        if lab:
            return Line(s, "label", {"field": lab[0], "label": lab[1], "value": lab[2]})
        if _date_only(s):
            return Line(s, "date", {})
    if n <= 12 and F.UIN_LINE.match(s):
        return Line(s, "uin", {"uin": s.strip("[]").replace(" ", "")})
    head = s[:200]
    if "To ask" in head or " asked " in head or " to ask " in head or "—To ask" in head:
        q = F.question_start(s)
        if q:
            return Line(s, "qstart", q)
    if "):" in s[:400] or "]:" in head:
        t = S.speaker_turn(s)
        if t:
            return Line(s, "turn", {"info": t[0], "end": t[1]})
    if n <= 220:
        if s[:1] in "DMHTCFNSWAO" and _DEPT_RE.match(s):
            return Line(s, "dept", {})
        if s.endswith(")") or " Portrait " in s:
            sl = S.speaker_line(s)
            if sl and sl.get("name"):
                return Line(s, "speaker", {"info": sl})
        elif ":" not in s:
            rt = S.run_together_speaker(s)
            if rt:
                return Line(s, "speaker", {"info": rt})
    return Line(s, "text", {})


def protect(s: str) -> bool:
    """Lines that carry a field are never furniture."""
    return _kind_data(s)[0] not in ("text", "speaker", "dept")


TITLE_MEMO: dict[tuple[str, str, bool], bool] = {}


def title_like(line: Line) -> bool:
    """A short heading-shaped text line (not a sentence, label, list item, URL, capitals or page-kind heading)."""
    key = (line.text, line.kind, line.list_item)
    hit = TITLE_MEMO.get(key)
    if hit is None:
        TITLE_MEMO[key] = hit = _title_like(line)
    return hit


def _title_like(line: Line) -> bool:
    s = line.text
    return (line.kind == "text" and 2 <= len(s) <= 160 and not s.endswith((".", ",", ";", "?", "!"))
            and not line.list_item and (not s.endswith(":") or ": " in s[:-1]) and len(s.split()) <= 22
            and not s.startswith(("http://", "https://", "www.")) and not (" " not in s and "://" in s)  # a bare link
            and not (s.isupper() and len(s) > 3)  # a department heading in capitals is a section, not a title
            and not (s[0] == "(" and s[-1] == ")")  # "(Limited Text - Ministerial Extracts only)" is a note
            and not H.site_name(s) and not H.member_descriptor(s)  # "TheyWorkForYou"; "Conservative - Peterborough"
            and not H.generic_heading(s))


def _titled_blocks(lines: list[Line], heads: list[int], tops: list[int]) -> bool:
    """Every block after the first opens with a title line directly above its header (the shape repeats)."""
    return all(tops[n] < h and title_like(lines[h - 1]) for n, h in enumerate(heads) if n)


def segments(lines: list[Line], mode: str) -> tuple[list[Line], list[list[Line]]]:
    """(page preamble, records' lines).  ``mode`` is "question", "turns" (statements/debates) or "single"."""
    heads = [i for i, l in enumerate(lines) if l.kind == "head" and not _page_head(lines, i)]
    by_heads = None
    if heads:
        tops = []
        for n, h in enumerate(heads):
            # a dateline block (a date, perhaps with a title) just above a block header belongs to that block
            floor = heads[n - 1] + 1 if n else 0
            j = h
            seen_date = False  # the block reads date, then title: a heading above its date is the page's, not the block's
            while j - 1 >= floor and h - j < 2 and (lines[j - 1].kind == "date" or (title_like(lines[j - 1]) and not seen_date)):
                seen_date = seen_date or lines[j - 1].kind == "date"
                j -= 1
            tops.append(j if (n or any(l.kind == "date" for l in lines[j:h])) else h)
        if len(heads) >= 2 and tops[0] == heads[0] and _titled_blocks(lines, heads, tops):
            # every later block reads "title, then its header": the title line just above the first header is that
            # block's too (its dateline may be lost), not the page's heading
            h = heads[0]
            if h and title_like(lines[h - 1]) and lines[h - 1].kind != "date":
                tops[0] = h - 1
        pre = lines[: tops[0]]
        bounds = tops + [len(lines)]
        segs = [lines[a:b] for a, b in zip(bounds, bounds[1:])]
        if segs[0][0].kind == "head" and segs[0][0].data.get("page"):
            # "Written statements" over an introduction heads the page; a record under it starts at its own fields
            first = segs[0]
            f = next((i for i, l in enumerate(first) if l.kind in ("date", "qstart", "turn", "speaker", "special", "house", "dept", "uin")
                      or (l.kind == "label" and l.data["value"])), None)
            if f is None:
                if len(segs) > 1:
                    pre, segs = pre + first, segs[1:]
            else:
                j = f
                while j > 1 and _heading_line(first[j - 1], mode, first[j]):
                    j -= 1
                if j > 1:
                    pre, segs = pre + first[:j], [first[j:]] + segs[1:]
        if mode != "turns":  # a block whose header was lost still splits where a new record plainly begins
            segs = [part for seg in segs for part in _refine(seg, mode)]
            if mode == "question" and any(l.kind == "qstart" for l in pre):  # the first block lost its header
                pre, first = segments([l for l in pre], mode)
                segs = first + segs
            else:
                f = next((i for i, l in enumerate(pre) if l.kind == "label" and l.data["field"] in PRE_RECORD_FIELDS
                          and l.data["value"]), None)
                if f is not None and any(l.kind == "text" and not title_like(l) for l in pre[f:]):
                    j = f
                    while j > 0 and _heading_line(pre[j - 1], mode, pre[j]):
                        j -= 1
                    pre, segs = pre[:j], [pre[j:]] + segs
        by_heads = (pre, segs)
        if len(heads) >= 2:
            return by_heads
    if not heads and mode != "question":
        parts = _refine(lines, mode)  # no block heads: repeated "Made on:" / "Made by:" labels after text still split
        if len(parts) > 1:
            first = parts[0]
            f = next((i for i, l in enumerate(first) if l.kind in ("date", "dept", "house", "special")
                      or (l.kind == "label" and l.data["value"])), 0)
            j = f
            while j > 0 and _heading_line(first[j - 1], mode, first[j]):
                j -= 1
            return first[:j], ([first[j:]] if j < len(first) else []) + parts[1:]  # above the first one's fields: the page's
    if mode == "single":
        return by_heads or ([], [lines])
    starts = _starts(lines, mode)
    if len(starts) <= 1 and by_heads:
        return by_heads  # one head opening one record
    if not starts:
        return [], [lines]
    moved: list[int] = []
    for n, st in enumerate(starts):
        floor = starts[n - 1] + 1 if n else 0
        j = st
        while j - 1 >= floor and _heading_line(lines[j - 1], mode, lines[j]):
            j -= 1
        if n == 0:
            if mode == "turns":
                j = st
            elif len(starts) == 1:
                j = 0  # a page of one record: everything above it is its own heading
            else:
                later_titles = any(title_like(lines[x]) for k in range(1, len(starts))
                                   for x in range(max(starts[k - 1] + 1, starts[k] - 6), starts[k]))
                j = _first_record_top(lines, j, st, keep_title=later_titles)
        moved.append(j)
    pre = lines[: moved[0]]
    bounds = moved + [len(lines)]
    return pre, [lines[a:b] for a, b in zip(bounds, bounds[1:])]


REPEAT_FIELDS = frozenset({"asked_by", "made_by", "date_asked", "date", "uin"})
PRE_RECORD_FIELDS = frozenset({"asked_by", "made_by", "date_asked", "date"})


def _page_head(lines: list[Line], i: int) -> bool:
    """A plural head ("Written Answers") with the day's date under it heads the page, not one record."""
    return bool(lines[i].data.get("page")) and i + 1 < len(lines) and lines[i + 1].kind == "date"


def _refine(seg: list[Line], mode: str) -> list[list[Line]]:
    """Split one block where a second record plainly starts: a new question after an answer, or a
    field label met a second time after text (two "Made by:" in one block are two statements)."""
    cuts: list[int] = []
    if mode == "question":
        cuts += _starts(seg, mode)[1:]
    seen: set[str] = set()
    body = False
    for i, l in enumerate(seg):
        if l.kind == "label" and l.data["field"] in REPEAT_FIELDS:
            if l.data["field"] in seen and body:
                cuts.append(i)
                seen, body = set(), False
            seen.add(l.data["field"])
        elif l.kind in ("text", "qstart", "turn") and not title_like(l) and not bracket_note(l):
            body = True
    if not cuts:
        return [seg]
    tops = []
    last = 0
    for st in sorted(set(cuts)):
        if not any(l.kind in ("text", "qstart", "turn") and not title_like(l) and not bracket_note(l) for l in seg[last:st]):
            continue  # no text since the last cut: the same record's heading
        j = st
        while j - 1 > last and _heading_line(seg[j - 1], mode, seg[j]):
            j -= 1
        if j > last:
            tops.append(j)
            last = st
    bounds = [0] + tops + [len(seg)]
    return [seg[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


def bracket_note(line: Line) -> bool:
    """A short text line wholly in brackets ("(Mid Dorset and North Poole)", "(Speeches in part)"): a note at a record's head."""
    s = line.text
    return line.kind == "text" and len(s) <= 120 and s[0] == "(" and s[-1] == ")"


def caps_heading(line: Line) -> bool:
    """A short section heading in capitals ("WORK AND PENSIONS"): it heads what follows, never the text above."""
    s = line.text
    return line.kind == "text" and 4 <= len(s) <= 80 and s.isupper() and not s.endswith((".", ",", ";", ":")) and len(s.split()) <= 8


def _heading_line(prev: Line, mode: str, nxt: Line | None = None) -> bool:
    """A line that stands above a record's text and moves with it (title, labels, date, house)."""
    return (prev.kind in ("date", "house", "dept") or title_like(prev) or caps_heading(prev) or bracket_note(prev)
            or (prev.kind == "head" and not (prev.data.get("page") and nxt is not None and nxt.kind == "date"))
            or (prev.kind == "label" and prev.data["field"] in HEAD_FIELDS)
            or (prev.kind == "special" and prev.data["name"] in ("asked_on", "twfy", "withdrawn"))
            or (prev.kind == "section" and prev.data["section"] == "question")
            or (prev.kind == "speaker" and mode == "question"))


def _starts(lines: list[Line], mode: str) -> list[int]:
    """Where records begin: a question after an answer (or after lines that closed the last question,
    or naming its own asker), or every speaker turn on statement and debate pages."""
    starts: list[int] = []
    has_q = has_a = closed = False
    for i, l in enumerate(lines):
        if mode != "question":
            if l.kind in ("turn", "speaker"):
                starts.append(i)
            continue
        if l.kind == "uin":
            closed = closed or has_q
            continue
        if l.kind == "qstart":
            if not starts or has_a or (has_q and (closed or bool(l.data.get("asked_by")))):
                starts.append(i)
                has_a = False
            has_q, closed = True, F.uin_tail(l.text) is not None
        elif l.kind == "text":
            if has_q and not has_a and F.uin_tail(l.text) is not None:
                closed = True
            elif has_q and not has_a and S.bare_turn(l.text):
                has_a = True
            elif has_q and not title_like(l):
                continue
            else:
                closed = closed or has_q
        elif l.kind in ("turn", "speaker") or (l.kind == "label" and l.data["field"] in ANSWER_FIELDS) \
                or (l.kind == "section" and l.data["section"] == "answer") \
                or (l.kind == "special" and l.data["name"] in ("answered_on", "holding")):
            if has_q:
                has_a = True
        else:
            closed = closed or has_q
    return starts


def _first_record_top(lines: list[Line], j: int, st: int, keep_title: bool = False) -> int:
    """Where the first record starts: after the page-wide lines (page title, "Volume …", "received …")."""
    k = j
    while k < st and ((lines[k].kind == "special" and lines[k].data["name"] in ("received", "volume", "column", "statements_title", "debate_head",
                                                                                          "tabled_due"))
                      or (lines[k].kind == "date" and k > 0 and lines[k - 1].kind == "head")):  # the date under a page head
        k += 1
    # a lone title line at the very top of the page, directly above the first record, is the page's heading; below
    # a page-wide line (a column or date line) it is the first record's own
    block = lines[k:st]
    if block and all(title_like(l) for l in block) and not keep_title and k == 0:
        return st
    return k
