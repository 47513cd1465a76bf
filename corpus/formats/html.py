"""Saved HTML pages (Hansard, Parallel Parliament and similar sites).

Detected by content: a ``<!doctype html`` / ``<html`` / ``<body`` start, or
markup that is mostly HTML block tags.  The page is read through its DOM
(``corpus.extract.html_dom``: page chrome removed as elements, definition
lists as "Label: value" lines, paragraphs, list items and table rows kept) and
then by the same record extractor as pages saved as text, so the saved HTML
and the plain-text copy of one page give the same records.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.model import Record
    from corpus.source import Source

NAME = "html"
VERSION = 1

_DOC = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I | re.S)
_BLOCK = re.compile(r"<(?:p|div|br|li|ul|ol|h[1-6]|table|tr|td|article|section|span|a)\b[^>]*>", re.I)


def sniff(source: "Source") -> bool:
    head = source.text[:65536]
    if _DOC.match(head):
        return True
    stripped = head.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("<") or "<publicwhip" in head:
        return False
    tags = _BLOCK.findall(head)
    return len(tags) >= 3 and sum(map(len, tags)) > 0.02 * len(head)


def to_text(html: str) -> tuple[str, str | None]:
    """(page text with blank lines between paragraphs, the page's <title>): the DOM reader's text."""
    from corpus.extract.html_dom import to_text as dom_text

    return dom_text(html)


def parse(source: "Source") -> list["Record"]:
    from corpus.formats import plaintext
    from corpus.source import Source

    text, title = to_text(source.text)
    if not text.strip():
        source.warnings.append("HTML page without any text")
        return []
    records = plaintext.parse(Source(source.path, source.data, text, source.encoding, source.warnings))
    for r in records:
        if title:
            r.extra.setdefault("html_title", title)
    return records
