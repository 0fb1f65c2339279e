"""servicekit.sla.spark: the Spark engine against evaluate_table, in local mode.

The session (``local[2]``, four shuffle partitions, no UI) comes from the session
fixture ``spark`` in conftest.py: without pyspark or Java 17+ the tests that need it
are skipped with a loud reason, or fail under ``SERVICEKIT_REQUIRE_ENGINES=1`` (as
``.ci/run`` sets it). The code that Spark runs in its Python workers is also run here,
in this process, so that coverage sees it.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicekit import cli
from servicekit.exceptions import ConfigError, NaiveDatetimeError
from servicekit.sla import Condition, Policy, PolicySet, Target, TicketEvent, _engines

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("pyspark", reason="PYSPARK NOT INSTALLED: pip install 'servicekit[spark]'")

from pyspark.sql import functions as F  # noqa: E402, N812 - Spark's usual name
from pyspark.sql.types import TimestampNTZType  # noqa: E402

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
from servicekit.sla import spark as sla_spark  # noqa: E402
from strategies_sla import NIGHT_SHIFT, OFFICE, policies, tickets  # noqa: E402

T0 = datetime(2026, 3, 27, 9, tzinfo=UTC)  # a Friday, before the spring-forward weekend
POLICY = Policy(
    "office",
    {
        "normal": [
            Target("first_reply", timedelta(hours=4), OFFICE),
            Target("resolution", timedelta(hours=16), NIGHT_SHIFT),
        ]
    },
    calendars={"office": OFFICE},
)
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large]


def _logs() -> dict[str, list[TicketEvent]]:
    """A few tickets across the DST change, one with a problem, one an error."""
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


def _frame(spark, table: pa.Table, partitions: int = 2):
    """A Spark frame of the events in table order, in ``partitions`` contiguous slices."""
    rows = spark.sparkContext.parallelize(
        [tuple(r.values()) for r in table.to_pylist()], partitions
    )
    return spark.createDataFrame(rows, sla_spark._spark_schema(table.schema))


def _collect(frame) -> pa.Table:
    return pa.Table.from_pylist(
        [r.asDict() for r in frame.collect()], schema=sla_spark._arrow_schema(frame.schema)
    )


def _expected(table: pa.Table, frame, policy: Policy = POLICY) -> pa.Table:
    """evaluate_table on the engine's input, in Spark's types, rows numbered as Spark does."""
    ids = [r[0] for r in frame.select(F.monotonically_increasing_id()).collect()]
    out = _engines.remap_rows(evaluate_table(table, policy, NOW), ids)
    return out.cast(sla_spark._arrow_schema(sla_spark._spark_schema(out.schema)))


def test_batches_in_process_hold_back_a_straddling_ticket() -> None:
    """The workers' function, here: a ticket split over batches is evaluated once."""
    table = events_table(_logs())
    table = table.append_column(_engines.ROW_ID, pa.array(range(table.num_rows), pa.int64()))
    table = table.sort_by([("ticket", "ascending"), (_engines.ROW_ID, "ascending")])
    declared = evaluate_table(events_table(_logs()), POLICY, NOW).schema
    schema = sla_spark._arrow_schema(sla_spark._spark_schema(declared))
    text = _engines.policy_json(POLICY)
    batches = [
        pa.RecordBatch.from_pylist([], schema=table.schema),
        *table.slice(0, 3).to_batches(),
        *table.slice(3).to_batches(max_chunksize=1),
    ]
    got = pa.Table.from_batches(
        list(sla_spark._evaluate_batches(iter(batches), text, NOW, schema)), schema=schema
    )
    ids = table.column(_engines.ROW_ID).to_pylist()
    plain = table.drop_columns([_engines.ROW_ID])
    expected = _engines.remap_rows(evaluate_table(plain, POLICY, NOW), ids).cast(schema)
    assert canonical(expected) == canonical(got)
    assert list(sla_spark._evaluate_batches(iter([]), text, NOW, schema)) == []


def test_local_mode_equals_evaluate_table(spark) -> None:
    """Events in random order in three slices: the rows of evaluate_table."""
    table = shuffled(events_table(_logs()), 1)
    frame = _frame(spark, table, 3)
    got = _collect(sla_spark.evaluate(frame, POLICY, NOW))
    expected = _expected(table, frame)
    assert "error" in expected.column("row_type").to_pylist()
    assert canonical(expected) == canonical(got)


def test_schema_is_the_declared_one(spark) -> None:
    """The Spark schema is table_schema's, column for column."""
    rows = sla_spark.evaluate(_frame(spark, events_table(_logs())), POLICY, NOW)
    declared = evaluate_table(events_table(_logs()), POLICY, NOW).schema
    assert rows.columns == declared.names
    assert sla_spark._arrow_schema(rows.schema).types == declared.types


@settings(max_examples=10, deadline=None, suppress_health_check=_HEALTH)
@given(
    logs=st.lists(tickets(max_events=6), min_size=1, max_size=8),
    policy=policies(),
    seed=st.integers(0, 2**16),
    parts=st.integers(1, 4),
)
def test_property_local_mode_equals_evaluate_table(spark, logs, policy, seed, parts) -> None:
    """Events in random order over 1-4 slices: the rows of evaluate_table."""
    table = shuffled(events_table({f"T-{i}": log for i, log in enumerate(logs)}), seed)
    frame = _frame(spark, table, parts)
    got = _collect(sla_spark.evaluate(frame, policy, NOW))
    assert canonical(_expected(table, frame, policy)) == canonical(got)


def test_field_and_tags_columns_reach_a_policy_set(spark) -> None:
    """The change columns go through Spark; the rows equal evaluate_table's."""
    fast = Policy(
        "fast", {p: [Target("first_reply", timedelta(minutes=30))] for p in ("normal", "high")}
    )
    billing = Policy("billing", {"normal": [Target("first_reply", timedelta(hours=8))]})
    desk = PolicySet(
        "desk",
        [(Condition.has_tag("vip"), fast), (Condition.equals("group", "billing"), billing)],
        fallback=POLICY,
    )
    table = shuffled(changes_table(change_logs(T0)), 3)
    frame = _frame(spark, table, 2)
    got = _collect(sla_spark.evaluate(frame, desk, NOW))
    expected = _expected(table, frame, desk)
    assert {"fast", "billing"} <= set(expected.column("policy").to_pylist())
    assert canonical(expected) == canonical(got)


# ---------------------------------------------------------------- bad input


def test_not_a_spark_frame() -> None:
    """A pyarrow table is not a Spark frame (run() takes one)."""
    with pytest.raises(TypeError, match=r"pyspark\.sql\.DataFrame"):
        sla_spark.evaluate(events_table(_logs()), POLICY, NOW)


def test_now_and_policy_checked(spark) -> None:
    """A naive now, a policy that is not one."""
    frame = _frame(spark, events_table(_logs()))
    with pytest.raises(NaiveDatetimeError):
        sla_spark.evaluate(frame, POLICY, datetime(2026, 4, 1))  # noqa: DTZ001 - the bad input
    with pytest.raises(TypeError, match="policy must be a Policy"):
        sla_spark.evaluate(frame, {}, NOW)  # type: ignore[arg-type]


def test_missing_and_extra_columns(spark) -> None:
    """Named by evaluate_table's own check, on the call."""
    table = events_table(_logs())
    with pytest.raises(ConfigError) as info:
        sla_spark.evaluate(_frame(spark, table.drop_columns(["at"])), POLICY, NOW)
    assert info.value.path == "at"
    extra = table.append_column("body", pa.array(["hello"] * table.num_rows))
    with pytest.raises(ConfigError, match="unknown column 'body'") as info:
        sla_spark.evaluate(_frame(spark, extra), POLICY, NOW)
    assert info.value.path == "body"


def test_wrong_type_and_naive_timestamps(spark) -> None:
    """Text instants are a ConfigError; TimestampNTZType is naive."""
    table = events_table(_logs())
    as_text = table.set_column(1, "at", pa.array(["2026-03-27T09:00:00Z"] * table.num_rows))
    with pytest.raises(ConfigError) as info:
        sla_spark.evaluate(_frame(spark, as_text), POLICY, NOW)
    assert info.value.path == "at"
    naive = _frame(spark, table).withColumn("at", F.col("at").cast(TimestampNTZType()))
    with pytest.raises(NaiveDatetimeError) as naive_info:
        sla_spark.evaluate(naive, POLICY, NOW)
    assert naive_info.value.field == "at"


def _replace(table: pa.Table, column: str, row: int, value: object) -> pa.Table:
    values = table.column(column).to_pylist()
    values[row] = value
    index = table.schema.get_field_index(column)
    return table.set_column(index, column, pa.array(values, table.schema.field(column).type))


def test_null_ticket_and_unknown_kind(spark) -> None:
    """Counted in one pass on the call; without the check, the job fails."""
    table = events_table(_logs())
    frame = _frame(spark, _replace(table, "ticket", 2, None))
    with pytest.raises(ConfigError, match="1 event") as info:
        sla_spark.evaluate(frame, POLICY, NOW)
    assert info.value.path == "ticket"
    frame = _frame(spark, _replace(table, "kind", 3, "phone_call"))
    with pytest.raises(ConfigError, match="'phone_call'") as info:
        sla_spark.evaluate(frame, POLICY, NOW)
    assert info.value.path == "kind"
    unchecked = sla_spark.evaluate(frame, POLICY, NOW, check=False)
    with pytest.raises(Exception, match="unknown event kind 'phone_call'"):
        unchecked.collect()


def test_missing_extra_names_it(monkeypatch) -> None:
    """Without pyspark, the ImportError says which extra to install."""
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(ImportError, match=r"servicekit\[spark\]"):
        sla_spark.evaluate(None, POLICY, NOW)  # type: ignore[arg-type]


# ---------------------------------------------------------------- attainment


def test_attainment_equals_attainment_table(spark) -> None:
    """Counts exactly, median and p90 within the sketch's 0.5 %, for several groupings."""
    table = shuffled(events_table(_logs()), 5)
    rows = sla_spark.evaluate(_frame(spark, table, 3), POLICY, NOW).cache()
    exact_rows = evaluate_table(table, POLICY, NOW)
    for by in (["metric", "priority"], [], ["ticket", "metric"]):
        summary_matches(
            sla_spark.attainment(rows, by=by), attainment_table(exact_rows, by=by), _engines.ALPHA
        )


@settings(max_examples=6, deadline=None, suppress_health_check=_HEALTH)
@given(logs=st.lists(tickets(max_events=6), min_size=1, max_size=10), policy=policies())
def test_property_attainment(spark, logs, policy) -> None:
    """Against attainment_table over evaluate_table's rows."""
    table = shuffled(events_table({f"T-{i}": log for i, log in enumerate(logs)}), 7)
    rows = sla_spark.evaluate(_frame(spark, table, 2), policy, NOW)
    exact = attainment_table(evaluate_table(table, policy, NOW), by=["metric", "priority"])
    summary_matches(sla_spark.attainment(rows), exact, _engines.ALPHA)


def test_attainment_bad_input(spark) -> None:
    """An unknown by column, rows that are not evaluate's, a non-frame."""
    rows = sla_spark.evaluate(_frame(spark, events_table(_logs())), POLICY, NOW)
    with pytest.raises(ConfigError) as info:
        sla_spark.attainment(rows, by=["team"])
    assert info.value.path == "by[0]"
    with pytest.raises(ConfigError) as info:
        sla_spark.attainment(rows.drop("cycle"), by=[])
    assert info.value.path == "cycle"
    with pytest.raises(TypeError, match=r"pyspark\.sql\.DataFrame"):
        sla_spark.attainment(events_table(_logs()), by=[])


def test_run_rows_and_summary(spark) -> None:
    """run(): an Arrow table or a Spark frame; rows or the summary."""
    table = events_table(_logs())
    rows = sla_spark.run(table, POLICY, NOW, session=spark)
    summary = sla_spark.run(_frame(spark, table), POLICY, NOW, by=["metric"])

    def same(result: pa.Table) -> list:
        return canonical(result.drop_columns(["input_row"]))  # the engine's row ids

    declared = evaluate_table(table, POLICY, NOW)
    assert same(declared.cast(rows.schema)) == same(rows)
    assert summary.column("metric").to_pylist() == ["first_reply", "resolution"]


# ---------------------------------------------------------------- the command


def test_command_engine_spark_equals_local(spark, tmp_path) -> None:
    """`--engine spark` in the session: the local command's rows, from Parquet and stdin."""
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(POLICY.to_dict()), encoding="utf-8")
    parquet = tmp_path / "events.parquet"
    pq.write_table(events_table(_logs()), parquet, row_group_size=3)

    def evaluate(*argv: str) -> tuple[int, list[str]]:
        out = io.StringIO()
        code = cli.main(
            ["sla", "evaluate", "--policy", str(policy), *argv, "--now", NOW.isoformat()], out=out
        )
        return code, sorted(out.getvalue().splitlines())

    local = evaluate(str(parquet))
    assert local == evaluate(str(parquet), "--engine", "spark")
    assert local[0] == 2
    stdin = io.TextIOWrapper(io.BytesIO(parquet.read_bytes()))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", stdin)
        assert local == evaluate("-", "--events-format", "parquet", "--engine", "spark")
