"""The names the pages use: parties, departments, Secretaries of State, roles, the shape of a person's name.

Parties and their abbreviations, departments and theirs, the Secretaries of State's titles, the words a ministerial
role starts with.  Data and one-line look-ups only."""

from __future__ import annotations

import re

PARTY_ABBREVIATIONS = {
    "Lab": "Labour", "Con": "Conservative", "LD": "Liberal Democrat", "LDem": "Liberal Democrat",
    "CB": "Crossbench", "Bp": "Bishops", "Non-Afl": "Non-affiliated", "Ind": "Independent",
    "SNP": "Scottish National Party", "DUP": "Democratic Unionist Party", "PC": "Plaid Cymru",
    "UUP": "Ulster Unionist Party", "GP": "Green Party", "Lab Co-op": "Labour (Co-op)",
    "Lab/Co-op": "Labour (Co-op)", "Green": "Green Party", "SF": "Sinn Féin", "Alba": "Alba Party",
    "Reform": "Reform UK", "RUK": "Reform UK", "APNI": "Alliance",
}
PARTY_NAMES = frozenset(PARTY_ABBREVIATIONS.values()) | {
    "Liberal Democrats", "Reform UK", "Sinn Féin", "SDLP", "Alliance", "Speaker", "Labour Co-op",
    "Labour/Co-operative", "Conservative and Unionist", "Crossbencher", "Social Democratic & Labour Party",
    "Social Democratic and Labour Party", "Independent Social Democrat", "Traditional Unionist Voice",
    "Deputy Speaker", "Lord Speaker", "Bishop", "Liberal Democrat",
}
DEPARTMENT_ABBREVIATIONS = {
    "DfE": "Department for Education", "DHSC": "Department of Health and Social Care",
    "DWP": "Department for Work and Pensions", "HMT": "HM Treasury", "MoD": "Ministry of Defence",
    "FCDO": "Foreign, Commonwealth and Development Office", "HO": "Home Office", "MoJ": "Ministry of Justice",
    "DfT": "Department for Transport", "DESNZ": "Department for Energy Security and Net Zero",
    "Defra": "Department for Environment, Food and Rural Affairs", "DEFRA": "Department for Environment, Food and Rural Affairs",
    "DCMS": "Department for Culture, Media and Sport", "DBT": "Department for Business and Trade",
    "DSIT": "Department for Science, Innovation and Technology",
    "MHCLG": "Ministry of Housing, Communities and Local Government",
    "DLUHC": "Department for Levelling Up, Housing and Communities", "CO": "Cabinet Office",
    "FCO": "Foreign and Commonwealth Office", "DfID": "Department for International Development", "DFID": "Department for International Development",
    "DECC": "Department of Energy and Climate Change", "GEO": "Government Equalities Office", "AGO": "Attorney General's Office",
    "DCLG": "Department for Communities and Local Government", "DfES": "Department for Education and Skills",
    "NIO": "Northern Ireland Office", "OAG": "Attorney General's Office",
    "DCSF": "Department for Children, Schools and Families", "DH": "Department of Health",
    "BIS": "Department for Business, Innovation and Skills", "CLG": "Department for Communities and Local Government",
}
SECRETARY_OF_STATE_DEPARTMENTS = {
    "Education": "Department for Education",
    "Health and Social Care": "Department of Health and Social Care",
    "Work and Pensions": "Department for Work and Pensions",
    "Transport": "Department for Transport",
    "Defence": "Ministry of Defence",
    "Justice": "Ministry of Justice",
    "the Home Department": "Home Office",
    "Foreign, Commonwealth and Development Affairs": "Foreign, Commonwealth and Development Office",
    "Culture, Media and Sport": "Department for Culture, Media and Sport",
    "Environment, Food and Rural Affairs": "Department for Environment, Food and Rural Affairs",
    "Business and Trade": "Department for Business and Trade",
    "Energy Security and Net Zero": "Department for Energy Security and Net Zero",
    "Science, Innovation and Technology": "Department for Science, Innovation and Technology",
    "Housing, Communities and Local Government": "Ministry of Housing, Communities and Local Government",
    "Levelling Up, Housing and Communities": "Department for Levelling Up, Housing and Communities",
    "Children, Schools and Families": "Department for Children, Schools and Families",
    "Health": "Department of Health",
    "Communities and Local Government": "Department for Communities and Local Government",
    "Northern Ireland": "Northern Ireland Office",
    "Scotland": "Scotland Office",
    "Wales": "Wales Office",
}

ROLE_START = re.compile(
    r"^(?:The )?(?:Parliamentary |Deputy |Chief |Financial |Economic |Exchequer |Home |Foreign |Shadow |Senior |Assistant )?"
    r"(?:Under[- ]Secretary|Secretary|Minister|Prime Minister|Chancellor|Paymaster General|Leader of the House"
    r"|Attorney General|Solicitor General|Advocate[- ]General|Lord Privy Seal|Second Church Estates Commissioner"
    r"|Lord (?:Chancellor|President|in Waiting|Speaker)|Baroness in Waiting|Captain of|Whip|Government Whip|Chair(?:man)?"
    r"|Deputy Speaker|Speaker|Spokesperson|President of)\b"
)
ROLE_WORDS = re.compile(
    r"\b(?:Minister|Secretary|Chancellor|Whip|Leader of|Attorney|Solicitor General|Advocate|Commissioner|Spokesperson"
    r"|Privy Seal|in Waiting|Paymaster|Chair(?:man)?|Speaker|Shadow|Treasurer|Comptroller)\b"
)
_TITLE_WORD = r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness|Viscount|Earl|Countess|Duke|Bishop|The Lord|The Baroness|The Earl|The Lord Bishop|Rt Hon|Professor)\.?"
_NAME_WORD = r"[A-Z][\w'’.-]*"
PERSON = re.compile(rf"^(?:{_TITLE_WORD}\s+)?{_NAME_WORD}(?:\s+(?:of|de|du|van|von|le|la|and|{_NAME_WORD})){{0,6}}$")


def party(value: str) -> tuple[str | None, str | None]:
    """(party, given-as) for a party name or abbreviation; (None, None) if not a party."""
    v = value.strip()
    if v in PARTY_ABBREVIATIONS:
        return PARTY_ABBREVIATIONS[v], v
    if v in PARTY_NAMES:
        return v, None
    return None, None


def sos_department(text: str) -> tuple[str, str] | None:
    """("Children, Schools and Families", its department) from "To ask the Secretary of State for …, …"."""
    if not text.startswith("To ask the Secretary of State for "):
        return None
    rest = text[len("To ask the Secretary of State for ") : 200]
    for name in sorted(SECRETARY_OF_STATE_DEPARTMENTS, key=len, reverse=True):
        if rest.startswith(name) and rest[len(name) : len(name) + 1] in (",", " ", ";", ""):
            return name, SECRETARY_OF_STATE_DEPARTMENTS[name]
    return None
