"""iCalendar export, parsed back by icalendar and expanded by recurring_ical_events."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta

import icalendar
import pytest
import recurring_ical_events

from servicekit._time import UTC
from servicekit.exceptions import ConfigError, NaiveDatetimeError
from servicekit.hours import OfficeHours

STAMP = datetime(2026, 1, 1, tzinfo=UTC)
SLOTS = [
    OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1)),
    OfficeHours("Europe/Berlin", "sun", "02:30", timedelta(hours=1)),  # gap in March
    OfficeHours("America/New_York", "sun", "01:30", timedelta(minutes=90)),  # fold in Nov
    OfficeHours("Australia/Lord_Howe", "sun", "02:15", timedelta(minutes=30)),  # 30-min gap
    OfficeHours("Asia/Kathmandu", "fri", "23:45", timedelta(minutes=45)),
]


def _expand(data: bytes, start: datetime, end: datetime) -> list[tuple[float, float]]:
    cal = icalendar.Calendar.from_ical(data)
    events = recurring_ical_events.of(cal).between(start, end)
    # compare instants as UTC seconds: == between zones is False for fold times (PEP 495)
    return sorted((e["DTSTART"].dt.timestamp(), e["DTEND"].dt.timestamp()) for e in events)


def _wall_clock_end(slot: OfficeHours, start: float) -> float:
    """End by wall-clock arithmetic (nominal wall start + duration), as the peer does."""
    day = datetime.fromtimestamp(start, slot.host).date()
    local = datetime.combine(day, slot.start) + slot.duration
    return local.replace(tzinfo=slot.host).timestamp()


@pytest.mark.parametrize("slot", SLOTS, ids=lambda s: f"{s.host.key}-{s.start}")
def test_expansion_matches_occurrences(slot):
    """A real iCalendar parser expands the RRULE to exactly our starts (2026-2027)."""
    data = slot.to_ical(first=date(2026, 1, 1), until=date(2027, 12, 31), stamp=STAMP)
    start = datetime(2025, 12, 29, tzinfo=UTC)
    end = datetime(2028, 1, 3, tzinfo=UTC)
    ours = [
        (o.start.timestamp(), o.end.timestamp())
        for o in slot.occurrences(start, end)
        if o.start.date() <= date(2027, 12, 31)
    ]
    theirs = _expand(data, start, end)
    assert 104 <= len(ours) <= 105
    assert [a for a, _ in ours] == [a for a, _ in theirs]
    for (a, b), (_, peer_end) in zip(ours, theirs, strict=True):
        assert slot.duration.total_seconds() == b - a
        # recurring_ical_events adds DURATION in wall-clock time; RFC 5545 (3.3.6) makes
        # hours and minutes exact, which is what servicekit does. They agree except when
        # an occurrence starts in a gap or spans a clock change.
        assert peer_end in (b, _wall_clock_end(slot, a))


def test_peer_differs_only_at_clock_changes():
    """The wall-clock vs elapsed disagreement shows up in the gap week and nowhere else."""
    slot = SLOTS[1]  # Berlin Sunday 02:30, in the gap on 2026-03-29
    data = slot.to_ical(first=date(2026, 3, 1), count=8, stamp=STAMP)
    march = datetime(2026, 3, 1, tzinfo=UTC)
    theirs = _expand(data, march, march.replace(year=2027))
    ours = [
        (o.start.timestamp(), o.end.timestamp())
        for o in slot.occurrences(march, march.replace(year=2027))
    ][:8]
    assert 8 == len(theirs)
    differ = [
        datetime.fromtimestamp(a, UTC).date()
        for (a, b), (_, e) in zip(ours, theirs, strict=True)
        if b != e
    ]
    assert [date(2026, 3, 29)] == differ


def test_event_properties():
    """One VEVENT with TZID'd DTSTART, weekly RRULE, DURATION, and a VTIMEZONE."""
    slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1), title="Q&A")
    cal = icalendar.Calendar.from_ical(
        slot.to_ical(first=date(2026, 3, 2), count=3, stamp=STAMP, description="bring questions")
    )
    (event,) = cal.walk("VEVENT")
    (tz,) = cal.walk("VTIMEZONE")
    assert "Europe/Berlin" == tz["TZID"]
    assert "Europe/Berlin" == event["DTSTART"].params["TZID"]
    assert "2026-03-03T18:00:00" == event["DTSTART"].dt.replace(tzinfo=None).isoformat()
    assert timedelta(hours=1) == event["DURATION"].dt
    assert {"FREQ": ["WEEKLY"], "BYDAY": ["TU"], "COUNT": [3]} == dict(event["RRULE"])
    assert "Q&A" == event["SUMMARY"]
    assert "bring questions" == event["DESCRIPTION"]
    assert event["UID"].endswith("@servicekit")
    assert STAMP == event["DTSTAMP"].dt


def test_rotation_interval():
    """A rotation slot repeats every n weeks from its own first week."""
    slot = OfficeHours("UTC", "mon", "09:00", timedelta(hours=1))
    data = slot.to_ical(first=date(2026, 6, 8), count=3, interval=2, stamp=STAMP)
    starts = [datetime.fromtimestamp(a, UTC) for a, _ in _expand(data, STAMP, STAMP.replace(2027))]
    assert [datetime(2026, 6, d, 9, tzinfo=UTC) for d in (8, 22)] + [
        datetime(2026, 7, 6, 9, tzinfo=UTC)
    ] == starts


def test_uid_is_stable_and_overridable():
    """The default UID depends only on the slot and first week; a given UID is kept."""
    slot = SLOTS[0]
    a = slot.to_ical(first=date(2026, 3, 2), count=1, stamp=STAMP)
    b = slot.to_ical(first=date(2026, 3, 4), count=1, stamp=STAMP)
    assert a == b
    custom = slot.to_ical(first=date(2026, 3, 2), count=1, stamp=STAMP, uid="abc@example.org")
    assert b"UID:abc@example.org" in custom


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"count": 2, "until": date(2026, 5, 1)}, ConfigError, "until or count, not both"),
        ({"count": 0}, ConfigError, "count: must be at least 1"),
        ({"interval": 0}, ConfigError, "interval"),
        ({"count": 2.0}, TypeError, "count must be an int"),
        ({"stamp": datetime(2026, 1, 1)}, NaiveDatetimeError, "stamp"),  # noqa: DTZ001
    ],
)
def test_bad_arguments(kwargs, error, match):
    """Contradictory or malformed arguments raise errors naming the field."""
    arguments = {"first": date(2026, 3, 2), "stamp": STAMP, **kwargs}
    with pytest.raises(error, match=match):
        SLOTS[0].to_ical(**arguments)


def test_missing_extra(monkeypatch):
    """Without icalendar the error names the extra to install."""
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(ImportError, match=r"servicekit\[ical\]"):
        SLOTS[0].to_ical(first=date(2026, 3, 2), count=1, stamp=STAMP)
