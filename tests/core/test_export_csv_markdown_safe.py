"""CSV and Markdown exports (QA): no spreadsheet formula from a note, no login name.

Found with `parlread note … '=HYPERLINK("http://evil","click")'` and a tag `+cmd|calc`: the CSV
cells began with = and +, which a spreadsheet runs as formulas (CSV injection; notes also arrive
from other tools' files).  Both exports named the author by login ("root"), which the W3C export
is careful never to do.
"""

from __future__ import annotations

import csv
import io

from annotations import AnnotationStore
from annotations.export import export
from annotations.w3c import CreatorSettings
from collate_fixtures import PRISON, rec


def _store(tmp_path, login="jbloggs"):
    r = rec(PRISON, natural_key="s")
    store = AnnotationStore.open(tmp_path / "s", author=login)
    store.add(r, r.passages[0], note='=HYPERLINK("http://evil","click")')
    store.add(r, r.passages[1], tags=["+cmd|calc", "@SUM(A1)", "-2+3"])
    store.add(r, r.passages[2], note="\tnot a formula either")
    return store, r


def test_csv_cells_never_start_a_formula(tmp_path):
    store, _ = _store(tmp_path)
    rows = list(csv.reader(io.StringIO(export(store.all(), "csv", None, CreatorSettings(login="jbloggs")))))
    cells = [c for row in rows[1:] for c in row]
    assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in cells)
    notes = [row[5] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\",\"click\")" in notes  # shown as text, nothing lost
    assert any(row[6] == "'+cmd|calc; @SUM(A1); -2+3" for row in rows[1:])


def test_own_notes_carry_the_display_name_or_nothing_never_the_login(tmp_path):
    store, _ = _store(tmp_path)
    for fmt in ("csv", "markdown"):
        anon = export(store.all(), fmt, None, CreatorSettings(login="jbloggs"))
        assert "jbloggs" not in anon
        named = export(store.all(), fmt, None, CreatorSettings(name="Jo Bloggs", login="jbloggs"))
        assert "jbloggs" not in named and "Jo Bloggs" in named
