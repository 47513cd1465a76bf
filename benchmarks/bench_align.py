"""Benchmark: align two ~20,000-word versions with a few hundred edits.

Compares corpus.align.compare (sentence alignment + word diffs) with difflib
(SequenceMatcher over the word lists, the stdlib baseline) and with one
rapidfuzz Indel.opcodes over the whole word lists, in the same run.

Text comes from ../shared/data (Parliament API answers) when present,
else from a fixed-seed synthetic vocabulary.  Run:

    .venv/bin/python benchmarks/bench_align.py
"""

from __future__ import annotations

import difflib
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.align import Options, compare  # noqa: E402
from corpus.model import make_record  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "uk-parl-written-questions" / "commons_wq_dfe_all.jsonl"  # ../shared beside the repository
WORDS = 20_000
EDITS = 300


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


def make_versions(seed: int = 42):
    rng = random.Random(seed)
    pool = source_sentences(rng)
    sents: list[str] = []
    n = 0
    while n < WORDS:
        s = rng.choice(pool)
        sents.append(s)
        n += len(s.split())
    paras_a = [" ".join(sents[i:i + 6]) for i in range(0, len(sents), 6)]
    words_b = [p.split(" ") for p in paras_a]
    for _ in range(EDITS):
        p = rng.randrange(len(words_b))
        ws = words_b[p]
        i = rng.randrange(len(ws))
        op = rng.random()
        if op < 0.4:
            ws[i] = "changed" + ws[i]
        elif op < 0.7:
            ws.insert(i, "inserted")
        elif len(ws) > 1:
            del ws[i]
    paras_b = [" ".join(ws) for ws in words_b]
    # a few moved paragraphs and one reflow (two paragraphs merged)
    for _ in range(5):
        i, j = rng.randrange(len(paras_b)), rng.randrange(len(paras_b))
        paras_b.insert(j, paras_b.pop(i))
    paras_b[10:12] = [" ".join(paras_b[10:12])]
    a = make_record([("body", p) for p in paras_a])
    b = make_record([("body", p) for p in paras_b])
    return a, b


CPU: dict[str, float] = {}


def timed(fn, repeat: int, name: str = "") -> tuple[float, object]:
    """Median wall time (and median CPU time, kept in CPU[name])."""
    times, cpus, out = [], [], None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    CPU[name] = statistics.median(cpus)
    return statistics.median(times), out


def main() -> None:
    from rapidfuzz.distance import Indel

    a, b = make_versions()
    wa, wb = a.text.split(), b.text.split()
    print(f"text: {'Parliament API answers' if DATA.exists() else 'synthetic'}; "
          f"A {len(wa)} words, B {len(wb)} words, {EDITS} word edits + 5 moved paragraphs + 1 reflow")
    compare(a, b)  # warm-up (imports)
    t_cmp, cmp = timed(lambda: compare(a, b), 7, "cmp")
    t_all, _ = timed(lambda: compare(a, b, Options(True, True, True)), 7, "all")
    t_difflib, _ = timed(lambda: difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes(), 1, "difflib")
    t_indel, _ = timed(lambda: Indel.opcodes(wa, wb), 3, "indel")
    print(f"parlread compare (no options)      median {t_cmp * 1000:8.1f} ms  rows {len(cmp.rows)}  "
          f"counts {cmp.summary['counts']}")
    print(f"parlread compare (all options)     median {t_all * 1000:8.1f} ms")
    print(f"difflib SequenceMatcher on words          {t_difflib * 1000:8.1f} ms  "
          f"(parlread is {t_difflib / t_cmp:.0f}x faster)")
    print(f"rapidfuzz Indel.opcodes on all words median {t_indel * 1000:6.1f} ms (no sentence rows, no moves)")
    print("CPU time (less affected by other processes): " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in CPU.items())
          + f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
