"""Bytes written to the terminal: parlread paging / one search keystroke vs `less`.

Each program runs in its own private tmux server; ``pipe-pane`` records every
byte it writes to the terminal.  For paging, the same record is opened in
parlread and (as the text of ``parlread show ID``) in ``less``, then space is
pressed N times; after each key we wait for the screen to settle and count the
new bytes.  For search, one more letter is typed into the search box
(``ctrl+f``) after the results for the rest of the query are shown.  parlread
is measured with TEXTUAL_ANIMATIONS=none (what an SSH session gets by default,
see tui/terminal_env.py) and =full, and at two terminal sizes.  Medians over
the key presses; ratios against less in the same run.

    .venv/bin/python benchmarks/bench_bytes.py [--pages 8] [--sizes 80x24,200x60]

Needs tmux and less (scripts/ci_system_deps.sh).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from conftest import Tmux, parlread_command, wait_until  # noqa: E402

SAMPLE = ROOT / "corpus" / "samples" / "003_ce5a13d1d94d3009.txt"  # a written statement
REPEAT = 6  # its body six times over: a long record (~90 passages) so every page press moves
QUERY = "kinship carer allowenc"  # then one more keystroke: "e"


def settle_bytes(tmux: Tmux, quiet: float = 0.3) -> int:
    """Wait until the screen and the pipe file stop changing; the byte count."""
    tmux.wait_stable(quiet=quiet, timeout=30)
    state = {"n": -1, "since": time.monotonic()}

    def still():
        n = len(tmux.raw())
        if n != state["n"]:
            state["n"], state["since"] = n, time.monotonic()
            return False
        return time.monotonic() - state["since"] >= quiet

    wait_until(still, 30, "the pipe to go quiet")
    return state["n"]


def per_key(tmux: Tmux, keys: list[str]) -> list[int]:
    counts = []
    before = settle_bytes(tmux)
    for k in keys:
        tmux.send(k)
        after = settle_bytes(tmux)
        counts.append(after - before)
        before = after
    return counts


def parlread_env(d: Path, animations: str) -> str:
    return (f"env TERM=xterm-256color PARLREAD_STORE={shlex.quote(str(d / 'store'))} "
            f"PARLREAD_CACHE={shlex.quote(str(d / 'cache'))} TEXTUAL_ANIMATIONS={animations}")


def bench_parlread_paging(d: Path, size: tuple[int, int], pages: int, animations: str) -> list[int]:
    t = Tmux(d / f"p-{animations}-{size[0]}.sock")
    try:
        long_file = shlex.quote(str(d / "long" / "statement.txt"))
        t.start(f"cd {shlex.quote(str(ROOT))} && {parlread_env(d, animations)} {parlread_command()} {long_file}", *size)
        t.wait_for(r"\b1 of 1 records", timeout=30)
        t.wait_stable()
        t.send("Enter")
        t.wait_for(r"passages · id")
        t.wait_stable()
        t.pipe(d / f"p-{animations}-{size[0]}.bin")
        return per_key(t, ["Space"] * pages)
    finally:
        t.kill()


def bench_parlread_search_key(d: Path, size: tuple[int, int], animations: str) -> int:
    t = Tmux(d / f"s-{animations}-{size[0]}.sock")
    try:
        t.start(f"cd {shlex.quote(str(ROOT))} && {parlread_env(d, animations)} {parlread_command()}", *size)
        t.wait_for(r"[1-9]\d* of [1-9]\d* records", timeout=30)
        t.press_and_wait_change("C-f")
        t.type(QUERY)
        t.wait_for(r"hits? for")
        t.wait_stable()
        t.pipe(d / f"s-{animations}-{size[0]}.bin")
        before = settle_bytes(t)
        t.type("e")
        return settle_bytes(t) - before
    finally:
        t.kill()


def bench_less_paging(d: Path, size: tuple[int, int], pages: int, text_file: Path) -> list[int]:
    t = Tmux(d / f"less-{size[0]}.sock")
    try:
        t.start(f"env TERM=xterm-256color LESS= less {shlex.quote(str(text_file))}", *size)
        t.wait_for(r"\S", timeout=10)
        t.pipe(d / f"less-{size[0]}.bin")
        return per_key(t, ["Space"] * pages)
    finally:
        t.kill()


def record_text(d: Path) -> Path:
    """Write the long record (for parlread) and its `parlread show` text (for less)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    head, body = lines[:6], [ln for ln in lines[6:] if ln.strip()]
    paras = [f"{p} (part {i + 1})" for i in range(REPEAT) for p in body]
    src = d / "long" / "statement.txt"
    src.parent.mkdir()
    src.write_text("\n".join(head) + "\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    env = {**os.environ, "PARLREAD_CACHE": str(d / "cache")}
    listing = subprocess.run([sys.executable, "-m", "tui.cli", "list", str(src)], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True).stdout
    (rid,) = [line.split()[0] for line in listing.splitlines() if line.strip()]
    shown = subprocess.run([sys.executable, "-m", "tui.cli", "show", rid, str(src)], cwd=ROOT, env=env,
                           capture_output=True, text=True, check=True).stdout
    f = d / "record.txt"
    f.write_text(shown)
    return f


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=8)
    ap.add_argument("--sizes", default="80x24,200x60")
    args = ap.parse_args()
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="parlread-bytes-") as tmp:
        d = Path(tmp)
        text = record_text(d)
        lines = text.read_text().count("\n")
        print(f"record: sample 003 x{REPEAT}, {lines} lines of `parlread show` text; {args.pages} presses of space; medians per key press")
        print(f"{'size':>7}  {'program':<28} {'median B/key':>12} {'total B':>9} {'vs less':>8}")
        for size in sizes:
            less = bench_less_paging(d, size, args.pages, text)
            less_med = statistics.median(less) or 1
            rows = [("less", less)]
            for anim in ("none", "full"):
                rows.append((f"parlread page (anim={anim})", bench_parlread_paging(d, size, args.pages, anim)))
            for name, counts in rows:
                med = statistics.median(counts)
                print(f"{size[0]:>3}x{size[1]:<3}  {name:<28} {med:>12.0f} {sum(counts):>9} {med / less_med:>7.1f}x")
            for anim in ("none", "full"):
                n = bench_parlread_search_key(d, size, anim)
                print(f"{size[0]:>3}x{size[1]:<3}  {'parlread 1 search key (' + anim + ')':<28} {n:>12} {n:>9} {n / less_med:>7.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
