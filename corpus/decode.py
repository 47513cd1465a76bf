"""Turn a file's bytes into text: BOMs, UTF-16/32, UTF-8, cp1252/Latin-1, mojibake, NULs.

Order of decisions (``decode(data) -> (text, encoding, warnings)``):

1. A byte-order mark decides: UTF-8 (``utf-8-sig``), UTF-32, UTF-16.
2. UTF-16 without a BOM is recognised by its NUL byte in every other byte
   (ASCII-range text); the side of the NULs gives the byte order.
3. Strict UTF-8.  Most files stop here.
4. Otherwise: if the file holds valid multi-byte UTF-8 *and* some invalid
   bytes, it is UTF-8 with stray legacy bytes pasted in; those bytes are read
   as cp1252 (one warning).  If it holds no valid multi-byte UTF-8,
   charset-normalizer picks among the Western single-byte encodings UK
   sources use (cp1252, Latin-1, Latin-9); unrestricted, it calls short
   English text "mac_iceland" or "cp1006".  Latin-1 is read as cp1252
   (as browsers do) so 0x92 is "’", not a C1 control.
5. Mojibake ("childrenâ€™s" → "children’s") is repaired with ftfy, but only
   its encoding fixes (curly quotes, ligatures and widths are left alone), and
   only when a cheap scan finds the tell-tale sequences, so big clean files
   never pay for ftfy.
6. NUL bytes left in text (a truncated write, a bad export) are removed with
   a warning.

charset-normalizer and ftfy are imported lazily, only when needed.
``looks_binary(data)`` decides whether bytes are text at all.
"""

from __future__ import annotations

import codecs
import re

# Byte strings that start common binary formats (text would never start so).
_BINARY_MAGIC = (
    b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"SQLite format 3\x00", b"\xca\xfe\xba\xbe",
    b"MZ", b"\xd0\xcf\x11\xe0", b"OggS", b"RIFF", b"ID3", b"\x00\x00\x01\x00", b"wOFF",
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

# Characters that mojibake of UTF-8 read as cp1252/Latin-1 starts with, then a
# continuation-range character: "â€™", "Ã©", "Â£".
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3\u00c5\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026"
    "\u2030\u2039\u203a\u20ac\u2122]"
)

# Encodings charset-normalizer may choose between when the file is not UTF-8.
WESTERN_ENCODINGS = ["cp1252", "latin_1", "iso8859_15"]


def _utf16_order(sample: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when the sample looks like BOM-less UTF-16 text."""
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) // 2 * 2]
    half = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd / half > 0.7 and even / half < 0.05:
        return "utf-16-le"
    if even / half > 0.7 and odd / half < 0.05:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we read.

    Text with a few NUL bytes is *not* binary (``decode`` strips them with a
    warning); a known binary signature, many NULs or many control bytes are.
    """
    if data.startswith(_BOMS):
        return False
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:8192]
    if not sample:
        return False
    if _utf16_order(sample):
        return False
    nul = sample.count(0)
    if nul / len(sample) > 0.1:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (0, 9, 10, 12, 13, 27))
    return control / len(sample) > (0.02 if nul else 0.05)


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: read the offending bytes as cp1252."""
    bad = err.object[err.start : err.end]
    return bytes(bad).decode("cp1252", errors="replace"), err.end


codecs.register_error("parlread-cp1252", _cp1252_fallback)


def _has_utf8_multibyte(data: bytes) -> bool:
    """True when data contains at least one valid multi-byte UTF-8 sequence."""
    return re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}", data) is not None


def _legacy_decode(data: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 bytes with charset-normalizer among Western encodings."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=WESTERN_ENCODINGS).best()
    enc = best.encoding if best is not None else "cp1252"
    if enc in ("latin_1", "iso8859_1", "ascii"):
        enc = "cp1252"  # Latin-1 labelled text is really cp1252 (WHATWG)
    enc = {"iso8859_15": "iso8859-15"}.get(enc, enc)
    try:
        return data.decode(enc), enc
    except UnicodeDecodeError:
        # cp1252 leaves 0x81 0x8D 0x8F 0x90 0x9D undefined: keep them as Latin-1
        return data.decode(enc, errors="replace"), enc


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Repair UTF-8-read-as-cp1252 mojibake with ftfy; (text, changed)."""
    if not _MOJIBAKE.search(text):
        return text, False
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    fixed = ftfy.fix_text(text, config)
    return fixed, fixed != text


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Return ``(text, encoding, warnings)``; warnings are one line each."""
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
        if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
            warnings.append("invalid UTF-8 bytes replaced with \ufffd")
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        text, enc = data.decode("utf-32", errors="replace"), "utf-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = data.decode("utf-16", errors="replace"), "utf-16"
    elif (order := _utf16_order(data[:8192])) is not None:
        text, enc = data.decode(order, errors="replace"), order
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if _has_utf8_multibyte(data):
                text, enc = data.decode("utf-8", errors="parlread-cp1252"), "utf-8"
                warnings.append("invalid UTF-8 bytes read as cp1252")
            else:
                text, enc = _legacy_decode(data)
                warnings.append(f"not UTF-8: decoded as {enc}")
    text, changed = repair_mojibake(text)
    if changed:
        warnings.append("mis-decoded characters (mojibake) repaired")
    if "\x00" in text:
        n = text.count("\x00")
        text = text.replace("\x00", "")
        warnings.append(f"{n} NUL byte{'s' if n != 1 else ''} removed")
    return text, enc, warnings
