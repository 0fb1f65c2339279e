"""SLA clocks for many tickets at once: rows, a summary and upcoming breaches (private)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import attrs

from servicekit._time import UTC, format_duration, require_aware
from servicekit.exceptions import ConfigError, NoBusinessTimeError, ServicekitError
from servicekit.sla._clock import TicketDataError, deadline_instant, instant_to_us, us_to_instant
from servicekit.sla._engine import (
    Problem,
    SLAReport,
    _check_events,
    _Context,
    _has_problems,
    _measure_ticket,
    _problems,
    _report,
    walk_for,
)
from servicekit.sla._policy import METRICS, Policy
from servicekit.sla._policyset import PolicySet

if TYPE_CHECKING:
    from servicekit.sla._events import TicketEvent
    from servicekit.typing import ErrorCode

__all__ = [
    "ERROR_CODES",
    "ROW_COLUMNS",
    "BatchReport",
    "SummaryRow",
    "TicketError",
    "evaluate_many",
    "upcoming_breaches",
]

#: The codes of :class:`TicketError`: why :func:`evaluate_many` could not evaluate a
#: ticket. ``no_created_event`` (no ``created`` event), ``created_after_now`` (created
#: after ``now``), ``out_of_range`` (instants that a target's calendar cannot measure:
#: outside the years calendars support, ``servicekit.hours.MIN_YEAR``-``MAX_YEAR``),
#: ``no_business_time`` (a target's calendar has no open time within its search
#: horizon; never a deadline beyond the supported years, which is ``None``),
#: ``invalid_events`` (the events are not an iterable of
#: :class:`~servicekit.sla.TicketEvent`), ``duplicate_ticket`` (the id came before in
#: the batch; the first one counts), ``invalid_ticket`` (any other
#: documented error about this ticket).
#: The keys of :attr:`BatchReport.rows`, in order (the columns of ``servicekit sla
#: evaluate``'s rows; an empty batch still prints them as the CSV header). Under a
#: :class:`~servicekit.sla.PolicySet` each row adds ``policy``.
ROW_COLUMNS: Final = (
    "ticket",
    "metric",
    "cycle",
    "priority",
    "status",
    "start",
    "stop",
    "deadline",
    "stop_reason",
    "elapsed_s",
    "within_s",
    "breached",
)
ERROR_CODES: Final = (
    "no_created_event",
    "created_after_now",
    "out_of_range",
    "no_business_time",
    "invalid_events",
    "duplicate_ticket",
    "invalid_ticket",
)

_US = 1_000_000
_RUNNING = frozenset({"on_track", "at_risk"})


@attrs.frozen
class SummaryRow:
    """How one metric fared over a batch, for one priority or all of them.

    Attributes:
        metric: the metric.
        priority: the priority, or ``None`` for all priorities together.
        cycles: how many cycles were measured.
        met: cycles that stopped in time.
        missed: cycles that stopped late.
        breached: cycles still running (or paused) past their deadline.
        running: cycles still running or paused, not breached.
        attainment: ``met / (met + missed + breached)``, the share of decided cycles
            that met the target (a fraction; ``None`` when nothing is decided yet).
            Running breaches count as failures already, as help-desk SLA reports do.
        median: the median elapsed business time of the stopped cycles.
        p90: their 90th percentile (nearest-rank method: the smallest value with at
            least 90 % of the values at or below it).
    """

    metric: str
    priority: str | None
    cycles: int
    met: int
    missed: int
    breached: int
    running: int
    attainment: float | None
    median: timedelta | None
    p90: timedelta | None

    def to_dict(self) -> dict[str, Any]:
        """Return the row as plain values (durations in seconds, for data frames)."""
        return {
            "metric": self.metric,
            "priority": self.priority,
            "cycles": self.cycles,
            "met": self.met,
            "missed": self.missed,
            "breached": self.breached,
            "running": self.running,
            "attainment": self.attainment,
            "median_s": None if self.median is None else self.median.total_seconds(),
            "p90_s": None if self.p90 is None else self.p90.total_seconds(),
        }


@attrs.frozen
class TicketError:
    """Why one ticket of a batch could not be evaluated (the rest of the batch was).

    Attributes:
        code: one of :data:`ERROR_CODES`, stable for programs to branch on.
        message: a sentence for people (English). It names instants, kinds and
            calendars, never the ticket's id or any text from its events.
        field: the part of the input at fault: ``events`` or ``ticket``.

    Example:
        >>> str(TicketError("no_created_event", "no 'created' event", "events"))
        "events: no 'created' event"
    """

    code: ErrorCode
    message: str
    field: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """Return the error as plain JSON types."""
        return {"code": self.code, "field": self.field, "message": self.message}


def _ticket_error(err: Exception) -> TicketError:
    if isinstance(err, TicketDataError):
        return TicketError(err.code, err.msg, err.path)
    if isinstance(err, NoBusinessTimeError):
        return TicketError("no_business_time", str(err), "events")
    if isinstance(err, TypeError):
        return TicketError("invalid_events", str(err), "events")
    if isinstance(err, ConfigError):
        return TicketError("invalid_ticket", err.msg, err.path or "events")
    return TicketError("invalid_ticket", str(err), "events")


@attrs.frozen(eq=False)
class BatchReport:
    """The SLA clocks of many tickets at ``now``.

    Attributes:
        policy: the policy's name.
        now: the instant of evaluation.
        rows: one plain dict per ticket, metric and cycle (and one per metric that has
            not started), ready for ``pandas.DataFrame(report.rows)``. Keys:
            ``ticket``, ``metric``, ``cycle`` (0, 1, ... or ``None``), ``priority``,
            ``status``, ``start``, ``stop``, ``deadline`` (UTC datetimes or ``None``),
            ``stop_reason``, ``elapsed_s`` and ``within_s`` (seconds of business time),
            ``breached`` (status is ``breached`` or ``missed``); with a
            :class:`~servicekit.sla.PolicySet` also ``policy`` (the policy whose
            target measures the cycle, see :attr:`Cycle.policy`; for a metric not
            started, the one governing at ``now``).
        summary: per metric, one :class:`SummaryRow` per priority and one for all.
        problems: per ticket with contradicting events, the problems found.
        errors: per ticket that could not be evaluated, a :class:`TicketError`
            (its code, field and message); such a ticket has no rows, problems or
            report, and every other ticket is evaluated as usual.
            :meth:`error_rows` gives them as plain rows.
        reports: per ticket, its full :class:`SLAReport` (as :func:`evaluate` gives
            it), when asked for with ``reports=True``; else empty.
    """

    policy: str
    now: datetime
    rows: list[dict[str, Any]]
    summary: tuple[SummaryRow, ...]
    problems: Mapping[Hashable, tuple[Problem, ...]]
    errors: Mapping[Hashable, TicketError]
    reports: Mapping[Hashable, SLAReport] = attrs.field(factory=dict)

    def summary_rows(self) -> list[dict[str, Any]]:
        """Return the summary as plain dicts, for ``pandas.DataFrame``."""
        return [row.to_dict() for row in self.summary]

    def error_rows(self) -> list[dict[str, Any]]:
        """Return the tickets that could not be evaluated as plain dicts, in batch order.

        Keys: ``ticket``, ``code`` (one of :data:`ERROR_CODES`), ``field`` and
        ``message``.
        """
        return [{"ticket": ticket, **error.to_dict()} for ticket, error in self.errors.items()]


def _items(tickets: object) -> Iterator[tuple[Hashable, object]]:
    if isinstance(tickets, Mapping):
        yield from tickets.items()
        return
    if isinstance(tickets, (str, bytes)) or not isinstance(tickets, Iterable):
        raise TypeError(
            "tickets must be a mapping of ticket id to events, or an iterable of "
            f"(id, events) pairs, got {type(tickets).__name__}"
        )
    for i, pair in enumerate(tickets):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"tickets[{i}] must be an (id, events) pair, got {type(pair).__name__}")
        ticket = pair[0]
        if not isinstance(ticket, Hashable):
            raise TypeError(
                f"tickets[{i}]: a ticket id must be hashable, got {type(ticket).__name__}"
            )
        yield ticket, pair[1]


def _nearest_rank(values: list[int], q: float) -> int:
    """The nearest-rank percentile of sorted ``values`` (``0 < q <= 1``)."""
    return values[max(math.ceil(q * len(values)), 1) - 1]


class _Tally:
    __slots__ = ("breached", "cycles", "met", "missed", "running", "times")

    def __init__(self) -> None:
        self.cycles = self.met = self.missed = self.breached = self.running = 0
        self.times: list[int] = []

    def row(self, metric: str, priority: str | None) -> SummaryRow:
        decided = self.met + self.missed + self.breached
        times = sorted(self.times)
        median: timedelta | None = None
        p90: timedelta | None = None
        if times:
            n = len(times)
            mid = (times[(n - 1) // 2] + times[n // 2]) // 2
            median = timedelta(microseconds=mid)
            p90 = timedelta(microseconds=_nearest_rank(times, 0.9))
        return SummaryRow(
            metric=metric,
            priority=priority,
            cycles=self.cycles,
            met=self.met,
            missed=self.missed,
            breached=self.breached,
            running=self.running,
            attainment=self.met / decided if decided else None,
            median=median,
            p90=p90,
        )


def evaluate_many(  # noqa: C901, PLR0912, PLR0915 - one flat loop over tickets, for speed
    policy: Policy | PolicySet,
    tickets: Mapping[Hashable, Iterable[TicketEvent]]
    | Iterable[tuple[Hashable, Iterable[TicketEvent]]],
    now: datetime,
    *,
    reports: bool = False,
) -> BatchReport:
    """Evaluate many tickets at ``now``: plain rows, a summary and the problems found.

    Each ticket is evaluated as :func:`evaluate` does. Calendars are compiled once
    for the whole batch (their open intervals read once and searched by bisection),
    so a batch costs little more per ticket than the walk through its events.

    Args:
        policy: the targets per priority, or a :class:`~servicekit.sla.PolicySet`.
        tickets: ``{id: events}``, or an iterable of ``(id, events)`` pairs.
        now: the instant of evaluation (aware).
        reports: also keep each ticket's full :class:`SLAReport` in
            :attr:`BatchReport.reports` (the same as :func:`evaluate` gives, computed
            with the batch's compiled calendars). Building the reports' datetimes
            costs more than the clocks: without them a batch is about three times
            faster per ticket.

    Returns:
        A :class:`BatchReport`.

    A ticket that cannot be evaluated (see :data:`ERROR_CODES`: no ``created``
    event, instants its calendar cannot measure, a calendar with no open time, events
    that are not :class:`~servicekit.sla.TicketEvent`, an id given twice) goes to
    :attr:`BatchReport.errors` with a stable code; it never stops the batch. Exact
    duplicate events are dropped (problem ``duplicate_event``), as :func:`evaluate`
    does. Cost is linear in the number of events, and memory does not grow with the
    span of the tickets: a compiled calendar covers at most 50 years or about 100,000
    open intervals (one ticket's span at most about two years); longer spans are
    measured by the calendar itself.

    Raises:
        NaiveDatetimeError: ``now`` is naive.
        TypeError: ``policy`` is not a Policy or PolicySet, ``tickets`` is neither a mapping nor
            an iterable of ``(id, events)`` pairs, or an id is not hashable.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit.sla import Policy, Target, TicketEvent
        >>> policy = Policy("email", {"normal": [Target("first_reply", timedelta(hours=4))]})
        >>> t = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
        >>> report = evaluate_many(
        ...     policy,
        ...     {
        ...         "A-1": [TicketEvent(t, "created", priority="normal")],
        ...         "A-2": [
        ...             TicketEvent(t, "created", priority="normal"),
        ...             TicketEvent(t + timedelta(hours=1), "agent_reply"),
        ...         ],
        ...     },
        ...     now=t + timedelta(hours=5),
        ... )
        >>> [(r["ticket"], r["status"]) for r in report.rows]
        [('A-1', 'breached'), ('A-2', 'met')]
        >>> report.summary[0].attainment
        0.5
    """
    if not isinstance(policy, (Policy, PolicySet)):
        raise TypeError(f"policy must be a Policy or PolicySet, got {type(policy).__name__}")
    require_aware(now, "now")
    now_us = instant_to_us(now)
    ctx = _Context(compiled=True)
    rows: list[dict[str, Any]] = []
    problems: dict[Hashable, tuple[Problem, ...]] = {}
    errors: dict[Hashable, TicketError] = {}
    kept: dict[Hashable, SLAReport] = {}
    tallies: dict[tuple[str, str], _Tally] = {}
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    one_us = timedelta(microseconds=1)
    append = rows.append
    seen: set[Hashable] = set()
    names = None if isinstance(policy, Policy) else [p.name for p in policy.policies]
    for ticket, events in _items(tickets):
        if ticket in seen:
            errors.setdefault(
                ticket,
                TicketError(
                    "duplicate_ticket",
                    "the ticket id came before in the batch; give each ticket once, "
                    "with all its events",
                    "ticket",
                ),
            )
            continue
        seen.add(ticket)
        try:
            log = walk_for(policy, _check_events(events), now_us)
            measured = _measure_ticket(policy, log, now_us, ctx)
            if reports:
                kept[ticket] = _report(policy, log, now, measured)
        except (ServicekitError, TypeError) as err:
            errors[ticket] = _ticket_error(err)
            continue
        if _has_problems(policy, log):
            problems[ticket] = tuple(_problems(policy, log, now))
        for metric, target_now, cycles, govs in measured:
            if not cycles:
                append(
                    {
                        "ticket": ticket,
                        "metric": metric,
                        "cycle": None,
                        "priority": log.priority,
                        "status": "not_started",
                        "start": None,
                        "stop": None,
                        "deadline": None,
                        "stop_reason": None,
                        "elapsed_s": None,
                        "within_s": target_now.within.total_seconds() if target_now else None,
                        "breached": False,
                    }
                )
                if names is not None:
                    rows[-1]["policy"] = names[log.governor]
                continue
            for k, raw in enumerate(cycles):
                _, priority, target, start, stop, reason, deadline, elapsed, status, *_ = raw
                tally = tallies.get((metric, priority))
                if tally is None:
                    tally = tallies[metric, priority] = _Tally()
                tally.cycles += 1
                if status == "met":
                    tally.met += 1
                    tally.times.append(elapsed)
                elif status == "missed":
                    tally.missed += 1
                    tally.times.append(elapsed)
                elif status == "breached":
                    tally.breached += 1
                else:
                    tally.running += 1
                append(
                    {
                        "ticket": ticket,
                        "metric": metric,
                        "cycle": k,
                        "priority": priority,
                        "status": status,
                        "start": epoch + start * one_us,
                        "stop": None if stop is None else epoch + stop * one_us,
                        "deadline": deadline_instant(deadline),
                        "stop_reason": reason,
                        "elapsed_s": elapsed / _US,
                        "within_s": target.within.total_seconds(),
                        "breached": status in ("breached", "missed"),
                    }
                )
                if names is not None:
                    rows[-1]["policy"] = names[govs[k]]
    return BatchReport(
        policy=policy.name,
        now=now,
        rows=rows,
        summary=_summary(tallies),
        problems=problems,
        errors=errors,
        reports=kept,
    )


def _summary(tallies: Mapping[tuple[str, str], _Tally]) -> tuple[SummaryRow, ...]:
    out: list[SummaryRow] = []
    for metric in METRICS:
        keys = sorted(p for m, p in tallies if m == metric)
        if not keys:
            continue
        total = _Tally()
        for priority in keys:
            tally = tallies[metric, priority]
            out.append(tally.row(metric, priority))
            total.cycles += tally.cycles
            total.met += tally.met
            total.missed += tally.missed
            total.breached += tally.breached
            total.running += tally.running
            total.times.extend(tally.times)
        out.append(total.row(metric, None))
    return tuple(out)


def upcoming_breaches(
    report: BatchReport, *, within: timedelta | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Return the running cycles that have not breached yet, soonest deadline first.

    Args:
        report: the result of :func:`evaluate_many`.
        within: only deadlines up to ``report.now + within`` (real time); all if
            ``None``.
        limit: at most this many rows.

    Returns:
        Plain dicts (``ticket``, ``metric``, ``priority``, ``status``, ``deadline``
        as an aware UTC datetime, ``remaining_s`` of business time), sorted by
        deadline; equal deadlines keep the order of the batch.

    Raises:
        ConfigError: ``within`` or ``limit`` is negative.
        TypeError: ``report`` is not a BatchReport, ``within`` not a timedelta or
            ``limit`` not an integer.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit.sla import Policy, Target, TicketEvent
        >>> policy = Policy("email", {"normal": [Target("first_reply", timedelta(hours=4))]})
        >>> t = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
        >>> report = evaluate_many(
        ...     policy,
        ...     [
        ...         ("late", [TicketEvent(t, "created", priority="normal")]),
        ...         ("soon", [TicketEvent(t - timedelta(hours=3), "created", priority="normal")]),
        ...     ],
        ...     now=t + timedelta(minutes=30),
        ... )
        >>> [(r["ticket"], r["deadline"].strftime("%H:%M")) for r in upcoming_breaches(report)]
        [('soon', '10:00'), ('late', '13:00')]
    """
    if not isinstance(report, BatchReport):
        raise TypeError(f"report must be a BatchReport, got {type(report).__name__}")
    if within is not None and not isinstance(within, timedelta):
        raise TypeError(f"within must be a timedelta, got {type(within).__name__}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
        raise TypeError(f"limit must be an integer, got {type(limit).__name__}")
    if within is not None and within < timedelta(0):
        raise ConfigError(f"must not be negative, got {format_duration(within)!r}", "within")
    if limit is not None and limit < 0:
        raise ConfigError(f"must not be negative, got {limit!r}", "limit")
    horizon = (
        None if within is None else instant_to_us(report.now) + within // timedelta(microseconds=1)
    )
    found = []
    for row in report.rows:
        if row["status"] in _RUNNING and row["stop"] is None and row["deadline"] is not None:
            deadline_us = instant_to_us(row["deadline"])
            if horizon is None or deadline_us <= horizon:
                found.append((deadline_us, row))
    found.sort(key=lambda pair: pair[0])
    if limit is not None:
        found = found[:limit]
    return [
        {
            "ticket": row["ticket"],
            "metric": row["metric"],
            "priority": row["priority"],
            "status": row["status"],
            "deadline": us_to_instant(deadline_us),
            "remaining_s": row["within_s"] - row["elapsed_s"],
        }
        for deadline_us, row in found
    ]
