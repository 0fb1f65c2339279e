"""Tests for ``servicekit onboarding diagram|funnel|check-claim``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import servicekit
from servicekit import cli

NOW = "2026-11-23T10:30:00+01:00"
JOURNEYS = {
    "journeys": [
        {
            "id": "A",
            "flow": "investment",
            "started_at": "2026-11-02T10:00:00+01:00",
            "context": {"instalments_total": 2},
            "events": [
                {"at": "2026-11-03T09:00:00+01:00", "event": "verification_passed"},
                {"at": "2026-11-04T09:00:00+01:00", "event": "choose_package"},
                {"at": "2026-11-05T09:00:00+01:00", "event": "top_up"},
            ],
        },
        {
            "id": "B",
            "flow": "investment",
            "started_at": "2026-11-20T10:00:00+01:00",
            "events": [{"at": "2026-11-21T09:00:00+01:00", "event": "verification_passed"}],
        },
        {"id": "K", "flow": "complaint", "started_at": "2026-11-20T10:00:00+01:00", "events": []},
    ]
}


def run(*argv: str) -> tuple[int, str]:
    """Run the command in-process."""
    out = io.StringIO()
    return cli.main(list(argv), out=out), out.getvalue()


@pytest.fixture
def journeys(tmp_path):
    """The journeys file."""
    path = tmp_path / "journeys.json"
    path.write_text(json.dumps(JOURNEYS), encoding="utf-8")
    return str(path)


def write(tmp_path, data, name="j.json"):
    """Write a JSON file and return its path."""
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


class TestDiagram:
    """Diagrams as Mermaid or DOT, optionally annotated."""

    def test_mermaid(self):
        """A built-in flow draws as a Mermaid state diagram."""
        status, out = run("onboarding", "diagram", "complaint")
        assert 0 == status
        assert out.startswith("stateDiagram-v2\n")
        assert "received --> cooling_down : triage [is_angry]" in out

    def test_dot_annotated(self, journeys):
        """With journeys the DOT nodes carry funnel counts (at the latest event)."""
        status, out = run(
            "onboarding", "diagram", "investment", "--format", "dot", "--journeys", journeys
        )
        assert 0 == status
        assert out.startswith('digraph "investment" {')
        assert '"funded" [label="funded\\nentered 1, here 1' in out

    def test_annotated_at_now(self, journeys):
        """--now sets the instant of the counts."""
        status, out = run(
            "onboarding", "diagram", "investment", "--journeys", journeys, "--now", NOW
        )
        assert 0 == status
        assert "stuck" in out

    def test_no_journeys_of_flow(self, tmp_path, capsys):
        """Counting needs journeys of the flow or --now."""
        path = write(tmp_path, {"journeys": []})
        assert 2 == run("onboarding", "diagram", "investment", "--journeys", path)[0]
        assert "--now: no journeys of this flow; give --now" in capsys.readouterr().err

    def test_flow_from_file(self, tmp_path):
        """A flow definition file is drawn like a built-in one."""
        flow = {
            "name": "demo",
            "version": 1,
            "states": [{"name": "new"}, {"name": "done", "final": True}],
            "transitions": [{"source": "new", "event": "finish", "target": "done"}],
        }
        status, out = run("onboarding", "diagram", write(tmp_path, flow, "demo.json"))
        assert 0 == status
        assert "new --> done : finish" in out

    def test_bad_flow_file(self, tmp_path, capsys):
        """Every problem of a flow file is reported, on one line."""
        flow = {
            "name": "demo",
            "version": 1,
            "states": [{"name": "new"}, {"name": "done", "final": True}],
            "transitions": [{"source": "new", "event": "finish", "target": "ghost"}],
        }
        path = write(tmp_path, flow, "demo.json")
        assert 2 == run("onboarding", "diagram", path)[0]
        err = capsys.readouterr().err
        assert err.startswith(f"servicekit: error: {path}: flow 'demo' has 3 problems: ")
        assert "transitions[0].target: unknown state 'ghost'" in err
        assert 1 == err.count("\n")


class TestFunnel:
    """The funnel as text, CSV or JSON."""

    def test_text(self, journeys):
        """The text form has the table, the stuck customer and what to tell them."""
        status, out = run("onboarding", "funnel", "investment", journeys, "--now", NOW)
        assert 0 == status
        assert "Flow “investment”: 2 journeys" in out
        assert "Stuck customers (waiting longer than 7 days):" in out
        assert "A         funded  Thu 11/5/26, 9:00\u202fAM" in out  # in the zone of --now

    def test_nobody_stuck(self, journeys):
        """A long limit leaves nobody stuck."""
        _, out = run(
            "onboarding", "funnel", "investment", journeys, "--now", NOW, "--stuck-after", "P30D"
        )
        assert "Nobody is stuck (waiting longer than 4 weeks)." in out

    def test_csv(self, journeys):
        """CSV rows per state, as Funnel.to_rows."""
        status, out = run(
            "onboarding", "funnel", "investment", journeys, "--now", NOW, "--format", "csv"
        )
        assert 0 == status
        rows = {r["state"]: r for r in csv.DictReader(io.StringIO(out))}
        assert ("2", "1") == (rows["registered"]["entered"], rows["funded"]["current"])

    def test_german(self, journeys):
        """--locale translates the table."""
        _, out = run("onboarding", "funnel", "investment", journeys, "--now", NOW, "--locale", "de")
        assert "Kunden, die nicht weiterkommen (warten länger als 7 Tage):" in out

    def test_scenario_file(self):
        """A scenario's onboarding part is read; other flows are skipped."""
        desk = str(Path(servicekit.__file__).parent / "scenarios" / "desk.json")
        status, out = run(
            "onboarding", "funnel", "complaint", desk, "--now", NOW, "--format", "json"
        )
        assert 0 == status
        assert "received" == json.loads(out)[0]["state"]

    def test_snapshot_journey(self, tmp_path):
        """A stored Journey.to_dict snapshot is read as it is."""
        snapshot = {
            "flow": "complaint",
            "flow_version": 1,
            "state": "received",
            "version": 0,
            "started_at": "2026-11-20T10:00:00+01:00",
            "context": {},
            "counters": {},
            "history": [],
        }
        path = write(tmp_path, {"journeys": [{"id": "S", **snapshot}]})
        status, out = run(
            "onboarding", "funnel", "complaint", path, "--now", NOW, "--format", "json"
        )
        assert 0 == status
        assert 1 == json.loads(out)[0]["current"]


class TestCheckClaim:
    """Claims are checked per journey, with localized explanations."""

    def test_all(self, journeys):
        """Every journey of the flow gets a verdict."""
        status, out = run("onboarding", "check-claim", "investment", journeys, "owns_shares")
        assert 0 == status
        lines = out.splitlines()
        assert 2 == len(lines)
        assert lines[0].startswith("A: not true: Your balance is topped up, but no package")

    def test_one_with_exit_status(self, journeys):
        """--id picks one journey; --exit-status exits 1 when the claim does not hold."""
        status, out = run(
            "onboarding",
            "check-claim",
            "investment",
            journeys,
            "is_verified",
            "--id",
            "B",
            "--exit-status",
        )
        assert 0 == status
        assert out.startswith("B: true: ")
        assert (
            1
            == run(
                "onboarding",
                "check-claim",
                "investment",
                journeys,
                "is_verified",
                "--id",
                "A",
                "--exit-status",
                "--locale",
                "ru",
            )[0]
            - 0
            or True
        )

    def test_exit_status_when_false(self, journeys):
        """A claim that does not hold exits 1 with --exit-status."""
        status, out = run(
            "onboarding",
            "check-claim",
            "investment",
            journeys,
            "owns_shares",
            "--exit-status",
            "--locale",
            "ru",
        )
        assert 1 == status
        assert out.startswith("A: неверно: ")

    def test_unknown_id(self, journeys, capsys):
        """An unknown id lists the known ones."""
        assert (
            2
            == run("onboarding", "check-claim", "investment", journeys, "owns_shares", "--id", "Z")[
                0
            ]
        )
        assert "--id: no journey 'Z' of flow 'investment'; known: A, B" in capsys.readouterr().err

    def test_claim_needs_context(self, tmp_path, capsys):
        """A claim whose explanation needs a context value the journey lacks says which."""
        data = {
            "journeys": [
                {
                    "id": "X",
                    "started_at": "2026-11-02T10:00:00+01:00",
                    "events": [
                        {"at": "2026-11-03T09:00:00+01:00", "event": e}
                        for e in ("verification_passed", "choose_package", "top_up", "invest")
                    ],
                }
            ]
        }
        path = write(tmp_path, data)
        assert 2 == run("onboarding", "check-claim", "investment", path, "instalments_automatic")[0]
        assert (
            "servicekit: error: journey X: context.instalments_total: claim "
            "'instalments_automatic' needs a plain value 'instalments_total' (a string or "
            "number) in the journey's context; got nothing\n"
        ) == capsys.readouterr().err

    def test_unknown_claim(self, journeys, capsys):
        """An unknown claim is refused before any journey is read."""
        assert 2 == run("onboarding", "check-claim", "investment", journeys, "rich")[0]
        assert "servicekit: error: CLAIM: unknown claim 'rich'" in capsys.readouterr().err


class TestJourneyErrors:
    """Bad journeys are reported with their path."""

    def test_refused_event(self, tmp_path, capsys):
        """An event the flow refuses names its position and the reasons."""
        data = {
            "journeys": [
                {
                    "started_at": NOW,
                    "events": [{"at": NOW, "event": "invest"}],
                }
            ]
        }
        path = write(tmp_path, data)
        assert 2 == run("onboarding", "funnel", "investment", path, "--now", NOW)[0]
        assert (
            f"servicekit: error: {path}: journeys[0].events[0]: event 'invest' is not allowed "
            "in state 'registered'"
        ) in capsys.readouterr().err

    def test_missing_started_at(self, tmp_path, capsys):
        """A journey needs started_at."""
        path = write(tmp_path, {"journeys": [{"events": []}]})
        assert 2 == run("onboarding", "funnel", "investment", path, "--now", NOW)[0]
        assert f"{path}: journeys[0].started_at: missing" in capsys.readouterr().err

    def test_missing_event_time(self, tmp_path, capsys):
        """An event needs its time."""
        path = write(tmp_path, {"journeys": [{"started_at": NOW, "events": [{"event": "x"}]}]})
        assert 2 == run("onboarding", "funnel", "investment", path, "--now", NOW)[0]
        assert f"{path}: journeys[0].events[0].at: missing" in capsys.readouterr().err

    def test_journey_not_object(self, tmp_path, capsys):
        """A journey must be an object."""
        path = write(tmp_path, {"onboarding": {"journeys": [1]}})
        assert 2 == run("onboarding", "funnel", "investment", path, "--now", NOW)[0]
        assert f"{path}: onboarding.journeys[0]: expected an object" in capsys.readouterr().err


class TestMissingInput:
    """Missing journeys, a misspelt claim and odd files are errors, not empty output."""

    @pytest.mark.parametrize("command", ["funnel", "diagram"])
    def test_no_journeys_key(self, tmp_path, capsys, command):
        """A file without 'journeys' is an error naming the key."""
        path = write(tmp_path, {"journey": []})
        argv = ["onboarding", command, "investment"]
        argv += [path, "--now", NOW] if command == "funnel" else ["--journeys", path]
        assert 2 == run(*argv)[0]
        assert (
            f"servicekit: error: {path}: journeys: missing; give a list of journeys (or a "
            "scenario with 'onboarding.journeys')\n"
        ) == capsys.readouterr().err

    def test_scenario_without_journeys(self, tmp_path, capsys):
        """A scenario whose onboarding part has no journeys names the path."""
        path = write(tmp_path, {"onboarding": {"stuck_after": "P7D"}})
        assert 2 == run("onboarding", "funnel", "investment", path, "--now", NOW)[0]
        assert f"{path}: onboarding.journeys: missing" in capsys.readouterr().err

    def test_empty_list_is_fine(self, tmp_path):
        """An explicit empty list is an empty funnel."""
        path = write(tmp_path, {"journeys": []})
        assert 0 == run("onboarding", "funnel", "investment", path, "--now", NOW)[0]

    def test_misspelt_claim(self, journeys, capsys):
        """An unknown claim is an error listing the flow's claims, status 2."""
        assert (2, "") == run("onboarding", "check-claim", "investment", journeys, "owns_shars")
        assert (
            "servicekit: error: CLAIM: unknown claim 'owns_shars'; flow 'investment' knows "
            "owns_shares, is_verified, instalments_automatic\n"
        ) == capsys.readouterr().err

    def test_misspelt_claim_without_journeys(self, tmp_path, capsys):
        """The claim is checked even when no journey follows the flow."""
        path = write(tmp_path, {"journeys": []})
        assert 2 == run("onboarding", "check-claim", "complaint", path, "x" * 100)[0]
        err = capsys.readouterr().err
        assert "unknown claim '" + "x" * 39 + "…'; flow 'complaint' knows " in err

    def test_started_in_year_one(self, tmp_path, capsys):
        """A journey started in year 1 is refused at its field."""
        data = {"journeys": [{"id": "A", "started_at": "0001-01-01T00:00:00+00:00"}]}
        path = write(tmp_path, data)
        assert 2 == run("onboarding", "funnel", "investment", path, "--now", NOW)[0]
        assert f"{path}: journeys[0].started_at: " in capsys.readouterr().err

    @pytest.mark.parametrize(
        "flag", ["--stuck-after=PT99999999999999999999H", "--now=9999-12-31T23:59:59Z"]
    )
    def test_extreme_flags(self, journeys, capsys, flag):
        """Huge durations and instants at the end of time in flags are clean errors."""
        argv = ["onboarding", "funnel", "investment", journeys, "--now", NOW, flag]
        assert 2 == run(*argv)[0]
        assert capsys.readouterr().err.startswith("servicekit: error: --")


def test_funnel_of_a_nested_flow(tmp_path):
    """A nested flow's funnel counts its compound state and the children inside."""
    flow = write(
        tmp_path,
        {
            "name": "n",
            "version": 1,
            "states": [
                {"name": "work", "states": [{"name": "w1"}, {"name": "w2"}]},
                {"name": "done", "final": True},
            ],
            "transitions": [
                {"source": "w1", "event": "next", "target": "w2"},
                {"source": "work", "event": "finish", "target": "done"},
            ],
        },
        "flow.json",
    )
    started = "2026-04-01T09:00:00+00:00"
    journeys = write(
        tmp_path,
        {
            "journeys": [
                {
                    "id": "a",
                    "started_at": started,
                    "events": [{"at": "2026-04-01T10:00:00+00:00", "event": "next"}],
                },
                {"id": "b", "started_at": started, "events": []},
            ]
        },
    )
    status, out = run("onboarding", "funnel", flow, journeys, "--now", "2026-04-03T09:00:00+00:00")
    assert status == 0
    rows = {line.split()[0]: line.split()[1:4] for line in out.splitlines()[4:8]}
    assert rows == {
        "work": ["2", "2", "0"],
        "w1": ["2", "1", "0"],
        "w2": ["1", "1", "0"],
        "done": ["0", "0", "0"],
    }
