"""Benchmark: corpus-wide version detection on 100,000 generated records.

Records are random word sequences drawn (fixed seed) from the word
frequencies of ../shared/data (Parliament API questions and answers) when
present, else from a synthetic Zipf vocabulary.  Planted versions:

* near-duplicates: a base record with 1–20 % of its words replaced, inserted
  or deleted (1–3 variants per base);
* partial overlaps: a contiguous 40–80 % excerpt of a base record.

Reports wall time of corpus.versions.find_versions, recall of planted pairs
whose exact 5-gram Jaccard is >= 0.6 (target >= 0.95), recall of excerpts,
and precision (share of reported pairs that were planted).  Also times
datasketch MinHash (128 permutations) on 1,000 records for comparison.

    .venv/bin/python benchmarks/bench_versions.py [N]
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.model import make_record  # noqa: E402
from corpus.versions import PART, find_versions, normalise_words  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "uk-parl-written-questions" / "commons_wq_dfe_all.jsonl"  # ../shared beside the repository


def vocabulary(rng: random.Random) -> list[str]:
    if DATA.exists():
        words: list[str] = []
        with DATA.open(encoding="utf-8") as fh:
            for line in fh:
                v = json.loads(line)["value"]
                for k in ("questionText", "answerText"):
                    words += re.sub(r"<[^>]+>", " ", v.get(k) or "").split()
        return words
    base = [f"w{i}" for i in range(20000)]
    weights = [1 / (i + 1) for i in range(len(base))]
    return rng.choices(base, weights, k=500_000)


def shingles(text: str) -> set[tuple[str, ...]]:
    w = normalise_words(text)
    return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / (len(sa | sb) or 1)


def edit(words: list[str], rate: float, rng: random.Random, vocab: list[str]) -> list[str]:
    out = list(words)
    for _ in range(max(1, int(len(words) * rate))):
        i = rng.randrange(len(out))
        r = rng.random()
        if r < 0.5:
            out[i] = rng.choice(vocab)
        elif r < 0.75:
            out.insert(i, rng.choice(vocab))
        elif len(out) > 10:
            del out[i]
    return out


def generate(n: int, seed: int = 7):
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    texts: list[str] = []
    planted: list[tuple[int, int, str]] = []  # (i, j, "dup"|"part")
    n_bases = n // 25
    while len(texts) < n:
        words = rng.choices(vocab, k=rng.randint(30, 300))
        base = len(texts)
        texts.append(" ".join(words))
        if base < n_bases * 25 and base % 25 == 0:  # every 25th record gets versions
            variants = []
            for _ in range(rng.randint(1, 3)):
                variants.append((" ".join(edit(words, rng.uniform(0.01, 0.2), rng, vocab)), "dup"))
            if rng.random() < 0.5 and len(words) >= 60:
                k = int(len(words) * rng.uniform(0.4, 0.8))
                s = rng.randrange(len(words) - k)
                variants.append((" ".join(words[s:s + k]), "part"))
            ids = [base]
            for text, kind in variants:
                if len(texts) >= n:
                    break
                j = len(texts)
                texts.append(text)
                for i in ids:
                    planted.append((i, j, kind if i == base else "dup"))
                ids.append(j)
    order = list(range(len(texts)))
    rng.shuffle(order)  # versions are not next to each other
    return texts, planted, order


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t0 = time.perf_counter()
    texts, planted, order = generate(n)
    records = [make_record([("body", texts[i])], natural_key=f"bench:{i}") for i in order]
    idx_of = {r.id: i for r, i in zip(records, order)}
    t_gen = time.perf_counter() - t0
    words = sum(len(t.split()) for t in texts)
    print(f"{len(records)} records, {words / 1e6:.1f} M words, {len(planted)} planted pairs "
          f"({'real word frequencies' if DATA.exists() else 'synthetic'}; generated in {t_gen:.1f} s)")

    t0 = time.perf_counter()
    c0 = time.process_time()
    stages = []
    groups = find_versions(records, progress=lambda d, t, w: stages.append((time.perf_counter() - t0, w)))
    t_find = time.perf_counter() - t0
    c_find = time.process_time() - c0
    print("stages: " + ", ".join(f"{w or 'done'} @{s:.1f}s" for s, w in stages))
    found = {}
    for g in groups:
        for p in g.pairs:
            i, j = sorted((idx_of[p.a], idx_of[p.b]))
            found[(i, j)] = p
    truth = {}
    for i, j, kind in planted:
        truth[(min(i, j), max(i, j))] = kind
    hi = [(k, kind) for k, kind in truth.items() if kind == "dup" and jaccard(texts[k[0]], texts[k[1]]) >= 0.6]
    parts = [k for k, kind in truth.items() if kind == "part"]
    rec_hi = sum(1 for k, _ in hi if k in found) / (len(hi) or 1)
    rec_part = sum(1 for k in parts if k in found) / (len(parts) or 1)
    as_part = sum(1 for k in parts if k in found and found[k].kind == PART)
    precision = sum(1 for k in found if k in truth) / (len(found) or 1)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"find_versions: {t_find:.1f} s wall, {c_find:.1f} s CPU for {len(records)} records "
          f"({len(groups)} groups, {len(found)} pairs; load average {load:.1f} on {os.cpu_count()} cores)")
    print(f"recall of planted near-duplicates with Jaccard >= 0.6: {rec_hi:.3f} ({len(hi)} pairs)")
    print(f"recall of planted excerpts (40-80 % of a record):      {rec_part:.3f} ({len(parts)} pairs, "
          f"{as_part} classed as part)")
    print(f"precision (reported pairs that were planted):          {precision:.3f}")

    try:
        from datasketch import MinHash

        sample = texts[:1000]
        t0 = time.perf_counter()
        for t in sample:
            m = MinHash(num_perm=128)
            m.update_batch([" ".join(s).encode() for s in shingles(t)])
        per = (time.perf_counter() - t0) / len(sample)
        print(f"datasketch MinHash(128) hashing alone: {per * 1000:.2f} ms/record "
              f"-> ~{per * len(records):.0f} s for {len(records)} records (vs {t_find:.1f} s for everything here)")
    except ImportError:
        pass


if __name__ == "__main__":
    main()
