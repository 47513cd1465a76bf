"""Word wrap of styled text pieces to a width in terminal cells (compare and collation views)."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.style import Style


# Characters whose cell width is 1 (Latin, Greek, Cyrillic, general punctuation,
# currency): text made only of these is measured with len().
_NOT_NARROW = re.compile(r"[^\u0020-\u007e\u00a0-\u10ff\u2010-\u2027\u2030-\u205e\u20a0-\u20bf]")
_WORDS = re.compile(r"\S+")


def _cell_offsets(text: str) -> list[int] | None:
    """Cumulative cell widths per character, or None when every char is one cell."""
    if not _NOT_NARROW.search(text):
        return None
    out = [0]
    for ch in text:
        out.append(out[-1] + cell_len(ch))
    return out


def wrap_segments(segs: list[tuple[str, Style]], width: int) -> list[list[tuple[str, Style]]]:
    """Greedy word wrap of styled pieces into lines of at most ``width`` cells."""
    width = max(width, 1)
    text = "".join(t for t, _ in segs)
    cells = _cell_offsets(text)

    def w(i: int, j: int) -> int:
        return j - i if cells is None else cells[j] - cells[i]

    spans: list[tuple[int, int]] = []  # (start, end) character offsets of each line
    start = end = -1
    for m in _WORDS.finditer(text):
        s, e = m.span()
        if start >= 0 and w(start, e) <= width:
            end = e
            continue
        if start >= 0:
            spans.append((start, end))
        start, end = s, e
        while w(start, end) > width:  # a word longer than a line: cut it
            cut = start + 1
            while cut < end and w(start, cut + 1) <= width:
                cut += 1
            spans.append((start, cut))
            start = cut
    if start >= 0:
        spans.append((start, end))
    if not spans:
        return [[]]
    # cut the styled pieces at the line spans
    bounds = []
    pos = 0
    for t, st in segs:
        bounds.append((pos, pos + len(t), st))
        pos += len(t)
    lines: list[list[tuple[str, Style]]] = []
    k = 0
    for ls, le in spans:
        line: list[tuple[str, Style]] = []
        while k < len(bounds) and bounds[k][1] <= ls:
            k += 1
        j = k
        while j < len(bounds) and bounds[j][0] < le:
            bs, be, st = bounds[j]
            piece = text[max(bs, ls) : min(be, le)]
            if piece:
                line.append((piece, st))
            j += 1
        lines.append(line)
    return lines
