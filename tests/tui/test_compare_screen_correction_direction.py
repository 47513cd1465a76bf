"""A corrected answer compared with its original from the versions list reads
forwards: the original answer on the left (A), the corrected one on the right
(B), each side labelled; text only in the correction is an insertion, not a
deletion.  Pilot, on tests/fixtures/import/wq_constructed_detail.json
(constructed: see that folder's README)."""

from __future__ import annotations

from pathlib import Path

from corpus.loader import load
from pilot_support import until, workers_idle

F = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "wq_constructed_detail.json"


async def test_enter_on_the_original_in_the_versions_list_compares_original_to_corrected(tmp_path):
    from tui.app import ParlreadApp
    from tui.screens.compare import CompareScreen
    from tui.screens.versions import VersionsScreen

    corpus = load([F])
    (corrected,) = corpus.records
    app = ParlreadApp(store_dir=tmp_path / "store", corpus=corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await workers_idle(app, pilot)
        app.open_record(corrected)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen), "the versions list")
        await pilot.press("enter")  # the first row: the original answer
        await until(pilot, lambda: isinstance(app.screen, CompareScreen) and app.screen.comparison is not None, "the comparison")
        screen = app.screen
        assert screen.record_a.extra.get("original_of") == corrected.id
        assert screen.record_b is corrected
        header = str(screen._header())
        assert header.startswith("A: [original answer] ") and "\nB: [corrected answer, 2024-02-21] " in header
        rows = screen.comparison.rows
        a_text = " ".join(r.a for r in rows if r.a is not None)
        b_text = " ".join(r.b for r in rows if r.b is not None)
        assert "Corrected answer" in b_text and "Corrected answer" not in a_text
