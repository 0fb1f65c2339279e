"""The compiled, lazily extended UTC timeline behind every calendar (private).

A :class:`Timeline` holds the open intervals of a calendar over a contiguous range of
UTC years as sorted integer arrays (microseconds since the epoch) plus the cumulative
open time before each interval. Queries are bisections: ``elapsed`` costs two,
``add`` three, whatever the span or the number of holidays. Years are compiled on
first use; the range only grows, one UTC year at a time, and a search never looks
more than :data:`HORIZON_YEARS` beyond the last open time it found.

Long spans are not compiled: a calendar that can count its open time arithmetically
(:mod:`servicekit.hours._periodic`) answers ``elapsed`` over any span, and ``add`` /
``subtract`` of any amount, from that count and compiles only the year where the
answer lies. Other calendars (combinations, python-holidays rules) compile at most
:data:`MAX_COMPILED_YEARS` years for one query and refuse a longer one with a
:class:`~servicekit.exceptions.ConfigError`.

Thread safety: the compiled state is one immutable :class:`_Snapshot` that is
replaced as a whole, so a reader always sees consistent arrays. Two threads that
extend at the same moment may both compile the same year; one result wins, and both
are equal. The arithmetic counter is built once, under a lock.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from threading import Lock
from typing import TYPE_CHECKING, NamedTuple

from servicekit.exceptions import ConfigError, NoBusinessTimeError, OutOfRangeError
from servicekit.hours._compile import MAX_YEAR, MIN_YEAR, US, Intervals, year_of, year_start

if TYPE_CHECKING:
    from servicekit.hours._periodic import Arithmetic

__all__ = ["HORIZON_YEARS", "MAX_COMPILED_YEARS", "CompiledHours", "Timeline"]

#: How far a search for open time looks past the last open time it found (DESIGN.md:
#: "none within the search horizon (default 10 years)").
HORIZON_YEARS = 10
#: The most UTC years one query may compile on a calendar that cannot count its open
#: time arithmetically (a combination of calendars, or one with python-holidays rules).
MAX_COMPILED_YEARS = 100

BlockFn = Callable[[int, int], Intervals]
ArithmeticFn = Callable[[], "Arithmetic | None"]


class CompiledHours(NamedTuple):
    """A calendar's open time over whole UTC years, in integer microseconds (public).

    Returned by :meth:`servicekit.hours.Hours.compiled`; the scalar queries
    (``elapsed``, ``add``, ``is_open``, ...) and the array queries
    (``elapsed_many``, ``add_many``, ``is_open_many``) read the same value. It is
    immutable: a calendar extends its compiled range by building a new one.
    """

    #: The first UTC year covered.
    first_year: int
    #: The last UTC year covered.
    last_year: int
    #: 1 January ``first_year`` 00:00 UTC, microseconds since the Unix epoch.
    lo: int
    #: 1 January ``last_year + 1`` 00:00 UTC (exclusive), microseconds.
    hi: int
    #: The opening instant of each open interval, sorted, microseconds.
    starts: tuple[int, ...]
    #: The matching closing instants (exclusive); intervals never touch.
    ends: tuple[int, ...]
    #: ``cumulative[i]`` is the open time in ``[lo, starts[i])``; the last entry
    #: (one more than there are intervals) is the total.
    cumulative: tuple[int, ...]

    def open_before(self, u: int) -> int:
        """Return the open time in ``[lo, u)`` for ``lo <= u <= hi`` (microseconds).

        Example:
            >>> view = CompiledHours(2026, 2026, 0, 100, (10, 50), (20, 60), (0, 10, 20))
            >>> view.open_before(15), view.open_before(55), view.open_before(100)
            (5, 15, 20)
        """
        i = bisect_right(self.starts, u) - 1
        if i < 0:
            return 0
        return self.cumulative[i] + min(u, self.ends[i]) - self.starts[i]


_Snapshot = CompiledHours


def _cumulate(starts: Sequence[int], ends: Sequence[int]) -> tuple[int, ...]:
    cum = [0] * (len(starts) + 1)
    total = 0
    for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
        cum[i] = total
        total += e - s
    cum[-1] = total
    return tuple(cum)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise OutOfRangeError(
            f"business time would reach the year {year}, outside the supported years "
            f"{MIN_YEAR:04d}-{MAX_YEAR}"
        )


class Timeline:
    """Lazily compiled open intervals of one calendar (mutable cache, private).

    Args:
        block: compiles UTC years ``first..last`` into merged intervals clipped to
            ``[1 Jan first, 1 Jan last+1)`` UTC, in microseconds.
        describe: a short description of the calendar for error messages.
    """

    __slots__ = ("_arith", "_arith_fn", "_block", "_describe", "_lock", "_snap")

    def __init__(
        self, block: BlockFn, describe: Callable[[], str], arithmetic: ArithmeticFn | None = None
    ) -> None:
        self._block = block
        self._describe = describe
        self._snap: _Snapshot | None = None
        self._arith_fn = arithmetic
        self._arith: Arithmetic | None = None
        self._lock = Lock()

    def _arithmetic(self) -> Arithmetic | None:
        """The calendar's arithmetic counter, built once (thread-safe), or None."""
        if self._arith_fn is None:
            return None
        found = self._arith
        if found is None:
            with self._lock:
                found = self._arith
                if found is None:  # pragma: no branch - else only when another thread won
                    found = self._arith_fn()
                    if found is None:
                        self._arith_fn = None
                        return None
                    self._arith = found
        return found

    def _too_long(self, years: int, field: str) -> ConfigError:
        return ConfigError(
            f"{self._describe()} is compiled year by year and one query may cover at most "
            f"{MAX_COMPILED_YEARS} years, this one {years}; split the query into shorter "
            "spans",
            field,
        )

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Timeline is a cache; pickle the calendar instead")

    # ------------------------------------------------------------------ compiling
    def _build(self, first: int, last: int) -> _Snapshot:
        _check_year(first)
        _check_year(last)
        starts, ends = self._block(first, last)
        return _Snapshot(
            first,
            last,
            year_start(first) * US,
            year_start(last + 1) * US,
            tuple(starts),
            tuple(ends),
            _cumulate(starts, ends),
        )

    def covering(self, *instants: int) -> _Snapshot:
        """Return a snapshot whose range covers all ``instants``.

        Raises:
            ConfigError: they span more than :data:`MAX_COMPILED_YEARS` years.
        """
        snap = self._snap
        if snap is not None and all(snap.lo <= u < snap.hi for u in instants):
            return snap
        lo_year = min(year_of(u) for u in instants)
        hi_year = max(year_of(u) for u in instants)
        if hi_year - lo_year >= MAX_COMPILED_YEARS:
            raise self._too_long(hi_year - lo_year + 1, "end")
        if (
            snap is None
            or lo_year > snap.last_year + 2
            or hi_year < snap.first_year - 2
            or max(hi_year, snap.last_year) - min(lo_year, snap.first_year) >= MAX_COMPILED_YEARS
        ):
            # Nothing compiled yet, or far away (or the cache would grow too long):
            # start afresh rather than compile the years in between.
            snap = self._build(lo_year, hi_year)
            self._snap = snap
            return snap
        if lo_year < snap.first_year:
            snap = self._extend_back(snap, lo_year)
        if hi_year > snap.last_year:
            snap = self._extend_forward(snap, hi_year)
        return snap

    def _extend_forward(self, snap: _Snapshot, last: int) -> _Snapshot:
        new = self._build(snap.last_year + 1, last)
        starts = list(snap.starts)
        ends = list(snap.ends)
        cum = list(snap.cumulative[:-1])
        total = snap.cumulative[-1]
        for s, e in zip(new.starts, new.ends, strict=True):
            if ends and ends[-1] == s:
                ends[-1] = e
            else:
                starts.append(s)
                ends.append(e)
                cum.append(total)
            total += e - s
        cum.append(total)
        out = _Snapshot(
            snap.first_year, last, snap.lo, new.hi, tuple(starts), tuple(ends), tuple(cum)
        )
        self._snap = out
        return out

    def _extend_back(self, snap: _Snapshot, first: int) -> _Snapshot:
        new = self._build(first, snap.first_year - 1)
        starts = list(new.starts)
        ends = list(new.ends)
        old_starts, old_ends = snap.starts, snap.ends
        if ends and old_starts and ends[-1] == old_starts[0]:
            ends[-1] = old_ends[0]
            starts.extend(old_starts[1:])
            ends.extend(old_ends[1:])
        else:
            starts.extend(old_starts)
            ends.extend(old_ends)
        out = _Snapshot(
            first,
            snap.last_year,
            new.lo,
            snap.hi,
            tuple(starts),
            tuple(ends),
            _cumulate(starts, ends),
        )
        self._snap = out
        return out

    def _no_time(self, direction: str, u: int) -> NoBusinessTimeError:
        return NoBusinessTimeError(
            f"{self._describe()} has no open time within {HORIZON_YEARS} years {direction} "
            f"the UTC year {year_of(u)}; check its hours, holidays and overrides"
        )

    def _forward(
        self, snap: _Snapshot, u: int, years: int = 1, origin: int | None = None
    ) -> _Snapshot:
        """Extend by ``years``, or raise if nothing opened for HORIZON_YEARS."""
        last_open = year_of(snap.ends[-1] - 1) if snap.ends else year_of(u)
        if snap.last_year + 1 > max(last_open, year_of(u)) + HORIZON_YEARS:
            raise self._no_time("after", u)
        last = snap.last_year + years
        if snap.last_year < MAX_YEAR:
            last = min(last, MAX_YEAR)
        # The bound is on the query's own span (from ``origin``, the instant asked
        # about): years compiled for earlier queries do not count against it.
        base = year_of(u if origin is None else origin)
        if last - base >= MAX_COMPILED_YEARS:
            raise self._too_long(last - base + 1, "duration")
        return self._extend_forward(snap, last)

    def _backward(
        self, snap: _Snapshot, u: int, years: int = 1, origin: int | None = None
    ) -> _Snapshot:
        first_open = year_of(snap.starts[0]) if snap.starts else year_of(u)
        if snap.first_year - 1 < min(first_open, year_of(u)) - HORIZON_YEARS:
            raise self._no_time("before", u)
        first = snap.first_year - years
        if snap.first_year > MIN_YEAR:
            first = max(first, MIN_YEAR)
        base = year_of(u if origin is None else origin)
        if base - first >= MAX_COMPILED_YEARS:
            raise self._too_long(base - first + 1, "duration")
        return self._extend_back(snap, first)

    @staticmethod
    def _years_for(snap: _Snapshot, need: int) -> int:
        """How many more years probably hold ``need`` more open time (at least 1).

        Estimated from the open time per year compiled so far, so that adding a
        century of business time compiles in a few steps rather than year by year.
        """
        total = snap.cumulative[-1]
        if total <= 0:
            return 1
        span = snap.last_year - snap.first_year + 1
        return max(1, -(-need * span // total))

    def block(self, first: int, last: int) -> Intervals:
        """Return the open intervals of UTC years ``first..last``, clipped to them."""
        lo, hi = year_start(first) * US, year_start(last + 1) * US
        snap = self.covering(lo, hi - 1)
        i = max(bisect_right(snap.starts, lo) - 1, 0)
        j = bisect_left(snap.starts, hi)
        starts = list(snap.starts[i:j])
        ends = list(snap.ends[i:j])
        if starts and ends[0] <= lo:
            del starts[0], ends[0]
        if starts:
            starts[0] = max(starts[0], lo)
            ends[-1] = min(ends[-1], hi)
        return starts, ends

    # ------------------------------------------------------------------ queries
    @staticmethod
    def _before(snap: _Snapshot, u: int) -> int:
        """Open time in ``[snap.lo, u)``."""
        i = bisect_right(snap.starts, u) - 1
        if i < 0:
            return 0
        return snap.cumulative[i] + min(u, snap.ends[i]) - snap.starts[i]

    def _at(self, u: int) -> _Snapshot:
        snap = self._snap
        if snap is None or not snap.lo <= u < snap.hi:
            snap = self.covering(u)
        return snap

    def is_open(self, u: int) -> bool:
        """Whether instant ``u`` is open."""
        snap = self._at(u)
        i = bisect_right(snap.starts, u) - 1
        return i >= 0 and u < snap.ends[i]

    def elapsed(self, a: int, b: int) -> int:
        """Open time in ``[a, b)``, negative when ``b < a``.

        Raises:
            ConfigError: more than :data:`MAX_COMPILED_YEARS` years apart on a
                calendar that cannot count arithmetically.
        """
        snap = self._snap
        if snap is None or not (snap.lo <= a < snap.hi and snap.lo <= b < snap.hi):
            arith = self._arithmetic() if abs(year_of(b) - year_of(a)) > 1 else None
            if arith is not None:
                return arith.measure(a, b) if a <= b else -arith.measure(b, a)
            snap = self.covering(a, b)
        return self._before(snap, b) - self._before(snap, a)

    def _far_add(self, u: int, d: int) -> int | None:
        """``add(u, d)`` counted arithmetically when it ends after the next UTC year."""
        arith = self._arithmetic()
        if arith is None or arith.weekly_total == 0:
            return None
        first = year_of(u) + 2
        if first > MAX_YEAR or arith.measure(u, year_start(first) * US) >= d:
            return None
        if arith.measure(u, year_start(MAX_YEAR + 1) * US) < d:
            raise OutOfRangeError(
                f"{self._describe()} has less open time than {d // US} s before the "
                f"supported years end ({MAX_YEAR}); give a shorter duration"
            )
        lo, hi = first, MAX_YEAR + 1  # measure(u, year lo) < d <= measure(u, year hi)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if arith.measure(u, year_start(mid) * US) < d:
                lo = mid
            else:
                hi = mid
        if arith.long_gap(year_of(u), lo + 1, HORIZON_YEARS):
            raise self._no_time("after", u)
        start = year_start(lo) * US
        return self.add(start, d - arith.measure(u, start))

    def _far_subtract(self, u: int, d: int) -> int | None:
        """``subtract(u, d)`` counted arithmetically when it starts before last UTC year."""
        arith = self._arithmetic()
        if arith is None or arith.weekly_total == 0:
            return None
        last = year_of(u) - 1
        if last < MIN_YEAR or arith.measure(year_start(last) * US, u) >= d:
            return None
        if arith.measure(year_start(MIN_YEAR) * US, u) < d:
            raise OutOfRangeError(
                f"{self._describe()} has less open time than {d // US} s after the "
                f"supported years begin ({MIN_YEAR:04d}); give a shorter duration"
            )
        lo, hi = MIN_YEAR, last  # measure(year lo, u) >= d > measure(year hi, u)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if arith.measure(year_start(mid) * US, u) < d:
                hi = mid
            else:
                lo = mid
        if arith.long_gap(hi - 1, year_of(u), HORIZON_YEARS):
            raise self._no_time("before", u)
        end = year_start(hi) * US
        return self.subtract(end, d - arith.measure(end, u))

    def next_open(self, u: int) -> int:
        """The first open instant ``>= u``."""
        snap = self._at(u)
        i = bisect_right(snap.starts, u) - 1
        if i >= 0 and u < snap.ends[i]:
            return u
        while i + 1 >= len(snap.starts):
            snap = self._forward(snap, u)
        return snap.starts[i + 1]

    def next_close(self, u: int) -> int:
        """The end of the open period containing ``u``, or of the next one."""
        snap = self._at(u)
        i = bisect_right(snap.starts, u) - 1
        if i < 0 or u >= snap.ends[i]:
            i += 1
        while True:
            while i >= len(snap.starts):
                snap = self._forward(snap, u)
            if snap.ends[i] < snap.hi:
                return snap.ends[i]
            # The period runs to the end of the compiled range: look further.
            if snap.last_year >= year_of(u) + HORIZON_YEARS:
                raise NoBusinessTimeError(
                    f"{self._describe()} does not close within {HORIZON_YEARS} years after "
                    f"the UTC year {year_of(u)}"
                )
            snap = self._extend_forward(snap, snap.last_year + 1)
            i = bisect_right(snap.starts, u) - 1
            if i < 0 or u >= snap.ends[i]:
                i += 1

    def last_close(self, u: int) -> int:
        """``u`` when open (or closing at ``u``), else the end of the last open period."""
        snap = self._at(u)
        while True:
            i = bisect_right(snap.starts, u) - 1
            if i >= 0:
                return min(u, snap.ends[i])
            snap = self._backward(snap, u)

    def add(self, u: int, d: int) -> int:
        """The earliest instant ``r`` with ``elapsed(u, r) == d`` (``d > 0``)."""
        snap = self._at(u)
        target = self._before(snap, u) + d
        if snap.cumulative[-1] < target:
            far = self._far_add(u, d)
            if far is not None:
                return far
        while snap.cumulative[-1] < target:
            years = self._years_for(snap, target - snap.cumulative[-1])
            snap = self._forward(snap, snap.ends[-1] if snap.ends else u, years, origin=u)
        k = bisect_left(snap.cumulative, target, 1)
        return snap.starts[k - 1] + target - snap.cumulative[k - 1]

    def subtract(self, u: int, d: int) -> int:
        """The latest instant ``r`` with ``elapsed(r, u) == d`` (``d > 0``)."""
        snap = self._at(u)
        target = self._before(snap, u) - d
        if target < 0:
            far = self._far_subtract(u, d)
            if far is not None:
                return far
        while target < 0:
            years = self._years_for(snap, -target)
            snap = self._backward(snap, snap.starts[0] if snap.starts else u, years, origin=u)
            target = self._before(snap, u) - d
        i = bisect_right(snap.cumulative, target, 0, len(snap.starts)) - 1
        return snap.starts[i] + target - snap.cumulative[i]

    def intervals(self, a: int, b: int) -> list[tuple[int, int]]:
        """The open intervals within ``[a, b)``, clipped."""
        if b <= a:
            return []
        snap = self.covering(a, b)
        i = max(bisect_right(snap.starts, a) - 1, 0)
        out: list[tuple[int, int]] = []
        while i < len(snap.starts) and snap.starts[i] < b:
            s = max(snap.starts[i], a)
            e = min(snap.ends[i], b)
            if s < e:
                out.append((s, e))
            i += 1
        return out
