"""The Parliament API client against the local replay server: paging, retries, faults, politeness."""

from __future__ import annotations

import re
import time

import pytest

from api_replay import ReplayServer, fixture_questions
from corpus.api.client import ApiError, Client, Offline, PageCap, _parse_retry_after

Q = "/api/writtenquestions/questions"


@pytest.fixture
def replay():
    with ReplayServer() as server:
        yield server


def make(replay, **kw) -> tuple[Client, list[float]]:
    slept: list[float] = []
    kw.setdefault("rate", 0)
    kw.setdefault("backoff", 0.01)
    c = Client(replay.url, sleep=lambda s: slept.append(s), **kw)
    return c, slept


def test_paging_walks_every_page_once_in_order(replay):
    c, _ = make(replay, take=7)
    seen = []
    for results, total, nxt in c.pages(Q, {}):
        assert total == 44
        seen += [r["value"]["id"] for r in results]
    assert len(seen) == 44 and len(set(seen)) == 44
    skips = [int(r["params"]["skip"][0]) for r in replay.log]
    assert skips == [0, 7, 14, 21, 28, 35, 42]
    assert all(r["params"]["take"] == ["7"] for r in replay.log)


def test_list_endpoint_truncates_and_detail_gives_full_text(replay):
    c, _ = make(replay)
    listed = {r["value"]["id"]: r["value"] for r, in zip(next(c.pages(Q, {"take": 100}))[0])}
    full = {v["id"]: v for v in fixture_questions()}
    long_q = next(i for i, v in full.items() if len(v["questionText"]) > 255 and v["answerText"] and len(v["answerText"]) > 300)
    assert len(listed[long_q]["questionText"]) == 255
    assert listed[long_q]["answerText"].endswith("...") and len(listed[long_q]["answerText"]) == 258
    assert "<p>" not in listed[long_q]["answerText"]
    detail = c.question(long_q)["value"]
    assert detail["questionText"] == full[long_q]["questionText"]
    assert detail["answerText"].startswith("<p>")


def test_expand_member_names_members_the_recording_knows(replay):
    c, _ = make(replay)
    v = c.question(1678188)["value"]
    assert v["answeringMember"]["name"] == "Edward Argar"
    assert v["answeringMember"]["party"] == "Conservative"
    assert v["askingMember"] is None  # id 4698 is not in the recording: not named, not guessed
    assert replay.log[-1]["params"]["expandMember"] == ["true"]


def test_user_agent_names_parlread_and_version(replay):
    c, _ = make(replay)
    c.question(1678188)
    assert re.match(r"parlread/\S+", replay.log[-1]["user_agent"])


@pytest.mark.parametrize("fault", [("503", None), ("429", 2), ("truncated", None), ("reset", None)])
def test_a_fault_is_retried_and_the_answer_arrives(replay, fault):
    c, slept = make(replay)
    replay.faults = [fault]
    v = c.question(1678188)["value"]
    assert v["id"] == 1678188
    assert c.stats.retries == 1 and len(replay.log) == 2
    if fault[0] == "429":
        assert 2.0 <= slept[0] < 2.1  # Retry-After honoured


def test_timeout_is_retried(replay):
    c, _ = make(replay, timeout=0.3)
    replay.faults = [("timeout", 1.0)]
    assert c.question(1678188)["value"]["id"] == 1678188
    assert c.stats.retries == 1


def test_retry_after_on_503_is_honoured(replay):
    c, slept = make(replay)
    replay.faults = [("503", 3), ("503", 1)]
    c.question(1678188)
    assert 3.0 <= slept[0] < 3.1 and 1.0 <= slept[1] < 1.1


def test_gives_up_with_a_clear_message(replay):
    c, slept = make(replay, retries=2)
    replay.faults = [("503", None)] * 5
    with pytest.raises(ApiError) as err:
        c.question(1678188)
    assert "gave up after 3 attempts" in str(err.value) and "HTTP 503" in str(err.value)
    assert len(replay.log) == 3
    assert len(slept) == 2 and slept[1] > slept[0] * 1.2  # exponential backoff when no Retry-After


def test_a_retry_after_too_long_gives_up_at_once(replay):
    c, slept = make(replay, max_retry_after=60)
    replay.faults = [("429", 3600)]
    with pytest.raises(ApiError, match="asks to wait 3600s"):
        c.question(1678188)
    assert slept == []


def test_retry_after_http_date():
    when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 25 <= _parse_retry_after(when) <= 31
    assert _parse_retry_after("7") == 7.0
    assert _parse_retry_after("soon") is None


def test_not_found_is_not_retried(replay):
    c, _ = make(replay)
    with pytest.raises(ApiError, match="not found"):
        c.question(1)
    assert len(replay.log) == 1


def test_offline_when_nothing_listens():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    c = Client(f"http://127.0.0.1:{port}", rate=0)
    with pytest.raises(Offline, match="cannot reach the Parliament API"):
        c.question(1678188)


def test_polite_rate_spaces_requests(replay):
    c, _ = make(replay, rate=20)
    c._sleep = time.sleep
    t = time.monotonic()
    for _ in range(5):
        c.question(1678188)
    assert time.monotonic() - t >= 4 / 20 * 0.95
    # Arrival times at the server jitter with scheduling on a loaded machine, so check that
    # no two requests came as a burst (back to back) rather than an exact spacing.
    gaps = [b["at"] - a["at"] for a, b in zip(replay.log, replay.log[1:])]
    assert min(gaps) >= 1 / 20 * 0.25


def test_page_cap_stops_and_says_where_to_resume(replay):
    c, _ = make(replay, take=10, max_pages=2)
    got = []
    with pytest.raises(PageCap) as cap:
        for results, _total, _n in c.pages(Q, {}):
            got += results
    assert len(got) == 20 and cap.value.skip == 20
    assert "cap of 2 pages" in str(cap.value)


def test_base_url_from_environment(monkeypatch, replay):
    monkeypatch.setenv("PARLREAD_API_BASE", replay.url + "/")
    c = Client(rate=0)
    assert c.base == replay.url
    assert c.question(1678188)["value"]["id"] == 1678188


def test_slow_page_is_waited_for_not_abandoned(replay):
    c, _ = make(replay, timeout=5)
    replay.faults = [("slow", 0.5)]
    results, total, _ = next(c.pages(Q, {}))
    assert total == 44 and c.stats.retries == 0


def test_hostile_list_and_detail_answers_fail_the_watch_cleanly(replay):
    from corpus.api.fetch import fetch
    from corpus.api.watches import add_watch, make_watch

    add_watch(make_watch("all", kind="questions"))
    real = replay.answer

    def answer(path, q):  # the detail for 1678188 answers with another record
        return real(path.replace("/1678188", "/1678190"), q)

    replay.answer = answer
    report = fetch(client=make(replay)[0])
    w = report.watches["all"]
    assert not w.synced and "answered with id 1678190" in w.error
