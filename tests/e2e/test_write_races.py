"""Four real processes at once on every write path: nothing lost, resurrected or duplicated.

Each test starts real ``python`` processes (the way two sessions and a script
meet on one server), lets them all start at the same moment, and checks the
store afterwards.  Bounded: a few seconds each, hard timeouts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotations import AnnotationStore
from annotations.export import export_w3c
from corpus.library import MANIFEST, import_sources
from corpus.model import make_record

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PROCS = 4
ROUNDS = 10

COMMON = r"""
import os, sys, time
sys.path.insert(0, sys.argv[1])
from annotations import AnnotationStore, StoreError
from corpus.corpus import Corpus
from corpus.model import make_record

def recs(changed=False):
    out = []
    for i in range(4):
        paras = [("body", f"Paragraph {j} of record {i} on children's social care reform." + (" Revised." if changed and i == 3 else "")) for j in range(3)]
        out.append(make_record(paras, natural_key=f"race-{i}", source_file=f"/race/r{i}.txt"))
    return out

R = recs()
def wait_for_go(path):
    while not os.path.exists(path):
        time.sleep(0.002)
"""

MIXED = COMMON + r"""
import json
store_dir, go, w, n = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
ctx = json.load(open(sys.argv[6]))
s = AnnotationStore.open(store_dir, author="same-user")  # one user, several sessions
changed = [Corpus(recs(True)), Corpus(R)]
wait_for_go(go)
failed_updates = 0
for i in range(n):
    r0, r1, r2 = R[0], R[1], R[2]
    s.tag_passage(r0, r0.passages[0], add=[f"t{w}-{i}"])            # tag, the first-tag race
    s.untag_passage(r0.passages[1].id, [f"rm{w}-{i}"])               # untag racing tag/untag
    s.update(ctx["shared"], add_tags=[f"e{w}-{i}"])                  # edit one annotation from 4 sides
    a = s.add(r0, r0.passages[2], note=f"n{w}-{i}")                  # note
    s.update(a.id, note=f"n{w}-{i} edited")                          # edit my note
    s.delete(ctx["doomed"][w * n + i])                               # delete ...
    try:                                                             # ... racing an update of another's doomed one
        s.update(ctx["doomed"][((w + 1) % 4) * n + i], add_tags=[f"late{w}-{i}"])
    except StoreError:
        failed_updates += 1                                          # deleted first: must fail, never resurrect
    b = s.add(r1, r1.passages[0], tags=[f"u{w}-{i}"])
    s.undo()                                                         # undo my add (nobody else touched it)
    s.rename_tag(f"old{w}-{i}", f"new{w}-{i}")                       # tag manager rename ...
    s.merge_tags([f"m{w}-{i}"], f"merged{w}")                        # ... merge ...
    s.delete_tag(f"gone{w}-{i}")                                     # ... delete
    s.confirm(ctx["review"][w * n + i])                              # confirm a "review" anchor
    s.update(ctx["review"][((w + 1) % 4) * n + i], add_tags=[f"c{w}-{i}"])
    s.reattach(ctx["mobile"][w], r2, r2.passages[i % 3])             # reattach mine ...
    s.update(ctx["mobile"][(w + 1) % 4], add_tags=[f"r{w}-{i}"])     # ... while others tag it
    if w == 0 and i % 3 == 0:
        s.reanchor_all(changed[(i // 3) % 2])                        # re-anchor everything, concurrently
    s.update(ctx["moving"][i % len(ctx["moving"])], add_tags=[f"y{w}-{i}"])
    if i == n // 2:
        from annotations.export import import_w3c
        rep = import_w3c(s, open(ctx["w3c"][w], encoding="utf-8").read())   # W3C import
print(json.dumps({"failed_updates": failed_updates}), flush=True)
"""


def _run_all(script: str, args_for, tmp_path: Path, timeout: float = 240) -> list[str]:
    go = tmp_path / "go"
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(ROOT), *args_for(w, go)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(PROCS)
    ]
    time.sleep(0.8)  # let them all import and open the store, then start together
    go.write_text("go")
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=timeout)
        assert p.returncode == 0, err[-3000:]
        outs.append(out)
    return outs


def _recs(changed: bool = False):
    out = []
    for i in range(4):
        paras = [("body", f"Paragraph {j} of record {i} on children's social care reform." + (" Revised." if changed and i == 3 else "")) for j in range(3)]
        out.append(make_record(paras, natural_key=f"race-{i}", source_file=f"/race/r{i}.txt"))
    return out


def test_four_processes_every_write_path_mixed(tmp_path):
    R = _recs()
    n = ROUNDS
    sd = tmp_path / "store"
    s = AnnotationStore.open(sd, author="same-user")
    r0, r1, r3 = R[0], R[1], R[3]
    s.tag_passage(r0, r0.passages[1], add=[f"rm{w}-{i}" for w in range(PROCS) for i in range(n)] + ["stays"])
    shared = s.add(r0, r0.passages[2], note="shared note")
    doomed = [s.add(r1, r1.passages[2], tags=["doomed"]).id for _ in range(PROCS * n)]
    s.add(r1, r1.passages[1], tags=[f"old{w}-{i}" for w in range(PROCS) for i in range(n)] + [f"m{w}-{i}" for w in range(PROCS) for i in range(n)])
    s.add(r1, r1.passages[1], span=(0, 9), tags=[f"gone{w}-{i}" for w in range(PROCS) for i in range(n)] + ["kept"])
    mobile = [s.add(r3, r3.passages[0], note=f"mobile {w}").id for w in range(PROCS)]
    moving = [s.add(r3, r3.passages[j % 3], tags=["moving"], note=f"moving {j}").id for j in range(6)]
    # "review" anchors, as an import (or a fuzzy re-anchor) leaves them
    review = []
    for k in range(PROCS * n):
        a = s.add(R[2], R[2].passages[k % 3], note=f"review {k}")
        d = a.to_dict()
        d["anchor"]["status"] = "review"
        d["modified"] = "2999-01-01T00:00:00.000Z"
        assert s.merge_docs([d])[a.id][0] == "updated"
        review.append(a.id)
    # W3C files: the same 6 annotations in every file, plus one of each worker's own
    src = AnnotationStore.open(tmp_path / "src", author="elsewhere")
    common = [src.add(R[2], R[2].passages[j % 3], tags=[f"w3c-{j}"]) for j in range(6)]
    w3c = []
    for w in range(PROCS):
        own = AnnotationStore.open(tmp_path / f"src{w}", author="elsewhere").add(R[1], R[1].passages[0], note=f"own {w}")
        f = tmp_path / f"w3c{w}.json"
        f.write_text(export_w3c(common + [own]), encoding="utf-8")
        w3c.append(str(f))
    ctx = tmp_path / "ctx.json"
    ctx.write_text(json.dumps({"shared": shared.id, "doomed": doomed, "review": review, "mobile": mobile, "moving": moving, "w3c": w3c}))
    before = len(s)

    outs = _run_all(MIXED, lambda w, go: [str(sd), str(go), str(w), str(n), str(ctx)], tmp_path)

    s = AnnotationStore.open(sd, author="same-user")
    assert s.problems == []
    ids = [a.id for a in s.all()]
    assert len(ids) == len(set(ids)), "an annotation is stored twice"
    every = [(w, i) for w in range(PROCS) for i in range(n)]
    # tag + first-tag race: ONE whole-passage annotation carrying all 40 tags
    whole = [a for a in s.for_passage(r0.passages[0].id) if a.whole_passage]
    assert len(whole) == 1, f"{len(whole)} annotations made by the first-tag race"
    assert {f"t{w}-{i}" for w, i in every} <= set(whole[0].tags)
    # untag: every removed tag stays removed, the other one stays
    left = {t for a in s.for_passage(r0.passages[1].id) for t in a.tags}
    assert left == {"stays"}
    # edits of one annotation from 4 sides: nothing lost
    assert {f"e{w}-{i}" for w, i in every} <= set(s.get(shared.id).tags) and s.get(shared.id).note == "shared note"
    # notes and their edits
    notes = {a.note for a in s.for_passage(r0.passages[2].id)}
    assert {f"n{w}-{i} edited" for w, i in every} <= notes
    # delete vs update: every deleted one is gone (no resurrection)
    assert [d for d in doomed if s.get(d) is not None] == []
    # undo of my own add: gone
    assert not [a for a in s.all() if any(t.startswith("u") and "-" in t and t[1].isdigit() for t in a.tags)]
    # rename / merge / delete tag from 4 sides on the same annotations
    tags = s.tags()
    assert not [t for t in tags if t.startswith(("old", "m0", "m1", "m2", "m3", "gone"))]
    assert {f"new{w}-{i}" for w, i in every} <= set(tags)
    assert all(tags.get(f"merged{w}") == 1 for w in range(PROCS)) and tags.get("kept") == 1
    # confirm racing updates: all confirmed (manual) and no tag lost
    for k, rid in enumerate(review):
        a = s.get(rid)
        assert a.status == "manual", (k, a.status)
    assert {f"c{w}-{i}" for w, i in every} <= {t for rid in review for t in s.get(rid).tags}
    # reattach racing tags: one copy each, every tag kept
    for w, mid in enumerate(mobile):
        a = s.get(mid)
        assert a.record_id == R[2].id and a.note == f"mobile {w}"
        assert {f"r{(w - 1) % PROCS}-{i}" for i in range(n)} <= set(a.tags)
    # re-anchoring racing tag edits: every tag kept, notes kept
    assert {f"y{w}-{i}" for w, i in every} <= {t for m in moving for t in s.get(m).tags}
    assert all(s.get(m).note.startswith("moving") and "moving" in s.get(m).tags for m in moving)
    # W3C import from 4 sides: each imported annotation exactly once
    for a in common:
        assert ids.count(a.id) == 1
    imported_own = [a for a in s.all() if (a.note or "").startswith("own ")]
    assert sorted(a.note for a in imported_own) == [f"own {w}" for w in range(PROCS)]
    expected = before - len(doomed) + PROCS * n + 6 + PROCS + 1  # notes, W3C, the first-tag annotation
    assert len(s) == expected
    # every update of an already-deleted annotation failed cleanly (the count is in the output)
    assert all("failed_updates" in json.loads(o.strip().splitlines()[-1]) for o in outs)


FIRST_TAG = COMMON + r"""
import subprocess
store_dir, go, w, n, pid = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
wait_for_go(go)
for i in range(n):
    p = subprocess.run([sys.executable, "-m", "tui.cli", "tag", pid, f"tag-{w}-{i}", "--store", store_dir],
                       capture_output=True, text=True, cwd=sys.argv[1])
    assert p.returncode == 0, p.stderr
"""


def test_first_tag_race_from_the_command_line(tmp_path):
    """`parlread tag SAME_PASSAGE tag-N` from 4 processes on a passage with no annotation yet."""
    from corpus.loader import load

    corpus = load(None)
    passage = corpus.records[0].passages[1]
    sd = tmp_path / "store"
    _run_all(FIRST_TAG, lambda w, go: [str(sd), str(go), str(w), "4", passage.id], tmp_path)
    s = AnnotationStore.open(sd)
    anns = s.for_passage(passage.id)
    assert len(anns) == 1, f"{len(anns)} annotations on the passage (duplicates)"
    assert sorted(anns[0].tags) == sorted(f"tag-{w}-{i}" for w in range(PROCS) for i in range(4))


LIBRARY = COMMON + r"""
from corpus.library import import_sources
lib, go, src = sys.argv[2], sys.argv[3], sys.argv[4]
wait_for_go(go)
rep = import_sources([src], root=__import__("pathlib").Path(lib))
assert len(rep.added) == 12, rep.summary()
"""


def test_concurrent_library_imports_keep_every_manifest_entry(tmp_path):
    lib = tmp_path / "lib"
    for w in range(PROCS):
        d = tmp_path / f"src{w}"
        d.mkdir()
        for i in range(12):
            (d / f"q{i}.txt").write_text(f"Question {w}-{i} on kinship care\n\nAnswer {w}-{i}: funding is confirmed.\n", encoding="utf-8")
    _run_all(LIBRARY, lambda w, go: [str(lib), str(go), str(tmp_path / f"src{w}")], tmp_path)
    manifest = json.loads((lib / MANIFEST).read_text())
    assert len(manifest) == PROCS * 12
    again = import_sources([tmp_path / f"src{w}" for w in range(PROCS)], root=lib)
    assert (len(again.unchanged), len(again.added), len(again.updated)) == (48, 0, 0)
    assert not [f for f in os.listdir(lib / "files") if f.startswith(".")]
