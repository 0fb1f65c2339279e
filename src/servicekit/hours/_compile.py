"""Turn wall-clock hours into sorted UTC intervals (private).

Everything here works on integers: UTC instants are microseconds since the Unix
epoch, wall-clock instants are "wall seconds" (the local reading written as if it were
UTC, in seconds since the epoch). Integers keep ``elapsed(t, add(t, d)) == d`` exact.

The mapping from a wall-clock interval to UTC follows the membership rule of
DESIGN.md: an instant ``u`` belongs to the wall interval ``[w0, w1)`` iff its local
reading ``u + offset(u)`` lies in it. Over a stretch of UTC time with one constant
offset that is the UTC interval ``[w0 - offset, w1 - offset)``; so each wall interval
is mapped once per constant-offset segment of the zone and the pieces are merged. On a
fall-back night a wall interval that covers the repeated hour maps to more real time,
on a spring-forward night to less, and one lying wholly inside the gap to nothing.

Office hours (:mod:`servicekit.hours._members`) use the same mapping over short UTC
windows (:func:`window_segments`), so both parts of the package agree to the second.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta, tzinfo
from threading import Lock
from typing import TypeAlias

from servicekit._time import SECONDS_PER_DAY, UTC, require_aware
from servicekit.exceptions import ConfigError

__all__ = [
    "EPOCH",
    "MAX_YEAR",
    "MIN_YEAR",
    "US",
    "Intervals",
    "Segments",
    "difference",
    "from_us",
    "intersection",
    "map_wall",
    "merge",
    "offset_segments",
    "supported_day",
    "supported_instant",
    "to_us",
    "union",
    "wall_seconds",
    "window_segments",
    "year_of",
    "year_start",
]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = 1_000_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
#: The first UTC year a calendar supports (public as ``servicekit.hours.MIN_YEAR``).
#: Compiled years are limited so that a margin of a few days either side still fits
#: in :class:`datetime.date`: an instant before 0002-01-01T00:00Z is a ``ConfigError``,
#: a result before it an :class:`~servicekit.exceptions.OutOfRangeError`.
MIN_YEAR = 2
#: The last UTC year a calendar supports (public as ``servicekit.hours.MAX_YEAR``): an
#: instant from 9998-01-01T00:00Z on is a ``ConfigError``, a result from then on an
#: :class:`~servicekit.exceptions.OutOfRangeError`.
MAX_YEAR = 9997
#: No zone has ever been more than 26 hours from UTC (the largest offsets in the tz
#: database are local mean times of about -15:56 and +15:13).
_MAX_OFFSET_S = 26 * 3600
#: Zone offsets are sampled once a day and bisected to the second where they change.
#: This finds every change as long as no zone changes its UTC offset twice within a
#: day. Checked for every zone of the tzdata package (tests/test_calendar.py,
#: ``TestZoneSampling``): the closest two offset changes of any zone are more than two
#: days apart; rule-based (future) changes are months apart.
_SAMPLE_S = 24 * 3600

Intervals: TypeAlias = "tuple[list[int], list[int]]"
#: Constant-offset segments of a zone: starts (UTC seconds), offsets, end of the last.
Segments: TypeAlias = "tuple[list[int], list[int], int]"


def to_us(value: datetime) -> int:
    """Return an aware datetime as integer microseconds since the epoch."""
    delta = value - EPOCH
    return (delta.days * SECONDS_PER_DAY + delta.seconds) * US + delta.microseconds


def from_us(value: int, tz: tzinfo) -> datetime:
    """Return microseconds since the epoch as an aware datetime in ``tz``."""
    if value >= 0 and not value % US:
        # The common case, about twice as fast; negative timestamps fail on Windows.
        return datetime.fromtimestamp(value // US, tz)
    return (EPOCH + timedelta(microseconds=value)).astimezone(tz)


def supported_instant(value: object, field: str) -> int:
    """An aware datetime within the supported years, as microseconds since the epoch.

    Raises:
        TypeError: not a datetime.
        NaiveDatetimeError: no zone.
        ConfigError: outside the UTC years 0002-9997, where every zone's local reading
            and the days around an instant still fit in :class:`datetime.datetime`.
    """
    u = to_us(require_aware(value, field))
    if not year_start(MIN_YEAR) * US <= u < year_start(MAX_YEAR + 1) * US:
        raise ConfigError(
            f"{value!r} lies outside the supported years {MIN_YEAR:04d}-{MAX_YEAR} (UTC); "
            "give an instant within them",
            field,
        )
    return u


def supported_day(value: date, field: str) -> date:
    """Return a local date within the supported years.

    Raises:
        ConfigError: a date before 0002-01-01 or after 9997-12-31.
    """
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ConfigError(
            f"{value.isoformat()!r} lies outside the supported years {MIN_YEAR:04d}-{MAX_YEAR}; "
            "give a date within them",
            field,
        )
    return value


def year_start(year: int) -> int:
    """Return 1 January ``year`` 00:00 UTC in seconds since the epoch."""
    return (date(year, 1, 1).toordinal() - _EPOCH_ORDINAL) * SECONDS_PER_DAY


def year_of(us: int) -> int:
    """Return the UTC calendar year of an instant in microseconds."""
    return date.fromordinal(_EPOCH_ORDINAL + us // (SECONDS_PER_DAY * US)).year


def wall_seconds(day: date) -> int:
    """Return local midnight of ``day`` in wall seconds."""
    return (day.toordinal() - _EPOCH_ORDINAL) * SECONDS_PER_DAY


def _offset(tz: tzinfo, seconds: int) -> int:
    if seconds >= 0:
        # Twice as fast; negative timestamps are refused on Windows.
        local = datetime.fromtimestamp(seconds, tz)
    else:
        local = (EPOCH + timedelta(seconds=seconds)).astimezone(tz)
    off = local.utcoffset()
    # A datetime made with a tzinfo always has an offset.
    assert off is not None  # noqa: S101 - documents the invariant for mypy
    return off.days * SECONDS_PER_DAY + off.seconds


_segments_cache: dict[tuple[tzinfo, int], tuple[tuple[int, ...], tuple[int, ...]]] = {}
_segments_lock = Lock()


def _scan(tz: tzinfo, lo: int, hi: int) -> tuple[list[int], list[int]]:
    """Offset segments of ``tz`` over ``[lo, hi)`` (UTC seconds): (starts, offsets).

    ``starts[0] == lo``; consecutive offsets differ. The offsets at ``lo`` and at ``hi``
    are read, so both must have a local reading that :class:`datetime` can show.
    """
    starts = [lo]
    offsets = [_offset(tz, lo)]
    cur = lo
    while cur < hi:
        nxt = min(cur + _SAMPLE_S, hi)
        off_next = _offset(tz, nxt)
        if off_next == offsets[-1]:
            cur = nxt
            continue
        # Find the first second whose offset differs from the current one.
        left, right = cur, nxt
        while right - left > 1:
            mid = (left + right) // 2
            if _offset(tz, mid) == offsets[-1]:
                left = mid
            else:
                right = mid
        starts.append(right)
        offsets.append(_offset(tz, right))
        cur = right
    return starts, offsets


def _year_segments(tz: tzinfo, year: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Offset segments of ``tz`` starting in the UTC year: (starts, offsets), cached."""
    key = (tz, year)
    found = _segments_cache.get(key)
    if found is not None:
        return found
    lo = year_start(year)
    if year < MIN_YEAR:
        # 0001-01-01 00:00 UTC has no local reading west of Greenwich; the margin
        # years before MIN_YEAR are only read near their end.
        lo += 2 * SECONDS_PER_DAY
    starts, offsets = _scan(tz, lo, year_start(year + 1))
    result = (tuple(starts), tuple(offsets))
    with _segments_lock:
        _segments_cache[key] = result
    return result


def offset_segments(tz: tzinfo, first_year: int, last_year: int) -> Segments:
    """Return the constant-offset segments of ``tz`` over whole UTC years.

    Returns:
        ``(starts, offsets, end)``: segment ``k`` runs from ``starts[k]`` to
        ``starts[k + 1]`` (UTC seconds) with UTC offset ``offsets[k]`` seconds; the
        last one runs to ``end``, 1 January ``last_year + 1``.
    """
    starts: list[int] = []
    offsets: list[int] = []
    for year in range(first_year, last_year + 1):
        ys, yo = _year_segments(tz, year)
        for s, o in zip(ys, yo, strict=True):
            if offsets and offsets[-1] == o:
                continue
            starts.append(s)
            offsets.append(o)
    return starts, offsets, year_start(last_year + 1)


def window_segments(tz: tzinfo, lo: int, hi: int) -> Segments:
    """Return the constant-offset segments of ``tz`` over ``[lo, hi)`` (UTC seconds).

    The same sampling as :func:`offset_segments`, over a short stretch instead of
    whole years and not cached: office hours look at a week or an hour at a time, in
    many zones. The first segment starts at ``lo``, the last one runs to ``hi``.

    Example:
        >>> from servicekit._time import zone
        >>> night = 1774746000  # 2026-03-29 01:00 UTC, Berlin springs forward
        >>> window_segments(zone("Europe/Berlin"), night - 60, night + 60)
        ([1774745940, 1774746000], [3600, 7200], 1774746060)
    """
    starts, offsets = _scan(tz, lo, hi)
    return starts, offsets, hi


def map_wall(w0: int, w1: int, segments: Segments, out: list[int]) -> None:
    """Append the UTC pieces (seconds) of the wall interval ``[w0, w1)`` to ``out``.

    ``out`` receives flat ``start, end`` pairs. Only instants that the segments cover
    are mapped: segments covering ``[w0 - 26 h, w1 + 26 h)`` give every piece, and
    segments covering a UTC stretch give the pieces within it.
    """
    seg_starts, seg_offsets, seg_end = segments
    k = bisect_right(seg_starts, w0 - _MAX_OFFSET_S) - 1
    k = max(k, 0)
    n = len(seg_starts)
    stop = w1 + _MAX_OFFSET_S
    while k < n and seg_starts[k] < stop:
        off = seg_offsets[k]
        lo = max(seg_starts[k], w0 - off)
        hi = min(seg_starts[k + 1] if k + 1 < n else seg_end, w1 - off)
        if lo < hi:
            out.append(lo)
            out.append(hi)
        k += 1


def merge(flat: list[int], clip_lo: int, clip_hi: int) -> Intervals:
    """Sort, merge (touching intervals join) and clip flat ``start, end`` pairs."""
    starts: list[int] = []
    ends: list[int] = []
    last = clip_lo - 1  # end of the last interval kept; below every clipped start at first
    for s0, e0 in sorted(zip(flat[::2], flat[1::2], strict=True)):
        # comparisons, not max()/min() calls: this loop runs once per interval
        s = s0 if s0 > clip_lo else clip_lo  # noqa: FURB136 - about twice as fast
        e = e0 if e0 < clip_hi else clip_hi  # noqa: FURB136
        if s >= e:
            continue
        if s <= last:
            if e > last:
                ends[-1] = last = e
        else:
            starts.append(s)
            ends.append(e)
            last = e
    return starts, ends


def union(a: Intervals, b: Intervals) -> Intervals:
    """Return the union of two merged interval lists."""
    flat: list[int] = []
    for starts, ends in (a, b):
        for s, e in zip(starts, ends, strict=True):
            flat.append(s)
            flat.append(e)
    if not flat:
        return [], []
    return merge(flat, min(flat[::2]), max(flat[1::2]))


def intersection(a: Intervals, b: Intervals) -> Intervals:
    """Return the intersection of two merged interval lists."""
    a_starts, a_ends = a
    b_starts, b_ends = b
    starts: list[int] = []
    ends: list[int] = []
    i = j = 0
    while i < len(a_starts) and j < len(b_starts):
        lo = max(a_starts[i], b_starts[j])
        hi = min(a_ends[i], b_ends[j])
        if lo < hi:
            starts.append(lo)
            ends.append(hi)
        if a_ends[i] < b_ends[j]:
            i += 1
        else:
            j += 1
    return starts, ends


def difference(a: Intervals, b: Intervals) -> Intervals:
    """Return the parts of ``a`` not covered by ``b`` (both merged lists)."""
    b_starts, b_ends = b
    starts: list[int] = []
    ends: list[int] = []
    for s0, e in zip(*a, strict=True):
        s = s0
        j = bisect_left(b_ends, s + 1)  # first b interval ending after s
        while s < e and j < len(b_starts) and b_starts[j] < e:
            if b_starts[j] > s:
                starts.append(s)
                ends.append(b_starts[j])
            s = max(s, b_ends[j])
            j += 1
        if s < e:
            starts.append(s)
            ends.append(e)
    return starts, ends
