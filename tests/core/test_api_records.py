"""Issue 12 item 8, the data parts: derived titles (marked), departments normalised (original kept),
member names from the local members table (never guessed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.departments import normalise
from corpus.formats.parliament_json import derive_title, name_members
from corpus.loader import load

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "api"


@pytest.mark.parametrize("question, title", [
    ("To ask the Secretary of State for Education, how many additional staff will be required in September 2024 "
     "for the expanded childcare offer.", "How many additional staff will be required in September 2024 for the…"),
    # a department name with commas in it: the formula ends at the comma before a lower-case word
    ("To ask the Secretary of State for Environment, Food and Rural Affairs, what steps her Department is taking.",
     "What steps her Department is taking"),
    ("To ask His Majesty's Government what assessment they have made of the number of children in kinship care, "
     "and what support is available.", "What assessment they have made of the number of children in kinship…"),
    ("To ask the Chancellor of the Exchequer, if he will publish the figures.", "If he will publish the figures"),
    ("<p>To ask the Secretary of State for Education, whether she plans to review kinship allowances.</p>",
     "Whether she plans to review kinship allowances"),
    ("", None),
    (None, None),
])
def test_derive_title(question, title):
    assert derive_title(question) == title


def test_unanswered_questions_get_a_derived_title_marked_so():
    corpus = load([FIX / "questions.jsonl"])
    unanswered = [r for r in corpus.records if r.date_answered is None]
    assert len(unanswered) == 8
    for r in unanswered:
        assert r.title and r.extra["title_derived"] is True
        assert r.field_notes["title"].startswith("derived from the question text")
    answered = [r for r in corpus.records if r.date_answered]
    assert all("title_derived" not in r.extra and "title" not in r.field_notes for r in answered)
    r = next(r for r in unanswered if r.extra["question_id"] == 1907304)
    assert r.title == derive_title(r.passages[0].text)


@pytest.mark.parametrize("name, out, why", [
    ("COMMUNITIES AND LOCAL GOVERNMENT", "Ministry of Housing, Communities and Local Government", "case, short form, renamed in 2018"),
    ("Department for Levelling Up, Housing and Communities", "Ministry of Housing, Communities and Local Government", "renamed in 2024"),
    ("CHILDREN, SCHOOLS AND FAMILIES", "Department for Education", "case, short form, renamed in 2010"),
    ("HEALTH", "Department of Health and Social Care", "case, short form, renamed in 2018"),
    ("HOME DEPARTMENT", "Home Office", "case, short form"),
    ("SOLICITOR-GENERAL", "Solicitor-General", "case"),
    ("Department for Education", "Department for Education", None),
    # merged or split departments keep their own name
    ("Department for International Development", "Department for International Development", None),
    ("BUSINESS, INNOVATION AND SKILLS", "Department for Business, Innovation and Skills", "case, short form"),
])
def test_department_names_normalised(name, out, why):
    assert normalise(name) == (out, why)


def test_department_original_kept_on_api_records(tmp_path):
    v = json.loads((FIX / "questions.jsonl").read_text(encoding="utf-8").splitlines()[0])["value"]
    v["answeringBodyName"], v["answeringBodyId"] = "Department for Levelling Up, Housing and Communities", 211
    (tmp_path / "q.json").write_text(json.dumps({"value": v, "links": []}), encoding="utf-8")
    (r,) = load([tmp_path]).records
    assert r.department == "Ministry of Housing, Communities and Local Government"
    assert r.extra["department_original"] == "Department for Levelling Up, Housing and Communities"
    assert "renamed in 2024" in r.field_notes["department"]


def test_members_table_names_only_the_ids_it_holds():
    corpus = load([FIX / "questions.jsonl"])
    table = {"4362": {"name": "Edward Argar", "party": "Conservative", "house": "Commons"}}
    filled = name_members(corpus.records, table)
    argar = [r for r in corpus.records if r.extra.get("answering_member_id") == 4362]
    assert filled == len(argar) == 3
    for r in argar:
        assert (r.answered_by, r.answered_by_party) == ("Edward Argar", "Conservative")
        assert "members table" in r.field_notes["answered_by"]
    others = [r for r in corpus.records if r not in argar]
    assert all(r.answered_by is None and r.asked_by is None for r in others)  # never guessed
    assert all("member id" in r.field_notes["asked_by"] for r in others)
