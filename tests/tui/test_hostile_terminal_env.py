"""tui.terminal_env: animation defaults over SSH, set before Textual is imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui.terminal_env import is_remote, prepare_environment


@pytest.mark.parametrize("var", ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"])
def test_ssh_session_turns_animations_off(var: str) -> None:
    env = {var: "10.0.0.1 5555 10.0.0.2 22", "TERM": "xterm-256color"}
    assert is_remote(env)
    assert prepare_environment(env) == {"TEXTUAL_ANIMATIONS": "none"}
    assert env["TEXTUAL_ANIMATIONS"] == "none"


def test_user_choice_wins_over_ssh_default() -> None:
    env = {"SSH_TTY": "/dev/pts/3", "TEXTUAL_ANIMATIONS": "full"}
    assert prepare_environment(env) == {}
    assert env["TEXTUAL_ANIMATIONS"] == "full"


def test_local_session_is_left_alone() -> None:
    env = {"TERM": "xterm-256color", "SSH_TTY": ""}
    assert not is_remote(env)
    assert prepare_environment(env) == {}
    assert "TEXTUAL_ANIMATIONS" not in env


def test_terminal_env_does_not_import_textual() -> None:
    code = "import sys, tui.terminal_env; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_textual_sees_the_setting_when_prepared_before_import() -> None:
    code = (
        "import os; os.environ.pop('TEXTUAL_ANIMATIONS', None); os.environ['SSH_CONNECTION']='1 2 3 4';"
        "from tui.terminal_env import prepare_environment; prepare_environment();"
        "from textual import constants; print(constants.TEXTUAL_ANIMATIONS)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().lower().endswith("none")
