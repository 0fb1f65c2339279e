"""SCXML and XState formats of onboarding flows (issue 19, item 3)."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.exceptions import ConfigError, ServicekitError
from servicekit.onboarding import Flow, Notify, Send, State, Timer, Transition
from servicekit.onboarding._formats import MAX_SCXML, SCXML_NS, SK_NS
from servicekit.onboarding.flows import complaint, downline_member, investment, nested_investment
from strategies_onboarding import RANDOM_EFFECTS, RANDOM_GUARDS, random_flows
from test_statecharts_properties import random_charts

BUILT_IN = [investment(), downline_member(), complaint(), nested_investment()]


def problems(text: str, **registries: object) -> list[tuple[str, str]]:
    """The (path, message) of every problem ``from_scxml`` finds in ``text``."""
    with pytest.raises(ConfigError) as err:
        Flow.from_scxml(text, **registries)  # type: ignore[arg-type]
    found = getattr(err.value, "problems", (err.value,))
    return [(p.path, str(p).removeprefix(f"{p.path}: ")) for p in found]


@pytest.mark.parametrize("flow", BUILT_IN, ids=lambda f: f.name)
def test_built_in_flows_round_trip(flow: Flow) -> None:
    """Export then import gives an equal flow, and the same document again."""
    text = flow.to_scxml()
    again = Flow.from_scxml(
        text, guards=flow.guards, effects=flow.effects, calendars=flow.calendars
    )
    assert again == flow
    assert again.to_scxml() == text


@given(random_charts())
@settings(deadline=None)
def test_nested_flows_round_trip(flow: Flow) -> None:
    """Any valid nested flow: SCXML export then import gives an equal flow."""
    assert Flow.from_scxml(flow.to_scxml(), guards=flow.guards) == flow


@given(random_flows())
@settings(deadline=None)
def test_flat_flows_round_trip(flow: Flow) -> None:
    """Any valid flat flow (guards, effects, counters, timers): an equal flow."""
    text = flow.to_scxml()
    assert Flow.from_scxml(text, guards=RANDOM_GUARDS, effects=RANDOM_EFFECTS) == flow


def test_effects_with_parameters_and_notifications_round_trip() -> None:
    """Literal effects keep their parameters (JSON values) and recipients."""
    flow = Flow(
        "fx",
        1,
        states=[State("a", timers=[Timer("t", timedelta(hours=2), "go")]), State("z", final=True)],
        transitions=[
            Transition(
                "a",
                "go",
                "z",
                effects=[
                    Send("Welcome aboard!", to="partner", params={"n": 1, "s": "x <&> y"}),
                    Notify("team", "Welcome aboard!", params={"list": [1, None]}),
                ],
            )
        ],
    )
    text = flow.to_scxml()
    assert "&lt;&amp;&gt;" in text
    assert Flow.from_scxml(text) == flow


def test_transitions_without_an_index_keep_document_order() -> None:
    """A hand-written document without sk:index: transitions in document order."""
    text = f"""<scxml xmlns="{SCXML_NS}" version="1.0" name="hand" initial="a">
      <state id="a">
        <transition event="go" cond="ok and fine" target="b"/>
        <transition event="go" target="z"/>
      </state>
      <state id="b"><transition event="go" target="z"/></state>
      <final id="z"/>
    </scxml>"""
    flow = Flow.from_scxml(text, guards={"ok": lambda j, d: True, "fine": lambda j, d: True})
    assert [(t.source, t.target, t.guards) for t in flow.transitions] == [
        ("a", "b", ("ok", "fine")),
        ("a", "z", ()),
        ("b", "z", ()),
    ]
    assert flow.version == 1


def test_dtds_entities_and_huge_documents_are_refused() -> None:
    """No DTD, no entities (billion laughs), no document over the size limit."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;">]><scxml>&lol2;</scxml>'
    )
    assert problems(laughs)[0][1].startswith("the document declares a DTD or entities")
    assert problems("<!entity x 'y'>")[0][0] == "scxml"
    assert "more than 1,000,000" in problems(" " * (MAX_SCXML + 1))[0][1]
    assert problems("<scxml")[0][1].startswith("not well-formed XML")
    assert problems("<html/>") == [
        ("scxml", f"the root element is 'html', not <scxml> of {SCXML_NS!r}")
    ]
    with pytest.raises(TypeError):
        Flow.from_scxml(b"<scxml/>")  # type: ignore[arg-type]


def test_every_problem_at_once_with_its_path() -> None:
    """Unsupported elements, several events or targets, bad conditions and JSON."""
    text = f"""<scxml xmlns="{SCXML_NS}" xmlns:sk="{SK_NS}" version="1.0" name="bad"
        sk:version="two">
      <sk:claims>not json</sk:claims>
      <datamodel/>
      <state id="a">
        <onentry><raise event="x"/><script/></onentry>
        <transition event="go stop" target="b c"/>
        <transition event="go" cond="ok or  not" target="z">
          <raise event="y"/>
          <assign location="n" expr="1"/>
          <sk:send message="Welcome aboard!"><sk:param name="n" value="NaN"/></sk:send>
          <sk:effect name="ghost"/>
          <sk:count name="k"/>
        </transition>
      </state>
      <final id="z"/>
    </scxml>"""
    found = problems(text)
    paths = [p for p, _ in found]
    assert paths[:10] == [
        "scxml/sk:claims",
        "scxml/datamodel",
        "scxml/state[a]/onentry/script",
        "scxml/state[a]/transition[go stop]@event",
        "scxml/state[a]/transition[go stop]@target",
        "scxml/state[a]/transition[go]@cond",
        "scxml/state[a]/transition[go]/assign",
        "scxml/state[a]/transition[go]/sk:send/param",
        "version",
        "transitions[0].target",
    ]
    assert found[2][1].startswith("<script> is outside what servicekit reads")


def test_states_nesting_too_deep_are_refused() -> None:
    """Nesting beyond the limit is a problem, not a recursion error."""
    inner = '<final id="z"/>'
    for i in range(40):
        inner = f'<state id="n{i}">{inner}</state>'
    text = f'<scxml xmlns="{SCXML_NS}" version="1.0" name="deep">{inner}</scxml>'
    assert any("nest more than 32" in m for _, m in problems(text))


def test_history_and_initial_attributes_are_read() -> None:
    """<history type>, a compound state's initial and guidance come back."""
    text = f"""<scxml xmlns="{SCXML_NS}" xmlns:sk="{SK_NS}" version="1.0" name="h"
        initial="a" sk:version="3">
      <state id="a" initial="a2" sk:guidance="Welcome aboard!">
        <state id="a1"/><state id="a2"><transition event="go" target="a1"/></state>
        <history id="h" type="deep"/>
        <history id="h2"/>
        <transition event="end" target="z"/>
      </state>
      <state id="b">
        <transition event="back" target="h"/><transition event="b2" target="h2"/>
      </state>
      <final id="z"/>
      <transition event="nope" target="z"/>
    </scxml>"""
    found = problems(text)
    assert found == [
        (
            "scxml/transition",
            (
                "<transition> is outside what servicekit reads: states, parallel, final, "
                "history, transitions, <onentry>/<onexit>, <raise>, <log> and the sk: timers, "
                "effects, counters and claims"
            ),
        ),
    ]
    flow = Flow.from_scxml(
        text.replace('<transition event="nope" target="z"/>', "").replace(
            '<transition event="end" target="z"/>',
            '<transition event="end" target="z"/><transition event="pause" target="b"/>',
        )
    )
    assert flow.version == 3
    top = flow.states[0]
    assert (top.initial, top.guidance) == ("a2", "Welcome aboard!")
    assert [(s.name, s.history) for s in top.states[2:]] == [("h", "deep"), ("h2", "shallow")]
    assert Flow.from_scxml(flow.to_scxml()) == flow


def test_xstate_machine() -> None:
    """The XState v5 configuration of the nested investment journey."""
    flow = nested_investment()
    machine = flow.to_xstate()
    json.dumps(machine, allow_nan=False)
    assert machine["id"] == "nested_investment"
    assert machine["initial"] == "onboarding"
    paying = machine["states"]["paying"]
    assert paying["initial"] == "instalment_due"
    assert paying["states"]["where_we_were"] == {
        "id": "where_we_were",
        "type": "history",
        "history": "deep",
    }
    assert paying["states"]["instalments_paid"]["type"] == "final"
    due = paying["states"]["instalment_due"]["on"]["pay_instalment"]
    assert due[0]["guard"] == "more_to_pay"
    assert due[0]["actions"] == [
        {"type": "receipt"},
        {"type": "count", "params": {"counter": "instalments"}},
    ]
    checking = machine["states"]["onboarding"]["states"]["verification"]["states"][
        "checking_identity"
    ]
    assert checking["after"] == {
        "259200000": [
            {
                "actions": [
                    {"type": "xstate.raise", "params": {"event": "stalled", "timer": "stalled"}}
                ]
            }
        ]
    }
    assert checking["meta"]["guidance"].startswith("Welcome!")
    assert checking["on"]["stalled"][0]["actions"][0]["type"] == "send"


def test_xstate_of_flat_flows_and_calendars() -> None:
    """Several guards become xstate.and; a calendar timer names its calendar."""
    flow = Flow(
        "x",
        1,
        states=[
            State("a", timers=[Timer("t", timedelta(hours=1), "go", calendar="office")]),
            State("z", final=True),
        ],
        transitions=[
            Transition(
                "a", "go", "z", guards=["g", "h"], effects=[Notify("team", "Welcome aboard!")]
            )
        ],
        guards={"g": lambda j, d: True, "h": lambda j, d: True},
        calendars={"office": investment().calendars.get("business") or _Calendar()},
    )
    machine = flow.to_xstate()
    go = machine["states"]["a"]["on"]["go"][0]
    assert go["guard"] == {"type": "xstate.and", "guards": ["g", "h"]}
    assert go["actions"][0]["type"] == "notify"
    raised = machine["states"]["a"]["after"]["3600000"][0]["actions"][0]
    assert raised["params"]["calendar"] == "office"


class _Calendar:
    """A stand-in business calendar (never asked for times here)."""

    def add(self, start, duration):
        return start + duration


@given(st.text(max_size=300))
@settings(deadline=None)
def test_any_text_gives_a_flow_or_a_documented_error(text: str) -> None:
    """from_scxml never lets anything but documented errors escape."""
    with contextlib.suppress(ServicekitError, TypeError):
        Flow.from_scxml(text)


@given(st.sampled_from(BUILT_IN), st.data())
@settings(deadline=None, max_examples=60)
def test_a_document_with_a_piece_cut_out(flow: Flow, data: st.DataObject) -> None:
    """A built-in flow's document with a random slice removed: a flow or a clean error."""
    text = flow.to_scxml()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 200)))
    with contextlib.suppress(ServicekitError, TypeError):
        Flow.from_scxml(
            text[:start] + text[end:],
            guards=flow.guards,
            effects=flow.effects,
            calendars=flow.calendars,
        )


def run_cli(*argv: str) -> tuple[int, str]:
    """Run the command line in-process."""
    from servicekit import cli  # noqa: PLC0415 - the CLI, loaded on use

    out = io.StringIO()
    return cli.main(list(argv), out=out), out.getvalue()


def test_the_command_line_exports_scxml_and_xstate(tmp_path: Any) -> None:
    """The command `onboarding diagram --format scxml|xstate` prints the export."""
    status, out = run_cli("onboarding", "diagram", "complaint", "--format", "scxml")
    assert status == 0
    flow = complaint()
    assert Flow.from_scxml(out, guards=flow.guards, effects=flow.effects) == flow
    status, out = run_cli("onboarding", "diagram", "complaint", "--format", "xstate")
    assert status == 0
    assert json.loads(out) == complaint().to_xstate()
    path = tmp_path / "journeys.json"
    path.write_text('{"journeys": []}', encoding="utf-8")
    status, out = run_cli(
        "onboarding", "diagram", "complaint", "--format", "xstate", "--journeys", str(path)
    )
    assert status != 0


def test_a_character_xml_cannot_carry_is_refused_on_export() -> None:
    """A control character in a name makes to_scxml a ConfigError naming where it is."""
    flow = Flow.from_dict(
        {
            "name": "odd\x08name",
            "version": 1,
            "initial": "a",
            "states": [{"name": "a"}, {"name": "b", "final": True}],
            "transitions": [{"source": "a", "event": "go", "target": "b"}],
        }
    )
    with pytest.raises(ConfigError, match=r"name: holds the character '\\x08'"):
        flow.to_scxml()
    tab = Flow.from_dict({**flow.to_dict(), "name": "tab\there"})
    assert Flow.from_scxml(tab.to_scxml()).name == "tab\there"
