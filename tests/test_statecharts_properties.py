"""Properties of nested flows (issue 19, item 1), checked with Hypothesis."""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.exceptions import TransitionError
from servicekit.onboarding import (
    Flow,
    Guard,
    Journey,
    Raise,
    Send,
    State,
    Step,
    Timer,
    Transition,
    funnel,
)
from servicekit.onboarding._chart import Chart
from strategies_onboarding import random_flows

AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def _even(journey: Journey, _data: Any) -> bool:
    return journey.version % 2 == 0


@st.composite
def random_charts(draw: st.DrawFn) -> Flow:
    """Valid nested flows: compound, parallel, history and final states up to 3 deep.

    The first top-level state has a transition to every state (so each is reachable)
    and to the final state ``end``; random extra transitions (some guarded, some on
    ``done.state`` events) go between any states.
    """
    counter = itertools.count()

    def make(depth: int) -> State:
        kind = draw(
            st.sampled_from(["atomic", "compound", "parallel"] if depth < 3 else ["atomic"])
        )
        name = f"s{next(counter)}"
        if kind == "atomic":
            return State(name)
        parallel = kind == "parallel"
        children = [make(depth + 1) for _ in range(draw(st.integers(2 if parallel else 1, 3)))]
        if not parallel and draw(st.booleans()):
            children.append(State(f"s{next(counter)}", final=True))
        history = draw(st.sampled_from([None, "shallow", "deep"]))
        if history is not None:
            children.append(State(f"s{next(counter)}", history=history))
        return State(name, states=children, parallel=parallel)

    tops = [make(1) for _ in range(draw(st.integers(1, 3)))]
    first = tops[0].name
    states = [
        State(
            first,
            states=tops[0].states,
            parallel=tops[0].parallel,
            timers=[Timer("t0", timedelta(hours=draw(st.integers(1, 9))), "finish")],
        ),
        *tops[1:],
        State("end", final=True),
    ]
    every = [s for top in states for s in top.walk()]
    sources = [s.name for s in every if not s.final and s.history is None]
    targets = [s.name for s in every]
    transitions: dict[tuple[str, str, tuple[str, ...]], Transition] = {}
    for name in targets:
        if name != first:
            transitions[first, f"to_{name}", ()] = Transition(first, f"to_{name}", name)
    transitions[first, "finish", ()] = Transition(first, "finish", "end")
    for top in states[1:-1]:
        transitions[top.name, "quit", ()] = Transition(top.name, "quit", "end")
    compounds = [s.name for s in every if s.states]
    extra = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sources),
                st.sampled_from(["a", "b", "c", *(f"done.state.{c}" for c in compounds)]),
                st.sampled_from(targets),
                st.sampled_from([(), ("even",)]),
                st.booleans(),
            ),
            max_size=10,
        )
    )
    for source, event, target, guards, effect in extra:
        transitions.setdefault(
            (source, event, guards),
            Transition(
                source,
                event,
                target,
                guards=guards,
                counts=["k"],
                effects=[Send("Welcome aboard!")] if effect else [],
            ),
        )
    return Flow(
        "random_chart",
        1,
        states=states,
        transitions=list(transitions.values()),
        guards={"even": Guard(_even, "an even version")},
    )


def _events(flow: Flow) -> st.SearchStrategy[list[str]]:
    names = [e for e in flow.events if not e.startswith("done.state.")]
    return st.lists(st.sampled_from([*names, "nothing"]), max_size=12)


@given(random_charts())
def test_to_dict_then_from_dict_gives_an_equal_flow(flow: Flow) -> None:
    """Export then import (through strict JSON) gives an equal flow and equal text."""
    text = json.dumps(flow.to_dict(), allow_nan=False)
    again = Flow.from_dict(json.loads(text), guards=flow.guards)
    assert again == flow
    assert json.dumps(again.to_dict(), allow_nan=False) == text


@given(random_charts().flatmap(lambda f: st.tuples(st.just(f), _events(f))))
@settings(deadline=None)
def test_random_events_keep_a_legal_configuration(case: tuple[Flow, list[str]]) -> None:
    """Whatever is fired, the journey stays in a configuration of the flow.

    The stored history replays to the very same journey.
    """
    flow, events = case
    journey = flow.start({}, AT).journey
    at = AT
    for event in events:
        at += timedelta(minutes=7)
        try:
            journey = flow.fire(journey, event, at).journey
        except TransitionError as err:
            refused = err.reasons
            assert refused
            continue
        leaves = flow.configuration(journey)
        assert leaves == tuple(sorted(leaves))
        assert set(leaves) <= set(flow.active(journey))
        assert journey.state.split("|")[: len(leaves)] == list(leaves)
        flow.timers(journey)
    replayed = flow.replay(journey.history, started_at=AT)
    assert replayed.ok
    assert replayed.journey.state == journey.state
    assert replayed.journey.history == journey.history
    assert replayed.journey.counters == journey.counters


def _as_chart(flow: Flow) -> Chart:
    """The statechart engine run on a flat flow: a one-level chart."""
    return Chart(flow, flow.states, flow.transitions, flow.initial_state, flow.guards, flow.effects)


@given(
    random_flows().flatmap(
        lambda f: st.tuples(
            st.just(f),
            st.lists(
                st.tuples(st.sampled_from([*f.events, "nothing"]), st.integers(0, 3 * 86400)),
                max_size=15,
            ),
        )
    )
)
@settings(deadline=None)
def test_a_flat_flow_as_a_one_level_chart_behaves_exactly_as_today(
    case: tuple[Flow, list[tuple[str, int]]],
) -> None:
    """The chart engine and the flat engine give equal journeys, effects and refusals."""
    flow, steps = case
    chart = _as_chart(flow)
    start = flow.start({}, AT)
    assert chart.initial == start.journey.state
    assert tuple(chart.schedules(chart.initial_entered, AT)) == start.effects
    flat = nested = start.journey
    at = AT
    for event, gap in steps:
        at += timedelta(seconds=gap)
        try:
            expected: Step | TransitionError = flow.fire(flat, event, at)
        except TransitionError as err:
            expected = err
        try:
            got: Step | TransitionError = Step(*chart.fire(nested, event, at, {}, None))
        except TransitionError as err:
            got = err
        if isinstance(expected, TransitionError):
            assert isinstance(got, TransitionError)
            assert got.reasons == expected.reasons
            continue
        assert got == expected
        flat = nested = expected.journey
        timed = tuple(n for n in chart.active(flat) if n.timers)
        assert all(t == flat.entered_at for t in chart.entered_at(flat, timed).values())
        assert chart.allowed(frozenset(chart.active(flat))) == flow.allowed(flat)


def _one_level(flow: Flow, entry: tuple[Raise, ...]) -> Flow:
    """``flow`` with timers named after their states, and ``entry`` on its first state.

    With an entry action (a raised event nothing handles) the statechart engine runs
    it: a one-level chart.
    """
    states = [
        attrs.evolve(s, timers=[attrs.evolve(t, name=f"{s.name}_t") for t in s.timers])
        for s in flow.states
    ]
    return Flow(
        flow.name,
        flow.version,
        states=[attrs.evolve(states[0], entry=entry), *states[1:]],
        transitions=flow.transitions,
        guards=flow.guards,
        effects=flow.effects,
    )


@given(
    random_flows().flatmap(
        lambda f: st.tuples(
            st.just(f),
            st.lists(
                st.lists(
                    st.tuples(st.sampled_from([*f.events, "nothing"]), st.integers(0, 3 * 86400)),
                    max_size=10,
                ),
                min_size=1,
                max_size=4,
            ),
            st.integers(1, 96),
        )
    )
)
@settings(deadline=None)
def test_the_funnel_of_a_flat_flow_as_a_one_level_chart_is_todays(
    case: tuple[Flow, list[list[tuple[str, int]]], int],
) -> None:
    """Funnel rows and stuck journeys are equal under both engines."""
    flow, walks, hours = case
    flow, nested = _one_level(flow, ()), _one_level(flow, (Raise("unheard"),))
    assert flow._chart is None
    assert nested._chart is not None
    flat_journeys, chart_journeys = [], []
    last = AT
    for walk in walks:
        flat, chart = flow.start({}, AT).journey, nested.start({}, AT).journey
        at = AT
        for event, gap in walk:
            at += timedelta(seconds=gap)
            if flow.why_not(flat, event, at):
                continue
            flat = flow.fire(flat, event, at).journey
            chart = nested.fire(chart, event, at).journey
        assert chart == flat
        flat_journeys.append(flat)
        chart_journeys.append(chart)
        last = max(last, flat.entered_at)
    now = last + timedelta(hours=hours)
    limit = timedelta(hours=hours // 2 + 1)
    expected = funnel(flow, flat_journeys, now, stuck_after=limit)
    got = funnel(nested, chart_journeys, now, stuck_after=limit)
    assert got == expected
