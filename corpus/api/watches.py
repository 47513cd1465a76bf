"""Watches (saved searches on the Parliament API): model, name resolution, storage, queries.

A watch follows questions and/or statements filtered by departments (the
API's answering-body ids), members, a search term, a House and a range of the
date tabled (statements: the date made).  Stored in ``follow/watches.json``
with per-watch high-water marks (``marks``) over the dates tabled, answered,
corrected and made, so a later fetch asks only for what changed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from corpus.api import state
from corpus.api.client import QUESTIONS, STATEMENTS
from corpus.departments import normalise

FILE = "watches.json"
KINDS = ("questions", "statements", "all")
HOUSES = ("Commons", "Lords")
_NAME = re.compile(r"^[\w][\w .:+-]{0,63}$")


class WatchError(ValueError):
    """A watch definition the user must fix (message is for the user)."""


@dataclass
class Watch:
    name: str
    departments: list[int] = field(default_factory=list)
    department_names: list[str] = field(default_factory=list)
    members: list[int] = field(default_factory=list)
    member_names: list[str] = field(default_factory=list)
    search: str | None = None
    house: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    kind: str = "all"
    marks: dict[str, Any] = field(default_factory=dict)
    created: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Watch":
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        return cls(**known)

    def describe(self, root: Path | None = None) -> str:
        parts = []
        if self.kind != "all":
            parts.append(self.kind)
        if self.departments:
            parts.append("department " + ", ".join(self.department_names or map(str, self.departments)))
        if self.members:
            from corpus.api.members import names

            known = names(self.members, root)  # a member given by id is named once a fetch has seen them
            parts.append("member " + ", ".join(known.get(str(m)) or f"id {m}" for m in self.members))
        if self.search:
            parts.append(f"search “{self.search}”")
        if self.house:
            parts.append(self.house)
        if self.date_from or self.date_to:
            parts.append(f"tabled {self.date_from or '…'} to {self.date_to or '…'}")
        return "; ".join(parts) or "everything"

    # ---- the API queries of one run -------------------------------------------
    def base_params(self) -> dict[str, Any]:
        p: dict[str, Any] = {"expandMember": "true"}
        if self.departments:
            p["answeringBodies"] = list(self.departments)
        if self.members:
            p["members"] = list(self.members)
        if self.search:
            p["searchTerm"] = self.search
        if self.house:
            p["house"] = self.house
        return p

    def queries(self) -> list[tuple[str, str, dict[str, Any]]]:
        """``(label, endpoint, params)`` for this run, from the watch and its marks.

        First run: everything in range.  Later runs: questions tabled since the
        tabled mark (when the range is still open), answered since the answered
        mark, corrected since the corrected mark (every correction in range when
        none was seen yet: they are rare), statements made since the made mark.
        Marks are dates and the API's date filters are inclusive, so the mark's
        own day is asked again: nothing that day is missed (it comes back unchanged).
        """
        m = self.marks
        out: list[tuple[str, str, dict[str, Any]]] = []
        base = self.base_params()
        rng: dict[str, Any] = {}
        if self.date_from:
            rng["tabledWhenFrom"] = self.date_from
        if self.date_to:
            rng["tabledWhenTo"] = self.date_to
        if self.kind in ("questions", "all"):
            first = not m.get("synced")
            if first:
                out.append(("tabled", QUESTIONS, {**base, **rng}))
            else:
                t = m.get("tabled")
                if not (self.date_to and t and t > self.date_to):
                    frm = max(filter(None, (self.date_from, t)), default=None)
                    out.append(("tabled", QUESTIONS, {**base, **rng, **({"tabledWhenFrom": frm} if frm else {})}))
                ans: dict[str, Any] = {"answered": "Answered"}
                if m.get("answered"):
                    ans["answeredWhenFrom"] = m["answered"]
                out.append(("answered", QUESTIONS, {**base, **rng, **ans}))
                cor: dict[str, Any] = {"correctedWhenFrom": m.get("corrected") or "1900-01-01"}
                out.append(("corrected", QUESTIONS, {**base, **rng, **cor}))
        if self.kind in ("statements", "all"):
            sp = {k: v for k, v in base.items()}
            made_from = max(filter(None, (self.date_from, m.get("made"))), default=None)
            if made_from:
                sp["madeWhenFrom"] = made_from
            if self.date_to:
                sp["madeWhenTo"] = self.date_to
            if not (self.date_to and m.get("made") and m["made"] > self.date_to and m.get("synced")):
                out.append(("statements", STATEMENTS, sp))
        return out


# ---- names -> ids -----------------------------------------------------------
@lru_cache(maxsize=1)
def bodies() -> dict[int, str]:
    """Answering-body id -> name, shipped in ``corpus/api/departments.json``."""
    path = Path(__file__).resolve().parent / "departments.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {int(k): v for k, v in data["bodies"].items()}


def resolve_department(text: str) -> tuple[list[int], str]:
    """Ids and a label for ``--department`` (a name, part of one, an old name, or an id)."""
    t = text.strip()
    if t.isdigit():
        return [int(t)], bodies().get(int(t), f"answering body {t} (not in parlread's table of departments)")
    want, _ = normalise(t)
    table = {i: normalise(n)[0] or n for i, n in bodies().items()}
    exact = sorted(i for i, n in table.items() if want and n.casefold() == want.casefold())
    if exact:
        return exact, table[exact[0]]
    words = re.findall(r"\w+", t.casefold())

    def has_words(name: str) -> bool:
        return bool(words) and all(w in re.findall(r"\w+", name.casefold()) for w in words)

    # part of the current name, or of the name an id had (an old name: "Levelling Up")
    hits = sorted(i for i, n in table.items() if has_words(n) or has_words(bodies()[i]))
    names = sorted({table[i] for i in hits})
    if len(names) == 1:
        # a renamed department: every id it had
        return sorted(i for i, n in table.items() if n == names[0]), names[0]
    if not names:
        raise WatchError(f"no department matches “{t}”; give its answering-body id, or one of: " + ", ".join(sorted(set(table.values()))))
    raise WatchError(f"“{t}” matches several departments: " + "; ".join(names))


def resolve_member(text: str, root: Path | None = None) -> tuple[int, str]:
    t = text.strip()
    if t.isdigit():
        from corpus.api.members import names

        return int(t), names([t], root).get(t, f"id {t}")
    from corpus.api.members import find

    hits = find(t, root)
    if len(hits) == 1:
        return int(hits[0][0]), hits[0][1]["name"]
    if not hits:
        raise WatchError(f"no member called “{t}” in your members table (it fills as you fetch); give the member's id instead")
    raise WatchError(f"“{t}” matches several members: " + "; ".join(f"{m['name']} ({mid})" for mid, m in hits[:10]))


def parse_date(text: str | None, flag: str) -> str | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise WatchError(f"{flag} wants a date like 2024-01-31, not “{text}”") from None


def make_watch(name: str, *, departments: list[str] = (), members: list[str] = (), search: str | None = None,
               house: str | None = None, date_from: str | None = None, date_to: str | None = None,
               kind: str = "all", root: Path | None = None) -> Watch:
    if not _NAME.match(name or ""):
        raise WatchError(f"a watch name is letters, digits, spaces and . : + - (up to 64), not “{name}”")
    if kind not in KINDS:
        raise WatchError(f"--kind is one of {', '.join(KINDS)}")
    if house is not None:
        match = [h for h in HOUSES if h.casefold() == house.strip().casefold()]
        if not match:
            raise WatchError("--house is Commons or Lords")
        house = match[0]
    w = Watch(name=name, kind=kind, house=house, search=(search.strip() or None) if search else None,
              date_from=parse_date(date_from, "--from"), date_to=parse_date(date_to, "--to"))
    if w.date_from and w.date_to and w.date_from > w.date_to:
        raise WatchError(f"--from {w.date_from} is after --to {w.date_to}")
    for d in departments:
        ids, label = resolve_department(d)
        for i in ids:
            if i not in w.departments:
                w.departments.append(i)
        w.department_names.append(label)
    for m in members:
        mid, label = resolve_member(m, root)
        if mid not in w.members:
            w.members.append(mid)
            w.member_names.append(label)
    w.created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    return w


# ---- storage ----------------------------------------------------------------
def _default() -> dict:
    return {"version": 1, "watches": {}}


def _check(data: dict) -> str | None:
    ws = data.get("watches", {})
    if not isinstance(ws, dict):
        return "has “watches” that are not a table of watches"
    for n, w in ws.items():
        ok = (isinstance(w, dict)
              and all(isinstance(w.get(k, []), list) and all(state.is_int(i) for i in w.get(k, []))
                      for k in ("departments", "members"))
              and all(isinstance(w.get(k, []), list) and all(isinstance(i, str) for i in w.get(k, []))
                      for k in ("department_names", "member_names"))
              and all(state.opt_str(w.get(k)) for k in ("name", "search", "house", "date_from", "date_to", "created"))
              and w.get("kind", "all") in KINDS and w.get("house") in (None, *HOUSES)
              and isinstance(w.get("marks", {}), dict))
        if not ok:
            return f"has a watch “{n}” of the wrong shape"
    return None


def load_watches(root: Path | None = None) -> dict[str, Watch]:
    data = state.load(FILE, _default, root, check=_check)
    raw = data.get("watches") if isinstance(data.get("watches"), dict) else {}
    return {n: Watch.from_dict(w) for n, w in raw.items() if isinstance(w, dict)}


def add_watch(w: Watch, root: Path | None = None, *, replace: bool = False) -> None:
    def apply(data: dict) -> None:
        ws = data.setdefault("watches", {})
        if w.name in ws and not replace:
            raise WatchError(f"a watch called “{w.name}” exists already (remove it first)")
        ws[w.name] = w.to_dict()

    state.update(FILE, _default, apply, root, check=_check)


def remove_watch(name: str, root: Path | None = None) -> None:
    def apply(data: dict) -> None:
        ws = data.setdefault("watches", {})
        if name not in ws:
            raise WatchError(f"no watch called “{name}”")
        del ws[name]

    state.update(FILE, _default, apply, root, check=_check)


def save_marks(name: str, marks: dict[str, Any], root: Path | None = None) -> None:
    """Store a watch's marks (only if the watch still exists: removed meanwhile means removed)."""
    def apply(data: dict) -> None:
        w = data.setdefault("watches", {}).get(name)
        if isinstance(w, dict):
            w["marks"] = marks

    state.update(FILE, _default, apply, root, check=_check)
