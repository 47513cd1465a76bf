"""corpus.dates and corpus.clean: exact values for the rules the parsers share."""

from __future__ import annotations

import pytest

from corpus.clean import Para, clean_lines, licence_in, mark_list_items, paragraphs, split_wall
from corpus.dates import find_date, parse_date


@pytest.mark.parametrize(
    "text, iso",
    [("21st October 2024", "2024-10-21"), ("Monday 18 December 2023", "2023-12-18"), ("18 Dec 2023", "2023-12-18"),
     ("December 18, 2023", "2023-12-18"), ("2023-12-18", "2023-12-18"), ("18/12/2023", "2023-12-18"),
     ("(12 December 2024)", "2024-12-12"), ("Dec 18", None), ("1 January 1970", None), ("31 February 2024", None),
     ("May I ask", None)],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_find_date_keeps_unknown_dates_as_given():
    m = find_date("Written statements on 1) A and 2) B - Dec 18")
    assert (m.iso, m.raw, m.note) == (None, "Dec 18", "no year given")
    m = find_date("1 January 1970")
    assert (m.iso, m.note) == (None, "the Unix epoch, a placeholder for an unknown date")
    m = find_date("Volume 742: debated on Monday 18 December 2023")
    assert (m.iso, m.raw) == ("2023-12-18", "Monday 18 December 2023")


def test_clean_lines_removes_page_furniture_only():
    lines = ["Skip to main content", "", "Title", "(asked on 2nd February 2023) - View Source", "Jane Roe Portrait",
             "Jane Roe", "A link ‘X’(opens in a new tab). More. |", "Hansard", "Reticulating Splines",
             "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."]
    assert clean_lines(lines) == ["", "Title", "(asked on 2nd February 2023)", "Jane Roe", "A link ‘X’. More."]


def test_paywall_teaser_that_repeats_the_opening_is_dropped():
    lines = ["Heading - Dec 18", "Minister (Jane Roe): The", "quick brown fox jumps over the lazy dog and",
             "keeps running...Request free trial", "Minister (Jane Roe): The quick brown fox jumps over the lazy dog and keeps running far away."]
    assert clean_lines(lines) == [lines[0], lines[4]]


def test_licence_in():
    assert licence_in("licensed under the Open Parliament Licence v3.0.") == "Open Parliament Licence v3.0"
    assert licence_in("no licence here") is None


def test_paragraphs_bullets_and_list_items():
    paras = mark_list_items(paragraphs(["We will publish:", "", "A strategy.", "", "•A framework.", "",
                                        "Then more. And more."]))
    assert paras == [Para("We will publish:"), Para("A strategy.", True), Para("A framework.", True),
                     Para("Then more. And more.")]


def test_split_wall_groups_sentences():
    sentence = "The Minister said that care matters a great deal to every family in England. "
    wall = (sentence * 30).strip()
    parts = split_wall(wall)
    assert " ".join(parts) == wall
    assert all(300 <= len(p) <= 700 for p in parts) and len(parts) == 5
    assert split_wall("Short paragraph. Two sentences.") == ["Short paragraph. Two sentences."]
