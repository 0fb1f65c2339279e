"""Issue 14: the replies pillar on hostile input (time bounds, templates, personal data)."""

from __future__ import annotations

import pytest

from servicekit.replies import review, score, triage
from servicekit.replies._review import _TWO_WORDS
from servicekit.replies._text import EXCLAMATIONS, WORD, _caps, segments

MB = 1_000_000
#: Runs that made a backtracking pattern quadratic, and a few mixed ones.
ADVERSARIAL = ("!", "?", ".", "…", "。", " ", "a", "A", "я", "Я", "a!", "!a", " !", "a.", "AB ")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_text_patterns_run_in_linear_time_on_a_megabyte(unit: str) -> None:
    """Text patterns run in linear time on a megabyte."""
    # The old sentence splitter took ~5 s on 20,000 "!" and grew quadratically, and
    # the two-word search ~100 s on 20,000 letters: a megabyte would take days.
    text = unit * (MB // len(unit))
    segments(text)
    _TWO_WORDS.search(text)
    list(WORD.finditer(text))
    list(EXCLAMATIONS.finditer(text))
    list(_caps().finditer(text))


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("language", "unit"),
    [("en", "!"), ("de", "…"), ("it", "?!."), ("ru", "a"), ("en", "Ab! "), ("de", "a")],
)
def test_review_of_long_runs_runs_in_linear_time(language: str, unit: str) -> None:
    """Review of long runs runs in linear time."""
    text = unit * (100_000 // len(unit))
    question = "Where is it? " * 5 + "a" * 100_000
    review(text, locale=language, question=question)
    score(text, locale=language)


@pytest.mark.timeout(60)
def test_review_of_the_issue_example_finds_the_exclamations() -> None:
    """Review of the issue example finds the exclamations."""
    findings = review("!" * 40_000, locale="en")
    assert "exclamations" in {f.rule for f in findings}


def test_sentence_split_is_unchanged_by_the_linear_pattern() -> None:
    """Sentence split is unchanged by the linear pattern."""
    text = "Hi!!! Is 3.5 ok?! Yes… e.g.x fine.\n--\n!!!x and ...\nLast"
    pieces = [text[a:b] for a, b in segments(text)]
    assert pieces == ["Hi!!!", "Is 3.5 ok?!", "Yes…", "e.g.x fine.", "!!!x and ...", "Last"]


@pytest.mark.parametrize(
    ("text", "two"),
    [("word", False), ("don't", True), ("a b", True), ("a1b", True), ("1 a", False), ("ab", False)],
)
def test_two_words_search_finds_what_the_old_pattern_found(text: str, two: bool) -> None:
    """Two words search finds what the old pattern found."""
    assert (_TWO_WORDS.search(text) is not None) is two


def test_triage_of_a_megabyte_of_marks() -> None:
    """Triage of a megabyte of marks."""
    assert triage("?!" * (MB // 2), locale="en").tone == "frustrated"
