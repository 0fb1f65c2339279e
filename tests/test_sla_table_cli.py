"""``servicekit sla evaluate`` on Parquet: streamed in pieces of whole tickets."""

from __future__ import annotations

import csv
import io
import json
import sys
import types
from datetime import datetime, timedelta, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from servicekit import cli
from servicekit.cli import _io, _sla

UTC = timezone.utc
POLICY = {
    "name": "office",
    "calendars": {"office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}},
    "targets": {
        p: [
            {"metric": "first_reply", "within": "PT4H", "calendar": "office"},
            {"metric": "resolution", "within": "PT40H", "calendar": "office"},
        ]
        for p in ("normal", "urgent")
    },
}
NOW = "2026-03-20T11:00:00+01:00"
T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)


def events(n: int) -> list[dict[str, object]]:
    """``n`` tickets of 1-4 events, grouped by ticket; ticket 3 has no created event."""
    out: list[dict[str, object]] = []
    for i in range(n):
        t = T0 + timedelta(hours=7 * i)
        ticket = f"T-{i}"
        if i != 3:
            priority = ("normal", "urgent", "vip")[i % 3]
            out.append({"ticket": ticket, "at": t, "kind": "created", "priority": priority})
        if i % 2:
            out.append({"ticket": ticket, "at": t + timedelta(hours=2), "kind": "agent_reply"})
        if i % 4 == 1:
            out.append(
                {
                    "ticket": ticket,
                    "at": t + timedelta(hours=30),
                    "kind": "status",
                    "status": "solved",
                }
            )
        if i % 5 == 2:
            out.append({"ticket": ticket, "at": t - timedelta(hours=1), "kind": "agent_reply"})
    return out


def as_table(rows: list[dict[str, object]]) -> pa.Table:
    """Event dicts as an event table."""
    return pa.table(
        {
            "ticket": pa.array([r["ticket"] for r in rows], pa.string()),
            "at": pa.array([r["at"] for r in rows], pa.timestamp("us", "UTC")),
            "kind": [r["kind"] for r in rows],
            "priority": pa.array([r.get("priority") for r in rows], pa.string()),
            "status": pa.array([r.get("status") for r in rows], pa.string()),
        }
    )


@pytest.fixture
def files(tmp_path):
    """The policy, and the same events as JSON lines and as Parquet (small row groups)."""
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(POLICY), encoding="utf-8")
    rows = events(40)
    jsonl = tmp_path / "events.jsonl"
    jsonl.write_text(
        "".join(json.dumps({**r, "at": r["at"].isoformat()}) + "\n" for r in rows),  # type: ignore[union-attr]
        encoding="utf-8",
    )
    parquet = tmp_path / "events.parquet"
    pq.write_table(as_table(rows), parquet, row_group_size=7)
    return {"policy": str(policy), "jsonl": str(jsonl), "parquet": str(parquet), "dir": tmp_path}


def run(*argv: str) -> tuple[int, str]:
    """Run the command in-process."""
    out = io.StringIO()
    return cli.main(list(argv), out=out), out.getvalue()


def evaluate(files, source: str, *extra: str) -> tuple[int, str]:
    """``sla evaluate`` of one of the fixture's files."""
    return run("sla", "evaluate", "--policy", files["policy"], files[source], "--now", NOW, *extra)


@pytest.fixture(params=[3, 5, 1000])
def small_batches(request, monkeypatch):
    """Parquet read in batches of a few rows, so that tickets straddle them."""
    monkeypatch.setattr(_io, "PARQUET_BATCH_ROWS", request.param)


class TestSameAsJsonLines:
    """Parquet in gives what the same events as JSON lines give."""

    @pytest.mark.usefixtures("small_batches")
    @pytest.mark.parametrize("fmt", ["csv", "json"])
    def test_rows(self, files, capsys, fmt):
        """Rows, warnings and errors agree, whatever the batch size."""
        status, expected = evaluate(files, "jsonl", "--format", fmt)
        err_expected = capsys.readouterr().err
        assert 2 == status  # ticket T-3 has no created event
        assert (status, expected) == evaluate(files, "parquet", "--output-format", fmt)
        err = capsys.readouterr().err
        assert sorted(err_expected.splitlines()) == sorted(err.splitlines())
        assert "ticket T-3: events: no 'created' event" in err

    @pytest.mark.usefixtures("small_batches")
    @pytest.mark.parametrize("fmt", ["csv", "json"])
    def test_summary(self, files, fmt):
        """The summary agrees (exact medians and percentiles over merged pieces)."""
        assert evaluate(files, "jsonl", "--summary", "--format", fmt) == evaluate(
            files, "parquet", "--summary", "--format", fmt
        )

    def test_output_file(self, files):
        """--output writes the file instead of standard output."""
        target = files["dir"] / "rows.csv"
        status, out = evaluate(files, "parquet", "--output", str(target))
        assert (2, "") == (status, out)
        assert target.read_bytes().decode("utf-8") == evaluate(files, "jsonl")[1]
        target = files["dir"] / "rows.json"
        evaluate(files, "jsonl", "-o", str(target), "--format", "json")
        assert json.loads(target.read_text(encoding="utf-8")) == json.loads(
            evaluate(files, "parquet", "--format", "json")[1]
        )


class TestParquetOutput:
    """--output x.parquet holds evaluate_table's whole table."""

    @pytest.mark.usefixtures("small_batches")
    def test_full_table(self, files):
        """Clock, problem and error rows; input_row counts rows of the whole file."""
        target = files["dir"] / "out.parquet"
        assert 2 == evaluate(files, "parquet", "-o", str(target))[0]
        table = pq.read_table(target)
        assert table.schema.metadata[b"servicekit.policy"] == b"office"
        rows = table.to_pylist()
        kinds = {r["row_type"] for r in rows}
        assert kinds == {"clock", "problem", "error"}
        source = pq.read_table(files["parquet"]).to_pylist()
        for row in rows:
            if row["input_row"] is not None:
                assert source[row["input_row"]]["ticket"] == row["ticket"]
        from_jsonl = files["dir"] / "jsonl.parquet"
        evaluate(files, "jsonl", "-o", str(from_jsonl))
        assert pq.read_table(from_jsonl).drop_columns(["input_row"]).to_pylist() == (
            table.drop_columns(["input_row"]).to_pylist()
        )

    def test_summary_and_empty(self, files):
        """The summary as Parquet; an empty file gives an empty table."""
        target = files["dir"] / "summary.parquet"
        evaluate(files, "parquet", "--summary", "-o", str(target))
        expected = list(csv.DictReader(io.StringIO(evaluate(files, "jsonl", "--summary")[1])))
        got = pq.read_table(target).to_pylist()
        assert [(r["metric"], r["priority"] or "") for r in expected] == [
            (r["metric"], r["priority"] or "") for r in got
        ]
        empty = files["dir"] / "empty.parquet"
        pq.write_table(as_table([]), empty)
        files["empty"] = str(empty)
        assert (0, ",".join(_sla.ROW_COLUMNS)) == (
            evaluate(files, "empty")[0],
            evaluate(files, "empty")[1].strip(),
        )
        out = files["dir"] / "none.parquet"
        assert 0 == evaluate(files, "empty", "-o", str(out))[0]
        assert 0 == pq.read_table(out).num_rows
        assert 0 == evaluate(files, "empty", "--summary", "-o", str(out))[0]
        assert pq.read_table(out).column_names == list(_sla.SUMMARY_COLUMNS)
        assert evaluate(files, "empty", "--summary")[1].strip() == ",".join(_sla.SUMMARY_COLUMNS)

    def test_parquet_needs_a_file(self, files, capsys):
        """Parquet is not written to standard output."""
        assert 2 == evaluate(files, "jsonl", "--format", "parquet")[0]
        assert "--output-format: Parquet is binary" in capsys.readouterr().err


class TestBadFiles:
    """A Parquet file that cannot be streamed is an error naming why."""

    def test_not_grouped_by_ticket(self, files, capsys, monkeypatch):
        """A ticket met again after another one names the row and how to fix it."""
        monkeypatch.setattr(_io, "PARQUET_BATCH_ROWS", 2)
        rows = events(4)
        path = files["dir"] / "mixed.parquet"
        pq.write_table(as_table([*rows, rows[0]]), path)
        files["mixed"] = str(path)
        assert 2 == evaluate(files, "mixed")[0]
        err = capsys.readouterr().err
        assert f"row {len(rows)}: ticket 'T-0' comes again" in err
        assert "sort it by ticket" in err
        pq.write_table(as_table([rows[0], rows[1], rows[0], rows[2]]), path)
        assert 2 == evaluate(files, "mixed")[0]
        assert "row 2: ticket 'T-0' comes again" in capsys.readouterr().err

    def test_bad_column_names_the_file_row(self, files, capsys, monkeypatch):
        """A column error in a later piece names the row in the whole file."""
        monkeypatch.setattr(_io, "PARQUET_BATCH_ROWS", 4)
        table = as_table(events(10))
        kinds = table.column("kind").to_pylist()
        kinds[9] = "opened"
        path = files["dir"] / "bad.parquet"
        pq.write_table(table.set_column(2, "kind", pa.array(kinds)), path)
        files["bad"] = str(path)
        assert 2 == evaluate(files, "bad")[0]
        assert f"{path}: kind: row 9: unknown event kind 'opened'" in capsys.readouterr().err
        pq.write_table(table.drop_columns(["ticket"]), path)
        assert 2 == evaluate(files, "bad")[0]
        assert "ticket: missing" in capsys.readouterr().err

    def test_dictionary_ids_and_not_parquet(self, files, capsys):
        """Categorical ids stream too; a file that is not Parquet is named."""
        table = as_table(events(8))
        path = files["dir"] / "cat.parquet"
        encoded = table.set_column(0, "ticket", table.column("ticket").dictionary_encode())
        pq.write_table(encoded, path)
        files["cat"] = str(path)
        pq.write_table(table, files["dir"] / "plain.parquet")
        files["plain"] = str(files["dir"] / "plain.parquet")
        assert evaluate(files, "cat") == evaluate(files, "plain")
        files["text"] = files["jsonl"]
        assert 2 == evaluate(files, "text", "--input-format", "parquet")[0]
        assert "cannot read it as Parquet" in capsys.readouterr().err


class TestProgress:
    """Progress on standard error: a bar on a terminal, lines when forced, else quiet."""

    def test_quiet_when_piped(self, files, capsys):
        """No progress when standard error is not a terminal."""
        evaluate(files, "parquet")
        assert "evaluated" not in capsys.readouterr().err

    def test_lines_when_forced(self, files, capsys, monkeypatch):
        """--progress always without a terminal: plain lines of events done."""
        monkeypatch.setattr(_io, "PARQUET_BATCH_ROWS", 1000)
        evaluate(files, "parquet", "--progress", "always")
        total = pq.read_metadata(files["parquet"]).num_rows
        assert f"servicekit: evaluated {total:,} of {total:,} events" in capsys.readouterr().err

    def test_bar_on_a_terminal(self, files, capsys, monkeypatch):
        """On a terminal: tqdm's bar with the rate; plain lines without tqdm."""
        monkeypatch.setattr("sys.stderr.isatty", lambda: True)
        evaluate(files, "parquet")
        err = capsys.readouterr().err
        assert "events/s" in err
        assert "100%" in err
        monkeypatch.setitem(sys.modules, "tqdm", None)
        evaluate(files, "parquet")
        assert "servicekit: evaluated" in capsys.readouterr().err


class TestEngines:
    """--engine dask|spark goes to the engines' hook."""

    def test_not_installed_names_the_extra(self, files, capsys, monkeypatch):
        """An engine whose package is missing names the extra."""
        monkeypatch.setattr(_sla.importlib.util, "find_spec", lambda name: None)
        assert 2 == evaluate(files, "parquet", "--engine", "dask")[0]
        assert "pip install 'servicekit[dask]'" in capsys.readouterr().err
        assert 2 == evaluate(files, "parquet", "--engine", "spark")[0]
        assert "pip install 'servicekit[spark]'" in capsys.readouterr().err

    def test_hook(self, files, capsys, monkeypatch):
        """The engine module's evaluate_command gets the parsed arguments."""
        monkeypatch.setattr(_sla.importlib.util, "find_spec", lambda name: object())
        monkeypatch.setitem(sys.modules, "servicekit.sla.dask", None)
        assert 2 == evaluate(files, "parquet", "--engine", "dask")[0]
        assert "has no dask engine" in capsys.readouterr().err
        seen = []

        def command(args, out):
            seen.append((args.engine, args.events, args.summary))
            out.write("done\n")
            return 0

        module = types.ModuleType("servicekit.sla.spark")
        module.evaluate_command = command  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "servicekit.sla.spark", module)
        assert (0, "done\n") == evaluate(files, "parquet", "--engine", "spark")
        assert [("spark", files["parquet"], False)] == seen


def test_read_events_guesses_the_format(files):
    """read_events with "auto" reads JSON lines unless the name ends in .csv."""
    found = _sla.read_events(files["jsonl"], "auto")
    assert "T-0" in found
    assert [e.kind for e in found["T-1"]] == ["created", "agent_reply", "status"]


def test_changes_and_initial_fields_from_json_lines_to_parquet(tmp_path):
    """Field and tags events, and a created event's fields, reach a policy set."""
    from servicekit.sla import TicketEvent, evaluate_many  # noqa: PLC0415
    from test_policy_set import DESK  # noqa: PLC0415

    policy = tmp_path / "desk.json"
    policy.write_text(json.dumps(DESK.to_dict()), encoding="utf-8")
    t = datetime(2026, 11, 23, 9, tzinfo=UTC)
    records = {
        "billing": [
            {"at": t, "kind": "created", "priority": "normal", "fields": {"group": "billing"}},
            {"at": t + timedelta(hours=1), "kind": "field", "field": "channel", "value": "chat"},
            {"at": t + timedelta(hours=5), "kind": "agent_reply"},
        ],
        "vip": [
            {"at": t, "kind": "created", "priority": "normal"},
            {"at": t, "kind": "tags", "added": ["vip"], "removed": []},
            {"at": t + timedelta(hours=2), "kind": "field", "field": "group", "value": None},
            {"at": t + timedelta(hours=3), "kind": "agent_reply"},
        ],
    }
    jsonl = tmp_path / "events.jsonl"
    jsonl.write_text(
        "".join(
            json.dumps({"ticket": ticket, **r, "at": r["at"].isoformat()}) + "\n"
            for ticket, rs in records.items()
            for r in rs
        ),
        encoding="utf-8",
    )
    target = tmp_path / "out.parquet"
    now = t + timedelta(days=1)
    argv = ["sla", "evaluate", "--policy", str(policy), str(jsonl), "--now", now.isoformat()]
    assert run(*argv, "-o", str(target))[0] == 0
    rows = [r for r in pq.read_table(target).to_pylist() if r["row_type"] == "clock"]
    tickets = {
        ticket: [TicketEvent.from_dict({**r, "at": r["at"].isoformat()}) for r in rs]
        for ticket, rs in records.items()
    }
    expected = evaluate_many(DESK, tickets, now).rows
    assert [(r["ticket"], r["policy"], r["status"], r["elapsed_s"]) for r in rows] == [
        (r["ticket"], r["policy"], r["status"], r["elapsed_s"]) for r in expected
    ]
    assert {r["policy"] for r in rows} == {"billing", "vip"}
