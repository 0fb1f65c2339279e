"""Tests for servicekit.sla.evaluate_many and upcoming_breaches."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.exceptions import ConfigError, NaiveDatetimeError, NoBusinessTimeError
from servicekit.hours import BusinessCalendar
from servicekit.sla import (
    Policy,
    SummaryRow,
    Target,
    TicketEvent,
    evaluate,
    evaluate_many,
    upcoming_breaches,
)
from servicekit.sla._clock import CompiledMeter, Meter, instant_to_us
from strategies_sla import BASE, OFFICE, full_policies, tickets

UTC = timezone.utc
H = timedelta(hours=1)
T = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday
POLICY = Policy(
    "p",
    {
        "normal": [Target("first_reply", 4 * H), Target("resolution", 24 * H)],
        "urgent": [Target("first_reply", H), Target("resolution", 8 * H)],
    },
)


def ticket(priority="normal", reply_after=None, solve_after=None):
    """A small ticket created at T."""
    events = [TicketEvent(T, "created", priority=priority)]
    if reply_after is not None:
        events.append(TicketEvent(T + reply_after, "agent_reply"))
    if solve_after is not None:
        events.append(TicketEvent(T + solve_after, "status", status="solved"))
    return events


class TestEvaluateMany:
    """Rows, summary, problems and errors of a batch."""

    BATCH = {  # noqa: RUF012 - read-only test data
        "a": ticket(reply_after=H, solve_after=2 * H),  # first reply met, resolution met
        "b": ticket(reply_after=5 * H),  # first reply missed, resolution running
        "c": ticket("urgent"),  # first reply breached, resolution breached by now
        "d": ticket("urgent", reply_after=timedelta(minutes=30), solve_after=3 * H),
    }
    NOW = T + 10 * H

    def test_rows_match_evaluate(self):
        """Each row agrees with evaluating its ticket alone."""
        report = evaluate_many(POLICY, self.BATCH, self.NOW)
        for row in report.rows:
            single = evaluate(POLICY, self.BATCH[row["ticket"]], self.NOW)
            cycle = single[row["metric"]].cycles[row["cycle"]]
            assert cycle.status == row["status"]
            assert cycle.elapsed.total_seconds() == row["elapsed_s"]
            assert cycle.deadline == row["deadline"]
            assert cycle.start == row["start"]
            assert cycle.stop == row["stop"]
            assert cycle.priority == row["priority"]
            assert cycle.target.within.total_seconds() == row["within_s"]
            assert (cycle.status in ("breached", "missed")) == row["breached"]

    def test_full_reports_on_request(self):
        """With reports=True each ticket's SLAReport equals evaluate()'s."""
        report = evaluate_many(POLICY, self.BATCH, self.NOW, reports=True)
        assert set(self.BATCH) == set(report.reports)
        for key, events in self.BATCH.items():
            assert evaluate(POLICY, events, self.NOW) == report.reports[key]
        assert {} == evaluate_many(POLICY, self.BATCH, self.NOW).reports

    def test_rows_are_a_data_frame(self):
        """The rows go into pandas.DataFrame as they are."""
        frame = pd.DataFrame(evaluate_many(POLICY, self.BATCH, self.NOW).rows)
        assert 8 == len(frame)
        assert str(frame["deadline"].dtype).startswith("datetime64")
        assert {"a": 0, "b": 1, "c": 2, "d": 0} == frame.groupby("ticket")[
            "breached"
        ].sum().to_dict()

    def test_summary(self):
        """Attainment, counts, median and p90 per metric and priority, then for all."""
        report = evaluate_many(POLICY, self.BATCH, self.NOW)
        by = {(r.metric, r.priority): r for r in report.summary}
        first_all = by["first_reply", None]
        assert (4, 2, 1, 1, 0) == (
            first_all.cycles,
            first_all.met,
            first_all.missed,
            first_all.breached,
            first_all.running,
        )
        assert 0.5 == first_all.attainment
        # Stopped first replies took 0.5 h, 1 h and 5 h: median 1 h, p90 5 h.
        assert (H, 5 * H) == (first_all.median, first_all.p90)
        resolution_normal = by["resolution", "normal"]
        assert (1, 0, 0, 1) == (
            resolution_normal.met,
            resolution_normal.missed,
            resolution_normal.breached,
            resolution_normal.running,
        )
        assert 1.0 == resolution_normal.attainment
        assert [
            ("first_reply", "normal"),
            ("first_reply", "urgent"),
            ("first_reply", None),
            ("resolution", "normal"),
            ("resolution", "urgent"),
            ("resolution", None),
        ] == [(r.metric, r.priority) for r in report.summary]
        frame = pd.DataFrame(report.summary_rows())
        assert 3600.0 == frame.loc[2, "median_s"]

    def test_summary_even_median_and_nothing_decided(self):
        """An even count takes the mean of the middle two; no decided cycles: no attainment."""
        batch = {"a": ticket(reply_after=H), "b": ticket(reply_after=2 * H), "c": ticket()}
        report = evaluate_many(POLICY, batch, T + 3 * H)
        first = next(r for r in report.summary if r.metric == "first_reply" and r.priority is None)
        assert timedelta(hours=1.5) == first.median
        resolution = next(
            r for r in report.summary if r.metric == "resolution" and r.priority is None
        )
        assert (None, None, None, 3) == (
            resolution.attainment,
            resolution.median,
            resolution.p90,
            resolution.running,
        )
        assert resolution.to_dict()["median_s"] is None

    def test_pairs_and_not_started_rows(self):
        """Tickets may come as (id, events) pairs; metrics not started get one row."""
        policy = Policy("p", {"normal": [Target("next_reply", H)]})
        report = evaluate_many(policy, [(1, ticket(reply_after=H)), (2, ticket())], T + 2 * H)
        assert [(1, "not_started", None), (2, "not_started", None)] == [
            (r["ticket"], r["status"], r["cycle"]) for r in report.rows
        ]
        assert 3600.0 == report.rows[0]["within_s"]
        assert () == report.summary

    def test_problems_and_errors(self):
        """Contradictions are collected per ticket; unevaluable tickets are errors."""
        batch = {
            "ok": ticket(),
            "early": [TicketEvent(T - H, "agent_reply"), *ticket()],
            "vip": ticket("vip"),
            "none": [TicketEvent(T, "agent_reply")],
            "future": [TicketEvent(T + 20 * H, "created", priority="normal")],
        }
        report = evaluate_many(POLICY, batch, T + H)
        assert {"early", "vip"} == set(report.problems)
        assert "before_created" == report.problems["early"][0].code
        assert "unknown_priority" == report.problems["vip"][0].code
        assert {"none", "future"} == set(report.errors)
        assert "no_created_event" == report.errors["none"].code
        assert "created_after_now" == report.errors["future"].code
        assert "no 'created' event" in str(report.errors["none"])
        assert {"ok", "early"} == {r["ticket"] for r in report.rows}

    def test_inputs(self):
        """Bad arguments are refused."""
        with pytest.raises(TypeError, match="policy"):
            evaluate_many({}, {}, T)  # type: ignore[arg-type]
        with pytest.raises(NaiveDatetimeError):
            evaluate_many(POLICY, {}, datetime(2026, 1, 1))  # noqa: DTZ001
        with pytest.raises(TypeError, match="tickets"):
            evaluate_many(POLICY, 3, T)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="tickets"):
            evaluate_many(POLICY, "abc", T)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"tickets\[0\] must be an \(id, events\) pair"):
            evaluate_many(POLICY, [("a", [], 3)], T)  # type: ignore[list-item]
        with pytest.raises(TypeError, match="hashable"):
            evaluate_many(POLICY, [([1], [])], T)  # type: ignore[list-item]

    def test_business_calendar_batch_agrees(self):
        """With a business calendar the compiled batch path agrees with evaluate."""
        policy = Policy(
            "p",
            {
                "normal": [
                    Target("first_reply", 4 * H, OFFICE),
                    Target("requester_wait", 6 * H, OFFICE),
                ]
            },
        )
        friday = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
        batch = {
            "fri": [TicketEvent(friday, "created", priority="normal")],
            "far": [TicketEvent(friday + timedelta(days=400), "created", priority="normal")],
        }
        now = friday + timedelta(days=401)
        report = evaluate_many(policy, batch, now)
        for row in report.rows:
            single = evaluate(policy, batch[row["ticket"]], now)[row["metric"]].cycles[0]
            assert (single.deadline, single.elapsed.total_seconds()) == (
                row["deadline"],
                row["elapsed_s"],
            )


class TestUpcomingBreaches:
    """Running cycles sorted by deadline."""

    def test_sorted_and_filtered(self):
        """Soonest first; breached, paused and stopped cycles are left out."""
        batch = {
            "late": ticket(),  # first reply due 13:00, resolution due next day 09:00
            "soon": [TicketEvent(T - 3 * H, "created", priority="normal")],  # due 10:00
            "done": ticket(reply_after=H / 4, solve_after=H / 2),
            "gone": [TicketEvent(T - 30 * H, "created", priority="normal")],  # breached
        }
        report = evaluate_many(POLICY, batch, T + H / 2)
        rows = upcoming_breaches(report)
        assert [
            ("soon", "first_reply", T + H),
            ("late", "first_reply", T + 4 * H),
            ("soon", "resolution", T + 21 * H),
            ("late", "resolution", T + 24 * H),
        ] == [(r["ticket"], r["metric"], r["deadline"]) for r in rows]
        assert 1800.0 == rows[0]["remaining_s"]
        assert [("soon", "first_reply")] == [
            (r["ticket"], r["metric"]) for r in upcoming_breaches(report, within=H)
        ]
        assert 2 == len(upcoming_breaches(report, limit=2))

    def test_bad_arguments(self):
        """Negative horizons and limits are refused."""
        report = evaluate_many(POLICY, {}, T)
        with pytest.raises(ConfigError) as info:
            upcoming_breaches(report, within=-H)
        assert "within" == info.value.path
        with pytest.raises(ConfigError) as info:
            upcoming_breaches(report, limit=-1)
        assert "limit" == info.value.path


class TestCompiledMeter:
    """The batch meter answers as the calendar does."""

    @settings(max_examples=60)
    @given(
        st.integers(0, 3 * 365 * 24 * 60),
        st.integers(0, 20 * 24 * 60),
        st.integers(0, 10 * 24 * 60),
    )
    def test_agrees_with_the_calendar(self, start, span, d):
        """Elapsed and add agree with the public calendar API, far and near."""
        compiled = CompiledMeter(OFFICE)
        slow = Meter(OFFICE)
        a = instant_to_us(BASE) + start * 60_000_000
        b = a + span * 60_000_000
        assert slow.elapsed(a, b) == compiled.elapsed(a, b)
        assert slow.elapsed(b, a) == compiled.elapsed(b, a)
        assert slow.add(a, d * 60_000_000) == compiled.add(a, d * 60_000_000)
        assert slow.add(b, 0) == compiled.add(b, 0)

    def test_beyond_the_compiled_range(self):
        """Questions outside the compiled range recompile or ask the calendar."""
        compiled = CompiledMeter(OFFICE)
        slow = Meter(OFFICE)
        a = instant_to_us(BASE)
        assert slow.elapsed(a, a + 10**12) == compiled.elapsed(a, a + 10**12)
        year = 365 * 86_400 * 10**6
        # Far more business time than the compiled range holds: the calendar answers.
        assert slow.add(a, year // 2) == compiled.add(a, year // 2)
        # Earlier than the range: it grows backwards.
        assert slow.elapsed(a - 2 * year, a) == compiled.elapsed(a - 2 * year, a)

    def test_next_open_past_the_last_interval(self):
        """A calendar whose open time ends asks itself for the next opening."""
        once = BusinessCalendar.from_dict(
            {"timezone": "UTC", "hours": {}, "overrides": {"2026-03-25": ["09:00-10:00"]}}
        )
        compiled = CompiledMeter(once)
        a = instant_to_us(datetime(2026, 3, 25, 12, tzinfo=UTC))
        assert 0 == compiled.elapsed(a, a + 3_600_000_000)
        with pytest.raises(NoBusinessTimeError):
            compiled.add(a, 0)
        early = instant_to_us(datetime(2026, 1, 5, tzinfo=UTC))
        assert 0 == compiled.elapsed(early, early + 3_600_000_000)
        assert 3_600_000_000 == compiled.elapsed(early, a)
        assert instant_to_us(datetime(2026, 3, 25, 9, 30, tzinfo=UTC)) == compiled.add(
            early, 1_800_000_000
        )
        before = instant_to_us(datetime(2026, 3, 25, 9, 30, tzinfo=UTC))
        assert before == compiled.add(before, 0)
        assert instant_to_us(datetime(2026, 3, 25, 9, tzinfo=UTC)) == compiled.add(
            before - 10**10, 0
        )


class TestBatchProperties:
    """The batch and the single evaluation agree on random tickets."""

    @settings(max_examples=40)
    @given(
        full_policies(), st.lists(tickets(), min_size=1, max_size=4), st.integers(0, 20 * 24 * 60)
    )
    def test_agrees_with_evaluate(self, policy, logs, minutes):
        """Every row equals the matching cycle of evaluate()."""
        now = BASE + timedelta(minutes=minutes)
        batch = dict(enumerate(logs))
        report = evaluate_many(policy, batch, now)
        for key, events in batch.items():
            if key in report.errors:
                continue
            single = evaluate(policy, events, now)
            mine = [r for r in report.rows if r["ticket"] == key and r["cycle"] is not None]
            theirs = [(m.metric, k, c) for m in single for k, c in enumerate(m.cycles)]
            assert len(theirs) == len(mine)
            for row, (metric, k, cycle) in zip(mine, theirs, strict=True):
                assert (metric, k, cycle.status, cycle.deadline, cycle.elapsed.total_seconds()) == (
                    row["metric"],
                    row["cycle"],
                    row["status"],
                    row["deadline"],
                    row["elapsed_s"],
                )
        assert all(isinstance(r, SummaryRow) for r in report.summary)
