"""Saved version pairs: a warm start loads exactly the detected groups; anything changed or damaged recomputes."""

from __future__ import annotations

import json
import random
import struct
import zlib

import pytest

from corpus import versions_store as vs
from corpus.corpus import Corpus
from corpus.model import make_record
from corpus.versions import PART, VERSION, find_versions, versions_of


def words(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    vocab = [f"w{rng.randrange(10**6)}" for _ in range(500)]
    return [rng.choice(vocab) for _ in range(n)]


def corpus() -> Corpus:
    """Fillers, a clique of three near-copies, a record inside a longer one, a corrected answer."""
    recs = [make_record([("body", " ".join(words(s, 60)) + ".")], natural_key=f"f{s}") for s in range(40)]
    base = words(1000, 120)
    for k in range(3):  # three versions, each with a different word changed
        w = list(base)
        w[10 + 30 * k] = f"edit{k}"
        recs.insert(5 + 7 * k, make_record([("body", " ".join(w) + ".")], natural_key=f"v{k}"))
    long = words(2000, 200)
    recs.append(make_record([("body", " ".join(long) + ".")], natural_key="long"))
    recs.append(make_record([("body", " ".join(long[20:120]) + ".")], natural_key="short"))
    corrected = make_record([("question", " ".join(words(3000, 40))), ("answer", " ".join(words(3001, 60)))],
                            natural_key="corr", extra={"original_answer": [" ".join(words(3001, 55))]})
    recs.append(corrected)
    return Corpus(recs)


def dump(groups) -> list:
    return [(g.to_dict(), sorted(g.virtual)) for g in groups]


def test_warm_start_loads_exactly_the_groups_of_a_fresh_detection(tmp_path):
    c = corpus()
    fresh = find_versions(c)
    assert {p.kind for g in fresh for p in g.pairs} >= {VERSION, PART}
    records = list(c)
    pairs, how = vs.cached_pairs(records, base=tmp_path)
    assert how == "computed" and len(list(tmp_path.glob("versions-*.bin"))) == 1
    loaded, how = vs.cached_pairs(records, base=tmp_path)
    assert how == "loaded"
    assert [(p.a, p.b, p.similarity, p.a_covered, p.b_covered, p.kind) for p in loaded] == \
           [(p.a, p.b, p.similarity, p.a_covered, p.b_covered, p.kind) for p in pairs]
    ids = {id(r.id) for r in records}
    assert all(id(p.a) in ids and id(p.b) in ids for p in loaded)  # the records' own id strings
    warm = vs.find_versions_cached(c, base=tmp_path)
    assert dump(warm) == dump(fresh)
    rid = warm[0].ids[0]
    assert [p.to_dict() for p in versions_of(c, rid)] == [p.to_dict() for p in versions_of(Corpus(list(c)), rid)]


def test_a_changed_added_or_reordered_record_recomputes(tmp_path):
    c = corpus()
    vs.cached_pairs(list(c), base=tmp_path)
    recs = list(c)
    changed = make_record([("body", " ".join(words(1000, 120)) + " and more.")], natural_key="v0")
    swap = [changed if r.id == recs[5].id else r for r in recs]
    assert swap[5].id == recs[5].id and swap[5].text != recs[5].text
    _, how = vs.cached_pairs(swap, base=tmp_path)
    assert how == "computed"
    assert vs.cached_pairs(swap, base=tmp_path)[1] == "loaded"
    assert vs.cached_pairs(swap + [make_record([("body", "one more record here")], natural_key="x")], base=tmp_path)[1] == "computed"
    assert vs.cached_pairs(list(reversed(recs)), base=tmp_path)[1] == "computed"
    assert vs.cached_pairs(recs, threshold=0.6, base=tmp_path)[1] == "computed"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "bitflip", "empty", "hostile-index", "hostile-figure", "hostile-figure-index"])
def test_a_damaged_or_hostile_file_is_ignored_and_recomputed(tmp_path, damage):
    c = corpus()
    records = list(c)
    good, _ = vs.cached_pairs(records, base=tmp_path)
    (path,) = tmp_path.glob("versions-*.bin")
    data = bytearray(path.read_bytes())
    hlen = struct.unpack_from("<I", data, len(vs.MAGIC))[0]
    header = json.loads(bytes(data[len(vs.MAGIC) + 4 : len(vs.MAGIC) + 4 + hlen]))
    table = len(vs.MAGIC) + 4 + hlen  # the distinct figures, then the pairs' columns
    payload = table + 8 * header["figures"]
    if damage == "garbage":
        data = bytearray(b"\x00not a versions file" * 50)
    elif damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "bitflip":
        data[payload + 3] ^= 0x40
    elif damage == "empty":
        data = bytearray()
    else:  # checksums made to match, numbers out of range
        if damage == "hostile-figure-index":
            struct.pack_into("<I", data, payload + 8 * len(good), header["figures"])  # first similarity's index
        elif damage == "hostile-index":
            struct.pack_into("<I", data, payload, len(records) + 7)
        else:
            struct.pack_into("<d", data, table, 7.5)  # a similarity of 7.5
        data[-4:] = struct.pack("<I", zlib.crc32(bytes(data[:-4])))
    path.write_bytes(bytes(data))
    assert vs.load_pairs(records, 0.5, 0.8, tmp_path) is None
    again, how = vs.cached_pairs(records, base=tmp_path)
    assert how == "computed"
    assert [p.to_dict() for p in again] == [p.to_dict() for p in good]
    assert vs.cached_pairs(records, base=tmp_path)[1] == "loaded"  # rewritten whole


def test_caching_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", "off")
    assert vs.store_dir() is None
    c = corpus()
    assert vs.cached_pairs(list(c))[1] == "computed"
    assert vs.cached_pairs(list(c))[1] == "computed"
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path))
    assert vs.store_dir() == tmp_path / "versions"


def test_cache_clear_deletes_the_saved_pairs(tmp_path, monkeypatch):
    from corpus import cache

    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path))
    records = list(corpus())
    assert vs.cached_pairs(records)[1] == "computed"
    assert list((tmp_path / "versions").glob("versions-*.bin"))
    cache.clear()
    assert not list((tmp_path / "versions").glob("versions-*.bin"))
    assert vs.cached_pairs(records)[1] == "computed"
