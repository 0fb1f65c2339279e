"""Fuzz servicekit.sla: on any input only documented errors escape (issue 14).

Every ``from_dict`` and public function of the sla package gets arbitrary JSON-like
values (huge integers, NaN, infinities, durations no timedelta holds, instants in
years 1 and 9999) and must return or raise a ``ServicekitError`` or a ``TypeError``.
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicekit._time import zone
from servicekit.exceptions import ServicekitError
from servicekit.hours import BusinessCalendar
from servicekit.sla import (
    ERROR_CODES,
    KINDS,
    METRICS,
    STATUSES,
    TRIGGERS,
    FollowUpRule,
    Policy,
    StatusMap,
    Target,
    TicketEvent,
    evaluate,
    evaluate_many,
    faq_answer_check,
    reply_window,
    satisfaction_check,
    schedule_follow_ups,
    upcoming_breaches,
)

DOCUMENTED = (ServicekitError, TypeError)
UTC = timezone.utc
HOSTILE_TEXT = (
    "P99999999999999999999D",
    "PT99999999999999999999H",
    "P999999999D",
    "P36525D",
    "PT0S",
    "PT4H",
    "-PT1H",
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T23:59:59-12:00",
    "2026-11-20T09:00:00Z",
    "",
    "calendar1",
    "office",
    "Europe/Berlin",
    "../../etc/passwd",
    *METRICS,
    *KINDS,
    *STATUSES,
)
HOSTILE_NUMBERS = (10**400, -(10**400), 2**63, float("nan"), float("inf"), -float("inf"))
OFFICE_DICT = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
OFFICE = BusinessCalendar.from_dict(OFFICE_DICT)
NIGHT = BusinessCalendar.from_dict(
    {"timezone": "America/New_York", "hours": {"mon-sat": ["20:00-04:00"]}}
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(HOSTILE_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from((5e-324, 1e308, 0.75, 1.0, 0.0)),
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=12),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=6)), children, max_size=4
        ),
    ),
    max_leaves=12,
)


def _or_json(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(strategy, json_values)


durations = _or_json(st.sampled_from(HOSTILE_TEXT[:7]))
instant_texts = _or_json(st.sampled_from(HOSTILE_TEXT[7:12]))
calendar_values = _or_json(st.sampled_from(("office", "calendar1", OFFICE_DICT)))

target_dicts = st.fixed_dictionaries(
    {},
    optional={
        "metric": _or_json(st.sampled_from(METRICS)),
        "within": durations,
        "calendar": calendar_values,
        "warn_at": _or_json(st.sampled_from((0.5, 1, 0.75))),
        "extra": json_values,
    },
)
status_dicts = st.dictionaries(
    st.one_of(st.sampled_from(("awaiting_vendor", "new", "pending")), scalars),
    _or_json(
        st.sampled_from(STATUSES)
        | st.fixed_dictionaries(
            {},
            optional={
                "category": _or_json(st.sampled_from(STATUSES)),
                "clocks": _or_json(
                    st.dictionaries(
                        st.one_of(st.sampled_from(METRICS), scalars),
                        _or_json(st.sampled_from(("run", "pause", "stop"))),
                        max_size=3,
                    )
                ),
            },
        )
    ),
    max_size=3,
)
policy_dicts = st.fixed_dictionaries(
    {},
    optional={
        "name": _or_json(st.just("p")),
        "calendars": _or_json(st.just({"office": OFFICE_DICT})),
        "targets": _or_json(
            st.dictionaries(
                st.one_of(st.sampled_from(("normal", "high")), scalars),
                _or_json(st.lists(_or_json(target_dicts), max_size=3)),
                max_size=3,
            )
        ),
        "statuses": _or_json(status_dicts),
    },
)
event_dicts = st.fixed_dictionaries(
    {},
    optional={
        "at": instant_texts,
        "kind": _or_json(st.sampled_from(KINDS)),
        "priority": _or_json(st.just("normal")),
        "status": _or_json(st.sampled_from(STATUSES)),
        "tags": _or_json(st.just(["faq"])),
        "metric": _or_json(st.sampled_from(METRICS)),
        "due": instant_texts,
        "field": _or_json(st.sampled_from(("group", "priority", "custom.plan", "custom.", "x"))),
        "value": _or_json(st.sampled_from(("billing", ""))),
        "added": _or_json(st.just(["vip"])),
        "removed": _or_json(st.just(["vip", ""])),
        "fields": _or_json(
            st.dictionaries(
                st.sampled_from(("group", "priority", "custom.x", "nope")),
                _or_json(st.just("a")),
                max_size=2,
            )
        ),
    },
)
rule_dicts = st.fixed_dictionaries(
    {},
    optional={
        "name": _or_json(st.just("nudge")),
        "after": durations,
        "trigger": _or_json(st.sampled_from(TRIGGERS)),
        "calendar": calendar_values,
        "unless": _or_json(st.lists(st.sampled_from(TRIGGERS), max_size=2)),
        "tags": _or_json(st.just(["faq"])),
    },
)

ZONES = (
    UTC,
    timezone(timedelta(hours=14)),
    timezone(timedelta(hours=-12)),
    zone("Europe/Berlin"),
    zone("Asia/Kathmandu"),
)
#: Aware instants anywhere from year 1 to 9999, the ends included.
instants = st.one_of(
    st.datetimes(
        min_value=datetime(1, 1, 1),  # noqa: DTZ001 - made aware by timezones
        max_value=datetime(9999, 12, 31, 23, 59, 59),  # noqa: DTZ001
        timezones=st.sampled_from(ZONES),
    ),
    st.sampled_from(
        (
            datetime(1, 1, 1, tzinfo=UTC),
            datetime(1, 1, 1, 12, tzinfo=UTC),
            datetime(2, 1, 3, 9, tzinfo=UTC),
            datetime(9997, 12, 31, 12, tzinfo=UTC),
            datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
            datetime(2026, 11, 20, 9, tzinfo=UTC),
        )
    ),
)
small_durations = st.one_of(
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=36_525)),
    st.sampled_from((timedelta(0), timedelta(hours=4), timedelta(days=36_525))),
)
#: Durations of business time. Adding 100 years of business time costs the calendar
#: seconds today (its own bound, tested with the hours package); a year keeps this
#: suite quick while still crossing the years 9997-9999.
calendar_durations = st.one_of(
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)),
    st.sampled_from((timedelta(0), timedelta(hours=4), timedelta(days=400))),
)


def _event(at: datetime, kind: str, value: str) -> TicketEvent | None:
    try:
        if kind in ("created", "priority"):
            return TicketEvent(at, kind, priority=value)
        if kind == "status":
            return TicketEvent(at, kind, status=value)
        if kind == "field":
            return TicketEvent(at, kind, field="group", value=value)
        if kind == "tags":
            return TicketEvent(at, kind, added=(value,), removed=("faq",))
        return TicketEvent(at, kind, tags=("faq",) if value == "faq" else ())
    except DOCUMENTED:  # an instant that UTC cannot hold
        return None


events = st.lists(
    st.builds(
        _event,
        instants,
        st.sampled_from(KINDS),
        st.sampled_from(("normal", "high", "faq", *STATUSES)),
    ),
    max_size=8,
).map(lambda found: [e for e in found if e is not None])


@st.composite
def targets(draw: st.DrawFn) -> Target:
    """Valid targets, on 24/7 and business calendars, up to the longest duration."""
    calendar = draw(st.sampled_from((None, OFFICE, NIGHT)))
    return Target(
        draw(st.sampled_from(METRICS)),
        draw(small_durations if calendar is None else calendar_durations),
        calendar,
        warn_at=draw(st.sampled_from((0.5, 0.75, 1.0))),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Valid policies of such targets."""
    out: dict[str, list[Target]] = {}
    for priority in draw(st.lists(st.sampled_from(("normal", "high")), unique=True)):
        row = draw(st.lists(targets(), max_size=4, unique_by=lambda t: t.metric))
        out[priority] = row
    return Policy("p", out)


def _strict(value: object) -> None:
    json.dumps(value, allow_nan=False)


FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(json_values | event_dicts)
def test_ticket_event_from_dict(data):
    """TicketEvent.from_dict: a value that round-trips, or a documented error."""
    try:
        event = TicketEvent.from_dict(data)
    except DOCUMENTED:
        return
    again = TicketEvent.from_dict(json.loads(json.dumps(event.to_dict(), allow_nan=False)))
    assert event == again


@FUZZ
@given(json_values | target_dicts)
def test_target_from_dict(data):
    """Target.from_dict: a value that round-trips through strict JSON, or a documented error."""
    try:
        target = Target.from_dict(data, calendars={"office": OFFICE})
    except DOCUMENTED:
        return
    _strict(target.to_dict())
    assert target == Target.from_dict(json.loads(json.dumps(target.to_dict())))


@FUZZ
@given(json_values | status_dicts)
def test_status_map_from_dict(data):
    """StatusMap.from_dict: a value that round-trips through strict JSON, or a documented error."""
    try:
        desk = StatusMap.from_dict(data)
    except DOCUMENTED:
        return
    _strict(desk.to_dict())
    assert desk == StatusMap.from_dict(json.loads(json.dumps(desk.to_dict())))


@FUZZ
@given(json_values | policy_dicts)
def test_policy_from_dict(data):
    """Policy.from_dict: a value that round-trips through strict JSON, or a documented error."""
    try:
        policy = Policy.from_dict(data)
    except DOCUMENTED:
        return
    _strict(policy.to_dict())
    assert policy == Policy.from_dict(json.loads(json.dumps(policy.to_dict())))


@FUZZ
@given(json_values | rule_dicts)
def test_follow_up_rule_from_dict(data):
    """FollowUpRule.from_dict: a value that round-trips, or a documented error."""
    try:
        rule = FollowUpRule.from_dict(data, calendars={"office": OFFICE})
    except DOCUMENTED:
        return
    _strict(rule.to_dict())
    assert rule == FollowUpRule.from_dict(json.loads(json.dumps(rule.to_dict())))


@FUZZ
@given(policies(), st.lists(events, min_size=1, max_size=4), instants)
def test_evaluate_and_batch_agree_on_hostile_instants(policy, logs, now):
    """evaluate() raises only documented errors; evaluate_many() never raises for a ticket.

    A ticket that evaluate() refuses is an error row of the batch with a stable code;
    the others agree with evaluate().
    """
    batch = evaluate_many(policy, dict(enumerate(logs)), now, reports=True)
    for key, log in enumerate(logs):
        try:
            single = evaluate(policy, log, now)
        except DOCUMENTED:
            assert batch.errors[key].code in ERROR_CODES
            continue
        assert key not in batch.errors
        assert single == batch.reports[key]
        _strict(single.to_dict())
        mine = [
            (r["metric"], r["status"], r["deadline"])
            for r in batch.rows
            if r["ticket"] == key and r["cycle"] is not None
        ]
        theirs = [(m.metric, c.status, c.deadline) for m in single for c in m.cycles]
        assert theirs == mine
    _strict(batch.summary_rows())
    _strict(batch.error_rows())
    upcoming_breaches(batch, within=timedelta(days=1), limit=3)


@FUZZ
@given(json_values, json_values, json_values)
def test_evaluate_anything(policy, tickets, now):
    """Arbitrary arguments: only documented errors."""
    for call in (
        lambda: evaluate(policy, tickets, now),
        lambda: evaluate_many(policy, tickets, now),
        lambda: upcoming_breaches(policy, within=tickets, limit=now),
        lambda: schedule_follow_ups(policy, tickets, now),
        lambda: reply_window(policy, within=tickets, cooldown=now),
    ):
        with contextlib.suppress(*DOCUMENTED):
            call()


@FUZZ
@given(
    st.lists(json_values | st.sampled_from((3, [], "x"))),
    st.lists(json_values, max_size=3),
)
def test_batch_of_garbage_tickets(pairs, ids):
    """Tickets of any shape: documented errors for the batch, or error rows per ticket."""
    policy = Policy("p", {"normal": [Target("first_reply", timedelta(hours=4))]})
    now = datetime(2026, 11, 20, 9, tzinfo=UTC)
    for tickets in (
        pairs,
        list(zip(ids, pairs, strict=False)),
        {str(i): p for i, p in enumerate(pairs)},
    ):
        try:
            batch = evaluate_many(policy, tickets, now)
        except DOCUMENTED:
            continue
        assert all(error.code in ERROR_CODES for error in batch.errors.values())


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.builds(
                FollowUpRule,
                st.just("r"),
                small_durations,
                st.sampled_from(TRIGGERS),
                unless=st.lists(st.sampled_from(TRIGGERS), max_size=2).map(tuple),
            ),
            st.builds(
                FollowUpRule,
                st.just("c"),
                calendar_durations,
                st.sampled_from(TRIGGERS),
                calendar=st.sampled_from((OFFICE, NIGHT)),
            ),
        ),
        max_size=3,
    ),
    events,
    instants,
    small_durations,
    calendar_durations,
)
def test_follow_ups_on_hostile_instants(rules, log, now, after, business):
    """schedule_follow_ups() and the rule helpers: only documented errors."""
    rules = [*rules, satisfaction_check(after), faq_answer_check(business, calendar=OFFICE)]
    try:
        found = schedule_follow_ups(rules, log, now)
    except DOCUMENTED:
        return
    for follow_up in found:
        _strict(follow_up.to_dict())


@FUZZ
@given(instants, st.sampled_from((None, OFFICE, NIGHT, "office")), instants, st.data())
def test_reply_window_on_hostile_values(received_at, calendar, at, data):
    """reply_window() and ReplyWindow.contains(): only documented errors."""
    durations = small_durations if calendar is None else calendar_durations
    within = data.draw(_or_json(durations))
    cooldown = data.draw(_or_json(durations))
    try:
        window = reply_window(received_at, within=within, cooldown=cooldown, calendar=calendar)
    except DOCUMENTED:
        return
    assert window.earliest <= window.latest
    window.contains(at)
    assert window.span >= timedelta(0)


@FUZZ
@given(
    st.lists(_or_json(st.sampled_from((*KINDS, *METRICS, *TRIGGERS))), min_size=6, max_size=6),
    _or_json(instants),
    _or_json(small_durations),
    st.sampled_from((None, OFFICE, "office", {}, 3)),
)
def test_constructors(words, at, duration, calendar):
    """The value classes' constructors: only documented errors, and strict JSON when made."""
    a, b, c, d, e, f = words
    for make in (
        lambda: TicketEvent(at, a, priority=b, status=c, tags=d),
        lambda: TicketEvent(at, a, field=b, value=c, added=d, removed=e, fields={f: b}),
        lambda: Target(a, duration, calendar, warn_at=b),
        lambda: Policy(a, {b: [Target("first_reply", duration)]} if c else b, calendars=d),
        lambda: Policy("p", {"x": e}, calendars={"office": calendar}),
        lambda: FollowUpRule(a, duration, b, calendar=calendar, unless=c, tags=f),
        lambda: satisfaction_check(duration, calendar=calendar),
        lambda: faq_answer_check(duration, tags=e, calendar=calendar),
    ):
        try:
            value = make()
        except DOCUMENTED:
            continue
        _strict(value.to_dict())
