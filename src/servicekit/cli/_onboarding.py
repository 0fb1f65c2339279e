"""``servicekit onboarding``: journeys, funnels, diagrams and claims (private).

Journeys are read from JSON/TOML: a list under ``journeys`` whose items are either
stored snapshots (``Journey.to_dict``, recognised by their ``history``) or event logs
``{"id", "started_at", "context", "events": [{"at", "event", "data"}]}`` that are
replayed through the flow, so a refused event is reported with its path and reasons.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any, TextIO

import attrs
from babel import dates

from servicekit.cli import _io
from servicekit.cli._common import add_group
from servicekit.cli._scenario import (
    Context,
    Scenario,
    Section,
    Table,
    load_scenario,
    render_blocks,
)
from servicekit.exceptions import ConfigError
from servicekit.i18n import N_, format_duration, format_weekday, resolve_locale, translate

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Mapping, Sequence

    from servicekit.cli._common import Subcommands
    from servicekit.onboarding import Flow, Funnel, Journey

__all__ = ["BUILTIN_FLOWS", "load_flow", "register", "report_sections"]

#: The built-in flows a FLOW argument may name.
BUILTIN_FLOWS = ("investment", "downline_member", "complaint")

_TITLE = N_("Onboarding funnel")
_FLOW = N_("Flow “{flow}”: {journeys} journeys")
_STATE = N_("Step")
_ENTERED = N_("Entered")
_NOW = N_("Now")
_CONVERTED = N_("Moved on")
_DROPPED = N_("Dropped")
_CONVERSION = N_("Conversion")
_MEDIAN = N_("Median time")
_STUCK_TITLE = N_("Stuck customers (waiting longer than {limit}):")
_NO_STUCK = N_("Nobody is stuck (waiting longer than {limit}).")
_STUCK_PER_STEP = N_("Stuck customers (waiting longer than their step allows):")
_NO_STUCK_PER_STEP = N_("Nobody is waiting longer than their step allows.")
_CUSTOMER = N_("Customer")
_SINCE = N_("Since")
_WAITED = N_("Waiting")
_NEXT = N_("What to tell them")
_CLAIMS_TITLE = N_("What customers believe:")
_CLAIM = N_("Claim")
_VERDICT = N_("Verdict")
_HOLDS = N_("true")
_DOES_NOT_HOLD = N_("not true")


@attrs.frozen
class Entry:
    """A journey read from a file, with its id and the claims to check."""

    id: str
    journey: Journey
    claims: tuple[str, ...] = ()


def load_flow(name_or_path: str) -> Flow:
    """Return a built-in flow by name, or build one from a JSON/TOML definition."""
    from servicekit.onboarding import Flow  # noqa: PLC0415 - loaded on use

    if name_or_path in BUILTIN_FLOWS:
        from servicekit.onboarding import flows  # noqa: PLC0415 - loaded on use

        factory: Callable[[], Flow] = getattr(flows, name_or_path)
        return factory()
    scenario = load_scenario(name_or_path)
    with scenario.at(""):
        return Flow.from_dict(scenario.data)


def _instant(raw: Mapping[str, Any], key: str, path: str) -> datetime:
    if key not in raw:
        raise ConfigError("missing; give an ISO-8601 instant", path)
    return _io.instant(raw[key], path)


def _entry(flow: Flow, raw: object, index: int) -> Entry:
    from servicekit.onboarding import Journey  # noqa: PLC0415 - loaded on use

    item = _io.require_mapping(raw, "")
    ident = str(item.get("id", f"#{index + 1}"))
    claims = tuple(
        _io.require_str(c, f"claims[{n}]")
        for n, c in enumerate(_io.require_list(item.get("claims", []), "claims"))
    )
    if "history" in item:
        snapshot = {k: v for k, v in item.items() if k not in ("id", "claims")}
        return Entry(ident, Journey.from_dict(snapshot), claims)
    started = _instant(item, "started_at", "started_at")
    context = _io.require_mapping(item.get("context", {}), "context")
    events = []
    for number, event in enumerate(_io.require_list(item.get("events", []), "events")):
        where = f"events[{number}]"
        record = _io.require_mapping(event, where)
        data = _io.require_mapping(record.get("data", {}), f"{where}.data")
        name = _io.require_str(record.get("event"), f"{where}.event")
        events.append((_instant(record, "at", f"{where}.at"), name, dict(data)))
    result = flow.replay(events, started_at=started, context=context)
    if result.rejected is not None:
        rejected = result.rejected
        raise ConfigError(
            f"event {rejected.event!r} is not allowed in state {result.journey.state!r}: "
            + "; ".join(rejected.reasons),
            f"events[{rejected.index}]",
        )
    return Entry(ident, result.journey, claims)


def _funnel(
    flow: Flow,
    entries: Sequence[Entry],
    now: datetime,
    stuck_after: timedelta | Mapping[str, timedelta],
) -> Funnel:
    from servicekit.onboarding import funnel  # noqa: PLC0415 - loaded on use

    return funnel(flow, [e.journey for e in entries], now, stuck_after=stuck_after)


def _blocks(
    t: Callable[..., str],
    locale: str,
    flow: Flow,
    *,
    entries: Sequence[Entry],
    result: Funnel,
    stuck_after: timedelta | Mapping[str, timedelta],
    when: Callable[[datetime], str],
) -> tuple[list[str | Table], dict[str, Any]]:
    from servicekit.i18n import format_number, format_percent  # noqa: PLC0415

    def dur(value: timedelta | None) -> str:
        return "" if value is None else format_duration(value, locale=locale, threshold=1.5)

    def name(kind: str, identifier: str) -> str:
        return flow.labels.name(kind, identifier, locale)

    rows = tuple(
        (
            name("state", row.state),
            format_number(row.entered, locale=locale),
            format_number(row.current, locale=locale),
            format_number(row.converted, locale=locale),
            format_number(row.dropped, locale=locale),
            "" if row.conversion is None else format_percent(row.conversion, locale=locale),
            dur(row.median),
        )
        for row in result.rows
    )
    headers = (_STATE, _ENTERED, _NOW, _CONVERTED, _DROPPED, _CONVERSION, _MEDIAN)
    table = Table(tuple(t(h) for h in headers), rows, frozenset(range(1, 7)))
    per_step = not isinstance(stuck_after, timedelta)
    limit = "" if per_step else dur(stuck_after)  # type: ignore[arg-type]
    blocks: list[str | Table] = [
        t(_FLOW, flow=name("flow", flow.name), journeys=len(entries)),
        table,
    ]
    stuck_data = []
    if result.stuck:
        blocks.append(t(_STUCK_PER_STEP) if per_step else t(_STUCK_TITLE, limit=limit))
        stuck_rows = []
        for stuck in result.stuck:
            entry = entries[stuck.index]
            advice = flow.guidance(entry.journey, locale) or ""
            stuck_rows.append(
                (
                    entry.id,
                    name("state", stuck.state),
                    when(stuck.since),
                    dur(stuck.waited),
                    advice,
                )
            )
            stuck_data.append(
                {
                    "id": entry.id,
                    "state": stuck.state,
                    "since": stuck.since,
                    "waited": stuck.waited,
                    "guidance": advice,
                }
            )
        blocks.append(
            Table(
                tuple(t(h) for h in (_CUSTOMER, _STATE, _SINCE, _WAITED, _NEXT)), tuple(stuck_rows)
            )
        )
    else:
        blocks.append(t(_NO_STUCK_PER_STEP) if per_step else t(_NO_STUCK, limit=limit))
    claims = []
    for entry in entries:
        for claim in entry.claims:
            with _io.in_source(f"journey {entry.id}"):
                verdict = flow.check_claim(entry.journey, claim, locale)
            claims.append((entry, verdict))
    if claims:
        blocks.append(t(_CLAIMS_TITLE))
        blocks.append(
            Table(
                tuple(t(h) for h in (_CUSTOMER, _CLAIM, _VERDICT)),
                tuple(
                    (
                        e.id,
                        name("claim", v.claim),
                        f"{t(_HOLDS if v.supported else _DOES_NOT_HOLD)}: {v.explanation}",
                    )
                    for e, v in claims
                ),
            )
        )
    data = {
        "flow": flow.name,
        "rows": result.to_rows(),
        "stuck": stuck_data,
        "claims": [
            {
                "id": e.id,
                "claim": v.claim,
                "supported": v.supported,
                "explanation": v.explanation,
            }
            for e, v in claims
        ],
    }
    return blocks, data


def report_sections(ctx: Context) -> list[Section]:
    """The report's onboarding-funnel section, one block per flow used by the journeys."""
    scenario = ctx.scenario
    part = scenario.part("onboarding")
    if part is None:
        return []
    raw_limits = part.get("stuck_after", "P7D")
    records = scenario.items(part, "journeys", "onboarding")
    by_flow: dict[str, list[tuple[int, Any]]] = {}
    for index, raw in enumerate(records):
        with scenario.at(f"onboarding.journeys[{index}]"):
            name = _io.require_str(_io.require_mapping(raw, "").get("flow"), "flow")
            if name not in BUILTIN_FLOWS:
                raise ConfigError(
                    f"unknown flow {name!r}; expected one of {', '.join(BUILTIN_FLOWS)}", "flow"
                )
        by_flow.setdefault(name, []).append((index, raw))
    blocks: list[str | Table] = []
    data = []
    for name, items in by_flow.items():
        flow = load_flow(name)
        entries = []
        for index, raw in items:
            with scenario.at(f"onboarding.journeys[{index}]"):
                entries.append(_entry(flow, raw, index))
        with scenario.at("onboarding"):
            stuck_after = _limits(raw_limits, name)
            result = _funnel(flow, entries, ctx.now, stuck_after)
        more, item = _blocks(
            ctx.t,
            ctx.locale,
            flow,
            entries=entries,
            result=result,
            stuck_after=stuck_after,
            when=ctx.when,
        )
        blocks += more
        data.append(item)
    return [Section("onboarding", ctx.t(_TITLE), tuple(blocks), {"flows": data})]


def _limits(raw: object, flow: str) -> timedelta | dict[str, timedelta]:
    """Read ``stuck_after``: one duration, or per flow one duration or one per state."""
    if not isinstance(raw, dict):
        return _io.duration(raw, "stuck_after")
    if flow not in raw:
        return _io.duration("P7D", "stuck_after")
    value = raw[flow]
    path = f"stuck_after.{flow}"
    if not isinstance(value, dict):
        return _io.duration(value, path)
    return {state: _io.duration(text, f"{path}.{state}") for state, text in value.items()}


# ------------------------------------------------------------------ subcommands


def _journeys_from(path: str, flow: Flow) -> list[Entry]:
    """Read the journeys of ``flow`` (others are skipped) from a journeys or scenario file."""
    return _journeys_in(load_scenario(path), flow)


def _journeys_in(scenario: Scenario, flow: Flow) -> list[Entry]:
    """The journeys of ``flow`` in a loaded journeys or scenario file."""
    data: Mapping[str, Any] = scenario.data
    field = ""
    if "journeys" not in data and "onboarding" in data:
        data = scenario.part("onboarding") or {}
        field = "onboarding"
    if "journeys" not in data:
        with scenario.at(field):
            raise ConfigError(
                "missing; give a list of journeys (or a scenario with 'onboarding.journeys')",
                "journeys",
            )
    entries = []
    for index, raw in enumerate(scenario.items(data, "journeys", field)):
        where = _io.join_path(field, f"journeys[{index}]")
        with scenario.at(where):
            item = dict(_io.require_mapping(raw, ""))
        if item.get("flow", flow.name) != flow.name:
            continue
        with scenario.at(where):
            entries.append(_entry(flow, item, index))
    return entries


def _translator(locale: str) -> Callable[..., str]:
    def t(message: str, **params: Any) -> str:  # noqa: ANN401
        return translate("servicekit", message, locale, **params)

    return t


def _cmd_diagram(args: argparse.Namespace, out: TextIO) -> int:
    flow = load_flow(args.flow)
    if args.format in {"scxml", "xstate"}:
        if args.journeys is not None:
            raise ConfigError(
                "funnel counts annotate Mermaid and DOT diagrams only; drop --journeys",
                "--journeys",
            )
        if args.format == "scxml":
            out.write(flow.to_scxml())
        else:
            out.write(json.dumps(flow.to_xstate(), indent=2, ensure_ascii=False) + "\n")
        return 0
    annotated = None
    if args.journeys is not None:
        entries = _journeys_from(args.journeys, flow)
        now = _io.instant(args.now, "--now") if args.now else _latest(entries)
        annotated = _funnel(flow, entries, now, timedelta(days=7))
    text = flow.to_dot(annotated) if args.format == "dot" else flow.to_mermaid(annotated)
    out.write(text if text.endswith("\n") else text + "\n")
    return 0


def _latest(entries: Sequence[Entry]) -> datetime:
    if not entries:
        raise ConfigError("no journeys of this flow; give --now", "--now")
    return max(
        (e.journey.history[-1].at if e.journey.history else e.journey.started_at) for e in entries
    )


def _zone(given: str | None, owner: object, now: datetime) -> tzinfo:
    """The desk's zone for the "Since" column.

    ``--zone``, else the scenario's ``owner.timezone`` (when the journeys come from a
    scenario), else the UTC offset of ``--now``.
    """
    from servicekit._time import as_zone  # noqa: PLC0415 - loaded on use

    if given is not None:
        return as_zone(given, "--zone")
    if isinstance(owner, dict) and isinstance(owner.get("timezone"), str):
        return as_zone(owner["timezone"], "owner.timezone")
    return now.tzinfo or timezone.utc  # --now is aware: the offset it was given


def _cmd_funnel(args: argparse.Namespace, out: TextIO) -> int:
    flow = load_flow(args.flow)
    scenario = load_scenario(args.journeys)
    entries = _journeys_in(scenario, flow)
    owner = scenario.data.get("owner")
    now = _io.instant(args.now, "--now")
    stuck_after = _io.duration(args.stuck_after, "--stuck-after")
    result = _funnel(flow, entries, now, stuck_after)
    if args.format in ("csv", "json"):
        _io.write_rows(result.to_rows(), args.format, out)
        return 0

    zone = _zone(args.zone, owner, now)

    def when(value: datetime) -> str:
        local = value.astimezone(zone)
        day = format_weekday(local.weekday(), locale=args.locale, width="abbreviated")
        shown = dates.format_datetime(
            local, "short", tzinfo=zone, locale=resolve_locale(args.locale)
        )
        return f"{day} {shown}"

    blocks, _ = _blocks(
        _translator(args.locale),
        args.locale,
        flow,
        entries=entries,
        result=result,
        stuck_after=stuck_after,
        when=when,
    )
    out.write(render_blocks(blocks))
    return 0


def _cmd_check_claim(args: argparse.Namespace, out: TextIO) -> int:
    flow = load_flow(args.flow)
    claims = [claim.name for claim in flow.claims]
    if args.claim not in claims:
        name = args.claim if len(args.claim) <= 40 else args.claim[:39] + "…"
        raise ConfigError(
            f"unknown claim {name!r}; flow {flow.name!r} knows {', '.join(claims) or 'none'}",
            "CLAIM",
        )
    entries = {e.id: e for e in _journeys_from(args.journeys, flow)}
    chosen = [entries[args.id]] if args.id in entries else []
    if args.id is not None and not chosen:
        known = ", ".join(sorted(entries)) or "none"
        raise ConfigError(f"no journey {args.id!r} of flow {flow.name!r}; known: {known}", "--id")
    supported = True
    t = _translator(args.locale)
    for entry in chosen or list(entries.values()):
        with _io.in_source(f"journey {entry.id}"):
            verdict = flow.check_claim(entry.journey, args.claim, args.locale)
        supported = supported and verdict.supported
        mark = t(_HOLDS if verdict.supported else _DOES_NOT_HOLD)
        out.write(f"{entry.id}: {mark}: {verdict.explanation}\n")
    return 0 if supported or not args.exit_status else 1


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add ``servicekit onboarding diagram|funnel|check-claim``."""
    _, actions = add_group(
        commands,
        "onboarding",
        common,
        help_text="customer journeys: diagram, funnel, check-claim",
        description="Customer journeys as state machines: diagrams, funnels and claims.",
    )
    flow_help = (
        f"a built-in flow ({', '.join(BUILTIN_FLOWS)}) or a JSON/TOML flow definition "
        "(the Flow.from_dict shape)"
    )
    journeys_help = (
        "a JSON/TOML file with a 'journeys' list (event logs or stored Journey.to_dict "
        "snapshots); a scenario file's 'onboarding' works too"
    )

    diagram = actions.add_parser(
        "diagram",
        parents=[common],
        help="draw a flow as a Mermaid or Graphviz DOT diagram, or export it",
        description="Print a flow as a Mermaid state diagram or a DOT digraph, optionally "
        "annotated with funnel counts from a journeys file; or export it as an SCXML "
        "document or an XState v5 machine (JSON).",
    )
    diagram.add_argument("flow", metavar="FLOW", help=flow_help)
    diagram.add_argument(
        "--format", choices=("mermaid", "dot", "scxml", "xstate"), default="mermaid"
    )
    diagram.add_argument("--journeys", metavar="FILE", help=journeys_help)
    diagram.add_argument(
        "--now", metavar="ISO", help="when to count at (default: the latest event)"
    )
    diagram.set_defaults(handler=_cmd_diagram)

    funnel = actions.add_parser(
        "funnel",
        parents=[common],
        help="where journeys are, how many move on, who is stuck",
        description="Print the funnel of a flow over a set of journeys at --now: per step "
        "the entries, conversions, drop-off and median time, and the stuck customers.",
    )
    funnel.add_argument("flow", metavar="FLOW", help=flow_help)
    funnel.add_argument("journeys", metavar="JOURNEYS", help=journeys_help)
    funnel.add_argument("--now", metavar="ISO", required=True, help="the instant to measure at")
    funnel.add_argument(
        "--stuck-after", metavar="ISO", default="P7D", help="a wait that counts as stuck (P7D)"
    )
    _io.add_locale_option(funnel)
    funnel.add_argument(
        "--zone",
        metavar="ZONE",
        help="the desk's time zone for dates, e.g. Europe/Berlin (default: the offset of --now)",
    )
    funnel.add_argument("--format", choices=("text", "csv", "json"), default="text")
    funnel.set_defaults(handler=_cmd_funnel)

    check = actions.add_parser(
        "check-claim",
        parents=[common],
        help="check what a customer believes against their journey",
        description="Check a claim such as owns_shares or is_verified against journeys "
        "and print, per journey, whether it holds and a localized explanation.",
    )
    check.add_argument("flow", metavar="FLOW", help=flow_help)
    check.add_argument("journeys", metavar="JOURNEYS", help=journeys_help)
    check.add_argument("claim", metavar="CLAIM", help="the claim, e.g. owns_shares")
    check.add_argument("--id", help="only the journey with this id")
    _io.add_locale_option(check)
    check.add_argument(
        "--exit-status", action="store_true", help="exit with status 1 when a claim does not hold"
    )
    check.set_defaults(handler=_cmd_check_claim)
