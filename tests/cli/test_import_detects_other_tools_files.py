"""`parlread import FILE` recognises annotation files in the shapes other tools write (QA).

Found with hand-made files: a JSON array of W3C annotations (what Recogito and Annotorious
hand out), an annotation typed "oa:Annotation" with no anno.jsonld in its head, and a
Hypothesis client export were copied into the library as *source* files — the notes never
reached the store.  Records: tests/fixtures/import (Contains Parliamentary information
licensed under the Open Parliament Licence v3.0).
"""

from __future__ import annotations

import json

import pytest

import w3c_suite
from corpus.iri import record_iri
from corpus.loader import load
from w3c_support import record_of

FIXTURES = str(w3c_suite.SUITE.parent / "import")


def _files(tmp_path):
    wq = record_of(load([FIXTURES]), uin="4900")
    quote = {"type": "TextQuoteSelector", "exact": "Initial Teacher Training"}
    ann = {"type": "Annotation", "id": "https://a.example.org/1",
           "body": [{"type": "TextualBody", "value": "array item", "purpose": "commenting"}],
           "target": {"source": record_iri(wq), "selector": [quote]}}
    files = {
        "array": [ann, dict(ann, id="https://a.example.org/2")],
        "oa_type": {"@type": "oa:Annotation", "@id": "https://a.example.org/3", "bodyValue": "oa typed",
                    "target": {"source": record_iri(wq), "selector": quote}},
        "hypothesis": {"export_date": "2025-07-20T12:00:00Z", "export_userid": "acct:alice@hypothes.is",
                       "client_version": "1.1500.0",
                       "annotations": [{"id": "Hx1", "user": "acct:alice@hypothes.is", "uri": record_iri(wq),
                                        "text": "from Hypothesis", "tags": ["itt"],
                                        "created": "2025-07-15T10:00:00+00:00", "updated": "2025-07-15T10:00:00+00:00",
                                        "target": [{"source": record_iri(wq), "selector": [quote]}]}]},
    }
    out = {}
    for name, data in files.items():
        p = tmp_path / f"{name}.json"
        p.write_text(json.dumps(data), encoding="utf-8")
        out[name] = p
    return out


@pytest.mark.parametrize("name, added", [("array", 2), ("oa_type", 1), ("hypothesis", 1)])
def test_annotation_files_of_other_tools_go_to_the_store_not_the_library(tmp_path, capsys, monkeypatch, name, added):
    from tui.cli import main
    from tui.cli.import_ import is_w3c_annotations

    monkeypatch.setenv("PARLREAD_LIBRARY", str(tmp_path / "library"))
    path = _files(tmp_path)[name]
    assert is_w3c_annotations(str(path))
    store = tmp_path / "store"
    assert main(["import", str(path), "--store", str(store), "--corpus", FIXTURES]) == 0
    out = capsys.readouterr().out
    assert f"{added} added" in out
    assert not (tmp_path / "library" / "files").exists()


def test_source_files_are_still_sources():
    from tui.cli.import_ import is_w3c_annotations

    for name in ("wq_list_array.json", "wq_list_response.json", "wq_dfe.jsonl", "saved_page.html"):
        assert not is_w3c_annotations(f"{FIXTURES}/{name}"), name
