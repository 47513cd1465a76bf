"""parlread versions: groups of records that are versions of one another."""

from __future__ import annotations

import argparse

from tui.cli.common import add_paths, load_corpus, print_json

HELP = "list groups of near-duplicate or overlapping records (versions), with similarities"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_paths(p)
    p.add_argument("--json", action="store_true", help="print the groups as JSON")
    p.add_argument(
        "--threshold", type=float, default=0.5, metavar="J",
        help="minimum Jaccard similarity of word 5-grams for a version pair (default 0.5)",
    )
    p.add_argument(
        "--containment", type=float, default=0.8, metavar="C",
        help="minimum share of one record found in the other for a partial overlap (default 0.8)",
    )


def run(args: argparse.Namespace) -> int:
    from corpus.safe_text import printable
    from corpus.versions import find_versions, reconcile
    from tui.cli.errors import UserError

    for name in ("threshold", "containment"):
        v = getattr(args, name)
        if not 0.0 < v <= 1.0:
            raise UserError(f"--{name} must be between 0 (exclusive) and 1, not {v}")
    corpus = load_corpus(args.paths)
    groups = find_versions(corpus, threshold=args.threshold, containment=args.containment)

    def rec(rid: str, g):
        return corpus.record(rid) or g.virtual.get(rid)

    if args.json:
        out = []
        for g in groups:
            d = g.to_dict()
            recs = [rec(i, g) for i in g.ids]
            d["records"] = [
                {"id": r.id, "title": r.title, "kind": r.kind, "date": r.sort_date or None,
                 "source_file": r.source_file, "virtual": r.id in g.virtual,
                 "partial": r.id in g.partial}
                for r in recs if r is not None
            ]
            inferred = reconcile([r for r in recs if r is not None], g.pairs)
            d["inferred"] = {rid: {f: v.to_dict() for f, v in fields.items()} for rid, fields in inferred.items()}
            out.append(d)
        print_json({"groups": out})
        return 0
    if not groups:
        print(f"no versions found among {len(corpus)} records")
        return 0
    for n, g in enumerate(groups, 1):
        print(f"group {n}: {len(g.ids)} records, similarity up to {g.similarity:.2f}")
        recs = [rec(i, g) for i in g.ids]
        partial = g.partial
        for r in recs:
            if r is None:
                continue
            tag = " (original answer, before correction)" if r.id in g.virtual else ""
            if r.id in partial:
                tag += f" (partial: holds {partial[r.id][1]:.0%} of {partial[r.id][0]})"
            print(f"  {r.id}  {r.sort_date or 'date unknown':<12}  {printable(r.title or '(untitled)')}{tag}")
        for p in g.pairs:
            print(
                f"    {p.a} ~ {p.b}  similarity {p.similarity:.2f}  "
                f"covered {p.a_covered:.0%} / {p.b_covered:.0%}  {p.kind}"
            )
        inferred = reconcile([r for r in recs if r is not None], g.pairs)
        for rid, fields in inferred.items():
            for f, inf in fields.items():
                print(f"    inferred for {rid}: {f.replace('_', ' ')} = {printable(str(inf.value))}  "
                      f"[{inf.confidence}] ({printable(inf.reason)})")
        print()
    return 0
