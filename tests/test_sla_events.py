"""Tests for servicekit.sla events, targets and policies (values and their dicts)."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given

from servicekit.exceptions import ConfigError, NaiveDatetimeError, UnknownTimeZoneError
from servicekit.hours import BusinessCalendar
from servicekit.sla import METRICS, Policy, Target, TicketEvent, evaluate
from strategies_sla import policies, ticket_events

UTC = timezone.utc
T = datetime(2026, 11, 20, 9, tzinfo=UTC)
OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}


class TestTicketEvent:
    """Events validate their kind and the fields each kind carries."""

    @pytest.mark.parametrize(
        ("kind", "field"), [("created", "priority"), ("priority", "priority"), ("status", "status")]
    )
    def test_missing_field(self, kind, field):
        """An event without the field its kind carries is a ConfigError naming it."""
        with pytest.raises(ConfigError, match="missing") as info:
            TicketEvent(T, kind)
        assert field == info.value.path
        with pytest.raises(ConfigError) as info:
            TicketEvent.from_dict({"at": "2026-11-20T09:00:00Z", "kind": kind}, path="e")
        assert f"e.{field}" == info.value.path

    def test_priority_type(self):
        """A priority that is not a string is a TypeError."""
        with pytest.raises(TypeError, match="priority"):
            TicketEvent(T, "created", priority=1)  # type: ignore[arg-type]

    def test_empty_priority(self):
        """An empty priority is a ConfigError on the priority field."""
        with pytest.raises(ConfigError) as info:
            TicketEvent(T, "priority", priority="")
        assert "priority" == info.value.path

    def test_status_is_any_name(self):
        """A status event may carry a desk's own status; the policy judges it."""
        assert "waiting" == TicketEvent(T, "status", status="waiting").status
        with pytest.raises(ConfigError) as info:
            TicketEvent(T, "status", status="")
        assert "status" == info.value.path

    @pytest.mark.parametrize("field", ["priority", "status"])
    def test_field_the_kind_does_not_carry(self, field):
        """A reply carries neither priority nor status."""
        with pytest.raises(ConfigError) as info:
            TicketEvent(T, "agent_reply", **{field: "open"})
        assert field == info.value.path

    def test_unknown_kind(self):
        """An unknown kind names the kinds it accepts."""
        with pytest.raises(ConfigError, match="'email'") as info:
            TicketEvent(T, "email")
        assert "kind" == info.value.path

    def test_kind_type(self):
        """A kind that is not a string is a TypeError."""
        with pytest.raises(TypeError, match="kind"):
            TicketEvent(T, 3)  # type: ignore[arg-type]

    def test_naive(self):
        """A naive instant is refused."""
        with pytest.raises(NaiveDatetimeError):
            TicketEvent(datetime(2026, 11, 20, 9), "agent_reply")  # noqa: DTZ001

    def test_tags(self):
        """Tags are kept in order; a bare string is refused."""
        assert ("faq", "kb") == TicketEvent(T, "agent_reply", tags=["faq", "kb"]).tags
        with pytest.raises(TypeError, match="single string"):
            TicketEvent(T, "agent_reply", tags="faq")  # type: ignore[arg-type]
        with pytest.raises(ConfigError):
            TicketEvent(T, "agent_reply", tags=[""])

    def test_equal_instants_in_other_zones_are_equal_events(self):
        """The cached instant does not take part in equality."""
        a = TicketEvent(T, "agent_reply")
        assert a == copy.deepcopy(a)
        assert hash(a) == hash(pickle.loads(pickle.dumps(a)))  # noqa: S301 - own data


class TestTicketEventDicts:
    """from_dict reads what to_dict writes and names bad fields."""

    def test_to_dict(self):
        """Only the fields that are set are written."""
        e = TicketEvent(T, "agent_reply", tags=("faq",))
        assert {"at": "2026-11-20T09:00:00+00:00", "kind": "agent_reply", "tags": ["faq"]} == (
            e.to_dict()
        )

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"kind": "agent_reply"}, "events[2].at"),
            ({"at": "2026-11-20T09:00:00Z"}, "events[2].kind"),
            ({"at": "2026-11-20T09:00:00", "kind": "agent_reply"}, "events[2].at"),
            (
                {"at": "2026-11-20T09:00:00Z", "kind": "status", "status": ""},
                "events[2].status",
            ),
            ({"at": "2026-11-20T09:00:00Z", "kind": "status", "status": 3}, "events[2].status"),
            (
                {"at": "2026-11-20T09:00:00Z", "kind": "agent_reply", "tags": "faq"},
                "events[2].tags",
            ),
            ({"at": "2026-11-20T09:00:00Z", "kind": "agent_reply", "who": "x"}, "events[2].who"),
        ],
    )
    def test_errors_name_the_path(self, data, path):
        """Each malformed field is reported with its path."""
        with pytest.raises(ConfigError) as info:
            TicketEvent.from_dict(data, path="events[2]")
        assert path == info.value.path

    def test_not_a_mapping(self):
        """A list is not an event."""
        with pytest.raises(ConfigError):
            TicketEvent.from_dict([])  # type: ignore[arg-type]

    def test_no_path(self):
        """Without a path the field name alone is the path."""
        with pytest.raises(ConfigError) as info:
            TicketEvent.from_dict({"at": "2026-11-20T09:00:00Z", "kind": "nope"})
        assert "kind" == info.value.path

    @given(ticket_events())
    def test_round_trip(self, event):
        """from_dict(to_dict(e)) == e."""
        assert event == TicketEvent.from_dict(event.to_dict())


class TestTarget:
    """Targets refuse unknown metrics, negative times and bad warning levels."""

    def test_defaults(self):
        """24/7 and 75 % by default."""
        t = Target("first_reply", timedelta(hours=4))
        assert t.calendar is None
        assert 0.75 == t.warn_at

    def test_unknown_metric(self):
        """An unknown metric names the known ones."""
        with pytest.raises(ConfigError, match="first_reply") as info:
            Target("first_response", timedelta(hours=4))
        assert "metric" == info.value.path

    def test_negative_within(self):
        """A negative target time is refused."""
        with pytest.raises(ConfigError, match="-PT1H") as info:
            Target("first_reply", timedelta(hours=-1))
        assert "within" == info.value.path

    @pytest.mark.parametrize("warn_at", [0, -0.5, 1.01, 2])
    def test_warn_at_range(self, warn_at):
        """warn_at lies in (0, 1]."""
        with pytest.raises(ConfigError) as info:
            Target("first_reply", timedelta(hours=4), warn_at=warn_at)
        assert "warn_at" == info.value.path

    @pytest.mark.parametrize(
        ("kwargs", "word"),
        [
            ({"metric": 1, "within": timedelta(1)}, "metric"),
            ({"metric": "first_reply", "within": 4}, "within"),
            ({"metric": "first_reply", "within": timedelta(1), "warn_at": True}, "warn_at"),
            ({"metric": "first_reply", "within": timedelta(1), "calendar": "office"}, "calendar"),
        ],
    )
    def test_types(self, kwargs, word):
        """Wrong types are TypeErrors naming the field."""
        with pytest.raises(TypeError, match=word):
            Target(**kwargs)

    def test_warn_at_one_is_allowed(self):
        """warn_at = 1 means: no warning before the breach."""
        assert 1.0 == Target("first_reply", timedelta(hours=4), warn_at=1).warn_at

    def test_inline_calendar_dict(self):
        """A target may carry its calendar inline."""
        t = Target.from_dict({"metric": "first_reply", "within": "PT4H", "calendar": OFFICE})
        assert BusinessCalendar.from_dict(OFFICE) == t.calendar
        assert t == Target.from_dict(t.to_dict())


class TestTargetDicts:
    """Target.from_dict reports every problem with a path."""

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"within": "PT4H"}, "t.metric"),
            ({"metric": "first_reply"}, "t.within"),
            ({"metric": 3, "within": "PT4H"}, "t.metric"),
            ({"metric": "nope", "within": "PT4H"}, "t.metric"),
            ({"metric": "first_reply", "within": "4h"}, "t.within"),
            ({"metric": "first_reply", "within": "-PT4H"}, "t.within"),
            ({"metric": "first_reply", "within": "PT4H", "warn_at": "high"}, "t.warn_at"),
            ({"metric": "first_reply", "within": "PT4H", "warn_at": 1.5}, "t.warn_at"),
            ({"metric": "first_reply", "within": "PT4H", "calendar": "office"}, "t.calendar"),
            ({"metric": "first_reply", "within": "PT4H", "calendar": 3}, "t.calendar"),
            ({"metric": "first_reply", "within": "PT4H", "extra": 3}, "t.extra"),
            (
                {
                    "metric": "first_reply",
                    "within": "PT4H",
                    "calendar": {"timezone": "UTC", "hours": {"mon": ["25:00-26:00"]}},
                },
                "t.calendar.hours.mon[0]",
            ),
        ],
    )
    def test_errors(self, data, path):
        """Each bad field is a ConfigError with its path."""
        with pytest.raises(ConfigError) as info:
            Target.from_dict(data, path="t")
        assert path == info.value.path

    def test_not_a_mapping(self):
        """A list is not a target."""
        with pytest.raises(ConfigError):
            Target.from_dict(["first_reply"])  # type: ignore[arg-type]


class TestPolicy:
    """Policies hold one target per metric and priority."""

    def test_from_dict_with_named_calendar(self):
        """The issue's example dict builds a policy whose target uses the named calendar."""
        policy = Policy.from_dict(
            {
                "name": "office",
                "calendars": {"office": OFFICE},
                "targets": {
                    "normal": [{"metric": "first_reply", "within": "PT4H", "calendar": "office"}]
                },
            }
        )
        target = policy.target("normal", "first_reply")
        assert target is not None
        assert BusinessCalendar.from_dict(OFFICE) == target.calendar
        assert ("first_reply",) == policy.metrics

    def test_duplicate_metric(self):
        """Two targets for one metric under one priority are refused."""
        with pytest.raises(ConfigError) as info:
            Policy(
                "p",
                {
                    "normal": [
                        Target("first_reply", timedelta(hours=4)),
                        Target("first_reply", timedelta(hours=8)),
                    ]
                },
            )
        assert "targets.normal[1].metric" == info.value.path

    def test_single_target_is_accepted(self):
        """A lone Target stands for a list of one."""
        t = Target("first_reply", timedelta(hours=4))
        assert (t,) == Policy("p", {"normal": t}).targets["normal"]

    @pytest.mark.parametrize(
        ("targets", "exc"),
        [
            ([("normal", [])], TypeError),
            ({1: []}, TypeError),
            ({"": []}, ConfigError),
            ({"normal": ["first_reply"]}, TypeError),
        ],
    )
    def test_bad_targets(self, targets, exc):
        """Targets must map priority names to Target values."""
        with pytest.raises(exc):
            Policy("p", targets)

    def test_bad_name_and_calendars(self):
        """The name is a string; calendars map names to calendars."""
        with pytest.raises(TypeError):
            Policy(3, {})  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            Policy("p", {}, calendars=[1])  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            Policy("p", {}, calendars={1: BusinessCalendar.always()})  # type: ignore[dict-item]

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ([], ""),
            ({"name": "p", "targets": {}, "slas": {}}, "slas"),
            ({"targets": {}}, "name"),
            ({"name": "p", "calendars": [], "targets": {}}, "calendars"),
            ({"name": "p", "calendars": {"": OFFICE}, "targets": {}}, "calendars"),
            ({"name": "p", "calendars": {"office": "24/7"}, "targets": {}}, "calendars.office"),
            (
                {
                    "name": "p",
                    "calendars": {"office": {"timezone": "UTC", "hours": {"mon": "x"}}},
                    "targets": {},
                },
                "calendars.office.hours.mon",
            ),
            ({"name": "p"}, "targets"),
            ({"name": "p", "targets": {"": []}}, "targets"),
            ({"name": "p", "targets": {"normal": {}}}, "targets.normal"),
            (
                {
                    "name": "p",
                    "targets": {
                        "normal": [
                            {"metric": "first_reply", "within": "PT4H", "calendar": "office"}
                        ]
                    },
                },
                "targets.normal[0].calendar",
            ),
            (
                {
                    "name": "p",
                    "targets": {
                        "normal": [
                            {"metric": "first_reply", "within": "PT1H"},
                            {"metric": "x", "within": "PT1H"},
                        ]
                    },
                },
                "targets.normal[1].metric",
            ),
            (
                {
                    "name": "p",
                    "targets": {
                        "normal": [{"metric": "first_reply", "within": "PT1H", "warn_at": 0}]
                    },
                },
                "targets.normal[0].warn_at",
            ),
            (
                {"name": "p", "targets": {"urgent": [{"metric": "resolution", "within": "-PT1H"}]}},
                "targets.urgent[0].within",
            ),
        ],
    )
    def test_from_dict_errors(self, data, path):
        """Every problem of a policy dict is a ConfigError with its path."""
        with pytest.raises(ConfigError) as info:
            Policy.from_dict(data)
        assert path == info.value.path

    def test_unknown_zone_names_the_path(self):
        """An unknown zone in a calendar is reported with the calendar's path."""
        data = {"name": "p", "calendars": {"office": {"timezone": "Europe/Berln", "hours": "24/7"}}}
        with pytest.raises(UnknownTimeZoneError) as info:
            Policy.from_dict({**data, "targets": {}})
        assert "calendars.office.timezone" == info.value.field

    def test_undefined_calendar_message(self):
        """The error lists the calendars that are defined."""
        data = {
            "name": "p",
            "calendars": {"office": OFFICE},
            "targets": {
                "normal": [{"metric": "first_reply", "within": "PT4H", "calendar": "ofice"}]
            },
        }
        with pytest.raises(ConfigError, match=r"'ofice' is not defined.*'office'"):
            Policy.from_dict(data)

    def test_to_dict_writes_unnamed_calendars_inline(self):
        """Calendars the policy does not name are written inline, and come back unnamed."""
        office = BusinessCalendar.from_dict(OFFICE)
        weekend = BusinessCalendar.from_dict(
            {"timezone": "UTC", "hours": {"sat-sun": ["10:00-14:00"]}}
        )
        policy = Policy(
            "p",
            {
                "normal": [
                    Target("first_reply", timedelta(hours=4), office),
                    Target("resolution", timedelta(days=2), weekend),
                ],
                "low": [Target("first_reply", timedelta(hours=8), office)],
            },
            calendars={"calendar1": BusinessCalendar.always()},
        )
        data = policy.to_dict()
        assert ["calendar1"] == list(data["calendars"])
        assert office.to_dict() == data["targets"]["low"][0]["calendar"]
        again = Policy.from_dict(data)
        assert policy == again
        assert policy.calendars == again.calendars

    def test_evolve_keeps_targets(self):
        """attrs.evolve passes the frozen targets mapping through unchanged."""
        policy = Policy("p", {"normal": [Target("first_reply", timedelta(hours=4))]})
        renamed = attrs.evolve(policy, name="q")
        assert policy.targets is renamed.targets

    def test_targets_mapping_contract(self):
        """The targets mapping is read-only, hashable and compares with dicts."""
        t = Target("first_reply", timedelta(hours=4))
        policy = Policy("p", {"normal": [t]})
        assert {"normal": (t,)} == policy.targets
        assert policy.targets != 3
        assert ["normal"] == list(policy.targets)
        assert 1 == len(policy.targets)
        assert "normal" in repr(policy.targets)
        assert hash(policy) == hash(Policy("p", {"normal": (t,)}))
        assert policy == pickle.loads(pickle.dumps(policy))  # noqa: S301 - own data
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            policy.name = "q"  # type: ignore[misc]

    @given(policies())
    def test_round_trip(self, policy):
        """from_dict(to_dict(p)) has the same targets."""
        again = Policy.from_dict(policy.to_dict())
        assert policy.name == again.name
        assert policy.targets == again.targets

    @given(policies())
    def test_metrics_in_order(self, policy):
        """Policy.metrics lists the targeted metrics in METRICS order."""
        assert list(policy.metrics) == [m for m in METRICS if m in policy.metrics]


class TestFieldAndTagsEvents:
    """``field`` and ``tags`` events, and the initial fields of ``created``."""

    def test_field_event(self):
        """A field event carries the field's name and its new value, or None."""
        e = TicketEvent(T, "field", field="group", value="billing")
        assert e.to_dict() == {
            "at": "2026-11-20T09:00:00+00:00",
            "kind": "field",
            "field": "group",
            "value": "billing",
        }
        cleared = TicketEvent.from_dict(
            {"at": "2026-11-20T09:00:00Z", "kind": "field", "field": "custom.plan", "value": None}
        )
        assert cleared.value is None
        assert cleared.to_dict()["value"] is None
        assert cleared.field == "custom.plan"

    def test_tags_event(self):
        """A tags event carries the tags added and removed."""
        e = TicketEvent.from_dict(
            {"at": "2026-11-20T09:00:00Z", "kind": "tags", "added": ["vip"], "removed": []}
        )
        assert (e.added, e.removed) == (("vip",), ())
        assert e.to_dict() == {
            "at": "2026-11-20T09:00:00+00:00",
            "kind": "tags",
            "added": ["vip"],
            "removed": [],
        }

    def test_created_with_fields(self):
        """``created`` carries the initial fields (sorted pairs) and tags."""
        e = TicketEvent(
            T, "created", priority="high", fields={"group": "b", "channel": "email"}, tags=["vip"]
        )
        assert e.fields == (("channel", "email"), ("group", "b"))
        assert e.to_dict()["fields"] == {"channel": "email", "group": "b"}
        assert TicketEvent.from_dict(e.to_dict()) == e
        assert TicketEvent(T, "created", priority="high", fields=e.fields, tags=["vip"]) == e

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"kind": "field"}, "field"),
            ({"kind": "field", "field": "colour", "value": "x"}, "field"),
            ({"kind": "field", "field": "custom.", "value": "x"}, "field"),
            ({"kind": "field", "field": "group", "value": ""}, "value"),
            ({"kind": "field", "field": "priority"}, "value"),
            ({"kind": "status", "status": "open", "field": "group"}, "field"),
            ({"kind": "agent_reply", "value": "x"}, "value"),
            ({"kind": "agent_reply", "added": ["x"]}, "added"),
            ({"kind": "field", "field": "group", "removed": ["x"]}, "removed"),
            ({"kind": "tags", "added": [""]}, "added"),
            ({"kind": "agent_reply", "fields": {"group": "x"}}, "fields"),
            ({"kind": "created", "priority": "p", "fields": {"priority": "x"}}, "fields.priority"),
            ({"kind": "created", "priority": "p", "fields": {"nope": "x"}}, "fields.nope"),
            ({"kind": "created", "priority": "p", "fields": {"group": ""}}, "fields.group"),
        ],
    )
    def test_errors_name_the_field(self, kwargs, path):
        """A field the kind does not carry, or a bad one, is a ConfigError naming it."""
        kind = kwargs.pop("kind")
        with pytest.raises(ConfigError) as info:
            TicketEvent(T, kind, **kwargs)
        assert info.value.path == path
        data = {"at": "2026-11-20T09:00:00Z", "kind": kind, **kwargs}
        with pytest.raises(ConfigError) as info:
            TicketEvent.from_dict(data, path="events[2]")
        assert info.value.path == f"events[2].{path}"

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"kind": "field", "field": 3, "value": "x"}, "e.field"),
            ({"kind": "field", "field": "group", "value": 3}, "e.value"),
            ({"kind": "tags", "added": "vip"}, "e.added"),
            ({"kind": "tags", "removed": [1]}, "e.removed"),
            ({"kind": "created", "priority": "p", "fields": ["group"]}, "e.fields"),
            ({"kind": "created", "priority": "p", "fields": {"group": 1}}, "e.fields.group"),
        ],
    )
    def test_from_dict_types(self, data, path):
        """Values of the wrong type in a dict are ConfigErrors naming the path."""
        with pytest.raises(ConfigError) as info:
            TicketEvent.from_dict({"at": "2026-11-20T09:00:00Z", **data}, path="e")
        assert info.value.path == path

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"kind": "field", "field": 3},
            {"kind": "field", "field": "group", "value": 3},
            {"kind": "tags", "added": "vip"},
            {"kind": "tags", "removed": 3},
            {"kind": "created", "priority": "p", "fields": ["group"]},
            {"kind": "created", "priority": "p", "fields": {"group": 1}},
        ],
    )
    def test_types(self, kwargs):
        """Values of the wrong type are TypeErrors."""
        kind = kwargs.pop("kind")
        with pytest.raises(TypeError):
            TicketEvent(T, kind, **kwargs)


class TestSinglePolicyAndFieldEvents:
    """The single-policy engine ignores field and tags events but for the priority."""

    POLICY = Policy(
        "email",
        {
            "normal": [Target("first_reply", timedelta(hours=8))],
            "high": [Target("first_reply", timedelta(hours=1))],
        },
    )

    def test_field_priority_is_a_priority_event(self):
        """A ``field`` event on ``priority`` re-targets exactly as a ``priority`` event."""
        created = TicketEvent(T, "created", priority="normal")
        later = T + timedelta(minutes=30)
        now = T + timedelta(hours=2)
        by_field = evaluate(
            self.POLICY,
            [created, TicketEvent(later, "field", field="priority", value="high")],
            now,
        )
        by_priority = evaluate(
            self.POLICY, [created, TicketEvent(later, "priority", priority="high")], now
        )
        assert by_field == by_priority
        assert by_field.priority == "high"
        assert by_field["first_reply"].status == "breached"

    def test_other_fields_and_tags_change_nothing(self):
        """Other field events, tags events and initial fields leave every clock alone."""
        now = T + timedelta(hours=2)
        plain = [TicketEvent(T, "created", priority="normal")]
        rich = [
            TicketEvent(T, "created", priority="normal", fields={"group": "a"}, tags=["x"]),
            TicketEvent(T + timedelta(minutes=5), "field", field="group", value="b"),
            TicketEvent(T + timedelta(minutes=6), "field", field="custom.plan", value=None),
            TicketEvent(T + timedelta(minutes=7), "tags", added=["vip"], removed=["x"]),
        ]
        assert evaluate(self.POLICY, rich, now) == evaluate(self.POLICY, plain, now)

    def test_copies_of_field_events_are_duplicates(self):
        """An exact copy of a field event is reported once as a duplicate; others are not."""
        e = TicketEvent(T + timedelta(minutes=5), "field", field="group", value="b")
        other = TicketEvent(T + timedelta(minutes=5), "field", field="group", value="c")
        report = evaluate(
            self.POLICY,
            [TicketEvent(T, "created", priority="normal"), e, e, other],
            T + timedelta(hours=1),
        )
        assert [(p.code, p.index) for p in report.problems] == [("duplicate_event", 2)]
