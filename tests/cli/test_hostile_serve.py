"""parlread serve: argument handling (fake Server) and a short real start on loopback."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import textual_serve.server
from tui.cli import main
from tui.cli.serve import app_command, is_loopback

ROOT = Path(__file__).resolve().parents[2]


class FakeServer:
    instances: list["FakeServer"] = []

    def __init__(self, command: str, host: str = "localhost", port: int = 8000, title=None, **kw) -> None:
        self.command, self.host, self.port, self.title = command, host, port, title
        self.served = False
        FakeServer.instances.append(self)

    def serve(self, debug: bool = False) -> None:
        self.served = True


@pytest.fixture
def fake_server(monkeypatch):
    FakeServer.instances = []
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    monkeypatch.setenv("PYTHONPATH", "")
    return FakeServer.instances


def test_defaults_bind_loopback_port_8000_without_warning(fake_server, capsys) -> None:
    assert main(["serve"]) == 0
    (srv,) = fake_server
    assert (srv.host, srv.port, srv.served) == ("127.0.0.1", 8000, True)
    assert shlex.split(srv.command) == [sys.executable, "-m", "tui.cli"]
    assert "warning" not in capsys.readouterr().err


def test_paths_are_passed_to_the_app_as_absolute_paths(fake_server, tmp_path, monkeypatch) -> None:
    (tmp_path / "a b.txt").write_text("x")
    monkeypatch.chdir(tmp_path)
    assert main(["serve", "a b.txt", "--port", "8123"]) == 0
    (srv,) = fake_server
    assert srv.port == 8123
    assert shlex.split(srv.command) == [sys.executable, "-m", "tui.cli", str(tmp_path / "a b.txt")]
    assert str(ROOT) in os.environ["PYTHONPATH"].split(os.pathsep)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "example.org"])
def test_non_loopback_host_warns_on_stderr(fake_server, capsys, host) -> None:
    assert main(["serve", "--host", host]) == 0
    assert fake_server[0].host == host
    err = capsys.readouterr().err
    assert "warning" in err and "NO authentication" in err and host in err


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "::1", "localhost"])
def test_loopback_hosts_do_not_warn(fake_server, capsys, host) -> None:
    assert main(["serve", "--host", host]) == 0
    assert "warning" not in capsys.readouterr().err
    assert is_loopback(host)


def test_missing_path_is_a_user_error(fake_server, capsys) -> None:
    assert main(["serve", "/no/such/dir"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "parlread: no such file or directory: /no/such/dir"
    assert fake_server == []


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_bad_port_is_rejected_by_argparse(fake_server, capsys, port) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--port", port])
    assert exc.value.code == 2
    assert "--port" in capsys.readouterr().err
    assert fake_server == []


def test_app_command_quotes_paths() -> None:
    cmd = app_command(["/tmp/x; rm -rf ~", "/tmp/$(id)"])
    assert shlex.split(cmd)[-2:] == ["/tmp/x; rm -rf ~", "/tmp/$(id)"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_real_server_starts_on_loopback_and_stops(tmp_path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", "--port", str(port)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        body = ""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.1)
        assert "parlread" in body and f"ws://127.0.0.1:{port}/ws" in body
        # bound to loopback only: not reachable on another local address of this host
        with socket.socket() as s:
            s.settimeout(1)
            try:
                other = socket.gethostbyname(socket.gethostname())
            except OSError:
                other = "127.0.0.1"
            if not other.startswith("127."):
                assert s.connect_ex((other, port)) != 0
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode is not None
