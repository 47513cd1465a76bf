"""The app's state: Session (what this run found); what the library shows is its list's RecordFilter.

``app.session`` is created with each app, so no module has to invent state on
the app with ``setattr`` and no mutable class attribute is shared between app
instances.  What the library shows (typed words, facets, tag filter) is one
``corpus.filters.RecordFilter`` held by the library list, read as
``app.library_view``.  Only the UI thread changes either (workers post
messages; see ``tui/messages.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from corpus.model import Record


@dataclass
class Session:
    """What this run computed or picked: index, version groups, search hits, compare pick, undo log."""

    index: Any = None  # corpus.search.SearchIndex once built or loaded
    index_progress: tuple[int, int] = (0, 0)
    version_groups: list | None = None  # corpus.versions.VersionGroup list once found
    inferred: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # record id -> inferred fields
    hits: list = field(default_factory=list)  # the last search's hits (n / N step through them)
    hit_pos: int = -1
    compare_a: Record | None = None  # first record picked with c
    undo_log: list[tuple[str, str]] = field(default_factory=list)  # (store undo label, what the user did)
    groups: tuple | None = None  # (corpus, record count, corpus.browse.GroupIndex) of grouped questions
    versions_wanted: Record | None = None  # v pressed before the version groups were ready

    def version_pairs(self, record_id: str) -> list | None:
        """Pairs linking the record to its versions (correction first, then most similar); None until found."""
        if self.version_groups is None:
            return None
        from corpus.versions import CORRECTION

        out = [p for g in self.version_groups if record_id in g.ids for p in g.pairs_of(record_id)]
        out.sort(key=lambda p: (p.kind != CORRECTION, -p.similarity))
        return out
