"""parlread untag: remove tags from a passage's annotations."""

from __future__ import annotations

import argparse

from tui.cli.tag import add_store_args, corpus_of, open_store, resolve_passage, safe, store_errors

HELP = "remove tags from a passage: parlread untag PASSAGE_ID TAG..."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("passage_id", metavar="PASSAGE_ID", help="a full passage id (as shown by `parlread show`)")
    p.add_argument("tags", metavar="TAG", nargs="+", help="tags to remove")
    add_store_args(p)


def run(args: argparse.Namespace) -> int:
    from annotations import clean_tag
    from tui.cli.errors import UserError

    corpus = corpus_of(args)
    record, passage = resolve_passage(corpus, args.passage_id)
    store = open_store(args)
    tags = store_errors(lambda: {clean_tag(t) for t in args.tags})
    # one locked read-modify-write: tag-only annotations left with no tag are deleted
    if not store_errors(lambda: store.untag_passage(passage.id, tags)):
        raise UserError(safe(f"passage {passage.id} has no tag {', '.join(sorted(tags))}"))
    print(safe(f"removed {', '.join(sorted(tags))} from {passage.id}"))
    return 0
