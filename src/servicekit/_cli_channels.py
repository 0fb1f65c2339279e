"""``servicekit channels``: staffing, channel comparison and the channel mix (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from servicekit import _cli_io
from servicekit._cli_common import add_group
from servicekit._cli_scenario import Table, render_blocks
from servicekit.exceptions import ConfigError, InfeasibleError
from servicekit.i18n import N_, SUPPORTED_LANGUAGES, format_number, format_percent, translate

if TYPE_CHECKING:
    import argparse

    from servicekit._cli_common import Subcommands
    from servicekit.channels import QueueMetrics, Staffing

__all__ = ["register"]

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


def _float(text: str, path: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ConfigError(f"expected a number, got {text!r}", path) from None


def _staff_inputs(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "arrivals": _float(args.arrivals, "--arrivals"),
        "interval": _cli_io.duration(args.interval, "--interval"),
        "handle_time": _cli_io.duration(args.handle_time, "--handle-time"),
        "answer_within": _cli_io.duration(args.answer_within, "--answer-within"),
        "patience": None
        if args.patience is None
        else _cli_io.duration(args.patience, "--patience"),
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
        _cli_io.write_json(
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
        _cli_io.write_rows(rows, "csv", out)
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
    """Add ``servicekit channels staff``."""
    _, actions = add_group(
        commands,
        "channels",
        common,
        help_text="channel staffing, comparison and mix: staff",
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
        "--around", type=int, default=3, metavar="N", help="rows either side of the answer (3)"
    )
    staff.add_argument("--locale", choices=SUPPORTED_LANGUAGES, default="en")
    staff.add_argument("--format", choices=("text", "csv", "json"), default="text")
    staff.set_defaults(handler=_cmd_staff)
