"""Records from the cache read their passages on demand: the text is always the loaded one, or a clear error.

A warm load no longer holds ~1M Passage objects at a million passages: each
record read from the parsed-record cache reads its passages (ids, texts) from
its entry when asked (corpus/textstore.py) and keeps ``extra`` as compact
bytes.  These tests hold it to "nothing changes but the memory" and to
"never a wrong text": an entry deleted, replaced by another file's entry,
damaged or truncated still gives the loaded texts (parsed again from the
source), and when the source changed too, StaleText names the file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from corpus import cache, formats, textstore
from corpus.loader import load
from corpus.model import passages_held
from corpus.textstore import StaleText

from lazy_support import FIX, backdate, cached_copies


@pytest.fixture
def corpus_dir(tmp_path, monkeypatch):
    return cached_copies(tmp_path, monkeypatch, [FIX / "wq_dfe.jsonl", FIX / "wq_grouped_cut.json", *sorted((FIX / "wrans").glob("*.xml"))])


def _uncached(d: Path, monkeypatch):
    before = os.environ["PARLREAD_CACHE"]
    monkeypatch.setenv("PARLREAD_CACHE", "off")
    try:
        return load([str(d)])
    finally:
        monkeypatch.setenv("PARLREAD_CACHE", before)


def _dump(c):
    return [r.to_dict(passages=True) for r in c.records]


def _entries(d: Path) -> list[Path]:
    return sorted((d.parent / "cache" / "records").glob("*.rc"))


def _count_parses(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = formats.parse
    monkeypatch.setattr(formats, "parse", lambda s: calls.append(s.path) or real(s))
    return calls


def test_cached_records_hold_no_passages_and_equal_the_parsed_ones(corpus_dir, monkeypatch):
    load([str(corpus_dir)])
    cached = load([str(corpus_dir)])
    monkeypatch.setenv("PARLREAD_CACHE", "off")
    parsed = load([str(corpus_dir)])
    assert len(cached.records) >= 8
    assert not any(passages_held(r) for r in cached.records if not r.extra.get("answer_from_grouped"))
    assert all(passages_held(r) for r in parsed.records)
    assert cached.records == parsed.records  # every field, passages and extra included
    assert _dump(cached) == _dump(parsed)
    assert [r.text for r in cached.records] == [r.text for r in parsed.records]


def test_extra_of_a_cached_record_cannot_be_changed_in_place_but_can_be_replaced(corpus_dir):
    load([str(corpus_dir)])
    r = next(r for r in load([str(corpus_dir)]).records if r.extra.get("question_id"))
    with pytest.raises(TypeError):
        r.extra["question_id"] = 1  # would be lost silently on a decoded copy: refused instead
    r.extra = {**r.extra, "question_id": 1}
    assert r.extra["question_id"] == 1
    first = r.passages[0]
    r.passages = [first]
    assert r.passages == [first] and passages_held(r)


@pytest.mark.parametrize("how", ["deleted", "cleared", "other file's entry", "damaged text", "truncated text"])
def test_a_lost_or_changed_entry_still_gives_the_loaded_texts(corpus_dir, monkeypatch, how):
    load([str(corpus_dir)])
    c = load([str(corpus_dir)])
    want = _dump(_uncached(corpus_dir, monkeypatch))
    entries = _entries(corpus_dir)
    assert len(entries) == 4
    if how == "deleted":
        for e in entries:
            e.unlink()
    elif how == "cleared":
        cache.clear()
    elif how == "other file's entry":
        for a, b in zip(entries, entries[1:] + entries[:1]):
            shutil.copy(a, b.with_suffix(".tmp"))
        for b in entries:
            os.replace(b.with_suffix(".tmp"), b)
    else:
        for e in entries:
            data = bytearray(e.read_bytes())
            if how == "damaged text":
                data[-3] ^= 0xFF  # inside the last record's region
                e.write_bytes(bytes(data))
            else:
                e.write_bytes(bytes(data[: len(data) - 40]))
    textstore._close_all()  # as if the descriptors opened at load had been closed (only a few stay open)
    calls = _count_parses(monkeypatch)
    assert _dump(c) == want
    assert calls and len(calls) == len(set(calls)) <= 4  # each source parsed again at most once


def test_an_open_entry_replaced_is_still_read_as_loaded(corpus_dir, monkeypatch):
    load([str(corpus_dir)])
    c = load([str(corpus_dir)])
    want = _dump(_uncached(corpus_dir, monkeypatch))
    entries = _entries(corpus_dir)
    for a, b in zip(entries, entries[1:] + entries[:1]):
        shutil.copy(a, b.with_suffix(".tmp"))
    for b in entries:
        os.replace(b.with_suffix(".tmp"), b)  # new files: the descriptors kept at load still read the old ones
    calls = _count_parses(monkeypatch)
    assert _dump(c) == want
    assert calls == []


def test_when_the_source_changed_too_the_error_names_the_file(corpus_dir, monkeypatch):
    load([str(corpus_dir)])
    c = load([str(corpus_dir)])
    src = corpus_dir / "wq_dfe.jsonl"
    mine = [r for r in c.records if r.source_file == str(src)]
    assert mine
    before = mine[0].text
    for e in _entries(corpus_dir):
        e.unlink()
    textstore._close_all()
    lines = src.read_text("utf-8").splitlines()
    src.write_text("\n".join(lines[1:] + lines[:1]) + "\n", "utf-8")  # the same records, another order
    with pytest.raises(StaleText, match="wq_dfe.jsonl"):
        for r in mine:
            assert r.text  # never another record's text
    # the other files' records still read right
    other = [r for r in c.records if r.source_file != str(src)]
    assert other and all(r.text for r in other)
    assert before  # read before the change, as loaded


def test_a_truncated_entry_is_rebuilt_at_load(corpus_dir, monkeypatch):
    cold = _dump(load([str(corpus_dir)]))
    for e in _entries(corpus_dir):
        e.write_bytes(e.read_bytes()[:-1])  # metadata intact, the text section one byte short
    calls = _count_parses(monkeypatch)
    assert _dump(load([str(corpus_dir)])) == cold
    assert len(calls) == 4  # every entry was refused and rebuilt, not trusted


def test_passages_are_found_by_id_in_cached_records(corpus_dir):
    load([str(corpus_dir)])
    c = load([str(corpus_dir)])
    r = c.records[-1]
    p = r.passages[-1]
    got = c.passage(p.id)
    assert got is not None and got[0] is r and got[1] == p
    assert c.resolve(p.id) == (r, p)
    assert c.passage(r.id + ".000000") is None and c.passage("nothing") is None
    assert c.resolve(r.id[:8]) is r


def test_passage_counts_are_known_without_reading_the_passages(corpus_dir, monkeypatch):
    from corpus.model import passage_count

    load([str(corpus_dir)])
    c = load([str(corpus_dir)])
    want = [len(r.passages) for r in c.records]
    monkeypatch.setattr(textstore.TextStore, "passages", lambda self, row: pytest.fail("passages read"))
    assert [passage_count(r) for r in c.records] == want and sum(want) > len(want)


def test_cache_cleared_and_sources_changed_under_a_loaded_corpus_still_read_as_loaded(tmp_path, monkeypatch):
    """The everyday hazard: ``parlread cache clear`` in another shell, then the user's files are
    re-saved, while the app holds a corpus of more files than a few.  Every entry stays open from
    its load (within the open-file budget), so every record still reads its loaded texts: no
    StaleText, no re-parse of the changed sources."""
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    d = tmp_path / "many"
    d.mkdir()
    n = textstore.MAX_OPEN + 16 if textstore.MAX_OPEN < 200 else 200  # more files than the old fixed 64
    for i in range(n):
        p = d / f"statement-{i:03d}.txt"
        p.write_text(f"Written statement {i}\n\nThe Minister for Children said that kinship carers in area {i} "
                     f"will receive support number {i * 7}.\n", "utf-8")
        backdate(p)
    load([str(d)])
    c = load([str(d)])  # from the cache: passages read on demand
    assert len(c.records) == n and not any(passages_held(r) for r in c.records)
    want = [r.text for r in _uncached(d, monkeypatch).records]
    cache.clear()
    for p in d.iterdir():
        p.write_text("Something else entirely\n\nA different text.\n", "utf-8")
    calls = _count_parses(monkeypatch)
    assert [r.text for r in c.records] == want
    assert calls == []
    assert textstore.MAX_OPEN >= n


def test_a_records_repr_never_reads_its_texts(corpus_dir, monkeypatch):
    """A crash log (rich traceback with locals) or a debugger repr()s records: that must not read
    texts from the cache, where a failure would raise again inside the crash handler."""
    load([str(corpus_dir)])
    c = load([str(corpus_dir)])
    r = c.records[0]
    assert not passages_held(r)

    def refuse(self, row):
        raise StaleText("read while printing a record")

    monkeypatch.setattr(textstore.TextStore, "passages", refuse)
    text = repr(r)
    assert text.startswith(f"Record(id={r.id!r}") and f"passages=<{len(_uncached(corpus_dir, monkeypatch).records[0].passages)}>" in text
    assert r.id in repr(c.records[:3])


def test_equal_titles_and_uins_across_files_are_one_string_after_a_cached_load(tmp_path, monkeypatch):
    """Question headings repeat across a corpus ("Foster Care") and UINs recur from session to
    session: a warm load holds each distinct one once, whichever file it came from."""
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))
    d = tmp_path / "same-titles"
    d.mkdir()
    for i in range(3):
        p = d / f"wq-{i}.jsonl"
        shutil.copy(FIX / "wq_dfe.jsonl", p)
        lines = p.read_text("utf-8").splitlines()
        # the same questions under other ids (another session's copies): same headings and UINs
        p.write_text("\n".join(line.replace('"id": ', f'"id": {i + 1}', 1) for line in lines) + "\n", "utf-8")
        backdate(p)
    first = load([str(d)])
    c = load([str(d)])
    assert [r.to_dict() for r in c.records] == [r.to_dict() for r in first.records]
    titles = [r.title for r in c.records if r.title]
    uins = [r.uin for r in c.records if r.uin]
    assert len(set(titles)) < len(titles) and len(set(uins)) < len(uins)  # the fixture repeats them
    assert len({id(t) for t in titles}) == len(set(titles))
    assert len({id(u) for u in uins}) == len(set(uins))
