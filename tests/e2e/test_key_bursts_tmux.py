"""Issue 12 item 2 in a real terminal: bursts of mixed keys across screen
transitions — help opened and closed, the search screen, dialogs — while the
index builds on a fresh cache and while the notes store opens.  Every key
must take effect where it was aimed; none is dropped, none runs on the
screen it was not meant for.

tmux sends each burst in one write, as a fast typist or a paste does.  The
store opening and the index build are held by gates (tests/e2e/gated_parlread.py)
so that the keys always arrive while they are pending; both then really run.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from tests.e2e.conftest import wait_until
from tests.e2e.test_day_tmux import write_big_corpus

GATED = Path(__file__).with_name("gated_parlread.py")


def _start(tmux, tmp_path: Path, data: Path, size=(80, 24), extra_env: str = "") -> Path:
    gates = tmp_path / "gates"
    gates.mkdir()
    env = (
        f"env -u COLUMNS -u LINES TERM=xterm-256color PARLREAD_STORE={tmp_path / 'store'} "
        f"PARLREAD_CACHE={tmp_path / 'cache'} XDG_STATE_HOME={tmp_path / 'state'} HOME={tmp_path} "
        f"TEXTUAL_ANIMATIONS=none PARLREAD_TEST_GATES={gates} PYTHONPATH={shlex.quote(str(GATED.parents[2]))} {extra_env}"
    )
    tmux.start(f"{env} {shlex.quote(sys.executable)} {shlex.quote(str(GATED))} {data}", width=size[0], height=size[1])
    return gates


def _notes(store: Path) -> list[str]:
    """The note texts in the store the app wrote (read with the store's own API)."""
    from annotations import AnnotationStore

    return [a.note for a in AnnotationStore.open(store).all()]


def test_bursts_across_screens_while_indexing_and_while_the_store_opens(tmux, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    write_big_corpus(data / "questions.jsonl", n=1500)
    gates = _start(tmux, tmp_path, data)
    tmux.wait_for("of 1500 records", 60)
    tmux.wait_stable()

    # 1. help opened, scrolled and closed, then the search screen (still indexing), a query with a
    #    typo corrected, and the help over the search screen: Backspace just before F1 counts
    # (an Esc followed at once by another key reads as Alt+key in any terminal: bursts here
    # close screens with ? and q, and Esc comes last in its burst)
    tmux.send("?", "j", "?", "C-f")
    tmux.type("kinship12 wqx")
    tmux.send("BSpace", "F1")
    tmux.wait_for("Keys for: Search", 10, "the help over the search screen")
    tmux.send("Escape")
    tmux.wait_gone("Keys for: Search")
    tmux.wait_for(r"kinship12 wq\s", 10, "the query with the typo removed (Backspace before F1)")
    assert "kinship12 wqx" not in tmux.capture()
    assert "indexing" in tmux.capture()

    # 2. the index arrives: the query runs; then Enter (opens the best hit, closing the search
    #    screen) and the library filter in one burst
    (gates / "index").touch()
    tmux.wait_for("hits for 'kinship12 wq'", 60)
    tmux.send("Enter", "f")
    tmux.type("Services 12")
    tmux.wait_for(r"Services 12", 10, "the filter text in the library's filter")
    tmux.wait_for(r"\b(?!1500 )\d+ of 1500 records", 10, "the library filtered")
    screen = tmux.capture()
    assert "Services 12" in screen and "hits for" not in screen, screen
    assert "kinship12 wqServices" not in screen, "the filter text went into the closed search box"

    # 3. the store is still opening: open a record and write a note in one burst
    tmux.send("Enter", "Enter", "a")
    tmux.type("burst note kept")
    tmux.send("C-s")
    tmux.wait_for("Opening the notes store", 10)
    assert "burst note kept" not in tmux.capture(), "the note's letters ran before the note dialog was open"
    (gates / "store").touch()
    tmux.wait_for("✎ burst note kept", 20, "the note saved with every letter typed while the store opened")
    wait_until(lambda: "burst note kept" in _notes(tmp_path / "store"), 10, "the note in the store")

    # 4. the notes list and a move in it, at once; then help and back
    tmux.send("A", "j", "q", "?", "j", "q")
    tmux.wait_stable()
    screen = tmux.capture()
    assert "Keys for" not in screen and "1 annotation" not in screen, screen
    tmux.send("q")
    assert tmux.wait_exit(20) == 0
    assert "Traceback" not in tmux.capture()
