"""Flow and Journey: definitions, validation, firing, timers, replay, claims."""

from __future__ import annotations

import copy
import gc
import json
import pickle
import sys
import types
from collections import OrderedDict
from datetime import datetime, timedelta, timezone
from types import MappingProxyType

import attrs
import pytest

from servicekit._time import zone
from servicekit.exceptions import ConfigError, NaiveDatetimeError, TransitionError
from servicekit.onboarding import (
    Cancel,
    Claim,
    Deviation,
    Flow,
    FunnelRow,
    Guard,
    HistoryEntry,
    Journey,
    Notify,
    Rejection,
    Replay,
    Requirement,
    Schedule,
    Send,
    State,
    Step,
    Stuck,
    Timer,
    Transition,
    Verdict,
    funnel,
)
from servicekit.onboarding._model import _NO_CONTEXT
from servicekit.onboarding.flows import investment
from strategies_onboarding import AT, demo_flow

BERLIN = zone("Europe/Berlin")
H = timedelta(hours=1)


def started(flow=None, context=None, at=AT):
    """Return a flow and a journey started in it."""
    flow = flow or demo_flow()
    return flow, flow.start(
        context if context is not None else {"email": "a@example.org"}, at
    ).journey


class TestStart:
    """Flow.start creates version 0 in the initial state and schedules its timers."""

    def test_initial_state_and_timer(self):
        """The first state is the initial one; its timer is scheduled a day later."""
        flow = demo_flow()
        step = flow.start({"email": "a@example.org"}, AT)
        assert "new" == step.journey.state
        assert 0 == step.journey.version
        assert (Schedule("nudge", "nudge", AT + timedelta(days=1)),) == step.effects

    def test_explicit_initial(self):
        """``initial`` overrides the first state."""
        flow = demo_flow(
            initial="verified",
            transitions=[
                Transition("verified", "finish", "done"),
                Transition("verified", "back", "new"),
                Transition("new", "verify", "verified"),
                Transition("new", "nudge", "new"),
                Transition("verified", "quit", "gone"),
                Transition("new", "x", "chosen"),
                Transition("chosen", "y", "funded"),
                Transition("funded", "z", "done"),
            ],
            guards={},
            effects={},
        )
        assert "verified" == flow.start({}, AT).journey.state

    def test_naive_at_rejected(self):
        """A naive start time is refused."""
        with pytest.raises(NaiveDatetimeError):
            demo_flow().start({}, datetime(2026, 1, 1))  # noqa: DTZ001

    def test_context_must_be_mapping(self):
        """A context that is not a mapping is a TypeError."""
        with pytest.raises(TypeError):
            demo_flow().start(["x"], AT)

    def test_none_context_is_empty(self):
        """``None`` gives an empty context."""
        assert {} == dict(demo_flow().start(None, AT).journey.context)

    def test_other_mappings(self):
        """Any mapping is copied into a read-only context; empty ones are shared."""
        flow = demo_flow()
        source = OrderedDict(plan="gold")
        journey = flow.start(source, AT).journey
        source["plan"] = "silver"
        assert {"plan": "gold"} == dict(journey.context)
        assert flow.start(OrderedDict(), AT).journey.context is flow.start({}, AT).journey.context


class TestFire:
    """Firing returns the next journey and the effects as data."""

    def test_effect_order(self):
        """Cancels of the old state's timers come first, then effects, then schedules."""
        flow, j = started()
        step = flow.fire(j, "verify", AT + timedelta(hours=1))
        assert isinstance(step, Step)
        assert (Cancel("nudge"), Send("Welcome aboard!")) == step.effects
        assert "verified" == step.journey.state
        assert 1 == step.journey.version
        assert (HistoryEntry(AT + timedelta(hours=1), "verify", "new", "verified"),) == (
            step.journey.history
        )

    def test_mixed_effects_and_other_mappings(self):
        """Literal effects and factories keep their order; any mapping may carry data."""
        flow = Flow(
            "mix",
            1,
            states=[State("a"), State("b", final=True)],
            transitions=[
                Transition("a", "go", "b", effects=[Send("one"), "two", Send("three")]),
            ],
            effects={"two": lambda j, d, at: [Send(d["word"])]},
        )
        j = flow.start({}, AT).journey
        step = flow.fire(j, "go", AT, MappingProxyType({"word": "two"}))
        assert ["one", "two", "three"] == [e.message_id for e in step.effects]

    def test_fire_refuses_going_back_in_time(self):
        """Fire itself refuses an event before the last one."""
        flow, j = started()
        j = flow.fire(j, "verify", AT + H).journey
        with pytest.raises(TransitionError, match="events must be fired in time order"):
            flow.fire(j, "quit", AT)

    def test_self_transition_restarts_timer(self):
        """A self-transition leaves and re-enters: its timer is cancelled and rescheduled."""
        flow, j = started()
        later = AT + timedelta(days=1)
        step = flow.fire(j, "nudge", later)
        assert (
            Cancel("nudge"),
            Notify("partner", "Welcome aboard!"),
            Schedule("nudge", "nudge", later + timedelta(days=1)),
        ) == step.effects
        assert 1 == step.journey.count("nudges")
        assert 0 == step.journey.count("payments")

    def test_guard_with_data(self):
        """A guard reads event data; without it the event is refused with the requirement."""
        flow, j = started()
        j = flow.fire(j, "verify", AT).journey
        with pytest.raises(TransitionError) as info:
            flow.fire(j, "choose", AT)
        assert ("requires a package in the data (guard 'has_package')",) == info.value.reasons
        assert "choose" == info.value.event
        assert "verified" == info.value.state
        assert "chosen" == flow.fire(j, "choose", AT, {"package": "gold"}).journey.state

    def test_counts(self):
        """Counters increase by one per counting transition."""
        flow, j = started()
        for event, data in [("verify", None), ("choose", {"package": 1}), ("fund", None)]:
            j = flow.fire(j, event, AT, data).journey
        assert (("payments", 1),) == j.counters

    def test_wrong_state(self):
        """An event with no transition from the state names the allowed ones."""
        flow, j = started()
        assert (
            "no transition for 'fund' from 'new'; allowed here: 'verify', 'nudge', 'quit'",
        ) == flow.why_not(j, "fund")

    def test_final_state(self):
        """Nothing leaves a final state."""
        flow, j = started()
        j = flow.fire(j, "quit", AT).journey
        assert ("state 'gone' is final; no event leaves it",) == flow.why_not(j, "verify")

    def test_other_flow(self):
        """A journey of another flow or version is refused."""
        _, j = started()
        other = demo_flow()
        other = Flow(
            "demo",
            2,
            states=other.states,
            transitions=other.transitions,
            guards=other.guards,
            effects=other.effects,
        )
        reasons = other.why_not(j, "verify")
        assert 1 == len(reasons)
        assert "version 1 of flow 'demo', older than this flow's version 2" in reasons[0]
        assert "migrate it first" in reasons[0]
        with pytest.raises(TransitionError):
            other.fire(j, "verify", AT)

    def test_stale_version(self):
        """Optimistic locking: a different expected version is refused."""
        flow, j = started()
        moved = flow.fire(j, "verify", AT, expected_version=0).journey
        with pytest.raises(TransitionError) as info:
            flow.fire(moved, "quit", AT, expected_version=0)
        assert "the journey is at version 1, not 0" in info.value.reasons[0]

    def test_time_must_not_go_back(self):
        """An event before the journey's last event is refused."""
        flow, j = started()
        j = flow.fire(j, "verify", AT + timedelta(hours=2)).journey
        reasons = flow.why_not(j, "quit", AT + timedelta(hours=1))
        assert "before the journey's last event" in reasons[0]
        assert () == flow.why_not(j, "quit", AT + timedelta(hours=2))

    def test_why_not_empty_when_allowed(self):
        """why_not is empty for an allowed event."""
        flow, j = started()
        assert () == flow.why_not(j, "verify")

    def test_bad_arguments(self):
        """Naive times, non-journeys and non-mapping data are rejected."""
        flow, j = started()
        with pytest.raises(NaiveDatetimeError):
            flow.fire(j, "verify", datetime(2026, 3, 2))  # noqa: DTZ001
        with pytest.raises(TypeError):
            flow.fire(j.to_dict(), "verify", AT)
        with pytest.raises(TypeError):
            flow.fire(j, "verify", AT, ["x"])

    def test_unknown_state_journey(self):
        """A journey claiming a state the flow lacks is refused, not crashed on."""
        flow, j = started()
        ghost = j._replace(state="ghost")
        assert ("state 'ghost' is not a state of this flow",) == flow.why_not(ghost, "verify")

    def test_guarded_alternatives_collect_reasons(self):
        """With several guarded alternatives, every unmet requirement is listed once."""
        no = Guard(lambda j, d: False, "never")
        flow = Flow(
            "alt",
            1,
            states=[State("a"), State("b", final=True)],
            transitions=[
                Transition("a", "go", "b", guards=["no"]),
                Transition("a", "go", "b", guards=["no", "bare"]),
            ],
            guards={"no": no, "bare": lambda j, d: False},
        )
        j = flow.start({}, AT).journey
        assert (
            "requires never (guard 'no')",
            "requires guard 'bare' holds (guard 'bare')",
        ) == flow.why_not(j, "go")


class TestTimers:
    """Timers are derived from the journey: they survive restarts."""

    def test_due(self):
        """A timer is due once its time has come, and not before."""
        flow, j = started()
        assert () == flow.due(j, AT + timedelta(hours=23))
        assert (Schedule("nudge", "nudge", AT + timedelta(days=1)),) == flow.due(
            j, AT + timedelta(days=1)
        )

    def test_due_after_leaving(self):
        """After leaving the state its timer is no longer due."""
        flow, j = started()
        j = flow.fire(j, "verify", AT).journey
        assert () == flow.due(j, AT + timedelta(days=30))

    def test_real_elapsed_time_across_dst(self):
        """Without a calendar ``after`` is real elapsed time, also across a DST change."""
        flow = demo_flow()
        start = datetime(2026, 3, 28, 12, tzinfo=BERLIN)  # the night before spring-forward
        step = flow.start({}, start)
        due = step.effects[0].due_at
        assert timedelta(days=1) == due.astimezone(timezone.utc) - start.astimezone(timezone.utc)
        assert 13 == due.astimezone(BERLIN).hour  # the wall clock moved by 25 hours

    def test_business_calendar(self):
        """With a calendar ``after`` is counted by ``calendar.add``."""

        class Weekdays:
            def add(self, start, duration):
                return start + duration + timedelta(days=2)

        base = demo_flow()
        states = list(base.states)
        states[0] = State(
            "new", timers=[Timer("nudge", timedelta(days=1), "nudge", calendar="office")]
        )
        flow = demo_flow(states=states, calendars={"office": Weekdays()})
        assert AT + timedelta(days=3) == flow.start({}, AT).effects[0].due_at
        j = flow.start({}, AT).journey
        assert () == flow.due(j, AT + timedelta(days=2))
        assert 1 == len(flow.due(j, AT + timedelta(days=3)))

    def test_due_checks(self):
        """Due rejects naive times and journeys of another flow."""
        flow, j = started()
        with pytest.raises(NaiveDatetimeError):
            flow.due(j, datetime(2026, 3, 2))  # noqa: DTZ001
        with pytest.raises(ConfigError):
            flow.due(j._replace(flow="other"), AT)
        with pytest.raises(TypeError):
            flow.due(j.to_dict(), AT)


class TestReplay:
    """replay rebuilds journeys and reports the first refused event."""

    def test_replay_history(self):
        """Replaying a journey's own history gives the same journey."""
        flow, j = started()
        j = flow.fire(j, "nudge", AT + timedelta(days=1)).journey
        j = flow.fire(j, "verify", AT + timedelta(days=2)).journey
        result = flow.replay(j.history, started_at=j.started_at, context=j.context)
        assert result.ok
        assert j == result.journey

    def test_first_rejected(self):
        """The first refused event is reported with its index and reasons."""
        flow = demo_flow()
        events = [(AT, "verify"), (AT, "fund"), (AT, "choose", {"package": 1})]
        result = flow.replay(events, started_at=AT)
        assert not result.ok
        assert "verified" == result.journey.state
        assert Rejection(1, AT, "fund", result.rejected.reasons) == result.rejected
        assert "no transition for 'fund'" in result.rejected.reasons[0]

    def test_data_in_events(self):
        """Events may carry their data for guards."""
        flow = demo_flow()
        events = [(AT, "verify"), (AT, "choose", {"package": 1}), (AT, "fund", None)]
        assert "funded" == flow.replay(events, started_at=AT).journey.state

    def test_history_must_match(self):
        """A history entry whose recorded target differs from the flow is rejected."""
        flow = demo_flow()
        events = [HistoryEntry(AT, "verify", "new", "chosen")]
        result = flow.replay(events, started_at=AT)
        assert "recorded 'new' -> 'chosen'" in result.rejected.reasons[0]

    def test_bad_event(self):
        """An event that is not a tuple is a TypeError; a naive time is refused."""
        with pytest.raises(TypeError):
            demo_flow().replay(["verify"], started_at=AT)
        with pytest.raises(NaiveDatetimeError):
            demo_flow().replay([(datetime(2026, 3, 2, 10), "verify")], started_at=AT)  # noqa: DTZ001

    def test_zones(self):
        """Event times in any zone are the same instants."""
        local = AT.astimezone(BERLIN) + H
        result = demo_flow().replay([(local, "verify")], started_at=AT.astimezone(BERLIN))
        assert AT + H == result.journey.history[0].at
        assert timezone.utc is result.journey.history[0].at.tzinfo


class TestJourneyValue:
    """Journey is a small frozen value with a JSON form."""

    def test_repr_hides_context(self):
        """Personal data in the context stays out of repr."""
        _, j = started()
        assert "example.org" not in repr(j)
        assert "context" not in repr(j)

    def test_context_read_only(self):
        """The context cannot be changed in place."""
        _, j = started()
        with pytest.raises(TypeError):
            j.context["email"] = "b@example.org"

    def test_frozen(self):
        """Fields cannot be assigned."""
        _, j = started()
        with pytest.raises(AttributeError):
            j.state = "done"
        with pytest.raises(AttributeError):
            j.extra = 1

    def test_eq_hash(self):
        """Equal journeys hash equal; the context takes part in equality."""
        flow, j = started()
        k = flow.start({"email": "a@example.org"}, AT).journey
        assert j == k
        assert hash(j) == hash(k)
        assert j != flow.start({"email": "b@example.org"}, AT).journey

    def test_pickle_copy(self):
        """Journeys pickle and copy to equal values."""
        flow, j = started()
        j = flow.fire(j, "verify", AT).journey
        assert j == pickle.loads(  # noqa: S301 - our own bytes
            pickle.dumps(j)
        )
        assert j == copy.deepcopy(j)
        assert j == copy.copy(j)

    def test_json_round_trip(self):
        """to_dict is JSON and from_dict reads it back."""
        flow, j = started(at=datetime(2026, 3, 2, 9, tzinfo=BERLIN))
        j = flow.fire(j, "nudge", datetime(2026, 3, 3, 9, tzinfo=BERLIN)).journey
        data = json.loads(json.dumps(j.to_dict()))
        assert j == Journey.from_dict(data)

    def test_accessors(self):
        """entered_at, last_at, count and visited describe the journey."""
        flow, j = started()
        later = AT + timedelta(hours=3)
        j = flow.fire(flow.fire(j, "verify", AT).journey, "quit", later).journey
        assert later == j.entered_at == j.last_at
        assert ("new", "verified", "gone") == j.visited()
        looped = flow.fire(flow.start({}, AT).journey, "nudge", AT).journey
        assert ("new",) == looped.visited()
        assert 0 == j.count("nothing")

    @pytest.mark.parametrize(
        ("change", "path"),
        [
            ({"flow": 1}, "flow"),
            ({"version": "1"}, "version"),
            ({"context": []}, "context"),
            ({"counters": {"a": "1"}}, "counters"),
            ({"history": {}}, "history"),
            ({"history": [["x"]]}, "history[0]"),
            ({"history": [["2026-01-01", "a", "b", "c"]]}, "history[0][0]"),
            ({"started_at": "yesterday"}, "started_at"),
        ],
    )
    def test_from_dict_errors(self, change, path):
        """Malformed journey data names the path."""
        _, j = started()
        with pytest.raises(ConfigError) as info:
            Journey.from_dict({**j.to_dict(), **change})
        assert path == info.value.path

    def test_from_dict_type(self):
        """Non-mapping data is a TypeError."""
        with pytest.raises(TypeError):
            Journey.from_dict([])

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"context": [1]},
            {"counters": 3},
            {"counters": {"a": 1.5}},
            {"history": 3},
        ],
    )
    def test_constructor_types(self, kwargs):
        """The constructor rejects wrong types."""
        with pytest.raises(TypeError):
            Journey("f", 1, "s", 0, AT, **kwargs)

    @pytest.mark.parametrize(
        "args",
        [(1, 1, "s", 0), ("f", "1", "s", 0), ("f", 1, None, 0), ("f", 1, "s", 0.5)],
    )
    def test_constructor_field_types(self, args):
        """Names must be strings and versions integers."""
        with pytest.raises(TypeError):
            Journey(*args, AT)

    def test_unpacks_like_a_step(self):
        """A Step unpacks into the journey and its effects."""
        flow = demo_flow()
        journey, effects = flow.start({}, AT)
        assert "new" == journey.state
        assert 1 == len(effects)

    def test_constructor_naive(self):
        """Naive times are rejected in the constructor and the history."""
        with pytest.raises(NaiveDatetimeError):
            Journey("f", 1, "s", 0, datetime(2026, 1, 1))  # noqa: DTZ001
        with pytest.raises(NaiveDatetimeError):
            Journey("f", 1, "s", 0, AT, history=[(datetime(2026, 1, 1), "e", "a", "b")])  # noqa: DTZ001

    def test_history_tuples_accepted(self):
        """History entries may be given as plain tuples."""
        j = Journey("f", 1, "b", 1, AT, history=[(AT, "e", "a", "b")], counters=[("x", 1)])
        assert HistoryEntry(AT, "e", "a", "b") == j.history[0]
        assert 1 == j.count("x")


class TestEffects:
    """Effects are small values that render their text."""

    def test_send_text(self):
        """Send renders its message with parameters in a language."""
        send = Send(
            "Instalment {count} of {total} received. Thank you!", params={"count": 2, "total": 6}
        )
        assert "Взнос 2 из 6 получен. Спасибо!" == send.text("ru")
        assert "Rate 2 von 6 ist eingegangen. Vielen Dank!" == send.text("de")

    def test_notify_text(self):
        """Notify renders its message too."""
        assert "Ti diamo il benvenuto a bordo!" == Notify("sponsor", "Welcome aboard!").text("it")

    def test_params_types(self):
        """Parameters must map names to values."""
        with pytest.raises(TypeError):
            Send("x", params=[("a", 1)])
        with pytest.raises(TypeError):
            Send("x", params=((1, 2),))
        assert (("a", 1),) == Send("x", params=(("a", 1),)).params

    def test_effect_values(self):
        """Effects are hashable, comparable values."""
        assert len({Cancel("a"), Cancel("a"), Schedule("a", "e", AT)}) == 2


class TestValidation:
    """A definition is checked on construction; every problem is reported at once."""

    def test_all_problems_with_paths(self):
        """Unknown states, unreachable, dead ends, duplicates and unregistered names."""
        with pytest.raises(ConfigError) as info:
            Flow(
                "bad",
                1,
                states=[
                    State(
                        "a",
                        timers=[
                            Timer("t", timedelta(hours=1), "missing"),
                            Timer("t", timedelta(0), "go", calendar="office"),
                        ],
                    ),
                    State("b"),
                    State("c", final=True),
                    State("island"),
                    State("a"),
                ],
                transitions=[
                    Transition("a", "go", "b", guards=["ghost_guard"], effects=["ghost_effect"]),
                    Transition("a", "go", "b", guards=["ghost_guard"]),
                    Transition("b", "on", "nowhere"),
                    Transition("c", "back", "a"),
                ],
                claims=[
                    Claim(
                        "x",
                        [Requirement("m", state="zz"), Requirement("m", counter="n")],
                        holds="h",
                        explain={"qq": "m"},
                        count_by="k",
                    ),
                    Claim("x", [], holds="h"),
                ],
            )
        found = {(p.path, p.msg) for p in info.value.problems}
        paths = {p for p, _ in found}
        assert {
            "states[4].name",
            "transitions[0].guards[0]",
            "transitions[0].effects[0]",
            "transitions[1]",
            "transitions[1].guards[0]",
            "transitions[2].target",
            "transitions[3].source",
            "states[0].timers[0].event",
            "states[0].timers[1].name",
            "states[0].timers[1].after",
            "states[0].timers[1].calendar",
            "states[0]",
            "states[1]",
            "states[2]",
            "states[3]",
            "states[4]",
            "claims[0].requires[0].state",
            "claims[0].requires[1].counter",
            "claims[0].explain.qq",
            "claims[0].count_by",
            "claims[1].name",
        } == paths
        assert str(info.value).startswith(f"flow 'bad' has {len(info.value.problems)} problems:\n")
        assert "  transitions[2].target: unknown state 'nowhere'" in str(info.value)

    def test_no_states_no_finals(self):
        """An empty flow and one without a final state are refused."""
        with pytest.raises(ConfigError) as info:
            Flow("e", 1, states=[], transitions=[])
        assert ["states"] == [p.path for p in info.value.problems]
        with pytest.raises(ConfigError) as info:
            Flow("e", 1, states=[State("a")], transitions=[])
        assert "no state is final" in str(info.value)

    def test_unknown_initial(self):
        """An unknown initial state is reported."""
        with pytest.raises(ConfigError) as info:
            Flow("e", 1, states=[State("a", final=True)], transitions=[], initial="z")
        assert ["initial"] == [p.path for p in info.value.problems]
        assert "1 problem:" in str(info.value)

    def test_types(self):
        """Wrong types are TypeErrors."""
        with pytest.raises(TypeError):
            Flow("e", 1, states="abc", transitions=[])
        with pytest.raises(TypeError):
            Flow("e", 1, states=["a"], transitions=[])
        with pytest.raises(TypeError):
            Flow("e", 1, states=[State("a", final=True)], transitions=[], initial=3)
        with pytest.raises(TypeError):
            Flow("e", 1, states=[State("a", final=True)], transitions=[], guards=[])
        with pytest.raises(TypeError):
            Flow("e", 1, states=[State("a", final=True)], transitions=[], guards={"g": 3})
        with pytest.raises(TypeError):
            Transition("a", "b", "c", effects=[3])
        with pytest.raises(TypeError):
            Transition("a", "b", "c", effects="x")
        with pytest.raises(TypeError):
            Transition("a", "b", "c", guards="x")
        with pytest.raises(TypeError):
            Transition("a", "b", "c", guards=[1])
        with pytest.raises(TypeError):
            State("a", timers=["t"])
        with pytest.raises(TypeError):
            Claim("c", ["r"], holds="h")
        with pytest.raises(TypeError):
            Claim("c", [], holds=3)
        with pytest.raises(TypeError):
            Claim("c", [], holds="h", explain={1: "m"})
        with pytest.raises(TypeError):
            Claim("c", [], holds="h", explain=3)

    def test_validate_reruns(self):
        """validate() passes on a valid flow."""
        assert demo_flow().validate() is None

    def test_accessors(self):
        """events, finals, state and allowed describe the flow."""
        flow, j = started()
        assert ("verify", "nudge", "choose", "fund", "finish", "quit") == flow.events
        assert ("done", "gone") == flow.finals
        assert flow.state("new").guidance == "Welcome aboard!"
        assert ("verify", "nudge", "quit") == flow.allowed(j)


class TestFromDict:
    """Definitions load from plain data."""

    def test_round_trip(self):
        """to_dict then from_dict gives an equal flow."""
        flow = demo_flow()
        data = json.loads(json.dumps(flow.to_dict()))
        again = Flow.from_dict(data, guards=flow.guards, effects=flow.effects)
        assert flow == again
        assert data == again.to_dict()

    def test_literal_effects(self):
        """Send and Notify effects with params survive the round trip."""
        flow = Flow(
            "lit",
            1,
            states=[
                State("a", timers=[Timer("t", timedelta(hours=1), "go", calendar="c")]),
                State("b", final=True),
            ],
            transitions=[
                Transition(
                    "a",
                    "go",
                    "b",
                    effects=[
                        Send("m", to="partner", params={"x": 1}),
                        Notify("team", "n", params={"y": 2}),
                    ],
                    counts=["k"],
                ),
            ],
            calendars={"c": type("Cal", (), {"add": lambda self, t, d: t + d})()},
            claims=[
                Claim(
                    "c",
                    [Requirement(("one", "many"), counter="k", at_least=2)],
                    holds=("h", "hs"),
                    explain={"a": ("x", "y")},
                    count_by="k",
                )
            ],
        )
        data = json.loads(json.dumps(flow.to_dict()))
        assert flow == Flow.from_dict(data, calendars=flow.calendars)

    def test_many_problems_at_once(self):
        """Structural and semantic problems are reported together, with paths."""
        data = {
            "name": "bad",
            "version": "1",
            "colour": "red",
            "states": [
                {"name": "a", "timers": [{"name": "t", "after": "soon", "event": "go"}]},
                {"name": "", "final": "yes"},
                {"name": "c", "final": True},
                "d",
            ],
            "transitions": [
                {"source": "a", "event": "go", "target": "c", "guards": "g"},
                {"source": "a", "event": "go", "target": "zz", "effects": [{"shout": 1}]},
                {
                    "source": "a",
                    "event": "ok",
                    "target": "c",
                    "effects": [{"send": "m", "params": []}],
                },
            ],
            "claims": [{"name": "x", "requires": [{"missing": 3}], "holds": "h"}],
        }
        with pytest.raises(ConfigError) as info:
            Flow.from_dict(data)
        paths = [p.path for p in info.value.problems]
        for expected in [
            "colour",
            "version",
            "states[0].timers[0].after",
            "states[1].name",
            "states[1].final",
            "states[3]",
            "transitions[0].guards",
            "transitions[1].effects[0]",
            "transitions[2].effects[0].params",
            "claims[0].requires[0].missing",
            "claims[0].requires[0]",
        ]:
            assert expected in paths

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"states": {}}, "states"),
            (
                {
                    "transitions": [
                        {"source": "a", "event": "e", "target": "b", "effects": [{"send": ""}]}
                    ]
                },
                "transitions[0].effects[0].send",
            ),
            (
                {
                    "transitions": [
                        {
                            "source": "a",
                            "event": "e",
                            "target": "b",
                            "effects": [{"send": "m", "to": 3}],
                        }
                    ]
                },
                "transitions[0].effects[0].to",
            ),
            (
                {
                    "transitions": [
                        {"source": "a", "event": "e", "target": "b", "effects": [{"notify": "t"}]}
                    ]
                },
                "transitions[0].effects[0].message",
            ),
            (
                {"transitions": [{"source": "a", "event": "e", "target": "b", "counts": [1]}]},
                "transitions[0].counts",
            ),
            ({"states": [{"name": "a", "guidance": 3}]}, "states[0].guidance"),
            (
                {
                    "states": [
                        {
                            "name": "a",
                            "timers": [{"name": "t", "after": "PT1H", "event": "e", "calendar": 3}],
                        }
                    ]
                },
                "states[0].timers[0].calendar",
            ),
            ({"states": [{"name": "a", "timers": [3]}]}, "states[0].timers[0]"),
            ({"claims": [3]}, "claims[0]"),
            (
                {"claims": [{"name": "c", "requires": [], "holds": "h", "explain": {"a": 3}}]},
                "claims[0].explain.a",
            ),
            (
                {"claims": [{"name": "c", "requires": [], "holds": "h", "explain": {1: "m"}}]},
                "claims[0].explain",
            ),
            (
                {"claims": [{"name": "c", "requires": [], "holds": "h", "explain": []}]},
                "claims[0].explain",
            ),
            (
                {"claims": [{"name": "c", "requires": [], "holds": "h", "count_by": 3}]},
                "claims[0].count_by",
            ),
            (
                {
                    "claims": [
                        {"name": "c", "requires": [{"missing": "m", "state": 3}], "holds": "h"}
                    ]
                },
                "claims[0].requires[0].state",
            ),
            (
                {
                    "claims": [
                        {"name": "c", "requires": [{"missing": "m", "counter": 3}], "holds": "h"}
                    ]
                },
                "claims[0].requires[0].counter",
            ),
            (
                {
                    "claims": [
                        {
                            "name": "c",
                            "requires": [{"missing": "m", "counter": "k", "at_least": 0}],
                            "holds": "h",
                        }
                    ]
                },
                "claims[0].requires[0].at_least",
            ),
            (
                {"claims": [{"name": "c", "requires": [{"missing": "m"}], "holds": "h"}]},
                "claims[0].requires[0]",
            ),
            ({"transitions": [3]}, "transitions[0]"),
            (
                {"transitions": [{"source": "a", "event": "e", "target": "b", "effects": [3]}]},
                "transitions[0].effects[0]",
            ),
            ({"claims": [{"name": "c", "requires": [3], "holds": "h"}]}, "claims[0].requires[0]"),
            (
                {
                    "claims": [
                        {
                            "name": "c",
                            "requires": [{"missing": "m", "state": "a", "counter": 3}],
                            "holds": "h",
                        }
                    ]
                },
                "claims[0].requires[0].counter",
            ),
        ],
    )
    def test_structural_paths(self, data, path):
        """Each malformed piece names its path."""
        base = {
            "name": "f",
            "version": 1,
            "states": [{"name": "a", "final": True}],
            "transitions": [],
        }
        with pytest.raises(ConfigError) as info:
            Flow.from_dict({**base, **data})
        assert path in [p.path for p in info.value.problems]

    def test_no_follow_on_problems(self):
        """A state with a broken part is still known to the transitions that name it."""
        data = {
            "name": "f",
            "version": 1,
            "states": [
                {
                    "name": "a",
                    "guidance": 3,
                    "timers": [{"name": "t", "after": "x", "event": "go"}],
                },
                {"name": "b", "final": True},
            ],
            "transitions": [{"source": "a", "event": "go", "target": "b"}],
        }
        with pytest.raises(ConfigError) as info:
            Flow.from_dict(data)
        assert ["states[0].guidance", "states[0].timers[0].after"] == [
            p.path for p in info.value.problems
        ]

    def test_not_a_mapping(self):
        """Data that is not a mapping is a TypeError."""
        with pytest.raises(TypeError):
            Flow.from_dict([])

    def test_pickle(self):
        """A flow with module-level guards pickles; problems survive pickling of errors."""
        flow = investment()
        assert flow == pickle.loads(  # noqa: S301 - our own bytes
            pickle.dumps(flow)
        )
        with pytest.raises(ConfigError) as info:
            Flow("e", 1, states=[], transitions=[])
        again = pickle.loads(  # noqa: S301 - our own bytes
            pickle.dumps(info.value)
        )
        assert str(info.value) == str(again)
        assert len(info.value.problems) == len(again.problems)


class TestClaims:
    """check_claim compares a belief with the journey."""

    def test_supported_and_not(self):
        """A claim holds once its requirements are met."""
        flow, j = started()
        verdict = flow.check_claim(j, "is_funded")
        assert not verdict.supported
        assert verdict.missing == flow.claims[0].requires
        for event, data in [("verify", None), ("choose", {"package": 1}), ("fund", None)]:
            j = flow.fire(j, event, AT, data).journey
        assert flow.check_claim(j, "is_funded", "de").supported

    def test_unknown_claim(self):
        """An unknown claim is a ConfigError naming the known ones."""
        flow, j = started()
        with pytest.raises(ConfigError, match="unknown claim 'rich'; this flow knows 'is_funded'"):
            flow.check_claim(j, "rich")
        with pytest.raises(ConfigError, match="knows none"):
            demo_flow(claims=[]).check_claim(j, "rich")

    def test_other_flow(self):
        """A journey of another flow is refused."""
        flow, j = started()
        with pytest.raises(ConfigError):
            flow.check_claim(j._replace(flow_version=9), "is_funded")

    def test_guidance(self):
        """Guidance is localized; states without guidance give None."""
        flow, j = started()
        assert "Добро пожаловать на борт!" == flow.guidance(j, "ru")
        assert flow.guidance(flow.fire(j, "verify", AT).journey) is None

    def test_claim_needs_context_value(self):
        """A claim whose sentence names a context value the journey lacks is a ConfigError."""
        flow = investment()
        for context in ({}, {"instalments_total": [6]}):
            j = flow.start(context, AT).journey
            for event in ("verification_passed", "choose_package", "top_up", "invest"):
                j = flow.fire(j, event, AT).journey
            with pytest.raises(ConfigError) as info:
                flow.check_claim(j, "instalments_automatic")
            assert "context.instalments_total" == info.value.path
            assert "claim 'instalments_automatic' needs a plain value 'instalments_total'" in str(
                info.value
            )
            assert "got" in info.value.msg
        j = flow.start({"instalments_total": 6}, AT).journey
        for event in ("verification_passed", "choose_package", "top_up", "invest"):
            j = flow.fire(j, event, AT).journey
        verdict = flow.check_claim(j, "instalments_automatic")
        assert verdict.explanation.startswith("You have paid 1 instalment of 6 yourself;")

    def test_guidance_needs_context_value(self):
        """Guidance naming a context value the journey lacks is a ConfigError with its path."""
        flow = demo_flow(
            states=[State("new", guidance="Hello {first_name}!"), State("done", final=True)],
            transitions=[Transition("new", "finish", "done")],
            claims=[],
        )
        assert "Hello Ada!" == flow.guidance(flow.start({"first_name": "Ada"}, AT).journey)
        with pytest.raises(ConfigError) as info:
            flow.guidance(flow.start({"email": "a@example.org"}, AT).journey)
        assert "context.first_name" == info.value.path
        assert "guidance of state 'new'" in info.value.msg


class TestFlowValue:
    """Flow is a frozen value: equality ignores the registries."""

    def test_eq_hash_repr(self):
        """Two builds of the same definition are equal and hash equal."""
        assert demo_flow() == demo_flow()
        assert hash(demo_flow()) == hash(demo_flow())
        assert "Guard(" not in repr(demo_flow())

    def test_frozen(self):
        """Fields cannot be assigned."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            demo_flow().name = "x"


def _values():
    """One instance of every public value type (built fresh each call)."""
    flow = demo_flow()
    journey = flow.start({"email": "a@example.org"}, AT).journey
    done = flow.fire(journey, "verify", AT).journey
    report = funnel(flow, [done], AT + timedelta(days=9), stuck_after=timedelta(days=1))
    return [
        Send("Welcome aboard!", to="partner", params={"a": 1}),
        Notify("team", "Welcome aboard!"),
        Schedule("t", "e", AT),
        Cancel("t"),
        Step(journey, (Cancel("t"),)),
        journey,
        HistoryEntry(AT, "e", "a", "b"),
        State("s", timers=[Timer("t", timedelta(hours=1), "e")]),
        Timer("t", timedelta(hours=1), "e", calendar="c"),
        Transition("a", "e", "b", guards=["g"], effects=[Send("m")], counts=["k"]),
        Requirement("m", state="s"),
        Claim("c", [Requirement("m", counter="k")], holds="h"),
        flow.check_claim(journey, "is_funded"),
        Rejection(0, AT, "e", ("r",)),
        Replay(journey),
        report.rows[0],
        report.stuck[0],
        report,
        Deviation("id", 0, AT, "e", "s", ("r",)),
        flow,
        Verdict("c", True, (), "ok"),
        FunnelRow("s", 1, 1, 0, 0, None, None, None, None, None, 0),
        Stuck(0, "s", AT, timedelta(1)),
    ]


@pytest.mark.parametrize("index", range(23))
class TestValueContract:
    """Every value type: repr, eq/hash, immutable, pickle and copy."""

    def test_eq_hash(self, index):
        """Two builds are equal and hash equal (when the type is hashable)."""
        a, b = _values()[index], _values()[index]
        assert a == b
        assert hash(a) == hash(b)

    def test_repr(self, index):
        """The repr names the type and never shows personal data."""
        value = _values()[index]
        text = repr(value)
        assert type(value).__name__ in text
        assert "example.org" not in text

    def test_immutable(self, index):
        """Fields cannot be assigned."""
        value = _values()[index]
        name = next(iter(attrs.fields_dict(type(value)))) if attrs.has(type(value)) else "x"
        with pytest.raises(AttributeError):
            setattr(value, name, None)

    def test_pickle_copy(self, index):
        """Pickling and copying give equal values."""
        value = _values()[index]
        assert value == pickle.loads(pickle.dumps(value))  # noqa: S301 - our own bytes
        assert value == copy.deepcopy(value)
        assert value == copy.copy(value)


def _deep_size(obj, shared):
    """Bytes reachable from obj, not counting objects reachable from ``shared``."""
    seen, todo = set(), list(shared)
    while todo:
        o = todo.pop()
        if id(o) not in seen:
            seen.add(id(o))
            # Stop at code: a function's globals would drag in the whole program.
            if not isinstance(o, types.FunctionType | types.ModuleType | type):
                todo.extend(gc.get_referents(o))
    total, todo = 0, [obj]
    while todo:
        o = todo.pop()
        if id(o) in seen or isinstance(o, type):
            continue
        seen.add(id(o))
        total += sys.getsizeof(o)
        todo.extend(gc.get_referents(o))
    return total


def test_journey_stays_under_one_kilobyte():
    """A journey after five transitions takes under 1 KB beyond what its flow shares."""
    flow = demo_flow()
    j = flow.start({}, AT).journey
    for i, (event, data) in enumerate(
        [("nudge", None), ("verify", None), ("choose", {"package": 1}), ("fund", None)], 1
    ):
        j = flow.fire(j, event, AT + i * H, data).journey
    j = flow.fire(j, "finish", AT + 5 * H).journey
    assert 5 == len(j.history)
    shared = [flow, timezone.utc, Journey, HistoryEntry, _NO_CONTEXT]
    assert 500 < _deep_size(j, shared) < 1024
    assert _deep_size(flow.start({}, AT).journey, shared) < 256
