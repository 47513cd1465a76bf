"""corpus.cache.parser_version is remembered in the cache dir, and recomputed when a corpus source changes."""

from __future__ import annotations

import pytest

from corpus import cache


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path))
    monkeypatch.setattr(cache, "_parser_version", None)
    return tmp_path / "parser-version"


def test_the_remembered_version_is_the_computed_one(fresh):
    assert cache.parser_version() == cache._compute_parser_version()
    key, version = fresh.read_text().split()
    assert version == cache._compute_parser_version()
    assert key == cache._sources_stat_key(cache.Path(cache.__file__).resolve().parent)


def test_a_remembered_version_is_used_only_while_the_sources_are_unchanged(fresh, monkeypatch):
    cache.parser_version()
    key, _ = fresh.read_text().split()
    fresh.write_text(f"{key} 0123456789abcdef\n")  # as if remembered from these very files
    monkeypatch.setattr(cache, "_parser_version", None)
    assert cache.parser_version() == "0123456789abcdef"
    # a corpus source changed (another stat key): computed again, and remembered
    monkeypatch.setattr(cache, "_parser_version", None)
    monkeypatch.setattr(cache, "_sources_stat_key", lambda root: "f" * 40)
    assert cache.parser_version() == cache._compute_parser_version()
    assert fresh.read_text().split() == ["f" * 40, cache._compute_parser_version()]


@pytest.mark.parametrize("junk", ["", "garbage", "k v w", "\xff\xfe"])
def test_a_damaged_memo_is_recomputed(fresh, monkeypatch, junk):
    fresh.write_text(junk, encoding="latin-1")
    assert cache.parser_version() == cache._compute_parser_version()


def test_the_stat_key_follows_a_touched_source(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "a.py").write_text("x = 1\n")
    (pkg / "sub" / "b.py").write_text("y = 2\n")
    before = cache._sources_stat_key(pkg)
    assert cache._sources_stat_key(pkg) == before
    (pkg / "sub" / "b.py").write_text("y = 22\n")
    assert cache._sources_stat_key(pkg) != before
