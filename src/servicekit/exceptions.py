"""Errors raised by servicekit.

Every error derives from :class:`ServicekitError`. Each concrete error also derives
from the builtin exception a caller would expect, so ``except ValueError`` keeps
working for bad data. Wrong *types* stay a plain :class:`TypeError`.

Errors carry the offending data as attributes, pass all their constructor arguments
to :class:`Exception` so that they pickle, and their messages are lowercase, show the
bad value with ``repr`` and say how to fix it.

Example:
    >>> from servicekit.exceptions import ConfigError
    >>> err = ConfigError("'25:00' is not a time of day; expected 'HH:MM'", "hours.mon[1]")
    >>> str(err)
    "hours.mon[1]: '25:00' is not a time of day; expected 'HH:MM'"
    >>> isinstance(err, ValueError)
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "ConfigError",
    "InfeasibleError",
    "NaiveDatetimeError",
    "NoBusinessTimeError",
    "OutOfRangeError",
    "ServicekitError",
    "TransitionError",
    "UnknownTimeZoneError",
]


class ServicekitError(Exception):
    """The root of every error servicekit raises on purpose."""


class NaiveDatetimeError(ServicekitError, ValueError):
    """A datetime without ``tzinfo`` was given where an instant is required.

    Attributes:
        value: the naive datetime.
        field: the name of the argument or field that held it.
    """

    def __init__(self, value: object, field: str = "datetime") -> None:
        super().__init__(value, field)
        self.value = value
        self.field = field

    def __str__(self) -> str:
        return (
            f"{self.field} must be timezone-aware, got naive {self.value!r}; "
            "attach a zone, e.g. dt.replace(tzinfo=ZoneInfo('Europe/Berlin'))"
        )


class UnknownTimeZoneError(ServicekitError, ValueError):
    """A name is not a key of the IANA time-zone database.

    Attributes:
        key: the name that was looked up.
        field: where it came from (an argument or a config path).
    """

    def __init__(self, key: object, field: str = "timezone") -> None:
        super().__init__(key, field)
        self.key = key
        self.field = field

    def __str__(self) -> str:
        return (
            f"{self.field}: unknown time zone {self.key!r}; "
            "expected an IANA key like 'Europe/Berlin'"
        )


class ConfigError(ServicekitError, ValueError):
    """A definition or dict does not describe a valid value.

    Where a whole document is checked (``Flow.from_dict``, ``StatusMap.from_dict``, ...),
    one error lists every problem found: each is a ``ConfigError`` of its own in
    :attr:`problems`, with its path; a single problem is its own only entry.

    Attributes:
        msg: what is wrong and how to fix it.
        path: where in the input the problem is, e.g. ``hours.mon[1]``.

    Example:
        >>> err = ConfigError(
        ...     "2 problems",
        ...     "",
        ...     problems=[
        ...         ConfigError("unknown state 'x'", "transitions[0].target"),
        ...         ConfigError("not a category", "statuses.limbo"),
        ...     ],
        ... )
        >>> [p.path for p in err.problems]
        ['transitions[0].target', 'statuses.limbo']
        >>> ConfigError("bad", "hours").problems[0].path
        'hours'
    """

    def __init__(self, msg: str, path: str, problems: Iterable[ConfigError] = ()) -> None:
        super().__init__(msg, path)
        self.msg = msg
        self.path = path
        self._problems = tuple(problems)

    @property
    def problems(self) -> tuple[ConfigError, ...]:
        """Every problem found, in input order (``(self,)`` for a single problem)."""
        return self._problems or (self,)

    def __str__(self) -> str:
        return f"{self.path}: {self.msg}" if self.path else self.msg


class NoBusinessTimeError(ServicekitError, ValueError):
    """A calendar has no open time at all, or none within the search horizon.

    Raised instead of searching forever. A result that would fall outside the supported
    years is the subclass :class:`OutOfRangeError`.
    """


class OutOfRangeError(NoBusinessTimeError):
    """A result would fall outside the years a calendar supports (UTC 0002-9997).

    Raised by business-time arithmetic (``add``, ``subtract``, ``next_open``,
    ``next_close``) when the answer would lie before
    :data:`servicekit.hours.MIN_YEAR` or after :data:`servicekit.hours.MAX_YEAR`:
    the calendar has open time, but not within the years it can count. It derives
    from :class:`NoBusinessTimeError`, which was raised for this before, so
    ``except NoBusinessTimeError`` still catches it; catch ``OutOfRangeError`` to tell
    "too far" from "no open time".

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit.hours import BusinessCalendar
        >>> cal = BusinessCalendar.from_dict(
        ...     {"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}}
        ... )
        >>> try:
        ...     cal.add(datetime(9997, 12, 31, 9, tzinfo=timezone.utc), timedelta(hours=24))
        ... except OutOfRangeError as exc:
        ...     print(isinstance(exc, NoBusinessTimeError))
        True
    """


class InfeasibleError(ServicekitError, ValueError):
    """A target cannot be met by any input (staffing, slot, reply window, ...)."""


class TransitionError(ServicekitError):
    """An event is not allowed in a journey's current state.

    Attributes:
        event: the refused event.
        state: the state the journey was in.
        reasons: the unmet requirements, each a short sentence.
    """

    def __init__(self, event: str, state: str, reasons: Sequence[str] = ()) -> None:
        super().__init__(event, state, tuple(reasons))
        self.event = event
        self.state = state
        self.reasons: tuple[str, ...] = tuple(reasons)

    def __str__(self) -> str:
        head = f"event {self.event!r} is not allowed in state {self.state!r}"
        return f"{head}: {'; '.join(self.reasons)}" if self.reasons else head
