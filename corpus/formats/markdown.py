"""Markdown files (notes or exports of parliamentary records).

Detected conservatively by content, so plain text keeps going to the
plain-text parser: at least one ATX heading (``# Title``) plus other Markdown
features (emphasis, links, more headings, fenced code, tables), or a file that
opens with an ATX heading and has another, or many links and emphasis marks.
(A file with one ``# Title`` and plain paragraphs is read as plain text, whose
parser drops the ``#`` marks from titles.)  Bullets alone do not count: plain text uses them too.

Rendered with markdown-it-py (CommonMark + tables; already installed as a
dependency of rich/Textual, imported lazily) to HTML, then to text lines with
paragraphs, list items and table rows kept (``corpus.htmltext``), then read by
the plain-text parser so the same cleaning and metadata rules apply.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.model import Record
    from corpus.source import Source

NAME = "markdown"
VERSION = 1

_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_EMPH = re.compile(r"(\*\*|__)(?=\S)[^*_\n]+?(?<=\S)\1")
_LINK = re.compile(r"!?\[[^\]\n]+\]\([^)\s]+(?:\s+\"[^\"]*\")?\)")
_FENCE = re.compile(r"^(```|~~~)", re.M)
_TABLE_SEP = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)


def sniff(source: "Source") -> bool:
    head = source.text[:65536]
    stripped = head.lstrip("\ufeff \t\r\n")
    if not stripped or stripped[0] in "<{[":
        return False
    headings = len(_HEADING.findall(head))
    other = len(_EMPH.findall(head)) + len(_LINK.findall(head)) + len(_FENCE.findall(head)) // 2 + len(_TABLE_SEP.findall(head))
    if headings >= 2 and _HEADING.match(stripped):  # "# Title" … "## Answer": headings are Markdown's, not text
        return True
    if headings >= 1 and headings + other >= 3:
        return True
    return other >= 6


def to_text(md: str) -> str:
    """Markdown as plain text with blank lines between paragraphs."""
    from corpus.htmltext import blocks_to_text, html_blocks

    try:
        from markdown_it import MarkdownIt
    except ImportError:  # pragma: no cover - markdown-it-py comes with rich
        return md
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(md)
    return blocks_to_text(html_blocks(html, br_newline=True))


def parse(source: "Source") -> list["Record"]:
    from corpus.formats import plaintext
    from corpus.source import Source

    text = to_text(source.text)
    if not text.strip():
        source.warnings.append("Markdown file without any text")
        return []
    return plaintext.parse(Source(source.path, source.data, text, source.encoding, source.warnings))
