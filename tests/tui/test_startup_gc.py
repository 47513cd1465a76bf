"""The CLI pauses the cyclic GC for the start-up (tui/preload.py); the app turns it on again
once the records are on screen, and never turns on a GC that someone else turned off."""

from __future__ import annotations

import gc

from pilot_support import until

from tui import preload
from tui.app import ParlreadApp


async def test_the_gc_paused_for_start_up_runs_again_once_the_records_are_shown(tmp_path):
    was = gc.isenabled()
    gc.enable()
    try:
        preload.pause_gc()
        assert not gc.isenabled()
        app = ParlreadApp(store_dir=tmp_path / "store")
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: app.corpus.records and gc.isenabled(), "the GC to run again after the first frame")
            preload.resume_gc()  # once only: a later call changes nothing
            assert gc.isenabled()
    finally:
        preload.resume_gc()
        (gc.enable if was else gc.disable)()


async def test_a_gc_turned_off_by_someone_else_stays_off(tmp_path):
    was = gc.isenabled()
    gc.disable()
    try:
        preload.pause_gc()  # already off: not ours to turn on again
        app = ParlreadApp(store_dir=tmp_path / "store")
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: app.corpus.records, "the records")
            await pilot.pause()
            assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_the_mmap_threshold_is_fixed_before_a_load_but_after_the_samples_first_frame(tmp_path, monkeypatch):
    """corpus.memory's fix (ctypes: ~3 ms) waits for the first frame when the five samples load."""
    import corpus.memory
    from corpus.dirs import sample_dir

    calls = []
    monkeypatch.setattr(corpus.memory, "fix_mmap_threshold", lambda *a: calls.append("fix") or True)
    monkeypatch.setattr(preload, "_mmap_fixed", False)
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PARLREAD_LIBRARY", str(tmp_path / "library"))  # nothing imported: the samples open
    assert len(preload.Preload([]).future.result(timeout=20).records) == 7
    assert calls == []
    was = gc.isenabled()
    gc.enable()
    try:
        preload.pause_gc()
        preload.resume_gc()  # the records are on screen
    finally:
        (gc.enable if was else gc.disable)()
    assert calls == ["fix"]
    monkeypatch.setattr(preload, "_mmap_fixed", False)
    calls.clear()
    preload.Preload([str(sample_dir())]).future.result(timeout=20)  # named paths: perhaps a big corpus
    assert calls == ["fix"]
