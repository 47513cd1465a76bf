"""QA (qa2): derived titles and department names on real question texts the first tests did not cover.

Every question text below is copied from ../shared/data (mysociety/uk-parl-written-questions).
Contains Parliamentary information licensed under the Open Parliament Licence v3.0.
"""

from __future__ import annotations

import pytest

from corpus.api.watches import resolve_department
from corpus.formats.parliament_json import derive_title


@pytest.mark.parametrize("question, title", [
    # a capitalised first word after the formula's comma (the API has these)
    ("To ask the Secretary of State for Education, What assessment she has made of the adequacy of 14-16 year old "
     "provision in further education colleges.", "What assessment she has made of the adequacy of 14-16 year old…"),
    ("To ask the Secretary of State for Housing, Communities and Local Government, What proportion of the (a) "
     "Children’s Social Care Prevention Grant", "What proportion of the (a) Children’s Social Care Prevention Grant"),
    ("To ask the Secretary of State for Education, If he will make it his policy to ban meat products from all "
     "schools", "If he will make it his policy to ban meat products from…"),
    # a list item right after the comma
    ("To ask the Secretary of State for Work and Pensions, (a) what assessment he has made of the impact of "
     "increased employment costs", "(a) what assessment he has made of the impact of increased employment…"),
    # questions to a member who represents a body
    ("To ask the Member for South West Bedfordshire, representing the Church Commissioners, whether the Church has "
     "had discussions with the Government", "Whether the Church has had discussions with the Government"),
    ("To ask the hon. Member for Broxbourne, representing the House of Commons Commission, how many times pest "
     "control has been called", "How many times pest control has been called"),
    # no comma after the department
    ("To ask the Secretary of State for Science, Innovation and Technology when (a) CharcoalBlue in Southwark and "
     "(b) other firms", "When (a) CharcoalBlue in Southwark and (b) other firms"),
    # the API's own typo ("To the Secretary of State")
    ("To the Secretary of State for Science, Innovation and Technology, what steps her Department is taking to "
     "introduce skills retraining", "What steps her Department is taking to introduce skills retraining"),
    ("To ask the Minister for Women and Equalities, To ask the Minister for Women and Equalities, whether she had "
     "discussions", "Whether she had discussions"),
    ("To ask the Secretary of State for Education, a) whether\xa0Voluntary Controlled schools will be eligible",
     "a) whether Voluntary Controlled schools will be eligible"),
    # a comma later in the question must not be taken for the end of the formula
    ("To ask the Secretary of State for Education what steps she is taking to support children in care, and if "
     "she will publish", "What steps she is taking to support children in care, and if…"),
])
def test_derived_titles_of_real_question_texts(question, title):
    assert derive_title(question) == title


def test_old_name_of_a_renamed_department_follows_both_ids():
    # README: "Levelling Up" follows both of that ministry's ids
    ids, label = resolve_department("Levelling Up")
    assert ids == [7, 211]
    assert label == "Ministry of Housing, Communities and Local Government"
    ids, _ = resolve_department("levelling up, housing")
    assert ids == [7, 211]


def _table(tmp_path):
    from corpus.api import members

    members.merge({
        "140": {"name": "Margaret Hodge", "list_as": "Hodge, Dame Margaret", "house": "Commons"},
        "4362": {"name": "Edward Argar", "list_as": "Argar, Edward", "house": "Commons"},
    }, tmp_path)


def test_member_names_match_whole_words_not_the_inside_of_another_name(tmp_path):
    from corpus.api.watches import resolve_member

    _table(tmp_path)
    # "argar" is inside "mARGARet": it must not match Margaret Hodge
    assert resolve_member("argar", tmp_path) == (4362, "Edward Argar")
    assert resolve_member("marg hodge", tmp_path) == (140, "Margaret Hodge")


def test_a_watch_on_a_member_id_is_described_once_and_by_name_once_known(tmp_path):
    from corpus.api.watches import make_watch

    w = make_watch("m", members=["4362"], root=tmp_path)
    assert w.describe(tmp_path) == "member id 4362"
    _table(tmp_path)
    assert w.describe(tmp_path) == "member Edward Argar"
    d = make_watch("d", departments=["9999"], root=tmp_path)
    assert "9999" in d.describe(tmp_path) and "not in parlread's table" in d.describe(tmp_path)


def test_a_party_from_the_members_table_is_marked_as_the_party_when_fetched():
    """The API gives a member's party today; on a 2023 record that is inferred, and must say so."""
    from pathlib import Path

    from corpus.formats.parliament_json import name_members
    from corpus.loader import load

    fix = Path(__file__).resolve().parents[1] / "fixtures" / "api" / "questions.jsonl"
    corpus = load([fix])
    table = {"4362": {"name": "Edward Argar", "party": "Conservative", "house": "Commons"}}
    name_members(corpus.records, table)
    argar = [r for r in corpus.records if r.extra.get("answering_member_id") == 4362]
    assert argar
    for r in argar:
        assert r.answered_by_party == "Conservative"
        note = r.field_notes["answered_by_party"]
        assert "members table" in note and "not necessarily" in note
