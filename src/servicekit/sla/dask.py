"""SLA clocks on Dask: :func:`servicekit.sla.evaluate_table` per partition, after a shuffle.

Install with ``pip install 'servicekit[dask]'``. Importing this module imports no
engine; :func:`evaluate` and :func:`attainment` import ``dask.dataframe`` when called.

The events of one ticket may sit in any partitions, in any order: :func:`evaluate`
first checks each partition (null ticket ids and the other row errors are reported
with the partition and row), then brings each ticket's events together with a shuffle
on ``ticket`` and runs :func:`servicekit.sla.evaluate_table` on every partition. The
policy travels to the workers as the JSON text of :meth:`Policy.to_dict` and is
rebuilt there with :meth:`Policy.from_dict` (its calendars too), so it needs no
pickling. :func:`attainment` sums counts and merges quantile sketches per group in
the engine: the client receives one row per group and sketch bucket, never the rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servicekit.exceptions import ConfigError
from servicekit.sla import _engines

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    import pandas as pd
    import pyarrow as pa  # type: ignore[import-untyped]
    from dask.dataframe import DataFrame

    from servicekit.sla._policy import Policy

__all__ = ["attainment", "evaluate", "run"]

_EXTRA = "dask"
_COUNTS = ("cycles", "met", "missed", "breached")


def _modules() -> tuple[Any, Any, Any]:
    dd = _engines.require("dask.dataframe", _EXTRA)
    pd = _engines.require("pandas", _EXTRA)
    pa = _engines.require("pyarrow", _EXTRA)
    return dd, pd, pa


def _empty(schema: pa.Schema) -> pd.DataFrame:
    """The pandas frame of an empty table of ``schema`` (Arrow-backed columns)."""
    import pandas as pd  # noqa: PLC0415 - imported lazily, with the extra

    return schema.empty_table().to_pandas(types_mapper=pd.ArrowDtype)


def _check_partition(
    frame: pd.DataFrame, partition_info: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Raise a ConfigError for the first null ticket id of a partition (before the shuffle).

    A null id could not be brought together with the rest of its ticket; every other
    row error is found by ``evaluate_table`` after the shuffle.
    """
    number = 0 if partition_info is None else partition_info["number"]
    missing = frame["ticket"].isna().to_numpy()
    if missing.any():
        row = int(missing.argmax())
        raise ConfigError(
            f"null ticket id in row {row} of partition {number}; give every event its ticket's id",
            "ticket",
        )
    return frame


def _evaluate_partition(frame: pd.DataFrame, policy_text: str, now: datetime) -> pd.DataFrame:
    """Evaluate the whole tickets of one partition (runs on a worker)."""
    import pandas as pd  # noqa: PLC0415 - imported lazily, with the extra
    import pyarrow as pa  # noqa: PLC0415

    from servicekit.sla import evaluate_table  # noqa: PLC0415 - after the package

    table = pa.Table.from_pandas(frame, preserve_index=False)
    out = evaluate_table(table, _engines.policy_from_json(policy_text), now)
    return out.to_pandas(types_mapper=pd.ArrowDtype)


def evaluate(
    events: DataFrame, policy: Policy, now: datetime, *, npartitions: int | None = None
) -> DataFrame:
    """Evaluate every ticket of a Dask data frame of events; lazily, as a Dask data frame.

    Args:
        events: a ``dask.dataframe.DataFrame`` with the columns of
            :func:`servicekit.sla.evaluate_table` (``ticket``, ``at``, ``kind`` and
            optionally ``priority``, ``status``, ``tags``). A ticket's events may
            sit in any partitions, in any order.
        policy: the targets per priority; it travels to the workers as the JSON of
            :meth:`~servicekit.sla.Policy.to_dict`.
        now: the instant of evaluation (aware).
        npartitions: the partitions after the shuffle on ``ticket`` (default: as
            many as ``events`` has).

    Returns:
        A ``dask.dataframe.DataFrame`` with the columns of
        :func:`servicekit.sla.evaluate_table`'s schema (Arrow-backed pandas dtypes):
        one row per ticket, metric and cycle plus one per ticket problem, as
        ``evaluate_table`` gives them on the same events. Rows come grouped by
        partition, not in any global order.

    Raises:
        ConfigError: a missing or unexpected column, or a column of the wrong type
            (naive timestamps in ``at`` among them), on the call; a null ticket id
            (with its partition and row) or any other row error of
            ``evaluate_table`` when computed.
        NaiveDatetimeError: ``now`` is naive.
        TypeError: ``events`` is not a Dask data frame, ``policy`` not a Policy or
            ``now`` not a datetime.
        ImportError: Dask is not installed (``pip install 'servicekit[dask]'``).

    Example:
        >>> import dask
        >>> import dask.dataframe as dd
        >>> import pandas as pd
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit.sla import Policy, Target
        >>> policy = Policy("email", {"normal": [Target("first_reply", timedelta(hours=4))]})
        >>> t = pd.Timestamp("2026-11-20 09:00", tz="UTC")
        >>> events = pd.DataFrame(
        ...     {
        ...         "ticket": ["A-2", "A-1", "A-2"],
        ...         "at": [t + pd.Timedelta(hours=1), t, t],
        ...         "kind": ["agent_reply", "created", "created"],
        ...         "priority": [None, "normal", "normal"],
        ...     }
        ... )
        >>> rows = evaluate(
        ...     dd.from_pandas(events, npartitions=2),
        ...     policy,
        ...     now=datetime(2026, 11, 20, 14, tzinfo=timezone.utc),
        ... )
        >>> with dask.config.set(scheduler="sync"):
        ...     frame = rows.compute()
        >>> sorted(zip(frame["ticket"], frame["status"]))
        [('A-1', 'breached'), ('A-2', 'met')]
    """
    dd, _, pa = _modules()
    if not isinstance(events, dd.DataFrame):
        raise TypeError(f"events must be a dask.dataframe.DataFrame, got {type(events).__name__}")
    text = _engines.check_arguments(policy, now)
    _engines.check_columns(list(events.columns))
    if npartitions is not None and (
        isinstance(npartitions, bool) or not isinstance(npartitions, int)
    ):
        raise TypeError(f"npartitions must be an integer, got {type(npartitions).__name__}")
    if npartitions is not None and npartitions < 1:
        raise ConfigError(f"must be at least 1, got {npartitions!r}", "npartitions")
    from servicekit.sla import evaluate_table  # noqa: PLC0415 - after the package

    # The empty frame with the events' dtypes goes through evaluate_table on the
    # client: a wrong column type fails here, on the call, as it would in one process.
    empty = pa.Table.from_pandas(events._meta, preserve_index=False)  # noqa: SLF001
    meta = _empty(evaluate_table(empty, policy, now).schema)
    checked = events.map_partitions(_check_partition, meta=events._meta)  # noqa: SLF001
    shuffled = checked.shuffle(on="ticket", npartitions=npartitions or events.npartitions)
    return shuffled.map_partitions(_evaluate_partition, text, now, meta=meta)


def _tally_partition(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Per row: the keys, indicator columns and the sketch bucket of stopped cycles."""
    import numpy as np  # noqa: PLC0415 - imported lazily, with the extra
    import pandas as pd  # noqa: PLC0415

    status = frame["status"].astype(object)
    counted = status.isin(_engines.COUNTED).to_numpy(dtype=bool)
    frame = frame[counted]
    status = status[counted]
    stopped = status.isin(("met", "missed")).to_numpy(dtype=bool)
    seconds = frame["elapsed_s"].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.ceil(np.log(seconds) / _engines.LOG_GAMMA)
    bucket = np.where(seconds > 0, raw, _engines.ZERO_BUCKET)
    out = pd.DataFrame({key: frame[key].astype(object).to_numpy() for key in keys})
    out["cycles"] = np.ones(len(frame), dtype="int64")
    out["met"] = (status == "met").to_numpy(dtype="int64")
    out["missed"] = (status == "missed").to_numpy(dtype="int64")
    out["breached"] = (status == "breached").to_numpy(dtype="int64")
    out["bucket"] = pd.array(np.where(stopped, bucket, 0).astype("int64"), dtype="Int64")
    out.loc[~stopped, "bucket"] = pd.NA
    return out


def attainment(rows: DataFrame, by: Sequence[str] = ()) -> pa.Table:
    """Summarise :func:`evaluate`'s rows per metric and group, with mergeable aggregates.

    Counts are summed per group and the elapsed times of stopped cycles go into a
    logarithmic quantile sketch (buckets ``ALPHA`` = 0.5 % wide, merged by adding
    their counts), both inside Dask: the client receives one row per group and one
    per group and bucket, never the rows themselves.

    Args:
        rows: a Dask data frame of :func:`evaluate`'s rows (or any with the columns
            ``metric``, ``status``, ``elapsed_s`` and those of ``by``).
        by: the columns to group by besides ``metric``, e.g. ``["priority"]``.

    Returns:
        A ``pyarrow.Table``: ``metric``, the ``by`` columns, then ``cycles``,
        ``met``, ``missed``, ``breached``, ``running``, ``attainment`` (``met`` over
        the decided cycles; null when none is decided), ``median_s`` and ``p90_s``
        (seconds; within 0.5 % of the exact values of the same ranks), sorted by the
        group columns.

    Raises:
        ConfigError: a ``by`` column that the rows do not have.
        TypeError: ``rows`` is not a Dask data frame or ``by`` not a list of names.
        ImportError: Dask is not installed (``pip install 'servicekit[dask]'``).

    Example:
        >>> import dask
        >>> import dask.dataframe as dd
        >>> import pandas as pd
        >>> rows = pd.DataFrame(
        ...     {
        ...         "metric": ["first_reply"] * 3,
        ...         "priority": ["high", "high", "low"],
        ...         "status": ["met", "missed", "met"],
        ...         "elapsed_s": [60.0, 7200.0, 120.0],
        ...     }
        ... )
        >>> with dask.config.set(scheduler="sync"):
        ...     table = attainment(dd.from_pandas(rows, npartitions=2), by=["priority"])
        >>> table.column("attainment").to_pylist()
        [0.5, 1.0]
    """
    dd, pd, _pa = _modules()
    import dask  # noqa: PLC0415 - imported lazily, with the extra

    if not isinstance(rows, dd.DataFrame):
        raise TypeError(f"rows must be a dask.dataframe.DataFrame, got {type(rows).__name__}")
    keys = _engines.check_by(by, list(rows.columns))
    meta = pd.DataFrame(
        {
            **{key: pd.Series([], dtype=object) for key in keys},
            **{name: pd.Series([], dtype="int64") for name in _COUNTS},
            "bucket": pd.Series([], dtype="Int64"),
        }
    )
    tallies = rows.map_partitions(_tally_partition, keys, meta=meta)
    counts = tallies.groupby(keys, dropna=False)[list(_COUNTS)].sum()
    stopped = tallies[tallies["bucket"].notna()]
    hist = stopped.groupby([*keys, "bucket"], dropna=False)["cycles"].sum()
    counts_frame, hist_frame = dask.compute(counts, hist)
    return _engines.summary_table(
        keys,
        list(counts_frame.reset_index().itertuples(index=False)),
        list(hist_frame.reset_index().itertuples(index=False)),
    )


def run(
    events: object, policy: Policy, now: datetime, *, by: Sequence[str] | None = None
) -> pa.Table:
    """Evaluate on the Dask scheduler in use and bring the result back (for ``--engine dask``).

    Args:
        events: anything :func:`servicekit.sla.evaluate_table` reads (a
            ``pyarrow.Table``, pandas frame, ...) or a Dask data frame.
        policy: the targets per priority.
        now: the instant of evaluation (aware).
        by: when given, return :func:`attainment` over these columns instead of the
            rows.

    Returns:
        The rows (``evaluate_table``'s schema) or the summary, as a ``pyarrow.Table``.

    Raises:
        ConfigError, NaiveDatetimeError, TypeError, ImportError: as :func:`evaluate`.

    Example:
        >>> import dask
        >>> import pyarrow as pa
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit.sla import Policy, Target
        >>> policy = Policy("email", {"normal": [Target("first_reply", timedelta(hours=4))]})
        >>> t = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
        >>> events = pa.table(
        ...     {"ticket": ["A-1"], "at": [t], "kind": ["created"], "priority": ["normal"]}
        ... )
        >>> with dask.config.set(scheduler="sync"):
        ...     run(events, policy, t + timedelta(hours=1)).column("status").to_pylist()
        ['on_track']
    """
    dd, pd, pa = _modules()
    if not isinstance(events, dd.DataFrame):
        table = events if isinstance(events, pa.Table) else pa.table(events)
        events = dd.from_pandas(table.to_pandas(types_mapper=pd.ArrowDtype), npartitions=1)
    rows = evaluate(events, policy, now)
    if by is not None:
        return attainment(rows, by)
    frame = rows.compute()
    return pa.Table.from_pandas(frame, preserve_index=False)
