"""TheyWorkForYou / ParlParse publicwhip XML importer, on real extracts (ISO-8859-1, DTD entities)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.formats import twfy_xml
from corpus.loader import load, load_file
from corpus.source import Source

FIX = Path(__file__).parents[1] / "fixtures" / "import"
PW = "uk.org.publicwhip/"
HANSARD = "http://www.publications.parliament.uk/pa/"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))


def one(path):
    recs, warns = load_file(FIX / path)
    return recs, [w.message for w in warns]


def test_commons_written_answer_exact_metadata_holding_answer_and_table():
    recs, warns = one("wrans/answers2009-10-28c.xml")
    assert warns == []  # no "not UTF-8" noise: the XML's declared encoding is used
    r = {x.uin: x for x in recs}["296192"]
    assert r.metadata() == {
        "kind": "written question",
        "house": "Commons",
        "title": "Air Pollution",
        "date": None,
        "date_asked": None,  # not in the source
        "date_answered": "2009-10-28",
        "asked_by": "Graham Stringer",
        "asked_by_party": None,
        "asked_by_role": None,
        "answered_by": "Jim Fitzpatrick",
        "answered_by_party": None,
        "answered_by_role": None,
        "department": "Department for Environment, Food and Rural Affairs",  # normalised; the heading is kept
        "source": "TheyWorkForYou / ParlParse XML (Hansard)",
        "volume": None,
        "uin": "296192",
        "url": HANSARD + "cm200809/cmhansrd/cm091028/text/91028w0001.htm#09102830000091",
        "licence": "Open Parliament Licence v3.0",
    }
    assert r.extra["department_original"] == "ENVIRONMENT FOOD AND RURAL AFFAIRS"
    assert r.extra["holding_answer"] is True and r.extra["date_holding_answer"] == "2009-10-27"
    assert r.extra["gid"] == PW + "wrans/2009-10-28c.296192.q0"
    assert r.extra["asking_member_id"] == PW + "member/1704"
    assert r.passages[0].role == "question"
    assert r.passages[0].text.startswith(
        "To ask the Secretary of State for Environment, Food and Rural Affairs pursuant to the answer of 26 March 2009, Official Report, columns 697-8W,")
    answers = [p.text for p in r.passages if p.role == "answer"]
    assert answers[0] == "h olding answer 27 October 2009"  # the source's own markup: h<i> olding answer</i>
    assert "1 | 728,086 to 1,389,577 | — | 731" in answers  # &mdash; from the DTD, table row readable


def test_multi_part_question_is_one_record():
    recs, _ = one("wrans/answers2009-10-28c.xml")
    r = {x.uin: x for x in recs}["295391"]
    assert r.extra["uins"] == ["295391", "295392", "295393", "295394", "295395"]
    roles = [p.role for p in r.passages]
    assert roles.count("question") == 6 and roles.count("answer") == 17
    assert roles == sorted(roles, key=lambda x: x != "question")  # questions first, then answers
    assert r.department == "Foreign and Commonwealth Office"
    assert r.extra["department_original"] == "FOREIGN AND COMMONWEALTH AFFAIRS"
    assert "FOREIGN AND COMMONWEALTH AFFAIRS" in r.field_notes["department"]
    assert (r.asked_by, r.answered_by) == ("Pete Wishart", "Ivan Lewis")
    assert "In Uganda (March 2009) he met representatives of various UN agencies—£2,100." in [p.text for p in r.passages]


def test_pound_entity_decodes():
    recs, _ = one("wrans/answers2009-10-28c.xml")
    r = {x.uin: x for x in recs}["296230"]
    assert r.department == "House of Commons Commission"
    assert r.extra["department_original"] == "HOUSE OF COMMONS COMMISSION"
    assert r.passages[-1].text == "The smoking shelter is forecast to cost £49,000."


def test_newer_scrape_replaces_older_and_older_only_record_is_hidden_with_warning():
    c = load([FIX / "wrans"])
    by_uin = {r.uin: r for r in c.records}
    assert sorted(by_uin) == ["295391", "296192", "296230"]  # 296177 exists only in the older scrape b
    r = by_uin["296230"]
    assert r.extra["scrape_version"] == "c" and r.source_file.endswith("answers2009-10-28c.xml")
    # same stable id whichever scrape it came from
    old, _ = one("wrans/answers2009-10-28b.xml")
    assert {x.uin: x for x in old}["296230"].id == r.id
    assert {x.uin: x for x in old}["296230"].extra["superseded"] is True
    assert [w.message for w in c.warnings] == ["older scrape superseded by a later one in this corpus: 1 records not shown"]
    assert c.warnings[0].path.endswith("answers2009-10-28b.xml")


def test_older_scrape_alone_is_shown_but_flagged_and_redirect_recorded():
    recs, _ = one("debates/debates2009-10-27a.xml")
    assert len(recs) == 1
    r = recs[0]
    assert r.extra["superseded"] is True
    assert r.extra["redirected_to"] == [PW + "debate/2009-10-27b.225.1"]
    assert (r.kind, r.house, r.date, r.answered_by) == ("debate", "Commons", "2009-10-27", "Eddie McGrady")
    assert r.passages[0].text == "Just give me a moment. [ Interruption. ] I will come back to the hon. Member."


def test_redirect_only_file_gives_no_records_and_a_clear_warning():
    recs, warns = one("wms/ministerial2009-10-26a.xml")
    assert recs == []
    assert warns == ["older scrape holding only redirects to a later version: no records"]  # one line, the reason


def test_lords_written_answer():
    recs, _ = one("lordswrans/lordswrans2009-10-27a.xml")
    assert len(recs) == 1
    r = recs[0]
    assert (r.house, r.title, r.uin, r.asked_by, r.answered_by, r.date_answered, r.department) == (
        "Lords", "Air Quality", "HL5754", "Lord Berkeley", "Lord Davies of Oldham", "2009-10-27", None)
    assert "Banding | Index | Health Descriptor" in [p.text for p in r.passages]


def test_commons_written_statements_one_per_section_with_speaker_office():
    recs, _ = one("wms/ministerial2009-10-27a.xml")
    assert [(r.title, r.department, r.answered_by, r.answered_by_role) for r in recs] == [
        ("Byelaws and Consent Regimes", "Ministry of Housing, Communities and Local Government", "John Denham",
         "The Secretary of State for Communities and Local Government"),
        ("Enforcement Restriction Orders", "Ministry of Justice", "Bridget Prentice",
         "The Parliamentary Under-Secretary of State for Justice"),
    ]
    r = recs[0]
    assert (r.kind, r.house, r.date) == ("written statement", "Commons", "2009-10-27")
    assert r.field_notes["answered_by"] == "speaker"
    assert r.passages[4].text.startswith('Following the 2006 report "Consent Regimes—Reducing Unnecessary Bureaucracy"')


def test_lords_statement_and_lords_chamber_speeches():
    (st,), _ = one("lordswms/lordswms2009-10-27a.xml")
    assert (st.kind, st.house, st.title, st.answered_by, st.department) == (
        "written statement", "Lords", "Administration and Enforcement Restriction Orders", "Lord Bach", None)
    assert st.passages[1].text.startswith("On 18 September the Ministry of Justice published")
    speeches, _ = one("lordspages/daylord2009-10-27a.xml")
    assert [(s.title, s.answered_by, s.house, s.date) for s in speeches] == [
        ("EU: Budget — Question", "Lord Vinson", "Lords", "2009-10-27"),
        ("EU: Budget — Question", "Lord Myners", "Lords", "2009-10-27"),
    ]
    assert "forecast in the Budget Red Book to be £7.9 billion" in speeches[0].text


def test_standing_committee_cp1252_references_and_bill():
    recs, _ = one("standing/standing2009-10-20_CHILDPOV_05-0_2009-10-27a.xml")
    assert [(r.title, r.answered_by) for r in recs] == [
        ("Public Bill Committee", None), ("Clause 1", None), ("Clause 1", "Andrew Selous")]
    r = recs[2]
    assert r.date == "2009-10-27" and r.extra["bill"] == "Child Poverty Bill"
    assert r.extra["major_heading"] == "Public Bill Committee"
    # &#151; &#145; &#146; are Windows-1252 code points: shown as — ‘ ’
    assert r.passages[0].text == "I beg to move amendment 59, in clause 1, page 1, line 10, at end insert—"
    assert r.passages[1].text.startswith("‘(e) the reductions") and r.passages[1].text.endswith("].’.")
    assert recs[0].passages[0].text == "[Robert Key in the Chair]"


def test_split_gid():
    assert twfy_xml.split_gid(PW + "wrans/2009-10-28c.294772.q0") == (
        PW + "wrans/2009-10-28.294772.q0", PW + "wrans/2009-10-28", "2009-10-28", "c")
    assert twfy_xml.split_gid(PW + "standing/standing2009-10-20_CHILDPOV_05-0_2009-10-27a.2.2")[2] == "2009-10-27"
    assert twfy_xml.split_gid("nonsense") is None


def test_external_entities_are_not_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        f'<!DOCTYPE publicwhip [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<publicwhip scrapeversion="a" latest="yes">'
        '<speech id="uk.org.publicwhip/debate/2009-10-29a.1.0" speakername="X"><p>a &xxe; b</p></speech>'
        "</publicwhip>"
    ).encode("latin-1")
    src = Source("debates2009-10-29a.xml", xml, xml.decode("latin-1"), "latin-1")
    assert twfy_xml.sniff(src)
    recs = twfy_xml.parse(src)
    assert all("TOP SECRET" not in r.text for r in recs)


def test_broken_xml_still_loads_what_it_can(tmp_path):
    data = (FIX / "lordspages/daylord2009-10-27a.xml").read_bytes()
    cut = data[: data.index(b"</speech>") + 9] + b"\n<speech id='x'><p>unclosed"
    p = tmp_path / "daylord2009-10-27a.xml"
    p.write_bytes(cut)
    c = load([p])
    assert [r.answered_by for r in c.records][:1] == ["Lord Vinson"]
    assert any("recover mode" in w.message for w in c.warnings)


def test_resolve_gid_any_scrape_and_redirects():
    c = load([FIX / "wrans"])
    r = twfy_xml.resolve_gid(c, PW + "wrans/2009-10-28b.296230.q0")
    assert r is not None and r.uin == "296230" and r.extra["scrape_version"] == "c"
    assert twfy_xml.resolve_gid(c, PW + "wrans/2009-10-28c.296192.q0").uin == "296192"
    assert twfy_xml.resolve_gid(c, PW + "wrans/2009-10-28c.999999.q0") is None
    # an old gid that a gidredirect in the loaded file points at a record
    (deb,) = load([FIX / "debates"]).records
    assert deb.extra["redirected_to"] == [PW + "debate/2009-10-27b.225.1"]


def test_altques_redirect_maps_old_gid_to_the_record(tmp_path):
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<publicwhip scrapeversion="f" latest="yes">\n'
        '<gidredirect oldgid="uk.org.publicwhip/wrans/2009-10-26f.294343.q0" newgid="uk.org.publicwhip/wrans/2009-10-26f.294335.q0" matchtype="altques"/>\n'
        '<minor-heading id="uk.org.publicwhip/wrans/2009-10-26f.294335.h">Schools</minor-heading>\n'
        '<ques id="uk.org.publicwhip/wrans/2009-10-26f.294335.q0" speakername="A"><p qnum="294335">Q one</p></ques>\n'
        '<reply id="uk.org.publicwhip/wrans/2009-10-26f.294335.r0" speakername="B"><p>Answer</p></reply>\n'
        "</publicwhip>\n"
    )
    p = tmp_path / "answers2009-10-26f.xml"
    p.write_bytes(xml.encode("latin-1"))
    c = load([p])
    (r,) = c.records
    assert r.extra["redirects_from"] == [PW + "wrans/2009-10-26f.294343.q0"]
    assert twfy_xml.resolve_gid(c, PW + "wrans/2009-10-26f.294343.q0") is r
    assert twfy_xml.resolve_gid(c, PW + "wrans/2009-10-26e.294343.q0") is r  # any scrape letter
