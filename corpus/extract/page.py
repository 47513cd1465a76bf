"""A page's lines to Records: page-wide context, per-record fields, title, passages.

Reads what the page says: labels wherever they stand, names with party and
seat, speaker prefixes, dates in any of the sites' styles.  A field the page
does not state stays None; inferred values carry a note in ``field_notes``.
"""

from __future__ import annotations

import re
from typing import Any

from corpus.clean import WALL_CHARS, Para, clean_lines, mark_list_items, split_wall
from corpus.dates import find_date
from corpus.extract import fields as F
from corpus.extract import headings as H
from corpus.extract import speakers as S
from corpus.extract import vocab as V
from corpus.extract import furniture, kinds
from corpus.extract.labels import page_special, read_label, set_date, set_person
from corpus.extract.segment import Line, caps_heading, classify, new_page, protect, segments, title_like
from corpus.model import ANSWER, BODY, DEBATE, QUESTION, WRITTEN_QUESTION, WRITTEN_STATEMENT, Record, make_record, normalise_text

WALLED_MAX_CHARS = 800
NOTE_BARE_DATE = "the page shows this date without saying whether it is when the question was asked or answered"
NOTE_ANSWERS_DATE = "inferred: the date under the page's written-answers heading"
NOTE_COLUMN_DATE = "inferred: the sitting date of the Hansard column the answer is printed in"
_CONTINUES = re.compile(r"^(?:\(\w{1,4}\)|\[\w{1,4}\]|[a-z])")
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣∙●]|[*-](?=\s))\s*")
_BULLET_CHARS = frozenset("•·▪◦‣∙●*-")


# ---------------------------------------------------------------- lines
def _wrapped(prev: str, line: str) -> bool:
    return 50 <= len(prev) <= 100 and (prev[-1:].isalpha() or prev[-1:] == ",") and line[:1].isalpha()


def page_lines(raw_lines: list[str]) -> tuple[list[Line], list[str]]:
    """Classified, joined lines without furniture (and the furniture lines dropped)."""
    new_page()  # the memos of line classification are bounded (see corpus.extract.segment.MEMO_LIMIT)
    cleaned = clean_lines(raw_lines)
    kept, dropped = furniture.drop(cleaned, protect)
    nonblank = [l.strip() for l in kept if l.strip()]
    longish = [l for l in nonblank if len(l) > 40]
    hard_wrapped = len(longish) >= 5 and "" in kept and sum(1 for l in longish if len(l) <= 100) >= 0.8 * len(longish)
    width = max((len(l) for l in longish if len(l) <= 100), default=0)
    out: list[Line] = []
    prev_raw = ""
    blank_before = True
    for raw in kept:
        s = raw.strip()
        if not s:
            prev_raw, blank_before = "", True
            continue
        bm = _BULLET.match(s) if s[0] in _BULLET_CHARS else None
        item = False
        if bm and len(s) > bm.end():
            s, item = s[bm.end() :].strip(), True
        line = classify(s)
        line.list_item = item
        last = out[-1] if out else None
        joinable = (last is not None and not item and line.kind == "text" and last.kind in ("text", "qstart", "turn")
                    and not blank_before and ((hard_wrapped and len(prev_raw.strip()) >= width - 25) or _wrapped(prev_raw, s)))
        if joinable:
            assert last is not None
            last.text = f"{last.text} {s}"
            if last.kind == "text":  # a joined line may now read as a question or a turn
                re_cls = classify(last.text)
                if re_cls.kind in ("qstart", "turn"):
                    last.kind, last.data = re_cls.kind, re_cls.data
        else:
            out.append(line)
        prev_raw, blank_before = raw.rstrip(), False
    return out, dropped


def _split_turns(lines: list[Line]) -> list[Line]:
    """Statement digests run several "Role (Name):" turns into one line: one Line per turn."""
    out: list[Line] = []
    for l in lines:
        if l.kind not in ("text", "turn") or "):" not in l.text:  # every turn prefix ends "…):"
            out.append(l)
            continue
        pos = 0
        for m, info in S.find_turns(l.text):
            before = l.text[pos : m.start()].strip()
            if before:
                out.append(Line(before, "text", {}, l.list_item))
            out.append(Line(l.text[m.start() :], "turn", {"info": info, "end": m.end() - m.start()}, l.list_item))
            pos = m.end()
        if pos == 0:
            out.append(l)
        elif out[-1].kind == "turn":
            last = out[-1]
            last.text = last.text[: last.data["end"] + (len(l.text) - pos)]  # the turn runs to the end of the line
    return _named_again(out)


def _named_again(lines: list[Line]) -> list[Line]:
    """A line that is only the name of a speaker met earlier on the page opens that speaker's next speech."""
    seen: set[str] = set()
    for n, l in enumerate(lines):
        if l.kind in ("turn", "speaker"):
            name = l.data["info"].get("name")
            if name:
                seen.add(name)
        elif l.kind == "text" and l.text in seen and n + 1 < len(lines) and lines[n + 1].kind == "text":
            lines[n] = Line(l.text, "speaker", {"info": {"name": l.text}}, l.list_item)
    return lines


# ---------------------------------------------------------------- one record
def _read(lines: list[Line], meta: dict[str, Any], mode: str) -> tuple[list[tuple[str, Para]], dict[str, Any]]:
    """Fields from a record's lines into meta; its passages as (role, Para)."""
    state = {"q": False, "a": False, "section": None, "stated_kind": None, "turns": 0, "bare_date": None, "title": None,
             "has_header": False}
    paras: list[tuple[str, Para]] = []
    i, n = 0, len(lines)
    after_head = False

    def next_line(k: int) -> Line | None:
        return lines[k] if k < n else None

    while i < n:
        l = lines[i]
        k, d, s = l.kind, l.data, l.text
        i += 1
        if not paras and not state["q"] and k in ("label", "dept", "date", "house", "special", "head"):
            state["has_header"] = True
        if k == "head":
            state["stated_kind"] = d["kind"]
            if d.get("date"):
                set_date(meta, "date_asked" if d["kind"] == "question" else "date", d["date"])
            after_head = True
            continue
        if k == "date" and after_head and not state["title"] and not state["q"] and s.startswith("("):  # "(12 December 2024)"
            set_date(meta, "date_asked" if state["stated_kind"] == "question" else "date", s)
            after_head = False
            continue
        after_head = False
        if k == "section":
            state["section"] = d["section"]
            if d["section"] == "answer" and state["q"]:
                state["a"] = True
            continue
        if k == "special":
            name = d["name"]
            if name == "asked_on":
                set_date(meta, "date_asked", d["date"])
                if d.get("vs"):
                    meta["source"] = "Parallel Parliament"  # the "View Source" link beside the asked-on date
            elif name == "answered_on":
                set_date(meta, "date_answered", d["date"])
                state["stated_kind"] = state["stated_kind"] or "question"
                if state["q"]:
                    state["a"] = True
            elif name == "holding":
                hd = find_date(d["date"])
                meta.setdefault("extra", {})["holding_answer"] = hd.iso if hd and hd.iso else d["date"]
                if state["q"]:
                    state["a"] = True
            elif name == "corrected":  # "An error has been identified in the written answer given on <date>." dates the answer
                set_date(meta, "date" if d["what"].lower() == "statement" else "date_answered", d["date"])
                meta.setdefault("extra", {})["corrected"] = True
                if state["q"]:
                    state["a"] = True
            elif name == "withdrawn":
                meta.setdefault("extra", {})["withdrawn"] = True
                if d.get("date"):
                    wd = find_date(d["date"])
                    meta["extra"]["withdrawn_on"] = wd.iso if wd and wd.iso else d["date"]
            elif name == "twfy":
                meta["department"] = meta.get("department") or d["dept"].strip()
                what = d["what"].lower()
                state["stated_kind"] = "statement" if what.startswith("statement") else "question"
                set_date(meta, "date" if state["stated_kind"] == "statement" else "date_answered", d["date"])
            elif name == "column":  # a column line dates what follows it (a record's own, or the next record's)
                if not paras and not state["q"]:
                    meta["_col"] = (d["col"].strip(), d["date"])
                state["col_last"] = (d["col"].strip(), d["date"])
            else:  # page-wide sentences that stand inside a record
                page_special(l, meta)
            continue
        if k == "uin":
            meta["uin"] = meta.get("uin") or d["uin"]
            continue
        if k == "house":
            if not meta.get("house"):
                meta["house"] = d["house"]
                if d["where"].lower() == "westminster hall":
                    kinds.note(meta, "house", kinds.NOTE_WESTMINSTER_HALL)
            if d.get("location"):
                meta.setdefault("extra", {})["sitting"] = d["where"]
            continue
        if k == "dept":
            if not meta.get("department") and not state["q"]:
                meta["department"] = s
                continue
            k = "text"
        if k == "label":
            if state["section"] == "question" and state["q"]:
                state["section"] = None  # a label after the question's text ends its section
            i = read_label(lines, i, d, meta, state)
            continue
        if k == "date" and not state["q"]:
            if s.startswith("(") and not paras and not meta.get("date_asked"):
                set_date(meta, "date_asked", s)  # "(12 December 2024)" under a question's heading: the question's date
                continue
            state["bare_date"] = state["bare_date"] or s
            continue
        if k == "qstart":
            state["q"], state["section"] = True, state["section"] if state["section"] == "question" else None
            if d.get("asked_by") and not meta.get("asked_by"):
                meta["asked_by"] = d["asked_by"]
            text = s[d["body_start"] :]
            ut = F.uin_tail(text)
            if ut:
                text = ut[0]
                meta["uin"] = meta.get("uin") or ut[1]
                text = _department_tail(text, meta)
            state.setdefault("qtext", s)
            paras.append((QUESTION, Para(text, l.list_item)))
            continue
        if k in ("turn", "speaker"):
            info = d["info"]
            body = s[d["end"] :] if k == "turn" else ""
            if mode == "question" and not state["q"] and k == "speaker":
                set_person(meta, info, "asked_by")
                continue
            if mode == "question" and k == "speaker" and info.get("party") and not info.get("role"):
                # "Matt Bishop (Labour)" by a question: a member named with a party and no office is not the answering
                # minister; where no asker is labelled, it is the asker
                if not meta.get("asked_by"):
                    set_person(meta, info, "asked_by")
                    kinds.note(meta, "asked_by", "inferred: the member named with a party beside the question")
                continue
            if mode == "question" and not state["a"] and state["q"] and not meta.get("answered_by"):
                set_person(meta, info, "answered_by")
                state["a"] = True
                if body:
                    paras.append((ANSWER, Para(body, l.list_item)))
                continue
            if mode != "question" and state["turns"] == 0:
                set_person(meta, info, "answered_by")
                state["turns"] += 1
                if body:
                    paras.append((BODY, Para(body, l.list_item)))
                continue
            k = "text"
        if (k == "text" and mode == "question" and state["q"] and not state["a"] and paras and paras[-1][0] == QUESTION
                and not meta.get("answered_by") and len(s) < 60 and V.PERSON.match(s) and len(s.split()) <= 6):
            nxt = lines[i] if i < n else None
            if nxt is not None and (nxt.kind in ("special", "label", "date") or V.ROLE_START.match(nxt.text)):
                meta["answered_by"] = s  # a name alone between the question and its answer
                state["a"] = True
                if nxt.kind == "text" and V.ROLE_START.match(nxt.text) and len(nxt.text) < 140:
                    meta["answered_by_role"] = nxt.text
                    i += 1
                continue
        if k == "text" and mode == "question" and state["q"] and not state["a"] and paras and paras[-1][0] == QUESTION:
            bt = S.bare_turn(s)
            if bt and not meta.get("answered_by"):
                set_person(meta, bt[0], "answered_by")
                state["a"] = True
                paras.append((ANSWER, Para(s[bt[1] :], l.list_item)))
                continue
        # text
        if not paras and not state["q"] and k == "text" and H.generic_heading(s):
            meta.setdefault("extra", {}).setdefault("headings", []).append(s)  # "Written questions, answers and statements"
            continue
        if not paras and not state["q"] and k == "text" and s[0] == "(" and s[-1] == ")" and len(s) <= 120:
            # "(Mid Dorset and North Poole)" whose "Asked by" line was lost, "(Speeches in part)": a note at the head, not text
            meta.setdefault("extra", {}).setdefault("bracketed", []).append(s)
            continue
        if not paras and not state["q"] and state["turns"] == 0 and caps_heading(l):
            meta.setdefault("extra", {}).setdefault("headings", []).append(s)  # "WORK AND PENSIONS": a section, not the title
            continue
        if not paras and not state["q"] and title_like(l) and state["turns"] == 0:
            # of the headings above a record the last is its own (the ones above are sections or the site's name)
            if state["title"]:
                meta.setdefault("extra", {}).setdefault("headings", []).append(state["title"])
            state["title"] = s
            state["title_is_dept"] = H.department_heading(s)  # "Defence" over a record: its title, or its department's section
            continue
        if k == "text" and s.endswith(":") and len(s) <= 30 and len(s.split()) <= 3 and s[:1].isupper():
            meta.setdefault("extra", {}).setdefault("unknown_labels", []).append(s)  # "Member:" — a label not read
            continue
        if k == "date" and state["q"]:  # a lone date whose label was lost: kept, but as no field
            meta.setdefault("extra", {}).setdefault("unlabelled_dates", []).append(s)
            continue
        if mode == "question":
            if state["section"] == "question" and not state["a"]:
                role = QUESTION
            elif state["a"] or state["section"] == "answer":
                role = ANSWER
            elif state["q"] and paras and paras[-1][0] == QUESTION and not _CONTINUES.match(s) and state["section"] is None:
                role = ANSWER  # after a question comes its answer, unless the text continues the question ("(2) …")
                state["a"] = True
            elif state["q"]:
                role = QUESTION
            else:
                role = QUESTION if state["section"] == "question" else BODY
            if role == QUESTION:
                state["q"] = True
                ut = F.uin_tail(s)
                if ut:
                    s = ut[0]
                    meta["uin"] = meta.get("uin") or ut[1]
                    s = _department_tail(s, meta)
            paras.append((role, Para(s, l.list_item)))
        else:
            paras.append((BODY, Para(s, l.list_item)))
    return paras, state


def _department_tail(text: str, meta: dict[str, Any]) -> str:
    """"… [DfT] HL5799": the bracketed department before a question's number is read (expanded, original kept)."""
    dt = F.department_tail(text)
    if dt is None:
        return text
    if not meta.get("department"):
        meta["department"] = V.DEPARTMENT_ABBREVIATIONS[dt[1]]
        meta.setdefault("extra", {})["department_as_given"] = dt[1]
        kinds.note(meta, "department", f"expanded from {dt[1]!r}")
    return dt[0]


# ---------------------------------------------------------------- passages and records
def _passages(paras: list[tuple[str, Para]]) -> list[tuple[str, str, bool]]:
    out: list[tuple[str, str, bool]] = []
    walled = any(len(p.text) > WALL_CHARS for _, p in paras)
    wall = WALLED_MAX_CHARS if walled else WALL_CHARS
    roles = [r for r, _ in paras]
    marked = mark_list_items([Para(p.text, p.list_item) for _, p in paras])
    for role, p in zip(roles, marked):
        for piece in split_wall(p.text, wall=wall):
            out.append((role, piece, p.list_item))
    return out


def _mode(lines: list[Line], page_meta: dict[str, Any]) -> str:
    if any(l.kind == "qstart" for l in lines):
        return "question"
    if any(l.kind == "section" and l.data["section"] == "question" for l in lines):
        return "question"
    if page_meta.get("_stated_kind") == "statement" or any(l.kind in ("turn", "speaker") for l in lines):
        return "turns"
    return "single"


def build(raw_lines: list[str], licence: str | None, markers: dict[str, Any]) -> tuple[list[Record], list[str]]:
    """Records of one page (and the furniture lines dropped)."""
    lines, dropped = page_lines(raw_lines)
    page: dict[str, Any] = {"field_notes": {}, "extra": {}}
    mode = _mode(lines, page)
    for l in lines:  # page-wide sentences say what the page is
        if l.kind == "special" and l.data["name"] == "statements_title":
            mode = "turns"
    if mode == "turns":
        lines = _split_turns(lines)
    pre, recs = segments(lines, mode)
    pre_title = None
    for l in pre:
        if l.kind == "special":
            page_special(l, page)
        elif l.kind == "house" and not page.get("house"):
            page["house"] = l.data["house"]
            if l.data["where"].lower() == "westminster hall":
                kinds.note(page, "house", kinds.NOTE_WESTMINSTER_HALL)
            if l.data.get("location"):
                page["extra"]["sitting"] = l.data["where"]
        elif l.kind == "date":
            if page.get("_stated_kind") == "question":  # the date under a "Written Answers" heading: the answers' day
                page["_answers_date"] = l.text
            else:
                page.setdefault("_bare_date", l.text)
        elif l.kind == "head":
            page["_stated_kind"] = l.data["kind"]
        elif l.kind == "dept" and not page.get("department"):
            page["department"] = l.text  # "Department for Work and Pensions" above the first statement or speech
        elif l.kind == "label" and l.data["field"] in ("date", "house", "department", "date_asked"):
            read_label(pre, pre.index(l) + 1, l.data, page, {"q": False, "a": False, "stated_kind": None, "title": None})
        elif title_like(l):
            pre_title = l.text
        elif l.kind == "text" and H.generic_heading(l.text) and find_date(l.text):  # "Written answers of 21 October 2024"
            low = l.text.lower()
            for h in ("Commons", "Lords"):  # "House of Commons Hansard Written … for <date>" states the house
                if not page.get("house") and (f"house of {h.lower()}" in low or f"{h.lower()} hansard" in low):
                    page["house"] = h
            if "statement" in low:
                page["_stated_kind"] = "statement"
                set_date(page, "date", l.text)
            elif "answer" in low or "question" in low:
                page["_stated_kind"] = "question"
                if "for written answer" not in low:  # "Questions for Written Answer for <date>": awaiting answers, no answers' date
                    page["_answers_date"] = l.text
    if markers.get("view_source") and not page.get("source"):
        page["source"] = "Parallel Parliament"  # its "View Source" link beside the asked-on date
    if markers.get("hansard") and not page.get("source"):
        page["source"] = "Hansard"
    out: list[Record] = []
    page_title = page.pop("_title", None) or pre_title
    titles = page.pop("_titles", None)
    stated = page.pop("_stated_kind", None)
    column = page.pop("_col", None)
    answers_date = page.pop("_answers_date", None)
    page_date = page.pop("_bare_date", None)
    built: list[tuple[dict[str, Any], list[tuple[str, Para]], dict[str, Any]]] = []
    for seg in recs:
        meta: dict[str, Any] = {"field_notes": {}, "extra": {}}
        paras, state = _read(seg, meta, mode)
        if not paras and not state["q"] and not any(meta.get(f) for f in ("asked_by", "answered_by", "uin")):
            continue
        built.append((meta, paras, state))
    # a department's name as the only heading of a record on a page of several is that department's section heading;
    # a heading that is the name of a member who asks or answers on the page names the member's page
    people = {m.get(f) for m, _, _ in built for f in ("asked_by", "answered_by")} - {None}
    for meta, _, st in built:
        if st["title"] and ((st.get("title_is_dept") and len(built) > 1) or st["title"] in people):
            meta.setdefault("extra", {}).setdefault("headings", []).append(st["title"])
            st["title"] = None
    if page_title in people or (page_title and len(built) > 1 and H.department_heading(page_title)):
        page_title = None
    any_own = any(st["title"] for _, _, st in built)
    statement_like: bool | None = None
    for idx, (meta, paras, state) in enumerate(built):
        merged = {k: v for k, v in page.items() if k not in ("field_notes", "extra")}
        merged.update({k: v for k, v in meta.items() if v is not None and not k.startswith("_")})
        merged["field_notes"] = {**page["field_notes"], **meta["field_notes"]}
        merged["extra"] = {**page["extra"], **meta["extra"]}
        own_col = meta.get("_col") or column
        column = state.get("col_last") or own_col
        column_date = None
        if own_col:
            merged["extra"]["column"] = own_col[0]
            column_date = own_col[1]
        if titles and len(titles) == len(built):
            merged["title"] = titles[idx]
        elif state["title"]:
            merged["title"] = state["title"]
        elif page_title and (not any_own or (mode == "turns" and idx == 0)):
            # the page's heading, when no record has one of its own; on a page of statements or speeches whose others
            # have their own, the heading above the first one is that one's
            merged["title"] = page_title
        if state.get("qtext"):
            kinds.house_from_question(state["qtext"], merged)
            kinds.department_from_question(state["qtext"], merged)
        # a page head ("Written statements") states the kind more plainly than a record's own "Made by:" implies it
        kind_word = state["stated_kind"] if state["stated_kind"] not in (None, "made_by") else (stated or state["stated_kind"])
        is_question = mode == "question" and (state["q"] or any(r in (QUESTION, ANSWER) for r, _ in paras))
        texts = [p.text for _, p in paras]
        if is_question and kind_word != "question" and sum(r == ANSWER and p.text.startswith("My Lords") for r, p in paras) >= 2:
            # several "My Lords, …" replies after the question: an oral exchange, spoken in the chamber, not a written answer
            is_question = False
            merged["kind"] = DEBATE
            kinds.note(merged, "kind", kinds.NOTE_KIND_SPOKEN)
            paras = [(BODY if r == ANSWER else r, p) for r, p in paras]
            texts = [p.text for r, p in paras if r == BODY]
        if is_question or kind_word == "question":
            merged["kind"] = WRITTEN_QUESTION
            if kind_word not in ("question",):
                kinds.note(merged, "kind", kinds.NOTE_KIND_TO_ASK)
            bare = state["bare_date"] or page_date
            if bare and not merged.get("date_asked") and not merged.get("date_answered"):
                set_date(merged, "date", bare)
                if merged.get("date"):
                    kinds.note(merged, "date", NOTE_BARE_DATE)
            if answers_date and not merged.get("date_answered"):
                if set_date(merged, "date_answered", answers_date) and merged.get("date_answered"):
                    kinds.note(merged, "date_answered", NOTE_ANSWERS_DATE)
            if column_date and not merged.get("date_answered"):
                if set_date(merged, "date_answered", column_date) and merged.get("date_answered"):
                    kinds.note(merged, "date_answered", NOTE_COLUMN_DATE)
        else:
            if state["bare_date"] or page_date:
                set_date(merged, "date", state["bare_date"] or page_date)
            if column_date:
                set_date(merged, "date", column_date)
            if kind_word == "statement":
                merged["kind"] = WRITTEN_STATEMENT
            elif kind_word == "made_by":
                merged["kind"] = WRITTEN_STATEMENT
                kinds.note(merged, "kind", kinds.NOTE_KIND_MADE_BY)
            elif mode == "turns" and merged.get("answered_by"):
                if statement_like is None:  # the page's speeches read once, not once per speech
                    one_speaker = len({m.get("answered_by") for m, _, _ in built}) == 1
                    statement_like = one_speaker and any(F.STATEMENT_PHRASES.search(p.text) for _, ps, _ in built for _, p in ps[:3])
                if statement_like:
                    merged["kind"] = WRITTEN_STATEMENT
                    kinds.note(merged, "kind", kinds.statement_note(merged.get("source")) .replace("no speaker turns", "one speaker"))
                else:
                    merged["kind"] = DEBATE
                    kinds.note(merged, "kind", kinds.NOTE_KIND_TURNS)
            elif mode == "single" and any(F.STATEMENT_PHRASES.search(t) for t in texts[:3]):
                merged["kind"] = WRITTEN_STATEMENT
                kinds.note(merged, "kind", kinds.statement_note(merged.get("source")))
            if merged.get("kind") == DEBATE:
                kinds.house_from_speech(texts, merged)
        kinds.house_from_uin(merged.get("uin"), merged)
        merged["licence"] = licence
        out.append(_record(merged, _passages(paras)))
    return out, dropped


def _clean(v: str) -> str | None:
    if v and v.isascii() and v.isprintable() and "  " not in v and v[0] != " " and v[-1] != " ":
        return v  # already normalised: plain ASCII, single spaces, stripped
    return normalise_text(v) or None


def _record(meta: dict[str, Any], items: list[tuple[str, str, bool]]) -> Record:
    clean = {k: (_clean(v) if isinstance(v, str) else v) for k, v in meta.items() if not k.startswith("_")}
    clean = {k: v for k, v in clean.items() if v is not None}
    return make_record(items, **clean)
