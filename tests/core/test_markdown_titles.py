"""Markdown records get their titles without the ``#`` marks, whether the file
is read as Markdown or (too plain for that) as plain text; a heading inside
the text is not kept as a passage "## Answer".  Texts are short made-up
notes in the shape researchers keep them (no parliamentary text)."""

from __future__ import annotations

import pytest

from corpus.loader import load

Q = "To ask the Secretary of State for Education, what support is given to kinship carers."
A = "The Minister said support is given to kinship carers in every local authority."


@pytest.mark.parametrize("text,title", [
    (f"# Children in care: kinship support\n\n{Q}\n\n{A}\n", "Children in care: kinship support"),
    (f"## Foster care ##\n\n{Q}\n", "Foster care"),
    (f"###   Adoption support   \n\n{Q}\n", "Adoption support"),
    (f"# Kinship carers\n\n{Q}\n\n## Answer\n\n{A}\n", "Kinship carers"),
    (f"Kinship care\n============\n\n{Q}\n", "Kinship care"),
    (f"#Adoption\n\n{Q}\n", "#Adoption"),  # not a heading in Markdown (no space): the text as it is
    (f"# C# in schools\n\n{Q}\n", "C# in schools"),
])
def test_titles_lose_their_heading_marks(tmp_path, text, title):
    (tmp_path / "notes.md").write_text(text, encoding="utf-8")
    corpus = load([tmp_path])
    assert corpus.warnings == []
    (r,) = corpus.records
    assert r.title == title
    assert not any(p.text.startswith("#") for p in r.passages)
    assert r.passages[0].text == Q
