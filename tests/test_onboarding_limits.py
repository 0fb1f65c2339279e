"""Issue 14: the onboarding pillar on hostile, extreme and large input."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from servicekit.exceptions import ConfigError
from servicekit.onboarding import Flow, Guard, State, Transition

AT = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)


def _chain(n: int) -> dict[str, object]:
    return {
        "name": "chain",
        "version": 1,
        "states": [{"name": f"s{i}", "final": i == n - 1} for i in range(n)],
        "transitions": [
            {"source": f"s{i}", "event": "go", "target": f"s{i + 1}"} for i in range(n - 1)
        ],
    }


@pytest.mark.timeout(60)
def test_a_long_chain_is_checked_in_linear_time() -> None:
    """A long chain is checked in linear time."""
    # 10,000 states took ~13 s (a quadratic check, run twice); 40,000 would take minutes.
    flow = Flow.from_dict(_chain(40_000))
    assert flow.finals == ("s39999",)


@pytest.mark.timeout(60)
def test_a_long_chain_with_problems_lists_a_few_states_only() -> None:
    """A long chain with problems lists a few states only."""
    data = _chain(20_000)
    data["transitions"] += [  # type: ignore[operator]
        {"source": f"x{i}", "event": "go", "target": "s0"} for i in range(2_000)
    ]
    with pytest.raises(ConfigError) as caught:
        Flow.from_dict(data)
    problems = caught.value.problems  # type: ignore[attr-defined]
    assert len(problems) == 2_000
    assert problems[0].msg.endswith("'s9' and 19,990 more")


def _loop(guarded: bool) -> Flow:
    guards = {"ok": Guard(lambda _j, _d: True, "always")}
    return Flow(
        "loop",
        1,
        states=[State("a"), State("b"), State("z", final=True)],
        transitions=[
            Transition("a", "go", "b", counts=["n"]),
            Transition("b", "go", "a", guards=["ok"] if guarded else []),
            Transition("a", "end", "z"),
        ],
        guards=guards,
    )


@pytest.mark.timeout(60)
def test_replay_of_many_events_is_linear() -> None:
    """Replay of many events is linear."""
    # 100,000 events took > 8 s (each fire copied the history); 400,000 would take minutes.
    events = [(AT, "go")] * 400_000 + [(AT, "end")]
    result = _loop(guarded=False).replay(events, started_at=AT)
    assert result.ok
    assert result.journey.state == "z"
    assert result.journey.version == len(result.journey.history) == 400_001
    assert result.journey.count("n") == 200_000


def test_replay_gives_the_journey_fire_gives() -> None:
    """Replay gives the journey fire gives."""
    for guarded in (False, True):
        flow = _loop(guarded)
        events = [(AT, "go")] * 4 + [(AT, "end"), (AT, "go")]
        result = flow.replay(events, started_at=AT, context={"k": 1})
        journey = flow.start({"k": 1}, AT).journey
        for _, event in events[:5]:
            journey = flow.fire(journey, event, AT).journey
        assert result.journey == journey
        assert result.rejected is not None
        assert result.rejected.index == 5


def test_replay_refuses_an_event_name_of_another_type() -> None:
    """Replay refuses an event name of another type."""
    with pytest.raises(TypeError, match=r"events\[0\]\[1\] must be an event name"):
        _loop(guarded=False).replay([(AT, 3)], started_at=AT)
