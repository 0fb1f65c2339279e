"""Calendars that change over time, against a slow reference read from the definition.

The reference finds the rules in force on a local date by walking ``cal.changes`` in
order (no compiling, no arithmetic) and counts open minutes one by one; the
calendar must agree on DST change nights, around change dates (overnight intervals
included), on holidays and half-day holidays, and at exact boundaries. Scalar and
array methods must agree, and long spans counted arithmetically must equal the sum
of short compiled ones.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicekit.hours import BusinessCalendar
from servicekit.hours._spec import DAY_KEYS
from strategies_hours import CHANGE_DAYS, _day, calendar_dicts, dates_near, instants_near

SLOW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
UTC = timezone.utc


# ---------------------------------------------------------------------- strategies
def _hours(draw: st.DrawFn) -> dict[str, list[str]]:
    """Hours."""
    hours = {key: draw(_day()) for key in DAY_KEYS}
    return {k: v for k, v in hours.items() if v} or {"tue": ["08:00-18:00"]}


@st.composite
def changing_dicts(draw: st.DrawFn, around: date | None = None) -> dict:
    """A small calendar near a DST change day with one to three changes near it too."""
    day = around or draw(st.sampled_from(CHANGE_DAYS))
    doc = draw(calendar_dicts(day))
    effective = sorted(set(draw(st.lists(dates_near(day, 3), min_size=1, max_size=3))))
    changes = []
    for i, eff in enumerate(effective):
        until = effective[i + 1] if i + 1 < len(effective) else eff + timedelta(days=9)
        change: dict = {"effective": eff.isoformat()}
        kinds = draw(st.sets(st.sampled_from(["hours", "holidays"]), min_size=1))
        if "hours" in kinds:
            change["hours"] = _hours(draw)
        if "holidays" in kinds:
            span = (until - eff).days
            offsets = draw(st.lists(st.integers(0, span - 1), max_size=2))
            change["holidays"] = sorted({(eff + timedelta(days=n)).isoformat() for n in offsets})
        changes.append(change)
    first_set = next((date.fromisoformat(c["effective"]) for c in changes if "holidays" in c), None)
    if first_set is not None:  # base holidays the first new set replaces would be refused
        doc["holidays"] = [d for d in doc["holidays"] if date.fromisoformat(d) < first_set]
    doc["changes"] = changes
    return doc


def changing(around: date | None = None) -> st.SearchStrategy[BusinessCalendar]:
    """Changing."""
    return changing_dicts(around).map(BusinessCalendar.from_dict)


# ---------------------------------------------------------------------- reference
def rules_on(cal: BusinessCalendar, day: date) -> tuple:
    """The hours, holidays, rules and half-day time in force on ``day``, by definition."""
    hours, holidays, rules, half = cal.hours, cal.holidays, cal.holiday_rules, cal.half_day
    for change in cal.changes:
        if change.effective <= day:
            if change.hours is not None:
                hours = change.hours
            if change.holidays is not None:
                holidays, rules = change.holidays, change.holiday_rules
            if change.half_day is not None:
                half = change.half_day
    return hours, holidays, rules, half


def spans_on(cal: BusinessCalendar, day: date) -> list[tuple[int, int]]:
    """The intervals of a local date, straight from the definition."""
    overrides = dict(cal.overrides)
    if day in overrides:
        return list(overrides[day])
    hours, holidays, rules, half = rules_on(cal, day)
    full, halves = set(holidays), set()
    for rule in rules:
        if half is not None and "half_day" in rule.categories:
            halves |= set(rule.names([day.year], categories=("half_day",)))
            others = tuple(c for c in rule.categories if c != "half_day")
            if others:
                full |= set(rule.names([day.year], categories=others))
        else:
            full |= set(rule.names([day.year]))
    if day in full:
        return []
    spans = list(hours[day.weekday()])
    if day in halves:
        return [(o, min(c, half)) for o, c in spans if o < half]
    return spans


def _wall(d: date, seconds: int) -> datetime:
    """Wall."""
    return datetime(d.year, d.month, d.day) + timedelta(seconds=seconds)  # noqa: DTZ001


def reference_is_open(cal: BusinessCalendar, instant: datetime) -> bool:
    """Reference is open."""
    wall = instant.astimezone(cal.timezone).replace(tzinfo=None)
    closures = dict(cal.closures)
    for d in (wall.date() - timedelta(days=1), wall.date()):
        for opens, closes in closures.get(d, ()):
            if _wall(d, opens) <= wall < _wall(d, closes):
                return False
    for d in (wall.date() - timedelta(days=1), wall.date()):
        for opens, closes in spans_on(cal, d):
            if _wall(d, opens) <= wall < _wall(d, closes):
                return True
    return False


def reference_elapsed(cal: BusinessCalendar, start: datetime, end: datetime) -> timedelta:
    """Reference elapsed."""
    total, t = 0, start
    while t < end:
        total += reference_is_open(cal, t)
        t += timedelta(minutes=1)
    return timedelta(minutes=total)


def reference_add(cal: BusinessCalendar, start: datetime, minutes: int) -> datetime:
    """The instant after ``minutes`` open minutes (whole-minute calendars, ``minutes > 0``)."""
    t = start
    while True:
        if reference_is_open(cal, t):
            minutes -= 1
            if minutes == 0:
                return t + timedelta(minutes=1)
        t += timedelta(minutes=1)


def _us(values: list[datetime]) -> np.ndarray:
    """Us."""
    return np.array([int(v.timestamp()) * 10**6 for v in values], dtype=np.int64).view("M8[us]")


# ---------------------------------------------------------------------- properties
class TestReference:
    """Reference."""

    @SLOW
    @given(data=st.data())
    def test_is_open_matches_definition(self, data):
        """is_open agrees with the rules in force on each date, near DST and changes."""
        day = data.draw(st.sampled_from(CHANGE_DAYS))
        cal = data.draw(changing(day))
        for t in data.draw(st.lists(instants_near(day, 4), min_size=1, max_size=25)):
            assert cal.is_open(t) == reference_is_open(cal, t), t

    @SLOW
    @given(data=st.data())
    def test_elapsed_matches_minute_walk(self, data):
        """Elapsed matches minute walk."""
        day = data.draw(st.sampled_from(CHANGE_DAYS))
        cal = data.draw(changing(day))
        a, b = sorted((data.draw(instants_near(day, 3)), data.draw(instants_near(day, 3))))
        assert cal.elapsed(a, b) == reference_elapsed(cal, a, b)
        assert cal.elapsed(b, a) == -cal.elapsed(a, b)

    @SLOW
    @given(data=st.data())
    def test_add_matches_minute_walk(self, data):
        """Add matches minute walk."""
        day = data.draw(st.sampled_from(CHANGE_DAYS))
        cal = data.draw(changing(day))
        a = data.draw(instants_near(day, 3))
        minutes = data.draw(st.integers(1, 600))
        got = cal.add(a, timedelta(minutes=minutes))
        # Compared as UTC instants: Python never calls an instant in a repeated (fold)
        # hour equal to one in another zone, and add answers in the calendar's zone.
        assert got.astimezone(timezone.utc) == reference_add(cal, a, minutes)

    @SLOW
    @given(data=st.data())
    def test_explain_adds_up(self, data):
        """Explain adds up."""
        day = data.draw(st.sampled_from(CHANGE_DAYS))
        cal = data.draw(changing(day))
        a, b = sorted((data.draw(instants_near(day, 3)), data.draw(instants_near(day, 3))))
        got = cal.explain(a, b)
        assert got.total == cal.elapsed(a, b)
        assert sum((c.duration for c in got.counted), timedelta(0)) == got.total

    @SLOW
    @given(data=st.data())
    def test_arrays_agree_with_scalars(self, data):
        """Arrays agree with scalars."""
        day = data.draw(st.sampled_from(CHANGE_DAYS))
        cal = data.draw(changing(day))
        ts = data.draw(st.lists(instants_near(day, 4), min_size=1, max_size=12))
        us = data.draw(st.lists(instants_near(day, 4), min_size=len(ts), max_size=len(ts)))
        mins = data.draw(st.lists(st.integers(-900, 900), min_size=len(ts), max_size=len(ts)))
        assert cal.is_open_many(_us(ts)).tolist() == [cal.is_open(t) for t in ts]
        got = cal.elapsed_many(_us(ts), _us(us)).tolist()
        assert got == [cal.elapsed(t, u) for t, u in zip(ts, us, strict=True)]
        added = cal.add_many(_us(ts), np.array(mins, dtype="m8[m]")).astype("M8[us]").tolist()
        want = [cal.add(t, timedelta(minutes=m)) for t, m in zip(ts, mins, strict=True)]
        assert added == [w.astimezone(UTC).replace(tzinfo=None) for w in want]

    @SLOW
    @given(doc=changing_dicts())
    def test_round_trip(self, doc):
        """Round trip."""
        cal = BusinessCalendar.from_dict(doc)
        again = BusinessCalendar.from_dict(cal.to_dict())
        assert again == cal
        assert hash(again) == hash(cal)


@st.composite
def yearly_changes(draw: st.DrawFn) -> BusinessCalendar:
    """Changes spread over a decade (arithmetic between them), some with holidays."""
    doc = draw(calendar_dicts(date(2021, 3, 28)))
    years = sorted(set(draw(st.lists(st.integers(2022, 2034), min_size=1, max_size=4))))
    changes = []
    for year in years:
        eff = date(year, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
        change: dict = {"effective": eff.isoformat(), "hours": _hours(draw)}
        if draw(st.booleans()):
            change["holidays"] = [(eff + timedelta(days=draw(st.integers(0, 40)))).isoformat()]
        changes.append(change)
    doc["changes"] = changes
    doc["holidays"] = []
    return BusinessCalendar.from_dict(doc)


def _chunked(cal: BusinessCalendar, a: datetime, b: datetime) -> timedelta:
    """Elapsed as a sum of spans shorter than a year (each one compiled)."""
    total = timedelta(0)
    cut = a
    while cut < b:
        nxt = min(b, datetime(cut.year + 1, 1, 1, tzinfo=UTC))
        total += cal.elapsed(cut, nxt)
        cut = nxt
    return total


class TestLongSpans:
    """Long spans."""

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        cal=yearly_changes(),
        start=st.integers(0, 3 * 365 * 1440),
        length=st.integers(3 * 365 * 1440, 16 * 365 * 1440),
    )
    def test_arithmetic_equals_compiled(self, cal, start, length):
        """Elapsed over years (arithmetic, piece by piece) equals compiled short spans."""
        a = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=start)
        b = a + timedelta(minutes=length)
        assert cal.elapsed(a, b) == _chunked(cal, a, b)
        due = cal.add(a, cal.elapsed(a, b))
        assert _chunked(cal, a, due) == cal.elapsed(a, b)
        assert due <= b
        back = cal.subtract(b, cal.elapsed(a, b))
        assert back >= a
