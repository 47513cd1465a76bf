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
        from corpus.safe_text import printable

        for w in corpus.warnings:  # they quote file names and text: never raw to the terminal
            print(f"warning: {printable(str(w))}", file=sys.stderr)
    return corpus


# json.dump escapes C0 controls but not these: a terminal acts on C1 (U+009B is
# an 8-bit CSI), bidi controls reorder what follows, U+2028/9 break lines
_JSON_UNSAFE = re.compile("[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def print_json(obj: Any) -> None:
    """JSON on stdout: readable non-ASCII, but every character a terminal would act on escaped (``\\u202e``)."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    sys.stdout.write("\n")


_PATHLIKE_SUFFIXES = (".json", ".jsonl", ".xml", ".txt", ".html", ".htm", ".md")


def unknown_id(corpus: Corpus, ident: str) -> Exception:
    """The UserError for an id that resolves to no record: an ambiguous prefix
    lists what it matches; something shaped like a path is a missing file."""
    import os

    from corpus.safe_text import printable
    from tui.cli.errors import UserError

    if os.sep in ident or "/" in ident or ident.lower().endswith(_PATHLIKE_SUFFIXES):
        return UserError(f"no such file or directory: {printable(ident)}")
    hits = sorted(r.id for r in corpus.records if r.id.startswith(ident)) if ident else []
    if len(hits) > 1:
        shown = ", ".join(hits[:5]) + (", …" if len(hits) > 5 else "")
        return UserError(f"id prefix {printable(ident)!r} is ambiguous: it matches {len(hits)} records "
                         f"({shown}); give more characters")
    return UserError(f"no record with id or unique id prefix {printable(ident)!r} (try `parlread list`)")

