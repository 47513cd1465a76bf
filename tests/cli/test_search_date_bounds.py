"""`parlread search --from/--to`: a day that does not exist, or a range that ends before it
starts, is a clear usage message and exit 1 — it used to roll over or match nothing silently
(a user typing 2025-13-45 got 2026 hits).  Corpus: the bundled samples (Contains Parliamentary
information licensed under the Open Parliament Licence v3.0)."""

from __future__ import annotations

import pytest

from tui.cli import main


@pytest.fixture(autouse=True)
def _own_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.mark.parametrize("argv, message", [
    (["--from", "2025-13-45"], "--from '2025-13-45': no month 13"),
    (["--from", "2025-02-30"], "--from '2025-02-30': no day 30 in 2025-02"),
    (["--to", "2024-00"], "--to '2024-00': no month 0"),
    (["--from", "2025-01-01", "--to", "2024-01-01"], "--from 2025-01-01 is after --to 2024-01-01"),
])
def test_impossible_dates_are_refused(capsys, argv, message):
    assert main(["search", "social care", *argv]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.strip().splitlines() == [out.err.strip()] and message in out.err


def test_a_real_range_still_searches(capsys):
    assert main(["search", "social care", "--from", "2024-02-29", "--to", "2024-12"]) == 0
    out = capsys.readouterr()
    assert "86adf45d7ed4" in out.out and out.err == ""  # asked 2024-12-12: in the range
    assert "fbf19078a9d0" not in out.out  # 2023-02-10: outside it
