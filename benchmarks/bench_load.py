"""Load time and memory for a 100k-record corpus: cold parse vs warm cache.

Each measurement runs in a fresh Python process (so the warm case pays only
what a restarted app pays): time of ``corpus.loader.load()`` and the process's
peak RSS.  Cold = parsing with the cache off; cold+write = parsing and writing
the cache; warm = reading the cache.  Figures are medians of --repeat runs;
ratios are against the cold run of this same invocation.

Usage: .venv/bin/python benchmarks/bench_load.py [--records 100000] [--repeat 3] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, resource, sys, time
t0 = time.perf_counter()
from corpus.loader import load
t1 = time.perf_counter()
c = load([sys.argv[1]])
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "records": len(c),
                  "passages": sum(len(r.passages) for r in c.records),
                  "warnings": len(c.warnings),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(corpus: Path, cache_env: str) -> dict:
    env = dict(os.environ, PARLREAD_CACHE=cache_env, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", CHILD, str(corpus)], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="parlread-bench-") as tmp:
        corpus = a.corpus
        if corpus is None:
            sys.path.insert(0, str(ROOT))
            from benchmarks.gen_corpus import generate

            corpus = Path(tmp) / "corpus"
            generate(corpus, a.records)
        size = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
        cache_dir = str(Path(tmp) / "cache")
        sys.path.insert(0, str(ROOT))
        from corpus import cache as _cache

        version_before = _cache.parser_version()
        cold = [run(corpus, "off") for _ in range(a.repeat)]
        write = run(corpus, cache_dir)
        warm = [run(corpus, cache_dir) for _ in range(max(a.repeat, 5))]
        cache_size = sum(p.stat().st_size for p in (Path(cache_dir) / "records").glob("*.rc"))

        def med(rows, k):
            return statistics.median(r[k] for r in rows)

        c_load, w_load = med(cold, "load"), med(warm, "load")
        print(f"corpus: {cold[0]['records']} records, {cold[0]['passages']} passages, "
              f"{size / 1e6:.1f} MB in {sum(1 for _ in corpus.rglob('*.jsonl'))} files; cache {cache_size / 1e6:.1f} MB")
        print(f"cold parse (cache off)  load {c_load:6.2f} s   peak RSS {med(cold, 'rss_mb'):6.0f} MB   (median of {len(cold)})")
        print(f"cold parse + write cache load {write['load']:6.2f} s   peak RSS {write['rss_mb']:6.0f} MB")
        print(f"warm cache              load {w_load:6.2f} s   peak RSS {med(warm, 'rss_mb'):6.0f} MB   (median of {len(warm)})")
        print(f"import corpus.loader    {med(warm, 'import'):6.3f} s")
        _cache._parser_version = None
        if _cache.parser_version() != version_before:
            print("WARNING: a parser source file changed during the run: warm figures may include re-parsing")
        print(f"warm / cold load time: {w_load / c_load:.3f}  (speed-up x{c_load / w_load:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
