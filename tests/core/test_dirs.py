"""One resolver for parlread's directories: library, store, record cache and search index agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.store import default_store_dir
from corpus import cache, dirs, library, loader
from corpus.search import default_cache_dir


def test_env_overrides_each_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_LIBRARY", str(tmp_path / "lib"))
    monkeypatch.setenv("PARLREAD_STORE", str(tmp_path / "st"))
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "ca"))
    assert library.library_dir() == dirs.library_dir() == tmp_path / "lib"
    assert default_store_dir() == dirs.store_dir() == tmp_path / "st"
    assert default_cache_dir() == dirs.cache_root() == tmp_path / "ca"
    assert cache.cache_dir() == tmp_path / "ca" / "records"


def test_env_values_expand_the_home_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PARLREAD_CACHE", "~/c")
    monkeypatch.setenv("PARLREAD_STORE", "~/s")
    assert default_cache_dir() == cache.cache_dir().parent == tmp_path / "c"
    assert default_store_dir() == tmp_path / "s"


@pytest.mark.parametrize("off", ["off", "0", "no", "none", "false", "", " OFF "])
def test_cache_off_switches_off_the_record_cache_and_the_search_index_alike(monkeypatch, off):
    monkeypatch.setenv("PARLREAD_CACHE", off)
    assert cache.cache_dir() is None
    assert default_cache_dir() is None


def test_without_env_everything_is_under_the_platform_dirs(tmp_path, monkeypatch):
    for name in ("PARLREAD_LIBRARY", "PARLREAD_STORE", "PARLREAD_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert default_store_dir() == tmp_path / "data" / "parlread" / "store"
    assert library.library_dir() == tmp_path / "data" / "parlread" / "library"
    assert default_cache_dir() == tmp_path / "cache" / "parlread"
    assert cache.cache_dir() == tmp_path / "cache" / "parlread" / "records"


def test_no_paths_opens_the_library_once_it_has_files_else_the_samples(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_LIBRARY", str(tmp_path / "lib"))
    assert loader.default_paths() == [dirs.sample_dir()]
    (tmp_path / "lib" / "files").mkdir(parents=True)
    assert loader.default_paths() == [dirs.sample_dir()]  # an empty library is no library
    (tmp_path / "lib" / "files" / "a.txt").write_text("x")
    assert loader.default_paths() == [Path(tmp_path / "lib" / "files")]
