"""The library's record filter (corpus/filters.py): words, tag ids, facet predicate, sort, search scope."""

from __future__ import annotations

from corpus.filters import filter_records, haystack, in_scope, sort_indexes
from corpus.model import make_record


def _records():
    return [
        make_record([("body", "one")], natural_key="a", title="Kinship Care", kind="written question",
                    department="Department for Education", asked_by="Helen Hayes", date_asked="2024-03-01"),
        make_record([("body", "two")], natural_key="b", title="Foster carers", kind="written statement",
                    date="2023-12-18"),
        make_record([("body", "three")], natural_key="c", title=None, kind="debate"),
    ]


def test_haystack_holds_the_metadata_casefolded():
    hay = haystack(_records()[0])
    assert "kinship care" in hay and "helen hayes" in hay and "department for education" in hay
    assert "2024-03-01" in hay and hay == hay.casefold()


def test_every_typed_word_must_match_in_any_order_and_case():
    recs = _records()
    hay = [haystack(r) for r in recs]
    assert filter_records(recs, hay, "HAYES kinship") == [0]
    assert filter_records(recs, hay, "kinship foster") == []
    assert filter_records(recs, hay, "") == [0, 1, 2]


def test_tag_ids_and_facet_predicate_combine_with_the_words():
    recs = _records()
    hay = [haystack(r) for r in recs]
    assert filter_records(recs, hay, "", allowed={recs[1].id, recs[2].id}) == [1, 2]
    assert filter_records(recs, hay, "", allowed={recs[1].id, recs[2].id}, predicate=lambda r: r.kind == "debate") == [2]
    assert filter_records(recs, hay, "foster", allowed=set()) == []


def test_date_sort_is_newest_first_with_unknown_dates_last():
    recs = _records()
    assert sort_indexes(recs, [0, 1, 2], "date") == [0, 1, 2]
    assert sort_indexes(recs, [2, 1, 0], "date") == [0, 1, 2]
    assert sort_indexes(recs, [0, 1, 2], "title") == [1, 0, 2]  # untitled last


def test_search_scope_is_none_without_filters_else_the_passing_ids():
    recs = _records()
    assert in_scope(recs) is None
    assert in_scope(recs, predicate=lambda r: r.kind != "debate") == {recs[0].id, recs[1].id}
    assert in_scope(recs, allowed={recs[0].id}, predicate=lambda r: r.kind != "debate") == {recs[0].id}


def test_one_record_filter_for_library_facet_base_and_search_scope():
    from corpus.browse import Filters
    from corpus.filters import RecordFilter

    recs = _records()
    hay = [haystack(r) for r in recs]
    f = RecordFilter().with_words("care").with_filters(Filters(kind=frozenset({"written question"})))
    assert f.indexes(recs, hay) == [0]  # "care" is in Kinship Care and Foster carers; only one is a question
    assert [r.title for r in f.base(recs, hay)] == ["Kinship Care", "Foster carers"]  # facets not applied
    assert f.scope(recs) == {recs[0].id}  # words not applied, facets are
    tagged = f.with_tag("kin", {recs[1].id})
    assert tagged.tag == "kin" and tagged.indexes(recs, hay) == []
    assert tagged.with_filters(Filters()).indexes(recs, hay) == [1]
    off = tagged.with_tag(None)
    assert off.tag is None and off.ids is None and off.words == "care"
    assert RecordFilter().scope(recs) is None
