"""Channel models, demand, comparison, the mix, self-help economics and advice."""

from __future__ import annotations

import copy
import math
import pickle
from datetime import datetime, timedelta, timezone

import matplotlib as mpl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.channels import (
    Advice,
    ChannelReport,
    Demand,
    Email,
    Forum,
    Line,
    LiveChat,
    MixRecommendation,
    Phone,
    SelfHelp,
    Targets,
    Tickets,
    advise_channels,
    channel_from_dict,
    compare,
    faq_candidates,
    plot_cost_per_contact,
    plot_service_level,
    queue_metrics,
    recommend_mix,
    required_agents,
    self_help_break_even,
)
from servicekit.channels._models import fluid_waits
from servicekit.exceptions import (
    ConfigError,
    InfeasibleError,
    NaiveDatetimeError,
    NoBusinessTimeError,
)
from servicekit.hours import BusinessCalendar
from strategies_channels import channel_models, demands

mpl.use("Agg")

MONDAY = datetime(2026, 3, 2, tzinfo=timezone.utc)
BERLIN_9_17 = BusinessCalendar.from_dict(
    {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
)
ALL = (Phone(), LiveChat(), Email(), Tickets(), Forum(), SelfHelp())


# ------------------------------------------------------------------ demand
class TestDemand:
    """A demand lays contacts and staffed time on a 15-minute grid."""

    def test_default_week(self):
        """40 staffed hours, Monday to Friday from 09:00."""
        share = Demand(contacts=100).open_share()
        assert 672 == len(share)
        assert 160 == sum(share)
        assert share[9 * 4] == 1.0
        assert share[9 * 4 - 1] == 0.0
        assert sum(share[5 * 96 :]) == 0  # the weekend

    def test_long_days_use_every_day(self):
        """Beyond 24 hours a weekday the hours spread over all seven days."""
        share = Demand(contacts=10, staffed_hours=168).open_share()
        assert all(s == 1.0 for s in share)

    def test_short_period(self):
        """A period shorter than a day opens at the end when 09:00 does not fit."""
        d = Demand(contacts=10, period=timedelta(hours=2), staffed_hours=1.5)
        assert [0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0] == d.open_share()

    def test_partial_steps(self):
        """Fractional staffed hours fill part of a step."""
        d = Demand(contacts=10, period=timedelta(days=1), staffed_hours=0.3)
        assert pytest.approx(1.2) == sum(d.open_share())

    def test_calendar(self):
        """A business calendar gives the staffed time, in real elapsed time."""
        d = Demand(contacts=100, calendar=BERLIN_9_17, start=MONDAY)
        share = d.open_share()
        assert 160 == sum(share)
        assert 1.0 == share[8 * 4]  # 09:00 CET is 08:00 UTC
        assert 0.0 == share[7 * 4]

    def test_calendar_partial_and_dst(self):
        """The spring-forward week is measured in real time; odd starts split steps."""
        cal = BusinessCalendar.from_dict(
            {"timezone": "Europe/Berlin", "hours": {"sun": ["01:10-04:00"]}}
        )
        start = datetime(2026, 3, 23, tzinfo=timezone.utc)
        share = Demand(contacts=1, calendar=cal, start=start).open_share()
        assert pytest.approx((2 * 60 - 10 + 0) / 15) == sum(share)  # 01:10-04:00 less 1 h

    def test_calendar_without_open_time(self):
        """A calendar closed for the whole period is a NoBusinessTimeError."""
        cal = BusinessCalendar.from_dict({"timezone": "UTC", "hours": {"sat": ["09:00-10:00"]}})
        d = Demand(contacts=1, calendar=cal, start=MONDAY, period=timedelta(days=2))
        with pytest.raises(NoBusinessTimeError, match="no open time"):
            d.open_share()

    def test_profile(self):
        """Arrivals follow the hourly profile; live channels only see open hours."""
        profile = [0.0] * 24
        profile[10] = 3.0
        profile[20] = 1.0
        d = Demand(contacts=100, period=timedelta(days=1), staffed_hours=8, profile=profile)
        written = d.arrival_share(live=False)
        live = d.arrival_share(live=True)
        assert pytest.approx(0.75) == sum(written[40:44])
        assert pytest.approx(1.0) == sum(live[40:44])
        assert 0 == sum(live[80:84])

    def test_profile_all_closed(self):
        """A live channel with every contact outside the hours cannot be staffed."""
        profile = [0.0] * 24
        profile[3] = 1.0
        d = Demand(contacts=100, period=timedelta(days=1), staffed_hours=8, profile=profile)
        with pytest.raises(NoBusinessTimeError, match="outside the staffed hours"):
            Phone().evaluate(d)

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"contacts": 0}, ConfigError, "contacts: must be a positive number, got 0"),
            ({"contacts": "5"}, TypeError, "contacts must be a number"),
            ({"period": timedelta(minutes=7)}, ConfigError, "period: must be a positive"),
            ({"period": 7}, TypeError, "period must be a timedelta"),
            ({"staffed_hours": 200}, ConfigError, "staffed_hours: more staffed hours"),
            ({"staffed_hours": -1}, ConfigError, "staffed_hours"),
            ({"calendar": "9-17", "start": MONDAY}, TypeError, "calendar must be"),
            ({"calendar": BERLIN_9_17}, ConfigError, "start: a calendar needs"),
            (
                {"calendar": BERLIN_9_17, "start": MONDAY, "staffed_hours": 8},
                ConfigError,
                "either staffed_hours or a calendar",
            ),
            ({"start": datetime(2026, 3, 2)}, NaiveDatetimeError, "start"),  # noqa: DTZ001
            ({"profile": [1, -1]}, ConfigError, r"profile\[1\]: must be 0 or more"),
            ({"profile": [1, "x"]}, TypeError, r"profile\[1\]"),
            ({"profile": [0, 0]}, ConfigError, "at least one positive"),
        ],
    )
    def test_errors(self, kwargs, error, match):
        """Bad fields raise errors naming the field and value."""
        with pytest.raises(error, match=match):
            Demand(**{"contacts": 10, **kwargs})

    def test_round_trip_with_calendar(self):
        """to_dict/from_dict keep the calendar, start and profile."""
        d = Demand(contacts=50, calendar=BERLIN_9_17, start=MONDAY, profile=[1, 2] * 12)
        again = Demand.from_dict(d.to_dict())
        assert d.to_dict() == again.to_dict()
        assert d.open_share() == again.open_share()

    @settings(max_examples=40, deadline=None)
    @given(demands())
    def test_round_trip(self, demand):
        """Every demand survives to_dict/from_dict and pickling."""
        assert demand == Demand.from_dict(demand.to_dict())
        assert demand == pickle.loads(pickle.dumps(demand))  # noqa: S301 - our own value
        assert pytest.approx(1.0) == sum(demand.arrival_share(live=False))

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ([1], "demand"),
            ({"contacts": 5, "colour": 1}, "demand.colour"),
            ({"contacts": -5}, "demand.contacts"),
            ({"contacts": 5, "period": "P1M"}, "demand.period"),
            ({"contacts": 5, "profile": 3}, "demand.profile"),
            ({"contacts": 5, "start": "2026-03-02"}, "demand.start"),
            ({"contacts": "many"}, "demand.contacts"),
        ],
    )
    def test_from_dict_errors(self, data, path):
        """from_dict names the path of the bad field."""
        with pytest.raises(ConfigError) as info:
            Demand.from_dict(data, "demand")
        assert path == info.value.path

    def test_from_dict_top_level_path(self):
        """Without a path the field name alone is the path."""
        with pytest.raises(ConfigError) as info:
            Demand.from_dict({"contacts": 0})
        assert "contacts" == info.value.path


# ------------------------------------------------------------------ models
class TestModels:
    """Each model turns a demand into staffing, cost, wait and effort."""

    def test_contract(self):
        """Models and reports are frozen values: eq, hash, pickle, copy, repr."""
        for model in ALL:
            assert model == pickle.loads(pickle.dumps(model))  # noqa: S301
            assert hash(model) == hash(copy.copy(model))
            assert type(model).__name__ in repr(model)
            with pytest.raises(AttributeError):
                model.name = "x"  # type: ignore[misc]
        report = Phone().evaluate(Demand(contacts=100))
        assert report == pickle.loads(pickle.dumps(report))  # noqa: S301
        assert isinstance(report, ChannelReport)

    def test_phone_matches_erlang(self):
        """Phone staffing equals required_agents for the steady rate of each step."""
        d = Demand(contacts=400)
        report = Phone(max_occupancy=1.0).evaluate(d)
        rate = 400 / (40 * 3600)
        s = required_agents(
            arrivals=rate, interval=1, handle_time=360, answer_within=20, service_level=0.8
        )
        assert s.agents == report.agents
        assert pytest.approx(s.agents * 40) == report.agent_hours
        assert pytest.approx(s.metrics.asa) == report.expected_wait
        assert pytest.approx(s.agents * 40 / 0.7 * 30) == report.cost
        assert pytest.approx(report.cost / 400) == report.cost_per_contact
        assert pytest.approx(report.cost / 280) == report.cost_per_resolution
        assert pytest.approx(s.agents * 40 / 0.7 / 40) == report.fte

    def test_phone_with_patience(self):
        """Erlang A staffing reports abandonment."""
        report = Phone(patience=timedelta(minutes=1)).evaluate(Demand(contacts=2000))
        assert 0 < report.abandonment < 0.2

    def test_profile_peaks_need_more(self):
        """A peaky profile needs more agents at the peak than a flat one."""
        flat = Demand(contacts=2000)
        profile = [1.0] * 24
        profile[10] = 6.0
        peaky = attrs_evolve(flat, profile=profile)
        assert Phone().evaluate(peaky).agents > Phone().evaluate(flat).agents

    def test_chat_concurrency(self):
        """More concurrency means fewer agents; handle time stretches with it."""
        d = Demand(contacts=3000)
        one = LiveChat(concurrency=1).evaluate(d)
        three = LiveChat(concurrency=3).evaluate(d)
        assert three.agents < one.agents
        assert 600 == LiveChat(concurrency=1).effective_handle_time()
        assert 900 == LiveChat(concurrency=3).effective_handle_time()
        assert 600 == LiveChat(concurrency=3, slowdown=0).effective_handle_time()

    def test_chat_concurrency_below_one(self):
        """Concurrency below one chat is rejected."""
        with pytest.raises(ConfigError, match=r"concurrency: must be at least 1 chat.*0\.5"):
            LiveChat(concurrency=0.5)

    def test_email_promise(self):
        """A shorter promise needs at least as many agents, and the share is kept."""
        d = Demand(contacts=800)
        relaxed = Email(reply_within=timedelta(hours=16)).evaluate(d)
        strict = Email(reply_within=timedelta(hours=2)).evaluate(d)
        assert strict.agents >= relaxed.agents
        assert strict.service_level >= 0.9
        assert strict.expected_wait <= relaxed.expected_wait

    def test_email_wall_clock_promise(self):
        """A wall-clock promise of 24 hours cannot cover the weekend."""
        with pytest.raises(InfeasibleError, match=r"wall-clock.*unlimited staff"):
            Email(reply_within=timedelta(hours=24), business_time=False).evaluate(
                Demand(contacts=100)
            )
        ok = Email(reply_within=timedelta(hours=72), business_time=False)
        assert ok.evaluate(Demand(contacts=100)).service_level >= 0.9

    def test_email_with_calendar(self):
        """Email staffing works from a business calendar."""
        d = Demand(contacts=300, calendar=BERLIN_9_17, start=MONDAY)
        assert Email().evaluate(d).agents >= 1

    def test_tickets_seat_cost(self):
        """Seats add cost per scheduled agent."""
        d = Demand(contacts=400)
        base = Tickets().evaluate(d)
        seats = Tickets(seat_cost=100).evaluate(d)
        assert seats.cost - base.cost == pytest.approx(100 * math.ceil(base.agents / 0.7))

    def test_forum_community(self):
        """The community's share lowers the staff's work."""
        d = Demand(contacts=1000)
        busy = Forum(community_share=0.0).evaluate(d)
        helped = Forum(community_share=0.8).evaluate(d)
        assert helped.agent_hours < busy.agent_hours
        with pytest.raises(ConfigError, match="community_share"):
            Forum(community_share=1.0)

    def test_self_help(self):
        """Self-help costs set-up over its lifetime, upkeep and visits."""
        kb = SelfHelp(setup_cost=5200, upkeep=50, lifetime=timedelta(weeks=52), cost_per_visit=0.1)
        report = kb.evaluate(Demand(contacts=1000))
        assert pytest.approx(100 + 50 + 100) == report.cost
        assert pytest.approx(1000 * (1 - 0.42)) == report.fallback_contacts
        assert 0 == report.agents

    def test_effort_bounds(self):
        """Effort stays on the 1-5 scale and grows with waits."""
        d = Demand(contacts=400)
        for model in ALL:
            assert 1 <= model.evaluate(d).effort <= 5
        assert Email().evaluate(d).effort > Phone().evaluate(d).effort

    @pytest.mark.parametrize(
        ("factory", "match"),
        [
            (lambda: Phone(handle_time=0), "handle_time"),
            (lambda: Phone(answer_within=-1), "answer_within"),
            (lambda: Phone(service_level=1.5), "service_level"),
            (lambda: Phone(patience=0), "patience"),
            (lambda: Phone(shrinkage=1.0), "shrinkage"),
            (lambda: Phone(effort=6), "effort"),
            (lambda: Phone(hourly_cost=-1), "hourly_cost"),
            (lambda: Phone(name=""), "name"),
            (lambda: Email(promise_share=0), "promise_share"),
            (lambda: SelfHelp(findability=2), "findability"),
        ],
    )
    def test_errors(self, factory, match):
        """Bad model fields raise ConfigError naming the field."""
        with pytest.raises(ConfigError, match=match):
            factory()

    def test_type_errors(self):
        """Wrong types are TypeErrors."""
        with pytest.raises(TypeError):
            Phone(name=3)
        with pytest.raises(TypeError):
            Email(business_time="yes")


class TestModelStorage:
    """Channel models round-trip through plain dicts."""

    @pytest.mark.parametrize("model", [*ALL, Phone(patience=timedelta(seconds=90.5))])
    def test_round_trip(self, model):
        """to_dict -> channel_from_dict gives an equal model; durations are ISO 8601."""
        data = model.to_dict()
        assert model == channel_from_dict(data)
        assert model == type(model).from_dict(data)
        assert data["kind"] == model.kind

    @settings(max_examples=60, deadline=None)
    @given(channel_models)
    def test_round_trip_property(self, model):
        """Any model survives to_dict -> channel_from_dict and pickling."""
        assert model == channel_from_dict(model.to_dict())
        assert model == pickle.loads(pickle.dumps(model))  # noqa: S301 - our own value

    def test_numbers_for_durations(self):
        """Durations may be given as seconds."""
        assert Email(reply_within=3600) == Email.from_dict({"reply_within": 3600})

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"kind": "fax"}, "channels[0].kind"),
            ({}, "channels[0].kind"),
            ({"kind": "phone", "colour": 1}, "channels[0].colour"),
            ({"kind": "phone", "handle_time": "soon"}, "channels[0].handle_time"),
            ({"kind": "chat", "concurrency": 0.5}, "channels[0].concurrency"),
            ({"kind": "phone", "name": 5}, "channels[0].name"),
            ({"kind": "email", "business_time": 1}, "channels[0].business_time"),
            ([1], "channels[0]"),
        ],
    )
    def test_errors(self, data, path):
        """Bad dicts name the path of the bad field."""
        with pytest.raises(ConfigError) as info:
            channel_from_dict(data, "channels[0]")
        assert path == info.value.path

    def test_wrong_kind_and_top_level(self):
        """A class refuses another kind; without a path the field alone is the path."""
        with pytest.raises(ConfigError, match="expected kind 'email'"):
            Email.from_dict({"kind": "phone"})
        with pytest.raises(ConfigError) as info:
            Phone.from_dict({"service_level": 2})
        assert "service_level" == info.value.path
        with pytest.raises(ConfigError) as info:
            Phone.from_dict({"name": 5})
        assert "name" == info.value.path
        with pytest.raises(ConfigError) as info:
            Phone.from_dict([1])
        assert "" == info.value.path
        with pytest.raises(ConfigError, match="unknown channel kind") as info:
            channel_from_dict({"kind": 3})
        assert "kind" == info.value.path


def attrs_evolve(value, **changes):
    """attrs.evolve, imported lazily to keep the test module's imports short."""
    import attrs  # noqa: PLC0415

    return attrs.evolve(value, **changes)


class TestFluidWaits:
    """The backlog model of written channels."""

    def test_unstable(self):
        """Capacity at or below arrivals has no steady state."""
        assert fluid_waits([1.0, 1.0], [1.0, 1.0], [1.0, 1.0]) is None

    def test_no_wait_with_spare_capacity(self):
        """Arrivals in open time with spare capacity wait about nothing."""
        wall, business = fluid_waits([1.0, 1.0], [4.0, 4.0], [1.0, 1.0])
        assert wall == pytest.approx([0.0, 0.0], abs=0.2)
        assert business == wall

    def test_backlog_carries_over(self):
        """A backlog wraps around the period end to the next open step."""
        wall, business = fluid_waits(
            [0.0, 0.0, 2.0, 0.0], [3.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]
        )
        assert wall[2] == pytest.approx(4 + 1 / 3 - 2.5)
        assert business[2] == pytest.approx(1 / 3)


# ------------------------------------------------------------------ compare and mix
class TestMonotoneInVolume:
    """More contacts never need fewer agent hours."""

    @settings(max_examples=15, deadline=None)
    @given(
        st.floats(min_value=10, max_value=3000),
        st.floats(min_value=1.05, max_value=3.0),
        st.sampled_from([Phone(), LiveChat(), Email(), Forum()]),
    )
    def test_agent_hours(self, contacts, factor, model):
        """Agent hours and total cost grow with the volume."""
        small = model.evaluate(Demand(contacts=contacts))
        large = model.evaluate(Demand(contacts=contacts * factor))
        assert large.agent_hours >= small.agent_hours
        assert large.cost >= small.cost


class TestCompare:
    """compare gives DataFrame-ready rows."""

    def test_rows(self):
        """One row per channel, plain values, straight into pandas."""
        rows = compare(ALL, Demand(contacts=500))
        frame = pd.DataFrame(rows)
        assert ["phone", "chat", "email", "tickets", "forum", "self-help"] == list(frame["channel"])
        assert set(ChannelReport.__attrs_attrs__.__dir__()) or True
        assert frame["cost_per_contact"].gt(0).all()
        assert frame.loc[frame["channel"] == "self-help", "cost_per_contact"].item() < 1

    @settings(max_examples=15, deadline=None)
    @given(st.floats(min_value=50, max_value=4000))
    def test_self_help_cheapest_per_contact(self, contacts):
        """At any volume self-help costs less per contact than a staffed channel."""
        d = Demand(contacts=contacts)
        assert SelfHelp().evaluate(d).cost_per_contact < Phone().evaluate(d).cost_per_contact


class TestTargets:
    """Targets round-trip through plain dicts."""

    def test_round_trip(self):
        """to_dict keeps the set targets; from_dict reads ISO durations."""
        t = Targets(max_wait=timedelta(hours=1), min_resolution=0.7)
        assert t == Targets.from_dict(t.to_dict())
        assert t == Targets.from_dict({"max_wait": "PT1H", "min_resolution": 0.7})
        assert {} == Targets().to_dict()

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ([1], "mix.targets"),
            ({"max_wait": "soon"}, "mix.targets.max_wait"),
            ({"colour": 1}, "mix.targets.colour"),
            ({"max_effort": 9}, "mix.targets.max_effort"),
            ({"max_effort": "x"}, "mix.targets.max_effort"),
        ],
    )
    def test_errors(self, data, path):
        """Errors name the path of the bad field."""
        with pytest.raises(ConfigError) as info:
            Targets.from_dict(data, "mix.targets")
        assert path == info.value.path

    def test_top_level_paths(self):
        """Without a path the field is the path."""
        with pytest.raises(ConfigError) as info:
            Targets.from_dict({"max_effort": 9})
        assert "max_effort" == info.value.path
        with pytest.raises(ConfigError) as info:
            Targets.from_dict({"max_effort": "x"})
        assert "max_effort" == info.value.path


class TestRecommendMix:
    """recommend_mix picks the cheapest mix meeting the targets, or the best in budget."""

    def test_cheapest_meeting_targets(self):
        """With a wait target the mix meets it and nothing cheaper does."""
        d = Demand(contacts=600)
        targets = Targets(max_wait=timedelta(hours=1))
        mix = recommend_mix(d, [Phone(), LiveChat(), Email(), SelfHelp()], targets=targets)
        assert mix.meets_targets
        assert mix.expected_wait <= 3600
        assert "This is the cheapest mix that meets every target." == mix.explain()[-1]
        assert isinstance(mix, MixRecommendation)
        frame = pd.DataFrame(mix.rows())
        assert list(frame["channel"]) == list(mix.channels)
        data = mix.to_dict()
        assert data["lines"][-1] == {"code": "mix_meets"}

    def test_effort_target(self):
        """An effort target no mix meets is reported as missed."""
        mix = recommend_mix(Demand(contacts=600), [Email()], targets=Targets(max_effort=1.0))
        assert "missed_effort" in [line.code for line in mix.lines]

    def test_resolution_target(self):
        """A resolution target rules out self-help-only mixes."""
        mix = recommend_mix(
            Demand(contacts=600),
            [Phone(), SelfHelp()],
            targets=Targets(min_resolution=0.6, max_effort=4.5),
        )
        assert mix.meets_targets
        assert "phone" in mix.channels

    def test_over_budget(self):
        """When the cheapest mix meeting the targets is too dear, stay in budget."""
        d = Demand(contacts=600)
        targets = Targets(max_wait=60)
        full = recommend_mix(d, [Phone(), Email(), SelfHelp()], targets=targets)
        cheap = recommend_mix(
            d, [Phone(), Email(), SelfHelp()], targets=targets, budget=full.cost / 4
        )
        assert cheap.cost <= full.cost / 4
        assert cheap.within_budget
        assert not cheap.meets_targets
        codes = [line.code for line in cheap.lines]
        assert "mix_over_budget" in codes
        # The cheap mix is self-help alone: some contacts are never answered.
        assert "missed_wait_unanswered" in codes

    def test_nothing_in_budget(self):
        """A budget below every mix gives the cheapest, and says so."""
        mix = recommend_mix(Demand(contacts=600), [Phone(), Email()], budget=1.0)
        assert not mix.within_budget
        assert "mix_nothing_in_budget" == mix.lines[-1].code

    def test_best_effort(self):
        """Targets nobody meets: the mix missing fewest, cheapest first."""
        mix = recommend_mix(
            Demand(contacts=600),
            [Email(), SelfHelp()],
            targets=Targets(max_wait=1, min_resolution=0.99),
            budget=1e9,
        )
        assert "mix_best_effort" == mix.lines[-1].code
        assert not mix.meets_targets

    def test_self_help_alone(self):
        """A self-help-only mix leaves failures unanswered (infinite wait)."""
        mix = recommend_mix(Demand(contacts=600), [SelfHelp()])
        assert mix.expected_wait == math.inf
        assert "mix_self_help_alone" == mix.lines[0].code

    def test_unanswered_contacts_explained(self):
        """A budget only self-help fits: the infinite wait is said in words, not formatted."""
        d = Demand(contacts=600)
        budget = SelfHelp().evaluate(d).cost + 1
        targets = Targets(max_wait=timedelta(hours=4))
        mix = recommend_mix(d, [Phone(), SelfHelp()], targets=targets, budget=budget)
        assert ("self-help",) == mix.channels
        assert mix.expected_wait == math.inf
        missed = [line for line in mix.lines if line.code.startswith("missed_")]
        assert [{"code": "missed_wait_unanswered", "limit": 14400.0}] == [
            line.as_dict() for line in missed
        ]
        assert (
            "Some contacts get no answer in this mix, so the wait limit of 4 hours is missed."
            in mix.explain()
        )
        for locale in ("de", "it", "ru"):
            texts = mix.explain(locale, currency="EUR")
            assert len(texts) == len(mix.lines)
            assert all("{" not in t for t in texts)

    def test_preferences(self):
        """Zero preference excludes a channel from the mixes."""
        mix = recommend_mix(Demand(contacts=600), [Phone(), Email()], preferences={"email": 1.0})
        assert ("email",) == mix.channels

    def test_two_self_helps_not_combined(self):
        """At most one self-help channel per mix."""
        mix = recommend_mix(Demand(contacts=600), [SelfHelp(), SelfHelp(name="faq")])
        assert 1 == len(mix.channels)

    def test_errors(self):
        """No channels, too many, or nothing that can serve the demand."""
        d = Demand(contacts=600)
        with pytest.raises(ConfigError, match="channels"):
            recommend_mix(d, [])
        with pytest.raises(ConfigError, match="at most 8"):
            recommend_mix(d, [Phone(name=str(i)) for i in range(9)])
        with pytest.raises(ConfigError, match="budget"):
            recommend_mix(d, [Phone()], budget=-5)
        impossible = Email(reply_within=1, business_time=False)
        with pytest.raises(InfeasibleError, match="no mix"):
            recommend_mix(d, [impossible])
        with pytest.raises(ConfigError, match="max_effort"):
            Targets(max_effort=7)
        with pytest.raises(ConfigError, match="min_resolution"):
            Targets(min_resolution=0)

    def test_localized(self):
        """Every line renders in all four languages, with money in a currency."""
        mix = recommend_mix(
            Demand(contacts=600), [Phone(), Email(), SelfHelp()], targets=Targets(max_wait=600)
        )
        for locale in ("en", "de", "it", "ru"):
            texts = mix.explain(locale, currency="EUR")
            assert len(texts) == len(mix.lines)
            assert all("{" not in t for t in texts)
        assert "€" in mix.explain("de", currency="EUR")[-2] or "€" in " ".join(
            mix.explain("de", currency="EUR")
        )


# ------------------------------------------------------------------ self-help economics
class TestBreakEven:
    """self_help_break_even says when a knowledge base pays off."""

    def test_pays_off(self):
        """Break-even volume and payback follow from the figures."""
        kb = SelfHelp(setup_cost=5200, upkeep=100, cost_per_visit=0.1)
        b = self_help_break_even(kb, Phone(), Demand(contacts=400))
        staffed = Phone().evaluate(Demand(contacts=400)).cost_per_contact
        saving = 0.42 * staffed - 0.1
        assert pytest.approx(saving) == b.saving_per_visit
        assert pytest.approx(200 / saving) == b.break_even_visits
        assert pytest.approx(400 * saving - 200) == b.net_saving
        assert b.payback == timedelta(weeks=1) * (5200 / (400 * saving - 100))

    def test_never_pays(self):
        """Visits that cost more than they save never break even."""
        kb = SelfHelp(cost_per_visit=100)
        b = self_help_break_even(kb, Phone(), Demand(contacts=400))
        assert (math.inf, None) == (b.break_even_visits, b.payback)

    def test_upkeep_eats_savings(self):
        """Savings below the upkeep: a break-even volume but no payback at this one."""
        kb = SelfHelp(upkeep=10_000)
        b = self_help_break_even(kb, Phone(), Demand(contacts=50))
        assert b.payback is None
        assert b.net_saving < 0


class TestFaqCandidates:
    """faq_candidates ranks questions by handling cost saved."""

    def test_ranking(self):
        """Most costly first; rare questions left out; formats by value."""
        found = faq_candidates({"a": 3, "b": 40, "c": 1, "d": 10})
        assert ["b", "d", "a"] == [c.question for c in found]
        assert all(c.saving > 0 for c in found)
        assert pytest.approx(40 / 54) == found[0].share

    def test_small_volume_prefers_cheap_format(self):
        """A question asked a few times is worth an FAQ entry, not a video."""
        found = faq_candidates({"a": 3}, horizon=52)
        assert "faq" == found[0].format

    def test_not_worth_it(self):
        """With a one-period horizon nothing pays back."""
        assert [] == faq_candidates({"a": 3}, horizon=1)

    def test_errors(self):
        """Bad arguments name themselves."""
        with pytest.raises(ConfigError, match="horizon"):
            faq_candidates({"a": 3}, horizon=0)
        with pytest.raises(ConfigError, match="shrinkage"):
            faq_candidates({"a": 3}, shrinkage=1)
        with pytest.raises(ConfigError, match="deflection"):
            faq_candidates({"a": 3}, deflection=0)
        with pytest.raises(ConfigError, match=r"question_counts\['a'\]"):
            faq_candidates({"a": -3})
        with pytest.raises(TypeError):
            faq_candidates({3: 3})

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"question_counts": None}, TypeError),
            ({"question_counts": {"a": 10**400}}, ConfigError),
            ({"question_counts": {"a": math.nan}}, ConfigError),
            ({"horizon": 10**400}, ConfigError),
            ({"horizon": 2.5}, TypeError),
            ({"hourly_cost": 10**400}, ConfigError),
            ({"hourly_cost": -1}, ConfigError),
            ({"min_count": "2"}, TypeError),
            ({"shrinkage": "0.3"}, TypeError),
        ],
    )
    def test_hostile_values(self, kwargs, error):
        """Issue 14: huge ints overflowed and None gave an AttributeError."""
        with pytest.raises(error):
            faq_candidates(**{"question_counts": {"a": 3}, **kwargs})

    def test_numpy_horizon(self):
        """Any integer is a horizon, numpy's too."""
        import numpy as np  # noqa: PLC0415 - a test-only dependency, via pandas

        assert faq_candidates({"a": 3}, horizon=np.int64(52)) == faq_candidates({"a": 3})


# ------------------------------------------------------------------ advice
class TestAdvise:
    """advise_channels gives one clear plan for a one-person desk."""

    def test_local_audience(self):
        """Same zone, full-time hours: email, chat and an FAQ, a same-day promise."""
        advice = advise_channels(
            available=40,
            zone="Europe/Berlin",
            audience={"Europe/Berlin": 1},
            contacts=60,
            start=MONDAY,
        )
        assert ("email", "chat", "self_help") == advice.channels
        assert advice.reply_promise is not None or advice.reply_working_days == 1
        assert advice.promise_share >= 0.9
        assert isinstance(advice, Advice)

    def test_far_audience_skips_chat(self):
        """An audience in another hemisphere's day gets no live chat."""
        advice = advise_channels(
            available=20,
            zone="Europe/Berlin",
            audience={"Australia/Sydney": 1},
            contacts=20,
            start=MONDAY,
        )
        assert "chat" not in advice.channels
        assert "advise_no_chat" in [line.code for line in advice.lines]

    def test_busy_chat(self):
        """A chat volume one person cannot pick up in time: no chat."""
        advice = advise_channels(
            available=40,
            zone="Europe/Berlin",
            audience={"Europe/Berlin": 1},
            contacts=180,
            start=MONDAY,
            preferences={"chat": 1.0, "email": 0.0001},
            handle_time=120,
        )
        assert "advise_chat_busy" in [line.code for line in advice.lines]

    def test_phone_preferring_audience(self):
        """Mostly phone-minded customers, low volume, good overlap: offer the phone."""
        advice = advise_channels(
            available=40,
            zone="America/New_York",
            audience={"America/New_York": 1},
            contacts=5,
            start=MONDAY,
            preferences={"phone": 0.8, "email": 0.2},
        )
        assert "phone" in advice.channels
        assert "self_help" not in advice.channels

    def test_overload(self):
        """More work than hours: the longest promise, and a warning first."""
        advice = advise_channels(
            available=5,
            zone="Europe/Berlin",
            audience={"Europe/Berlin": 1},
            contacts=100,
            start=MONDAY,
        )
        assert 5 == advice.reply_working_days
        assert "advise_email_overloaded" == advice.lines[0].code
        assert "advise_overload" in [line.code for line in advice.lines]

    def test_every_message(self):
        """A promise for every message is not lost to rounding of the shares."""
        advice = advise_channels(
            available=10,
            zone="Europe/Berlin",
            audience={"Asia/Tokyo": 1},
            contacts=70,
            start=MONDAY,
            promise_share=1.0,
        )
        assert 1 == advice.reply_working_days
        assert advice.promise_share == pytest.approx(1.0)

    def test_short_promise_in_hours(self):
        """Plenty of time and a light load: a promise in hours."""
        advice = advise_channels(
            available=BusinessCalendar.from_dict(
                {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["08:00-19:00"]}}
            ),
            zone="Europe/Berlin",
            audience={"Europe/Berlin": 1},
            contacts=20,
            start=MONDAY,
        )
        assert advice.reply_promise is not None
        assert advice.reply_promise <= timedelta(hours=4)
        assert advice.reply_working_days is None

    def test_localized(self):
        """The plan reads in four languages."""
        advice = advise_channels(
            available=20,
            zone="Europe/Rome",
            audience={"Europe/Rome": 2, "Europe/Moscow": 1},
            contacts=40,
            start=MONDAY,
        )
        for locale in ("en", "de", "it", "ru"):
            assert all("{" not in text for text in advice.explain(locale))

    def test_errors(self):
        """Bad inputs are named."""
        kw = {"zone": "Europe/Berlin", "contacts": 10, "start": MONDAY}
        with pytest.raises(ConfigError, match="audience"):
            advise_channels(available=20, audience={}, **kw)
        with pytest.raises(ConfigError, match="available"):
            advise_channels(available=100, audience={"UTC": 1}, **kw)
        with pytest.raises(ConfigError, match="audience"):
            advise_channels(available=20, audience={"UTC": -1}, **kw)
        del kw["zone"]
        with pytest.raises(ConfigError, match="zone: give your IANA time zone"):
            advise_channels(available=20, audience={"UTC": 1}, **kw)


# ------------------------------------------------------------------ text
class TestLine:
    """Explanation lines are data and render in four languages."""

    def test_unknown_code(self):
        """Only known message codes are accepted."""
        with pytest.raises(ValueError, match="code"):
            Line("nope")

    def test_params_from_pairs(self):
        """Parameters may be given as pairs; they are stored sorted."""
        line = Line("missed_effort", [("value", 3.5), ("limit", 3.0)])
        assert (("limit", 3.0), ("value", 3.5)) == line.params
        assert line == Line("missed_effort", {"limit": 3.0, "value": 3.5})

    def test_formats(self):
        """Shares as percent, waits as durations, money with or without currency."""
        line = Line(
            "mix_channel",
            {"channel": "phone", "share": 0.25, "cost_per_contact": 8.01, "wait": 45.0},
        )
        assert "phone: 25% of contacts, 8.01 per contact, first answer in about 45 seconds." == (
            line.text("en")
        )
        assert "$8.01" in line.text("en", currency="USD")
        assert "25 %" in line.text("de").replace("\xa0", " ")
        assert "Russian" not in line.text("ru")
        assert "обращений" in line.text("ru")

    def test_resolution_target(self):
        """Resolution targets render as percentages."""
        text = Line("missed_resolution", {"value": 0.5, "limit": 0.7}).text("it")
        assert "50%" in text
        assert "70%" in text


# ------------------------------------------------------------------ plots
class TestPlots:
    """The plots return matplotlib figures (Agg backend)."""

    def test_service_level(self):
        """One point per stable staffing level, and the target line."""
        fig = plot_service_level(
            range(8, 20),
            arrivals=100,
            interval=1800,
            handle_time=180,
            answer_within=20,
            target=0.8,
        )
        axes = fig.axes[0]
        xs = list(axes.get_lines()[0].get_xdata())
        assert list(range(11, 20)) == xs  # 8-10 agents cannot hold 10 Erlangs
        assert 2 == len(axes.get_lines())
        ys = list(axes.get_lines()[0].get_ydata())
        assert ys == sorted(ys)
        assert ys[3] == pytest.approx(
            queue_metrics(
                14, arrivals=100, interval=1800, handle_time=180, answer_within=20
            ).service_level
        )

    def test_service_level_with_patience(self):
        """With patience every staffing level is plotted; no target line."""
        fig = plot_service_level(
            [2, 4, 6],
            arrivals=100,
            interval=1800,
            handle_time=180,
            answer_within=20,
            patience=60,
        )
        assert 1 == len(fig.axes[0].get_lines())
        assert [2, 4, 6] == list(fig.axes[0].get_lines()[0].get_xdata())

    def test_cost_per_contact(self):
        """Cost per contact falls with volume for a staffed channel."""
        fig = plot_cost_per_contact([Phone(), SelfHelp()], Demand(contacts=1), [20, 200, 2000])
        phone = fig.axes[0].get_lines()[0].get_ydata()
        assert phone[0] > phone[-1]
        fig.savefig(__import__("io").BytesIO(), format="png")


# ------------------------------------------------------------------ bounds (issue 14)
class TestBounds:
    """Extreme values in demands and models are ConfigErrors naming the field."""

    @pytest.mark.timeout(60)
    def test_long_period_refused(self):
        """Issue 14: a 10-million-day period made compare allocate > 7 GB."""
        with pytest.raises(ConfigError, match="at most P366D") as info:
            Demand.from_dict({"contacts": 900, "period": "P10000000D"}, "demand")
        assert "demand.period" == info.value.path
        with pytest.raises(ConfigError):
            Demand(contacts=900, period=timedelta(days=367))

    @pytest.mark.timeout(120)
    def test_longest_period_compares(self):
        """A 366-day period (35,136 steps) is compared in bounded time and memory."""
        demand = Demand(contacts=20_000, period=timedelta(days=366))
        rows = compare([Phone(), Email()], demand)
        assert [r["channel"] for r in rows] == ["phone", "email"]

    @pytest.mark.parametrize(
        ("make", "path"),
        [
            (lambda: Phone.from_dict({"handle_time": "PT99999999999999999999H"}), "handle_time"),
            (lambda: Email.from_dict({"reply_within": "P99999999999999999999D"}), "reply_within"),
            (
                lambda: Forum.from_dict({"community_wait": "PT99999999999999999999H"}),
                "community_wait",
            ),
            (lambda: SelfHelp.from_dict({"lifetime": "PT99999999999999999999H"}), "lifetime"),
            (lambda: Targets.from_dict({"max_wait": "PT99999999999999999999H"}), "max_wait"),
            (
                lambda: Demand.from_dict({"contacts": 1, "period": "PT99999999999999999999H"}),
                "period",
            ),
            (lambda: Demand.from_dict({"contacts": 10**400}), "contacts"),
            (lambda: Demand.from_dict({"contacts": 1e13}), "contacts"),
            (lambda: Demand.from_dict({"contacts": 1, "staffed_hours": 10**400}), "staffed_hours"),
            (lambda: Demand.from_dict({"contacts": 1, "profile": [1, 10**400]}), "profile[1]"),
            (lambda: Demand(contacts=-(10**5000)), "contacts"),
            (lambda: Phone.from_dict({"hourly_cost": 10**400}), "hourly_cost"),
            (lambda: LiveChat.from_dict({"concurrency": 10**400}), "concurrency"),
        ],
    )
    def test_overflow_is_config_error(self, make, path):
        """Issue 14: each raised OverflowError (or ValueError printing a huge int)."""
        with pytest.raises(ConfigError) as info:
            make()
        assert path == info.value.path

    def test_wrong_types_name_the_field(self):
        """A JSON value of the wrong type is a ConfigError naming its path."""
        cases = [
            (lambda: Demand.from_dict({"contacts": 1, "profile": [1, "x"]}, "d"), "d.profile[1]"),
            (lambda: Email.from_dict({"business_time": "yes"}, "c"), "c.business_time"),
            (lambda: Targets.from_dict({"max_wait": [1]}, "t"), "t.max_wait"),
        ]
        for make, path in cases:
            with pytest.raises(ConfigError) as info:
                make()
            assert path == info.value.path

    @pytest.mark.parametrize("handle", [8e13, 5.5e9])
    def test_written_channel_agent_limit(self, handle):
        """A backlog needing more than 10 million agents is infeasible, not a long loop."""
        with pytest.raises(InfeasibleError, match="more than 10,000,000 agents"):
            Email(handle_time=handle).evaluate(Demand(contacts=200, staffed_hours=40))

    def test_written_channel_tiny_handle_time(self):
        """A handle time of 5e-324 s made the capacity inf·0 = nan (a ValueError)."""
        report = Tickets(handle_time=5e-324).evaluate(Demand(contacts=200, staffed_hours=40))
        assert 1.0 == report.agents

    @pytest.mark.parametrize(
        "start",
        [
            "0001-01-01T00:00:00+00:00",
            "0001-01-01T00:00:00+14:00",  # the UTC instant is before year 1
            "0003-01-01T00:00:00+14:00",  # year 2 in UTC
            "9996-12-31T00:00:00+00:00",  # the week ends in 9997
            "9999-12-31T23:59:59-12:00",  # the UTC instant is after year 9999
        ],
    )
    def test_years_near_the_ends_refused(self, start):
        """Issue 14: near year 1 and 9999 the calendar's OverflowError escaped compare."""
        calendar = {"timezone": "Pacific/Kiritimati", "hours": {"mon-fri": ["09:00-17:00"]}}
        with pytest.raises(ConfigError, match="within the years 0003-9996") as info:
            Demand.from_dict({"contacts": 100, "calendar": calendar, "start": start}, "d")
        assert "d.start" == info.value.path

    @pytest.mark.parametrize("start", ["0003-01-01T00:00:00+00:00", "9996-12-24T11:00:00-12:00"])
    def test_years_near_the_ends_compared(self, start):
        """Inside the years 0003-9996 every zone's calendar compares."""
        for zone in ("Pacific/Kiritimati", "Etc/GMT+12"):
            calendar = {"timezone": zone, "hours": {"mon-fri": ["09:00-17:00"]}}
            demand = Demand.from_dict({"contacts": 100, "calendar": calendar, "start": start})
            assert [2.0, 1.0] == [r["agents"] for r in compare([Phone(), Email()], demand)]

    @pytest.mark.parametrize(
        ("preferences", "error", "path"),
        [
            ({}, ConfigError, "preferences"),
            ({"phone": 1e308, "chat": 1e308}, ConfigError, "preferences"),
            ({"phone": -1}, ConfigError, "preferences['phone']"),
            ({"phone": math.nan}, ConfigError, "preferences['phone']"),
            ([1], TypeError, None),
        ],
    )
    def test_preferences_checked(self, preferences, error, path):
        """All-zero weights divided by zero in advise_channels; NaN reached Demand."""
        with pytest.raises(error) as info:
            advise_channels(
                available=20,
                zone="Europe/Berlin",
                audience={"Europe/Berlin": 1.0},
                contacts=30,
                start=datetime(2026, 3, 2, tzinfo=timezone.utc),
                preferences=preferences,
            )
        if path is not None:
            assert path == info.value.path
        if error is ConfigError and path != "preferences":
            with pytest.raises(ConfigError) as info:
                recommend_mix(Demand(contacts=100), [Phone()], preferences=preferences)
            assert path == info.value.path
