"""parlread fetch [NAME ...]: run watches against the Parliament API, new and changed records into your library."""

from __future__ import annotations

import argparse
import sys

HELP = "fetch what is new or changed for your watches (all of them when none named) from the Parliament API"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("names", nargs="*", metavar="NAME", help="watches to run (default: all)")
    p.add_argument("--api-base", metavar="URL", help="API base URL (default: $PARLREAD_API_BASE or the public API)")
    p.add_argument("--json", action="store_true", help='print {"new", "updated", "unchanged", "failed", "watches"} as JSON')
    p.add_argument("--rate", type=float, default=5.0, metavar="N", help="at most N requests a second (default 5)")
    p.add_argument("--max-pages", type=int, default=500, metavar="N", help="list pages per run at most (default 500); the next run continues")
    p.add_argument("--retries", type=int, default=4, metavar="N", help="retries of a failed request, with backoff (default 4)")
    p.add_argument("--library", metavar="DIR", help="managed corpus directory (default: your user data dir; env PARLREAD_LIBRARY)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from corpus.api.client import BadBase, Offline
    from corpus.api.fetch import fetch
    from corpus.api.state import StateError
    from corpus.safe_text import printable
    from tui.cli.errors import UserError
    from tui.cli.common import print_json

    if args.rate <= 0 or args.max_pages < 1 or args.retries < 0:
        raise UserError("--rate must be above 0, --max-pages at least 1 and --retries at least 0")
    root = Path(args.library) if args.library else None
    tty = sys.stderr.isatty() and not args.json

    def progress(name: str, done: int, total: int) -> None:
        if tty:
            width = 30
            filled = width * min(done, total) // max(total, 1)
            sys.stderr.write(f"\r{printable(name)[:20]:<20} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            sys.stderr.flush()

    try:
        report = fetch(args.names or None, root=root, base=args.api_base, rate=args.rate, max_pages=args.max_pages,
                       retries=args.retries, progress=progress)
    except Offline as exc:
        if tty:
            sys.stderr.write("\n")
        raise UserError(f"{exc}; offline? nothing was changed") from None
    except (StateError, BadBase) as exc:
        raise UserError(str(exc)) from None
    if tty:
        sys.stderr.write("\r\033[K")  # clear the progress line
    if not report.watches:
        if args.json:
            print_json(report.to_dict())
        else:
            print("no watches to fetch — add one with `parlread watch add NAME --department education`")
        return 0
    for problem in report.problems:
        print(printable(f"warning: {problem}"), file=sys.stderr)
    for name, w in report.watches.items():
        if w.error:
            print(printable(f"warning: watch “{name}” did not finish: {w.error}"), file=sys.stderr)
    if args.json:
        print_json(report.to_dict())
    else:
        print(printable(report.summary()))
    return 0 if report.failed == 0 else 1
