"""SearchScreen: search-as-you-type over the corpus (or within one record).

    app.push_screen(SearchScreen(corpus, index), callback)
    app.push_screen(SearchScreen(corpus, index, record_id=rec.id), callback)  # find in record

The screen dismisses with ``(hit, hits)`` — the chosen :class:`corpus.search.Hit`
and the full ranked hits (a :class:`corpus.search.LazyHits` sequence: ``len``,
indexing, iteration; for n/N in the reader) — on Enter, or with ``None`` on
Escape.  ``filters`` (a :class:`corpus.search.Filters`) narrows the
search further (kind, house, member, dates, tags via ``restrict_to``).

Every keystroke starts a search in a thread worker (``exclusive=True`` in
group ``"search"``, so a newer query cancels the stale one); the worker posts
:class:`SearchScreen.Results` and the handler, on the UI thread, owns the
state.  The hit list is one :class:`HitList` (a RowList: ScrollView with the Line
API): two lines per hit — title, date and people, then a snippet of the
passage around the first matched word with matched words highlighted — drawn
only for visible rows, with an LRU cache of rendered Strips, so 100,000 hits
scroll as smoothly as ten.  Document text is rich ``Text`` with styled spans,
never markup, and control characters are made visible (corpus.safe_text).

Keys: type to search; Down/Up, Ctrl+N/Ctrl+P, PageDown/PageUp move the
selection while the input keeps focus; Tab moves focus to the list (j/k, g/G
there); Enter opens the selected hit; Escape closes.

The screen opens at once, before the index exists (``index=None``): it says
"indexing… n%" (``show_index_progress``), keeps the query, and runs it when
the app hands over the index (``set_index``); Enter pressed before the first
results opens the best hit when they arrive.  Letters typed in the instant
between the key that opened the screen and the input getting focus are put in
the input, never run as commands.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from corpus.corpus import Corpus
from corpus.safe_text import printable
from corpus.search import Filters, Hit, SearchIndex
from tui.widgets.rowlist import RowList

LINES_PER_HIT = 2
MATCH_STYLE = Style(bold=True, underline=True, color="yellow")


def snippet(text: str, highlights: list[list[int]], width: int) -> Text:
    """One line of ``text`` around its first highlight, matches styled, safe to draw."""
    start = 0
    if highlights and width > 10:
        # the window (of about the width) holding the most matched words
        span = max(10, width - width // 4)
        best, first = -1, highlights[0][0]
        few = highlights[:100]
        for i, (a, _b) in enumerate(few):
            n = sum(1 for _x, y in few[i:] if y <= a + span)
            if n > best:
                best, first = n, a
        if first > width // 4:
            start = text.rfind(" ", 0, first - width // 8) + 1
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    if start:
        out.append("… ", style="dim")
    pos = start
    for a, b in highlights:
        if b <= start:
            continue
        a = max(a, start)
        out.append(printable(text[pos:a]))
        out.append(printable(text[a:b]), style=MATCH_STYLE)
        pos = b
        if out.cell_len > width:
            break
    if out.cell_len <= width:
        out.append(printable(text[pos : pos + 4 * width]))
    return out


class HitList(RowList):
    """The ranked hits, two lines each, rendered lazily (Line API, via RowList).
    A click selects a hit, a double click opens it."""

    HELP_TITLE = "Search hits"

    LINES_PER_ROW = LINES_PER_HIT
    OPEN_ON_CLICK = False

    DEFAULT_CSS = """
    HitList { background: $surface; height: 1fr; }
    """

    def __init__(self, corpus: Corpus, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus = corpus
        self.hits: Sequence[Hit] = []
        self.stale = ""  # why a hit cannot be shown (see hit())

    def set_hits(self, hits: Sequence[Hit]) -> None:
        self.hits = hits
        self.set_row_count(len(hits), cursor=0)
        self.scroll_to(y=0, animate=False)

    @property
    def current(self) -> Hit | None:
        return self.hit(self.cursor) if 0 <= self.cursor < len(self.hits) else None

    def hit(self, index: int) -> Hit | None:
        """The hit at ``index``; None when its record's texts changed since loading (StaleText:
        its cache entry gone and its source edited), with the reason in ``self.stale``."""
        from corpus.textstore import StaleText

        try:
            return self.hits[index]
        except StaleText as exc:  # never another text, never a crash in a render
            self.stale = str(exc)
            return None

    def render_row_line(self, index: int, part: int, width: int, selected: bool) -> Text:
        hit = self.hit(index)
        if hit is None:
            if part == 0:
                return Text(("▶ " if selected else "  ") + "(text not shown: its file changed since loading)", style="bold")
            return Text("        " + printable(self.stale), style="dim", no_wrap=True, overflow="ellipsis")
        if part == 0:
            rec = self.corpus.record(hit.record_id)
            text = Text()
            text.append("▶ " if selected else "  ", style="bold")
            text.append(f"{hit.score:5.1f} ", style="dim")
            if rec is not None:
                text.append(printable(rec.title or "(untitled)"), style="bold")
                text.append(f"  {rec.sort_date or 'date unknown'}", style="cyan")
                if rec.uin:  # questions on one subject share a title and a date: the UIN tells them apart
                    text.append(f"  {printable(rec.uin)}", style="dim")
                if rec.people:
                    text.append(f"  {printable(', '.join(rec.people))}", style="italic")
            if hit.title_hit:
                text.append("  [title]", style="magenta")
            return text
        text = Text("        ")
        text.append_text(snippet(hit.text, hit.highlights, max(10, width - 8)))
        return text


class SearchScreen(Screen["tuple[Hit, Sequence[Hit]] | None"]):
    """Type to search; Enter dismisses with ``(hit, hits)``, Escape with None."""

    HELP_TITLE = "Search"

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("enter", "choose", "Open hit", priority=True),
        Binding("tab", "focus_hits", "Hit list", show=False),
        Binding("down,ctrl+n", "move(1)", "Next hit", show=False, priority=True),
        Binding("up,ctrl+p", "move(-1)", "Previous hit", show=False, priority=True),
        Binding("pagedown", "page(1)", "Page down", show=False, priority=True),
        Binding("pageup", "page(-1)", "Page up", show=False, priority=True),
    ]

    DEFAULT_CSS = """
    SearchScreen #search-status { height: 1; color: $text-muted; padding: 0 1; }
    """

    class Results(Message):
        """Posted by the search worker; handled on the UI thread."""

        def __init__(self, generation: int, query: str, hits: Sequence[Hit], seconds: float) -> None:
            self.generation = generation
            self.query_text = query
            self.hits = hits
            self.seconds = seconds
            super().__init__()

    def __init__(
        self,
        corpus: Corpus,
        index: SearchIndex | None,
        record_id: str | None = None,
        *,
        query: str = "",
        filters: Filters | None = None,
        limit: int | None = None,
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.index = index
        self.record_id = record_id
        self.initial_query = query
        base = filters or Filters()
        if record_id is not None:
            from dataclasses import replace

            base = replace(base, record_id=record_id)
        self.filters = base
        self.limit = limit
        self.query_text = ""
        self.hits: Sequence[Hit] = []
        self.shown_query: str | None = None  # the query whose hits are on screen
        self._generation = 0
        self.index_progress = (0, 0)  # while index is None
        self._choose_pending = False  # Enter before the results: open the best hit when they come

    def compose(self) -> ComposeResult:
        if self.record_id is not None:
            rec = self.corpus.record(self.record_id)
            scope = f"Find in: {printable(rec.title or rec.id) if rec else self.record_id}"
        else:
            scope = f"Search {len(self.corpus.records):,} records"
        yield Input(
            value=self.initial_query,
            placeholder=f'{scope} — typos forgiven, "quoted phrase", Enter opens, Esc closes',
            id="search-input",
        )
        yield Static(Text(scope), id="search-status", markup=False)
        yield HitList(self.corpus, id="search-hits")
        yield Footer()  # the keys, from the live bindings

    def on_mount(self) -> None:
        inp = self.query_one(Input)
        self.set_focus(inp)  # at once (focus() waits a frame): keys already queued land in it
        if self.initial_query:
            self._start(self.initial_query)
        elif self.index is None:
            self.show_index_progress(*self.index_progress)

    def on_key(self, event: events.Key) -> None:
        """A printable key that reached the screen itself (typed before the
        input had focus) goes into the input: it is a query letter, not a command."""
        if not event.is_printable or not event.character or isinstance(self.focused, HitList):
            return
        from tui.widgets.fields import type_into

        type_into(self, self.query_one(Input), event.character)
        event.stop()
        event.prevent_default()

    # ---- the index arriving ---------------------------------------------------
    def show_index_progress(self, done: int, total: int) -> None:
        self.index_progress = (done, total)
        if self.index is None:
            pct = f" {done * 100 // total}%" if total else ""
            what = f"; {self.query_text!r} runs when it is ready" if self.query_text.strip() else "; type your query"
            self._status(f"indexing…{pct}{what}")

    def set_index(self, index: SearchIndex, corpus: Corpus | None = None) -> None:
        """The index is ready: run the query typed meanwhile."""
        self.index = index
        if corpus is not None:
            self.corpus = corpus
            self.hit_list.corpus = corpus
        self._start(self.query_one(Input).value)

    @property
    def hit_list(self) -> HitList:
        return self.query_one(HitList)

    # ---- searching --------------------------------------------------------
    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._start(event.value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_choose()

    def _start(self, query: str) -> None:
        self._generation += 1
        self.query_text = query
        if not query.strip():
            self.hits = []
            self.hit_list.set_hits([])
            self._status("")
            if self.index is None:
                self.show_index_progress(*self.index_progress)
            return
        if self.index is None:  # kept; runs in set_index
            self.show_index_progress(*self.index_progress)
            return
        self._search(self._generation, query)

    @work(thread=True, exclusive=True, group="search", description="search")
    def _search(self, generation: int, query: str) -> None:
        worker = get_current_worker()
        t = time.perf_counter()
        hits = self.index.search_lazy(query, limit=self.limit, filters=self.filters)
        if worker.is_cancelled:
            return
        self.post_message(self.Results(generation, query, hits, time.perf_counter() - t))

    def on_search_screen_results(self, message: Results) -> None:
        if message.generation != self._generation:  # a newer query is on its way
            return
        self.hits = message.hits
        self.shown_query = message.query_text
        self.hit_list.set_hits(message.hits)
        n = len(message.hits)
        self._status(f"{n:,} hit{'s' if n != 1 else ''} for {message.query_text!r} ({message.seconds * 1000:.0f} ms)")
        if self._choose_pending:
            self._choose_pending = False
            self.action_choose()

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Text(printable(text)))

    # ---- actions ----------------------------------------------------------
    def action_move(self, delta: int) -> None:
        if delta > 0:
            self.hit_list.action_cursor_down()
        else:
            self.hit_list.action_cursor_up()

    def on_row_list_chosen(self, event: RowList.Chosen) -> None:
        event.stop()
        self.action_choose()

    def action_page(self, delta: int) -> None:
        if delta > 0:
            self.hit_list.action_page_down()
        else:
            self.hit_list.action_page_up()

    def action_choose(self) -> None:
        if self.query_text.strip() and self.shown_query != self.query_text:
            self._choose_pending = True  # results not in yet (or still indexing): open when they are
            return
        hit = self.hit_list.current
        if hit is not None:
            self.dismiss((hit, self.hits))
        elif self.hit_list.stale:
            self.app.notify(printable(self.hit_list.stale), severity="error", timeout=10)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_focus_hits(self) -> None:
        """Tab: between the query and the hit list (j/k, g/G there)."""
        inp = self.query_one(Input)
        self.set_focus(self.hit_list if self.focused is inp else inp)
