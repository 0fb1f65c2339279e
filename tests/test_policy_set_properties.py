"""Hypothesis properties of PolicySet: constant conditions, batch and finished cycles."""

from __future__ import annotations

from datetime import timedelta, timezone

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.sla import Condition, PolicySet, TicketEvent, evaluate, evaluate_many
from strategies_sla import instants, policies, tickets

UTC = timezone.utc
MINUTE = timedelta(minutes=1)
GROUPS = ("billing", "support", "sales")
PLANS = ("gold", "free")
TAGS = ("vip", "beta")

#: Conditions over the fields and tags the tickets below set once, at creation.
_LEAVES = st.one_of(
    st.builds(Condition.equals, st.just("group"), st.none() | st.sampled_from(GROUPS)),
    st.builds(
        Condition.among, st.just("custom.plan"), st.lists(st.sampled_from(PLANS), min_size=1)
    ),
    st.builds(Condition.has_tag, st.sampled_from(TAGS)),
    st.builds(Condition.lacks_tag, st.sampled_from(TAGS)),
)
conditions = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.builds(Condition.negate, inner),
        st.lists(inner, max_size=3).map(lambda cs: Condition.all_of(*cs)),
        st.lists(inner, max_size=3).map(lambda cs: Condition.any_of(*cs)),
    ),
    max_leaves=6,
)


@st.composite
def policy_sets(draw: st.DrawFn) -> PolicySet:
    """Sets of one to three policies (renamed apart) and maybe a fallback."""
    rules = [
        (draw(conditions), attrs.evolve(draw(policies()), name=f"p{i}"))
        for i in range(draw(st.integers(1, 3)))
    ]
    fallback = draw(st.none() | policies().map(lambda p: attrs.evolve(p, name="fallback")))
    return PolicySet("set", rules, fallback=fallback)


@st.composite
def constant_tickets(draw: st.DrawFn) -> list[TicketEvent]:
    """A ticket whose tested fields and tags are set at creation and never change.

    Other fields (``channel``) and other tags (``noise``) change along the way, so the
    set is re-checked without its choice changing.
    """
    events = draw(tickets())
    fields = {}
    if draw(st.booleans()):
        fields["group"] = draw(st.sampled_from(GROUPS))
    if draw(st.booleans()):
        fields["custom.plan"] = draw(st.sampled_from(PLANS))
    tags = draw(st.lists(st.sampled_from(TAGS), unique=True))
    first = attrs.evolve(events[0], fields=fields, tags=tags)
    start = first.at
    noise = [
        draw(
            st.sampled_from(
                (
                    TicketEvent(start + m * MINUTE, "field", field="channel", value="email"),
                    TicketEvent(start + m * MINUTE, "field", field="channel", value=None),
                    TicketEvent(start + m * MINUTE, "tags", added=["noise"]),
                    TicketEvent(start + m * MINUTE, "tags", removed=["noise"]),
                )
            )
        )
        for m in draw(st.lists(st.integers(1, 10 * 24 * 60), max_size=4))
    ]
    return [first, *events[1:], *noise]


@st.composite
def changing_tickets(draw: st.DrawFn) -> list[TicketEvent]:
    """A ticket whose tested fields and tags change along the way."""
    events = draw(tickets())
    start = events[0].at
    changes = [
        draw(
            st.one_of(
                st.builds(
                    lambda g, m=m: TicketEvent(start + m * MINUTE, "field", field="group", value=g),
                    st.none() | st.sampled_from(GROUPS),
                ),
                st.builds(
                    lambda a, r, m=m: TicketEvent(start + m * MINUTE, "tags", added=a, removed=r),
                    st.lists(st.sampled_from(TAGS), max_size=2),
                    st.lists(st.sampled_from(TAGS), max_size=2),
                ),
            )
        )
        for m in draw(st.lists(st.integers(0, 10 * 24 * 60), max_size=5))
    ]
    return [events[0], *events[1:], *changes]


def _plain(report):
    """The report's metrics with each cycle's policy name left out."""
    return tuple(
        attrs.evolve(m, cycles=tuple(attrs.evolve(c, policy=None) for c in m.cycles))
        for m in report.metrics
    )


class TestConstantConditions:
    """With conditions that never change, a set is the policy it chose."""

    @settings(max_examples=150, deadline=None)
    @given(policy_sets(), constant_tickets(), instants(days=16))
    def test_equals_the_matching_policy(self, policy_set, events, now):
        """evaluate(set) equals evaluate(the policy its conditions choose) at creation."""
        first = events[0]
        chosen = policy_set.choose(dict(first.fields), set(first.tags))
        if first.at > now:
            return
        report = evaluate(policy_set, events, now)
        assert len(report.governing) == 1
        assert report.governing[0].policy == (None if chosen is None else chosen.name)
        assert report.governing[0].end is None
        if chosen is None:
            assert report.metrics == ()
            assert report.problems[-1].code == "no_policy"
            return
        single = evaluate(chosen, events, now)
        assert _plain(report) == single.metrics
        assert {c.policy for m in report.metrics for c in m.cycles} <= {chosen.name}
        assert (report.priority, report.status, report.ignored) == (
            single.priority,
            single.status,
            single.ignored,
        )
        assert report.problems == single.problems


class TestChangingConditions:
    """Sets whose choice changes along the ticket's life."""

    @settings(max_examples=80, deadline=None)
    @given(policy_sets(), st.lists(changing_tickets(), min_size=1, max_size=4), instants(days=16))
    def test_batch_equals_evaluate(self, policy_set, logs, now):
        """evaluate_many(set) keeps the reports evaluate(set) gives, ticket by ticket."""
        tickets = {str(i): log for i, log in enumerate(logs)}
        batch = evaluate_many(policy_set, tickets, now, reports=True)
        for ticket, log in tickets.items():
            if ticket in batch.errors:
                assert log[0].at > now
                continue
            assert batch.reports[ticket] == evaluate(policy_set, log, now)

    @settings(max_examples=80, deadline=None)
    @given(policy_sets(), changing_tickets(), st.sampled_from(GROUPS), st.integers(1, 600))
    def test_a_later_change_keeps_finished_cycles(self, policy_set, events, group, minutes):
        """A field change after a cycle stopped never changes that cycle."""
        last = max(e.at.astimezone(UTC) for e in events)
        change = TicketEvent(last + minutes * MINUTE, "field", field="group", value=group)
        now = change.at + 60 * MINUTE
        before = evaluate(policy_set, events, now)
        after = evaluate(policy_set, [*events, change], now)
        finished = {(m.metric, c.start): c for m in before for c in m.cycles if c.stop is not None}
        for m in after:
            for c in m.cycles:
                if (m.metric, c.start) in finished:
                    assert c == finished[m.metric, c.start]
        # every finished cycle is still there
        kept = {(m.metric, c.start) for m in after for c in m.cycles}
        assert set(finished) <= kept
        # the governing spans agree up to the change
        assert after.governing[: len(before.governing) - 1] == before.governing[:-1]
