"""Names on the shifts: who works which shift, inside their own local hours (private).

An assignment programme solved, like the shift schedule, by HiGHS through
:func:`scipy.optimize.milp` (extra ``schedule``): a binary ``z[p, s]`` per person and
shift, every shift gets exactly its heads, nobody works two shifts closer than the
minimum rest, nobody exceeds their contracted hours, and a person only works a shift
that lies wholly inside their local availability and not on one of their days off.
Among the rosters that do this, it hands out inconvenient shifts fairly (the k-th one a
person gets costs their count so far plus k, a convex cost, so the cheapest roster
gives them to the people with the fewest, counting earlier weeks: they rotate), then
avoids the shifts people asked to avoid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from numbers import Real
from typing import Any

import attrs

from servicekit._fields import as_tuple
from servicekit._time import UTC, ZoneInfo
from servicekit.channels._profile import _pandas
from servicekit.channels._shifts import ScheduledShift, ShiftSchedule, _scipy
from servicekit.exceptions import ConfigError, InfeasibleError, NoBusinessTimeError
from servicekit.hours import BusinessCalendar, Hours

__all__ = ["Assignment", "Person", "Roster", "assign_shifts"]

#: Daily rest between two shifts: 11 consecutive hours (EU Working Time Directive
#: 2003/88/EC, article 3). Pass ``min_rest`` for other rules.
DEFAULT_REST = timedelta(hours=11)
#: The most people times shifts one roster may weigh.
MAX_PAIRS = 200_000
_FAIRNESS = 1_000.0  # weight of fair rotation over the avoided shifts


def _names(value: object, field: str) -> frozenset[str]:
    names = as_tuple(value, field, "a list of template names")
    for name in names:
        if not isinstance(name, str):
            raise TypeError(
                f"{field} must hold template names (strings), got {type(name).__name__}"
            )
    return frozenset(names)


def _prefers(value: object) -> frozenset[str]:
    return _names(value, "prefers")


def _avoids(value: object) -> frozenset[str]:
    return _names(value, "avoids")


def _dates(value: object) -> frozenset[date]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"days_off must be a collection of dates, got {type(value).__name__}")
    days = frozenset(value)
    for day in days:
        if isinstance(day, datetime) or not isinstance(day, date):
            raise TypeError(f"days_off must hold dates, got {type(day).__name__}")
    return days


@attrs.frozen(kw_only=True)
class Person:
    """Someone to put on shifts, in their own zone and hours.

    Attributes:
        name: the person's name (a label; kept out of ``repr`` as personal data).
        availability: when they can work, as a calendar in their own zone (a
            :class:`~servicekit.hours.BusinessCalendar`); a shift must lie wholly
            inside its open time.
        contracted_hours: the most hours they work over the roster (shift lengths less
            breaks), or ``None``.
        days_off: local dates (in the calendar's zone) on which they start no shift.
        prefers: template names they would rather work.
        avoids: template names they would rather not work.
        inconvenient_so_far: inconvenient shifts they worked in earlier weeks (so
            that inconvenient shifts rotate).
    """

    name: str = attrs.field(repr=False, validator=attrs.validators.instance_of(str))
    availability: Hours = attrs.field(repr=False)
    contracted_hours: float | None = None
    days_off: frozenset[date] = attrs.field(default=frozenset(), converter=_dates)
    prefers: frozenset[str] = attrs.field(default=frozenset(), converter=_prefers)
    avoids: frozenset[str] = attrs.field(default=frozenset(), converter=_avoids)
    inconvenient_so_far: int = 0

    def __attrs_post_init__(self) -> None:
        if not self.name.strip():
            raise ConfigError("must not be empty", "name")
        if not isinstance(self.availability, Hours):
            raise TypeError(
                f"availability must be a calendar, got {type(self.availability).__name__}"
            )
        hours: object = self.contracted_hours
        if hours is not None:
            if isinstance(hours, bool) or not isinstance(hours, Real):
                raise TypeError(f"contracted_hours must be a number, got {type(hours).__name__}")
            if not 0 <= hours <= 10_000:  # type: ignore[operator]
                raise ConfigError(
                    f"must be between 0 and 10,000 hours, got {hours!r}", "contracted_hours"
                )
        count = self.inconvenient_so_far
        if isinstance(count, bool) or not isinstance(count, int):
            raise TypeError(f"inconvenient_so_far must be an int, got {type(count).__name__}")
        if not 0 <= count <= 10_000:
            raise ConfigError(f"must be between 0 and 10,000, got {count!r}", "inconvenient_so_far")

    @property
    def zone(self) -> ZoneInfo:
        """The person's zone (their calendar's)."""
        return self.availability.zone

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "") -> Person:
        """Read a person: ``name``, ``timezone`` and weekly ``hours`` (as a calendar reads).

        Optional: ``contracted_hours``, ``days_off`` (ISO dates), ``prefers``,
        ``avoids`` (template names) and ``inconvenient_so_far``.

        Raises:
            ConfigError: naming the path of the bad field.

        Example:
            >>> p = Person.from_dict(
            ...     {
            ...         "name": "Ana",
            ...         "timezone": "America/Sao_Paulo",
            ...         "hours": {"mon-fri": ["08:00-18:00"]},
            ...     }
            ... )
            >>> p.zone.key
            'America/Sao_Paulo'
        """
        prefix = f"{path}." if path else ""
        keys = ("name", "timezone", "hours", "contracted_hours", "days_off", "prefers", "avoids",
                "inconvenient_so_far")  # fmt: skip
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {type(data).__name__}", path or "person")
        for key in data:
            if key not in keys:
                raise ConfigError(
                    f"unknown key {key!r}; expected one of {', '.join(keys)}", f"{prefix}{key}"
                )
        for key in ("name", "timezone", "hours"):
            if key not in data:
                raise ConfigError("is required", f"{prefix}{key}")
        if not isinstance(data["name"], str):
            raise ConfigError(
                f"expected a string, got {type(data['name']).__name__}", f"{prefix}name"
            )
        kwargs: dict[str, Any] = {
            "name": data["name"],
            "availability": _calendar(data, prefix),
            **_optional(data, prefix),
        }
        try:
            return cls(**kwargs)
        except ConfigError as error:
            raise ConfigError(error.msg, f"{prefix}{error.path}") from None


def _calendar(data: Mapping[str, Any], prefix: str) -> BusinessCalendar:
    """The person's weekly hours as a calendar in their zone."""
    if not isinstance(data["hours"], Mapping) or not data["hours"]:
        raise ConfigError("needs weekly hours like {'mon-fri': ['09:00-17:00']}", f"{prefix}hours")
    try:
        return BusinessCalendar.from_dict({"timezone": data["timezone"], "hours": data["hours"]})
    except ConfigError as error:
        raise ConfigError(error.msg, f"{prefix}{error.path}") from None
    except NoBusinessTimeError:
        raise ConfigError(
            "has no open time; give the hours this person can work", f"{prefix}hours"
        ) from None
    except (TypeError, ValueError) as error:
        raise ConfigError(str(error), f"{prefix}timezone") from None


def _optional(data: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The optional fields of :meth:`Person.from_dict`, read from their JSON form."""
    kwargs: dict[str, Any] = {}
    for key in ("contracted_hours", "inconvenient_so_far"):
        if key in data:
            kwargs[key] = _plain_number(
                data[key], f"{prefix}{key}", whole=key != "contracted_hours"
            )
    if "days_off" in data:
        kwargs["days_off"] = _read_dates(data["days_off"], f"{prefix}days_off")
    for key in ("prefers", "avoids"):
        if key in data:
            value = data[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"expected a list of template names, got {value!r}", prefix + key)
            kwargs[key] = value
    return kwargs


def _plain_number(value: object, path: str, *, whole: bool) -> object:
    wanted = int if whole else Real
    if isinstance(value, bool) or not isinstance(value, wanted):
        raise ConfigError(
            f"expected {'a whole number' if whole else 'a number'}, got {value!r}", path
        )
    return value


def _read_dates(value: object, path: str) -> list[date]:
    if not isinstance(value, list):
        raise ConfigError(f"expected a list of ISO dates, got {value!r}", path)
    return [_read_date(item, f"{path}[{index}]") for index, item in enumerate(value)]


def _read_date(item: object, path: str) -> date:
    if not isinstance(item, str):
        raise ConfigError(f"expected an ISO date like '2026-03-02', got {item!r}", path)
    try:
        return date.fromisoformat(item)
    except ValueError:
        raise ConfigError(f"expected an ISO date like '2026-03-02', got {item!r}", path) from None


@attrs.frozen(kw_only=True)
class Assignment:
    """One person on one shift, a row of :class:`Roster`.

    Attributes:
        person: the person's name.
        template: the shift's template.
        start: the shift's start in the person's own zone.
        end: its end in the person's own zone.
        inconvenient: whether the shift counts as inconvenient.
    """

    person: str
    template: str
    start: datetime
    end: datetime
    inconvenient: bool

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain values."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class Roster:
    """Who works which shift, from :func:`assign_shifts`.

    Attributes:
        assignments: one :class:`Assignment` per person and shift, by start.
        optimal: the solver proved the roster optimal.
    """

    assignments: tuple[Assignment, ...]
    optimal: bool

    def of(self, name: str) -> tuple[Assignment, ...]:
        """Return the assignments of the person called ``name``."""
        return tuple(a for a in self.assignments if a.person == name)

    def to_rows(self) -> list[dict[str, Any]]:
        """Return the assignments as plain dicts, ready for ``pandas.DataFrame``."""
        return [a.to_dict() for a in self.assignments]

    def to_pandas(self) -> Any:  # noqa: ANN401 - pandas is optional
        """Return the assignments as a pandas DataFrame.

        Raises:
            ImportError: pandas is not installed (``pip install servicekit[pandas]``).
        """
        columns = [field.name for field in attrs.fields(Assignment)]
        return _pandas().DataFrame(self.to_rows(), columns=columns)


def _why(shift: ScheduledShift, people: Sequence[Person], usable: list[bool]) -> str:
    outside = sum(1 for p, ok in zip(people, usable, strict=True) if not ok)
    busy = len(people) - outside
    return (
        f"{shift.template} {shift.start.isoformat()}-{shift.end.isoformat()} needs "
        f"{shift.heads} heads: {outside} of {len(people)} people are outside their hours "
        f"or off that day, the other {busy} are on other shifts, within their rest or at "
        "their contracted hours"
    )


def assign_shifts(
    shifts: ShiftSchedule | Sequence[ScheduledShift],
    people: Sequence[Person],
    *,
    inconvenient: Iterable[str] = (),
    min_rest: timedelta = DEFAULT_REST,
    time_limit: float = 60.0,
) -> Roster:
    """Put people on the shifts: inside their local hours, fairly, within their contracts.

    Every shift gets exactly its heads; each person works only shifts lying wholly
    inside their availability (read in their own zone) and starting on none of their
    days off, at most their contracted hours, and never two shifts less than
    ``min_rest`` apart. Among such rosters it gives inconvenient shifts to the people
    with the fewest so far (earlier weeks included, so they rotate), then keeps people
    off the shifts they avoid, then gives them the shifts they prefer. Solved with HiGHS (extra ``schedule``).

    Args:
        shifts: a :class:`ShiftSchedule` or its shifts.
        people: the people.
        inconvenient: names of templates that count as inconvenient (nights, weekends).
        min_rest: the least time between one shift's end and the next one's start for
            one person; default 11 hours (EU Working Time Directive, article 3).
        time_limit: seconds the solver may spend, ``> 0``.

    Returns:
        The :class:`Roster`.

    Raises:
        InfeasibleError: some shift cannot get its heads; the message lists each such
            shift (its interval) and why (how many people are outside their hours, how
            many are taken).
        ConfigError: no people, two people with the same name (``people[i].name``),
            more than 200,000 person-shift pairs, or a bad rest or time limit.
        ImportError: scipy is not installed (extra ``schedule``).
        TypeError: a value of the wrong type.

    Example:
        >>> from datetime import datetime, time, timedelta, timezone
        >>> from servicekit.channels import ShiftTemplate, schedule_shifts
        >>> nine = datetime(2026, 3, 2, 8, tzinfo=timezone.utc)
        >>> need = [(nine + k * timedelta(hours=1), 1) for k in range(8)]
        >>> day = ShiftTemplate(name="day", length=timedelta(hours=8), starts=[(time(8), time(8))])
        >>> schedule = schedule_shifts(need, [day], interval=timedelta(hours=1))
        >>> ana = Person.from_dict(
        ...     {
        ...         "name": "Ana",
        ...         "timezone": "America/Sao_Paulo",
        ...         "hours": {"mon-fri": ["04:00-13:00"]},
        ...     }
        ... )
        >>> ben = Person.from_dict(
        ...     {"name": "Ben", "timezone": "Europe/Berlin", "hours": {"mon-fri": ["13:00-22:00"]}}
        ... )
        >>> roster = assign_shifts(schedule, [ana, ben])
        >>> [(a.person, a.start.strftime("%H:%M %Z")) for a in roster.assignments]
        [('Ana', '05:00 -03')]
    """  # noqa: E501 - doctest lines
    items = list(shifts.shifts if isinstance(shifts, ShiftSchedule) else shifts)
    for index, shift in enumerate(items):
        if not isinstance(shift, ScheduledShift):
            raise TypeError(f"shifts[{index}] must be a ScheduledShift, got {type(shift).__name__}")
    _check_people(people)
    limit = _check_options(min_rest, time_limit)
    hard = _names(inconvenient, "inconvenient")
    if len(items) * len(people) > MAX_PAIRS:
        raise ConfigError(
            f"{len(people)} people times {len(items)} shifts exceed {MAX_PAIRS:,} pairs; "
            "roster fewer weeks or teams at once",
            "people",
        )
    if not items:
        return Roster(assignments=(), optimal=True)
    return _solve(items, list(people), hard, min_rest, limit)


def _check_people(people: object) -> None:
    if isinstance(people, (str, bytes, Mapping)) or not isinstance(people, Sequence):
        raise TypeError(f"people must be a sequence of Person, got {type(people).__name__}")
    if not people:
        raise ConfigError("needs at least one person", "people")
    seen: set[str] = set()
    for index, person in enumerate(people):
        if not isinstance(person, Person):
            raise TypeError(f"people[{index}] must be a Person, got {type(person).__name__}")
        if person.name in seen:
            raise ConfigError(
                "the same name twice; names tell people apart", f"people[{index}].name"
            )
        seen.add(person.name)


def _check_options(min_rest: object, time_limit: object) -> float:
    if not isinstance(min_rest, timedelta):
        raise TypeError(f"min_rest must be a timedelta, got {type(min_rest).__name__}")
    if not timedelta(0) <= min_rest <= timedelta(days=7):
        raise ConfigError(f"must be between 0 and 7 days, got {min_rest!r}", "min_rest")
    if isinstance(time_limit, bool) or not isinstance(time_limit, int | float):
        raise TypeError(f"time_limit must be a number, got {type(time_limit).__name__}")
    if not 0 < time_limit <= 86_400:
        raise ConfigError(f"must be in (0, 86400] seconds, got {time_limit!r}", "time_limit")
    return float(time_limit)


def _usable(person: Person, shift: ScheduledShift) -> bool:
    if shift.start.astimezone(person.zone).date() in person.days_off:
        return False
    length = shift.end.astimezone(UTC) - shift.start.astimezone(UTC)
    return person.availability.elapsed(shift.start, shift.end) == length


def _constraints(  # noqa: PLR0917 - the parts of one programme
    items: list[ScheduledShift],
    people: list[Person],
    usable: list[list[bool]],
    index: dict[tuple[int, int], int],
    hard: frozenset[str],
    rest: timedelta,
) -> tuple[list[dict[int, float]], list[float], list[float], list[float]]:
    """Rows of the programme (sparse dicts), their bounds and the fairness ladder's costs."""
    n_people, n_shifts = len(people), len(items)
    rows: list[dict[int, float]] = []
    lower: list[float] = []
    upper: list[float] = []

    def add(row: dict[int, float], lo: float, hi: float) -> None:
        rows.append(row)
        lower.append(lo)
        upper.append(hi)

    for j, shift in enumerate(items):  # every shift gets its heads (or says how many miss)
        row = {index[(i, j)]: 1.0 for i in range(n_people) if usable[i][j]}
        row[len(index) + j] = 1.0
        add(row, shift.heads, shift.heads)
    spans = [(s.start.timestamp(), s.end.timestamp() + rest.total_seconds()) for s in items]
    ladder: list[float] = []
    paid = [_paid_hours(s) for s in items]
    top = len(index) + n_shifts
    for i, person in enumerate(people):
        mine = [j for j in range(n_shifts) if usable[i][j]]
        for j in mine:  # at most one shift (with its rest) at each shift's start
            clash = {index[(i, k)]: 1.0 for k in mine if spans[k][0] <= spans[j][0] < spans[k][1]}
            if len(clash) > 1:
                add(clash, 0, 1)
        if person.contracted_hours is not None and mine:
            add({index[(i, j)]: paid[j] for j in mine}, 0, float(person.contracted_hours))
        # Fair rotation: the k-th inconvenient shift of a person costs (so far + k), so
        # the cheapest way to hand them out fills the people with the fewest first.
        awkward = [index[(i, j)] for j in mine if items[j].template in hard]
        if awkward:
            steps = list(range(len(ladder), len(ladder) + len(awkward)))
            ladder.extend(float(person.inconvenient_so_far + k + 1) for k in range(len(awkward)))
            row = dict.fromkeys(awkward, 1.0)
            row.update({top + step: -1.0 for step in steps})
            add(row, 0, 0)
    return rows, lower, upper, ladder


def _solve(
    items: list[ScheduledShift],
    people: list[Person],
    hard: frozenset[str],
    rest: timedelta,
    limit: float,
) -> Roster:
    np, bounds_type, constraint, milp, csr = _scipy()
    n_people, n_shifts = len(people), len(items)
    usable = [[_usable(p, s) for s in items] for p in people]
    pairs = [(i, j) for i in range(n_people) for j in range(n_shifts) if usable[i][j]]
    index = {pair: k for k, pair in enumerate(pairs)}
    rows, lower, upper, ladder = _constraints(items, people, usable, index, hard, rest)
    top = len(pairs) + n_shifts
    data, row_index, col_index = [], [], []
    for r, row in enumerate(rows):
        for c, v in row.items():
            row_index.append(r)
            col_index.append(c)
            data.append(v)
    width = top + len(ladder)  # z, unfilled heads per shift, the fairness ladder
    # 32-bit indices: scipy before 1.12 hands HiGHS only C ints (MAX_PAIRS keeps the
    # sizes far below 2**31).
    coordinates = (np.asarray(row_index, dtype=np.int32), np.asarray(col_index, dtype=np.int32))
    matrix = csr((data, coordinates), shape=(len(rows), width))
    cost = np.zeros(width)
    for k, (i, j) in enumerate(pairs):
        template = items[j].template
        cost[k] = (1.0 if template in people[i].avoids else 0.0) + (
            0.0 if template in people[i].prefers or not people[i].prefers else 0.1
        )
    big = _FAIRNESS * (n_shifts + 1) * (n_shifts + 10_001)
    cost[len(pairs) : top] = big
    cost[top:] = _FAIRNESS * np.asarray(ladder)
    integrality = np.zeros(width)
    integrality[:top] = 1
    result = milp(
        cost,
        constraints=[constraint(matrix, lower, upper)],
        integrality=integrality,
        bounds=bounds_type(
            np.zeros(width),
            np.concatenate([np.ones(len(pairs)), np.full(n_shifts, np.inf), np.ones(len(ladder))]),
        ),
        options={"time_limit": limit},
    )
    if result.x is None:
        raise InfeasibleError(
            f"the solver found no roster within time_limit={limit!r} s "
            f"({str(result.message).lower()}); raise time_limit"
        )
    x = result.x
    short = [j for j in range(n_shifts) if round(x[len(pairs) + j]) > 0]
    if short:
        reasons = "; ".join(
            _why(items[j], people, [usable[i][j] for i in range(n_people)]) for j in short
        )
        raise InfeasibleError(f"{len(short)} shifts cannot get their heads: {reasons}")
    out = []
    for k, (i, j) in enumerate(pairs):
        if round(x[k]):
            shift, person = items[j], people[i]
            out.append(
                Assignment(
                    person=person.name,
                    template=shift.template,
                    start=shift.start.astimezone(person.zone),
                    end=shift.end.astimezone(person.zone),
                    inconvenient=shift.template in hard,
                )
            )
    out.sort(key=lambda a: (a.start.timestamp(), a.template, a.person))
    return Roster(assignments=tuple(out), optimal=bool(result.status == 0))


def _paid_hours(shift: ScheduledShift) -> float:
    """Hours worked on a shift: its length less its breaks (real elapsed time)."""
    length = shift.end.timestamp() - shift.start.timestamp()
    resting = sum(b.timestamp() - a.timestamp() for a, b in shift.breaks)
    return (length - resting) / 3600.0
