"""HTML (and HTML-like XML) to readable blocks of text.

Turns markup into a list of ``Block(text, list_item)``: one per paragraph,
heading, list item or table row.  Table rows become ``"cell | cell"`` so a
table stays readable as text; list items keep ``list_item=True``; inline
markup (``<i>``, ``<phrase>``, ``<a>``) becomes plain text; scripts, styles and
comments are dropped.

Why lxml and not ``html.parser``: lxml is already a dependency (the
TheyWorkForYou importer needs its XML parser with DTD entities), its HTML
parser recovers from broken markup the way browsers do (unclosed ``<p>``,
stray ``</td>``), it resolves all HTML named entities, and the same tree walker
then serves both the API's HTML answers and TWFY's XML elements.  It is
imported lazily so start-up does not pay for it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from corpus.model import normalise_text


class Block(NamedTuple):
    text: str
    list_item: bool = False


# Elements that start and end a block of text.
BLOCK_TAGS = frozenset(
    "p div li dt dd h1 h2 h3 h4 h5 h6 blockquote pre section article header footer "
    "aside nav main figure figcaption caption address center form fieldset legend "
    "ul ol dl table thead tbody tfoot hr body html title".split()
)
SKIP_TAGS = frozenset("script style noscript template head svg math iframe object button select".split())
CELL_TAGS = ("td", "th")


_BR = "\x00br\x00"


def element_blocks(root: Any, *, skip_tags: frozenset[str] = SKIP_TAGS, br_newline: bool = False) -> list[Block]:
    """Blocks from an lxml element (HTML or XML) and everything inside it.

    ``<br>`` ends a block, or with ``br_newline=True`` becomes a line break
    (``"\n"``) inside the block, as in page text where a paragraph has lines.
    """
    out: list[Block] = []
    buf: list[str] = []
    li_depth = 0

    def flush() -> None:
        if buf:
            raw = "".join(buf)
            buf.clear()
            if _BR in raw:
                text = "\n".join(t for t in (normalise_text(x) for x in raw.split(_BR)) if t)
            else:
                text = normalise_text(raw)
            if text:
                out.append(Block(text, li_depth > 0))

    from lxml import etree

    # Iterative walk (deeply nested hostile markup must not hit the recursion limit).
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if isinstance(tag, str):
            tag = tag.rsplit("}", 1)[-1].lower()
        else:  # comment or processing instruction: no text of its own
            tag = None
        if event == "start":
            if tag is None or tag in skip_tags:
                walker.skip_subtree()
            elif tag == "br":
                if br_newline:
                    buf.append(_BR)
                else:
                    flush()
            elif tag == "tr":
                flush()
                cells = []
                for cell in el:
                    if isinstance(cell.tag, str) and cell.tag.lower() in CELL_TAGS:
                        cells.append(normalise_text(" ".join(cell.itertext())))
                if any(cells):
                    out.append(Block(" | ".join(cells), li_depth > 0))
                walker.skip_subtree()
            else:
                if tag in BLOCK_TAGS:
                    flush()
                if tag == "li":
                    li_depth += 1
                if el.text:
                    buf.append(el.text)
        else:  # end
            if tag is not None and tag not in skip_tags and tag not in ("br", "tr"):
                if tag in BLOCK_TAGS:
                    flush()
                if tag == "li":
                    li_depth -= 1
            if el is not root and el.tail:
                buf.append(el.tail)
    flush()
    return out


def html_blocks(html: str, *, br_newline: bool = False) -> list[Block]:
    """Blocks from an HTML string (a fragment like ``<p>..</p>`` or a whole page)."""
    if not html or not html.strip():
        return []
    if "<" not in html:  # plain text: one paragraph per blank-line block
        return [Block(t) for t in (normalise_text(p) for p in html.split("\n\n")) if t]
    import lxml.html

    try:
        if _is_document(html):
            root = lxml.html.document_fromstring(html)
            body = root.find("body")
            root = body if body is not None else root
        else:
            root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml gives up on some garbage (e.g. only a comment)
        return [Block(t) for t in (normalise_text(p) for p in _strip_tags(html).split("\n\n")) if t]
    return element_blocks(root, br_newline=br_newline)


def html_title(html: str) -> str | None:
    """The text of the page's ``<title>``, if any."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:
        return None
    t = root.find(".//title")
    if t is None:
        return None
    return normalise_text(t.text_content()) or None


def blocks_to_text(blocks: list[Block]) -> str:
    """Blocks as plain text: one paragraph per block, blank lines between."""
    return "\n\n".join(("- " + b.text) if b.list_item else b.text for b in blocks)


def _is_document(html: str) -> bool:
    head = html.lstrip()[:2000].lower()
    return head.startswith("<!doctype") or "<html" in head or "<body" in head


def _strip_tags(html: str) -> str:
    import re

    return re.sub(r"<[^>]*>", "\n\n", html)


_TAG_RE = None


def looks_like_html(text: str) -> bool:
    """True when a string holds HTML tags (not just a stray ``<`` in prose)."""
    global _TAG_RE
    if "<" not in text:
        return False
    if _TAG_RE is None:
        import re

        _TAG_RE = re.compile(
            r"</?(?:p|div|br|table|tr|td|th|tbody|thead|ul|ol|li|span|strong|em|b|i|u|a|h[1-6]|blockquote|sup|sub)\b[^>]*>",
            re.I,
        )
    return _TAG_RE.search(text) is not None
