"""WHAT NEXT: customer journeys as validated state machines.

A ``Flow`` is a validated definition (states, events, guarded transitions, timers,
guidance); a ``Journey`` is a small frozen snapshot of one customer's progress.
Firing an event returns the next snapshot and the effects to carry out, as data.
Built-in flows cover investment onboarding, new team members and complaints; funnel
analytics and misconception checks work on the same snapshots.
"""

from __future__ import annotations

__all__: list[str] = []
