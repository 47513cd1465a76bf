"""Record extraction on the layout fixtures: fields right / stated, records split right, furniture kept; parse speed.

Accuracy is scored against ``tests/fixtures/layouts/*.expected.json`` (ground truth from the
shared data): a *stated* field is a metadata field the expected record gives a value; it is
*right* when the parsed record has exactly that value.  *Invented* counts values the parser
set where the page states none.  A page is *split right* when it yields exactly the expected
number of records.  *Furniture kept* counts the fixtures' furniture lines found in passage text.

Baseline, in the same run: the plain-text parser as it was before the extractor (read with
``git show <rev>:corpus/formats/plaintext.py``; text fixtures only), when git has it.

Speed: pages of about 2 KB (the fixtures and the bundled samples found in ../shared relative to
the repository, cut at a line boundary), parsed --repeat times; medians, by the wall clock and per
CPU-second.  The extractor memoises line classification across pages (bounded); since the bench
cycles a few distinct pages, it empties the memos at the start of every batch of the distinct pages
("batches": only lines that really recur on different pages are found again) and also reports the
"cold" worst case (memos emptied before every page).  The machine is shared by several engineers:
figures are noisy, compare the ratio more than the absolute number.

``--against REV`` also times the extractor of another revision (its ``corpus/`` read with ``git archive`` into a
temporary directory) on the same pages, each tree in its own process, interleaved, so that a speed change is
measured before/after in one run under the same load.

Usage: .venv/bin/python benchmarks/bench_layouts.py [--repeat 5] [--pages 4000] [--only SUBSTRING] [--baseline REV] [--against REV]
       [--memos batch|cold]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures" / "layouts"
SHARED = ROOT.parent / "shared"

from corpus import formats  # noqa: E402
from corpus.loader import read_source  # noqa: E402
from corpus.model import METADATA_FIELDS  # noqa: E402
from corpus.source import Source  # noqa: E402


def fixture_pages(only: str | None) -> list[tuple[Path, dict]]:
    out = []
    for p in sorted(FIXTURES.iterdir()):
        if p.suffix not in (".txt", ".html"):
            continue
        exp = FIXTURES / (p.name.rsplit(".", 1)[0] + ".expected.json")
        if exp.exists() and (only is None or only in p.name):
            out.append((p, json.loads(exp.read_text("utf-8"))))
    return out


def score(records, exp: dict) -> dict:
    s = {"stated": 0, "right": 0, "invented": 0, "records": len(exp["records"]), "got_records": len(records),
         "furniture": len(exp["furniture"]), "furniture_kept": 0}
    for r, e in zip(records, exp["records"]):
        for f in METADATA_FIELDS:
            want = e["fields"].get(f)
            got = getattr(r, f)
            if want is not None:
                s["stated"] += 1
                s["right"] += got == want
            elif got is not None:
                s["invented"] += 1
    for e in exp["records"][len(records):]:
        s["stated"] += sum(1 for v in e["fields"].values() if v is not None)
    text = "\n".join(p.text for r in records for p in r.passages)
    s["furniture_kept"] = sum(1 for line in exp["furniture"] if line in text)
    return s


def old_parser(rev: str) -> types.ModuleType | None:
    try:
        code = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:corpus/formats/plaintext.py"], capture_output=True,
                              text=True, check=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    if "corpus.extract" in code:
        return None  # that revision already has the extractor
    mod = types.ModuleType("plaintext_before_extractor")
    exec(compile(code, "plaintext_before_extractor.py", "exec"), mod.__dict__)
    return mod


def parse_new(p: Path):
    src, _ = read_source(p)
    assert src is not None
    return formats.parse(src)[1]


def report(name: str, rows: list[tuple[str, dict]]) -> None:
    tot = {k: sum(s[k] for _, s in rows) for k in ("stated", "right", "invented", "furniture", "furniture_kept")}
    split = sum(1 for _, s in rows if s["got_records"] == s["records"])
    multi = [(n, s) for n, s in rows if s["records"] > 1]
    multi_split = sum(1 for _, s in multi if s["got_records"] == s["records"])
    pct = 100 * tot["right"] / max(tot["stated"], 1)
    print(f"{name}: fields right {tot['right']}/{tot['stated']} ({pct:.1f}%), invented {tot['invented']}; "
          f"records split right on {split}/{len(rows)} pages ({multi_split}/{len(multi)} multi-record); "
          f"furniture lines kept {tot['furniture_kept']}/{tot['furniture']}")


def pages_2k(paths: list[Path]) -> list[str]:
    texts = [p.read_text("utf-8") for p in paths if p.suffix == ".txt"]
    samples = SHARED / "corpus-samples"
    if samples.is_dir():
        texts += [p.read_text("utf-8") for p in sorted(samples.glob("*.txt"))]
    out = []
    for t in texts:
        if len(t.encode()) < 2048:
            continue  # only pages of at least 2 KB, cut to about 2 KB at a line boundary
        head = t.encode()[:2048].decode("utf-8", "ignore")
        before, after = head.rfind("\n"), t.find("\n", len(head))
        end = before if after == -1 or len(head) - before <= after - len(head) else after
        cut = t[: end + 1]
        out.append(cut)
    return out


def speed(parse, pages: list[str], n: int, repeat: int, label: str = "", forget=None, every: int = 0) -> tuple[float, float]:
    """Median pages/s by the wall clock and by this process's CPU time (less hurt by other users' load).

    ``forget`` (the extractor's ``clear_memos``) is called before every ``every``-th page: every=1 makes each page
    new to the line memos (the worst case); every=len(pages) makes each batch of distinct pages start with empty
    memos, so the only lines found in them are lines that really recur on different pages."""
    srcs = [pages[i % len(pages)] for i in range(n)]
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for i, text in enumerate(srcs):
            if forget is not None and i % every == 0:
                forget()
            parse(Source("page.txt", b"", text, "utf-8", []))
        wall.append(time.perf_counter() - t0)
        cpu.append(max(time.process_time() - c0, 1e-9))
    w, c = statistics.median(wall), statistics.median(cpu)
    if label:
        print(f"  {label}: {n} pages in {w:.2f} s wall, {c:.2f} s CPU (medians of {repeat}; {1e6 * c / n:.0f} us CPU per page)")
    return n / w, n / c


_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from corpus.formats import plaintext
from corpus.source import Source
from corpus.extract import segment
forget = getattr(segment, "clear_memos", None)  # trees without a cross-page memo clear per page by themselves
pages, n = json.load(open(sys.argv[2])), int(sys.argv[3])
every = len(pages) if sys.argv[4] == "batch" else 1
srcs = [pages[i % len(pages)] for i in range(n)]
t0, c0 = time.perf_counter(), time.process_time()
for i, t in enumerate(srcs):
    if forget is not None and i % every == 0:
        forget()
    plaintext.parse(Source("page.txt", b"", t, "utf-8", []))
print(json.dumps([time.perf_counter() - t0, time.process_time() - c0]))
"""


def against(rev: str, pages: list[str], n: int, repeat: int, mode: str = "batch") -> None:
    """Time this tree's extractor and REV's on the same pages, one process per run, interleaved; medians."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        try:
            tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "corpus"], capture_output=True, check=True, timeout=60).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=tar, check=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as e:
            print(f"--against {rev}: cannot read that revision ({e})")
            return
        pf = Path(tmp) / "pages.json"
        pf.write_text(json.dumps(pages), "utf-8")
        trees = {f"{rev} (before)": tmp, "this tree (after)": str(ROOT)}
        runs: dict[str, list[tuple[float, float]]] = {k: [] for k in trees}
        for _ in range(repeat):
            for name, tree in trees.items():
                out = subprocess.run([sys.executable, "-c", _CHILD, tree, str(pf), str(n), mode], capture_output=True, text=True,
                                     check=True).stdout
                runs[name].append(tuple(json.loads(out)))
        meds = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
        for name, (w, c) in meds.items():
            print(f"  {name}: {n} pages in {w:.2f} s wall, {c:.2f} s CPU -> {n / w:,.0f} pages/s wall, {n / c:,.0f} pages per CPU-second")
        (bw, bc), (aw, ac) = meds.values()
        print(f"  after/before speed: {bw / aw:.2f}x (wall), {bc / ac:.2f}x (CPU); medians of {repeat} interleaved runs; memos: {mode}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pages", type=int, default=4000)
    ap.add_argument("--only")
    ap.add_argument("--baseline", default="d763e1e")
    ap.add_argument("--against", help="also time the extractor of this git revision on the same pages")
    ap.add_argument("--memos", choices=("batch", "cold"), default="batch", help="--against: memos emptied per batch or per page")
    args = ap.parse_args()
    fx = fixture_pages(args.only)
    rows = [(p.name, score(parse_new(p), e)) for p, e in fx]
    print(f"{len(fx)} fixture pages, {sum(s['records'] for _, s in rows)} expected records")
    for name, s in rows:
        flag = "" if (s["right"] == s["stated"] and s["got_records"] == s["records"] and not s["invented"] and not s["furniture_kept"]) else "  <--"
        print(f"  {name:44} fields {s['right']:3}/{s['stated']:<3} invented {s['invented']} records {s['got_records']}/{s['records']}"
              f" furniture kept {s['furniture_kept']}/{s['furniture']}{flag}")
    report("extractor", rows)
    old = old_parser(args.baseline)
    if old is not None:
        txt = [(p, e) for p, e in fx if p.suffix == ".txt"]
        base = []
        for p, e in txt:
            src, _ = read_source(p)
            base.append((p.name, score(old.parse(src), e)))
        report(f"baseline (plaintext.py at {args.baseline}, {len(txt)} text pages)", base)
        report("extractor on the same text pages", [(n, s) for n, s in rows if n.endswith(".txt")])
    from corpus.extract.segment import clear_memos
    from corpus.formats import plaintext

    pages = pages_2k([p for p, _ in fx])
    kb = statistics.mean(len(t.encode()) for t in pages) / 1024
    print(f"speed on {len(pages)} different pages of {kb:.1f} KB mean, cycled to {args.pages}; medians of {args.repeat}:")
    rate, crate = speed(plaintext.parse, pages, args.pages, args.repeat, "extractor, batches", clear_memos, len(pages))
    print(f"speed: {rate:,.0f} pages/s wall clock, {crate:,.0f} pages per CPU-second (batches of {len(pages)} different pages, "
          f"line memos empty at the start of each batch; target >= 2,000)")
    crate1 = speed(plaintext.parse, pages, args.pages, args.repeat, "extractor, cold", clear_memos, 1)[1]
    print(f"speed, cold (memos emptied before every page, the worst case): {crate1:,.0f} pages per CPU-second")
    if old is not None:
        brate, bcrate = speed(old.parse, pages, args.pages, args.repeat, "baseline")
        print(f"baseline speed: {brate:,.0f} pages/s wall, {bcrate:,.0f} per CPU-second; "
              f"extractor/baseline = {rate / brate:.2f} (wall), {crate / bcrate:.2f} (CPU)")
    if args.against:
        against(args.against, pages, args.pages, args.repeat, args.memos)
    print("(shared 2-core machine: timings are noisy)")


if __name__ == "__main__":
    main()
