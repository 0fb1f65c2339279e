"""Interval profiles: sizing every interval, and profiles built from an event log."""

from __future__ import annotations

import copy
import itertools
import pickle
import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.channels import (
    IntervalStaffing,
    ProfileInterval,
    StaffingPlan,
    arrival_profile,
    required_agents,
    staff_profile,
)
from servicekit.exceptions import ConfigError, InfeasibleError, NaiveDatetimeError
from servicekit.hours import BusinessCalendar

BERLIN = ZoneInfo("Europe/Berlin")
NINE = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
HALF = timedelta(minutes=30)
AT = {"start": "2026-03-02T09:00:00Z"}
TARGETS = {"handle_time": 180, "answer_within": 20, "service_level": 0.8}


def day(counts, start=NINE, step=HALF):
    """A profile of consecutive intervals with these arrival counts."""
    return [ProfileInterval(start=start + k * step, arrivals=n) for k, n in enumerate(counts)]


class TestProfileInterval:
    """One interval of a profile."""

    def test_value_contract(self):
        """Intervals compare by value, are frozen, pickle and copy."""
        item = ProfileInterval(start=NINE, arrivals=3, handle_time=timedelta(minutes=3))
        assert item == pickle.loads(pickle.dumps(item))  # noqa: S301 - our own bytes
        assert item == copy.deepcopy(item)
        assert hash(item) == hash(ProfileInterval(start=NINE, arrivals=3, handle_time=180))
        assert "arrivals=3" in repr(item)
        with pytest.raises(AttributeError):
            item.arrivals = 4  # type: ignore[misc]

    def test_round_trip(self):
        """to_dict and from_dict give the interval back."""
        item = ProfileInterval(
            start=NINE, arrivals=3.5, handle_time=200, answer_within=0, service_level=0.9
        )
        assert item == ProfileInterval.from_dict(item.to_dict())
        some = ProfileInterval(start=NINE, arrivals=1, service_level=0.5)
        assert {"start", "arrivals", "service_level"} == set(some.to_dict())

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"start": "2026-03-02T09:00:00Z", "arrivals": -1}, "p.arrivals"),
            ({"start": "2026-03-02T09:00:00", "arrivals": 1}, "p.start"),
            ({"arrivals": 1}, "p.start"),
            ({"start": "2026-03-02T09:00:00Z"}, "p.arrivals"),
            ({"start": "2026-03-02T09:00:00Z", "arrivals": "1"}, "p.arrivals"),
            (
                {"start": "2026-03-02T09:00:00Z", "arrivals": 1, "handle_time": "soon"},
                "p.handle_time",
            ),
            ({"start": "2026-03-02T09:00:00Z", "arrivals": 1, "handle_time": 0}, "p.handle_time"),
            (
                {"start": "2026-03-02T09:00:00Z", "arrivals": 1, "service_level": 1},
                "p.service_level",
            ),
            ({"start": "2026-03-02T09:00:00Z", "arrivals": 1, "colour": 1}, "p.colour"),
            ({"start": "2026-03-02T09:00:00Z", "arrivals": float("nan")}, "p.arrivals"),
            ([1, 2], "p"),
        ],
    )
    def test_bad_dicts_name_the_field(self, data, path):
        """from_dict names the field at fault."""
        with pytest.raises(ConfigError) as info:
            ProfileInterval.from_dict(data, "p")
        assert path == info.value.path

    def test_durations_may_be_iso(self):
        """Handle time and target time read ISO 8601 durations and timedeltas."""
        item = ProfileInterval.from_dict(
            {"start": "2026-03-02T09:00:00Z", "arrivals": 1, "answer_within": "PT20S"}
        )
        assert 20.0 == item.answer_within
        assert (
            60.0
            == ProfileInterval(start=NINE, arrivals=0, handle_time=timedelta(minutes=1)).handle_time
        )

    def test_bad_values_in_the_constructor(self):
        """Wrong types are TypeErrors, naive starts NaiveDatetimeErrors."""
        with pytest.raises(TypeError):
            ProfileInterval(start="2026-03-02", arrivals=1)  # type: ignore[arg-type]
        with pytest.raises(NaiveDatetimeError):
            ProfileInterval(start=datetime(2026, 3, 2), arrivals=1)  # noqa: DTZ001
        with pytest.raises(TypeError):
            ProfileInterval(start=NINE, arrivals=True)
        with pytest.raises(ConfigError, match="negative"):
            ProfileInterval(start=NINE, arrivals=-0.5)


class TestStaffProfile:
    """Sizing every interval of a profile."""

    def test_each_interval_is_sized_like_required_agents(self):
        """Every row agrees with required_agents on the same interval."""
        plan = staff_profile(day([100, 50, 200]), shrinkage=0.25, **TARGETS)
        for row, n in zip(plan.rows, [100, 50, 200], strict=True):
            alone = required_agents(arrivals=n, interval=1800, shrinkage=0.25, **TARGETS)
            assert (alone.agents, alone.positions) == (row.agents, row.heads)
            assert alone.binding == row.binding
        assert [r.start for r in plan.rows] == [NINE + k * HALF for k in range(3)]
        assert NINE + HALF == plan.rows[0].end

    def test_zero_arrivals_need_zero_agents(self):
        """A night interval without calls needs nobody (required_agents refuses 0)."""
        plan = staff_profile(day([0, 0]), **TARGETS)
        assert [(0, 0, "no_arrivals")] * 2 == [(r.agents, r.heads, r.binding) for r in plan.rows]
        assert 1.0 == plan.rows[0].service_level
        assert 0.0 == plan.agent_hours

    def test_shrinkage_gives_heads(self):
        """Scheduled heads are ceil(agents / (1 - shrinkage))."""
        plan = staff_profile(day([100]), shrinkage=0.3, **TARGETS)
        assert (14, 20) == (plan.rows[0].agents, plan.rows[0].heads)
        assert ((NINE, 20),) == plan.requirements
        assert 7.0 == plan.agent_hours

    def test_erlang_a_and_occupancy_cap(self):
        """Patience sizes with Erlang A; a tight occupancy cap binds."""
        a = staff_profile(day([100]), patience=120, max_abandonment=0.05, **TARGETS)
        c = staff_profile(day([100]), **TARGETS)
        assert a.rows[0].agents <= c.rows[0].agents
        assert a.rows[0].abandonment > 0
        capped = staff_profile(day([100]), max_occupancy=0.5, **TARGETS)
        assert (20, "max_occupancy") == (capped.rows[0].agents, capped.rows[0].binding)

    def test_interval_overrides(self):
        """An interval's own handle time and targets win over the defaults."""
        items = [
            ProfileInterval(start=NINE, arrivals=100, handle_time=360),
            ProfileInterval(start=NINE + HALF, arrivals=100, service_level=0.95, answer_within=10),
        ]
        plan = staff_profile(items, **TARGETS)
        assert 360.0 == plan.rows[0].handle_time
        assert plan.rows[0].agents > staff_profile(day([100]), **TARGETS).rows[0].agents
        assert plan.rows[1].service_level >= 0.95

    def test_handle_time_only_on_intervals(self):
        """Without a default, every interval must bring its handle time."""
        items = [ProfileInterval(start=NINE, arrivals=10, handle_time=60)]
        plan = staff_profile(items, answer_within=20, service_level=0.8)
        assert 1 <= plan.rows[0].agents
        with pytest.raises(ConfigError) as info:
            staff_profile(day([1]), answer_within=20, service_level=0.8)
        assert "profile[0].handle_time" == info.value.path

    @pytest.mark.parametrize(
        ("starts", "path", "word"),
        [
            ([NINE, NINE + timedelta(minutes=10)], "profile[1].start", "overlaps"),
            ([NINE, NINE - HALF], "profile[1].start", "before"),
            ([NINE, NINE], "profile[1].start", "overlaps"),
        ],
    )
    def test_unsorted_or_overlapping_intervals(self, starts, path, word):
        """Intervals must be sorted and must not overlap."""
        items = [ProfileInterval(start=s, arrivals=1) for s in starts]
        with pytest.raises(ConfigError, match=word) as info:
            staff_profile(items, **TARGETS)
        assert path == info.value.path

    def test_gaps_are_allowed_and_zones_mix(self):
        """Intervals may leave gaps and carry any zone: the order is real time."""
        items = [
            ProfileInterval(start=NINE, arrivals=1),
            ProfileInterval(start=(NINE + 3 * HALF).astimezone(BERLIN), arrivals=1),
        ]
        assert 2 == len(staff_profile(items, **TARGETS).rows)

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"service_level": 1.5}, "service_level"),
            ({"shrinkage": 1.0}, "shrinkage"),
            ({"max_occupancy": 0}, "max_occupancy"),
            ({"max_abandonment": 0.1}, "max_abandonment"),
            ({"interval": timedelta(minutes=7)}, "interval"),
            ({"interval": timedelta(minutes=1)}, "interval"),
            ({"handle_time": -1}, "handle_time"),
            ({"answer_within": float("inf")}, "answer_within"),
        ],
    )
    def test_bad_arguments_name_themselves(self, kwargs, path):
        """Bad targets are ConfigErrors naming the argument, even with zero arrivals."""
        with pytest.raises(ConfigError) as info:
            staff_profile(day([0]), **{**TARGETS, **kwargs})
        assert path == info.value.path

    def test_wrong_types(self):
        """Items that are not intervals, or an interval that is not a timedelta."""
        with pytest.raises(TypeError):
            staff_profile([{"start": NINE, "arrivals": 1}], **TARGETS)  # type: ignore[list-item]
        with pytest.raises(TypeError):
            staff_profile(day([1]), interval=1800, **TARGETS)  # type: ignore[arg-type]

    def test_max_agents_names_the_interval(self):
        """An interval needing more than max_agents is an InfeasibleError naming it."""
        with pytest.raises(InfeasibleError, match=r"profile\[1\]"):
            staff_profile(day([1, 1000]), max_agents=5, **TARGETS)

    def test_rows_to_pandas(self):
        """The rows turn into a DataFrame indexed by start in one call."""
        plan = staff_profile(day([100, 0]), **TARGETS)
        frame = plan.to_pandas()
        assert [14, 0] == frame["agents"].tolist()
        assert "start" == frame.index.name
        assert isinstance(plan.rows[0], IntervalStaffing)
        assert plan.to_rows()[0]["heads"] == 14
        empty = StaffingPlan(interval=HALF, shrinkage=0.0, rows=()).to_pandas()
        assert "heads" in empty.columns

    def test_to_pandas_without_pandas(self, monkeypatch):
        """Without pandas, to_pandas says which extra to install."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match=r"servicekit\[pandas\]"):
            staff_profile(day([1]), **TARGETS).to_pandas()

    @pytest.mark.timeout(60)
    def test_a_week_of_quarter_hours_at_high_load(self):
        """672 intervals at up to 5,000 Erlangs each solve in bounded time."""
        counts = [(k % 96) * 1000 for k in range(672)]
        plan = staff_profile(
            day(counts, step=timedelta(minutes=15)), interval=timedelta(minutes=15), **TARGETS
        )
        assert 672 == len(plan.rows)
        assert pd.Series([r.agents for r in plan.rows]).is_monotonic_increasing is False


@settings(deadline=None, max_examples=40)
@given(
    st.lists(st.integers(0, 2000), min_size=1, max_size=8),
    st.integers(0, 7),
    st.integers(1, 500),
)
def test_adding_arrivals_never_lowers_the_requirement(counts, index, extra):
    """More arrivals in an interval never need fewer agents or heads, anywhere."""
    index %= len(counts)
    more = list(counts)
    more[index] += extra
    base = staff_profile(day(counts), shrinkage=0.2, **TARGETS)
    grown = staff_profile(day(more), shrinkage=0.2, **TARGETS)
    for a, b in zip(base.rows, grown.rows, strict=True):
        assert a.agents <= b.agents
        assert a.heads <= b.heads


@given(st.lists(st.just(0), min_size=1, max_size=20), st.floats(0, 0.9))
def test_zero_arrivals_need_zero_agents_always(counts, shrinkage):
    """Zero arrivals need zero agents and zero heads, whatever the shrinkage."""
    plan = staff_profile(day(counts), shrinkage=shrinkage, **TARGETS)
    assert all(r.agents == 0 and r.heads == 0 for r in plan.rows)


class TestArrivalProfile:
    """Profiles built from an event log."""

    def test_mean_per_weekday_and_slot(self):
        """Counts are averaged over the weeks, per weekday and half hour."""
        calls = [
            datetime(2026, 2, 2, 9, 5, tzinfo=BERLIN),  # Monday week 1
            datetime(2026, 2, 2, 9, 25, tzinfo=BERLIN),
            datetime(2026, 2, 9, 9, 10, tzinfo=BERLIN),  # Monday week 2
            datetime(2026, 2, 4, 14, 0, tzinfo=BERLIN),  # Wednesday week 1
            datetime(2026, 2, 20, 9, 0, tzinfo=BERLIN),  # outside the weeks: ignored
        ]
        week = arrival_profile(
            calls,
            timezone="Europe/Berlin",
            weeks=[date(2026, 2, 2), date(2026, 2, 9)],
            start=date(2026, 2, 16),
        )
        assert 336 == len(week)
        busy = {
            (i.start.weekday(), i.start.time().isoformat()): i.arrivals for i in week if i.arrivals
        }
        assert {(0, "09:00:00"): 1.5, (2, "14:00:00"): 0.5} == busy
        assert week[0].start == datetime(2026, 2, 16, tzinfo=BERLIN)

    def test_any_zone_of_input_counts_by_local_wall_time(self):
        """An arrival given in UTC lands on its Berlin wall-clock slot."""
        calls = [datetime(2026, 2, 2, 8, 5, tzinfo=timezone.utc)]  # 09:05 in Berlin
        cal = BusinessCalendar.from_dict(
            {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
        )
        week = arrival_profile(
            calls, timezone=cal, weeks=[date(2026, 2, 2)], start=date(2026, 2, 2)
        )
        assert [datetime(2026, 2, 2, 9, tzinfo=BERLIN)] == [i.start for i in week if i.arrivals]

    def test_spring_forward_loses_the_missing_hour(self):
        """On a 23-hour day the slots of the skipped hour give no interval."""
        week = arrival_profile(
            [], timezone=BERLIN, weeks=[date(2026, 3, 23)], start=date(2026, 3, 23)
        )
        assert 334 == len(week)
        sunday = [i.start for i in week if i.start.date() == date(2026, 3, 29)]
        assert 46 == len(sunday)
        assert all(s.hour != 2 for s in sunday)
        stamps = [i.start.timestamp() for i in week]
        assert all(b - a == 1800 for a, b in itertools.pairwise(stamps))

    def test_fall_back_repeats_the_hour(self):
        """On a 25-hour day the repeated slots appear twice, with a per-occurrence mean."""
        calls = [
            datetime(2026, 10, 25, 2, 10, tzinfo=BERLIN),  # first 02:10
            datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=BERLIN),  # second 02:10
            datetime(2026, 10, 25, 2, 20, fold=1, tzinfo=BERLIN),
            datetime(2026, 10, 18, 2, 10, tzinfo=BERLIN),  # a plain Sunday
        ]
        weeks = [date(2026, 10, 12), date(2026, 10, 19)]
        week = arrival_profile(calls, timezone=BERLIN, weeks=weeks, start=date(2026, 10, 19))
        assert 338 == len(week)
        twos = [
            i
            for i in week
            if i.start.date() == date(2026, 10, 25) and i.start.hour == 2 and i.start.minute == 0
        ]
        assert 2 == len(twos)
        assert [0, 1] == [i.start.fold for i in twos]
        # four arrivals over three occurrences of Sunday 02:00-02:30
        assert [4 / 3, 4 / 3] == [i.arrivals for i in twos]
        stamps = [i.start.timestamp() for i in week]
        assert all(b - a == 1800 for a, b in itertools.pairwise(stamps))

    def test_a_slot_never_observed_has_no_arrivals(self):
        """A slot only ever seen in a gap averages to zero instead of dividing by zero."""
        week = arrival_profile(
            [], timezone=BERLIN, weeks=[date(2026, 3, 23)], start=date(2026, 10, 19)
        )
        assert 338 == len(week)
        assert all(i.arrivals == 0 for i in week)

    def test_overlapping_weeks_count_each_day_once(self):
        """Weeks that overlap share their days instead of counting them twice."""
        calls = [datetime(2026, 2, 4, 9, tzinfo=BERLIN)]
        week = arrival_profile(
            calls,
            timezone=BERLIN,
            weeks=[date(2026, 2, 2), date(2026, 2, 4)],
            start=date(2026, 2, 2),
        )
        assert [1.0] == [i.arrivals for i in week if i.arrivals]

    @pytest.mark.parametrize(
        ("kwargs", "error", "path"),
        [
            ({"weeks": []}, ConfigError, "weeks"),
            ({"weeks": [date(2026, 1, 5)] * 2}, ConfigError, "weeks[1]"),
            (
                {"weeks": [date(2026, 1, 5) + timedelta(weeks=k) for k in range(521)]},
                ConfigError,
                "weeks",
            ),
            ({"interval": timedelta(minutes=25)}, ConfigError, "interval"),
        ],
    )
    def test_bad_arguments(self, kwargs, error, path):
        """Bad weeks or intervals are ConfigErrors naming the argument."""
        base = {"timezone": "UTC", "weeks": [date(2026, 1, 5)], "start": date(2026, 1, 12)}
        with pytest.raises(error) as info:
            arrival_profile([], **{**base, **kwargs})
        assert path == info.value.path

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"weeks": "2026-01-05"},
            {"weeks": [datetime(2026, 1, 5, tzinfo=timezone.utc)]},
            {"start": "2026-01-12"},
            {"start": datetime(2026, 1, 12, tzinfo=timezone.utc)},
            {"timezone": timezone(timedelta(hours=1))},
        ],
    )
    def test_wrong_types(self, kwargs):
        """Weeks and start are dates; the zone has rules."""
        base = {"timezone": "UTC", "weeks": [date(2026, 1, 5)], "start": date(2026, 1, 12)}
        with pytest.raises(TypeError):
            arrival_profile([], **{**base, **kwargs})

    def test_naive_arrival(self):
        """A naive arrival is refused with its index."""
        with pytest.raises(NaiveDatetimeError, match=r"arrivals_at\[0\]"):
            arrival_profile(
                [datetime(2026, 1, 5, 9)],  # noqa: DTZ001
                timezone="UTC",
                weeks=[date(2026, 1, 5)],
                start=date(2026, 1, 12),
            )

    @pytest.mark.timeout(60)
    def test_ten_years_of_weeks_and_many_calls(self):
        """520 weeks and 200,000 arrivals stay linear."""
        first = date(2016, 1, 4)
        weeks = [first + timedelta(weeks=k) for k in range(520)]
        base = datetime(2016, 1, 4, tzinfo=timezone.utc)
        calls = [base + timedelta(minutes=13 * k) for k in range(200_000)]
        week = arrival_profile(
            calls, timezone="America/New_York", weeks=weeks, start=date(2026, 3, 2)
        )
        assert 0 < sum(i.arrivals for i in week)


class TestHugeValues:
    """Values too large for a float are ConfigErrors naming the field, not OverflowErrors."""

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({**AT, "arrivals": 10**400}, "arrivals"),
            ({**AT, "arrivals": 1, "handle_time": 10**400}, "handle_time"),
            ({**AT, "arrivals": 1, "service_level": 10**400}, "service_level"),
            ({**AT, "arrivals": 1, "answer_within": "P99999999999999999999D"}, "answer_within"),
        ],
    )  # fmt: skip
    def test_intervals(self, data, path):
        """Huge numbers and durations in an interval."""
        with pytest.raises(ConfigError) as info:
            ProfileInterval.from_dict(data)
        assert path == info.value.path

    @pytest.mark.parametrize(
        "name", ["shrinkage", "max_occupancy", "max_abandonment", "patience", "answer_within"]
    )
    def test_options(self, name):
        """Huge options of staff_profile."""
        kwargs = {**TARGETS, "patience": 60, name: 10**400}
        with pytest.raises(ConfigError) as info:
            staff_profile(day([1]), **kwargs)
        assert name == info.value.path


def test_arrivals_below_the_smallest_load_need_one_agent():
    """5e-324 arrivals: a load that underflows to 0.0 still needs one agent, answering at once."""
    plan = staff_profile(day([5e-324]), shrinkage=0.5, **TARGETS)
    row = plan.rows[0]
    assert (1, 2, 1.0, "service_level") == (row.agents, row.heads, row.service_level, row.binding)
