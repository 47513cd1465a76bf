"""Plain text: saved web pages of parliamentary records (the fallback format).

The page is read by the general record extractor (``corpus.extract``):
furniture is dropped by shape and position, the page is cut into records at
block headers, new questions and speaker turns, and each record's labelled
fields, title, kind and house are read wherever they stand.  Conventions
shared with the other importers:

* the member who *makes* a written statement or a speech is stored as
  ``answered_by`` / ``answered_by_role`` (the Record has no speaker field);
* inferred values are marked in ``field_notes[field]``; abbreviations that are
  expanded keep the original in ``extra``;
* a date without a year is not a date: the field stays None and the text is
  kept in ``extra["<field>_as_given"]``; "1 January 1970" means unknown.

A text file that holds no record at all and reads like documentation (a data
folder's README, a format description) is skipped with a one-line warning
instead of loading as an untitled record.
"""

from __future__ import annotations

import re

from corpus.clean import HUGE_CHARS, HUGE_PASSAGE_CHARS, licence_in
from corpus.extract.page import build
from corpus.model import Record
from corpus.source import Source

NAME = "plaintext"

# shapes of documentation, not of a parliamentary page
_RULE = re.compile(r"^\s*[=\-~*#_]{5,}\s*$")
_DOCLINE = re.compile(r"^\s{2,}\S|^\s*(?:GET|POST|PUT)\s+/|[{}\[\]<>]|://|\b\w+\.(?:json|jsonl|xml|txt|csv|sqlite|py|md|yaml)\b|^\s*[\w .()/-]{1,24}\s:\s")
_RECORD_WORDS = re.compile(
    r"^\s*(?:To ask\b|.{3,120}? asked (?:His|Her) Majesty)|\b(?:Asked|Answered|Tabled|Made) (?:by|on)\b|My Lords|Mr Speaker|\bI beg to move\b", re.M)


_VIEW_SOURCE = re.compile(r"^\((?:asked|tabled) on [^)]+\)\s*-\s*View Source$", re.I)


def sniff(source: Source) -> bool:
    """The fallback: any decoded text with some letters in it."""
    return re.search(r"[^\W\d_]{2}", source.text[:65536]) is not None


def is_documentation(text: str) -> bool:
    """True for a text that holds no record and is shaped like a README or a format description."""
    head = text[:100_000]
    if not any(r in head for r in ("=====", "-----", "~~~~~", "*****", "#####", "_____")):
        return False  # no rule line, no documentation
    lines = [l for l in head.splitlines() if l.strip()]
    if len(lines) < 5:
        return False
    rules = sum(1 for l in lines if _RULE.match(l))
    if rules == 0:
        return False
    doc = sum(1 for l in lines if _DOCLINE.search(l))
    if doc < 0.25 * len(lines):
        return False
    # record evidence outside the documentation-shaped lines
    prose = "\n".join(l for l in lines if not _DOCLINE.search(l))
    return _RECORD_WORDS.search(prose) is None


def parse(source: Source) -> list[Record]:
    if is_documentation(source.text):
        source.warnings.append("skipped: reads like documentation (rules, paths, field lists), not a parliamentary record")
        return []
    raw_lines = source.text.splitlines()
    licence = None
    if "icen" in source.text:  # the regex only when the word can be there
        licence = licence_in(source.text[:200_000]) or licence_in(source.text[-2000:])
    longest = max((len(l) for l in raw_lines), default=0)
    if longest > HUGE_CHARS:
        source.warnings.append(
            f"a line of {longest:,} characters: split into passages of about {HUGE_PASSAGE_CHARS:,} characters, not at sentences"
        )
    markers = {
        "hansard": "Hansard" in source.text and any(l.strip() == "Hansard" for l in raw_lines if len(l) < 20),  # its marker
        "view_source": "View Source" in source.text and any(_VIEW_SOURCE.match(l.strip()) for l in raw_lines if len(l) < 200),
    }
    records, _dropped = build(raw_lines, licence, markers)
    for r in records:  # a Markdown file too plain to be read as Markdown: "# Title" is the title "Title"
        if r.title and r.title.startswith("#"):
            r.title = atx_text(r.title)
        heads = r.extra.get("headings")
        if heads and any(h.startswith("#") for h in heads):
            r.extra["headings"] = [atx_text(h) for h in heads]
    return records


_ATX = re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


def atx_text(line: str) -> str:
    """The text of a Markdown ATX heading (``## Foster care ##`` -> ``Foster care``); other lines unchanged."""
    m = _ATX.match(line)
    return m.group(1).strip() if m and m.group(1).strip() else line
