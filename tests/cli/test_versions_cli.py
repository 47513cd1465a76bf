"""parlread versions / parlread compare (corpus injected: no parser dependency)."""

from __future__ import annotations

import json

import pytest

from corpus.corpus import Corpus
from corpus.model import make_record
from tui import cli
from tui.cli import compare as compare_cmd
from tui.cli import versions as versions_cmd
from versions_fixtures import statement_002, statement_003


@pytest.fixture
def corpus(monkeypatch):
    a, b = statement_002(), statement_003()
    hostile = make_record([("body", "Plain \x1b[31mred\x1b[0m text [bold]here[/bold] \u202eevil.")])
    hostile2 = make_record([("body", "Plain red text here evil.")])
    c = Corpus([a, b, hostile, hostile2])
    monkeypatch.setattr(compare_cmd, "load_corpus", lambda paths, quiet=False: c)
    monkeypatch.setattr(versions_cmd, "load_corpus", lambda paths, quiet=False: c)
    return c


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_compare_json_has_summary_and_rows_with_texts_and_word_ops(corpus, capsys):
    a, b = corpus.records[0], corpus.records[1]
    code, out, _ = run(capsys, "compare", a.id[:6], b.id, "--ignore-case", "--ignore-punctuation",
                       "--unify-quotes", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["summary"]["counts"] == {"same": 29, "changed": 4, "deleted": 0, "inserted": 4, "moved": 0}
    rows = data["rows"]
    assert set(rows[0]) == {"status", "a", "b", "ops"}
    first = rows[0]
    assert first["status"] == "changed"
    replaced = [op for op in first["ops"] if op[0] == "replace"]
    assert [(first["a"][op[1]:op[2]], first["b"][op[3]:op[4]]) for op in replaced] == [("is", "are")]
    inserted = [r for r in rows if r["status"] == "inserted"]
    assert all(r["a"] is None and r["ops"] == [] for r in inserted)
    assert [r["b"].split(",")[0] for r in inserted][0] == "The first ever national kinship strategy"


def test_compare_text_marks_words_and_rows(corpus, capsys):
    a, b = corpus.records[0], corpus.records[1]
    code, out, _ = run(capsys, "compare", a.id, b.id, "--ignore-case")
    assert code == 0
    lines = out.splitlines()
    assert lines[2].startswith("similarity ")
    assert "~ The Prime Minister has been clear about the importance of family in ensuring children can thrive " \
           "and this government [-is-]{+are+} determined" in out
    assert "\n+ A data strategy which sets out the long-term plan" in out


def test_compare_markdown_report(corpus, capsys):
    a, b = corpus.records[0], corpus.records[1]
    code, out, _ = run(capsys, "compare", a.id, b.id, "--format", "markdown", "--ignore-case",
                       "--ignore-punctuation", "--unify-quotes")
    assert code == 0
    assert out.startswith("## Comparison: Children's Social Care Update → Children’s Social Care (2023-12-18)")
    assert "- *changed*: The Prime Minister has been clear about the importance of family in ensuring children " \
           "can thrive and this government ~~is~~**are** determined" in out
    assert "- *only in B*: **Updated statutory guidance, “Working Together”, which sets out how to safeguard" in out
    assert out.count("unchanged sentences") == 3 and out.endswith("*… 21 unchanged sentences …*\n")


def test_compare_never_prints_document_control_characters(corpus, capsys):
    h1, h2 = corpus.records[2], corpus.records[3]
    for fmt in ("text", "markdown"):
        code, out, _ = run(capsys, "compare", h1.id, h2.id, "--format", fmt)
        assert code == 0
        assert "\x1b" not in out and "\u202e" not in out
        assert "␛" in out
    code, out, _ = run(capsys, "compare", h1.id, h2.id, "--format", "markdown")
    assert r"\[bold\]" in out  # markdown specials escaped


def test_compare_unknown_id_is_a_one_line_error(corpus, capsys):
    code, out, err = run(capsys, "compare", "zzzz", corpus.records[0].id)
    assert code == 1 and out == ""
    assert err == "parlread: no record with id or unique id prefix 'zzzz' (try `parlread list`)\n"


def test_versions_lists_groups_pairs_and_inferred_metadata(corpus, capsys):
    a, b = corpus.records[0], corpus.records[1]
    code, out, _ = run(capsys, "versions")
    assert code == 0
    assert out.startswith("group 1: 2 records, similarity up to 0.85\n")
    assert f"    {a.id} ~ {b.id}  similarity 0.85  covered 96% / 87%  version" in out
    assert f"    inferred for {a.id}: date = 2023-12-18  [consistent]" in out
    assert f"    inferred for {b.id}: answered by = David Johnston  [unchecked]" in out
    code, out, _ = run(capsys, "versions", "--json")
    data = json.loads(out)
    (g,) = [g for g in data["groups"] if a.id in g["ids"]]
    assert g["pairs"][0]["kind"] == "version"
    assert g["inferred"][a.id]["date"] == {
        "value": "2023-12-18", "from": b.id, "confidence": "consistent",
        "reason": f"stated by version {b.id} (similarity 0.85); agrees with this record's own 'Dec 18'"}


def test_versions_rejects_bad_threshold(corpus, capsys):
    code, _, err = run(capsys, "versions", "--threshold", "0")
    assert code == 1 and err.startswith("parlread: --threshold must be")


def test_versions_and_compare_commands_stay_light():
    """No Textual in these subcommands; numpy/datasketch only imported when detection runs."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, io, contextlib\n"
        "import corpus.versions, corpus.align\n"
        "assert 'numpy' not in sys.modules, 'numpy imported eagerly'\n"
        "from tui.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    assert main(['compare', 'e8279c', '8696e1']) == 0\n"
        "    assert main(['versions']) == 0\n"
        "assert 'A data strategy' in out.getvalue() and 'group 1: 2 records' in out.getvalue()\n"
        "sys.exit(1 if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 0)\n"
    )
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
