"""Hypothesis strategies for business calendars (servicekit.hours)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import strategies as st

from servicekit._time import zone
from servicekit.hours import BusinessCalendar
from servicekit.hours._spec import DAY_KEYS

#: Zones with DST gaps and folds: a midnight change (Sao Paulo until 2019), a
#: 30-minute change (Lord Howe), both hemispheres; UTC as the plain case.
CALENDAR_ZONES = (
    "Europe/Berlin",
    "America/Sao_Paulo",
    "Australia/Lord_Howe",
    "America/Los_Angeles",
    "UTC",
)

#: DST change nights (local dates) of the zones above, where bugs live.
CHANGE_DAYS = (
    date(2018, 2, 17),  # Sao Paulo fall-back at midnight
    date(2018, 11, 4),  # Sao Paulo spring-forward at midnight
    date(2026, 3, 8),  # Los Angeles spring-forward
    date(2026, 11, 1),  # Los Angeles fall-back
    date(2026, 3, 29),  # Berlin spring-forward
    date(2026, 10, 25),  # Berlin fall-back
    date(2026, 4, 5),  # Lord Howe fall-back (30 min)
    date(2026, 10, 4),  # Lord Howe spring-forward (30 min)
)

_QUARTERS = st.integers(min_value=0, max_value=95).map(lambda q: q * 900)


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


@st.composite
def _day(draw: st.DrawFn, max_items: int = 2) -> list[str]:
    """Up to ``max_items`` non-overlapping intervals of one day (quarter hours)."""
    cuts = sorted(draw(st.sets(st.integers(min_value=0, max_value=96), max_size=2 * max_items)))
    items = []
    for opens, closes in zip(cuts[::2], cuts[1::2], strict=False):
        items.append(f"{_clock(opens * 900)}-{_clock(closes * 900)}")
    if draw(st.booleans()) and (not cuts or cuts[-1] < 92):
        # An overnight interval after the others.
        opens = max(cuts[-1] if cuts else 0, 72) + draw(st.integers(min_value=0, max_value=2))
        length = draw(st.integers(min_value=8, max_value=40))
        closes = (opens + length) % 96
        if closes < opens < 96:
            items.append(f"{_clock(opens * 900)}-{_clock(closes * 900)}")
    return items


def dates_near(day: date, days: int = 4) -> st.SearchStrategy[date]:
    """Dates within ``days`` of ``day``."""
    return st.integers(min_value=-days, max_value=days).map(lambda n: day + timedelta(days=n))


@st.composite
def calendar_dicts(draw: st.DrawFn, around: date | None = None) -> dict:
    """Dict forms of small random calendars, dated rules near ``around``."""
    tz = draw(st.sampled_from(CALENDAR_ZONES))
    around = around or draw(st.sampled_from(CHANGE_DAYS))
    hours = {key: draw(_day()) for key in DAY_KEYS}
    hours = {k: v for k, v in hours.items() if v}
    if not hours:
        hours = {"mon": ["09:00-17:00"]}
    near = dates_near(around)
    holidays = sorted({d.isoformat() for d in draw(st.lists(near, max_size=2))})
    overrides = {d.isoformat(): draw(_day(1)) for d in draw(st.lists(near, max_size=2))}
    closures = {d.isoformat(): draw(_day(1)) for d in draw(st.lists(near, max_size=2))}
    return {
        "timezone": tz,
        "hours": hours,
        "holidays": holidays,
        "overrides": overrides,
        "closures": closures,
    }


def calendars(around: date | None = None) -> st.SearchStrategy[BusinessCalendar]:
    """Small random business calendars in DST zones (see :data:`CALENDAR_ZONES`)."""
    return calendar_dicts(around).map(BusinessCalendar.from_dict)


def instants_near(day: date, days: int = 3) -> st.SearchStrategy[datetime]:
    """Aware UTC instants at whole minutes within ``days`` of ``day``'s midnight UTC."""
    base = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return st.integers(min_value=-days * 1440, max_value=days * 1440).map(
        lambda m: base + timedelta(minutes=m)
    )


def reattach() -> st.SearchStrategy[object]:
    """Zones to re-express an instant in (tzinfo invariance)."""
    return st.sampled_from(
        [timezone.utc, timezone(timedelta(hours=-7)), zone("Asia/Kathmandu"), zone("Europe/Berlin")]
    )
