"""A published weekly office-hours slot, its occurrences and each member's view (private).

Slot semantics (DESIGN.md, "hours — office hours and availability"):

- a recurring slot repeats at the same **wall-clock time in the host's zone**;
- its length is **elapsed time**: ``end = start + duration`` on the timeline;
- a start that falls in a DST gap moves forward by the length of the gap, and one that
  falls in a fold takes the first occurrence. This is the "compatible" rule of
  RFC 5545 (section 3.3.5) and of Temporal/whenever; :mod:`zoneinfo` implements it
  with ``fold=0``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal

import attrs

from servicekit._time import (
    SECONDS_PER_DAY,
    UTC,
    ZoneInfo,
    as_zone,
    format_clock,
    format_duration,
    parse_clock,
    parse_duration,
    zone_key,
)
from servicekit.exceptions import ConfigError
from servicekit.hours._compile import supported_day, supported_instant
from servicekit.hours._members import Member, contains, utc_ranges
from servicekit.hours._spec import DAY_KEYS
from servicekit.i18n import N_, LocaleLike, translate

if TYPE_CHECKING:
    from servicekit.typing import ZoneLike

__all__ = ["MemberTime", "Occurrence", "OfficeHours", "SlotStatus", "resolve_wall", "week_start"]

SlotStatus = Literal["unique", "gap", "fold"]
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_MAX_DURATION = timedelta(days=1)
_TITLE = N_("Office hours")
_TITLED = N_("{title}: {when}")


#: The longest span whose weekly occurrences are listed at once (one a week).
MAX_OCCURRENCE_YEARS = 100
_MAX_OCCURRENCE_US = MAX_OCCURRENCE_YEARS * 366 * 86_400 * 1_000_000


def resolve_wall(day: date, clock: time, tz: ZoneInfo) -> tuple[datetime, SlotStatus]:
    """Resolve a wall-clock time on a local date to an instant, RFC 5545 style.

    Returns:
        The aware instant in ``tz`` and whether the wall time was ``unique``, fell in a
        ``gap`` (moved forward by the gap) or in a ``fold`` (first occurrence taken).

    Example:
        >>> from servicekit._time import zone
        >>> at, status = resolve_wall(date(2026, 3, 29), time(2, 30), zone("Europe/Berlin"))
        >>> at.isoformat(), status
        ('2026-03-29T03:30:00+02:00', 'gap')
    """
    naive = datetime.combine(day, clock)
    first = naive.replace(tzinfo=tz)
    instant = first.astimezone(UTC).astimezone(tz)
    if instant.replace(tzinfo=None) != naive:
        return instant, "gap"
    if first.utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset():
        return instant, "fold"
    return instant, "unique"


def week_start(value: date | datetime, tz: ZoneInfo, field: str = "week_of") -> date:
    """Return the Monday of the local week in ``tz`` that holds ``value``.

    A ``date`` is read as a local date; a datetime must be aware.

    Raises:
        NaiveDatetimeError: a naive datetime.
        TypeError: neither a date nor a datetime.
        ConfigError: outside the supported years 0002-9997.
    """
    if isinstance(value, datetime):
        supported_instant(value, field)
        local = value.astimezone(tz).date()
    elif isinstance(value, date):
        local = value
    else:
        raise TypeError(f"{field} must be a date or an aware datetime, got {type(value).__name__}")
    return supported_day(local, field) - timedelta(days=local.weekday())


def _to_weekday(value: object) -> int:
    if isinstance(value, bool):
        raise TypeError("weekday must be 0..6 (Monday is 0) or a key like 'tue'")
    if isinstance(value, int):
        if 0 <= value <= 6:
            return value
        raise ConfigError(f"weekday must be 0 (Monday) to 6 (Sunday), got {value!r}", "weekday")
    if isinstance(value, str):
        key = value.strip().lower()
        if key in DAY_KEYS:
            return DAY_KEYS.index(key)
        if key.upper() in _BYDAY:
            return _BYDAY.index(key.upper())
        raise ConfigError(
            f"{value!r} is not a weekday; use mon..sun, MO..SU or 0..6 (Monday is 0)", "weekday"
        )
    raise TypeError(f"weekday must be 0..6 (Monday is 0) or a key like 'tue', got {value!r}")


def _to_clock(value: object) -> time:
    if isinstance(value, str):
        seconds = parse_clock(value, "start")
        if seconds >= SECONDS_PER_DAY:
            raise ConfigError(f"{value!r} is not a start time; use 00:00 on the next day", "start")
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise ConfigError(
                f"start must be a wall-clock time without tzinfo, got {value!r}; "
                "the zone is the host's",
                "start",
            )
        return value
    raise TypeError(f"start must be a time or 'HH:MM', got {type(value).__name__}")


def _to_duration(value: object) -> timedelta:
    if isinstance(value, str):
        value = parse_duration(value, "duration")
    if not isinstance(value, timedelta):
        raise TypeError(f"duration must be a timedelta, got {type(value).__name__}")
    if not timedelta(0) < value <= _MAX_DURATION:
        raise ConfigError(
            f"duration must be more than 0 and at most 1 day, got {format_duration(value)!r}",
            "duration",
        )
    return value


def _to_host(value: object) -> ZoneInfo:
    if isinstance(value, Member):
        return value.timezone
    return as_zone(value, "host")  # type: ignore[arg-type]


@attrs.frozen
class Occurrence:
    """One occurrence of a recurring slot.

    Attributes:
        start: the start, in the host's zone.
        end: ``start`` plus the duration of elapsed time, in the host's zone.
        status: ``unique``, ``gap`` (the wall time did not exist that day and the start
            moved forward by the gap) or ``fold`` (it existed twice; the first is used).

    Python subtracts and compares two datetimes of the same zone by wall clock, so on a
    DST change day ``end - start`` is not the elapsed length; convert to UTC first.
    """

    start: datetime
    end: datetime
    status: SlotStatus


@attrs.frozen
class MemberTime:
    """An occurrence as one member (or viewer) sees it.

    Attributes:
        occurrence: the occurrence in the host's zone.
        start: its start in the member's zone.
        end: its end in the member's zone.
        weekday: the member's local weekday of ``start`` (0 is Monday).
        day_shift: the member's local date minus the host's (-1, 0 or +1).
        difference: the member's UTC offset minus the host's at ``start``.
        can_attend: whether the member's availability holds the whole slot; ``None``
            for a bare zone.
        member: the member, or ``None`` for a bare zone.
    """

    occurrence: Occurrence
    start: datetime
    end: datetime
    weekday: int
    day_shift: int
    difference: timedelta
    can_attend: bool | None
    member: Member | None = attrs.field(default=None, repr=False)


@attrs.frozen
class OfficeHours:
    """A published weekly slot: a weekday and wall-clock start in the host's zone.

    Args:
        host: the host's IANA zone (or a :class:`Member`, whose zone is used).
        weekday: 0 (Monday) to 6, or ``"tue"`` / ``"TU"``.
        start: the wall-clock start, a ``time`` or ``"HH:MM"``.
        duration: elapsed length, more than 0 and at most one day (``"PT1H"`` allowed).
        title: the event's title; ``None`` says "Office hours" in the reader's language.

    Example:
        >>> from datetime import datetime, timezone
        >>> slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
        >>> first = slot.occurrences(
        ...     datetime(2026, 3, 23, tzinfo=timezone.utc),
        ...     datetime(2026, 4, 6, tzinfo=timezone.utc),
        ... )
        >>> [o.start.isoformat() for o in first]
        ['2026-03-24T18:00:00+01:00', '2026-03-31T18:00:00+02:00']
    """

    host: ZoneInfo = attrs.field(eq=zone_key, converter=_to_host)
    weekday: int = attrs.field(converter=_to_weekday)
    start: time = attrs.field(converter=_to_clock)
    duration: timedelta = attrs.field(converter=_to_duration)
    title: str | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(attrs.validators.instance_of(str)),
    )

    def occurrence_on(self, day: date) -> Occurrence:
        """Return the occurrence on the host-local date ``day`` (which must be the weekday).

        Raises:
            ConfigError: ``day`` is another weekday, or outside the years 0002-9997.
            TypeError: ``day`` is not a date.

        Example:
            >>> slot = OfficeHours("America/New_York", "sun", "01:30", timedelta(minutes=90))
            >>> occ = slot.occurrence_on(date(2026, 11, 1))  # 01:30 happens twice that night
            >>> occ.start.isoformat(), occ.end.isoformat(), occ.status
            ('2026-11-01T01:30:00-04:00', '2026-11-01T02:00:00-05:00', 'fold')
        """
        if isinstance(day, datetime) or not isinstance(day, date):
            raise TypeError(f"day must be a date, got {type(day).__name__}")
        supported_day(day, "day")
        if day.weekday() != self.weekday:
            raise ConfigError(
                f"{day.isoformat()} is a {DAY_KEYS[day.weekday()]}, not a "
                f"{DAY_KEYS[self.weekday]}; give a date on that weekday",
                "day",
            )
        start, status = resolve_wall(day, self.start, self.host)
        end = (start.astimezone(UTC) + self.duration).astimezone(self.host)
        return Occurrence(start, end, status)

    def occurrence_in_week(self, week_of: date | datetime) -> Occurrence:
        """Return the occurrence in the host-local week holding ``week_of``.

        Raises:
            NaiveDatetimeError: ``week_of`` is a naive datetime.
            ConfigError: ``week_of`` lies outside the supported years 0002-9997.
        """
        monday = week_start(week_of, self.host)
        return self.occurrence_on(monday + timedelta(days=self.weekday))

    def occurrences(self, start: datetime, end: datetime) -> tuple[Occurrence, ...]:
        """Return the occurrences that start in ``[start, end)``, in order.

        Raises:
            NaiveDatetimeError: ``start`` or ``end`` is naive.
            ConfigError: ``start`` or ``end`` lies outside the supported years 0002-9997,
                or they are more than ``MAX_OCCURRENCE_YEARS`` (100) years apart (one
                occurrence a week is listed).
        """
        lo_us = supported_instant(start, "start")
        hi_us = supported_instant(end, "end")
        if hi_us - lo_us > _MAX_OCCURRENCE_US:
            raise ConfigError(
                f"occurrences are listed one a week, so start and end may be at most "
                f"{MAX_OCCURRENCE_YEARS} years apart; ask for a shorter span",
                "end",
            )
        day = week_start(start, self.host, "start") - timedelta(days=7)
        day += timedelta(days=self.weekday)
        last = end.astimezone(self.host).date() + timedelta(days=1)
        # compare in UTC: within one zone Python compares by wall clock, fold ignored
        lo, hi = start.astimezone(UTC), end.astimezone(UTC)
        found = []
        while day <= last:
            occ = self.occurrence_on(day)
            if lo <= occ.start.astimezone(UTC) < hi:
                found.append(occ)
            day += timedelta(days=7)
        return tuple(found)

    def _view(self, occ: Occurrence, viewer: Member | ZoneLike) -> MemberTime:
        member = viewer if isinstance(viewer, Member) else None
        tz = member.timezone if member is not None else as_zone(viewer, "viewer")  # type: ignore[arg-type]
        local_start = occ.start.astimezone(tz)
        host_offset = occ.start.utcoffset()
        local_offset = local_start.utcoffset()
        assert host_offset is not None  # noqa: S101 - aware by construction
        assert local_offset is not None  # noqa: S101
        can_attend = None
        if member is not None:
            a, b = int(occ.start.timestamp()), int(occ.end.timestamp())
            ranges = utc_ranges(member.availability, member.timezone, a - 1, b + 1)
            can_attend = contains(ranges, a, b)
        return MemberTime(
            occurrence=occ,
            start=local_start,
            end=occ.end.astimezone(tz),
            weekday=local_start.weekday(),
            day_shift=(local_start.date() - occ.start.date()).days,
            difference=local_offset - host_offset,
            can_attend=can_attend,
            member=member,
        )

    def for_member(self, member: Member | ZoneLike, week_of: date | datetime) -> MemberTime:
        """Return the member's local day and time of the occurrence in a host week.

        Args:
            member: a :class:`Member` (then ``can_attend`` is filled in) or a zone.
            week_of: a date or aware datetime in the host-local week wanted.

        Example:
            >>> from datetime import date
            >>> slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
            >>> view = slot.for_member("America/New_York", date(2026, 3, 24))
            >>> view.start.isoformat(), view.difference
            ('2026-03-24T13:00:00-04:00', datetime.timedelta(days=-1, seconds=68400))
        """
        return self._view(self.occurrence_in_week(week_of), member)

    def schedule_for(
        self, member: Member | ZoneLike, start: datetime, end: datetime
    ) -> tuple[MemberTime, ...]:
        """Return :meth:`for_member` for every occurrence starting in ``[start, end)``.

        Raises:
            NaiveDatetimeError: ``start`` or ``end`` is naive.
            ConfigError: as :meth:`occurrences` (outside 0002-9997, or more than 100
                years apart).

        Example:
            >>> from datetime import timezone
            >>> slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
            >>> ravi = Member("Ravi", "Asia/Kolkata", {"tue": ["21:30-23:30"]})
            >>> views = slot.schedule_for(
            ...     ravi,
            ...     datetime(2026, 3, 23, tzinfo=timezone.utc),
            ...     datetime(2026, 4, 6, tzinfo=timezone.utc),
            ... )
            >>> [(v.start.strftime("%H:%M"), v.can_attend) for v in views]
            [('22:30', True), ('21:30', True)]
        """
        return tuple(self._view(occ, member) for occ in self.occurrences(start, end))

    def to_ical(
        self,
        *,
        first: date,
        stamp: datetime,
        until: date | None = None,
        count: int | None = None,
        interval: int = 1,
        uid: str | None = None,
        description: str | None = None,
    ) -> bytes:
        """Export the slot as an iCalendar file (needs the ``ical`` extra).

        One ``VEVENT`` with ``DTSTART;TZID=`` the host zone, a weekly ``RRULE``, the
        length as ``DURATION`` and a ``VTIMEZONE`` from the zone rules in use.

        Args:
            first: a date in the host-local week of the first occurrence.
            stamp: the ``DTSTAMP`` (servicekit reads no clock).
            until: the last host-local date an occurrence may fall on.
            count: the number of occurrences (instead of ``until``).
            interval: every ``interval`` weeks (for a rotation).
            uid: the event's ``UID``; by default a stable hash.
            description: the event's ``DESCRIPTION``.

        Raises:
            ImportError: icalendar is not installed (``pip install servicekit[ical]``).

        Example:
            >>> from datetime import date, datetime, timezone
            >>> slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
            >>> text = slot.to_ical(
            ...     first=date(2026, 3, 2), count=4, stamp=datetime(2026, 3, 1, tzinfo=timezone.utc)
            ... ).decode()
            >>> "DTSTART;TZID=Europe/Berlin:20260303T180000" in text
            True
            >>> "RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=TU" in text
            True
        """
        from servicekit.hours._ical import office_hours_to_ical  # noqa: PLC0415 - optional extra

        return office_hours_to_ical(
            self,
            first=first,
            stamp=stamp,
            until=until,
            count=count,
            interval=interval,
            uid=uid,
            description=description,
        )

    def render(
        self,
        locale: LocaleLike | None = None,
        viewer: Member | ZoneLike | None = None,
        *,
        at: datetime,
    ) -> str:
        """Say when the office hours are, in the reader's language and local time.

        Args:
            locale: the reader's locale; defaults to the member's own locale when
                ``viewer`` is a :class:`Member`, else English. Unknown locales fall
                back to English.
            viewer: a :class:`Member` or a zone; where its clock differs from the
                host's, the reader's local day and time follow the host's.
            at: an instant in the week to describe (summer or winter time).

        Raises:
            NaiveDatetimeError: ``at`` is naive.

        Example:
            >>> from datetime import datetime, timezone
            >>> slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
            >>> ivan = Member("Ivan", "Europe/Moscow", "24/7", locale="ru")
            >>> print(slot.render(viewer=ivan, at=datetime(2026, 7, 7, tzinfo=timezone.utc)))
            Приёмные часы: вт 18:00–19:00 Центральная Европа, летнее время (GMT+02:00) ·
            по вашему времени: вт 19:00–20:00 Москва, стандартное время (GMT+03:00)
        """
        from servicekit.hours._availability import Availability  # noqa: PLC0415 - cycle

        reader: ZoneLike | None
        if isinstance(viewer, Member):
            locale = viewer.locale if locale is None else locale
            reader = viewer.timezone
        else:
            reader = viewer
        opens = self.start.hour * 3600 + self.start.minute * 60 + self.start.second
        closes = (opens + int(self.duration.total_seconds())) % SECONDS_PER_DAY
        spec = {DAY_KEYS[self.weekday]: [f"{format_clock(opens)}-{format_clock(closes)}"]}
        when = Availability(self.host, spec).render(locale, reader, at=at)
        title = self.title if self.title is not None else translate("hours", _TITLE, locale)
        return translate("hours", _TITLED, locale, title=title, when=when)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON types that :meth:`from_dict` reads back.

        Example:
            >>> OfficeHours("Europe/Berlin", 1, "18:00", timedelta(minutes=90)).to_dict()
            {'host': 'Europe/Berlin', 'weekday': 'tue', 'start': '18:00', 'duration': 'PT1H30M'}
        """
        seconds = self.start.hour * 3600 + self.start.minute * 60 + self.start.second
        out = {
            "host": self.host.key,
            "weekday": DAY_KEYS[self.weekday],
            "start": format_clock(seconds),
            "duration": format_duration(self.duration),
        }
        if self.title is not None:
            out["title"] = self.title
        return out

    @classmethod
    def from_dict(cls, data: object, path: str = "office_hours") -> OfficeHours:
        """Build office hours from :meth:`to_dict` output.

        Raises:
            ConfigError: a missing or malformed field, with its path.

        Example:
            >>> OfficeHours.from_dict(
            ...     {"host": "Asia/Tokyo", "weekday": "fri", "start": "9:00", "duration": "PT1H"}
            ... )
            Traceback (most recent call last):
            ...
            servicekit.exceptions.ConfigError: office_hours.start: '9:00' is not a time of day; ...
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {data!r}", path)
        unknown = set(data) - {"host", "weekday", "start", "duration", "title"}
        if unknown:
            raise ConfigError(f"unknown keys {sorted(unknown)!r}", path)
        for key in ("host", "weekday", "start", "duration"):
            if key not in data:
                raise ConfigError(f"missing; give the slot's {key}", f"{path}.{key}")
        for key in ("host", "weekday", "start", "duration", "title"):
            if key in data and not isinstance(data[key], str):
                raise ConfigError(f"expected a string, got {data[key]!r}", f"{path}.{key}")
        try:
            return cls(
                as_zone(data["host"], f"{path}.host"),
                data["weekday"],
                data["start"],
                parse_duration(data["duration"], "duration"),
                title=data.get("title"),
            )
        except ConfigError as err:
            raise ConfigError(err.msg, f"{path}.{err.path}") from None
