"""Set algebra on calendars: union, intersection and difference across zones (private).

``a | b`` is open when either is open, ``a & b`` when both are, ``a - b`` when ``a``
is and ``b`` is not. The operands may use different zones: their open time is
compared as UTC intervals, so "Berlin 09-17 or New York 09-17" is one follow-the-sun
calendar with the same query API as a :class:`~servicekit.hours.BusinessCalendar`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from servicekit._fields import as_tuple, one_of
from servicekit._time import ZoneInfo, as_zone, zone_key
from servicekit.exceptions import ConfigError
from servicekit.hours._calendar import BusinessCalendar, Hours
from servicekit.hours._compile import Intervals, difference, intersection, union
from servicekit.hours._timeline import Timeline

if TYPE_CHECKING:
    from datetime import tzinfo

__all__ = ["CombinedCalendar", "calendar_from_dict"]

Operation = Literal["union", "intersection", "difference"]
_OPS: dict[str, Any] = {"union": union, "intersection": intersection, "difference": difference}


def _pair(value: Iterable[object]) -> tuple[Hours, Hours]:
    items = as_tuple(value, "operands", "two calendars, e.g. (office, support)")
    if len(items) != 2:
        raise ConfigError(
            f"a combined calendar has exactly two operands, got {len(items)}; give (left, right)",
            "operands",
        )
    left, right = items
    for item in (left, right):
        if not isinstance(item, Hours):
            raise TypeError(f"operands must be calendars, got {type(item).__name__}")
    return left, right


def _optional_zone(value: str | tzinfo | None) -> ZoneInfo | None:
    return None if value is None else as_zone(value)


@attrs.frozen
class CombinedCalendar(Hours):
    """The union, intersection or difference of two calendars (any zones).

    Built with ``a | b``, ``a & b`` and ``a - b``; it answers every query of
    :class:`Hours`. Results are expressed in ``timezone``, by default the zone of the
    left operand. An intersection or difference may turn out to have no open time
    at all; that is found when a query needs open time and reported as
    :class:`~servicekit.exceptions.NoBusinessTimeError` (deciding it at construction
    would mean compiling every year).

    Args:
        operation: ``"union"``, ``"intersection"`` or ``"difference"``.
        operands: the two calendars.
        timezone: the zone of results (default: the left operand's).

    Example:
        >>> from datetime import datetime, timezone
        >>> berlin = BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})
        >>> new_york = BusinessCalendar("America/New_York", {"mon-fri": ["09:00-17:00"]})
        >>> team = berlin | new_york
        >>> team.is_open(datetime(2026, 3, 2, 19, 0, tzinfo=timezone.utc))  # 14:00 in NY
        True
        >>> [
        ...     (s.isoformat(), e.isoformat())
        ...     for s, e in team.intervals(
        ...         datetime(2026, 3, 2, tzinfo=timezone.utc),
        ...         datetime(2026, 3, 3, tzinfo=timezone.utc),
        ...     )
        ... ]
        [('2026-03-02T09:00:00+01:00', '2026-03-02T23:00:00+01:00')]
    """

    operation: Operation = attrs.field(validator=one_of(_OPS))
    operands: tuple[Hours, Hours] = attrs.field(converter=_pair)
    timezone: ZoneInfo | None = attrs.field(
        default=None, converter=_optional_zone, eq=zone_key, kw_only=True
    )
    _cache: Timeline = attrs.field(init=False, eq=False, hash=False, repr=False, alias="_cache")

    @_cache.default
    def _make_cache(self) -> Timeline:
        return Timeline(self._blocks, self._describe)

    def __getstate__(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name) for f in attrs.fields(type(self)) if f.name != "_cache"
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_cache", self._make_cache())

    @property
    def _timeline(self) -> Timeline:
        return self._cache

    @property
    def zone(self) -> ZoneInfo:
        """The zone results are given in (``timezone``, else the left operand's)."""
        return self.timezone if self.timezone is not None else self.operands[0].zone

    def _describe(self) -> str:
        return f"the {self.operation} of two calendars"

    def _blocks(self, first: int, last: int) -> Intervals:
        left, right = self.operands
        combine = _OPS[self.operation]
        result: Intervals = combine(
            left._timeline.block(first, last),  # noqa: SLF001 - same package
            right._timeline.block(first, last),  # noqa: SLF001
        )
        return result

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"union": [a, b]}`` (or intersection/difference) with nested dicts.

        Example:
            >>> a = BusinessCalendar.always("UTC")
            >>> b = BusinessCalendar("UTC", {"sat-sun": ["00:00-24:00"]})
            >>> (a - b).to_dict()["difference"][1]["hours"]
            {'sat-sun': ['00:00-24:00']}
        """
        out: dict[str, Any] = {self.operation: [op.to_dict() for op in self.operands]}
        if self.timezone is not None:
            out["timezone"] = self.timezone.key
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CombinedCalendar:
        """Read the form written by :meth:`to_dict`.

        Raises:
            ConfigError: naming the path of the first bad field.
        """
        result = calendar_from_dict(data)
        if not isinstance(result, CombinedCalendar):
            raise ConfigError("expected a 'union', 'intersection' or 'difference' key", "")
        return result


def calendar_from_dict(data: Mapping[str, Any], path: str = "") -> Hours:
    """Read any calendar dict: a business calendar or a union/intersection/difference.

    Raises:
        ConfigError: naming the path of the first bad field.

    Example:
        >>> cal = calendar_from_dict(
        ...     {
        ...         "union": [
        ...             {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}},
        ...             {"timezone": "Asia/Tokyo", "hours": {"mon-fri": ["09:00-17:00"]}},
        ...         ]
        ...     }
        ... )
        >>> type(cal).__name__, cal.zone.key
        ('CombinedCalendar', 'Europe/Berlin')
    """
    if not isinstance(data, Mapping):
        raise ConfigError(f"expected a calendar mapping, got {data!r}", path)
    ops = [key for key in _OPS if key in data]
    if not ops:
        try:
            return BusinessCalendar.from_dict(data)
        except ConfigError as exc:
            if not path:
                raise
            inner = [] if exc.problems == (exc,) else exc.problems
            err = ConfigError(
                exc.msg,
                f"{path}.{exc.path}",
                problems=[ConfigError(p.msg, f"{path}.{p.path}") for p in inner],
            )
            raise err from None
    operation = ops[0]
    where = f"{path}.{operation}" if path else operation
    extra = sorted(set(data) - {operation, "timezone"})
    if extra:
        key = str(extra[0])
        raise ConfigError(
            f"unexpected key {key!r} beside {operation!r}; only 'timezone' may join it",
            f"{path}.{key}" if path else key,
        )
    items = data[operation]
    if not isinstance(items, list) or len(items) != 2:
        raise ConfigError(f"expected a list of two calendars, got {items!r}", where)
    operands = tuple(calendar_from_dict(item, f"{where}[{i}]") for i, item in enumerate(items))
    tz = data.get("timezone")
    if tz is not None and not isinstance(tz, str):
        raise ConfigError(
            f"expected an IANA key like 'Europe/Berlin', got {tz!r}",
            f"{path}.timezone" if path else "timezone",
        )
    return CombinedCalendar(operation, operands, timezone=tz)  # type: ignore[arg-type]
