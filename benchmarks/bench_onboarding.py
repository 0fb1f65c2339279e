"""Benchmark servicekit.onboarding beside transitions and python-statemachine.

Run: python benchmarks/bench_onboarding.py [--full]

The same 6-state flow in all three libraries: registered -> verified -> chosen ->
funded -> invested -> done, each of the five transitions with a guard (a method or
function that returns True) and an effect (one that records something). Measured:

1. per-transition cost: walk the five transitions from the initial state, repeated;
   best of five rounds (timeit's advice: the minimum is the least disturbed figure).
   servicekit starts every walk from the same immutable snapshot; the peers' models
   are reset to the initial state directly before each walk (that reset is included
   in their figure, and is far cheaper than one of their transitions).
2. memory per journey after the five transitions: a deep ``sys.getsizeof`` walk over
   everything reachable from the object, minus what is shared with the definition
   (the flow or machine, classes, functions, modules, interned names, ``timezone.utc``).
   transitions is measured with one shared ``Machine`` and ``add_model`` (its most
   frugal setup); python-statemachine has no separate model, each object is a machine.
3. replaying stored events: rebuild journeys from (at, event) logs, 5 events each.
   servicekit replays 1,000,000 events. The peers replay 100,000 and the figure is
   scaled to 1,000,000 (marked "scaled"); ``--full`` replays 1,000,000 for them too.
"""

from __future__ import annotations

import gc
import sys
import time
import types
import warnings
from datetime import datetime, timedelta, timezone

from servicekit.onboarding import Flow, Guard, Send, State, Transition
from servicekit.onboarding._model import _NO_CONTEXT

warnings.simplefilter("ignore", DeprecationWarning)

STATES = ["registered", "verified", "chosen", "funded", "invested", "done"]
EVENTS = ["verify", "choose", "fund", "invest", "finish"]
AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


# ------------------------------------------------------------------ the three machines


def _ok(_journey, _data):
    return True


def servicekit_flow() -> Flow:
    return Flow(
        "bench",
        1,
        states=[State(s, final=(s == "done")) for s in STATES],
        transitions=[
            Transition(a, e, b, guards=["ok"], effects=[Send("Welcome aboard!")])
            for a, e, b in zip(STATES, EVENTS, STATES[1:], strict=False)
        ],
        guards={"ok": Guard(_ok, "always")},
    )


def transitions_machine():
    from transitions import Machine  # noqa: PLC0415 - a peer, imported when measured

    class Model:
        def __init__(self):
            self.sent = 0

        def ok(self):
            return True

        def send(self):
            self.sent += 1

    machine = Machine(
        model=None,
        states=STATES,
        transitions=[
            {"trigger": e, "source": a, "dest": b, "conditions": "ok", "after": "send"}
            for a, e, b in zip(STATES, EVENTS, STATES[1:], strict=False)
        ],
        initial="registered",
        auto_transitions=False,
    )
    return Model, machine


def statemachine_class():
    from statemachine import State as SMState  # noqa: PLC0415 - a peer
    from statemachine import StateMachine  # noqa: PLC0415 - a peer

    # "done" is not marked final here: a final state stops a python-statemachine
    # instance for good, and the per-transition loop resets it to the start. Its
    # definition check then wants a way out of "done": a `restart` that is never fired.
    namespace = {s: SMState(initial=(s == "registered")) for s in STATES}
    for a, e, b in zip(STATES, EVENTS, STATES[1:], strict=False):
        namespace[e] = namespace[a].to(namespace[b], cond="ok", after="record")
    namespace["restart"] = namespace["done"].to(namespace["registered"])

    def __init__(self):  # noqa: N807
        self.sent = 0
        StateMachine.__init__(self)

    namespace["__init__"] = __init__
    namespace["ok"] = lambda _self: True
    namespace["record"] = lambda self: setattr(self, "sent", self.sent + 1)
    return type("Bench", (StateMachine,), namespace)


# ------------------------------------------------------------------ measuring


def best_of(fn, rounds=5):
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def per_transition(rounds=7):  # noqa: C901 - three peers side by side
    """Seconds per transition; rounds interleave the three so that load hits all alike."""
    flow = servicekit_flow()
    j0 = flow.start({}, AT).journey
    fire = flow.fire

    def ours(walks):
        for _ in range(walks):
            j = j0
            for e in EVENTS:
                j = fire(j, e, AT).journey

    model_cls, machine = transitions_machine()
    model = model_cls()
    machine.add_model(model)

    def theirs_transitions(walks):
        for _ in range(walks):
            model.state = "registered"
            for e in EVENTS:
                getattr(model, e)()

    sm = statemachine_class()()

    def theirs_statemachine(walks):
        for _ in range(walks):
            sm.current_state_value = "registered"
            for e in EVENTS:
                sm.send(e)

    runs = {
        "servicekit": (ours, 20_000),
        "transitions": (theirs_transitions, 2_000),
        "python-statemachine": (theirs_statemachine, 200),
    }
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for name, (fn, walks) in runs.items():
            gc.collect()
            start = time.perf_counter()
            fn(walks)
            best[name] = min(best[name], (time.perf_counter() - start) / (walks * len(EVENTS)))
    return best


def deep_size(obj, shared_ids):
    """Bytes of everything reachable from obj that is not shared."""
    seen = set(shared_ids)
    total = 0
    todo = [obj]
    skip = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.CodeType)
    while todo:
        o = todo.pop()
        if id(o) in seen or isinstance(o, skip):
            continue
        seen.add(id(o))
        total += sys.getsizeof(o)
        todo.extend(gc.get_referents(o))
    return total


def reachable_ids(*roots):
    """Ids reachable from roots; functions and modules are leaves (their globals would
    drag in the whole program), classes are followed (class-level definitions such as
    python-statemachine's states and transitions are shared by all instances)."""
    seen = set()
    todo = list(roots)
    while todo:
        o = todo.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        if not isinstance(o, types.ModuleType | types.FunctionType):
            todo.extend(gc.get_referents(o))
    return seen


def memory():
    flow = servicekit_flow()
    j = flow.start({}, AT).journey
    fresh = j
    for i, e in enumerate(EVENTS, 1):
        j = flow.fire(j, e, AT + timedelta(hours=i)).journey
    # The shared empty context is one object for all journeys, like timezone.utc.
    shared = reachable_ids(flow, timezone.utc, _NO_CONTEXT, *STATES, *EVENTS)
    ours = deep_size(j, shared)
    ours_fresh = deep_size(fresh, shared)

    model_cls, machine = transitions_machine()
    # Shared: the machine as it is before this model joins it.
    shared_t = reachable_ids(machine, model_cls, *STATES, *EVENTS)
    model = model_cls()
    machine.add_model(model)
    for e in EVENTS:
        getattr(model, e)()
    # transitions binds every trigger onto each model; those bindings count here.
    theirs_t = deep_size(model, shared_t)

    sm_cls = statemachine_class()
    shared_sm = reachable_ids(sm_cls, *STATES, *EVENTS)
    sm = sm_cls()
    for e in EVENTS:
        sm.send(e)
    theirs_sm = deep_size(sm, shared_sm)
    return {
        "servicekit": ours,
        "servicekit (fresh)": ours_fresh,
        "transitions": theirs_t,
        "python-statemachine": theirs_sm,
    }


def replay(full):
    total = 1_000_000
    per = len(EVENTS)
    log = [(AT + timedelta(minutes=i), e) for i, e in enumerate(EVENTS)]
    flow = servicekit_flow()

    def ours():
        for _ in range(total // per):
            flow.replay(log, started_at=AT)

    peer_total = total if full else 100_000
    model_cls, machine = transitions_machine()

    def theirs_transitions():
        for _ in range(peer_total // per):
            model = model_cls()
            machine.add_model(model)
            for _at, e in log:
                getattr(model, e)()
            machine.remove_model(model)

    sm_cls = statemachine_class()

    def theirs_statemachine():
        for _ in range(peer_total // per):
            sm = sm_cls()
            for _at, e in log:
                sm.send(e)

    scale = total / peer_total
    return {
        "servicekit": best_of(ours, rounds=1),
        "transitions": best_of(theirs_transitions, rounds=1) * scale,
        "python-statemachine": best_of(theirs_statemachine, rounds=1) * scale,
    }, scale


def main():
    full = "--full" in sys.argv
    print(f"servicekit.onboarding benchmark - Python {sys.version.split()[0]}")
    print("same 6-state flow, 5 transitions, each with a guard and an effect\n")
    pt = per_transition()
    mem = memory()
    rp, scale = replay(full)
    peers = ("transitions", "python-statemachine")
    print("ratios (peer / servicekit; higher means servicekit is better)")
    print(f"{'measure':<34}" + "".join(f"{p:>22}" for p in peers))
    print(f"{'per transition':<34}" + "".join(f"{pt[p] / pt['servicekit']:>21.1f}x" for p in peers))
    print(
        f"{'memory per journey':<34}"
        + "".join(f"{mem[p] / mem['servicekit']:>21.1f}x" for p in peers)
    )
    print(
        f"{'replay 1,000,000 events':<34}"
        + "".join(f"{rp[p] / rp['servicekit']:>21.1f}x" for p in peers)
    )
    print()
    cols = ("servicekit", *peers)
    print(f"{'measure':<34}" + "".join(f"{c:>22}" for c in cols))
    print(f"{'per transition (us)':<34}" + "".join(f"{pt[c] * 1e6:>22.2f}" for c in cols))
    print(f"{'memory per journey, 5 steps (B)':<34}" + "".join(f"{mem[c]:>22,}" for c in cols))
    print(f"{'memory per journey, fresh (B)':<34}{mem['servicekit (fresh)']:>22,}")
    label = "replay 1,000,000 events (s)" + ("" if full else " *")
    print(f"{label:<34}" + "".join(f"{rp[c]:>22.2f}" for c in cols))
    if not full:
        done = 1_000_000 // scale
        print(f"\n* peers replayed {done:,.0f} events, scaled x{scale:.0f}; --full runs 1,000,000")


if __name__ == "__main__":
    main()
