"""Funnels and conformance over many journeys (private)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from servicekit._time import parse_instant, require_aware, require_timedelta
from servicekit.exceptions import ConfigError
from servicekit.onboarding._chart import FINAL, HISTORY, BadConfiguration
from servicekit.onboarding._model import Journey

if TYPE_CHECKING:
    from servicekit.onboarding._flow import Flow

__all__ = ["Deviation", "Funnel", "FunnelRow", "Stuck", "conformance", "funnel"]

#: How long a journey may wait in one state before it counts as stuck. An
#: assumption (one week); pass ``stuck_after`` to set your own, per state if needed.
STUCK_AFTER = timedelta(days=7)


@attrs.frozen
class FunnelRow:
    """One state of a funnel.

    Attributes:
        state: the state.
        entered: journeys that were ever in it.
        current: journeys in it now.
        converted: journeys that were in it and later reached a step further on.
        dropped: ``entered - converted - current``: left it without getting further.
        next_step: the step that follows it in the funnel (``None`` for the last step
            and for states off the main path, such as a withdrawal).
        conversion: ``converted / entered`` (``None`` without a next step or entries).
        drop_off: ``dropped / entered`` (``None`` likewise).
        median: median time spent in the state over finished visits (a run of
            self-transitions is one visit).
        p90: 90th percentile of the same (nearest-rank method).
        stuck: journeys in it now for longer than the threshold.
    """

    state: str
    entered: int
    current: int
    converted: int
    dropped: int
    next_step: str | None
    conversion: float | None
    drop_off: float | None
    median: timedelta | None
    p90: timedelta | None
    stuck: int

    def to_dict(self) -> dict[str, Any]:
        """Return the row as a plain dict (durations as seconds), e.g. for pandas."""
        row = attrs.asdict(self)
        for key in ("median", "p90"):
            row[key] = None if row[key] is None else row[key].total_seconds()
        return row


@attrs.frozen
class Stuck:
    """A journey waiting too long: its position in the input, state and since when."""

    index: int
    state: str
    since: datetime
    waited: timedelta


@attrs.frozen
class Funnel:
    """The result of :func:`funnel`: a row per state and the stuck journeys."""

    flow: str
    now: datetime
    rows: tuple[FunnelRow, ...]
    stuck: tuple[Stuck, ...]

    def row(self, state: str) -> FunnelRow:
        """Return the row of ``state``.

        Raises:
            KeyError: no such state.
        """
        for row in self.rows:
            if row.state == state:
                return row
        raise KeyError(state)

    def to_rows(self) -> list[dict[str, Any]]:
        """Return the rows as plain dicts, ready for ``pandas.DataFrame(rows)``."""
        return [row.to_dict() for row in self.rows]

    def to_pandas(self) -> Any:  # noqa: ANN401 - pandas is optional, so no annotation import
        """Return the rows as a pandas DataFrame indexed by state.

        Raises:
            ImportError: pandas is not installed (``pip install servicekit[pandas]``).
        """
        try:
            import pandas as pd  # noqa: PLC0415 - optional extra
        except ImportError as err:
            raise ImportError(
                "Funnel.to_pandas needs pandas: pip install servicekit[pandas]"
            ) from err
        return pd.DataFrame(self.to_rows()).set_index("state")


def _median(values: list[timedelta]) -> timedelta:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _p90(values: list[timedelta]) -> timedelta:
    # Nearest-rank percentile (Hyndman & Fan 1996, definition 1): no interpolation, so
    # the answer is always a duration that really occurred.
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


Visit = tuple[str, datetime, datetime | None]


def _visits(journey: Journey) -> list[Visit]:
    """Return ``(state, entered, left)`` per visit; a self-transition continues a visit."""
    out: list[tuple[str, datetime, datetime | None]] = []
    state = journey.history[0].source if journey.history else journey.state
    since = journey.started_at
    for entry in journey.history:
        if entry.target != state:
            out.append((state, since, entry.at))
            state, since = entry.target, entry.at
    out.append((state, since, None))
    return out


def _chart_visits(flow: Flow, journey: Journey, index: int) -> list[Visit]:
    """``(state, entered, left)`` per visit of every state of a nested flow.

    A visit of a state, compound and parallel ones and each region included, lasts
    while the state stays active; a transition that leaves and re-enters it (a
    self-transition) continues the visit, as in a flat flow. Visits come in the order
    they began (document order for those that began together).

    Raises:
        ConfigError: the journey's history is not one of this flow (path
            ``journeys[<index>]``).
    """
    chart = flow._chart  # noqa: SLF001 - the analytics of its flow
    assert chart is not None  # noqa: S101 - called for nested flows only
    try:
        steps = chart.configurations(journey)
    except BadConfiguration as err:
        raise ConfigError(
            f"{err}; the journey data is corrupt or follows another definition",
            f"journeys[{index}]",
        ) from None
    since: dict[Any, datetime] = {}
    out: list[tuple[datetime, int, str, datetime | None]] = []
    before: frozenset[Any] = frozenset()
    for at, active in steps:
        out.extend((since.pop(node), node.order, node.name, at) for node in before - active)
        for node in active - before:
            since[node] = at
        before = active
    out.extend((t, node.order, node.name, None) for node, t in since.items())
    out.sort(key=lambda v: (v[0], v[1]))
    return [(name, t, left) for t, _, name, left in out]


def _check_flow(flow: object) -> None:
    from servicekit.onboarding._flow import Flow  # noqa: PLC0415 - the flow imports this module

    if not isinstance(flow, Flow):
        raise TypeError(f"flow must be a Flow, got {type(flow).__name__}")


def funnel(  # noqa: C901 - one pass that counts everything
    flow: Flow,
    journeys: Iterable[Journey],
    now: datetime,
    *,
    stuck_after: timedelta | Mapping[str, timedelta] = STUCK_AFTER,
    steps: Iterable[str] | None = None,
) -> Funnel:
    """Count where journeys are, how many move on, how long they wait and who is stuck.

    Args:
        flow: the flow the journeys follow.
        journeys: journeys of that flow and version.
        now: the time to measure waits at; not before any journey's last event.
        stuck_after: how long a wait in a (non-final) state makes a journey stuck; one
            duration (for every leaf state), or one per state (states not named are
            never stuck; in a nested flow compound and parallel states may be named).
        steps: the funnel's main path. Defaults to the non-final top-level states in
            declared order followed by the first final one (declare the success end
            first); in a nested flow any state, nested ones included, may be a step.

    Returns:
        A :class:`Funnel` with one :class:`FunnelRow` per state, in declared order
        (document order, nested states after their parent, for a nested flow).

    In a nested flow a journey *reached* a state when that state became active: a
    leaf, a compound state, a parallel state and each of its regions all count, and
    one transition may make several active at once (a parent, its initial child, the
    regions of a parallel state). A visit lasts while the state stays active, so a
    transition between two children of a compound state continues the parent's
    visit, and a self-transition continues its state's visit, as in a flat flow.
    ``current`` counts the journeys in which the state is active now. "A step further
    on" is a step of higher rank reached later, or in the same transition and after
    it in document order (a parent converts into its child, not the other way round).

    Raises:
        NaiveDatetimeError: ``now`` is naive.
        ConfigError: a journey follows another flow, is in (or went through) a state
            the flow does not have, or has events after ``now``, or ``steps`` names an
            unknown state.
        TypeError: ``flow`` is not a :class:`Flow`.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit.onboarding.flows import downline_member
        >>> flow = downline_member()
        >>> at = datetime(2026, 4, 1, 9, tzinfo=timezone.utc)
        >>> new = flow.start({}, at).journey
        >>> welcomed = flow.fire(new, "welcome", at + timedelta(hours=5)).journey
        >>> report = funnel(flow, [new, welcomed], at + timedelta(days=10))
        >>> row = report.row("invited")
        >>> row.entered, row.converted, row.conversion, row.median
        (2, 1, 0.5, datetime.timedelta(seconds=18000))
        >>> [(s.index, s.state) for s in report.stuck]
        [(0, 'invited'), (1, 'welcomed')]

        A nested flow counts compound states and parallel regions too:

        >>> from servicekit.onboarding.flows import nested_investment
        >>> flow = nested_investment()
        >>> new = flow.start({}, at).journey
        >>> verified = flow.fire(new, "verification_passed", at + timedelta(hours=5)).journey
        >>> paying = flow.fire(verified, "top_up", at + timedelta(days=1)).journey
        >>> report = funnel(flow, [new, verified, paying], at + timedelta(days=2))
        >>> [(r.state, r.entered, r.current) for r in report.rows[2:4]]
        [('checking_identity', 3, 1), ('identity_verified', 2, 1)]
        >>> report.row("verification").entered, report.row("verification").current
        (3, 2)
        >>> report.row("onboarding").converted, report.row("onboarding").median
        (1, datetime.timedelta(days=1))
    """
    _check_flow(flow)
    require_aware(now, "now")
    chart = flow._chart  # noqa: SLF001 - the analytics of its flow
    if chart is None:
        names = leaves = [s.name for s in flow.states]
        finals = set(flow.finals)
    else:
        nodes = [n for n in chart.nodes.values() if n.kind != HISTORY]
        names = [n.name for n in nodes]
        leaves = [n.name for n in nodes if n.leaf]
        finals = {n.name for n in nodes if n.kind == FINAL}
    order = (
        [s.name for s in flow.states if not s.final] + list(flow.finals[:1])
        if steps is None
        else list(steps)
    )
    for i, step in enumerate(order):
        if step not in names:
            raise ConfigError(f"unknown state {step!r}", f"steps[{i}]")
    rank = {s: i for i, s in enumerate(order)}
    limits = _limits(stuck_after, names, leaves)
    entered = dict.fromkeys(names, 0)
    current = dict.fromkeys(names, 0)
    converted = dict.fromkeys(names, 0)
    durations: dict[str, list[timedelta]] = {n: [] for n in names}
    stuck: list[Stuck] = []
    known = set(names)
    for index, journey in enumerate(journeys):
        _check(flow, journey, now, index, known)
        visits = _visits(journey) if chart is None else _chart_visits(flow, journey, index)
        best = -1
        reached_after: dict[str, bool] = {}
        for state, _since, _left in reversed(visits):
            reached_after.setdefault(state, False)
            if best > rank.get(state, math.inf):
                reached_after[state] = True
            best = max(best, rank.get(state, -1))
        for state, flag in reached_after.items():
            entered[state] += 1
            converted[state] += flag
        for state, since, left in visits:
            if left is not None:
                durations[state].append(left - since)
                continue
            # Open visits: the state(s) the journey is in now.
            current[state] += 1
            limit = limits.get(state)
            if state not in finals and limit is not None and now - since > limit:
                stuck.append(Stuck(index, state, since, now - since))
    rows = []
    for state in names:
        nxt_rank = rank.get(state, -1) + 1
        nxt = order[nxt_rank] if state in rank and nxt_rank < len(order) else None
        n = entered[state]
        done = converted[state] if nxt is not None else 0
        dropped = n - done - current[state] if nxt is not None else 0
        spans = durations[state]
        rows.append(
            FunnelRow(
                state=state,
                entered=n,
                current=current[state],
                converted=done,
                dropped=dropped,
                next_step=nxt,
                conversion=done / n if nxt is not None and n else None,
                drop_off=dropped / n if nxt is not None and n else None,
                median=_median(spans) if spans else None,
                p90=_p90(spans) if spans else None,
                stuck=sum(1 for s in stuck if s.state == state),
            )
        )
    return Funnel(flow.name, now, tuple(rows), tuple(stuck))


def _limits(value: object, names: list[str], leaves: list[str]) -> dict[str, timedelta]:
    if isinstance(value, Mapping):
        out = {}
        for state, limit in value.items():
            if state not in names:
                raise ConfigError(f"unknown state {state!r}", f"stuck_after.{state}")
            out[state] = require_timedelta(limit, f"stuck_after.{state}")
        return out
    limit = require_timedelta(value, "stuck_after")
    return dict.fromkeys(leaves, limit)


def _check(flow: Flow, journey: Journey, now: datetime, index: int, known: set[str]) -> None:
    if type(journey) is not Journey:
        raise TypeError(f"journeys[{index}] must be a Journey, got {type(journey).__name__}")
    if journey.flow != flow.name or journey.flow_version != flow.version:
        raise ConfigError(
            f"follows flow {journey.flow!r} version {journey.flow_version}, "
            f"not {flow.name!r} version {flow.version}",
            f"journeys[{index}]",
        )
    nested = flow._chart is not None  # noqa: SLF001 - checked in _chart_visits instead
    for name in () if nested else (journey.state, *(s for e in journey.history for s in e[2:])):
        if name not in known:
            raise ConfigError(
                f"has the state {name[:80]!r}, which is not a state of flow {flow.name!r}; "
                "the journey data is corrupt or follows another definition",
                f"journeys[{index}]",
            )
    if journey.entered_at > now:
        raise ConfigError(
            f"has an event at {journey.entered_at.isoformat()}, after now "
            f"({now.isoformat()}); measure at a later now",
            f"journeys[{index}]",
        )


@attrs.frozen
class Deviation:
    """A journey whose recorded path the flow does not allow.

    Attributes:
        journey: the journey's id in the event log.
        index: the position of the first refused event within that journey's events.
        at: its time.
        event: its name.
        state: the state the journey was in when the event was refused.
        reasons: why the flow refused it.
    """

    journey: Any
    index: int
    at: datetime
    event: str
    state: str
    reasons: tuple[str, ...]


def _row(row: object, i: int) -> tuple[Any, datetime, str, Mapping[str, Any] | None]:
    if isinstance(row, Mapping):
        key, at, event, data = row.get("journey"), row.get("at"), row.get("event"), row.get("data")
    elif isinstance(row, tuple | list) and len(row) in (3, 4):
        key, at, event = row[0], row[1], row[2]
        data = row[3] if len(row) == 4 else None
    else:
        raise ConfigError(
            f"expected (journey, at, event[, data]) or a mapping with those keys, got {row!r}",
            f"event_log[{i}]",
        )
    when = at if isinstance(at, datetime) else parse_instant(at, f"event_log[{i}].at")
    if when.utcoffset() is None:
        raise ConfigError(f"naive time {at!r}; store instants with an offset", f"event_log[{i}].at")
    if not isinstance(event, str):
        raise ConfigError(f"expected an event name, got {event!r}", f"event_log[{i}].event")
    if data is not None and not isinstance(data, Mapping):
        raise ConfigError(f"expected a mapping, got {data!r}", f"event_log[{i}].data")
    return key, when, event, data


def conformance(
    flow: Flow,
    event_log: Iterable[Any],
    *,
    contexts: Mapping[Any, Mapping[str, Any]] | None = None,
) -> tuple[Deviation, ...]:
    """Return the journeys whose recorded path the flow does not allow.

    The log is a flat list of rows, ``(journey_id, at, event)`` or
    ``(journey_id, at, event, data)`` tuples or mappings with those keys (``at`` an
    aware datetime or an ISO-8601 string). Rows are grouped by journey and ordered by
    time (stable for equal times); each journey starts at its first row's time and is
    replayed through the flow, guards included.

    Args:
        flow: the flow the journeys should follow.
        event_log: the rows.
        contexts: the start context per journey id, for guards that read it.

    Returns:
        One :class:`Deviation` per non-conforming journey, in order of first appearance.

    Raises:
        ConfigError: a malformed row (the path names it); a context that is not
            strict JSON data (NaN, an infinity, a huge integer, deep nesting; path
            ``context.<key>``), or an instant outside the years 1 to 9999 in UTC.
        TypeError: a context is not a mapping of JSON data.

    Example:
        >>> from datetime import datetime, timezone
        >>> from servicekit.onboarding.flows import investment
        >>> at = datetime(2026, 4, 1, 9, tzinfo=timezone.utc)
        >>> log = [("a", at, "verification_passed"), ("b", at, "invest")]
        >>> [(d.journey, d.event, d.state) for d in conformance(investment(), log)]
        [('b', 'invest', 'registered')]
    """
    grouped: dict[Any, list[tuple[datetime, str, Mapping[str, Any] | None]]] = {}
    for i, row in enumerate(event_log):
        key, at, event, data = _row(row, i)
        grouped.setdefault(key, []).append((at, event, data))
    out = []
    contexts = contexts or {}
    for key, events in grouped.items():
        events.sort(key=lambda e: e[0])
        result = flow.replay(events, started_at=events[0][0], context=contexts.get(key))
        if result.rejected is not None:
            r = result.rejected
            out.append(Deviation(key, r.index, r.at, r.event, result.journey.state, r.reasons))
    return tuple(out)
