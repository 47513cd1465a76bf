"""The key bar: the screen's live key bindings on one line, drawn by one widget.

It shows what Textual's ``Footer`` shows, drawn the same way (`` q Quit  ? Help …``,
the command palette's key on the right after a thin rule, keys of a
``Binding.Group`` side by side before the group's name, disabled keys dim), but
as one widget that repaints, where the ``Footer`` mounts one widget per key and
mounts them all again whenever the bindings change (each focus change): on the
library's first frame those widgets cost more start-up time than the rest of
the screen's widgets together (issue 15).  A click on a key presses it, as in
the ``Footer``; the key under the mouse is highlighted and its tooltip shown.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget


class _Item(NamedTuple):
    key: str  # the key to simulate on a click
    start: int  # cells from the left edge (or from the palette item's start)
    end: int
    enabled: bool
    tooltip: str


class KeyBar(Widget, can_focus=False):
    """The screen's active bindings (those with ``show=True``) on one line."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--label", "key-bar--rule", "key-bar--hover"}
    # the Footer's own colours (its DEFAULT_CSS), so both look alike on every screen
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--label {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--rule { color: $foreground 20%; }
        & > .key-bar--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._items: list[_Item] = []  # where each key was drawn (for clicks and hover)
        self._palette: _Item | None = None
        self._hover: str | None = None  # the key under the mouse

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        # as the Footer: the keys stay as they were while the terminal has not the focus
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.refresh()

    # ---- what is shown -------------------------------------------------------
    def _entries(self):
        """(group, [(binding, enabled, tooltip), …]) in the Footer's order, and the palette's binding."""
        active = self.screen.active_bindings
        by_action: defaultdict[str, list] = defaultdict(list)
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        groups = [(group, [m[0] for m in multi]) for group, multi in groupby(by_action.values(), lambda m: m[0][0].group)]
        palette = None
        app = self.app
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = (binding, enabled, binding.tooltip or binding.description)
        return groups, palette

    def render(self) -> Text:
        style = self.get_component_rich_style  # blended over the bar's background, as the Footer's keys
        key_style, desc_style, label_style = style("key-bar--key"), style("key-bar--description"), style("key-bar--label")
        hover = Style(bgcolor=style("key-bar--hover").bgcolor)  # as FooterKey:hover: its background only
        groups, palette = self._entries()
        display = self.app.get_key_display
        items: list[_Item] = []
        text = Text(no_wrap=True, overflow="crop", end="")

        def add(into: Text, binding, enabled: bool, tooltip: str, description: str | None, compact: bool = False) -> None:
            start = into.cell_len
            extra = Style.null() if enabled else Style(dim=True)
            if binding.key == self._hover:
                extra += hover
            if description is None:  # a key of a group: no padding, no description (FooterKey.-grouped)
                into.append(display(binding), key_style + extra)
            elif compact:  # FooterKey.-compact (the palette's key)
                into.append(display(binding), key_style + extra)
                into.append(f" {description}", desc_style + extra)
            else:
                into.append(f" {display(binding)} ", key_style + extra)
                into.append(f"{description} ", desc_style + extra)
            items.append(_Item(binding.key, start, into.cell_len, enabled, tooltip))

        for group, entries in groups:
            if group is not None and len(entries) > 1:
                # the Footer's KeyGroup: keys side by side (a space apart unless compact), then the group's name
                text.append(" ")
                for n, (binding, enabled, tooltip) in enumerate(entries):
                    if n and not group.compact:
                        text.append(" ")
                    add(text, binding, enabled, tooltip or binding.description, None)
                text.append(" ")
                text.append(f"{group.description} ", label_style)
            else:
                for binding, enabled, tooltip in entries:
                    add(text, binding, enabled, tooltip, binding.description)
        self._palette = None
        if palette is None:
            self._items = items
            return text
        # the palette's key on the right, after a thin rule (FooterKey.-command-palette)
        left = max(0, self.size.width - cell_len(f"▏{display(palette[0])} {palette[0].description} "))
        text.truncate(left, pad=True)
        self._items = [i for i in items if i.end <= left]
        text.append("▏", style("key-bar--rule"))
        before = len(items)
        add(text, palette[0], palette[1], palette[2], palette[0].description, compact=True)
        text.append(" ")
        self._palette = items[before]
        return text

    # ---- mouse (as the Footer's keys) ----------------------------------------
    def _item_at(self, x: int) -> _Item | None:
        for item in self._items + ([self._palette] if self._palette else []):
            if item.start <= x < item.end:
                return item
        return None

    def on_click(self, event: events.Click) -> None:
        item = self._item_at(event.x)
        if item is None:
            return
        event.stop()
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._item_at(event.x)
        key = item.key if item is not None else None
        if key != self._hover:
            self._hover = key
            self.tooltip = (item.tooltip or None) if item is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()
