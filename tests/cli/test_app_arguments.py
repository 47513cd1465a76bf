"""`parlread [PATH ...] [--store DIR]`: plain paths are taken without argparse (start-up), with
the same result as argparse's intermixed parsing; anything with an option goes through argparse."""

from __future__ import annotations

import argparse

import pytest

from tui.cli import app_cmd


def _argparse(argv):
    parser = argparse.ArgumentParser(prog="parlread")
    app_cmd.add_arguments(parser)
    return parser.parse_intermixed_args(argv)


@pytest.mark.parametrize("argv", [[], ["a"], ["a b", "c/d.json", "é"], ["a", "--store", "s", "b"], ["--store=s"], ["-", "x"]])
def test_the_app_arguments_read_as_argparse_reads_them(argv):
    ours, theirs = app_cmd.parse(argv), _argparse(argv)
    assert (ours.paths, ours.store) == (theirs.paths, theirs.store)


def test_an_unknown_option_is_still_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        app_cmd.parse(["a", "--bogus"])
    assert exc.value.code == 2 and "unrecognized arguments: --bogus" in capsys.readouterr().err
