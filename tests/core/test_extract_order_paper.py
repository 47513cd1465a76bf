"""Order-paper shapes met on real pages after the held-out fixtures were fixed (lordsbusiness.parliament.uk's
dated question lists): the day's "Tabled on … and due for answer by …" sentence dates every question under it,
"Questions for Written Answer for <date>" is the paper's date (no answer has been given), and the site's
"Item text truncated" prompt goes while the "…" that marks the cut stays.  The page is written in our own words
around question text from tests/fixtures/layouts (Open Parliament Licence v3.0); its dates are made up for the test."""

from __future__ import annotations

from corpus.formats import plaintext
from corpus.source import Source

Q1 = ("Lord Greaves to ask Her Majesty's Government whether Peers visiting schools as part of the Peers in Schools programme "
      "or otherwise will have to register with the Vetting and Barring Scheme run by the Independent Safeguarding Authority.")
Q2 = "Lord Laird to ask Her Majesty's Government what representations they have made to the Government of the Republic of Ire…"
PAGE = f"""Skip to main content

House of Lords Business

Questions for Written Answer for 14 October 2009

Tabled on 13 October 2009 and due for answer by 27 October 2009.

{Q1}  HL5597
Answered
{Q2} Item text truncated - open link to view full item text
Answered
"""


def parse(text: str):
    return plaintext.parse(Source("page.txt", text.encode(), text, "utf-8", []))


def test_the_days_sentence_dates_every_question_and_no_answer_date_is_made_up():
    recs = parse(PAGE)
    assert [(r.asked_by, r.uin, r.date_asked, r.date_answered, r.house, r.kind) for r in recs] == [
        ("Lord Greaves", "HL5597", "2009-10-13", None, "Lords", "written question"),
        ("Lord Laird", None, "2009-10-13", None, "Lords", "written question")]
    assert [r.extra.get("date_for_answer") for r in recs] == ["2009-10-27", "2009-10-27"]
    assert [r.passages[0].text for r in recs] == [Q1, Q2]  # the prompt gone, the "…" kept


def test_without_the_sentence_nothing_is_dated():
    recs = parse(PAGE.replace("Tabled on 13 October 2009 and due for answer by 27 October 2009.\n", ""))
    assert [(r.date_asked, r.date_answered, r.date) for r in recs] == [(None, None, None), (None, None, None)]
