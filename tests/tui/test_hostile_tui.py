"""Hostile document text in the Textual app (Pilot, headless).

Records are built with make_record (not parsed from files) so these tests do
not depend on any importer.  The screen is read back from the compositor: what
we read is exactly the text the driver would write to the terminal.
"""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from corpus.corpus import Corpus
from corpus.model import WRITTEN_QUESTION, make_record
from hostile import ANSI, BIDI, C0_MISC, HOSTILE_NOTE, HOSTILE_TAG, MARKUP, NUL, OSC52_B64
from pilot_support import until
from tui.app import ParlreadApp

SIZE = (240, 50)

PAYLOADS = {"markup": MARKUP, "ansi": ANSI, "bidi": BIDI, "nul": NUL, "controls": C0_MISC}

# What must be visible, literally, once the record is open (short tokens that
# never contain a space, so word wrapping cannot split them).
EXPECTED_VISIBLE = {
    "markup": ["[@click=app.quit]y[/]", "[link=file:///etc/passwd]x[/link]", "[00]", "[bold]B[/]", "[red"],
    "ansi": ["␛[2J␛[H", "␛[31mred␛[0m", f"␛]52;c;{OSC52_B64}␇", "␛]0;pwned␇", "\\x9b2J"],
    "bidi": ["abc⟨U+202E⟩dcba⟨U+2066⟩isolated⟨U+2069⟩"],
    "nul": ["before␀after"],
    "controls": ["bell␇", "back␈space", "del␡"],
}
RAW_FORBIDDEN = ["\x1b", "\x07", "\x08", "\x00", "\x7f", "\x9b", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def hostile_records():
    recs = {}
    for name, payload in PAYLOADS.items():
        recs[name] = make_record(
            [
                ("question", f"To ask the Secretary of State for Education about zebra{name} {payload} kinship care."),
                ("answer", f"The department zebra{name} replies {payload} in full."),
            ],
            natural_key=f"hostile-{name}",
            kind=WRITTEN_QUESTION,
            title=f"Hostile {name} {payload}",
            department="Department for Education",
            asked_by=f"Member {payload}",
        )
    return recs


def screen_text(app) -> str:
    """The current screen as plain text (one line per row), from the compositor."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def compact(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def records():
    return hostile_records()


def make_app(records, tmp_path) -> ParlreadApp:
    return ParlreadApp(corpus=Corpus(records=list(records.values())), store_dir=tmp_path / "store")


async def _loaded(pilot) -> None:
    for _ in range(50):
        await pilot.pause()
        if pilot.app.open_record_obj is not None or len(pilot.app.corpus.records):
            try:
                pilot.app.screen.query_one("#records")
                return
            except Exception:
                pass
    raise AssertionError("the app did not show the corpus")


async def test_hostile_records_show_literally_and_send_no_control(records, tmp_path) -> None:
    app = make_app(records, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        for name in PAYLOADS:
            app.open_record(records[name])
            await pilot.pause()
            text = screen_text(app)
            assert f"zebra{name}" in text, f"{name}: record body not on screen"
            for token in EXPECTED_VISIBLE[name]:
                assert token in text, f"{token!r} not shown literally for {name}"
            for ch in RAW_FORBIDDEN:
                assert ch not in text, f"raw {ch!r} from {name} would reach the terminal"
            assert app.is_running


async def test_library_list_shows_hostile_titles_literally(records, tmp_path) -> None:
    app = make_app(records, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        await pilot.pause()
        text = screen_text(app)
        assert "Hostile markup [bold]B[/]" in text
        assert "Hostile ansi ␛[2J" in text
        for ch in RAW_FORBIDDEN:
            assert ch not in text


async def test_clicking_on_click_markup_does_not_run_the_action(records, tmp_path) -> None:
    app = make_app(records, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        app.open_record(records["markup"])
        await pilot.pause()
        lines = screen_text(app).splitlines()
        spots = [(row, line.index("[@click=app.quit]y")) for row, line in enumerate(lines) if "[@click=app.quit]y" in line]
        assert spots, "the [@click=…] text is not on screen"
        for row, col in spots:
            for dx in (1, 8, len("[@click=app.quit]")):  # on '@', inside, on the 'y'
                await pilot.click(offset=(col + dx, row))
                await pilot.pause()
                assert app.is_running, f"clicking at ({col + dx}, {row}) quit the app"
        assert app.return_code is None


async def test_copy_passage_emits_osc52_with_the_exact_text(records, tmp_path) -> None:
    import base64

    app = make_app(records, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        written: list[str] = []
        app._driver.write = written.append  # type: ignore[method-assign]
        app.open_record(records["ansi"])
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        osc = [w for w in written if w.startswith("\x1b]52;c;")]
        assert len(osc) == 1, f"no single OSC 52 write: {written!r}"
        assert osc[0].endswith("\a")
        payload = base64.b64decode(osc[0][len("\x1b]52;c;"):-1]).decode()
        assert payload == records["ansi"].passages[0].text  # the document's own bytes travel base64-encoded only
        assert app.clipboard == payload


async def test_copy_citation_emits_osc52(records, tmp_path) -> None:
    import base64

    app = make_app(records, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        written: list[str] = []
        app._driver.write = written.append  # type: ignore[method-assign]
        app.open_record(records["markup"])
        await pilot.pause()
        await pilot.press("Y")
        await pilot.pause()
        osc = [w for w in written if w.startswith("\x1b]52;c;")]
        assert len(osc) == 1, f"Y wrote no OSC 52 sequence: {written!r}"
        text = base64.b64decode(osc[0][len("\x1b]52;c;"):-1]).decode()
        assert records["markup"].passages[0].text in text
        assert "Department for Education" in text or "Hostile markup" in text


async def test_warnings_screen_shows_hostile_file_names_literally(records, tmp_path) -> None:
    from corpus.model import LoadWarning

    corpus = Corpus(records=[records["ansi"]], warnings=[LoadWarning("/tmp/evil\x1b]0;pwned\x07.bin", "skipped: binary file, not text")])
    app = ParlreadApp(corpus=corpus, store_dir=tmp_path / "store")
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        await pilot.press("w")
        await pilot.pause()
        text = screen_text(app)
        assert "Files skipped" in text, "w did not open the warnings screen"
        assert "evil␛]0;pwned␇.bin" in text
        assert "\x1b" not in text and "\x07" not in text


async def test_search_results_show_hostile_text_literally(records, tmp_path) -> None:
    app = make_app(records, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        for ch in "zebraansi":
            await pilot.press(ch)
        def searched() -> bool:  # the search runs in a worker
            text = screen_text(app)
            return "hit" in text and "zebraansi" in text.split("hit", 1)[1]

        await until(pilot, searched, "the search results")
        text = screen_text(app)
        assert re.search(r"\b[1-9]\d* hits? for", text), f"no search results:\n{text}"
        assert "␛" in text, "the escape payload is not shown in the results"
        for ch in RAW_FORBIDDEN:
            assert ch not in text, f"raw {ch!r} in search results"
        assert app.is_running


async def test_hostile_note_and_tag_show_literally(records, tmp_path) -> None:
    from annotations import AnnotationStore

    rec = records["markup"]
    store = AnnotationStore.open(tmp_path / "store")
    note_text = HOSTILE_NOTE
    try:
        store.add(rec, rec.passages[0], tags=[HOSTILE_TAG], note=note_text)
        tag_ok = True
    except Exception:  # a tag name with control characters may be refused: then only the note
        store.add(rec, rec.passages[0], tags=["[bold]tag[/]"], note=note_text)
        tag_ok = False
    app = make_app(records, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        app.open_record(rec)
        await pilot.pause()
        await pilot.press("A")  # all notes
        await until(pilot, lambda: "[@click=app.quit]y[/]" in screen_text(app), "the note text", timeout=10)
        text = screen_text(app)
        assert "[@click=app.quit]y[/]" in text, f"note text not shown literally:\n{text}"
        assert "␛]52;c;aGVsbG8=␇" in text
        assert ("[bold]tag[/]" in text), "tag name not shown literally"
        for ch in RAW_FORBIDDEN:
            assert ch not in text, f"raw {ch!r} from a note/tag reached the screen (tag with controls accepted: {tag_ok})"
        assert app.is_running
