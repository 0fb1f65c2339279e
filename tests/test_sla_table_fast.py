"""evaluate_table's vectorised path: equal to evaluate_many, ticket by ticket.

The tickets here are built to take the fast path mostly (ordinary events on a grid of
half hours, so that many fall on the office's opening and closing instants, across
both DST changes of March 2026 and Easter holidays), with the unusual events mixed
in that send a ticket to the engine instead: unknown priorities and statuses, due
dates, events before creation or after closing, exact copies, a second creation,
events after ``now``, rows out of time order. One table mixes both kinds of ticket.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from unittest import mock

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from servicekit.exceptions import NoBusinessTimeError
from servicekit.hours import BusinessCalendar
from servicekit.sla import (
    METRICS,
    STATUSES,
    CustomStatus,
    Policy,
    StatusMap,
    Target,
    TicketEvent,
    _table,
    evaluate_many,
    evaluate_table,
    table_schema,
)
from servicekit.sla._table import _read
from servicekit.sla._vector import vectorised
from strategies_sla import NIGHT_SHIFT, OFFICE
from test_sla_table import assert_same, event_table

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pyarrow as pa

UTC = timezone.utc
H = timedelta(hours=1)
#: Thursday 5 March 2026, 07:00 UTC: New York springs forward on the 8th, Berlin on
#: the 29th; Good Friday and Easter Monday are 3 and 6 April.
BASE = datetime(2026, 3, 5, 7, tzinfo=UTC)
HOLIDAYS = BusinessCalendar.from_dict(
    {
        "timezone": "Europe/Berlin",
        "hours": {"mon-fri": ["09:00-12:00", "13:00-17:00"], "sat": ["10:00-14:00"]},
        "holidays": ["2026-03-27", "2026-04-03", "2026-04-06"],
    }
)
EITHER = OFFICE | NIGHT_SHIFT
CALENDARS = (None, OFFICE, NIGHT_SHIFT, HOLIDAYS, EITHER)
PRIORITIES = ("low", "normal", "urgent")
CUSTOM = ("awaiting_vendor", "done_by_bot", "archived")
DESK = StatusMap(
    (
        CustomStatus("awaiting_vendor", "on_hold", {"resolution": "pause"}),
        CustomStatus("done_by_bot", "solved", {"resolution": "run"}),
        CustomStatus("archived", "closed"),
        CustomStatus("pending", "pending", {"resolution": "stop"}),
        CustomStatus("on_hold", "on_hold", {"agent_work": "stop", "requester_wait": "pause"}),
    )
)


def at(slot: int) -> datetime:
    """The instant ``slot`` half hours after BASE."""
    return BASE + timedelta(minutes=30 * slot)


SLOTS = st.integers(0, 25 * 48)  # 25 days of half hours
NOW = st.integers(0, 40 * 48) | st.integers(20 * 48, 40 * 48)
TARGETS = {
    m: tuple(
        Target(m, w * H, c, warn_at=a)
        for w in (0, 0.5, 1, 4, 8, 24, 40)
        for c in CALENDARS
        for a in (0.5, 1.0)
    )
    for m in METRICS
}


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Policies over some priorities and metrics, on any calendar, maybe a desk's statuses."""
    targets = {}
    some = st.lists(st.sampled_from(PRIORITIES), min_size=1, unique=True)
    for priority in draw(st.just(PRIORITIES) | some):
        metrics = draw(st.lists(st.sampled_from(METRICS), min_size=1, unique=True))
        targets[priority] = [draw(st.sampled_from(TARGETS[m])) for m in metrics]
    statuses = draw(st.sampled_from((StatusMap(), DESK)))
    return Policy("fast", targets, statuses=statuses)


@st.composite
def ordinary(draw: st.DrawFn) -> list[TicketEvent]:
    """A ticket's events, created first, then ordinary events (ties allowed)."""
    start = draw(SLOTS)
    events = [TicketEvent(at(start), "created", priority=draw(st.sampled_from(PRIORITIES)))]
    offsets = draw(st.lists(st.integers(0, 10 * 48), max_size=9))
    for offset in sorted(offsets):
        when = at(start + offset)
        kind = draw(
            st.sampled_from(
                ("customer_message", "agent_reply", "status", "status", "priority", "internal_note")
            )
        )
        if kind == "status":
            status = draw(st.sampled_from((*STATUSES[1:], *CUSTOM)))
            events.append(TicketEvent(when, "status", status=status))
            if status in ("closed", "archived"):
                break  # a consistent log ends there
        elif kind == "priority":
            events.append(TicketEvent(when, "priority", priority=draw(st.sampled_from(PRIORITIES))))
        else:
            events.append(TicketEvent(when, kind))
    return events


@st.composite
def unusual(draw: st.DrawFn, events: list[TicketEvent]) -> list[TicketEvent]:
    """The same ticket with something that sends it to the engine."""
    out = list(events)
    first = out[0].at
    change = draw(st.integers(0, 8))
    if change == 0:
        out.append(TicketEvent(first + H, "priority", priority="whatever"))
    elif change == 1:
        out.append(TicketEvent(first + H, "status", status="limbo"))
    elif change == 2:
        out.append(TicketEvent(first + H, "due_date", metric="resolution", due=first + 5 * H))
    elif change == 3:
        out.insert(0, TicketEvent(first, "customer_message"))  # before created, same instant
    elif change == 4:
        out.append(out[draw(st.integers(0, len(out) - 1))])  # an exact copy
    elif change == 5:
        out.append(TicketEvent(first + 2 * H, "created", priority="normal"))
    elif change == 6:
        out += [
            TicketEvent(first + H, "status", status="closed"),
            TicketEvent(first + H, "agent_reply"),
        ]
    elif change == 7:
        out = out[1:]  # no created event: an error row
    else:
        out.append(TicketEvent(first - H, "agent_reply"))  # before creation
    return out


@st.composite
def batches(draw: st.DrawFn) -> tuple[dict[str, list[TicketEvent]], list[tuple[str, TicketEvent]]]:
    """Tickets (mostly ordinary), their rows interleaved in any order, some out of time order."""
    out: dict[str, list[TicketEvent]] = {}
    for i in range(draw(st.integers(1, 7))):
        events = draw(ordinary())
        if draw(st.integers(0, 3)) == 0:
            events = draw(unusual(events))
        if draw(st.integers(0, 4)) == 0:
            events = draw(st.permutations(events))  # rows out of time order
        out[f"T-{i}"] = events
    labels = [t for t, evs in out.items() for _ in evs]
    if draw(st.booleans()):
        labels = draw(st.permutations(labels))
    pending = {t: iter(evs) for t, evs in out.items()}
    return {t: out[t] for t in dict.fromkeys(labels)}, [(t, next(pending[t])) for t in labels]


def taken(table: pa.Table, policy: Policy, now: datetime) -> Any:
    """Which tickets the vectorised path takes."""
    fast, _, _ = vectorised(_read(table), policy, int(now.timestamp() * 1e6), table_schema())
    return fast


class TestEqualsEvaluateMany:
    """The fast path's rows equal evaluate_many's, in a table mixing both paths."""

    @settings(deadline=None, max_examples=500)
    @given(batches(), policies(), NOW)
    def test_mixed_tables(self, batch: Any, policy: Policy, slot: int) -> None:
        """Any mix of ordinary and unusual tickets, evaluated at any half hour."""
        grouped, pairs = batch
        now = at(slot)
        table = event_table(pairs)
        event(f"tickets taken by the fast path: {int(taken(table, policy, now).sum())}")
        assert_same(table, policy, grouped, now)

    @settings(deadline=None, max_examples=150)
    @given(batches(), policies(), NOW)
    def test_in_small_parts(self, batch: Any, policy: Policy, slot: int) -> None:
        """The fast path taking a few events at a time (whole tickets) gives the same rows."""
        grouped, pairs = batch
        with mock.patch.object(_table, "_PART_ROWS", 4):
            assert_same(event_table(pairs), policy, grouped, at(slot))

    @settings(deadline=None, max_examples=200)
    @given(batches(), policies(), st.integers(0, 40 * 48 * 30))
    def test_any_minute(self, batch: Any, policy: Policy, minute: int) -> None:
        """``now`` at any minute, not only on the grid."""
        grouped, pairs = batch
        assert_same(event_table(pairs), policy, grouped, BASE + timedelta(minutes=minute))


POLICY = Policy(
    "office",
    {p: [Target(m, 4 * H, HOLIDAYS) for m in METRICS] for p in PRIORITIES},
)


def ticket(*events: TicketEvent) -> list[TicketEvent]:
    """A ticket's events."""
    return list(events)


class TestWhichTicketsAreTaken:
    """Ordinary tickets take the fast path; each unusual one goes to the engine."""

    def test_ordinary_and_unusual(self) -> None:
        """One table, each ticket's path checked, and the rows equal evaluate_many's."""
        t = at(4)
        plain = [
            TicketEvent(t, "created", priority="normal"),
            TicketEvent(t + H, "agent_reply"),
            TicketEvent(t + H, "status", status="pending"),
            TicketEvent(t + 2 * H, "customer_message"),
            TicketEvent(t + 3 * H, "status", status="solved"),
            TicketEvent(t + 9 * 24 * H, "agent_reply"),  # after now: not counted
        ]
        tickets = {
            "plain": plain,
            "note": [*plain[:2], TicketEvent(t + H, "internal_note")],
            "copy": [*plain, plain[1]],
            "three": [*plain[:3], TicketEvent(t + H, "customer_message")],
            "due": [*plain, TicketEvent(t, "due_date", metric="resolution", due=t + H)],
            "twice": [*plain, TicketEvent(t + H, "created", priority="low")],
            "later": [TicketEvent(t - H, "agent_reply"), *plain],
            "closed": [*plain[:2], TicketEvent(t + H, "status", status="closed"), plain[3]],
            "limbo": [*plain[:2], TicketEvent(t + H, "status", status="limbo")],
            "whatever": [*plain, TicketEvent(t + H, "priority", priority="whatever")],
            "none": plain[1:],
            "future": [TicketEvent(t + 9 * 24 * H, "created", priority="low")],
        }
        pairs = [(k, e) for k, evs in tickets.items() for e in evs]
        table = event_table(pairs)
        now = t + 7 * 24 * H
        assert taken(table, POLICY, now).tolist() == [True, True] + [False] * 10
        assert_same(table, POLICY, tickets, now)

    def test_far_from_now_and_out_of_range(self) -> None:
        """Instants 2**53 microseconds before now, or beyond the calendars' years."""
        policy = Policy("real", {"normal": [Target("resolution", H)]})
        old = [TicketEvent(datetime(1700, 1, 1, tzinfo=UTC), "created", priority="normal")]
        table = event_table([("old", old[0])])
        assert taken(table, policy, BASE).tolist() == [False]
        assert_same(table, policy, {"old": old}, BASE)
        early = [TicketEvent(datetime(1, 1, 2, tzinfo=UTC), "created", priority="normal")]
        table = event_table([("early", early[0])])
        assert taken(table, POLICY, BASE).tolist() == [False]
        assert_same(table, POLICY, {"early": early}, BASE)
        late = datetime(9999, 1, 1, tzinfo=UTC)
        assert taken(event_table([("x", early[0])]), POLICY, late).tolist() == [False]

    def test_a_calendar_error_sends_every_ticket_to_the_engine(self) -> None:
        """No business time within the horizon: the engine's error rows."""
        never = BusinessCalendar.from_dict(
            {"timezone": "UTC", "hours": {}, "overrides": {"2020-01-06": ["09:00-10:00"]}}
        )
        policy = Policy("never", {"normal": [Target("first_reply", H, never)]})
        events = [TicketEvent(BASE, "created", priority="normal")]
        table = event_table([("a", events[0])])
        assert taken(table, policy, BASE + H).tolist() == [False]
        rows = evaluate_table(table, policy, BASE + H).to_pylist()
        assert rows[0]["problem"] == "no_business_time"
        assert_same(table, policy, {"a": events}, BASE + H)
        with pytest.raises(NoBusinessTimeError):
            never.add(BASE, H)

    def test_policy_without_ordinary_calendars(self) -> None:
        """A calendar that is not a servicekit calendar: every ticket to the engine."""

        class Plain:
            """Delegates to OFFICE (a CalendarLike that is not Hours).

            The protocol's methods are written out: from Python 3.12 on, a runtime
            protocol check looks them up statically, so ``__getattr__`` alone is not
            enough.
            """

            def __getattr__(self, name: str) -> Any:
                return getattr(OFFICE, name)

            def add(self, start: datetime, duration: timedelta, /) -> datetime:
                return OFFICE.add(start, duration)

            def elapsed(self, start: datetime, end: datetime, /) -> timedelta:
                return OFFICE.elapsed(start, end)

            def is_open(self, at: datetime, /) -> bool:
                return OFFICE.is_open(at)

            def next_open(self, at: datetime, /) -> datetime:
                return OFFICE.next_open(at)

            def to_dict(self) -> dict[str, Any]:
                return OFFICE.to_dict()

            def intervals(
                self, start: datetime, end: datetime, /
            ) -> Sequence[tuple[datetime, datetime]]:
                return OFFICE.intervals(start, end)

        policy = Policy("x", {"normal": [Target("first_reply", H, Plain())]})  # type: ignore[arg-type]
        events = [TicketEvent(BASE, "created", priority="normal")]
        table = event_table([("a", events[0])])
        assert taken(table, policy, BASE + H).tolist() == [False]
        assert_same(table, policy, {"a": events}, BASE + H)

    def test_unsorted_rows_and_empty_tables(self) -> None:
        """Rows out of time order are sorted per ticket; an empty table has no rows."""
        t = at(4)
        events = [
            TicketEvent(t + 2 * H, "agent_reply"),
            TicketEvent(t, "created", priority="low"),
            TicketEvent(t + H, "customer_message"),
        ]
        table = event_table([("a", e) for e in events])
        assert taken(table, POLICY, t + 9 * H).tolist() == [True]
        assert_same(table, POLICY, {"a": events}, t + 9 * H)
        assert evaluate_table(table.slice(0, 0), POLICY, t).num_rows == 0
        assert evaluate_many(POLICY, {}, t).rows == []
