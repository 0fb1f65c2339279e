"""The calendar interface the SLA clocks rely on, and plain 24/7 time (private).

The clocks need only a handful of :class:`servicekit.hours.BusinessCalendar` methods;
:class:`CalendarLike` names them so that this package depends on the interface, not
on the implementation. ``None`` stands for calendar time (24/7, real elapsed time),
which is computed here directly in UTC instead of through a calendar object.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from servicekit._time import UTC

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "REAL",
    "CalendarLike",
    "CompiledMeter",
    "Meter",
    "RealMeter",
    "add",
    "elapsed",
    "instant_to_us",
    "real_add",
    "real_elapsed",
    "us_to_instant",
]


@runtime_checkable
class CalendarLike(Protocol):
    """What the SLA clocks need from a business calendar."""

    def add(self, start: datetime, duration: timedelta, /) -> datetime:
        """Return the earliest instant with ``elapsed(start, r) == duration``."""
        ...  # pragma: no cover - protocol body, never called

    def elapsed(self, start: datetime, end: datetime, /) -> timedelta:
        """Return the open time in ``[start, end)``; negative when reversed."""
        ...  # pragma: no cover - protocol body, never called

    def is_open(self, at: datetime, /) -> bool:
        """Return whether ``at`` is open time."""
        ...  # pragma: no cover - protocol body, never called

    def next_open(self, at: datetime, /) -> datetime:
        """Return the first open instant ``>= at``."""
        ...  # pragma: no cover - protocol body, never called

    def to_dict(self) -> dict[str, Any]:
        """Return the calendar as plain JSON types."""
        ...  # pragma: no cover - protocol body, never called

    def intervals(self, start: datetime, end: datetime, /) -> Sequence[tuple[datetime, datetime]]:
        """Return the open intervals in ``[start, end)``, clipped."""
        ...  # pragma: no cover - protocol body, never called


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
    return end.astimezone(UTC) - start.astimezone(UTC)


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
    public datetime API, one call per question.
    """

    __slots__ = ("_calendar",)

    def __init__(self, calendar: CalendarLike) -> None:
        self._calendar = calendar

    def elapsed(self, a: int, b: int) -> int:
        """Open time in ``[a, b)``."""
        return _micros(self._calendar.elapsed(us_to_instant(a), us_to_instant(b)))

    def add(self, a: int, d: int) -> int:
        """The earliest instant with ``elapsed(a, r) == d``; ``d == 0`` is the next open instant."""
        start = us_to_instant(a)
        if d == 0:
            return instant_to_us(self._calendar.next_open(start))
        return instant_to_us(self._calendar.add(start, timedelta(microseconds=d)))


#: How far a compiled range reaches beyond the instants asked about, so that a batch
#: of tickets compiles its calendars once or twice, not once per ticket.
_PAD_US = 92 * 86_400 * 1_000_000


class CompiledMeter:
    """Business time over a compiled range of a calendar's open intervals (private).

    For batches: the open intervals of a stretch of time are read once through the
    calendar's public :meth:`~CalendarLike.intervals` and kept as integer arrays with
    prefix sums, so that ``elapsed`` and ``add`` become bisections. The range grows
    when a question falls outside it; an ``add`` that needs open time beyond a
    generous range goes to the calendar itself (which raises ``NoBusinessTimeError``
    when there is none). The answers are those of the calendar: open time is exactly
    the union of its intervals.
    """

    __slots__ = ("_calendar", "_cum", "_ends", "_hi", "_lo", "_starts", "_total")

    def __init__(self, calendar: CalendarLike) -> None:
        self._calendar = calendar
        self._lo = 0
        self._hi = -1  # nothing compiled yet
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._cum: list[int] = []  # open time in [lo, ends[i])
        self._total = 0

    def _compile(self, lo: int, hi: int) -> None:
        if self._hi >= self._lo:
            lo, hi = min(lo, self._lo), max(hi, self._hi)
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

    def _cover(self, a: int, b: int) -> None:
        """Compile a range around ``a`` and ``b`` (called when one lies outside)."""
        self._compile(min(a, b) - _PAD_US, max(a, b) + _PAD_US)

    def elapsed(self, a: int, b: int) -> int:
        """Open time in ``[a, b)``."""
        if not (self._lo <= a <= self._hi and self._lo <= b <= self._hi):
            self._cover(a, b)
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
        if not (self._lo <= a and a + d <= self._hi):
            self._cover(a, a + d)
        starts, ends, cum = self._starts, self._ends, self._cum
        i = bisect_right(starts, a) - 1
        if d == 0:
            if i >= 0 and a < ends[i]:
                return a
            if i + 1 < len(starts):
                return starts[i + 1]
            return instant_to_us(self._calendar.next_open(us_to_instant(a)))
        if i < 0:
            target = d
        else:
            end = ends[i]
            target = cum[i] - end + (a if a < end else end) + d  # noqa: FURB136 - hot path
        if target > self._total:
            return instant_to_us(self._calendar.add(us_to_instant(a), timedelta(microseconds=d)))
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
    """Return integer microseconds since the epoch as an aware datetime in ``tz``."""
    value = _EPOCH + timedelta(microseconds=us)
    return value if tz is UTC else value.astimezone(tz)
