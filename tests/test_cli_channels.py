"""Tests for ``servicekit channels``."""

from __future__ import annotations

import csv
import io
import json

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
        assert "maßgeblich ist die Abbruchgrenze." in out
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
