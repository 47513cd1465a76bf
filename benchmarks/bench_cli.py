"""One-shot CLI commands on a big corpus vs ``rg -i`` over the same files.

Each run alternates: ``rg -i QUERY PATH`` (the baseline), ``parlread search
QUERY PATH --limit 10`` answered from the caches (corpus snapshot + saved
index), and the same with ``PARLREAD_SNAPSHOT=off`` (the full path: every
call loads the whole corpus from the per-file record cache and reopens the
index).  Also ``show ID`` and ``list --json``.  The caches are warmed
first; the outputs of the cached and the full path are compared (identical).
Medians; the machine is shared, so expect noise.

    .venv/bin/python benchmarks/gen_corpus.py /tmp/c100k
    .venv/bin/python benchmarks/bench_cli.py /tmp/c100k [--runs 7] [--query "kinship care"]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARLREAD = [sys.executable, "-m", "tui.cli"]


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, bytes]:
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    return time.perf_counter() - start, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--query", default="kinship care")
    ap.add_argument("--list-runs", type=int, default=3)
    args = ap.parse_args()
    path = str(Path(args.path).resolve())
    rg = shutil.which("rg")
    base_cmd = [rg, "-i", args.query, path] if rg else ["grep", "-ri", args.query, path]
    cached_env = dict(os.environ)
    full_env = dict(os.environ, PARLREAD_SNAPSHOT="off")
    search = [*PARLREAD, "search", args.query, path, "--limit", "10"]
    # warm every cache (records, index, snapshot) and check both paths agree
    _, out_cached = timed(search + ["--json"], cached_env)
    _, out_cached = timed(search + ["--json"], cached_env)
    _, out_full = timed(search + ["--json"], full_env)
    same = out_cached == out_full and bool(json.loads(out_cached))
    rid = json.loads(out_cached)[0]["record_id"]
    t_base, t_cached, t_full, t_show, t_show_full = [], [], [], [], []
    for _ in range(args.runs):
        t_base.append(timed(base_cmd)[0])
        t_cached.append(timed(search, cached_env)[0])
        t_full.append(timed(search, full_env)[0])
        t_show.append(timed([*PARLREAD, "show", rid, path], cached_env)[0])
        t_show_full.append(timed([*PARLREAD, "show", rid, path], full_env)[0])
    t_list, t_list_full = [], []
    for _ in range(args.list_runs):
        t_list.append(timed([*PARLREAD, "list", path, "--json"], cached_env)[0])
        t_list_full.append(timed([*PARLREAD, "list", path, "--json"], full_env)[0])
    b = statistics.median(t_base)
    med = statistics.median
    print(f"runs: {args.runs} (list: {args.list_runs}), alternating; medians (noisy: shared 2-core machine)")
    print(f"baseline {' '.join(Path(base_cmd[0]).name.split())} -i      {b * 1000:7.0f} ms")
    print(f"search from the caches     {med(t_cached) * 1000:7.0f} ms  = {med(t_cached) / b:5.2f}x rg  (goal <= 6x)")
    print(f"search, full load          {med(t_full) * 1000:7.0f} ms  = {med(t_full) / b:5.2f}x rg")
    print(f"show from the caches       {med(t_show) * 1000:7.0f} ms  (full load {med(t_show_full) * 1000:.0f} ms)")
    print(f"list --json from the caches {med(t_list) * 1000:6.0f} ms  (full load {med(t_list_full) * 1000:.0f} ms)")
    print(f"cached and full search output identical: {same}")


if __name__ == "__main__":
    main()
