"""The built-in flows walked through their happy paths and main failures."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from servicekit.exceptions import InfeasibleError, TransitionError
from servicekit.hours import BusinessCalendar
from servicekit.onboarding import Cancel, Flow, Notify, Schedule, Send
from servicekit.onboarding.flows import (
    COOLDOWN,
    FOLLOW_UP_AFTER,
    STALL_AFTER,
    complaint,
    downline_member,
    investment,
)
from strategies_onboarding import AT

H = timedelta(hours=1)
D = timedelta(days=1)


def run(flow, journey, *events, at=AT):
    """Fire events one hour apart; return the journey and all effects."""
    effects = []
    for i, item in enumerate(events):
        event, data = item if isinstance(item, tuple) else (item, None)
        step = flow.fire(journey, event, at + i * H, data)
        journey = step.journey
        effects.extend(step.effects)
    return journey, effects


def messages(effects, kind=Send):
    """Return the message ids of the effects of ``kind``."""
    return [e.message_id for e in effects if isinstance(e, kind)]


class TestInvestment:
    """registered -> verified -> package_chosen -> funded -> invested -> completed."""

    def test_happy_path(self):
        """Six instalments, receipts counted "2 of 6", then completed."""
        flow = investment()
        j = flow.start({"instalments_total": 6}, AT).journey
        steps = ["verification_passed", "choose_package", "top_up", "invest"] + [
            "pay_instalment"
        ] * 5
        j, effects = run(flow, j, *steps, "complete")
        assert "completed" == j.state
        assert 6 == j.count("instalments")
        receipts = [e for e in effects if isinstance(e, Send) and e.params]
        assert "Instalment 2 of 6 received. Thank you!" == receipts[1].text("en")
        assert "Взнос 6 из 6 получен. Спасибо!" == receipts[5].text("ru")

    def test_cannot_overpay_or_complete_early(self):
        """pay_instalment stops at the total; complete needs every instalment."""
        flow = investment()
        j = flow.start({"instalments_total": 2}, AT).journey
        j, _ = run(flow, j, "verification_passed", "choose_package", "top_up", "invest")
        assert ("requires every instalment paid (guard 'all_instalments_paid')",) == flow.why_not(
            j, "complete"
        )
        j, _ = run(flow, j, "pay_instalment", at=AT + D)
        with pytest.raises(TransitionError) as info:
            flow.fire(j, "pay_instalment", AT + 2 * D)
        assert "an instalment still open" in info.value.reasons[0]

    def test_skipping_a_step_is_refused(self):
        """Investing straight after registering is refused."""
        flow = investment()
        j = flow.start({}, AT).journey
        with pytest.raises(TransitionError) as info:
            flow.fire(j, "invest", AT)
        assert "no transition for 'invest' from 'registered'" in info.value.reasons[0]

    def test_verification_attempts(self):
        """Two failed checks ask again; the third closes the journey and tells the partner."""
        flow = investment()
        j = flow.start({}, AT).journey
        j, effects = run(flow, j, "verification_failed", "verification_failed")
        assert "registered" == j.state
        assert 2 == messages(effects).count(
            "We could not verify your identity. Please upload a clearer copy of your ID document."
        )
        j, effects = run(flow, j, "verification_failed", at=AT + D)
        assert "withdrawn" == j.state
        assert 3 == j.count("verification_attempts")
        assert [Notify] == [type(e) for e in effects if not isinstance(e, Cancel | Schedule)]

    def test_stall_reminders(self):
        """A stalled step reminds the customer and the partner; the cron job finds it."""
        flow = investment()
        j = flow.start({}, AT).journey
        j, _ = run(flow, j, "verification_passed")
        assert () == flow.due(j, AT + STALL_AFTER - timedelta(seconds=1))
        (due,) = flow.due(j, AT + STALL_AFTER + H)
        assert "stalled" == due.event
        step = flow.fire(j, due.event, due.due_at)
        assert Cancel("stalled") == step.effects[0]
        assert [
            (
                "A friendly reminder: your next step is still open. "
                "Reply to this message if you need help."
            )
        ] == messages(step.effects)
        assert 1 == step.journey.count("reminders")
        assert "partner" == next(e for e in step.effects if isinstance(e, Notify)).recipient
        assert Schedule("stalled", "stalled", due.due_at + STALL_AFTER) == step.effects[-1]
        assert () == flow.due(step.journey, due.due_at + STALL_AFTER - H)

    def test_stay_in_touch(self):
        """After investing, follow-ups come every 30 days."""
        flow = investment()
        j = flow.start({"instalments_total": 3}, AT).journey
        j, _ = run(flow, j, "verification_passed", "choose_package", "top_up", "invest")
        (due,) = flow.due(j, AT + 40 * D)
        assert "stay_in_touch" == due.event
        step = flow.fire(j, "stay_in_touch", due.due_at)
        assert [
            (
                "How are you getting on with your investment? "
                "Your partner is happy to answer any questions."
            )
        ] == messages(step.effects)

    def test_withdraw(self):
        """A customer may withdraw before investing, not after."""
        flow = investment()
        j = flow.start({}, AT).journey
        assert "withdrawn" == run(flow, j, "verification_passed", "withdraw")[0].state
        j, _ = run(flow, j, "verification_passed", "choose_package", "top_up", "invest")
        assert flow.why_not(j, "withdraw")

    def test_business_calendar_timers(self):
        """With a calendar, stall reminders count business time only."""
        cal = BusinessCalendar.from_dict(
            {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
        )
        flow = investment(stall_after=timedelta(hours=16), calendar=cal)
        friday = datetime(2026, 3, 6, 15, tzinfo=timezone.utc)  # 16:00 in Berlin
        (schedule,) = flow.start({}, friday).effects
        # Friday 16-17 (1 h), Monday 9-17 (8 h), Tuesday 9-16 (7 h): Tuesday 16:00 Berlin.
        assert datetime(2026, 3, 10, 15, tzinfo=timezone.utc) == schedule.due_at


class TestInvestmentClaims:
    """The three misconceptions of issue 7."""

    def test_owns_shares(self):
        """Topped up is not owning shares; investing is."""
        flow = investment()
        j = flow.start({"instalments_total": 6}, AT).journey
        j, _ = run(flow, j, "verification_passed", "choose_package", "top_up")
        verdict = flow.check_claim(j, "owns_shares")
        assert not verdict.supported
        assert verdict.explanation.startswith(
            "Your balance is topped up, but no package has been bought yet"
        )
        assert flow.check_claim(j, "owns_shares", "de").explanation.startswith(
            "Ihr Guthaben ist aufgeladen, aber es wurde noch kein Paket gekauft"
        )
        j, _ = run(flow, j, "invest", at=AT + D)
        assert flow.check_claim(j, "owns_shares", "it").supported

    def test_owns_shares_per_state(self):
        """Each step before investing has its own explanation; withdrawn has the default."""
        flow = investment()
        j = flow.start({}, AT).journey
        seen = {flow.check_claim(j, "owns_shares").explanation}
        for event in ["verification_passed", "choose_package"]:
            j, _ = run(flow, j, event, at=j.entered_at)
            seen.add(flow.check_claim(j, "owns_shares").explanation)
        j, _ = run(flow, j, "withdraw", at=j.entered_at)
        seen.add(flow.check_claim(j, "owns_shares").explanation)
        assert 4 == len(seen)
        assert "You do not own shares: no package has been bought." in seen

    def test_is_verified(self):
        """Registered is not verified."""
        flow = investment()
        j = flow.start({}, AT).journey
        verdict = flow.check_claim(j, "is_verified", "ru")
        assert not verdict.supported
        assert verdict.explanation.startswith("Вы зарегистрировались, но ваша личность")
        j, _ = run(flow, j, "verification_passed")
        assert (
            "Yes: your identity has been verified."
            == flow.check_claim(j, "is_verified").explanation
        )

    @pytest.mark.parametrize(
        ("paid", "text"),
        [
            (1, "Вы сами оплатили 1 взнос из 6;"),
            (2, "Вы сами оплатили 2 взноса из 6;"),
            (5, "Вы сами оплатили 5 взносов из 6;"),
        ],
    )
    def test_instalments_automatic_russian_plurals(self, paid, text):
        """Paying an instalment does not set up a direct debit; Russian plurals agree."""
        flow = investment()
        j = flow.start({"instalments_total": 6}, AT).journey
        events = ["verification_passed", "choose_package", "top_up", "invest"]
        j, _ = run(flow, j, *events, *["pay_instalment"] * (paid - 1))
        verdict = flow.check_claim(j, "instalments_automatic", "ru")
        assert not verdict.supported
        assert verdict.explanation.startswith(text)

    def test_instalments_automatic_after_direct_debit(self):
        """Once a direct debit is set up the claim holds; it cannot be set up twice."""
        flow = investment()
        j = flow.start({"instalments_total": 6}, AT).journey
        j, _ = run(
            flow,
            j,
            "verification_passed",
            "choose_package",
            "top_up",
            "invest",
            "set_up_direct_debit",
        )
        assert flow.check_claim(j, "instalments_automatic").supported
        assert "no direct debit set up yet" in flow.why_not(j, "set_up_direct_debit")[0]
        english = flow.check_claim(j, "instalments_automatic", "en").explanation
        assert (
            "Yes: a direct debit is set up, so your instalments are paid automatically." == english
        )


class TestDownlineMember:
    """invited -> welcomed -> first_call_booked -> first_call_done -> active."""

    def test_happy_path(self):
        """Welcome, how to reach the sponsor, office hours and FAQ go out on the way."""
        flow = downline_member()
        j = flow.start({"name": "Ada"}, AT).journey
        j, effects = run(flow, j, "welcome", "book_call", "call_held", "activate")
        assert "active" == j.state
        assert [
            "Welcome aboard!",
            (
                "How to reach your sponsor: write to them in the team chat, or call them during "
                "their office hours."
            ),
            (
                "Office hours: your sponsor is there for you every week at the times shown in the "
                "team calendar."
            ),
            "Here are the answers to the questions new team members ask most often.",
        ] == messages(effects)

    def test_no_show(self):
        """A missed first call goes back to booking and tells the sponsor."""
        flow = downline_member()
        j = flow.start({}, AT).journey
        j, effects = run(flow, j, "welcome", "book_call", "no_show")
        assert "welcomed" == j.state
        assert 1 == j.count("missed_calls")
        assert ["sponsor"] == [e.recipient for e in effects if isinstance(e, Notify)]

    def test_timers(self):
        """An unwelcomed member alerts the sponsor; an unbooked call nudges the member."""
        flow = downline_member()
        j = flow.start({}, AT).journey
        assert ["welcome_overdue"] == [d.event for d in flow.due(j, AT + D)]
        j, _ = run(flow, j, "welcome")
        assert ["nudge"] == [d.event for d in flow.due(j, AT + 3 * D)]

    def test_guidance_in_four_languages(self):
        """Every state's guidance exists in en, de, it, ru and differs from English."""
        flow = downline_member()
        j = flow.start({}, AT).journey
        english = flow.guidance(j, "en")
        for locale in ("de", "it", "ru"):
            assert english != flow.guidance(j, locale)

    def test_leave(self):
        """A member may leave at any step."""
        flow = downline_member()
        j = flow.start({}, AT).journey
        assert "left" == run(flow, j, "welcome", "leave")[0].state


class TestComplaint:
    """received -> ... -> followed up 48 h after resolution -> closed."""

    def test_calm_happy_path(self):
        """A calm message is answered at once; the follow-up comes 48 h after the remedy."""
        flow = complaint()
        j = flow.start({"angry": False}, AT).journey
        j, effects = run(flow, j, "triage", "describe", "agree_remedy", "remedy_done")
        assert "resolved" == j.state
        assert messages(effects)[0].startswith("Thank you for telling us.")
        done_at = j.entered_at
        assert () == flow.due(j, done_at + FOLLOW_UP_AFTER - timedelta(seconds=1))
        (due,) = flow.due(j, done_at + FOLLOW_UP_AFTER)
        assert "follow_up" == due.event
        j, effects = run(flow, j, "follow_up", "satisfied", at=due.due_at)
        assert "closed" == j.state
        assert [
            "Are you satisfied with how we resolved your complaint? Just reply yes or no."
        ] == messages(effects)

    def test_angry_cooldown_inside_promise(self):
        """An angry message waits for the cool-down; the team learns the reply window."""
        flow = complaint()
        j = flow.start({"angry": True}, AT).journey
        step = flow.fire(j, "triage", AT)
        assert "cooling_down" == step.journey.state
        notice = next(e for e in step.effects if isinstance(e, Notify))
        params = dict(notice.params)
        assert (AT + COOLDOWN).isoformat() == params["earliest"]
        assert (AT + timedelta(hours=24)).isoformat() == params["latest"]
        assert "reply after" in notice.text("en")
        assert messages(step.effects) == []  # no reply during the cool-down
        (due,) = flow.due(step.journey, AT + COOLDOWN)
        after = flow.fire(step.journey, due.event, due.due_at)
        assert "awaiting_details" == after.journey.state
        assert messages(after.effects)[0].startswith("Thank you for telling us.")

    def test_cooldown_must_fit(self):
        """A cool-down as long as the reply promise is refused."""
        with pytest.raises(InfeasibleError):
            complaint(cooldown=timedelta(hours=24), reply_within=timedelta(hours=24))

    def test_unsatisfied_reopens_and_incentive_once(self):
        """An unhappy answer reopens; an allowed incentive is offered once only."""
        flow = complaint()
        j = flow.start({"incentive": True}, AT).journey
        j, _ = run(flow, j, "triage", "describe", "agree_remedy", "remedy_done", "follow_up")
        j, effects = run(flow, j, "offer_incentive", at=j.entered_at)
        assert ["As an apology, we would like to offer you a small gift."] == messages(effects)
        assert flow.why_not(j, "offer_incentive")
        j, _ = run(flow, j, "unsatisfied", at=j.entered_at)
        assert "problem_understood" == j.state
        assert 1 == j.count("reopened")

    def test_no_incentive_without_permission(self):
        """Without context 'incentive' no incentive is offered."""
        flow = complaint()
        j = flow.start({}, AT).journey
        j, _ = run(flow, j, "triage", "describe", "agree_remedy", "remedy_done", "follow_up")
        assert "incentive allowed" in flow.why_not(j, "offer_incentive")[0]

    def test_reply_promise_and_reminders(self):
        """An untriaged complaint alerts the team; overdue remedies too."""
        flow = complaint()
        j = flow.start({}, AT).journey
        assert ["reply_overdue"] == [d.event for d in flow.due(j, AT + 24 * H)]
        j, _ = run(flow, j, "triage", "describe", "agree_remedy")
        assert ["remedy_overdue"] == [d.event for d in flow.due(j, AT + 3 * D)]

    def test_business_calendar(self):
        """With a calendar the cool-down and the reply window count business time."""
        cal = BusinessCalendar.from_dict({"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}})
        flow = complaint(calendar=cal, reply_within=timedelta(hours=8), cooldown=timedelta(hours=2))
        friday = datetime(2026, 3, 6, 16, tzinfo=timezone.utc)
        j = flow.start({"angry": True}, friday).journey
        step = flow.fire(j, "triage", friday)
        (schedule,) = [e for e in step.effects if isinstance(e, Schedule)]
        assert datetime(2026, 3, 9, 10, tzinfo=timezone.utc) == schedule.due_at


@pytest.mark.parametrize("factory", [investment, downline_member, complaint])
def test_builtins_round_trip_as_data(factory):
    """Every built-in flow survives to_dict/from_dict with its registries."""
    flow = factory()
    again = Flow.from_dict(flow.to_dict(), guards=flow.guards, effects=flow.effects)
    assert flow == again
