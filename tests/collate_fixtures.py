"""Witness sets for the collation tests, derived from two real 2009 statements (tests/fixtures/collate/)."""

from __future__ import annotations

from pathlib import Path

from corpus.model import make_record

FIX = Path(__file__).parent / "fixtures" / "collate"


def paras(name: str) -> list[str]:
    return [p for p in (FIX / name).read_text(encoding="utf-8").split("\n\n") if p.strip()]


PRISON = paras("prison_estates.txt")  # 7 paragraphs, 2+6+2+2+2+4+2 sentences
ENFORCE = paras("enforcement_orders.txt")


def rec(ps: list[str], **meta):
    return make_record([("body", p) for p in ps], **meta)


def replace(ps, i, old, new):
    ps = list(ps)
    assert old in ps[i]
    ps[i] = ps[i].replace(old, new)
    return ps


def three_witnesses():
    """A: the statement; B and C drop paragraph 4 and reword one phrase alike; C alone rewords another."""
    a = PRISON
    b = replace([p for i, p in enumerate(PRISON) if i != 3], 1, "of paramount importance", "of the utmost importance")
    c = replace(b, 4, "well paid employment", "well-paid jobs")  # paragraph 6 is index 4 once 4 is dropped
    meta = dict(kind="written statement", date="2009-10-27")
    return (rec(a, title="Prison Estates", source="Hansard", **meta),
            rec(b, title="Prison estates", source="Ministry of Justice", **meta),
            rec(c, title="Prison estates (aggregator)", source="aggregator", **meta))


def five_witnesses():
    A = PRISON
    B = [p for i, p in enumerate(PRISON) if i != 5]  # drops paragraph 6 …
    C = replace(B, 1, "fresh search", "new search")  # … as does C, which also rewords
    D = PRISON + ["Details of the site search will be placed in the Library."]  # adds a paragraph
    # E: paragraph 5 moved to the front, paragraphs 2 and 3 re-wrapped into one, 7 split mid-sentence
    s7 = PRISON[6]
    cut = s7.index(" and residents")
    E = [PRISON[4], PRISON[0], PRISON[1] + " " + PRISON[2], PRISON[3], PRISON[5], s7[:cut], s7[cut + 1:]]
    return [rec(x, title=f"Prison Estates ({n})") for n, x in zip("ABCDE", (A, B, C, D, E))]
