"""A fixture corpus and query set for pinning the search ranking (tests/core/test_search_golden.py).

The corpus is made from a fixed seed: 5,000 records of 1–5 passages in a
parliamentary register (a few very common words, a long tail of rare ones,
accented words, titles), so that common-word queries have thousands of full
matches (the adjacency pass and the long-list sort run) and typo'd queries
have few.  ``QUERIES`` mixes single words and prefixes, typos, phrases,
filters and tags, with and without a limit.

``python -m tests.search_golden > tests/fixtures/search/golden.json`` writes
the ranking the code gives now (it was written from main at 5259d16, before
the query-side speed work of issue 15): each case's length, its first 20
hits and a sha1 over every hit (passage or record id and score).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys

from corpus.corpus import Corpus
from corpus.model import make_record
from corpus.search import Filters

COMMON = ["the", "of", "to", "and", "for", "ask", "secretary", "state", "what", "steps", "department",
          "is", "taking", "children", "council", "local", "support", "education", "with", "has"]
MID = ["kinship", "carers", "foster", "placement", "budget", "funding", "social", "care", "reform", "review",
       "schools", "homes", "residential", "guidance", "statutory", "safeguard", "young", "people", "family",
       "hubs", "programme", "authority", "authorities", "ofsted", "inspection", "workforce", "agency",
       "allowance", "allowances", "assessment", "published", "figures", "region", "england", "wales"]
ACCENT = ["café", "théâtre", "naïve", "rôle", "Zoë", "coöperation"]
HOUSES = ("Commons", "Lords")
KINDS = ("written question", "written statement", "debate")


def _rare(rnd: random.Random) -> str:
    return "".join(rnd.choice("bcdfghklmnprstvz") + rnd.choice("aeiou") for _ in range(rnd.randint(2, 4)))


def corpus(n: int = 5000, seed: int = 15) -> Corpus:
    rnd = random.Random(seed)
    rare = [_rare(rnd) for _ in range(600)]
    records = []
    for i in range(n):
        paras = []
        for _ in range(rnd.randint(1, 5)):
            words = []
            for _ in range(rnd.randint(5, 40)):
                x = rnd.random()
                words.append(rnd.choice(COMMON) if x < 0.55 else rnd.choice(MID) if x < 0.9
                             else rnd.choice(ACCENT) if x < 0.93 else rnd.choice(rare))
            if rnd.random() < 0.3:  # a real phrase, adjacent and in order
                j = rnd.randrange(len(words) + 1)
                words[j:j] = rnd.choice([["ask", "the", "secretary", "of", "state"], ["kinship", "carers"],
                                         ["social", "care", "reform"], ["working", "together"]])
            text = " ".join(words)
            paras.append(text[0].upper() + text[1:] + ".")
        title = " ".join(rnd.choice(MID) for _ in range(rnd.randint(2, 4))).title() if i % 3 == 0 else None
        records.append(make_record(
            [("body", p) for p in paras], natural_key=f"golden-{i}", title=title,
            kind=KINDS[i % 3], house=HOUSES[i % 2], department="Department for Education" if i % 4 else "Home Office",
            date=f"{2014 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}", source_file=f"/golden/{i // 500}.txt"))
    return Corpus(records=records)


def _tagged(rid: str, pid: str | None) -> bool:
    return (int(hashlib.sha1((pid or rid).encode()).hexdigest(), 16) % 3) == 0


FILTERS = {
    "none": None,
    "lords": Filters(house="Lords"),
    "dates": Filters(date_from="2016", date_to="2019-06"),
    "tags": Filters(restrict_to=_tagged),
}

QUERIES = [
    # single words and prefixes (the common-word path)
    "the", "th", "t", "secretary", "secr", "secretray", "council ", "educ", "café", "cafe", "kinship",
    "zzzznothing", "2019",
    # several words, common and rare, typos
    "ask the secretary", "the secretary of state", "secrettry ask the", "the of and", "ask the sec",
    "kinship carers", "kinshp carres support", "social care reform", "socail care refrom the",
    "foster placement budget", "what steps is the department taking", "children council local",
    "theatre cafe", "naive role", "zoe coöperation", "allowance allowances", "for the",
    # phrases
    '"kinship carers"', '"ask the secretary" funding', '"social care" reform', '"working toge',
    '"the secretary" "of state"',
]
LIMITS = [1, 10, 100, None]


def cases():
    """(name, query, limit, filters) for every combination that is pinned."""
    out = []
    for q in QUERIES:
        for lim in LIMITS:
            out.append((f"{q!r} limit={lim} filters=none", q, lim, None))
        for fname in ("lords", "dates", "tags"):
            for lim in (10, None):
                out.append((f"{q!r} limit={lim} filters={fname}", q, lim, FILTERS[fname]))
    return out


def ranking(hits) -> list[list]:
    return [[h.passage_id or h.record_id, round(float(h.score), 2)] for h in hits]


def summary(hits) -> dict:
    r = ranking(hits)
    h = hashlib.sha1(json.dumps(r).encode()).hexdigest()
    return {"n": len(r), "head": r[:20], "sha1": h}


def golden(index) -> dict:
    return {name: summary(index.search(q, limit=lim, filters=f)) for name, q, lim, f in cases()}


if __name__ == "__main__":
    from corpus.search import SearchIndex

    json.dump(golden(SearchIndex.build(corpus())), sys.stdout, indent=0, ensure_ascii=True)
    sys.stdout.write("\n")
