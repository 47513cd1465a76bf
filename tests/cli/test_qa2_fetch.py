"""QA (qa2): fetch as a demanding user runs it — two sessions at once, faults, caps — against the
real replay server on 127.0.0.1 (tests/api_replay.py), started by each test."""

from __future__ import annotations

import json
import threading
import time

import pytest

from api_replay import ReplayServer, fixture_questions
from corpus.api.client import Client
from corpus.api.fetch import fetch
from corpus.api.watches import add_watch, make_watch
from corpus.library import files_dir

QS = {v["id"]: v for v in fixture_questions()}


def client(server: ReplayServer, **kw) -> Client:
    kw.setdefault("rate", 0)
    kw.setdefault("backoff", 0.01)
    return Client(server.url, **kw)


def shard_ids() -> list[int]:
    d = files_dir()
    ids: list[int] = []
    for shard in d.glob("api-w*-*xxx.jsonl"):
        ids += [json.loads(line)["value"]["id"] for line in shard.read_text(encoding="utf-8").splitlines() if line.strip()]
    return ids


def detail_order(dept: int) -> list[int]:
    """The order a watch on one department asks for details: newest tabled first (as the API lists)."""
    vs = [v for v in QS.values() if v["answeringBodyId"] == dept]
    vs.sort(key=lambda v: (v["dateTabled"][:10], v["id"]), reverse=True)
    return [v["id"] for v in vs]


def test_two_fetches_at_once_writing_the_same_shard_lose_nothing():
    """Session A holds shard 1678xxx in memory while session B writes records into it; A saves after."""
    add_watch(make_watch("dfe", departments=["education"], kind="questions"))
    add_watch(make_watch("moj", departments=["justice"], kind="questions"))
    order = detail_order(60)
    shared = [i for i in order if i // 1000 == 1678]
    assert shared and any(v["answeringBodyId"] == 54 and v["id"] // 1000 == 1678 for v in QS.values())
    pos = order.index(shared[0])
    with ReplayServer() as a, ReplayServer() as b:
        # A: the list page, details up to (and including) the 1678xxx one, then a slow answer
        a.faults = [("ok", None)] * (2 + pos) + [("slow", 2.5)]
        done: dict[str, object] = {}

        def session_b() -> None:
            deadline = time.monotonic() + 30
            while len(a.log) < 3 + pos and time.monotonic() < deadline:
                time.sleep(0.01)
            done["b"] = fetch(["moj"], client=client(b))

        t = threading.Thread(target=session_b)
        t.start()
        ra = fetch(["dfe"], client=client(a))
        t.join(30)
    rb = done["b"]
    assert ra.failed == 0 and rb.failed == 0  # type: ignore[attr-defined]
    assert rb.watches["moj"].new == 3  # type: ignore[attr-defined]
    ids = shard_ids()
    assert len(ids) == len(set(ids))
    want = {i for i, v in QS.items() if v["answeringBodyId"] in (60, 54)}
    assert set(ids) == want, f"missing from the library: {sorted(want - set(ids))}"


def test_inbox_of_one_fetch_is_newest_first_even_when_saved_in_several_batches():
    """A run saves every 2 s: the inbox must not list it batch by batch (an old record above newer ones)."""
    add_watch(make_watch("all", kind="questions"))
    with ReplayServer() as s:
        # a save after 12 details (2 s passed), the rest saved at the end, more than a second later
        s.faults = [("ok", None)] * 12 + [("slow", 2.2)] + [("ok", None)] * 20 + [("slow", 1.2)]
        r = fetch(client=client(s))
    assert r.failed == 0 and r.new == 44
    from corpus.api import inbox

    entries, _ = inbox.unread()
    dates = [e.date or "" for e in entries]
    assert len({e.when for e in entries}) == 1  # one fetch, one time
    assert dates == sorted(dates, reverse=True)


def _cli(*args: str, env: dict | None = None):
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=60)


@pytest.mark.parametrize("base", ["http://[::1", "not-a-url", "ftp://127.0.0.1:1", "http://", "", "http://127.0.0.1:99999999"])
def test_a_bad_api_base_is_one_clear_line_at_once(base):
    add_watch(make_watch("dfe", departments=["education"]))
    t = time.monotonic()
    out = _cli("fetch", "--api-base", base)
    assert time.monotonic() - t < 20  # no retrying of a typo
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "--api-base" in lines[0], out.stderr
    assert not files_dir().exists() or not any(files_dir().iterdir())


def test_a_bad_api_base_in_the_environment_is_named_too():
    add_watch(make_watch("dfe", departments=["education"]))
    out = _cli("fetch", env={"PARLREAD_API_BASE": "127.0.0.1:8080"})
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "PARLREAD_API_BASE" in out.stderr and len(out.stderr.strip().splitlines()) == 1


BAD_SHAPES = {
    "inbox.json": ['{"seq": "a", "entries": {}, "read_seq": 0}', '{"seq": 3, "entries": {"x": {"seq": "zz"}}}',
                   '{"seq": 1, "read_seq": null, "entries": {}}', '{"seq": 1, "entries": ["x"]}'],
    "members.json": ['{"4362": "Edward Argar"}', '{"4362": {"name": 5}}'],
    "index.json": ['{"wq:1678188": 5}'],
    "watches.json": ['{"watches": {"moj": {"name": "moj", "departments": "54"}}}',
                     '{"watches": {"moj": {"name": "moj", "marks": []}}}', '{"watches": []}',
                     '{"watches": {"moj": {"name": "moj", "kind": "everything"}}}'],
}


@pytest.mark.parametrize("name, body", [(n, b) for n, bodies in BAD_SHAPES.items() for b in bodies])
def test_a_follow_file_of_the_wrong_shape_is_reported_and_kept_never_a_traceback(name, body):
    from corpus.library import library_dir

    add_watch(make_watch("moj", departments=["justice"], kind="questions"))
    path = library_dir() / "follow" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    with ReplayServer() as s:
        for args in (["fetch", "--api-base", s.url, "--rate", "1000"], ["inbox"], ["inbox", "--mark-read"],
                     ["inbox", "--json"], ["watch", "list"]):
            out = _cli(*args)
            assert "Traceback" not in out.stderr, (args, out.stderr)
            assert out.returncode in (0, 1), (args, out.returncode, out.stderr)
            if out.returncode == 1:
                assert name in out.stderr, (args, out.stderr)
    assert path.read_text(encoding="utf-8") == body  # kept as it was, never replaced


def test_a_watch_that_fails_mid_batch_counts_only_what_it_saved_and_keeps_it():
    """The API gives up on the 11th detail call: the 10 fetched before are saved and counted, nothing more."""
    add_watch(make_watch("all", kind="questions"))
    with ReplayServer() as s:
        s.faults = [("ok", None)] * 11 + [("503", None)] * 2
        r = fetch(client=client(s, retries=1))
        w = r.watches["all"]
        assert not w.synced and "503" in (w.error or "")
        saved = shard_ids()
        assert len(saved) == len(set(saved)) == 10
        assert w.new == 10 and w.updated == 0
        from corpus.api import inbox

        assert len(inbox.unread()[0]) == 10
        # the next run finishes the job: the other 34, once each
        s.faults = []
        r2 = fetch(client=client(s))
        assert r2.failed == 0 and r2.watches["all"].new == 34
        assert sorted(shard_ids()) == sorted(QS)


def test_a_record_fetched_by_a_watch_that_then_failed_is_still_stored_for_the_next_watch():
    add_watch(make_watch("a-all", kind="questions"))
    add_watch(make_watch("b-dfe", departments=["education"], kind="questions"))
    with ReplayServer() as s:
        # watch a: 1 page, 5 details, then the 6th detail fails for good (the 5 fetched before were not saved)
        s.faults = [("ok", None)] * 6 + [("503", None)] * 2
        r = fetch(client=client(s, retries=1))
    assert not r.watches["a-all"].synced and r.watches["b-dfe"].synced
    want = {i for i, v in QS.items() if v["answeringBodyId"] == 60}
    assert want <= set(shard_ids())  # every DfE question is in the library after b ran


def test_a_watch_not_run_because_of_the_page_cap_says_so_and_its_turn_comes():
    add_watch(make_watch("a-all", kind="questions"))
    add_watch(make_watch("b-moj", departments=["justice"], kind="questions"))
    with ReplayServer() as s:
        r = fetch(client=client(s, take=10, max_pages=2))
        a, b = r.watches["a-all"], r.watches["b-moj"]
        assert not a.synced and "cap of 2 pages" in (a.error or "")
        assert not b.synced and b.requests == 0
        assert "not run" in (b.error or "") and "cap" in (b.error or "")
        synced: set[str] = set()
        for _ in range(6):  # an incremental run asks 3 queries a watch: with a cap of 2 pages, runs take turns
            r = fetch(client=client(s, take=10, max_pages=2))
            synced |= {n for n, w in r.watches.items() if w.synced}
        assert synced == {"a-all", "b-moj"}  # neither starves
    assert sorted(shard_ids()) == sorted(QS)


def test_a_holding_answer_is_not_announced_as_an_answer():
    """Real shape (../shared, question 1818914): answerIsHolding, dateAnswered and dateHoldingAnswer set,
    the answer text says an answer will follow.  The inbox must not call that "answered"."""
    import copy

    from corpus.api import inbox

    add_watch(make_watch("moj", departments=["justice"], kind="questions"))
    q = copy.deepcopy(QS[1678188])
    waiting = {**q, "dateAnswered": None, "answerText": None, "heading": None, "answerIsHolding": False}
    others = [QS[i] for i in (1678190, 1678988)]
    with ReplayServer(questions=[waiting, *others]) as s:
        assert fetch(client=client(s)).new == 3
        inbox.mark_read()
        s.put({**q, "answerIsHolding": True, "dateAnswered": "2026-11-30T00:00:00", "dateHoldingAnswer": "2026-11-30T00:00:00",
               "answerText": "<p>The Ministry of Justice has indicated that it will not be possible to answer this "
                             "question within the usual time period. An answer is being prepared and will be "
                             "provided as soon as it is available.</p>"})
        r = fetch(client=client(s))
        assert r.updated == 1
        assert [e.why for e in inbox.unread()[0]] == [["holding answer"]]
        inbox.mark_read()
        s.put({**q, "answerIsHolding": False, "dateAnswered": "2026-12-01T00:00:00", "dateHoldingAnswer": "2026-11-30T00:00:00"})
        fetch(client=client(s))
        assert [e.why for e in inbox.unread()[0]] == [["holding answer replaced"]]
