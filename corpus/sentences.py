"""A fast sentence splitter tuned for parliamentary English.

pysbd is accurate but super-linear and still splits "Rt. Hon."; a regex with a
list of the abbreviations Hansard uses is fast and good enough.  Paragraphs
are split first by the callers; this splits one paragraph.
"""

from __future__ import annotations

import re

# Words after which a full stop does not end a sentence (compared lower-cased,
# without the dot).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr rt hon no nos st sch cf etc e.g i.e vol col cols para paras
    art arts s ss reg regs cl cll jan feb mar apr jun jul aug sep sept oct nov dec
    co ltd plc inc dept govt approx fig figs p pp op cit ibid viz vs v prof sir
    gen lt col capt cmdr sgt rev""".split()
)

# A candidate boundary: end punctuation, optional closing quote/bracket, space,
# then something that can start a sentence.
_BOUNDARY = re.compile(r"""([.!?]["'”’)\]]*)\s+(?=["'“‘(\[]?[A-Z0-9£•])""")
_LAST_WORD = re.compile(r"(\S+)$")


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences; the pieces join back with spaces."""
    text = text.strip()
    if not text:
        return []
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end(1)
        piece = text[start:end]
        word_m = _LAST_WORD.search(piece)
        word = word_m.group(1) if word_m else ""
        bare = word.rstrip(".!?\"'”’)]").lstrip("(\"'“‘[").lower()
        if m.group(1).startswith(".") and (
            bare in ABBREVIATIONS
            or (len(bare) == 1 and bare.isalpha())  # initials: "J. Smith"
            or re.fullmatch(r"(?:[a-z]\.)+[a-z]?", bare or "-")  # e.g / i.e.
        ):
            continue
        out.append(piece.strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out
