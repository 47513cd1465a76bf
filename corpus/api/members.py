"""The local members table: member id -> name, party, house, as the API gave them (never guessed).

Filled by ``parlread fetch`` from every expanded member object
(``askingMember``, ``answeringMember``, ``correctingMember``, ``member``) and
used at load time to name records that carry only ids
(:func:`corpus.formats.parliament_json.name_members`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

from corpus.api import state

FILE = "members.json"

_cache: dict[str, Any] = {}


def _entry(m: Any, house: str | None) -> dict | None:
    if not isinstance(m, dict) or m.get("id") is None or not m.get("name"):
        return None
    e = {"name": m["name"]}
    for src, dst in (("party", "party"), ("listAs", "list_as"), ("memberFrom", "member_from"), ("partyAbbreviation", "party_abbreviation")):
        if m.get(src):
            e[dst] = m[src]
    if house:
        e["house"] = house
    return e


def _check(table: dict) -> str | None:
    for mid, m in table.items():
        if not (isinstance(m, dict) and isinstance(m.get("name"), str) and all(isinstance(v, str) for v in m.values())):
            return f"has an entry for member “{mid}” of the wrong shape"
    return None


def members_in(value: dict) -> dict[str, dict]:
    """The named members of one API view model, by id."""
    out = {}
    house = value.get("house") if value.get("house") in ("Commons", "Lords") else None
    for key in ("askingMember", "answeringMember", "correctingMember", "member"):
        e = _entry(value.get(key), house)
        if e is not None:
            out[str(value[key]["id"])] = e
    return out


def merge(found: dict[str, dict], root: Path | None = None) -> int:
    """Add or refresh members in the table (one locked write); returns how many changed."""
    if not found:
        return 0
    changed = 0

    def apply(table: dict) -> None:
        nonlocal changed
        for mid, e in found.items():
            if table.get(mid) != {**table.get(mid, {}), **e}:
                table[mid] = {**table.get(mid, {}), **e}
                changed += 1

    table = state.load(FILE, dict, root, check=_check)
    if all(table.get(mid) == {**table.get(mid, {}), **e} for mid, e in found.items()):
        return 0
    state.update(FILE, dict, apply, root, check=_check)
    return changed


def load_table(root: Path | None = None) -> dict[str, dict]:
    """The table ({} when there is none or it cannot be read), cached by file modification time."""
    try:
        path = state.follow_dir(root) / FILE
        st = path.stat()
    except OSError:
        return {}
    key = (str(path), st.st_mtime_ns, st.st_size)
    if _cache.get("key") != key:
        try:
            table = state.load(FILE, dict, root, check=_check)
        except state.StateError:
            table = {}
        _cache.update(key=key, table=table)
    return _cache["table"]


def find(query: str, root: Path | None = None) -> list[tuple[str, dict]]:
    """Members whose name (or "listAs") matches ``query``: exact first, else every word as a substring."""
    table = load_table(root)
    q = " ".join(query.casefold().split())
    exact = [(mid, m) for mid, m in table.items() if q in (m.get("name", "").casefold(), m.get("list_as", "").casefold())]
    if exact:
        return exact
    words = re.findall(r"\w+", q)

    def hit(m: dict) -> bool:
        # every word of the query starts a word of the name ("argar" is not inside "Margaret")
        have = re.findall(r"\w+", (m.get("name", "") + " " + m.get("list_as", "")).casefold())
        return all(any(h.startswith(w) for h in have) for w in words)

    return [(mid, m) for mid, m in table.items() if words and hit(m)]


def names(ids: Iterable[Any], root: Path | None = None) -> dict[str, str]:
    table = load_table(root)
    return {str(i): table[str(i)]["name"] for i in ids if str(i) in table}
