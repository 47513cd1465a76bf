"""Parsing a file leaves no cyclic garbage behind.

The loader pauses the cyclic GC while it loads (corpus/loader.py: it is most
of a warm load's time), so a reference cycle made while parsing is freed only
after the whole corpus is in.  A caught ``JSONDecodeError`` kept in a local is
such a cycle (exception -> traceback -> frame -> the exception), and through
the frames' callers it held each file's text, parsed JSON and records: a first
start at 100,000 API records peaked at 1.5 GB in the load instead of a few
hundred MB.  Each importer is run on a real-shaped fixture with the GC paused,
and ``gc.collect()`` must then find nothing to free.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from corpus.dirs import sample_dir
from corpus.loader import load_file

FIX = Path(__file__).resolve().parent.parent / "fixtures"
FILES = [
    FIX / "import" / "wq_dfe.jsonl",  # JSON Lines: the whole-file json.loads fails first ("Extra data")
    FIX / "import" / "wq_list_array.json",
    FIX / "import" / "wq_list_response.json",
    FIX / "import" / "ws_list_response.json",
    FIX / "import" / "saved_page.html",
    next((FIX / "import" / "wrans").glob("*.xml")),
    next((FIX / "import" / "debates").glob("*.xml")),
    next(sample_dir().glob("000_*.txt")),
    FIX / "layouts" / "uk_listing_commons.txt",
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_parsing_a_file_makes_no_reference_cycles(path, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"results": [{"value": {"id": 1}}, {"val', encoding="utf-8")
    for p in (path, broken):
        load_file(p, use_cache=False)  # once for the imports and module caches
        gc.collect()
        was = gc.isenabled()
        gc.disable()
        try:
            records, _ = load_file(p, use_cache=False)
            assert records or p is broken
            del records
            found = gc.collect()
        finally:
            if was:
                gc.enable()
        assert found == 0, f"{p.name}: {found} objects left in reference cycles by one parse"
