"""Locale negotiation over arbitrary input: total, idempotent, case- and separator-blind."""

from __future__ import annotations

import re

import pytest
from babel import Locale
from hypothesis import example, given
from hypothesis import strategies as st

from servicekit import i18n

SEPARATORS = st.sampled_from(["-", "_", " ", "--"])
# Tags shaped like what people type: a language, maybe a script, maybe a region, maybe
# a POSIX encoding, in any case, with any separator.
TAG_LIKE = st.builds(
    lambda language, script, region, sep, suffix: (
        sep.join(part for part in (language, script, region) if part) + suffix
    ),
    st.sampled_from(["en", "de", "it", "ru", "fr", "pt", "xx", "EN", "De", ""]),
    st.sampled_from(["", "Latn", "Cyrl"]),
    st.sampled_from(["", "GB", "us", "AT", "ch", "Ru", "150", "001", "ZZ", "419"]),
    SEPARATORS,
    st.sampled_from(["", ".UTF-8", "@euro", ".utf8@euro"]),
)
TAGS = st.one_of(st.text(), TAG_LIKE)
ASCII_CASE = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)


@given(TAGS)
@example("de-AT")
@example("EN_gb")
@example("de_AT.UTF-8")
@example("\x00")
@example("P99999999999999999999D")
def test_total_and_idempotent(tag):
    """Any string negotiates to a supported locale, which negotiates to itself."""
    chosen = i18n.negotiate(tag)
    assert chosen in i18n.SUPPORTED_LOCALES
    assert chosen == i18n.negotiate(chosen)
    assert i18n.language_of(tag) == chosen.split("_")[0]
    assert str(i18n.resolve_locale(tag)) == chosen
    assert isinstance(i18n.is_supported(tag), bool)
    if not i18n.is_supported(tag):
        assert "en" == chosen


@given(TAGS)
def test_case_insensitive(tag):
    """Swapping the case of ASCII letters changes nothing."""
    assert i18n.negotiate(tag) == i18n.negotiate(tag.translate(ASCII_CASE))
    assert i18n.is_supported(tag) == i18n.is_supported(tag.translate(ASCII_CASE))


@given(TAG_LIKE, SEPARATORS)
def test_separator_insensitive(tag, separator):
    """Hyphen, underscore and space separate subtags alike."""
    assert i18n.negotiate(tag) == i18n.negotiate(re.sub("[-_ ]+", separator, tag))


@given(st.sampled_from(i18n.SUPPORTED_LOCALES))
def test_babel_locale(tag):
    """A babel Locale negotiates to its own tag."""
    assert tag == i18n.negotiate(Locale.parse(tag))


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.just(10**400)
    | st.floats()
    | st.sampled_from([5e-324, 1e308, float("nan"), float("inf")]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(JSON)
def test_wrong_types(value):
    """Anything but a string, a Locale or None is a TypeError, never something else."""
    for func in (i18n.negotiate, i18n.language_of, i18n.resolve_locale, i18n.is_supported):
        if value is None and func is not i18n.is_supported:
            assert "en" == str(func(value))
            continue
        with pytest.raises(TypeError, match="locale must be a string"):
            func(value)
