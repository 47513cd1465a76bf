"""Format detection by content (never by file extension or libmagic).

Each format module has ``NAME``, ``sniff(source) -> bool`` and
``parse(source) -> list[Record]``.  They are tried in the order of
``FORMAT_MODULES``: most specific first, the plain-text fallback last.
Modules are imported lazily so that start-up only pays for what it uses.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.model import Record
    from corpus.source import Source

FORMAT_MODULES = (
    "corpus.formats.w3c_export",  # annotation files: skipped with how to import them
    "corpus.formats.parliament_json",
    "corpus.formats.twfy_xml",
    "corpus.formats.other_json",  # JSON no format above claimed: broken or of another shape, skipped
    "corpus.formats.html",
    "corpus.formats.markdown",
    "corpus.formats.plaintext",
)


def _modules() -> list[ModuleType]:
    mods = []
    for name in FORMAT_MODULES:
        try:
            mods.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:  # a format not written yet
            if exc.name != name:
                raise
    return mods


def detect(source: "Source") -> ModuleType | None:
    for mod in _modules():
        if mod.sniff(source):
            return mod
    return None


def parse(source: "Source") -> tuple[str | None, list["Record"]]:
    """Parse a source with the first format that claims it."""
    mod = detect(source)
    if mod is None:
        return None, []
    return mod.NAME, mod.parse(source)
