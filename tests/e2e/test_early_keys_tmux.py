"""Keys typed while parlread starts, in a real terminal (tmux): Enter pressed at once opens the
first record (it used to arrive as a newline from the terminal's line mode, read as Ctrl+J, and
was lost), and the terminal's own settings are back once the app quits.

The corpus is the bundled samples (Contains Parliamentary information licensed under the Open
Parliament Licence v3.0).
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.e2e.conftest import parlread_command


def _start(tmux, tmp_path: Path, after: str = "") -> None:
    env = (
        f"env -u COLUMNS -u LINES TERM=xterm-256color PARLREAD_STORE={tmp_path / 'store'} "
        f"PARLREAD_CACHE={tmp_path / 'cache'} XDG_STATE_HOME={tmp_path / 'state'} HOME={tmp_path} TEXTUAL_ANIMATIONS=none"
    )
    tmux.start(f"{env} {parlread_command()}{after}", width=80, height=24)


@pytest.mark.parametrize("when", ["before the command runs", "while Textual is imported"])
def test_enter_typed_at_once_opens_the_first_record(tmux, tmp_path, when):
    _start(tmux, tmp_path)
    if when == "while Textual is imported":
        import time

        time.sleep(0.08)  # the interpreter has started; the app's first frame is ~0.1 s away
    tmux.send("Enter")
    screen = tmux.wait_for(r"Kind: written question", 20, "the first record open in the reader").string
    assert "of 7 records" not in screen, screen  # at 80 columns the reader replaced the library
    tmux.send("h")  # back to the library: the Enter was one Enter, not two (a second opened nothing else)
    tmux.wait_for(r"7 of 7 records", 10, "the library again")


def test_the_terminal_settings_are_back_after_quitting(tmux, tmp_path):
    out = tmp_path / "stty.txt"
    _start(tmux, tmp_path, after=f"; stty -a > {shlex.quote(str(out))}")
    tmux.wait_for(r"7 of 7 records", 20, "the library")
    tmux.send("q")
    import time

    for _ in range(100):
        if out.exists() and out.read_text().strip():
            break
        time.sleep(0.1)
    flags = out.read_text().split()
    for flag in ("icanon", "echo", "icrnl", "isig"):
        assert flag in flags, f"{flag} not restored: {out.read_text()}"
