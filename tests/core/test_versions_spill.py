"""Version detection with its full shingle keys in a temporary file (memory at scale, issue 15).

The first shingling pass writes every record's full keys to an unlinked file
in the cache and verification reads them back a block of records at a time
(no second shingling).  The pairs must be the ones one pass over every key
gives, in the same order and with the same figures (stock sentences dropped
alike), and a detection stopped half way must leave nothing behind.
"""

from __future__ import annotations

import random
import threading

import numpy as np
import pytest

from corpus import shingles as V
from corpus.model import make_record
from corpus.pairs import Pairs
from tests.core.test_scale_memory import _records

STOCK = "Question proposed, That the clause, as amended, stand part of the Bill."


def _corpus():
    records = _records(seed=5)
    for i in range(6):  # a stock sentence under six titles (two alike) and untitled: some pairs dropped, some kept
        records.append(make_record([("body", STOCK)], natural_key=f"stock{i}", title=f"Clause {min(i, 4)}"))
    records.append(make_record([("body", STOCK)], natural_key="stock-untitled"))
    random.Random(3).shuffle(records)  # versions far apart: pairs across blocks
    return records


def _columns(p: Pairs):
    return [p.ids, p.a, p.b, p.si, p.ai, p.bi, p.kind, p.figures]


def _same(x: Pairs, y: Pairs) -> None:
    for u, v in zip(_columns(x), _columns(y)):
        if isinstance(u, list):
            assert u == v
        else:
            assert u.dtype == v.dtype and np.array_equal(u, v)


@pytest.mark.parametrize("blocks", [1, 3, 8])
def test_spilled_keys_give_the_pairs_of_one_pass(monkeypatch, tmp_path, blocks):
    records = _corpus()
    whole = V.find_pairs(records)
    kinds = {p.kind for p in whole}
    assert len(whole) > 20 and kinds == {V.VERSION, V.PART}
    stock = {r.id for r in records if r.text == STOCK}
    kept = {(p.a, p.b) for p in whole if p.a in stock}
    assert kept and len(kept) < 7 * 6 // 2  # some stock pairs kept (same title, untitled), some dropped
    monkeypatch.setattr(V, "_BLOCKS_FROM", 0)
    monkeypatch.setattr(V, "_SPILL_BLOCKS", blocks)
    monkeypatch.setattr(V, "_CHUNK", 16)  # many writes to the spill file
    read = []
    real = V._spilled_sets
    monkeypatch.setattr(V, "_spilled_sets", lambda *a: read.append(a[-1]) or real(*a))
    spilled = V.find_pairs(records, spill_dir=tmp_path)
    assert read and list(tmp_path.iterdir()) == []  # keys read back, and the file had no name
    _same(spilled, whole)
    monkeypatch.setattr(V, "_VERIFY_BLOCKS", 3)
    _same(V.find_pairs(records), whole)  # no spill file: each block shingled again, as before


def test_detection_stopped_half_way_leaves_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(V, "_BLOCKS_FROM", 0)
    stop = threading.Event()

    def progress(done, total, what):
        if done >= 2:  # verifying: the spill file is written
            stop.set()  # as quitting the app does

    with pytest.raises(V.Cancelled):
        V.find_pairs(_corpus(), progress=progress, cancel=stop, spill_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_drop_stock_on_a_table_equals_dropping_the_rows_first():
    """``Pairs.select`` (from the index columns) makes the table ``from_values`` makes of the kept rows."""
    rnd = random.Random(4)
    m = 500
    ids = [f"r{i}" for i in range(60)]
    a = np.array([rnd.randrange(30) for _ in range(m)])
    b = a + np.array([rnd.randrange(1, 30) for _ in range(m)])
    inter = np.array([rnd.randrange(8, 40) for _ in range(m)], np.int32)
    sa = inter + np.array([rnd.randrange(0, 9) for _ in range(m)], np.int32)
    sb = inter + np.array([rnd.randrange(0, 9) for _ in range(m)], np.int32)
    kind = np.array([rnd.randrange(2) for _ in range(m)], np.uint8)
    table = Pairs.from_counts(ids, a, b, inter, sa, sb, kind)
    _same(table, Pairs.from_values(ids, a, b, inter / (sa + sb - inter), inter / sa, inter / sb, kind))
    keep = np.array([rnd.random() < 0.3 for _ in range(m)])
    names = ("a", "b", "similarity", "a_covered", "b_covered", "kind")
    _same(table.select(keep), Pairs.from_values(ids, *(table.column(n)[keep] for n in names)))
    view = table.view(np.arange(m)[::-2])
    _same(view.select(keep[: len(view)]), Pairs.from_values(ids, *(view.column(n)[keep[: len(view)]] for n in names)))
