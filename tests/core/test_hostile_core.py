"""Hostile input through the loader, parsers and CLI (no Textual).

The hostile corpus is generated at test time by tests/hostile.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus.loader import load
from corpus.safe_text import has_unsafe, printable
from hostile import MARKUP, OSC52_B64, UNIQUE, make_hostile_corpus

TEXT_NAMES = ("markup", "ansi", "bidi", "controls", "utf16", "invalid_utf8", "ok")


@pytest.fixture(scope="module", autouse=True)
def _no_record_cache(tmp_path_factory):
    """Parse for real (no parsed-record cache from an earlier run) and leave the user's cache alone."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PARLREAD_CACHE", "off")
        yield


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    """The hostile corpus without the 50 MB line (that one has its own slow test)."""
    return make_hostile_corpus(tmp_path_factory.mktemp("hostile"), long_line_mb=0)


@pytest.fixture(scope="module")
def loaded(hostile):
    return load([hostile["ok"].parent])


def _records_from(corpus, path: Path):
    return [r for r in corpus.records if r.source_file and Path(r.source_file).name == path.name]


def _warnings_for(corpus, path: Path):
    return [w for w in corpus.warnings if Path(w.path).name == path.name]


def test_every_file_is_loaded_or_reported_and_nothing_crashes(hostile, loaded) -> None:
    for name, path in hostile.items():
        recs, warns = _records_from(loaded, path), _warnings_for(loaded, path)
        assert recs or warns, f"{name}: neither loaded nor reported"
        for w in warns:
            assert "\n" not in str(w) and "\r" not in str(w), f"{name}: warning is not one line: {w!r}"
            assert w.message.strip(), name


@pytest.mark.parametrize("name", ["binary", "png"])
def test_binary_files_are_skipped_with_one_warning(hostile, loaded, name) -> None:
    path = hostile[name]
    assert _records_from(loaded, path) == []
    warns = _warnings_for(loaded, path)
    assert len(warns) == 1
    assert "binary" in warns[0].message


def test_clean_record_loads_next_to_hostile_files(hostile, loaded) -> None:
    recs = _records_from(loaded, hostile["ok"])
    assert len(recs) == 1, [str(w) for w in loaded.warnings]
    assert "zebraok" in recs[0].text
    assert recs[0].department == "Department for Education"


@pytest.mark.parametrize("name", ["markup", "ansi", "bidi", "controls", "utf16", "invalid_utf8", "nul"])
def test_hostile_text_records_load_as_records(hostile, loaded, name) -> None:
    recs = _records_from(loaded, hostile[name])
    assert len(recs) == 1, f"{name}: {[str(w) for w in _warnings_for(loaded, hostile[name])]}"
    assert UNIQUE[name] in recs[0].text


def test_stray_nul_bytes_are_reported_not_fatal(hostile, loaded) -> None:
    (rec,) = _records_from(loaded, hostile["nul"])
    assert "\x00" not in rec.text
    assert any("NUL" in w.message for w in _warnings_for(loaded, hostile["nul"]))


def test_markup_is_kept_literally_in_the_record_text(hostile, loaded) -> None:
    (rec,) = _records_from(loaded, hostile["markup"])
    assert MARKUP in rec.text
    assert "[@click=app.quit]y[/]" in (rec.title or "")


def test_escape_payload_is_kept_but_never_raw_after_printable(hostile, loaded) -> None:
    (rec,) = _records_from(loaded, hostile["ansi"])
    shown = printable(rec.text)
    assert OSC52_B64 in shown  # the content is not silently dropped …
    assert "\x1b" not in shown and not has_unsafe(shown)  # … and cannot act on a terminal


@pytest.mark.slow
def test_50mb_single_line_loads_or_is_reported_next_to_the_rest(tmp_path) -> None:
    files = make_hostile_corpus(tmp_path, long_line_mb=50)
    path = files["long_line"]
    assert path.stat().st_size > 49_000_000
    corpus = load([tmp_path])
    assert _records_from(corpus, files["ok"]), "the clean record did not load next to the 50 MB line"
    recs = _records_from(corpus, path)
    if recs:
        (rec,) = recs
        assert UNIQUE["long_line"] in rec.text
        assert sum(len(p.text) for p in rec.passages) > 49_000_000
    else:
        (w,) = _warnings_for(corpus, path)
        assert "\n" not in str(w)


def test_hostile_file_name_gives_a_one_line_warning(tmp_path) -> None:
    bad = tmp_path / "evil\x1b]0;pwned\x07\nname.bin"
    bad.write_bytes(b"\x00\x01\x02binary")
    corpus = load([tmp_path])
    assert corpus.records == []
    (w,) = corpus.warnings
    assert "binary" in w.message
    line = printable(str(w))
    assert "\x1b" not in line and "\x07" not in line


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    from tui.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_list_writes_no_escape_or_bidi_control(hostile, capsys) -> None:
    code, out, err = _cli(capsys, "list", str(hostile["ok"].parent))
    assert code == 0
    for stream, text in (("stdout", out), ("stderr", err)):
        assert "\x1b" not in text, f"ESC reached {stream}"
        assert "\x9b" not in text and "\x07" not in text, f"C1/BEL reached {stream}"
        assert "\u202e" not in text and "\u2066" not in text, f"bidi control reached {stream}"
    assert "Hostile markup record [bold]B[/]" in out


def test_cli_show_hostile_record_writes_no_escape(hostile, capsys) -> None:
    corpus = load([hostile["ansi"]])
    (rec,) = corpus.records
    code, out, err = _cli(capsys, "show", rec.id, str(hostile["ansi"]))
    assert code == 0
    assert UNIQUE["ansi"] in out
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert OSC52_B64 in out  # shown, not dropped


def test_cli_show_json_keeps_exact_text(hostile, capsys) -> None:
    """JSON is for programs: the exact text, escaped by JSON (no raw ESC byte)."""
    import json

    corpus = load([hostile["ansi"]])
    (rec,) = corpus.records
    code, out, _ = _cli(capsys, "show", rec.id, str(hostile["ansi"]), "--json")
    assert code == 0
    assert "\x1b" not in out  # json.dump escapes control characters
    data = json.loads(out)
    assert any("\x1b]52;c;" in p["text"] for p in data["passages"])


def test_loading_missing_and_unreadable_paths(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    os.chmod(secret, 0)
    corpus = load([tmp_path / "nope", secret])
    msgs = [str(w) for w in corpus.warnings]
    assert any("nope" in m for m in msgs)
    if os.geteuid() != 0:  # root can read anything
        assert any("secret.txt" in m for m in msgs)


def test_cli_annotations_with_hostile_tag_and_note_writes_no_escape(hostile, loaded, tmp_path, capsys) -> None:
    from annotations import AnnotationStore
    from hostile import HOSTILE_NOTE, HOSTILE_TAG

    (rec,) = _records_from(loaded, hostile["markup"])
    store = AnnotationStore.open(tmp_path / "store")
    store.add(rec, rec.passages[0], tags=[HOSTILE_TAG], note=HOSTILE_NOTE)
    code, out, err = _cli(capsys, "annotations", "--store", str(tmp_path / "store"), "--corpus", str(hostile["markup"]))
    assert code == 0, err
    assert "[bold]tag[/]" in out
    for ch in ("\x1b", "\x07", "\x9b", "\u202e", "\u2066"):
        assert ch not in out and ch not in err, f"raw {ch!r} in `parlread annotations` output"


def test_cli_search_shows_control_characters_as_visible_stand_ins(hostile, capsys) -> None:
    """A search hit goes through printable: ESC is shown as ␛ (not dropped, not raw), on one line."""
    code, out, err = _cli(capsys, "search", UNIQUE["ansi"], str(hostile["ansi"]))
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    hit_lines = [line for line in out.splitlines() if "␛" in line]
    assert hit_lines, out
