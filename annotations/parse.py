"""What a user types about a passage: tags in one field, a quote to find in the passage text."""

from __future__ import annotations

import re


# --------------------------------------------------------------- helpers
def parse_tags(text: str) -> list[str]:
    """Tags typed in one field: comma-separated if there is a comma (so a tag
    may hold spaces), else space-separated.  Duplicates dropped, order kept."""
    parts = text.split(",") if "," in text else text.split()
    out: list[str] = []
    for part in parts:
        tag = " ".join(part.split())
        if tag and tag not in out:
            out.append(tag)
    return out


_QUOTE_CHARS = {"'": "['‘’]", "’": "['‘’]", "‘": "['‘’]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``: exact first, then allowing any run of
    whitespace and straight/curly quote marks to match each other."""
    q = quote.strip()
    if not q:
        return None
    i = text.find(q)
    if i >= 0:
        return i, i + len(q)
    pattern = r"\s+".join("".join(_QUOTE_CHARS.get(c, re.escape(c)) for c in word) for word in q.split())
    m = re.search(pattern, text)
    return m.span() if m else None


def best_passage(record, quote: str) -> int:
    """Index of the passage most like ``quote`` (0 without a quote)."""
    if not quote or not record.passages:
        return 0
    from rapidfuzz import fuzz

    scores = [fuzz.partial_ratio(quote, p.text) for p in record.passages]
    return max(range(len(scores)), key=lambda i: scores[i])
