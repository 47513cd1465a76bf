"""Versions and comparison on the bundled samples, loaded through corpus.loader."""

from __future__ import annotations

from corpus.align import Options, compare, inline
from corpus.loader import load
from corpus.versions import find_versions, reconcile


def _samples():
    corpus = load()
    by_title = {r.title: r for r in corpus.records}
    return corpus, by_title["Children's Social Care Update"], by_title["Children’s Social Care"]


def test_002_first_statement_and_003_are_the_only_versions_in_the_samples():
    corpus, s002, s003 = _samples()
    groups = find_versions(corpus)
    assert [g.ids for g in groups] == [[s002.id, s003.id]]
    inferred = reconcile([s002, s003], groups[0].pairs)
    assert s002.date is None and s002.extra["date_as_given"] == "Dec 18"
    assert (inferred[s002.id]["date"].value, inferred[s002.id]["date"].confidence) == ("2023-12-18", "consistent")
    assert s003.answered_by is None
    assert inferred[s003.id]["answered_by"].value == "David Johnston"
    assert inferred[s003.id]["answered_by"].from_record == s002.id


def test_comparing_the_parsed_samples_shows_the_wording_changes():
    _, s002, s003 = _samples()
    cmp = compare(s002, s003, Options(True, True, True))
    rows = [(r.status, inline(r)) for r in cmp.rows if r.status != "same"]
    assert [s for s, _ in rows] == ["changed", "changed", "inserted", "inserted", "inserted", "inserted",
                                    "changed", "changed"]
    joined = "\n".join(t for _, t in rows)
    for needle in ("this government [-is-]{+are+} determined", "libraries of [-each House-]{+both Houses+}",
                   "so {+that+} they can", "“Championing Kinship Care”", "national framework",
                   "“Working Together”", "A data strategy"):
        assert needle in joined
    assert "opens in a new tab" not in s002.text and "Request free trial" not in s002.text
