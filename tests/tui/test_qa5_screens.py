"""QA (qa5): the versions list has its own footer (not the library's keys
under it), and the collation's help is titled in words, not class names."""

from __future__ import annotations

from textual.widgets import Footer

from corpus.dirs import sample_dir
from tui.app import ParlreadApp
from tui.screens.collate import CollateScreen
from tui.screens.help import HelpScreen
from tui.screens.versions import VersionsScreen
from tui.widgets.library import RecordList


async def _settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _open_versions(app, pilot) -> None:
    await _settle(app, pilot)
    rl = app.screen.query_one(RecordList)
    idx = next(i for i, r in enumerate(rl.records[j] for j in rl.view) if (r.title or "").startswith("Children’s Social Care"))
    for _ in range(idx):
        await pilot.press("j")
    await pilot.press("v")
    for _ in range(100):
        await _settle(app, pilot)
        if isinstance(app.screen, VersionsScreen):
            return
    raise AssertionError("the versions list did not open")


async def test_versions_list_has_its_own_footer(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", "off")
    app = ParlreadApp(paths=[sample_dir()], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_versions(app, pilot)
        assert app.screen.query(Footer), "the versions list shows the library's footer (t Tag, f Filter…) under it"


async def test_collation_help_is_titled_in_words(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", "off")
    app = ParlreadApp(paths=[sample_dir()], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_versions(app, pilot)
        await pilot.press("a")
        for _ in range(100):
            await _settle(app, pilot)
            if isinstance(app.screen, CollateScreen):
                break
        assert isinstance(app.screen, CollateScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        titles = [title for title, _ in app.screen.groups]
        assert "CollateScreen" not in titles and "CollateView" not in titles, titles
        assert "Collation" in titles


import pytest  # noqa: E402


@pytest.mark.parametrize("key", ["i", "L", "w", "F", "T", "A", "E", "O"])
async def test_every_dialog_has_its_own_footer_and_a_titled_help(tmp_path, monkeypatch, key):
    monkeypatch.setenv("PARLREAD_CACHE", "off")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("PARLREAD_LIBRARY", str(tmp_path / "lib"))
    app = ParlreadApp(paths=[sample_dir()], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press(key)
        for _ in range(50):
            await _settle(app, pilot)
            if app.screen is not app.main_screen:
                break
        screen = app.screen
        assert screen is not app.main_screen
        assert screen.query(Footer), f"{type(screen).__name__} shows the library's footer under it"
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        titles = [title for title, _ in app.screen.groups]
        assert not any(t.endswith(("Screen", "List", "View")) and " " not in t for t in titles), titles
