"""`parlread compare` of a correction pair reads forwards whichever id comes
first: A is the original answer, B the corrected one, labelled; text only in
the correction is inserted ({+…+}).  Fixture: tests/fixtures/import/
wq_constructed_detail.json (constructed, see its README)."""

from __future__ import annotations

import json
from pathlib import Path

from corpus.loader import load
from corpus.versions import virtual_records

F = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "wq_constructed_detail.json"


def _ids():
    corpus = load([F])
    (corrected,) = corpus.records
    (original,) = virtual_records(corpus.records)
    return corrected.id, original


def test_corrected_then_original_is_compared_original_to_corrected(capsys):
    from tui.cli import main

    corrected, original = _ids()
    for order in ((corrected, original), (original, corrected)):
        assert main(["compare", *order, str(F)]) == 0
        out, err = capsys.readouterr()
        lines = out.splitlines()
        assert lines[0] == f"A: {original}  [original answer] Prisoners: Repatriation  2023-12-19"
        assert lines[1] == f"B: {corrected}  [corrected answer, 2024-02-21] Prisoners: Repatriation  2023-12-19"
        assert "~ [-Original-]{+Corrected+} answer {+£5+} paragraph two." in lines
        assert ("note: compared original → corrected" in err) == (order[0] == corrected)
    assert main(["compare", corrected, original, str(F), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    changed = [r for r in data["rows"] if r["status"] == "changed"]
    assert changed and all(r["a"].startswith("Original") and r["b"].startswith("Corrected") for r in changed)
