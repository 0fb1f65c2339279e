"""Reconciliation: servicekit's SLA metrics against a vendor's own (private).

Zendesk exports what its clocks measured: the ticket metric events (``GET
/api/v2/incremental/ticket_metric_events``: ``apply_sla``, ``breach``, ``fulfill``,
``update_status`` with the minutes measured, ``pause``, ``activate``; see
https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-metric-event-types-reference)
and the ticket metrics (``GET /api/v2/ticket_metrics``: ``reply_time_in_minutes``
in ``calendar`` and ``business`` minutes; see
https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metrics/).
:func:`reconcile` evaluates the same tickets with servicekit and lists every place
the two disagree, with the reason where one of the known differences between the
vendors' clocks and servicekit's explains it (``docs/explanation/sla-metrics.md``
and the vendor table in ``docs/reference/vendor-exports.md``).
"""

from __future__ import annotations

import contextlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import attrs

from servicekit._time import require_aware
from servicekit.exceptions import ConfigError, ServicekitError
from servicekit.sla._engine import evaluate
from servicekit.sla._imports import (
    ImportProblem,
    ImportResult,
    _id,
    _mapping,
    _Skip,
    _time,
    _wrong,
)

if TYPE_CHECKING:
    from servicekit.sla._engine import Cycle, SLAReport
    from servicekit.sla._events import TicketEvent
    from servicekit.sla._policy import Policy
    from servicekit.sla._policyset import PolicySet

__all__ = [
    "DISAGREEMENTS",
    "REASONS",
    "ZENDESK_METRICS",
    "Disagreement",
    "Reconciliation",
    "VendorMeasure",
    "VendorMetrics",
    "read_zendesk_metrics",
    "reconcile",
]

#: Zendesk's metric names (ticket metric events) and the servicekit metric each is
#: compared with; ``reply_time`` instance 1 is the first reply, later instances the
#: next replies. Zendesk's ``pausable_update_time`` has no servicekit counterpart.
ZENDESK_METRICS: Final[Mapping[str, str]] = {
    "reply_time": "first_reply",
    "periodic_update_time": "periodic_update",
    "requester_wait_time": "requester_wait",
    "agent_work_time": "agent_work",
    "resolution_time": "resolution",
}

#: What a :class:`Disagreement` is about, in the order the docs list them.
DISAGREEMENTS: Final = (
    "ticket",
    "cycle",
    "target",
    "calendar",
    "outcome",
    "breach_at",
    "stop",
    "calendar_minutes",
    "business_minutes",
    "reply_time_in_minutes",
)
#: Why the two disagree, in the order the docs list them.
REASONS: Final = (
    "not_imported",
    "not_evaluated",
    "no_target",
    "no_counterpart",
    "different_target",
    "calendar_vs_business",
    "priority_change_after_breach",
    "sla_applied_later",
    "breach_at_next_opening",
    "status",
    "solve_ends_first_reply",
    "unexplained",
)


@attrs.frozen
class VendorMeasure:
    """What Zendesk recorded for one metric instance of one ticket.

    Attributes:
        ticket: the ticket id.
        metric: Zendesk's metric name (``reply_time``, ``requester_wait_time``, ...).
        instance: Zendesk's ``instance_id`` (1 for the first reply, 2 for the next...).
        applied: ``(at, target, business_hours)`` per ``apply_sla`` event.
        breach: when a (not deleted) ``breach`` event says the target was exceeded.
        fulfill: when the last ``fulfill`` event says the metric was met.
        calendar_minutes: the last ``update_status``'s calendar minutes.
        business_minutes: the last ``update_status``'s business minutes.
    """

    ticket: str
    metric: str
    instance: int
    applied: tuple[tuple[datetime, timedelta, bool], ...] = ()
    breach: datetime | None = None
    fulfill: datetime | None = None
    calendar_minutes: int | None = None
    business_minutes: int | None = None


@attrs.frozen
class VendorMetrics:
    """A vendor's exported measurements, read by :func:`read_zendesk_metrics`.

    Attributes:
        vendor: ``"zendesk"``.
        measures: one per ticket, metric and instance, in export order.
        reply_minutes: per ticket, ``reply_time_in_minutes`` as ``(calendar,
            business)``.
        problems: the records that could not be read.
    """

    vendor: str
    measures: tuple[VendorMeasure, ...]
    reply_minutes: tuple[tuple[str, tuple[int | None, int | None]], ...] = ()
    problems: tuple[ImportProblem, ...] = ()


@attrs.frozen
class Disagreement:
    """One place where servicekit and the vendor measured differently.

    Attributes:
        ticket: the ticket id.
        metric: the servicekit metric (or the vendor's name when there is none).
        cycle: the vendor's instance (1-based).
        what: one of :data:`DISAGREEMENTS`.
        ours: servicekit's value as text (an ISO instant, minutes, a status).
        theirs: the vendor's value as text.
        reason: one of :data:`REASONS`.
        explanation: the reason in a sentence, naming the event, status or calendar
            rule (no personal data).
        at: the instant of the event the reason points at, where there is one.
    """

    ticket: str
    metric: str
    cycle: int
    what: str
    ours: str | None
    theirs: str | None
    reason: str
    explanation: str
    at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """The disagreement as plain JSON types."""
        return {
            "ticket": self.ticket,
            "metric": self.metric,
            "cycle": self.cycle,
            "what": self.what,
            "ours": self.ours,
            "theirs": self.theirs,
            "reason": self.reason,
            "explanation": self.explanation,
            "at": None if self.at is None else self.at.isoformat(),
        }


@attrs.frozen
class Reconciliation:
    """The result of :func:`reconcile`.

    Attributes:
        vendor: whose numbers were compared.
        compared: how many vendor measures (metric instances, and each ticket's
            ``reply_time_in_minutes``) were compared.
        agreed: how many of them agreed in every value.
        disagreements: every disagreement, by ticket in export order.
        problems: vendor records that could not be read.
    """

    vendor: str
    compared: int
    agreed: int
    disagreements: tuple[Disagreement, ...]
    problems: tuple[ImportProblem, ...] = ()

    @property
    def unexplained(self) -> tuple[Disagreement, ...]:
        """The disagreements that no known rule explains (look for a misconfiguration)."""
        return tuple(d for d in self.disagreements if d.reason == "unexplained")

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON types.

        Example:
            >>> Reconciliation("zendesk", 0, 0, ()).to_dict()
            {'vendor': 'zendesk', 'compared': 0, 'agreed': 0, 'disagreements': [], 'problems': []}
        """
        return {
            "vendor": self.vendor,
            "compared": self.compared,
            "agreed": self.agreed,
            "disagreements": [d.to_dict() for d in self.disagreements],
            "problems": [p.to_dict() for p in self.problems],
        }


# ------------------------------------------------------------------ reading

_TYPES = frozenset({"activate", "pause", "fulfill", "apply_sla", "apply_group_sla", "breach"})


def read_zendesk_metrics(data: object, *, source: str = "") -> VendorMetrics:
    """Read Zendesk's ticket metric events and ticket metrics.

    Args:
        data: the parsed JSON of ``GET /api/v2/incremental/ticket_metric_events``
            (``{"ticket_metric_events": [...]}``), of ``GET /api/v2/ticket_metrics``
            (``{"ticket_metrics": [...]}``), or one object holding both lists.
        source: the file name, for error paths.

    Raises:
        ConfigError: ``data`` holds neither list (the path is ``source``).

    Example:
        >>> metrics = read_zendesk_metrics(
        ...     {
        ...         "ticket_metrics": [
        ...             {"ticket_id": 1, "reply_time_in_minutes": {"calendar": 30, "business": 20}}
        ...         ]
        ...     }
        ... )
        >>> metrics.reply_minutes
        (('1', (30, 20)),)
    """
    if not isinstance(data, Mapping) or not (
        "ticket_metric_events" in data or "ticket_metrics" in data
    ):
        raise _wrong(data, "zendesk", source, "'ticket_metric_events' or 'ticket_metrics'")
    problems: list[ImportProblem] = []
    found: dict[tuple[str, str, int], dict[str, Any]] = {}
    for key in ("ticket_metric_events", "ticket_metrics"):
        rows = data.get(key, [])
        if not isinstance(rows, list):
            raise ConfigError(f"expected a list, got {type(rows).__name__}", f"{source}: {key}")
    for index, raw in enumerate(data.get("ticket_metric_events", [])):
        path = f"ticket_metric_events[{index}]"
        try:
            _metric_event(raw, path, found)
        except _Skip as skip:
            problems.append(ImportProblem(None, skip.path, skip.code, skip.message))
    reply: list[tuple[str, tuple[int | None, int | None]]] = []
    for index, raw in enumerate(data.get("ticket_metrics", [])):
        path = f"ticket_metrics[{index}]"
        try:
            reply.append(_ticket_metric(raw, path))
        except _Skip as skip:
            problems.append(ImportProblem(None, skip.path, skip.code, skip.message))
    measures = tuple(
        VendorMeasure(ticket, metric, instance, **fields)
        for (ticket, metric, instance), fields in found.items()
    )
    return VendorMetrics("zendesk", measures, tuple(reply), tuple(problems))


def _minutes(value: object, path: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**9:
        raise _Skip("bad_record", f"expected whole minutes, got {value!r}", path)
    return value


def _metric_event(  # noqa: C901 - one branch per event type
    raw: object, path: str, found: dict[tuple[str, str, int], dict[str, Any]]
) -> None:
    record = _mapping(raw, path)
    ticket = _id(record.get("ticket_id"), f"{path}.ticket_id")
    metric = record.get("metric")
    if not isinstance(metric, str) or not metric or len(metric) > 100:
        raise _Skip("bad_record", f"expected a metric name, got {metric!r}", f"{path}.metric")
    instance = record.get("instance_id", 1)
    if isinstance(instance, bool) or not isinstance(instance, int) or not 1 <= instance <= 10**6:
        raise _Skip(
            "bad_record", f"expected an instance number, got {instance!r}", f"{path}.instance_id"
        )
    kind = record.get("type")
    at = _time(record.get("time"), f"{path}.time")
    fields = found.setdefault((ticket, metric, instance), {})
    if kind == "apply_sla":
        sla = _mapping(record.get("sla"), f"{path}.sla")
        seconds = sla.get("target_in_seconds")
        if seconds is None and sla.get("target") is not None:
            seconds = _minutes(sla.get("target"), f"{path}.sla.target")
            seconds = None if seconds is None else seconds * 60
        seconds = _minutes(seconds, f"{path}.sla.target_in_seconds")
        business = sla.get("business_hours", False)
        if not isinstance(business, bool):
            raise _Skip(
                "bad_record",
                f"expected true or false, got {business!r}",
                f"{path}.sla.business_hours",
            )
        if seconds is not None:
            item = (at, timedelta(seconds=seconds), business)
            fields["applied"] = (*fields.get("applied", ()), item)
    elif kind == "breach":
        if record.get("deleted") is not True:
            fields.setdefault("breach", at)
    elif kind == "fulfill":
        fields["fulfill"] = at
    elif kind == "update_status":
        status = _mapping(record.get("status"), f"{path}.status")
        fields["calendar_minutes"] = _minutes(status.get("calendar"), f"{path}.status.calendar")
        fields["business_minutes"] = _minutes(status.get("business"), f"{path}.status.business")
    elif kind not in _TYPES:
        raise _Skip("bad_record", f"unknown metric event type {kind!r}", f"{path}.type")


def _ticket_metric(raw: object, path: str) -> tuple[str, tuple[int | None, int | None]]:
    record = _mapping(raw, path)
    ticket = _id(record.get("ticket_id"), f"{path}.ticket_id")
    minutes = _mapping(record.get("reply_time_in_minutes") or {}, f"{path}.reply_time_in_minutes")
    where = f"{path}.reply_time_in_minutes"
    return ticket, (
        _minutes(minutes.get("calendar"), f"{where}.calendar"),
        _minutes(minutes.get("business"), f"{where}.business"),
    )


# ------------------------------------------------------------------ comparing


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _mins(value: timedelta) -> str:
    return f"{value.total_seconds() / 60:g}"


class _Ticket:
    """One ticket's events, report and status timeline (private)."""

    def __init__(self, name: str, events: tuple[TicketEvent, ...], report: SLAReport) -> None:
        self.name, self.events, self.report = name, events, report
        self.statuses: list[tuple[datetime, str]] = []
        for event in events:
            if event.kind == "created":
                self.statuses.append((event.at, "new"))
            elif event.kind == "status" and event.status is not None:
                self.statuses.append((event.at, event.status))
        self.times = [at for at, _ in self.statuses]
        self.priorities = sorted(
            event.at
            for event in events
            if event.kind == "priority" or (event.kind == "field" and event.field == "priority")
        )

    def cycle(self, metric: str, index: int) -> Cycle | None:
        for report in self.report.metrics:
            if report.metric == metric and 0 <= index < len(report.cycles):
                return report.cycles[index]
        return None

    def in_status(self, start: datetime, end: datetime) -> dict[str, tuple[timedelta, datetime]]:
        """Time spent per status in ``[start, end)``, and when it was first entered."""
        spent: dict[str, tuple[timedelta, datetime]] = {}
        # Only the statuses overlapping the window: the cycles of one metric do not
        # overlap, so all the windows together cost about one pass over the statuses.
        first = max(bisect_right(self.times, start) - 1, 0)
        for index in range(first, len(self.statuses)):
            at, status = self.statuses[index]
            if at >= end:
                break
            until = self.statuses[index + 1][0] if index + 1 < len(self.statuses) else end
            length = max(min(until, end) - max(at, start), timedelta(0))
            before = spent.get(status, (timedelta(0), at))
            spent[status] = (before[0] + length, before[1])
        return spent

    def priority_change(self, at: datetime, tolerance: timedelta) -> datetime | None:
        """A priority change within ``tolerance`` of ``at``, if there is one."""
        index = bisect_left(self.priorities, at - tolerance)
        if index < len(self.priorities) and self.priorities[index] <= at + tolerance:
            return self.priorities[index]
        return None


@attrs.frozen
class _Case:
    """One comparison (private): what, the two values, and the gap (theirs - ours)."""

    what: str
    ours: str | None
    theirs: str | None
    gap: timedelta | None = None


def reconcile(
    policy: Policy | PolicySet,
    tickets: ImportResult | Mapping[str, Iterable[TicketEvent]],
    vendor: VendorMetrics,
    now: datetime,
    *,
    tolerance: timedelta = timedelta(minutes=1),
) -> Reconciliation:
    """Compare servicekit's SLA metrics with the vendor's, and explain each difference.

    Each vendor measure (a Zendesk metric instance that an SLA applied to, or whose
    minutes Zendesk recorded) is compared with the matching servicekit cycle: the
    target, business hours or not, met or breached, the breach instant against the
    deadline, the stop, and the calendar and business minutes; each ticket's
    ``reply_time_in_minutes`` with the first-reply cycle. Every difference beyond
    ``tolerance`` is listed with the first reason that accounts for it: a different
    target, calendar hours against business hours, Zendesk recording a breach at a
    later priority change, an SLA applied after the cycle started, a target that
    runs out at closing time breaching at the next opening, time spent in one status
    (a status one side pauses in and the other does not), Zendesk's native first
    reply running past a solve; otherwise ``unexplained``.

    Args:
        policy: the policy (or policy set) servicekit evaluates with.
        tickets: the imported events (an :class:`ImportResult` or ``{ticket id:
            events}``).
        vendor: the vendor's measurements (:func:`read_zendesk_metrics`).
        now: the instant to evaluate at (after the export was taken).
        tolerance: differences up to this are agreement (Zendesk counts whole minutes).

    Returns:
        The counts and every disagreement.

    Raises:
        TypeError: an argument of the wrong type.
        NaiveDatetimeError: ``now`` is naive.
        ConfigError: ``tolerance`` is negative.

    Example:
        >>> from datetime import datetime, timezone
        >>> from servicekit.sla import Policy, TicketEvent
        >>> policy = Policy.from_dict(
        ...     {"name": "std", "targets": {"high": [{"metric": "first_reply", "within": "PT1H"}]}}
        ... )
        >>> t = lambda h, m=0: datetime(2026, 3, 2, h, m, tzinfo=timezone.utc)
        >>> events = {
        ...     "1": [
        ...         TicketEvent(t(9), "created", priority="high"),
        ...         TicketEvent(t(9, 30), "agent_reply"),
        ...     ]
        ... }
        >>> zendesk = read_zendesk_metrics(
        ...     {
        ...         "ticket_metric_events": [
        ...             {
        ...                 "ticket_id": 1,
        ...                 "metric": "reply_time",
        ...                 "instance_id": 1,
        ...                 "type": "apply_sla",
        ...                 "time": "2026-03-02T09:00:00Z",
        ...                 "sla": {"target_in_seconds": 3600},
        ...             },
        ...             {
        ...                 "ticket_id": 1,
        ...                 "metric": "reply_time",
        ...                 "instance_id": 1,
        ...                 "type": "fulfill",
        ...                 "time": "2026-03-02T09:45:00Z",
        ...             },
        ...         ]
        ...     }
        ... )
        >>> result = reconcile(policy, events, zendesk, t(12))
        >>> [(d.what, d.ours, d.theirs, d.reason) for d in result.disagreements]
        [('stop', '2026-03-02T09:30:00+00:00', '2026-03-02T09:45:00+00:00', 'unexplained')]
    """
    if not isinstance(vendor, VendorMetrics):
        raise TypeError(f"vendor must be VendorMetrics, got {type(vendor).__name__}")
    if not isinstance(tolerance, timedelta):
        raise TypeError(f"tolerance must be a timedelta, got {type(tolerance).__name__}")
    if tolerance < timedelta(0):
        raise ConfigError(f"must not be negative, got {tolerance!r}", "tolerance")
    require_aware(now, "now")
    with contextlib.suppress(ServicekitError):  # an empty log: "no created event"
        evaluate(policy, (), now)  # refuses what evaluate refuses (a policy of a wrong type)
    logs = _logs(tickets)
    cache: dict[str, _Ticket | str] = {}
    out: list[Disagreement] = []
    compared = agreed = 0
    for measure in vendor.measures:
        found = _evaluated(measure.ticket, logs, policy, now, cache)
        if isinstance(found, str):
            compared += 1
            out.append(_missing(measure.ticket, measure.metric, measure.instance, found))
            continue
        cases, explain = _compare(found, measure, tolerance)
        if cases:
            compared += 1
            agreed += cases == [None]
        out += [explain(case) for case in cases if case is not None]
    for ticket, (calendar, business) in vendor.reply_minutes:
        compared += 1
        found = _evaluated(ticket, logs, policy, now, cache)
        if isinstance(found, str):
            out.append(_missing(ticket, "reply_time", 1, found))
            continue
        native = _reply_minutes(found, calendar, business, tolerance)
        agreed += not native
        out += native
    return Reconciliation(vendor.vendor, compared, agreed, tuple(out), vendor.problems)


def _logs(tickets: object) -> dict[str, tuple[TicketEvent, ...]]:
    if isinstance(tickets, ImportResult):
        return dict(tickets.tickets)
    if not isinstance(tickets, Mapping):
        raise TypeError(
            f"tickets must be an ImportResult or a mapping, got {type(tickets).__name__}"
        )
    out = {}
    for name, events in tickets.items():
        if not isinstance(events, Iterable) or isinstance(events, (str, bytes, Mapping)):
            raise TypeError(f"tickets[{name!r}] must be an iterable of TicketEvent")
        out[str(name)] = tuple(events)
    return out


def _evaluated(
    ticket: str,
    logs: Mapping[str, tuple[TicketEvent, ...]],
    policy: Policy | PolicySet,
    now: datetime,
    cache: dict[str, _Ticket | str],
) -> _Ticket | str:
    if ticket in cache:
        return cache[ticket]
    events = logs.get(ticket)
    if events is None:
        found: _Ticket | str = "the ticket's events are not among the imported tickets"
    else:
        try:
            found = _Ticket(ticket, events, evaluate(policy, events, now))
        except ServicekitError as error:
            found = f"servicekit could not evaluate the ticket: {error}"
    cache[ticket] = found
    return found


def _missing(ticket: str, metric: str, instance: int, why: str) -> Disagreement:
    reason = "not_imported" if why.startswith("the ticket's events") else "not_evaluated"
    return Disagreement(ticket, metric, instance, "ticket", None, None, reason, why)


def _compare(  # noqa: C901, PLR0912 - one branch per compared value
    ticket: _Ticket, measure: VendorMeasure, tolerance: timedelta
) -> tuple[list[_Case | None], Any]:
    name = ZENDESK_METRICS.get(measure.metric)
    index = measure.instance - 1
    if name == "first_reply" and measure.instance > 1:
        name, index = "next_reply", measure.instance - 2

    def explain(case: _Case) -> Disagreement:
        return _explain(ticket, measure, name or measure.metric, cycle, case, tolerance)

    if name is None:
        if not (measure.applied or measure.breach):
            return [], explain
        cycle = None
        case = _Case("cycle", None, measure.metric)
        return [case], lambda c: Disagreement(
            ticket.name,
            measure.metric,
            measure.instance,
            c.what,
            None,
            measure.metric,
            "no_counterpart",
            f"servicekit has no metric like Zendesk's {measure.metric!r}",
        )
    cycle = ticket.cycle(name, index)
    measured = measure.applied or measure.breach or measure.calendar_minutes is not None
    if cycle is None:
        if not measured:
            return [], explain
        return [_Case("cycle", None, f"instance {measure.instance}")], explain
    cases: list[_Case | None] = []
    if measure.applied:
        _, target, business = measure.applied[-1]
        if target != cycle.target.within:
            cases.append(_Case("target", _mins(cycle.target.within), _mins(target)))
        if business != (cycle.target.calendar is not None):
            cases.append(
                _Case(
                    "calendar",
                    str(cycle.target.calendar is not None).lower(),
                    str(business).lower(),
                )
            )
    ours_breached = cycle.status in ("breached", "missed")
    if measure.applied or measure.breach:
        theirs_breached = measure.breach is not None
        if ours_breached != theirs_breached:
            cases.append(
                _Case(
                    "outcome",
                    "breached" if ours_breached else "met",
                    "breached" if theirs_breached else "met",
                )
            )
        elif measure.breach is not None and cycle.deadline is not None:
            gap = measure.breach - cycle.deadline
            if abs(gap) > tolerance:
                cases.append(_Case("breach_at", _iso(cycle.deadline), _iso(measure.breach), gap))
    if measure.fulfill is not None or cycle.stop is not None:
        if measure.fulfill is None or cycle.stop is None:
            if measure.fulfill is not None or measure.applied:
                cases.append(_Case("stop", _iso(cycle.stop), _iso(measure.fulfill)))
        elif abs(measure.fulfill - cycle.stop) > tolerance:
            cases.append(
                _Case("stop", _iso(cycle.stop), _iso(measure.fulfill), measure.fulfill - cycle.stop)
            )
    end = cycle.stop or ticket.report.now
    calendar = (end - cycle.start) - _paused(cycle, end)
    if measure.calendar_minutes is not None:
        gap = timedelta(minutes=measure.calendar_minutes) - calendar
        if abs(gap) > tolerance:
            cases.append(
                _Case("calendar_minutes", _mins(calendar), str(measure.calendar_minutes), gap)
            )
    if measure.business_minutes is not None:
        ours = cycle.elapsed
        gap = timedelta(minutes=measure.business_minutes) - ours
        if abs(gap) > tolerance:
            cases.append(_Case("business_minutes", _mins(ours), str(measure.business_minutes), gap))
    if not cases:
        cases.append(None)  # one agreement
    return cases, explain


def _paused(cycle: Cycle, end: datetime) -> timedelta:
    total = timedelta(0)
    for pause in cycle.paused:
        total += max(min(pause.end or end, end) - pause.start, timedelta(0))
    return total


def _explain(  # noqa: PLR0917 - private
    ticket: _Ticket,
    measure: VendorMeasure,
    metric: str,
    cycle: Cycle | None,
    case: _Case,
    tolerance: timedelta,
) -> Disagreement:
    def said(reason: str, explanation: str, at: datetime | None = None) -> Disagreement:
        return Disagreement(
            ticket.name,
            metric,
            measure.instance,
            case.what,
            case.ours,
            case.theirs,
            reason,
            explanation,
            at,
        )

    if cycle is None:
        return said(
            "no_target",
            f"Zendesk measured {measure.metric!r} instance {measure.instance}, but "
            f"servicekit's policy has no {metric!r} target for priority "
            f"{ticket.report.priority!r} (or no such cycle ran); add the target",
        )
    if case.what in ("outcome", "breach_at") and measure.applied:
        target = measure.applied[-1][1]
        if target != cycle.target.within:
            return said(
                "different_target",
                f"Zendesk measured against a {_mins(target)}-minute target, servicekit "
                f"against {_mins(cycle.target.within)} minutes: the policies differ",
                measure.applied[-1][0],
            )
    if case.what == "target":
        return said(
            "different_target",
            f"Zendesk applied a {case.theirs}-minute target where servicekit's policy has "
            f"{case.ours} minutes for priority {cycle.priority!r}: the policies differ",
            measure.applied[-1][0],
        )
    business = bool(measure.applied and measure.applied[-1][2])
    ours = cycle.target.calendar is not None
    if case.what in ("calendar", "business_minutes") and measure.applied and business != ours:
        return said(
            "calendar_vs_business",
            f"Zendesk's target runs in {'business' if business else 'calendar'} hours, "
            f"servicekit's in {'business' if ours else 'calendar'} hours",
        )
    for rule in (_priority_rule, _applied_rule, _opening_rule, _status_rule):
        found = rule(ticket, measure, cycle, case, tolerance)
        if found is not None:
            return said(*found)
    return said(
        "unexplained",
        "no known difference between the clocks explains it; check the policy, the "
        "calendar and the statuses",
    )


_Found = tuple[str, str, datetime | None]


def _priority_rule(
    ticket: _Ticket, measure: VendorMeasure, _cycle: Cycle, case: _Case, tolerance: timedelta
) -> _Found | None:
    """Zendesk records a breach at a later priority change (servicekit back-dates it)."""
    if (
        case.what != "breach_at"
        or measure.breach is None
        or case.gap is None
        or case.gap <= tolerance
    ):
        return None
    changed = ticket.priority_change(measure.breach, tolerance)
    if changed is None:
        return None
    return (
        "priority_change_after_breach",
        (
            f"the priority changed at {changed.isoformat()} after the new target had already "
            "run out: Zendesk records the breach at the change, servicekit at the deadline "
            "the new target gives from the cycle's start"
        ),
        changed,
    )


def _applied_rule(
    _ticket: _Ticket, measure: VendorMeasure, cycle: Cycle, case: _Case, tolerance: timedelta
) -> _Found | None:
    """The SLA was applied after the cycle started (Zendesk counts from then)."""
    if not measure.applied or case.gap is None:
        return None
    applied = measure.applied[0][0]
    late = applied - cycle.start
    if late <= tolerance or abs(abs(case.gap) - late) > tolerance:
        return None
    return (
        "sla_applied_later",
        (
            f"Zendesk applied the SLA at {applied.isoformat()}, after the cycle started at "
            f"{cycle.start.isoformat()}; servicekit counts from the start"
        ),
        applied,
    )


def _opening_rule(
    _ticket: _Ticket, measure: VendorMeasure, cycle: Cycle, case: _Case, tolerance: timedelta
) -> _Found | None:
    """A target that runs out at closing time: the vendor breaches at the next opening."""
    calendar = cycle.target.calendar
    if (
        case.what != "breach_at"
        or calendar is None
        or cycle.deadline is None
        or measure.breach is None
    ):
        return None
    try:
        opening = calendar.next_open(cycle.deadline)
    except ServicekitError:  # pragma: no cover - a deadline was computed on this calendar
        return None
    if opening <= cycle.deadline or abs(opening - measure.breach) > tolerance:
        return None
    return (
        "breach_at_next_opening",
        (
            f"the target runs out at closing time ({cycle.deadline.isoformat()}); the "
            f"vendor counts the breach at the next opening ({opening.isoformat()}), "
            "servicekit at the closing instant"
        ),
        cycle.deadline,
    )


def _status_rule(
    ticket: _Ticket, measure: VendorMeasure, cycle: Cycle, case: _Case, tolerance: timedelta
) -> _Found | None:
    """The gap is the time spent in one status: one side paused there, the other did not."""
    if case.gap is None:
        return None
    end = max(
        cycle.stop or ticket.report.now,
        measure.fulfill or cycle.start,
        measure.breach or cycle.start,
    )
    for status, (spent, entered) in ticket.in_status(cycle.start, end).items():
        if abs(spent - abs(case.gap)) <= tolerance:
            if status == "solved" and measure.metric == "reply_time":
                return (
                    "solve_ends_first_reply",
                    (
                        "the ticket was solved before the first public reply: servicekit "
                        "stops the reply clock at the solve, Zendesk's metric runs on"
                    ),
                    entered,
                )
            side = "Zendesk's clock" if case.gap < timedelta(0) else "servicekit's clock"
            return (
                "status",
                (
                    f"{side} paused while the ticket was {status!r} (from "
                    f"{entered.isoformat()}) and the other ran: the status is mapped differently"
                ),
                entered,
            )
    return None


def _reply_minutes(
    ticket: _Ticket, calendar: int | None, business: int | None, tolerance: timedelta
) -> list[Disagreement]:
    """Zendesk's native ``reply_time_in_minutes`` against the first-reply cycle."""
    cycle = ticket.cycle("first_reply", 0)
    out: list[Disagreement] = []
    if cycle is None or cycle.stop is None:
        if calendar is not None:
            out.append(
                Disagreement(
                    ticket.name,
                    "first_reply",
                    1,
                    "reply_time_in_minutes",
                    None,
                    str(calendar),
                    "no_target",
                    "Zendesk measured a first reply; servicekit has no stopped first-reply "
                    "cycle (no target for this priority, or no reply yet)",
                )
            )
        return out
    measured = cycle.stop - cycle.start
    for label, theirs, ours in (
        ("calendar", calendar, measured),
        ("business", business, cycle.elapsed if cycle.target.calendar is not None else None),
    ):
        if theirs is None or ours is None:
            continue
        gap = timedelta(minutes=theirs) - ours
        if abs(gap) <= tolerance:
            continue
        reason, text, at = "unexplained", "no known difference explains it", None
        if cycle.stop_reason not in (None, "agent_reply"):
            reason = "solve_ends_first_reply"
            text = (
                f"servicekit's first reply stopped at the status {cycle.stop_reason!r}; "
                "Zendesk's first reply time ignores a solve and ends at the next public "
                "comment"
            )
            at = cycle.stop
        out.append(
            Disagreement(
                ticket.name,
                "first_reply",
                1,
                "reply_time_in_minutes",
                f"{label} {_mins(ours)}",
                f"{label} {theirs}",
                reason,
                text,
                at,
            )
        )
    return out
