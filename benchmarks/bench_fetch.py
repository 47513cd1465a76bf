"""Fetch 2,000 questions with their detail calls from the local replay server.

Prints requests/s of ``parlread fetch`` (in-process, rate limit off), the
time spent in parlread's own code (wall time minus time inside httpx and
minus the atomic durable writes), and a baseline in the same run: the same
requests sent by a bare httpx loop.  The server runs in its own process
(tests/api_replay.py) so it does not share our GIL.  Medians of 3 runs.
Needs ../shared/data (found relative to this repository).

    .venv/bin/python benchmarks/bench_fetch.py [--n 2000] [--runs 3]
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

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "uk-parl-written-questions" / "commons_wq_dfe_all.jsonl"
sys.path.insert(0, str(REPO))


def start_server(n: int) -> tuple[subprocess.Popen, str]:
    p = subprocess.Popen([sys.executable, str(REPO / "tests" / "api_replay.py"), "--questions", str(SHARED), "--limit", str(n)],
                         stdout=subprocess.PIPE, text=True)
    url = p.stdout.readline().strip()
    if not url.startswith("http://"):
        p.kill()
        raise SystemExit("replay server did not start")
    return p, url


def baseline(url: str, take: int) -> tuple[float, int]:
    """A bare httpx loop: list pages, then one detail call per id."""
    import httpx

    t = time.perf_counter()
    n = 0
    with httpx.Client(base_url=url) as c:
        ids, skip = [], 0
        while True:
            d = c.get("/api/writtenquestions/questions", params={"skip": skip, "take": take, "expandMember": "true"}).json()
            n += 1
            ids += [r["value"]["id"] for r in d["results"]]
            skip += len(d["results"])
            if not d["results"] or skip >= d["totalResults"]:
                break
        for i in ids:
            c.get(f"/api/writtenquestions/questions/{i}", params={"expandMember": "true"}).json()
            n += 1
    return time.perf_counter() - t, n


def one_run(url: str) -> dict:
    lib = Path(tempfile.mkdtemp(prefix="parlread-bench-fetch-"))
    os.environ["PARLREAD_LIBRARY"] = str(lib)
    from corpus.api import state
    from corpus.api.client import Client
    from corpus.api.fetch import fetch
    from corpus.api.watches import add_watch, make_watch

    writes = [0.0, 0]
    real = state.write_atomic

    def timed(path, data):
        t = time.perf_counter()
        real(path, data)
        writes[0] += time.perf_counter() - t
        writes[1] += 1

    state.write_atomic = timed
    try:
        add_watch(make_watch("all", kind="questions"))
        client = Client(url, rate=0)
        t = time.perf_counter()
        report = fetch(client=client)
        wall = time.perf_counter() - t
        s = client.stats
        first = {"wall": wall, "requests": s.requests, "http": s.http_seconds, "writes": writes[0], "files_written": writes[1],
                 "own": wall - s.http_seconds - s.wait_seconds - writes[0], "new": report.new, "failed": report.failed}
        client2 = Client(url, rate=0)
        writes[0] = 0.0
        t = time.perf_counter()
        again = fetch(client=client2)
        first["again_wall"] = time.perf_counter() - t
        first["again_requests"] = client2.stats.requests
        first["again_unchanged"] = again.unchanged
        client.close()
        client2.close()
    finally:
        state.write_atomic = real
        shutil.rmtree(lib, ignore_errors=True)
    return first


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not SHARED.exists():
        print(f"skipped: {SHARED} not found (the benchmark needs ../shared/data)")
        return 0
    server, url = start_server(args.n)
    try:
        base = [baseline(url, 100) for _ in range(args.runs)]
        runs = [one_run(url) for _ in range(args.runs)]
    finally:
        server.kill()
        server.wait()
    med = lambda xs: statistics.median(xs)  # noqa: E731
    r = runs[0]
    assert all(x["failed"] == 0 and x["new"] == args.n for x in runs), runs
    b_wall, b_req = med([b[0] for b in base]), base[0][1]
    wall, req = med([x["wall"] for x in runs]), r["requests"]
    print(f"fetch of {args.n} questions: {req} requests ({req - args.n} list pages + {args.n} detail calls), medians of {args.runs} runs")
    print(f"  bare httpx loop (baseline):   {b_wall:6.2f} s  {b_req / b_wall:7.0f} req/s")
    print(f"  parlread fetch (first run):   {wall:6.2f} s  {req / wall:7.0f} req/s  ({b_wall / wall:.0%} of the baseline's rate)")
    print(f"    inside httpx + server:      {med([x['http'] for x in runs]):6.2f} s")
    print(f"    atomic durable writes:      {med([x['writes'] for x in runs]):6.2f} s  "
          f"({r['files_written']} writes of shards, inbox, index, members; fsync each)")
    print(f"    parlread's own code:        {med([x['own'] for x in runs]):6.2f} s  "
          f"({med([x['own'] for x in runs]) / req * 1e3:.2f} ms a request)")
    print(f"  parlread fetch (nothing new): {med([x['again_wall'] for x in runs]):6.2f} s  {r['again_requests']} requests, "
          f"{r['again_unchanged']} unchanged")
    print("  (2 shared cores, other engineers' jobs running: noisy; goal >= 200 req/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
