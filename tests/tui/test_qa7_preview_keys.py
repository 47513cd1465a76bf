"""qa7: keys typed in the first instant of a big corpus's start-up, before its saved first screen
is painted, are not lost (tmux: `j j j Enter` typed 0.3 s after `parlread /tmp/c100k` moved the
cursor but the Enter never opened the record)."""

from __future__ import annotations

import threading

from pilot_support import until

import corpus.preview as preview
from tui import preload
from tui.app import ParlreadApp
from tui.widgets.library import RecordList

from test_startup_preview import big  # noqa: F401  (the fixture: samples as a big corpus, load held)


async def test_enter_typed_before_the_saved_first_screen_opens_the_record_once_loaded(big, tmp_path, monkeypatch):  # noqa: F811
    d, gate, saved = big
    shown = threading.Event()
    real = preview.open_fresh

    def slow(paths):
        shown.wait(20)  # the saved first screen is still being read when the keys come
        return real(paths)

    monkeypatch.setattr(preview, "open_fresh", slow)
    preload.start([str(d)])
    app = ParlreadApp([str(d)], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        records = app.screen.query_one(RecordList)
        await pilot.press("j", "j", "j", "enter")  # typed at once, on a still empty list
        assert records.preview is None and app.open_record_obj is None
        shown.set()
        await until(pilot, lambda: records.preview is not None, "the saved first screen")
        gate.set()
        await until(pilot, lambda: app.open_record_obj is not None, "the record chosen before the first paint")
        assert app.has_class("reading")
