"""The core (corpus/, annotations/) must import and work without Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import importlib, pkgutil, sys
import corpus, annotations
names = []
for pkg in (corpus, annotations):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
from corpus.loader import load
c = load()
assert len(c.records) > 0, "the sample corpus loads"
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(len(names), "modules;", "textual loaded:" if bad else "textual not loaded", *bad[:5])
sys.exit(1 if bad else 0)
"""


def test_core_imports_and_loads_without_textual():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "textual not loaded" in proc.stdout


def test_no_textual_import_statement_in_core():
    offenders = []
    for pkg in ("corpus", "annotations"):
        for path in (ROOT / pkg).rglob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                stripped = line.strip()
                if stripped.startswith(("import textual", "from textual")):
                    offenders.append(f"{path.relative_to(ROOT)}: {stripped}")
    assert offenders == []


def test_cli_list_does_not_import_textual():
    code = "import sys; from tui.cli import main; main(['list']); sys.exit(1 if 'textual' in sys.modules else 0)"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
