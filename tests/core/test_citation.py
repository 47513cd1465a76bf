"""Hansard-style citations: exact strings per kind, unknowns said in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.citation import cite, citation_head
from corpus.model import make_record

FIX = Path(__file__).parents[1] / "fixtures" / "import"  # real extracts (Open Parliament Licence, see LICENCE.txt there)


def test_lords_written_answer():
    r = make_record([("question", "To ask…"), ("answer", "The answer.")], kind="written question", house="Lords",
                    title="Railways: Fares", date_asked="2024-10-08", date_answered="2024-10-21", uin="HL1234",
                    asked_by="Lord Example", answered_by="Baroness Minister", url="https://example.org/q/1")
    assert cite(r) == ("HL Deb, 21 October 2024, written answer, HL1234 — Railways: Fares "
                       "(asked by Lord Example; answered by Baroness Minister). https://example.org/q/1")


def test_commons_written_statement_with_volume():
    r = make_record([("body", "Statement.")], kind="written statement", house="Commons", title="Energy Update",
                    date="2023-12-18", volume="742", uin="HCWS123", answered_by="A Secretary")
    assert cite(r) == "HC Deb, 18 December 2023, vol 742, written statement HCWS123 — Energy Update (A Secretary)"


def test_unanswered_question_is_cited_by_date_tabled():
    r = make_record([("question", "To ask…")], kind="written question", house="Commons", title="Buses",
                    date_asked="2023-12-01", uin="5678", asked_by="Ann Able")
    assert cite(r) == "HC, written question, tabled 1 December 2023, 5678, not answered in this copy — Buses (asked by Ann Able)"
    with_answer = make_record([("question", "To ask…"), ("answer", "Yes.")], kind="written question", house="Commons",
                              date_asked="2023-12-01", uin="5678")
    assert citation_head(with_answer) == "HC Deb, answer date unknown (tabled 1 December 2023), written answer, 5678"


def test_unknowns_are_explicit():
    r = make_record([("body", "Text.")], kind=None, title=None)
    assert cite(r) == "House unknown, date unknown, kind unknown"
    ws = make_record([("body", "Text.")], kind="written statement", house="Lords")
    assert cite(ws) == "HL Deb, date unknown, written statement, UIN unknown (speaker unknown)"
    speech = make_record([("body", "Text.")], kind="debate", house="Commons", extra={"date_as_given": "21 October"})
    assert cite(speech) == "HC Deb, date unknown (given as '21 October'), col unknown (speaker unknown)"
    wq = make_record([("question", "Q"), ("answer", "A")], kind="written question", house="Commons", date_answered="2024-01-02")
    assert cite(wq) == "HC Deb, 2 January 2024, written answer, UIN unknown (asked by unknown; answered by unknown)"


def test_columns_with_hansard_series_letters():
    def rec(house, gid, col, kind="debate"):
        return make_record([("body", "x")], kind=kind, house=house, date="2009-10-27", extra={"gid": gid, "colnum": col})

    assert citation_head(rec("Commons", "uk.org.publicwhip/westminhall/2009-10-27a.45.0", "45")) == "HC Deb, 27 October 2009, col 45WH"
    assert citation_head(rec("Commons", "uk.org.publicwhip/debate/2009-10-27a.225.1", "225")) == "HC Deb, 27 October 2009, col 225"
    assert citation_head(rec("Lords", "uk.org.publicwhip/wms/2009-10-27a.93.0", "93", "written statement")) == \
        "HL Deb, 27 October 2009, col WS93, written statement, UIN unknown"
    # a column that already carries its letters is kept as given
    assert citation_head(rec("Commons", "uk.org.publicwhip/wms/2009-10-27a.7WS.2", "7WS", "written statement")) == \
        "HC Deb, 27 October 2009, col 7WS, written statement, UIN unknown"


@pytest.mark.parametrize("path, key, expected", [
    ("wrans/answers2009-10-28c.xml", "296192",
     "HC Deb, 28 October 2009, col 349W, written answer, 296192 — Air Pollution (asked by Graham Stringer; answered by Jim Fitzpatrick). "
     "http://www.publications.parliament.uk/pa/cm200809/cmhansrd/cm091028/text/91028w0001.htm#09102830000091"),
    ("lordswrans", "HL5754",
     "HL Deb, 27 October 2009, col WA115, written answer, HL5754 — Air Quality (asked by Lord Berkeley; answered by Lord Davies of Oldham). "
     "http://www.publications.parliament.uk/pa/ld200809/ldhansrd/text/91027w0001.htm#09102779001455"),
    ("debates", "2009-10-27a.225.1",
     "HC Deb, 27 October 2009, col 225 (Eddie McGrady). "
     "http://www.publications.parliament.uk/pa/cm200809/cmhansrd/cm091027/debtext/91027-0014.htm#091027103000126"),
    ("ws_list_response.json", "HCWS101",
     "HC Deb, 21 October 2024, written statement HCWS101 — Example Statement Title (Example Secretary). "
     "https://questions-statements-api.parliament.uk/api/writtenstatements/statements/9100001"),
])
def test_real_records(path, key, expected):
    """Records picked by uin or TheyWorkForYou gid."""
    from corpus.loader import load

    corpus = load([str(FIX / path)])
    found = [r for r in corpus.records if r.uin == key or str(r.extra.get("gid", "")).endswith(key)]
    assert len(found) == 1
    assert cite(found[0]) == expected
