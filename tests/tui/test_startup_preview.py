"""Start-up of a big corpus: its saved first screen shows at once, and keys typed before the records
are built still act (tui/preload.py, corpus/preview.py, RecordList.show_preview)."""

from __future__ import annotations

import os
import shutil
import threading
import time

import pytest
from pilot_support import until

import corpus.loader as loader
import corpus.preview as preview
from corpus.dirs import sample_dir
from tui import preload
from tui.app import ParlreadApp
from tui.widgets.library import RecordList


@pytest.fixture
def big(tmp_path, monkeypatch):
    """The samples as a "big" corpus (MIN_RECORDS lowered) with a saved preview, and a load held at a gate."""
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(preview, "MIN_RECORDS", 1)
    d = tmp_path / "corpus"
    d.mkdir()
    old = time.time() - 60
    for src in sorted(sample_dir().glob("*.txt")):
        shutil.copy(src, d / src.name)
        os.utime(d / src.name, (old, old))
    assert preview.save([str(d)], loader.load([d]).records) is not None
    gate = threading.Event()
    real = loader.load_file

    def held(path, **kw):
        gate.wait(20)  # the records are slow to build: the preview is on screen meanwhile
        return real(path, **kw)

    monkeypatch.setattr(loader, "load_file", held)
    yield d, gate, preview.open_fresh([str(d)])
    gate.set()


def _status(app) -> str:
    return str(app.screen.query_one("#library-status").render())


async def test_the_saved_rows_show_before_the_records_and_enter_on_one_opens_it_once_loaded(big, tmp_path):
    d, gate, saved = big
    preload.start([str(d)])
    app = ParlreadApp([str(d)], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        records = app.screen.query_one(RecordList)
        await until(pilot, lambda: records.preview is not None, "the saved first screen")
        assert "7 of 7 records" in _status(app) and "loading" in _status(app)
        assert not app.corpus.records  # the rows below are drawn from the preview alone
        assert (saved.row(0).title or "(untitled)")[:12] in records.row_text(0)
        assert saved.row(6).sort_date in records.row_text(6)
        assert records.current is None  # nothing acts on a row whose record is not built yet
        assert app.focused is records
        await pilot.press("j", "enter")  # typed while the records load
        assert app.open_record_obj is None
        gate.set()
        await until(pilot, lambda: app.open_record_obj is not None, "the row chosen on the preview to open")
        assert app.open_record_obj.id == saved.row(1).id
        assert records.preview is None and records.cursor == 1
        assert "7 of 7 records" in _status(app) and "loading" not in _status(app)
        assert app.has_class("reading")  # Enter opened it, as it would have on a loaded row


async def test_a_filter_typed_on_the_preview_applies_when_the_records_arrive(big, tmp_path):
    d, gate, saved = big
    preload.start([str(d)])
    app = ParlreadApp([str(d)], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        records = app.screen.query_one(RecordList)
        await until(pilot, lambda: records.preview is not None, "the saved first screen")
        titled = next(saved.row(i) for i in range(len(saved)) if saved.row(i).title)
        word = max(titled.title.split(), key=len).lower().strip(":,.")
        await pilot.press("f", *word)
        assert app.screen.query_one("#filter").value == word
        assert "7 of 7 records" in _status(app)  # not applied to rows that are not loaded
        gate.set()
        await until(pilot, lambda: records.preview is None and app.corpus.records, "the records")
        from corpus.filters import RecordFilter, haystack

        recs = app.corpus.records
        expected = RecordFilter().with_words(word).indexes(recs, [haystack(r) for r in recs])
        assert 0 < len(expected) < 7
        await until(pilot, lambda: sorted(records.view) == sorted(expected), "the typed filter to apply")
        assert f"{len(expected)} of 7 records" in _status(app)
        assert titled.id in {recs[i].id for i in records.view}


async def test_without_a_fresh_preview_the_app_loads_as_before_and_saves_one(big, tmp_path):
    d, gate, saved = big
    (d / "extra.txt").write_text((sample_dir() / sorted(p.name for p in sample_dir().glob("*.txt"))[0]).read_text())
    old = time.time() - 60
    os.utime(d / "extra.txt", (old, old))  # a file added: the saved preview is stale
    assert preview.open_fresh([str(d)]) is None
    gate.set()
    preload.start([str(d)])
    app = ParlreadApp([str(d)], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        records = app.screen.query_one(RecordList)
        await until(pilot, lambda: app.corpus.records, "the records")
        assert records.preview is None
        await app.workers.wait_for_complete()
        await pilot.pause()
    fresh = preview.open_fresh([str(d)])
    assert fresh is not None and len(fresh) == len(app.corpus.records)


def test_a_load_started_for_other_paths_is_not_taken_and_is_cancelled(tmp_path):
    early = preload.start([str(tmp_path / "a")])
    assert preload.take([str(tmp_path / "b")]) is None
    assert early.cancel.is_set()
    assert preload.take([str(tmp_path / "a")]) is None  # taken (or dropped) once


async def test_t_typed_on_the_preview_waits_for_the_notes_store_and_tags_the_opened_record(big, tmp_path):
    """Keys that need the notes store queue for it (when_store); the store opens after the records."""
    d, gate, saved = big
    preload.start([str(d)])
    app = ParlreadApp([str(d)], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        records = app.screen.query_one(RecordList)
        await until(pilot, lambda: records.preview is not None, "the saved first screen")
        await pilot.press("j", "enter", "t")
        assert app.store is None and app.screen is app.main_screen
        gate.set()
        await until(pilot, lambda: type(app.screen).__name__ == "TagPrompt", "the tag prompt typed during the preview")
        assert app.open_record_obj is not None and app.open_record_obj.id == saved.row(1).id
