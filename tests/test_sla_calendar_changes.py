"""SLA clocks on calendars that change over time (``BusinessCalendar(changes=...)``).

A calendar edit in a help desk is a change effective from a date: what happened before
that date was measured on the old hours and stays so. ``evaluate`` needs nothing new
for this; these tests prove what follows (and what does not):

* a change effective after ``now`` leaves everything measured up to ``now`` equal:
  elapsed time, statuses, stopped cycles, and every deadline that falls before the
  change takes effect; only the projected deadline of a cycle still running that
  reaches past the change follows the new hours (as Jira Service Management
  recalculates the SLAs of a calendar it edits);
* a change effective after a cycle stopped leaves that cycle's elapsed time and its
  deadline when that deadline had passed by then (every missed cycle).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from servicekit.hours import BusinessCalendar, Change
from servicekit.sla import METRICS, Policy, Target, TicketEvent, evaluate
from strategies_sla import BASE, PRIORITIES, instants, tickets

UTC = timezone.utc
H = timedelta(hours=1)
PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BASES = (
    ("Europe/Berlin", {"mon-fri": ["09:00-17:00"]}),
    ("America/New_York", {"mon-sat": ["20:00-04:00"]}),
    ("Europe/Berlin", {"mon-fri": ["09:00-12:00", "13:00-17:00"], "sat": ["10:00-14:00"]}),
)
NEW_HOURS = (
    {"mon-fri": ["08:00-18:00"]},
    {"mon-sun": ["22:00-06:00"]},
    {"tue-thu": ["10:00-11:00"]},
    "24/7",
)
WITHINS = tuple(timedelta(minutes=m) for m in (1, 30, 120, 480, 1440, 4320))


def _policy(calendar: BusinessCalendar, withins: list[timedelta]) -> Policy:
    return Policy(
        "desk",
        {
            p: [Target(m, w, calendar, warn_at=0.75) for m, w in zip(METRICS, withins, strict=True)]
            for p in PRIORITIES
        },
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple:
    """An old and a changed calendar, a policy on each, the change's first instant."""
    tz, hours = draw(st.sampled_from(BASES))
    holidays = [
        (BASE.date() + timedelta(days=n)).isoformat()
        for n in draw(st.lists(st.integers(0, 20), max_size=2))
    ]
    old = BusinessCalendar.from_dict({"timezone": tz, "hours": hours, "holidays": holidays})
    effective = BASE.date() + timedelta(days=draw(st.integers(0, 20)))
    new_holidays = draw(st.sampled_from((None, [effective + timedelta(days=1)])))
    change = Change(effective, hours=draw(st.sampled_from(NEW_HOURS)), holidays=new_holidays)
    changed = BusinessCalendar(tz, hours, holidays=old.holidays, changes=[change])
    withins = [draw(st.sampled_from(WITHINS)) for _ in METRICS]
    # The first instant whose open time can differ: midnight starting the change date.
    first = datetime.combine(effective, time(), tzinfo=old.zone)
    return _policy(old, withins), _policy(changed, withins), first


def _without_deadline(cycle) -> dict:
    out = cycle.to_dict()
    del out["deadline"]
    return out


def _pairs(before, after):
    for metric in METRICS:
        if metric not in before:
            assert metric not in after
            continue
        assert len(before[metric].cycles) == len(after[metric].cycles)
        yield from zip(before[metric].cycles, after[metric].cycles, strict=True)


class TestChangeAfterNow:
    """A calendar change effective after ``now``."""

    @PROPS
    @given(scenario=scenarios(), events=tickets(), now=instants(days=20))
    def test_everything_measured_up_to_now_is_equal(self, scenario, events, now):
        """Statuses, elapsed time, stopped cycles and past deadlines do not move."""
        old, changed, first = scenario
        assume(now < first)
        assume(events[0].at <= now)
        before = evaluate(old, events, now)
        after = evaluate(changed, events, now)
        assert before.problems == after.problems
        for a, b in _pairs(before, after):
            assert _without_deadline(a) == _without_deadline(b)
            for deadline in (a.deadline, b.deadline):
                if deadline is not None and deadline < first:
                    assert a.deadline == b.deadline
        for metric in METRICS:
            if metric in before:
                assert before[metric].status == after[metric].status


class TestChangeAfterACycle:
    """A calendar change effective after a cycle stopped."""

    @PROPS
    @given(scenario=scenarios(), events=tickets(), now=instants(days=30))
    def test_stopped_cycles_keep_their_elapsed_time_and_passed_deadline(
        self, scenario, events, now
    ):
        """Elapsed time stays; so does a deadline that had passed when the cycle stopped."""
        old, changed, first = scenario
        assume(events[0].at <= now)
        before = evaluate(old, events, now)
        after = evaluate(changed, events, now)
        for a, b in _pairs(before, after):
            if a.stop is None or a.stop >= first:
                continue
            assert a.elapsed == b.elapsed
            assert a.status == b.status
            if a.deadline is not None and a.deadline <= a.stop:
                assert a.deadline == b.deadline
            if a.status == "missed":
                assert a.deadline == b.deadline


# ---------------------------------------------------------------------- JSM's example
# Jira Service Management ships a "Sample 9-5 calendar" (09:00-17:00, Monday to
# Friday) and, when a calendar is edited, recalculates the SLAs linked to it
# (https://confluence.atlassian.com/servicemanagementserver0509/create-and-edit-sla-calendars-1252003187.html).
# Here the desk edits that calendar to 08:00-18:00 from Monday 1 March 2027.
SAMPLE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
EDITED = {**SAMPLE, "changes": [{"effective": "2027-03-01", "hours": {"mon-fri": ["08:00-18:00"]}}]}


def _at(*args: int) -> datetime:
    return datetime(*args, tzinfo=BusinessCalendar.from_dict(SAMPLE).zone)


def _first_reply(doc: dict, events: list[TicketEvent], now: datetime):
    calendar = BusinessCalendar.from_dict(doc)
    policy = Policy("desk", {"normal": [Target("first_reply", 8 * H, calendar)]})
    return evaluate(policy, events, now)["first_reply"].cycles[-1]


class TestJsmRecalculation:
    """Completed cycles stay as they were; the ongoing one is recalculated."""

    def test_completed_cycle_stays(self):
        """Replied on Friday, before the edit: 4 h elapsed, deadline Friday 14:00, met."""
        events = [
            TicketEvent(_at(2027, 2, 25, 14), "created", priority="normal"),
            TicketEvent(_at(2027, 2, 26, 10), "agent_reply"),
        ]
        now = _at(2027, 3, 1, 12)
        for doc in (SAMPLE, EDITED):
            cycle = _first_reply(doc, events, now)
            assert (cycle.elapsed, cycle.deadline, cycle.status) == (
                4 * H,
                _at(2027, 2, 26, 14),
                "met",
            )

    def test_ongoing_cycle_is_recalculated(self):
        """Created Friday 15:00, no reply by Monday noon: the new hours count from Monday."""
        events = [TicketEvent(_at(2027, 2, 26, 15), "created", priority="normal")]
        now = _at(2027, 3, 1, 12)
        before = _first_reply(SAMPLE, events, now)
        after = _first_reply(EDITED, events, now)
        assert (before.elapsed, before.deadline) == (5 * H, _at(2027, 3, 1, 15))
        assert (after.elapsed, after.deadline) == (6 * H, _at(2027, 3, 1, 14))
        # Seen on Friday, before the edit takes effect, the clock is the same (1 h);
        # the projected deadline already uses Monday's new hours.
        friday = _at(2027, 2, 26, 16)
        assert _first_reply(SAMPLE, events, friday).elapsed == H
        assert _first_reply(EDITED, events, friday).elapsed == H
        assert _first_reply(EDITED, events, friday).deadline == _at(2027, 3, 1, 14)

    def test_a_met_cycle_whose_target_would_run_out_after_the_edit(self):
        """A met cycle's would-be deadline past the edit follows the new hours."""
        events = [
            TicketEvent(_at(2027, 2, 26, 15), "created", priority="normal"),
            TicketEvent(_at(2027, 2, 26, 16), "agent_reply"),
        ]
        now = _at(2027, 3, 2, 12)
        before = _first_reply(SAMPLE, events, now)
        after = _first_reply(EDITED, events, now)
        assert before.elapsed == after.elapsed == H
        assert before.status == after.status == "met"
        assert (before.deadline, after.deadline) == (_at(2027, 3, 1, 15), _at(2027, 3, 1, 14))

    def test_dates_are_local(self):
        """The edit applies from midnight of 1 March in the calendar's zone."""
        assert date(2027, 3, 1) == BusinessCalendar.from_dict(EDITED).changes[0].effective
        assert _at(2027, 3, 1).astimezone(UTC) == datetime(2027, 2, 28, 23, tzinfo=UTC)
