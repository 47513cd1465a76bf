"""Answers a reader must not take at face value: cut short by the API's list
endpoint (completed from a grouped question when the full answer is loaded),
corrected, holding.  Core side (corpus.formats.parliament_json.complete_from_groups,
corpus.marks) and `parlread show` (text and --json).

Records: tests/fixtures/import (real extracts; wq_constructed_detail.json is
constructed, see its README).  Contains Parliamentary information licensed
under the Open Parliament Licence v3.0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.loader import load
from corpus.marks import record_marks

F = Path(__file__).resolve().parents[1] / "fixtures" / "import"
CUT = F / "wq_grouped_cut.json"  # uins 7711, 7713: answers cut at 255 characters + "..."
FULL = F / "wq_dfe.jsonl"  # uin 7712 (grouped with them): the full answer, from the detail endpoint


def _by_uin(corpus):
    return {r.uin: r for r in corpus.records}


def _answer(r):
    return [p.text for p in r.passages if p.role == "answer"]


def test_a_cut_answer_takes_the_full_text_of_a_grouped_question():
    corpus = load([CUT, FULL])
    r = _by_uin(corpus)
    full = _answer(r["7712"])
    assert len(full) == 3 and full[0].startswith("This government has extended Free School Meal (FSM) eligibility")
    for uin in ("7711", "7713"):
        assert _answer(r[uin]) == full
        assert "truncated" not in r[uin].extra
        assert r[uin].extra["answer_from_grouped"] == {"uin": "7712", "question_id": 1679201, "record": r["7712"].id}
        assert ("Answer text", "from grouped question UIN 7712",
                "this copy was cut at 255 characters; the full text is the same answer given to the grouped question") in record_marks(r[uin])
        # the question is still its own, and every passage id is fresh and unique
        assert r[uin].passages[0].role == "question" and r[uin].passages[0].text != r["7712"].passages[0].text
        assert len({p.id for p in r[uin].passages}) == len(r[uin].passages)
        assert all(p.id.startswith(r[uin].id + ".") for p in r[uin].passages)
        assert [p.index for p in r[uin].passages] == list(range(len(r[uin].passages)))
        assert r[uin].text.endswith("catering organisations.")


def test_without_the_full_copy_the_cut_answer_stays_and_is_marked():
    alone = _by_uin(load([CUT]))
    for uin in ("7711", "7713"):
        (text,) = _answer(alone[uin])
        assert len(text) == 258 and text.endswith("Close to 1.3 mill...")
        assert alone[uin].extra["truncated"] == ["answer"]
        assert ("Truncated", "answer: cut short by the source",
                "the API's list endpoint cuts answers at 255 characters and adds \"...\"; "
                "the full text is not loaded: only the API's single-question endpoint gives it") in record_marks(alone[uin])


def test_a_grouped_copy_with_another_answer_is_not_used(tmp_path):
    # the same group, but the full copy's answer is not the one that was cut: no borrowing
    line = json.loads(FULL.read_text("utf-8").splitlines()[1])
    assert line["value"]["uin"] == "7712"
    line["value"]["answerText"] = "<p>" + "A different answer altogether, about school transport. " * 10 + "</p>"
    (tmp_path / "other.jsonl").write_text(json.dumps(line) + "\n")
    r = _by_uin(load([CUT, tmp_path / "other.jsonl"]))
    assert r["7711"].extra["truncated"] == ["answer"] and "answer_from_grouped" not in r["7711"].extra
    # nor from a question of the same uin in the other House
    line = json.loads(FULL.read_text("utf-8").splitlines()[1])
    line["value"]["house"] = "Lords"
    (tmp_path / "other.jsonl").write_text(json.dumps(line) + "\n")
    r = {(x.house, x.uin): x for x in load([CUT, tmp_path / "other.jsonl"]).records}
    assert r[("Commons", "7711")].extra["truncated"] == ["answer"]


def test_corrected_and_holding_answers_are_marked():
    corpus = load([F / "wq_list_array.json", F / "wq_constructed_detail.json", F / "wrans"])
    by_title = {}
    for r in corpus.records:
        by_title.setdefault(r.title, []).append(r)
    real = next(r for r in corpus.records if r.extra.get("question_id") == 1678074)  # real correction, list endpoint
    marks = {m[0]: m for m in record_marks(real)}
    assert marks["Corrected answer"] == ("Corrected answer", "yes, on 2024-02-21",
                                         "this is the corrected text; the source does not give the original answer")
    constructed = next(r for r in corpus.records if r.extra.get("original_answer"))
    marks = {m[0]: m for m in record_marks(constructed)}
    assert marks["Corrected answer"][2] == "this is the corrected text; the original answer is loaded too, as a version to compare"
    assert marks["Holding answer"] == ("Holding answer", "yes, given on 2023-12-18",
                                       "the API marks this answer as a holding answer: the substantive answer is to follow")
    (air,) = by_title["Air Pollution"]  # TheyWorkForYou reply with <p class="holdinganswer">
    assert ("Holding answer", "given on 2009-10-27", "a holding answer was given first; this answer followed it") in record_marks(air)
    plain = next(r for r in corpus.records if r.extra.get("question_id") == 1676644)
    assert record_marks(plain) == []


def test_the_original_of_a_correction_is_marked():
    from corpus.versions import virtual_records

    corpus = load([F / "wq_constructed_detail.json"])
    (orig,) = virtual_records(corpus.records).values()
    assert ("Original answer", "later corrected", f"the answer as first given; the corrected answer is record {corpus.records[0].id}") in record_marks(orig)


@pytest.fixture
def show(capsys):
    from tui.cli import main

    def run(*argv):
        capsys.readouterr()
        assert main(["show", *argv]) == 0
        return capsys.readouterr().out

    return run


def test_show_prints_the_marks_and_where_the_answer_is_cut(show):
    rid = _by_uin(load([CUT]))["7711"].id
    out = show(rid, str(CUT))
    assert ("       ! truncated: answer: cut short by the source  (the API's list endpoint cuts answers at 255 characters "
            "and adds \"...\"; the full text is not loaded: only the API's single-question endpoint gives it)\n") in out
    assert "Close to 1.3 mill...\n[answer cut short by the source: the rest is not loaded]\n" in out
    out = show(rid, str(CUT), str(FULL))
    assert "     ! answer text: from grouped question UIN 7712" in out and "cut short" not in out
    data = json.loads(show(rid, str(CUT), "--json"))
    assert data["marks"] == [{"mark": "Truncated", "value": "answer: cut short by the source",
                              "note": "the API's list endpoint cuts answers at 255 characters and adds \"...\"; "
                                      "the full text is not loaded: only the API's single-question endpoint gives it"}]


def test_show_marks_corrected_and_holding_answers(show):
    corpus = load([F / "wq_constructed_detail.json"])
    (rec,) = corpus.records
    out = show(rec.id, str(F / "wq_constructed_detail.json"))
    assert "! corrected answer: yes, on 2024-02-21  (this is the corrected text; the original answer is loaded too, as a version to compare)\n" in out
    assert "  ! holding answer: yes, given on 2023-12-18  (the API marks this answer as a holding answer: the substantive answer is to follow)\n" in out
    data = json.loads(show(rec.id, str(F / "wq_constructed_detail.json"), "--json"))
    assert [m["mark"] for m in data["marks"]] == ["Corrected answer", "Holding answer"]
    wrans = load([F / "wrans"])
    (air,) = [r for r in wrans.records if r.title == "Air Pollution"]
    out = show(air.id, str(F / "wrans"))
    assert "  ! holding answer: given on 2009-10-27  (a holding answer was given first; this answer followed it)\n" in out
