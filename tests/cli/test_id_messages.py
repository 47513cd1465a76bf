"""Messages for ids the CLI cannot resolve (QA): an ambiguous prefix says so, a mistyped path is a path.

Found on the samples: `parlread collate e8 86` said "no record with id or unique id prefix '86'"
although two records start with 86; `parlread collate A ../shared/data/typo.json` called the
missing file a record id.
"""

from __future__ import annotations

import pytest

from collate_fixtures import PRISON, rec
from corpus.corpus import Corpus
from tui import cli
from tui.cli import collate as collate_cmd
from tui.cli import compare as compare_cmd


@pytest.fixture
def corpus(monkeypatch):
    recs = [rec(PRISON, natural_key=f"k{i}") for i in range(40)]  # 40 ids: some share a first character
    corp = Corpus(recs)
    for mod in (collate_cmd, compare_cmd):
        monkeypatch.setattr(mod, "load_corpus", lambda paths, quiet=False: corp)
    return corp


def _shared_prefix(corpus):
    by: dict[str, list[str]] = {}
    for r in corpus.records:
        by.setdefault(r.id[0], []).append(r.id)
    prefix, ids = next((p, ids) for p, ids in sorted(by.items()) if len(ids) >= 2)
    return prefix, sorted(ids)


@pytest.mark.parametrize("command", ["collate", "compare"])
def test_an_ambiguous_prefix_lists_the_records_it_matches(corpus, capsys, command):
    prefix, ids = _shared_prefix(corpus)
    other = next(r.id for r in corpus.records if not r.id.startswith(prefix))
    assert cli.main([command, other, prefix]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"parlread: id prefix '{prefix}' is ambiguous: {len(ids)} records start with it: ")
    assert ids[0] in err and ids[1] in err and "type more of the id" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", ["collate", "compare"])
def test_a_missing_path_is_reported_as_a_missing_file(corpus, capsys, command, tmp_path):
    a = corpus.records[0].id
    missing = str(tmp_path / "typo.json")
    assert cli.main([command, a, missing]) == 1
    assert capsys.readouterr().err == f"parlread: no such file or directory: {missing}\n"


def test_collate_group_takes_the_same_thresholds_as_versions(monkeypatch, capsys):
    # `parlread versions --threshold 0.3` numbers its groups differently: `collate --group N` must be able to follow
    from collate_fixtures import three_witnesses

    a, b, c = three_witnesses()
    loose = rec(PRISON[:2] + ["An unrelated paragraph about something else entirely, " * 3] * 4, natural_key="loose")
    corp = Corpus([a, b, c, loose])
    from tui.cli import versions as versions_cmd

    for mod in (collate_cmd, versions_cmd):
        monkeypatch.setattr(mod, "load_corpus", lambda paths, quiet=False: corp)
    for t in ("0.5", "0.2"):
        assert cli.main(["versions", "--threshold", t, "--json"]) == 0
        import json

        groups = json.loads(capsys.readouterr().out)["groups"]
        assert cli.main(["collate", "--group", "1", "--threshold", t, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["witnesses"] == groups[0]["ids"]
