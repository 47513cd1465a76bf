"""The command palette's system commands (PaletteMixin for ParlreadApp): curated actions, then every key binding."""

from __future__ import annotations

from typing import Iterable

from textual.app import SystemCommand
from textual.screen import Screen

from tui.widgets.library import RecordList
from tui.widgets.reader import Reader


class PaletteMixin:
    """``get_system_commands`` for ParlreadApp (the palette, ctrl+p)."""

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: the commands below, then every other action the
        screen under the palette has a key for (from its live bindings), so
        every action is in the palette."""
        from tui.scope import acts_on

        yield from super().get_system_commands(screen)
        for command in self._curated_commands():
            if not acts_on(self, command.callback.__name__.removeprefix("action_"), screen):
                continue  # it would act on the library or reader hidden under this screen
            yield SystemCommand(command.title, command.help, self._palette_safe(command.callback))
        yield from self._binding_commands(screen)

    def _palette_safe(self, callback):
        """A palette command that belongs to another screen says so instead of raising."""
        from textual.actions import SkipAction

        def run():
            try:
                return callback()
            except SkipAction:
                self.notify("That command works in the library and reader (close this screen first)", timeout=3)

        return run

    def _binding_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui.screens.help import help_groups

        covered = {c.callback.__name__.removeprefix("action_") for c in self._curated_commands()}
        covered |= {"help", "help_key", "quit", "command_palette", "focus_filter", "filter",
                    "key_tag", "key_note", "key_search", "key_find", "key_export", "key_open",
                    "key_import", "key_facets", "open", "back", "library_escape"}
        skip = {"cursor_up", "cursor_down", "page_up", "page_down", "first", "last", "top", "bottom",
                "next_passage", "prev_passage", "scroll_up", "scroll_down", "scroll_home", "scroll_end",
                "choose", "focus_next", "focus_previous", "screen.copy_text", "copy_text", "move", "page"}
        extra: tuple = ()
        if screen is self.main_screen:
            extra = (screen.query_one(RecordList), screen.query_one(Reader))
        for title, bindings in help_groups(self, screen, extra):
            for b in bindings:
                name = b.action.split("(")[0].removeprefix("app.")
                if name in covered or name in skip:
                    continue
                covered.add(name)
                keys = b.key.replace(",", " / ")
                action = b.action
                yield SystemCommand(f"{title}: {b.description}", f"({keys})",
                                    self._palette_safe(lambda action=action, screen=screen: self._run_screen_action(screen, action)))

    def _run_screen_action(self, screen: Screen, action: str) -> None:
        """Run a binding's action in the namespace that binds it (screen, widget or app)."""
        for node, bindings in screen._modal_binding_chain:
            if any(b.action == action for _, b in bindings):
                self.call_later(self.run_action, action, node)
                return
        self.call_later(self.run_action, action, screen)

    def _curated_commands(self) -> list[SystemCommand]:
        return [
            SystemCommand("Filter library", "Type to filter the records (f)", self.focus_filter),
            SystemCommand("Sort library", "Cycle sort: date, title, source order (s)", self.action_sort),
            SystemCommand("Search", "Typo-tolerant search over every passage (ctrl+f)", self.action_search),
            SystemCommand("Find in record", "Search the open record (/)", self.action_find),
            SystemCommand("Versions", "Republished copies of this record, then compare (v)", self.action_versions),
            SystemCommand("Compare two records", "Mark this record, then another (c)", self.action_compare_pick),
            SystemCommand("Loading problems", "Files skipped or loaded with warnings (w)", self.action_warnings),
            SystemCommand("Copy passage", "Copy the current passage to the clipboard (y)", self.action_copy_passage),
            SystemCommand("Copy citation", "Copy the passage with a Hansard-style citation (Y)", self.action_copy_citation),
            SystemCommand("Facet filters", "Filter the library by kind, house, department, member, dates (F)", self.action_facets),
            SystemCommand("Member's view", "Show what this record's people asked or answered (m)", self.action_member_view),
            SystemCommand("Timeline", "Records per month of the current filter; Enter filters to a month (L)", self.action_timeline),
            SystemCommand("Clear facet filters", "Remove facet, date and member filters (X)", self.action_clear_browse_filters),
            SystemCommand("Next grouped question", "Open the next question answered in the same group (o)", self.action_group_next),
            SystemCommand("Tag passage", "Tag the passage under the cursor (t)", self.action_tag_passage),
            SystemCommand("Note on passage", "Write or edit a note on the passage under the cursor (a)", self.action_note_passage),
            SystemCommand("Undo tag/note change", "Undo the last annotation change of this session (u)", self.action_undo_annotation),
            SystemCommand("Notes list", "All notes and tags, grouped; orphans view with O (A)", self.action_notes_list),
            SystemCommand("Tag manager", "Rename, merge, delete, colour tags; filter the library by tag (T)", self.action_tag_manager),
            SystemCommand("Clear tag filter", "Show all records in the library again", self.action_clear_tag_filter),
            SystemCommand("Export notes", "Annotations as W3C JSON-LD, CSV or Markdown: all, by tag, this record or the current filter (E)", self.action_export_notes),
            SystemCommand("Open file or folder", "Read another file or folder as the corpus (O)", self.action_open_path),
            SystemCommand("Import", "A W3C annotation file into your notes, or sources into your library (I)", self.action_import_path),
            SystemCommand("Review re-anchored notes", "Orphans and notes needing review after texts changed; r re-attaches (R)", self.action_review_notes),
            SystemCommand("Help", "The keys of this screen (?)", self.action_help),
        ]

    async def action_quit(self) -> None:
        self._cancel.set()
        self.exit()
