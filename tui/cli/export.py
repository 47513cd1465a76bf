"""parlread export: annotations as W3C Web Annotation JSON-LD, JSON Lines, CSV or Markdown.

W3C is a collection; w3c-jsonl has one annotation per line."""

from __future__ import annotations

import argparse
import sys

from tui.cli.tag import add_store_args, corpus_of, open_store, store_errors

HELP = "export annotations: --format w3c|w3c-jsonl|csv|markdown [-o FILE] [--creator NAME]"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=("w3c", "w3c-jsonl", "csv", "markdown"),
        default="w3c",
        help="output format (default: w3c, one AnnotationCollection; w3c-jsonl: one annotation per line)",
    )
    p.add_argument(
        "--creator",
        metavar="NAME",
        help="W3C creator name (default: $PARLREAD_CREATOR_NAME, else [creator] name in the config file, else none; never your login name)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    add_store_args(p)


def run(args: argparse.Namespace) -> int:
    from annotations.export import creator_settings, export

    store = open_store(args)
    corpus = corpus_of(args)  # W3C: targets cite the records' public URLs (IRIs)
    settings = creator_settings(getattr(args, "creator", None), login=store.author, warn=lambda m: print(f"warning: {m}", file=sys.stderr))
    text = export(store.all(), args.format, corpus, settings)
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
