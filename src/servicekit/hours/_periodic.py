"""Open time over long spans, counted arithmetically (private).

A business calendar without python-holidays rules is, away from its dated entries
(holidays, overrides, closures), one weekly wall-clock pattern ``W`` read through the
zone's UTC offset. Over a stretch of UTC time with one constant offset ``o`` its open
time is the measure of ``W`` over the wall readings ``[s + o, e + o)``: whole weeks
times the weekly total plus a bisection in one week. So the open time between two
instants is

* the sum, over the zone's constant-offset segments, of that measure (the *periodic*
  part), plus
* for every dated entry, the difference between the exact open time around it and
  the periodic one (a *correction*, computed once by compiling a few days).

The segments are not walked one by one over long spans: before a zone's first
explicit transition its offset is constant (one measure covers any number of years),
and after its last one :mod:`zoneinfo` follows the POSIX TZ rule of the file, which
repeats with the Gregorian calendar every 400 years (146,097 days, exactly 20,871
weeks); so whole 400-year cycles are counted by multiplication. The cost of a query is
then bounded by the zone's explicit transitions and the calendar's dated entries, never
by the span. Every result equals the one the compiled years give (tests compare them).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date
from threading import RLock
from typing import TYPE_CHECKING

from servicekit._time import SECONDS_PER_DAY, transition_span
from servicekit.hours._compile import (
    MAX_YEAR,
    MIN_YEAR,
    US,
    _offset,
    _year_segments,
    merge,
    wall_seconds,
    year_of,
    year_start,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from servicekit.hours._spec import Weekly

__all__ = ["Arithmetic", "Piecewise", "WeeklyMeasure"]

_DAY = SECONDS_PER_DAY
_WEEK = 7 * _DAY
_WEEK_US = _WEEK * US
#: Wall seconds of Monday 1970-01-05, the origin of the weekly pattern.
_MONDAY_US = 4 * _DAY * US
#: Gregorian years after which dates, weekdays and POSIX zone rules repeat.
CYCLE_YEARS = 400
#: A cycle's table costs about as much as walking this many years (its distinct years).
_WALK_YEARS = 32
#: A dated entry on local date ``d`` changes wall readings in ``[d, d + 2 days)``; no
#: offset exceeds 26 hours, so its UTC effect lies within ``[d - 2 days, d + 3 days)``.
_BEFORE_S = 2 * _DAY
_AFTER_S = 3 * _DAY
_FIRST_S = year_start(MIN_YEAR)
_END_S = year_start(MAX_YEAR + 1)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _weekday(year: int) -> int:
    return date(year, 1, 1).weekday()


class WeeklyMeasure:
    """The measure of a weekly wall-clock pattern over any range of wall readings."""

    __slots__ = ("_cum", "_ends", "_starts", "total")

    def __init__(self, hours: Weekly) -> None:
        flat: list[int] = []
        for day, spans in enumerate(hours):
            for opens, closes in spans:
                s, e = day * _DAY + opens, day * _DAY + closes
                if e <= _WEEK:
                    flat.extend((s, e))
                else:  # Sunday's overnight interval runs into Monday of the next week
                    flat.extend((s, _WEEK, 0, e - _WEEK))
        starts, ends = merge(flat, 0, _WEEK)
        self._starts = [s * US for s in starts]
        self._ends = [e * US for e in ends]
        cum = [0]
        for s, e in zip(self._starts, self._ends, strict=True):
            cum.append(cum[-1] + e - s)
        self._cum = cum
        #: Open time in one week (microseconds).
        self.total = cum[-1]

    def upto(self, wall: int) -> int:
        """Measure of the pattern over ``[Monday 1970-01-05, wall)`` (negative before)."""
        weeks, rest = divmod(wall - _MONDAY_US, _WEEK_US)
        i = bisect_right(self._starts, rest) - 1
        part = 0 if i < 0 else self._cum[i] + min(rest, self._ends[i]) - self._starts[i]
        return weeks * self.total + part


class Arithmetic:
    """Open time of one business calendar between any two instants, without compiling.

    Args:
        tz: the calendar's zone.
        weekly: its weekly pattern.
        dated: the local dates of its holidays, overrides and closures.
        exact: the exact open time in a short UTC range (microseconds), compiled.
    """

    def __init__(
        self,
        tz: object,
        weekly: WeeklyMeasure,
        dated: Iterable[date],
        exact: Callable[[int, int], int],
    ) -> None:
        self._tz = tz
        self._weekly = weekly
        #: Open time of the weekly pattern in one week (microseconds).
        self.weekly_total = weekly.total
        self._exact = exact
        self._lock = RLock()  # corrections may build the cycle table
        self._years: dict[int, int] = {}
        self._table: list[int] | None = None
        span = transition_span(tz)  # type: ignore[arg-type]
        if span is None:  # no file to read: walk every year (cached), nothing assumed
            self._const_until = MIN_YEAR
            self._cycle_from: int | None = None
            self._const_offset = 0
        else:
            first, last = (min(max(x, _FIRST_S), _END_S - 1) for x in span)
            self._const_until = year_of(first * US)
            self._const_offset = _offset(tz, first - 1) * US  # type: ignore[arg-type]
            cycle = year_of(last * US) + 1
            self._cycle_from = cycle if cycle + CYCLE_YEARS <= MAX_YEAR else None
        days = sorted({d for d in dated if MIN_YEAR - 1 <= d.year <= MAX_YEAR + 1})
        self._per_year: dict[int, int] = {}
        for day in days:
            self._per_year[day.year] = self._per_year.get(day.year, 0) + 1
        self._clusters(days)

    # ------------------------------------------------------------------ periodic part
    def _segments_measure(self, year: int, lo: int, hi: int) -> int:
        """Periodic open time in ``[lo, hi)``, a part of the UTC year ``year``."""
        starts, offsets = _year_segments(self._tz, year)  # type: ignore[arg-type]
        end = year_start(year + 1)
        upto = self._weekly.upto
        total = 0
        n = len(starts)
        for k in range(n):
            s = max(starts[k] * US, lo)
            e = min((starts[k + 1] if k + 1 < n else end) * US, hi)
            if s < e:
                o = offsets[k] * US
                total += upto(e + o) - upto(s + o)
        return total

    def _year(self, year: int) -> int:
        found = self._years.get(year)
        if found is None:
            found = self._segments_measure(year, year_start(year) * US, year_start(year + 1) * US)
            self._years[year] = found
        return found

    def _cycle_table(self, first: int) -> list[int]:
        table = self._table
        if table is None:
            with self._lock:
                table = self._table
                if table is None:  # pragma: no branch - else only when another thread won
                    table = [0, self._year(first)]
                    # From the second year on, a year's offsets follow the POSIX rule
                    # in it and in its neighbours, fixed by their leap years and the
                    # weekday of 1 January: years alike in those count alike.
                    alike: dict[tuple[bool, bool, bool, int], int] = {}
                    for year in range(first + 1, first + CYCLE_YEARS):
                        key = (_leap(year - 1), _leap(year), _leap(year + 1), _weekday(year))
                        if key not in alike:
                            alike[key] = self._year(year)
                        table.append(table[-1] + alike[key])
                    self._table = table
        return table

    def _whole_years(self, y0: int, y1: int) -> int:
        """Periodic open time of the UTC years ``y0 .. y1 - 1``."""
        total = 0
        year = y0
        if year < min(y1, self._const_until):
            stop = min(y1, self._const_until)
            upto, off = self._weekly.upto, self._const_offset
            total += upto(year_start(stop) * US + off) - upto(year_start(year) * US + off)
            year = stop
        cycle = self._cycle_from
        if cycle is not None and self._table is None and y1 - max(year, cycle) <= _WALK_YEARS:
            cycle = None  # walking these few years costs less than a cycle's table
        walk_to = y1 if cycle is None else min(y1, cycle)
        while year < walk_to:
            total += self._year(year)
            year += 1
        if cycle is not None and year < y1:
            table = self._cycle_table(cycle)

            def upto_year(y: int) -> int:
                whole, rest = divmod(y - cycle, CYCLE_YEARS)
                return whole * table[-1] + table[rest]

            total += upto_year(y1) - upto_year(year)
        return total

    def periodic(self, a: int, b: int) -> int:
        """Open time of the weekly pattern alone in ``[a, b)`` (``a <= b``, microseconds)."""
        ya, yb = year_of(a), year_of(b)
        if ya == yb:
            return self._segments_measure(ya, a, b)
        return (
            self._segments_measure(ya, a, year_start(ya + 1) * US)
            + self._whole_years(ya + 1, yb)
            + self._segments_measure(yb, year_start(yb) * US, b)
        )

    # ------------------------------------------------------------------ corrections
    def _clusters(self, days: list[date]) -> None:
        flat: list[int] = []
        for day in days:
            base = wall_seconds(day)
            flat.extend((base - _BEFORE_S, base + _AFTER_S))
        starts, ends = merge(flat, _FIRST_S, _END_S)
        self._lo = [s * US for s in starts]
        self._hi = [e * US for e in ends]
        self._cum: list[int] | None = None

    def _correction(self, lo: int, hi: int) -> int:
        return self._exact(lo, hi) - self.periodic(lo, hi)

    def _corrections(self) -> list[int]:
        cum = self._cum
        if cum is None:
            with self._lock:
                cum = self._cum
                if cum is None:  # pragma: no branch - else only when another thread won
                    cum = [0]
                    for lo, hi in zip(self._lo, self._hi, strict=True):
                        cum.append(cum[-1] + self._correction(lo, hi))
                    self._cum = cum
        return cum

    def measure(self, a: int, b: int) -> int:
        """Open time in ``[a, b)`` (``a <= b``, microseconds within the supported years)."""
        total = self.periodic(a, b)
        i = bisect_right(self._hi, a)  # first cluster ending after a
        j = bisect_left(self._lo, b)  # clusters i..j-1 meet [a, b)
        if i >= j:
            return total
        cum = self._corrections()
        if self._lo[i] < a:
            total += self._correction(a, min(self._hi[i], b))
            i += 1
        if i < j and self._hi[j - 1] > b:
            j -= 1
            total += self._correction(self._lo[j], b)
        return total + cum[j] - cum[i]

    def long_gap(self, y0: int, y1: int, horizon: int) -> bool:
        """Whether ``horizon`` consecutive UTC years between ``y0`` and ``y1`` are closed.

        Only the years strictly between count. With weekly open time, a UTC year can
        only be closed throughout if dated entries cover nearly every week of it; only
        such years are measured.
        """
        per = self._per_year
        candidates = sorted({y for year in per for y in (year - 1, year, year + 1) if y0 < y < y1})
        run, last = 0, None
        for year in candidates:
            near = per.get(year - 1, 0) + per.get(year, 0) + per.get(year + 1, 0)
            closed = near >= 20 and not self.measure(
                year_start(year) * US, year_start(year + 1) * US
            )
            if not closed:
                run = 0
                continue
            run = run + 1 if last == year - 1 else 1
            last = year
            if run >= horizon:
                return True
        return False


class Piecewise(Arithmetic):
    """Open time of a calendar whose weekly hours or holidays change on given dates.

    Each piece of rules has its own :class:`Arithmetic` counter, as if it held for
    ever; the *periodic* part here is their sum, each over the UTC time from its
    switch instant (the change date's midnight read as UTC) to the next. Away from a
    change date (more than two days before it or three after, the same reach as a
    dated entry) the calendar is its piece, so the counters are exact there; the few
    days around each change date are corrected by the exact, compiled count, as
    dated entries are. Cost: bounded by the number of changes and dated entries,
    never by the span.

    Args:
        parts: one counter per piece, in date order.
        switches: the UTC instants (microseconds) where piece ``k + 1`` takes over.
        dated: the local dates of every piece's holidays, overrides and closures.
        changes: the change dates.
        exact: the exact open time in a short UTC range, compiled.
    """

    def __init__(
        self,
        parts: Sequence[Arithmetic],
        switches: Sequence[int],
        dated: Iterable[date],
        changes: Sequence[date],
        exact: Callable[[int, int], int],
    ) -> None:
        self._parts = list(parts)
        self._switches = list(switches)
        #: The least weekly open time of any piece: zero when one piece has none, so
        #: that far searches compile (and apply the search horizon) instead.
        self.weekly_total = min(part.weekly_total for part in parts)
        self._exact = exact
        self._lock = RLock()
        self._full: list[int] | None = None
        days = sorted({d for d in dated if MIN_YEAR - 1 <= d.year <= MAX_YEAR + 1})
        self._per_year = {}
        # A change can close about a week's open time (the days before it follow
        # the old hours, the days after the new ones): it counts as two dated entries.
        for day in [*days, *changes, *changes]:
            self._per_year[day.year] = self._per_year.get(day.year, 0) + 1
        self._clusters(sorted({d for d in changes if MIN_YEAR - 1 <= d.year <= MAX_YEAR + 1}))

    def _whole(self) -> list[int]:
        """Cumulative open time of the pieces between two switches (built once)."""
        full = self._full
        if full is None:
            with self._lock:
                full = self._full
                if full is None:  # pragma: no branch - else only when another thread won
                    full = [0, 0]
                    for k in range(1, len(self._parts) - 1):
                        lo, hi = self._switches[k - 1], self._switches[k]
                        full.append(full[-1] + self._part(k, lo, hi))
                    self._full = full
        return full

    def _part(self, k: int, a: int, b: int) -> int:
        """Open time of piece ``k`` alone in ``[a, b)``, clipped to the supported years."""
        lo, hi = max(a, _FIRST_S * US), min(b, _END_S * US)
        return self._parts[k].measure(lo, hi) if lo < hi else 0

    def periodic(self, a: int, b: int) -> int:
        """Open time of the pieces, each over its own stretch, in ``[a, b)`` (``a <= b``)."""
        i = bisect_right(self._switches, a)
        j = bisect_right(self._switches, b)
        if i == j:
            return self._parts[i].measure(a, b)
        total = self._part(i, a, self._switches[i]) + self._part(j, self._switches[j - 1], b)
        if j - i > 1:
            full = self._whole()
            total += full[j] - full[i + 1]
        return total
