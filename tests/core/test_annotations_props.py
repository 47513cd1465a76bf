"""Property tests of anchoring: edits away from a span never lose it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.anchor import ANCHORED, REANCHORED, REVIEW, SHORT_QUOTE, locate, make_selectors

words = st.lists(st.sampled_from("the minister said that funding for schools will rise by ten per cent next year".split()), min_size=30, max_size=80)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(words, st.data())
def test_insertion_before_span_moves_it_exactly(ws, data):
    text = " ".join(ws)
    start = data.draw(st.integers(0, len(text) - 20))
    end = data.draw(st.integers(start + 15, min(len(text), start + 80)))
    sel = make_selectors(text, start, end)
    assert locate(sel, text).status == ANCHORED
    inserted = data.draw(st.sampled_from(["Hansard: ", "[Official Report] ", "Amended text follows. "]))
    at = data.draw(st.integers(0, start))
    new = text[:at] + inserted + text[at:]
    m = locate(sel, new)
    # the exact quote is still there: found, and never placed on different text
    if m.start is not None:
        assert new[m.start : m.end] == text[start:end]
    quote = text[start:end]
    occurrences = sum(1 for i in range(len(new)) if new.startswith(quote, i))  # overlapping too
    if occurrences == 1:
        assert m.start == start + len(inserted)
        # short quotes whose context changed are only proposed for review
        assert m.status == REANCHORED or (len(quote) < SHORT_QUOTE and m.status == REVIEW)
