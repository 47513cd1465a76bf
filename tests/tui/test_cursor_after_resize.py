"""The highlighted library row stays on screen when the terminal shrinks: highlighted near the
bottom of a tall window, then the window made 80x24, the row is still in view (it used to be
scrolled out of sight until the next key).  Corpus: 120 generated written questions in the
Parliament API's JSONL shape (tests/e2e/test_day_tmux.py)."""

from __future__ import annotations

from pilot_support import until

from tests.e2e.test_day_tmux import write_big_corpus
from tui.app import ParlreadApp
from tui.widgets.library import RecordList


def _in_view(records: RecordList) -> bool:
    top = records.scroll_offset.y
    height = records.scrollable_content_region.height
    first = records.cursor * records.LINES_PER_ROW
    return top <= first and first + records.LINES_PER_ROW <= top + height


async def test_the_highlighted_row_stays_in_view_when_the_window_shrinks(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    write_big_corpus(data / "q.jsonl", n=120)
    app = ParlreadApp([str(data)], store_dir=tmp_path / "store")
    async with app.run_test(size=(200, 50)) as pilot:
        records = app.main_screen.query_one(RecordList)
        await until(pilot, lambda: len(records.view) == 120, "the records listed")
        height = records.scrollable_content_region.height
        for _ in range(height // records.LINES_PER_ROW - 2):
            await pilot.press("j")
        await pilot.pause()
        assert records.cursor > 10 and _in_view(records)
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: records.scrollable_content_region.height < height, "the list made shorter")
        await pilot.pause()
        assert _in_view(records), (records.cursor, records.scroll_offset.y, records.scrollable_content_region.height)
