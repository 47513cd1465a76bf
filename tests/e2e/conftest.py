"""End-to-end fixtures: a throwaway sshd on 127.0.0.1 and a private tmux server.

Needs /usr/sbin/sshd, ssh, ssh-keygen and tmux (scripts/ci_system_deps.sh
installs them).  Missing tools FAIL the tests with a clear message: no skips.
Everything lives in pytest's tmp dirs and is torn down afterwards; nothing
touches ~/.ssh or the user's tmux server.
"""

from __future__ import annotations

import getpass
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
if str(TESTS) not in sys.path:  # for `import hostile`
    sys.path.insert(0, str(TESTS))

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def parlread_command() -> str:
    """How to start parlread with this test run's interpreter (never a hard-coded path)."""
    script = Path(sys.executable).parent / "parlread"
    if script.exists():
        return shlex.quote(str(script))
    return shlex.join([sys.executable, "-m", "tui.cli"])


def require_tools() -> None:
    missing = [t for t in ("tmux", "ssh", "ssh-keygen") if shutil.which(t) is None]
    if not os.path.exists(SSHD):
        missing.append("sshd")
    if missing:
        pytest.fail(f"end-to-end tests need {', '.join(missing)}: run scripts/ci_system_deps.sh", pytrace=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(pred: Callable[[], object], timeout: float, what: str, detail: Callable[[], str] = lambda: "") -> object:
    """Poll ``pred`` every 50 ms until it returns something truthy, else fail."""
    deadline = time.monotonic() + timeout
    while True:
        value = pred()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{detail()}", pytrace=False)
        time.sleep(0.05)


@dataclass
class Sshd:
    port: int
    key: Path
    user: str
    proc: subprocess.Popen
    log: Path

    def ssh_argv(self) -> list[str]:
        return [
            "ssh", "-tt", "-i", str(self.key), "-p", str(self.port),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
            f"{self.user}@127.0.0.1",
        ]


@pytest.fixture(scope="session")
def sshd(tmp_path_factory) -> Sshd:
    require_tools()
    d = tmp_path_factory.mktemp("sshd")
    os.chmod(d, 0o700)
    host_key, user_key = d / "host_ed25519", d / "user_ed25519"
    for k in (host_key, user_key):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(k)], check=True, stdin=subprocess.DEVNULL)
    auth = d / "authorized_keys"
    auth.write_text(user_key.with_suffix(".pub").read_text())
    os.chmod(auth, 0o600)
    port = free_port()
    user = getpass.getuser()
    config = d / "sshd_config"
    config.write_text(
        "\n".join([
            f"Port {port}",
            "ListenAddress 127.0.0.1",
            f"HostKey {host_key}",
            f"PidFile {d / 'sshd.pid'}",
            f"AuthorizedKeysFile {auth}",
            "StrictModes no",
            "UsePAM no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            f"AllowUsers {user}",
            "PrintMotd no",
            "PrintLastLog no",
            "X11Forwarding no",
            "LogLevel ERROR",
            "",
        ])
    )
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation dir
    log = d / "sshd.log"
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=open(log, "wb"))

    def listening() -> bool:
        if proc.poll() is not None:
            pytest.fail(f"sshd exited with {proc.returncode}: {log.read_text()}", pytrace=False)
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    wait_until(listening, 10, "sshd to listen", log.read_text)
    server = Sshd(port, user_key, user, proc, log)
    yield server
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@dataclass
class Tmux:
    """One private tmux server (own socket) running one session."""

    socket: Path
    name: str = "e2e"
    pipe_file: Path | None = None
    started: bool = field(default=False)

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-S", str(self.socket), *args], capture_output=True, text=True,
                              check=check, stdin=subprocess.DEVNULL)

    def start(self, command: str, width: int = 100, height: int = 30) -> None:
        conf = self.socket.with_suffix(".conf")
        conf.write_text(
            "set -g remain-on-exit on\n"
            "set -g status off\n"
            "set -g escape-time 10\n"
            "set -g set-clipboard on\n"
        )
        status = shlex.quote(str(self.socket.with_suffix(".status")))
        wrapped = f"{command}; echo $? > {status}.tmp && mv {status}.tmp {status}"
        self.tmux("-f", str(conf), "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), wrapped)
        self.started = True

    def pipe(self, path: Path) -> None:
        """Append every byte the program writes to the pane to ``path``."""
        self.pipe_file = path
        self.tmux("pipe-pane", "-o", "-t", self.name, f"cat >> {shlex.quote(str(path))}")

    def raw(self) -> bytes:
        return self.pipe_file.read_bytes() if self.pipe_file and self.pipe_file.exists() else b""

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def capture(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

    def capture_styled(self) -> str:
        """The screen with colours and attributes (to see focus changes)."""
        return self.tmux("capture-pane", "-p", "-e", "-t", self.name, check=False).stdout

    def wait_stable(self, quiet: float = 0.6, timeout: float = 30) -> str:
        """Wait until the screen (with styles) has not changed for ``quiet`` seconds.

        Background work (loading, indexing) redraws parts of the screen; a key
        pressed meanwhile is fine, but detecting *its* effect needs a still screen.
        """
        state = {"screen": self.capture_styled(), "since": time.monotonic()}

        def still():
            now = self.capture_styled()
            if now != state["screen"]:
                state["screen"], state["since"] = now, time.monotonic()
                return False
            return time.monotonic() - state["since"] >= quiet

        wait_until(still, timeout, "the screen to settle", lambda: "screen:\n" + self.capture())
        return state["screen"]

    def press_and_wait_change(self, key: str, timeout: float = 10, what: str | None = None) -> None:
        """Send one key and wait until the screen (text or styles) reacts to it.

        Typing right after a key that moves focus can send the first characters
        to the old widget; waiting for the redraw avoids that race.
        """
        before = self.wait_stable()
        self.send(key)
        wait_until(lambda: self.capture_styled() != before, timeout, what or f"the screen to react to {key}",
                   lambda: "screen:\n" + self.capture())

    def dead(self) -> tuple[bool, int | None]:
        out = self.tmux("display-message", "-p", "-t", self.name, "#{pane_dead} #{pane_dead_status}", check=False).stdout.split()
        if not out:
            return True, None
        return out[0] == "1", int(out[1]) if len(out) > 1 and out[1].isdigit() else None

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def size(self) -> tuple[int, int]:
        w, h = self.tmux("display-message", "-p", "-t", self.name, "#{window_width} #{window_height}").stdout.split()
        return int(w), int(h)

    def wait_for(self, pattern: str | re.Pattern, timeout: float = 15, what: str | None = None) -> re.Match:
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern

        def check():
            screen = self.capture()
            m = rx.search(screen)
            if m:
                return m
            if self.dead()[0] or self.exit_status() is not None:
                pytest.fail(f"the app exited while waiting for {what or rx.pattern!r}:\n{screen}", pytrace=False)
            return None

        return wait_until(check, timeout, what or repr(rx.pattern), lambda: "screen:\n" + self.capture())

    def wait_gone(self, pattern: str, timeout: float = 10, what: str | None = None) -> None:
        rx = re.compile(pattern)
        wait_until(lambda: not rx.search(self.capture()), timeout, what or f"{pattern!r} to go", lambda: "screen:\n" + self.capture())

    def exit_status(self) -> int | None:
        f = self.socket.with_suffix(".status")
        try:
            text = f.read_text().strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def wait_exit(self, timeout: float = 15) -> int:
        """Wait for the program to end; its exit status (ssh passes on the remote one).

        The wrapper in ``start`` writes the status to a file: tmux 3.3 sometimes
        marks a pane dead without filling in ``pane_dead_status``, and output
        written just before the pane closes can be lost.
        """
        wait_until(lambda: self.exit_status() is not None, timeout, "the app to exit", lambda: "screen:\n" + self.capture())
        return self.exit_status()

    def kill(self) -> None:
        if self.started:
            self.tmux("kill-server", check=False)


@pytest.fixture
def tmux(tmp_path) -> Tmux:
    require_tools()
    t = Tmux(tmp_path / "tmux.sock")
    yield t
    t.kill()


def remote_command(sshd: Sshd, *, term: str, store: Path, paths: list[str] = (), extra_env: dict[str, str] | None = None) -> str:
    """The tmux command: ssh into the test sshd and run parlread there."""
    env = {"TERM": term, "PARLREAD_STORE": str(store), **(extra_env or {})}
    assign = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    inner = f"cd {shlex.quote(str(REPO))} && env {assign} {parlread_command()} {' '.join(shlex.quote(p) for p in paths)}"
    return shlex.join([*sshd.ssh_argv(), inner])
