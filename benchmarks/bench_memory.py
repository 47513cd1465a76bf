"""Peak memory of the real app on a big corpus, once the search index and versions are built.

The app runs in a pseudo-terminal (100x30) exactly as ``parlread PATH`` would,
except that the driver wraps the two "ready" handlers (search index, version
detection) to note when both have run.  The benchmark then reads the app's
``VmHWM`` (peak resident set) and ``VmRSS`` from ``/proc/PID/status``, waits a
few seconds and reads ``VmRSS`` again (what stays held).

Baseline in the same run: a bare Python process that reads the same files
with ``json`` and keeps every question and answer text as a ``str`` (the least
any reader of these texts could hold).  Ratios are printed against it and
against the corpus text bytes (UTF-8 bytes of every passage text).

    .venv/bin/python benchmarks/gen_corpus.py /tmp/c100k
    .venv/bin/python benchmarks/bench_memory.py /tmp/c100k [--runs 3] [--settle 5] [--cold]

``--cold`` deletes the saved search index and version pairs from
``$PARLREAD_CACHE`` (which it then requires) before each run, so every run
is a first start that builds both (the parsed-record cache is kept).
Everything runs in the app's one process (no child process to add).

The machine is shared: RSS is stable from run to run, times are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DRIVER = r"""
import json, os, sys, time
ready_file = sys.argv[1]
paths = sys.argv[2:]
from tui import features
state = {"index": None, "versions": None}
def done():
    if state["index"] is not None and state["versions"] is not None:
        app = features_app[0]
        text = sum(len(p.text.encode("utf-8")) for r in app.corpus.records for p in r.passages)
        with open(ready_file + ".tmp", "w") as fh:
            json.dump({"text_bytes": text, "records": len(app.corpus.records),
                       "passages": sum(len(r.passages) for r in app.corpus.records), "index": state["index"],
                       "versions": state["versions"], "load_info": getattr(app.index, "load_info", "")}, fh)
        os.replace(ready_file + ".tmp", ready_file)
features_app = [None]
orig_i, orig_v = features.FeaturesMixin.on_index_ready, features.FeaturesMixin.on_versions_ready
def on_index_ready(self, message):
    features_app[0] = self
    orig_i(self, message)
    state["index"] = time.perf_counter()
    done()
def on_versions_ready(self, message):
    features_app[0] = self
    orig_v(self, message)
    state["versions"] = time.perf_counter()
    done()
features.FeaturesMixin.on_index_ready = on_index_ready
features.FeaturesMixin.on_versions_ready = on_versions_ready
from tui.app import ParlreadApp
for cls in ParlreadApp.__mro__:
    if "on_index_ready" in vars(cls) and cls is not features.FeaturesMixin:
        raise SystemExit("on_index_ready overridden in " + cls.__name__)
sys.argv = ["parlread", *paths]
from tui.cli import main
main()
"""

BASELINE = r"""
import json, sys
from pathlib import Path
keep = []
for root in sys.argv[1:]:
    for f in sorted(Path(root).rglob("*")):
        if not f.is_file():
            continue
        for line in f.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            v = json.loads(line).get("value", {})
            for k in ("heading", "questionText", "answerText"):
                if v.get(k):
                    keep.append(v[k])
print(sum(len(t.encode("utf-8")) for t in keep), flush=True)
"""


def status(pid: int) -> dict[str, int]:
    out = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(("VmHWM", "VmRSS")):
                k, v = line.split(":")
                out[k] = int(v.split()[0]) * 1024  # kB -> bytes
    return out


def run_app(paths: list[str], settle: float, timeout: float) -> dict:
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    tmp = tempfile.mkdtemp(prefix="parlread-mem-")
    ready = os.path.join(tmp, "ready.json")
    env = dict(os.environ, TERM="xterm-256color", PARLREAD_FORCE_APP="1", TEXTUAL_ANIMATIONS="none")
    env.setdefault("PARLREAD_STORE", os.path.join(tmp, "store"))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, ready, *paths], stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env, close_fds=True
    )
    os.close(slave)
    result: dict = {}
    try:
        while time.perf_counter() - start < timeout:
            r, _, _ = select.select([master], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if b"\x1b[c" in chunk or b"\x1b[>c" in chunk:
                    os.write(master, b"\x1b[?1;2c")
            if os.path.exists(ready):
                result["ready_s"] = time.perf_counter() - start
                result.update(json.load(open(ready)))
                result.update(status(proc.pid))
                t_end = time.perf_counter() + settle
                while time.perf_counter() < t_end:  # keep draining the pty
                    r, _, _ = select.select([master], [], [], 0.05)
                    if r:
                        try:
                            os.read(master, 65536)
                        except OSError:
                            break
                after = status(proc.pid)
                result["VmRSS_after"] = after["VmRSS"]
                result["VmHWM"] = after["VmHWM"]
                break
        else:
            result["error"] = "timed out"
        if proc.poll() is not None and "ready_s" not in result:
            result["error"] = f"app exited with {proc.returncode}"
    finally:
        proc.kill()
        proc.wait()
        os.close(master)
    return result


def run_baseline(paths: list[str]) -> dict:
    proc = subprocess.Popen([sys.executable, "-c", BASELINE + "\nimport time; time.sleep(0.5)", *paths], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    st = status(proc.pid)
    proc.wait()
    return {"text_bytes": int(line or 0), **st}


def index_ready(res: dict) -> float:
    """Seconds from the app's start to its search index being ready (the driver notes both "ready" moments)."""
    last = max(res["index"], res["versions"])
    return res["ready_s"] - (last - res["index"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--settle", type=float, default=5.0, help="seconds to wait before the second RSS reading")
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--cold", action="store_true", help="delete the saved index and version pairs before each run")
    args = ap.parse_args()
    cache = os.environ.get("PARLREAD_CACHE", "")
    if args.cold and (not cache or cache.strip().lower() in ("off", "0", "no", "none", "false")):
        sys.exit("--cold needs PARLREAD_CACHE set to a private cache directory")
    paths = [str(Path(p).resolve()) for p in args.paths]
    MB = 1e6
    base, apps = [], []
    for i in range(args.runs):
        if args.cold:
            for p in [*Path(cache).expanduser().glob("search-*.idx"), *Path(cache).expanduser().glob("versions/versions-*.bin")]:
                p.unlink()
        base.append(run_baseline(paths))
        res = run_app(paths, args.settle, args.timeout)
        if "error" in res:
            sys.exit(f"run {i + 1}: {res['error']}")
        apps.append(res)
        print(
            f"run {i + 1}: peak {res['VmHWM'] / MB:7.0f} MB  RSS at ready {res['VmRSS'] / MB:6.0f} MB  "
            f"after {args.settle:.0f}s {res['VmRSS_after'] / MB:6.0f} MB  ready in {res['ready_s']:5.1f}s "
            f"(index {index_ready(res):5.1f}s)  "
            f"(index: {res['load_info']})",
            flush=True,
        )
    text = apps[-1]["text_bytes"]
    peak = statistics.median(a["VmHWM"] for a in apps)
    held = statistics.median(a["VmRSS_after"] for a in apps)
    bpeak = statistics.median(b["VmHWM"] for b in base)
    print(f"{'cold (index and versions built)' if args.cold else 'as the cache was'}: {len(apps)} run(s)")
    print(f"records: {apps[-1]['records']}, passages: {apps[-1].get('passages')}, passage text: {text / MB:.1f} MB (UTF-8)")
    print(f"baseline (json read, texts kept as str): peak {bpeak / MB:.0f} MB = {bpeak / text:.1f}x the text")
    print(f"parlread app peak RSS (VmHWM) median {peak / MB:.0f} MB = {peak / text:.2f}x the text = {peak / bpeak:.2f}x baseline")
    print(f"  goals: <= 400 MB at 100,000 records; <= 3x the text at 1M passages (here {3 * text / MB:.0f} MB): "
          f"peak / (3 x text) = {peak / (3 * text):.2f}")
    print(f"parlread app RSS held after settling median {held / MB:.0f} MB = {held / text:.2f}x the text")
    print(f"ready (index + versions) median {statistics.median(a['ready_s'] for a in apps):.1f}s, "
          f"index ready median {statistics.median(index_ready(a) for a in apps):.1f}s  (noisy: shared machine)")


if __name__ == "__main__":
    main()
