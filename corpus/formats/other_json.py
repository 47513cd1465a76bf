"""JSON that is not a format parlread reads: reported and skipped.

Tried after the Parliament API and W3C formats, before Markdown and plain
text: a source that starts as JSON does (:func:`corpus.formats.jsonshape.looks_like_json`)
but that no JSON format claimed is either broken — a cut-off download, a
``{broken`` file — or JSON of another shape.  Loaded as text it became a
record of braces and quotes; now it gets one warning (where the JSON breaks,
as line and column, or what shape it has) and no record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.formats.jsonshape import describe_error, looks_like_json, parse_json_or_lines, shape

if TYPE_CHECKING:
    from corpus.model import Record
    from corpus.source import Source

NAME = "json"
VERSION = 1

READS = "parlread reads the UK Parliament written questions/statements API's JSON"


def sniff(source: "Source") -> bool:
    return looks_like_json(source.text[:256])


def parse(source: "Source") -> list["Record"]:
    data, lines, err = parse_json_or_lines(source.text)
    if data is None:
        assert err is not None
        enc = "" if source.encoding.replace("_", "-").lower() in ("utf-8", "utf-8-sig", "ascii") else f" (read as {source.encoding})"
        source.warnings.append(f"skipped: {describe_error(err, source.text)}{enc}")
        return []
    source.warnings.append(f"skipped: JSON of a shape parlread does not read ({shape(data, lines)}); {READS}")
    return []
