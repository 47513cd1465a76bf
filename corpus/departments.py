"""Department names: one spelling per department (case and known renames), the original kept.

Sources name one department many ways: the API's ``answeringBodyName``
("Department for Levelling Up, Housing and Communities"), a TheyWorkForYou
major heading ("COMMUNITIES AND LOCAL GOVERNMENT").  :func:`normalise` gives
the name a researcher filters by — the department's current name when it was
*renamed* (not merged or split: those keep their own name) — and
:func:`apply_department` records the original in ``extra["department_original"]``
with a field note, so nothing is hidden.  The API's answering-body ids live in
``corpus/api/departments.json`` (built from the id/name pairs in the data).
"""

from __future__ import annotations

import re

_SMALL = {"and", "of", "for", "the", "in", "on", "to"}

# A heading or short form -> the department's full name at the time.
SHORT_FORMS = {
    "justice": "Ministry of Justice",
    "work and pensions": "Department for Work and Pensions",
    "transport": "Department for Transport",
    "home department": "Home Office",
    "health": "Department of Health",
    "communities and local government": "Department for Communities and Local Government",
    "northern ireland": "Northern Ireland Office",
    "international development": "Department for International Development",
    "energy and climate change": "Department of Energy and Climate Change",
    "defence": "Ministry of Defence",
    "children, schools and families": "Department for Children, Schools and Families",
    "foreign and commonwealth affairs": "Foreign and Commonwealth Office",
    "environment food and rural affairs": "Department for Environment, Food and Rural Affairs",
    "environment, food and rural affairs": "Department for Environment, Food and Rural Affairs",
    "culture media and sport": "Department for Culture, Media and Sport",
    "culture, media and sport": "Department for Culture, Media and Sport",
    "business, innovation and skills": "Department for Business, Innovation and Skills",
    "business, enterprise and regulatory reform": "Department for Business, Enterprise and Regulatory Reform",
    "wales": "Wales Office",
    "scotland": "Scotland Office",
    "education": "Department for Education",
    "treasury": "Treasury",
    "hm treasury": "Treasury",
}

# Known renames (old full name -> current name), each with when it happened.
RENAMES = {
    "Department for Children, Schools and Families": ("Department for Education", "renamed in 2010"),
    "Department of Health": ("Department of Health and Social Care", "renamed in 2018"),
    "Department for Communities and Local Government": ("Ministry of Housing, Communities and Local Government", "renamed in 2018"),
    "Department for Levelling Up, Housing and Communities": ("Ministry of Housing, Communities and Local Government", "renamed in 2024"),
    "Department for Digital, Culture, Media and Sport": ("Department for Culture, Media and Sport", "renamed in 2023"),
    "Women and Equality": ("Women and Equalities", "the current name"),
}

_WS = re.compile(r"\s+")


def _title_case(name: str) -> str:
    words = name.lower().split(" ")
    out = []
    for i, w in enumerate(words):
        if i and w in _SMALL:
            out.append(w)
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(out)


def normalise(name: str | None) -> tuple[str | None, str | None]:
    """``(name to show and filter by, why it differs)``; ``why`` is ``None`` when unchanged."""
    if name is None:
        return None, None
    clean = _WS.sub(" ", name).strip()
    if not clean:
        return None, None
    reasons = []
    out = clean
    if not any(c.islower() for c in clean) and any(c.isupper() for c in clean):
        out = _title_case(clean)
        reasons.append("case")
    full = SHORT_FORMS.get(out.casefold())
    if full and full != out:
        out = full
        reasons.append("short form")
    for _ in range(3):  # a chain of renames
        if out not in RENAMES:
            break
        out, when = RENAMES[out]
        reasons.append(f"{when}")
    if out == name:
        return out, None
    return out, ", ".join(reasons) if reasons else "spacing"


def apply_department(name: str | None, extra: dict, notes: dict) -> str | None:
    """Normalise ``name`` for a record: returns the name, keeps the original in ``extra`` and says why in ``notes``."""
    out, why = normalise(name)
    if why is not None and name is not None:
        extra["department_original"] = name
        notes["department"] = f"normalised from the source's “{name}” ({why})"
    return out
