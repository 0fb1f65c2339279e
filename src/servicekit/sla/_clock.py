"""The calendar interface the SLA clocks rely on, and plain 24/7 time (private).

The clocks need only a handful of :class:`servicekit.hours.BusinessCalendar` methods;
:class:`CalendarLike` names them so that this package depends on the interface, not
on the implementation. ``None`` stands for calendar time (24/7, real elapsed time),
which is computed here directly in UTC instead of through a calendar object.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from servicekit._time import UTC

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "REAL",
    "CalendarLike",
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
    datetime API. :class:`servicekit.hours.BusinessCalendar` keeps a compiled integer
    timeline, which is used directly when present (same answers, no datetime round
    trips); any other :class:`CalendarLike` goes through its public methods.
    """

    __slots__ = ("_add", "_calendar", "_elapsed", "_next_open", "_tz")

    def __init__(self, calendar: CalendarLike) -> None:
        self._calendar = calendar
        line = getattr(calendar, "_timeline", None)
        if line is not None and all(hasattr(line, m) for m in ("elapsed", "add", "next_open")):
            self._elapsed = line.elapsed
            self._add = line.add
            self._next_open = line.next_open
        else:
            self._elapsed = self._slow_elapsed
            self._add = self._slow_add
            self._next_open = self._slow_next_open

    def _slow_elapsed(self, a: int, b: int) -> int:
        return _micros(self._calendar.elapsed(us_to_instant(a), us_to_instant(b)))

    def _slow_add(self, a: int, d: int) -> int:
        return instant_to_us(self._calendar.add(us_to_instant(a), timedelta(microseconds=d)))

    def _slow_next_open(self, a: int) -> int:
        return instant_to_us(self._calendar.next_open(us_to_instant(a)))

    def elapsed(self, a: int, b: int) -> int:
        """Open time in ``[a, b)``."""
        return int(self._elapsed(a, b))

    def add(self, a: int, d: int) -> int:
        """The earliest instant with ``elapsed(a, r) == d``; ``d == 0`` is the next open instant."""
        return int(self._add(a, d) if d > 0 else self._next_open(a))


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
