"""Benchmark: collate 10 witnesses of ~5,000 words (word edits, moved paragraphs, a dropped and an added paragraph, a reflow).

Prints the median time of ``corpus.collate.collate`` for k = 2..10 witnesses
(to see that it grows about linearly in k), and the ratio to k-1 pairwise
``corpus.align.compare`` calls (each witness against the first) in the same
run.  Text comes from ../shared/data (Parliament API answers, found relative
to this repository) when present, else from a fixed-seed synthetic vocabulary.

    .venv/bin/python benchmarks/bench_collate.py
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus.align import compare  # noqa: E402
from corpus.collate import collate  # noqa: E402
from corpus.model import make_record  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "uk-parl-written-questions" / "commons_wq_dfe_all.jsonl"
WORDS = 5_000
K = 10
EDITS = 60  # word edits per witness
REPEAT = 7


def source_sentences(rng: random.Random) -> list[str]:
    if DATA.exists():
        sents: list[str] = []
        with DATA.open(encoding="utf-8") as fh:
            for line in fh:
                v = json.loads(line)["value"]
                text = re.sub(r"<[^>]+>", " ", v.get("answerText") or "")
                sents += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 5]
        return sents
    vocab = [f"word{i}" for i in range(3000)]
    return [" ".join(rng.choice(vocab) for _ in range(rng.randint(8, 30))).capitalize() + "." for _ in range(5000)]


def make_witnesses(k: int = K, seed: int = 14):
    rng = random.Random(seed)
    pool = source_sentences(rng)
    sents: list[str] = []
    n = 0
    while n < WORDS:
        s = rng.choice(pool)
        sents.append(s)
        n += len(s.split())
    base = [" ".join(sents[i:i + 5]) for i in range(0, len(sents), 5)]
    out = [make_record([("body", p) for p in base], natural_key="w0")]
    for w in range(1, k):
        words = [p.split(" ") for p in base]
        for _ in range(EDITS):
            ws = words[rng.randrange(len(words))]
            i = rng.randrange(len(ws))
            op = rng.random()
            if op < 0.4:
                ws[i] = "changed" + ws[i]
            elif op < 0.7:
                ws.insert(i, "inserted")
            elif len(ws) > 1:
                del ws[i]
        paras = [" ".join(ws) for ws in words]
        for _ in range(2):  # moved paragraphs
            i, j = rng.randrange(len(paras)), rng.randrange(len(paras))
            paras.insert(j, paras.pop(i))
        del paras[rng.randrange(len(paras))]  # a dropped paragraph
        paras.insert(rng.randrange(len(paras)), " ".join(rng.choice(pool) for _ in range(3)))  # an added one
        if w == k // 2:  # one witness reflowed: every two paragraphs made one
            paras = [" ".join(paras[i:i + 2]) for i in range(0, len(paras), 2)]
        out.append(make_record([("body", p) for p in paras], natural_key=f"w{w}"))
    return out


def median_time(fn, repeat: int = REPEAT) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    ws = make_witnesses()
    print(f"text: {'Parliament API answers' if DATA.exists() else 'synthetic'}; {K} witnesses of "
          f"{min(len(w.text.split()) for w in ws)}-{max(len(w.text.split()) for w in ws)} words; each: "
          f"{EDITS} word edits, 2 moved paragraphs, 1 dropped, 1 added; witness {K // 2} reflowed")
    collate(ws[:2])  # warm-up (imports)
    per_k = {}
    for k in range(2, K + 1):
        per_k[k] = median_time(lambda: collate(ws[:k]), REPEAT if k in (2, K) else 3)
    t_pairs = median_time(lambda: [compare(ws[0], w) for w in ws[1:]])
    col = collate(ws)
    c = col.summary()["counts"]
    print(f"collate {K} witnesses: median {per_k[K][0] * 1000:7.1f} ms (CPU {per_k[K][1] * 1000:.0f} ms)  "
          f"rows {len(col.rows)}  counts {c}   [target <= 300 ms]")
    print(f"{K - 1} pairwise compare calls: median {t_pairs[0] * 1000:7.1f} ms (CPU {t_pairs[1] * 1000:.0f} ms)  "
          f"-> collate / pairwise = {per_k[K][0] / t_pairs[0]:.2f}")
    print("k, median wall and CPU ms, CPU ms per added witness (about flat when time is linear in k):")
    for k, (wall, cpu) in per_k.items():
        print(f"  k={k:2d}  wall {wall * 1000:7.1f} ms  CPU {cpu * 1000:7.1f} ms  {cpu * 1000 / (k - 1):6.1f} ms/witness")
    ks = list(per_k)
    print(f"CPU time k={ks[-1]} / k={ks[0]}: {per_k[ks[-1]][1] / per_k[ks[0]][1]:.1f}x for {ks[-1] - 1}x the witnesses")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (machine shared: figures are noisy)")


if __name__ == "__main__":
    main()
