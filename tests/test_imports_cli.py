"""Tests for ``servicekit sla import``: vendor exports to JSON lines (issue 18, item 5)."""

from __future__ import annotations

import io
import json
import sys

import pytest
from tests.conftest import DATA

from servicekit import cli
from servicekit.cli import _sla
from servicekit.sla import import_export

VENDORS = DATA / "vendors"


def run(*argv: str) -> tuple[int, str]:
    """Run the command in-process."""
    out = io.StringIO()
    return cli.main(list(argv), out=out), out.getvalue()


class TestImport:
    """``servicekit sla import --from VENDOR FILE``."""

    @pytest.mark.parametrize(
        ("vendor", "name", "extra"),
        [
            ("zendesk", "zendesk_audits.json", ()),
            ("zendesk", "zendesk_ticket_events.json", ("--role", "35436=customer")),
            ("freshdesk", "freshdesk_ticket.json", ()),
            (
                "freshdesk",
                "freshdesk_activities.json",
                ("--status", "Waiting on Third Party=on_hold"),
            ),
            ("jira", "jira_issue.json", ()),
        ],
    )
    def test_jsonl_reads_back_equal(self, vendor, name, extra, tmp_path):
        """The JSON lines are what 'sla evaluate' reads, and read back as the same events."""
        code, text = run("sla", "import", "--from", vendor, str(VENDORS / name), *extra)
        assert 0 == code
        path = tmp_path / "events.jsonl"
        path.write_text(text, encoding="utf-8")
        back = _sla.read_events(str(path), "auto")
        data = json.loads((VENDORS / name).read_text(encoding="utf-8"))
        options = (
            {"statuses": {"Waiting on Third Party": "on_hold"}}
            if extra[:1] == ("--status",)
            else {}
        )
        expected = import_export(vendor, data, **options)
        assert {t: list(events) for t, events in expected.tickets} == back

    def test_import_then_evaluate(self, tmp_path):
        """The output feeds 'sla evaluate' directly."""
        code, text = run("sla", "import", "--from", "zendesk", str(VENDORS / "zendesk_audits.json"))
        events = tmp_path / "events.jsonl"
        events.write_text(text, encoding="utf-8")
        policy = tmp_path / "policy.json"
        policy.write_text(
            json.dumps(
                {"name": "p", "targets": {"high": [{"metric": "first_reply", "within": "PT1H"}]}}
            ),
            encoding="utf-8",
        )
        code, table = run(
            "sla", "evaluate", "--policy", str(policy), str(events), "--now", "2026-03-03T00:00:00Z"
        )
        assert 0 == code
        assert ["47", "48"] == [line.split(",")[0] for line in table.splitlines()[1:]]

    def test_problems_exit_2(self, capsys):
        """Unmapped records go to standard error with their path; the exit status is 2."""
        code, text = run(
            "sla", "import", "--from", "freshdesk", str(VENDORS / "freshdesk_activities.json")
        )
        assert 2 == code
        assert 10 == len(text.splitlines())
        err = capsys.readouterr().err
        assert "activities_data[3].activity.status: ticket 20: unknown_status" in err
        assert "read and not mapped, as documented: activity:added_tags (1)" not in err

    def test_problem_without_ticket_or_path(self, capsys):
        """A problem about the whole ticket names the file and the ticket."""
        code, _ = run(
            "sla",
            "import",
            "--from",
            "jira",
            str(VENDORS / "jira_changelog.json"),
            "--issue",
            "SD-1",
        )
        assert 2 == code
        err = capsys.readouterr().err
        assert "jira_changelog.json: ticket SD-1: no_created_event" in err

    def test_skipped_note_and_stdin(self, monkeypatch, capsys):
        """'-' reads standard input; deliberately unmapped records are counted in a note."""
        text = (VENDORS / "zendesk_audits.json").read_text(encoding="utf-8")
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        code, out = run("sla", "import", "--from", "zendesk", "-", "--default-priority", "low")
        assert 0 == code
        assert out.startswith('{"ticket": "47"')
        assert "type:Notification (1)" in capsys.readouterr().err

    def test_wrong_vendor(self, capsys):
        """Another vendor's export is an error naming the file (status 2)."""
        code, _ = run("sla", "import", "--from", "jira", str(VENDORS / "zendesk_audits.json"))
        assert 2 == code
        err = capsys.readouterr().err
        assert "zendesk_audits.json: not a Jira export" in err
        assert "use --from zendesk" in err

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("--from", "zendesk", "--issue", "X"), "--issue: only a Jira changelog page"),
            (("--from", "zendesk", "--status", "open"), "--status: expected NAME=VALUE"),
            (("--from", "zendesk", "--role", "=agent"), "--role: expected NAME=VALUE"),
            (("--from", "zendesk", "--role", "1=boss"), "unknown role 'boss'"),
        ],
    )
    def test_bad_flags(self, args, message, capsys):
        """Bad flags are errors naming the flag."""
        code, _ = run("sla", "import", *args, str(VENDORS / "zendesk_audits.json"))
        assert 2 == code
        assert message in capsys.readouterr().err
