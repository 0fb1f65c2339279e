"""Fuzz (issue 19): flows with entry/exit actions, eventless and '*' transitions.

``Flow.from_dict`` with any value anywhere in such a definition, and ``Flow.from_scxml``
on such a document with any piece of executable content spliced in: a flow, or a
documented error. Whatever is accepted round-trips and can be started and fired.
"""

from __future__ import annotations

import json
from contextlib import suppress
from datetime import datetime, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import paths, replace
from servicekit.exceptions import ServicekitError
from servicekit.onboarding import Flow, Log, Raise, Send, State, Transition, funnel

DOCUMENTED = (ServicekitError, TypeError)
AT = datetime(2026, 4, 1, 9, tzinfo=timezone.utc)
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _stamp(journey: Any, _data: Any, _at: Any) -> tuple[Send, ...]:
    return (Send("Welcome aboard!", params={"state": journey.state}),)


EFFECTS = {"stamp": _stamp}
FLOW = Flow(
    "actions",
    1,
    states=[
        State(
            "outer",
            entry=[Send("Welcome aboard!"), Log("in", "outer")],
            exit=[Raise("left"), "stamp"],
            states=[
                State("h", history="deep", initial="b"),
                State("a", entry=[Raise("ping")]),
                State("b", exit=[Log("", "")]),
            ],
        ),
        State("after"),
        State("done", final=True, entry=[Log("Outcome", "'pass'")]),
    ],
    transitions=[
        Transition("a", "ping", "b", effects=[Log("t", "x")]),
        Transition("b", "go", "a", raises=["again"]),
        Transition("outer", "*", "after"),
        Transition("after", "", "done"),
        Transition("after", "back", "h"),
    ],
    effects=EFFECTS,
)
DOCUMENT = FLOW.to_dict()
SCXML = FLOW.to_scxml()
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["", "*", "a", "b", "h", "outer", "done", "stamp", "ghost", "ping"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["raise", "log", "expr", "send", "to", "notify", "message", "x"]),
            inner,
            max_size=3,
        )
    ),
    max_leaves=8,
)
PIECES = [
    "<onentry>",
    "</onentry>",
    "<onexit>",
    "</onexit>",
    '<raise event="go"/>',
    "<raise/>",
    '<log label="x" expr="y"/>',
    "<log/>",
    '<transition target="done"/>',
    '<transition event="" target="a"/>',
    '<transition event="*" target="a"/>',
    '<history id="h2" type="shallow"><transition target="zz"/></history>',
    '<history id="h3" type="deep"/>',
    '<sk:effect name="ghost"/>',
    '<sk:send message="Welcome aboard!"/>',
    '<sk:notify recipient="team"/>',
    "<script/>",
    '<onentry><raise event="ping"/></onentry>',
    '<onexit><raise event="ping"/><log expr="1"/></onexit>',
    '"',
    "<",
    ">",
]


def _use(flow: Flow) -> None:
    """Start and fire a flow that was accepted; only documented errors may escape."""
    try:
        step = flow.start({}, AT)
    except DOCUMENTED:
        return
    journey = step.journey
    for event in [*flow.events, "other"]:
        with suppress(DOCUMENTED):
            journey = flow.fire(journey, event, AT).journey
    with suppress(DOCUMENTED):
        flow.replay(journey.history, started_at=AT)
    with suppress(DOCUMENTED):
        funnel(flow, [journey], AT)


@FUZZ
@given(path=st.sampled_from(paths(DOCUMENT)), value=JSON)
def test_from_dict_with_one_value_replaced(path: tuple[Any, ...], value: object) -> None:
    """Any value at any place of a definition with actions: a flow or a clean error."""
    try:
        built = Flow.from_dict(replace(DOCUMENT, path, value), effects=EFFECTS)  # type: ignore[arg-type]
    except DOCUMENTED:
        return
    text = json.dumps(built.to_dict(), allow_nan=False)
    assert Flow.from_dict(json.loads(text), effects=EFFECTS) == built
    assert Flow.from_scxml(built.to_scxml(), effects=EFFECTS) == built
    json.dumps(built.to_xstate(), allow_nan=False)
    _use(built)


@FUZZ
@given(
    at=st.integers(0, len(SCXML)),
    cut=st.integers(0, 12),
    piece=st.sampled_from(PIECES) | st.text(max_size=6),
)
def test_from_scxml_with_a_piece_spliced_in(at: int, cut: int, piece: str) -> None:
    """An SCXML document with actions, a few characters replaced by any piece."""
    text = SCXML[:at] + piece + SCXML[at + cut :]
    try:
        built = Flow.from_scxml(text, effects=EFFECTS)
    except DOCUMENTED:
        return
    assert Flow.from_scxml(built.to_scxml(), effects=EFFECTS) == built
    _use(built)


def test_every_hostile_value_at_every_path() -> None:
    """Each hostile value in each place of the definition: a flow or an error."""
    for path in paths(DOCUMENT):
        for value in [None, "", "*", 0, -1, 1.5, float("nan"), [], {}, {"raise": ""}, [{}]]:
            try:
                built = Flow.from_dict(replace(DOCUMENT, path, value), effects=EFFECTS)  # type: ignore[arg-type]
            except DOCUMENTED:
                continue
            json.dumps(built.to_dict(), allow_nan=False)
