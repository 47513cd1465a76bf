"""Where each app key acts (ActionScopeMixin.check_action for ParlreadApp).

The app's bindings are in every screen's binding chain (and the priority ones
even on dialogs), but most act on the library and the reader only: on the
search screen, the comparison or the collation they did nothing — or worse,
acted out of sight on the hidden reader — yet the help and the palette listed
them.  ``check_action`` is Textual's one switch for both: an action it calls
``False`` is not run (the key goes on to the next binding, or is typed) and is
left out of the footer, of the help (``help_groups``) and of the palette.
"""

from __future__ import annotations

from textual.screen import ModalScreen, Screen

# actions that work on the library or the open record: only on the main screen
MAIN_ONLY = frozenset({
    "filter", "filter_done", "focus_filter", "sort", "open", "back", "library_escape",
    "copy_passage", "copy_citation", "key_facets", "facets", "member_view", "timeline",
    "clear_browse_filters", "group_next", "key_tag", "key_note", "tag_passage", "note_passage",
    "undo_annotation", "key_search", "key_find", "search", "find", "next_hit", "prev_hit",
    "versions", "compare_pick", "clear_tag_filter",
})
# actions that open a screen of their own: on any full screen, never on a dialog
NOT_ON_DIALOGS = frozenset({
    "key_export", "export_notes", "key_open", "open_path", "key_import", "import_path",
    "review_notes", "notes_list", "tag_manager", "warnings", "inbox",
})


def acting_screen(app) -> Screen | None:
    """The screen a key or command acts on: the one in front, or the one under the palette."""
    from textual.command import CommandPalette

    for screen in reversed(app.screen_stack):
        if not isinstance(screen, CommandPalette):
            return screen
    return None


def acts_on(app, action: str, screen: Screen | None) -> bool:
    """Whether the app action ``action`` does something on ``screen``."""
    if action in MAIN_ONLY:
        try:
            return screen is app.main_screen
        except LookupError:
            return False
    if action in NOT_ON_DIALOGS:
        return screen is not None and not isinstance(screen, ModalScreen)
    return True


class ActionScopeMixin:
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not acts_on(self, action, acting_screen(self)):
            return False
        return super().check_action(action, parameters)
