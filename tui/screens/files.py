"""Files from inside the app: export notes, open a file or folder, import, review re-anchored notes.

Import means sources or annotations.

Keys (bound in ``tui/app.py``, and in the palette): ``E`` export, ``O``
open, ``I`` import, ``R`` review notes that need attention after re-anchoring.
Slow work runs in thread workers; its progress shows in the library's status
line and a notification says what was done.  Paths are typed, never guessed:
``~`` is expanded, a relative path is relative to the working directory.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, RadioButton, RadioSet, Static

from corpus.safe_text import printable

FORMATS = (("w3c", "W3C Web Annotations (JSON-LD)", ".jsonld"), ("csv", "CSV (one row per annotation)", ".csv"),
           ("markdown", "Markdown (by record, with quotes)", ".md"))


# a file name's extension says its format; the format chosen and the name must agree
EXTENSIONS = {".jsonld": "w3c", ".json": "w3c", ".csv": "csv", ".md": "markdown", ".markdown": "markdown"}


def expand(path: str) -> Path:
    return Path(os.path.expanduser(path.strip()))


def shown_path(path: Path) -> str:
    """``path`` as the user reads it: ``~/…`` under the home folder."""
    home = Path.home()
    try:
        return "~" + os.sep + str(path.relative_to(home)) if path != home else "~"
    except ValueError:
        return str(path)


def default_export_dir(app=None) -> Path:
    """Where an export goes unless the user types another folder: the folder
    of this session's last export, else the user's documents folder
    (platformdirs: XDG_DOCUMENTS_DIR, ~/Documents), else the home folder —
    never the working directory, which under ``make run`` is the source tree."""
    last = getattr(app, "last_export_dir", None)
    if last is not None and Path(last).is_dir():
        return Path(last)
    try:
        from platformdirs import user_documents_dir

        documents = Path(user_documents_dir())
        if documents.is_dir():
            return documents
    except Exception:  # no documents folder known
        pass
    return Path.home()


def format_mismatch(path: str, fmt: str) -> str | None:
    """Why the file name does not fit format ``fmt`` (None when it does)."""
    ext = os.path.splitext(expand(path).name)[1].lower()
    wanted = [e for e, f in EXTENSIONS.items() if f == fmt]
    if ext not in EXTENSIONS:
        said = f"{ext!r} is not" if ext else "A name without an extension is not"
        return f"{said} an export file name: end it with {' or '.join(wanted)} for {dict((f, l) for f, l, _ in FORMATS)[fmt]}"
    if EXTENSIONS[ext] != fmt:
        return f"The name ends in {ext} but the format chosen is {fmt}: choose {EXTENSIONS[ext]}, or end it with {' or '.join(wanted)}"
    return None


def export_target_error(path: str) -> str | None:
    """Why ``path`` cannot take an export (None when it can)."""
    if not path.strip():
        return "Give a file name"
    p = expand(path)
    if p.is_dir():
        return f"{printable(str(p))} is a folder: give a file name"
    if not p.parent.is_dir():
        return f"No such folder: {printable(str(p.parent))}"
    return None


def write_text_atomic(path: Path, text: str) -> None:
    """The project's one atomic durable write (temp file, fsync, rename, fsync
    of the folder: never half a file), in the user's file mode for exports."""
    from corpus.atomic import atomic_write, user_file_mode

    atomic_write(path, text.encode("utf-8"), mode=user_file_mode(path))


class ChoiceButton(RadioButton):
    """A radio button whose state reads without colour (NO_COLOR, 16 colours,
    a screen reader's text): ``●`` when chosen, blank when not — Textual's
    draws ``●`` in both states and tells them apart by colour only."""

    @property
    def _button(self):
        self.BUTTON_INNER = "●" if self.value else " "
        return super()._button


class ExportScreen(ModalScreen["tuple[str, str, str] | None"]):
    """Format, scope and file; dismisses with ``(format, scope, path)``."""

    HELP_TITLE = "Export notes"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "export", "Export"),
    ]
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > #dialog { width: 90%; max-width: 90; height: auto; max-height: 100%;
        border: round $accent; background: $panel; padding: 0 1; }
    ExportScreen RadioSet { width: 100%; border: none; padding: 0; }
    ExportScreen .title { text-style: bold; }
    ExportScreen .error { color: $error; text-style: bold; }
    ExportScreen .hint { color: $text-muted; }
    """

    def __init__(self, scopes: list[tuple[str, str]], default_dir: Path) -> None:
        super().__init__()
        self.scopes = scopes  # (scope id, label)
        self.default_dir = default_dir

    def _default_path(self, fmt: str) -> str:
        ext = dict((f, e) for f, _, e in FORMATS)[fmt]
        return shown_path(self.default_dir / f"parlread-notes-{time.strftime('%Y-%m-%d')}{ext}")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Export notes and tags"), classes="title")
            with RadioSet(id="export-format"):
                for i, (_, label, _) in enumerate(FORMATS):
                    yield ChoiceButton(label, value=i == 0)
            with RadioSet(id="export-scope"):
                for i, (_, label) in enumerate(self.scopes):
                    yield ChoiceButton(printable(label), value=i == 0)
            yield Input(self._default_path("w3c"), id="export-path")
            yield Static("", id="error", classes="error")
            yield Static(Text(f"Saved in {shown_path(self.default_dir)} unless you type another folder; the format follows "
                              "the file's extension (.jsonld/.json, .csv, .md)."), classes="hint")
            yield Static(Text("Tab moves · arrows + space choose · Enter in the file name (or ^S) exports · Esc cancels"),
                         classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#export-format", RadioSet))

    def _choice(self, set_id: str) -> int:
        index = self.query_one(set_id, RadioSet).pressed_index
        return max(index, 0)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.radio_set.id != "export-format":
            return
        inp = self.query_one("#export-path", Input)
        fmt = FORMATS[self._choice("#export-format")]
        stem, ext = os.path.splitext(inp.value)
        if ext in {e for _, _, e in FORMATS}:  # follow the format unless the user typed another extension
            inp.value = stem + fmt[2]

    def on_input_changed(self, event: Input.Changed) -> None:
        """A typed extension picks the format (shown by the radio button)."""
        if event.input.id != "export-path":
            return
        fmt = EXTENSIONS.get(os.path.splitext(expand(event.value).name)[1].lower())
        if fmt is None:
            return
        index = [f for f, _, _ in FORMATS].index(fmt)
        buttons = list(self.query_one("#export-format", RadioSet).query(RadioButton))
        if index != self._choice("#export-format") and index < len(buttons):
            buttons[index].value = True
        self.query_one("#error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def action_export(self) -> None:
        path = self.query_one("#export-path", Input).value
        error = export_target_error(path) or format_mismatch(path, FORMATS[self._choice("#export-format")][0])
        if error:
            self.query_one("#error", Static).update(Text("✗ " + error))
            return
        self.dismiss((FORMATS[self._choice("#export-format")][0], self.scopes[self._choice("#export-scope")][0],
                      str(expand(path))))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PathScreen(ModalScreen["str | None"]):
    """One path (file or folder) that must exist."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    PathScreen { align: center middle; }
    PathScreen > #dialog { width: 90%; max-width: 100; height: auto; border: round $accent; background: $panel; padding: 0 1; }
    PathScreen .title { text-style: bold; }
    PathScreen .error { color: $error; text-style: bold; }
    PathScreen .hint { color: $text-muted; }
    """

    def __init__(self, title: str, hint: str, value: str = "", help_title: str = "Choose a path") -> None:
        super().__init__()
        self.title_text, self.hint, self.value = title, hint, value
        self.HELP_TITLE = help_title

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.title_text), classes="title")
            yield Input(self.value, id="path")
            yield Static("", id="error", classes="error")
            yield Static(Text(self.hint + "\nEnter OK · Esc cancel"), classes="hint")
        yield Footer()  # this screen's own keys (qa5)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#path", Input))

    def on_key(self, event) -> None:
        # letters typed before the field had focus go into it (see tui/dialogs.py)
        if event.is_printable and event.character and self.focused is None:
            from tui.widgets.fields import type_into

            type_into(self, self.query_one("#path", Input), event.character)
            event.stop()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.query_one("#error", Static).update(Text("✗ Give a path"))
            return
        path = expand(event.value)
        if not path.exists():
            self.query_one("#error", Static).update(Text("✗ " + printable(f"No such file or folder: {path}")))
            return
        self.dismiss(str(path))

    def action_cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------- app glue


def _scopes(app) -> list[tuple[str, str]]:
    scopes = [("all", f"All {len(app.store)} annotations")]
    tag = app.library_view.tag
    if tag:
        scopes.append(("tag", f"Tagged {tag!r} (the tag filter)"))
    try:
        record = app._reader().record
    except LookupError:
        record = None
    if record is not None:
        scopes.append(("record", f"This record: {record.title or record.id}"))
    from tui.widgets.library import RecordList

    rl = app.main_screen.query_one(RecordList)
    if len(rl.view) != len(rl.records):
        scopes.append(("view", f"The {len(rl.view)} records in the library's current filter"))
    return scopes


def select_annotations(app, scope: str) -> list:
    anns = app.store.all()
    if scope == "tag":
        tag = app.library_view.tag
        return app.store.with_tag(tag) if tag else anns
    if scope == "record":
        record = app._reader().record
        return [a for a in anns if record is not None and a.record_id == record.id]
    if scope == "view":
        from tui.widgets.library import RecordList

        rl = app.main_screen.query_one(RecordList)
        ids = {rl.records[i].id for i in rl.view}
        return [a for a in anns if a.record_id in ids]
    return anns


def export_notes(app) -> None:
    """``E``: export the notes (all, by tag, this record, the library's filter)."""
    from tui.annotate import readable_store

    if readable_store(app) is None:
        return

    def chosen(result) -> None:
        if result is None:
            return
        fmt, scope, path = result
        anns = select_annotations(app, scope)
        app.notify(f"Exporting {len(anns)} annotations…", timeout=2)

        def work() -> None:
            from annotations.export import export

            text = export(anns, fmt, app.corpus)
            write_text_atomic(Path(path), text)
            app.call_from_thread(app.notify, printable(f"Wrote {len(anns)} annotations ({fmt}) to {path}"), timeout=6)
            app.last_export_dir = Path(path).parent  # the next export offers the same folder

        def failed(exc: BaseException) -> None:
            app.notify(printable(f"Export failed: {exc}"), severity="error", timeout=10)

        run_thread(app, work, failed, "export")

    app.push_screen(ExportScreen(_scopes(app), default_export_dir(app)), chosen)


def run_thread(app, work: Callable[[], None], failed: Callable[[BaseException], None], group: str) -> None:
    """``work`` in a thread worker; an OSError or ValueError is reported by ``failed``, not a crash."""

    def wrapped() -> None:
        try:
            work()
        except (OSError, ValueError, RuntimeError) as exc:
            app.call_from_thread(failed, exc)

    app.run_worker(wrapped, thread=True, exclusive=True, group=group)


def open_path(app) -> None:
    """``O``: open a file or folder as the corpus (the library, reader and index follow)."""

    def chosen(path: str | None) -> None:
        if path:
            app.reload_corpus([path])

    app.push_screen(PathScreen("Open a file or folder (any supported format)",
                               "Folders are read recursively; files that are not records are skipped with a warning (w).",
                               str(Path.cwd()) + os.sep, help_title="Open"), chosen)


def import_path(app) -> None:
    """``I``: a W3C annotation file into the notes, or sources into your library."""

    def chosen(path: str | None) -> None:
        if not path:
            return
        from tui.cli.import_ import is_w3c_annotations

        if os.path.isfile(path) and is_w3c_annotations(path):
            _import_annotations(app, path)
        else:
            _import_sources(app, path)

    app.push_screen(PathScreen("Import: a W3C annotation file (into your notes) or files/folders (into your library)",
                               "Sources are copied into your library (re-importing unchanged files does nothing).",
                               str(Path.cwd()) + os.sep, help_title="Import"), chosen)


def _import_annotations(app, path: str) -> None:
    from tui.annotate import writable_store

    store = writable_store(app)
    if store is None:
        return

    def work() -> None:
        from annotations.export import import_w3c

        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        report = import_w3c(store, text)
        app.call_from_thread(app.notify, printable(f"{Path(path).name}: {report.summary()}"), timeout=8)
        app.call_from_thread(app.refresh_annotations)

    run_thread(app, work, lambda exc: app.notify(printable(f"Import failed: {exc}"), severity="error", timeout=10), "import")


def _import_sources(app, path: str) -> None:
    from corpus.library import import_sources, library_dir

    root = library_dir()
    app.work_status = "importing…"
    app._update_status()
    last = [0.0]

    def progress(done: int, total: int, _path: str) -> None:
        now = time.monotonic()
        if now - last[0] > 0.1:
            last[0] = now
            app.call_from_thread(_set_status, app, f"importing {done}/{total}")

    def work() -> None:
        report = import_sources([path], root=root, progress=progress)
        app.call_from_thread(_imported, app, report, root)

    def failed(exc: BaseException) -> None:
        _set_status(app, "")
        app.notify(printable(f"Import failed: {exc}"), severity="error", timeout=10)

    run_thread(app, work, failed, "import")


def _set_status(app, text: str) -> None:
    app.work_status = text
    app._update_status()


def _imported(app, report, root: Path) -> None:
    _set_status(app, "")
    message = printable(f"Library {root}: {report.summary()}")
    if report.warnings:
        message += f" — {len(report.warnings)} problem{'s' if len(report.warnings) != 1 else ''}"
    if not app.paths:  # the app shows the library: show what was added
        app.notify(message + "; reloading the library", timeout=8)
        app.reload_corpus([])
    else:
        app.notify(message + " — parlread with no paths opens it (or O to open it now)", timeout=10)


def review_notes(app) -> None:
    """``R``: the notes that need attention after re-anchoring (orphans, review, ambiguous)."""
    from tui.screens.notes import show_notes

    show_notes(app, orphans=True)
