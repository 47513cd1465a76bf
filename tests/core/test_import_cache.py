"""Parsed-record cache: warm loads skip parsing, stale or corrupt entries are never trusted."""

from __future__ import annotations

import marshal
import os
import time
import shutil
from pathlib import Path

import pytest

from corpus import cache, formats
from corpus.loader import load

FIX = Path(__file__).parents[1] / "fixtures" / "import"


@pytest.fixture
def cdir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("PARLREAD_CACHE", str(d))
    return d / "records"


@pytest.fixture
def data(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    shutil.copy(FIX / "wq_dfe.jsonl", d / "a.jsonl")
    shutil.copy(FIX / "wrans" / "answers2009-10-28c.xml", d / "answers2009-10-28c.xml")
    (d / "a.jsonl").write_text((d / "a.jsonl").read_text("utf-8") + "{broken\n", "utf-8")
    old = time.time_ns() - 3600 * 10**9  # written an hour ago (fresh files are not cached)
    for p in d.iterdir():
        os.utime(p, ns=(old, old))
    return d


def dump(corpus):
    return [r.to_dict(passages=True) for r in corpus.records], [str(w) for w in corpus.warnings]


def no_parsing(monkeypatch):
    def boom(source):
        raise AssertionError(f"parsed {source.path} although the cache is fresh")

    monkeypatch.setattr(formats, "parse", boom)


def test_warm_load_equals_cold_load_without_parsing(cdir, data, monkeypatch):
    cold = dump(load([data]))
    assert len(cold[0]) == 7
    assert cold[1] == [f"{data / 'a.jsonl'}: line 5, column 2: skipped, not valid JSON (Expecting property name enclosed in double quotes)"]
    assert len(list(cdir.glob("*.rc"))) == 2  # one entry per source file
    no_parsing(monkeypatch)
    assert dump(load([data])) == cold  # records, passages, ids, offsets and warnings identical


def test_changed_file_is_parsed_again(cdir, data, monkeypatch):
    load([data])
    p = data / "a.jsonl"
    p.write_text("\n".join(p.read_text("utf-8").splitlines()[:2]) + "\n", "utf-8")
    c = load([data])
    assert sum(r.source_file == str(p) for r in c.records) == 2
    # same size, new mtime: also re-parsed
    st = p.stat()
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    calls = []
    real = formats.parse
    monkeypatch.setattr(formats, "parse", lambda s: calls.append(s.path) or real(s))
    load([data])
    assert calls == [str(p)]


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated write
        lambda b: b[:40] + bytes([b[40] ^ 0xFF]) + b[41:],  # one flipped byte
        lambda b: b"garbage",
        lambda b: b"",
    ],
)
def test_corrupt_entry_is_ignored_and_rebuilt(cdir, data, damage, monkeypatch):
    cold = dump(load([data]))
    for e in cdir.glob("*.rc"):
        e.write_bytes(damage(e.read_bytes()))
    assert dump(load([data])) == cold
    no_parsing(monkeypatch)  # the rebuilt entries are good again
    assert dump(load([data])) == cold


def test_entry_with_valid_digest_but_wrong_shape_is_not_trusted(cdir, data):
    cold = dump(load([data]))
    for e in cdir.glob("*.rc"):
        payload = marshal.dumps(("wrong", "shape"))
        e.write_bytes(cache.MAGIC + cache.digest(payload) + payload)
    assert dump(load([data])) == cold


def test_entry_for_another_file_is_not_used(cdir, data, tmp_path):
    load([data])
    # copy the cache entry of a.jsonl over the entry of the XML file
    a = cache._entry_path(cdir, str((data / "a.jsonl").resolve()))
    x = cache._entry_path(cdir, str((data / "answers2009-10-28c.xml").resolve()))
    shutil.copy(a, x)
    c = load([data / "answers2009-10-28c.xml"])
    assert [r.source_format for r in c.records] == ["theyworkforyou-xml"] * 3


def test_source_file_is_the_path_given_this_time(cdir, data, monkeypatch):
    load([data / "a.jsonl"])
    monkeypatch.chdir(data)
    c = load(["a.jsonl"])
    assert {r.source_file for r in c.records} == {"a.jsonl"}
    assert c.warnings[0].path == "a.jsonl"


def test_cache_off_and_unwritable_cache_still_load(tmp_path, data, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", "off")
    assert cache.cache_dir() is None
    assert len(load([data])) == 7
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("PARLREAD_CACHE", str(blocker))
    assert len(load([data])) == 7
    assert len(load([data])) == 7


def test_clear(cdir, data):
    load([data])
    assert cache.clear() == 2
    assert list(cdir.glob("*.rc")) == []


def test_cli_cache_shows_and_clears(cdir, data, capsys):
    from tui.cli import main

    load([data])
    assert main(["cache"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"cache: {cdir}"
    assert out[1].startswith("entries: 2 (")
    assert main(["cache", "--clear"]) == 0
    assert capsys.readouterr().out == f"cache: 2 entries deleted from {cdir}\n"
    assert list(cdir.glob("*.rc")) == []


def test_parser_version_covers_parsers_not_unrelated_modules():
    names = {p.relative_to(Path(cache.__file__).parent).as_posix() for p in cache.parsing_sources()}
    assert {"formats/parliament_json.py", "formats/twfy_xml.py", "formats/plaintext.py", "htmltext.py",
            "clean.py", "model.py", "decode.py", "loader.py", "cache.py"} <= names
    assert "search.py" not in names and "versions.py" not in names


def test_file_modified_just_now_is_not_cached(cdir, data):
    p = data / "a.jsonl"
    p.write_text(p.read_text("utf-8"), "utf-8")  # same size, fresh mtime
    load([data])
    assert not cache._entry_path(cdir, str(p.resolve())).exists()
    assert cache._entry_path(cdir, str((data / "answers2009-10-28c.xml").resolve())).exists()
