"""Start loading the corpus before the app exists (no Textual here).

The CLI calls :func:`start` once Textual and the app are imported (started
before those imports, the thread's work and theirs fought over the GIL and
the import lock: ~10% more CPU before the samples' first frame, and nothing
gained at 100,000 records), so the loader thread works while the app is
built and its first screen composed and styled; the app then
:func:`take`\\ s the running load (same paths) instead of starting its own,
and receives its progress from then on.
Nothing else changes: the load is the one ``ParlreadApp`` would run
(``corpus.loader.load``), with the app's cancel event, and its result or
exception arrives through the same ``Future``.

Before loading, the thread looks for a fresh saved first screen of a big
corpus (``corpus/preview.py``): the app shows those rows and the count until
the records arrive, and saves a new preview after a load that found none.

The CLI also pauses the cyclic garbage collector for the start-up
(:func:`pause_gc`): importing Textual and the app, building the first screen
and loading the records allocate a few hundred thousand objects that all stay
alive, and the ~100 collections they trigger (16 ms of CPU on the samples,
before the first frame) find nothing to free.  The app resumes it once the
records are on screen (:func:`resume_gc`); ``corpus.loader.load`` pauses it
meanwhile anyway.
"""

from __future__ import annotations

import gc
import threading
from concurrent.futures import Future
from typing import Callable, Iterable

Progress = Callable[[int, int, str], None]
PAINT_WAIT = 1.0  # seconds the load waits for the preview to be painted (the app says when)
# before its first frame the app waits at most this long for the preview lookup (~50 ms at 100k
# records, done while the app builds its first screen), then, when there is none, for a small corpus's load:
# the first frame shows the rows, not a loading bar that a moment later gives way to them
PREVIEW_WAIT = 0.5
SMALL_LOAD_WAIT = 0.15


class Preload:
    """One load of ``paths`` running in a daemon thread."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.paths = [str(p) for p in paths]
        self.future: "Future" = Future()
        self.cancel = threading.Event()
        self.progress: Progress | None = None  # set by the app once it exists
        # a big corpus's saved first screen (corpus/preview.py), or None; set before the load starts
        self.preview_future: "Future" = Future()
        self.preview_stale = False  # no fresh preview was found: the app saves one after this load
        # set by the app once the preview is on screen: until then (at most PAINT_WAIT s) the load
        # waits, so that building the records does not slow the frame that shows their rows
        self.painted = threading.Event()
        threading.Thread(target=self._run, name="parlread-load", daemon=True).start()

    def wait_for_first_screen(self) -> None:
        """Block (before the app's first frame) until the preview lookup is done, and then, if
        it found none, until the load is done; at most PREVIEW_WAIT + SMALL_LOAD_WAIT seconds."""
        try:
            preview = self.preview_future.result(timeout=PREVIEW_WAIT)
        except TimeoutError:
            return
        if preview is None:
            try:
                self.future.result(timeout=SMALL_LOAD_WAIT)
            except BaseException:  # still loading (a big corpus), or failed: the app shows either
                pass

    def _bundled_samples(self) -> bool:
        """What loads is the five sample files (no paths, and no imported library)."""
        if self.paths:
            return False
        try:
            from corpus.dirs import has_files

            return not has_files()
        except Exception:
            return False

    def _progress(self, done: int, total: int, path: str) -> None:
        sink = self.progress
        if sink is not None:
            sink(done, total, path)

    def _run(self) -> None:
        preview = None
        samples = self._bundled_samples()
        try:
            from corpus.preview import open_fresh

            # the samples' seven records never get a saved first screen (corpus.preview.MIN_RECORDS)
            preview = None if samples else open_fresh(self.paths)
        except Exception:  # a preview is a convenience: the load below is what counts
            preview = None
        finally:
            self.preview_stale = preview is None
            self.preview_future.set_result(preview)
        if preview is not None:
            self.painted.wait(PAINT_WAIT)
        if not samples:
            fix_mmap_threshold()  # before a load that may be big; the samples' waits for the first frame
        try:
            from corpus.loader import load

            self.future.set_result(load(self.paths or None, progress=self._progress, cancel=self.cancel))
        except BaseException as exc:  # reported by the app as a load warning, never lost
            self.future.set_exception(exc)


_pending: Preload | None = None
_gc_paused = False  # pause_gc() turned the collector off; resume_gc() turns it on again


def pause_gc() -> None:
    """Turn the cyclic GC off for the start-up (if it is on); :func:`resume_gc` undoes it."""
    global _gc_paused
    if gc.isenabled():
        gc.disable()
        _gc_paused = True


def resume_gc() -> None:
    """Turn the GC on again if :func:`pause_gc` turned it off (once; a no-op otherwise).

    Called once the records are on screen, it also fixes the mmap threshold
    (``corpus.memory``), if the load did not, before the index and version detection start."""
    global _gc_paused
    if _gc_paused:
        _gc_paused = False
        gc.enable()
        fix_mmap_threshold()


_mmap_fixed = False


def fix_mmap_threshold() -> None:
    """``corpus.memory.fix_mmap_threshold`` once (its ctypes is ~3 ms of CPU: not before a small corpus's first frame)."""
    global _mmap_fixed
    if not _mmap_fixed:
        _mmap_fixed = True
        from corpus.memory import fix_mmap_threshold as fix

        fix()  # big temporaries (index, versions) go back to the system when freed


def start(paths: Iterable[str]) -> Preload:
    """Start loading ``paths`` (``[]``: the library, else the samples) now."""
    global _pending
    _pending = Preload(paths)
    return _pending


def take(paths: Iterable[str]) -> Preload | None:
    """The load started for exactly these paths, once (``None`` if there is none)."""
    global _pending
    early, _pending = _pending, None
    if early is not None and early.paths == [str(p) for p in paths]:
        return early
    if early is not None:
        early.cancel.set()  # started for other paths: nobody will use it
    return None
