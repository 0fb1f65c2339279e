"""servicekit.sla.dask: the Dask engine against evaluate_table, on a real LocalCluster.

The cluster (two single-threaded worker processes) comes from the session fixture
``dask_client`` in conftest.py: without Dask the tests that need it are skipped with a
loud reason, or fail under ``SERVICEKIT_REQUIRE_ENGINES=1`` (as ``.ci/run`` sets it).
Tests that must be seen by coverage run the same code on Dask's synchronous scheduler,
in this process.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicekit.exceptions import ConfigError, NaiveDatetimeError
from servicekit.sla import Policy, Target, TicketEvent
from servicekit.sla import _engines

dask = pytest.importorskip("dask", reason="DASK NOT INSTALLED: pip install 'servicekit[dask]'")
dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

from engine_data import NOW, UTC, canonical, events_table, shuffled  # noqa: E402
from strategies_sla import OFFICE, policies, tickets  # noqa: E402

from servicekit.sla import dask as sla_dask  # noqa: E402
from servicekit.sla import evaluate_table  # noqa: E402

T0 = datetime(2026, 3, 27, 9, tzinfo=UTC)  # a Friday, before the spring-forward weekend
POLICY = Policy(
    "office",
    {
        "normal": [
            Target("first_reply", timedelta(hours=4), OFFICE),
            Target("resolution", timedelta(hours=16), OFFICE),
        ]
    },
    calendars={"office": OFFICE},
)


def _logs() -> dict[str, list[TicketEvent]]:
    """A few tickets across the DST change, one of them with a problem."""
    return {
        "A-1": [
            TicketEvent(T0, "created", priority="normal"),
            TicketEvent(T0 + timedelta(hours=2), "agent_reply"),
        ],
        "A-2": [
            TicketEvent(T0 + timedelta(hours=6), "created", priority="normal"),
            TicketEvent(T0 + timedelta(days=3), "agent_reply"),
            TicketEvent(T0 + timedelta(days=4), "status", status="solved"),
        ],
        "A-3": [
            TicketEvent(T0, "created", priority="vip"),  # a priority the policy lacks
            TicketEvent(T0 - timedelta(hours=1), "customer_message"),
        ],
    }


def _frame(table: pa.Table, npartitions: int) -> dd.DataFrame:
    return dd.from_pandas(
        table.to_pandas(types_mapper=pd.ArrowDtype), npartitions=npartitions, sort=False
    )


def _table(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def test_sync_scheduler_equals_evaluate_table() -> None:
    table = events_table(_logs())
    with dask.config.set(scheduler="sync"):
        got = sla_dask.evaluate(_frame(shuffled(table, 1), 3), POLICY, NOW).compute()
    assert canonical(evaluate_table(table, POLICY, NOW)) == canonical(_table(got))


def test_meta_is_the_declared_schema() -> None:
    table = events_table(_logs())
    rows = sla_dask.evaluate(_frame(table, 2), POLICY, NOW)
    expected = evaluate_table(table, POLICY, NOW).schema
    assert list(rows.columns) == expected.names
    assert [str(t) for t in rows.dtypes] == [f"{t}[pyarrow]" for t in expected.types]


def test_cluster_equals_evaluate_table(dask_client) -> None:
    table = events_table(_logs())
    rows = sla_dask.evaluate(_frame(shuffled(table, 2), 3), POLICY, NOW, npartitions=2)
    got = dask_client.compute(rows).result()
    assert canonical(evaluate_table(table, POLICY, NOW)) == canonical(_table(got))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    logs=st.lists(tickets(max_events=6), min_size=1, max_size=8),
    policy=policies(),
    seed=st.integers(0, 2**16),
    parts=st.integers(1, 4),
)
def test_property_cluster_equals_evaluate_table(dask_client, logs, policy, seed, parts) -> None:
    """Shuffled events in 1-4 partitions give the same rows as one evaluate_table."""
    table = events_table({f"T-{i}": log for i, log in enumerate(logs)})
    rows = sla_dask.evaluate(_frame(shuffled(table, seed), parts), policy, NOW)
    got = dask_client.compute(rows).result()
    assert canonical(evaluate_table(table, policy, NOW)) == canonical(_table(got))


def test_policy_travels_as_json() -> None:
    text = _engines.policy_json(POLICY)
    assert _engines.policy_from_json(text) == POLICY
    assert text == _engines.policy_json(Policy.from_dict(POLICY.to_dict()))


# ---------------------------------------------------------------- bad input


def test_not_a_dask_frame() -> None:
    with pytest.raises(TypeError, match="dask.dataframe.DataFrame"):
        sla_dask.evaluate(events_table(_logs()), POLICY, NOW)


def test_not_a_policy() -> None:
    with pytest.raises(TypeError, match="policy must be a Policy"):
        sla_dask.evaluate(_frame(events_table(_logs()), 1), "office", NOW)  # type: ignore[arg-type]


def test_now_must_be_aware() -> None:
    with pytest.raises(NaiveDatetimeError):
        sla_dask.evaluate(_frame(events_table(_logs()), 1), POLICY, datetime(2026, 4, 1))
    with pytest.raises(TypeError, match="now must be a datetime"):
        sla_dask.evaluate(_frame(events_table(_logs()), 1), POLICY, "2026-04-01")  # type: ignore[arg-type]


def test_missing_column() -> None:
    table = events_table(_logs()).drop_columns(["kind"])
    with pytest.raises(ConfigError) as info:
        sla_dask.evaluate(_frame(table, 1), POLICY, NOW)
    assert info.value.path == "kind"


def test_extra_column() -> None:
    table = events_table(_logs())
    table = table.append_column("email", pa.array(["x@example.org"] * table.num_rows))
    with pytest.raises(ConfigError, match="unexpected column 'email'") as info:
        sla_dask.evaluate(_frame(table, 1), POLICY, NOW)
    assert info.value.path == "email"


def test_wrong_type() -> None:
    table = events_table(_logs())
    table = table.set_column(1, "at", pa.array(["2026-03-27T09:00:00Z"] * table.num_rows))
    with pytest.raises(ConfigError) as info:
        sla_dask.evaluate(_frame(table, 1), POLICY, NOW)
    assert info.value.path.startswith("at")


def test_naive_timestamps() -> None:
    table = events_table(_logs())
    naive = table.column("at").cast(pa.timestamp("us"))
    with pytest.raises(ConfigError) as info:
        sla_dask.evaluate(_frame(table.set_column(1, "at", naive), 1), POLICY, NOW)
    assert info.value.path.startswith("at")


def test_null_ticket_names_partition_and_row() -> None:
    table = events_table(_logs())
    tickets_ = table.column("ticket").to_pylist()
    tickets_[4] = None
    table = table.set_column(0, "ticket", pa.array(tickets_, pa.string()))
    frame = dd.from_pandas(table.to_pandas(types_mapper=pd.ArrowDtype), npartitions=2, sort=False)
    rows = sla_dask.evaluate(frame, POLICY, NOW)
    with dask.config.set(scheduler="sync"), pytest.raises(ConfigError) as info:
        rows.compute()
    assert info.value.path == "ticket"
    assert "row 0 of partition 1" in info.value.msg


def test_null_ticket_on_the_cluster_is_a_config_error(dask_client) -> None:
    table = events_table(_logs())
    tickets_ = table.column("ticket").to_pylist()
    tickets_[0] = None
    table = table.set_column(0, "ticket", pa.array(tickets_, pa.string()))
    rows = sla_dask.evaluate(_frame(table, 2), POLICY, NOW)
    with pytest.raises(ConfigError, match="row 0 of partition 0") as info:
        dask_client.compute(rows).result()
    assert info.value.path == "ticket"


def test_unknown_kind_as_evaluate_table_reports_it() -> None:
    table = events_table(_logs())
    kinds = table.column("kind").to_pylist()
    kinds[1] = "phone_call"
    table = table.set_column(2, "kind", pa.array(kinds, pa.string()))
    try:
        expected: object = canonical(evaluate_table(table, POLICY, NOW))
    except ConfigError as err:
        expected = (type(err), err.path)
    with dask.config.set(scheduler="sync"):
        try:
            got: object = canonical(
                _table(sla_dask.evaluate(_frame(table, 2), POLICY, NOW).compute())
            )
        except ConfigError as err:
            got = (type(err), err.path)
    assert expected == got


def test_npartitions_checked() -> None:
    frame = _frame(events_table(_logs()), 1)
    with pytest.raises(ConfigError) as info:
        sla_dask.evaluate(frame, POLICY, NOW, npartitions=0)
    assert info.value.path == "npartitions"
    with pytest.raises(TypeError, match="npartitions"):
        sla_dask.evaluate(frame, POLICY, NOW, npartitions=True)


def test_missing_extra_names_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(ImportError, match=r"servicekit\[dask\]"):
        sla_dask.evaluate(None, POLICY, NOW)  # type: ignore[arg-type]


def test_importing_the_module_imports_no_engine() -> None:
    code = (
        "import sys, servicekit.sla.dask, servicekit.sla.spark; "
        "print(sorted(m for m in ('dask', 'pyspark', 'pyarrow', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- attainment


def _exact_summary(table: pa.Table, by: list[str]) -> dict[tuple, tuple]:
    """The summary by brute force over the rows: counts and exact quantiles."""
    groups: dict[tuple, list[dict]] = {}
    for row in table.to_pylist():
        if row["status"] in _engines.COUNTED:
            groups.setdefault((row["metric"], *(row[k] for k in by)), []).append(row)
    out = {}
    for key, rows in groups.items():
        met = sum(r["status"] == "met" for r in rows)
        missed = sum(r["status"] == "missed" for r in rows)
        breached = sum(r["status"] == "breached" for r in rows)
        times = sorted(r["elapsed_s"] for r in rows if r["status"] in ("met", "missed"))
        out[key] = (len(rows), met, missed, breached, times)
    return out


def _check_summary(summary: pa.Table, exact: dict[tuple, tuple], by: list[str]) -> None:
    assert len(exact) == summary.num_rows
    for row in summary.to_pylist():
        cycles, met, missed, breached, times = exact[(row["metric"], *(row[k] for k in by))]
        assert (cycles, met, missed, breached) == (
            row["cycles"],
            row["met"],
            row["missed"],
            row["breached"],
        )
        decided = met + missed + breached
        assert row["attainment"] == (met / decided if decided else None)
        if not times:
            assert row["median_s"] is None
            continue
        n = len(times)
        median = (times[(n - 1) // 2] + times[n // 2]) / 2
        p90 = times[max(-(-9 * n // 10), 1) - 1]
        assert row["median_s"] == pytest.approx(median, rel=_engines.ALPHA, abs=1e-9)
        assert row["p90_s"] == pytest.approx(p90, rel=_engines.ALPHA, abs=1e-9)


def test_attainment_sync_matches_the_rows() -> None:
    table = events_table(_logs())
    with dask.config.set(scheduler="sync"):
        rows = sla_dask.evaluate(_frame(table, 2), POLICY, NOW)
        summary = sla_dask.attainment(rows, by=["priority"])
    _check_summary(
        summary, _exact_summary(evaluate_table(table, POLICY, NOW), ["priority"]), ["priority"]
    )


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    logs=st.lists(tickets(max_events=6), min_size=1, max_size=10),
    policy=policies(),
    parts=st.integers(1, 3),
)
def test_property_attainment_on_the_cluster(dask_client, logs, policy, parts) -> None:
    table = events_table({f"T-{i}": log for i, log in enumerate(logs)})
    rows = sla_dask.evaluate(_frame(shuffled(table, 3), parts), policy, NOW)
    summary = sla_dask.attainment(rows, by=["priority"])
    _check_summary(
        summary, _exact_summary(evaluate_table(table, policy, NOW), ["priority"]), ["priority"]
    )


def test_attainment_bad_by() -> None:
    rows = dd.from_pandas(
        pd.DataFrame({"metric": ["first_reply"], "status": ["met"], "elapsed_s": [1.0]}),
        npartitions=1,
    )
    with pytest.raises(ConfigError) as info:
        sla_dask.attainment(rows, by=["team"])
    assert info.value.path == "by[0]"
    with pytest.raises(TypeError, match="list of column names"):
        sla_dask.attainment(rows, by="metric")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"by\[0\]"):
        sla_dask.attainment(rows, by=[1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="dask.dataframe.DataFrame"):
        sla_dask.attainment(pd.DataFrame(), by=[])


def test_attainment_zero_times_and_null_groups() -> None:
    frame = pd.DataFrame(
        {
            "metric": ["first_reply"] * 4,
            "team": ["a", None, "a", None],
            "status": ["met", "met", "on_track", "not_started"],
            "elapsed_s": [0.0, 30.0, None, None],
        }
    )
    with dask.config.set(scheduler="sync"):
        summary = sla_dask.attainment(dd.from_pandas(frame, npartitions=2), by=["team", "metric"])
    assert summary.column_names[:2] == ["metric", "team"]
    assert summary.to_pylist() == [
        {
            "metric": "first_reply",
            "team": "a",
            "cycles": 2,
            "met": 1,
            "missed": 0,
            "breached": 0,
            "running": 1,
            "attainment": 1.0,
            "median_s": 0.0,
            "p90_s": 0.0,
        },
        {
            "metric": "first_reply",
            "team": None,
            "cycles": 1,
            "met": 1,
            "missed": 0,
            "breached": 0,
            "running": 0,
            "attainment": 1.0,
            "median_s": pytest.approx(30.0, rel=_engines.ALPHA),
            "p90_s": pytest.approx(30.0, rel=_engines.ALPHA),
        },
    ]


def test_run_rows_and_summary() -> None:
    table = events_table(_logs())
    with dask.config.set(scheduler="sync"):
        rows = sla_dask.run(table, POLICY, NOW)
        from_frame = sla_dask.run(table.to_pandas(), POLICY, NOW)
        summary = sla_dask.run(_frame(table, 2), POLICY, NOW, by=[])
    assert canonical(evaluate_table(table, POLICY, NOW)) == canonical(rows) == canonical(from_frame)
    assert summary.column("metric").to_pylist() == ["first_reply", "resolution"]
