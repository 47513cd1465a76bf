"""parlread import: merge annotations from a W3C Web Annotation JSON file."""

from __future__ import annotations

import argparse
import sys

from tui.cli.tag import add_store_args, open_store, store_errors

HELP = "import annotations from a W3C JSON file (merged by id, never duplicated)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="a W3C AnnotationCollection/AnnotationPage/Annotation JSON (or JSON Lines) file")
    add_store_args(p)


def run(args: argparse.Namespace) -> int:
    from annotations.export import import_w3c
    from tui.cli.errors import UserError

    from corpus.library import read_source_bytes
    from corpus.safe_text import printable

    try:
        text = read_source_bytes(args.file).decode("utf-8")  # regular files only, size-capped: never hangs
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UserError(printable(f"cannot read {args.file}: {getattr(exc, 'strerror', None) or exc}")) from None
    from annotations.export import creator_settings, parse_items
    from tui.cli.tag import corpus_of, safe

    store = open_store(args)
    corpus = None
    try:
        items = parse_items(text)
    except ValueError:
        items = []  # import_w3c says what is wrong with it
    if any(isinstance(i, dict) and "parlread" not in i for i in items):
        # annotations from another tool: anchor them in the records they cite
        corpus = corpus_of(argparse.Namespace(corpus=getattr(args, "corpus", None) or []))
    settings = creator_settings(login=store.author)
    report = store_errors(lambda: import_w3c(store, text, corpus, settings))
    for line in report.skipped:
        print(f"warning: {safe(line)}", file=sys.stderr)
    for line in report.orphaned:
        print(f"not anchored: {safe(line)}", file=sys.stderr)
    print(safe(f"{args.file}: {report.summary()}"))
    if report.skipped and not (report.added or report.updated or report.unchanged):
        return 1
    return 0
