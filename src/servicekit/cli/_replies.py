"""``servicekit replies``: check a reply's wording, triage an incoming message (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from servicekit.cli import _io
from servicekit.cli._common import add_group
from servicekit.i18n import N_, display_name, translate

if TYPE_CHECKING:
    import argparse
    from datetime import datetime

    from servicekit.cli._common import Subcommands
    from servicekit.hours import BusinessCalendar

__all__ = ["register"]

_FINDING = N_("{rule} ({severity})")
_TONE = N_("tone: {tone} (score {score})")
_HANDLING = N_("handling: {handling}")
_HANDLING_WAIT = N_("handling: {handling} {wait}")
_ESCALATE = N_("{handling}, escalate to a lead")
_WINDOW = N_("reply between {earliest} and {latest}")
_EVIDENCE = N_("evidence: {kind} “{matched}” (+{points})")


def _position(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _excerpt(text: str, limit: int = 40) -> str:
    """The words found, on one line and shortened to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _calendar(args: argparse.Namespace) -> BusinessCalendar | None:
    if args.calendar is None:
        return None
    from servicekit.cli._hours import read_calendar  # noqa: PLC0415 - loaded on use

    return read_calendar(args.calendar)


def _cmd_review(args: argparse.Namespace, out: TextIO) -> int:
    from servicekit.replies import review  # noqa: PLC0415 - loaded on use

    text = _io.read_text(args.reply)
    source = "<stdin>" if args.reply == "-" else args.reply
    question = None if args.question is None else _io.read_text(args.question)
    findings = review(
        text,
        locale=args.locale,
        calendar=_calendar(args),
        now=None if args.now is None else _io.instant(args.now, "--now"),
        jargon=args.jargon or (),
        question=question,
        language=args.language,
    )
    if args.format == "json":
        rows: list[dict[str, Any]] = []
        for finding in findings:
            line, column = _position(text, finding.span[0])
            rows.append({**finding.to_dict(), "line": line, "column": column})
        _io.write_json(rows, out)
    else:
        for finding in findings:
            line, column = _position(text, finding.span[0])
            # Quoted as the output language quotes („…“, «…»), like the text after it.
            quoted = translate(
                "replies", "“{matched}”", args.locale, matched=_excerpt(finding.matched)
            )
            rule = translate(
                "servicekit",
                _FINDING,
                args.locale,
                rule=display_name("rule", finding.rule, args.locale),
                severity=display_name("severity", finding.severity, args.locale),
            )
            out.write(
                f"{source}:{line}:{column}: {rule}: {quoted} — {finding.why} {finding.suggestion}\n"
            )
    return 1 if findings and args.exit_status else 0


def _cmd_triage(args: argparse.Namespace, out: TextIO) -> int:
    from servicekit.replies import triage  # noqa: PLC0415 - loaded on use

    text = _io.read_text(args.message)
    result = triage(
        text,
        locale=args.locale,
        received_at=None
        if args.received_at is None
        else _io.instant(args.received_at, "--received-at"),
        within=_io.duration(args.within, "--within"),
        calendar=_calendar(args),
        language=args.language,
    )
    if args.format == "json":
        _io.write_json(
            {
                "tone": result.tone,
                "language": result.language,
                "score": result.score,
                "handling": result.handling,
                "cooldown": result.cooldown,
                "escalate": result.escalate,
                "advice": result.advice,
                "earliest": result.earliest,
                "latest": result.latest,
                "evidence": [
                    {"kind": e.kind, "matched": e.matched, "points": e.points}
                    for e in result.evidence
                ],
            },
            out,
        )
        return 0
    out.write("\n".join([*_triage_lines(result, args.locale), result.advice]) + "\n")
    return 0


def _triage_lines(result: Any, locale: str) -> list[str]:  # noqa: ANN401 - a Triage
    """The triage in words of ``locale``: tone, handling, reply window, evidence."""
    from servicekit.i18n import format_duration, format_number  # noqa: PLC0415

    def t(message: str, **params: Any) -> str:  # noqa: ANN401
        return translate("servicekit", message, locale, **params)

    def number(value: float) -> str:
        return format_number(value, locale=locale)

    handling = display_name("handling", result.handling, locale)
    if result.cooldown:
        wait = format_duration(result.cooldown, locale=locale)
        handling_line = t(_HANDLING_WAIT, handling=handling, wait=wait)
    else:
        handling_line = t(_HANDLING, handling=handling)
    lines = [
        t(_TONE, tone=display_name("tone", result.tone, locale), score=number(result.score)),
        t(_ESCALATE, handling=handling_line) if result.escalate else handling_line,
    ]
    if result.earliest is not None and result.latest is not None:
        lines.append(
            t(_WINDOW, earliest=_when(result.earliest, locale), latest=_when(result.latest, locale))
        )
    lines += [
        t(
            _EVIDENCE,
            kind=display_name("evidence", e.kind, locale),
            matched=e.matched,
            points=number(e.points),
        )
        for e in result.evidence
    ]
    return lines


def _when(value: datetime, locale: str) -> str:
    """An instant as the locale writes a short date and time, in its own UTC offset."""
    from babel import dates  # noqa: PLC0415 - loaded on use

    from servicekit.i18n import resolve_locale  # noqa: PLC0415

    shown = dates.format_datetime(
        value, "short", tzinfo=value.tzinfo, locale=resolve_locale(locale)
    )
    return str(shown)


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add ``servicekit replies review|triage``."""
    _, actions = add_group(
        commands,
        "replies",
        common,
        help_text="the tone of replies and incoming messages: review, triage",
        description="Check a reply's wording before it is sent; triage an incoming message.",
    )
    review = actions.add_parser(
        "review",
        parents=[common],
        help="findings on an outgoing reply (shouting, blame, curtness, jargon, ...)",
        description="Print one line per finding: file:line:column, the rule and its "
        "severity, the words found, why they may be read badly, and a suggestion.",
    )
    review.add_argument("reply", metavar="FILE", help="the reply as UTF-8 text, or '-'")
    _io.add_locale_option(review)
    review.add_argument(
        "--language",
        type=_io.locale_tag,
        metavar="LANG",
        help="the reply's language (default: detected with the language extra, else --locale's)",
    )
    review.add_argument("--question", metavar="FILE", help="the customer's message it answers")
    review.add_argument("--jargon", action="append", metavar="WORD", help="a word to avoid")
    review.add_argument(
        "--calendar", metavar="FILE", help="staffed hours, to check promises like 'today'"
    )
    review.add_argument("--now", metavar="ISO", help="when the reply is sent (with --calendar)")
    review.add_argument("--format", choices=("text", "json"), default="text")
    review.add_argument(
        "--exit-status", action="store_true", help="exit with status 1 when there are findings"
    )
    review.set_defaults(handler=_cmd_review)

    triage = actions.add_parser(
        "triage",
        parents=[common],
        help="the tone of an incoming message and how to handle it",
        description="Print the tone (calm, frustrated, angry, abusive), the evidence, "
        "and the recommended handling: reply normally, or a cool-down that still keeps "
        "the reply promise (with --received-at, the reply window).",
    )
    triage.add_argument("message", metavar="FILE", help="the message as UTF-8 text, or '-'")
    _io.add_locale_option(triage)
    triage.add_argument(
        "--language",
        type=_io.locale_tag,
        metavar="LANG",
        help="the message's language (default: detected with the language extra, else --locale's)",
    )
    triage.add_argument("--received-at", metavar="ISO", help="when the message arrived")
    triage.add_argument("--within", metavar="ISO", default="PT24H", help="reply promise (PT24H)")
    triage.add_argument("--calendar", metavar="FILE", help="staffed hours for the reply window")
    triage.add_argument("--format", choices=("text", "json"), default="text")
    triage.set_defaults(handler=_cmd_triage)
