"""SIGKILL trials per write path, and a 4-process contention run.

    .venv/bin/python benchmarks/bench_faults.py              # 200 trials per path
    .venv/bin/python benchmarks/bench_faults.py --trials 1000
    .venv/bin/python benchmarks/bench_faults.py --paths tag,untag --trials 50

Each trial: a fresh store (and library), a forked child that repeats one
write path as fast as it can and reports each acknowledged write (the call
returned) on a pipe, killed with SIGKILL after a random 0-40 ms (up to 400 ms for the slow
paths: re-anchoring, bulk renames, imports).  Then the
store is reopened and checked:

* lost      — acknowledged effects that are not on disk (a tag that is not
              there, a deleted/untagged one that came back, an import entry
              missing …);
* corrupt   — files the reopened store (or the library manifest) reports
              as damaged, or any problem line at all;
* stray-tmp — temporary files of interrupted writes left by the kill (and
              after reopening, which removes those of dead processes).

The contention run: 4 processes at once, each doing a mix of every write
path on the SAME passages; prints lost / resurrected / duplicate counts and
throughput.  The machine is shared (2 cores, other engineers' jobs): times
are noisy, the counts are not.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotations import AnnotationStore, StoreError  # noqa: E402
from annotations.export import export_w3c, import_w3c  # noqa: E402
from corpus.atomic import is_temp_name  # noqa: E402
from corpus.corpus import Corpus  # noqa: E402
from corpus.library import MANIFEST, clean_library, files_dir, import_sources  # noqa: E402
from corpus.model import make_record  # noqa: E402

TEXT = [
    ("body", "The department will publish the children's social care implementation strategy in the spring."),
    ("body", "Local authorities will receive additional funding for kinship carers from April."),
    ("body", "Regional care cooperatives will be piloted in two areas before national roll-out."),
]


def records(n: int = 4, changed: bool = False) -> list:
    out = []
    for i in range(n):
        paras = [(k, t + (" It was revised." if changed else "") + f" Record {i}.") for k, t in TEXT]
        out.append(make_record(paras, natural_key=f"bench-{i}", source_file=f"/bench/r{i}.txt"))
    return out


RECS = records()
CHANGED = records(changed=True)


# ---------------------------------------------------------------- paths
# setup(dir) -> ctx (json-able); child(dir, ctx, ack) loops forever;
# verify(dir, ctx, acks) -> number of acknowledged effects missing.
def _store(d: Path) -> AnnotationStore:
    return AnnotationStore.open(d / "store", author="bench")


def setup_none(d):
    return {}


def child_note(d, ctx, ack):
    s = _store(d)
    for i in range(10**9):
        r = RECS[i % len(RECS)]
        a = s.add(r, r.passages[i % 3], note=f"note {i}")
        ack(a.id)


def verify_note(d, ctx, acks):
    s = _store(d)
    return sum(1 for i in acks if s.get(i) is None)


def child_tag(d, ctx, ack):
    s = _store(d)
    r = RECS[0]
    for i in range(10**9):
        s.tag_passage(r, r.passages[0], add=[f"t{i}"])
        ack(f"t{i}")


def verify_tag(d, ctx, acks):
    s = _store(d)
    anns = [a for a in s.for_passage(RECS[0].passages[0].id) if a.whole_passage]
    have = {t for a in anns for t in a.tags}
    return sum(1 for t in acks if t not in have) + max(0, len(anns) - 1)  # a duplicate counts as lost


def setup_untag(d):
    s = _store(d)
    r = RECS[0]
    s.tag_passage(r, r.passages[0], add=[f"u{i}" for i in range(60)] + ["keep"])
    return {}


def child_untag(d, ctx, ack):
    s = _store(d)
    for i in range(60):
        s.untag_passage(RECS[0].passages[0].id, [f"u{i}"])
        ack(f"u{i}")


def verify_untag(d, ctx, acks):
    s = _store(d)
    have = {t for a in s.for_passage(RECS[0].passages[0].id) for t in a.tags}
    return sum(1 for t in acks if t in have) + (0 if "keep" in have else 1)


def setup_one(d):
    s = _store(d)
    return {"id": s.add(RECS[1], RECS[1].passages[1], note="v-1").id}


def child_edit(d, ctx, ack):
    s = _store(d)
    for i in range(10**9):
        s.update(ctx["id"], note=f"v{i}", add_tags=[f"e{i}"])
        ack(str(i))


def verify_edit(d, ctx, acks):
    a = _store(d).get(ctx["id"])
    if a is None:
        return len(acks) or 1
    last = int(acks[-1]) if acks else -1
    v = int(a.note[1:])
    return int(v < last) + sum(1 for i in acks if f"e{i}" not in a.tags)


def setup_many(d):
    s = _store(d)
    return {"ids": [s.add(RECS[i % 4], RECS[i % 4].passages[i % 3], tags=["x"], note=f"n{i}").id for i in range(40)]}


def child_delete(d, ctx, ack):
    s = _store(d)
    for i in ctx["ids"]:
        s.delete(i)
        ack(i)


def verify_delete(d, ctx, acks):
    s = _store(d)
    return sum(1 for i in acks if s.get(i) is not None)


def _reattach_target(i: int):
    r = RECS[(i % 3) + 1]
    return r, r.passages[(i // 3) % 3]


def child_reattach(d, ctx, ack):
    s = _store(d)
    for i in range(10**9):
        r, p = _reattach_target(i)
        s.reattach(ctx["id"], r, p)
        ack(str(i))


def verify_reattach(d, ctx, acks):
    s = _store(d)
    a = s.get(ctx["id"])
    copies = sum(1 for x in s.all() if x.id == ctx["id"])
    if a is None:
        return 1
    bad = int(copies != 1)
    if acks:
        i = int(acks[-1])
        ok = {_reattach_target(i)[1].id, _reattach_target(i + 1)[1].id}  # the next one may have landed
        bad += int(a.passage_id not in ok)
    return bad


def child_rename(d, ctx, ack):
    s = _store(d)
    for i in range(10**9):
        old, new = ("x", "y") if i % 2 == 0 else ("y", "x")
        s.rename_tag(old, new)
        ack(new)


def verify_rename(d, ctx, acks):
    s = _store(d)
    tags = s.tags()
    if sum(tags.values()) != 40:
        return 40 - sum(tags.values()) or 1
    if acks and tags.get(acks[-1], 0) + tags.get({"x": "y", "y": "x"}[acks[-1]], 0) != 40:
        return 1
    return 0


def child_undo(d, ctx, ack):
    s = _store(d)
    for i in range(10**9):
        a = s.add(RECS[2], RECS[2].passages[0], tags=[f"z{i}"])
        s.undo()
        ack(a.id)


def verify_undo(d, ctx, acks):
    s = _store(d)
    return sum(1 for i in acks if s.get(i) is not None)


def child_reanchor(d, ctx, ack):
    s = _store(d)
    corp = [Corpus(CHANGED), Corpus(RECS)]
    for i in range(10**9):
        s.reanchor_all(corp[i % 2])
        ack(str(i % 2))


def verify_reanchor(d, ctx, acks):
    s = _store(d)
    anns = s.all()
    lost = 40 - len(anns)
    if acks:
        want = (CHANGED if acks[-1] == "0" else RECS)
        other = (RECS if acks[-1] == "0" else CHANGED)
        ids = {r.id for r in want} | {r.id for r in other}  # the next run may have landed
        lost += sum(1 for a in anns if a.record_id not in ids)
    lost += sum(1 for a in anns if not a.note or "x" not in a.tags)  # notes/tags never dropped
    return max(lost, 0)


def setup_w3c(d):
    src = AnnotationStore.open(d / "src", author="other")
    for i in range(30):
        src.add(RECS[i % 4], RECS[i % 4].passages[i % 3], tags=[f"w{i}"], note=f"imported {i}")
    (d / "in.json").write_text(export_w3c(src.all()), encoding="utf-8")
    return {"ids": [a.id for a in src.all()]}


def child_w3c(d, ctx, ack):
    s = _store(d)
    text = (d / "in.json").read_text(encoding="utf-8")
    for i in range(10**9):
        import_w3c(s, text)
        ack(str(i))


def verify_w3c(d, ctx, acks):
    s = _store(d)
    anns = s.all()
    ids = [a.id for a in anns]
    dup = len(ids) - len(set(ids))
    if not acks:
        return dup
    return dup + sum(1 for i in ctx["ids"] if i not in set(ids))


def setup_library(d):
    src = d / "src"
    src.mkdir()
    for i in range(12):
        (src / f"q{i}.txt").write_text(f"Question {i}\n\nAnswer about care {i} " * 5, encoding="utf-8")
    return {}


def child_library(d, ctx, ack):
    for i in range(10**9):
        for f in (d / "src").glob("q*.txt"):
            if i:
                f.write_text(f.read_text() + f" rev {i}", encoding="utf-8")
        import_sources([d / "src"], root=d / "lib")
        ack(str(i))


def verify_library(d, ctx, acks):
    if not acks:
        return 0
    man = json.loads((d / "lib" / MANIFEST).read_text())
    have = {v["source"] for v in man.values()}
    lost = sum(1 for f in (d / "src").glob("q*.txt") if str(f.resolve()) not in have)
    lost += sum(1 for k in man if not (files_dir(d / "lib") / k).exists())
    return lost


PATHS = {
    "note": (setup_none, child_note, verify_note),
    "tag": (setup_none, child_tag, verify_tag),
    "untag": (setup_untag, child_untag, verify_untag),
    "edit": (setup_one, child_edit, verify_edit),
    "delete": (setup_many, child_delete, verify_delete),
    "reattach": (setup_one, child_reattach, verify_reattach),
    "rename-tag": (setup_many, child_rename, verify_rename),
    "undo": (setup_none, child_undo, verify_undo),
    "reanchor": (setup_many, child_reanchor, verify_reanchor),
    "w3c-import": (setup_w3c, child_w3c, verify_w3c),
    "library-import": (setup_library, child_library, verify_library),
}


# the slow paths need longer before the kill to ever complete a write
DELAY_SCALE = {"reanchor": 8.0, "rename-tag": 3.0, "delete": 2.0, "library-import": 10.0, "w3c-import": 2.0}


def count_temps(d: Path) -> int:
    n = 0
    for root, _dirs, files in os.walk(d):
        n += sum(1 for f in files if is_temp_name(f))
    return n


def corrupt(d: Path) -> int:
    s = _store(d)
    n = len(s.problems)
    man = d / "lib" / MANIFEST
    if (d / "lib").exists():
        clean_library(d / "lib")  # what the next import does first
    if man.exists():
        try:
            json.loads(man.read_text())
        except ValueError:
            n += 1
    return n


def trial(name: str, rng: random.Random, max_delay: float) -> dict:
    setup, child, verify = PATHS[name]
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp:
        d = Path(tmp)
        ctx = setup(d)
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: write until killed
            os.close(r)
            out = os.fdopen(w, "w", buffering=1)
            try:
                child(d, ctx, lambda token: out.write(token + "\n"))
            except BaseException as exc:  # reported: an error is not a silent pass
                out.write(f"!{type(exc).__name__}: {exc}\n")
            os._exit(0)
        os.close(w)
        time.sleep(rng.uniform(0.0, max_delay * DELAY_SCALE.get(name, 1.0)))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(r) as fh:
            lines = [line.strip() for line in fh if line.endswith("\n")]
        acks = [x for x in lines if not x.startswith("!")]
        errors = [x[1:] for x in lines if x.startswith("!")]
        for e in errors:
            print(f"  {name}: child error: {e}", file=sys.stderr)
        stray = count_temps(d)
        bad = corrupt(d)  # reopening also cleans the dead child's temp files
        try:
            lost = verify(d, ctx, acks)
        except (StoreError, ValueError, KeyError) as exc:
            print(f"  verify failed: {exc}", file=sys.stderr)
            lost = max(len(acks), 1)
        left = count_temps(d)
    return {"acked": len(acks), "lost": lost, "corrupt": bad, "stray": stray, "stray_after_reopen": left, "errors": len(errors)}


# ------------------------------------------------------------ contention
def contention(procs: int = 4, rounds: int = 30) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-contention-") as tmp:
        d = Path(tmp)
        s = _store(d)
        r = RECS[0]
        shared = s.add(r, r.passages[2], note="shared")
        doomed = [s.add(r, r.passages[1], tags=["d"]).id for _ in range(procs * rounds // 3)]
        s.tag_passage(r, r.passages[1], add=[f"rm{w}-{i}" for w in range(procs) for i in range(rounds)])
        t0 = time.perf_counter()
        pids = []
        for w in range(procs):
            pid = os.fork()
            if pid == 0:
                try:
                    st = _store(d)
                    for i in range(rounds):
                        st.tag_passage(r, r.passages[0], add=[f"t{w}-{i}"])  # the first-tag race too
                        st.untag_passage(r.passages[1].id, [f"rm{w}-{i}"])
                        st.update(shared.id, add_tags=[f"e{w}-{i}"])
                        st.add(r, r.passages[2], note=f"n{w}-{i}")
                        k = w * rounds + i
                        if k % 3 == 0 and k // 3 < len(doomed):
                            st.delete(doomed[k // 3])
                        else:
                            try:
                                st.update(doomed[k % len(doomed)], add_tags=[f"late{w}-{i}"])
                            except StoreError:
                                pass  # deleted by another: must fail, never resurrect
                finally:
                    os._exit(0)
            pids.append(pid)
        for pid in pids:
            os.waitpid(pid, 0)
        dt = time.perf_counter() - t0
        s = _store(d)
        whole = [a for a in s.for_passage(r.passages[0].id) if a.whole_passage]
        tags = {t for a in whole for t in a.tags}
        lost = sum(1 for w in range(procs) for i in range(rounds) if f"t{w}-{i}" not in tags)
        lost += sum(1 for w in range(procs) for i in range(rounds) if f"e{w}-{i}" not in s.get(shared.id).tags)
        notes = {a.note for a in s.for_passage(r.passages[2].id)}
        lost += sum(1 for w in range(procs) for i in range(rounds) if f"n{w}-{i}" not in notes)
        left = {t for a in s.for_passage(r.passages[1].id) for t in a.tags}
        resurrected = sum(1 for t in left if t.startswith("rm"))
        resurrected += sum(1 for k in range(procs * rounds) if k % 3 == 0 and k // 3 < len(doomed) and s.get(doomed[k // 3]) is not None)
        return {
            "ops": procs * rounds * 5,
            "seconds": dt,
            "lost": lost,
            "resurrected": resurrected,
            "duplicates": max(0, len(whole) - 1),
            "problems": len(s.problems),
        }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=200, help="SIGKILL trials per write path (default 200)")
    ap.add_argument("--paths", default=",".join(PATHS), help="comma-separated write paths (default: all)")
    ap.add_argument("--max-delay", type=float, default=0.04, help="kill after uniform(0, this) seconds (default 0.04)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--contention-rounds", type=int, default=30)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    names = [n for n in args.paths.split(",") if n]
    print(f"SIGKILL trials: {args.trials} per path, kill after 0-{args.max_delay * 1000:.0f} ms (x2-10 for the slow paths) (shared 2-core machine: times are noisy)")
    print(f"{'path':<16}{'trials':>7}{'acked':>9}{'lost':>6}{'corrupt':>8}{'stray-tmp':>10}{'after-reopen':>13}{'errors':>7}{'s':>7}")
    total = {"acked": 0, "lost": 0, "corrupt": 0, "stray": 0, "stray_after_reopen": 0, "errors": 0}
    for name in names:
        t0 = time.perf_counter()
        agg = {k: 0 for k in total}
        for _ in range(args.trials):
            res = trial(name, rng, args.max_delay)
            for k in agg:
                agg[k] += res[k]
        for k in total:
            total[k] += agg[k]
        print(f"{name:<16}{args.trials:>7}{agg['acked']:>9}{agg['lost']:>6}{agg['corrupt']:>8}{agg['stray']:>10}{agg['stray_after_reopen']:>13}{agg['errors']:>7}{time.perf_counter() - t0:>7.1f}", flush=True)
    print(f"{'total':<16}{args.trials * len(names):>7}{total['acked']:>9}{total['lost']:>6}{total['corrupt']:>8}{total['stray']:>10}{total['stray_after_reopen']:>13}{total['errors']:>7}")
    c = contention(rounds=args.contention_rounds)
    print(
        f"contention: 4 processes x {args.contention_rounds} rounds x 5 write paths on the same passages: "
        f"{c['ops']} ops in {c['seconds']:.1f} s ({c['ops'] / c['seconds']:.0f} ops/s); "
        f"lost {c['lost']}, resurrected {c['resurrected']}, duplicates {c['duplicates']}, problems {c['problems']}"
    )
    return 0 if total["lost"] == total["corrupt"] == total["errors"] == 0 and c["lost"] == c["resurrected"] == c["duplicates"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
