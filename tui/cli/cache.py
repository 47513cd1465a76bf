"""parlread cache: where the parsed-record cache is, how big it is; --clear empties it."""

from __future__ import annotations

import argparse

HELP = "show the parsed-record cache (location, entries, size); --clear deletes it"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--clear", action="store_true", help="delete every cache entry (files are re-parsed on next load)")


def run(args: argparse.Namespace) -> int:
    from corpus import cache
    from corpus.safe_text import printable

    base = cache.cache_dir()
    if base is None:
        print(f"cache: off ({cache.ENV} is set to switch it off)")
        return 0
    if args.clear:
        print(printable(f"cache: {cache.clear()} entries deleted from {base}"))
        return 0
    entries = list(base.glob("*.rc")) if base.is_dir() else []
    size = 0
    for e in entries:
        try:
            size += e.stat().st_size
        except OSError:
            pass
    print(printable(f"cache: {base}"))
    print(f"entries: {len(entries)} ({size / 1e6:.1f} MB); parser version {cache.parser_version()}")
    return 0
