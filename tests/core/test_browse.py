"""Core browsing: facet counts, filters, member view, grouped questions, timeline."""

from __future__ import annotations

import pytest

from corpus.browse import (
    Filters,
    GroupIndex,
    bar_rows,
    facet_counts,
    group_line,
    member_filter,
    month_bounds,
    month_counts,
    parse_date_bound,
    record_month,
)
from corpus.model import make_record


def wq(uin, title, *, house="Commons", asked=None, answered=None, by=None, minister=None, dept=None, grouped=None, gdates=None, **extra):
    ex = dict(extra)
    if grouped:
        ex["grouped_uins"] = grouped
    if gdates:
        ex["grouped_dates"] = gdates
    return make_record(
        [("question", f"To ask about {title}."), ("answer", f"Answer on {title}.")],
        natural_key=f"wq:{house}:{uin}:{asked}",
        kind="written question", house=house, title=title, uin=uin,
        date_asked=asked, date_answered=answered, asked_by=by, answered_by=minister, department=dept, extra=ex,
    )


def ws(title, date, by, dept, house="Commons"):
    return make_record([("body", f"Statement on {title}.")], kind="written statement", house=house,
                       title=title, date=date, answered_by=by, department=dept)


@pytest.fixture
def recs():
    return [
        wq("101", "Schools A", asked="2023-12-01", answered="2023-12-10", by="Ann Able", minister="Min One", dept="Department for Education"),
        wq("102", "Schools B", asked="2023-12-02", answered="2023-12-10", by="Bob Bee", minister="Min One", dept="Department for Education"),
        wq("103", "Trains", asked="2024-02-05", answered=None, by="Ann Able", minister=None, dept="Department for Transport"),
        wq("HL5", "Lords Q", house="Lords", asked="2024-02-20", answered="2024-03-01", by="Lord Cee", minister="Min Two", dept=None),
        ws("Statement X", "2024-02-11", "Min One", "Department for Education"),
        make_record([("body", "Undated speech.")], kind="debate", house=None, title="Speech", answered_by="Ann Able"),
    ]


def test_facet_counts_exact(recs):
    assert facet_counts(recs, "kind") == [("written question", 4), ("debate", 1), ("written statement", 1)]
    assert facet_counts(recs, "house") == [("Commons", 4), ("Lords", 1), (None, 1)]
    assert facet_counts(recs, "department") == [("Department for Education", 3), (None, 2), ("Department for Transport", 1)]
    assert facet_counts(recs, "member") == [
        ("Ann Able", 3), ("Min One", 3), ("Bob Bee", 1), ("Lord Cee", 1), ("Min Two", 1),
    ]


def test_unknown_sorts_after_known_values_with_the_same_count(recs):
    # two records without a department: unknown is counted, not guessed, and listed after known values of equal count
    recs = recs + [wq("104", "Other", asked="2024-01-01", dept="Home Office")]
    recs = recs + [make_record([("body", "y")], kind="debate", title="Another undated", department="Home Office")]
    # Home Office 2, unknown 2: the known value first; names alphabetical within a count
    assert facet_counts(recs, "department") == [
        ("Department for Education", 3), ("Home Office", 2), (None, 2), ("Department for Transport", 1)
    ]


def test_facet_counts_ignore_own_selection_but_respect_others(recs):
    f = Filters(kind=frozenset({"written question"}), house=frozenset({"Commons"}))
    # house counts: only written questions (the kind selection), all houses still offered
    assert facet_counts(recs, "house", f) == [("Commons", 3), ("Lords", 1)]
    # kind counts: only Commons records, every kind offered
    assert facet_counts(recs, "kind", f) == [("written question", 3), ("written statement", 1)]


def test_filters_combine_or_within_and_across(recs):
    f = Filters(department=frozenset({"Department for Education", "Department for Transport"}), kind=frozenset({"written question"}))
    assert [r.title for r in f.apply(recs)] == ["Schools A", "Schools B", "Trains"]
    assert Filters(department=frozenset({None})).apply(recs) == [recs[3], recs[5]]
    assert not Filters().active and f.active
    assert f.summary() == "kind: written question · department: Department for Education, Department for Transport"
    assert f.summary(width=20) == "kind: written quest…"


def test_date_range_inclusive_and_unknown_dates_never_match(recs):
    f = Filters(date_from=parse_date_bound("2024-02"), date_to=parse_date_bound("2024-02", end=True))
    # Lords Q was tabled in February but answered in March: its date is the answer date
    assert [r.title for r in f.apply(recs)] == ["Trains", "Statement X"]
    # sort_date: answer date beats date tabled: Lords Q answered 2024-03-01
    f = Filters(date_from="2024-03-01")
    assert [r.title for r in f.apply(recs)] == ["Lords Q"]
    f = Filters(date_to="2023-12-10")
    assert [r.title for r in f.apply(recs)] == ["Schools A", "Schools B"]
    assert "Speech" not in [r.title for r in Filters(date_to="2099-01-01").apply(recs)]


def test_parse_date_bound():
    assert parse_date_bound("2023-12") == "2023-12-01"
    assert parse_date_bound("2023-12", end=True) == "2023-12-31"
    assert parse_date_bound("2024-2", end=True) == "2024-02-29"
    assert parse_date_bound("2023", end=True) == "2023-12-31"
    assert parse_date_bound(" 2023-12-05 ") == "2023-12-05"
    assert parse_date_bound("") is None
    for bad in ("Dec 2023", "2023-13", "2023-02-30", "12/2023"):
        with pytest.raises(ValueError):
            parse_date_bound(bad)
    assert month_bounds("2024-02") == ("2024-02-01", "2024-02-29")


def test_member_view_is_everything_the_people_asked_or_answered(recs):
    f = member_filter(recs[0])  # asked by Ann Able, answered by Min One
    assert f.member == {"Ann Able", "Min One"}
    assert [r.title for r in f.apply(recs)] == ["Schools A", "Schools B", "Trains", "Statement X", "Speech"]
    co = wq("200", "Joint", asked="2024-01-01", by="Dee Dee", asked_by_all=["Dee Dee", "Eve Ee"])
    assert [r.title for r in Filters(member=frozenset({"Eve Ee"})).apply(recs + [co])] == ["Joint"]
    # keeps other facets of the base
    base = Filters(kind=frozenset({"written statement"}))
    assert [r.title for r in member_filter(recs[0], base).apply(recs)] == ["Statement X"]


def test_month_counts_with_gaps_and_unknown_dates(recs):
    bad = make_record([("body", "x")], kind="debate", title="Bad date", date="sometime")
    tl = month_counts(recs + [bad])
    assert tl.months == ["2023-12", "2024-01", "2024-02", "2024-03"]
    assert tl.counts == [2, 0, 2, 1]
    assert tl.unknown == 2
    assert tl.total == 7
    assert tl.peak == ("2023-12", 2)  # first of equal peaks
    assert record_month(bad) is None
    assert month_counts([]).months == [] and month_counts([]).peak is None


def test_month_counts_across_year_boundary():
    rs = [ws("a", "2023-11-30", "M", "D"), ws("b", "2024-02-01", "M", "D")]
    assert month_counts(rs).months == ["2023-11", "2023-12", "2024-01", "2024-02"]


def test_bar_rows():
    assert bar_rows([0, 1, 4, 8]) == [" ▁▄█"]
    assert bar_rows([0, 1, 2, 16], height=2) == ["   █", " ▁▂█"]
    assert bar_rows([5, 10], height=2) == [" █", "██"]
    assert bar_rows([3, 10], height=2) == [" █", "▅█"]
    assert bar_rows([]) == [""]


def test_grouped_questions_resolution():
    a = wq("10", "Group A", asked="2023-12-01", answered="2023-12-12", grouped=["11", "12"], gdates={"11": "2023-12-01", "12": "2023-12-02"})
    b = wq("11", "Group B", asked="2023-12-01", answered="2023-12-12", grouped=["10", "12"])
    old_b = wq("11", "Old session", asked="2022-05-01", answered="2022-05-09")
    lords_b = wq("11", "Lords same uin", house="Lords", asked="2023-12-01")
    c = wq("13", "Links to A only", asked="2023-12-03", answered="2023-12-12", grouped=["10"])
    idx = GroupIndex([a, b, old_b, lords_b, c])
    ga = idx.group(a)
    assert [(m.uin, [r.title for r in m.records]) for m in ga] == [
        ("11", ["Group B"]), ("12", []), ("13", ["Links to A only"])
    ]
    assert group_line(ga) == "UIN 11, UIN 12 (not in corpus), UIN 13"
    assert [r.title for r in idx.present(a)] == ["Group B", "Links to A only"]
    # b has no dates for its group: the same-answer-day copy of uin 10 wins
    assert [(m.uin, [r.title for r in m.records]) for m in idx.group(b)] == [("10", ["Group A"]), ("12", [])]
    assert idx.group(old_b) == []
    assert idx.group(ws("s", "2024-01-01", "M", "D")) == []


def test_members_known_only_by_id_are_listed_by_id_never_named():
    a = wq("300", "Ids only", asked="2023-12-01", asking_member_id=1480, answering_member_id=4652)
    b = wq("301", "Same asker", asked="2023-12-02", asking_member_id=1480)
    c = wq("302", "Named", asked="2023-12-03", by="Ann Able", asking_member_id=99)
    assert facet_counts([a, b, c], "member") == [("member id 1480", 2), ("Ann Able", 1), ("member id 4652", 1)]
    assert [r.title for r in member_filter(a).apply([a, b, c])] == ["Ids only", "Same asker"]
