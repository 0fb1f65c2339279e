"""Tests for servicekit.hours.BusinessCalendar: semantics, DST, holidays, errors."""

from __future__ import annotations

import copy
import json
import pickle
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest

from servicekit._time import parse_instant, zone
from servicekit.exceptions import (
    ConfigError,
    NaiveDatetimeError,
    NoBusinessTimeError,
    UnknownTimeZoneError,
)
from servicekit.hours import BusinessCalendar, HolidayRule

UTC = timezone.utc
H = timedelta(hours=1)
VECTORS = json.loads((Path(__file__).parent / "data" / "business_hours.json").read_text("utf-8"))


def cal_of(hours, tz="Europe/Berlin", **extra):
    """A calendar from the dict form."""
    return BusinessCalendar.from_dict({"timezone": tz, "hours": hours, **extra})


def at(tz, *args):
    """An aware datetime in the zone ``tz``."""
    return datetime(*args, tzinfo=zone(tz))


def utc(*args):
    """An aware UTC datetime."""
    return datetime(*args, tzinfo=UTC)


OFFICE = {"mon-fri": ["09:00-17:00"]}


class TestVectors:
    """Every shared reference vector passes."""

    @pytest.mark.parametrize("vector", VECTORS["vectors"], ids=lambda v: v["id"])
    def test_vector(self, vector):
        """The calendar gives the expected answer for this vector."""
        cal = BusinessCalendar.from_dict(vector["calendar"])
        start = parse_instant(vector["start"])
        op = vector["op"]
        if op == "add":
            got = cal.add(start, timedelta(seconds=vector["amount_seconds"]))
            assert parse_instant(vector["expected"]) == got
            if "next_open_convention_gives" in vector:
                expected = parse_instant(vector["next_open_convention_gives"])
                assert expected == cal.next_open(got)
        elif op == "subtract":
            got = cal.subtract(start, timedelta(seconds=vector["amount_seconds"]))
            assert parse_instant(vector["expected"]) == got
        elif op == "elapsed":
            got_s = cal.elapsed(start, parse_instant(vector["end"]))
            assert timedelta(seconds=vector["expected"]) == got_s
        else:
            assert vector["expected"] == cal.is_open(start)


class TestConstruction:
    """Building calendars from values and dicts."""

    def test_from_dict_round_trip(self):
        """to_dict() reads back to an equal calendar."""
        data = {
            "timezone": "Europe/Berlin",
            "hours": {"mon-fri": ["09:00-17:00"], "sat": ["10:00-14:00", "22:00-02:00"]},
            "holidays": ["2026-12-25", "2026-01-01"],
            "overrides": {"2026-12-24": ["09:00-12:00"], "2026-12-31": []},
            "closures": {"2026-03-04": ["12:00-13:00"]},
        }
        cal = BusinessCalendar.from_dict(data)
        out = cal.to_dict()
        assert ["2026-01-01", "2026-12-25"] == out["holidays"]
        assert {"2026-12-24": ["09:00-12:00"], "2026-12-31": []} == out["overrides"]
        assert cal == BusinessCalendar.from_dict(out)
        assert out == BusinessCalendar.from_dict(out).to_dict()

    def test_always(self):
        """always() is 24/7 in UTC by default, in any zone on request."""
        cal = BusinessCalendar.always()
        assert "UTC" == cal.timezone.key
        assert "24/7" == cal.to_dict()["hours"]
        assert cal.is_open(utc(2026, 1, 1))
        assert "Asia/Tokyo" == BusinessCalendar.always("Asia/Tokyo").zone.key

    def test_values_constructor(self):
        """The constructor takes a zone and weekly spans or a spec."""
        week = (((32400, 61200),),) * 5 + ((), ())
        cal = BusinessCalendar(zone("Europe/Berlin"), week, holidays={date(2026, 12, 25)})
        assert cal == cal_of(OFFICE, holidays=["2026-12-25"])
        assert cal == BusinessCalendar(
            "Europe/Berlin", [list(d) for d in week], holidays=[date(2026, 12, 25)]
        )
        assert cal.overrides == ()

    def test_overrides_as_mapping(self):
        """Overrides and closures given as mappings are stored sorted."""
        cal = BusinessCalendar(
            "UTC",
            OFFICE,
            overrides={date(2026, 2, 1): [(0, 3600)], date(2026, 1, 1): []},
            closures={date(2026, 1, 5): [(43200, 46800)]},
        )
        assert (date(2026, 1, 1), date(2026, 2, 1)) == tuple(d for d, _ in cal.overrides)
        assert cal == attrs.evolve(cal)

    @pytest.mark.parametrize(
        ("data", "path", "fragment"),
        [
            ({"timezone": "UTC", "hours": {"mon": ["25:00-26:00"]}}, "hours.mon[0]", "'25:00'"),
            (
                {"timezone": "UTC", "hours": {"mon": ["09:00-12:00", "11:00-13:00"]}},
                "hours.mon",
                "overlap",
            ),
            ({"timezone": "UTC"}, "hours", "missing"),
            ({"hours": "24/7"}, "timezone", "missing"),
            ({"timezone": 5, "hours": "24/7"}, "timezone", "IANA"),
            ({"timezone": "UTC", "hours": "24/7", "color": 1}, "color", "unknown key"),
            ({"timezone": "UTC", "hours": "24/7", "holidays": "2026-01-01"}, "holidays", "list"),
            (
                {"timezone": "UTC", "hours": "24/7", "holidays": ["2026-13-01"]},
                "holidays[0]",
                "date",
            ),
            ({"timezone": "UTC", "hours": "24/7", "holidays": [20260101]}, "holidays[0]", "date"),
            ({"timezone": "UTC", "hours": "24/7", "overrides": []}, "overrides", "mapping"),
            (
                {"timezone": "UTC", "hours": "24/7", "overrides": {"2026-01-01": ["9-5"]}},
                "overrides.2026-01-01[0]",
                "",
            ),
            (
                {"timezone": "UTC", "hours": "24/7", "closures": {"soon": ["09:00-10:00"]}},
                "closures.soon",
                "not a date",
            ),
        ],
    )
    def test_from_dict_errors_name_the_path(self, data, path, fragment):
        """Bad dicts raise ConfigError with the path of the bad field."""
        with pytest.raises(ConfigError) as info:
            BusinessCalendar.from_dict(data)
        assert path == info.value.path
        assert fragment in info.value.msg

    def test_from_dict_needs_a_mapping(self):
        """A non-mapping is a ConfigError."""
        with pytest.raises(ConfigError, match="expected a mapping"):
            BusinessCalendar.from_dict(["UTC"])  # type: ignore[arg-type]

    def test_unknown_zone(self):
        """An unknown zone is reported by name."""
        with pytest.raises(UnknownTimeZoneError, match="Europe/Berln"):
            cal_of("24/7", tz="Europe/Berln")

    def test_no_open_time_at_all(self):
        """A calendar with no open time fails at construction, not in a query."""
        with pytest.raises(NoBusinessTimeError, match="no open time"):
            cal_of({})
        with pytest.raises(NoBusinessTimeError):
            cal_of({"mon": []}, overrides={"2026-01-01": []})

    def test_override_only_calendar_is_allowed(self):
        """A calendar open only on override dates is valid."""
        cal = cal_of({}, overrides={"2026-06-01": ["10:00-11:00"]})
        assert H == cal.elapsed(utc(2026, 1, 1), utc(2027, 1, 1))

    @pytest.mark.parametrize(
        ("hours", "match"),
        [
            ([((0, 10),)] * 6, "seven"),
            ("nonsense", "expected a mapping"),
            (42, "weekly spec"),
            ([((0,),)] + [()] * 6, "pairs"),
            ([((0, 1.5),)] + [()] * 6, "pairs"),
            ([((True, 10),)] + [()] * 6, "pairs"),
            ([[(0, 10)]] * 7, None),
        ],
    )
    def test_bad_weekly_values(self, hours, match):
        """Weekly values that are not seven lists of int pairs are refused."""
        if match is None:
            assert BusinessCalendar("UTC", hours).hours[0] == ((0, 10),)
            return
        with pytest.raises((TypeError, ConfigError), match=match):
            BusinessCalendar("UTC", hours)

    def test_weekly_not_a_list_of_days(self):
        """A day given as something other than a list is a TypeError."""
        with pytest.raises(TypeError, match="tuple of"):
            BusinessCalendar("UTC", [5] * 7)

    @pytest.mark.parametrize(
        ("span", "match"),
        [((3600, 3600), "not an interval"), ((-1, 10), "not an interval"), ((0, 86401), "not")],
    )
    def test_bad_span_values(self, span, match):
        """Spans outside 0 <= open < close <= open + 1 day are refused."""
        with pytest.raises(ConfigError, match=match):
            BusinessCalendar("UTC", [(span,)] + [()] * 6)

    def test_overlapping_span_values(self):
        """Overlapping spans of one day are refused, as in the text form."""
        with pytest.raises(ConfigError, match="overlap"):
            BusinessCalendar("UTC", [((0, 7200), (3600, 9000))] + [()] * 6)

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"holidays": "2026-01-01"},
            {"holidays": 5},
            {"holidays": [datetime(2026, 1, 1, tzinfo=UTC)]},
            {"holidays": ["2026-01-01"]},
            {"overrides": [1]},
            {"overrides": {"2026-01-01": []}},
            {"holiday_rules": ["DE"]},
        ],
    )
    def test_bad_dated_values(self, kwargs):
        """Holidays and dated rules must be dates (not strings or datetimes)."""
        with pytest.raises(TypeError):
            BusinessCalendar("UTC", "24/7", **kwargs)

    def test_fixed_offset_zone_refused(self):
        """A fixed-offset tzinfo has no rules and is refused."""
        with pytest.raises(TypeError, match="fixed offsets"):
            BusinessCalendar(timezone(timedelta(hours=2)), "24/7")


class TestValueContract:
    """repr, equality, hashing, immutability, pickling, copying."""

    def test_eq_hash_ignore_the_cache(self):
        """A calendar that has compiled years equals a fresh one."""
        a = cal_of(OFFICE)
        b = cal_of(OFFICE)
        a.is_open(utc(2026, 1, 1))
        assert a == b
        assert hash(a) == hash(b)
        assert a != cal_of(OFFICE, tz="Europe/Paris")

    def test_repr_has_fields_not_cache(self):
        """The repr shows the definition, not the cache."""
        text = repr(cal_of(OFFICE))
        assert text.startswith("BusinessCalendar(timezone=")
        assert "_cache" not in text
        assert "Timeline" not in text

    def test_frozen(self):
        """Fields cannot be reassigned."""
        cal = cal_of(OFFICE)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            cal.timezone = zone("UTC")  # type: ignore[misc]

    def test_pickle_and_copy(self):
        """Pickles and copies are equal, answer alike and do not carry the cache."""
        cal = cal_of(OFFICE, holidays=["2026-12-25", {"country": "DE", "subdivision": "BY"}])
        t = at("Europe/Berlin", 2026, 1, 6, 10)
        assert not cal.is_open(t)
        for other in (
            pickle.loads(pickle.dumps(cal)),  # noqa: S301 - our own data
            copy.copy(cal),
            copy.deepcopy(cal),
        ):
            assert cal == other
            assert other._cache is not cal._cache
            assert not other.is_open(t)
        assert b"Timeline" not in pickle.dumps(cal)
        with pytest.raises(TypeError, match="pickle the calendar"):
            pickle.dumps(cal._cache)


class TestMembership:
    """is_open, half-open intervals, overnight shifts, overlaps between days."""

    def test_half_open(self):
        """Open at the opening instant, closed at the closing instant."""
        cal = cal_of(OFFICE)
        assert cal.is_open(at("Europe/Berlin", 2026, 3, 2, 9))
        assert not cal.is_open(at("Europe/Berlin", 2026, 3, 2, 17))
        assert cal.is_open(at("Europe/Berlin", 2026, 3, 2, 16, 59, 59, 999999))

    def test_overnight_belongs_to_its_start_day(self):
        """22:00-06:00 on Friday is open Saturday 03:00 but not Friday 03:00."""
        cal = cal_of({"fri": ["22:00-06:00"]})
        assert cal.is_open(at("Europe/Berlin", 2026, 3, 7, 3))
        assert not cal.is_open(at("Europe/Berlin", 2026, 3, 6, 3))
        assert cal.is_open(at("Europe/Berlin", 2026, 3, 6, 22))
        assert not cal.is_open(at("Europe/Berlin", 2026, 3, 7, 6))

    def test_overnight_add_and_elapsed(self):
        """Business time flows through midnight in an overnight shift."""
        cal = cal_of({"mon-fri": ["22:00-06:00"]}, tz="UTC")
        start = utc(2026, 3, 2, 23)  # Monday 23:00
        assert utc(2026, 3, 3, 5) == cal.add(start, 6 * H)
        assert utc(2026, 3, 3, 23) == cal.add(start, 8 * H)
        # Friday 22:00 to Monday 22:00: only Friday's shift.
        assert 8 * H == cal.elapsed(utc(2026, 3, 6, 22), utc(2026, 3, 9, 22))

    def test_overnight_overlapping_next_morning_merges(self):
        """Monday 22:00-06:00 and Tuesday 05:00-09:00 form one open period."""
        cal = cal_of({"mon": ["22:00-06:00"], "tue": ["05:00-09:00"]}, tz="UTC")
        assert utc(2026, 3, 3, 9) == cal.next_close(utc(2026, 3, 2, 23))
        assert 11 * H == cal.elapsed(utc(2026, 3, 2), utc(2026, 3, 4))
        (interval,) = cal.intervals(utc(2026, 3, 2), utc(2026, 3, 4))
        assert (utc(2026, 3, 2, 22), utc(2026, 3, 3, 9)) == interval

    def test_24_00_and_touching_days_join(self):
        """00:00-24:00 every day is one open period (24/7)."""
        cal = cal_of({"daily": ["00:00-24:00"]}, tz="UTC")
        assert [(utc(2026, 1, 1), utc(2026, 1, 9))] == cal.intervals(
            utc(2026, 1, 1), utc(2026, 1, 9)
        )

    def test_answers_do_not_depend_on_input_zone(self):
        """The same instant in another zone gives the same answers."""
        cal = cal_of(OFFICE)
        t = at("Europe/Berlin", 2026, 3, 6, 16, 30)
        for tz in ("UTC", "Asia/Tokyo", "America/Sao_Paulo"):
            other = t.astimezone(zone(tz))
            assert cal.is_open(t) == cal.is_open(other)
            assert cal.add(t, 3 * H) == cal.add(other, 3 * H)
            assert cal.next_close(t) == cal.next_close(other)
        assert cal.is_open(t.astimezone(timezone(timedelta(hours=-3))))

    def test_results_are_in_the_calendar_zone(self):
        """Results carry the calendar's zone."""
        cal = cal_of(OFFICE)
        got = cal.add(utc(2026, 3, 6, 12), H)
        assert zone("Europe/Berlin") is got.tzinfo
        assert "2026-03-06T14:00:00+01:00" == got.isoformat()


def dst_elapsed(tz, day, spec):
    """Open time over a whole local date and the day after, for one weekday spec."""
    key = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
    cal = cal_of({key: [spec]}, tz=tz)
    start = datetime(day.year, day.month, day.day, tzinfo=zone(tz)) - timedelta(days=1)
    return cal.elapsed(start, start + timedelta(days=3))


class TestDaylightSaving:
    """Membership gives real elapsed time on DST change days."""

    @pytest.mark.parametrize(
        ("tz", "day", "spec", "hours"),
        [
            ("Europe/Berlin", date(2026, 3, 29), "01:00-05:00", 3),
            ("Europe/Berlin", date(2026, 10, 25), "01:00-05:00", 5),
            ("Europe/Berlin", date(2026, 3, 29), "02:15-02:45", 0),
            ("Europe/Berlin", date(2026, 3, 29), "02:30-04:00", 1),
            ("Europe/Berlin", date(2026, 10, 24), "22:00-06:00", 9),
            ("America/Los_Angeles", date(2026, 3, 8), "01:00-05:00", 3),
            ("America/Los_Angeles", date(2026, 11, 1), "01:00-05:00", 5),
            ("America/Los_Angeles", date(2026, 11, 1), "01:30-01:45", 0.5),
            ("Australia/Lord_Howe", date(2026, 10, 4), "01:00-05:00", 3.5),
            ("Australia/Lord_Howe", date(2026, 4, 5), "01:00-05:00", 4.5),
            ("America/Sao_Paulo", date(2018, 11, 4), "00:00-06:00", 5),
            ("America/Sao_Paulo", date(2018, 2, 17), "22:00-02:00", 5),
            ("America/Sao_Paulo", date(2018, 11, 3), "22:00-02:00", 3),
            ("Europe/Berlin", date(2026, 7, 5), "01:00-05:00", 4),
        ],
    )
    def test_shift_length(self, tz, day, spec, hours):
        """A shift on a change night lasts the real time its wall readings span."""
        assert timedelta(hours=hours) == dst_elapsed(tz, day, spec)

    def test_start_in_gap_opens_after_the_gap(self):
        """02:30-04:00 on spring-forward night opens at 03:00 CEST."""
        cal = cal_of({"sun": ["02:30-04:00"]})
        got = cal.next_open(at("Europe/Berlin", 2026, 3, 29))
        assert utc(2026, 3, 29, 1) == got
        assert "2026-03-29T03:00:00+02:00" == got.isoformat()

    def test_interval_inside_gap_is_skipped(self):
        """An interval wholly inside the gap has no open time; the next week counts."""
        cal = cal_of({"sun": ["02:15-02:45"]})
        got = cal.next_open(at("Europe/Berlin", 2026, 3, 29))
        assert at("Europe/Berlin", 2026, 4, 5, 2, 15) == got

    def test_fold_counts_both_occurrences(self):
        """02:00-03:00 on fall-back night is open twice (two real hours)."""
        cal = cal_of({"sun": ["02:00-03:00"]})
        first = datetime(2026, 10, 25, 2, 30, tzinfo=zone("Europe/Berlin"), fold=0)
        second = first.replace(fold=1)
        assert cal.is_open(first)
        assert cal.is_open(second)
        assert 2 * H == cal.elapsed(
            at("Europe/Berlin", 2026, 10, 25), at("Europe/Berlin", 2026, 10, 26)
        )
        assert utc(2026, 10, 25, 2) == cal.next_close(first)

    def test_add_across_the_change_weekend(self):
        """Adding over a spring-forward weekend lands on the right UTC instant."""
        cal = cal_of(OFFICE)
        got = cal.add(at("Europe/Berlin", 2026, 3, 27, 16), 2 * H)
        assert "2026-03-30T10:00:00+02:00" == got.isoformat()


class TestHolidaysOverridesClosures:
    """Dated rules: holidays, overrides, closures, in the calendar's zone."""

    def test_holiday_is_a_local_date(self):
        """A holiday is read in the calendar's zone, not in UTC."""
        cal = cal_of({"daily": ["08:00-20:00"]}, tz="Asia/Tokyo", holidays=["2026-05-05"])
        # 2026-05-04 23:30 UTC is 08:30 on the holiday in Tokyo.
        assert not cal.is_open(utc(2026, 5, 4, 23, 30))
        # 2026-05-05 12:00 UTC is 21:00 on the holiday: closed anyway; 2026-05-05
        # 23:30 UTC is 08:30 on 6 May in Tokyo: open although UTC says 5 May.
        assert cal.is_open(utc(2026, 5, 5, 23, 30))

    def test_holiday_removes_intervals_starting_on_it(self):
        """An overnight shift from the holiday's eve runs into the holiday."""
        cal = cal_of({"daily": ["22:00-06:00"]}, tz="UTC", holidays=["2026-12-25"])
        assert cal.is_open(utc(2026, 12, 25, 3))
        assert not cal.is_open(utc(2026, 12, 25, 23))
        assert cal.is_open(utc(2026, 12, 26, 23))

    def test_override_replaces_the_day(self):
        """An override replaces the weekday's hours; an empty list closes the day."""
        cal = cal_of(
            OFFICE,
            tz="UTC",
            overrides={
                "2026-12-24": ["09:00-12:00"],
                "2026-12-23": [],
                "2026-12-26": ["10:00-11:00"],
            },
        )
        assert 3 * H == cal.elapsed(utc(2026, 12, 24), utc(2026, 12, 25))
        assert timedelta(0) == cal.elapsed(utc(2026, 12, 23), utc(2026, 12, 24))
        assert H == cal.elapsed(utc(2026, 12, 26), utc(2026, 12, 27))  # a Saturday

    def test_override_wins_over_holiday(self):
        """An override on a holiday opens that date as the override says."""
        cal = cal_of(
            OFFICE, tz="UTC", holidays=["2026-12-24"], overrides={"2026-12-24": ["10:00-11:00"]}
        )
        assert H == cal.elapsed(utc(2026, 12, 24), utc(2026, 12, 25))

    def test_closure_cuts_out_of_the_day(self):
        """A closure cuts a wall-clock range out of that date's open time."""
        cal = cal_of(OFFICE, tz="UTC", closures={"2026-03-04": ["12:00-13:30"]})
        assert 6.5 * H == cal.elapsed(utc(2026, 3, 4), utc(2026, 3, 5))
        assert utc(2026, 3, 4, 12) == cal.add(utc(2026, 3, 4, 11), H)
        assert utc(2026, 3, 4, 14, 30) == cal.add(utc(2026, 3, 4, 11), 2 * H)
        assert 8 * H == cal.elapsed(utc(2026, 3, 5), utc(2026, 3, 6))

    def test_closure_cuts_overnight_shift_of_that_date_and_its_eve(self):
        """Closures cut overnight intervals, whichever date they belong to."""
        cal = cal_of(
            {"daily": ["22:00-06:00"]},
            tz="UTC",
            closures={"2026-03-04": ["02:00-03:00", "23:00-01:00"]},
        )
        # 3 March 22:00 - 4 March 06:00 loses 02:00-03:00.
        assert 7 * H == cal.elapsed(utc(2026, 3, 3, 22), utc(2026, 3, 4, 6))
        # 4 March 22:00 - 5 March 06:00 loses 23:00-01:00.
        assert 6 * H == cal.elapsed(utc(2026, 3, 4, 22), utc(2026, 3, 5, 6))
        # A closure from the evening before reaching into the next day's morning.
        other = cal_of(
            {"daily": ["05:00-09:00"]}, tz="UTC", closures={"2026-03-04": ["23:00-06:00"]}
        )
        assert 3 * H == other.elapsed(utc(2026, 3, 5), utc(2026, 3, 6))

    def test_closure_on_closed_day_changes_nothing(self):
        """A closure on a day without hours has nothing to cut."""
        cal = cal_of(OFFICE, tz="UTC", closures={"2026-03-07": ["10:00-11:00"]})
        assert 40 * H == cal.elapsed(utc(2026, 3, 2), utc(2026, 3, 9))


class TestArithmetic:
    """add, subtract, elapsed, next_open, next_close, intervals."""

    cal = cal_of(OFFICE, tz="UTC")

    def test_add_returns_closing_instant(self):
        """16:00 + 1 h on a 09-17 day is 17:00 the same day."""
        assert utc(2026, 3, 2, 17) == self.cal.add(utc(2026, 3, 2, 16), H)
        assert utc(2026, 3, 3, 9) == self.cal.next_open(self.cal.add(utc(2026, 3, 2, 16), H))

    def test_add_zero_is_next_open(self):
        """add(t, 0) is the first open instant at or after t."""
        assert utc(2026, 3, 9, 9) == self.cal.add(utc(2026, 3, 7, 12), timedelta(0))
        assert utc(2026, 3, 2, 12) == self.cal.add(utc(2026, 3, 2, 12), timedelta(0))

    def test_negative_add_is_subtract(self):
        """A negative duration subtracts, landing inside hours."""
        t = utc(2026, 3, 9, 10)  # Monday 10:00
        assert utc(2026, 3, 6, 16) == self.cal.add(t, -2 * H)
        assert self.cal.subtract(t, 2 * H) == self.cal.add(t, -2 * H)
        assert self.cal.add(t, 2 * H) == self.cal.subtract(t, -2 * H)

    def test_subtract_zero(self):
        """subtract(t, 0) is t when open, else the last closing instant."""
        assert utc(2026, 3, 6, 17) == self.cal.subtract(utc(2026, 3, 8), timedelta(0))
        assert utc(2026, 3, 6, 12) == self.cal.subtract(utc(2026, 3, 6, 12), timedelta(0))
        assert utc(2026, 3, 6, 17) == self.cal.subtract(utc(2026, 3, 6, 17), timedelta(0))

    def test_subtract_lands_on_opening(self):
        """Subtracting exactly a day's hours from its close gives its opening."""
        assert utc(2026, 3, 6, 9) == self.cal.subtract(utc(2026, 3, 6, 17), 8 * H)
        assert utc(2026, 3, 5, 16) == self.cal.subtract(utc(2026, 3, 6, 9), H)

    def test_elapsed_reversed_is_negative(self):
        """elapsed(b, a) == -elapsed(a, b)."""
        a, b = utc(2026, 3, 2, 10), utc(2026, 3, 4, 12)
        assert 18 * H == self.cal.elapsed(a, b)
        assert -self.cal.elapsed(a, b) == self.cal.elapsed(b, a)

    def test_microseconds_are_exact(self):
        """Durations with microseconds round trip exactly."""
        t = utc(2026, 3, 2, 16, 59, 59, 999_999)
        d = timedelta(hours=3, microseconds=7)
        r = self.cal.add(t, d)
        assert utc(2026, 3, 3, 12, 0, 0, 6) == r
        assert d == self.cal.elapsed(t, r)
        assert t == self.cal.subtract(r, d)

    def test_long_spans(self):
        """Adding 2,000 hours on a 40-hour week takes 50 weeks."""
        start = utc(2026, 1, 5, 9)  # a Monday
        got = self.cal.add(start, 2000 * H)
        assert utc(2026, 12, 18, 17) == got
        assert 2000 * H == self.cal.elapsed(start, got)
        assert start == self.cal.subtract(got, 2000 * H)

    def test_spans_across_many_years(self):
        """Arithmetic across compiled and new years (forwards and backwards) agrees."""
        cal = cal_of(OFFICE, tz="America/Sao_Paulo")
        start = at("America/Sao_Paulo", 2030, 6, 3, 9)
        far = cal.add(start, 40 * H * 52 * 6)
        assert far.year == 2036
        back = cal.subtract(start, 40 * H * 52 * 6)
        assert back.year == 2024
        assert cal.elapsed(back, start) == cal.elapsed(start, far)
        assert start == cal.next_open(cal.add(back, cal.elapsed(back, start)))

    def test_next_close(self):
        """next_close is the end of the current or next open period."""
        assert utc(2026, 3, 2, 17) == self.cal.next_close(utc(2026, 3, 2, 12))
        assert utc(2026, 3, 3, 17) == self.cal.next_close(utc(2026, 3, 2, 17))
        assert utc(2026, 3, 9, 17) == self.cal.next_close(utc(2026, 3, 7))

    def test_next_close_of_long_period_spans_years(self):
        """An open period crossing a year boundary closes where it ends."""
        cal = cal_of("24/7", tz="UTC", overrides={"2027-01-03": []})
        assert utc(2027, 1, 3) == cal.next_close(utc(2026, 12, 30))

    def test_next_close_from_a_gap_before_a_long_period(self):
        """From a closed instant, the next period may run past the compiled years."""
        cal = cal_of("24/7", tz="UTC", overrides={"2026-12-30": [], "2027-01-03": []})
        assert utc(2027, 1, 3) == cal.next_close(utc(2026, 12, 30, 12))

    def test_backward_extension_joins_across_new_year(self):
        """An open period across 1 January joins when the earlier year compiles later."""
        cal = BusinessCalendar.always()
        assert cal.is_open(utc(2027, 1, 1, 5))
        assert utc(2026, 12, 31) == cal.subtract(utc(2027, 1, 1, 5), timedelta(hours=29))
        assert [(utc(2026, 12, 31), utc(2027, 1, 2))] == cal.intervals(
            utc(2026, 12, 31), utc(2027, 1, 2)
        )

    def test_intervals(self):
        """intervals() lists the clipped open periods; empty for a reversed pair."""
        got = self.cal.intervals(utc(2026, 3, 6, 12), utc(2026, 3, 9, 10))
        assert [
            (utc(2026, 3, 6, 12), utc(2026, 3, 6, 17)),
            (utc(2026, 3, 9, 9), utc(2026, 3, 9, 10)),
        ] == got
        assert [] == self.cal.intervals(utc(2026, 3, 9), utc(2026, 3, 6))
        assert [] == self.cal.intervals(utc(2026, 3, 7), utc(2026, 3, 8))

    def test_backward_extension_keeps_indices(self):
        """Querying an earlier year after a later one gives the same answers."""
        cal = cal_of(OFFICE, tz="Europe/Berlin")
        later = at("Europe/Berlin", 2030, 1, 7, 9)
        assert cal.is_open(later)
        assert cal.is_open(at("Europe/Berlin", 2021, 1, 7, 9))
        assert at("Europe/Berlin", 2021, 1, 8, 17) == cal.next_close(
            at("Europe/Berlin", 2021, 1, 8, 9)
        )
        assert cal.subtract(later, H) == at("Europe/Berlin", 2030, 1, 4, 16)


class TestErrors:
    """Naive datetimes, wrong types, no open time within the horizon."""

    cal = cal_of(OFFICE)

    @pytest.mark.parametrize(
        "call",
        [
            lambda c, t: c.is_open(t),
            lambda c, t: c.next_open(t),
            lambda c, t: c.next_close(t),
            lambda c, t: c.add(t, H),
            lambda c, t: c.subtract(t, H),
            lambda c, t: c.elapsed(t, t),
            lambda c, t: c.intervals(t, t),
        ],
    )
    def test_naive_datetime(self, call):
        """Every query refuses a naive datetime."""
        with pytest.raises(NaiveDatetimeError):
            call(self.cal, datetime(2026, 3, 2, 9))  # noqa: DTZ001 - the point of the test

    @pytest.mark.parametrize("duration", [3600, 1.5, "PT1H", None])
    def test_duration_must_be_timedelta(self, duration):
        """Durations are timedeltas; anything else is a TypeError."""
        with pytest.raises(TypeError, match="timedelta"):
            self.cal.add(utc(2026, 3, 2), duration)
        with pytest.raises(TypeError, match="timedelta"):
            self.cal.subtract(utc(2026, 3, 2), duration)

    def test_date_is_not_an_instant(self):
        """A date is not an instant."""
        with pytest.raises(TypeError, match="datetime"):
            self.cal.is_open(date(2026, 3, 2))

    def test_no_open_time_within_horizon(self):
        """Searching beyond the last open time stops after 10 years with an error."""
        cal = cal_of({}, tz="UTC", overrides={"2026-06-01": ["10:00-11:00"]})
        with pytest.raises(NoBusinessTimeError, match="10 years after"):
            cal.next_open(utc(2026, 7, 1))
        with pytest.raises(NoBusinessTimeError, match="10 years after"):
            cal.add(utc(2026, 6, 1, 10), 2 * H)
        with pytest.raises(NoBusinessTimeError, match="10 years before"):
            cal.subtract(utc(2026, 6, 1, 10, 30), H)
        with pytest.raises(NoBusinessTimeError, match="10 years before"):
            cal.subtract(utc(2026, 5, 1), timedelta(0))
        with pytest.raises(NoBusinessTimeError):
            cal.next_close(utc(2026, 7, 1))
        assert utc(2026, 6, 1, 11) == cal.add(utc(2020, 1, 1), H)
        assert utc(2026, 6, 1, 10) == cal.subtract(utc(2030, 1, 1), H)

    def test_always_open_never_closes(self):
        """next_close on a 24/7 calendar gives up after the horizon."""
        with pytest.raises(NoBusinessTimeError, match="does not close"):
            BusinessCalendar.always().next_close(utc(2026, 1, 1))

    def test_holidays_every_day_within_horizon(self):
        """Holidays covering all open days up to the horizon end in an error."""
        days = [date(2026, 1, 1) + timedelta(days=i) for i in range(366 * 12)]
        cal = cal_of({"mon": ["09:00-10:00"]}, tz="UTC", holidays=[d.isoformat() for d in days])
        with pytest.raises(NoBusinessTimeError):
            cal.next_open(utc(2026, 1, 1))

    def test_out_of_range(self):
        """Results beyond the supported years: NoBusinessTimeError; instants: ConfigError."""
        cal = BusinessCalendar.always()
        with pytest.raises(NoBusinessTimeError, match="supported years"):
            cal.add(utc(2026, 1, 1), timedelta(days=365 * 9000))
        with pytest.raises(NoBusinessTimeError, match="supported years"):
            cal.subtract(utc(2026, 1, 1), timedelta(days=365 * 2100))
        with pytest.raises(ConfigError, match="supported years") as caught:
            cal.is_open(datetime(9999, 12, 31, tzinfo=UTC))
        assert "at" == caught.value.path
        assert cal.is_open(datetime(9997, 12, 31, tzinfo=UTC))
        hourly = cal_of({"mon": ["09:00-10:00"]}, tz="UTC")
        with pytest.raises(NoBusinessTimeError, match="supported years"):
            hourly.add(datetime(9997, 12, 29, tzinfo=UTC), 2 * H)
        with pytest.raises(NoBusinessTimeError, match="supported years"):
            hourly.subtract(datetime(2, 1, 12, tzinfo=UTC), 3 * H)

    def test_long_amounts_compile_in_few_steps(self):
        """A century of business time is found without walking year by year."""
        cal = cal_of(OFFICE, tz="UTC")
        start = utc(2026, 3, 2, 9)
        far = cal.add(start, 8 * H * 5 * 52 * 100)
        assert 2125 == far.year
        assert start == cal.subtract(far, 8 * H * 5 * 52 * 100)

    def test_years_before_1970(self):
        """Calendars work before the Unix epoch (negative timestamps)."""
        cal = cal_of(OFFICE)
        start = at("Europe/Berlin", 1965, 3, 5, 16)
        assert at("Europe/Berlin", 1965, 3, 8, 10) == cal.add(start, 2 * H)


class TestPythonHolidays:
    """Holidays generated by python-holidays for any year a query touches."""

    def test_from_dict_country(self):
        """{"country": "DE", "subdivision": "BY"} closes on Bavarian holidays."""
        cal = cal_of(OFFICE, holidays={"country": "DE", "subdivision": "BY"})
        assert not cal.is_open(at("Europe/Berlin", 2026, 1, 6, 10))  # Epiphany (BY)
        assert not cal.is_open(at("Europe/Berlin", 2095, 1, 6, 10))  # never runs out
        assert cal.is_open(at("Europe/Berlin", 2095, 1, 7, 10))
        berlin = cal_of(OFFICE, holidays=[{"country": "DE", "subdivision": "BE"}])
        assert berlin.is_open(at("Europe/Berlin", 2026, 1, 6, 10))
        assert {"country": "DE", "subdivision": "BY"} == cal.to_dict()["holidays"][0]
        assert cal == BusinessCalendar.from_dict(cal.to_dict())

    def test_rule_options_round_trip(self):
        """Markets, categories and observed survive the dict form."""
        data = {"market": "NYSE", "categories": ["public"], "observed": False}
        rule = HolidayRule.from_dict(data)
        assert {"market": "NYSE", "observed": False} == rule.to_dict()
        assert ("public",) == HolidayRule(country="DE", categories="public").categories
        other = HolidayRule.from_dict({"country": "US", "categories": ["government", "public"]})
        assert ["government", "public"] == other.to_dict()["categories"]
        assert date(2026, 11, 26) in HolidayRule(market="NYSE").dates([2026])  # Thanksgiving
        german = HolidayRule.from_dict({"country": "DE", "language": "de"})
        assert {"country": "DE", "language": "de"} == german.to_dict()
        assert "Tag der Deutschen Einheit" == german.names([2026])[date(2026, 10, 3)]

    @pytest.mark.parametrize(
        ("data", "path", "fragment"),
        [
            ({"country": "XX"}, "holidays", "does not know"),
            ({"country": "DE", "subdivision": "ZZ"}, "holidays", "does not know"),
            ({}, "holidays", "exactly one"),
            ({"country": "DE", "market": "NYSE"}, "holidays", "exactly one"),
            ({"country": "DE", "years": [2026]}, "holidays.years", "unknown key"),
            ({"country": 49}, "holidays.country", "code string"),
            ({"country": "DE", "language": 7}, "holidays.language", "code string"),
            ({"country": "DE", "categories": "public"}, "holidays.categories", "list"),
            ({"country": "DE", "observed": "yes"}, "holidays.observed", "true or false"),
        ],
    )
    def test_bad_rules(self, data, path, fragment):
        """Bad holiday rules raise ConfigError naming the path."""
        with pytest.raises(ConfigError) as info:
            cal_of(OFFICE, holidays=data)
        assert path == info.value.path
        assert fragment in info.value.msg

    def test_with_holidays_helper(self):
        """with_holidays() takes a HolidayBase and keeps hand-added dates."""
        import holidays  # noqa: PLC0415 - optional extra

        source = holidays.country_holidays("US", subdiv="CA", years=2024, language="en_US")
        source[date(2024, 7, 5)] = "Company day"
        cal = cal_of(OFFICE, tz="America/Los_Angeles").with_holidays(source)
        assert not cal.is_open(at("America/Los_Angeles", 2024, 7, 5, 10))
        assert not cal.is_open(at("America/Los_Angeles", 2061, 7, 4, 10))  # generated
        assert cal.is_open(at("America/Los_Angeles", 2061, 7, 5, 10))  # hand-added: 2024 only
        assert frozenset({date(2024, 7, 5)}) == cal.holidays
        assert "en_US" == cal.holiday_rules[0].language
        market = cal_of(OFFICE, tz="America/New_York").with_holidays(
            holidays.financial_holidays("NYSE")
        )
        assert not market.is_open(at("America/New_York", 2070, 12, 25, 10))

    def test_with_holidays_refuses_other_values(self):
        """Only HolidayBase values with a country or market code are accepted."""
        import holidays  # noqa: PLC0415 - optional extra

        cal = cal_of(OFFICE)
        with pytest.raises(TypeError, match="HolidayBase"):
            cal.with_holidays({date(2026, 1, 1): "New Year"})
        with pytest.raises(ValueError, match="cannot be generated"):
            cal.with_holidays(holidays.HolidayBase())


class TestZoneSampling:
    """The daily sampling of zone offsets cannot miss a change."""

    def test_no_zone_changes_offset_twice_within_a_day(self):
        """In every tzdata zone, consecutive UTC-offset changes are > 1 day apart."""
        from importlib import resources  # noqa: PLC0415

        from servicekit.hours._compile import _SAMPLE_S  # noqa: PLC0415

        pure = pytest.importorskip("zoneinfo._zoneinfo")
        probe = pure.ZoneInfo.no_cache("Europe/Berlin")
        if not all(hasattr(probe, a) for a in ("_tti_before", "_trans_utc", "_ttinfos")):
            pytest.skip("the stdlib's pure-Python zoneinfo changed its internals")
        names = resources.files("tzdata").joinpath("zones").read_text("ascii").split()
        closest = None
        for name in names:
            tz = pure.ZoneInfo.no_cache(name)
            current = tz._tti_before.utcoff if tz._tti_before else None
            last_change = None
            for when, info in zip(tz._trans_utc, tz._ttinfos, strict=True):
                if info.utcoff == current:
                    continue
                current = info.utcoff
                if last_change is not None:
                    gap = when - last_change
                    closest = gap if closest is None else min(closest, gap)
                last_change = when
        assert closest is not None
        assert closest > _SAMPLE_S

    def test_sampling_finds_known_changes(self):
        """2026 in Berlin: the two changes, to the second."""
        from servicekit.hours._compile import offset_segments  # noqa: PLC0415

        starts, offsets, _ = offset_segments(zone("Europe/Berlin"), 2026, 2026)
        assert [utc(2026, 1, 1), utc(2026, 3, 29, 1), utc(2026, 10, 25, 1)] == [
            datetime.fromtimestamp(s, UTC) for s in starts
        ]
        assert [3600, 7200, 3600] == offsets
