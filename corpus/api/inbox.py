"""The inbox: records new or changed since you last marked it read, each with why.

State in ``follow/inbox.json``, shared by every session of the user: every
change is one locked read-modify-write (:mod:`corpus.api.state`).  Entries
carry a sequence number; marking read records the highest number *you saw*,
so an entry a concurrent fetch adds meanwhile stays unread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from corpus.api import state

FILE = "inbox.json"

NEW = "new"
ANSWERED = "answered"
CORRECTED = "corrected"
HOLDING = "holding answer"  # "an answer will follow": not an answer
HOLDING_REPLACED = "holding answer replaced"
CHANGED = "changed"
REASONS = (NEW, ANSWERED, CORRECTED, HOLDING, HOLDING_REPLACED, CHANGED)


@dataclass
class Entry:
    record_id: str
    key: str  # "wq:<question id>" or "ws:<statement id>"
    why: list[str]
    title: str | None
    date: str | None
    watch: str | None
    seq: int
    when: str

    def to_dict(self) -> dict[str, Any]:
        return {"record_id": self.record_id, "key": self.key, "why": list(self.why), "title": self.title,
                "date": self.date, "watch": self.watch, "seq": self.seq, "when": self.when}


def _default() -> dict:
    return {"version": 1, "seq": 0, "read_seq": 0, "entries": {}}


def _check(data: dict) -> str | None:
    for k in ("seq", "read_seq"):
        if k in data and not state.is_int(data[k]):
            return f"has “{k}” {data[k]!r}, not a number"
    entries = data.get("entries", {})
    if not isinstance(entries, dict):
        return "has “entries” that are not a table of records"
    for rid, e in entries.items():
        if not (isinstance(e, dict) and state.is_int(e.get("seq", 0)) and isinstance(e.get("why", []), list)
                and all(isinstance(w, str) for w in e.get("why", []))
                and all(state.opt_str(e.get(k)) for k in ("key", "title", "date", "watch", "when"))):
            return f"has an entry for “{rid}” of the wrong shape"
    return None


def add(changes: Iterable[dict[str, Any]], root: Path | None = None) -> int:
    """Add or update entries (``record_id``, ``key``, ``why``, ``title``, ``date``, ``watch``); one locked write.

    ``when`` (optional) is the start of the fetch that found the change, so that a
    fetch saved in several batches is listed as one (newest date first), not batch by batch.
    """
    changes = list(changes)
    if not changes:
        return 0
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")

    def apply(data: dict) -> None:
        entries = data.setdefault("entries", {})
        for c in changes:
            data["seq"] = int(data.get("seq", 0)) + 1
            old = entries.get(c["record_id"])
            why = list(old["why"]) if old and old.get("seq", 0) > data.get("read_seq", 0) else []
            if c["why"] not in why:
                why.append(c["why"])
            entries[c["record_id"]] = {
                "key": c["key"], "why": why, "title": c.get("title"), "date": c.get("date"),
                "watch": c.get("watch"), "seq": data["seq"], "when": c.get("when") or now,
            }

    state.update(FILE, _default, apply, root, check=_check)
    return len(changes)


def unread(root: Path | None = None) -> tuple[list[Entry], int]:
    """Unread entries, newest first, and the sequence number to pass to :func:`mark_read`."""
    data = state.load(FILE, _default, root, check=_check)
    read = int(data.get("read_seq", 0))
    out = []
    for rid, e in (data.get("entries") or {}).items():
        if not isinstance(e, dict) or int(e.get("seq", 0)) <= read:
            continue
        out.append(Entry(rid, e.get("key", ""), list(e.get("why") or []), e.get("title"), e.get("date"),
                         e.get("watch"), int(e.get("seq", 0)), e.get("when", "")))
    out.sort(key=lambda e: (e.when, e.date or "", e.seq), reverse=True)  # latest fetch first, newest date first within it
    return out, max((e.seq for e in out), default=read)


def unread_ids(root: Path | None = None) -> set[str]:
    try:
        return {e.record_id for e in unread(root)[0]}
    except state.StateError:
        return set()


def mark_read(upto: int | None = None, root: Path | None = None, ids: Iterable[str] | None = None) -> int:
    """Mark entries read: all up to sequence ``upto`` (everything when None), or only ``ids``.

    Read entries are dropped from the file.  Returns how many were marked.
    """
    marked = 0
    only = set(ids) if ids is not None else None
    if not (state.follow_dir(root) / FILE).exists():
        return 0

    def apply(data: dict) -> None:
        nonlocal marked
        entries = data.setdefault("entries", {})
        read = int(data.get("read_seq", 0))
        limit = int(data.get("seq", 0)) if upto is None else int(upto)
        for rid in list(entries):
            seq = int(entries[rid].get("seq", 0))
            if seq <= read:
                del entries[rid]
            elif seq <= limit and (only is None or rid in only):
                del entries[rid]
                marked += 1
        if only is None:
            data["read_seq"] = max(read, limit)

    state.update(FILE, _default, apply, root, check=_check)
    return marked
