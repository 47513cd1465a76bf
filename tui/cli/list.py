"""parlread list: one line (or JSON object) per record.

``--json`` prints an array with one object per record: ``id``, the metadata
fields (``kind``, ``house``, ``title``, ``date``, ``date_asked``,
``date_answered``, people, ``department``, ``uin``, …; ``null`` when the
source does not say), ``source_file``, ``source_format``, ``passage_count``,
``field_notes`` and ``extra``.  ``date`` is the record's own date (sitting
or statement date); a written question has none, so ``date`` is filled with
its answered date, else its asked date, and ``date_source`` names the field
it came from: ``"date"``, ``"date_answered"``, ``"date_asked"`` or ``null``
(no date known).  The filled value is also noted in ``field_notes["date"]``.
"""

from __future__ import annotations

import argparse

from tui.cli import common
from tui.cli.common import add_paths, print_json

HELP = "list the records in PATHs"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_paths(p)
    p.add_argument("--json", action="store_true", help=(
        "print a JSON array, one object per record; \"date\" is the record's date, else its answered "
        "date, else its asked date, and \"date_source\" says which"))


def run(args: argparse.Namespace) -> int:
    from corpus.safe_text import printable  # document text is untrusted: no terminal escapes

    # from the snapshot when no file changed (records decoded on demand), else a full load
    records = common.cached_records(args.paths)  # all decoded before anything is printed
    if args.json:
        print_json([record_json(r) for r in records])
        return 0
    for r in records:
        date = r.sort_date or "date unknown"
        people = ", ".join(r.people) or "-"
        print(printable(f"{r.id}  {date:<12}  {(r.kind or 'kind unknown'):<18}  {r.title or '(untitled)'}  [{people}]"))
    return 0


def record_json(record) -> dict:
    """``Record.to_dict()`` with ``date`` filled from the answered / asked date
    (marked in ``date_source`` and ``field_notes``)."""
    d = record.to_dict()
    source = None
    for name in ("date", "date_answered", "date_asked"):
        if getattr(record, name):
            source = name
            break
    d["date_source"] = source
    if source not in (None, "date"):
        d["date"] = getattr(record, source)
        word = "answered" if source == "date_answered" else "asked"
        note = f"filled from the {word} date ({source}): the source gives no date of its own"
        d["field_notes"]["date"] = note if "date" not in d["field_notes"] else d["field_notes"]["date"] + "; " + note
    return d
