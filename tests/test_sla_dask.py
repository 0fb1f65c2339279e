"""servicekit.sla.dask: the Dask engine against evaluate_table, on a real LocalCluster.

The cluster (two single-threaded worker processes) comes from the session fixture
``dask_client`` in conftest.py: without Dask the tests that need it are skipped with a
loud reason, or fail under ``SERVICEKIT_REQUIRE_ENGINES=1`` (as ``.ci/run`` sets it).
Tests that coverage must see run the same code on Dask's synchronous scheduler, in
this process.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicekit import cli
from servicekit.exceptions import ConfigError, NaiveDatetimeError
from servicekit.sla import Condition, Policy, PolicySet, Target, TicketEvent, _engines

dask = pytest.importorskip("dask", reason="DASK NOT INSTALLED: pip install 'servicekit[dask]'")
dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pc = pytest.importorskip("pyarrow.compute")

from dask.callbacks import Callback  # noqa: E402

from engine_data import (  # noqa: E402
    NOW,
    UTC,
    canonical,
    change_logs,
    changes_table,
    events_table,
    shuffled,
    summary_matches,
)
from servicekit.sla import attainment_table, evaluate_table  # noqa: E402
from servicekit.sla import dask as sla_dask  # noqa: E402
from strategies_sla import OFFICE, policies, tickets  # noqa: E402

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


def _sync():
    """Dask's synchronous scheduler, in this process (with the shuffle it can run)."""
    return dask.config.set({"scheduler": "sync", "dataframe.shuffle.method": "tasks"})


_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large]


def _logs() -> dict[str, list[TicketEvent]]:
    """A few tickets across the DST change, one with a problem, one with a bad row."""
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
        "A-4": [TicketEvent(T0, "agent_reply")],  # no created event: an error row
    }


def _bad_row_table() -> pa.Table:
    """The tickets plus one whose created event lacks its priority (an error row)."""
    table = events_table(_logs())
    extra = pa.Table.from_pylist(
        [{"ticket": "A-5", "at": T0, "kind": "created", "priority": None, "status": None}],
        schema=table.schema,
    )
    return pa.concat_tables([table, extra])


def _frame(table: pa.Table, npartitions: int) -> dd.DataFrame:
    return dd.from_pandas(
        table.to_pandas(types_mapper=pd.ArrowDtype), npartitions=npartitions, sort=False
    )


def _expected(table: pa.Table, frame: dd.DataFrame, policy: Policy = POLICY) -> pa.Table:
    """evaluate_table on the engine's input, its rows numbered as the engine numbers them."""
    with _sync():
        lengths = frame.map_partitions(len).compute().tolist()
    assert sum(lengths) == table.num_rows
    ids = [(p << 32) + r for p, n in enumerate(lengths) for r in range(n)]
    return _engines.remap_rows(evaluate_table(table, policy, NOW), ids)


def _table(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def test_sync_scheduler_equals_evaluate_table() -> None:
    """In this process: shuffled events in three partitions, the same rows as one table."""
    table = shuffled(_bad_row_table(), 1)
    frame = _frame(table, 3)
    with _sync():
        got = sla_dask.evaluate(frame, POLICY, NOW).compute()
    expected = _expected(table, frame)
    assert "error" in expected.column("row_type").to_pylist()
    assert canonical(expected) == canonical(_table(got))


def test_meta_is_the_declared_schema() -> None:
    """The lazy frame's columns and dtypes are table_schema's, in Arrow-backed dtypes."""
    rows = sla_dask.evaluate(_frame(events_table(_logs()), 2), POLICY, NOW)
    declared = evaluate_table(events_table(_logs()), POLICY, NOW).schema
    assert list(rows.columns) == declared.names
    assert [t.pyarrow_dtype for t in rows.dtypes] == declared.types


def test_cluster_equals_evaluate_table(dask_client) -> None:
    """On the LocalCluster, with a shuffle into two partitions."""
    table = shuffled(_bad_row_table(), 2)
    frame = _frame(table, 3)
    got = dask_client.compute(sla_dask.evaluate(frame, POLICY, NOW, npartitions=2)).result()
    assert canonical(_expected(table, frame)) == canonical(_table(got))


@settings(max_examples=12, deadline=None, suppress_health_check=_HEALTH)
@given(
    logs=st.lists(tickets(max_events=6), min_size=1, max_size=8),
    policy=policies(),
    seed=st.integers(0, 2**16),
    parts=st.integers(1, 4),
)
def test_property_cluster_equals_evaluate_table(dask_client, logs, policy, seed, parts) -> None:
    """Events in random order over 1-4 partitions: the rows of evaluate_table."""
    table = shuffled(events_table({f"T-{i}": log for i, log in enumerate(logs)}), seed)
    frame = _frame(table, parts)
    got = dask_client.compute(sla_dask.evaluate(frame, policy, NOW)).result()
    assert canonical(_expected(table, frame, policy)) == canonical(_table(got))


def test_a_policy_set_travels_as_json_and_evaluates_as_in_one_process() -> None:
    """A PolicySet's JSON rebuilds the set; the engine's rows equal evaluate_table's."""
    fast = Policy("fast", {"normal": [Target("first_reply", timedelta(minutes=30))]})
    desk = PolicySet("desk", [(Condition.has_tag("vip"), fast)], fallback=POLICY)
    assert _engines.policy_from_json(_engines.policy_json(desk)) == desk
    table = shuffled(events_table(_logs()), 2)
    frame = _frame(table, 2)
    with _sync():
        got = sla_dask.evaluate(frame, desk, NOW).compute()
    assert canonical(_expected(table, frame, desk)) == canonical(_table(got))


def _desk() -> PolicySet:
    fast = Policy(
        "fast", {p: [Target("first_reply", timedelta(minutes=30))] for p in ("normal", "high")}
    )
    billing = Policy("billing", {"normal": [Target("first_reply", timedelta(hours=8))]})
    return PolicySet(
        "desk",
        [(Condition.has_tag("vip"), fast), (Condition.equals("group", "billing"), billing)],
        fallback=POLICY,
    )


def test_field_and_tags_columns_reach_a_policy_set() -> None:
    """The change columns go through the shuffle; the rows equal evaluate_table's."""
    table = shuffled(changes_table(change_logs(T0)), 3)
    frame = _frame(table, 3)
    with _sync():
        got = sla_dask.evaluate(frame, _desk(), NOW).compute()
    expected = _expected(table, frame, _desk())
    assert {"fast", "billing"} <= set(expected.column("policy").to_pylist())
    assert canonical(expected) == canonical(_table(got))


def test_field_and_tags_columns_on_the_cluster(dask_client) -> None:
    """The same on the LocalCluster (list columns take the task shuffle)."""
    table = shuffled(changes_table(change_logs(T0)), 4)
    frame = _frame(table, 2)
    got = dask_client.compute(sla_dask.evaluate(frame, _desk(), NOW)).result()
    assert canonical(_expected(table, frame, _desk())) == canonical(_table(got))


def test_policy_travels_as_json() -> None:
    """The policy's JSON rebuilds an equal policy, calendars and all."""
    text = _engines.policy_json(POLICY)
    assert _engines.policy_from_json(text) == POLICY
    assert text == _engines.policy_json(Policy.from_dict(POLICY.to_dict()))


# ---------------------------------------------------------------- bad input


def test_not_a_dask_frame() -> None:
    """A pyarrow table is not a Dask frame (run() takes one)."""
    with pytest.raises(TypeError, match=r"dask\.dataframe\.DataFrame"):
        sla_dask.evaluate(events_table(_logs()), POLICY, NOW)


def test_policy_and_now_checked() -> None:
    """A policy that is not one, a naive or missing now."""
    frame = _frame(events_table(_logs()), 1)
    with pytest.raises(TypeError, match="policy must be a Policy"):
        sla_dask.evaluate(frame, "office", NOW)  # type: ignore[arg-type]
    with pytest.raises(NaiveDatetimeError):
        sla_dask.evaluate(frame, POLICY, datetime(2026, 4, 1))  # noqa: DTZ001 - the bad input
    with pytest.raises(TypeError, match="now must be a datetime"):
        sla_dask.evaluate(frame, POLICY, "2026-04-01")  # type: ignore[arg-type]


def test_missing_column() -> None:
    """On the call, from the frame's meta."""
    table = events_table(_logs()).drop_columns(["kind"])
    with pytest.raises(ConfigError) as info:
        sla_dask.evaluate(_frame(table, 1), POLICY, NOW)
    assert info.value.path == "kind"


def test_extra_column() -> None:
    """A column evaluate_table does not know is named, never dropped."""
    table = events_table(_logs())
    table = table.append_column("email", pa.array(["x@example.org"] * table.num_rows))
    with pytest.raises(ConfigError, match="unknown column 'email'") as info:
        sla_dask.evaluate(_frame(table, 1), POLICY, NOW)
    assert info.value.path == "email"


def test_wrong_type_and_naive_timestamps() -> None:
    """Text instants are a ConfigError; timestamps without a zone are naive."""
    table = events_table(_logs())
    as_text = table.set_column(1, "at", pa.array(["2026-03-27T09:00:00Z"] * table.num_rows))
    with pytest.raises(ConfigError) as info:
        sla_dask.evaluate(_frame(as_text, 1), POLICY, NOW)
    assert info.value.path == "at"
    naive = table.set_column(1, "at", table.column("at").cast(pa.timestamp("us")))
    with pytest.raises(NaiveDatetimeError) as naive_info:
        sla_dask.evaluate(_frame(naive, 1), POLICY, NOW)
    assert naive_info.value.field == "at"


def _replace(table: pa.Table, column: str, row: int, value: object) -> pa.Table:
    values = table.column(column).to_pylist()
    values[row] = value
    index = table.schema.get_field_index(column)
    return table.set_column(index, column, pa.array(values, table.schema.field(column).type))


def test_null_ticket_names_partition_and_row() -> None:
    """Found before the shuffle, where the partition and row mean something."""
    table = _replace(events_table(_logs()), "ticket", 5, None)
    rows = sla_dask.evaluate(_frame(table, 2), POLICY, NOW)
    with _sync(), pytest.raises(ConfigError) as info:
        rows.compute()
    assert info.value.path == "ticket"
    assert info.value.msg.startswith("partition 1, row 1: a null ticket id")


def test_unknown_kind_names_partition_and_row() -> None:
    """An unknown kind, as evaluate_table reports it, with the partition and row."""
    table = _replace(events_table(_logs()), "kind", 1, "phone_call")
    with pytest.raises(ConfigError) as expected:
        evaluate_table(table, POLICY, NOW)
    rows = sla_dask.evaluate(_frame(table, 2), POLICY, NOW)
    with _sync(), pytest.raises(ConfigError) as info:
        rows.compute()
    assert expected.value.path == info.value.path == "kind"
    assert info.value.msg.startswith("partition 0, row 1: unknown event kind 'phone_call'")


def test_finer_than_a_microsecond() -> None:
    """Nanosecond timestamps (pandas' default) must be whole microseconds."""
    frame = events_table(_logs()).to_pandas()
    frame["at"] = frame["at"].astype("datetime64[ns, UTC]")
    frame.loc[2, "at"] += pd.Timedelta(1, "ns")
    rows = sla_dask.evaluate(dd.from_pandas(frame, npartitions=1), POLICY, NOW)
    with _sync(), pytest.raises(ConfigError) as info:
        rows.compute()
    assert info.value.path == "at"
    assert "partition 0, row 2" in info.value.msg


def test_bad_row_on_the_cluster_is_a_config_error(dask_client) -> None:
    """The worker's ConfigError reaches the client as itself, path and all."""
    table = _replace(events_table(_logs()), "ticket", 0, None)
    rows = sla_dask.evaluate(_frame(table, 2), POLICY, NOW)
    with pytest.raises(ConfigError, match="partition 0, row 0") as info:
        dask_client.compute(rows).result()
    assert info.value.path == "ticket"


def test_npartitions_checked() -> None:
    """At least one partition, as an integer."""
    frame = _frame(events_table(_logs()), 1)
    with pytest.raises(ConfigError) as info:
        sla_dask.evaluate(frame, POLICY, NOW, npartitions=0)
    assert info.value.path == "npartitions"
    with pytest.raises(TypeError, match="npartitions"):
        sla_dask.evaluate(frame, POLICY, NOW, npartitions=True)


def test_missing_extra_names_it(monkeypatch) -> None:
    """Without Dask, the ImportError says which extra to install."""
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(ImportError, match=r"servicekit\[dask\]"):
        sla_dask.evaluate(None, POLICY, NOW)  # type: ignore[arg-type]


def test_importing_the_modules_imports_no_engine() -> None:
    """servicekit.sla.dask and .spark import their engines only when called."""
    code = (
        "import sys, servicekit.sla.dask, servicekit.sla.spark; "
        "print(sorted(m for m in ('dask', 'distributed', 'pyspark') if m in sys.modules))"
    )
    out = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- attainment


def test_attainment_sync_equals_attainment_table() -> None:
    """Counts exactly, median and p90 within the sketch's 0.5 %."""
    table = shuffled(_bad_row_table(), 4)
    with _sync():
        rows = sla_dask.evaluate(_frame(table, 2), POLICY, NOW)
        for by in (["metric", "priority"], [], ["ticket"]):
            summary = sla_dask.attainment(rows, by=by)
            exact = attainment_table(evaluate_table(table, POLICY, NOW), by=by)
            summary_matches(summary, exact, _engines.ALPHA)


@settings(max_examples=8, deadline=None, suppress_health_check=_HEALTH)
@given(
    logs=st.lists(tickets(max_events=6), min_size=1, max_size=10),
    policy=policies(),
    parts=st.integers(1, 3),
)
def test_property_attainment_on_the_cluster(dask_client, logs, policy, parts) -> None:
    """On the cluster, against attainment_table over evaluate_table's rows."""
    table = shuffled(events_table({f"T-{i}": log for i, log in enumerate(logs)}), 3)
    with dask_client.as_current():
        rows = sla_dask.evaluate(_frame(table, parts), policy, NOW)
        summary = sla_dask.attainment(rows, by=["metric", "priority"])
    exact = attainment_table(evaluate_table(table, policy, NOW), by=["metric", "priority"])
    summary_matches(summary, exact, _engines.ALPHA)


def test_attainment_bad_by() -> None:
    """Unknown and repeated columns, a string for a list, a non-name, a non-frame."""
    rows = sla_dask.evaluate(_frame(events_table(_logs()), 1), POLICY, NOW)
    with pytest.raises(ConfigError) as info:
        sla_dask.attainment(rows, by=["metric", "team"])
    assert info.value.path == "by[1]"
    with pytest.raises(ConfigError) as info:
        sla_dask.attainment(rows, by=["metric", "metric"])
    assert info.value.path == "by"
    with pytest.raises(ConfigError) as info:
        sla_dask.attainment(rows[["metric", "status"]], by=["metric"])
    assert info.value.path == "ticket"
    with pytest.raises(TypeError, match="list of column names"):
        sla_dask.attainment(rows, by="metric")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="column names"):
        sla_dask.attainment(rows, by=[1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"dask\.dataframe\.DataFrame"):
        sla_dask.attainment(pd.DataFrame(), by=[])


# Dask's Parquet reader calls reset_index(inplace=True), which pandas 3.1 deprecates.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index")
def test_run_rows_parquet_and_summary(tmp_path) -> None:
    """run(): a table, a pandas frame, a Parquet path or a Dask frame; rows or summary."""
    table = events_table(_logs())
    pq.write_table(table, tmp_path / "events.parquet")
    with _sync():
        rows = sla_dask.run(table, POLICY, NOW, npartitions=2)
        from_pandas = sla_dask.run(table.to_pandas(), POLICY, NOW)
        from_parquet = sla_dask.run(str(tmp_path / "events.parquet"), POLICY, NOW)
        summary = sla_dask.run(_frame(table, 2), POLICY, NOW, by=["metric"])

    def same(result: pa.Table) -> list:
        return canonical(result.drop_columns(["input_row"]))  # the engine's row ids

    expected = same(evaluate_table(table, POLICY, NOW))
    assert expected == same(rows) == same(from_pandas) == same(from_parquet)
    assert rows.schema.equals(evaluate_table(table, POLICY, NOW).schema)
    assert summary.column("metric").to_pylist() == ["first_reply", "resolution"]


# ---------------------------------------------------------------- the command


def _command_files(tmp_path) -> tuple[str, str, str]:
    """A policy file, and the events as Parquet and as JSON lines."""
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(POLICY.to_dict()), encoding="utf-8")
    table = events_table(_logs())
    pq.write_table(table, tmp_path / "events.parquet", row_group_size=3)
    lines = [
        json.dumps({k: (v.isoformat() if k == "at" else v) for k, v in row.items() if v})
        for row in table.to_pylist()
    ]
    (tmp_path / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(policy), str(tmp_path / "events.parquet"), str(tmp_path / "events.jsonl")


def _evaluate(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["sla", "evaluate", "--policy", *argv], out=out)
    return code, out.getvalue()


def test_command_engine_dask_equals_local(dask_client, tmp_path) -> None:
    """`--engine dask` on the session's cluster: the local command's rows and summary."""
    policy, parquet, jsonl = _command_files(tmp_path)
    now = NOW.isoformat()
    with dask.config.set({"scheduler-address": dask_client.scheduler.address}):
        for events, extra in ((parquet, ()), (jsonl, ()), (parquet, ("--summary",))):
            local = _evaluate(policy, events, "--now", now, *extra)
            engine = _evaluate(policy, events, "--now", now, "--engine", "dask", *extra)
            assert local[0] == engine[0] == 2  # A-4 has no created event
            assert sorted(local[1].splitlines()) == sorted(engine[1].splitlines())
        out = tmp_path / "rows.parquet"
        assert 2 == _evaluate(policy, parquet, "--now", now, "--engine", "dask", "-o", str(out))[0]
    table = pq.read_table(out)
    assert canonical(table.drop_columns(["input_row"])) == canonical(
        evaluate_table(events_table(_logs()), POLICY, NOW).drop_columns(["input_row"])
    )


def test_command_engine_dask_starts_a_local_cluster(tmp_path) -> None:
    """Without a scheduler address, the command starts (and stops) its own cluster."""
    policy, parquet, _ = _command_files(tmp_path)
    code, text = _evaluate(policy, parquet, "--now", NOW.isoformat(), "--engine", "dask")
    assert 2 == code
    assert "A-1,first_reply" in text


def test_attainment_reduces_without_a_shuffle() -> None:
    """The partial sums go up a tree: no shuffle, however many partitions the rows have.

    Left to itself, Dask shuffles a group-by over many partitions (``split_out``
    grows with them), which would move the partials a second time: a cost that
    grows with the workers.
    """
    one = evaluate_table(shuffled(_bad_row_table(), 4), POLICY, NOW)
    at = one.schema.get_field_index("ticket")
    table = pa.concat_tables(
        one.set_column(at, "ticket", pc.binary_join_element_wise(one["ticket"], f"-{i}", ""))
        for i in range(4)
    )
    rows = dd.from_pandas(table.to_pandas(types_mapper=pd.ArrowDtype), chunksize=1, sort=False)
    keys: list[str] = []
    with _sync(), Callback(pretask=lambda key, *_: keys.append(str(key))):
        summary = sla_dask.attainment(rows, by=["metric", "priority", "status"])
    assert rows.npartitions >= 16
    assert keys
    assert not [key for key in keys if "shuffle" in key.lower()]
    exact = attainment_table(table, by=["metric", "priority", "status"])
    summary_matches(summary, exact, _engines.ALPHA)


@pytest.mark.parametrize("arrow_backed", [True, False])
def test_attainment_groups_alike_on_arrow_and_object_columns(arrow_backed) -> None:
    """Arrow-backed keys are grouped with Arrow, others with pandas: the same summary.

    A key column with nulls (a team not known for some tickets) and a floating-point
    one (taken with pandas either way) are grouped as ``attainment_table`` groups them.
    """
    table = evaluate_table(shuffled(_bad_row_table(), 4), POLICY, NOW)
    teams = ["blue" if i % 3 else None for i in range(table.num_rows)]
    table = table.append_column("team", pa.array(teams, pa.string()))
    table = table.append_column("weight", pa.array([float(i % 2) for i in range(table.num_rows)]))
    frame = table.to_pandas(types_mapper=pd.ArrowDtype if arrow_backed else None)
    # Each ticket's rows in one partition, as evaluate() leaves them.
    parts = [part for _, part in frame.groupby(frame["ticket"].astype(object), sort=True)]
    rows = dd.concat([dd.from_pandas(part, npartitions=1) for part in parts])
    with _sync():
        for by in (["team", "metric"], ["weight"], []):
            summary = sla_dask.attainment(rows, by=by)
            summary_matches(summary, attainment_table(table, by=by), _engines.ALPHA)
