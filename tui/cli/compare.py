"""parlread compare: align two records sentence by sentence and word by word."""

from __future__ import annotations

import argparse
import re

from tui.cli.common import add_paths, load_corpus, print_json

HELP = "compare two records (ids or unique id prefixes): aligned sentences with word differences"

_STATUS_WORDS = {"same": "same", "changed": "changed", "deleted": "only in A", "inserted": "only in B", "moved": "moved"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", metavar="A", help="record id or unique id prefix (the earlier version)")
    p.add_argument("b", metavar="B", help="record id or unique id prefix (the later version)")
    add_paths(p)
    p.add_argument("--ignore-case", action="store_true", help="treat upper and lower case as the same")
    p.add_argument("--ignore-punctuation", action="store_true", help="ignore punctuation")
    p.add_argument("--unify-quotes", action="store_true", help="treat all quote and dash styles as one")
    p.add_argument("--json", action="store_true", help='print {"summary": ..., "rows": [...]} as JSON')
    p.add_argument("--format", choices=("text", "markdown"), default=None,
                   help="text (default) or a markdown report with ~~deleted~~ / **inserted** marking (not with --json)")
    p.set_defaults(_check=_check_options)


def _check_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Conflicting options are a usage error, not a silent choice."""
    if args.json and args.format is not None:
        parser.error(f"--json and --format {args.format} cannot be combined: choose one output")
    if args.format is None:
        args.format = "text"


def summary_line(summary: dict) -> str:
    c = summary["counts"]
    parts = [f"{c[k]} {_STATUS_WORDS[k]}" for k in ("same", "changed", "deleted", "inserted", "moved")]
    return f"similarity {summary['similarity']:.0%} · " + " · ".join(parts)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md_escape(text: str) -> str:
    from corpus.safe_text import printable

    return _MD_SPECIAL.sub(r"\\\1", printable(text))


def run(args: argparse.Namespace) -> int:
    from corpus.align import GUTTER, Options, compare, inline
    from corpus.safe_text import printable
    from corpus.versions import resolve_version

    corpus = load_corpus(args.paths)
    recs = []
    for ident in (args.a, args.b):
        r = resolve_version(corpus, ident)
        if r is None:
            from tui.cli.common import unknown_id

            raise unknown_id(corpus, ident)
        recs.append(r)
    a, b = recs
    from corpus.reading_order import older_first, version_label

    if version_label(a) and version_label(b) and older_first(a, b) == (b, a):
        import sys

        a, b = b, a  # a correction pair reads forwards: the original answer is A
        print("note: compared original → corrected (A is the original answer, B the corrected one)", file=sys.stderr)
    opts = Options(args.ignore_case, args.ignore_punctuation, args.unify_quotes)
    cmp = compare(a, b, opts)
    if args.json:
        print_json(cmp.to_dict())
        return 0
    if args.format == "markdown":
        def title(r):
            return md_escape(r.title or "(untitled)") + (f" ({r.sort_date})" if r.sort_date else "")

        print(f"## Comparison: {title(a)} → {title(b)}")
        print()
        print(f"- **A**: `{a.id}` {title(a)}")
        print(f"- **B**: `{b.id}` {title(b)}")
        print(f"- {summary_line(cmp.summary)}")
        on = [k.replace("_", " ") for k, v in opts.to_dict().items() if v]
        if on:
            print(f"- options: {', '.join(on)}")
        print()
        print("Deleted text is ~~struck through~~, inserted text is **bold**.")
        print()
        same_run = 0
        for row in cmp.rows:
            if row.status == "same":
                same_run += 1
                continue
            if same_run:
                print(f"*… {same_run} unchanged sentence{'s' if same_run > 1 else ''} …*")
                print()
                same_run = 0
            label = _STATUS_WORDS[row.status]
            if row.status == "moved":
                label = "moved from here" if row.a is not None else "moved to here"
            body = inline(row, ("~~", "~~"), ("**", "**"), md_escape)
            if row.status == "deleted":
                body = f"~~{body}~~"
            elif row.status == "inserted":
                body = f"**{body}**"
            print(f"- *{label}*: {body}")
            print()
        if same_run:
            print(f"*… {same_run} unchanged sentence{'s' if same_run > 1 else ''} …*")
        return 0
    for label, r in (("A", a), ("B", b)):
        which = f"[{version_label(r)}] " if version_label(r) else ""
        print(f"{label}: {r.id}  {which}{printable(r.title or '(untitled)')}  {r.sort_date or 'date unknown'}")
    print(summary_line(cmp.summary))
    print("legend: = same  ~ changed  - only in A  + only in B  > moved;  [-deleted-] {+inserted+}")
    print()
    for row in cmp.rows:
        body = inline(row, escape=printable)
        if row.status == "moved":
            body = ("(moved from here) " if row.a is not None else "(moved to here) ") + body
        print(f"{GUTTER[row.status]} {body}")
    return 0
