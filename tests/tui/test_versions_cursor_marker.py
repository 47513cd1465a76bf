"""The versions list marks the highlighted version with a symbol, not by shade alone (QA).

Found in tmux with NO_COLOR=1 and TERM=xterm: the highlighted option of the versions list
differed from the others only by a grey background; the library marks its cursor with ▶.
"""

from __future__ import annotations

from textual.widgets import OptionList

from collate_fixtures import three_witnesses
from corpus.corpus import Corpus
from pilot_support import workers_idle as _settle


async def test_the_highlighted_version_carries_a_marker_that_follows_the_cursor(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    from tui.app import ParlreadApp
    from tui.screens.versions import VersionsScreen

    a, b, c = three_witnesses()
    app = ParlreadApp(store_dir=tmp_path / "store", corpus=Corpus([a, b, c]))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.pause()
        await _settle(app, pilot)
        app.open_record(b)
        await pilot.press("v")
        await _settle(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, VersionsScreen)
        ol = app.screen.query_one(OptionList)

        def firsts():
            return [str(ol.get_option_at_index(i).prompt).split("\n")[0] for i in range(ol.option_count)]

        assert ol.highlighted == 0
        assert firsts()[0].startswith("▶ ") and not any(f.startswith("▶") for f in firsts()[1:])
        await pilot.press("down")
        await pilot.pause()
        assert firsts()[1].startswith("▶ ") and not firsts()[0].startswith("▶")
        await pilot.press("end")
        await pilot.pause()
        assert firsts()[-1].startswith("▶ Collate all 3 versions")
        await pilot.press("enter")  # still the collation
        await _settle(app, pilot)
        await pilot.pause()
        from tui.screens.collate import CollateScreen

        assert isinstance(app.screen, CollateScreen)


async def test_a_with_no_other_version_says_so(tmp_path):
    from tui.app import ParlreadApp
    from tui.screens.versions import VersionsScreen

    a, _b, _c = three_witnesses()
    app = ParlreadApp(store_dir=tmp_path / "store", corpus=Corpus([a]))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.pause()
        await _settle(app, pilot)
        app.open_record(a)
        await pilot.press("v")
        await _settle(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, VersionsScreen)
        await pilot.press("a")
        await pilot.pause()
        assert list(app._notifications)[-1].message == "Only this version is known: nothing to collate"
