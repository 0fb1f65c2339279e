"""Manual due dates (issue 18, item 4): a deadline set by hand, as an event."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from servicekit.exceptions import ConfigError, NaiveDatetimeError
from servicekit.sla import Policy, Target, TicketEvent, evaluate, evaluate_many

UTC = timezone.utc
T = datetime(2026, 11, 16, 9, tzinfo=UTC)  # a Monday
H = timedelta(hours=1)
POLICY = Policy(
    "p",
    {
        "normal": [
            Target("first_reply", 4 * H),
            Target("next_reply", 4 * H),
            Target("resolution", 8 * H),
            Target("agent_work", 8 * H),
        ]
    },
)


def due(hours: float, metric: str, until: float) -> TicketEvent:
    """A due_date event at T + hours setting metric's deadline to T + until."""
    return TicketEvent(T + hours * H, "due_date", metric=metric, due=T + until * H)


def created() -> TicketEvent:
    """The ticket's creation at T."""
    return TicketEvent(T, "created", priority="normal")


class TestEvent:
    """The due_date event and its checks."""

    def test_round_trip(self):
        """The event writes metric and due, and reads them back."""
        event = due(1, "resolution", 30)
        data = event.to_dict()
        assert {"metric": "resolution", "due": "2026-11-17T15:00:00+00:00"}.items() <= data.items()
        assert event == TicketEvent.from_dict(json.loads(json.dumps(data)))

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"due": T}, "metric"),
            ({"metric": "", "due": T}, "metric"),
            ({"metric": "speed", "due": T}, "metric"),
            ({"metric": "resolution"}, "due"),
            ({"metric": "resolution", "due": datetime(1, 1, 1, tzinfo=timezone(H))}, "due"),
        ],
    )
    def test_config_errors(self, kwargs, path):
        """A due_date needs a known metric and an instant UTC can hold."""
        with pytest.raises(ConfigError) as info:
            TicketEvent(T, "due_date", **kwargs)
        assert path == info.value.path

    @pytest.mark.parametrize("field", ["metric", "due"])
    def test_other_kinds_carry_neither(self, field):
        """Only a due_date event carries metric and due."""
        value = "resolution" if field == "metric" else T
        with pytest.raises(ConfigError) as info:
            TicketEvent(T, "agent_reply", **{field: value})
        assert field == info.value.path

    def test_type_errors(self):
        """A naive due is a NaiveDatetimeError; a metric of the wrong type a TypeError."""
        with pytest.raises(NaiveDatetimeError):
            TicketEvent(T, "due_date", metric="resolution", due=datetime(2026, 11, 17))  # noqa: DTZ001
        with pytest.raises(TypeError):
            TicketEvent(T, "due_date", metric=3, due=T)

    @pytest.mark.parametrize(
        ("extra", "path"),
        [({"metric": 3}, "e.metric"), ({"metric": "resolution", "due": "soon"}, "e.due")],
    )
    def test_from_dict_paths(self, extra, path):
        """Malformed fields are named with their path."""
        with pytest.raises(ConfigError) as info:
            TicketEvent.from_dict(
                {"at": "2026-11-16T09:00:00Z", "kind": "due_date", **extra}, path="e"
            )
        assert path == info.value.path


class TestClocks:
    """How a deadline set by hand judges a cycle."""

    def test_first_reply_by_hand(self):
        """The deadline is the instant given; the report says it was set by hand."""
        events = [created(), due(1, "first_reply", 10)]
        cycle = evaluate(POLICY, events, T + 5 * H)["first_reply"].current
        assert (T + 10 * H, True, "on_track") == (
            cycle.deadline,
            cycle.deadline_by_hand,
            cycle.status,
        )
        assert cycle.to_dict()["deadline_by_hand"] is True
        assert "at_risk" == evaluate(POLICY, events, T + 8 * H)["first_reply"].status
        assert "breached" == evaluate(POLICY, events, T + 11 * H)["first_reply"].status
        computed = evaluate(POLICY, [created()], T + H)["first_reply"].current
        assert not computed.deadline_by_hand
        assert "deadline_by_hand" not in computed.to_dict()

    @pytest.mark.parametrize(("reply", "status"), [(9, "met"), (11, "missed")])
    def test_met_or_missed(self, reply, status):
        """A cycle that stopped is judged against the deadline set by hand."""
        events = [created(), due(1, "first_reply", 10), TicketEvent(T + reply * H, "agent_reply")]
        assert status == evaluate(POLICY, events, T + 12 * H)["first_reply"].status

    def test_next_cycle_and_replacement(self):
        """Between cycles a due date waits for the next one; a later one replaces it."""
        events = [
            created(),
            TicketEvent(T + H, "agent_reply"),
            due(2, "next_reply", 20),
            TicketEvent(T + 3 * H, "customer_message"),
            due(4, "next_reply", 30),
            due(4, "resolution", 40),
            due(50, "first_reply", 60),  # after the last first_reply cycle: no cycle
        ]
        report = evaluate(POLICY, events, T + 51 * H)
        assert T + 30 * H == report["next_reply"].cycles[0].deadline
        assert "breached" == report["next_reply"].status
        assert not report["first_reply"].cycles[0].deadline_by_hand
        assert T + 40 * H == report["resolution"].cycles[0].deadline

    def test_status_clock_paused_and_stopped(self):
        """A paused clock keeps its deadline set by hand; solving judges it."""
        events = [
            created(),
            due(1, "agent_work", 30),
            due(1, "resolution", 5),
            TicketEvent(T + 2 * H, "status", status="pending"),
        ]
        report = evaluate(POLICY, events, T + 3 * H)
        work = report["agent_work"].current
        assert ("paused", T + 30 * H) == (work.status, work.deadline)
        solved = [*events, TicketEvent(T + 6 * H, "status", status="solved")]
        report = evaluate(POLICY, solved, T + 7 * H)
        assert ("met", "missed") == (report["agent_work"].status, report["resolution"].status)

    def test_copies_and_problems(self):
        """A due date sent twice counts once; one before creation is reported."""
        early = TicketEvent(T - H, "due_date", metric="resolution", due=T)
        events = [created(), due(1, "resolution", 5), due(1, "resolution", 5), early]
        report = evaluate(POLICY, events, T + 2 * H)
        assert ["before_created", "duplicate_event"] == [p.code for p in report.problems]
        assert T + 5 * H == report["resolution"].deadline

    def test_batch_agrees(self):
        """evaluate_many reports what evaluate does."""
        events = [created(), due(1, "first_reply", 10), due(1, "agent_work", 2)]
        batch = evaluate_many(POLICY, [("a", events)], T + 3 * H, reports=True)
        assert evaluate(POLICY, events, T + 3 * H) == batch.reports["a"]
        rows = [r for r in batch.rows if r["metric"] == "agent_work"]
        assert ["breached"] == [r["status"] for r in rows]
