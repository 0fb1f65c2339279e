"""``servicekit office-hours``: plan weekly office hours for a team across zones (private)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TextIO

from servicekit._time import UTC, ZoneInfo, as_zone
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
from servicekit.exceptions import ConfigError
from servicekit.i18n import (
    N_,
    format_clock_range,
    format_weekday,
    format_zone,
    format_zone_offset,
    translate,
)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping, Sequence

    from servicekit.cli._common import Subcommands
    from servicekit.hours import Member, SlotProposal

__all__ = ["register", "report_sections"]

_TITLE = N_("Proposed office hours")
_SLOT = N_("Slot {number}: {day}, {time}, {zone} — {attending} of {total} can attend")
_NOBODY = N_("Slot {number}: nobody can attend a {minutes}-minute slot in this week")
_MEMBER = N_("Member")
_LOCAL_TIME = N_("Local time")
_ZONE = N_("Time zone")
_ATTENDANCE = N_("Attendance")
_PREFERRED = N_("yes, in preferred hours")
_AVAILABLE = N_("yes")
_OUTSIDE = N_("no: outside available hours")
_NO_WINDOW = N_("no: no free time this long this week")
_SHIFTED = N_("In {weeks} of the next {total} weeks a member's local time shifts (DST).")
_REACH = N_("How to reach the desk, as each member reads it (their language, their time):")
_REASONS = {"outside_availability": _OUTSIDE, "no_window": _NO_WINDOW}
_MINUTE = timedelta(minutes=1)
#: The longest series ``office-hours ical`` writes: 100 years of weekly occurrences.
_MAX_WEEKS = 5_218


def _team(data: Mapping[str, Any], scenario: Scenario) -> tuple[Member, ...]:
    from servicekit.hours import Member  # noqa: PLC0415 - loaded on use

    members = []
    for index, raw in enumerate(scenario.items(data, "team", "")):
        with scenario.at(f"team[{index}]"):
            members.append(Member.from_dict(raw, ""))
    if not members:
        with scenario.at("team"):
            raise ConfigError("no members; list at least one team member", "")
    return tuple(members)


def _settings(scenario: Scenario, ctx_zone: ZoneInfo) -> dict[str, Any]:
    part = scenario.part("office_hours") or {}
    with scenario.at("office_hours"):
        week_of = _io.require_str(part.get("week_of", ""), "week_of") or None
        return {
            "duration": _slot_length(part.get("duration", "PT1H"), "duration"),
            "week_of": _date(week_of, "week_of") if week_of else None,
            "count": int(_io.require_number(part.get("count", 1), "count", minimum=1)),
            "host": as_zone(_io.require_str(part.get("host", ctx_zone.key), "host"), "host"),
        }


def _slot_length(value: object, path: str) -> timedelta:
    """A session length for the plan: whole minutes, at least one.

    The plan prints clock times to the minute (``6:00–7:00 PM``); a length of
    seconds would print as an empty range (``6:00 PM–6:00 PM``) or a wrong end.

    Raises:
        ConfigError: not a duration, shorter than a minute, or not whole minutes.
    """
    length = _io.duration(value, path, at_least=_MINUTE)
    if length % _MINUTE:
        raise ConfigError(
            f"{value!r} is not a whole number of minutes; the plan shows clock times to the minute",
            path,
        )
    return length


def _date(text: str, path: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{text!r} is not a date; expected 'YYYY-MM-DD'", path) from None
    if not _io.EARLIEST.year <= value.year <= _io.LATEST.year:
        raise ConfigError(
            f"{text!r} is out of range; dates must lie in the years 1000 to 8999", path
        )
    return value


def _local(ctx_locale: str, start: datetime, end: datetime) -> str:
    seconds = start.hour * 3600 + start.minute * 60
    end_seconds = seconds + int((end - start).total_seconds())
    day = format_weekday(start.weekday(), locale=ctx_locale, width="abbreviated")
    return f"{day} {format_clock_range(seconds, end_seconds, locale=ctx_locale)}"


def _proposal_blocks(
    t: Any,  # noqa: ANN401 - a translate callable
    locale: str,
    number: int,
    proposal: SlotProposal,
    team: Sequence[Member],
) -> tuple[list[str | Table], dict[str, Any]]:
    start, end = proposal.start, proposal.end
    minutes = int((end - start).total_seconds() // 60)
    data: dict[str, Any] = {
        "start": start,
        "end": end,
        "slot": proposal.slot.to_dict(),
        "score": proposal.score,
        "members": [],
    }
    if not proposal.feasible:
        return [t(_NOBODY, number=number, minutes=minutes)], data
    head = t(
        _SLOT,
        number=number,
        day=format_weekday(start.weekday(), locale=locale),
        time=format_clock_range(
            start.hour * 3600 + start.minute * 60,
            start.hour * 3600 + start.minute * 60 + minutes * 60,
            locale=locale,
        ),
        zone=format_zone(proposal.slot.host, locale=locale, at=start),
        attending=len(proposal.attendees),
        total=len(team),
    )
    attending = {id(m) for m in proposal.attendees}
    preferred = {id(m) for m in proposal.preferred}
    reasons = {id(a.member): a.reason for a in proposal.absentees}
    rows = []
    for member in team:
        local_start = start.astimezone(member.timezone)
        local_end = end.astimezone(member.timezone)
        if id(member) in preferred and member.preferred is not None:
            status, label = "preferred", _PREFERRED
        elif id(member) in attending:
            status, label = "available", _AVAILABLE
        else:
            status = reasons[id(member)]
            label = _REASONS[status]
        offset = format_zone_offset(member.timezone, locale=locale, at=start)
        rows.append(
            (
                member.name,
                _local(locale, local_start, local_end),
                f"{member.timezone.key} ({offset})",
                t(label),
            )
        )
        data["members"].append(
            {
                "name": member.name,
                "timezone": member.timezone.key,
                "local_start": local_start,
                "local_end": local_end,
                "attendance": status,
            }
        )
    table = Table((t(_MEMBER), t(_LOCAL_TIME), t(_ZONE), t(_ATTENDANCE)), tuple(rows))
    blocks: list[str | Table] = [head, table]
    if proposal.shifts:
        weeks = {week for shift in proposal.shifts for week in shift.weeks}
        blocks.append(t(_SHIFTED, weeks=len(weeks), total=len(proposal.weeks)))
        data["dst_shift_weeks"] = sorted(weeks)
    return blocks, data


def _plan(team: Sequence[Member], settings: Mapping[str, Any]) -> tuple[SlotProposal, ...]:
    from servicekit.hours import plan_office_hours  # noqa: PLC0415 - loaded on use

    return plan_office_hours(
        team,
        settings["duration"],
        host=settings["host"],
        week_of=settings["week_of"],
        count=settings["count"],
        rotate=settings.get("rotate", False),
    )


def _blocks_for(
    t: Any,  # noqa: ANN401 - a translate callable
    locale: str,
    proposals: Sequence[SlotProposal],
    team: Sequence[Member],
) -> tuple[list[str | Table], list[dict[str, Any]]]:
    blocks: list[str | Table] = []
    data = []
    for number, proposal in enumerate(proposals, start=1):
        more, item = _proposal_blocks(t, locale, number, proposal, team)
        blocks += more
        data.append(item)
    return blocks, data


def report_sections(ctx: Context) -> list[Section]:
    """The report's office-hours section (none when the scenario has no team)."""
    scenario = ctx.scenario
    if "team" not in scenario.data:
        return []
    team = _team(scenario.data, scenario)
    settings = _settings(scenario, ctx.zone)
    settings["week_of"] = settings["week_of"] or ctx.now
    with scenario.at("office_hours"):
        proposals = _plan(team, settings)
    blocks, data = _blocks_for(ctx.t, ctx.locale, proposals, team)
    statements = _statements(ctx, team)
    if statements:
        blocks.append(ctx.t(_REACH))
        blocks.append("\n".join(f"- {name}: {text}" for name, text in statements))
    return [
        Section(
            "office_hours",
            ctx.t(_TITLE),
            tuple(blocks),
            {
                "proposals": data,
                "availability": [{"name": n, "statement": text} for n, text in statements],
            },
        )
    ]


def _statements(ctx: Context, team: Sequence[Member]) -> list[tuple[str, str]]:
    """The owner's availability as each member reads it: their language, their time."""
    from servicekit.hours import Availability  # noqa: PLC0415 - loaded on use

    part = ctx.scenario.part("availability")
    if part is None:
        return []
    with ctx.scenario.at("availability"):
        availability = Availability.from_dict(part, "")
    return [
        (member.name, availability.render(member.locale, member.timezone, at=ctx.now))
        for member in team
    ]


def _cmd_plan(args: argparse.Namespace, out: TextIO) -> int:
    scenario = load_scenario(args.team)
    team = _team(scenario.data, scenario)
    owner = scenario.part("owner") or {}
    with scenario.at("owner"):
        owner_zone = as_zone(_io.require_str(owner.get("timezone", "UTC"), "timezone"))
    settings = _settings(scenario, owner_zone)
    if args.host is not None:
        settings["host"] = as_zone(args.host, "--host")
    if args.duration is not None:
        settings["duration"] = _slot_length(args.duration, "--duration")
    if args.count is not None:
        settings["count"] = args.count
    if args.week_of is not None:
        settings["week_of"] = _date(args.week_of, "--week-of")
    if settings["week_of"] is None:
        raise ConfigError("missing; give --week-of YYYY-MM-DD", "--week-of")
    settings["rotate"] = args.rotate
    with scenario.at("office_hours"):
        proposals = _plan(team, settings)

    def t(message: str, **params: Any) -> str:  # noqa: ANN401
        return translate("servicekit", message, args.locale, **params)

    blocks, data = _blocks_for(t, args.locale, proposals, team)
    if args.format == "json":
        _io.write_json({"proposals": data}, out)
    else:
        out.write(render_blocks(blocks))
    return 0


def _cmd_render(args: argparse.Namespace, out: TextIO) -> int:
    from servicekit.hours import Availability  # noqa: PLC0415 - loaded on use

    scenario = load_scenario(args.availability)
    data: Mapping[str, Any] = scenario.data
    field = ""
    if "hours" not in data and "availability" in data:
        field = "availability"
        data = scenario.part("availability") or {}
    with scenario.at(field):
        availability = Availability.from_dict(data, "")
    at = _io.instant(args.at, "--at")
    viewers = args.viewer or [None]
    for viewer in viewers:
        with _io.in_source("--viewer"):
            out.write(availability.render(args.locale, viewer, at=at) + "\n")
    return 0


def _cmd_ical(args: argparse.Namespace, out: TextIO) -> int:
    from servicekit.hours import OfficeHours  # noqa: PLC0415 - loaded on use

    span = (52 if args.count is None else args.count) * args.interval
    if span > _MAX_WEEKS:
        raise ConfigError(
            f"the series would span {span:,} weeks (count × interval); it may span at most "
            f"{_MAX_WEEKS:,} weeks (100 years)",
            "--interval",
        )
    with _io.in_source("options"):
        slot = OfficeHours(
            as_zone(args.host, "--host"),
            args.weekday,
            args.start,
            _io.duration(args.duration, "--duration"),
            title=args.title,
        )
        first = _date(args.first, "--first")
        until = None if args.until is None else _date(args.until, "--until")
        stamp = (
            datetime.now(UTC).replace(microsecond=0)
            if args.stamp is None
            else _io.instant(args.stamp, "--stamp")
        )
        text = slot.to_ical(
            first=first,
            stamp=stamp,
            until=until,
            count=args.count,
            interval=args.interval,
            description=args.description,
        )
    out.write(text.decode("utf-8").replace("\r\n", "\n"))
    return 0


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add ``servicekit office-hours plan|render|ical``."""
    _, actions = add_group(
        commands,
        "office-hours",
        common,
        help_text="weekly office hours for a team across zones: plan, render, ical",
        description="Plan weekly office hours for a team spread across time zones.",
    )
    plan = actions.add_parser(
        "plan",
        parents=[common],
        help="propose the weekly slots that most members can attend",
        description=(
            "Propose weekly office-hours slots, best first, with each member's local "
            "time and whether they can attend. TEAM is a JSON/TOML file holding a list "
            "of members under 'team' (a scenario file works: its 'owner' and "
            "'office_hours' give the defaults)."
        ),
    )
    plan.add_argument("team", metavar="TEAM", help="the team file (JSON or TOML)")
    plan.add_argument("--host", metavar="ZONE", help="the host's IANA zone (slots repeat in it)")
    plan.add_argument("--week-of", metavar="DATE", help="a date in the week to plan")
    plan.add_argument("--duration", metavar="ISO", help="session length, e.g. PT1H")
    plan.add_argument(
        "--count", type=int_between(1, 100), metavar="N", help="how many slots to propose (1-100)"
    )
    plan.add_argument("--rotate", action="store_true", help="slots take turns week by week")
    _io.add_locale_option(plan)
    plan.add_argument("--format", choices=("text", "json"), default="text")
    plan.set_defaults(handler=_cmd_plan)

    render = actions.add_parser(
        "render",
        parents=[common],
        help="say when and how you can be reached, in a reader's language and time",
        description=(
            "Print the availability statement of a host for readers in other zones and "
            "languages. FILE holds the Availability.from_dict shape (timezone, hours, "
            "channels, reply_within) or a scenario with an 'availability' key."
        ),
    )
    render.add_argument("availability", metavar="FILE", help="the availability (JSON or TOML)")
    _io.add_locale_option(render)
    render.add_argument(
        "--viewer",
        metavar="ZONE",
        action="append",
        help="a reader's IANA zone (repeat for several readers)",
    )
    render.add_argument(
        "--at",
        metavar="ISO",
        required=True,
        help="an instant in the week to describe (decides summer or winter time)",
    )
    render.set_defaults(handler=_cmd_render)

    ical = actions.add_parser(
        "ical",
        parents=[common],
        help="export a weekly slot as an iCalendar file (needs the ical extra)",
        description=(
            "Print an iCalendar file with one recurring event for a weekly slot held at "
            "a wall-clock time in the host's zone (TZID and RRULE, with a VTIMEZONE)."
        ),
        epilog="DTSTAMP is --stamp, or the current time when it is not given.",
    )
    ical.add_argument("--host", metavar="ZONE", required=True, help="the host's IANA zone")
    ical.add_argument("--weekday", required=True, help="mon..sun")
    ical.add_argument("--start", metavar="HH:MM", required=True, help="wall-clock start")
    ical.add_argument("--duration", metavar="ISO", default="PT1H", help="length (PT1H)")
    ical.add_argument("--first", metavar="DATE", required=True, help="a date in the first week")
    ical.add_argument("--until", metavar="DATE", help="the last date an occurrence may fall on")
    ical.add_argument(
        "--count",
        type=int_between(1, _MAX_WEEKS),
        metavar="N",
        help=f"number of occurrences (at most {_MAX_WEEKS:,})",
    )
    ical.add_argument(
        "--interval",
        type=int_between(1, _MAX_WEEKS),
        default=1,
        metavar="N",
        help="every N weeks (1)",
    )
    ical.add_argument("--title", default="Office hours", help="the event's title")
    ical.add_argument("--description", help="the event's description")
    ical.add_argument("--stamp", metavar="ISO", help="the DTSTAMP (default: now)")
    ical.set_defaults(handler=_cmd_ical)
