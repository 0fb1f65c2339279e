"""Tests for ``servicekit sla evaluate --policy`` with a policy set."""

from __future__ import annotations

import csv
import io
import json

import pytest

from servicekit import cli

DESK = {
    "name": "desk",
    "policies": [
        {
            "when": {"has_tag": "vip"},
            "name": "vip",
            "targets": {"normal": [{"metric": "first_reply", "within": "PT1H"}]},
        },
        {
            "when": {"field": "requester_zone", "equals": "Europe/Berlin"},
            "name": "emea",
            "calendars": {
                "berlin": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
            },
            "targets": {
                "normal": [{"metric": "first_reply", "within": "PT4H", "calendar": "berlin"}]
            },
        },
    ],
    "fallback": {
        "name": "standard",
        "targets": {"normal": [{"metric": "first_reply", "within": "PT8H"}]},
    },
}
EVENTS = [
    {"ticket": "T-1", "at": "2026-03-09T08:00:00+01:00", "kind": "created", "priority": "normal",
     "fields": {"requester_zone": "Europe/Berlin"}},
    {"ticket": "T-2", "at": "2026-03-09T08:00:00+01:00", "kind": "created", "priority": "normal"},
    {"ticket": "T-2", "at": "2026-03-09T08:30:00+01:00", "kind": "tags", "added": ["vip"],
     "removed": []},
    {"ticket": "T-3", "at": "2026-03-09T08:00:00+01:00", "kind": "created", "priority": "normal"},
    {"ticket": "T-3", "at": "2026-03-09T08:10:00+01:00", "kind": "field", "field": "group",
     "value": "billing"},
]  # fmt: skip
NOW = "2026-03-09T10:00:00+01:00"


@pytest.fixture
def files(tmp_path):
    """The set and the events as JSON lines."""
    policy = tmp_path / "desk.json"
    policy.write_text(json.dumps(DESK), encoding="utf-8")
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in EVENTS), encoding="utf-8")
    return {"policy": str(policy), "events": str(events), "dir": tmp_path}


def run(*argv: str) -> tuple[int, str]:
    """Run the command in-process."""
    out = io.StringIO()
    return cli.main(list(argv), out=out), out.getvalue()


def test_rows_name_the_policy(files):
    """Each cycle row names the policy whose target measures it."""
    status, out = run("sla", "evaluate", "--policy", files["policy"], files["events"], "--now", NOW)
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["ticket"], r["policy"], r["status"], r["deadline"]) for r in rows] == [
        ("T-1", "emea", "on_track", "2026-03-09T12:00:00+00:00"),
        ("T-2", "vip", "breached", "2026-03-09T08:00:00+00:00"),
        ("T-3", "standard", "on_track", "2026-03-09T15:00:00+00:00"),
    ]


def test_governing_rows(files):
    """``--governing`` prints which policy governed each ticket from when to when, and why."""
    status, out = run(
        "sla",
        "evaluate",
        "--governing",
        "--format",
        "json",
        "--policy",
        files["policy"],
        files["events"],
        "--now",
        NOW,
    )
    assert status == 0
    rows = json.loads(out)
    assert [(r["ticket"], r["policy"], r["start"], r["end"], r["reason"]) for r in rows] == [
        ("T-1", "emea", "2026-03-09T07:00:00+00:00", None, "requester_zone = 'Europe/Berlin'"),
        ("T-2", "standard", "2026-03-09T07:00:00+00:00", "2026-03-09T07:30:00+00:00", "fallback"),
        ("T-2", "vip", "2026-03-09T07:30:00+00:00", None, "has tag 'vip'"),
        ("T-3", "standard", "2026-03-09T07:00:00+00:00", None, "fallback"),
    ]
    assert rows[0]["condition"] == {"field": "requester_zone", "equals": "Europe/Berlin"}
    assert rows[1]["fallback"] is True
    status, out = run(
        "sla", "evaluate", "--governing", "--policy", files["policy"], files["events"], "--now", NOW
    )
    header = out.splitlines()[0]
    assert header == "ticket,policy,start,end,reason,condition,fallback"


def test_no_policy_warns(files, capsys):
    """A ticket no policy matches (no fallback) is reported on standard error."""
    bare = {k: v for k, v in DESK.items() if k != "fallback"}
    path = files["dir"] / "bare.json"
    path.write_text(json.dumps(bare), encoding="utf-8")
    status, out = run("sla", "evaluate", "--policy", str(path), files["events"], "--now", NOW)
    assert status == 0
    assert {r["ticket"] for r in csv.DictReader(io.StringIO(out))} == {"T-1", "T-2"}
    err = capsys.readouterr().err
    assert "servicekit: warning: ticket T-3: no policy of the set 'desk' matches" in err


def test_scenario_holds_a_set(files):
    """A scenario's sla.policy may be a policy set."""
    path = files["dir"] / "scenario.json"
    path.write_text(json.dumps({"sla": {"policy": DESK}}), encoding="utf-8")
    status, out = run("sla", "evaluate", "--policy", str(path), files["events"], "--now", NOW)
    assert status == 0
    assert "emea" in out


def test_every_problem_of_the_set(files, capsys):
    """A bad set lists every problem with its path, in one error."""
    bad = json.loads(json.dumps(DESK))
    bad["policies"][0]["when"] = {"field": "colour", "equals": "red"}
    bad["fallback"]["targets"]["normal"][0]["within"] = "soon"
    path = files["dir"] / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    status, _ = run("sla", "evaluate", "--policy", str(path), files["events"], "--now", NOW)
    assert status == 2
    err = capsys.readouterr().err
    assert "policies[0].when.field: unknown field 'colour'" in err
    assert "fallback.targets.normal[0].within" in err
