"""The ``servicekit`` command: parses arguments, calls the public API, prints.

The command holds no domain logic of its own: each subcommand lives in a private
module (``_hours``, ``_sla``, ...) that reads its input, calls the pillar's
public API and prints the result. Problems with the user's input exit with status 2
and a one-line message naming the file and line or the field path (``--debug``, before
or after the subcommand, shows the traceback instead).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from servicekit import _time
from servicekit.exceptions import ServicekitError
from servicekit.i18n import N_, SUPPORTED_LANGUAGES, translate

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace, TextIO], int]


def _version() -> str:
    from importlib.metadata import version  # noqa: PLC0415 - only for --version

    return version("servicekit")


def _installed(distribution: str) -> str | None:
    """The installed version of ``distribution``, or ``None``."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def _cldr_version() -> str:
    """The CLDR release of the installed Babel, where Babel says it (2.17 and later)."""
    from babel import core  # noqa: PLC0415 - Babel loads only for this command

    get = getattr(core, "get_cldr_version", None)
    return "unknown" if get is None else str(get())


# The rows of `servicekit info`: the JSON key (kept for scripts) and the text label.
_INFO_LABELS = {
    "zone source": N_("zone source"),
    "zone database": N_("zone database"),
    "holidays": N_("holidays"),
    "languages": N_("languages"),
}
# "tzdata" is the package's name in every language; "system" is the OS's database.
_ZONE_SOURCES = {"tzdata": "tzdata", "system": N_("system")}
_NOT_INSTALLED = N_("not installed")
_UNKNOWN = N_("unknown")


def _cmd_info(args: argparse.Namespace, out: TextIO) -> int:
    """Print the versions and data sources a result depends on."""
    source = _time.default_zone_source()
    rows: list[tuple[str, str | None]] = [
        ("servicekit", _version()),
        ("python", sys.version.split()[0]),
        ("zone source", source),
        ("zone database", _time.tz_database_version(source)),
        ("babel", _installed("babel")),
        ("cldr", _cldr_version()),
        ("holidays", _installed("holidays")),
        ("languages", ", ".join(SUPPORTED_LANGUAGES)),
    ]
    if args.format == "json":
        import json  # noqa: PLC0415 - only for this output

        out.write(json.dumps(dict(rows), indent=2) + "\n")
        return 0

    def say(message: str) -> str:
        return translate("servicekit", message, args.locale)

    def value(key: str, text: str | None) -> str:
        if text is None:
            return say(_NOT_INSTALLED)
        if key == "zone source":
            return say(_ZONE_SOURCES[text])
        return say(_UNKNOWN) if text == "unknown" else text

    labels = [(say(_INFO_LABELS.get(key, key)), value(key, text)) for key, text in rows]
    width = max(len(label) for label, _ in labels)
    out.writelines(f"{label:<{width}}  {text}\n" for label, text in labels)
    return 0


def _one_line(message: str) -> str:
    """Join a multi-line message (e.g. a list of problems) into one line."""
    out = ""
    for line in filter(None, (part.strip() for part in message.splitlines())):
        out += (" " if out.endswith(":") else "; ") + line if out else line
    return out


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``servicekit`` command."""
    from servicekit.cli import (  # noqa: PLC0415 - keeps `import servicekit.cli` light
        _channels,
        _hours,
        _io,
        _office_hours,
        _onboarding,
        _replies,
        _report,
        _sla,
    )

    parser = argparse.ArgumentParser(
        prog="servicekit",
        description=(
            "Building blocks for customer-service workflows: business hours and SLA "
            "clocks, channel staffing and cost, office hours, onboarding journeys."
        ),
        epilog=(
            "Run 'servicekit report' to see all pillars at work on a bundled example. "
            "Input files may hold up to 256 MiB (set SERVICEKIT_MAX_INPUT, e.g. 1G, to "
            "change it)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback instead of a one-line error"
    )
    # Subcommands accept --debug too; SUPPRESS keeps them from resetting the top flag.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show a traceback instead of a one-line error",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    info = commands.add_parser(
        "info",
        parents=[common],
        help="show versions and the time-zone database in use",
        description="Show the versions and the time-zone database a result depends on.",
    )
    info.add_argument("--format", choices=("text", "json"), default="text")
    _io.add_locale_option(info, help="the language of the text output (default: en)")
    info.set_defaults(handler=_cmd_info)
    for module in (
        _report,
        _hours,
        _sla,
        _channels,
        _office_hours,
        _onboarding,
        _replies,
    ):
        module.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command; return the exit status.

    Args:
        argv: the arguments (default: ``sys.argv[1:]``).
        out: where to print results (default: standard output).

    Returns:
        0 on success, 2 for bad input (argparse uses 2 for bad arguments too).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    stream = out if out is not None else sys.stdout
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        subparser: argparse.ArgumentParser | None = getattr(args, "group_parser", None)
        (subparser or parser).print_help(stream)
        return 0
    try:
        return handler(args, stream)
    except BrokenPipeError:
        # The reader went away (``servicekit report | head``): stop quietly, and keep
        # Python from complaining again when it flushes standard output at exit.
        if out is None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports a process killed by it
    except ServicekitError as error:
        if args.debug:
            raise
        message = _one_line(str(error))
        sys.stderr.write(f"servicekit: error: {message}\n")
        return 2
