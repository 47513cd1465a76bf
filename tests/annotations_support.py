"""Records built from tests/fixtures/annotations (Open Parliament Licence v3.0).

statement_002.txt is the written statement on children's social care as one
source printed it; statement_003.txt is the same statement as Hansard printed
it, with real edits ("this government is determined" → "this Government are
determined", "so they can" → "so that they can", "Libraries of each House" →
"Libraries of both Houses", …).
"""

from __future__ import annotations

from pathlib import Path

from corpus.corpus import Corpus
from corpus.model import make_record
from corpus.sentences import split_sentences

FIXTURES = Path(__file__).parent / "fixtures" / "annotations"


def statement(name: str, *, key: str | None = "statement-2023-12-18", source_file: str = "statement.txt", title: str = "Children's Social Care"):
    """A record whose passages are groups of three sentences of each line."""
    paras = []
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        s = split_sentences(line.strip())
        for i in range(0, len(s), 3):
            paras.append(("body", " ".join(s[i : i + 3])))
    return make_record(paras, natural_key=key, title=title, source_file=source_file, date="2023-12-18", kind="written statement")


def old_and_new(**kw):
    return statement("statement_002.txt", **kw), statement("statement_003.txt", **kw)


def corpus_of(*records) -> Corpus:
    return Corpus(records=list(records))


def span_of(passage, quote: str) -> tuple[int, int]:
    i = passage.text.index(quote)
    return (i, i + len(quote))


def passage_with(record, quote: str):
    for p in record.passages:
        if quote in p.text:
            return p
    raise AssertionError(f"no passage contains {quote!r}")
