"""Save latency of the annotation store at 1k, 10k and 100k annotations,
against plain tinydb (default JSONStorage) measured in the same run.

    .venv/bin/python benchmarks/bench_annotations.py [--sizes 1000,10000,100000] [--saves 200]

Each store is pre-filled (shard files written directly, same format), then
``AnnotationStore.add`` is timed for ``--saves`` new annotations on random
records: every save is durable (fsync of the file and of the directory).
Plain tinydb is measured at 1k and 10k only (each insert rewrites the whole
file); its 100k figure is a linear extrapolation and is marked as such.
Synthetic records from a fixed seed.  Reports medians (p50) and p95.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotations import AnnotationStore  # noqa: E402
from annotations.store import TABLE, shard_name  # noqa: E402
from corpus.model import make_record  # noqa: E402

WORDS = ("minister department funding housing schools policy review statement answer committee local "
         "authority children care support reform investment members house government plan").split()


def make_records(n: int, rng: random.Random):
    recs = []
    for i in range(n):
        paras = [("body", " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))) + ".") for _ in range(4)]
        recs.append(make_record(paras, natural_key=f"bench-{i}", title=f"Record {i}"))
    return recs


def doc_for(store: AnnotationStore, rec, rng: random.Random) -> dict:
    """The stored object add() would write (built without writing)."""
    p = rng.choice(rec.passages)
    s = rng.randrange(0, len(p.text) - 30)
    a = store._make_doc(rec, p, (s, s + rng.randint(10, 30)), [rng.choice(WORDS)], "a note " * rng.randint(1, 10))
    return a


def prefill(store: AnnotationStore, recs, n: int, rng: random.Random) -> None:
    shards: dict[str, dict] = {}
    for i in range(n):
        rec = recs[i % len(recs)]
        d = doc_for(store, rec, rng)
        shards.setdefault(shard_name(rec.id), {})[str(uuid.UUID(d["id"]).int >> 70)] = d
    for name, docs in shards.items():
        (store.shard_dir / f"{name}.json").write_text(json.dumps({TABLE: docs}), encoding="utf-8")
    os.sync()


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def bench_ours(n: int, saves: int, rng: random.Random, base: Path) -> tuple[float, float, float]:
    recs = make_records(max(50, n // 10), rng)  # ~10 annotations per record
    store = AnnotationStore.open(base / f"ours-{n}", author="bench")
    prefill(store, recs, n, rng)
    sizes = sorted(p.stat().st_size for p in store.shard_dir.glob("*.json"))
    floor_dir = base / f"floor-{n}"
    floor_dir.mkdir()
    data = os.urandom(sizes[len(sizes) // 2])
    times, floor = [], []
    for _ in range(saves):
        rec = rng.choice(recs)
        p = rng.choice(rec.passages)
        t = time.perf_counter()
        store.add(rec, p, tags=["bench"], note="timed", span=(0, 20))
        times.append((time.perf_counter() - t) * 1000)
        floor.append(durable_replace(floor_dir, data))  # interleaved: same disk load
    return statistics.median(times), pct(times, 0.95), statistics.median(floor)


def durable_replace(d: Path, data: bytes) -> float:
    """ms for the bare minimum a durable replace costs on this disk: write a
    temp file, fsync, rename, fsync the directory."""
    t = time.perf_counter()
    tmp = d / ".t"
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, d / "f")
    fd = os.open(d, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)
    return (time.perf_counter() - t) * 1000


def bench_plain(n: int, saves: int, rng: random.Random, base: Path) -> tuple[float, float]:
    from tinydb import TinyDB

    recs = make_records(max(50, n // 10), rng)
    helper = AnnotationStore(base / "helper", author="bench")
    db = TinyDB(base / f"plain-{n}.json")
    db.table(TABLE).insert_multiple(doc_for(helper, recs[i % len(recs)], rng) for i in range(n))
    times = []
    for _ in range(saves):
        d = doc_for(helper, rng.choice(recs), rng)
        t = time.perf_counter()
        db.table(TABLE).insert(d)
        times.append((time.perf_counter() - t) * 1000)
    db.close()
    return statistics.median(times), pct(times, 0.95)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--saves", type=int, default=200)
    ap.add_argument("--plain-saves", type=int, default=20)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    base = Path(tempfile.mkdtemp(prefix="parlread-bench-"))
    rows = []
    plain: dict[int, tuple[float, float]] = {}
    try:
        for n in sizes:
            rng = random.Random(n)
            ours = bench_ours(n, args.saves, rng, base)
            if n <= 10000:
                plain[n] = bench_plain(n, args.plain_saves, random.Random(n), base)
                pl, note = plain[n], "measured"
            elif 1000 in plain and 10000 in plain:
                (a50, a95), (b50, b95) = plain[1000], plain[10000]
                k50, k95 = (b50 - a50) / 9000, (b95 - a95) / 9000
                pl, note = (b50 + k50 * (n - 10000), b95 + k95 * (n - 10000)), "extrapolated (linear from 1k/10k)"
            else:
                pl, note = (float("nan"), float("nan")), "not measured"
            rows.append((n, ours, pl, note))
            print(f"  {n}: ours p50/p95/floor {ours[0]:.2f}/{ours[1]:.2f}/{ours[2]:.2f} ms; tinydb {pl[0]:.1f}/{pl[1]:.1f} ms ({note})", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"{'annotations':>11}  {'ours p50':>9}  {'ours p95':>9}  {'fsync floor':>11}  {'tinydb p50':>10}  {'tinydb p95':>10}  {'p50 ratio':>9}  tinydb figure")
    for n, (o50, o95, floor), (p50, p95), note in rows:
        print(f"{n:>11}  {o50:>7.2f}ms  {o95:>7.2f}ms  {floor:>9.2f}ms  {p50:>8.1f}ms  {p95:>8.1f}ms  {p50 / o50:>8.1f}x  {note}")
    print(f"(every save durable: temp file + fsync + rename + directory fsync; {args.saves} saves per size;")
    print(" 'fsync floor' = median of a bare durable replace of a median-sized shard file, interleaved with the saves)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
