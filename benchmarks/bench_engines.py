"""SLA attainment on Dask and Spark, with 1 and 2 workers, and the warehouse way in DuckDB.

Run: python benchmarks/bench_engines.py [--events N] [--quick] [--skip-spark]

The data: N events (default 10^7; ``--quick``: 2 x 10^5) of N/6 tickets created at
random over 2026 (both DST changes of Europe/Berlin), each ``created`` (one of four
priorities), ``agent_reply``, ``customer_message``, ``agent_reply``, ``status``
solved and ``internal_note``, at random business-ish gaps; written to Parquet in a
random row order, so a ticket's events sit in any row group. The policy: first
reply 4 h, next reply 8 h and resolution 24 h of business time on Monday-Friday
09:00-17:00 in Europe/Berlin with the German (Berlin) public holidays.

Measured, end to end from the Parquet file to the attainment table per metric and
priority (``evaluate`` then ``attainment``):

- Dask: ``distributed.LocalCluster`` with 1 worker process, then 2 (one thread each);
- Spark: ``local[1]``, then ``local[2]`` (each in its own process: one SparkContext
  per process), ``spark.sql.shuffle.partitions`` = 4 per core;
- the warehouse way as a peer: DuckDB SQL with a weekly schedule spine as
  dbt_zendesk builds it (the schedule's minutes from Sunday 00:00, shifted to UTC by
  the offset at the start of each week; holidays as whole local days; timestamps
  truncated to minutes), on the same Parquet file, one thread and two.

Each run is pinned to as many CPUs as it has workers or threads (``on_cores``; the
in-memory ``evaluate_table`` run is not): without it, an engine's one-worker run
spreads its JVM, scheduler and comms threads over the second core. ``--unpinned``
runs without pinning. Spark reads the file in 16 splits, as Dask reads its 16 row
groups.

Every ticket's business minutes for first reply and resolution are compared between
DuckDB and servicekit (``evaluate_table`` in this process, the reference), and each
disagreement is put down to its cause: a reply listed before ``created`` at the same
instant, a DST change inside the interval's weeks, a
holiday, or the truncation to minutes. Times are wall time (Dask: best of two runs on the
same cluster, the first one warming the workers; Spark: best of three runs in the
same session, the first one warming the JVM and the Python workers, with 3 GB of
memory per core); the machine may be shared.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import dask.dataframe as dd
import duckdb
import holidays as pyholidays
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from distributed import Client, LocalCluster
from pyspark.sql import SparkSession

from servicekit.hours import BusinessCalendar
from servicekit.sla import Policy, Target, attainment_table, evaluate_table
from servicekit.sla import dask as sla_dask
from servicekit.sla import spark as sla_spark

if TYPE_CHECKING:
    from collections.abc import Iterator

ZONE = "Europe/Berlin"
NOW = datetime(2027, 1, 20, tzinfo=timezone.utc)
US = 10**6
HOLIDAYS = sorted(pyholidays.country_holidays("DE", subdiv="BE", years=range(2025, 2028)))
PRIORITIES = np.array(["low", "normal", "high", "urgent"])


def calendar() -> BusinessCalendar:
    return BusinessCalendar(ZONE, {"mon-fri": ["09:00-17:00"]}, holidays=HOLIDAYS)


def policy() -> Policy:
    cal = calendar()
    targets = [
        Target("first_reply", timedelta(hours=4), cal),
        Target("next_reply", timedelta(hours=8), cal),
        Target("resolution", timedelta(hours=24), cal),
    ]
    return Policy("bench", dict.fromkeys(PRIORITIES, targets), calendars={"office": cal})


def make_events(n_events: int, seed: int = 11) -> pa.Table:
    """About six events per ticket, rows in random order."""
    rng = np.random.default_rng(seed)
    tickets = max(n_events // 6, 1)
    start = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()) * US
    created = start + rng.integers(0, 360 * 86_400, tickets) * US
    created -= created % (60 * US)  # whole minutes, as exports have them
    gaps = rng.exponential(6 * 3600, (tickets, 5)).astype(np.int64) * US
    gaps -= gaps % US
    offsets = np.cumsum(gaps, axis=1)
    kinds = ["agent_reply", "customer_message", "agent_reply", "status", "internal_note"]
    ids = np.char.add("T-", np.arange(tickets).astype(str))
    at = np.concatenate([created, *(created + offsets[:, i] for i in range(5))])
    kind = np.repeat(np.array(["created", *kinds]), tickets)
    ticket = np.tile(ids, 6)
    priority = np.concatenate(
        [PRIORITIES[rng.integers(0, 4, tickets)], np.full(5 * tickets, None, dtype=object)]
    )
    status = np.full(6 * tickets, None, dtype=object)
    status[kind == "status"] = "solved"
    order = rng.permutation(6 * tickets)
    return pa.table(
        {
            "ticket": pa.array(ticket[order]),
            "at": pa.array(at[order], pa.timestamp("us", tz="UTC")),
            "kind": pa.array(kind[order]),
            "priority": pa.array(priority[order], pa.string()),
            "status": pa.array(status[order], pa.string()),
        }
    )


# ------------------------------------------------------------------ the engines
@contextlib.contextmanager
def on_cores(n: int) -> Iterator[None]:
    """Run on the first ``n`` CPUs only (the processes started inside inherit it).

    An engine's "one worker" is not one core by itself: Spark's JVM (its task thread,
    the Arrow writer feeding the Python worker, the garbage collector, the shuffle)
    and Dask's scheduler, nanny and comms threads take much of a second core
    (measured: Spark ``local[1]`` kept 76 % of a 2-core machine busy). Pinning makes
    N workers mean N cores, which is what per-core throughput and the 2-versus-1
    ratio compare.
    """
    if not hasattr(os, "sched_setaffinity") or os.cpu_count() is None or os.cpu_count() < n:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, set(range(n)))
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def run_dask(path: str, workers: int, *, pinned: bool = True) -> float:

    with (
        on_cores(workers) if pinned else contextlib.nullcontext(),
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster),
    ):
        best = float("inf")
        for _ in range(2):  # the first run also warms the workers (imports, calendars)
            started = time.perf_counter()
            events = dd.read_parquet(path, split_row_groups=True)
            rows = sla_dask.evaluate(events, policy(), NOW, npartitions=4 * workers)
            summary = sla_dask.attainment(rows, by=["metric", "priority"])
            best = min(best, time.perf_counter() - started)
    if summary.num_rows != 12:
        raise SystemExit(f"dask: unexpected summary\n{summary}")
    return best


def run_spark(path: str, cores: int) -> float:
    """In a child process: one SparkContext per process."""
    out = subprocess.run(  # noqa: S603 - this interpreter, this script
        [sys.executable, __file__, "--spark-child", str(cores), path],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYSPARK_PYTHON": sys.executable, "SPARK_LOCAL_IP": "127.0.0.1"},
    )
    return float(out.stdout.strip().splitlines()[-1])


#: Spark's memory per core, in GB (``BENCH_SPARK_MEMORY_PER_CORE``).
SPARK_MEMORY_PER_CORE = int(os.environ.get("BENCH_SPARK_MEMORY_PER_CORE", "3"))


def spark_child(cores: int, path: str) -> None:

    warnings.simplefilter("ignore")
    if os.environ.get("BENCH_PINNED", "1") == "1" and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(range(min(cores, os.cpu_count() or 1))))
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        # The file read in 16 splits, as Dask reads its 16 row groups (Spark's default
        # of 128 MB a split would read a file this size in one task, on one core).
        .config("spark.sql.files.maxPartitionBytes", str(max(Path(path).stat().st_size // 16, 1)))
        .config("spark.sql.files.openCostInBytes", "0")
        .config(
            "spark.sql.execution.arrow.maxRecordsPerBatch",
            os.environ.get("BENCH_SPARK_BATCH", "10000"),
        )
        .config("spark.sql.session.timeZone", "UTC")
        # The same memory per core for every run (local mode: the driver is the
        # executor). With 2 GB for both, two concurrent sorts left the garbage collector
        # most of the second core (measured at 10^7 events: 43.8 s on two cores against
        # 33.5 s with 6 GB).
        .config("spark.driver.memory", f"{SPARK_MEMORY_PER_CORE * cores}g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    elapsed = float("inf")
    # As for Dask, the first run warms the JVM and the Python workers; Spark's times
    # vary more from run to run (up to 20 % here), so it gets a third.
    for _ in range(3):
        started = time.perf_counter()
        events = spark.read.parquet(path)
        rows = sla_spark.evaluate(events, policy(), NOW, check=False)
        summary = sla_spark.attainment(rows, by=["metric", "priority"])
        elapsed = min(elapsed, time.perf_counter() - started)
    if summary.num_rows != 12:
        raise SystemExit(f"spark: unexpected summary\n{summary}")
    spark.stop()
    print(elapsed)


# ------------------------------------------------------------- the warehouse way
def spine_sql(path: str) -> str:
    """dbt_zendesk's business minutes, in DuckDB: a weekly schedule spine.

    The schedule is Monday-Friday 09:00-17:00 as minutes from Sunday 00:00 in local
    time (the form of Zendesk's schedule intervals); each week (from Sunday 00:00 UTC)
    it is shifted to UTC by the zone's offset at the start of that week, the way
    dbt_zendesk's schedule spine applies one offset per week; holidays remove whole
    local days (shifted the same way); instants are truncated to minutes.
    """
    return f"""
    WITH events AS (SELECT * FROM read_parquet('{path}')),
    tickets AS (
        SELECT ticket,
            min("at") FILTER (WHERE kind = 'created') AS created_at,
            any_value(priority) FILTER (WHERE kind = 'created') AS priority
        FROM events GROUP BY ticket
    ),
    stops AS (
        SELECT t.ticket, t.priority, t.created_at,
            min(e."at") FILTER (WHERE e.kind = 'agent_reply' AND e."at" >= t.created_at)
                AS replied_at,
            min(e."at") FILTER (WHERE e.kind = 'status' AND e.status = 'solved'
                AND e."at" >= t.created_at) AS solved_at
        FROM tickets t JOIN events e USING (ticket) GROUP BY ALL
    ),
    intervals AS (
        SELECT ticket, priority, 'first_reply' AS metric, created_at AS s, replied_at AS e
        FROM stops WHERE replied_at IS NOT NULL
        UNION ALL
        SELECT ticket, priority, 'resolution', created_at, solved_at
        FROM stops WHERE solved_at IS NOT NULL
    ),
    minutes AS (
        SELECT ticket, priority, metric,
            epoch(date_trunc('minute', s))::BIGINT // 60 AS s_min,
            epoch(date_trunc('minute', e))::BIGINT // 60 AS e_min
        FROM intervals
    ),
    weeks AS (  -- the weeks each interval touches (Sunday 00:00 UTC), the spine
        SELECT m.*, w AS week_min
        FROM minutes m,
        LATERAL (SELECT unnest(range(
            ((s_min - 3 * 1440) // 10080) * 10080 + 3 * 1440,
            e_min + 1, 10080)) AS w)
    ),
    offsets AS (  -- the zone's offset at the start of each week, in minutes
        SELECT DISTINCT week_min,
            (epoch(timezone('{ZONE}', to_timestamp(week_min * 60))::TIMESTAMP)::BIGINT
             - week_min * 60) // 60 AS offset_min
        FROM weeks
    ),
    schedule AS (  -- Monday-Friday 09:00-17:00 as minutes from Sunday 00:00, local time
        SELECT d * 1440 + 540 AS open_min, d * 1440 + 1020 AS close_min
        FROM range(1, 6) r(d)
    ),
    holidays AS (
        SELECT epoch(h::TIMESTAMP)::BIGINT // 60 AS day_min FROM (VALUES {_holiday_values()}) v(h)
    ),
    shifts AS (  -- each week's open intervals in UTC minutes, holidays removed
        SELECT w.ticket, w.priority, w.metric, w.s_min, w.e_min,
            w.week_min + sc.open_min - o.offset_min AS open_utc,
            w.week_min + sc.close_min - o.offset_min AS close_utc
        FROM weeks w JOIN offsets o USING (week_min) CROSS JOIN schedule sc
        WHERE w.week_min + sc.open_min - (sc.open_min % 1440)
            NOT IN (SELECT day_min FROM holidays)
    )
    SELECT ticket, priority, metric,
        sum(greatest(0, least(e_min, close_utc) - greatest(s_min, open_utc))) AS biz_min
    FROM shifts GROUP BY ALL
    """  # noqa: S608 - SQL of our own; the path is ours


def _holiday_values() -> str:
    return ", ".join(f"(DATE '{d.isoformat()}')" for d in HOLIDAYS)


def run_duckdb(path: str, threads: int) -> tuple[float, dict[tuple[str, str], float]]:

    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    started = time.perf_counter()
    con.execute(f"""CREATE TEMP TABLE biz AS {spine_sql(path)}""")
    con.execute(
        """CREATE TEMP TABLE summary AS SELECT metric, priority,
            count(*) AS stopped,
            sum(CASE WHEN biz_min <= CASE metric WHEN 'first_reply' THEN 240 ELSE 1440 END
                THEN 1 ELSE 0 END) AS met,
            median(biz_min) AS median_min
        FROM biz GROUP BY ALL"""
    )
    elapsed = time.perf_counter() - started
    minutes = {
        (ticket, metric): float(m)
        for ticket, metric, m in con.execute("SELECT ticket, metric, biz_min FROM biz").fetchall()
    }
    con.close()
    return elapsed, minutes


# ----------------------------------------------------------- the disagreements
def disagreements(
    events: pa.Table, reference: pa.Table, minutes: dict[tuple[str, str], float]
) -> dict[str, int]:
    """Compare business minutes per ticket and metric; count each by its cause."""
    tz = ZoneInfo(ZONE)
    rows = reference.filter(
        pc.and_(
            pc.equal(reference.column("row_type"), "clock"),
            pc.is_in(reference.column("metric"), pa.array(["first_reply", "resolution"])),
        )
    ).to_pylist()
    holidays = set(HOLIDAYS)
    # A reply less than a second after creation has the creation's instant; when the
    # file lists it before the ``created`` row, servicekit keeps the given order at one
    # instant (the reply comes before the ticket: a ``before_created`` problem, ignored)
    # while the spine counts every reply at or after creation.
    problems = reference.filter(pc.equal(reference.column("problem"), "before_created"))
    same_instant = {
        (ticket, at)
        for ticket, at in zip(
            problems.column("ticket").to_pylist(),
            problems.column("problem_at").to_pylist(),
            strict=True,
        )
    }
    causes = dict.fromkeys(
        ("agree", "order at one instant", "dst", "holiday", "minute truncation", "other"), 0
    )
    examples: dict[str, str] = {}
    del events
    for row in rows:
        if row["cycle"] != 0 or row["stop"] is None:
            continue
        theirs = minutes.get((row["ticket"], row["metric"]))
        ours = row["elapsed_s"] / 60
        if theirs is not None and abs(theirs - ours) < 1e-9:
            causes["agree"] += 1
            continue
        start, stop = row["start"], row["stop"]
        local_days = {
            (start + timedelta(days=k)).astimezone(tz).date()
            for k in range((stop - start).days + 9)
        }
        offsets = {
            (start + timedelta(days=k)).astimezone(tz).utcoffset()
            for k in range(-7, (stop - start).days + 8)
        }
        if (row["ticket"], start) in same_instant:
            cause = "order at one instant"
        elif theirs is not None and abs(theirs - ours) < 1:
            cause = "minute truncation"
        elif len(offsets) > 1:
            cause = "dst"
        elif local_days & holidays:
            cause = "holiday"
        else:
            cause = "other"
        causes[cause] += 1
        examples.setdefault(
            cause,
            f"{row['ticket']} {row['metric']} {start:%Y-%m-%d %H:%M}Z..{stop:%Y-%m-%d %H:%M}Z:"
            f" servicekit {ours:.2f} min, spine {theirs} min",
        )
    for cause, text in examples.items():
        print(f"    e.g. {cause}: {text}")
    return causes


def main() -> None:  # noqa: C901 - one report, step by step
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--spark-child", nargs=2)
    parser.add_argument(
        "--unpinned", action="store_true", help="let every run use all CPUs (see on_cores)"
    )
    args = parser.parse_args()
    if args.unpinned:
        os.environ["BENCH_PINNED"] = "0"
    if args.spark_child:
        spark_child(int(args.spark_child[0]), args.spark_child[1])
        return
    n = 200_000 if args.quick else args.events
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "events.parquet")
        events = make_events(n)
        pq.write_table(events, path, row_group_size=max(n // 16, 1))
        print(f"{events.num_rows:,} events of {events.num_rows // 6:,} tickets -> {path}")

        started = time.perf_counter()
        reference = evaluate_table(events, policy(), NOW)
        attainment_table(reference, by=["metric", "priority"])
        single = time.perf_counter() - started
        print(f"evaluate_table, one process:  {single:8.1f} s  {n / single:>12,.0f} ev/s")

        results: dict[str, float] = {}
        for workers in (1, 2):
            results[f"dask {workers}"] = run_dask(path, workers, pinned=not args.unpinned)
        if not args.skip_spark:
            for cores in (1, 2):
                results[f"spark {cores}"] = run_spark(path, cores)
        duck: dict[str, float] = {}
        minutes: dict[tuple[str, str], float] = {}
        for threads in (1, 2):
            with on_cores(threads) if not args.unpinned else contextlib.nullcontext():
                duck[f"duckdb {threads}"], minutes = run_duckdb(path, threads)

        print(f"\n{'engine':<14}{'workers':>8}{'time s':>10}{'ev/s':>14}{'ev/s/core':>12}")
        for name, seconds in {**results, **duck}.items():
            engine, workers = name.split()
            rate = n / seconds
            per_core = rate / int(workers)
            print(f"{engine:<14}{workers:>8}{seconds:>10.1f}{rate:>14,.0f}{per_core:>12,.0f}")
        for engine in ("dask", "spark", "duckdb"):
            times = {**results, **duck}
            if f"{engine} 1" in times:
                speedup = times[f"{engine} 1"] / times[f"{engine} 2"]
                print(f"{engine}: 2 workers vs 1: {speedup:.2f}x (target >= 1.7x)")
        if "spark 2" in results:
            print(f"time ratio spark 2 / duckdb 2: {results['spark 2'] / duck['duckdb 2']:.1f}x")
        print(f"time ratio dask 2 / duckdb 2:  {results['dask 2'] / duck['duckdb 2']:.1f}x")
        print("\nDuckDB spine against servicekit, per ticket and metric (first reply, resolution):")
        for cause, count in disagreements(events, reference, minutes).items():
            print(f"  {cause:<20}{count:>10,}")


if __name__ == "__main__":
    main()
