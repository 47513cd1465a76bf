"""Issue 12 in a real terminal (tmux): no key lost while the search index
builds, `A` waits for the notes store, the layout follows every resize, and
NO_COLOR screens open (items 1, 2, 3)."""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path


def write_big_corpus(path: Path, n: int = 4000, seed: int = 7) -> None:
    """``n`` written questions in the Parliament API's JSONL shape, with
    enough distinct words that building the search index takes seconds."""
    rng = random.Random(seed)
    words = ["children", "social", "care", "kinship", "foster", "placement", "local", "authority", "funding",
             "safeguarding", "adoption", "residential", "homes", "workforce", "reform", "strategy", "families",
             "budget", "inspection", "pathfinder", "youth", "leaving", "support", "grant", "review"]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            q = "To ask the Secretary of State for Education, " + " ".join(
                rng.choice(words) + str(rng.randrange(900)) for _ in range(40)) + "."
            a = " ".join(rng.choice(words) + str(rng.randrange(900)) for _ in range(120)) + "."
            item = {"value": {
                "id": 100000 + i, "askingMemberId": 117, "house": "Commons",
                "dateTabled": "2024-01-%02dT00:00:00" % (i % 28 + 1), "uin": str(50000 + i), "questionText": q,
                "answeringBodyName": "Department for Education", "dateAnswered": "2024-02-%02dT00:00:00" % (i % 28 + 1),
                "answerText": f"<p>{a}</p>", "heading": f"Children's Services {i}",
                "isWithdrawn": False, "answerIsHolding": False, "answerIsCorrection": False}}
            fh.write(json.dumps(item) + "\n")




PARLREAD = Path(sys.executable).with_name("parlread")


def _start(tmux, tmp_path: Path, args: str = "", size=(80, 24), extra_env: str = "") -> None:
    env = (
        f"env TERM=xterm-256color PARLREAD_STORE={tmp_path / 'store'} PARLREAD_CACHE={tmp_path / 'cache'} "
        f"XDG_STATE_HOME={tmp_path / 'state'} TEXTUAL_ANIMATIONS=none {extra_env}"
    )
    tmux.start(f"{env} {PARLREAD} {args}", width=size[0], height=size[1])


def _quit(tmux) -> None:
    tmux.send("q")
    assert tmux.wait_exit(20) == 0
    assert "Traceback" not in tmux.capture()


def test_query_typed_while_the_index_builds_is_kept_and_run(tmux, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    write_big_corpus(data / "questions.jsonl")
    _start(tmux, tmp_path, str(data), size=(100, 30))
    tmux.wait_for("of 4000 records", 60)
    # at once, as a user types: ctrl+f and the query in one burst
    tmux.send("C-f")
    tmux.type("kinship12 wq")
    tmux.wait_for("kinship12 wq", 10, "the query in the search box")
    assert "indexing" in tmux.capture(), "the search screen says it is still indexing"
    tmux.wait_for("hits for 'kinship12 wq'", 60)
    # the letters were a query: nothing ran as a command (w = warnings box, q = quit)
    assert "Files skipped or loaded with problems" not in tmux.capture()
    tmux.send("Escape")
    tmux.wait_gone("hits for")
    _quit(tmux)


def test_notes_key_pressed_as_the_library_appears_waits_for_the_store(tmux, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    write_big_corpus(data / "questions.jsonl", n=1500)
    _start(tmux, tmp_path, str(data))
    tmux.wait_for("records", 60)
    tmux.send("A")
    tmux.wait_for("0 annotations", 30, "the notes list")
    assert "is not open" not in tmux.capture()
    tmux.send("Escape")
    tmux.wait_gone("0 annotations")
    _quit(tmux)


def test_layout_follows_every_resize(tmux, tmp_path):
    passage = "what steps she is taking"  # the first record's question, shown only in the reader pane
    _start(tmux, tmp_path, size=(80, 24))
    tmux.wait_for("of 7 records")
    assert passage not in tmux.capture()  # one pane: the library
    tmux.resize(200, 60)
    tmux.wait_for(passage, what="the reader pane after widening")
    tmux.wait_for("of 7 records", what="the library beside it")
    tmux.resize(80, 24)
    tmux.wait_gone(passage, what="one pane again after narrowing")
    tmux.wait_for("of 7 records", what="the library alone")
    # reading in one pane, widened: both panes; narrowed again: the reader alone
    tmux.send("Enter")
    tmux.wait_for(passage)
    tmux.resize(200, 60)
    tmux.wait_for("of 7 records", what="the library beside the reader")
    tmux.wait_for(passage, what="the reader beside the library")
    tmux.resize(90, 24)
    tmux.wait_gone("of 7 records", what="the reader alone")
    tmux.wait_for(passage, what="the reader alone")
    _quit(tmux)


def test_no_color_notes_list_and_comparison_in_a_real_terminal(tmux, tmp_path):
    _start(tmux, tmp_path, size=(80, 24), extra_env="NO_COLOR=1")
    tmux.wait_for("of 7 records")
    tmux.send("A")
    tmux.wait_for("0 annotations")
    tmux.send("Escape")
    tmux.wait_gone("0 annotations")
    tmux.send("j", "j", "j", "v")  # the statement with a republished copy
    tmux.wait_for("Versions of")
    tmux.send("Enter")
    tmux.wait_for("similar")
    tmux.send("]")
    time.sleep(0.5)
    assert "Traceback" not in tmux.capture() and tmux.exit_status() is None
    tmux.send("Escape")
    tmux.wait_for("of 7 records")
    _quit(tmux)
