"""Benchmark migrating stored journeys from one flow version to the next (issue 19).

Run: python benchmarks/bench_migration.py [--count N]

1,000,000 journeys of a six-state flow, spread over its states (0 to 5 history
entries each), move from version 1 to version 2, which renames a state (so every
history entry is rewritten) and adds a reminder timer to another ("keep": the timer
effects are computed for each journey). Measured: the whole batch, best of three, and
the same batch with the identity migration (a new version with no renaming).
Target (issue 19): under 10 s for 10**6 journeys.
"""

from __future__ import annotations

import gc
import sys
import time
from datetime import datetime, timedelta, timezone

from servicekit.onboarding import Flow, Migration, State, Timer, Transition

STATES = ["registered", "verified", "chosen", "funded", "invested", "done"]
EVENTS = ["verify", "choose", "fund", "invest", "finish"]
AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def flow(version: int, rename: bool) -> Flow:
    """The chain registered -> ... -> done; version 2 renames 'chosen' and adds a timer."""
    names = [("picked" if rename and s == "chosen" else s) for s in STATES]
    states = [
        State(
            n,
            final=(n == "done"),
            timers=[Timer("nudge", timedelta(days=2), "nudge")] if rename and n == "funded" else [],
        )
        for n in names
    ]
    transitions = [Transition(a, e, b) for a, e, b in zip(names, EVENTS, names[1:], strict=False)]
    if rename:
        transitions.append(Transition("funded", "nudge", "funded"))
    return Flow("bench", version, states=states, transitions=transitions)


def stored(old: Flow, count: int) -> list:
    """``count`` journeys, cycling through 0 to 5 taken transitions."""
    start = old.start({"customer": 1}, AT).journey
    walks = [start]
    for i, event in enumerate(EVENTS):
        walks.append(old.fire(walks[-1], event, AT + timedelta(hours=i)).journey)
    return [walks[i % len(walks)] for i in range(count)]


def best(fn, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    count = int(sys.argv[sys.argv.index("--count") + 1]) if "--count" in sys.argv else 10**6
    old = flow(1, rename=False)
    print(f"servicekit.onboarding migration benchmark - Python {sys.version.split()[0]}")
    journeys = stored(old, count)
    at = AT + timedelta(days=10)
    for label, new, migration in (
        (
            "rename a state, add a timer",
            flow(2, rename=True),
            Migration("bench", 1, 2, states={"chosen": "picked"}),
        ),
        ("identity (new version only)", flow(2, rename=False), Migration("bench", 1, 2)),
    ):
        migrate = new.migrate

        def run(migration=migration, migrate=migrate) -> None:
            for j in journeys:
                migrate(j, migration, at=at, previous=old)

        seconds = best(run)
        print(
            f"  {label:30} {count:>9,} journeys in {seconds:6.2f} s "
            f"({seconds / count * 1e6:.2f} us each)"
        )


if __name__ == "__main__":
    main()
