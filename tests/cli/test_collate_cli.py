"""parlread collate (ids, PATHs, --group) and version groups of three with a partial witness."""

from __future__ import annotations

import json

import pytest

from collate_fixtures import ENFORCE, PRISON, rec, three_witnesses
from corpus.corpus import Corpus
from corpus.versions import PART, find_versions
from tui import cli
from tui.cli import collate as collate_cmd
from tui.cli import versions as versions_cmd


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def corpus(monkeypatch):
    a, b, c = three_witnesses()
    excerpt = rec(PRISON[1:3], title="Prison estates (excerpt)")  # two paragraphs quoted elsewhere
    hostile = rec(["Plain \x1b[31mred\x1b[0m text about prisons [bold]here[/bold] \u202eevil and more words to "
                   "make it long enough to be a version of the next one."], natural_key="h1")
    hostile2 = rec(["Plain red text about prisons here evil and more words to make it long enough to be a "
                    "version of the next one."], natural_key="h2")
    other = rec(ENFORCE, title="Enforcement Restriction Orders")
    corp = Corpus([a, b, c, excerpt, hostile, hostile2, other])
    for mod in (collate_cmd, versions_cmd):
        monkeypatch.setattr(mod, "load_corpus", lambda paths, quiet=False: corp)
    return corp


def test_three_copies_and_an_excerpt_are_one_group_with_the_excerpt_partial(corpus):
    a, b, c, excerpt = corpus.records[:4]
    groups = find_versions(corpus)
    (g,) = [g for g in groups if a.id in g.ids]
    assert set(g.ids) == {a.id, b.id, c.id, excerpt.id}
    assert set(g.partial) == {excerpt.id}
    fuller, share = g.partial[excerpt.id]
    assert fuller in (a.id, b.id, c.id) and 0.3 < share < 0.6
    assert any(p.kind == PART for p in g.pairs)


def test_versions_text_and_json_show_the_group_of_four_and_the_partial(corpus, capsys):
    excerpt = corpus.records[3]
    code, out, _ = run(capsys, "versions")
    assert code == 0
    assert out.startswith("group 1: 4 records, similarity up to 1.00\n") or out.startswith("group 1: 4 records")
    line = next(ln for ln in out.splitlines() if excerpt.id in ln and "Prison estates (excerpt)" in ln)
    assert "(partial: holds " in line
    code, out, _ = run(capsys, "versions", "--json")
    g = json.loads(out)["groups"][0]
    assert {r["id"]: r["partial"] for r in g["records"]}[excerpt.id] is True
    assert set(g["partial"]) == {excerpt.id}


def test_collate_json_exact_shape(corpus, capsys):
    a, b, c = corpus.records[:3]
    code, out, _ = run(capsys, "collate", a.id, b.id[:6], c.id, "--json")
    assert code == 0
    d = json.loads(out)
    assert d["witnesses"] == [a.id, b.id, c.id]
    assert [r["status"] for r in d["rows"]].count("some-only") == 2
    row = d["rows"][6]
    assert row == {
        "status": "variant",
        "readings": {a.id: PRISON[1].split(". ")[4] + ".",
                     b.id: "Finding the most appropriate place for a new prison is of the utmost importance.",
                     c.id: "Finding the most appropriate place for a new prison is of the utmost importance."},
        "variants": [{"readings": [{"text": "the utmost", "witnesses": [b.id, c.id]},
                                   {"text": "paramount", "witnesses": [a.id]}]}],
    }
    assert d["summary"]["counts"] == {"same": 16, "variant": 2, "some-only": 2, "moved": 0}
    assert d["summary"]["base"] == b.id and d["summary"]["witnesses"] == 3


def test_collate_text_and_markdown(corpus, capsys):
    a, b, c = corpus.records[:3]
    code, out, _ = run(capsys, "collate", a.id, b.id, c.id)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"A: {a.id}  2009-10-27  Prison Estates  — ")
    assert "20 rows · 16 same in all · 2 variant · 2 in some only · 0 moved · base B" in out
    assert "~ ABC Finding the most appropriate place for a new prison is of [B C: the utmost | A: paramount] importance." in lines
    assert any(ln.startswith("+ A·· Crime has fallen by more than a third") for ln in lines)
    code, out, _ = run(capsys, "collate", a.id, b.id, c.id, "--format", "markdown")
    assert "*… 6 sentences the same in all …*" in out
    assert "- 7 *variant* (ABC): Finding the most appropriate place for a new prison is of " \
           "[B C: the utmost | A: paramount] importance." in out


def test_collate_group_and_ignore_options(corpus, capsys):
    code, out, _ = run(capsys, "collate", "--group", "1", "--json")
    assert code == 0
    assert len(json.loads(out)["witnesses"]) == 4
    code, out, _ = run(capsys, "collate", "--group", "9")
    assert code == 1
    h1, h2 = corpus.records[4:6]
    code, out, _ = run(capsys, "collate", h1.id, h2.id, "--ignore-punctuation", "--json")
    d = json.loads(out)
    assert d["summary"]["options"]["ignore_punctuation"] is True
    code, out, _ = run(capsys, "collate", h1.id, h2.id)
    assert "\x1b" not in out and "\u202e" not in out  # document text through printable()
    assert "[bold]" in out  # shown as text, never as markup


def test_collate_errors(corpus, capsys):
    a = corpus.records[0]
    assert run(capsys, "collate", a.id)[0] == 1
    code, _, err = run(capsys, "collate", a.id, a.id)
    assert code == 1 and "given twice" in err
    code, _, err = run(capsys, "collate", a.id, "nosuchid")
    assert code == 1 and "no record with id" in err
    code, _, err = run(capsys, "collate")
    assert code == 1 and "two or more record ids" in err


def test_collating_the_group_marks_the_excerpt_partial(corpus, capsys):
    a, b, c, excerpt = corpus.records[:4]
    code, out, _ = run(capsys, "collate", a.id, b.id, c.id, excerpt.id, "--json")
    d = json.loads(out)
    assert d["summary"]["partial"] == [excerpt.id]
    code, out, _ = run(capsys, "collate", a.id, b.id, c.id, excerpt.id)
    line = next(ln for ln in out.splitlines() if ln.startswith("D: "))
    assert line.endswith("(partial: an excerpt)") and "keeps 40% of B" in line
    assert not any(ln.startswith(("A: ", "B: ", "C: ")) and "partial" in ln for ln in out.splitlines())


def test_collate_files_as_witnesses(tmp_path, capsys):
    a, b, c = three_witnesses()
    paths = []
    for n, r in zip("abc", (a, b, c)):
        f = tmp_path / f"{n}.txt"
        f.write_text(r.title + "\n\n" + "\n\n".join(p.text for p in r.passages) + "\n", encoding="utf-8")
        paths.append(str(f))
    code, out, err = run(capsys, "collate", *paths, "--json")
    assert code == 0, err
    d = json.loads(out)
    assert len(d["witnesses"]) == 3
    assert d["summary"]["counts"] == {"same": 16, "variant": 2, "some-only": 2, "moved": 0}
    code, out, err = run(capsys, "collate", paths[0], "--json")
    assert code == 1 and "at least two witnesses" in err


def test_collate_base_option(corpus, capsys):
    a, b, c = corpus.records[:3]
    code, out, _ = run(capsys, "collate", a.id, b.id, c.id, "--base", c.id[:5])
    assert code == 0
    assert "· base C (chosen)" in out
    assert f"A: {a.id}  2009-10-27  Prison Estates  — 514 words, keeps 99% of C" in out
    assert "~ ABC A prison is a source of secure, [C: well-paid jobs | A B: well paid employment] and a focus" in out
    code, out, _ = run(capsys, "collate", a.id, b.id, c.id, "--base", a.id, "--json")
    assert json.loads(out)["summary"]["base"] == a.id
    code, _, err = run(capsys, "collate", a.id, b.id, "--base", c.id)
    assert code == 1 and "not one of the versions" in err
