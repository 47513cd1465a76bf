"""Fetched records in the managed library: JSON Lines shards of up to 1,000 API ids each.

``<library>/files/api-wq-1678xxx.jsonl`` holds questions 1678000–1678999 (and
``api-ws-…`` statements), one detail response per line, sorted by id, each
``{"value", "links", "_parlread": {"detail": true, ...}}``.  One file per
record would cost one fsync per record (about 9 ms each here: 2,000 records,
18 s); a shard is rewritten whole with the library's atomic durable write,
once per batch that touches it.  A record keeps its shard for life, so an
update replaces it in place (same record id, same source file: notes
re-anchor).  A shard that is not valid JSON Lines is moved aside (a dot
name, so the loader skips it), reported, and its records fetched again.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from corpus.api import state

PER_SHARD = 1000


def shard_path(root: Path, key: str) -> Path:
    from corpus.dirs import files_dir

    kind, _, ident = key.partition(":")
    return files_dir(root) / f"api-{kind}-{int(ident) // PER_SHARD}xxx.jsonl"


def encode(item: dict) -> bytes:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Shards:
    """Read-through cache of shards; :meth:`put` then :meth:`flush` writes the touched ones."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._shards: dict[Path, dict[str, bytes]] = {}
        self._dirty: set[Path] = set()
        self._puts: dict[Path, dict[str, bytes]] = {}  # what this run wrote, by shard (merged at flush)
        self.problems: list[str] = []
        self.bad: set[Path] = set()  # shards set aside in this run

    def _load(self, path: Path, kind: str) -> dict[str, bytes]:
        if path in self._shards:
            return self._shards[path]
        lines = self._read(path, kind)
        self._shards[path] = lines
        return lines

    def _read(self, path: Path, kind: str) -> dict[str, bytes]:
        """The records of a shard on disk; a damaged shard is moved aside (and reported), giving {}."""
        lines: dict[str, bytes] = {}
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raw = b""
        bad = False
        for line in raw.splitlines():
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                lines[f"{kind}:{int(item['value']['id'])}"] = line
            except (ValueError, KeyError, TypeError):
                bad = True
        if bad:
            aside = path.with_name(f".{path.name}.unreadable-{time.strftime('%Y%m%d%H%M%S')}")
            os.replace(path, aside)
            self.bad.add(path)
            self.problems.append(f"{path.name} had lines that are not records; kept as {aside.name}, its records are fetched again")
            lines = {}
        return lines

    def line(self, key: str) -> bytes | None:
        return self._load(shard_path(self.root, key), key.partition(":")[0]).get(key)

    def get(self, key: str) -> dict | None:
        raw = self.line(key)
        return json.loads(raw) if raw is not None else None

    def has(self, key: str) -> bool:
        return self.line(key) is not None

    def put(self, key: str, data: bytes) -> None:
        path = shard_path(self.root, key)
        self._load(path, key.partition(":")[0])[key] = data
        self._puts.setdefault(path, {})[key] = data
        self._dirty.add(path)

    def flush(self) -> int:
        """Write every touched shard (atomic, durable); returns how many files were written."""
        n = 0
        if not self._dirty:
            return 0
        # Another session (a second fetch, the app) may have written the same shard since this run
        # read it: under the follow lock, re-read it and lay this run's records over it, so neither
        # session's records are lost.
        with state.locked(self.root):
            for path in sorted(self._dirty):
                kind = path.name.split("-")[1]
                lines = self._read(path, kind)
                lines.update(self._puts.pop(path, {}))
                self._shards[path] = lines
                body = b"\n".join(lines[k] for k in sorted(lines, key=lambda k: int(k.partition(":")[2]))) + b"\n"
                state.write_atomic(path, body)
                n += 1
        self._dirty.clear()
        return n
