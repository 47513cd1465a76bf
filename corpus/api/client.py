"""HTTP client for the UK Parliament Written Questions and Statements API (httpx, sync, polite).

* base URL: the ``base`` argument, else ``$PARLREAD_API_BASE``, else the public API;
* a polite rate (``rate`` requests per second, default 5) and a ``User-Agent``
  naming parlread and its version;
* timeouts, retries with exponential backoff on timeouts, connection resets,
  truncated/invalid JSON bodies and HTTP 429/500/502/503/504, honouring
  ``Retry-After`` (seconds or an HTTP date); after the last retry an
  :class:`ApiError` with a message for the user;
* :class:`Offline` when the very first request cannot connect at all;
* paging with ``skip``/``take`` and a cap on pages per run (:class:`PageCap`).

httpx is imported when a client is created, never at import time.
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

DEFAULT_BASE = "https://questions-statements-api.parliament.uk"
ENV_BASE = "PARLREAD_API_BASE"
QUESTIONS = "/api/writtenquestions/questions"
STATEMENTS = "/api/writtenstatements/statements"

RETRY_STATUS = {429, 500, 502, 503, 504}


class ApiError(Exception):
    """The API could not give an answer (after retries); the message is for the user."""


class Offline(ApiError):
    """No connection to the API at all (nothing was fetched)."""


class PageCap(ApiError):
    """The per-run page cap was reached; ``skip`` is where the next run resumes."""

    def __init__(self, message: str, skip: int) -> None:
        super().__init__(message)
        self.skip = skip


class BadBase(ApiError):
    """The base URL given (``--api-base`` or ``$PARLREAD_API_BASE``) is not an http(s) URL."""


def base_url(base: str | None = None) -> str:
    """The API's base URL: ``base``, else ``$PARLREAD_API_BASE``, else the public API; :class:`BadBase` if malformed."""
    from urllib.parse import urlsplit

    if base is not None:
        url, where = base, "--api-base"
    elif os.environ.get(ENV_BASE):
        url, where = os.environ[ENV_BASE], ENV_BASE
    else:
        return DEFAULT_BASE
    url = url.strip()
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port is None or 0 < parts.port)
    except ValueError:  # a bad port or IPv6 literal
        ok = False
    if not ok:
        raise BadBase(f"{where} “{url}” is not an http(s) URL like {DEFAULT_BASE}")
    return url.rstrip("/")


def user_agent() -> str:
    try:
        from importlib.metadata import version

        v = version("parlread")
    except Exception:
        v = "unknown"
    return f"parlread/{v} (+https://github.com/parlread; terminal reader for UK parliamentary records)"


@dataclass
class Stats:
    """What a client did: requests sent, retries, and where the time went."""

    requests: int = 0
    retries: int = 0
    pages: int = 0
    http_seconds: float = 0.0  # inside httpx (network + server)
    wait_seconds: float = 0.0  # sleeping for the rate limit and backoff
    statuses: dict[int, int] = field(default_factory=dict)


class Client:
    """A polite, retrying client.  Use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        base: str | None = None,
        *,
        rate: float = 5.0,
        timeout: float = 20.0,
        retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        max_retry_after: float = 300.0,
        max_pages: int = 500,
        take: int = 100,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import httpx

        self._httpx = httpx
        self.base = base_url(base)
        self.rate = rate
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.max_pages = max_pages
        self.take = take
        self._sleep = sleep
        self._next_at = 0.0
        self._connected = False
        self.stats = Stats()
        try:
            self._http = httpx.Client(
                base_url=self.base,
                timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                headers={"User-Agent": user_agent(), "Accept": "application/json"},
                follow_redirects=True,
            )
        except httpx.InvalidURL as exc:
            raise BadBase(f"the API base URL “{self.base}” is not usable ({exc})") from None

    # ---- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- one request ---------------------------------------------------------
    def _wait_turn(self) -> None:
        if self.rate <= 0:
            return
        now = time.monotonic()
        if now < self._next_at:
            self._pause(self._next_at - now)
            now = self._next_at
        self._next_at = now + 1.0 / self.rate

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            t = time.monotonic()
            self._sleep(seconds)
            self.stats.wait_seconds += time.monotonic() - t

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        """Exponential backoff with jitter, and never less than the server's ``Retry-After``."""
        base = min(self.max_backoff, self.backoff * (2 ** attempt)) * (0.75 + random.random() / 4)
        secs = _parse_retry_after(retry_after) if retry_after else None
        return base if secs is None else max(secs, base)

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET ``path`` and return its JSON, retrying what is worth retrying."""
        httpx = self._httpx
        last = "no answer"
        for attempt in range(self.retries + 1):
            if attempt:
                self.stats.retries += 1
            self._wait_turn()
            retry_after = None
            t = time.monotonic()
            try:
                self.stats.requests += 1
                resp = self._http.get(path, params=params)
                body = resp.content
            except httpx.ConnectError as exc:
                self.stats.http_seconds += time.monotonic() - t
                if not self._connected:
                    raise Offline(f"cannot reach the Parliament API at {self.base} ({_reason(exc)})") from None
                last = f"connection failed ({_reason(exc)})"
            except httpx.TimeoutException:
                self.stats.http_seconds += time.monotonic() - t
                last = "timed out"
            except httpx.TransportError as exc:  # reset, broken or short body
                self.stats.http_seconds += time.monotonic() - t
                last = f"connection broke off ({_reason(exc)})"
            else:
                self.stats.http_seconds += time.monotonic() - t
                self._connected = True
                code = resp.status_code
                self.stats.statuses[code] = self.stats.statuses.get(code, 0) + 1
                if code == 200:
                    try:
                        return json.loads(body)
                    except ValueError:
                        last = f"an incomplete or invalid JSON answer ({len(body)} bytes)"
                elif code in RETRY_STATUS:
                    retry_after = resp.headers.get("Retry-After")
                    last = f"HTTP {code}" + (f" (Retry-After {retry_after})" if retry_after else "")
                elif code == 404:
                    raise ApiError(f"{self.base}{path}: not found (HTTP 404)")
                else:
                    raise ApiError(f"{self.base}{path}: the API refused the request (HTTP {code})")
            if attempt == self.retries:
                break
            delay = self._delay(attempt, retry_after)
            if delay > self.max_retry_after:
                raise ApiError(f"{self.base}{path}: the API asks to wait {delay:.0f}s ({last}); giving up for now, run fetch again later")
            self._pause(delay)
        raise ApiError(f"{self.base}{path}: gave up after {self.retries + 1} attempts, last: {last}")

    # ---- paging --------------------------------------------------------------
    def pages(self, path: str, params: dict[str, Any], *, skip: int = 0) -> Iterator[tuple[list[dict], int, int]]:
        """Yield ``(results, total, next_skip)`` page by page; :class:`PageCap` past ``max_pages``."""
        while True:
            if self.stats.pages >= self.max_pages:
                raise PageCap(f"stopped at the cap of {self.max_pages} pages per run; run fetch again to continue", skip)
            data = self.get(path, {**params, "skip": skip, "take": self.take})
            self.stats.pages += 1
            if not isinstance(data, dict) or not isinstance(data.get("results"), list):
                raise ApiError(f"{self.base}{path}: unexpected answer (no results list)")
            results = [r for r in data["results"] if isinstance(r, dict)]
            total = data.get("totalResults") if isinstance(data.get("totalResults"), int) else None
            skip += len(data["results"])
            yield results, (total if total is not None else skip), skip
            if not data["results"] or (total is not None and skip >= total):
                return

    def question(self, qid: int) -> dict:
        """The detail response (full text, members expanded) of one question."""
        return self._detail(f"{QUESTIONS}/{int(qid)}")

    def statement(self, sid: int) -> dict:
        return self._detail(f"{STATEMENTS}/{int(sid)}")

    def _detail(self, path: str) -> dict:
        data = self.get(path, {"expandMember": "true"})
        if not isinstance(data, dict) or not isinstance(data.get("value"), dict):
            raise ApiError(f"{self.base}{path}: unexpected answer (no value)")
        return data


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:120]


def _parse_retry_after(value: str) -> float | None:
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())
