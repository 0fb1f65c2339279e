"""Statecharts in servicekit.onboarding (issue 19, item 1): nesting, parallel, history."""

from __future__ import annotations

import json
import pickle
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from servicekit.exceptions import ConfigError, TransitionError
from servicekit.onboarding import (
    Cancel,
    Claim,
    Flow,
    Guard,
    HistoryEntry,
    Journey,
    Migration,
    Notify,
    Requirement,
    Schedule,
    Send,
    State,
    Timer,
    Transition,
    funnel,
)
from servicekit.onboarding._chart import CACHE_LIMIT, Chart
from servicekit.onboarding.flows import investment, nested_investment

AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


def note(name: str) -> Send:
    """Note."""
    return Send("Welcome aboard!", params={"n": name})


def chart(**overrides: Any) -> Flow:
    """A three-level chart: work (compound) holds a parallel 'both' of two regions."""
    spec: dict[str, Any] = {
        "states": [
            State(
                "work",
                timers=[Timer("work_timer", 10 * HOUR, "give_up")],
                states=[
                    State("intro"),
                    State(
                        "both",
                        parallel=True,
                        states=[
                            State(
                                "left",
                                states=[
                                    State("l1", timers=[Timer("l1_timer", HOUR, "poke")]),
                                    State("l2"),
                                    State("l_done", final=True),
                                ],
                            ),
                            State(
                                "right",
                                states=[State("r1"), State("r_done", final=True)],
                            ),
                        ],
                    ),
                    State("deep", history="deep"),
                    State("shallow", history="shallow"),
                ],
            ),
            State("paused"),
            State("paused_shallow"),
            State("finished", final=True),
            State("quit", final=True),
        ],
        "transitions": [
            Transition("intro", "go", "both", effects=[note("intro->both")]),
            Transition("l1", "step", "l2", effects=[note("l1->l2")], counts=["steps"]),
            Transition("l1", "poke", "l1"),
            Transition("l2", "step", "l_done", effects=[note("l2->l_done")]),
            Transition("r1", "step", "r_done", effects=[note("r1->r_done")]),
            Transition("r1", "jump", "finished"),
            Transition("l1", "jump", "l2"),
            Transition("both", "done.state.both", "finished", effects=[note("done")]),
            Transition("work", "pause", "paused"),
            Transition("work", "pause_shallow", "paused_shallow"),
            Transition("paused", "resume", "deep"),
            Transition("paused_shallow", "resume", "shallow"),
            Transition("work", "give_up", "quit"),
            Transition("work", "restart", "work"),
        ],
    }
    spec.update(overrides)
    return Flow("chart", 1, **spec)


def message(problem: ConfigError) -> str:
    """Message."""
    return str(problem).removeprefix(f"{problem.path}: ")


def run(flow: Flow, *events: str, at: datetime = AT) -> Journey:
    """Run."""
    journey = flow.start({}, at).journey
    for event in events:
        journey = flow.fire(journey, event, at).journey
    return journey


# ------------------------------------------------------------------ configurations


def test_start_enters_the_initial_leaf_and_schedules_ancestor_timers() -> None:
    """Start enters the initial leaf and schedules ancestor timers."""
    flow = chart()
    step = flow.start({}, AT)
    assert step.journey.state == "intro"
    assert flow.configuration(step.journey) == ("intro",)
    assert flow.active(step.journey) == ("work", "intro")
    assert step.effects == (Schedule("work_timer", "give_up", AT + 10 * HOUR),)


def test_parallel_entry_enters_every_region_in_document_order() -> None:
    """Parallel entry enters every region in document order."""
    flow = chart()
    step = flow.fire(flow.start({}, AT).journey, "go", AT)
    assert step.journey.state == "l1|r1"
    assert flow.active(step.journey) == ("work", "both", "left", "l1", "right", "r1")
    # the transition's effect, then the timers of the entered states (document order)
    assert step.effects == (note("intro->both"), Schedule("l1_timer", "poke", AT + HOUR))
    assert step.journey.history == (HistoryEntry(AT, "go", "intro", "both"),)
    assert step.journey.version == 1


def test_one_event_moves_both_regions_and_done_events_complete_the_parent() -> None:
    """One event moves both regions and done events complete the parent."""
    flow = chart()
    j = run(flow, "go", "step")
    assert j.state == "l2|r_done"
    assert j.count("steps") == 1
    step = flow.fire(j, "step", AT)
    # l2 -> l_done completes 'left'; with 'right' done, 'both' is done and leaves
    # (leaving 'work' records its history values, which the journey keeps).
    assert step.journey.state == "finished|deep=l_done,r_done|shallow=both"
    assert flow.configuration(step.journey) == ("finished",)
    assert [e.event for e in step.journey.history[-2:]] == ["step", "done.state.both"]
    assert step.effects == (
        note("l2->l_done"),
        Cancel("work_timer"),
        note("done"),
    )
    assert step.journey.version == j.version + 1
    with pytest.raises(TransitionError, match="is final"):
        flow.fire(step.journey, "step", AT)


def test_conflicting_transitions_in_parallel_regions_the_earlier_wins() -> None:
    """Conflicting transitions in parallel regions the earlier wins."""
    # 'jump' from l1 stays in its region; from r1 it leaves the parallel state: the
    # exit sets intersect, so the later one in document order (r1's) is preempted.
    flow = chart()
    j = run(flow, "go", "jump")
    assert j.state == "l2|r1"
    assert [e.source for e in j.history] == ["intro", "l1"]


def test_a_deeper_source_beats_its_ancestor() -> None:
    """A deeper source beats its ancestor."""
    flow = chart(
        transitions=[
            *chart().transitions,
            Transition("both", "step", "intro", effects=[note("parent")]),
        ]
    )
    j = run(flow, "go", "step")
    assert j.state == "l2|r_done"  # both children's 'step', not the parent's


def test_a_parent_transition_applies_to_all_children() -> None:
    """A parent transition applies to all children."""
    flow = chart()
    for events in [(), ("go",), ("go", "step")]:
        step = flow.fire(run(flow, *events), "give_up", AT)
        assert flow.configuration(step.journey) == ("quit",)


def test_guarded_alternatives_keep_document_order() -> None:
    """Guarded alternatives keep document order."""
    flow = chart(
        transitions=[
            Transition("intro", "go", "paused", guards=["never"]),
            Transition("intro", "go", "both"),
            *chart().transitions[1:],
        ],
        guards={"never": Guard(lambda _j, _d: False, "never")},
    )
    assert run(flow, "go").state == "l1|r1"
    assert run(flow, "go").state == "l1|r1"  # again, from the remembered step
    assert flow.why_not(run(flow), "go") == ()
    assert flow.why_not(run(flow, "pause"), "go") == (
        "no transition for 'go' from 'paused|deep=intro|shallow=intro'; allowed here: 'resume'",
    )


def test_refusals_explain_guards_and_order() -> None:
    """Refusals explain guards and order."""
    flow = chart(
        transitions=[
            Transition("intro", "go", "both", guards=["never"]),
            *chart().transitions[1:],
        ],
        guards={"never": Guard(lambda _j, _d: False, "a miracle")},
    )
    j = run(flow)
    with pytest.raises(TransitionError) as err:
        flow.fire(j, "go", AT)
    assert err.value.reasons == ("requires a miracle (guard 'never')",)
    with pytest.raises(TransitionError):  # again, past the remembered selection
        flow.fire(j, "go", AT)
    assert flow.why_not(j, "go") == ("requires a miracle (guard 'never')",)
    assert flow.why_not(j, "go", AT - HOUR)[0].startswith("at 2026-03-02T08:00:00+00:00 is before")
    with pytest.raises(TransitionError, match="someone else moved it"):
        flow.fire(j, "pause", AT, expected_version=3)
    with pytest.raises(TypeError):
        flow.why_not(j, "go", data=[])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        flow.why_not("j", "go", AT)  # type: ignore[arg-type]


def test_a_self_transition_on_a_compound_state_exits_and_reenters_it() -> None:
    """A self transition on a compound state exits and reenters it."""
    flow = chart()
    j = run(flow, "go", "step")
    step = flow.fire(j, "restart", AT + HOUR)
    assert flow.configuration(step.journey) == ("intro",)
    assert step.effects == (
        Cancel("work_timer"),
        Schedule("work_timer", "give_up", AT + 11 * HOUR),
    )


# ------------------------------------------------------------------ history


def test_deep_history_restores_the_leaves() -> None:
    """Deep history restores the leaves."""
    flow = chart()
    j = run(flow, "go", "jump", "pause")
    assert j.state == "paused|deep=l2,r1|shallow=both"
    assert flow.configuration(j) == ("paused",)
    back = flow.fire(j, "resume", AT)
    assert back.journey.state == "l2|r1|deep=l2,r1|shallow=both"
    assert flow.configuration(back.journey) == ("l2", "r1")


def test_shallow_history_restores_the_child_with_its_default_entry() -> None:
    """Shallow history restores the child with its default entry."""
    flow = chart()
    j = run(flow, "go", "jump", "pause_shallow", "resume")
    assert flow.configuration(j) == ("l1", "r1")


def test_history_without_a_record_enters_the_parents_initial_state() -> None:
    """History without a record enters the parents initial state."""
    flow = chart(
        states=[*chart().states[:1], State("paused", timers=()), *chart().states[2:]],
        initial="paused",
    )
    j = flow.fire(flow.start({}, AT).journey, "resume", AT).journey
    assert flow.configuration(j) == ("intro",)


def test_history_in_a_parallel_state_restores_all_regions_by_default() -> None:
    """History in a parallel state restores all regions by default."""
    flow = Flow(
        "p",
        1,
        states=[
            State("idle"),
            State(
                "both",
                parallel=True,
                states=[
                    State("a", states=[State("a1"), State("a2")]),
                    State("b", states=[State("b1"), State("b2")]),
                    State("h", history="shallow"),
                ],
            ),
            State("end", final=True),
        ],
        transitions=[
            Transition("idle", "go", "h"),
            Transition("a1", "next", "a2"),
            Transition("b1", "next", "b2"),
            Transition("both", "stop", "idle"),
            Transition("both", "end", "end"),
        ],
    )
    j = run(flow, "go")
    assert j.state == "a1|b1"
    j = run(flow, "go", "next", "stop", "go")
    assert flow.configuration(j) == ("a1", "b1")  # shallow: the regions, entered anew
    assert "h=a,b" in j.state


# ------------------------------------------------------------------ timers and claims


def test_timers_of_a_region_keep_their_time_when_the_other_region_moves() -> None:
    """Timers of a region keep their time when the other region moves."""
    flow = chart()
    j = run(flow, "go")
    j = flow.fire(j, "step", AT + 3 * HOUR).journey  # l1 -> l2, r1 unchanged
    assert flow.timers(j) == (Schedule("work_timer", "give_up", AT + 10 * HOUR),)
    j = run(flow, "go")
    j = flow.fire(j, "poke", AT + HOUR).journey
    assert flow.timers(j) == (
        Schedule("l1_timer", "poke", AT + 2 * HOUR),
        Schedule("work_timer", "give_up", AT + 10 * HOUR),
    )
    assert flow.due(j, AT + 2 * HOUR) == (Schedule("l1_timer", "poke", AT + 2 * HOUR),)


def test_claims_see_nested_states_entered_by_default() -> None:
    """Claims see nested states entered by default."""
    flow = chart(
        claims=[
            Claim(
                "in_left",
                [Requirement("not yet", state="left")],
                holds="Yes: your identity has been verified.",
                explain={"intro": "You have registered, but not more."},
            )
        ]
    )
    verdict = flow.check_claim(run(flow), "in_left")
    assert not verdict.supported
    assert verdict.explanation == "You have registered, but not more."
    assert flow.check_claim(run(flow, "go"), "in_left").supported
    assert flow.check_claim(run(flow, "go", "pause", "resume"), "in_left").supported
    assert not flow.check_claim(run(flow, "pause"), "in_left").supported


def test_the_nested_investment_journey() -> None:
    """The nested investment journey."""
    flow = nested_investment()
    step = flow.start({"instalments_total": 2}, AT)
    assert step.effects == (Schedule("stalled", "stalled", AT + timedelta(days=3)),)
    j = step.journey
    assert flow.guidance(j).splitlines()[0].startswith("Welcome! Please verify")
    assert flow.allowed(j) == ("withdraw", "verification_passed", "stalled", "top_up")
    assert not flow.check_claim(j, "is_verified").supported
    assert flow.check_claim(j, "owns_shares").explanation.startswith("You are verified")
    j = flow.fire(j, "top_up", AT).journey
    assert flow.configuration(j) == ("checking_identity", "money_received")
    j = flow.fire(j, "verification_passed", AT + HOUR).journey
    assert flow.active(j) == ("paying", "instalment_due")
    assert flow.check_claim(j, "is_verified").supported
    step = flow.fire(j, "pay_instalment", AT + HOUR)
    assert step.effects == (
        Send("Instalment {count} of {total} received. Thank you!", params={"count": 1, "total": 2}),
    )
    j = flow.fire(step.journey, "pay_instalment", AT + HOUR).journey
    assert flow.configuration(j) == ("completed",)
    assert j.state == "completed|where_we_were=instalments_paid"
    assert j.count("instalments") == 2
    assert flow.guidance(run(flow, "withdraw")) is not None


def test_effect_factories_see_the_journey_after_the_whole_macrostep() -> None:
    """Effect factories see the journey after the whole macrostep."""
    seen: list[str] = []

    def record(journey: Journey, data: Any, at: datetime) -> tuple[Notify, ...]:
        seen.append(journey.state)
        return (Notify("team", "Welcome aboard!"),)

    base = chart()
    flow = chart(
        transitions=[
            Transition(t.source, t.event, t.target, effects=["record"])
            if t.event == "done.state.both"
            else t
            for t in base.transitions
        ],
        effects={"record": record},
    )
    step = flow.fire(run(flow, "go", "step"), "step", AT)
    assert [s.split("|")[0] for s in seen] == ["finished"]
    assert step.effects[-1] == Notify("team", "Welcome aboard!")


def test_done_events_that_loop_are_refused() -> None:
    """Done events that loop are refused."""
    flow = Flow(
        "loop",
        1,
        states=[
            State("a", states=[State("a1"), State("a_end", final=True)]),
            State("z", final=True),
        ],
        transitions=[
            Transition("a1", "finish", "a_end"),
            Transition("a", "done.state.a", "a_end"),
            Transition("a", "quit", "z"),
        ],
    )
    with pytest.raises(TransitionError, match="loops without waiting"):
        run(flow, "finish")


def test_done_events_without_a_transition_are_dropped() -> None:
    """Done events without a transition are dropped."""
    flow = Flow(
        "quiet",
        1,
        states=[
            State("a", states=[State("a1"), State("a_end", final=True)]),
            State("z", final=True),
        ],
        transitions=[Transition("a1", "finish", "a_end"), Transition("a", "quit", "z")],
    )
    assert run(flow, "finish").state == "a_end"


# ------------------------------------------------------------------ stored configurations


@pytest.mark.parametrize(
    ("state", "why"),
    [
        ("ghost", "is not a leaf state"),
        ("work", "is not a leaf state"),
        ("l1", "a region of parallel state 'both' is not active"),
        ("intro|paused", "2 states are active in 'the flow'"),
        ("r1|l1", "not sorted"),
        ("intro|intro", "not sorted"),
        ("intro|deep=ghost", "not states it can restore"),
        ("intro|shallow=l1", "not states it can restore"),
        ("intro|deep=both", "not states it can restore"),
        ("intro|paused=intro", "is not a history state"),
        ("intro|l1", "2 states are active in 'work'"),
    ],
)
def test_a_corrupt_configuration_is_refused(state: str, why: str) -> None:
    """A corrupt configuration is refused."""
    flow = chart()
    j = run(flow)._replace(state=state)
    with pytest.raises(ConfigError, match=why) as err:
        flow.timers(j)
    assert err.value.path == "journey.state"
    with pytest.raises(TransitionError, match=why):
        flow.fire(j, "go", AT)
    assert why in flow.why_not(j, "go")[0]


def test_a_history_naming_unknown_transitions_is_refused() -> None:
    """A history naming unknown transitions is refused."""
    flow = chart()
    j = run(flow, "go", "poke")
    bad = j._replace(history=(HistoryEntry(AT, "poke", "ghost", "l1"),))
    with pytest.raises(ConfigError, match="does not have") as err:
        flow.timers(bad)
    assert err.value.path == "journey.history"
    with pytest.raises(ConfigError, match="does not have"):
        flow.check_claim(bad, "x") if flow.claims else flow.timers(bad)


def test_journeys_round_trip_through_json_and_pickle() -> None:
    """Journeys round trip through json and pickle."""
    flow = chart()
    j = run(flow, "go", "jump", "pause")
    again = Journey.from_dict(json.loads(json.dumps(j.to_dict())))
    assert again == j
    assert flow.fire(again, "resume", AT).journey.state == "l2|r1|deep=l2,r1|shallow=both"
    assert pickle.loads(pickle.dumps(flow)) == flow  # noqa: S301 - our own bytes


def test_results_are_remembered_within_a_bound() -> None:
    """Results are remembered within a bound."""
    flow = chart()
    engine = flow._chart
    assert engine is not None
    run(flow, "go", "step")
    assert engine.micros
    assert engine.selections
    engine.micros.update(
        {(str(i), ()): next(iter(engine.micros.values())) for i in range(CACHE_LIMIT)}
    )
    engine.selections.update({(str(i), "x"): () for i in range(CACHE_LIMIT)})
    engine.domains.update({(str(i), "x"): engine.root for i in range(CACHE_LIMIT)})
    j = run(flow, "go", "step", "restart")
    assert flow.timers(flow.fire(j, "go", AT).journey)
    assert len(engine.micros) < CACHE_LIMIT
    assert len(engine.selections) < CACHE_LIMIT
    assert len(engine.domains) < CACHE_LIMIT


# ------------------------------------------------------------------ replay


def test_replay_events_and_stored_history() -> None:
    """Replay events and stored history."""
    flow = chart()
    j = run(flow, "go", "step", "step")
    result = flow.replay([(AT, "go"), (AT, "step"), (AT, "step", {})], started_at=AT)
    assert result.ok
    assert result.journey == j
    assert flow.replay(j.history, started_at=AT).journey == j
    rejected = flow.replay([(AT, "go"), (AT, "nope")], started_at=AT).rejected
    assert rejected is not None
    assert (rejected.index, rejected.event) == (1, "nope")
    # a recorded history that the flow does not follow
    wrong = (*j.history[:2], HistoryEntry(AT, "step", "l2", "l1"), j.history[3])
    rejected = flow.replay(wrong, started_at=AT).rejected
    assert rejected is not None
    assert rejected.index == 2
    rejected = flow.replay(j.history[:4], started_at=AT).rejected
    assert rejected is not None
    assert rejected.index == 4
    with pytest.raises(TypeError):
        flow.replay([*j.history[:3], "x"], started_at=AT)


# ------------------------------------------------------------------ migration


def flat_v1() -> Flow:
    """Flat v1."""
    return Flow(
        "kyc",
        1,
        states=[
            State("new", timers=[Timer("nudge", HOUR, "nudge")]),
            State("checking"),
            State("done", final=True),
        ],
        transitions=[
            Transition("new", "nudge", "new"),
            Transition("new", "submit", "checking"),
            Transition("checking", "pass", "done"),
        ],
    )


def nested_v2() -> Flow:
    """Nested v2."""
    return Flow(
        "kyc",
        2,
        states=[
            State(
                "open",
                states=[
                    State("new", timers=[Timer("nudge", HOUR, "nudge")]),
                    State(
                        "checks",
                        parallel=True,
                        states=[
                            State("id", states=[State("id_check"), State("id_ok", final=True)]),
                            State(
                                "money",
                                states=[
                                    State("waiting", timers=[Timer("chase", 2 * HOUR, "chase")]),
                                    State("paid", final=True),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
            State("done", final=True),
        ],
        transitions=[
            Transition("new", "nudge", "new"),
            Transition("new", "submit", "checks"),
            Transition("id_check", "pass", "id_ok"),
            Transition("waiting", "chase", "waiting"),
            Transition("waiting", "pay", "paid"),
            Transition("checks", "done.state.checks", "done"),
        ],
    )


def test_migrating_a_flat_journey_into_a_chart_completes_the_regions() -> None:
    """Migrating a flat journey into a chart completes the regions."""
    old, new = flat_v1(), nested_v2()
    j = old.fire(old.start({}, AT).journey, "submit", AT).journey
    step = new.migrate(
        j,
        Migration("kyc", 1, 2, states={"checking": "id_check"}, timers="replan"),
        at=AT + HOUR,
        previous=old,
    )
    assert step.journey.state == "id_check|waiting"
    assert step.effects == (Schedule("chase", "chase", AT + 3 * HOUR),)
    assert step.journey.history[-1].target == "id_check"
    # 'keep' starts a timer of a state the journey newly enters from the migration
    kept = new.migrate(
        j, Migration("kyc", 1, 2, states={"checking": "id_check"}), at=AT + HOUR, previous=old
    )
    assert kept.effects == (Schedule("chase", "chase", AT + 3 * HOUR),)
    cancelled = new.migrate(
        old.start({}, AT).journey,
        Migration("kyc", 1, 2, states={"checking": "id_check"}, timers="cancel"),
        at=AT,
        previous=old,
    )
    assert cancelled.effects == (Cancel("nudge"),)
    same = new.migrate(
        old.start({}, AT).journey,
        Migration("kyc", 1, 2, states={"checking": "id_check"}),
        at=AT,
        previous=old,
    )
    assert same.journey.state == "new"
    assert same.effects == ()


def test_migrating_a_chart_journey_back_to_a_flat_flow() -> None:
    """Migrating a chart journey back to a flat flow."""
    new, old = nested_v2(), flat_v1()
    v3 = Flow("kyc", 3, states=old.states, transitions=old.transitions)
    j = new.fire(new.start({}, AT).journey, "submit", AT).journey
    m = Migration(
        "kyc",
        2,
        3,
        states={
            "open": "new",
            "checks": "checking",
            "id": "checking",
            "id_check": "checking",
            "id_ok": "checking",
            "money": "checking",
            "waiting": "checking",
            "paid": "checking",
        },
    )
    step = v3.migrate(j, m, at=AT, previous=new)
    assert step.journey.state == "checking"
    assert step.effects == (Cancel("chase"),)
    split = Migration("kyc", 2, 3, states={**dict(m.states), "waiting": "new"})
    with pytest.raises(ConfigError, match="is flat and has one state at a time") as err:
        v3.migrate(j, split, at=AT, previous=new)
    assert err.value.path == "journey.state"
    with pytest.raises(ConfigError, match="before the journey's last event"):
        v3.migrate(j, m, at=AT - HOUR, previous=new)


def test_migrating_between_charts_keeps_history_it_can_restore() -> None:
    """Migrating between charts keeps history it can restore."""
    flow = chart()
    v2 = Flow("chart", 2, states=flow.states, transitions=flow.transitions)
    j = run(flow, "go", "jump", "pause")
    step = v2.migrate(j, Migration("chart", 1, 2), at=AT, previous=flow)
    assert step.journey.state == j.state
    assert step.effects == ()
    # a mapping that puts two states of one compound state together is refused
    with pytest.raises(ConfigError, match="cannot be active together"):
        v2.migrate(
            run(flow, "go"), Migration("chart", 1, 2, states={"l1": "intro"}), at=AT, previous=flow
        )
    # history values the new version cannot restore are dropped
    renamed = Migration("chart", 1, 2, states={"l2": "l1"})
    assert (
        v2.migrate(j, renamed, at=AT, previous=flow).journey.state
        == "paused|deep=l1,r1|shallow=both"
    )
    away = Migration("chart", 1, 2, states={"l2": "paused"})
    assert v2.migrate(j, away, at=AT, previous=flow).journey.state == "paused|shallow=both"
    v2b = Flow(
        "chart",
        2,
        states=[
            State(
                "work",
                timers=[Timer("work_timer", 10 * HOUR, "give_up")],
                states=[*flow.states[0].states[:3]],
            ),
            *flow.states[1:],
        ],
        transitions=[t for t in flow.transitions if t.target != "shallow"],
    )
    m = Migration("chart", 1, 2, states={"shallow": "deep"})
    with pytest.raises(ConfigError, match="is a history state"):
        v2b.migrate(j, m, at=AT, previous=flow)
    m = Migration("chart", 1, 2, states={"shallow": "intro", "paused_shallow": "paused"})
    assert v2b.migrate(j, m, at=AT, previous=flow).journey.state == "paused|deep=l2,r1"


def test_migration_problems_name_nested_states() -> None:
    """Migration problems name nested states."""
    old, new = flat_v1(), nested_v2()
    found = Migration("kyc", 1, 2, states={"ghost": "id_check", "checking": "nowhere"}).problems(
        old, new
    )
    assert [(p.path, message(p)) for p in found] == [
        ("states.checking", "target state 'nowhere' is not a state of version 2"),
        ("states.ghost", "version 1 has no state 'ghost'"),
    ]
    found = Migration("kyc", 1, 2).problems(old, new)
    assert [p.path for p in found] == ["states.checking"]


# ------------------------------------------------------------------ definitions


def test_to_dict_and_from_dict_round_trip_a_chart() -> None:
    """To dict and from dict round trip a chart."""
    for flow in (chart(), nested_investment(), nested_parallel()):
        data = json.loads(json.dumps(flow.to_dict()))
        again = Flow.from_dict(data, guards=flow.guards, effects=flow.effects)
        assert again == flow
        assert again.to_dict() == flow.to_dict()


def test_flat_definitions_are_written_as_before() -> None:
    """Flat definitions are written as before."""
    flow = investment()
    assert all(set(s) <= {"name", "final", "guidance", "timers"} for s in flow.to_dict()["states"])


def test_every_problem_of_a_chart_at_once() -> None:
    """Every problem of a chart at once."""
    data = {
        "name": "bad",
        "version": 1,
        "states": [
            {"name": "h", "history": "deep"},
            {"name": "p", "parallel": True, "states": [{"name": "only"}]},
            {"name": "c", "initial": "ghost", "states": [{"name": "c1"}, {"name": "c1"}]},
            {"name": "f", "final": True, "states": [{"name": "f1"}]},
            {"name": "x|y"},
            {
                "name": "hh",
                "states": [
                    {"name": "hist", "history": "deep", "timers": []},
                    {"name": "k", "history": "shallow", "guidance": "Welcome aboard!"},
                ],
            },
            {
                "name": "pi",
                "parallel": True,
                "initial": "a",
                "states": [{"name": "a"}, {"name": "b"}],
            },
            {
                "name": "fi",
                "initial": "fin",
                "states": [{"name": "fin", "final": True}, {"name": "z"}],
            },
            {"name": "ff", "states": [{"name": "ff1", "final": True}, {"name": "ff2"}]},
            {
                "name": "t",
                "timers": [
                    {"name": "one", "after": "PT1H", "event": "never"},
                    {"name": "one", "after": "PT1H", "event": "never", "calendar": "ghost"},
                ],
            },
            {"name": "kind", "history": "sideways"},
            {"name": "para", "parallel": "yes"},
        ],
        "transitions": [
            {"source": "c1", "event": "go", "target": "nowhere"},
            {"source": "h", "event": "go", "target": "c"},
            {
                "source": "f1",
                "event": "go",
                "target": "c",
                "guards": ["ghost"],
                "effects": ["ghost"],
            },
            {"source": "c1", "event": "go", "target": "nowhere"},
        ],
    }
    with pytest.raises(ConfigError) as err:
        Flow.from_dict(data)
    found = {(p.path, str(p).split(";")[0].split(",")[0]) for p in err.value.problems}  # type: ignore[attr-defined]
    paths = {p for p, _ in found}
    for path in [
        "states[0].history",
        "states[1].states",
        "states[2].initial",
        "states[2].states[1].name",
        "states[3]",
        "states[4].name",
        "states[5].states[1]",
        "states[6].initial",
        "states[7].initial",
        "states[8].states",
        "states[9].timers[1].name",
        "states[9].timers[0].event",
        "states[9].timers[1].calendar",
        "states[10].history",
        "states[11].parallel",
        "transitions[0].target",
        "transitions[1].source",
        "transitions[2].guards[0]",
        "transitions[2].effects[0]",
        "transitions[3]",
    ]:
        assert path in paths, (path, sorted(found))


def test_more_chart_problems() -> None:
    """More chart problems."""

    def problems(**spec: Any) -> list[tuple[str, str]]:
        with pytest.raises(ConfigError) as err:
            Flow("bad", 1, **spec)
        return [(p.path, message(p)) for p in err.value.problems]  # type: ignore[attr-defined]

    found = problems(
        states=[
            State("a", states=[State("h", history="deep")]),
            State("z", final=True),
            State("lost"),
        ],
        transitions=[Transition("a", "go", "z"), Transition("lost", "go", "z")],
        initial="h",
    )
    assert ("states[0].states", "compound state 'a' has only history states") in found
    assert ("initial", "initial state 'h' is a history state") in found
    found = problems(
        states=[State("a", states=[State("a1")]), State("z", final=True), State("lost")],
        transitions=[Transition("a", "go", "z"), Transition("lost", "go", "z")],
        initial="nowhere",
    )
    assert found[0][0] == "initial"
    # States no transition enters are allowed in a statechart; check() reports them.
    lost = Flow(
        name="lost",
        version=1,
        states=[
            State("a", states=[State("a1"), State("a2")]),
            State("z", final=True),
            State("lost"),
        ],
        transitions=[Transition("a", "go", "z"), Transition("lost", "go", "z")],
    )
    assert [(f.code, f.path) for f in lost.check() if f.code == "unreachable"] == [
        ("unreachable", "states[0].states[1]"),
        ("unreachable", "states[2]"),
    ]
    found = problems(
        states=[
            State("a", states=[State("a1")]),
            State("z", final=True),
            State("t", timers=[Timer("x", -HOUR, "go")]),
        ],
        transitions=[Transition("a", "go", "t"), Transition("t", "go", "z")],
    )
    assert (
        "states[2].timers[0].after",
        "must be positive, got datetime.timedelta(days=-1, seconds=82800)",
    ) in found
    deep = State("leaf")
    for i in range(40):
        deep = State(f"n{i}", states=[deep])
    found = problems(
        states=[deep, State("z", final=True)], transitions=[Transition("n39", "go", "z")]
    )
    assert any("nest more than 32" in m for _, m in found)
    data = Flow(
        "ok",
        1,
        states=[State("a", states=[State("a1")]), State("z", final=True)],
        transitions=[Transition("a", "go", "z")],
    ).to_dict()
    node = data["states"][0]
    for i in range(40):
        node = {"name": f"m{i}", "states": [node]}
    data["states"][0] = node
    with pytest.raises(ConfigError, match="nest more than 32"):
        Flow.from_dict(data)


def test_state_values_check_their_types() -> None:
    """State values check their types."""
    with pytest.raises(TypeError):
        State("a", states="b")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        State("a", states=["b"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        State("a", history=1)  # type: ignore[arg-type]
    with pytest.raises(ConfigError) as err:
        State("a", history="sideways")
    assert err.value.path == "history"
    with pytest.raises(TypeError):
        State("a", parallel="yes")  # type: ignore[arg-type]


# ------------------------------------------------------------------ diagrams and test paths


def test_diagrams_nest_states() -> None:
    """Diagrams nest states."""
    flow = chart()
    text = flow.to_mermaid()
    assert "    state work {" in text
    assert "            --\n" in text
    assert '        state "H*" as deep' in text
    assert '        state "H" as shallow' in text
    assert "                l2 --> l_done : step" in text
    dot = flow.to_dot()
    assert 'subgraph "cluster_both" {' in dot
    assert 'ltail="cluster_work"' in dot
    assert 'lhead="cluster_both"' in dot
    odd = Flow(
        "odd",
        1,
        states=[State("a b", states=[State("c d")]), State("z", final=True)],
        transitions=[Transition("a b", "go", "z")],
    )
    assert 'state "a b" as s0' in odd.to_mermaid()


def test_test_paths_cover_every_transition_of_a_chart() -> None:
    """Test paths cover every transition of a chart."""
    flow = chart()
    paths = flow.test_paths()
    covered = {t for path in paths for t in path}
    for t in flow.transitions:
        if not t.event.startswith("done.state."):
            assert t in covered, t
    for path in paths:
        j = flow.start({}, AT).journey
        for t in path:
            j = flow.fire(j, t.event, AT).journey
    assert ("go", "step", "step") in {tuple(t.event for t in p) for p in paths}


def test_chart_engine_on_its_own() -> None:
    """Chart engine on its own."""
    flow = chart()
    engine = Chart(None, flow.states, flow.transitions, "intro", flow.guards, flow.effects)
    assert engine.name == "?"
    assert repr(engine.nodes["intro"]) == "Node('intro')"


# ------------------------------------------------------------------ corners


def nested_parallel() -> Flow:
    """A parallel state whose regions are compound, parallel and atomic."""
    return Flow(
        "np",
        1,
        states=[
            State(
                "p",
                parallel=True,
                states=[
                    State("a", initial="a1", states=[State("a1"), State("a_end", final=True)]),
                    State(
                        "q",
                        parallel=True,
                        states=[
                            State("b", states=[State("b1"), State("b_end", final=True)]),
                            State("c", states=[State("c1"), State("c_end", final=True)]),
                        ],
                    ),
                    State("d"),
                    State("hp", history="shallow"),
                ],
            ),
            State("z", final=True),
        ],
        transitions=[
            Transition("a1", "e", "a_end"),
            Transition("b1", "e", "b_end"),
            Transition("c1", "e", "c_end"),
            Transition("p", "done.state.p", "z"),
            Transition("q", "done.state.q", "z", guards=["never"]),
            Transition("p", "quit", "z"),
            Transition("d", "again", "hp"),
        ],
        guards={"never": Guard(lambda _j, _d: False, "never")},
    )


def test_done_events_of_nested_parallel_states() -> None:
    """Done events of nested parallel states."""
    flow = nested_parallel()
    j = run(flow, "e")
    # every region but the atomic 'd' is done: q is done, p is not
    assert flow.configuration(j) == ("a_end", "b_end", "c_end", "d")
    assert [e.event for e in j.history] == ["e", "e", "e"]
    assert flow.configuration(run(flow, "again")) == ("a1", "b1", "c1", "d")
    text = flow.to_mermaid()
    assert '        state "H" as hp' in text
    assert "        --\n" in text


def test_a_deeper_source_replaces_an_ancestors_transition_in_conflict() -> None:
    """A deeper source replaces an ancestors transition in conflict."""
    base = chart()
    flow = chart(
        transitions=[
            *base.transitions,
            Transition("both", "e", "paused"),
            Transition("r1", "e", "r_done"),
        ]
    )
    j = run(flow, "go", "e")
    assert j.state == "l1|r_done"
    assert [e.source for e in j.history] == ["intro", "r1"]


def test_one_guard_failing_twice_is_reported_once() -> None:
    """One guard failing twice is reported once."""
    flow = chart(
        transitions=[
            Transition("intro", "go", "both", guards=["never"]),
            Transition("intro", "go", "paused", guards=["never", "also_never"]),
            *chart().transitions[1:],
        ],
        guards={
            "never": Guard(lambda _j, _d: False, "a miracle"),
            "also_never": Guard(lambda _j, _d: False, "luck"),
        },
    )
    assert flow.why_not(run(flow), "go") == (
        "requires a miracle (guard 'never')",
        "requires luck (guard 'also_never')",
    )


def test_fire_checks_its_arguments() -> None:
    """Fire checks its arguments."""
    flow = chart()
    with pytest.raises(TypeError):
        flow.fire(tuple(run(flow)), "go", AT)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        flow.fire(run(flow), "go", AT, data=[])  # type: ignore[arg-type]


def test_test_paths_follow_done_events() -> None:
    """Test paths follow done events."""
    flow = nested_investment()
    paths = flow.test_paths()
    assert ("verification_passed", "top_up", "hold", "resume") in {
        tuple(t.event for t in p) for p in paths
    }
    for path in paths:
        j = flow.start({"instalments_total": 3}, AT).journey
        for t in path:
            j = flow.fire(j, t.event, AT).journey


def test_more_migrations_between_versions() -> None:
    """More migrations between versions."""
    old, new = flat_v1(), nested_v2()
    j = old.fire(old.start({"who": 1}, AT).journey, "submit", AT).journey
    # onto a compound state: it enters its initial state
    step = new.migrate(
        j,
        Migration("kyc", 1, 2, states={"checking": "open"}, context={"who": "whom"}),
        at=AT,
        previous=old,
    )
    assert step.journey.state == "new"
    assert dict(step.journey.context) == {"whom": 1}
    # an unmapped state whose namesake in the new version is a history state
    v2 = Flow(
        "kyc",
        2,
        states=[
            State("open", states=[State("new"), State("checking", history="deep")]),
            State("done", final=True),
        ],
        transitions=[Transition("new", "pass", "done"), Transition("open", "back", "checking")],
    )
    with pytest.raises(ConfigError, match="is a history state"):
        v2.migrate(j, Migration("kyc", 1, 2), at=AT, previous=old)
    # history values naming states the new version has not (or not as history)
    flow = chart()
    k = run(flow, "go", "jump", "pause")
    v3 = Flow(
        "chart",
        2,
        states=[
            State("work", states=[State("intro"), State("deep")]),
            State("paused"),
            State("shallow"),
            State("finished", final=True),
        ],
        transitions=[
            Transition("intro", "go", "deep"),
            Transition("deep", "go", "finished"),
            Transition("paused", "resume", "intro"),
            Transition("intro", "pause", "paused"),
            Transition("intro", "x", "shallow"),
            Transition("shallow", "x", "finished"),
        ],
    )
    names = dict.fromkeys(("both", "left", "right", "l1", "l2", "l_done", "r1", "r_done"), "intro")
    m = Migration("chart", 1, 2, states={**names, "paused_shallow": "paused", "quit": "finished"})
    assert v3.migrate(k, m, at=AT, previous=flow).journey.state == "paused"


def test_a_final_state_has_no_way_out_and_a_chart_needs_a_top_level_final() -> None:
    """A final state has no way out and a chart needs a top level final."""
    with pytest.raises(ConfigError) as err:
        Flow(
            "bad",
            1,
            states=[
                State(
                    "a", initial="a2", states=[State("a1"), State("a2"), State("a_end", final=True)]
                )
            ],
            transitions=[
                Transition("a2", "go", "a_end"),
                Transition("a_end", "go", "a1"),
                Transition("a2", "x", "a1"),
            ],
        )
    found = [(p.path, message(p)) for p in err.value.problems]  # type: ignore[attr-defined]
    assert ("states", "no top-level state is final; mark at least one with final=True") in found
    assert ("transitions[1].source", "state 'a_end' is final; no transition may leave it") in found


def test_the_fast_path_takes_an_ancestors_transition_once() -> None:
    """Two leaves selecting their common ancestor's transition take it once."""
    flow = chart()
    j = run(flow, "go")
    first = flow.fire(j, "pause", AT)
    again = flow.fire(j, "pause", AT)  # now from the remembered step
    assert again == first
    assert [e.source for e in again.journey.history] == ["intro", "work"]


def test_funnel_counts_are_refused_on_a_nested_flow() -> None:
    """Funnels count the states of flat flows; a nested flow is drawn without one."""
    flow = chart()
    # a flat flow's funnel under the nested flow's name
    report = attrs.evolve(funnel(investment(), [], AT), flow=flow.name)
    with pytest.raises(ConfigError) as err:
        flow.to_mermaid(report)
    assert err.value.path == "funnel"
    with pytest.raises(ConfigError):
        flow.to_dot(report)


def test_raised_events_are_processed_in_the_same_step() -> None:
    """A transition's raises run after it, before the done events of its entry."""
    flow = Flow(
        "raise",
        1,
        states=[
            State("a"),
            State("b", states=[State("b1"), State("b_end", final=True)]),
            State("c"),
            State("z", final=True),
        ],
        transitions=[
            Transition("a", "go", "b", raises=["skip", "again"]),
            Transition("b1", "skip", "b_end"),
            Transition("b", "again", "c"),
            Transition("b", "done.state.b", "z"),
            Transition("c", "done.state.b", "z"),
            Transition("c", "end", "z"),
        ],
    )
    assert flow.to_dict()["transitions"][0]["raises"] == ["skip", "again"]
    j = run(flow, "go")
    # go; skip (b1 -> b_end, raising done.state.b); again (b -> c); done.state.b (c -> z)
    assert [(e.event, e.target) for e in j.history] == [
        ("go", "b"),
        ("skip", "b_end"),
        ("again", "c"),
        ("done.state.b", "z"),
    ]
    assert Flow.from_dict(flow.to_dict()) == flow
    assert Flow.from_scxml(flow.to_scxml()) == flow
    actions = flow.to_xstate()["states"]["a"]["on"]["go"][0]["actions"]
    assert actions[0] == {"type": "xstate.raise", "params": {"event": "skip"}}
    with pytest.raises(ConfigError) as err:
        Flow(
            "bad",
            1,
            states=[State("a"), State("z", final=True)],
            transitions=[Transition("a", "go", "z", raises=[""])],
        )
    assert err.value.problems[0].path == "transitions[0].raises[0]"  # type: ignore[attr-defined]
    data = flow.to_dict()
    data["transitions"][0]["raises"] = "skip"
    with pytest.raises(ConfigError, match="expected a list of names"):
        Flow.from_dict(data)


def test_the_fast_path_with_two_regions_and_a_failing_guard() -> None:
    """Two regions handle the event; one region's only transition is guarded out."""
    base = chart()
    flow = chart(
        transitions=[
            Transition(
                t.source,
                t.event,
                t.target,
                guards=["never" if t.source == "r1" else "yes"],
                effects=t.effects,
            )
            if t.event == "step" and t.source in {"r1", "l1"}
            else t
            for t in base.transitions
        ],
        guards={
            "never": Guard(lambda _j, _d: False, "never"),
            "yes": Guard(lambda _j, _d: True, "yes"),
        },
    )
    j = run(flow, "go")
    first = flow.fire(j, "step", AT)
    assert first == flow.fire(j, "step", AT)
    assert first.journey.state == "l2|r1"
    assert flow.fire(first.journey, "step", AT).journey.state == "l_done|r1"
