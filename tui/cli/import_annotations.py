"""parlread import: merge annotations from a W3C Web Annotation JSON file."""

from __future__ import annotations

import argparse
import sys

from tui.cli.tag import add_store_args, open_store, store_errors

HELP = "import annotations from a W3C JSON file (merged by id, never duplicated)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="a W3C AnnotationCollection/AnnotationPage/Annotation JSON file")
    add_store_args(p, corpus=False)


def run(args: argparse.Namespace) -> int:
    from annotations.export import import_w3c
    from tui.cli.errors import UserError

    try:
        with open(args.file, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {args.file}: {getattr(exc, 'strerror', None) or exc}") from None
    store = open_store(args)
    report = store_errors(lambda: import_w3c(store, text))
    for line in report.skipped:
        print(f"warning: {line}", file=sys.stderr)
    print(f"{args.file}: {report.summary()}")
    if report.skipped and not (report.added or report.updated or report.unchanged):
        return 1
    return 0
