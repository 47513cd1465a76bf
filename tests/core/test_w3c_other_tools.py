"""Annotations in the shapes other Web Annotation tools write (QA, hand-made from their documented forms).

Hypothesis' JSON-LD, Recogito/Annotorious W3C JSON, a ``source`` given as an
External Web Resource object, a TextQuoteSelector inside ``refinedBy``, bodies
that are IRIs (external resources), a creator given by IRI.  Each must either
anchor, or be kept with what it said — never dropped silently.
"""

from __future__ import annotations

import json

import pytest

import w3c_suite

from annotations import AnnotationStore
from annotations.export import CONTEXT, export, import_w3c
from annotations.w3c import CreatorSettings
from corpus.iri import record_iri
from w3c_support import AUTHOR, build, foreign, record_of

ME = CreatorSettings(login=AUTHOR)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return build(tmp_path_factory.mktemp("w3c-other"))


def _import(tmp_path, corpus, items, name="s"):
    store = AnnotationStore.open(tmp_path / name, author=AUTHOR)
    report = import_w3c(store, json.dumps({"@context": CONTEXT, "type": "AnnotationPage", "items": items}), corpus)
    return store, report


def _wq(corpus):
    wq = record_of(corpus, uin="4900")
    exact = "does not hold exact matching data"
    assert exact in wq.text
    return wq, exact


def test_a_source_given_as_an_external_web_resource_object_is_anchored(world, tmp_path):
    # Web Annotation model §4: the source of a Specific Resource is an IRI *or* an External Web Resource
    _store, corpus = world
    wq, exact = _wq(corpus)
    item = foreign(1, {"source": {"id": record_iri(wq), "type": "Text", "format": "text/html"},
                       "selector": {"type": "TextQuoteSelector", "exact": exact}})
    store, report = _import(tmp_path, corpus, [item])
    assert report.skipped == [] and report.orphaned == []
    (a,) = store.all()
    assert (a.status, a.record_id, a.quote) == ("anchored", wq.id, exact)


def test_an_object_source_without_an_id_is_refused_with_one_line(world, tmp_path):
    _store, corpus = world
    item = foreign(1, {"source": {"type": "Text"}, "selector": {"type": "TextQuoteSelector", "exact": "x"}})
    _store2, report = _import(tmp_path, corpus, [item])
    assert report.skipped == ["item 1: target: 'source' must be an IRI or an object with an 'id' IRI"]


def test_a_quote_inside_refinedBy_anchors_the_annotation(world, tmp_path):
    # e.g. a CssSelector / XPathSelector for the paragraph, refined by the quote in it
    _store, corpus = world
    wq, exact = _wq(corpus)
    item = foreign(1, {"source": record_iri(wq), "selector": {
        "type": "XPathSelector", "value": "/html/body/div[2]/p[3]",
        "refinedBy": {"type": "TextQuoteSelector", "exact": exact}}})
    deep = foreign(2, {"source": record_iri(wq), "selector": [{
        "type": "CssSelector", "value": "#answer",
        "refinedBy": {"type": "FragmentSelector", "value": "p=2",
                      "refinedBy": [{"type": "TextQuoteSelector", "exact": exact, "prefix": "The department "}]}}]})
    store, report = _import(tmp_path, corpus, [item, deep])
    assert report.orphaned == []
    assert sorted((a.status, a.quote) for a in store.all()) == [("anchored", exact)] * 2


def test_a_position_inside_refinedBy_is_relative_so_never_taken_as_a_record_offset(world, tmp_path):
    _store, corpus = world
    wq, _ = _wq(corpus)
    item = foreign(1, {"source": record_iri(wq), "selector": {
        "type": "XPathSelector", "value": "/p[2]", "refinedBy": {"type": "TextPositionSelector", "start": 0, "end": 12}}})
    store, report = _import(tmp_path, corpus, [item])
    (a,) = store.all()
    assert a.status == "orphan"
    assert report.orphaned == ["item 1 (https://annotations.example.org/a/1): orphan: "
                               "no TextQuoteSelector or TextPositionSelector to anchor by"]


def test_bodies_that_are_iris_are_kept_not_dropped(world, tmp_path):
    # "body": "http://…" is an External Web Resource (the comment lives there); it must survive import and export
    _store, corpus = world
    wq, exact = _wq(corpus)
    target = {"source": record_iri(wq), "selector": {"type": "TextQuoteSelector", "exact": exact}}
    only_iri = foreign(1, target, body=None) | {"body": "https://comments.example.org/c/1"}
    mixed = foreign(2, target, body=None) | {"body": [
        "https://comments.example.org/c/2",
        {"id": "https://comments.example.org/c/3", "type": "Text", "format": "text/html"},
        {"type": "TextualBody", "value": "my own words"},
        {"type": "TextualBody", "purpose": "tagging", "value": "data"}]}
    store, report = _import(tmp_path, corpus, [only_iri, mixed])
    got = {a.id.rsplit("/", 1)[1]: a for a in store.all()}
    assert got["1"].note == "https://comments.example.org/c/1"
    assert got["2"].tags == ["data"]
    assert got["2"].note == "my own words\n\nhttps://comments.example.org/c/2\n\nhttps://comments.example.org/c/3"
    doc = json.loads(export(store.all(), "w3c", corpus, ME))
    values = [b["value"] for it in doc["first"]["items"] for b in it.get("body", [])]
    assert "https://comments.example.org/c/1" in " ".join(values)


def test_hypothesis_jsonld_with_range_position_and_quote_selectors(world, tmp_path):
    _store, corpus = world
    wq, exact = _wq(corpus)
    at = wq.text.index(exact)
    item = {
        "@context": CONTEXT, "type": "Annotation", "id": "https://hypothes.is/a/AbC123xyz",
        "created": "2025-07-15T10:00:00.000000+00:00", "modified": "2025-07-15T10:01:00.000000+00:00",
        "creator": "acct:alice@hypothes.is",
        "body": [{"type": "TextualBody", "value": "Hypothesis note", "format": "text/markdown"},
                 {"type": "TextualBody", "purpose": "tagging", "value": "data gaps"}],
        "target": [{"source": record_iri(wq), "selector": [
            {"type": "RangeSelector", "startContainer": "/div[1]/p[2]", "startOffset": 0,
             "endContainer": "/div[1]/p[2]", "endOffset": 20},
            {"type": "TextPositionSelector", "start": at, "end": at + len(exact)},
            {"type": "TextQuoteSelector", "exact": exact}]}],
    }
    store, report = _import(tmp_path, corpus, [item])
    (a,) = store.all()
    assert (a.status, a.quote, a.tags, a.note) == ("anchored", exact, ["data gaps"], "Hypothesis note")
    # the creator was given by IRI: it is who wrote the note, and it goes out again as the creator
    assert a.author == "acct:alice@hypothes.is"
    doc = json.loads(export(store.all(), "w3c", corpus, ME))
    (out,) = doc["first"]["items"]
    assert out["creator"] == "acct:alice@hypothes.is"
    assert not w3c_suite.check_export(doc).failures("must")



def test_json_ld_keywords_at_id_and_at_type_are_the_same_as_id_and_type(world, tmp_path):
    # the anno.jsonld context aliases id/type to @id/@type: a JSON-LD tool may write either
    _store, corpus = world
    wq, exact = _wq(corpus)
    item = {"@context": CONTEXT, "@id": "https://annotations.example.org/ld/1", "@type": "oa:Annotation",
            "body": {"@type": "TextualBody", "value": "written by a JSON-LD tool"},
            "target": {"source": record_iri(wq), "selector": {"@type": "TextQuoteSelector", "exact": exact}}}
    store, report = _import(tmp_path, corpus, [item])
    assert report.skipped == []
    (a,) = store.all()
    assert (a.id, a.status, a.quote, a.note) == ("https://annotations.example.org/ld/1", "anchored", exact,
                                                  "written by a JSON-LD tool")


def test_a_hypothesis_client_export_file_is_imported(world, tmp_path):
    # the file Hypothesis' "Export annotations" writes: its own API shape, not W3C, in an "annotations" list
    _store, corpus = world
    wq, exact = _wq(corpus)
    native = {
        "id": "Qx1yZ2abC3", "created": "2025-07-15T10:00:00.000000+00:00", "updated": "2025-07-16T09:30:00.000000+00:00",
        "user": "acct:alice@hypothes.is", "uri": record_iri(wq), "text": "Check this against the 2022 answer",
        "tags": ["data gaps", "DfE"], "group": "__world__", "permissions": {"read": ["group:__world__"]},
        "target": [{"source": record_iri(wq), "selector": [
            {"type": "RangeSelector", "startContainer": "/div[1]/p[2]", "startOffset": 0, "endContainer": "/div[1]/p[2]", "endOffset": 33},
            {"type": "TextQuoteSelector", "exact": exact, "prefix": "The department ", "suffix": " showing"}]}],
        "document": {"title": ["Written questions"]}, "links": {"html": "https://hypothes.is/a/Qx1yZ2abC3"},
        "user_info": {"display_name": "Alice Example"},
    }
    page_note = dict(native, id="Pn0te", text="A page note", tags=[], target=[{"source": record_iri(wq)}])
    export_file = {"export_date": "2025-07-20T12:00:00.000Z", "export_userid": "acct:alice@hypothes.is",
                   "client_version": "1.1500.0", "annotations": [native, page_note]}
    store = AnnotationStore.open(tmp_path / "h", author=AUTHOR)
    report = import_w3c(store, json.dumps(export_file), corpus)
    assert report.skipped == [] and len(report.added) == 2
    got = {a.id: a for a in store.all()}
    a = got["https://hypothes.is/a/Qx1yZ2abC3"]
    assert (a.status, a.quote, a.tags, a.note) == ("anchored", exact, ["data gaps", "DfE"], "Check this against the 2022 answer")
    assert a.author == "Alice Example" and a.modified.startswith("2025-07-16")
    assert got["https://hypothes.is/a/Pn0te"].status == "orphan"  # a note on the whole page: kept, listed
    # the same file again changes nothing
    assert len(import_w3c(store, json.dumps(export_file), corpus).unchanged) == 2


@pytest.mark.parametrize("field, value, stored", [
    ("id", "https://evil.example/a\x1b[2J", "https://evil.example/a%1B[2J"),
    ("source", "https://evil.example/\x1b]0;pwned\x07", "https://evil.example/%1B]0;pwned%07"),
    ("source", "https://evil.example/\u202eevil", "https://evil.example/%E2%80%AEevil"),
    # decodes to a record id holding ESC and BEL: the urn stays, encoded
    ("source", "urn:parlread:record:%1b%5d0%3bpwned%07", "urn:parlread:record:%1b%5d0%3bpwned%07"),
])
def test_iris_holding_control_or_bidi_characters_are_kept_percent_encoded(world, tmp_path, field, value, stored):
    # no IRI may hold them raw (RFC 3987 maps them to %-escapes); stored raw, `parlread annotations`
    # sent ESC ] 0 ; … BEL (set the terminal title) to the terminal
    _store, corpus = world
    item = foreign(1, {"source": "https://questions-statements.parliament.uk/written-questions/detail/2020-01-01/1",
                       "selector": {"type": "TextQuoteSelector", "exact": "anything"}})
    if field == "id":
        item["id"] = value
    else:
        item["target"]["source"] = value
    store, report = _import(tmp_path, corpus, [item])
    (a,) = store.all()
    assert (a.id if field == "id" else a.record_id) == stored
    assert a.note == "a note from another tool"  # the note is kept
    for text in [a.id, a.record_id, *report.orphaned]:
        assert not any(c in text for c in "\x1b\x07\u202e")


def test_an_orphan_whose_record_is_not_loaded_exports_the_iri_it_cited(world, tmp_path):
    # it was exported as urn:parlread:record:https%3A%2F%2F… — an IRI no other tool can follow
    _store, corpus = world
    cited = "https://questions-statements.parliament.uk/written-questions/detail/2020-01-01/1"
    item = foreign(1, {"source": cited, "selector": {"type": "TextQuoteSelector", "exact": "anything"}})
    store, _ = _import(tmp_path, corpus, [item])
    doc = json.loads(export(store.all(), "w3c", corpus, ME))
    (out,) = doc["first"]["items"]
    assert out["target"]["source"] == cited
    assert not w3c_suite.check_export(doc).failures("must")
    again = AnnotationStore.open(tmp_path / "again", author=AUTHOR)
    import_w3c(again, json.dumps(doc), corpus)
    assert [a.to_dict() for a in again.all()] == [a.to_dict() for a in store.all()]


def test_a_crafted_parlread_block_cannot_store_a_record_id_with_control_characters(world, tmp_path):
    # the round-trip path trusts parlread's own block: its record ids must still be printable
    _store, corpus = world
    ours = json.loads(export(_store.all(), "w3c", corpus, ME))["first"]["items"][0]
    bad = json.loads(json.dumps(ours))
    bad["id"] = "urn:uuid:00000000-0000-4000-8000-0000000000ee"
    bad["parlread"]["target"]["source"] = "\x1b]0;pwned\x07"
    bad["parlread"]["anchor"]["source"] = "\x1b]0;pwned\x07"
    store, report = _import(tmp_path, corpus, [bad])
    assert len(store) == 0
    assert report.skipped == ["item 1: parlread.target.source: holds control or bidi characters: refused"]
