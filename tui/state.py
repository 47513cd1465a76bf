"""The app's state: Session (what this run found); what the library shows is its list's RecordFilter.

``app.session`` is created with each app, so no module has to invent state on
the app with ``setattr`` and no mutable class attribute is shared between app
instances.  What the library shows (typed words, facets, tag filter) is one
``corpus.filters.RecordFilter`` held by the library list, read as
``app.library_view``.  Only the UI thread changes either (workers post
messages; see ``tui/messages.py``).
"""

from __future__ import annotations

from typing import Any

from corpus.model import Record


class Session:
    """What this run computed or picked: index, version groups, search hits, compare pick, undo log.

    (A plain class, not a dataclass: creating one costs ~0.5 ms of the first frame.)"""

    __slots__ = ("index", "index_progress", "version_groups", "inferred", "hits", "hit_pos", "compare_a",
                 "undo_log", "groups", "versions_wanted")

    def __init__(self) -> None:
        self.index: Any = None  # corpus.search.SearchIndex once built or loaded
        self.index_progress: tuple[int, int] = (0, 0)
        self.version_groups: list | None = None  # corpus.versions.VersionGroup list once found
        self.inferred: dict[str, dict[str, tuple[str, str]]] = {}  # record id -> inferred fields
        self.hits: list = []  # the last search's hits (n / N step through them)
        self.hit_pos = -1
        self.compare_a: Record | None = None  # first record picked with c
        self.undo_log: list[tuple[str, str]] = []  # (store undo label, what the user did)
        self.groups: tuple | None = None  # (corpus, record count, corpus.browse.GroupIndex) of grouped questions
        self.versions_wanted: Record | None = None  # v pressed before the version groups were ready

    def version_pairs(self, record_id: str) -> list | None:
        """Pairs linking the record to its versions (correction first, then most similar); None until found."""
        if self.version_groups is None:
            return None
        from corpus.versions import CORRECTION

        out = [p for g in self.version_groups if record_id in g.ids for p in g.pairs_of(record_id)]
        out.sort(key=lambda p: (p.kind != CORRECTION, -p.similarity))
        return out
