"""`parlread list` and `parlread show` on the bundled samples (no Textual)."""

from __future__ import annotations

import json

from tui.cli import main

IDS = ["c94a1d15e2e2", "e61bc23f8bc5", "fbf19078a9d0", "e8279c0266c2", "e5b3e717ccec", "8696e1903799", "86adf45d7ed4"]


def test_list_text(capsys):
    assert main(["list"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert [l.split()[0] for l in lines] == IDS
    assert lines[3] == "e8279c0266c2  date unknown  written statement   Children's Social Care Update  [David Johnston]"
    assert lines[6].endswith("(untitled)  [Matt Bishop]")
    assert err == ""


def test_list_json_has_metadata_and_counts(capsys):
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == IDS
    bishop = rows[6]
    assert {k: bishop[k] for k in ("kind", "house", "date_asked", "date_answered", "asked_by", "asked_by_party",
                                   "answered_by", "department", "licence", "passage_count")} == {
        "kind": "written question", "house": "Commons", "date_asked": "2024-12-12", "date_answered": None,
        "asked_by": "Matt Bishop", "asked_by_party": "Labour", "answered_by": None,
        "department": "Department for Education", "licence": "Open Parliament Licence v3.0", "passage_count": 4}
    assert bishop["source_file"].endswith("004_c125a6ef40bfe81c.txt")
    assert rows[1]["answered_by"] == "Baroness Merron" and rows[1]["passage_count"] == 4
    assert rows[3]["extra"] == {"date_as_given": "Dec 18"} and rows[3]["date"] is None


def test_show_json_has_passages(capsys):
    assert main(["show", "e5b3", "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["title"] == "Safeguarding Update" and rec["passage_count"] == 7
    assert [sorted(p) for p in rec["passages"]][0] == ["end", "id", "index", "list_item", "role", "start", "text"]
    assert rec["passages"][5]["text"].endswith("These actions include:")
    assert all(p["id"].startswith("e5b3e717ccec.") for p in rec["passages"])


def test_show_text_marks_inferred_and_list_items(capsys):
    assert main(["show", "8696e1903799"]) == 0
    out = capsys.readouterr().out
    assert "kind: written statement  (inferred: a Hansard page with no speaker turns" in out
    assert "volume: 742" in out
    assert out.count("] • ") == 4


def test_show_by_passage_id_gives_its_record(capsys):
    assert main(["show", "--json", "86adf45d7ed4.f766c8"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "86adf45d7ed4"


def test_unknown_id_is_one_line_exit_1(capsys):
    assert main(["show", "nosuchid"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == "parlread: no record or passage with id 'nosuchid' (try `parlread list`)\n"


def test_bad_path_is_one_line_exit_1(capsys, tmp_path):
    missing = tmp_path / "missing"
    assert main(["list", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == f"parlread: no such file or directory: {missing}\n"


def test_bad_file_warns_but_lists_the_rest(capsys, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "note.txt").write_text("Bus notes\n\nBuses are red.\n")
    assert main(["list", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out.endswith("date unknown  kind unknown        Bus notes  [-]\n")
    assert err == f"warning: {tmp_path / 'empty.txt'}: skipped: empty file\n"


def test_untrusted_text_cannot_drive_the_terminal(capsys, tmp_path):
    (tmp_path / "evil.txt").write_text("Evil \x1b[2J title\n\nBody with \x1b]52;c;aGk=\x07 and [bold]markup[/bold].\n")
    assert main(["list", str(tmp_path)]) == 0
    listed = capsys.readouterr().out
    assert "\x1b" not in listed and "Evil ␛[2J title" in listed
    rid = listed.split()[0]
    assert main(["show", rid, str(tmp_path)]) == 0
    shown = capsys.readouterr().out
    assert "\x1b" not in shown and "\x07" not in shown
    assert "Body with ␛]52;c;aGk=␇ and [bold]markup[/bold]." in shown
