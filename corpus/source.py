"""Source: one input file's bytes and decoded text, handed to a format parser."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Source:
    path: str  # as the user gave it (or relative to the directory walked)
    data: bytes  # the raw bytes
    text: str  # decoded text (mojibake repaired where possible)
    encoding: str  # the encoding used to decode ``data``
    warnings: list[str] = field(default_factory=list)  # one-line problems found
