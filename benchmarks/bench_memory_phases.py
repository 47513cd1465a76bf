"""RSS by phase of what the app does after start-up, in one plain process (no Textual screen).

Load the corpus, reuse or build the search index, load or detect the version
pairs, group them: after each phase it prints the resident set (VmRSS) and the
phase's own peak (VmHWM, reset between phases through /proc/self/clear_refs,
Linux only).  The cache is whatever ``$PARLREAD_CACHE`` holds: delete
``search-*.idx`` and ``versions/versions-*.bin`` there for a first start.
``bench_memory.py`` measures the real app; this says where its memory goes.

    PARLREAD_CACHE=/tmp/mycache .venv/bin/python benchmarks/bench_memory_phases.py /tmp/c100k

RSS figures are stable from run to run; times are noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import time


def status() -> dict[str, int]:
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("VmHWM", "VmRSS")):
                k, v = line.split(":")
                out[k] = int(v.split()[0]) // 1024
    return out


def mark(label: str, t0: float) -> None:
    s = status()
    print(f"{label:34s} RSS {s['VmRSS']:5d} MB  phase peak {s['VmHWM']:5d} MB  {time.perf_counter() - t0:6.1f} s", flush=True)
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")  # reset VmHWM


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    from corpus.memory import fix_mmap_threshold, trim

    fix_mmap_threshold()  # as the app does (tui/cli/app_cmd.py)
    import numpy  # noqa: F401
    import textual  # noqa: F401

    mark("imports (numpy, textual)", time.perf_counter())
    from corpus.loader import load

    t = time.perf_counter()
    corpus = load(args.paths)
    mark(f"load ({len(corpus)} records)", t)
    from corpus.search import SearchIndex

    t = time.perf_counter()
    index = SearchIndex.load_or_build(corpus)
    mark(f"index {index.load_info}", t)
    from corpus.versions import find_versions
    from corpus.versions_store import cached_pairs

    t = time.perf_counter()
    pairs, how = cached_pairs(list(corpus))
    mark(f"version pairs {how} ({len(pairs)})", t)
    t = time.perf_counter()
    groups = find_versions(corpus, pairs=pairs)
    del pairs
    mark(f"groups ({len(groups)})", t)
    trim()
    mark("after malloc_trim", time.perf_counter())


if __name__ == "__main__":
    main()
