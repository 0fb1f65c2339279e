"""Event tables for the engine tests: tickets as Arrow tables, shuffled; results compared."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:
    from servicekit.sla import TicketEvent

UTC = timezone.utc
#: The instant of evaluation of the engine tests: after every generated event.
NOW = datetime(2026, 4, 15, 12, tzinfo=UTC)

SCHEMA = pa.schema(
    [
        ("ticket", pa.string()),
        ("at", pa.timestamp("us", tz="UTC")),
        ("kind", pa.string()),
        ("priority", pa.string()),
        ("status", pa.string()),
        ("tags", pa.list_(pa.string())),
    ]
)


def events_table(tickets: dict[str, list[TicketEvent]]) -> pa.Table:
    """One row per event, tickets one after the other, as ``evaluate_table`` reads them."""
    rows = [
        {
            "ticket": ticket,
            "at": event.at.astimezone(UTC),
            "kind": event.kind,
            "priority": event.priority,
            "status": event.status,
            "tags": list(event.tags),
        }
        for ticket, events in tickets.items()
        for event in events
    ]
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def shuffled(table: pa.Table, seed: int) -> pa.Table:
    """The rows of ``table`` in a random order (a ticket's events end up anywhere)."""
    order = list(range(table.num_rows))
    random.Random(seed).shuffle(order)  # noqa: S311 - test data, not secrets
    return table.take(pa.array(order, pa.int64()))


def summary_matches(got: pa.Table, exact: pa.Table, alpha: float) -> None:
    """An engine's summary equals attainment_table's: counts exactly, times within alpha."""
    assert got.column_names == exact.column_names
    assert got.num_rows == exact.num_rows
    width = got.num_columns - 9  # the by columns come first

    def ordered(table: pa.Table) -> list[dict[str, Any]]:
        return sorted(table.to_pylist(), key=lambda row: repr(list(row.values())[:width]))

    for mine, theirs in zip(ordered(got), ordered(exact), strict=True):
        for name, value in theirs.items():
            if name in ("median_s", "p90_s") and value is not None:
                assert abs(mine[name] - value) <= alpha * value + 1e-6, (name, mine, theirs)
            else:
                assert mine[name] == value, (name, mine, theirs)


def canonical(table: pa.Table) -> list[tuple[Any, ...]]:
    """The rows of a result as sorted tuples: engines keep no global order."""
    rows = table.to_pylist()
    names = table.column_names
    return sorted((tuple(row[n] for n in names) for row in rows), key=repr)


CHANGES_SCHEMA = pa.schema(
    [
        *SCHEMA,
        ("field", pa.string()),
        ("value", pa.string()),
        ("added", pa.list_(pa.string())),
        ("removed", pa.list_(pa.string())),
    ]
)


def changes_table(tickets: dict[str, list[TicketEvent]]) -> pa.Table:
    """As :func:`events_table`, with the columns of field and tags events."""
    rows = [
        {
            "ticket": ticket,
            "at": event.at.astimezone(UTC),
            "kind": event.kind,
            "priority": event.priority,
            "status": event.status,
            "tags": list(event.tags),
            "field": event.field,
            "value": event.value,
            "added": list(event.added),
            "removed": list(event.removed),
        }
        for ticket, events in tickets.items()
        for event in events
    ]
    return pa.Table.from_pylist(rows, schema=CHANGES_SCHEMA)


def change_logs(start: datetime) -> dict[str, list[TicketEvent]]:
    """Tickets whose governing policy changes with field and tags events."""
    from datetime import timedelta  # noqa: PLC0415

    from servicekit.sla import TicketEvent  # noqa: PLC0415

    h = timedelta(hours=1)
    return {
        "C-1": [
            TicketEvent(start, "created", priority="normal"),
            TicketEvent(start + h / 2, "tags", added=("vip",)),
            TicketEvent(start + 2 * h, "agent_reply"),
        ],
        "C-2": [
            TicketEvent(start, "created", priority="normal", tags=("vip",)),
            TicketEvent(start + h, "tags", removed=("vip",)),
            TicketEvent(start + h, "field", field="group", value="billing"),
            TicketEvent(start + 3 * h, "agent_reply"),
        ],
        "C-3": [
            TicketEvent(start, "created", priority="normal"),
            TicketEvent(start + h, "field", field="priority", value="high"),
            TicketEvent(start + 5 * h, "agent_reply"),
        ],
    }
