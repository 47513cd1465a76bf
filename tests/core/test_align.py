"""Alignment of two versions: sentence rows, word ops, options, moves."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from corpus.align import Options, compare, inline, tokens
from corpus.model import make_record
from versions_fixtures import statement_002, statement_003

ALL = Options(ignore_case=True, ignore_punctuation=True, unify_quotes_dashes=True)


def rec(*paras: str):
    return make_record([("body", p) for p in paras])


def diff_rows(cmp):
    return [(r.status, inline(r)) for r in cmp.rows if r.status != "same"]


# ---------------------------------------------------------------- the samples


def test_samples_with_all_options_show_only_wording_differences():
    cmp = compare(statement_002(), statement_003(), ALL)
    assert cmp.summary["counts"] == {"same": 29, "changed": 4, "deleted": 0, "inserted": 4, "moved": 0}
    rows = diff_rows(cmp)
    assert rows == [
        ("changed", "The Prime Minister has been clear about the importance of family in ensuring children can "
                    "thrive and this government [-is-]{+are+} determined to put families at the heart of society."),
        ("changed", "I am therefore pleased to update the House on our progress to reform children’s social care "
                    "to ensure {+that+} children and families get the support they need at the right time."),
        ("inserted", "The first ever national kinship strategy, “Championing Kinship Care” which sets out support "
                     "for family networks providing loving and stable homes to children."),
        ("inserted", "A new children’s social care national framework which sets out the purpose, principles and "
                     "outcomes that should be achieved in children’s social care."),
        ("inserted", "Updated statutory guidance, “Working Together”, which sets out how to safeguard and promote "
                     "the welfare of children."),
        ("inserted", "A data strategy which sets out the long-term plan for transforming data in children’s social care."),
        ("changed", "Through this statement I update the House on each publication, copies of which have been laid "
                    "in the libraries of [-each House-]{+both Houses+}."),
        ("changed", "Kinship carers need our support and backing to offer this care and love so {+that+} they can "
                    "in turn help us achieve our aim of keeping more families together."),
    ]
    # the row keeps both versions' own wording
    gov = next(r for r in cmp.rows if r.a and "determined to put" in r.a)
    assert "this government is determined" in gov.a and "this Government are determined" in gov.b
    lib = next(r for r in cmp.rows if r.a and "libraries of each House" in r.a)
    assert "Libraries of both Houses" in lib.b


def test_samples_without_options_show_every_difference():
    cmp = compare(statement_002(), statement_003())
    assert cmp.summary["counts"] == {"same": 20, "changed": 13, "deleted": 0, "inserted": 4, "moved": 0}
    rows = dict((a, b) for b, a in diff_rows(cmp))  # text -> status
    assert rows[
        "Earlier this year we set out bold and ambitious plans to reform children’s social care through "
        "[-‘-]{+“+}Stable Homes[-,-]{+.+} Built on Love[-’-]{+”+}."
    ] == "changed"  # one A sentence matched to two B sentences (split at "Homes.")
    texts = list(rows)
    assert any("[-government is-]{+Government are+}" in t for t in texts)
    assert any("[-libraries-]{+Libraries+} of [-each House-]{+both Houses+}" in t for t in texts)
    assert any("[-coordinated-]{+co-ordinated+}" in t for t in texts)
    assert any("differently [-–-]{+—+}" in t for t in texts)


def test_summary_similarity_and_word_counts():
    cmp = compare(statement_002(), statement_003(), ALL)
    s = cmp.summary
    assert (s["words_a"], s["words_b"], s["words_equal"]) == (771, 852, 768)
    assert s["similarity"] == round(2 * 768 / (771 + 852), 4)
    assert s["options"] == ALL.to_dict()


# ---------------------------------------------------------------- edge cases


def test_identical_records_are_all_same():
    a = rec("One sentence here. Two sentences here.", "A third one.")
    cmp = compare(a, a)
    assert [r.status for r in cmp.rows] == ["same", "same", "same"]
    assert cmp.summary["similarity"] == 1.0
    assert cmp.differences() == []


def test_empty_side_gives_only_inserted_rows():
    a = make_record([])
    b = rec("Alpha beta gamma. Delta epsilon.")
    cmp = compare(a, b)
    assert [(r.status, r.a, r.b) for r in cmp.rows] == [
        ("inserted", None, "Alpha beta gamma."),
        ("inserted", None, "Delta epsilon."),
    ]
    assert cmp.summary["similarity"] == 0.0
    assert cmp.rows[0].segments("b") == [("Alpha beta gamma.", "insert")]


def test_moved_sentence_is_linked_to_its_new_place():
    a = rec("The first point is about schools. The second point is about hospitals. "
            "The third point is about the railways and their many stations.")
    b = rec("The third point is about the railways and their many stations. "
            "The first point is about schools. The second point is about hospitals.")
    cmp = compare(a, b)
    moved = [i for i, r in enumerate(cmp.rows) if r.status == "moved"]
    assert len(moved) == 2 and cmp.summary["counts"]["moved"] == 1
    i, j = moved
    assert cmp.rows[i].partner == j and cmp.rows[j].partner == i
    assert {cmp.rows[i].a, cmp.rows[i].b, cmp.rows[j].a, cmp.rows[j].b} == {
        None, "The third point is about the railways and their many stations."}
    assert cmp.summary["counts"]["deleted"] == cmp.summary["counts"]["inserted"] == 0


def test_merged_sentences_align_as_one_row():
    a = rec("The report was published today and it sets out twelve recommendations for the sector.")
    b = rec("The report was published today. It sets out twelve recommendations for the sector.")
    cmp = compare(a, b, Options(ignore_case=True, ignore_punctuation=True))
    assert [(r.status, r.a, r.b) for r in cmp.rows] == [
        ("changed", a.passages[0].text, b.passages[0].text)]
    assert inline(cmp.rows[0]) == ("The report was published today [-and-] it sets out twelve "
                                   "recommendations for the sector.")
    assert inline(compare(a, b).rows[0]) == ("The report was published today [-and it-]{+. It+} sets out twelve "
                                             "recommendations for the sector.")


def test_reflowed_wall_of_text_aligns_across_passages():
    sents = [f"Sentence number {w} talks about topic {w} in some detail." for w in
             ("one", "two", "three", "four", "five", "six")]
    a = rec(" ".join(sents))  # one wall of text
    b = rec(" ".join(sents[:2]), " ".join(sents[2:5]), sents[5])  # three paragraphs
    cmp = compare(a, b)
    assert [r.status for r in cmp.rows] == ["same"] * 6
    assert [r.b_passage for r in cmp.rows] == [0, 0, 1, 1, 1, 2]
    assert [r.a_passage for r in cmp.rows] == [0] * 6
    assert cmp.summary["passages"] == [[0, 0, 2], [0, 1, 3], [0, 2, 1]]
    # spans point into each record's text
    for r in cmp.rows:
        assert a.text[r.a_span[0]:r.a_span[1]] == r.a
        assert b.text[r.b_span[0]:r.b_span[1]] == r.b


def test_options_change_what_counts_as_different():
    a = rec("He said ‘Hello’ – then left.")
    b = rec("he said \"hello\" - then left")
    assert compare(a, b).rows[0].status == "changed"
    assert compare(a, b, Options(ignore_case=True, unify_quotes_dashes=True)).rows[0].status == "changed"  # "."
    assert compare(a, b, ALL).rows[0].status == "same"
    only_quotes = compare(rec("It is ‘fine’ — really."), rec("It is 'fine' - really."),
                          Options(unify_quotes_dashes=True))
    assert only_quotes.rows[0].status == "same"


def test_tokens_keep_hyphenated_words_and_spans():
    keys, spans = tokens("Co-ordinated, multi-agency work.", Options())
    assert keys == ["Co-ordinated", ",", "multi-agency", "work", "."]
    assert spans[2] == (14, 26)
    assert tokens("Co-ordinated, work.", ALL)[0] == ["coordinated", "work"]


def test_control_characters_survive_as_data_not_terminal_codes():
    a = rec("Plain \x1b[31mred\x1b[0m text [bold]here[/bold].")
    b = rec("Plain red text here.")
    cmp = compare(a, b)
    # the comparison keeps the document's characters; renderers must escape them
    assert "\x1b" in cmp.rows[0].a
    from corpus.safe_text import printable

    assert "\x1b" not in inline(cmp.rows[0], escape=printable)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from("alpha beta gamma delta the of and. Policy, ‘quoted’ — x.".split(" ")), max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["", "new", "Word.", "and", "—"])), max_size=8),
)
def test_segments_always_reassemble_both_texts(words, edits):
    text_a = " ".join(words) or "x"
    words_b = list(words)
    for pos, w in edits:
        if pos < len(words_b) and w == "":
            del words_b[pos]
        else:
            words_b.insert(min(pos, len(words_b)), w)
    text_b = " ".join(w for w in words_b if w) or "y"
    a, b = rec(text_a), rec(text_b)
    for opts in (Options(), ALL):
        cmp = compare(a, b, opts)
        sa = [r.a for r in cmp.rows if r.a is not None]
        sb = [r.b for r in cmp.rows if r.b is not None]
        assert sorted(" ".join(sa).split()) == sorted(a.text.split())
        assert sorted(" ".join(sb).split()) == sorted(b.text.split())
        for r in cmp.rows:
            if r.a is not None:
                assert "".join(t for t, _ in r.segments("a")) == r.a
            if r.b is not None:
                assert "".join(t for t, _ in r.segments("b")) == r.b
            if r.status == "changed":
                for tag, a0, a1, b0, b1 in r.ops:
                    if tag == "equal":
                        assert tokens(r.a[a0:a1], opts)[0] == tokens(r.b[b0:b1], opts)[0]


def test_big_stretch_without_identical_sentences_uses_order_preserving_matching():
    import random

    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(2000)]
    sents = [" ".join(rng.choice(vocab) for _ in range(12)).capitalize() + "." for _ in range(210)]
    edited = [s.replace(" ", " changed ", 1) for s in sents]  # every sentence differs: one 210x210 stretch
    cmp = compare(rec(" ".join(sents)), rec(" ".join(edited)))
    assert len(cmp.rows) == 210
    assert {r.status for r in cmp.rows} == {"changed"}
    assert all(r.a.replace(" ", " changed ", 1) == r.b for r in cmp.rows)
