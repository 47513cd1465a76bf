"""parlread tag: add tags to a passage (and the shared helpers of the annotation commands)."""

from __future__ import annotations

import argparse
import sys

HELP = "tag a passage: parlread tag PASSAGE_ID TAG..."



def add_store_args(p: argparse.ArgumentParser, corpus: bool = True) -> None:
    p.add_argument(
        "--store",
        metavar="DIR",
        help="annotation store directory (default: $PARLREAD_STORE, else the user data dir, e.g. ~/.local/share/parlread/store)",
    )
    if corpus:
        p.add_argument(
            "--corpus",
            metavar="PATH",
            action="append",
            default=[],
            help="file or directory of records; repeat for several (default: the bundled sample corpus)",
        )


def open_store(args: argparse.Namespace, quiet: bool = False):
    from annotations import AnnotationStore

    store = AnnotationStore.open(args.store)
    if not quiet:
        for problem in store.problems:
            print(f"warning: {safe(problem)}", file=sys.stderr)
    return store


def corpus_of(args: argparse.Namespace):
    from tui.cli.common import load_corpus

    return load_corpus(list(args.corpus or []))


def resolve_passage(corpus, ident: str):
    """(record, passage) for a passage id; UserError otherwise."""
    from tui.cli.errors import UserError

    hit = corpus.resolve(ident)
    if hit is None:
        from tui.cli.common import records_with_prefix

        if len(records_with_prefix(corpus, ident)) > 1:
            from tui.cli.common import no_such_id

            raise no_such_id(corpus, ident)
        raise UserError(f"no passage with id {ident!r} (see the ids in `parlread show RECORD_ID`)")
    if not isinstance(hit, tuple):
        raise UserError(f"{ident!r} is a record, not a passage: give a passage id (see `parlread show {hit.id}`)")
    return hit


def safe(text: str | None) -> str:
    """Document/user text for a terminal: control and bidi characters made visible."""
    from corpus.safe_text import printable

    return printable(text or "")


def store_errors(fn):
    """Run fn(); StoreError / ValueError become a one-line UserError."""
    from annotations import StoreError
    from tui.cli.errors import UserError

    try:
        return fn()
    except (StoreError, ValueError, OSError) as exc:
        raise UserError(safe(str(exc))) from None


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("passage_id", metavar="PASSAGE_ID", help="a full passage id (as shown by `parlread show`)")
    p.add_argument("tags", metavar="TAG", nargs="+", help="one or more tags")
    add_store_args(p)


def run(args: argparse.Namespace) -> int:
    corpus = corpus_of(args)
    record, passage = resolve_passage(corpus, args.passage_id)
    store = open_store(args)

    # the one tagging rule (annotations.tagging), one locked read-modify-write
    res = store_errors(lambda: store.tag_passage(record, passage, add=args.tags))
    a = res.annotation
    print(safe(f"tagged {passage.id} with {', '.join(a.tags)} (annotation {a.id})"))
    return 0
