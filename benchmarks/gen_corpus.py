"""Generate a large corpus (default 100,000 records) for load benchmarks.

From the real API data in ../shared/data when present: the written-question
results are re-issued with new ids (so every record is distinct) and their
answer paragraphs rotated, written as JSON Lines files of 1,000 records.
Without ../shared, synthetic questions are made from a fixed vocabulary.
Deterministic: the same --seed gives the same files.

Usage: .venv/bin/python benchmarks/gen_corpus.py OUT_DIR [--records 100000] [--per-file 1000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "uk-parl-written-questions"  # ../shared beside the repository


def real_items() -> list[dict]:
    items: list[dict] = []
    if not SHARED.is_dir():
        return items
    for p in sorted(SHARED.glob("*.json")):
        items += json.loads(p.read_text("utf-8"))
    for p in sorted(SHARED.glob("*.jsonl")):
        items += [json.loads(l) for l in p.read_text("utf-8").splitlines() if l.strip()]
    by_id: dict = {}
    for i in items:  # one item per question id (later files hold the fuller copies)
        if isinstance(i, dict) and isinstance(i.get("value"), dict):
            by_id[i["value"].get("id")] = i
    return list(by_id.values())


WORDS = (
    "department children social care local authority support families foster placement funding "
    "statutory guidance review data published number year england council school education health "
    "minister government policy assessment framework services young people outcomes strategy kinship "
    "adoption safeguarding practice national workforce investment million pounds programme reform"
).split()


def synthetic(rng: random.Random, i: int) -> dict:
    def sentence(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    q = "To ask the Secretary of State for Education, " + sentence(rng.randint(15, 40))
    paras = ["<p>" + " ".join(sentence(rng.randint(8, 25)) for _ in range(rng.randint(1, 5))) + "</p>" for _ in range(rng.randint(1, 6))]
    return {"value": {
        "id": 50_000_000 + i, "askingMemberId": rng.randint(1, 5000), "askingMember": None, "house": "Commons",
        "dateTabled": f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T00:00:00",
        "uin": str(rng.randint(1, 99999)), "questionText": q, "answeringBodyName": "Department for Education",
        "isWithdrawn": False, "groupedQuestions": [], "answeringMemberId": rng.randint(1, 5000), "answeringMember": None,
        "dateAnswered": None, "answerText": "".join(paras), "heading": " ".join(rng.choice(WORDS) for _ in range(3)).title(),
    }}


def generate(out: Path, records: int = 100_000, per_file: int = 1000, seed: int = 1) -> int:
    rng = random.Random(seed)
    base = real_items()
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    fileno = 0
    while n < records:
        lines = []
        for _ in range(min(per_file, records - n)):
            if base:
                src = base[n % len(base)]
                cycle = n // len(base)
                v = dict(src["value"])
                v["id"] = int(v["id"]) + cycle * 10_000_000
                if cycle and isinstance(v.get("answerText"), str) and "</p>" in v["answerText"]:
                    parts = [p + "</p>" for p in v["answerText"].split("</p>") if p.strip()]
                    k = rng.randrange(len(parts)) if parts else 0
                    v["answerText"] = "".join(parts[k:] + parts[:k])
                item = {"value": v, "links": src.get("links", [])}
                if "_provenance" in src:
                    item["_provenance"] = src["_provenance"]
            else:
                item = synthetic(rng, n)
            lines.append(json.dumps(item, ensure_ascii=False))
            n += 1
        (out / f"part-{fileno:04d}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
        fileno += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--per-file", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    n = generate(a.out, a.records, a.per_file, a.seed)
    print(f"wrote {n} records to {a.out} ({'real API data' if SHARED.is_dir() else 'synthetic'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
