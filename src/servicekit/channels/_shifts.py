"""Shift scheduling: which shifts, starting when, cover the heads each interval needs.

The programme is the set-covering model of Dantzig (1954), with every break placement
of a template enumerated as its own pattern (the explicit model; see
``docs/explanation/queueing.md`` for the formulation). It is solved as a mixed-integer
programme by :func:`scipy.optimize.milp` (HiGHS), imported when a schedule is asked
for: the ``schedule`` extra (``pip install 'servicekit[schedule]'``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, time, timedelta
from numbers import Real
from typing import TYPE_CHECKING, Any, Literal

import attrs

from servicekit._fields import as_tuple
from servicekit._time import UTC, ZoneInfo, as_zone, parse_clock, require_aware
from servicekit.channels._profile import (
    StaffingPlan,
    _duration_text,
    _interval_seconds,
    _overflow,
    _pandas,
)
from servicekit.exceptions import ConfigError, InfeasibleError

if TYPE_CHECKING:
    from datetime import tzinfo

__all__ = [
    "Break",
    "CoverageRow",
    "ScheduledShift",
    "ShiftSchedule",
    "ShiftTemplate",
    "schedule_shifts",
]

Objective = Literal["cost", "coverage"]

_DAY = timedelta(days=1)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: The most intervals a schedule covers (twelve weeks of half hours).
MAX_INTERVALS = 4032
#: The most shift patterns (template × start × break placement) one programme holds.
MAX_PATTERNS = 200_000
#: The most heads a template or a schedule may have (a bound that keeps the solver's
#: numbers exact).
MAX_HEADS = 1_000_000_000
#: The longest a solver may run, in seconds (a day).
MAX_TIME_LIMIT = 86_400.0
#: The highest cost of one shift, and the highest weight (HiGHS reads 1e20 as infinite).
MAX_COST = 1e12
#: The most break placements one template may have per start.
MAX_PLACEMENTS = 1_000
_MISSING = "schedule_shifts needs scipy (HiGHS): pip install 'servicekit[schedule]'"


# --------------------------------------------------------------------------- values
def _duration(value: object, field: str) -> timedelta:
    if not isinstance(value, timedelta):
        raise TypeError(f"{field} must be a timedelta, got {type(value).__name__}")
    return value


def _check_nonnegative(_: object, attribute: attrs.Attribute[timedelta], value: object) -> None:
    if _duration(value, attribute.name) < timedelta(0):
        raise ConfigError(f"must be 0 or longer, got {value!r}", attribute.name)


def _check_positive(_: object, attribute: attrs.Attribute[timedelta], value: object) -> None:
    if _duration(value, attribute.name) <= timedelta(0):
        raise ConfigError(f"must be longer than 0, got {value!r}", attribute.name)


def _check_bool(_: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be a bool, got {type(value).__name__}")


def _read_duration(data: Mapping[str, Any], key: str, prefix: str) -> timedelta:
    value = data[key]
    if isinstance(value, str):
        return _duration_text(value, f"{prefix}{key}")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ConfigError(
            f"expected an ISO-8601 duration like 'PT30M' or seconds, got {value!r}", prefix + key
        )
    try:
        seconds = float(value)
    except OverflowError:
        raise _overflow(prefix + key) from None
    if not math.isfinite(seconds) or abs(seconds) > 10 * 86_400:
        raise ConfigError(f"must be a duration of at most 10 days, got {value!r}", prefix + key)
    return timedelta(seconds=seconds)


def _check_keys(data: object, keys: Sequence[str], required: Sequence[str], path: str) -> str:
    prefix = f"{path}." if path else ""
    if not isinstance(data, Mapping):
        raise ConfigError(f"expected a mapping, got {type(data).__name__}", path or "value")
    for key in data:
        if key not in keys:
            raise ConfigError(
                f"unknown key {key!r}; expected one of {', '.join(keys)}", f"{prefix}{key}"
            )
    for key in required:
        if key not in data:
            raise ConfigError("is required", f"{prefix}{key}")
    return prefix


@attrs.frozen(kw_only=True)
class Break:
    """A break inside a shift: how long, and where it may start.

    A head on a break does not cover the interval, whether the break is paid or not.

    Attributes:
        length: the break's length.
        earliest: the earliest start, as time after the shift's start.
        latest: the latest start, as time after the shift's start (``>= earliest``).
        paid: whether the break is paid time (an unpaid break is not in the cost).

    Example:
        >>> from datetime import timedelta
        >>> Break(
        ...     length=timedelta(minutes=30), earliest=timedelta(hours=3), latest=timedelta(hours=5)
        ... )
        Break(length=datetime.timedelta(seconds=1800), earliest=datetime.timedelta(seconds=10800), latest=datetime.timedelta(seconds=18000), paid=False)
    """  # noqa: E501 - doctest lines

    length: timedelta = attrs.field(validator=_check_positive)
    earliest: timedelta = attrs.field(validator=_check_nonnegative)
    latest: timedelta = attrs.field(validator=_check_nonnegative)
    paid: bool = attrs.field(default=False, validator=_check_bool)

    def __attrs_post_init__(self) -> None:
        if self.latest < self.earliest:
            raise ConfigError(
                f"{self.latest!r} is before earliest {self.earliest!r}; give latest >= earliest",
                "latest",
            )

    def to_dict(self) -> dict[str, Any]:
        """Return the break as plain JSON values (durations in seconds)."""
        return {
            "length": self.length.total_seconds(),
            "earliest": self.earliest.total_seconds(),
            "latest": self.latest.total_seconds(),
            "paid": self.paid,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> Break:
        """Read a break; durations as ISO 8601 (``"PT30M"``) or seconds.

        Raises:
            ConfigError: naming the path of the bad field.

        Example:
            >>> Break.from_dict({"length": "PT30M", "earliest": "PT3H", "latest": "PT4H"}).latest
            datetime.timedelta(seconds=14400)
        """
        keys = ("length", "earliest", "latest", "paid")
        prefix = _check_keys(data, keys, keys[:3], path)
        kwargs: dict[str, Any] = {key: _read_duration(data, key, prefix) for key in keys[:3]}
        paid = data.get("paid", False)
        if not isinstance(paid, bool):
            raise ConfigError(f"expected true or false, got {paid!r}", f"{prefix}paid")
        try:
            return cls(paid=paid, **kwargs)
        except ConfigError as error:
            raise ConfigError(error.msg, f"{prefix}{error.path}") from None


def _to_windows(value: object) -> tuple[tuple[time, time], ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"starts must be a sequence of (earliest, latest) times, got {value!r}")
    windows = tuple(value)
    for index, window in enumerate(windows):
        if not (
            isinstance(window, tuple)
            and len(window) == 2
            and all(isinstance(t, time) and t.tzinfo is None for t in window)
        ):
            raise TypeError(f"starts[{index}] must be a pair of naive times, got {window!r}")
    return windows


def _to_days(value: object) -> frozenset[int]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"days must be weekday numbers 0-6, got {value!r}")
    days = frozenset(value)
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int):
            raise TypeError(f"days must be weekday numbers 0-6, got {day!r}")
    return days


def _to_breaks(value: object) -> tuple[Break, ...]:
    return as_tuple(value, "breaks", "a list of Break values")


def _check_heads(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name == "max_heads":
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name} must be an int, got {type(value).__name__}")
    if not 0 <= value <= MAX_HEADS:
        raise ConfigError(f"must be between 0 and {MAX_HEADS:,}, got {value!r}", attribute.name)


def _check_cost(_: object, _attribute: attrs.Attribute[float | None], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"cost must be a number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        raise _overflow("cost") from None
    if not 0 <= number <= MAX_COST:
        raise ConfigError(f"must be a number from 0 to {MAX_COST:g}, got {value!r}", "cost")


@attrs.frozen(kw_only=True)
class ShiftTemplate:
    """A kind of shift: its length, when it may start, its breaks, its heads and cost.

    Attributes:
        name: the template's name (a row label).
        length: the shift's length from start to end, breaks included, at most a day.
        starts: windows ``(earliest, latest)`` of local wall-clock start times, both
            ends included; ``latest < earliest`` wraps past midnight.
        days: weekdays (0 = Monday) on which a shift may start; every day by default.
        breaks: the breaks, in order; each lies wholly inside the shift.
        cost: the cost of one head working one such shift; ``None`` for its paid hours
            (length less unpaid breaks, in hours).
        min_heads: the fewest heads on this template over the whole schedule.
        max_heads: the most heads on this template over the whole schedule, or ``None``.

    Example:
        >>> from datetime import time, timedelta
        >>> early = ShiftTemplate(
        ...     name="early", length=timedelta(hours=8), starts=[(time(6), time(8))]
        ... )
        >>> early.paid_hours
        8.0
    """

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    length: timedelta = attrs.field(validator=_check_positive)
    starts: tuple[tuple[time, time], ...] = attrs.field(converter=_to_windows)
    days: frozenset[int] = attrs.field(default=frozenset(range(7)), converter=_to_days)
    breaks: tuple[Break, ...] = attrs.field(default=(), converter=_to_breaks)
    cost: float | None = attrs.field(default=None, validator=_check_cost)
    min_heads: int = attrs.field(default=0, validator=_check_heads)
    max_heads: int | None = attrs.field(default=None, validator=_check_heads)

    def __attrs_post_init__(self) -> None:
        if not self.name.strip():
            raise ConfigError("must not be empty", "name")
        if self.length > _DAY:
            raise ConfigError(f"must be at most a day, got {self.length!r}", "length")
        if not self.starts:
            raise ConfigError("needs at least one start window", "starts")
        if not self.days or not self.days <= set(range(7)):
            raise ConfigError(
                f"must be weekdays 0-6 (0 = Monday), got {sorted(self.days)!r}", "days"
            )
        end = timedelta(0)
        for index, item in enumerate(self.breaks):
            if not isinstance(item, Break):
                raise TypeError(f"breaks[{index}] must be a Break, got {type(item).__name__}")
            if item.latest + item.length > self.length:
                raise ConfigError(
                    f"a break starting as late as {item.latest!r} runs past the shift's end "
                    f"({self.length!r}); move it earlier or shorten it",
                    f"breaks[{index}]",
                )
            if item.earliest < end:
                raise ConfigError(
                    "may start before the previous break ends; give breaks in order, "
                    "each starting after the previous one's latest end",
                    f"breaks[{index}].earliest",
                )
            end = item.latest + item.length
        if self.max_heads is not None and self.max_heads < self.min_heads:
            raise ConfigError(
                f"{self.max_heads!r} is below min_heads {self.min_heads!r}", "max_heads"
            )

    @property
    def paid_hours(self) -> float:
        """The paid hours of one shift (its length less its unpaid breaks)."""
        unpaid = sum((b.length for b in self.breaks if not b.paid), timedelta(0))
        return (self.length - unpaid).total_seconds() / 3600.0

    @property
    def shift_cost(self) -> float:
        """The cost of one head on one shift (``cost``, or the paid hours)."""
        return self.paid_hours if self.cost is None else float(self.cost)

    def to_dict(self) -> dict[str, Any]:
        """Return the template as plain JSON values (the form :meth:`from_dict` reads)."""
        data: dict[str, Any] = {
            "name": self.name,
            "length": self.length.total_seconds(),
            "starts": [f"{a.isoformat()}-{b.isoformat()}" for a, b in self.starts],
            "days": [_WEEKDAYS[d] for d in sorted(self.days)],
            "breaks": [b.to_dict() for b in self.breaks],
            "min_heads": self.min_heads,
        }
        if self.cost is not None:
            data["cost"] = self.cost
        if self.max_heads is not None:
            data["max_heads"] = self.max_heads
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> ShiftTemplate:
        """Read a template.

        ``length`` as ISO 8601 or seconds; ``starts`` as ``"HH:MM-HH:MM"`` windows (or
        one ``"HH:MM"``);
        ``days`` as ``["mon-fri", "sat"]``; ``breaks`` as :meth:`Break.from_dict` reads.

        Raises:
            ConfigError: naming the path of the bad field.

        Example:
            >>> t = ShiftTemplate.from_dict(
            ...     {
            ...         "name": "day",
            ...         "length": "PT8H30M",
            ...         "starts": ["08:00-09:00"],
            ...         "days": ["mon-fri"],
            ...         "breaks": [{"length": "PT30M", "earliest": "PT3H", "latest": "PT5H"}],
            ...     }
            ... )
            >>> t.paid_hours, sorted(t.days)
            (8.0, [0, 1, 2, 3, 4])
        """
        keys = ("name", "length", "starts", "days", "breaks", "cost", "min_heads", "max_heads")
        prefix = _check_keys(data, keys, ("name", "length", "starts"), path)
        kwargs: dict[str, Any] = {"length": _read_duration(data, "length", prefix)}
        kwargs["name"] = data["name"]
        if not isinstance(kwargs["name"], str):
            raise ConfigError(f"expected a string, got {kwargs['name']!r}", f"{prefix}name")
        kwargs["starts"] = _read_windows(data["starts"], f"{prefix}starts")
        if "days" in data:
            kwargs["days"] = _read_days(data["days"], f"{prefix}days")
        breaks = data.get("breaks", [])
        if not isinstance(breaks, list):
            raise ConfigError(f"expected a list of breaks, got {breaks!r}", f"{prefix}breaks")
        kwargs["breaks"] = [
            Break.from_dict(item, f"{prefix}breaks[{index}]") for index, item in enumerate(breaks)
        ]
        for key in ("cost", "min_heads", "max_heads"):
            if key not in data or (data[key] is None and key != "min_heads"):
                continue
            value = data[key]
            wanted = Real if key == "cost" else int
            if isinstance(value, bool) or not isinstance(value, wanted):
                kind = "a number" if key == "cost" else "a whole number"
                raise ConfigError(f"expected {kind}, got {value!r}", f"{prefix}{key}")
            kwargs[key] = value
        try:
            return cls(**kwargs)
        except ConfigError as error:
            raise ConfigError(error.msg, f"{prefix}{error.path}") from None


def _read_windows(value: object, path: str) -> list[tuple[time, time]]:
    if not isinstance(value, list) or not value:
        raise ConfigError(f"expected a non-empty list like ['07:00-09:00'], got {value!r}", path)
    windows = []
    for index, item in enumerate(value):
        here = f"{path}[{index}]"
        if not isinstance(item, str) or item.count("-") > 1:
            raise ConfigError(f"expected 'HH:MM-HH:MM' or one 'HH:MM', got {item!r}", here)
        first, _, last = item.partition("-")
        last = last or first
        a, b = parse_clock(first.strip(), here), parse_clock(last.strip(), here)
        if a >= 86_400 or b >= 86_400:
            raise ConfigError(f"start times lie before 24:00, got {item!r}", here)
        windows.append((_clock(a), _clock(b)))
    return windows


def _clock(seconds: int) -> time:
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def _read_days(value: object, path: str) -> set[int]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise ConfigError(f"expected weekdays like ['mon-fri', 'sat'], got {value!r}", path)
    days: set[int] = set()
    for index, item in enumerate(items):
        here = f"{path}[{index}]"
        parts = item.lower().split("-") if isinstance(item, str) else [None]
        if len(parts) > 2 or not all(p in _WEEKDAYS for p in parts):
            raise ConfigError(f"expected a weekday like 'mon' or 'mon-fri', got {item!r}", here)
        first, last = _WEEKDAYS.index(parts[0]), _WEEKDAYS.index(parts[-1])
        days.update((first + k) % 7 for k in range((last - first) % 7 + 1))
    return days


# --------------------------------------------------------------------------- results
@attrs.frozen(kw_only=True)
class ScheduledShift:
    """Heads working one template from one start, a row of :class:`ShiftSchedule`.

    Attributes:
        template: the template's name.
        start: the shift's aware start, in the schedule's zone.
        end: its end (start plus length, in real elapsed time).
        heads: the people working it.
        breaks: ``(start, end)`` of each break.
        cost: ``heads`` times the template's cost per shift.
    """

    template: str
    start: datetime
    end: datetime
    heads: int
    breaks: tuple[tuple[datetime, datetime], ...]
    cost: float

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain values (breaks as a list of pairs)."""
        row = attrs.asdict(self, recurse=False)
        row["breaks"] = [list(pair) for pair in self.breaks]
        return row


@attrs.frozen(kw_only=True)
class CoverageRow:
    """Required against scheduled heads in one interval.

    Attributes:
        start: the interval's aware start.
        end: its end.
        required: heads the interval needs.
        scheduled: heads at work and not on a break in it.
        under: heads missing (``max(0, required - scheduled)``).
        over: heads beyond the requirement.
    """

    start: datetime
    end: datetime
    required: int
    scheduled: int
    under: int
    over: int

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain values."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class ShiftSchedule:
    """The shifts chosen by :func:`schedule_shifts`, and the coverage they give.

    Attributes:
        covered: every interval has at least the heads it needs.
        optimal: the solver proved the answer optimal (else it stopped at its time
            limit with the best answer found).
        objective: ``"cost"`` (least cost covering everything) or ``"coverage"``
            (least weighted under- and over-coverage, then least cost).
        cost: the total cost of the shifts.
        heads: the total heads over all shifts.
        shifts: one :class:`ScheduledShift` per template and start with heads, by start.
        coverage: one :class:`CoverageRow` per interval.
    """

    covered: bool
    optimal: bool
    objective: str
    cost: float
    heads: int
    shifts: tuple[ScheduledShift, ...]
    coverage: tuple[CoverageRow, ...]

    @property
    def uncovered(self) -> tuple[CoverageRow, ...]:
        """The intervals with fewer heads than they need."""
        return tuple(row for row in self.coverage if row.under)

    def to_rows(self) -> list[dict[str, Any]]:
        """Return the coverage rows as plain dicts, ready for ``pandas.DataFrame``."""
        return [row.to_dict() for row in self.coverage]

    def shift_rows(self) -> list[dict[str, Any]]:
        """Return the shifts as plain dicts, ready for ``pandas.DataFrame``."""
        return [shift.to_dict() for shift in self.shifts]

    def to_pandas(self) -> Any:  # noqa: ANN401 - pandas is optional
        """Return the coverage as a pandas DataFrame indexed by interval start.

        Raises:
            ImportError: pandas is not installed (``pip install servicekit[pandas]``).
        """
        pd = _pandas()
        columns = [field.name for field in attrs.fields(CoverageRow)]
        return pd.DataFrame(self.to_rows(), columns=columns).set_index("start")

    def shifts_to_pandas(self) -> Any:  # noqa: ANN401 - pandas is optional
        """Return the shifts as a pandas DataFrame.

        Raises:
            ImportError: pandas is not installed (``pip install servicekit[pandas]``).
        """
        pd = _pandas()
        columns = [field.name for field in attrs.fields(ScheduledShift)]
        return pd.DataFrame(self.shift_rows(), columns=columns)


# --------------------------------------------------------------------------- the grid
@attrs.frozen
class _Pattern:
    template: int
    start: int  # interval index
    breaks: tuple[int, ...]  # break start offsets, in intervals from the shift start


def _requirements(
    requirements: object, interval: timedelta | None
) -> tuple[list[datetime], list[int], int]:
    if isinstance(requirements, StaffingPlan):
        step = int(requirements.interval.total_seconds())
        pairs: list[Any] = list(requirements.requirements)
    else:
        step = _interval_seconds(timedelta(minutes=30) if interval is None else interval)
        if isinstance(requirements, (str, bytes, Mapping)) or not isinstance(
            requirements, Iterable
        ):
            raise TypeError(
                "requirements must be a StaffingPlan or (start, heads) pairs, "
                f"got {type(requirements).__name__}"
            )
        pairs = list(requirements)
    if not pairs:
        raise ConfigError("needs at least one interval", "requirements")
    if len(pairs) > MAX_INTERVALS:
        raise ConfigError(
            f"holds {len(pairs)} intervals; a schedule covers at most {MAX_INTERVALS}",
            "requirements",
        )
    starts: list[datetime] = []
    heads: list[int] = []
    for index, pair in enumerate(pairs):
        here = f"requirements[{index}]"
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"{here} must be a (start, heads) pair, got {type(pair).__name__}")
        start = require_aware(pair[0], f"{here}[0]")
        count = pair[1]
        if isinstance(count, bool) or not isinstance(count, int):
            raise TypeError(f"{here}[1] must be an int, got {type(count).__name__}")
        if not 0 <= count <= MAX_HEADS:
            raise ConfigError(f"must be between 0 and {MAX_HEADS:,}, got {count!r}", f"{here}[1]")
        if starts and start.timestamp() != starts[-1].timestamp() + step:
            raise ConfigError(
                f"{start.isoformat()!r} does not follow the previous interval; give every "
                f"interval of the horizon in order, {step} s apart (0 heads where none "
                "are needed)",
                f"{here}[0]",
            )
        starts.append(start)
        heads.append(count)
    return starts, heads, step


def _multiple(value: timedelta, step: int, path: str) -> int:
    seconds = value.total_seconds()
    if seconds % step:
        raise ConfigError(
            f"{value!r} is not a whole number of {step}-second intervals; align it to the grid",
            path,
        )
    return int(seconds // step)


def _placements(template: ShiftTemplate, step: int, path: str) -> list[tuple[int, ...]]:
    """Every combination of break starts (in intervals from the shift's start)."""
    options = []
    for index, item in enumerate(template.breaks):
        here = f"{path}.breaks[{index}]"
        _multiple(item.length, step, f"{here}.length")
        first = _multiple(item.earliest, step, f"{here}.earliest")
        last = _multiple(item.latest, step, f"{here}.latest")
        options.append(range(first, last + 1))
    # The template's validator keeps each break after the previous one's latest end, so
    # every combination of starts is a valid placement.
    if math.prod(len(option) for option in options) > MAX_PLACEMENTS:
        raise ConfigError(
            f"its breaks may be placed in more than {MAX_PLACEMENTS} ways; narrow the "
            "break windows",
            f"{path}.breaks",
        )
    return list(itertools.product(*options))


def _allowed(local: datetime, template: ShiftTemplate) -> bool:
    if local.weekday() not in template.days:
        return False
    wall = local.time().replace(tzinfo=None, fold=0)
    for first, last in template.starts:
        if first <= last:
            if first <= wall <= last:
                return True
        elif wall >= first or wall <= last:
            return True
    return False


def _patterns(
    templates: Sequence[ShiftTemplate], starts: list[datetime], step: int, zone: tzinfo
) -> tuple[list[_Pattern], list[int], list[list[int]]]:
    patterns: list[_Pattern] = []
    lengths, break_lengths = [], []
    locals_ = [start.astimezone(zone) for start in starts]
    for t, template in enumerate(templates):
        path = f"templates[{t}]"
        lengths.append(_multiple(template.length, step, f"{path}.length"))
        combos = _placements(template, step, path)
        break_lengths.append([_multiple(b.length, step, path) for b in template.breaks])
        for k, local in enumerate(locals_):
            if _allowed(local, template):
                patterns.extend(_Pattern(t, k, combo) for combo in combos)
                if len(patterns) > MAX_PATTERNS:
                    raise ConfigError(
                        f"the templates give more than {MAX_PATTERNS} shift patterns "
                        "(template × start × break placement); narrow the start or break "
                        "windows, or schedule fewer intervals at once",
                        "templates",
                    )
    return patterns, lengths, break_lengths


def _covered(pattern: _Pattern, length: int, breaks: list[int], horizon: int) -> list[int]:
    resting: set[int] = set()
    for offset, size in zip(pattern.breaks, breaks, strict=True):
        resting.update(range(offset, offset + size))
    last = min(pattern.start + length, horizon)
    return [k for k in range(pattern.start, last) if k - pattern.start not in resting]


# --------------------------------------------------------------------------- solving
def _scipy() -> tuple[Any, Any, Any, Any, Any]:
    """Return numpy, ``Bounds``, ``LinearConstraint``, ``milp`` and ``csr_array``."""
    try:
        import numpy as np  # noqa: PLC0415 - optional extra
        from scipy.optimize import Bounds, LinearConstraint, milp  # noqa: PLC0415
        from scipy.sparse import csr_array  # noqa: PLC0415
    except ImportError as error:
        raise ImportError(_MISSING) from error
    return np, Bounds, LinearConstraint, milp, csr_array


def _number(value: object, field: str, *, positive: bool = False, top: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{field} must be a number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        raise _overflow(field) from None
    if not (number <= top and (number > 0 if positive else number >= 0)):
        wanted = "greater than 0" if positive else "0 or more"
        bound = f" and at most {top:g}" if top < math.inf else ", and finite"
        raise ConfigError(f"must be {wanted}{bound}, got {value!r}", field)
    return number


def schedule_shifts(
    requirements: StaffingPlan | Iterable[tuple[datetime, int]],
    templates: Sequence[ShiftTemplate],
    *,
    interval: timedelta | None = None,
    timezone: str | ZoneInfo | None = None,
    max_heads: int | None = None,
    budget: float | None = None,
    objective: Objective = "cost",
    under_weight: float = 1.0,
    over_weight: float = 0.0,
    time_limit: float = 60.0,
) -> ShiftSchedule:
    """Choose how many heads start each template when, to cover every interval.

    With ``objective="cost"`` the answer is the least-cost set of shifts that gives
    every interval at least the heads it needs. When the caps (``max_heads``,
    ``budget``, or the templates' own ``max_heads``) make that impossible, or with
    ``objective="coverage"``, it is the set with the least
    ``under_weight × Σ under + over_weight × Σ over`` (heads missing or beyond the
    requirement, summed over intervals), and among those the cheapest; the intervals
    left short are in :attr:`ShiftSchedule.uncovered`. A head on a break does not cover
    the interval. Both are mixed-integer programmes solved by HiGHS through
    :func:`scipy.optimize.milp` (extra ``schedule``).

    Args:
        requirements: a :class:`StaffingPlan` (its scheduled heads) or ``(start, heads)``
            pairs, one per interval, contiguous and in order.
        templates: the shift templates.
        interval: the length of each interval when ``requirements`` are pairs
            (default 30 minutes); a plan brings its own.
        timezone: the zone the templates' start windows and weekdays are read in;
            default the zone of the first interval's start.
        max_heads: the most heads over all shifts (a headcount cap), or ``None``.
        budget: the most the shifts may cost in all, or ``None``.
        objective: ``"cost"`` or ``"coverage"`` (see above).
        under_weight: weight of a head missing in an interval, ``> 0``.
        over_weight: weight of a head beyond the requirement in an interval, ``>= 0``.
        time_limit: seconds the solver may spend on each programme, ``> 0``.

    Returns:
        The :class:`ShiftSchedule`.

    Raises:
        ConfigError: intervals not contiguous (``requirements[i][0]``), negative heads,
            a template length or break not a whole number of intervals
            (``templates[i].length``), more than 4,032 intervals or 200,000 shift
            patterns, a bad weight, cap or time limit.
        InfeasibleError: the templates' ``min_heads`` cannot fit under ``max_heads`` or
            ``budget``, or the solver found no schedule within ``time_limit``.
        ImportError: scipy is not installed (extra ``schedule``).
        TypeError: a value of the wrong type.

    Example:
        >>> from datetime import datetime, time, timedelta, timezone
        >>> nine = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> need = [(nine + k * timedelta(hours=1), n) for k, n in enumerate([1, 2, 2, 1])]
        >>> two_hours = ShiftTemplate(
        ...     name="short", length=timedelta(hours=2), starts=[(time(9), time(11))]
        ... )
        >>> plan = schedule_shifts(need, [two_hours], interval=timedelta(hours=1))
        >>> plan.covered, plan.cost, [(str(s.start.time()), s.heads) for s in plan.shifts]
        (True, 6.0, [('09:00:00', 1), ('10:00:00', 1), ('11:00:00', 1)])
    """
    starts, required, step = _requirements(requirements, interval)
    if isinstance(templates, (str, bytes, Mapping)) or not isinstance(templates, Sequence):
        raise TypeError(f"templates must be a sequence, got {type(templates).__name__}")
    if not templates:
        raise ConfigError("needs at least one template", "templates")
    for index, template in enumerate(templates):
        if not isinstance(template, ShiftTemplate):
            raise TypeError(
                f"templates[{index}] must be a ShiftTemplate, got {type(template).__name__}"
            )
    zone: tzinfo = as_zone(starts[0].tzinfo if timezone is None else timezone)  # type: ignore[arg-type]
    if max_heads is not None:
        if isinstance(max_heads, bool) or not isinstance(max_heads, int):
            raise TypeError(f"max_heads must be an int, got {type(max_heads).__name__}")
        if not 0 <= max_heads <= MAX_HEADS:
            raise ConfigError(
                f"must be between 0 and {MAX_HEADS:,}, got {max_heads!r}", "max_heads"
            )
    cap = None if budget is None else _number(budget, "budget", top=MAX_COST * MAX_PATTERNS)
    under = _number(under_weight, "under_weight", positive=True, top=MAX_COST)
    over = _number(over_weight, "over_weight", top=MAX_COST)
    limit = _number(time_limit, "time_limit", positive=True, top=MAX_TIME_LIMIT)
    if objective not in ("cost", "coverage"):
        raise ConfigError(f"expected 'cost' or 'coverage', got {objective!r}", "objective")
    patterns, lengths, break_lengths = _patterns(templates, starts, step, zone)
    columns = [
        _covered(p, lengths[p.template], break_lengths[p.template], len(starts)) for p in patterns
    ]
    costs = [templates[p.template].shift_cost for p in patterns]
    problem = _Problem(
        required=required,
        columns=columns,
        costs=costs,
        owners=[p.template for p in patterns],
        templates=templates,
        max_heads=max_heads,
        budget=cap,
        time_limit=limit,
    )
    heads, optimal = problem.solve(objective, under, over)
    return _result(
        templates=templates,
        patterns=patterns,
        heads=heads,
        columns=columns,
        starts=starts,
        required=required,
        step=step,
        objective=objective,
        optimal=optimal,
        zone=zone,
    )


@attrs.define
class _Problem:
    required: list[int]
    columns: list[list[int]]
    costs: list[float]
    owners: list[int]
    templates: Sequence[ShiftTemplate]
    max_heads: int | None
    budget: float | None
    time_limit: float
    _np: Any = None
    _bounds: Any = None
    _constraint: Any = None
    _milp: Any = None
    _csr: Any = None
    _value: float = 0.0
    _status: int = 0
    _message: str = ""

    def solve(self, objective: str, under: float, over: float) -> tuple[list[int], bool]:
        used = set(self.owners)
        for index, template in enumerate(self.templates):
            if template.min_heads and index not in used:
                raise InfeasibleError(
                    f"templates[{index}] ({template.name!r}) asks for min_heads="
                    f"{template.min_heads} but may start in none of the intervals; widen "
                    "its start windows or days, or drop min_heads"
                )
        if not self.columns:
            return [], True
        self._np, self._bounds, self._constraint, self._milp, self._csr = _scipy()
        if objective == "cost":
            result = self._run(with_slack=False, under=under, over=over, ceiling=None)
            if result is not None:
                return result
            self._check_status()
        deviation = self._run(with_slack=True, under=under, over=over, ceiling=None)
        if deviation is None:
            self._check_status()
            raise self._caps_error()
        # Second stage: the cheapest schedule among those with the least deviation; if
        # it finds nothing in its time, the first stage's answer stands.
        best = self._value
        return self._run(with_slack=True, under=under, over=over, ceiling=best) or deviation

    def _check_status(self) -> None:
        """Raise unless the last programme was proven infeasible."""
        if self._status != 2:
            raise InfeasibleError(
                f"the solver found no schedule within time_limit={self.time_limit!r} s "
                f"({self._message.lower()}); raise time_limit or narrow the templates"
            )

    def _caps_error(self) -> InfeasibleError:
        least = sum(t.min_heads for t in self.templates)
        return InfeasibleError(
            f"the templates' min_heads ask for {least} heads, which max_heads "
            f"({self.max_heads!r}) or budget ({self.budget!r}) cannot pay for; lower a "
            "min_heads or raise the cap"
        )

    def _run(
        self, *, with_slack: bool, under: float, over: float, ceiling: float | None
    ) -> tuple[list[int], bool] | None:
        np = self._np
        count = len(self.columns)
        n = len(self.required)
        rows = np.asarray([k for column in self.columns for k in column], dtype=np.int64)
        cols = np.repeat(np.arange(count), [len(c) for c in self.columns])
        width = count + (2 * n if with_slack else 0)
        if with_slack:
            rows = np.concatenate([rows, np.arange(n), np.arange(n)])
            cols = np.concatenate([cols, count + np.arange(n), count + n + np.arange(n)])
            data = np.concatenate([np.ones(len(rows) - 2 * n), np.ones(n), -np.ones(n)])
        else:
            data = np.ones(len(rows))
        # 32-bit indices: scipy before 1.12 hands HiGHS only C ints (the sizes are bounded
        # far below 2**31 by MAX_INTERVALS and MAX_PATTERNS).
        index = np.int32
        cover = self._csr((data, (rows.astype(index), cols.astype(index))), shape=(n, width))
        need = np.asarray(self.required, dtype=float)
        upper = need if with_slack else np.full(n, np.inf)
        constraints = [self._constraint(cover, need, upper)]
        cost = np.zeros(width)
        cost[:count] = self.costs
        # All costs zero: minimise heads instead (the cost is 0 whatever the heads), as
        # HiGHS's presolve may fail on an all-zero objective.
        goal_cost = (
            cost if any(self.costs) else np.concatenate([np.ones(count), np.zeros(width - count)])
        )
        deviation = np.zeros(width)
        if with_slack:
            deviation[count : count + n] = under
            deviation[count + n :] = over
        owners = np.asarray(self.owners, dtype=np.int64)
        for t, template in enumerate(self.templates):
            if template.min_heads or template.max_heads is not None:
                row = np.zeros(width)
                row[:count][owners == t] = 1.0
                top = np.inf if template.max_heads is None else template.max_heads
                constraints.append(self._constraint(row, template.min_heads, top))
        if self.max_heads is not None:
            row = np.zeros(width)
            row[:count] = 1.0
            constraints.append(self._constraint(row, 0, self.max_heads))
        if self.budget is not None:
            constraints.append(self._constraint(cost, 0, self.budget))
        if with_slack and ceiling is not None:
            slack = max(1e-6, 1e-9 * abs(ceiling))
            constraints.append(self._constraint(deviation, -np.inf, ceiling + slack))
            goal = goal_cost
        else:
            goal = deviation if with_slack else goal_cost
        integrality = np.zeros(width)
        integrality[:count] = 1
        result = self._milp(
            goal,
            constraints=constraints,
            integrality=integrality,
            bounds=self._bounds(0, np.inf),
            options={"time_limit": self.time_limit, "mip_rel_gap": 0.0},
        )
        if result.x is None:
            self._status, self._message = int(result.status), str(result.message)
            return None
        self._value = float(result.fun)
        heads = [round(v) for v in result.x[:count]]
        return heads, bool(result.status == 0)


def _result(
    *,
    templates: Sequence[ShiftTemplate],
    patterns: list[_Pattern],
    heads: list[int],
    columns: list[list[int]],
    starts: list[datetime],
    required: list[int],
    step: int,
    objective: str,
    optimal: bool,
    zone: tzinfo,
) -> ShiftSchedule:
    n = len(starts)
    scheduled = [0] * n
    grid = [start.astimezone(UTC) for start in starts]
    first = grid[0]
    length = timedelta(seconds=step)

    def at(k: int) -> datetime:
        return (first + k * length).astimezone(zone)

    def later(instant: datetime, duration: timedelta) -> datetime:
        return (instant.astimezone(UTC) + duration).astimezone(zone)

    shifts = []
    for pattern, count, column in zip(patterns, heads, columns, strict=True):
        if not count:
            continue
        for k in column:
            scheduled[k] += count
        template = templates[pattern.template]
        begin = at(pattern.start)
        breaks = tuple(
            (at(pattern.start + offset), later(at(pattern.start + offset), b.length))
            for offset, b in zip(pattern.breaks, template.breaks, strict=True)
        )
        shifts.append(
            ScheduledShift(
                template=template.name,
                start=begin,
                end=later(begin, template.length),
                heads=count,
                breaks=breaks,
                cost=count * template.shift_cost,
            )
        )
    shifts.sort(key=lambda s: (s.start.timestamp(), s.template))
    coverage = tuple(
        CoverageRow(
            start=starts[k],
            end=(grid[k] + length).astimezone(starts[k].tzinfo),
            required=required[k],
            scheduled=scheduled[k],
            under=max(0, required[k] - scheduled[k]),
            over=max(0, scheduled[k] - required[k]),
        )
        for k in range(n)
    )
    return ShiftSchedule(
        covered=not any(row.under for row in coverage),
        optimal=optimal,
        objective=objective,
        cost=sum(shift.cost for shift in shifts),
        heads=sum(shift.heads for shift in shifts),
        shifts=tuple(shifts),
        coverage=coverage,
    )
