"""The ``parlread`` command line.

``parlread [PATH ...]`` opens the app; subcommands are scriptable and never
import Textual.  Each subcommand lives in ``tui/cli/<name>.py`` with
``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.

Options and paths may come in any order (``show ID --json PATH`` works:
arguments are parsed with ``parse_intermixed_args``).

Exit codes: 0 ok; 1 a user error (unknown id, bad path, no records found:
one line on stderr, never a traceback); 2 a usage error (unknown option,
missing argument, conflicting options: argparse's usage line and message);
70 an internal error (a bug: one line on stderr, the traceback in a log file,
see ``tui/crash.py``).
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

from tui.cli.errors import UserError

# Subcommand modules, in the order shown by --help.
COMMANDS = [
    "list",
    "show",
    "search",
    "versions",
    "compare",
    "collate",
    "serve",
    "tag",
    "untag",
    "note",
    "annotations",
    "export",
    "import",
    "cache",
    "watch",
    "fetch",
    "inbox",
]


def _command_module(name: str):
    name = {"import": "import_"}.get(name, name)  # `import` is a Python keyword
    return importlib.import_module(f"tui.cli.{name.replace('-', '_')}")


EXIT_USAGE = 2  # argparse's own code for usage errors, documented in the README


def _version_action():
    """--version, with the version looked up only when asked (importlib.metadata costs ~0.1 s).

    (Made here, not at import: the app's own start, ``parlread [PATH ...]``, needs no argparse.)"""
    import argparse

    class _VersionAction(argparse.Action):
        def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help="show the version and exit"):
            super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

        def __call__(self, parser, namespace, values, option_string=None):
            print("parlread " + _version())
            parser.exit()

    return _VersionAction


def build_parser(only: str | None = None, subparsers: dict[str, argparse.ArgumentParser] | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, just that subcommand's module is
    imported; ``subparsers`` (if given) receives each command's parser."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="parlread",
        description="Read, search, compare and annotate UK parliamentary records.",
        epilog="With no subcommand, opens the reader on PATHs (default: the bundled sample corpus).",
    )
    parser.add_argument("--version", action=_version_action())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is not None and name != only:
            continue
        mod = _command_module(name)
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run, command=name)
        if subparsers is not None:
            subparsers[name] = p
    return parser


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("parlread")
    except Exception:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # No subcommand: open the app.  Anything that is not a known subcommand or
    # an option is a path.
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        from tui.cli import app_cmd

        return _guard(app_cmd.run, app_cmd.parse(argv))
    subparsers: dict[str, argparse.ArgumentParser] = {}
    # a one-shot command imports only its module
    parser = build_parser(argv[0] if argv[0] in COMMANDS else None, subparsers)
    if argv[0] not in subparsers:  # -h / --help / --version
        parser.parse_args(argv)
        return 0
    # Options anywhere, paths anywhere: argparse cannot intermix through a
    # subparser, so the command's own parser reads the rest.
    sub = subparsers[argv[0]]
    args = _parse(sub, argv[1:])
    check = getattr(args, "_check", None)  # a command's own usage checks (conflicting options)
    if check is not None:
        check(sub, args)
    return _guard(args._run, args)


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Options anywhere (``parse_intermixed_args``); a command with its own
    sub-commands (``watch add``) is parsed the plain way, which argparse
    cannot intermix — its options still go before or after its arguments."""
    import argparse

    if any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):
        return parser.parse_args(argv)
    return parser.parse_intermixed_args(argv)


def _guard(fn, args) -> int:
    try:
        return int(fn(args) or 0)
    except UserError as exc:
        from corpus.safe_text import printable

        print(printable(f"parlread: {exc}"), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `parlread list | head`
        try:
            sys.stdout = None  # type: ignore[assignment]
        finally:
            return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: traceback to the log file, one line on stderr
        textstore = sys.modules.get("corpus.textstore")  # not loaded: it cannot be its StaleText

        if textstore is not None and isinstance(exc, textstore.StaleText):  # a source changed (and its cache was cleared) while the command ran
            from corpus.safe_text import printable

            print(printable(f"parlread: {str(exc).replace('reload the corpus', 'run the command again')}"), file=sys.stderr)
            return 1
        from tui.crash import report

        return report(exc, f"parlread {getattr(args, 'command', None) or '(app)'}")
