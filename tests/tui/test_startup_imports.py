"""No heavy module is imported before the first paint (the start-up gain cannot silently regress).

The real command (``tui.cli.main``) runs in a pseudo-terminal, as a user starts
it; the moment Textual first writes the library's status line ("N of N
records") to the terminal, the child records ``sys.modules`` and exits.  Import
times of the listed modules, each measured once in a fresh process after Textual
is imported, on the shared team machine at load average ~5 (so inflated, maybe
2x): numpy 264 ms, httpx 308, jsonschema 223, corpus.search 366 (numpy),
tui.screens.search 490, lxml.html 66, filelock 56, tinydb 25, rapidfuzz 27 (the
notes store), annotations 24, corpus.versions 31.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

import corpus.preview as preview
from corpus.dirs import sample_dir
from corpus.loader import load

ROOT = Path(__file__).resolve().parents[2]

HEAVY = (
    "numpy", "httpx", "jsonschema", "lxml", "rapidfuzz", "tinydb", "filelock",
    "annotations", "corpus.search", "corpus.versions", "corpus.versions_store",
    "tui.screens.search", "tui.screens.compare", "tui.screens.collate", "tui.palette",
)

CHILD = """
import json, os, sys
sys.argv = ['parlread', *{paths!r}]
import corpus.preview
corpus.preview.MIN_RECORDS = {min_records}
from textual.drivers.linux_driver import LinuxDriver
write = LinuxDriver.write
def spy(self, data):
    if 'records' in data:
        with open({out!r}, 'w') as fh:
            json.dump({{'modules': sorted(sys.modules), 'status': data}}, fh)
        os._exit(0)
    write(self, data)
LinuxDriver.write = spy
from tui.cli import main
main()
"""

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")


def _modules_at_first_paint(tmp_path: Path, paths: list[str], min_records: int) -> dict:
    out = tmp_path / "first-paint.json"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", PARLREAD_FORCE_APP="1", TEXTUAL_ANIMATIONS="none",
               PARLREAD_STORE=str(tmp_path / "store"), PARLREAD_LIBRARY=str(tmp_path / "library"))
    code = CHILD.format(paths=paths, min_records=min_records, out=str(out))
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            r, _, _ = select.select([master], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                seen += chunk
                if b"\x1b[c" in chunk:  # answer the device-attributes query
                    os.write(master, b"\x1b[?1;2c")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(master)
    assert out.exists(), f"no first paint; the terminal showed: {ANSI.sub(b'', seen)[-2000:]!r}"
    return json.loads(out.read_text())


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def _corpus_copy(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    old = time.time() - 60  # not "racy": cacheable
    for src in sorted(sample_dir().glob("*.txt")):
        shutil.copy(src, d / src.name)
        os.utime(d / src.name, (old, old))
    return d


def test_no_heavy_module_before_the_first_paint_of_the_samples(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    got = _modules_at_first_paint(tmp_path, [str(sample_dir())], min_records=20_000)
    assert "records" in got["status"]
    assert _heavy(got["modules"]) == []


def test_no_heavy_module_before_the_first_paint_of_a_big_corpus_from_its_preview(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(preview, "MIN_RECORDS", 1)
    d = _corpus_copy(tmp_path)
    records = load([d]).records
    assert preview.save([str(d)], records) is not None
    got = _modules_at_first_paint(tmp_path, [str(d)], min_records=1)
    assert f"{len(records)} of {len(records)} records" in ANSI.sub(b"", got["status"].encode()).decode()
    assert "loading" in got["status"]  # painted from the preview, the records still to be built
    assert _heavy(got["modules"]) == []


@pytest.mark.parametrize("heavy", ["rapidfuzz", "numpy"])
def test_the_check_sees_a_heavy_import(tmp_path, monkeypatch, heavy):
    """The spy is not blind: a heavy module imported on the way to the first paint is reported."""
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    sitecustom = tmp_path / "site"
    sitecustom.mkdir()
    (sitecustom / "sitecustomize.py").write_text(f"import {heavy}\n")
    monkeypatch.setenv("PYTHONPATH", str(sitecustom))
    got = _modules_at_first_paint(tmp_path, [str(sample_dir())], min_records=20_000)
    assert heavy in _heavy(got["modules"])
