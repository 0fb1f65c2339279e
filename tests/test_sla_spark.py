"""servicekit.sla.spark: the Spark engine against evaluate_table, in local mode.

The session (``local[2]``, four shuffle partitions, no UI) comes from the session
fixture ``spark`` in conftest.py: without pyspark or Java 17+ the tests that need it
are skipped with a loud reason, or fail under ``SERVICEKIT_REQUIRE_ENGINES=1`` (as
``.ci/run`` sets it). The code that Spark runs in its Python workers is also run here,
in this process, so that coverage sees it.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicekit.exceptions import ConfigError, NaiveDatetimeError
from servicekit.sla import Policy, Target, TicketEvent, _engines

pa = pytest.importorskip("pyarrow")
pytest.importorskip("pyspark", reason="PYSPARK NOT INSTALLED: pip install 'servicekit[spark]'")

from engine_data import NOW, UTC, canonical, events_table, shuffled  # noqa: E402
from strategies_sla import NIGHT_SHIFT, OFFICE, policies, tickets  # noqa: E402

from servicekit.sla import evaluate_table  # noqa: E402
from servicekit.sla import spark as sla_spark  # noqa: E402

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


def _frame(spark, table: pa.Table, partitions: int = 2):
    """A Spark frame of the events, spread over ``partitions`` in table order."""
    return spark.createDataFrame(
        table.to_pylist(), sla_spark._spark_schema(table.schema)
    ).repartition(partitions)


def _collect(frame) -> pa.Table:
    return pa.Table.from_pylist(
        [r.asDict() for r in frame.collect()], schema=sla_spark._arrow_schema(frame.schema)
    )


def _expected(table: pa.Table, policy: Policy) -> pa.Table:
    """evaluate_table's rows in the types Spark gives back."""
    out = evaluate_table(table, policy, NOW)
    return out.cast(sla_spark._arrow_schema(sla_spark._spark_schema(out.schema)))


def test_batches_in_process_hold_back_a_straddling_ticket() -> None:
    """The worker's function, here: a ticket split over three batches is evaluated once."""
    table = events_table(_logs()).sort_by("ticket")
    schema = sla_spark._arrow_schema(
        sla_spark._spark_schema(evaluate_table(table, POLICY, NOW).schema)
    )
    text = _engines.policy_json(POLICY)
    batches = [
        *table.slice(0, 3).to_batches(),
        *table.slice(3, 0).to_batches(),
        *table.slice(3).to_batches(max_chunksize=1),
    ]
    got = pa.Table.from_batches(
        list(sla_spark._evaluate_batches(iter(batches), text, NOW, schema)), schema=schema
    )
    assert canonical(_expected(table, POLICY)) == canonical(got)
    assert list(sla_spark._evaluate_batches(iter([]), text, NOW, schema)) == []


def test_local_mode_equals_evaluate_table(spark) -> None:
    table = events_table(_logs())
    got = _collect(sla_spark.evaluate(_frame(spark, shuffled(table, 1), 3), POLICY, NOW))
    assert canonical(_expected(table, POLICY)) == canonical(got)


def test_schema_is_the_declared_one(spark) -> None:
    table = events_table(_logs())
    rows = sla_spark.evaluate(_frame(spark, table), POLICY, NOW)
    declared = evaluate_table(table, POLICY, NOW).schema
    assert rows.columns == declared.names


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    logs=st.lists(tickets(max_events=6), min_size=1, max_size=8),
    policy=policies(),
    seed=st.integers(0, 2**16),
    parts=st.integers(1, 4),
)
def test_property_local_mode_equals_evaluate_table(spark, logs, policy, seed, parts) -> None:
    """Shuffled events in 1-4 partitions give the same rows as one evaluate_table."""
    table = events_table({f"T-{i}": log for i, log in enumerate(logs)})
    got = _collect(sla_spark.evaluate(_frame(spark, shuffled(table, seed), parts), policy, NOW))
    assert canonical(_expected(table, policy)) == canonical(got)


# ---------------------------------------------------------------- bad input


def test_not_a_spark_frame() -> None:
    with pytest.raises(TypeError, match="pyspark.sql.DataFrame"):
        sla_spark.evaluate(events_table(_logs()), POLICY, NOW)


def test_now_and_policy_checked(spark) -> None:
    frame = _frame(spark, events_table(_logs()))
    with pytest.raises(NaiveDatetimeError):
        sla_spark.evaluate(frame, POLICY, datetime(2026, 4, 1))  # noqa: DTZ001 - the bad input
    with pytest.raises(TypeError, match="policy must be a Policy"):
        sla_spark.evaluate(frame, {}, NOW)  # type: ignore[arg-type]


def test_missing_and_extra_columns(spark) -> None:
    table = events_table(_logs())
    with pytest.raises(ConfigError) as info:
        sla_spark.evaluate(_frame(spark, table.drop_columns(["at"])), POLICY, NOW)
    assert info.value.path == "at"
    extra = table.append_column("body", pa.array(["hello"] * table.num_rows))
    with pytest.raises(ConfigError, match="unexpected column 'body'") as info:
        sla_spark.evaluate(_frame(spark, extra), POLICY, NOW)
    assert info.value.path == "body"


def test_wrong_type_and_naive_timestamps(spark) -> None:
    table = events_table(_logs())
    as_text = table.set_column(1, "at", pa.array(["2026-03-27T09:00:00Z"] * table.num_rows))
    with pytest.raises(ConfigError) as info:
        sla_spark.evaluate(_frame(spark, as_text), POLICY, NOW)
    assert info.value.path.startswith("at")
    naive = spark.createDataFrame(_frame(spark, table).rdd, _naive_schema(spark, table))
    with pytest.raises(ConfigError) as info:
        sla_spark.evaluate(naive, POLICY, NOW)
    assert info.value.path.startswith("at")


def _naive_schema(spark, table):
    from pyspark.sql.types import TimestampNTZType

    schema = sla_spark._spark_schema(table.schema)
    schema["at"].dataType = TimestampNTZType()
    return schema


def test_null_ticket(spark) -> None:
    table = events_table(_logs())
    ids = table.column("ticket").to_pylist()
    ids[2] = None
    frame = _frame(spark, table.set_column(0, "ticket", pa.array(ids, pa.string())))
    with pytest.raises(ConfigError, match="null ticket id in 1 event") as info:
        sla_spark.evaluate(frame, POLICY, NOW)
    assert info.value.path == "ticket"


def test_missing_extra_names_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(ImportError, match=r"servicekit\[spark\]"):
        sla_spark.evaluate(None, POLICY, NOW)  # type: ignore[arg-type]


# ---------------------------------------------------------------- attainment


def test_attainment_matches_dask_and_the_rows(spark) -> None:
    table = events_table(_logs())
    rows = sla_spark.evaluate(_frame(spark, shuffled(table, 5), 3), POLICY, NOW)
    summary = sla_spark.attainment(rows, by=["priority"])
    exact = evaluate_table(table, POLICY, NOW).to_pylist()
    counted = [r for r in exact if r["status"] in _engines.COUNTED]
    assert sum(summary.column("cycles").to_pylist()) == len(counted)
    assert summary.column("metric").to_pylist() == ["first_reply", "resolution"]
    for row in summary.to_pylist():
        times = sorted(
            r["elapsed_s"]
            for r in counted
            if r["metric"] == row["metric"] and r["status"] in ("met", "missed")
        )
        if times:
            n = len(times)
            assert row["median_s"] == pytest.approx(
                (times[(n - 1) // 2] + times[n // 2]) / 2, rel=_engines.ALPHA, abs=1e-9
            )


def test_attainment_bad_input(spark) -> None:
    rows = spark.createDataFrame(
        [("first_reply", "met", 1.0)], "metric string, status string, elapsed_s double"
    )
    with pytest.raises(ConfigError) as info:
        sla_spark.attainment(rows, by=["team"])
    assert info.value.path == "by[0]"
    with pytest.raises(TypeError, match="pyspark.sql.DataFrame"):
        sla_spark.attainment(events_table(_logs()), by=[])


def test_attainment_zero_and_null_groups(spark) -> None:
    rows = spark.createDataFrame(
        [
            ("first_reply", "a", "met", 0.0),
            ("first_reply", None, "met", 30.0),
            ("first_reply", "a", "paused", None),
            ("first_reply", "a", "not_started", None),
        ],
        "metric string, team string, status string, elapsed_s double",
    )
    summary = sla_spark.attainment(rows, by=["team"]).to_pylist()
    assert [(r["team"], r["cycles"], r["running"], r["median_s"]) for r in summary] == [
        ("a", 2, 1, 0.0),
        (None, 1, 0, pytest.approx(30.0, rel=_engines.ALPHA)),
    ]


def test_run_rows_and_summary(spark) -> None:
    table = events_table(_logs())
    rows = sla_spark.run(table, POLICY, NOW, session=spark)
    summary = sla_spark.run(_frame(spark, table), POLICY, NOW, by=[])
    assert canonical(_expected(table, POLICY)) == canonical(rows)
    assert summary.column("metric").to_pylist() == ["first_reply", "resolution"]
