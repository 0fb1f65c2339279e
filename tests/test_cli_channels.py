"""Tests for ``servicekit channels``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import servicekit
from servicekit import cli

BASE = ("channels", "staff", "--arrivals", "100", "--interval", "PT30M", "--handle-time", "PT3M")


def run(*argv: str) -> tuple[int, str]:
    """Run the command in-process."""
    out = io.StringIO()
    return cli.main(list(argv), out=out), out.getvalue()


class TestStaff:
    """channels staff: the smallest staffing and the table around it."""

    def test_text(self):
        """100 calls per half hour, 3 min each, 80/20 with an 85 % cap: 14 agents, 20 scheduled."""
        status, out = run(*BASE, "--max-occupancy", "0.85", "--shrinkage", "0.3")
        assert 0 == status
        assert out.startswith(
            "14 agents on the queue (20 scheduled with 30% shrinkage); "
            "the binding target is the service level.\n"
        )
        assert "  → 14            89%" in out

    def test_json(self):
        """The JSON form has the staffing, its metrics and the rows around it."""
        status, out = run(*BASE, "--format", "json", "--around", "1")
        assert 0 == status
        data = json.loads(out)
        assert (14, 14, "service_level") == (data["agents"], data["positions"], data["binding"])
        assert [13, 14, 15] == [row["agents"] for row in data["around"]]

    def test_csv_skips_unstable_rows(self):
        """Erlang C rows with too few agents (10 Erlangs on 10 agents) are left out."""
        status, out = run(*BASE, "--format", "csv", "--around", "5")
        assert 0 == status
        agents = [int(float(row["agents"])) for row in csv.DictReader(io.StringIO(out))]
        assert [11, 12, 13, 14, 15, 16, 17, 18, 19] == agents

    def test_erlang_a_in_german(self):
        """With patience and an abandonment cap, the cap binds; German labels."""
        status, out = run(
            *BASE,
            "--patience",
            "PT1M",
            "--max-abandonment",
            "0.03",
            "--locale",
            "de",
            "--around",
            "0",
        )
        assert 0 == status
        assert "ausschlaggebend ist die Obergrenze der Abbruchquote." in out
        assert "Mussten warten" in out

    def test_bad_number(self, capsys):
        """A number flag that is not a number names the flag."""
        assert 2 == run("channels", "staff", "--arrivals", "many", "--handle-time", "PT3M")[0]
        assert (
            "servicekit: error: --arrivals: expected a number, got 'many'\n"
            == capsys.readouterr().err
        )

    def test_bad_target(self, capsys):
        """A target outside its range is the library's error."""
        assert 2 == run(*BASE, "--service-level", "1.5")[0]
        assert "servicekit: error: service_level" in capsys.readouterr().err


DESK = str(Path(servicekit.__file__).parent / "scenarios" / "desk.json")
CHANNELS = {
    "demand": {"contacts": 400, "staffed_hours": 40},
    "models": [{"kind": "phone"}, {"kind": "email", "reply_within": "PT24H"}],
}


def write(tmp_path, data, name="channels.json"):
    """Write a JSON file and return its path."""
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


class TestCompare:
    """channels compare: one row per channel model."""

    def test_text(self, tmp_path):
        """A file with demand and models compares them."""
        status, out = run("channels", "compare", write(tmp_path, CHANNELS))
        assert 0 == status
        assert out.startswith("Channel  Cost per contact")
        assert "\nphone  " in out
        assert "\nemail  " in out

    def test_scenario_csv_with_contacts(self):
        """A scenario's channels; --contacts replaces the volume."""
        status, out = run("channels", "compare", DESK, "--contacts", "2000", "--format", "csv")
        assert 0 == status
        rows = list(csv.DictReader(io.StringIO(out)))
        assert {"2000.0"} == {row["contacts"] for row in rows}

    def test_not_a_channels_file(self, tmp_path, capsys):
        """A file without channels says what is missing."""
        assert 2 == run("channels", "compare", write(tmp_path, {"name": "x"}))[0]
        assert "channels: missing; give a 'channels' part or 'demand' and 'models'" in (
            capsys.readouterr().err
        )


class TestMix:
    """channels mix: the recommendation, explained."""

    def test_text(self):
        """The explanation lines, in the chosen language."""
        status, out = run("channels", "mix", DESK, "--locale", "de")
        assert 0 == status
        assert out.rstrip().endswith("Das ist der günstigste Kanalmix, der alle Ziele erreicht.")

    def test_json_with_budget(self):
        """--budget replaces the scenario's budget; JSON has the figures."""
        status, out = run("channels", "mix", DESK, "--budget", "6000", "--format", "json")
        assert 0 == status
        data = json.loads(out)
        assert data["within_budget"]
        assert data["cost"] <= 6000

    def test_tight_budget(self):
        """A budget only self-help fits: the unanswered contacts are said in words."""
        status, out = run("channels", "mix", DESK, "--budget", "3000")
        assert 0 == status
        assert (
            "Some contacts get no answer in this mix, so the wait limit of 4 hours is missed.\n"
            in out
        )
        assert "more than the budget" in out

    def test_tight_budget_json_is_strict(self):
        """An unanswered queue's infinite wait is written as null, which strict JSON accepts."""
        status, out = run("channels", "mix", DESK, "--budget", "3000", "--format", "json")
        assert 0 == status

        def refuse(constant):
            raise AssertionError(constant)

        data = json.loads(out, parse_constant=refuse)
        assert data["expected_wait"] is None


@pytest.mark.parametrize("around", ["100000000", "-5", "101"])
def test_around_is_bounded(capsys, around):
    """--around beyond 0-100 is refused before the sweep (it would run for hours)."""
    with pytest.raises(SystemExit) as stop:
        run("channels", "staff", "--arrivals", "50", "--handle-time", "PT3M", f"--around={around}")
    assert 2 == stop.value.code
    assert "must be a whole number from 0 to 100" in capsys.readouterr().err


def test_around_zero(capsys):
    """--around 0 prints only the answer's row."""
    status, out = run(
        "channels", "staff", "--arrivals", "50", "--handle-time", "PT3M", "--around", "0",
        "--format", "csv",
    )  # fmt: skip
    assert 0 == status
    assert 2 == len(out.splitlines())
