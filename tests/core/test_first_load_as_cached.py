"""A first load gives exactly the records every later (cached) load gives.

On a cache miss the loader parses a file, writes its cache entry and then
returns the records decoded from that entry, so a first start holds the same
compact objects as a warm one (at 100,000 API records: first-start peak
480 -> 410 MB, benchmarks/bench_memory.py on an empty cache).  These tests
hold it to "nothing changes but the memory": same records, same order, same
fields, the same warnings, and the parser's own records when no entry could
be written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from corpus import cache
from corpus.dirs import sample_dir
from corpus.loader import load, load_file

FIX = Path(__file__).resolve().parent.parent / "fixtures"


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    for src in [FIX / "import" / "wq_dfe.jsonl", FIX / "import" / "wq_grouped_cut.json", FIX / "import" / "saved_page.html",
                *sorted(sample_dir().glob("*.txt")), *sorted((FIX / "import" / "wrans").glob("*.xml"))]:
        shutil.copy(src, d / src.name)
    (d / "broken.json").write_text('{"results": [{"val', encoding="utf-8")
    return d


def _dump(corpus):
    return [r.to_dict() for r in corpus.records], [(w.path, w.message) for w in corpus.warnings]


def test_a_first_load_equals_the_cached_load_and_an_uncached_one(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    d = _folder(tmp_path)
    first = load([str(d)])
    second = load([str(d)])  # every file from the cache now
    monkeypatch.setenv("PARLREAD_CACHE", "off")
    parsed = load([str(d)])
    assert len(first.records) >= 15
    assert _dump(first) == _dump(second) == _dump(parsed)
    assert [r.source_file for r in first.records] == [r.source_file for r in parsed.records]


def test_when_the_entry_cannot_be_read_back_the_parsed_records_are_returned(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "wq.jsonl"
    shutil.copy(FIX / "import" / "wq_dfe.jsonl", path)
    monkeypatch.setattr(cache, "put", lambda *a, **k: None)  # e.g. a full disk: nothing written
    records, warns = load_file(path)
    monkeypatch.setenv("PARLREAD_CACHE", "off")
    again, _ = load_file(path)
    assert records and [r.to_dict() for r in records] == [r.to_dict() for r in again]
