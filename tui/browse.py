"""Browsing actions of the main screen: facet filters, member's view, timeline, grouped questions.

The screens are ``tui/screens/facets.py`` and ``tui/screens/timeline.py``.

The facet filters are ``corpus.browse.Filters`` inside the library list's one
``corpus.filters.RecordFilter`` (``app.library_view``), with the typed words
and the tag filter.  All labels built from document values go through
``printable`` and ``Content``/``Text`` (never markup).

Keys (bound in ``tui/app.py``): ``F`` facets, ``m`` member's view, ``L``
timeline, ``X`` clear facet/date/member filters, ``o`` next grouped question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING


from corpus.browse import Filters, GroupIndex, group_line, member_filter, month_bounds, month_counts
from corpus.model import Record
from corpus.safe_text import printable
from tui.screens.facets import FacetScreen
from tui.screens.timeline import TimelineScreen

if TYPE_CHECKING:
    from tui.app import ParlreadApp

# ---------------------------------------------------------------------------
# app glue (called from ParlreadApp actions)
def _say(app: "ParlreadApp", message: str, **kw) -> None:
    """A notification; names and titles from documents are never markup."""
    app.notify(printable(message), markup=False, **kw)


def get_filters(app: "ParlreadApp") -> Filters:
    return app.library_view.filters


def _main(app: "ParlreadApp"):
    from tui.screens.main import MainScreen

    if isinstance(app.screen, MainScreen):
        return app.screen
    for s in app.screen_stack:
        if isinstance(s, MainScreen):
            return s
    return None


def _record_list(app: "ParlreadApp"):
    from tui.widgets.library import RecordList

    screen = _main(app)
    return screen.query_one(RecordList) if screen is not None else None


def base_records(app: "ParlreadApp") -> list[Record]:
    """Records passing the text and tag filters (not the facet filters)."""
    rl = _record_list(app)
    if rl is None:
        return []
    return rl.filter.base(rl.records, rl.hay)


def set_filters(app: "ParlreadApp", filters: Filters) -> None:
    """Apply facet/date/member filters to the library and update the status line."""
    rl = _record_list(app)
    if rl is None:
        return
    rl.set_filter(rl.filter.with_filters(filters))
    try:
        app._update_status()
    except Exception:
        pass


def filter_summary(app: "ParlreadApp") -> str:
    """`` · filters: …`` for the library status line ('' when none)."""
    f = get_filters(app)
    if not f.active:
        return ""
    return f" · {printable(f.summary(60))} (F, X clears)"


def open_facets(app: "ParlreadApp") -> None:
    def done(result: Filters | None) -> None:
        if result is not None:
            set_filters(app, result)
            rl = _record_list(app)
            if rl is not None:  # once the view is on screen (a worker at 20,000+ records)
                rl.when_view(lambda n: _say(app, f"{n} records shown" + (f" · {printable(result.summary(80))}" if result.active else " · facet filters cleared"), timeout=3))

    app.push_screen(FacetScreen(base_records(app), get_filters(app)), done)


def clear_filters(app: "ParlreadApp") -> None:
    had = get_filters(app).active
    set_filters(app, Filters())
    _say(app, "Facet, date and member filters cleared" if had else "No facet filters to clear", timeout=2)


def _focused_record(app: "ParlreadApp") -> Record | None:
    from tui.widgets.reader import Reader

    screen = _main(app)
    if screen is None:
        return None
    reader = screen.query_one(Reader)
    if app.focused is reader and reader.record is not None:
        return reader.record
    rl = _record_list(app)
    if rl is not None and rl.has_focus and rl.current is not None:
        return rl.current
    return reader.record or (rl.current if rl is not None else None)


def member_view(app: "ParlreadApp") -> None:
    """Show in the library everything the current record's people asked or answered."""
    record = _focused_record(app)
    if record is None:
        _say(app, "No record selected", severity="warning")
        return
    f = member_filter(record, get_filters(app))
    if not f.member:
        _say(app, "This record names no member (asker or answerer unknown)", severity="warning")
        return
    set_filters(app, f)
    rl = _record_list(app)
    app.remove_class("reading")
    if rl is not None:
        rl.select_record(record.id)
        rl.focus()
        names = " and ".join(printable(n_) for n_ in sorted(f.member))
        also = " (other filters still apply)" if (f.without("member").active or rl.query or rl.allowed is not None) else ""
        rl.when_view(lambda n: _say(app, f"Member's view: {n} record{'s' if n != 1 else ''} asked or answered by {names}{also} · X clears", timeout=5))


def open_timeline(app: "ParlreadApp") -> None:
    f = get_filters(app)
    undated = f.with_dates(None, None)
    records = [r for r in base_records(app) if undated.matches(r)]
    tl = month_counts(records)
    title = f"Records per month · {len(records)} records"
    scope = undated.summary(50)
    if scope:
        title += f" · {printable(scope)}"
    if f.date_from or f.date_to:
        title += " (date range ignored)"

    def done(month: str | None) -> None:
        if month:
            start, end = month_bounds(month)
            set_filters(app, get_filters(app).with_dates(start, end))
            rl = _record_list(app)
            app.remove_class("reading")
            if rl is not None:
                rl.focus()
                rl.when_view(lambda n: _say(app, f"{month}: {n} records shown · X clears", timeout=3))

    app.push_screen(TimelineScreen(tl, title), done)


# ---- grouped questions -------------------------------------------------------
def group_index(app: "ParlreadApp") -> GroupIndex:
    cached = app.session.groups
    corpus = app.corpus
    if cached is None or cached[0] is not corpus or cached[1] != len(corpus.records):
        cached = (corpus, len(corpus.records), GroupIndex(corpus.records))
        app.session.groups = cached
    return cached[2]


def group_rows(app: "ParlreadApp", record: Record) -> list[tuple[str, str | None, str | None]]:
    """The reader's 'Grouped with: UIN …' header row for a grouped question."""
    if record.kind != "written question":
        return []
    members = group_index(app).group(record)
    if not members:
        return []
    return [("Grouped with", group_line(members), "o: next in group")]


def group_next(app: "ParlreadApp") -> None:
    """Open the next grouped question present in the corpus (cycling)."""
    record = _focused_record(app)
    if record is None:
        _say(app, "No record open", severity="warning")
        return
    idx = group_index(app)
    members = idx.present(record)
    if not members:
        missing = [m.uin for m in idx.group(record)]
        _say(app, "Not a grouped question" if not missing else f"Grouped questions not in corpus: UIN {', '.join(printable(u) for u in missing)}", severity="warning")
        return
    # the whole group in a stable order, so repeated o cycles through it
    ring = sorted([record] + members, key=lambda r: (r.date_asked or "", r.uin or ""))
    nxt = ring[(next(i for i, r in enumerate(ring) if r is record) + 1) % len(ring)]
    app.open_record(nxt)
    rl = _record_list(app)
    if rl is not None:
        rl.select_record(nxt.id)
    pos = next(i for i, r in enumerate(ring) if r is nxt) + 1
    _say(app, f"Grouped question {pos} of {len(ring)}: UIN {printable(nxt.uin or '?')}", timeout=3)
