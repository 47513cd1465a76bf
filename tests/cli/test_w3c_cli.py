"""`parlread export --format w3c-jsonl --creator` and `parlread import` of JSON Lines and of
other tools' annotations (records: tests/fixtures/import; Contains Parliamentary information
licensed under the Open Parliament Licence v3.0)."""

from __future__ import annotations

import json

import w3c_suite
from annotations.export import CONTEXT
from corpus.iri import record_iri
from w3c_support import foreign as _foreign, record_of as _record


def test_cli_export_jsonl_with_creator_and_import_of_another_tools_file(tmp_path, capsys):
    from tui.cli import main

    store_dir = tmp_path / "s"
    fixtures = str(w3c_suite.SUITE.parent / "import")
    from corpus.loader import load

    corpus = load([fixtures])
    wq = _record(corpus, uin="4900")
    assert main(["tag", wq.passages[0].id, "teachers", "--store", str(store_dir), "--corpus", fixtures]) == 0
    out = tmp_path / "notes.jsonl"
    assert main(["export", "--format", "w3c-jsonl", "--creator", "Ann Researcher", "-o", str(out), "--store", str(store_dir), "--corpus", fixtures]) == 0
    (line,) = out.read_text(encoding="utf-8").splitlines()
    item = json.loads(line)
    assert item["@context"] == CONTEXT and item["creator"] == {"type": "Person", "name": "Ann Researcher"}
    assert item["target"]["source"] == record_iri(wq)
    capsys.readouterr()
    # the JSON Lines file imports too (parlread import FILE), exactly
    other = tmp_path / "o"
    assert main(["import", str(out), "--store", str(other)]) == 0
    assert "1 added" in capsys.readouterr().out
    # another tool's annotation on that record's public page anchors in the given corpus
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps(_foreign(1, {"source": record_iri(wq), "selector": {"type": "TextQuoteSelector", "exact": "Initial Teacher Training"}})), encoding="utf-8")
    assert main(["import", str(foreign), "--store", str(other), "--corpus", fixtures]) == 0
    assert "1 added" in capsys.readouterr().out
    lost = tmp_path / "lost.json"
    lost.write_text(json.dumps(_foreign(2, {"source": "https://example.org/x\u202e", "selector": {"type": "TextQuoteSelector", "exact": "x"}})), encoding="utf-8")
    assert main(["import", str(lost), "--store", str(other), "--corpus", fixtures]) == 0
    err = capsys.readouterr().err
    assert "not anchored: item 1 (https://annotations.example.org/a/2): orphan: record not loaded: https://example.org/x%E2%80%AE" in err
    assert "\u202e" not in err
