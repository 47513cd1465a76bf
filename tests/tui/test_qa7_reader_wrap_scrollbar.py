"""qa7: the reader lays its text out for the width left beside its scrollbar.

Found in tmux at 80×24: a long record's lines were wrapped for the width without the scrollbar,
so a line that filled it lost its last letter under the scrollbar ("… loving homes whil", and
with `x` a note's "… eighty column termina")."""

from __future__ import annotations

from tui.app import ParlreadApp
from tui.widgets.reader import MARGIN, Reader


async def test_every_line_of_a_long_record_fits_beside_the_scrollbar(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.main_screen.query_one(Reader)
        longest = max(app.corpus.records, key=lambda r: sum(len(p.text) for p in r.passages))
        app.open_record(longest)
        for _ in range(4):
            await pilot.pause()
        assert reader.show_vertical_scrollbar  # it scrolls at 80×24
        room = reader.scrollable_content_region.width - MARGIN
        widest = max(line.strip.cell_length for line in reader._lines)
        assert widest <= room, (widest, room)


async def test_lines_fit_beside_the_scrollbar_after_narrowing_the_terminal(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(200, 60)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.main_screen.query_one(Reader)
        longest = max(app.corpus.records, key=lambda r: sum(len(p.text) for p in r.passages))
        app.open_record(longest)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        for _ in range(6):
            await pilot.pause()
        assert reader.show_vertical_scrollbar
        room = reader.scrollable_content_region.width - MARGIN
        widest = max(line.strip.cell_length for line in reader._lines)
        assert widest <= room, (widest, room)


async def test_lines_fit_once_x_makes_a_short_record_scroll(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 45)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        reader = app.main_screen.query_one(Reader)
        for record in sorted(app.corpus.records, key=lambda r: sum(len(p.text) for p in r.passages)):
            app.open_record(record)
            for _ in range(3):
                await pilot.pause()
            if not reader.show_vertical_scrollbar:
                break
        assert not reader.show_vertical_scrollbar  # a record that fits at 80×45
        note = " ".join(f"word{i} of a long note that fills several lines" for i in range(40))
        app.store.add(record, record.passages[0], note=note)
        app.open_record(record)
        await pilot.pause()
        await pilot.press("x")  # every note in full: now it scrolls
        for _ in range(6):
            await pilot.pause()
        assert reader.show_vertical_scrollbar
        room = reader.scrollable_content_region.width - MARGIN
        widest = max(line.strip.cell_length for line in reader._lines)
        assert widest <= room, (widest, room)
