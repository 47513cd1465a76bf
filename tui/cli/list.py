"""parlread list: one line (or JSON object) per record."""

from __future__ import annotations

import argparse

from tui.cli import common
from corpus.safe_text import printable
from tui.cli.common import add_paths, print_json

HELP = "list the records in PATHs"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_paths(p)
    p.add_argument("--json", action="store_true", help="print a JSON array, one object per record")


def run(args: argparse.Namespace) -> int:
    from corpus.safe_text import printable  # document text is untrusted: no terminal escapes

    # from the snapshot when no file changed (records decoded on demand), else a full load
    records = common.cached_records(args.paths)  # all decoded before anything is printed
    if args.json:
        print_json([r.to_dict() for r in records])
        return 0
    for r in records:
        date = r.sort_date or "date unknown"
        people = ", ".join(r.people) or "-"
        print(printable(f"{r.id}  {date:<12}  {(r.kind or 'kind unknown'):<18}  {r.title or '(untitled)'}  [{people}]"))
    return 0
