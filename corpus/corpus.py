"""Corpus: the loaded records, their warnings, and look-ups by id."""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus.model import LoadWarning, Passage, Record


@dataclass
class Corpus:
    records: list[Record] = field(default_factory=list)
    warnings: list[LoadWarning] = field(default_factory=list)
    _by_id: dict[str, Record] = field(default_factory=dict, repr=False)
    _passages: dict[str, tuple[Record, Passage]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self._by_id = {r.id: r for r in self.records}
        self._passages = None

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    def record(self, record_id: str) -> Record | None:
        return self._by_id.get(record_id)

    def passage(self, passage_id: str) -> tuple[Record, Passage] | None:
        if self._passages is None:
            self._passages = {p.id: (r, p) for r in self.records for p in r.passages}
        return self._passages.get(passage_id)

    def resolve(self, ident: str) -> Record | tuple[Record, Passage] | None:
        """A record or passage by full id or unique id prefix (as typed in the CLI)."""
        if ident in self._by_id:
            return self._by_id[ident]
        hit = self.passage(ident)
        if hit:
            return hit
        recs = [r for r in self.records if r.id.startswith(ident)]
        if len(recs) == 1:
            return recs[0]
        return None
