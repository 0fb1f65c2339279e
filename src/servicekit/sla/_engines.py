"""What the Dask and Spark front ends share (private): imports, policies, the sketch.

Neither engine is imported here: :mod:`servicekit.sla.dask` and
:mod:`servicekit.sla.spark` import theirs lazily, inside the functions that need them.
"""

from __future__ import annotations

import functools
import importlib
import json
import math
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from servicekit._time import require_aware
from servicekit.exceptions import ConfigError
from servicekit.sla._policy import Policy

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

    import pyarrow as pa  # type: ignore[import-untyped]

__all__ = [
    "ALPHA",
    "COUNTED",
    "EVENT_COLUMNS",
    "GAMMA",
    "LOG_GAMMA",
    "REQUIRED_COLUMNS",
    "SUMMARY_COLUMNS",
    "ZERO_BUCKET",
    "bucket_of",
    "bucket_value",
    "check_arguments",
    "check_by",
    "check_columns",
    "policy_from_json",
    "policy_json",
    "require",
    "sketch_quantiles",
    "summary_table",
]

#: The columns an event table may have, in order; the first three are required.
EVENT_COLUMNS: Final = ("ticket", "at", "kind", "priority", "status", "tags")
REQUIRED_COLUMNS: Final = EVENT_COLUMNS[:3]

#: The relative accuracy of the quantile sketch: a median or 90th percentile read
#: from it is within 0.5 % of the exact one (of the same rank).
ALPHA: Final = 0.005
#: Bucket ``i`` holds the durations in ``(GAMMA**(i-1), GAMMA**i]`` seconds.
GAMMA: Final = (1 + ALPHA) / (1 - ALPHA)
LOG_GAMMA: Final = math.log(GAMMA)
#: The bucket of zero durations (elapsed exactly 0 s).
ZERO_BUCKET: Final = -(2**31)

#: The statuses that :func:`attainment` counts: every cycle but ``not_started`` rows.
COUNTED: Final = ("met", "missed", "breached", "on_track", "at_risk", "paused")

#: The columns of an engine's attainment summary after the ``by`` columns and
#: ``metric``: as :meth:`servicekit.sla.SummaryRow.to_dict`.
SUMMARY_COLUMNS: Final = (
    "cycles",
    "met",
    "missed",
    "breached",
    "running",
    "attainment",
    "median_s",
    "p90_s",
)


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
    if not isinstance(policy, Policy):
        raise TypeError(f"policy must be a Policy, got {type(policy).__name__}")
    return json.dumps(policy.to_dict(), sort_keys=True)


@functools.lru_cache(maxsize=8)  # thread-safe; a worker rebuilds each policy once
def policy_from_json(text: str) -> Policy:
    """Rebuild a policy (its calendars too) from :func:`policy_json`'s text."""
    return Policy.from_dict(json.loads(text))


def check_arguments(policy: object, now: object) -> str:
    """Check ``policy`` and ``now`` on the driver; return the policy's JSON."""
    text = policy_json(policy)
    if not isinstance(now, datetime):
        raise TypeError(f"now must be a datetime, got {type(now).__name__}")
    require_aware(now, "now")
    return text


def check_columns(columns: Sequence[str]) -> None:
    """Raise a ConfigError naming the first missing or unexpected column."""
    for name in columns:
        if name not in EVENT_COLUMNS:
            raise ConfigError(
                f"unexpected column {name!r}; the events have the columns "
                f"{', '.join(EVENT_COLUMNS)} (drop the others first)",
                str(name),
            )
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            raise ConfigError(
                f"missing; the events need the columns {', '.join(REQUIRED_COLUMNS)}", name
            )


def check_by(by: object, columns: Sequence[str]) -> list[str]:
    """Return the grouping columns (``metric`` first), checked against ``columns``."""
    if isinstance(by, str) or not isinstance(by, (list, tuple)):
        raise TypeError(f"by must be a list of column names, got {type(by).__name__}")
    keys = ["metric"]
    for i, name in enumerate(by):
        if not isinstance(name, str):
            raise TypeError(f"by[{i}] must be a column name, got {type(name).__name__}")
        if name not in columns:
            raise ConfigError(
                f"no column {name!r} in the rows; group by some of {', '.join(columns)}",
                f"by[{i}]",
            )
        if name not in keys:
            keys.append(name)
    return keys


def bucket_value(bucket: int) -> float:
    """The value that stands for a sketch bucket: within ``ALPHA`` of any value in it.

    Bucket ``-2**31`` holds the zero durations (elapsed exactly 0).
    """
    if bucket == ZERO_BUCKET:
        return 0.0
    return 2 * GAMMA**bucket / (GAMMA + 1)


def bucket_of(seconds: float) -> int:
    """The sketch bucket of a non-negative duration in seconds (scalar form)."""
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
        counts: per group, its key values then ``cycles, met, missed, breached``.
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
        cycles, met, missed, breached = (int(v) for v in values)
        decided = met + missed + breached
        median, p90 = sketch_quantiles(sketches.get(group, []))
        for name, value in zip(keys, group, strict=False):
            out[name].append(value)
        out["cycles"].append(cycles)
        out["met"].append(met)
        out["missed"].append(missed)
        out["breached"].append(breached)
        out["running"].append(cycles - decided)
        out["attainment"].append(met / decided if decided else None)
        out["median_s"].append(median)
        out["p90_s"].append(p90)
    return pa.table(out)


def _key(values: Sequence[Any]) -> tuple[Any, ...]:
    """Group key values, with missing ones (None, NaN, pandas' NA and NaT) as ``None``."""
    return tuple(None if v is None or v != v else v for v in values)  # noqa: PLR0124 - NaN
