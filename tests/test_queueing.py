"""Erlang B, C and A formulas and staffing (servicekit.channels._queueing)."""

from __future__ import annotations

import copy
import json
import math
import pickle
from datetime import timedelta

import mpmath
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import DATA
from servicekit.channels import (
    QueueMetrics,
    Staffing,
    _queueing,
    erlang_b,
    erlang_b_capacity,
    erlang_c,
    queue_metrics,
    required_agents,
)
from servicekit.exceptions import ConfigError, InfeasibleError

TOLERANCE = _queueing.TOLERANCE
VECTORS = json.loads((DATA / "erlang.json").read_text(encoding="utf-8"))


def _case(section, case_id):
    return next(c for c in VECTORS[section] if c["id"] == case_id)


def _confirmed(section):
    return [c for c in VECTORS[section] if str(c["status"]).startswith("confirmed")]


# ------------------------------------------------------------------ reference
def reference_inverse_b(x, a, dps=32):
    """Slow, obviously-right 1/B(x, a) at high precision.

    Unrolls 1/B(x) = 1 + (x/a)/B(x-1) down to the fractional part, whose value comes
    from the incomplete gamma function; stops once the remaining terms (which fall
    geometrically from there on) cannot matter.
    """
    with mpmath.workdps(dps):
        x, a = mpmath.mpf(x), mpmath.mpf(a)
        whole = int(mpmath.floor(x))
        frac = x - whole
        total = term = mpmath.mpf(1)
        eps = mpmath.mpf(10) ** (5 - dps)
        for i in range(whole):
            ratio = (x - i) / a
            term *= ratio
            if ratio < 1 and term < eps * total * (1 - ratio):
                return total
            total += term
        if frac > 0:
            inv_frac = mpmath.exp(a) * mpmath.gammainc(frac + 1, a) / a**frac
            total += term * (inv_frac - 1)
        return total


def reference_c(n, a):
    """Erlang C from the reference Erlang B."""
    with mpmath.workdps(40):
        b = 1 / reference_inverse_b(n, a)
        rho = mpmath.mpf(a) / n
        return b / (1 - rho + rho * b)


class TestReference:
    """The slow reference itself agrees with the textbook sums."""

    def test_integer_sum(self):
        """For whole agents it equals sum(a^k/k!) / (a^n/n!)."""
        with mpmath.workdps(40):
            a, n = mpmath.mpf(7.5), 12
            direct = sum(a**k / mpmath.factorial(k) for k in range(n + 1))
            expected = direct / (a**n / mpmath.factorial(n))
            assert abs(expected - reference_inverse_b(n, 7.5)) < 1e-30 * expected

    def test_fractional_integral(self):
        """For fractional agents it equals a∫e^{-at}(1+t)^x dt."""
        with mpmath.workdps(30):
            x, a = mpmath.mpf(3.4), mpmath.mpf(2)
            integral = a * mpmath.quad(lambda t: mpmath.exp(-a * t) * (1 + t) ** x, [0, mpmath.inf])
            assert abs(integral - reference_inverse_b(3.4, 2)) < 1e-20 * integral


# ------------------------------------------------------------------ published vectors
class TestErlangBVectors:
    """Published Erlang B cases, re-derived at high precision, all pass."""

    @pytest.mark.parametrize("case", _confirmed("erlang_b"), ids=lambda c: c["id"])
    def test_case(self, case):
        """Blocking (or carried traffic at a blocking) matches the confirmed value."""
        inputs, confirmed = case["inputs"], case.get("confirmed", {})
        if "blocking" in confirmed:
            assert erlang_b(inputs["N"], inputs["A"]) == pytest.approx(
                confirmed["blocking"], rel=1e-9
            )
        elif "A_max" in confirmed:
            assert erlang_b_capacity(inputs["N"], inputs["blocking"]) == pytest.approx(
                confirmed["A_max"], rel=1e-9
            )
        else:
            for row in case["rows_confirmed"]:
                traffic = erlang_b_capacity(row["N"], inputs["blocking"])
                assert traffic == pytest.approx(row["mpmath_A"], rel=1e-7), row
                assert round(traffic, 3) == pytest.approx(row["published_A"], abs=1e-3), row


class TestErlangCVectors:
    """Published Erlang C cases (confirmed by mpmath) all pass."""

    def test_pyworkforce_callcentrehelper(self):
        """100 calls / 30 min, 3 min AHT, 80/20, 85 % occupancy, 30 % shrinkage."""
        case = _case("erlang_c", "cch_pyworkforce_100_30min")
        i, c = case["inputs"], case["confirmed"]
        kw = {"arrivals": i["calls"], "interval": i["interval_s"], "handle_time": i["aht_s"]}
        staffing = required_agents(
            **kw,
            answer_within=i["target_answer_s"],
            service_level=i["sl_goal"],
            max_occupancy=i["max_occupancy"],
            shrinkage=i["shrinkage"],
        )
        assert (c["agents"], c["positions_with_shrinkage"]) == (
            staffing.agents,
            staffing.positions,
        )
        m = staffing.metrics
        assert m.traffic == pytest.approx(c["A"], rel=1e-12)
        assert m.wait_probability == pytest.approx(c["pw"], rel=1e-9)
        assert m.service_level == pytest.approx(c["sl"], rel=1e-9)
        assert m.asa == pytest.approx(c["asa_s"], rel=1e-9)
        assert m.occupancy == pytest.approx(c["occupancy"], rel=1e-9)
        for agents, key in ((13, "at_13_agents"), (11, "at_11_agents")):
            other = queue_metrics(agents, **kw, answer_within=i["target_answer_s"])
            assert other.wait_probability == pytest.approx(c[key]["pw"], rel=1e-8)
            assert other.service_level == pytest.approx(c[key]["sl"], rel=1e-8)

    def test_call_center_tools_readme(self):
        """1000 calls/h, 2 min: 40 agents set by the 85 % occupancy cap, 38 by 80/20."""
        case = _case("erlang_c", "call_center_tools_readme_1000_per_hour")
        i, c = case["inputs"], case["confirmed"]
        kw = {
            "arrivals": i["calls_per_hour"],
            "interval": timedelta(hours=1),
            "handle_time": timedelta(seconds=i["aht_s"]),
            "answer_within": timedelta(seconds=i["target_answer_s"]),
            "service_level": i["sl_goal"],
        }
        capped = required_agents(**kw, max_occupancy=i["max_occupancy"], shrinkage=i["shrinkage"])
        assert c["agents_occupancy_bound"] == capped.agents
        assert "max_occupancy" == capped.binding
        assert c["agents_with_shrinkage"] == capped.positions
        assert c["agents_sl_only"] == required_agents(**kw).agents
        m = capped.metrics
        assert m.wait_probability == pytest.approx(c["pw"], rel=1e-9)
        assert m.service_level == pytest.approx(c["sl"], rel=1e-9)
        assert m.asa == pytest.approx(c["asa_s"], rel=1e-9)
        fixed = c["fixed_35_agents"]
        del kw["service_level"]
        m35 = queue_metrics(35, **kw)
        assert m35.wait_probability == pytest.approx(fixed["pw"], rel=1e-9)
        assert m35.service_level == pytest.approx(fixed["sl"], rel=1e-9)
        assert m35.asa == pytest.approx(fixed["asa_s"], rel=1e-9)
        assert m35.occupancy == pytest.approx(fixed["occupancy"], rel=1e-9)
        assert fixed["agents_with_shrinkage"] == math.ceil(35 / (1 - i["shrinkage"]))

    def test_call_center_tools_docstrings(self):
        """A = 123 Erlangs: the confirmed numbers, not the docstrings' typos."""
        c = _case("erlang_c", "call_center_tools_docstrings_A123")["confirmed"]
        assert erlang_b(132, 123) == pytest.approx(c["erlang_b_132"], rel=1e-9)
        assert erlang_c(132, 123) == pytest.approx(c["erlang_c_132"], rel=1e-12)
        assert erlang_c(130, 123) == pytest.approx(c["erlang_c_130"], rel=1e-9)
        m = queue_metrics(130, arrivals=123, interval=300, handle_time=300, answer_within=20)
        assert m.service_level == pytest.approx(c["sl_130_exact"], rel=1e-9)
        assert m.asa == pytest.approx(c["asa_130_s"], rel=1e-9)

    def test_jonesthenet(self):
        """250 calls/h, 330 s AHT, 80/30 needs 28 agents; 24x7 variant needs 15."""
        case = _case("erlang_c", "jonesthenet_average_hour")
        i, c = case["inputs"], case["confirmed"]
        kw = {"interval": 3600, "handle_time": i["aht_s"], "answer_within": i["target_answer_s"]}
        s = required_agents(arrivals=i["calls_per_hour"], **kw, service_level=i["sl_goal"])
        assert c["agents"] == s.agents
        assert s.metrics.traffic == pytest.approx(c["A"], rel=1e-9)
        assert s.metrics.service_level == pytest.approx(c["sl_at_agents"], rel=1e-8)
        below = queue_metrics(s.agents - 1, arrivals=i["calls_per_hour"], **kw)
        assert below.service_level == pytest.approx(c["sl_at_agents_minus_1"], rel=1e-8)
        v = i["variant_24x7"]
        hourly = v["calls_per_week"] / v["hours"]
        s24 = required_agents(arrivals=hourly, **kw, service_level=i["sl_goal"])
        assert c["variant_24x7"]["agents_per_hour"] == s24.agents
        assert c["variant_24x7"]["call_taking_hours_per_week"] == s24.agents * v["hours"]

    def test_classic_360_calls(self):
        """360 calls / 30 min, 4 min: 55 agents; 54 agents for 80/20."""
        case = _case("erlang_c", "classic_360_per_half_hour_55_agents")
        i, c = case["inputs"], case["confirmed"]
        kw = {"arrivals": i["calls"], "interval": i["interval_s"], "handle_time": i["aht_s"]}
        m20 = queue_metrics(i["agents"], **kw, answer_within=20)
        m15 = queue_metrics(i["agents"], **kw, answer_within=15)
        assert m20.wait_probability == pytest.approx(c["pw"], rel=1e-9)
        assert m20.service_level == pytest.approx(c["sl_20s"], rel=1e-9)
        assert m15.service_level == pytest.approx(c["sl_15s"], rel=1e-9)
        assert m20.asa == pytest.approx(c["asa_s"], rel=1e-9)
        assert m20.occupancy == pytest.approx(c["occupancy"], rel=1e-9)
        s = required_agents(**kw, answer_within=20, service_level=0.8)
        assert c["agents_for_80_20"] == s.agents
        assert s.metrics.service_level == pytest.approx(c["sl_at_54"], rel=1e-8)

    def test_koole_square_root_rule(self):
        """Ger Koole's square-root staffing examples (ASA in seconds, 2 min AHT)."""
        confirmed = _case("erlang_c", "koole_blog_sqrt_rule")["confirmed_asa_seconds"]
        for key, expected in confirmed.items():
            agents, traffic = (int(p[1:]) for p in key.split("_"))
            m = queue_metrics(
                agents, arrivals=traffic, interval=120, handle_time=120, answer_within=0
            )
            assert m.asa == pytest.approx(expected, rel=1e-8), key


class TestDelayStaffingVectors:
    """Tijms, Table 5.3.2: fewest agents with a delay probability at most alpha."""

    @pytest.mark.parametrize("case", _confirmed("erlang_c_delay_staffing"), ids=lambda c: c["id"])
    def test_case(self, case):
        """Service level at zero seconds is 1 - P(wait), so the targets coincide."""
        a, alpha = case["inputs"]["A"], case["inputs"]["max_delay_probability"]
        c = case["confirmed"]
        s = required_agents(
            arrivals=a, interval=60, handle_time=60, answer_within=0, service_level=1 - alpha
        )
        assert c["agents"] == s.agents
        assert s.metrics.wait_probability == pytest.approx(c["pw_at_agents"], rel=1e-8)
        assert erlang_c(s.agents - 1, a) == pytest.approx(c["pw_at_agents_minus_1"], rel=1e-8)


class TestErlangAVectors:
    """pyworkforce's Erlang A example, with the mpmath-confirmed figures."""

    def test_pyworkforce_readme(self):
        """13 agents, 19 positions; metrics match the confirmed (not the README) values."""
        case = _case("erlang_a", "pyworkforce_erlangA_readme")
        i, c = case["inputs"], case["confirmed"]
        kw = {
            "arrivals": i["calls"],
            "interval": timedelta(minutes=i["interval_min"]),
            "handle_time": timedelta(minutes=i["aht_min"]),
            "answer_within": timedelta(minutes=i["target_answer_min"]),
            "patience": timedelta(minutes=i["patience_min"]),
        }
        s = required_agents(
            **kw,
            service_level=i["sl_goal"],
            max_occupancy=i["max_occupancy"],
            max_abandonment=i["max_abandonment"],
            shrinkage=i["shrinkage"],
        )
        assert (c["raw_positions"], c["positions"]) == (s.agents, s.positions)
        m = s.metrics
        assert m.service_level == pytest.approx(c["service_level"], rel=1e-7)
        assert m.occupancy == pytest.approx(c["occupancy"], rel=1e-8)
        assert m.abandonment == pytest.approx(c["abandonment_probability"], rel=1e-8)
        assert m.wait_probability == pytest.approx(c["waiting_probability"], rel=1e-8)
        assert m.mean_wait / 60 == pytest.approx(c["mean_wait_all_arrivals_min"], rel=1e-8)
        assert m.asa / 60 == pytest.approx(c["mean_wait_answered_min"], rel=1e-8)
        at_12 = queue_metrics(12, **kw)
        assert at_12.service_level == pytest.approx(c["sl_at_12"], rel=1e-7)


# ------------------------------------------------------------------ properties
loads = st.floats(min_value=0.5, max_value=0.999)


@st.composite
def agents_and_traffic(draw, max_agents=100_000):
    """Agents in 1..max_agents and a traffic where P(wait) is a normal double."""
    n = draw(st.integers(min_value=1, max_value=max_agents))
    # Spare capacity up to ~30 standard deviations keeps P(wait) above 1e-200.
    spare = draw(st.floats(min_value=0.001, max_value=30.0)) * math.sqrt(n)
    rho = max(draw(loads), 1.0 - spare / n)
    return float(n), n * rho


class TestErlangCReference:
    """erlang_c agrees with the high-precision reference to 1e-10 relative."""

    @settings(max_examples=20, deadline=None)
    @given(agents_and_traffic())
    def test_whole_agents(self, case):
        """Whole agents from 1 to 100,000."""
        n, a = case
        expected = reference_c(n, a)
        assert abs(erlang_c(n, a) - expected) <= 1e-10 * expected

    @settings(max_examples=25, deadline=None)
    @given(st.floats(min_value=0.01, max_value=2_000.0), loads)
    def test_fractional_agents(self, x, rho):
        """Fractional agents use the continuous extension."""
        expected = 1 / reference_inverse_b(x, x * rho)
        assert abs(erlang_b(x, x * rho) - expected) <= 1e-10 * expected

    @settings(max_examples=20, deadline=None)
    @given(st.floats(min_value=100.0, max_value=50_000.0), st.floats(min_value=1.0, max_value=3.0))
    def test_overloaded_blocking(self, x, load):
        """Erlang B with more traffic than lines (the recurrence starts far below)."""
        expected = 1 / reference_inverse_b(x, x * load)
        assert abs(erlang_b(x, x * load) - expected) <= 1e-10 * expected

    def test_underflow_is_zero(self):
        """Far more agents than traffic: the probability is below the doubles, 0.0."""
        assert 0.0 == erlang_b(100_000, 10.0)
        assert 0.0 == erlang_c(100_000, 10.0)

    def test_continuous_in_agents(self):
        """The fractional extension joins the whole-agent values without a jump."""
        for a in (0.5, 3.0, 150.0):
            for n in (1, 2, 7, 160):
                assert erlang_b(n - 1e-9, a) == pytest.approx(erlang_b(n, a), rel=1e-6)
                assert erlang_b(n + 1e-9, a) == pytest.approx(erlang_b(n, a), rel=1e-6)

    def test_below_one_agent(self):
        """Between 0 and 1 agent both incomplete-gamma branches match the reference."""
        for x, a in ((0.3, 0.2), (0.7, 1.5), (0.5, 10.0), (0.99, 60.0)):
            expected = float(1 / reference_inverse_b(x, a))
            assert erlang_b(x, a) == pytest.approx(expected, rel=1e-12)


class TestMonotone:
    """More agents never make the queue worse."""

    @settings(max_examples=60, deadline=None)
    @given(
        st.integers(min_value=1, max_value=2_000),
        loads,
        st.floats(min_value=0.0, max_value=600.0),
        st.one_of(st.none(), st.floats(min_value=10.0, max_value=3_600.0)),
    )
    def test_service_level_rises(self, n, rho, within, patience):
        """Service level rises and abandonment and occupancy fall with every agent."""
        kw = {
            "arrivals": n * rho,
            "interval": 180,
            "handle_time": 180,
            "answer_within": within,
            "patience": patience,
        }
        now, more = queue_metrics(n, **kw), queue_metrics(n + 1, **kw)
        assert more.service_level >= now.service_level - 1e-12
        assert more.abandonment <= now.abandonment + 1e-12
        assert more.occupancy < now.occupancy
        assert 0 <= now.service_level <= 1
        assert 0 <= now.wait_probability <= 1


class TestRequiredAgentsMinimal:
    """required_agents returns the fewest agents that meet every target."""

    @settings(max_examples=80, deadline=None)
    @given(
        st.floats(min_value=0.05, max_value=12_000.0),
        st.floats(min_value=0.0, max_value=300.0),
        st.floats(min_value=0.05, max_value=0.99),
        st.one_of(st.none(), st.floats(min_value=0.5, max_value=1.0)),
    )
    @example(0.5, 0.0, 0.9, None)  # 2 agents answer exactly 90 % at once (issue 14)
    def test_erlang_c(self, traffic, within, level, occupancy):
        """One agent fewer misses a target (or makes the queue unstable)."""
        kw = {"arrivals": traffic, "interval": 240, "handle_time": 240, "answer_within": within}
        s = required_agents(**kw, service_level=level, max_occupancy=occupancy)
        assert s.metrics.service_level >= level * (1 - TOLERANCE)
        assert s.metrics.occupancy <= (occupancy or 1.0) * (1 + TOLERANCE)
        direct = queue_metrics(s.agents, **kw).to_dict()
        assert direct == pytest.approx(s.metrics.to_dict(), rel=1e-12, abs=1e-300)
        fewer = s.agents - 1
        if fewer > traffic:
            m = queue_metrics(fewer, **kw)
            assert m.service_level < level or m.occupancy > (occupancy or 1.0)

    @settings(max_examples=30, deadline=None)
    @given(
        st.floats(min_value=0.1, max_value=400.0),
        st.floats(min_value=0.0, max_value=120.0),
        st.floats(min_value=0.2, max_value=0.95),
        st.floats(min_value=5.0, max_value=900.0),
        st.one_of(st.none(), st.floats(min_value=0.01, max_value=0.3)),
    )
    @example(361.6013912596635, 106.6721800964239, 0.20043693479870586, 147.89158855481233, None)
    def test_erlang_a(self, traffic, within, level, patience, abandon):
        """With patience, one agent fewer misses service level or abandonment."""
        kw = {
            "arrivals": traffic,
            "interval": 300,
            "handle_time": 300,
            "answer_within": within,
            "patience": patience,
        }
        s = required_agents(**kw, service_level=level, max_abandonment=abandon)
        assert s.metrics.service_level >= level * (1 - TOLERANCE)
        assert s.metrics.abandonment <= (abandon or 1.0) * (1 + TOLERANCE)
        if s.agents > 1:
            m = queue_metrics(s.agents - 1, **kw)
            assert m.service_level < level or m.abandonment > (abandon or 1.0)

    def test_target_met_exactly_counts(self):
        """Issue 14: 0.5 Erlangs on 2 agents answer exactly 90 % at once; 2 suffice."""
        s = required_agents(
            arrivals=0.5,
            interval=timedelta(seconds=240),
            handle_time=timedelta(seconds=240),
            answer_within=timedelta(0),
            service_level=0.9,
        )
        assert (2, "service_level") == (s.agents, s.binding)
        # 1 - 0.9 rounds below C = 0.1: compared without tolerance, 3 agents came out.
        assert 0.1 == s.metrics.wait_probability
        assert 0.1 > 1 - 0.9

    def test_erlang_a_target_met_exactly_counts(self):
        """With instant abandonment SL = 1 - B(2, 1) = 0.8 exactly; 2 agents suffice."""
        s = required_agents(
            arrivals=1,
            interval=1,
            handle_time=1,
            answer_within=1,
            service_level=0.8,
            patience=5e-324,
        )
        assert 2 == s.agents
        assert 0.8 == pytest.approx(s.metrics.service_level, rel=TOLERANCE)

    @pytest.mark.parametrize(
        ("load", "cap", "agents"), [(7.0, 0.7, 10), (8.5, 0.85, 10), (0.3, 0.1, 3)]
    )
    def test_occupancy_met_exactly_counts(self, load, cap, agents):
        """Occupancy exactly at the cap (a/cap a whole number after rounding) is met."""
        s = required_agents(
            arrivals=load,
            interval=1,
            handle_time=1,
            answer_within=60,
            service_level=0.05,
            max_occupancy=cap,
        )
        assert agents == s.agents

    def test_large_loads(self):
        """9,900 and 100,000 Erlangs solve to the smallest count, checked both sides."""
        for traffic in (9_900.0, 99_000.0):
            kw = {"arrivals": traffic, "interval": 180, "handle_time": 180, "answer_within": 20}
            s = required_agents(**kw, service_level=0.8)
            assert queue_metrics(s.agents, **kw).service_level >= 0.8
            assert queue_metrics(s.agents - 1, **kw).service_level < 0.8

    def test_9900_erlangs_matches_issue(self):
        """The issue's benchmark case needs about 9,913 agents."""
        s = required_agents(
            arrivals=9_900, interval=180, handle_time=180, answer_within=20, service_level=0.8
        )
        assert 9_900 < s.agents <= 9_920

    def test_occupancy_binds(self):
        """A tight occupancy cap sets the number and is named as binding."""
        s = required_agents(
            arrivals=500,
            interval=3600,
            handle_time=3600,
            answer_within=20,
            service_level=0.5,
            max_occupancy=0.8,
        )
        assert (625, "max_occupancy") == (s.agents, s.binding)

    def test_abandonment_binds(self):
        """A strict abandonment cap can bind in Erlang A."""
        s = required_agents(
            arrivals=10,
            interval=60,
            handle_time=60,
            answer_within=60,
            service_level=0.3,
            patience=30,
            max_abandonment=0.01,
        )
        assert "max_abandonment" == s.binding
        assert (
            queue_metrics(
                s.agents - 1,
                arrivals=10,
                interval=60,
                handle_time=60,
                answer_within=60,
                patience=30,
            ).abandonment
            > 0.01
        )

    def test_erlang_a_occupancy_binds(self):
        """An occupancy cap also binds under Erlang A."""
        s = required_agents(
            arrivals=50,
            interval=60,
            handle_time=60,
            answer_within=60,
            service_level=0.2,
            patience=600,
            max_occupancy=0.7,
        )
        assert "max_occupancy" == s.binding
        assert s.metrics.occupancy <= 0.7

    def test_erlang_a_light_load_one_agent(self):
        """A trickle of contacts with an easy target needs one agent."""
        s = required_agents(
            arrivals=0.1,
            interval=3600,
            handle_time=60,
            answer_within=60,
            service_level=0.5,
            patience=60,
        )
        assert (1, "service_level") == (s.agents, s.binding)

    def test_erlang_a_large_load(self):
        """Erlang A staffing at 500 Erlangs starts from square-root staffing."""
        kw = {
            "arrivals": 500,
            "interval": 60,
            "handle_time": 60,
            "answer_within": 20,
            "patience": 120,
        }
        s = required_agents(**kw, service_level=0.8)
        assert queue_metrics(s.agents - 1, **kw).service_level < 0.8 <= s.metrics.service_level

    @pytest.mark.parametrize("start", [120, 150, 400])
    def test_search_from_above(self, start):
        """From a start above the answer the search steps down to the same count."""
        kw = {"level": 0.8, "occ": 1.0, "limit": 10**6}
        n, metrics, binding = _queueing._staff_c(100.0, 180.0, 20.0, **kw)
        found = _queueing._search_c(100.0, 180.0, 20.0, **kw, guess=start)
        assert (n, binding) == (found[0], found[2])
        assert metrics.service_level == pytest.approx(found[1].service_level, rel=1e-12)

    def test_shrinkage(self):
        """Positions = ceil(agents / (1 - shrinkage)), exact ratios not rounded up."""
        kw = {
            "arrivals": 1,
            "interval": 60,
            "handle_time": 240,
            "answer_within": 20,
            "service_level": 0.8,
        }
        s = required_agents(**kw, shrinkage=0.5)
        assert 2 * s.agents == s.positions
        assert s.agents == required_agents(**kw).positions

    def test_max_agents(self):
        """A cap below the need is an InfeasibleError naming the cap."""
        kw = {
            "arrivals": 100,
            "interval": 60,
            "handle_time": 60,
            "answer_within": 20,
            "service_level": 0.9,
        }
        with pytest.raises(InfeasibleError, match="more than 50 agents"):
            required_agents(**kw, max_agents=50)
        with pytest.raises(InfeasibleError, match="more than 101 agents"):
            required_agents(**kw, max_agents=101)
        sl80 = {**kw, "arrivals": 100, "interval": 180, "handle_time": 180, "service_level": 0.8}
        assert 107 == required_agents(**sl80).agents
        for cap in (105, 106):  # at or just above the square-root staffing start
            with pytest.raises(InfeasibleError, match=f"more than {cap} agents"):
                required_agents(**sl80, max_agents=cap)
        with pytest.raises(InfeasibleError, match="more than 5 agents"):
            required_agents(**kw, patience=30, max_agents=5)
        assert required_agents(**kw, max_agents=200).agents <= 200
        with pytest.raises(InfeasibleError):
            required_agents(**{**kw, "arrivals": 1000}, max_agents=1000)


# ------------------------------------------------------------------ Erlang A details
class TestErlangA:
    """Erlang A agrees with closed forms and limits."""

    def test_zeltyn_abandonment_formula(self):
        """P(Ab|W>0) = 1/(ρ·A(x,y)) + 1 - 1/ρ (Mandelbaum and Zeltyn)."""
        n, lam, mu, theta = 20, 2.2, 0.1, 0.05  # per second
        with mpmath.workdps(40):
            x, y = mpmath.mpf(n) * mu / theta, mpmath.mpf(lam) / theta
            big_a = x * mpmath.exp(y) / y**x * mpmath.gammainc(x, 0, y)
            rho = mpmath.mpf(lam) / (n * mu)
            cond = 1 / (rho * big_a) + 1 - 1 / rho
        m = queue_metrics(
            n, arrivals=lam, interval=1, handle_time=1 / mu, answer_within=0, patience=1 / theta
        )
        assert m.abandonment / m.wait_probability == pytest.approx(float(cond), rel=1e-10)

    def test_long_patience_tends_to_erlang_c(self):
        """With patience far beyond the waits, Erlang A gives Erlang C's numbers."""
        kw = {"arrivals": 100, "interval": 1800, "handle_time": 180, "answer_within": 20}
        c = queue_metrics(14, **kw)
        a = queue_metrics(14, **kw, patience=1e9)
        assert a.service_level == pytest.approx(c.service_level, rel=1e-6)
        assert a.wait_probability == pytest.approx(c.wait_probability, rel=1e-6)
        assert a.asa == pytest.approx(c.asa, rel=1e-5)
        assert a.abandonment < 1e-7

    def test_long_targets_do_not_break(self):
        """Answer-within far beyond the patience: SL tends to the share served at all."""
        kw = {"arrivals": 100, "interval": 1800, "handle_time": 180, "patience": 300}
        long = queue_metrics(12, **kw, answer_within=86_400 * 365)
        assert long.service_level == pytest.approx(1 - long.abandonment, rel=1e-12)
        assert 0 < long.abandonment < 1

    def test_overloaded_with_patience(self):
        """More traffic than agents is fine with abandonment; the queue sheds the excess."""
        m = queue_metrics(
            50, arrivals=100, interval=60, handle_time=60, answer_within=20, patience=600
        )
        assert m.abandonment == pytest.approx(0.5, abs=0.01)
        assert m.occupancy == pytest.approx(1.0, abs=0.01)
        assert m.wait_probability == pytest.approx(1.0, abs=1e-6)

    def test_overloaded_long_patience_no_overflow(self):
        """λ/θ in the hundreds of thousands: sums are rescaled, no overflow."""
        m = queue_metrics(
            1000, arrivals=1500, interval=60, handle_time=60, answer_within=20, patience=36_000
        )
        assert m.abandonment == pytest.approx(1 / 3, rel=1e-3)
        assert math.isfinite(m.asa)

    def test_no_one_waits(self):
        """Far more agents than traffic: nobody waits or abandons."""
        m = queue_metrics(
            5_000, arrivals=1, interval=60, handle_time=60, answer_within=0, patience=60
        )
        assert (1.0, 0.0, 0.0) == (m.service_level, m.abandonment, m.wait_probability)

    def test_answer_at_once(self):
        """A zero target counts only the callers who never wait."""
        m = queue_metrics(
            12, arrivals=10, interval=60, handle_time=60, answer_within=0, patience=60
        )
        assert m.service_level == pytest.approx(1 - m.wait_probability, rel=1e-12)

    def test_fractional_agents_below_one(self):
        """Half an agent on a queue with patience (a shared person)."""
        m = queue_metrics(
            0.5, arrivals=1, interval=3600, handle_time=600, answer_within=60, patience=600
        )
        assert 0 < m.service_level < 1
        assert 0 < m.abandonment < 1


# ------------------------------------------------------------------ values and errors
class TestValues:
    """Result values are frozen, comparable, picklable and turn into dicts."""

    def test_contract(self):
        """repr, eq/hash, frozen, pickle and copy."""
        s = required_agents(
            arrivals=100, interval=1800, handle_time=180, answer_within=20, service_level=0.8
        )
        assert s == pickle.loads(pickle.dumps(s))  # noqa: S301 - our own value
        assert s == copy.deepcopy(s)
        assert hash(s) == hash(copy.copy(s))
        assert repr(s).startswith("Staffing(agents=14")
        with pytest.raises(AttributeError):
            s.agents = 3  # type: ignore[misc]
        assert isinstance(s.metrics, QueueMetrics)
        assert isinstance(s, Staffing)

    def test_to_dict(self):
        """to_dict gives plain floats and a nested metrics dict."""
        s = required_agents(
            arrivals=100, interval=1800, handle_time=180, answer_within=20, service_level=0.8
        )
        d = s.to_dict()
        assert d["metrics"] == s.metrics.to_dict()
        assert {"agents", "positions", "shrinkage", "binding", "metrics"} == set(d)
        assert all(isinstance(v, float) for v in s.metrics.to_dict().values())


class TestErrors:
    """Bad input gives a servicekit error naming the field and the value."""

    @pytest.mark.parametrize(
        ("kwargs", "field", "shown"),
        [
            ({"arrivals": 0}, "arrivals", "0"),
            ({"arrivals": -5}, "arrivals", "-5"),
            ({"interval": 0}, "interval", "0"),
            ({"handle_time": -1.0}, "handle_time", "-1.0"),
            ({"handle_time": timedelta(0)}, "handle_time", "timedelta(0)"),
            ({"answer_within": -1}, "answer_within", "-1"),
            ({"answer_within": timedelta(seconds=-1)}, "answer_within", "timedelta"),
            ({"service_level": 1.0}, "service_level", "1.0"),
            ({"service_level": 0}, "service_level", "0"),
            ({"max_occupancy": 1.5}, "max_occupancy", "1.5"),
            ({"max_occupancy": 0.0}, "max_occupancy", "0.0"),
            ({"shrinkage": 1.0}, "shrinkage", "1.0"),
            ({"shrinkage": -0.1}, "shrinkage", "-0.1"),
            ({"patience": 0}, "patience", "0"),
            ({"patience": 60, "max_abandonment": 0}, "max_abandonment", "0"),
            ({"max_abandonment": 0.1}, "max_abandonment", "patience"),
            ({"max_agents": 0}, "max_agents", "0"),
            ({"arrivals": math.nan}, "arrivals", "nan"),
            ({"arrivals": math.inf}, "arrivals", "inf"),
        ],
    )
    def test_required_agents(self, kwargs, field, shown):
        """Each bad argument is a ConfigError whose path is the argument name."""
        kw = {
            "arrivals": 10,
            "interval": 60,
            "handle_time": 60,
            "answer_within": 20,
            "service_level": 0.8,
        }
        with pytest.raises(ConfigError) as info:
            required_agents(**{**kw, **kwargs})
        assert field == info.value.path
        assert shown in str(info.value)

    def test_types(self):
        """Wrong types are plain TypeErrors."""
        kw = {
            "arrivals": 10,
            "interval": 60,
            "handle_time": 60,
            "answer_within": 20,
            "service_level": 0.8,
        }
        for bad in ({"arrivals": "10"}, {"service_level": True}, {"max_agents": 2.5}):
            with pytest.raises(TypeError):
                required_agents(**{**kw, **bad})
        with pytest.raises(TypeError):
            erlang_c("3", 2)

    def test_functions(self):
        """erlang_b, erlang_c, erlang_b_capacity and queue_metrics check their inputs."""
        with pytest.raises(ConfigError, match="agents: must be 0 or more, got -1"):
            erlang_b(-1, 2)
        with pytest.raises(ConfigError, match="traffic: must be greater than 0, got 0"):
            erlang_b(3, 0)
        with pytest.raises(ConfigError, match="agents"):
            erlang_c(0, 2)
        with pytest.raises(ConfigError, match="blocking"):
            erlang_b_capacity(5, 1.0)
        with pytest.raises(ConfigError, match="agents"):
            queue_metrics(0, arrivals=1, interval=60, handle_time=60, answer_within=0)

    def test_number_subclasses(self):
        """Subclasses of float and int (numpy.float64, IntEnum) are numbers too."""
        import numpy as np  # noqa: PLC0415 - a test-only dependency, via pandas

        assert erlang_c(np.float64(14.0), np.int64(10)) == erlang_c(14, 10)

    def test_capacity_exceeded(self):
        """Erlang C metrics at or above capacity are infeasible; P(wait) is 1."""
        assert 1.0 == erlang_c(10, 10)
        assert 1.0 == erlang_c(5, 12.5)
        with pytest.raises(InfeasibleError, match="never empties"):
            queue_metrics(10, arrivals=10, interval=60, handle_time=60, answer_within=20)


class TestCapacity:
    """erlang_b_capacity inverts erlang_b."""

    @settings(max_examples=40, deadline=None)
    @given(st.floats(min_value=0.2, max_value=5_000.0), st.floats(min_value=1e-4, max_value=0.9))
    def test_round_trip(self, agents, blocking):
        """erlang_b(n, erlang_b_capacity(n, p)) == p."""
        traffic = erlang_b_capacity(agents, blocking)
        assert erlang_b(agents, traffic) == pytest.approx(blocking, rel=1e-9)

    def test_private_search_expands(self):
        """A high blocking makes the bracket grow beyond 2n."""
        assert erlang_b(1, erlang_b_capacity(1, 0.9)) == pytest.approx(0.9, rel=1e-12)


def test_private_names_stay_private():
    """The module exports only the documented names."""
    assert sorted(_queueing.__all__) == _queueing.__all__


# ------------------------------------------------------------------ bounds (issue 14)
class TestBounds:
    """Cost is bounded whatever the values; extreme values are refused, never crash."""

    @pytest.mark.timeout(20)
    def test_huge_traffic_refused(self):
        """erlang_b(1e16, 1e16) looped ~1e9 times on a float counter stuck at 2^53."""
        for call in (lambda: erlang_b(1e16, 1e16), lambda: erlang_c(1e17, 1e16)):
            with pytest.raises(ConfigError, match="at most 1e\\+07 Erlangs") as info:
                call()
            assert "traffic" == info.value.path

    @pytest.mark.timeout(20)
    def test_largest_traffic(self):
        """At the bound the recurrence still runs (about 50·√A steps), in [0, 1]."""
        a = _queueing.MAX_TRAFFIC
        for x in (a - 1e6, a, a + 38 * math.sqrt(a) + 41, a + 1e6, 1e300, 1e308):
            assert 0.0 <= erlang_b(x, a) <= 1.0
        assert 0.0 == erlang_b(1e308, a)
        assert erlang_b(a - 1e6, a) == pytest.approx(0.1, rel=1e-5)  # ≈ 1 - x/A

    @pytest.mark.timeout(20)
    def test_long_patience_refused(self):
        """Issue 14: the Erlang A series grew with patience; now it is refused fast."""
        with pytest.raises(ConfigError, match="shorter patience") as info:
            queue_metrics(
                1, arrivals=100, interval=1800, handle_time=180, answer_within=20, patience=1e10
            )
        assert "patience" == info.value.path
        with pytest.raises(ConfigError, match="shorter patience"):  # x = n·patience/h = inf
            queue_metrics(
                2,
                arrivals=1,
                interval=1,
                handle_time=1e-300,
                answer_within=0,
                patience=8e13,
            )

    @pytest.mark.timeout(60)
    def test_long_patience_computed_when_cheap(self):
        """Underloaded, a patience of 1e10 s sums few terms; balanced, it is refused."""
        kw = {"arrivals": 100, "interval": 1800, "handle_time": 180, "answer_within": 20}
        m = queue_metrics(14, **kw, patience=1e10)
        assert m.service_level == pytest.approx(queue_metrics(14, **kw).service_level, rel=1e-6)
        s = required_agents(**kw, service_level=0.8, patience=1e10)
        assert 14 == s.agents
        with pytest.raises(ConfigError, match="shorter patience"):
            queue_metrics(10, **kw, patience=1e13)  # at capacity: the tail is ~√(λ/θ)

    @pytest.mark.timeout(60)
    @pytest.mark.parametrize(("load", "level"), [(1.125, 0.8), (1.6, 0.05)])
    def test_staffing_skips_counts_too_long_to_sum(self, load, level):
        """Patience 1e10 s: one agent's queue (millions of callers) is never summed.

        The search starts at round(A) agents; one agent counts as missing the service
        level (going up from it at 1.125 Erlangs, stopping the way down at 1.6) instead
        of refusing the patience. So long a patience gives Erlang C's staffing.
        """
        kw = {"arrivals": load / 180, "interval": 1, "handle_time": 180, "answer_within": 20}
        s = required_agents(**kw, service_level=level, patience=1e10)
        assert required_agents(**kw, service_level=level).agents == s.agents
        with pytest.raises(ConfigError, match="shorter patience"):
            queue_metrics(1, **kw, patience=1e10)

    def test_series_term_limit(self):
        """The series itself stops at its term limit (the estimate refuses earlier)."""
        with pytest.raises(ConfigError, match="shorter patience"):
            _queueing._series(1e8, 1e8, moments=False, patience=1.0, limit=1000)

    @pytest.mark.parametrize(
        "call",
        [
            lambda: erlang_b(1e300, 1e300),
            lambda: erlang_b(0.5, 1e300),
            lambda: erlang_b_capacity(1e-300, 0.5),
            lambda: erlang_b_capacity(1e8, 0.5),
            lambda: erlang_b_capacity(1e6, 0.99),
            lambda: erlang_b_capacity(1.0, 1e-310),
            lambda: erlang_c(10**400, 1),
            lambda: erlang_b(1, -(10**5000)),
            lambda: required_agents(
                arrivals=5e-324,
                interval=1800,
                handle_time=180,
                answer_within=20,
                service_level=0.8,
            ),
            lambda: required_agents(
                arrivals=1e308,
                interval=1e-308,
                handle_time=1e308,
                answer_within=20,
                service_level=0.8,
            ),
            lambda: required_agents(
                arrivals=1,
                interval=1,
                handle_time=1,
                answer_within=1,
                service_level=0.8,
                max_agents=-(10**5000),
            ),
            lambda: queue_metrics(1, arrivals=10**400, interval=1, handle_time=1, answer_within=1),
        ],
    )
    def test_extreme_values_are_config_errors(self, call):
        """Issue 14: each raised ZeroDivisionError, OverflowError or ValueError."""
        with pytest.raises(ConfigError):
            call()

    def test_tiny_values_computed(self):
        """Tiny loads, patience and agents give limits, not math errors."""
        m = queue_metrics(
            1, arrivals=1, interval=1, handle_time=1, answer_within=1, patience=5e-324
        )
        assert (0.5, 0.5) == (m.service_level, m.abandonment)  # all who wait hang up
        s = required_agents(
            arrivals=1e-320, interval=1, handle_time=1, answer_within=0, service_level=0.8
        )
        assert 1 == s.agents
        assert 0.0 == erlang_b(0.99, 5e-324)
        assert 1.0 == erlang_b(5e-324, 1)  # was 1.0000000000000004
        assert 1.0 == erlang_b(1e-300, 10)
        assert 0 < erlang_b_capacity(0.01, 0.01) < 1e-100
        tiny = queue_metrics(
            1e-300, arrivals=1e5, interval=1, handle_time=1, answer_within=1, patience=1
        )
        assert (0.0, 0.0) == (tiny.asa, tiny.service_level)  # nobody is answered
        assert 1.0 == tiny.abandonment
        with pytest.raises(InfeasibleError):  # 1 / 5e-324 agents overflows
            required_agents(
                arrivals=1,
                interval=1,
                handle_time=1,
                answer_within=1,
                service_level=0.5,
                max_occupancy=5e-324,
            )

    def test_load_bound_names_arrivals(self):
        """The load comes from three arguments; the error names the arrivals."""
        with pytest.raises(ConfigError, match="more than the 1e\\+07") as info:
            required_agents(
                arrivals=1e8, interval=1, handle_time=1, answer_within=20, service_level=0.8
            )
        assert "arrivals" == info.value.path
        # 1e300 / 1e-10 overflows, 1e300 * (1e-20 / 1e-10) does not: 1e290 is refused.
        with pytest.raises(ConfigError, match="Erlangs") as info:
            queue_metrics(1, arrivals=1e300, interval=1e-10, handle_time=1e-20, answer_within=0)
        assert "arrivals" == info.value.path

    def test_durations_bounded(self):
        """Numbers of seconds beyond timedelta's 999,999,999 days made waits infinite."""
        with pytest.raises(ConfigError, match=r"at most 8.64e\+13 seconds") as info:
            queue_metrics(1, arrivals=1, interval=1e308, handle_time=1e308, answer_within=0)
        assert "interval" == info.value.path
        m = queue_metrics(
            1, arrivals=1, interval=8e13, handle_time=8e13, answer_within=0, patience=8e13
        )
        assert all(math.isfinite(v) for v in m.to_dict().values())
        # n·patience/handle near 1e294: x·patience overflowed, times 0 gave nan.
        m = queue_metrics(
            1, arrivals=0.1, interval=1, handle_time=1e-280, answer_within=1, patience=8e13
        )
        assert all(math.isfinite(v) for v in m.to_dict().values())

    def test_numpy_max_agents(self):
        """Issue 14: numpy integers are integers (floats are still refused)."""
        import numpy as np  # noqa: PLC0415 - a test-only dependency, via pandas

        kw = {
            "arrivals": 100,
            "interval": 1800,
            "handle_time": 180,
            "answer_within": 20,
            "service_level": 0.8,
        }
        assert 14 == required_agents(**kw, max_agents=np.int64(20)).agents
        with pytest.raises(InfeasibleError):
            required_agents(**kw, max_agents=np.int32(13))
        with pytest.raises(TypeError):
            required_agents(**kw, max_agents=np.float64(20))
        assert 14 == required_agents(**kw, max_agents=10**400).agents

    def test_huge_int_shown_by_size(self):
        """An int too long to print is described, not printed (str() would raise)."""
        with pytest.raises(ConfigError, match="an integer of 16610 bits"):
            erlang_b(1, -(10**5000))


def test_a_mean_wait_beyond_a_double_is_infeasible():
    """Agents a hair above the traffic: the wait overflows, an InfeasibleError, not inf."""
    tiny = 2.225073858507203e-309  # a subnormal load: the spare agents are subnormal too
    with pytest.raises(InfeasibleError, match="too long for a double"):
        queue_metrics(tiny, arrivals=tiny, interval=2, handle_time=1, answer_within=0)
    # Close but representable: a finite (very long) wait.
    assert math.isfinite(
        queue_metrics(
            3.0000001e-300, arrivals=3e-300, interval=1, handle_time=1, answer_within=0
        ).asa
    )
