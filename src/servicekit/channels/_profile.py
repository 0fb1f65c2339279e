"""Interval profiles: arrivals per interval, sized one interval at a time (private).

A profile is a sequence of equal-length intervals, each with its aware start, its
arrivals and optionally its own handle time and targets. :func:`staff_profile` sizes
each interval with :func:`~servicekit.channels.required_agents` (Erlang C, or Erlang A
with a patience) and returns the agents and the scheduled heads after shrinkage.

:func:`arrival_profile` builds a profile from an event log: the arrivals are counted per
*local wall-clock slot* (weekday and time of day in the desk's zone) over the chosen
weeks and averaged, so that the day-of-week shape survives. DST rules (documented on
``docs/explanation/queueing.md``):

- a slot whose wall-clock time does not exist on a day (spring forward) contributes
  no observation for that day, and does not appear in a profile built for such a day;
- a slot whose wall-clock time occurs twice (fall back) is observed twice that day: its
  arrivals are divided by the two occurrences, and a profile built for such a day holds
  the slot twice, once per occurrence, each with the per-occurrence average.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from numbers import Real
from typing import TYPE_CHECKING, Any

import attrs

from servicekit._time import UTC, ZoneInfo, as_zone, parse_duration, parse_instant, require_aware
from servicekit.channels._queueing import _fraction as _queue_fraction
from servicekit.channels._queueing import _number as _queue_number
from servicekit.channels._queueing import _seconds as _queue_seconds
from servicekit.channels._queueing import required_agents
from servicekit.exceptions import ConfigError, InfeasibleError
from servicekit.hours import Hours

if TYPE_CHECKING:
    from servicekit.typing import Binding, Duration

__all__ = [
    "IntervalStaffing",
    "ProfileInterval",
    "StaffingPlan",
    "arrival_profile",
    "staff_profile",
]

_DAY = 86_400
#: The shortest interval a profile may use (a finer grid is not a staffing question).
MIN_INTERVAL = timedelta(minutes=5)
#: The most weeks :func:`arrival_profile` averages over (ten years).
MAX_WEEKS = 520
_KEYS = ("answer_within", "arrivals", "handle_time", "service_level", "start")


def _overflow(field: str) -> ConfigError:
    return ConfigError("is too large for a float; give a finite number of sensible size", field)


# The queueing module's validators already turn ints beyond the doubles into
# ConfigErrors, and parse_duration durations beyond timedelta.
_number = _queue_number
_seconds = _queue_seconds
_fraction = _queue_fraction
_duration_text = parse_duration


def _arrivals(value: object, field: str = "arrivals") -> float:
    number = _number(value, field)
    if number < 0:
        raise ConfigError(f"must be 0 or more, got {value!r}; arrivals cannot be negative", field)
    return number


def _check_arrivals(_: object, attribute: attrs.Attribute[float], value: object) -> None:
    _arrivals(value, attribute.name)


def _check_start(_: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    require_aware(value, attribute.name)


def _optional_seconds(value: object, field: str) -> float | None:
    return None if value is None else _seconds(value, field, zero=field == "answer_within")


def _handle_seconds(value: object) -> float | None:
    return _optional_seconds(value, "handle_time")


def _within_seconds(value: object) -> float | None:
    return _optional_seconds(value, "answer_within")


def _optional_level(value: object) -> float | None:
    return None if value is None else _fraction(value, "service_level")


def _read_field(key: str, value: object, prefix: str) -> object:
    """One field of :meth:`ProfileInterval.from_dict`, read from its JSON form."""
    if key == "start":
        return parse_instant(value, f"{prefix}start")
    if key in ("handle_time", "answer_within") and isinstance(value, str):
        return _duration_text(value, f"{prefix}{key}")
    if value is not None and (isinstance(value, bool) or not isinstance(value, Real)):
        raise ConfigError(f"expected a number, got {value!r}", f"{prefix}{key}")
    return value


@attrs.frozen(kw_only=True)
class ProfileInterval:
    """One interval of a profile: when it starts, how many contacts arrive in it.

    Attributes:
        start: the aware instant the interval starts at.
        arrivals: contacts arriving in the interval, ``>= 0`` (zero needs zero agents).
        handle_time: this interval's average handle time in seconds (a
            :class:`~datetime.timedelta` is converted), or ``None`` for the default
            given to :func:`staff_profile`.
        answer_within: this interval's service-level target time in seconds, or
            ``None`` for the default.
        service_level: this interval's target share, or ``None`` for the default.

    Example:
        >>> from datetime import datetime, timezone
        >>> ProfileInterval(start=datetime(2026, 3, 2, 9, tzinfo=timezone.utc), arrivals=40)
        ProfileInterval(start=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc), arrivals=40, handle_time=None, answer_within=None, service_level=None)
    """  # noqa: E501 - a doctest output line

    start: datetime = attrs.field(validator=_check_start)
    arrivals: float = attrs.field(validator=_check_arrivals)
    handle_time: float | None = attrs.field(default=None, converter=_handle_seconds)
    answer_within: float | None = attrs.field(default=None, converter=_within_seconds)
    service_level: float | None = attrs.field(default=None, converter=_optional_level)

    def to_dict(self) -> dict[str, Any]:
        """Return the interval as plain JSON values (``start`` as ISO 8601).

        Example:
            >>> from datetime import datetime, timezone
            >>> ProfileInterval(
            ...     start=datetime(2026, 3, 2, 9, tzinfo=timezone.utc), arrivals=40
            ... ).to_dict()
            {'start': '2026-03-02T09:00:00+00:00', 'arrivals': 40}
        """
        row: dict[str, Any] = {"start": self.start.isoformat(), "arrivals": self.arrivals}
        for key in ("handle_time", "answer_within", "service_level"):
            value = getattr(self, key)
            if value is not None:
                row[key] = value
        return row

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> ProfileInterval:
        """Read an interval: ``start`` as ISO 8601, durations as seconds or ISO 8601.

        Raises:
            ConfigError: naming the path of the bad field.

        Example:
            >>> ProfileInterval.from_dict(
            ...     {"start": "2026-03-02T09:00:00Z", "arrivals": 40, "handle_time": "PT3M"}
            ... ).handle_time
            180.0
        """
        prefix = f"{path}." if path else ""
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {type(data).__name__}", path or "interval")
        for key in data:
            if key not in _KEYS:
                raise ConfigError(
                    f"unknown key {key!r}; expected one of {', '.join(_KEYS)}", f"{prefix}{key}"
                )
        for key in ("start", "arrivals"):
            if key not in data:
                raise ConfigError("is required", f"{prefix}{key}")
        kwargs: dict[str, Any] = {
            key: _read_field(key, value, prefix) for key, value in data.items()
        }
        try:
            return cls(**kwargs)
        except ConfigError as error:
            raise ConfigError(error.msg, f"{prefix}{error.path}") from None


@attrs.frozen(kw_only=True)
class IntervalStaffing:
    """The staffing of one interval, a row of :class:`StaffingPlan`.

    Attributes:
        start: the interval's aware start.
        end: its end (``start`` plus the plan's interval, in real elapsed time).
        arrivals: contacts arriving in it.
        handle_time: average handle time, in seconds.
        traffic: offered load in Erlangs.
        agents: agents needed on the queue at once (``0`` without arrivals).
        heads: scheduled heads after shrinkage, ``ceil(agents / (1 - shrinkage))``.
        service_level: the service level ``agents`` give (``1.0`` without arrivals).
        asa: average speed of answer in seconds.
        occupancy: share of agent time spent on contacts.
        abandonment: share of arrivals that abandon (``0`` for Erlang C).
        binding: the target that set the number, or ``"no_arrivals"``.
    """

    start: datetime
    end: datetime
    arrivals: float
    handle_time: float
    traffic: float
    agents: int
    heads: int
    service_level: float
    asa: float
    occupancy: float
    abandonment: float
    binding: Binding

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain values (datetimes stay aware datetimes)."""
        return attrs.asdict(self)


def _pandas() -> Any:  # noqa: ANN401 - pandas is optional, so no annotation import
    try:
        import pandas as pd  # noqa: PLC0415 - optional extra
    except ImportError as error:
        raise ImportError("to_pandas needs pandas: pip install 'servicekit[pandas]'") from error
    return pd


@attrs.frozen(kw_only=True)
class StaffingPlan:
    """Agents and scheduled heads per interval, from :func:`staff_profile`.

    Attributes:
        interval: the length of every interval.
        shrinkage: the share of paid time unavailable for contacts.
        rows: one :class:`IntervalStaffing` per interval, in time order.
    """

    interval: timedelta
    shrinkage: float
    rows: tuple[IntervalStaffing, ...]

    @property
    def requirements(self) -> tuple[tuple[datetime, int], ...]:
        """``(start, heads)`` per interval: what :func:`schedule_shifts` covers."""
        return tuple((row.start, row.heads) for row in self.rows)

    @property
    def agent_hours(self) -> float:
        """Agent hours on the queue over the profile (agents × interval, summed)."""
        hours = self.interval.total_seconds() / 3600.0
        return sum(row.agents for row in self.rows) * hours

    def to_rows(self) -> list[dict[str, Any]]:
        """Return the rows as plain dicts, ready for ``pandas.DataFrame(rows)``."""
        return [row.to_dict() for row in self.rows]

    def to_pandas(self) -> Any:  # noqa: ANN401 - pandas is optional
        """Return the rows as a pandas DataFrame indexed by the interval start.

        Raises:
            ImportError: pandas is not installed (``pip install servicekit[pandas]``).
        """
        pd = _pandas()
        columns = [field.name for field in attrs.fields(IntervalStaffing)]
        return pd.DataFrame(self.to_rows(), columns=columns).set_index("start")


def _interval_seconds(interval: object) -> int:
    if not isinstance(interval, timedelta):
        raise TypeError(f"interval must be a timedelta, got {type(interval).__name__}")
    seconds = interval.total_seconds()
    if interval < MIN_INTERVAL or seconds != int(seconds) or _DAY % int(seconds):
        raise ConfigError(
            f"must be at least 5 minutes, whole seconds, and divide a day evenly, got {interval!r}",
            "interval",
        )
    return int(seconds)


def _check_order(profile: Sequence[ProfileInterval], step: float) -> None:
    previous: float | None = None
    for index, item in enumerate(profile):
        if not isinstance(item, ProfileInterval):
            raise TypeError(
                f"profile[{index}] must be a ProfileInterval, got {type(item).__name__}"
            )
        at = item.start.timestamp()
        if previous is not None and at < previous + step:
            what = "is before" if at < previous else "overlaps"
            raise ConfigError(
                f"{item.start.isoformat()!r} {what} the previous interval, which runs "
                f"{step:g} s from its start; give intervals sorted and without overlap",
                f"profile[{index}].start",
            )
        previous = at


def staff_profile(
    profile: Iterable[ProfileInterval],
    *,
    answer_within: Duration,
    service_level: float,
    handle_time: Duration | None = None,
    interval: timedelta = timedelta(minutes=30),
    max_occupancy: float | None = None,
    patience: Duration | None = None,
    max_abandonment: float | None = None,
    shrinkage: float = 0.0,
    max_agents: int | None = None,
) -> StaffingPlan:
    """Size every interval of a profile (Erlang C, or Erlang A with a ``patience``).

    Each interval is sized on its own with :func:`required_agents` (the smallest whole
    number of agents meeting every target), so rounding happens per interval, before
    anything is summed. An interval without arrivals needs no agents; one whose
    offered load is below the smallest float (a few 1e-324 arrivals) needs one agent,
    who answers at once.

    Args:
        profile: the intervals, sorted by start, without overlap (gaps are allowed).
        answer_within: the service-level target time (an interval may override it).
        service_level: the share to answer within it, in ``(0, 1)`` (overridable).
        handle_time: the default average handle time; needed unless every interval
            gives its own.
        interval: the length of every interval (default 30 minutes); at least 5
            minutes and a divisor of a day.
        max_occupancy: optional cap on occupancy, in ``(0, 1]``.
        patience: mean patience (Erlang A), or ``None`` for Erlang C.
        max_abandonment: optional cap on abandonment (needs ``patience``).
        shrinkage: share of paid time unavailable, in ``[0, 1)``; scheduled heads are
            ``ceil(agents / (1 - shrinkage))``.
        max_agents: the most agents any interval may need; ``None`` for no limit.

    Durations are :class:`~datetime.timedelta` values or numbers of seconds.

    Returns:
        The :class:`StaffingPlan`, one row per interval.

    Raises:
        ConfigError: unsorted or overlapping intervals (``profile[i].start``), a
            missing handle time, or a target out of its range (named as in
            :func:`required_agents`).
        InfeasibleError: an interval needs more than ``max_agents`` agents (the message
            names the interval).
        TypeError: an item that is not a :class:`ProfileInterval`.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> nine = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> plan = staff_profile(
        ...     [
        ...         ProfileInterval(start=nine, arrivals=100),
        ...         ProfileInterval(start=nine + timedelta(minutes=30), arrivals=0),
        ...     ],
        ...     handle_time=180,
        ...     answer_within=20,
        ...     service_level=0.8,
        ...     shrinkage=0.3,
        ... )
        >>> [(row.agents, row.heads) for row in plan.rows]
        [(14, 20), (0, 0)]
    """
    items = list(profile)
    step = _interval_seconds(interval)
    within = _seconds(answer_within, "answer_within", zero=True)
    level = _fraction(service_level, "service_level")
    handle = None if handle_time is None else _seconds(handle_time, "handle_time")
    shrink = _number(shrinkage, "shrinkage")
    if not 0 <= shrink < 1:
        raise ConfigError(f"must be a fraction in [0, 1), got {shrinkage!r}", "shrinkage")
    if max_occupancy is not None:
        max_occupancy = _fraction(max_occupancy, "max_occupancy", closed=True)
    if max_abandonment is not None:
        max_abandonment = _fraction(max_abandonment, "max_abandonment")
    if patience is not None:
        patience = _seconds(patience, "patience")
    _check_order(items, step)
    # Check the targets once, so that an error names the argument rather than an interval
    # (one arrival per interval; whether the targets can be met is each interval's matter).
    with contextlib.suppress(InfeasibleError):
        required_agents(
            arrivals=1.0,
            interval=step,
            handle_time=1.0,
            answer_within=within,
            service_level=level,
            max_occupancy=max_occupancy,
            patience=patience,
            max_abandonment=max_abandonment,
            max_agents=max_agents,
        )
    rows = []
    length = timedelta(seconds=step)
    for index, item in enumerate(items):
        own_handle = item.handle_time if item.handle_time is not None else handle
        if own_handle is None:
            raise ConfigError(
                "has no handle time; give handle_time to staff_profile or to the interval",
                f"profile[{index}].handle_time",
            )
        end = (item.start.astimezone(UTC) + length).astimezone(item.start.tzinfo)
        if item.arrivals / step * own_handle == 0:
            # No arrivals, or so few that the offered load is below the smallest float:
            # nobody is needed without arrivals, one agent (answering at once) otherwise.
            agents = 0 if item.arrivals == 0 else 1
            rows.append(
                IntervalStaffing(
                    start=item.start,
                    end=end,
                    arrivals=float(item.arrivals),
                    handle_time=own_handle,
                    traffic=0.0,
                    agents=agents,
                    heads=math.ceil(agents / (1.0 - shrink)),
                    service_level=1.0,
                    asa=0.0,
                    occupancy=0.0,
                    abandonment=0.0,
                    binding="service_level" if agents else "no_arrivals",
                )
            )
            continue
        try:
            staffing = required_agents(
                arrivals=item.arrivals,
                interval=step,
                handle_time=own_handle,
                answer_within=within if item.answer_within is None else item.answer_within,
                service_level=level if item.service_level is None else item.service_level,
                max_occupancy=max_occupancy,
                patience=patience,
                max_abandonment=max_abandonment,
                shrinkage=shrink,
                max_agents=max_agents,
            )
        except InfeasibleError as error:
            raise InfeasibleError(
                f"profile[{index}] starting {item.start.isoformat()}: {error}"
            ) from None
        m = staffing.metrics
        rows.append(
            IntervalStaffing(
                start=item.start,
                end=end,
                arrivals=float(item.arrivals),
                handle_time=own_handle,
                traffic=m.traffic,
                agents=staffing.agents,
                heads=staffing.positions,
                service_level=m.service_level,
                asa=m.asa,
                occupancy=m.occupancy,
                abandonment=m.abandonment,
                binding=staffing.binding,
            )
        )
    return StaffingPlan(interval=length, shrinkage=shrink, rows=tuple(rows))


def _occurrences(wall: datetime, zone: ZoneInfo) -> int:
    """How often the naive local ``wall`` time happens in ``zone``: 0, 1 or 2."""
    first = wall.replace(tzinfo=zone)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        return 0  # in a gap: the clocks jump over it
    return 2 if first.utcoffset() != wall.replace(tzinfo=zone, fold=1).utcoffset() else 1


def _day_slots(day: date, zone: ZoneInfo, step: int) -> list[int]:
    """Occurrences of each wall-clock slot of a local day."""
    midnight = datetime.combine(day, time())
    count = _DAY // step
    following = midnight + timedelta(days=1)
    length = following.replace(tzinfo=zone).timestamp() - midnight.replace(tzinfo=zone).timestamp()
    if length == _DAY:  # a plain day (zones change their offset by gaining or losing time)
        return [1] * count
    return [_occurrences(midnight + timedelta(seconds=k * step), zone) for k in range(count)]


def _week_days(weeks: object) -> set[date]:
    """The local days of the chosen weeks (a day shared by two weeks counts once)."""
    if isinstance(weeks, (str, bytes)) or not isinstance(weeks, Sequence):
        raise TypeError(f"weeks must be a sequence of dates, got {type(weeks).__name__}")
    if not weeks:
        raise ConfigError("needs at least one week to average over", "weeks")
    if len(weeks) > MAX_WEEKS:
        raise ConfigError(f"averages over at most {MAX_WEEKS} weeks, got {len(weeks)}", "weeks")
    firsts: set[date] = set()
    days: set[date] = set()
    for index, first in enumerate(weeks):
        if isinstance(first, datetime) or not isinstance(first, date):
            raise TypeError(f"weeks[{index}] must be a date, got {type(first).__name__}")
        if first in firsts:
            raise ConfigError(f"{first.isoformat()!r} is given twice", f"weeks[{index}]")
        firsts.add(first)
        days.update(first + timedelta(days=offset) for offset in range(7))
    return days


def _zone_of(timezone: object) -> ZoneInfo:
    if isinstance(timezone, Hours):
        return timezone.zone
    return as_zone(timezone)  # type: ignore[arg-type]


def arrival_profile(
    arrivals_at: Iterable[datetime],
    *,
    timezone: str | ZoneInfo | Hours,
    weeks: Sequence[date],
    start: date,
    interval: timedelta = timedelta(minutes=30),
) -> tuple[ProfileInterval, ...]:
    """Build a week's profile from an event log: mean arrivals per weekday and slot.

    Each arrival is placed by its local wall-clock reading in the desk's zone: its
    weekday and its slot of ``interval`` within the local day. The counts of the seven
    local days from each date of ``weeks`` are averaged per weekday and slot, which
    keeps the day-of-week shape, and laid out over the seven local days from ``start``.

    Daylight-saving days are read by wall time: a slot that does not exist on a day
    (spring forward) gives no observation that day and no interval in the profile; a
    slot that occurs twice (fall back) counts as two observations, and the profile for
    such a day holds it twice, once per occurrence. Arrivals outside the chosen weeks
    are ignored.

    Args:
        arrivals_at: the aware arrival instants (any order, any zone).
        timezone: the desk's zone: an IANA key, a ``ZoneInfo`` or a calendar (its zone).
        weeks: the first local day of each week to average over (at most 520 weeks).
        start: the first local day of the profile's week.
        interval: the slot length, at least 5 minutes and a divisor of a day.

    Returns:
        The profile's intervals in time order, ready for :func:`staff_profile`.

    Raises:
        ConfigError: no weeks, more than 520, or the same week twice (``weeks[i]``), or
            an interval that does not divide a day.
        NaiveDatetimeError: an arrival without a UTC offset.
        UnknownTimeZoneError: an unknown zone key.
        TypeError: an arrival that is not a datetime, or a week that is not a date.

    Example:
        >>> from datetime import date, datetime, timedelta
        >>> from zoneinfo import ZoneInfo
        >>> berlin = ZoneInfo("Europe/Berlin")
        >>> calls = [
        ...     datetime(2026, 3, 2, 9, 10, tzinfo=berlin),
        ...     datetime(2026, 3, 9, 9, 40, tzinfo=berlin),
        ... ]
        >>> week = arrival_profile(
        ...     calls,
        ...     timezone="Europe/Berlin",
        ...     weeks=[date(2026, 3, 2), date(2026, 3, 9)],
        ...     start=date(2026, 3, 23),
        ... )
        >>> len(week)  # 7 days of 48 half hours, less the hour lost on 29 March
        334
        >>> [(str(i.start), i.arrivals) for i in week if i.arrivals]
        [('2026-03-23 09:00:00+01:00', 0.5), ('2026-03-23 09:30:00+01:00', 0.5)]
    """
    zone = _zone_of(timezone)
    step = _interval_seconds(interval)
    if isinstance(start, datetime) or not isinstance(start, date):
        raise TypeError(f"start must be a date, got {type(start).__name__}")
    per_day = _DAY // step
    days = _week_days(weeks)
    counts = [0] * (7 * per_day)
    for index, at in enumerate(arrivals_at):
        local = require_aware(at, f"arrivals_at[{index}]").astimezone(zone)
        if local.date() in days:
            seconds = local.hour * 3600 + local.minute * 60 + local.second
            counts[local.weekday() * per_day + seconds // step] += 1
    seen = [0] * (7 * per_day)
    for day in days:
        base = day.weekday() * per_day
        for slot, times in enumerate(_day_slots(day, zone, step)):
            seen[base + slot] += times
    out: list[ProfileInterval] = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        base = day.weekday() * per_day
        midnight = datetime.combine(day, time())
        for slot, times in enumerate(_day_slots(day, zone, step)):
            observed = seen[base + slot]
            mean = counts[base + slot] / observed if observed else 0.0
            wall = midnight + timedelta(seconds=slot * step)
            out.extend(
                ProfileInterval(start=wall.replace(tzinfo=zone, fold=fold), arrivals=mean)
                for fold in range(times)
            )
    out.sort(key=lambda item: item.start.timestamp())
    return tuple(out)
