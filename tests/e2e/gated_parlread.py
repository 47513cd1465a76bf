"""Run the real ``parlread`` in a terminal, with two slow steps held until the test opens a gate.

``PARLREAD_TEST_GATES`` names a folder; the notes store opens only once the
file ``store`` exists there, the search index is built only once ``index``
exists (then it is really opened and really built, on a fresh cache).  This
makes "keys typed while the store opens / while indexing" happen every run,
not only on a slow machine.  Used by tests/e2e/test_key_bursts_tmux.py only.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def _wait_for(name: str) -> None:
    gate = Path(os.environ["PARLREAD_TEST_GATES"]) / name
    deadline = time.monotonic() + 120
    while not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def main() -> int:
    import corpus.search as search_mod
    from annotations import AnnotationStore

    real_open = AnnotationStore.open.__func__
    real_build = search_mod.SearchIndex.load_or_build.__func__

    def gated_open(cls, *args, **kwargs):
        _wait_for("store")
        return real_open(cls, *args, **kwargs)

    def gated_build(cls, *args, **kwargs):
        _wait_for("index")
        return real_build(cls, *args, **kwargs)

    AnnotationStore.open = classmethod(gated_open)
    search_mod.SearchIndex.load_or_build = classmethod(gated_build)
    from tui.cli import main as parlread_main

    return parlread_main()


if __name__ == "__main__":
    sys.exit(main())
