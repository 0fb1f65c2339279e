"""Calendars that change over time (``changes``) and half-day holidays (``half_day``)."""

from __future__ import annotations

import io
import json
import pickle
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pytest

from servicekit import cli
from servicekit.exceptions import ConfigError, NoBusinessTimeError
from servicekit.hours import BusinessCalendar, Change, HolidayRule, calendar_from_dict

UTC = timezone.utc
H = timedelta(hours=1)

DESK = {
    "timezone": "Europe/Berlin",
    "hours": {"mon-fri": ["09:00-17:00"]},
    "holidays": ["2026-12-25"],
    "changes": [
        {"effective": "2027-03-01", "hours": {"mon-fri": ["08:00-18:00"]}},
        {"effective": "2028-01-01", "holidays": ["2028-05-01", "2028-12-25"]},
    ],
}


def berlin(*args: int) -> datetime:
    """An instant given as a wall-clock reading in Berlin."""
    return datetime(*args, tzinfo=BusinessCalendar.always("Europe/Berlin").zone)


class TestDesk:
    """The issue's desk: 08-18 from 1 March 2027, a new holiday set from 2028."""

    cal = BusinessCalendar.from_dict(DESK)

    def test_hours_change_on_the_date(self):
        """Hours change on the date."""
        assert self.cal.next_open(berlin(2027, 2, 26, 7)) == berlin(2027, 2, 26, 9)
        assert self.cal.next_open(berlin(2027, 3, 1, 7)) == berlin(2027, 3, 1, 8)
        # Friday 26 Feb 16:00 + 3 h: 1 h on Friday (to 17:00), 2 h from 08:00 Monday.
        assert self.cal.add(berlin(2027, 2, 26, 16), 3 * H) == berlin(2027, 3, 1, 10)
        assert self.cal.elapsed(berlin(2027, 2, 26), berlin(2027, 3, 2)) == 18 * H

    def test_holiday_sets_replace_each_other(self):
        """Holiday sets replace each other."""
        assert not self.cal.is_open(berlin(2026, 12, 25, 10))
        assert self.cal.is_open(berlin(2027, 12, 24, 10))
        assert not self.cal.is_open(berlin(2028, 5, 1, 10))  # the new set
        assert self.cal.is_open(berlin(2027, 5, 3, 10))

    def test_to_dict_round_trip(self):
        """To dict round trip."""
        doc = self.cal.to_dict()
        assert doc["changes"] == [
            {"effective": "2027-03-01", "hours": {"mon-fri": ["08:00-18:00"]}},
            {"effective": "2028-01-01", "holidays": ["2028-05-01", "2028-12-25"]},
        ]
        assert BusinessCalendar.from_dict(doc) == self.cal
        assert calendar_from_dict(doc) == self.cal

    def test_pickle_keeps_the_changes(self):
        """Pickle keeps the changes."""
        again = pickle.loads(pickle.dumps(self.cal))  # noqa: S301 - our own value
        assert again == self.cal
        assert again.next_open(berlin(2027, 3, 1, 7)) == berlin(2027, 3, 1, 8)

    def test_intervals_and_explain_name_the_rules_in_force(self):
        """Intervals and explain name the rules in force."""
        got = self.cal.intervals(berlin(2027, 2, 26), berlin(2027, 3, 2))
        assert got == [
            (berlin(2027, 2, 26, 9), berlin(2027, 2, 26, 17)),
            (berlin(2027, 3, 1, 8), berlin(2027, 3, 1, 18)),
        ]
        text = str(self.cal.explain(berlin(2027, 2, 26), berlin(2027, 3, 2)))
        assert "(weekly hours 09:00-17:00)" in text
        assert "(weekly hours 08:00-18:00)" in text

    def test_compiled_and_arrays(self):
        """Compiled and arrays."""
        lo = int(datetime(2027, 1, 1, tzinfo=UTC).timestamp()) * 10**6
        view = self.cal.compiled(lo, lo + 400 * 86_400 * 10**6)
        assert view.first_year <= 2027
        assert view.last_year >= 2028
        monday = int(berlin(2027, 3, 1, 8).timestamp()) * 10**6
        assert monday in view.starts
        at = np.array(["2027-03-01T07:30", "2027-02-26T07:30"], "M8[us]")  # 08:30 Berlin
        assert self.cal.is_open_many(at).tolist() == [True, False]

    def test_long_spans_are_counted_arithmetically(self):
        """Long spans are counted arithmetically."""
        a = datetime(2000, 1, 1, tzinfo=UTC)
        b = datetime(9000, 1, 1, tzinfo=UTC)
        total = self.cal.elapsed(a, b)  # thousands of years, no compiling
        assert total > timedelta(days=100_000)
        assert self.cal.add(a, total) <= b


class TestManyChanges:
    """A change every year: spans crossing several pieces, counted piece by piece."""

    cal = BusinessCalendar(
        "America/New_York",
        {"mon-fri": ["09:00-17:00"]},
        changes=[
            Change(date(2021 + k, 1 + k, 3 + k), hours={"mon-fri": [f"{8 + k % 3:02d}:00-17:00"]})
            for k in range(10)
        ],
    )

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            (datetime(2023, 6, 1, tzinfo=UTC), datetime(2031, 2, 1, tzinfo=UTC)),
            (datetime(2019, 6, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)),
            (datetime(2026, 3, 5, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC)),
        ],
    )
    def test_equals_the_sum_of_compiled_years(self, a, b):
        """Equals the sum of compiled years."""
        total = timedelta(0)
        cut = a
        while cut < b:
            nxt = min(b, datetime(cut.year + 1, 1, 1, tzinfo=UTC))
            total += self.cal.elapsed(cut, nxt)
            cut = nxt
        assert self.cal.elapsed(a, b) == total
        assert self.cal.add(a, total) == self.cal.add(a, total - timedelta(seconds=1)) + timedelta(
            seconds=1
        )

    def test_far_add_and_subtract(self):
        """Far add and subtract."""
        a = datetime(2020, 1, 1, tzinfo=UTC)
        r = self.cal.add(a, timedelta(days=2000))
        assert self.cal.elapsed(a, r) == timedelta(days=2000)
        assert self.cal.subtract(r, timedelta(days=2000)) == self.cal.next_open(a)


class TestOvernight:
    """An overnight interval belongs to the day it starts on, across a change date."""

    cal = BusinessCalendar(
        "Europe/Berlin",
        {"sat": ["22:00-06:00"], "mon-fri": ["08:00-16:00"]},
        changes=[Change(date(2026, 3, 29), hours={"mon-fri": ["10:00-12:00"]})],
    )

    def test_saturday_night_runs_into_the_new_hours(self):
        """Saturday night runs into the new hours."""
        # Saturday 28 March 2026 22:00 CET to Sunday 06:00 CEST (the DST night): 7 hours,
        # though the change takes effect on Sunday.
        assert self.cal.is_open(berlin(2026, 3, 29, 5, 59))
        assert not self.cal.is_open(berlin(2026, 3, 29, 6))
        assert not self.cal.is_open(berlin(2026, 3, 30, 9))
        assert self.cal.elapsed(berlin(2026, 3, 28), berlin(2026, 3, 31)) == 9 * H
        # From the change on, there are no Saturday nights.
        assert not self.cal.is_open(berlin(2026, 4, 4, 23))


class TestHalfDays:
    """python-holidays' half_day category (Estonia's shortened pre-holiday days)."""

    def test_half_day_closes_at_the_stated_time(self):
        """Half day closes at the stated time."""
        rule = HolidayRule(country="EE", categories=("public", "half_day"), language="en_US")
        cal = BusinessCalendar(
            "Europe/Tallinn", {"mon-fri": ["09:00-17:00"]}, holiday_rules=[rule], half_day="14:00"
        )
        tallinn = cal.zone
        eve = datetime(2026, 12, 23, tzinfo=tallinn)  # pre-holiday day, shortened
        assert cal.elapsed(eve, eve + timedelta(days=1)) == 5 * H
        assert cal.is_open(eve + timedelta(hours=13, minutes=59))
        assert not cal.is_open(eve + timedelta(hours=14))
        christmas_eve = datetime(2026, 12, 24, tzinfo=tallinn)  # a public holiday
        assert cal.elapsed(christmas_eve, christmas_eve + timedelta(days=1)) == timedelta(0)
        text = str(cal.explain(eve, eve + timedelta(days=1)))
        assert "half-day holiday (Pre-holiday day" in text
        assert "closed 14:00-17:00" in text
        assert cal.to_dict()["half_day"] == "14:00"
        assert BusinessCalendar.from_dict(cal.to_dict()) == cal

    def test_without_half_day_the_category_closes_the_whole_day(self):
        """Without half day the category closes the whole day."""
        rule = HolidayRule(country="EE", categories=("half_day",))
        cal = BusinessCalendar("Europe/Tallinn", {"mon-fri": ["09:00-17:00"]}, holiday_rules=[rule])
        eve = datetime(2026, 12, 23, tzinfo=cal.zone)
        assert cal.elapsed(eve, eve + timedelta(days=1)) == timedelta(0)
        half = BusinessCalendar(
            "Europe/Tallinn", {"mon-fri": ["09:00-17:00"]}, holiday_rules=[rule], half_day=43200
        )
        assert half.elapsed(eve, eve + timedelta(days=1)) == 3 * H

    def test_half_day_after_closing_time_changes_nothing(self):
        """Half day after closing time changes nothing."""
        rule = HolidayRule(country="EE", categories=("half_day",))
        cal = BusinessCalendar(
            "Europe/Tallinn", {"mon-fri": ["09:00-17:00"]}, holiday_rules=[rule], half_day="18:00"
        )
        eve = datetime(2026, 12, 23, tzinfo=cal.zone)
        assert cal.elapsed(eve, eve + timedelta(days=1)) == 8 * H
        assert cal.explain(eve, eve + timedelta(days=1)).skipped == ()

    def test_half_day_from_a_change(self):
        """Half day from a change."""
        doc = {
            "timezone": "Europe/Tallinn",
            "hours": {"mon-fri": ["09:00-17:00"]},
            "holidays": [{"country": "EE", "categories": ["public", "half_day"]}],
            "changes": [{"effective": "2026-07-01", "half_day": "12:00"}],
        }
        cal = BusinessCalendar.from_dict(doc)
        june = datetime(2026, 6, 22, tzinfo=cal.zone)  # before: closed all day
        assert cal.elapsed(june, june + timedelta(days=1)) == timedelta(0)
        dec = datetime(2026, 12, 23, tzinfo=cal.zone)
        assert cal.elapsed(dec, dec + timedelta(days=1)) == 3 * H
        assert cal.to_dict()["changes"] == [{"effective": "2026-07-01", "half_day": "12:00"}]

    def test_with_holidays_reaches_every_holiday_set(self):
        """with_holidays adds the rule to the calendar's set and to every change's."""
        import holidays as pyholidays  # noqa: PLC0415 - the optional extra, as users import it

        cal = BusinessCalendar(
            "Europe/Berlin",
            {"mon-fri": ["09:00-17:00"]},
            changes=[
                Change(date(2027, 1, 1), hours={"mon-fri": ["08:00-16:00"]}),
                Change(date(2028, 1, 1), holidays=[date(2028, 2, 1)]),
            ],
        ).with_holidays(pyholidays.country_holidays("DE", years=2026))
        assert not cal.is_open(datetime(2026, 12, 25, 12, tzinfo=cal.zone))  # a Friday
        assert not cal.is_open(datetime(2028, 10, 3, 12, tzinfo=cal.zone))  # a Tuesday
        assert cal.is_open(datetime(2028, 10, 4, 12, tzinfo=cal.zone))
        assert not cal.is_open(datetime(2028, 2, 1, 12, tzinfo=cal.zone))
        assert cal.changes[0].holidays is None

    def test_split(self):
        """Split."""
        rule = HolidayRule(country="EE", categories=("public",))
        full, half = rule.split([2026])
        assert half == {}
        assert date(2026, 12, 24) in full


class TestConstructor:
    """Constructor."""

    def test_empty_base_hours_with_a_later_opening(self):
        """Empty base hours with a later opening."""
        cal = BusinessCalendar("UTC", {}, changes=[Change(date(2026, 1, 5), hours="24/7")])
        assert cal.next_open(datetime(2020, 1, 1, tzinfo=UTC)) == datetime(2026, 1, 5, tzinfo=UTC)

    def test_no_open_time_in_any_piece(self):
        """No open time in any piece."""
        with pytest.raises(NoBusinessTimeError):
            BusinessCalendar("UTC", {}, changes=[Change(date(2026, 1, 5), half_day="12:00")])

    def test_a_desk_that_closes_for_good(self):
        """A desk that closes for good."""
        cal = BusinessCalendar(
            "UTC", {"mon-fri": ["09:00-17:00"]}, changes=[Change(date(2030, 1, 1), hours={})]
        )
        a = datetime(2029, 12, 31, 16, tzinfo=UTC)
        with pytest.raises(NoBusinessTimeError):
            cal.add(a, 2 * H)
        assert cal.elapsed(datetime(2020, 1, 1, tzinfo=UTC), datetime(2090, 1, 1, tzinfo=UTC)) == (
            cal.elapsed(datetime(2020, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))
        )

    def test_wrong_types(self):
        """Wrong types."""
        with pytest.raises(TypeError, match="changes must hold Change"):
            BusinessCalendar("UTC", "24/7", changes=["2026-01-01"])
        with pytest.raises(TypeError, match="changes must be a list"):
            BusinessCalendar("UTC", "24/7", changes="2026-01-01")
        with pytest.raises(TypeError, match="effective must be a date"):
            Change(datetime(2026, 1, 1, tzinfo=UTC), hours="24/7")
        with pytest.raises(TypeError, match="half_day must be"):
            Change(date(2026, 1, 1), half_day=12.5)
        with pytest.raises(ConfigError, match="half_day: a half day closing at 0"):
            BusinessCalendar("UTC", "24/7", half_day=0)

    def test_a_change_must_change_something(self):
        """A change must change something."""
        with pytest.raises(ConfigError, match="changes nothing"):
            Change(date(2026, 1, 1))

    def test_holidays_or_rules_replace_the_whole_set(self):
        """Holidays or rules replace the whole set."""
        only_dates = Change(date(2026, 1, 1), holidays=[date(2026, 1, 2)])
        assert only_dates.holiday_rules == ()
        only_rules = Change(date(2026, 1, 1), holiday_rules=[HolidayRule(country="DE")])
        assert only_rules.holidays == frozenset()
        assert only_rules.to_dict()["holidays"] == [{"country": "DE"}]

    def test_duplicates_and_order_listed_together(self):
        """Duplicates and order listed together."""
        a = Change(date(2027, 3, 1), hours="24/7")
        b = Change(date(2026, 3, 1), hours="24/7")
        with pytest.raises(ConfigError) as info:
            BusinessCalendar("UTC", "24/7", changes=[a, a, b])
        paths = [p.path for p in info.value.problems]
        assert paths == ["changes[1].effective", "changes[2].effective"]
        assert "2 problems" in str(info.value)

    def test_extreme_effective_dates(self):
        """Extreme effective dates."""
        cal = BusinessCalendar(
            "UTC",
            {"mon-fri": ["09:00-17:00"]},
            changes=[
                Change(date(1, 1, 3), hours={"mon-sat": ["09:00-17:00"]}),
                Change(date(1, 2, 3), hours={"mon-fri": ["10:00-17:00"]}),
                Change(date(9999, 12, 1), hours="24/7"),
                Change(date(9999, 12, 30), hours={"sun": ["09:00-17:00"]}),
            ],
        )
        a, b = datetime(2, 1, 1, tzinfo=UTC), datetime(9997, 12, 31, tzinfo=UTC)
        assert cal.elapsed(a, b) == BusinessCalendar("UTC", {"mon-fri": ["10:00-17:00"]}).elapsed(
            a, b
        )


class TestFromDictProblems:
    """From dict problems."""

    def test_every_problem_with_its_path(self):
        """Every problem with its path."""
        doc = {
            "timezone": "Europe/Berlin",
            "hours": {"mon-fri": ["09:00-17:00"]},
            "changes": [
                {"effective": "2028-01-01", "hours": {"mon-fri": ["08:00-18:00"]}},
                {"effective": "2027-03-01", "hours": {"mon-fri": ["08:00-18:00"]}},
                {"effective": "2028-01-01", "half_day": "12:00"},
                {"effective": "2029-01-01", "timezone": "America/New_York", "hours": "24/7"},
                {"effective": "2030-13-01", "hours": "24/7"},
                {"hours": {"mon": ["25:00-26:00"]}, "overrides": {}},
                {"effective": "2031-01-01"},
                "2032-01-01",
                {"effective": "2033-01-01", "half_day": 12},
            ],
        }
        with pytest.raises(ConfigError) as info:
            BusinessCalendar.from_dict(doc)
        got = [p.path for p in info.value.problems]
        assert got == [
            "changes[3].timezone",
            "changes[4].effective",
            "changes[5].overrides",
            "changes[5].effective",
            "changes[5].hours.mon[0]",
            "changes[6]",
            "changes[7]",
            "changes[8].half_day",
            "changes[1].effective",
            "changes[2].effective",
        ]
        assert info.value.path == "changes"
        text = str(info.value)
        assert text.startswith("changes: 10 problems:")
        assert "same date" in text
        assert "date order" in text
        assert "another zone" in text

    def test_holidays_that_no_day_would_use(self):
        """Holidays that no day would use."""
        doc = {
            "timezone": "UTC",
            "hours": "24/7",
            "holidays": ["2026-12-25", "2027-12-25", {"country": "DE"}],
            "changes": [
                {"effective": "2027-01-01", "hours": {"mon-fri": ["09:00-17:00"]}},
                {"effective": "2027-06-01", "holidays": ["2027-05-01", "2027-12-25"]},
                {"effective": "2028-01-01", "holidays": {"country": "FR"}},
            ],
        }
        with pytest.raises(ConfigError) as info:
            BusinessCalendar.from_dict(doc)
        assert [p.path for p in info.value.problems] == [
            "holidays[1]",
            "changes[1].holidays[0]",
        ]

    def test_one_problem_keeps_its_own_path(self):
        """One problem keeps its own path."""
        doc = {"timezone": "UTC", "hours": "24/7", "changes": [{"effective": "x", "hours": {}}]}
        with pytest.raises(ConfigError) as info:
            BusinessCalendar.from_dict(doc)
        assert info.value.path == "changes[0].effective"
        assert [p.path for p in info.value.problems] == ["changes[0].effective"]

    @pytest.mark.parametrize("value", ["2027-01-01", {"effective": "2027-01-01"}, 3])
    def test_changes_must_be_a_list(self, value):
        """Changes must be a list."""
        with pytest.raises(ConfigError, match="expected a list of changes") as info:
            BusinessCalendar.from_dict({"timezone": "UTC", "hours": "24/7", "changes": value})
        assert info.value.path == "changes"

    def test_half_day_must_be_a_time(self):
        """Half day must be a time."""
        with pytest.raises(ConfigError, match="expected a time of day") as info:
            BusinessCalendar.from_dict({"timezone": "UTC", "hours": "24/7", "half_day": 12})
        assert info.value.path == "half_day"
        with pytest.raises(ConfigError, match="not a time of day within the day"):
            BusinessCalendar.from_dict({"timezone": "UTC", "hours": "24/7", "half_day": "24:00"})

    def test_nested_in_a_union_keeps_the_problems(self):
        """Nested in a union keeps the problems."""
        bad = {
            "timezone": "UTC",
            "hours": "24/7",
            "changes": [
                {"effective": "2027-01-01", "hours": "24/7"},
                {"effective": "2027-01-01", "hours": "24/7"},
                {"effective": "2026-01-01", "hours": "24/7"},
            ],
        }
        with pytest.raises(ConfigError) as info:
            calendar_from_dict({"union": [{"timezone": "UTC", "hours": "24/7"}, bad]})
        assert [p.path for p in info.value.problems] == [
            "union[1].changes[1].effective",
            "union[1].changes[2].effective",
        ]


class TestCommandLine:
    """``servicekit hours`` reads the new keys through ``BusinessCalendar.from_dict``."""

    def test_add_across_the_change(self, capsys):
        """The desk's hours from the file, changes included."""
        out = io.StringIO()
        doc = json.dumps(DESK)
        status = cli.main(
            ["hours", "add", "--calendar-json", doc, "2027-02-26T16:00:00+01:00", "PT3H"], out=out
        )
        assert (status, out.getvalue().strip()) == (0, "2027-03-01T10:00:00+01:00")
        bad = {**DESK, "changes": [*DESK["changes"], {"effective": "2027-03-01", "hours": {}}]}
        status = cli.main(
            ["hours", "open", "--calendar-json", json.dumps(bad), "2027-02-26T16:00:00+01:00"],
            out=io.StringIO(),
        )
        err = capsys.readouterr().err
        assert status == 2
        assert "changes[2].effective" in err
        assert "same date" in err
