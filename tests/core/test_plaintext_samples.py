"""The plain-text parser on the five bundled sample pages: exact metadata and
exact passage boundaries of every record, junk removal, stable ids, and the
same rules on other pages laid out like them."""

from __future__ import annotations

import shutil

import pytest

from corpus.formats import plaintext
from corpus.loader import load, sample_dir
from corpus.model import METADATA_FIELDS
from corpus.source import Source

NOTE_LORDS = "inferred: Lords written questions are put to His Majesty’s Government"
NOTE_COMMONS = "inferred: Commons written questions are addressed to a minister ('To ask the Secretary of State …')"
NOTE_SAVED_ROLE = "the role shown when the page was saved, not necessarily at the time of the answer"
NOTE_NO_YEAR = "the source gives 'Dec 18': no year given"
NOTE_EPOCH = "the source gives '1 January 1970': the Unix epoch, a placeholder for an unknown date"
TITLE_000 = "Bishop of St Albans asks about support for children in local authority care"
JOHNSTON = {"kind": "written statement", "answered_by": "David Johnston",
            "answered_by_role": "Minister for Children, Families and Wellbeing"}

# (file prefix, metadata that is not None, field_notes, extra, passages)
# passages: (role letter, list_item, first five words, last three words)
EXPECTED = [
    ("000", {"kind": "written question", "house": "Lords", "title": TITLE_000, "date_answered": "2024-10-21",
             "asked_by": "The Lord Bishop of St Albans", "answered_by": "Baroness Smith of Malvern",
             "answered_by_party": "Labour", "department": "Department for Education", "source": "Hansard"},
     {"house": NOTE_LORDS, "answered_by_party": "expanded from 'Lab'", "department": "expanded from 'DfE'"},
     {"answered_by_party_as_given": "Lab", "department_as_given": "DfE"},
     [("Q", False, "The Lord Bishop of St", "and young people."),
      ("A", False, "Children, young people and families", "and local level."),
      ("A", False, "The Children’s Social Care National", "and multi-agency working."),
      ("A", False, "Each outcome chapter of the", "to the guidance."),
      ("A", False, "In support of the National", "and national level."),
      ("A", False, "The Dashboard will evolve over", "in its development.")]),
    ("000", {"kind": "written question", "house": "Lords", "title": TITLE_000, "date_answered": "2024-10-21",
             "asked_by": "The Lord Bishop of St Albans", "answered_by": "Baroness Merron",
             "answered_by_party": "Labour", "department": "Department of Health and Social Care", "source": "Hansard"},
     {"house": NOTE_LORDS, "answered_by_party": "expanded from 'Lab'", "department": "expanded from 'DHSC'"},
     {"answered_by_party_as_given": "Lab", "department_as_given": "DHSC"},
     [("Q", False, "The Lord Bishop of St", "mental health support."),
      ("A", False, "The Government recognises the distinct", "planning of services."),
      ("A", False, "As part of our mission", "in every community."),
      ("A", False, "We are also working to", "of the plan.")]),
    ("001", {"kind": "written question", "house": "Commons", "title": "Children: Social Services",
             "date_asked": "2023-02-02", "date_answered": "2023-02-10", "answered_by": "Claire Coutinho",
             "answered_by_role": "Shadow Minister (Equalities)", "department": "Department for Education",
             "source": "Parallel Parliament"},
     {"answered_by_role": NOTE_SAVED_ROLE, "house": NOTE_COMMONS},
     {},
     [("Q", False, "To ask the Secretary of", "trial these reforms."),
      ("A", False, "The department actively engages with",
       "found here: https://www.gov.uk/government/consultations/childrens-social-care-stable-homes-built-on-love."),
      ("A", False, "One aspect of the reform", "who need it."),
      ("A", False, "The department does not want", "families can thrive.")]),
    ("002", {**JOHNSTON, "title": "Children's Social Care Update"},
     {"date": NOTE_NO_YEAR}, {"date_as_given": "Dec 18"},
     [("B", False, "The Prime Minister has been", "Built on Love’."),
      ("B", False, "Our strategy, backed by £200", "commitments to publish:"),
      ("B", False, "Through this statement I update", "authorities in England."),
      ("B", False, "We want children who cannot", "£20 million investment."),
      ("B", False, "It details how we will", "health and education."),
      ("B", False, "We have published the Children’s", "of children’s welfare."),
      ("B", False, "Children must be kept safe,", "sensitive and personal."),
      ("B", False, "This data is held in", "children’s social care."),
      ("B", False, "Today we reaffirm our commitment", "our reform journey.")]),
    ("002", {**JOHNSTON, "title": "Safeguarding Update"},
     {"date": NOTE_NO_YEAR}, {"date_as_given": "Dec 18"},
     [("B", False, "Today, the Government has published", "professionalism, and expertise."),
      ("B", False, "A copy of the response", "concealing their actions."),
      ("B", False, "Nevertheless, the Panel’s report highlights", "and inspection practice."),
      ("B", False, "The Panel’s recommendations reinforce our", "Provision Improvement Plan."),
      ("B", False, "Our strategy for children’s social", "fulfil their potential:"),
      ("B", False, "I have today also written", "These actions include:"),
      ("B", False, "Many people work hard to", "fulfil their potential.")]),
    ("003", {"kind": "written statement", "title": "Children’s Social Care", "date": "2023-12-18",
             "source": "Hansard", "volume": "742"},
     {"kind": "inferred: a Hansard page with no speaker turns that addresses the House as a statement"},
     {},
     [("B", False, "The Prime Minister has been", "the right time."),
      ("B", False, "Earlier this year we set", "they need it."),
      ("B", False, "We have moved a step", "commitments to publish:"),
      ("B", True, "The first ever national kinship", "homes to children."),
      ("B", True, "A new children’s social care", "children’s social care."),
      ("B", True, "Updated statutory guidance, “Working Together”,", "welfare of children."),
      ("B", True, "A data strategy which sets", "children’s social care."),
      ("B", False, "Through this statement I update", "authorities in England."),
      ("B", False, "We want children who cannot", "empower kinship families."),
      ("B", False, "We must also deliver excellent", "and their families."),
      ("B", False, "Our plans for reform have", "support and protection."),
      ("B", False, "Lastly, the data we collect", "the national framework."),
      ("B", False, "The reviews from last year", "in the system."),
      ("B", False, "Today is a time to", "our reform journey.")]),
    ("004", {"kind": "written question", "house": "Commons", "date_asked": "2024-12-12", "asked_by": "Matt Bishop",
             "asked_by_party": "Labour", "department": "Department for Education",
             "licence": "Open Parliament Licence v3.0"},
     {"date_answered": NOTE_EPOCH, "house": NOTE_COMMONS,
      "department": "inferred from 'Secretary of State for Education'"},
     {"date_answered_as_given": "1 January 1970"},
     [("Q", False, "To ask the Secretary of", "children at home."),
      ("A", False, "Reforming children’s social care is", "the right time."),
      ("A", False, "This government wants to shift", "in prevention activity."),
      ("A", False, "We have also set out", "child protection concerns.")]),
]


@pytest.fixture(scope="module")
def records():
    corpus = load([sample_dir()])
    assert corpus.warnings == []
    return corpus.records


def test_every_sample_record_in_file_order(records):
    assert [r.source_file.rsplit("/", 1)[-1][:3] for r in records] == [e[0] for e in EXPECTED]
    assert all(r.source_format == "plaintext" for r in records)


@pytest.mark.parametrize("n", range(len(EXPECTED)), ids=[f"{e[0]}-{i}" for i, e in enumerate(EXPECTED)])
def test_record_metadata_and_passages(records, n):
    prefix, meta, notes, extra, passages = EXPECTED[n]
    r = records[n]
    assert r.metadata() == {name: meta.get(name) for name in METADATA_FIELDS}
    assert r.field_notes == notes
    assert r.extra == extra
    got = [(p.role[0].upper(), p.list_item, " ".join(p.text.split()[:5]), " ".join(p.text.split()[-3:]))
           for p in r.passages]
    assert got == passages
    # offsets and indexes agree with Record.text
    for i, p in enumerate(r.passages):
        assert p.index == i and r.text[p.start : p.end] == p.text


def _all_text(records, prefix):
    return "\n".join(r.text for r in records if prefix in r.source_file)


def test_page_junk_is_not_text(records):
    everything = "\n".join(r.text for r in records)
    for junk in ("Hansard", "View Source", "Portrait", "Reticulating Splines", "Request free trial",
                 "opens in a new tab", "Skip to main content", "Open Parliament Licence", "1970", "•", " |"):
        assert junk not in everything, junk
    # the teaser repeated the opening of 002: the opening is there once per record set
    assert _all_text(records, "002").count("The Prime Minister has been clear") == 1
    # headings and labels are metadata, not passages
    for label in ("Answered by", "Asked by", "Question Asked", "Question to the Department",
                  "received the following written answers", "Volume 742", "(asked on"):
        assert label not in everything, label


def test_wall_of_text_split_into_readable_passages(records):
    walls = [r for r in records if "002" in r.source_file]
    lengths = [len(p.text) for r in walls for p in r.passages]
    assert max(lengths) <= 800 and min(lengths) >= 300
    # a list intro ("…publish:") ends its passage
    assert walls[0].passages[1].text.endswith("honour commitments to publish:")
    assert walls[0].passages[2].text.startswith("Through this statement")
    # the link junk is gone but the link text stays
    assert "through ‘Stable Homes, Built on Love’. Our" not in walls[0].passages[0].text
    assert walls[0].passages[0].text.endswith("through ‘Stable Homes, Built on Love’.")


def test_bullet_marker_removed_and_list_items_flagged(records):
    rec = next(r for r in records if "003" in r.source_file)
    items = [p.text for p in rec.passages if p.list_item]
    assert items[3] == "A data strategy which sets out the long-term plan for transforming data in children’s social care."
    assert len(items) == 4


def test_ids_stable_across_paths(tmp_path, records):
    for sub in ("a", "b/c"):
        (tmp_path / sub).mkdir(parents=True)
    for f in sample_dir().glob("*.txt"):
        shutil.copy(f, tmp_path / "a" / ("renamed_" + f.name))
    moved = load([tmp_path / "a"]).records
    assert [r.id for r in moved] == [r.id for r in records]
    assert [[p.id for p in r.passages] for r in moved] == [[p.id for p in r.passages] for r in records]
    assert len({r.id for r in records}) == len(records)


def _parse(text: str):
    src = Source("page.txt", text.encode(), text, "utf-8", [])
    assert plaintext.sniff(src)
    return plaintext.parse(src)


def test_same_rules_on_another_parallel_parliament_page():
    page = (
        "Schools: Heating\n\n(asked on 3rd March 2022) - View Source\n\n"
        "Question to the Department for Transport:\n\n"
        "To ask the Secretary of State for Transport, how many buses run at night.\n\n\n"
        "Answered by\nJane Roe Portrait\nJane Roe\nParliamentary Under-Secretary (Department for Transport)\n"
        "This question was answered on 9th March 2022\n\nAbout 400 buses run at night.\n\nReticulating Splines"
    )
    (r,) = _parse(page)
    assert (r.title, r.date_asked, r.date_answered, r.answered_by, r.answered_by_role, r.department, r.source) == (
        "Schools: Heating", "2022-03-03", "2022-03-09", "Jane Roe",
        "Parliamentary Under-Secretary (Department for Transport)", "Department for Transport", "Parallel Parliament")
    assert [(p.role, p.text) for p in r.passages] == [
        ("question", "To ask the Secretary of State for Transport, how many buses run at night."),
        ("answer", "About 400 buses run at night."),
    ]


def test_same_rules_on_another_lords_answers_page():
    page = (
        "Lord Smith asks about buses\n\nLord Smith of Finsbury received the following written answer on 2nd May 2023:\n\n"
        "Lord Smith of Finsbury asked His Majesty’s Government how many buses there are.\n\n"
        "Lord Jones (Con): There are many buses.\n\nMore are coming.\n\nHansard\n"
    )
    (r,) = _parse(page)
    assert (r.kind, r.house, r.asked_by, r.answered_by, r.answered_by_party, r.department, r.date_answered, r.source) == (
        "written question", "Lords", "Lord Smith of Finsbury", "Lord Jones", "Conservative", None, "2023-05-02", "Hansard")
    assert [p.text for p in r.passages] == [
        "Lord Smith of Finsbury asked His Majesty’s Government how many buses there are.",
        "There are many buses.", "More are coming."]


def test_unrecognised_text_is_one_body_record_with_nothing_guessed():
    (r,) = _parse("Notes on buses\n\nBuses are red. Some are blue.\n\nThe end.")
    assert r.title == "Notes on buses"
    assert [p.text for p in r.passages] == ["Buses are red. Some are blue.", "The end."]
    assert {k: v for k, v in r.metadata().items() if v is not None} == {"title": "Notes on buses"}
