"""A local replay of the Parliament Written Questions and Statements API for tests and benchmarks.

Stdlib ``http.server`` in a thread on 127.0.0.1 (a free port).  Serves recorded
records (``tests/fixtures/api/``, or any list given) the way the real API does:

* ``GET /api/writtenquestions/questions`` with ``skip``/``take`` paging (take
  defaults to 20), newest tabled first, and the filters parlread uses:
  ``tabledWhenFrom/To``, ``answeredWhenFrom/To``, ``correctedWhenFrom/To``
  (inclusive dates), ``answered=Answered|Unanswered``, ``answeringBodies``
  (repeatable), ``members`` (asking or answering, repeatable),
  ``askingMemberId``, ``answeringMemberId``, ``searchTerm`` (words in the
  heading, question or answer), ``house``, ``uIN``;
* the list endpoint's truncation: ``questionText`` cut at 255 characters,
  ``answerText`` tag-stripped and cut at 255 + ``"..."``, ``originalAnswerText``
  empty; statements' ``text`` cut the same way;
* ``GET .../questions/{id}`` and ``.../statements/{id}``: the full record;
* ``expandMember=true`` fills member objects from a members table (ids it
  does not hold stay null — a limit of the recording, not of the real API);
* ``GET /api/writtenstatements/statements`` with ``madeWhenFrom/To``,
  ``answeringBodies``, ``members``, ``searchTerm``, ``house``.

Fault injection: ``server.faults`` is a list of ``(kind, arg)`` consumed one
per request, in order: ``("503", None)``, ``("429", retry_after)``,
``("timeout", seconds)`` (sleeps, then answers), ``("truncated", None)`` (half
the JSON body, with a matching Content-Length), ``("slow", seconds)``,
``("reset", None)`` (closes the connection), ``("ok", None)`` (no fault).
``server.log`` records every request (path, params, User-Agent).
"""

from __future__ import annotations

import html
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "api"
QUESTIONS = "/api/writtenquestions/questions"
STATEMENTS = "/api/writtenstatements/statements"
CUT = 255
_TAG = re.compile(r"<[^>]+>")


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def fixture_questions() -> list[dict]:
    return [it["value"] for it in load_jsonl(FIXTURES / "questions.jsonl")]


def fixture_statements() -> list[dict]:
    return [it["value"] for it in load_jsonl(FIXTURES / "statements.jsonl")]


def fixture_members() -> dict[int, dict]:
    data = json.loads((FIXTURES / "members.json").read_text(encoding="utf-8"))
    return {int(k): v for k, v in data["members"].items()}


def list_form(text: Any, *, answer: bool) -> Any:
    """What the list endpoint shows of a text field."""
    if not isinstance(text, str):
        return text
    if answer:
        plain = html.unescape(_TAG.sub("", text))
        return plain[:CUT] + "..." if len(plain) > CUT else plain
    return text[:CUT]


def _day(v: Any) -> str:
    return v[:10] if isinstance(v, str) else ""


class ReplayServer:
    """Start with :meth:`start` (or use as a context manager); ``url`` is the base URL."""

    def __init__(self, questions: list[dict] | None = None, statements: list[dict] | None = None,
                 members: dict[int, dict] | None = None, default_take: int = 20) -> None:
        self.questions: dict[int, dict] = {}
        self.statements: dict[int, dict] = {}
        self.members = fixture_members() if members is None else members
        self.default_take = default_take
        self.faults: list[tuple[str, Any]] = []
        self.log: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.set_questions(fixture_questions() if questions is None else questions)
        self.set_statements(fixture_statements() if statements is None else statements)
        self._httpd: ThreadingHTTPServer | None = None

    # ---- data ------------------------------------------------------------------
    def set_questions(self, values: list[dict]) -> None:
        with self.lock:
            self.questions = {v["id"]: v for v in values}

    def set_statements(self, values: list[dict]) -> None:
        with self.lock:
            self.statements = {v["id"]: v for v in values}

    def put(self, value: dict) -> None:
        """Add or replace one question or statement (the API's state changed)."""
        with self.lock:
            (self.statements if "dateMade" in value else self.questions)[value["id"]] = value

    def requests_to(self, prefix: str) -> int:
        return sum(1 for r in self.log if r["path"].startswith(prefix))

    # ---- lifecycle -------------------------------------------------------------
    def start(self) -> "ReplayServer":
        server = self

        class Handler(_Handler):
            replay = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> "ReplayServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- the API -----------------------------------------------------------------
    def _expand(self, v: dict, expand: bool) -> dict:
        v = dict(v)
        for id_key, obj_key in (("askingMemberId", "askingMember"), ("answeringMemberId", "answeringMember"),
                                ("correctingMemberId", "correctingMember"), ("memberId", "member")):
            if id_key in v:
                v[obj_key] = dict(self.members[v[id_key]]) if expand and v.get(id_key) in self.members else None
        return v

    def answer(self, path: str, q: dict[str, list[str]]) -> tuple[int, Any]:
        one = lambda k: (q.get(k) or [None])[0]  # noqa: E731
        expand = (one("expandMember") or "").lower() == "true"
        m = re.fullmatch(rf"({QUESTIONS}|{STATEMENTS})/(\d+)", path)
        if m:
            table = self.questions if m.group(1) == QUESTIONS else self.statements
            with self.lock:
                v = table.get(int(m.group(2)))
            if v is None:
                return 404, {"title": "Not Found", "status": 404}
            href = ("/Questions/" if m.group(1) == QUESTIONS else "/Statements/") + m.group(2)
            return 200, {"value": self._expand(v, expand), "links": [{"rel": "self", "href": href, "method": "GET"}]}
        if path not in (QUESTIONS, STATEMENTS):
            return 404, {"title": "Not Found", "status": 404}
        statements = path == STATEMENTS
        with self.lock:
            values = list((self.statements if statements else self.questions).values())
        bodies = {int(x) for x in q.get("answeringBodies", []) if x.isdigit()}
        members = {int(x) for x in q.get("members", []) if x.isdigit()}
        words = (one("searchTerm") or "").casefold().split()

        def keep(v: dict) -> bool:
            if bodies and v.get("answeringBodyId") not in bodies:
                return False
            if one("house") in ("Commons", "Lords") and v.get("house") != one("house"):
                return False
            if statements:
                ids = {v.get("memberId")}
                hay = f"{v.get('title') or ''} {v.get('text') or ''}"
                ranges = (("madeWhen", "dateMade"),)
            else:
                ids = {v.get("askingMemberId"), v.get("answeringMemberId")}
                hay = f"{v.get('heading') or ''} {v.get('questionText') or ''} {v.get('answerText') or ''}"
                ranges = (("tabledWhen", "dateTabled"), ("answeredWhen", "dateAnswered"), ("correctedWhen", "dateAnswerCorrected"))
                if one("askingMemberId") and str(v.get("askingMemberId")) != one("askingMemberId"):
                    return False
                if one("answeringMemberId") and str(v.get("answeringMemberId")) != one("answeringMemberId"):
                    return False
                if one("answered") == "Answered" and not v.get("dateAnswered"):
                    return False
                if one("answered") == "Unanswered" and v.get("dateAnswered"):
                    return False
                if one("uIN") and v.get("uin") != one("uIN"):
                    return False
            if members and not (ids & members):
                return False
            for prefix, field_ in ranges:
                lo, hi, d = one(prefix + "From"), one(prefix + "To"), _day(v.get(field_))
                if (lo or hi) and not d:
                    return False
                if lo and d < lo[:10] or hi and d > hi[:10]:
                    return False
            if words:
                text = html.unescape(_TAG.sub(" ", hay)).casefold()
                if not all(w in text for w in words):
                    return False
            return True

        hits = [v for v in values if keep(v)]
        date_key = "dateMade" if statements else "dateTabled"
        hits.sort(key=lambda v: (_day(v.get(date_key)), v["id"]), reverse=True)
        skip = int(one("skip") or 0)
        take = int(one("take") or self.default_take)
        page = hits[skip: skip + take]
        results = []
        for v in page:
            v = self._expand(v, expand)
            if statements:
                v["text"] = list_form(v.get("text"), answer=True)
            else:
                v["questionText"] = list_form(v.get("questionText"), answer=False)
                v["answerText"] = list_form(v.get("answerText"), answer=True)
                v["originalAnswerText"] = ""
                v["comparableAnswerText"] = ""
            href = ("/Statements/" if statements else "/Questions/") + str(v["id"])
            results.append({"value": v, "links": [{"rel": "self", "href": href, "method": "GET"}]})
        return 200, {"totalResults": len(hits), "results": results}


class _Handler(BaseHTTPRequestHandler):
    replay: ReplayServer
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without this, delayed ACKs cost 40 ms a request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        r = self.replay
        parts = urlsplit(self.path)
        q = parse_qs(parts.query)
        with r.lock:
            r.log.append({"path": parts.path, "params": q, "user_agent": self.headers.get("User-Agent"), "at": time.monotonic()})
            fault = r.faults.pop(0) if r.faults else ("ok", None)
        kind, arg = fault
        if kind in ("timeout", "slow"):
            time.sleep(float(arg))
        if kind == "reset":
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        if kind == "503":
            return self._send(503, b'{"title":"Service Unavailable"}', {} if arg is None else {"Retry-After": str(arg)})
        if kind == "429":
            return self._send(429, b'{"title":"Too Many Requests"}', {"Retry-After": str(arg if arg is not None else 1)})
        status, obj = r.answer(parts.path, q)
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        if kind == "truncated":
            body = body[: max(1, len(body) // 2)]
        self._send(status, body)

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def main(argv: list[str] | None = None) -> int:
    """``python tests/api_replay.py [--questions FILE.jsonl] [--limit N]``: serve until killed, print the URL."""
    import argparse
    import sys

    p = argparse.ArgumentParser(description="Replay recorded Parliament API records on 127.0.0.1")
    p.add_argument("--questions", help="JSONL of {'value': ...} question records (default: the test fixtures)")
    p.add_argument("--limit", type=int, default=0, help="serve only the first N questions")
    args = p.parse_args(argv)
    qs = None
    if args.questions:
        qs = [it["value"] for it in load_jsonl(Path(args.questions))]
        qs = qs[: args.limit] if args.limit else qs
    server = ReplayServer(questions=qs).start()
    print(server.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
