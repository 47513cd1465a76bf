"""`parlread [PATH ...]`: open the full-screen reader."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

HELP = "open the reader"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: the bundled sample corpus)")
    p.add_argument("--store", metavar="DIR", help="where tags and notes are kept (default: your user data dir; env PARLREAD_STORE)")


def parse(argv: list[str]):
    """The app's arguments: ``[PATH ...] [--store DIR]`` in any order (argparse's intermixed parsing).

    Plain paths (nothing that starts with ``-``), the way the reader is nearly always
    opened, are taken as they are: argparse (and gettext) cost ~5 ms of CPU before the
    first frame and would parse them the same."""
    if not any(a.startswith("-") for a in argv):
        from types import SimpleNamespace

        return SimpleNamespace(paths=list(argv), store=None)
    import argparse

    parser = argparse.ArgumentParser(prog="parlread")
    add_arguments(parser)
    return parser.parse_intermixed_args(argv)


def run(args: argparse.Namespace) -> int:
    from tui.cli.errors import UserError

    for p in args.paths:
        if not os.path.exists(p):
            raise UserError(f"no such file or directory: {p}")
    interactive = sys.stdout.isatty() or os.environ.get("TEXTUAL_DRIVER") or os.environ.get("PARLREAD_FORCE_APP")
    if not interactive:
        raise UserError("the reader needs a terminal; for scripts use `parlread list` or `parlread show ID`")
    from tui.terminal_env import keep_early_keys

    restore_terminal = None
    try:
        # keys typed from now on reach the app (Enter as Enter); not under a web driver (no terminal)
        restore_terminal = keep_early_keys() if not os.environ.get("TEXTUAL_DRIVER") else None
        return _run_app(args, restore_terminal)
    finally:
        if restore_terminal is not None:
            restore_terminal()  # the terminal's own settings, whatever Textual did or did not do


def _run_app(args: argparse.Namespace, restore_terminal=None) -> int:
    from tui import preload

    preload.pause_gc()  # no collections during start-up: the app resumes them with the records on screen
    from tui.terminal_env import prepare_environment

    prepare_environment()
    from tui.app import ParlreadApp

    # the corpus loads while the app starts and builds its first screen (tui/preload.py), in a
    # thread started only now: started before Textual's imports, it cost the samples' first
    # frame ~10% more CPU (the two threads fighting over the GIL and the import lock) for no
    # gain at 100,000 records either (benchmarks/bench_startup.py, issue 15).  The thread fixes
    # the mmap threshold first (corpus/memory.py), but for the samples after their first frame.
    preload.start(args.paths)

    app = ParlreadApp(args.paths, store_dir=args.store)
    app.terminal_restore = restore_terminal  # handed to Textual's driver once it runs (tui/screens/main.py)
    app.run()
    if app.crash is not None:  # the traceback is in the log file, not on the screen
        from tui.crash import EXIT_INTERNAL, pointer_line

        print(pointer_line(app.crash, app.crash_log), file=sys.stderr)
        return EXIT_INTERNAL
    return int(app.return_code or 0)
