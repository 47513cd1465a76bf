"""Issue 12 with Pilot: a researcher's day in the app (items 2–8).

No key lost while the index builds (2), the layout follows resizes (3), tags
and notes under their passage (4), export/open/import/review from the app
(5), help and footer per screen from the live bindings and every action in
the palette (6), context at 80×24 (7), identical titles told apart (8).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from pilot_support import until
from textual.widgets import Footer

import corpus.search as search_mod
from annotations import AnnotationStore
from corpus.corpus import Corpus
from corpus.model import LoadWarning, make_record
from test_annotate_ui import _records
from test_no_color_crash import _notes_app
from tui.app import ParlreadApp
from tui.screens.help import HelpScreen
from tui.screens.search import SearchScreen
from tui.screens.warnings import WarningsScreen, wrap_path
from tui.widgets.library import RecordList
from tui.widgets.reader import Reader
from versions_fixtures import statement_002, statement_003

ROOT = Path(__file__).resolve().parents[2]


async def _settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def _screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_full_update().strips)


# ---- 2: no key lost while the index builds ------------------------------------------


@pytest.fixture
def slow_index(monkeypatch):
    """The index build waits until the test lets it go (as on a big corpus)."""
    gate = threading.Event()
    build = search_mod.SearchIndex.load_or_build.__func__

    def held(cls, corpus, **kw):
        gate.wait(30)
        return build(cls, corpus, **kw)

    monkeypatch.setattr(search_mod.SearchIndex, "load_or_build", classmethod(held))
    yield gate
    gate.set()


async def test_search_opens_while_indexing_keeps_the_query_and_runs_it(slow_index, tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.index is None
        await pilot.press("ctrl+f", *"kinship", "enter")  # Enter before any result exists
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("Input").value == "kinship"
        assert "indexing" in str(app.screen.query_one("#search-status").render())
        slow_index.set()
        await _settle(app, pilot)
        await _settle(app, pilot)
        # the query ran when the index came, and the pending Enter opened the best hit
        assert not isinstance(app.screen, SearchScreen)
        reader = app.main_screen.query_one(Reader)
        assert reader.record is not None and "kinship" in reader.current_passage.text.casefold()


async def test_keys_that_beat_the_search_screen_go_into_its_input(slow_index, tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # the letters reach the screen before its input has focus
        screen = SearchScreen(app.corpus, None)
        app.push_screen(screen)
        for ch in "wq":  # w (warnings) and q (quit) would be commands on the library
            screen.post_message(__import__("textual.events", fromlist=["Key"]).Key(ch, ch))
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one("Input").value == "wq"
        assert app.is_running and isinstance(app.screen, SearchScreen)


async def test_notes_key_before_the_store_is_open_waits_for_it(tmp_path, monkeypatch):
    app = _notes_app(tmp_path)
    opened = threading.Event()
    real_open = AnnotationStore.open.__func__

    def slow_open(cls, *a, **kw):
        opened.wait(30)
        return real_open(cls, *a, **kw)

    monkeypatch.setattr(AnnotationStore, "open", classmethod(slow_open))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.store is None
        await pilot.press("A")
        await pilot.pause()
        assert not any("not open" in n.message for n in app._notifications)
        opened.set()
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "NotesScreen"


# ---- 3: resizes -------------------------------------------------------------------


async def test_layout_follows_resizes_both_ways(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        assert app.has_class("narrow")
        await pilot.resize_terminal(200, 60)
        await _settle(app, pilot)
        assert not app.has_class("narrow")
        assert app.main_screen.query_one(Reader).display and app.main_screen.query_one(Reader).record is not None
        await pilot.resize_terminal(80, 24)
        await _settle(app, pilot)
        assert app.has_class("narrow") and not app.has_class("reading")
        await pilot.press("enter")  # reading, narrow
        await pilot.resize_terminal(200, 60)
        await _settle(app, pilot)
        assert app.main_screen.query_one("#library-pane").display
        await pilot.resize_terminal(90, 24)
        await _settle(app, pilot)
        assert not app.main_screen.query_one("#library-pane").display  # the reader alone


# ---- 4: tags and notes under the passage --------------------------------------------


def _reader_text(reader) -> list[str]:
    return [line.strip.text for line in reader._lines]


async def test_tags_and_notes_show_under_their_passage_compact_then_in_full(tmp_path):
    recs = _records()
    store = AnnotationStore.open(tmp_path / "store", author="tester")
    long_note = "Check against the DfE statistics release. " * 6
    store.add(recs[1], recs[1].passages[1], note=long_note, tags=["meals", "cost"])
    store.add(recs[1], recs[1].passages[1], note="Second thought.")
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        app.open_record(recs[1])
        await pilot.pause()
        reader = app.main_screen.query_one(Reader)
        lines = _reader_text(reader)
        i = next(n for n, l in enumerate(lines) if "#meals" in l)
        assert lines[i - 1].strip().endswith("keep this under review.")  # right under the passage
        assert "#cost" in lines[i] and "✎ Check against the DfE" in lines[i] and "(+1 note, x)" in lines[i]
        assert len(lines[i].rstrip()) <= 80 and lines[i + 1].strip() == ""  # one line, at 80 columns
        await pilot.press("x")
        lines = _reader_text(reader)
        text = " ".join(l.strip() for l in lines)
        assert "Second thought." in text and text.count("Check against the DfE statistics release.") == 6


# ---- 5: files from the app ------------------------------------------------------------


async def test_export_from_the_app_writes_each_format_and_scope(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))  # the export goes to ~/Documents or ~ (x12), never the real home
    app = _notes_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press("E")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExportScreen"
        await pilot.press("down", "enter")  # CSV
        await pilot.pause()
        path = app.screen.query_one("#export-path").value
        assert path.endswith(".csv")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        rows = Path(path).expanduser().read_text(encoding="utf-8").splitlines()
        assert len(rows) == 3 and "Check against the DfE statistics release." in rows[1] + rows[2]
        # W3C, only this record's notes
        app.open_record(app.corpus.records[1])
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        scopes = [label for _, label in app.screen.scopes]
        assert any(label.startswith("This record") for label in scopes)
        await pilot.press("tab", "down", "enter")  # the second scope: this record
        inp = app.screen.query_one("#export-path")
        inp.value = str(tmp_path / "one.jsonld")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        data = json.loads((tmp_path / "one.jsonld").read_text(encoding="utf-8"))
        items = data.get("first", {}).get("items") if "first" in data else data.get("items")
        assert items is not None and len(items) == 1
        assert any("Wrote 1 annotations" in n.message for n in app._notifications)


async def test_open_a_folder_from_the_app_reloads_library_and_index(tmp_path):
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "note.md").write_text("# Kinship carers allowance\n\nA pilot of a kinship allowance in eight areas.\n", encoding="utf-8")
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        assert len(app.corpus.records) == 7
        await pilot.press("O")
        await pilot.pause()
        inp = app.screen.query_one("#path")
        inp.value = str(folder)
        await pilot.press("enter")
        await _settle(app, pilot)
        await _settle(app, pilot)
        (record,) = app.corpus.records
        assert "Kinship carers allowance" in record.title
        assert len(app.main_screen.query_one(RecordList).view) == 1
        assert app.index is not None and app.index.search("allowance")


async def test_import_a_w3c_file_from_the_app_and_review_key(tmp_path, monkeypatch):
    from annotations.export import export

    src = _notes_app(tmp_path / "a")
    w3c = tmp_path / "notes.jsonld"
    w3c.write_text(export(src.store_dir and AnnotationStore.open(tmp_path / "a" / "store").all(), "w3c"), encoding="utf-8")
    recs = _records()
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "b")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        assert len(app.store) == 0
        await pilot.press("I")
        await pilot.pause()
        app.screen.query_one("#path").value = str(w3c)
        await pilot.press("enter")
        await _settle(app, pilot)
        assert len(app.store) == 2
        await pilot.press("R")
        await pilot.pause()
        assert type(app.screen).__name__ == "NotesScreen" and app.screen.orphans


async def test_palette_finds_export_open_import_review(tmp_path):
    app = _notes_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Export notes", "Open file or folder", "Import", "Review re-anchored notes"):
            assert wanted in titles


# ---- 6: help and footer per screen, every action in the palette ---------------------------


async def _help_rows(app, pilot) -> dict[str, list[tuple[str, str]]]:
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    rows = {title: [(b.key, b.description) for b in bs] for title, bs in app.screen.groups}
    await pilot.press("escape")
    await pilot.pause()
    return rows


async def test_help_is_per_screen_and_built_from_the_live_bindings(tmp_path):
    app = _notes_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        main = await _help_rows(app, pilot)
        assert {"Library", "Reader", "Everywhere"} <= set(main)
        app.compare(statement_002(), statement_003())
        await _settle(app, pilot)
        compare = await _help_rows(app, pilot)
        keys = {k for rows in compare.values() for k, _ in rows}
        assert {"right_square_bracket", "left_square_bracket", "c", "p", "u", "m"} <= {x for k in keys for x in k.split(",")}
        assert "Library" not in compare
        await pilot.press("escape")
        await pilot.press("A")
        await _settle(app, pilot)
        notes = await _help_rows(app, pilot)
        assert "Notes list" in notes and any(d == "Orphans" for _, d in notes["Notes list"])
        assert "Everywhere" not in notes  # a modal screen: the library's keys do not work there
        await pilot.press("escape")
        await pilot.press("T")
        await _settle(app, pilot)
        tags = await _help_rows(app, pilot)
        assert any(d == "Merge" for _, d in tags["Tag manager"])


async def test_a_key_added_at_run_time_shows_in_help_footer_and_palette(tmp_path):
    """Generated from the live bindings: a new binding needs no help text edit."""
    app = _notes_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        app.compare(statement_002(), statement_003())
        await _settle(app, pilot)
        screen = app.screen
        screen._bindings.bind("z", "next_difference", "Zoom to the next change", show=True)
        screen.refresh_bindings()
        await pilot.pause()
        rows = await _help_rows(app, pilot)
        assert ("z", "Zoom to the next change") in [r for rs in rows.values() for r in rs] or any(
            "z" in k.split(",") and d == "Next diff" for rs in rows.values() for k, d in rs)
        footer_text = _screen_text(app).splitlines()[-1]
        assert "] [ Diffs" in footer_text  # ] and [ share one footer item since x12 (fits 80 columns)
        titles = [c.title for c in app.get_system_commands(screen)]
        assert any(t.startswith("Comparison: ") for t in titles)


async def test_compare_search_notes_and_tags_screens_have_a_footer(tmp_path):
    app = _notes_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        app.compare(statement_002(), statement_003())
        await _settle(app, pilot)
        assert app.screen.query(Footer)
        await pilot.press("escape", "ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen) and app.screen.query(Footer)
        await pilot.press("escape", "A")
        await _settle(app, pilot)
        assert app.screen.query(Footer) and "o Group by" in _screen_text(app).splitlines()[-1]
        await pilot.press("escape", "T")
        await _settle(app, pilot)
        assert app.screen.query(Footer) and "r Rename" in _screen_text(app)


def test_readme_key_tour_matches_the_help():
    """Every key the README's tour names is a key the help lists (and vice versa for the tour's screens)."""
    import asyncio

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A short tour of the keys", 1)[1].split("\n## ", 1)[0]

    async def keys_in_help() -> set[str]:
        from tui.screens.help import _key_label

        app = _notes_app(Path(__import__("tempfile").mkdtemp()))
        out: set[str] = set()
        async with app.run_test(size=(80, 24)) as pilot:
            await _settle(app, pilot)
            for rows in (await _help_rows(app, pilot)).values():
                out.update(_key_label(k) for k, _ in rows)
        return {x for k in out for x in k.split()}

    help_keys = asyncio.run(keys_in_help())
    # tour spelling -> help label, for the library/reader/app keys the tour lists
    for tour_key, help_key in [("E", "E"), ("O", "O"), ("I", "I"), ("R", "R"), ("H", "H"), ("x", "x"), ("?", "?"),
                               ("A", "A"), ("T", "T"), ("ctrl+f", "^f"), ("/", "/"), ("n", "n"), ("N", "N"),
                               ("v", "v"), ("c", "c"), ("t", "t"), ("a", "a"), ("u", "u"), ("y", "y"), ("Y", "Y"),
                               ("F", "F"), ("X", "X"), ("m", "m"), ("L", "L"), ("w", "w"), ("o", "o"), ("s", "s"),
                               ("f", "f"), ("q", "q")]:
        assert f"`{tour_key}`" in tour, f"the README tour misses {tour_key}"
        assert help_key in help_keys, f"the help misses {help_key}"


# ---- 7: context at 80x24 -------------------------------------------------------------


async def test_header_is_compact_at_80x24_and_H_expands_it(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press("enter")  # the Bishop question
        reader = app.main_screen.query_one(Reader)
        first_passage = reader._first_line[0]
        assert first_passage <= 8, f"the header takes {first_passage} of 24 rows"
        await pilot.press("H")
        assert reader._first_line[0] > first_passage + 4
        text = "\n".join(_reader_text(reader))
        assert "Answered: unknown" in text and "Licence:" in text


async def test_record_title_stays_on_screen_after_a_hit_or_n(tmp_path):
    app = ParlreadApp(store_dir=tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press("ctrl+f", *"reflect thousands")
        await _settle(app, pilot)
        await pilot.press("enter")
        await _settle(app, pilot)
        reader = app.main_screen.query_one(Reader)
        assert reader.scroll_offset.y > 0  # the hit is far down the statement
        title = reader.record.title
        screen = _screen_text(app)
        assert title in screen.splitlines()[0]
        # the hit's passage is fully visible under the title bar
        assert "reflect on the thousands" in screen


async def test_notices_do_not_cover_the_text_and_the_tag_filter_stays_in_the_status(tmp_path):
    app = _notes_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        before = _screen_text(app).splitlines()[:8]
        await pilot.press("s")  # "Sorted by title"
        await pilot.pause()
        lines = _screen_text(app).splitlines()
        assert lines[-2].strip() == "Sorted by title"  # its own line above the footer
        assert all(t.styles.display == "none" for t in app.screen.query("Toast"))  # no toast over the text
        from tui.annotate import set_tag_filter

        set_tag_filter(app, "meals")
        await until(pilot, lambda: not app.main_screen.query_one("#message").has_class("-on"),
                    "every notice to go", timeout=15)
        status = str(app.main_screen.query_one("#library-status").render())
        assert "tag: meals" in status  # after every notice has gone
        assert before  # (the list was drawn)


def test_long_warning_paths_wrap_at_separators_not_mid_name():
    path = "/work/shared/data/uk-parl-written-questions/very-long-folder-name-for-answers/README_of_the_export.txt"
    lines = wrap_path(path, 40)
    assert "".join(lines) == path
    assert all(len(l) <= 40 for l in lines)
    assert all(l.endswith("/") for l in lines[:-1])  # every break is after a separator
    assert lines[-1] == "README_of_the_export.txt"


async def test_warnings_screen_shows_paths_unbroken_names(tmp_path):
    path = "/data/very/long/" + "/".join(f"folder-number-{i}" for i in range(8)) + "/API_SHAPE.txt"
    warnings = [LoadWarning(path, "skipped: not a record (a text file)")]
    app = ParlreadApp(corpus=Corpus(_records(), warnings=warnings), store_dir=tmp_path / "s")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WarningsScreen)
        text = _screen_text(app)
        assert "API_SHAPE.txt" in text
        for i in range(8):
            assert f"folder-number-{i}/" in text  # each name whole on one line


# ---- 8: identical titles told apart -------------------------------------------------


async def test_rows_with_the_same_title_show_their_uin(tmp_path):
    recs = [
        make_record([("question", f"To ask the Secretary of State for Education about teachers {i}.")],
                    title="Pre-school Education: Teachers", kind="written question", house="Commons",
                    date_asked="2026-07-01", uin=str(15143 + i))
        for i in range(13)
    ] + [make_record([("body", "Other.")], title="Something else", kind="written statement", date="2026-07-01")]
    app = ParlreadApp(corpus=Corpus(recs), store_dir=tmp_path / "s")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        rl = app.main_screen.query_one(RecordList)
        rows = [rl.row_text(i) for i in range(rl.row_count)]
        teachers = [r for r in rows if "Pre-school" in r]
        assert len(set(teachers)) == 13  # all different
        assert any("UIN 15143" in r for r in teachers)
        assert not any("UIN" in r for r in rows if "Something else" in r)


# ---- snapshots at 80x24 ----------------------------------------------------------------


@pytest.fixture
def _fixed_clock(monkeypatch):
    import annotations.store as store_mod

    monkeypatch.setattr(store_mod, "now_iso", lambda: "2025-03-04T10:00:00.000Z")


def test_snapshot_reader_with_notes_under_passages_80x24(snap_compare, tmp_path, _fixed_clock):
    async def run(pilot):
        await _settle(pilot.app, pilot)
        await pilot.press("j", "j", "enter", "j")

    assert snap_compare(_notes_app(tmp_path), terminal_size=(80, 24), run_before=run)


def test_snapshot_reader_after_a_search_hit_80x24(snap_compare, tmp_path):
    async def run(pilot):
        await _settle(pilot.app, pilot)
        await pilot.press("ctrl+f", *"reflect thousands")
        await _settle(pilot.app, pilot)
        await pilot.press("enter")
        await _settle(pilot.app, pilot)

    assert snap_compare(ParlreadApp(store_dir=tmp_path / "store"), terminal_size=(80, 24), run_before=run)


def test_snapshot_help_of_the_comparison_80x24(snap_compare, tmp_path):
    async def run(pilot):
        await _settle(pilot.app, pilot)
        pilot.app.compare(statement_002(), statement_003())
        await _settle(pilot.app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(ParlreadApp(store_dir=tmp_path / "store"), terminal_size=(80, 24), run_before=run)


def test_snapshot_export_dialog_80x24(snap_compare, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", "/home/researcher")  # "Saved in ~" (no Documents folder there)
    monkeypatch.setattr("time.strftime", lambda fmt, *a: "2025-03-04")

    async def run(pilot):
        await _settle(pilot.app, pilot)
        await pilot.press("E")
        await pilot.pause()
        pilot.app.screen.query_one("#export-path").value = "/home/researcher/parlread-notes-2025-03-04.jsonld"
        await pilot.pause()

    assert snap_compare(_notes_app(tmp_path), terminal_size=(80, 24), run_before=run)
