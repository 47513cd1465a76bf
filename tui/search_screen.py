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
state.  The hit list is one :class:`HitList` (a ScrollView using the Line
API): two lines per hit — title, date and people, then a snippet of the
passage around the first matched word with matched words highlighted — drawn
only for visible rows, with an LRU cache of rendered Strips, so 100,000 hits
scroll as smoothly as ten.  Document text is rich ``Text`` with styled spans,
never markup, and control characters are made visible (corpus.safe_text).

Keys: type to search; Down/Up, Ctrl+N/Ctrl+P, PageDown/PageUp move the
selection while the input keeps focus; Tab moves focus to the list (j/k, g/G
there); Enter opens the selected hit; Escape closes.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from corpus.corpus import Corpus
from corpus.safe_text import printable
from corpus.search import Filters, Hit, SearchIndex

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


class HitList(ScrollView, can_focus=True):
    """The ranked hits, two lines each, rendered lazily (Line API)."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("pageup,b", "page_up", "Page up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
    ]

    DEFAULT_CSS = """
    HitList { background: $surface; height: 1fr; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    def __init__(self, corpus: Corpus, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus = corpus
        self.hits: Sequence[Hit] = []
        self._cache: OrderedDict[tuple, Strip] = OrderedDict()

    def set_hits(self, hits: Sequence[Hit]) -> None:
        self.hits = hits
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(hits) * LINES_PER_HIT)
        self.cursor = 0
        self.scroll_to(y=0, animate=False)
        self.refresh()

    @property
    def current(self) -> Hit | None:
        return self.hits[self.cursor] if 0 <= self.cursor < len(self.hits) else None

    # ---- rendering --------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        width = self.scrollable_content_region.width
        pos, part = divmod(row, LINES_PER_HIT)
        if pos >= len(self.hits):
            return Strip.blank(width, self.rich_style)
        selected = pos == self.cursor
        key = (pos, part, width, selected, selected and self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_part(self.hits[pos], part, width, selected)
            self._cache[key] = strip
            if len(self._cache) > 1000:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def _render_part(self, hit: Hit, part: int, width: int, selected: bool) -> Strip:
        if part == 0:
            rec = self.corpus.record(hit.record_id)
            text = Text(no_wrap=True, overflow="ellipsis", end="")
            text.append("▶ " if selected else "  ", style="bold")
            text.append(f"{hit.score:5.1f} ", style="dim")
            if rec is not None:
                text.append(printable(rec.title or "(untitled)"), style="bold")
                text.append(f"  {rec.sort_date or 'date unknown'}", style="cyan")
                if rec.people:
                    text.append(f"  {printable(', '.join(rec.people))}", style="italic")
            if hit.title_hit:
                text.append("  [title]", style="magenta")
        else:
            text = Text("        ", no_wrap=True, overflow="ellipsis", end="")
            text.append_text(snippet(hit.text, hit.highlights, max(10, width - 8)))
        if selected:
            text.stylize(Style(reverse=True) if self.has_focus else Style(bold=True))
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(list(text.render(self.app.console)), width)

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    # ---- movement ---------------------------------------------------------
    def watch_cursor(self, value: int) -> None:
        if not self.hits:
            return
        clamped = max(0, min(value, len(self.hits) - 1))
        if clamped != value:
            self.cursor = clamped
            return
        self._ensure_visible()
        self.call_after_refresh(self._ensure_visible)  # after a new virtual size is laid out
        self.refresh()

    def _ensure_visible(self) -> None:
        height = self.scrollable_content_region.height or LINES_PER_HIT
        top = self.cursor * LINES_PER_HIT
        y = self.scroll_offset.y
        if top < y:
            self.scroll_to(y=top, animate=False)
        elif top + LINES_PER_HIT > y + height:
            self.scroll_to(y=top + LINES_PER_HIT - height, animate=False)

    def _page(self) -> int:
        return max(1, (self.scrollable_content_region.height or LINES_PER_HIT) // LINES_PER_HIT - 1)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor = max(0, self.cursor - 1)

    def action_page_down(self) -> None:
        self.cursor += self._page()

    def action_page_up(self) -> None:
        self.cursor = max(0, self.cursor - self._page())

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(0, len(self.hits) - 1)


class SearchScreen(Screen["tuple[Hit, Sequence[Hit]] | None"]):
    """Type to search; Enter dismisses with ``(hit, hits)``, Escape with None."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("enter", "choose", "Open hit", priority=True),
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
        index: SearchIndex,
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

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial_query:
            self._start(self.initial_query)

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
            return
        self._search(self._generation, query)

    @work(thread=True, exclusive=True, group="search")
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

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Text(printable(text)))

    # ---- actions ----------------------------------------------------------
    def action_move(self, delta: int) -> None:
        self.hit_list.cursor = max(0, self.hit_list.cursor + delta)

    def action_page(self, delta: int) -> None:
        if delta > 0:
            self.hit_list.action_page_down()
        else:
            self.hit_list.action_page_up()

    def action_choose(self) -> None:
        hit = self.hit_list.current
        if hit is not None:
            self.dismiss((hit, self.hits))

    def action_close(self) -> None:
        self.dismiss(None)
