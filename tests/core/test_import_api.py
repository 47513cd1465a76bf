"""UK Parliament written questions / statements API importer, on real extracts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import formats
from corpus.corpus import Corpus
from corpus.formats import parliament_json as pj
from corpus.loader import load
from corpus.source import Source

FIX = Path(__file__).parents[1] / "fixtures" / "import"
API = "https://questions-statements-api.parliament.uk/api/writtenquestions/questions/"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))


def by_qid(corpus):
    return {r.extra["question_id"]: r for r in corpus.records}


def test_list_array_metadata_matches_source_fields_exactly():
    c = load([FIX / "wq_list_array.json"])
    assert c.warnings == []
    recs = by_qid(c)
    assert sorted(recs) == [1675101, 1676644, 1677745, 1677747, 1678074]
    r = recs[1676644]
    assert r.metadata() == {
        "kind": "written question",
        "house": "Commons",
        "title": "Offenders: Foreign Nationals",
        "date": None,
        "date_asked": "2023-12-08",
        "date_answered": "2024-05-24",
        "asked_by": None,  # askingMember not expanded: unknown, not invented
        "asked_by_party": None,
        "asked_by_role": None,
        "answered_by": None,
        "answered_by_party": None,
        "answered_by_role": None,
        "department": "Ministry of Justice",
        "source": "UK Parliament written questions API",
        "volume": None,
        "uin": "6036",
        "url": API + "1676644",
        "licence": "Open Parliament Licence v3.0",
    }
    assert r.extra["asking_member_id"] == 4679 and r.extra["answering_member_id"] == 4362
    assert [(p.role, p.text) for p in r.passages] == [
        ("question", "To ask the Secretary of State for Justice, how many foreign national offenders living in the community were convicted of each (a) offence group and (b) specific offence."),
        ("answer", "It has not proved possible to respond to the hon. Member in the time available before Prorogation."),
    ]
    assert "truncated" not in r.extra
    assert r.source_format == "parliament-api-json"


def test_list_endpoint_truncation_detected_without_provenance():
    recs = by_qid(load([FIX / "wq_list_array.json"]))
    # answer cut to 255 + "..." (258 chars)
    corr = recs[1678074]
    assert corr.extra["truncated"] == ["answer"]
    assert len(corr.passages[1].text) == 258 and corr.passages[1].text.endswith("Early Remo...")
    # question cut at exactly 255 chars; its answer is short and complete
    assert recs[1675101].extra["truncated"] == ["question"]
    assert len(recs[1675101].passages[0].text) == 255


def test_list_response_wrapper_and_jsonl_and_detail_are_all_detected():
    for name, n in [("wq_list_response.json", 2), ("wq_dfe.jsonl", 4), ("wq_detail_table.json", 1), ("ws_list_response.json", 2)]:
        data = (FIX / name).read_bytes()
        src = Source(name, data, data.decode("utf-8"), "utf-8")
        assert formats.detect(src) is pj, name
        assert len(pj.parse(src)) == n, name


def test_full_copy_replaces_truncated_copy_in_either_load_order():
    for order in ([FIX / "wq_list_array.json", FIX / "wq_dfe.jsonl"], [FIX / "wq_dfe.jsonl", FIX / "wq_list_array.json"]):
        c = load(order)
        rs = [r for r in c.records if r.extra["question_id"] == 1675101]
        assert len(rs) == 1
        r = rs[0]
        assert "truncated" not in r.extra
        assert r.source_file.endswith("wq_dfe.jsonl")
        assert len(r.passages[0].text) > 255
        assert r.passages[0].text.endswith("in the latest period for which data is available.")


def test_provenance_still_truncated_flag_is_used():
    recs = by_qid(load([FIX / "wq_dfe.jsonl"]))
    r = recs[1679201]
    assert r.extra["truncated"] == ["question"]
    # its answer came from the detail endpoint: HTML paragraphs kept apart
    assert [p.role for p in r.passages] == ["question", "answer", "answer", "answer"]
    assert r.passages[2].text.startswith("The department invests over £1 billion")


def test_answer_text_without_answer_date_is_not_invented():
    r = by_qid(load([FIX / "wq_dfe.jsonl"]))[1740478]
    assert r.date_answered is None
    # heading is null until answered: the title is derived from the question, and says so
    assert r.title == "What discussions she has had with the Institute for Apprenticeships and Technical…"
    assert r.extra["title_derived"] is True and "derived from the question text" in r.field_notes["title"]
    assert r.field_notes["date_answered"] == "the source has the answer text but no answer date"
    assert sum(p.role == "answer" for p in r.passages) == 4


def test_html_answer_lists_and_tables_readable():
    r = load([FIX / "wq_detail_table.json"]).records[0]
    assert r.url == API + "1828034"
    assert r.title == "Kinship Care: Foster Care"
    texts = [(p.text, p.list_item) for p in r.passages]
    assert ("Interim care order (C1) | 3,430", False) in texts
    assert ("Full care order (C2) | 8,450", False) in texts
    assert ("Figures are rounded to the nearest 10.", True) in texts
    assert not any("<" in p.text for p in r.passages)
    assert "truncated" not in r.extra  # a detail response is full text


def test_grouped_questions_linked_both_ways():
    c = load([FIX / "wq_list_array.json"])
    recs = by_qid(c)
    a, b = recs[1677747], recs[1677745]
    assert a.extra["grouped_uins"] == ["6773"] and a.extra["grouped_dates"] == {"6773": "2023-12-13"}
    assert pj.group_of(c, a) == [b]
    assert pj.group_of(c, b) == [a]
    assert pj.group_of(c, recs[1676644]) == []


def test_group_of_respects_the_date_tabled():
    c = load([FIX / "wq_list_array.json"])
    recs = by_qid(c)
    a = recs[1677747]
    b = recs[1677745]
    b.date_asked = "2022-01-01"  # same uin in another session is another question
    assert pj.group_of(Corpus(records=c.records), a) == []


def test_expanded_members_flags_and_correction_pair():
    r = load([FIX / "wq_constructed_detail.json"]).records[0]
    assert (r.asked_by, r.asked_by_party, r.answered_by, r.answered_by_party) == (
        "Example Asker", "Labour", "Example Minister", "Conservative")
    assert r.field_notes == {}
    for k, v in {"holding_answer": True, "date_holding_answer": "2023-12-18", "withdrawn": True,
                 "correction": True, "date_answer_corrected": "2024-02-21"}.items():
        assert r.extra[k] == v
    assert r.extra["original_answer"] == ["Original answer paragraph one.", "Original answer paragraph two."]
    assert [p.text for p in r.passages][1:] == ["Corrected answer paragraph one.", "Corrected answer £5 paragraph two."]
    orig, corrected = pj.correction_pair(r)
    assert corrected is r
    assert orig.id != r.id and orig.id == pj.correction_pair(r)[0].id  # stable
    assert [(p.role, p.text) for p in orig.passages] == [
        ("question", r.passages[0].text),
        ("answer", "Original answer paragraph one."),
        ("answer", "Original answer paragraph two."),
    ]
    assert orig.uin == "7024" and orig.extra["original_of"] == r.id
    # no original text known (real list response): no pair
    real = by_qid(load([FIX / "wq_list_array.json"]))[1678074]
    assert real.extra["correction"] is True
    assert pj.correction_pair(real) is None


def test_written_statements():
    c = load([FIX / "ws_list_response.json"])
    a, b = c.records
    assert a.metadata() == {
        "kind": "written statement",
        "house": "Commons",
        "title": "Example Statement Title",
        "date": "2024-10-21",
        "date_asked": None,
        "date_answered": None,
        "asked_by": None,
        "asked_by_party": None,
        "asked_by_role": None,
        "answered_by": "Example Secretary",
        "answered_by_party": "Labour",
        "answered_by_role": "Secretary of State for Education",
        "department": "Department for Education",
        "source": "UK Parliament written statements API",
        "volume": None,
        "uin": "HCWS101",
        "url": "https://questions-statements-api.parliament.uk/api/writtenstatements/statements/9100001",
        "licence": "Open Parliament Licence v3.0",
    }
    assert a.field_notes["answered_by"] == "speaker"
    assert [(p.role, p.text, p.list_item) for p in a.passages] == [
        ("body", "First paragraph of the statement.", False),
        ("body", "a listed point", True),
        ("body", "Year | Amount", False),
        ("body", "2024 | £10m", False),
    ]
    assert b.answered_by is None and b.extra["member_id"] == 5000 and b.house == "Lords"


def test_bad_jsonl_line_is_skipped_with_warning_and_rest_loads(tmp_path):
    lines = (FIX / "wq_dfe.jsonl").read_text("utf-8").splitlines()
    p = tmp_path / "mixed.jsonl"
    p.write_text(lines[0] + "\n{not json\n" + lines[1] + "\n", "utf-8")
    c = load([p])
    assert len(c) == 2
    assert [w.message for w in c.warnings] == ["line 2, column 2: skipped, not valid JSON (Expecting property name enclosed in double quotes)"]


def test_item_that_is_not_a_question_is_reported_not_crashing(tmp_path):
    items = json.loads((FIX / "wq_list_array.json").read_text("utf-8"))[:1] + [{"value": {"foo": 1}}, {"value": {"id": 5, "questionText": None, "dateTabled": None}}]
    p = tmp_path / "odd.json"
    p.write_text(json.dumps(items), "utf-8")
    c = load([p])
    assert len(c) == 2  # the good one, and the empty-but-identified question
    assert any("item 2: skipped" in w.message for w in c.warnings)


def test_plain_json_that_is_not_the_api_is_not_claimed(tmp_path):
    data = b'{"name": "something else", "items": [1, 2]}'
    src = Source("x.json", data, data.decode(), "utf-8")
    assert pj.sniff(src) is False


def test_single_line_of_list_results_still_flags_truncated_answer(tmp_path):
    item = json.loads((FIX / "wq_list_array.json").read_text("utf-8"))[3]  # 1678074, answer cut at 258
    p = tmp_path / "one.json"
    p.write_text(json.dumps(item), "utf-8")
    (r,) = load([p]).records
    assert r.extra["truncated"] == ["answer"]
