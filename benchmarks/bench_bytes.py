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

    .venv/bin/python benchmarks/bench_bytes.py [--pages 8] [--sizes 80x24,200x60] [--before REV]

``--before REV`` also measures parlread as of git revision REV (checked out in
a temporary worktree, run with this interpreter) in the same run: before and
after side by side.  The last column splits one median page press of each
program into cursor moves / SGR (colour and attribute) sequences / text.

Needs tmux and less (scripts/ci_system_deps.sh).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import pytest  # noqa: E402  (the tmux helpers report timeouts as pytest failures)
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
    tmux.median_press = _median_press(tmux.raw(), counts)
    return counts


def _median_press(raw: bytes, counts: list[int]) -> bytes:
    """The bytes of the key press whose count is the median (for split_bytes)."""
    start = len(raw) - sum(counts)
    spans = []
    for n in counts:
        spans.append((n, raw[start:start + n]))
        start += n
    spans.sort(key=lambda t: t[0])
    return spans[len(spans) // 2][1]


class Program:
    """How to start one parlread: from this checkout, or another one (--before)."""

    def __init__(self, root: Path, command: str, label: str) -> None:
        self.root, self.command, self.label = root, command, label
        self.slug = re.sub(r"\W+", "-", label)


_SEQ = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]")


def split_bytes(raw: bytes) -> str:
    """Where the bytes of one key press go: cursor moves, SGR sequences, text (incl. blanks)."""
    moves = sgr = other = 0
    for m in _SEQ.finditer(raw):
        n = len(m.group(0))
        if m.group(0).endswith(b"m"):
            sgr += n
        elif m.group(0).endswith((b"H", b"f")):
            moves += n
        else:
            other += n
    text = len(raw) - moves - sgr - other
    total = len(raw) or 1
    return f"moves {moves * 100 // total}% sgr {sgr * 100 // total}% text {text * 100 // total}%"


def parlread_env(d: Path, animations: str) -> str:
    return (f"env TERM=xterm-256color PARLREAD_STORE={shlex.quote(str(d / 'store'))} "
            f"PARLREAD_CACHE={shlex.quote(str(d / 'cache'))} TEXTUAL_ANIMATIONS={animations}")


def bench_parlread_paging(d: Path, size: tuple[int, int], pages: int, animations: str, prog: Program,
                          key: str = "Space") -> tuple[list[int], bytes]:
    t = Tmux(d / f"p-{prog.slug}-{animations}-{key}-{size[0]}.sock")
    try:
        long_file = shlex.quote(str(d / "long" / "statement.txt"))
        t.start(f"cd {shlex.quote(str(prog.root))} && {parlread_env(d, animations)} {prog.command} {long_file}", *size)
        t.wait_for(r"\b1 of 1 records", timeout=30)
        t.wait_stable()
        t.send("Enter")
        t.wait_for(r"passages · id")
        t.wait_stable()
        t.pipe(d / f"p-{prog.slug}-{animations}-{key}-{size[0]}.bin")
        return per_key(t, [key] * pages), t.median_press
    finally:
        t.kill()


IDLE = 3.0  # seconds of doing nothing with the search box focused (a blinking cursor repaints)


def bench_parlread_search_key(d: Path, size: tuple[int, int], animations: str, prog: Program) -> tuple[int, bytes, float]:
    t = Tmux(d / f"s-{prog.slug}-{animations}-{size[0]}.sock")
    try:
        t.start(f"cd {shlex.quote(str(prog.root))} && {parlread_env(d, animations)} {prog.command}", *size)
        t.wait_for(r"[1-9]\d* of [1-9]\d* records", timeout=30)
        t.press_and_wait_change("C-f")
        t.type(QUERY)
        t.wait_for(r"hits? for")
        t.wait_stable()
        t.pipe(d / f"s-{prog.slug}-{animations}-{size[0]}.bin")
        before = settle_bytes(t)
        t.type("e")
        n = settle_bytes(t) - before
        raw = t.raw()[before:before + n]
        start = len(t.raw())
        time.sleep(IDLE)
        return n, raw, (len(t.raw()) - start) / IDLE
    finally:
        t.kill()


def bench_less_paging(d: Path, size: tuple[int, int], pages: int, text_file: Path) -> list[int]:
    t = Tmux(d / f"less-{size[0]}.sock")
    try:
        t.start(f"env TERM=xterm-256color LESS= less {shlex.quote(str(text_file))}", *size)
        t.wait_for(r"\S", timeout=10)
        t.pipe(d / f"less-{size[0]}.bin")
        return per_key(t, ["Space"] * pages), t.median_press
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


def before_checkout(d: Path, rev: str) -> Program:
    """REV in a temporary detached worktree, run as ``python -m tui.cli`` from there."""
    wt = d / f"before-{rev.replace('/', '_')}"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(wt), rev], check=True)
    return Program(wt, shlex.join([sys.executable, "-m", "tui.cli"]), f"before {rev}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=8)
    ap.add_argument("--sizes", default="80x24,200x60")
    ap.add_argument("--before", metavar="REV", help="also measure parlread at this git revision")
    args = ap.parse_args()
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="parlread-bytes-") as tmp:
        d = Path(tmp)
        progs = [Program(ROOT, parlread_command(), "parlread")]
        if args.before:
            progs.insert(0, before_checkout(d, args.before))
        try:
            run(d, args, sizes, progs)
        finally:
            for prog in progs[:-1]:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(prog.root)], check=False)
    return 0


def run(d: Path, args, sizes, progs: list[Program]) -> None:
    text = record_text(d)
    lines = text.read_text().count("\n")
    print(f"record: sample 003 x{REPEAT}, {lines} lines of `parlread show` text; {args.pages} presses of space; "
          f"medians per key press (bytes are deterministic; only settling is timing-dependent on this shared machine)")
    print(f"{'size':>7}  {'program':<40} {'median B/key':>12} {'total B':>9} {'vs less':>8}  split of the median press"
          f" (j: vs less's page)")
    for size in sizes:
        less, less_raw = bench_less_paging(d, size, args.pages, text)
        less_med = statistics.median(less) or 1
        rows = [("less", less, less_raw)]
        for prog in progs:
            for anim in ("none", "full"):
                counts, raw = bench_parlread_paging(d, size, args.pages, anim, prog)
                rows.append((f"{prog.label} page (anim={anim})", counts, raw))
            counts, raw = bench_parlread_paging(d, size, args.pages, "none", prog, key="j")
            rows.append((f"{prog.label} j, next passage (none)", counts, raw))
        for name, counts, raw in rows:
            med = statistics.median(counts)
            print(f"{size[0]:>3}x{size[1]:<3}  {name:<40} {med:>12.0f} {sum(counts):>9} {med / less_med:>7.1f}x  {split_bytes(raw)}")
        for prog in progs:
            # anim=none only: with animations on, the search box's cursor blinks and the
            # screen never settles long enough to attribute bytes to one key press
            name = f"{prog.label} 1 search key (none)"
            try:
                n, raw, idle = bench_parlread_search_key(d, size, "none", prog)
            except pytest.fail.Exception:
                print(f"{size[0]:>3}x{size[1]:<3}  {name:<40} {'n/a':>12}  (the screen never settled: a blinking cursor)")
                continue
            print(f"{size[0]:>3}x{size[1]:<3}  {name:<40} {n:>12} {n:>9} {n / less_med:>7.1f}x  {split_bytes(raw)}"
                  f"; then idle in the box: {idle:.0f} B/s")


if __name__ == "__main__":
    sys.exit(main())
