"""A desk's own ticket statuses and how each one drives the SLA clocks (private)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from servicekit.exceptions import ConfigError
from servicekit.sla._events import STATUSES

__all__ = ["BEHAVIOURS", "CATEGORIES", "STATUS_METRICS", "CustomStatus", "StatusMap"]

#: The status categories: the standard statuses, as Zendesk groups custom statuses.
CATEGORIES: Final = STATUSES
#: What a status does to a clock: it runs, it is paused, or the cycle stops there.
BEHAVIOURS: Final = ("run", "pause", "stop")
#: The metrics whose clocks follow the ticket's status (reply clocks follow messages).
STATUS_METRICS: Final = ("requester_wait", "agent_work", "resolution")

_RUN: Final = {"requester_wait": "run", "agent_work": "run", "resolution": "run"}
_STOP: Final = {"requester_wait": "stop", "agent_work": "stop", "resolution": "stop"}
#: Each category's clocks: requester wait counts new, open and on-hold; agent work new
#: and open (Zendesk's definitions); resolution every unsolved status.
_DEFAULTS: Final[Mapping[str, Mapping[str, str]]] = {
    "new": _RUN,
    "open": _RUN,
    "pending": {"requester_wait": "pause", "agent_work": "pause", "resolution": "run"},
    "on_hold": {"requester_wait": "run", "agent_work": "pause", "resolution": "run"},
    "solved": _STOP,
    "closed": _STOP,
}


def _check_clocks(value: object) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        value = tuple(value.items())
    if not isinstance(value, tuple):
        raise TypeError(f"clocks must be a mapping of metric to behaviour, got {value!r}")
    found: dict[str, str] = {}
    for pair in value:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"clocks must hold (metric, behaviour) pairs, got {pair!r}")
        metric, how = pair
        if not isinstance(metric, str) or not isinstance(how, str):
            raise TypeError(f"clocks must map strings to strings, got {pair!r}")
        if metric not in STATUS_METRICS:
            raise ConfigError(
                f"metric {metric!r} does not follow the status; expected one of {STATUS_METRICS}",
                f"clocks.{metric}",
            )
        if how not in BEHAVIOURS:
            raise ConfigError(
                f"unknown behaviour {how!r}; expected one of {BEHAVIOURS}", f"clocks.{metric}"
            )
        found[metric] = how
    return tuple((m, found[m]) for m in STATUS_METRICS if m in found)


@attrs.frozen
class CustomStatus:
    """One of a desk's ticket statuses, in a standard category.

    Attributes:
        name: the status as the events give it, e.g. ``"awaiting_vendor"``.
        category: one of :data:`CATEGORIES`; the status stops reply clocks when the
            category is ``solved`` or ``closed`` (``closed`` ends the ticket) and
            drives the status clocks as its category does, unless ``clocks`` says
            otherwise.
        clocks: per metric of :data:`STATUS_METRICS`, ``run``, ``pause`` or ``stop``
            (the cycle ends there unless the ticket leaves the status), overriding the
            category; given as a mapping, kept as sorted pairs.

    Raises:
        ConfigError: an empty name, ``new`` redeclared, a standard status declared in
            another category, an unknown category, metric or behaviour; the path
            names the field.
        TypeError: a field of the wrong type.

    Example:
        >>> s = CustomStatus("awaiting_vendor", "on_hold", {"resolution": "pause"})
        >>> s.behaviour("resolution"), s.behaviour("requester_wait")
        ('pause', 'run')
    """

    name: str = attrs.field()
    category: str = attrs.field()
    clocks: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_check_clocks)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a string, got {type(self.name).__name__}")
        if not isinstance(self.category, str):
            raise TypeError(f"category must be a string, got {type(self.category).__name__}")
        if not self.name:
            raise ConfigError("a status name must not be empty", "name")
        if self.category not in CATEGORIES:
            raise ConfigError(
                f"status {self.name!r} is in no category: {self.category!r}; expected one "
                f"of {CATEGORIES}",
                "category",
            )
        if self.name == "new":
            raise ConfigError(
                "'new' is where every ticket starts and cannot be redeclared; declare a "
                "custom status instead",
                "name",
            )
        if self.name in STATUSES and self.category != self.name:
            raise ConfigError(
                f"the standard status {self.name!r} stays in its own category, got "
                f"{self.category!r}; declare a custom status instead",
                "category",
            )

    def behaviour(self, metric: str) -> str:
        """Return ``run``, ``pause`` or ``stop`` for ``metric`` in this status.

        Raises:
            KeyError: ``metric`` is not one of :data:`STATUS_METRICS`.
        """
        return dict(self.clocks).get(metric) or _DEFAULTS[self.category][metric]

    def to_dict(self) -> str | dict[str, Any]:
        """Return the category alone, or ``{"category": ..., "clocks": {...}}``."""
        if not self.clocks:
            return self.category
        return {"category": self.category, "clocks": dict(self.clocks)}


def _check_statuses(value: object) -> tuple[CustomStatus, ...]:
    if isinstance(value, (str, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"statuses must be an iterable of CustomStatus, got {value!r}")
    out = tuple(value)
    seen: set[str] = set()
    for i, status in enumerate(out):
        if not isinstance(status, CustomStatus):
            raise TypeError(f"statuses[{i}] must be a CustomStatus, got {status!r}")
        if status.name in seen:
            raise ConfigError(f"status {status.name!r} is declared twice", f"statuses[{i}]")
        seen.add(status.name)
    return out


@attrs.frozen
class StatusMap:
    """A desk's statuses: the standard ones plus its own, each in a category.

    The standard statuses (:data:`~servicekit.sla.STATUSES`) are always known; a
    declared status may give a standard one other clocks (but ``new`` and a standard
    status's category are fixed).

    Attributes:
        statuses: the declared statuses, in the order given.

    Raises:
        ConfigError: a status declared twice (path ``statuses[i]``).
        TypeError: not an iterable of :class:`CustomStatus`.

    Example:
        >>> desk = StatusMap.from_dict(
        ...     {"awaiting_vendor": "on_hold", "waiting_on_customer": "pending"}
        ... )
        >>> desk.category("awaiting_vendor"), desk.behaviour("waiting_on_customer", "agent_work")
        ('on_hold', 'pause')
    """

    statuses: tuple[CustomStatus, ...] = attrs.field(default=(), converter=_check_statuses)
    _table: dict[str, str] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _how: dict[str, dict[str, str]] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        table = {name: name for name in STATUSES}
        how = {m: {n: _DEFAULTS[n][m] for n in STATUSES} for m in STATUS_METRICS}
        for status in self.statuses:
            table[status.name] = status.category
            for m in STATUS_METRICS:
                how[m][status.name] = status.behaviour(m)
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "_how", how)

    def category(self, status: str) -> str | None:
        """Return the category of ``status``, or ``None`` if the desk does not know it."""
        return self._table.get(status)

    def behaviour(self, status: str, metric: str) -> str:
        """Return ``run``, ``pause`` or ``stop`` for ``metric`` in ``status``.

        Raises:
            KeyError: an unknown status or a metric not in :data:`STATUS_METRICS`.
        """
        return self._how[metric][status]

    def to_dict(self) -> dict[str, Any]:
        """Return ``{status: category or {"category": ..., "clocks": {...}}}``."""
        return {s.name: s.to_dict() for s in self.statuses}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "statuses") -> StatusMap:
        """Build a status map from :meth:`to_dict` output, listing every problem at once.

        Args:
            data: ``{name: category}`` or ``{name: {"category": ..., "clocks":
                {metric: "run" | "pause" | "stop"}}}``.
            path: where ``data`` sits in a larger document, for error paths.

        Raises:
            ConfigError: every malformed entry (a status in no category, an unknown
                metric or behaviour, ...), each with its path in ``.problems``; the
                error's own path is the first problem's, its message lists them all.

        Example:
            >>> StatusMap.from_dict({"limbo": "nowhere", "later": {"category": "gone"}})
            Traceback (most recent call last):
            ...
            servicekit.exceptions.ConfigError: statuses.limbo: 2 problems:
              statuses.limbo: expected a category of ('new', 'open', 'pending', 'on_hold', 'solved', 'closed'), got 'nowhere'
              statuses.later.category: expected a category of ('new', 'open', 'pending', 'on_hold', 'solved', 'closed'), got 'gone'
        """  # noqa: E501 - a doctest's output line
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping of status to category, got {data!r}", path)
        found: list[ConfigError] = []
        statuses: list[CustomStatus] = []
        for name, spec in data.items():
            where = f"{path}.{name}"
            status = _read_status(name, spec, where, found)
            if status is not None:
                statuses.append(status)
        if found:
            if len(found) == 1:
                raise found[0]
            lines = "\n".join(f"  {p}" for p in found)
            raise ConfigError(f"{len(found)} problems:\n{lines}", found[0].path, problems=found)
        return cls(statuses)


def _read_status(
    name: object, spec: object, where: str, found: list[ConfigError]
) -> CustomStatus | None:
    if not isinstance(name, str):
        found.append(ConfigError(f"status names must be strings, got {name!r}", where))
        return None
    clocks: object = {}
    category_path = where
    if isinstance(spec, Mapping):
        unknown = sorted(str(k) for k in set(spec) - {"category", "clocks"})
        if unknown:
            found.append(
                ConfigError(
                    f"unknown field {unknown[0]!r}; expected category, clocks",
                    f"{where}.{unknown[0]}",
                )
            )
            return None
        category_path = f"{where}.category"
        category = spec.get("category")
        clocks = spec.get("clocks", {})
    else:
        category = spec
    if not isinstance(category, str) or category not in CATEGORIES:
        found.append(
            ConfigError(f"expected a category of {CATEGORIES}, got {category!r}", category_path)
        )
        return None
    if not isinstance(clocks, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in clocks.items()
    ):
        found.append(
            ConfigError(
                f"expected a mapping of metric to one of {BEHAVIOURS}, got {clocks!r}",
                f"{where}.clocks",
            )
        )
        return None
    try:
        return CustomStatus(name, category, clocks)
    except ConfigError as err:
        field = "" if err.path == "name" else "." + err.path
        found.append(ConfigError(err.msg, where + field))
        return None
