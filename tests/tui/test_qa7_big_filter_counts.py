"""qa7: the counts the library announces after a tag, facet or member filter are those of the new
view, also for a big library (20,000+ records), where the view is computed in a worker.

Found at 100k records in tmux: T → Enter on a tag carried by one record said "Library: 100000
records tagged #kinship", while the list showed "1 of 100000 records" (the old view's length)."""

from __future__ import annotations

from pilot_support import until

from tui.app import ParlreadApp
from tui.widgets.library import RecordList


async def _ready(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_tag_manager_filter_announces_the_filtered_count_in_a_big_library(tmp_path, monkeypatch):
    monkeypatch.setattr(RecordList, "BIG", 0)  # filter in the worker, as at 20,000+ records
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        record = next(r for r in app.corpus.records if r.title == "Children’s Social Care")
        app.store.add(record, record.passages[0], tags=("kin",))
        total = len(app.corpus.records)
        assert total > 1
        await pilot.press("T")
        await until(pilot, lambda: type(app.screen).__name__ == "TagManager", "the tag manager")
        await pilot.press("enter")
        rl = app.main_screen.query_one(RecordList)
        await until(pilot, lambda: len(rl.view) == 1, "the library filtered by the tag")
        await until(pilot, lambda: any("tagged #kin" in m for m in _notices(app)), "the tag filter's notice")
        said = [m for m in _notices(app) if "tagged #kin" in m]
        assert said == [said[0]] and said[0].startswith("Library: 1 record tagged #kin"), said
        assert len(said[0]) <= 78  # one line of the message bar at 80 columns


async def test_member_view_announces_the_members_count_in_a_big_library(tmp_path, monkeypatch):
    monkeypatch.setattr(RecordList, "BIG", 0)
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        rl = app.main_screen.query_one(RecordList)
        record = next(r for r in app.corpus.records if r.asked_by == "Matt Bishop")
        app.open_record(record)
        await pilot.pause()
        await pilot.press("m")
        expected = sum(1 for r in app.corpus.records if "Matt Bishop" in (r.asked_by or "", r.answered_by or ""))
        await until(pilot, lambda: len(rl.view) == expected, "the member's view")
        await until(pilot, lambda: any("Member's view" in m for m in _notices(app)), "the member's notice")
        said = next(m for m in _notices(app) if "Member's view" in m)
        assert said.startswith(f"Member's view: {expected} record"), said
        assert expected < len(app.corpus.records)
