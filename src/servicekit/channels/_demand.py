"""Demand: how many contacts arrive, when, and when the team is there (private).

Time inside a period is a grid of 15-minute steps. Each step knows the share of it the
team is staffed (from a :class:`~servicekit.hours.BusinessCalendar` or from a number of
staffed hours per period) and the share of the period's contacts that arrive in it
(from an optional hourly profile).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from numbers import Real
from typing import Any

import attrs

from servicekit._fields import as_tuple
from servicekit._time import format_duration, parse_duration, parse_instant, require_aware
from servicekit.channels._queueing import shown
from servicekit.exceptions import ConfigError, NoBusinessTimeError
from servicekit.hours import MAX_YEAR, MIN_YEAR, Hours, calendar_from_dict

__all__ = ["MAX_CONTACTS", "MAX_PERIOD", "STEP_SECONDS", "Demand"]

#: The grid step of a period, in seconds.
STEP_SECONDS = 900
_STEPS_PER_HOUR = 4
_WEEK = timedelta(days=7)
#: The years a period with a calendar may lie in (a year inside the calendars' own).
_FIRST_YEAR = MIN_YEAR + 1
_LAST_YEAR = MAX_YEAR - 1
#: Without a calendar, a full-time week of 40 staffed hours (assumption: the common
#: full-time week; pass ``staffed_hours`` or a calendar for yours).
_DEFAULT_WEEKLY_HOURS = 40.0
#: Without a calendar, staffed hours start at 09:00 on weekdays (assumption).
_DEFAULT_OPENING_HOUR = 9.0
#: The longest period: the channel models work on a grid of 15-minute steps over the
#: whole period (35,136 steps for 366 days), so its length bounds their time and memory.
MAX_PERIOD = timedelta(days=366)
#: The most contacts in a period (a trillion); more are refused.
MAX_CONTACTS = 1e12
_KEYS = frozenset({"contacts", "period", "staffed_hours", "calendar", "start", "profile"})


def _float(value: Real) -> float:
    """``float(value)``, with ``inf`` for an int beyond the doubles (``10**400``)."""
    try:
        return float(value)
    except OverflowError:
        return -math.inf if value < 0 else math.inf


def _positive_number(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{field} must be a number, got {type(value).__name__}")
    number = _float(value)
    if not (number > 0 and math.isfinite(number)):
        raise ConfigError(f"must be a positive number, got {shown(value)}", field)
    return number


def _check_contacts(_: object, attribute: attrs.Attribute[float], value: object) -> None:
    if _positive_number(value, attribute.name) > MAX_CONTACTS:
        raise ConfigError(
            f"must be at most {MAX_CONTACTS:.0e} contacts per period, got {shown(value)}",
            attribute.name,
        )


def _to_profile(value: Sequence[float]) -> tuple[float, ...]:
    return as_tuple(value, "profile", "a list of relative weights, one per hour")


@attrs.frozen(kw_only=True)
class Demand:
    """Contacts arriving in a period, and the hours the team is staffed.

    Live channels (phone, chat) serve contacts while staffed; contacts arriving while
    closed go elsewhere, so their share follows the profile over the staffed time only.
    Written channels (email, tickets, forum) receive contacts around the clock and work
    them during staffed time.

    Attributes:
        contacts: contacts per ``period`` (all channels together), ``> 0`` and at most
            :data:`MAX_CONTACTS` (1e12).
        period: the period, a whole number of 15-minute steps; one week by default,
            at most :data:`MAX_PERIOD` (366 days: the channel models' time and memory
            grow with the number of steps).
        staffed_hours: hours per period the team is at work, when no ``calendar`` is
            given; default 40 per week (assumption: a full-time week), laid out Monday
            to Friday from 09:00 (assumption) when the period is whole weeks, else
            spread evenly over the days.
        calendar: staffed hours as a :class:`~servicekit.hours.BusinessCalendar` (or
            any calendar); needs ``start``.
        start: the aware instant the period starts at (with a ``calendar``); the
            period must lie within the years 0003-9996.
        profile: optional hourly weights of arrivals, cycled over the period's hours
            from ``start`` (24 numbers for a day, 168 for a week, Monday 00:00 first
            when there is no ``start``); uniform when empty.

    Example:
        >>> d = Demand(contacts=400, staffed_hours=40)
        >>> round(sum(d.open_share()) / 4, 6)  # staffed hours in the week
        40.0
    """

    contacts: float = attrs.field(validator=_check_contacts)
    period: timedelta = attrs.field(default=_WEEK)
    staffed_hours: float | None = None
    calendar: Hours | None = attrs.field(default=None, repr=False)
    start: datetime | None = None
    profile: tuple[float, ...] = attrs.field(default=(), converter=_to_profile)

    @profile.validator
    def _check_profile(
        self, _: attrs.Attribute[tuple[float, ...]], value: tuple[float, ...]
    ) -> None:
        items: tuple[object, ...] = value
        for index, weight in enumerate(items):
            if isinstance(weight, bool) or not isinstance(weight, Real):
                raise TypeError(f"profile[{index}] must be a number, got {weight!r}")
            number = _float(weight)
            if not (number >= 0 and math.isfinite(number)):
                raise ConfigError(f"must be 0 or more, got {shown(weight)}", f"profile[{index}]")
        if value and not any(value):
            raise ConfigError("needs at least one positive weight", "profile")

    @period.validator
    def _check_period(self, _: attrs.Attribute[timedelta], value: timedelta) -> None:
        if not isinstance(value, timedelta):
            raise TypeError(f"period must be a timedelta, got {type(value).__name__}")
        seconds = value.total_seconds()
        if seconds <= 0 or seconds % STEP_SECONDS:
            raise ConfigError(
                f"must be a positive whole number of 15-minute steps, got {value!r}", "period"
            )
        if value > MAX_PERIOD:
            raise ConfigError(
                f"must be at most {format_duration(MAX_PERIOD)} (366 days), got "
                f"{format_duration(value)}; give the contacts of a shorter period",
                "period",
            )

    def __attrs_post_init__(self) -> None:
        if self.calendar is not None:
            if not isinstance(self.calendar, Hours):
                raise TypeError(
                    f"calendar must be a business calendar, got {type(self.calendar).__name__}"
                )
            if self.staffed_hours is not None:
                raise ConfigError(
                    "give either staffed_hours or a calendar, not both", "staffed_hours"
                )
            if self.start is None:
                raise ConfigError(
                    "a calendar needs the start of the period, e.g. "
                    "start=datetime(2026, 3, 2, tzinfo=calendar.zone)",
                    "start",
                )
        if self.start is not None:
            require_aware(self.start, "start")
            self._check_years(self.start)
        if self.staffed_hours is not None:
            hours = _positive_number(self.staffed_hours, "staffed_hours")
            if hours > self.period.total_seconds() / 3600:
                raise ConfigError(
                    f"more staffed hours than the period has, got {shown(self.staffed_hours)}",
                    "staffed_hours",
                )

    def _check_years(self, start: datetime) -> None:
        """Refuse a period outside the years 0003-9996 (in UTC).

        That is a year inside those business calendars support (0002-9997), as a
        calendar also reads the year around the period.
        """
        try:
            first = start.astimezone(timezone.utc)
            years = (first.year, (first + self.period).year)
        except OverflowError:  # beyond the years of datetime itself
            years = (0, 0)
        if not (years[0] >= _FIRST_YEAR and years[1] <= _LAST_YEAR):
            raise ConfigError(
                f"the period from {start.isoformat()} must lie within the years "
                f"{_FIRST_YEAR:04d}-{_LAST_YEAR}",
                "start",
            )

    # ------------------------------------------------------------------ grid
    @property
    def steps(self) -> int:
        """The number of 15-minute steps in the period."""
        return int(self.period.total_seconds()) // STEP_SECONDS

    def open_share(self) -> list[float]:
        """Return, per 15-minute step, the share of it the team is staffed.

        Raises:
            NoBusinessTimeError: the calendar has no open time in the period.

        Example:
            >>> d = Demand(contacts=10, period=timedelta(days=1), staffed_hours=1)
            >>> [s for s in d.open_share() if s]
            [1.0, 1.0, 1.0, 1.0]
        """
        steps = self.steps
        share = [0.0] * steps
        if self.calendar is not None and self.start is not None:
            first = self.start
            for opened, closed in self.calendar.intervals(first, first + self.period):
                a = (opened - first).total_seconds() / STEP_SECONDS
                b = (closed - first).total_seconds() / STEP_SECONDS
                i = math.floor(a)
                while i < b and i < steps:
                    share[i] += min(b, i + 1) - max(a, i)
                    i += 1
            if not any(share):
                raise NoBusinessTimeError(
                    f"the calendar has no open time between {first.isoformat()} and "
                    f"{(first + self.period).isoformat()}; widen the period or its hours"
                )
            return share
        days = self.period.total_seconds() / 86_400
        hours = self.staffed_hours
        if hours is None:
            hours = _DEFAULT_WEEKLY_HOURS * days / 7
        weeks = days / 7
        if weeks.is_integer() and hours / (5 * weeks) <= 24:
            workdays = [d for d in range(round(days)) if d % 7 < 5]
        else:
            workdays = list(range(max(1, math.floor(days))))
        daily = hours / len(workdays)
        opening = min(_DEFAULT_OPENING_HOUR, min(24.0, days * 24) - daily)
        for day in workdays:
            a = (day * 24 + opening) * _STEPS_PER_HOUR
            b = min(steps, a + daily * _STEPS_PER_HOUR)
            i = math.floor(a)
            while i < b:
                share[i] += min(b, i + 1) - max(a, i)
                i += 1
        return share

    def _weights(self) -> list[float]:
        if not self.profile:
            return [1.0] * self.steps
        size = len(self.profile)
        return [self.profile[(i // _STEPS_PER_HOUR) % size] for i in range(self.steps)]

    def arrival_share(self, *, live: bool) -> list[float]:
        """Return, per step, the share of the period's contacts arriving in it.

        Args:
            live: for a live channel, only staffed time receives contacts.

        Raises:
            NoBusinessTimeError: no contacts can arrive in staffed time (a live channel
                whose profile puts every contact in closed hours).

        Example:
            >>> d = Demand(contacts=10, period=timedelta(hours=1), staffed_hours=0.5)
            >>> d.arrival_share(live=True), d.arrival_share(live=False)
            ([0.0, 0.0, 0.5, 0.5], [0.25, 0.25, 0.25, 0.25])
        """
        weights = self._weights()
        if live:
            weights = [w * s for w, s in zip(weights, self.open_share(), strict=True)]
        total = sum(weights)
        if total <= 0:
            raise NoBusinessTimeError(
                "the profile puts every contact outside the staffed hours; a live channel "
                "would get none — staff the busy hours or use a written channel"
            )
        return [w / total for w in weights]

    # ------------------------------------------------------------------ storage
    def to_dict(self) -> dict[str, Any]:
        """Return the demand as plain JSON types.

        Example:
            >>> Demand(contacts=120, staffed_hours=35).to_dict()
            {'contacts': 120.0, 'period': 'P7D', 'staffed_hours': 35.0}
        """
        out: dict[str, Any] = {
            "contacts": float(self.contacts),
            "period": format_duration(self.period),
        }
        if self.staffed_hours is not None:
            out["staffed_hours"] = float(self.staffed_hours)
        if self.calendar is not None:
            out["calendar"] = self.calendar.to_dict()
        if self.start is not None:
            out["start"] = self.start.isoformat()
        if self.profile:
            out["profile"] = [float(w) for w in self.profile]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> Demand:
        """Read a demand written by :meth:`to_dict`.

        Raises:
            ConfigError: naming the path of the first bad field.

        Example:
            >>> d = Demand(contacts=120, staffed_hours=35)
            >>> Demand.from_dict(d.to_dict()) == d
            True
        """
        prefix = f"{path}." if path else ""
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {data!r}", path)
        unknown = sorted(set(data) - _KEYS)
        if unknown:
            raise ConfigError(f"unknown key {unknown[0]!r}", f"{prefix}{unknown[0]}")
        kwargs = _parse_fields(data, prefix)
        try:
            return cls(**kwargs)
        except ConfigError as error:
            raise ConfigError(error.msg, f"{prefix}{error.path}") from None
        except TypeError as error:
            raise type_error_as_config(error, prefix, path or "demand") from None


def _parse_fields(data: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        key: data[key] for key in ("contacts", "staffed_hours") if key in data
    }
    if "period" in data:
        kwargs["period"] = duration_field(data["period"], f"{prefix}period")
    if "calendar" in data:
        kwargs["calendar"] = calendar_from_dict(data["calendar"], f"{prefix}calendar")
    if "start" in data:
        kwargs["start"] = parse_instant(data["start"], f"{prefix}start")
    if "profile" in data:
        profile = data["profile"]
        if not isinstance(profile, (list, tuple)):
            raise ConfigError(f"expected a list of weights, got {profile!r}", f"{prefix}profile")
        kwargs["profile"] = tuple(profile)
    return kwargs


def duration_field(value: object, path: str) -> timedelta:
    """Parse an ISO 8601 duration (one beyond ``timedelta`` is a ConfigError too)."""
    return parse_duration(value, path)


def type_error_as_config(error: TypeError, prefix: str, fallback: str) -> ConfigError:
    """A ConfigError for a value of the wrong type read from a dict, naming its field.

    The validators' TypeErrors start with the field's name (``"contacts must be a
    number, got str"``).
    """
    message = str(error)
    head = message.split(" ", 1)[0]
    field = head if head.replace("_", "a").split("[", 1)[0].isalpha() else ""
    return ConfigError(message, f"{prefix}{field}" if field else fallback)
