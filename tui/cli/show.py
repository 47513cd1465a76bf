"""parlread show: one record with its metadata and passages."""

from __future__ import annotations

import argparse

from corpus.model import METADATA_FIELDS, Record
from tui.cli import common
from corpus.safe_text import printable
from tui.cli.common import add_paths, print_json

HELP = "show one record (by id, id prefix or passage id)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    add_paths(p)
    p.add_argument("--json", action="store_true", help="print the record as JSON with its passages")


def run(args: argparse.Namespace) -> int:
    from corpus.safe_text import printable
    from corpus.snapshot import StaleSnapshot
    from tui.cli.errors import UserError

    # from the snapshot when no file changed (records decoded on demand), else a full load
    corpus = common.load_corpus_cached(args.paths)
    try:
        hit = corpus.resolve(args.id)
    except StaleSnapshot:  # a damaged record in the snapshot: load in full
        corpus = common.load_corpus(args.paths, quiet=True)
        hit = corpus.resolve(args.id)
    if hit is None:
        raise common.no_such_id(corpus, args.id)  # an ambiguous prefix lists its records
    record: Record = hit if isinstance(hit, Record) else hit[0]
    if args.json:
        print_json(record.to_dict(passages=True))
        return 0
    for name in METADATA_FIELDS:
        value = getattr(record, name)
        note = record.field_notes.get(name)
        shown = value if value is not None else "unknown"
        print(printable(f"{name.replace('_', ' '):>18}: {shown}" + (f"  ({note})" if note else "")))
    print(f"{'id':>18}: {record.id}")
    print(printable(f"{'source file':>18}: {record.source_file}"))
    print()
    for p in record.passages:
        print(printable(f"[{p.id}] {'• ' if p.list_item else ''}{p.text}"))
        print()
    return 0
