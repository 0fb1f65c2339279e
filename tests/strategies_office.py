"""Hypothesis strategies for office hours: members, weekly hours, slots (plural names)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from servicekit._time import format_clock
from servicekit.hours import Availability, Member, OfficeHours
from servicekit.hours._availability import CHANNELS
from servicekit.hours._spec import DAY_KEYS
from strategies import DST_ZONES

QUARTER = 15 * 60


@st.composite
def day_hours(draw: st.DrawFn) -> list[str]:
    """One day's intervals at quarter-hour resolution, possibly overnight, not overlapping."""
    count = draw(st.integers(min_value=1, max_value=2))
    cuts = sorted(
        draw(st.lists(st.integers(0, 95), min_size=2 * count, max_size=2 * count, unique=True))
    )
    spans = [(cuts[2 * i], cuts[2 * i + 1]) for i in range(count)]
    out = [f"{format_clock(a * QUARTER)}-{format_clock(b * QUARTER)}" for a, b in spans]
    if count == 1 and draw(st.booleans()):
        # an overnight interval instead: opens late, closes next morning
        opens = draw(st.integers(72, 95))
        closes = draw(st.integers(1, 32))
        out = [f"{format_clock(opens * QUARTER)}-{format_clock(closes * QUARTER)}"]
    return out


@st.composite
def weekly_hours(draw: st.DrawFn) -> dict[str, list[str]] | str:
    """A weekly-hours spec: a few days with hours, or now and then ``"24/7"``."""
    if draw(st.integers(0, 19)) == 0:
        return "24/7"
    days = draw(st.lists(st.sampled_from(DAY_KEYS), min_size=1, max_size=4, unique=True))
    return {day: draw(day_hours()) for day in days}


@st.composite
def members(draw: st.DrawFn) -> Member:
    """Members in zones with DST gaps, folds, half-hour and 45-minute offsets."""
    preferred = draw(st.none() | weekly_hours())
    return Member(
        draw(st.text(min_size=1, max_size=5)),
        draw(st.sampled_from(DST_ZONES)),
        draw(weekly_hours()),
        preferred=preferred,
        weight=draw(st.sampled_from([0.1, 0.5, 1.0, 2.0, 3.3])),
        locale=draw(st.sampled_from(["en", "de", "it", "ru", "fr"])),
    )


def weeks_of() -> st.SearchStrategy[date]:
    """Dates in 2026-2027, where the interesting DST weeks lie."""
    return st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31))


def office_hours() -> st.SearchStrategy[OfficeHours]:
    """Weekly slots at quarter-hour starts in any of the DST zones."""
    return st.builds(
        OfficeHours,
        st.sampled_from(DST_ZONES),
        st.integers(0, 6),
        st.integers(0, 95).map(lambda q: format_clock(q * QUARTER)),
        st.sampled_from([15, 30, 60, 90, 180]).map(lambda m: timedelta(minutes=m)),
    )


@st.composite
def availabilities(draw: st.DrawFn) -> Availability:
    """Availability statements: hours, some channels in some order, an optional promise."""
    promise = draw(st.sampled_from(["none", "elapsed", "working days"]))
    minutes = draw(st.integers(1, 7 * 24 * 60))
    return Availability(
        draw(st.sampled_from(DST_ZONES)),
        draw(weekly_hours()),
        channels=draw(st.lists(st.sampled_from(sorted(CHANNELS)), unique=True, max_size=5)),
        reply_within=timedelta(minutes=minutes) if promise == "elapsed" else None,
        reply_working_days=draw(st.integers(1, 30)) if promise == "working days" else None,
    )


#: Zones for the planner's reference test: DST in both hemispheres and on different
#: dates, half-hour and 45-minute offsets, Lord Howe's half-hour DST, Casablanca's
#: Ramadan changes, Chatham's +12:45/+13:45, Santiago's midnight changes. Every offset
#: and change of these zones in 2025-2028 lies on a UTC quarter hour (checked by a test).
PLANNER_ZONES = (
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Chicago",
    "America/Santiago",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "Africa/Casablanca",
    "Pacific/Chatham",
)

#: Clock changes of 2026-27 (tzdata as servicekit loads it) in March, April, September,
#: October and November, and Casablanca's of February.
CHANGE_DAYS = (
    date(2026, 2, 15),  # Casablanca, Ramadan
    date(2026, 3, 8),  # United States
    date(2026, 3, 22),  # Casablanca, after Ramadan
    date(2026, 3, 29),  # European Union
    date(2026, 4, 5),  # Australia, Lord Howe, Chatham, Santiago
    date(2026, 9, 6),  # Santiago
    date(2026, 9, 20),  # Casablanca
    date(2026, 9, 27),  # Chatham
    date(2026, 10, 4),  # Australia, Lord Howe
    date(2026, 10, 25),  # European Union
    date(2026, 11, 1),  # United States
    date(2027, 3, 14),  # United States
    date(2027, 3, 28),  # European Union
    date(2027, 4, 4),  # Australia, Lord Howe, Chatham, Santiago
    date(2027, 9, 5),  # Santiago
    date(2027, 9, 26),  # Chatham
    date(2027, 10, 3),  # Australia, Lord Howe
    date(2027, 10, 31),  # European Union
    date(2027, 11, 7),  # United States
)


@st.composite
def planner_members(draw: st.DrawFn) -> Member:
    """Members in :data:`PLANNER_ZONES`, with weights whose float sums are inexact."""
    preferred = draw(st.none() | st.none() | weekly_hours())
    return Member(
        draw(st.text(min_size=1, max_size=3)),
        draw(st.sampled_from(PLANNER_ZONES)),
        draw(weekly_hours()),
        preferred=preferred,
        weight=draw(st.sampled_from([0.1, 0.2, 0.3, 0.7, 1.0, 2, 1.1])),
    )


def change_weeks() -> st.SearchStrategy[date]:
    """Dates from three weeks before to a week after one of :data:`CHANGE_DAYS`."""
    return st.builds(
        lambda day, shift: day + timedelta(days=shift),
        st.sampled_from(CHANGE_DAYS),
        st.integers(-21, 7),
    )
