"""Helpers shared by the subcommands (no Textual here)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from corpus.corpus import Corpus


def add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: the sample corpus)")


def load_corpus(paths: list[str], quiet: bool = False) -> Corpus:
    """Load the corpus; warnings go to stderr, one line each."""
    from corpus.loader import load
    from tui.cli.errors import UserError

    for p in paths:
        import os

        if not os.path.exists(p):
            raise UserError(f"no such file or directory: {p}")
    corpus = load(paths or None)
    if not quiet:
        from corpus.safe_text import printable

        for w in corpus.warnings:
            print(printable(f"warning: {w}"), file=sys.stderr)
    return corpus


def print_json(obj: Any) -> None:
    """JSON on stdout; DEL, C1 and bidi controls written as \\u escapes (same value)."""
    from corpus.safe_text import json_safe

    sys.stdout.write(json_safe(json.dumps(obj, ensure_ascii=False, indent=2)) + "\n")
