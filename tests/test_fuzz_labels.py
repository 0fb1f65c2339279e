"""Fuzz: display names on any JSON-like value return or raise a documented error.

``DisplayNames.from_dict``, ``names_from_dict``, ``display_name`` and a flow's optional
``labels``; whatever is accepted round-trips through strict JSON and pickle, and every
lookup gives a non-empty name.
"""

from __future__ import annotations

import json
import pickle
from contextlib import suppress

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fuzzing import paths, replace
from servicekit import i18n
from servicekit.exceptions import ConfigError, ServicekitError
from servicekit.i18n import DisplayNames, display_name, names_from_dict
from servicekit.onboarding import Flow
from servicekit.onboarding.flows import investment

DOCUMENTED = (ServicekitError, TypeError)
WORDS = ["de", "de-AT", "it_CH", "ru", "en", "fr", "", "states", "events", "verified", "x" * 300]
TEXT = st.text(max_size=8) | st.sampled_from(WORDS)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
SECTIONS = st.sampled_from(list(i18n.LABEL_SECTIONS.values()))
NAMES = st.dictionaries(st.sampled_from(["de", "it", "ru", "en", "de-AT"]), st.text(min_size=1))
DOCUMENTS = st.dictionaries(SECTIONS, st.dictionaries(st.text(max_size=12), NAMES, max_size=3))
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE = investment()
FLOW_DOC = {**BASE.to_dict(), "labels": {"states": {"verified": {"de": "Verifiziert"}}}}


def _use(names: DisplayNames) -> None:
    text = json.dumps(names.to_dict(), allow_nan=False)
    assert DisplayNames.from_dict(json.loads(text)) == names
    assert pickle.loads(pickle.dumps(names)) == names  # noqa: S301 - our own bytes
    for kind, identifier, _ in names.entries:
        for locale in ("de_AT", "ru", "it", "en", "fr"):
            assert names.name(kind, identifier, locale)


@FUZZ
@given(JSON)
@example({"states": {"verified": {"de": "x" * 201}}})
@example({"states": {"a": {"de": "ok", "de_DE": "ok", "DE": "twice"}}})
def test_display_names_any_value(data):
    """Any value: DisplayNames or a documented error; accepted ones round-trip."""
    problems: object = ()
    try:
        names = DisplayNames.from_dict(data)
    except ConfigError as err:
        problems = err.problems  # type: ignore[attr-defined]
    except TypeError:
        return
    else:
        _use(names)
        return
    assert problems


@FUZZ
@given(DOCUMENTS)
def test_display_names_well_formed(data):
    """Well-formed documents of printable names are accepted and round-trip."""
    try:
        names = DisplayNames.from_dict(data)
    except ConfigError as err:  # unprintable or too long names, a tag twice
        problems = err.problems  # type: ignore[attr-defined]
        assert problems
        return
    _use(names)


@FUZZ
@given(JSON, TEXT)
def test_names_from_dict_any_value(data, path):
    """names_from_dict: pairs or a documented error."""
    with suppress(DOCUMENTED):
        for tag, name in names_from_dict(data, path):
            assert i18n.is_supported(tag)
            assert name.strip()


@FUZZ
@given(st.sampled_from([*i18n.LABEL_KINDS, "step"]), st.text(), JSON, JSON)
def test_display_name_any_input(kind, identifier, locale, overrides):
    """display_name: a non-empty name for a non-empty identifier, or a documented error."""
    try:
        shown = display_name(kind, identifier, locale, overrides)  # type: ignore[arg-type]
    except (*DOCUMENTED, ValueError):
        return
    assert isinstance(shown, str)
    assert shown or not identifier.strip("_ ")


@FUZZ
@given(st.sampled_from(paths(FLOW_DOC["labels"], ("labels",))), JSON)
def test_flow_labels_any_value(path, value):
    """A flow whose labels hold any value anywhere: a Flow or a documented error."""
    document = replace(FLOW_DOC, path, value)
    try:
        flow = Flow.from_dict(document, guards=BASE.guards, effects=BASE.effects)  # type: ignore[arg-type]
    except DOCUMENTED:
        return
    assert Flow.from_dict(flow.to_dict(), guards=BASE.guards, effects=BASE.effects) == flow


KNOWN = {
    "flows": [BASE.name],
    "states": [state.name for top in BASE.states for state in top.walk()],
    "events": sorted({t.event for t in BASE.transitions}),
    "claims": [claim.name for claim in BASE.claims],
}
IDENTIFIERS = {
    section: st.sampled_from(names) | st.text(min_size=1, max_size=12)
    for section, names in KNOWN.items()
}
FLOW_LABELS = st.fixed_dictionaries(
    {},
    optional={
        section: st.dictionaries(ids, st.just({"de": "Name"}), max_size=4)
        for section, ids in IDENTIFIERS.items()
    },
)


@FUZZ
@given(FLOW_LABELS)
def test_flow_labels_name_what_the_flow_has(labels):
    """Labels are accepted exactly when each names the flow's own part; else each is listed."""
    document = {**BASE.to_dict(), "labels": labels}
    unknown = {
        f"labels.{section}.{identifier[:40]}"
        for section, names in labels.items()
        for identifier in names
        if identifier not in KNOWN[section]
    }
    if unknown:
        with pytest.raises(ConfigError) as caught:
            Flow.from_dict(document, guards=BASE.guards, effects=BASE.effects)
        assert unknown == {p.path for p in caught.value.problems}  # type: ignore[attr-defined]
    else:
        flow = Flow.from_dict(document, guards=BASE.guards, effects=BASE.effects)
        assert flow.to_dict().get("labels", {}) == {k: v for k, v in labels.items() if v}
