"""Helpers shared by the subcommands (no Textual here)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from corpus.corpus import Corpus


def add_paths(parser: argparse.ArgumentParser) -> None:
    # default=[]: an optional list, so a usage error never calls PATH "required"
    parser.add_argument("paths", nargs="*", default=[], metavar="PATH", help="files or directories (default: your library, else the sample corpus)")


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
    if paths and not corpus.records:
        # an empty folder, or only binary/unreadable files: say so, never a silent success
        where = ", ".join(paths[:3]) + (f" (+{len(paths) - 3} more)" if len(paths) > 3 else "")
        from corpus.safe_text import printable

        raise UserError(printable(f"no records found in {where}") + (" (see the warnings above)" if corpus.warnings and not quiet else ""))
    return corpus


def records_with_prefix(corpus: Corpus, ident: str) -> list:
    """Records whose id starts with ``ident`` (for an ambiguous prefix)."""
    return [r for r in corpus.records if r.id.startswith(ident)] if ident else []


def no_such_id(corpus: Corpus, ident: str, what: str = "record or passage with id") -> Exception:
    """The UserError for an id that resolves to nothing: an ambiguous prefix
    lists the records it starts (up to 8), else "no record"."""
    from corpus.safe_text import printable
    from tui.cli import UserError

    matches = records_with_prefix(corpus, ident)
    if len(matches) > 1:
        shown = "; ".join(f"{r.id} {r.title or '(untitled)'} ({r.sort_date or 'date unknown'})" for r in matches[:8])
        more = f"; … and {len(matches) - 8} more" if len(matches) > 8 else ""
        return UserError(printable(
            f"id prefix {ident!r} is ambiguous: {len(matches)} records start with it: {shown}{more} (type more of the id)"
        ))
    return UserError(printable(f"no {what} {ident!r} (try `parlread list`)"))


def resolve(corpus: Corpus, ident: str):
    """A record or (record, passage) by id / unique prefix / passage id; a
    UserError (ambiguous or unknown) otherwise."""
    hit = corpus.resolve(ident)
    if hit is None:
        raise no_such_id(corpus, ident)
    return hit


def print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
