"""W3C Web Annotation files given as a source: recognised and skipped.

``parlread export`` writes annotations as one W3C AnnotationCollection
(``.json``) or one Annotation per line (``.jsonl``); Hypothesis, Recogito
and other tools write similar files.  They hold notes, not parliamentary
records: loaded as text they became untitled records.  A file whose start
names the annotation vocabulary (``anno.jsonld``, ``"type": "Annotation…"``,
Hypothesis' ``export_userid``) and whose JSON holds annotations is skipped
with one warning that says how to import it: ``parlread import FILE``.

Tried before the Parliament API format (so an annotation that quotes an API
key never loads as a question) and never claims a file that is not JSON.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from corpus.formats.jsonshape import describe_error, is_annotations, looks_like_json, parse_json_or_lines, shape

if TYPE_CHECKING:
    from corpus.model import Record
    from corpus.source import Source

NAME = "w3c-annotations"
VERSION = 1

_SIGNS = re.compile(r'anno\.jsonld|"(?:@?type)"\s*:\s*\[?\s*"(?:oa:)?Annotation(?:Page|Collection)?"|"export_userid"\s*:')


def sniff(source: "Source") -> bool:
    head = source.text[:8192]
    return looks_like_json(head) and _SIGNS.search(head) is not None


def hint(path: str) -> str:
    from corpus.safe_text import printable

    return f"parlread import {_quote(printable(path))}"


def _quote(path: str) -> str:
    import shlex

    return shlex.quote(path)


def parse(source: "Source") -> list["Record"]:
    data, lines, err = parse_json_or_lines(source.text)
    if data is None and err is not None:
        source.warnings.append(
            f"skipped: looks like a W3C annotation file but is {describe_error(err, source.text)}; "
            f"annotations are imported with `{hint(source.path)}`, not opened as records")
        return []
    if is_annotations(data):
        n = _count(data, lines)
        what = f"{n} annotation{'s' if n != 1 else ''}" if n is not None else "annotations"
        source.warnings.append(
            f"skipped: a W3C annotation file ({what}), not parliamentary records; "
            f"to add its notes and tags to your store run `{hint(source.path)}`")
        return []
    source.warnings.append(
        f"skipped: mentions W3C annotations but holds {shape(data, lines)}, neither annotations nor parliamentary records")
    return []


def _count(data, lines: bool) -> int | None:
    if lines or isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        for key in ("total",):
            if isinstance(data.get(key), int):
                return data[key]
        first = data.get("first")
        if isinstance(first, dict) and isinstance(first.get("items"), list) and not first.get("next"):
            return len(first["items"])
        if isinstance(data.get("items"), list):
            return len(data["items"])
        if isinstance(data.get("annotations"), list):
            return len(data["annotations"])
        if data.get("type") in ("Annotation", "oa:Annotation") or "target" in data:
            return 1
    return None
