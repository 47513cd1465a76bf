"""Browse core on a large synthetic corpus: facet counts, filtering, timeline, group index.

Records are made in memory from a fixed seed (no files).  Each figure is the
median of several runs, with its ratio to a baseline in the same process: one
plain Python pass reading ``record.kind`` of every record.

Usage: .venv/bin/python benchmarks/bench_browse.py [--records 100000] [--runs 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.browse import Filters, GroupIndex, facet_counts, member_filter, month_counts  # noqa: E402
from corpus.model import KINDS, make_record  # noqa: E402

DEPTS = [f"Department {i}" for i in range(30)] + [None]
HOUSES = ["Commons", "Lords", None]


def make_corpus(n: int, seed: int):
    rng = random.Random(seed)
    people = [f"Member {i}" for i in range(600)]
    recs = []
    for i in range(n):
        year = rng.randint(2009, 2026)
        date = None if rng.random() < 0.02 else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        kind = rng.choice(KINDS)
        extra = {}
        if kind == "written question" and rng.random() < 0.2:
            extra["grouped_uins"] = [str(i + 1), str(i + 2)]
        recs.append(make_record(
            [("body", f"Record {i}.")], natural_key=f"bench:{i}", kind=kind, house=rng.choice(HOUSES),
            department=rng.choice(DEPTS), asked_by=rng.choice(people), answered_by=rng.choice(people),
            date_answered=date, uin=str(i), extra=extra,
        ))
    return recs


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    recs = make_corpus(args.records, args.seed)
    sel = Filters(kind=frozenset({"written question"}), department=frozenset({"Department 3", "Department 7"}))
    cases = {
        "baseline: one pass reading kind": lambda: sum(1 for r in recs if r.kind),
        "facet_counts(kind), no filters": lambda: facet_counts(recs, "kind"),
        "facet_counts(member), 2 facets selected": lambda: facet_counts(recs, "member", sel),
        "Filters.apply, 2 facets + date range": lambda: sel.with_dates("2015-01-01", "2016-12-31").apply(recs),
        "member view (2 people)": lambda: member_filter(recs[0]).apply(recs),
        "month_counts": lambda: month_counts(recs),
        "GroupIndex build": lambda: GroupIndex(recs),
    }
    base = None
    print(f"{args.records} records, median of {args.runs} runs")
    for name, fn in cases.items():
        t = median_time(fn, args.runs)
        base = base or t
        print(f"{name:45s} {t * 1000:8.1f} ms  ×{t / base:5.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
