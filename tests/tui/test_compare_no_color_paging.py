"""The comparison screen under NO_COLOR survives paging (QA).

Found in tmux (NO_COLOR=1 TERM=xterm, samples at 80×24): Enter on a record, v, Enter to compare,
then space (or any key that repaints further lines) stopped the app with AttributeError:
'NoneType' object has no attribute 'color' — padding and spacer segments had no style, which
Textual's Monochrome filter cannot take.
"""

from __future__ import annotations

from collate_fixtures import three_witnesses
from corpus.corpus import Corpus
from pilot_support import workers_idle as _settle


async def test_paging_through_a_comparison_with_no_color(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    from tui.app import ParlreadApp
    from tui.screens.compare import CompareScreen, CompareView

    a, b, _c = three_witnesses()
    app = ParlreadApp(store_dir=tmp_path / "store", corpus=Corpus([a, b]))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.pause()
        await _settle(app, pilot)
        app.open_record(b)
        await pilot.press("v")
        await _settle(app, pilot)
        await pilot.pause()
        await pilot.press("enter")
        await _settle(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        view = app.screen.query_one(CompareView)
        for key in ("space", "space", "G", "g", "right_square_bracket"):
            await pilot.press(key)
            await pilot.pause()
            assert app.return_code is None, key  # still running
            for y in range(view.size.height):
                assert all(seg.style is not None for seg in view.render_line(y)), (key, y)
