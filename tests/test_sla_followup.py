"""Tests for servicekit.sla follow-ups."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given

from servicekit.exceptions import ConfigError, NaiveDatetimeError
from servicekit.hours import BusinessCalendar
from servicekit.sla import (
    TRIGGERS,
    FollowUp,
    FollowUpRule,
    TicketEvent,
    faq_answer_check,
    satisfaction_check,
    schedule_follow_ups,
)
from strategies_sla import OFFICE, instants

UTC = timezone.utc
H = timedelta(hours=1)
T = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday


def ev(hours, kind, **kw):
    """An event ``hours`` after T."""
    return TicketEvent(T + timedelta(hours=hours), kind, **kw)


def st_(hours, status):
    """A status event ``hours`` after T."""
    return ev(hours, "status", status=status)


CREATED = ev(0, "created", priority="normal")


def summary(follow_ups):
    """(rule, status, due offset in hours) of each follow-up."""
    return [(f.rule, f.status, (f.due - T) / H) for f in follow_ups]


class TestSatisfactionCheck:
    """Ask 48 h after solved; cancelled if the ticket reopens."""

    def test_scheduled_then_due(self):
        """Scheduled until 48 h after solving, then due."""
        events = [CREATED, ev(1, "agent_reply"), st_(2, "solved")]
        assert [("satisfaction_check", "scheduled", 50.0)] == summary(
            schedule_follow_ups([satisfaction_check()], events, T + 49 * H)
        )
        assert [("satisfaction_check", "due", 50.0)] == summary(
            schedule_follow_ups([satisfaction_check()], events, T + 50 * H)
        )

    def test_reopen_cancels_and_the_next_solve_schedules_again(self):
        """A reopen before the check cancels it; solving again schedules a new one."""
        events = [
            CREATED,
            st_(2, "solved"),
            ev(10, "customer_message"),
            st_(10, "open"),
            st_(12, "solved"),
        ]
        out = schedule_follow_ups([satisfaction_check()], events, T + 100 * H)
        assert [
            ("satisfaction_check", "cancelled", 50.0),
            ("satisfaction_check", "due", 60.0),
        ] == summary(out)
        assert (T + 10 * H, "reopened") == (out[0].ended_at, out[0].ended_by)

    def test_reopen_after_the_check_does_not_cancel_it(self):
        """A check that was already due stays due."""
        events = [CREATED, st_(2, "solved"), st_(60, "open")]
        assert [("satisfaction_check", "due", 50.0)] == summary(
            schedule_follow_ups([satisfaction_check()], events, T + 100 * H)
        )

    def test_closing_does_not_cancel(self):
        """Closing a solved ticket is not a reopen."""
        events = [CREATED, st_(2, "solved"), st_(20, "closed")]
        assert ["due"] == [
            f.status for f in schedule_follow_ups([satisfaction_check()], events, T + 60 * H)
        ]

    def test_business_hours(self):
        """On a business calendar the 48 h are business hours."""
        rule = satisfaction_check(calendar=OFFICE)
        out = schedule_follow_ups([rule], [CREATED, st_(0, "solved")], T)
        # Monday 10:00 Berlin + 48 business hours (6 days of 8 h) = next Tuesday 10:00.
        assert datetime(2026, 12, 1, 9, tzinfo=UTC) == out[0].due

    def test_events_after_now_are_not_counted(self):
        """A solve after now has not happened yet."""
        assert () == schedule_follow_ups([satisfaction_check()], [CREATED, st_(5, "solved")], T + H)


class TestFaqCheck:
    """Check that a help-article answer helped."""

    def test_tagged_reply_triggers(self):
        """Only replies tagged faq or kb start a check."""
        events = [CREATED, ev(1, "agent_reply"), ev(2, "agent_reply", tags=("kb",))]
        assert [("faq_answer_check", "due", 26.0)] == summary(
            schedule_follow_ups([faq_answer_check()], events, T + 30 * H)
        )

    def test_customer_answer_cancels(self):
        """A customer message before the check makes it unnecessary."""
        events = [CREATED, ev(1, "agent_reply", tags=("faq",)), ev(5, "customer_message")]
        out = schedule_follow_ups([faq_answer_check()], events, T + 30 * H)
        assert [("cancelled", "customer_message")] == [(f.status, f.ended_by) for f in out]

    def test_second_article_supersedes(self):
        """A second article answer before the first check replaces it."""
        events = [CREATED, ev(1, "agent_reply", tags=("faq",)), ev(5, "agent_reply", tags=("faq",))]
        out = schedule_follow_ups([faq_answer_check()], events, T + 30 * H)
        assert [("superseded", 25.0), ("due", 29.0)] == [(f.status, (f.due - T) / H) for f in out]
        assert "agent_reply" == out[0].ended_by

    def test_custom_tags(self):
        """The tags that mark an article answer are configurable."""
        events = [CREATED, ev(1, "agent_reply", tags=("help-center",))]
        assert 1 == len(
            schedule_follow_ups([faq_answer_check(tags=["help-center"])], events, T + H)
        )


class TestRules:
    """Rule values, triggers and dicts."""

    def test_status_trigger_matches_entering_only(self):
        """Setting pending twice starts one follow-up; reopened is solved to unsolved."""
        nudge = FollowUpRule("nudge", 24 * H, "pending", unless="customer_message")
        events = [CREATED, st_(1, "pending"), st_(2, "pending")]
        assert [("nudge", "scheduled", 25.0)] == summary(
            schedule_follow_ups([nudge], events, T + 3 * H)
        )
        reopened = FollowUpRule("sorry", H, "reopened")
        events = [CREATED, st_(1, "pending"), st_(2, "open"), st_(3, "solved"), st_(4, "pending")]
        assert [("sorry", "due", 5.0)] == summary(
            schedule_follow_ups([reopened], events, T + 9 * H)
        )

    def test_trigger_in_its_own_unless(self):
        """An event that both cancels and triggers cancels the old one and starts anew."""
        rule = FollowUpRule("ping", 10 * H, "customer_message", unless=("customer_message",))
        events = [CREATED, ev(1, "customer_message"), ev(2, "customer_message")]
        out = schedule_follow_ups([rule], events, T + 3 * H)
        assert [("ping", "cancelled", 11.0), ("ping", "scheduled", 12.0)] == summary(out)

    def test_order_and_keys(self):
        """Follow-ups come by due instant, then rule order; keys are stable."""
        a = FollowUpRule("a", 2 * H, "created")
        b = FollowUpRule("b", H, "created")
        c = FollowUpRule("c", 2 * H, "created")
        out = schedule_follow_ups([a, b, c], [CREATED], T)
        assert ["b", "a", "c"] == [f.rule for f in out]
        assert "a@2026-11-23T09:00:00+00:00" == out[1].key
        data = out[1].to_dict()
        assert ("a", "scheduled", None) == (data["rule"], data["status"], data["ended_at"])

    def test_round_trip(self):
        """from_dict reads to_dict, calendars included, or by name."""
        rule = FollowUpRule("x", H, "solved", calendar=OFFICE, unless=("reopened",), tags=("vip",))
        assert rule == FollowUpRule.from_dict(rule.to_dict())
        named = FollowUpRule.from_dict(
            {"name": "x", "after": "PT1H", "trigger": "solved", "calendar": "office"},
            calendars={"office": OFFICE},
        )
        assert OFFICE is named.calendar
        plain = FollowUpRule("y", H, "created")
        assert {"name": "y", "after": "PT1H", "trigger": "created"} == plain.to_dict()

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ([], "r"),
            ({"after": "PT1H", "trigger": "solved"}, "r.name"),
            ({"name": "x", "trigger": "solved"}, "r.after"),
            ({"name": "x", "after": "PT1H"}, "r.trigger"),
            ({"name": 1, "after": "PT1H", "trigger": "solved"}, "r.name"),
            ({"name": "", "after": "PT1H", "trigger": "solved"}, "r.name"),
            ({"name": "x", "after": "1h", "trigger": "solved"}, "r.after"),
            ({"name": "x", "after": "-PT1H", "trigger": "solved"}, "r.after"),
            ({"name": "x", "after": "PT1H", "trigger": "done"}, "r.trigger"),
            ({"name": "x", "after": "PT1H", "trigger": "solved", "unless": "reopened"}, "r.unless"),
            (
                {"name": "x", "after": "PT1H", "trigger": "solved", "unless": ["gone"]},
                "r.unless[0]",
            ),
            ({"name": "x", "after": "PT1H", "trigger": "solved", "tags": [""]}, "r.tags[0]"),
            (
                {"name": "x", "after": "PT1H", "trigger": "solved", "calendar": "office"},
                "r.calendar",
            ),
            ({"name": "x", "after": "PT1H", "trigger": "solved", "when": 1}, "r.when"),
        ],
    )
    def test_from_dict_errors(self, data, path):
        """Every bad field is a ConfigError with its path."""
        with pytest.raises(ConfigError) as info:
            FollowUpRule.from_dict(data, path="r")
        assert path == info.value.path

    def test_types(self):
        """Wrong types are TypeErrors."""
        with pytest.raises(TypeError):
            FollowUpRule("x", 3600, "solved")  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            FollowUpRule("x", H, 3)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            FollowUpRule(None, H, "solved")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"rules\[0\]"):
            schedule_follow_ups(["x"], [CREATED], T)  # type: ignore[list-item]
        with pytest.raises(NaiveDatetimeError):
            schedule_follow_ups([], [CREATED], datetime(2026, 1, 1))  # noqa: DTZ001

    def test_triggers(self):
        """The trigger vocabulary: kinds, statuses entered, reopened."""
        assert "status" not in TRIGGERS
        assert {"solved", "reopened", "agent_reply"} <= set(TRIGGERS)

    def test_contract(self):
        """Rules and follow-ups are frozen values that pickle."""
        rule = satisfaction_check()
        assert rule == pickle.loads(pickle.dumps(rule))  # noqa: S301 - own data
        f = schedule_follow_ups([rule], [CREATED, st_(1, "solved")], T + H)[0]
        assert isinstance(f, FollowUp)
        assert f == pickle.loads(pickle.dumps(f))  # noqa: S301 - own data
        assert hash(f) == hash(pickle.loads(pickle.dumps(f)))  # noqa: S301 - own data

    @given(instants())
    def test_output_zone(self, now):
        """Instants come back in the zone of now."""
        events = [
            TicketEvent(now - 50 * H, "created", priority="n"),
            TicketEvent(now - 49 * H, "status", status="solved"),
        ]
        out = schedule_follow_ups([satisfaction_check()], events, now)
        assert now.tzinfo is out[0].due.tzinfo
        assert "due" == out[0].status

    def test_calendar_zone_independent(self):
        """A calendar in another zone computes the same due instant."""
        tokyo = BusinessCalendar.from_dict({"timezone": "Asia/Tokyo", "hours": "24/7"})
        rule = FollowUpRule("x", 5 * H, "created", calendar=tokyo)
        assert T + 5 * H == schedule_follow_ups([rule], [CREATED], T)[0].due


def test_a_field_event_on_priority_is_a_priority_trigger() -> None:
    """A field event on priority acts as a priority event for follow-up rules too."""
    t = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
    events = [
        TicketEvent(t, "created", priority="normal"),
        TicketEvent(t + timedelta(hours=1), "field", field="priority", value="urgent"),
        TicketEvent(t + timedelta(hours=2), "field", field="group", value="billing"),
    ]
    on_priority = FollowUpRule("escalate", timedelta(minutes=30), "priority")
    on_field = FollowUpRule("audit", timedelta(minutes=10), "field")
    out = schedule_follow_ups([on_priority, on_field], events, t + timedelta(days=1))
    assert [(f.rule, f.trigger_at - t) for f in out] == [
        ("audit", timedelta(hours=1)),
        ("escalate", timedelta(hours=1)),
        ("audit", timedelta(hours=2)),
    ]
    # Cancelling works the same way: a priority change through a field event ends a
    # follow-up that a priority event would end.
    nudge = FollowUpRule("nudge", timedelta(hours=4), "created", unless=["priority"])
    (cancelled,) = schedule_follow_ups([nudge], events, t + timedelta(days=1))
    assert (cancelled.status, cancelled.ended_by) == ("cancelled", "priority")
