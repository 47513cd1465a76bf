"""An unexpected error inside the app exits non-zero with the traceback in a log file (QA).

Found in tmux: the notes list crashed under NO_COLOR (see /work/notes/qa1.md); Textual printed
the traceback and `parlread` exited 0 with nothing logged.
"""

from __future__ import annotations

import argparse

from textual.app import App


class Boom(App):
    def __init__(self, *a, **kw) -> None:
        super().__init__()

    def on_mount(self) -> None:
        raise RuntimeError("boom in the app")

    def run(self, *a, **kw):  # headless: no terminal in the test
        return super().run(headless=True)


def test_a_crash_in_the_app_exits_1_and_writes_a_log(monkeypatch, tmp_path, capsys):
    import tui.app
    from tui.cli import app_cmd

    monkeypatch.setattr(tui.app, "ParlreadApp", Boom)
    monkeypatch.setenv("PARLREAD_FORCE_APP", "1")
    monkeypatch.setenv("PARLREAD_LOG_DIR", str(tmp_path / "logs"))
    code = app_cmd.run(argparse.Namespace(paths=[], store=None))
    assert code == 1
    err = capsys.readouterr().err
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    text = logs[0].read_text(encoding="utf-8")
    assert "RuntimeError: boom in the app" in text and "Traceback" in text
    assert str(logs[0]) in err
