"""pyflakes' checks (ruff's F rules: unused imports and variables, undefined
names, redefinitions, f-strings without placeholders) hold in the code this
test covers.  `make lint` runs the same over the whole tree (it also reports
the re-export blocks other modules keep on purpose)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ["corpus", "annotations", "tui", "tests", "benchmarks", "scripts"]


def test_no_pyflakes_findings_in_the_command_line_and_the_formats():
    ruff = Path(sys.executable).with_name("ruff")
    out = subprocess.run([str(ruff), "check", "--select", "F", "--no-cache", "--output-format", "concise", *CHECKED],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
