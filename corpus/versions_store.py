"""Saved version pairs: a warm start loads the corpus-wide pairs instead of re-detecting them.

One file per collection (the set of source directories) under
``$PARLREAD_CACHE/versions`` (or the user cache dir; ``PARLREAD_CACHE=off``
disables it), written with :func:`corpus.atomic.atomic_write`.  Layout::

    MAGIC (8) | header length (4, LE) | header JSON | payload | crc32 of everything before (4, LE)

The header holds the format number, the *fingerprint* (BLAKE2b over the
detection code, the thresholds and every record's id and text, in corpus
order: any changed, added, removed or re-ordered record changes it), the
record, pair and distinct-figure counts.  The payload is the table of
distinct figures (float64), then the pairs in list order as little-endian
arrays: record numbers a and b (uint32), similarity, a_covered, b_covered
(uint32 indices into the table) and the kind (uint8: version or part).  Nothing is unpickled: a file that is truncated, fails its checksum,
has the wrong fingerprint, or holds out-of-range numbers is ignored (and
recomputed over), never trusted.  Pair ids are the records' own id strings,
and equal figures share one float object, as in the computed pairs.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import threading
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from corpus.atomic import atomic_write
from corpus.model import Record
from corpus.versions import PART, VERSION, VersionGroup, VersionPair, find_pairs, find_versions

if TYPE_CHECKING:
    from corpus.pairs import Pairs

FORMAT = 2
MAGIC = b"PRVERS02"
KINDS = (VERSION, PART)
ENV = "PARLREAD_CACHE"
# per pair: record numbers, the three figures as indices into the table of distinct figures, the kind
_SECTIONS = (("a", "<u4"), ("b", "<u4"), ("similarity", "<u4"), ("a_covered", "<u4"), ("b_covered", "<u4"), ("kind", "u1"))


def store_dir() -> Path | None:
    """``$PARLREAD_CACHE/versions`` or the user cache dir's; ``None`` when caching is off."""
    env = os.environ.get(ENV)
    if env is not None and env.strip().lower() in ("", "0", "off", "no", "none", "false"):
        return None
    if env:
        return Path(env).expanduser() / "versions"
    import platformdirs

    return Path(platformdirs.user_cache_dir("parlread")) / "versions"


def _code_hash() -> bytes:
    """The detection code itself: editing corpus/versions.py invalidates every saved file."""
    from corpus import shingle_verify, shingles, stock_text, versions

    try:  # the engine too: its thresholds and rules decide the pairs as much as versions.py does
        code = b"".join(Path(m.__file__).read_bytes() for m in (versions, shingles, shingle_verify, stock_text))
        return hashlib.blake2b(code, digest_size=16).digest()
    except OSError:
        return b"?"


def fingerprint(records: list[Record], threshold: float, containment: float) -> str:
    """What the pairs depend on: the detection code, the thresholds, ids and texts in order."""
    h = hashlib.blake2b(digest_size=20)
    h.update(_code_hash())
    h.update(f"{FORMAT}|{threshold!r}|{containment!r}|{len(records)}\0".encode())
    for r in records:
        h.update(r.id.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
        for p in r.passages:  # = r.text, without building the joined string
            h.update(p.text.encode("utf-8", "surrogatepass"))
            h.update(b"\n\n")
        h.update(b"\1")
    return h.hexdigest()


def file_for(records: list[Record], base: Path) -> Path:
    """One file per collection: the sorted set of the records' source directories."""
    files = {r.source_file for r in records if r.source_file}
    dirs = sorted({os.path.dirname(os.path.abspath(f)) for f in files})
    name = hashlib.sha1("\n".join(dirs).encode("utf-8")).hexdigest()[:16]
    return base / f"versions-{name}.bin"


def encode(records: list[Record], pairs: "Pairs | Iterable[VersionPair]", fp: str) -> bytes | None:
    """The file's bytes, or None when a pair cannot be stored (unknown id or kind)."""
    data = _encode(records, pairs, fp)
    return None if data is None else bytes(data)


def _encode(records: list[Record], pairs: "Pairs | Iterable[VersionPair]", fp: str) -> bytearray | None:
    """:func:`encode` written into one buffer of the file's size: each section is
    copied in once (joining ``tobytes()`` copies took four times the file, ~60 MB at 100k)."""
    import numpy as np

    from corpus.pairs import as_pairs

    ids = [r.id for r in records]
    table = as_pairs(pairs, ids)
    m = len(table)
    if len(table.ids) != len(ids) or (m and int(table.kind.max()) >= len(KINDS)):
        return None  # an id that is not a record's (it was appended), or a correction pair
    if m and not bool((np.diff(table.figures) > 0).all()):
        table = as_pairs(list(table), ids)  # figures not a sorted table of distinct values: renumber
    cols = {
        "a": table.a, "b": table.b, "similarity": table.si, "a_covered": table.ai, "b_covered": table.bi, "kind": table.kind,
    }
    figures = table.figures
    header = json.dumps({"format": FORMAT, "fingerprint": fp, "records": len(records), "pairs": m, "figures": len(figures)}).encode()
    head = MAGIC + struct.pack("<I", len(header)) + header
    sections = [np.ascontiguousarray(figures, "<f8")] + [np.ascontiguousarray(cols[name], dt) for name, dt in _SECTIONS]
    size = len(head) + sum(a.nbytes for a in sections)
    out = bytearray(size + 4)
    view = memoryview(out)
    view[: len(head)] = head
    at = len(head)
    for arr in sections:
        view[at : at + arr.nbytes] = arr.reshape(-1).view(np.uint8)
        at += arr.nbytes
    view[size:] = struct.pack("<I", zlib.crc32(view[:size]))
    view.release()
    return out


def decode(data: bytes, records: list[Record], fp: str) -> "Pairs | None":
    """The pairs in ``data`` as columns that are views of ``data`` (corpus.pairs.Pairs),
    or None when it is damaged, hostile or not for these records."""
    import numpy as np

    from corpus.pairs import Pairs

    n = len(records)
    if len(data) < len(MAGIC) + 8 or not data.startswith(MAGIC):
        return None
    body, (crc,) = memoryview(data)[:-4], struct.unpack("<I", data[-4:])
    if zlib.crc32(body) != crc:
        return None
    (hlen,) = struct.unpack_from("<I", data, len(MAGIC))
    start = len(MAGIC) + 4 + hlen
    try:
        header = json.loads(bytes(body[len(MAGIC) + 4 : start]))
        ok = header["format"] == FORMAT and header["fingerprint"] == fp and header["records"] == n
        m, t = header["pairs"], header["figures"]
    except (ValueError, KeyError, TypeError):
        return None
    if not ok or not isinstance(m, int) or not isinstance(t, int) or m < 0 or t < 0:
        return None
    sizes = [m * np.dtype(dt).itemsize for _, dt in _SECTIONS]
    if start + 8 * t + sum(sizes) != len(body):
        return None
    table = np.frombuffer(body, dtype="<f8", count=t, offset=start)
    cols: dict[str, Any] = {}
    at = start + 8 * t
    for (name, dt), size in zip(_SECTIONS, sizes):
        cols[name] = np.frombuffer(body, dtype=dt, count=m, offset=at)
        at += size
    a, b, kind = cols["a"], cols["b"], cols["kind"]
    fig = [cols["similarity"], cols["a_covered"], cols["b_covered"]]
    if t and (not np.isfinite(table).all() or table.min() < 0.0 or table.max() > 1.0):
        return None
    if m and (a.max() >= n or b.max() >= n or kind.max() >= len(KINDS) or max(f.max() for f in fig) >= t):
        return None
    # nothing is copied or made into objects: a VersionPair is made when one is read
    return Pairs([r.id for r in records], a, b, fig[0], fig[1], fig[2], kind, table)


def load_pairs(records: list[Record], threshold: float, containment: float, base: Path | None) -> "Pairs | None":
    """The saved pairs for exactly these records, or None (missing, stale, damaged)."""
    if base is None:
        return None
    try:
        data = file_for(records, base).read_bytes()
    except OSError:
        return None
    return decode(data, records, fingerprint(records, threshold, containment))


def save_pairs(records: list[Record], pairs: "Pairs | Iterable[VersionPair]", threshold: float, containment: float, base: Path | None) -> bool:
    """Write the pairs (atomically); False when caching is off, a pair cannot be stored, or the write fails."""
    if base is None:
        return False
    data = _encode(records, pairs, fingerprint(records, threshold, containment))
    if data is None:
        return False
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(file_for(records, base), data)
    except OSError:
        return False
    return True


def cached_pairs(
    records: list[Record],
    threshold: float = 0.5,
    containment: float = 0.8,
    cancel: threading.Event | None = None,
    base: Path | None | str = "default",
) -> tuple["Pairs", str]:
    """(pairs, "loaded" | "computed"): the saved pairs when they are for these records, else detected and saved."""
    base = store_dir() if base == "default" else (Path(base) if base is not None else None)
    pairs = load_pairs(records, threshold, containment, base)
    if pairs is not None:
        return pairs, "loaded"
    pairs = find_pairs(records, threshold, containment, cancel=cancel, spill_dir=base)  # the full shingle keys in a temporary file there
    save_pairs(records, pairs, threshold, containment, base)
    return pairs, "computed"


def find_versions_cached(
    corpus: Iterable[Record],
    threshold: float = 0.5,
    containment: float = 0.8,
    cancel: threading.Event | None = None,
    base: Path | None | str = "default",
) -> list[VersionGroup]:
    """:func:`corpus.versions.find_versions` with the corpus-wide pairs loaded from the cache when fresh."""
    records = list(corpus)
    pairs, _how = cached_pairs(records, threshold, containment, cancel, base)
    return find_versions(corpus, threshold, containment, cancel=cancel, pairs=pairs)
