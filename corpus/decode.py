"""Turn a file's bytes into text: BOMs, UTF-16, UTF-8, cp1252/Latin-1, mojibake.

(First version; the loader owns reading, this owns decoding.)
"""

from __future__ import annotations


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we read."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        # UTF-16 without BOM has a NUL in every other byte
        even = sample[0::2].count(0)
        odd = sample[1::2].count(0)
        half = len(sample) // 2 or 1
        if max(even, odd) / half > 0.3 and min(even, odd) / half < 0.05:
            return False
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(sample) > 0.1


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Return (text, encoding, warnings)."""
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", warnings
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16", warnings
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    warnings.append("not UTF-8: decoded as cp1252")
    return text, "cp1252", warnings
