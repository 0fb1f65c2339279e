"""Business calendars: open hours in a time zone, holidays, overrides and closures.

See :class:`BusinessCalendar`; the semantics are described in
``docs/explanation/business-time.md``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import attrs

from servicekit._fields import as_tuple
from servicekit._time import (
    SECONDS_PER_DAY,
    ZoneInfo,
    as_zone,
    format_clock,
    parse_clock,
    require_timedelta,
    zone_key,
)
from servicekit.exceptions import ConfigError, NoBusinessTimeError, OutOfRangeError
from servicekit.hours._compile import (
    MAX_YEAR,
    MIN_YEAR,
    US,
    Intervals,
    Segments,
    difference,
    from_us,
    map_wall,
    merge,
    offset_segments,
    supported_instant,
    union,
    wall_seconds,
    window_segments,
    year_of,
    year_start,
)
from servicekit.hours._explain import CountedInterval, Explanation, SkippedDay, _DayPlan
from servicekit.hours._holidays import HolidayRule
from servicekit.hours._periodic import Arithmetic, Piecewise, WeeklyMeasure
from servicekit.hours._spec import (
    ALWAYS,
    Span,
    Weekly,
    format_interval,
    format_weekly,
    parse_intervals,
    parse_weekly,
)
from servicekit.hours._timeline import MAX_COMPILED_YEARS, CompiledHours, Timeline

if TYPE_CHECKING:
    from servicekit.hours._algebra import CombinedCalendar

__all__ = ["BusinessCalendar", "Change", "Hours"]

DatedSpans = tuple[tuple[date, tuple[Span, ...]], ...]


# ---------------------------------------------------------------------- helpers
def _check_spans(spans: object, where: str) -> tuple[Span, ...]:
    """Validate one day's spans given as values (not text)."""
    if not isinstance(spans, tuple | list):
        raise TypeError(f"{where} must be a tuple of (open, close) seconds, got {spans!r}")
    out: list[Span] = []
    for span in spans:
        if (
            not isinstance(span, tuple | list)
            or len(span) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in span)
        ):
            raise TypeError(f"{where} must hold (open, close) pairs of int seconds, got {span!r}")
        opens, closes = span
        if not 0 <= opens < SECONDS_PER_DAY or not opens < closes <= opens + SECONDS_PER_DAY:
            raise ConfigError(
                f"({opens!r}, {closes!r}) is not an interval; expected 0 <= open < 86400 "
                "and open < close <= open + 86400 seconds",
                where,
            )
        out.append((opens, closes))
    out.sort()
    for before, after in pairwise(out):
        if after[0] < before[1]:
            raise ConfigError(
                f"intervals {format_interval(before)!r} and {format_interval(after)!r} "
                "overlap; merge them into one",
                where,
            )
    return tuple(out)


def _to_weekly(value: object) -> Weekly:
    if isinstance(value, str | Mapping):
        return parse_weekly(value, "hours")
    if not isinstance(value, tuple | list) or len(value) != 7:
        raise TypeError(
            "hours must be a weekly spec like {'mon-fri': ['09:00-17:00']} "
            f"or seven tuples of (open, close) seconds, got {value!r}"
        )
    return tuple(_check_spans(day, f"hours[{i}]") for i, day in enumerate(value))


def _check_date(value: object, where: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{where} must be a date, got {type(value).__name__}")
    return value


def _to_dates(value: object) -> frozenset[date]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(f"holidays must be an iterable of dates, got {value!r}")
    return frozenset(_check_date(d, f"holidays[{i}]") for i, d in enumerate(value))


def _to_dated(value: object, field: str) -> DatedSpans:
    items: Iterable[Any]
    if isinstance(value, Mapping):
        items = value.items()
    elif isinstance(value, tuple):
        items = value
    else:
        raise TypeError(f"{field} must be a mapping of date -> intervals, got {value!r}")
    out = {}
    for item in items:
        if not isinstance(item, tuple) or len(item) != 2:
            raise TypeError(f"{field} must hold (date, intervals) pairs, got {item!r}")
        day, spans = item
        where = f"{field}.{day.isoformat()}" if isinstance(day, date) else f"{field}[{day!r}]"
        if isinstance(spans, str | bytes) or not isinstance(spans, Iterable):
            raise TypeError(f"{where} must be a list of (open, close) seconds, got {spans!r}")
        out[_check_date(day, where)] = _check_spans(tuple(spans), where)
    return tuple(sorted(out.items()))


def _to_overrides(value: object) -> DatedSpans:
    return _to_dated(value, "overrides")


def _to_closures(value: object) -> DatedSpans:
    return _to_dated(value, "closures")


def _to_rules(value: Iterable[HolidayRule]) -> tuple[HolidayRule, ...]:
    rules = as_tuple(value, "holiday_rules", "a list of HolidayRule values")
    for rule in rules:
        if not isinstance(rule, HolidayRule):
            raise TypeError(f"holiday_rules must hold HolidayRule values, got {rule!r}")
    return rules


def _to_half_day(value: object, where: str = "half_day") -> int | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_clock(value, where)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"{where} must be a time of day 'HH:MM' or int seconds after midnight, got {value!r}"
        )
    if not 0 < value < SECONDS_PER_DAY:
        raise ConfigError(
            f"a half day closing at {value!r} seconds after midnight is not a time of day "
            "within the day; give a time between '00:00' and '24:00' such as '12:00'",
            where,
        )
    return value


def _to_optional_weekly(value: object) -> Weekly | None:
    return None if value is None else _to_weekly(value)


def _to_optional_dates(value: object) -> frozenset[date] | None:
    return None if value is None else _to_dates(value)


def _to_optional_rules(value: Iterable[HolidayRule] | None) -> tuple[HolidayRule, ...] | None:
    return None if value is None else _to_rules(value)


def _problems_error(found: list[ConfigError], path: str) -> ConfigError:
    """One ConfigError listing every problem of ``found`` (each also in ``.problems``)."""
    if len(found) == 1:
        return found[0]
    lines = "\n".join(f"  {p}" for p in found)
    return ConfigError(f"{len(found)} problems:\n{lines}", path, problems=found)


def _check_order(effective: list[tuple[int, date]], where: str) -> list[ConfigError]:
    """Problems of effective dates given as ``(index, date)``: duplicates, wrong order."""
    found: list[ConfigError] = []
    seen: dict[date, int] = {}
    last: tuple[int, date] | None = None
    for i, day in effective:
        path = f"{where}[{i}].effective"
        if day in seen:
            found.append(
                ConfigError(
                    f"{day.isoformat()!r} is also the effective date of {where}[{seen[day]}]; "
                    "two changes cannot take effect on the same date, merge them into one",
                    path,
                )
            )
        elif last is not None and day < last[1]:
            found.append(
                ConfigError(
                    f"{day.isoformat()!r} lies before {last[1].isoformat()!r} of "
                    f"{where}[{last[0]}]; list the changes in date order (each one keeps "
                    "what it does not change from the one before)",
                    path,
                )
            )
        seen.setdefault(day, i)
        if last is None or day > last[1]:
            last = (i, day)
    return found


def _to_effective(value: object) -> date:
    return _check_date(value, "effective")


def _to_changes(value: object) -> tuple[Change, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise TypeError(f"changes must be a list of Change values, got {value!r}")
    changes = tuple(value)
    for change in changes:
        if not isinstance(change, Change):
            raise TypeError(f"changes must hold Change values, got {change!r}")
    found = _check_order([(i, c.effective) for i, c in enumerate(changes)], "changes")
    if found:
        raise _problems_error(found, "changes")
    return changes


def _parse_date(text: object, path: str) -> date:
    if not isinstance(text, str):
        raise ConfigError(f"expected a date 'YYYY-MM-DD', got {text!r}", path)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{text!r} is not a date; expected 'YYYY-MM-DD'", path) from None


def _parse_dated(spec: object, path: str) -> DatedSpans:
    if not isinstance(spec, Mapping):
        raise ConfigError(
            f"expected a mapping like {{'2026-12-24': ['09:00-12:00']}}, got {spec!r}", path
        )
    out = {}
    for key, items in spec.items():
        out[_parse_date(key, f"{path}.{key}")] = parse_intervals(items, f"{path}.{key}")
    return tuple(sorted(out.items()))


def _format_dated(dated: DatedSpans) -> dict[str, list[str]]:
    return {day.isoformat(): [format_interval(s) for s in spans] for day, spans in dated}


def _cut(spans: Iterable[Span], cuts: list[Span]) -> list[Span]:
    """Remove the wall ranges ``cuts`` from ``spans`` (all relative to one midnight)."""
    out: list[Span] = []
    for opens, closes in spans:
        pieces = [(opens, closes)]
        for c0, c1 in cuts:
            nxt: list[Span] = []
            for s, e in pieces:
                if c1 <= s or e <= c0:
                    nxt.append((s, e))
                    continue
                if s < c0:
                    nxt.append((s, c0))
                if c1 < e:
                    nxt.append((c1, e))
            pieces = nxt
        out.extend(pieces)
    return out


# ---------------------------------------------------------------------- changes
@attrs.frozen
class Change:
    """New weekly hours and/or holidays for a :class:`BusinessCalendar` from a local date on.

    A calendar with ``changes`` uses, for each local date ``d`` (in its zone), the
    rules of the last change whose ``effective`` date is on or before ``d``, and its
    own ``hours``, ``holidays``, ``holiday_rules`` and ``half_day`` before the first
    change. A change keeps what it does not give from the rules in force before it;
    giving ``holidays`` or ``holiday_rules`` replaces the whole holiday set (the one
    not given is then empty). Dated ``overrides`` and ``closures`` belong to the
    calendar, not to a change: they already name their dates. An overnight interval
    belongs to the date it starts on, so the evening before a change still runs to
    its old end.

    Args:
        effective: the first local date the change applies to.
        hours: the new weekly hours (a weekly spec, as for the calendar).
        holidays: the new holiday dates.
        holiday_rules: the new python-holidays rules.
        half_day: the new closing time of half-day holidays (``"HH:MM"`` or
            seconds after midnight).

    Raises:
        TypeError: a value of the wrong type.
        ConfigError: hours or a time that cannot be read, or a change that gives
            nothing to change.

    Example:
        >>> from datetime import date, datetime
        >>> cal = BusinessCalendar(
        ...     "Europe/Berlin",
        ...     {"mon-fri": ["09:00-17:00"]},
        ...     changes=[Change(date(2027, 3, 1), hours={"mon-fri": ["08:00-18:00"]})],
        ... )
        >>> cal.next_open(datetime(2027, 2, 26, 7, tzinfo=cal.zone)).isoformat()
        '2027-02-26T09:00:00+01:00'
        >>> cal.next_open(datetime(2027, 3, 1, 7, tzinfo=cal.zone)).isoformat()
        '2027-03-01T08:00:00+01:00'
    """

    effective: date = attrs.field(converter=_to_effective)
    hours: Weekly | None = attrs.field(default=None, converter=_to_optional_weekly, kw_only=True)
    holidays: frozenset[date] | None = attrs.field(
        default=None, converter=_to_optional_dates, kw_only=True
    )
    holiday_rules: tuple[HolidayRule, ...] | None = attrs.field(
        default=None, converter=_to_optional_rules, kw_only=True
    )
    half_day: int | None = attrs.field(default=None, converter=_to_half_day, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.holidays is None and self.holiday_rules is not None:
            object.__setattr__(self, "holidays", frozenset())
        elif self.holiday_rules is None and self.holidays is not None:
            object.__setattr__(self, "holiday_rules", ())
        if self.hours is None and self.holidays is None and self.half_day is None:
            raise ConfigError(
                f"the change effective {self.effective.isoformat()!r} changes nothing; give "
                "hours, holidays or half_day",
                "effective",
            )

    def to_dict(self) -> dict[str, Any]:
        """Return the dict form read back by :meth:`BusinessCalendar.from_dict` (``changes``).

        Example:
            >>> from datetime import date
            >>> Change(date(2027, 3, 1), hours={"mon-fri": ["08:00-18:00"]}).to_dict()
            {'effective': '2027-03-01', 'hours': {'mon-fri': ['08:00-18:00']}}
        """
        out: dict[str, Any] = {"effective": self.effective.isoformat()}
        if self.hours is not None:
            out["hours"] = format_weekly(self.hours)
        if self.holidays is not None and self.holiday_rules is not None:
            out["holidays"] = _format_holidays(self.holidays, self.holiday_rules)
        if self.half_day is not None:
            out["half_day"] = format_clock(self.half_day)
        return out


def _format_holidays(dates: frozenset[date], rules: tuple[HolidayRule, ...]) -> list[Any]:
    out: list[Any] = [d.isoformat() for d in sorted(dates)]
    out.extend(rule.to_dict() for rule in rules)
    return out


class _Piece(NamedTuple):
    """The rules in force from ``effective`` (None: from the beginning) to the next piece."""

    effective: date | None
    hours: Weekly
    holidays: frozenset[date]
    holiday_rules: tuple[HolidayRule, ...]
    half_day: int | None
    ordered: tuple[date, ...]  # ``holidays`` sorted, to pick a range by bisection


def _holiday_names(piece: _Piece, years: range) -> tuple[dict[date, str], dict[date, str]]:
    """The full-day and half-day holidays of ``piece`` in ``years``."""
    full: dict[date, str] = {}
    half: dict[date, str] = {}
    for rule in piece.holiday_rules:
        if piece.half_day is None:
            full.update(rule.names(years))
        else:
            whole, part = rule.split(years)
            full.update(whole)
            half.update(part)
    ordered = piece.ordered
    lo = bisect_left(ordered, date(years.start, 1, 1))
    hi = bisect_right(ordered, date(years.stop - 1, 12, 31))
    for day in ordered[lo:hi]:
        full.setdefault(day, "")
    return full, {d: n for d, n in half.items() if d not in full}


# ---------------------------------------------------------------------- query API
class Hours:
    """The query API shared by every calendar (business calendars and their combinations).

    All instants are aware datetimes in any zone; results are aware datetimes in the
    calendar's own zone (:attr:`zone`). Durations are :class:`~datetime.timedelta`
    values of real elapsed time, exact to the microsecond.
    """

    __slots__ = ()

    @property
    def _timeline(self) -> Timeline:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    @property
    def zone(self) -> ZoneInfo:  # pragma: no cover - every subclass defines it
        """The zone in which results are expressed."""
        raise NotImplementedError

    def _blocks(self, first: int, last: int) -> Intervals:  # pragma: no cover - abstract
        """Open intervals of UTC years ``first..last`` (microseconds, clipped)."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - every subclass defines it
        """Return the plain-JSON form of the calendar."""
        raise NotImplementedError

    def _combine(self, operation: str, other: object) -> CombinedCalendar:
        from servicekit.hours._algebra import CombinedCalendar  # noqa: PLC0415 - cycle

        return CombinedCalendar(operation, (self, other))  # type: ignore[arg-type]

    def __or__(self, other: object) -> CombinedCalendar:
        """Open when either calendar is open (follow-the-sun coverage)."""
        if not isinstance(other, Hours):
            return NotImplemented
        return self._combine("union", other)

    def __and__(self, other: object) -> CombinedCalendar:
        """Open when both calendars are open (overlap of two teams' hours)."""
        if not isinstance(other, Hours):
            return NotImplemented
        return self._combine("intersection", other)

    def __sub__(self, other: object) -> CombinedCalendar:
        """Open when this calendar is open and ``other`` is not."""
        if not isinstance(other, Hours):
            return NotImplemented
        return self._combine("difference", other)

    def is_open(self, at: datetime) -> bool:
        """Return whether the calendar is open at an instant.

        Intervals are half-open: open at the opening instant, closed at the closing one.

        Raises:
            NaiveDatetimeError: ``at`` has no zone.
            ConfigError: an instant outside the supported UTC years 0002-9997.

        Example:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.from_dict(
            ...     {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
            ... )
            >>> cal.is_open(datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc))  # 09:00 CET
            True
            >>> cal.is_open(datetime(2026, 3, 2, 16, 0, tzinfo=timezone.utc))  # 17:00 CET
            False
        """
        return self._timeline.is_open(_instant(at, "at"))

    def next_open(self, at: datetime) -> datetime:
        """Return the first open instant at or after ``at`` (``at`` itself when open).

        Raises:
            NaiveDatetimeError: ``at`` has no zone.
            NoBusinessTimeError: no open time within 10 years.
            OutOfRangeError: no open time before 9997 ends (a
                :class:`~servicekit.exceptions.NoBusinessTimeError` subclass).
            ConfigError: an instant outside the supported UTC years 0002-9997.

        Example:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.from_dict(
            ...     {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
            ... )
            >>> cal.next_open(datetime(2026, 3, 6, 17, 0, tzinfo=cal.zone)).isoformat()
            '2026-03-09T09:00:00+01:00'
        """
        u = _instant(at, "at")
        return from_us(self._timeline.next_open(u), self.zone)

    def next_close(self, at: datetime) -> datetime:
        """Return when the open period containing ``at`` (or else the next one) ends.

        Raises:
            NaiveDatetimeError: ``at`` has no zone.
            NoBusinessTimeError: no open time within 10 years, or open without a
                break for 10 years (a 24/7 calendar never closes).
            OutOfRangeError: the period would end after 9997 (a
                :class:`~servicekit.exceptions.NoBusinessTimeError` subclass).
            ConfigError: an instant outside the supported UTC years 0002-9997.

        Example:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar.from_dict(
            ...     {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
            ... )
            >>> cal.next_close(datetime(2026, 3, 6, 12, 0, tzinfo=cal.zone)).isoformat()
            '2026-03-06T17:00:00+01:00'
        """
        u = _instant(at, "at")
        return from_us(self._timeline.next_close(u), self.zone)

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Return the open time in ``[start, end)``; negative when ``end < start``.

        Raises:
            NaiveDatetimeError: an argument has no zone.
            ConfigError: an instant outside the supported UTC years 0002-9997; on a
                combination or a calendar with python-holidays rules, a span of more
                than ``MAX_COMPILED_YEARS`` (100) years (other calendars count any span
                arithmetically).

        Example:
            >>> from datetime import datetime
            >>> cal = BusinessCalendar.from_dict(
            ...     {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
            ... )
            >>> a = datetime(2026, 3, 6, 16, 0, tzinfo=cal.zone)  # a Friday
            >>> b = datetime(2026, 3, 9, 10, 0, tzinfo=cal.zone)
            >>> cal.elapsed(a, b), cal.elapsed(b, a)
            (datetime.timedelta(seconds=7200), datetime.timedelta(days=-1, seconds=79200))
        """
        a = _instant(start, "start")
        b = _instant(end, "end")
        return timedelta(0, 0, self._timeline.elapsed(a, b))

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """Return the earliest instant at which ``duration`` of open time has passed.

        The result can be a closing instant: on a 09:00-17:00 day, 16:00 plus one hour
        is 17:00 that day, not 09:00 the next morning (use
        ``cal.next_open(cal.add(t, d))`` for that). ``add(t, 0)`` is
        ``next_open(t)``; a negative duration subtracts.

        Raises:
            NaiveDatetimeError: ``start`` has no zone.
            TypeError: ``duration`` is not a timedelta.
            NoBusinessTimeError: not enough open time within the search horizon.
            OutOfRangeError: the result would leave the supported years 0002-9997
                (a :class:`~servicekit.exceptions.NoBusinessTimeError` subclass).
            ConfigError: an instant outside the supported years; on a combination or
                a calendar with python-holidays rules, an amount that needs more than
                ``MAX_COMPILED_YEARS`` (100) years compiled.

        Example:
            >>> from datetime import datetime, timedelta
            >>> cal = BusinessCalendar.from_dict(
            ...     {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
            ... )
            >>> t = datetime(2026, 3, 6, 16, 0, tzinfo=cal.zone)  # a Friday
            >>> cal.add(t, timedelta(hours=1)).isoformat()
            '2026-03-06T17:00:00+01:00'
            >>> cal.add(t, timedelta(hours=2)).isoformat()
            '2026-03-09T10:00:00+01:00'
        """
        u = _instant(start, "start")
        d = _micros(require_timedelta(duration, "duration"))
        _check_span(u, d)
        line = self._timeline
        if d > 0:
            return from_us(line.add(u, d), self.zone)
        if d == 0:
            return from_us(line.next_open(u), self.zone)
        return from_us(line.subtract(u, -d), self.zone)

    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        """Return the latest instant from which ``duration`` of open time reaches ``end``.

        ``subtract(t, 0)`` is ``t`` when open, else the end of the last open period
        before ``t``; a negative duration adds.

        Raises:
            NaiveDatetimeError: ``end`` has no zone.
            TypeError: ``duration`` is not a timedelta.
            NoBusinessTimeError: not enough open time within the search horizon.
            OutOfRangeError: the result would leave the supported years 0002-9997
                (a :class:`~servicekit.exceptions.NoBusinessTimeError` subclass).
            ConfigError: an instant outside the supported years; on a combination or
                a calendar with python-holidays rules, an amount that needs more than
                ``MAX_COMPILED_YEARS`` (100) years compiled.

        Example:
            >>> from datetime import datetime, timedelta
            >>> cal = BusinessCalendar.from_dict(
            ...     {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
            ... )
            >>> t = datetime(2026, 3, 9, 9, 0, tzinfo=cal.zone)  # a Monday
            >>> cal.subtract(t, timedelta(hours=1)).isoformat()
            '2026-03-06T16:00:00+01:00'
        """
        u = _instant(end, "end")
        d = _micros(require_timedelta(duration, "duration"))
        _check_span(u, -d)
        line = self._timeline
        if d > 0:
            return from_us(line.subtract(u, d), self.zone)
        if d == 0:
            return from_us(line.last_close(u), self.zone)
        return from_us(line.add(u, -d), self.zone)

    def compiled(self, start_us: int, end_us: int) -> CompiledHours:
        """Return the compiled open time covering ``[start_us, end_us)`` (public view).

        Instants are integer microseconds since the Unix epoch (UTC). The result covers
        whole UTC years, at least those of ``start_us`` and ``end_us``, and is the very
        value the scalar and array queries read: the open intervals as sorted
        ``starts``/``ends`` and the ``cumulative`` open time before each. It is
        compiled on first use and cached (thread-safe); later calls that need more
        years extend the cache and return a new, larger value.

        Raises:
            TypeError: an argument is not an int.
            ConfigError: an instant outside the supported UTC years 0002-9997,
                ``end_us < start_us``, or a span of more than ``MAX_COMPILED_YEARS``
                (100) UTC years.

        Example:
            >>> from datetime import datetime, timezone
            >>> cal = BusinessCalendar("UTC", {"mon-fri": ["09:00-17:00"]})
            >>> day = int(datetime(2026, 3, 2, tzinfo=timezone.utc).timestamp()) * 10**6
            >>> view = cal.compiled(day, day + 86_400 * 10**6)
            >>> view.first_year, view.last_year
            (2026, 2026)
            >>> i = view.starts.index(day + 9 * 3600 * 10**6)  # Monday 09:00 UTC
            >>> (view.ends[i] - view.starts[i]) // 10**6, view.open_before(day) // 3600 // 10**6
            (28800, 336)
        """
        for value, field in ((start_us, "start_us"), (end_us, "end_us")):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{field} must be an int of microseconds, got {value!r}")
            if not _FIRST_US <= value <= _END_US:
                raise ConfigError(
                    f"{value!r} lies outside the supported years {MIN_YEAR:04d}-{MAX_YEAR} "
                    "(UTC); give an instant within them",
                    field,
                )
        if end_us < start_us:
            raise ConfigError(f"end_us {end_us!r} lies before start_us {start_us!r}", "end_us")
        last = min(max(start_us, end_us - 1), _END_US - 1)
        return self._timeline.covering(min(start_us, last), last)

    def is_open_many(self, instants: object) -> Any:  # noqa: ANN401 - a numpy array
        """Return :meth:`is_open` for every instant of an array, as a numpy bool array.

        ``instants`` is a numpy ``datetime64`` array (read as UTC) or an Arrow
        timestamp array with a time zone (``pyarrow.Array`` or ``ChunkedArray``).
        NaT (or an Arrow null) gives ``False``. Results equal :meth:`is_open` element
        by element; the work is vectorised with numpy (one compilation per window
        of 50 UTC years that the instants touch).

        Raises:
            ImportError: numpy (extra ``arrays``) is not installed.
            TypeError: not a datetime64 or Arrow timestamp array.
            NaiveDatetimeError: an Arrow timestamp array without a time zone.
            ConfigError: an instant outside the supported UTC years 0002-9997 (path
                ``instants[i]``), or not convertible to microseconds without loss.

        Example:
            >>> import numpy as np
            >>> cal = BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})
            >>> at = np.array(["2026-03-02T08:00", "2026-03-02T16:00", "NaT"], "M8[us]")
            >>> cal.is_open_many(at).tolist()  # 09:00 and 17:00 in Berlin
            [True, False, False]
        """
        from servicekit.hours._arrays import is_open_many  # noqa: PLC0415 - numpy on use

        return is_open_many(self._timeline, instants)

    def elapsed_many(self, starts: object, ends: object) -> Any:  # noqa: ANN401 - numpy array
        """Return :meth:`elapsed` for pairs of arrays, as a numpy ``timedelta64[us]`` array.

        ``starts`` and ``ends`` are numpy ``datetime64`` arrays (read as UTC) or Arrow
        timestamp arrays with a time zone, of the same length (or one of them a
        single value, broadcast). A NaT (Arrow null) in either gives NaT. Results
        equal :meth:`elapsed` element by element: negative when an end lies before its
        start, exact across DST changes, holidays, overrides and closures, and over
        long spans.

        Raises:
            ImportError: numpy (extra ``arrays``) is not installed.
            TypeError: not a datetime64 or Arrow timestamp array.
            NaiveDatetimeError: an Arrow timestamp array without a time zone.
            ConfigError: an instant outside the supported UTC years 0002-9997 (path
                ``starts[i]``/``ends[i]``), arrays of different lengths, or the
                scalar method's error for a span of more than 100 years on a
                combination or a calendar with python-holidays rules.

        Example:
            >>> import numpy as np
            >>> cal = BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})
            >>> starts = np.array(["2026-03-06T15:00", "2026-03-09T09:00"], "M8[us]")
            >>> ends = np.array(["2026-03-09T09:00", "NaT"], "M8[us]")
            >>> cal.elapsed_many(starts, ends).astype("m8[m]").tolist()
            [datetime.timedelta(seconds=7200), None]
        """
        from servicekit.hours._arrays import elapsed_many  # noqa: PLC0415 - numpy on use

        return elapsed_many(self._timeline, starts, ends)

    def add_many(self, starts: object, durations: object) -> Any:  # noqa: ANN401 - numpy array
        """Return :meth:`add` for arrays of starts and durations, as ``datetime64[us]`` (UTC).

        ``starts`` is a numpy ``datetime64`` array (read as UTC) or an Arrow
        timestamp array with a time zone; ``durations`` a numpy ``timedelta64`` or
        Arrow duration array (or a single value, broadcast). A NaT (Arrow null) in
        either gives NaT. Results equal :meth:`add` element by element: a zero
        duration gives the next open instant, a negative one subtracts.

        Raises:
            ImportError: numpy (extra ``arrays``) is not installed.
            TypeError: not datetime64/timedelta64 or Arrow timestamp/duration arrays.
            NaiveDatetimeError: an Arrow timestamp array without a time zone.
            ConfigError: an instant outside the supported UTC years 0002-9997 (path
                ``starts[i]``), arrays of different lengths, values not convertible
                to microseconds without loss; the scalar method's errors.
            OutOfRangeError: as :meth:`add`: a result outside the supported years.
            NoBusinessTimeError: as :meth:`add`: not enough open time within the
                search horizon.

        Example:
            >>> import numpy as np
            >>> cal = BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})
            >>> starts = np.array(["2026-03-06T15:00", "2026-03-06T15:00"], "M8[us]")
            >>> hours = np.array([2, -1], "m8[h]")
            >>> cal.add_many(starts, hours).astype(str).tolist()  # Friday 16:00 in Berlin
            ['2026-03-09T09:00:00.000000', '2026-03-06T14:00:00.000000']
        """
        from servicekit.hours._arrays import add_many  # noqa: PLC0415 - numpy on use

        return add_many(self._timeline, starts, durations)

    def explain(self, start: datetime, end: datetime) -> Explanation:
        """Explain the open time between two instants: the intervals that counted.

        A combined calendar lists its open intervals; a :class:`BusinessCalendar`
        also names the rule behind each and the days that did not count.

        Raises:
            NaiveDatetimeError: an argument has no zone.
            ConfigError: an instant outside the supported UTC years 0002-9997; on a
                combination or a calendar with python-holidays rules, a span of more
                than ``MAX_COMPILED_YEARS`` (100) years (other calendars count any span
                arithmetically).
        """
        a = _instant(start, "start")
        b = _instant(end, "end")
        zone = self.zone
        counted = []
        for s, e in self._timeline.intervals(min(a, b), max(a, b)):
            opens = from_us(s, zone)
            counted.append(CountedInterval(opens, from_us(e, zone), opens.date(), "", ""))
        return Explanation(
            from_us(a, zone),
            from_us(b, zone),
            timedelta(microseconds=self._timeline.elapsed(a, b)),
            tuple(counted),
        )

    def intervals(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """Return the open intervals within ``[start, end)``, clipped to it.

        Adjacent open time is one interval (a 24/7 calendar gives one interval).
        Empty when ``end <= start``.

        Raises:
            NaiveDatetimeError: an argument has no zone.
            ConfigError: an instant outside the supported UTC years 0002-9997, or a
                span of more than ``MAX_COMPILED_YEARS`` (100) years (the intervals
                are listed one by one).

        Example:
            >>> from datetime import datetime
            >>> cal = BusinessCalendar.from_dict(
            ...     {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
            ... )
            >>> a = datetime(2026, 3, 6, 12, 0, tzinfo=cal.zone)
            >>> b = datetime(2026, 3, 9, 10, 0, tzinfo=cal.zone)
            >>> [(s.isoformat(), e.isoformat()) for s, e in cal.intervals(a, b)]
            [('2026-03-06T12:00:00+01:00', '2026-03-06T17:00:00+01:00'), \
('2026-03-09T09:00:00+01:00', '2026-03-09T10:00:00+01:00')]
        """
        a = _instant(start, "start")
        b = _instant(end, "end")
        zone = self.zone
        return [(from_us(s, zone), from_us(e, zone)) for s, e in self._timeline.intervals(a, b)]


_FIRST_US = year_start(MIN_YEAR) * US
_END_US = year_start(MAX_YEAR + 1) * US


def _instant(value: object, field: str) -> int:
    return supported_instant(value, field)


def _check_span(u: int, d: int) -> None:
    """Refuse at once an amount that cannot fit before the supported years end.

    Open time never exceeds real time, so ``add(u, d)`` lies at least ``d`` after ``u``.
    """
    if not _FIRST_US <= u + d < _END_US:
        raise OutOfRangeError(
            f"adding {d // (SECONDS_PER_DAY * US)} days of business time leaves the supported "
            f"years {MIN_YEAR:04d}-{MAX_YEAR}; give a shorter duration"
        )


def _micros(value: timedelta) -> int:
    return (value.days * SECONDS_PER_DAY + value.seconds) * US + value.microseconds


# ---------------------------------------------------------------------- the calendar
@attrs.frozen(eq=True, unsafe_hash=True)
class BusinessCalendar(Hours):
    """Open hours in one IANA time zone, with holidays, dated overrides and closures.

    Rules for a local date ``d`` (all read in :attr:`timezone`):

    - the weekly intervals of ``d``'s weekday apply, each ``[open, close)`` meaning the
      wall-clock readings from ``d + open`` to ``d + close`` (``close`` may pass
      midnight: the interval belongs to the day it starts on);
    - a holiday on ``d`` removes the intervals that start on ``d`` (an overnight shift
      from the evening before still runs into the holiday);
    - an override for ``d`` replaces its intervals (an empty list closes the day); an
      override wins over a holiday on the same date;
    - a closure on ``d`` is a wall-clock range starting on ``d``; it is cut out of
      every interval it meets, including one that began the evening before;
    - a half-day holiday on ``d`` (python-holidays' ``half_day`` category, when
      ``half_day`` is set) cuts the intervals that start on ``d`` at the wall-clock
      time ``half_day``: the day closes early;
    - with ``changes``, the weekly hours, holidays and half-day time of ``d`` are
      those of the last :class:`Change` effective on or before ``d``.

    An instant is open iff its local wall-clock reading lies in an interval of some
    date. Open intervals that overlap or touch (Monday's 22:00-06:00 and Tuesday's
    06:00-14:00) join into one open period.

    The calendar compiles the years a query touches into sorted UTC arrays, once, and
    keeps them in a private cache (``_cache``: not part of equality, hashing, repr or
    pickles); every query after that is a few bisections.

    Args:
        timezone: an IANA key or a ``ZoneInfo``.
        hours: a weekly spec (``{"mon-fri": ["09:00-17:00"]}`` or ``"24/7"``) or a
            :data:`~servicekit.hours._spec.Weekly` tuple of seconds.
        holidays: local dates on which no interval starts.
        overrides: ``{date: spans}`` replacing a date's weekly intervals.
        closures: ``{date: spans}`` cut out of the open time.
        holiday_rules: holiday sets from python-holidays, evaluated for whatever
            years a query touches (see :meth:`from_dict`).
        half_day: when set (``"HH:MM"`` or seconds after midnight), the holidays of
            the ``half_day`` category of ``holiday_rules`` close the day at this time
            instead of closing it all day (without it they close the whole day, as
            any holiday).
        changes: :class:`Change` values in date order: new weekly hours or
            holidays from a local date on.

    Raises:
        NoBusinessTimeError: no weekly hours (of any change) and no override has
            open time.
        ConfigError: two changes on the same date, or changes out of date order
            (every problem in ``.problems``).

    Example:
        >>> from datetime import date
        >>> cal = BusinessCalendar(
        ...     "Europe/Berlin",
        ...     {"mon-fri": ["09:00-17:00"]},
        ...     holidays=[date(2026, 12, 25)],
        ... )
        >>> cal.to_dict()["hours"]
        {'mon-fri': ['09:00-17:00']}
    """

    timezone: ZoneInfo = attrs.field(eq=zone_key, converter=as_zone)
    hours: Weekly = attrs.field(converter=_to_weekly)
    holidays: frozenset[date] = attrs.field(default=frozenset(), converter=_to_dates, kw_only=True)
    overrides: DatedSpans = attrs.field(default=(), converter=_to_overrides, kw_only=True)
    closures: DatedSpans = attrs.field(default=(), converter=_to_closures, kw_only=True)
    holiday_rules: tuple[HolidayRule, ...] = attrs.field(
        default=(), converter=_to_rules, kw_only=True
    )
    half_day: int | None = attrs.field(default=None, converter=_to_half_day, kw_only=True)
    changes: tuple[Change, ...] = attrs.field(default=(), converter=_to_changes, kw_only=True)
    _cache: Timeline = attrs.field(init=False, eq=False, hash=False, repr=False, alias="_cache")
    _periods: tuple[_Piece, ...] = attrs.field(
        init=False, eq=False, hash=False, repr=False, alias="_periods"
    )

    @_cache.default
    def _make_cache(self) -> Timeline:
        return Timeline(self._blocks, self._describe, self._arithmetic)

    @_periods.default
    def _make_periods(self) -> tuple[_Piece, ...]:
        ordered = tuple(sorted(self.holidays))
        piece = _Piece(None, self.hours, self.holidays, self.holiday_rules, self.half_day, ordered)
        out = [piece]
        for change in self.changes:
            if change.holidays is not None:
                ordered = tuple(sorted(change.holidays))
            piece = _Piece(
                change.effective,
                piece.hours if change.hours is None else change.hours,
                piece.holidays if change.holidays is None else change.holidays,
                piece.holiday_rules if change.holiday_rules is None else change.holiday_rules,
                piece.half_day if change.half_day is None else change.half_day,
                ordered,
            )
            out.append(piece)
        return tuple(out)

    def __attrs_post_init__(self) -> None:
        if not any(any(p.hours) for p in self._periods) and not any(
            spans for _, spans in self.overrides
        ):
            raise NoBusinessTimeError(
                "the calendar has no open time at all: its weekly hours are empty and no "
                "override opens a day; give hours such as {'mon-fri': ['09:00-17:00']}"
            )

    def __getstate__(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name)
            for f in attrs.fields(type(self))
            if f.name not in {"_cache", "_periods"}
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_cache", self._make_cache())
        object.__setattr__(self, "_periods", self._make_periods())

    @property
    def _timeline(self) -> Timeline:
        return self._cache

    @property
    def zone(self) -> ZoneInfo:
        """The calendar's time zone (results are expressed in it)."""
        return self.timezone

    def _describe(self) -> str:
        return f"the business calendar in {self.timezone.key}"

    # ------------------------------------------------------------------ constructors
    @classmethod
    def always(cls, timezone: str | ZoneInfo = "UTC") -> BusinessCalendar:
        """Return a calendar that is always open (24/7), in ``timezone``.

        Example:
            >>> from datetime import datetime, timedelta, timezone
            >>> cal = BusinessCalendar.always()
            >>> t = datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)
            >>> cal.add(t, timedelta(hours=5)) - t
            datetime.timedelta(seconds=18000)
        """
        return cls(timezone, ALWAYS)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BusinessCalendar:
        """Build a calendar from its dict form (see :meth:`to_dict`).

        Keys: ``timezone`` (required), ``hours`` (required; a weekly spec or
        ``"24/7"``), ``holidays`` (a list of ``"YYYY-MM-DD"`` dates and/or
        ``{"country": "DE", "subdivision": "BY"}`` rules for python-holidays),
        ``overrides`` and ``closures`` (``{"YYYY-MM-DD": ["09:00-12:00"]}``),
        ``half_day`` (``"12:00"``: half-day holidays close at that time) and
        ``changes`` (a list of ``{"effective": "YYYY-MM-DD", ...}`` with any of
        ``hours``, ``holidays`` and ``half_day``, in date order; see :class:`Change`).

        Raises:
            ConfigError: naming the path of the first bad field; for ``changes``,
                every problem at once (in ``.problems``, each with its path):
                unreadable entries, two changes on one date, changes out of date
                order, a change to another ``timezone``, and holiday dates that no
                day would use because a later change replaces them (or an earlier
                one is in force).
            UnknownTimeZoneError: the zone is not an IANA key.
            NoBusinessTimeError: the calendar has no open time at all.

        Example:
            >>> cal = BusinessCalendar.from_dict(
            ...     {
            ...         "timezone": "Europe/Berlin",
            ...         "hours": {"mon-fri": ["09:00-17:00"], "sat": ["10:00-14:00"]},
            ...         "holidays": ["2026-12-25"],
            ...         "overrides": {"2026-12-24": ["09:00-12:00"]},
            ...     }
            ... )
            >>> cal.to_dict()["overrides"]
            {'2026-12-24': ['09:00-12:00']}
            >>> BusinessCalendar.from_dict({"timezone": "UTC", "hours": {"mon": ["25:00-26:00"]}})
            Traceback (most recent call last):
            ...
            servicekit.exceptions.ConfigError: hours.mon[0]: '25:00' is not a time of day; ...
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping with 'timezone' and 'hours', got {data!r}", "")
        unknown = sorted(set(data) - set(_KEYS), key=str)
        if unknown:
            raise ConfigError(
                f"unknown key {unknown[0]!r}; expected {', '.join(_KEYS)}",
                str(unknown[0]),
            )
        for key in ("timezone", "hours"):
            if key not in data:
                raise ConfigError(f"missing required key {key!r}", key)
        tz = data["timezone"]
        if not isinstance(tz, str):
            raise ConfigError(f"expected an IANA key like 'Europe/Berlin', got {tz!r}", "timezone")
        hours = parse_weekly(data["hours"], "hours")
        dates, rules = _parse_holidays(data.get("holidays", []))
        half_day = _parse_half_day(data.get("half_day"), "half_day")
        changes = _parse_changes(data.get("changes", []), tz, data.get("holidays", []))
        return cls(
            tz,
            hours,
            holidays=dates,
            overrides=_parse_dated(data.get("overrides", {}), "overrides"),
            closures=_parse_dated(data.get("closures", {}), "closures"),
            holiday_rules=rules,
            half_day=half_day,
            changes=changes,
        )

    def with_holidays(self, source: Any) -> BusinessCalendar:  # noqa: ANN401 - no stubs
        """Return a copy that is also closed on the holidays of a ``holidays.HolidayBase``.

        Only the rule behind ``source`` is kept (country or market, subdivision,
        categories, observed), so every year a query touches is generated on demand:
        the calendar never runs out of holidays. Dates added to ``source`` by hand are
        kept as fixed holidays. With ``changes``, every holiday set gets them (the calendar's
        own and each change's that replaces it).

        Raises:
            TypeError: ``source`` is not a ``holidays.HolidayBase``.
            ConfigError: a custom holiday class without a country or market code.
            ImportError: python-holidays is not installed (extra ``holidays``).

        Example:
            >>> import holidays
            >>> from datetime import datetime
            >>> cal = BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})
            >>> bavaria = cal.with_holidays(
            ...     holidays.country_holidays("DE", subdiv="BY", years=2026)
            ... )
            >>> bavaria.is_open(datetime(2087, 1, 6, 10, tzinfo=bavaria.zone))  # Epiphany
            False
        """
        rule, extra = HolidayRule.from_holidays(source)
        changes = tuple(
            change
            if change.holidays is None or change.holiday_rules is None
            else attrs.evolve(
                change,
                holidays=change.holidays | extra,
                holiday_rules=(*change.holiday_rules, rule),
            )
            for change in self.changes
        )
        return attrs.evolve(
            self,
            holidays=self.holidays | extra,
            holiday_rules=(*self.holiday_rules, rule),
            changes=changes,
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the dict form that :meth:`from_dict` reads back.

        ``half_day`` and ``changes`` are written only when set.

        Example:
            >>> BusinessCalendar.always("Europe/Berlin").to_dict()
            {'timezone': 'Europe/Berlin', 'hours': '24/7', 'holidays': [], 'overrides': {}, \
'closures': {}}
        """
        out: dict[str, Any] = {
            "timezone": self.timezone.key,
            "hours": format_weekly(self.hours),
            "holidays": _format_holidays(self.holidays, self.holiday_rules),
            "overrides": _format_dated(self.overrides),
            "closures": _format_dated(self.closures),
        }
        if self.half_day is not None:
            out["half_day"] = format_clock(self.half_day)
        if self.changes:
            out["changes"] = [change.to_dict() for change in self.changes]
        return out

    # ------------------------------------------------------------------ compiling
    def _plan(self, first_day: date, last_day: date, only: int | None = None) -> Iterator[_DayPlan]:
        """Yield the rules in force on each local date from ``first_day`` to ``last_day``.

        ``only``: plan with that piece's rules on every date (for the arithmetic).
        """
        overrides = dict(self.overrides)
        closures = dict(self.closures)
        pieces = self._periods if only is None else (self._periods[only],)
        starts = [p.effective for p in pieces[1:] if p.effective is not None]
        k = bisect_right(starts, first_day)
        names: dict[int, tuple[dict[date, str], dict[date, str]]] = {}
        one = timedelta(days=1)
        day = first_day
        while day <= last_day:
            while k < len(starts) and starts[k] <= day:
                k += 1
            piece = pieces[k]
            found = names.get(k)
            if found is None:
                until = min(last_day, starts[k] - one) if k < len(starts) else last_day
                found = names[k] = _holiday_names(piece, range(day.year, until.year + 1))
            holidays, half_days = found
            weekly = piece.hours[day.weekday()]
            if day in overrides:
                kind, planned = "override", overrides[day]
            elif day in holidays:
                kind, planned = "holiday", weekly
            elif day in half_days:
                kind, planned = "half_day", weekly
            else:
                kind, planned = "hours", weekly
            spans: list[Span] = [] if kind == "holiday" else list(planned)
            closes = piece.half_day if kind == "half_day" else None
            if closes is not None:
                spans = _cut(spans, [(closes, 3 * SECONDS_PER_DAY)])
            cuts: list[Span] = []
            if spans and closures:
                cuts = [
                    (s + shift, e + shift)
                    for shift, when in (
                        (-SECONDS_PER_DAY, day - one),
                        (0, day),
                        (SECONDS_PER_DAY, day + one),
                    )
                    for s, e in closures.get(when, ())
                ]
                if cuts:
                    spans = _cut(spans, cuts)
            name = holidays.get(day, half_days.get(day))
            yield _DayPlan(day, kind, planned, spans, cuts, name, weekly, closes)
            day += one

    def _arithmetic(self) -> Arithmetic | None:
        """The arithmetic counter of open time, or None with python-holidays rules.

        Rules generate holidays year by year without end, so such calendars are
        compiled (at most ``MAX_COMPILED_YEARS`` years per query).
        """
        pieces = self._periods
        if any(p.holiday_rules for p in pieces):
            return None
        fixed = sorted({*(d for d, _ in self.overrides), *(d for d, _ in self.closures)})
        if len(pieces) == 1:
            entries = [*self.holidays, *fixed]
            return Arithmetic(self.timezone, WeeklyMeasure(self.hours), entries, self._exact)
        # One counter per piece, each as if its rules held for ever (with the dated
        # entries near its dates), joined at the change dates; around each change
        # the exact count corrects the join (see Piecewise). Dates are picked by
        # bisection, so the work grows with the changes plus the dated entries.
        days = [c.effective.toordinal() for c in self.changes]
        bounds = [date.min.toordinal(), *days, date.max.toordinal()]
        parts = []
        dated: list[date] = []
        for k, piece in enumerate(pieces):
            lo = date.fromordinal(max(bounds[k] - 4, 1))
            hi = date.fromordinal(min(bounds[k + 1] + 4, date.max.toordinal()))
            own = piece.ordered
            near = [
                *own[bisect_left(own, lo) : bisect_right(own, hi)],
                *fixed[bisect_left(fixed, lo) : bisect_right(fixed, hi)],
            ]
            dated.extend(near)
            exact = partial(self._exact, only=k)
            parts.append(Arithmetic(self.timezone, WeeklyMeasure(piece.hours), near, exact))
        switches = [wall_seconds(c.effective) * US for c in self.changes]
        changed = [c.effective for c in self.changes]
        return Piecewise(parts, switches, dated, changed, self._exact)

    def _exact(self, lo: int, hi: int, only: int | None = None) -> int:
        """The open time in the short UTC range ``[lo, hi)`` (microseconds), compiled."""
        lo_s, hi_s = lo // US, -(-hi // US)
        first_day = date.fromordinal(date(1970, 1, 1).toordinal() + lo_s // SECONDS_PER_DAY - 4)
        last_day = date.fromordinal(date(1970, 1, 1).toordinal() + hi_s // SECONDS_PER_DAY + 2)
        segments = window_segments(
            self.timezone,
            wall_seconds(first_day) - 2 * SECONDS_PER_DAY,
            wall_seconds(last_day) + 4 * SECONDS_PER_DAY,
        )
        flat: list[int] = []
        for plan in self._plan(first_day, last_day, only):
            base = wall_seconds(plan.day)
            for opens, closes in plan.spans:
                map_wall(base + opens, base + closes, segments, flat)
        starts, ends = merge(flat, lo_s, hi_s)
        return sum(min(e * US, hi) - max(s * US, lo) for s, e in zip(starts, ends, strict=True))

    def _blocks(self, first: int, last: int) -> Intervals:
        lo_s, hi_s = year_start(first), year_start(last + 1)
        # Local dates whose intervals can reach [lo_s, hi_s): an interval ends less
        # than two days after its date's midnight and no offset exceeds 26 hours.
        first_day = date(first, 1, 1) - timedelta(days=3)
        last_day = date(last + 1, 1, 2)
        segments = offset_segments(self.timezone, first - 1, last + 1)
        flat: list[int] = []
        for plan in self._plan(first_day, last_day):
            base = wall_seconds(plan.day)
            for opens, closes in plan.spans:
                map_wall(base + opens, base + closes, segments, flat)
        starts, ends = merge(flat, lo_s, hi_s)
        return [s * US for s in starts], [e * US for e in ends]

    def explain(self, start: datetime, end: datetime) -> Explanation:
        """Explain the open time between two instants, date by date.

        Lists each counted interval with the local date and rule it comes from
        (weekly ``hours`` or a dated ``override``), and each date whose hours did
        not count: a ``holiday`` (with its name when python-holidays supplied it), an
        ``override`` that closed the day, or a ``closure`` cut out of the day.

        Raises:
            NaiveDatetimeError: an argument has no zone.
            ConfigError: an instant outside the years 0002-9997, or a span of more
                than ``MAX_COMPILED_YEARS`` (100) years.

        Example:
            >>> from datetime import datetime, timedelta
            >>> cal = BusinessCalendar.from_dict(
            ...     {
            ...         "timezone": "Europe/Berlin",
            ...         "hours": {"mon-fri": ["09:00-17:00"]},
            ...         "holidays": ["2026-12-25"],
            ...     }
            ... )
            >>> t = datetime(2026, 12, 24, 15, 0, tzinfo=cal.zone)
            >>> due = cal.add(t, timedelta(hours=4))
            >>> print(cal.explain(t, due))
            4:00:00 open between 2026-12-24 15:00 CET and 2026-12-28 11:00 CET:
              2026-12-24 Thu 15:00-17:00 CET  2:00:00  (weekly hours 09:00-17:00)
              2026-12-25 Fri closed: holiday
              2026-12-28 Mon 09:00-11:00 CET  2:00:00  (weekly hours 09:00-17:00)
        """
        a = _instant(start, "start")
        b = _instant(end, "end")
        lo, hi = min(a, b), max(a, b)
        if year_of(hi) - year_of(lo) >= MAX_COMPILED_YEARS:
            raise ConfigError(
                f"explain lists every day, so it covers at most {MAX_COMPILED_YEARS} years, "
                f"this span {year_of(hi) - year_of(lo) + 1}; explain a shorter span",
                "end",
            )
        zone = self.timezone
        total = self._timeline.elapsed(a, b)
        first_day = from_us(lo, zone).date() - timedelta(days=2)
        last_day = from_us(hi, zone).date() + timedelta(days=1)
        segments = offset_segments(
            zone, max(first_day.year - 1, MIN_YEAR), min(last_day.year + 1, MAX_YEAR)
        )
        counted: list[CountedInterval] = []
        skipped: list[SkippedDay] = []
        covered: Intervals = ([], [])
        for plan in self._plan(first_day, last_day):
            pieces = self._pieces(plan.day, plan.spans, segments, lo, hi)
            fresh = difference(pieces, covered)
            # Only the last few days' pieces can overlap a later day's: keep those.
            horizon = (wall_seconds(plan.day) - 3 * SECONDS_PER_DAY) * US
            kept = bisect_left(covered[1], horizon)
            covered = union((covered[0][kept:], covered[1][kept:]), fresh)
            rule: Literal["override", "hours"] = "override" if plan.kind == "override" else "hours"
            for s, e in zip(*fresh, strict=True):
                source = _source_of(plan, s, e, segments)
                counted.append(
                    CountedInterval(from_us(s, zone), from_us(e, zone), plan.day, rule, source)
                )
            reason = _skip_reason(self, plan, segments, lo, hi)
            if reason is not None:
                skipped.append(reason)
        return Explanation(
            from_us(a, zone),
            from_us(b, zone),
            timedelta(microseconds=total),
            tuple(counted),
            tuple(skipped),
        )

    @staticmethod
    def _pieces(
        day: date, spans: Iterable[Span], segments: Segments, lo: int, hi: int
    ) -> Intervals:
        flat: list[int] = []
        base = wall_seconds(day)
        for opens, closes in spans:
            map_wall(base + opens, base + closes, segments, flat)
        starts, ends = merge([x * US for x in flat], lo, hi)
        return starts, ends


def _source_of(plan: _DayPlan, s: int, e: int, segments: Segments) -> str:
    """The planned interval of ``plan`` that the UTC piece ``[s, e)`` comes from."""
    base = wall_seconds(plan.day)
    for span in plan.planned:
        flat: list[int] = []
        map_wall(base + span[0], base + span[1], segments, flat)
        for p0, p1 in zip(flat[::2], flat[1::2], strict=True):
            if p0 * US <= s and e <= p1 * US:
                return format_interval(span)
    return ""  # pragma: no cover - every piece comes from a planned span


def _skip_reason(
    cal: BusinessCalendar, plan: _DayPlan, segments: Segments, lo: int, hi: int
) -> SkippedDay | None:
    """Why hours that would apply to ``plan.day`` within ``[lo, hi)`` did not count."""
    weekly = plan.weekly
    if plan.kind == "half_day" and plan.closes is not None:
        before = BusinessCalendar._pieces(plan.day, plan.planned, segments, lo, hi)  # noqa: SLF001
        after = BusinessCalendar._pieces(plan.day, plan.spans, segments, lo, hi)  # noqa: SLF001
        if difference(before, after)[0]:
            end = max(e for _, e in plan.planned)
            text = format_interval((plan.closes, end))
            return SkippedDay(plan.day, "half_day", (text,), plan.holiday or None)
    if plan.kind == "holiday" or (plan.kind == "override" and not plan.planned):
        would = BusinessCalendar._pieces(plan.day, weekly, segments, lo, hi)  # noqa: SLF001
        if not would[0]:
            return None
        texts = tuple(format_interval(sp) for sp in weekly)
        if plan.kind == "holiday":
            return SkippedDay(plan.day, "holiday", texts, plan.holiday or None)
        return SkippedDay(plan.day, "override", texts, None)
    if plan.cuts:
        before = BusinessCalendar._pieces(plan.day, plan.planned, segments, lo, hi)  # noqa: SLF001
        after = BusinessCalendar._pieces(plan.day, plan.spans, segments, lo, hi)  # noqa: SLF001
        if difference(before, after)[0]:
            texts = tuple(
                format_interval((c0, c1)) for c0, c1 in sorted(dict(cal.closures).get(plan.day, ()))
            )
            return SkippedDay(plan.day, "closure", texts, None)
    return None


def _parse_holidays(spec: object, path: str = "holidays") -> tuple[list[date], list[HolidayRule]]:
    if isinstance(spec, Mapping):
        return [], [HolidayRule.from_dict(spec, path)]
    if isinstance(spec, str) or not isinstance(spec, Iterable):
        raise ConfigError(
            f"expected a list of dates 'YYYY-MM-DD' or {{'country': 'DE'}}, got {spec!r}",
            path,
        )
    dates: list[date] = []
    rules: list[HolidayRule] = []
    for i, item in enumerate(spec):
        where = f"{path}[{i}]"
        if isinstance(item, Mapping):
            rules.append(HolidayRule.from_dict(item, where))
        else:
            dates.append(_parse_date(item, where))
    return dates, rules


_KEYS = ("timezone", "hours", "holidays", "overrides", "closures", "half_day", "changes")
_CHANGE_KEYS = ("effective", "hours", "holidays", "half_day", "timezone")


def _parse_half_day(value: object, path: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"expected a time of day like '12:00', got {value!r}", path)
    return _to_half_day(parse_clock(value, path), path)


def _dated_holidays(spec: object, path: str) -> list[tuple[str, date]]:
    """The fixed dates of a holidays list that parses, each with its path."""
    if not isinstance(spec, list):  # one rule: no fixed dates
        return []
    # Only called once every set has been read: the strings are dates.
    return [
        (f"{path}[{i}]", date.fromisoformat(item))
        for i, item in enumerate(spec)
        if isinstance(item, str)
    ]


def _change_shape(item: Mapping[Any, Any], where: str, zone: str) -> list[ConfigError]:
    """Unknown keys of a change, and a change to another zone."""
    found = [
        ConfigError(
            f"unknown key {key!r}; expected {', '.join(_CHANGE_KEYS)} (overrides and "
            "closures name their dates and belong to the calendar)",
            f"{where}.{key}",
        )
        for key in item
        if key not in _CHANGE_KEYS
    ]
    tz = item.get("timezone", zone)
    if tz != zone:
        found.append(
            ConfigError(
                f"a change cannot move the calendar to another zone ({tz!r}, the calendar "
                f"is in {zone!r}); a desk in another zone is another calendar (combine "
                "calendars with | or choose one per ticket)",
                f"{where}.timezone",
            )
        )
    return found


def _parse_change(
    item: object, i: int, zone: str, found: list[ConfigError]
) -> tuple[Change | None, date | None]:
    """One entry of ``changes``: the change (None on problems) and its date."""
    where = f"changes[{i}]"
    start = len(found)
    if not isinstance(item, Mapping):
        found.append(
            ConfigError(
                f"expected a mapping like {{'effective': '2027-03-01', 'hours': ...}}, "
                f"got {item!r}",
                where,
            )
        )
        return None, None
    found.extend(_change_shape(item, where, zone))
    effective: date | None = None
    if "effective" not in item:
        found.append(ConfigError("missing required key 'effective'", f"{where}.effective"))
    else:
        try:
            effective = _parse_date(item["effective"], f"{where}.effective")
        except ConfigError as exc:
            found.append(exc)
    values: dict[str, Any] = {}
    readers: tuple[tuple[str, Any], ...] = (
        ("hours", parse_weekly),
        ("holidays", None),
        ("half_day", _parse_half_day),
    )
    for key, read in readers:
        if key not in item:
            continue
        try:
            if read is None:
                values["holidays"], values["holiday_rules"] = _parse_holidays(
                    item[key], f"{where}.holidays"
                )
            else:
                values[key] = read(item[key], f"{where}.{key}")
        except ConfigError as exc:
            found.append(exc)
    if not {"hours", "holidays", "half_day"} & set(item):
        found.append(
            ConfigError("the change changes nothing; give hours, holidays or half_day", f"{where}")
        )
    if effective is None or len(found) > start:
        return None, effective
    return Change(effective, **values), effective


def _parse_changes(spec: object, zone: str, holidays: object) -> tuple[Change, ...]:
    """Read ``changes``, reporting every problem at once."""
    if isinstance(spec, str | Mapping) or not isinstance(spec, list):
        raise ConfigError(
            f"expected a list of changes like [{{'effective': '2027-03-01', 'hours': ...}}], "
            f"got {spec!r}",
            "changes",
        )
    found: list[ConfigError] = []
    changes: list[Change] = []
    dates: list[tuple[int, date]] = []
    for i, item in enumerate(spec):
        change, effective = _parse_change(item, i, zone, found)
        if effective is not None:
            dates.append((i, effective))
        if change is not None:
            changes.append(change)
    found.extend(_check_order(dates, "changes"))
    if not found:
        found.extend(_unused_holidays(spec, holidays, dates))
    if found:
        raise _problems_error(found, "changes")
    return tuple(changes)


def _unused_holidays(
    spec: list[Any], holidays: object, dates: list[tuple[int, date]]
) -> list[ConfigError]:
    """Fixed holiday dates outside the time their holiday set is in force."""
    sets: list[tuple[str, date | None, list[tuple[str, date]]]] = [
        ("holidays", None, _dated_holidays(holidays, "holidays"))
    ]
    for i, effective in dates:
        if "holidays" in spec[i]:
            where = f"changes[{i}].holidays"
            sets.append((where, effective, _dated_holidays(spec[i]["holidays"], where)))
    found: list[ConfigError] = []
    for k, (_, start, items) in enumerate(sets):
        until = sets[k + 1][1] if k + 1 < len(sets) else None
        for path, day in items:
            if start is not None and day < start:
                found.append(
                    ConfigError(
                        f"holiday {day.isoformat()!r} lies before this holiday set takes "
                        f"effect on {start.isoformat()!r}, so no day uses it; list it in "
                        "the set in force on that date",
                        path,
                    )
                )
            elif until is not None and day >= until:
                found.append(
                    ConfigError(
                        f"holiday {day.isoformat()!r} overlaps the holiday set that replaces "
                        f"this one on {until.isoformat()!r}, so no day uses it; list it in "
                        "that set",
                        path,
                    )
                )
    return found
