"""The search's text rules: stored text, query terms, highlighting and snippets (escaped, marked)."""

from __future__ import annotations

from trivsel.guide.search import highlight, search_terms, search_text, snippet


def test_the_stored_text_is_title_and_text_in_lower_case_danish_letters_too() -> None:
    assert search_text("Ærø og ØSTER", "Åbent HUS") == "ærø og øster\nåbent hus"


def test_a_query_splits_into_lower_case_terms_without_punctuation_or_repeats() -> None:
    assert search_terms('  Hvad er "TTR"?  ttr, Ressourceteam. TTR-tiden') == (
        "hvad", "er", "ttr", "ressourceteam", "ttr-tiden",
    )  # fmt: skip


def test_an_empty_or_punctuation_only_query_has_no_terms() -> None:
    assert search_terms("") == ()
    assert search_terms(" ?! … – ") == ()


def test_a_query_has_at_most_eight_terms() -> None:
    assert len(search_terms(" ".join(f"ord{n}" for n in range(20)))) == 8


def test_highlight_escapes_the_text_and_marks_the_terms_in_any_case() -> None:
    assert highlight("<b>Barnet</b> & BARN", ("barn",)) == (
        "&lt;b&gt;<mark>Barn</mark>et&lt;/b&gt; &amp; <mark>BARN</mark>"
    )


def test_a_term_that_looks_like_markup_is_escaped_inside_the_mark() -> None:
    assert highlight("a <script> b", ("<script>",)) == "a <mark>&lt;script&gt;</mark> b"


def test_the_longest_term_is_marked_whole() -> None:
    assert highlight("bekymringer", ("bekymring", "bekymringer")) == "<mark>bekymringer</mark>"


def test_a_snippet_starts_near_the_first_term_on_a_word_boundary() -> None:
    text = " ".join(f"ord{n}" for n in range(100)) + " ressourceteam " + " ".join(f"slut{n}" for n in range(100))

    result = snippet(text, ("ressourceteam",), length=60)

    assert result.startswith("… ")
    assert result.endswith(" …")
    assert "<mark>ressourceteam</mark>" in result
    assert "ord9 " not in result and " slut99" not in result
    words = result.removeprefix("… ").removesuffix(" …").replace("<mark>", "").replace("</mark>", "")
    assert len(words) <= 60 and all(w.startswith(("ord", "slut", "ressourceteam")) for w in words.split())


def test_a_short_text_is_the_whole_snippet() -> None:
    assert snippet("Et barn\nog en  familie", ("familie",)) == "Et barn og en <mark>familie</mark>"


def test_without_a_term_in_the_text_the_snippet_is_its_beginning() -> None:
    assert snippet("Kun ord her. " * 40, ("titel",), length=30) == "Kun ord her. Kun ord her. Kun …"
