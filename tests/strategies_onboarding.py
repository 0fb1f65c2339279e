"""Hypothesis strategies and fixtures for servicekit.onboarding (plural names)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from servicekit.onboarding import (
    Claim,
    Flow,
    Guard,
    Journey,
    Notify,
    Requirement,
    Send,
    State,
    Timer,
    Transition,
)
from servicekit.onboarding.flows import complaint, downline_member, investment
from strategies import aware_datetimes

AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def _has_package(journey, data):
    return "package" in journey.context or "package" in data


def _greet(journey, data, at):
    return (Send("Welcome aboard!", params={}),)


def demo_flow(**overrides) -> Flow:
    """A small six-state flow with a guard, effects, a timer and a claim."""
    spec = {
        "states": [
            State(
                "new",
                guidance="Welcome aboard!",
                timers=[Timer("nudge", timedelta(days=1), "nudge")],
            ),
            State("verified"),
            State("chosen"),
            State("funded"),
            State("done", final=True),
            State("gone", final=True),
        ],
        "transitions": [
            Transition("new", "verify", "verified", effects=["greet"]),
            Transition(
                "new",
                "nudge",
                "new",
                effects=[Notify("partner", "Welcome aboard!")],
                counts=["nudges"],
            ),
            Transition("verified", "choose", "chosen", guards=["has_package"]),
            Transition("chosen", "fund", "funded", counts=["payments"]),
            Transition("funded", "finish", "done", effects=[Send("Welcome aboard!")]),
            Transition("new", "quit", "gone"),
            Transition("verified", "quit", "gone"),
        ],
        "guards": {"has_package": Guard(_has_package, "a package in the data")},
        "effects": {"greet": _greet},
        "claims": [
            Claim(
                "is_funded",
                [Requirement("Welcome aboard!", state="funded")],
                holds="Welcome aboard!",
            )
        ],
    }
    spec.update(overrides)
    return Flow("demo", 1, **spec)


def builtin_flows():
    """The built-in flows."""
    return st.sampled_from([investment(), downline_member(), complaint()])


def event_sequences(flow: Flow, max_size: int = 25):
    """Random event names of ``flow`` (valid or not), each with a non-negative gap."""
    events = [*flow.events, "no_such_event"]
    return st.lists(
        st.tuples(st.sampled_from(events), st.integers(min_value=0, max_value=5 * 86400)),
        max_size=max_size,
    )


def walk(flow: Flow, start: datetime, steps, context=None) -> Journey:
    """Fire ``steps`` ((event, gap seconds)) from a new journey, skipping refused events."""
    journey = flow.start(context if context is not None else {}, start).journey
    at = start
    for event, gap in steps:
        at += timedelta(seconds=gap)
        if not flow.why_not(journey, event, at):
            journey = flow.fire(journey, event, at).journey
    return journey


@st.composite
def journeys(draw, flow: Flow | None = None):
    """Journeys of a built-in flow after a random walk, with the flow they follow."""
    chosen = flow if flow is not None else draw(builtin_flows())
    context = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "instalments_total": st.integers(1, 8),
                "angry": st.booleans(),
                "incentive": st.booleans(),
                "name": st.text(max_size=8),
            },
        )
    )
    start = draw(aware_datetimes())
    steps = draw(event_sequences(chosen))
    return chosen, walk(chosen, start, steps, context)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


def flow_dicts():
    """Arbitrary, mostly malformed flow definition dicts."""
    names = st.sampled_from(["a", "b", "c", "", 1, None])
    timer = st.fixed_dictionaries(
        {
            "name": names,
            "after": st.sampled_from(["PT1H", "P1D", "bad", "-PT1H", 3]),
            "event": names,
        },
        optional={"calendar": names},
    )
    state = st.fixed_dictionaries(
        {"name": names},
        optional={
            "final": st.sampled_from([True, False, "yes"]),
            "guidance": names,
            "timers": st.lists(timer | json_values, max_size=2) | json_values,
        },
    )
    effect = (
        names
        | st.fixed_dictionaries({"send": names})
        | st.fixed_dictionaries({"notify": names, "message": names})
        | json_values
    )
    transition = st.fixed_dictionaries(
        {"source": names, "event": names, "target": names},
        optional={
            "guards": st.lists(names, max_size=2) | json_values,
            "effects": st.lists(effect, max_size=2) | json_values,
            "counts": st.lists(names, max_size=2),
        },
    )
    requirement = st.fixed_dictionaries(
        {"missing": names | st.lists(names, max_size=3)},
        optional={"state": names, "counter": names, "at_least": st.integers(-1, 3) | names},
    )
    claim = st.fixed_dictionaries(
        {"name": names, "requires": st.lists(requirement | json_values, max_size=2) | json_values},
        optional={
            "holds": names,
            "explain": st.dictionaries(names, names | st.lists(names, max_size=3), max_size=2)
            | json_values,
            "count_by": names,
        },
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "name": names,
            "version": st.sampled_from([1, "1", None]),
            "initial": names,
            "states": st.lists(state | json_values, max_size=4) | json_values,
            "transitions": st.lists(transition | json_values, max_size=4) | json_values,
            "claims": st.lists(claim | json_values, max_size=2) | json_values,
            "extra": json_values,
        },
    )


def _even(journey, data):
    return journey.version % 2 == 0


def _always(journey, data):
    return True


def _note(journey, data, at):
    return (Send("Welcome aboard!", params={"v": journey.version}),)


RANDOM_GUARDS = {"even": Guard(_even, "an even version"), "always": _always}
RANDOM_EFFECTS = {"note": _note}


@st.composite
def random_flows(draw):
    """Valid flows of 2-6 states: a chain to the final state plus random extra edges."""
    n = draw(st.integers(2, 6))
    names = [f"s{i}" for i in range(n)]
    events = ["a", "b", "c", "d"]
    transitions = {}
    for i in range(n - 1):
        transitions[(names[i], f"go{i}", ())] = Transition(names[i], f"go{i}", names[i + 1])
    extra = draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 2),
                st.sampled_from(events),
                st.integers(0, n - 1),
                st.sampled_from([(), ("even",), ("always",), ("even", "always")]),
                st.booleans(),
                st.booleans(),
            ),
            max_size=8,
        )
    )
    for src, event, dst, guards, count, effect in extra:
        key = (names[src], event, guards)
        transitions.setdefault(
            key,
            Transition(
                names[src],
                event,
                names[dst],
                guards=guards,
                counts=["k"] if count else [],
                effects=["note", Send("Welcome aboard!")] if effect else [],
            ),
        )
    timers = {}
    for source, event, _ in transitions:
        if draw(st.booleans()) and source not in timers:
            timers[source] = Timer("t", timedelta(hours=draw(st.integers(1, 72))), event)
    states = [
        State(name, final=(i == n - 1), timers=[timers[name]] if name in timers else [])
        for i, name in enumerate(names)
    ]
    return Flow(
        "random",
        1,
        states=states,
        transitions=list(transitions.values()),
        guards=RANDOM_GUARDS,
        effects=RANDOM_EFFECTS,
    )
