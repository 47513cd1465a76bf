"""parlread tag / untag / note / annotations / export / import."""

from __future__ import annotations

import json

import pytest

import tui.cli.common as common
from annotations import AnnotationStore
from annotations_support import corpus_of, old_and_new, passage_with
from tui.cli import main


@pytest.fixture
def env(tmp_path, monkeypatch):
    old, new = old_and_new()
    state = {"corpus": corpus_of(old)}
    # import every subcommand first, so none binds the patched function for good
    from tui.cli import build_parser

    build_parser()
    monkeypatch.setattr(common, "load_corpus", lambda paths, quiet=False: state["corpus"])
    store_dir = tmp_path / "store"
    return old, new, state, ["--store", str(store_dir)], store_dir


def test_tag_untag_note_and_list(env, capsys):
    old, new, state, store_args, store_dir = env
    p = passage_with(old, "Star Hobson")
    assert main(["tag", p.id, "safeguarding", "names", *store_args]) == 0
    assert main(["tag", p.id, "reviews", *store_args]) == 0  # same annotation, one more tag
    out = capsys.readouterr().out
    assert f"tagged {p.id} with safeguarding, names, reviews" in out
    store = AnnotationStore.open(store_dir)
    assert store.tags() == {"names": 1, "reviews": 1, "safeguarding": 1}
    assert main(["note", p.id, "Named in both reviews", "--quote", "Star Hobson", *store_args]) == 0
    note = [a for a in store.all() if a.note][0]
    assert note.quote == "Star Hobson" and note.note == "Named in both reviews"
    assert main(["untag", p.id, "names", "reviews", "safeguarding", *store_args]) == 0
    assert store.tags() == {} and len(store) == 1  # the tag-only annotation went, the note stays
    capsys.readouterr()
    assert main(["annotations", "--json", *store_args]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["note"] for a in listed] == ["Named in both reviews"]
    assert main(["annotations", *store_args]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(note.id[:8]) and "anchored" in line and '"Star Hobson"' in line


def test_user_errors_are_one_line(env, capsys):
    old, new, state, store_args, _ = env
    p = old.passages[0]
    assert main(["tag", "nope", "x", *store_args]) == 1
    assert main(["tag", old.id, "x", *store_args]) == 1
    assert main(["note", p.id, "n", "--quote", "not in the passage", *store_args]) == 1
    assert main(["note", passage_with(old, "children").id, "n", "--quote", "children", *store_args]) == 1
    assert main(["untag", p.id, "never-added", *store_args]) == 1
    assert main(["tag", p.id, "   ", *store_args]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "parlread: no passage with id 'nope' (see the ids in `parlread show RECORD_ID`)",
        f"parlread: {old.id!r} is a record, not a passage: give a passage id (see `parlread show {old.id}`)",
        f"parlread: --quote text not found in passage {p.id} (it must match exactly, case included)",
        f"parlread: --quote text occurs 4 times in passage {passage_with(old, 'children').id}: give a longer quote",
        f"parlread: passage {p.id} has no tag never-added",
        "parlread: a tag cannot be empty",
    ]


def test_orphans_listing_after_text_change(env, capsys):
    old, new, state, store_args, _ = env
    keep = passage_with(old, "Star Hobson")
    gone = passage_with(old, "The abuse and neglect of disabled children")
    main(["tag", keep.id, "kept", *store_args])
    main(["tag", gone.id, "gone", *store_args])
    state["corpus"] = corpus_of(new)
    capsys.readouterr()
    assert main(["annotations", "--orphans", *store_args]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "orphan" in out[0] and "[gone]" in out[0]


def test_export_import_files(env, tmp_path, capsys):
    old, new, state, store_args, _ = env
    p = passage_with(old, "£200 million")
    main(["note", p.id, "money", *store_args])
    out = tmp_path / "anno.json"
    assert main(["export", "--format", "w3c", "-o", str(out), *store_args]) == 0
    assert json.loads(out.read_text())["total"] == 1
    other = ["--store", str(tmp_path / "other")]
    assert main(["import", str(out), *other]) == 0
    assert main(["import", str(out), *other]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:] == [f"{out}: 1 added, 0 updated, 0 unchanged", f"{out}: 0 added, 0 updated, 1 unchanged"]
    assert main(["export", "--format", "markdown", *other]) == 0
    md = capsys.readouterr().out
    assert "> " + p.text in md and "\nmoney\n" in md
    assert main(["import", str(tmp_path / "missing.json"), *other]) == 1
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize("umask, existing, expected", [(0o022, None, 0o644), (0o077, None, 0o600), (0o022, 0o640, 0o640)])
def test_export_file_mode_follows_the_umask_or_the_file_it_replaces(env, tmp_path, umask, existing, expected):
    """Notes are private: an export never widens what the user's umask (or the replaced file) allows."""
    import os
    import stat

    old, new, state, store_args, _ = env
    main(["note", passage_with(old, "£200 million").id, "money", *store_args])
    out = tmp_path / "anno.json"
    if existing is not None:
        out.write_text("old")
        os.chmod(out, existing)
    previous = os.umask(umask)
    try:
        assert main(["export", "--format", "w3c", "-o", str(out), *store_args]) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == expected
    assert json.loads(out.read_text())["total"] == 1
