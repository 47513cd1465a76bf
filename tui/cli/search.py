"""parlread search: typo-tolerant search over passages and titles.

Plain output: before each run of hits in one record, a line with the record
id, its title, kind and date; then one hit per line, indented: score, passage
id (or the record id and "(title)"), then the text with matched words between
« » — or in bold when stdout is a terminal.  Control characters in document
text are removed before printing.  ``--json`` prints ``[{"record_id",
"record_title", "record_date", "passage_id", "score", "text", "highlights":
[[start, end], ...], "title_hit"}]`` best first, with highlights as offsets
into the unmodified text (``record_date``: the record's date, else answered,
else asked date; ``null`` when unknown).

``--department`` and ``--member`` follow the facet screen's rule: the word
selects every department (member: asker, answerer or co-asker) whose name
contains it, any case — ``--department education`` is "Department for
Education" — and a record matches when its value is one of those.
"""

from __future__ import annotations

import argparse
import re
import sys

from tui.cli.common import add_paths, load_corpus, load_corpus_cached, print_json

HELP = "search passages and titles (typos forgiven; \"quoted phrases\"; filters)"

_LINE_BREAKS = re.compile(r"[\n\t\u2028\u2029]")  # a hit is printed on one line
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="QUERY", help='words (typos forgiven), "a phrase" in quotes')
    add_paths(p)
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (0: all; default 20)")
    p.add_argument("--json", action="store_true", help="print a JSON array of hits")
    p.add_argument("--kind", action="append", help="record kind, e.g. 'written question' (repeatable)")
    p.add_argument("--house", choices=["Commons", "Lords", "commons", "lords"], help="house")
    p.add_argument("--member", action="append", help="asked or answered by: any member whose name contains this, any case (repeatable: any)")
    p.add_argument("--department", action="append", help="answering department: any department whose name contains this, any case (repeatable: any)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--record", metavar="ID", help="search only this record (id, id prefix or passage id)")
    p.add_argument("--tag", action="append", help="only passages (or whole records) annotated with TAG (repeatable: any)")
    p.add_argument("--store", metavar="DIR", help="annotation store for --tag (default: $PARLREAD_STORE or the user data dir)")


def _filters(args: argparse.Namespace, corpus):
    from corpus.model import KINDS, Record
    from corpus.search import Filters
    from tui.cli.errors import UserError

    from corpus.browse import parse_date_bound

    bounds = {}
    for name in ("date_from", "date_to"):
        v = getattr(args, name)
        flag = "--from" if name == "date_from" else "--to"
        if v is not None and not _DATE.match(v):
            raise UserError(f"{flag} {v!r}: expected a date like 2024, 2024-10 or 2024-10-21")
        if v is not None:
            try:  # a real day: no month 13, no 30 February (they used to match silently)
                bounds[name] = parse_date_bound(v, end=name == "date_to")
            except ValueError as exc:
                raise UserError(f"{flag} {v!r}: {exc}") from None
    if len(bounds) == 2 and bounds["date_from"] > bounds["date_to"]:
        raise UserError(f"--from {args.date_from} is after --to {args.date_to}: no record can be in that range")
    if args.kind:
        bad = [k for k in args.kind if k.casefold() not in KINDS]
        if bad:
            raise UserError(f"unknown kind {bad[0]!r} (one of: {', '.join(KINDS)})")
    record_id = None
    if args.record:
        from tui.cli.common import resolve

        hit = resolve(corpus, args.record)
        record_id = hit.id if isinstance(hit, Record) else hit[0].id
    restrict = None
    if args.tag:
        from annotations import AnnotationStore

        store = AnnotationStore.open(args.store)
        restrict = {a.passage_id or a.record_id for t in args.tag for a in store.with_tag(t)}
    departments = facet_selection(corpus, "department", args.department)
    members = facet_selection(corpus, "member", args.member)
    if members is not None:
        from corpus.browse import Filters as FacetFilters

        rule = FacetFilters(member=frozenset(members))
        ids = {r.id for r in corpus.records if rule.matches(r)}
        restrict = ids if restrict is None else _both(ids, restrict, corpus)
    return Filters(
        restrict_to=restrict,
        kind=tuple(args.kind) if args.kind else None,
        house=args.house,
        department=tuple(departments) if departments is not None else None,
        date_from=args.date_from,
        date_to=args.date_to,
        record_id=record_id,
    )


def facet_selection(corpus, facet: str, words: list[str] | None) -> list[str] | None:
    """The facet values (as the facet screen lists them) whose name contains
    any of ``words``, case-insensitively; ``None`` when no word was given.  A
    word that matches no value is a UserError naming a few known values."""
    if not words:
        return None
    from corpus.browse import facet_counts
    from corpus.safe_text import printable
    from tui.cli import UserError

    values = [v for v, _ in facet_counts(corpus.records, facet) if v is not None]
    chosen: list[str] = []
    for word in words:
        needle = word.casefold().strip()
        found = [v for v in values if needle and needle in v.casefold()]
        if not found:
            known = ", ".join(values[:5]) + (", …" if len(values) > 5 else "")
            raise UserError(printable(f"no {facet} matches {word!r} in these records (known: {known or 'none'})"))
        chosen.extend(v for v in found if v not in chosen)
    return chosen


def _both(record_ids: set[str], tagged: set[str], corpus) -> set[str]:
    """Passages/records that are tagged AND in one of ``record_ids``."""
    out = set()
    for ident in tagged:
        rec_id = ident if corpus.record(ident) is not None else (corpus.passage(ident) or (None,))[0]
        rec_id = getattr(rec_id, "id", rec_id)
        if rec_id in record_ids:
            out.add(ident)
    return out


def clean(text: str) -> str:
    """Document text made safe to print on one terminal line (``printable``, line breaks as spaces)."""
    from corpus.safe_text import printable

    return printable(_LINE_BREAKS.sub(" ", text))


def marked(text: str, highlights: list[list[int]], tty: bool) -> str:
    """Text with the highlighted spans marked («» or bold), control chars removed."""
    on, off = ("\x1b[1m", "\x1b[22m") if tty else ("«", "»")
    out = []
    pos = 0
    for a, b in highlights:
        out.append(clean(text[pos:a]))
        out.append(on + clean(text[a:b]) + off)
        pos = b
    out.append(clean(text[pos:]))
    return "".join(out)


def run(args: argparse.Namespace) -> int:
    from corpus.search import SearchIndex, parse_query
    from tui.cli.errors import UserError

    if not parse_query(args.query).terms:
        raise UserError("empty query: give at least one word")
    if args.limit < 0:
        raise UserError("--limit must be 0 (all) or more")
    from corpus.snapshot import SnapshotCorpus, StaleSnapshot

    # Unchanged files: the corpus snapshot and the saved index, reopened
    # (nothing loaded or rebuilt); otherwise a full load, and the index is
    # brought up to date.  Both give the same hits (tests/cli/test_cached_cli.py).
    corpus = load_corpus_cached(args.paths)
    hits = None
    if isinstance(corpus, SnapshotCorpus):
        index = corpus.open_index()
        if index is not None:
            try:
                filters = _filters(args, corpus)
                hits = index.search(args.query, limit=args.limit or None, filters=filters)
                for h in hits:
                    h.highlights  # computed now, while the snapshot is known good
            except StaleSnapshot:
                hits = None
        if hits is None:
            corpus = load_corpus(args.paths, quiet=True)  # warnings were printed already
    if hits is None:
        filters = _filters(args, corpus)
        index = SearchIndex.load_or_build(corpus)
        if not index.ordered and index.cache_path is not None:
            # an incrementally updated index cannot be reopened from the
            # snapshot (its entries are not in corpus order): save it whole once
            path = index.cache_path
            index = SearchIndex.build(corpus)
            index.cache_path = path
            try:
                index.save(path)
            except OSError:
                pass
        hits = index.search(args.query, limit=args.limit or None, filters=filters)
    if args.json:
        out = []
        for h in hits:
            d = h.to_dict()
            rec = corpus.record(h.record_id)
            d["record_title"] = rec.title if rec is not None else None
            d["record_date"] = (rec.sort_date or None) if rec is not None else None
            out.append(d)
        print_json(out)
        return 0
    if not hits:
        print("no matches", file=sys.stderr)
        return 0
    tty = sys.stdout.isatty()
    last = None
    for h in hits:
        if h.record_id != last:
            last = h.record_id
            rec = corpus.record(h.record_id)
            if rec is not None:
                facts = " · ".join(x for x in (rec.kind, rec.sort_date or "date unknown") if x)
                print(clean(f"{rec.id}  {rec.title or '(untitled)'}  [{facts}]"))
        where = h.passage_id if h.passage_id else f"{h.record_id} (title)"
        print(f"  {h.score:5.1f}  {where}  {marked(h.text, h.highlights, tty)}")
    return 0
