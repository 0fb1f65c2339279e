"""The built-in guard ``In(<state>)`` (SCXML's In() predicate) and unreachable states."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from servicekit.exceptions import ConfigError
from servicekit.onboarding import Flow, Guard, State, Transition

AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
MIN = timedelta(minutes=1)
YES = {"ok": Guard(lambda _j, _d: True, "ok")}


def parallel_flow(**extra: Any) -> Flow:
    """Two regions; region ``left`` may finish only while ``right`` is in ``r2``."""
    return Flow(
        "par",
        1,
        states=[
            State(
                "p",
                parallel=True,
                states=[
                    State("left", states=[State("l1"), State("l2")]),
                    State("right", states=[State("r1"), State("r2")]),
                ],
            ),
            State("z", final=True),
        ],
        transitions=[
            Transition("l1", "go", "l2", guards=["In(r2)"]),
            Transition("r1", "turn", "r2"),
            Transition("l2", "done", "z", guards=["In(right)", "In(p)"]),
        ],
        **extra,
    )


def test_in_sees_the_other_region() -> None:
    """In(r2) holds only once the right region is in r2; ancestors count as active."""
    flow = parallel_flow()
    j = flow.start({}, AT).journey
    assert flow.why_not(j, "go") == ("requires the journey in state 'r2' (guard 'In(r2)')",)
    j = flow.fire(j, "turn", AT + MIN).journey
    assert flow.why_not(j, "go") == ()
    j = flow.fire(j, "go", AT + 2 * MIN).journey
    assert set(flow.active(j)) == {"p", "left", "l2", "right", "r2"}
    assert flow.fire(j, "done", AT + 3 * MIN).journey.state == "z"


def test_in_ignores_history_marks() -> None:
    """A stored configuration with a history mark: the mark names no active state."""
    flow = Flow(
        "hist",
        1,
        states=[
            State("a", states=[State("a1"), State("a2"), State("h", history="shallow")]),
            State("b"),
            State("z", final=True),
        ],
        transitions=[
            Transition("a1", "next", "a2"),
            Transition("a", "pause", "b"),
            Transition("b", "resume", "h"),
            Transition("b", "end", "z", guards=["In(a)"]),
            Transition("b", "quit", "z", guards=["In(b)"]),
        ],
    )
    j = flow.start({}, AT).journey
    j = flow.fire(j, "pause", AT + MIN).journey
    assert "=" in j.state  # b|h=a1
    assert flow.why_not(j, "end") == ("requires the journey in state 'a' (guard 'In(a)')",)
    assert flow.why_not(j, "quit") == ()


def test_in_in_a_flat_flow_is_the_journeys_state() -> None:
    """In a flat flow In(x) is ``journey.state == x``; the flow stays flat."""
    flow = Flow(
        "flat",
        1,
        states=[State("a"), State("b"), State("z", final=True)],
        transitions=[
            Transition("a", "go", "z", guards=["In(b)"]),
            Transition("a", "go", "b", guards=["In(a)", "ok"]),
            Transition("b", "go", "z", guards=["In(b)"]),
        ],
        guards=YES,
    )
    j = flow.start({}, AT).journey
    assert flow.fire(j, "go", AT).journey.state == "b"
    assert flow.why_not(j, "go") == ()
    assert flow.to_dict()["transitions"][0]["guards"] == ["In(b)"]
    assert Flow.from_dict(flow.to_dict(), guards=YES) == flow
    # In(b) of transition 0 and In(a) of transition 1 never hold together (flat: one
    # state at a time), so no guard-overlap is reported.
    assert [f.code for f in flow.check()] == []


@pytest.mark.parametrize("nested", [False, True])
def test_bad_in_guards_are_listed_with_their_paths(nested: bool) -> None:
    """Unknown or history states in In(), and registered guards named In(...)."""
    inner = [State("a1"), State("h", history="deep")] if nested else []
    data = {
        "name": "bad",
        "version": 1,
        "states": [
            {"name": "a", "states": [s.to_dict() for s in inner]},
            {"name": "z", "final": True},
        ],
        "transitions": [
            {"source": "a", "event": "go", "target": "z", "guards": ["In(nowhere)", "ok"]},
            {"source": "a", "event": "up", "target": "z", "guards": ["In()"]},
        ],
    }
    if nested:
        data["transitions"].append(
            {"source": "a", "event": "h", "target": "z", "guards": ["In(h)"]}
        )
    with pytest.raises(ConfigError) as err:
        Flow.from_dict(data, guards={**YES, "In(a)": Guard(lambda _j, _d: True, "x")})
    found = [(p.path, p.msg) for p in err.value.problems]
    assert (
        "guards.In(a)",
        "guard name 'In(a)' is reserved for the built-in In(<state>) condition; rename the guard",
    ) in found
    assert any(
        path == "transitions[0].guards[0]" and "unknown state 'nowhere'" in text
        for path, text in found
    )
    assert any(
        path == "transitions[1].guards[0]" and "unknown state ''" in text for path, text in found
    )
    assert ("transitions[2].guards[0]" in {p for p, _ in found}) is nested
    assert any("history state 'h', which is never active" in t for _, t in found) is nested


def test_in_round_trips_through_dict_scxml_and_xstate() -> None:
    """to_dict keeps the guard string; SCXML writes In('r2'); XState uses stateIn."""
    flow = parallel_flow()
    data = flow.to_dict()
    assert data["transitions"][2]["guards"] == ["In(right)", "In(p)"]
    assert Flow.from_dict(data) == flow
    copy = pickle.loads(pickle.dumps(flow))  # noqa: S301 - our own bytes
    assert copy == flow
    assert copy.why_not(copy.start({}, AT).journey, "go") == flow.why_not(
        flow.start({}, AT).journey, "go"
    )
    text = flow.to_scxml()
    assert "cond=\"In('r2')\"" in text
    assert "cond=\"In('right') and In('p')\"" in text
    assert Flow.from_scxml(text) == flow
    machine = flow.to_xstate()
    go = machine["states"]["p"]["states"]["left"]["states"]["l1"]["on"]["go"][0]
    assert go["guard"] == {"type": "xstate.stateIn", "stateValue": "#r2"}
    done = machine["states"]["p"]["states"]["left"]["states"]["l2"]["on"]["done"][0]
    assert done["guard"] == {
        "type": "xstate.and",
        "guards": [
            {"type": "xstate.stateIn", "stateValue": "#right"},
            {"type": "xstate.stateIn", "stateValue": "#p"},
        ],
    }


SCXML = """<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" initial="a">
  <state id="a">
    <transition event="go" cond={cond} target="z"/><transition event="on" target="it's"/>
  </state>
  <state id="it's"><transition event="go" target="z"/></state>
  <final id="z"/>
</scxml>"""


@pytest.mark.parametrize(
    ("cond", "guards"),
    [
        ("\"In('a')\"", ["In(a)"]),
        ("'In(\"a\")'", ["In(a)"]),
        ("\"  In(  'a' ) \"", ["In(a)"]),
        ("\"In('a') and ok\"", ["In(a)", "ok"]),
        ("'In(\"it&apos;s\")'", ["In(it's)"]),
    ],
)
def test_scxml_in_conditions_are_read(cond: str, guards: list[str]) -> None:
    """Single or double quotes, spaces around; joined with other guards by ' and '."""
    flow = Flow.from_scxml(SCXML.replace("{cond}", cond), guards=YES)
    assert list(flow.transitions[0].guards) == guards
    assert Flow.from_scxml(flow.to_scxml(), guards=YES) == flow


def test_scxml_in_of_a_name_with_a_quote_is_written_in_double_quotes() -> None:
    """A state name holding ' is written In("it's")."""
    flow = Flow.from_scxml(SCXML.replace("{cond}", "'In(\"it&apos;s\")'"))
    assert 'cond="In(&quot;it\'s&quot;)"' in flow.to_scxml()


@pytest.mark.parametrize("cond", ["In('a') or In('z')", "In('a' + 'b')", "not In('a')"])
def test_more_complex_conditions_stay_unsupported(cond: str) -> None:
    """Anything beyond In('state') and guard names is refused with today's message."""
    with pytest.raises(ConfigError) as err:
        Flow.from_scxml(SCXML.replace("{cond}", f'"{cond}"'))
    assert any(
        "expected guard names joined by ' and '" in p.msg or "is not registered" in p.msg
        for p in err.value.problems
    )


def test_check_treats_in_guards_by_the_states_they_name() -> None:
    """Exclusive In() guards do not overlap; guards that can hold together do."""
    flow = Flow(
        "chk",
        1,
        states=[
            State(
                "p",
                parallel=True,
                states=[
                    State("left", states=[State("l1"), State("l2")]),
                    State("right", states=[State("r1"), State("r2")]),
                ],
            ),
            State("z", final=True),
        ],
        transitions=[
            Transition("r1", "turn", "r2"),
            Transition("r2", "back", "r1"),
            Transition("l2", "back", "l1"),
            # r1 and r2 exclude each other: no overlap
            Transition("l1", "go", "l2", guards=["In(r1)"]),
            Transition("l1", "go", "z", guards=["In(r2)"]),
            # r2 and right can hold together (ancestor), and with l1's own region
            Transition("l1", "end", "l2", guards=["In(r2)"]),
            Transition("l1", "end", "z", guards=["In(right)", "In(l1)"]),
            # l2 never holds while l1 is the source: no overlap reported
            Transition("l1", "stop", "z", guards=["ok"]),
            Transition("l1", "stop", "l2", guards=["In(l2)"]),
        ],
        guards=YES,
    )
    assert [(f.code, f.path) for f in flow.check()] == [("guard-overlap", "transitions[6]")]


def test_a_statechart_may_hold_unreachable_states() -> None:
    """A nested flow with a state nothing enters builds; check() reports it."""
    flow = Flow(
        "un",
        1,
        states=[
            State("a", states=[State("a1"), State("a2")]),
            State("lost"),
            State("z", final=True),
        ],
        transitions=[
            Transition("a", "go", "z"),
            Transition("a", "go", "a2", guards=["ok"]),
            Transition("lost", "go", "z"),
        ],
        guards=YES,
    )
    found = {f.path: f.message for f in flow.check() if f.code == "unreachable"}
    assert found == {
        "states[0].states[1]": "state 'a2' is entered only by transitions that are never "
        "taken (see the 'shadowed' findings)",
        "states[1]": "state 'lost' is never made active by a transition from the initial "
        "state 'a'; connect it or remove it",
    }
    covered = {t for path in flow.test_paths() for t in path}
    assert flow.transitions[2] not in covered  # nothing enters 'lost'
    assert flow.transitions[0] in covered


def test_a_flat_flow_with_an_unreachable_state_is_still_refused() -> None:
    """Flat flows keep the build-time check."""
    with pytest.raises(ConfigError) as err:
        Flow(
            "flat",
            1,
            states=[State("a"), State("lost"), State("z", final=True)],
            transitions=[Transition("a", "go", "z"), Transition("lost", "go", "z")],
        )
    assert [(p.path, p.msg) for p in err.value.problems] == [
        ("states[1]", "unreachable from the initial state 'a'")
    ]


def test_replay_checks_in_guards_as_fire_does() -> None:
    """A replay refuses 'go' before 'turn' and accepts it after, as fire does."""
    flow = parallel_flow()
    early = flow.replay([(AT, "go")], started_at=AT)
    assert early.rejected is not None
    late = flow.replay([(AT, "turn"), (AT + MIN, "go"), (AT + 2 * MIN, "done")], started_at=AT)
    assert late.ok
    assert late.journey.state == "z"
