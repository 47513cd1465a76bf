"""parlread annotations: list tags and notes, checked against the corpus."""

from __future__ import annotations

import argparse
import re

from tui.cli.common import print_json
from tui.cli.tag import add_store_args, corpus_of, open_store, safe

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

HELP = "list annotations (re-anchored against the corpus first)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_store_args(p)
    p.add_argument("--json", action="store_true", help="print a JSON array of stored annotation objects")
    p.add_argument("--orphans", action="store_true", help="only annotations that are orphaned, ambiguous or need review")
    p.add_argument("--tag", metavar="TAG", help="only annotations with this tag")
    p.add_argument("--no-check", action="store_true", help="do not re-anchor against the corpus first")


def run(args: argparse.Namespace) -> int:
    import sys

    store = open_store(args)
    if not args.no_check:
        corpus = corpus_of(args)
        report = store.reanchor_all(corpus, save=not store.read_only)
        for err in report.errors:
            print(f"warning: {safe(err)}", file=sys.stderr)
    anns = store.orphans() if args.orphans else store.all()
    if args.tag:
        anns = [a for a in anns if args.tag in a.tags]
    if args.json:
        print_json([a.to_dict() for a in anns])
        return 0
    for a in anns:
        quote = safe(a.quote).replace("\n", " ")
        if len(quote) > 60:
            quote = quote[:57] + "..."
        pos = f"{a.start}-{a.end}" if a.start is not None else "?"
        tags = f" [{', '.join(safe(t) for t in a.tags)}]" if a.tags else ""
        note = f"  note: {safe(a.note).replace(chr(10), ' ')}" if a.note else ""
        short = a.id[:8] if _UUID.match(a.id) else a.id  # parlread's own uuids short, other tools' ids whole
        print(safe(f"{short}  {a.status:<10}  {a.record_id} {pos}") + f"{tags}  \"{quote}\"{note}")
    return 0
