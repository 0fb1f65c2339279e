"""Tests for servicekit.sla.PolicySet and Condition: choosing the policy by ticket fields."""

from __future__ import annotations

import json
import pickle
from datetime import datetime, timedelta, timezone
from typing import ClassVar

import attrs
import pytest

from servicekit.exceptions import ConfigError
from servicekit.hours import BusinessCalendar
from servicekit.sla import (
    CONDITION_OPS,
    MAX_CONDITION_DEPTH,
    Condition,
    Policy,
    PolicyRule,
    PolicySet,
    PolicySpan,
    StatusMap,
    Target,
    TicketEvent,
    evaluate,
    evaluate_many,
)

UTC = timezone.utc
T = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday
H = timedelta(hours=1)


def policy(name: str, **hours: float) -> Policy:
    """A policy with a first-reply target of ``hours[priority]`` hours per priority."""
    return Policy(name, {p: [Target("first_reply", timedelta(hours=h))] for p, h in hours.items()})


VIP = policy("vip", normal=1, high=0.5)
BILLING = policy("billing", normal=4)
STANDARD = policy("standard", normal=8, high=2)
DESK = PolicySet(
    "desk",
    [
        (Condition.has_tag("vip"), VIP),
        (Condition.equals("group", "billing"), BILLING),
    ],
    fallback=STANDARD,
)


def created(**kwargs: object) -> TicketEvent:
    """A ``created`` event at T, priority normal."""
    return TicketEvent(T, "created", priority="normal", **kwargs)  # type: ignore[arg-type]


class TestCondition:
    """Conditions: builders, matching, text, dicts and errors."""

    FIELDS: ClassVar = {"group": "billing", "channel": "email", "custom.plan": "gold"}
    TAGS = frozenset({"vip", "beta"})

    @pytest.mark.parametrize(
        ("condition", "expected"),
        [
            (Condition.equals("group", "billing"), True),
            (Condition.equals("group", "sales"), False),
            (Condition.equals("assignee", None), True),
            (Condition.equals("group", None), False),
            (Condition.among("channel", ["chat", "email"]), True),
            (Condition.among("channel", ["chat"]), False),
            (Condition.equals("custom.plan", "gold"), True),
            (Condition.has_tag("vip"), True),
            (Condition.has_tag("gold"), False),
            (Condition.lacks_tag("vip"), False),
            (Condition.lacks_tag("gold"), True),
            (Condition.negate(Condition.has_tag("vip")), False),
            (Condition.all_of(), True),
            (Condition.any_of(), False),
            (Condition.all_of(Condition.has_tag("vip"), Condition.has_tag("gold")), False),
            (Condition.any_of(Condition.has_tag("vip"), Condition.has_tag("gold")), True),
        ],
    )
    def test_matches(self, condition, expected):
        """Each operator tests what it says; an unset field is None."""
        assert condition.matches(self.FIELDS, self.TAGS) is expected
        assert Condition.from_dict(json.loads(json.dumps(condition.to_dict()))) == condition

    @pytest.mark.parametrize(
        ("condition", "text"),
        [
            (Condition.equals("group", None), "group = None"),
            (Condition.among("group", ["a", "b"]), "group in ('a', 'b')"),
            (Condition.lacks_tag("x"), "lacks tag 'x'"),
            (Condition.negate(Condition.has_tag("x")), "not (has tag 'x')"),
            (Condition.all_of(), "always"),
            (Condition.any_of(), "never"),
            (
                Condition.any_of(
                    Condition.all_of(Condition.has_tag("a"), Condition.has_tag("b")),
                    Condition.all_of(Condition.has_tag("c")),
                ),
                "(has tag 'a' and has tag 'b') or has tag 'c'",
            ),
        ],
    )
    def test_text(self, condition, text):
        """``str`` gives a short sentence for reports."""
        assert str(condition) == text

    def test_sets_pickle(self):
        """A set and a report holding spans pickle and compare equal."""
        assert pickle.loads(pickle.dumps(DESK)) == DESK  # noqa: S301 - our own value
        assert hash(pickle.loads(pickle.dumps(DESK))) == hash(DESK)  # noqa: S301
        report = evaluate(DESK, [created(tags=["vip"])], T + H)
        assert pickle.loads(pickle.dumps(report)) == report  # noqa: S301

    def test_values_are_immutable_and_pickle(self):
        """Conditions are frozen, hashable and pickle."""
        c = Condition.all_of(Condition.among("group", ["a", "b"]), Condition.has_tag("x"))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            c.op = "any"  # type: ignore[misc]
        assert hash(c) == hash(pickle.loads(pickle.dumps(c)))  # noqa: S301 - our own value
        assert pickle.loads(pickle.dumps(c)) == c  # noqa: S301

    @pytest.mark.parametrize(
        ("make", "path"),
        [
            (lambda: Condition("maybe"), "op"),
            (lambda: Condition("equals", values=("a",)), "field"),
            (lambda: Condition("equals", field="colour", values=("a",)), "field"),
            (lambda: Condition("equals", field="group", values=("a", "b")), "values"),
            (lambda: Condition("in", field="group"), "values"),
            (lambda: Condition("in", field="group", values=(None,)), "values"),
            (lambda: Condition("equals", field="group", values=("",)), "values"),
            (lambda: Condition("has_tag", field="group", values=("a",)), "field"),
            (lambda: Condition("has_tag"), "values"),
            (lambda: Condition("all", values=("a",)), "values"),
            (lambda: Condition("not"), "conditions"),
            (
                lambda: Condition("has_tag", values=("a",), conditions=(Condition("all"),)),
                "conditions",
            ),
        ],
    )
    def test_errors(self, make, path):
        """A malformed condition is a ConfigError naming the attribute."""
        with pytest.raises(ConfigError) as info:
            make()
        assert info.value.path == path

    @pytest.mark.parametrize(
        "make",
        [
            lambda: Condition(3),
            lambda: Condition("equals", field=3, values=("a",)),
            lambda: Condition("in", field="group", values="ab"),
            lambda: Condition("in", field="group", values={"a"}),
            lambda: Condition("in", field="group", values=(1,)),
            lambda: Condition("all", conditions=Condition("all")),
            lambda: Condition("all", conditions=("x",)),
        ],
    )
    def test_types(self, make):
        """A value of the wrong type is a TypeError."""
        with pytest.raises(TypeError):
            make()

    def test_depth_is_bounded(self):
        """Conditions nest at most MAX_CONDITION_DEPTH deep, built or read."""
        c = Condition.has_tag("x")
        for _ in range(MAX_CONDITION_DEPTH - 1):
            c = Condition.negate(c)
        with pytest.raises(ConfigError, match="nest"):
            Condition.negate(c)
        data: object = {"has_tag": "x"}
        for _ in range(MAX_CONDITION_DEPTH):
            data = {"not": data}
        with pytest.raises(ConfigError, match="too deep"):
            Condition.from_dict(data)
        deep: object = {"has_tag": "x"}
        for _ in range(100_000):  # far beyond the recursion limit: still a ConfigError
            deep = {"all": [deep]}
        with pytest.raises(ConfigError):
            Condition.from_dict(deep)

    def test_from_dict_lists_every_problem(self):
        """Every problem of a condition document is listed, each with its path."""
        with pytest.raises(ConfigError) as info:
            Condition.from_dict(
                {
                    "all": [
                        {"field": "colour", "equals": "red"},
                        {"field": "group", "in": []},
                        {"has_tag": 3},
                        {"not": "x"},
                        {"field": "group", "equals": "a", "in": ["b"]},
                        {"any": {}},
                        {"lacks_tag": "a", "field": "group", "extra": 1},
                        {"field": 3, "equals": "a"},
                        {"field": "group", "equals": 3},
                    ]
                },
                path="p",
            )
        paths = [p.path for p in info.value.problems]
        assert paths == [
            "p.all[0].field",
            "p.all[1].in",
            "p.all[2].has_tag",
            "p.all[3].not",
            "p.all[4]",
            "p.all[5].any",
            "p.all[6].extra",
            "p.all[6].field",
            "p.all[7].field",
            "p.all[8].equals",
        ]
        assert info.value.path == "p.all[0].field"
        assert "10 problems" in str(info.value)

    def test_one_problem_is_itself(self):
        """A single problem is raised as it is, with ``problems`` holding it."""
        with pytest.raises(ConfigError) as info:
            Condition.from_dict(["has_tag"])
        assert info.value.path == "when"
        assert info.value.problems == (info.value,)

    def test_ops_are_documented(self):
        """CONDITION_OPS lists every operator the dicts use."""
        assert set(CONDITION_OPS) == {"equals", "in", "has_tag", "lacks_tag", "not", "all", "any"}


class TestPolicySetValue:
    """The set's own checks, properties and dicts."""

    def test_choose(self):
        """The first matching policy governs; else the fallback; else none."""
        assert DESK.choose({"group": "billing"}, {"vip"}) is VIP
        assert DESK.choose({"group": "billing"}, set()) is BILLING
        assert DESK.choose({}, set()) is STANDARD
        bare = PolicySet("bare", [PolicyRule(Condition.has_tag("vip"), VIP)])
        assert bare.choose({}, set()) is None
        assert DESK.policies == (VIP, BILLING, STANDARD)
        assert DESK.metrics == ("first_reply",)
        assert DESK.statuses == StatusMap()

    def test_round_trip(self):
        """``from_dict(to_dict())`` gives the set back, through strict JSON."""
        office = BusinessCalendar.from_dict(
            {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
        )
        berlin = Policy(
            "berlin",
            {"normal": [Target("first_reply", 4 * H, office)]},
            calendars={"office": office},
            statuses=StatusMap.from_dict({"awaiting_vendor": "on_hold"}),
        )
        other = attrs.evolve(STANDARD, statuses=berlin.statuses)
        s = PolicySet(
            "follow-the-sun",
            [(Condition.equals("requester_zone", "Europe/Berlin"), berlin)],
            fallback=other,
        )
        data = json.loads(json.dumps(s.to_dict()))
        assert data["statuses"] == {"awaiting_vendor": "on_hold"}
        assert "statuses" not in data["policies"][0]
        assert data["policies"][0]["when"] == {"field": "requester_zone", "equals": "Europe/Berlin"}
        assert PolicySet.from_dict(data) == s
        assert PolicySet.from_dict(DESK.to_dict()) == DESK
        assert "fallback" not in PolicySet("x", [(Condition.all_of(), VIP)]).to_dict()

    @pytest.mark.parametrize(
        ("make", "path"),
        [
            (lambda: PolicySet("s", []), "rules"),
            (
                lambda: PolicySet(
                    "s", [(Condition.all_of(), VIP)], fallback=attrs.evolve(STANDARD, name="vip")
                ),
                "fallback.name",
            ),
            (
                lambda: PolicySet("s", [(Condition.all_of(), VIP), (Condition.all_of(), VIP)]),
                "rules[1].policy.name",
            ),
            (
                lambda: PolicySet(
                    "s",
                    [(Condition.all_of(), VIP)],
                    fallback=attrs.evolve(STANDARD, statuses=StatusMap.from_dict({"x": "open"})),
                ),
                "fallback.statuses",
            ),
        ],
    )
    def test_errors(self, make, path):
        """No policy, a name used twice or statuses that differ: a ConfigError with the path."""
        with pytest.raises(ConfigError) as info:
            make()
        assert info.value.path == path

    @pytest.mark.parametrize(
        "make",
        [
            lambda: PolicySet(3, [(Condition.all_of(), VIP)]),
            lambda: PolicySet("s", "rules"),
            lambda: PolicySet("s", [VIP]),
            lambda: PolicySet("s", [(VIP, Condition.all_of())]),
            lambda: PolicySet("s", [(Condition.all_of(), "vip")]),
            lambda: PolicySet("s", [], fallback="standard"),
        ],
    )
    def test_types(self, make):
        """A value of the wrong type is a TypeError."""
        with pytest.raises(TypeError):
            make()

    def test_from_dict_lists_every_problem(self):
        """Every problem of a set document is listed at once, each with its path."""
        with pytest.raises(ConfigError) as info:
            PolicySet.from_dict(
                {
                    "name": 3,
                    "colour": "red",
                    "statuses": {"limbo": "nowhere"},
                    "policies": [
                        {"when": {"field": "colour", "equals": "red"}, "name": "a", "targets": {}},
                        {"name": "b", "targets": {}},
                        {"when": {"has_tag": "x"}, "name": "c", "targets": {"normal": [{}]}},
                        {"when": {"has_tag": "x"}, "name": "a", "targets": {}},
                        {"when": {"has_tag": "x"}, "name": "d", "targets": {}, "statuses": {}},
                        "e",
                        {
                            "when": {"has_tag": "x"},
                            "name": "f",
                            "calendars": {"x": {"timezone": "Mars/Base", "hours": {}}},
                            "targets": {},
                        },
                    ],
                    "fallback": {"when": {"has_tag": "x"}, "name": "g", "targets": {}},
                }
            )
        paths = [p.path for p in info.value.problems]
        assert paths == [
            "colour",
            "name",
            "statuses.limbo",
            "policies[0].when.field",
            "policies[1].when",
            "policies[2].targets.normal[0].metric",
            "policies[3].name",
            "policies[4].statuses",
            "policies[5]",
            "policies[6].calendars.x.timezone",
            "fallback.when",
        ]
        assert all(isinstance(p, ConfigError) for p in info.value.problems)

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"name": "s"}, "policies"),
            ({"name": "s", "policies": {}}, "policies"),
            ({"name": "s", "fallback": []}, "fallback"),
        ],
    )
    def test_from_dict_shape(self, data, path):
        """No policies, or the wrong shape of them: a ConfigError naming the path."""
        with pytest.raises(ConfigError) as info:
            PolicySet.from_dict(data)
        assert info.value.path == path

    def test_from_dict_not_a_mapping(self):
        """A document that is not a mapping is a ConfigError."""
        with pytest.raises(ConfigError, match="mapping"):
            PolicySet.from_dict(["policies"])  # type: ignore[arg-type]

    def test_fallback_only(self):
        """A set may hold only a fallback: it governs every ticket."""
        s = PolicySet.from_dict({"name": "s", "fallback": STANDARD.to_dict()})
        assert s.rules == ()
        assert s.fallback == STANDARD


class TestEvaluate:
    """Evaluating a ticket against a set."""

    def test_governing_spans_follow_field_changes(self):
        """The governing policy is re-checked on each field and tags event."""
        events = [
            created(),
            TicketEvent(T + 0.25 * H, "field", field="group", value="billing"),
            TicketEvent(T + 0.5 * H, "tags", added=["vip"]),
            TicketEvent(T + 0.75 * H, "tags", removed=["vip"]),
            TicketEvent(T + 0.8 * H, "field", field="channel", value="email"),  # no change
            TicketEvent(T + 0.9 * H, "field", field="group", value=None),
        ]
        report = evaluate(DESK, events, T + 2 * H)
        assert [(s.policy, s.start, s.end, s.fallback) for s in report.governing] == [
            ("standard", T, T + 0.25 * H, True),
            ("billing", T + 0.25 * H, T + 0.5 * H, False),
            ("vip", T + 0.5 * H, T + 0.75 * H, False),
            ("billing", T + 0.75 * H, T + 0.9 * H, False),
            ("standard", T + 0.9 * H, None, True),
        ]
        assert report.governing[1].condition == Condition.equals("group", "billing")
        assert report.governing[1].reason == "group = 'billing'"
        assert report.governing[0].reason == "fallback"
        assert report.policy == "desk"
        data = report.to_dict()
        assert data["governing"][1] == {
            "policy": "billing",
            "start": (T + 0.25 * H).isoformat(),
            "end": (T + 0.5 * H).isoformat(),
            "condition": {"field": "group", "equals": "billing"},
            "fallback": False,
        }

    def test_running_cycle_takes_the_new_policys_target_from_its_start(self):
        """A policy change re-targets the running cycle from its start (Zendesk)."""
        events = [created(), TicketEvent(T + 0.5 * H, "tags", added=["vip"])]
        report = evaluate(DESK, events, T + 0.75 * H)
        cycle = report["first_reply"].current
        assert cycle.policy == "vip"
        assert cycle.deadline == T + H  # one hour from creation, not from the change
        assert cycle.status == "at_risk"
        later = evaluate(DESK, events, T + 1.5 * H)
        assert later["first_reply"].status == "breached"
        assert later["first_reply"].current.deadline == T + H

    def test_finished_cycle_keeps_its_target(self):
        """A cycle that stopped keeps the target of the policy governing at its stop."""
        events = [
            created(),
            TicketEvent(T + 3 * H, "agent_reply"),
            TicketEvent(T + 4 * H, "tags", added=["vip"]),
        ]
        report = evaluate(DESK, events, T + 5 * H)
        (cycle,) = report["first_reply"].cycles
        assert (cycle.policy, cycle.status, cycle.deadline) == ("standard", "met", T + 8 * H)
        assert report["first_reply"].target == VIP.target("normal", "first_reply")
        assert cycle.to_dict()["policy"] == "standard"

    def test_calendar_chosen_per_ticket_by_requester_zone(self):
        """Follow-the-sun: a policy per requester zone, each on its own office calendar."""
        berlin = BusinessCalendar.from_dict(
            {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
        )
        sydney = BusinessCalendar.from_dict(
            {"timezone": "Australia/Sydney", "hours": {"mon-fri": ["09:00-17:00"]}}
        )
        sun = PolicySet(
            "sun",
            [
                (
                    Condition.equals("requester_zone", "Europe/Berlin"),
                    Policy("emea", {"normal": [Target("first_reply", 2 * H, berlin)]}),
                ),
                (
                    Condition.equals("requester_zone", "Australia/Sydney"),
                    Policy("apac", {"normal": [Target("first_reply", 2 * H, sydney)]}),
                ),
            ],
        )
        # Monday 2026-11-23 06:00 UTC: 07:00 in Berlin, 17:00 in Sydney (closed).
        at = datetime(2026, 11, 23, 6, tzinfo=UTC)
        emea = [
            TicketEvent(
                at, "created", priority="normal", fields={"requester_zone": "Europe/Berlin"}
            )
        ]
        apac = [
            TicketEvent(
                at, "created", priority="normal", fields={"requester_zone": "Australia/Sydney"}
            )
        ]
        now = at + H
        assert evaluate(sun, emea, now)["first_reply"].deadline == datetime(
            2026, 11, 23, 10, tzinfo=UTC
        )
        # Sydney opens Tuesday 09:00 AEDT = Monday 22:00 UTC; two hours later: 00:00 UTC.
        assert evaluate(sun, apac, now)["first_reply"].deadline == datetime(
            2026, 11, 24, 0, tzinfo=UTC
        )

    def test_no_policy_matches(self):
        """Without a fallback, a ticket no policy matches has no targets: problem no_policy."""
        bare = PolicySet("bare", [(Condition.has_tag("vip"), VIP)])
        report = evaluate(bare, [created()], T + H)
        assert report.metrics == ()
        assert [p.code for p in report.problems] == ["no_policy"]
        assert report.problems[0].index == -1
        assert report.governing == (PolicySpan(None, T, None, None),)
        assert report.governing[0].reason == "no policy matched"
        assert report.to_dict()["governing"][0]["policy"] is None

    def test_cycle_finished_under_no_policy_is_not_measured(self):
        """A cycle that stopped while no policy governed has no target, so no cycle."""
        bare = PolicySet("bare", [(Condition.has_tag("vip"), VIP)])
        events = [
            created(),
            TicketEvent(T + H, "agent_reply"),
            TicketEvent(T + 2 * H, "tags", added=["vip"]),
        ]
        report = evaluate(bare, events, T + 3 * H)
        assert report["first_reply"].cycles == ()
        assert report["first_reply"].status == "not_started"
        assert report.problems == ()

    def test_unknown_priority_under_the_governing_policy(self):
        """unknown_priority names the governing policy."""
        events = [
            created(),
            TicketEvent(T, "tags", added=["vip"]),
            TicketEvent(T + H, "priority", priority="low"),
        ]
        report = evaluate(DESK, events, T + 2 * H)
        assert [p.code for p in report.problems] == ["unknown_priority"]
        assert "'vip'" in report.problems[0].message

    def test_priority_is_a_field(self):
        """A condition may test the priority; a priority change re-checks the set."""
        s = PolicySet(
            "p",
            [(Condition.equals("priority", "high"), policy("urgent-desk", high=0.25))],
            fallback=STANDARD,
        )
        events = [created(), TicketEvent(T + 0.1 * H, "field", field="priority", value="high")]
        report = evaluate(s, events, T + 0.2 * H)
        assert [g.policy for g in report.governing] == ["standard", "urgent-desk"]
        assert report["first_reply"].current.deadline == T + 0.25 * H

    def test_initial_fields_and_tags(self):
        """``created`` carries the initial fields and tags the set tests."""
        report = evaluate(DESK, [created(fields={"group": "billing"})], T + H)
        assert [g.policy for g in report.governing] == ["billing"]
        report = evaluate(DESK, [created(tags=["vip"])], T + H)
        assert [g.policy for g in report.governing] == ["vip"]

    def test_changes_at_one_instant_leave_no_empty_span(self):
        """Several changes at one instant give one span; a change back gives none."""
        events = [
            created(),
            TicketEvent(T + H, "tags", added=["vip"]),
            TicketEvent(T + H, "tags", removed=["vip"]),
            TicketEvent(T + 2 * H, "field", field="group", value="billing"),
            TicketEvent(T + 2 * H, "tags", added=["vip"]),
        ]
        report = evaluate(DESK, events, T + 3 * H)
        assert [(g.policy, g.start) for g in report.governing] == [
            ("standard", T),
            ("vip", T + 2 * H),
        ]

    def test_single_policy_has_no_governing(self):
        """A single policy's report has no governing spans and its dict no key."""
        report = evaluate(STANDARD, [created()], T + H)
        assert report.governing == ()
        assert "governing" not in report.to_dict()
        assert "policy" not in report["first_reply"].cycles[0].to_dict()

    def test_type_error(self):
        """A policy that is neither a Policy nor a PolicySet is a TypeError."""
        with pytest.raises(TypeError, match="PolicySet"):
            evaluate("desk", [created()], T)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="PolicySet"):
            evaluate_many("desk", {}, T)  # type: ignore[arg-type]


class TestBatch:
    """evaluate_many with a set: the same clocks, rows naming the policy."""

    TICKETS: ClassVar = {
        "A": [created(), TicketEvent(T + 0.5 * H, "tags", added=["vip"])],
        "B": [created(fields={"group": "billing"}), TicketEvent(T + H, "agent_reply")],
        "C": [created(tags=["other"])],
        "D": [created(), TicketEvent(T, "priority", priority="urgent")],
    }

    def test_batch_equals_evaluate(self):
        """Each kept report equals evaluate's, and the rows name the policy."""
        batch = evaluate_many(DESK, self.TICKETS, T + 2 * H, reports=True)
        for ticket, events in self.TICKETS.items():
            assert batch.reports[ticket] == evaluate(DESK, events, T + 2 * H)
        rows = {(r["ticket"], r["metric"]): r for r in batch.rows}
        assert rows["A", "first_reply"]["policy"] == "vip"
        assert rows["B", "first_reply"]["policy"] == "billing"
        assert rows["C", "first_reply"]["policy"] == "standard"
        assert [p.code for p in batch.problems["D"]] == ["unknown_priority"]
        assert set(batch.problems) == {"D"}

    def test_not_started_row_and_no_policy(self):
        """A metric not started names the policy at now; no policy is a problem row."""
        s = PolicySet(
            "s",
            [
                (
                    Condition.has_tag("vip"),
                    Policy("vip", {"normal": [Target("next_reply", H)]}),
                )
            ],
        )
        batch = evaluate_many(s, {"A": [created(tags=["vip"])], "B": [created()]}, T + H)
        assert [(r["ticket"], r["status"], r["policy"]) for r in batch.rows] == [
            ("A", "not_started", "vip")
        ]
        assert [p.code for p in batch.problems["B"]] == ["no_policy"]

    def test_single_policy_rows_have_no_policy_column(self):
        """Rows of a single policy keep their columns."""
        batch = evaluate_many(STANDARD, {"A": [created()]}, T + H)
        assert "policy" not in batch.rows[0]


class TestZendeskWorkedExample:
    """Zendesk's SLA Policies API reference, worked through.

    Source: Zendesk developer documentation, *SLA Policies*
    (https://developer.zendesk.com/api-reference/ticketing/business-rules/sla_policies/):
    "For urgent incidents, we will respond to tickets in 10 minutes and resolve the
    ticket within 2 hours. For high priority incidents, we will respond to tickets in
    30 minutes and resolve the ticket within 8 hours." A policy's ``filter`` holds the
    conditions a ticket must match, and its ``position`` "determines the order they
    will be matched". Zendesk's troubleshooting guide adds that policies are applied
    on ticket events (creation or update). The ticket type is a Zendesk field that
    servicekit models as the custom field ``custom.type``.
    """

    INCIDENTS = Policy(
        "Incidents",
        {
            "urgent": [
                Target("first_reply", timedelta(minutes=10)),
                Target("resolution", 2 * H),
            ],
            "high": [
                Target("first_reply", timedelta(minutes=30)),
                Target("resolution", 8 * H),
            ],
        },
    )
    EVERYTHING_ELSE = Policy(
        "Everything else",
        {
            "urgent": [Target("first_reply", H), Target("resolution", 8 * H)],
            "high": [Target("first_reply", 4 * H), Target("resolution", 24 * H)],
        },
    )
    SET = PolicySet(
        "zendesk",
        [(Condition.equals("custom.type", "incident"), INCIDENTS)],
        fallback=EVERYTHING_ELSE,
    )

    def test_an_urgent_incident(self):
        """An urgent incident: reply within 10 minutes, resolve within 2 hours."""
        events = [
            TicketEvent(T, "created", priority="urgent", fields={"custom.type": "incident"}),
            TicketEvent(T + timedelta(minutes=8), "agent_reply"),
            TicketEvent(T + 90 * timedelta(minutes=1), "status", status="solved"),
        ]
        report = evaluate(self.SET, events, T + 3 * H)
        assert report["first_reply"].status == "met"
        assert report["resolution"].status == "met"
        assert [g.policy for g in report.governing] == ["Incidents"]

    def test_a_question_that_turns_out_to_be_an_incident(self):
        """A question that becomes an incident is measured as an incident from creation.

        A high question becomes an incident after 20 minutes: the running reply
        target becomes 30 minutes from creation, and is missed at 40 minutes; the
        resolution target becomes 8 hours.
        """
        events = [
            TicketEvent(T, "created", priority="high", fields={"custom.type": "question"}),
            TicketEvent(T + timedelta(minutes=20), "field", field="custom.type", value="incident"),
            TicketEvent(T + timedelta(minutes=40), "agent_reply"),
        ]
        report = evaluate(self.SET, events, T + H)
        reply = report["first_reply"].cycles[0]
        assert (reply.policy, reply.deadline, reply.status) == (
            "Incidents",
            T + timedelta(minutes=30),
            "missed",
        )
        assert report["resolution"].current.deadline == T + 8 * H
        assert [(g.policy, g.start) for g in report.governing] == [
            ("Everything else", T),
            ("Incidents", T + timedelta(minutes=20)),
        ]
        # As a question all along it would have met its 4-hour reply target.
        question = evaluate(self.SET, [events[0], events[2]], T + H)
        assert question["first_reply"].status == "met"

    def test_position_decides_between_matching_policies(self):
        """Two policies match: the one listed first governs (Zendesk's position)."""
        vip = Policy("VIP", {"high": [Target("first_reply", timedelta(minutes=15))]})
        first = PolicySet(
            "a",
            [
                (Condition.has_tag("vip"), vip),
                (Condition.equals("custom.type", "incident"), self.INCIDENTS),
            ],
        )
        second = PolicySet("b", list(reversed(first.rules)))
        events = [
            TicketEvent(
                T, "created", priority="high", fields={"custom.type": "incident"}, tags=["vip"]
            )
        ]
        assert evaluate(first, events, T)["first_reply"].target.within == timedelta(minutes=15)
        assert evaluate(second, events, T)["first_reply"].target.within == timedelta(minutes=30)
