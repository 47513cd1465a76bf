"""Environment defaults for running the app in a terminal (no Textual import here).

``prepare_environment()`` must run before ``textual`` is imported: Textual
reads ``TEXTUAL_ANIMATIONS`` (and ``TEXTUAL_COLOR_SYSTEM``) at import time.

Over SSH every animated frame (smooth scrolling, fading toasts, the loading
indicator's pulse) is a screenful of bytes on a possibly slow link, so when the
session looks remote (``SSH_CONNECTION`` / ``SSH_CLIENT`` / ``SSH_TTY`` set) and
the user has not chosen, animations default to ``none``.  ``NO_COLOR`` is left
to Textual, which honours it.  An explicit user setting always wins.

``COLUMNS`` / ``LINES`` exported into the environment (some shells and test
harnesses do) would pin Textual's terminal size: it asks
``shutil.get_terminal_size()``, which prefers them to the terminal, so every
resize would be ignored.  In a real terminal they are dropped, so the layout
follows the window; under the web driver (textual-serve) they are the size.
"""

from __future__ import annotations

import os
from typing import Callable, MutableMapping

SSH_VARIABLES = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")


def is_remote(env: MutableMapping[str, str] | None = None) -> bool:
    """True when the process runs inside an SSH session."""
    env = os.environ if env is None else env
    return any(env.get(name) for name in SSH_VARIABLES)


def prepare_environment(env: MutableMapping[str, str] | None = None) -> dict[str, str]:
    """Set defaults in ``env`` (``os.environ`` by default); return what was set."""
    env = os.environ if env is None else env
    changed: dict[str, str] = {}
    if is_remote(env) and not env.get("TEXTUAL_ANIMATIONS"):
        env["TEXTUAL_ANIMATIONS"] = changed["TEXTUAL_ANIMATIONS"] = "none"
    if not env.get("TEXTUAL_DRIVER"):
        for name in ("COLUMNS", "LINES"):
            if name in env:
                env.pop(name)
                changed[name] = ""
    return changed


def keep_early_keys(fd: int = 0) -> Callable[[], None]:
    """From now on, keys typed reach the app as typed; returns the function that undoes it.

    Textual puts the terminal in raw mode only once it has been imported and the
    app is running (~0.15 s after the command starts).  Until then the terminal
    is in its line mode: what is typed is echoed over the screen, and Enter
    arrives as a newline (ICRNL), which Textual reads as Ctrl+J — an Enter typed
    at once after ``parlread`` was lost.  So the CLI turns line mode, echo and the
    CR/NL translations off first, as Textual will (signals stay on: Ctrl+C still
    stops a start-up); Textual then takes these settings as the terminal's, and
    the returned function puts back the ones from before, after the app exits.
    A no-op (and its undo too) when ``fd`` is not a terminal."""
    try:
        import termios

        if not os.isatty(fd):
            return _nothing
        before = termios.tcgetattr(fd)
        raw = termios.tcgetattr(fd)
        raw[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)  # iflag
        raw[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN)  # lflag (ISIG kept)
        raw[6][termios.VMIN], raw[6][termios.VTIME] = 1, 0
        termios.tcsetattr(fd, termios.TCSANOW, raw)
    except Exception:  # not a terminal we can set (or no termios): Textual's own set-up still applies
        return _nothing

    def restore() -> None:
        try:
            termios.tcsetattr(fd, termios.TCSADRAIN, before)
        except Exception:
            pass

    return restore


def _nothing() -> None:
    return None
