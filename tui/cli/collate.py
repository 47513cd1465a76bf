"""parlread collate: align every version of a text at once (k >= 2 witnesses)."""

from __future__ import annotations

import argparse
import os

from tui.cli.common import load_corpus, print_json

HELP = "collate two or more versions (ids, a versions group, or every record in PATHs): who has which wording"

_STATUS_WORDS = {"same": "same in all", "variant": "variant", "some-only": "in some only", "moved": "moved"}
MAX_WITNESSES = 60


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("items", nargs="*", metavar="ID_OR_PATH",
                   help="record ids (or unique id prefixes) to collate, then files or directories to load "
                        "(default: the sample corpus); with PATHs and no ids, every record in them is a witness")
    p.add_argument("--group", type=int, metavar="N",
                   help="collate group N of `parlread versions` (same PATHs, --threshold and --containment)")
    p.add_argument("--threshold", type=float, default=0.5, metavar="J",
                   help="with --group: as `parlread versions --threshold` (default 0.5)")
    p.add_argument("--containment", type=float, default=0.8, metavar="C",
                   help="with --group: as `parlread versions --containment` (default 0.8)")
    p.add_argument("--base", metavar="ID",
                   help="the version whose text is shown and that the others are measured against "
                        "(default: the one closest to all the others)")
    p.add_argument("--ignore-case", action="store_true", help="treat upper and lower case as the same")
    p.add_argument("--ignore-punctuation", action="store_true", help="ignore punctuation")
    p.add_argument("--unify-quotes", action="store_true", help="treat all quote and dash styles as one")
    p.add_argument("--json", action="store_true",
                   help='print {"witnesses": [...], "rows": [...], "summary": {...}} as JSON')
    p.add_argument("--format", choices=("text", "markdown"), default="text", help="text (default) or markdown")


def _witnesses(args: argparse.Namespace):
    from corpus.versions import find_versions, resolve_version
    from tui.cli.errors import UserError

    paths = [x for x in args.items if os.path.exists(x)]
    idents = [x for x in args.items if not os.path.exists(x)]
    corpus = load_corpus(paths)
    if args.group is not None:
        if idents:
            raise UserError(f"--group takes PATHs only, not ids: {' '.join(idents)}")
        for name in ("threshold", "containment"):
            v = getattr(args, name)
            if not 0.0 < v <= 1.0:
                raise UserError(f"--{name} must be between 0 (exclusive) and 1, not {v}")
        groups = find_versions(corpus, threshold=args.threshold, containment=args.containment)
        if not 1 <= args.group <= len(groups):
            raise UserError(f"no versions group {args.group}: `parlread versions` found {len(groups)}")
        g = groups[args.group - 1]
        return [corpus.record(i) or g.virtual[i] for i in g.ids]
    if not idents:
        if not paths:
            raise UserError("give two or more record ids, --group N, or PATHs whose records are the witnesses")
        recs = list(corpus)
    else:
        recs = []
        for ident in idents:
            r = resolve_version(corpus, ident)
            if r is None:
                from tui.cli.common import unknown_id

                raise unknown_id(corpus, ident)
            recs.append(r)
    seen: set[str] = set()
    out = []
    for r in recs:
        if r.id in seen:
            raise UserError(f"record {r.id} is given twice")
        seen.add(r.id)
        out.append(r)
    if len(out) < 2:
        raise UserError(f"collation needs at least two witnesses, got {len(out)}")
    if len(out) > MAX_WITNESSES:
        raise UserError(f"{len(out)} witnesses: at most {MAX_WITNESSES} can be collated at once")
    return out


def summary_line(summary: dict) -> str:
    c = summary["counts"]
    return f"{summary['rows']} rows · " + " · ".join(f"{c[k]} {_STATUS_WORDS[k]}" for k in _STATUS_WORDS)


def run(args: argparse.Namespace) -> int:
    from corpus.align import Options
    from corpus.collate import GUTTER, collate, inline, labels
    from corpus.safe_text import printable

    recs = _witnesses(args)
    opts = Options(args.ignore_case, args.ignore_punctuation, args.unify_quotes)
    col = collate(recs, opts)
    base = col.base
    if args.base is not None:
        from tui.cli.errors import UserError

        hits = [i for i, r in enumerate(recs) if r.id == args.base] or \
            [i for i, r in enumerate(recs) if r.id.startswith(args.base)]
        if len(hits) != 1:
            raise UserError(f"--base {args.base!r} is not one of the versions collated")
        base = hits[0]
    if args.json:
        print_json(col.to_dict(base))
        return 0
    names = labels(len(recs))
    summary = col.summary(base)
    kept = summary["kept_of_base"]
    partial = set(summary["partial"])
    cut = summary["truncated"]
    base_name = names[base]
    md = args.format == "markdown"
    if md:
        from tui.cli.compare import md_escape as esc
    else:
        esc = printable

    def presence(row) -> str:
        return "".join(n if t is not None else "·" for n, t in zip(names, row.readings))

    if md:
        print("## Collation of " + str(len(recs)) + " versions")
        print()
    for n, r in zip(names, recs):
        rest = (f"{r.sort_date or 'date unknown'}  {esc(r.title or '(untitled)')}"
                f"  — {summary['words'][r.id]} words, keeps {kept[r.id]:.0%} of {base_name}"
                + (" (partial: an excerpt)" if r.id in partial else "")
                + (f" (cut short by the source: {', '.join(cut[r.id])})" if r.id in cut else ""))
        print(f"- **{n}**: `{r.id}` {rest}" if md else f"{n}: {r.id}  {rest}")
    if md:
        print()
    why = "chosen" if args.base is not None else "the version closest to all others"
    print(("- " if md else "") + summary_line(summary) + f" · base {base_name} ({why})")
    on = [k.replace("_", " ") for k, v in opts.to_dict().items() if v]
    if on:
        print(("- " if md else "") + "options: " + ", ".join(on))
    if md:
        print()
        print("Each variant is shown as [A B: their words | C: other words]; — is no words; "
              "the letters after each row are the versions that have it.")
    else:
        print("legend: = same in all  ~ variant  + in some only  > moved;  "
              "[A B: their words | C: other words], — = no words;  letters: the versions that have the row")
    print()
    same_run = 0
    for i, row in enumerate(col.rows):
        if md and row.status == "same":
            same_run += 1
            continue
        if same_run:
            print(f"*… {same_run} sentence{'s' if same_run > 1 else ''} the same in all …*")
            print()
            same_run = 0
        body = inline(row, base, names, esc)
        if row.moved:
            where = "; ".join(f"{names[w]} at row {r + 1}" for w, r in sorted(row.moved.items()))
            body += f"  (moved: {where})"
        if md:
            print(f"- {i + 1} *{_STATUS_WORDS[row.status]}* ({presence(row)}): {body}")
            print()
        else:
            print(f"{GUTTER[row.status]} {presence(row)} {body}")
    if same_run:
        print(f"*… {same_run} sentence{'s' if same_run > 1 else ''} the same in all …*")
    return 0
