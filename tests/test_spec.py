"""Tests for servicekit.hours._spec: the weekly-hours syntax."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicekit.exceptions import ConfigError
from servicekit.hours._spec import (
    ALWAYS,
    format_interval,
    format_weekly,
    parse_day_keys,
    parse_interval,
    parse_intervals,
    parse_weekly,
)

H = 3600


class TestDayKeys:
    """Weekday keys, ranges, lists and words."""

    @pytest.mark.parametrize(
        ("key", "days"),
        [
            ("mon", (0,)),
            ("SUN", (6,)),
            ("mon-fri", (0, 1, 2, 3, 4)),
            ("fri-mon", (4, 5, 6, 0)),
            ("mon,wed, fri", (0, 2, 4)),
            ("daily", (0, 1, 2, 3, 4, 5, 6)),
            ("weekdays", (0, 1, 2, 3, 4)),
            ("weekend", (5, 6)),
            ("sat-sat", (5,)),
        ],
    )
    def test_valid(self, key, days):
        """Keys expand to weekday numbers, Monday 0."""
        assert days == parse_day_keys(key, "hours")

    @pytest.mark.parametrize("key", ["monday", "mon-", "-fri", "mon-xyz", "", "mon,mon-tue"])
    def test_invalid(self, key):
        """Unknown or doubled keys raise ConfigError with the path."""
        with pytest.raises(ConfigError) as info:
            parse_day_keys(key, f"hours.{key}")
        assert f"hours.{key}" == info.value.path

    def test_not_string(self):
        """A non-string key is a config error."""
        with pytest.raises(ConfigError, match="weekday key must be a string"):
            parse_day_keys(1, "hours")


class TestInterval:
    """One interval 'HH:MM-HH:MM'."""

    @pytest.mark.parametrize(
        ("text", "span"),
        [
            ("09:00-17:00", (9 * H, 17 * H)),
            ("09:00 - 17:00", (9 * H, 17 * H)),
            ("00:00-24:00", (0, 24 * H)),
            ("22:00-06:00", (22 * H, 30 * H)),
            ("09:00-09:00", (9 * H, 33 * H)),
            ("00:00-00:00", (0, 24 * H)),
            ("18:00-24:00", (18 * H, 24 * H)),
        ],
    )
    def test_valid(self, text, span):
        """Close <= open crosses midnight; 24:00 is the next midnight."""
        assert span == parse_interval(text, "x")

    @pytest.mark.parametrize("text", ["09:00", "09:00-17:00-18:00", "24:00-02:00", 9, "9-17"])
    def test_invalid(self, text):
        """Malformed intervals raise ConfigError."""
        with pytest.raises(ConfigError):
            parse_interval(text, "hours.mon[0]")

    def test_format(self):
        """Overnight intervals format with the next day's clock time."""
        assert "22:00-06:00" == format_interval((22 * H, 30 * H))
        assert "09:00-17:30" == format_interval((9 * H, 17 * H + 1800))


class TestIntervals:
    """A day's list of intervals."""

    def test_sorted(self):
        """Intervals come back sorted by opening time."""
        assert ((8 * H, 12 * H), (13 * H, 17 * H)) == parse_intervals(
            ["13:00-17:00", "08:00-12:00"], "d"
        )

    def test_touching_allowed(self):
        """Intervals may touch."""
        assert ((8 * H, 12 * H), (12 * H, 17 * H)) == parse_intervals(
            ["08:00-12:00", "12:00-17:00"], "d"
        )

    def test_overlap_rejected(self):
        """Overlapping intervals are refused: nearly always a typo."""
        with pytest.raises(ConfigError) as info:
            parse_intervals(["08:00-12:00", "11:00-17:00"], "hours.mon")
        assert (
            "hours.mon: intervals '08:00-12:00' and '11:00-17:00' overlap; merge them into one"
        ) == str(info.value)

    @pytest.mark.parametrize("items", ["09:00-17:00", 5, None, {}, {"09:00-17:00": 1}])
    def test_not_a_list(self, items):
        """A bare string, number or mapping is not a list of intervals."""
        with pytest.raises(ConfigError, match="expected a list of intervals"):
            parse_intervals(items, "hours.mon")

    def test_bad_item_path(self):
        """The path names the bad item's index."""
        with pytest.raises(ConfigError) as info:
            parse_intervals(["09:00-12:00", "13:00-25:00"], "hours.mon")
        assert "hours.mon[1]" == info.value.path


class TestWeekly:
    """Whole weekly specs."""

    def test_example(self):
        """Ranges and single days combine; unnamed days are closed."""
        week = parse_weekly({"mon-fri": ["09:00-17:00"], "sat": ["10:00-14:00"]})
        assert (((9 * H, 17 * H),),) * 5 + (((10 * H, 14 * H),), ()) == week

    def test_always(self):
        """'24/7' is open all week."""
        assert ALWAYS == parse_weekly("24/7")

    def test_empty_day(self):
        """An empty list closes the day."""
        assert ((), (), (), (), (), (), ()) == parse_weekly({"mon": []})

    def test_day_twice(self):
        """A day named by two keys is refused (no order-dependent overriding)."""
        with pytest.raises(ConfigError) as info:
            parse_weekly({"mon-fri": ["09:00-17:00"], "fri": ["09:00-12:00"]})
        assert "hours.fri: fri is given by more than one key; name each day once" == str(info.value)

    @pytest.mark.parametrize("spec", [None, ["09:00-17:00"], "24/5"])
    def test_not_a_mapping(self, spec):
        """Anything but a mapping or '24/7' is refused."""
        with pytest.raises(ConfigError, match="expected a mapping"):
            parse_weekly(spec, "availability")

    def test_format_groups_runs(self):
        """Formatting groups identical consecutive days and leaves out closed days."""
        week = parse_weekly({"mon-wed": ["09:00-17:00"], "thu": ["22:00-06:00"], "sun": []})
        assert {"mon-wed": ["09:00-17:00"], "thu": ["22:00-06:00"]} == format_weekly(week)

    @given(
        st.lists(
            st.lists(
                st.tuples(st.integers(0, 95).map(lambda q: q * 900), st.integers(1, 96)).map(
                    lambda t: (t[0], t[0] + t[1] * 900)
                ),
                max_size=3,
            ),
            min_size=7,
            max_size=7,
        )
    )
    def test_round_trip(self, days):
        """format_weekly output parses back to the same hours."""
        week = []
        for spans in days:
            kept: list[tuple[int, int]] = []
            for span in sorted(spans):
                if not kept or span[0] >= kept[-1][1]:
                    kept.append(span)
            week.append(tuple(kept))
        parsed = tuple(week)
        assert parsed == parse_weekly(format_weekly(parsed))
