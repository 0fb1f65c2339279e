"""Properties of flows and journeys, checked with Hypothesis."""

from __future__ import annotations

import json
import pickle
from datetime import timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.exceptions import ConfigError, TransitionError
from servicekit.onboarding import Flow, Journey
from servicekit.onboarding.flows import investment
from strategies import aware_datetimes, zones
from strategies_onboarding import (
    builtin_flows,
    event_sequences,
    flow_dicts,
    journeys,
    random_flows,
    walk,
)


def _reference_target(flow, journey, event):
    """A slow, obviously right interpreter: scan the transitions in order."""
    if journey.state in flow.finals:
        return None
    for t in flow.transitions:
        if (
            t.source == journey.state
            and t.event == event
            and all(flow.guards[g].check(journey, {}) for g in t.guards)
        ):
            return t.target
    return None


class TestInvariants:
    """Random event sequences stay inside the definition."""

    @given(journeys())
    def test_history_only_uses_defined_transitions(self, case):
        """Every recorded step is a transition of the flow; finals end the history."""
        flow, journey = case
        allowed = {(t.source, t.event, t.target) for t in flow.transitions}
        assert journey.state in {s.name for s in flow.states}
        for entry in journey.history:
            assert (entry.source, entry.event, entry.target) in allowed
        finals = set(flow.finals)
        assert all(e.source not in finals for e in journey.history)
        assert len(journey.history) == journey.version
        for before, after in zip(journey.history, journey.history[1:], strict=False):
            assert before.target == after.source
            assert before.at <= after.at

    @given(
        builtin_flows().flatmap(lambda f: st.tuples(st.just(f), event_sequences(f))),
        aware_datetimes(),
    )
    def test_agrees_with_reference(self, case, start):
        """Fire moves exactly where a linear scan of the transitions says."""
        flow, steps = case
        journey = flow.start({"instalments_total": 3}, start).journey
        # Add elapsed time in UTC: wall-clock arithmetic drops ``fold`` (a start in
        # the repeated hour of a DST fold would step back an hour).
        at = start.astimezone(timezone.utc)
        for event, gap in steps:
            at += timedelta(seconds=gap)
            expected = _reference_target(flow, journey, event)
            if expected is None:
                with pytest.raises(TransitionError) as info:
                    flow.fire(journey, event, at)
                assert info.value.reasons
            else:
                journey = flow.fire(journey, event, at).journey
                assert expected == journey.state


class TestInvariance:
    """Answers do not depend on the zone an instant is written in."""

    @given(
        builtin_flows().flatmap(lambda f: st.tuples(st.just(f), event_sequences(f, 10))),
        aware_datetimes(),
        zones(),
    )
    @settings(max_examples=50)
    def test_zone_of_instants(self, case, start, other):
        """The same instants in another zone give equal journeys, effects and timers."""
        flow, steps = case
        a = flow.start({}, start)
        b = flow.start({}, start.astimezone(other))
        assert a == b
        ja, jb, at = a.journey, b.journey, start
        for event, gap in steps:
            at += timedelta(seconds=gap)
            if flow.why_not(ja, event, at):
                continue
            sa, sb = flow.fire(ja, event, at), flow.fire(jb, event, at.astimezone(other))
            assert sa == sb
            ja, jb = sa.journey, sb.journey
        later = at + timedelta(days=3)
        assert flow.due(ja, later) == flow.due(jb, later.astimezone(other))


class TestRandomFlows:
    """The same invariants on random (valid) definitions."""

    @given(
        random_flows().flatmap(lambda f: st.tuples(st.just(f), event_sequences(f, 15))),
        aware_datetimes(),
    )
    @settings(max_examples=60)
    def test_walk_replay_round_trip(self, case, start):
        """Walks stay inside the definition; replay, JSON and the flow dict round-trip."""
        flow, steps = case
        journey = walk(flow, start, steps)
        allowed = {(t.source, t.event, t.target) for t in flow.transitions}
        assert all((e.source, e.event, e.target) in allowed for e in journey.history)
        replayed = flow.replay(journey.history, started_at=journey.started_at)
        assert journey == replayed.journey
        assert journey == Journey.from_dict(json.loads(json.dumps(journey.to_dict())))
        again = Flow.from_dict(
            json.loads(json.dumps(flow.to_dict())), guards=flow.guards, effects=flow.effects
        )
        assert flow == again
        now = journey.entered_at + timedelta(days=4)
        assert set(flow.due(journey, journey.entered_at)) <= set(flow.due(journey, now))


class TestRoundTrips:
    """Journeys survive replay, JSON and pickle."""

    @given(journeys())
    def test_replay_json_pickle(self, case):
        """replay(history), JSON (to_dict/from_dict) and pickle all give the same journey."""
        flow, journey = case
        result = flow.replay(
            journey.history, started_at=journey.started_at, context=journey.context
        )
        assert result.ok
        assert journey == result.journey
        assert journey == Journey.from_dict(json.loads(json.dumps(journey.to_dict())))
        assert journey == pickle.loads(pickle.dumps(journey))  # noqa: S301 - our own bytes

    @given(builtin_flows())
    @settings(max_examples=10)
    def test_flow_dict(self, flow):
        """Flows survive to_dict/from_dict (JSON) with their registries."""
        data = json.loads(json.dumps(flow.to_dict()))
        assert flow == Flow.from_dict(
            data, guards=flow.guards, effects=flow.effects, calendars=flow.calendars
        )


class TestTimers:
    """due is monotonic in now."""

    @given(journeys(), st.integers(0, 90 * 86400), st.integers(0, 90 * 86400))
    @settings(max_examples=50)
    def test_due_monotonic(self, case, a, b):
        """A later now never returns fewer fired timers."""
        flow, journey = case
        early, late = sorted((a, b))
        base = journey.entered_at
        first = flow.due(journey, base + timedelta(seconds=early))
        second = flow.due(journey, base + timedelta(seconds=late))
        assert set(first) <= set(second)
        assert all(s.due_at <= base + timedelta(seconds=early) for s in first)


class TestFuzz:
    """Malformed definitions raise only the documented errors."""

    @given(flow_dicts())
    @settings(max_examples=100)
    def test_from_dict_only_config_errors(self, data):
        """Flow.from_dict raises ConfigError (with problems) or builds a valid flow."""
        guards = {"a": lambda j, d: True}
        problems = ()
        try:
            flow = Flow.from_dict(data, guards=guards, effects={"b": lambda j, d, at: ()})
        except ConfigError as err:
            problems = err.problems
        else:
            flow.validate()
        assert all(isinstance(p, ConfigError) and p.path is not None for p in problems)

    @given(
        st.dictionaries(
            st.sampled_from(["flow", "version", "history", "state"]),
            st.integers() | st.text(max_size=3),
        )
    )
    def test_journey_from_dict(self, change):
        """Journey.from_dict raises ConfigError on malformed fields."""
        flow = investment()
        data = {**flow.start({}, journey_start()).journey.to_dict(), **change}
        path = "ok"
        try:
            Journey.from_dict(data)
        except ConfigError as err:
            path = err.path
        assert path


def journey_start():
    """A fixed start time."""
    from strategies_onboarding import AT  # noqa: PLC0415 - keeps the helper self-contained

    return AT
