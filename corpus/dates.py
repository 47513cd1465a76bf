"""Dates as UK parliamentary pages write them, to ISO strings or ``None``.

Handles "21st October 2024", "Monday 18 December 2023", "18 Dec 2023",
"December 18, 2023", "2023-12-18" and "18/12/2023" (day first, the UK order).
A date without a year ("Dec 18") is *not* a date: its ISO value is ``None``
and the text is kept so callers can store it (``extra["date_as_given"]``).
"1 January 1970" (the Unix epoch) is what broken exports print for a
missing date, so it also means unknown.

Public API::

    parse_date(text) -> str | None          # the whole text is one full date
    find_date(text) -> DateMatch | None     # the first date-like phrase in text
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|2\d)\d\d)"

_PATTERNS = [
    re.compile(rf"\b(?P<iso>{_YEAR}-(?P<m2>[01]\d)-(?P<d2>[0-3]\d))\b"),
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b(?P<d3>[0-3]?\d)/(?P<m3>[01]?\d)/{_YEAR}\b"),
    # no year: recognised so the raw text can be kept, but never a date
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+{_MONTH}\b(?!\s*,?\s*\d)", re.I),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}\b(?!\s*,?\s*\d)", re.I),
]

EPOCH = "1970-01-01"


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date-like phrase found in text."""

    iso: str | None  # "2024-10-21", or None when unknown (no year, epoch, impossible)
    raw: str  # the phrase as written
    start: int
    end: int
    note: str | None = None  # why ``iso`` is None, in words

    @property
    def known(self) -> bool:
        return self.iso is not None


def _to_iso(m: re.Match[str]) -> tuple[str | None, str | None]:
    g = m.groupdict()
    try:
        if g.get("iso"):
            y, mo, d = int(g["year"]), int(g["m2"]), int(g["d2"])
        elif g.get("d3"):
            y, mo, d = int(g["year"]), int(g["m3"]), int(g["d3"])
        else:
            if not g.get("year"):
                return None, "no year given"
            y, mo, d = int(g["year"]), MONTHS[g["month"].lower().rstrip(".")], int(g["day"])
        iso = _dt.date(y, mo, d).isoformat()
    except (ValueError, KeyError):
        return None, "not a real calendar date"
    if iso == EPOCH:
        return None, "the Unix epoch, a placeholder for an unknown date"
    return iso, None


# One scan finds where the leftmost date starts (the alternation of all patterns, each without its groups);
# then each pattern is tried at that position only.  Same result as searching with every pattern.
_ANY = re.compile("|".join(f"(?:{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', p.pattern)})" for p in _PATTERNS), re.I)
_HAS_DIGIT = re.compile(r"\d")
_DIGIT_FIRST = (_PATTERNS[0], _PATTERNS[1], _PATTERNS[3], _PATTERNS[4])  # ISO, "18 Dec 2023", "18/12/2023", "18 Dec"
_LETTER_FIRST = (_PATTERNS[1], _PATTERNS[2], _PATTERNS[4], _PATTERNS[5])  # with a weekday first, "Dec 18, 2023", "Dec 18"


def find_date(text: str) -> DateMatch | None:
    """The first (leftmost) date-like phrase in ``text``, or ``None``."""
    if _HAS_DIGIT.search(text) is None:  # every date pattern needs a digit
        return None
    first = _ANY.search(text)
    if first is None:
        return None
    at = first.start()
    best: re.Match[str] | None = None
    # a date that starts with a digit is of the digit-first patterns, one that starts with a letter of the others
    for pat in (_DIGIT_FIRST if text[at].isdigit() else _LETTER_FIRST):
        m = pat.match(text, at)
        if m and (best is None or m.end() > best.end()):
            best = m
    if best is None:
        return None
    iso, note = _to_iso(best)
    return DateMatch(iso, best.group(0).strip(), best.start(), best.end(), note)


def parse_date(text: str) -> str | None:
    """ISO date when ``text`` is exactly one full date (epoch and no-year give None)."""
    text = text.strip().strip("()").strip()
    m = find_date(text)
    if m is None or m.start != 0 or text[m.end:].strip(" .,"):
        return None
    return m.iso
