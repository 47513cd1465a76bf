"""A witness whose text the source cut short is said to be cut short in the collation (QA).

Found on ../shared/data (11 grouped DfE answers of 2025-07-10 from the API's list endpoint):
every witness ends "…committed that the gove..." and a fuller copy's later sentences show as
"in some only", as if the others had left them out; nothing said the texts were truncated.
Records: tests/fixtures/import/wq_list_array.json (real list-endpoint items).
Contains Parliamentary information licensed under the Open Parliament Licence v3.0.
"""

from __future__ import annotations

import json
from pathlib import Path

from tui import cli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "wq_list_array.json"
CUT = ("dd28bc99a1e8", "2ef6071b3f62")  # UIN 6774 and 6773, "Attorney General: Redundancy Pay", answers cut at 255


def test_text_header_marks_witnesses_cut_short_by_the_source(capsys):
    assert cli.main(["collate", *CUT, str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    head = [ln for ln in out.splitlines() if ln.startswith(("A: ", "B: "))]
    assert len(head) == 2
    assert all(ln.endswith("(cut short by the source: answer)") for ln in head)


def test_json_summary_lists_what_was_cut(capsys):
    assert cli.main(["collate", *CUT, str(FIXTURE), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["truncated"] == {CUT[0]: ["answer"], CUT[1]: ["answer"]}

