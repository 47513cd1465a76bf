"""Search, versions and compare, wired into the app (mixin for ParlreadApp).

Background work after the corpus loads, in thread workers that post
messages: the search index (reused from the cache when the corpus is
unchanged) and the corpus-wide version groups (for "versions of this record"
and for metadata inferred from other versions).
"""

from __future__ import annotations

import time

from textual import work
from textual.binding import Binding

from corpus.model import Record
from corpus.safe_text import printable
from tui.messages import IndexProgress, IndexReady, VersionsFound, VersionsReady


class FeaturesMixin:
    """Search (ctrl+f, /, n, N), versions (v), compare any two (c)."""

    FEATURE_BINDINGS = [
        # priority: the search screen opens as the key arrives, so a query
        # typed straight after lands in it (see ParlreadApp.main_screen_key)
        Binding("ctrl+f", "key_search", "Search", id="search", priority=True),
        Binding("slash", "key_find", "Find in record", show=False, id="find", priority=True),
        Binding("n", "next_hit", "Next hit", show=False, id="next-hit"),
        Binding("N", "prev_hit", "Previous hit", show=False, id="prev-hit"),
        Binding("v", "versions", "Versions", id="versions"),
        Binding("c", "compare_pick", "Compare two", show=False, id="compare"),
    ]

    # state lives in self.session (tui/state.py); these two are read-only views for callers
    @property
    def index(self):
        return self.session.index

    @property
    def version_groups(self):
        return self.session.version_groups

    # ---- background work --------------------------------------------------
    def start_background_work(self) -> None:
        self.session.index = None
        self.session.version_groups = None
        self.session.inferred = {}
        # one after the other, not at once: their peaks of memory would add up
        # (version detection starts when the index is ready, see on_index_ready)
        self.build_index()

    @work(thread=True, exclusive=True, group="index", description="build the search index")
    def build_index(self) -> None:
        from corpus.search import SearchCancelled, SearchIndex

        start = time.perf_counter()
        last = [0.0]

        def progress(done: int, total: int, message: str = "") -> None:
            now = time.perf_counter()
            if now - last[0] > 0.1:
                last[0] = now
                self.post_message(IndexProgress(done, total))

        from corpus.memory import trim

        if not self._after_other_work("preview"):
            return
        trim()  # the load's freed temporaries back to the system before the build adds its own
        try:
            index = SearchIndex.load_or_build(self.corpus, progress=progress, cancel=self._cancel)
        except SearchCancelled:
            return
        trim()  # the build's freed temporaries back to the system before detection adds its own
        self.post_message(IndexReady(index, getattr(index, "load_info", ""), time.perf_counter() - start))

    def _after_other_work(self, group: str) -> bool:
        """Wait (in a worker thread) until the app's workers of ``group`` are done; False when cancelled.

        The first screen's preview (saved once after a first load, +43 MB for
        a second at 100k records) would otherwise overlap the start of the
        index build, and their peaks add up."""
        cancel = self._cancel
        try:
            waiting = [w for w in list(self.workers) if w.group == group]
        except RuntimeError:  # the set changed while copied: nothing worth waiting for is lost
            waiting = []
        for worker in waiting:
            while not worker.is_finished:
                if cancel.wait(0.02):
                    return False
        return not cancel.is_set()

    @work(thread=True, exclusive=True, group="versions", description="find versions in the corpus")
    def build_versions(self) -> None:
        from corpus.versions import Cancelled
        from corpus.versions_store import find_versions_cached

        start = time.perf_counter()
        try:  # the saved pairs when the corpus is unchanged, else detected and saved
            groups = find_versions_cached(self.corpus, cancel=self._cancel)
        except Cancelled:
            return
        self.post_message(VersionsReady(groups, time.perf_counter() - start))

    def on_index_progress(self, message: IndexProgress) -> None:
        self.session.index_progress = (message.done, message.total)
        self._update_status()
        for screen in self._search_screens():
            screen.show_index_progress(message.done, message.total)

    def on_index_ready(self, message: IndexReady) -> None:
        self.session.index = message.index
        self._update_status()
        for screen in self._search_screens():  # opened while indexing: run what was typed
            screen.set_index(self.session.index, self.corpus)
        if self.session.version_groups is None:
            self.build_versions()

    def on_versions_ready(self, message: VersionsReady) -> None:
        self.session.version_groups = message.groups
        from corpus.memory import trim

        trim()  # the detection's freed temporaries: back to the system
        self.session.inferred = {}
        wanted, self.session.versions_wanted = self.session.versions_wanted, None
        if wanted is not None:
            self.hold_keys("versions", limit=10)  # (already held since v was pressed)
            self._find_versions(wanted, self.session.version_pairs(wanted.id))
        reader = self._reader()
        if reader.record is not None:  # show inferred metadata for the open record
            reader.show(reader.record, inferred=self.inferred_for(reader.record), passage_id=getattr(reader.current_passage, "id", None))

    def index_status(self) -> str:
        if self.session.index is not None:
            return ""
        done, total = self.session.index_progress
        return f" · indexing {done * 100 // total}%" if total else " · indexing…"

    # ---- inferred metadata --------------------------------------------------
    def inferred_for(self, record: Record) -> dict[str, tuple[str, str]]:
        """Fields this record lacks, filled from its versions (marked inferred)."""
        if not self.session.version_groups:
            return {}
        cache = self.session.inferred
        if record.id in cache:
            return cache[record.id]
        from corpus.versions import reconcile

        out: dict[str, tuple[str, str]] = {}
        for group in self.session.version_groups:
            if record.id in group.ids:
                members = [self.corpus.record(i) or group.virtual.get(i) for i in group.ids]
                inferred = reconcile([m for m in members if m is not None], group.pairs).get(record.id, {})
                for name, inf in inferred.items():
                    source = self.corpus.record(inf.from_record)
                    where = printable((source.source or source.title or inf.from_record) if source else inf.from_record)
                    note = f"{where}, {inf.from_record}"
                    if inf.confidence == "consistent":
                        note += "; agrees with this record"
                    elif inf.confidence == "conflict":
                        note += "; CONFLICTS with this record"
                    out[name] = (str(inf.value), note)
                break
        cache[record.id] = out
        return out

    # ---- search -------------------------------------------------------------
    def _reader(self):
        from tui.widgets.reader import Reader

        for screen in reversed(self.screen_stack):
            try:
                return screen.query_one(Reader)
            except Exception:
                continue
        raise LookupError("no reader")

    def _index_or_notify(self):
        if self.session.index is None:
            done, total = self.session.index_progress
            pct = f" ({done * 100 // total}%)" if total else ""
            self.notify(f"The search index is still being built{pct}; try again in a moment", timeout=3)
        return self.session.index

    def action_search(self) -> None:
        self._open_search(record_id=None)

    def action_find(self) -> None:
        record = self._reader().record
        if record is None:
            self.notify("Open a record first (/ finds in the open record; ctrl+f searches everything)", timeout=3)
            return
        self._open_search(record_id=record.id)

    def _open_search(self, record_id: str | None) -> None:
        """Open the search screen at once, even while the index is being
        built: it keeps what is typed, says "indexing… n%" and runs the query
        when the index is ready (no key is lost or run as a command)."""
        from tui.screens.search import SearchScreen

        filters = None if record_id else self._library_scope()
        screen = SearchScreen(self.corpus, self.index, record_id=record_id, filters=filters)
        if self.index is None:
            screen.index_progress = self.session.index_progress
        self.push_screen(screen, self._search_done)

    def _search_screens(self):
        from tui.screens.search import SearchScreen

        return [s for s in self.screen_stack if isinstance(s, SearchScreen)]

    def _library_scope(self):
        """Search filters for the library's facet, member and tag filters (not its text filter)."""
        from corpus.search import Filters
        from tui.widgets.library import RecordList

        try:
            rl = self.main_screen.query_one(RecordList)
        except Exception:
            return None
        ids = rl.filter.scope(rl.records)
        if ids is None:
            return None
        tag = rl.filter.tag
        if tag and self.store is not None:
            # a tag filter narrows the search to the tagged passages themselves
            scope = {a.passage_id for a in self.store.with_tag(tag) if a.passage_id and a.record_id in ids}
            self.notify(f"Searching the {len(scope)} passages tagged {tag!r} (T, then clear, to search everything)", timeout=4)
        else:
            scope = ids
            self.notify(f"Searching the {len(ids)} records in the current filter (X clears it)", timeout=4)
        return Filters(restrict_to=scope)

    def _search_done(self, result) -> None:
        if not result:
            return
        hit, hits = result
        s = self.session
        s.hits = list(hits)
        s.hit_pos = next((i for i, h in enumerate(s.hits) if h is hit), 0)
        self._show_hit(hit)

    def _show_hit(self, hit) -> None:
        record = self.corpus.record(hit.record_id)
        if record is None:
            return
        self.open_record(record, hit.passage_id)
        if hit.passage_id:
            self._reader().set_highlights(hit.passage_id, [tuple(s) for s in hit.highlights])
        if len(self.session.hits) > 1:
            self.notify(f"Hit {self.session.hit_pos + 1} of {len(self.session.hits)} — n / N for next / previous", timeout=2)

    def action_next_hit(self) -> None:
        self._step_hit(1)

    def action_prev_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        s = self.session
        if not s.hits:
            self.notify("No search hits: search with ctrl+f or / first", timeout=2)
            return
        s.hit_pos = (s.hit_pos + step) % len(s.hits)
        self._show_hit(s.hits[s.hit_pos])

    # ---- versions and comparison ----------------------------------------------
    def action_versions(self) -> None:
        record = self._current_record()
        if record is None:
            self.notify("Open or highlight a record first", timeout=2)
            return
        pairs = self.session.version_pairs(record.id)
        if pairs is None:  # the corpus-wide search is still running: show the list when it ends, never redo it
            self.session.versions_wanted = record
            self.notify("Still finding versions across the corpus: the list opens when that is done "
                        "(keys typed meanwhile wait for it; Esc cancels)", timeout=4)
            self.hold_keys("versions", cancel=self._cancel_versions_wait)
            return
        self.hold_keys("versions", limit=10)  # keys typed meanwhile go to the versions list (tui/keys.py)
        self._find_versions(record, pairs)

    def _cancel_versions_wait(self, dropped: int) -> None:
        self.session.versions_wanted = None
        extra = f"; {dropped} key{'s' if dropped != 1 else ''} typed for it dropped" if dropped else ""
        self.notify(f"Cancelled: the versions list will not open{extra}", timeout=4)

    @work(thread=True, exclusive=True, group="versions-of", description="find versions of one record")
    def _find_versions(self, record: Record, pairs: list) -> None:
        from corpus.versions import resolve_version

        rows = []
        for pair in pairs:
            other = resolve_version(self.corpus, pair.other(record.id))
            if other is None and pair.kind == "correction":
                from corpus.versions import correction_pair

                cp = correction_pair(record)
                other = cp[0] if cp else None
            if other is not None:
                rows.append((other, pair))
        group = [record] + [other for other, _ in rows]
        for g in self.session.version_groups or ():  # the whole connected group, once detection is done
            if record.id in g.ids:
                known = {r.id for r in group}
                group += [r for r in (resolve_version(self.corpus, i) or g.virtual.get(i) for i in g.ids)
                          if r is not None and r.id not in known]
                break
        self.post_message(VersionsFound(record, rows, group))

    def on_versions_found(self, message: VersionsFound) -> None:
        record, rows, group = message.record, message.rows, message.group

        def chosen(other) -> None:
            if other == "collate":
                from tui.screens.collate import open_collate

                open_collate(self, group or [record] + [o for o, _ in rows])
            elif other is not None:
                from corpus.reading_order import older_first

                self.compare(*older_first(record, other))  # the older text on the left: original → corrected

        from tui.screens.versions import VersionsScreen

        self.push_screen(VersionsScreen(record, rows, group), chosen)
        self.release_keys("versions")

    def compare(self, a: Record, b: Record) -> None:
        from tui.screens.compare import CompareScreen

        self.push_screen(CompareScreen(a, b))

    def action_compare_pick(self) -> None:
        record = self._current_record()
        if record is None:
            self.notify("Open or highlight a record first", timeout=2)
            return
        s = self.session
        if s.compare_a is None or s.compare_a is record:
            s.compare_a = record
            self.notify("Marked for comparison. Open another record and press c again.", timeout=4)
            return
        a, s.compare_a = s.compare_a, None
        self.compare(a, record)

    def _current_record(self) -> Record | None:
        from tui.widgets.library import RecordList

        reader = self._reader()
        if reader.has_focus and reader.record is not None:
            return reader.record
        try:
            current = self.screen.query_one(RecordList).current
        except Exception:
            current = None
        return current or reader.record


def __getattr__(name: str):
    """``VersionsScreen`` is still importable from here, loaded only when asked (start-up)."""
    if name == "VersionsScreen":
        from tui.screens.versions import VersionsScreen

        return VersionsScreen
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
