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
    return _load(paths, quiet)


def _load(paths: list[str], quiet: bool = False) -> Corpus:
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


def load_corpus_cached(paths: list[str], quiet: bool = False):
    """The corpus from its snapshot when no file under ``paths`` changed
    (records decoded on demand: see corpus.snapshot), else :func:`load_corpus`
    in full, then a new snapshot is saved for next time.  For read-only
    commands (search, show, list)."""
    import os

    from corpus import snapshot
    from tui.cli.errors import UserError

    for p in paths:
        if not os.path.exists(p):
            raise UserError(f"no such file or directory: {p}")
    snap = snapshot.open_fresh(paths)
    if snap is not None:
        if not quiet:
            for w in snap.warnings:
                print(f"warning: {w}", file=sys.stderr)
        return snap
    corpus = _load(paths, quiet=quiet)  # the real loader, never a test's stand-in: it becomes the snapshot
    snapshot.save(paths, corpus)
    return corpus


def cached_records(paths: list[str]) -> list:
    """Every record, from the snapshot when fresh (all decoded, so a damaged one
    is found before any output) or from a full load."""
    from corpus.snapshot import StaleSnapshot

    corpus = load_corpus_cached(paths)
    if isinstance(corpus, Corpus):
        return corpus.records
    try:
        return corpus.records.all()
    except StaleSnapshot:
        return load_corpus(paths, quiet=True).records


def print_json(obj: Any) -> None:
    """JSON on stdout; DEL, C1 and bidi controls written as \\u escapes (same value)."""
    from corpus.safe_text import json_safe

    sys.stdout.write(json_safe(json.dumps(obj, ensure_ascii=False, indent=2)) + "\n")
