"""QA (qa5) in a real terminal: text typed straight after a key that opens a
dialog with a text field (`F` facets, `O` open, `I` import, `E` export) goes
into that field; nothing runs as a library command (tmux sends it in one burst,
as a fast typist does)."""

from __future__ import annotations

import pytest

from tests.e2e.test_day_tmux import _quit, _start


@pytest.mark.parametrize(
    "key, screen_text",
    [
        ("O", "Open a file or folder"),
        ("I", "Import: a W3C annotation file"),
        ("F", "Dates from"),
    ],
)
def test_letters_typed_right_after_a_dialog_key_land_in_its_field(tmux, tmp_path, key, screen_text):
    _start(tmux, tmp_path, size=(80, 24))
    tmux.wait_for("of 7 records")
    tmux.wait_stable()
    # one burst: the key and then text; "n" would be "next hit", "i" the inbox, "/" find
    tmux.send(key)
    tmux.type("zq/n")
    tmux.wait_for(screen_text, 10, "the dialog")
    tmux.wait_for("zq/n", 10, "the letters typed in the dialog's field")
    assert "No search hits" not in tmux.capture()
    tmux.send("Escape")
    tmux.wait_gone(screen_text)
    _quit(tmux)


def test_keys_typed_right_after_export_do_not_run_as_commands(tmux, tmp_path):
    _start(tmux, tmp_path, size=(80, 24))
    tmux.wait_for("of 7 records")
    tmux.wait_stable()
    tmux.send("E")
    tmux.type("/n")  # "/" was find-in-record, "n" next hit: they ran under the dialog
    tmux.wait_for("Export notes and tags", 10, "the export dialog")
    tmux.wait_stable()
    screen = tmux.capture()
    assert "hits for" not in screen and "No search hits" not in screen
    tmux.send("Escape")
    tmux.wait_gone("Export notes and tags")
    assert "hits for" not in tmux.capture()
    _quit(tmux)
