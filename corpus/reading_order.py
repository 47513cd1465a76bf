"""Which of two versions of a text came first, so comparisons read forwards.

The older text goes on the left (A), the newer on the right (B):

* a correction pair: the original answer (the virtual record built by
  ``corpus.formats.parliament_json.correction_pair``) before the corrected one;
* two TheyWorkForYou scrapes of one day: the earlier scrape first;
* otherwise the earlier known date first; when neither tells, the order given.

No Textual here.
"""

from __future__ import annotations

from corpus.model import Record


def older_first(a: Record, b: Record) -> tuple[Record, Record]:
    """``(older, newer)`` of two versions; ``(a, b)`` when nothing says which is older."""
    if b.extra.get("original_of") == a.id or (b.extra.get("original_of") and not a.extra.get("original_of")):
        return b, a
    if a.extra.get("original_of"):
        return a, b
    if a.extra.get("correction") != b.extra.get("correction") and a.extra.get("question_id") == b.extra.get("question_id") is not None:
        return (b, a) if a.extra.get("correction") else (a, b)  # the same question, corrected or not
    da, db = a.sort_date, b.sort_date
    if da and db and da != db:
        return (a, b) if da < db else (b, a)
    fa, fb = a.extra.get("scrape_family"), b.extra.get("scrape_family")
    va, vb = a.extra.get("scrape_version") or "", b.extra.get("scrape_version") or ""
    if fa and fa == fb and va != vb:
        return (a, b) if va < vb else (b, a)
    return a, b


def version_label(r: Record) -> str | None:
    """``original answer`` / ``corrected answer`` for the sides of a correction pair, else None."""
    if r.extra.get("original_of"):
        return "original answer"
    if r.extra.get("correction"):
        when = r.extra.get("date_answer_corrected")
        return "corrected answer" + (f", {when}" if isinstance(when, str) else "")
    return None
