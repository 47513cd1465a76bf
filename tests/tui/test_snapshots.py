"""SVG snapshots of the main screens at 80×24 on the bundled sample corpus.

Regenerate after an intended change with
``.venv/bin/pytest tests/test_snapshots.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from tui.app import ParlreadApp

SIZE = (80, 24)


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _app(tmp_path):
    return ParlreadApp(store_dir=tmp_path / "store")


def test_library_80x24(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=_settle)


def test_reader_80x24(snap_compare, tmp_path):
    async def open_statement(pilot):
        await _settle(pilot)
        await pilot.press("j", "j", "j", "enter")  # the Hansard statement (003)
        await _settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=open_statement)


def test_reader_wide_120x30(snap_compare, tmp_path):
    async def open_question(pilot):
        await _settle(pilot)
        await pilot.press("enter", "j", "j")
        await _settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=(120, 30), run_before=open_question)


def test_help_80x24(snap_compare, tmp_path):
    async def help_(pilot):
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=help_)
