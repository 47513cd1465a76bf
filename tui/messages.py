"""Messages that workers post to the app: corpus loaded and load progress, index, versions, notes store."""

from __future__ import annotations

from textual.message import Message

from corpus.corpus import Corpus


class CorpusLoaded(Message):
    def __init__(self, corpus: Corpus, seconds: float) -> None:
        self.corpus = corpus
        self.seconds = seconds
        super().__init__()


class LoadProgress(Message):
    def __init__(self, done: int, total: int, path: str) -> None:
        self.done, self.total, self.path = done, total, path
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LoadProgress)


class PreviewReady(Message):
    """The CLI's loader looked for a big corpus's saved first screen (``corpus.preview.Preview`` or None)."""

    def __init__(self, preview) -> None:
        self.preview = preview
        super().__init__()


class IndexProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


class IndexReady(Message):
    def __init__(self, index, info: str, seconds: float) -> None:
        self.index, self.info, self.seconds = index, info, seconds
        super().__init__()


class VersionsReady(Message):
    def __init__(self, groups, seconds: float) -> None:
        self.groups, self.seconds = groups, seconds
        super().__init__()


class VersionsFound(Message):
    """The versions of one record (the v list): rows [(other record, VersionPair)], its whole group of records."""

    def __init__(self, record, rows: list, group: list | None = None) -> None:
        self.record, self.rows, self.group = record, rows, group
        super().__init__()


class StoreOpened(Message):
    """The notes store opened (``store``; None if it could not be), re-anchored (``report``), or an ``error`` to show."""

    def __init__(self, store, report=None, error: str | None = None) -> None:
        self.store, self.report, self.error = store, report, error
        super().__init__()
