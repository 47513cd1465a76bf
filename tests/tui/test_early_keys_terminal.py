"""tui/terminal_env.keep_early_keys on a real pseudo-terminal: while parlread starts, keys are
not echoed and Enter stays Enter; the terminal's own settings come back after the app, after a
``kill`` during the start-up, and Textual's driver is handed those (not the early ones)."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tui.terminal_env import hand_over, keep_early_keys

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tty():
    master, slave = pty.openpty()
    yield master, slave
    os.close(master)
    os.close(slave)


def _flags(fd):
    attrs = termios.tcgetattr(fd)
    return attrs[0], attrs[3]


def test_line_mode_and_echo_off_until_undone(tty):
    _, slave = tty
    iflag0, lflag0 = _flags(slave)
    assert lflag0 & termios.ICANON and lflag0 & termios.ECHO and iflag0 & termios.ICRNL  # a fresh terminal
    restore = keep_early_keys(slave)
    try:
        iflag, lflag = _flags(slave)
        assert not lflag & termios.ICANON and not lflag & termios.ECHO
        assert not iflag & termios.ICRNL  # Enter arrives as CR, which Textual reads as Enter
        assert lflag & termios.ISIG  # Ctrl+C still stops a start-up
    finally:
        restore()
    assert _flags(slave) == (iflag0, lflag0)


def test_the_driver_is_given_the_settings_from_before(tty):
    _, slave = tty
    before = termios.tcgetattr(slave)
    restore = keep_early_keys(slave)
    try:
        class Driver:  # what Textual's LinuxDriver keeps: the settings it found when it started
            attrs_before = termios.tcgetattr(slave)

        driver = Driver()
        hand_over(driver, restore)
        assert driver.attrs_before == before
    finally:
        restore()


def test_not_a_terminal_is_left_alone(tmp_path):
    with open(tmp_path / "f", "w") as fh:
        restore = keep_early_keys(fh.fileno())
    restore()  # nothing to undo, and no error


def test_a_kill_during_the_start_up_restores_the_terminal(tty):
    _, slave = tty
    before = _flags(slave)
    code = "import sys, time; from tui.terminal_env import keep_early_keys; keep_early_keys(0); print('set', flush=True); time.sleep(30)"
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=slave, stdout=subprocess.PIPE, cwd=ROOT, text=True)
    assert proc.stdout.readline().strip() == "set"
    assert _flags(slave) != before  # the early settings are on
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == -signal.SIGTERM  # still killed by the signal, as before
    assert _flags(slave) == before
