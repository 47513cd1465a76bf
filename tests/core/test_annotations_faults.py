"""Fault tests: SIGKILL mid-write, four writers at once, a damaged shard file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotations import AnnotationStore, StoreError
from annotations.store import shard_name
from corpus.model import make_record

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

# A child that writes annotations as fast as it can and prints each id once
# add() has returned (i.e. once the write is acknowledged as durable).
WRITER = r"""
import sys
sys.path.insert(0, sys.argv[1])
from annotations import AnnotationStore
from corpus.model import make_record
store = AnnotationStore.open(sys.argv[2], author=sys.argv[3])
n, records, edit = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "edit"
recs = [make_record([("body", f"Record {i} says something about policy {i}."), ("body", "Second passage.")], natural_key=f"r{i}") for i in range(records)]
print("ready", flush=True)
for i in range(n):
    r = recs[i % records]
    a = store.add(r, r.passages[i % 2], tags=[f"t{i % 7}"], note=f"{sys.argv[3]} note {i}")
    if edit and i % 5 == 4:
        store.update(a.id, add_tags=["edited"])
    print(a.id, flush=True)
print("done", flush=True)
"""


def _spawn(store: Path, who: str, n: int, records: int, edit: bool = True) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(ROOT), str(store), who, str(n), str(records), "edit" if edit else "add"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigkill_never_loses_an_acknowledged_write(tmp_path):
    store_dir = tmp_path / "store"
    rng = random.Random(5)
    acknowledged: set[str] = set()
    for round_ in range(20):
        child = _spawn(store_dir, f"w{round_}", 100000, 40)
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.12))
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        lines = out.split("\n")
        # the last line may be cut by the kill: only complete lines count
        acknowledged.update(line for line in lines[:-1] if line and line != "done")
        store = AnnotationStore.open(store_dir)
        assert store.problems == []
        ids = {a.id for a in store.all()}
        missing = acknowledged - ids
        assert not missing, f"round {round_}: {len(missing)} acknowledged annotations lost"
    assert len(acknowledged) > 20  # the children really did write between kills


def test_four_writers_no_lost_write_no_duplicate_id(tmp_path):
    # Every write is durable (two fsyncs: file + directory): 4 × 500 took
    # 9 s on a quiet disk and 24 s on a busy one (2 cores, shared disk).
    # PARLREAD_FAULT_WRITES=N runs 4 × N instead.
    store_dir = tmp_path / "store"
    AnnotationStore.open(store_dir)
    # 64 records shared by all four writers: they contend for the same shard locks
    n = int(os.environ.get("PARLREAD_FAULT_WRITES", "500"))
    kids = [_spawn(store_dir, f"p{i}", n, 64, edit=False) for i in range(4)]
    acked: list[str] = []
    for k in kids:
        out, err = k.communicate(timeout=120)
        assert k.returncode == 0, err
        lines = out.split()
        assert lines[0] == "ready" and lines[-1] == "done"
        acked += lines[1:-1]
    assert len(acked) == 4 * n and len(set(acked)) == 4 * n
    store = AnnotationStore.open(store_dir)
    anns = store.all()
    assert len(anns) == 4 * n
    assert {a.id for a in anns} == set(acked)
    assert {a.author for a in anns} == {"p0", "p1", "p2", "p3"}


def _two_records():
    a = make_record([("body", "First record text about housing.")], natural_key="A")
    b = make_record([("body", "Second record text about schools.")], natural_key="B")
    return a, b


@pytest.mark.parametrize("garbage", [b'{"annotations": {"1": {"id": "x", "tags": [', b"", b"\x00\x00\x00\x00", b"[1, 2]"])
def test_damaged_shard_is_kept_and_reported_rest_works(tmp_path, garbage):
    a, b = _two_records()
    store = AnnotationStore.open(tmp_path / "s")
    ann_a = store.add(a, a.passages[0], tags=["shared"], note="on A")
    ann_b = store.add(b, b.passages[0], tags=["shared"], note="on B")
    shard_a = store.shard_dir / f"{shard_name(a.id)}.json"
    assert shard_a.exists() and shard_name(a.id) != shard_name(b.id)
    shard_a.write_bytes(garbage)

    fresh = AnnotationStore.open(tmp_path / "s")
    assert len(fresh.problems) == 1
    assert str(shard_a) in fresh.problems[0] and "kept untouched" in fresh.problems[0]
    assert [x.id for x in fresh.all()] == [ann_b.id]  # the other shard is usable
    with pytest.raises(StoreError, match="damaged"):
        fresh.add(a, a.passages[0], note="new note on A")
    assert fresh.rename_tag("shared", "common") == 1  # only B's copy can change
    assert fresh.get(ann_b.id).tags == ["common"]
    new_b = fresh.add(b, b.passages[0], note="second on B")
    assert fresh.get(new_b.id).note == "second on B"
    assert shard_a.read_bytes() == garbage  # byte-identical, never overwritten
    # the session that was open before the damage also refuses, and keeps the file
    with pytest.raises(StoreError):
        store.update(ann_a.id, note="edited")
    assert shard_a.read_bytes() == garbage
    assert shard_a.name in os.listdir(fresh.shard_dir)


def test_malformed_annotation_is_reported_and_survives_writes(tmp_path):
    import json

    a, _ = _two_records()
    store = AnnotationStore.open(tmp_path / "s")
    good = store.add(a, a.passages[0], note="good")
    shard = store.shard_dir / f"{shard_name(a.id)}.json"
    data = json.loads(shard.read_text())
    data["annotations"]["7"] = {"id": "hand-edited", "note": "no target"}
    shard.write_text(json.dumps(data))
    fresh = AnnotationStore.open(tmp_path / "s")
    assert fresh.problems == [f"{shard}: 1 malformed annotation(s) not shown (kept in the file)"]
    assert [x.id for x in fresh.all()] == [good.id]
    fresh.add(a, a.passages[0], note="another")
    fresh.update(good.id, note="edited")
    assert json.loads(shard.read_text())["annotations"]["7"] == {"id": "hand-edited", "note": "no target"}
