"""Pilot tests of search, versions and comparison as wired into the app, on the samples."""

from __future__ import annotations

from pilot_support import palette_offers, until

from tui.app import ParlreadApp
from tui.widgets.library import RecordList
from tui.widgets.reader import Reader


async def _ready(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _header(reader: Reader) -> str:
    return "\n".join(line.strip.text for line in reader._lines[:20])


def _by_title(app, title):
    return next(r for r in app.corpus.records if r.title == title)


async def test_search_with_typo_opens_record_at_passage_with_highlights_and_n_steps(tmp_path):
    from tui.screens.search import SearchScreen

    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        assert app.index is not None
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"kinship carer allowence")
        await until(pilot, lambda: app.screen.shown_query == "kinship carer allowence", "the search hits")
        await pilot.press("enter")
        await pilot.pause()
        reader = app.main_screen.query_one(Reader)
        passage = reader.current_passage
        assert "financial allowance pathfinder" in passage.text
        spans = reader._highlights[passage.id]
        words = {passage.text[s:e].lower() for s, e in spans}
        assert {"kinship", "carers", "allowance"} <= words
        first = (reader.record.id, passage.id)
        assert len(app.session.hits) > 1
        await pilot.press("n")
        assert (reader.record.id, reader.current_passage.id) != first
        await pilot.press("N")
        assert (reader.record.id, reader.current_passage.id) == first


async def test_find_in_record_is_scoped_to_the_open_record(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        record = _by_title(app, "Children: Social Services")
        app.open_record(record)
        await pilot.press("slash", *"foster")
        await until(pilot, lambda: getattr(app.screen, "shown_query", None) == "foster", "the find-in-record hits")
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.hits and {h.record_id for h in app.session.hits} == {record.id}


async def test_versions_list_finds_the_hansard_copy_and_opens_the_comparison(tmp_path):
    from tui.screens.compare import CompareScreen
    from tui.screens.versions import VersionsScreen

    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        statement = _by_title(app, "Children's Social Care Update")
        app.open_record(statement)
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, VersionsScreen)
        assert [other.title for other, _ in app.screen.rows] == ["Children’s Social Care"]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.record_b.volume == "742"


async def test_inferred_metadata_from_the_other_version_is_marked(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        reader = app.main_screen.query_one(Reader)
        app.open_record(_by_title(app, "Children's Social Care Update"))
        await pilot.pause()
        await pilot.press("H")  # the full header names where inferred values come from
        header = _header(reader)
        assert "Date: 2023-12-18  (inferred from Hansard" in header
        app.open_record(_by_title(app, "Children’s Social Care"))
        await pilot.pause()
        header = _header(reader)
        assert "By: David Johnston  (inferred from" in header
        assert "Volume: 742" in header and "Volume: 742  (" not in header  # stated, not inferred


async def test_compare_any_two_records_with_c(tmp_path):
    from tui.screens.compare import CompareScreen

    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        a, b = app.corpus.records[0], app.corpus.records[1]
        app.open_record(a)
        await pilot.press("c")
        assert app.session.compare_a is a
        app.open_record(b)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert (app.screen.record_a, app.screen.record_b) == (a, b)


async def test_search_follows_the_library_tag_filter(tmp_path):
    from tui.annotate import set_tag_filter

    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        record = _by_title(app, "Children’s Social Care")
        tagged = [p for p in record.passages if "kinship" in p.text.lower()][:2]
        for p in tagged:
            app.store.add(record, p, tags=("kin",))
        assert set_tag_filter(app, "kin") == 1
        await pilot.press("ctrl+f", *"children")
        await until(pilot, lambda: getattr(app.screen, "shown_query", None) == "children", "the search hits")
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.hits and {h.passage_id for h in app.session.hits} <= {p.id for p in tagged}


async def test_palette_offers_search_and_versions(tmp_path):
    from tui.screens.search import SearchScreen

    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        await pilot.press("ctrl+p", *"Search")
        await until(pilot, lambda: palette_offers(app, "Search"), "the palette to offer Search")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")


async def test_v_before_the_version_search_ends_waits_for_it_instead_of_redoing_it(tmp_path, monkeypatch):
    import threading

    import corpus.versions as versions
    import corpus.versions_store as versions_store
    from tui.screens.versions import VersionsScreen

    release = threading.Event()
    real_find = versions_store.find_pairs  # the corpus-wide detection the app's worker runs
    redone = []

    def slow_find(*args, **kw):
        release.wait(30)
        return real_find(*args, **kw)

    monkeypatch.setattr(versions_store, "find_pairs", slow_find)
    monkeypatch.setattr(versions, "versions_of", lambda *a, **k: redone.append(a) or [])
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.corpus.records:
            await pilot.pause()
        statement = _by_title(app, "Children's Social Care Update")
        records = app.main_screen.query_one(RecordList)
        records.select_record(statement.id)
        records.focus()
        await pilot.pause()
        await pilot.press("v")
        assert not isinstance(app.screen, VersionsScreen)
        assert app.session.versions_wanted is statement
        release.set()
        await app.workers.wait_for_complete()
        while not isinstance(app.screen, VersionsScreen):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert [other.title for other, _ in app.screen.rows] == ["Children’s Social Care"]
        assert redone == []  # the corpus-wide pairs were found once, by the background worker


def test_each_app_has_its_own_state():
    a, b = ParlreadApp(corpus=None), ParlreadApp(corpus=None)
    a.session.hits.append("hit")
    a.session.undo_log.append(("add", "tag"))
    assert b.session.hits == [] and b.session.undo_log == []
    assert a.library_view.tag is None and not a.library_view.filters.active  # nothing filtered before mount
