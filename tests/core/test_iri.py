"""Record IRIs (corpus/iri.py), per source kind, on records parsed from real layouts
(tests/fixtures/import; Contains Parliamentary information licensed under the Open Parliament Licence v3.0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.iri import IriIndex, gid_from_twfy_url, normalise_iri, record_iri, urn_for
from corpus.loader import load
from corpus.model import make_record

IMPORT = Path(__file__).parents[1] / "fixtures" / "import"


@pytest.fixture(scope="module")
def corpus():
    return load([str(IMPORT)])


def _one(corpus, **want):
    hits = [r for r in corpus.records if all((r.extra.get(k[6:]) if k.startswith("extra_") else getattr(r, k)) == v for k, v in want.items())]
    assert len(hits) == 1, (want, hits)
    return hits[0]


def test_api_written_question_cites_the_public_page_by_date_tabled_and_uin(corpus):
    r = _one(corpus, uin="4900")
    assert r.url.startswith("https://questions-statements-api.parliament.uk/api/writtenquestions/questions/")
    assert record_iri(r) == "https://questions-statements.parliament.uk/written-questions/detail/2023-12-04/4900"


def test_api_written_statement_cites_the_public_page(corpus):
    assert record_iri(_one(corpus, uin="HCWS101")) == "https://questions-statements.parliament.uk/written-statements/detail/2024-10-21/hcws101"
    assert record_iri(_one(corpus, uin="HLWS55")) == "https://questions-statements.parliament.uk/written-statements/detail/2024-10-21/hlws55"


def test_twfy_records_cite_theyworkforyou_by_gid(corpus):
    assert record_iri(_one(corpus, uin="296230")) == "https://www.theyworkforyou.com/wrans/?id=2009-10-28c.296230.q0"
    assert record_iri(_one(corpus, uin="HL5754")) == "https://www.theyworkforyou.com/wrans/?id=2009-10-27a.115.1"
    assert record_iri(_one(corpus, extra_gid="uk.org.publicwhip/debate/2009-10-27a.225.1")) == "https://www.theyworkforyou.com/debates/?id=2009-10-27a.225.1"
    assert record_iri(_one(corpus, extra_gid="uk.org.publicwhip/lords/2009-10-27a.1095.5")) == "https://www.theyworkforyou.com/lords/?id=2009-10-27a.1095.5"
    assert record_iri(_one(corpus, extra_gid="uk.org.publicwhip/wms/2009-10-27a.7WS.2")) == "https://www.theyworkforyou.com/wms/?id=2009-10-27a.7WS.2"


def test_twfy_section_without_a_known_url_form_uses_the_hansard_page_it_states(corpus):
    # Public Bill Committee gids have no TheyWorkForYou ?id= form we could build: the XML's own url
    standing = [r for r in corpus.records if "/standing/" in (r.extra.get("gid") or "")]
    assert standing
    for r in standing:
        assert record_iri(r) == r.url and r.url.startswith("http://www.publications.parliament.uk/pa/cm200809/cmpublic/childpoverty/")


def test_records_without_a_stated_url_get_a_stable_urn(corpus):
    page = _one(corpus, source_format="html")
    assert page.url is None
    assert record_iri(page) == f"urn:parlread:record:{page.id}"
    assert record_iri(page) == record_iri(load([str(IMPORT / "saved_page.html")]).records[0])  # stable across loads


def test_nothing_is_invented_from_missing_fields():
    api = "https://questions-statements-api.parliament.uk/api/writtenquestions/questions/1"
    no_date = make_record([("question", "Q?")], natural_key="k1", kind="written question", uin="12", url=api)
    assert record_iri(no_date) == urn_for(no_date.id)
    no_uin = make_record([("question", "Q?")], natural_key="k2", kind="written question", date_asked="2024-01-02", url=api)
    assert record_iri(no_uin) == urn_for(no_uin.id)
    odd = make_record([("body", "x")], natural_key="k3", url="javascript:alert(1)")
    assert record_iri(odd) == urn_for(odd.id)
    spaced = make_record([("body", "x")], natural_key="k4", url="https://example.org/a b\u202e")
    assert record_iri(spaced) == urn_for(spaced.id)
    hansard = "https://hansard.parliament.uk/Commons/2023-12-18/debates/ABC/ChildrenSSocialCare"
    saved = make_record([("body", "x")], natural_key="k5", url=hansard, kind="debate")
    assert record_iri(saved) == hansard
    weird_gid = make_record([("body", "x")], natural_key="k6", extra={"gid": "uk.org.publicwhip/spor/2009-10-27a.1.0"})
    assert record_iri(weird_gid) == urn_for(weird_gid.id)
    original = make_record([("answer", "old")], natural_key="k7", kind="written question", uin="5", date_asked="2024-01-02", url=api, extra={"original_of": "x"})
    assert record_iri(original) == urn_for(original.id)  # shares its question's page: never the same IRI


def test_index_finds_records_by_iri_url_urn_id_and_other_scrape_versions(corpus):
    idx = IriIndex.of(corpus)
    wq = _one(corpus, uin="4900")
    assert idx.find(record_iri(wq)) == [wq]
    assert idx.find("http://questions-statements.parliament.uk/written-questions/detail/2023-12-04/4900/") == [wq]
    assert idx.find(wq.url) == [wq]  # the API URL
    assert idx.find(urn_for(wq.id)) == [wq] and idx.find(wq.id) == [wq]
    ws = _one(corpus, uin="HCWS101")
    assert idx.find("https://questions-statements.parliament.uk/written-statements/detail/2024-10-21/HCWS101") == [ws]
    wrans = _one(corpus, uin="296230")
    # the record was loaded from the c scrape; TheyWorkForYou links of the b scrape name it too
    assert gid_from_twfy_url("https://www.theyworkforyou.com/wrans/?id=2009-10-28b.296230.q0") == "uk.org.publicwhip/wrans/2009-10-28b.296230.q0"
    assert idx.find("https://www.theyworkforyou.com/wrans/?id=2009-10-28b.296230.q0") == [wrans]
    assert idx.find("https://example.org/nothing") == [] and idx.find("") == [] and idx.find(None) == []
    assert idx.find("urn:parlread:record:nope") == []


def test_normalise_iri():
    assert normalise_iri("HTTPS://WWW.TheyWorkForYou.com/wrans/?id=1") == "https://theyworkforyou.com/wrans?id=1"
    assert normalise_iri("urn:parlread:record:abc") == "urn:parlread:record:abc"
