"""Strips for the Line-API widgets (RowList, Reader, CompareView).

Every segment a widget hands to Textual carries a real ``Style``, never
``None``: Textual's line filters (``Monochrome`` under ``NO_COLOR``, the
16-colour and dim filters) read ``style.color`` of each segment and crash on
``None``.  Rich leaves the style of unstyled text (``Text.render`` without
spans, ``Segment(" ")``, ``Strip.blank(n)``) as ``None``, so every strip a
``render_line`` returns goes through :func:`styled` (or is built by
:func:`text_strip` / :func:`blank`).
"""

from __future__ import annotations

from typing import Iterable

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

NULL_STYLE = Style.null()


def _fill(segments: Iterable[Segment]) -> list[Segment]:
    return [seg if seg.style is not None or seg.control else Segment(seg.text, NULL_STYLE) for seg in segments]


def styled(strip: Strip) -> Strip:
    """``strip`` with a null style on every segment that had none."""
    segments = list(strip)
    if all(seg.style is not None or seg.control for seg in segments):
        return strip
    return Strip(_fill(segments), strip.cell_length)


def segments_strip(segments: Iterable[Segment], cell_length: int | None = None) -> Strip:
    return Strip(_fill(segments), cell_length)


def text_strip(text: Text, console: Console, cell_length: int | None = None) -> Strip:
    """One line of rich ``Text`` (already cut to width) as a strip."""
    return Strip(_fill(text.render(console)), cell_length)


def blank(width: int, style: Style | None = None) -> Strip:
    return Strip.blank(width, style if style is not None else NULL_STYLE)
