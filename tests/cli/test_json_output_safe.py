"""--json output of every CLI command never carries a raw C1, bidi or line-separator character (QA).

``json.dump(..., ensure_ascii=False)`` escapes C0 controls but writes U+009B (an
8-bit CSI), U+202E (right-to-left override) and U+2028 as they are: shown in a
terminal they act instead of being drawn.  The JSON must decode to the same
strings with those characters escaped (``\\u202e``).
"""

from __future__ import annotations

import json

import pytest

from collate_fixtures import PRISON, rec
from corpus.corpus import Corpus
from tui import cli
from tui.cli import collate as collate_cmd
from tui.cli import versions as versions_cmd

HOSTILE = "Prison estates \u202eevil\u202c \x9b2J \u2028 \x85 end"


@pytest.fixture
def corpus(monkeypatch):
    a = rec(PRISON, title=HOSTILE)
    b = rec([PRISON[0].replace("prison", "prison \u202eestate\u202c")] + PRISON[1:], title="Prison estates \x9b31m")
    corp = Corpus([a, b])
    for mod in (collate_cmd, versions_cmd):
        monkeypatch.setattr(mod, "load_corpus", lambda paths, quiet=False: corp)
    return corp


@pytest.mark.parametrize("argv", [("collate", "A", "B", "--json"), ("versions", "--json")])
def test_json_escapes_c1_and_bidi_controls(corpus, capsys, argv):
    a, b = corpus.records
    argv = [a.id if x == "A" else b.id if x == "B" else x for x in argv]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    for ch in ("\u202e", "\u202c", "\x9b", "\x85"):
        assert ch not in out
    text = json.dumps(json.loads(out), ensure_ascii=False)
    assert "\u202e" in text  # the same strings once decoded


def test_print_json_escapes_and_round_trips(capsys):
    from tui.cli.common import print_json

    print_json({"t": HOSTILE, "plain": "café — “quoted”"})
    out = capsys.readouterr().out
    assert "\\u202e" in out and "\\u009b" in out and "\\u0085" in out
    assert "café — “quoted”" in out  # ordinary non-ASCII stays readable
    assert json.loads(out) == {"t": HOSTILE, "plain": "café — “quoted”"}


def test_load_warnings_quote_file_names_printably(tmp_path, capsys):
    # a skipped file named bin<ESC>]0;pwned<BEL>.dat set the terminal's title through the warning line
    from tui import cli

    import shutil

    from corpus.dirs import sample_dir

    (tmp_path / "bin\x1b]0;pwned\x07.dat").write_bytes(bytes(range(256)) * 8)
    sample = sorted(sample_dir().glob("*.txt"))[0]  # one readable record beside it
    shutil.copy(sample, tmp_path / sample.name)
    assert cli.main(["list", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "skipped" in err and "\x1b" not in err and "\x07" not in err
    assert "bin␛]0;pwned␇.dat" in err
