"""Load every file in ../shared/data and print records in vs out per file.

"in" is counted independently of the importers with a simple method:
JSON results (array items / "results" items / JSONL lines); for
TheyWorkForYou XML, written answers = <ques> elements that follow a <reply> or
start a run (a ques run plus its replies is one record), statements = runs of
<speech> under one minor-heading, speeches = <speech> elements with some text.
"out" is what the importer produced for that file alone; "corpus" is what
survives in the merged corpus (duplicates across files and older scrapes
removed).  Usage: .venv/bin/python benchmarks/check_shared_data.py [DATA_DIR]
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PARLREAD_CACHE", "off")

from corpus.loader import load, load_file  # noqa: E402


def count_json(path: Path) -> int:
    text = path.read_text("utf-8")
    try:
        data = json.loads(text)
    except ValueError:
        return sum(1 for line in text.splitlines() if line.strip())
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return len(data["results"])
    return 1


TAG = re.compile(rb"<(ques|reply|speech|minor-heading|major-heading)\b[^>]*>(.*?)</\1>", re.S)


def count_xml(path: Path) -> int:
    data = path.read_bytes()
    kind = "wms" if b"/wms/" in data else "other"
    n = 0
    prev = None
    in_section = False
    for m in TAG.finditer(data):
        tag = m.group(1).decode()
        has_text = re.sub(rb"<[^>]*>|\s", b"", m.group(2)) != b""
        if tag in ("minor-heading", "major-heading"):
            prev, in_section = None, False
            continue
        if tag == "ques" and prev != "ques":
            n += 1
        elif tag == "reply" and prev is None:
            n += 1
        elif tag == "speech" and has_text:
            if kind == "wms":
                if not in_section:
                    n += 1
                    in_section = True
            else:
                n += 1
        prev = tag if tag in ("ques", "reply") else prev
    return n


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data"  # ../shared beside the repository
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".json", ".jsonl", ".xml"))
    corpus = load([root])
    in_corpus = Counter(r.source_file for r in corpus.records)
    tot_in = tot_out = 0
    bad = 0
    print(f"{'file':70} {'in':>5} {'out':>5} {'corpus':>6}")
    for p in files:
        n_in = count_json(p) if p.suffix != ".xml" else count_xml(p)
        recs, warns = load_file(p, use_cache=False)
        flag = "" if n_in == len(recs) else "  <-- MISMATCH"
        bad += bool(flag)
        tot_in += n_in
        tot_out += len(recs)
        print(f"{str(p.relative_to(root)):70} {n_in:5} {len(recs):5} {in_corpus.get(str(p), 0):6}{flag}")
    print(f"{'TOTAL':70} {tot_in:5} {tot_out:5} {len(corpus):6}")
    print(f"files with in != out: {bad}; corpus warnings: {len(corpus.warnings)}")
    for w in corpus.warnings:
        print("  warning:", w)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
