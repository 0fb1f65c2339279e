"""flow.test_paths(): shortest event sequences covering every transition (issue 19, item 4)."""

from __future__ import annotations

import itertools
from collections import deque

import pytest
from hypothesis import given

from servicekit.onboarding import Flow, State, Transition
from servicekit.onboarding.flows import complaint, downline_member, investment
from strategies_onboarding import random_flows


def _distances(flow: Flow) -> dict[str, int]:
    """Breadth-first distances from the initial state (an independent reference)."""
    dist = {flow.initial_state: 0}
    todo = deque([flow.initial_state])
    while todo:
        state = todo.popleft()
        for t in flow.transitions:
            if t.source == state and t.target not in dist:
                dist[t.target] = dist[state] + 1
                todo.append(t.target)
    return dist


def _check(flow: Flow) -> None:
    paths = flow.test_paths()
    covered = {id(t) for path in paths for t in path}
    assert covered == {id(t) for t in flow.transitions}
    dist = _distances(flow)
    for path in paths:
        assert path[0].source == flow.initial_state
        assert all(a.target == b.source for a, b in itertools.pairwise(path))
        assert len(path) == dist[path[-1].source] + 1
    for path in paths:
        assert not any(len(o) > len(path) and o[: len(path)] == path for o in paths)


class TestTestPaths:
    """Every transition is covered by a shortest path; no path is the start of another."""

    @pytest.mark.parametrize("make", [investment, downline_member, complaint])
    def test_builtin_flows(self, make):
        """The built-in flows."""
        _check(make())

    @given(random_flows())
    def test_random_flows(self, flow):
        """Random valid flows."""
        _check(flow)

    def test_one_transition(self):
        """A flow of one transition has one path of one step."""
        flow = Flow(
            "demo",
            1,
            states=[State("new"), State("done", final=True)],
            transitions=[Transition("new", "finish", "done")],
        )
        assert flow.test_paths() == ((flow.transitions[0],),)

    @pytest.mark.timeout(120)
    def test_long_chain_is_linear(self):
        """A chain of 20,000 states gives one path without quadratic work."""
        n = 20_000
        names = [f"s{i}" for i in range(n)]
        flow = Flow(
            "chain",
            1,
            states=[State(s, final=(i == n - 1)) for i, s in enumerate(names)],
            transitions=[Transition(a, "next", b) for a, b in itertools.pairwise(names)],
        )
        (path,) = flow.test_paths()
        assert len(path) == n - 1
