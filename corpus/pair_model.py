"""A version pair and its kinds: the model shared by detection (corpus.shingles) and storage (corpus.pairs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

VERSION = "version"  # near-duplicate: Jaccard >= threshold
PART = "part"  # one record (mostly) inside the other
CORRECTION = "correction"  # an answer and its original (pre-correction) text


@dataclass(slots=True, frozen=True)
class VersionPair:
    a: str  # record id
    b: str
    similarity: float  # Jaccard of the shingle sets
    a_covered: float  # share of A's shingles found in B
    b_covered: float  # share of B's shingles found in A
    kind: str = VERSION

    def other(self, record_id: str) -> str:
        return self.b if record_id == self.a else self.a

    def covered(self, record_id: str) -> float:
        """Share of ``record_id``'s text that the other side also has."""
        return self.a_covered if record_id == self.a else self.b_covered

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "similarity": round(self.similarity, 4),
            "a_covered": round(self.a_covered, 4),
            "b_covered": round(self.b_covered, 4),
            "kind": self.kind,
        }
