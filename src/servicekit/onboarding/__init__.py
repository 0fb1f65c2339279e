"""WHAT NEXT: customer journeys as validated state machines.

A ``Flow`` is a validated definition (states, events, guarded transitions, timers,
guidance); a ``Journey`` is a small frozen snapshot of one customer's progress.
Firing an event returns the next snapshot and the effects to carry out, as data.
Built-in flows cover investment onboarding, new team members and complaints; funnel
analytics and misconception checks work on the same snapshots.
"""

from __future__ import annotations

from servicekit.onboarding._analytics import (
    Deviation,
    Funnel,
    FunnelRow,
    Stuck,
    conformance,
    funnel,
)
from servicekit.onboarding._check import CHECK_CODES, Finding
from servicekit.onboarding._flow import Flow, Rejection, Replay, TimerCalendar
from servicekit.onboarding._migration import Migration
from servicekit.onboarding._model import (
    Cancel,
    Claim,
    Effect,
    EffectFactory,
    Guard,
    HistoryEntry,
    Journey,
    Log,
    Notify,
    Raise,
    Requirement,
    Schedule,
    Send,
    State,
    Step,
    Timer,
    Transition,
    Verdict,
)

__all__ = [
    "CHECK_CODES",
    "Cancel",
    "Claim",
    "Deviation",
    "Effect",
    "EffectFactory",
    "Finding",
    "Flow",
    "Funnel",
    "FunnelRow",
    "Guard",
    "HistoryEntry",
    "Journey",
    "Log",
    "Migration",
    "Notify",
    "Raise",
    "Rejection",
    "Replay",
    "Requirement",
    "Schedule",
    "Send",
    "State",
    "Step",
    "Stuck",
    "Timer",
    "TimerCalendar",
    "Transition",
    "Verdict",
    "conformance",
    "funnel",
]
