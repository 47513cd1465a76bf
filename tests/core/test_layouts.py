"""Layout fixtures: pages reproducing the structure of each site's real layout give exactly
their expected records and fields (tests/fixtures/layouts/*.expected.json, written from the
shared data's ground truth), and none of their furniture lines stays as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.loader import load
from corpus.model import METADATA_FIELDS

LAYOUTS = Path(__file__).parents[1] / "fixtures" / "layouts"
CASES = sorted(p for p in LAYOUTS.iterdir() if p.suffix in (".txt", ".html") and p.with_suffix(".expected.json").exists()
               or p.name.endswith((".txt", ".html")) and (LAYOUTS / (p.name.rsplit(".", 1)[0] + ".expected.json")).exists())


def expected_for(page: Path) -> dict:
    return json.loads((LAYOUTS / (page.name.rsplit(".", 1)[0] + ".expected.json")).read_text("utf-8"))


def test_enough_fixtures_of_every_kind():
    exps = [expected_for(p) for p in CASES]
    assert len(CASES) >= 25
    assert sum(1 for e in exps if len(e["records"]) > 1) >= 10
    kinds = {r["fields"]["kind"] for e in exps for r in e["records"]}
    houses = {r["fields"].get("house") for e in exps for r in e["records"]}
    assert kinds >= {"written question", "written statement", "debate"} and houses >= {"Commons", "Lords"}
    assert any(p.suffix == ".html" for p in CASES)


@pytest.mark.parametrize("page", CASES, ids=[p.name for p in CASES])
def test_layout_fixture(page):
    exp = expected_for(page)
    corpus = load([page])
    assert corpus.warnings == []
    got = corpus.records
    assert len(got) == len(exp["records"]), [r.title for r in got]
    for n, (r, e) in enumerate(zip(got, exp["records"])):
        want = {f: e["fields"].get(f) for f in METADATA_FIELDS}
        assert r.metadata() == want, f"record {n}"
        assert sorted(r.field_notes) == e["notes"], f"record {n}: {r.field_notes}"
        for k, v in e.get("extra", {}).items():
            assert r.extra.get(k) == v, f"record {n}: extra {k}"
        assert [[p.role, p.text] for p in r.passages] == e["passages"], f"record {n}"
    text = "\n".join(p.text for r in got for p in r.passages)
    for line in exp["furniture"]:
        assert line not in text, line


# the text fixture of the same page as a saved-HTML fixture; an HTML fixture without one has its plain-text copy beside
# it as NAME.txt (tests/fixtures/layouts/build_text_copies.py: its header, cookie banner and footer as text)
TEXT_COPY_OF = {"pp_listing_commons_html": "pp_listing_commons", "lords_wa_html": "lords_wa", "uk_listing_html": "uk_listing_commons"}
HTML_PAGES = sorted(LAYOUTS.glob("*.html"))


@pytest.mark.parametrize("htm", HTML_PAGES, ids=[p.stem for p in HTML_PAGES])
def test_saved_html_gives_the_same_records_as_the_text_copy(htm):
    txt = LAYOUTS / f"{TEXT_COPY_OF.get(htm.stem, htm.stem)}.txt"
    assert txt.exists(), f"{htm.name} has no plain-text copy"
    a, b = load([txt]).records, load([htm]).records
    assert [r.metadata() for r in a] == [r.metadata() for r in b], htm
    assert [r.field_notes for r in a] == [r.field_notes for r in b], htm
    assert [[(p.role, p.text) for p in r.passages] for r in a] == [[(p.role, p.text) for p in r.passages] for r in b], htm
    assert [r.id for r in a] == [r.id for r in b]


def test_saved_html_chrome_goes_by_element_and_time_gives_the_year(tmp_path):
    page = tmp_path / "statement.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Corporate Taxation - Hansard</title></head><body>"
        "<div class='share-bar'><span>Facebook</span> <span>Bluesky</span> <span>LinkedIn</span></div>"
        "<div role='navigation'><p>Commons</p><p>Lords</p></div>"
        "<main><h1>Corporate Taxation</h1><p>Written Ministerial Statement</p>"
        "<p><time datetime='2009-10-29'>Thursday 29 October</time></p>"
        "<p>The Financial Secretary to the Treasury (Stephen Timms): I am today publishing a consultation document.</p>"
        "</main><aside><p>Related debates</p></aside></body></html>", "utf-8")
    (r,) = load([page]).records
    assert (r.kind, r.title, r.date, r.answered_by, r.answered_by_role, r.house) == (
        "written statement", "Corporate Taxation", "2009-10-29", "Stephen Timms", "Financial Secretary to the Treasury", None)
    assert [p.text for p in r.passages] == ["I am today publishing a consultation document."]


def test_footer_links_go_but_a_list_that_ends_a_record_stays():
    """Short link lines after the text at the end of a page are its footer; a list that ends the record is text."""
    from corpus.formats import plaintext
    from corpus.source import Source

    def texts(tail: list[str]) -> list[str]:
        lines = ["Wareham Railway Station", "", "Wednesday 28 October 2009", "", "Westminster Hall", "",
                 "Annette Brooke (Mid Dorset and North Poole) (LD)", "",
                 "I am grateful to have secured this debate on the crossing at Wareham station and its closure.", ""]
        text = "\n".join(lines + [x for t in tail for x in (t, "")])
        return [p.text for r in plaintext.parse(Source("p.txt", text.encode(), text, "utf-8", [])) for p in r.passages]

    assert texts(["Back to top", "Terms of use", "Privacy"])[-1].startswith("I am grateful")
    names = ["Abbott, Diane", "Adams, Nigel", "Afriyie, Adam"]  # a division list: names with commas
    assert texts(names)[-3:] == names
    assert texts(["The pilot areas are:", "• Kent", "• Surrey"])[-2:] == ["Kent", "Surrey"]


def test_a_navigation_bar_above_a_cookie_notice_is_not_a_title():
    from corpus.formats import plaintext
    from corpus.source import Source

    text = "\n\n".join(["Home Debates Written answers", "We use cookies to improve this site. Accept all cookies?", "Accept",
                        "Wednesday 28 October 2009", "Westminster Hall", "Annette Brooke (Mid Dorset and North Poole) (LD)",
                        "I am grateful to have secured this debate on the crossing at Wareham station and its closure."]) + "\n"
    (r,) = plaintext.parse(Source("p.txt", text.encode(), text, "utf-8", []))
    assert (r.title, r.date, r.answered_by) == (None, "2009-10-28", "Annette Brooke")
    assert "Home Debates Written answers" not in [p.text for p in r.passages]
