"""How tags and anchoring statuses are drawn: status marks, tag colours, tag text, the tag suggester."""

from __future__ import annotations

import re

from rich.text import Text
from textual.suggester import Suggester

from corpus.safe_text import printable


# status marks: symbols first (16 colours / NO_COLOR), colour second
STATUS_MARK = {
    "anchored": (" ", ""),
    "reanchored": ("~", "cyan"),
    "manual": ("=", "cyan"),
    "review": ("?", "bold yellow"),
    "ambiguous": ("*", "bold yellow"),
    "orphan": ("!", "bold red"),
    "record not loaded": ("-", "dim"),  # shown only: its record is not in the loaded corpus
}
STATUS_LEGEND = "~ moved  = by hand  ? review  * ambiguous  ! orphan"
COLOUR_NAMES = (
    "red", "green", "yellow", "blue", "magenta", "cyan", "white", "black",
    "bright_red", "bright_green", "bright_yellow", "bright_blue",
    "bright_magenta", "bright_cyan", "bright_white", "bright_black",
)


def shorten(s: str | None, width: int) -> str:
    s = printable(" ".join((s or "").split()))
    return s if len(s) <= width else s[: max(width - 1, 1)] + "…"


def colour_style(colour: str | None) -> str:
    """A safe Rich style for a stored tag colour (bad values fall back)."""
    from rich.color import Color, ColorParseError

    if colour:
        try:
            Color.parse(colour)
            return colour
        except ColorParseError:
            pass
    return "cyan"


def valid_colour(value: str) -> bool:
    return value in COLOUR_NAMES or re.fullmatch(r"#[0-9a-fA-F]{6}", value) is not None


def tag_text(tags: list[str], colours: dict[str, str] | None = None) -> Text:
    out = Text()
    for i, t in enumerate(tags):
        if i:
            out.append(" ")
        out.append("#" + printable(t), style=colour_style((colours or {}).get(t)))
    return out


class TagSuggester(Suggester):
    """Completes the last tag being typed from the existing tags."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        sep = "," if "," in value else " "
        head, _, last = value.rpartition(sep)
        last_stripped = last.lstrip()
        if not last_stripped:
            return None
        low = last_stripped.casefold()
        for tag in self.tags:
            if tag.casefold().startswith(low) and len(tag) > len(last_stripped):
                return value + tag[len(last_stripped):]
        return None
