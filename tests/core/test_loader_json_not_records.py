"""JSON that holds no records, given as a source: one clear warning each, no
record, and the rest of the folder still loads.

* a W3C annotation export (as ``parlread export`` writes it, .json and .jsonl;
  and another tool's) says how to import it (``parlread import FILE``);
* broken, cut-off and unknown-shape JSON (also with a BOM and in UTF-16) says
  where it breaks (line, column) or what it holds;
* a cut-off API download keeps the complete items before the cut.

Records: tests/fixtures/import (Contains Parliamentary information licensed
under the Open Parliament Licence v3.0.)
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from corpus.loader import load

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", "off")


def _warnings(corpus, root: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for w in corpus.warnings:
        assert "\n" not in w.message and "Traceback" not in w.message
        out.setdefault(str(Path(w.path).relative_to(root)), []).append(w.message)
    return out


def _files(corpus) -> set[str]:
    return {Path(r.source_file).name for r in corpus.records}


def _export(tmp_path: Path, fmt: str, out: Path) -> None:
    """A real export: tag a record of the fixtures with the CLI, export with the CLI."""
    from tui.cli import main

    corpus = load([FIXTURES / "wq_list_array.json"])
    pid = corpus.records[0].passages[0].id
    store = tmp_path / "store"
    assert main(["tag", pid, "kinship", "--store", str(store), "--corpus", str(FIXTURES / "wq_list_array.json")]) == 0
    assert main(["note", pid, "see the grouped one", "--store", str(store), "--corpus", str(FIXTURES / "wq_list_array.json")]) == 0
    assert main(["export", "--format", fmt, "-o", str(out), "--store", str(store), "--corpus", str(FIXTURES / "wq_list_array.json")]) == 0


@pytest.mark.parametrize("fmt,name", [("w3c", "notes.json"), ("w3c-jsonl", "notes.jsonl")])
def test_an_annotation_export_is_skipped_with_how_to_import_it(tmp_path, capsys, fmt, name):
    d = tmp_path / "folder"
    d.mkdir()
    shutil.copy(FIXTURES / "wq_list_response.json", d / "records.json")
    _export(tmp_path, fmt, d / name)
    capsys.readouterr()
    corpus = load([d])
    assert _files(corpus) == {"records.json"}  # no untitled record made of the export's JSON
    assert [r.title for r in corpus.records] and all(r.title for r in corpus.records)
    (msg,) = _warnings(corpus, d)[name]
    assert msg.startswith("skipped: a W3C annotation file (")
    assert f"run `parlread import {d / name}`" in msg
    # and the advice works: the command it gives imports the annotations
    from tui.cli import main

    assert main(["import", str(d / name), "--store", str(tmp_path / "other")]) == 0
    assert " added" in capsys.readouterr().out


def test_another_tools_annotations_and_a_broken_annotation_file(tmp_path):
    d = tmp_path / "f"
    d.mkdir()
    shutil.copy(FIXTURES / "wq_list_response.json", d / "records.json")
    (d / "hypothesis.json").write_text(json.dumps({
        "export_date": "2024-01-01", "export_userid": "acct:ann@hypothes.is",
        "annotations": [{"uri": "https://questions-statements.parliament.uk/x", "text": "kinship carers", "target": [{"source": "x"}]}],
    }))
    (d / "page.json").write_text(json.dumps({
        "@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage",
        "items": [{"type": "Annotation", "body": {"value": "To ask the Secretary of State"}, "target": "urn:x"}]}))
    cut = '{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "first": {"items": ['
    (d / "cut.json").write_text(cut)
    msgs = _warnings(load([d]), d)
    assert msgs["hypothesis.json"] == [f"skipped: a W3C annotation file (1 annotation), not parliamentary records; "
                                      f"to add its notes and tags to your store run `parlread import {d / 'hypothesis.json'}`"]
    assert msgs["page.json"][0].startswith("skipped: a W3C annotation file (1 annotation)")
    assert msgs["cut.json"] == [
        f"skipped: looks like a W3C annotation file but is not valid JSON: the file ends too early, at line 1, column {len(cut)} (cut off?); "
        f"annotations are imported with `parlread import {d / 'cut.json'}`, not opened as records"]
    assert "records.json" not in msgs


def test_a_path_with_spaces_is_quoted_in_the_advice(tmp_path):
    d = tmp_path / "my notes"
    d.mkdir()
    _export(tmp_path, "w3c", d / "a b.json")
    (msg,) = _warnings(load([d]), d)["a b.json"]
    assert f"run `parlread import '{d / 'a b.json'}'`" in msg


BAD = {
    "broken.json": (b"{broken", "skipped: not valid JSON at line 1, column 2: Expecting property name enclosed in double quotes"),
    "cut.json": (b'{"title": "Children in care",\n "text": "To ask the Secretary of State for Educ',
                 "skipped: not valid JSON: the file ends too early, at line 2, column 48 (cut off?)"),
    "comma.json": (b'{\n  "a": 1,\n  "b": 2,\n}\n', "skipped: not valid JSON at line 4, column 1: Expecting property name enclosed in double quotes"),
    "unknown.json": (b'{"type": "FeatureCollection", "features": [], "bbox": [1, 2], "crs": null}',
                     'skipped: JSON of a shape parlread does not read (an object with keys "type", "features", "bbox", …); '
                     "parlread reads the UK Parliament written questions/statements API's JSON"),
    "numbers.json": (b"[1, 2, 3]", "skipped: JSON of a shape parlread does not read (an array of 3 numbers); "
                     "parlread reads the UK Parliament written questions/statements API's JSON"),
    "lines.jsonl": (b'{"a": 1}\n{"a": 2}\n', 'skipped: JSON of a shape parlread does not read (JSON Lines of 2 objects (the first with keys "a")); '
                    "parlread reads the UK Parliament written questions/statements API's JSON"),
    "bom.json": (b'\xef\xbb\xbf{"a": 1,}', "skipped: not valid JSON at line 1, column 9: Expecting property name enclosed in double quotes"),
    "utf16.json": ('{"a": [1,\n 2,\n oops]}'.encode("utf-16"), "skipped: not valid JSON at line 3, column 2: a value was expected (read as utf-16)"),
}


def test_broken_and_unknown_json_is_reported_with_line_and_column_and_skipped(tmp_path):
    d = tmp_path / "f"
    d.mkdir()
    shutil.copy(FIXTURES / "wq_list_response.json", d / "records.json")
    shutil.copy(FIXTURES / "notes.md", d / "notes.md")
    for name, (data, _msg) in BAD.items():
        (d / name).write_bytes(data)
    corpus = load([d])
    msgs = _warnings(corpus, d)
    assert msgs == {name: [msg] for name, (_data, msg) in BAD.items()}
    assert _files(corpus) == {"records.json", "notes.md"}


def test_text_that_only_starts_with_a_bracket_is_still_text(tmp_path):
    (tmp_path / "a.txt").write_text("[1] See the answer below.\n\nThe Minister said that kinship carers matter.\n")
    corpus = load([tmp_path])
    assert _files(corpus) == {"a.txt"} and "kinship carers" in corpus.records[0].text


def _api_in(encoding: str, bom: bytes = b"") -> bytes:
    return bom + (FIXTURES / "wq_dfe.jsonl").read_text("utf-8").encode(encoding)


@pytest.mark.parametrize("data", [
    _api_in("utf-8", b"\xef\xbb\xbf"),
    _api_in("utf-16"),  # with its BOM
    _api_in("utf-16-le"),  # without one
], ids=["utf-8 BOM", "utf-16 BOM", "utf-16-le"])
def test_api_json_with_a_bom_or_in_utf16_loads_as_in_utf8(tmp_path, data):
    (tmp_path / "a.jsonl").write_bytes(data)
    plain = load([FIXTURES / "wq_dfe.jsonl"])
    corpus = load([tmp_path])
    assert corpus.warnings == []
    assert [(r.id, r.title, r.text) for r in corpus.records] == [(r.id, r.title, r.text) for r in plain.records]


def test_a_cut_off_api_download_keeps_its_complete_items(tmp_path):
    full = (FIXTURES / "wq_list_array.json").read_text("utf-8")
    items = json.loads(full)
    # cut inside the fourth item, as an interrupted download leaves it
    cut = full.index(f'"id": {items[3]["value"]["id"]}') if f'"id": {items[3]["value"]["id"]}' in full else None
    assert cut is not None
    (tmp_path / "cut.json").write_text(full[:cut + 5], encoding="utf-8")
    corpus = load([tmp_path])
    assert [r.extra["question_id"] for r in corpus.records] == [i["value"]["id"] for i in items[:3]]
    (w,) = corpus.warnings
    text = full[:cut + 5]
    line = text.count("\n") + 1
    col = len(text) - text.rfind("\n") - 1
    assert w.message == f"not valid JSON: the file ends too early, at line {line}, column {col} (cut off?); the 3 complete items before that point loaded"


def test_a_cut_off_list_response_and_a_broken_middle_item(tmp_path):
    resp = json.loads((FIXTURES / "wq_list_response.json").read_text("utf-8"))
    one = json.dumps(resp["results"][0])
    (tmp_path / "resp.json").write_text('{"totalResults": 2, "results": [' + one + ', {"value": {"id": 1,,')
    (tmp_path / "mid.json").write_text("[" + one + ",\n {oops}, " + one + "]")
    corpus = load([tmp_path])
    msgs = _warnings(corpus, tmp_path)
    assert msgs["resp.json"] == ["not valid JSON at line 1, column %d: Expecting property name enclosed in double quotes; "
                                 "the 1 complete item before that point loaded" % (len('{"totalResults": 2, "results": [' + one + ', {"value": {"id": 1,') + 1)]
    assert msgs["mid.json"] == ["not valid JSON at line 2, column 3: Expecting property name enclosed in double quotes; "
                                "the 1 complete item before that point loaded"]


def test_json_lines_with_bad_lines_warn_once_per_file(tmp_path):
    lines = (FIXTURES / "wq_dfe.jsonl").read_text("utf-8").splitlines()
    (tmp_path / "two_bad.jsonl").write_text("\n".join([lines[0], "{oops", lines[1], "[1,,", lines[2]]) + "\n")
    (tmp_path / "cut.jsonl").write_text("\n".join(lines[:3] + [lines[3][:200]]))
    corpus = load([tmp_path])
    msgs = _warnings(corpus, tmp_path)
    assert msgs == {
        "two_bad.jsonl": ["2 lines skipped, not valid JSON (the first at line 2, column 2: Expecting property name enclosed in double quotes)"],
        "cut.jsonl": ["line 4, column 200: skipped, not valid JSON (the line ends too early: cut off?)"],
    }


def test_api_json_with_items_that_are_not_questions_warns_once(tmp_path):
    items = json.loads((FIXTURES / "wq_list_array.json").read_text("utf-8"))
    junk = [{"foo": n} for n in range(50)]
    (tmp_path / "mixed.json").write_text(json.dumps(items[:2] + junk))
    corpus = load([tmp_path])
    assert len(corpus.records) == 2
    assert _warnings(corpus, tmp_path) == {"mixed.json": [
        "50 of 52 items skipped, not written questions or statements (the first: item 3: skipped, not a written question or statement)"]}
