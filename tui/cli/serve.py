"""parlread serve: run the reader in a web browser (textual-serve).

Each browser visit starts its own ``python -m tui.cli PATH...`` process.
textual-serve has no authentication, so the server binds to 127.0.0.1 unless
``--host`` says otherwise, and warns on stderr when it is bound to an address
other people can reach.  To use it from another machine, keep it on localhost
and tunnel: ``ssh -L 8000:127.0.0.1:8000 server`` then open
http://127.0.0.1:8000 locally.

The page comes from ``tui/serve_templates/app_index.html``: every asset
(script, stylesheet, the Roboto Mono font) is served by this server, so the
page works offline and paints as soon as the app does.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys
from pathlib import Path

from tui.cli.common import add_paths

HELP = "serve the reader to a web browser (localhost only unless --host is given)"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _port(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 1 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1-65535, not {n}")
    return n


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_paths(p)
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST}; there is NO authentication)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() in ("localhost", "localhost.", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: cannot be sure, so treat as reachable


def app_command(paths: list[str]) -> str:
    """The shell command textual-serve runs for each visitor."""
    return shlex.join([sys.executable, "-m", "tui.cli", *[os.path.abspath(p) for p in paths]])


def run(args: argparse.Namespace) -> int:
    from corpus.safe_text import printable
    from tui.cli.errors import UserError

    for p in args.paths:
        if not os.path.exists(p):
            raise UserError(f"no such file or directory: {p}")
    if not is_loopback(args.host):
        print(
            printable(f"parlread: warning: serving on {args.host}:{args.port} with NO authentication; "
                      "anyone who can reach this address can read your corpus and notes "
                      f"(use the default {DEFAULT_HOST} with an SSH tunnel instead)"),
            file=sys.stderr,
        )
    # The app process must find this package whatever the working directory.
    root = str(Path(__file__).resolve().parents[2])
    pp = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = root if not pp else root + os.pathsep + pp

    from textual_serve.server import Server

    # Our page template: no request leaves this server (textual-serve's own
    # page asks fonts.googleapis.com for the font, which stalls the page
    # offline), and no splash screen hides the terminal until the first frame.
    templates = Path(__file__).resolve().parents[1] / "serve_templates"
    server = Server(app_command(args.paths), host=args.host, port=args.port, title="parlread",
                    templates_path=str(templates))
    print(printable(f"parlread: serving on http://{args.host}:{args.port} (Ctrl+C to stop)"), file=sys.stderr)
    try:
        server.serve()
    except OSError as exc:  # port in use, address not available …
        raise UserError(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0
