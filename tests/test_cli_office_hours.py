"""Tests for ``servicekit office-hours plan|render|ical``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import servicekit
from servicekit import cli

DESK = str(Path(servicekit.__file__).parent / "scenarios" / "desk.json")
TEAM = {
    "team": [
        {
            "name": "Katrin",
            "timezone": "Europe/Berlin",
            "availability": {"mon-fri": ["08:00-18:00"]},
        },
        {
            "name": "Jake",
            "timezone": "America/New_York",
            "availability": {"mon-fri": ["08:00-16:00"]},
        },
    ]
}
AVAILABILITY = {
    "timezone": "Europe/Berlin",
    "hours": {"mon-fri": ["18:00-20:00"]},
    "channels": ["chat"],
}


def run(*argv: str) -> tuple[int, str]:
    """Run the command in-process."""
    out = io.StringIO()
    return cli.main(list(argv), out=out), out.getvalue()


def write(tmp_path, data, name="f.json"):
    """Write a JSON file and return its path."""
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


class TestPlan:
    """office-hours plan with flags and defaults from the file."""

    def test_flags(self, tmp_path):
        """Host, week, duration and count come from flags; JSON output."""
        path = write(tmp_path, TEAM)
        status, out = run(
            "office-hours",
            "plan",
            path,
            "--host",
            "Europe/Berlin",
            "--week-of",
            "2026-01-12",
            "--duration",
            "PT30M",
            "--count",
            "2",
            "--rotate",
            "--format",
            "json",
        )
        assert 0 == status
        proposals = json.loads(out)["proposals"]
        assert 2 == len(proposals)
        assert "PT30M" == proposals[0]["slot"]["duration"]

    def test_week_required(self, tmp_path, capsys):
        """Without a week in the file, --week-of is required."""
        assert 2 == run("office-hours", "plan", write(tmp_path, TEAM))[0]
        assert "servicekit: error: --week-of: missing; give --week-of YYYY-MM-DD\n" == (
            capsys.readouterr().err
        )

    def test_bad_date(self, tmp_path, capsys):
        """A bad date names the flag."""
        assert 2 == run("office-hours", "plan", write(tmp_path, TEAM), "--week-of", "next week")[0]
        assert (
            "--week-of: 'next week' is not a date; expected 'YYYY-MM-DD'" in capsys.readouterr().err
        )

    def test_bad_week_in_file(self, tmp_path, capsys):
        """A bad week in the file names the field."""
        path = write(tmp_path, {**TEAM, "office_hours": {"week_of": "2026-13-01"}})
        assert 2 == run("office-hours", "plan", path)[0]
        assert (
            f"{path}: office_hours.week_of: '2026-13-01' is not a date" in capsys.readouterr().err
        )

    def test_scenario(self):
        """The bundled scenario gives every default; the text names each member."""
        status, out = run("office-hours", "plan", DESK, "--locale", "ru")
        assert 0 == status
        assert out.startswith("Вариант 1: ")
        assert "Priya" in out

    def test_no_dst_shift(self, tmp_path):
        """Zones without DST have no shifted weeks."""
        team = {
            "team": [
                {
                    "name": "A",
                    "timezone": "Asia/Kolkata",
                    "availability": {"mon-fri": ["09:00-17:00"]},
                },
                {
                    "name": "B",
                    "timezone": "Asia/Tokyo",
                    "availability": {"mon-fri": ["09:00-17:00"]},
                },
            ],
            "owner": {"timezone": "Asia/Kolkata"},
            "office_hours": {"week_of": "2026-03-02"},
        }
        status, out = run("office-hours", "plan", write(tmp_path, team), "--format", "json")
        assert 0 == status
        assert "dst_shift_weeks" not in json.loads(out)["proposals"][0]


class TestRender:
    """office-hours render says when the host can be reached."""

    def test_viewers(self, tmp_path):
        """One line per viewer, in their local time."""
        path = write(tmp_path, AVAILABILITY)
        status, out = run(
            "office-hours",
            "render",
            path,
            "--at",
            "2026-01-15T12:00:00Z",
            "--viewer",
            "America/New_York",
            "--viewer",
            "Asia/Kolkata",
            "--locale",
            "de",
        )
        assert 0 == status
        lines = out.splitlines()
        assert 2 == len(lines)
        assert "bei Ihnen: Mo–Fr 12:00–14:00 Uhr" in lines[0]

    def test_no_viewer(self, tmp_path):
        """Without a viewer the host's hours are shown once."""
        status, out = run(
            "office-hours", "render", write(tmp_path, AVAILABILITY), "--at", "2026-01-15T12:00:00Z"
        )
        assert 0 == status
        assert 1 == out.count("\n")

    def test_scenario_key(self, tmp_path):
        """A scenario's 'availability' is read."""
        path = write(tmp_path, {"availability": AVAILABILITY})
        assert 0 == run("office-hours", "render", path, "--at", "2026-01-15T12:00:00Z")[0]

    def test_bad_viewer(self, tmp_path, capsys):
        """An unknown viewer zone is reported."""
        path = write(tmp_path, AVAILABILITY)
        assert (
            2
            == run(
                "office-hours",
                "render",
                path,
                "--at",
                "2026-01-15T12:00:00Z",
                "--viewer",
                "Mars/Base",
            )[0]
        )
        assert "servicekit: error: --viewer: viewer_zone: unknown time zone 'Mars/Base'" in (
            capsys.readouterr().err
        )


class TestIcal:
    """office-hours ical exports the slot."""

    def test_export(self):
        """The event repeats weekly at the host's wall-clock time."""
        status, out = run(
            "office-hours",
            "ical",
            "--host",
            "Europe/Berlin",
            "--weekday",
            "tue",
            "--start",
            "18:00",
            "--first",
            "2026-03-02",
            "--count",
            "4",
            "--stamp",
            "2026-03-01T00:00:00Z",
        )
        assert 0 == status
        assert "DTSTART;TZID=Europe/Berlin:20260303T180000\n" in out
        assert "RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=TU\n" in out
        assert "\r" not in out

    def test_until_and_default_stamp(self):
        """--until bounds the series; without --stamp the current time is used."""
        status, out = run(
            "office-hours",
            "ical",
            "--host",
            "Asia/Kolkata",
            "--weekday",
            "fri",
            "--start",
            "09:30",
            "--first",
            "2026-03-02",
            "--until",
            "2026-04-30",
            "--title",
            "Q&A",
        )
        assert 0 == status
        assert "SUMMARY:Q&A" in out
        assert "UNTIL=" in out
        assert "DTSTAMP:" in out

    @pytest.mark.parametrize(
        ("flag", "value", "message"),
        [
            ("--weekday", "someday", "weekday: 'someday' is not a weekday"),
            ("--first", "2026-02-30", "--first: '2026-02-30' is not a date"),
        ],
    )
    def test_bad_options(self, flag, value, message, capsys):
        """Bad options name the option."""
        args = {
            "--host": "Europe/Berlin",
            "--weekday": "tue",
            "--start": "18:00",
            "--first": "2026-03-02",
        }
        args[flag] = value
        argv = ["office-hours", "ical"] + [x for pair in args.items() for x in pair]
        assert 2 == run(*argv)[0]
        assert f"servicekit: error: options: {message}" in capsys.readouterr().err


class TestSlotLength:
    """A plan's session is whole minutes: seconds would print as an empty clock range."""

    @pytest.mark.parametrize(
        ("duration", "message"),
        [
            ("PT0.000001S", "'PT0.000001S' is too short; give at least PT1M"),
            ("PT59S", "'PT59S' is too short; give at least PT1M"),
            ("PT1M30S", "'PT1M30S' is not a whole number of minutes"),
            ("PT99999999999999999999H", "'PT99999999999999999999H' is too long"),
        ],
    )
    def test_flag(self, tmp_path, capsys, duration, message):
        """--duration under a minute, with seconds or absurdly long is refused."""
        path = write(tmp_path, TEAM)
        argv = ["office-hours", "plan", path, "--week-of", "2026-11-30", f"--duration={duration}"]
        assert 2 == run(*argv)[0]
        assert capsys.readouterr().err.startswith(f"servicekit: error: --duration: {message}")

    def test_in_file(self, tmp_path, capsys):
        """office_hours.duration in the file is checked the same way."""
        path = write(tmp_path, {**TEAM, "office_hours": {"duration": "PT0.000001S"}})
        assert 2 == run("office-hours", "plan", path, "--week-of", "2026-11-30")[0]
        assert f"{path}: office_hours.duration: 'PT0.000001S' is too short" in (
            capsys.readouterr().err
        )

    def test_one_minute(self, tmp_path):
        """One minute is planned and printed as a one-minute range."""
        path = write(tmp_path, TEAM)
        status, out = run(
            "office-hours", "plan", path, "--week-of", "2026-11-30", "--duration", "PT1M"
        )
        assert 0 == status
        assert "Slot 1:" in out

    @pytest.mark.parametrize("flag", ["--week-of=0001-01-01", "--week-of=9999-12-31"])
    def test_week_at_the_ends_of_time(self, tmp_path, capsys, flag):
        """A week in year 1 or 9999 is refused."""
        assert 2 == run("office-hours", "plan", write(tmp_path, TEAM), flag)[0]
        assert "dates must lie in the years 1000 to 8999" in capsys.readouterr().err


class TestSeriesBounds:
    """ical's --count and --interval are bounded before any work starts."""

    ICAL = (
        "office-hours", "ical", "--host", "Europe/Berlin", "--weekday", "mon", "--start",
        "10:00", "--first", "2026-11-30", "--stamp", "2026-11-23T10:30:00+01:00",
    )  # fmt: skip

    @pytest.mark.parametrize(
        "flags",
        [
            ("--count", "100000000000000000000"),
            ("--interval", "99999999999"),
            ("--count", "0"),
            ("--interval", "-1"),
            ("--interval", "x"),
            ("--interval", "١"),  # an Arabic-Indic digit: not ASCII
        ],
    )
    def test_argument(self, capsys, flags):
        """Out-of-range numbers are argparse errors (status 2), not an OverflowError."""
        with pytest.raises(SystemExit) as stop:
            run(*self.ICAL, *flags)
        assert 2 == stop.value.code
        assert "must be a whole number from 1 to 5218" in capsys.readouterr().err

    def test_span(self, capsys):
        """A series whose count × interval passes 100 years of weeks is refused."""
        assert 2 == run(*self.ICAL, "--count", "1000", "--interval", "999")[0]
        assert capsys.readouterr().err.startswith(
            "servicekit: error: --interval: the series would span 999,000 weeks"
        )

    def test_span_without_count(self, capsys):
        """Without --count the series spans a year of intervals."""
        assert 2 == run(*self.ICAL, "--interval", "101")[0]
        assert "span 5,252 weeks" in capsys.readouterr().err
        status, out = run(*self.ICAL, "--interval", "100")
        assert 0 == status
        assert "INTERVAL=100" in out

    def test_plan_count(self, tmp_path, capsys):
        """The plan's --count is 1 to 100."""
        with pytest.raises(SystemExit):
            run("office-hours", "plan", write(tmp_path, TEAM), "--count", "101")
        assert "must be a whole number from 1 to 100" in capsys.readouterr().err
