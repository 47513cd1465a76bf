"""`parlread annotations` never sends an id's control characters to the terminal, and shows
other tools' ids whole (QA).

Found with a hand-made import: a record id decoded from `urn:parlread:record:%1b%5d0%3bpwned%07`
was printed raw (ESC ] 0 ; pwned BEL sets the terminal's title), and every imported id was cut
to 8 characters ("http://e", "https://") so they could not be told apart.
"""

from __future__ import annotations


from annotations import AnnotationStore


def _store_with(tmp_path, docs):
    store = AnnotationStore.open(tmp_path / "s", author="me")
    store.merge_docs(docs)  # as a store written by an older parlread could hold them
    return store


def _doc(ann_id, record_id):
    anchor = {"source": record_id, "passage": None, "text_hash": None, "selector": [
        {"type": "TextQuoteSelector", "exact": "x", "prefix": "", "suffix": ""}],
        "status": "orphan", "score": 0.0, "method": "record not loaded", "at": "2025-01-01T00:00:00Z"}
    return {"id": ann_id, "created": "2025-01-01T00:00:00Z", "modified": "2025-01-01T00:00:00Z", "author": "x",
            "tags": [], "note": "n", "whole_passage": False,
            "target": {k: anchor[k] for k in ("source", "passage", "text_hash", "selector")},
            "anchor": anchor, "history": [], "record": {"title": None, "date": None, "source_file": None, "kind": None}}


def test_ids_are_printable_and_whole_when_not_parlreads_own(tmp_path, capsys):
    from tui.cli import main

    _store_with(tmp_path, [
        _doc("https://hypothes.is/a/AbC123", "\x1b]0;pwned\x07"),
        _doc("https://hypothes.is/a/XyZ789", "c94a1d15e2e2"),
        _doc("0f1e2d3c-4b5a-4697-8899-aabbccddeeff", "c94a1d15e2e2"),
    ])
    assert main(["annotations", "--store", str(tmp_path / "s"), "--no-check"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "␛]0;pwned␇" in out
    assert "https://hypothes.is/a/AbC123 " in out and "https://hypothes.is/a/XyZ789 " in out
    assert "0f1e2d3c  " in out  # parlread's own uuids stay short
