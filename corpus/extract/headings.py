"""Heading lines that are not a record's title, recognised by shape.

A site's name run together, a member's party and seat, a department's section heading, a heading that only names the
kind of page."""

from __future__ import annotations

import re

from corpus.extract.vocab import DEPARTMENT_ABBREVIATIONS, SECRETARY_OF_STATE_DEPARTMENTS, party

_DATE_WORD = re.compile(
    r"^(?:\d{1,4}(?:st|nd|rd|th)?[,.]?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day,?|:|-|–|—)$")
GENERIC_HEADING_WORDS = frozenset(
    "written question questions answer answers statement statements ministerial parliamentary business paper papers debate debates "
    "hansard search results result for and of the on to in house lords commons daily report order notice orders day today's latest "
    "all recent questions, answers, statements, & no. no cumulative list unanswered answered tabled".split()
)


_CAMEL = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+){2,}$")
_DESCRIPTOR_SPLIT = re.compile(r"\s+[-–—]\s+|,\s*|\s+MP for\s+|\s+MP$")


def site_name(line: str) -> bool:
    """A site's name by its shape: one word run together of capitalised parts ("TheyWorkForYou")."""
    return len(line) <= 40 and _CAMEL.match(line) is not None


def member_descriptor(line: str) -> bool:
    """"Conservative - Peterborough", "Labour, Bassetlaw", "Conservative MP for Tatton": a member's party and seat
    under the name at the head of a member's page, not a heading."""
    if len(line) > 80 or not (" - " in line or "," in line or " MP" in line or " – " in line or " — " in line):
        return False
    head = _DESCRIPTOR_SPLIT.split(line, maxsplit=1)[0].strip()
    return head != line.strip() and party(head)[0] is not None


def department_heading(line: str) -> bool:
    """A department's name without "Department for" ("Children, Schools and Families", "Defence"): the section
    heading a Hansard or TheyWorkForYou page sets over that department's answers, not a record's title."""
    return line in _DEPARTMENT_SHORT_NAMES


_DEPARTMENT_SHORT_NAMES = frozenset(
    [k for k in SECRETARY_OF_STATE_DEPARTMENTS if not k.startswith("the ")]
    + [re.sub(r"^(?:Department (?:for|of)|Ministry (?:of|for))\s+", "", v) for v in DEPARTMENT_ABBREVIATIONS.values()]
    + ["Defence", "Home Department", "Foreign and Commonwealth Office", "International Development", "Culture, Media and Sport",
       "Energy and Climate Change", "Environment, Food and Rural Affairs", "Business, Innovation and Skills"])


def generic_heading(line: str) -> bool:
    """A heading naming the kind of page ("Written questions, answers and statements", "Business papers"), not a record."""
    if len(line) > 120:
        return False
    low = line.lower().replace(",", " ")
    head = low.split(None, 1)
    if head and head[0] not in GENERIC_HEADING_WORDS and not _DATE_WORD.match(head[0]):
        return False  # its first word already is neither a page-kind word nor part of a date
    words = low.split()
    rest = [w for w in words if w not in GENERIC_HEADING_WORDS]
    if not rest:
        return bool(words)
    if not all(_DATE_WORD.match(w) for w in rest):
        return False
    from corpus.dates import find_date

    return find_date(line) is not None  # "Written answers of 21 October 2024"
