"""Marks on answers that are not what they seem: corrected, holding, cut short, completed.

What a reader must know about an answer before trusting its text: it was
corrected, it is (or followed) a holding answer, its text is cut short, or it
was completed from a grouped question.

``record_marks(record)`` gives ``(label, value, note)`` rows from what the
importers stored in ``Record.extra`` (nothing is guessed here): the reader's
metadata header shows them (``tui/widgets/reader.py``) and ``parlread show``
prints them (text and ``--json``).  No Textual here.

Where the marks come from:

* Parliament API: ``answerIsCorrection`` / ``dateAnswerCorrected`` /
  ``correctingMember`` (``extra["correction"]`` …); ``answerIsHolding`` (this
  answer *is* a holding answer: the full one is to follow) and
  ``dateHoldingAnswer`` (a holding answer was given that day, this one followed);
  the list endpoint's cut at 255 characters (``extra["truncated"]``) and an
  answer completed from a grouped question (``extra["answer_from_grouped"]``).
* TheyWorkForYou: a reply's ``<p class="holdinganswer">`` ("[holding answer 12
  October 2009]": the reply follows a holding answer given that day).
* Saved pages: "Holding answer received on …", "Corrected on …", "Corrected by …".
"""

from __future__ import annotations

from typing import Any

from corpus.model import Record

Mark = tuple[str, str, str | None]  # (label, value, note)

CUT_NOTE = {
    "question": "the API's list endpoint cuts questions at 255 characters",
    "answer": "the API's list endpoint cuts answers at 255 characters and adds \"...\"",
    "text": "the API's list endpoint cuts statements at 255 characters",
}
NOT_LOADED = "the full text is not loaded: only the API's single-question endpoint gives it"


def _date(v: Any) -> str | None:
    return v if isinstance(v, str) and v[:4].isdigit() else None


def record_marks(record: Record) -> list[Mark]:
    ex = record.extra
    out: list[Mark] = []
    if ex.get("original_of"):
        out.append(("Original answer", "later corrected", f"the answer as first given; the corrected answer is record {ex['original_of']}"))
    corrected = bool(ex.get("correction")) or bool(ex.get("date_answer_corrected") or ex.get("date_corrected") or ex.get("corrected_by"))
    if corrected:
        when = _date(ex.get("date_answer_corrected")) or _date(ex.get("date_corrected"))
        who = ex.get("correcting_member") or ex.get("corrected_by")
        value = "yes" + (f", on {when}" if when else "") + (f" by {who}" if isinstance(who, str) and who else "")
        if ex.get("original_answer"):
            note = "this is the corrected text; the original answer is loaded too, as a version to compare"
        elif ex.get("correction"):
            note = "this is the corrected text; the source does not give the original answer"
        else:
            note = "the page says this answer was corrected"
        out.append(("Corrected answer", value, note))
    holding = ex.get("holding_answer")
    held_on = _date(ex.get("date_holding_answer")) or (_date(holding) if isinstance(holding, str) else None)
    api = "question_id" in ex
    if api and holding is True:
        out.append(("Holding answer", "yes" + (f", given on {held_on}" if held_on else ""),
                    "the API marks this answer as a holding answer: the substantive answer is to follow"))
    elif holding or held_on or ex.get("holding_answer_as_given"):
        given = held_on or (holding if isinstance(holding, str) else None) or ex.get("holding_answer_as_given")
        out.append(("Holding answer", f"given on {given}" if given else "yes",
                    "a holding answer was given first; this answer followed it"))
    src = ex.get("answer_from_grouped")
    if isinstance(src, dict):
        out.append(("Answer text", f"from grouped question UIN {src.get('uin')}",
                    "this copy was cut at 255 characters; the full text is the same answer given to the grouped question"))
    for part in ex.get("truncated") or ():
        out.append(("Truncated", f"{part}: cut short by the source", f"{CUT_NOTE.get(part, 'cut by the source')}; {NOT_LOADED}"))
    return out


def cut_parts(record: Record) -> set[str]:
    """Passage roles whose text is cut short (``question``, ``answer``; ``body`` for a statement's ``text``)."""
    parts = set(record.extra.get("truncated") or ())
    return {"body" if p == "text" else p for p in parts}


def marks_json(record: Record) -> list[dict[str, Any]]:
    return [{"mark": label, "value": value, "note": note} for label, value, note in record_marks(record)]
