"""SLA targets and policies (private)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

import attrs

from servicekit._fields import as_tuple
from servicekit._time import format_duration, parse_duration
from servicekit.exceptions import ConfigError, UnknownTimeZoneError
from servicekit.sla._clock import CalendarLike
from servicekit.sla._statuses import StatusMap

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["MAX_DURATION", "METRICS", "Policy", "Target"]

#: The SLA metrics, in the order of a ticket's life. Definitions: see
#: docs/explanation/sla-metrics.md (they follow Zendesk's SLA metrics).
METRICS: Final = (
    "first_reply",
    "next_reply",
    "periodic_update",
    "requester_wait",
    "agent_work",
    "resolution",
)

#: Default warning threshold: a clock is "at risk" from 75 % of its target on.
#: Assumption: a common help-desk choice (the issue's default); tools differ and
#: teams tune it.
DEFAULT_WARN_AT = 0.75

#: The longest target, follow-up delay or reply promise: 100 years (36,525 days).
#: Longer ones are refused with a ConfigError: no help desk promises more, and it
#: keeps every deadline computable (and every value a strict-JSON round trip).
MAX_DURATION: Final = timedelta(days=36_525)


def check_duration(value: object, field: str) -> timedelta:
    """Return ``value`` if it is a timedelta in ``[0, MAX_DURATION]`` (private helper).

    Raises:
        TypeError: not a timedelta.
        ConfigError: negative or longer than :data:`MAX_DURATION`; the path is ``field``.
    """
    if not isinstance(value, timedelta):
        raise TypeError(f"{field} must be a timedelta, got {type(value).__name__}")
    if value < timedelta(0):
        raise ConfigError(f"must not be negative, got {format_duration(value)!r}", field)
    if value > MAX_DURATION:
        raise ConfigError(
            f"must be at most {format_duration(MAX_DURATION)!r} (100 years), got "
            f"{format_duration(value)!r}",
            field,
        )
    return value


def _check_metric(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"metric must be a string, got {type(value).__name__}")
    if value not in METRICS:
        raise ConfigError(f"unknown metric {value!r}; expected one of {METRICS}", "metric")
    return value


def _check_within(value: object) -> timedelta:
    return check_duration(value, "within")


def _check_warn_at(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"warn_at must be a number, got {type(value).__name__}")
    if not 0 < value <= 1:
        raise ConfigError(
            f"must lie in (0, 1], got {value!r}; e.g. 0.75 warns at 75 % of the target",
            "warn_at",
        )
    return float(value)


def _check_calendar(value: object, field: str = "calendar") -> CalendarLike | None:
    if value is not None and not isinstance(value, CalendarLike):
        raise TypeError(f"{field} must be a BusinessCalendar or None, got {type(value).__name__}")
    return value


@attrs.frozen
class Target:
    """One promise of a policy: ``metric`` within ``within`` on ``calendar``.

    Attributes:
        metric: one of :data:`METRICS`.
        within: the target time (business time on ``calendar``).
        calendar: a :class:`servicekit.hours.BusinessCalendar`, or ``None`` for
            calendar time (24/7 real elapsed time).
        warn_at: the fraction of ``within`` from which a running clock is
            ``at_risk``; in (0, 1].

    Raises:
        ConfigError: an unknown metric, a ``within`` that is negative or longer than
            :data:`MAX_DURATION` (100 years), or ``warn_at`` outside (0, 1] (NaN and
            infinity included); the path names the field.
        TypeError: a field of the wrong type.

    Example:
        >>> from datetime import timedelta
        >>> Target("first_reply", timedelta(hours=4)).to_dict()
        {'metric': 'first_reply', 'within': 'PT4H', 'warn_at': 0.75}
    """

    metric: str = attrs.field(validator=lambda _s, _a, v: _check_metric(v))
    within: timedelta = attrs.field(validator=lambda _s, _a, v: _check_within(v))
    calendar: CalendarLike | None = attrs.field(
        default=None, validator=lambda _s, _a, v: _check_calendar(v)
    )
    warn_at: float = attrs.field(
        default=DEFAULT_WARN_AT,
        kw_only=True,
        validator=lambda _s, _a, v: _check_warn_at(v),
    )
    # Cached for the clocks: ``within`` and the at-risk level in microseconds.
    _within_us: int = attrs.field(init=False, repr=False, eq=False, hash=False)
    _warn_us: float = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        within = self.within
        micros = (within.days * 86_400 + within.seconds) * 1_000_000 + within.microseconds
        object.__setattr__(self, "_within_us", micros)
        object.__setattr__(self, "_warn_us", self.warn_at * micros)

    def to_dict(self, *, calendar_name: str | None = None) -> dict[str, Any]:
        """Return the target as plain JSON types.

        Args:
            calendar_name: the name under which the policy defines ``calendar``; when
                not given, a calendar is written inline with its own ``to_dict()``.
        """
        out: dict[str, Any] = {"metric": self.metric, "within": format_duration(self.within)}
        if self.calendar is not None:
            out["calendar"] = (
                calendar_name if calendar_name is not None else self.calendar.to_dict()
            )
        out["warn_at"] = self.warn_at
        return out

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        calendars: Mapping[str, CalendarLike] | None = None,
        path: str = "",
    ) -> Target:
        """Build a target from :meth:`to_dict` output.

        ``calendar`` is a name defined in ``calendars`` or an inline calendar dict
        (read with ``BusinessCalendar.from_dict``); omitted, it means 24/7.

        Raises:
            ConfigError: a bad or missing field (a ``within`` longer than
                :data:`MAX_DURATION` included), or a calendar name that ``calendars``
                does not define; the path names it.
        """
        prefix = f"{path}." if path else ""
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {type(data).__name__}", path)
        unknown = sorted(set(data) - {"metric", "within", "calendar", "warn_at"})
        if unknown:
            raise ConfigError(
                f"unknown field {unknown[0]!r}; expected metric, within, calendar, warn_at",
                prefix + str(unknown[0]),
            )
        for key in ("metric", "within"):
            if key not in data:
                raise ConfigError("missing", prefix + key)
        metric = data["metric"]
        if not isinstance(metric, str):
            raise ConfigError(f"expected a metric name, got {metric!r}", f"{prefix}metric")
        within = parse_duration(data["within"], f"{prefix}within")
        warn_at = data.get("warn_at", DEFAULT_WARN_AT)
        if isinstance(warn_at, bool) or not isinstance(warn_at, (int, float)):
            raise ConfigError(f"expected a number in (0, 1], got {warn_at!r}", f"{prefix}warn_at")
        calendar = _read_calendar(data.get("calendar"), calendars or {}, f"{prefix}calendar")
        try:
            return cls(metric, within, calendar, warn_at=warn_at)
        except ConfigError as err:
            raise ConfigError(err.msg, prefix + err.path) from None


def _read_calendar(
    value: object, calendars: Mapping[str, CalendarLike], path: str
) -> CalendarLike | None:
    if value is None:
        return None
    if isinstance(value, str):
        if value not in calendars:
            known = ", ".join(repr(k) for k in sorted(calendars)) or "none"
            raise ConfigError(
                f"calendar {value!r} is not defined; define it under 'calendars' "
                f"(defined: {known})",
                path,
            )
        return calendars[value]
    if isinstance(value, Mapping):
        return _calendar_from_dict(value, path)
    raise ConfigError(f"expected a calendar name or a calendar dict, got {value!r}", path)


def _calendar_from_dict(data: Mapping[str, Any], path: str) -> CalendarLike:
    from servicekit.hours import BusinessCalendar  # noqa: PLC0415 - sla depends on hours lazily

    try:
        calendar: CalendarLike = BusinessCalendar.from_dict(data)
    except ConfigError as err:
        raise ConfigError(err.msg, f"{path}.{err.path}" if err.path else path) from None
    except UnknownTimeZoneError as err:
        raise UnknownTimeZoneError(err.key, f"{path}.{err.field}") from None
    return calendar


def _read_calendars(raw: object) -> dict[str, CalendarLike]:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"expected a mapping of name to calendar, got {raw!r}", "calendars")
    calendars: dict[str, CalendarLike] = {}
    for key, spec in raw.items():
        if not isinstance(key, str) or not key:
            raise ConfigError(f"calendar names must be non-empty strings, got {key!r}", "calendars")
        if not isinstance(spec, Mapping):
            raise ConfigError(f"expected a calendar dict, got {spec!r}", f"calendars.{key}")
        calendars[key] = _calendar_from_dict(spec, f"calendars.{key}")
    return calendars


class _Targets(Mapping[str, tuple[Target, ...]]):
    """An immutable, hashable ``{priority: (Target, ...)}`` mapping."""

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[str, tuple[Target, ...]]]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> tuple[Target, ...]:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._items) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self._items)

    def __reduce__(self) -> tuple[object, ...]:
        return (_Targets, (tuple(self._items.items()),))


def _convert_targets(value: object) -> _Targets:
    if isinstance(value, _Targets):
        return value
    if not isinstance(value, Mapping):
        raise TypeError(f"targets must be a mapping of priority to targets, got {value!r}")
    items = []
    for priority, targets in value.items():
        if not isinstance(priority, str):
            raise TypeError(f"priorities must be strings, got {priority!r}")
        if not priority:
            raise ConfigError("a priority name must not be empty", "targets")
        if isinstance(targets, Target):
            targets = (targets,)  # noqa: PLW2901 - normalising one target to a tuple
        row = as_tuple(targets, f"targets[{priority!r}]", "a list of Target values")
        seen: set[str] = set()
        for i, target in enumerate(row):
            if not isinstance(target, Target):
                raise TypeError(f"targets[{priority!r}][{i}] must be a Target, got {target!r}")
            if target.metric in seen:
                raise ConfigError(
                    f"metric {target.metric!r} has two targets; give one target per "
                    "metric and priority",
                    f"targets.{priority}[{i}].metric",
                )
            seen.add(target.metric)
        items.append((priority, row))
    return _Targets(items)


def _convert_calendars(value: object) -> tuple[tuple[str, CalendarLike], ...]:
    if isinstance(value, Mapping):
        value = tuple(value.items())
    if not isinstance(value, tuple):
        raise TypeError(
            f"calendars must be a mapping of name to calendar, got {type(value).__name__}"
        )
    names: set[str] = set()
    for pair in value:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"calendars must hold (name, calendar) pairs, got {pair!r}")
        name, calendar = pair
        _check_name_str(name)
        if calendar is None:
            raise TypeError(f"calendars[{name!r}] must be a BusinessCalendar, got None")
        _check_calendar(calendar, f"calendars[{name!r}]")
        if name in names:
            raise ConfigError(f"calendar {name!r} is defined twice; give each once", "calendars")
        names.add(name)
    return value


def _check_name_str(name: object) -> None:
    if not isinstance(name, str):
        raise TypeError(f"calendar names must be strings, got {type(name).__name__}")
    if not name:
        raise ConfigError("calendar names must not be empty", "calendars")


@attrs.frozen
class Policy:
    """An SLA policy: per priority, the targets a ticket of that priority must meet.

    Attributes:
        name: the policy's name.
        targets: ``{priority: (Target, ...)}``; one target per metric and priority.
            Priorities are free names (``"low"``, ``"normal"``, ``"urgent"``, ...).
        calendars: named calendars, so that :meth:`to_dict` can refer to them by name.
        statuses: the desk's own statuses and how each drives the status clocks (a
            :class:`~servicekit.sla.StatusMap`); by default only the standard statuses,
            with their standard clocks.

    Raises:
        ConfigError: a metric with two targets under one priority, an empty
            priority or calendar name, or a calendar name given twice.
        TypeError: a value of the wrong type.

    Example:
        >>> from datetime import timedelta
        >>> policy = Policy("email", {"normal": [Target("first_reply", timedelta(hours=24))]})
        >>> policy.target("normal", "first_reply").within
        datetime.timedelta(days=1)
        >>> policy.target("low", "first_reply") is None
        True
    """

    name: str = attrs.field()
    targets: Mapping[str, tuple[Target, ...]] = attrs.field(converter=_convert_targets)
    calendars: tuple[tuple[str, CalendarLike], ...] = attrs.field(
        default=(), kw_only=True, converter=_convert_calendars
    )
    statuses: StatusMap = attrs.field(factory=StatusMap, kw_only=True)

    @name.validator
    def _check_name(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"name must be a string, got {type(value).__name__}")

    @statuses.validator
    def _check_statuses(self, _attribute: attrs.Attribute[StatusMap], value: StatusMap) -> None:
        if not isinstance(value, StatusMap):
            raise TypeError(f"statuses must be a StatusMap, got {type(value).__name__}")

    _index: dict[tuple[str, str], Target] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _metrics: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        index = {(p, t.metric): t for p, row in self.targets.items() for t in row}
        used = {metric for _, metric in index}
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_metrics", tuple(m for m in METRICS if m in used))

    def target(self, priority: str, metric: str) -> Target | None:
        """Return the target for ``metric`` at ``priority``, or ``None`` if there is none."""
        return self._index.get((priority, metric))

    @property
    def metrics(self) -> tuple[str, ...]:
        """The metrics that have a target under some priority, in :data:`METRICS` order."""
        return self._metrics

    def to_dict(self) -> dict[str, Any]:
        """Return the policy as plain JSON types.

        The calendars of :attr:`calendars` are written once, under ``calendars``, and
        targets refer to them by name; a target's calendar that :attr:`calendars` does
        not name is written inline. So ``Policy.from_dict(p.to_dict()) == p``.
        """
        named = self.calendars

        def name_of(calendar: CalendarLike) -> str | None:
            for n, c in named:
                if c is calendar or c == calendar:
                    return n
            return None

        targets = {
            priority: [
                t.to_dict(calendar_name=None if t.calendar is None else name_of(t.calendar))
                for t in row
            ]
            for priority, row in self.targets.items()
        }
        out: dict[str, Any] = {"name": self.name}
        if named:
            out["calendars"] = {n: c.to_dict() for n, c in named}
        out["targets"] = targets
        if self.statuses.statuses:
            out["statuses"] = self.statuses.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        """Build a policy from a dict whose targets name calendars defined in it.

        Example:
            >>> policy = Policy.from_dict(
            ...     {
            ...         "name": "office",
            ...         "calendars": {
            ...             "office": {
            ...                 "timezone": "Europe/Berlin",
            ...                 "hours": {"mon-fri": ["09:00-17:00"]},
            ...             }
            ...         },
            ...         "targets": {
            ...             "normal": [
            ...                 {"metric": "first_reply", "within": "PT4H", "calendar": "office"}
            ...             ]
            ...         },
            ...     }
            ... )
            >>> policy.target("normal", "first_reply").within
            datetime.timedelta(seconds=14400)

        Raises:
            ConfigError: anything malformed, an unknown metric, a calendar the dict
                does not define, a status in no category (every status problem at
                once, see :meth:`StatusMap.from_dict`), ``warn_at`` outside (0, 1]
                or a ``within`` that is negative or longer than :data:`MAX_DURATION`;
                the path names the field, e.g. ``targets.normal[0].within``.
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {type(data).__name__}", "")
        unknown = sorted(set(data) - {"name", "calendars", "targets", "statuses"})
        if unknown:
            raise ConfigError(
                f"unknown field {unknown[0]!r}; expected name, calendars, targets, statuses",
                str(unknown[0]),
            )
        name = data.get("name")
        if not isinstance(name, str):
            raise ConfigError(f"expected the policy's name as a string, got {name!r}", "name")
        calendars = _read_calendars(data.get("calendars", {}))
        raw_targets = data.get("targets")
        if not isinstance(raw_targets, Mapping):
            raise ConfigError(
                f"expected a mapping of priority to a list of targets, got {raw_targets!r}",
                "targets",
            )
        targets: dict[str, list[Target]] = {}
        for priority, rows in raw_targets.items():
            where = f"targets.{priority}"
            if not isinstance(priority, str) or not priority:
                raise ConfigError(
                    f"priority names must be non-empty strings, got {priority!r}", "targets"
                )
            if not isinstance(rows, (list, tuple)):
                raise ConfigError(f"expected a list of targets, got {rows!r}", where)
            targets[priority] = [
                Target.from_dict(row, calendars=calendars, path=f"{where}[{i}]")
                for i, row in enumerate(rows)
            ]
        statuses = StatusMap.from_dict(data.get("statuses", {}))
        return cls(name, targets, calendars=calendars, statuses=statuses)
