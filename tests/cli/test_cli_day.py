"""Issue 12 item 9: the command line as a researcher types it.

Options anywhere, ambiguous id prefixes named, one matching rule for
--department and --member (the facet screen's), conflicting options refused,
exit codes as the README says, search hits under their record's title,
"no records found" for empty or binary-only folders, list --json dates, and a
build without setuptools warnings.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpus" / "samples"


def test_options_may_come_before_paths(capsys):
    assert main(["show", "e5b3", "--json", str(SAMPLES)]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Safeguarding Update"
    assert main(["list", "--json", str(SAMPLES / "000_0791e2d4d0a48e38.txt")]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["search", "--limit", "1", "kinship", "--json", str(SAMPLES)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_an_ambiguous_id_prefix_lists_the_records_it_starts(capsys):
    assert main(["show", "86"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "ambiguous" in err and "8696e1903799" in err and "86adf45d7ed4" in err
    assert "Children’s Social Care" in err
    assert main(["compare", "86", "e8"]) == 1
    err = capsys.readouterr().err
    assert "ambiguous" in err and "8696e1903799" in err
    assert main(["show", "zz"]) == 1
    assert "no record or passage with id 'zz'" in capsys.readouterr().err


def test_compare_usage_error_names_only_what_is_missing(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["compare", "8696"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "the following arguments are required: B" in err and "PATH" not in err.splitlines()[-1]


def test_json_and_format_together_are_refused(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["compare", "8696", "e827", "--json", "--format", "markdown"])
    assert exc.value.code == 2
    assert "--json and --format markdown cannot be combined" in capsys.readouterr().err
    assert main(["compare", "8696", "e827", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("## Comparison:")
    assert main(["compare", "8696", "e827", "--json"]) == 0
    assert "rows" in json.loads(capsys.readouterr().out)


def test_usage_errors_exit_with_the_code_the_readme_gives(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"Exit codes: 0 ok, 1 a\s+user error.*?(\d) a usage error", readme, re.S)
    assert m, "the README states the usage-error exit code"
    with pytest.raises(SystemExit) as exc:
        main(["show", "--no-such-option", "x"])
    assert exc.value.code == int(m.group(1))
    assert "internal error" in readme and "70" in readme


def test_department_and_member_match_like_the_facets(capsys):
    # --department: any department whose name contains the word (any case)
    assert main(["search", "care", "--department", "education", "--json", "--limit", "0"]) == 0
    hits = json.loads(capsys.readouterr().out)
    from corpus.loader import load

    corpus = load(None)
    assert hits and {corpus.record(h["record_id"]).department for h in hits} == {"Department for Education"}
    # the same word, any case, gives the same hits; the exact name too
    assert main(["search", "care", "--department", "EDUCATION", "--json", "--limit", "0"]) == 0
    assert json.loads(capsys.readouterr().out) == hits
    # --member: the same substring rule over askers, answerers (the facet's names)
    assert main(["search", "care", "--member", "smith", "--json", "--limit", "0"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {h["record_id"] for h in hits} == {"c94a1d15e2e2"}  # Baroness Smith of Malvern answered it
    # a word that matches no value says so (exit 1), instead of printing nothing
    assert main(["search", "care", "--department", "defence"]) == 1
    err = capsys.readouterr().err
    assert "no department matches 'defence'" in err and "Department for Education" in err


def test_search_output_shows_each_records_title(capsys):
    assert main(["search", "kinship", "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "8696e1903799  Children’s Social Care  [written statement · 2023-12-18]"
    assert lines[1].startswith("  100.0  8696e1903799.") and "«kinship»" in lines[1]
    assert main(["search", "kinship", "--limit", "1", "--json"]) == 0
    (hit,) = json.loads(capsys.readouterr().out)
    assert hit["record_title"] == "Children’s Social Care" and hit["record_date"] == "2023-12-18"


def test_empty_or_binary_only_folder_is_an_error(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["list", str(empty)]) == 1
    assert capsys.readouterr().err == f"parlread: no records found in {empty}\n"
    binary = tmp_path / "bin"
    binary.mkdir()
    (binary / "scan.pdf").write_bytes(b"%PDF-1.4\x00\x01\x02" + bytes(range(256)) * 8)
    assert main(["search", "care", str(binary)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"parlread: no records found in {binary} (see the warnings above)"
    assert "scan.pdf" in err


def test_list_json_fills_date_from_answered_or_asked_and_says_so(capsys):
    assert main(["list", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    answered = rows["c94a1d15e2e2"]  # a written question answered on 2024-10-21
    assert answered["date"] == "2024-10-21" and answered["date_source"] == "date_answered"
    assert "answered date" in answered["field_notes"]["date"]
    asked = rows["86adf45d7ed4"]  # not answered yet: the asked date
    assert asked["date"] == "2024-12-12" and asked["date_source"] == "date_asked"
    statement = rows["8696e1903799"]
    assert statement["date"] == "2023-12-18" and statement["date_source"] == "date"
    unknown = rows["e8279c0266c2"]  # "Dec 18" with no year: unknown stays unknown
    assert unknown["date"] is None and unknown["date_source"] is None
    # the schema (help text) says so
    proc = subprocess.run([sys.executable, "-m", "tui.cli", "list", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert "date_source" in proc.stdout


def test_building_the_package_prints_no_setuptools_warnings(tmp_path):
    """`make run` installs the package: its build must be quiet and complete."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    build_output = [l for l in (proc.stdout + proc.stderr).splitlines() if not l.startswith("WARNING: Location")]
    noisy = [l for l in build_output if "Warning" in l or "!!" in l or "would be ignored" in l]
    assert noisy == []
    (wheel,) = tmp_path.glob("parlread-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "corpus/samples/LICENCE" in names and "tui/app.tcss" in names
    assert sum(n.startswith("corpus/samples/") and n.endswith(".txt") for n in names) == 5
    assert not any(n.startswith(("tests/", "benchmarks/", "scripts/")) for n in names)
