"""SLA clocks over Arrow tables: one row per ticket, metric and cycle (private).

:func:`evaluate_table` reads an event table column by column (no
:class:`~servicekit.sla.TicketEvent` is built for a valid event), groups the rows by
ticket with an Arrow dictionary encoding and a stable sort, walks and measures each
ticket with the engine :func:`~servicekit.sla.evaluate_many` uses, and writes the
results straight into columns. :func:`attainment_table` summarises such a table with
mergeable partial aggregates (:func:`attainment_partial`, :func:`attainment_merge`,
:func:`attainment_finish`), which the Dask and Spark engines reuse.

pyarrow and numpy (extra ``arrow``) are imported here only, when a function is called.
"""

from __future__ import annotations

import itertools
import math
import sys
from typing import TYPE_CHECKING, Any, Final

from servicekit._time import require_aware, tz_database_version
from servicekit.exceptions import ConfigError, NaiveDatetimeError, ServicekitError
from servicekit.sla._batch import ROW_COLUMNS, _ticket_error
from servicekit.sla._clock import MAX_US, MIN_US, instant_to_us, us_to_instant
from servicekit.sla._engine import _Context, _measure_ticket, _problems, walk_for
from servicekit.sla._events import FIELDS, KINDS, TicketEvent
from servicekit.sla._policy import METRICS, Policy
from servicekit.sla._policyset import PolicySet
from servicekit.sla._vector import vectorised

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime


__all__ = [
    "EVENT_COLUMNS",
    "ROW_TYPES",
    "SUMMARY_TABLE_COLUMNS",
    "TABLE_COLUMNS",
    "TABLE_KINDS",
    "attainment_finish",
    "attainment_merge",
    "attainment_partial",
    "attainment_table",
    "evaluate_table",
    "table_schema",
]

#: The columns of an event table, as ``servicekit sla evaluate`` reads them:
#: ``(name, Arrow types accepted, required)``. ``ticket`` (text or integers; integers
#: are read as their digits), ``at`` (aware timestamps), ``kind`` (one of
#: :data:`~servicekit.sla.KINDS`) are required; the others may be missing or null
#: where no event carries them: ``priority``, ``status``, ``metric`` (text), ``tags``
#: (a list of text, or text separated by ``;``), ``due`` (aware timestamps), and for
#: the changes a :class:`~servicekit.sla.PolicySet` watches, ``field`` and ``value``
#: (text: a ``field`` event's field and its new value, null when cleared) and
#: ``added`` and ``removed`` (as ``tags``: a ``tags`` event's tags). Each carries
#: what the :class:`~servicekit.sla.TicketEvent` attribute of that name carries. A
#: ticket's initial fields are ``field`` rows at its creation instant, after its
#: ``created`` row.
EVENT_COLUMNS: Final = (
    ("ticket", "string or integer", True),
    ("at", "timestamp with a time zone", True),
    ("kind", "string", True),
    ("priority", "string", False),
    ("status", "string", False),
    ("tags", "list of strings, or a string with ';' between tags", False),
    ("metric", "string", False),
    ("due", "timestamp with a time zone", False),
    ("field", "string", False),
    ("value", "string", False),
    ("added", "list of strings, or a string with ';' between tags", False),
    ("removed", "list of strings, or a string with ';' between tags", False),
)

#: The values of the ``row_type`` column of :func:`evaluate_table`'s result:
#: ``clock`` (one ticket, metric and cycle, or a metric not started: the rows of
#: :attr:`BatchReport.rows <servicekit.sla.BatchReport.rows>`), ``problem`` (a
#: contradiction in a ticket's events, :class:`~servicekit.sla.Problem`; the ticket's
#: clocks are still there) and ``error`` (a ticket that could not be evaluated, as
#: :class:`~servicekit.sla.TicketError`; it has no clock rows).
ROW_TYPES: Final = ("clock", "problem", "error")

_TS = "timestamp[us, tz=UTC]"
#: The schema of :func:`evaluate_table`'s result: ``(name, Arrow type, meaning)``.
#: :func:`table_schema` gives it as a ``pyarrow.Schema`` (also
#: ``servicekit.sla.TABLE_SCHEMA``). Columns a row type does not use are null.
TABLE_COLUMNS: Final = (
    ("ticket", "string", "the ticket id (integer ids as their digits)"),
    ("row_type", "string", "clock, problem or error (ROW_TYPES)"),
    ("metric", "string", "clock: the metric"),
    ("cycle", "int32", "clock: the cycle's number 0, 1, ...; null for a metric not started"),
    ("priority", "string", "clock: the priority whose target measured the cycle"),
    ("status", "string", "clock: one of CLOCK_STATUSES"),
    ("start", _TS, "clock: when the cycle started"),
    ("stop", _TS, "clock: when it stopped; null while it runs or is paused"),
    ("deadline", _TS, "clock: when the target runs out (see Cycle.deadline)"),
    ("stop_reason", "string", "clock: agent_reply or the status that stopped it"),
    ("elapsed_s", "double", "clock: business time while the clock ran, in seconds"),
    ("within_s", "double", "clock: the target, in seconds of business time"),
    ("breached", "bool", "clock: status is breached or missed"),
    ("policy", "string", "clock: under a PolicySet, the policy that measured it; else null"),
    ("problem", "string", "problem: one of PROBLEM_CODES; error: one of ERROR_CODES"),
    ("field", "string", "error: the part of the input at fault"),
    ("message", "string", "problem, error: a sentence for people (English)"),
    ("event_index", "int64", "problem: the event's position among the ticket's events"),
    ("input_row", "int64", "problem, error: the row of the input table at fault, if one"),
    ("problem_at", _TS, "problem: the offending event's instant (now for unknown_priority)"),
)

#: The columns :func:`attainment_table` adds after the ``by`` columns.
SUMMARY_TABLE_COLUMNS: Final = (
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
_COUNTS = ("tickets", "cycles", "met", "missed", "breached", "running")
_TIMES = "times_us"

#: The event kinds a table's ``kind`` column may hold: every one of
#: :data:`~servicekit.sla.KINDS` (``field`` and ``tags`` events have their columns,
#: see :data:`EVENT_COLUMNS`).
TABLE_KINDS: Final = KINDS
_CARRIES_PRIORITY = frozenset({KINDS.index("created"), KINDS.index("priority")})
_STATUS_KIND = KINDS.index("status")
_DUE_KIND = KINDS.index("due_date")
_FIELD_KIND = KINDS.index("field")
_TAGS_KIND = KINDS.index("tags")
_US = 1_000_000


def _pyarrow() -> tuple[Any, Any, Any]:
    """pyarrow, pyarrow.compute and numpy, imported on use."""
    try:
        import numpy as np  # noqa: PLC0415 - optional dependency, imported on use
        import pyarrow as pa  # type: ignore[import-untyped]  # noqa: PLC0415
        import pyarrow.compute as pc  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - the test environment has pyarrow
        raise ImportError("SLA tables need pyarrow: pip install 'servicekit[arrow]'") from exc
    return pa, pc, np


def _metadata(extra: dict[str, str] | None = None) -> dict[bytes, bytes]:
    from importlib.metadata import version  # noqa: PLC0415 - read on use

    meta = {
        "servicekit.version": version("servicekit"),
        "servicekit.tz_database": tz_database_version(),
        **(extra or {}),
    }
    return {k.encode(): v.encode() for k, v in meta.items()}


def table_schema() -> Any:  # noqa: ANN401 - a pyarrow.Schema; pyarrow has no stubs here
    """Return the schema of :func:`evaluate_table`'s result as a ``pyarrow.Schema``.

    The metadata holds ``servicekit.version`` and ``servicekit.tz_database`` (the
    zone database release in use); a result adds ``servicekit.policy`` and
    ``servicekit.now``. See :data:`TABLE_COLUMNS` for the meaning of each column.

    Raises:
        ImportError: pyarrow is not installed (extra ``arrow``).

    Example:
        >>> schema = table_schema()
        >>> schema.names[:3], str(schema.field("deadline").type)
        (['ticket', 'row_type', 'metric'], 'timestamp[us, tz=UTC]')
    """
    pa, _, _ = _pyarrow()
    ts = pa.timestamp("us", tz="UTC")
    types = {
        "string": pa.string(),
        "int32": pa.int32(),
        "int64": pa.int64(),
        "double": pa.float64(),
        "bool": pa.bool_(),
        _TS: ts,
    }
    return pa.schema(
        [pa.field(name, types[typ]) for name, typ, _ in TABLE_COLUMNS], metadata=_metadata()
    )


# ------------------------------------------------------------------------ reading
def _as_table(events: object) -> Any:  # noqa: ANN401
    """Any Arrow-compatible table as a ``pyarrow.Table``."""
    pa, _, _ = _pyarrow()
    if isinstance(events, pa.Table):
        return events
    if isinstance(events, pa.RecordBatch):
        return pa.Table.from_batches([events])
    if isinstance(events, pa.RecordBatchReader):
        return events.read_all()
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(events, pandas.DataFrame):
        return pa.Table.from_pandas(events, preserve_index=False)
    if hasattr(events, "__arrow_c_stream__"):
        return pa.table(events)
    raise TypeError(
        "events must be an Arrow-compatible table (a pyarrow.Table, a pandas or polars "
        f"DataFrame, or an object with __arrow_c_stream__), got {type(events).__name__}"
    )


def _first(mask: Any) -> int:  # noqa: ANN401
    """The first index where a numpy boolean mask holds."""
    return int(mask.argmax())


def _row_error(column: str, row: int, msg: str) -> ConfigError:
    return ConfigError(f"row {row}: {msg}", column)


#: The attributes of :class:`_Columns` and :class:`_Lists`: the same columns, as arrays
#: or as Python lists.
_COLUMN_SLOTS: Final = (
    "added",
    "at",
    "bad",
    "bounds",
    "due",
    "field",
    "ids",
    "kind",
    "metric",
    "priority",
    "removed",
    "rows",
    "status",
    "tags",
    "value",
)


class _Columns:
    """The event table's checked columns, grouped by ticket (private).

    Row ``k`` of every grouped column is input row ``rows[k]``; ticket ``t``'s rows
    are ``bounds[t]:bounds[t + 1]``, in table order. Instants are numpy int64
    microseconds (0 where null); the text columns stay Arrow arrays until a ticket
    needs them as Python values (:meth:`lists`).
    """

    __slots__ = _COLUMN_SLOTS

    def __init__(  # noqa: PLR0917 - one per column
        self,
        ids: Any,  # noqa: ANN401 - pyarrow and numpy values
        bounds: Any,  # noqa: ANN401
        rows: Any,  # noqa: ANN401
        at: Any,  # noqa: ANN401
        kind: Any,  # noqa: ANN401
        priority: Any,  # noqa: ANN401
        status: Any,  # noqa: ANN401
        metric: Any,  # noqa: ANN401
        due: Any,  # noqa: ANN401
        tags: Any,  # noqa: ANN401
        changes: tuple[Any, Any, Any, Any],
        bad: Any,  # noqa: ANN401
    ) -> None:
        self.ids = ids
        self.bounds = bounds
        self.rows = rows
        self.at = at
        self.kind = kind
        self.priority = priority
        self.status = status
        self.metric = metric
        self.due = due
        self.tags = tags
        self.field, self.value, self.added, self.removed = changes
        self.bad = bad

    def part(self, t0: int, t1: int) -> _Columns:
        """The tickets ``t0`` to ``t1`` (positions; a view, rows not copied)."""
        lo, hi = int(self.bounds[t0]), int(self.bounds[t1])
        return _Columns(
            ids=self.ids.slice(t0, t1 - t0),
            bounds=self.bounds[t0 : t1 + 1] - lo,
            rows=self.rows[lo:hi],
            at=self.at.slice(lo, hi - lo),
            kind=self.kind[lo:hi],
            priority=self.priority.slice(lo, hi - lo),
            status=self.status.slice(lo, hi - lo),
            metric=self.metric.slice(lo, hi - lo),
            due=self.due.slice(lo, hi - lo),
            tags=self.tags.slice(lo, hi - lo),
            changes=(
                self.field.slice(lo, hi - lo),
                self.value.slice(lo, hi - lo),
                self.added.slice(lo, hi - lo),
                self.removed.slice(lo, hi - lo),
            ),
            bad=self.bad[lo:hi],
        )

    def lists(self, tickets: Any) -> _Lists:  # noqa: ANN401
        """The rows of the tickets ``tickets`` (positions, ascending) as Python lists."""
        pa, _, np = _pyarrow()
        lo, hi = self.bounds[tickets], self.bounds[tickets + 1]
        counts = hi - lo
        bounds = np.concatenate(([0], np.cumsum(counts)))
        pick = np.repeat(lo - bounds[:-1], counts) + np.arange(bounds[-1])
        take = pa.array(pick)
        out = _Lists()
        out.ids = self.ids.take(pa.array(tickets)).to_pylist()
        out.bounds = bounds.tolist()
        out.rows = self.rows[pick].tolist()
        out.at = self.at.take(take).to_pylist()
        out.due = self.due.take(take).to_pylist()
        out.kind = self.kind[pick].tolist()
        out.priority = self.priority.take(take).to_pylist()
        out.status = self.status.take(take).to_pylist()
        out.metric = self.metric.take(take).to_pylist()
        out.tags = _tags_values(self.tags.take(take))
        out.field = self.field.take(take).to_pylist()
        out.value = self.value.take(take).to_pylist()
        out.added = _tags_values(self.added.take(take))
        out.removed = _tags_values(self.removed.take(take))
        out.bad = self.bad[pick].tolist()
        return out


class _Lists:
    """Some tickets' rows as Python lists, grouped as :class:`_Columns` (private)."""

    __slots__ = _COLUMN_SLOTS

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.bounds: list[int] = []
        self.rows: list[int] = []
        self.at: list[int | None] = []
        self.kind: list[int] = []
        self.priority: list[str | None] = []
        self.status: list[str | None] = []
        self.metric: list[str | None] = []
        self.due: list[int | None] = []
        self.tags: list[tuple[str, ...]] = []
        self.field: list[str | None] = []
        self.value: list[str | None] = []
        self.added: list[tuple[str, ...]] = []
        self.removed: list[tuple[str, ...]] = []
        self.bad: list[bool] = []


def _string_column(table: Any, name: str) -> Any:  # noqa: ANN401
    """A text column as a plain ``string`` array (all null if missing)."""
    pa, _, _ = _pyarrow()
    if name not in table.column_names:
        return pa.nulls(table.num_rows, pa.string())
    col = table.column(name).combine_chunks()
    typ = col.type
    if pa.types.is_dictionary(typ):
        col, typ = col.dictionary_decode(), typ.value_type
    if pa.types.is_null(typ):
        return pa.nulls(table.num_rows, pa.string())
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        return col.cast(pa.string())
    raise ConfigError(f"expected a string column, got Arrow type {typ}", name)


def _instant_column(table: Any, name: str) -> Any:  # noqa: ANN401
    """A timestamp column as int64 microseconds since the epoch, nulls kept."""
    pa, _, _ = _pyarrow()
    if name not in table.column_names:
        return pa.nulls(table.num_rows, pa.int64())
    col = table.column(name).combine_chunks()
    typ = col.type
    if pa.types.is_null(typ):
        return pa.nulls(table.num_rows, pa.int64())
    if not pa.types.is_timestamp(typ):
        raise ConfigError(f"expected aware timestamps, got Arrow type {typ}", name)
    if typ.tz is None:
        raise NaiveDatetimeError(f"the column {name!r} ({typ})", name)
    try:
        return col.cast(pa.timestamp("us", typ.tz)).cast(pa.int64())
    except pa.ArrowInvalid:
        return _finer_than_us(col, name)


def _finer_than_us(col: Any, name: str) -> Any:  # noqa: ANN401
    pa, _, np = _pyarrow()
    raw = col.cast(pa.int64()).to_numpy(zero_copy_only=False)
    row = _first(np.nan_to_num(raw) % 1000 != 0)
    raise _row_error(
        name, row, "an instant finer than a microsecond; round the column to microseconds"
    )


def _tags_column(table: Any, name: str) -> Any:  # noqa: ANN401
    """A column of tags, checked: a list or text array (all null if missing)."""
    pa, _, _ = _pyarrow()
    if name not in table.column_names:
        return pa.nulls(table.num_rows, pa.string())
    col = table.column(name).combine_chunks()
    typ = col.type
    if pa.types.is_null(typ):
        return pa.nulls(table.num_rows, pa.string())
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        return col
    listed = pa.types.is_list(typ) or pa.types.is_large_list(typ)
    if listed and pa.types.is_null(typ.value_type):  # only empty lists (as pandas gives them)
        return col.cast(pa.list_(pa.string()))
    if listed and (pa.types.is_string(typ.value_type) or pa.types.is_large_string(typ.value_type)):
        return col
    raise ConfigError(
        f"expected a list of strings or a string with ';' between tags, got Arrow type {typ}",
        name,
    )


def _tags_values(col: Any) -> list[tuple[str, ...]]:  # noqa: ANN401
    """A checked ``tags`` column's values as tuples of tags."""
    pa, _, _ = _pyarrow()
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        return [
            () if v is None else tuple(t.strip() for t in v.split(";") if t.strip())
            for v in col.to_pylist()
        ]
    return [() if v is None else tuple(v) for v in col.to_pylist()]


def _bad_tags(col: Any) -> Any:  # noqa: ANN401
    """Rows of a checked ``tags`` column holding a null or empty tag (numpy bool)."""
    pa, pc, np = _pyarrow()
    bad = np.zeros(len(col), dtype=bool)
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        return bad  # split at ';' and stripped: empty pieces are dropped
    values = pc.list_flatten(col)
    wrong = pc.fill_null(pc.equal(pc.utf8_length(values), 0), True)  # noqa: FBT003 - a null tag
    if pc.any(wrong).as_py():
        parents = pc.list_parent_indices(col).to_numpy(zero_copy_only=False)
        bad[parents[wrong.to_numpy(zero_copy_only=False)]] = True
    return bad


def _nonempty_tags(col: Any, rows: Any) -> Any:  # noqa: ANN401
    """Rows among ``rows`` (numpy bool) whose checked column of tags holds a tag."""
    pa, pc, np = _pyarrow()
    if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
        lengths = pc.fill_null(pc.list_value_length(col), 0).to_numpy(zero_copy_only=False)
        return rows & (lengths > 0)
    out = np.zeros(len(col), dtype=bool)
    some = np.flatnonzero(rows & ~col.is_null().to_numpy(zero_copy_only=False))
    out[some] = [bool(t) for t in _tags_values(col.take(pa.array(some)))]
    return out


def _bad_changes(kind_codes: Any, field: Any, value: Any, added: Any, removed: Any) -> Any:  # noqa: ANN401
    """Rows whose ``field``, ``value``, ``added`` or ``removed`` do not fit their kind."""
    pa, pc, _ = _pyarrow()

    def numpy(values: Any) -> Any:  # noqa: ANN401
        return pc.fill_null(values, False).to_numpy(zero_copy_only=False)  # noqa: FBT003

    is_field = kind_codes == _FIELD_KIND
    is_tags = kind_codes == _TAGS_KIND
    null_f = field.is_null().to_numpy(zero_copy_only=False)
    null_v = value.is_null().to_numpy(zero_copy_only=False)
    custom = pc.and_(
        pc.starts_with(field, "custom."), pc.greater(pc.utf8_length(field), len("custom."))
    )
    named = numpy(pc.or_(pc.is_in(field, value_set=pa.array(FIELDS)), custom))
    empty_v = numpy(pc.equal(pc.utf8_length(value), 0))
    priority = numpy(pc.equal(field, "priority"))
    return (
        (is_field & (null_f | ~named | empty_v | (null_v & priority)))
        | (~is_field & (~null_f | ~null_v))
        | _bad_tags(added)
        | _bad_tags(removed)
        | _nonempty_tags(added, ~is_tags)
        | _nonempty_tags(removed, ~is_tags)
    )


def _read(table: Any) -> _Columns:  # noqa: ANN401, C901, PLR0915
    """Check the table's columns and read them, grouped by ticket (first-seen order)."""
    pa, pc, np = _pyarrow()
    names = table.column_names
    known = [name for name, _, _ in EVENT_COLUMNS]
    for name in names:
        if name not in known:
            raise ConfigError(
                f"unknown column {name!r}; expected {', '.join(known)} (drop other columns)",
                name,
            )
    for name, _, required in EVENT_COLUMNS:
        if required and name not in names:
            raise ConfigError("missing; the event table needs this column", name)
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise ConfigError("given twice; give each column once", dup)
    n = table.num_rows
    # ticket: text or integers, never null
    ticket = table.column("ticket").combine_chunks()
    typ = ticket.type
    if pa.types.is_dictionary(typ):
        ticket, typ = ticket.dictionary_decode(), typ.value_type
    if pa.types.is_integer(typ) or pa.types.is_string(typ) or pa.types.is_large_string(typ):
        ticket = ticket.cast(pa.string())
    elif not pa.types.is_null(typ):
        raise ConfigError(f"expected text or integer ticket ids, got Arrow type {typ}", "ticket")
    if ticket.null_count:
        nulls = ticket.is_null().to_numpy(zero_copy_only=False)
        raise _row_error("ticket", _first(nulls), "a null ticket id; give every event its ticket")
    # kind: one of KINDS, never null
    kind = _string_column(table, "kind")
    codes = pc.index_in(kind, value_set=pa.array(TABLE_KINDS))
    if codes.null_count:
        unknown = codes.is_null().to_numpy(zero_copy_only=False)
        row = _first(unknown)
        value = kind[row].as_py()
        raise _row_error(
            "kind", row, f"unknown event kind {value!r} in a table; expected one of {TABLE_KINDS}"
        )
    at = _instant_column(table, "at")
    due = _instant_column(table, "due")
    priority = _string_column(table, "priority")
    status = _string_column(table, "status")
    metric = _string_column(table, "metric")
    tags = _tags_column(table, "tags")
    field = _string_column(table, "field")
    value = _string_column(table, "value")
    added = _tags_column(table, "added")
    removed = _tags_column(table, "removed")
    # group by ticket: ids in first-seen order, rows of one ticket in table order
    encoded = pc.dictionary_encode(ticket)
    index = encoded.indices.to_numpy(zero_copy_only=False)
    grouped_already = bool((index[1:] >= index[:-1]).all())  # an export sorted by ticket
    order = np.arange(n) if grouped_already else np.argsort(index, kind="stable")
    counts = np.bincount(index, minlength=len(encoded.dictionary))
    kind_codes = codes.to_numpy(zero_copy_only=False)
    # Rows whose fields do not fit their kind (checked in bulk; the messages come
    # from TicketEvent itself, for the few rows found).
    carries_p = np.isin(kind_codes, list(_CARRIES_PRIORITY))
    has_p = pc.fill_null(pc.greater(pc.utf8_length(priority), 0), False)  # noqa: FBT003 - the fill value
    null_p = priority.is_null().to_numpy(zero_copy_only=False)
    has_s = pc.fill_null(pc.greater(pc.utf8_length(status), 0), False)  # noqa: FBT003 - the fill value
    null_s = status.is_null().to_numpy(zero_copy_only=False)
    is_status = kind_codes == _STATUS_KIND
    is_due = kind_codes == _DUE_KIND
    known_metric = pc.fill_null(pc.is_in(metric, value_set=pa.array(METRICS)), False)  # noqa: FBT003 - the fill value
    null_m = metric.is_null().to_numpy(zero_copy_only=False)
    null_d = due.is_null().to_numpy(zero_copy_only=False)
    at_np = at.fill_null(0).to_numpy(zero_copy_only=False)
    due_np = due.fill_null(0).to_numpy(zero_copy_only=False)
    bad = (
        (carries_p & ~has_p.to_numpy(zero_copy_only=False))
        | (~carries_p & ~null_p)
        | (is_status & ~has_s.to_numpy(zero_copy_only=False))
        | (~is_status & ~null_s)
        | (is_due & (~known_metric.to_numpy(zero_copy_only=False) | null_d))
        | (~is_due & (~null_m | ~null_d))
        | at.is_null().to_numpy(zero_copy_only=False)
        | (at_np < MIN_US)
        | (at_np > MAX_US)
        | (due_np < MIN_US)
        | (due_np > MAX_US)
        | _bad_tags(tags)
        | _bad_changes(kind_codes, field, value, added, removed)
    )
    if grouped_already:

        def grouped(col: Any) -> Any:  # noqa: ANN401
            return col

    else:
        take = pa.array(order)

        def grouped(col: Any) -> Any:  # noqa: ANN401
            return col.take(take)

    return _Columns(
        ids=encoded.dictionary,
        bounds=np.concatenate(([0], np.cumsum(counts))),
        rows=order,
        at=grouped(at),
        kind=kind_codes[order],
        priority=grouped(priority),
        status=grouped(status),
        metric=grouped(metric),
        due=grouped(due),
        tags=grouped(tags),
        changes=(grouped(field), grouped(value), grouped(added), grouped(removed)),
        bad=bad[order],
    )


def _row_problem(cols: _Lists, k: int) -> str:
    """Why the grouped row ``k`` is not a valid event (TicketEvent's own message)."""
    at, due = cols.at[k], cols.due[k]
    if at is None:
        return "at: null; give every event its instant"
    if not MIN_US <= at <= MAX_US:
        return "at: lies outside the years 0001-9999 in UTC; give an instant that UTC can hold"
    if due is not None and not MIN_US <= due <= MAX_US:
        return "due: lies outside the years 0001-9999 in UTC; give an instant that UTC can hold"
    try:
        TicketEvent(
            us_to_instant(at),
            KINDS[cols.kind[k]],
            priority=cols.priority[k],
            status=cols.status[k],
            tags=cols.tags[k],
            metric=cols.metric[k],
            due=None if due is None else us_to_instant(due),
            field=cols.field[k],
            value=cols.value[k],
            added=cols.added[k],
            removed=cols.removed[k],
        )
    except (ConfigError, TypeError) as err:
        return str(err)
    # The bulk checks in _read mirror TicketEvent's, so every flagged row fails above.
    raise AssertionError(k)  # pragma: no cover - unreachable by construction


class _Event:
    """A checked event row, with the attributes the engine's walk reads (private).

    Tables carry no initial ``fields`` on ``created`` events (``field`` rows at the
    creation instant stand for them), so that attribute is always empty.
    """

    __slots__ = (
        "_due_us",
        "_us",
        "added",
        "due",
        "field",
        "kind",
        "metric",
        "priority",
        "removed",
        "status",
        "tags",
        "value",
    )
    fields: tuple[tuple[str, str], ...] = ()

    def __init__(  # noqa: PLR0917 - one per column
        self,
        us: int,
        kind: str,
        priority: str | None,
        status: str | None,
        tags: tuple[str, ...],
        metric: str | None,
        due: int | None,
        changes: tuple[str | None, str | None, tuple[str, ...], tuple[str, ...]],
    ) -> None:
        self._us = us
        self.kind = kind
        self.priority = priority
        self.status = status
        self.tags = tags
        self.metric = metric
        self.due = due  # compared for copies only, as microseconds
        self._due_us = 0 if due is None else due
        self.field, self.value, self.added, self.removed = changes

    @property
    def at(self) -> datetime:
        return us_to_instant(self._us)


def _pad(out: dict[str, list[Any]], n: int, names: Sequence[str]) -> None:
    """Append ``n`` nulls to each of the columns ``names``."""
    for name in names:
        out[name].extend([None] * n)


#: The columns only a clock row fills: BatchReport.rows' own, and the policy.
_CLOCK_ONLY = (*ROW_COLUMNS[1:], "policy")
_PROBLEM_ONLY = ("problem", "field", "message", "event_index", "input_row", "problem_at")


def evaluate_table(events: object, policy: Policy | PolicySet, now: datetime) -> Any:  # noqa: ANN401
    """Evaluate every ticket of an event table at ``now``, as a ``pyarrow.Table``.

    The columnar form of :func:`~servicekit.sla.evaluate_many`, for help-desk exports
    and warehouse tables: one input row per event (the columns of
    :data:`EVENT_COLUMNS`, the ones ``servicekit sla evaluate`` reads), one output row
    per ticket, metric and cycle, plus one per problem and per ticket that could not
    be evaluated, in the schema :func:`table_schema` declares (:data:`TABLE_COLUMNS`;
    filter on ``row_type``). The clock rows equal :attr:`BatchReport.rows
    <servicekit.sla.BatchReport.rows>` of the same events, ticket by ticket.

    A ticket's events may sit anywhere in the table; tickets come out in the order of
    their first row, and a ticket's events keep the table's order among equal
    instants. Cost is linear-logarithmic in the number of rows. Ordinary tickets
    (a single policy on servicekit calendars, events without problems, due dates or
    unknown statuses) are evaluated on whole columns at once, with numpy and the
    calendars' array methods; the others ticket by ticket; the rows are the same.

    Args:
        events: a ``pyarrow.Table`` or ``RecordBatch``, a pandas or polars DataFrame,
            or any object with ``__arrow_c_stream__`` (the Arrow PyCapsule interface).
        policy: the targets per priority.
        now: the instant of evaluation (aware).

    Returns:
        A ``pyarrow.Table`` whose schema metadata names the servicekit version, the
        zone database release, the policy and ``now``.

    A row whose fields do not fit its kind (a ``created`` event without a priority, a
    ``status`` event with a priority, a null or out-of-range instant, ...) makes its
    ticket an ``error`` row (code ``invalid_events``, naming the input row); the other
    tickets are evaluated as usual. So are the tickets :func:`evaluate_many` cannot
    evaluate (see :data:`~servicekit.sla.ERROR_CODES`): no ticket is dropped silently.

    Raises:
        ConfigError: a missing, unknown or repeated column, a column of the wrong
            Arrow type, a null ticket id, an unknown or null kind, or instants finer
            than a microsecond; the path names the column, the message the row.
        NaiveDatetimeError: ``now`` is naive, or ``at``/``due`` is a timestamp column
            without a time zone.
        TypeError: ``policy`` is not a Policy, or ``events`` is not Arrow-compatible.
        ImportError: pyarrow is not installed (extra ``arrow``).

    Example:
        >>> import pyarrow as pa
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit.sla import Policy, Target
        >>> policy = Policy("email", {"normal": [Target("first_reply", timedelta(hours=4))]})
        >>> t = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
        >>> events = pa.table(
        ...     {
        ...         "ticket": ["A-1", "A-2", "A-2"],
        ...         "at": [t, t, t + timedelta(hours=1)],
        ...         "kind": ["created", "created", "agent_reply"],
        ...         "priority": ["normal", "normal", None],
        ...     }
        ... )
        >>> rows = evaluate_table(events, policy, now=t + timedelta(hours=5))
        >>> rows.select(["ticket", "row_type", "status"]).to_pylist()[1]
        {'ticket': 'A-2', 'row_type': 'clock', 'status': 'met'}
        >>> rows.schema.metadata[b"servicekit.policy"]
        b'email'
    """
    if not isinstance(policy, Policy | PolicySet):
        raise TypeError(f"policy must be a Policy or PolicySet, got {type(policy).__name__}")
    require_aware(now, "now")
    pa, _, np = _pyarrow()
    cols = _read(_as_table(events))
    now_us = instant_to_us(now)
    schema = table_schema().with_metadata(
        _metadata({"servicekit.policy": policy.name, "servicekit.now": now.isoformat()})
    )
    fast, fast_rows, fast_tickets = _vectorised_in_parts(cols, policy, now_us, schema)
    slow = np.flatnonzero(~fast)
    if fast_rows is not None and not slow.size:
        return fast_rows
    out, tickets = _walk_tickets(cols.lists(slow), slow, policy, now, now_us)
    slow_rows = pa.table([out[f.name] for f in schema], schema=schema)
    if fast_rows is None:
        return slow_rows
    # Each ticket's rows come from one part, in order: a stable sort by the ticket's
    # position puts the tickets back in the order of their first row.
    order = np.argsort(np.concatenate((np.asarray(tickets, np.int64), fast_tickets)), kind="stable")
    return pa.concat_tables([slow_rows, fast_rows]).take(pa.array(order))


#: The events the fast path takes at once: its numpy temporaries (a few hundred bytes
#: an event) stay within some tens of MB, whatever the size of the table.
_PART_ROWS = 1 << 17


def _vectorised_in_parts(
    cols: _Columns,
    policy: Policy | PolicySet,
    now_us: int,
    schema: Any,  # noqa: ANN401
) -> tuple[Any, Any, Any]:
    """:func:`vectorised` over runs of whole tickets of about :data:`_PART_ROWS` events."""
    pa, _, np = _pyarrow()
    bounds = cols.bounds
    cuts = [0]
    while cuts[-1] < len(bounds) - 1:
        t0 = cuts[-1]
        cuts.append(max(int(np.searchsorted(bounds, bounds[t0] + _PART_ROWS, "right")) - 1, t0 + 1))
    fast, rows, tickets = [], [], []
    for t0, t1 in itertools.pairwise(cuts):
        part_fast, part_rows, part_tickets = vectorised(cols.part(t0, t1), policy, now_us, schema)
        fast.append(part_fast)
        if part_rows is not None:
            rows.append(part_rows)
            tickets.append(part_tickets + t0)
    if not rows:
        return np.concatenate(fast) if fast else np.zeros(0, dtype=bool), None, None
    return np.concatenate(fast), pa.concat_tables(rows), np.concatenate(tickets)


def _walk_tickets(  # noqa: PLR0915 - one loop, one place
    cols: _Lists,
    positions: Any,  # noqa: ANN401 - a numpy array
    policy: Policy | PolicySet,
    now: datetime,
    now_us: int,
) -> tuple[dict[str, list[Any]], list[int]]:
    """Walk and measure tickets one by one, with the engine evaluate_many uses.

    Returns the result columns as lists, and for each result row the position of its
    ticket among the table's tickets (``positions`` gives each ticket's).
    """
    ctx = _Context(compiled=True)
    out: dict[str, list[Any]] = {name: [] for name, _, _ in TABLE_COLUMNS}
    o_ticket, o_type = out["ticket"], out["row_type"]
    o_metric, o_cycle, o_priority = out["metric"], out["cycle"], out["priority"]
    o_status, o_start, o_stop = out["status"], out["start"], out["stop"]
    o_deadline, o_reason, o_elapsed = out["deadline"], out["stop_reason"], out["elapsed_s"]
    o_within, o_breached, o_policy = out["within_s"], out["breached"], out["policy"]
    names = None if isinstance(policy, Policy) else [p.name for p in policy.policies]
    bounds, rows, bad = cols.bounds, cols.rows, cols.bad
    c_at, c_kind, c_pri, c_st = cols.at, cols.kind, cols.priority, cols.status
    c_tags, c_met, c_due = cols.tags, cols.metric, cols.due
    c_field, c_value, c_added, c_removed = cols.field, cols.value, cols.added, cols.removed
    where: list[int] = []
    for t, ticket in enumerate(cols.ids):
        lo, hi = bounds[t], bounds[t + 1]
        before = len(o_ticket)
        wrong = [k for k in range(lo, hi) if bad[k]]
        if wrong:
            k = wrong[0]
            _error_row(
                out,
                ticket,
                "invalid_events",
                "events",
                f"input row {rows[k]}: {_row_problem(cols, k)}",
                rows[k],
            )
            where.append(int(positions[t]))
            continue
        evs = [
            _Event(
                c_at[k],  # type: ignore[arg-type]
                KINDS[c_kind[k]],
                c_pri[k],
                c_st[k],
                c_tags[k],
                c_met[k],
                c_due[k],
                (c_field[k], c_value[k], c_added[k], c_removed[k]),
            )
            for k in range(lo, hi)
        ]
        try:
            log = walk_for(policy, evs, now_us)  # type: ignore[arg-type]
            measured = _measure_ticket(policy, log, now_us, ctx)
        except (ServicekitError, TypeError) as err:
            e = _ticket_error(err)
            _error_row(out, ticket, e.code, e.field, e.message, None)
            where.append(int(positions[t]))
            continue
        n = 0
        for metric, target_now, cycles, governors in measured:
            if not cycles:
                o_policy.append(None if names is None else names[log.governor])
                o_metric.append(metric)
                o_cycle.append(None)
                o_priority.append(log.priority)
                o_status.append("not_started")
                o_start.append(None)
                o_stop.append(None)
                o_deadline.append(None)
                o_reason.append(None)
                o_elapsed.append(None)
                o_within.append(None if target_now is None else target_now._within_us / _US)  # noqa: SLF001
                o_breached.append(False)
                n += 1
                continue
            for c, raw in enumerate(cycles):
                _, priority, target, start, stop, reason, deadline, elapsed, status, *_ = raw
                o_policy.append(None if names is None else names[governors[c]])
                o_metric.append(metric)
                o_cycle.append(c)
                o_priority.append(priority)
                o_status.append(status)
                o_start.append(start)
                o_stop.append(stop)
                o_deadline.append(None if deadline is None or deadline > MAX_US else deadline)
                o_reason.append(reason)
                o_elapsed.append(elapsed / _US)
                o_within.append(target._within_us / _US)  # noqa: SLF001
                o_breached.append(status in ("breached", "missed"))
                n += 1
        o_ticket.extend([ticket] * n)
        o_type.extend(["clock"] * n)
        _pad(out, n, _PROBLEM_ONLY)
        if log.problems or not isinstance(policy, Policy) or log.priority not in policy.targets:
            for p in _problems(policy, log, now):
                o_ticket.append(ticket)
                o_type.append("problem")
                out["problem"].append(p.code)
                out["field"].append(None)
                out["message"].append(p.message)
                out["event_index"].append(p.index)
                out["input_row"].append(None if p.index < 0 else rows[lo + p.index])
                out["problem_at"].append(instant_to_us(p.at))
                _pad(out, 1, _CLOCK_ONLY)
        where.extend([int(positions[t])] * (len(o_ticket) - before))
    return out, where


def _error_row(  # noqa: PLR0917
    out: dict[str, list[Any]], ticket: str, code: str, field: str, message: str, row: int | None
) -> None:
    for name, value in (
        ("ticket", ticket),
        ("row_type", "error"),
        ("problem", code),
        ("field", field),
        ("message", message),
        ("event_index", None),
        ("input_row", row),
        ("problem_at", None),
    ):
        out[name].append(value)
    _pad(out, 1, _CLOCK_ONLY)


# -------------------------------------------------------------------- attainment
def _is(*checks: str) -> Any:  # noqa: ANN401
    """A check of an Arrow type: any of the ``pyarrow.types.is_*`` named (or null)."""

    def check(typ: Any) -> bool:  # noqa: ANN401
        pa, _, _ = _pyarrow()
        return any(getattr(pa.types, f"is_{c}")(typ) for c in (*checks, "null"))

    return check


_KIND_OF = {
    "ticket": _is("string", "large_string", "integer", "dictionary"),
    "row_type": _is("string", "large_string"),
    "cycle": _is("integer"),
    "status": _is("string", "large_string"),
    "elapsed_s": _is("floating", "integer"),
    **dict.fromkeys(_COUNTS, _is("integer")),
    _TIMES: lambda typ: _is()(typ) or _is_integer_list(typ),
}


def _is_integer_list(typ: Any) -> bool:  # noqa: ANN401
    pa, _, _ = _pyarrow()
    listed = pa.types.is_list(typ) or pa.types.is_large_list(typ)
    return bool(listed and pa.types.is_integer(typ.value_type))


def _check_by(table: Any, by: object, *, partial: bool) -> list[str]:  # noqa: ANN401, C901
    pa, _, _ = _pyarrow()
    if isinstance(by, str) or not isinstance(by, (list, tuple)):
        raise TypeError(f"by must be a list of column names, got {type(by).__name__}")
    names = list(by)
    columns = table.column_names
    if len(set(columns)) != len(columns):
        dup = next(c for c in columns if columns.count(c) > 1)
        raise ConfigError("given twice; give each column once", dup)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"by must hold column names, got {type(name).__name__}")
        if name not in table.column_names:
            raise ConfigError(
                f"unknown column {name!r}; group by columns of the table",
                f"by[{names.index(name)}]",
            )
        typ = table.schema.field(name).type
        if pa.types.is_nested(typ) or pa.types.is_dictionary(typ):
            raise ConfigError(
                f"cannot group by a column of Arrow type {typ}; group by plain values",
                f"by[{names.index(name)}]",
            )
    needed = (
        (*_COUNTS, _TIMES) if partial else ("ticket", "row_type", "cycle", "status", "elapsed_s")
    )
    what = "a partial summary" if partial else "evaluate_table's result"
    for name in needed:
        if name not in table.column_names:
            raise ConfigError(f"missing; expected {what}", name)
        typ = table.schema.field(name).type
        if not _KIND_OF[name](typ):
            raise ConfigError(f"expected the type of {what}, got Arrow type {typ}", name)
    if len(set(names)) != len(names):
        raise ConfigError("a column is named twice", "by")
    return names


def attainment_partial(rows: object, by: Sequence[str]) -> Any:  # noqa: ANN401
    """Return the mergeable partial summary of :func:`evaluate_table` rows, per group.

    One row per group of the ``by`` columns: ``tickets`` (distinct tickets with a
    clock row), ``cycles``, ``met``, ``missed``, ``breached``, ``running`` (counts of
    cycles) and ``times_us`` (the elapsed business time of every stopped cycle, in
    microseconds, sorted). Partials of disjoint sets of rows merge with
    :func:`attainment_merge`; ``tickets`` adds up correctly when each ticket's rows
    lie in one part (as they do when parts are split by ticket, the way the engines
    shuffle). The times are kept exactly, so the merged quantiles equal those of one
    process; they cost 8 bytes per stopped cycle.

    Args:
        rows: :func:`evaluate_table`'s result (or any Arrow-compatible table with its
            columns), possibly with columns added, e.g. a month or a team.
        by: the columns to group by (``[]`` for one group).

    Raises:
        ConfigError: a ``by`` column or a needed column is missing.
        TypeError: ``rows`` is not Arrow-compatible or ``by`` not a list of names.

    Example:
        >>> import pyarrow as pa
        >>> rows = pa.table(
        ...     {
        ...         "ticket": ["A", "B"],
        ...         "row_type": ["clock", "clock"],
        ...         "cycle": [0, 0],
        ...         "metric": ["first_reply", "first_reply"],
        ...         "status": ["met", "missed"],
        ...         "elapsed_s": [60.0, 7200.0],
        ...     }
        ... )
        >>> attainment_partial(rows, ["metric"]).to_pylist()[0]["times_us"]
        [60000000, 7200000000]
    """
    pa, pc, np = _pyarrow()
    table = _as_table(rows)
    names = _check_by(table, by, partial=False)
    clock = table.filter(pc.equal(table.column("row_type"), "clock"))
    status = clock.column("status")
    is_cycle = clock.column("cycle").is_valid()
    stopped = pc.is_in(status, value_set=pa.array(["met", "missed"]))
    # Unsafe: an integer column beyond 2**53 seconds rounds to the nearest double (the
    # safe cast raises), as a float column of such times already holds it.
    seconds = clock.column("elapsed_s").cast(pa.float64(), safe=False)
    elapsed = pc.round(pc.multiply(seconds, 1e6))
    work = pa.table(
        {
            **{f"k{i}": clock.column(name) for i, name in enumerate(names)},
            "_g": pa.array(np.zeros(clock.num_rows, dtype=np.int8)),
            "ticket": clock.column("ticket"),
            "cycles": is_cycle.cast(pa.int64()),
            "met": pc.equal(status, "met").cast(pa.int64()),
            "missed": pc.equal(status, "missed").cast(pa.int64()),
            "breached": pc.and_(is_cycle, pc.equal(status, "breached")).cast(pa.int64()),
            "running": pc.and_(
                is_cycle, pc.is_in(status, value_set=pa.array(["on_track", "at_risk", "paused"]))
            ).cast(pa.int64()),
            "time": _microseconds(pc.if_else(stopped, elapsed, None)),
        }
    )
    keys = [f"k{i}" for i in range(len(names))] or ["_g"]
    grouped = work.group_by(keys, use_threads=False).aggregate(
        [
            ("ticket", "count_distinct"),
            *((c, "sum") for c in _COUNTS[1:]),
            ("time", "list"),
        ]
    )
    times = [sorted(t for t in v if t is not None) for v in grouped.column("time_list").to_pylist()]
    columns = {name: grouped.column(f"k{i}") for i, name in enumerate(names)}
    columns["tickets"] = grouped.column("ticket_count_distinct").cast(pa.int64())
    for c in _COUNTS[1:]:
        columns[c] = grouped.column(f"{c}_sum").cast(pa.int64())
    columns[_TIMES] = pa.array(times, type=pa.list_(pa.int64()))
    return pa.table(columns)


def _microseconds(values: Any) -> Any:  # noqa: ANN401
    """Rounded float microseconds as int64, or a ConfigError naming ``elapsed_s``."""
    pa, _, _ = _pyarrow()
    try:
        return values.cast(pa.int64())
    except pa.ArrowInvalid:
        raise ConfigError(
            "holds a time no count of microseconds holds (NaN, infinite or beyond "
            "292,000 years); give seconds of business time",
            "elapsed_s",
        ) from None


def attainment_merge(partials: Sequence[object], by: Sequence[str]) -> Any:  # noqa: ANN401
    """Merge partial summaries (of :func:`attainment_partial`) into one partial.

    Counts add up and the times are joined (sorted), group by group; the result is
    the partial of all the rows together. This is the reduce step the Dask and Spark
    engines run.

    Raises:
        ConfigError: a partial lacks a ``by`` column or a partial summary column.
        TypeError: a partial is not Arrow-compatible or ``by`` not a list of names.

    Example:
        >>> import pyarrow as pa
        >>> one = pa.table(
        ...     {
        ...         "metric": ["first_reply"],
        ...         "tickets": [1],
        ...         "cycles": [1],
        ...         "met": [1],
        ...         "missed": [0],
        ...         "breached": [0],
        ...         "running": [0],
        ...         "times_us": [[60]],
        ...     }
        ... )
        >>> attainment_merge([one, one], ["metric"]).to_pylist()[0]["times_us"]
        [60, 60]
    """
    pa, _, _ = _pyarrow()
    tables = [_as_table(p) for p in partials]
    names = [_check_by(t, by, partial=True) for t in tables][-1] if tables else list(by)
    if not tables:
        empty: dict[str, Any] = dict.fromkeys(names, pa.nulls(0))
        empty.update({c: pa.array([], pa.int64()) for c in _COUNTS})
        empty[_TIMES] = pa.array([], pa.list_(pa.int64()))
        return pa.table(empty)
    try:
        combined = pa.concat_tables(
            [t.select([*names, *_COUNTS, _TIMES]) for t in tables], promote_options="permissive"
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise ConfigError(
            f"the partials' columns have different types ({exc}); merge partials of one "
            "kind of rows",
            "partials",
        ) from None
    keys = names or ["_g"]
    if not names:
        combined = combined.append_column("_g", pa.array([0] * combined.num_rows, pa.int8()))
    combined = combined.append_column("_row", pa.array(range(combined.num_rows), pa.int64()))
    grouped = combined.group_by(keys, use_threads=False).aggregate(
        [*((c, "sum") for c in _COUNTS), ("_row", "list")]
    )
    times = combined.column(_TIMES).to_pylist()
    columns: dict[str, Any] = {name: grouped.column(name) for name in names}
    for c in _COUNTS:
        columns[c] = grouped.column(f"{c}_sum").cast(pa.int64())
    columns[_TIMES] = pa.array(
        [
            sorted(t for row in rows if times[row] for t in times[row] if t is not None)
            for rows in grouped.column("_row_list").to_pylist()
        ],
        pa.list_(pa.int64()),
    )
    return pa.table(columns)


def _nearest_rank(values: list[int], q: float) -> int:
    return values[max(math.ceil(q * len(values)), 1) - 1]


def attainment_finish(partial: object, by: Sequence[str]) -> Any:  # noqa: ANN401
    """Turn a partial summary into the summary :func:`attainment_table` returns.

    ``attainment`` is ``met / (met + missed + breached)`` (``None`` when nothing is
    decided), ``median_s`` the median of the stopped cycles' times (the mean of the
    two middle ones for an even count, to the microsecond below) and ``p90_s`` their
    90th percentile by the nearest-rank method, as
    :class:`~servicekit.sla.SummaryRow` computes them.

    Raises:
        ConfigError: a ``by`` column or a partial summary column is missing.
        TypeError: ``partial`` is not Arrow-compatible or ``by`` not a list of names.

    Example:
        >>> import pyarrow as pa
        >>> one = pa.table(
        ...     {
        ...         "metric": ["first_reply"],
        ...         "tickets": [2],
        ...         "cycles": [2],
        ...         "met": [1],
        ...         "missed": [1],
        ...         "breached": [0],
        ...         "running": [0],
        ...         "times_us": [[60_000_000, 90_000_000]],
        ...     }
        ... )
        >>> row = attainment_finish(one, ["metric"]).to_pylist()[0]
        >>> row["attainment"], row["median_s"], row["p90_s"]
        (0.5, 75.0, 90.0)
    """
    pa, _, _ = _pyarrow()
    table = _as_table(partial)
    names = _check_by(table, by, partial=True)
    attainment: list[float | None] = []
    median: list[float | None] = []
    p90: list[float | None] = []
    met, missed, breached = (table.column(c).to_pylist() for c in ("met", "missed", "breached"))
    for i, times in enumerate(table.column(_TIMES).to_pylist()):
        decided = met[i] + missed[i] + breached[i]
        attainment.append(met[i] / decided if decided else None)
        values = sorted(times)
        if values:
            n = len(values)
            median.append((values[(n - 1) // 2] + values[n // 2]) // 2 / _US)
            p90.append(_nearest_rank(values, 0.9) / _US)
        else:
            median.append(None)
            p90.append(None)
    columns = {name: table.column(name) for name in names}
    for c in _COUNTS:
        columns[c] = table.column(c).cast(pa.int64())
    columns["attainment"] = pa.array(attainment, type=pa.float64())
    columns["median_s"] = pa.array(median, type=pa.float64())
    columns["p90_s"] = pa.array(p90, type=pa.float64())
    return pa.table(columns)


def attainment_table(rows: object, by: Sequence[str] = ("metric", "priority")) -> Any:  # noqa: ANN401
    """Summarise :func:`evaluate_table` rows per group: attainment, breaches, times.

    Grouped by any columns of ``rows`` (add your own first, e.g. a month or a team);
    only ``clock`` rows count. Columns: the ``by`` columns, then
    :data:`SUMMARY_TABLE_COLUMNS`: ``tickets``, ``cycles``, ``met``, ``missed``,
    ``breached``, ``running``, ``attainment``, ``median_s``, ``p90_s``, defined as in
    :class:`~servicekit.sla.SummaryRow`. It is ``attainment_finish(attainment_partial
    (rows, by), by)``: the same partial and merge steps the Dask and Spark engines
    run, with exact quantiles.

    Args:
        rows: :func:`evaluate_table`'s result, possibly with columns added.
        by: the columns to group by (``[]`` for one group over all rows).

    Returns:
        A ``pyarrow.Table``, one row per group.

    Raises:
        ConfigError: a ``by`` column or a needed column is missing.
        TypeError: ``rows`` is not Arrow-compatible or ``by`` not a list of names.

    Example:
        >>> import pyarrow as pa
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicekit.sla import Policy, Target
        >>> policy = Policy("email", {"normal": [Target("first_reply", timedelta(hours=4))]})
        >>> t = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
        >>> events = pa.table(
        ...     {
        ...         "ticket": ["A-1", "A-2", "A-2"],
        ...         "at": [t, t, t + timedelta(hours=1)],
        ...         "kind": ["created", "created", "agent_reply"],
        ...         "priority": ["normal", "normal", None],
        ...     }
        ... )
        >>> rows = evaluate_table(events, policy, now=t + timedelta(hours=5))
        >>> summary = attainment_table(rows, by=["metric"]).to_pylist()[0]
        >>> summary["tickets"], summary["breached"], summary["attainment"], summary["median_s"]
        (2, 1, 0.5, 3600.0)
    """
    return attainment_finish(attainment_partial(rows, by), by)
