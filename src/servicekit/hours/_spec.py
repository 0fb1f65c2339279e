"""The textual form of weekly hours, shared by calendars, members and availability.

A weekly-hours spec maps weekday keys to lists of ``"HH:MM-HH:MM"`` intervals::

    {"mon-fri": ["09:00-17:00"], "sat": ["10:00-14:00"], "sun": []}

- weekday keys are ``mon`` .. ``sun``, ranges such as ``mon-fri`` (``fri-mon`` wraps
  round the weekend), comma lists such as ``mon,wed``, and the words ``daily``,
  ``weekdays`` and ``weekend``;
- a day named by two keys is an error (no order-dependent overriding);
- ``"24:00"`` is the next midnight; ``close <= open`` crosses midnight, and the
  interval belongs to the day it starts on (``"22:00-06:00"``);
- intervals of one day may touch but not overlap (an overlap is almost always a typo);
- the whole spec may be the string ``"24/7"``.

Parsed hours are a :data:`Weekly` tuple: seven tuples (Monday first, as
:meth:`datetime.date.weekday`) of ``(open, close)`` seconds after the local midnight
of that day, with ``0 <= open < close <= open + 86400``, sorted by ``open``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import TypeAlias

from servicekit._time import SECONDS_PER_DAY, format_clock, parse_clock
from servicekit.exceptions import ConfigError

__all__ = [
    "ALWAYS",
    "DAY_KEYS",
    "Span",
    "Weekly",
    "format_interval",
    "format_weekly",
    "parse_day_keys",
    "parse_interval",
    "parse_intervals",
    "parse_weekly",
]

#: One open interval of a day, ``(open, close)`` in seconds after midnight (``close``
#: may pass midnight, up to 48 hours, for an overnight interval).
Span: TypeAlias = tuple[int, int]
#: A week of open intervals, Monday first: seven tuples of :data:`Span`.
Weekly: TypeAlias = tuple[tuple[Span, ...], ...]

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WORDS = {
    "daily": tuple(range(7)),
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
}
ALWAYS: Weekly = tuple(((0, SECONDS_PER_DAY),) for _ in range(7))


def parse_day_keys(key: object, path: str) -> tuple[int, ...]:
    """Parse ``"mon-fri"``, ``"sat"``, ``"mon,wed"`` or ``"daily"`` into weekday numbers.

    Example:
        >>> parse_day_keys("fri-mon", "hours")
        (4, 5, 6, 0)
    """
    if not isinstance(key, str):
        raise ConfigError(f"weekday key must be a string like 'mon-fri', got {key!r}", path)
    days: list[int] = []
    for raw in key.lower().split(","):
        part = raw.strip()
        if part in _WORDS:
            days.extend(_WORDS[part])
            continue
        first, sep, last = part.partition("-")
        if first not in DAY_KEYS or (sep and last not in DAY_KEYS):
            raise ConfigError(
                f"{key!r} is not a weekday key; use mon..sun, a range like 'mon-fri', "
                "a list like 'mon,wed', or daily/weekdays/weekend",
                path,
            )
        start = DAY_KEYS.index(first)
        stop = DAY_KEYS.index(last) if sep else start
        days.extend((start + i) % 7 for i in range((stop - start) % 7 + 1))
    if len(set(days)) != len(days):
        raise ConfigError(f"{key!r} names a weekday twice", path)
    return tuple(days)


def parse_interval(text: object, path: str) -> Span:
    """Parse ``"HH:MM-HH:MM"`` into ``(open, close)`` seconds after midnight.

    Example:
        >>> parse_interval("22:00-06:00", "hours.mon[0]")
        (79200, 108000)
        >>> parse_interval("09:00-24:00", "hours.mon[0]")
        (32400, 86400)
    """
    if not isinstance(text, str) or text.count("-") != 1:
        raise ConfigError(f"expected an interval like '09:00-17:00', got {text!r}", path)
    left, right = (part.strip() for part in text.split("-"))
    opens = parse_clock(left, path)
    closes = parse_clock(right, path)
    if opens == SECONDS_PER_DAY:
        raise ConfigError(f"{text!r} opens at 24:00; write '00:00' on the next day", path)
    if closes <= opens:
        closes += SECONDS_PER_DAY
    return (opens, closes)


def parse_intervals(items: object, path: str) -> tuple[Span, ...]:
    """Parse a list of intervals for one day, sorted, rejecting overlaps.

    Example:
        >>> parse_intervals(["13:00-17:00", "09:00-12:00"], "hours.mon")
        ((32400, 43200), (46800, 61200))
    """
    if isinstance(items, (str, Mapping)) or not isinstance(items, Iterable):
        raise ConfigError(f"expected a list of intervals like ['09:00-17:00'], got {items!r}", path)
    spans = sorted(parse_interval(item, f"{path}[{i}]") for i, item in enumerate(items))
    for before, after in pairwise(spans):
        if after[0] < before[1]:
            raise ConfigError(
                f"intervals {format_interval(before)!r} and {format_interval(after)!r} "
                "overlap; merge them into one",
                path,
            )
    return tuple(spans)


def parse_weekly(spec: object, path: str = "hours") -> Weekly:
    """Parse a weekly-hours spec (see the module docstring) into a :data:`Weekly`.

    Raises:
        ConfigError: with the path of the first bad key or interval.

    Example:
        >>> week = parse_weekly({"mon-fri": ["09:00-17:00"], "sat": ["10:00-14:00"]})
        >>> week[0], week[5], week[6]
        (((32400, 61200),), ((36000, 50400),), ())
    """
    if spec == "24/7":
        return ALWAYS
    if not isinstance(spec, Mapping):
        raise ConfigError(
            f"expected a mapping like {{'mon-fri': ['09:00-17:00']}} or '24/7', got {spec!r}",
            path,
        )
    days: list[tuple[Span, ...] | None] = [None] * 7
    for key, items in spec.items():
        where = f"{path}.{key}"
        spans = parse_intervals(items, where)
        for day in parse_day_keys(key, where):
            if days[day] is not None:
                raise ConfigError(
                    f"{DAY_KEYS[day]} is given by more than one key; name each day once", where
                )
            days[day] = spans
    return tuple(d or () for d in days)


def format_interval(span: Span) -> str:
    """Format ``(open, close)`` back as ``"HH:MM-HH:MM"`` (overnight as ``22:00-06:00``).

    Example:
        >>> format_interval((79200, 108000)), format_interval((0, 86400))
        ('22:00-06:00', '00:00-24:00')
    """
    opens, closes = span
    if closes > SECONDS_PER_DAY:
        closes -= SECONDS_PER_DAY
    return f"{format_clock(opens)}-{format_clock(closes)}"


def _check_weekly(week: object) -> None:
    shape = "seven tuples of (open, close) second pairs, Monday first"
    if not isinstance(week, tuple) or len(week) != 7:
        raise TypeError(f"week must be {shape}, got {type(week).__name__}")
    for day, spans in enumerate(week):
        if not isinstance(spans, tuple):
            raise TypeError(f"week[{day}] must be a tuple of (open, close) pairs")
        for i, span in enumerate(spans):
            ok = isinstance(span, tuple) and len(span) == 2
            if not ok or any(isinstance(x, bool) or not isinstance(x, int) for x in span):
                raise TypeError(f"week[{day}][{i}] must be an (open, close) pair of seconds")
            start, end = span
            if not 0 <= start < end <= start + SECONDS_PER_DAY or start >= SECONDS_PER_DAY:
                raise ConfigError(
                    f"must be 0 <= open < close <= open + 86400, got {span!r}", f"week[{day}][{i}]"
                )


def format_weekly(week: Weekly) -> dict[str, list[str]] | str:
    """Format a :data:`Weekly` as the most compact spec that parses back to it.

    Runs of consecutive days with the same hours become ranges; closed days are left out.

    Example:
        >>> format_weekly(parse_weekly({"mon-fri": ["09:00-17:00"], "sat": ["10:00-14:00"]}))
        {'mon-fri': ['09:00-17:00'], 'sat': ['10:00-14:00']}
        >>> format_weekly(ALWAYS)
        '24/7'

    Raises:
        TypeError: ``week`` is not seven tuples of ``(open, close)`` second pairs.
        ConfigError: a pair is out of range (``0 <= open < close <= open + 86400``,
            ``open < 86400``).
    """
    _check_weekly(week)
    if week == ALWAYS:
        return "24/7"
    out: dict[str, list[str]] = {}
    day = 0
    while day < 7:
        last = day
        while last + 1 < 7 and week[last + 1] == week[day]:
            last += 1
        if week[day]:
            key = DAY_KEYS[day] if last == day else f"{DAY_KEYS[day]}-{DAY_KEYS[last]}"
            out[key] = [format_interval(span) for span in week[day]]
        day = last + 1
    return out
