"""WHEN: business calendars, office-hours planning and availability.

This package answers "are we open?", "how much open time lies between two instants?",
"when is a deadline in business time?", and, for a team spread across the world,
"which weekly slot suits most members, and what time is it for each of them?".
Everything here takes time-zone-aware datetimes and reads wall-clock hours in a named
IANA zone.
"""

from __future__ import annotations

from servicekit._time import tz_database_version, zone
from servicekit.hours._algebra import CombinedCalendar, calendar_from_dict
from servicekit.hours._availability import CHANNELS, Availability
from servicekit.hours._calendar import BusinessCalendar, Change, Hours
from servicekit.hours._compile import MAX_YEAR, MIN_YEAR
from servicekit.hours._explain import CountedInterval, Explanation, SkippedDay
from servicekit.hours._holidays import HolidayRule
from servicekit.hours._members import Member
from servicekit.hours._office import MemberTime, Occurrence, OfficeHours
from servicekit.hours._office_plan import Absence, DstShift, SlotProposal, plan_office_hours
from servicekit.hours._protocol import CalendarLike
from servicekit.hours._spec import Span, Weekly, format_weekly, parse_weekly
from servicekit.hours._timeline import CompiledHours

__all__ = [
    "CHANNELS",
    "MAX_YEAR",
    "MIN_YEAR",
    "Absence",
    "Availability",
    "BusinessCalendar",
    "CalendarLike",
    "Change",
    "CombinedCalendar",
    "CompiledHours",
    "CountedInterval",
    "DstShift",
    "Explanation",
    "HolidayRule",
    "Hours",
    "Member",
    "MemberTime",
    "Occurrence",
    "OfficeHours",
    "SkippedDay",
    "SlotProposal",
    "Span",
    "Weekly",
    "calendar_from_dict",
    "format_weekly",
    "parse_weekly",
    "plan_office_hours",
    "tz_database_version",
    "zone",
]
