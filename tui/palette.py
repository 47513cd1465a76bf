"""Command palette providers (imported lazily: textual.command is not needed at start-up)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from corpus.safe_text import printable


class RecordCommands(Provider):
    """Command palette: open any record by (fuzzy) title."""

    async def search(self, query: str) -> Hits:
        app = self.app
        assert hasattr(app, "corpus")
        matcher = self.matcher(query)
        for record in app.corpus.records[:20000]:
            title = printable(record.title or "(untitled)")
            label = f"Open: {title} ({record.sort_date or 'date unknown'})"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(app.open_record, record), help=", ".join(record.people) or None)

    async def discover(self) -> Hits:
        app = self.app
        assert hasattr(app, "corpus")
        for record in app.corpus.records[:50]:
            title = printable(record.title or "(untitled)")
            yield DiscoveryHit(f"Open: {title}", partial(app.open_record, record))
