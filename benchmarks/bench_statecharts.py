"""Benchmark nested servicekit.onboarding flows beside python-statemachine (issue 19).

Run: python benchmarks/bench_statecharts.py

The same three-level chart in both libraries: ``app`` (compound) holds ``work``
(parallel) with the regions ``left`` (l1 <-> l2 on ``flip``) and ``right`` (r1 <-> r2 on
``turn``), and a final ``done``; every transition has a guard (returns True) and an
effect (records something). Measured, best of five rounds:

1. per-transition cost in the nested chart: walks of four transitions (flip, turn,
   flip, turn). servicekit starts each walk from the same immutable snapshot (its
   history grows with each step, so a walk from a fixed start is what a stored
   journey costs); python-statemachine keeps one machine and flips it back and forth
   (no reset needed: it ends where it started).
2. the same for a flat flow of five states (as ``bench_onboarding.py``), for
   servicekit only: the fast path nested flows must not slow down.
3. the stored size of a nested journey's configuration (one string column).
4. ``Flow.replay`` of a nested journey's stored events, 10^3, 10^4 and 10^5 of them,
   on the chart without guards and with them (issue 19: replay was quadratic in the
   events; it is linear now where no guard must see the journey, and copies the
   history once per guarded event otherwise, as the flat replay does).

The issue's targets: at most 5 us a nested transition, at least 10x faster than
python-statemachine on the same chart.
"""

from __future__ import annotations

import time
import warnings
from datetime import datetime, timezone

from servicekit.onboarding import Flow, Guard, Send, State, Transition

warnings.simplefilter("ignore", DeprecationWarning)

AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
WALK = ["flip", "turn", "flip", "turn"]


def _ok(_journey, _data):
    return True


def servicekit_chart(*, guarded: bool = True) -> Flow:
    sent = Send("Welcome aboard!")

    def move(source, event, target):
        guards = ["ok"] if guarded else []
        return Transition(source, event, target, guards=guards, effects=[sent])

    return Flow(
        "bench_chart",
        1,
        states=[
            State(
                "app",
                states=[
                    State(
                        "work",
                        parallel=True,
                        states=[
                            State("left", states=[State("l1"), State("l2")]),
                            State("right", states=[State("r1"), State("r2")]),
                        ],
                    ),
                ],
            ),
            State("done", final=True),
        ],
        transitions=[
            move("l1", "flip", "l2"),
            move("l2", "flip", "l1"),
            move("r1", "turn", "r2"),
            move("r2", "turn", "r1"),
            move("work", "finish", "done"),
        ],
        guards={"ok": Guard(_ok, "always")},
    )


def servicekit_flat() -> Flow:
    states = ["registered", "verified", "chosen", "funded", "invested", "done"]
    events = ["verify", "choose", "fund", "invest", "finish"]
    return Flow(
        "bench",
        1,
        states=[State(s, final=(s == "done")) for s in states],
        transitions=[
            Transition(a, e, b, guards=["ok"], effects=[Send("Welcome aboard!")])
            for a, e, b in zip(states, events, states[1:], strict=False)
        ],
        guards={"ok": Guard(_ok, "always")},
    )


def statemachine_chart():
    from statemachine import State as S  # noqa: N817, PLC0415 - a peer, imported when measured
    from statemachine import StateChart  # noqa: PLC0415

    class Chart(StateChart):
        class app(S.Compound):  # noqa: N801 - the state's id
            class work(S.Parallel):  # noqa: N801
                class left(S.Compound):  # noqa: N801
                    l1 = S(initial=True)
                    l2 = S()
                    flip = l1.to(l2, cond="ok", on="record") | l2.to(l1, cond="ok", on="record")

                class right(S.Compound):  # noqa: N801
                    r1 = S(initial=True)
                    r2 = S()
                    turn = r1.to(r2, cond="ok", on="record") | r2.to(r1, cond="ok", on="record")

            done = S(final=True)
            finish = work.to(done)

        def __init__(self):
            self.sent = 0
            super().__init__()

        def ok(self):
            return True

        def record(self):
            self.sent += 1

    return Chart()


def _best(fn, rounds=5):
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        count = fn()
        best = min(best, (time.perf_counter() - start) / count)
    return best


def bench_servicekit_chart(walks=20_000) -> float:
    flow = servicekit_chart()
    start = flow.start({}, AT).journey
    fire = flow.fire

    def run():
        for _ in range(walks):
            j = start
            for event in WALK:
                j = fire(j, event, AT).journey
        return walks * len(WALK)

    run()  # fill the flow's tables of computed steps
    return _best(run)


def bench_servicekit_flat(walks=20_000) -> float:
    flow = servicekit_flat()
    start = flow.start({}, AT).journey
    fire = flow.fire
    events = ["verify", "choose", "fund", "invest", "finish"]

    def run():
        for _ in range(walks):
            j = start
            for event in events:
                j = fire(j, event, AT).journey
        return walks * len(events)

    return _best(run)


def bench_statemachine_chart(walks=2_000) -> float | None:
    try:
        machine = statemachine_chart()
    except ImportError:
        return None
    send = machine.send

    def run():
        for _ in range(walks):
            for event in WALK:
                send(event)
        return walks * len(WALK)

    return _best(run)


def bench_replay(size: int, *, guarded: bool) -> float:
    """Seconds to replay ``size`` stored events (flip and turn in turn) of the chart."""
    flow = servicekit_chart(guarded=guarded)
    events = [(AT, WALK[i % len(WALK)]) for i in range(size)]
    start = time.perf_counter()
    result = flow.replay(events, started_at=AT)
    took = time.perf_counter() - start
    if result.rejected is not None or len(result.journey.history) != size:
        raise RuntimeError("the replay did not apply every event")
    return took


def check_same_behaviour() -> None:
    """Both charts end a walk in the same configuration (a sanity check)."""
    flow = servicekit_chart()
    j = flow.start({}, AT).journey
    for event in ["flip", "turn", "flip"]:
        j = flow.fire(j, event, AT).journey
    ours = set(flow.active(j))
    try:
        machine = statemachine_chart()
    except ImportError:
        return
    for event in ["flip", "turn", "flip"]:
        machine.send(event)
    theirs = {s.id for s in machine.configuration}
    if ours != theirs:
        raise RuntimeError(f"the charts disagree: {sorted(ours)} != {sorted(theirs)}")


def main() -> None:
    check_same_behaviour()
    ours = bench_servicekit_chart()
    flat = bench_servicekit_flat()
    theirs = bench_statemachine_chart()
    flow = servicekit_chart()
    j = flow.fire(flow.start({}, AT).journey, "flip", AT).journey
    print("Nested chart (3 levels, a parallel state), one transition with guard and effect")
    print(f"  servicekit            {ours * 1e6:8.2f} us   (target <= 5 us)")
    if theirs is None:
        print("  python-statemachine   not installed (pip install 'servicekit[bench]')")
    else:
        print(f"  python-statemachine   {theirs * 1e6:8.2f} us")
        print(f"  ratio                 {theirs / ours:8.1f}x faster (target >= 10x)")
    print(f"Flat flow, one transition: servicekit {flat * 1e6:.2f} us")
    print(f"Stored configuration: {j.state!r} ({len(j.state)} characters, one column)")
    print("Replay of a nested journey's stored events (seconds; per event)")
    for size in (10**3, 10**4, 10**5):
        plain = bench_replay(size, guarded=False)
        guarded = bench_replay(size, guarded=True)
        print(
            f"  {size:>7,} events   no guards {plain:7.3f} s ({plain / size * 1e6:5.2f} us)"
            f"   guarded {guarded:7.3f} s ({guarded / size * 1e6:6.2f} us)"
        )


if __name__ == "__main__":
    main()
