"""The export dialog's write (tui/screens/files.py) never widens what the umask or the replaced file allows."""

from __future__ import annotations

import os
import stat

from tui.screens.files import write_text_atomic


def test_dialog_export_follows_umask_and_keeps_a_replaced_files_mode(tmp_path):
    new, kept = tmp_path / "new.md", tmp_path / "kept.md"
    kept.write_text("old")
    os.chmod(kept, 0o640)
    previous = os.umask(0o077)
    try:
        write_text_atomic(new, "# notes\n")
        write_text_atomic(kept, "# notes\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert new.read_text() == kept.read_text() == "# notes\n"
