"""Fuzz the vendor-export readers and reconciliation: only documented errors escape.

Every reader gets arbitrary JSON-like values, and the documented fixtures with one
value anywhere in them replaced by a hostile one (huge integers, NaN, instants in
years 1 and 9999, wrong types). Each call must return a result, every event of which
round-trips through JSON, or raise a ``ServicekitError`` or a ``TypeError``.
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import DATA

from fuzzing import paths, replace
from servicekit.exceptions import ServicekitError
from servicekit.sla import (
    ImportResult,
    Policy,
    TicketEvent,
    import_export,
    import_freshdesk,
    import_jira,
    import_zendesk,
    read_zendesk_metrics,
    reconcile,
)
from servicekit.sla.imports import parse_vendor_time

DOCUMENTED = (ServicekitError, TypeError)
FIXTURES = {
    name: json.loads((DATA / "vendors" / name).read_text(encoding="utf-8"))
    for name in (
        "zendesk_audits.json",
        "zendesk_ticket_events.json",
        "zendesk_metric_events.json",
        "freshdesk_ticket.json",
        "freshdesk_activities.json",
        "jira_issue.json",
        "jira_changelog.json",
    )
}
READERS = {
    "zendesk_audits.json": import_zendesk,
    "zendesk_ticket_events.json": import_zendesk,
    "freshdesk_ticket.json": import_freshdesk,
    "freshdesk_activities.json": import_freshdesk,
    "jira_issue.json": import_jira,
}
HOSTILE = (
    None,
    True,
    0,
    -1,
    10**400,
    2**63,
    float("nan"),
    float("inf"),
    1e308,
    "",
    " ",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "2026-03-02T09:00:00",
    "2026-03-02T09:00:00Z",
    "31-12-9999 23:59:59 -1200",
    "custom.",
    "hold",
    "x" * 300,
    [],
    {},
    [1, "a"],
    {"id": 1},
)
scalars = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.booleans(),
    st.none(),
)
keys = st.one_of(
    st.sampled_from(
        (
            "audits",
            "ticket_events",
            "events",
            "child_events",
            "ticket_id",
            "created_at",
            "type",
            "field_name",
            "value",
            "public",
            "author_id",
            "users",
            "role",
            "id",
            "activities_data",
            "activity",
            "performed_at",
            "conversations",
            "incoming",
            "status",
            "changelog",
            "histories",
            "items",
            "fields",
            "created",
            "values",
            "ticket_metric_events",
            "ticket_metrics",
            "metric",
            "time",
            "sla",
        )
    ),
    st.text(max_size=6),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)
    ),
    max_leaves=20,
)
POLICY = Policy.from_dict(
    {
        "name": "p",
        "calendars": {
            "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
        },
        "targets": {
            p: [
                {"metric": "first_reply", "within": "PT1H", "calendar": "office"},
                {"metric": "requester_wait", "within": "PT4H"},
            ]
            for p in ("normal", "high", "medium")
        },
    }
)
NOW = datetime(2026, 3, 9, tzinfo=timezone.utc)


def check(result: ImportResult) -> None:
    """A result is made of events that survive JSON."""
    assert isinstance(result, ImportResult)
    for record in json.loads(json.dumps(result.records(), allow_nan=False)):
        record.pop("ticket")
        assert isinstance(TicketEvent.from_dict(record), TicketEvent)
    json.dumps(result.to_dict(), allow_nan=False)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, st.sampled_from(("zendesk", "freshdesk", "jira")))
def test_readers_on_anything(data: Any, vendor: str) -> None:
    """Arbitrary JSON gives a result or a documented error, never a crash."""
    with contextlib.suppress(DOCUMENTED):
        check(import_export(vendor, data))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fixtures_with_one_value_replaced(data: st.DataObject) -> None:
    """A documented export with any one value replaced still gives a result or an error."""
    name = data.draw(st.sampled_from(sorted(READERS)))
    document = FIXTURES[name]
    where = data.draw(st.sampled_from(paths(document)))
    broken = replace(document, where, data.draw(json_values))
    with contextlib.suppress(DOCUMENTED):
        check(READERS[name](broken))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_reconcile_on_broken_metrics(data: st.DataObject) -> None:
    """Reconciling against a damaged metrics export gives a result or a documented error."""
    document = FIXTURES["zendesk_metric_events.json"]
    where = data.draw(st.sampled_from(paths(document)))
    broken = replace(document, where, data.draw(json_values))
    events = import_zendesk(FIXTURES["zendesk_audits.json"])
    try:
        vendor = read_zendesk_metrics(broken)
        result = reconcile(POLICY, events, vendor, NOW)
    except DOCUMENTED:
        return
    json.dumps(result.to_dict(), allow_nan=False)


@settings(deadline=None)
@given(json_values, json_values)
def test_reconcile_arguments(tickets: Any, tolerance: Any) -> None:
    """Wrong arguments to reconcile are TypeErrors or servicekit errors."""
    vendor = read_zendesk_metrics(FIXTURES["zendesk_metric_events.json"])
    with contextlib.suppress(DOCUMENTED):
        reconcile(POLICY, tickets, vendor, NOW, tolerance=tolerance)
    with contextlib.suppress(DOCUMENTED):
        reconcile(POLICY, {"47": tickets}, vendor, NOW, tolerance=timedelta(minutes=1))


@given(json_values)
def test_parse_vendor_time(value: Any) -> None:
    """Any value is an aware instant or a documented error."""
    with contextlib.suppress(DOCUMENTED):
        assert parse_vendor_time(value).tzinfo is not None


@settings(deadline=None)
@given(json_values, json_values, json_values)
def test_reader_options(roles: Any, statuses: Any, priority: Any) -> None:
    """Options of any shape are accepted or refused with a documented error."""
    with contextlib.suppress(DOCUMENTED):
        check(import_zendesk(FIXTURES["zendesk_audits.json"], roles=roles, statuses=statuses))
    with contextlib.suppress(DOCUMENTED):
        check(import_jira(FIXTURES["jira_changelog.json"], issue=priority))
    with contextlib.suppress(DOCUMENTED):
        check(import_freshdesk(FIXTURES["freshdesk_ticket.json"], default_priority=priority))


def test_large_export_is_linear() -> None:
    """Ten thousand audits are read in one pass (size, not values, sets the cost)."""
    audits = [
        {
            "ticket_id": n // 5,
            "created_at": f"2026-03-02T{9 + n % 5:02d}:00:00Z",
            "events": [
                {
                    "type": "Create" if n % 5 == 0 else "Change",
                    "field_name": "status",
                    "value": "open",
                }
            ],
        }
        for n in range(10_000)
    ]
    result = import_zendesk({"audits": audits})
    assert 2000 == len(result.tickets)
    tags = [f"t{n}" for n in range(50_000)]
    audits = [
        {
            "ticket_id": 1,
            "created_at": "2026-03-02T09:00:00Z",
            "events": [{"type": "Create", "field_name": "tags", "value": tags}],
        },
        {
            "ticket_id": 1,
            "created_at": "2026-03-02T10:00:00Z",
            "events": [
                {"type": "Change", "field_name": "tags", "value": tags[1:], "previous_value": tags}
            ],
        },
    ]
    events = import_zendesk({"audits": audits}).events("1")
    assert (50_000, ("t0",)) == (len(events[0].tags), events[1].removed)
    long_text = "2026-03-02T09:00:00Z" + "0" * 1_000_000
    with contextlib.suppress(ServicekitError):
        parse_vendor_time(long_text)
