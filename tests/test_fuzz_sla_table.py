"""Fuzz servicekit.sla.evaluate_table and attainment_table: only documented errors escape.

Event tables are built from arbitrary column values of every Arrow type (text, ints,
floats, booleans, lists, naive and aware timestamps far in the past and future,
nulls), with columns dropped, added or repeated; the functions must return or raise a
``ServicekitError`` or a ``TypeError``.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta, timezone
from typing import Any

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicekit.exceptions import ServicekitError
from servicekit.sla import (
    KINDS,
    METRICS,
    STATUSES,
    Policy,
    Target,
    attainment_finish,
    attainment_merge,
    attainment_partial,
    attainment_table,
    evaluate_table,
)

DOCUMENTED = (ServicekitError, TypeError)
UTC = timezone.utc
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
POLICY = Policy("fuzz", {"normal": [Target(m, timedelta(hours=4)) for m in METRICS], "high": []})
NAMES = ("ticket", "at", "kind", "priority", "status", "tags", "metric", "due", "team")
NAMES = (*NAMES, "field", "value", "added", "removed")
TEXT = st.one_of(
    st.sampled_from(
        (
            *KINDS,
            *STATUSES,
            *METRICS,
            *("normal", "high", "", "T-1", "T-2", "clock", "x;y"),
            *("group", "priority", "custom.plan", "custom.", "vip", " ; "),
        )
    ),
    st.text(max_size=8),
)
US = st.integers(-(2**62), 2**62)
NEAR = st.integers(0, 40 * 86_400).map(lambda s: (NOW.timestamp() - 20 * 86_400 + s) * 10**6)


def column(n: int) -> st.SearchStrategy[pa.Array]:
    """An Arrow column of ``n`` values of some type, with nulls."""

    def of(values: st.SearchStrategy[Any], typ: pa.DataType) -> st.SearchStrategy[pa.Array]:
        items = st.lists(st.one_of(st.none(), values), min_size=n, max_size=n)
        return items.map(lambda v: pa.array(v, typ))

    return st.one_of(
        of(TEXT, pa.string()),
        of(TEXT, pa.large_string()),
        of(TEXT, pa.string()).map(lambda a: a.dictionary_encode()),
        of(st.integers(-(2**63), 2**63 - 1), pa.int64()),
        of(st.floats(), pa.float64()),
        of(st.booleans(), pa.bool_()),
        of(st.lists(TEXT, max_size=3), pa.list_(pa.string())),
        of(NEAR.map(int), pa.timestamp("us", "UTC")),
        of(US, pa.timestamp("us", "UTC")),
        of(US, pa.timestamp("ns", "Europe/Berlin")),
        of(NEAR.map(int), pa.timestamp("us")),
        st.just(pa.nulls(n)),
        of(st.lists(st.none(), max_size=2), pa.list_(pa.null())),
    )


@st.composite
def tables(draw: st.DrawFn) -> pa.Table:
    """Event-like tables: mostly the right columns, some of any type."""
    n = draw(st.integers(0, 6))
    names = draw(st.lists(st.sampled_from(NAMES), max_size=13))
    if draw(st.booleans()):
        names = ["ticket", "at", "kind", *names]
    good = {
        "ticket": st.lists(st.sampled_from(("T-1", "T-2", "T-3")), min_size=n, max_size=n).map(
            pa.array
        ),
        "at": st.lists(NEAR.map(int), min_size=n, max_size=n).map(
            lambda v: pa.array(v, pa.timestamp("us", "UTC"))
        ),
        "kind": st.lists(st.sampled_from(KINDS), min_size=n, max_size=n).map(pa.array),
    }
    arrays = []
    for name in names:
        if name in good and draw(st.integers(0, 3)):
            arrays.append(draw(good[name]))
        else:
            arrays.append(draw(column(n)))
    return pa.Table.from_arrays(arrays, names)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(tables())
def test_evaluate_table(table: pa.Table) -> None:
    """Any table: a result or a documented error."""
    with contextlib.suppress(*DOCUMENTED):
        rows = evaluate_table(table, POLICY, NOW)
        assert set(rows.column("row_type").to_pylist()) <= {"clock", "problem", "error"}


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(tables(), st.lists(st.sampled_from((*NAMES, "metric", "priority", "status")), max_size=3))
def test_attainment(table: pa.Table, by: list[str]) -> None:
    """Any table and grouping: a summary or a documented error, at every step."""
    with contextlib.suppress(*DOCUMENTED):
        attainment_table(table, by)
    with contextlib.suppress(*DOCUMENTED):
        rows = evaluate_table(table, POLICY, NOW)
        part = attainment_partial(rows, by)
        attainment_finish(attainment_merge([part, part], by), by)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(
    st.data(),
    st.lists(st.sampled_from(("metric", "priority", "ticket", "cycle")), max_size=2, unique=True),
)
def test_attainment_of_damaged_results(data: st.DataObject, by: list[str]) -> None:
    """A result with one column replaced by any other: a summary or a documented error."""
    events = pa.table(
        {
            "ticket": ["T-1", "T-1", "T-2"],
            "at": pa.array([NOW - timedelta(hours=5), NOW - timedelta(hours=1), NOW]),
            "kind": ["created", "agent_reply", "created"],
            "priority": ["normal", None, "normal"],
        }
    )
    rows = evaluate_table(events, POLICY, NOW)
    name = data.draw(st.sampled_from(rows.column_names))
    damaged = rows.set_column(rows.column_names.index(name), name, data.draw(column(rows.num_rows)))
    with contextlib.suppress(*DOCUMENTED):
        attainment_table(damaged, by)
    part = attainment_partial(rows, by)
    name = data.draw(st.sampled_from(part.column_names))
    if part.num_rows:
        damaged = part.set_column(
            part.column_names.index(name), name, data.draw(column(part.num_rows))
        )
        with contextlib.suppress(*DOCUMENTED):
            attainment_finish(attainment_merge([damaged, part], by), by)


@given(st.one_of(st.none(), st.integers(), st.text(), st.lists(st.integers())))
def test_not_tables(value: object) -> None:
    """Values that are not tables: a TypeError."""
    with contextlib.suppress(*DOCUMENTED):
        evaluate_table(value, POLICY, NOW)
    with contextlib.suppress(*DOCUMENTED):
        attainment_table(value, ["metric"])
