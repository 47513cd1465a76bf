"""parlread export: annotations as W3C Web Annotation JSON-LD, JSON Lines, CSV or Markdown.

W3C is a collection; w3c-jsonl has one annotation per line."""

from __future__ import annotations

import argparse
import sys

from tui.cli.tag import add_store_args, corpus_of, open_store, store_errors

HELP = "export annotations: --format w3c|w3c-jsonl|csv|markdown [-o FILE] [--creator NAME]"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=("w3c", "w3c-jsonl", "csv", "markdown"),
        default="w3c",
        help="output format (default: w3c, one AnnotationCollection; w3c-jsonl: one annotation per line)",
    )
    p.add_argument(
        "--creator",
        metavar="NAME",
        help="W3C creator name (default: $PARLREAD_CREATOR_NAME, else [creator] name in the config file, else none; never your login name)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    add_store_args(p)


def run(args: argparse.Namespace) -> int:
    from annotations.export import creator_settings, export
    from corpus.safe_text import printable

    store = open_store(args)
    corpus = corpus_of(args)  # W3C: targets cite the records' public URLs (IRIs)
    settings = creator_settings(getattr(args, "creator", None), login=store.author, warn=lambda m: print(printable(f"warning: {m}"), file=sys.stderr))
    anns = store.all()
    text = export(anns, args.format, corpus, settings)
    from corpus.safe_text import json_safe

    if args.format.startswith("w3c"):
        text = json_safe(text)  # U+202E etc. as \\u escapes: the same JSON, nothing a terminal acts on
        if corpus is not None:
            unloaded = [a for a in anns if corpus.record(a.record_id) is None and ":" not in a.record_id]
            if unloaded:  # their targets are urn:parlread:record:… — say how to cite the public pages
                print(f"note: {len(unloaded)} of {len(anns)} annotations cite records that are not loaded, so their "
                      "targets are urn:parlread:record:… IRIs; pass --corpus PATH (the files they are on) "
                      "to cite the records' public pages", file=sys.stderr)
    if args.output and args.output != "-":
        store_errors(lambda: _write_output(args.output, text))
        print(printable(f"wrote {len(store.all())} annotations to {args.output}"), file=sys.stderr)
    else:
        sys.stdout.write(text if args.format.startswith("w3c") else printable(text))
    return 0


def _write_output(output: str, text: str) -> None:
    """A regular file (or a new one): replaced atomically and durably, through
    a symlink (the link stays a link).  A pipe, terminal or device (a FIFO,
    ``/dev/stdout``): written to as it is, never replaced by a file."""
    import os
    import stat

    from corpus.atomic import atomic_write, user_file_mode

    target = os.path.realpath(output)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise OSError(f"{output} is a directory")
        with open(target, "w", encoding="utf-8") as fh:  # a stream: nothing to make atomic
            fh.write(text)
        return
    # atomic and durable: a unique temp file, fsync, rename, fsync of the directory, in the user's file mode
    atomic_write(target, text, mode=user_file_mode(target))
