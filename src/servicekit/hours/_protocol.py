"""The calendar protocol, :class:`CalendarLike` (re-exported; see ``servicekit._calendar_like``)."""

from __future__ import annotations

from servicekit._calendar_like import CalendarLike

__all__ = ["CalendarLike"]
