"""evaluate_table under a policy set, and the event kinds a table may carry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from servicekit.exceptions import ConfigError
from servicekit.sla import KINDS, TABLE_KINDS, TicketEvent, evaluate_table
from test_policy_set import DESK, T
from test_sla_table import assert_same, event_table


def test_a_policy_set_chooses_per_ticket_as_evaluate_many_does() -> None:
    """A VIP tag picks the VIP policy; others fall back; rows equal evaluate_many's."""
    tickets = {
        "vip": [
            TicketEvent(T, "created", priority="normal", tags=("vip",)),
            TicketEvent(T + timedelta(hours=3), "agent_reply"),
        ],
        "plain": [
            TicketEvent(T, "created", priority="normal"),
            TicketEvent(T + timedelta(hours=3), "agent_reply"),
        ],
        "unknown": [TicketEvent(T, "created", priority="whatever")],
    }
    pairs = [(ticket, event) for ticket, events in tickets.items() for event in events]
    assert_same(event_table(pairs), DESK, tickets, T + timedelta(days=2))


def test_field_and_tags_events_are_refused_in_a_table() -> None:
    """They have no columns yet: the error names the column, the row and the kinds."""
    assert set(KINDS) - set(TABLE_KINDS) == {"field", "tags"}
    pairs = [("t", TicketEvent(T, "created", priority="normal"))]
    table = event_table(pairs).set_column(2, "kind", [["field"]])
    with pytest.raises(ConfigError, match=r"unknown event kind 'field' in a table") as info:
        evaluate_table(table, DESK, T)
    assert info.value.path.startswith("kind")
