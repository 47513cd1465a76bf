"""Every ``@work`` in the app names its worker.

Without ``description=``, Textual's decorator builds the worker's name from
``repr()`` of every argument, on the UI thread, each time the worker starts.
A ``Record`` argument reprs all its passages: the saved-first-screen worker,
given the 100,000 records of a corpus, made a 600 MB string and pushed a
first start's peak from ~480 MB to 1,031 MB (benchmarks/bench_memory.py on an
empty cache); the library filter repr'd the kept record at every keystroke.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _work_decorators():
    for path in sorted((ROOT / "tui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for dec in node.decorator_list:
                    target = dec.func if isinstance(dec, ast.Call) else dec
                    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
                    if name == "work":
                        yield path.relative_to(ROOT), node.name, dec


def test_the_app_has_workers_to_check():
    assert len(list(_work_decorators())) >= 8


def test_every_work_decorator_gives_a_description():
    missing = [
        f"{path}:{dec.lineno} {fn}"
        for path, fn, dec in _work_decorators()
        if not (isinstance(dec, ast.Call) and any(k.arg == "description" for k in dec.keywords))
    ]
    assert not missing, "workers named by repr() of their arguments: " + ", ".join(missing)
