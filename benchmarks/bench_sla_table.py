"""SLA clocks on columns: servicekit.sla.evaluate_table beside evaluate_many, per ticket.

Run: python benchmarks/bench_sla_table.py [--quick] [--profile]

The tickets of benchmarks/bench_sla.py (about 6 events each: created, agent reply,
pending, customer message, open again, solved; some left open or reopened; a policy
of 3 business-hours targets on a Mon-Fri 09:00-17:00 Europe/Berlin calendar with
holidays), generated straight into Arrow columns with numpy.

Times are CPU seconds of this process (``time.process_time``), so that a machine
shared with other work still gives fair ratios. Rows:
- ``evaluate_many``: the events as ``TicketEvent`` lists (built beforehand, not
  timed), evaluated in batches of 100,000 tickets (so that 10^6 tickets' objects
  never sit in memory at once); the time is the sum over the batches;
- ``evaluate_table``: the same events as one ``pyarrow.Table`` (tickets in a random
  order, the rows of one ticket together, as an export sorted by ticket), the whole
  result table built.

The issue's goal: ``evaluate_table`` at least 5x faster per ticket than
``evaluate_many`` on 10^6 tickets. Every ticket here takes evaluate_table's
vectorised path (sla/_vector.py); ``--profile`` shows where its time goes.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from datetime import datetime, timedelta, timezone

import numpy as np
import pyarrow as pa

from servicekit.hours import BusinessCalendar
from servicekit.sla import Policy, Target, TicketEvent, evaluate_many, evaluate_table

QUICK = "--quick" in sys.argv
SIZES = (20_000,) if QUICK else (100_000, 1_000_000)
CHUNK = 100_000
UTC = timezone.utc
H = timedelta(hours=1)
HOLIDAYS = ("2026-01-01", "2026-04-03", "2026-04-06", "2026-12-25", "2027-01-01")
OFFICE = BusinessCalendar.from_dict(
    {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}, "holidays": list(HOLIDAYS)}
)
POLICY = Policy(
    "benchmark",
    {
        priority: [
            Target("first_reply", scale * 4 * H, OFFICE),
            Target("requester_wait", scale * 16 * H, OFFICE),
            Target("resolution", scale * 40 * H, OFFICE),
        ]
        for priority, scale in (("low", 2), ("normal", 1), ("urgent", 0.25))
    },
)
START = datetime(2026, 1, 5, 8, tzinfo=UTC)
NOW = datetime(2026, 12, 20, tzinfo=UTC)
_MIN = 60_000_000


def synthetic(n: int, seed: int = 4) -> pa.Table:
    """``n`` tickets of about 6 events over most of 2026, as an event table."""
    rnd = np.random.default_rng(seed)
    t0 = int(START.timestamp()) * 1_000_000 + rnd.integers(0, 330 * 24 * 60, n) * _MIN
    reply = t0 + rnd.integers(5, 900, n) * _MIN
    back = reply + rnd.integers(30, 4000, n) * _MIN
    solved = rnd.random(n) < 0.8
    end = back + rnd.integers(10, 2000, n) * _MIN
    ids = np.arange(n)
    priority = np.array(["low", "normal", "normal", "urgent"])[rnd.integers(0, 4, n)]
    parts = [
        (ids, t0, "created", priority, None),
        (ids, reply, "agent_reply", None, None),
        (ids, reply, "status", None, "pending"),
        (ids, back, "customer_message", None, None),
        (ids, back, "status", None, "open"),
        (ids[solved], end[solved], "status", None, "solved"),
    ]
    ticket = np.concatenate([p[0] for p in parts])
    at = np.concatenate([p[1] for p in parts])
    kind = np.concatenate([np.full(len(p[0]), p[2]) for p in parts])
    pri = np.concatenate([p[3] if p[3] is not None else np.full(len(p[0]), None) for p in parts])
    status = np.concatenate([np.full(len(p[0]), p[4]) for p in parts])
    perm = rnd.permutation(n)
    rank = perm[ticket]  # tickets in a random order, events of one ticket kept in order
    order = np.lexsort((np.arange(len(ticket)), rank))
    return pa.table(
        {
            "ticket": pa.array(ticket[order]).cast(pa.string()),
            "at": pa.array(at[order], pa.timestamp("us", "UTC")),
            "kind": pa.array(kind[order]),
            "priority": pa.array(pri[order].tolist(), pa.string()),
            "status": pa.array(status[order].tolist(), pa.string()),
        }
    )


def as_events(table: pa.Table) -> dict[str, list[TicketEvent]]:
    """The table's events as TicketEvent lists per ticket, in table order."""
    out: dict[str, list[TicketEvent]] = {}
    cols = [table.column(c).to_pylist() for c in ("ticket", "at", "kind", "priority", "status")]
    for ticket, at, kind, priority, status in zip(*cols, strict=True):
        out.setdefault(ticket, []).append(TicketEvent(at, kind, priority=priority, status=status))
    return out


def time_many(table: pa.Table) -> float:
    """evaluate_many over the table's tickets, in chunks; CPU seconds."""
    total = 0.0
    ids = table.column("ticket")
    lo, n = 0, table.num_rows
    while lo < n:
        hi = min(lo + CHUNK * 6, n)
        while hi < n and ids[hi] == ids[hi - 1]:  # whole tickets: their rows are together
            hi += 1
        tickets = as_events(table.slice(lo, hi - lo))
        start = time.process_time()
        evaluate_many(POLICY, tickets, NOW)
        total += time.process_time() - start
        lo = hi
    return total


def main() -> None:
    """Print the table of per-ticket times and ratios."""
    print(
        f"{'tickets':>10} {'events':>10} {'evaluate_many':>16} {'evaluate_table':>16} {'ratio':>7}"
    )
    for n in SIZES:
        table = synthetic(n)
        many = time_many(table)
        if "--profile" in sys.argv:
            with cProfile.Profile() as prof:
                evaluate_table(table, POLICY, NOW)
            pstats.Stats(prof).sort_stats("tottime").print_stats(15)
        start = time.process_time()
        out = evaluate_table(table, POLICY, NOW)
        cols = time.process_time() - start
        if out.num_rows < 3 * n:  # every ticket has its three clocks
            raise SystemExit(f"only {out.num_rows} rows for {n} tickets")
        print(
            f"{n:>10,} {table.num_rows:>10,} {many / n * 1e6:>13.1f} µs {cols / n * 1e6:>13.1f} µs"
            f" {many / cols:>6.1f}x"
        )


if __name__ == "__main__":
    main()
