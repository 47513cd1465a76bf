"""Two stores reaching one shard file through different paths (a symbolic link
in one, the file in the other) serialise on one lock: writers in both at once
lose nothing.  Real processes, started together."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotations import AnnotationStore
from annotations.store import shard_name
from corpus.model import make_record

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

WRITER = r"""
import os, sys, time
sys.path.insert(0, sys.argv[1])
from annotations import AnnotationStore
from corpus.model import make_record
store = AnnotationStore.open(sys.argv[2], author=sys.argv[3])
n, go = int(sys.argv[4]), sys.argv[5]
r = make_record([("body", "Kinship carers and the reform of children's social care."), ("body", "A second passage.")], natural_key="linked")
while not os.path.exists(go):
    time.sleep(0.002)
for i in range(n):
    a = store.add(r, r.passages[i % 2], tags=[f"t{i % 3}"], note=f"{sys.argv[3]} {i}")
    print(a.id, flush=True)
"""


def _record():
    return make_record([("body", "Kinship carers and the reform of children's social care."), ("body", "A second passage.")], natural_key="linked")


@pytest.mark.parametrize("link_both", [False, True], ids=["link-and-file", "two-links"])
def test_writers_through_a_link_and_through_the_file_lose_nothing(tmp_path, link_both):
    rec = _record()
    a_dir, b_dir, synced = tmp_path / "store-a", tmp_path / "store-b", tmp_path / "synced"
    AnnotationStore.open(a_dir, author="seed").add(rec, rec.passages[0], tags=["seed"])
    name = shard_name(rec.id) + ".json"
    real = a_dir / "shards" / name
    if link_both:  # both stores link one file in a synced folder
        synced.mkdir()
        real.rename(synced / name)
        real.symlink_to(synced / name)
        real = synced / name
    AnnotationStore.open(b_dir)
    (b_dir / "shards").mkdir(exist_ok=True)
    (b_dir / "shards" / name).symlink_to(real)
    go = tmp_path / "go"
    n = int(os.environ.get("PARLREAD_FAULT_WRITES", "40"))
    kids = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(ROOT), str(d), who, str(n), str(go)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for d, who in ((a_dir, "a1"), (b_dir, "b1"), (a_dir, "a2"), (b_dir, "b2"))
    ]
    go.touch()
    acked: set[str] = set()
    for k in kids:
        out, err = k.communicate(timeout=180)
        assert k.returncode == 0, err
        acked |= set(out.split())
    assert len(acked) == 4 * n
    for d in (a_dir, b_dir):
        store = AnnotationStore.open(d)
        assert store.problems == []
        ids = {x.id for x in store.all()}
        assert acked <= ids, f"{d.name}: {len(acked - ids)} acknowledged annotations lost"
        assert len(ids) == 4 * n + 1
    assert (b_dir / "shards" / name).is_symlink()
