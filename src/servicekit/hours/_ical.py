"""iCalendar (RFC 5545) export of office hours (private; needs the ``ical`` extra).

The slot becomes one recurring ``VEVENT``:

- ``DTSTART;TZID=<host zone>`` holds the host's wall-clock start of the first
  occurrence, and ``RRULE:FREQ=WEEKLY;BYDAY=..`` repeats it in that wall time, which
  is exactly the slot rule of servicekit (a start in a DST gap moves forward by the
  gap and a fold takes the first occurrence: RFC 5545 section 3.3.5 says the same);
- ``DURATION`` (not ``DTEND``) carries the length, because the length is elapsed time;
- a ``VTIMEZONE`` built from the zone rules servicekit uses (the ``tzdata`` package
  by default) travels with the event, so that a calendar program with older rules
  shows the same instants.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from servicekit._time import UTC, require_aware
from servicekit.exceptions import ConfigError
from servicekit.hours._office import week_start

if TYPE_CHECKING:
    from servicekit.hours._office import OfficeHours

__all__ = ["office_hours_to_ical"]

_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def office_hours_to_ical(  # noqa: C901 - a flat list of checks and properties
    slot: OfficeHours,
    *,
    first: date,
    stamp: datetime,
    until: date | None = None,
    count: int | None = None,
    interval: int = 1,
    uid: str | None = None,
    description: str | None = None,
) -> bytes:
    """Export a slot as an iCalendar file with one recurring event.

    Args:
        slot: the office hours.
        first: a date in the host-local week of the first occurrence.
        stamp: the ``DTSTAMP`` (when the file was made; servicekit reads no clock).
        until: the last host-local date an occurrence may fall on (inclusive).
        count: the number of occurrences (instead of ``until``).
        interval: hold the slot every ``interval`` weeks (a rotation of ``n`` slots
            uses ``n``).
        uid: the event's ``UID``; by default a stable hash of the slot and ``first``.
        description: the event's ``DESCRIPTION``.

    Returns:
        The iCalendar text as UTF-8 bytes.

    Raises:
        ImportError: the ``icalendar`` package is missing (``pip install servicekit[ical]``).
        ConfigError: both ``until`` and ``count``, or a bad ``count``/``interval``.
        NaiveDatetimeError: ``stamp`` is naive.
    """
    try:
        import icalendar  # noqa: PLC0415 - optional extra, imported when used
    except ImportError as err:
        raise ImportError(
            "iCalendar export needs the icalendar package; "
            "install it with: pip install 'servicekit[ical]'"
        ) from err
    require_aware(stamp, "stamp")
    if until is not None and count is not None:
        raise ConfigError("give until or count, not both", "until")
    for name, value in (("count", count), ("interval", interval)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if value is not None and value < 1:
            raise ConfigError(f"must be at least 1, got {value!r}", name)
    local_day = week_start(first, slot.host, "first") + timedelta(days=slot.weekday)
    dtstart = datetime.combine(local_day, slot.start, tzinfo=slot.host)

    rule: dict[str, object] = {"FREQ": "WEEKLY", "BYDAY": _BYDAY[slot.weekday]}
    if interval != 1:
        rule["INTERVAL"] = interval
    if count is not None:
        rule["COUNT"] = count
    if until is not None:
        # UNTIL is UTC when DTSTART has a TZID (RFC 5545 3.3.10): the end of that day.
        last = datetime.combine(until + timedelta(days=1), datetime.min.time(), slot.host)
        rule["UNTIL"] = (last.astimezone(UTC) - timedelta(seconds=1)).replace(tzinfo=UTC)

    if uid is None:
        seed = f"{slot.to_dict()}|{local_day.isoformat()}|{interval}"
        uid = hashlib.sha256(seed.encode()).hexdigest()[:32] + "@servicekit"

    cal = icalendar.Calendar()
    cal.add("prodid", "-//servicekit//office hours//EN")
    cal.add("version", "2.0")
    horizon = until or (local_day + timedelta(weeks=(count or 52) * interval))
    cal.add_component(
        icalendar.Timezone.from_tzinfo(
            slot.host,
            tzid=slot.host.key,
            first_date=local_day - timedelta(days=366),
            last_date=horizon + timedelta(days=366),
        )
    )
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("summary", slot.title if slot.title is not None else "Office hours")
    event.add("dtstart", dtstart)
    event.add("duration", slot.duration)
    event.add("rrule", rule)
    if description is not None:
        event.add("description", description)
    cal.add_component(event)
    return bytes(cal.to_ical())
