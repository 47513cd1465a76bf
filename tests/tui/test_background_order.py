"""The app's background work one peak at a time (issue 15): the index build waits for the preview save.

Saving a big corpus's first screen (corpus/preview.py, +43 MB for about a
second at 100,000 records) and the index build each hold temporaries; the
build starts once the save is done, so that their peaks do not add up.
Quitting meanwhile builds nothing and leaves nothing behind.
"""

from __future__ import annotations

import os
import threading

from pilot_support import until

from tui.app import ParlreadApp


async def _loaded(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _blocking_preview(app, release: threading.Event, started: threading.Event):
    def save():
        started.set()
        release.wait(30)

    return app.run_worker(save, thread=True, group="preview", description="stand-in for the preview save")


async def test_index_build_waits_for_the_preview_save_then_runs(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(100, 30)) as pilot:
        await _loaded(app, pilot)
        assert app.index is not None
        app.session.index = None
        release, started = threading.Event(), threading.Event()
        _blocking_preview(app, release, started)
        await until(pilot, started.is_set, "the stand-in preview save")
        app.build_index()
        for _ in range(20):
            await pilot.pause(0.02)
        assert app.index is None  # still waiting for the save
        assert "indexing" in app.index_status()
        release.set()
        await until(pilot, lambda: app.index is not None, "the index, once the save is done")


async def test_quit_while_the_build_waits_builds_nothing_and_leaves_nothing(tmp_path):
    cache = os.environ["PARLREAD_CACHE"]
    app = ParlreadApp(store_dir=tmp_path / "store")
    release, started = threading.Event(), threading.Event()
    async with app.run_test(size=(100, 30)) as pilot:
        await _loaded(app, pilot)
        before = sorted(os.listdir(cache))
        for name in before:  # the index just saved: gone, as on a first start
            if name.startswith("search-"):
                os.unlink(os.path.join(cache, name))
        app.session.index = None
        _blocking_preview(app, release, started)
        await until(pilot, started.is_set, "the stand-in preview save")
        build = app.build_index()
        await pilot.pause(0.1)
        await app.action_quit()
    release.set()
    for _ in range(50):  # the build's thread sees the quit within 20 ms (tui/features.py)
        if build.is_finished:
            break
        threading.Event().wait(0.02)
    assert not [n for n in os.listdir(cache) if n.startswith("search-")]  # nothing built after the quit
    leftovers = [n for n in os.listdir(cache) if n.startswith(".") and n.endswith(".tmp")]
    assert leftovers == []
