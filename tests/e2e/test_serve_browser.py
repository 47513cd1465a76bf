"""Issue 12 item 10: `parlread serve` in a real (headless) browser.

Debian's chromium is driven over its DevTools protocol (a websocket: aiohttp,
already installed with textual-serve; no chromium-driver).  The test loads the
page, waits until the browser has received and drawn the app's first frames
(the library's status line arrives over the app's websocket and the page
marks ``-first-byte``), and checks that every request the page made went to
the local server: no fonts.googleapis.com, nothing external, so it works
offline.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-debugging-port=0", "--window-size=1000,700",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode(errors="replace") if proc.stderr else "server died"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listening on {port}")


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "chromium is required (installed by scripts/ci_system_deps.sh)"
    return path


def _devtools_url(proc: subprocess.Popen, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    assert proc.stderr is not None
    os.set_blocking(proc.stderr.fileno(), False)
    buf = b""
    while time.monotonic() < deadline:
        chunk = proc.stderr.read() or b""
        buf += chunk
        for line in buf.decode(errors="replace").splitlines():
            if "DevTools listening on " in line:
                return line.split("DevTools listening on ", 1)[1].strip()
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    raise AssertionError(f"chromium gave no DevTools address:\n{buf.decode(errors='replace')[-2000:]}")


class DevTools:
    """A minimal Chrome DevTools Protocol session on one page."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.next_id = 0
        self.events: list[dict] = []
        self.pending: dict[int, asyncio.Future] = {}
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for msg in self.ws:
            data = json.loads(msg.data)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif "method" in data:
                self.events.append(data)

    async def send(self, method: str, **params):
        self.next_id += 1
        fut = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = fut
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        reply = await asyncio.wait_for(fut, 30)
        assert "error" not in reply, reply
        return reply.get("result", {})

    async def evaluate(self, expression: str):
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def frames_text(self) -> str:
        out = []
        for e in self.events:
            if e["method"] == "Network.webSocketFrameReceived":
                resp = e["params"]["response"]
                payload = resp.get("payloadData", "")
                if resp.get("opcode") == 2:
                    payload = base64.b64decode(payload).decode("utf-8", errors="replace")
                out.append(payload)
        return "".join(out)


async def test_serve_paints_in_a_browser_and_asks_nothing_from_elsewhere(tmp_path):
    port = _free_port()
    env = dict(os.environ)
    env.update(PARLREAD_STORE=str(tmp_path / "store"), PARLREAD_CACHE=str(tmp_path / "cache"),
               XDG_STATE_HOME=str(tmp_path / "state"), TEXTUAL_ANIMATIONS="none")
    server = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    browser = None
    try:
        _wait_port(port, server)
        browser = subprocess.Popen(
            [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        browser_ws = _devtools_url(browser)
        http_base = "http://" + browser_ws.split("/")[2]
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{http_base}/json/list") as resp:
                pages = [t for t in await resp.json() if t["type"] == "page"]
            async with session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                cdp = DevTools(ws)
                await cdp.send("Network.enable")
                await cdp.send("Page.enable")
                url = f"http://127.0.0.1:{port}/"
                started = time.monotonic()
                await cdp.send("Page.navigate", url=url)
                painted = False
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    first_byte = await cdp.evaluate("document.body && document.body.classList.contains('-first-byte')")
                    if first_byte and "records" in cdp.frames_text():
                        painted = True
                        break
                    await asyncio.sleep(0.2)
                seconds = time.monotonic() - started
                assert painted, f"the app never painted in the browser; frames: {cdp.frames_text()[-500:]!r}"
                # the terminal is visible (no splash over it) and holds the app's frame
                visible = await cdp.evaluate(
                    "(() => { const t = document.querySelector('.textual-terminal');"
                    " const s = getComputedStyle(t); return s.opacity === '1' && s.display !== 'none'; })()")
                assert visible
                splashes = await cdp.evaluate("document.querySelectorAll('.intro-dialog').length")
                assert "of 7 records" in cdp.frames_text()
                fonts_ok = await cdp.evaluate("document.fonts.check('16px \"Roboto Mono\"')")
                cdp.reader.cancel()
        requests = [e["params"]["request"]["url"] for e in cdp.events if e["method"] == "Network.requestWillBeSent"]
        sockets = [e["params"]["url"] for e in cdp.events if e["method"] == "Network.webSocketCreated"]
        assert requests and sockets
        local = (f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/", "data:")
        external = [u for u in requests + sockets if not u.startswith(local)]
        assert external == [], f"requests that leave the server: {external}"
        assert any(u.endswith("RobotoMono-VariableFont_wght.ttf") for u in requests)
        failed = [e["params"] for e in cdp.events if e["method"] == "Network.loadingFailed"]
        assert failed == []
        assert fonts_ok
        assert splashes == 0  # no splash screen waits for the first frame
        print(f"\nserve: app painted in the browser {seconds:.1f} s after navigation (shared machine: noisy)")
    finally:
        for proc in (browser, server):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
