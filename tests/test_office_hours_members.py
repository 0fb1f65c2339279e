"""Member: a value with personal data kept out of repr, hours in several forms."""

from __future__ import annotations

import copy
import json
import math
import pickle

import attrs
import pytest

from servicekit.exceptions import ConfigError, UnknownTimeZoneError
from servicekit.hours import BusinessCalendar, Member
from servicekit.hours._members import merge, to_hours
from servicekit.hours._spec import parse_weekly

CAL = BusinessCalendar.from_dict(
    {"timezone": "Asia/Tokyo", "hours": {"mon-fri": ["09:00-10:00"]}, "holidays": ["2026-01-01"]}
)


class TestValue:
    """The value contract: repr without the name, eq/hash, frozen, pickle, round trip."""

    def test_repr_hides_name(self):
        """The name is personal data and stays out of repr."""
        member = Member("Margarethe Privat", "Europe/Berlin", "24/7")
        assert "Margarethe" not in repr(member)
        assert "Europe/Berlin" in repr(member)

    def test_eq_hash_copy_pickle(self):
        """Equal members hash alike; copies and pickles are equal."""
        a = Member(
            "A", "Europe/Berlin", {"mon": ["09:00-10:00"]}, preferred={"mon": ["09:00-09:30"]}
        )
        b = Member(
            "A", "Europe/Berlin", parse_weekly({"mon": ["09:00-10:00"]}), preferred=a.preferred
        )
        assert a == b
        assert hash(a) == hash(b)
        assert a == copy.deepcopy(a)
        assert a == pickle.loads(pickle.dumps(a))  # noqa: S301 - own data

    def test_frozen(self):
        """Fields cannot be assigned; evolve re-validates."""
        member = Member("A", "UTC", "24/7")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            member.weight = 2.0  # type: ignore[misc]
        with pytest.raises(ConfigError, match="weight"):
            attrs.evolve(member, weight=-1.0)

    def test_round_trip_weekly(self):
        """Weekly hours round-trip through JSON."""
        member = Member(
            "Ana", "America/Sao_Paulo", {"mon-fri": ["12:00-22:00"]}, locale="it", weight=2
        )
        assert member == Member.from_dict(json.loads(json.dumps(member.to_dict())))
        assert {"mon-fri": ["12:00-22:00"]} == member.to_dict()["availability"]
        assert "preferred" not in member.to_dict()

    def test_round_trip_calendar(self):
        """A BusinessCalendar as availability round-trips, holidays included."""
        member = Member("Ko", "Asia/Tokyo", CAL, preferred={"mon": ["09:00-09:30"]})
        data = json.loads(json.dumps(member.to_dict()))
        assert ["2026-01-01"] == data["availability"]["holidays"]
        assert member == Member.from_dict(data)

    def test_round_trip_combined_calendar(self):
        """A combined calendar (union) is stored and read back too."""
        other = BusinessCalendar.from_dict(
            {"timezone": "Asia/Tokyo", "hours": {"sat": ["10:00-11:00"]}}
        )
        member = Member("Ko", "Asia/Tokyo", CAL | other)
        assert member == Member.from_dict(member.to_dict())


class TestBadInput:
    """Errors name the field and the value."""

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"weight": 0}, ConfigError, "weight: weight must be a positive"),
            ({"weight": math.inf}, ConfigError, "weight"),
            ({"weight": "1"}, TypeError, "weight must be a number"),
            ({"weight": True}, TypeError, "weight must be a number"),
            ({"locale": 1}, TypeError, "locale must be a string"),
            ({"preferred": 5}, TypeError, "preferred must be weekly hours"),
        ],
    )
    def test_bad_options(self, kwargs, error, match):
        """Keyword fields are checked."""
        with pytest.raises(error, match=match):
            Member("A", "UTC", "24/7", **kwargs)

    def test_bad_positional(self):
        """Name, zone and hours are checked."""
        with pytest.raises(TypeError):
            Member(1, "UTC", "24/7")  # type: ignore[arg-type]
        with pytest.raises(UnknownTimeZoneError):
            Member("A", "Europe/Berln", "24/7")
        with pytest.raises(ConfigError, match=r"availability.mon\[0\]"):
            Member("A", "UTC", {"mon": ["25:00-26:00"]})
        with pytest.raises(TypeError, match="availability must be weekly hours"):
            Member("A", "UTC", ["09:00-17:00"])  # type: ignore[arg-type]

    def test_malformed_parsed_week(self):
        """A seven-tuple that is not a valid parsed week is refused."""
        bad = (((3600, 60),),) + ((),) * 6
        with pytest.raises(ConfigError, match="not a valid parsed week"):
            to_hours(bad, "availability")

    @pytest.mark.parametrize(
        ("data", "match"),
        [
            ([], "member: expected a mapping"),
            ({"name": "A", "timezone": "UTC"}, "member.availability: missing"),
            ({"name": "A", "timezone": "UTC", "availability": "24/7", "age": 3}, "unknown keys"),
            ({"name": 1, "timezone": "UTC", "availability": "24/7"}, "member.name"),
            ({"name": "A", "timezone": 1, "availability": "24/7"}, "member.timezone"),
            (
                {"name": "A", "timezone": "UTC", "availability": "24/7", "locale": 1},
                "member.locale",
            ),
            (
                {"name": "A", "timezone": "UTC", "availability": "24/7", "weight": "x"},
                "member.weight",
            ),
            (
                {"name": "A", "timezone": "UTC", "availability": "24/7", "weight": -2},
                "member.weight",
            ),
            (
                {"name": "A", "timezone": "UTC", "availability": {"mon": ["x"]}},
                r"member.availability.mon\[0\]",
            ),
            (
                {
                    "name": "A",
                    "timezone": "UTC",
                    "availability": {"timezone": "UTC", "hours": {"mon": ["9"]}},
                },
                r"member.availability.hours.mon\[0\]",
            ),
            (
                {"name": "A", "timezone": "UTC", "availability": "24/7", "preferred": {"xyz": []}},
                "member.preferred.xyz",
            ),
        ],
    )
    def test_from_dict_errors(self, data, match):
        """from_dict names the path of the bad field."""
        with pytest.raises(ConfigError, match=match):
            Member.from_dict(data)


def test_merge_touching_and_nested():
    """Merge joins touching ranges and swallows nested ones."""
    assert [(0, 10), (12, 20)] == merge([(5, 10), (0, 5), (12, 20), (13, 14)])
