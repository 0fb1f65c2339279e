"""Fuzz (issue 14): replies on any JSON-like value returns or raises a documented error.

Every ``from_dict`` and public function; whatever is accepted round-trips through strict
JSON and pickle, and filling a rule's messages never fails.
"""

from __future__ import annotations

import json
import pickle
from contextlib import suppress
from datetime import datetime, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import paths, replace
from servicekit.exceptions import ServicekitError
from servicekit.replies import (
    Evidence,
    Finding,
    Rule,
    RuleSet,
    Triage,
    builtin_rules,
    detect_language,
    review,
    score,
    triage,
)

DOCUMENTED = (ServicekitError, TypeError)
AT = datetime(2026, 4, 1, 9, tzinfo=timezone.utc)
HOSTILE_TEXT = [
    "P99999999999999999999D",
    "PT99999999999999999999H",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "{matched:d}",
    "{state:>300000000}",
    "{matched.__class__.__mro__[1]}",
    "{",
    "{question}",
    "!" * 50,
    "DEAR ANA ROSSI",
    "en",
    "ru",
    "unanswered",
    "shouting",
    "(a+)+$",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 0, 1])
    | st.floats()
    | st.sampled_from([5e-324, 1e308, float("nan"), float("inf")])
    | st.text(max_size=8)
    | st.sampled_from(HOSTILE_TEXT)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=6) | st.sampled_from(HOSTILE_TEXT), inner, max_size=4)
    ),
    max_leaves=12,
)
TEXT = st.text(max_size=60) | st.sampled_from(HOSTILE_TEXT) | JSON
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


_TEXT = "Hi Ana,\nas I already said, it was sent. DO NOT WRITE AGAIN!!!\nBest, Kim"
_TRIAGE = triage("You idiots, I want my money NOW!!!", locale="en", received_at=AT)
DOCUMENTS: list[tuple[Any, dict[str, Any]]] = [
    (RuleSet, builtin_rules("de").to_dict()),
    (
        RuleSet,
        {
            "language": "en",
            "disabled": ["no-greeting"],
            "rules": [
                {"id": "no-slang", "patterns": ["gonna"], "why": "{matched}", "suggestion": "x"}
            ],
        },
    ),
    (Finding, review(_TEXT, locale="en")[0].to_dict()),
    (Evidence, _TRIAGE.evidence[0].to_dict()),
    (Triage, _TRIAGE.to_dict()),
]
CASES = st.sampled_from(DOCUMENTS).flatmap(
    lambda pair: st.tuples(st.just(pair[0]), st.just(pair[1]), st.sampled_from(paths(pair[1])))
)


def _round_trip(value: Any) -> None:
    text = json.dumps(value.to_dict(), allow_nan=False)
    assert type(value).from_dict(json.loads(text)) == value
    assert pickle.loads(pickle.dumps(value)) == value  # noqa: S301 - our own bytes
    repr(value)


def _use(value: object) -> None:
    if isinstance(value, RuleSet):
        for language in ("en", "de", "it", "ru"):
            review(_TEXT, locale=language, rules=value, question="Where is it? Why? When?")


@FUZZ
@given(case=CASES, value=JSON)
def test_from_dict_with_one_value_replaced(case: Any, value: object) -> None:
    """A valid document with any one value replaced: a value that round-trips, or an error."""
    kind, document, path = case
    try:
        built = kind.from_dict(replace(document, path, value))
    except DOCUMENTED:
        return
    _round_trip(built)
    _use(built)


@FUZZ
@given(kind=st.sampled_from([Rule, RuleSet, Finding, Evidence, Triage]), data=JSON)
def test_from_dict_with_any_value(kind: Any, data: object) -> None:
    """Any JSON-like value: a value or a clean error."""
    with suppress(DOCUMENTED):
        _round_trip(kind.from_dict(data))


@FUZZ
@given(text=TEXT, question=TEXT, locale=TEXT, jargon=JSON)
def test_review_and_triage_with_any_arguments(
    text: object, question: object, locale: object, jargon: object
) -> None:
    """Any text, question, locale and jargon: findings or a clean error."""
    with suppress(DOCUMENTED):
        for finding in review(text, locale=locale, question=question, jargon=jargon):  # type: ignore[arg-type]
            _round_trip(finding)
    with suppress(DOCUMENTED):
        _round_trip(triage(text, locale=locale))  # type: ignore[arg-type]
    with suppress(DOCUMENTED):
        score(text, locale=locale)  # type: ignore[arg-type]


HOSTILE_VALUES = [*HOSTILE_TEXT, 10**400, 10**5000, float("nan"), float("inf"), None, True, [], {}]


def test_every_hostile_value_at_every_path() -> None:
    """Each hostile value in each place of each document: a value or a clean error."""
    for kind, document in DOCUMENTS:
        for path in paths(document):
            for value in HOSTILE_VALUES:
                try:
                    built = kind.from_dict(replace(document, path, value))
                except DOCUMENTED:
                    continue
                _round_trip(built)


LANGUAGE_TEXT = (
    st.sampled_from(
        [
            "Wo bleibt meine Bestellung? Ich warte seit zwei Wochen!!",
            "Dov'è finito il mio ordine? Come già detto, è colpa vostra.",
            "Где мой заказ? Как я уже говорил, это ваша проблема.",
            "Hi, as I said, it's all in the manual. We'll send it tomorrow.",
        ]
    )
    | TEXT
)


@FUZZ
@given(text=LANGUAGE_TEXT, locale=TEXT, language=TEXT)
def test_language_parameter_with_any_value(text: object, locale: object, language: object) -> None:
    """Issue 16: any language= and text: a result in a supported language, or a clean error."""
    with suppress(DOCUMENTED):
        for finding in review(text, locale=locale, language=language):  # type: ignore[arg-type]
            assert finding.language in {"en", "de", "it", "ru"}
            _round_trip(finding)
    with suppress(DOCUMENTED):
        result = triage(text, locale=locale, language=language)  # type: ignore[arg-type]
        assert result.language in {"en", "de", "it", "ru"}
        _round_trip(result)
    with suppress(DOCUMENTED):
        assert detect_language(text) in {None, "en", "de", "it", "ru"}  # type: ignore[arg-type]
