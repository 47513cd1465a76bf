"""parlread in a real terminal: tmux runs it, send-keys types, capture-pane reads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PARLREAD = Path(sys.executable).with_name("parlread")


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def _wait_for(session: str, needle: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", session)
        if needle in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} did not appear on screen:\n{screen}")


@pytest.fixture
def tmux_session(tmp_path):
    assert shutil.which("tmux"), "tmux is required (installed by .ci/run / scripts/ci_system_deps.sh)"
    name = f"parlread-test-{uuid.uuid4().hex[:8]}"
    yield name
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def test_reader_in_real_terminal_opens_record_and_quits(tmux_session, tmp_path):
    env = (
        f"env TERM=xterm-256color PARLREAD_STORE={tmp_path / 'store'} PARLREAD_CACHE={tmp_path / 'cache'} "
        f"TEXTUAL_ANIMATIONS=none"
    )
    _tmux("new-session", "-d", "-s", tmux_session, "-x", "80", "-y", "24", f"{env} {PARLREAD}; echo EXITED-$?; sleep 30")
    screen = _wait_for(tmux_session, "records")
    assert "of 7 records" in screen
    assert "David Johnston" in screen or "Children" in screen
    _tmux("send-keys", "-t", tmux_session, "f")
    _tmux("send-keys", "-t", tmux_session, "-l", "Bishop")  # typed straight after `f`
    _wait_for(tmux_session, "3 of 7 records")
    _tmux("send-keys", "-t", tmux_session, "Enter")  # back to the list
    _wait_for(tmux_session, "q Quit")  # the footer shows the list's keys again
    _tmux("send-keys", "-t", tmux_session, "Enter")  # open the record
    screen = _wait_for(tmux_session, "Asked by: Matt Bishop")
    assert "Labour" in screen
    assert "Answered: unknown" in screen and "1970-01-01" not in screen
    _tmux("send-keys", "-t", tmux_session, "?")
    _wait_for(tmux_session, "Press Escape or q to close this help")
    _tmux("send-keys", "-t", tmux_session, "Escape")
    deadline = time.monotonic() + 10  # Esc+q sent together would read as alt+q
    while "close this help" in _tmux("capture-pane", "-p", "-t", tmux_session) and time.monotonic() < deadline:
        time.sleep(0.1)
    _tmux("send-keys", "-t", tmux_session, "q")
    screen = _wait_for(tmux_session, "EXITED-0")
    assert "Traceback" not in screen
