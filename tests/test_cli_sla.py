"""Tests for ``servicekit sla evaluate``."""

from __future__ import annotations

import csv
import io
import json

import pytest

from servicekit import cli
from servicekit.cli import _sla
from servicekit.exceptions import NoBusinessTimeError

POLICY = {
    "name": "office",
    "calendars": {"office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}},
    "targets": {"normal": [{"metric": "first_reply", "within": "PT4H", "calendar": "office"}]},
}
EVENTS = [
    {"ticket": "T-1", "at": "2026-03-06T16:30:00+01:00", "kind": "created", "priority": "normal"},
    {"ticket": "T-2", "at": "2026-03-09T09:00:00+01:00", "kind": "created", "priority": "normal"},
    {"ticket": "T-2", "at": "2026-03-09T10:00:00+01:00", "kind": "agent_reply", "tags": ["faq"]},
]


@pytest.fixture
def files(tmp_path):
    """A policy and the events as JSON lines and as CSV."""
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(POLICY), encoding="utf-8")
    jsonl = tmp_path / "events.jsonl"
    jsonl.write_text("\n".join(json.dumps(e) for e in EVENTS) + "\n", encoding="utf-8")
    table = tmp_path / "events.csv"
    with table.open("w", encoding="utf-8", newline="") as fp:
        writer = csv.writer(fp)
        writer.writerow(["ticket", "at", "kind", "priority", "status", "tags"])
        for e in EVENTS:
            writer.writerow(
                [
                    e["ticket"],
                    e["at"],
                    e["kind"],
                    e.get("priority", ""),
                    "",
                    ";".join(e.get("tags", [])),
                ]
            )
    return {"policy": str(policy), "jsonl": str(jsonl), "csv": str(table), "dir": tmp_path}


def run(*argv: str) -> tuple[int, str]:
    """Run the command in-process."""
    out = io.StringIO()
    return cli.main(list(argv), out=out), out.getvalue()


NOW = "2026-03-09T11:00:00+01:00"


class TestEvaluate:
    """Rows per ticket and metric, from JSON lines or CSV."""

    def test_csv_out(self, files):
        """The Friday ticket is on track with its Monday 12:30 (11:30 UTC) deadline; T-2 met."""
        status, out = run(
            "sla", "evaluate", "--policy", files["policy"], files["jsonl"], "--now", NOW
        )
        assert 0 == status
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [
            ("T-1", "on_track", "2026-03-09T11:30:00+00:00"),
            ("T-2", "met", "2026-03-09T12:00:00+00:00"),
        ] == [(r["ticket"], r["status"], r["deadline"]) for r in rows]
        assert "9000.0" == rows[0]["elapsed_s"]

    def test_csv_in_json_out(self, files):
        """CSV input gives the same rows; JSON output is a list of objects."""
        _, from_jsonl = run(
            "sla",
            "evaluate",
            "--format",
            "json",
            "--policy",
            files["policy"],
            files["jsonl"],
            "--now",
            NOW,
        )
        _, from_csv = run(
            "sla",
            "evaluate",
            "--format",
            "json",
            "--policy",
            files["policy"],
            files["csv"],
            "--now",
            NOW,
        )
        assert json.loads(from_jsonl) == json.loads(from_csv)
        assert 2 == len(json.loads(from_csv))

    def test_stdin(self, files, monkeypatch):
        """'-' reads JSON lines from standard input."""
        monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(EVENTS[0]) + "\n"))
        status, out = run("sla", "evaluate", "--policy", files["policy"], "-", "--now", NOW)
        assert 0 == status
        assert "T-1" in out

    def test_forced_csv(self, files):
        """--events-format csv reads a CSV file whatever its name."""
        renamed = files["dir"] / "events.txt"
        renamed.write_text(
            (files["dir"] / "events.csv").read_text(encoding="utf-8"), encoding="utf-8"
        )
        status, _ = run(
            "sla",
            "evaluate",
            "--events-format",
            "csv",
            "--policy",
            files["policy"],
            str(renamed),
            "--now",
            NOW,
        )
        assert 0 == status

    def test_scenario_policy(self, files):
        """A scenario file gives its sla.policy."""
        scenario = files["dir"] / "desk.json"
        scenario.write_text(json.dumps({"sla": {"policy": POLICY}}), encoding="utf-8")
        status, out = run(
            "sla", "evaluate", "--policy", str(scenario), files["jsonl"], "--now", NOW
        )
        assert 0 == status
        assert out.count("\n") == 3

    def test_summary(self, files):
        """--summary prints attainment per metric and priority."""
        status, out = run(
            "sla",
            "evaluate",
            "--summary",
            "--format",
            "json",
            "--policy",
            files["policy"],
            files["jsonl"],
            "--now",
            NOW,
        )
        assert 0 == status
        rows = json.loads(out)
        assert [("first_reply", "normal", 1.0), ("first_reply", None, 1.0)] == [
            (r["metric"], r["priority"], r["attainment"]) for r in rows
        ]

    def test_problems_are_warnings(self, files, capsys):
        """Contradicting events are reported on standard error; the rows still come."""
        path = files["dir"] / "odd.jsonl"
        early = {"ticket": "T-1", "at": "2026-03-06T16:00:00+01:00", "kind": "agent_reply"}
        path.write_text(json.dumps(EVENTS[0]) + "\n" + json.dumps(early) + "\n", encoding="utf-8")
        status, out = run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)
        assert 0 == status
        assert "T-1" in out
        assert capsys.readouterr().err.startswith("servicekit: warning: ticket T-1: ")

    def test_custom_statuses(self, files, capsys):
        """Statuses in the policy file, a due date set by hand; an unknown status warns."""
        policy = files["dir"] / "desk.json"
        desk = {
            "name": "desk",
            "targets": {"normal": [{"metric": "agent_work", "within": "PT8H"}]},
            "statuses": {"awaiting_vendor": "on_hold"},
        }
        policy.write_text(json.dumps(desk), encoding="utf-8")
        path = files["dir"] / "desk.jsonl"
        rows = [
            {"ticket": "T-3", "at": "2026-03-09T09:00:00+01:00", "kind": "created",
             "priority": "normal"},
            {"ticket": "T-3", "at": "2026-03-09T10:00:00+01:00", "kind": "status",
             "status": "awaiting_vendor"},
            {"ticket": "T-3", "at": "2026-03-09T09:30:00+01:00", "kind": "due_date",
             "metric": "agent_work", "due": "2026-03-09T18:00:00+01:00"},
            {"ticket": "T-4", "at": "2026-03-09T09:00:00+01:00", "kind": "created",
             "priority": "normal"},
            {"ticket": "T-4", "at": "2026-03-09T10:00:00+01:00", "kind": "status",
             "status": "limbo"},
        ]  # fmt: skip
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        status, out = run("sla", "evaluate", "--policy", str(policy), str(path), "--now", NOW)
        assert 0 == status
        found = list(csv.DictReader(io.StringIO(out)))
        assert [("T-3", "paused", "3600.0"), ("T-4", "on_track", "7200.0")] == [
            (r["ticket"], r["status"], r["elapsed_s"]) for r in found
        ]
        assert "2026-03-09T17:00:00+00:00" == found[0]["deadline"]  # set by hand
        assert "ticket T-4" in capsys.readouterr().err

    def test_progress(self, files, capsys, monkeypatch):
        """Progress lines go to standard error every PROGRESS_EVERY tickets and at the end."""
        monkeypatch.setattr(_sla, "PROGRESS_EVERY", 2)
        lines = [json.dumps({**EVENTS[0], "ticket": f"T-{i}"}) for i in range(5)]
        (files["dir"] / "many.jsonl").write_text("\n".join(lines), encoding="utf-8")
        status, out = run(
            "sla",
            "evaluate",
            "--progress",
            "always",
            "--policy",
            files["policy"],
            str(files["dir"] / "many.jsonl"),
            "--now",
            NOW,
        )
        assert 0 == status
        assert 6 == out.count("\n")
        assert [
            "servicekit: evaluated 2 of 5 tickets",
            "servicekit: evaluated 4 of 5 tickets",
            "servicekit: evaluated 5 of 5 tickets",
        ] == capsys.readouterr().err.splitlines()

    def test_progress_auto_needs_a_terminal(self, files, capsys, monkeypatch):
        """Auto progress stays quiet when standard error is not a terminal."""
        monkeypatch.setattr(_sla, "PROGRESS_EVERY", 1)
        run("sla", "evaluate", "--policy", files["policy"], files["jsonl"], "--now", NOW)
        assert "" == capsys.readouterr().err

    def test_progress_auto_on_terminal(self, files, capsys, monkeypatch):
        """Auto progress shows on a terminal for large inputs."""
        monkeypatch.setattr(_sla, "PROGRESS_EVERY", 1)
        monkeypatch.setattr("sys.stderr.isatty", lambda: True)
        run("sla", "evaluate", "--policy", files["policy"], files["jsonl"], "--now", NOW)
        assert "evaluated 2 of 2 tickets" in capsys.readouterr().err


class TestErrors:
    """Bad records are reported as file:line: field."""

    def test_bad_kind(self, files, capsys):
        """An unknown kind names the line and field."""
        path = files["dir"] / "bad.jsonl"
        path.write_text(
            json.dumps(EVENTS[0]) + "\n" + json.dumps({**EVENTS[1], "kind": "reply"}) + "\n"
        )
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)[0]
        assert (
            f"servicekit: error: {path}:2: kind: unknown event kind 'reply'"
            in capsys.readouterr().err
        )

    def test_json_syntax(self, files, capsys):
        """A line that is not JSON is reported once, at its line."""
        path = files["dir"] / "bad.jsonl"
        path.write_text(json.dumps(EVENTS[0]) + "\n{oops\n", encoding="utf-8")
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)[0]
        assert f"servicekit: error: {path}:2: Expecting property name" in capsys.readouterr().err

    def test_csv_line(self, files, capsys):
        """A bad CSV record names its line."""
        path = files["dir"] / "bad.csv"
        path.write_text("ticket,at,kind\nT-1,2026-03-06T16:30:00+01:00,created\n", encoding="utf-8")
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)[0]
        assert f"servicekit: error: {path}:2: priority: missing" in capsys.readouterr().err

    def test_missing_ticket(self, files, capsys):
        """Every record needs a ticket id."""
        path = files["dir"] / "bad.jsonl"
        path.write_text(json.dumps({"at": NOW, "kind": "created"}) + "\n", encoding="utf-8")
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)[0]
        assert f"{path}:1: ticket: missing" in capsys.readouterr().err

    def test_bad_ticket_id(self, files, capsys):
        """A ticket id must be a string or a number."""
        path = files["dir"] / "bad.jsonl"
        path.write_text(json.dumps({**EVENTS[0], "ticket": True}) + "\n", encoding="utf-8")
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)[0]
        assert f"{path}:1: ticket: expected a ticket id, got True" in capsys.readouterr().err

    def test_record_not_object(self, files, capsys):
        """A JSON line must be an object."""
        path = files["dir"] / "bad.jsonl"
        path.write_text("[1]\n", encoding="utf-8")
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)[0]
        assert f"{path}:1: expected an object" in capsys.readouterr().err

    def test_ticket_without_created(self, files, capsys):
        """A ticket whose log lacks 'created' is named; the others are still printed."""
        path = files["dir"] / "bad.jsonl"
        path.write_text(
            json.dumps(EVENTS[0]) + "\n" + json.dumps({**EVENTS[2], "ticket": 7}) + "\n",
            encoding="utf-8",
        )
        status, out = run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)
        assert 2 == status
        assert "T-1" in out
        assert "servicekit: error: ticket 7: events: " in capsys.readouterr().err

    def test_bad_policy(self, files, capsys):
        """A bad policy field names the file and path."""
        path = files["dir"] / "policy.json"
        bad = json.loads(json.dumps(POLICY))
        bad["targets"]["normal"][0]["calendar"] = "weekend"
        path.write_text(json.dumps(bad), encoding="utf-8")
        assert 2 == run("sla", "evaluate", "--policy", str(path), files["jsonl"], "--now", NOW)[0]
        assert f"servicekit: error: {path}: targets.normal[0].calendar" in capsys.readouterr().err

    def test_scenario_policy_missing(self, files, capsys):
        """A scenario whose sla has no policy object says so."""
        path = files["dir"] / "desk.json"
        path.write_text(json.dumps({"sla": {"tickets": []}}), encoding="utf-8")
        assert 2 == run("sla", "evaluate", "--policy", str(path), files["jsonl"], "--now", NOW)[0]
        assert (
            f"servicekit: error: {path}: sla.policy: expected an object" in capsys.readouterr().err
        )


def _jsonl(files, name, *records):
    path = files["dir"] / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


class TestHostileInput:
    """Odd and extreme input ends in one error line and status 2, never a traceback."""

    def test_excel_csv_with_bom(self, files):
        """Excel's "CSV UTF-8" (a byte-order mark) is read like any CSV."""
        path = files["dir"] / "excel.csv"
        path.write_bytes(b"\xef\xbb\xbf" + (files["dir"] / "events.csv").read_bytes())
        expected = run("sla", "evaluate", "--policy", files["policy"], files["csv"], "--now", NOW)
        assert expected == run(
            "sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW
        )

    def test_bom_json_lines(self, files):
        """A byte-order mark in front of JSON lines is dropped too."""
        path = files["dir"] / "bom.jsonl"
        path.write_bytes(b"\xef\xbb\xbf" + (files["dir"] / "events.jsonl").read_bytes())
        status, out = run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)
        assert 0 == status
        assert "T-2" in out

    @pytest.mark.parametrize("fmt", ["jsonl", "csv"])
    def test_empty_events_print_the_header(self, files, fmt):
        """An empty events file prints the CSV header and no rows."""
        path = files["dir"] / f"empty.{fmt}"
        path.write_text("" if fmt == "jsonl" else "ticket,at,kind\n", encoding="utf-8")
        status, out = run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)
        assert 0 == status
        assert [",".join(_sla.ROW_COLUMNS)] == out.splitlines()

    def test_empty_events_summary_header(self, files):
        """--summary of no tickets prints the summary's header."""
        path = _jsonl(files, "empty.jsonl")
        status, out = run(
            "sla", "evaluate", "--policy", files["policy"], path, "--now", NOW, "--summary"
        )
        assert (0, ",".join(_sla.SUMMARY_COLUMNS)) == (status, out.strip())

    def test_header_matches_the_rows(self, files):
        """The fixed header is the one the library's rows give (same order)."""
        out = run("sla", "evaluate", "--policy", files["policy"], files["jsonl"], "--now", NOW)[1]
        assert ",".join(_sla.ROW_COLUMNS) == out.splitlines()[0]
        summary = run(
            "sla",
            "evaluate",
            "--policy",
            files["policy"],
            files["jsonl"],
            "--now",
            NOW,
            "--summary",
        )[1]
        assert ",".join(_sla.SUMMARY_COLUMNS) == summary.splitlines()[0]

    def test_number_and_string_id_are_not_merged(self, files, capsys):
        """Ticket 1 and ticket "1" in one file are refused, naming both lines."""
        path = _jsonl(
            files,
            "mixed.jsonl",
            {**EVENTS[0], "ticket": 1},
            EVENTS[1],
            {**EVENTS[2], "ticket": "1"},
        )
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], path, "--now", NOW)[0]
        assert (
            f"servicekit: error: {path}:3: ticket: ticket '1' is given as a number on line 1 "
            "and as a string here; write each id the same way (ids are compared as text)\n"
        ) == capsys.readouterr().err

    def test_string_then_number(self, files, capsys):
        """The other way round is refused the same way."""
        path = _jsonl(
            files, "mixed.jsonl", {**EVENTS[0], "ticket": "7"}, {**EVENTS[2], "ticket": 7}
        )
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], path, "--now", NOW)[0]
        assert "given as a string on line 1 and as a number here" in capsys.readouterr().err

    def test_number_ids_are_text(self, files):
        """Number ids alone are read as their digits, as a CSV file would give them."""
        path = _jsonl(files, "n.jsonl", {**EVENTS[1], "ticket": 12}, {**EVENTS[2], "ticket": 12})
        status, out = run(
            "sla", "evaluate", "--policy", files["policy"], path, "--now", NOW, "--format", "json"
        )
        assert 0 == status
        assert {"12"} == {row["ticket"] for row in json.loads(out)}

    def test_long_number_id(self, files, capsys):
        """A 5,000-digit ticket id is an error at its line, not Python's digit limit."""
        path = files["dir"] / "long.jsonl"
        path.write_text('{"ticket": %s, "at": "x"}\n' % ("1" * 5000), encoding="utf-8")
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)[0]
        err = capsys.readouterr().err
        assert err.startswith(f"servicekit: error: {path}:1: ticket: a number with 5,000 digits")

    def test_long_string_id_shortened(self, files, capsys):
        """A long id is shortened in messages."""
        ticket = "x" * 5000
        path = _jsonl(files, "m.jsonl", {**EVENTS[0], "ticket": ticket}, {**EVENTS[0], "ticket": 5})
        path2 = _jsonl(files, "m2.jsonl", {**EVENTS[0], "ticket": 5}, {**EVENTS[0], "ticket": "5"})
        run("sla", "evaluate", "--policy", files["policy"], path, "--now", NOW)
        run("sla", "evaluate", "--policy", files["policy"], path2, "--now", NOW)
        assert ticket not in capsys.readouterr().err
        long_mixed = _jsonl(
            files,
            "m3.jsonl",
            {**EVENTS[0], "ticket": int("9" * 60)},
            {**EVENTS[0], "ticket": "9" * 60},
        )
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], long_mixed, "--now", NOW)[0]
        assert "'" + "9" * 39 + "…'" in capsys.readouterr().err

    @pytest.mark.timeout(60)
    def test_deeply_nested_record(self, files, capsys):
        """Nesting the JSON decoder cannot follow is an error at its line."""
        path = files["dir"] / "deep.jsonl"
        path.write_text(
            json.dumps(EVENTS[0]) + '\n{"ticket": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
            encoding="utf-8",
        )
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)[0]
        assert f"{path}:2: nested deeper than 100 levels" in capsys.readouterr().err

    @pytest.mark.parametrize("at", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00"])
    def test_event_at_the_ends_of_time(self, files, capsys, at):
        """Events in year 1 or 9999 are refused at their line (no OverflowError)."""
        path = _jsonl(files, "y.jsonl", EVENTS[0], {**EVENTS[1], "at": at})
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], path, "--now", NOW)[0]
        assert (
            f"servicekit: error: {path}:2: at: '{at}' is out of range; instants must lie in "
            "the years 1000 to 8999\n"
        ) == capsys.readouterr().err

    @pytest.mark.parametrize("now", ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00"])
    def test_now_at_the_ends_of_time(self, files, capsys, now):
        """--now in year 1 or 9999 is refused."""
        assert (
            2
            == run("sla", "evaluate", "--policy", files["policy"], files["jsonl"], "--now", now)[0]
        )
        assert "servicekit: error: --now: " in capsys.readouterr().err

    def test_huge_number_in_record(self, files, capsys):
        """10**400 in a record is an error naming the line and field."""
        path = files["dir"] / "n.jsonl"
        path.write_text(f'{{"ticket": "T", "priority": {10**400}}}\n', encoding="utf-8")
        assert 2 == run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)[0]
        assert f"{path}:1: priority: a number with 401 digits" in capsys.readouterr().err

    @pytest.mark.parametrize("within", ["P999999999D", "PT99999999999999999999H"])
    def test_target_too_long(self, files, capsys, within):
        """A target beyond 100 years is refused (it would overflow every deadline)."""
        path = files["dir"] / "policy.json"
        policy = json.loads(json.dumps(POLICY))
        policy["targets"]["normal"][0]["within"] = within
        path.write_text(json.dumps(policy), encoding="utf-8")
        status = run("sla", "evaluate", "--policy", str(path), files["jsonl"], "--now", NOW)[0]
        err = capsys.readouterr().err
        assert 2 == status
        assert "Traceback" not in err
        assert err.startswith(f"servicekit: error: {path}")

    def test_target_too_long_in_scenario(self, files, capsys):
        """The bound applies to a scenario's policy, with its path."""
        path = files["dir"] / "desk.json"
        policy = json.loads(json.dumps(POLICY))
        policy["targets"]["normal"][0]["within"] = "P999999D"
        path.write_text(json.dumps({"sla": {"policy": policy}}), encoding="utf-8")
        assert 2 == run("sla", "evaluate", "--policy", str(path), files["jsonl"], "--now", NOW)[0]
        assert (
            f"servicekit: error: {path}: sla.policy.targets.normal[0].within: 'P999999D' is too "
            "long; durations may be at most 100 years (P36525D)\n"
        ) == capsys.readouterr().err

    def test_duplicate_key_in_policy(self, files, capsys):
        """A key given twice in the policy names the key and line."""
        path = files["dir"] / "policy.json"
        path.write_text('{"name": "a",\n "name": "b"}', encoding="utf-8")
        assert 2 == run("sla", "evaluate", "--policy", str(path), files["jsonl"], "--now", NOW)[0]
        assert (
            f"servicekit: error: {path}:2: duplicate key 'name'; give each key once\n"
            == capsys.readouterr().err
        )

    def test_input_limit(self, files, capsys, monkeypatch):
        """An events file over SERVICEKIT_MAX_INPUT is refused with the limit."""
        monkeypatch.setenv("SERVICEKIT_MAX_INPUT", "100")
        assert (
            2
            == run("sla", "evaluate", "--policy", files["policy"], files["jsonl"], "--now", NOW)[0]
        )
        assert "larger than the input limit of 100 bytes" in capsys.readouterr().err


class TestOneBadTicket:
    """A ticket that makes the library raise is reported; the others are printed."""

    @pytest.fixture
    def flaky(self, monkeypatch):
        """evaluate_many raises a documented error for any batch holding ticket 'BAD'."""
        import servicekit.sla  # noqa: PLC0415

        real = servicekit.sla.evaluate_many
        calls = []

        def evaluate_many(policy, tickets, now, **kwargs):
            items = list(tickets.items() if isinstance(tickets, dict) else tickets)
            calls.append([ticket for ticket, _ in items])
            if any(ticket.startswith("BAD") for ticket, _ in items):
                raise NoBusinessTimeError("no open time within the horizon")
            return real(policy, items, now, **kwargs)

        monkeypatch.setattr(servicekit.sla, "evaluate_many", evaluate_many)
        return calls

    def test_the_others_are_printed(self, files, capsys, flaky):
        """Status 2, the good tickets' rows, and the bad one named on standard error."""
        many = [{**EVENTS[1], "ticket": f"T-{n}"} for n in range(20)]
        bad = [{**EVENTS[1], "ticket": "BAD-1"}, {**EVENTS[1], "ticket": "BAD-2"}]
        path = _jsonl(files, "e.jsonl", *many[:7], bad[0], *many[7:], bad[1])
        status, out = run(
            "sla", "evaluate", "--policy", files["policy"], path, "--now", NOW, "--format", "json"
        )
        assert 2 == status
        assert {f"T-{n}" for n in range(20)} == {row["ticket"] for row in json.loads(out)}
        err = capsys.readouterr().err.splitlines()
        assert [
            "servicekit: error: ticket BAD-1: no open time within the horizon",
            "servicekit: error: ticket BAD-2: no open time within the horizon",
        ] == [line.split(" (")[0] for line in err]
        # Halving: far fewer evaluations than one per ticket.
        assert len(flaky) < 22

    def test_summary_counts_the_good_tickets(self, files, flaky):
        """--summary summarises the tickets that could be evaluated."""
        path = _jsonl(files, "e.jsonl", EVENTS[0], {**EVENTS[1], "ticket": "BAD"})
        status, out = run(
            "sla", "evaluate", "--policy", files["policy"], path, "--now", NOW, "--summary"
        )
        assert 2 == status
        rows = list(csv.DictReader(io.StringIO(out)))
        assert {"1"} == {row["cycles"] for row in rows}


def test_csv_event_at_the_end_of_time(files, capsys):
    """A CSV event in year 9999 is refused at its line (CSV cells are not JSON)."""
    path = files["dir"] / "y.csv"
    path.write_text(
        "ticket,at,kind,priority\nT,9999-12-31T23:59:59+00:00,created,normal\n", encoding="utf-8"
    )
    assert 2 == run("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)[0]
    assert f"servicekit: error: {path}:2: at: '9999-12-31T23:59:59+00:00' is out of range" in (
        capsys.readouterr().err
    )


def test_empty_events_json(files):
    """An empty events file gives an empty JSON list."""
    path = files["dir"] / "e.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    argv = ("sla", "evaluate", "--policy", files["policy"], str(path), "--now", NOW)
    assert (0, "[]\n") == run(*argv, "--format", "json")
