"""Fuzz the hours pillar: any input returns or raises a documented error.

Hypothesis feeds arbitrary JSON-like values (huge integers, NaN, extreme instants and
durations, nested lists and mappings) to every ``from_dict`` and to the public
functions of :mod:`servicekit.hours`; only :class:`ServicekitError` and ``TypeError``
(a value of the wrong type) may escape.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import paths, replace
from servicekit._time import parse_clock, parse_duration, parse_instant
from servicekit.exceptions import ConfigError, ServicekitError
from servicekit.hours import (
    Availability,
    BusinessCalendar,
    Change,
    CombinedCalendar,
    HolidayRule,
    Member,
    OfficeHours,
    calendar_from_dict,
)
from servicekit.hours._spec import parse_weekly

DOCUMENTED = (ServicekitError, TypeError)
SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

HOSTILE_TEXT = (
    "P99999999999999999999D",
    "PT99999999999999999999H",
    "PT1H",
    "P1D",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "2026-03-29T01:30:00Z",
    "2026-01-01",
    "0001-01-01",
    "9999-12-31",
    "09:00-17:00",
    "22:00-06:00",
    "00:00:01-00:00:02",
    "24/7",
    "mon-fri",
    "sun",
    "Europe/Berlin",
    "Asia/Kathmandu",
    "UTC",
    "../../etc/passwd",
    "DE",
    "NYSE",
    "public",
    "phone",
    "email",
    "",
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 2**63, 0, -1, 86400, 10**20])
    | st.floats()
    | st.sampled_from([float("nan"), float("inf"), -float("inf"), 5e-324, 1e308])
    | st.text(max_size=12)
    | st.sampled_from(HOSTILE_TEXT)
)
KEYS = st.sampled_from(
    (
        "timezone",
        "hours",
        "holidays",
        "overrides",
        "closures",
        "country",
        "market",
        "subdivision",
        "categories",
        "observed",
        "language",
        "name",
        "availability",
        "preferred",
        "locale",
        "weight",
        "channels",
        "reply_within",
        "reply_working_days",
        "host",
        "weekday",
        "start",
        "duration",
        "title",
        "union",
        "intersection",
        "difference",
        "changes",
        "effective",
        "half_day",
        "mon",
        "mon-fri",
        "2026-01-01",
        "9999-12-31",
    )
) | st.text(max_size=6)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=12,
)

ZONES = st.sampled_from(["Europe/Berlin", "Asia/Kathmandu", "America/New_York", "UTC"])
WEEKLY = st.sampled_from(
    [
        "24/7",
        {"mon-fri": ["09:00-17:00"]},
        {"sat": ["22:00-06:00"]},
        {"sun": ["00:00:01-00:00:02"]},
        {},
    ]
)


def _check(call, *args, **kwargs):
    with contextlib.suppress(DOCUMENTED):
        call(*args, **kwargs)


def _try_dict(value, keys):
    """Fill ``value`` with plausible entries so the fuzz gets past the first check."""
    if isinstance(value, dict):
        return value
    return dict(zip(keys, [value] * len(keys), strict=True))


@st.composite
def calendar_dicts(draw):
    """Mostly-valid calendar dicts with one hostile part."""
    data = {"timezone": draw(ZONES | JSON), "hours": draw(WEEKLY | JSON)}
    for key in ("holidays", "overrides", "closures"):
        if draw(st.booleans()):
            data[key] = draw(JSON)
    return data


#: Instants at the edges of what datetime can show, in zones far from UTC.
EDGE_ZONES = st.sampled_from(
    [
        timezone.utc,
        timezone(timedelta(hours=23, minutes=59)),
        timezone(timedelta(hours=-23, minutes=-59)),
    ]
)
#: (year, month, day, hour, minute, second) of wall readings at the edges.
_EDGES = (
    (1, 1, 1, 0, 0, 0),
    (1, 1, 2, 0, 0, 0),
    (2, 1, 1, 0, 0, 0),
    (9997, 12, 31, 23, 0, 0),
    (9998, 1, 1, 0, 0, 0),
    (9999, 12, 31, 23, 59, 59),
    (2026, 3, 29, 1, 30, 0),
)
INSTANTS = st.builds(
    lambda fields, tz: datetime(*fields, tzinfo=tz),
    st.sampled_from(_EDGES)
    | st.tuples(
        st.integers(1, 9999),
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
    ),
    EDGE_ZONES,
)
DURATIONS = st.timedeltas() | st.sampled_from(
    [timedelta.max, timedelta.min, timedelta(0), timedelta(microseconds=1)]
)
CALENDARS = st.sampled_from(
    [
        BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]}),
        BusinessCalendar.always("Asia/Kathmandu"),
        BusinessCalendar("UTC", {"sun": ["00:00:01-00:00:02"]}, holidays=[date(9997, 12, 28)]),
        BusinessCalendar("UTC", {}, overrides={date(2026, 1, 1): ((0, 3600),)}),
        BusinessCalendar("America/New_York", {"mon": ["09:00-10:00"]})
        | BusinessCalendar("Europe/Berlin", {"tue": ["09:00-10:00"]}),
        BusinessCalendar(
            "Asia/Kathmandu",
            {"mon-fri": ["09:00-17:00"]},
            changes=[
                Change(date(1, 1, 1), hours={"sat": ["22:00-06:00"]}),
                Change(date(2026, 3, 1), hours={}, holidays=[date(2026, 3, 2)]),
                Change(date(2027, 1, 1), hours="24/7"),
                Change(date(9999, 12, 31), hours={"sun": ["00:00:01-00:00:02"]}),
            ],
        ),
        BusinessCalendar(
            "Europe/Tallinn",
            {"mon-fri": ["09:00-17:00"]},
            holiday_rules=[HolidayRule(country="EE", categories=("public", "half_day"))],
            half_day="14:00",
            changes=[Change(date(2030, 1, 1), half_day="12:00")],
        ),
    ]
)


class TestFromDict:
    """Every ``from_dict`` (and text parser) on arbitrary JSON."""

    @SLOW
    @given(JSON)
    def test_parsers(self, value):
        """The text parsers of the hours syntax."""
        for parse in (parse_weekly, parse_duration, parse_instant, parse_clock):
            _check(parse, value)

    @SLOW
    @given(JSON | calendar_dicts())
    def test_calendars(self, value):
        """BusinessCalendar, CombinedCalendar and calendar_from_dict."""
        _check(BusinessCalendar.from_dict, value)
        _check(calendar_from_dict, value)
        _check(calendar_from_dict, {"union": [value, {"timezone": "UTC", "hours": "24/7"}]})
        _check(CombinedCalendar.from_dict, value)

    @SLOW
    @given(JSON)
    def test_holiday_rules(self, value):
        """HolidayRule.from_dict, alone and inside a calendar."""
        _check(HolidayRule.from_dict, value)
        _check(BusinessCalendar.from_dict, {"timezone": "UTC", "hours": "24/7", "holidays": value})

    @SLOW
    @given(JSON)
    def test_member(self, value):
        """Member.from_dict."""
        _check(Member.from_dict, value)
        keys = ("name", "timezone", "availability", "weight")
        _check(Member.from_dict, _try_dict(value, keys))
        base = {"name": "A", "timezone": "UTC", "availability": "24/7"}
        for key in ("timezone", "availability", "preferred", "locale", "weight"):
            _check(Member.from_dict, {**base, key: value})

    @SLOW
    @given(JSON)
    def test_availability(self, value):
        """Availability.from_dict."""
        _check(Availability.from_dict, value)
        base = {"timezone": "UTC", "hours": "24/7"}
        for key in ("timezone", "hours", "channels", "reply_within", "reply_working_days"):
            _check(Availability.from_dict, {**base, key: value})

    @SLOW
    @given(JSON)
    def test_office_hours(self, value):
        """OfficeHours.from_dict."""
        _check(OfficeHours.from_dict, value)
        base = {"host": "UTC", "weekday": "tue", "start": "18:00", "duration": "PT1H"}
        for key in ("host", "weekday", "start", "duration", "title"):
            _check(OfficeHours.from_dict, {**base, key: value})


class TestQueries:
    """The public functions with extreme instants and durations."""

    @SLOW
    @given(CALENDARS, INSTANTS, INSTANTS, DURATIONS)
    def test_calendar_queries(self, cal, a, b, d):
        """Every query of a calendar."""
        _check(cal.is_open, a)
        _check(cal.next_open, a)
        _check(cal.next_close, a)
        _check(cal.add, a, d)
        _check(cal.subtract, a, d)
        _check(cal.add, a, d // 10**6)
        _check(cal.subtract, a, d // 10**6)
        if abs(b - a) < timedelta(days=60):
            _check(cal.elapsed, a, b)
            _check(cal.intervals, a, b)
            _check(cal.explain, a, b)
        _check(cal.elapsed, a, b)

    @SLOW
    @given(INSTANTS, INSTANTS, st.sampled_from(["en", "de", "ru"]), ZONES)
    def test_availability_and_office_hours(self, a, b, locale, viewer):
        """Availability.render and the OfficeHours views."""
        host = Availability(
            "Europe/Berlin",
            {"mon-fri": ["18:00-20:00"]},
            channels=["chat"],
            reply_within=timedelta(days=1),
        )
        _check(host.render, locale, viewer, at=a)
        slot = OfficeHours("Asia/Kathmandu", "sun", time(23, 30), timedelta(hours=1))
        _check(slot.occurrence_in_week, a)
        _check(slot.occurrence_on, a.date())
        _check(slot.for_member, viewer, a)
        _check(slot.for_member, Member("A", viewer, "24/7"), a.date())
        if abs(b - a) < timedelta(days=60):
            _check(slot.occurrences, a, b)
            _check(slot.schedule_for, viewer, a, b)
        _check(slot.render, locale, viewer, week_of=a)


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (HolidayRule.from_dict, ({"country": "DE", "categories": ["nope"]},)),
        (HolidayRule.from_dict, ([],)),
        (
            Availability.from_dict,
            ({"timezone": "UTC", "hours": "24/7", "channels": ["phone", ["email"]]},),
        ),
        (
            Availability.from_dict,
            ({"timezone": "UTC", "hours": "24/7", "reply_within": "PT99999999999999999999H"},),
        ),
        (
            OfficeHours.from_dict,
            (
                {
                    "host": "UTC",
                    "weekday": "tue",
                    "start": "18:00",
                    "duration": "PT99999999999999999999H",
                },
            ),
        ),
        (
            Member.from_dict,
            ({"name": "A", "timezone": "UTC", "availability": "24/7", "weight": 10**400},),
        ),
    ],
)
def test_issue_examples_are_config_errors(call, args):
    """The hostile values of issue 14 are ConfigErrors naming the field."""
    with pytest.raises(ServicekitError):
        call(*args)


CHANGING = {
    "timezone": "Europe/Berlin",
    "hours": {"mon-fri": ["09:00-17:00"]},
    "holidays": ["2026-12-25", {"country": "DE"}],
    "half_day": "12:00",
    "changes": [
        {"effective": "2027-03-01", "hours": {"mon-fri": ["08:00-18:00"]}},
        {"effective": "2028-01-01", "holidays": ["2028-05-01"], "half_day": "13:00"},
        {"effective": "2029-01-01", "timezone": "Europe/Berlin", "hours": "24/7"},
    ],
}


class TestCalendarChanges:
    """``changes`` and ``half_day``: from_dict with a hostile value anywhere, Change()."""

    @SLOW
    @given(st.data())
    def test_one_hostile_value_anywhere(self, data):
        """Every place of a valid changing calendar replaced by an arbitrary value."""
        where = data.draw(st.sampled_from(paths(CHANGING)))
        value = data.draw(JSON)
        document = replace(CHANGING, where, value)
        error: ConfigError | None = None
        try:
            BusinessCalendar.from_dict(document)
        except ConfigError as exc:
            error = exc
        except DOCUMENTED:
            pass
        if error is not None:
            assert isinstance(error.path, str)
            grouped = error.problems != (error,)
            for problem in error.problems if grouped else ():
                assert isinstance(problem, ConfigError)
                assert problem.path.startswith("changes")
        _check(calendar_from_dict, {"intersection": [document, document]})

    @SLOW
    @given(JSON, JSON, JSON)
    def test_change_values(self, hours, holidays, half_day):
        """Change() and BusinessCalendar(changes=...) on arbitrary values."""
        _check(Change, date(2027, 1, 1), hours=hours)
        _check(Change, hours, holidays=holidays)
        _check(Change, date(2027, 1, 1), holidays=holidays)
        _check(Change, date(2027, 1, 1), half_day=half_day)
        _check(BusinessCalendar, "UTC", "24/7", half_day=half_day)
        _check(BusinessCalendar, "UTC", "24/7", changes=hours)
        _check(
            BusinessCalendar.from_dict,
            {
                "timezone": "UTC",
                "hours": "24/7",
                "changes": [
                    {
                        "effective": "2027-01-01",
                        **(half_day if isinstance(half_day, dict) else {"hours": half_day}),
                    }
                ],
            },
        )
