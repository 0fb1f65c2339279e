"""The one calendar protocol, defined outside ``servicekit.hours`` (private module).

Public as :class:`servicekit.hours.CalendarLike`. It lives in this small module so
that ``sla``, ``onboarding`` and ``replies`` can name it without importing the whole
``hours`` package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime, timedelta

__all__ = ["CalendarLike"]


@runtime_checkable
class CalendarLike(Protocol):
    """What servicekit needs from a business calendar (``sla``, ``onboarding``, ``replies``).

    :class:`~servicekit.hours.BusinessCalendar` and
    :class:`~servicekit.hours.CombinedCalendar` satisfy it; so does any object with
    these methods. It replaces ``sla.CalendarLike``, ``onboarding.TimerCalendar`` and
    ``replies.Calendar``, which remain as aliases of it.

    Example:
        >>> from servicekit.hours import BusinessCalendar, CalendarLike
        >>> isinstance(BusinessCalendar.always("UTC"), CalendarLike)
        True
    """

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


# Documented and shown at its public path.
CalendarLike.__module__ = "servicekit.hours"
