"""Records for the versions/alignment tests, built from tests/fixtures/versions/.

The texts are the sample files 002 (first statement) and 003 with page furniture
removed, as the plain-text parser is meant to produce them.
"""

from __future__ import annotations

from pathlib import Path

from corpus.model import Record, make_record

FIXTURES = Path(__file__).parent / "fixtures" / "versions"


def fixture_record(name: str, **metadata) -> Record:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    paras = [p for p in text.split("\n\n") if p.strip()]
    return make_record([("body", p) for p in paras], **metadata)


def statement_002() -> Record:
    return fixture_record(
        "002_statement1.txt",
        kind="written statement",
        title="Children's Social Care Update",
        answered_by="David Johnston",
        answered_by_role="Minister for Children, Families and Wellbeing",
        extra={"date_as_given": "Dec 18"},
    )


def statement_003() -> Record:
    return fixture_record(
        "003_statement.txt",
        kind="written statement",
        title="Children’s Social Care",
        date="2023-12-18",
        volume="742",
    )
