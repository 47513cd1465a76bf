"""Start-up to first paint: parlread on the sample corpus vs a bare Textual app.

Both run in a real pseudo-terminal (80x24), started the same way
(``python -c …``); the clock stops when the marker text is painted: the
library status line ("N of N records") for parlread, the Static's text for
the bare app.  Runs alternate so machine noise hits both alike; medians.
The status must read "N of N records" (the same N): a big library shows
"0 of 100000 records" for a moment while its view is sorted, which the first
version of this benchmark counted as painted.

Bytecode: Textual in site-packages has its ``.pyc`` files (pip compiles them at
install), but an editable install of parlread has none, and with
``PYTHONDONTWRITEBYTECODE`` set (as on the team's machines) every run would
compile parlread's sources again (~65 ms), which no installed parlread does.
So the project's packages are byte-compiled first, as an install does, and
the line says so; ``--no-compile`` measures the tree as it is.

Beside the wall time, the CPU time of each process at its first paint
(utime+stime of all its threads, from /proc, in clock ticks): on this shared
machine it is much less noisy than wall time, which counts the wait for a core.

    .venv/bin/python benchmarks/bench_startup.py [--runs 9] [--paths DIR ...]

With ``--paths`` (e.g. a generated 100k corpus), also the time until the
records themselves are on screen: a big corpus first paints its saved first
screen (corpus/preview.py: the rows and the count, status "… · loading…"),
then the records replace it.
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Bare(App):\n"
    "    def compose(self):\n"
    "        yield Static('bare app ready')\n"
    "Bare().run()\n"
)
PARLREAD = "import sys; sys.argv=['parlread']; from tui.cli import main; main()"

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")


STATUS = re.compile(rb"\d+ of \d+ records[^\r\n\x1b]*")
# "N of N records": the whole library listed (not "0 of 100000" while a big library is still sorted)
OURS = re.compile(rb"\b(\d+) of \1 records")


def _cpu_seconds(pid: int) -> float:
    """utime + stime of the process (all its threads) so far, from /proc: much less noisy than
    wall time on a loaded machine (time spent waiting for a core is not counted)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def first_paint(code: str, marker: bytes, timeout: float = 20.0, loaded: list | None = None, linger: float = 0.0,
                until=None, cpu: list | None = None) -> float:
    """Seconds from process start until ``marker`` is painted (status line or text).

    With ``loaded`` (a list), parlread runs on until its status line no longer
    says "loading…" (a big corpus's saved first screen was replaced by the
    records) and the seconds until then are appended to it.  With ``cpu`` (a
    list), the process's CPU seconds at first paint are appended to it."""
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", PARLREAD_FORCE_APP="1", TEXTUAL_ANIMATIONS="none")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env, close_fds=True)
    os.close(slave)
    buf = b""
    elapsed = float("nan")
    try:
        while time.perf_counter() - start < timeout:
            r, _, _ = select.select([master], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(master, 65536)
                    arrived = time.perf_counter()
                    # a frame can come in more than one read: take what is already on its way
                    # (a read ending inside the status line once counted "…records · s" as loaded)
                    while select.select([master], [], [], 0.002)[0]:
                        more = os.read(master, 65536)
                        if not more:
                            break
                        chunk += more
                        arrived = time.perf_counter()
                except OSError:
                    break
                buf += chunk
                # answer terminal queries so the app does not wait for them
                if b"\x1b[c" in chunk or b"\x1b[>c" in chunk:
                    os.write(master, b"\x1b[?1;2c")
                plain = ANSI.sub(b"", buf)
                found = marker.search(plain) if isinstance(marker, re.Pattern) else marker in plain
                if elapsed != elapsed and found:  # nan: not painted yet
                    elapsed = arrived - start
                    if cpu is not None:
                        cpu.append(_cpu_seconds(proc.pid))
                    if loaded is None:
                        break
                if elapsed == elapsed and loaded is not None:
                    lines = STATUS.findall(plain)
                    if lines and "loading".encode() not in lines[-1] and OURS.search(lines[-1]):
                        loaded.append(arrived - start)
                        break
    finally:
        end = time.perf_counter() + linger  # a warm-up run lets the app finish writing its caches
        while time.perf_counter() < end and not (until is not None and until()):
            r, _, _ = select.select([master], [], [], 0.05)
            if r:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
        proc.kill()
        proc.wait()
        os.close(master)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--paths", nargs="*", default=[], help="open these instead of the samples (e.g. a generated 100k corpus)")
    ap.add_argument("--warm-linger", type=float, default=60.0, help="at most this many seconds the warm-up run (--paths) keeps running for its caches")
    ap.add_argument("--no-compile", action="store_true", help="do not byte-compile the project first (see the docstring)")
    args = ap.parse_args()
    if not args.no_compile:
        import compileall

        for pkg in ("corpus", "annotations", "tui"):
            compileall.compile_dir(str(ROOT / pkg), quiet=1)
    ours_code = PARLREAD if not args.paths else (
        f"import sys; sys.argv=['parlread', *{[str(Path(p).resolve()) for p in args.paths]!r}]; from tui.cli import main; main()"
    )
    if args.paths:
        # warm caches: the record cache, and the saved first screen a big corpus writes after a full load
        sys.path.insert(0, str(ROOT))
        try:
            from corpus.preview import MIN_RECORDS, _file, open_fresh
        except ImportError:  # a tree from before previews (to compare against)
            MIN_RECORDS, _file, open_fresh = 0, (lambda paths: None), (lambda paths: None)

        here = os.getcwd()
        os.chdir(ROOT)  # the child runs here, and a preview is named by the directory too
        target = _file([str(Path(p).resolve()) for p in args.paths])
        began = time.time()

        def written() -> bool:  # the saved first screen (only a corpus of MIN_RECORDS+ records writes one)
            try:
                return target is not None and target.stat().st_mtime >= began - 1
            except OSError:
                return False

        fresh = []
        w = first_paint(ours_code, OURS, timeout=600, loaded=fresh, linger=args.warm_linger, until=written)
        ok = open_fresh([str(Path(p).resolve()) for p in args.paths]) is not None
        os.chdir(here)
        print(f"warm-up run (not counted): records on screen after {(fresh or [w])[0]:.1f} s; saved first screen "
              f"{'fresh' if ok else f'missing (under {MIN_RECORDS} records, or not written within {args.warm_linger:.0f} s)'}")
    bare, ours, loaded, bare_cpu, ours_cpu = [], [], [], [], []
    for _ in range(args.runs):
        bare.append(first_paint(BARE, b"bare app ready", cpu=bare_cpu))
        ours.append(first_paint(ours_code, OURS, timeout=120, loaded=loaded if args.paths else None, cpu=ours_cpu))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"runs: {args.runs} each, alternating, 80x24 pty; parlread {'as it is (no byte-compiling)' if args.no_compile else 'byte-compiled first, as an install does'}")
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (at the end)")
    print(f"bare Textual app   first paint median {b * 1000:7.0f} ms  (min {min(bare) * 1000:.0f}, max {max(bare) * 1000:.0f})")
    what = "parlread samples " if not args.paths else "parlread corpus  "
    print(f"{what}  first paint median {o * 1000:7.0f} ms  (min {min(ours) * 1000:.0f}, max {max(ours) * 1000:.0f})")
    if loaded:
        print(f"records loaded     (status without 'loading…') median {statistics.median(loaded) * 1000:7.0f} ms  "
              f"(min {min(loaded) * 1000:.0f}, max {max(loaded) * 1000:.0f}; a big corpus first paints its saved first screen)")
    print(f"ratio parlread / bare: {o / b:.2f}  (goal <= 1.2)")
    bc, oc = statistics.median(bare_cpu), statistics.median(ours_cpu)
    print(f"CPU time at first paint (utime+stime of the process, from /proc; less noisy than wall time): "
          f"bare {bc * 1000:.0f} ms, parlread {oc * 1000:.0f} ms, ratio {oc / bc:.2f}")


if __name__ == "__main__":
    main()
