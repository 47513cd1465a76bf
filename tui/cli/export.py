"""parlread export: annotations as W3C Web Annotation JSON-LD, CSV or Markdown."""

from __future__ import annotations

import argparse
import sys

from tui.cli.tag import add_store_args, corpus_of, open_store, store_errors

HELP = "export annotations: --format w3c|csv|markdown [-o FILE]"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("w3c", "csv", "markdown"), default="w3c", help="output format (default: w3c)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    add_store_args(p)


def run(args: argparse.Namespace) -> int:
    from annotations.export import export

    store = open_store(args)
    corpus = corpus_of(args) if args.format != "w3c" else None
    text = export(store.all(), args.format, corpus)
    if args.output:
        from pathlib import Path

        from annotations.storage import fsync_dir

        def write():
            path = Path(args.output)
            tmp = path.with_name(path.name + ".part")
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            tmp.replace(path)
            fsync_dir(path.parent.resolve())

        store_errors(write)
        print(f"wrote {len(store.all())} annotations to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
