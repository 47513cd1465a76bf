"""parlread note: write a note on a passage or on an exact quote inside it."""

from __future__ import annotations

import argparse

from tui.cli.tag import add_store_args, corpus_of, open_store, resolve_passage, store_errors

HELP = "write a note on a passage: parlread note PASSAGE_ID TEXT [--quote EXACT]"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("passage_id", metavar="PASSAGE_ID", help="a full passage id (as shown by `parlread show`)")
    p.add_argument("text", metavar="TEXT", help="the note")
    p.add_argument("--quote", metavar="EXACT", help="annotate only this exact text inside the passage")
    p.add_argument("--tag", metavar="TAG", action="append", default=[], help="also tag the note (repeatable)")
    add_store_args(p)


def run(args: argparse.Namespace) -> int:
    from corpus.model import normalise_text
    from corpus.safe_text import printable
    from tui.cli.errors import UserError

    if not args.text.strip():
        raise UserError("the note is empty")
    corpus = corpus_of(args)
    record, passage = resolve_passage(corpus, args.passage_id)
    span = None
    if args.quote is not None:
        quote = normalise_text(args.quote)
        if not quote:
            raise UserError("--quote is empty")
        n = passage.text.count(quote)
        if n == 0:
            raise UserError(f"--quote text not found in passage {passage.id} (it must match exactly, case included)")
        if n > 1:
            raise UserError(f"--quote text occurs {n} times in passage {passage.id}: give a longer quote")
        i = passage.text.index(quote)
        span = (i, i + len(quote))
    store = open_store(args)
    a = store_errors(lambda: store.add(record, passage, note=args.text, span=span, tags=args.tag))
    print(printable(f"noted {passage.id} (annotation {a.id})"))
    return 0
