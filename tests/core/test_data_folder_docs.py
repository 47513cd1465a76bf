"""A data folder's own documentation (README.txt, API_SHAPE.txt) is skipped with one warning per file,
by its content (rules, paths, field lists and no record), instead of loading as untitled "??" records."""

from __future__ import annotations

import shutil
from pathlib import Path

from corpus.formats import plaintext
from corpus.loader import load
from corpus.source import Source

FOLDER = Path(__file__).parents[1] / "fixtures" / "datafolder"


def test_documentation_files_are_skipped_with_one_line_each(tmp_path):
    for f in FOLDER.iterdir():
        shutil.copy(f, tmp_path / f.name)
    corpus = load([tmp_path])
    assert [r.title for r in corpus.records] == ["Children: Protection"]
    warned = sorted(Path(w.path).name for w in corpus.warnings)
    assert warned == ["API_SHAPE.txt", "README.txt"]
    assert all("documentation" in w.message and "\n" not in w.message for w in corpus.warnings)


def test_decided_by_content_not_by_name(tmp_path):
    (tmp_path / "README.txt").write_text((FOLDER / "children_protection.txt").read_text("utf-8"), "utf-8")
    (tmp_path / "page.txt").write_text((FOLDER / "API_SHAPE.txt").read_text("utf-8"), "utf-8")
    corpus = load([tmp_path])
    assert [Path(r.source_file).name for r in corpus.records] == ["README.txt"]
    assert [Path(w.path).name for w in corpus.warnings] == ["page.txt"]


def test_notes_with_a_rule_line_but_a_record_in_them_still_load():
    text = "My notes\n========\n\nTo ask the Secretary of State for Education, how many children are in care.\n\nThe figures are published.\n"
    (rec,) = plaintext.parse(Source("notes.txt", text.encode(), text, "utf-8", []))
    assert rec.passages[0].text.startswith("To ask the Secretary of State")
    plain = "Notes on buses\n\nBuses are red. Some are blue.\n"
    assert len(plaintext.parse(Source("n.txt", plain.encode(), plain, "utf-8", []))) == 1
