"""The collation screen's head says which witnesses the source cut short (QA; see tests/cli/test_collate_truncated.py).

Records: tests/fixtures/import/wq_list_array.json (real list-endpoint items).
Contains Parliamentary information licensed under the Open Parliament Licence v3.0.
"""

from __future__ import annotations

from pathlib import Path


from pilot_support import workers_idle as _settle

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "wq_list_array.json"
CUT = ("dd28bc99a1e8", "2ef6071b3f62")


def test_the_screen_head_marks_them_too():
    import asyncio

    from textual.app import App

    from corpus.loader import load
    from tui.screens.collate import CollateScreen

    corpus = load([str(FIXTURE)])
    recs = [corpus.record(i) for i in CUT]

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(CollateScreen(recs))

    async def run():
        app = Host()
        async with app.run_test(size=(120, 30)) as pilot:
            await _settle(app, pilot)
            await pilot.pause()
            head = str(app.screen.query_one("#collate-head").render())
            assert head.count("cut short: answer") == 2, head

    asyncio.run(run())
