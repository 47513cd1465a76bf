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
    if paths and not corpus.records:
        # an empty folder, or only binary/unreadable files: say so, never a silent success
        where = ", ".join(paths[:3]) + (f" (+{len(paths) - 3} more)" if len(paths) > 3 else "")
        from corpus.safe_text import printable

        raise UserError(printable(f"no records found in {where}") + (" (see the warnings above)" if corpus.warnings and not quiet else ""))
    return corpus


def records_with_prefix(corpus, ident: str) -> list:
    """Records whose id starts with ``ident`` (for an ambiguous prefix); a
    snapshot corpus is searched by its ids, without decoding every record."""
    if not ident:
        return []
    ids_of = getattr(corpus.records, "ids", None)
    if callable(ids_of):
        return [corpus.record(rid) for rid in ids_of() if rid.startswith(ident)]
    return [r for r in corpus.records if r.id.startswith(ident)]


def no_such_id(corpus: Corpus, ident: str, what: str = "record or passage with id") -> Exception:
    """The UserError for an id that resolves to nothing: an ambiguous prefix
    lists the records it starts (up to 8), else "no record"."""
    from corpus.safe_text import printable
    from tui.cli.errors import UserError

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
    if snap is not None and (len(snap.records) or not paths):
        if not quiet:
            from corpus.safe_text import printable

            for w in snap.warnings:
                print(printable(f"warning: {w}"), file=sys.stderr)
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


_PATHLIKE_SUFFIXES = (".json", ".jsonl", ".xml", ".txt", ".html", ".htm", ".md")


def unknown_id(corpus: Corpus, ident: str) -> Exception:
    """The UserError for an id given to compare/collate that resolves to no
    record: something shaped like a path is a missing file; else
    :func:`no_such_id` (an ambiguous prefix lists what it matches)."""
    import os

    from corpus.safe_text import printable
    from tui.cli.errors import UserError

    if os.sep in ident or "/" in ident or ident.lower().endswith(_PATHLIKE_SUFFIXES):
        return UserError(f"no such file or directory: {printable(ident)}")
    return no_such_id(corpus, ident, "record with id or unique id prefix")
