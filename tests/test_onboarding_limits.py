"""Issue 14: the onboarding pillar on hostile, extreme and large input."""

from __future__ import annotations

import math
import pickle
from datetime import date, datetime, timedelta, timezone

import pytest

from servicekit.exceptions import ConfigError, NoBusinessTimeError, OutOfRangeError
from servicekit.hours import BusinessCalendar
from servicekit.onboarding import Claim, Flow, Guard, Journey, Send, State, Transition, funnel
from servicekit.onboarding._flow import elapsed_add
from servicekit.onboarding.flows import complaint, downline_member, investment

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


def _tiny(**state: object) -> dict[str, object]:
    return {
        "name": "t",
        "version": 1,
        "states": [{"name": "a", **state}, {"name": "z", "final": True}],
        "transitions": [{"source": "a", "event": "go", "target": "z"}],
    }


@pytest.mark.parametrize(
    "template", ["{state:>300000000}", "{state.__class__.__mro__[1]}", "{count:d}", "{}", "{"]
)
def test_guidance_takes_plain_placeholders_only(template: str) -> None:
    """A format spec, attribute, index, positional field or stray brace is refused."""
    with pytest.raises(ConfigError) as caught:
        Flow.from_dict(_tiny(guidance=template))
    (problem,) = caught.value.problems  # type: ignore[attr-defined]
    assert problem.path == "states[0].guidance"
    with pytest.raises(ConfigError):
        State("a", guidance=template)


def test_claim_and_send_messages_take_plain_placeholders_only() -> None:
    """Every onboarding message template is checked where it is read."""
    data = _tiny()
    data["transitions"][0]["effects"] = [{"send": "{x!r}"}, {"notify": "team", "message": "{"}]  # type: ignore[index]
    data["claims"] = [
        {
            "name": "c",
            "requires": [{"state": "z", "missing": ["{count:d}", "{count}"]}],
            "holds": "{state.x}",
            "explain": {"a": "{0}"},
        }
    ]
    with pytest.raises(ConfigError) as caught:
        Flow.from_dict(data)
    paths = [p.path for p in caught.value.problems]  # type: ignore[attr-defined]
    assert paths[:5] == [
        "transitions[0].effects[0].send",
        "transitions[0].effects[1].message",
        "claims[0].requires[0].missing",
        "claims[0].holds",
        "claims[0].explain.a",
    ]
    with pytest.raises(ConfigError):
        Send("{x:>9}")
    with pytest.raises(ConfigError, match=r"explain\.a"):
        Claim("c", [], holds="ok", explain={"a": "{x[0]}"})


def test_a_guidance_error_names_the_type_not_the_value() -> None:
    """The journey's context may hold personal data: errors never print it."""
    flow = Flow.from_dict(_tiny(guidance="Hello {email}!"))
    journey = flow.start({"email": ["ana.rossi@example.org"]}, AT).journey
    with pytest.raises(ConfigError) as caught:
        flow.guidance(journey)
    assert "ana" not in str(caught.value)
    assert "got a list" in str(caught.value)
    with pytest.raises(ConfigError) as caught:
        Journey.from_dict({**journey.to_dict(), "context": ["ana.rossi@example.org"]})
    assert "ana" not in str(caught.value)


def test_builtin_flows_pickle() -> None:
    """complaint() used a local function as an effect factory; now all built-ins pickle."""
    for flow in (complaint(), investment(), downline_member()):
        again = pickle.loads(pickle.dumps(flow))  # noqa: S301 - our own bytes
        assert again == flow
        journey = again.start({"angry": True}, AT).journey
        assert again.fire(journey, again.events[0], AT).effects is not None


@pytest.mark.parametrize(
    ("context", "path"),
    [
        ({"score": math.nan}, "context.score"),
        ({"a": [1, {"b": math.inf}]}, "context.a[1].b"),
        ({"n": 10**5000}, "context.n"),
    ],
)
def test_a_context_is_strict_json(context: dict[str, object], path: str) -> None:
    """NaN, infinities and huge integers cannot be written as strict JSON: refused."""
    flow = downline_member()
    with pytest.raises(ConfigError) as caught:
        flow.start(context, AT)
    assert caught.value.path == path
    with pytest.raises(ConfigError):
        Journey("x", 1, "a", 0, AT, context)


def test_a_context_holds_json_data_only() -> None:
    """Other objects, other keys and deep nesting are refused."""
    flow = downline_member()
    with pytest.raises(TypeError, match="JSON data"):
        flow.start({"at": AT}, AT)
    with pytest.raises(TypeError, match="keys must be strings"):
        flow.start({1: "x"}, AT)  # type: ignore[dict-item]
    deep: list[object] = []
    for _ in range(200):
        deep = [deep]
    with pytest.raises(ConfigError, match="nests more than"):
        flow.start({"deep": deep}, AT)


def test_a_journey_in_an_unknown_state_is_a_config_error() -> None:
    """guidance, timers, due, check_claim and funnel name the state, not a KeyError."""
    flow = investment()
    data = flow.start({}, AT).journey.to_dict()
    journey = Journey.from_dict({**data, "state": "ghost"})
    for call in (
        lambda: flow.guidance(journey),
        lambda: flow.timers(journey),
        lambda: flow.due(journey, AT),
        lambda: flow.check_claim(journey, flow.claims[0].name),
    ):
        with pytest.raises(ConfigError, match="'ghost' is not a state") as caught:
            call()
        assert caught.value.path == "journey.state"
    with pytest.raises(ConfigError, match="'ghost'") as caught:
        funnel(flow, [journey], AT)
    assert caught.value.path == "journeys[0]"


@pytest.mark.parametrize(
    "instant",
    [
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
        datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-2))),
    ],
)
def test_instants_near_the_ends_of_time(instant: datetime) -> None:
    """Instants outside years 1 to 9999 in UTC are ConfigErrors, not OverflowErrors."""
    flow = downline_member()
    with pytest.raises(ConfigError, match="outside the years 1 to 9999") as caught:
        flow.start({}, instant)
    assert caught.value.path == "at"
    data = flow.start({}, AT).journey.to_dict()
    with pytest.raises(ConfigError, match="outside the years") as caught:
        Journey.from_dict({**data, "started_at": instant.isoformat()})
    assert caught.value.path == "started_at"


def test_timers_past_the_year_9999_are_config_errors() -> None:
    """A timer that would fall after 9999-12-31 is a ConfigError naming where."""
    flow = downline_member()
    late = datetime(9999, 12, 31, 12, tzinfo=timezone.utc)
    with pytest.raises(ConfigError, match="after the year 9999") as caught:
        flow.start({}, late)
    assert caught.value.path == "at"
    journey = Journey.from_dict(
        {**flow.start({}, AT).journey.to_dict(), "started_at": late.isoformat()}
    )
    with pytest.raises(ConfigError, match="after the year 9999") as caught:
        flow.due(journey, late)
    assert caught.value.path == "journey"


@pytest.mark.parametrize("after", ["PT99999999999999999999H", "P99999999999999999999D"])
def test_huge_timer_durations_are_config_errors(after: str) -> None:
    """An OverflowError while reading a timer's duration becomes a ConfigError."""
    data = _tiny(timers=[{"name": "t", "after": after, "event": "go"}])
    with pytest.raises(ConfigError) as caught:
        Flow.from_dict(data)
    (problem,) = caught.value.problems  # type: ignore[attr-defined]
    assert problem.path == "states[0].timers[0].after"


@pytest.mark.parametrize("key", ["version", "flow_version"])
def test_huge_versions_are_refused(key: str) -> None:
    """Versions beyond 2**63 could not be written as JSON by every reader."""
    data = downline_member().start({}, AT).journey.to_dict()
    with pytest.raises(ConfigError, match="below 2\\*\\*63") as caught:
        Journey.from_dict({**data, key: 10**5000})
    assert caught.value.path == key
    with pytest.raises(ConfigError, match="below 2\\*\\*63"):
        Flow("f", 2**63, states=[State("a", final=True)], transitions=[])
    with pytest.raises(ConfigError, match="below 2\\*\\*63"):
        Flow.from_dict({**_tiny(), "version": -(2**70)})


def test_wrong_values_in_a_definition_are_shown_short() -> None:
    """A long wrong value is cut short; one too large to write out is named by type."""
    with pytest.raises(ConfigError) as caught:
        Flow.from_dict({**_tiny(), "name": ["x" * 500]})
    assert "characters)" in str(caught.value)
    assert len(str(caught.value)) < 400
    with pytest.raises(ConfigError, match="an int too large to show"):
        Flow.from_dict({**_tiny(), "name": 10**5000})


@pytest.mark.parametrize(
    ("at", "match"),
    [
        (datetime(9997, 12, 31, 23, tzinfo=timezone.utc), "after the year 9997"),
        (datetime(9998, 1, 2, tzinfo=timezone.utc), "0002-9997"),
        (datetime(1, 6, 1, tzinfo=timezone.utc), "0002-9997"),
    ],
)
def test_calendar_timers_beyond_the_supported_years(at: datetime, match: str) -> None:
    """On a calendar, a timer beyond its years is a ConfigError at ``at``."""
    office = BusinessCalendar("UTC", {"mon-sun": ["20:00-24:00"]})
    with pytest.raises(ConfigError, match=match) as caught:
        elapsed_add(at, timedelta(hours=2), office)
    assert caught.value.path == "at"


def test_calendar_without_open_time_is_not_out_of_range() -> None:
    """Only the calendar's OutOfRangeError becomes a ConfigError; no open time stays."""
    gone = BusinessCalendar("UTC", {}, overrides={date(9950, 1, 6): ((0, 3600),)})
    with pytest.raises(NoBusinessTimeError) as caught:
        elapsed_add(datetime(9961, 1, 3, tzinfo=timezone.utc), timedelta(hours=1), gone)
    assert not isinstance(caught.value, OutOfRangeError)
