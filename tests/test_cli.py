"""Tests for the servicekit command."""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import babel
import pytest

import servicekit
from servicekit import cli
from servicekit.exceptions import ConfigError

SRC = str(Path(servicekit.__file__).parent.parent)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m servicekit`` on this checkout in a subprocess."""
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-m", "servicekit", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


class TestEntryPoints:
    """The command runs as a module with --version and --help."""

    def test_version(self):
        """--version prints the package version."""
        result = run("--version")
        assert 0 == result.returncode
        assert f"servicekit {servicekit.__version__}\n" == result.stdout

    def test_help(self):
        """--help lists the commands."""
        result = run("--help")
        assert 0 == result.returncode
        assert "usage: servicekit" in result.stdout
        assert "info" in result.stdout

    def test_no_command_prints_help(self):
        """Without a command the help is shown."""
        out = io.StringIO()
        assert 0 == cli.main([], out=out)
        assert out.getvalue().startswith("usage: servicekit")

    def test_unknown_command(self):
        """An unknown command exits 2 with argparse's message."""
        result = run("nonsense")
        assert 2 == result.returncode
        assert "invalid choice: 'nonsense'" in result.stderr


class TestInfo:
    """servicekit info reports what results depend on."""

    def test_text(self, monkeypatch):
        """The text form lists versions and the zone database."""
        monkeypatch.delenv("SERVICEKIT_TZ_SOURCE", raising=False)
        out = io.StringIO()
        assert 0 == cli.main(["info"], out=out)
        lines = dict(
            line.split(None, 1) for line in out.getvalue().replace("zone ", "zone_").splitlines()
        )
        assert servicekit.__version__ == lines["servicekit"].strip()
        assert "tzdata" == lines["zone_source"].strip()
        assert "en, de, it, ru" == lines["languages"].strip()

    def test_json(self, monkeypatch):
        """The JSON form has the same facts as keys."""
        monkeypatch.setenv("SERVICEKIT_TZ_SOURCE", "system")
        out = io.StringIO()
        assert 0 == cli.main(["info", "--format", "json"], out=out)
        data = json.loads(out.getvalue())
        assert "system" == data["zone source"]
        assert {
            "servicekit",
            "python",
            "zone source",
            "zone database",
            "babel",
            "cldr",
            "holidays",
            "languages",
        } == set(data)
        assert babel.__version__ == data["babel"]

    def test_cldr_and_holidays(self, monkeypatch):
        """Babel's CLDR release is shown where Babel says it; a missing extra says so."""
        import babel.core  # noqa: PLC0415

        from servicekit import cli as module  # noqa: PLC0415

        monkeypatch.delattr(babel.core, "get_cldr_version", raising=False)
        monkeypatch.setattr(module, "_installed", lambda name: None)
        out = io.StringIO()
        assert 0 == cli.main(["info"], out=out)
        lines = dict(line.split(None, 1) for line in out.getvalue().splitlines())
        assert "not installed" == lines["holidays"].strip()
        assert "unknown" == lines["cldr"].strip()

    def test_locale(self, monkeypatch):
        """--locale says the labels in the reader's language; JSON keeps its keys."""
        from servicekit import cli as module  # noqa: PLC0415

        monkeypatch.setenv("SERVICEKIT_TZ_SOURCE", "system")
        monkeypatch.setattr(module, "_installed", lambda name: None)
        monkeypatch.setattr(module, "_cldr_version", lambda: "unknown")
        out = io.StringIO()
        assert 0 == cli.main(["info", "--locale", "de-AT"], out=out)
        lines = out.getvalue().splitlines()
        assert "Quelle der Zonendaten  Betriebssystem" in lines
        assert "Feiertagsdaten         nicht installiert" in lines
        assert "cldr                   unbekannt" in lines
        out = io.StringIO()
        assert 0 == cli.main(["info", "--format", "json", "--locale", "ru"], out=out)
        data = json.loads(out.getvalue())
        assert ("system", None, "unknown") == (data["zone source"], data["holidays"], data["cldr"])

    def test_missing_distribution(self):
        """A distribution that is not installed has no version."""
        from servicekit import cli as module  # noqa: PLC0415

        assert module._installed("servicekit-no-such-distribution") is None

    def test_holidays_version(self):
        """With the holidays extra installed, its version is reported."""
        import holidays  # noqa: PLC0415

        out = io.StringIO()
        assert 0 == cli.main(["info", "--format", "json"], out=out)
        assert holidays.__version__ == json.loads(out.getvalue())["holidays"]

    def test_bad_environment_is_a_clean_error(self, monkeypatch, capsys):
        """A servicekit error exits 2 with a one-line message and no traceback."""
        monkeypatch.setenv("SERVICEKIT_TZ_SOURCE", "web")
        assert 2 == cli.main(["info"], out=io.StringIO())
        assert (
            "servicekit: error: SERVICEKIT_TZ_SOURCE: unknown zone source 'web'; "
            "expected 'tzdata' or 'system'\n"
        ) == capsys.readouterr().err

    def test_debug_shows_traceback(self, monkeypatch):
        """--debug lets the error propagate."""
        monkeypatch.setenv("SERVICEKIT_TZ_SOURCE", "web")
        with pytest.raises(ConfigError):
            cli.main(["--debug", "info"], out=io.StringIO())

    def test_subprocess(self):
        """The installed module form prints to stdout."""
        result = run("info")
        assert 0 == result.returncode
        assert result.stdout.startswith("servicekit")


class TestErrors:
    """Errors exit 2 with one line; --debug works before and after the command."""

    def test_debug_after_command(self, monkeypatch):
        """--debug given after the subcommand also shows the traceback."""
        monkeypatch.setenv("SERVICEKIT_TZ_SOURCE", "web")
        with pytest.raises(ConfigError):
            cli.main(["info", "--debug"], out=io.StringIO())

    def test_multiline_message_is_one_line(self, monkeypatch, capsys):
        """A message with line breaks is printed on one line."""

        def fail(args, out):
            raise ConfigError("first\nsecond", "x")

        parser = cli.build_parser()
        monkeypatch.setattr(cli, "build_parser", lambda: parser)
        parser.set_defaults(handler=fail)
        assert 2 == cli.main([], out=io.StringIO())
        assert "servicekit: error: x: first; second\n" == capsys.readouterr().err


def _subcommands():
    """Every command and subcommand of the parser, as argument lists."""
    parser = cli.build_parser()
    found = []

    def walk(p, prefix):
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found.append([*prefix, name])
                    walk(sub, [*prefix, name])

    walk(parser, [])
    return found


class TestHelp:
    """Every command and subcommand has --help."""

    def test_every_pillar_is_there(self):
        """The command tree holds every pillar's subcommands."""
        assert {
            ("info",),
            ("report",),
            ("hours", "add"),
            ("hours", "elapsed"),
            ("hours", "open"),
            ("sla", "evaluate"),
            ("channels", "staff"),
            ("channels", "compare"),
            ("channels", "mix"),
            ("office-hours", "plan"),
            ("office-hours", "render"),
            ("office-hours", "ical"),
            ("onboarding", "diagram"),
            ("onboarding", "funnel"),
            ("onboarding", "check-claim"),
            ("replies", "review"),
            ("replies", "triage"),
        } <= {tuple(c) for c in _subcommands()}

    @pytest.mark.parametrize("command", _subcommands(), ids=" ".join)
    def test_help(self, command, capsys):
        """--help prints the usage and a description, and exits 0."""
        with pytest.raises(SystemExit) as stop:
            cli.main([*command, "--help"], out=io.StringIO())
        assert 0 == stop.value.code
        out = capsys.readouterr().out
        assert out.startswith(f"usage: servicekit {' '.join(command)}")
        assert len(out.splitlines()) > 3

    @pytest.mark.parametrize(
        "group", ["hours", "sla", "channels", "office-hours", "onboarding", "replies"]
    )
    def test_group_alone_prints_its_help(self, group):
        """A group without a subcommand prints its help."""
        out = io.StringIO()
        assert 0 == cli.main([group], out=out)
        assert out.getvalue().startswith(f"usage: servicekit {group}")


class _ClosedPipe(io.StringIO):
    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")


class TestBrokenPipe:
    """A reader that goes away (`servicekit report | head`) ends the command quietly."""

    def test_given_stream(self, capsys):
        """Writing to a closed pipe exits 141 without a traceback."""
        assert 141 == cli.main(["info"], out=_ClosedPipe())
        assert "" == capsys.readouterr().err

    def test_standard_output(self, monkeypatch):
        """On standard output, the rest of the output goes to the null device."""
        calls = []
        monkeypatch.setattr(sys, "stdout", _ClosedPipe())
        monkeypatch.setattr(sys.stdout, "fileno", lambda: 1, raising=False)
        monkeypatch.setattr(os, "dup2", lambda fd, target: calls.append(target))
        assert 141 == cli.main(["info"])
        assert [1] == calls

    def test_subprocess(self):
        """`python -m servicekit report | head -1` prints one line and no traceback."""
        env = {**os.environ, "PYTHONPATH": SRC}
        result = subprocess.run(  # noqa: S602 - a fixed shell pipeline
            f"'{sys.executable}' -m servicekit report | head -1",
            shell=True,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=60,
        )
        assert "Auenwald Invest — client services\n" == result.stdout
        assert "Traceback" not in result.stderr


def test_main_module_in_process(monkeypatch, capsys):
    """`python -m servicekit` runs main() and exits with its status."""
    monkeypatch.setattr(sys, "argv", ["servicekit", "info", "--format", "json"])
    with pytest.raises(SystemExit) as stop:
        runpy.run_module("servicekit", run_name="__main__")
    assert 0 == stop.value.code
    assert '"languages": "en, de, it, ru"' in capsys.readouterr().out


def test_main_module_import_does_nothing(capsys):
    """Importing servicekit.__main__ (e.g. by a doc tool) runs nothing."""
    module = importlib.import_module("servicekit.__main__")
    assert callable(module.main)
    assert "" == capsys.readouterr().out


CAL = '{"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}'
HUGE = "PT99999999999999999999H"
NOW = "2026-03-06T12:00:00+01:00"


class TestHostileFlags:
    """Huge durations and instants at the ends of time in flags: one error line, status 2."""

    @pytest.mark.parametrize(
        ("argv", "flag"),
        [
            (["hours", "add", "--calendar-json", CAL, NOW, HUGE], "duration"),
            (["hours", "add", "--calendar-json", CAL, NOW, "P99999999999999999999D"], "duration"),
            (["hours", "open", "--calendar-json", CAL, "0001-01-01T00:00:00+00:00"], "at"),
            (["hours", "open", "--calendar-json", CAL, "9999-12-31T23:59:59+00:00"], "at"),
            (["hours", "elapsed", "--calendar-json", CAL, NOW, "9999-12-31T23:59:59Z"], "end"),
            (["channels", "staff", "--arrivals", "50", "--handle-time", HUGE], "--handle-time"),
            (["channels", "staff", "--arrivals", "50", "--handle-time", "PT3M",
              "--patience", HUGE], "--patience"),
            (["office-hours", "ical", "--host", "Europe/Berlin", "--weekday", "mon", "--start",
              "10:00", "--first", "2026-11-30", "--duration", HUGE], "options: --duration"),
            (["office-hours", "ical", "--host", "Europe/Berlin", "--weekday", "mon", "--start",
              "10:00", "--first", "0001-01-01"], "options: --first"),
        ],
    )  # fmt: skip
    def test_clean_error(self, capsys, argv, flag):
        """The error names the flag or argument."""
        assert 2 == cli.main(argv, out=io.StringIO())
        err = capsys.readouterr().err
        assert err.startswith(f"servicekit: error: {flag}: ")
        assert 1 == len(err.splitlines())

    def test_triage_within(self, tmp_path, capsys):
        """A too long --within of replies triage is refused."""
        message = tmp_path / "m.txt"
        message.write_text("Hello", encoding="utf-8")
        assert 2 == cli.main(["replies", "triage", str(message), "--within", HUGE])
        assert capsys.readouterr().err.startswith("servicekit: error: --within: ")

    def test_inline_calendar_checked(self, capsys):
        """--calendar-json gets the same checks as a file (a duplicate key here)."""
        inline = '{"timezone": "UTC", "timezone": "Europe/Berlin", "hours": {}}'
        assert 2 == cli.main(["hours", "open", "--calendar-json", inline, NOW])
        assert (
            "servicekit: error: --calendar-json:1: duplicate key 'timezone'; give each key once\n"
            == capsys.readouterr().err
        )

    def test_bad_input_limit_variable(self, monkeypatch, capsys, tmp_path):
        """A bad SERVICEKIT_MAX_INPUT is one error line naming the variable."""
        monkeypatch.setenv("SERVICEKIT_MAX_INPUT", "lots")
        path = tmp_path / "c.json"
        path.write_text(CAL, encoding="utf-8")
        assert 2 == cli.main(["hours", "open", "--calendar", str(path), NOW])
        assert capsys.readouterr().err.startswith("servicekit: error: SERVICEKIT_MAX_INPUT: ")

    @pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /dev/zero")
    def test_dev_zero_subprocess(self):
        """/dev/zero as an input ends in one error line, not a MemoryError (real process)."""
        env_limit = {"SERVICEKIT_MAX_INPUT": "1M"}
        result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
            [sys.executable, "-m", "servicekit", "hours", "open", "--calendar", "/dev/zero", NOW],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": SRC, **env_limit},
            check=False,
            timeout=60,
        )
        assert 2 == result.returncode
        assert result.stderr.startswith("servicekit: error: /dev/zero: larger than the input")
