"""``servicekit channels plan``: from an arrival profile to the shifts that cover it (private).

The profile is a CSV file (or a JSON list) of intervals with ``start`` and
``arrivals`` (optionally ``handle_time``, ``answer_within``, ``service_level``); the
shifts file holds the templates and the caps. The command sizes every interval
(:func:`~servicekit.channels.staff_profile`), schedules the shifts
(:func:`~servicekit.channels.schedule_shifts`) and prints the shifts, the coverage and
what is left uncovered; with ``--people`` it also puts names on the shifts
(:func:`~servicekit.channels.assign_shifts`), each inside the person's local hours.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, TextIO

from servicekit.cli import _io
from servicekit.cli._scenario import Table, render_blocks
from servicekit.exceptions import ConfigError
from servicekit.i18n import (
    N_,
    NP_,
    format_clock_range,
    format_instant,
    format_number,
    format_zone_offset,
    translate,
    translate_plural,
)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping, Sequence
    from datetime import datetime

    from servicekit.channels import (
        Person,
        ProfileInterval,
        Roster,
        ShiftSchedule,
        ShiftTemplate,
        StaffingPlan,
    )
    from servicekit.cli._common import Subcommands

__all__ = ["register"]

_SHIFT_KEYS = ("templates", "timezone", "max_heads", "budget", "objective", "under_weight",
               "over_weight", "time_limit")  # fmt: skip

_TITLE = N_("Shift plan")
_INTERVALS = NP_(
    "{count} interval, peak head count {peak}.", "{count} intervals, peak head count {peak}."
)
_COST = NP_("{count} shift, total cost {cost}.", "{count} shifts, total cost {cost}.")
_COST_BEST = NP_(
    "{count} shift, total cost {cost} (the best found within the time limit).",
    "{count} shifts, total cost {cost} (the best found within the time limit).",
)
_COVERED = N_("Every interval is covered.")
_SHORT = NP_("{count} interval is short of heads.", "{count} intervals are short of heads.")
_SHIFTS = N_("Shifts")
_UNCOVERED = N_("Uncovered intervals")
_ROSTER = N_("Roster")
_TEMPLATE = N_("Template")
_START = N_("Start")
_END = N_("End")
_HEADS = N_("Heads")
_BREAKS = N_("Breaks")
_INTERVAL = N_("Interval")
_REQUIRED = N_("Required")
_SCHEDULED = N_("Scheduled")
_MISSING = N_("Missing")
_PERSON = N_("Person")
_LOCAL_START = N_("Local start")
_LOCAL_END = N_("Local end")
_ZONE = N_("Time zone")


def _csv_value(key: str, text: str) -> object:
    """A CSV cell as the JSON value :meth:`ProfileInterval.from_dict` reads."""
    if key == "start":
        return text
    try:
        return float(text)
    except ValueError:
        return text  # an ISO-8601 duration, or a bad value that from_dict names


def _read_profile(path: str) -> list[ProfileInterval]:
    from servicekit.channels import ProfileInterval  # noqa: PLC0415 - loaded on use

    text = _io.read_text(path)
    items = []
    if path.lower().endswith(".csv"):
        for line, row in _io.iter_csv(text, path):
            data = {key: _csv_value(key, value.strip()) for key, value in row.items()}
            with _io.in_source(f"{path}:{line}"):
                items.append(ProfileInterval.from_dict(data))
    else:
        document = _io.load_document(path)
        for index, data in enumerate(_io.require_list(document, path)):
            with _io.in_source(path, f"[{index}]"):
                items.append(ProfileInterval.from_dict(data))
    if not items:
        raise ConfigError("has no intervals; give a header and one row per interval", path)
    return items


def _read_shifts(path: str) -> tuple[list[ShiftTemplate], dict[str, Any]]:
    from servicekit.channels import ShiftTemplate  # noqa: PLC0415 - loaded on use

    document = _io.load_document(path)
    if isinstance(document, list):
        document = {"templates": document}
    with _io.in_source(path):
        data = _io.require_mapping(document, "")
        for key in data:
            if key not in _SHIFT_KEYS:
                raise ConfigError(
                    f"unknown key {key!r}; expected one of {', '.join(_SHIFT_KEYS)}", key
                )
        if "templates" not in data:
            raise ConfigError("is required: a list of shift templates", "templates")
        raw = _io.require_list(data["templates"], "templates")
        templates = [
            ShiftTemplate.from_dict(item, f"templates[{index}]") for index, item in enumerate(raw)
        ]
        options = {key: value for key, value in data.items() if key != "templates"}
        for key in ("max_heads", "budget", "under_weight", "over_weight", "time_limit"):
            if key in options and options[key] is not None:
                _io.require_number(options[key], key)
        if "max_heads" in options and not isinstance(options["max_heads"], int | None):
            raise ConfigError(f"expected a whole number, got {options['max_heads']!r}", "max_heads")
        for key in ("timezone", "objective"):
            if key in options:
                _io.require_str(options[key], key)
    return templates, options


_PEOPLE_KEYS = ("people", "inconvenient", "min_rest", "time_limit")


def _read_people(path: str) -> tuple[list[Person], dict[str, Any]]:
    from servicekit.channels import Person  # noqa: PLC0415 - loaded on use

    document = _io.load_document(path)
    if isinstance(document, list):
        document = {"people": document}
    with _io.in_source(path):
        data = _io.require_mapping(document, "")
        for key in data:
            if key not in _PEOPLE_KEYS:
                raise ConfigError(
                    f"unknown key {key!r}; expected one of {', '.join(_PEOPLE_KEYS)}", key
                )
        raw = _io.require_list(data.get("people"), "people")
        people = [Person.from_dict(item, f"people[{index}]") for index, item in enumerate(raw)]
        options: dict[str, Any] = {}
        if "inconvenient" in data:
            names = _io.require_list(data["inconvenient"], "inconvenient")
            options["inconvenient"] = [
                _io.require_str(name, f"inconvenient[{index}]") for index, name in enumerate(names)
            ]
        if "min_rest" in data:
            options["min_rest"] = _io.duration(data["min_rest"], "min_rest")
        if "time_limit" in data:
            options["time_limit"] = _io.require_number(data["time_limit"], "time_limit")
    return people, options


def _number(text: str | None, flag: str) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"expected a number, got {text!r}", flag) from None
    if not math.isfinite(value):
        raise ConfigError(f"expected a finite number, got {text!r}", flag)
    return value


def _staff(args: argparse.Namespace, items: list[ProfileInterval]) -> StaffingPlan:
    from servicekit.channels import staff_profile  # noqa: PLC0415 - loaded on use

    def duration(text: str | None, flag: str) -> Any:  # noqa: ANN401 - a timedelta or None
        return None if text is None else _io.duration(text, flag)

    with _io.in_source("options"):
        return staff_profile(
            items,
            interval=_io.duration(args.interval, "--interval"),
            handle_time=duration(args.handle_time, "--handle-time"),
            answer_within=_io.duration(args.answer_within, "--answer-within"),
            service_level=_number(args.service_level, "--service-level"),  # type: ignore[arg-type]
            max_occupancy=_number(args.max_occupancy, "--max-occupancy"),
            patience=duration(args.patience, "--patience"),
            max_abandonment=_number(args.max_abandonment, "--max-abandonment"),
            shrinkage=_number(args.shrinkage, "--shrinkage"),  # type: ignore[arg-type]
        )


def _interval_rows(plan: StaffingPlan, schedule: ShiftSchedule) -> list[dict[str, Any]]:
    return [
        {
            "start": row.start,
            "end": row.end,
            "arrivals": row.arrivals,
            "agents": row.agents,
            "required": cover.required,
            "scheduled": cover.scheduled,
            "under": cover.under,
            "over": cover.over,
        }
        for row, cover in zip(plan.rows, schedule.coverage, strict=True)
    ]


def _t(message: str, locale: str) -> str:
    return translate("servicekit", message, locale)


def _when(value: datetime, locale: str) -> str:
    """An instant in its own zone, as the locale writes a short date and time."""
    return format_instant(value, locale=locale, zone=value.tzinfo, style="short")  # type: ignore[arg-type]


def _seconds(value: datetime) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def _summary(plan: StaffingPlan, schedule: ShiftSchedule, locale: str) -> str:
    peak = max(row.heads for row in plan.rows)
    cost = format_number(schedule.cost, locale=locale)
    parts = [
        translate_plural("servicekit", _INTERVALS, len(plan.rows), locale, peak=peak),
        translate_plural(
            "servicekit",
            _COST if schedule.optimal else _COST_BEST,
            schedule.heads,
            locale,
            cost=cost,
        ),
        _t(_COVERED, locale)
        if schedule.covered
        else translate_plural("servicekit", _SHORT, len(schedule.uncovered), locale),
    ]
    return " ".join(parts)


def _tables(schedule: ShiftSchedule, locale: str) -> list[str | Table]:
    shifts = Table(
        tuple(_t(h, locale) for h in (_TEMPLATE, _START, _END, _HEADS, _BREAKS)),
        tuple(
            (
                shift.template,
                _when(shift.start, locale),
                _when(shift.end, locale),
                format_number(shift.heads, locale=locale),
                ", ".join(
                    format_clock_range(_seconds(a), _seconds(b), locale=locale)
                    for a, b in shift.breaks
                ),
            )
            for shift in schedule.shifts
        ),
        frozenset({3}),
    )
    blocks: list[str | Table] = [_t(_SHIFTS, locale), shifts]
    if schedule.uncovered:
        short = Table(
            tuple(_t(h, locale) for h in (_INTERVAL, _REQUIRED, _SCHEDULED, _MISSING)),
            tuple(
                (
                    _when(row.start, locale),
                    format_number(row.required, locale=locale),
                    format_number(row.scheduled, locale=locale),
                    format_number(row.under, locale=locale),
                )
                for row in schedule.uncovered
            ),
            frozenset({1, 2, 3}),
        )
        blocks += [_t(_UNCOVERED, locale), short]
    return blocks


def _zone(value: datetime, locale: str) -> str:
    """The zone of a local instant and its offset then: ``Europe/Berlin (GMT+01:00)``."""
    zone = value.tzinfo
    offset = format_zone_offset(zone, locale=locale, at=value)  # type: ignore[arg-type]
    return f"{getattr(zone, 'key', zone)} ({offset})"


def _roster_table(roster: Roster, locale: str) -> Table:
    headers = (_PERSON, _TEMPLATE, _LOCAL_START, _LOCAL_END, _ZONE)
    return Table(
        tuple(_t(h, locale) for h in headers),
        tuple(
            (
                a.person,
                a.template,
                _when(a.start, locale),
                _when(a.end, locale),
                _zone(a.start, locale),
            )
            for a in roster.assignments
        ),
    )


def _plot(schedule: ShiftSchedule, path: str) -> None:
    from servicekit.channels import plot_coverage  # noqa: PLC0415 - loaded on use

    figure = plot_coverage(schedule)
    try:
        figure.savefig(path)
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot write the figure: {error}", "--plot") from None


def _cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    from servicekit.channels import assign_shifts, schedule_shifts  # noqa: PLC0415

    items = _read_profile(args.profile)
    templates, options = _read_shifts(args.shifts)
    team = None if args.people is None else _read_people(args.people)
    plan = _staff(args, items)
    with _io.in_source(args.shifts):
        schedule = schedule_shifts(plan, templates, **options)
    roster = None
    if team is not None:
        with _io.in_source(args.people):
            roster = assign_shifts(schedule, team[0], **team[1])
    if args.plot:
        _plot(schedule, args.plot)
    rows = _interval_rows(plan, schedule)
    if args.format == "csv":
        _io.write_rows(rows, "csv", out)
    elif args.format == "json":
        document = _document(schedule, rows)
        if roster is not None:
            document["roster"] = roster.to_rows()
        _io.write_json(document, out)
    else:
        markdown = args.format == "markdown"
        name = _t(_TITLE, args.locale)
        title = f"# {name}" if markdown else f"{name}\n{'=' * len(name)}"
        out.write(f"{title}\n\n{_summary(plan, schedule, args.locale)}\n\n")
        blocks = _tables(schedule, args.locale)
        if roster is not None:
            blocks += [_t(_ROSTER, args.locale), _roster_table(roster, args.locale)]
        out.write(render_blocks(blocks, markdown=markdown))
    return 0


def _document(schedule: ShiftSchedule, rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "covered": schedule.covered,
        "optimal": schedule.optimal,
        "objective": schedule.objective,
        "cost": schedule.cost,
        "heads": schedule.heads,
        "shifts": schedule.shift_rows(),
        "intervals": rows,
        "uncovered": [row.to_dict() for row in schedule.uncovered],
    }


def register(actions: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add ``servicekit channels plan`` to the ``channels`` group's subcommands."""
    plan = actions.add_parser(
        "plan",
        parents=[common],
        help="size every interval of a profile and choose the shifts that cover it",
        description=(
            "Size each interval of an arrival profile with Erlang C (Erlang A with "
            "--patience), turn agents into scheduled heads after shrinkage, and choose "
            "the least-cost shifts from the templates that cover every interval, or, "
            "under a headcount or budget cap, the least uncovered (needs the 'schedule' "
            "extra: pip install 'servicekit[schedule]')."
        ),
        epilog=(
            "PROFILE: CSV with a header 'start,arrivals[,handle_time,answer_within,"
            "service_level]' (ISO-8601 instants with an offset; durations in seconds or "
            "ISO-8601), or a JSON list of such objects. SHIFTS: JSON/TOML with 'templates' "
            "(name, length, starts, days, breaks, cost, min_heads, max_heads) and optional "
            "timezone, max_heads, budget, objective, under_weight, over_weight, time_limit. "
            "PEOPLE: JSON/TOML with 'people' (name, timezone, hours, contracted_hours, "
            "days_off, prefers, avoids, inconvenient_so_far); the roster is in the text, "
            "Markdown and JSON output."
        ),
    )
    plan.add_argument("profile", metavar="PROFILE", help="the arrival profile (CSV or JSON)")
    plan.add_argument("--shifts", required=True, metavar="FILE", help="the shift templates")
    plan.add_argument("--interval", default="PT30M", metavar="ISO", help="interval (PT30M)")
    plan.add_argument("--handle-time", metavar="ISO", help="average handle time (or a column)")
    plan.add_argument(
        "--answer-within", default="PT20S", metavar="ISO", help="target answer time (PT20S)"
    )
    plan.add_argument("--service-level", default="0.8", help="share answered in time (0.8)")
    plan.add_argument("--max-occupancy", help="occupancy cap, e.g. 0.85")
    plan.add_argument("--patience", metavar="ISO", help="mean caller patience (Erlang A)")
    plan.add_argument("--max-abandonment", help="abandonment cap (needs --patience)")
    plan.add_argument("--shrinkage", default="0", help="share of paid time off the queue (0)")
    plan.add_argument(
        "--people",
        metavar="FILE",
        help="also put people on the shifts (JSON/TOML: 'people', optional 'inconvenient', "
        "'min_rest', 'time_limit')",
    )
    plan.add_argument("--plot", metavar="PNG", help="also draw required against scheduled heads")
    plan.add_argument("--format", choices=("text", "markdown", "json", "csv"), default="text")
    _io.add_locale_option(plan, help="the language of the text and Markdown output (default: en)")
    plan.set_defaults(handler=_cmd_plan)
