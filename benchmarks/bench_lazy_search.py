"""Search over records read from the record cache (passages read on demand) against the same records held in memory.

The app's records come from the parsed-record cache and read their passages
from it when asked (corpus/textstore.py); ``bench_search.py`` builds its
records in memory.  This loads PATH through the cache, makes a held copy of
every record (same fields, passages as lists), opens the one saved search
index for both, and times the same queries (3 words of a passage, every
N-th passage) on each: hits must be identical; latency is printed as p50 /
p95 and as a ratio held / lazy in the same run, with the load average.

    PARLREAD_CACHE=/tmp/mycache .venv/bin/python benchmarks/bench_lazy_search.py /tmp/c100k [--queries 200]
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    from corpus.corpus import Corpus
    from corpus.loader import load
    from corpus.model import passages_held
    from corpus.search import SearchIndex

    lazy = load(args.paths)
    n_lazy = sum(not passages_held(r) for r in lazy.records)
    if not n_lazy:
        sys.exit("no record was read from the cache: set PARLREAD_CACHE to a cache directory and run once to fill it")
    held = []
    for r in lazy.records:
        c = copy.copy(r)
        c.passages = list(r.passages)
        c.extra = dict(r.extra)
        held.append(c)
    eager = Corpus(records=held, warnings=list(lazy.warnings))
    assert eager.records == lazy.records
    t = time.perf_counter()
    i_lazy = SearchIndex.load_or_build(lazy)
    t_lazy = time.perf_counter() - t
    t = time.perf_counter()
    i_eager = SearchIndex.load_or_build(eager)
    t_eager = time.perf_counter() - t
    print(f"{len(lazy.records):,} records ({n_lazy:,} reading their passages from the cache); index {i_lazy.load_info} "
          f"in {t_lazy:.2f} s lazy / {t_eager:.2f} s held (load {os.getloadavg()[0]:.1f})")
    passages = [p for r in eager.records for p in r.passages]
    step = max(1, len(passages) // args.queries)
    queries = []
    for p in passages[::step][: args.queries]:
        words = [w for w in p.text.split() if len(w) >= 4 and w.isalpha()]
        if len(words) >= 3:
            mid = len(words) // 2
            queries.append(" ".join(words[mid - 1 : mid + 2]))
    lat = {"lazy": [], "held": []}
    same = 0
    for q in queries:
        got = {}
        for name, index in (("lazy", i_lazy), ("held", i_eager)):
            t = time.perf_counter()
            hits = index.search(q, limit=10)
            got[name] = [(h.record_id, h.passage_id, h.score, h.text) for h in hits]
            lat[name].append(time.perf_counter() - t)
        same += got["lazy"] == got["held"]
    print(f"{len(queries)} queries, hits identical on {same} (load {os.getloadavg()[0]:.1f})")
    for name in ("lazy", "held"):
        xs = lat[name]
        print(f"  {name}: p50 {statistics.median(xs) * 1000:.1f} ms, p95 {pct(xs, 0.95) * 1000:.1f} ms")
    print(f"  lazy / held: p50 {statistics.median(lat['lazy']) / statistics.median(lat['held']):.2f}x, "
          f"p95 {pct(lat['lazy'], 0.95) / pct(lat['held'], 0.95):.2f}x")
    if same != len(queries):
        sys.exit("hits differ between lazy and held records")


if __name__ == "__main__":
    main()
