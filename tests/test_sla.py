"""Tests for servicekit.sla.evaluate: the clocks, their cycles, deadlines and statuses."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime, timedelta, timezone

import pytest

from servicekit._time import zone
from servicekit.exceptions import ConfigError, NaiveDatetimeError
from servicekit.hours import BusinessCalendar
from servicekit.sla import Policy, SLAReport, Target, TicketEvent, evaluate

UTC = timezone.utc
BERLIN = zone("Europe/Berlin")
OFFICE = BusinessCalendar.from_dict(
    {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
)
H = timedelta(hours=1)


def at(day: int, hour: float, month: int = 11, tz=BERLIN) -> datetime:
    """An instant in November 2026 (the 20th is a Friday) by default, in Berlin."""
    minutes = round(hour * 60)
    return datetime(2026, month, day, minutes // 60, minutes % 60, tzinfo=tz)


def created(t, priority="normal"):
    """A created event."""
    return TicketEvent(t, "created", priority=priority)


def reply(t, **kw):
    """A public agent reply."""
    return TicketEvent(t, "agent_reply", **kw)


def message(t):
    """A customer message."""
    return TicketEvent(t, "customer_message")


def status(t, s):
    """A status change."""
    return TicketEvent(t, "status", status=s)


def policy_of(*targets: Target, priority: str = "normal") -> Policy:
    """A policy with these targets for one priority."""
    return Policy("test", {priority: list(targets)})


class TestWorkedExamples:
    """The examples of the issue and the docs."""

    def test_friday_afternoon_ticket(self):
        """Friday 16:30 in Berlin, 4 business hours on Mon-Fri 09-17: due Monday 12:30."""
        policy = policy_of(Target("first_reply", 4 * H, OFFICE))
        report = evaluate(policy, [created(at(20, 16.5))], now=at(21, 12))
        first = report["first_reply"]
        assert at(23, 12.5) == first.deadline
        assert timedelta(minutes=30) == first.current.elapsed
        assert "on_track" == first.status
        assert 3.5 * H == first.current.remaining

    def test_friday_ticket_answered_monday(self):
        """A reply at Monday 12:00 meets the target; at 12:31 it misses it."""
        policy = policy_of(Target("first_reply", 4 * H, OFFICE))
        ok = evaluate(policy, [created(at(20, 16.5)), reply(at(23, 12))], now=at(24, 9))
        assert "met" == ok["first_reply"].status
        assert at(23, 12) == ok["first_reply"].cycles[0].stop
        late = evaluate(
            policy,
            [created(at(20, 16.5)), reply(at(23, 12) + timedelta(minutes=31))],
            now=at(24, 9),
        )
        assert "missed" == late["first_reply"].status
        assert at(23, 12.5) == late["first_reply"].cycles[0].deadline

    def test_pending_over_the_weekend(self):
        """Requester wait pauses while the ticket waits for the customer over the weekend."""
        policy = policy_of(Target("requester_wait", 8 * H), Target("agent_work", 8 * H))
        events = [
            created(at(20, 10)),
            reply(at(20, 12)),
            status(at(20, 12), "pending"),
            message(at(23, 10)),
            status(at(23, 10), "open"),
        ]
        saturday = evaluate(policy, events, now=at(21, 12))
        wait = saturday["requester_wait"]
        assert "paused" == wait.status
        assert wait.deadline is None
        assert 2 * H == wait.current.elapsed
        assert [(at(20, 12), None, "pending")] == [
            (p.start, p.end, p.status) for p in wait.current.paused
        ]
        monday = evaluate(policy, events, now=at(23, 13))
        wait = monday["requester_wait"]
        assert "on_track" == wait.status
        assert 5 * H == wait.current.elapsed
        assert at(23, 16) == wait.deadline
        assert [(at(20, 12), at(23, 10), "pending")] == [
            (p.start, p.end, p.status) for p in wait.current.paused
        ]
        # Without the pause the same ticket would have been breached on Friday evening.
        unpaused = evaluate(policy, events[:2] + events[3:4], now=at(23, 13))
        assert "breached" == unpaused["requester_wait"].status
        assert at(20, 18) == unpaused["requester_wait"].cycles[0].deadline

    def test_reopened_ticket(self):
        """Resolution stops when solved, resumes on reopen, and the solved gap is a pause."""
        policy = policy_of(Target("resolution", 4 * H), Target("requester_wait", 4 * H))
        events = [
            created(at(23, 9)),
            reply(at(23, 10)),
            status(at(23, 11), "solved"),
            message(at(24, 9)),
            status(at(24, 9), "open"),
            status(at(24, 10), "solved"),
        ]
        between = evaluate(policy, events, now=at(23, 15))
        assert "met" == between["resolution"].status
        assert at(23, 11) == between["resolution"].cycles[0].stop
        assert "solved" == between["resolution"].cycles[0].stop_reason
        reopened = evaluate(policy, events, now=at(24, 9.5))
        cycle = reopened["resolution"].current
        assert "on_track" == cycle.status
        assert 2.5 * H == cycle.elapsed
        assert at(24, 11) == cycle.deadline
        assert [(at(23, 11), at(24, 9), "solved")] == [
            (p.start, p.end, p.status) for p in cycle.paused
        ]
        final = evaluate(policy, events, now=at(25, 9))
        cycle = final["resolution"].cycles[0]
        assert ("met", 3 * H, at(24, 10)) == (cycle.status, cycle.elapsed, cycle.stop)
        assert at(24, 11) == cycle.deadline  # where it would have run out

    def test_priority_raised_to_urgent(self):
        """Raising the priority re-targets the open cycle from its start."""
        policy = Policy(
            "p",
            {
                "normal": [Target("first_reply", 8 * H)],
                "urgent": [Target("first_reply", 1 * H)],
            },
        )
        events = [created(at(23, 9)), TicketEvent(at(23, 9.5), "priority", priority="urgent")]
        early = evaluate(policy, events, now=at(23, 9.25))
        assert ("normal", "on_track", at(23, 17)) == (
            early.priority,
            early["first_reply"].status,
            early["first_reply"].deadline,
        )
        risky = evaluate(policy, events, now=at(23, 9.75))
        assert ("urgent", "at_risk", at(23, 10)) == (
            risky.priority,
            risky["first_reply"].status,
            risky["first_reply"].deadline,
        )
        late = evaluate(policy, [*events, reply(at(23, 10.25))], now=at(23, 11))
        cycle = late["first_reply"].cycles[0]
        assert ("missed", "urgent", at(23, 10)) == (cycle.status, cycle.priority, cycle.deadline)

    def test_priority_change_after_stop_keeps_the_old_target(self):
        """A cycle that stopped keeps the priority it stopped under."""
        policy = Policy(
            "p",
            {"normal": [Target("first_reply", 8 * H)], "urgent": [Target("first_reply", H)]},
        )
        events = [
            created(at(23, 9)),
            reply(at(23, 12)),
            TicketEvent(at(23, 13), "priority", priority="urgent"),
        ]
        report = evaluate(policy, events, now=at(23, 14))
        assert ("met", "normal") == (
            report["first_reply"].status,
            report["first_reply"].cycles[0].priority,
        )

    def test_dst_weekend_24_7(self):
        """Calendar time is real time: 24 hours across spring-forward end at 13:00 local."""
        policy = policy_of(Target("resolution", 24 * H))
        report = evaluate(policy, [created(at(28, 12, month=3))], now=at(29, 6, month=3))
        assert at(29, 13, month=3) == report["resolution"].deadline
        assert 17 * H == report["resolution"].current.elapsed  # 18 wall hours, one skipped
        autumn = evaluate(policy, [created(at(24, 12, month=10))], now=at(25, 6, month=10))
        assert at(25, 11, month=10) == autumn["resolution"].deadline
        assert 19 * H == autumn["resolution"].current.elapsed

    def test_dst_weekend_business_hours(self):
        """Business hours skip the DST weekend: Friday 16:00 + 4 h is Monday 12:00."""
        weekend_shift = BusinessCalendar.from_dict(
            {"timezone": "Europe/Berlin", "hours": {"sun": ["00:00-06:00"]}}
        )
        policy = policy_of(
            Target("first_reply", 4 * H, OFFICE), Target("resolution", 6 * H, weekend_shift)
        )
        report = evaluate(policy, [created(at(27, 16, month=3))], now=at(30, 9, month=3))
        assert at(30, 12, month=3) == report["first_reply"].deadline
        # The Sunday 00:00-06:00 shift is 5 real hours on the spring-forward night.
        assert 5 * H == report["resolution"].current.elapsed
        assert at(5, 1, month=4) == report["resolution"].deadline


class TestStatuses:
    """Every clock status, and the exact boundaries between them."""

    def test_at_risk_boundary(self):
        """At exactly warn_at x within the clock is at risk; just before, on track."""
        policy = policy_of(Target("first_reply", 4 * H, warn_at=0.75))
        events = [created(at(23, 9))]
        assert (
            "on_track"
            == evaluate(policy, events, now=at(23, 12) - timedelta(microseconds=1))[
                "first_reply"
            ].status
        )
        assert "at_risk" == evaluate(policy, events, now=at(23, 12))["first_reply"].status

    def test_breach_boundary(self):
        """At the deadline the clock is at risk; a microsecond later it is breached."""
        policy = policy_of(Target("first_reply", 4 * H))
        events = [created(at(23, 9))]
        assert "at_risk" == evaluate(policy, events, now=at(23, 13))["first_reply"].status
        after = evaluate(policy, events, now=at(23, 13) + timedelta(microseconds=1))
        assert ("breached", at(23, 13)) == (
            after["first_reply"].status,
            after["first_reply"].deadline,
        )

    def test_reply_at_deadline_meets(self):
        """A reply exactly at the deadline meets the target."""
        policy = policy_of(Target("first_reply", 4 * H))
        report = evaluate(policy, [created(at(23, 9)), reply(at(23, 13))], now=at(23, 14))
        assert "met" == report["first_reply"].status

    def test_reply_in_closed_hours_after_deadline_misses(self):
        """Friday 16:00 + 1 business hour is due 17:00; a Saturday reply misses it."""
        policy = policy_of(Target("first_reply", H, OFFICE))
        events = [created(at(20, 16)), reply(at(21, 10))]
        report = evaluate(policy, events, now=at(21, 11))
        cycle = report["first_reply"].cycles[0]
        assert ("missed", H, at(20, 17)) == (cycle.status, cycle.elapsed, cycle.deadline)
        running = evaluate(policy, events[:1], now=at(21, 10))
        assert "breached" == running["first_reply"].status

    def test_paused_then_resumed_in_closed_hours_after_using_up_the_target(self):
        """A clock that used up its target and runs again (even when closed) is breached."""
        policy = policy_of(Target("agent_work", H, OFFICE))
        events = [created(at(20, 16)), status(at(20, 17), "pending"), status(at(21, 10), "open")]
        paused = evaluate(policy, events, now=at(21, 9))
        assert ("paused", at(20, 17)) == (
            paused["agent_work"].status,
            paused["agent_work"].deadline,
        )
        report = evaluate(policy, events, now=at(21, 11))
        assert "breached" == report["agent_work"].status

    def test_stopped_while_paused_has_no_deadline(self):
        """Solving a ticket that waits on the customer meets the clock with no deadline."""
        policy = policy_of(Target("requester_wait", 8 * H))
        events = [created(at(23, 9)), status(at(23, 10), "pending"), status(at(24, 9), "solved")]
        cycle = evaluate(policy, events, now=at(24, 10))["requester_wait"].cycles[0]
        assert ("met", None, H) == (cycle.status, cycle.deadline, cycle.elapsed)
        assert [(at(23, 10), at(24, 9), "pending")] == [
            (p.start, p.end, p.status) for p in cycle.paused
        ]

    def test_paused_breached_stays_breached(self):
        """A breached clock that pauses is still breached."""
        policy = policy_of(Target("requester_wait", H))
        events = [created(at(23, 9)), status(at(23, 11), "pending")]
        assert "breached" == evaluate(policy, events, now=at(23, 12))["requester_wait"].status

    def test_paused_at_now_exactly(self):
        """A pause that starts at now is an open pause."""
        policy = policy_of(Target("requester_wait", 8 * H))
        events = [created(at(23, 9)), status(at(23, 11), "pending")]
        cycle = evaluate(policy, events, now=at(23, 11))["requester_wait"].current
        assert ("paused", None) == (cycle.status, cycle.paused[0].end)

    def test_created_now(self):
        """A ticket created at now is on track with its full target left."""
        policy = policy_of(Target("requester_wait", 8 * H), Target("first_reply", 8 * H))
        report = evaluate(policy, [created(at(23, 9))], now=at(23, 9))
        assert ("on_track", at(23, 17)) == (
            report["requester_wait"].status,
            report["requester_wait"].deadline,
        )
        assert timedelta(0) == report["first_reply"].current.elapsed

    def test_zero_target(self):
        """A zero target is due at the next open instant."""
        policy = policy_of(Target("first_reply", timedelta(0), OFFICE))
        report = evaluate(policy, [created(at(21, 10))], now=at(21, 11))
        assert ("at_risk", at(23, 9)) == (
            report["first_reply"].status,
            report["first_reply"].deadline,
        )


class TestReplyMetrics:
    """first_reply, next_reply and periodic_update cycles."""

    POLICY = policy_of(
        Target("first_reply", 4 * H), Target("next_reply", 2 * H), Target("periodic_update", 8 * H)
    )

    def test_next_reply_cycles(self):
        """Each customer message that finds no reply owed after the first reply starts a cycle."""
        events = [
            created(at(23, 9)),
            message(at(23, 9.5)),  # before the first reply: part of the first reply
            reply(at(23, 10)),
            message(at(23, 11)),
            message(at(23, 11.5)),  # a reply is already owed
            reply(at(23, 14)),
            message(at(23, 15)),
        ]
        report = evaluate(self.POLICY, events, now=at(23, 16))
        nxt = report["next_reply"]
        assert [(at(23, 11), at(23, 14), "missed"), (at(23, 15), None, "on_track")] == [
            (c.start, c.stop, c.status) for c in nxt.cycles
        ]
        assert "on_track" == nxt.status
        assert at(23, 17) == nxt.deadline

    def test_next_reply_not_started(self):
        """Before any customer follow-up there is no next-reply cycle."""
        report = evaluate(self.POLICY, [created(at(23, 9)), reply(at(23, 10))], now=at(23, 11))
        assert ("not_started", ()) == (report["next_reply"].status, report["next_reply"].cycles)
        assert report["next_reply"].current is None
        assert report["next_reply"].deadline is None

    def test_metric_status_met_and_missed(self):
        """With no cycle running a metric is missed if any cycle missed, else met."""
        events = [
            created(at(23, 9)),
            reply(at(23, 10)),
            message(at(23, 11)),
            reply(at(23, 14)),  # missed (3 h > 2 h)
            message(at(23, 15)),
            reply(at(23, 15.5)),  # met
        ]
        report = evaluate(self.POLICY, events, now=at(23, 16))
        assert "missed" == report["next_reply"].status
        report = evaluate(self.POLICY, events[:2] + events[4:], now=at(23, 16))
        assert "met" == report["next_reply"].status

    def test_periodic_update(self):
        """Each agent reply starts an update cycle that the next reply or solving stops."""
        events = [
            created(at(23, 9)),
            reply(at(23, 10)),
            reply(at(23, 19)),
            status(at(23, 20), "solved"),
        ]
        report = evaluate(self.POLICY, events, now=at(24, 9))
        assert [
            (at(23, 10), at(23, 19), "agent_reply", "missed"),
            (at(23, 19), at(23, 20), "solved", "met"),
        ] == [(c.start, c.stop, c.stop_reason, c.status) for c in report["periodic_update"].cycles]

    def test_reply_and_solve_at_once_starts_no_update_cycle(self):
        """A reply that solves the ticket starts no update cycle, whichever comes first."""
        for pair in (
            [reply(at(23, 10)), status(at(23, 10), "solved")],
            [status(at(23, 10), "solved"), reply(at(23, 10))],
        ):
            report = evaluate(self.POLICY, [created(at(23, 9)), *pair], now=at(23, 11))
            assert () == report["periodic_update"].cycles

    def test_solving_fulfils_the_first_reply(self):
        """Solving without a reply fulfils the first reply; a later message starts next_reply."""
        events = [
            created(at(23, 9)),
            status(at(23, 9.5), "solved"),
            message(at(23, 12)),
            status(at(23, 12), "open"),
        ]
        report = evaluate(self.POLICY, events, now=at(23, 13))
        cycle = report["first_reply"].cycles[0]
        assert ("met", "solved", at(23, 9.5)) == (cycle.status, cycle.stop_reason, cycle.stop)
        assert [(at(23, 12), None)] == [(c.start, c.stop) for c in report["next_reply"].cycles]

    def test_equal_instants_keep_their_order(self):
        """A message and a reply at one instant: the order given decides who answered whom.

        Answered at once, the message owes nothing; its zero-length cycle is not
        recorded (it is never counted as met).
        """
        base = [created(at(23, 9)), reply(at(23, 10))]
        answered = evaluate(
            self.POLICY, [*base, message(at(23, 11)), reply(at(23, 11))], now=at(23, 12)
        )
        assert () == answered["next_reply"].cycles
        waiting = evaluate(
            self.POLICY, [*base, reply(at(23, 11)), message(at(23, 11))], now=at(23, 12)
        )
        assert [(at(23, 11), None, "on_track")] == [
            (c.start, c.stop, c.status) for c in waiting["next_reply"].cycles
        ]

    def test_internal_notes_are_ignored(self):
        """An internal note is not a reply."""
        events = [created(at(23, 9)), TicketEvent(at(23, 10), "internal_note")]
        assert "breached" == evaluate(self.POLICY, events, now=at(23, 14))["first_reply"].status


class TestStatusMetrics:
    """requester_wait, agent_work and resolution follow the ticket's status."""

    POLICY = policy_of(
        Target("requester_wait", 10 * H), Target("agent_work", 10 * H), Target("resolution", 30 * H)
    )

    def test_which_status_pauses_which_clock(self):
        """Pending pauses both; on-hold pauses agent work only; resolution never pauses."""
        events = [
            created(at(23, 9)),
            status(at(23, 10), "open"),
            status(at(23, 11), "pending"),
            status(at(23, 13), "on_hold"),
            status(at(23, 16), "open"),
        ]
        report = evaluate(self.POLICY, events, now=at(23, 17))
        assert 6 * H == report["requester_wait"].current.elapsed  # 9-11, 13-17
        assert 3 * H == report["agent_work"].current.elapsed  # 9-11, 16-17
        assert 8 * H == report["resolution"].current.elapsed
        assert ["pending"] == [p.status for p in report["requester_wait"].current.paused]
        assert ["pending", "on_hold"] == [p.status for p in report["agent_work"].current.paused]
        assert () == report["resolution"].current.paused

    def test_same_status_twice_is_no_change(self):
        """Setting the status it already has changes nothing."""
        events = [
            created(at(23, 9)),
            status(at(23, 10), "new"),
            status(at(23, 11), "open"),
            status(at(23, 12), "open"),
        ]
        report = evaluate(self.POLICY, events, now=at(23, 13))
        assert 4 * H == report["agent_work"].current.elapsed

    def test_closed_from_open(self):
        """Closing an unsolved ticket stops its clocks with reason 'closed'."""
        events = [created(at(23, 9)), status(at(23, 12), "closed")]
        cycle = evaluate(self.POLICY, events, now=at(23, 13))["resolution"].cycles[0]
        assert ("closed", at(23, 12), 3 * H) == (cycle.stop_reason, cycle.stop, cycle.elapsed)

    def test_closed_after_solved_keeps_the_solve_time(self):
        """Closing a solved ticket does not move its stop."""
        events = [created(at(23, 9)), status(at(23, 12), "solved"), status(at(24, 12), "closed")]
        cycle = evaluate(self.POLICY, events, now=at(25, 9))["resolution"].cycles[0]
        assert ("solved", at(23, 12)) == (cycle.stop_reason, cycle.stop)

    def test_solved_missed(self):
        """Solving after the target ran out is missed."""
        events = [created(at(23, 9)), status(at(24, 16), "solved")]
        cycle = evaluate(self.POLICY, events, now=at(25, 9))["resolution"].cycles[0]
        assert ("missed", at(24, 15)) == (cycle.status, cycle.deadline)


class TestInstantEdges:
    """Several status changes at one instant, and clocks that resume exactly at now."""

    POLICY = policy_of(Target("agent_work", H), Target("next_reply", H))

    def test_flicker_at_one_instant(self):
        """Open and pending again at the same instant adds no running time."""
        events = [
            created(at(23, 9)),
            status(at(23, 9.5), "pending"),
            status(at(23, 10), "open"),
            status(at(23, 10), "pending"),
        ]
        cycle = evaluate(self.POLICY, events, now=at(23, 12))["agent_work"].current
        assert (timedelta(minutes=30), "paused") == (cycle.elapsed, cycle.status)
        assert [(at(23, 9.5), at(23, 10)), (at(23, 10), None)] == [
            (p.start, p.end) for p in cycle.paused
        ]

    def test_pending_and_open_at_one_instant(self):
        """A pause of no length is not reported."""
        events = [created(at(23, 9)), status(at(23, 9.5), "pending"), status(at(23, 9.5), "open")]
        cycle = evaluate(self.POLICY, events, now=at(23, 9.75))["agent_work"].current
        assert ((), "at_risk") == (cycle.paused, cycle.status)

    def test_resumed_at_now_after_using_up_the_target(self):
        """A clock that used up its target and resumes exactly at now is not breached yet."""
        events = [created(at(23, 9)), status(at(23, 10), "pending"), status(at(23, 12), "open")]
        cycle = evaluate(self.POLICY, events, now=at(23, 12))["agent_work"].current
        assert ("at_risk", at(23, 10)) == (cycle.status, cycle.deadline)
        later = evaluate(self.POLICY, events, now=at(23, 12) + timedelta(seconds=1))
        assert "breached" == later["agent_work"].status

    def test_pending_and_solved_at_one_instant(self):
        """A ticket set to pending and solved at once stops with no empty pause."""
        events = [created(at(23, 9)), status(at(23, 10), "pending"), status(at(23, 10), "solved")]
        cycle = evaluate(self.POLICY, events, now=at(23, 11))["agent_work"].cycles[0]
        assert ((), at(23, 10), "met") == (cycle.paused, cycle.stop, cycle.status)

    def test_message_and_solve_at_one_instant(self):
        """A customer message answered by solving at the same instant leaves no cycle."""
        events = [
            created(at(23, 9)),
            reply(at(23, 9.5)),
            message(at(23, 10)),
            status(at(23, 10), "solved"),
        ]
        assert () == evaluate(self.POLICY, events, now=at(23, 11))["next_reply"].cycles


class TestPriorities:
    """Which target applies when."""

    def test_metric_without_target_now_keeps_measured_cycles(self):
        """A cycle measured under an earlier priority stays in the report."""
        policy = Policy(
            "p", {"normal": [Target("first_reply", H)], "low": [Target("resolution", 9 * H)]}
        )
        events = [
            created(at(23, 9)),
            reply(at(23, 9.5)),
            TicketEvent(at(23, 10), "priority", priority="low"),
        ]
        report = evaluate(policy, events, now=at(23, 11))
        assert ["first_reply", "resolution"] == [m.metric for m in report]
        assert report["first_reply"].target is None
        assert "met" == report["first_reply"].status

    def test_metric_without_any_target_is_left_out(self):
        """Metrics with no target under the priorities involved are not reported."""
        policy = Policy(
            "p", {"normal": [Target("first_reply", H)], "low": [Target("resolution", 9 * H)]}
        )
        report = evaluate(policy, [created(at(23, 9))], now=at(23, 11))
        assert ["first_reply"] == [m.metric for m in report]
        assert "resolution" not in report
        with pytest.raises(KeyError):
            report["resolution"]

    def test_unknown_priority_is_reported(self):
        """A priority the policy has no targets for is a problem, not an error."""
        policy = policy_of(Target("first_reply", H))
        report = evaluate(policy, [created(at(23, 9), priority="vip")], now=at(23, 10))
        assert () == report.metrics
        assert ["unknown_priority"] == [p.code for p in report.problems]
        assert "'vip'" in report.problems[0].message


class TestProblems:
    """Contradicting events are reported and ignored, never reordered."""

    POLICY = policy_of(Target("first_reply", 4 * H), Target("resolution", 8 * H))

    def test_reply_before_created(self):
        """A reply before the ticket exists is reported and does not count."""
        events = [reply(at(23, 8)), created(at(23, 9))]
        report = evaluate(self.POLICY, events, now=at(23, 10))
        assert [("before_created", 0, at(23, 8))] == [
            (p.code, p.index, p.at) for p in report.problems
        ]
        assert "on_track" == report["first_reply"].status

    def test_same_instant_before_created(self):
        """An event given before 'created' at the same instant is before it."""
        events = [reply(at(23, 9)), created(at(23, 9))]
        assert ["before_created"] == [
            p.code for p in evaluate(self.POLICY, events, now=at(23, 10)).problems
        ]

    def test_two_created(self):
        """A second creation is reported and ignored."""
        events = [created(at(23, 9)), created(at(23, 10), priority="urgent")]
        report = evaluate(self.POLICY, events, now=at(23, 11))
        assert [("duplicate_created", 1)] == [(p.code, p.index) for p in report.problems]
        assert "normal" == report.priority

    def test_after_closed(self):
        """Events after closing are reported and ignored."""
        events = [
            created(at(23, 9)),
            status(at(23, 10), "closed"),
            reply(at(23, 11)),
            status(at(23, 12), "open"),
        ]
        report = evaluate(self.POLICY, events, now=at(23, 13))
        assert [("after_closed", 2), ("after_closed", 3)] == [
            (p.code, p.index) for p in report.problems
        ]
        assert "closed" == report.status
        assert "after the ticket was closed" in report.problems[0].message

    def test_no_created(self):
        """Without a creation there is nothing to measure: a ConfigError on 'events'."""
        with pytest.raises(ConfigError, match="no 'created' event") as info:
            evaluate(self.POLICY, [reply(at(23, 9))], now=at(23, 10))
        assert "events" == info.value.path

    def test_created_after_now(self):
        """A ticket created after now cannot be evaluated yet."""
        with pytest.raises(ConfigError, match="after now"):
            evaluate(self.POLICY, [created(at(23, 11))], now=at(23, 10))

    def test_events_after_now_are_not_counted(self):
        """Later events wait for a later now; the report says how many there were."""
        events = [created(at(23, 9)), reply(at(23, 12)), status(at(23, 14), "solved")]
        report = evaluate(self.POLICY, events, now=at(23, 10))
        assert (2, "on_track", "new") == (
            report.ignored,
            report["first_reply"].status,
            report.status,
        )


class TestInputs:
    """Arguments are checked."""

    def test_naive_now(self):
        """The evaluation instant must be aware."""
        with pytest.raises(NaiveDatetimeError):
            evaluate(TestProblems.POLICY, [created(at(23, 9))], now=datetime(2026, 11, 23))  # noqa: DTZ001

    def test_types(self):
        """A policy dict, a lone event or a dict in the list are TypeErrors."""
        with pytest.raises(TypeError, match="policy"):
            evaluate({}, [], now=at(23, 9))  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="iterable"):
            evaluate(TestProblems.POLICY, created(at(23, 9)), now=at(23, 9))  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"events\[1\]"):
            evaluate(TestProblems.POLICY, [created(at(23, 9)), {}], now=at(23, 9))  # type: ignore[list-item]

    def test_unsorted_mixed_zones(self):
        """Events in any order and any zone give the same report."""
        events = [created(at(23, 9)), reply(at(23, 10)), message(at(23, 11)), reply(at(23, 12))]
        mixed = [
            events[3].__class__(events[3].at.astimezone(UTC), "agent_reply"),
            events[2],
            events[0],
            events[1],
        ]
        a = evaluate(TestReplyMetrics.POLICY, events, now=at(23, 13))
        b = evaluate(TestReplyMetrics.POLICY, mixed, now=at(23, 13))
        assert a == b

    def test_output_in_the_zone_of_now(self):
        """The report's instants are in the zone of now."""
        tokyo = zone("Asia/Tokyo")
        report = evaluate(
            TestProblems.POLICY, [created(at(23, 9))], now=at(23, 10).astimezone(tokyo)
        )
        assert tokyo is report["first_reply"].deadline.tzinfo
        assert at(23, 13) == report["first_reply"].deadline


class TestSlowCalendarPath:
    """Calendars without BusinessCalendar's compiled timeline go through the public API."""

    class Wrapped:
        """Only the public methods of a business calendar."""

        def __init__(self, cal):
            self._cal = cal

        def add(self, t, d):  # noqa: D102
            return self._cal.add(t, d)

        def elapsed(self, a, b):  # noqa: D102
            return self._cal.elapsed(a, b)

        def is_open(self, t):  # noqa: D102
            return self._cal.is_open(t)

        def next_open(self, t):  # noqa: D102
            return self._cal.next_open(t)

        def intervals(self, a, b):  # noqa: D102
            return self._cal.intervals(a, b)

        def to_dict(self):  # noqa: D102
            return self._cal.to_dict()

    def test_same_answers(self):
        """The public-API path and the compiled path agree."""
        events = [
            created(at(20, 16.5)),
            status(at(20, 16.75), "pending"),
            status(at(23, 10), "open"),
            reply(at(23, 11)),
        ]
        targets = [
            Target("first_reply", 4 * H, OFFICE),
            Target("requester_wait", 3 * H, OFFICE),
            Target("agent_work", timedelta(0), OFFICE),
        ]
        slow = [Target(t.metric, t.within, self.Wrapped(OFFICE)) for t in targets]
        fast_report = evaluate(policy_of(*targets), events, now=at(23, 15))
        slow_report = evaluate(policy_of(*slow), events, now=at(23, 15))
        assert [c.to_dict() for m in fast_report for c in m.cycles] == [
            c.to_dict() for m in slow_report for c in m.cycles
        ]


class TestReport:
    """The report's helpers and value contract."""

    POLICY = policy_of(
        Target("first_reply", 4 * H), Target("requester_wait", 2 * H), Target("resolution", 8 * H)
    )
    EVENTS = (created(at(23, 9)), status(at(23, 10), "pending"))

    def test_helpers(self):
        """Iteration, membership, breached metrics and the next deadline."""
        report = evaluate(self.POLICY, self.EVENTS, now=at(23, 14))
        assert ["first_reply", "requester_wait", "resolution"] == [m.metric for m in report]
        assert "first_reply" in report
        assert ("first_reply",) == report.breached
        assert at(23, 17) == report.next_deadline
        assert report["requester_wait"].current.active

    def test_no_next_deadline(self):
        """With nothing running there is no next deadline."""
        events = [*self.EVENTS, status(at(23, 11), "solved")]
        assert evaluate(self.POLICY, events, now=at(23, 14)).next_deadline is None

    def test_to_dict(self):
        """The report is plain JSON types."""
        data = evaluate(self.POLICY, [*self.EVENTS, reply(at(23, 8))], now=at(23, 11)).to_dict()
        assert "2026-11-23T11:00:00+01:00" == data["now"]
        wait = data["metrics"]["requester_wait"]
        assert {"within": "PT2H", "warn_at": 0.75} == wait["target"]
        assert [{"start": "2026-11-23T10:00:00+01:00", "end": None, "status": "pending"}] == (
            wait["cycles"][0]["paused"]
        )
        assert "PT1H" == wait["cycles"][0]["elapsed"]
        assert "before_created" == data["problems"][0]["code"]
        import json  # noqa: PLC0415

        assert data == json.loads(json.dumps(data))

    def test_value_contract(self):
        """Reports are frozen values that pickle and copy."""
        report = evaluate(self.POLICY, self.EVENTS, now=at(23, 14))
        assert report == pickle.loads(pickle.dumps(report))  # noqa: S301 - own data
        assert report == copy.deepcopy(report)
        assert "SLAReport(" in repr(report)
        assert isinstance(report, SLAReport)
        with pytest.raises(AttributeError):
            report.now = at(23, 15)  # type: ignore[misc]
