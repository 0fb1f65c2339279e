"""Tests for calendar set algebra (|, &, -) and explain()."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta, timezone

import pytest

from servicekit._time import zone
from servicekit.exceptions import ConfigError, NoBusinessTimeError
from servicekit.hours import BusinessCalendar, CombinedCalendar, calendar_from_dict
from servicekit.hours._compile import difference, intersection, union
from servicekit.hours._explain import CountedInterval, Explanation, SkippedDay, _hms

UTC = timezone.utc
H = timedelta(hours=1)
OFFICE = {"mon-fri": ["09:00-17:00"]}


def utc(*args):
    """An aware UTC datetime."""
    return datetime(*args, tzinfo=UTC)


BERLIN = BusinessCalendar("Europe/Berlin", OFFICE)
NEW_YORK = BusinessCalendar("America/New_York", OFFICE)
TOKYO = BusinessCalendar("Asia/Tokyo", OFFICE)


class TestIntervalSets:
    """The integer interval-set helpers."""

    def test_union(self):
        """Overlapping and touching intervals join."""
        assert ([0, 20], [15, 30]) == union(([0, 20], [10, 30]), ([5], [15]))
        assert ([], []) == union(([], []), ([], []))

    def test_intersection(self):
        """Only the common parts remain."""
        assert ([5, 20], [10, 25]) == intersection(([0, 20], [10, 30]), ([5], [25]))

    def test_difference(self):
        """Holes are cut, edges trimmed, untouched intervals kept."""
        a = ([0, 20, 40], [10, 30, 50])
        b = ([2, 6, 25, 55], [4, 8, 45, 60])
        assert ([0, 4, 8, 20, 45], [2, 6, 10, 25, 50]) == difference(a, b)
        assert a == difference(a, ([], []))


class TestAlgebra:
    """Follow-the-sun unions, overlaps and differences across zones."""

    def test_union_across_zones(self):
        """Berlin | New York covers 08:00-22:00 UTC on a March weekday."""
        team = BERLIN | NEW_YORK
        day = team.intervals(utc(2026, 3, 2), utc(2026, 3, 3))
        assert [(utc(2026, 3, 2, 8), utc(2026, 3, 2, 22))] == day
        assert 14 * H == team.elapsed(utc(2026, 3, 2), utc(2026, 3, 3))
        assert team.is_open(utc(2026, 3, 2, 19))
        assert not BERLIN.is_open(utc(2026, 3, 2, 19))

    def test_union_follows_each_zones_dst(self):
        """Between the US and EU changes the overlap is an hour longer."""
        overlap = BERLIN & NEW_YORK
        # 2026-03-09..27: New York is already on EDT (UTC-4), Berlin still on CET.
        assert 3 * H == overlap.elapsed(utc(2026, 3, 16), utc(2026, 3, 17))
        assert 2 * H == overlap.elapsed(utc(2026, 3, 2), utc(2026, 3, 3))
        assert 2 * H == overlap.elapsed(utc(2026, 4, 6), utc(2026, 4, 7))

    def test_three_zone_follow_the_sun(self):
        """Tokyo | Berlin | New York: Tokyo's Monday starts Sunday 00:00 UTC."""
        team = TOKYO | BERLIN | NEW_YORK
        assert team.is_open(utc(2026, 3, 2, 1))  # 10:00 Monday in Tokyo
        assert not team.is_open(utc(2026, 3, 2, 23))  # 18:00 NY, 08:00 Tuesday Tokyo
        assert utc(2026, 3, 3, 0) == team.next_open(utc(2026, 3, 2, 23))
        assert "Asia/Tokyo" == team.zone.key

    def test_difference(self):
        """Berlin minus a lunch-break calendar loses an hour a day."""
        lunch = BusinessCalendar("Europe/Berlin", {"daily": ["12:00-13:00"]})
        cal = BERLIN - lunch
        assert 35 * H == cal.elapsed(utc(2026, 3, 2), utc(2026, 3, 9))
        t = datetime(2026, 3, 2, 11, 30, tzinfo=zone("Europe/Berlin"))
        assert datetime(2026, 3, 2, 13, 30, tzinfo=zone("Europe/Berlin")) == cal.add(t, H)

    def test_empty_intersection_fails_on_query(self):
        """Disjoint calendars intersect to nothing: queries raise, never hang."""
        night = BusinessCalendar("UTC", {"daily": ["20:00-22:00"]})
        day = BusinessCalendar("UTC", {"daily": ["08:00-10:00"]})
        empty = night & day
        assert timedelta(0) == empty.elapsed(utc(2026, 1, 1), utc(2027, 1, 1))
        with pytest.raises(NoBusinessTimeError, match="intersection"):
            empty.next_open(utc(2026, 1, 1))
        with pytest.raises(NoBusinessTimeError):
            (night - night).add(utc(2026, 1, 1), H)

    def test_operand_without_open_time_in_a_year(self):
        """A union with a calendar open only on one date works in other years too."""
        once = BusinessCalendar("UTC", {}, overrides={date(2026, 6, 6): [(36000, 39600)]})
        team = once | BERLIN
        assert 8 * H == team.elapsed(utc(2028, 3, 6), utc(2028, 3, 7))
        assert H == (once - BERLIN).elapsed(utc(2026, 1, 1), utc(2027, 1, 1))

    def test_result_zone(self):
        """Results are in the left operand's zone unless one is given."""
        team = BERLIN | NEW_YORK
        assert zone("Europe/Berlin") is team.next_open(utc(2026, 3, 7)).tzinfo
        in_utc = CombinedCalendar("union", (BERLIN, NEW_YORK), timezone="UTC")
        assert zone("UTC") is in_utc.next_open(utc(2026, 3, 7)).tzinfo
        assert in_utc.zone.key == "UTC"

    def test_operators_refuse_other_types(self):
        """Combining with a non-calendar is a TypeError."""
        with pytest.raises(TypeError):
            _ = BERLIN | 5
        with pytest.raises(TypeError):
            _ = BERLIN & "24/7"
        with pytest.raises(TypeError):
            _ = BERLIN - None

    def test_constructor_checks(self):
        """Exactly two calendar operands and a known operation."""
        with pytest.raises(ValueError, match="exactly two"):
            CombinedCalendar("union", (BERLIN,))
        with pytest.raises(TypeError, match="calendars"):
            CombinedCalendar("union", (BERLIN, "x"))
        with pytest.raises(ValueError, match="operation"):
            CombinedCalendar("xor", (BERLIN, NEW_YORK))

    def test_dict_round_trip(self):
        """to_dict/calendar_from_dict round trip nested combinations."""
        team = CombinedCalendar("union", (TOKYO | BERLIN, NEW_YORK - TOKYO), timezone="UTC")
        data = team.to_dict()
        assert {"union", "timezone"} == set(data)
        assert team == calendar_from_dict(data)
        assert team == CombinedCalendar.from_dict(data)
        assert BERLIN == calendar_from_dict(BERLIN.to_dict())

    def test_pickle_eq_hash(self):
        """Combined calendars pickle and compare by value, cache excluded."""
        team = BERLIN | NEW_YORK
        team.is_open(utc(2026, 3, 2))
        other = pickle.loads(pickle.dumps(team))  # noqa: S301 - our own data
        assert team == other
        assert hash(team) == hash(BERLIN | NEW_YORK)
        assert team.is_open(utc(2026, 3, 2, 20)) == other.is_open(utc(2026, 3, 2, 20))
        assert "_cache" not in repr(team)

    @pytest.mark.parametrize(
        ("data", "path", "fragment"),
        [
            ([1], "", "calendar mapping"),
            ({"timezone": "UTC"}, "hours", "missing"),
            ({"union": [OFFICE]}, "union", "two calendars"),
            ({"union": "x"}, "union", "two calendars"),
            ({"union": [BERLIN.to_dict(), 5]}, "union[1]", "calendar mapping"),
            (
                {"union": [BERLIN.to_dict(), {"timezone": "UTC", "hours": {"mon": ["9-5"]}}]},
                "union[1].hours.mon[0]",
                "9",
            ),
            ({"union": [BERLIN.to_dict(), {"timezone": "UTC"}]}, "union[1].hours", "missing"),
            ({"union": [BERLIN.to_dict()] * 2, "hours": {}}, "hours", "unexpected key"),
            ({"union": [BERLIN.to_dict()] * 2, "timezone": 1}, "timezone", "IANA"),
            (
                {"difference": [BERLIN.to_dict(), {"union": [BERLIN.to_dict(), 3]}]},
                "difference[1].union[1]",
                "calendar mapping",
            ),
            ({"union": [BERLIN.to_dict(), {"union": [], "x": 1}]}, "union[1].x", "unexpected"),
            (
                {"union": [BERLIN.to_dict(), {"union": [BERLIN.to_dict()] * 2, "timezone": 5}]},
                "union[1].timezone",
                "IANA",
            ),
        ],
    )
    def test_from_dict_errors(self, data, path, fragment):
        """Bad combined dicts name the path of the bad part."""
        with pytest.raises(ConfigError) as info:
            calendar_from_dict(data)
        assert path == info.value.path
        assert fragment in info.value.msg

    def test_combined_from_dict_needs_an_operation(self):
        """CombinedCalendar.from_dict refuses a plain calendar."""
        with pytest.raises(ConfigError, match="union"):
            CombinedCalendar.from_dict(BERLIN.to_dict())


class TestExplain:
    """explain() lists counted intervals, their rules and skipped days."""

    def test_deadline_over_a_holiday(self):
        """The agent sees Christmas skipped and the counted hours."""
        cal = BusinessCalendar.from_dict(
            {
                "timezone": "Europe/Berlin",
                "hours": OFFICE,
                "holidays": ["2026-12-25"],
                "overrides": {"2026-12-24": ["09:00-12:00"], "2026-12-28": []},
                "closures": {"2026-12-29": ["09:00-10:00"]},
            }
        )
        start = datetime(2026, 12, 24, 10, tzinfo=cal.zone)
        due = cal.add(start, 4 * H)
        assert datetime(2026, 12, 29, 12, tzinfo=cal.zone) == due
        got = cal.explain(start, due)
        assert 4 * H == got.total
        assert [date(2026, 12, 24), date(2026, 12, 29)] == [c.day for c in got.counted]
        assert ["override", "hours"] == [c.rule for c in got.counted]
        assert ["09:00-12:00", "09:00-17:00"] == [c.interval for c in got.counted]
        assert [2 * H, 2 * H] == [c.duration for c in got.counted]
        assert [
            SkippedDay(date(2026, 12, 25), "holiday", ("09:00-17:00",), None),
            SkippedDay(date(2026, 12, 28), "override", ("09:00-17:00",), None),
            SkippedDay(date(2026, 12, 29), "closure", ("09:00-10:00",), None),
        ] == list(got.skipped)
        text = str(got)
        assert text.splitlines() == [
            "4:00:00 open between 2026-12-24 10:00 CET and 2026-12-29 12:00 CET:",
            "  2026-12-24 Thu 10:00-12:00 CET  2:00:00  (override 09:00-12:00)",
            "  2026-12-25 Fri closed: holiday",
            "  2026-12-28 Mon closed by an override",
            "  2026-12-29 Tue 10:00-12:00 CET  2:00:00  (weekly hours 09:00-17:00)",
            "  2026-12-29 Tue closure 09:00-10:00",
        ]

    def test_named_holidays_and_overnight(self):
        """python-holidays names appear; an overnight piece belongs to its start date."""
        cal = BusinessCalendar.from_dict(
            {
                "timezone": "UTC",
                "hours": {"daily": ["22:00-06:00"]},
                "holidays": {"country": "US"},
            }
        )
        got = cal.explain(utc(2026, 11, 25, 23), utc(2026, 11, 27, 23))
        assert 7 * H + H == got.total
        assert [date(2026, 11, 25), date(2026, 11, 27)] == [c.day for c in got.counted]
        assert [
            SkippedDay(date(2026, 11, 26), "holiday", ("22:00-06:00",), "Thanksgiving Day")
        ] == list(got.skipped)
        lines = str(got).splitlines()
        assert (
            "  2026-11-25 Wed 23:00-2026-11-26 06:00 UTC  7:00:00  (weekly hours 22:00-06:00)"
            in lines
        )
        assert "  2026-11-26 Thu closed: holiday (Thanksgiving Day)" in lines

    def test_reversed_and_empty(self):
        """A reversed pair gives a negative total; a closed span counts nothing."""
        got = BERLIN.explain(utc(2026, 3, 3, 9), utc(2026, 3, 2, 9))
        assert -8 * H == got.total
        assert str(got).startswith(
            "-8:00:00 open between 2026-03-02 10:00 CET and 2026-03-03 10:00 CET:"
        )
        weekend = BERLIN.explain(utc(2026, 3, 7), utc(2026, 3, 8))
        assert () == weekend.counted
        assert () == weekend.skipped

    def test_holiday_outside_range_is_not_listed(self):
        """Skipped days are reported only where their hours meet the range."""
        cal = BusinessCalendar("UTC", OFFICE, holidays=[date(2026, 3, 2)])
        got = cal.explain(utc(2026, 3, 2, 18), utc(2026, 3, 3, 10))
        assert () == got.skipped
        closed = BusinessCalendar("UTC", OFFICE, closures={date(2026, 3, 3): [(43200, 46800)]})
        assert () == closed.explain(utc(2026, 3, 3, 9), utc(2026, 3, 3, 10)).skipped

    def test_overlapping_days_counted_once(self):
        """Monday's overnight shift overlapping Tuesday's morning is counted once."""
        cal = BusinessCalendar("UTC", {"mon": ["22:00-06:00"], "tue": ["05:00-09:00"]})
        got = cal.explain(utc(2026, 3, 2), utc(2026, 3, 4))
        assert 11 * H == got.total
        assert 11 * H == sum((c.duration for c in got.counted), timedelta(0))

    def test_combined_calendar_explain(self):
        """A union lists its merged open intervals without rules."""
        team = BERLIN | NEW_YORK
        got = team.explain(utc(2026, 3, 2), utc(2026, 3, 3))
        assert 14 * H == got.total
        (only,) = got.counted
        assert "" == only.rule
        assert "2026-03-02 Mon 09:00-23:00 CET  14:00:00" == str(only)

    def test_seconds_and_micros_in_text(self):
        """Odd instants print with seconds; durations with microseconds."""
        assert "0:00:01.500000" == _hms(timedelta(seconds=1.5))
        item = CountedInterval(
            utc(2026, 1, 1, 9, 0, 5), utc(2026, 1, 1, 10), date(2026, 1, 1), "", ""
        )
        assert "2026-01-01 Thu 09:00:05-10:00 UTC  0:59:55" == str(item)
        assert "2026-01-01 Thu closure 12:00-13:00" == str(
            SkippedDay(date(2026, 1, 1), "closure", ("12:00-13:00",))
        )
        assert Explanation(utc(2026, 1, 1), utc(2026, 1, 1), timedelta(0), ()).skipped == ()
