"""Hypothesis strategies for servicekit.sla (plural names, one per value type)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from servicekit._time import zone
from servicekit.hours import BusinessCalendar
from servicekit.sla import METRICS, STATUSES, Policy, Target, TicketEvent

UTC = timezone.utc
PRIORITIES = ("low", "normal", "high", "urgent")
BASE = datetime(2026, 3, 23, 8, tzinfo=UTC)  # a Monday, the week before DST in Europe

OFFICE = BusinessCalendar.from_dict(
    {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
)
NIGHT_SHIFT = BusinessCalendar.from_dict(
    {"timezone": "America/New_York", "hours": {"mon-sat": ["20:00-04:00"]}}
)
CALENDARS = (None, OFFICE, NIGHT_SHIFT)


def instants(days: int = 14) -> st.SearchStrategy[datetime]:
    """Aware instants at whole minutes within ``days`` after :data:`BASE`, in several zones."""
    return st.builds(
        lambda minutes, key: (BASE + timedelta(minutes=minutes)).astimezone(zone(key)),
        st.integers(0, days * 24 * 60),
        st.sampled_from(("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata")),
    )


def ticket_events() -> st.SearchStrategy[TicketEvent]:
    """Single events of every kind."""
    return st.one_of(
        st.builds(
            lambda t, p: TicketEvent(t, "created", priority=p),
            instants(),
            st.sampled_from(PRIORITIES),
        ),
        st.builds(
            lambda t, p: TicketEvent(t, "priority", priority=p),
            instants(),
            st.sampled_from(PRIORITIES),
        ),
        st.builds(
            lambda t, s: TicketEvent(t, "status", status=s), instants(), st.sampled_from(STATUSES)
        ),
        st.builds(
            lambda t, k, tags: TicketEvent(t, k, tags=tags),
            instants(),
            st.sampled_from(("customer_message", "agent_reply", "internal_note")),
            st.lists(st.sampled_from(("faq", "kb", "vip")), max_size=2, unique=True),
        ),
        st.builds(
            lambda t, f, v: TicketEvent(t, "field", field=f, value=v),
            instants(),
            st.sampled_from(("group", "channel", "requester_zone", "custom.plan")),
            st.none() | st.sampled_from(("billing", "support", "Europe/Berlin")),
        ),
        st.builds(
            lambda t, p: TicketEvent(t, "field", field="priority", value=p),
            instants(),
            st.sampled_from(PRIORITIES),
        ),
        st.builds(
            lambda t, a, r: TicketEvent(t, "tags", added=a, removed=r),
            instants(),
            st.lists(st.sampled_from(("faq", "vip")), max_size=2, unique=True),
            st.lists(st.sampled_from(("vip", "beta")), max_size=2, unique=True),
        ),
        st.builds(
            lambda t, p, g, tags: TicketEvent(
                t, "created", priority=p, fields={"group": g}, tags=tags
            ),
            instants(),
            st.sampled_from(PRIORITIES),
            st.sampled_from(("billing", "support")),
            st.lists(st.sampled_from(("vip", "beta")), max_size=2, unique=True),
        ),
    )


_LATER = ("customer_message", "agent_reply", "internal_note", "status", "priority")


@st.composite
def tickets(
    draw: st.DrawFn,
    *,
    max_events: int = 10,
    priority_changes: bool = True,
    statuses: tuple[str, ...] = STATUSES,
    distinct: bool = False,
) -> list[TicketEvent]:
    """A consistent event log: ``created`` first, then events at or after it.

    With ``distinct`` every event has its own instant (whole minutes apart).
    """
    kinds = _LATER if priority_changes else tuple(k for k in _LATER if k != "priority")
    start = draw(st.integers(0, 3 * 24 * 60))
    n = draw(st.integers(0, max_events))
    if distinct:
        offsets = sorted(
            draw(st.lists(st.integers(1, 10 * 24 * 60), min_size=n, max_size=n, unique=True))
        )
    else:
        offsets = sorted(draw(st.lists(st.integers(0, 10 * 24 * 60), min_size=n, max_size=n)))
    t0 = BASE + timedelta(minutes=start)
    events = [TicketEvent(t0, "created", priority=draw(st.sampled_from(PRIORITIES)))]
    closed = False
    for off in offsets:
        t = t0 + timedelta(minutes=off)
        kind = draw(st.sampled_from(kinds))
        if closed:  # a consistent log ends at closing
            break
        if kind == "status":
            status = draw(st.sampled_from(statuses))
            closed = status == "closed"
            events.append(TicketEvent(t, "status", status=status))
        elif kind == "priority":
            events.append(TicketEvent(t, "priority", priority=draw(st.sampled_from(PRIORITIES))))
        else:
            events.append(TicketEvent(t, kind))
    return events


def targets(metric: str | None = None) -> st.SearchStrategy[Target]:
    """Targets of a given (or any) metric, on 24/7 or business calendars."""
    return st.builds(
        Target,
        st.just(metric) if metric else st.sampled_from(METRICS),
        st.integers(0, 5 * 24 * 60).map(lambda m: timedelta(minutes=m)),
        st.sampled_from(CALENDARS),
        warn_at=st.sampled_from((0.5, 0.75, 0.9, 1.0)),
    )


# Policies draw from targets built once (drawing 24 targets through st.builds per
# example made generation the slowest part of the property tests).
_WITHINS = tuple(timedelta(minutes=m) for m in (0, 1, 30, 120, 480, 1440, 4320))
_PREBUILT = {
    m: tuple(
        Target(m, w, c, warn_at=a) for w in _WITHINS for c in CALENDARS for a in (0.5, 0.75, 1.0)
    )
    for m in METRICS
}
_BY_METRIC = {m: st.sampled_from(_PREBUILT[m]) for m in METRICS}
_PRIORITY_SETS = st.lists(st.sampled_from(PRIORITIES), min_size=1, unique=True)
_METRIC_SETS = st.lists(st.sampled_from(METRICS), min_size=1, unique=True)
_NAMES = st.sampled_from(("email", "chat", "vip"))


@st.composite
def _policies(draw: st.DrawFn) -> Policy:
    out = {}
    for priority in draw(_PRIORITY_SETS):
        out[priority] = [draw(_BY_METRIC[m]) for m in draw(_METRIC_SETS)]
    return Policy(draw(_NAMES), out)


@st.composite
def _full_policies(draw: st.DrawFn) -> Policy:
    return Policy("all", {p: [draw(_BY_METRIC[m]) for m in METRICS] for p in PRIORITIES})


_POLICIES = _policies()
_FULL_POLICIES = _full_policies()


def policies() -> st.SearchStrategy[Policy]:
    """Policies with some targets per priority (one per metric)."""
    return _POLICIES


def full_policies() -> st.SearchStrategy[Policy]:
    """Policies with a target for every metric and every priority."""
    return _FULL_POLICIES
