"""reconcile never gives one person's role or party to another (QA).

Found on ../shared/data (TheyWorkForYou 2009-10-28): the Lords written statement
"Constitutional Reform and Governance Bill: Framework Powers", made by Lord Davies of
Oldham, was shown "inferred: answered by role = The Secretary of State for Wales" — taken
from the Commons copy of the same statement, made by Peter Hain.  A role or party belongs
to the member who holds it.
"""

from __future__ import annotations

from collate_fixtures import PRISON
from corpus.model import make_record
from corpus.versions import reconcile


def _rec(key, **meta):
    return make_record([("body", p) for p in PRISON], natural_key=key, kind="written statement", **meta)


def test_a_role_is_not_inferred_for_a_different_member():
    lords = _rec("lords", house="Lords", answered_by="Lord Davies of Oldham")
    commons = _rec("commons", house="Commons", answered_by="Peter Hain",
                   answered_by_role="The Secretary of State for Wales", answered_by_party="Labour", department="WALES")
    got = reconcile([lords, commons])
    assert "answered_by_role" not in got.get(lords.id, {})
    assert "answered_by_party" not in got.get(lords.id, {})
    assert got[lords.id]["department"].value == "WALES"  # the statement's department is shared


def test_a_role_comes_with_the_member_it_belongs_to():
    same = _rec("a", answered_by="Peter Hain")
    other = _rec("b", answered_by="Peter Hain", answered_by_role="The Secretary of State for Wales")
    assert reconcile([same, other])[same.id]["answered_by_role"].value == "The Secretary of State for Wales"
    # the member unknown here: the member and the role are inferred together, from the same version
    unknown = _rec("c")
    hain = _rec("d", answered_by="Peter Hain", answered_by_role="The Secretary of State for Wales")
    davies = _rec("e", answered_by="Lord Davies of Oldham", answered_by_role="Government Whip")
    got = reconcile([unknown, hain, davies])[unknown.id]
    assert (got["answered_by"].value, got["answered_by_role"].value) == ("Peter Hain", "The Secretary of State for Wales")
    assert got["answered_by_role"].from_record == got["answered_by"].from_record == hain.id
