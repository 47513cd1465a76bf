"""Saved HTML pages and Markdown files go through the plain-text rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import formats
from corpus.formats import html as html_fmt
from corpus.formats import markdown as md_fmt
from corpus.htmltext import Block, html_blocks
from corpus.loader import load, sample_dir
from corpus.source import Source

FIX = Path(__file__).parents[1] / "fixtures" / "import"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLREAD_CACHE", str(tmp_path / "cache"))


def src(text: str, name: str = "x") -> Source:
    return Source(name, text.encode("utf-8"), text, "utf-8")


def same_records(a, b):
    assert len(a) == len(b) >= 1
    for x, y in zip(a, b):
        assert x.metadata() == y.metadata()
        assert [(p.role, p.text, p.list_item) for p in x.passages] == [(p.role, p.text, p.list_item) for p in y.passages]
        assert x.id == y.id  # same text, same id wherever it lives


def test_saved_hansard_page_reads_like_the_text_version():
    page = load([FIX / "saved_page.html"])
    text = load([next(sample_dir().glob("003_*.txt"))])
    assert page.warnings == []
    assert [r.source_format for r in page] == ["html"]
    same_records(page.records, text.records)
    r = page.records[0]
    assert r.title == "Children’s Social Care"
    assert r.extra["html_title"] == "Children’s Social Care - Hansard - UK Parliament"
    assert "not text" not in r.text and "color: red" not in r.text  # script and style dropped
    assert not any(p.text in ("Home", "Debates", "Skip to main content") for p in r.passages)  # menu dropped


def test_markdown_file_reads_like_the_text_version():
    md = load([FIX / "notes.md"])
    text = load([next(sample_dir().glob("001_*.txt"))])
    assert [r.source_format for r in md] == ["markdown"]
    same_records(md.records, text.records)
    r = md.records[0]
    assert (r.title, r.answered_by, r.date_answered) == ("Children: Social Services", "Claire Coutinho", "2023-02-10")
    assert "**" not in r.text and "](" not in r.text


def test_plain_text_samples_are_not_claimed_by_html_or_markdown():
    for p in sorted(sample_dir().glob("*.txt")):
        s = src(p.read_text("utf-8"), p.name)
        assert formats.detect(s).NAME == "plaintext", p.name


@pytest.mark.parametrize(
    "text,is_html",
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        ("  <html lang='en'><p>x</p></html>", True),
        ("<div><p>One</p><p>Two</p><ul><li>three</li></ul></div>", True),
        ("Costs < 5 and > 3 in <b>most</b> years.\n\nA plain paragraph.", False),
        ("The <p> tag is mentioned in prose here.", False),
    ],
)
def test_html_sniff(text, is_html):
    assert html_fmt.sniff(src(text)) is is_html


@pytest.mark.parametrize(
    "text,is_md",
    [
        ("# Title\n\nSome **bold** text and a [link](http://a.b).\n", True),
        ("## Notes\n\n## More\n\n### Detail\n", True),
        ("Title\n\n- a bullet\n- another bullet\n\nText with * stars * in it.\n", False),
        ("#hashtag is not a heading\n\nplain text\n", False),
        ("Question to the Department for Education:\n\nTo ask the Secretary of State ...\n", False),
    ],
)
def test_markdown_sniff(text, is_md):
    assert md_fmt.sniff(src(text)) is is_md


def test_html_blocks_paragraphs_lists_tables_and_breaks():
    html = (
        "<p>First &pound;5 <b>bold</b><br>second line</p>"
        "<ul><li>one</li><li><p>two</p></li></ul>"
        "<table><tr><th>Year</th><th>Amount</th></tr><tr><td><p>2024</p></td><td>£1</td></tr>"
        "<tr><td></td><td></td></tr></table>"
        "<!-- a comment --><script>evil()</script>tail text"
    )
    assert html_blocks(html) == [
        Block("First £5 bold"), Block("second line"),
        Block("one", True), Block("two", True),
        Block("Year | Amount"), Block("2024 | £1"),
        Block("tail text"),
    ]
    assert html_blocks("<p>a<br>b</p>", br_newline=True) == [Block("a\nb")]
    assert html_blocks("just text\n\nno tags") == [Block("just text"), Block("no tags")]
    assert html_blocks("") == []


def test_empty_html_page_warns_not_crashes(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<!doctype html><html><head><title>t</title></head><body><script>x</script></body></html>")
    c = load([p])
    assert len(c) == 0
    assert [w.message for w in c.warnings] == ["HTML page without any text"]  # one line: the reason
