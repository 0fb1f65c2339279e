"""Tests for ``servicekit hours add|elapsed|open``."""

from __future__ import annotations

import io
import json
import sys

import pytest

from servicekit import cli

NEEDS_TOMLLIB = pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is Python 3.11+")

OFFICE = '{"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}'


def run(*argv: str) -> tuple[int, str]:
    """Run the command in-process and return its status and output."""
    out = io.StringIO()
    status = cli.main(list(argv), out=out)
    return status, out.getvalue()


@pytest.fixture
def office(tmp_path):
    """A Mon-Fri 09-17 Berlin calendar as a JSON file."""
    path = tmp_path / "office.json"
    path.write_text(OFFICE, encoding="utf-8")
    return str(path)


class TestAdd:
    """hours add prints the earliest instant after the business time."""

    def test_over_the_weekend(self, office):
        """Friday 16:00 plus 2 business hours is Monday 10:00."""
        status, out = run("hours", "add", "--calendar", office, "2026-03-06T16:00:00+01:00", "PT2H")
        assert (0, "2026-03-09T10:00:00+01:00\n") == (status, out)

    def test_closing_instant(self):
        """16:00 plus 1 h ends at the closing instant, in the calendar's zone."""
        status, out = run("hours", "add", "--calendar-json", OFFICE, "2026-03-06T15:00Z", "PT1H")
        assert (0, "2026-03-06T17:00:00+01:00\n") == (status, out)

    def test_negative_subtracts(self):
        """A negative duration after '--' subtracts."""
        status, out = run(
            "hours", "add", "--calendar-json", OFFICE, "--", "2026-03-09T09:00:00+01:00", "-PT1H"
        )
        assert (0, "2026-03-06T16:00:00+01:00\n") == (status, out)

    def test_json(self):
        """The JSON form has the inputs and the result."""
        status, out = run(
            "hours",
            "add",
            "--format",
            "json",
            "--calendar-json",
            OFFICE,
            "2026-03-06T16:00:00+01:00",
            "PT2H",
        )
        assert 0 == status
        assert {
            "start": "2026-03-06T16:00:00+01:00",
            "duration": "PT2H",
            "result": "2026-03-09T10:00:00+01:00",
        } == json.loads(out)

    @NEEDS_TOMLLIB
    def test_toml_calendar(self, tmp_path):
        """A TOML calendar works like a JSON one."""
        path = tmp_path / "office.toml"
        path.write_text(
            'timezone = "Europe/Berlin"\n[hours]\n"mon-fri" = ["09:00-17:00"]\n', encoding="utf-8"
        )
        status, out = run(
            "hours", "add", "--calendar", str(path), "2026-03-06T16:00:00+01:00", "PT2H"
        )
        assert (0, "2026-03-09T10:00:00+01:00\n") == (status, out)

    def test_scenario_calendar(self, tmp_path):
        """A document with a 'calendar' key is read as a scenario."""
        path = tmp_path / "desk.json"
        path.write_text(f'{{"name": "desk", "calendar": {OFFICE}}}', encoding="utf-8")
        status, out = run(
            "hours", "add", "--calendar", str(path), "2026-03-06T16:00:00+01:00", "PT2H"
        )
        assert (0, "2026-03-09T10:00:00+01:00\n") == (status, out)


class TestElapsed:
    """hours elapsed prints the open time between two instants."""

    def test_text(self, office):
        """Friday 16:00 to Monday 10:00 holds 2 business hours."""
        status, out = run(
            "hours",
            "elapsed",
            "--calendar",
            office,
            "2026-03-06T16:00:00+01:00",
            "2026-03-09T10:00:00+01:00",
        )
        assert (0, "PT2H\n") == (status, out)

    def test_reversed_json(self, office):
        """Reversed arguments give a negative duration."""
        status, out = run(
            "hours",
            "elapsed",
            "--format",
            "json",
            "--calendar",
            office,
            "2026-03-09T10:00:00+01:00",
            "2026-03-06T16:00:00+01:00",
        )
        assert 0 == status
        data = json.loads(out)
        assert ("-PT2H", -7200.0) == (data["elapsed"], data["seconds"])


class TestOpen:
    """hours open says whether the calendar is open and until when."""

    def test_open(self, office):
        """Inside hours: open until the close."""
        status, out = run("hours", "open", "--calendar", office, "2026-03-06T12:00:00+01:00")
        assert (0, "open until 2026-03-06T17:00:00+01:00\n") == (status, out)

    def test_closed(self, office):
        """On Saturday: closed until Monday 09:00."""
        status, out = run("hours", "open", "--calendar", office, "2026-03-07T12:00:00+01:00")
        assert (0, "closed until 2026-03-09T09:00:00+01:00\n") == (status, out)

    def test_exit_status(self, office):
        """--exit-status exits 1 when closed, 0 when open."""
        assert (
            1 == run("hours", "open", "--exit-status", "--calendar", office, "2026-03-07T12:00Z")[0]
        )
        assert (
            0 == run("hours", "open", "--exit-status", "--calendar", office, "2026-03-06T12:00Z")[0]
        )

    def test_always_open(self):
        """A 24/7 calendar never closes."""
        cal = '{"timezone": "UTC", "hours": "24/7"}'
        status, out = run(
            "hours", "open", "--format", "json", "--calendar-json", cal, "2026-03-07T12:00Z"
        )
        assert 0 == status
        assert {"at": "2026-03-07T12:00:00+00:00", "open": True, "next_close": None} == json.loads(
            out
        )

    def test_closed_json(self, office):
        """The JSON form names the next opening."""
        status, out = run(
            "hours", "open", "--format", "json", "--calendar", office, "2026-03-07T11:00Z"
        )
        assert {
            "at": "2026-03-07T12:00:00+01:00",
            "open": False,
            "next_open": "2026-03-09T09:00:00+01:00",
        } == json.loads(out)
        assert 0 == status


class TestErrors:
    """Bad input exits 2 with the file and line or the field path."""

    def test_group_without_action_prints_help(self):
        """'servicekit hours' alone prints the group's help."""
        status, out = run("hours")
        assert 0 == status
        assert out.startswith("usage: servicekit hours")

    def test_bad_field(self, tmp_path, capsys):
        """A bad hour names the file and the field path."""
        path = tmp_path / "bad.json"
        path.write_text('{"timezone": "UTC", "hours": {"mon": ["25:00-26:00"]}}', encoding="utf-8")
        assert 2 == run("hours", "open", "--calendar", str(path), "2026-03-07T12:00Z")[0]
        err = capsys.readouterr().err
        assert err.startswith(
            f"servicekit: error: {path}: hours.mon[0]: '25:00' is not a time of day"
        )
        assert 1 == err.count("\n")

    def test_bad_field_in_scenario(self, tmp_path, capsys):
        """Inside a scenario the path starts at 'calendar'."""
        path = tmp_path / "desk.json"
        path.write_text(
            '{"calendar": {"timezone": "Mars/Base", "hours": "24/7"}}', encoding="utf-8"
        )
        assert 2 == run("hours", "open", "--calendar", str(path), "2026-03-07T12:00Z")[0]
        assert f"servicekit: error: {path}: calendar: timezone: unknown time zone 'Mars/Base'" in (
            capsys.readouterr().err
        )

    def test_calendar_not_an_object(self, capsys):
        """A calendar must be an object."""
        assert 2 == run("hours", "open", "--calendar-json", "[]", "2026-03-07T12:00Z")[0]
        assert "servicekit: error: --calendar-json: expected an object" in capsys.readouterr().err

    def test_scenario_calendar_not_an_object(self, capsys):
        """A scenario's calendar must be an object."""
        assert (
            2 == run("hours", "open", "--calendar-json", '{"calendar": 1}', "2026-03-07T12:00Z")[0]
        )
        assert "servicekit: error: --calendar-json: calendar: expected an object" in (
            capsys.readouterr().err
        )

    def test_json_syntax(self, tmp_path, capsys):
        """A syntax error is reported as file:line."""
        path = tmp_path / "bad.json"
        path.write_text('{\n"timezone": "UTC",\n"hours" "24/7"\n}', encoding="utf-8")
        assert 2 == run("hours", "open", "--calendar", str(path), "2026-03-07T12:00Z")[0]
        assert f"servicekit: error: {path}:3: Expecting ':' delimiter" in capsys.readouterr().err

    def test_bad_instant(self, capsys):
        """An instant without an offset names the argument."""
        assert 2 == run("hours", "open", "--calendar-json", OFFICE, "2026-03-07T12:00")[0]
        assert (
            "servicekit: error: at: '2026-03-07T12:00' has no UTC offset" in capsys.readouterr().err
        )

    def test_calendar_required(self, capsys):
        """One of --calendar and --calendar-json is required (argparse exits 2)."""
        with pytest.raises(SystemExit) as caught:
            run("hours", "open", "2026-03-07T12:00Z")
        assert 2 == caught.value.code
        assert (
            "one of the arguments --calendar --calendar-json is required" in capsys.readouterr().err
        )
