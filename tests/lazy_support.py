"""Corpora of copied fixture files that the parsed-record cache will keep (texts read on demand)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

FIX = Path(__file__).resolve().parent / "fixtures" / "import"


def backdate(path: Path) -> None:
    """Modified an hour ago: the cache does not keep files modified just now."""
    old = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(old, old))


def cached_copies(tmp_path: Path, monkeypatch, sources: list[Path], name: str = "data") -> Path:
    """A folder of copies of ``sources``, backdated, with ``PARLREAD_CACHE`` set to ``tmp_path/cache``."""
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    d = tmp_path / name
    d.mkdir()
    for src in sources:
        shutil.copy(src, d / src.name)
        backdate(d / src.name)
    return d
