"""Shard files inside a transaction: read fresh under their locks, written once.

``Transaction`` (made by ``AnnotationStore.transaction``) holds the shards
parsed INSIDE their locks; every change is made to those fresh copies and
each changed shard is written once when the transaction ends.
"""

from __future__ import annotations

import copy
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from annotations.storage import CorruptFile, StoreError
from annotations.validate import problem as doc_problem

TABLE = "annotations"
SHARD_DIGITS = 3


@dataclass
class _Change:
    label: str
    pairs: list[tuple[dict | None, dict | None]]  # (before, after) per annotation


def shard_name(record_id: str) -> str:
    return hashlib.sha1(record_id.encode("utf-8", "surrogatepass")).hexdigest()[:SHARD_DIGITS]


def _parse_table(path: Path, raw: dict) -> tuple[dict, list[dict], int]:
    """(the raw annotations table, its well-formed docs, number of malformed)."""
    table = raw.get(TABLE, {})
    if not isinstance(table, dict):
        kind = "an array" if isinstance(table, list) else type(table).__name__
        raise CorruptFile(path, f'its "{TABLE}" table is {kind}, not an object')
    docs = [d for d in table.values() if doc_problem(d) is None]
    return table, docs, len(table) - len(docs)


class _Shard:
    """One shard as read inside its lock."""

    def __init__(self, name: str, path: Path, raw: dict | None):
        self.name, self.path = name, path
        self.raw = raw if raw is not None else {}
        self.table, docs, self.bad = _parse_table(path, self.raw)
        good = {id(d) for d in docs}  # validated once, in _parse_table
        self.key_of = {d["id"]: k for k, d in self.table.items() if id(d) in good}
        self.dirty = False

    def get(self, ann_id: str) -> dict | None:
        k = self.key_of.get(ann_id)
        return self.table[k] if k is not None else None

    def docs(self) -> list[dict]:
        return [self.table[k] for k in self.key_of.values()]

    def put(self, doc: dict) -> None:
        k = self.key_of.get(doc["id"])
        if k is None:
            n = uuid.UUID(doc["id"]).int >> 70 if _is_uuid(doc["id"]) else len(self.table) + 1
            while str(n) in self.table:
                n += 1
            k = str(n)
            self.key_of[doc["id"]] = k
        self.table[k] = copy.deepcopy(doc)
        self.dirty = True

    def remove(self, ann_id: str) -> bool:
        k = self.key_of.pop(ann_id, None)
        if k is None:
            return False
        del self.table[k]
        self.dirty = True
        return True


class Transaction:
    """Fresh shards under their locks (from ``AnnotationStore.transaction``)."""

    def __init__(self, shards: dict[str, _Shard]):
        self.shards = shards
        self._order: list[str] = []

    def has(self, name: str) -> bool:
        return name in self.shards

    def find(self, ann_id: str) -> dict | None:
        """The freshest copy of ``ann_id`` in the locked shards (None: not there)."""
        best = None
        for sh in self.shards.values():
            d = sh.get(ann_id)
            if d is not None and (best is None or _freshness(d) > _freshness(best)):
                best = d
        return copy.deepcopy(best) if best is not None else None

    def docs(self, record_id: str | None = None) -> list[dict]:
        if record_id is not None:
            sh = self.shards[shard_name(record_id)]
            return [copy.deepcopy(d) for d in sh.docs() if d["anchor"]["source"] == record_id]
        return [copy.deepcopy(d) for sh in self.shards.values() for d in sh.docs()]

    def put(self, doc: dict) -> None:
        """Insert or replace ``doc`` in its record's shard (which must be
        locked) and drop any other copy of it from the other locked shards."""
        name = shard_name(doc["anchor"]["source"])
        if name not in self.shards:
            raise RuntimeError(f"shard {name} is not locked in this transaction")
        self.shards[name].put(doc)
        self._touch(name)
        for other, sh in self.shards.items():
            if other != name and sh.remove(doc["id"]):
                self._touch(other)

    def remove(self, ann_id: str) -> bool:
        hit = False
        for name, sh in self.shards.items():
            if sh.remove(ann_id):
                self._touch(name)
                hit = True
        return hit

    def _touch(self, name: str) -> None:
        if name not in self._order:
            self._order.append(name)  # first changed = first written (a move writes the new copy first)


def _chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _is_uuid(s: str) -> bool:
    try:
        uuid.UUID(s)
        return True
    except ValueError:
        return False


def _freshness(d: dict) -> tuple[str, str]:
    return (d.get("modified") or "", (d.get("anchor") or {}).get("at") or "")


def _dedupe(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for t in items:
        if t not in out:
            out.append(t)
    return out


MAX_LOCKED = 256  # shards locked at once by one transaction (file descriptors)


def newer_wins(old: dict | None, doc: dict) -> dict | None:
    """The default merge rule: a new id, or a newer ``modified``, is stored."""
    if old is None or (old != doc and (old.get("modified") or "") < (doc.get("modified") or "")):
        return doc
    return None


def merge_docs(store, docs: list[dict], resolve: Callable[[dict | None, dict], dict | None] = newer_wins) -> dict[str, tuple[str, dict | None]]:
    """Merge stored-shape annotation objects by id (the write of a W3C
    import).  ``resolve(fresh stored copy or None, incoming)`` says what to
    store (None: keep the stored one); it runs INSIDE the locks of every
    shard involved, on data read there (at most MAX_LOCKED shards per
    transaction).  Returns {id: (outcome, doc stored)}, outcome "added",
    "updated", "unchanged" or an error message."""
    out: dict[str, tuple[str, dict | None]] = {}
    for d in docs:
        if (why := doc_problem(d)) is not None:
            raise ValueError(f"annotation {str(d.get('id') if isinstance(d, dict) else '?')[:40]}: {why}")
    where = {d["id"]: n for n in store._names() for d in store._read_shard(n)}
    groups: dict[str, list[dict]] = {}
    for d in docs:
        groups.setdefault(shard_name(d["anchor"]["source"]), []).append(d)
    for chunk in _chunks(sorted(groups), MAX_LOCKED):
        batch = [d for n in chunk for d in groups[n]]
        names = set(chunk) | {where[d["id"]] for d in batch if d["id"] in where}
        for _attempt in range(6):
            try:
                with store.transaction(shards=names) as tx:
                    # a copy in a shard we do not hold (moved meanwhile): retry holding it too
                    elsewhere = {store._locate(d["id"]) for d in batch if tx.find(d["id"]) is None} - {None} - names
                    if elsewhere:
                        names |= elsewhere
                        continue
                    result: dict[str, tuple[str, dict | None]] = {}
                    for d in batch:
                        old = tx.find(d["id"])
                        new = resolve(old, d)
                        if new is None or new == old:
                            if d["id"] not in result:
                                result[d["id"]] = ("unchanged", None)
                            continue
                        need = shard_name(new["anchor"]["source"])
                        if need not in names:
                            names.add(need)
                            raise _Retry
                        tx.put(new)
                        first = result.get(d["id"], (None,))[0]
                        result[d["id"]] = ("added" if old is None or first == "added" else "updated", new)
                out.update(result)
                break
            except _Retry:
                continue  # nothing was written: the transaction is left by the exception
            except StoreError as exc:
                out.update({d["id"]: (str(exc), None) for d in batch})
                break
    return out


class _Retry(Exception):
    """Leave a transaction without writing, to retry it holding more locks."""
