"""parlread watch add/list/remove: saved searches on the Parliament API (followed by `parlread fetch`)."""

from __future__ import annotations

import argparse

HELP = "follow a policy area: add, list or remove watches (saved searches on the Parliament API)"


def add_library(p: argparse.ArgumentParser) -> None:
    p.add_argument("--library", metavar="DIR", help="managed corpus directory (default: your user data dir; env PARLREAD_LIBRARY)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="watch_command", metavar="ACTION")
    sub.required = True
    a = sub.add_parser("add", help="add a watch", description="Add a watch: what to follow on the Parliament API.")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--department", action="append", default=[], metavar="NAME_OR_ID",
                   help="answering department: a name (or part of one, or an old name) or the API's answering-body id; repeatable")
    a.add_argument("--member", action="append", default=[], metavar="NAME_OR_ID",
                   help="a member who asked, answered or made it: the member id, or a name in your members table; repeatable")
    a.add_argument("--search", metavar="TERM", help="words in the question, answer or statement")
    a.add_argument("--house", metavar="Commons|Lords")
    a.add_argument("--from", dest="date_from", metavar="DATE", help="tabled (statements: made) on or after DATE (YYYY-MM-DD)")
    a.add_argument("--to", dest="date_to", metavar="DATE", help="tabled (statements: made) on or before DATE")
    a.add_argument("--kind", choices=("questions", "statements", "all"), default="all")
    add_library(a)
    ls = sub.add_parser("list", help="list your watches")
    ls.add_argument("--json", action="store_true", help="print the watches as JSON")
    add_library(ls)
    rm = sub.add_parser("remove", help="remove a watch (records already fetched stay in your library)")
    rm.add_argument("name", metavar="NAME")
    add_library(rm)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from corpus.api.state import StateError
    from corpus.api.watches import WatchError, add_watch, load_watches, make_watch, remove_watch
    from corpus.safe_text import printable
    from tui.cli.errors import UserError
    from tui.cli.common import print_json

    root = Path(args.library) if getattr(args, "library", None) else None
    try:
        if args.watch_command == "add":
            w = make_watch(args.name, departments=args.department, members=args.member, search=args.search,
                           house=args.house, date_from=args.date_from, date_to=args.date_to, kind=args.kind, root=root)
            add_watch(w, root)
            print(printable(f"watch “{w.name}” added: {w.describe(root)} — run `parlread fetch {w.name}`"))
            return 0
        if args.watch_command == "remove":
            remove_watch(args.name, root)
            print(printable(f"watch “{args.name}” removed (its records stay in your library)"))
            return 0
        watches = load_watches(root)
        if args.json:
            print_json({"watches": [w.to_dict() for w in watches.values()]})
            return 0
        if not watches:
            print("no watches yet — add one with `parlread watch add NAME --department education`")
            return 0
        for w in watches.values():
            synced = w.marks.get("synced")
            print(printable(f"{w.name}: {w.describe(root)} · " + (f"last synced {synced}" if synced else "never fetched")))
        return 0
    except (WatchError, StateError) as exc:
        raise UserError(str(exc)) from None
