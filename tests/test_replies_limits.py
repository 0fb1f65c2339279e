"""Issue 14: the replies pillar on hostile input (time bounds, templates, personal data)."""

from __future__ import annotations

import json
import math
import pickle
import re

import attrs
import pytest

from servicekit.exceptions import ConfigError
from servicekit.i18n import template_fields
from servicekit.replies import (
    Evidence,
    Finding,
    Rule,
    RuleSet,
    Triage,
    builtin_rules,
    review,
    score,
    triage,
)
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
    # The marks are a sign of frustration; the wording model weighs them as anger.
    assert triage("?!" * (MB // 2), locale="en").tone == "angry"


@pytest.mark.parametrize(
    "template",
    ["{matched:>300000000}", "{matched.__class__.__mro__[1]}", "{matched:d}", "{matched!r}", "{}"],
)
def test_rule_messages_take_plain_placeholders_only(template: str) -> None:
    """A format spec, attribute, index or conversion is refused when the rule is read."""
    data = {"id": "x", "patterns": ["gonna"], "why": template, "suggestion": "Write it out."}
    with pytest.raises(ConfigError, match="not a plain") as caught:
        RuleSet.from_dict({"rules": [data]})
    assert caught.value.path == "rules[0].why"


def test_a_team_rule_may_not_use_the_builtin_placeholders() -> None:
    """Only {matched} is filled in for a team's rule."""
    data = {"id": "x", "patterns": ["a"], "why": "{question}", "suggestion": "s"}
    with pytest.raises(ConfigError, match=r"unknown placeholder \{question\}"):
        Rule.from_dict(data)


@pytest.mark.parametrize("language", ["en", "de", "it", "ru"])
def test_builtin_rules_round_trip_through_strict_json(language: str) -> None:
    """RuleSet.from_dict(builtin_rules(lang).to_dict()) gives the same rules."""
    rules = builtin_rules(language)
    text = json.dumps(rules.to_dict(), allow_nan=False)
    assert RuleSet.from_dict(json.loads(text)) == rules
    assert pickle.loads(pickle.dumps(rules)) == rules  # noqa: S301 - our own bytes


def test_a_builtin_rule_without_patterns_must_be_a_detector() -> None:
    """Only the code-computed rules may have no pattern."""
    data = {"id": "blame", "patterns": [], "why": "w", "suggestion": "s", "builtin": True}
    with pytest.raises(ConfigError, match="at least one pattern"):
        Rule.from_dict(data)
    with pytest.raises(ConfigError, match="true or false"):
        Rule.from_dict({**data, "builtin": "yes"})


def test_findings_keep_the_reply_out_of_repr() -> None:
    """Finding.why repeats the matched text, so it is hidden from repr like matched."""
    (finding,) = [f for f in review("DEAR ANA ROSSI, done.", locale="en") if f.rule == "shouting"]
    assert "ANA" in finding.why
    assert "ANA" not in repr(finding)


def test_error_messages_name_types_not_customer_text() -> None:
    """A malformed finding or evidence does not repeat the text it holds."""
    finding = {"rule": "r", "span": [0, 3], "matched": "Ana Rossi", "why": "w",
               "suggestion": "s", "severity": "low", "language": "en"}  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        Finding.from_dict(finding)
    assert "Ana" not in str(caught.value)
    with pytest.raises(ConfigError) as caught:
        Finding.from_dict({**finding, "matched": ["Ana Rossi"]})
    assert "Ana" not in str(caught.value)


@pytest.mark.parametrize("points", [math.nan, math.inf, -math.inf])
def test_evidence_and_triage_refuse_non_finite_numbers(points: float) -> None:
    """NaN and infinities cannot be written as strict JSON: refused on the way in."""
    with pytest.raises(ConfigError) as caught:
        Evidence("anger", (0, 1), "x", points)
    assert caught.value.path == "points"
    with pytest.raises(ConfigError):
        Evidence.from_dict({"kind": "anger", "span": [0, 1], "matched": "x", "points": points})
    data = triage("Where is my parcel???", locale="en").to_dict()
    for key, value in (("score", points), ("breakdown", [["anger", points]])):
        with pytest.raises(ConfigError) as caught:
            Triage.from_dict({**data, key: value})
        assert caught.value.path.startswith(key)
    with pytest.raises(ConfigError, match="too large"):
        Triage.from_dict({**data, "score": 10**400})
    with pytest.raises(ConfigError, match="longer than the longest duration"):
        Triage.from_dict({**data, "cooldown": "PT99999999999999999999H"})
    with pytest.raises(ConfigError, match="duration string"):
        Triage.from_dict({**data, "cooldown": 3})
    with pytest.raises(ConfigError, match="instant string"):
        Triage.from_dict({**data, "earliest": 3})


def test_template_fields_reports_unmatched_braces_and_names() -> None:
    """The shared helper: plain names pass, anything else is a ConfigError at the path."""
    assert template_fields("{a} {{b}} {c}", "p", {"a", "c"}) == {"a", "c"}
    with pytest.raises(ConfigError, match="the placeholders filled in here: none"):
        template_fields("{a}", "p", set())


def test_a_scorer_result_is_described_by_type() -> None:
    """A scorer's wrong result is described without its content."""

    def bad(_text: str, *, language: str) -> object:
        return ["Ana Rossi"]

    def wrong(_text: str, *, language: str) -> object:
        return ("calm", ["Ana Rossi"])

    with pytest.raises(TypeError, match="got a list"):
        triage("hello", locale="en", scorer=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="of type str"):
        triage("hello", locale="en", scorer=wrong)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "pattern",
    ["(a+)+$", r"(\w+\s?)+", "(a|b*)*", "(?:x{2,})+", "(?=(a+)+)", "(?!(a+)+)", "x(?:a|(b+)+)"],
)
def test_team_patterns_with_nested_repeats_are_refused(pattern: str) -> None:
    """A repeat inside a repeat can backtrack exponentially: refused when read."""
    data = {"id": "x", "patterns": ["ok", pattern], "why": "w", "suggestion": "s"}
    with pytest.raises(ConfigError, match="repeats a repetition") as caught:
        Rule.from_dict(data)
    assert caught.value.path == "patterns[1]"


@pytest.mark.parametrize("pattern", ["a+b+", "(ab)+", "gonna", r"Rechnung\w*", "(a?)+", "a{1}"])
def test_team_patterns_without_nested_repeats_are_kept(pattern: str) -> None:
    """Single repeats, and groups repeated once, are fine."""
    assert Rule("x", (pattern,), "w", "s").patterns == (pattern,)


def test_evidence_and_triage_constructors_check_their_numbers() -> None:
    """Built directly, evidence and triages refuse what strict JSON cannot hold."""
    with pytest.raises(TypeError, match="points must be a number"):
        Evidence("anger", (0, 1), "x", "1")  # type: ignore[arg-type]
    data = triage("Where is my parcel???", locale="en")
    with pytest.raises(ConfigError) as caught:
        attrs.evolve(data, breakdown=(("anger", math.nan),))
    assert caught.value.path == "breakdown[0]"
    with pytest.raises(ConfigError) as caught:
        attrs.evolve(data, score=math.inf)
    assert caught.value.path == "score"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "None"), (2.5, "2.5"), (10**400, "an integer of 1,329 bits"), (["Ana"], "a list")],
)
def test_wrong_values_are_shown_without_text(value: object, shown: str) -> None:
    """Numbers are shown, huge ones by size; anything else by its type."""
    with pytest.raises(ConfigError, match=f"got {re.escape(shown)}$"):
        Finding.from_dict({**review("Thanks!", locale="en")[0].to_dict(), "rule": value})
