"""The library's "new" marks follow the shared inbox file: when another
session (the CLI in another process, another open app) marks the inbox read
or a fetch adds an entry, the marks refresh on the app's timer or when the
terminal regains focus — without pressing anything.  Pilot over records
fetched from the local replay server (tests/api_replay.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from api_replay import ReplayServer
from corpus.api import inbox
from corpus.api.client import Client
from corpus.api.fetch import fetch, record_id
from corpus.api.watches import add_watch, make_watch
from pilot_support import until, workers_idle
from tui.app import ParlreadApp
from tui.widgets.library import RecordList


@pytest.fixture
def fetched():
    with ReplayServer() as server:
        add_watch(make_watch("moj", departments=["justice"], kind="questions"))
        report = fetch(client=Client(server.url, rate=0))
        assert report.failed == 0 and report.new == 3
        yield report


def _new_rows(app) -> int:
    lst = app.screen.query_one(RecordList)
    return sum("new " in lst.row_text(i) for i in range(lst.row_count))


async def test_marks_clear_when_another_process_marks_the_inbox_read(fetched):
    app = ParlreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await workers_idle(app, pilot)
        assert _new_rows(app) == 3
        # another session: the CLI, in its own process, with the same library
        out = subprocess.run([sys.executable, "-m", "tui.cli", "inbox", "--mark-read"], capture_output=True, text=True,
                             env=os.environ.copy(), timeout=120)
        assert out.returncode == 0, out.stderr
        assert inbox.unread()[0] == []
        await until(pilot, lambda: _new_rows(app) == 0, "the new marks to clear on the timer", timeout=15)


async def test_marks_refresh_on_focus_and_a_new_entry_is_marked(fetched, monkeypatch):
    from textual import events

    from tui import inbox_watch

    monkeypatch.setattr(inbox_watch, "POLL_SECONDS", 3600.0)  # only the focus can refresh here
    app = ParlreadApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await workers_idle(app, pilot)
        inbox.mark_read()
        app.post_message(events.AppFocus())  # the user comes back to the terminal
        await until(pilot, lambda: _new_rows(app) == 0, "the marks to clear on focus")
        inbox.add([{"record_id": record_id("wq:1678188"), "key": "wq:1678188", "why": "corrected",
                    "title": "Werrington Young Offender Institution: Abuse", "date": "2024-01-10", "watch": "moj"}])
        app.post_message(events.AppFocus())
        await until(pilot, lambda: _new_rows(app) == 1, "the new entry to be marked")


def test_the_watch_is_one_stat_and_sees_an_atomic_rename(tmp_path, monkeypatch):
    from tui.inbox_watch import InboxWatch

    monkeypatch.setenv("PARLREAD_LIBRARY", str(tmp_path / "lib"))
    w = InboxWatch()
    assert w.stamp() is None and not w.changed()
    inbox.add([{"record_id": "r1", "key": "wq:1", "why": "new", "title": None, "date": None, "watch": None}])
    assert w.changed() and not w.changed()
    inbox.mark_read()  # rewritten by rename: a new inode, even within one mtime tick
    assert w.changed()


def test_the_watch_names_the_inbox_file_and_new_ids_reads_it_once_it_exists(tmp_path, monkeypatch):
    from corpus.api import inbox as inbox_mod
    from tui.inbox_watch import INBOX_FILE, InboxWatch, new_ids

    assert INBOX_FILE == inbox_mod.FILE
    monkeypatch.setenv("PARLREAD_LIBRARY", str(tmp_path / "lib"))
    w = InboxWatch()
    assert new_ids(w.path) == set()  # no inbox file (yet)
    inbox.add([{"record_id": "r1", "key": "wq:1", "why": "new", "title": None, "date": None, "watch": None}])
    assert w.path.endswith(INBOX_FILE) and new_ids(w.path) == {"r1"} == new_ids()
