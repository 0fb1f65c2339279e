"""servicekit.sla.evaluate_table and attainment_table: equal to evaluate_many, bad input."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.exceptions import ConfigError, NaiveDatetimeError
from servicekit.hours import BusinessCalendar
from servicekit.sla import (
    ERROR_CODES,
    METRICS,
    ROW_TYPES,
    TABLE_COLUMNS,
    TABLE_SCHEMA,
    Policy,
    PolicySet,
    Target,
    TicketEvent,
    attainment_finish,
    attainment_merge,
    attainment_partial,
    attainment_table,
    evaluate_many,
    evaluate_table,
    table_schema,
)
from servicekit.sla._clock import CompiledMeter, Meter, instant_to_us
from strategies_sla import BASE, full_policies, policies, tickets

UTC = timezone.utc
H = timedelta(hours=1)
T = datetime(2026, 11, 20, 9, tzinfo=UTC)
POLICY = Policy(
    "email",
    {
        "normal": [
            Target("first_reply", 4 * H),
            Target(
                "resolution",
                40 * H,
                BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]}),
            ),
        ]
    },
)
CLOCK = ("metric", "cycle", "priority", "status", "start", "stop", "deadline", "stop_reason")
CLOCK += ("elapsed_s", "within_s", "breached")


def event_table(pairs: list[tuple[str, TicketEvent]], **types: Any) -> pa.Table:
    """The table of (ticket, event) rows, in the order given."""
    return pa.table(
        {
            "ticket": pa.array([t for t, _ in pairs], types.get("ticket", pa.string())),
            "at": pa.array([e.at.astimezone(UTC) for _, e in pairs], pa.timestamp("us", "UTC")),
            "kind": [e.kind for _, e in pairs],
            "priority": pa.array([e.priority for _, e in pairs], pa.string()),
            "status": pa.array([e.status for _, e in pairs], pa.string()),
            "tags": pa.array([list(e.tags) or None for _, e in pairs], pa.list_(pa.string())),
            "metric": pa.array([e.metric for _, e in pairs], pa.string()),
            "due": pa.array(
                [None if e.due is None else e.due.astimezone(UTC) for _, e in pairs],
                pa.timestamp("us", "UTC"),
            ),
            "field": pa.array([e.field for _, e in pairs], pa.string()),
            "value": pa.array([e.value for _, e in pairs], pa.string()),
            "added": pa.array([list(e.added) or None for _, e in pairs], pa.list_(pa.string())),
            "removed": pa.array([list(e.removed) for _, e in pairs], pa.list_(pa.string())),
        }
    )


def split(table: pa.Table) -> dict[str, list[dict[str, Any]]]:
    """Split."""
    rows = table.to_pylist()
    return {kind: [r for r in rows if r["row_type"] == kind] for kind in ROW_TYPES}


def assert_same(
    table: pa.Table,
    policy: Policy | PolicySet,
    tickets_: dict[str, list[TicketEvent]],
    now: datetime,
) -> None:
    """The table equals evaluate_many's rows, problems and errors, ticket by ticket."""
    batch = evaluate_many(policy, tickets_, now)
    parts = split(evaluate_table(table, policy, now))
    keys = ("ticket", *CLOCK) if isinstance(policy, Policy) else ("ticket", *CLOCK, "policy")
    assert [{k: r[k] for k in keys} for r in parts["clock"]] == batch.rows
    problems = [
        (r["ticket"], r["problem"], r["message"], r["event_index"], r["problem_at"])
        for r in parts["problem"]
    ]
    assert problems == [
        (t, p.code, p.message, p.index, p.at) for t, ps in batch.problems.items() for p in ps
    ]
    errors = [(r["ticket"], r["problem"], r["field"], r["message"]) for r in parts["error"]]
    assert errors == [(t, e.code, e.field, e.message) for t, e in batch.errors.items()]


def due_events() -> st.SearchStrategy[TicketEvent]:
    """Due events."""
    return st.builds(
        lambda at, m, due: TicketEvent(at, "due_date", metric=m, due=due),
        st.integers(0, 14 * 24 * 60).map(lambda m: BASE + timedelta(minutes=m)),
        st.sampled_from(METRICS),
        st.integers(0, 14 * 24 * 60).map(lambda m: BASE + timedelta(minutes=m)),
    )


@st.composite
def batches(draw: st.DrawFn) -> tuple[dict[str, list[TicketEvent]], list[tuple[str, TicketEvent]]]:
    """Tickets, and their events as table rows interleaved in any order."""
    logs = draw(st.lists(tickets(max_events=8), max_size=6))
    out: dict[str, list[TicketEvent]] = {}
    for i, log in enumerate(logs):
        events = list(log)
        if draw(st.booleans()):
            events.insert(draw(st.integers(0, len(events))), draw(due_events()))
        if draw(st.integers(0, 9)) == 0:
            events = events[1:]  # no created event: an error row
        out[f"T-{i}"] = events
    labels = draw(st.permutations([t for t, evs in out.items() for _ in evs]))
    pending = {t: iter(evs) for t, evs in out.items()}
    # evaluate_table gives tickets in the order of their first row
    return {t: out[t] for t in dict.fromkeys(labels)}, [(t, next(pending[t])) for t in labels]


class TestEqualsEvaluateMany:
    """Equals evaluate many."""

    @settings(deadline=None, max_examples=300)
    @given(batches(), policies(), st.integers(0, 20 * 24 * 60))
    def test_any_policy(self, batch: Any, policy: Policy, minutes: int) -> None:
        """Any policy."""
        grouped, pairs = batch
        assert_same(event_table(pairs), policy, grouped, BASE + timedelta(minutes=minutes))

    @settings(deadline=None, max_examples=100)
    @given(batches(), full_policies(), st.integers(0, 20 * 24 * 60))
    def test_full_policy(self, batch: Any, policy: Policy, minutes: int) -> None:
        """Full policy."""
        grouped, pairs = batch
        assert_same(event_table(pairs), policy, grouped, BASE + timedelta(minutes=minutes))

    @settings(deadline=None, max_examples=100)
    @given(batches(), policies(), st.integers(0, 20 * 24 * 60))
    def test_summary_equals_evaluate_many(self, batch: Any, policy: Policy, minutes: int) -> None:
        """Summary equals evaluate many."""
        grouped, pairs = batch
        now = BASE + timedelta(minutes=minutes)
        rows = evaluate_table(event_table(pairs), policy, now)
        got = {
            (r["metric"], r["priority"]): r
            for r in attainment_table(rows, by=["metric", "priority"]).to_pylist()
        }
        expected = [s.to_dict() for s in evaluate_many(policy, grouped, now).summary]
        for row in expected:
            if row["priority"] is None:
                continue
            found = got.pop((row["metric"], row["priority"]))
            for key in ("cycles", "met", "missed", "breached", "running", "attainment"):
                assert found[key] == row[key]
            assert found["median_s"] == row["median_s"]
            assert found["p90_s"] == row["p90_s"]
        # groups with only metrics not started have no summary row in evaluate_many
        assert all(r["cycles"] == 0 for r in got.values())

    @settings(deadline=None, max_examples=50)
    @given(batches(), policies(), st.integers(1, 4))
    def test_merge_of_parts_equals_whole(self, batch: Any, policy: Policy, parts: int) -> None:
        """Merge of parts equals whole."""
        _, pairs = batch
        rows = evaluate_table(event_table(pairs), policy, BASE + timedelta(days=7))
        by = ["metric", "priority"]
        tickets_ = rows.column("ticket").to_pylist()
        pieces = [
            rows.filter(pa.array([hash(t) % parts == k for t in tickets_], pa.bool_()))
            for k in range(parts)
        ]
        merged = attainment_merge([attainment_partial(p, by) for p in pieces], by)
        key = ["metric", "priority"]
        whole = attainment_table(rows, by).sort_by([(k, "ascending") for k in key]).to_pylist()
        assert (
            attainment_finish(merged, by).sort_by([(k, "ascending") for k in key]).to_pylist()
            == whole
        )


def test_schema_is_declared() -> None:
    """Schema is declared."""
    schema = table_schema()
    assert schema.names == [name for name, _, _ in TABLE_COLUMNS]
    assert TABLE_SCHEMA.equals(schema)
    assert set(schema.metadata) == {b"servicekit.version", b"servicekit.tz_database"}
    with pytest.raises(AttributeError):
        _ = __import__("servicekit.sla").sla.NO_SUCH_NAME


def test_result_metadata_and_types() -> None:
    """Result metadata and types."""
    pairs = [("A", TicketEvent(T, "created", priority="normal"))]
    out = evaluate_table(event_table(pairs), POLICY, T + H)
    assert out.schema.equals(table_schema().with_metadata(out.schema.metadata))
    assert out.schema.metadata[b"servicekit.now"] == (T + H).isoformat().encode()
    assert out.schema.metadata[b"servicekit.policy"] == b"email"


def test_empty_table() -> None:
    """Empty table."""
    out = evaluate_table(event_table([]), POLICY, T)
    assert out.num_rows == 0
    assert attainment_table(out, by=["metric"]).num_rows == 0


class TestInputs:
    """Inputs."""

    def pairs(self) -> list[tuple[str, TicketEvent]]:
        """Pairs."""
        return [
            ("1", TicketEvent(T, "created", priority="normal")),
            ("2", TicketEvent(T, "created", priority="normal")),
            ("1", TicketEvent(T + H, "agent_reply", tags=("faq",))),
        ]

    def expected(self) -> list[dict[str, Any]]:
        """Expected."""
        return evaluate_table(event_table(self.pairs()), POLICY, T + 2 * H).to_pylist()

    def test_integer_and_dictionary_ids(self) -> None:
        """Integer and dictionary ids."""
        table = event_table(self.pairs())
        ints = table.set_column(0, "ticket", pa.array([1, 2, 1], pa.int64()))
        assert evaluate_table(ints, POLICY, T + 2 * H).to_pylist() == self.expected()
        encoded = table.set_column(0, "ticket", table.column("ticket").dictionary_encode())
        assert evaluate_table(encoded, POLICY, T + 2 * H).to_pylist() == self.expected()

    def test_pandas_batches_readers_and_capsules(self) -> None:
        """Pandas batches readers and capsules."""
        table = event_table(self.pairs())
        frame = table.to_pandas()
        frame.index = [5, 6, 7]  # not written as a column
        assert evaluate_table(frame, POLICY, T + 2 * H).to_pylist() == self.expected()
        batch = table.to_batches()[0]
        assert evaluate_table(batch, POLICY, T + 2 * H).to_pylist() == self.expected()
        reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches())
        assert evaluate_table(reader, POLICY, T + 2 * H).to_pylist() == self.expected()

        class Capsule:
            def __arrow_c_stream__(self, requested_schema: object = None) -> object:
                return table.__arrow_c_stream__(requested_schema)

        assert evaluate_table(Capsule(), POLICY, T + 2 * H).to_pylist() == self.expected()

    def test_optional_columns_missing_or_null(self) -> None:
        """Optional columns missing or null."""
        table = event_table(self.pairs()).drop_columns(["status", "metric", "due"])
        where = table.column_names.index("tags")
        table = table.set_column(where, "tags", pa.array(["faq", None, " faq ; "], pa.string()))
        assert evaluate_table(table, POLICY, T + 2 * H).num_rows == 4
        nulls = table.set_column(where, "tags", pa.nulls(3)).append_column("status", pa.nulls(3))
        assert evaluate_table(nulls, POLICY, T + 2 * H).num_rows == 4
        large = event_table(self.pairs())
        large = large.set_column(3, "priority", large.column("priority").cast(pa.large_string()))
        assert evaluate_table(large, POLICY, T + 2 * H).to_pylist() == self.expected()
        ns = large.set_column(1, "at", large.column("at").cast(pa.timestamp("ns", "Europe/Berlin")))
        assert evaluate_table(ns, POLICY, T + 2 * H).to_pylist() == self.expected()
        plain = event_table(self.pairs())
        categorical = plain.set_column(2, "kind", plain.column("kind").dictionary_encode())
        categorical = categorical.set_column(7, "due", pa.nulls(3))
        assert evaluate_table(categorical, POLICY, T + 2 * H).to_pylist() == self.expected()
        no_tags = event_table(self.pairs()).drop_columns(["tags"])
        assert evaluate_table(no_tags, POLICY, T + 2 * H).num_rows == 4

    def test_not_a_table(self) -> None:
        """Not a table."""
        with pytest.raises(TypeError, match="Arrow-compatible"):
            evaluate_table([1, 2], POLICY, T)
        with pytest.raises(TypeError, match="Policy"):
            evaluate_table(event_table([]), "policy", T)  # type: ignore[arg-type]
        with pytest.raises(NaiveDatetimeError):
            evaluate_table(event_table([]), POLICY, T.replace(tzinfo=None))


def with_column(name: str, values: pa.Array) -> pa.Table:
    """With column."""
    table = event_table(
        [
            ("A", TicketEvent(T, "created", priority="normal")),
            ("B", TicketEvent(T, "created", priority="normal")),
        ]
    )
    if name in table.column_names:
        return table.set_column(table.column_names.index(name), name, values)
    return table.append_column(name, values)


class TestBadColumns:
    """Bad columns."""

    @pytest.mark.parametrize(
        ("table", "path", "text"),
        [
            (lambda: event_table([]).drop_columns(["kind"]), "kind", "missing"),
            (lambda: with_column("team", pa.array(["x", "y"])), "team", "unknown column"),
            (lambda: with_column("ticket", pa.array([1.5, 2.5])), "ticket", "double"),
            (lambda: with_column("ticket", pa.array(["A", None])), "ticket", "row 1: a null"),
            (lambda: with_column("ticket", pa.nulls(2)), "ticket", "row 0"),
            (
                lambda: with_column("kind", pa.array(["created", "opened"])),
                "kind",
                "row 1: unknown",
            ),
            (lambda: with_column("kind", pa.array([None, "created"])), "kind", "row 0: unknown"),
            (lambda: with_column("kind", pa.array([1, 2])), "kind", "expected a string"),
            (lambda: with_column("at", pa.array(["x", "y"])), "at", "aware timestamps"),
            (lambda: with_column("tags", pa.array([1, 2])), "tags", "list of strings"),
            (lambda: with_column("tags", pa.array([[1], [2]])), "tags", "list of strings"),
            (
                lambda: with_column(
                    "at", pa.array([1000, 1_000_000_000_000_000_001], pa.timestamp("ns", "UTC"))
                ),
                "at",
                "row 1: an instant finer",
            ),
        ],
    )
    def test_config_error_names_column_and_row(self, table: Any, path: str, text: str) -> None:
        """Config error names column and row."""
        with pytest.raises(ConfigError, match=text) as info:
            evaluate_table(table(), POLICY, T)
        assert info.value.path == path

    def test_naive_timestamps(self) -> None:
        """Naive timestamps."""
        naive = pa.array([T.replace(tzinfo=None)] * 2, pa.timestamp("us"))
        with pytest.raises(NaiveDatetimeError):
            evaluate_table(with_column("at", naive), POLICY, T)
        with pytest.raises(NaiveDatetimeError):
            evaluate_table(with_column("due", naive), POLICY, T)

    def test_repeated_column(self) -> None:
        """Repeated column."""
        table = with_column("priority", pa.array(["normal", "normal"]))
        table = pa.Table.from_arrays(
            [*table.columns, table.column("kind")], [*table.column_names, "kind"]
        )
        with pytest.raises(ConfigError, match="given twice"):
            evaluate_table(table, POLICY, T)


class TestBadRows:
    """A row that does not fit its kind makes its ticket an error row; others go on."""

    @pytest.mark.parametrize(
        ("column", "values", "text"),
        [
            ("priority", pa.array(["normal", None]), "input row 1: priority: missing"),
            ("priority", pa.array(["normal", ""]), "priority: must not be empty"),
            ("status", pa.array([None, "open"]), "input row 1: status: a 'created' event"),
            ("metric", pa.array([None, "resolution"]), "metric: a 'created' event carries no"),
            ("due", pa.array([None, T], pa.timestamp("us", "UTC")), "due: a 'created'"),
            ("at", pa.array([T, None], pa.timestamp("us", "UTC")), "at: null"),
            ("at", pa.array([T, -(2**62)], pa.timestamp("us", "UTC")), "at: lies outside"),
            ("due", pa.array([None, 2**62], pa.timestamp("us", "UTC")), "due: lies outside"),
            ("tags", pa.array([[], ["ok", ""]], pa.list_(pa.string())), "tags: must not be empty"),
            ("tags", pa.array([[], ["ok", None]], pa.list_(pa.string())), "tags must be a string"),
        ],
    )
    def test_error_row(self, column: str, values: pa.Array, text: str) -> None:
        """Error row."""
        parts = split(evaluate_table(with_column(column, values), POLICY, T + H))
        assert len(parts["error"]) == 1
        error = parts["error"][0]
        assert error["problem"] == "invalid_events"
        assert text in error["message"]
        assert error["input_row"] in {0, 1}
        assert error["ticket"] == ("A", "B")[error["input_row"]]
        assert {r["ticket"] for r in parts["clock"]} == {"A", "B"} - {error["ticket"]}

    def test_due_date_rows(self) -> None:
        """Due date rows."""
        kinds = pa.array(["created", "due_date"])
        table = with_column("kind", kinds).set_column(3, "priority", pa.array(["normal", None]))
        table = table.set_column(0, "ticket", pa.array(["A", "A"]))
        due = pa.array([None, T + H], pa.timestamp("us", "UTC"))
        table = table.set_column(table.column_names.index("due"), "due", due)
        ok = table.set_column(6, "metric", pa.array([None, "first_reply"]))
        parts = split(evaluate_table(ok, POLICY, T + 2 * H))
        assert parts["error"] == []
        assert parts["clock"][0]["deadline"] == T + H
        bad = table.set_column(6, "metric", pa.array([None, "mood"]))
        parts = split(evaluate_table(bad, POLICY, T + 2 * H))
        assert "unknown metric 'mood'" in parts["error"][0]["message"]

    def test_engine_errors_are_rows(self) -> None:
        """Engine errors are rows."""
        closed = BusinessCalendar.from_dict(
            {"timezone": "UTC", "hours": {}, "overrides": {"2020-01-06": ["09:00-10:00"]}}
        )
        policy = Policy("x", {"normal": [Target("first_reply", H, closed)]})
        pairs = [
            ("A", TicketEvent(T, "created", priority="normal")),
            ("B", TicketEvent(T, "agent_reply")),
            ("C", TicketEvent(T + 3 * H, "created", priority="normal")),
        ]
        parts = split(evaluate_table(event_table(pairs), policy, T + H))
        codes = [r["problem"] for r in parts["error"]]
        assert codes == ["no_business_time", "no_created_event", "created_after_now"]
        assert set(codes) <= set(ERROR_CODES)

    def test_problem_rows_point_at_input_rows(self) -> None:
        """Problem rows point at input rows."""
        pairs = [
            ("A", TicketEvent(T, "created", priority="normal")),
            ("B", TicketEvent(T, "created", priority="normal")),
            ("A", TicketEvent(T - H, "agent_reply")),
            ("A", TicketEvent(T, "created", priority="normal")),
        ]
        problems = split(evaluate_table(event_table(pairs), POLICY, T + H))["problem"]
        assert [(p["problem"], p["event_index"], p["input_row"]) for p in problems] == [
            ("duplicate_event", 2, 3),
            ("before_created", 1, 2),
        ] or [(p["problem"], p["event_index"], p["input_row"]) for p in problems] == [
            ("before_created", 1, 2),
            ("duplicate_event", 2, 3),
        ]


class TestAttainment:
    """Attainment."""

    def rows(self) -> pa.Table:
        """Rows."""
        pairs = [
            ("A", TicketEvent(T, "created", priority="normal")),
            ("B", TicketEvent(T, "created", priority="normal")),
            ("B", TicketEvent(T + H, "agent_reply")),
            ("C", TicketEvent(T, "created", priority="normal")),
            ("C", TicketEvent(T + 5 * H, "agent_reply")),
        ]
        return evaluate_table(event_table(pairs), POLICY, T + 6 * H)

    def test_by_nothing_and_added_columns(self) -> None:
        """By nothing and added columns."""
        rows = self.rows()
        whole = attainment_table(rows, by=[]).to_pylist()
        assert len(whole) == 1
        assert whole[0]["tickets"] == 3
        team = rows.append_column("team", pa.array(["x"] * rows.num_rows))
        by_team = attainment_table(team, by=["team", "metric"]).to_pylist()
        first = next(r for r in by_team if r["metric"] == "first_reply")
        assert (first["met"], first["missed"], first["breached"]) == (1, 1, 1)
        assert first["attainment"] == pytest.approx(1 / 3)
        assert (first["median_s"], first["p90_s"]) == (10_800.0, 18_000.0)

    def test_bad_arguments(self) -> None:
        """Bad arguments."""
        rows = self.rows()
        with pytest.raises(TypeError):
            attainment_table(rows, by="metric")
        with pytest.raises(TypeError):
            attainment_table(rows, by=[1])  # type: ignore[list-item]
        with pytest.raises(ConfigError, match="unknown column") as info:
            attainment_table(rows, by=["team"])
        assert info.value.path == "by[0]"
        with pytest.raises(ConfigError, match="named twice"):
            attainment_table(rows, by=["metric", "metric"])
        with pytest.raises(ConfigError, match="evaluate_table"):
            attainment_table(rows.drop_columns(["elapsed_s"]), by=[])
        with pytest.raises(ConfigError, match="partial"):
            attainment_merge([rows], by=[])
        with pytest.raises(ConfigError, match="partial"):
            attainment_finish(rows, by=[])
        assert attainment_merge([], by=[]).num_rows == 0
        listed = rows.append_column("tags", pa.array([["a"]] * rows.num_rows))
        with pytest.raises(ConfigError, match="cannot group by"):
            attainment_table(listed, by=["tags"])
        twice = pa.Table.from_arrays(
            [*rows.columns, rows["metric"]], [*rows.column_names, "metric"]
        )
        with pytest.raises(ConfigError, match="given twice"):
            attainment_table(twice, by=[])
        with pytest.raises(ConfigError, match="elapsed_s"):
            attainment_table(
                rows.set_column(10, "elapsed_s", pa.array([float("nan")] * rows.num_rows)), by=[]
            )
        with pytest.raises(ConfigError, match="expected the type"):
            attainment_table(rows.set_column(5, "status", pa.array([1] * rows.num_rows)), by=[])
        part = attainment_partial(rows, ["metric"])
        other = part.set_column(0, "metric", pa.array([1] * part.num_rows))
        with pytest.raises(ConfigError, match="different types"):
            attainment_merge([part, other], ["metric"])


class Wrapped:
    """A calendar that is not a servicekit Hours: only the CalendarLike methods."""

    def __init__(self, calendar: BusinessCalendar) -> None:
        """Wrap ``calendar``."""
        self.calendar = calendar
        self.add = calendar.add
        self.elapsed = calendar.elapsed
        self.is_open = calendar.is_open
        self.next_open = calendar.next_open
        self.to_dict = calendar.to_dict
        self.intervals = calendar.intervals


BERLIN = BusinessCalendar.from_dict(
    {
        "timezone": "Europe/Berlin",
        "hours": {"mon-fri": ["09:00-17:00"], "sat": ["22:00-02:00"]},
        "holidays": ["2026-03-27"],
    }
)


class TestCompiledMeter:
    """sla's compiled meter reads the calendar's own compiled view (one view for all)."""

    def test_reads_the_calendars_view(self) -> None:
        """The meter's arrays are the calendar's CompiledHours, not a copy."""
        meter = CompiledMeter(BERLIN)
        a = instant_to_us(BASE)
        meter.elapsed(a, a + 3_600_000_000)
        view = BERLIN.compiled(a, a + 1)
        assert meter._starts is view.starts
        assert meter._ends is view.ends

    @settings(deadline=None, max_examples=200)
    @given(
        st.integers(-400 * 24 * 60, 400 * 24 * 60),
        st.integers(0, 60 * 24 * 60),
        st.integers(0, 30 * 24 * 60),
    )
    def test_view_and_intervals_agree_with_the_calendar(
        self, start: int, length: int, amount: int
    ) -> None:
        """Both compiled paths answer as the calendar itself (DST, holiday, overnight)."""
        a = instant_to_us(BASE) + start * 60_000_000
        b = a + length * 60_000_000
        d = amount * 60_000_000
        direct = Meter(BERLIN)
        for meter in (CompiledMeter(BERLIN), CompiledMeter(Wrapped(BERLIN))):  # type: ignore[arg-type]
            assert direct.elapsed(a, b) == meter.elapsed(a, b)
            assert direct.add(a, d) == meter.add(a, d)


@pytest.mark.parametrize("seconds", [2**53 + 1, 2**62])
def test_attainment_of_integer_times_beyond_a_double(seconds: int) -> None:
    """An integer elapsed_s past 2**53: the documented ConfigError, not Arrow's error."""
    rows = pa.table(
        {
            "ticket": ["A", "B"],
            "row_type": ["clock", "clock"],
            "cycle": [0, 0],
            "metric": ["first_reply", "first_reply"],
            "status": ["met", "missed"],
            "elapsed_s": [seconds, 60],
        }
    )
    with pytest.raises(ConfigError, match="elapsed_s"):
        attainment_table(rows, ["metric"])
    assert attainment_table(rows.slice(1), ["metric"]).column("missed").to_pylist() == [1]
