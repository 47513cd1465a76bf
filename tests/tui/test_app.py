"""Pilot tests of the reader: loading, navigation, filtering, help, literal text."""

from __future__ import annotations

from pilot_support import palette_offers, until

from corpus.corpus import Corpus
from corpus.model import make_record
from tui.app import ParlreadApp
from tui.screens.help import HelpScreen
from tui.widgets.library import RecordList
from tui.widgets.reader import Reader


def _corpus(n: int = 30) -> Corpus:
    recs = []
    for i in range(n):
        recs.append(
            make_record(
                [("question", f"To ask the Secretary of State about topic number {i}."),
                 ("answer", f"First answer paragraph {i}. " * 6),
                 ("answer", f"Second answer paragraph {i}. " * 6),
                 ("answer", f"Third answer paragraph {i}.")],
                title=f"Topic {i:02d}", kind="written question", house="Commons",
                date_asked=f"2024-01-{i % 28 + 1:02d}", answered_by="A Minister" if i % 2 else None,
                department="Department for Education",
            )
        )
    return Corpus(recs)


async def _ready(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_loads_sample_corpus_in_worker_and_lists_every_record():
    app = ParlreadApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await _ready(app, pilot)
        records = app.screen.query_one(RecordList)
        assert len(app.corpus.records) >= 7  # five sample files hold seven records
        assert len(records.view) == len(app.corpus.records)
        assert app.focused is records
        assert not app.screen.loading_shown


async def test_library_navigation_and_open_record_at_80x24():
    app = ParlreadApp(corpus=_corpus())
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        records = app.screen.query_one(RecordList)
        assert app.has_class("narrow")
        first = records.current
        await pilot.press("j", "j")
        assert records.cursor == 2
        await pilot.press("k")
        assert records.cursor == 1
        await pilot.press("G")
        assert records.cursor == len(records.view) - 1
        await pilot.press("g")
        assert records.current is first
        await pilot.press("enter")
        reader = app.screen.query_one(Reader)
        assert reader.record is first
        assert app.focused is reader
        assert app.has_class("reading")  # narrow: the reader replaces the library
        assert not app.screen.query_one("#library-pane").display
        await pilot.press("escape")
        assert app.focused is records
        assert app.screen.query_one("#library-pane").display


async def test_reader_moves_passage_by_passage_and_pages():
    app = ParlreadApp(corpus=_corpus())
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("enter")
        reader = app.screen.query_one(Reader)
        assert reader.cursor == 0
        await pilot.press("j", "j")
        assert reader.current_passage.index == 2
        await pilot.press("down")
        assert reader.current_passage.index == 3
        await pilot.press("j")  # past the end: stays on the last passage
        assert reader.current_passage.index == 3
        await pilot.press("H")  # the full metadata header: the record is longer than the screen
        await pilot.press("g")
        assert reader.cursor == 0 and reader.scroll_offset.y == 0
        await pilot.press("space")
        await pilot.pause()
        assert reader.scroll_offset.y > 0
        await pilot.press("b")
        await pilot.pause()
        assert reader.scroll_offset.y == 0
        await pilot.press("G")
        await pilot.pause()
        assert reader.cursor == 3


async def test_filter_as_you_type_then_back_to_list():
    app = ParlreadApp(corpus=_corpus())
    async with app.run_test(size=(120, 30)) as pilot:
        await _ready(app, pilot)
        records = app.screen.query_one(RecordList)
        await pilot.press("f")
        await pilot.press(*"minister")
        await pilot.pause()
        shown = [records.records[i] for i in records.view]
        assert len(shown) == 15 and all(r.answered_by == "A Minister" for r in shown)
        titles = [r.title for r in shown]
        await pilot.press("enter")
        assert app.focused is records
        status = str(app.screen.query_one("#library-status").render())
        assert f"{len(titles)} of 30 records" in status


async def test_sort_cycles_date_title_source():
    app = ParlreadApp(corpus=_corpus())
    async with app.run_test(size=(120, 30)) as pilot:
        await _ready(app, pilot)
        records = app.screen.query_one(RecordList)
        dates = [records.records[i].sort_date for i in records.view]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("s")
        assert records.sort_key == "title"
        titles = [records.records[i].title for i in records.view]
        assert titles == sorted(titles)
        await pilot.press("s")
        assert records.sort_key == "source"
        assert records.view == list(range(30))


async def test_wide_layout_reader_follows_library_cursor():
    app = ParlreadApp(corpus=_corpus())
    async with app.run_test(size=(140, 40)) as pilot:
        await _ready(app, pilot)
        assert not app.has_class("narrow")
        records = app.screen.query_one(RecordList)
        reader = app.screen.query_one(Reader)
        await pilot.press("j")
        await pilot.pause()
        assert reader.record is records.current
        assert app.focused is records  # browsing does not steal focus


async def test_a_stale_library_highlight_does_not_take_the_reader_off_an_opened_record():
    # a search hit, the inbox or the notes list opens a record on purpose; a library
    # highlight posted just before (the list settling after a rebuild) must not replace it
    app = ParlreadApp(corpus=_corpus())
    async with app.run_test(size=(140, 40)) as pilot:
        await _ready(app, pilot)
        records = app.screen.query_one(RecordList)
        reader = app.screen.query_one(Reader)
        first, wanted = app.corpus.records[0], app.corpus.records[7]
        stale = RecordList.Highlighted(first)  # stamped now, handled after the open below
        app.open_record(wanted)
        app.post_message(stale)
        await pilot.pause()
        assert reader.record is wanted
        await pilot.press("escape") if app.focused is reader else None
        records.focus()
        await pilot.press("j")  # a real cursor move afterwards is still followed
        await until(pilot, lambda: reader.record is records.current, "the reader following the cursor")


async def test_help_screen_lists_bindings_and_closes():
    app = ParlreadApp(corpus=_corpus())
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        from tui.screens.help import bindings_table

        table = bindings_table(app.screen.groups)

        console = Console(width=100, record=True)
        console.print(table)
        text = console.export_text()
        for words in ("Quit", "Filter", "Next", "Page", "Open"):
            assert words in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_command_palette_opens_with_ctrl_p():
    from textual.command import CommandPalette

    app = ParlreadApp(corpus=_corpus())
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Topic 07")
        await until(pilot, lambda: palette_offers(app, "Topic 07"), "the palette to offer Topic 07")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(Reader).record.title == "Topic 07"


async def test_document_markup_and_escapes_show_literally_and_clicks_do_nothing():
    hostile = make_record(
        [("body", "A sample with [bold]x[/bold] and [@click=app.quit]y[/] and \x1b[2J and [link=file:///etc/passwd]z[/link].")],
        title="[b]Title[/b] [@click=app.quit]q[/]", kind="written statement",
    )
    app = ParlreadApp(corpus=Corpus([hostile]))
    async with app.run_test(size=(100, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        lines = [line.strip.text for line in reader._lines]
        body = "".join(lines)
        assert "[bold]x[/bold]" in body
        assert "[@click=app.quit]y[/]" in body
        assert "␛[2J" in body and "\x1b" not in body
        assert "[b]Title[/b] [@click=app.quit]q[/]" in lines[0]
        # click on every line of the reader: nothing quits the app
        for y in range(0, 12):
            await pilot.click(Reader, offset=(10, y))
            await pilot.click(Reader, offset=(30, y))
        await pilot.pause()
        assert app.is_running
        assert app.return_value is None


async def test_unknown_metadata_is_shown_as_unknown():
    rec = make_record([("body", "Some text.")], title="No metadata", kind=None)
    app = ParlreadApp(corpus=Corpus([rec]))
    async with app.run_test(size=(100, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("enter", "H")  # H: every field, the unknown ones too
        reader = app.screen.query_one(Reader)
        text = "\n".join(line.strip.text for line in reader._lines)
        assert "Kind: unknown" in text
        assert "Date: unknown" in text
        assert "1970" not in text


async def test_copy_passage_uses_clipboard():
    app = ParlreadApp(corpus=_corpus())
    async with app.run_test(size=(100, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("enter", "j", "y")
        reader = app.screen.query_one(Reader)
        assert app.clipboard == reader.current_passage.text
        await pilot.press("Y")
        assert app.clipboard.startswith("“First answer paragraph")
        assert "HC Deb" in app.clipboard


async def test_huge_record_is_laid_out_in_a_worker_then_readable():
    paras = [("body", f"Paragraph {i}. " + "Words of a very long record. " * 8) for i in range(1500)]
    big = make_record(paras, title="A very long debate", kind="debate")
    app = ParlreadApp(corpus=Corpus([big]))
    import threading

    threads = []
    original = Reader._build_lines

    def spy(self, width):
        if self.record is big:
            threads.append(threading.current_thread() is threading.main_thread())
        return original(self, width)

    Reader._build_lines = spy
    try:
        async with app.run_test(size=(80, 24)) as pilot:  # narrow: nothing opens before Enter
            await _ready(app, pilot)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            reader = app.screen.query_one(Reader)
            assert threads and not any(threads)  # never wrapped on the UI thread
            await _check_big(app, pilot, reader)
    finally:
        Reader._build_lines = original


async def _check_big(app, pilot, reader):
    assert len(reader._lines) > 3000
    await pilot.press("G")
    await pilot.pause()
    assert reader.current_passage.index == 1499


async def test_type_ahead_after_f_lands_in_the_filter_and_f_types_in_inputs():
    from textual import events
    from textual.widgets import Input

    app = ParlreadApp(corpus=_corpus())
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        for key in "fsix":  # typed faster than the app handles them
            app.post_message(events.Key(key, key))
        filt = app.screen.query_one("#filter", Input)
        await until(pilot, lambda: filt.value == "six", "the filter to read 'six' (no key lost)", timeout=5)
        assert filt.value == "six"
        assert app.screen.query_one(RecordList).sort_key == "date"  # `s` was typed, not run
        await pilot.press("f", "f")  # inside the input, f is a letter
        assert filt.value == "sixff"


async def test_filtering_a_big_library_runs_in_a_worker_and_updates_the_count():
    recs = [make_record([("body", f"text {i}")], title=f"{'Kinship' if i % 1000 == 0 else 'Other'} {i}", kind="debate")
            for i in range(RecordList.BIG + 1000)]
    app = ParlreadApp(corpus=Corpus(recs))
    async with app.run_test(size=(100, 24)) as pilot:
        await _ready(app, pilot)
        records = app.screen.query_one(RecordList)
        assert len(records.view) == len(recs)
        await pilot.press("f", *"kinship")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(records.view) == 21
        assert "21 of 21000 records" in str(app.screen.query_one("#library-status").render())


async def test_loading_reports_progress_then_the_corpus_exactly_once(tmp_path, monkeypatch):
    """The loader thread posts LoadProgress while it works and one CorpusLoaded at the end."""
    import shutil
    import time as _time

    import corpus.loader as loader
    from corpus.dirs import sample_dir
    from tui.messages import CorpusLoaded, LoadProgress

    for i, src in enumerate(sorted(sample_dir().glob("*.txt"))):
        shutil.copy(src, tmp_path / f"{i}.txt")
    real_load_file = loader.load_file

    def slow_load_file(path, **kw):
        _time.sleep(0.3)  # a slow disk: the UI must show progress meanwhile
        return real_load_file(path, **kw)

    monkeypatch.setattr(loader, "load_file", slow_load_file)
    seen: list = []

    real_progress, real_loaded = ParlreadApp.on_load_progress, ParlreadApp.on_corpus_loaded

    def on_load_progress(self, message: LoadProgress) -> None:
        seen.append(("progress", message.done, message.total))
        real_progress(self, message)

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        seen.append(("loaded", len(message.corpus.records)))
        real_loaded(self, message)

    monkeypatch.setattr(ParlreadApp, "on_load_progress", on_load_progress)
    monkeypatch.setattr(ParlreadApp, "on_corpus_loaded", on_corpus_loaded)
    app = ParlreadApp([tmp_path], store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: any(e[0] == "loaded" for e in seen), "the corpus to load")
        await _ready(app, pilot)
    loaded = [e for e in seen if e[0] == "loaded"]
    progress = [e for e in seen if e[0] == "progress"]
    assert len(loaded) == 1 and loaded[0][1] == len(app.corpus.records) > 0
    assert progress and all(total == 5 for _, _, total in progress)
    assert seen.index(loaded[0]) > seen.index(progress[0])
