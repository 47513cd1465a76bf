"""SearchScreen in a tiny host app, driven with Pilot."""

from __future__ import annotations

import time

import pytest
from pilot_support import until
from textual.app import App

from corpus.corpus import Corpus
from corpus.loader import load
from corpus.model import make_record
from corpus.search import SearchIndex
from tui.screens.search import SearchScreen


class Host(App):
    def __init__(self, screen_factory):
        super().__init__()
        self.factory = screen_factory
        self.results = []

    def on_mount(self) -> None:
        self.push_screen(self.factory(), self.results.append)


@pytest.fixture(scope="module")
def samples():
    corpus = load()
    return corpus, SearchIndex.build(corpus)


async def _settle(pilot, query):
    """Wait (bounded) until the hits for ``query`` are on screen."""
    await until(pilot, lambda: isinstance(pilot.app.screen, SearchScreen) and pilot.app.screen.shown_query == query,
                f"results shown for {query!r}")


async def _until_result(pilot):
    await until(pilot, lambda: pilot.app.results, "the screen to be dismissed")


async def test_misspelt_query_first_hit_and_enter_returns_it(samples):
    corpus, index = samples
    app = Host(lambda: SearchScreen(corpus, index))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"kinship carer allowence")
        await _settle(pilot, "kinship carer allowence")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        first = screen.hit_list.hits[0]
        assert "financial allowance pathfinder" in first.text
        # what is on screen: the first hit's snippet with the matched word
        lines = [screen.hit_list.render_line(y).text for y in range(4)]
        assert "allowance" in lines[1] or "kinship" in lines[1].lower()
        await pilot.press("enter")
        await _until_result(pilot)
    hit, hits = app.results[0]
    assert hit is first and hits[0] is first and len(hits) >= 2


async def test_move_down_then_enter_and_escape(samples):
    corpus, index = samples
    app = Host(lambda: SearchScreen(corpus, index))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"care")
        await _settle(pilot, "care")
        second = app.screen.hit_list.hits[1]
        await pilot.press("down", "enter")
        await _until_result(pilot)
        assert app.results[0][0] is second
    app2 = Host(lambda: SearchScreen(corpus, index, query="care"))
    async with app2.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, "care")
        assert app2.screen.hit_list.hits
        await pilot.press("escape")
        await _until_result(pilot)
    assert app2.results == [None]


async def test_find_in_one_record(samples):
    corpus, index = samples
    rec = next(r for r in corpus.records if any("kinship" in p.text.lower() for p in r.passages))
    app = Host(lambda: SearchScreen(corpus, index, record_id=rec.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"kinshp")
        await _settle(pilot, "kinshp")
        hits = app.screen.hit_list.hits
        assert hits and {h.record_id for h in hits} == {rec.id}


async def test_hostile_text_is_not_markup():
    rec = make_record([("body", "[bold]kinship[/bold] [@click=app.quit]x[/] \x1b[2J end")], natural_key="h",
                      title="[red]Title[/red]")
    corpus = Corpus(records=[rec])
    index = SearchIndex.build(corpus)
    app = Host(lambda: SearchScreen(corpus, index, query="kinship"))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot, "kinship")
        hl = app.screen.hit_list
        line0 = hl.render_line(0).text
        line1 = hl.render_line(1).text
        assert "[red]Title[/red]" in line0
        assert "[bold]kinship[/bold] [@click=app.quit]x[/]" in line1
        assert "\x1b" not in line1 and "␛" in line1
    assert app.return_code in (None, 0) and app.results == []  # still open: nothing clicked


async def test_hundred_thousand_hits_render_lazily(samples):
    corpus, index = samples
    hits = index.search("care", limit=None)
    many = (hits * (100_000 // len(hits) + 1))[:100_000]
    app = Host(lambda: SearchScreen(corpus, index))
    async with app.run_test(size=(80, 24)) as pilot:
        hl = app.screen.hit_list
        t = time.perf_counter()
        hl.set_hits(many)
        hl.action_last()
        await pilot.pause()
        elapsed = time.perf_counter() - t
        # the scroll lands after the new size is laid out
        await until(pilot, lambda: hl.scroll_offset.y > 199_000, "the jump to the last hit")
        assert hl.virtual_size.height == 200_000
        assert hl.cursor == 99_999 and hl.scroll_offset.y > 199_000
        assert len(hl._cache) <= 1000
    print(f"100k hits: set + jump to end + render in {elapsed * 1000:.0f} ms")


def test_snippet_shows_the_densest_matches():
    from tui.screens.search import snippet

    text = "kinship " + "filler words here " * 20 + "kinship carers allowance end"
    start = text.index("kinship carers")
    hl = [[0, 7], [start, start + 7], [start + 8, start + 14], [start + 15, start + 24]]
    out = snippet(text, hl, 60)
    plain = out.plain
    assert plain.startswith("… ") and "kinship carers allowance" in plain[:60]
    styled = {plain[s.start : s.end] for s in out.spans if s.style is not None and "bold" in str(s.style)}
    assert styled == {"kinship", "carers", "allowance"}


async def test_hits_with_one_title_and_date_are_told_apart_by_their_uin():
    """Written questions on one subject often share a title and an answer date: the hit list shows each UIN."""
    recs = [make_record([("question", f"To ask the Secretary of State for Education, what assessment she has made of kinship care allowances in {place}.")],
                        natural_key=f"q{uin}", kind="written question", title="Kinship Care: Allowances", date_answered="2024-03-04",
                        uin=uin) for uin, place in (("17131", "Cumbria"), ("17132", "Devon"))]
    corpus = Corpus(recs)
    app = Host(lambda: SearchScreen(corpus, SearchIndex.build(corpus)))
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press(*"kinship allowances")
        await _settle(pilot, "kinship allowances")
        screen = app.screen
        heads = [screen.hit_list.render_line(y).text for y in (0, 2)]
        assert all("Kinship Care: Allowances  2024-03-04" in h for h in heads)
        assert sorted(h.split("2024-03-04")[1].split()[0] for h in heads) == ["17131", "17132"]
