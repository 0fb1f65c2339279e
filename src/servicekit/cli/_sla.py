"""``servicekit sla evaluate``: SLA clocks for a batch of tickets (private).

Events come as JSON lines or CSV, one event per record with a ``ticket`` column; the
records of one ticket may be spread over the file (they are grouped by ticket, in
file order). Every bad record is reported as ``file:line: field: problem``.

Parquet files are streamed instead: record batches are read one at a time and
evaluated with :func:`servicekit.sla.evaluate_table`, so memory is bounded by a batch,
not by the file. That needs the rows of one ticket next to one another (a file
sorted or grouped by ticket, as exports and ``ORDER BY ticket`` give); the last
ticket of a batch is carried over to the next one, and a ticket met again after
another one is an error naming it.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import re
import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TextIO

from servicekit._time import UTC
from servicekit.cli import _io
from servicekit.cli._common import add_group
from servicekit.cli._scenario import Context, Scenario, Section, Table, load_scenario
from servicekit.exceptions import ConfigError, ServicekitError
from servicekit.i18n import N_, display_name
from servicekit.i18n import format_duration as say_duration
from servicekit.sla._batch import ROW_COLUMNS

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence

    from servicekit.cli._common import Subcommands
    from servicekit.sla import BatchReport, Policy, PolicySet, SLAReport, TicketEvent

__all__ = [
    "ENGINES",
    "PROGRESS_EVERY",
    "RECONCILE_COLUMNS",
    "ROW_COLUMNS",
    "SUMMARY_COLUMNS",
    "evaluate_batch",
    "evaluate_rows",
    "load_policy",
    "read_events",
    "register",
    "report_sections",
    "run_engine",
]

#: Progress is shown on standard error every this many tickets.
PROGRESS_EVERY = 1000

_STATUS_TITLE = N_("SLA status")
_BREACHES_TITLE = N_("Upcoming breaches")
_TICKET = N_("Ticket")
_PRIORITY = N_("Priority")
_METRIC = N_("Metric")
_STATUS = N_("Status")
_DEADLINE = N_("Deadline")
_LEFT = N_("Time left")
_NO_BREACHES = N_("No running clock is close to its deadline.")
_SUMMARY = N_("{tickets} tickets: {breached} breached, {at_risk} at risk, {on_track} on track.")
_BREACHED_SINCE = N_("breached {ago} ago")
_LABELS = {
    "first_reply": N_("first reply"),
    "next_reply": N_("next reply"),
    "periodic_update": N_("periodic update"),
    "requester_wait": N_("requester wait"),
    "agent_work": N_("agent work"),
    "resolution": N_("resolution"),
    "not_started": N_("not started"),
    "on_track": N_("on track"),
    "at_risk": N_("at risk"),
    "paused": N_("paused"),
    "breached": N_("breached"),
    "met": N_("met"),
    "missed": N_("missed"),
}


def _label(ctx: Context, name: str, kind: str = "clock_status") -> str:
    message = _LABELS.get(name)
    return ctx.t(message) if message is not None else display_name(kind, name, ctx.locale)


def load_policy(path: str) -> Policy | PolicySet:
    """Read a policy file: a policy or a policy set, or a scenario's ``sla.policy``.

    A document with ``policies`` or ``fallback`` (and no ``targets``) is read with
    ``PolicySet.from_dict``, any other with ``Policy.from_dict``.
    """
    scenario = load_scenario(path)
    data: Mapping[str, Any] = scenario.data
    field = ""
    if (
        "targets" not in data
        and "policies" not in data
        and "fallback" not in data
        and "sla" in data
    ):
        sla = scenario.part("sla") or {}
        with scenario.at("sla"):
            data = _io.require_mapping(sla.get("policy"), "policy")
        field = "sla.policy"
    with scenario.at(field):
        return policy_from_dict(data)


def policy_from_dict(data: Mapping[str, Any]) -> Policy | PolicySet:
    """A policy set if ``data`` has ``policies`` or ``fallback`` and no ``targets``."""
    from servicekit.sla import Policy, PolicySet  # noqa: PLC0415 - loaded on use

    if "targets" not in data and ("policies" in data or "fallback" in data):
        return PolicySet.from_dict(data)
    return Policy.from_dict(data)


def _event(record: object, make: Callable[..., TicketEvent]) -> tuple[str | int, TicketEvent]:
    """One record: its ticket id and the event (``make`` is ``TicketEvent.from_dict``)."""
    mapping = dict(_io.require_mapping(record, ""))
    if "ticket" not in mapping:
        raise ConfigError("missing; give the ticket id of each event", "ticket")
    ticket = mapping.pop("ticket")
    if not isinstance(ticket, str | int) or isinstance(ticket, bool):
        raise ConfigError(f"expected a ticket id, got {ticket!r}", "ticket")
    tags = mapping.get("tags")
    if isinstance(tags, str):  # a CSV cell: tags separated by ';'
        mapping["tags"] = [tag.strip() for tag in tags.split(";") if tag.strip()]
    event = make(mapping)
    _io.check_instant(event.at, "at")
    return ticket, event


def _short(ticket: str) -> str:
    return repr(ticket if len(ticket) <= 40 else ticket[:39] + "…")


def read_events(path: str, fmt: str) -> dict[str, list[TicketEvent]]:
    """Read events from JSON lines or CSV and group them by ticket, in file order.

    Records are read one at a time (the input limit of :func:`_io.iter_lines`
    applies). Ticket ids are text: a JSON number id is read as its digits (``1`` is
    ticket ``"1"``, as in a CSV file), but one file may not give the same id both as
    a number and as a string, which would merge two tickets an export kept apart.

    Raises:
        ConfigError: a bad record, reported as ``file:line: field: problem``.
    """
    from servicekit.sla import TicketEvent  # noqa: PLC0415 - loaded on use

    source = "<stdin>" if path == "-" else path
    if fmt == "auto":
        fmt = "csv" if path.lower().endswith(".csv") else "jsonl"
    lines = _io.iter_lines(path)
    records: Iterable[tuple[int, Any]] = (
        _io.iter_csv(lines, source) if fmt == "csv" else _io.iter_json_lines(lines, source)
    )
    tickets: dict[str, list[TicketEvent]] = {}
    kinds: dict[str, tuple[bool, int]] = {}  # id -> (given as a number, first line)
    make = TicketEvent.from_dict
    for line, record in records:
        try:
            raw, event = _event(record, make)
        except (ServicekitError, TypeError) as error:
            with _io.in_source(f"{source}:{line}"):
                raise error from None
        ticket = str(raw)
        number, first = kinds.setdefault(ticket, (isinstance(raw, int), line))
        if number != isinstance(raw, int):
            given, other = ("a number", "a string") if number else ("a string", "a number")
            raise ConfigError(
                f"ticket {_short(ticket)} is given as {given} on line {first} and as "
                f"{other} here; write each id the same way (ids are compared as text)",
                f"{source}:{line}: ticket",
            )
        tickets.setdefault(ticket, []).append(event)
    return tickets


def _with_progress(
    tickets: Mapping[str, Sequence[TicketEvent]], show: bool
) -> Iterator[tuple[str, Sequence[TicketEvent]]]:
    """Yield the tickets, writing progress to standard error as they are taken."""
    total = len(tickets)
    for done, item in enumerate(tickets.items(), start=1):
        yield item
        if show and (done % PROGRESS_EVERY == 0 or done == total):
            sys.stderr.write(f"servicekit: evaluated {done:,} of {total:,} tickets\n")


def evaluate_rows(reports: Iterable[tuple[str, SLAReport]]) -> list[dict[str, Any]]:
    """One plain row per ticket and targeted metric (what ``pandas.DataFrame`` takes)."""
    rows = []
    for ticket, report in reports:
        for metric in report.metrics:
            current = metric.current
            last = metric.cycles[-1] if metric.cycles else None
            rows.append(
                {
                    "ticket": ticket,
                    "priority": report.priority,
                    "ticket_status": report.status,
                    "metric": metric.metric,
                    "status": metric.status,
                    "within": None if metric.target is None else metric.target.within,
                    "elapsed": None if last is None else last.elapsed,
                    "deadline": None if current is None else current.deadline,
                    "cycles": len(metric.cycles),
                    "problems": len(report.problems),
                }
            )
    return rows


#: The columns of ``sla evaluate --summary`` (``SummaryRow.to_dict``).
SUMMARY_COLUMNS = (
    "metric",
    "priority",
    "cycles",
    "met",
    "missed",
    "breached",
    "running",
    "attainment",
    "median_s",
    "p90_s",
)


#: The columns of ``sla evaluate --governing``, in order.
GOVERNING_COLUMNS = ("ticket", "policy", "start", "end", "reason", "condition", "fallback")


def governing_rows(batch: BatchReport) -> list[dict[str, Any]]:
    """One row per ticket and span of a policy set's governing policy, and why (UTC)."""
    return [
        {
            "ticket": ticket,
            "policy": span.policy,
            "start": span.start.astimezone(UTC),
            "end": None if span.end is None else span.end.astimezone(UTC),
            "reason": span.reason,
            "condition": None if span.condition is None else span.condition.to_dict(),
            "fallback": span.fallback,
        }
        for ticket, report in batch.reports.items()
        for span in report.governing
    ]


def _failing(
    policy: Policy | PolicySet, tickets: Sequence[tuple[str, Sequence[TicketEvent]]], now: datetime
) -> dict[str, str]:
    """Find the tickets that make ``evaluate_many`` raise, by halving the batch.

    Each bad ticket costs about two evaluations per halving (log2 of the batch), so a
    few bad tickets among many cost a few passes over the batch, not one per ticket.
    """
    from servicekit.sla import evaluate_many  # noqa: PLC0415 - loaded on use

    failed: dict[str, str] = {}
    pending = [tickets]
    while pending:
        part = pending.pop()
        try:
            evaluate_many(policy, part, now)
        except ServicekitError as error:
            if len(part) == 1:
                failed[part[0][0]] = _flat(str(error))
            else:
                half = len(part) // 2
                pending += [part[half:], part[:half]]
    return failed


def _flat(message: str) -> str:
    return " ".join(message.split())


def evaluate_batch(
    policy: Policy | PolicySet,
    tickets: Mapping[str, Sequence[TicketEvent]],
    now: datetime,
    *,
    show: bool = False,
    reports: bool = False,
) -> tuple[BatchReport, dict[str, str]]:
    """Evaluate every ticket; one that makes the library raise does not lose the others.

    Returns:
        The batch of the tickets that could be evaluated, and per ticket that could
        not (the library raised a servicekit error for it), the message.
    """
    from servicekit.sla import evaluate_many  # noqa: PLC0415 - loaded on use

    none: dict[str, str] = {}
    try:
        return evaluate_many(policy, _with_progress(tickets, show), now, reports=reports), none
    except ServicekitError:
        failed = _failing(policy, list(tickets.items()), now)
    kept = [(ticket, events) for ticket, events in tickets.items() if ticket not in failed]
    return evaluate_many(policy, kept, now, reports=reports), failed


def _input_format(path: str, fmt: str) -> str:
    if fmt != "auto":
        return fmt
    low = path.lower()
    if low.endswith((".parquet", ".pq")):
        return "parquet"
    return "csv" if low.endswith(".csv") else "jsonl"


def _output_format(args: argparse.Namespace) -> str:
    if args.format is not None:
        fmt: str = args.format
    elif args.output is not None and args.output.lower().endswith((".parquet", ".pq")):
        fmt = "parquet"
    else:
        fmt = "csv"
    if fmt == "parquet" and args.output is None:
        raise ConfigError(
            "Parquet is binary; give --output FILE to write it to a file", "--output-format"
        )
    return fmt


@contextlib.contextmanager
def _text_output(args: argparse.Namespace, out: TextIO) -> Iterator[TextIO]:
    """Standard output, or the --output file (UTF-8, written as a whole or not at all)."""
    if args.output is None:
        yield out
        return
    with open(args.output, "w", encoding="utf-8", newline="") as handle:  # noqa: PTH123
        yield handle


def _cmd_evaluate(args: argparse.Namespace, out: TextIO) -> int:
    if args.engine != "local":
        return run_engine(args, out)
    fmt_in = _input_format(args.events, args.events_format)
    fmt_out = _output_format(args)
    if "parquet" in (fmt_in, fmt_out):
        return _evaluate_columns(args, out, fmt_in, fmt_out)
    with _text_output(args, out) as stream:
        return _evaluate_records(args, stream, fmt_in, fmt_out)


def _evaluate_records(args: argparse.Namespace, out: TextIO, fmt_in: str, fmt_out: str) -> int:
    policy = load_policy(args.policy)
    now = _io.instant(args.now, "--now")
    tickets = read_events(args.events, fmt_in)
    show = args.progress == "always" or (
        args.progress == "auto" and len(tickets) >= PROGRESS_EVERY and sys.stderr.isatty()
    )
    batch, failed = evaluate_batch(policy, tickets, now, show=show, reports=args.governing)
    if args.governing:
        _io.write_rows(governing_rows(batch), fmt_out, out, columns=GOVERNING_COLUMNS)
    elif args.summary:
        _io.write_rows(batch.summary_rows(), fmt_out, out, columns=SUMMARY_COLUMNS)
    else:
        _io.write_rows(batch.rows, fmt_out, out, columns=ROW_COLUMNS)
    for ticket, problems in batch.problems.items():
        for problem in problems:
            sys.stderr.write(f"servicekit: warning: ticket {ticket}: {problem.message}\n")
    errors: dict[Hashable, str] = {ticket: str(err) for ticket, err in batch.errors.items()}
    errors.update(failed)
    for ticket in tickets:
        if ticket in errors:
            sys.stderr.write(f"servicekit: error: ticket {ticket}: {errors[ticket]}\n")
    return 2 if errors else 0


# ------------------------------------------------------------------ import, reconcile


def _pairs(values: Sequence[str] | None, flag: str) -> dict[str, str]:
    """``NAME=VALUE`` flags (``--status 'waiting on customer=pending'``) as a mapping."""
    out: dict[str, str] = {}
    for item in values or ():
        name, sep, value = item.rpartition("=")
        if not sep or not name.strip() or not value.strip():
            raise ConfigError(f"expected NAME=VALUE, got {item[:60]!r}", flag)
        out[name.strip()] = value.strip()
    return out


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    import json  # noqa: PLC0415 - loaded on use

    from servicekit.sla import import_export  # noqa: PLC0415 - loaded on use

    source = "<stdin>" if args.export == "-" else args.export
    data = _io.load_document(args.export)
    options: dict[str, Any] = {
        "roles": _pairs(args.role, "--role"),
        "statuses": _pairs(args.status, "--status"),
        "source": source,
    }
    if args.default_priority is not None:
        options["default_priority"] = args.default_priority
    if args.vendor == "jira":
        options["issue"] = args.issue
    elif args.issue is not None:
        raise ConfigError("only a Jira changelog page needs the issue key", "--issue")
    result = import_export(args.vendor, data, **options)
    out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in result.records())
    for problem in result.problems:
        where = f"{source}: {problem.path}" if problem.path else source
        ticket = f"ticket {problem.ticket}: " if problem.ticket is not None else ""
        sys.stderr.write(
            f"servicekit: warning: {where}: {ticket}{problem.code}: {problem.message}\n"
        )
    if result.skipped:
        listed = ", ".join(f"{name} ({count})" for name, count in result.skipped)
        sys.stderr.write(f"servicekit: note: read and not mapped, as documented: {listed}\n")
    return 2 if result.problems else 0


#: The columns of ``sla reconcile``'s rows (``Disagreement.to_dict``).
RECONCILE_COLUMNS = (
    "ticket",
    "metric",
    "cycle",
    "what",
    "ours",
    "theirs",
    "reason",
    "explanation",
    "at",
)


def _cmd_reconcile(args: argparse.Namespace, out: TextIO) -> int:
    from servicekit.sla import read_zendesk_metrics, reconcile  # noqa: PLC0415 - on use

    policy = load_policy(args.policy)
    now = _io.instant(args.now, "--now")
    tolerance = _io.duration(args.tolerance, "--tolerance")
    tickets = read_events(args.events, args.events_format)
    source = "<stdin>" if args.vendor_metrics == "-" else args.vendor_metrics
    vendor = read_zendesk_metrics(_io.load_document(args.vendor_metrics), source=source)
    result = reconcile(policy, tickets, vendor, now, tolerance=abs(tolerance))
    if args.format == "json":
        _io.write_json(result.to_dict(), out)
    else:
        rows = [d.to_dict() for d in result.disagreements]
        _io.write_rows(rows, "csv", out, columns=RECONCILE_COLUMNS)
    for problem in result.problems:
        sys.stderr.write(
            f"servicekit: warning: {source}: {problem.path}: {problem.code}: {problem.message}\n"
        )
    unexplained = len(result.unexplained)
    sys.stderr.write(
        f"servicekit: compared {result.compared}, agreed {result.agreed}, "
        f"{len(result.disagreements)} disagreements ({unexplained} unexplained)\n"
    )
    return 1 if result.disagreements and args.exit_status else 0


def _register_import(actions: Subcommands, common: argparse.ArgumentParser) -> None:
    importer = actions.add_parser(
        "import",
        parents=[common],
        help="turn a Zendesk, Freshdesk or Jira export into events (JSON lines)",
        description=(
            "Read a help desk's export (Zendesk ticket audits or incremental ticket events, "
            "Freshdesk tickets with conversations or the ticket activities export, a Jira "
            "Service Management issue with its changelog) and print its events as JSON "
            "lines, the input of 'servicekit sla evaluate'. Records that cannot be mapped "
            "are reported on standard error and the command exits with status 2 after "
            "printing the others; records read and deliberately not mapped (notifications, "
            "subject changes) are counted in a note. An export of another vendor or kind "
            "is an error naming the file (status 2)."
        ),
        epilog="The mapping, field by field: docs/reference/vendor-exports.md.",
    )
    importer.add_argument(
        "--from",
        dest="vendor",
        choices=("zendesk", "freshdesk", "jira"),
        required=True,
        help="whose export FILE is",
    )
    importer.add_argument("export", metavar="FILE", help="the export (JSON), or '-'")
    importer.add_argument(
        "--status",
        metavar="NAME=STATUS",
        action="append",
        help="map a vendor status (or Zendesk custom-status label) to a servicekit status; "
        "repeat for more",
    )
    importer.add_argument(
        "--role",
        metavar="ID=ROLE",
        action="append",
        help="say whether a user id is a 'customer' or an 'agent'; repeat for more",
    )
    importer.add_argument("--issue", metavar="KEY", help="the issue key of a Jira changelog page")
    importer.add_argument(
        "--default-priority", metavar="NAME", help="the priority of a ticket without one"
    )
    importer.set_defaults(handler=_cmd_import)


def _register_reconcile(actions: Subcommands, common: argparse.ArgumentParser) -> None:
    rec = actions.add_parser(
        "reconcile",
        parents=[common],
        help="compare servicekit's SLA metrics with Zendesk's own",
        description=(
            "Evaluate EVENTS with the policy and compare every SLA metric with Zendesk's "
            "ticket metric events and ticket metrics (--vendor-metrics): targets, breaches, "
            "stops and minutes. Prints one row per disagreement with its reason (the event, "
            "status or calendar rule that explains it, or 'unexplained'); the counts go to "
            "standard error. Exit status 0, or 1 with --exit-status when they disagree; 2 "
            "for bad input."
        ),
    )
    rec.add_argument("--policy", metavar="FILE", required=True, help="the policy")
    rec.add_argument("events", metavar="EVENTS", help="the events (as 'sla import' wrote them)")
    rec.add_argument(
        "--vendor-metrics",
        metavar="FILE",
        required=True,
        help="Zendesk's ticket_metric_events and/or ticket_metrics export (JSON)",
    )
    rec.add_argument("--now", metavar="ISO", required=True, help="the instant to evaluate at")
    rec.add_argument(
        "--events-format", choices=("auto", "jsonl", "csv"), default="auto", help="as for evaluate"
    )
    rec.add_argument(
        "--tolerance",
        metavar="DURATION",
        default="PT1M",
        help="differences up to this agree (ISO-8601, default PT1M: Zendesk counts minutes)",
    )
    rec.add_argument("--format", choices=("csv", "json"), default="csv", help="output format")
    rec.add_argument(
        "--exit-status", action="store_true", help="exit with status 1 when they disagree"
    )
    rec.set_defaults(handler=_cmd_reconcile)


# ----------------------------------------------------------- the columnar path
#: ``--engine`` choices. ``local`` runs in this process; the others hand the work to
#: an engine through :func:`run_engine`, and need their extra installed.
ENGINES = ("local", "dask", "spark")
#: The package each engine imports, and the extra that installs it.
_ENGINE_PACKAGES = {"dask": ("dask.dataframe", "dask"), "spark": ("pyspark", "spark")}


def run_engine(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``sla evaluate`` through ``--engine dask`` or ``spark`` (the engines' hook).

    The parsed arguments go to ``servicekit.sla.<engine>.evaluate_command(args, out)``
    (``args`` as :func:`register` defines them: ``policy``, ``events``, ``now``,
    ``events_format``, ``format``, ``output``, ``summary``, ``progress``), which
    returns the exit status; this function only checks that the engine can run.

    Raises:
        ConfigError: the engine's package is not installed (the message names the
            extra to install), or this servicekit has no such engine.
    """
    package, extra = _ENGINE_PACKAGES[args.engine]
    if importlib.util.find_spec(package.split(".")[0]) is None:
        raise ConfigError(
            f"the {args.engine} engine needs {package.split('.')[0]}: "
            f"pip install 'servicekit[{extra}]'",
            "--engine",
        )
    try:
        module = importlib.import_module(f"servicekit.sla.{args.engine}")
    except ModuleNotFoundError:
        module = None
    command: Callable[[argparse.Namespace, TextIO], int] | None = getattr(
        module, "evaluate_command", None
    )
    if command is None:
        raise ConfigError(
            f"this servicekit has no {args.engine} engine for the command; use --engine local",
            "--engine",
        )
    return command(args, out)


def _ticket_runs(batches: Iterable[Any]) -> Iterator[tuple[int, Any]]:
    """Re-cut record batches so that each piece holds whole tickets: (first row, table).

    The rows of the last ticket of a batch are carried over to the next batch.

    Raises:
        ConfigError: a ticket's rows are not next to one another in the file.
    """
    import pyarrow as pa  # type: ignore[import-untyped]  # noqa: PLC0415 - on use
    import pyarrow.compute as pc  # type: ignore[import-untyped]  # noqa: PLC0415

    done: set[object] = set()
    carry = None
    offset = 0  # the file row of the carry's (or the next batch's) first row
    for batch in batches:
        table = pa.Table.from_batches([batch])
        if carry is not None:
            table = pa.concat_tables([carry, table])
        if table.num_rows == 0 or "ticket" not in table.column_names:
            carry = table if table.num_rows else carry
            continue
        ids = table.column("ticket").combine_chunks()
        if pa.types.is_dictionary(ids.type):
            ids = ids.dictionary_decode()
        change = pc.fill_null(pc.not_equal(ids[1:], ids[:-1]), True)  # noqa: FBT003
        starts = [0, *(i + 1 for i in change.to_numpy(zero_copy_only=False).nonzero()[0].tolist())]
        cut = starts[-1]
        for start in starts[:-1]:
            key = ids[start].as_py()
            if key in done:
                raise _not_grouped(key, offset + start)
            done.add(key)
        key = ids[cut].as_py()
        if key in done:
            raise _not_grouped(key, offset + cut)
        if cut:
            yield offset, table.slice(0, cut)
        carry = table.slice(cut)
        offset += cut
    if carry is not None and carry.num_rows:
        yield offset, carry


def _not_grouped(ticket: object, row: int) -> ConfigError:
    shown = _short(str(ticket)) if ticket is not None else "None"
    return ConfigError(
        f"row {row}: ticket {shown} comes again after other tickets; a Parquet file is "
        "streamed and needs the rows of one ticket next to one another: sort it by "
        "ticket (ORDER BY ticket) first",
        "ticket",
    )


def _events_table(tickets: Mapping[str, Sequence[TicketEvent]]) -> Any:  # noqa: ANN401
    """Events read from JSON lines or CSV as one event table (for Parquet output).

    A ``created`` event's initial ``fields`` have no column: each becomes a
    ``field`` row at the creation instant, right after the ``created`` row, which a
    policy set reads the same way.
    """
    import pyarrow as pa  # noqa: PLC0415 - on use

    from servicekit.sla import TicketEvent  # noqa: PLC0415 - on use

    pairs: list[tuple[str, TicketEvent]] = []
    for ticket, events in tickets.items():
        for e in events:
            pairs.append((ticket, e))
            pairs += [
                (ticket, TicketEvent(e.at, "field", field=name, value=value))
                for name, value in e.fields
            ]
    ts = pa.timestamp("us", "UTC")
    texts = pa.list_(pa.string())
    return pa.table(
        {
            "ticket": pa.array([t for t, _ in pairs], pa.string()),
            "at": pa.array([e.at for _, e in pairs], ts),
            "kind": pa.array([e.kind for _, e in pairs], pa.string()),
            "priority": pa.array([e.priority for _, e in pairs], pa.string()),
            "status": pa.array([e.status for _, e in pairs], pa.string()),
            "tags": pa.array([list(e.tags) for _, e in pairs], texts),
            "metric": pa.array([e.metric for _, e in pairs], pa.string()),
            "due": pa.array([e.due for _, e in pairs], ts),
            "field": pa.array([e.field for _, e in pairs], pa.string()),
            "value": pa.array([e.value for _, e in pairs], pa.string()),
            "added": pa.array([list(e.added) for _, e in pairs], texts),
            "removed": pa.array([list(e.removed) for _, e in pairs], texts),
        }
    )


class _Progress:
    """Events done, on standard error: a tqdm bar on a terminal, else plain lines."""

    def __init__(self, total: int, mode: str) -> None:
        self.total = total
        tty = sys.stderr.isatty()
        self.show = mode == "always" or (mode == "auto" and tty)
        self.bar: Any = None
        self.done = 0
        if self.show and tty:
            try:
                from tqdm import tqdm  # type: ignore[import-untyped]  # noqa: PLC0415
            except ImportError:  # plain lines; pip install 'servicekit[progress]'
                return
            self.bar = tqdm(total=total, unit=" events", unit_scale=True, file=sys.stderr)

    def update(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        elif self.show:
            sys.stderr.write(f"servicekit: evaluated {self.done:,} of {self.total:,} events\n")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _source_rows(args: argparse.Namespace, fmt_in: str) -> tuple[int, Iterator[tuple[int, Any]]]:
    """The input's row count and its pieces of whole tickets."""
    if fmt_in == "parquet":
        total, batches = _io.iter_parquet(args.events)
        return total, _ticket_runs(batches)
    table = _events_table(read_events(args.events, fmt_in))
    return table.num_rows, iter([(0, table)])


def _summary_rows(partials: dict[str, Any]) -> list[dict[str, Any]]:
    """``sla evaluate --summary``'s rows from the merged partials (as SummaryRow gives)."""
    from servicekit.sla import METRICS, attainment_finish  # noqa: PLC0415 - on use

    by_priority = attainment_finish(partials["p"], ["metric", "priority"]).to_pylist()
    overall = attainment_finish(partials["m"], ["metric"]).to_pylist()
    rows = []
    for metric in METRICS:
        found = sorted(
            (r for r in by_priority if r["metric"] == metric and r["cycles"]),
            key=lambda r: r["priority"],
        )
        if not found:
            continue
        whole = next(r for r in overall if r["metric"] == metric)
        rows += [*found, {**whole, "priority": None}]
    return [{name: row[name] for name in SUMMARY_COLUMNS} for row in rows]


def _evaluate_columns(args: argparse.Namespace, out: TextIO, fmt_in: str, fmt_out: str) -> int:
    """``sla evaluate`` through evaluate_table, streaming pieces of whole tickets."""
    import pyarrow.compute as pc  # noqa: PLC0415

    from servicekit.sla import attainment_merge, attainment_partial, evaluate_table  # noqa: PLC0415

    policy = load_policy(args.policy)
    now = _io.instant(args.now, "--now")
    total, pieces = _source_rows(args, fmt_in)
    progress = _Progress(total, args.progress)
    partials: dict[str, Any] = {}
    failed = False
    writer = None
    source = "<stdin>" if args.events == "-" else args.events
    with contextlib.ExitStack() as stack:
        stack.callback(progress.close)
        stream = None
        if fmt_out != "parquet" and not args.summary:
            text = stack.enter_context(_text_output(args, out))
            stream = stack.enter_context(_io.RowStream(fmt_out, text, ROW_COLUMNS))
        for offset, piece in pieces:
            try:
                rows = evaluate_table(piece, policy, now)
            except ConfigError as error:
                raise _shifted(error, offset, source) from None
            where = rows.schema.get_field_index("input_row")
            rows = rows.set_column(where, "input_row", pc.add(rows.column("input_row"), offset))
            failed = _report_problems(rows) or failed
            if args.summary:
                for key, by in (("p", ["metric", "priority"]), ("m", ["metric"])):
                    part = attainment_partial(rows, by)
                    partials[key] = (
                        attainment_merge([partials[key], part], by) if key in partials else part
                    )
            elif stream is not None:
                clock = rows.filter(pc.equal(rows.column("row_type"), "clock"))
                stream.write(clock.select(list(ROW_COLUMNS)).to_pylist())
            else:
                if writer is None:
                    pq = _io.parquet_module()
                    writer = stack.enter_context(pq.ParquetWriter(args.output, rows.schema))
                writer.write_table(rows)
            progress.update(piece.num_rows)
        if args.summary:
            _write_summary(args, out, fmt_out, partials)
        elif writer is None and stream is None:
            empty_rows = evaluate_table(_events_table({}), policy, now)
            _io.parquet_module().write_table(empty_rows, args.output)
    return 2 if failed else 0


def _write_summary(
    args: argparse.Namespace, out: TextIO, fmt_out: str, partials: dict[str, Any]
) -> None:
    import pyarrow as pa  # noqa: PLC0415 - on use

    summary = _summary_rows(partials) if partials else []
    if fmt_out == "parquet":
        table = pa.Table.from_pylist(summary, schema=_summary_schema())
        _io.parquet_module().write_table(table, args.output)
        return
    with _text_output(args, out) as text:
        _io.write_rows(summary, fmt_out, text, columns=SUMMARY_COLUMNS)


def _summary_schema() -> Any:  # noqa: ANN401
    import pyarrow as pa  # noqa: PLC0415 - on use

    types = {"metric": pa.string(), "priority": pa.string()}
    types |= {c: pa.float64() for c in ("attainment", "median_s", "p90_s")}
    return pa.schema([(name, types.get(name, pa.int64())) for name in SUMMARY_COLUMNS])


def _shifted(error: ConfigError, offset: int, source: str) -> ConfigError:
    """An evaluate_table error about a piece, with the row counted in the whole file."""
    msg = re.sub(r"^row (\d+):", lambda m: f"row {int(m[1]) + offset}:", error.msg)
    return ConfigError(msg, f"{source}: {error.path}")


def _report_problems(rows: Any) -> bool:  # noqa: ANN401
    """Write a piece's problem and error rows to standard error; whether any error."""
    import pyarrow.compute as pc  # noqa: PLC0415 - on use

    notes = rows.filter(pc.not_equal(rows.column("row_type"), "clock"))
    failed = False
    for row in notes.select(["ticket", "row_type", "field", "message"]).to_pylist():
        if row["row_type"] == "problem":
            sys.stderr.write(f"servicekit: warning: ticket {row['ticket']}: {row['message']}\n")
        else:
            failed = True
            text = _flat(f"{row['field']}: {row['message']}")
            sys.stderr.write(f"servicekit: error: ticket {row['ticket']}: {text}\n")
    return failed


# ------------------------------------------------------------------ the report


def _scenario_reports(scenario: Scenario, now: datetime) -> list[tuple[str, SLAReport]]:
    from servicekit.sla import TicketEvent, evaluate  # noqa: PLC0415

    sla = scenario.part("sla") or {}
    with scenario.at("sla"):
        policy = policy_from_dict(_io.require_mapping(sla.get("policy"), "policy"))
    reports = []
    for index, raw in enumerate(scenario.items(sla, "tickets", "sla")):
        where = f"sla.tickets[{index}]"
        with scenario.at(where):
            ticket = _io.require_mapping(raw, "")
            name = _io.require_str(ticket.get("id"), "id")
            events = []
            for number, raw_event in enumerate(_io.require_list(ticket.get("events"), "events")):
                event = TicketEvent.from_dict(raw_event, path=f"events[{number}]")
                events.append(event)
                _io.check_instant(event.at, f"events[{number}].at")
            reports.append((name, evaluate(policy, events, now)))
    return reports


def _left(ctx: Context, deadline: datetime) -> str:
    left = deadline - ctx.now
    if left < timedelta(0):
        return ctx.t(_BREACHED_SINCE, ago=say_duration(-left, locale=ctx.locale))
    return say_duration(left, locale=ctx.locale)


def report_sections(ctx: Context) -> list[Section]:
    """The report's SLA status and upcoming-breaches sections."""
    scenario = ctx.scenario
    if "sla" not in scenario.data:
        return []
    reports = _scenario_reports(scenario, ctx.now)
    status_rows = []
    upcoming = []
    counts = {"breached": 0, "at_risk": 0, "on_track": 0}
    for ticket, report in reports:
        worst = "on_track"
        for metric in report.metrics:
            if metric.status == "not_started" or not metric.cycles:
                continue
            deadline = metric.deadline
            status_rows.append(
                (
                    ticket,
                    _label(ctx, report.priority, "priority"),
                    _label(ctx, metric.metric),
                    _label(ctx, metric.status),
                    "" if deadline is None else ctx.when(deadline),
                )
            )
            if deadline is not None and metric.status in ("on_track", "at_risk", "breached"):
                upcoming.append((deadline, ticket, metric.metric, metric.status))
            if metric.status in ("breached", "missed"):
                worst = "breached"
            elif metric.status == "at_risk" and worst != "breached":
                worst = "at_risk"
        counts[worst] += 1
    upcoming.sort(key=lambda item: (item[0].timestamp(), item[1]))
    summary = ctx.t(
        _SUMMARY,
        tickets=len(reports),
        breached=counts["breached"],
        at_risk=counts["at_risk"],
        on_track=counts["on_track"],
    )
    status = Section(
        "sla_status",
        ctx.t(_STATUS_TITLE),
        (
            summary,
            Table(
                tuple(ctx.t(h) for h in (_TICKET, _PRIORITY, _METRIC, _STATUS, _DEADLINE)),
                tuple(status_rows),
            ),
        ),
        {"tickets": evaluate_rows(reports)},
    )
    breach_blocks: tuple[str | Table, ...] = (
        (
            Table(
                tuple(ctx.t(h) for h in (_DEADLINE, _LEFT, _TICKET, _METRIC, _STATUS)),
                tuple(
                    (ctx.when(at), _left(ctx, at), ticket, _label(ctx, metric), _label(ctx, state))
                    for at, ticket, metric, state in upcoming
                ),
            ),
        )
        if upcoming
        else (ctx.t(_NO_BREACHES),)
    )
    breaches = Section(
        "upcoming_breaches",
        ctx.t(_BREACHES_TITLE),
        breach_blocks,
        {
            "deadlines": [
                {"deadline": at, "ticket": ticket, "metric": metric, "status": state}
                for at, ticket, metric, state in upcoming
            ]
        },
    )
    return [status, breaches]


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add ``servicekit sla evaluate``, ``import`` and ``reconcile``."""
    _, actions = add_group(
        commands,
        "sla",
        common,
        help_text="SLA clocks from ticket events: evaluate, import, reconcile",
        description="Compute SLA clocks (first reply, resolution, ...) from ticket events.",
    )
    evaluate = actions.add_parser(
        "evaluate",
        parents=[common],
        help="evaluate every ticket's SLA clocks at an instant",
        description=(
            "Evaluate the SLA clocks of every ticket in EVENTS at --now and print one row "
            "per ticket, metric and cycle (a plain table for pandas or a spreadsheet). "
            "Tickets whose events cannot be evaluated are reported on standard error and "
            "the command exits with status 2 after printing the others. EVENTS holds one "
            "event per record: JSON lines "
            "({'ticket': 'T-1', 'at': '2026-11-20T09:00:00+01:00', 'kind': 'created', "
            "'priority': 'normal'}) or CSV with the columns ticket, at, kind, priority, "
            "status, tags (tags separated by ';'). '-' reads standard input."
        ),
        epilog=f"Progress is shown on standard error every {PROGRESS_EVERY:,} tickets "
        "when standard error is a terminal (--progress always forces it); for Parquet, "
        "a bar with rate and time left (extra 'progress'). A Parquet file is streamed "
        "in bounded memory and must hold the rows of one ticket next to one another "
        "(sorted or grouped by ticket).",
    )
    evaluate.add_argument(
        "--policy",
        metavar="FILE",
        required=True,
        help="the policy (Policy.from_dict shape), a policy set (PolicySet.from_dict "
        "shape: policies chosen by ticket fields), or a scenario with sla.policy",
    )
    evaluate.add_argument("events", metavar="EVENTS", help="the events file, or '-'")
    evaluate.add_argument(
        "--now", metavar="ISO", required=True, help="the instant to evaluate at (ISO-8601)"
    )
    evaluate.add_argument(
        "--events-format",
        "--input-format",
        dest="events_format",
        choices=("auto", "jsonl", "csv", "parquet"),
        default="auto",
        help="how EVENTS is written (auto: Parquet for *.parquet and *.pq, CSV for *.csv, "
        "else JSON lines)",
    )
    evaluate.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=("csv", "json", "parquet"),
        default=None,
        help="output format (default: Parquet for an --output ending in .parquet or .pq, "
        "else csv); Parquet output holds evaluate_table's full table, problems and "
        "errors included",
    )
    evaluate.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        default=None,
        help="write the result to FILE instead of standard output",
    )
    evaluate.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="where to run: local (this process, default), dask or spark (extras "
        "'dask' and 'spark')",
    )
    evaluate.add_argument(
        "--summary",
        action="store_true",
        help="print the summary per metric and priority (attainment, breaches, median) "
        "instead of one row per cycle",
    )
    evaluate.add_argument(
        "--governing",
        action="store_true",
        help="with a policy set: print which policy governed each ticket from when to "
        "when, and why (the condition that matched, or the fallback), instead of one row "
        "per cycle",
    )
    evaluate.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="progress on standard error (auto: for large inputs on a terminal)",
    )
    evaluate.set_defaults(handler=_cmd_evaluate)
    _register_import(actions, common)
    _register_reconcile(actions, common)
