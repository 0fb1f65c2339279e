"""Member: a value with personal data kept out of repr, hours in several forms."""

from __future__ import annotations

import copy
import json
import math
import pickle

import attrs
import pytest

from servicekit._time import zone
from servicekit.exceptions import ConfigError, UnknownTimeZoneError
from servicekit.hours import BusinessCalendar, Member
from servicekit.hours._members import to_hours, utc_ranges, week_ranges
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
            # Wrong shapes of the hours are data errors too (ConfigError, not TypeError):
            # an empty list is not "no preferred hours" (that is a missing key or null).
            (
                {"name": "A", "timezone": "UTC", "availability": "24/7", "preferred": []},
                r"^member.preferred: expected weekly hours .* got \[\]$",
            ),
            (
                {"name": "A", "timezone": "UTC", "availability": []},
                r"^member.availability: expected weekly hours .* got \[\]$",
            ),
            (
                {"name": "A", "timezone": "UTC", "availability": "24/7", "preferred": ["mon-fri"]},
                r"^member.preferred: .* got \['mon-fri'\]$",
            ),
            (
                {"name": "A", "timezone": "UTC", "availability": 40},
                r"^member.availability: .* got 40$",
            ),
            (
                {"name": "A", "timezone": "UTC", "availability": "24/7", "preferred": False},
                r"^member.preferred: .* got False$",
            ),
            (
                {
                    "name": "A",
                    "timezone": "UTC",
                    "availability": [[], [], [], [], [], [], []],
                },
                r"^member.availability: .* got \[\[\], \[\],",
            ),
        ],
    )
    def test_from_dict_errors(self, data, match):
        """from_dict names the path of the bad field and the bad value."""
        with pytest.raises(ConfigError, match=match):
            Member.from_dict(data)

    def test_from_dict_null_preferred_is_none(self):
        """A null (or missing) ``preferred`` means no preference, unlike a wrong shape."""
        data = {"name": "A", "timezone": "UTC", "availability": "24/7", "preferred": None}
        assert Member.from_dict(data).preferred is None
        del data["preferred"]
        assert Member.from_dict(data).preferred is None


def test_week_ranges_join_touching_spans():
    """A week's ranges join touching spans, also across midnight and the week's end."""
    week = parse_weekly(
        {"mon": ["00:00-05:00", "05:00-10:00", "12:00-20:00"], "sun": ["22:00-24:00"]}
    )
    h = 3600
    expected = [
        (-168 * h, -158 * h),
        (-156 * h, -148 * h),
        (-2 * h, 10 * h),  # last week's Sunday night joins Monday morning
        (12 * h, 20 * h),
        (166 * h, 178 * h),
        (180 * h, 188 * h),
        (334 * h, 346 * h),
        (348 * h, 356 * h),
        (502 * h, 504 * h),
    ]
    assert expected == week_ranges(week)


class TestUtcRangesOnDstNights:
    """Membership per DESIGN.md: a member's local wall reading lies in an interval of its date.

    Office hours map wall clock to UTC with the business calendar's mechanism; these pin
    the cases where a mapping could go wrong: a gap, a fold, and the window's edges.
    """

    BERLIN = zone("Europe/Berlin")
    SPRING = 1774746000  # 2026-03-29 01:00 UTC: Berlin 02:00 CET becomes 03:00 CEST
    FALL = 1792890000  # 2026-10-25 01:00 UTC: Berlin 03:00 CEST becomes 02:00 CET

    def ranges(self, spec, start, end):
        """UTC ranges of weekly hours ``spec`` in Berlin within ``[start, end)``."""
        return utc_ranges(parse_weekly(spec), self.BERLIN, start, end)

    def test_interval_inside_the_gap_has_no_time(self):
        """02:15-02:45 never shows on Berlin clocks on spring-forward night."""
        day = self.SPRING - 86400
        assert [] == self.ranges({"sun": ["02:15-02:45"]}, day, day + 2 * 86400)

    def test_interval_across_the_gap_keeps_its_real_time(self):
        """01:00-05:00 lasts 3 h on spring-forward night, 5 h on fall-back night."""
        h = 3600
        spring = self.ranges({"sun": ["01:00-05:00"]}, self.SPRING - 86400, self.SPRING + 86400)
        assert [(self.SPRING - h, self.SPRING + 2 * h)] == spring
        fall = self.ranges({"sun": ["01:00-05:00"]}, self.FALL - 86400, self.FALL + 86400)
        assert [(self.FALL - 2 * h, self.FALL + 3 * h)] == fall

    def test_interval_in_the_fold_is_open_on_both_passes(self):
        """02:00-03:00 happens twice on fall-back night: two hours of real time."""
        found = self.ranges({"sun": ["02:00-03:00"]}, self.FALL - 86400, self.FALL + 86400)
        assert [(self.FALL - 3600, self.FALL + 3600)] == found

    def test_window_clips_without_moving_the_ends(self):
        """A window cutting an interval keeps only its part, to the second."""
        found = self.ranges({"sun": ["01:00-05:00"]}, self.SPRING - 1, self.SPRING + 60)
        assert [(self.SPRING - 1, self.SPRING + 60)] == found
        assert [] == self.ranges(
            {"sun": ["01:00-05:00"]}, self.SPRING + 2 * 3600, self.SPRING + 3 * 3600
        )

    def test_calendar_hours_use_its_own_zone(self):
        """A calendar given as hours keeps its own zone; the member's zone is ignored."""
        cal = BusinessCalendar.from_dict(
            {"timezone": "Europe/Berlin", "hours": {"sun": ["01:00-05:00"]}}
        )
        found = utc_ranges(cal, zone("Asia/Tokyo"), self.SPRING - 86400, self.SPRING + 86400)
        assert [(self.SPRING - 3600, self.SPRING + 2 * 3600)] == found
