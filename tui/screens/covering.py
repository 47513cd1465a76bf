"""Keys of the library and reader on a full screen that covers them (comparison, collation).

The app's bindings (``s`` sort, ``v`` versions, ``/`` find, ``y`` copy, ``a`` note …) act on the
library and the reader even while another full screen is on top: the result happened out of
sight, under it (the hidden list re-sorted, the hidden passage copied or annotated).  A screen
that covers them adds ``COVERING_BINDINGS`` after its own; each says in one line how to get
there instead.  A screen may give a key its own meaning first (the collation copies and
annotates its current row).
"""

from __future__ import annotations

from textual.binding import Binding

# app keys that work on the library or the open record
LIBRARY_KEYS = ("v", "o", "s", "L", "slash", "n", "N", "ctrl+f", "y", "Y", "a", "t")
_NAMES = {"slash": "/", "ctrl+f": "ctrl+f"}


def covering_bindings(screen_name: str, own: tuple[str, ...] = ()) -> list[Binding]:
    """Hidden bindings for the library keys this screen does not use itself (``own``)."""
    return [Binding(k, f"elsewhere({k!r}, {screen_name!r})", "", show=False) for k in LIBRARY_KEYS if k not in own]


class CoveringMixin:
    """``action_elsewhere``: the one-line answer to a library key on a covering screen."""

    def action_elsewhere(self, key: str, screen_name: str = "this screen") -> None:
        name = _NAMES.get(key, key)
        self.notify(f"{name} works in the library and reader: Esc closes the {screen_name} first", timeout=3)
