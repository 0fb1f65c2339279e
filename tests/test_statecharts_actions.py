"""Entry and exit actions, eventless and '*' transitions, replay and funnels (issue 19)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

from servicekit.exceptions import ConfigError, TransitionError
from servicekit.onboarding import (
    Cancel,
    Effect,
    Flow,
    Guard,
    HistoryEntry,
    Journey,
    Log,
    Notify,
    Raise,
    Schedule,
    Send,
    State,
    Timer,
    Transition,
    funnel,
)
from servicekit.onboarding._chart import MAX_MICROSTEPS
from servicekit.onboarding.flows import nested_investment

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


def note(text: str) -> Send:
    """A Send told apart by its parameter."""
    return Send("Welcome aboard!", params={"n": text})


def told(effects: Iterable[Effect]) -> list[str]:
    """The parameters of the Sends and the labels of the Logs, in order."""
    out = []
    for e in effects:
        if isinstance(e, Send):
            out.append(dict(e.params)["n"])
        elif isinstance(e, Log):
            out.append(f"log:{e.label}")
        else:
            out.append(type(e).__name__)
    return out


def stamp(journey: Journey, _data: Mapping[str, Any], at: datetime) -> tuple[Effect, ...]:
    """An effect factory: who and when."""
    return (Notify("team", "Welcome aboard!", params={"state": journey.state, "at": str(at)}),)


def acting() -> Flow:
    """A chart whose states act on entry and exit, with raised and eventless transitions."""
    return Flow(
        "acting",
        1,
        states=[
            State(
                "outer",
                entry=[note("enter outer")],
                exit=[note("exit outer"), Raise("left_outer")],
                states=[
                    State(
                        "a",
                        entry=[note("enter a"), Log("trace", "a")],
                        exit=[note("exit a"), Raise("from_a")],
                        timers=[Timer("a_timer", HOUR, "tick")],
                    ),
                    State("b", entry=["stamp", Raise("in_b")], exit=[note("exit b")]),
                    State("c"),
                ],
            ),
            State("after", entry=[note("enter after")]),
            State("done", final=True, entry=[Log("Outcome", "'pass'")]),
        ],
        transitions=[
            Transition("a", "go", "b", effects=[note("a->b"), Log("t", "go")]),
            Transition("a", "tick", "a"),
            Transition("b", "in_b", "c", effects=[note("b->c")]),
            Transition("outer", "leave", "after"),
            Transition("after", "", "done"),
            Transition("c", "*", "after", effects=[note("c->after on any")]),
        ],
        effects={"stamp": stamp},
    )


def test_entry_actions_run_on_start_and_effects_come_in_scxml_order() -> None:
    """Start: entry of outer, then a; a's timer scheduled after the actions."""
    step = acting().start({}, AT)
    assert told(step.effects) == ["enter outer", "enter a", "log:trace", "Schedule"]
    assert step.journey.history == ()


def test_a_macrostep_runs_exit_transition_entry_then_raised_events() -> None:
    """go: exit a, the transition, enter b (a factory), then in_b takes b -> c."""
    flow = acting()
    j = flow.start({}, AT).journey
    step = flow.fire(j, "go", AT + HOUR)
    # from_a (raised on exit) comes first and meets no transition (dropped); in_b then
    # moves b -> c.
    assert told(step.effects) == [
        "Cancel",
        "exit a",
        "a->b",
        "log:t",
        "Notify",
        "exit b",
        "b->c",
    ]
    assert step.effects[0] == Cancel("a_timer")
    stamped = step.effects[4]
    assert isinstance(stamped, Notify)
    assert dict(stamped.params)["state"] == "c"  # factories see the journey after it all
    assert step.journey.state == "c"
    assert [(e.event, e.source, e.target) for e in step.journey.history] == [
        ("go", "a", "b"),
        ("in_b", "b", "c"),
    ]
    assert step.journey.version == 1


def test_raised_events_queue_in_exit_transition_entry_order() -> None:
    """Exit actions raise first, then the transition, then entry; each in its turn."""
    flow = Flow(
        "order",
        1,
        states=[
            State("x", exit=[Raise("e1")]),
            State(
                "y",
                entry=[Raise("e3")],
                states=[State("y1"), State("y2"), State("y3")],
            ),
            State("done", final=True),
            State("fail", final=True),
        ],
        transitions=[
            Transition("x", "go", "y", raises=["e2"]),
            Transition("y1", "e1", "y2"),
            Transition("y2", "e2", "y3"),
            Transition("y3", "e3", "done"),
            Transition("y", "*", "fail"),
        ],
    )
    step = flow.fire(flow.start({}, AT).journey, "go", AT)
    assert step.journey.state == "done"
    assert [e.event for e in step.journey.history] == ["go", "e1", "e2", "e3"]


def test_the_star_event_matches_every_event_and_eventless_transitions_follow() -> None:
    """From c any event goes to after; after's eventless transition goes on to done."""
    flow = acting()
    j = flow.fire(flow.start({}, AT).journey, "go", AT).journey
    step = flow.fire(j, "whatever", AT)
    assert step.journey.state == "done"
    assert told(step.effects) == [
        "exit outer",
        "c->after on any",
        "enter after",
        "log:Outcome",
    ]
    assert [(e.event, e.target) for e in step.journey.history[-2:]] == [
        ("whatever", "after"),
        ("", "done"),
    ]
    # the raised left_outer meets no transition and is dropped
    assert flow.replay(step.journey.history, started_at=AT).journey == step.journey


def test_an_event_named_empty_is_refused() -> None:
    """Eventless transitions are the flow's own: no caller fires them."""
    flow = acting()
    j = flow.start({}, AT).journey
    with pytest.raises(TransitionError) as err:
        flow.fire(j, "", AT)
    assert "eventless transitions are taken by the flow itself" in err.value.reasons[0]
    assert flow.why_not(j, "")
    result = flow.replay([(AT, "")], started_at=AT)
    assert result.rejected is not None
    assert "eventless" in result.rejected.reasons[0]


def test_allowed_events_leave_eventless_transitions_out() -> None:
    """The events a caller may fire: '*' is one, '' is not."""
    flow = acting()
    j = flow.fire(flow.start({}, AT).journey, "go", AT).journey
    assert flow.allowed(j) == ("leave", "*")


def test_star_and_named_transitions_keep_document_order() -> None:
    """A '*' transition declared first wins over a named one declared later."""
    flow = Flow(
        "star",
        1,
        states=[
            State("s", states=[State("s1")]),
            State("first", final=True),
            State("second", final=True),
        ],
        transitions=[Transition("s1", "*", "first"), Transition("s1", "go", "second")],
    )
    j = flow.start({}, AT).journey
    first = flow.fire(j, "go", AT)
    assert first.journey.state == "first"
    assert first.journey.history[0].event == "go"  # the event, not '*'
    assert flow.fire(j, "go", AT) == first  # again, from the remembered step


def test_eventless_transitions_come_before_internal_events_and_see_guards() -> None:
    """SCXML: after a microstep, eventless transitions first, then the internal queue."""
    calls: list[str] = []

    def ready(journey: Journey, _data: Mapping[str, Any]) -> bool:
        calls.append(journey.state)
        return journey.context.get("ready") is True

    flow = Flow(
        "eventless",
        1,
        states=[
            State("s", entry=[Raise("ping")], states=[State("s1"), State("s2")]),
            State("pinged", final=True),
            State("early", final=True),
        ],
        transitions=[
            Transition("s1", "", "s2", guards=["ready"]),
            Transition("s2", "ping", "early"),
            Transition("s1", "ping", "pinged"),
        ],
        guards={"ready": Guard(ready, "the journey is ready")},
    )
    assert flow.start({"ready": True}, AT).journey.state == "early"
    assert flow.start({"ready": False}, AT).journey.state == "pinged"
    assert calls[:1] == ["s1"]


def test_a_loop_of_raised_events_stops_with_a_documented_error() -> None:
    """A state that raises the event that re-enters it never settles: refused."""
    flow = Flow(
        "loop",
        1,
        states=[
            State("a", states=[State("a1", entry=[Raise("again")])]),
            State("z", final=True),
        ],
        transitions=[Transition("a1", "again", "a1"), Transition("a", "stop", "z")],
    )
    with pytest.raises(TransitionError) as err:
        flow.start({}, AT)
    assert f"more than {MAX_MICROSTEPS} transitions follow one another" in err.value.reasons[0]
    # Path generation follows the loop a bounded number of times, then goes on.
    assert [[t.event for t in p] for p in flow.test_paths()] == [["again"], ["stop"]]


def test_paths_start_where_a_journey_starts_and_skip_eventless_steps() -> None:
    """Eventless and raised steps follow on their own; they never appear in a path."""
    paths = [[(t.source, t.event) for t in p] for p in acting().test_paths()]
    assert paths == [[("a", "tick")], [("outer", "leave")], [("a", "go"), ("c", "*")]]


def test_a_loop_set_off_by_an_event_is_refused_and_replay_reports_it() -> None:
    """The same bound applies to fire and replay; the journey is left as it was."""
    flow = Flow(
        "loop2",
        1,
        states=[
            State("a", states=[State("a1"), State("a2")]),
            State("z", final=True),
        ],
        transitions=[
            Transition("a1", "go", "a2"),
            Transition("a2", "", "a1"),
            Transition("a1", "", "a2", guards=["never"]),
            Transition("a", "stop", "z"),
        ],
        guards={"never": Guard(lambda _j, _d: False, "never")},
    )
    j = flow.start({}, AT).journey
    assert flow.fire(j, "go", AT).journey.state == "a1"  # a2 -> a1, then a1 stays
    looping = Flow(
        "loop3",
        1,
        states=[State("a", states=[State("a1"), State("a2")]), State("z", final=True)],
        transitions=[
            Transition("a1", "go", "a2"),
            Transition("a2", "", "a1", raises=["go"]),
            Transition("a", "stop", "z"),
        ],
    )
    j = looping.start({}, AT).journey
    with pytest.raises(TransitionError, match="loops without waiting"):
        looping.fire(j, "go", AT)
    result = looping.replay([(AT, "go")], started_at=AT)
    assert result.rejected is not None
    assert result.rejected.index == 0
    assert result.journey == j


def test_history_states_enter_their_default_until_left() -> None:
    """A history state's initial is where it goes the first time (SCXML's default)."""
    flow = Flow(
        "hist",
        1,
        states=[
            State("start"),
            State(
                "s0",
                states=[
                    State("h", history="deep", initial="s012"),
                    State("s01", states=[State("s011"), State("s012")]),
                ],
            ),
            State("z", final=True),
        ],
        transitions=[
            Transition("start", "go", "h"),
            Transition("start", "fresh", "s01"),
            Transition("s011", "next", "s012"),
            Transition("s0", "out", "start"),
            Transition("s0", "end", "z"),
        ],
    )
    j = flow.fire(flow.start({}, AT).journey, "go", AT).journey
    assert j.state == "s012"
    data = flow.to_dict()
    assert data["states"][1]["states"][0] == {"name": "h", "history": "deep", "initial": "s012"}
    assert Flow.from_dict(data) == flow
    assert Flow.from_scxml(flow.to_scxml()) == flow
    assert '<history id="h" type="deep">' in flow.to_scxml()
    assert flow.to_xstate()["states"]["s0"]["states"]["h"]["target"] == "#s012"


def test_history_defaults_are_checked() -> None:
    """A default that is not a child (shallow) or descendant (deep) is a problem."""
    with pytest.raises(ConfigError) as err:
        Flow(
            "bad",
            1,
            states=[
                State(
                    "s",
                    states=[
                        State("h", history="shallow", initial="deep_leaf"),
                        State("d", history="deep", initial="elsewhere"),
                        State("k", history="deep", entry=[Raise("x")]),
                        State("c", states=[State("deep_leaf")]),
                    ],
                ),
                State("elsewhere"),
                State("z", final=True),
            ],
            transitions=[Transition("s", "go", "z"), Transition("elsewhere", "go", "z")],
        )
    found = {(p.path, p.args[0]) for p in err.value.problems}
    assert any(
        path == "states[0].states[0].initial" and "not a child of 's'" in text
        for path, text in found
    )
    assert any(
        path == "states[0].states[1].initial" and "not a descendant of 's'" in text
        for path, text in found
    )
    assert any(path == "states[0].states[2]" and "entry or exit" in text for path, text in found)


def test_entry_and_exit_actions_are_checked() -> None:
    """Unregistered effect names and nameless raised events, each with its path."""
    with pytest.raises(ConfigError) as err:
        Flow(
            "bad",
            1,
            states=[
                State("a", states=[State("a1", entry=["ghost", Raise("")], exit=["ghost2"])]),
                State("z", final=True),
            ],
            transitions=[Transition("a", "go", "z")],
        )
    paths = [p.path for p in err.value.problems]
    assert paths == [
        "states[0].states[0].entry[0]",
        "states[0].states[0].entry[1].raise",
        "states[0].states[0].exit[0]",
    ]


def test_wrong_types_of_actions_are_type_errors() -> None:
    """Actions are names or effect values; anything else is a TypeError."""
    with pytest.raises(TypeError, match=r"entry\[0\] must be a registered effect name"):
        State("a", entry=[42])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="exit must be a sequence"):
        State("a", exit="x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a Log"):
        Transition("a", "e", "b", effects=[Raise("x")])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        Log(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Raise(None)  # type: ignore[arg-type]


def test_actions_round_trip_through_dict_scxml_and_json() -> None:
    """to_dict/from_dict and to_scxml/from_scxml give the same flow back."""
    flow = acting()
    data = flow.to_dict()
    outer = data["states"][0]
    assert outer["entry"] == [
        {"send": "Welcome aboard!", "to": "customer", "params": {"n": "enter outer"}}
    ]
    assert outer["exit"][1] == {"raise": "left_outer"}
    assert outer["states"][0]["entry"][1] == {"log": "trace", "expr": "a"}
    assert outer["states"][1]["entry"][0] == "stamp"
    assert data["transitions"][4]["event"] == ""
    again = Flow.from_dict(json.loads(json.dumps(data)), effects=flow.effects)
    assert again == flow
    text = flow.to_scxml()
    assert "<onentry>" in text
    assert "<onexit>" in text
    assert '<log label="trace" expr="a" />' in text
    assert '<transition target="done"' in text  # eventless: no event attribute
    assert Flow.from_scxml(text, effects=flow.effects) == flow


def test_flat_flows_without_actions_keep_their_dict() -> None:
    """No new keys appear where no action is used; a Log effect keeps a flow flat."""
    flow = Flow(
        "flat",
        1,
        states=[State("a"), State("z", final=True)],
        transitions=[Transition("a", "go", "z", effects=[Log("x", "y")])],
    )
    assert flow.to_dict()["states"] == [{"name": "a"}, {"name": "z", "final": True}]
    assert flow._chart is None
    step = flow.fire(flow.start({}, AT).journey, "go", AT)
    assert step.effects == (Log("x", "y"),)


def test_xstate_has_entry_exit_and_always() -> None:
    """Entry and exit arrays, eventless transitions under always, raise and log actions."""
    machine = acting().to_xstate()
    outer = machine["states"]["outer"]
    assert outer["entry"] == [
        {
            "type": "send",
            "params": {"send": "Welcome aboard!", "to": "customer", "params": {"n": "enter outer"}},
        }
    ]
    assert outer["exit"][1] == {"type": "xstate.raise", "params": {"event": "left_outer"}}
    a = outer["states"]["a"]
    assert a["entry"][1] == {"type": "xstate.log", "params": {"label": "trace", "expr": "a"}}
    assert outer["states"]["b"]["entry"][0] == {"type": "stamp"}
    assert machine["states"]["after"]["always"] == [{"target": "#done", "reenter": True}]
    assert "on" not in machine["states"]["after"]
    go = a["on"]["go"][0]
    assert go["actions"][1] == {"type": "xstate.log", "params": {"label": "t", "expr": "go"}}
    json.dumps(machine, allow_nan=False)


def test_from_dict_lists_every_problem_of_actions() -> None:
    """Bad entries, exits, raises and logs: each problem with its path."""
    data = acting().to_dict()
    outer = data["states"][0]
    outer["entry"] = [{"raise": 5}, {"log": 1, "expr": 2}, {"what": 1}, "stamp"]
    outer["exit"] = "not a list"
    data["transitions"][0]["effects"] = [{"log": "ok", "expr": None}]
    with pytest.raises(ConfigError) as err:
        Flow.from_dict(data, effects={"stamp": stamp})
    paths = [p.path for p in err.value.problems]
    # (then b and c are unreachable: the broken transition into b is left out)
    assert paths[:6] == [
        "states[0].entry[0].raise",
        "states[0].entry[1].log",
        "states[0].entry[1].expr",
        "states[0].entry[2]",
        "states[0].exit",
        "transitions[0].effects[0].expr",
    ]


def test_scxml_actions_are_read_in_document_order() -> None:
    """Several onentry blocks run in order; unsupported content is a problem."""
    text = """<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" initial="s">
      <state id="s">
        <onentry><raise event="one"/></onentry>
        <onentry><raise event="two"/><send event="x"/></onentry>
        <transition event="one" target="t"/>
        <invoke/>
      </state>
      <state id="t"><transition event="two" target="pass"/></state>
      <final id="pass"/>
    </scxml>"""
    with pytest.raises(ConfigError) as err:
        Flow.from_scxml(text)
    assert [p.path for p in err.value.problems] == [
        "scxml/state[s]/onentry/send",
        "scxml/state[s]/invoke",
    ]
    flow = Flow.from_scxml(text.replace('<send event="x"/>', "").replace("<invoke/>", ""))
    assert flow.name == "scxml"
    assert flow.state("s").entry == (Raise("one"), Raise("two"))
    assert flow.start({}, AT).journey.state == "pass"


def test_replay_rebuilds_what_the_start_took() -> None:
    """A stored history that begins with the start's own transitions replays."""
    flow = Flow(
        "auto",
        1,
        states=[State("s", entry=[Raise("skip")]), State("t"), State("z", final=True)],
        transitions=[Transition("s", "skip", "t"), Transition("t", "go", "z", counts=["n"])],
    )
    start = flow.start({}, AT).journey
    assert [(e.event, e.target) for e in start.history] == [("skip", "t")]
    done = flow.fire(start, "go", AT + HOUR).journey
    assert flow.replay(done.history, started_at=AT).journey == done
    assert flow.replay([(AT + HOUR, "go")], started_at=AT).journey == done
    late = flow.replay([(AT - HOUR, "go")], started_at=AT)
    assert late.rejected is not None
    assert "time order" in late.rejected.reasons[0]


def test_replay_of_a_nested_journey_checks_guards_and_records() -> None:
    """Guards see the journey so far; a stored history that differs is reported."""
    flow = nested_investment()
    j = flow.start({"instalments_total": 2}, AT).journey
    for event in ["verification_passed", "top_up", "pay_instalment"]:
        j = flow.fire(j, event, AT).journey
    result = flow.replay(j.history, started_at=AT, context={"instalments_total": 2})
    assert result.rejected is None
    assert result.journey == j
    wrong = [
        *j.history[:-1],
        HistoryEntry(AT, "pay_instalment", "instalment_due", "instalments_paid"),
    ]
    bad = flow.replay(wrong, started_at=AT, context={"instalments_total": 2})
    assert bad.rejected is not None
    assert bad.rejected.index == len(j.history) - 1
    refused = flow.replay([(AT, "fly")], started_at=AT)
    assert refused.rejected is not None
    assert "no transition for 'fly'" in refused.rejected.reasons[0]


# --------------------------------------------------------------------------- funnels


def test_funnel_of_nested_journeys_counts_every_active_state() -> None:
    """Compound states, regions and leaves; visits span the time a state stays active."""
    flow = nested_investment()
    new = flow.start({}, AT).journey
    verified = flow.fire(new, "verification_passed", AT + 5 * HOUR).journey
    paying = flow.fire(verified, "top_up", AT + 24 * HOUR).journey
    report = funnel(flow, [new, verified, paying], AT + 48 * HOUR, stuck_after=36 * HOUR)
    rows = {r.state: r for r in report.rows}
    assert list(rows)[:3] == ["onboarding", "verification", "checking_identity"]
    assert "where_we_were" not in rows  # history states are never active
    assert (rows["onboarding"].entered, rows["onboarding"].current) == (3, 2)
    assert rows["onboarding"].next_step == "paying"
    assert rows["onboarding"].converted == 1
    assert rows["onboarding"].median == 24 * HOUR
    assert (rows["identity_verified"].entered, rows["identity_verified"].current) == (2, 1)
    assert rows["identity_verified"].median == 19 * HOUR
    assert (rows["paying"].entered, rows["instalment_due"].current) == (1, 1)
    # Stuck: leaves only, with one duration for all (the journey started 48 h ago).
    assert [(s.index, s.state) for s in report.stuck] == [
        (0, "checking_identity"),
        (0, "awaiting_money"),
        (1, "awaiting_money"),
    ]
    by_state = funnel(
        flow, [new], AT + 48 * HOUR, stuck_after={"onboarding": HOUR}, steps=["verification"]
    )
    assert [(s.index, s.state) for s in by_state.stuck] == [(0, "onboarding")]


def test_funnel_refuses_a_nested_history_the_flow_cannot_take() -> None:
    """A recorded transition that is not the flow's, or does not lead to the state."""
    flow = nested_investment()
    j = flow.fire(flow.start({}, AT).journey, "verification_passed", AT).journey
    made_up = Journey(
        flow.name, flow.version, j.state, 1, AT, {}, (), [(AT, "x", "awaiting_money", "paying")]
    )
    with pytest.raises(ConfigError, match="cannot take there") as err:
        funnel(flow, [j, made_up], AT + HOUR)
    assert err.value.path == "journeys[1]"
    elsewhere = Journey(flow.name, flow.version, "paying_nowhere", 1, AT, {}, (), j.history)
    with pytest.raises(ConfigError, match="not to the journey's state"):
        funnel(flow, [elsewhere], AT + HOUR)
    inactive = Journey(
        flow.name,
        flow.version,
        j.state,
        1,
        AT,
        {},
        (),
        [(AT, "pay_instalment", "instalment_due", "instalment_due")],
    )
    with pytest.raises(ConfigError, match="cannot take there"):
        funnel(flow, [inactive], AT + HOUR)


def test_funnel_of_nested_self_transitions_continues_the_visit() -> None:
    """A self-transition on a leaf and a move between children keep the parent's visit."""
    flow = nested_investment()
    j = flow.start({}, AT).journey
    j = flow.fire(j, "stalled", AT + HOUR).journey
    j = flow.fire(j, "verification_passed", AT + 2 * HOUR).journey
    report = funnel(flow, [j], AT + 3 * HOUR)
    assert report.row("checking_identity").median == 2 * HOUR
    assert report.row("verification").median is None  # still active
    assert report.row("verification").current == 1


def test_the_stuck_limits_of_named_states_must_exist() -> None:
    """A stuck_after naming a state the nested flow lacks is a problem."""
    with pytest.raises(ConfigError) as err:
        funnel(nested_investment(), [], AT, stuck_after={"ghost": HOUR})
    assert err.value.path == "stuck_after.ghost"


def test_schedules_and_cancels_of_entry_keep_their_place() -> None:
    """The timer of a re-entered state is cancelled, then scheduled after entry actions."""
    flow = acting()
    j = flow.start({}, AT).journey
    step = flow.fire(j, "tick", AT + HOUR)
    assert step.effects == (
        Cancel("a_timer"),
        note("exit a"),
        note("enter a"),
        Log("trace", "a"),
        Schedule("a_timer", "tick", AT + 2 * HOUR),
    )


def test_a_timer_whose_event_only_a_star_transition_takes_is_accepted() -> None:
    """'*' handles the timer's event; the timer fires it into that transition."""
    flow = Flow(
        "timed",
        1,
        states=[
            State("s", states=[State("s1", timers=[Timer("t", HOUR, "late")])]),
            State("z", final=True),
        ],
        transitions=[Transition("s", "*", "z")],
    )
    step = flow.start({}, AT)
    assert step.effects == (Schedule("t", "late", AT + HOUR),)
    assert flow.fire(step.journey, "late", AT + HOUR).journey.state == "z"
