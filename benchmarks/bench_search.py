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

Every query is timed in wall time and in CPU time (``time.process_time``:
this process's CPU, less noisy than wall time on a shared machine), and the
1-minute load average is printed beside each figure.  "Every hit of a common
word" is timed twice: the first page (``search_lazy`` + the first 50 ``Hit``
objects, what the TUI shows at once) and the whole sorted list.

Options: --queries N (default 200), --budget S seconds per slow baseline (30),
--keep-index DIR (keep the built index in DIR/<size>-<hash>/ and reuse it in
later runs; the hash covers every generated text and title, the index format
version and the source of the build side, so a stale index is never used, and
load_or_build still checks the file's crcs and corpus key), --no-baselines
(skip rg/fzf/rapidfuzz), --repeat R (time the queries R times: one line per
pass), --profile K (cProfile over the K slowest queries; top functions by
cumulative time), --cold (first a pass with the index's per-word caches
emptied before each query, as a one-shot CLI call would see them).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import os
import pstats
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


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def corpus_hash(records) -> str:
    """sha1 of every generated text and title, the index format and the build
    side's source: the name of a kept index (a different corpus or build code
    never reuses it)."""
    from corpus.search import persist, query, segment

    h = hashlib.sha1()
    h.update(f"format {persist.FORMAT_VERSION} token {query._TOKEN.pattern}\n".encode())
    for mod in (segment, persist):
        h.update(Path(mod.__file__).read_bytes())
    for r in records:
        h.update(b"\x00T" + (r.title or "").encode("utf-8") + b"\x00I" + r.id.encode("utf-8"))
        for p in r.passages:
            h.update(b"\x00P" + p.id.encode("utf-8") + b"\x01" + p.text.encode("utf-8"))
    return h.hexdigest()[:16]


def forget(index) -> None:
    """Empty the index's per-word caches (expansions, df, bytes per entry of common words)."""
    for name in ("_exp_cache", "_df_cache", "_codes_cache", "_filter_cache"):
        cache = getattr(index, name, None)
        if cache is not None:
            cache.clear()


def time_queries(index, queries, where, cold: bool = False):
    lat: list[float] = []
    cpu: list[float] = []
    ranked: list[list[int]] = []
    for q, _target in queries:
        if cold:
            forget(index)
        c = time.process_time()
        t = time.perf_counter()
        hits = index.search(q, limit=10)
        lat.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        ranked.append([where.get(h.passage_id, -1) for h in hits])
    return lat, cpu, ranked


def run(n: int, n_queries: int, budget: float, keep: Path | None = None, baselines: bool = True,
        repeat: int = 1, profile: int = 0, cold: bool = False) -> None:
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
    tmpdir = Path(tempfile.mkdtemp(prefix="parlread-bench-"))
    if keep is not None:
        t = time.perf_counter()
        cache = keep / f"{n}-{corpus_hash(records)}"
        cache.mkdir(parents=True, exist_ok=True)
        print(f"kept index: {cache} (corpus hashed in {time.perf_counter() - t:.1f} s)")
    else:
        cache = tmpdir
    try:
        t = time.perf_counter()
        index = SearchIndex.load_or_build(corpus, cache_dir=cache)
        build = time.perf_counter() - t
        size = index.cache_path.stat().st_size / 2**20
        rss1 = rss_mb()
        what = "build+save" if index.load_info != "reused" else "reopened a kept index"
        print(f"{what}: {build:.1f} s ({index.load_info}, {load()}); index file {size:.0f} MB; "
              f"RSS +{rss1 - rss0:.0f} MB over the loaded corpus (corpus+index {rss1:.0f} MB; raw text {raw_mb:.0f} MB)")
        del index
        reopen = []
        for _ in range(3):
            t = time.perf_counter()
            index = SearchIndex.load_or_build(corpus, cache_dir=cache)
            reopen.append(time.perf_counter() - t)
            assert index.load_info == "reused", index.load_info
        print(f"reopen: median {statistics.median(reopen):.2f} s (load_info={index.load_info}, {load()})")

        where = {pid: i for i, pid in enumerate(pid_of)}
        targets = [tg for _, tg in queries]
        for rep in range(max(1, repeat) + (1 if cold else 0)):
            cold_pass = cold and rep == 0
            lat, cpu, ranked = time_queries(index, queries, where, cold_pass)
            r1, r10 = recall(ranked, targets)
            ours = statistics.median(lat)
            print(f"parlread{' (cold: caches emptied before each query)' if cold_pass else ''}: p50 {ours * 1000:.1f} ms, p95 {pct(lat, 0.95) * 1000:.1f} ms; "
                  f"CPU p50 {pct(cpu, 0.5) * 1000:.1f} ms, p95 {pct(cpu, 0.95) * 1000:.1f} ms, "
                  f"mean {statistics.fmean(cpu) * 1000:.1f} ms; "
                  f"recall@1 {r1:.3f}, recall@10 {r10:.3f} ({load()})", flush=True)
        for q in ("the", "educ"):
            c = time.process_time()
            t = time.perf_counter()
            many = index.search_lazy(q)
            page = [(h.passage_id, h.score) for h in many[:50]]
            first, first_cpu = time.perf_counter() - t, time.process_time() - c
            c = time.process_time()
            t = time.perf_counter()
            nhits = len(many)
            last = [(h.passage_id, h.score) for h in many[max(0, nhits - 50):]]
            rest, rest_cpu = time.perf_counter() - t, time.process_time() - c
            assert len(page) == min(50, nhits) and len(last) == min(50, nhits)
            print(f"  every hit for {q!r} (search_lazy, as the TUI asks): {nhits:,} hits; first page of 50 in "
                  f"{first * 1000:.0f} ms (CPU {first_cpu * 1000:.0f} ms); then the count and the last page in "
                  f"{rest * 1000:.0f} ms (CPU {rest_cpu * 1000:.0f} ms) ({load()})", flush=True)
        if profile:
            slow = sorted(range(len(queries)), key=lambda i: -lat[i])[:profile]
            pr = cProfile.Profile()
            pr.enable()
            for i in slow:
                index.search(queries[i][0], limit=10)
            pr.disable()
            buf = io.StringIO()
            pstats.Stats(pr, stream=buf).sort_stats("cumulative").print_stats(30)
            print(f"profile of the {len(slow)} slowest queries: " + ", ".join(repr(queries[i][0]) for i in slow))
            print(buf.getvalue())
        if not baselines:
            return

        # --- baselines ------------------------------------------------------
        tmp = tmpdir / "passages.txt"
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
        shutil.rmtree(tmpdir, ignore_errors=True)


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
    ap.add_argument("--keep-index", type=Path, default=None, metavar="DIR")
    ap.add_argument("--no-baselines", action="store_true")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--profile", type=int, default=0, metavar="K")
    ap.add_argument("--cold", action="store_true", help="first time the queries with the index's caches emptied before each")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    for n in args.sizes:
        run(n, args.queries, args.budget, args.keep_index, not args.no_baselines, args.repeat, args.profile, args.cold)
        print(f"(load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
