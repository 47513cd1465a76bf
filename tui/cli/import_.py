"""parlread import FILE...: annotations (W3C JSON) or sources into the managed library.

A W3C Web Annotation file is merged into the annotation store (by id, never
duplicated).  Anything else — files or folders of records in any format
parlread reads — is copied into the managed corpus directory that
``parlread`` opens when given no paths; re-importing unchanged files does
nothing, a newer copy of a file replaces the old one and its notes re-anchor.
"""

from __future__ import annotations

import argparse
import re
import sys

HELP = "import sources into your library, or annotations from a W3C JSON file"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="source files/folders, or a W3C annotation JSON file")
    p.add_argument("--store", metavar="DIR", help="annotation store (for annotation files)")
    p.add_argument(
        "--corpus",
        metavar="PATH",
        action="append",
        default=[],
        help="records to anchor other tools' W3C annotations in (default: your library, else the samples)",
    )
    p.add_argument("--library", metavar="DIR", help="managed corpus directory (default: your user data dir; env PARLREAD_LIBRARY)")


_W3C_TYPE = re.compile(rb'"type"\s*:\s*"(Annotation|AnnotationPage|AnnotationCollection)"')


def is_w3c_annotations(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if not any(k in head for k in (b"anno.jsonld", b"Annotation", b"export_userid")):
        return False
    try:
        from annotations.storage import loads_bounded
        from corpus.library import read_source_bytes

        raw = read_source_bytes(path).decode("utf-8")  # a regular file, size-capped: never hangs
    except (OSError, ValueError, UnicodeDecodeError):
        return False  # the library import says why (not a regular file, too large ...)
    try:
        data = loads_bounded(raw)
    except ValueError as exc:
        if "nested" in str(exc):
            return True  # import_w3c refuses it with a message (never copied as a "source")
        try:  # JSON Lines (export --format w3c-jsonl): the first line is an annotation
            data = loads_bounded(raw.split("\n", 1)[0])
        except ValueError:
            # W3C-looking but unusable: refused as annotations, with the reason
            return b"anno.jsonld" in head or _W3C_TYPE.search(head) is not None
    from annotations.w3c_shape import looks_like_annotations

    return looks_like_annotations(data)


def run(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from tui.cli.errors import UserError

    from corpus.safe_text import printable

    for f in args.files:
        if not os.path.exists(f):
            raise UserError(printable(f"cannot read {f}: no such file or directory"))
    if len(args.files) == 1 and os.path.isfile(args.files[0]) and is_w3c_annotations(args.files[0]):
        from tui.cli import import_annotations

        return import_annotations.run(argparse.Namespace(file=args.files[0], store=args.store, corpus=getattr(args, "corpus", None)))

    from corpus.library import import_sources, library_dir

    root = Path(args.library) if args.library else library_dir()
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, path: str) -> None:
        if tty and total:
            width = 30
            filled = width * done // total
            sys.stderr.write(f"\rimporting [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    from corpus.library import LibraryError
    from corpus.safe_text import printable

    try:
        report = import_sources(args.files, root=root, progress=progress)
    except LibraryError as exc:
        raise UserError(printable(str(exc))) from None

    for w in report.warnings:
        print(printable(f"warning: {w}"), file=sys.stderr)
    print(printable(f"{root}: {report.summary()}"))
    return 0 if (report.added or report.updated or report.unchanged or report.duplicates) else 1
