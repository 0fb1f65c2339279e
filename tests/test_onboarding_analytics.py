"""Funnels, conformance checks and diagrams."""

from __future__ import annotations

import re
import sys
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.exceptions import ConfigError, NaiveDatetimeError
from servicekit.onboarding import Deviation, Flow, State, Transition, conformance, funnel
from servicekit.onboarding.flows import complaint, investment
from strategies_onboarding import AT, demo_flow, journeys

H = timedelta(hours=1)
D = timedelta(days=1)


def walk(flow, events, start=AT, context=None, gap=D):
    """Start a journey and fire ``events`` ``gap`` apart."""
    j = flow.start(context or {"instalments_total": 2}, start).journey
    for i, event in enumerate(events, 1):
        j = flow.fire(j, event, start + i * gap).journey
    return j


@pytest.fixture
def cohort():
    """Five investment journeys at different stages."""
    flow = investment()
    path = ["verification_passed", "choose_package", "top_up", "invest"]
    return (
        flow,
        [
            walk(flow, []),  # still registered, for 10 days at now
            walk(flow, path[:1]),  # verified
            walk(flow, path[:3]),  # funded
            walk(flow, [*path, "pay_instalment", "complete"]),  # completed
            walk(flow, ["verification_passed", "withdraw"]),  # withdrawn from verified
        ],
    )


class TestFunnel:
    """Counts per state, conversions, time in state and stuck journeys."""

    def test_counts(self, cohort):
        """Entries, current, conversions and drop-off add up per state."""
        flow, js = cohort
        now = AT + 10 * D
        result = funnel(flow, js, now)
        registered = result.row("registered")
        assert (5, 1, 4, 0) == (
            registered.entered,
            registered.current,
            registered.converted,
            registered.dropped,
        )
        assert "verified" == registered.next_step
        assert 0.8 == registered.conversion
        verified = result.row("verified")
        assert (4, 1, 2, 1) == (
            verified.entered,
            verified.current,
            verified.converted,
            verified.dropped,
        )
        assert 0.25 == verified.drop_off
        completed = result.row("completed")
        assert (1, 1, None, None) == (
            completed.entered,
            completed.current,
            completed.next_step,
            completed.conversion,
        )
        withdrawn = result.row("withdrawn")
        assert (1, None, 0) == (withdrawn.entered, withdrawn.next_step, withdrawn.dropped)

    def test_time_in_state(self, cohort):
        """Median and p90 come from finished visits; self-transitions do not split a visit."""
        flow, js = cohort
        result = funnel(flow, js, AT + 10 * D)
        assert D == result.row("registered").median == result.row("registered").p90
        invested = result.row("invested")
        # The completed journey paid an instalment (self-transition) a day in, then completed.
        assert 2 * D == invested.median
        assert result.row("withdrawn").median is None

    def test_stuck(self, cohort):
        """Journeys waiting longer than the threshold are stuck; finals never are."""
        flow, js = cohort
        now = AT + 10 * D
        result = funnel(flow, js, now, stuck_after=timedelta(days=9))
        assert [(0, "registered")] == [(s.index, s.state) for s in result.stuck]
        assert now - AT == result.stuck[0].waited
        assert 1 == result.row("registered").stuck
        per_state = funnel(flow, js, now, stuck_after={"funded": timedelta(days=5)})
        assert ["funded"] == [s.state for s in per_state.stuck]

    def test_rows_and_pandas(self, cohort):
        """Rows are plain dicts (seconds for durations) and load into pandas."""
        flow, js = cohort
        result = funnel(flow, js, AT + 10 * D)
        rows = result.to_rows()
        assert [s.name for s in flow.states] == [r["state"] for r in rows]
        assert 86400.0 == rows[0]["median"]
        frame = result.to_pandas()
        assert 5 == frame.loc["registered", "entered"]

    def test_pandas_missing(self, cohort, monkeypatch):
        """Without pandas, to_pandas names the extra to install."""
        flow, js = cohort
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match=r"pip install servicekit\[pandas\]"):
            funnel(flow, js, AT + 10 * D).to_pandas()

    def test_custom_steps(self, cohort):
        """A custom main path changes what counts as the next step."""
        flow, js = cohort
        result = funnel(flow, js, AT + 10 * D, steps=["registered", "withdrawn"])
        assert "withdrawn" == result.row("registered").next_step
        assert 1 == result.row("registered").converted
        assert result.row("verified").next_step is None

    def test_errors(self, cohort):
        """Bad arguments name what is wrong."""
        flow, js = cohort
        with pytest.raises(NaiveDatetimeError):
            funnel(flow, js, AT.replace(tzinfo=None))
        with pytest.raises(ConfigError, match="after now"):
            funnel(flow, js, AT)
        with pytest.raises(ConfigError, match=r"steps\[0\]"):
            funnel(flow, js, AT + 10 * D, steps=["nope"])
        with pytest.raises(ConfigError, match=r"stuck_after\.nope"):
            funnel(flow, js, AT + 10 * D, stuck_after={"nope": D})
        with pytest.raises(TypeError):
            funnel(flow, js, AT + 10 * D, stuck_after=3)
        with pytest.raises(ConfigError, match=r"journeys\[0\]"):
            funnel(complaint(), js, AT + 10 * D)
        with pytest.raises(TypeError):
            funnel(flow, [js[0].to_dict()], AT + 10 * D)
        with pytest.raises(KeyError):
            funnel(flow, js, AT + 10 * D).row("nope")

    @given(journeys(investment()))
    @settings(max_examples=50)
    def test_conservation(self, case):
        """For every state on the path, converted + dropped + current == entered."""
        flow, journey = case
        result = funnel(flow, [journey, journey], journey.entered_at + D)
        for row in result.rows:
            if row.next_step is not None:
                assert row.entered == row.converted + row.dropped + row.current
            assert 0 <= row.current <= row.entered <= 2


class TestConformance:
    """Recorded paths the flow does not allow are reported."""

    def test_deviations(self):
        """A journey that skipped a step is reported; conforming ones are not."""
        flow = investment()
        log = [
            ("a", AT, "verification_passed"),
            ("b", AT, "verification_passed"),
            ("a", AT + H, "choose_package"),
            {"journey": "b", "at": (AT + H).isoformat(), "event": "invest"},
            ("c", AT + 2 * H, "top_up", {"amount": 5}),
        ]
        found = conformance(flow, log)
        assert ["b", "c"] == [d.journey for d in found]
        b = found[0]
        assert isinstance(b, Deviation)
        assert (1, "invest", "verified") == (b.index, b.event, b.state)
        assert "no transition for 'invest'" in b.reasons[0]

    def test_order_by_time(self):
        """Rows are ordered by time within a journey, whatever the log order."""
        flow = investment()
        log = [("a", AT + H, "choose_package"), ("a", AT, "verification_passed")]
        assert () == conformance(flow, log)

    def test_contexts(self):
        """Contexts feed the guards."""
        flow = complaint()
        log = [("x", AT, "triage"), ("x", AT + H, "cooled")]
        assert () == conformance(flow, log, contexts={"x": {"angry": True}})
        assert ["x"] == [d.journey for d in conformance(flow, log)]

    @pytest.mark.parametrize(
        ("row", "path"),
        [
            ("nonsense", "event_log[0]"),
            (("a", "yesterday", "e"), "event_log[0].at"),
            (("a", AT.replace(tzinfo=None), "e"), "event_log[0].at"),
            (("a", AT, 3), "event_log[0].event"),
            (("a", AT, "e", [1]), "event_log[0].data"),
        ],
    )
    def test_bad_rows(self, row, path):
        """A malformed row names its path."""
        with pytest.raises(ConfigError) as info:
            conformance(investment(), [row])
        assert path == info.value.path


DOT_LINE = re.compile(
    r'^(digraph "(?:[^"\\]|\\.)*" \{|\}|    rankdir=LR;|    node \[.*\];|'
    r'    "(?:[^"\\]|\\.)*" \[.*\];|'
    r'    "(?:[^"\\]|\\.)*" -> "(?:[^"\\]|\\.)*"( \[label="(?:[^"\\]|\\.)*"\])?;)$'
)


class TestDiagrams:
    """Mermaid and DOT text, with and without funnel counts."""

    def test_mermaid_structure(self):
        """One edge per transition, the initial arrow and one end arrow per final."""
        flow = investment()
        text = flow.to_mermaid()
        lines = text.splitlines()
        assert "stateDiagram-v2" == lines[0]
        assert "    [*] --> registered" in lines
        edges = [line for line in lines if " --> " in line and "[*]" not in line]
        assert len(flow.transitions) == len(edges)
        assert "    funded --> invested : invest" in lines
        assert "    invested --> completed : complete [all_instalments_paid]" in lines
        assert "    registered --> registered : stalled (after P3D)" in lines
        assert {"    completed --> [*]", "    withdrawn --> [*]"} <= set(lines)

    def test_mermaid_odd_names_and_funnel(self):
        """Names that are not identifiers get ids; funnel counts describe states."""
        flow = Flow(
            "odd",
            1,
            states=[State("new lead"), State('won "big"', final=True)],
            transitions=[Transition("new lead", "win: now", 'won "big"')],
        )
        j = flow.fire(flow.start({}, AT).journey, "win: now", AT).journey
        text = flow.to_mermaid(funnel(flow, [j], AT + D))
        assert '    state "new lead" as s0' in text
        assert "    s0 --> s1 : win  now" in text
        assert "    s0 : new lead (entered 1, here 0, on 100%)" in text

    def test_dot_parses(self):
        """Every DOT line has a valid shape; edges and nodes are all there."""
        flow = complaint()
        text = flow.to_dot()
        lines = text.splitlines()
        assert all(DOT_LINE.match(line) for line in lines), [
            line for line in lines if not DOT_LINE.match(line)
        ]
        assert len(flow.transitions) + 1 == sum(" -> " in line for line in lines)
        assert '    "closed" [label="closed", peripheries=2];' in lines
        assert text.count("{") == text.count("}")

    def test_dot_with_funnel_and_quotes(self):
        """Counts go into labels; quotes are escaped."""
        flow = Flow(
            'q"uote',
            1,
            states=[State('a"b'), State("c", final=True)],
            transitions=[Transition('a"b', "go", "c")],
        )
        j = flow.start({}, AT).journey
        text = flow.to_dot(funnel(flow, [j], AT + 9 * D, stuck_after=D))
        assert all(DOT_LINE.match(line) for line in text.splitlines())
        assert '"a\\"b" [label="a\\"b\\nentered 1, here 1, on 0%, stuck 1"];' in text

    def test_funnel_of_other_flow(self, cohort):
        """A funnel of another flow is refused."""
        _, js = cohort
        with pytest.raises(ValueError, match="funnel is for flow"):
            demo_flow().to_dot(funnel(investment(), js, AT + 10 * D))

    @given(st.sampled_from([investment(), complaint(), demo_flow()]))
    @settings(max_examples=5)
    def test_every_state_drawn(self, flow):
        """Every state appears in both diagrams."""
        mermaid, dot = flow.to_mermaid(), flow.to_dot()
        for s in flow.states:
            assert f'"{s.name}"' in dot
            assert s.name in mermaid
