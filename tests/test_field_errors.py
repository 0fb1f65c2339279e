"""Every error names its field (issue 20).

Table-driven: one valid value per public input class of ``hours``, ``channels``,
``onboarding``, ``replies`` and ``sla``; each field in turn is given wrong values
(wrong types, wrong shapes) through the constructor (``attrs.evolve``) and each key of
the ``to_dict`` document through ``from_dict``. Whatever is refused must be refused
with a documented error whose message or ``.path`` names the field.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import attrs
import pytest

from servicekit import channels, hours, onboarding, replies, sla
from servicekit.exceptions import ConfigError, ServicekitError
from servicekit.onboarding import flows

UTC = timezone.utc
DOCUMENTED = (ServicekitError, TypeError)


class _Bad:
    """A value of no type servicekit accepts anywhere."""

    def __repr__(self) -> str:
        return "<bad>"


#: Wrong values for a constructor argument: a foreign object, a number, an empty
#: string, lists and mappings holding a foreign object.
WRONG = (_Bad(), -1, "", [_Bad()], {"x": _Bad()}, ("x", _Bad()))
#: Wrong values for a key of a ``from_dict`` document.
WRONG_JSON = (None, 1, -1.5, True, "x", [], {}, [1], {"k": 1}, [[None]])


def _policy_set() -> sla.PolicySet:
    vip = sla.Policy("vip", {"normal": [sla.Target("first_reply", timedelta(hours=1))]})
    std = sla.Policy("standard", {"normal": [sla.Target("first_reply", timedelta(hours=8))]})
    return sla.PolicySet("desk", [(sla.Condition.has_tag("vip"), vip)], fallback=std)


OFFICE = hours.BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})
RULE = {"id": "r", "patterns": ["foo"], "why": "w", "suggestion": "s"}
SAMPLES = {
    "BusinessCalendar": lambda: hours.BusinessCalendar(
        "Europe/Berlin",
        {"mon-fri": ["09:00-17:00"]},
        holidays=[date(2026, 12, 25)],
        overrides={date(2026, 12, 24): [(9 * 3600, 12 * 3600)]},
        closures={date(2026, 12, 23): [(10 * 3600, 11 * 3600)]},
    ),
    "Availability": lambda: hours.Availability.from_dict(
        {
            "timezone": "Europe/Berlin",
            "hours": {"mon-fri": ["09:00-17:00"]},
            "channels": ["phone"],
            "reply_within": "PT8H",
        }
    ),
    "Change": lambda: hours.Change(date(2026, 5, 1), hours={"mon-fri": ["09:00-17:00"]}),
    "CombinedCalendar": lambda: OFFICE | OFFICE,
    "Member": lambda: hours.Member("Ann", "Europe/Berlin", {"mon-fri": ["09:00-17:00"]}),
    "OfficeHours": lambda: hours.OfficeHours.from_dict(
        {"host": "Europe/Berlin", "weekday": "mon", "start": "10:00", "duration": "PT1H"}
    ),
    "HolidayRule": lambda: hours.HolidayRule.from_dict({"country": "DE"}),
    "Phone": channels.Phone,
    "LiveChat": channels.LiveChat,
    "Email": channels.Email,
    "Tickets": channels.Tickets,
    "Forum": channels.Forum,
    "SelfHelp": channels.SelfHelp,
    "Demand": lambda: channels.Demand.from_dict(
        {"contacts": 900, "period": "P7D", "staffed_hours": 40}
    ),
    "Targets": channels.Targets,
    "Break": lambda: channels.Break.from_dict(
        {"length": "PT30M", "earliest": "PT1H", "latest": "PT2H"}
    ),
    "ShiftTemplate": lambda: channels.ShiftTemplate.from_dict(
        {"name": "day", "length": "PT4H", "starts": ["08:00"]}
    ),
    "Person": lambda: channels.Person.from_dict(
        {"name": "P", "timezone": "Europe/Berlin", "hours": {"mon-sun": ["00:00-24:00"]}}
    ),
    "ProfileInterval": lambda: channels.ProfileInterval.from_dict(
        {"start": "2026-03-02T08:00:00Z", "arrivals": 10}
    ),
    "State": lambda: onboarding.State("a", timers=[onboarding.Timer("t", timedelta(1), "e")]),
    "Transition": lambda: onboarding.Transition("a", "e", "b", guards=["g"], counts=["c"]),
    "Timer": lambda: onboarding.Timer("t", timedelta(days=1), "e"),
    "Requirement": lambda: onboarding.Requirement("verify first", state="a"),
    "Claim": lambda: flows.investment().claims[0],
    "Send": lambda: onboarding.Send("hello"),
    "Notify": lambda: onboarding.Notify("team", "hello"),
    "Flow": flows.complaint,
    "Migration": lambda: onboarding.Migration.from_dict(
        {"flow": "investment", "source": 1, "target": 2}
    ),
    "Rule": lambda: replies.Rule.from_dict(RULE),
    "RuleSet": lambda: replies.RuleSet.from_dict({"rules": [RULE]}),
    "Target": lambda: sla.Target("first_reply", timedelta(hours=4)),
    "Policy": lambda: sla.Policy.from_dict(
        {
            "name": "p",
            "calendars": {"office": {"timezone": "UTC", "hours": "24/7"}},
            "targets": {"normal": [{"metric": "first_reply", "within": "PT4H"}]},
        }
    ),
    "TicketEvent": lambda: sla.TicketEvent(
        datetime(2026, 3, 2, 9, tzinfo=UTC), "created", priority="normal", tags=("vip",)
    ),
    "FollowUpRule": lambda: sla.FollowUpRule.from_dict(
        {"name": "nudge", "after": "P3D", "trigger": "pending", "unless": ["customer_message"]}
    ),
    "Condition": lambda: sla.Condition.from_dict({"field": "priority", "equals": "urgent"}),
    "CustomStatus": lambda: sla.CustomStatus("awaiting_vendor", "on_hold", {"resolution": "pause"}),
    "StatusMap": lambda: sla.StatusMap(
        [sla.CustomStatus("awaiting_vendor", "on_hold", {"resolution": "pause"})]
    ),
    "PolicySet": _policy_set,
    "PolicyRule": lambda: _policy_set().rules[0],
}


def _error(call, *args, **kwargs) -> BaseException | None:
    """The documented error ``call`` raises, ``None`` when it returns."""
    try:
        call(*args, **kwargs)
    except DOCUMENTED as error:
        return error
    return None


def _names(error: BaseException, field: str) -> bool:
    return field in str(error) or field in str(getattr(error, "path", "") or "")


def _constructor_cases():
    for name, make in SAMPLES.items():
        value = make()
        for field in attrs.fields(type(value)):
            if field.init:
                yield pytest.param(value, field.alias, id=f"{name}.{field.alias}")


def _document_cases():
    for name, make in SAMPLES.items():
        value = make()
        if not hasattr(value, "to_dict") or not hasattr(type(value), "from_dict"):
            continue
        if name == "Flow":  # its guards and effects are code, not data: see below
            continue
        for key in value.to_dict():
            yield pytest.param(type(value), value.to_dict(), key, id=f"{name}.from_dict.{key}")


@pytest.mark.parametrize(("value", "field"), list(_constructor_cases()))
def test_constructor_errors_name_the_field(value, field):
    """A wrong value for a constructor argument is refused naming that argument."""
    errors = [(wrong, _error(attrs.evolve, value, **{field: wrong})) for wrong in WRONG]
    unnamed = [
        (w, repr(e)) for w, e in errors if e is not None and not _names(e, field.lstrip("_"))
    ]
    assert [] == unnamed


@pytest.mark.parametrize(("cls", "document", "key"), list(_document_cases()))
def test_from_dict_errors_name_the_key(cls, document, key):
    """A wrong value under a key of a document is a ConfigError (or TypeError) naming it."""
    errors = [(wrong, _error(cls.from_dict, {**document, key: wrong})) for wrong in WRONG_JSON]
    unnamed = [(w, repr(e)) for w, e in errors if e is not None and not _names(e, key)]
    assert [] == unnamed


def test_flow_document_errors_name_the_key():
    """A flow document: each wrong key is a problem listed with its path."""
    base = flows.investment()
    document = base.to_dict()
    # An empty list or mapping is a right shape: what it breaks shows up elsewhere
    # (no transitions leave a state no final state reachable), not at the key.
    wrongs = [wrong for wrong in WRONG_JSON if wrong not in ([], {})]
    unnamed = []
    for key in document:
        for wrong in wrongs:
            error = _error(
                onboarding.Flow.from_dict,
                {**document, key: wrong},
                guards=base.guards,
                effects=base.effects,
            )
            paths = [p.path for p in getattr(error, "problems", ())]
            if error is not None and not any(path.startswith(key) for path in paths):
                unnamed.append((key, wrong, repr(error)))
    assert [] == unnamed


class TestKnownCases:
    """The cases issue 20 names, word for word."""

    def test_closures_not_a_mapping(self):
        """closures=[1] names closures and says what it should be."""
        with pytest.raises(TypeError, match=r"^closures must be a mapping of date -> intervals"):
            hours.BusinessCalendar("UTC", "24/7", closures=[1])

    def test_bad_override_path(self):
        """A bad override is reported at overrides.<date>, not at a repr of the date."""
        with pytest.raises(ConfigError) as caught:
            hours.BusinessCalendar.from_dict(
                {"timezone": "UTC", "hours": "24/7", "overrides": {"2026-01-01": ["25:00-26:00"]}}
            )
        assert caught.value.path.startswith("overrides.2026-01-01")
        assert "datetime.date" not in str(caught.value)

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (lambda: onboarding.State("a", timers=3), r"^timers must be a list, got int"),
            (lambda: onboarding.Transition("a", "e", "b", raises=[1]), r"^raises\[0\] must be"),
            (lambda: onboarding.Transition("a", "e", "b", effects=[1]), r"^effects\[0\] must"),
            (lambda: onboarding.Requirement(1, state="a"), r"^missing must be a message"),
            (lambda: channels.Demand(contacts=1, profile=3), r"^profile must be a list"),
            (
                lambda: channels.ShiftTemplate(
                    name="d", length=timedelta(hours=1), starts=[(time(8), time(8))], breaks=1
                ),
                r"^breaks must be a list",
            ),
            (
                lambda: sla.FollowUpRule("n", timedelta(1), "pending", tags=1),
                r"^tags must be a list",
            ),
            (lambda: sla.Policy("p", {"normal": 3}), r"^targets\['normal'\] must be a list"),
            (
                lambda: hours.HolidayRule(country="DE", categories=3),
                r"^categories must be a list",
            ),
        ],
    )
    def test_messages(self, make, message):
        """The message starts with the field and says what to give instead."""
        with pytest.raises(TypeError, match=message) as caught:
            make()
        assert "; give " in str(caught.value) or "must be" in str(caught.value)

    def test_choice_errors(self):
        """A fixed choice: a wrong type is a TypeError, a wrong string a ConfigError at it."""
        rule = replies.Rule.from_dict(RULE)
        with pytest.raises(ConfigError) as caught:
            attrs.evolve(rule, severity="x" * 100)
        assert "severity" == caught.value.path
        assert f"unknown severity {'x' * 40 + '...'!r}; expected one of 'low'" in str(caught.value)
        with pytest.raises(TypeError, match=r"^operation must be one of 'union', "):
            attrs.evolve(OFFICE | OFFICE, operation=1)
        with pytest.raises(ConfigError, match=r"^operands: a combined calendar has exactly two"):
            attrs.evolve(OFFICE | OFFICE, operands=[OFFICE])

    def test_availability_hours_as_seconds(self):
        """Availability takes seven days of (open, close) seconds, checked like a calendar's."""
        week = hours.BusinessCalendar("UTC", {"mon": ["09:00-17:00"]}).hours
        availability = hours.Availability("UTC", week)
        assert {"mon": ["09:00-17:00"]} == availability.to_dict()["hours"]
        with pytest.raises(TypeError, match=r"^hours must be a weekly spec"):
            hours.Availability("UTC", ("x", 1))
