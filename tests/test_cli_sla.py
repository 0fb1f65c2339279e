"""Tests for ``servicekit sla evaluate``."""

from __future__ import annotations

import csv
import io
import json

import pytest

from servicekit import _cli_sla, cli

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

    def test_progress(self, files, capsys, monkeypatch):
        """Progress lines go to standard error every PROGRESS_EVERY tickets and at the end."""
        monkeypatch.setattr(_cli_sla, "PROGRESS_EVERY", 2)
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
        monkeypatch.setattr(_cli_sla, "PROGRESS_EVERY", 1)
        run("sla", "evaluate", "--policy", files["policy"], files["jsonl"], "--now", NOW)
        assert "" == capsys.readouterr().err

    def test_progress_auto_on_terminal(self, files, capsys, monkeypatch):
        """Auto progress shows on a terminal for large inputs."""
        monkeypatch.setattr(_cli_sla, "PROGRESS_EVERY", 1)
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
