"""A store of real annotations over real record layouts, for the W3C tests.

Records: tests/fixtures/import (Parliament API questions and statements,
TheyWorkForYou written answers, statements and debates, a saved Hansard
page) and tests/fixtures/annotations (one statement in two printings).
Contains Parliamentary information licensed under the Open Parliament Licence v3.0.

Annotations: tags on whole passages, notes on quote spans, a tag+note, a plain
highlight, notes holding hostile characters (ESC, BEL, U+202E), and an
orphan (its statement re-printed without the quoted words), plus one
re-anchored after an edit (anchor history).
"""

from __future__ import annotations

from pathlib import Path

from annotations import AnnotationStore
from annotations_support import old_and_new, passage_with, span_of
from corpus.corpus import Corpus
from corpus.loader import load

IMPORT = Path(__file__).parent / "fixtures" / "import"
AUTHOR = "alice-login"


def _first(corpus, **want):
    for r in corpus.records:
        if all(getattr(r, k) == v for k, v in want.items() if k != "fmt") and (want.get("fmt") is None or r.source_format == want["fmt"]):
            return r
    raise AssertionError(f"no record with {want}")


def build(tmp_path: Path, author: str = AUTHOR):
    """(store, corpus) with annotations of every kind parlread makes."""
    files = load([str(IMPORT)])
    old, new = old_and_new()
    store = AnnotationStore.open(tmp_path / "w3c-store", author=author)
    wq = _first(files, fmt="parliament-api-json", kind="written question")
    ws = _first(files, fmt="parliament-api-json", kind="written statement")
    wrans = _first(files, fmt="theyworkforyou-xml", kind="written question")
    debate = _first(files, fmt="theyworkforyou-xml", kind="debate")
    page = _first(files, fmt="html")
    store.add(wq, wq.passages[-1], tags=["kinship care", "answers"])
    p = ws.passages[0]
    store.add(ws, p, note="Statement opens with this", span=(0, min(20, len(p.text))))
    p = wrans.passages[0]
    words = p.text.split()
    quote = " ".join(words[2:6])
    store.add(wrans, p, tags=["safeguarding"], note="Who asked?\nSecond line", span=span_of(p, quote))
    store.add(debate, debate.passages[0])  # a highlight
    store.add(page, page.passages[0], note="Hostile text: \x1b[31mred\x07 and \u202eevil\u202c", tags=["bidi\u202etag"])
    # on the statement printed twice: one re-anchors after the edit, one is lost
    star = passage_with(old, "Star Hobson")
    store.add(old, star, tags=["names"], note="Named in both reviews", span=span_of(star, "Star Hobson"))
    edited = passage_with(old, "this government is determined")
    store.add(old, edited, tags=["policy"], note="Edited in Hansard", span=span_of(edited, "this government is determined to"))
    # the second printing, without the Star Hobson paragraph: that note is orphaned
    from corpus.model import make_record

    cut = make_record(
        [("body", p.text) for p in new.passages if "Star Hobson" not in p.text],
        natural_key="statement-2023-12-18",
        title=new.title,
        source_file=new.source_file,
        date=new.date,
        kind=new.kind,
    )
    corpus = Corpus(records=list(files.records) + [cut])
    store.reanchor_all(corpus)  # the whole corpus: the other records are loaded (not "record not loaded")
    return store, corpus


def record_of(corpus, **want):
    return next(r for r in corpus.records if all(getattr(r, k) == v for k, v in want.items()))


def foreign(n, target, body="a note from another tool", **kw):
    """A conformant annotation as another tool writes it."""
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "id": f"https://annotations.example.org/a/{n}", "type": "Annotation",
            "motivation": "commenting", "created": "2024-05-01T10:00:00Z",
            "creator": {"type": "Person", "name": "Other Tool User"},
            "body": {"type": "TextualBody", "value": body, "format": "text/plain"}, "target": target, **kw}


__all__ = ["build", "AUTHOR", "foreign", "record_of"]
