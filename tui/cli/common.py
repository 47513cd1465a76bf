"""Helpers shared by the subcommands (no Textual here)."""

from __future__ import annotations

import argparse
import json
import re
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
        for w in corpus.warnings:
            print(f"warning: {w}", file=sys.stderr)
    return corpus


# json.dump escapes C0 controls but not these: a terminal acts on C1 (U+009B is
# an 8-bit CSI), bidi controls reorder what follows, U+2028/9 break lines
_JSON_UNSAFE = re.compile("[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def print_json(obj: Any) -> None:
    """JSON on stdout: readable non-ASCII, but every character a terminal would act on escaped (``\\u202e``)."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    sys.stdout.write("\n")
