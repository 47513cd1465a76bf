"""Corpus: the loaded records, their warnings, and look-ups by id."""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus.model import LoadWarning, Passage, Record


@dataclass
class Corpus:
    records: list[Record] = field(default_factory=list)
    warnings: list[LoadWarning] = field(default_factory=list)
    _by_id: dict[str, Record] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self._by_id = {r.id: r for r in self.records}

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    def record(self, record_id: str) -> Record | None:
        return self._by_id.get(record_id)

    def passage(self, passage_id: str) -> tuple[Record, Passage] | None:
        # A passage id is "<record id>.<hash>[~n]" (corpus.model.make_record): its record is
        # found by id, and only records whose id starts the passage id are looked into (no map
        # of every passage: records decoded from the cache read their passages when asked)
        rec = self._by_id.get(passage_id.split(".", 1)[0])
        cands = [rec] if rec is not None else [r for r in self.records if passage_id.startswith(r.id)]
        for r in cands:
            for p in r.passages:
                if p.id == passage_id:
                    return r, p
        if rec is not None:
            for r in self.records:
                if r is not rec and passage_id.startswith(r.id):
                    for p in r.passages:
                        if p.id == passage_id:
                            return r, p
        return None

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
