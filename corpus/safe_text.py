"""Make untrusted document text safe to put on a terminal.

``printable(text)`` returns the text with every character that a terminal
would act on (rather than draw) replaced by a visible stand-in:

* C0 controls except ``\\n`` and ``\\t`` (NUL, BEL, BS, CR, ESC, …) become
  the Unicode "control pictures" ``␀ ␇ ␈ ␍ ␛ …`` (one cell wide, like the
  character they stand for);
* DEL becomes ``␡``;
* C1 controls (U+0080–U+009F, e.g. the one-byte CSI U+009B) become
  ``\\x9b``-style escapes (there are no pictures for them);
* bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
  U+061C) become markers such as ``⟨U+202E⟩`` so they cannot reorder what
  follows them on screen ("Trojan Source").

Everything else — letters in any script, emoji, ``[bold]`` (which is *not*
markup to this module; render with ``markup=False`` / ``rich.text.Text``) —
is returned unchanged.  Text with nothing to replace is returned as is (the
same object), after one fast regex scan.

No Textual import here: the CLI and the app both use it.
"""

from __future__ import annotations

import re

__all__ = ["printable", "has_unsafe", "json_safe", "BIDI_CONTROLS", "UNSAFE_RE"]

BIDI_CONTROLS = (
    "\u061c"  # ARABIC LETTER MARK
    "\u200e\u200f"  # LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
)


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x20):
        if cp in (0x09, 0x0A):  # tab and newline are layout, not commands
            continue
        table[cp] = chr(0x2400 + cp)  # ␀ … ␟ (␛ for ESC)
    table[0x7F] = "\u2421"  # ␡
    for cp in range(0x80, 0xA0):
        table[cp] = f"\\x{cp:02x}"
    for ch in BIDI_CONTROLS:
        table[ord(ch)] = f"⟨U+{ord(ch):04X}⟩"
    return table


_TABLE = _build_table()
UNSAFE_RE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_TABLE)) + "]")


def has_unsafe(text: str) -> bool:
    """True when ``printable(text)`` would change the text."""
    return UNSAFE_RE.search(text) is not None


def printable(text: str) -> str:
    """The text with terminal controls and bidi controls made visible (see module doc)."""
    if UNSAFE_RE.search(text) is None:
        return text
    return text.translate(_TABLE)


def json_safe(json_text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with every
    character ``printable`` would replace written as a ``\\uXXXX`` escape:
    the same JSON value, but nothing a terminal acts on (DEL, C1, bidi)."""
    if UNSAFE_RE.search(json_text) is None:
        return json_text
    return UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
