"""Pilot: the inbox screen (i) and the library's "new" mark, over records fetched from the replay server."""

from __future__ import annotations

import pytest

from api_replay import ReplayServer
from corpus.api import inbox
from corpus.api.client import Client
from corpus.api.fetch import fetch, record_id
from corpus.api.watches import add_watch, make_watch
from tui.app import ParlreadApp
from tui.screens.inbox import InboxList, InboxScreen
from tui.widgets.library import RecordList
from tui.widgets.reader import Reader

MOJ = (1678188, 1678190, 1678988)


@pytest.fixture
def fetched():
    with ReplayServer() as server:
        add_watch(make_watch("moj", departments=["justice"], kind="questions"))
        add_watch(make_watch("probation", search="probation service", kind="statements"))
        report = fetch(client=Client(server.url, rate=0))
        assert report.failed == 0 and report.new == 5
        yield report


async def _ready(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()


def _row_texts(lst) -> list[str]:
    return [lst.row_text(i) for i in range(lst.row_count)]


async def test_inbox_lists_new_records_and_enter_opens_and_marks_read(fetched):
    app = ParlreadApp()  # no paths: the managed library the fetch wrote into
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        records = app.screen.query_one(RecordList)
        assert len(app.corpus.records) == 5
        assert sum("new " in t for t in _row_texts(records)) == 5  # every library row marked new
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        lst = app.screen.query_one(InboxList)
        rows = _row_texts(lst)
        assert len(rows) == 5 and all(r.lstrip("▶ ").startswith("new") for r in rows)
        assert any("Werrington Young Offender Institution: Abuse" in r and "[moj]" in r for r in rows)
        chosen = lst.current
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, InboxScreen)
        assert app.screen.query_one(Reader).record.id == chosen.record_id
        # read in every session: the shared state says so, and this library row lost its mark
        assert chosen.record_id not in {e.record_id for e in inbox.unread()[0]}
        assert sum("new " in t for t in _row_texts(records)) == 4


async def test_mark_one_and_all_read_and_state_shared_with_other_sessions(fetched):
    app = ParlreadApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        lst = app.screen.query_one(InboxList)
        await pilot.press("j", "r")
        await pilot.pause()
        assert lst.row_count == 4 and len(inbox.unread()[0]) == 4
        await pilot.press("escape")
        await pilot.pause()
        # another session (the CLI) marks everything read: this app sees it on the next open
        inbox.mark_read()
        await pilot.press("i")
        await pilot.pause()
        assert app.screen.query_one(InboxList).row_count == 0
        head = str(app.screen.query_one("#inbox-head").render())
        assert "0 new or changed" in head
        await pilot.press("escape")
        # a new fetch elsewhere adds one: R marks all shown read
        inbox.add([{"record_id": record_id("wq:1678188"), "key": "wq:1678188", "why": "corrected",
                    "title": "Werrington Young Offender Institution: Abuse", "date": "2024-01-10", "watch": "moj"}])
        await pilot.press("i")
        await pilot.pause()
        rows = _row_texts(app.screen.query_one(InboxList))
        assert len(rows) == 1 and "corrected" in rows[0]
        await pilot.press("R")
        await pilot.pause()
        assert inbox.unread()[0] == []
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, InboxScreen)


async def test_a_record_fetched_or_changed_after_start_is_not_marked_read_unseen():
    """qa2: Enter on an entry the loaded corpus lacks (or holds only as its earlier copy) keeps it unread."""
    import copy

    from api_replay import fixture_questions

    qs = {v["id"]: v for v in fixture_questions()}
    moj = [copy.deepcopy(qs[i]) for i in MOJ]
    answered = moj[0]
    unanswered = copy.deepcopy(answered)
    for k in ("dateAnswered", "answerText", "heading"):
        unanswered[k] = None
    with ReplayServer(questions=[unanswered] + moj[1:]) as server:
        add_watch(make_watch("moj", departments=["justice"], kind="questions"))
        assert fetch(client=Client(server.url, rate=0)).new == 3
        inbox.mark_read()
        app = ParlreadApp()
        async with app.run_test(size=(80, 24)) as pilot:
            await _ready(app, pilot)
            assert len(app.corpus.records) == 3
            # while the app is open, another session fetches: the question is answered, one more is new
            server.put({**answered, "dateAnswered": "2026-11-30T00:00:00"})
            new_q = copy.deepcopy(qs[1678188])
            new_q.update(id=1678999, uin="99999", dateTabled="2026-11-30T00:00:00")
            server.put(new_q)
            report = fetch(client=Client(server.url, rate=0))
            assert report.new == 1 and report.updated == 1
            await pilot.press("i")
            await pilot.pause()
            lst = app.screen.query_one(InboxList)
            assert lst.row_count == 2
            await pilot.press("escape")
            await pilot.pause()
            opened = []
            for row in range(2):
                await pilot.press("i")
                await pilot.pause()
                lst = app.screen.query_one(InboxList)
                for _ in range(row):
                    await pilot.press("j")
                opened.append(lst.current.key)
                await pilot.press("enter")
                await pilot.pause()
                assert not isinstance(app.screen, InboxScreen)
                await pilot.press("escape")
                await pilot.pause()
            assert sorted(opened) == sorted({"wq:1678999", f"wq:{answered['id']}"})
            # neither was shown as fetched: both stay unread, in every session
            assert {e.key for e in inbox.unread()[0]} == {"wq:1678999", f"wq:{answered['id']}"}


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_an_empty_inbox_under_no_color_shows_its_message(monkeypatch, size):
    """qa2: NO_COLOR=1 and nothing new: the inbox says so (it crashed the app)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = ParlreadApp()
    async with app.run_test(size=size) as pilot:
        await _ready(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        lst = app.screen.query_one(InboxList)
        assert lst.row_count == 0
        head = str(app.screen.query_one("#inbox-head").render())
        assert "Nothing new" in head and "parlread fetch" in head
        app.screen.query_one(InboxList).render_line(0)  # the empty list draws under NO_COLOR
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, InboxScreen)
    assert app.return_code in (0, None)
