"""`parlread export --format w3c` says when records were not loaded, so their notes cite a urn (QA).

Found: notes taken on ../shared/data records (not imported into the library) were exported as
`urn:parlread:record:…` with no word that `--corpus PATH` would have cited the public pages.
Records: tests/fixtures/import (Contains Parliamentary information licensed under the Open
Parliament Licence v3.0).
"""

from __future__ import annotations

import json

import w3c_suite
from corpus.loader import load
from w3c_support import record_of

FIXTURES = str(w3c_suite.SUITE.parent / "import")


def test_export_without_the_records_says_how_to_cite_their_pages(tmp_path, capsys, monkeypatch):
    from tui.cli import main

    monkeypatch.setenv("PARLREAD_LIBRARY", str(tmp_path / "empty-library"))  # the samples, not these records
    wq = record_of(load([FIXTURES]), uin="4900")
    store = str(tmp_path / "s")
    assert main(["tag", wq.passages[0].id, "teachers", "--store", store, "--corpus", FIXTURES]) == 0
    capsys.readouterr()
    assert main(["export", "--format", "w3c-jsonl", "--store", store]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["target"]["source"] == f"urn:parlread:record:{wq.id}"
    assert "1 of 1 annotations cite records that are not loaded" in err and "--corpus" in err
    assert main(["export", "--format", "w3c-jsonl", "--store", store, "--corpus", FIXTURES]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["target"]["source"].startswith("https://questions-statements.parliament.uk/")
    assert "not loaded" not in err
