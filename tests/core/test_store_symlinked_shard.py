"""A shard of the annotation store that the user made a symbolic link (to a
synced folder, say) stays a link: writes go through to its target,
atomically; backups hold the target's earlier content, not a copy of the
link.  A link that cannot be followed (its target missing, a loop) is refused
with a clear message and kept as it is, never replaced by a fresh file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from corpus.atomic import atomic_write
from corpus.loader import load, sample_dir


@pytest.fixture
def tag(capsys):
    from tui.cli import main

    pid = load([sample_dir()]).records[0].passages[0].id

    def run(*tags):
        capsys.readouterr()
        code = main(["tag", pid, *tags])
        return code, capsys.readouterr()

    return run


def _tags_in(path: Path) -> set[str]:
    data = json.loads(path.read_text("utf-8"))
    return {t for d in data["annotations"].values() for t in d.get("tags", [])}


def _shard(store: Path) -> Path:
    (shard,) = [p for p in (store / "shards").glob("*.json")]
    return shard


def _tagged_and_linked(tag, tmp_path):
    """One note tagged "kinship", then its shard moved to a synced folder with a link left in its place."""
    store = Path(os.environ["PARLREAD_STORE"])
    assert tag("kinship")[0] == 0
    shard = _shard(store)
    synced = tmp_path / "Dropbox"
    synced.mkdir()
    target = synced / shard.name
    shard.rename(target)
    shard.symlink_to(target)
    return store, shard, synced, target


def test_a_symlinked_shard_is_written_through_and_stays_a_link(tag, tmp_path):
    store, shard, synced, target = _tagged_and_linked(tag, tmp_path)
    assert tag("fostering")[0] == 0
    assert tag("adoption")[0] == 0
    assert shard.is_symlink() and os.readlink(shard) == str(target)
    assert _tags_in(target) == {"kinship", "fostering", "adoption"}
    # the backups are the earlier contents of the target, as files
    b1, b2 = store / "shards" / "backups" / f"{shard.name}.1", store / "shards" / "backups" / f"{shard.name}.2"
    assert not b1.is_symlink() and not b2.is_symlink()
    assert _tags_in(b1) == {"kinship", "fostering"} and _tags_in(b2) == {"kinship"}
    # no temporary file left next to the link or the target; the shard's lock lives beside the file it guards
    # (so a second store linking the same file takes the same lock: tests/e2e/test_linked_shard_races.py)
    assert sorted(p.name for p in synced.iterdir()) == [shard.name, shard.name + ".lock"]


def test_a_dangling_or_looping_shard_link_is_refused_and_kept(tag, tmp_path):
    store = Path(os.environ["PARLREAD_STORE"])
    assert tag("kinship")[0] == 0
    shard = _shard(store)
    gone = tmp_path / "unmounted" / shard.name
    shard.unlink()
    shard.symlink_to(gone)
    code, out = tag("fostering")
    assert code == 1
    assert out.err == (f"parlread: {shard}: a symbolic link to a missing file ({gone}) — the file is kept untouched; "
                       "this part of the store is read-only\n")
    assert shard.is_symlink() and os.readlink(shard) == str(gone) and not gone.exists()
    shard.unlink()
    shard.symlink_to(shard.name)  # a loop
    code, out = tag("fostering")
    assert code == 1 and "Too many levels of symbolic links" in out.err and out.err.count("\n") == 1
    assert shard.is_symlink() and os.readlink(shard) == shard.name


def test_atomic_write_replaces_a_links_target_not_the_link(tmp_path):
    real = tmp_path / "real" / "notes.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(os.path.relpath(real, tmp_path))  # a relative link, resolved from its own directory
    atomic_write(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    dangling = tmp_path / "later.json"
    dangling.symlink_to(tmp_path / "real" / "created.json")  # like `>` in a shell: the target is created
    atomic_write(dangling, "x")
    assert dangling.is_symlink() and (tmp_path / "real" / "created.json").read_text() == "x"
    loop = tmp_path / "loop.json"
    loop.symlink_to("loop.json")
    with pytest.raises(OSError, match="a symbolic link that cannot be followed: not replaced"):
        atomic_write(loop, "x")
    assert loop.is_symlink()


def test_a_crash_mid_write_through_a_link_leaves_no_temp_in_the_target_folder(tag, tmp_path):
    import subprocess
    import sys

    from annotations import AnnotationStore

    store, shard, synced, target = _tagged_and_linked(tag, tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    ours = synced / f".{shard.name}.{dead}-0123456789ab.tmp"  # what a writer killed mid-write leaves
    other = synced / f".budget.json.{dead}-0123456789ab.tmp"  # not ours: another program's file in the user's folder
    for p in (ours, other):
        p.write_text("{")
    (synced / "notes.txt").write_text("mine")
    AnnotationStore.open(store)
    assert not ours.exists()
    assert other.exists() and (synced / "notes.txt").read_text() == "mine"
    assert _tags_in(target) == {"kinship"} and shard.is_symlink()
