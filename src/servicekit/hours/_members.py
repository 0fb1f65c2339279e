"""Team members of an office-hours plan, and their open time as UTC ranges (private).

A member's ``availability`` (and optional ``preferred`` hours) are weekly wall-clock
hours in the member's zone, written in the hour syntax of :mod:`servicekit.hours._spec`,
or any calendar object with ``timezone`` and ``intervals(start, end)`` (such as a
``BusinessCalendar``, whose holidays and overrides then apply).

Membership follows the calendar semantics of DESIGN.md: an instant is available iff
its local wall-clock reading falls in an interval of that local date. On a DST change
day this is exact: a wall-clock interval inside a spring-forward gap has no time, and
one inside a fall-back fold is available on both passes. Weekly hours are mapped to
UTC by the business calendar's own mechanism (:mod:`servicekit.hours._compile`), so
a member's hours and a ``BusinessCalendar`` with the same hours agree to the second.
"""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from typing import Any, TypeAlias

import attrs

from servicekit._time import SECONDS_PER_DAY, UTC, ZoneInfo, as_zone, zone_key
from servicekit.exceptions import ConfigError
from servicekit.hours._algebra import calendar_from_dict
from servicekit.hours._calendar import Hours
from servicekit.hours._compile import Intervals, Segments, map_wall, merge, window_segments
from servicekit.hours._spec import Weekly, format_weekly, parse_weekly

__all__ = ["Member", "MemberHours", "Ranges", "utc_ranges", "week_ranges"]

#: Sorted, disjoint, non-touching ``[start, end)`` ranges in UTC epoch seconds.
Ranges: TypeAlias = list[tuple[int, int]]


MemberHours: TypeAlias = "Weekly | Hours"

_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday (Monday is 0)
_WEEK = 7 * SECONDS_PER_DAY


def _is_weekly(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 7
        and all(isinstance(day, tuple) for day in value)
    )


def to_hours(value: object, path: str) -> MemberHours:
    """Turn a spec mapping, ``"24/7"``, a parsed ``Weekly`` or a calendar into hours.

    Raises:
        ConfigError: a malformed spec.
        TypeError: not hours at all.
    """
    if isinstance(value, (str, Mapping)):
        return parse_weekly(value, path)
    if _is_weekly(value):
        invalid = ConfigError(f"{value!r} is not a valid parsed week", path)
        try:
            parsed = parse_weekly(format_weekly(value), path)  # type: ignore[arg-type]
        except ConfigError:
            raise invalid from None
        if parsed != value:
            raise invalid
        return parsed
    if isinstance(value, Hours):
        return value
    raise TypeError(
        f"{path} must be weekly hours like {{'mon-fri': ['09:00-17:00']}} or a "
        f"BusinessCalendar, got {type(value).__name__}"
    )


def _to_optional_hours(value: object) -> MemberHours | None:
    return None if value is None else to_hours(value, "preferred")


def _to_availability(value: object) -> MemberHours:
    return to_hours(value, "availability")


def _check_weight(_instance: object, _attribute: object, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"weight must be a number, got {type(value).__name__}")
    if not (value > 0 and _finite(value)):
        # a huge int has no affordable repr (Python refuses ints of over 4300 digits)
        if isinstance(value, int) and value.bit_length() > 64:
            shown = f"an int of {value.bit_length()} bits"
        else:
            shown = repr(value)
        raise ConfigError(
            f"weight must be a positive number of at most {sys.float_info.max!r}, got {shown}",
            "weight",
        )


def _finite(value: float) -> bool:
    """Whether ``value`` is a finite float or an int that a float can hold."""
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond the float range
        return False


def _check_locale(_instance: object, _attribute: object, value: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"locale must be a string like 'de-AT', got {type(value).__name__}")


def _hours_to_dict(hours: MemberHours) -> object:
    if isinstance(hours, tuple):
        return format_weekly(hours)
    return hours.to_dict()


#: Keys that mark a calendar dict (``BusinessCalendar`` or a combination), as opposed
#: to a weekly-hours spec, whose keys are weekdays.
_CALENDAR_KEYS = frozenset({"timezone", "hours", "union", "intersection", "difference"})


def _hours_from_dict(value: object, path: str) -> MemberHours:
    """Hours from data: a spec mapping, ``"24/7"`` or a calendar mapping.

    Data of any other shape (a list, a number, ``false``) is a ConfigError naming the
    path and the value; unlike :func:`to_hours`, whose ``TypeError`` is for Python
    objects of the wrong type passed to the constructor.
    """
    if not isinstance(value, (str, Mapping)):
        raise ConfigError(
            f"expected weekly hours like {{'mon-fri': ['09:00-17:00']}}, '24/7' or a "
            f"calendar mapping, got {value!r}",
            path,
        )
    if isinstance(value, Mapping) and _CALENDAR_KEYS & set(value):
        return calendar_from_dict(value, path)
    return to_hours(value, path)


@attrs.frozen
class Member:
    """A member of a team that meets in office hours.

    Args:
        name: how the member is called (personal data: left out of ``repr``).
        timezone: the member's IANA zone.
        availability: weekly local hours in which the member can attend, in the hour
            syntax of ``BusinessCalendar`` (``{"mon-fri": ["18:00-22:00"]}``), or a
            ``BusinessCalendar`` (its own zone then applies).
        preferred: hours the member prefers, in the same forms; ``None`` means every
            available hour is equally fine.
        locale: the member's locale for messages (unknown locales fall back to English).
        weight: how much the member counts when slots are ranked (default 1): a
            positive int or float of at most ``sys.float_info.max``. The planner reads
            a float as the decimal it prints as (``0.1`` is exactly one tenth).

    Raises:
        ConfigError: a malformed hours spec, or a weight that is not positive, is
            ``nan``/``inf`` or lies beyond the float range (such as ``10**400``).
        UnknownTimeZoneError: ``timezone`` is not an IANA zone.
        TypeError: a value of the wrong type.

    Example:
        >>> ana = Member("Ana", "America/Sao_Paulo", {"mon-fri": ["12:00-22:00"]})
        >>> "Ana" in repr(ana)  # names are personal data
        False
        >>> Member.from_dict(ana.to_dict()) == ana
        True
    """

    name: str = attrs.field(repr=False, validator=attrs.validators.instance_of(str))
    timezone: ZoneInfo = attrs.field(eq=zone_key, converter=as_zone)
    availability: MemberHours = attrs.field(converter=_to_availability)
    preferred: MemberHours | None = attrs.field(
        default=None, kw_only=True, converter=_to_optional_hours
    )
    locale: str = attrs.field(default="en", kw_only=True, validator=_check_locale)
    weight: float = attrs.field(default=1.0, kw_only=True, validator=_check_weight)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON types that :meth:`from_dict` reads back.

        Example:
            >>> Member("Li", "Asia/Kolkata", {"sat": ["09:00-12:00"]}).to_dict()["availability"]
            {'sat': ['09:00-12:00']}
        """
        out: dict[str, Any] = {
            "name": self.name,
            "timezone": self.timezone.key,
            "availability": _hours_to_dict(self.availability),
        }
        if self.preferred is not None:
            out["preferred"] = _hours_to_dict(self.preferred)
        out["locale"] = self.locale
        out["weight"] = self.weight
        return out

    @classmethod
    def from_dict(cls, data: object, path: str = "member") -> Member:
        """Build a member from :meth:`to_dict` output.

        ``preferred`` may be missing or ``null`` (no preference); ``availability`` and
        ``preferred`` are otherwise an hours mapping, ``"24/7"`` or a calendar mapping:
        a list (even an empty one) or a number is the wrong shape.

        Raises:
            ConfigError: a missing or malformed field, with its path and value.

        Example:
            >>> Member.from_dict({"name": "Li", "timezone": "Asia/Kolkata"})
            Traceback (most recent call last):
            ...
            servicekit.exceptions.ConfigError: member.availability: missing; ...
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {data!r}", path)
        unknown = set(data) - {"name", "timezone", "availability", "preferred", "locale", "weight"}
        if unknown:
            raise ConfigError(f"unknown keys {sorted(unknown)!r}", path)
        for key in ("name", "timezone", "availability"):
            if key not in data:
                raise ConfigError(f"missing; give the member's {key}", f"{path}.{key}")
        name = data["name"]
        if not isinstance(name, str):
            raise ConfigError(f"expected a string, got {name!r}", f"{path}.name")
        tz = data["timezone"]
        if not isinstance(tz, str):
            raise ConfigError(f"expected an IANA zone name, got {tz!r}", f"{path}.timezone")
        availability = _hours_from_dict(data["availability"], f"{path}.availability")
        preferred_raw = data.get("preferred")
        preferred = (
            None if preferred_raw is None else _hours_from_dict(preferred_raw, f"{path}.preferred")
        )
        locale = data.get("locale", "en")
        if not isinstance(locale, str):
            raise ConfigError(f"expected a locale string, got {locale!r}", f"{path}.locale")
        weight = data.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)):
            raise ConfigError(f"expected a number, got {weight!r}", f"{path}.weight")
        try:
            _check_weight(None, None, weight)  # before float(), which overflows on 10**400
            return cls(
                name,
                as_zone(tz, f"{path}.timezone"),
                availability,
                preferred=preferred,
                locale=locale,
                weight=float(weight),
            )
        except ConfigError as err:
            raise ConfigError(err.msg, f"{path}.{err.path}") from None


# --------------------------------------------------------------------- UTC ranges


def _pairs(intervals: Intervals) -> Ranges:
    starts, ends = intervals
    return list(zip(starts, ends, strict=True))


@functools.lru_cache(maxsize=4096)
def week_ranges(week: Weekly) -> Ranges:
    """Open wall-clock ranges of a week, in seconds from Monday 00:00, merged.

    Copies of the week before and of the two weeks after are included, so that any
    stretch starting in the week (``0 <= start < 604800``) and ending within the next
    week can be checked, also one starting inside Sunday night's overnight interval.

    Example:
        >>> week = parse_weekly({"sun": ["22:00-02:00"], "mon": ["02:00-03:00"]})
        >>> [r for r in week_ranges(week) if r[0] <= 6 * 86400 + 23 * 3600 < r[1]]
        [(597600, 615600)]
        >>> [r for r in week_ranges(week) if r[0] <= 3600 < r[1]]
        [(-7200, 10800)]
    """
    flat = [
        edge
        for shift in (-_WEEK, 0, _WEEK, 2 * _WEEK)
        for day in range(7)
        for opens, closes in week[day]
        for edge in (shift + day * SECONDS_PER_DAY + opens, shift + day * SECONDS_PER_DAY + closes)
    ]
    # every copy lies within [-1 week, 3 weeks + 2 days): clipping to 4 weeks keeps all
    return _pairs(merge(flat, -_WEEK, 4 * _WEEK))


def utc_ranges(
    hours: MemberHours,
    zone: tzinfo,
    start: int,
    end: int,
    *,
    segments: Segments | None = None,
) -> Ranges:
    """Return the open time of ``hours`` within ``[start, end)`` as UTC epoch ranges.

    Weekly hours are read in ``zone`` with the business calendar's mapping of wall
    clock to UTC (:func:`~servicekit.hours._compile.map_wall`); a calendar uses its own
    zone and intervals. ``segments`` may pass
    :func:`~servicekit.hours._compile.window_segments` of ``zone`` over the same range,
    computed once for many hours in one zone.

    Example:
        >>> from servicekit._time import zone
        >>> from servicekit.hours._spec import parse_weekly
        >>> day = 1774742400  # 2026-03-29 00:00 UTC, Berlin springs forward at 01:00 UTC
        >>> week = parse_weekly({"sun": ["01:00-05:00"]})
        >>> [
        ...     (b - a) / 3600
        ...     for a, b in utc_ranges(week, zone("Europe/Berlin"), day - 86400, day + 86400)
        ... ]
        [3.0]
    """
    flat: list[int] = []
    if isinstance(hours, tuple):
        if segments is None:
            segments = window_segments(zone, start, end)
        offsets = segments[1]
        # local dates whose intervals (each ending < 2 days after its midnight) can
        # reach a local reading of [start, end)
        first_day = (start + min(offsets)) // SECONDS_PER_DAY - 1
        last_day = (end + max(offsets)) // SECONDS_PER_DAY
        for day in range(first_day, last_day + 1):
            base = day * SECONDS_PER_DAY
            for opens, closes in hours[(day + _EPOCH_WEEKDAY) % 7]:
                map_wall(base + opens, base + closes, segments, flat)
    else:
        lo_dt = datetime.fromtimestamp(start, UTC)
        hi_dt = datetime.fromtimestamp(end, UTC)
        for a, b in hours.intervals(lo_dt, hi_dt):
            flat.append(math.ceil(a.timestamp()))
            flat.append(math.floor(b.timestamp()))
    return _pairs(merge(flat, start, end))


def contains(ranges: Ranges, start: int, end: int) -> bool:
    """Whether one range of ``ranges`` holds all of ``[start, end)``."""
    return any(a <= start and end <= b for a, b in ranges)


def longest(ranges: Ranges) -> timedelta:
    """The longest range, as elapsed time."""
    return timedelta(seconds=max((b - a for a, b in ranges), default=0))
