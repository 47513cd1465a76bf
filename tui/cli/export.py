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
    from corpus.safe_text import json_safe, printable

    if args.format == "w3c":
        text = json_safe(text)  # U+202E etc. as \\u escapes: the same JSON, nothing a terminal acts on
    if args.output:
        from corpus.atomic import atomic_write

        # atomic and durable: a unique temp file, fsync, rename, fsync of the directory
        store_errors(lambda: atomic_write(args.output, text, mode=0o644))
        print(printable(f"wrote {len(store.all())} annotations to {args.output}"), file=sys.stderr)
    else:
        sys.stdout.write(text if args.format == "w3c" else printable(text))
    return 0
