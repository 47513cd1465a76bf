"""Waiting in Pilot tests on a condition (never a fixed delay): until(pilot, condition, what)."""

from __future__ import annotations

import asyncio
import time
from typing import Callable


async def until(pilot, condition: Callable[[], object], what: str, timeout: float = 20.0) -> None:
    """Let the app run until ``condition()`` is true; fail saying ``what`` did not happen by ``timeout``.

    Each round waits for the app to be idle (``pilot.pause()``, which lets
    queued messages and worker results be handled), then checks.
    """
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        if condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.01)  # a worker thread may still be running: do not spin


def palette_offers(app, text: str) -> bool:
    """The command palette is open and its highlighted command reads ``text``."""
    from textual.command import CommandList, CommandPalette

    screen = app.screen
    if not isinstance(screen, CommandPalette):
        return False
    commands = screen.query_one(CommandList)
    if not commands.option_count or commands.highlighted is None:
        return False
    return text in str(commands.get_option_at_index(commands.highlighted).prompt)


async def workers_idle(app, pilot, timeout: float = 30.0) -> None:
    """Wait until no worker of ``app`` is running or pending, then let the app settle.

    A worker replaced by a newer exclusive one is cancelled, which makes
    ``app.workers.wait_for_complete`` raise under load: poll the condition instead.
    """
    await until(pilot, lambda: not any(w.is_running or w.state.name == "PENDING" for w in app.workers),
                "the workers to finish", timeout=timeout)
    await pilot.pause()
