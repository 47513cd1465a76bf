"""Export (W3C, CSV, Markdown) and import (merge by id, lossless round trip)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from annotations import AnnotationStore, StoreError
from annotations.export import CONTEXT, CSV_COLUMNS, CreatorSettings, export, import_w3c
from annotations_support import corpus_of, old_and_new, passage_with, span_of


@pytest.fixture
def filled(tmp_path):
    old, new = old_and_new()
    store = AnnotationStore.open(tmp_path / "a", author="alice")
    p = passage_with(old, "Star Hobson")
    store.add(old, p, tags=["safeguarding", "names"], note="Named in both reviews", span=span_of(p, "Star Hobson"))
    store.add(old, old.passages[0], tags=["families"])
    store.add(old, passage_with(old, "£200 million"), note='Check the "£200m" figure\n[bold]not markup[/bold]')
    store.add(old, old.passages[5])  # a plain highlight
    store.reanchor_all(corpus_of(new))  # gives anchor history to export
    return store, old, new


def test_w3c_shape(filled):
    store, old, new = filled
    # the store's author is the exporting user's login name ("alice" here)
    doc = json.loads(export(store.all(), "w3c", corpus_of(new), CreatorSettings(login="alice")))
    assert doc["@context"] == CONTEXT and doc["type"] == "AnnotationCollection" and doc["total"] == 4
    assert doc["id"].startswith("urn:parlread:export:") and doc["last"] == doc["first"]["id"]
    assert doc["first"]["partOf"] == {"id": doc["id"], "total": 4}
    items = doc["first"]["items"]
    assert [i["motivation"] for i in items] == ["commenting", "tagging", "commenting", "highlighting"]
    star = items[0]
    assert star["id"].startswith("urn:uuid:") and star["type"] == "Annotation"
    assert star["body"] == [
        {"type": "TextualBody", "value": "safeguarding", "purpose": "tagging", "format": "text/plain"},
        {"type": "TextualBody", "value": "names", "purpose": "tagging", "format": "text/plain"},
        {"type": "TextualBody", "value": "Named in both reviews", "purpose": "commenting", "format": "text/plain"},
    ]
    # the record has no public URL: it is cited by its urn; parlread's own id stays in the extension
    assert star["target"]["source"] == f"urn:parlread:record:{new.id}"
    assert star["parlread"]["record_id"] == new.id
    q, pos = star["target"]["selector"]  # where it is now (re-anchored in the new printing)
    assert q["type"] == "TextQuoteSelector" and q["exact"] == "Star Hobson"
    assert new.text[pos["start"] : pos["end"]] == "Star Hobson"
    assert "creator" not in star and "alice" not in json.dumps(doc)  # no creator, no login name
    assert "body" not in items[3]


def test_round_trip_export_import_export_is_identical(filled, tmp_path):
    store, *_ = filled
    first = export(store.all(), "w3c")
    empty = AnnotationStore.open(tmp_path / "b", author="alice")
    report = import_w3c(empty, first)
    assert (len(report.added), len(report.updated), report.skipped) == (4, 0, [])
    assert export(empty.all(), "w3c") == first
    assert [a.to_dict() for a in empty.all()] == [a.to_dict() for a in store.all()]
    # importing again merges by id: nothing duplicated
    again = import_w3c(empty, first)
    assert (len(again.added), len(again.unchanged)) == (0, 4) and len(empty) == 4


def test_import_newer_version_replaces_older_never_duplicates(filled, tmp_path):
    store, *_ = filled
    other = AnnotationStore.open(tmp_path / "c")
    import_w3c(other, export(store.all(), "w3c"))
    a = store.all()[0]
    store.update(a.id, note="edited later")
    report = import_w3c(other, export(store.all(), "w3c"))
    assert report.updated == [a.id] and len(other) == 4
    assert other.get(a.id).note == "edited later"
    # an older copy never overwrites a newer one
    other.update(a.id, note="newest")
    import_w3c(other, export(store.all(), "w3c"))
    assert other.get(a.id).note == "newest"


def test_import_foreign_w3c_and_bad_items(tmp_path):
    store = AnnotationStore.open(tmp_path / "d")
    text = json.dumps(
        {
            "@context": CONTEXT,
            "type": "AnnotationPage",
            "items": [
                {
                    "id": "https://example.org/anno/1",
                    "type": "Annotation",
                    "motivation": "commenting",
                    "body": [{"type": "TextualBody", "value": "from another tool", "purpose": "commenting"},
                             {"type": "TextualBody", "value": "imported", "purpose": "tagging"}],
                    "target": {"source": "abc123", "selector": {"type": "TextQuoteSelector", "exact": "some words"}},
                },
                {"type": "Annotation", "target": {"source": 5}},
                "junk",
            ],
        }
    )
    report = import_w3c(store, text)  # no corpus: kept, as an orphan saying why
    assert report.added == ["https://example.org/anno/1"]
    assert len(report.skipped) == 2 and "'source' must be an IRI string" in report.skipped[0]
    assert report.orphaned == ["item 1 (https://example.org/anno/1): orphan: no corpus given to anchor it in"]
    a = store.all()[0]
    assert (a.note, a.tags, a.quote, a.record_id, a.status) == ("from another tool", ["imported"], "some words", "abc123", "orphan")
    with pytest.raises(StoreError, match="not valid JSON"):
        import_w3c(store, "{nope")
    with pytest.raises(StoreError, match="not a W3C annotation file"):
        import_w3c(store, '{"type": "Something"}')


def test_csv_columns_and_values(filled):
    store, old, new = filled
    rows = list(csv.reader(io.StringIO(export(store.all(), "csv", corpus_of(new)))))
    assert rows[0] == CSV_COLUMNS
    star = rows[1]
    assert star[1:] == [
        "alice", "written statement, 2023-12-18", "Children's Social Care", "Star Hobson",
        "Named in both reviews", "safeguarding; names", new.id,
        str(new.text.index("Star Hobson")), str(new.text.index("Star Hobson") + 11), "reanchored",
    ]
    assert rows[3][5] == 'Check the "£200m" figure\n[bold]not markup[/bold]'


def test_markdown_grouped_in_reading_order(filled):
    store, old, new = filled
    md = export(store.all(), "markdown", corpus_of(new))
    assert md.startswith("# Annotations\n\n## Children's Social Care\n\nDate: 2023-12-18 · Record: `")
    # reading order: first passage, then £200 million, then Star Hobson
    i_first = md.index("> The Prime Minister has been clear")
    i_money = md.index("£200 million")
    i_star = md.index("> Star Hobson")
    assert i_first < i_money < i_star
    assert "Named in both reviews\n\nTags: `safeguarding`, `names`\n\n— alice, " in md
    assert "[bold]not markup[/bold]" in md
