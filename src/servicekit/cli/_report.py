"""``servicekit report``: every pillar at work on one support desk (private).

With no arguments the command runs the bundled scenario. The report's "now" is the
scenario's own ``now`` field unless ``--now`` is given: the library never reads the
clock, and a fixed instant keeps the output reproducible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from servicekit._time import as_zone
from servicekit.cli import _io
from servicekit.cli._scenario import (
    BUNDLED,
    Context,
    Scenario,
    Section,
    load_scenario,
    render_blocks,
)
from servicekit.exceptions import ConfigError
from servicekit.i18n import N_, SUPPORTED_LANGUAGES, format_zone, is_supported, negotiate

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

    from servicekit.cli._common import Subcommands

__all__ = ["build_report", "register", "render"]

_AS_OF = N_("Report as of {when}, {zone}")
_SCENARIO = N_("Scenario: {source}")
_BUNDLED = N_("{name} (bundled)")


def _sections() -> Sequence[Callable[[Context], Sequence[Section]]]:
    from servicekit.cli import (  # noqa: PLC0415 - each pillar is imported when used
        _channels,
        _office_hours,
        _onboarding,
        _sla,
    )

    return (
        _channels.report_sections,
        _sla.report_sections,
        _office_hours.report_sections,
        _onboarding.report_sections,
    )


def _context(scenario: Scenario, locale: str | None, now: str | None) -> Context:
    data = scenario.data
    with scenario.at(""):
        chosen = locale or _io.require_str(data.get("locale", "en"), "locale")
    if not is_supported(chosen):
        with scenario.at("locale"):
            raise ConfigError(
                f"unsupported locale {chosen!r}; give a tag of "
                f"{', '.join(SUPPORTED_LANGUAGES)}, such as de, de-AT or en-GB",
                "",
            )
    chosen = negotiate(chosen)
    if now is not None:
        at = _io.instant(now, "--now")
    else:
        if "now" not in data:
            with scenario.at("now"):
                raise ConfigError("missing; give the scenario a 'now' instant or pass --now", "")
        with scenario.at(""):
            at = _io.instant(data["now"], "now")
    _check_calendar(scenario)
    owner = scenario.part("owner") or {}
    with scenario.at("owner"):
        zone = as_zone(_io.require_str(owner.get("timezone", "UTC"), "timezone"), "timezone")
        currency = _io.require_str(data.get("currency", "EUR"), "currency")
    return Context(scenario, chosen, at, zone, currency)


def _check_calendar(scenario: Scenario) -> None:
    """Build the scenario's ``calendar`` so a bad one (an unknown zone) is an error.

    No section shows the desk's opening hours, but ``servicekit hours --calendar``
    reads them from the same file: a report must not vouch for a scenario whose
    calendar cannot be read.
    """
    from servicekit.hours import BusinessCalendar  # noqa: PLC0415 - loaded on use

    part = scenario.part("calendar")
    if part is not None:
        with scenario.at("calendar"):
            BusinessCalendar.from_dict(part)


def build_report(scenario: Scenario, *, locale: str | None, now: str | None) -> dict[str, Any]:
    """Build every section the scenario has data for.

    Returns:
        ``{"title", "subtitle", "now", "locale", "sections": [Section, ...]}``.
    """
    ctx = _context(scenario, locale, now)
    with scenario.at(""):
        title = _io.require_str(scenario.data.get("name", scenario.source), "name")
    subtitle = ctx.t(
        _AS_OF, when=ctx.when(ctx.now), zone=format_zone(ctx.zone, locale=ctx.locale, at=ctx.now)
    )
    sections = [section for build in _sections() for section in build(ctx)]
    source = scenario.source
    if source == BUNDLED:
        # The file's name stays; "(bundled)" is said in the report's language.
        source = ctx.t(_BUNDLED, name=BUNDLED.split(" ", 1)[0])
    return {
        "title": title,
        "subtitle": subtitle,
        "source": ctx.t(_SCENARIO, source=source),
        "now": ctx.now,
        "locale": ctx.locale,
        "sections": sections,
    }


def render(report: dict[str, Any], fmt: str, out: TextIO) -> None:
    """Write the report as ``text``, ``markdown``, ``json`` or ``html``."""
    sections: list[Section] = report["sections"]
    if fmt == "html":
        from servicekit.cli._report_html import render_html  # noqa: PLC0415 - loaded on use

        render_html(report, out)
        return
    if fmt == "json":
        _io.write_json(
            {
                "title": report["title"],
                "now": report["now"],
                "locale": report["locale"],
                "sections": {s.key: {"title": s.title, **s.data} for s in sections},
            },
            out,
        )
        return
    markdown = fmt == "markdown"
    lines = [f"# {report['title']}" if markdown else report["title"]]
    if not markdown:
        lines.append("=" * len(report["title"]))
    # Markdown joins adjacent lines into one paragraph; keep the two apart there.
    lines += ["", report["subtitle"], *([""] if markdown else []), report["source"]]
    out.write("\n".join(lines) + "\n")
    for section in sections:
        head = [f"## {section.title}"] if markdown else [section.title, "-" * len(section.title)]
        out.write("\n" + "\n".join(head) + "\n\n")
        out.write(render_blocks(section.blocks, markdown=markdown))


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    scenario = load_scenario(args.scenario)
    report = build_report(scenario, locale=args.locale, now=args.now)
    render(report, args.format, out)
    return 0


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add ``servicekit report``."""
    report = commands.add_parser(
        "report",
        parents=[common],
        help="a report on a support desk: channels, staffing, SLA, office hours, onboarding",
        description=(
            "Print a report on a support desk: channel comparison and recommended mix, "
            "staffing for phone and chat, SLA status and upcoming breaches, proposed "
            "office hours in each member's local time, and the onboarding funnel with "
            "stuck customers. Without --scenario it runs the bundled example desk."
        ),
        epilog=(
            "The report's 'now' is the scenario's own 'now' field unless --now is given, "
            "so the same scenario always gives the same report."
        ),
    )
    report.add_argument(
        "--scenario",
        metavar="FILE",
        help="a scenario as JSON or TOML (default: the bundled example desk)",
    )
    report.add_argument(
        "--locale",
        type=_io.locale_tag,
        metavar="LOCALE",
        help="the language of the report (default: the scenario's 'locale', else en)",
    )
    report.add_argument(
        "--now",
        metavar="ISO",
        help="the instant to report at, e.g. 2026-11-23T10:30:00+01:00 "
        "(default: the scenario's 'now')",
    )
    report.add_argument(
        "--format",
        choices=("text", "json", "markdown", "html"),
        default="text",
        help="output format (text); html is one self-contained page, with figures "
        "when the plot extra is installed",
    )
    report.set_defaults(handler=_cmd_report)
