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
import sys
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
    stops a start-up).  The returned function puts back the settings from before
    (its ``before`` attribute holds them: :func:`hand_over` gives them to
    Textual's driver, so that a suspend or the driver's own exit restores those,
    not these); until the app handles SIGTERM itself, a SIGTERM restores them
    too.  A no-op (and its undo too) when ``fd`` is not a terminal."""
    try:
        import termios

        if not os.isatty(fd):
            return _nothing
        before = termios.tcgetattr(fd)
        raw = termios.tcgetattr(fd)
    except Exception:  # not a terminal we can set (or no termios): Textual's own set-up still applies
        return _nothing
    raw[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)  # iflag
    raw[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN)  # lflag (ISIG kept)
    raw[6][termios.VMIN], raw[6][termios.VTIME] = 1, 0

    def restore() -> None:
        for _ in range(3):  # TCSANOW: nothing of ours is left to drain; retried if a signal cuts it short
            try:
                termios.tcsetattr(fd, termios.TCSANOW, before)
                return
            except termios.error:
                continue
            except Exception:
                return

    restore.before = before  # type: ignore[attr-defined]
    try:
        import signal

        def on_term(signum, frame):  # before the app's own handler (tui/crash.py) is in place
            restore()
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)

        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, on_term)
        termios.tcsetattr(fd, termios.TCSANOW, raw)
    except BaseException:  # Ctrl+C right now, or a terminal that refuses: leave it as it was
        restore()
        if not isinstance(sys.exc_info()[1], Exception):
            raise
        return _nothing
    return restore


def hand_over(driver, restore: Callable[[], None] | None) -> None:
    """Give Textual's driver the terminal settings from before :func:`keep_early_keys` (it
    saved the early ones as the terminal's own when it started)."""
    before = getattr(restore, "before", None)
    if before is not None and hasattr(driver, "attrs_before"):
        driver.attrs_before = before


def _nothing() -> None:
    return None
