"""qa7: a title the API did not give (derived from the question text, issue 12 item 8) is marked
in the reader's header, like every other inferred value: `*` in the compact header, the reason
with `H`. Found on ../shared/data: "What assessment her Department has made of …" showed as if
it were the record's heading, while `parlread show` said "(derived from the question text …)"."""

from __future__ import annotations

from pathlib import Path

from corpus.corpus import Corpus
from corpus.loader import load
from tui.app import ParlreadApp
from tui.widgets.reader import Reader

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "api" / "questions.jsonl"


def _head(reader: Reader) -> list[str]:
    return [line.strip.text.strip() for line in reader._lines[:16]]


async def test_a_derived_title_is_marked_in_the_header(tmp_path):
    records = load([FIX]).records
    derived = next(r for r in records if r.extra.get("title_derived"))
    given = next(r for r in records if "title" not in r.field_notes and r.title)
    app = ParlreadApp(store_dir=tmp_path / "store", corpus=Corpus([derived, given]))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.main_screen.query_one(Reader)
        app.open_record(derived)
        await pilot.pause()
        text = " ".join(_head(reader))
        assert text.startswith(derived.title.rstrip("…")[:40])
        assert f"{derived.title}*" in text  # compact: marked as inferred
        await pilot.press("H")
        await pilot.pause()
        assert "(derived from the question text" in " ".join(_head(reader))
        await pilot.press("H")
        app.open_record(given)
        await pilot.pause()
        assert f"{given.title}*" not in " ".join(_head(reader))


async def test_a_one_passage_record_says_1_passage(tmp_path):
    """qa7: a question with no answer yet has one passage; the header said "1 passages"."""
    records = load([FIX]).records
    one = next(r for r in records if len(r.passages) == 1)
    app = ParlreadApp(store_dir=tmp_path / "store", corpus=Corpus([one]))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.main_screen.query_one(Reader)
        app.open_record(one)
        await pilot.pause()
        text = " ".join(_head(reader))
        assert f"1 passage · id {one.id}" in text and "1 passages" not in text
