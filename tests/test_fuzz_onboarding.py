"""Fuzz (issue 14): onboarding on any JSON-like value returns or raises a documented error.

Every ``from_dict`` and public function; whatever is accepted round-trips through strict
JSON and pickle.
"""

from __future__ import annotations

import json
import pickle
import re
from contextlib import suppress
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import paths, replace
from servicekit.exceptions import ConfigError, ServicekitError
from servicekit.onboarding import Flow, Journey, conformance, funnel
from servicekit.onboarding.flows import complaint, downline_member, investment, nested_investment

DOCUMENTED = (ServicekitError, TypeError)
FLOWS = [downline_member(), investment(), complaint(), nested_investment()]
AT = datetime(2026, 4, 1, 9, tzinfo=timezone.utc)
HOSTILE_TEXT = [
    "P99999999999999999999D",
    "PT99999999999999999999H",
    "P999999999D",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "2026-04-01T09:00:00+00:00",
    "{state:>300000000}",
    "{state.__class__.__mro__[1]}",
    "{count:d}",
    "{",
    "PT1H",
    "invited",
    "received",
    "registered",
    "welcome",
    "triage",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 2**63, 0, 1])
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
INSTANTS = st.sampled_from(
    [
        AT,
        datetime(1, 1, 1, tzinfo=timezone.utc),
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc),
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-1))),
    ]
)


def _journey_dict(flow: Flow) -> dict[str, Any]:
    journey = flow.start({"instalments_total": 2, "angry": True}, AT).journey
    event = flow.events[0]
    if not flow.why_not(journey, event):
        journey = flow.fire(journey, event, AT).journey
    return journey.to_dict()


FLOW_DOCS = [(flow, flow.to_dict()) for flow in FLOWS]
FLOW_CASES = st.sampled_from(FLOW_DOCS).flatmap(
    lambda pair: st.tuples(st.just(pair[0]), st.just(pair[1]), st.sampled_from(paths(pair[1])))
)
JOURNEY_DOCS = [(flow, _journey_dict(flow)) for flow in FLOWS]
JOURNEY_CASES = st.sampled_from(JOURNEY_DOCS).flatmap(
    lambda pair: st.tuples(st.just(pair[0]), st.just(pair[1]), st.sampled_from(paths(pair[1])))
)
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _use_journey(flow: Flow, journey: Journey) -> None:
    """Everything a caller may do with a journey read from storage."""
    text = json.dumps(journey.to_dict(), allow_nan=False)
    assert Journey.from_dict(json.loads(text)) == journey
    assert pickle.loads(pickle.dumps(journey)) == journey  # noqa: S301 - our own bytes
    repr(journey)
    for call in (
        lambda: flow.guidance(journey, "de"),
        lambda: flow.timers(journey),
        lambda: flow.due(journey, AT),
        lambda: funnel(flow, [journey], datetime(9999, 12, 31, tzinfo=timezone.utc)),
        lambda: [flow.check_claim(journey, c.name) for c in flow.claims],
        lambda: [flow.why_not(journey, e) for e in flow.events],
        lambda: [flow.fire(journey, e, journey.entered_at) for e in flow.events],
    ):
        with suppress(DOCUMENTED):
            call()


@FUZZ
@given(case=FLOW_CASES, value=JSON)
def test_flow_from_dict_with_one_value_replaced(case: Any, value: object) -> None:
    """A built-in flow's definition with any one value replaced: a flow or a clean error."""
    flow, document, path = case
    data = replace(document, path, value)
    registries = {"guards": flow.guards, "effects": flow.effects, "calendars": flow.calendars}
    try:
        built = Flow.from_dict(data, **registries)  # type: ignore[arg-type]
    except DOCUMENTED:
        return
    again = Flow.from_dict(json.loads(json.dumps(built.to_dict(), allow_nan=False)), **registries)
    assert again == built
    assert pickle.loads(pickle.dumps(built)) == built  # noqa: S301 - our own bytes
    built.to_mermaid()
    built.to_dot()
    try:
        step = built.start({}, AT)
    except DOCUMENTED:
        return
    _use_journey(built, step.journey)


@FUZZ
@given(data=JSON)
def test_flow_from_dict_with_any_value(data: object) -> None:
    """Any JSON-like value: a flow or a clean error."""
    with suppress(DOCUMENTED):
        Flow.from_dict(data)  # type: ignore[arg-type]


@FUZZ
@given(case=JOURNEY_CASES, value=JSON)
def test_journey_from_dict_with_one_value_replaced(case: Any, value: object) -> None:
    """A stored journey with any one value replaced: a journey that round-trips, or an error."""
    flow, document, path = case
    try:
        journey = Journey.from_dict(replace(document, path, value))  # type: ignore[arg-type]
    except DOCUMENTED:
        return
    _use_journey(flow, journey)


@FUZZ
@given(flow=st.sampled_from(FLOWS), context=JSON, at=INSTANTS)
def test_start_with_any_context_and_instant(flow: Flow, context: object, at: datetime) -> None:
    """Any context and an instant near the ends of time: a journey or a clean error."""
    try:
        journey = flow.start(context, at).journey  # type: ignore[arg-type]
    except DOCUMENTED:
        return
    _use_journey(flow, journey)


@FUZZ
@given(flow=st.sampled_from(FLOWS), events=JSON, context=JSON)
def test_replay_and_conformance_with_any_events(
    flow: Flow, events: object, context: object
) -> None:
    """Any event log: a replay, deviations or a clean error."""
    rows = events if isinstance(events, list) else [events]
    with suppress(DOCUMENTED):
        flow.replay([tuple(e) if isinstance(e, list) else e for e in rows], started_at=AT)
    with suppress(DOCUMENTED):
        conformance(flow, rows, contexts={1: context})  # type: ignore[dict-item]


HOSTILE_VALUES = [
    *HOSTILE_TEXT,
    10**400,
    -(10**400),
    float("nan"),
    float("inf"),
    5e-324,
    1e308,
    None,
    True,
    [],
    {},
    [[]],
    {"a": {"b": None}},
]


FLOW_HOSTILE = [
    "PT99999999999999999999H",
    "P99999999999999999999D",
    "{state:>300000000}",
    "{count.real}",
    "{",
    10**400,
    float("nan"),
    None,
    {},
    [],
]


def test_every_hostile_value_at_every_path_of_a_flow() -> None:
    """Each hostile value in each place of each built-in definition: a flow or an error."""
    for flow, document in FLOW_DOCS:
        registries = {"guards": flow.guards, "effects": flow.effects, "calendars": flow.calendars}
        for path in paths(document):
            for value in FLOW_HOSTILE:
                try:
                    built = Flow.from_dict(replace(document, path, value), **registries)  # type: ignore[arg-type]
                except DOCUMENTED:
                    continue
                json.dumps(built.to_dict(), allow_nan=False)


def test_every_hostile_value_at_every_path_of_a_journey() -> None:
    """Each hostile value in each place of a stored journey: a journey or an error."""
    for flow, document in JOURNEY_DOCS:
        for path in paths(document):
            for value in [*HOSTILE_VALUES, {"x": float("nan")}, {"x": 10**5000}]:
                try:
                    journey = Journey.from_dict(replace(document, path, value))  # type: ignore[arg-type]
                except DOCUMENTED:
                    continue
                _use_journey(flow, journey)


# ------------------------------------------------------------ the built-in In() guard

IN_DOC: dict[str, Any] = {
    "name": "in",
    "version": 1,
    "states": [
        {
            "name": "p",
            "parallel": True,
            "states": [
                {"name": "left", "states": [{"name": "l1"}, {"name": "l2"}]},
                {"name": "right", "states": [{"name": "r1"}, {"name": "r2"}]},
            ],
        },
        {"name": "z", "final": True},
    ],
    "transitions": [
        {"source": "l1", "event": "go", "target": "l2", "guards": ["In(r2)"]},
        {"source": "r1", "event": "turn", "target": "r2"},
        {"source": "l2", "event": "done", "target": "z", "guards": ["In(right)", "In(p)"]},
    ],
}
IN_PATHS = paths(IN_DOC)
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
STATE_NAMES = ["p", "left", "l1", "l2", "right", "r1", "r2", "z", "", "nowhere", "it's", 'a"b']
#: In()-shaped texts: known and unknown states, odd characters, nested parentheses.
IN_TEXT = st.builds(
    "In({})".format,
    st.sampled_from(STATE_NAMES) | st.text(max_size=6) | st.sampled_from(["In(p)", "(", ")"]),
)


def _texts(value: object) -> list[str]:
    """Every string in a JSON-like value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (*_texts(k), *_texts(v))]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _use_in_flow(built: Flow) -> None:
    """An accepted flow with In() guards round-trips and runs."""
    again = Flow.from_dict(json.loads(json.dumps(built.to_dict(), allow_nan=False)))
    assert again == built
    if any(XML_UNSAFE.search(text) for text in _texts(built.to_dict())):
        with pytest.raises(ConfigError, match="an XML document cannot carry"):
            built.to_scxml()
    else:
        assert Flow.from_scxml(built.to_scxml()) == built
    json.dumps(built.to_xstate(), allow_nan=False)
    built.check()
    built.test_paths()
    with suppress(DOCUMENTED):
        journey = built.start({}, AT).journey
        for event in built.events:
            with suppress(DOCUMENTED):
                journey = built.fire(journey, event, AT).journey
        _use_journey(built, journey)


@FUZZ
@given(path=st.sampled_from(IN_PATHS), value=JSON | IN_TEXT)
def test_from_dict_of_a_flow_with_in_guards_with_one_value_replaced(
    path: tuple[Any, ...], value: object
) -> None:
    """A definition with In() guards, any value anywhere: a flow that works, or an error."""
    try:
        built = Flow.from_dict(replace(IN_DOC, path, value))  # type: ignore[arg-type]
    except DOCUMENTED:
        return
    _use_in_flow(built)


COND_PART = (
    st.builds(
        "{}In{}({}{}{}{}){}".format,
        st.sampled_from(["", " ", "  "]),
        st.sampled_from(["", " "]),
        st.sampled_from(["", " "]),
        st.sampled_from(["'", '"', ""]),
        st.sampled_from(STATE_NAMES) | st.text(max_size=5),
        st.sampled_from(["'", '"', ""]),
        st.sampled_from(["", " "]),
    )
    | st.text(max_size=8)
    | st.sampled_from(["ok", "not In('r2')", "In('r1') or In('r2')", "1 = 1"])
)
IN_SCXML = Flow.from_dict(IN_DOC).to_scxml()


@FUZZ
@given(parts=st.lists(COND_PART, min_size=1, max_size=3))
def test_from_scxml_with_any_condition(parts: list[str]) -> None:
    """Any cond text (In() variants, names, expressions): a flow that works, or an error."""
    cond = " and ".join(parts)
    text = IN_SCXML.replace(
        "cond=\"In('r2')\"",
        'cond="{}"'.format(cond.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")),
    )
    try:
        built = Flow.from_scxml(text, guards={"ok": lambda _j, _d: True})
    except DOCUMENTED:
        return
    assert built.transitions[0].guards
    again = Flow.from_scxml(built.to_scxml(), guards=built.guards)
    assert again == built
