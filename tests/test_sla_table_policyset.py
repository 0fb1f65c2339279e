"""evaluate_table under a policy set: field and tags events in their columns."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.sla import EVENT_COLUMNS, KINDS, TABLE_KINDS, TicketEvent, evaluate_table
from test_policy_set import DESK, STANDARD, T
from test_sla_table import assert_same, event_table, split

H = timedelta(hours=1)


def test_a_policy_set_chooses_per_ticket_as_evaluate_many_does() -> None:
    """A VIP tag picks the VIP policy; others fall back; rows equal evaluate_many's."""
    tickets = {
        "vip": [
            TicketEvent(T, "created", priority="normal", tags=("vip",)),
            TicketEvent(T + 3 * H, "agent_reply"),
        ],
        "plain": [
            TicketEvent(T, "created", priority="normal"),
            TicketEvent(T + 3 * H, "agent_reply"),
        ],
        "unknown": [TicketEvent(T, "created", priority="whatever")],
    }
    pairs = [(ticket, event) for ticket, events in tickets.items() for event in events]
    assert_same(event_table(pairs), DESK, tickets, T + timedelta(days=2))


def test_every_kind_has_its_columns() -> None:
    """A table may carry every kind; the change columns are documented."""
    assert TABLE_KINDS == KINDS
    names = [name for name, _, _ in EVENT_COLUMNS]
    assert names[-4:] == ["field", "value", "added", "removed"]


def change_events() -> st.SearchStrategy[TicketEvent]:
    """Events a policy set watches (and replies), within two days after T."""
    instants = st.integers(0, 48 * 4).map(lambda q: T + timedelta(minutes=15 * q))
    return st.one_of(
        st.builds(
            lambda t, f, v: TicketEvent(t, "field", field=f, value=v),
            instants,
            st.sampled_from(("group", "channel", "custom.plan")),
            st.none() | st.sampled_from(("billing", "support", "gold")),
        ),
        st.builds(
            lambda t, p: TicketEvent(t, "field", field="priority", value=p),
            instants,
            st.sampled_from(("normal", "high", "low")),
        ),
        st.builds(
            lambda t, a, r: TicketEvent(t, "tags", added=a, removed=r),
            instants,
            st.lists(st.sampled_from(("vip", "beta")), max_size=2, unique=True),
            st.lists(st.sampled_from(("vip", "beta")), max_size=2, unique=True),
        ),
        st.builds(
            TicketEvent,
            instants,
            st.sampled_from(("agent_reply", "customer_message", "internal_note")),
        ),
        st.builds(
            lambda t, s: TicketEvent(t, "status", status=s),
            instants,
            st.sampled_from(("open", "pending", "solved")),
        ),
    )


@st.composite
def set_batches(draw: st.DrawFn) -> tuple[dict[str, list[TicketEvent]], list[Any]]:
    """Tickets created at T with initial tags and fields (as field rows at T), then changes."""
    out: dict[str, list[TicketEvent]] = {}
    for i in range(draw(st.integers(1, 5))):
        tags = draw(st.lists(st.sampled_from(("vip", "beta")), max_size=2, unique=True))
        priority = draw(st.sampled_from(("normal", "high", "low")))
        events = [TicketEvent(T, "created", priority=priority, tags=tags)]
        if draw(st.booleans()):
            group = draw(st.sampled_from(("billing", "support")))
            events.append(TicketEvent(T, "field", field="group", value=group))
        events += sorted(draw(st.lists(change_events(), max_size=8)), key=lambda e: e.at)
        if draw(st.integers(0, 3)) == 0:
            events = draw(st.permutations(events))
        out[f"S-{i}"] = events
    labels = draw(st.permutations([t for t, evs in out.items() for _ in evs]))
    pending = {t: iter(evs) for t, evs in out.items()}
    return {t: out[t] for t in dict.fromkeys(labels)}, [(t, next(pending[t])) for t in labels]


class TestChangesInTables:
    """Field and tags rows: the same clocks and governing policies as evaluate_many."""

    @settings(deadline=None, max_examples=300)
    @given(set_batches(), st.integers(0, 4 * 24 * 4))
    def test_policy_set_sees_field_and_tag_changes(self, batch: Any, quarter: int) -> None:
        """Under a PolicySet, rows (with their policy) equal evaluate_many's."""
        grouped, pairs = batch
        assert_same(event_table(pairs), DESK, grouped, T + timedelta(minutes=15 * quarter))

    @settings(deadline=None, max_examples=150)
    @given(set_batches(), st.integers(0, 4 * 24 * 4))
    def test_single_policy_reads_priority_fields(self, batch: Any, quarter: int) -> None:
        """A single policy: field rows on the priority re-target clocks, others do nothing."""
        grouped, pairs = batch
        assert_same(event_table(pairs), STANDARD, grouped, T + timedelta(minutes=15 * quarter))

    def test_text_tags_and_null_columns(self) -> None:
        """``added``/``removed`` as text with ';'; null-typed columns are empty."""
        table = pa.table(
            {
                "ticket": ["a", "a", "a"],
                "at": pa.array([T, T + H, T + 2 * H], pa.timestamp("us", "UTC")),
                "kind": ["created", "tags", "agent_reply"],
                "priority": ["normal", None, None],
                "added": [None, " vip ; ;beta", None],
                "removed": pa.array([None, None, None], pa.null()),
            }
        )
        events = [
            TicketEvent(T, "created", priority="normal"),
            TicketEvent(T + H, "tags", added=("vip", "beta")),
            TicketEvent(T + 2 * H, "agent_reply"),
        ]
        assert_same(table, DESK, {"a": events}, T + 3 * H)

    @pytest.mark.parametrize(
        ("kind", "columns", "text"),
        [
            ("field", {}, "field: missing; a 'field' event names the field"),
            ("field", {"field": "colour"}, "field: unknown field 'colour'"),
            ("field", {"field": "custom."}, "field: unknown field 'custom.'"),
            ("field", {"field": "group", "value": ""}, "value: must not be empty"),
            ("field", {"field": "priority"}, "value: the priority cannot be cleared"),
            ("agent_reply", {"field": "group"}, "field: a 'agent_reply' event carries no field"),
            ("agent_reply", {"value": "x"}, "value: a 'agent_reply' event carries no value"),
            ("agent_reply", {"added": ["vip"]}, "added: a 'agent_reply' event carries no added"),
            ("agent_reply", {"removed": "vip"}, "removed: a 'agent_reply' event carries no"),
            ("tags", {"added": [""]}, "added: must not be empty"),
            ("tags", {"removed": [None]}, "removed must be a string"),
        ],
    )
    def test_rows_that_do_not_fit_their_kind(
        self, kind: str, columns: dict[str, Any], text: str
    ) -> None:
        """Such a row makes its ticket an error row naming the row; others are evaluated."""
        data: dict[str, Any] = {
            "ticket": ["bad", "bad", "good"],
            "at": pa.array([T, T + H, T], pa.timestamp("us", "UTC")),
            "kind": ["created", kind, "created"],
            "priority": ["normal", None, "normal"],
        }
        for name in ("field", "value", "added", "removed"):
            value = columns.get(name)
            typ = pa.list_(pa.string()) if isinstance(value, list) else pa.string()
            data[name] = pa.array([None, value, None], typ)
        parts = split(evaluate_table(pa.table(data), DESK, T + 2 * H))
        (error,) = parts["error"]
        assert (error["ticket"], error["problem"], error["input_row"]) == (
            "bad",
            "invalid_events",
            1,
        )
        assert text in error["message"]
        assert {r["ticket"] for r in parts["clock"]} == {"good"}
