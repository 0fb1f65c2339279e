"""``servicekit hours``: business-hours arithmetic on a calendar (private)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

from servicekit._time import format_duration
from servicekit.cli import _io
from servicekit.cli._common import Subcommands, add_group
from servicekit.exceptions import NoBusinessTimeError
from servicekit.i18n import N_, format_instant, format_weekday, translate

if TYPE_CHECKING:
    from datetime import datetime

    from servicekit.hours import BusinessCalendar

__all__ = ["calendar_parent", "load_calendar", "read_calendar", "register"]


def calendar_parent() -> argparse.ArgumentParser:
    """Return the parent parser with ``--calendar FILE`` / ``--calendar-json JSON``."""
    parent = argparse.ArgumentParser(add_help=False)
    source = parent.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--calendar",
        metavar="FILE",
        help="the calendar as a JSON or TOML file (the BusinessCalendar.from_dict shape, "
        "or a scenario file with a 'calendar' key)",
    )
    source.add_argument(
        "--calendar-json",
        metavar="JSON",
        help='the calendar inline, e.g. \'{"timezone": "Europe/Berlin", '
        '"hours": {"mon-fri": ["09:00-17:00"]}}\'',
    )
    return parent


def load_calendar(args: argparse.Namespace) -> BusinessCalendar:
    """Build the calendar named by ``--calendar`` or ``--calendar-json``."""
    return read_calendar(args.calendar, args.calendar_json)


def read_calendar(path: str | None, inline: str | None = None) -> BusinessCalendar:
    """Build a calendar from a JSON/TOML file (or a scenario's ``calendar``) or inline JSON.

    Raises:
        ConfigError: unreadable file, bad syntax (``file:line``) or a bad field
            (``file: path``).
    """
    from servicekit.hours import BusinessCalendar  # noqa: PLC0415 - loaded on use

    if inline is not None:
        source = "--calendar-json"
        data = _io.parse_json(inline, source)
    else:
        source = str(path)
        data = _io.load_document(source)
    with _io.in_source(source):
        mapping = _io.require_mapping(data, "")
    field = ""
    if "timezone" not in mapping and "calendar" in mapping:
        field = "calendar"
        with _io.in_source(source):
            mapping = _io.require_mapping(mapping["calendar"], field)
    with _io.in_source(source, field):
        return BusinessCalendar.from_dict(mapping)


def _emit(args: argparse.Namespace, out: TextIO, text: str, data: dict[str, Any]) -> None:
    if args.format == "json":
        _io.write_json(data, out)
    else:
        out.write(text + "\n")


def _cmd_add(args: argparse.Namespace, out: TextIO) -> int:
    calendar = load_calendar(args)
    start = _io.instant(args.start, "start")
    amount = _io.duration(args.duration, "duration")
    result = calendar.add(start, amount)
    _emit(
        args,
        out,
        result.isoformat(),
        {"start": start, "duration": amount, "result": result},
    )
    return 0


def _cmd_elapsed(args: argparse.Namespace, out: TextIO) -> int:
    calendar = load_calendar(args)
    start = _io.instant(args.start, "start")
    end = _io.instant(args.end, "end")
    elapsed = calendar.elapsed(start, end)
    _emit(
        args,
        out,
        format_duration(elapsed),
        {
            "start": start,
            "end": end,
            "elapsed": elapsed,
            "seconds": elapsed.total_seconds(),
        },
    )
    return 0


def _cmd_open(args: argparse.Namespace, out: TextIO) -> int:
    calendar = load_calendar(args)
    at = _io.instant(args.at, "at")
    is_open = calendar.is_open(at)
    if is_open:
        try:
            change = calendar.next_close(at)
        except NoBusinessTimeError:
            # Open without a break for the whole search horizon (a 24/7 calendar).
            change = None
    else:
        change = calendar.next_open(at)
    if args.locale is not None:
        text = _open_words(is_open, change, calendar, args.locale)
    else:
        state = "open" if is_open else "closed"
        text = f"{state} until {change.isoformat()}" if change is not None else f"{state} (24/7)"
    _emit(
        args,
        out,
        text,
        {
            "at": at.astimezone(calendar.zone),
            "open": is_open,
            "next_close" if is_open else "next_open": change,
        },
    )
    return 1 if args.exit_status and not is_open else 0


_OPEN_UNTIL = N_("open until {when}")
_CLOSED_UNTIL = N_("closed until {when}")
_OPEN_ALWAYS = N_("open (24/7)")


def _open_words(
    is_open: bool,
    change: datetime | None,
    calendar: BusinessCalendar,
    locale: str,
) -> str:
    """Say whether the calendar is open, and until when, in ``locale`` and its zone.

    A calendar is never closed without a next opening (``next_open`` raises instead).
    """
    if change is None:
        return translate("servicekit", _OPEN_ALWAYS, locale)
    day = format_weekday(
        change.astimezone(calendar.zone).weekday(), locale=locale, width="abbreviated"
    )
    when = f"{day} {format_instant(change, locale=locale, zone=calendar.zone, style='short')}"
    return translate("servicekit", _OPEN_UNTIL if is_open else _CLOSED_UNTIL, locale, when=when)


_EXAMPLE = (
    "Instants are ISO-8601 with an offset (2026-03-06T16:00:00+01:00 or ...Z); "
    "durations are ISO-8601 (PT4H, P2DT30M). Results are shown in the calendar's zone."
)


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add ``servicekit hours add|elapsed|open``."""
    _, actions = add_group(
        commands,
        "hours",
        common,
        help_text="business-hours arithmetic: add, elapsed, open",
        description="Business-hours arithmetic on a calendar given as a file or inline JSON.",
    )
    parent = calendar_parent()
    fmt = argparse.ArgumentParser(add_help=False)
    fmt.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (text)"
    )
    parents = [common, parent, fmt]

    add = actions.add_parser(
        "add",
        parents=parents,
        help="the instant when a duration of business time has passed",
        description=(
            "Print the earliest instant at which DURATION of open time has passed since "
            "START. A negative duration subtracts (write it after '--': -- START -PT4H)."
        ),
        epilog=_EXAMPLE,
    )
    add.add_argument("start", metavar="START", help="ISO-8601 instant with an offset")
    add.add_argument("duration", metavar="DURATION", help="ISO-8601 duration, e.g. PT4H")
    add.set_defaults(handler=_cmd_add)

    elapsed = actions.add_parser(
        "elapsed",
        parents=parents,
        help="the business time between two instants",
        description="Print the open time in [START, END) as an ISO-8601 duration "
        "(negative when END is before START).",
        epilog=_EXAMPLE,
    )
    elapsed.add_argument("start", metavar="START", help="ISO-8601 instant with an offset")
    elapsed.add_argument("end", metavar="END", help="ISO-8601 instant with an offset")
    elapsed.set_defaults(handler=_cmd_elapsed)

    is_open = actions.add_parser(
        "open",
        parents=parents,
        help="whether the calendar is open at an instant, and until when",
        description="Print 'open until <next close>' or 'closed until <next opening>'.",
        epilog=_EXAMPLE,
    )
    is_open.add_argument("at", metavar="AT", help="ISO-8601 instant with an offset")
    is_open.add_argument(
        "--locale",
        type=_io.locale_tag,
        metavar="LOCALE",
        help="say it in this language, with the date and time as the locale writes them "
        "(default: English with an ISO-8601 instant, for scripts)",
    )
    is_open.add_argument(
        "--exit-status",
        action="store_true",
        help="exit with status 1 when closed (for shell scripts)",
    )
    is_open.set_defaults(handler=_cmd_open)
