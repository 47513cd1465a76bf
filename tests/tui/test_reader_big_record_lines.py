"""A very big record (a 50 MB one-line file is 12,500 passages, 500,000
lines) is laid out by offsets, its lines drawn only when shown: the lines
break exactly where rich's wrapping breaks them, every word is there in
order, and highlights still show.  (It took minutes and gigabytes when every
line was a strip; the speed itself is measured by hand, see notes/qa6.md.)"""

from __future__ import annotations

import random

from rich.console import Console
from rich.text import Text

from corpus.corpus import Corpus
from corpus.model import make_record
from pilot_support import until
from tui.app import ParlreadApp
from tui.widgets.reader import Reader, _SliceLine, fold_offsets


def test_fold_offsets_breaks_where_rich_wraps():
    console = Console(width=200)
    rng = random.Random(6)
    for _ in range(300):
        width = rng.choice([10, 17, 40, 77])
        words = ["".join(rng.choice("abcdefghij,.") for _ in range(rng.randint(1, width))) for _ in range(rng.randint(1, 60))]
        text = " ".join(words)
        mine = [text[a:b] for a, b in fold_offsets(text, width)]
        theirs = [line.plain.rstrip(" ") for line in Text(text).wrap(console, width, overflow="fold")]
        assert mine == theirs, (text, width)


def test_fold_offsets_folds_words_longer_than_a_line():
    rng = random.Random(7)
    for _ in range(300):
        width = rng.choice([5, 10, 33])
        words = ["".join(rng.choice("abc") for _ in range(rng.choice([1, 3, width, width + 1, 3 * width + 2]))) for _ in range(rng.randint(1, 30))]
        text = " ".join(words)
        lines = [text[a:b] for a, b in fold_offsets(text, width)]
        assert all(0 < len(line) <= width for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost, nothing added
        assert " ".join(lines).split() == text.split() or any(len(w) > width for w in words)


async def test_a_big_record_reads_whole_and_highlights_show():
    unit = "the Minister said care and policy reform matter to the Council and children "
    paras = [("body", f"P{i} " + (unit * 53)[:3990]) for i in range(60)]  # 240 k characters: past Reader.BIG
    big = make_record(paras, title="A one-line file", kind="debate")
    app = ParlreadApp(corpus=Corpus([big]))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        reader = app.screen.query_one(Reader)
        await until(pilot, lambda: reader.record is big and len(reader._lines) > 1000, "the big record's layout")
        width = reader._width - 4  # the text width: gutter and margin
        body = [line for line in reader._lines if isinstance(line, _SliceLine)]
        assert len(body) > 2000
        texts = [line.strip.text[3:] for line in body]
        assert all(len(t) <= width for t in texts)
        assert " ".join(texts).split() == " ".join(p.text for p in big.passages).split()
        p = big.passages[7]
        reader.set_highlights(p.id, [(0, 2)])
        await until(pilot, lambda: any(line.passage == 7 and not isinstance(line, _SliceLine) for line in reader._lines), "the relayout")
        first = next(line for line in reader._lines if line.passage == 7)
        assert first.strip.text[3:].startswith("P7 the Minister")
        assert any("reverse" in str(seg.style) for seg in first.strip if seg.text.startswith("P7"))


async def test_a_big_record_is_laid_out_once_per_change_one_at_a_time():
    """Its scrollbar appearing must not lay the whole record out again at another
    width, opening the highlighted record must not either, and requests made
    while a layout runs wait for it (they ran side by side: four layouts of a
    50 MB record at once).  The annotation store opening redraws it once."""
    unit = "the Minister said care and policy reform matter to the Council and children "
    big = make_record([("body", (unit * 53)[:3990]) for _ in range(60)], title="Big", kind="debate")
    app = ParlreadApp(corpus=Corpus([big]))
    widths = []
    running = []
    original = Reader._build_lines

    def spy(self, width):
        if self.record is big:
            widths.append(width)
            running.append(1)
            assert len(running) == 1, "two layouts at once"
            try:
                return original(self, width)
            finally:
                running.pop()
        return original(self, width)

    Reader._build_lines = spy
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("enter")
            reader = app.screen.query_one(Reader)
            await until(pilot, lambda: reader.record is big and len(reader._lines) > 1000, "the layout")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert len(widths) <= 2 and len(set(widths)) == 1, widths  # highlighted, then the store's marks
            # and every line fits beside the scrollbar
            assert reader.show_vertical_scrollbar
            room = reader.scrollable_content_region.width - 1  # the margin
            assert all(line.strip.cell_length <= room for line in reader._lines[:200])
    finally:
        Reader._build_lines = original
