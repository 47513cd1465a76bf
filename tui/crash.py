"""Unexpected errors: the traceback goes to a log file, the user gets one line.

Any error that is not a user mistake (a bug, a crash inside the app) leaves a
non-zero exit status (``EXIT_INTERNAL``) and its full traceback in
``crash-<time>-<pid>.log`` under the user's log directory (platformdirs
``user_log_dir``: ``$XDG_STATE_HOME/parlread/log``, by default
``~/.local/state/parlread/log``; ``PARLREAD_LOG_DIR`` overrides it).  On
stderr a single line says what happened and where the traceback is.  No
Textual import here: the command line uses it too.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

EXIT_INTERNAL = 70  # sysexits.h EX_SOFTWARE: an internal error (a bug), not the user's mistake
KEEP_LOGS = 20


def log_dir() -> Path:
    env = os.environ.get("PARLREAD_LOG_DIR")
    if env:
        return Path(env)
    from platformdirs import user_log_dir

    return Path(user_log_dir("parlread", appauthor=False))


def write_crash_log(exc: BaseException, context: str = "") -> Path | None:
    """Write ``exc``'s traceback to a new log file; return its path (None if
    even that failed — the caller then prints the traceback itself)."""
    try:
        directory = log_dir()
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
        path = directory / f"crash-{stamp}-{os.getpid()}.log"
        lines = [
            f"parlread crash at {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n",
            f"command: {' '.join(sys.argv)}\n",
            f"python: {sys.version.split()[0]}\n",
        ]
        if context:
            lines.append(f"where: {context}\n")
        lines.append("\n")
        lines.extend(traceback.format_exception(type(exc), exc, exc.__traceback__))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as fh:
            fh.writelines(lines)
        _prune(directory)
        return path
    except Exception:
        return None


def _prune(directory: Path) -> None:
    logs = sorted(directory.glob("crash-*.log"))
    for old in logs[:-KEEP_LOGS]:
        try:
            old.unlink()
        except OSError:
            pass


def pointer_line(exc: BaseException, path: Path | None) -> str:
    """The one line shown on stderr."""
    what = f"{type(exc).__name__}: {exc}".splitlines()[0][:200] if str(exc) else type(exc).__name__
    from corpus.safe_text import printable

    what = printable(what)
    if path is None:
        return f"parlread: internal error ({what}); the traceback could not be written to a log file"
    return f"parlread: internal error ({what}); traceback in {path}"


def report(exc: BaseException, context: str = "") -> int:
    """Log ``exc``, print the pointer line, return the exit status."""
    path = write_crash_log(exc, context)
    print(pointer_line(exc, path), file=sys.stderr)
    if path is None:
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    return EXIT_INTERNAL


class CrashLogMixin:
    """For the Textual app: an unhandled exception (in a handler, a render or
    a worker) is logged to a file and Textual's screenful of traceback on exit
    is replaced by nothing; ``tui.cli.app_cmd`` prints the pointer line
    and exits with ``EXIT_INTERNAL``.  (``_handle_exception`` is where
    Textual routes every unhandled error; it still sets the return code and,
    under Pilot, re-raises the error in the test.)"""

    crash: BaseException | None = None
    crash_log: Path | None = None

    def _handle_exception(self, error: Exception) -> None:
        if self.crash is None:
            self.crash = error
            self.crash_log = write_crash_log(error, "in the app")
        super()._handle_exception(error)  # type: ignore[misc]
        if self.crash_log is not None:
            self._exit_renderables.clear()  # type: ignore[attr-defined]


def exit_on_sigterm(app) -> None:
    """``kill PID`` (SIGTERM): leave as ``ctrl+q`` does, so the terminal is restored (normal screen,
    no mouse reporting, cursor shown), and exit 143 (128 + 15). Python's default stops the process
    at once and leaves the shell in the alternate screen with mouse reporting on."""
    import asyncio
    import signal

    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, app.exit, None, 128 + signal.SIGTERM)
    except (NotImplementedError, RuntimeError, ValueError):  # no Unix signals, or not the main thread
        pass
