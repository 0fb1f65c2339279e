"""Property tests for business calendars: round trips, invariants, a slow reference."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta, timezone
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicekit.hours import BusinessCalendar, calendar_from_dict
from strategies_hours import CHANGE_DAYS, calendar_dicts, calendars, instants_near, reattach

US = timedelta(microseconds=1)
SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def scenario(draw, span_days=3):
    """A calendar, its dated rules and instants all near one DST change day."""
    day = draw(st.sampled_from(CHANGE_DAYS))
    cal = draw(calendars(day))
    return cal, day


def durations_up_to(days=5):
    """Durations up to ``days`` of business time with microseconds."""
    return st.integers(min_value=0, max_value=days * 86_400 * 1_000_000).map(
        lambda us: timedelta(microseconds=us)
    )


def real(start, end):
    """Real time between two instants (never wall-clock subtraction)."""
    return end.astimezone(timezone.utc) - start.astimezone(timezone.utc)


# ---------------------------------------------------------------------- reference
def _rules(cal, day):
    """The spans of a local date, straight from the definition (no compiling)."""
    overrides = dict(cal.overrides)
    if day in overrides:
        spans = list(overrides[day])
    elif day in cal.holidays:
        spans = []
    else:
        spans = list(cal.hours[day.weekday()])
    return spans


def _closed_by_closure(cal, wall):
    closures = dict(cal.closures)
    for d in (wall.date() - timedelta(days=1), wall.date()):
        midnight = datetime(d.year, d.month, d.day)  # noqa: DTZ001 - a wall reading
        for opens, closes in closures.get(d, ()):
            if midnight + timedelta(seconds=opens) <= wall < midnight + timedelta(seconds=closes):
                return True
    return False


def reference_is_open(cal, instant):
    """Membership by definition: the wall reading lies in an interval of some date."""
    wall = instant.astimezone(cal.timezone).replace(tzinfo=None)
    if _closed_by_closure(cal, wall):
        return False
    for d in (wall.date() - timedelta(days=1), wall.date()):
        midnight = datetime(d.year, d.month, d.day)  # noqa: DTZ001 - a wall reading
        for opens, closes in _rules(cal, d):
            if midnight + timedelta(seconds=opens) <= wall < midnight + timedelta(seconds=closes):
                return True
    return False


def reference_elapsed(cal, start, end):
    """Open minutes in [start, end), walking minute by minute (whole-minute inputs)."""
    total = 0
    t = start
    step = timedelta(minutes=1)
    while t < end:
        total += reference_is_open(cal, t)
        t += step
    return timedelta(minutes=total)


class TestReference:
    """Agreement with the minute-stepping reference on small random calendars."""

    @SLOW
    @given(data=st.data())
    def test_is_open_matches_definition(self, data):
        """is_open agrees with membership computed from the wall reading."""
        cal, day = data.draw(scenario())
        for t in data.draw(st.lists(instants_near(day), min_size=1, max_size=20)):
            assert reference_is_open(cal, t) == cal.is_open(t)

    @SLOW
    @given(data=st.data())
    def test_elapsed_matches_minute_walk(self, data):
        """Elapsed agrees with counting open minutes, across DST change nights."""
        cal, day = data.draw(scenario())
        a = data.draw(instants_near(day, 2))
        b = data.draw(instants_near(day, 2))
        a, b = min(a, b), max(a, b)
        assert reference_elapsed(cal, a, b) == cal.elapsed(a, b)

    @SLOW
    @given(data=st.data())
    def test_explain_adds_up(self, data):
        """explain() counts exactly elapsed(), in non-overlapping intervals."""
        cal, day = data.draw(scenario())
        a = data.draw(instants_near(day, 2))
        b = data.draw(instants_near(day, 2))
        got = cal.explain(a, b)
        assert cal.elapsed(a, b) == got.total
        assert abs(got.total) == sum((c.duration for c in got.counted), timedelta(0))
        # Compared in UTC: two datetimes sharing a tzinfo compare by wall reading,
        # which repeats on a fall-back night.
        utc = sorted(
            (c.start.astimezone(timezone.utc), c.end.astimezone(timezone.utc)) for c in got.counted
        )
        assert all(e <= s for (_, e), (s, _) in pairwise(utc))


class TestInvariants:
    """Round trips and algebraic laws of add/subtract/elapsed."""

    @FAST
    @given(data=st.data(), d=durations_up_to())
    def test_add_then_elapsed_round_trips(self, data, d):
        """Measuring back from add() gives the duration that was added."""
        cal, day = data.draw(scenario())
        t = data.draw(instants_near(day)) + data.draw(st.integers(0, 59_999_999)) * US
        r = cal.add(t, d)
        assert d == cal.elapsed(t, r)
        if d:
            assert cal.is_open(r - US)  # earliest: open just before the result
        else:
            assert cal.is_open(r)

    @FAST
    @given(data=st.data(), d=durations_up_to())
    def test_subtract_then_elapsed_round_trips(self, data, d):
        """subtract() goes back exactly d of open time, to an open instant."""
        cal, day = data.draw(scenario())
        t = data.draw(instants_near(day))
        r = cal.subtract(t, d)
        assert d == cal.elapsed(r, t)
        assert r <= t
        if d:
            assert cal.is_open(r)  # latest: open just after the result
            assert cal.add(t, -d) == r

    @FAST
    @given(data=st.data())
    def test_elapsed_is_additive(self, data):
        """Elapsed time is additive: (a, b) + (b, c) == (a, c), in any order."""
        cal, day = data.draw(scenario())
        a, b, c = (data.draw(instants_near(day)) for _ in range(3))
        assert cal.elapsed(a, c) == cal.elapsed(a, b) + cal.elapsed(b, c)
        assert -cal.elapsed(a, b) == cal.elapsed(b, a)

    @FAST
    @given(data=st.data(), d1=durations_up_to(), d2=durations_up_to())
    def test_add_is_monotonic(self, data, d1, d2):
        """Adding is monotonic in the duration and in the start."""
        cal, day = data.draw(scenario())
        t1 = data.draw(instants_near(day))
        t2 = data.draw(instants_near(day))
        t1, t2 = min(t1, t2), max(t1, t2)
        d1, d2 = min(d1, d2), max(d1, d2)
        assert cal.add(t1, d1) <= cal.add(t1, d2)
        assert cal.add(t1, d1) <= cal.add(t2, d1)
        assert cal.subtract(t1, d1) <= cal.subtract(t2, d1)

    @FAST
    @given(data=st.data(), d=durations_up_to(2), other=reattach())
    def test_tzinfo_invariance(self, data, d, other):
        """The answer does not depend on the tzinfo attached to the instant."""
        cal, day = data.draw(scenario())
        t = data.draw(instants_near(day))
        u = t.astimezone(other)
        assert cal.is_open(t) == cal.is_open(u)
        assert cal.add(t, d) == cal.add(u, d)
        assert cal.next_open(t) == cal.next_open(u)
        assert cal.next_close(t) == cal.next_close(u)
        # The end is the same instant read in either zone (``u + d`` would add wall-clock
        # time, which differs across a DST change of ``other``).
        end = t.astimezone(timezone.utc) + d
        assert cal.elapsed(t, end) == cal.elapsed(u, end.astimezone(other))
        assert cal.timezone is cal.add(u, d).tzinfo

    @FAST
    @given(data=st.data())
    def test_next_open_and_close(self, data):
        """next_open is open and nothing before it (from t) is; next_close closes."""
        cal, day = data.draw(scenario())
        t = data.draw(instants_near(day))
        opens = cal.next_open(t)
        assert cal.is_open(opens)
        assert timedelta(0) == cal.elapsed(t, opens)
        closes = cal.next_close(t)
        assert closes > t
        assert not cal.is_open(closes)
        # one microsecond before in real time (wall arithmetic could land in a DST gap)
        assert cal.is_open(closes.astimezone(timezone.utc) - US)
        assert real(max(opens, t), closes) == cal.elapsed(max(opens, t), closes)

    @FAST
    @given(data=st.data())
    def test_intervals_sum_to_elapsed(self, data):
        """intervals() are disjoint, open, and sum to elapsed()."""
        cal, day = data.draw(scenario())
        # compare in UTC: within one zone Python compares by wall clock, fold ignored
        a, b = sorted(data.draw(instants_near(day)).astimezone(timezone.utc) for _ in range(2))
        spans = cal.intervals(a, b)
        assert cal.elapsed(a, b) == sum((real(s, e) for s, e in spans), timedelta(0))
        for s, e in spans:
            assert a <= s.astimezone(timezone.utc) < e.astimezone(timezone.utc) <= b
            assert cal.is_open(s)


class TestRoundTrips:
    """to_dict/from_dict and pickle."""

    @FAST
    @given(calendar_dicts())
    def test_dict_round_trip(self, data):
        """from_dict(to_dict()) is the same calendar; to_dict is stable."""
        cal = BusinessCalendar.from_dict(data)
        again = BusinessCalendar.from_dict(cal.to_dict())
        assert cal == again
        assert cal.to_dict() == again.to_dict()

    @SLOW
    @given(calendars(), calendars())
    def test_pickle_round_trip(self, a, b):
        """Calendars and their combinations pickle by value."""
        for cal in (a, a | b, a & b, a - b):
            assert cal == pickle.loads(pickle.dumps(cal))  # noqa: S301 - our own data
            assert cal == calendar_from_dict(cal.to_dict())


class TestAlgebraProperties:
    """Set algebra agrees with pointwise logic on is_open."""

    @SLOW
    @given(data=st.data())
    def test_pointwise(self, data):
        """|, & and - match or, and, and-not at every instant."""
        day = data.draw(st.sampled_from(CHANGE_DAYS))
        a = data.draw(calendars(day))
        b = data.draw(calendars(day))
        union, both, only = a | b, a & b, a - b
        for t in data.draw(st.lists(instants_near(day), min_size=1, max_size=15)):
            x, y = a.is_open(t), b.is_open(t)
            assert (x or y) == union.is_open(t)
            assert (x and y) == both.is_open(t)
            assert (x and not y) == only.is_open(t)
        s, e = sorted(data.draw(instants_near(day)) for _ in range(2))
        assert a.elapsed(s, e) + b.elapsed(s, e) == union.elapsed(s, e) + both.elapsed(s, e)
        assert a.elapsed(s, e) == only.elapsed(s, e) + both.elapsed(s, e)


def test_change_days_are_change_days():
    """Every date in CHANGE_DAYS really is a DST change in one of the zones."""
    from servicekit._time import zone  # noqa: PLC0415

    zones = [
        zone(k)
        for k in (
            "Europe/Berlin",
            "America/Sao_Paulo",
            "Australia/Lord_Howe",
            "America/Los_Angeles",
        )
    ]
    for day in CHANGE_DAYS:
        noon = datetime(day.year, day.month, day.day, 12)  # noqa: DTZ001 - wall reading
        assert any(
            (noon - timedelta(days=1)).replace(tzinfo=z).utcoffset()
            != (noon + timedelta(days=1)).replace(tzinfo=z).utcoffset()
            for z in zones
        ), day


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


class TestFuzz:
    """Only documented errors escape from_dict, whatever the input."""

    @FAST
    @given(
        st.fixed_dictionaries(
            {},
            optional={
                "timezone": st.sampled_from(["UTC", "Europe/Berlin", "Mars/Base", 3]) | JSONISH,
                "hours": st.sampled_from(
                    ["24/7", {"mon": ["09:00-17:00"]}, {"mon": ["25:00-26:00"]}]
                )
                | JSONISH,
                "holidays": st.sampled_from([["2026-01-01"], {"country": "DE"}, ["soon"]])
                | JSONISH,
                "overrides": st.sampled_from([{"2026-01-01": []}, {"x": 1}]) | JSONISH,
                "closures": JSONISH,
                "union": JSONISH,
            },
        )
    )
    def test_from_dict_raises_only_documented_errors(self, data):
        """Junk gives ConfigError, UnknownTimeZoneError or NoBusinessTimeError."""
        from servicekit.exceptions import (  # noqa: PLC0415
            ConfigError,
            NoBusinessTimeError,
            UnknownTimeZoneError,
        )

        try:
            cal = calendar_from_dict(data)
        except (ConfigError, UnknownTimeZoneError, NoBusinessTimeError):
            return
        assert cal == calendar_from_dict(cal.to_dict())


class TestThreads:
    """Concurrent first queries on one calendar agree with serial answers."""

    def test_concurrent_compiles(self):
        """Threads extending the same cache see consistent arrays."""
        from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

        data = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
        starts = [
            datetime(2020 + i % 9, 1 + i % 12, 1 + i % 28, tzinfo=timezone.utc) for i in range(60)
        ]
        serial = BusinessCalendar.from_dict(data)
        expected = [serial.add(t, timedelta(hours=100)) for t in starts]
        shared = BusinessCalendar.from_dict(data)
        with ThreadPoolExecutor(max_workers=6) as pool:
            got = list(pool.map(lambda t: shared.add(t, timedelta(hours=100)), starts))
        assert expected == got
