"""SLA clocks computed from a ticket's event log (private).

The engine works in two passes. The first walks the sorted events once and records,
independently of any target, the ticket's status segments and the start and stop of
each reply cycle. The second measures each cycle against the target that applies to
it, on that target's calendar. Instants are integer microseconds since the epoch in
between, so that business-time arithmetic is exact and cheap; datetimes are made only
for the report.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Final

import attrs

from servicekit._time import UTC, format_duration, require_aware
from servicekit.sla._clock import (
    REAL,
    CompiledMeter,
    Meter,
    TicketDataError,
    deadline_instant,
    instant_to_us,
    us_to_instant,
)
from servicekit.sla._events import TicketEvent
from servicekit.sla._policy import Policy, Target
from servicekit.sla._policyset import PolicySet, PolicySpan
from servicekit.sla._statuses import StatusMap
from servicekit.typing import ClockStatus

if TYPE_CHECKING:
    from servicekit.sla._clock import CalendarLike, RealMeter
    from servicekit.typing import ProblemCode

__all__ = [
    "CLOCK_STATUSES",
    "PROBLEM_CODES",
    "Cycle",
    "MetricReport",
    "Pause",
    "Problem",
    "SLAReport",
    "evaluate",
]

#: The status of a clock (and of a metric), from not started to finished.
CLOCK_STATUSES: Final = (
    "not_started",
    "on_track",
    "at_risk",
    "paused",
    "breached",
    "met",
    "missed",
)

#: The codes of :class:`Problem`, in the order the docs list them.
PROBLEM_CODES: Final = (
    "before_created",
    "duplicate_created",
    "after_closed",
    "duplicate_event",
    "unknown_priority",
    "unknown_status",
    "no_policy",
)

_STOPPED = frozenset({"solved", "closed"})
#: The metrics whose clocks follow the status; which statuses run, pause or stop each
#: one is the policy's :class:`~servicekit.sla.StatusMap` (by default Zendesk's
#: definitions of requester wait and agent work time; resolution "never paused").
_STATUS_DRIVEN: Final = frozenset({"requester_wait", "agent_work", "resolution"})
_STANDARD: Final = StatusMap()
_REPLY_METRICS = ("first_reply", "next_reply", "periodic_update")
#: The event kinds that change a ticket field (and so which policy of a set governs).
_CHANGES: Final = frozenset({"priority", "field", "tags"})
_US = 1_000_000


# ------------------------------------------------------------------------ the report
@attrs.frozen
class Pause:
    """A stretch of a cycle during which its clock did not run.

    Attributes:
        start: when the clock stopped running.
        end: when it ran again, or ``None`` if it is still paused at ``now``.
        status: the ticket status that paused it (``pending``, ``on_hold``, a custom
            status that pauses the metric or, for a solved ticket that was later
            reopened, ``solved``).
    """

    start: datetime
    end: datetime | None
    status: str

    def to_dict(self) -> dict[str, Any]:
        """Return the pause as plain JSON types."""
        return {
            "start": self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "status": self.status,
        }


@attrs.frozen
class Cycle:
    """One run of a metric's clock, measured against the target that applies to it.

    Attributes:
        metric: the metric.
        priority: the ticket's priority whose target measures this cycle: the one in
            force when the cycle stopped, or at ``now`` while it runs (a priority
            change re-targets open cycles from their start).
        target: that target.
        start: when the clock started.
        stop: when it stopped, or ``None`` while it runs or is paused.
        stop_reason: what stopped it: ``agent_reply`` or the status that stopped it
            (``solved``, ``closed`` or a status that the policy's statuses put in
            those categories or that stops this metric).
        deadline: when the target runs out if nothing pauses the clock again: the
            earliest instant at which the elapsed business time reaches the target
            (for a breached or missed cycle, the instant it was breached); ``None``
            while the clock is paused with time left, or when it stopped while paused
            with time left; ``None`` too when it lies beyond what can be represented
            (after 9999-12-31 UTC, or beyond the years the calendar supports): such a
            target cannot run out.
        elapsed: business time on the target's calendar while the clock ran, up to
            ``stop`` or ``now``.
        paused: the stretches during which the clock did not run.
        status: one of ``on_track``, ``at_risk``, ``paused``, ``breached`` (still
            running or paused), ``met``, ``missed`` (stopped).
        deadline_by_hand: whether ``deadline`` was set by hand (a ``due_date``
            event) rather than computed from the target; such a deadline is an
            instant, whatever the calendar and pauses.
        policy: with a :class:`~servicekit.sla.PolicySet`, the policy whose target
            measures this cycle (the one governing when it stopped, or at ``now``
            while it runs); ``None`` for a single policy.
    """

    metric: str
    priority: str
    target: Target
    start: datetime
    stop: datetime | None
    stop_reason: str | None
    deadline: datetime | None
    elapsed: timedelta
    paused: tuple[Pause, ...]
    status: ClockStatus
    deadline_by_hand: bool = False
    policy: str | None = None

    @property
    def remaining(self) -> timedelta:
        """Business time left before the target runs out (negative once exceeded)."""
        return self.target.within - self.elapsed

    @property
    def active(self) -> bool:
        """Whether the cycle has not stopped yet."""
        return self.stop is None

    def to_dict(self) -> dict[str, Any]:
        """Return the cycle as plain JSON types (ISO-8601 instants and durations)."""
        return {
            "metric": self.metric,
            "priority": self.priority,
            "within": format_duration(self.target.within),
            "start": self.start.isoformat(),
            "stop": None if self.stop is None else self.stop.isoformat(),
            "stop_reason": self.stop_reason,
            "deadline": None if self.deadline is None else self.deadline.isoformat(),
            "elapsed": format_duration(self.elapsed),
            "paused": [p.to_dict() for p in self.paused],
            "status": self.status,
            **({"deadline_by_hand": True} if self.deadline_by_hand else {}),
            **({"policy": self.policy} if self.policy is not None else {}),
        }


@attrs.frozen
class MetricReport:
    """The state of one metric on one ticket.

    Attributes:
        metric: the metric.
        status: the status of the running (or paused) cycle if there is one; else
            ``missed`` if any finished cycle missed its target, ``met`` if all met, and
            ``not_started`` if no cycle has started yet.
        target: the target in force for the ticket's current priority (``None`` when
            that priority has none for this metric; earlier cycles may still have been
            measured under another priority).
        cycles: every measured cycle, oldest first.
    """

    metric: str
    status: ClockStatus
    target: Target | None
    cycles: tuple[Cycle, ...]

    @property
    def current(self) -> Cycle | None:
        """The cycle still running or paused, if any."""
        last = self.cycles[-1] if self.cycles else None
        return last if last is not None and last.stop is None else None

    @property
    def deadline(self) -> datetime | None:
        """The deadline of the current cycle, if it has one."""
        current = self.current
        return None if current is None else current.deadline

    def to_dict(self) -> dict[str, Any]:
        """Return the metric report as plain JSON types."""
        return {
            "metric": self.metric,
            "status": self.status,
            "target": None
            if self.target is None
            else {"within": format_duration(self.target.within), "warn_at": self.target.warn_at},
            "cycles": [c.to_dict() for c in self.cycles],
        }


@attrs.frozen
class Problem:
    """A contradiction in a ticket's events, reported instead of silently repaired.

    Attributes:
        code: one of :data:`PROBLEM_CODES`: ``before_created`` (an event before the
            ticket's ``created`` event; ignored), ``duplicate_created`` (a second
            ``created``; ignored), ``after_closed`` (an event after the ticket was
            closed; ignored), ``duplicate_event`` (an exact copy of an earlier event:
            same instant and fields (kind, priority, status, tags and the rest), as
            at-least-once webhooks deliver; dropped, so a log sent twice gives the same clocks),
            ``unknown_priority`` (a priority the policy has no targets for),
            ``unknown_status`` (a status the policy's statuses do not declare; the
            event is ignored) or ``no_policy`` (at ``now`` no policy of a
            :class:`~servicekit.sla.PolicySet` matches the ticket and the set has no
            fallback: the ticket has no targets; index -1).
        message: a sentence for people (English).
        index: the position of the offending event in the input, as given; ``-1``
            when no single event is at fault (``unknown_priority``, where the
            ticket's priority at ``now`` has no targets, and ``no_policy``).
        at: the offending event's instant; ``now`` when ``index`` is ``-1``.
    """

    code: ProblemCode
    message: str
    index: int
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        """Return the problem as plain JSON types."""
        return {
            "code": self.code,
            "message": self.message,
            "index": self.index,
            "at": self.at.isoformat(),
        }


@attrs.frozen
class SLAReport:
    """Every SLA clock of one ticket at ``now``.

    Attributes:
        policy: the name of the policy applied.
        now: the instant of evaluation.
        priority: the ticket's priority at ``now``.
        status: the ticket's status at ``now``.
        metrics: one :class:`MetricReport` per metric that the policy targets, in
            :data:`~servicekit.sla.METRICS` order; index the report by metric name.
        problems: contradictions found in the events (they are ignored, not repaired).
        ignored: how many events lie after ``now`` (they are not counted yet).
        governing: for a :class:`~servicekit.sla.PolicySet`, which policy governed
            which span of the ticket's life and why (:class:`PolicySpan` values, oldest
            first, the last one still governing at ``now``); empty for a single
            :class:`~servicekit.sla.Policy`. With a set, :attr:`policy` is the set's
            name.
    """

    policy: str
    now: datetime
    priority: str
    status: str
    metrics: tuple[MetricReport, ...]
    problems: tuple[Problem, ...] = ()
    ignored: int = 0
    governing: tuple[PolicySpan, ...] = ()

    def __getitem__(self, metric: str) -> MetricReport:
        for report in self.metrics:
            if report.metric == metric:
                return report
        raise KeyError(metric)

    def __contains__(self, metric: object) -> bool:
        return any(report.metric == metric for report in self.metrics)

    def __iter__(self) -> Iterator[MetricReport]:
        return iter(self.metrics)

    @property
    def breached(self) -> tuple[str, ...]:
        """The metrics whose current cycle is breached."""
        return tuple(m.metric for m in self.metrics if m.status == "breached")

    @property
    def next_deadline(self) -> datetime | None:
        """The earliest deadline of a running, not yet breached cycle."""
        found = [
            m.current.deadline
            for m in self.metrics
            if m.current is not None
            and m.current.deadline is not None
            and m.current.status in ("on_track", "at_risk")
        ]
        return min(found, key=instant_to_us) if found else None

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON types."""
        return {
            "policy": self.policy,
            "now": self.now.isoformat(),
            "priority": self.priority,
            "status": self.status,
            "metrics": {m.metric: m.to_dict() for m in self.metrics},
            "problems": [p.to_dict() for p in self.problems],
            "ignored": self.ignored,
            **({"governing": [g.to_dict() for g in self.governing]} if self.governing else {}),
        }


# ------------------------------------------------------------------ pass 1: the walk
# A reply cycle: (start, stop or None, stop reason or None, priority at stop or None,
# governing policy's index at stop, or 0 while it runs).
_ReplyCycle = tuple[int, "int | None", "str | None", "str | None", int]


class _Log:
    """What the walk learns from a ticket's events (private, mutable while walking)."""

    __slots__ = (
        "changes",
        "created",
        "dues",
        "governor",
        "ignored",
        "priority",
        "problems",
        "replies",
        "segments",
        "status",
    )

    def __init__(self) -> None:
        self.created = 0
        # (instant, governing policy's index) whenever it changes; -1: none governs
        self.changes: list[tuple[int, int]] = []
        self.governor = 0
        self.dues: list[tuple[int, str, int]] = []  # (set at, metric, due), time-ordered
        self.ignored = 0
        self.priority = ""
        self.problems: list[tuple[ProblemCode, str, int, TicketEvent]] = []
        self.replies: dict[str, list[_ReplyCycle]] = {m: [] for m in _REPLY_METRICS}
        # (start, status, priority at start, governing index at start), time-ordered
        self.segments: list[tuple[int, str, str, int]] = []
        self.status = "new"


def _check_events(events: object) -> list[TicketEvent]:
    if isinstance(events, (TicketEvent, str, bytes, Mapping)) or not isinstance(events, Iterable):
        raise TypeError(f"events must be an iterable of TicketEvent, got {type(events).__name__}")
    out = list(events)
    for i, event in enumerate(out):
        if type(event) is not TicketEvent and not isinstance(event, TicketEvent):
            raise TypeError(f"events[{i}] must be a TicketEvent, got {type(event).__name__}")
    return out


def _walk(  # noqa: C901, PLR0912, PLR0915 - one pass, one place
    events: list[TicketEvent],
    now_us: int,
    statuses: StatusMap = _STANDARD,
    chooser: PolicySet | None = None,
) -> _Log:
    """Walk the events in time order once; see docs/explanation/sla-metrics.md."""
    category = statuses.category
    keys = [e._us for e in events]  # noqa: SLF001 - the package's own cached instant
    n = len(keys)
    if keys == sorted(keys):  # the usual case: already in order
        order: Iterable[int] = range(n)
    else:
        order = sorted(range(n), key=keys.__getitem__)  # stable
    log = _Log()
    replies = log.replies
    segments = log.segments
    problems = log.problems
    started = False
    closed = False
    status = "new"
    stopped = False  # whether the status is in the solved or closed category
    priority = ""
    gov = 0  # the governing policy's index (always 0 for a single policy)
    fields: dict[str, str | None] = {}
    tags: set[str] = set()
    owed: str | None = None  # the reply cycle running: first_reply or next_reply
    owed_since = 0
    first_done = False
    update_since: int | None = None  # the periodic_update cycle running
    # Copies share their original's instant, so only events at the instant of the one
    # before are compared (cheaply: a set of their fields, built once two share it).
    last_t: int | None = None
    head: TicketEvent  # the first event at last_t
    same: set[tuple[object, ...]] | None = None
    for position, i in enumerate(order):
        event = events[i]
        t = keys[i]
        if t > now_us:
            log.ignored = _distinct_count(events, list(order)[position:])
            break
        if t != last_t:
            last_t, head, same = t, event, None
        else:
            if same is None:
                same = {_fields(head)}
            found = _fields(event)
            if found in same:
                problems.append(
                    ("duplicate_event", "is an exact copy of an earlier event", i, event)
                )
                continue
            same.add(found)
        kind = event.kind
        if not started:
            if kind == "created":
                started = True
                log.created = t
                priority = event.priority or ""
                if chooser is not None:
                    fields.update(event.fields)
                    fields["priority"] = priority
                    tags.update(event.tags)
                    gov = chooser._index(fields, tags)  # noqa: SLF001
                    log.changes.append((t, gov))
                segments.append((t, "new", priority, gov))
                owed, owed_since = "first_reply", t
            else:
                problems.append(("before_created", "comes before the ticket's creation", i, event))
            continue
        if closed:
            problems.append(("after_closed", "comes after the ticket was closed", i, event))
            continue
        if kind == "agent_reply":
            # A cycle that would start and stop at the same instant is not recorded
            # (never counted as met), but for the first reply.
            if owed is not None:
                if owed == "first_reply" or t > owed_since:
                    replies[owed].append((owed_since, t, "agent_reply", priority, gov))
                first_done = True
                owed = None
            if update_since is not None and t > update_since:
                replies["periodic_update"].append((update_since, t, "agent_reply", priority, gov))
            update_since = None if stopped else t
        elif kind == "customer_message":
            if owed is None and first_done:
                owed, owed_since = "next_reply", t
        elif kind == "status":
            new = event.status or ""
            if new == status:
                continue
            group = category(new)
            if group is None:
                problems.append(
                    (
                        "unknown_status",
                        (
                            f"sets status {new!r}, which the policy puts in no category; "
                            "declare it under the policy's statuses"
                        ),
                        i,
                        event,
                    )
                )
                continue
            if group in _STOPPED:
                if owed is not None:
                    if owed == "first_reply" or t > owed_since:
                        replies[owed].append((owed_since, t, new, priority, gov))
                    first_done = True
                    owed = None
                if update_since is not None:
                    if t > update_since:
                        replies["periodic_update"].append((update_since, t, new, priority, gov))
                    update_since = None
                closed = group == "closed"
            segments.append((t, new, priority, gov))
            status = new
            stopped = group in _STOPPED
        elif kind in _CHANGES:
            if kind == "priority":
                priority = event.priority or ""
            elif kind == "tags":
                tags.update(event.added)
                tags.difference_update(event.removed)
            elif event.field == "priority":
                priority = event.value or ""
            else:
                fields[event.field or ""] = event.value
            if chooser is not None:
                fields["priority"] = priority
                chosen = chooser._index(fields, tags)  # noqa: SLF001
                if chosen != gov:
                    gov = chosen
                    log.changes.append((t, gov))
        elif kind == "due_date":
            log.dues.append((t, event.metric or "", event._due_us))  # noqa: SLF001
        elif kind == "created":
            problems.append(("duplicate_created", "is a second 'created' event", i, event))
        # internal notes, tags and other fields do not touch a single policy's clocks
    if not started:
        if any(e.kind == "created" for e in events):
            first = min((e.at for e in events if e.kind == "created"), key=instant_to_us)
            raise TicketDataError(
                "created_after_now",
                f"the ticket was created at {first.isoformat()}, after now; evaluate at a "
                "later now",
                "events",
            )
        raise TicketDataError(
            "no_created_event",
            "no 'created' event; a ticket's clocks start when it is created",
            "events",
        )
    if owed is not None:
        replies[owed].append((owed_since, None, None, None, 0))
    if update_since is not None:
        replies["periodic_update"].append((update_since, None, None, None, 0))
    log.status = status
    log.priority = priority
    log.governor = gov
    return log


def _fields(event: TicketEvent) -> tuple[object, ...]:
    """What makes an event a copy of another at the same instant."""
    return (
        event.kind,
        event.priority,
        event.status,
        event.tags,
        event.metric,
        event.due,
        event.field,
        event.value,
        event.added,
        event.removed,
        event.fields,
    )


def _distinct_count(events: list[TicketEvent], positions: list[int]) -> int:
    """How many events at ``positions`` are not copies of one another."""
    return len({(events[i]._us, *_fields(events[i])) for i in positions})  # noqa: SLF001


# --------------------------------------------------------------- pass 2: measuring
def _measure(
    spans: list[tuple[int, int]],
    *,
    running_at_end: bool,
    meter: Meter | CompiledMeter | RealMeter,
    within: int,
) -> tuple[int, int | None, bool]:
    """Return (elapsed, deadline, breached) for a clock that ran in ``spans``.

    The deadline is the earliest instant at which the elapsed business time reaches
    ``within`` (``calendar.add`` from the span where it does); the clock is breached
    when it was running at any instant after its deadline. If the target is not used
    up and the clock runs at its end, the deadline is where it would run out if
    nothing paused it again; otherwise there is none.
    """
    total = 0
    deadline: int | None = None
    breached = False
    last = 0
    for s, e in spans:
        last = meter.elapsed(s, e)
        if deadline is None:
            if total + last >= within:
                deadline = meter.add(s, within - total)
                breached = deadline < e
        elif e > s:
            breached = True  # it ran again after its deadline
        total += last
    if deadline is None and running_at_end and spans:
        deadline = meter.add(spans[-1][0], within - total + last)
    return total, deadline, breached


def _status_of(
    elapsed: int, target: Target, *, breached: bool, stopped: bool, running: bool
) -> ClockStatus:
    if stopped:
        return "missed" if breached else "met"
    if breached:
        return "breached"
    if not running:
        return "paused"
    return "at_risk" if elapsed >= target._warn_us else "on_track"  # noqa: SLF001


class _Context:
    """Per-evaluation caches: one meter per calendar (private)."""

    __slots__ = ("compiled", "meters")

    def __init__(self, *, compiled: bool = False) -> None:
        self.compiled = compiled
        self.meters: dict[int, tuple[object, Meter | CompiledMeter]] = {}

    def meter(self, calendar: CalendarLike | None) -> Meter | CompiledMeter | RealMeter:
        if calendar is None:
            return REAL
        found = self.meters.get(id(calendar))
        if found is None or found[0] is not calendar:
            found = (calendar, CompiledMeter(calendar) if self.compiled else Meter(calendar))
            self.meters[id(calendar)] = found
        return found[1]


# A measured cycle in integers: metric, priority, target, start, stop, stop reason,
# deadline, elapsed, status, pauses [(start, end or None, status)], deadline by hand.
_Raw = tuple[
    str, str, Target, int, "int | None", "str | None", "int | None", int, ClockStatus,
    "list[tuple[int, int | None, str]]", bool,
]  # fmt: skip


def _stop_segment(segments: list[tuple[int, str, str, int]], how: Mapping[str, str]) -> int | None:
    """Return where the trailing run of segments that stop the clock begins, if any.

    The first segment (``new``) never stops a clock, so the index is at least 1.
    """
    k = len(segments)
    while k > 1 and how[segments[k - 1][1]] == "stop":
        k -= 1
    return None if k == len(segments) else k


def _status_cycle(  # noqa: PLR0912, PLR0917 - hot path, called positionally
    log: _Log,
    metric: str,
    target: Target,
    priority: str,
    now_us: int,
    ctx: _Context,
    how: Mapping[str, str],
    stop_at: int | None,
) -> _Raw:
    segments = log.segments
    if stop_at is None:
        stop = None
        limit, last = now_us, len(segments) - 1
    else:
        stop = segments[stop_at][0]
        limit, last = stop, stop_at - 1
    spans: list[tuple[int, int]] = []
    pauses: list[tuple[int, int | None, str]] = []
    # Every segment but the last ends where the next begins; empty ones are skipped.
    for k in range(last):
        t, status, *_ = segments[k]
        end = segments[k + 1][0]
        if end > t:
            if how[status] == "run":
                if spans and spans[-1][1] == t:
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((t, end))
            else:
                pauses.append((t, end, status))
    # The last one runs to the stop or to now, and is kept even when empty: it says
    # whether the clock runs at its end (and a pause that began at now is open).
    t, status, *_ = segments[last]
    running = how[status] == "run"
    if running:
        if spans and spans[-1][1] == t:
            spans[-1] = (spans[-1][0], limit)
        else:
            spans.append((t, limit))
    elif stop is None:
        pauses.append((t, None, status))
    elif limit > t:
        pauses.append((t, limit, status))
    elapsed, deadline, breached = _measure(
        spans,
        running_at_end=running,
        meter=ctx.meter(target.calendar),
        within=target._within_us,  # noqa: SLF001
    )
    return (
        metric,
        priority,
        target,
        log.created,
        stop,
        None if stop_at is None else segments[stop_at][1],
        deadline,
        elapsed,
        _status_of(
            elapsed,
            target,
            breached=breached,
            stopped=stop is not None,
            running=running,
        ),
        pauses,
        False,
    )


def _reply_cycle(  # noqa: PLR0917 - hot path, called positionally
    cycle: _ReplyCycle, metric: str, target: Target, priority: str, now_us: int, ctx: _Context
) -> _Raw:
    start, stop, reason, *_ = cycle
    end = now_us if stop is None else stop
    within = target._within_us  # noqa: SLF001 - cached on the target
    meter = ctx.meter(target.calendar)
    # _measure for one span that runs at its end, inlined: this is the hot path.
    elapsed = meter.elapsed(start, end)
    deadline = meter.add(start, within)
    breached = elapsed >= within and deadline < end
    status: ClockStatus
    if stop is not None:
        status = "missed" if breached else "met"
    elif breached:
        status = "breached"
    else:
        status = "at_risk" if elapsed >= target._warn_us else "on_track"  # noqa: SLF001
    return (metric, priority, target, start, stop, reason, deadline, elapsed, status, [], False)


def _metric_status(cycles: list[_Raw]) -> ClockStatus:
    if not cycles:
        return "not_started"
    last = cycles[-1]
    if last[4] is None:
        return last[8]
    return "missed" if any(c[8] == "missed" for c in cycles) else "met"


# Per metric: (metric, target in force now, measured cycles, the index of the policy
# whose target measured each cycle).
_Measured = tuple[str, "Target | None", list[_Raw], list[int]]


def _measure_ticket(
    policy: Policy | PolicySet, log: _Log, now_us: int, ctx: _Context
) -> list[_Measured]:
    """Measure every targeted metric of one walked ticket, in integers.

    A cycle is measured against the target of the policy and priority in force when
    it stopped, or at ``now`` while it runs.
    """
    current = log.priority
    now_gov = log.governor
    policies = (policy,) if isinstance(policy, Policy) else policy.policies
    indexes = [p._index for p in policies]  # noqa: SLF001 - the policies' own indexes

    def lookup(gov: int, priority: str, metric: str) -> Target | None:
        return None if gov < 0 else indexes[gov].get((priority, metric))

    clocks = policy.statuses._how  # noqa: SLF001 - the map's own table
    out: list[_Measured] = []
    for metric in policy.metrics:
        target_now = lookup(now_gov, current, metric)
        cycles: list[_Raw] = []
        govs: list[int] = []
        if metric in _STATUS_DRIVEN:
            how = clocks[metric]
            stop_at = _stop_segment(log.segments, how)
            if stop_at is None:
                priority, gov = current, now_gov
            else:
                _, _, priority, gov = log.segments[stop_at]
            same = priority == current and gov == now_gov
            target = target_now if same else lookup(gov, priority, metric)
            if target is not None:
                raw = _status_cycle(log, metric, target, priority, now_us, ctx, how, stop_at)
                due = _status_due(log.dues, metric)
                cycles.append(raw if due is None else _by_hand(raw, due, now_us))
                govs.append(gov)
        else:
            replies = log.replies[metric]
            dues = _reply_dues(log.dues, metric, replies) if log.dues else {}
            for k, cycle in enumerate(replies):
                if cycle[1] is None:
                    priority, gov = current, now_gov
                else:
                    priority, gov = cycle[3] or current, cycle[4]
                same = priority == current and gov == now_gov
                target = target_now if same else lookup(gov, priority, metric)
                if target is not None:
                    raw = _reply_cycle(cycle, metric, target, priority, now_us, ctx)
                    due = dues.get(k)
                    cycles.append(raw if due is None else _by_hand(raw, due, now_us))
                    govs.append(gov)
        if target_now is None and not cycles:
            continue
        out.append((metric, target_now, cycles, govs))
    return out


def _status_due(dues: list[tuple[int, str, int]], metric: str) -> int | None:
    """The last deadline set by hand for a status metric's (single) cycle."""
    found = None
    for _, m, due in dues:
        if m == metric:
            found = due
    return found


def _reply_dues(
    dues: list[tuple[int, str, int]], metric: str, cycles: list[_ReplyCycle]
) -> dict[int, int]:
    """Which reply cycle each deadline set by hand applies to: {cycle index: due}.

    A ``due_date`` event applies to the cycle running at its instant, else to the next
    one to start; a later one for the same cycle replaces it. Cycles are in start
    order, so each event is placed by bisection (linear-logarithmic in all).
    """
    starts = [c[0] for c in cycles]
    out: dict[int, int] = {}
    for t, m, due in dues:
        if m != metric:
            continue
        k = bisect_right(starts, t) - 1
        if k < 0 or (cycles[k][1] is not None and cycles[k][1] <= t):  # type: ignore[operator]
            k += 1
        if k < len(cycles):
            out[k] = due
    return out


def _by_hand(raw: _Raw, due: int, now_us: int) -> _Raw:
    """Re-judge a measured cycle against a deadline set by hand.

    The instant is the deadline, whatever the calendar and pauses: the cycle is missed
    if it stopped after it, breached if it still runs (or is paused) after it; a
    running cycle is at risk from ``warn_at`` of the way from its start to it.
    """
    metric, priority, target, start, stop, reason, _, elapsed, _, pauses, _ = raw
    status: ClockStatus
    if stop is not None:
        status = "missed" if stop > due else "met"
    elif now_us > due:
        status = "breached"
    elif pauses and pauses[-1][1] is None:
        status = "paused"
    else:
        warn = start + target.warn_at * (due - start)
        status = "at_risk" if now_us >= warn else "on_track"
    return (metric, priority, target, start, stop, reason, due, elapsed, status, pauses, True)


def _cycle(raw: _Raw, tz: tzinfo, policy: str | None = None) -> Cycle:
    metric, priority, target, start, stop, reason, deadline, elapsed, status, pauses, hand = raw
    return Cycle(
        metric=metric,
        priority=priority,
        target=target,
        start=us_to_instant(start, tz),
        stop=None if stop is None else us_to_instant(stop, tz),
        stop_reason=reason,
        deadline=deadline_instant(deadline, tz),
        elapsed=timedelta(microseconds=elapsed),
        paused=tuple(
            Pause(us_to_instant(a, tz), None if b is None else us_to_instant(b, tz), why)
            for a, b, why in pauses
        ),
        status=status,
        deadline_by_hand=hand,
        policy=policy,
    )


def _problems(policy: Policy | PolicySet, log: _Log, now: datetime) -> list[Problem]:
    problems = [
        Problem(
            code,
            f"event {i} ({event.kind} at {us_to_instant(event._us).isoformat()}) {text}; "  # noqa: SLF001
            "it is ignored",
            i,
            event.at,
        )
        for code, text, i, event in log.problems
    ]
    governing = policy if isinstance(policy, Policy) else None
    if governing is None and log.governor < 0:
        problems.append(
            Problem(
                "no_policy",
                f"no policy of the set {policy.name!r} matches the ticket and the set has no "
                "fallback, so it has no targets; add a fallback or a policy that matches",
                -1,
                now,
            )
        )
    elif governing is None:
        governing = policy.policies[log.governor]  # type: ignore[union-attr]
    if governing is not None and log.priority not in governing.targets:
        problems.append(
            Problem(
                "unknown_priority",
                f"the policy {governing.name!r} has no targets for priority {log.priority!r}",
                -1,
                now,
            )
        )
    return problems


def _has_problems(policy: Policy | PolicySet, log: _Log) -> bool:
    """Whether :func:`_problems` would find any (cheaply, for the batch)."""
    if log.problems:
        return True
    if isinstance(policy, Policy):
        return log.priority not in policy.targets
    return log.governor < 0 or log.priority not in policy.policies[log.governor].targets


def _spans(policy: PolicySet, log: _Log, tz: tzinfo) -> tuple[PolicySpan, ...]:
    """The governing policy's spans, from the walk's changes (merging same instants)."""
    merged: list[tuple[int, int]] = []
    for t, gov in log.changes:
        if merged and merged[-1][0] == t:
            merged.pop()
        if not merged or merged[-1][1] != gov:
            merged.append((t, gov))
    out = []
    for k, (t, gov) in enumerate(merged):
        end = merged[k + 1][0] if k + 1 < len(merged) else None
        name, condition, fallback = policy._describe(gov)  # noqa: SLF001
        out.append(
            PolicySpan(
                name,
                us_to_instant(t, tz),
                None if end is None else us_to_instant(end, tz),
                condition,
                fallback=fallback,
            )
        )
    return tuple(out)


def _report(
    policy: Policy | PolicySet, log: _Log, now: datetime, measured: list[_Measured]
) -> SLAReport:
    tz = now.tzinfo or UTC
    names = None if isinstance(policy, Policy) else [p.name for p in policy.policies]
    metrics = tuple(
        MetricReport(
            metric,
            _metric_status(cycles),
            target_now,
            tuple(
                _cycle(raw, tz, None if names is None else names[gov])
                for raw, gov in zip(cycles, govs, strict=True)
            ),
        )
        for metric, target_now, cycles, govs in measured
    )
    return SLAReport(
        policy=policy.name,
        now=now,
        priority=log.priority,
        status=log.status,
        metrics=metrics,
        problems=tuple(_problems(policy, log, now)),
        ignored=log.ignored,
        governing=() if isinstance(policy, Policy) else _spans(policy, log, tz),
    )


def walk_for(policy: Policy | PolicySet, events: list[TicketEvent], now_us: int) -> _Log:
    """Walk a ticket's events for ``policy`` (a single one or a set) (private helper)."""
    if isinstance(policy, Policy):
        return _walk(events, now_us, policy.statuses)
    return _walk(events, now_us, policy.statuses, policy)


def evaluate(policy: Policy | PolicySet, events: Iterable[TicketEvent], now: datetime) -> SLAReport:
    """Return every SLA clock of one ticket at ``now``.

    Events may come in any order: they are sorted by instant, and events with equal
    instants keep their given order. Events after ``now`` are not counted yet (so the
    same log can be evaluated "as of" any moment; :attr:`SLAReport.ignored` says how
    many there were). Contradictions — events before ``created``, a second
    ``created``, events after ``closed`` — are reported in
    :attr:`SLAReport.problems` and ignored, never reordered.

    Args:
        policy: the targets per priority, or a :class:`~servicekit.sla.PolicySet`
            (the policy governing each span is chosen by the ticket's fields; see
            :attr:`SLAReport.governing`).
        events: the ticket's event log.
        now: the instant of evaluation (aware); the report's instants are in its zone.

    Returns:
        An :class:`SLAReport`.

    Raises:
        NaiveDatetimeError: ``now`` is naive.
        ConfigError: no ``created`` event at or before ``now``, or instants that a
            target's calendar must measure outside the years calendars support
            (:data:`servicekit.hours.MIN_YEAR`-:data:`~servicekit.hours.MAX_YEAR`,
            0002-9997 UTC); path ``events``. A configuration error of the calendar
            itself keeps its own path.
        NoBusinessTimeError: a target's calendar has no open time within its search
            horizon from a cycle's start. A deadline beyond the supported years (the
            calendar's :class:`~servicekit.exceptions.OutOfRangeError`) is not an
            error: the cycle's deadline is ``None``.
        TypeError: ``policy`` is not a Policy or PolicySet, or an event is not a
            TicketEvent.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> policy = Policy("email", {"normal": [Target("first_reply", timedelta(hours=4))]})
        >>> t = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
        >>> events = [TicketEvent(t, "created", priority="normal")]
        >>> report = evaluate(policy, events, now=t + timedelta(hours=3))
        >>> report["first_reply"].status, report["first_reply"].deadline.isoformat()
        ('at_risk', '2026-11-20T13:00:00+00:00')
    """
    if not isinstance(policy, (Policy, PolicySet)):
        raise TypeError(f"policy must be a Policy or PolicySet, got {type(policy).__name__}")
    require_aware(now, "now")
    checked = _check_events(events)
    now_us = instant_to_us(now)
    log = walk_for(policy, checked, now_us)
    return _report(policy, log, now, _measure_ticket(policy, log, now_us, _Context()))
