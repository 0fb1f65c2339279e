"""Tests for servicekit.sla.reconcile: servicekit's numbers against Zendesk's (issue 18, item 6)."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from tests.conftest import DATA

from servicekit import cli
from servicekit.exceptions import ConfigError, NaiveDatetimeError
from servicekit.sla import (
    DISAGREEMENTS,
    REASONS,
    Policy,
    Reconciliation,
    TicketEvent,
    VendorMeasure,
    import_zendesk,
    read_zendesk_metrics,
    reconcile,
)

VENDORS = DATA / "vendors"
UTC = timezone.utc
NOW = datetime(2026, 3, 9, tzinfo=UTC)


def load(name: str) -> Any:
    """A fixture export, parsed."""
    return json.loads((VENDORS / name).read_text(encoding="utf-8"))


def at(hour: int, minute: int = 0, day: int = 2) -> datetime:
    """March 2026 (the 2nd is a Monday) at hour:minute UTC."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def iso(moment: datetime) -> str:
    """An instant as Zendesk writes it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def metric(
    kind: str, when: datetime, name: str = "reply_time", ticket: int = 1, **extra: Any
) -> dict[str, Any]:
    """One ticket metric event."""
    return {
        "ticket_id": ticket,
        "metric": name,
        "instance_id": 1,
        "type": kind,
        "time": iso(when),
        **extra,
    }


def applied(
    when: datetime, minutes: int, name: str = "reply_time", *, business: bool = False
) -> dict[str, Any]:
    """An apply_sla event with a target in minutes."""
    return metric(
        "apply_sla", when, name, sla={"target_in_seconds": minutes * 60, "business_hours": business}
    )


POLICY = Policy.from_dict(
    {
        "name": "std",
        "targets": {
            "normal": [
                {"metric": "first_reply", "within": "PT8H"},
                {"metric": "requester_wait", "within": "PT4H"},
            ],
            "high": [
                {"metric": "first_reply", "within": "PT1H"},
                {"metric": "requester_wait", "within": "PT4H"},
            ],
        },
    }
)
OFFICE = Policy.from_dict(
    {
        "name": "office",
        "calendars": {"office": {"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}}},
        "targets": {"high": [{"metric": "first_reply", "within": "PT1H", "calendar": "office"}]},
    }
)


def created(when: datetime, priority: str = "high") -> TicketEvent:
    """A created event."""
    return TicketEvent(when, "created", priority=priority)


def reasons(result: Reconciliation) -> list[tuple[str, str, str]]:
    """(ticket, what, reason) per disagreement."""
    return [(d.ticket, d.what, d.reason) for d in result.disagreements]


class TestFixture:
    """The Zendesk fixture has one known disagreement, and reconcile names it."""

    def test_known_disagreement_is_named(self):
        """The breach Zendesk records at the priority change is explained by that change."""
        events = import_zendesk(load("zendesk_audits.json"))
        vendor = read_zendesk_metrics(load("zendesk_metric_events.json"))
        result = reconcile(POLICY, events, vendor, NOW)
        assert [("47", "breach_at", "priority_change_after_breach")] == reasons(result)
        only = result.disagreements[0]
        assert ("2026-03-02T10:00:00+00:00", "2026-03-02T11:00:00+00:00") == (
            only.ours,
            only.theirs,
        )
        assert at(11) == only.at
        assert (5, 4) == (result.compared, result.agreed)
        assert () == result.unexplained
        assert result.to_dict() == json.loads(json.dumps(result.to_dict()))

    def test_metrics_are_read(self):
        """Every metric instance and the reply minutes are read from the export."""
        vendor = read_zendesk_metrics(load("zendesk_metric_events.json"))
        reply = next(m for m in vendor.measures if (m.ticket, m.metric) == ("47", "reply_time"))
        assert (
            VendorMeasure(
                "47",
                "reply_time",
                1,
                applied=((at(9), timedelta(hours=8), False), (at(11), timedelta(hours=1), False)),
                breach=at(11),
                fulfill=at(11, 30),
                calendar_minutes=150,
                business_minutes=150,
            )
            == reply
        )
        assert (("47", (150, 150)), ("48", (20, 20))) == vendor.reply_minutes
        assert () == vendor.problems


class TestReasons:
    """Each known difference between the clocks is recognised."""

    def test_different_target_and_calendar(self):
        """A target Zendesk applied that the policy does not have, in business hours."""
        events = {"1": [created(at(9)), TicketEvent(at(9, 30), "agent_reply")]}
        vendor = read_zendesk_metrics(
            {
                "ticket_metric_events": [
                    applied(at(9), 120, business=True),
                    metric("fulfill", at(9, 30)),
                ]
            }
        )
        result = reconcile(POLICY, events, vendor, NOW)
        assert [
            ("1", "target", "different_target"),
            ("1", "calendar", "calendar_vs_business"),
        ] == reasons(result)
        assert ("60", "120") == (result.disagreements[0].ours, result.disagreements[0].theirs)

    def test_sla_applied_later(self):
        """Zendesk counting from when the SLA was applied explains a later breach."""
        events = {"1": [created(at(9)), TicketEvent(at(11), "agent_reply")]}
        vendor = read_zendesk_metrics(
            {
                "ticket_metric_events": [
                    applied(at(9, 30), 60),
                    metric("breach", at(10, 30)),
                    metric("fulfill", at(11)),
                ]
            }
        )
        result = reconcile(POLICY, events, vendor, NOW)
        assert [("1", "breach_at", "sla_applied_later")] == reasons(result)

    def test_breach_at_next_opening(self):
        """A business-hours target running out at closing time breaches at the next opening."""
        events = {"1": [created(at(16, day=6)), TicketEvent(at(10, day=9), "agent_reply")]}
        vendor = read_zendesk_metrics(
            {
                "ticket_metric_events": [
                    applied(at(16, day=6), 60, business=True),
                    metric("breach", at(9, day=9)),
                    metric("fulfill", at(10, day=9)),
                    metric(
                        "update_status", at(10, day=9), status={"calendar": 3960, "business": 120}
                    ),
                ]
            }
        )
        result = reconcile(OFFICE, events, vendor, NOW + timedelta(days=1))
        assert [("1", "breach_at", "breach_at_next_opening")] == reasons(result)

    def test_breach_in_open_hours_is_unexplained(self):
        """On a calendar, a breach half an hour after the deadline has no known reason."""
        events = {"1": [created(at(9)), TicketEvent(at(11), "agent_reply")]}
        vendor = read_zendesk_metrics(
            {
                "ticket_metric_events": [
                    applied(at(9), 60, business=True),
                    metric("breach", at(10, 30)),
                    metric("fulfill", at(11)),
                    metric("update_status", at(11), status={"calendar": 120, "business": 90}),
                ]
            }
        )
        result = reconcile(OFFICE, events, vendor, NOW)
        assert [
            ("1", "breach_at", "unexplained"),
            ("1", "business_minutes", "unexplained"),
        ] == reasons(result)

    def test_status_explains_minutes(self):
        """A gap equal to the time spent pending is put down to that status."""
        events = import_zendesk(load("zendesk_audits.json"))
        vendor = read_zendesk_metrics(
            {
                "ticket_metric_events": [
                    metric(
                        "update_status",
                        at(13),
                        "requester_wait_time",
                        47,
                        status={"calendar": 240, "business": 240},
                    )
                ]
            }
        )
        result = reconcile(POLICY, events, vendor, NOW)
        assert [
            ("47", "calendar_minutes", "status"),
            ("47", "business_minutes", "status"),
        ] == reasons(result)
        assert "'pending'" in result.disagreements[0].explanation
        assert at(11, 30) == result.disagreements[0].at

    def test_solve_before_the_first_reply(self):
        """Zendesk's reply time runs past a solve; servicekit's first reply stops at it."""
        events = {
            "1": [
                created(at(8, 30)),
                TicketEvent(at(10), "status", status="solved"),
                TicketEvent(at(11), "agent_reply"),
            ]
        }
        vendor = read_zendesk_metrics(
            {
                "ticket_metric_events": [applied(at(9), 180), metric("fulfill", at(11))],
                "ticket_metrics": [
                    {"ticket_id": 1, "reply_time_in_minutes": {"calendar": 120, "business": 120}}
                ],
            }
        )
        result = reconcile(POLICY, events, vendor, NOW)
        assert [
            ("1", "target", "different_target"),
            ("1", "outcome", "different_target"),
            ("1", "stop", "solve_ends_first_reply"),
            ("1", "reply_time_in_minutes", "solve_ends_first_reply"),
        ] == reasons(result)
        plain = reconcile(
            POLICY,
            events,
            read_zendesk_metrics(
                {
                    "ticket_metric_events": [
                        applied(at(8, 30), 60),
                        metric("breach", at(9, 30)),
                        metric("fulfill", at(11)),
                    ]
                }
            ),
            NOW,
        )
        assert [("1", "stop", "solve_ends_first_reply")] == reasons(plain)

    def test_unexplained(self):
        """A difference nothing explains says so: look for a misconfiguration."""
        events = {"1": [created(at(9)), TicketEvent(at(9, 30), "agent_reply")]}
        vendor = read_zendesk_metrics(
            {
                "ticket_metric_events": [applied(at(9), 60), metric("breach", at(10))],
                "ticket_metrics": [
                    {"ticket_id": 1, "reply_time_in_minutes": {"calendar": 45, "business": 45}}
                ],
            }
        )
        result = reconcile(POLICY, events, vendor, NOW)
        assert [
            ("1", "outcome", "unexplained"),
            ("1", "stop", "unexplained"),
            ("1", "reply_time_in_minutes", "unexplained"),
        ] == reasons(result)
        assert result.unexplained == result.disagreements
        assert ("met", "breached") == (result.disagreements[0].ours, result.disagreements[0].theirs)

    def test_business_minutes_on_a_calendar(self):
        """With a calendar target, business minutes are compared with the elapsed time."""
        events = {"1": [created(at(16, day=6)), TicketEvent(at(9, 30, day=9), "agent_reply")]}
        vendor = read_zendesk_metrics(
            {
                "ticket_metrics": [
                    {"ticket_id": 1, "reply_time_in_minutes": {"calendar": 3930, "business": 60}}
                ]
            }
        )
        result = reconcile(OFFICE, events, vendor, NOW + timedelta(days=1))
        assert [("1", "reply_time_in_minutes", "unexplained")] == reasons(result)
        assert ("business 90", "business 60") == (
            result.disagreements[0].ours,
            result.disagreements[0].theirs,
        )


class TestCoverage:
    """Measures servicekit has no counterpart or no cycle for."""

    def test_missing_targets_and_metrics(self):
        """No target, no matching cycle, no counterpart metric, nothing measured."""
        events = {
            "1": [created(at(9)), TicketEvent(at(9, 30), "agent_reply")],
            "2": [created(at(9))],
            "3": [TicketEvent(at(9), "agent_reply")],
        }
        vendor = read_zendesk_metrics(
            {
                "ticket_metric_events": [
                    applied(at(9), 60, "agent_work_time"),
                    metric("activate", at(9), "agent_work_time", 2),
                    applied(at(9), 60, "pausable_update_time"),
                    metric("activate", at(9), "pausable_update_time", 2),
                    {**metric("fulfill", at(10)), "instance_id": 2},
                    metric("activate", at(9), ticket=9),
                    metric("activate", at(9), ticket=3),
                    applied(at(9), 60, "requester_wait_time") | {"ticket_id": 2},
                ],
                "ticket_metrics": [
                    {"ticket_id": 2, "reply_time_in_minutes": {"calendar": 30, "business": 30}},
                    {"ticket_id": 2, "reply_time_in_minutes": None},
                    {"ticket_id": 9},
                ],
            }
        )
        result = reconcile(POLICY, events, vendor, NOW)
        assert [
            ("1", "cycle", "no_target"),
            ("1", "cycle", "no_counterpart"),
            ("9", "ticket", "not_imported"),
            ("3", "ticket", "not_evaluated"),
            ("2", "target", "different_target"),
            ("2", "outcome", "different_target"),
            ("2", "reply_time_in_minutes", "no_target"),
            ("9", "ticket", "not_imported"),
        ] == reasons(result)
        assert all(d.what in DISAGREEMENTS and d.reason in REASONS for d in result.disagreements)


class TestReading:
    """Zendesk's metric exports are checked record by record."""

    def test_bad_records(self):
        """Each bad record is a problem with its path; good ones are kept."""
        vendor = read_zendesk_metrics(
            {
                "ticket_metric_events": [
                    metric("breach", at(9), deleted=True),
                    metric("apply_sla", at(9), sla={"target": 60}),
                    metric("apply_sla", at(9), sla={}),
                    {**metric("breach", at(9)), "metric": ""},
                    {**metric("breach", at(9)), "instance_id": 0},
                    metric("explode", at(9)),
                    metric("apply_sla", at(9), sla={"target": 60, "business_hours": "yes"}),
                    metric("update_status", at(9), status={"calendar": -1}),
                    "x",
                ],
                "ticket_metrics": [{"ticket_id": 1, "reply_time_in_minutes": {"calendar": 1.5}}],
            }
        )
        measure = vendor.measures[0]
        assert (None, ((at(9), timedelta(hours=1), False),)) == (measure.breach, measure.applied)
        assert [
            "ticket_metric_events[3].metric",
            "ticket_metric_events[4].instance_id",
            "ticket_metric_events[5].type",
            "ticket_metric_events[6].sla.business_hours",
            "ticket_metric_events[7].status.calendar",
            "ticket_metric_events[8]",
            "ticket_metrics[0].reply_time_in_minutes.calendar",
        ] == [p.path for p in vendor.problems]

    def test_wrong_exports(self):
        """An export without either list, or with a list that is not one, is refused."""
        with pytest.raises(ConfigError, match=r"not a Zendesk export.*jira"):
            read_zendesk_metrics(load("jira_issue.json"), source="m.json")
        with pytest.raises(ConfigError, match="expected a list") as err:
            read_zendesk_metrics({"ticket_metrics": {}}, source="m.json")
        assert "m.json: ticket_metrics" == err.value.path


class TestArguments:
    """reconcile checks its arguments."""

    def test_bad_arguments(self):
        """Wrong types are TypeErrors; a naive now and a negative tolerance are refused."""
        vendor = read_zendesk_metrics({"ticket_metrics": []})
        with pytest.raises(TypeError):
            reconcile(POLICY, {}, {}, NOW)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            reconcile(POLICY, {}, vendor, NOW, tolerance=60)  # type: ignore[arg-type]
        with pytest.raises(ConfigError):
            reconcile(POLICY, {}, vendor, NOW, tolerance=timedelta(minutes=-1))
        with pytest.raises(NaiveDatetimeError):
            reconcile(POLICY, {}, vendor, datetime(2026, 3, 9))  # noqa: DTZ001
        with pytest.raises(TypeError):
            reconcile("policy", {}, vendor, NOW)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            reconcile(POLICY, [], vendor, NOW)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            reconcile(POLICY, {"1": "events"}, vendor, NOW)  # type: ignore[dict-item]
        assert Reconciliation("zendesk", 0, 0, ()) == reconcile(POLICY, {}, vendor, NOW)


def run(*argv: str) -> tuple[int, str]:
    """Run the command in-process."""
    out = io.StringIO()
    return cli.main(list(argv), out=out), out.getvalue()


class TestCommand:
    """``servicekit sla reconcile``."""

    @pytest.fixture
    def files(self, tmp_path):
        """The policy and the imported events of the Zendesk fixture."""
        policy = tmp_path / "policy.json"
        policy.write_text(json.dumps(POLICY.to_dict()), encoding="utf-8")
        code, text = run("sla", "import", "--from", "zendesk", str(VENDORS / "zendesk_audits.json"))
        assert 0 == code
        events = tmp_path / "events.jsonl"
        events.write_text(text, encoding="utf-8")
        return str(policy), str(events)

    def test_rows(self, files, capsys):
        """One CSV row per disagreement; the counts on standard error."""
        policy, events = files
        metrics = str(VENDORS / "zendesk_metric_events.json")
        code, text = run(
            "sla",
            "reconcile",
            "--policy",
            policy,
            events,
            "--vendor-metrics",
            metrics,
            "--now",
            "2026-03-09T00:00:00Z",
        )
        assert 0 == code
        lines = text.splitlines()
        assert lines[0].startswith("ticket,metric,cycle,what,ours,theirs,reason")
        assert "priority_change_after_breach" in lines[1]
        assert 2 == len(lines)
        assert "compared 5, agreed 4, 1 disagreements (0 unexplained)" in capsys.readouterr().err

    def test_json_and_exit_status(self, files, tmp_path, capsys):
        """JSON output is the result's to_dict; --exit-status gives 1 on disagreement."""
        policy, events = files
        metrics = tmp_path / "m.json"
        data = load("zendesk_metric_events.json")
        data["ticket_metric_events"].append("bad")
        metrics.write_text(json.dumps(data), encoding="utf-8")
        code, text = run(
            "sla",
            "reconcile",
            "--policy",
            policy,
            events,
            "--vendor-metrics",
            str(metrics),
            "--now",
            "2026-03-09T00:00:00Z",
            "--format",
            "json",
            "--exit-status",
            "--tolerance",
            "PT2M",
        )
        assert 1 == code
        assert "priority_change_after_breach" == json.loads(text)["disagreements"][0]["reason"]
        assert "ticket_metric_events[16]: bad_record" in capsys.readouterr().err


class TestValues:
    """The result values are frozen, comparable and picklable."""

    def test_contract(self):
        """Pickle and copy give equal values; fields cannot be set; equal values hash equal."""
        import copy  # noqa: PLC0415
        import pickle  # noqa: PLC0415

        events = import_zendesk(load("zendesk_audits.json"))
        vendor = read_zendesk_metrics(load("zendesk_metric_events.json"))
        result = reconcile(POLICY, events, vendor, NOW)
        for value in (events, vendor, result, result.disagreements[0], vendor.measures[0]):
            assert value == pickle.loads(pickle.dumps(value))  # noqa: S301 - our own bytes
            assert value == copy.copy(value)
            assert hash(value) == hash(copy.deepcopy(value))
            assert type(value).__name__ in repr(value)
        with pytest.raises(AttributeError):
            result.compared = 0  # type: ignore[misc]
