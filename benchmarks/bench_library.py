"""Library at scale: filter-as-you-type and sorting over a big corpus, and memory.

    .venv/bin/python benchmarks/gen_corpus.py /tmp/c100k      # 100,000 records (once)
    .venv/bin/python benchmarks/bench_library.py /tmp/c100k

Prints medians over repeated runs in the same process; the baseline is one
plain pass over every record (``sum(len(title))``), so ratios survive a noisy
machine.  Also opens the app headless on the corpus and reports the time to
the first frame with records and the process RSS.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import sys
import time


def median_ms(fn, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/c100k"
    from corpus.loader import load
    from corpus.filters import filter_records, haystack, sort_indexes

    t = time.perf_counter()
    corpus = load([path])
    print(f"load (warm cache if run before): {time.perf_counter() - t:.2f} s, {len(corpus.records):,} records")
    recs = corpus.records
    base = median_ms(lambda: sum(len(r.title or "") for r in recs))
    hay_ms = median_ms(lambda: [haystack(r) for r in recs], runs=3)
    hay = [haystack(r) for r in recs]
    print(f"baseline pass over records: {base:.1f} ms")
    print(f"build filter haystacks:     {hay_ms:.1f} ms ({hay_ms / base:.1f}x)")
    for q in ("k", "kinship", "kinship care", "education 2024", "zzzz"):
        ms = median_ms(lambda: filter_records(recs, hay, q))
        n = len(filter_records(recs, hay, q))
        print(f"filter {q!r:<18} {ms:7.1f} ms ({ms / base:4.1f}x)  {n:,} shown")
    idx = list(range(len(recs)))
    for key in ("date", "title", "source"):
        ms = median_ms(lambda: sort_indexes(recs, idx, key), runs=3)
        print(f"sort by {key:<7} {ms:7.1f} ms ({ms / base:4.1f}x)")
    print(f"peak RSS after load and index: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    async def app_run() -> None:
        from tui.app import ParlreadApp
        from tui.widgets.library import RecordList

        app = ParlreadApp(corpus=corpus)
        t0 = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            while not app.main_screen.query_one(RecordList).view:
                await pilot.pause(0.01)
            print(f"app: records listed {time.perf_counter() - t0:.2f} s after start (corpus preloaded)")
            times = []
            for _ in range(20):
                t1 = time.perf_counter()
                await pilot.press("pagedown")
                times.append(time.perf_counter() - t1)
            print(f"app: page down in the library, median {statistics.median(times) * 1000:.1f} ms per key (incl. render)")
            app.exit()

    asyncio.run(app_run())
    print(f"peak RSS with the app: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
