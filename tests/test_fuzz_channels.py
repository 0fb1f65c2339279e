"""Fuzz: every channels ``from_dict`` and public function, on any JSON-like value.

Only documented errors may escape: a :class:`~servicekit.exceptions.ServicekitError`
(``ConfigError`` naming the field, ``InfeasibleError``, ``NoBusinessTimeError`` ...) or
a plain ``TypeError`` for a value of the wrong type given to a Python function. A
``from_dict`` reads JSON, so there even a wrong type is a ``ConfigError``.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from servicekit.channels import (
    Demand,
    Email,
    Forum,
    LiveChat,
    Phone,
    SelfHelp,
    Targets,
    Tickets,
    advise_channels,
    channel_from_dict,
    compare,
    erlang_b,
    erlang_b_capacity,
    erlang_c,
    faq_candidates,
    queue_metrics,
    recommend_mix,
    required_agents,
    self_help_break_even,
)
from servicekit.exceptions import ConfigError, ServicekitError

DOCUMENTED = (ServicekitError, TypeError)
HOSTILE_TEXT = [
    "P99999999999999999999D",
    "PT99999999999999999999H",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "PT1H",
    "P10000000D",
    "P367D",
    "PT0S",
    "P7D",
    "Europe/Berlin",
    "phone",
    "chat",
    "email",
    "tickets",
    "forum",
    "self_help",
    "2026-03-02T00:00:00+00:00",
    "24/7",
]
HOSTILE_NUMBERS = [
    0,
    -1,
    1,
    10**400,
    -(10**400),
    -(10**4000),  # Hypothesis cannot print ints of more than 4,300 digits
    math.nan,
    math.inf,
    -math.inf,
    5e-324,
    -5e-324,
    1e308,
    1e-300,
    1e7,
    1e16,
    0.5,
    2**53,
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from(HOSTILE_NUMBERS)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(HOSTILE_TEXT)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)
NUMBERS = st.sampled_from(HOSTILE_NUMBERS) | st.floats() | st.integers()
#: A number or, now and then, anything at all.
ARGUMENT = NUMBERS | JSON

MODELS = (Phone, LiveChat, Email, Tickets, Forum, SelfHelp)
SMALL = Demand(contacts=200, staffed_hours=40)


def _field_dicts(names: list[str]) -> st.SearchStrategy[dict[str, object]]:
    """Dicts over the real field names (so validation goes deep), values anything."""
    return st.dictionaries(st.sampled_from(names) | st.text(max_size=6), JSON, max_size=4)


def _model_dicts() -> st.SearchStrategy[dict[str, object]]:
    def one(model: type) -> st.SearchStrategy[dict[str, object]]:
        names = [f.name for f in attrs.fields(model)]
        return _field_dicts(names).map(lambda d: {**d, "kind": model.kind})

    return st.one_of([one(m) for m in MODELS]) | _field_dicts(["kind", "name"])


def _wrong_typed_as_config(error: Exception) -> None:
    """From a dict, any error is a ConfigError (a JSON value of the wrong type too)."""
    assert isinstance(error, ConfigError), repr(error)


# ------------------------------------------------------------------ from_dict
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_model_dicts() | JSON, path=st.sampled_from(["", "channels[0]"]))
@example(data={"kind": "phone", "handle_time": "PT99999999999999999999H"}, path="")
@example(data={"kind": "chat", "concurrency": 10**400}, path="")
@example(data={"kind": "email", "business_time": 1}, path="")
def test_channel_from_dict(data, path):
    """Any dict reads as a model or raises a ConfigError; a model then evaluates."""
    try:
        model = channel_from_dict(data, path)
    except Exception as error:  # noqa: BLE001 - the assertion is the test
        _wrong_typed_as_config(error)
        return
    assert model == channel_from_dict(model.to_dict())
    try:
        report = model.evaluate(SMALL)
    except DOCUMENTED:
        return
    assert report.contacts == SMALL.contacts


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=st.sampled_from(MODELS), data=JSON)
def test_model_from_dict_any_value(model, data):
    """Each class's own from_dict, on anything at all."""
    try:
        model.from_dict(data)
    except Exception as error:  # noqa: BLE001 - the assertion is the test
        _wrong_typed_as_config(error)


DEMAND_KEYS = ["contacts", "period", "staffed_hours", "calendar", "start", "profile"]


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_field_dicts(DEMAND_KEYS).map(lambda d: {"contacts": 100, **d}) | JSON)
@example(data={"contacts": 900, "period": "P10000000D"})
@example(data={"contacts": 10**400})
@example(data={"contacts": 1, "profile": [10**400]})
@example(data={"contacts": 1, "calendar": {"timezone": "UTC", "hours": "24/7"}, "start": 3})
@example(
    data={
        "contacts": 1,
        "calendar": {"timezone": "UTC", "hours": "24/7"},
        "start": "9999-12-31T23:59:59+00:00",
    }
)
def test_demand_from_dict(data):
    """Any dict reads as a demand or raises a ConfigError; a demand then compares."""
    try:
        demand = Demand.from_dict(data, "demand")
    except Exception as error:  # noqa: BLE001 - the assertion is the test
        _wrong_typed_as_config(error)
        return
    assert demand == Demand.from_dict(demand.to_dict())
    try:
        rows = compare([Phone(), Email(), SelfHelp()], demand)
    except DOCUMENTED:
        return
    assert len(rows) == 3


@settings(deadline=None)
@given(data=_field_dicts(["max_wait", "max_effort", "min_resolution"]) | JSON)
@example(data={"max_wait": "PT99999999999999999999H"})
@example(data={"max_effort": 10**400})
def test_targets_from_dict(data):
    """Any dict reads as targets or raises a ConfigError."""
    try:
        targets = Targets.from_dict(data, "targets")
    except Exception as error:  # noqa: BLE001 - the assertion is the test
        _wrong_typed_as_config(error)
        return
    assert targets == Targets.from_dict(targets.to_dict())


# ------------------------------------------------------------------ formulas
@settings(deadline=None)
@given(agents=ARGUMENT, traffic=ARGUMENT)
@example(agents=1e16, traffic=1e16)
@example(agents=1e300, traffic=1e300)
@example(agents=0.5, traffic=1e300)
@example(agents=1e308, traffic=1e7)
@example(agents=0.99, traffic=5e-324)
@example(agents=5e-324, traffic=1)  # rounded to 1.0000000000000004 once
@pytest.mark.timeout(300)
def test_erlang_b_and_c(agents, traffic):
    """erlang_b and erlang_c return a probability or raise a documented error."""
    for function in (erlang_b, erlang_c):
        try:
            value = function(agents, traffic)
        except DOCUMENTED:
            continue
        assert 0.0 <= value <= 1.0


@settings(deadline=None)
@given(agents=ARGUMENT, blocking=ARGUMENT)
@example(agents=1e-300, blocking=0.5)
@example(agents=1e7, blocking=0.999999)
@example(agents=5e-324, blocking=5e-324)
@pytest.mark.timeout(300)
def test_erlang_b_capacity(agents, blocking):
    """erlang_b_capacity returns a load in its documented range or a documented error."""
    try:
        load = erlang_b_capacity(agents, blocking)
    except DOCUMENTED:
        return
    assert 1e-300 <= load <= 1e7


DURATION = NUMBERS | st.integers(0, 10**6).map(lambda s: timedelta(seconds=s)) | JSON


@settings(deadline=None)
@given(
    agents=NUMBERS,
    arrivals=NUMBERS,
    interval=DURATION,
    handle_time=DURATION,
    answer_within=DURATION,
    patience=st.none() | DURATION,
)
@example(agents=1, arrivals=100, interval=1800, handle_time=180, answer_within=20, patience=1e10)
@example(agents=1, arrivals=5e-324, interval=1800, handle_time=180, answer_within=20, patience=None)
@example(agents=1, arrivals=1, interval=1, handle_time=1, answer_within=1, patience=5e-324)
@example(agents=1e-300, arrivals=1e5, interval=1, handle_time=1, answer_within=1, patience=1)
@example(agents=1, arrivals=1, interval=1e308, handle_time=1e308, answer_within=0, patience=None)
@example(agents=1, arrivals=0.1, interval=1, handle_time=1e-280, answer_within=1, patience=8e13)
@example(
    agents=2.2250738585072e-309,
    arrivals=2.2250738585072e-309,
    interval=2,
    handle_time=1,
    answer_within=0,
    patience=None,
)
@pytest.mark.timeout(300)
def test_queue_metrics(*, agents, arrivals, interval, handle_time, answer_within, patience):
    """queue_metrics gives metrics in range or a documented error."""
    try:
        m = queue_metrics(
            agents,
            arrivals=arrivals,
            interval=interval,
            handle_time=handle_time,
            answer_within=answer_within,
            patience=patience,
        )
    except DOCUMENTED:
        return
    for share in (m.service_level, m.wait_probability, m.abandonment):
        assert 0.0 <= share <= 1.0
    assert all(math.isfinite(v) for v in m.to_dict().values())


@settings(deadline=None)
@given(
    arrivals=NUMBERS,
    handle_time=DURATION,
    answer_within=DURATION,
    service_level=NUMBERS,
    extra=st.fixed_dictionaries(
        {},
        optional={
            "max_occupancy": NUMBERS,
            "max_abandonment": NUMBERS,
            "patience": DURATION,
            "shrinkage": NUMBERS,
            "max_agents": NUMBERS | JSON,
        },
    ),
)
@example(arrivals=1, handle_time=1, answer_within=1, service_level=0.8, extra={"patience": 5e-324})
@example(arrivals=5e-324, handle_time=180, answer_within=20, service_level=0.8, extra={})
@example(
    arrivals=100,
    handle_time=180,
    answer_within=20,
    service_level=0.8,
    extra={"max_agents": 10**400, "max_occupancy": 5e-324},
)
@pytest.mark.timeout(300)
def test_required_agents(arrivals, handle_time, answer_within, service_level, extra):
    """required_agents staffs the targets or raises a documented error."""
    try:
        s = required_agents(
            arrivals=arrivals,
            interval=1800,
            handle_time=handle_time,
            answer_within=answer_within,
            service_level=service_level,
            **extra,
        )
    except DOCUMENTED:
        return
    assert s.agents >= 1
    assert s.positions >= s.agents
    assert all(math.isfinite(v) for v in s.metrics.to_dict().values())


# ------------------------------------------------------------------ mix and advice
@settings(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(
    contacts=NUMBERS,
    budget=st.none() | NUMBERS,
    preferences=st.none() | st.dictionaries(st.sampled_from(["phone", "chat", "email"]), NUMBERS),
    targets=st.builds(
        Targets,
        max_wait=st.none() | st.floats(1, 1e6),
        max_effort=st.none() | st.floats(1, 5),
        min_resolution=st.none() | st.floats(0.01, 1),
    ),
)
@pytest.mark.timeout(300)
def test_recommend_mix(contacts, budget, preferences, targets):
    """recommend_mix recommends or raises a documented error."""
    try:
        demand = Demand(contacts=contacts, staffed_hours=40)
        mix = recommend_mix(
            demand,
            [Phone(), Email(), SelfHelp()],
            budget=budget,
            targets=targets,
            preferences=preferences,
        )
    except DOCUMENTED:
        return
    assert mix.channels


@settings(deadline=None)
@given(
    counts=st.dictionaries(st.text(max_size=5), NUMBERS, max_size=4) | JSON,
    handle_time=DURATION,
    hourly_cost=NUMBERS,
    shrinkage=NUMBERS,
    deflection=st.none() | NUMBERS,
    horizon=NUMBERS,
    min_count=NUMBERS,
)
def test_faq_candidates(
    *, counts, handle_time, hourly_cost, shrinkage, deflection, horizon, min_count
):
    """faq_candidates ranks or raises a documented error."""
    try:
        faq_candidates(
            counts,
            handle_time=handle_time,
            hourly_cost=hourly_cost,
            shrinkage=shrinkage,
            deflection=deflection,
            horizon=horizon,
            min_count=min_count,
        )
    except DOCUMENTED:
        return


@settings(deadline=None, max_examples=30)
@given(model=st.sampled_from([Phone(), Email(), LiveChat()]), contacts=NUMBERS)
def test_self_help_break_even(model, contacts):
    """self_help_break_even answers or raises a documented error."""
    try:
        self_help_break_even(SelfHelp(), model, Demand(contacts=contacts))
    except DOCUMENTED:
        return


START = datetime(2026, 3, 2, tzinfo=timezone.utc)


@settings(deadline=None, max_examples=30)
@given(
    available=NUMBERS,
    zone=st.none() | st.sampled_from(["Europe/Berlin", "Asia/Tokyo", "../../etc/passwd"]) | JSON,
    audience=st.dictionaries(st.sampled_from(["Europe/Berlin", "America/New_York", "x"]), NUMBERS)
    | JSON,
    contacts=NUMBERS,
    handle_time=DURATION,
    promise_share=NUMBERS,
)
def test_advise_channels(*, available, zone, audience, contacts, handle_time, promise_share):
    """advise_channels advises or raises a documented error."""
    try:
        advise_channels(
            available=available,
            zone=zone,
            audience=audience,
            contacts=contacts,
            start=START,
            handle_time=handle_time,
            promise_share=promise_share,
        )
    except DOCUMENTED:
        return
