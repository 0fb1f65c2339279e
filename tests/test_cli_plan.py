"""Tests for ``servicekit channels plan``."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from servicekit import cli

START = datetime(2026, 3, 2, 8, tzinfo=timezone.utc)
TEMPLATES = [
    {"name": "day", "length": "PT4H", "starts": ["08:00-09:00"], "cost": 4},
    {
        "name": "long",
        "length": "PT3H",
        "starts": ["08:00"],
        "breaks": [{"length": "PT30M", "earliest": "PT1H", "latest": "PT1H"}],
    },
]


ONE = "start,arrivals\n2026-03-02T08:00:00Z,1\n"
HT = ("--handle-time", "PT3M")


def run(*argv: str) -> tuple[int, str]:
    """Run the command in-process."""
    out = io.StringIO()
    return cli.main(list(argv), out=out), out.getvalue()


@pytest.fixture
def files(tmp_path):
    """A profile of eight half hours and a shifts file."""
    profile = tmp_path / "profile.csv"
    rows = ["start,arrivals,handle_time"]
    for k, n in enumerate([0, 20, 40, 40, 20, 20, 0, 0]):
        rows.append(f"{(START + k * timedelta(minutes=30)).isoformat()},{n},PT3M")
    profile.write_text("\n".join(rows) + "\n", encoding="utf-8")
    shifts = tmp_path / "shifts.json"
    shifts.write_text(json.dumps({"templates": TEMPLATES[:1]}), encoding="utf-8")
    return tmp_path, str(profile), str(shifts)


class TestPlan:
    """channels plan: sizing, shifts and coverage in four formats."""

    def test_text(self, files):
        """The text form says what is covered and lists the shifts."""
        _, profile, shifts = files
        status, out = run("channels", "plan", profile, "--shifts", shifts)
        assert 0 == status
        assert out.startswith("Shift plan\n==========\n\n8 intervals, peak head count ")
        assert "Every interval is covered." in out
        # Which of several equally cheap plans the solver returns depends on its version:
        # check the rows' form (dates and times as en writes them) and that they add up
        # to the summary's number of shifts.
        clock = r"3/2/26, \d{1,2}:\d\d\u202f[AP]M"
        rows = re.findall(rf"(?m)^day +{clock} +{clock} +(\d+)$", out)
        shifts_total = re.search(r"(\d+) shifts, total cost", out)
        assert rows
        assert shifts_total is not None
        assert sum(int(n) for n in rows) == int(shifts_total.group(1))

    def test_markdown_with_uncovered(self, files):
        """A headcount cap leaves intervals short; the Markdown lists them."""
        tmp, profile, _ = files
        capped = tmp / "capped.json"
        capped.write_text(json.dumps({"templates": TEMPLATES, "max_heads": 1}), encoding="utf-8")
        status, out = run(
            "channels", "plan", profile, "--shifts", str(capped), "--format", "markdown"
        )
        assert 0 == status
        assert out.startswith("# Shift plan\n")
        assert "intervals are short of heads" in out
        assert "Uncovered intervals" in out
        assert "| Interval" in out

    def test_json(self, files):
        """The JSON form has the shifts, every interval and the uncovered ones."""
        _, profile, shifts = files
        status, out = run("channels", "plan", profile, "--shifts", shifts, "--format", "json")
        assert 0 == status
        data = json.loads(out)
        assert data["covered"] is True
        assert 8 == len(data["intervals"])
        assert [] == data["uncovered"]
        assert all(r["scheduled"] >= r["required"] for r in data["intervals"])

    def test_csv_and_shrinkage(self, files):
        """The CSV has one row per interval; shrinkage raises the requirement."""
        _, profile, shifts = files
        _, plain = run("channels", "plan", profile, "--shifts", shifts, "--format", "csv")
        _, shrunk = run(
            "channels", "plan", profile, "--shifts", shifts, "--format", "csv", "--shrinkage", "0.3"
        )
        a = list(csv.DictReader(io.StringIO(plain)))
        b = list(csv.DictReader(io.StringIO(shrunk)))
        assert 8 == len(a)
        assert sum(int(r["required"]) for r in a) < sum(int(r["required"]) for r in b)

    def test_json_profile_list_of_templates_and_erlang_a(self, tmp_path):
        """A JSON profile, a bare list of templates, and Erlang A options."""
        profile = tmp_path / "profile.json"
        profile.write_text(
            json.dumps([{"start": START.isoformat(), "arrivals": 30}]), encoding="utf-8"
        )
        shifts = tmp_path / "shifts.json"
        shifts.write_text(json.dumps(TEMPLATES), encoding="utf-8")
        status, out = run(
            "channels", "plan", str(profile), "--shifts", str(shifts), "--handle-time", "PT3M",
            "--patience", "PT2M", "--max-abandonment", "0.1", "--max-occupancy", "0.9",
            "--format", "json",
        )  # fmt: skip
        assert 0 == status
        assert json.loads(out)["covered"]

    def test_plot(self, files):
        """--plot draws the figure to a file."""
        tmp, profile, shifts = files
        figure = tmp / "coverage.png"
        status, _ = run("channels", "plan", profile, "--shifts", shifts, "--plot", str(figure))
        assert 0 == status
        assert figure.read_bytes().startswith(b"\x89PNG")

    def test_not_optimal_is_said(self, files, monkeypatch):
        """A schedule stopped at the time limit says so."""
        from servicekit.channels import _shifts  # noqa: PLC0415

        _, profile, shifts = files
        real = _shifts._Problem.solve

        def solve(self, *args):
            heads, _ = real(self, *args)
            return heads, False

        monkeypatch.setattr(_shifts._Problem, "solve", solve)
        _, out = run("channels", "plan", profile, "--shifts", shifts)
        assert "(the best found within the time limit)" in out


class TestPlanErrors:
    """Bad files and options are one-line errors naming the place."""

    @pytest.mark.parametrize(
        ("profile", "shifts", "extra", "message"),
        [
            ("start,arrivals\n2026-03-02T08:00:00Z,-1\n", None, (), "profile.csv:2: arrivals"),
            ("start,arrivals\n", None, (), "has no intervals"),
            ("start,arrivals\n2026-03-02T08:00:00Z,1\n", None, (), "handle_time"),
            (
                "start,arrivals,handle_time\n2026-03-02T08:00:00Z,1,soon\n",
                None,
                (),
                "profile.csv:2: handle_time",
            ),
            (
                "start,arrivals\n2026-03-02T08:00:00Z,1\n",
                None,
                ("--handle-time", "PT3M", "--service-level", "x"),
                "--service-level",
            ),
            (
                "start,arrivals\n2026-03-02T08:00:00Z,1\n",
                None,
                ("--handle-time", "PT3M", "--shrinkage", "inf"),
                "--shrinkage",
            ),
            (
                "start,arrivals\n2026-03-02T08:00:00Z,1\n",
                None,
                ("--handle-time", "PT3M", "--service-level", "2"),
                "options: service_level",
            ),
            (ONE, {"templates": 1}, HT, "templates"),
            (ONE, {}, HT, "templates: is required"),
            (ONE, {"templates": [], "colour": 1}, HT, "colour"),
            (ONE, {"templates": TEMPLATES, "budget": "x"}, HT, "budget"),
            (ONE, {"templates": TEMPLATES, "max_heads": 1.5}, HT, "max_heads"),
            (ONE, {"templates": TEMPLATES, "timezone": 1}, HT, "timezone"),
            (ONE, {"templates": TEMPLATES, "timezone": "Mars/Base"}, HT, "Mars/Base"),
            (ONE, {"templates": [{"name": "x"}]}, HT, "templates[0].length"),
            (ONE, {"templates": [], "max_heads": None}, HT, "templates: needs at least one"),
        ],
    )  # fmt: skip
    def test_errors(self, tmp_path, capsys, profile, shifts, extra, message):  # noqa: PLR0917
        """Each bad input exits 2 with a message naming the file and field."""
        (tmp_path / "profile.csv").write_text(profile, encoding="utf-8")
        (tmp_path / "shifts.json").write_text(
            json.dumps({"templates": TEMPLATES} if shifts is None else shifts), encoding="utf-8"
        )
        status, _ = run(
            "channels", "plan", str(tmp_path / "profile.csv"), "--shifts",
            str(tmp_path / "shifts.json"), *extra,
        )  # fmt: skip
        assert 2 == status
        assert message in capsys.readouterr().err

    def test_json_profile_error_names_the_item(self, tmp_path, capsys):
        """An item of a JSON profile is named by its index."""
        (tmp_path / "p.json").write_text(
            json.dumps([{"start": "nope", "arrivals": 1}]), encoding="utf-8"
        )
        (tmp_path / "s.json").write_text(json.dumps(TEMPLATES), encoding="utf-8")
        status, _ = run(
            "channels", "plan", str(tmp_path / "p.json"), "--shifts", str(tmp_path / "s.json")
        )
        assert 2 == status
        assert "p.json: [0].start" in capsys.readouterr().err

    def test_unwritable_figure(self, files, capsys):
        """A figure that cannot be written is an error naming --plot."""
        _, profile, shifts = files
        status, _ = run(
            "channels", "plan", profile, "--shifts", shifts, "--plot", "/nonexistent/dir/f.png"
        )
        assert 2 == status
        assert "--plot" in capsys.readouterr().err


def _team(tmp, data):
    path = tmp / "team.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


EVERYONE = [
    {"name": f"P{k}", "timezone": "Europe/Berlin", "hours": {"mon-sun": ["00:00-24:00"]}}
    for k in range(10)
]


class TestPeople:
    """channels plan --people: names on the shifts."""

    def test_text_and_json_have_the_roster(self, files):
        """The roster is a table in the text form and a list in the JSON form."""
        tmp, profile, shifts = files
        team = _team(tmp, {"people": EVERYONE, "inconvenient": ["day"], "min_rest": "PT11H"})
        status, out = run("channels", "plan", profile, "--shifts", shifts, "--people", team)
        assert 0 == status
        assert "Roster" in out
        assert "Europe/Berlin (GMT+01:00)" in out  # local times of Berlin
        status, out = run(
            "channels", "plan", profile, "--shifts", shifts, "--people", team, "--format", "json"
        )
        roster = json.loads(out)["roster"]
        assert sum(s["heads"] for s in json.loads(out)["shifts"]) == len(roster)

    def test_a_list_of_people(self, files):
        """A bare list of people works too."""
        tmp, profile, shifts = files
        status, _ = run(
            "channels", "plan", profile, "--shifts", shifts, "--people", _team(tmp, EVERYONE),
            "--format", "markdown",
        )  # fmt: skip
        assert 0 == status

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"people": EVERYONE[:1]}, "cannot get their heads"),
            ({"people": EVERYONE, "colour": 1}, "colour"),
            ({"people": [{"name": "A"}]}, "people[0].timezone"),
            ({"people": EVERYONE, "inconvenient": [1]}, "inconvenient[0]"),
            ({"people": EVERYONE, "min_rest": "soon"}, "min_rest"),
            ({"people": EVERYONE, "time_limit": "1"}, "time_limit"),
            ({}, "people"),
        ],
    )
    def test_errors(self, files, capsys, data, message):
        """Bad teams, and shifts nobody can take, are one-line errors."""
        tmp, profile, shifts = files
        status, _ = run(
            "channels", "plan", profile, "--shifts", shifts, "--people", _team(tmp, data)
        )
        assert 2 == status
        assert message in capsys.readouterr().err


class TestLocale:
    """channels plan --locale: the text in the reader's language and formats."""

    def test_german(self, files):
        """Title, summary, headers and dates are German; numbers and times too."""
        tmp, profile, shifts = files
        team = _team(tmp, {"people": EVERYONE})
        status, out = run(
            "channels", "plan", profile, "--shifts", shifts, "--people", team, "--locale", "de-AT"
        )
        assert 0 == status
        assert out.startswith("Schichtplan\n===========\n\n8 Intervalle, Personalbedarf in ")
        assert "Alle Intervalle sind abgedeckt." in out
        assert "02.03.26, 09:00" in out
        assert "Dienstplan" in out

    def test_breaks_and_uncovered_in_russian(self, files):
        """Breaks are clock ranges of the locale; uncovered intervals are counted in Russian."""
        tmp, profile, _ = files
        capped = tmp / "capped.json"
        capped.write_text(
            json.dumps({"templates": TEMPLATES[1:], "max_heads": 1}), encoding="utf-8"
        )
        status, out = run("channels", "plan", profile, "--shifts", str(capped), "--locale", "ru")
        assert 0 == status
        assert " В 5 интервалах не хватает людей.\n" in out
        assert "Непокрытые интервалы" in out
        assert "09:00–09:30" in out.replace("\u2014", "–")
