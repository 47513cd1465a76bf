"""Shared test set-up: every test gets its own store and cache directories,
so no test reads or writes the user's real data."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("parlread-home")
    monkeypatch.setenv("PARLREAD_STORE", str(base / "store"))
    monkeypatch.setenv("PARLREAD_CACHE", str(base / "cache"))
    monkeypatch.setenv("PARLREAD_LIBRARY", str(base / "library"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(base / "xdg-state"))  # crash logs (tui/crash.py)
    monkeypatch.delenv("PARLREAD_LOG_DIR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))
    for var in ("PARLREAD_CONFIG", "PARLREAD_CREATOR_NAME", "PARLREAD_CREATOR_ID", "PARLREAD_NOTE_LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    yield base
