"""Tests for ``servicekit replies review|triage``."""

from __future__ import annotations

import io
import json

import pytest

from servicekit import cli

REPLY = (
    "Hello Mr Smith,\n\nAS I ALREADY SAID, you should have read the instructions!!! "
    "Obviously the API endpoint needs a token.\n"
)
ANGRY = "WHERE IS MY PARCEL??? This is a disgrace, I will post a review everywhere!\n"
CALM = "Hello, could you tell me when my parcel will arrive? Thank you, Anna\n"
OFFICE = '{"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}'


def run(*argv: str) -> tuple[int, str]:
    """Run the command in-process."""
    out = io.StringIO()
    return cli.main(list(argv), out=out), out.getvalue()


@pytest.fixture
def files(tmp_path):
    """The texts and a calendar as files."""
    paths = {}
    for name, text in (
        ("reply.txt", REPLY),
        ("angry.txt", ANGRY),
        ("calm.txt", CALM),
        ("office.json", OFFICE),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths[name] = str(tmp_path / name)
    return paths


class TestReview:
    """Findings with file:line:column, the rule and a suggestion."""

    def test_text(self, files):
        """Blame, shouting and jargon are found where they are."""
        status, out = run("replies", "review", files["reply.txt"], "--jargon", "API endpoint")
        assert 0 == status
        lines = out.splitlines()
        assert f"{files['reply.txt']}:3:1: blame (high): “AS I ALREADY SAID” — " in out
        assert any(":3:75: jargon (low): “API endpoint”" in line for line in lines)
        assert all(len(line.split("”")[0]) < 200 for line in lines)  # long spans are shortened

    def test_json_and_exit_status(self, files):
        """JSON rows carry line and column; --exit-status exits 1 on findings."""
        status, out = run(
            "replies", "review", files["reply.txt"], "--format", "json", "--exit-status"
        )
        assert 1 == status
        rows = json.loads(out)
        assert {"rule", "line", "column"} <= set(rows[0])

    def test_clean_reply_from_stdin(self, monkeypatch):
        """A polite reply from standard input has no findings."""
        text = (
            "Hello Anna,\n\nthank you for your message. Your parcel left our warehouse today; "
            "I will send you the tracking number by tomorrow noon.\n\nKind regards,\nKatrin\n"
        )
        monkeypatch.setattr("sys.stdin", io.StringIO(text))
        assert (0, "") == run("replies", "review", "-", "--exit-status")

    def test_question_and_calendar(self, files):
        """A question file and a calendar with --now are passed on."""
        status, _ = run(
            "replies",
            "review",
            files["reply.txt"],
            "--question",
            files["calm.txt"],
            "--calendar",
            files["office.json"],
            "--now",
            "2026-11-20T16:30:00+01:00",
            "--locale",
            "de",
        )
        assert 0 == status


class TestTriage:
    """The tone of a message and how to handle it."""

    def test_angry_with_window(self, files):
        """An angry message gets a cool-down inside the reply promise."""
        status, out = run(
            "replies", "triage", files["angry.txt"], "--received-at", "2026-11-20T09:00:00+01:00"
        )
        assert 0 == status
        assert out.startswith("tone: angry (score ")
        assert "handling: cool-down 30 minutes\n" in out
        assert "reply between 11/20/26, 9:30\u202fAM and 11/21/26, 9:00\u202fAM\n" in out

    def test_calm_json_with_calendar(self, files):
        """A calm message is answered normally; JSON has the window in business time."""
        status, out = run(
            "replies",
            "triage",
            files["calm.txt"],
            "--format",
            "json",
            "--received-at",
            "2026-11-20T16:30:00+01:00",
            "--within",
            "PT4H",
            "--calendar",
            files["office.json"],
        )
        assert 0 == status
        data = json.loads(out)
        assert ("calm", "reply", "PT0S", False) == (
            data["tone"],
            data["handling"],
            data["cooldown"],
            data["escalate"],
        )
        assert "2026-11-23T12:30:00+01:00" == data["latest"]

    def test_without_window(self, files):
        """Without --received-at there is no window line."""
        status, out = run("replies", "triage", files["calm.txt"])
        assert 0 == status
        assert "reply between" not in out
        assert out.startswith("tone: calm")

    def test_escalation(self, tmp_path):
        """An abusive message is flagged for a lead."""
        path = tmp_path / "abuse.txt"
        path.write_text("You idiots are useless morons, I will sue you!!!\n", encoding="utf-8")
        status, out = run("replies", "triage", str(path))
        assert 0 == status
        assert ", escalate to a lead\n" in out


def test_review_quotes_in_the_output_language(tmp_path):
    """The excerpt is quoted as the language quotes: „…“ in German, «…» in Russian."""
    reply = tmp_path / "reply.txt"
    reply.write_text("Sehr geehrte Frau Berg,\n\nDAS IST FALSCH.\n\nMfG\n", encoding="utf-8")
    for locale, high in (
        ("de-AT", "(hoch): „"),
        ("ru", "(важность: высокая): «"),
        ("de_CH", "(hoch): «"),
    ):
        out = io.StringIO()
        cli.main(["replies", "review", str(reply), "--locale", locale], out=out)
        assert high in out.getvalue(), locale


class TestLanguage:
    """--language names the text's language; without it, it is detected (issue 16)."""

    LAWYER = (
        "Sehr geehrte Damen und Herren, ich habe meinen Anwalt beauftragt und erwarte "
        "binnen sieben Tagen eine Stellungnahme.\n"
    )

    def test_triage_detects_german_under_an_italian_locale(self, tmp_path):
        """The German legal threat is angry with --locale it; JSON says the language."""
        path = tmp_path / "lawyer.txt"
        path.write_text(self.LAWYER, encoding="utf-8")
        code, out = run("replies", "triage", str(path), "--locale", "it", "--format", "json")
        data = json.loads(out)
        assert (code, data["language"], data["tone"], data["escalate"]) == (0, "de", "angry", True)
        code, out = run(
            "replies", "triage", str(path), "--locale", "it", "--language", "it", "--format", "json"
        )
        assert json.loads(out)["tone"] == "calm"

    def test_review_with_language(self, tmp_path):
        """--language picks the rules; the findings are in --locale's language."""
        path = tmp_path / "reply.txt"
        path.write_text("Hallo Tom,\nwie gesagt: nein.\nMfG\nAnna\n", encoding="utf-8")
        code, out = run(
            "replies", "review", str(path), "--locale", "en", "--language", "de", "--format", "json"
        )
        rows = json.loads(out)
        assert code == 0
        assert {"blame"} <= {r["rule"] for r in rows}
        assert {r["language"] for r in rows} == {"de"}

    def test_unknown_language(self, tmp_path, capsys):
        """An unsupported --language is a usage error."""
        path = tmp_path / "reply.txt"
        path.write_text("Hallo", encoding="utf-8")
        with pytest.raises(SystemExit):
            run("replies", "review", str(path), "--language", "xx")
        assert "unsupported locale" in capsys.readouterr().err
