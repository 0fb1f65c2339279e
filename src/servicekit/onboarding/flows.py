"""Built-in flows: investment onboarding, a new downline member, a complaint.

Each function returns a fresh, validated :class:`~servicekit.onboarding.Flow`. Their
texts are message ids of the ``onboarding`` catalog, complete in English, German,
Italian and Russian. Durations are parameters; the defaults are assumptions a team
should replace with its own promises (each default names where it comes from).

Example:
    >>> from datetime import datetime, timezone
    >>> from servicekit.onboarding.flows import investment
    >>> flow = investment()
    >>> at = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> j = flow.start({"instalments_total": 6}, at).journey
    >>> flow.guidance(j, "de")[:47]
    'Willkommen! Bitte bestätigen Sie Ihre Identität'
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from servicekit._time import UTC as _UTC
from servicekit.i18n import N_, NP_
from servicekit.onboarding._flow import Flow, TimerCalendar
from servicekit.onboarding._model import (
    Claim,
    Effect,
    Guard,
    Journey,
    Notify,
    Requirement,
    Send,
    State,
    Timer,
    Transition,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from servicekit.sla._clock import CalendarLike as SlaCalendar

__all__ = ["complaint", "downline_member", "investment", "nested_investment"]

# ------------------------------------------------------------------ investment texts

_REGISTERED = N_(
    "Welcome! Please verify your identity: upload your ID document so that we know who you are."
)
_VERIFIED = N_("Your identity is verified. Next, choose the package that suits you.")
_PACKAGE_CHOSEN = N_("You have chosen a package. Next, top up your balance to fund it.")
_FUNDED = N_("Your balance is topped up. Confirm the purchase to invest in your package.")
_INVESTED = N_(
    "You are invested. Pay each instalment on time, or set up a direct debit so that "
    "instalments are paid automatically."
)
_COMPLETED = N_("All instalments are paid. Thank you for your trust!")
_WITHDRAWN = N_(
    "Your onboarding has been closed. Contact your partner if you would like to start again."
)
_STALL_REMINDER = N_(
    "A friendly reminder: your next step is still open. Reply to this message if you need help."
)
_STALL_PARTNER = N_(
    "A customer has not moved on for a while; please get in touch and help with the next step."
)
_VERIFY_RETRY = N_(
    "We could not verify your identity. Please upload a clearer copy of your ID document."
)
_VERIFY_GAVE_UP = N_(
    "Identity verification failed three times; please call the customer before anything else."
)
_RECEIPT = N_("Instalment {count} of {total} received. Thank you!")
_DIRECT_DEBIT = N_(
    "Your direct debit is set up: from now on your instalments are paid automatically."
)
_STAY_IN_TOUCH = N_(
    "How are you getting on with your investment? Your partner is happy to answer any questions."
)

_OWNS_HOLDS = N_("Yes: your package has been bought and the shares are yours.")
_OWNS_MISSING = N_("You do not own shares: no package has been bought.")
_OWNS_REGISTERED = N_(
    "You have registered, but you do not own shares yet: verify your identity, choose a "
    "package, top up your balance and confirm the purchase."
)
_OWNS_VERIFIED = N_(
    "You are verified, but you do not own shares yet: choose a package, top up your "
    "balance and confirm the purchase."
)
_OWNS_PACKAGE = N_(
    "You have chosen a package, but you do not own shares yet: top up your balance and "
    "confirm the purchase."
)
_OWNS_FUNDED = N_(
    "Your balance is topped up, but no package has been bought yet: the shares are yours "
    "once you confirm the purchase."
)
_VERIFIED_HOLDS = N_("Yes: your identity has been verified.")
_VERIFIED_MISSING = N_(
    "You have registered, but your identity has not been verified yet: upload your ID "
    "document to finish the verification."
)
_AUTO_HOLDS = N_("Yes: a direct debit is set up, so your instalments are paid automatically.")
_AUTO_MISSING = NP_(
    "You have paid {count} instalment of {instalments_total} yourself; the others are not "
    "debited automatically until you set up a direct debit.",
    "You have paid {count} instalments of {instalments_total} yourself; the others are not "
    "debited automatically until you set up a direct debit.",
)

#: How long a step may stall before a reminder goes out. An assumption (three days
#: is a common nudge interval in onboarding e-mail sequences); pass your own.
STALL_AFTER = timedelta(days=3)
#: How often to stay in touch after investing. An assumption (a monthly check-in);
#: pass your own.
STAY_IN_TOUCH_EVERY = timedelta(days=30)
#: Failed identity checks allowed before the journey closes. An assumption.
VERIFICATION_ATTEMPTS = 3


def _total(journey: Journey) -> int:
    total = journey.context.get("instalments_total", 1)
    return total if type(total) is int and total > 0 else 1


def _instalments_remaining(journey: Journey, _data: Mapping[str, Any]) -> bool:
    return journey.count("instalments") < _total(journey)


def _all_instalments_paid(journey: Journey, _data: Mapping[str, Any]) -> bool:
    return journey.count("instalments") >= _total(journey)


def _attempts_left(journey: Journey, _data: Mapping[str, Any]) -> bool:
    return journey.count("verification_attempts") + 1 < VERIFICATION_ATTEMPTS


def _no_attempts_left(journey: Journey, data: Mapping[str, Any]) -> bool:
    return not _attempts_left(journey, data)


def _no_direct_debit(journey: Journey, _data: Mapping[str, Any]) -> bool:
    return journey.count("direct_debits") == 0


def _receipt(journey: Journey, _data: Mapping[str, Any], _at: datetime) -> tuple[Effect, ...]:
    return (
        Send(_RECEIPT, params={"count": journey.count("instalments"), "total": _total(journey)}),
    )


def investment(
    *,
    stall_after: timedelta = STALL_AFTER,
    stay_in_touch_every: timedelta = STAY_IN_TOUCH_EVERY,
    calendar: TimerCalendar | None = None,
) -> Flow:
    """Return the investment onboarding flow.

    ``registered -> verified -> package_chosen -> funded -> invested -> completed``,
    with ``withdrawn`` as the way out before investing. Instalments are counted
    (``instalments`` of ``context["instalments_total"]``, each with a receipt);
    every step before ``invested`` reminds the customer and notifies the partner when
    it stalls for ``stall_after``; ``invested`` stays in touch every
    ``stay_in_touch_every``. Claims: ``owns_shares``, ``is_verified``,
    ``instalments_automatic``.

    Args:
        stall_after: the wait before a stall reminder.
        stay_in_touch_every: the interval of follow-ups after investing.
        calendar: count both in business time on this calendar (``None``: real time).
    """
    cal = None if calendar is None else "business"
    stall = (Timer("stalled", stall_after, "stalled", calendar=cal),)
    steps = ("registered", "verified", "package_chosen", "funded")
    guidance = (_REGISTERED, _VERIFIED, _PACKAGE_CHOSEN, _FUNDED)
    states = [State(s, guidance=g, timers=stall) for s, g in zip(steps, guidance, strict=True)]
    states += [
        State(
            "invested",
            guidance=_INVESTED,
            timers=[Timer("stay_in_touch", stay_in_touch_every, "stay_in_touch", calendar=cal)],
        ),
        State("completed", final=True, guidance=_COMPLETED),
        State("withdrawn", final=True, guidance=_WITHDRAWN),
    ]
    reminder = (Send(_STALL_REMINDER), Notify("partner", _STALL_PARTNER))
    transitions = [
        Transition("registered", "verification_passed", "verified"),
        Transition(
            "registered",
            "verification_failed",
            "registered",
            guards=["attempts_left"],
            effects=[Send(_VERIFY_RETRY)],
            counts=["verification_attempts"],
        ),
        Transition(
            "registered",
            "verification_failed",
            "withdrawn",
            guards=["no_attempts_left"],
            effects=[Notify("partner", _VERIFY_GAVE_UP)],
            counts=["verification_attempts"],
        ),
        Transition("verified", "choose_package", "package_chosen"),
        Transition("package_chosen", "top_up", "funded"),
        Transition("funded", "invest", "invested", counts=["instalments"], effects=["receipt"]),
        Transition(
            "invested",
            "pay_instalment",
            "invested",
            guards=["instalments_remaining"],
            counts=["instalments"],
            effects=["receipt"],
        ),
        Transition(
            "invested",
            "set_up_direct_debit",
            "invested",
            guards=["no_direct_debit"],
            counts=["direct_debits"],
            effects=[Send(_DIRECT_DEBIT)],
        ),
        Transition("invested", "complete", "completed", guards=["all_instalments_paid"]),
        Transition("invested", "stay_in_touch", "invested", effects=[Send(_STAY_IN_TOUCH)]),
    ]
    for step in steps:
        transitions.append(
            Transition(step, "stalled", step, effects=reminder, counts=["reminders"])
        )
        transitions.append(Transition(step, "withdraw", "withdrawn"))
    claims = [
        Claim(
            "owns_shares",
            [Requirement(_OWNS_MISSING, state="invested")],
            holds=_OWNS_HOLDS,
            explain={
                "registered": _OWNS_REGISTERED,
                "verified": _OWNS_VERIFIED,
                "package_chosen": _OWNS_PACKAGE,
                "funded": _OWNS_FUNDED,
            },
        ),
        Claim(
            "is_verified", [Requirement(_VERIFIED_MISSING, state="verified")], holds=_VERIFIED_HOLDS
        ),
        Claim(
            "instalments_automatic",
            [Requirement(_AUTO_MISSING, counter="direct_debits")],
            holds=_AUTO_HOLDS,
            count_by="instalments",
        ),
    ]
    return Flow(
        "investment",
        1,
        states=states,
        transitions=transitions,
        claims=claims,
        guards={
            "attempts_left": Guard(_attempts_left, "a verification attempt left"),
            "no_attempts_left": Guard(_no_attempts_left, "no verification attempt left"),
            "instalments_remaining": Guard(_instalments_remaining, "an instalment still open"),
            "all_instalments_paid": Guard(_all_instalments_paid, "every instalment paid"),
            "no_direct_debit": Guard(_no_direct_debit, "no direct debit set up yet"),
        },
        effects={"receipt": _receipt},
        calendars={} if calendar is None else {"business": calendar},
    )


def nested_investment(
    *, stall_after: timedelta = STALL_AFTER, calendar: TimerCalendar | None = None
) -> Flow:
    """The investment journey as a statechart (see the tutorial on nesting it).

    Verification and funding run in parallel (the parallel state ``onboarding``); once
    both regions reach their final states the event ``done.state.onboarding`` moves
    the journey on to ``paying``, a sub-journey of instalments. A journey can be put
    ``on_hold`` from anywhere in ``paying`` and ``resume`` where it left off (deep
    history). ``withdraw`` is declared once on ``onboarding`` and applies to every
    state inside it. The texts are those of :func:`investment`.

    Args:
        stall_after: when to remind a customer whose identity check stalls.
        calendar: a business calendar for that reminder (registered as ``"business"``).

    Example:
        >>> from datetime import datetime, timezone
        >>> flow = nested_investment()
        >>> at = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> j = flow.start({"instalments_total": 2}, at).journey
        >>> for event in ["verification_passed", "top_up"]:
        ...     j = flow.fire(j, event, at).journey
        >>> flow.configuration(j)
        ('instalment_due',)
        >>> j = flow.fire(flow.fire(j, "hold", at).journey, "resume", at).journey
        >>> flow.configuration(j)
        ('instalment_due',)
    """
    stall = [
        Timer("stalled", stall_after, "stalled", calendar=None if calendar is None else "business")
    ]
    states = [
        State(
            "onboarding",
            parallel=True,
            states=[
                State(
                    "verification",
                    states=[
                        State("checking_identity", guidance=_REGISTERED, timers=stall),
                        State("identity_verified", final=True),
                    ],
                ),
                State(
                    "funding",
                    states=[
                        State("awaiting_money", guidance=_PACKAGE_CHOSEN),
                        State("money_received", final=True, guidance=_FUNDED),
                    ],
                ),
            ],
        ),
        State(
            "paying",
            guidance=_INVESTED,
            states=[
                State("instalment_due"),
                State("instalments_paid", final=True),
                State("where_we_were", history="deep"),
            ],
        ),
        State("on_hold"),
        State("completed", final=True, guidance=_COMPLETED),
        State("withdrawn", final=True, guidance=_WITHDRAWN),
    ]
    transitions = [
        Transition("checking_identity", "verification_passed", "identity_verified"),
        Transition(
            "checking_identity", "stalled", "checking_identity", effects=[Send(_STALL_REMINDER)]
        ),
        Transition("awaiting_money", "top_up", "money_received"),
        Transition("onboarding", "withdraw", "withdrawn"),
        Transition("onboarding", "done.state.onboarding", "paying"),
        Transition(
            "instalment_due",
            "pay_instalment",
            "instalment_due",
            guards=["more_to_pay"],
            counts=["instalments"],
            effects=["receipt"],
        ),
        Transition(
            "instalment_due",
            "pay_instalment",
            "instalments_paid",
            counts=["instalments"],
            effects=["receipt"],
        ),
        Transition("paying", "done.state.paying", "completed"),
        Transition("paying", "hold", "on_hold"),
        Transition("on_hold", "resume", "where_we_were"),
    ]
    claims = [
        Claim(
            "is_verified",
            [Requirement(_VERIFIED_MISSING, state="identity_verified")],
            holds=_VERIFIED_HOLDS,
        ),
        Claim(
            "owns_shares",
            [Requirement(_OWNS_MISSING, state="paying")],
            holds=_OWNS_HOLDS,
            explain={"awaiting_money": _OWNS_VERIFIED, "money_received": _OWNS_FUNDED},
        ),
    ]
    return Flow(
        "nested_investment",
        1,
        states=states,
        transitions=transitions,
        claims=claims,
        guards={"more_to_pay": Guard(_more_to_pay, "more than one instalment still open")},
        effects={"receipt": _receipt},
        calendars={} if calendar is None else {"business": calendar},
    )


def _more_to_pay(journey: Journey, _data: Mapping[str, Any]) -> bool:
    return journey.count("instalments") + 1 < _total(journey)


# ------------------------------------------------------------------ downline member texts

_INVITED = N_("Welcome to the team! Your sponsor will get in touch with you shortly.")
_WELCOME = N_("Welcome aboard!")
_REACH_SPONSOR = N_(
    "How to reach your sponsor: write to them in the team chat, or call them during their "
    "office hours."
)
_WELCOME_OVERDUE = N_("A new team member has not been welcomed yet; please say hello today.")
_WELCOMED = N_("Book your first call with your sponsor: pick a time during their office hours.")
_BOOK_NUDGE = N_("Have you booked your first call yet? Your sponsor is looking forward to it.")
_CALL_BOOKED = N_(
    "Your first call is booked. Have your questions ready: the FAQ answers the most common ones."
)
_NO_SHOW = N_("The first call did not take place; please agree on a new time.")
_OFFICE_HOURS = N_(
    "Office hours: your sponsor is there for you every week at the times shown in the team "
    "calendar."
)
_FAQ = N_("Here are the answers to the questions new team members ask most often.")
_CALL_DONE = N_("Great start! Read the FAQ and join the weekly office hours.")
_CHECK_IN = N_("How is it going? Reply if you need help or would like to talk to your sponsor.")
_ACTIVE = N_("You are an active member of the team.")
_LEFT = N_("You have left the team. You are welcome back at any time.")

#: When the sponsor should have said hello. An assumption (within one day).
WELCOME_WITHIN = timedelta(days=1)
#: Nudge to book the first call. An assumption (two days).
BOOK_NUDGE_AFTER = timedelta(days=2)
#: Check in after the first call. An assumption (one week).
CHECK_IN_AFTER = timedelta(days=7)


def downline_member(
    *,
    welcome_within: timedelta = WELCOME_WITHIN,
    book_nudge_after: timedelta = BOOK_NUDGE_AFTER,
    check_in_after: timedelta = CHECK_IN_AFTER,
    calendar: TimerCalendar | None = None,
) -> Flow:
    """Return the flow for a new team member (downline).

    ``invited -> welcomed -> first_call_booked -> first_call_done -> active``, with
    ``left`` as the way out. Welcoming sends the welcome and how to reach the sponsor;
    the first call sends the office hours and the FAQ; a no-show goes back to
    ``welcomed`` (counted as ``missed_calls``) and tells the sponsor.

    Args:
        welcome_within: when to tell the sponsor the member is still not welcomed.
        book_nudge_after: when to nudge the member to book the first call.
        check_in_after: when to check in after the first call.
        calendar: count the timers in business time on this calendar.
    """
    cal = None if calendar is None else "business"
    states = [
        State(
            "invited",
            guidance=_INVITED,
            timers=[Timer("welcome_due", welcome_within, "welcome_overdue", calendar=cal)],
        ),
        State(
            "welcomed",
            guidance=_WELCOMED,
            timers=[Timer("book_nudge", book_nudge_after, "nudge", calendar=cal)],
        ),
        State("first_call_booked", guidance=_CALL_BOOKED),
        State(
            "first_call_done",
            guidance=_CALL_DONE,
            timers=[Timer("check_in", check_in_after, "check_in", calendar=cal)],
        ),
        State("active", final=True, guidance=_ACTIVE),
        State("left", final=True, guidance=_LEFT),
    ]
    transitions = [
        Transition(
            "invited", "welcome", "welcomed", effects=[Send(_WELCOME), Send(_REACH_SPONSOR)]
        ),
        Transition(
            "invited", "welcome_overdue", "invited", effects=[Notify("sponsor", _WELCOME_OVERDUE)]
        ),
        Transition("welcomed", "book_call", "first_call_booked"),
        Transition("welcomed", "nudge", "welcomed", effects=[Send(_BOOK_NUDGE)], counts=["nudges"]),
        Transition(
            "first_call_booked",
            "call_held",
            "first_call_done",
            effects=[Send(_OFFICE_HOURS), Send(_FAQ)],
        ),
        Transition(
            "first_call_booked",
            "no_show",
            "welcomed",
            effects=[Notify("sponsor", _NO_SHOW)],
            counts=["missed_calls"],
        ),
        Transition("first_call_done", "activate", "active"),
        Transition("first_call_done", "check_in", "first_call_done", effects=[Send(_CHECK_IN)]),
    ]
    transitions += [
        Transition(s, "leave", "left")
        for s in ("invited", "welcomed", "first_call_booked", "first_call_done")
    ]
    return Flow(
        "downline_member",
        1,
        states=states,
        transitions=transitions,
        calendars={} if calendar is None else {"business": calendar},
    )


# ------------------------------------------------------------------ complaint texts

_RECEIVED = N_("We have received your message and will reply shortly.")
_COOLING = N_("We are reading your message carefully and will reply shortly.")
_COOLDOWN_TEAM = N_(
    "An upset customer wrote in. Take a breath: reply after {earliest}, and by {latest} at "
    "the latest."
)
_REPLY_OVERDUE = N_("The reply promise for this complaint is running out; reply now.")
_ASK_PROBLEM = N_(
    "Thank you for telling us. What exactly went wrong? Please describe it in your own words."
)
_AWAITING = N_("Tell us what went wrong, in your own words.")
_DETAILS_REMINDER = N_("We would still like to hear what went wrong, so that we can put it right.")
_ASK_REMEDY = N_("Thank you, we understand the problem. What would make this right for you?")
_UNDERSTOOD = N_("Tell us what would make this right for you.")
_REMEDY_AGREED_MSG = N_("We have agreed on the remedy and will let you know as soon as it is done.")
_REMEDY_AGREED = N_("We are carrying out the agreed remedy.")
_REMEDY_OVERDUE = N_("The agreed remedy has not been carried out yet; please see to it.")
_REMEDY_DONE = N_("The agreed remedy is done. We will check in with you in two days.")
_RESOLVED = N_("The remedy is done; we will check in with you in two days.")
_SATISFACTION = N_("Are you satisfied with how we resolved your complaint? Just reply yes or no.")
_FOLLOWED_UP = N_("Tell us whether you are satisfied with the outcome.")
_REOPENED = N_("The customer is not satisfied with the remedy; the complaint is open again.")
_INCENTIVE = N_("As an apology, we would like to offer you a small gift.")
_CLOSED = N_("Your complaint is closed. Thank you for helping us improve.")

#: The reply promise. An assumption: the common help-desk e-mail promise of an answer
#: within 24 hours (as ``servicekit.sla.reply_window`` assumes).
REPLY_WITHIN = timedelta(hours=24)
#: The cool-down before answering an angry message. An assumption (two hours).
COOLDOWN = timedelta(hours=2)
#: Follow up 48 hours after the remedy is done (the rule stated in issue 7).
FOLLOW_UP_AFTER = timedelta(hours=48)
#: Remind the team when the agreed remedy is not done after this. An assumption.
REMEDY_DUE = timedelta(days=2)
#: Remind the customer to describe the problem after this. An assumption.
DETAILS_REMINDER_AFTER = timedelta(days=2)


def _is_angry(journey: Journey, _data: Mapping[str, Any]) -> bool:
    return journey.context.get("angry") is True


def _is_calm(journey: Journey, data: Mapping[str, Any]) -> bool:
    return not _is_angry(journey, data)


def _incentive_available(journey: Journey, _data: Mapping[str, Any]) -> bool:
    return journey.context.get("incentive") is True and journey.count("incentives") == 0


@attrs.frozen
class _CooldownNotice:
    """The complaint flow's effect factory: tell the team the reply window.

    A module-level class rather than a closure, so that the flow pickles like the
    other built-in flows (issue 14).
    """

    reply_within: timedelta
    cooldown: timedelta
    calendar: SlaCalendar | None

    def __call__(
        self, journey: Journey, _data: Mapping[str, Any], _at: datetime
    ) -> tuple[Effect, ...]:
        from servicekit.sla import reply_window  # noqa: PLC0415 - onboarding depends on sla lazily

        window = reply_window(
            journey.started_at,
            within=self.reply_within,
            cooldown=self.cooldown,
            calendar=self.calendar,
        )
        params = {"earliest": window.earliest.isoformat(), "latest": window.latest.isoformat()}
        return (Notify("team", _COOLDOWN_TEAM, params=params),)


def complaint(
    *,
    reply_within: timedelta = REPLY_WITHIN,
    cooldown: timedelta = COOLDOWN,
    follow_up_after: timedelta = FOLLOW_UP_AFTER,
    calendar: SlaCalendar | None = None,
) -> Flow:
    """Return the complaint flow.

    ``received -> awaiting_details -> problem_understood -> remedy_agreed -> resolved
    -> followed_up -> closed``. Triage sends a calm message straight to
    ``awaiting_details`` (asking what went wrong); an angry one
    (``context["angry"] is True``) waits in ``cooling_down`` for ``cooldown`` first,
    and the team is told the reply window from :func:`servicekit.sla.reply_window`,
    so the cool-down stays inside the reply promise. Timers count from entering their
    state, so fire ``triage`` when the message arrives (start the journey at its
    receipt time): the cool-down then ends at the window's ``earliest``. Triage late
    and the cool-down ends later by as much; the team's notice still names the window
    counted from receipt. ``follow_up_after`` the remedy is done, the satisfaction
    check goes out; an unhappy answer reopens the complaint and, if
    ``context["incentive"] is True``, one incentive may be offered.

    Args:
        reply_within: the reply promise.
        cooldown: the wait before answering an angry message; shorter than the promise.
        follow_up_after: the wait between the remedy and the satisfaction check.
        calendar: count the timers and the reply window in business time.

    Raises:
        InfeasibleError: the cool-down does not fit inside the reply promise.
    """
    from servicekit.sla import reply_window  # noqa: PLC0415 - onboarding depends on sla lazily

    cal = None if calendar is None else "business"
    # Check once, up front, that the cool-down fits inside the promise.
    reply_window(datetime(2026, 1, 1, tzinfo=_UTC), within=reply_within, cooldown=cooldown)

    cooldown_notice = _CooldownNotice(reply_within, cooldown, calendar)

    states = [
        State(
            "received",
            guidance=_RECEIVED,
            timers=[Timer("reply_promise", reply_within, "reply_overdue", calendar=cal)],
        ),
        State(
            "cooling_down",
            guidance=_COOLING,
            timers=[Timer("cooldown", cooldown, "cooled", calendar=cal)],
        ),
        State(
            "awaiting_details",
            guidance=_AWAITING,
            timers=[Timer("details_reminder", DETAILS_REMINDER_AFTER, "remind", calendar=cal)],
        ),
        State("problem_understood", guidance=_UNDERSTOOD),
        State(
            "remedy_agreed",
            guidance=_REMEDY_AGREED,
            timers=[Timer("remedy_due", REMEDY_DUE, "remedy_overdue", calendar=cal)],
        ),
        State(
            "resolved",
            guidance=_RESOLVED,
            timers=[Timer("follow_up", follow_up_after, "follow_up", calendar=cal)],
        ),
        State("followed_up", guidance=_FOLLOWED_UP),
        State("closed", final=True, guidance=_CLOSED),
    ]
    transitions = [
        Transition(
            "received", "triage", "cooling_down", guards=["is_angry"], effects=["cooldown_notice"]
        ),
        Transition(
            "received",
            "triage",
            "awaiting_details",
            guards=["is_calm"],
            effects=[Send(_ASK_PROBLEM)],
        ),
        Transition(
            "received", "reply_overdue", "received", effects=[Notify("team", _REPLY_OVERDUE)]
        ),
        Transition("cooling_down", "cooled", "awaiting_details", effects=[Send(_ASK_PROBLEM)]),
        Transition(
            "awaiting_details", "describe", "problem_understood", effects=[Send(_ASK_REMEDY)]
        ),
        Transition(
            "awaiting_details", "remind", "awaiting_details", effects=[Send(_DETAILS_REMINDER)]
        ),
        Transition(
            "problem_understood",
            "agree_remedy",
            "remedy_agreed",
            effects=[Send(_REMEDY_AGREED_MSG)],
        ),
        Transition("remedy_agreed", "remedy_done", "resolved", effects=[Send(_REMEDY_DONE)]),
        Transition(
            "remedy_agreed",
            "remedy_overdue",
            "remedy_agreed",
            effects=[Notify("team", _REMEDY_OVERDUE)],
        ),
        Transition("resolved", "follow_up", "followed_up", effects=[Send(_SATISFACTION)]),
        Transition("followed_up", "satisfied", "closed"),
        Transition(
            "followed_up",
            "unsatisfied",
            "problem_understood",
            effects=[Notify("team", _REOPENED)],
            counts=["reopened"],
        ),
        Transition(
            "followed_up",
            "offer_incentive",
            "followed_up",
            guards=["incentive_available"],
            effects=[Send(_INCENTIVE)],
            counts=["incentives"],
        ),
    ]
    return Flow(
        "complaint",
        1,
        states=states,
        transitions=transitions,
        guards={
            "is_angry": Guard(_is_angry, "an angry message (context 'angry')"),
            "is_calm": Guard(_is_calm, "a calm message"),
            "incentive_available": Guard(
                _incentive_available,
                "an incentive allowed (context 'incentive') and not yet offered",
            ),
        },
        effects={"cooldown_notice": cooldown_notice},
        calendars={} if calendar is None else {"business": calendar},
    )
