"""Wrong types and values at the public entry points raise documented errors.

Each case was found by calling the public functions with values of the wrong type or
shape: they raised ``AttributeError``, ``IndexError`` or a plain ``ValueError`` before.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from servicekit.channels import (
    Demand,
    Email,
    Forum,
    Line,
    LiveChat,
    Phone,
    SelfHelp,
    compare,
    recommend_mix,
    self_help_break_even,
)
from servicekit.exceptions import ConfigError
from servicekit.hours import BusinessCalendar, CombinedCalendar, format_weekly, parse_weekly
from servicekit.hours._members import to_hours
from servicekit.i18n import display_name, format_weekday, translations
from servicekit.onboarding import funnel
from servicekit.onboarding.flows import complaint, investment


class TestChannels:
    """The channel functions check their arguments before using them."""

    @pytest.mark.parametrize("channels", ["phone", [1], [Phone(), "email"], 3])
    def test_compare_needs_channel_models(self, channels: object) -> None:
        """Anything but a list of channel models is a TypeError naming the argument."""
        with pytest.raises(TypeError, match="channels"):
            compare(channels, Demand(contacts=10))  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="channels"):
            recommend_mix(Demand(contacts=10), channels)  # type: ignore[arg-type]

    def test_demand_must_be_a_demand(self) -> None:
        """A number where a Demand belongs is a TypeError naming ``demand``."""
        with pytest.raises(TypeError, match="demand must be a Demand"):
            compare([Phone()], 400)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="demand must be a Demand"):
            recommend_mix(400, [Phone()])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="demand must be a Demand"):
            self_help_break_even(SelfHelp(), Phone(), 400)  # type: ignore[arg-type]

    def test_break_even_arguments(self) -> None:
        """The self-help and the staffed channel are checked by type."""
        with pytest.raises(TypeError, match="self_help must be a SelfHelp"):
            self_help_break_even(Phone(), Phone(), Demand(contacts=10))  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="staffed must be a channel model"):
            self_help_break_even(SelfHelp(), "phone", Demand(contacts=10))  # type: ignore[arg-type]

    def test_models_of_ones_own_are_accepted(self) -> None:
        """A channel model of one's own needs only ``name``, ``kind`` and ``evaluate``."""

        class Wrapped:
            name = "email (wrapped)"
            kind = "email"

            def evaluate(self, demand: Demand) -> object:
                return Email().evaluate(demand)

        rows = compare([Wrapped()], Demand(contacts=400))
        assert rows == compare([Email()], Demand(contacts=400))

    def test_line_codes(self) -> None:
        """An explanation line's code must be a known message code."""
        with pytest.raises(ConfigError, match="code: unknown message code 'nope'"):
            Line("nope")
        with pytest.raises(TypeError, match="code must be a string"):
            Line(None)  # type: ignore[arg-type]


class TestHours:
    """Weekly hours and combined calendars."""

    @pytest.mark.parametrize(
        "week",
        ["", "24/7", ((),) * 6, [((0, 60),)] * 7, ([(0, 60)],) + ((),) * 6],
    )
    def test_format_weekly_shape(self, week: object) -> None:
        """``format_weekly`` takes a parsed week only."""
        with pytest.raises(TypeError, match="week"):
            format_weekly(week)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "span", [(0, "1"), (0,), (True, 60), [0, 60]], ids=["text", "short", "bool", "list"]
    )
    def test_format_weekly_pairs(self, span: object) -> None:
        """Each interval is an (open, close) pair of integer seconds."""
        with pytest.raises(TypeError, match=r"week\[0\]\[0\]"):
            format_weekly(((span,),) + ((),) * 6)  # type: ignore[arg-type]

    @pytest.mark.parametrize("span", [(60, 60), (-1, 60), (0, 86401), (86400, 90000)])
    def test_format_weekly_ranges(self, span: tuple[int, int]) -> None:
        """An interval out of range is a ConfigError at its path."""
        with pytest.raises(ConfigError, match=r"week\[2\]\[0\]"):
            format_weekly(((),) * 2 + ((span,),) + ((),) * 4)

    def test_format_weekly_round_trips(self) -> None:
        """Valid weeks, overnight intervals among them, still format."""
        assert format_weekly(parse_weekly("24/7")) == "24/7"
        week = (((79200, 108000),),) + ((),) * 6
        assert format_weekly(week) == {"mon": ["22:00-06:00"]}

    def test_unsorted_parsed_week_is_not_valid(self) -> None:
        """A parsed week must be in the form the parser gives (sorted, merged)."""
        week = (((36000, 39600), (3600, 7200)),) + ((),) * 6
        with pytest.raises(ConfigError, match="not a valid parsed week"):
            to_hours(week, "availability")

    def test_combined_calendar_needs_two_operands(self) -> None:
        """The operands of a combined calendar are two calendars."""
        a = BusinessCalendar("UTC", "24/7")
        with pytest.raises(ConfigError, match="operands: a combined calendar has exactly two"):
            CombinedCalendar("union", (a,), timezone="UTC")  # type: ignore[arg-type]


class TestI18n:
    """Catalog domains, label kinds and weekdays."""

    def test_unknown_domain(self) -> None:
        """An unknown catalog domain is a ConfigError naming ``domain``."""
        with pytest.raises(ConfigError, match="domain: unknown message domain"):
            translations("nope", "de")

    def test_unknown_label_kind(self) -> None:
        """An unknown label kind is a ConfigError naming ``kind``."""
        with pytest.raises(ConfigError, match="kind: unknown label kind"):
            display_name("nope", "x", "de")

    @pytest.mark.parametrize("day", [1.0, "1", True, None])
    def test_weekday_type(self, day: object) -> None:
        """A weekday is an integer."""
        with pytest.raises(TypeError, match="day must be an integer"):
            format_weekday(day, locale="de")  # type: ignore[arg-type]


class TestHolidays:
    """A holiday source that cannot be generated for other years."""

    def test_custom_class_without_a_code(self) -> None:
        """A custom HolidayBase with no country or market is a ConfigError."""
        holidays = pytest.importorskip("holidays")

        class Custom(holidays.HolidayBase):  # type: ignore[misc]
            def _populate(self, year: int) -> None:
                self[date(year, 1, 2)] = "Company day"

        with pytest.raises(ConfigError, match="holidays: Custom has no country or market"):
            BusinessCalendar("UTC", "24/7").with_holidays(Custom(years=2026))


def test_diagram_of_another_flows_funnel() -> None:
    """A funnel of another flow is a ConfigError naming ``funnel``."""
    other = funnel(complaint(), [], datetime(2026, 12, 1, tzinfo=timezone.utc))
    with pytest.raises(ConfigError, match="funnel: the funnel is for flow 'complaint'"):
        investment().to_mermaid(funnel=other)


class TestPlots:
    """The figures check their arguments before drawing."""

    def test_cost_per_contact(self) -> None:
        """Channels, demand and volumes are checked by type."""
        pytest.importorskip("matplotlib")
        from servicekit.channels import plot_cost_per_contact  # noqa: PLC0415

        with pytest.raises(TypeError, match="channels"):
            plot_cost_per_contact("phone", Demand(contacts=1), [10])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="demand must be a Demand"):
            plot_cost_per_contact([Phone()], None, [10])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="volumes must be a list of numbers"):
            plot_cost_per_contact([Phone()], Demand(contacts=1), "10")  # type: ignore[arg-type]
        with pytest.raises(ConfigError, match="contacts"):
            plot_cost_per_contact([Phone()], Demand(contacts=1), [-5])

    def test_coverage(self) -> None:
        """The coverage figure takes a ShiftSchedule."""
        pytest.importorskip("matplotlib")
        from servicekit.channels import plot_coverage  # noqa: PLC0415

        with pytest.raises(TypeError, match="schedule must be a ShiftSchedule"):
            plot_coverage(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("model", [Phone(), LiveChat(), Email(), Forum(), SelfHelp()], ids=str)
def test_channel_models_need_a_demand(model: object) -> None:
    """Every channel model's ``evaluate`` takes a Demand only."""
    with pytest.raises(TypeError, match="demand must be a Demand"):
        model.evaluate(400)  # type: ignore[attr-defined]


def test_self_help_period_cost_arguments() -> None:
    """``period_cost`` checks the demand and the visits."""
    with pytest.raises(TypeError, match="demand must be a Demand"):
        SelfHelp().period_cost(None)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="visits"):
        SelfHelp().period_cost(Demand(contacts=10), visits=-1)
    with pytest.raises(TypeError, match="visits must be a number"):
        SelfHelp().period_cost(Demand(contacts=10), visits="3")  # type: ignore[arg-type]
    assert SelfHelp().period_cost(Demand(contacts=10), visits=10) == SelfHelp().period_cost(
        Demand(contacts=10)
    )


def test_mix_targets_type() -> None:
    """``recommend_mix``'s targets are a Targets value."""
    with pytest.raises(TypeError, match="targets must be Targets"):
        recommend_mix(Demand(contacts=10), [Phone()], targets=1.5)  # type: ignore[arg-type]


class TestOnboarding:
    """Flows, funnels and diagrams check their arguments' types."""

    def test_flow_lookups(self) -> None:
        """A state name is a string; ``allowed`` takes a Journey."""
        flow = investment()
        with pytest.raises(TypeError, match="a state name must be a string"):
            flow.state(3)  # type: ignore[arg-type]
        with pytest.raises(KeyError):
            flow.state("nope")
        with pytest.raises(TypeError, match="journey must be a Journey"):
            flow.allowed("registered")  # type: ignore[arg-type]

    def test_funnel_and_diagrams(self) -> None:
        """``funnel`` takes a Flow; diagrams take a Funnel or None."""
        now = datetime(2026, 12, 1, tzinfo=timezone.utc)
        with pytest.raises(TypeError, match="flow must be a Flow"):
            funnel(now, [], now)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="funnel must be a Funnel or None"):
            investment().to_mermaid(funnel=0)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="funnel must be a Funnel or None"):
            investment().to_dot(funnel="x")  # type: ignore[arg-type]
