"""Bad input never stops the corpus loading: each bad file gets one clear
one-line warning (or loads with one), and the good file's record is there."""

from __future__ import annotations

import builtins
import os
import shutil

import pytest

from corpus import loader
from corpus.loader import load, sample_dir

GOOD = "004_c125a6ef40bfe81c.txt"  # Matt Bishop's written question


def _good(dirpath):
    shutil.copy(sample_dir() / GOOD, dirpath / "good.txt")


def _messages(corpus, tmp_path):
    out = {}
    for w in corpus.warnings:
        assert "\n" not in str(w) and "Traceback" not in str(w)
        out.setdefault(os.path.relpath(w.path, tmp_path), []).append(w.message)
    return out


def _bishop(corpus):
    return [r for r in corpus.records if r.asked_by == "Matt Bishop"]


@pytest.fixture
def bad_dir(tmp_path, monkeypatch):
    d = tmp_path / "corpus"
    d.mkdir()
    _good(d)
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_bytes(b"  \n\n\t \n")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (d / "random.bin").write_bytes(bytes(range(256)) * 40)
    (d / "nul.txt").write_bytes(b"Notes on buses\n\nBuses are red.\x00\x00 Some are blue.\n")
    (d / "cp1252.txt").write_bytes("Notes\n\nThe Minister\u2019s answer cost \u00a35.\n".encode("cp1252"))
    (d / "utf16.txt").write_bytes("Notes\n\nA UTF-16 file without a byte-order mark.\n".encode("utf-16-le"))
    (d / "loop.txt").symlink_to("loop.txt")  # a symlink to itself
    (d / "sub").mkdir()
    (d / "sub" / "back").symlink_to("..")  # a directory loop
    os.mkfifo(d / "fifo.txt")  # would block a naive read forever
    locked = d / "locked.txt"
    locked.write_text("Secret notes\n\nNot for you.\n")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the read fail as it would for a user
        real_open = builtins.open

        def fake_open(file, *args, **kwargs):
            if os.fspath(file) == os.fspath(locked):
                raise PermissionError(13, "Permission denied", os.fspath(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(loader, "open", fake_open, raising=False)
    yield d
    locked.chmod(0o644)


def test_bad_files_warn_once_and_the_rest_loads(bad_dir, tmp_path):
    corpus = load([bad_dir])
    msgs = _messages(corpus, bad_dir)
    assert len(_bishop(corpus)) == 1
    assert msgs["empty.txt"] == ["skipped: empty file"]
    assert msgs["blank.txt"] == ["skipped: empty file"]
    assert msgs["image.txt"] == ["skipped: binary file, not text"]
    assert msgs["random.bin"] == ["skipped: binary file, not text"]
    assert msgs["fifo.txt"] == ["skipped: not a regular file"]
    assert msgs["locked.txt"] == ["cannot read: Permission denied"]
    assert msgs["loop.txt"] == ["cannot open: Too many levels of symbolic links"]
    assert msgs["sub/back"] == ["symlink loop: directory already visited, skipped"]
    assert msgs["nul.txt"] == ["2 NUL bytes removed"]
    assert msgs["cp1252.txt"] == ["not UTF-8: decoded as cp1252"]
    assert "utf16.txt" not in msgs and "good.txt" not in msgs
    texts = {os.path.basename(r.source_file): r.text for r in corpus.records}
    assert texts["nul.txt"] == "Buses are red. Some are blue."
    assert texts["cp1252.txt"] == "The Minister’s answer cost £5."
    assert texts["utf16.txt"] == "A UTF-16 file without a byte-order mark."
    assert set(texts) == {"good.txt", "nul.txt", "cp1252.txt", "utf16.txt"}


def test_bad_paths_given_directly(tmp_path):
    _good(tmp_path)
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "self").symlink_to("self")
    corpus = load([tmp_path / "missing.txt", tmp_path / "pipe", tmp_path / "self", tmp_path / "good.txt"])
    msgs = _messages(corpus, tmp_path)
    assert msgs == {
        "missing.txt": ["cannot open: No such file or directory"],
        "pipe": ["skipped: not a regular file"],
        "self": ["cannot open: Too many levels of symbolic links"],
    }
    assert len(_bishop(corpus)) == 1


def test_a_parser_crash_is_one_warning(tmp_path, monkeypatch):
    _good(tmp_path)
    (tmp_path / "other.txt").write_text("Notes\n\nSome text.\n")
    from corpus.formats import plaintext

    real = plaintext.parse

    def flaky(source):
        if source.path.endswith("other.txt"):
            raise RuntimeError("boom")
        return real(source)

    monkeypatch.setattr(plaintext, "parse", flaky)
    monkeypatch.setenv("PARLREAD_CACHE", "off")
    corpus = load([tmp_path])
    assert _messages(corpus, tmp_path) == {"other.txt": ["could not parse: RuntimeError: boom"]}
    assert len(_bishop(corpus)) == 1


@pytest.mark.timeout(120)
def test_50_mb_one_line_file_loads_in_linear_time(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", "off")  # do not write a 50 MB cache entry
    _good(tmp_path)
    unit = b"the Minister said care and policy reform matter to the Council and children "
    n = 50_000_000 // len(unit) + 1
    data = (unit * n)[:50_000_000]
    (tmp_path / "huge.txt").write_bytes(data)
    corpus = load([tmp_path])
    assert _messages(corpus, tmp_path) == {
        "huge.txt": ["a line of 50,000,000 characters: split into passages of about 4,000 characters, not at sentences"]
    }
    huge = next(r for r in corpus.records if r.source_file.endswith("huge.txt"))
    assert max(len(p.text) for p in huge.passages) <= 4000
    assert " ".join(p.text for p in huge.passages) == data.decode().strip()  # all text kept, split at spaces
    assert len(_bishop(corpus)) == 1


def test_a_file_made_unreadable_after_it_was_cached_is_reported_not_shown(tmp_path, monkeypatch):
    """qa6: the parsed-record cache (same size and mtime: chmod changes neither)
    served the text of a file the user can no longer read."""
    _good(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret notes\n\nTo ask the Secretary of State for Education, what the secret plans are.\n")
    os.utime(secret, (1_600_000_000, 1_600_000_000))  # old enough to be cached
    first = load([tmp_path])
    assert any(r.source_file.endswith("secret.txt") for r in first.records)
    secret.chmod(0)
    real_access = os.access

    def access(path, mode, *a, **kw):  # root reads anything: answer as the kernel would for a user
        if os.fspath(path) == os.fspath(secret):
            return False
        return real_access(path, mode, *a, **kw)

    real_open = builtins.open

    def fake_open(file, *args, **kwargs):
        if os.fspath(file) == os.fspath(secret):
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    if os.geteuid() == 0:
        monkeypatch.setattr(loader.os, "access", access)
        monkeypatch.setattr(loader, "open", fake_open, raising=False)
    try:
        corpus = load([tmp_path])
    finally:
        secret.chmod(0o644)
    assert not any(r.source_file.endswith("secret.txt") for r in corpus.records)
    assert _messages(corpus, tmp_path) == {"secret.txt": ["cannot read: Permission denied"]}
    assert len(_bishop(corpus)) == 1
