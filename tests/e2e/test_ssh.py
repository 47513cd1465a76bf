"""parlread over a real SSH connection (throwaway sshd on 127.0.0.1), inside tmux.

tmux runs ``ssh -tt … parlread``; send-keys types, capture-pane reads the
screen and pipe-pane records every byte the app sent to the terminal.  Every
wait polls with a timeout.  Steps that need an app feature which is missing
FAIL with a message saying so (no skips).
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, Tmux, remote_command

pytestmark = pytest.mark.slow

LIST_READY = r"([1-9]\d*) of ([1-9]\d*) records"
READER_ID = re.compile(r"\d+ passages? · id ([0-9a-f]{12})")
SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def sgr_colours(raw: bytes) -> list[tuple]:
    """Every colour set by SGR sequences: ("16", n) / ("256", n) / ("rgb", r, g, b)."""
    found: list[tuple] = []
    for m in SGR.finditer(raw):
        params = [int(p) if p else 0 for p in m.group(1).replace(b":", b";").split(b";")]
        i = 0
        while i < len(params):
            p = params[i]
            if p in (38, 48) and i + 1 < len(params):
                if params[i + 1] == 5 and i + 2 < len(params):
                    found.append(("256", params[i + 2]))
                    i += 3
                    continue
                if params[i + 1] == 2 and i + 4 < len(params):
                    found.append(("rgb", *params[i + 2 : i + 5]))
                    i += 5
                    continue
            if 30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 97 or 100 <= p <= 107:
                found.append(("16", p))
            i += 1
    return found


def is_grey(colour: tuple) -> bool:
    if colour[0] == "rgb":
        return colour[1] == colour[2] == colour[3]
    if colour[0] == "256":
        n = colour[1]
        if n >= 232 or n in (0, 7, 8, 15, 16, 231):
            return True
        if 16 <= n <= 231:
            r, g, b = (n - 16) // 36, (n - 16) // 6 % 6, (n - 16) % 6
            return r == g == b
        return False
    return colour[1] % 10 in (0, 7)  # black, white, bright black/white


def test_sgr_colour_parser() -> None:
    raw = b"\x1b[1;38;5;253;48;2;10;10;10m x \x1b[97;100m \x1b[31m \x1b[0m"
    assert sgr_colours(raw) == [("256", 253), ("rgb", 10, 10, 10), ("16", 97), ("16", 100), ("16", 31)]
    assert [is_grey(c) for c in sgr_colours(raw)] == [True, True, True, True, False]


def start(tmux: Tmux, sshd, tmp_path: Path, *, term: str = "xterm-256color", size=(100, 30),
          paths: list[str] = (), env: dict[str, str] | None = None, pipe: bool = True) -> None:
    extra = {"PARLREAD_CACHE": str(tmp_path / "cache"), **(env or {})}
    tmux.start(remote_command(sshd, term=term, store=tmp_path / "store", paths=list(paths), extra_env=extra),
               width=size[0], height=size[1])
    if pipe:
        tmux.pipe(tmp_path / "raw.bin")


def open_first_record(tmux: Tmux) -> str:
    tmux.wait_for(LIST_READY, what="the record list")
    tmux.send("Enter")
    return tmux.wait_for(READER_ID, what="the reader (Enter on the list)").group(1)


def quit_app(tmux: Tmux) -> None:
    tmux.send("q")
    status = tmux.wait_exit(timeout=40)
    screen = tmux.capture()
    assert "Traceback" not in screen, screen
    assert status == 0, f"exit status {status}:\n{screen}"


def filter_and_open(tmux: Tmux, words: str) -> str:
    tmux.wait_for(LIST_READY, what="the record list")
    tmux.press_and_wait_change("f", what="the filter to take focus (f)")
    tmux.type(words)
    tmux.wait_for(r"\b1 of \d+ records", what=f"the filter {words!r} to leave one record")
    tmux.send("Enter")  # filter -> list
    tmux.send("Enter")  # open
    tmux.wait_for(READER_ID, what="the reader")
    tmux.wait_stable()  # the wide layout's reader showed the old cursor record until now
    return tmux.wait_for(READER_ID, what="the reader").group(1)


# ---- any terminal ------------------------------------------------------------------------

TERMS = [
    ("xterm-256color", {}),
    ("screen-256color", {}),
    ("tmux-256color", {}),
    ("xterm", {}),
    ("linux", {}),
    ("xterm-256color", {"NO_COLOR": "1"}),
]


@pytest.mark.parametrize(("term", "env"), TERMS, ids=[t + ("-NO_COLOR" if e else "") for t, e in TERMS])
def test_start_open_quit_in_each_terminal(sshd, tmux, tmp_path, term, env) -> None:
    start(tmux, sshd, tmp_path, term=term, size=(80, 24), env=env)
    m = tmux.wait_for(LIST_READY, what="the sample corpus list")
    assert int(m.group(1)) >= 5
    screen = tmux.capture()
    assert "Bishop of St Albans" in screen or "Children" in screen, screen
    open_first_record(tmux)
    quit_app(tmux)
    raw = tmux.raw()
    assert raw, "pipe-pane recorded nothing"
    colours = sgr_colours(raw)
    assert colours, "no SGR colour at all: did the app draw?"
    if term in ("xterm", "linux"):
        wide = [c for c in colours if c[0] != "16"]
        assert not wide, f"TERM={term}: 256/true-colour sequences sent to a 16-colour terminal: {wide[:5]}"
    if env.get("NO_COLOR"):
        hues = sorted({c for c in colours if not is_grey(c)})
        assert not hues, f"NO_COLOR=1 but hues were sent: {hues[:5]}"


# ---- state across resizes ------------------------------------------------------------------


def test_resize_keeps_the_open_record(sshd, tmux, tmp_path) -> None:
    start(tmux, sshd, tmp_path, size=(200, 60), pipe=False)
    rid = filter_and_open(tmux, "2023-12-18")
    for w, h in ((80, 24), (200, 60)):
        tmux.resize(w, h)
        assert tmux.size() == (w, h)
        m = tmux.wait_for(READER_ID, what=f"the reader after resizing to {w}x{h}")
        assert m.group(1) == rid, f"after resizing to {w}x{h} another record is open"
        lines = tmux.capture().splitlines()
        assert max(len(line) for line in lines) <= w
    # the layout follows the resize (issue 12): wait for the library pane to come back
    tmux.wait_for(LIST_READY, what="the library back in the wide layout")
    quit_app(tmux)


# ---- features -------------------------------------------------------------------------------


def test_search_with_a_typo_finds_kinship_passages(sshd, tmux, tmp_path) -> None:
    start(tmux, sshd, tmp_path, size=(120, 40), pipe=False)
    tmux.wait_for(LIST_READY, what="the record list")
    try:
        tmux.press_and_wait_change("C-f", what="the search screen (ctrl+f)")
    except pytest.fail.Exception as exc:
        pytest.fail(f"ctrl+f (search) is not in the app yet\n{exc}", pytrace=False)
    tmux.type("kinship carer allowence")
    m = tmux.wait_for(r"(?i)\b([1-9]\d*) (results?|matches|hits)\b", timeout=15,
                      what="a result count for the typo query 'kinship carer allowence'")
    results = tmux.capture()
    assert int(m.group(1)) >= 2, results
    assert len(re.findall(r"(?i)kinship", results)) >= 2, results
    tmux.send("Enter")  # open the best hit
    tmux.wait_gone(r"hits? for", what="the search screen to close on Enter")
    screen = tmux.capture()
    assert re.search(r"(?i)allowance", screen), f"the typo 'allowence' did not lead to 'allowance':\n{screen}"
    quit_app(tmux)


def test_tag_a_passage_lands_in_the_store(sshd, tmux, tmp_path) -> None:
    start(tmux, sshd, tmp_path, size=(120, 40), pipe=False)
    rid = filter_and_open(tmux, "2023-12-18")
    try:
        tmux.press_and_wait_change("t", what="a tag prompt (t)")
    except pytest.fail.Exception as exc:
        pytest.fail(f"`t` (tag the passage) is not in the app yet\n{exc}", pytrace=False)
    tmux.type("kinship-e2e")
    tmux.send("Enter")
    tmux.wait_for(r"kinship-e2e", timeout=15, what="the new tag on screen")
    quit_app(tmux)
    out = subprocess.run(
        [sys.executable, "-m", "tui.cli", "annotations", "--json", "--store", str(tmp_path / "store")],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "PARLREAD_CACHE": str(tmp_path / "cache")},
    )
    assert out.returncode == 0, out.stderr
    anns = json.loads(out.stdout)
    tagged = [a for a in anns if "kinship-e2e" in a.get("tags", [])]
    assert len(tagged) == 1, f"tag not stored exactly once: {out.stdout[:2000]}"
    (ann,) = tagged
    target = ann["target"]
    assert target["source"] == rid, "the tag landed on another record"
    assert target["passage"].startswith(rid + "."), target
    exact = [sel["exact"] for sel in target["selector"] if sel.get("type") == "TextQuoteSelector"]
    assert exact and exact[0].startswith("The Prime Minister has been clear"), "not the passage under the cursor"


def test_versions_list_and_side_by_side_comparison(sshd, tmux, tmp_path) -> None:
    start(tmux, sshd, tmp_path, size=(160, 40), pipe=False)
    rid = filter_and_open(tmux, "2023-12-18")  # the Hansard statement; the other sample is its earlier version
    try:
        tmux.press_and_wait_change("v", what="the screen to react to v")
        tmux.wait_for(r"Versions of: Children’s Social Care", timeout=10, what="the versions list (v)")
    except pytest.fail.Exception as exc:
        pytest.fail(f"`v` (versions list) is not in the app yet\n{exc}", pytrace=False)
    tmux.wait_for(r"\d+% similar", what="a version with its similarity")
    tmux.send("Enter")
    m = tmux.wait_for(r"(\d+)% similar\s+=(\d+) same\s+~(\d+) changed", timeout=15, what="the side-by-side comparison (Enter)")
    screen = tmux.capture()
    assert f"A: Children’s Social Care  2023-12-18  {rid}" in screen, screen
    assert "B: Children's Social Care Update" in screen, screen
    assert int(m.group(3)) >= 1
    # word differences are marked with brackets, readable without colour
    assert "[-Government are-]" in screen and "{+government is+}" in screen, screen
    tmux.send("Escape")
    tmux.wait_gone(r"\d+% similar\s+=\d+ same", what="the comparison to close (Esc)")
    quit_app(tmux)


# ---- hostile text: raw bytes on the wire, OSC 52 --------------------------------------------


@pytest.fixture
def hostile_dir(tmp_path):
    from hostile import make_hostile_corpus

    d = tmp_path / "hostile"
    make_hostile_corpus(d, long_line_mb=0)
    return d


def _passage_text(hostile_dir: Path, word: str) -> str:
    env = {**os.environ, "PARLREAD_CACHE": "off"}
    code = (
        "import sys, json; from corpus.loader import load;"
        f"c = load([{str(hostile_dir)!r}]);"
        f"r = [r for r in c.records if {word!r} in r.text][0];"
        "print(json.dumps(r.passages[0].text))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def test_hostile_record_sends_no_document_escape_and_osc52_copies(sshd, tmux, tmp_path, hostile_dir) -> None:
    start(tmux, sshd, tmp_path, size=(200, 50), paths=[str(hostile_dir)])
    filter_and_open(tmux, "Hostile ansi")  # the library filter matches titles
    tmux.wait_for(r"zebraansi", what="the hostile record's text")
    screen = tmux.capture()
    assert "aGVsbG8=" in screen and "pwned" in screen, f"payload not shown literally:\n{screen}"
    raw = tmux.raw()
    # the document's own escape sequences never reach the terminal …
    for seq in (b"\x1b]52;c;aGVsbG8=", b"\x1b]0;pwned", b"\x1b]8;;https://evil", b"\xc2\x9b", b"\x1b[31mred"):
        assert seq not in raw, f"document escape {seq!r} reached the terminal"
    for bidi in ("\u202e", "\u2066", "\u2067", "\u2068", "\u2069"):
        assert bidi.encode() not in raw, f"bidi control {bidi!r} reached the terminal"
    # … they are drawn as text
    assert b"aGVsbG8=" in raw and b"pwned" in raw

    # y: the app's own OSC 52 with the passage text, base64-encoded
    text = _passage_text(hostile_dir, "zebraansi")
    expected = b"\x1b]52;c;" + base64.b64encode(text.encode()) + b"\x07"
    tmux.send("y")
    try:
        tmux.wait_for(r"(?i)copied", timeout=15, what="the copy notification (y)")
    except pytest.fail.Exception as exc:
        pytest.fail(f"`y` (copy passage) did not confirm\n{exc}", pytrace=False)
    assert expected in tmux.raw(), "y did not send OSC 52 with the passage text"

    # Y: the citation, also via OSC 52
    n_before = tmux.raw().count(b"\x1b]52;c;")
    tmux.send("Y")
    tmux.wait_for(r"(?i)citation copied", timeout=15, what="the citation notification (Y)")
    raw = tmux.raw()
    assert raw.count(b"\x1b]52;c;") == n_before + 1, "Y sent no OSC 52 sequence"
    last = raw[raw.rindex(b"\x1b]52;c;") + 7:]
    cited = base64.b64decode(last[: last.index(b"\x07")]).decode()
    assert "zebraansi" in cited
    quit_app(tmux)


# ---- environment over SSH ---------------------------------------------------------------------


def test_ssh_session_gets_animations_off_by_default(sshd) -> None:
    """sshd sets SSH_CONNECTION; the app entry's prepare_environment then defaults animations to none."""
    code = ("import os; os.environ.pop('TEXTUAL_ANIMATIONS', None);"
            "from tui.terminal_env import prepare_environment; prepare_environment();"
            "print(bool(os.environ.get('SSH_CONNECTION')), os.environ['TEXTUAL_ANIMATIONS'])")
    inner = f"cd {REPO} && {sys.executable} -c \"{code}\""
    argv = ["ssh", "-T", *[a for a in sshd.ssh_argv()[1:] if a != "-tt"], inner]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "none"]
