"""parlread inbox: records new or changed since you last marked the inbox read, each with why."""

from __future__ import annotations

import argparse

HELP = "list records new or changed since you last marked the inbox read (new, answered, holding answer, corrected, holding answer replaced)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the entries as JSON")
    p.add_argument("--mark-read", action="store_true", help="then mark what was listed as read")
    p.add_argument("--library", metavar="DIR", help="managed corpus directory (default: your user data dir; env PARLREAD_LIBRARY)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from corpus.api import inbox
    from corpus.api.state import StateError
    from corpus.safe_text import printable
    from tui.cli.errors import UserError
    from tui.cli.common import print_json

    root = Path(args.library) if args.library else None
    try:
        entries, upto = inbox.unread(root)
        if args.json:
            print_json({"unread": len(entries), "entries": [e.to_dict() for e in entries]})
        elif not entries:
            print("inbox: nothing new")
        else:
            print(f"inbox: {len(entries)} new or changed")
            for e in entries:
                why = ", ".join(e.why)
                print(printable(f"{e.record_id}  {e.date or 'date unknown':<12}  {why:<24}  {e.title or '(untitled)'}"
                                + (f"  [{e.watch}]" if e.watch else "")))
        if args.mark_read and entries:
            n = inbox.mark_read(upto, root)
            if not args.json:
                print(f"marked {n} read")
    except StateError as exc:
        raise UserError(str(exc)) from None
    return 0
