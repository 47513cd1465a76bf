"""Other tools cite records by the URL the user visited (QA): tracking parameters on a
questions-statements page, the API URL with its options, a TheyWorkForYou link to the *answer*
of a written question (its .r0 gid) all name the record.

Found with hand-made Hypothesis annotations: `…/detail/2025-07-02/64411?utm_source=newsletter`,
`…/questions/1818809?expandMember=true` and `…/wrans/?id=2009-10-28a.296177.r0` were orphaned
("record not loaded").  Records: tests/fixtures/import (Contains Parliamentary information
licensed under the Open Parliament Licence v3.0).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.iri import IriIndex, record_iri
from corpus.loader import load

IMPORT = Path(__file__).parents[1] / "fixtures" / "import"


@pytest.fixture(scope="module")
def corpus():
    return load([str(IMPORT)])


def _one(corpus, **want):
    (r,) = [r for r in corpus.records if all(getattr(r, k) == v for k, v in want.items())]
    return r


def test_query_parameters_do_not_hide_a_questions_statements_page_or_an_api_url(corpus):
    idx = IriIndex.of(corpus)
    wq = _one(corpus, uin="4900")
    assert idx.find(record_iri(wq) + "?utm_source=newsletter&utm_medium=email") == [wq]
    assert idx.find(wq.url + "?expandMember=true") == [wq]


def test_a_theyworkforyou_link_to_the_answer_names_the_question_and_answer_record(corpus):
    idx = IriIndex.of(corpus)
    wrans = _one(corpus, uin="296230")
    q = record_iri(wrans)
    assert q.endswith(".q0")
    assert idx.find(q[:-3] + ".r0") == [wrans]
    assert idx.find("https://www.theyworkforyou.com/wrans/?id=2009-10-28b.296230.r0") == [wrans]  # another scrape
    assert idx.find("https://www.theyworkforyou.com/wrans/?id=2009-10-28a.999999.r0") == []
