"""Issue 12 item 1: NO_COLOR and 16-colour screens do not crash; an unhandled
error exits non-zero with its traceback in a log file and one line on stderr.

Textual's ``Monochrome`` filter (NO_COLOR) reads ``style.color`` of every
segment: a Line-API row with an unstyled segment crashed the notes list and
the comparison.  The 16-colour snapshots downgrade every colour the way Rich
does for a ``standard`` (16-colour) terminal.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.filter import LineFilter

from annotations import AnnotationStore
from corpus.corpus import Corpus
from test_annotate_ui import _records
from test_compare_screen import Host
from tui.app import ParlreadApp
from tui.screens.compare import CompareScreen
from versions_fixtures import statement_002, statement_003

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(4096)
def _sixteen(style: Style) -> Style:
    color = style.color.downgrade(ColorSystem.STANDARD) if style.color else None
    bgcolor = style.bgcolor.downgrade(ColorSystem.STANDARD) if style.bgcolor else None
    return style + Style.from_color(color, bgcolor)


class SixteenColours(LineFilter):
    """What a 16-colour terminal shows: Rich's downgrade of each colour."""

    def apply(self, segments, background):
        return [Segment(t, _sixteen(s) if s is not None else s, c) for t, s, c in segments]


def _notes_app(tmp_path) -> ParlreadApp:
    recs = _records()
    store = AnnotationStore.open(tmp_path / "store", author="tester")
    store.add(recs[1], recs[1].passages[1], note="Check against the DfE statistics release.", tags=["meals", "cost"])
    store.add(recs[2], recs[2].passages[1], span=(4, 14), tags=["meals"])
    store.set_tag_colour("meals", "green")
    return ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")


@pytest.fixture
def no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def _fixed_clock(monkeypatch):
    import annotations.store as store_mod

    monkeypatch.setattr(store_mod, "now_iso", lambda: "2025-03-04T10:00:00.000Z")


async def test_notes_list_and_comparison_open_under_no_color(no_color, tmp_path):
    app = _notes_app(tmp_path)
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "NotesScreen"
        assert "meals" in "\n".join(app.screen.query_one("NotesList").row_text(i) for i in range(3))
        await pilot.press("escape")
        app.compare(statement_002(), statement_003())
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen) and app.screen.comparison is not None
        await pilot.press("right_square_bracket", "m", "c")
        await pilot.pause()
    assert app.crash is None and app.return_code in (0, None)


async def test_versions_then_enter_on_the_samples_under_no_color(no_color, tmp_path):
    """The path of the bug report: v on a statement of the bundled samples, Enter."""
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("j", "j", "j", "v")  # the Hansard statement (003) has a republished copy
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
    assert app.crash is None


def test_snapshot_notes_list_no_color(no_color, snap_compare, tmp_path, _fixed_clock):
    assert snap_compare(_notes_app(tmp_path), press=["A"], terminal_size=(80, 24))


def test_snapshot_comparison_no_color(no_color, snap_compare):
    async def ready(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("right_square_bracket")

    assert snap_compare(Host(statement_002(), statement_003()), terminal_size=(80, 24), run_before=ready)


async def _sixteen_colours(pilot):
    pilot.app._filters.append(SixteenColours())
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_snapshot_notes_list_16_colours(snap_compare, tmp_path, _fixed_clock):
    async def run(pilot):
        await _sixteen_colours(pilot)
        await pilot.press("A")
        await pilot.pause()

    assert snap_compare(_notes_app(tmp_path), terminal_size=(80, 24), run_before=run)


def test_snapshot_comparison_16_colours(snap_compare):
    async def run(pilot):
        await _sixteen_colours(pilot)
        await pilot.press("right_square_bracket")

    assert snap_compare(Host(statement_002(), statement_003()), terminal_size=(80, 24), run_before=run)


# ---- an unexpected error: non-zero exit, traceback in a log, one line ----------

# A real `parlread` process in which one key handler has a bug (injected here:
# the `w` key raises).  Run under Textual's headless driver so it needs no tty.
_CRASHING_APP = r"""
import sys
import tui.app

def broken(self):
    raise RuntimeError("injected bug in the w key")

tui.app.ParlreadApp.action_warnings = broken
orig_mount = tui.app.ParlreadApp.on_mount

async def on_mount(self):
    started = orig_mount(self)  # (the app's on_mount is plain since it no longer waits for the screen)
    if started is not None:
        await started
    self.set_timer(0.5, lambda: self.run_action("warnings"))

tui.app.ParlreadApp.on_mount = on_mount
from tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _env(tmp_path, **extra) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PARLREAD_STORE=str(tmp_path / "store"), PARLREAD_CACHE=str(tmp_path / "cache"),
        XDG_STATE_HOME=str(tmp_path / "state"), TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver",
        PYTHONPATH=str(ROOT), TEXTUAL_ANIMATIONS="none",
    )
    env.pop("PARLREAD_LOG_DIR", None)
    env.update(extra)
    return env


def test_a_crash_in_the_app_exits_non_zero_with_traceback_in_the_state_dir(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", _CRASHING_APP], env=_env(tmp_path, NO_COLOR="1"),
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert proc.returncode == 70, (proc.returncode, proc.stderr[-2000:])
    logs = list((tmp_path / "state" / "parlread" / "log").glob("crash-*.log"))
    assert len(logs) == 1
    log = logs[0].read_text()
    assert "Traceback" in log and "injected bug in the w key" in log and "action_warnings" not in log or "broken" in log
    assert oct(logs[0].stat().st_mode & 0o777) == "0o600"
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines == [f"parlread: internal error (RuntimeError: injected bug in the w key); traceback in {logs[0]}"]


def test_a_crash_in_a_command_exits_non_zero_with_a_log_and_one_line(tmp_path):
    code = (
        "import sys, tui.cli.list as L\n"
        "def boom(args): raise KeyError('injected')\n"
        "L.run = boom\n"
        "from tui.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, "list"], env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 70
    (log,) = (tmp_path / "state" / "parlread" / "log").glob("crash-*.log")
    assert "KeyError: 'injected'" in log.read_text()
    assert proc.stderr.count("\n") == 1 and str(log) in proc.stderr and "Traceback" not in proc.stderr
