"""Tests for ``servicekit report`` and its bundled scenario."""

from __future__ import annotations

import functools
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import servicekit
from cldr import clock_range, range_dash
from servicekit import cli
from servicekit.cli import _report, _scenario

NEEDS_TOMLLIB = pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is Python 3.11+")

SRC = str(Path(servicekit.__file__).parent.parent)
BUNDLED = json.loads(
    (Path(servicekit.__file__).parent / "scenarios" / "desk.json").read_text(encoding="utf-8")
)
HEADINGS = {
    "en": [
        "Channels: comparison and recommended mix",
        "Staffing for phone and chat",
        "SLA status",
        "Upcoming breaches",
        "Proposed office hours",
        "Onboarding funnel",
    ],
    "de": [
        "Kanäle: Vergleich und empfohlener Kanalmix",
        "Personalbedarf für Telefon und Chat",
        "SLA-Status",
        "Drohende SLA-Verletzungen",
        "Vorgeschlagene Sprechstunden",
        "Onboarding-Trichter",
    ],
}


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m servicekit`` in a subprocess, as a user would."""
    env = {**os.environ, "PYTHONPATH": SRC, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-m", "servicekit", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=120,
    )


def report(*argv: str) -> str:
    """Run the report in-process and return its output."""
    out = io.StringIO()
    assert 0 == cli.main(["report", *argv], out=out)
    return out.getvalue()


@functools.cache
def bundled(*argv: str) -> str:
    """The report on the bundled scenario (the same arguments give the same output)."""
    return report(*argv)


def write_scenario(tmp_path, data, name="desk.json"):
    """Write a scenario file and return its path."""
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def headings(text: str) -> list[str]:
    """Section titles of the text report (the lines underlined with dashes)."""
    lines = text.splitlines()
    return [
        lines[i - 1]
        for i, line in enumerate(lines)
        if i and line and set(line) == {"-"} and len(line) == len(lines[i - 1])
    ]


class TestSubprocess:
    """`python -m servicekit report` works like the README says, in English and German."""

    @pytest.mark.parametrize("language", ["en", "de"])
    def test_sections(self, language):
        """Every section is printed, with localized headings, in order."""
        args = () if language == "en" else ("--locale", language)
        result = run_module("report", *args)
        assert 0 == result.returncode, result.stderr
        assert "" == result.stderr
        assert result.stdout.startswith("Auenwald Invest — client services\n")
        assert HEADINGS[language] == headings(result.stdout)
        if language == "de":
            assert "Bericht vom Mo 23.11.26, 10:30, Mitteleuropäische Normalzeit" in result.stdout
            assert "verletzt" in result.stdout


class TestContent:
    """The sections say what the scenario implies."""

    def test_sla(self):
        """The breached ticket comes first among the deadlines."""
        data = json.loads(bundled("--format", "json"))
        deadlines = data["sections"]["upcoming_breaches"]["deadlines"]
        assert ("T-1043", "resolution", "breached") == (
            deadlines[0]["ticket"],
            deadlines[0]["metric"],
            deadlines[0]["status"],
        )
        stamps = [d["deadline"] for d in deadlines]
        assert len(stamps) >= 3

    def test_sla_later_now(self):
        """At a later --now the at-risk urgent reply is breached."""
        data = json.loads(bundled("--format", "json", "--now", "2026-11-23T12:00:00+01:00"))
        rows = data["sections"]["sla_status"]["tickets"]
        urgent = next(r for r in rows if r["ticket"] == "T-1042" and r["metric"] == "first_reply")
        assert "breached" == urgent["status"]

    def test_office_hours_local_times(self):
        """Each member's local time is the slot's start in their zone."""
        data = json.loads(bundled("--format", "json"))
        first = data["sections"]["office_hours"]["proposals"][0]
        members = {m["name"]: m for m in first["members"]}
        assert set(members) == {m["name"] for m in BUNDLED["team"]}
        assert first["start"][:16] == members["Katrin"]["local_start"][:16]
        assert members["Priya"]["local_start"].endswith("+05:30")

    def test_availability_per_member(self):
        """The owner's availability is said to each member in their language and time."""
        data = json.loads(bundled("--format", "json"))
        said = {a["name"]: a["statement"] for a in data["sections"]["office_hours"]["availability"]}
        assert set(said) == {m["name"] for m in BUNDLED["team"]}
        days = "пн" + range_dash("ru") + "пт "
        assert said["Olga"].startswith(days + clock_range("ru", "08:00", "18:00"))
        assert "по вашему времени: " + days + clock_range("ru", "09:00", "19:00") in said["Olga"]
        assert said["Katrin"].startswith("Mo–Fr 08:00–18:00 Uhr")

    def test_markdown(self):
        """Markdown has a title, section headings and pipe tables."""
        out = bundled("--format", "markdown")
        assert out.startswith("# Auenwald Invest — client services\n\nReport as of ")
        assert "\n\nScenario: desk.json (bundled)\n" in out
        assert "\n## SLA status\n" in out
        assert "|---|---|---|---|---|" in out

    def test_every_language(self):
        """Italian and Russian reports render too, with translated headings."""
        assert "Stato degli SLA" in bundled("--locale", "it")
        assert "Статус SLA" in bundled("--locale", "ru")


class TestOneBusiness:
    """The bundled desk is one business: the examples that show it agree with it."""

    def test_tickets_carry_a_topic(self):
        """Every ticket says what the client asked about, in the desk's own words."""
        created = [
            t["events"][0] for t in BUNDLED["sla"]["tickets"] if t["events"][0]["kind"] == "created"
        ]
        assert len(created) == len(BUNDLED["sla"]["tickets"])
        assert all(event.get("tags") for event in created)

    def test_one_calendar(self):
        """The desk's hours, its SLA calendar and how it can be reached are the same hours."""
        policy = BUNDLED["sla"]["policy"]["calendars"]["office"]
        assert BUNDLED["calendar"]["hours"] == policy["hours"] == BUNDLED["availability"]["hours"]
        assert BUNDLED["calendar"]["holidays"] == policy["holidays"]
        # The staffed hours of the channel demand are the open hours of a week.
        assert {"mon-fri": ["08:00-18:00"]} == BUNDLED["calendar"]["hours"]
        assert 5 * 10 == BUNDLED["channels"]["demand"]["staffed_hours"]

    def test_cli_guide_shows_the_desks_channels(self):
        """The channels file in the CLI guide is the desk's demand and models."""
        text = (Path(__file__).parent.parent / "docs" / "reference" / "cli.md").read_text(
            encoding="utf-8"
        )
        start = text.index(":caption: channels.json")
        body = text[text.index("\n{", start) + 1 : text.index("\n```", start)]
        shown = json.loads(body)
        for key in ("demand", "models", "targets"):
            assert BUNDLED["channels"][key] == shown[key], key

    def test_journeys_belong_to_built_in_flows(self):
        """The onboarding journeys are the investment and complaint flows of the platform."""
        assert {"investment", "complaint"} == {j["flow"] for j in BUNDLED["onboarding"]["journeys"]}


class TestScenarioFiles:
    """--scenario reads JSON or TOML in the bundled shape; errors name the field."""

    def test_minimal(self, tmp_path):
        """A scenario with only a name and now has a header and no sections."""
        path = write_scenario(tmp_path, {"name": "Tiny", "now": "2026-01-05T09:00:00Z"})
        out = report("--scenario", path)
        assert out.startswith("Tiny\n====\n")
        assert [] == headings(out)

    @NEEDS_TOMLLIB
    def test_toml(self, tmp_path):
        """A TOML scenario works like a JSON one."""
        path = tmp_path / "desk.toml"
        path.write_text(
            'name = "Tiny"\nnow = "2026-01-05T09:00:00Z"\nlocale = "de"\n[owner]\n'
            'timezone = "Europe/Berlin"\n',
            encoding="utf-8",
        )
        out = report("--scenario", str(path))
        assert "Bericht vom Mo 05.01.26, 10:00" in out

    @pytest.mark.skipif(sys.version_info >= (3, 11), reason="Python 3.10 has no tomllib")
    def test_toml_on_python_310(self, tmp_path, capsys):
        """On Python 3.10 a TOML scenario is refused with a clear way out."""
        path = tmp_path / "desk.toml"
        path.write_text('now = "2026-01-05T09:00:00Z"\n', encoding="utf-8")
        assert 2 == cli.main(["report", "--scenario", str(path)], out=io.StringIO())
        assert (
            f"servicekit: error: {path}: reading TOML needs Python 3.11 or newer (the standard "
            "library's tomllib); use a JSON file with the same content instead\n"
        ) == capsys.readouterr().err

    def test_locale_flag_beats_scenario(self, tmp_path):
        """--locale overrides the scenario's locale."""
        path = write_scenario(tmp_path, {"now": "2026-01-05T09:00:00Z", "locale": "de"})
        assert "Report as of" in report("--scenario", path, "--locale", "en")

    def test_missing_now(self, tmp_path, capsys):
        """Without now in the file or --now, the error says what to do."""
        path = write_scenario(tmp_path, {"name": "x"})
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert (
            f"servicekit: error: {path}: now: missing; give the scenario a 'now' instant "
            "or pass --now\n"
        ) == capsys.readouterr().err

    def test_now_flag(self, tmp_path):
        """--now replaces a missing now."""
        path = write_scenario(tmp_path, {"name": "x"})
        assert "Report as of Mon 1/5/26, 9:00\u202fAM" in report(
            "--scenario", path, "--now", "2026-01-05T09:00:00Z"
        )

    def test_bad_now(self, tmp_path, capsys):
        """A naive now in the file names the field."""
        path = write_scenario(tmp_path, {"now": "2026-01-05T09:00"})
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert f"servicekit: error: {path}: now: '2026-01-05T09:00' has no UTC offset" in (
            capsys.readouterr().err
        )

    def test_bad_locale(self, tmp_path, capsys):
        """An unsupported locale in the file is refused with the choices."""
        path = write_scenario(tmp_path, {"now": "2026-01-05T09:00Z", "locale": "fr"})
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert (
            f"servicekit: error: {path}: locale: unsupported locale 'fr'; "
            "give a tag of en, de, it, ru, such as de, de-AT or en-GB\n"
        ) == capsys.readouterr().err

    def test_british_english(self, tmp_path):
        """en-GB writes day/month/year and 24-hour times; en (US) does not."""
        path = write_scenario(tmp_path, {"now": "2026-11-23T09:00:00Z"})
        assert "Report as of Mon 23/11/2026, 09:00" in report(
            "--scenario", path, "--locale", "EN_gb"
        )
        assert "Report as of Mon 11/23/26, 9:00\u202fAM" in report("--scenario", path)

    def test_regional_locale_in_scenario(self, tmp_path):
        """The scenario's locale may be regional: Swiss German writes "ss" and «…»."""
        path = write_scenario(tmp_path, {"now": "2026-11-23T09:00:00Z", "locale": "de-CH"})
        assert "Szenario:" in report("--scenario", path)
        german, swiss = bundled("--locale", "de_DE.UTF-8"), bundled("--locale", "de-CH")
        assert "Verletzungen" in german
        assert "ß" not in swiss
        assert "außerhalb" in german
        assert "ausserhalb" in swiss

    def test_unsupported_locale_flag(self, tmp_path, capsys):
        """--locale refuses a language without catalogs and names the way out."""
        path = write_scenario(tmp_path, {"now": "2026-01-05T09:00Z"})
        with pytest.raises(SystemExit):
            cli.main(["report", "--scenario", path, "--locale", "fr-CH"], out=io.StringIO())
        assert (
            "argument --locale: unsupported locale 'fr-CH'; "
            "give a tag of en, de, it, ru, such as de, de-AT or en-GB"
        ) in capsys.readouterr().err

    def test_bad_owner_zone(self, tmp_path, capsys):
        """The owner's zone is checked."""
        path = write_scenario(
            tmp_path, {"now": "2026-01-05T09:00Z", "owner": {"timezone": "Berlin"}}
        )
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert f"{path}: owner: timezone: unknown time zone 'Berlin'" in capsys.readouterr().err

    def test_not_an_object(self, tmp_path, capsys):
        """A scenario must be an object."""
        path = tmp_path / "list.json"
        path.write_text("[]", encoding="utf-8")
        assert 2 == cli.main(["report", "--scenario", str(path)], out=io.StringIO())
        assert f"servicekit: error: {path}: expected an object" in capsys.readouterr().err

    def test_part_not_an_object(self, tmp_path, capsys):
        """A part of the scenario must be an object."""
        path = write_scenario(tmp_path, {"now": "2026-01-05T09:00Z", "sla": []})
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert f"servicekit: error: {path}: sla: expected an object" in capsys.readouterr().err

    def test_bad_ticket_event(self, tmp_path, capsys):
        """A bad event names its ticket and position."""
        data = {"now": BUNDLED["now"], "sla": json.loads(json.dumps(BUNDLED["sla"]))}
        data["sla"]["tickets"][0]["events"][1]["kind"] = "reply"
        path = write_scenario(tmp_path, data)
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert (
            f"servicekit: error: {path}: sla.tickets[0].events[1].kind: unknown event kind 'reply'"
        ) in capsys.readouterr().err

    def test_no_deadlines(self, tmp_path):
        """When every clock has stopped, the breaches section says so."""
        data = {"now": BUNDLED["now"], "sla": json.loads(json.dumps(BUNDLED["sla"]))}
        data["sla"]["tickets"] = [data["sla"]["tickets"][4]]
        out = report("--scenario", write_scenario(tmp_path, data))
        assert "No running clock is close to its deadline." in out

    def test_not_started_metric_is_left_out(self, tmp_path):
        """A metric whose clock has not started has no row (next reply before any message)."""
        sla = json.loads(json.dumps(BUNDLED["sla"]))
        sla["policy"]["targets"]["normal"].append({"metric": "next_reply", "within": "PT8H"})
        sla["tickets"] = [sla["tickets"][3]]
        data = json.loads(
            report(
                "--format",
                "json",
                "--scenario",
                write_scenario(tmp_path, {"now": BUNDLED["now"], "sla": sla}),
            )
        )
        rows = data["sections"]["sla_status"]["tickets"]
        assert "not_started" == next(r for r in rows if r["metric"] == "next_reply")["status"]
        out = report("--scenario", write_scenario(tmp_path, {"now": BUNDLED["now"], "sla": sla}))
        assert "next reply" not in out

    def test_bad_availability(self, tmp_path, capsys):
        """A bad availability names its field."""
        data = {"now": BUNDLED["now"], "team": BUNDLED["team"], "availability": {"hours": "24/7"}}
        path = write_scenario(tmp_path, data)
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert f"servicekit: error: {path}: availability.timezone: missing" in (
            capsys.readouterr().err
        )

    def test_empty_team(self, tmp_path, capsys):
        """A team without members is refused."""
        path = write_scenario(tmp_path, {"now": BUNDLED["now"], "team": []})
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert f"servicekit: error: {path}: team: no members" in capsys.readouterr().err

    def test_bad_member(self, tmp_path, capsys):
        """A bad member names its index and field."""
        team = json.loads(json.dumps(BUNDLED["team"]))
        team[2]["timezone"] = "Europe/Moskow"
        path = write_scenario(tmp_path, {"now": BUNDLED["now"], "team": team})
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert f"{path}: team[2]" in capsys.readouterr().err

    def test_nobody_can_attend(self, tmp_path):
        """A slot longer than anyone's hours is reported, not an error."""
        data = {
            "now": BUNDLED["now"],
            "team": [BUNDLED["team"][0]],
            "office_hours": {"duration": "PT12H"},
        }
        out = report("--scenario", write_scenario(tmp_path, data))
        assert "Slot 1: nobody can attend a 720-minute slot in this week" in out


class TestRendering:
    """Tables align numbers right and escape pipes in Markdown."""

    def test_text_table(self):
        """Numeric columns are right-aligned."""
        table = _scenario.Table(("a", "n"), (("x", "1"), ("yy", "10")), frozenset({1}))
        assert ["a    n", "--  --", "x    1", "yy  10"] == _scenario.table_text(table)

    def test_markdown_table(self):
        """A pipe in a cell is escaped."""
        table = _scenario.Table(("a", "n"), (("x|y", "1"),), frozenset({1}))
        assert ["| a | n |", "|---|---:|", "| x\\|y | 1 |"] == _scenario.table_markdown(table)

    def test_json_has_every_section(self):
        """The JSON form keys sections by a stable name."""
        data = json.loads(bundled("--format", "json"))
        assert {"title", "now", "locale", "sections"} == set(data)
        assert "2026-11-23T10:30:00+01:00" == data["now"]
        assert {"sla_status", "upcoming_breaches", "office_hours"} <= set(data["sections"])

    def test_build_report_directly(self):
        """build_report returns the sections for other renderers."""
        scenario = _scenario.load_scenario(None)
        built = _report.build_report(scenario, locale="it", now=None)
        assert "it" == built["locale"]
        assert all(isinstance(s, _scenario.Section) for s in built["sections"])


class TestChannelsSection:
    """The channel comparison, the recommended mix and the live channels' staffing."""

    def test_json(self):
        """Every model is compared; the mix and the live channels are listed."""
        sections = json.loads(bundled("--format", "json"))["sections"]
        assert ["phone", "chat", "email", "self-help"] == [
            r["channel"] for r in sections["channels"]["compare"]
        ]
        assert {"chat", "self-help"} == set(sections["channels"]["mix"]["channels"])
        assert ["phone", "chat"] == [r["channel"] for r in sections["staffing"]["live"]]

    def test_text_explains_the_mix(self):
        """The mix is explained line by line in the report's language."""
        out = bundled("--locale", "it")
        mix = next(line for line in out.splitlines() if line.startswith("Mix consigliato: "))
        assert "Mix consigliato: self-service e chat." == mix
        assert "\n- " in out

    def test_no_live_channel(self, tmp_path):
        """Without phone or chat the staffing section says so."""
        channels = json.loads(json.dumps(BUNDLED["channels"]))
        channels["models"] = [channels["models"][2], channels["models"][3]]
        out = report(
            "--scenario", write_scenario(tmp_path, {"now": BUNDLED["now"], "channels": channels})
        )
        assert "The scenario has no phone or chat channel." in out

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"models": [{"kind": "fax"}]}, "channels.models[0].kind: unknown channel kind 'fax'"),
            (
                {"models": [{"kind": "phone", "speed": 1}]},
                "channels.models[0].speed: unknown attribute 'speed' of Phone",
            ),
            (
                {"models": [{"kind": "phone", "handle_time": "6 min"}]},
                "channels.models[0].handle_time: '6 min' is not an ISO-8601 duration",
            ),
            (
                {"models": [{"kind": "chat", "concurrency": 0.5}]},
                "channels.models[0].concurrency: must be at least 1 chat at a time",
            ),
            (
                {"models": [{"kind": "phone", "hourly_cost": "a lot"}]},
                "channels.models[0].hourly_cost: ",
            ),
            ({"models": []}, "channels.models: no channel models"),
            ({"demand": {"contacts": -1}}, "channels.demand.contacts"),
            (
                {"targets": {"max_wait": "soon"}},
                "channels.targets.max_wait: 'soon' is not an ISO-8601 duration",
            ),
            (
                {"targets": {"max_effort": 9}},
                "channels.targets.max_effort: must be on the 1-5 scale",
            ),
            ({"targets": {"fastest": True}}, "channels.targets.fastest: unknown key 'fastest'"),
            ({"budget": "cheap"}, "channels.budget: expected a number"),
        ],
    )
    def test_errors(self, tmp_path, capsys, change, message):
        """Bad channel data names the field."""
        channels = {**json.loads(json.dumps(BUNDLED["channels"])), **change}
        path = write_scenario(tmp_path, {"now": BUNDLED["now"], "channels": channels})
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert f"servicekit: error: {path}: {message}" in capsys.readouterr().err


class TestOnboardingSection:
    """The onboarding section: funnels per flow, stuck customers, claims."""

    def test_json(self):
        """Both flows are counted; the stuck and the claims are listed."""
        data = json.loads(bundled("--format", "json"))["sections"]["onboarding"]["flows"]
        assert ["investment", "complaint"] == [f["flow"] for f in data]
        assert {"C-201", "C-204"} == {s["id"] for s in data[0]["stuck"]}
        assert [("C-201", "owns_shares", False)] == [
            (c["id"], c["claim"], c["supported"]) for c in data[0]["claims"]
        ][:1]

    def test_single_limit_and_nobody_stuck(self, tmp_path):
        """One stuck_after for all flows; a long one leaves nobody stuck."""
        onboarding = json.loads(json.dumps(BUNDLED["onboarding"]))
        onboarding["stuck_after"] = "P60D"
        out = report(
            "--scenario",
            write_scenario(tmp_path, {"now": BUNDLED["now"], "onboarding": onboarding}),
        )
        assert "Nobody is stuck (waiting longer than 2 months)." in out

    def test_per_flow_limit(self, tmp_path):
        """A flow missing from the stuck_after mapping uses 7 days; a flow may have one limit."""
        onboarding = json.loads(json.dumps(BUNDLED["onboarding"]))
        onboarding["stuck_after"] = {"complaint": "P30D"}
        out = report(
            "--scenario",
            write_scenario(tmp_path, {"now": BUNDLED["now"], "onboarding": onboarding}),
        )
        assert "Stuck customers (waiting longer than 7 days):" in out
        assert "Nobody is stuck (waiting longer than 4 weeks)." in out

    def test_per_step_nobody(self, tmp_path):
        """Per-step limits that nobody exceeds."""
        onboarding = json.loads(json.dumps(BUNDLED["onboarding"]))
        onboarding["stuck_after"] = {
            "investment": {"registered": "P90D"},
            "complaint": {"closed": "P1D"},
        }
        out = report(
            "--scenario",
            write_scenario(tmp_path, {"now": BUNDLED["now"], "onboarding": onboarding}),
        )
        assert 2 == out.count("Nobody is waiting longer than their step allows.")

    def test_unknown_flow(self, tmp_path, capsys):
        """A journey naming an unknown flow is refused with the choices."""
        onboarding = {"journeys": [{"flow": "mortgage", "started_at": BUNDLED["now"]}]}
        path = write_scenario(tmp_path, {"now": BUNDLED["now"], "onboarding": onboarding})
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert (
            f"{path}: onboarding.journeys[0].flow: unknown flow 'mortgage'; expected one of "
            "investment, downline_member, complaint"
        ) in capsys.readouterr().err

    def test_journey_after_now(self, tmp_path, capsys):
        """A journey with events after now is reported by the funnel."""
        onboarding = json.loads(json.dumps(BUNDLED["onboarding"]))
        path = write_scenario(tmp_path, {"now": "2026-11-04T00:00:00Z", "onboarding": onboarding})
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert f"{path}: onboarding.journeys[0]: has an event at" in capsys.readouterr().err


class TestHostileScenarios:
    """A scenario with a hostile value is refused with one error line, never reported on."""

    @pytest.mark.parametrize("zone", ["../../etc/passwd", "/etc/passwd", "Europe/../../etc"])
    def test_calendar_zone_path(self, tmp_path, capsys, zone):
        """A calendar zone that is a file path is an unknown time zone."""
        data = json.loads(json.dumps(BUNDLED))
        data["calendar"]["timezone"] = zone
        path = write_scenario(tmp_path, data)
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert (
            f"servicekit: error: {path}: calendar: timezone: unknown time zone {zone!r}; "
            "expected an IANA key like 'Europe/Berlin'\n"
        ) == capsys.readouterr().err

    def test_bad_calendar_hours(self, tmp_path, capsys):
        """Any bad value in the calendar is reported with its path."""
        data = json.loads(json.dumps(BUNDLED))
        data["calendar"]["hours"] = {"mon": ["09:00-25:00"]}
        path = write_scenario(tmp_path, data)
        assert 2 == cli.main(["report", "--scenario", path], out=io.StringIO())
        assert f"{path}: calendar.hours.mon[0]: " in capsys.readouterr().err

    @pytest.mark.parametrize(
        ("where", "value"),
        [
            (("now",), "0001-01-01T00:00:00+00:00"),
            (("office_hours", "week_of"), "9999-12-31"),
            (("availability", "reply_within"), "PT99999999999999999999H"),
            (("channels", "demand", "contacts"), 10**400),
            (("channels", "demand", "period"), "P10000000D"),
        ],
    )
    def test_extreme_values(self, tmp_path, capsys, where, value):
        """Values at datetime's or float's limits name their field (no traceback)."""
        data = json.loads(json.dumps(BUNDLED))
        target = data
        for key in where[:-1]:
            target = target[key]
        target[where[-1]] = value
        path = tmp_path / "desk.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        assert 2 == cli.main(["report", "--scenario", str(path)], out=io.StringIO())
        assert capsys.readouterr().err.startswith(f"servicekit: error: {path}: {'.'.join(where)}: ")

    def test_duplicate_key(self, tmp_path, capsys):
        """A key given twice names the key and line."""
        path = tmp_path / "desk.json"
        path.write_text('{"name": "a",\n"now": "2026-11-23T10:30:00+01:00",\n"name": "b"}')
        assert 2 == cli.main(["report", "--scenario", str(path)], out=io.StringIO())
        assert (
            f"servicekit: error: {path}:3: duplicate key 'name'; give each key once\n"
            == capsys.readouterr().err
        )
