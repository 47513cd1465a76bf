"""qa7: `kill PID` (SIGTERM) on the running reader restores the terminal and exits 143.

Found in tmux: after SIGTERM the shell was left in the alternate screen with mouse reporting on
and the cursor hidden (tmux: alternate_on=1 mouse_any_flag=1), so every mouse move
typed escape sequences at the prompt."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess

from conftest import parlread_command, wait_until


def _app_pid(tmux) -> int:
    """The parlread process: the pane's shell runs it as its child."""
    shell = int(tmux.tmux("display", "-p", "-t", tmux.name, "#{pane_pid}").stdout.strip())
    out = subprocess.run(["ps", "-ww", "-o", "pid=,args=", "--ppid", str(shell)], capture_output=True, text=True).stdout
    pids = [int(line.split()[0]) for line in out.splitlines() if "parlread" in line or "tui.cli" in line]
    assert len(pids) == 1, out
    return pids[0]


def test_sigterm_restores_the_terminal_and_exits_143(tmux, tmp_path):
    env = {"HOME": tmp_path / "home", "PARLREAD_CACHE": tmp_path / "cache", "PARLREAD_STORE": tmp_path / "store",
           "PARLREAD_LIBRARY": tmp_path / "library", "XDG_STATE_HOME": tmp_path / "state", "NO_COLOR": "1"}
    (tmp_path / "home").mkdir()
    prefix = " ".join(f"{k}={shlex.quote(str(v))}" for k, v in env.items())
    tmux.start(f"env {prefix} {parlread_command()}", width=80, height=24)
    wait_until(lambda: "7 of 7 records" in tmux.capture(), 30, "the library", tmux.capture)

    def flags() -> str:
        return tmux.tmux("display", "-p", "-t", tmux.name, "#{alternate_on} #{mouse_any_flag}").stdout.strip()

    assert flags() == "1 1"  # the app is on the alternate screen, with the mouse on
    os.kill(_app_pid(tmux), signal.SIGTERM)
    wait_until(lambda: tmux.exit_status() is not None, 20, "parlread to exit", tmux.capture)
    assert tmux.exit_status() == 143
    assert flags() == "0 0"  # normal screen, no mouse reporting
