"""`parlread [PATH ...]`: open the full-screen reader."""

from __future__ import annotations

import argparse
import os
import sys

HELP = "open the reader"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: the bundled sample corpus)")
    p.add_argument("--store", metavar="DIR", help="where tags and notes are kept (default: your user data dir; env PARLREAD_STORE)")


def run(args: argparse.Namespace) -> int:
    from tui.cli.errors import UserError

    for p in args.paths:
        if not os.path.exists(p):
            raise UserError(f"no such file or directory: {p}")
    interactive = sys.stdout.isatty() or os.environ.get("TEXTUAL_DRIVER") or os.environ.get("PARLREAD_FORCE_APP")
    if not interactive:
        raise UserError("the reader needs a terminal; for scripts use `parlread list` or `parlread show ID`")
    from tui.terminal_env import prepare_environment

    prepare_environment()
    from corpus.memory import fix_mmap_threshold

    fix_mmap_threshold()  # big temporaries (index, versions) go back to the system when freed
    from tui.app import ParlreadApp

    app = ParlreadApp(args.paths, store_dir=args.store)
    app.run()
    code = app.return_code or 0
    if code:
        log = _crash_log(getattr(app, "_exception", None))
        if log is not None:
            print(f"parlread: the reader stopped on an unexpected error; the traceback is in {log}", file=sys.stderr)
    return code


def _crash_log(exc: BaseException | None):
    """Write the traceback of ``exc`` to ``crash-<time>.log`` in the user log
    directory (``PARLREAD_LOG_DIR`` overrides it); its path, or None."""
    import time
    import traceback
    from pathlib import Path

    if exc is None:
        return None
    d = os.environ.get("PARLREAD_LOG_DIR")
    if not d:
        import platformdirs

        d = platformdirs.user_log_dir("parlread", appauthor=False)
    try:
        path = Path(d)
        path.mkdir(parents=True, exist_ok=True)
        log = path / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        log.write_text("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)), encoding="utf-8")
        return log
    except OSError:
        return None
