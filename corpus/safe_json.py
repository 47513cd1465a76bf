"""JSON from untrusted files: loads_bounded refuses nesting deeper than MAX_DEPTH (never a RecursionError)."""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64  # deeper JSON is refused (stored annotations are 6 levels deep)


def loads_bounded(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` that refuses (ValueError) JSON nested deeper than
    ``max_depth``, never raising RecursionError (a 100k-deep file)."""
    try:
        obj = json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if text.count("[") + text.count("{") > max_depth:
        brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
        depth = 0
        for ch in brackets:
            if ch in "[{":
                depth += 1
                if depth > max_depth:
                    raise ValueError(f"nested more than {max_depth} levels deep")
            else:
                depth -= 1
    return obj


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
