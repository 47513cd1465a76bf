"""A one-shot command whose record's cached texts vanish and whose source file is edited while it
runs (``parlread cache --clear`` and an editor in another shell; corpus/textstore.py StaleText):
one line on stderr that names the file and says what to do, exit 1 — never another record's text,
never an "internal error" with a traceback in the crash log.

Fixtures: tests/fixtures/import (Parliament API JSON lines, TheyWorkForYou XML).
Contains Parliamentary information licensed under the Open Parliament Licence v3.0.
"""

from __future__ import annotations

import pytest

from corpus import textstore
from corpus.loader import load
from tui.cli import common, main

from lazy_support import FIX, cached_copies


@pytest.fixture
def racing(tmp_path, monkeypatch):
    """A warm cache; the command's corpus comes from it, then the cache is cleared and the file edited."""
    monkeypatch.setenv("PARLREAD_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    d = cached_copies(tmp_path, monkeypatch, [FIX / "wq_dfe.jsonl"])
    load([str(d)])
    src = d / "wq_dfe.jsonl"
    first_id = load([str(d)]).records[0].id
    real = common.load_corpus_cached

    def load_then_race(paths, quiet=False):
        corpus = real(paths, quiet=quiet)
        for e in (tmp_path / "cache").rglob("*.rc"):
            e.unlink()
        textstore._close_all()
        lines = src.read_text("utf-8").splitlines()
        src.write_text("\n".join(lines[1:] + lines[:1]) + "\n", "utf-8")
        return corpus

    monkeypatch.setattr(common, "load_corpus_cached", load_then_race)
    return d, src, first_id


def test_show_says_the_file_changed_and_exits_1(racing, capsys):
    d, src, first_id = racing
    code = main(["show", first_id, str(d)])
    err = capsys.readouterr().err
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(src) in lines[0] and "changed since it was loaded" in lines[0]
    assert "run the command again" in lines[0] and "internal error" not in err


def test_show_json_prints_no_half_record(racing, capsys):
    d, src, first_id = racing
    code = main(["show", first_id, "--json", str(d)])
    out = capsys.readouterr()
    assert code == 1
    assert out.out == ""  # the JSON is written whole or not at all
    assert "run the command again" in out.err
