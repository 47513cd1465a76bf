"""Paging through a long record: no line is skipped between pages, the cursor
follows the view, and the text keeps its column (the left margin is
drawn by the reader itself, not CSS padding)."""

from __future__ import annotations

import pytest

from corpus.corpus import Corpus
from corpus.model import make_record
from tui.app import ParlreadApp
from tui.widgets.reader import Reader


def _long_record():
    paras = []
    for i in range(40):
        words = " ".join(f"w{i}x{j}" for j in range(5 + (i * 7) % 40))  # 1 to 4 lines at 80 columns
        paras.append(("answer" if i else "question", f"Para{i} {words}."))
    return make_record(paras, title="A long answer", kind="written question", house="Commons",
                       date_asked="2024-01-02", department="Department for Education")


def _screen_lines(app, reader: Reader) -> list[str]:
    """The reader's rows as the terminal gets them (padding and scrollbar included)."""
    r = reader.region
    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(r.x, r.right).text for y in range(r.y, r.bottom)]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_space_pages_through_every_line_with_the_cursor_in_view(size):
    record = _long_record()
    app = ParlreadApp(corpus=Corpus([record]))
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        width = reader.region.width
        height = reader.scrollable_content_region.height
        shown: dict[int, str] = {}  # line of the record's layout -> its row as drawn
        pages = 0
        while True:
            lines = _screen_lines(app, reader)
            assert all(len(line) == width for line in lines)
            top = reader.scroll_offset.y
            sticky = 1 if top > 0 else 0  # once scrolled, row 0 is the record's title bar
            if sticky:
                assert lines[0][1:].lstrip().startswith("A long answer")
            for y in range(sticky, len(lines)):
                if top + y < len(reader._lines):
                    shown.setdefault(top + y, lines[y])
            cursor_rows = [y for y, line in enumerate(lines) if line.startswith(" ▌")]
            if pages:
                # the cursor moved with the page: on screen, on the first passage starting in view
                assert cursor_rows, f"cursor off screen after page {pages}"
                first_visible = next(i for i, p in enumerate(record.passages) if reader._first_line[i] >= top + sticky)
                if top < reader.max_scroll_y:
                    assert reader.cursor == first_visible
                assert lines[cursor_rows[0]][4:].startswith(f"Para{reader.cursor} ") or cursor_rows[0] == sticky
            if top >= reader.max_scroll_y:
                break
            await pilot.press("space")
            await pilot.pause()
            assert reader.scroll_offset.y == top + height - 1 or reader.scroll_offset.y == reader.max_scroll_y
            pages += 1
        # no line was skipped between pages
        assert sorted(shown) == list(range(len(reader._lines)))
        seen = [shown[i] for i in sorted(shown)]
        assert pages >= 2
        body = "\n".join(seen)
        for i, p in enumerate(record.passages):
            # every word of every passage was on some page, in reading order
            assert body.index(f"Para{i} ") < body.index(f"Para{i + 1} ") if i + 1 < len(record.passages) else True
            for word in p.text.rstrip(".").split()[1:]:
                assert f" {word}" in body or f"{word} " in body
        # text starts in column 4: one margin cell, then the 3-cell gutter (cursor, mark, space)
        para_lines = [line for line in seen if "Para" in line]
        assert para_lines and all(line.index("Para") == 4 for line in para_lines)
        # and back up: b returns to the top a page at a time
        for _ in range(pages):
            await pilot.press("b")
            await pilot.pause()
        assert reader.scroll_offset.y == 0


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_scrollbar_thumb_follows_every_key_as_a_full_repaint_would(size):
    """Only the thumb's rows of the scrollbar are repainted on scroll: the bar on
    screen must still be exactly what repainting it whole gives."""
    app = ParlreadApp(corpus=Corpus([_long_record()]))
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        bar = reader.vertical_scrollbar
        assert reader.show_vertical_scrollbar

        def bar_cells():
            r = bar.region
            strips = app.screen._compositor.render_strips()
            return [[(s.text, s.style) for s in strips[y].crop(r.x, r.right)] for y in range(r.y, r.bottom)]

        positions = set()
        for key in ["space", "space", "j", "j", "space", "b", "G", "k", "g", "space", "space", "space", "b"]:
            await pilot.press(key)
            await pilot.pause()
            shown = bar_cells()
            positions.add(bar.position)
            bar.refresh()  # the whole bar, as Textual's own scrollbar does on every scroll
            await pilot.pause()
            assert shown == bar_cells(), f"stale scrollbar rows after {key!r} at position {bar.position}"
        assert len(positions) >= 4  # the thumb did move


async def test_cursor_bar_is_on_exactly_the_current_passage_after_each_move():
    """j/k repaint only the lines whose bar changes: no stale bar may remain."""
    record = _long_record()
    app = ParlreadApp(corpus=Corpus([record]))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        for key in ["j"] * 12 + ["k"] * 5 + ["space", "j", "k", "k", "G", "k", "g", "j"]:
            await pilot.press(key)
            await pilot.pause()
            lines = _screen_lines(app, reader)
            top = reader.scroll_offset.y
            barred = {y for y, line in enumerate(lines) if line.startswith(" ▌")}
            expected = {y for y in range(1 if top else 0, len(lines)) if top + y < len(reader._lines)
                        and reader._lines[top + y].passage == reader.cursor}
            assert expected and barred == expected, f"after {key!r} (top {top}, cursor {reader.cursor}): bar on rows {sorted(barred)}, cursor on {sorted(expected)}"
        # focus elsewhere and back: the bar stays (its colour shows focus)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert any(line.startswith(" ▌") for line in _screen_lines(app, reader))
