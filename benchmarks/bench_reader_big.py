"""Laying out one very big record in the reader (a 50 MB one-line file is
12,500 passages): the offset layout drawn on demand (what the reader does for
records over ``Reader.BIG`` characters) against the strip-per-line layout it
replaced (rich's wrap and a strip for every line, still used for small
records), on the same record and width, in the same run.  Prints the medians
of a few runs, the ratio and the peak RSS growth of one layout of each.

    .venv/bin/python benchmarks/bench_reader_big.py [--mb 5] [--runs 3]

The machine is shared: figures are noisy; compare the ratio, and give `uptime`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=5.0, help="record size in MB (default 5)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from corpus.corpus import Corpus
    from corpus.model import make_record
    from tui.app import ParlreadApp
    from tui.widgets.reader import Reader

    unit = "the Minister said care and policy reform matter to the Council and children "
    n = max(1, int(args.mb * 1_000_000 / 4000))
    record = make_record([("body", (unit * 53)[:4000]) for _ in range(n)], title="big", kind="debate")

    async def run() -> None:
        app = ParlreadApp(corpus=Corpus([make_record([("body", "small")], title="small")]))
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            reader = app.screen.query_one(Reader)
            reader.record, reader._rows = record, []
            out = {}
            for name, big in (("offsets (now)", Reader.BIG), ("strip per line (before)", 10**12)):
                Reader.BIG = big
                times = []
                for _ in range(args.runs):
                    t = time.perf_counter()
                    lines, _ = reader._build_lines(96)
                    times.append(time.perf_counter() - t)
                    del lines
                tracemalloc.start()
                lines, _ = reader._build_lines(96)
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                out[name] = (statistics.median(times), peak, len(lines))
                del lines
            Reader.BIG = 150_000
            for name, (t, peak, count) in out.items():
                print(f"{name:26} {t:7.2f} s median of {args.runs}   {peak / 2**20:7.0f} MiB allocated   {count:,} lines")
            a, b = out["offsets (now)"], out["strip per line (before)"]
            print(f"ratio: {b[0] / a[0]:.1f}x faster, {b[1] / max(a[1], 1):.1f}x less memory  ({args.mb:g} MB record, load {os.getloadavg()[0]:.1f})")

    asyncio.run(run())


if __name__ == "__main__":
    main()
