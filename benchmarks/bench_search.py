"""Search benchmark: build, reopen, latency, recall, RSS, and baselines.

    .venv/bin/python benchmarks/bench_search.py 10000 100000 1000000

For each size, on one generated corpus (benchmarks/gen_passages.py, fixed
seed; queries of 3–4 words with 1–2 typos whose intended passage is known):
index build time and file size, reopen time (load_or_build on the saved
file, including hashing the corpus ids), p50/p95 query latency (limit=10),
recall@1 and recall@10, RSS growth over the loaded corpus; and, on the same
queries, ``rg -i -F`` (exact), ``fzf --filter`` and a plain
``rapidfuzz.process.extract`` scan (WRatio, limit=10) over all passages, as
latency ratios to ours.  Slow baselines run on a time budget (fewer queries);
a missing tool prints "not installed".

Options: --queries N (default 200), --budget S seconds per slow baseline (30).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.gen_passages import generate  # noqa: E402
from corpus.corpus import Corpus  # noqa: E402
from corpus.model import make_record  # noqa: E402
from corpus.search import SearchIndex  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def recall(ranked: list[list[int]], targets: list[int]) -> tuple[float, float]:
    r1 = sum(1 for r, t in zip(ranked, targets) if r[:1] == [t]) / max(1, len(targets))
    r10 = sum(1 for r, t in zip(ranked, targets) if t in r[:10]) / max(1, len(targets))
    return r1, r10


def run(n: int, n_queries: int, budget: float) -> None:
    print(f"\n=== {n:,} passages ===", flush=True)
    t = time.perf_counter()
    recs, meta, queries = generate(n, n_queries=n_queries)
    records = [
        make_record([("body", p) for p in paras], natural_key=f"bench-{i}", source_file=f"/bench/{i // 1000}.txt", **m)
        for i, (paras, m) in enumerate(zip(recs, meta))
    ]
    corpus = Corpus(records=records)
    passages = [p.text for r in records for p in r.passages]
    pid_of = [p.id for r in records for p in r.passages]
    raw_mb = sum(len(p.encode("utf-8")) for p in passages) / 2**20
    print(f"generated in {time.perf_counter() - t:.1f} s: {len(records):,} records, raw text {raw_mb:.0f} MB, "
          f"{len(queries)} queries, e.g. {queries[0][0]!r}")
    del recs
    rss0 = rss_mb()
    cache = Path(tempfile.mkdtemp(prefix="parlread-bench-"))
    try:
        t = time.perf_counter()
        index = SearchIndex.load_or_build(corpus, cache_dir=cache)
        build = time.perf_counter() - t
        size = index.cache_path.stat().st_size / 2**20
        rss1 = rss_mb()
        print(f"build+save: {build:.1f} s ({index.load_info}); index file {size:.0f} MB; "
              f"RSS +{rss1 - rss0:.0f} MB over the loaded corpus (corpus+index {rss1:.0f} MB; raw text {raw_mb:.0f} MB)")
        del index
        reopen = []
        for _ in range(3):
            t = time.perf_counter()
            index = SearchIndex.load_or_build(corpus, cache_dir=cache)
            reopen.append(time.perf_counter() - t)
            assert index.load_info == "reused", index.load_info
        print(f"reopen: median {statistics.median(reopen):.2f} s (load_info={index.load_info})")

        lat: list[float] = []
        ranked: list[list[int]] = []
        where = {pid: i for i, pid in enumerate(pid_of)}
        for q, _target in queries:
            t = time.perf_counter()
            hits = index.search(q, limit=10)
            lat.append(time.perf_counter() - t)
            ranked.append([where.get(h.passage_id, -1) for h in hits])
        targets = [tg for _, tg in queries]
        r1, r10 = recall(ranked, targets)
        ours = statistics.median(lat)
        print(f"parlread: p50 {ours * 1000:.1f} ms, p95 {pct(lat, 0.95) * 1000:.1f} ms, "
              f"recall@1 {r1:.3f}, recall@10 {r10:.3f}")
        for q in ("the", "educ"):
            t = time.perf_counter()
            many = index.search_lazy(q)
            print(f"  every hit for {q!r} (search_lazy, as the TUI asks): {len(many):,} hits in "
                  f"{(time.perf_counter() - t) * 1000:.0f} ms")

        # --- baselines ------------------------------------------------------
        tmp = cache / "passages.txt"
        with open(tmp, "w", encoding="utf-8") as f:
            for p in passages:
                f.write(p.replace("\n", " ") + "\n")
        for name in ("rg", "fzf"):
            exe = shutil.which(name)
            if not exe:
                print(f"{name}: not installed")
                continue
            lat_b: list[float] = []
            ranked_b: list[list[int]] = []
            used = 0.0
            for q, _ in queries:
                cmd = [exe, "-i", "-F", "-n", "--no-filename", q, str(tmp)] if name == "rg" else [exe, "--filter", q]
                t = time.perf_counter()
                if name == "rg":
                    out = subprocess.run(cmd, capture_output=True, text=True).stdout
                    rows = [int(line.split(":", 1)[0]) - 1 for line in out.splitlines()[:10] if ":" in line]
                else:
                    with open(tmp, "rb") as fin:
                        out = subprocess.run(cmd, stdin=fin, capture_output=True).stdout
                    lines = out.decode("utf-8", "replace").splitlines()[:10]
                    by_text = _text_index(passages)
                    rows = [by_text.get(line, -1) for line in lines]
                dt = time.perf_counter() - t
                used += dt
                lat_b.append(dt)
                ranked_b.append(rows)
                if used > budget:
                    break
            b1, b10 = recall(ranked_b, targets[: len(ranked_b)])
            med = statistics.median(lat_b)
            print(f"{name}: {len(lat_b)} queries, p50 {med * 1000:.1f} ms ({med / ours:.1f}x parlread), "
                  f"recall@1 {b1:.3f}, recall@10 {b10:.3f}")
        from rapidfuzz import fuzz, process

        lat_b, ranked_b, used = [], [], 0.0
        for q, _ in queries:
            t = time.perf_counter()
            res = process.extract(q, passages, scorer=fuzz.WRatio, limit=10, processor=None)
            dt = time.perf_counter() - t
            used += dt
            lat_b.append(dt)
            ranked_b.append([j for _, _, j in res])
            if used > budget:
                break
        b1, b10 = recall(ranked_b, targets[: len(ranked_b)])
        med = statistics.median(lat_b)
        print(f"rapidfuzz WRatio scan: {len(lat_b)} queries, p50 {med * 1000:.0f} ms ({med / ours:.0f}x parlread), "
              f"recall@1 {b1:.3f}, recall@10 {b10:.3f}")
    finally:
        shutil.rmtree(cache, ignore_errors=True)


_TEXT_INDEX: dict[int, dict[str, int]] = {}


def _text_index(passages: list[str]) -> dict[str, int]:
    key = id(passages)
    if key not in _TEXT_INDEX:
        _TEXT_INDEX.clear()
        d: dict[str, int] = {}
        for i, p in enumerate(passages):
            d.setdefault(p.replace("\n", " "), i)
        _TEXT_INDEX[key] = d
    return _TEXT_INDEX[key]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10000, 100000])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--budget", type=float, default=30.0)
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    for n in args.sizes:
        run(n, args.queries, args.budget)
        print(f"(load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
