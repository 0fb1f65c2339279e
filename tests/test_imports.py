"""Tests for servicekit.sla.imports: vendor exports as event logs (issue 18, item 5)."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from tests.conftest import DATA

from servicekit.exceptions import ConfigError
from servicekit.sla import (
    IMPORT_PROBLEM_CODES,
    ImportProblem,
    ImportResult,
    Policy,
    TicketEvent,
    evaluate,
    import_export,
    import_freshdesk,
    import_jira,
    import_zendesk,
)
from servicekit.sla.imports import parse_vendor_time

VENDORS = DATA / "vendors"
UTC = timezone.utc


def load(name: str) -> Any:
    """A fixture export, parsed."""
    return json.loads((VENDORS / name).read_text(encoding="utf-8"))


def at(hour: int, minute: int = 0) -> datetime:
    """2 March 2026 (a Monday) at hour:minute UTC."""
    return datetime(2026, 3, 2, hour, minute, tzinfo=UTC)


def kinds(result: ImportResult, ticket: str) -> list[tuple[str, str | None]]:
    """(kind, what it carries) per event of one ticket."""
    return [
        (e.kind, e.priority or e.status or e.field or (",".join(e.added) or None))
        for e in result.events(ticket)
    ]


def audit(ticket: object, when: object, events: list[Any], **extra: Any) -> dict[str, Any]:
    """One Zendesk audit."""
    return {"ticket_id": ticket, "created_at": when, "events": events, **extra}


CREATE = [
    {"type": "Create", "field_name": "priority", "value": "high"},
    {"type": "Create", "field_name": "status", "value": "new"},
    {"type": "Create", "field_name": "requester_id", "value": 1},
]


class TestZendeskAudits:
    """Zendesk's ticket audits become events, field by field."""

    def test_fixture(self):
        """The documented audits give the expected log, and say what they skipped."""
        result = import_zendesk(load("zendesk_audits.json"))
        assert [
            ("created", "normal"),
            ("priority", "high"),
            ("field", "group"),
            ("field", "assignee"),
            ("tags", "vip"),
            ("field", "custom.360012345"),
            ("internal_note", None),
            ("agent_reply", None),
            ("status", "pending"),
            ("customer_message", None),
            ("status", "open"),
            ("agent_reply", None),
            ("status", "solved"),
        ] == kinds(result, "47")
        created = result.events("47")[0]
        assert (("channel", "web"),) == created.fields
        assert ("printer",) == created.tags
        assert () == result.problems
        assert {
            "comment:description": 2,
            "field:status (custom status changed too)": 1,
            "field:subject": 1,
            "type:Notification": 1,
        } == dict(result.skipped)

    def test_custom_status_category_and_label(self):
        """A custom status maps to its category, or to the status its label is mapped to."""
        data = load("zendesk_audits.json")
        assert [("created", "high"), ("agent_reply", None), ("status", "on_hold")] == kinds(
            import_zendesk(data), "48"
        )
        mapped = import_zendesk(data, statuses={"Waiting on vendor": "waiting_on_vendor"})
        assert ("status", "waiting_on_vendor") == kinds(mapped, "48")[-1]

    def test_incremental_export_equals_audits(self):
        """The incremental ticket events export of the same ticket gives the same log."""
        audits = import_zendesk(load("zendesk_audits.json"))
        incremental = import_zendesk(load("zendesk_ticket_events.json"))
        assert audits.events("47") == incremental.events("47")

    def test_requester_decides_without_users(self):
        """Without side-loaded users the requester is the customer, anyone else an agent."""
        data = {
            "audits": [
                audit(7, "2026-03-02T09:00:00Z", CREATE),
                audit(
                    7, "2026-03-02T09:10:00Z", [{"type": "Comment", "public": True}], author_id=1
                ),
                audit(
                    7, "2026-03-02T09:20:00Z", [{"type": "Comment", "public": True, "author_id": 2}]
                ),
            ]
        }
        assert ["created", "customer_message", "agent_reply"] == [
            e.kind for e in import_zendesk(data).events("7")
        ]
        roles = import_zendesk(data, roles={"2": "end-user"})
        assert "customer_message" == roles.events("7")[-1].kind

    def test_unknown_author_is_a_problem(self):
        """A public comment whose author nobody can place is reported, not guessed."""
        data = {
            "audits": [
                audit(7, "2026-03-02T09:00:00Z", CREATE[:2]),
                audit(7, "2026-03-02T09:20:00Z", [{"type": "VoiceComment", "author_id": 2}]),
                audit(7, "2026-03-02T09:30:00Z", [{"type": "Comment", "public": True}]),
            ]
        }
        result = import_zendesk(data)
        assert ["created"] == [e.kind for e in result.events("7")]
        assert [
            ("unknown_author", "audits[1].events[0]"),
            ("unknown_author", "audits[2].events[0]"),
        ] == [(p.code, p.path) for p in result.problems]

    def test_bad_records_become_problems(self):
        """Each record that cannot be mapped is a problem with its path; the rest stay."""
        data = {
            "audits": [
                audit(7, "2026-03-02T09:00:00Z", [*CREATE, "not an event", {"no": "type"}]),
                audit(7, "yesterday", []),
                "not an audit",
                audit(True, "2026-03-02T09:00:00Z", []),
                audit(7, "2026-03-02T09:05:00Z", "not a list"),
                audit(
                    7,
                    "2026-03-02T09:10:00Z",
                    [
                        {"type": "Change", "field_name": "status", "value": "deleted"},
                        {"type": "Change", "field_name": "status", "value": 5},
                        {"type": "Change", "field_name": "custom_status_id", "value": 99},
                        {"type": "Comment", "public": "yes"},
                        {"type": "Comment", "public": True, "author_id": {"id": 1}},
                        {"type": "Change", "field_name": "group_id", "value": {"x": 1}},
                        {"type": "Change", "field_name": "tags", "value": "a b"},
                        {"type": "Change", "field_name": "priority", "value": ""},
                    ],
                ),
                audit(7, "2026-03-02T08:00:00Z", [{"type": "Comment", "public": False}]),
            ]
        }
        result = import_zendesk(data)
        assert [
            ("bad_time", "audits[1].created_at"),
            ("bad_record", "audits[2]"),
            ("bad_record", "audits[3].ticket_id"),
            ("bad_record", "audits[4].events"),
            ("unknown_status", "audits[5].events[0]"),
            ("unknown_status", "audits[5].events[1]"),
            ("unknown_status", "audits[5].events[2]"),
            ("bad_record", "audits[5].events[3].public"),
            ("bad_record", "audits[5].events[4].author_id"),
            ("bad_record", "audits[5].events[5].value"),
            ("bad_record", "audits[6].events[0]"),
        ] == [(p.code, p.path) for p in result.problems]
        assert ("priority", "normal") == kinds(result, "7")[-1]
        assert {"type:(not an object)": 1, "type:(no type)": 1} == dict(result.skipped)
        assert all(p.code in IMPORT_PROBLEM_CODES for p in result.problems)

    def test_tags_from_audit_lists(self):
        """An audit gives the whole tag list; the change is what was added and removed."""
        data = {
            "audits": [
                audit(
                    7,
                    "2026-03-02T09:00:00Z",
                    [*CREATE, {"type": "Create", "field_name": "tags", "value": ["a", "b", "a"]}],
                ),
                audit(
                    7,
                    "2026-03-02T09:10:00Z",
                    [
                        {
                            "type": "Change",
                            "field_name": "tags",
                            "value": ["b", "c"],
                            "previous_value": ["a", "b"],
                        }
                    ],
                ),
                audit(
                    7,
                    "2026-03-02T09:20:00Z",
                    [
                        {
                            "type": "Change",
                            "field_name": "tags",
                            "value": ["b", "c"],
                            "previous_value": ["b", "c"],
                        }
                    ],
                ),
            ]
        }
        events = import_zendesk(data).events("7")
        assert ("a", "b") == events[0].tags
        assert (("c",), ("a",)) == (events[1].added, events[1].removed)
        assert 2 == len(events)

    def test_field_values(self):
        """Values become text: numbers, booleans, multi-select lists; empty clears the field."""
        changes = [
            {"type": "Change", "field_name": "360001", "value": [1, "x"]},
            {"type": "Change", "field_name": "360002", "value": True},
            {"type": "Change", "field_name": "360003", "value": False},
            {"type": "Change", "field_name": "assignee_id", "value": None},
            {"type": "Change", "field_name": "organization_id", "value": 12.5},
            {"type": "Change", "field_name": "group_id", "value": "  "},
            {"type": "Change", "field_name": "group_id", "value": "x" * 1001},
        ]
        data = {
            "audits": [
                audit(7, "2026-03-02T09:00:00Z", CREATE),
                audit(7, "2026-03-02T09:10:00Z", changes),
            ]
        }
        result = import_zendesk(data)
        assert [
            ("custom.360001", "1,x"),
            ("custom.360002", "true"),
            ("custom.360003", "false"),
            ("assignee", None),
            ("organization", "12.5"),
            ("group", None),
        ] == [(e.field, e.value) for e in result.events("7")[1:]]
        assert ["audits[1].events[6].value"] == [p.path for p in result.problems]

    def test_created_from_another_field_and_missing_creation(self):
        """Any Create event marks the creation; a ticket without one is reported."""
        data = {
            "audits": [
                audit(
                    7,
                    "2026-03-02T09:00:00Z",
                    [{"type": "Create", "field_name": "group_id", "value": 5}],
                ),
                audit(
                    8,
                    "2026-03-02T09:00:00Z",
                    [{"type": "Change", "field_name": "status", "value": "open"}],
                ),
            ],
            "users": "nobody",
            "custom_statuses": "none",
        }
        result = import_zendesk(data)
        assert (("group", "5"),) == result.events("7")[0].fields
        assert "normal" == result.events("7")[0].priority
        assert [
            ("bad_record", "users"),
            ("bad_record", "custom_statuses"),
            ("no_created_event", ""),
        ] == [(p.code, p.path) for p in result.problems]
        assert ["status"] == [e.kind for e in result.events("8")]

    def test_bad_side_loads(self):
        """A bad user or custom status is reported and the others are used."""
        data = {
            "audits": [audit(7, "2026-03-02T09:00:00Z", CREATE)],
            "users": [{"id": 1, "role": "owner"}, {"id": 2, "role": "agent"}],
            "custom_statuses": [
                {"id": 1, "agent_label": "x", "status_category": "limbo"},
                {"id": 2, "agent_label": "", "status_category": "open"},
            ],
        }
        result = import_zendesk(data)
        assert [
            "users[0].role",
            "custom_statuses[0].status_category",
            "custom_statuses[1].agent_label",
        ] == [p.path for p in result.problems]

    def test_single_audit_and_created_status(self):
        """``{"audit": ...}`` (one audit) is read; a ticket created open starts open."""
        data = {
            "audit": audit(
                7,
                "2026-03-02T09:00:00Z",
                [
                    {"type": "Create", "field_name": "status", "value": "open"},
                    {"type": "Create", "field_name": "priority", "value": None},
                    {"type": "Create", "field_name": "custom_status_id", "value": 1},
                ],
            ),
            "custom_statuses": [{"id": 1, "agent_label": "Open", "status_category": "open"}],
        }
        assert [("created", "urgent"), ("status", "open")] == kinds(
            import_zendesk(data, default_priority="urgent"), "7"
        )

    def test_a_later_audit_cannot_move_the_creation(self):
        """The earliest creation wins; a later one does not replace it."""
        data = {
            "audits": [
                audit(7, "2026-03-02T09:00:00Z", CREATE[:1]),
                audit(
                    7,
                    "2026-03-02T10:00:00Z",
                    [{"type": "Create", "field_name": "priority", "value": "low"}],
                ),
                audit(
                    7,
                    "2026-03-02T08:00:00Z",
                    [{"type": "Create", "field_name": "priority", "value": "low"}],
                ),
            ]
        }
        assert [("created", "low")] == kinds(import_zendesk(data), "7")
        assert at(8) == import_zendesk(data).events("7")[0].at

    def test_wrong_exports(self):
        """Another vendor's export, a metrics export or a wrong shape is a ConfigError."""
        with pytest.raises(ConfigError, match=r"not a Zendesk export.*--from jira") as err:
            import_zendesk(load("jira_issue.json"), source="x.json")
        assert "x.json" == err.value.path
        with pytest.raises(ConfigError, match="reconcile"):
            import_zendesk(load("zendesk_metric_events.json"))
        with pytest.raises(ConfigError, match="not a Zendesk export"):
            import_zendesk([1, 2])
        with pytest.raises(ConfigError, match=r"not a Zendesk export.*freshdesk"):
            import_zendesk(load("freshdesk_activities.json"))
        with pytest.raises(ConfigError, match=r"'ticket_events'$"):
            import_zendesk({"something": 1})
        with pytest.raises(ConfigError, match="expected a list") as err:
            import_zendesk({"audits": {}}, source="a.json")
        assert "a.json: audits" == err.value.path
        with pytest.raises(ConfigError, match="expected a list"):
            import_zendesk({"ticket_events": 3})

    def test_bad_options(self):
        """Options of the wrong type or shape are refused up front."""
        with pytest.raises(TypeError):
            import_zendesk({"audits": []}, roles=["1"])  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            import_zendesk({"audits": []}, statuses={"a": 1})  # type: ignore[dict-item]
        with pytest.raises(TypeError):
            import_zendesk({"audits": []}, statuses={True: "open"})  # type: ignore[dict-item]
        with pytest.raises(ConfigError, match="empty"):
            import_zendesk({"audits": []}, statuses={"a": ""})
        with pytest.raises(ConfigError, match="unknown role"):
            import_zendesk({"audits": []}, roles={"1": "boss"})
        with pytest.raises(TypeError):
            import_zendesk({"audits": []}, default_priority=3)  # type: ignore[arg-type]
        with pytest.raises(ConfigError):
            import_zendesk({"audits": []}, default_priority="")

    def test_long_id_and_event_before_creation(self):
        """An id longer than 200 characters and an event before the creation are problems."""
        data = {
            "audits": [
                audit("x" * 201, "2026-03-02T09:00:00Z", CREATE),
                audit(7, "2026-03-02T09:00:00Z", CREATE),
                audit(
                    7,
                    "2026-03-02T08:00:00Z",
                    [{"type": "Change", "field_name": "status", "value": "open"}],
                ),
            ]
        }
        result = import_zendesk(data)
        assert ["bad_record", "bad_record"] == [p.code for p in result.problems]
        assert "comes before the ticket's creation" in result.problems[1].message


class TestEdgeRecords:
    """Records at the edges of what each reader accepts."""

    def test_instant_outside_the_years(self):
        """An instant whose UTC reading falls in year 0 is a problem, for any event."""
        early = "0001-01-01T00:30:00+01:00"
        data = {
            "audits": [
                audit(7, "2026-03-02T09:00:00Z", CREATE),
                audit(7, early, [{"type": "Change", "field_name": "status", "value": "open"}]),
                audit(8, early, CREATE),
            ]
        }
        result = import_zendesk(data)
        assert ["bad_record", "bad_record"] == [p.code for p in result.problems]
        assert () == result.events("8")

    def test_odd_zendesk_events(self):
        """A child event with no field, and tags that are not text, are handled."""
        data = {
            "ticket_events": [
                {
                    "ticket_id": 7,
                    "timestamp": 1772442000,
                    "child_events": [
                        {"event_type": "Create", "priority": "low"},
                        {"event_type": "Change", "id": 1},
                        {"event_type": "Change", "tags": [1], "added_tags": [1]},
                    ],
                },
            ]
        }
        result = import_zendesk(data)
        assert [("created", "low")] == kinds(result, "7")
        assert {"field:None": 1} == dict(result.skipped)
        assert ["ticket_events[0].child_events[2].added_tags"] == [p.path for p in result.problems]

    def test_odd_activities(self):
        """Unknown activity keys are counted; a bad custom field name is a problem."""
        rows = [
            {
                "ticket_id": 1,
                "performed_at": "2026-03-02T09:00:00Z",
                "activity": {
                    "new_ticket": True,
                    "custom_fields": {"empty": None, "": "x"},
                    "mood": 1,
                },
            },
        ]
        result = import_freshdesk({"activities_data": rows})
        assert ((), {"activity:mood": 1}) == (result.events("1")[0].fields, dict(result.skipped))
        assert ["activities_data[0].activity.custom_fields."] == [p.path for p in result.problems]

    def test_odd_jira_issues(self):
        """No creation, an unknown status category, comments not a list, authors without ids."""
        issue = {
            "key": "SD-4",
            "fields": {
                "status": {"name": 5, "statusCategory": {"key": "odd"}},
                "comment": "hidden",
            },
        }
        result = import_jira(issue)
        assert ["no_created_event"] == [p.code for p in result.problems]
        other = {
            "key": "SD-5",
            "fields": {
                "created": "2026-03-02T09:00:00Z",
                "comment": {"comments": [{"created": "2026-03-02T09:05:00Z", "author": {}}]},
            },
        }
        assert ["unknown_author"] == [p.code for p in import_jira(other).problems]


class TestFreshdesk:
    """Freshdesk tickets, conversations and activities become events."""

    def test_ticket_with_conversations(self):
        """Conversations by direction and privacy; the resolution from the stats."""
        result = import_freshdesk(load("freshdesk_ticket.json"))
        assert [
            ("created", "medium"),
            ("agent_reply", None),
            ("customer_message", None),
            ("internal_note", None),
            ("agent_reply", None),
            ("status", "solved"),
        ] == kinds(result, "20")
        assert () == result.problems

    def test_activities(self):
        """The activities export gives the status history, fields and tags."""
        data = load("freshdesk_activities.json")
        result = import_freshdesk(data, statuses={"Waiting on Third Party": "on_hold"})
        assert [
            ("created", "medium"),
            ("agent_reply", None),
            ("status", "pending"),
            ("customer_message", None),
            ("status", "open"),
            ("internal_note", None),
            ("status", "on_hold"),
            ("tags", "vendor"),
            ("agent_reply", None),
            ("priority", "high"),
            ("status", "solved"),
        ] == kinds(result, "20")
        assert (("channel", "Email"), ("group", "Billing")) == result.events("20")[0].fields
        plain = import_freshdesk(data)
        assert [("unknown_status", "activities_data[3].activity.status")] == [
            (p.code, p.path) for p in plain.problems
        ]

    def test_activity_details(self):
        """Initial tags, removed tags, custom fields, private notes and a new ticket's status."""
        rows = [
            {
                "ticket_id": 1,
                "performed_at": "2026-03-02T09:00:00Z",
                "performer_id": 3,
                "activity": {
                    "new_ticket": True,
                    "added_tags": ["a"],
                    "custom_fields": {"tier": "gold"},
                    "status": "Pending",
                },
            },
            {
                "ticket_id": 1,
                "performed_at": "2026-03-02T09:10:00Z",
                "activity": {
                    "removed_tags": ["a"],
                    "added_tags": [],
                    "custom_fields": {"tier": None},
                    "note": {"type": "private"},
                    "agent_id": 9,
                },
            },
            {
                "ticket_id": 1,
                "performed_at": "2026-03-02T09:20:00Z",
                "performer_id": 3,
                "activity": {"note": {"type": "reply"}},
            },
            {
                "ticket_id": 2,
                "performed_at": "2026-03-02T09:20:00Z",
                "activity": {"new_ticket": True, "note": {"type": "reply"}},
            },
        ]
        result = import_freshdesk({"activities_data": rows})
        assert [
            ("created", "medium"),
            ("status", "pending"),
            ("tags", None),
            ("field", "custom.tier"),
            ("internal_note", None),
            ("field", "assignee"),
            ("customer_message", None),
        ] == kinds(result, "1")
        first = result.events("1")[0]
        assert (("a",), (("custom.tier", "gold"),)) == (first.tags, first.fields)
        assert ("a",) == result.events("1")[2].removed
        assert ["unknown_author"] == [p.code for p in result.problems]

    def test_conversations_list_and_tickets_wrapper(self):
        """A bare conversations list and ``{"tickets": [...]}`` are read too."""
        conversations = load("freshdesk_ticket.json")["conversations"]
        result = import_freshdesk(conversations, roles={"1001": "agent"})
        assert ["agent_reply", "agent_reply", "internal_note", "agent_reply"] == [
            e.kind for e in result.events("20")
        ]
        assert ["no_created_event"] == [p.code for p in result.problems]
        ticket = load("freshdesk_ticket.json")
        del ticket["stats"]
        wrapped = import_freshdesk({"tickets": [ticket]})
        assert "status" not in [e.kind for e in wrapped.events("20")]
        assert ("ticket:status without stats (history needs activities)", 1) in wrapped.skipped

    def test_pending_stats_and_bad_records(self):
        """A pending ticket's pending_since is a status; bad records are problems."""
        ticket = {
            "id": 5,
            "created_at": "2026-03-02T09:00:00Z",
            "status": 3,
            "priority": None,
            "stats": {"pending_since": "2026-03-02T10:00:00Z", "resolved_at": "bad"},
            "conversations": [{"incoming": "yes", "created_at": "2026-03-02T09:30:00Z"}],
        }
        other = {"id": 6, "created_at": "2026-03-02T09:00:00Z", "status": 2, "conversations": {}}
        result = import_freshdesk([ticket, other])
        assert [("created", "medium"), ("status", "pending")] == kinds(result, "5")
        assert [
            ("bad_time", "[0].stats.resolved_at"),
            ("bad_record", "[0].conversations[0].incoming"),
            ("bad_record", "[1].conversations"),
        ] == [(p.code, p.path) for p in result.problems]

    def test_wrong_exports(self):
        """API v1, another vendor and unknown shapes are ConfigErrors."""
        with pytest.raises(ConfigError, match="API v1"):
            import_freshdesk({"helpdesk_ticket": {}})
        with pytest.raises(ConfigError, match=r"not a Freshdesk export.*zendesk"):
            import_freshdesk(load("zendesk_audits.json"))
        with pytest.raises(ConfigError, match="not a Freshdesk export"):
            import_freshdesk([{"id": 1}])
        with pytest.raises(ConfigError, match="not a Freshdesk export"):
            import_freshdesk("text")
        with pytest.raises(ConfigError, match="expected a list"):
            import_freshdesk({"activities_data": {}})

    def test_bad_activity(self):
        """An activity without a ticket or time is a problem."""
        result = import_freshdesk({"activities_data": [{"ticket_id": 1}, 3]})
        assert ["bad_time", "bad_record", "no_created_event"] == [p.code for p in result.problems]


class TestJira:
    """A Jira Service Management issue with its changelog becomes events."""

    def test_issue_with_changelog(self):
        """Statuses by the service-desk workflow; comments by role and visibility."""
        result = import_jira(load("jira_issue.json"))
        assert [
            ("created", "high"),
            ("agent_reply", None),
            ("status", "pending"),
            ("internal_note", None),
            ("customer_message", None),
            ("status", "open"),
            ("priority", "highest"),
            ("tags", "vip"),
            ("status", "solved"),
        ] == kinds(result, "SD-1")
        assert timedelta(hours=1) == result.events("SD-1")[0].at.utcoffset()
        assert {"field:resolution": 1} == dict(result.skipped)

    def test_changelog_page(self):
        """A changelog page needs its issue key and has no creation."""
        data = load("jira_changelog.json")
        result = import_jira(data, issue="SD-1")
        assert [("status", "pending"), ("status", "solved")] == kinds(result, "SD-1")
        assert ["no_created_event"] == [p.code for p in result.problems]
        with pytest.raises(ConfigError, match="--issue"):
            import_jira(data)
        with pytest.raises(TypeError):
            import_jira(data, issue="")

    def test_search_results_and_fields(self):
        """Search results with assignee, organisation and custom field changes."""
        issue = {
            "key": "SD-2",
            "fields": {
                "created": "2026-03-02T09:00:00.000+0000",
                "status": {"name": "Triage", "statusCategory": {"key": "indeterminate"}},
                "comment": {"comments": [{"created": "2026-03-02T09:05:00Z", "jsdPublic": "no"}]},
            },
            "changelog": {
                "histories": [
                    {
                        "created": "2026-03-02T09:10:00.000+0000",
                        "items": [
                            {"fieldId": "assignee", "to": "abc", "toString": "Ann"},
                            {
                                "field": "Organizations",
                                "fieldId": "customfield_10002",
                                "fieldtype": "custom",
                                "toString": "Acme",
                            },
                            {
                                "field": "Tier",
                                "fieldId": "customfield_10003",
                                "fieldtype": "custom",
                                "toString": "",
                            },
                            {"field": "status", "toString": "Triage"},
                            {"field": "status", "toString": "Limbo"},
                            "junk",
                        ],
                    },
                    {"created": "never", "items": []},
                ]
            },
        }
        result = import_jira({"issues": [issue, 5]})
        assert [
            ("created", "medium"),
            ("field", "assignee"),
            ("field", "organization"),
            ("field", "custom.customfield_10003"),
            ("status", "open"),
        ] == kinds(result, "SD-2")
        assert [
            ("bad_record", "issues[0].fields.comment.comments[0].jsdPublic"),
            ("unknown_status", "issues[0].changelog.histories[0].items[4]"),
            ("bad_record", "issues[0].changelog.histories[0].items[5]"),
            ("bad_time", "issues[0].changelog.histories[1].created"),
            ("bad_record", "issues[1]"),
        ] == [(p.code, p.path) for p in result.problems]

    def test_reporter_is_the_customer(self):
        """Without an account type, the reporter's comments are the customer's."""
        issue = {
            "key": "SD-3",
            "fields": {
                "created": "2026-03-02T09:00:00Z",
                "reporter": {"accountId": "r"},
                "comment": {
                    "comments": [
                        {"created": "2026-03-02T09:05:00Z", "author": {"accountId": "r"}},
                        {"created": "2026-03-02T09:06:00Z", "author": {"accountId": "a"}},
                    ]
                },
            },
        }
        assert ["created", "customer_message", "agent_reply"] == [
            e.kind for e in import_jira(issue).events("SD-3")
        ]

    def test_wrong_exports(self):
        """Another vendor's export or an unknown shape is a ConfigError."""
        with pytest.raises(ConfigError, match=r"not a Jira export.*zendesk"):
            import_jira(load("zendesk_audits.json"))
        with pytest.raises(ConfigError, match="not a Jira export"):
            import_jira([])
        with pytest.raises(ConfigError, match="not a Jira export"):
            import_jira({"values": "x"})


class TestParseVendorTime:
    """Instants as the vendors write them."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2009-07-20T22:55:29Z", datetime(2009, 7, 20, 22, 55, 29, tzinfo=UTC)),
            ("2019-02-14T09:35:04.421+0000", datetime(2019, 2, 14, 9, 35, 4, 421000, tzinfo=UTC)),
            ("2026-03-02 09:00 -05:30", datetime(2026, 3, 2, 14, 30, tzinfo=UTC)),
            ("2026-03-02T09:00:00+01", datetime(2026, 3, 2, 8, tzinfo=UTC)),
            ("22-03-2016 11:53:58 +0000", datetime(2016, 3, 22, 11, 53, 58, tzinfo=UTC)),
            (0, datetime(1970, 1, 1, tzinfo=UTC)),
        ],
    )
    def test_forms(self, text, expected):
        """ISO 8601 with any offset form, Freshdesk's day-first form and Unix seconds."""
        assert expected == parse_vendor_time(text)

    @pytest.mark.parametrize(
        "value",
        ["2026-03-02T09:00:00", "2026-02-30T09:00:00Z", "x" * 100, -1, 10**20, 1.5, None, True],
    )
    def test_refused(self, value):
        """No offset, no such date, too long, out of range or the wrong type: ConfigError."""
        with pytest.raises(ConfigError):
            parse_vendor_time(value, "t")


class TestResult:
    """ImportResult and ImportProblem as values."""

    def test_to_dict_and_records(self):
        """The result is plain JSON; records carry the ticket id."""
        result = import_jira(load("jira_changelog.json"), issue="SD-1")
        data = result.to_dict()
        assert "jira" == data["vendor"]
        assert data == json.loads(json.dumps(data))
        assert {"ticket": "SD-1", **result.events("SD-1")[0].to_dict()} == result.records()[0]
        assert () == result.events("SD-9")

    def test_values_are_frozen_and_equal(self):
        """Equal exports give equal results; a problem is immutable."""
        assert import_zendesk(load("zendesk_audits.json")) == import_zendesk(
            load("zendesk_audits.json")
        )
        problem = ImportProblem(None, "", "bad_record", "x")
        with pytest.raises(AttributeError):
            problem.code = "y"  # type: ignore[misc]
        assert copy.deepcopy(problem) == problem


class TestDispatch:
    """import_export picks the vendor's reader."""

    def test_vendors(self):
        """Each vendor name reaches its reader; anything else is refused."""
        assert import_zendesk(load("zendesk_audits.json")) == import_export(
            "zendesk", load("zendesk_audits.json")
        )
        assert "freshdesk" == import_export("freshdesk", []).vendor
        with pytest.raises(ConfigError, match="unknown vendor"):
            import_export("zammad", {})
        with pytest.raises(TypeError):
            import_export(3, {})  # type: ignore[arg-type]


POLICY = Policy.from_dict(
    {
        "name": "all",
        "targets": {
            p: [
                {"metric": "first_reply", "within": "PT1H"},
                {"metric": "requester_wait", "within": "PT8H"},
                {"metric": "resolution", "within": "P1D"},
            ]
            for p in ("low", "normal", "medium", "high", "highest", "urgent")
        },
    }
)


class TestRoundTrip:
    """Every fixture imports, evaluates, and survives JSON lines."""

    @pytest.mark.parametrize(
        ("vendor", "name", "options"),
        [
            ("zendesk", "zendesk_audits.json", {}),
            ("zendesk", "zendesk_ticket_events.json", {}),
            ("freshdesk", "freshdesk_ticket.json", {}),
            (
                "freshdesk",
                "freshdesk_activities.json",
                {"statuses": {"waiting on third party": "on_hold"}},
            ),
            ("jira", "jira_issue.json", {}),
        ],
    )
    def test_fixture_round_trip(self, vendor, name, options):
        """Import -> evaluate works; the JSON records read back as equal events."""
        result = import_export(vendor, load(name), **options)
        assert () == result.problems
        for ticket, events in result.tickets:
            report = evaluate(POLICY, events, at(23))
            assert () == report.problems, ticket
            assert "first_reply" in [m.metric for m in report.metrics]
            back = [
                TicketEvent.from_dict({k: v for k, v in r.items() if k != "ticket"})
                for r in json.loads(json.dumps(result.records()))
                if r["ticket"] == ticket
            ]
            assert list(events) == back
