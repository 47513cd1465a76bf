"""Time to open the notes list (key A) and to regroup it by tag (o), headless.

    .venv/bin/python benchmarks/bench_notes_list.py [--sizes 1000,10000] [--runs 3]

A real annotation store is built in a temp dir (shard files written directly,
in the store's own format, from a fixed seed: 1-3 tags out of 40, a note on
two in three) over 1,000 synthetic records, then the app is driven with
``App.run_test`` (100x30): the time from pressing ``A`` until the list holds
its rows and a frame has been drawn, and the same for ``o`` (by record -> by
tag).  When the rows are built in a worker the clock runs until the worker
has finished, so the figure is the full wait, not just the first paint
("Loading N notes…"), which is reported separately.  Medians over ``--runs``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotations import AnnotationStore  # noqa: E402
from annotations.store import TABLE, shard_name  # noqa: E402
from corpus.corpus import Corpus  # noqa: E402
from corpus.model import make_record  # noqa: E402

WORDS = ("minister department funding housing schools policy review statement answer committee local "
         "authority children care support reform investment members house government plan").split()
TAGS = [f"{w}-{i}" for i, w in enumerate(WORDS * 2)][:40]


def make_records(n: int, rng: random.Random):
    recs = []
    for i in range(n):
        paras = [("body", " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))) + ".") for _ in range(4)]
        recs.append(make_record(paras, natural_key=f"bench-{i}", title=f"Record {i} on {rng.choice(WORDS)}",
                                date_asked=f"202{rng.randint(0, 5)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"))
    return recs


def build_store(path: Path, recs, n: int, rng: random.Random) -> None:
    store = AnnotationStore.open(path, author="bench")
    shards: dict[str, dict] = {}
    for i in range(n):
        rec = recs[i % len(recs)]
        p = rng.choice(rec.passages)
        s = rng.randrange(0, len(p.text) - 40)
        tags = rng.sample(TAGS, rng.randint(1, 3))
        note = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 25))) if rng.random() < 0.67 else None
        d = store._make_doc(rec, p, (s, s + rng.randint(10, 40)), tags, note)
        shards.setdefault(shard_name(rec.id), {})[str(uuid.UUID(d["id"]).int >> 70)] = d
    for name, docs in shards.items():
        (store.shard_dir / f"{name}.json").write_text(json.dumps({TABLE: docs}), encoding="utf-8")


async def _until(pilot, screen, group: str, timeout: float = 120.0) -> None:
    """Wait until the notes screen shows its rows for ``group`` (and is not loading)."""
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if screen.group == group and screen.rows and not getattr(screen, "loading_rows", False):
            await pilot.pause()  # one more frame: the rows are on screen
            return
        await asyncio.sleep(0.002)
    raise TimeoutError("the notes list never filled")


async def one_run(recs, store_dir: Path) -> tuple[float, float, float]:
    from tui.screens.notes import NotesScreen
    from tui.app import ParlreadApp

    app = ParlreadApp(corpus=Corpus(recs), store_dir=store_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        t0 = time.perf_counter()
        await pilot.press("A")
        screen = app.screen
        assert isinstance(screen, NotesScreen), screen
        first_paint = time.perf_counter() - t0  # press() returns after the screen is up and idle
        await _until(pilot, screen, "record")
        t_open = time.perf_counter() - t0
        t0 = time.perf_counter()
        await pilot.press("o")
        await _until(pilot, screen, "tag")
        t_tag = time.perf_counter() - t0
        await pilot.press("escape")
    return first_paint, t_open, t_tag


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(20261123)
    recs = make_records(1000, rng)
    print(f"notes list open time, headless 100x30, medians of {args.runs} runs (1,000 records)")
    print(f"{'annotations':>12} {'first paint':>12} {'open (rows)':>12} {'o: by tag':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(s) for s in args.sizes.split(",")]:
            store_dir = Path(tmp) / f"store-{n}"
            build_store(store_dir, recs, n, random.Random(n))
            runs = [asyncio.run(one_run(recs, store_dir)) for _ in range(args.runs)]
            med = [statistics.median(r[i] for r in runs) * 1000 for i in range(3)]
            print(f"{n:>12,} {med[0]:>10.0f}ms {med[1]:>10.0f}ms {med[2]:>10.0f}ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
