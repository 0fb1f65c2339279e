"""The calendar interface the SLA clocks rely on, and plain 24/7 time (private).

The clocks need only a handful of :class:`servicekit.hours.BusinessCalendar` methods;
:class:`CalendarLike` names them so that this package depends on the interface, not
on the implementation. ``None`` stands for calendar time (24/7, real elapsed time),
which is computed here directly in UTC instead of through a calendar object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from servicekit._time import UTC

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime, timedelta

__all__ = ["CalendarLike", "add", "elapsed", "real_add", "real_elapsed"]


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
