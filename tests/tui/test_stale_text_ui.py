"""A record whose cached texts are gone and whose source changed since it was loaded
(corpus/textstore.py StaleText): the app says so and stays up, never a wrong text, never a crash."""

from __future__ import annotations


import pytest
from pilot_support import until, workers_idle

from corpus import textstore
from corpus.loader import load
from tui.app import ParlreadApp
from tui.widgets.library import RecordList
from tui.widgets.reader import Reader

from lazy_support import FIX, cached_copies


@pytest.fixture
def stale(tmp_path, monkeypatch):
    """A warm (lazy) corpus; then its cache cleared and one source file changed under it."""
    d = cached_copies(tmp_path, monkeypatch, [FIX / "wq_dfe.jsonl", *sorted((FIX / "wrans").glob("*.xml"))])
    load([str(d)])
    corpus = load([str(d)])  # from the cache: texts read on demand
    src = d / "wq_dfe.jsonl"

    def break_it():
        for e in (tmp_path / "cache" / "records").glob("*.rc"):
            e.unlink()  # parlread cache --clear in another shell
        textstore._close_all()
        lines = src.read_text("utf-8").splitlines()
        src.write_text("\n".join(lines[1:] + lines[:1]) + "\n", "utf-8")  # edited meanwhile

    return corpus, str(src), break_it


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_opening_a_record_whose_source_changed_says_so_and_does_not_crash(stale, tmp_path, size):
    corpus, src, break_it = stale
    app = ParlreadApp(corpus=corpus, store_dir=tmp_path / "store")
    async with app.run_test(size=size) as pilot:
        await workers_idle(app, pilot)
        records = app.screen.query_one(RecordList)
        reader = app.screen.query_one(Reader)
        rows = [records.records[i] for i in records.view]
        others = [n for n, r in enumerate(rows) if r.source_file != src]
        mine = [n for n, r in enumerate(rows) if r.source_file == src]
        assert others and mine
        records.cursor = others[0]
        await pilot.press("enter")
        await until(pilot, lambda: reader.record is rows[others[0]], "an unchanged record open")
        shown = reader.record
        break_it()
        await pilot.press("escape")
        records.cursor = mine[0]  # (at 200 columns the reader follows the cursor)
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: any("reload" in str(n.message) for n in app._notifications), "a message")
        assert app.is_running and app.return_code is None
        assert any("wq_dfe.jsonl" in str(n.message) for n in app._notifications), "it names the file"
        assert reader.record is shown, "the reader keeps the record it could show"
        # the other files' records still open
        records.cursor = others[-1]
        await pilot.press("enter")
        await until(pilot, lambda: reader.record is rows[others[-1]], "another record opens")
        assert app.is_running


async def test_search_hits_of_a_record_whose_source_changed_say_so_and_do_not_crash(stale, tmp_path):
    from tui.screens.search import SearchScreen

    corpus, src, break_it = stale
    app = ParlreadApp(corpus=corpus, store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_idle(app, pilot)
        break_it()
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")
        screen = app.screen
        await pilot.press(*"subject knowledge enhancement")
        await until(pilot, lambda: screen.shown_query == "subject knowledge enhancement" and len(screen.hits), "hits")
        await pilot.pause()
        lines = [line.text for line in screen.hit_list.render_lines(screen.hit_list.region.reset_offset)]
        assert any("its file changed since loading" in line for line in lines), lines
        assert "subject knowledge" not in " ".join(lines).replace("'subject knowledge", ""), "no text shown for it"
        await pilot.press("enter")
        await until(pilot, lambda: any("wq_dfe.jsonl" in str(n.message) for n in app._notifications), "a message naming the file")
        assert app.is_running and app.return_code is None and app.screen is screen
