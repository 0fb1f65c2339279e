"""``servicekit channels``: staffing, channel comparison and the channel mix (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

import attrs

from servicekit.cli import _io
from servicekit.cli._common import add_group, int_between
from servicekit.cli._scenario import (
    Context,
    Scenario,
    Section,
    Table,
    load_scenario,
    render_blocks,
)
from servicekit.exceptions import ConfigError, InfeasibleError
from servicekit.i18n import (
    N_,
    display_name,
    format_currency,
    format_duration,
    format_list,
    format_number,
    format_percent,
    translate,
)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Mapping, Sequence

    from servicekit.channels import Demand, MixRecommendation, QueueMetrics, Staffing, Targets
    from servicekit.cli._common import Subcommands

__all__ = ["load_channels", "register", "report_sections"]

_COMPARE_TITLE = N_("Channels: comparison and recommended mix")
_STAFFING_TITLE = N_("Staffing for phone and chat")
_CHANNEL = N_("Channel")
_COST_PER_CONTACT = N_("Cost per contact")
_COST_PER_RESOLUTION = N_("Cost per resolution")
_FIRST_ANSWER = N_("First answer")
_RESOLVED = N_("Resolved first time")
_EFFORT = N_("Effort (1–5)")
_PEAK = N_("Agents at peak")
_FTE = N_("Full-time staff")
_AVERAGE_WAIT = N_("Average wait")
_DEMAND = N_("{contacts} contacts per {period}; costs in {currency}.")
_MIX = N_("Recommended mix: {channels}.")
_NO_LIVE = N_("The scenario has no phone or chat channel.")

_STAFF_HEAD = N_(
    "{agents} agents on the queue ({positions} scheduled with {shrinkage} shrinkage); "
    "the binding target is {binding}."
)
_SERVICE_LEVEL_LOWER = N_("the service level")
_OCCUPANCY_LOWER = N_("the occupancy cap")
_ABANDONMENT_LOWER = N_("the abandonment cap")
_AGENTS = N_("Agents")
_SERVICE_LEVEL = N_("Service level")
_WAIT_PROBABILITY = N_("Had to wait")
_ASA = N_("Average wait (s)")
_OCCUPANCY = N_("Occupancy")
_ABANDONMENT = N_("Abandoned")
_BINDING = {
    "service_level": _SERVICE_LEVEL_LOWER,
    "max_occupancy": _OCCUPANCY_LOWER,
    "max_abandonment": _ABANDONMENT_LOWER,
}


@attrs.frozen
class Channels:
    """The channels part of a scenario: demand, models, budget and targets."""

    demand: Demand
    models: tuple[Any, ...]
    budget: float | None
    targets: Targets | None


def load_channels(scenario: Scenario) -> Channels | None:
    """Read the scenario's ``channels`` part (or a file holding only that part)."""
    from servicekit.channels import Demand, Targets, channel_from_dict  # noqa: PLC0415

    field = "channels"
    part = scenario.part("channels")
    if part is None:
        if "demand" not in scenario.data:
            return None
        part, field = scenario.data, ""
    with scenario.at(field):
        demand = Demand.from_dict(_io.require_mapping(part.get("demand"), "demand"), "demand")
        raw_models = _io.require_list(part.get("models"), "models")
        models = tuple(channel_from_dict(raw, f"models[{i}]") for i, raw in enumerate(raw_models))
        if not models:
            raise ConfigError("no channel models; list at least one", "models")
        budget = part.get("budget")
        budget = None if budget is None else _io.require_number(budget, "budget")
        targets = None if "targets" not in part else Targets.from_dict(part["targets"], "targets")
    return Channels(demand, models, budget, targets)


def _compare_rows(channels: Channels) -> list[dict[str, Any]]:
    from servicekit.channels import compare  # noqa: PLC0415 - loaded on use

    return compare(channels.models, channels.demand)


def _mix(channels: Channels) -> MixRecommendation:
    from servicekit.channels import recommend_mix  # noqa: PLC0415 - loaded on use

    return recommend_mix(
        channels.demand, channels.models, budget=channels.budget, targets=channels.targets
    )


def _explain(mix: MixRecommendation, locale: str, currency: str) -> list[str]:
    """The mix's explanation, one sentence per line, in ``locale``."""
    return mix.explain(locale, currency=currency)


def _compare_table(
    t: Callable[..., str], locale: str, currency: str, rows: Sequence[Mapping[str, Any]]
) -> Table:
    def money(value: float) -> str:
        return format_currency(value, currency, locale=locale)

    return Table(
        tuple(
            t(h)
            for h in (
                _CHANNEL,
                _COST_PER_CONTACT,
                _COST_PER_RESOLUTION,
                _FIRST_ANSWER,
                _SERVICE_LEVEL,
                _RESOLVED,
                _EFFORT,
            )
        ),
        tuple(
            (
                display_name("channel", row["channel"], locale),
                money(row["cost_per_contact"]),
                money(row["cost_per_resolution"]),
                _wait(row["expected_wait"], locale),
                format_percent(round(row["service_level"], 3), locale=locale),
                format_percent(round(row["resolution_rate"], 3), locale=locale),
                format_number(round(row["effort"], 1), locale=locale),
            )
            for row in rows
        ),
        frozenset(range(1, 7)),
    )


def _wait(seconds: float, locale: str) -> str:
    from datetime import timedelta  # noqa: PLC0415

    return format_duration(
        timedelta(seconds=round(seconds)), locale=locale, granularity="second", threshold=1.5
    )


def _staffing_table(t: Callable[..., str], locale: str, rows: Sequence[Mapping[str, Any]]) -> Table:
    return Table(
        tuple(t(h) for h in (_CHANNEL, _PEAK, _FTE, _SERVICE_LEVEL, _AVERAGE_WAIT, _ABANDONMENT)),
        tuple(
            (
                display_name("channel", row["channel"], locale),
                format_number(round(row["agents"], 1), locale=locale),
                format_number(round(row["fte"], 1), locale=locale),
                format_percent(round(row["service_level"], 3), locale=locale),
                _wait(row["expected_wait"], locale),
                format_percent(round(row["abandonment"], 3), locale=locale),
            )
            for row in rows
        ),
        frozenset(range(1, 6)),
    )


def _live(channels: Channels, rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [row for model, row in zip(channels.models, rows, strict=True) if model.live]


def report_sections(ctx: Context) -> list[Section]:
    """The report's channel comparison and mix, and the staffing of the live channels."""
    channels = load_channels(ctx.scenario)
    if channels is None:
        return []
    with ctx.scenario.at("channels"):
        rows = _compare_rows(channels)
        mix = _mix(channels)
    demand = ctx.t(
        _DEMAND,
        contacts=format_number(channels.demand.contacts, locale=ctx.locale),
        period=format_duration(channels.demand.period, locale=ctx.locale, threshold=1.5),
        currency=ctx.currency,
    )
    compare_blocks: tuple[str | Table, ...] = (
        demand,
        _compare_table(ctx.t, ctx.locale, ctx.currency, rows),
        ctx.t(
            _MIX,
            channels=format_list(
                [display_name("channel", c, ctx.locale) for c in mix.channels], locale=ctx.locale
            ),
        ),
        "\n".join(f"- {line}" for line in _explain(mix, ctx.locale, ctx.currency)),
    )
    live = _live(channels, rows)
    staffing_blocks: tuple[str | Table, ...] = (
        (_staffing_table(ctx.t, ctx.locale, live),) if live else (ctx.t(_NO_LIVE),)
    )
    return [
        Section(
            "channels",
            ctx.t(_COMPARE_TITLE),
            compare_blocks,
            {"compare": rows, "mix": mix.to_dict()},
        ),
        Section("staffing", ctx.t(_STAFFING_TITLE), staffing_blocks, {"live": live}),
    ]


def _load_for_command(path: str) -> Channels:
    scenario = load_scenario(path)
    channels = load_channels(scenario)
    if channels is None:
        with scenario.at("channels"):
            raise ConfigError("missing; give a 'channels' part or 'demand' and 'models'", "")
    return channels


def _with_contacts(channels: Channels, contacts: str | None) -> Channels:
    if contacts is None:
        return channels
    demand = attrs.evolve(channels.demand, contacts=_float(contacts, "--contacts"))
    return attrs.evolve(channels, demand=demand)


def _cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    channels = _with_contacts(_load_for_command(args.file), args.contacts)
    rows = _compare_rows(channels)
    if args.format != "text":
        _io.write_rows(rows, args.format, out)
        return 0
    t = _translator(args.locale)
    out.write(render_blocks([_compare_table(t, args.locale, args.currency, rows)]))
    return 0


def _cmd_mix(args: argparse.Namespace, out: TextIO) -> int:
    channels = _with_contacts(_load_for_command(args.file), args.contacts)
    if args.budget is not None:
        channels = attrs.evolve(channels, budget=_float(args.budget, "--budget"))
    mix = _mix(channels)
    if args.format == "json":
        _io.write_json(mix.to_dict(), out)
        return 0
    out.writelines(f"{line}\n" for line in _explain(mix, args.locale, args.currency))
    return 0


def _translator(locale: str) -> Callable[..., str]:
    def t(message: str, **params: Any) -> str:  # noqa: ANN401
        return translate("servicekit", message, locale, **params)

    return t


def _float(text: str, path: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ConfigError(f"expected a number, got {text!r}", path) from None


def _staff_inputs(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "arrivals": _float(args.arrivals, "--arrivals"),
        "interval": _io.duration(args.interval, "--interval"),
        "handle_time": _io.duration(args.handle_time, "--handle-time"),
        "answer_within": _io.duration(args.answer_within, "--answer-within"),
        "patience": None if args.patience is None else _io.duration(args.patience, "--patience"),
    }


def _metrics_row(metrics: QueueMetrics) -> dict[str, Any]:
    return {
        "agents": metrics.agents,
        "service_level": metrics.service_level,
        "wait_probability": metrics.wait_probability,
        "asa": metrics.asa,
        "occupancy": metrics.occupancy,
        "abandonment": metrics.abandonment,
    }


def _sweep(inputs: dict[str, Any], staffing: Staffing, around: int) -> list[dict[str, Any]]:
    from servicekit.channels import queue_metrics  # noqa: PLC0415 - loaded on use

    def row(agents: int) -> dict[str, Any] | None:
        try:
            return _metrics_row(queue_metrics(agents, **inputs))
        except InfeasibleError:
            return None  # too few agents for an Erlang C queue: it never empties

    low, high = max(1, staffing.agents - around), staffing.agents + around
    return [r for r in map(row, range(low, high + 1)) if r is not None]


def _cmd_staff(args: argparse.Namespace, out: TextIO) -> int:
    from servicekit.channels import required_agents  # noqa: PLC0415 - loaded on use

    inputs = _staff_inputs(args)
    staffing = required_agents(
        **inputs,
        service_level=_float(args.service_level, "--service-level"),
        max_occupancy=None
        if args.max_occupancy is None
        else _float(args.max_occupancy, "--max-occupancy"),
        max_abandonment=None
        if args.max_abandonment is None
        else _float(args.max_abandonment, "--max-abandonment"),
        shrinkage=_float(args.shrinkage, "--shrinkage"),
    )
    rows = _sweep(inputs, staffing, args.around)
    if args.format == "json":
        _io.write_json(
            {
                "agents": staffing.agents,
                "positions": staffing.positions,
                "shrinkage": staffing.shrinkage,
                "binding": staffing.binding,
                "metrics": _metrics_row(staffing.metrics),
                "around": rows,
            },
            out,
        )
        return 0
    if args.format == "csv":
        _io.write_rows(rows, "csv", out)
        return 0
    locale = args.locale

    def t(message: str, **params: Any) -> str:  # noqa: ANN401
        return translate("servicekit", message, locale, **params)

    def pct(value: float) -> str:
        return format_percent(round(value, 3), locale=locale)

    head = t(
        _STAFF_HEAD,
        agents=staffing.agents,
        positions=staffing.positions,
        shrinkage=pct(staffing.shrinkage),
        binding=t(_BINDING.get(staffing.binding, staffing.binding)),
    )
    table = Table(
        tuple(
            t(h)
            for h in (_AGENTS, _SERVICE_LEVEL, _WAIT_PROBABILITY, _ASA, _OCCUPANCY, _ABANDONMENT)
        ),
        tuple(
            (
                ("→ " if row["agents"] == staffing.agents else "")
                + format_number(row["agents"], locale=locale),
                pct(row["service_level"]),
                pct(row["wait_probability"]),
                format_number(round(row["asa"], 1), locale=locale),
                pct(row["occupancy"]),
                pct(row["abandonment"]),
            )
            for row in rows
        ),
        frozenset(range(6)),
    )
    out.write(render_blocks([head, table]))
    return 0


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add ``servicekit channels staff|compare|mix|plan``."""
    _, actions = add_group(
        commands,
        "channels",
        common,
        help_text="channel staffing, comparison and mix: staff, compare, mix",
        description="How many people a queue needs, what each channel costs, which mix to run.",
    )
    staff = actions.add_parser(
        "staff",
        parents=[common],
        help="the smallest staffing of a queue that meets its targets (Erlang C/A)",
        description=(
            "Print the smallest number of agents that meets the service-level target "
            "(and optional occupancy and abandonment caps), the scheduled headcount "
            "after shrinkage, and a table of service level against agents around it. "
            "With --patience the queue is Erlang A (callers hang up), else Erlang C."
        ),
        epilog="Durations are ISO-8601 (PT30M, PT3M, PT20S); shares are fractions (0.8).",
    )
    staff.add_argument("--arrivals", required=True, help="contacts arriving per interval")
    staff.add_argument("--interval", default="PT30M", metavar="ISO", help="interval (PT30M)")
    staff.add_argument("--handle-time", required=True, metavar="ISO", help="average handle time")
    staff.add_argument(
        "--answer-within", default="PT20S", metavar="ISO", help="target answer time (PT20S)"
    )
    staff.add_argument("--service-level", default="0.8", help="share answered in time (0.8)")
    staff.add_argument("--max-occupancy", help="occupancy cap, e.g. 0.85")
    staff.add_argument("--patience", metavar="ISO", help="mean caller patience (Erlang A)")
    staff.add_argument("--max-abandonment", help="abandonment cap, e.g. 0.05 (needs --patience)")
    staff.add_argument("--shrinkage", default="0", help="share of paid time off the queue (0)")
    staff.add_argument(
        "--around",
        type=int_between(0, 100),
        default=3,
        metavar="N",
        help="rows either side of the answer, 0 to 100 (3)",
    )
    _io.add_locale_option(staff)
    staff.add_argument("--format", choices=("text", "csv", "json"), default="text")
    staff.set_defaults(handler=_cmd_staff)

    file_help = (
        "a JSON/TOML file with 'demand' and 'models' (and optionally 'budget' and "
        "'targets'), or a scenario file with a 'channels' part"
    )
    compare = actions.add_parser(
        "compare",
        parents=[common],
        help="what each channel costs and delivers for a demand",
        description="Evaluate each channel model on the whole demand: cost per contact and "
        "per resolution, first-answer time, service level, resolution and effort.",
    )
    compare.add_argument("file", metavar="FILE", help=file_help)
    compare.add_argument("--contacts", help="replace the demand's contacts per period")
    compare.add_argument("--currency", default="EUR", help="currency of the costs (EUR)")
    _io.add_locale_option(compare)
    compare.add_argument("--format", choices=("text", "csv", "json"), default="text")
    compare.set_defaults(handler=_cmd_compare)

    mix = actions.add_parser(
        "mix",
        parents=[common],
        help="the cheapest channel mix that meets the targets, explained",
        description="Recommend the cheapest mix of the channel models that meets the "
        "targets (or the best one within the budget), explained line by line.",
    )
    mix.add_argument("file", metavar="FILE", help=file_help)
    mix.add_argument("--contacts", help="replace the demand's contacts per period")
    mix.add_argument("--budget", help="most the mix may cost per period")
    mix.add_argument("--currency", default="EUR", help="currency of the costs (EUR)")
    _io.add_locale_option(mix)
    mix.add_argument("--format", choices=("text", "json"), default="text")
    mix.set_defaults(handler=_cmd_mix)

    from servicekit.cli import _channels_plan  # noqa: PLC0415 - the plan command lives on its own

    _channels_plan.register(actions, common)
