"""Speakers and names: a name with party, seat or role, speaker prefixes and speaker lines.

A name with party, seat or role ("Jane Smith (Labour - Somewhere)", "Name - Role"), speaker
prefixes ("Role (Name): …", "Name (Lab, DfE): …", "Mr. Coaker [holding answer 20 October]: …"), speaker lines
standing alone above a speech, and names run together with their party or role.  Nothing is guessed: what the line
does not state stays out."""

from __future__ import annotations

import re
from typing import Any

from corpus.extract.fields import match_label
from corpus.extract.vocab import DEPARTMENT_ABBREVIATIONS, PARTY_NAMES, PERSON, ROLE_START, ROLE_WORDS, party

# ---------------------------------------------------------------- speakers
_TURN = re.compile(r"(?:^|(?<=[.!?”’\"] ))(?P<x>[A-Z][^():.!?\n]{1,120}?) \((?P<y>[^()\n]{2,80}|[^()\n]{1,80}\([^()\n]{1,60}\)[^()\n]{0,40})\)(?: \((?P<z>[^()\n]{1,40})\))?:\s+")
_HOLDING_TURN = re.compile(r"^(?P<x>[A-Z][^():\[\]\n]{1,80}?)\s*\[holding answer (?P<d>[^\]]{3,40})\]\s*:\s+", re.I)
_BARE_TURN = re.compile(r"^(?P<x>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,5}):\s+(?=\S)")
_PORTRAIT = re.compile(r"^(?P<a>.+?) Portrait (?P<b>.+)$")
_DASH_SEP = re.compile(r"\s[-–—]\s")


_NAME_DASH_ROLE = re.compile(r"^(?P<n>[^()]+?)\s+[-–—]\s+(?P<r>.+)$")
_PARTS_SPLIT = re.compile(r"\s+[-–—]\s+|,\s*")
_A_LETTER = re.compile(r"[^\W\d_]")
_X_BRACKETS = re.compile(r"^(?P<x>[^()]{2,140}?)\s*\((?P<y>.+)\)$")


def _opening_bracket(v: str) -> int:
    """Index of the "(" that the final ")" of ``v`` closes, or -1."""
    depth = 0
    for i in range(len(v) - 1, -1, -1):
        c = v[i]
        if c == ")":
            depth += 1
        elif c == "(":
            depth -= 1
            if depth == 0:
                return i
    return -1


def person(value: str, side: str) -> dict[str, Any]:
    """A name with optional "(Party - Seat)", "(Seat, Party)", "(Role)" or " - Role"."""
    v = value.strip().strip(",;")
    info: dict[str, Any] = {}
    role = None
    m = _NAME_DASH_ROLE.match(v) if _DASH_SEP.search(v) else None
    if m and "(" not in m.group("n"):
        v, role = m.group("n").strip(), m.group("r").strip()
    brackets: list[str] = []
    while v.endswith(")"):
        i = _opening_bracket(v)
        if i < 0:
            break
        brackets.insert(0, v[i + 1 : -1].strip())
        v = v[:i].strip()
    name = v.strip() or None
    if role and role.startswith("The "):
        role = role[4:]
    for inner in brackets:
        parts = [p.strip() for p in _PARTS_SPLIT.split(inner) if p.strip()]
        found = None
        for p in parts:
            pty, given = party(p)
            if pty:
                found = (pty, given, p)
                break
        if found:
            info["party"], info["party_given"] = found[0], found[1]
            rest = [p for p in parts if p != found[2]]
            if rest:
                info["seat"] = ", ".join(rest)
        elif ROLE_WORDS.search(inner) or ROLE_START.match(inner):
            role = role or (inner[4:] if inner.startswith("The ") else inner)
        elif inner:
            info["seat"] = inner if "seat" not in info else info["seat"]
    if name and not _A_LETTER.search(name):
        name = None
    info["name"] = name
    if role:
        info["role"] = role
    return info


def speaker_turn(text: str, at_start: bool = True) -> tuple[dict[str, Any], int] | None:
    """(speaker info, end of the prefix) for "X (Y): …", "X [holding answer …]: …"."""
    m = _HOLDING_TURN.match(text)
    if m:
        return {"name": m.group("x").strip(), "holding_as_given": m.group("d").strip()}, m.end()
    m = _TURN.match(text) if at_start else None
    if m:
        info = turn_info(m)
        if info:
            return info, m.end()
    return None


def turn_info(m: re.Match[str]) -> dict[str, Any] | None:
    """Who speaks in a "X (Y): " turn, or None when it is not a speaker prefix."""
    x, y, z = m.group("x").strip(), m.group("y").strip(), (m.group("z") or "").strip()
    if ROLE_START.match(x) and not z:  # "Minister for Children, … (David Johnston):"
        role = x[4:] if x.startswith("The ") else x
        return {"name": y, "role": role}
    if z:  # "Name (Seat) (Party):"
        pty, given = party(z)
        if pty is None:
            return None
        return {"name": x, "party": pty, "party_given": given, "seat": y}
    parts = [p.strip() for p in y.split(",")]
    pty, given = party(parts[0])
    if pty is None:
        if len(parts) > 1 and party(parts[-1])[0]:  # "(Seat, Party)"
            pty, given = party(parts[-1])
            return {"name": x, "party": pty, "party_given": given, "seat": ", ".join(parts[:-1])}
        return None
    info: dict[str, Any] = {"name": x, "party": pty, "party_given": given}
    if len(parts) > 1:
        dept = ", ".join(parts[1:])
        info["department"] = DEPARTMENT_ABBREVIATIONS.get(dept, dept)
        info["department_given"] = dept if dept in DEPARTMENT_ABBREVIATIONS else None
    return info


def find_turns(text: str) -> list[tuple[re.Match[str], dict[str, Any]]]:
    """Every speaker prefix in a paragraph (statement digests run turns together)."""
    if len(text) > 200_000:
        m = _TURN.match(text[:400])
        info = turn_info(m) if m else None
        return [(m, info)] if m and info else []
    out = []
    for m in _TURN.finditer(text):
        info = turn_info(m)
        if info:
            out.append((m, info))
    return out


def bare_turn(text: str) -> tuple[dict[str, Any], int] | None:
    """"Maria Eagle: …" — a bare name before a colon (only where an answer or speech is due)."""
    m = _BARE_TURN.match(text)
    if not m:
        return None
    name = m.group("x").strip()
    if not PERSON.match(name) or match_label(name + ":") or len(name.split()) > 6:
        return None
    return {"name": name.rstrip(".") if name.endswith(".") and name.count(".") == 1 and len(name) > 4 and not re.match(r"^(Mr|Mrs|Ms|Dr)\.$", name) else name}, m.end()


def speaker_line(line: str) -> dict[str, Any] | None:
    """A speaker's line standing alone above the speech: "A Portrait B", "Name (Seat, Party)", "Role (Name)"."""
    if len(line) > 220 or line.endswith((".", ":", ";", ",", "?", "!")):
        return None
    pm = _PORTRAIT.match(line) if " Portrait " in line else None
    if pm:
        rest = pm.group("b").strip()
        info = _bracketed_speaker(rest) or {"name": rest}
        return info
    if not line.endswith(")"):
        return None
    return _bracketed_speaker(line)


_FULL_PARTIES = sorted((p for p in PARTY_NAMES if " " in p or len(p) > 5), key=len, reverse=True)
_FULL_PARTIES_T = tuple(_FULL_PARTIES)
# the words a role can start with (ROLE_START's first words): the role regex runs only from one of them
_ROLE_FIRST = frozenset(
    "The Parliamentary Deputy Chief Financial Economic Exchequer Home Foreign Shadow Senior Assistant Under-Secretary Under "
    "Secretary Minister Prime Chancellor Paymaster Leader Attorney Solicitor Advocate Advocate-General Lord Second Baroness "
    "Captain Whip Government Chair Chairman Speaker Spokesperson President".split())
_PARTY_IN_LINE = re.compile(" (" + "|".join(re.escape(p) for p in _FULL_PARTIES) + r")(?=,|$)")


def run_together_speaker(line: str) -> dict[str, Any] | None:
    """"Natascha Engel Labour, North East Derbyshire" / "Dawn Primarolo The Minister of State, …": no brackets."""
    if len(line) > 200 or line.endswith((".", ":", ";", "?", "!")):
        return None
    sp = line.find(" ")
    if sp < 1 or not (line[sp + 1 : sp + 2].isupper() or line[sp + 1 : sp + 4] in ("of ", "de ", "du ", "le ", "la ", "van", "von")):
        return None  # a name runs at least two capitalised words ("Dawn Primarolo …", "Lord Greaves …")
    k = line.find(" The ")
    if 3 < k < 60:
        name, role = line[:k], line[k + 5 :]
        if PERSON.match(name) and ROLE_START.match(role):
            return {"name": name, "role": role}
    words = line.split(" ")
    for n in (2, 3, 4):  # "Sarah Wollaston Chair, Health and Social Care Committee"
        if len(words) > n and words[n].rstrip(",;:.") in _ROLE_FIRST:
            name, role = " ".join(words[:n]), " ".join(words[n:])
            if ROLE_START.match(role) and PERSON.match(name) and not ROLE_START.match(name):
                return {"name": name, "role": role}
    m = _PARTY_IN_LINE.search(line) if ("," in line or line.endswith(_FULL_PARTIES_T)) else None
    if m is None or m.start() <= 3:
        return None
    name, seat = line[: m.start()], line[m.end() :].lstrip(", ").strip()
    if not PERSON.match(name):
        return None
    info: dict[str, Any] = {"name": name, "party": m.group(1), "party_given": None}
    if seat:
        info["seat"] = seat
    return info


def _bracketed_speaker(line: str) -> dict[str, Any] | None:
    m = _X_BRACKETS.match(line)
    if not m:
        return {"name": line} if PERSON.match(line) else None
    x = m.group("x").strip()
    if ROLE_START.match(x) and PERSON.match(m.group("y").strip()) and " " in m.group("y").strip():
        return {"name": m.group("y").strip(), "role": x[4:] if x.startswith("The ") else x}
    if not PERSON.match(x) and _DASH_SEP.search(x) is None:
        return None  # the name before the brackets (or before " - Role") must read as a name
    info = person(line, "answered_by")
    if info.get("name") and PERSON.match(info["name"]) and (info.get("party") or info.get("role")):
        return info
    return None
