"""Watches and fetch end to end against the local replay server: filters, names, full text,
incremental runs, corrections as versions, a killed fetch, offline, the inbox across sessions."""

from __future__ import annotations

import copy
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api_replay import ReplayServer, fixture_questions
from corpus.api import inbox
from corpus.api.client import Client
from corpus.api.fetch import fetch, record_id
from corpus.api.watches import WatchError, add_watch, load_watches, make_watch, resolve_department
from corpus.library import files_dir, library_dir

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def replay():
    with ReplayServer() as server:
        yield server


def client(replay, **kw) -> Client:
    kw.setdefault("rate", 0)
    kw.setdefault("backoff", 0.01)
    return Client(replay.url, **kw)


def watch(name: str, **kw) -> None:
    add_watch(make_watch(name, **kw))


def fetched_ids() -> set[int]:
    """Ids of the records fetch wrote into the library (each must be there once)."""
    d = files_dir()
    ids: list[int] = []
    for shard in (d.glob("api-w*-*xxx.jsonl") if d.is_dir() else []):
        ids += [json.loads(line)["value"]["id"] for line in shard.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(ids) == len(set(ids)), "a record is in the library twice"
    return set(ids)


def parlread(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, **kw)


QS = {v["id"]: v for v in fixture_questions()}


def expected(pred) -> set[int]:
    return {i for i, v in QS.items() if pred(v)}


# ---- every filter ------------------------------------------------------------------
def test_department_filter_by_name_and_id(replay):
    watch("dfe", departments=["education"], kind="questions")
    watch("moj", departments=["54"], kind="questions")
    r = fetch(client=client(replay))
    assert r.failed == 0
    assert fetched_ids() == expected(lambda v: v["answeringBodyId"] in (60, 54))
    assert r.watches["dfe"].new == len(expected(lambda v: v["answeringBodyId"] == 60))
    assert r.watches["moj"].new == 3
    assert all(q["params"].get("answeringBodies") in (["60"], ["54"]) for q in replay.log if q["path"].endswith("questions"))


def test_a_renamed_department_follows_every_id_it_had():
    ids, label = resolve_department("Department for Levelling Up, Housing and Communities")
    assert ids == [7, 211] and label == "Ministry of Housing, Communities and Local Government"
    assert resolve_department("COMMUNITIES AND LOCAL GOVERNMENT")[0] == [7, 211]
    with pytest.raises(WatchError, match="several departments"):
        resolve_department("office")
    with pytest.raises(WatchError, match="no department"):
        resolve_department("ministry of silly walks")


def test_member_filter_matches_asking_or_answering(replay):
    watch("argar", members=["4362"], kind="questions")
    watch("asker", members=["3969"], kind="questions")
    fetch(client=client(replay))
    assert fetched_ids() == expected(lambda v: 4362 in (v["askingMemberId"], v["answeringMemberId"])
                                     or 3969 in (v["askingMemberId"], v["answeringMemberId"]))
    # once fetched, a member can be named instead of numbered
    w = make_watch("by-name", members=["edward argar"])
    assert w.members == [4362] and w.member_names == ["Edward Argar"]
    with pytest.raises(WatchError, match="no member called"):
        make_watch("nobody", members=["Someone Unknown"])


def test_search_term_house_and_dates(replay):
    watch("kin", search="kinship", kind="questions")
    watch("lords", house="lords", kind="questions")
    watch("range", date_from="2024-07-01", date_to="2024-09-30", kind="questions")
    r = fetch(client=client(replay))
    kin = expected(lambda v: "kinship" in (v["questionText"] + (v["answerText"] or "") + (v["heading"] or "")).casefold())
    rng = expected(lambda v: "2024-07-01" <= v["dateTabled"][:10] <= "2024-09-30")
    assert kin and rng
    assert r.watches["kin"].new == len(kin)
    assert r.watches["lords"].new == 0 and r.watches["lords"].synced  # the recording is all Commons
    assert r.watches["range"].new == len(rng - kin)  # those kin fetched already are unchanged
    assert fetched_ids() == kin | rng


def test_kind_statements_and_linked_statements(replay):
    watch("probation", search="probation service", kind="statements")
    r = fetch(client=client(replay))
    # the Commons statement matches; the Lords copy made jointly comes with it as a linked statement
    assert r.watches["probation"].new == 2
    from corpus.loader import load
    from corpus.versions import find_versions

    corpus = load([files_dir()])
    titles = sorted(rec.title for rec in corpus.records)
    assert titles == ["National Probation Service", "Probation Service"]
    groups = find_versions(corpus)
    assert len(groups) == 1 and len(groups[0].ids) == 2


def test_watch_cli_add_list_remove(tmp_path):
    out = parlread("watch", "add", "csc", "--department", "Department for Education", "--search", "kinship", "--from", "2024-01-01")
    assert out.returncode == 0, out.stderr
    assert "Department for Education" in out.stdout
    again = parlread("watch", "add", "csc")
    assert again.returncode == 1 and "exists already" in again.stderr
    bad = parlread("watch", "add", "d", "--from", "31/01/2024")
    assert bad.returncode == 1 and "YYYY" not in bad.stderr and "2024-01-31" in bad.stderr
    listed = json.loads(parlread("watch", "list", "--json").stdout)
    (w,) = listed["watches"]
    assert (w["name"], w["departments"], w["search"], w["date_from"], w["kind"]) == ("csc", [60], "kinship", "2024-01-01", "all")
    assert parlread("watch", "remove", "csc").returncode == 0
    assert json.loads(parlread("watch", "list", "--json").stdout) == {"watches": []}
    gone = parlread("watch", "remove", "csc")
    assert gone.returncode == 1 and "no watch called" in gone.stderr


# ---- names and full text -------------------------------------------------------------
def test_records_have_full_text_and_names(replay):
    watch("moj", departments=["justice"], kind="questions")
    fetch(client=client(replay))
    from corpus.loader import load

    corpus = load([files_dir()])
    rec = next(r for r in corpus.records if r.extra["question_id"] == 1678188)
    assert rec.answered_by == "Edward Argar" and rec.answered_by_party == "Conservative"
    assert rec.asked_by is None and "member id 4698" in rec.field_notes["asked_by"]  # unknown stays unknown
    assert "truncated" not in rec.extra
    q = QS[1678188]
    assert len(rec.passages[0].text) > 255 and rec.passages[0].text.startswith(q["questionText"][:60])
    # the members table now names id-only records from elsewhere (e.g. ../shared/data)
    other = tmp_dir_with_id_only_record(4362)
    names = load([other])
    assert names.records[0].answered_by == "Edward Argar"
    assert "members table" in names.records[0].field_notes["answered_by"]
    unknown = load([tmp_dir_with_id_only_record(4125)])
    assert unknown.records[0].answered_by is None


def tmp_dir_with_id_only_record(member_id: int) -> Path:
    v = copy.deepcopy(QS[1675395])
    v["id"] = 1000000 + member_id
    v["answeringMemberId"] = member_id
    d = library_dir().parent / f"other-{member_id}"
    d.mkdir(parents=True, exist_ok=True)
    (d / "one.json").write_text(json.dumps({"totalResults": 1, "results": [{"value": v, "links": []}]}), encoding="utf-8")
    return d


# ---- incremental runs, corrections, holding answers ------------------------------------
def _earlier_state() -> tuple[list[dict], dict[str, set[int]]]:
    """The recording as it stood earlier, DERIVED by removing fields from real records:
    the 3 latest answers not yet given, a holding answer not yet replaced, the 2 latest questions
    not yet tabled.  The correction made later is synthetic (one number changed), see below."""
    vals = {i: copy.deepcopy(v) for i, v in QS.items()}
    answered = sorted((v for v in vals.values() if v["dateAnswered"]), key=lambda v: (v["dateAnswered"], v["id"]), reverse=True)
    later_answered = {v["id"] for v in answered[:3]}
    holding = answered[3]["id"]
    for i in later_answered | {holding}:
        v = vals[i]
        for k in ("answerText", "dateAnswered", "heading", "answeringMember"):
            v[k] = None
        v["answeringMemberId"] = None
    vals[holding]["answerIsHolding"] = True
    vals[holding]["dateHoldingAnswer"] = vals[holding]["dateForAnswer"]
    tabled = sorted(vals.values(), key=lambda v: (v["dateTabled"], v["id"]), reverse=True)
    not_yet = {tabled[0]["id"], tabled[1]["id"]}
    earlier = [v for i, v in vals.items() if i not in not_yet]
    return earlier, {"answered": later_answered, "holding": {holding}, "new": not_yet}


def _synthetic_correction() -> dict:
    v = copy.deepcopy(QS[1724525])  # a real answer; the CORRECTED text below is synthetic (a figure changed)
    v["answerText"] = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), v["answerText"], count=1)
    v["answerIsCorrection"] = True
    v["correctingMemberId"] = v["answeringMemberId"]
    v["dateAnswerCorrected"] = "2024-09-20T00:00:00"
    return v


def test_incremental_run_after_new_answers_and_one_correction(replay):
    earlier, changed = _earlier_state()
    replay.set_questions(earlier)
    watch("all", kind="questions")
    first = fetch(client=client(replay))
    assert (first.new, first.updated) == (len(earlier), 0)
    inbox.mark_read()
    # the world moves on: answers given, a holding answer replaced, two new questions, one correction
    replay.set_questions(list(QS.values()))
    replay.put(_synthetic_correction())
    replay.log.clear()
    second = fetch(client=client(replay))
    assert second.failed == 0
    assert second.new == 2
    assert second.updated == 3 + 1 + 1
    why = {e.key: e.why for e in inbox.unread()[0]}
    assert why == {
        **{f"wq:{i}": ["answered"] for i in changed["answered"]},
        **{f"wq:{i}": ["holding answer replaced"] for i in changed["holding"]},
        **{f"wq:{i}": ["new"] for i in changed["new"]},
        "wq:1724525": ["corrected"],
    }
    # the later run asked only for what changed: since the marks, and details only for the 7
    params = [r["params"] for r in replay.log if r["path"].endswith("/questions")]
    assert any("answeredWhenFrom" in p for p in params) and any("correctedWhenFrom" in p for p in params)
    assert all("tabledWhenFrom" in p or "answeredWhenFrom" in p or "correctedWhenFrom" in p for p in params)
    details = [r["path"] for r in replay.log if re.search(r"/questions/\d+$", r["path"])]
    assert len(details) == 7
    # a third run finds nothing new
    third = fetch(client=client(replay))
    assert (third.new, third.updated) == (0, 0)


def test_a_correction_becomes_a_version_pair_and_notes_reanchor(replay):
    watch("all", kind="questions")
    fetch(client=client(replay))
    from annotations import AnnotationStore
    from corpus.loader import load

    corpus = load([files_dir()])
    rec = next(r for r in corpus.records if r.extra["question_id"] == 1724525)
    changed = next(p for p in rec.passages if p.role == "answer" and re.search(r"\d", p.text))
    store = AnnotationStore.open()
    ann = store.add(rec, changed, note="check this figure")
    replay.put(_synthetic_correction())
    assert fetch(client=client(replay)).updated == 1
    out = parlread("versions", "--json", str(files_dir()))
    groups = json.loads(out.stdout)["groups"]
    g = next(g for g in groups if rec.id in g["ids"])
    assert any(r["virtual"] for r in g["records"]) and any(p["kind"] == "correction" for p in g["pairs"])
    virtual = next(r["id"] for r in g["records"] if r["virtual"])
    cmp = json.loads(parlread("compare", virtual, rec.id, str(files_dir()), "--json").stdout)
    assert cmp["summary"]["counts"]["changed"] >= 1
    # same record id, new text: the note re-anchors to the corrected passage
    corpus2 = load([files_dir()])
    rec2 = corpus2.record(rec.id)
    assert rec2 is not None and rec2.text != rec.text
    store2 = AnnotationStore.open()
    store2.reanchor_all(corpus2)
    moved = store2.get(ann.id)
    assert moved.anchored and moved.status in ("reanchored", "anchored") and moved.note == "check this figure"
    assert rec2.passage(moved.passage_id) is not None and re.search(r"\d", rec2.passage(moved.passage_id).text)


# ---- crash, offline, exit codes, JSON ----------------------------------------------------
def test_killed_fetch_then_rerun_has_everything_once(replay):
    watch("all", kind="questions")
    # 1 list page and 10 details, a 2.5 s pause (fetch saves what it has every 2 s), 14 more, then hang
    replay.faults = [("ok", None)] * 11 + [("slow", 2.5)] + [("ok", None)] * 14 + [("slow", 30)]
    env = {"PARLREAD_API_BASE": replay.url}
    p = subprocess.Popen([sys.executable, "-m", "tui.cli", "fetch", "--rate", "1000"], cwd=REPO, env={**os.environ, **env},
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(replay.log) < 26 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(replay.log) >= 26
        p.send_signal(signal.SIGKILL)
        p.wait(10)
    finally:
        if p.poll() is None:
            p.kill()
    partial = fetched_ids()
    assert 0 < len(partial) < 44
    replay.faults = []
    out = parlread("fetch", "--json", "--rate", "1000", env=env)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert set(got) == {"new", "updated", "unchanged", "failed", "watches"}
    assert got["failed"] == 0 and got["new"] == 44 - len(partial)
    assert fetched_ids() == set(QS)
    from corpus.loader import load

    corpus = load([files_dir()])
    assert len(corpus.records) == 44 == len({r.id for r in corpus.records})
    assert {e.key for e in inbox.unread()[0]} == {f"wq:{i}" for i in QS}


def test_offline_is_one_line_and_leaves_the_library_untouched(tmp_path):
    watch("dfe", departments=["education"])
    imported = parlread("import", str(REPO / "tests" / "fixtures" / "api" / "questions.jsonl"))
    assert imported.returncode == 0, imported.stderr
    before = {p: p.read_bytes() for p in library_dir().rglob("*") if p.is_file() and p.name != "follow.lock"}
    out = parlread("fetch", "--api-base", "http://127.0.0.1:9")
    assert out.returncode == 1
    assert out.stdout == "" and len(out.stderr.strip().splitlines()) == 1
    assert "cannot reach the Parliament API" in out.stderr and "Traceback" not in out.stderr
    after = {p: p.read_bytes() for p in library_dir().rglob("*") if p.is_file() and p.name != "follow.lock"}
    assert after == before


def test_fetch_json_shape_and_exit_code_when_a_watch_fails(replay):
    watch("dfe", departments=["education"], kind="questions")
    env = {"PARLREAD_API_BASE": replay.url}
    out = parlread("fetch", "--json", "--rate", "1000", env=env)
    got = json.loads(out.stdout)
    assert out.returncode == 0
    assert list(got) == ["new", "updated", "unchanged", "failed", "watches"]
    assert got["watches"]["dfe"]["synced"] is True and got["new"] == got["watches"]["dfe"]["new"] == 32
    text = parlread("fetch", "--rate", "1000", env=env)
    assert re.fullmatch(r"0 new, 0 updated, \d+ unchanged", text.stdout.strip())
    replay.faults = [("503", None)] * 50
    bad = parlread("fetch", "--json", "--rate", "1000", "--retries", "1", env=env)
    assert bad.returncode == 1
    got = json.loads(bad.stdout)
    assert got["failed"] == 1 and got["watches"]["dfe"]["synced"] is False
    assert "gave up" in got["watches"]["dfe"]["error"]
    unknown = parlread("fetch", "nope", env=env)
    assert unknown.returncode == 1 and "no watch called “nope”" in unknown.stderr


def test_page_cap_resumes_on_the_next_run(replay):
    watch("all", kind="questions")
    c = client(replay, take=10, max_pages=2)
    r1 = fetch(client=c)
    assert not r1.watches["all"].synced and "cap" in r1.watches["all"].error
    assert len(fetched_ids()) == 20
    r2 = fetch(client=client(replay, take=10, max_pages=2))
    assert len(fetched_ids()) == 40 and not r2.watches["all"].synced
    r3 = fetch(client=client(replay, take=10, max_pages=2))
    assert r3.watches["all"].synced and fetched_ids() == set(QS)
    assert load_watches()["all"].marks.get("tabled") == max(v["dateTabled"][:10] for v in QS.values())


# ---- the inbox across runs and sessions ---------------------------------------------------
def test_inbox_state_is_shared_across_runs_and_sessions(replay):
    watch("moj", departments=["justice"], kind="questions")
    fetch(client=client(replay))
    listed = json.loads(parlread("inbox", "--json").stdout)
    assert listed["unread"] == 3 and {e["why"][0] for e in listed["entries"]} == {"new"}
    assert {e["record_id"] for e in listed["entries"]} == {record_id(f"wq:{i}") for i in (1678188, 1678190, 1678988)}
    # another session marks read; this one sees it
    assert parlread("inbox", "--mark-read").returncode == 0
    assert inbox.unread()[0] == []
    assert parlread("inbox").stdout.strip() == "inbox: nothing new"
    # what arrives after a listing stays unread when that listing is marked read
    entries, upto = inbox.unread()
    inbox.add([{"record_id": "x1", "key": "wq:1", "why": "new", "title": "t", "date": None, "watch": None}])
    inbox.mark_read(upto)
    assert [e.record_id for e in inbox.unread()[0]] == ["x1"]


def test_inbox_writes_from_concurrent_processes_all_land():
    code = ("import sys; from corpus.api import inbox\n"
            "for i in range(25): inbox.add([{'record_id': f'{sys.argv[1]}-{i}', 'key': 'wq:1', 'why': 'new'}])\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, tag], cwd=REPO) for tag in "abc"]
    for p in procs:
        assert p.wait(60) == 0
    assert len(inbox.unread()[0]) == 75


def test_a_corrected_statement_is_fetched_and_becomes_a_version(replay):
    from api_replay import fixture_statements

    watch("gew", search="entrepreneurship", kind="statements")
    first = fetch(client=client(replay))
    assert first.new == 2  # the Commons and Lords copies (joint statement)
    inbox.mark_read()
    st = {v["id"]: v for v in fixture_statements()}
    # SYNTHETIC correction of a real statement: one word changed, linked both ways as the API does
    fixed = copy.deepcopy(st[900003])
    fixed.update(id=900005, uin="HCWS9", dateMade="2009-11-02T00:00:00",
                 text=fixed["text"].replace("second", "third", 1),
                 linkedStatements=[{"linkedStatementId": 900003, "linkType": "CorrectedStatement", "linkDate": "2009-11-02T00:00:00"}])
    orig = copy.deepcopy(st[900003])
    orig["linkedStatements"] = orig["linkedStatements"] + [
        {"linkedStatementId": 900005, "linkType": "CorrectedStatement", "linkDate": "2009-11-02T00:00:00"}]
    replay.put(fixed)
    replay.put(orig)
    second = fetch(client=client(replay))
    assert (second.new, second.updated) == (1, 1)
    assert {e.key: e.why for e in inbox.unread()[0]} == {"ws:900005": ["new"], "ws:900003": ["corrected"]}
    from corpus.loader import load
    from corpus.versions import find_versions

    corpus = load([files_dir()])
    groups = find_versions(corpus)
    ids = {record_id(f"ws:{i}") for i in (900003, 900004, 900005)}
    assert any(ids <= set(g.ids) for g in groups)


def test_damaged_state_is_reported_and_kept(replay):
    watch("moj", departments=["justice"], kind="questions")
    fetch(client=client(replay))
    (shard,) = files_dir().glob("api-wq-1678xxx.jsonl")
    shard.write_bytes(shard.read_bytes()[:50] + b"\n\x00garbage\n")
    r = fetch(client=client(replay))
    assert r.failed == 0 and any("kept as .api-wq-1678xxx.jsonl.unreadable" in p for p in r.problems)
    kept = list(files_dir().glob(".api-wq-1678xxx.jsonl.unreadable-*"))
    assert len(kept) == 1 and b"garbage" in kept[0].read_bytes()
    assert fetched_ids() == {1678188, 1678190, 1678988}  # fetched again, once each
    assert any("fetched 2 records again" in p for p in r.problems) or any("fetched 3 records again" in p for p in r.problems)
    watches = library_dir() / "follow" / "watches.json"
    watches.write_text("{not json", encoding="utf-8")
    out = parlread("watch", "list")
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1 and "not valid JSON" in out.stderr
    assert watches.read_text(encoding="utf-8") == "{not json"  # never replaced
