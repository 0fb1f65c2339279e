"""Shift scheduling: hand-solvable cases, caps, breaks, DST and properties."""

from __future__ import annotations

import copy
import pickle
import sys
from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.channels import (
    Break,
    ProfileInterval,
    ScheduledShift,
    ShiftSchedule,
    ShiftTemplate,
    _shifts,
    arrival_profile,
    schedule_shifts,
    staff_profile,
)
from servicekit.exceptions import ConfigError, InfeasibleError, NaiveDatetimeError

BERLIN = ZoneInfo("Europe/Berlin")
EIGHT = datetime(2026, 3, 2, 8, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


def hours(counts, start=EIGHT, step=HOUR):
    """(start, heads) pairs for consecutive intervals."""
    return [(start + k * step, n) for k, n in enumerate(counts)]


def template(name, length, first, last=None, **kwargs):
    """A template of ``length`` hours starting between two whole hours."""
    last = first if last is None else last
    return ShiftTemplate(
        name=name, length=timedelta(hours=length), starts=[(time(first), time(last))], **kwargs
    )


def solve(counts, templates, **kwargs):
    """Schedule hourly requirements from 08:00 UTC."""
    return schedule_shifts(hours(counts), templates, interval=HOUR, **kwargs)


class TestHandSolvable:
    """Cases small enough to solve by hand, with their known optimal cost."""

    def test_one_interval_one_template(self):
        """Three heads needed in one interval: three one-hour shifts at cost 5."""
        plan = solve([3], [template("solo", 1, 8, cost=5)])
        assert (True, True, 15.0, 3) == (plan.covered, plan.optimal, plan.cost, plan.heads)
        assert [(EIGHT, 3)] == [(s.start, s.heads) for s in plan.shifts]

    def test_a_day_of_two_templates_and_a_full_day(self):
        """2 heads 08-12 and 3 heads 12-16: two full days and one late half is cheapest (18)."""
        templates = [
            template("early", 4, 8, cost=4),
            template("late", 4, 12, cost=4),
            template("full", 8, 8, cost=7),
        ]
        plan = solve([2, 2, 2, 2, 3, 3, 3, 3], templates)
        assert 18.0 == plan.cost
        assert {"full": 2, "late": 1} == {s.template: s.heads for s in plan.shifts}
        assert plan.covered
        assert [0, 0, 0, 0, 0, 0, 0, 0] == [r.over for r in plan.coverage]

    def test_two_templates_without_the_full_day(self):
        """Only halves: 2 early and 3 late at cost 4 each, 20 in all."""
        plan = solve(
            [2, 2, 2, 2, 3, 3, 3, 3],
            [template("early", 4, 8, cost=4), template("late", 4, 12, cost=4)],
        )
        assert 20.0 == plan.cost

    def test_default_cost_is_paid_hours(self):
        """Without a cost, a shift costs its paid hours: unpaid breaks are free."""
        lunch = Break(length=HOUR, earliest=2 * HOUR, latest=2 * HOUR)
        paid = Break(length=HOUR, earliest=HOUR, latest=HOUR, paid=True)
        assert 7.0 == template("t", 8, 8, breaks=[lunch]).paid_hours
        assert 8.0 == template("t", 8, 8, breaks=[paid]).shift_cost

    def test_a_head_on_a_break_does_not_cover(self):
        """A fixed break leaves a hole that another shift must fill."""
        lunch = Break(length=HOUR, earliest=HOUR, latest=HOUR)
        templates = [
            template("split", 3, 8, cost=3, breaks=[lunch]),
            template("one", 1, 8, 10, cost=2),
        ]
        plan = solve([1, 1, 1], templates)
        assert 5.0 == plan.cost
        assert {"split": 1, "one": 1} == {s.template: s.heads for s in plan.shifts}
        split = next(s for s in plan.shifts if s.template == "split")
        assert ((EIGHT + HOUR, EIGHT + 2 * HOUR),) == split.breaks

    def test_breaks_are_staggered_to_keep_coverage(self):
        """Two heads with a movable break take it at different times to cover 1 head all day."""
        lunch = Break(length=HOUR, earliest=HOUR, latest=2 * HOUR)
        plan = solve([1, 1, 1, 1], [template("day", 4, 8, cost=4, breaks=[lunch])])
        assert 8.0 == plan.cost
        assert plan.covered
        assert sorted(s.breaks[0][0].hour for s in plan.shifts) == [9, 10]

    def test_starts_every_interval_inside_the_window(self):
        """A window 08:00-10:00 lets shifts start at 08, 09 and 10."""
        plan = solve([1, 1, 1, 1], [template("short", 2, 8, 10, cost=1)])
        assert 2.0 == plan.cost
        assert [8, 10] == [s.start.hour for s in plan.shifts]

    def test_windows_that_wrap_midnight_and_weekdays(self):
        """A 22:00-02:00 window allows late starts; days limit the weekdays."""
        night = ShiftTemplate(
            name="night", length=HOUR, starts=[(time(22), time(2))], days={0}, cost=1
        )
        start = datetime(2026, 3, 2, 21, tzinfo=timezone.utc)  # Monday 21:00
        plan = schedule_shifts(hours([0, 1, 1, 1, 1, 1, 0], start=start), [night], interval=HOUR)
        # 22:00 and 23:00 on Monday start; 00:00-02:00 are Tuesday, not allowed
        assert not plan.covered
        assert [22, 23] == [s.start.hour for s in plan.shifts]
        assert [0, 1, 2] == [r.start.hour for r in plan.uncovered]

    def test_nothing_needed_costs_nothing(self):
        """Zero requirements give no shifts and cost 0."""
        plan = solve([0, 0, 0], [template("t", 2, 8, cost=3)])
        assert (True, 0.0, ()) == (plan.covered, plan.cost, plan.shifts)

    def test_min_heads_are_paid_for(self):
        """A template's min_heads holds even when nobody is needed."""
        plan = solve([0, 0], [template("t", 1, 8, cost=3, min_heads=2)])
        assert (6.0, 2) == (plan.cost, plan.heads)


class TestCaps:
    """Headcount, budget and template caps that leave intervals uncovered."""

    def test_headcount_cap_reports_what_is_uncovered(self):
        """With one head for a need of two, the answer says which intervals are short."""
        plan = solve([2, 2, 1], [template("t", 3, 8, cost=3)], max_heads=1)
        assert not plan.covered
        assert 1 == plan.heads
        assert [(EIGHT, 1), (EIGHT + HOUR, 1)] == [(r.start, r.under) for r in plan.uncovered]

    def test_budget_cap(self):
        """A budget below full coverage gives the least uncovered for the money."""
        templates = [template("early", 2, 8, cost=2), template("late", 2, 10, cost=2)]
        plan = solve([1, 1, 3, 3], templates, budget=6)
        assert not plan.covered
        assert plan.cost <= 6
        assert 2 == sum(r.under for r in plan.coverage)

    def test_template_max_heads(self):
        """A template's max_heads caps it; the rest stays uncovered."""
        plan = solve([3], [template("t", 1, 8, cost=1, max_heads=2)])
        assert (False, 2) == (plan.covered, plan.heads)
        assert 1 == plan.uncovered[0].under

    def test_cheapest_among_least_uncovered(self):
        """Among schedules with the least shortfall the cheapest wins."""
        templates = [template("cheap", 2, 8, cost=1), template("dear", 2, 8, cost=5)]
        plan = solve([2, 2], templates, max_heads=1)
        assert (1.0, "cheap") == (plan.cost, plan.shifts[0].template)

    def test_over_weight_keeps_surplus_down(self):
        """With an over-coverage weight, the coverage objective avoids surplus heads."""
        templates = [template("long", 4, 8, cost=1)]
        loose = solve([1, 0, 0, 0], templates, objective="coverage")
        tight = solve([1, 0, 0, 0], templates, objective="coverage", over_weight=1.0)
        assert 1 == loose.heads  # the second stage picks the cheapest: one head
        assert 0 == tight.heads  # one uncovered hour beats three surplus hours
        assert [1] == [r.under for r in tight.uncovered]

    def test_min_heads_beyond_the_cap_is_infeasible(self):
        """Templates that must have more heads than the cap allows: InfeasibleError."""
        with pytest.raises(InfeasibleError, match="min_heads"):
            solve([1], [template("t", 1, 8, min_heads=3)], max_heads=2)
        with pytest.raises(InfeasibleError, match="budget"):
            solve([1], [template("t", 1, 8, min_heads=3, cost=10)], budget=5)

    def test_no_allowed_start_leaves_all_uncovered(self):
        """A template that may never start covers nothing: everything is reported."""
        plan = solve([1, 1], [template("t", 1, 20, cost=1)])
        assert (False, 0, 2) == (plan.covered, plan.heads, len(plan.uncovered))


class TestZonesAndDst:
    """Start windows in a zone, and weeks across daylight-saving changes."""

    def test_windows_read_in_the_given_zone(self):
        """Start windows are Berlin wall-clock when timezone is Berlin."""
        plan = schedule_shifts(
            hours([1, 1]),
            [template("t", 1, 9, 10, cost=1)],
            interval=HOUR,
            timezone="Europe/Berlin",
        )
        assert [time(9), time(10)] == [s.start.astimezone(BERLIN).time() for s in plan.shifts]
        assert plan.covered

    def test_a_week_across_spring_forward(self):
        """A Berlin week with the lost hour: real-time intervals, local start windows."""
        profile = arrival_profile(
            [datetime(2026, 3, 16, h, tzinfo=BERLIN) for h in range(7, 20)] * 20,
            timezone=BERLIN,
            weeks=[date(2026, 3, 16)],
            start=date(2026, 3, 23),
        )
        plan = staff_profile(profile, handle_time=300, answer_within=60, service_level=0.8)
        day = ShiftTemplate(
            name="day", length=timedelta(hours=8), starts=[(time(7), time(12))], cost=8
        )
        schedule = schedule_shifts(plan, [day])
        assert schedule.covered
        assert all(s.start.astimezone(BERLIN).time() >= time(7) for s in schedule.shifts)
        assert all(r.scheduled >= r.required for r in schedule.coverage)
        assert 334 == len(schedule.coverage)

    def test_shift_end_is_real_elapsed_time(self):
        """A night shift across the change lasts its length in real time."""
        start = datetime(2026, 3, 28, 23, tzinfo=timezone.utc)  # 00:00 in Berlin
        night = ShiftTemplate(
            name="night", length=timedelta(hours=4), starts=[(time(0), time(0))], cost=4
        )
        plan = schedule_shifts(
            hours([1, 1, 1, 1], start=start), [night], interval=HOUR, timezone=BERLIN
        )
        shift = plan.shifts[0]
        assert (BERLIN, BERLIN) == (shift.start.tzinfo, shift.end.tzinfo)
        assert 4 * 3600 == shift.end.timestamp() - shift.start.timestamp()
        assert time(5) == shift.end.time()  # 00:00 + 4 h on a 23-hour day is 05:00


class TestValues:
    """Templates and breaks as values."""

    def test_template_round_trip(self):
        """to_dict and from_dict give the template back."""
        t = ShiftTemplate(
            name="day",
            length=timedelta(hours=9),
            starts=[(time(8), time(9, 30)), (time(22), time(1))],
            days={0, 1, 2, 3, 4},
            breaks=[
                Break(length=timedelta(minutes=30), earliest=3 * HOUR, latest=5 * HOUR, paid=True)
            ],
            cost=100,
            min_heads=1,
            max_heads=4,
        )
        assert t == ShiftTemplate.from_dict(t.to_dict())
        assert t == pickle.loads(pickle.dumps(t))  # noqa: S301 - our own bytes
        assert t == copy.copy(t)
        assert hash(t) == hash(ShiftTemplate.from_dict(t.to_dict()))
        bare = template("t", 1, 8)
        assert bare == ShiftTemplate.from_dict(bare.to_dict())

    def test_days_read_ranges_that_wrap(self):
        """'fri-mon' is Friday to Monday, a string is one entry."""
        t = ShiftTemplate.from_dict(
            {"name": "w", "length": 3600, "starts": ["08:00-09:00"], "days": "fri-mon"}
        )
        assert {4, 5, 6, 0} == t.days

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"length": "PT1H", "starts": ["08:00-09:00"]}, "t.name"),
            ({"name": 1, "length": "PT1H", "starts": ["08:00-09:00"]}, "t.name"),
            ({"name": " ", "length": "PT1H", "starts": ["08:00-09:00"]}, "t.name"),
            ({"name": "x", "length": "PT25H", "starts": ["08:00-09:00"]}, "t.length"),
            ({"name": "x", "length": 0, "starts": ["08:00-09:00"]}, "t.length"),
            ({"name": "x", "length": 1e300, "starts": ["08:00-09:00"]}, "t.length"),
            ({"name": "x", "length": True, "starts": ["08:00-09:00"]}, "t.length"),
            ({"name": "x", "length": "PT1H", "starts": []}, "t.starts"),
            ({"name": "x", "length": "PT1H", "starts": ["8-9-10"]}, "t.starts[0]"),
            ({"name": "x", "length": "PT1H", "starts": ["24:00-24:00"]}, "t.starts[0]"),
            ({"name": "x", "length": "PT1H", "starts": ["25:00-26:00"]}, "t.starts[0]"),
            ({"name": "x", "length": "PT1H", "starts": ["08:00-09:00"], "days": []}, "t.days"),
            (
                {"name": "x", "length": "PT1H", "starts": ["08:00-09:00"], "days": ["funday"]},
                "t.days[0]",
            ),
            ({"name": "x", "length": "PT1H", "starts": ["08:00-09:00"], "days": [1]}, "t.days[0]"),
            ({"name": "x", "length": "PT1H", "starts": ["08:00-09:00"], "cost": "1"}, "t.cost"),
            ({"name": "x", "length": "PT1H", "starts": ["08:00-09:00"], "cost": -1}, "t.cost"),
            (
                {"name": "x", "length": "PT1H", "starts": ["08:00-09:00"], "min_heads": 1.5},
                "t.min_heads",
            ),
            (
                {"name": "x", "length": "PT1H", "starts": ["08:00-09:00"], "min_heads": None},
                "t.min_heads",
            ),
            (
                {"name": "x", "length": "PT1H", "starts": ["08:00-09:00"], "max_heads": -1},
                "t.max_heads",
            ),
            (
                {
                    "name": "x",
                    "length": "PT1H",
                    "starts": ["08:00-09:00"],
                    "min_heads": 3,
                    "max_heads": 2,
                },
                "t.max_heads",
            ),
            ({"name": "x", "length": "PT1H", "starts": ["08:00-09:00"], "breaks": {}}, "t.breaks"),
            ({"name": "x", "length": "PT1H", "starts": ["08:00-09:00"], "colour": 1}, "t.colour"),
            (
                {
                    "name": "x",
                    "length": "PT1H",
                    "starts": ["08:00-09:00"],
                    "breaks": [{"length": "PT30M", "earliest": "PT45M", "latest": "PT45M"}],
                },
                "t.breaks[0]",
            ),
            (
                {
                    "name": "x",
                    "length": "PT4H",
                    "starts": ["08:00-09:00"],
                    "breaks": [
                        {"length": "PT30M", "earliest": "PT1H", "latest": "PT2H"},
                        {"length": "PT30M", "earliest": "PT2H", "latest": "PT3H"},
                    ],
                },
                "t.breaks[1].earliest",
            ),
            (
                {
                    "name": "x",
                    "length": "PT4H",
                    "starts": ["08:00-09:00"],
                    "breaks": [{"length": "PT30M", "earliest": "PT2H", "latest": "PT1H"}],
                },
                "t.breaks[0].latest",
            ),
            (
                {
                    "name": "x",
                    "length": "PT4H",
                    "starts": ["08:00-09:00"],
                    "breaks": [{"length": "PT0S", "earliest": "PT2H", "latest": "PT2H"}],
                },
                "t.breaks[0].length",
            ),
            (
                {
                    "name": "x",
                    "length": "PT4H",
                    "starts": ["08:00-09:00"],
                    "breaks": [{"length": "PT30M", "earliest": "-PT2H", "latest": "PT2H"}],
                },
                "t.breaks[0].earliest",
            ),
            (
                {
                    "name": "x",
                    "length": "PT4H",
                    "starts": ["08:00-09:00"],
                    "breaks": [
                        {"length": "PT30M", "earliest": "PT2H", "latest": "PT2H", "paid": 1}
                    ],
                },
                "t.breaks[0].paid",
            ),
            (
                {"name": "x", "length": "PT4H", "starts": ["08:00-09:00"], "breaks": [[]]},
                "t.breaks[0]",
            ),
            (
                {
                    "name": "x",
                    "length": "PT4H",
                    "starts": ["08:00-09:00"],
                    "breaks": [{"length": "PT30M", "earliest": "PT2H"}],
                },
                "t.breaks[0].latest",
            ),
            ("day", "t"),
        ],
    )
    def test_bad_templates_name_the_field(self, data, path):
        """from_dict names the field at fault."""
        with pytest.raises(ConfigError) as info:
            ShiftTemplate.from_dict(data, "t")
        assert path == info.value.path

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"starts": "08:00-09:00"},
            {"starts": [(8, 9)]},
            {"days": "mon"},
            {"days": ["mon"]},
            {"breaks": ["lunch"]},
            {"cost": "1"},
            {"min_heads": 1.0},
            {"length": 3600},
        ],
    )
    def test_wrong_types_in_the_constructor(self, kwargs):
        """Wrong types are TypeErrors."""
        base = {"name": "t", "length": HOUR, "starts": [(time(8), time(9))]}
        with pytest.raises(TypeError):
            ShiftTemplate(**{**base, **kwargs})

    def test_constructor_errors(self):
        """Range errors in the constructor name the attribute."""
        with pytest.raises(ConfigError, match="weekdays"):
            ShiftTemplate(name="t", length=HOUR, starts=[(time(8), time(9))], days={7})
        with pytest.raises(ConfigError) as info:
            ShiftTemplate(name="t", length=HOUR, starts=[])
        assert "starts" == info.value.path
        with pytest.raises(TypeError):
            Break(length=HOUR, earliest=HOUR, latest=HOUR, paid="no")  # type: ignore[arg-type]

    def test_break_round_trip(self):
        """Breaks read seconds and ISO durations, and round-trip."""
        b = Break.from_dict({"length": 1800, "earliest": "PT3H", "latest": 14400, "paid": True})
        assert b == Break.from_dict(b.to_dict())
        with pytest.raises(ConfigError) as info:
            Break.from_dict({"length": "soon", "earliest": 0, "latest": 0}, "b")
        assert "b.length" == info.value.path

    def test_result_rows_and_frames(self):
        """Coverage and shifts turn into rows and DataFrames in one call."""
        lunch = Break(length=HOUR, earliest=HOUR, latest=HOUR)
        plan = solve([1, 0, 1], [template("t", 3, 8, cost=3, breaks=[lunch])])
        assert isinstance(plan, ShiftSchedule)
        assert isinstance(plan.shifts[0], ScheduledShift)
        frame = plan.to_pandas()
        assert [1, 0, 1] == frame["scheduled"].tolist()
        assert "start" == frame.index.name
        shifts = plan.shifts_to_pandas()
        assert ["t"] == shifts["template"].tolist()
        assert [[EIGHT + HOUR, EIGHT + 2 * HOUR]] == plan.shift_rows()[0]["breaks"]
        assert 3 == len(plan.to_rows())
        assert plan == pickle.loads(pickle.dumps(plan))  # noqa: S301 - our own bytes

    def test_frames_without_pandas(self, monkeypatch):
        """Without pandas the frames say which extra to install."""
        plan = solve([1], [template("t", 1, 8)])
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match="pandas"):
            plan.to_pandas()
        with pytest.raises(ImportError, match="pandas"):
            plan.shifts_to_pandas()


class TestBadInput:
    """Bad input is an error naming the field."""

    @pytest.mark.parametrize(
        ("requirements", "path"),
        [
            ([], "requirements"),
            ([(EIGHT, -1)], "requirements[0][1]"),
            ([(EIGHT, 1), (EIGHT + 2 * HOUR, 1)], "requirements[1][0]"),
            ([(EIGHT, 1), (EIGHT, 1)], "requirements[1][0]"),
            ([(EIGHT, 1), (EIGHT - HOUR, 1)], "requirements[1][0]"),
        ],
    )
    def test_bad_requirements(self, requirements, path):
        """Empty, negative, unsorted, overlapping or gapped requirements name the item."""
        with pytest.raises(ConfigError) as info:
            schedule_shifts(requirements, [template("t", 1, 8)], interval=HOUR)
        assert path == info.value.path

    def test_too_many_intervals(self):
        """More than 4,032 intervals are refused before any work."""
        need = hours([0] * 4033, step=timedelta(minutes=30))
        with pytest.raises(ConfigError, match="4032"):
            schedule_shifts(need, [template("t", 1, 8)])

    @pytest.mark.timeout(60)
    def test_too_many_patterns(self):
        """Templates giving more than 200,000 patterns are refused, quickly."""
        wide = ShiftTemplate(
            name="wide",
            length=timedelta(hours=24),
            starts=[(time(0), time(23, 59))],
            breaks=[
                Break(
                    length=timedelta(minutes=15), earliest=timedelta(0), latest=timedelta(hours=23)
                )
            ],
        )
        need = hours([1] * 4032, step=timedelta(minutes=15))
        with pytest.raises(ConfigError) as info:
            schedule_shifts(need, [wide], interval=timedelta(minutes=15))
        assert "templates" == info.value.path

    def test_too_many_break_placements(self):
        """Breaks that may fall in more than 1,000 ways are refused."""
        many = [
            Break(
                length=timedelta(minutes=5),
                earliest=timedelta(minutes=20 * k),
                latest=timedelta(minutes=20 * k + 15),
            )
            for k in range(6)
        ]
        t = ShiftTemplate(
            name="m", length=timedelta(hours=3), starts=[(time(8), time(8))], breaks=many
        )
        with pytest.raises(ConfigError) as info:
            schedule_shifts(
                hours([1], step=timedelta(minutes=5)), [t], interval=timedelta(minutes=5)
            )
        assert "templates[0].breaks" == info.value.path

    @pytest.mark.parametrize(
        ("t", "path"),
        [
            (
                ShiftTemplate(name="t", length=timedelta(minutes=90), starts=[(time(8), time(8))]),
                "templates[0].length",
            ),
            (
                ShiftTemplate(
                    name="t",
                    length=timedelta(hours=3),
                    starts=[(time(8), time(8))],
                    breaks=[Break(length=timedelta(minutes=30), earliest=HOUR, latest=HOUR)],
                ),
                "templates[0].breaks[0].length",
            ),
        ],
    )
    def test_templates_off_the_grid(self, t, path):
        """Lengths and breaks must be whole intervals."""
        with pytest.raises(ConfigError) as info:
            solve([1], [t])
        assert path == info.value.path

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"max_heads": -1}, "max_heads"),
            ({"budget": float("nan")}, "budget"),
            ({"under_weight": 0}, "under_weight"),
            ({"over_weight": -1}, "over_weight"),
            ({"time_limit": 0}, "time_limit"),
            ({"objective": "speed"}, "objective"),
            ({"interval": timedelta(minutes=7)}, "interval"),
        ],
    )
    def test_bad_options(self, kwargs, path):
        """Bad caps, weights and options are ConfigErrors naming them."""
        with pytest.raises(ConfigError) as info:
            schedule_shifts(hours([1]), [template("t", 1, 8)], **{"interval": HOUR, **kwargs})
        assert path == info.value.path

    @pytest.mark.parametrize(
        ("args", "kwargs"),
        [
            (("not pairs", [template("t", 1, 8)]), {}),
            (([(EIGHT, 1)], "t"), {}),
            (([(EIGHT, 1)], [{"name": "t"}]), {}),
            (([[EIGHT, 1]], [template("t", 1, 8)]), {}),
            (([(EIGHT, 1.0)], [template("t", 1, 8)]), {}),
            (([(EIGHT, 1)], [template("t", 1, 8)]), {"max_heads": 1.5}),
            (([(EIGHT, 1)], [template("t", 1, 8)]), {"budget": "1"}),
            (([(EIGHT, 1)], [template("t", 1, 8)]), {"timezone": timezone(HOUR)}),
            (([(datetime(2026, 3, 2, 8, tzinfo=timezone(HOUR)), 1)], [template("t", 1, 8)]), {}),
        ],
    )
    def test_wrong_types(self, args, kwargs):
        """Values of the wrong type are TypeErrors."""
        with pytest.raises(TypeError):
            schedule_shifts(*args, **{"interval": HOUR, **kwargs})

    def test_no_templates_and_naive_starts(self):
        """No template is a ConfigError; a naive start a NaiveDatetimeError."""
        with pytest.raises(ConfigError):
            schedule_shifts(hours([1]), [], interval=HOUR)
        with pytest.raises(NaiveDatetimeError):
            schedule_shifts([(datetime(2026, 3, 2), 1)], [template("t", 1, 8)], interval=HOUR)  # noqa: DTZ001


class TestSolverOutcomes:
    """What happens when the solver stops early or is missing."""

    def test_missing_scipy_names_the_extra(self, monkeypatch):
        """Without scipy the error names the schedule extra."""
        monkeypatch.setitem(sys.modules, "scipy.optimize", None)
        with pytest.raises(ImportError, match=r"servicekit\[schedule\]"):
            solve([1], [template("t", 1, 8)])

    def _fake(self, monkeypatch, status, x):
        real = _shifts._scipy()

        def milp(*args, **kwargs):
            return SimpleNamespace(status=status, x=x, fun=1.0, message="Time limit reached.")

        monkeypatch.setattr(_shifts, "_scipy", lambda: (*real[:3], milp, real[4]))

    def test_time_limit_with_an_answer_is_not_optimal(self, monkeypatch):
        """Stopped at the time limit with a schedule: optimal is False."""
        self._fake(monkeypatch, 1, [1.0])
        plan = solve([1], [template("t", 1, 8)])
        assert (True, False) == (plan.covered, plan.optimal)

    def test_time_limit_without_an_answer(self, monkeypatch):
        """Stopped at the time limit with nothing: an InfeasibleError that says so."""
        self._fake(monkeypatch, 1, None)
        with pytest.raises(InfeasibleError, match="time_limit"):
            solve([1], [template("t", 1, 8)])

    def test_second_stage_falls_back_to_the_first(self, monkeypatch):
        """If the cost stage finds nothing, the least-deviation answer stands."""
        real = _shifts._scipy()
        calls = []

        def milp(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                return SimpleNamespace(status=2, x=None, fun=None, message="")
            return real[3](*args, **kwargs)

        monkeypatch.setattr(_shifts, "_scipy", lambda: (*real[:3], milp, real[4]))
        plan = solve([1], [template("t", 1, 8)], objective="coverage")
        assert plan.covered


@st.composite
def problems(draw):
    """Small random days: hourly requirements and templates."""
    counts = draw(st.lists(st.integers(0, 4), min_size=1, max_size=10))
    templates = []
    for k in range(draw(st.integers(1, 3))):
        length = draw(st.integers(1, 5))
        first = draw(st.integers(0, 23))
        last = draw(st.integers(0, 23))
        breaks = []
        if length >= 3 and draw(st.booleans()):
            breaks = [Break(length=HOUR, earliest=HOUR, latest=(length - 2) * HOUR)]
        templates.append(
            ShiftTemplate(
                name=f"t{k}",
                length=length * HOUR,
                starts=[(time(first), time(last))],
                breaks=breaks,
                cost=draw(st.integers(0, 9)),
            )
        )
    cap = draw(st.none() | st.integers(0, 6))
    return counts, templates, cap


@settings(deadline=None, max_examples=40)
@given(problems())
def test_covered_means_every_interval_is_covered(problem):
    """When the answer says all is covered, no interval has fewer heads than needed."""
    counts, templates, cap = problem
    start = datetime(2026, 3, 2, 0, tzinfo=timezone.utc)
    plan = schedule_shifts(hours(counts, start=start), templates, interval=HOUR, max_heads=cap)
    scheduled = [0] * len(counts)
    for shift in plan.shifts:
        for k in range(len(counts)):
            at = start + k * HOUR
            working = shift.start <= at < shift.end
            resting = any(b0 <= at < b1 for b0, b1 in shift.breaks)
            scheduled[k] += shift.heads if working and not resting else 0
    assert scheduled == [r.scheduled for r in plan.coverage]
    if plan.covered:
        assert all(s >= n for s, n in zip(scheduled, counts, strict=True))
    else:
        assert plan.uncovered
    assert plan.cost == pytest.approx(sum(s.cost for s in plan.shifts))
    if cap is not None:
        assert plan.heads <= cap


def test_plan_feeds_the_scheduler():
    """A staffing plan is taken as it is, interval included."""
    items = [
        ProfileInterval(start=EIGHT + k * timedelta(minutes=30), arrivals=n)
        for k, n in enumerate([50, 50, 0, 0])
    ]
    plan = staff_profile(items, handle_time=180, answer_within=20, service_level=0.8)
    t = ShiftTemplate(name="t", length=HOUR, starts=[(time(8), time(9))], cost=1)
    schedule = schedule_shifts(plan, [t])
    assert schedule.covered
    assert [r.heads for r in plan.rows] == [r.required for r in schedule.coverage]


def test_min_heads_on_a_template_that_never_starts():
    """min_heads on a template without any allowed start is an InfeasibleError naming it."""
    with pytest.raises(InfeasibleError, match=r"templates\[1\]"):
        solve([1], [template("t", 1, 8), template("never", 1, 20, min_heads=1)])


def test_time_limit_in_the_coverage_stage(monkeypatch):
    """A coverage programme stopped with nothing found says so, not 'infeasible caps'."""
    real = _shifts._scipy()

    def milp(*args, **kwargs):
        return SimpleNamespace(status=1, x=None, fun=None, message="Time limit reached.")

    monkeypatch.setattr(_shifts, "_scipy", lambda: (*real[:3], milp, real[4]))
    with pytest.raises(InfeasibleError, match="time_limit"):
        solve([1], [template("t", 1, 8)], objective="coverage")


def test_zero_costs_still_solve():
    """All-zero costs (an objective HiGHS's presolve can trip on) still give an answer."""
    plan = solve([2], [template("t", 1, 8, cost=0)], max_heads=1)
    assert (False, 1, 0.0) == (plan.covered, plan.heads, plan.cost)


def test_plot_coverage_shades_the_uncovered():
    """The figure has both step lines and a shaded span per uncovered interval."""
    from servicekit.channels import plot_coverage  # noqa: PLC0415

    plan = solve([2, 1], [template("t", 1, 8, 9, cost=1)], max_heads=2)
    figure = plot_coverage(plan)
    axes = figure.axes[0]
    assert ["required", "scheduled"] == [line.get_label() for line in axes.get_lines()]
    assert len(plan.uncovered) == len(axes.patches)


class TestHugeValues:
    """Values too large for a float, or beyond the documented bounds, are ConfigErrors."""

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"name": "x", "length": 10**400, "starts": ["08:00"]}, "length"),
            ({"name": "x", "length": "P99999999999999999999D", "starts": ["08:00"]}, "length"),
            ({"name": "x", "length": "PT1H", "starts": ["08:00"], "cost": 10**400}, "cost"),
            ({"name": "x", "length": "PT1H", "starts": ["08:00"], "cost": 1e13}, "cost"),
            (
                {"name": "x", "length": "PT1H", "starts": ["08:00"], "max_heads": 10**10},
                "max_heads",
            ),
        ],
    )
    def test_templates(self, data, path):
        """Huge template values name their field."""
        with pytest.raises(ConfigError) as info:
            ShiftTemplate.from_dict(data)
        assert path == info.value.path

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"budget": 10**400}, "budget"),
            ({"under_weight": 1e13}, "under_weight"),
            ({"time_limit": 1e9}, "time_limit"),
            ({"max_heads": 10**10}, "max_heads"),
        ],
    )
    def test_options(self, kwargs, path):
        """Huge caps and weights name their argument."""
        with pytest.raises(ConfigError) as info:
            solve([1], [template("t", 1, 8)], **kwargs)
        assert path == info.value.path

    def test_requirement(self):
        """More than a billion heads in an interval is refused."""
        with pytest.raises(ConfigError) as info:
            solve([10**10], [template("t", 1, 8)])
        assert "requirements[0][1]" == info.value.path
