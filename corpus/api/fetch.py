"""Run watches: list what changed, fetch full text, write records into the managed library, fill the inbox.

Each fetched record is one line of a shard in the library
(:mod:`corpus.api.shards`: ``<library>/files/api-wq-1678xxx.jsonl``), the
detail endpoint's answer with members expanded, written with the library's
atomic durable write.  A record fetched
again with new content replaces its file in place (same record id: notes
re-anchor); a correction keeps the earlier answer text beside it
(``_parlread.previousAnswerText``) when the API gives no original, so
``versions`` and ``compare`` show the pair.

Crash safety: per batch (100 detail calls or 2 seconds), the inbox entries are written first, then the record
files, then ``follow/index.json`` (the list-endpoint signature of each
record, so an unchanged record costs no detail call), and a watch's marks
only once all of its queries finished.  Killed at any moment, the next run
redoes at most one batch and ends with every record once and nothing missing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from corpus.api import inbox, members, state
from corpus.api.client import STATEMENTS, ApiError, Client, Offline, PageCap
from corpus.api.shards import Shards, encode, shard_path
from corpus.api.watches import Watch, load_watches, save_marks

INDEX = "index.json"
BATCH = 100  # detail calls between two saves at most...
FLUSH_SECONDS = 2.0  # ...and at most this long: a killed run redoes little, a fast one writes little

Progress = Callable[[str, int, int], None]  # (watch, records done, records expected)


@dataclass
class WatchReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    synced: bool = False
    error: str | None = None
    requests: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "synced": self.synced, "error": self.error, "requests": self.requests}


@dataclass
class FetchReport:
    watches: dict[str, WatchReport] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(w.new for w in self.watches.values())

    @property
    def updated(self) -> int:
        return sum(w.updated for w in self.watches.values())

    @property
    def unchanged(self) -> int:
        return sum(w.unchanged for w in self.watches.values())

    @property
    def failed(self) -> int:
        return sum(1 for w in self.watches.values() if not w.synced)

    def to_dict(self) -> dict[str, Any]:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged, "failed": self.failed,
                "watches": {n: w.to_dict() for n, w in self.watches.items()}}

    def summary(self) -> str:
        s = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"
        return s + (f", {self.failed} watch{'es' if self.failed != 1 else ''} failed" if self.failed else "")


# ---- files and signatures ----------------------------------------------------
def record_id(key: str) -> str:
    from corpus.model import record_id_for

    kind, _, ident = key.partition(":")
    return record_id_for(f"uk-parliament-{kind}:{int(ident)}", ())


def signature(value: dict) -> str:
    """What the list endpoint shows of a record, members left out (they do not change the text)."""
    v = {k: x for k, x in value.items() if not k.endswith("Member") and k != "member"}
    return hashlib.sha1(json.dumps(v, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def _answered(v: dict) -> bool:
    return bool(v.get("dateAnswered") or v.get("answerText"))


def why_changed(old: dict | None, new: dict) -> str:
    """Why a record is in the inbox, from its stored and its fetched view model."""
    if old is None:
        return inbox.NEW
    if "questionText" in new or "dateTabled" in new:
        if new.get("answerIsCorrection") and (not old.get("answerIsCorrection") or old.get("dateAnswerCorrected") != new.get("dateAnswerCorrected")):
            return inbox.CORRECTED
        if old.get("answerIsHolding") and not new.get("answerIsHolding") and _answered(new):
            return inbox.HOLDING_REPLACED
        if new.get("answerIsHolding") and not old.get("answerIsHolding"):
            return inbox.HOLDING
        if not _answered(old) and _answered(new):
            return inbox.ANSWERED
        return inbox.CHANGED
    types = {l.get("linkType") for l in new.get("linkedStatements") or [] if isinstance(l, dict)}
    old_types = {l.get("linkType") for l in old.get("linkedStatements") or [] if isinstance(l, dict)}
    if "CorrectedStatement" in types - old_types:
        return inbox.CORRECTED
    return inbox.CHANGED


def stored_form(detail: dict, old: dict | None) -> dict:
    """The file content for a fetched record: the detail response, plus the earlier answer of a correction."""
    out: dict[str, Any] = {"value": detail["value"], "links": detail.get("links") or [], "_parlread": {"detail": True}}
    v = detail["value"]
    prev = (old or {}).get("_parlread", {}).get("previousAnswerText")
    if v.get("answerIsCorrection") and not (v.get("originalAnswerText") or "").strip():
        ov = (old or {}).get("value") or {}
        if ov.get("answerText") and ov.get("answerText") != v.get("answerText") and not ov.get("answerIsCorrection"):
            prev = ov["answerText"]
    if prev:
        out["_parlread"].update(previousAnswerText=prev,
                                note="the answer text as fetched before the API marked this answer corrected")
    return out


def _day(v: Any) -> str | None:
    return v[:10] if isinstance(v, str) and len(v) >= 10 else None


# ---- one watch -----------------------------------------------------------------
class _Run:
    def __init__(self, client: Client, root: Path, progress: Progress | None) -> None:
        self.client = client
        self.root = root
        self.progress = progress
        self.index: dict[str, str] = state.load(INDEX, dict, root, check=state.str_map)
        self.shards = Shards(root)
        self._done = self._base = self._expected = 0  # progress of the current watch
        self.done_keys: set[str] = set()  # written or checked in this run (by any watch)
        self.started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")  # one inbox time per run

    def watch(self, w: Watch) -> WatchReport:
        rep = WatchReport()
        before = self.client.stats.requests
        marks = dict(w.marks)
        resume = dict(marks.get("resume") or {})
        maxima = dict(marks.get("pending") or {})
        seen: set[str] = set()
        self._done = self._base = self._expected = 0
        try:
            for label, path, params in w.queries():
                if resume.get(label) == "done":
                    continue
                skip = int(resume.get(label) or 0)
                kind = "ws" if path == STATEMENTS else "wq"
                try:
                    q_total = 0
                    for results, total, nxt in self.client.pages(path, params, skip=skip):
                        q_total = total
                        self._expected = self._base + total
                        self._page(w, kind, results, rep, seen, maxima)
                        self._tick(w.name, 0)
                        skip = nxt
                    self._base += q_total
                except PageCap as cap:
                    resume[label] = cap.skip
                    save_marks(w.name, {**w.marks, "resume": resume, "pending": maxima}, self.root)
                    raise
                resume[label] = "done"
        except Offline:
            raise
        except (ApiError, state.StateError, OSError) as exc:
            rep.error = str(exc)
            rep.requests = self.client.stats.requests - before
            return rep
        new_marks = {k: v for k, v in marks.items() if k not in ("resume", "pending")}
        for k, v in maxima.items():
            if v and (not new_marks.get(k) or v > new_marks[k]):
                new_marks[k] = v
        new_marks["synced"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        save_marks(w.name, new_marks, self.root)
        w.marks = new_marks
        rep.synced = True
        rep.requests = self.client.stats.requests - before
        return rep

    def _tick(self, name: str, n: int) -> None:
        self._done += n
        if self.progress:
            self.progress(name, self._done, max(self._expected, self._done))

    def _page(self, w: Watch, kind: str, results: list[dict], rep: WatchReport, seen: set[str], maxima: dict) -> None:
        todo: list[tuple[str, str]] = []
        found_members: dict[str, dict] = {}
        for item in results:
            v = item.get("value") if isinstance(item.get("value"), dict) else item
            if not isinstance(v, dict) or not isinstance(v.get("id"), int):
                continue
            key = f"{kind}:{v['id']}"
            for mk, field_ in (("tabled", "dateTabled"), ("answered", "dateAnswered"), ("corrected", "dateAnswerCorrected"), ("made", "dateMade")):
                d = _day(v.get(field_))
                if d and (not maxima.get(mk) or d > maxima[mk]):
                    maxima[mk] = d
            found_members.update(members.members_in(v))
            if key in seen:
                continue
            seen.add(key)
            sig = signature(v)
            if key in self.done_keys or (self.index.get(key) == sig and self.shards.has(key)):
                rep.unchanged += 1
                self._done += 1
                continue
            todo.append((key, sig))
        self._store(w, todo, rep, found_members)

    def restore(self) -> int:
        """Fetch again the records of shards that were damaged (set aside) or deleted; no inbox entries."""
        paths: dict[Path, list[str]] = {}
        for key in self.index:
            paths.setdefault(shard_path(self.root, key), []).append(key)
        keys = [k for path, ks in paths.items() if path in self.shards.bad or not path.exists() for k in ks
                if not self.shards.has(k)]
        if keys:
            self._store(Watch(name="(restore)"), [(k, self.index[k]) for k in keys], WatchReport(), {}, quiet=True)
        return len(keys)

    def _store(self, w: Watch, todo: list[tuple[str, str]], rep: WatchReport, found_members: dict[str, dict],
               linked_ok: bool = True, quiet: bool = False) -> None:
        pending = _Pending(found_members, rep)
        linked: list[str] = []
        try:
            self._details(w, todo, pending, linked, linked_ok, quiet)
        except (ApiError, state.StateError, OSError):
            # what was fetched before the failure is good: save it (and count it), then report the failure
            self._flush(pending)
            raise
        linked = [k for k in dict.fromkeys(linked) if k not in self.done_keys]
        if linked:
            # a linked statement (a correction, the other House's copy) becomes a version in the library
            self._store(w, [(k, "") for k in linked], rep, {}, linked_ok=False)

    def _details(self, w: Watch, todo: list[tuple[str, str]], pending: "_Pending", linked: list[str],
                 linked_ok: bool, quiet: bool) -> None:
        for key, sig in todo:
            kind, _, ident = key.partition(":")
            detail = self.client.statement(int(ident)) if kind == "ws" else self.client.question(int(ident))
            v = detail["value"]
            if v.get("id") != int(ident):
                raise ApiError(f"asked for {key.replace(':', ' ')}, the API answered with id {v.get('id')!r}; not stored")
            self._tick(w.name, 1)
            pending.members.update(members.members_in(v))
            old = self.shards.get(key)
            data = encode(stored_form(detail, old))
            pending.sigs[key] = sig
            if self.shards.line(key) == data:
                pending.counts["unchanged"] += 1
            else:
                why = why_changed(old["value"] if old else None, v)
                pending.counts["new" if why == inbox.NEW else "updated"] += 1
                if not quiet:
                    pending.changes.append({
                        "record_id": record_id(key), "key": key, "why": why,
                        "title": v.get("heading") or v.get("title") or _short(v.get("questionText")),
                        "date": _day(v.get("dateAnswerCorrected") or v.get("dateAnswered") or v.get("dateTabled") or v.get("dateMade")),
                        "watch": w.name, "when": self.started})
                pending.writes.append((key, data))
                if kind == "ws" and linked_ok:
                    for link in v.get("linkedStatements") or []:
                        lid = link.get("linkedStatementId") if isinstance(link, dict) else None
                        if isinstance(lid, int) and f"ws:{lid}" not in self.done_keys and not self.shards.has(f"ws:{lid}"):
                            linked.append(f"ws:{lid}")
            if len(pending.sigs) >= BATCH or time.monotonic() - pending.since >= FLUSH_SECONDS:
                self._flush(pending)
        self._flush(pending)

    def _flush(self, p: "_Pending") -> None:
        """Inbox first, then the records, then the index: a crash in between redoes, never loses.

        Only a saved batch counts (new / updated / unchanged) and marks its records done for this run.
        """
        inbox.add(p.changes, self.root)
        for key, data in p.writes:
            self.shards.put(key, data)
        self.shards.flush()
        if p.sigs:
            sigs = dict(p.sigs)

            def apply(index: dict) -> None:
                index.update(sigs)
            self.index = state.update(INDEX, dict, apply, self.root, check=state.str_map)
        members.merge(p.members, self.root)
        self.done_keys.update(p.sigs)
        for k, n in p.counts.items():
            setattr(p.rep, k, getattr(p.rep, k) + n)
        p.reset()


class _Pending:
    """What one batch has fetched and not yet saved."""

    def __init__(self, found_members: dict[str, dict], rep: WatchReport) -> None:
        self.rep = rep
        self.members = dict(found_members)
        self.reset()
        self.members = dict(found_members)

    def reset(self) -> None:
        self.members: dict[str, dict] = {}
        self.changes: list[dict[str, Any]] = []
        self.writes: list[tuple[str, bytes]] = []
        self.sigs: dict[str, str] = {}
        self.counts = {"new": 0, "updated": 0, "unchanged": 0}
        self.since = time.monotonic()


def _short(text: Any) -> str | None:
    from corpus.formats.parliament_json import derive_title

    return derive_title(text)


# ---- all watches -----------------------------------------------------------------
def fetch(names: list[str] | None = None, *, root: Path | None = None, client: Client | None = None,
          base: str | None = None, rate: float = 5.0, max_pages: int = 500, retries: int = 4,
          progress: Progress | None = None) -> FetchReport:
    """Run the named watches (all when none); :class:`Offline` when the API cannot be reached at all."""
    root = state.library_root(root)
    watches = load_watches(root)
    if names:
        missing = [n for n in names if n not in watches]
        if missing:
            raise state.StateError("no watch called " + ", ".join(f"“{n}”" for n in missing)
                                   + (f" (you have: {', '.join(sorted(watches))})" if watches else " (add one with `parlread watch add`)"))
        chosen = [watches[n] for n in names]
    else:
        # the watch synced longest ago (or never) first: with a page cap, every watch gets its turn
        chosen = sorted(watches.values(), key=lambda w: str(w.marks.get("synced") or ""))
    report = FetchReport()
    if not chosen:
        return report
    own = client is None
    client = client or Client(base, rate=rate, max_pages=max_pages, retries=retries)
    try:
        run = _Run(client, root, progress)
        capped = False
        for w in chosen:
            if client.stats.pages >= client.max_pages:
                # the earlier watches used this run's pages: this one waits for the next run
                capped = True
                report.watches[w.name] = WatchReport(
                    error=f"not run: this run reached the cap of {client.max_pages} list pages; run fetch again to continue")
                continue
            report.watches[w.name] = run.watch(w)
        if not capped:
            try:
                n = run.restore()
                if n:
                    report.problems.append(f"fetched {n} records again whose library file was damaged or deleted")
            except (ApiError, state.StateError, OSError) as exc:
                report.problems.append(f"could not fetch again the records of a damaged or deleted library file: {exc}")
        report.problems += run.shards.problems
    finally:
        if own:
            client.close()
    return report
