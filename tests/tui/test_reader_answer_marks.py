"""The reader marks answers that are not what they seem: cut short by the
source (in the header and where the text stops), completed from a grouped
question, corrected, holding.  Pilot, on real extracts (tests/fixtures/import;
wq_constructed_detail.json is constructed).  Contains Parliamentary information
licensed under the Open Parliament Licence v3.0."""

from __future__ import annotations

from pathlib import Path

from corpus.loader import load
from pilot_support import until
from tui.app import ParlreadApp
from tui.widgets.reader import Reader

F = Path(__file__).resolve().parents[1] / "fixtures" / "import"


async def _reader_text(paths, uin=None, details=False) -> str:
    corpus = load(paths)
    app = ParlreadApp(corpus=corpus)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        want = next(r for r in corpus.records if uin is None or r.uin == uin)
        while True:
            await pilot.press("enter")
            await pilot.pause()
            reader = app.screen.query_one(Reader)
            if reader.record is want:
                break
            await pilot.press("escape", "j")  # back to the library, next row
            await pilot.pause()
        if details:
            reader.focus()
            await pilot.press("H")
        await until(pilot, lambda: reader._lines, "the reader to lay out the record")
        return " ".join(" ".join(line.strip.text.split()) for line in reader._lines)  # lines as drawn, unwrapped


async def test_a_cut_answer_is_marked_in_the_header_and_where_it_stops():
    text = await _reader_text([F / "wq_grouped_cut.json"], uin="7711")
    assert "Truncated: answer: cut short by the source*" in text
    assert "Close to 1.3 mill... [answer cut short by the source: the rest is not loaded]" in text


async def test_a_completed_answer_says_where_its_text_came_from():
    text = await _reader_text([F / "wq_grouped_cut.json", F / "wq_dfe.jsonl"], uin="7711")
    assert "Answer text: from grouped question UIN 7712*" in text
    assert "cut short" not in text and "catering organisations." in text


async def test_corrected_and_holding_answers_are_marked_in_the_full_header():
    text = await _reader_text([F / "wq_constructed_detail.json"], details=True)
    assert "Corrected answer: yes, on 2024-02-21 (this is the corrected text; the original answer is loaded too, as a version to compare)" in text
    assert "Holding answer: yes, given on 2023-12-18 (the API marks this answer as a holding answer: the substantive answer is to follow)" in text
