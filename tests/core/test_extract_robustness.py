"""Robustness of the record extractor: removing or rewording any one heading or label line of a page
loses at most the field(s) that line states — never the split into records, the passages or the
other fields.  Run on the five bundled samples and on layout fixtures of other sites."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from corpus.dates import find_date
from corpus.extract.segment import classify
from corpus.formats import plaintext
from corpus.loader import sample_dir
from corpus.model import METADATA_FIELDS
from corpus.source import Source

LAYOUTS = Path(__file__).parents[1] / "fixtures" / "layouts"
# every layout: the five samples and every text fixture (the HTML fixtures are the same layouts saved as HTML and are
# checked against their text copies in test_layouts.py)
PAGES = sorted(sample_dir().glob("*.txt")) + sorted(LAYOUTS.glob("*.txt"))
FIELD_KINDS = ("label", "special", "head", "section", "date", "house", "dept", "uin")
KIND_WORDS = ("written", "question", "statement", "answer", "to ask", "made by", "debate")
HOUSE_WORDS = ("lords", "commons", "westminster hall", "majesty", "secretary of state", "hl", "chamber")


def parse(text: str):
    return plaintext.parse(Source("page.txt", text.encode(), text, "utf-8", []))


LABEL_FIELDS = {
    "asked_by": {"asked_by", "asked_by_party", "asked_by_role"}, "answered_by": {"answered_by", "answered_by_party", "answered_by_role"},
    "made_by": {"answered_by", "answered_by_party", "answered_by_role"}, "date_asked": {"date_asked"},
    "date_answered": {"date_answered"}, "date": {"date"}, "department": {"department"}, "uin": {"uin"}, "house": {"house"},
    "title": {"title"},
}


def fields_on(line: str, rec) -> set[str]:
    """The fields a line may state: its label's field, its text holds the value (dates by value), or its words
    name the kind/house."""
    line = " ".join(line.split())
    low = line.lower()
    cls = classify(line)
    out = set(LABEL_FIELDS.get(cls.data.get("field"), ())) if cls.kind == "label" else set()
    dm = find_date(line)
    for f in METADATA_FIELDS:
        v = getattr(rec, f)
        if v is None:
            continue
        if isinstance(v, str) and v.lower() in low:
            out.add(f)
        if f.startswith("date") and (dm is not None and dm.iso == v or rec.extra.get(f"{f}_as_given", "\0").lower() in low):
            out.add(f)
    if any(w in low for w in KIND_WORDS):
        out.add("kind")
    if "answer" in low:  # "Written Answers" is what dates the answers under it
        out.add("date_answered")
    if any(w in low for w in HOUSE_WORDS):
        out.add("house")
    if "view source" in low or "hansard" in low or "volume" in low:
        out |= {"source", "volume"}
    if any(w in low for w in ("department", "ministry", "office", "treasury", "(")):
        out.add("department")
    if any(w in low for w in ("role", "minister", "secretary", "(")):
        out |= {"answered_by_role", "asked_by_role"}
    if "(" in line or any(p in line for p in ("Labour", "Conservative", "Liberal")):
        out |= {"asked_by_party", "answered_by_party"}
    return out


def candidate_lines(text: str, records) -> list[int]:
    """The title lines and the lines that carry a field (labels, dates, headers, house lines)."""
    titles = {r.title for r in records if r.title}
    out = []
    for i, l in enumerate(text.splitlines()):
        s = " ".join(l.split())
        if s and len(s) <= 200 and (s in titles or classify(s).kind in FIELD_KINDS):
            out.append(i)
    return out


def assert_at_most_line_fields(before, after, line: str) -> None:
    assert len(after) == len(before), f"split changed after removing {line!r}"
    for a, b in zip(before, after):
        allowed = fields_on(line, a)
        for f in METADATA_FIELDS:
            va, vb = getattr(a, f), getattr(b, f)
            if vb == va:
                continue
            # a value the page no longer gives may go; a value that changes must say it is inferred or uncertain
            noted = b.field_notes.get(f, "").startswith(("inferred", "the page shows")) and (f not in a.field_notes or va is not None)
            assert (f in allowed and vb is None) or noted, f"{f} changed {va!r} -> {vb!r} after removing {line!r}"
        assert [(p.role, p.text) for p in b.passages] == [(p.role, p.text) for p in a.passages], line


CASES = [(p, i) for p in PAGES for i in candidate_lines(p.read_text("utf-8"), parse(p.read_text("utf-8")))]
# known failures, kept in the test (strict: they fail the run once they pass, so they cannot linger):
KNOWN: dict[tuple[str, int], str] = {}


def _case(p: Path, i: int):
    why = KNOWN.get((p.stem, i))
    return pytest.param(p, i, id=f"{p.stem}:{i}", marks=pytest.mark.xfail(reason=why, strict=True) if why else ())


@pytest.mark.parametrize("page,index", [_case(p, i) for p, i in CASES])
def test_removing_one_heading_or_label_line(page, index):
    text = page.read_text("utf-8")
    before = parse(text)
    lines = text.splitlines()
    removed = lines[index]
    after = parse("\n".join(lines[:index] + lines[index + 1 :]) + "\n")
    assert_at_most_line_fields(before, after, removed)


def _sample(prefix: str) -> str:
    return next(sample_dir().glob(f"{prefix}_*.txt")).read_text("utf-8")


# (page, line as printed, reworded line, {field: value expected after rewording}; other fields must not change)
REWORDINGS = [
    ("001", "(asked on 2nd February 2023) - View Source", "(tabled on 2 Feb 2023)", {"date_asked": "2023-02-02", "source": None}),
    ("001", "Question to the Department for Education:", "Question for the Department for Education", {}),
    ("001", "Answered by", "Answered by:", {}),
    ("001", "This question was answered on 10th February 2023", "Answered on: 10 February 2023", {}),
    ("001", "Children: Social Services", "Children and social services", {"title": "Children and social services"}),
    ("004", "Asked by:", "Tabled by:", {}),
    ("004", "Question Asked", "Question", {}),
    ("004", "Answer", "Reply", {}),
    ("004", "PARLIAMENTARY WRITTEN QUESTION", "Written question", {}),
    ("004", "Asked by:", "Member:", {}),  # the member named with a party by the question is still read as the asker
    ("000", "The Bishop of St Albans received the following written answers on 21st October 2024:",
     "Written answers of 21 October 2024", {}),
    ("002", "Written statements on 1) Children's Social Care Update and 2) Safeguarding Update - Dec 18",
     "Statements: Children's Social Care Update; Safeguarding Update", None),
    ("003", "Volume 742: debated on Monday 18 December 2023", "Debated on Monday 18 December 2023", {"volume": None, "source": None}),
]


@pytest.mark.parametrize("n", range(len(REWORDINGS)), ids=[f"{r[0]}-{i}" for i, r in enumerate(REWORDINGS)])
def test_rewording_one_line(n):
    prefix, old, new, expect = REWORDINGS[n]
    text = _sample(prefix)
    assert old in text.splitlines()
    before = parse(text)
    after = parse("\n".join(new if l == old else l for l in text.splitlines()))
    assert len(after) == len(before)
    for a, b in zip(before, after):
        assert [(p.role, p.text) for p in b.passages] == [(p.role, p.text) for p in a.passages]
        if expect is None:  # the line held title, date and kind: those may go, speakers and text stay
            for f in ("answered_by", "answered_by_role"):
                assert getattr(b, f) == getattr(a, f)
            continue
        for f in METADATA_FIELDS:
            want = expect.get(f, getattr(a, f)) if f in expect else getattr(a, f)
            assert getattr(b, f) == want, f"{f}: {getattr(b, f)!r} != {want!r}"


def test_removing_the_asked_on_line_keeps_the_answer_fields():
    """The issue's own example: without "(asked on …)", sample 001 keeps its answerer, role, department and dates answered."""
    text = _sample("001")
    (r,) = parse("\n".join(l for l in text.splitlines() if not l.startswith("(asked on")))
    assert (r.date_asked, r.date_answered, r.answered_by, r.answered_by_role, r.department) == (
        None, "2023-02-10", "Claire Coutinho", "Shadow Minister (Equalities)", "Department for Education")


def test_changing_the_first_line_of_002_keeps_the_two_statements():
    text = _sample("002")
    lines = text.splitlines()
    recs = parse("\n".join(["Ministerial statements, 18 December"] + lines[1:]))
    assert [r.answered_by for r in recs] == ["David Johnston", "David Johnston"]
    assert all(r.answered_by_role == "Minister for Children, Families and Wellbeing" for r in recs)


# ---------------------------------------------------------------- every label of every page, reworded
# synonyms from the label vocabulary of the sites (corpus.extract.fields._LABELS): another site's word for the same field
SYNONYMS = {
    "asked by": "Tabled by", "tabled by": "Asked by", "asked on": "Tabled on", "tabled on": "Asked on", "answered by": "Answer given by",
    "answered on": "Date answered", "answered": "Date answered", "question to the": "Question for the",
    "question for": "Question to", "question for the": "Question to the", "department": "Answering body", "made by": "Statement by",
    "made on": "Statement made on", "date": "Sitting date", "uin": "Question number", "house": "Chamber", "title": "Subject",
    "grouped questions": "Grouped with", "due for answer on": "Answer due on", "corrected on": "Date corrected",
    "corrected by": "Correction made by", "this question was answered on": "Answered on",
}


def rewordings(line: str) -> list[tuple[str, str]]:
    """(how, reworded line) for a label line: its label's synonym, with/without its colon, in another case."""
    cls = classify(line) if line else None
    if cls is None or cls.kind != "label" or len(line) > 200:
        return []
    label, value = cls.data["label"], cls.data["value"]
    rest = line[len(label):]
    colon = rest.lstrip().startswith(":")
    after = rest.lstrip()[1:].lstrip() if colon else rest.strip()
    out = [("colon", f"{label} {after}".strip() if colon else (f"{label}: {after}" if after else f"{label}:"))]
    syn = SYNONYMS.get(label.lower())
    if syn:
        out.append(("synonym", f"{syn}{rest}"))
    out.append(("case", f"{label.upper() if label[1:].islower() or label.istitle() else label.capitalize()}{rest}"))
    return [(how, new) for how, new in out if new != line and value is not None]


REWORD_CASES = [(p, i, how, new) for p in PAGES for i, l in enumerate(p.read_text("utf-8").splitlines())
                for how, new in rewordings(" ".join(l.split()))]


@pytest.mark.parametrize("page,index,how,new", REWORD_CASES, ids=[f"{p.stem}:{i}:{h}" for p, i, h, _ in REWORD_CASES])
def test_rewording_any_label(page, index, how, new):
    """A label said another way (a synonym, with or without its colon, in capitals) may lose at most its own
    field — never the split, the passages or another field."""
    text = page.read_text("utf-8")
    lines = text.splitlines()
    before = parse(text)
    after = parse("\n".join(lines[:index] + [new] + lines[index + 1 :]) + "\n")
    assert_at_most_line_fields(before, after, lines[index])


def test_the_robustness_cases_cover_every_layout():
    stems = {p.stem for p, _ in CASES}
    assert stems == {p.stem for p in PAGES}  # every page has at least one heading or label line removed
    with_labels = {p.stem for p in PAGES if any(classify(" ".join(l.split())).kind == "label"
                                                for l in p.read_text("utf-8").splitlines() if l.strip())}
    assert {p.stem for p, *_ in REWORD_CASES} == with_labels and len(with_labels) >= 20 and len(REWORD_CASES) >= 300


# ---------------------------------------------------------------- saved HTML: one element removed or one label reworded
HTML_PAGES = sorted(LAYOUTS.glob("*.html"))
_TAG = re.compile(r"<[^>]+>")
_DL = re.compile(r"^<dl><dt>(?P<k>[^<]*)</dt><dd>(?P<v>[^<]*)</dd></dl>$")
_BLOCK = re.compile(r"^<(?P<t>p|h\d)(?P<a>[^>]*)>(?P<x>[^<]*)</(?P=t)>$")


def parse_html(page: str):
    from corpus.formats import html as html_format

    return html_format.parse(Source("page.html", page.encode(), page, "utf-8", []))


def _elements(page: str) -> list[tuple[int, str]]:
    """(source line, its text) for the record's blocks: the fixtures' <main> holds one element per line."""
    lines = page.splitlines()
    start = lines.index("<main>") if "<main>" in lines else 0
    out = []
    for i, l in enumerate(lines[start:], start):
        m = _DL.match(l)
        if m:
            out.append((i, f"{html.unescape(m.group('k'))}: {html.unescape(m.group('v'))}"))
        elif _BLOCK.match(l):
            out.append((i, " ".join(html.unescape(_TAG.sub(" ", l)).split())))
    return out


HTML_CASES = [(p, i) for p in HTML_PAGES for i, s in _elements(p.read_text("utf-8"))
              if s and len(s) <= 200 and (s in {r.title for r in parse_html(p.read_text("utf-8")) if r.title}
                                          or classify(s).kind in FIELD_KINDS)]


@pytest.mark.parametrize("page,index", HTML_CASES, ids=[f"{p.stem}:{i}" for p, i in HTML_CASES])
def test_removing_one_heading_or_label_element_of_saved_html(page, index):
    text = page.read_text("utf-8")
    lines = text.splitlines(keepends=True)
    removed = dict(_elements(text))[index]
    before, after = parse_html(text), parse_html("".join(lines[:index] + lines[index + 1 :]))
    assert_at_most_line_fields(before, after, removed)


def _html_rewordings(page: str) -> list[tuple[int, str, str, str]]:
    """(source line, its text, how, the element reworded): a <dl> label's <dt> said another way (synonym, case), a
    label paragraph reworded as in the text pages (synonym, with/without its colon, case)."""
    out = []
    lines = page.splitlines()
    for i, s in _elements(page):
        m = _DL.match(lines[i])
        for how, new in rewordings(s):
            if m:
                if how == "colon":
                    continue  # a <dt>/<dd> pair has no colon to lose: the DOM gives it one
                label = new.split(":", 1)[0]
                out.append((i, s, how, f"<dl><dt>{html.escape(label)}</dt><dd>{m.group('v')}</dd></dl>"))
            else:
                b = _BLOCK.match(lines[i])
                out.append((i, s, how, f"<{b.group('t')}{b.group('a')}>{html.escape(new)}</{b.group('t')}>"))
    return out


HTML_REWORD_CASES = [(p, *c) for p in HTML_PAGES for c in _html_rewordings(p.read_text("utf-8"))]


@pytest.mark.parametrize("page,index,old,how,new", HTML_REWORD_CASES,
                         ids=[f"{p.stem}:{i}:{h}" for p, i, _, h, _ in HTML_REWORD_CASES])
def test_rewording_any_label_of_saved_html(page, index, old, how, new):
    text = page.read_text("utf-8")
    lines = text.splitlines(keepends=True)
    end = "\r\n" if lines[index].endswith("\r\n") else "\n"
    before, after = parse_html(text), parse_html("".join(lines[:index] + [new + end] + lines[index + 1 :]))
    assert_at_most_line_fields(before, after, old)


def test_every_saved_html_page_has_its_elements_removed_and_labels_reworded():
    assert {p.stem for p, _ in HTML_CASES} == {p.stem for p in HTML_PAGES} and len(HTML_PAGES) == 5
    assert {p.stem for p, *_ in HTML_REWORD_CASES} >= {"uk_listing_html", "uk_statements_html_crlf", "pp_listing_commons_html"}
