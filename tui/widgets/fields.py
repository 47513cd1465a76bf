"""Typing a key that reached a screen into one of its text fields (no letter lost)."""

from __future__ import annotations

from textual.widgets import Input, TextArea


def type_into(screen, field, character: str) -> None:
    """Give ``field`` the focus and insert ``character`` at its cursor.

    An Input selects all its text when it gets the focus (``select_on_focus``):
    the Focus event is handled after this insert, so the next letter typed
    would replace the one inserted here ("zq" became "q").  The selection on
    this focus is skipped; the field selects on focus as usual afterwards."""
    if screen.focused is not field:
        restore = isinstance(field, Input) and field.select_on_focus
        if restore:
            field.select_on_focus = False
        screen.set_focus(field)  # posts the Focus event to the field
        if restore:  # behind that Focus event in the field's queue: restored once it is handled
            field.call_later(setattr, field, "select_on_focus", True)
    if isinstance(field, Input):
        field.insert_text_at_cursor(character)
    elif isinstance(field, TextArea):
        field.insert(character)
