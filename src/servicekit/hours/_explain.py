"""What ``calendar.explain(a, b)`` returns: the counted intervals and the skipped days.

These are data for a support agent or a UI; ``str()`` gives a plain English summary
for logs and tickets (translated text belongs to the caller's templates).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Literal, NamedTuple

import attrs

from servicekit.hours._spec import DAY_KEYS, Span

__all__ = ["CountedInterval", "Explanation", "SkippedDay"]

UTC = timezone.utc


class _DayPlan(NamedTuple):
    """The rules in force on one local date (private to the calendar)."""

    day: date
    kind: str  # "hours", "override", "holiday" or "half_day"
    planned: tuple[Span, ...]  # weekly or override spans before holidays and closures
    spans: list[Span]  # what stays open
    cuts: list[Span]  # closure ranges relative to this date's midnight
    holiday: str | None  # the holiday's name ("" when unnamed), None when no holiday
    weekly: tuple[Span, ...] = ()  # the weekly hours in force on this date
    closes: int | None = None  # a half day's closing time (seconds after midnight)


def _hms(value: timedelta) -> str:
    """Format a duration as ``H:MM:SS`` with hours past 24 (``52:00:00``)."""
    micros = abs(value) // timedelta(microseconds=1)
    seconds, micro = divmod(micros, 1_000_000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    sign = "-" if value < timedelta(0) else ""
    text = f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{text}.{micro:06d}" if micro else text


def _clock(value: datetime) -> str:
    return f"{value:%H:%M:%S}" if value.second or value.microsecond else f"{value:%H:%M}"


def _day(value: date) -> str:
    return f"{value.isoformat()} {DAY_KEYS[value.weekday()].title()}"


@attrs.frozen
class CountedInterval:
    """An open interval that was counted, with the rule it comes from.

    Attributes:
        start: where it starts (clipped to the explained range), calendar zone.
        end: where it ends (clipped), calendar zone.
        day: the local date the interval belongs to (an overnight interval belongs
            to the date it starts on); for combined calendars the local date of
            ``start``.
        rule: ``"hours"`` (weekly hours), ``"override"`` (a dated override) or
            ``""`` (a combined calendar, whose intervals have no single rule).
        interval: the configured interval, e.g. ``"09:00-17:00"`` (``""`` when
            ``rule`` is empty).
    """

    start: datetime
    end: datetime
    day: date
    rule: Literal["hours", "override", ""]
    interval: str

    @property
    def duration(self) -> timedelta:
        """The real time between ``start`` and ``end``.

        (Subtracting two datetimes that share a tzinfo would give the difference of
        their wall readings, which is wrong across a DST change.)
        """
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)

    def __str__(self) -> str:
        end = _clock(self.end)
        if self.end.date() != self.start.date():
            end = f"{self.end.date().isoformat()} {end}"
        text = (
            f"{_day(self.day)} {_clock(self.start)}-{end} {self.start.tzname()}  "
            f"{_hms(self.duration)}"
        )
        if self.rule == "hours":
            return f"{text}  (weekly hours {self.interval})"
        if self.rule == "override":
            return f"{text}  (override {self.interval})"
        return text


@attrs.frozen
class SkippedDay:
    """A local date whose weekly hours (within the explained range) did not count.

    Attributes:
        day: the local date.
        reason: ``"holiday"``, ``"override"`` (an override closed the day),
            ``"closure"`` (part of the day was cut out) or ``"half_day"`` (a half-day
            holiday closed the day early).
        intervals: the weekly intervals that did not apply (holiday, override), the
            closure ranges (closure) or the range closed from the half day's
            closing time (half_day, e.g. ``"12:00-17:00"``).
        name: the holiday's name when python-holidays supplied one.
    """

    day: date
    reason: Literal["holiday", "override", "closure", "half_day"]
    intervals: tuple[str, ...]
    name: str | None = None

    def __str__(self) -> str:
        if self.reason == "holiday":
            suffix = f" ({self.name})" if self.name else ""
            return f"{_day(self.day)} closed: holiday{suffix}"
        if self.reason == "override":
            return f"{_day(self.day)} closed by an override"
        if self.reason == "half_day":
            suffix = f" ({self.name})" if self.name else ""
            return f"{_day(self.day)} half-day holiday{suffix}: closed {', '.join(self.intervals)}"
        return f"{_day(self.day)} closure {', '.join(self.intervals)}"


@attrs.frozen
class Explanation:
    """The open time between two instants, and where it came from.

    Attributes:
        start: the first instant asked about, in the calendar's zone.
        end: the second instant, in the calendar's zone.
        total: ``calendar.elapsed(start, end)`` (negative when ``end < start``).
        counted: the open intervals counted, in time order.
        skipped: the dates whose hours did not count, in date order.
    """

    start: datetime
    end: datetime
    total: timedelta
    counted: tuple[CountedInterval, ...]
    skipped: tuple[SkippedDay, ...] = ()

    def __str__(self) -> str:
        lo, hi = sorted((self.start, self.end))
        head = (
            f"{_hms(self.total)} open between {lo:%Y-%m-%d} {_clock(lo)} {lo.tzname()} "
            f"and {hi:%Y-%m-%d} {_clock(hi)} {hi.tzname()}:"
        )
        rows: list[tuple[date, int, str]] = [(c.day, 0, str(c)) for c in self.counted]
        rows += [(s.day, 1, str(s)) for s in self.skipped]
        rows.sort(key=lambda row: (row[0], row[1]))
        return "\n".join([head, *(f"  {text}" for _, _, text in rows)])
