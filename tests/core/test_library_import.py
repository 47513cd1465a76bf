"""`parlread import`: sources into the managed library (no-op when unchanged,
updates in place, notes re-anchor) and W3C annotation files into the store."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from corpus.library import files_dir, import_sources, library_dir
from corpus.loader import load, sample_dir
from tui.cli import main

SAMPLES = sorted(p for p in sample_dir().glob("*.txt"))


def _copy_samples(dest: Path) -> Path:
    dest.mkdir()
    for p in SAMPLES:
        shutil.copy(p, dest / p.name)
    return dest


def test_import_copies_then_reimport_is_a_no_op(tmp_path):
    src = _copy_samples(tmp_path / "src")
    first = import_sources([src])
    assert len(first.added) == 5 and not first.updated
    copies = sorted(files_dir().iterdir())
    assert len(copies) == 5
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in copies)
    assert oct(library_dir().stat().st_mode & 0o777) == "0o700"
    mtimes = [p.stat().st_mtime_ns for p in copies]
    again = import_sources([src])
    assert again.added == [] and again.updated == [] and len(again.unchanged) == 5
    assert [p.stat().st_mtime_ns for p in sorted(files_dir().iterdir())] == mtimes


def test_same_content_from_elsewhere_is_not_copied_twice(tmp_path):
    src = _copy_samples(tmp_path / "src")
    import_sources([src])
    other = _copy_samples(tmp_path / "other")
    report = import_sources([other])
    assert len(report.duplicates) == 5 and not report.added
    assert len(list(files_dir().iterdir())) == 5


def test_no_paths_opens_the_library_once_something_is_imported(tmp_path, capsys):
    assert {Path(r.source_file).parent for r in load()} == {sample_dir()}
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SAMPLES[4], src / SAMPLES[4].name)  # 004: Matt Bishop's question
    assert main(["import", str(src)]) == 0
    assert "1 added" in capsys.readouterr().out
    corpus = load()
    assert [r.asked_by for r in corpus] == ["Matt Bishop"]
    assert main(["list"]) == 0
    assert "Matt Bishop" in capsys.readouterr().out


def test_newer_copy_replaces_old_and_notes_reanchor(tmp_path, capsys):
    from annotations import AnnotationStore

    src = tmp_path / "src"
    src.mkdir()
    doc = src / "statement.txt"
    shutil.copy(SAMPLES[3], doc)  # 003: the Hansard statement
    assert main(["import", str(src)]) == 0
    corpus = load()
    record = corpus.records[0]
    passage = next(p for p in record.passages if "kinship strategy" in p.text)
    store = AnnotationStore.open(tmp_path / "store")
    ann = store.add(record, passage, tags=("kinship",), note="first national strategy")

    # the source is corrected: a word changes earlier in the text
    doc.write_text(doc.read_text(encoding="utf-8").replace("bold and ambitious", "bold, ambitious"), encoding="utf-8")
    os.utime(doc, (1_700_000_000, 1_700_000_000))
    capsys.readouterr()
    assert main(["import", str(src)]) == 0
    assert "1 updated" in capsys.readouterr().out
    assert len(list(files_dir().iterdir())) == 1  # replaced in place, not added

    corpus2 = load()
    assert corpus2.records[0].id != record.id  # the text changed, so the id did
    report = store.reanchor_all(corpus2)
    again = store.get(ann.id)
    assert again is not None and again.note == "first national strategy"
    assert again.status in ("anchored", "reanchored")
    assert again.record_id == corpus2.records[0].id
    assert "kinship strategy" in again.quote
    assert report.count("orphan") == 0


def test_import_w3c_file_goes_to_the_annotation_store(tmp_path, capsys):
    store_a = tmp_path / "a"
    corpus = load()
    p = corpus.records[0].passages[0]
    assert main(["tag", p.id, "kinship", "--store", str(store_a)]) == 0
    out = tmp_path / "notes.json"
    assert main(["export", "--format", "w3c", "-o", str(out), "--store", str(store_a)]) == 0
    store_b = tmp_path / "b"
    capsys.readouterr()
    assert main(["import", str(out), "--store", str(store_b)]) == 0
    assert "1 added" in capsys.readouterr().out
    assert main(["annotations", "--json", "--store", str(store_b)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["tags"] for a in listed] == [["kinship"]]
    assert not files_dir().exists()  # nothing went into the library
