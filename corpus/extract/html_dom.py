"""Saved HTML pages read through the DOM (lxml): chrome removed by element and class, labels from <dl>.

A browser's "Save page as" keeps the site's header, navigation, cookie
banner, share bar and footer around the record.  They are removed as
*elements* — ``<nav>``, ``<header>``, ``<footer>``, ``<aside>``, ``<form>``,
ARIA landmarks (``role="navigation|banner|contentinfo|search"``) and elements
whose class or id names page chrome (cookie, share, breadcrumb, subscribe …) —
before any text rule runs.  Definition lists become "Label: value" lines and
``<time datetime>`` supplies the date when its visible text has no year.  The
result is the page's text with one block per line and blank lines between
blocks, which the plain-text extractor then reads, so the saved HTML and the
plain-text copy of one page give the same records and fields.
"""

from __future__ import annotations

import re
from typing import Any

_CHROME_TAGS = ("nav", "header", "footer", "aside", "form", "dialog", "menu")
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alertdialog"}
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|banner|breadcrumbs?|share|sharing|social|subscribe|subscription|newsletter|skip(?:-link)?"
    r"|navbar|nav|menu|masthead|site-header|site-footer|footer|toolbar|pagination|pager|sidebar|promo|advert|ad-slot)(?:$|[\s_-])", re.I)


def _is_chrome(el: Any) -> bool:
    if el.tag in _CHROME_TAGS:
        return True
    if (el.get("role") or "").lower() in _CHROME_ROLES or el.get("aria-hidden") == "true" or el.get("hidden") is not None:
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(names.strip()) and _CHROME_CLASS.search(names) is not None


def to_text(html: str) -> tuple[str, str | None]:
    """(page text with blank lines between blocks, the page's <title>)."""
    import lxml.html

    from corpus.htmltext import SKIP_TAGS, blocks_to_text, element_blocks, html_blocks, html_title

    title = html_title(html) if "<title" in html[:200000].lower() else None
    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # lxml refuses some inputs (e.g. an encoding declaration in a str): fall back to the tag stripper
        return blocks_to_text(html_blocks(html)), title
    body = root.find("body")
    base = body if body is not None else root
    chrome = [el for el in base.iter() if isinstance(el.tag, str) and _is_chrome(el)]
    for el in chrome:
        if el.getparent() is not None:
            el.drop_tree()
    for dl in list(base.iter("dl")):
        _flatten_dl(dl)
    for t in list(base.iter("time")):
        _date_from_time(t)
    blocks = element_blocks(base, skip_tags=SKIP_TAGS, br_newline=True)
    return blocks_to_text(blocks), title


def _flatten_dl(dl: Any) -> None:
    """<dl><dt>Asked on</dt><dd>18 July 2024</dd></dl> -> <p>Asked on: 18 July 2024</p> (one per pair)."""
    from lxml import etree

    pairs: list[tuple[str, str]] = []
    label = None
    for child in dl:
        if not isinstance(child.tag, str):
            continue
        text = " ".join(child.text_content().split())
        if child.tag == "dt":
            label = text.rstrip(":")
        elif child.tag == "dd" and label is not None:
            pairs.append((label, text))
            label = None
    if not pairs:
        return
    parent = dl.getparent()
    if parent is None:
        return
    idx = parent.index(dl)
    tail = dl.tail
    parent.remove(dl)
    for n, (k, v) in enumerate(pairs):
        p = etree.Element("p")
        p.text = f"{k}: {v}"
        parent.insert(idx + n, p)
    if tail and tail.strip():
        p.tail = tail


def _date_from_time(t: Any) -> None:
    """Give a <time> whose visible text lacks a year its machine-readable date."""
    from corpus.dates import find_date

    dt = (t.get("datetime") or "").strip()
    text = t.text_content()
    if not re.match(r"^\d{4}-\d{2}-\d{2}", dt):
        return
    found = find_date(text)
    if found is None or found.iso is None:
        for child in list(t):
            t.remove(child)
        t.text = dt[:10]
