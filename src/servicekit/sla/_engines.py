"""What the Dask and Spark front ends share (private): imports, policies, the sketch.

Neither engine is imported here: :mod:`servicekit.sla.dask` and
:mod:`servicekit.sla.spark` import theirs lazily, inside the functions that need them.
"""

from __future__ import annotations

import functools
import importlib
import json
import math
import re
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from servicekit._time import require_aware
from servicekit.exceptions import ConfigError
from servicekit.sla._policy import Policy
from servicekit.sla._policyset import PolicySet

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from types import ModuleType
    from typing import TextIO

    import pyarrow as pa  # type: ignore[import-untyped]

__all__ = [
    "ALPHA",
    "COUNTS",
    "GAMMA",
    "LOG_GAMMA",
    "ROW_ID",
    "RUNNING",
    "SUMMARY_COLUMNS",
    "ZERO_BUCKET",
    "bucket_of",
    "bucket_value",
    "check_arguments",
    "check_by",
    "command",
    "policy_from_json",
    "policy_json",
    "remap_rows",
    "require",
    "row_error",
    "sketch_quantiles",
    "summary_table",
]

#: The relative accuracy of the quantile sketch: a median or 90th percentile read
#: from it is within 0.5 % of the exact one (of the same rank).
ALPHA: Final = 0.005
#: Bucket ``i`` holds the durations in ``(GAMMA**(i-1), GAMMA**i]`` seconds.
GAMMA: Final = (1 + ALPHA) / (1 - ALPHA)
LOG_GAMMA: Final = math.log(GAMMA)
#: The bucket of zero durations (elapsed exactly 0 s).
ZERO_BUCKET: Final = -(2**31)

#: The columns of an engine's attainment summary after the ``by`` columns: those of
#: :func:`servicekit.sla.attainment_table` (:data:`~servicekit.sla.SUMMARY_TABLE_COLUMNS`).
SUMMARY_COLUMNS: Final = (
    "tickets",
    "cycles",
    "met",
    "missed",
    "breached",
    "running",
    "attainment",
    "median_s",
    "p90_s",
)
#: The counts an engine sums per group, in this order.
COUNTS: Final = SUMMARY_COLUMNS[:6]
#: The statuses of a running cycle.
RUNNING: Final = ("on_track", "at_risk", "paused")
#: The column with each event's position in the engine's input: ``(partition << 32) +
#: row`` for Dask, ``monotonically_increasing_id()`` for Spark (which has that form).
ROW_ID: Final = "_servicekit_row"
_ROW_MESSAGE = re.compile(r"^input row (\d+): ")


def require(module: str, extra: str) -> ModuleType:
    """Import ``module``, or raise an ImportError naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise ImportError(
            f"{module} is not installed; install it with `pip install 'servicekit[{extra}]'`"
        ) from err


def policy_json(policy: object) -> str:
    """Return the policy as the JSON text its workers rebuild it from."""
    if not isinstance(policy, Policy | PolicySet):
        raise TypeError(f"policy must be a Policy or PolicySet, got {type(policy).__name__}")
    return json.dumps(policy.to_dict(), sort_keys=True)


@functools.lru_cache(maxsize=8)  # thread-safe; a worker rebuilds each policy once
def policy_from_json(text: str) -> Policy | PolicySet:
    """Rebuild a policy or policy set (calendars too) from :func:`policy_json`'s text."""
    data = json.loads(text)
    if "targets" not in data and ("policies" in data or "fallback" in data):
        return PolicySet.from_dict(data)
    return Policy.from_dict(data)


def check_arguments(policy: object, now: object) -> str:
    """Check ``policy`` and ``now`` on the driver; return the policy's JSON."""
    text = policy_json(policy)
    if not isinstance(now, datetime):
        raise TypeError(f"now must be a datetime, got {type(now).__name__}")
    require_aware(now, "now")
    return text


def check_by(by: object, columns: Sequence[str]) -> list[str]:
    """Return the grouping columns, checked against ``columns`` (as ``attainment_table``)."""
    if isinstance(by, str) or not isinstance(by, (list, tuple)):
        raise TypeError(f"by must be a list of column names, got {type(by).__name__}")
    names = list(by)
    for i, name in enumerate(names):
        if not isinstance(name, str):
            raise TypeError(f"by must hold column names, got {type(name).__name__}")
        if name not in columns:
            raise ConfigError(f"unknown column {name!r}; group by columns of the rows", f"by[{i}]")
    for name in ("ticket", "row_type", "cycle", "status", "elapsed_s"):
        if name not in columns:
            raise ConfigError("missing; expected the rows of evaluate", name)
    if len(set(names)) != len(names):
        raise ConfigError("a column is named twice", "by")
    return names


def remap_rows(table: pa.Table, row_ids: Sequence[int]) -> pa.Table:
    """Point ``input_row`` (and error messages) at the engine's row ids.

    ``evaluate_table`` numbers the rows of the table it was given: on a worker, a
    piece of a shuffled partition. ``row_ids[k]`` is the engine's id of that row.
    """
    import pyarrow as pa  # noqa: PLC0415 - imported lazily, with the extra

    position = table.schema.get_field_index("input_row")
    local = table.column(position).to_pylist()
    if not any(v is not None for v in local):
        return table
    ids = [None if v is None else int(row_ids[v]) for v in local]
    messages = [
        m if m is None or v is None else _ROW_MESSAGE.sub(f"input row {row_ids[v]}: ", m)
        for m, v in zip(table.column("message").to_pylist(), local, strict=True)
    ]
    table = table.set_column(position, "input_row", pa.array(ids, pa.int64()))
    where = table.schema.get_field_index("message")
    return table.set_column(where, "message", pa.array(messages, pa.string()))


def row_error(column: str, partition: int | str, row: int, msg: str) -> ConfigError:
    """A row error found before the shuffle, naming the partition and the row."""
    return ConfigError(f"partition {partition}, row {row}: {msg}", column)


def bucket_value(bucket: int) -> float:
    """The value that stands for a sketch bucket: within ``ALPHA`` of any value in it.

    Bucket ``-2**31`` holds the zero durations (elapsed exactly 0).
    """
    if bucket == ZERO_BUCKET:
        return 0.0
    return 2 * GAMMA**bucket / (GAMMA + 1)


def bucket_of(seconds: float) -> int:
    """The sketch bucket of a non-negative duration in seconds (scalar form).

    Example:
        >>> bucket_of(0.0) == ZERO_BUCKET, bucket_value(bucket_of(3600.0)) / 3600 < 1 + ALPHA
        (True, True)
    """
    if seconds <= 0:
        return ZERO_BUCKET
    return math.ceil(math.log(seconds) / LOG_GAMMA)


def sketch_quantiles(hist: Sequence[tuple[int, int]]) -> tuple[float | None, float | None]:
    """The median and 90th percentile of a histogram of ``(bucket, count)`` pairs.

    The ranks are those of :class:`servicekit.sla.SummaryRow`: the median is the mean
    of the two middle values, the 90th percentile the nearest rank.

    Example:
        >>> sketch_quantiles([(bucket_of(60.0), 3), (bucket_of(120.0), 1)])[0]
        60.0...
        >>> sketch_quantiles([])
        (None, None)
    """
    pairs = sorted((b, c) for b, c in hist if c > 0)
    n = sum(c for _, c in pairs)
    if n == 0:
        return None, None

    def at(rank: int) -> float:
        seen = 0
        for bucket, count in pairs:  # pragma: no branch - rank < n always ends the loop
            seen += count
            if rank < seen:
                return bucket_value(bucket)
        return bucket_value(pairs[-1][0])  # pragma: no cover - unreachable, see above

    median = (at((n - 1) // 2) + at(n // 2)) / 2
    p90 = at(max(math.ceil(0.9 * n), 1) - 1)
    return median, p90


def summary_table(
    keys: Sequence[str],
    counts: Sequence[Sequence[Any]],
    hist: Sequence[Sequence[Any]],
) -> pa.Table:
    """Build the summary from the engine's aggregates, as a ``pyarrow.Table``.

    Args:
        keys: the group columns (``metric`` first).
        counts: per group, its key values then the :data:`COUNTS`.
        hist: per group and sketch bucket, the key values, the bucket and its count.
    """
    import pyarrow as pa  # noqa: PLC0415 - imported lazily, with the extra

    width = len(keys)
    sketches: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
    for record in hist:
        sketches.setdefault(_key(record[:width]), []).append(
            (int(record[width]), int(record[width + 1]))
        )
    out: dict[str, list[Any]] = {name: [] for name in (*keys, *SUMMARY_COLUMNS)}
    groups = sorted(
        ((_key(r[:width]), r[width:]) for r in counts),
        key=lambda pair: tuple((v is None, "" if v is None else v) for v in pair[0]),
    )
    for group, values in groups:
        counts_ = dict(zip(COUNTS, (int(v) for v in values), strict=True))
        decided = counts_["met"] + counts_["missed"] + counts_["breached"]
        median, p90 = sketch_quantiles(sketches.get(group, []))
        for name, value in zip(keys, group, strict=True):
            out[name].append(value)
        for name, value in counts_.items():
            out[name].append(value)
        out["attainment"].append(counts_["met"] / decided if decided else None)
        out["median_s"].append(median)
        out["p90_s"].append(p90)
    return pa.table(out)


def _key(values: Sequence[Any]) -> tuple[Any, ...]:
    """Group key values, with missing ones (None, NaN, pandas' NA and NaT) as ``None``."""
    return tuple(None if v is None or v != v else v for v in values)  # noqa: PLR0124 - NaN


def command(
    args: argparse.Namespace,
    out: TextIO,
    run: Callable[[object, Policy | PolicySet, datetime], pa.Table],
) -> int:
    """``servicekit sla evaluate --engine ...``: evaluate through ``run``, write as the command.

    ``args`` are the command's parsed arguments (``policy``, ``events``, ``now``,
    ``events_format``, ``format``, ``output``, ``summary``). A Parquet input goes to
    the engine as its path (read by the engine, in parallel); JSON lines or CSV are
    read here first. The output is the command's own: the clock rows as CSV or JSON
    (in the engine's order), the whole table as Parquet, or the summary per metric
    and priority (exact quantiles, from the rows the engine returns). Problems are
    warnings on standard error; a ticket that could not be evaluated is an error
    there and makes the exit status 2.
    """
    import pyarrow.compute as pc  # type: ignore[import-untyped]  # noqa: PLC0415

    from servicekit.cli import _io, _sla  # noqa: PLC0415 - the command's own helpers
    from servicekit.sla import attainment_partial  # noqa: PLC0415 - after the package

    policy = _sla.load_policy(args.policy)
    now = _io.instant(args.now, "--now")
    fmt_in = _sla._input_format(args.events, args.events_format)  # noqa: SLF001
    fmt_out = _sla._output_format(args)  # noqa: SLF001
    if fmt_in == "parquet" and args.events != "-":
        events: object = args.events
    elif fmt_in == "parquet":
        events = _io.parquet_module().read_table(sys.stdin.buffer)
    else:
        events = _sla._events_table(_sla.read_events(args.events, fmt_in))  # noqa: SLF001
    rows = run(events, policy, now)
    failed = _sla._report_problems(rows)  # noqa: SLF001
    if args.summary:
        partials = {
            "p": attainment_partial(rows, ["metric", "priority"]),
            "m": attainment_partial(rows, ["metric"]),
        }
        _sla._write_summary(args, out, fmt_out, partials)  # noqa: SLF001
    elif fmt_out == "parquet":
        _io.parquet_module().write_table(rows, args.output)
    else:
        clock = rows.filter(pc.equal(rows.column("row_type"), "clock"))
        records = clock.select(list(_sla.ROW_COLUMNS)).to_pylist()
        with _sla._text_output(args, out) as text:  # noqa: SLF001
            _io.write_rows(records, fmt_out, text, columns=_sla.ROW_COLUMNS)
    return 2 if failed else 0
