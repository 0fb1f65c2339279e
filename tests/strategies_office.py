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
