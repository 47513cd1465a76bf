"""Stock procedural sentences do not make records versions of one another: in
TheyWorkForYou's Public Bill Committee data (../shared/data), "The Chairman
adjourned the Committee without Question put (Standing Order No. 88)." ended
the sittings on clauses 3, 8 and 21, and those three records were one group of
"versions"; 7 of 63 groups were such stock texts.  Short texts still pair when
the records have the same title (two copies of one record), and longer
records pair whatever their titles.

The sentences are quoted from that data (Contains Parliamentary information
licensed under the Open Parliament Licence v3.0)."""

from __future__ import annotations

from corpus.model import make_record
from corpus.versions import find_versions

ADJOURNED = "The Chairman adjourned the Committee without Question put (Standing Order No. 88)."
STAND_PART = "Question proposed, That the clause, as amended, stand part of the Bill."
SECOND_TIME = "I beg to move, That the clause be read a Second time."
LONG = ("Our debates on the Bill have generally, I hope, been constructively conducted, but there is no doubt that there is "
        "a view of the Bill that could be described as cynical and sceptical, and which has been advocated by my hon. Friend.")


def _rec(title, *paras, day="2009-10-29"):
    return make_record([("body", p) for p in paras], natural_key=f"{title}|{day}|{paras[0][:20]}", title=title, date=day, kind="debate")


def _grouped(records):
    return [sorted(r.title for r in records if r.id in g.ids) for g in find_versions(records)]


def test_the_same_stock_sentence_under_different_titles_is_no_version():
    recs = [_rec("Clause 3", ADJOURNED, day="2009-10-27"), _rec("Clause 8", ADJOURNED), _rec("Clause 21", ADJOURNED, day="2009-11-03"),
            _rec("Clause 10", STAND_PART), _rec("Clause 13", STAND_PART), _rec("New Clause 2", SECOND_TIME),
            _rec("New Clause 1", SECOND_TIME, LONG, day="2009-11-03")]
    assert _grouped(recs) == []


def test_two_copies_of_one_short_record_are_still_versions():
    a = _rec("Clause 3", ADJOURNED, day="2009-10-27")
    b = make_record([("body", ADJOURNED.replace("No. 88", "No 88"))], natural_key="other source", title="Clause  3",
                    date="2009-10-27", kind="debate")
    assert _grouped([a, b]) == [["Clause  3", "Clause 3"]]


def test_longer_records_pair_whatever_their_titles():
    a = _rec("New Clause 1", SECOND_TIME, LONG)
    b = _rec("Child Poverty Bill: new clause", SECOND_TIME + " " + LONG)
    assert _grouped([a, b]) == [["Child Poverty Bill: new clause", "New Clause 1"]]
