"""Rebuild tests/fixtures/api/ from ../shared/data (small extracts of real API records).

Picks questions whose question (and answer, when answered) text came from
the detail endpoint, so the replay server can serve both the full text and
the list endpoint's truncation of it.  Run from the repository root:
``python scripts/make_api_fixtures.py``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "uk-parl-written-questions"
OUT = ROOT / "tests" / "fixtures" / "api"
LICENCE = "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."


def main() -> None:
    items: dict[int, dict] = {}
    for name in ("commons_wq_childrens_social_care.jsonl", "commons_wq_dfe_all.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            it = json.loads(line)
            items.setdefault(it["value"]["id"], it)
    rng = random.Random(13)
    full = [it for it in items.values()
            if {"questionText", "answerText"} <= set(it["_provenance"]["replacedFromDetailEndpoint"]) and it["value"]["dateAnswered"]]
    unanswered = [it for it in items.values()
                  if "questionText" in it["_provenance"]["replacedFromDetailEndpoint"] and not it["value"]["answerText"]
                  and not it["_provenance"]["stillTruncated"]]
    full.sort(key=lambda it: it["value"]["id"])
    unanswered.sort(key=lambda it: it["value"]["id"])
    pick: dict[int, dict] = {}
    dfe = [it for it in full if it["value"]["answeringBodyId"] == 60]
    other = [it for it in full if it["value"]["answeringBodyId"] != 60]
    for it in rng.sample(dfe, 22) + rng.sample(other, 10) + rng.sample(unanswered, 8):
        pick[it["value"]["id"]] = it
    for it in full:  # the three answered by a member the members fixture names
        if it["value"]["answeringMemberId"] == 4362:
            pick[it["value"]["id"]] = it
    # one group of questions answered together, both halves present
    by_uin = {(it["value"]["uin"], it["value"]["dateTabled"][:10]): it for it in full}
    for it in full:
        partners = [by_uin.get((g["questionUin"], g["dateTabled"][:10])) for g in it["value"]["groupedQuestionsDates"]]
        partners = [p for p in partners if p is not None]
        if partners:
            pick[it["value"]["id"]] = it
            for p in partners:
                pick[p["value"]["id"]] = p
            break
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "questions.jsonl").open("w", encoding="utf-8") as fh:
        for qid in sorted(pick):
            it = pick[qid]
            fh.write(json.dumps({"value": it["value"], "links": it["links"]}, ensure_ascii=False) + "\n")
    print(f"{len(pick)} questions -> {OUT / 'questions.jsonl'}")




def statements() -> None:
    """Written statements in the API's shape, their text from TheyWorkForYou's 2009 wms/lordswms (no real
    statement JSON is stored anywhere): two statements made in both Houses, each pair linked as
    JointStatement.  Ids, uins and notice numbers are placeholders (the 2009 records have none)."""
    import html
    import sys

    sys.path.insert(0, str(ROOT))
    from corpus.loader import load

    twfy = ROOT.parent / "shared" / "data" / "theyworkforyou-parldata-2009-10"
    c = load([twfy / "wms" / "ministerial2009-10-29a.xml", twfy / "lordswms" / "lordswms2009-10-29a.xml"])
    wanted = [("Commons", "Probation Service"), ("Lords", "National Probation Service"),
              ("Commons", "Global Entrepreneurship Week"), ("Lords", "Global Entrepreneurship Week")]
    bodies = {"Probation": (54, "Ministry of Justice"), "Global": (None, "Department for Business, Innovation and Skills")}
    out = []
    for n, (house, title) in enumerate(wanted):
        r = next(r for r in c.records if r.house == house and r.title == title)
        sid = 900001 + n
        partner = 900001 + (n ^ 1)
        body_id, body = bodies[title.split()[0] if title.split()[0] != "National" else "Probation"]
        value = {
            "id": sid, "memberId": None, "member": None, "memberRole": r.answered_by_role or "",
            "uin": ("HCWS" if house == "Commons" else "HLWS") + str(1 + n // 2), "dateMade": f"{r.date}T00:00:00",
            "answeringBodyId": body_id, "answeringBodyName": body, "title": title,
            "text": "".join(f"<p>{html.escape(p.text, quote=False)}</p>" for p in r.passages),
            "house": house, "noticeNumber": None, "hasAttachments": False, "attachments": [],
            "hasLinkedStatements": True,
            "linkedStatements": [{"linkedStatementId": partner, "linkType": "JointStatement", "linkDate": f"{r.date}T00:00:00"}],
        }
        out.append({"value": value, "links": [{"rel": "self", "href": f"/Statements/{sid}", "method": "GET"}]})
    with (OUT / "statements.jsonl").open("w", encoding="utf-8") as fh:
        for it in out:
            fh.write(json.dumps(it, ensure_ascii=False) + "\n")
    print(f"{len(out)} statements -> {OUT / 'statements.jsonl'}")


if __name__ == "__main__":
    main()
    statements()
