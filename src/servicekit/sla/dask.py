"""SLA clocks on Dask: :func:`servicekit.sla.evaluate_table` per partition, after a shuffle.

Install with ``pip install 'servicekit[dask]'``. Importing this module imports no
engine; :func:`evaluate` and :func:`attainment` import ``dask.dataframe`` when called.

The events of one ticket may sit in any partitions, in any order: :func:`evaluate`
first checks each partition (null ticket ids and the other row errors are reported
with the partition and row), then brings each ticket's events together with a shuffle
on ``ticket`` and runs :func:`servicekit.sla.evaluate_table` on every partition. The
policy travels to the workers as the JSON text of :meth:`~servicekit.sla.Policy.to_dict` and is
rebuilt there with :meth:`~servicekit.sla.Policy.from_dict` (its calendars too), so it needs no
pickling. :func:`attainment` sums counts and merges quantile sketches per group in
the engine: the client receives one row per group and sketch bucket, never the rows.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any, cast

from servicekit.exceptions import ConfigError
from servicekit.sla import _engines

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from datetime import datetime
    from typing import TextIO

    import numpy as np
    import numpy.typing as npt
    import pandas as pd
    import pyarrow as pa  # type: ignore[import-untyped]
    from dask.dataframe import DataFrame

    from servicekit.sla._policy import Policy
    from servicekit.sla._policyset import PolicySet

__all__ = ["attainment", "evaluate", "evaluate_command", "run"]

_EXTRA = "dask"


def _modules() -> tuple[Any, Any, Any]:
    dd = _engines.require("dask.dataframe", _EXTRA)
    pd = _engines.require("pandas", _EXTRA)
    pa = _engines.require("pyarrow", _EXTRA)
    return dd, pd, pa


def _empty(schema: pa.Schema) -> pd.DataFrame:
    """The pandas frame of an empty table of ``schema`` (Arrow-backed columns)."""
    import pandas as pd  # noqa: PLC0415 - imported lazily, with the extra

    return cast("pd.DataFrame", schema.empty_table().to_pandas(types_mapper=pd.ArrowDtype))


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """A pandas partition as Arrow; object columns that hold only nulls or empty lists.

    Arrow infers ``null`` or ``list<null>`` for them (always so for Dask's empty
    meta): they become ``string`` and ``list<string>``, the types they stand for.
    """
    import pyarrow as pa  # noqa: PLC0415 - imported lazily, with the extra

    table = pa.Table.from_pandas(frame, preserve_index=False)
    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type) and pa.types.is_null(field.type.value_type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.list_(pa.string())))
    return table


def _prepare_partition(
    frame: pd.DataFrame, partition_info: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Check one input partition and number its rows (before the shuffle).

    The errors that ``evaluate_table`` raises for a row (a null ticket id, an unknown
    or null kind, an instant finer than a microsecond) are found here, where the
    partition and row still mean something; the row id kept in :data:`ROW_ID`
    restores each ticket's event order after the shuffle.
    """
    import numpy as np  # noqa: PLC0415 - imported lazily, with the extra

    from servicekit.sla import TABLE_KINDS as KINDS  # noqa: PLC0415 - after the package

    number = 0 if partition_info is None else int(partition_info["number"])
    missing = frame["ticket"].isna().to_numpy(dtype=bool)
    if missing.any():
        raise _engines.row_error(
            "ticket", number, int(missing.argmax()), "a null ticket id; give every event its ticket"
        )
    kind = frame["kind"]
    unknown = ~kind.isin(KINDS).to_numpy(dtype=bool)
    if unknown.any():
        row = int(unknown.argmax())
        raise _engines.row_error(
            "kind", number, row, f"unknown event kind {kind.iloc[row]!r}; expected one of {KINDS}"
        )
    for column in ("at", "due"):
        if column in frame.columns and frame[column].dtype.kind == "M":
            ns = frame[column].to_numpy(dtype="datetime64[ns]").view("int64")
            finer = (ns % 1000 != 0) & ~frame[column].isna().to_numpy(dtype=bool)
            if finer.any():
                raise _engines.row_error(
                    column,
                    number,
                    int(finer.argmax()),
                    "an instant finer than a microsecond; round the column to microseconds",
                )
    rows = (np.int64(number) << np.int64(32)) + np.arange(len(frame), dtype="int64")
    return cast("pd.DataFrame", frame.assign(**{_engines.ROW_ID: rows}))


def _evaluate_partition(frame: pd.DataFrame, policy_text: str, now: datetime) -> pd.DataFrame:
    """Evaluate the whole tickets of one shuffled partition (runs on a worker)."""
    import pandas as pd  # noqa: PLC0415 - imported lazily, with the extra

    from servicekit.sla import evaluate_table  # noqa: PLC0415 - after the package

    frame = frame.sort_values(_engines.ROW_ID, kind="stable")
    row_ids = frame[_engines.ROW_ID].to_numpy(dtype="int64")
    table = _arrow(frame.drop(columns=[_engines.ROW_ID]))
    out = evaluate_table(table, _engines.policy_from_json(policy_text), now)
    out = _engines.remap_rows(out, row_ids.tolist())
    return cast("pd.DataFrame", out.to_pandas(types_mapper=pd.ArrowDtype))


def evaluate(
    events: DataFrame,
    policy: Policy | PolicySet,
    now: datetime,
    *,
    npartitions: int | None = None,
) -> DataFrame:
    """Evaluate every ticket of a Dask data frame of events; lazily, as a Dask data frame.

    Args:
        events: a ``dask.dataframe.DataFrame`` with the columns of
            :func:`servicekit.sla.evaluate_table` (``ticket``, ``at``, ``kind`` and
            optionally ``priority``, ``status``, ``tags``, ``metric``, ``due``,
            ``field``, ``value``, ``added``, ``removed``). A ticket's events may sit
            in any partitions, in any order.
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
        >>> now = datetime(2026, 11, 20, 14, tzinfo=timezone.utc)
        >>> with dask.config.set({"scheduler": "sync", "dataframe.shuffle.method": "tasks"}):
        ...     rows = evaluate(dd.from_pandas(events, npartitions=2), policy, now)
        ...     frame = rows.compute()  # type: ignore[no-untyped-call]
        >>> sorted(zip(frame["ticket"], frame["status"]))
        [('A-1', 'breached'), ('A-2', 'met')]
    """
    dd, _, _pa = _modules()
    import numpy as np  # noqa: PLC0415 - imported lazily, with the extra

    if not isinstance(events, dd.DataFrame):
        raise TypeError(f"events must be a dask.dataframe.DataFrame, got {type(events).__name__}")
    text = _engines.check_arguments(policy, now)
    if npartitions is not None and (
        isinstance(npartitions, bool) or not isinstance(npartitions, int)
    ):
        raise TypeError(f"npartitions must be an integer, got {type(npartitions).__name__}")
    if npartitions is not None and npartitions < 1:
        raise ConfigError(f"must be at least 1, got {npartitions!r}", "npartitions")
    from servicekit.sla import evaluate_table  # noqa: PLC0415 - after the package

    # The empty frame with the events' columns and dtypes goes through evaluate_table
    # on the client: a missing, unknown or mistyped column fails here, on the call,
    # as it would in one process.
    empty = events._meta  # noqa: SLF001 - Dask's documented empty frame of the dtypes
    meta = _empty(evaluate_table(_arrow(empty), policy, now).schema)
    numbered = events.map_partitions(
        _prepare_partition, meta=empty.assign(**{_engines.ROW_ID: np.array([], dtype="int64")})
    )
    # Dask's P2P shuffle cannot carry Arrow list columns (tags, added or removed as
    # lists); the task shuffle can.
    listed = [
        typ
        for name in ("tags", "added", "removed")
        if (typ := empty.dtypes.get(name)) is not None
        and ("list" in str(typ) or str(typ) == "object")
    ]
    method = "tasks" if listed else None
    shuffled = numbered.shuffle(
        on="ticket", npartitions=npartitions or events.npartitions, shuffle_method=method
    )
    return cast("DataFrame", shuffled.map_partitions(_evaluate_partition, text, now, meta=meta))


def _clock_arrow(frame: pd.DataFrame, keys: Sequence[str]) -> pa.Table | None:
    """The clock rows of a partition as Arrow, with the group keys as ``k0``, ``k1``...

    ``None`` when a key column is not Arrow-backed or is floating point (where NaN
    and null would have to be told apart): the caller then groups with pandas.
    """
    import pandas as pd  # noqa: PLC0415 - imported lazily, with the extra
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # type: ignore[import-untyped]  # noqa: PLC0415

    columns = [frame[key] for key in keys]
    dtypes = [c.dtype for c in columns]
    if not all(isinstance(d, pd.ArrowDtype) for d in dtypes) or any(
        pa.types.is_floating(d.pyarrow_dtype) or pa.types.is_nested(d.pyarrow_dtype)
        for d in cast("list[pd.ArrowDtype]", dtypes)
    ):
        return None
    needed = ("row_type", "ticket", "cycle", "status", "elapsed_s")
    arrays = {name: pa.array(frame[name], from_pandas=True) for name in needed}
    arrays |= {f"k{i}": pa.array(c, from_pandas=True) for i, c in enumerate(columns)}
    table = pa.table(arrays)
    return table.filter(pc.equal(table["row_type"], "clock"))


def _partial_partition(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Per group of one partition: distinct tickets and the counts (runs on a worker)."""
    import pandas as pd  # noqa: PLC0415 - imported lazily, with the extra

    names = [f"k{i}" for i in range(len(keys))] or ["_g"]
    table = _clock_arrow(frame, keys)
    if table is not None:
        return _partial_arrow(table, names)
    clock = _clock_rows(frame)
    status = clock["status"].astype(object)
    cycle = clock["cycle"].notna()
    work = pd.DataFrame({f"k{i}": clock[key].astype(object) for i, key in enumerate(keys)})
    work["_g"] = 0
    work["ticket"] = clock["ticket"].astype(object)
    work["cycles"] = cycle.astype("int64")
    work["met"] = (status == "met").astype("int64")
    work["missed"] = (status == "missed").astype("int64")
    work["breached"] = (cycle & (status == "breached")).astype("int64")
    work["running"] = (cycle & status.isin(_engines.RUNNING)).astype("int64")
    grouped = work.groupby(names, dropna=False, sort=False)
    out = grouped[list(_engines.COUNTS[1:])].sum()
    out.insert(0, "tickets", grouped["ticket"].nunique())
    return cast("pd.DataFrame", out.reset_index())


def _partial_arrow(table: pa.Table, names: Sequence[str]) -> pd.DataFrame:
    """:func:`_partial_partition` on the Arrow clock rows (the same frame)."""
    import pyarrow as pa  # noqa: PLC0415 - imported lazily, with the extra
    import pyarrow.compute as pc  # noqa: PLC0415

    status = table["status"]
    cycle = pc.is_valid(table["cycle"])

    def flag(mask: pa.ChunkedArray) -> pa.ChunkedArray:
        return pc.cast(pc.fill_null(mask, fill_value=False), pa.int64())

    work = table.select([n for n in names if n != "_g"]).append_column(
        "_g", pa.array([0] * table.num_rows, pa.int64())
    )
    work = (
        work.append_column("ticket", table["ticket"])
        .append_column("cycles", flag(cycle))
        .append_column("met", flag(pc.equal(status, "met")))
        .append_column("missed", flag(pc.equal(status, "missed")))
        .append_column("breached", flag(pc.and_(cycle, pc.equal(status, "breached"))))
        .append_column(
            "running", flag(pc.and_(cycle, pc.is_in(status, pa.array(_engines.RUNNING))))
        )
    )
    aggregated = work.group_by(list(names), use_threads=False).aggregate(
        [("ticket", "count_distinct"), *((name, "sum") for name in _engines.COUNTS[1:])]
    )
    return _partials_frame(aggregated, names, _engines.COUNTS)


def _partials_frame(table: pa.Table, names: Sequence[str], values: Sequence[str]) -> pd.DataFrame:
    """An aggregated Arrow table as the pandas frame of the partials' meta."""
    import pandas as pd  # noqa: PLC0415 - imported lazily, with the extra

    columns = [c for c in table.column_names if c not in names]
    out = pd.DataFrame({name: table[name].to_pandas().astype(object) for name in names})
    for name, column in zip(values, columns, strict=True):
        out[name] = table[column].to_numpy(zero_copy_only=False).astype("int64")
    return cast("pd.DataFrame", out)


def _hist_partition(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Per group and sketch bucket of one partition: the stopped cycles (on a worker)."""
    import numpy as np  # noqa: PLC0415 - imported lazily, with the extra
    import pandas as pd  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    names = [f"k{i}" for i in range(len(keys))] or ["_g"]
    table = _clock_arrow(frame, keys)
    if table is not None:
        stopped = table.filter(pc.is_in(table["status"], pa.array(["met", "missed"])))
        seconds = stopped["elapsed_s"].to_numpy().astype("float64")
        work = stopped.select([n for n in names if n != "_g"]).append_column(
            "_g", pa.array([0] * stopped.num_rows, pa.int64())
        )
        work = work.append_column("bucket", pa.array(_buckets(seconds))).append_column(
            "n", pa.array(np.ones(stopped.num_rows, dtype="int64"))
        )
        aggregated = work.group_by([*names, "bucket"], use_threads=False).aggregate([("n", "sum")])
        return _partials_frame(aggregated, names, ("bucket", "n"))
    clock = _clock_rows(frame)
    stopped_rows = clock[
        clock["status"].astype(object).isin(("met", "missed")).to_numpy(dtype=bool)
    ]
    seconds = stopped_rows["elapsed_s"].to_numpy(dtype="float64", na_value=np.nan)
    work_frame = pd.DataFrame(
        {f"k{i}": stopped_rows[key].astype(object) for i, key in enumerate(keys)}
    )
    work_frame["_g"] = 0
    work_frame["bucket"] = _buckets(seconds)
    work_frame["n"] = 1
    return cast(
        "pd.DataFrame",
        work_frame.groupby([*names, "bucket"], dropna=False, sort=False)["n"].sum().reset_index(),
    )


def _buckets(seconds: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """The sketch buckets of elapsed seconds (zero, and a missing time, in their own)."""
    import numpy as np  # noqa: PLC0415 - imported lazily, with the extra

    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.ceil(np.log(seconds) / _engines.LOG_GAMMA)
    return np.where(seconds > 0, raw, _engines.ZERO_BUCKET).astype("int64")


def _clock_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return cast(
        "pd.DataFrame", frame[(frame["row_type"].astype(object) == "clock").to_numpy(dtype=bool)]
    )


def attainment(rows: DataFrame, by: Sequence[str] = ("metric", "priority")) -> pa.Table:
    """Summarise :func:`evaluate`'s rows per group, with mergeable aggregates.

    The summary of :func:`servicekit.sla.attainment_table`, computed inside Dask:
    each partition counts its groups (distinct tickets, cycles, met, missed,
    breached, running) and fills a logarithmic quantile sketch of the stopped
    cycles' times (buckets 0.5 % wide); the partials are summed per group, and the
    client receives one row per group and one per group and bucket, never the rows.
    ``tickets`` adds up because :func:`evaluate` keeps each ticket's rows in one
    partition.

    Args:
        rows: a Dask data frame of :func:`evaluate`'s rows, possibly with columns
            added (a month, a team).
        by: the columns to group by (``[]`` for one group).

    Returns:
        A ``pyarrow.Table``: the ``by`` columns, then ``tickets``, ``cycles``,
        ``met``, ``missed``, ``breached``, ``running``, ``attainment`` (``met`` over
        the decided cycles; null when none is decided), ``median_s`` and ``p90_s``
        (seconds, within 0.5 % of ``attainment_table``'s exact values), one row per
        group, sorted by the group columns (nulls last).

    Raises:
        ConfigError: a ``by`` column or a column of :func:`evaluate`'s rows is
            missing.
        TypeError: ``rows`` is not a Dask data frame or ``by`` not a list of names.
        ImportError: Dask is not installed (``pip install 'servicekit[dask]'``).

    Example:
        >>> import dask
        >>> import dask.dataframe as dd
        >>> import pandas as pd
        >>> rows = pd.DataFrame(
        ...     {
        ...         "ticket": ["A", "B", "C"],
        ...         "row_type": ["clock"] * 3,
        ...         "metric": ["first_reply"] * 3,
        ...         "cycle": [0, 0, 0],
        ...         "priority": ["high", "high", "low"],
        ...         "status": ["met", "missed", "met"],
        ...         "elapsed_s": [60.0, 7200.0, 120.0],
        ...     }
        ... )
        >>> with dask.config.set({"scheduler": "sync", "dataframe.shuffle.method": "tasks"}):
        ...     table = attainment(dd.from_pandas(rows, npartitions=2), by=["priority"])
        >>> table.column("attainment").to_pylist()
        [0.5, 1.0]
    """
    dd, pd, _ = _modules()
    import dask  # noqa: PLC0415 - imported lazily, with the extra

    if not isinstance(rows, dd.DataFrame):
        raise TypeError(f"rows must be a dask.dataframe.DataFrame, got {type(rows).__name__}")
    keys = _engines.check_by(by, list(rows.columns))
    names = [f"k{i}" for i in range(len(keys))] or ["_g"]
    objects = {name: pd.Series([], dtype=object) for name in names}
    partial_meta = pd.DataFrame(
        {**objects, **{name: pd.Series([], dtype="int64") for name in _engines.COUNTS}}
    )
    hist_meta = pd.DataFrame(
        {**objects, "bucket": pd.Series([], dtype="int64"), "n": pd.Series([], dtype="int64")}
    )
    partials = rows.map_partitions(_partial_partition, keys, meta=partial_meta)
    hists = rows.map_partitions(_hist_partition, keys, meta=hist_meta)
    # One output partition: the partials are small, and Dask would otherwise shuffle
    # them once the rows have many partitions (``split_out`` grows with them).
    counts = partials.groupby(names, dropna=False)[list(_engines.COUNTS)].sum(split_out=1)
    hist = hists.groupby([*names, "bucket"], dropna=False)["n"].sum(split_out=1)
    counts_frame, hist_frame = dask.compute(counts, hist)  # type: ignore[attr-defined, no-untyped-call]
    skip = 0 if keys else 1  # the constant group of by=[]
    return _engines.summary_table(
        keys,
        [r[skip:] for r in counts_frame.reset_index().itertuples(index=False)],
        [r[skip:] for r in hist_frame.reset_index().itertuples(index=False)],
    )


def run(
    events: object,
    policy: Policy | PolicySet,
    now: datetime,
    *,
    by: Sequence[str] | None = None,
    npartitions: int | None = None,
) -> pa.Table:
    """Evaluate with Dask and bring the result back: the entry point of ``--engine dask``.

    Runs on the scheduler in use (a ``distributed.Client`` if one is active, else
    Dask's default for data frames).

    Args:
        events: a Dask data frame; a path (``str``) to Parquet files, read with
            ``dask.dataframe.read_parquet``; or anything
            :func:`servicekit.sla.evaluate_table` reads (a ``pyarrow.Table``, a
            pandas frame, ...), split into ``npartitions``.
        policy: the targets per priority.
        now: the instant of evaluation (aware).
        by: when given, return :func:`attainment` over these columns instead of the
            rows.
        npartitions: the partitions after the shuffle (and of an in-memory table;
            default: the input's, or the number of CPUs for an in-memory table).

    Returns:
        The rows (in :func:`servicekit.sla.table_schema`) or the summary, as a
        ``pyarrow.Table``.

    Raises:
        ConfigError: as :func:`evaluate` (or :func:`attainment` for ``by``).
        NaiveDatetimeError: ``now`` is naive, or ``at`` has no time zone.
        TypeError: as :func:`evaluate`.
        ImportError: Dask is not installed (``pip install 'servicekit[dask]'``).

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
        >>> with dask.config.set({"scheduler": "sync", "dataframe.shuffle.method": "tasks"}):
        ...     run(events, policy, t + timedelta(hours=1)).column("status").to_pylist()
        ['on_track']
    """
    dd, pd, pa = _modules()
    from servicekit.sla import table_schema  # noqa: PLC0415 - after the package

    if isinstance(events, str):
        events = dd.read_parquet(events)
    elif not isinstance(events, dd.DataFrame):
        table = events if isinstance(events, pa.Table) else pa.table(events)
        events = dd.from_pandas(
            table.to_pandas(types_mapper=pd.ArrowDtype),
            npartitions=npartitions or os.cpu_count() or 1,
            sort=False,
        )
    rows = evaluate(cast("DataFrame", events), policy, now, npartitions=npartitions)
    if by is not None:
        return attainment(rows, by)
    frame = rows.compute()  # type: ignore[no-untyped-call]
    return pa.Table.from_pandas(frame, schema=table_schema(), preserve_index=False)


def evaluate_command(args: argparse.Namespace, out: TextIO) -> int:
    """``servicekit sla evaluate --engine dask``: the command's hook into Dask.

    Connects to the scheduler at Dask's ``scheduler-address`` setting (the
    ``DASK_SCHEDULER_ADDRESS`` environment variable) when there is one, else starts a
    ``distributed.LocalCluster`` of one single-threaded worker process per core for
    the run; then evaluates with :func:`run` and writes what the command writes (see
    ``servicekit sla evaluate --help``).

    Returns:
        0, or 2 when a ticket could not be evaluated (the exit status).

    Raises:
        ConfigError: the policy, ``--now`` or the events are not valid.
        ImportError: Dask is not installed (``pip install 'servicekit[dask]'``).
    """
    _modules()
    import dask  # noqa: PLC0415 - imported lazily, with the extra
    import distributed  # noqa: PLC0415

    address = dask.config.get("scheduler-address", None)
    with contextlib.ExitStack() as stack:
        if address:
            stack.enter_context(distributed.Client(address))  # type: ignore[no-untyped-call]
        else:
            cluster = stack.enter_context(
                distributed.LocalCluster(  # type: ignore[no-untyped-call]
                    processes=True, threads_per_worker=1, dashboard_address=":0"
                )
            )
            stack.enter_context(distributed.Client(cluster))  # type: ignore[no-untyped-call]
        return _engines.command(args, out, run)
