"""The calendar interface the SLA clocks rely on, and plain 24/7 time (private).

The clocks need only a handful of :class:`servicekit.hours.BusinessCalendar` methods;
:class:`CalendarLike` names them so that this package depends on the interface, not
on the implementation. ``None`` stands for calendar time (24/7, real elapsed time),
which is computed here directly in UTC instead of through a calendar object.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from servicekit._calendar_like import CalendarLike
from servicekit._time import UTC
from servicekit.exceptions import ConfigError, OutOfRangeError
from servicekit.hours import MAX_YEAR, MIN_YEAR, Hours

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "CALENDAR_END_US",
    "CALENDAR_FIRST_US",
    "MAX_US",
    "MIN_US",
    "REAL",
    "UNREACHABLE",
    "CalendarLike",
    "CompiledMeter",
    "Meter",
    "RealMeter",
    "TicketDataError",
    "add",
    "check_utc",
    "deadline_instant",
    "elapsed",
    "instant_to_us",
    "real_add",
    "real_elapsed",
    "supported",
    "us_to_instant",
]


def real_add(start: datetime, duration: timedelta) -> datetime:
    """Add real elapsed time to an aware instant, keeping its time zone.

    ``start + duration`` on an aware datetime adds *wall-clock* time, which is an hour
    off across a DST change; this adds elapsed time.

    Example:
        >>> from datetime import datetime, timedelta
        >>> from servicekit._time import zone
        >>> t = datetime(2026, 3, 28, 12, tzinfo=zone("Europe/Berlin"))
        >>> real_add(t, timedelta(hours=24)).isoformat()
        '2026-03-29T13:00:00+02:00'
    """
    return (start.astimezone(UTC) + duration).astimezone(start.tzinfo)


def real_elapsed(start: datetime, end: datetime) -> timedelta:
    """Return the real time from ``start`` to ``end``.

    Subtracting two datetimes that share a ``tzinfo`` gives their *wall-clock*
    difference (Python's rule), an hour off across a DST change; going through UTC
    gives elapsed time.
    """
    return timedelta(microseconds=instant_to_us(end) - instant_to_us(start))


def add(calendar: CalendarLike | None, start: datetime, duration: timedelta) -> datetime:
    """Add business time on ``calendar``, or real time when it is ``None``."""
    if calendar is None:
        return real_add(start, duration)
    return calendar.add(start, duration)


def elapsed(calendar: CalendarLike | None, start: datetime, end: datetime) -> timedelta:
    """Measure business time on ``calendar``, or real time when it is ``None``."""
    if calendar is None:
        return real_elapsed(start, end)
    return calendar.elapsed(start, end)


class Meter:
    """Business time of one calendar in integer microseconds since the epoch (private).

    The SLA engine works on integers; this adapter turns them into the calendar's
    public datetime API, one call per question. Instants outside the years calendars
    support (:data:`servicekit.hours.MIN_YEAR` to :data:`~servicekit.hours.MAX_YEAR`
    in UTC) are never passed to the calendar: they are checked here first, so that a
    ``ConfigError`` or ``NoBusinessTimeError`` from the calendar always means what it
    says.
    """

    __slots__ = ("_calendar",)

    def __init__(self, calendar: CalendarLike) -> None:
        self._calendar = calendar

    def elapsed(self, a: int, b: int) -> int:
        """Open time in ``[a, b)``.

        Raises:
            ConfigError: (code ``out_of_range``) ``a`` or ``b`` lies outside the years
                the calendar supports.
        """
        if a == b:
            return 0
        if not (supported(a) and supported(b)):
            raise _out_of_range(a, b)
        return _micros(self._calendar.elapsed(us_to_instant(a), us_to_instant(b)))

    def add(self, a: int, d: int) -> int:
        """The earliest instant with ``elapsed(a, r) == d``; ``d == 0`` is the next open instant.

        :data:`UNREACHABLE` when that instant lies beyond what the calendar supports
        (``a`` after them, or the calendar's :class:`~servicekit.exceptions.OutOfRangeError`).

        Raises:
            ConfigError: (code ``out_of_range``) ``a`` lies before the years the
                calendar supports.
        """
        if a >= CALENDAR_END_US:
            return UNREACHABLE
        if a < CALENDAR_FIRST_US:
            raise _out_of_range(a, a)
        start = us_to_instant(a)
        try:
            if d == 0:
                return instant_to_us(self._calendar.next_open(start))
            return instant_to_us(self._calendar.add(start, timedelta(microseconds=d)))
        except OutOfRangeError:
            return UNREACHABLE


def _out_of_range(a: int, b: int) -> TicketDataError:
    first, last = min(a, b), max(a, b)
    span = us_to_instant(first).isoformat()
    if last != first:
        span += f" to {us_to_instant(last).isoformat()}"
    return TicketDataError(
        "out_of_range",
        f"the ticket's instants ({span}) lie outside the years its calendar "
        f"supports ({MIN_YEAR:04d}-{MAX_YEAR} UTC); evaluate tickets of those years "
        "without a calendar",
        "events",
    )


#: How far a compiled range reaches beyond the instants asked about, so that a batch
#: of tickets compiles its calendars once or twice, not once per ticket.
_PAD_US = 92 * 86_400 * 1_000_000
#: The longest span one question compiles (about two years): questions about longer
#: spans go to the calendar itself, so that memory does not grow with the span.
_MAX_COMPILED_US = 2 * 366 * 86_400 * 1_000_000
#: A compiled range grows to cover a batch's tickets up to 50 years and about 100,000
#: open intervals (a few MB); past either, the next range replaces it.
_MAX_MERGED_US = 50 * 366 * 86_400 * 1_000_000
_MAX_INTERVALS = 100_000


class CompiledMeter:
    """Business time over a compiled range of a calendar's open intervals (private).

    For batches: a servicekit calendar (:class:`~servicekit.hours.Hours`) is read
    through its public compiled view, :meth:`~servicekit.hours.Hours.compiled` (the
    very open intervals and cumulative open time its scalar and array queries read,
    cached on the calendar); any other :class:`CalendarLike` has the open intervals
    of a stretch of time read once through :meth:`~CalendarLike.intervals` and kept
    as integer arrays with prefix sums. Either way ``elapsed`` and ``add`` become
    bisections. The range grows
    when a question falls outside it; an ``add`` that needs open time beyond a
    generous range goes to the calendar itself (which raises ``NoBusinessTimeError``
    when there is none). The answers are those of the calendar: open time is exactly
    the union of its intervals.
    """

    __slots__ = ("_calendar", "_cum", "_direct", "_ends", "_hi", "_lo", "_starts", "_total")

    def __init__(self, calendar: CalendarLike) -> None:
        self._calendar = calendar
        self._direct = Meter(calendar)
        self._lo = 0
        self._hi = -1  # nothing compiled yet
        self._starts: Sequence[int] = []
        self._ends: Sequence[int] = []
        self._cum: Sequence[int] = []  # open time in [lo, ends[i])
        self._total = 0

    def _merged(self, lo: int, hi: int) -> tuple[int, int]:
        """``[lo, hi]`` merged with the range held, if the result stays small.

        The merged range is used when it spans at most :data:`_MAX_MERGED_US` and, at
        the density of the range held, holds at most :data:`_MAX_INTERVALS` intervals.
        """
        if self._hi >= self._lo:
            merged_lo, merged_hi = min(lo, self._lo), max(hi, self._hi)
            span = merged_hi - merged_lo
            held = self._hi - self._lo + 1
            if span <= _MAX_MERGED_US and len(self._starts) * span <= _MAX_INTERVALS * held:
                return merged_lo, merged_hi
        return lo, hi

    def _view(self, lo: int, hi: int) -> bool:
        """Take the calendar's compiled view covering ``[lo, hi]``; ``False`` if it has none."""
        calendar = self._calendar
        assert isinstance(calendar, Hours)  # noqa: S101 - only called for Hours
        lo, hi = self._merged(lo, hi)
        try:
            view = calendar.compiled(lo, hi)
        except ConfigError:  # beyond the supported years, or too long: ask directly
            return False
        self._lo, self._hi = view.lo, view.hi
        self._starts, self._ends = view.starts, view.ends
        self._cum, self._total = view.cumulative[1:], view.cumulative[-1]
        return True

    def _compile(self, lo: int, hi: int) -> bool:
        """Compile ``[lo, hi]`` (merged with the range held if that stays small).

        Returns whether it could: ``False`` when the calendar cannot list that range
        (outside its supported years); the range held is then unchanged.
        """
        lo, hi = self._merged(lo, hi)
        if not (supported(lo) and supported(hi)):
            return False
        pairs = self._calendar.intervals(us_to_instant(lo), us_to_instant(hi))
        starts = [instant_to_us(s) for s, _ in pairs]
        ends = [instant_to_us(e) for _, e in pairs]
        cum = []
        total = 0
        for s, e in zip(starts, ends, strict=True):
            total += e - s
            cum.append(total)
        self._lo, self._hi = lo, hi
        self._starts, self._ends, self._cum, self._total = starts, ends, cum, total
        return True

    def _cover(self, a: int, b: int) -> bool:
        """Compile a range around ``a`` and ``b`` (called when one lies outside).

        Returns whether the range now covers both; ``False`` for a span too long to
        compile or one the calendar cannot list (then ask the calendar directly).
        """
        lo, hi = min(a, b), max(a, b)
        if hi - lo > _MAX_COMPILED_US:
            return False
        if isinstance(self._calendar, Hours):
            return self._view(
                max(lo - _PAD_US, min(lo, CALENDAR_FIRST_US)),
                min(hi + _PAD_US, max(hi, CALENDAR_END_US)),
            )
        return self._compile(
            max(lo - _PAD_US, min(lo, CALENDAR_FIRST_US)),
            min(hi + _PAD_US, max(hi, CALENDAR_END_US - 1)),
        )

    def elapsed(self, a: int, b: int) -> int:
        """Open time in ``[a, b)``."""
        if not (self._lo <= a <= self._hi and self._lo <= b <= self._hi) and not self._cover(a, b):
            return self._direct.elapsed(a, b)
        starts, ends, cum = self._starts, self._ends, self._cum
        i = bisect_right(starts, b) - 1
        j = bisect_right(starts, a) - 1
        if i < 0:
            return 0
        end = ends[i]
        x = cum[i] - end + (b if b < end else end)  # noqa: FURB136 - hot path
        if j < 0:
            return x
        end = ends[j]
        return x - cum[j] + end - (a if a < end else end)  # noqa: FURB136 - hot path

    def add(self, a: int, d: int) -> int:
        """The earliest instant with ``elapsed(a, r) == d``; ``d == 0`` is the next open instant."""
        if not (self._lo <= a and a + d <= self._hi) and not self._cover(a, min(a + d, MAX_US)):
            return self._direct.add(a, d)
        starts, ends, cum = self._starts, self._ends, self._cum
        i = bisect_right(starts, a) - 1
        if d == 0:
            if i >= 0 and a < ends[i]:
                return a
            if i + 1 < len(starts):
                return starts[i + 1]
            return self._direct.add(a, d)
        if i < 0:
            target = d
        else:
            end = ends[i]
            target = cum[i] - end + (a if a < end else end) + d  # noqa: FURB136 - hot path
        if target > self._total:
            return self._direct.add(a, d)
        k = bisect_left(cum, target)
        return ends[k] - (cum[k] - target)


class RealMeter:
    """24/7 time in integer microseconds: elapsed is the difference (private)."""

    __slots__ = ()

    @staticmethod
    def elapsed(a: int, b: int) -> int:
        """Real time in ``[a, b)``."""
        return b - a

    @staticmethod
    def add(a: int, d: int) -> int:
        """``a`` plus ``d``."""
        return a + d


REAL = RealMeter()
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(value: timedelta) -> int:
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


def instant_to_us(at: datetime) -> int:
    """Return an aware instant as integer microseconds since the Unix epoch."""
    return _micros(at - _EPOCH)  # aware minus aware, different tzinfo: real elapsed time


def us_to_instant(us: int, tz: tzinfo = UTC) -> datetime:
    """Return integer microseconds since the epoch as an aware datetime in ``tz``.

    Within hours of year 1 or 9999, where ``tz``'s offset would leave the years a
    datetime holds, the instant is given in UTC instead.
    """
    value = _EPOCH + timedelta(microseconds=us)
    if tz is UTC:
        return value
    try:
        return value.astimezone(tz)
    except OverflowError:
        return value


#: The first and last instants a datetime holds, in microseconds since the epoch.
MIN_US = _micros(datetime.min.replace(tzinfo=UTC) - _EPOCH)
MAX_US = _micros(datetime.max.replace(tzinfo=UTC) - _EPOCH)
#: The instants calendars support, UTC years MIN_YEAR-MAX_YEAR: ``[FIRST, END)``.
CALENDAR_FIRST_US = _micros(datetime(MIN_YEAR, 1, 1, tzinfo=UTC) - _EPOCH)
CALENDAR_END_US = _micros(datetime(MAX_YEAR + 1, 1, 1, tzinfo=UTC) - _EPOCH)


def supported(us: int) -> bool:
    """Whether a calendar can be asked about the instant ``us`` (its supported years)."""
    return CALENDAR_FIRST_US <= us < CALENDAR_END_US


#: A deadline that no datetime can hold: past 9999-12-31, or past the years the
#: calendar supports. Reported as ``None``.
UNREACHABLE = MAX_US + 1


def deadline_instant(us: int | None, tz: tzinfo = UTC) -> datetime | None:
    """Return a deadline as a datetime, or ``None`` when there is none or it is unreachable."""
    if us is None or us > MAX_US:
        return None
    return us_to_instant(us, tz)


def check_utc(at: datetime, field: str) -> int:
    """Return an aware instant in microseconds if it lies in years 1-9999 in UTC too.

    ``0001-01-01T00:00+05:00`` is a valid datetime whose UTC reading is in year 0.

    Raises:
        ConfigError: it does not; the path is ``field``.
    """
    us = instant_to_us(at)
    if not MIN_US <= us <= MAX_US:
        raise ConfigError(
            f"{at.isoformat()!r} lies outside the years 0001-9999 in UTC; give an instant "
            "that UTC can hold",
            field,
        )
    return us


class TicketDataError(ConfigError):
    """A ticket that cannot be measured; ``code`` says why, for batch error rows (private)."""

    def __init__(self, code: str, msg: str, path: str) -> None:
        super().__init__(msg, path)
        self.code = code

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.code, self.msg, self.path))
