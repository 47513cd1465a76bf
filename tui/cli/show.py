"""parlread show: one record with its metadata and passages."""

from __future__ import annotations

import argparse

from corpus.model import METADATA_FIELDS, Record
from tui.cli import common
from tui.cli.common import add_paths, print_json

HELP = "show one record (by id, id prefix or passage id)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    add_paths(p)
    p.add_argument("--json", action="store_true", help="print the record as JSON with its passages")


def run(args: argparse.Namespace) -> int:
    from corpus.safe_text import printable
    from corpus.snapshot import StaleSnapshot

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
    from corpus.marks import cut_parts, marks_json, record_marks

    if args.json:
        out = record.to_dict(passages=True)
        out["marks"] = marks_json(record)  # corrected / holding / cut-short answers, in words (corpus.marks)
        print_json(out)
        return 0
    for name in METADATA_FIELDS:
        value = getattr(record, name)
        note = record.field_notes.get(name)
        shown = value if value is not None else "unknown"
        print(printable(f"{name.replace('_', ' '):>18}: {shown}" + (f"  ({note})" if note else "")))
    print(f"{'id':>18}: {record.id}")
    print(printable(f"{'source file':>18}: {record.source_file}"))
    for label, value, note in record_marks(record):
        print(printable(f"{'! ' + label.lower():>18}: {value}" + (f"  ({note})" if note else "")))
    print()
    cut = cut_parts(record)
    last_of = {p.role: p.index for p in record.passages} if cut else {}
    for p in record.passages:
        print(printable(f"[{p.id}] {'• ' if p.list_item else ''}{p.text}"))
        if p.role in cut and last_of.get(p.role) == p.index:
            print(f"[{p.role} cut short by the source: the rest is not loaded]")
        print()
    return 0
