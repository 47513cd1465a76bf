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


class PassStyle:
    """For a Line-API widget: its ``rich_style`` worked out once per paint, not per line.

    Textual's ``rich_style`` walks every ancestor's styles on each call; a
    widget's ``render_line`` asks for it for each line (the background of
    blank lines and of the cropped text), 24–60 times a frame.  Within one
    ``render_lines`` pass the styles cannot change, so :attr:`line_style` is
    the one value of the pass (and ``rich_style`` itself outside a pass, e.g.
    a test calling ``render_line``)."""

    _pass_style: Style | None = None

    def render_lines(self, crop):  # Widget.render_lines: one paint of the lines in crop
        self._pass_style = self.rich_style  # type: ignore[attr-defined]
        try:
            return super().render_lines(crop)  # type: ignore[misc]
        finally:
            self._pass_style = None

    @property
    def line_style(self) -> Style:
        style = self._pass_style
        return style if style is not None else self.rich_style  # type: ignore[attr-defined]
