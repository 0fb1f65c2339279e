"""WHEN: business calendars, office-hours planning and availability.

This package answers "are we open?", "how much open time lies between two instants?",
"when is a deadline in business time?", and, for a team spread across the world,
"which weekly slot suits most members, and what time is it for each of them?".
Everything here takes time-zone-aware datetimes and reads wall-clock hours in a named
IANA zone.
"""

from __future__ import annotations

from servicekit.hours._calendar import BusinessCalendar, Hours
from servicekit.hours._holidays import HolidayRule

__all__ = [
    "BusinessCalendar",
    "HolidayRule",
    "Hours",
]
