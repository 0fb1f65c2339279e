"""Hypothesis strategies, one per public value type (plural names)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from servicekit._time import zone

#: Zones whose rules exercise DST gaps and folds, half-hour offsets and the
#: southern hemisphere.
DST_ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Australia/Lord_Howe",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Europe/Moscow",
    "UTC",
)


def zones() -> st.SearchStrategy:
    """ZoneInfo objects for zones with interesting rules."""
    return st.sampled_from(DST_ZONES).map(zone)


def aware_datetimes(
    min_value: datetime = datetime(2020, 1, 1),  # noqa: DTZ001 - bounds are naive by API
    max_value: datetime = datetime(2030, 12, 31),  # noqa: DTZ001
) -> st.SearchStrategy[datetime]:
    """Aware datetimes in any of :data:`DST_ZONES` or UTC, at whole seconds."""
    return st.datetimes(
        min_value=min_value, max_value=max_value, timezones=st.sampled_from(DST_ZONES).map(zone)
    ).map(lambda d: d.replace(microsecond=0))


def utc_instants() -> st.SearchStrategy[datetime]:
    """Aware UTC datetimes at whole seconds."""
    return st.datetimes(
        min_value=datetime(2020, 1, 1),  # noqa: DTZ001 - bounds are naive by API
        max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    ).map(lambda d: d.replace(microsecond=0, tzinfo=timezone.utc))


def durations(max_days: int = 30) -> st.SearchStrategy[timedelta]:
    """Non-negative durations at whole seconds up to ``max_days``."""
    return st.integers(min_value=0, max_value=max_days * 86_400).map(lambda s: timedelta(seconds=s))
