"""Metadata fields are one line each, whatever white space the source left in them.

Real case: six headings of the Parliament API's written-question results in ../shared/data end in
CR LF ("Asylum: Deportation\\r\\n"); the CR LF broke the library's rows (leftover text from the
row drawn before) and made ``parlread list`` print two lines for one record.  Fixture: the first
record of tests/fixtures/import/wq_dfe.jsonl (API shape) with such a heading.
Contains Parliamentary information licensed under the Open Parliament Licence v3.0.
"""

from __future__ import annotations

import json

from corpus.loader import load
from tui.cli import main

from lazy_support import FIX


def _with_heading(tmp_path, heading: str, member: str | None = None):
    line = json.loads((FIX / "wq_dfe.jsonl").read_text("utf-8").splitlines()[0])
    line["value"]["heading"] = heading
    if member is not None:
        line["value"]["answeringMember"] = dict(line["value"].get("answeringMember") or {}, name=member)
    d = tmp_path / "data"
    d.mkdir()
    (d / "q.jsonl").write_text(json.dumps(line) + "\n", "utf-8")
    return d


def test_a_heading_ending_in_cr_lf_is_one_clean_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    d = _with_heading(tmp_path, "Asylum: Deportation\r\n")
    (record,) = load([str(d)]).records
    assert record.title == "Asylum: Deportation"
    assert "title" not in record.field_notes  # the same heading, not a derived one


def test_a_line_break_inside_a_heading_becomes_a_space(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    d = _with_heading(tmp_path, "  Children's Social Care:\r\n Kinship   Care\t")
    (record,) = load([str(d)]).records
    assert record.title == "Children's Social Care: Kinship Care"


def test_list_prints_one_line_per_record(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    d = _with_heading(tmp_path, "Asylum: Deportation\r\n")
    assert main(["list", str(d)]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1, repr(out)  # the record on one line, its id and its tags with it
    assert lines[0].endswith("Asylum: Deportation  [-]") and "\r" not in out and "\u240d" not in out
