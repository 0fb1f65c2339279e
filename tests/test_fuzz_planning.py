"""Fuzz: planning's from_dicts and public functions raise only documented errors."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.channels import (
    Break,
    Person,
    ProfileInterval,
    ScheduledShift,
    ShiftTemplate,
    arrival_profile,
    assign_shifts,
    schedule_shifts,
    staff_profile,
)
from servicekit.exceptions import ServicekitError

HOSTILE_TEXT = [
    "P99999999999999999999D",
    "PT99999999999999999999H",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "2026-03-02T09:00:00Z",
    "2026-03-29T02:30:00+01:00",
    "PT30M",
    "PT0S",
    "-PT1H",
    "08:00-09:00",
    "22:00-02:00",
    "24:00",
    "mon-fri",
    "fri-mon",
    "Europe/Berlin",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 2**63, 0, 1, -1])
    | st.floats()
    | st.sampled_from([float("nan"), float("inf"), -float("inf"), 5e-324, 1e308, -0.0])
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
INTERVAL_KEYS = st.sampled_from(
    ["start", "arrivals", "handle_time", "answer_within", "service_level"]
)
TEMPLATE_KEYS = st.sampled_from(
    ["name", "length", "starts", "days", "breaks", "cost", "min_heads", "max_heads"]
)
BREAK_KEYS = st.sampled_from(["length", "earliest", "latest", "paid"])
DOCUMENTED = (ServicekitError, TypeError)


def _only_documented(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except DOCUMENTED:
        return None


@given(st.dictionaries(INTERVAL_KEYS, JSON) | JSON)
def test_profile_interval_from_dict(data):
    """ProfileInterval.from_dict on any JSON gives an interval or a documented error."""
    _only_documented(ProfileInterval.from_dict, data)


@given(st.dictionaries(TEMPLATE_KEYS, JSON) | JSON)
def test_shift_template_from_dict(data):
    """ShiftTemplate.from_dict on any JSON gives a template or a documented error."""
    _only_documented(ShiftTemplate.from_dict, data)


@given(
    st.fixed_dictionaries(
        {"name": st.just("t"), "length": st.sampled_from(["PT8H", 3600, "PT24H"])},
        optional={"breaks": st.lists(st.dictionaries(BREAK_KEYS, JSON), max_size=2)},
    )
)
def test_breaks_from_dict(data):
    """Breaks of any shape inside a template: a template or a documented error."""
    _only_documented(ShiftTemplate.from_dict, {**data, "starts": ["08:00"]})


NUMBERS = st.integers() | st.floats() | st.sampled_from([10**400, 5e-324, 1e308, -1, 0])
# Finite sizes that stay in range, and values refused before any work (nan, inf, huge
# ints, negatives, strings). Huge *finite* traffic and patience are bounded by the
# queueing functions themselves (their own fuzz tests); here they would only slow the run.
MODERATE = (
    st.integers(0, 10_000)
    | st.floats(0, 10_000)
    | st.sampled_from([float("nan"), float("inf"), -1.0, 10**400, -(10**400), 5e-324])
)
OPTIONS = st.one_of(
    MODERATE, st.none(), st.text(max_size=4), st.just(timedelta(days=10**6)), st.just(True)
)
NINE = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


@settings(deadline=None)
@given(
    st.lists(MODERATE, min_size=1, max_size=4),
    st.dictionaries(
        st.sampled_from(
            [
                "handle_time",
                "answer_within",
                "service_level",
                "max_occupancy",
                "patience",
                "max_abandonment",
                "shrinkage",
                "max_agents",
            ]
        ),
        OPTIONS,
    ),
)
def test_staff_profile(arrivals, options):
    """staff_profile with hostile arrivals and options: a plan or a documented error."""
    kwargs = {"handle_time": 180, "answer_within": 20, "service_level": 0.8, **options}
    items = []
    for k, n in enumerate(arrivals):
        item = _only_documented(ProfileInterval, start=NINE + k * timedelta(minutes=30), arrivals=n)
        if item is not None:
            items.append(item)
    _only_documented(staff_profile, items, **kwargs)


@settings(deadline=None)
@given(
    st.lists(st.datetimes(timezones=st.just(timezone.utc)), max_size=20),
    st.lists(st.dates(), min_size=0, max_size=3),
    st.dates(),
    st.sampled_from(["UTC", "Europe/Berlin", "Australia/Lord_Howe", "Mars/Base", 1]),
    st.sampled_from(
        [timedelta(minutes=30), timedelta(minutes=15), timedelta(hours=1), timedelta(0)]
    ),
)
def test_arrival_profile(arrivals, weeks, start, zone, interval):
    """arrival_profile on any dates and zones: a profile or a documented error."""
    try:
        _only_documented(
            arrival_profile, arrivals, timezone=zone, weeks=weeks, start=start, interval=interval
        )
    except OverflowError:
        # date + 7 days past 9999-12-31: the week does not exist on the calendar.
        assert max([start, *weeks]) > date(9999, 12, 20)


@settings(deadline=None)
@given(
    st.lists(st.integers(0, 5) | NUMBERS, min_size=0, max_size=6),
    st.lists(st.dictionaries(TEMPLATE_KEYS, JSON, min_size=3), max_size=2),
    st.dictionaries(
        st.sampled_from(["max_heads", "budget", "under_weight", "over_weight", "time_limit"]),
        NUMBERS | st.none(),
    ),
    st.sampled_from(["cost", "coverage", "speed"]),
)
def test_schedule_shifts(heads, templates, options, objective):
    """schedule_shifts with hostile requirements, templates and caps: documented errors only."""
    pairs = [(NINE + k * timedelta(hours=1), n) for k, n in enumerate(heads)]
    built = [
        ShiftTemplate(name="one", length=timedelta(hours=2), starts=[(time(9), time(12))], cost=2)
    ]
    for data in templates:
        template = _only_documented(ShiftTemplate.from_dict, data)
        if template is not None:
            built.append(template)
    if "time_limit" in options:
        options["time_limit"] = 5.0 if options["time_limit"] is None else options["time_limit"]
    _only_documented(
        schedule_shifts,
        pairs,
        built,
        interval=timedelta(hours=1),
        objective=objective,
        **options,
    )


@settings(deadline=None, max_examples=30)
@given(
    st.lists(st.integers(0, 6), min_size=1, max_size=8),
    st.integers(1, 4),
    st.integers(0, 23),
    st.booleans(),
    st.none() | st.integers(0, 5),
)
def test_schedule_shifts_with_breaks_never_crashes(heads, length, first, paid, cap):
    """Valid but tight problems: an answer or an InfeasibleError, never anything else."""
    breaks = []
    if length >= 3:
        breaks = [
            Break(
                length=timedelta(hours=1),
                earliest=timedelta(hours=1),
                latest=timedelta(hours=length - 2),
                paid=paid,
            )
        ]
    template = ShiftTemplate(
        name="t", length=timedelta(hours=length), starts=[(time(first), time(first))], breaks=breaks
    )
    pairs = [(NINE + k * timedelta(hours=1), n) for k, n in enumerate(heads)]
    plan = _only_documented(
        schedule_shifts, pairs, [template], interval=timedelta(hours=1), max_heads=cap
    )
    if plan is not None and plan.covered:
        assert all(r.scheduled >= r.required for r in plan.coverage)


PERSON_KEYS = st.sampled_from(
    [
        "name",
        "timezone",
        "hours",
        "contracted_hours",
        "days_off",
        "prefers",
        "avoids",
        "inconvenient_so_far",
    ]
)


@given(st.dictionaries(PERSON_KEYS, JSON) | JSON)
def test_person_from_dict(data):
    """Person.from_dict on any JSON gives a person or a documented error."""
    _only_documented(Person.from_dict, data)


@settings(deadline=None, max_examples=30)
@given(
    st.lists(st.dictionaries(PERSON_KEYS, JSON), max_size=3),
    st.lists(st.integers(1, 3), min_size=1, max_size=4),
    st.dictionaries(
        st.sampled_from(["min_rest", "time_limit", "inconvenient"]),
        st.one_of(
            NUMBERS,
            st.none(),
            st.text(max_size=4),
            st.lists(st.text(max_size=4), max_size=2),
            st.sampled_from([timedelta(hours=-1), timedelta(hours=11), timedelta(days=30)]),
        ),
    ),
)
def test_assign_shifts(people, heads, options):
    """assign_shifts with hostile people and options: a roster or a documented error."""
    built = [
        Person.from_dict({"name": "base", "timezone": "UTC", "hours": {"mon-sun": ["00:00-24:00"]}})
    ]
    for index, data in enumerate(people):
        item = _only_documented(Person.from_dict, {**data, "name": f"p{index}"})
        if item is not None:
            built.append(item)
    shifts = [
        ScheduledShift(
            template="t",
            start=NINE + k * timedelta(hours=12),
            end=NINE + k * timedelta(hours=12) + timedelta(hours=8),
            heads=n,
            breaks=(),
            cost=8.0 * n,
        )
        for k, n in enumerate(heads)
    ]
    roster = _only_documented(assign_shifts, shifts, built, **options)
    if roster is not None:
        assert sum(heads) == len(roster.assignments)
