"""Limits and guarantees of business calendars (issue 14).

Cost does not grow with the span (open time is counted arithmetically), instants and
results outside the supported years are documented errors, and equal calendars are
equal whichever thread or source loaded their zone.
"""

from __future__ import annotations

import threading
import zoneinfo
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit import _time
from servicekit._time import parse_duration, transition_span, zone
from servicekit.exceptions import ConfigError, NoBusinessTimeError, OutOfRangeError
from servicekit.hours import (
    MAX_YEAR,
    MIN_YEAR,
    BusinessCalendar,
    HolidayRule,
    Member,
    calendar_from_dict,
)
from servicekit.hours import _periodic as periodic
from servicekit.hours._compile import to_us, year_start
from servicekit.hours._timeline import MAX_COMPILED_YEARS

UTC = timezone.utc
H = timedelta(hours=1)
SECONDS = {
    "mon-sun": [f"{h:02d}:{m:02d}:00-{h:02d}:{m:02d}:01" for h in range(24) for m in range(60)]
}
HALF_HOURLY = {
    "mon-fri": [f"{h:02d}:{m:02d}-{h:02d}:{m + 15:02d}" for h in range(24) for m in (0, 30)]
}


def utc(*args):
    """An instant in UTC."""
    return datetime(*args, tzinfo=UTC)


def compiled(cal, a, b):
    """Open time in [a, b) from the compiled years (the old way), microseconds."""
    line = cal._timeline
    ua, ub = to_us(a), to_us(b)
    snap = line.covering(ua, ub)
    return line._before(snap, ub) - line._before(snap, ua)


class TestLongSpans:
    """The cost of a query does not grow with its span."""

    @pytest.mark.timeout(60)
    def test_one_second_slots_over_twenty_years(self):
        """1,440 one-second slots a day over 20 years (was > 40 s and 360 MB)."""
        cal = BusinessCalendar("Europe/Berlin", SECONDS)
        days = (date(2046, 1, 1) - date(2026, 1, 1)).days
        assert timedelta(seconds=1440 * days) == cal.elapsed(utc(2026, 1, 1), utc(2046, 1, 1))

    @pytest.mark.timeout(60)
    def test_half_hourly_over_five_centuries(self):
        """500 years of a half-hourly calendar (was about a minute and 0.8 GB)."""
        cal = BusinessCalendar("Europe/Berlin", HALF_HOURLY)
        far = cal.elapsed(utc(2026, 1, 1), utc(2526, 1, 1))
        near = cal.elapsed(utc(2026, 1, 1), utc(2027, 1, 1))
        assert 400 * near < far < 600 * near
        assert -far == cal.elapsed(utc(2526, 1, 1), utc(2026, 1, 1))

    @pytest.mark.timeout(60)
    def test_millennia_of_business_time(self):
        """Adding 1,500 years of business time lands, and comes back (was ~5 s, then overflow)."""
        cal = BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})
        start = utc(2026, 1, 5, 9)
        amount = timedelta(days=365 * 1500)
        end = cal.add(start, amount)
        assert 8000 < end.year < 9000
        assert amount == cal.elapsed(start, end)
        assert start == cal.subtract(end, amount)
        with pytest.raises(OutOfRangeError, match="supported years end"):
            cal.add(start, timedelta(days=365 * 2000))
        with pytest.raises(OutOfRangeError, match="supported years begin"):
            cal.subtract(utc(2026, 1, 1), timedelta(days=365 * 600))

    @pytest.mark.timeout(60)
    def test_every_holiday_and_override_counts(self):
        """Dated entries anywhere in a long span are counted exactly."""
        plain = BusinessCalendar("America/New_York", {"mon-fri": ["09:00-17:00"]})
        dated = BusinessCalendar(
            "America/New_York",
            {"mon-fri": ["09:00-17:00"]},
            holidays=[date(2030, 1, 2), date(7000, 3, 1)],  # a Wednesday and a Saturday
            overrides={date(5000, 1, 4): ((0, 86400),)},  # a Saturday opened
            closures={date(9000, 1, 2): ((10 * 3600, 11 * 3600),)},  # a Thursday
        )
        a, b = utc(2026, 1, 1), utc(9500, 1, 1)
        assert plain.elapsed(a, b) - 8 * H + 24 * H - H == dated.elapsed(a, b)
        inside = utc(5000, 1, 4, 12)
        assert plain.elapsed(a, inside) - 8 * H + 7 * H == dated.elapsed(a, inside)

    @settings(max_examples=25, deadline=None)
    @given(
        tz=st.sampled_from(["Europe/Berlin", "Australia/Lord_Howe", "America/Sao_Paulo", "UTC"]),
        year=st.integers(1890, 2100),
        offsets=st.tuples(st.integers(0, 3 * 366 * 24), st.integers(0, 3 * 366 * 24)),
        holidays=st.lists(st.integers(0, 4 * 366), max_size=4),
        overnight=st.booleans(),
    )
    def test_arithmetic_equals_compiled(self, tz, year, offsets, holidays, overnight):
        """Counting and compiling agree to the microsecond, DST nights and holidays included."""
        hours = {"mon-fri": ["09:00-17:00"], "sun": ["22:00-06:30" if overnight else "01:30-02:30"]}
        base = date(year, 1, 1)
        cal = BusinessCalendar(
            tz,
            hours,
            holidays=[base + timedelta(days=d) for d in holidays],
            closures={base + timedelta(days=40): ((3600, 90000),)},
            overrides={base + timedelta(days=500): ((0, 3600),)},
        )
        a = utc(year, 1, 1) + timedelta(hours=min(offsets), microseconds=7)
        b = utc(year, 1, 1) + timedelta(hours=max(offsets) + 24 * 400)
        arith = cal._timeline._arithmetic()
        assert compiled(cal, a, b) == arith.measure(to_us(a), to_us(b))


class TestPeriodicInternals:
    """Branches of the arithmetic that ordinary zones rarely take."""

    def test_zone_without_a_file_walks_the_years(self, tmp_path):
        """A ZoneInfo.from_file zone has no key: every year is walked (and still exact)."""
        path = tmp_path / "zone"
        path.write_bytes(_tzif("Europe/Berlin"))
        with path.open("rb") as fp:
            keyless = zoneinfo.ZoneInfo.from_file(fp)
        assert transition_span(keyless) is None
        cal = BusinessCalendar(keyless, {"mon-fri": ["09:00-17:00"]})
        ref = BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})
        assert ref.elapsed(utc(2020, 1, 1), utc(2040, 1, 1)) == cal.elapsed(
            utc(2020, 1, 1), utc(2040, 1, 1)
        )

    def test_late_last_transition_has_no_cycle(self, monkeypatch):
        """A zone with transitions until near 9997 is walked, not cycled."""
        monkeypatch.setattr(periodic, "transition_span", lambda _tz: (0, year_start(9700)))
        cal = BusinessCalendar("UTC", {"mon": ["09:00-10:00"]})
        assert timedelta(hours=52) < cal.elapsed(utc(2026, 1, 1), utc(2030, 1, 1))

    def test_cycle_table_is_reused(self):
        """The 400-year table is built once and serves later spans."""
        cal = BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})
        one = cal.elapsed(utc(2000, 1, 1), utc(2900, 1, 1))
        two = cal.elapsed(utc(2000, 1, 1), utc(2450, 1, 1)) + cal.elapsed(
            utc(2450, 1, 1), utc(2900, 1, 1)
        )
        assert one == two

    def test_sunday_night_runs_into_monday(self):
        """An overnight Sunday interval wraps into the next week."""
        cal = BusinessCalendar("UTC", {"sun": ["22:00-02:00"]})
        assert 4 * H * 52 < cal.elapsed(utc(2026, 1, 1), utc(2030, 1, 1)) < 4 * H * 53 * 4

    def test_overrides_only_calendar(self):
        """Weekly hours empty: far add keeps the search horizon."""
        cal = BusinessCalendar("UTC", {}, overrides={date(2026, 1, 1): ((0, 3600),)})
        assert H == cal.elapsed(utc(2020, 1, 1), utc(2090, 1, 1))
        with pytest.raises(NoBusinessTimeError, match="10 years"):
            cal.add(utc(2026, 1, 1), 2 * H)

    def test_long_closed_stretch_is_beyond_the_horizon(self):
        """Twelve years of holidays: far add and subtract still give up (horizon)."""
        days = [date(2030, 1, 1) + timedelta(days=i) for i in range(366 * 12)]
        cal = BusinessCalendar("UTC", {"mon": ["09:00-10:00"]}, holidays=days)
        with pytest.raises(NoBusinessTimeError, match="10 years after"):
            cal.add(utc(2026, 1, 1), 52 * 30 * H)
        with pytest.raises(NoBusinessTimeError, match="10 years before"):
            cal.subtract(utc(2050, 1, 1), 52 * 30 * H)
        short = BusinessCalendar("UTC", {"mon": ["09:00-10:00"]}, holidays=days[:800])
        assert short.add(utc(2026, 1, 1), 52 * 10 * H).year > 2035


def _tzif(key):
    from importlib import resources  # noqa: PLC0415

    return resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()


class TestCompiledYearsBound:
    """Calendars without arithmetic compile at most MAX_COMPILED_YEARS per query."""

    def test_combined_calendar(self):
        """A union over more years than the bound is a ConfigError naming it."""
        a = BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})
        b = BusinessCalendar("America/New_York", {"mon-fri": ["09:00-17:00"]})
        team = a | b
        assert team.elapsed(utc(2026, 1, 1), utc(2100, 1, 1)) > timedelta(0)
        with pytest.raises(ConfigError, match=f"at most {MAX_COMPILED_YEARS} years") as caught:
            team.elapsed(utc(2026, 1, 1), utc(2300, 1, 1))
        assert "end" == caught.value.path
        with pytest.raises(ConfigError, match="at most") as caught:
            team.add(utc(2026, 1, 1), timedelta(days=365 * 150))
        assert "duration" == caught.value.path
        with pytest.raises(ConfigError, match="at most"):
            team.subtract(utc(2200, 1, 1), timedelta(days=365 * 150))

    def test_python_holidays_rules(self):
        """A calendar with python-holidays rules is compiled (and bounded) too."""
        cal = BusinessCalendar.from_dict(
            {"timezone": "Europe/Berlin", "hours": "24/7", "holidays": {"country": "DE"}}
        )
        assert cal.elapsed(utc(2026, 1, 1), utc(2029, 1, 1)) < timedelta(days=3 * 366)
        with pytest.raises(ConfigError, match="at most"):
            cal.elapsed(utc(2026, 1, 1), utc(2200, 1, 1))

    def test_cache_restarts_instead_of_growing(self):
        """Queries walking forward never make the compiled range exceed the bound."""
        team = BusinessCalendar.always() | BusinessCalendar.always("Asia/Tokyo")
        for year in range(2000, 2000 + 2 * MAX_COMPILED_YEARS, 2):
            team.is_open(utc(year, 6, 1))
        snap = team._timeline._snap
        assert snap.last_year - snap.first_year < MAX_COMPILED_YEARS


class TestYearBounds:
    """Instants near year 1 and 9999: a documented error or a correct answer."""

    @pytest.mark.parametrize(
        "instant",
        [
            datetime(1, 1, 1, tzinfo=UTC),
            datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
            datetime(9998, 1, 1, tzinfo=timezone(timedelta(hours=-5))),
        ],
    )
    def test_instant_outside(self, instant):
        """Every query refuses the instant with a ConfigError naming the argument."""
        cal = BusinessCalendar("America/New_York", {"mon-fri": ["09:00-17:00"]})
        for call in (cal.is_open, cal.next_open, cal.next_close):
            with pytest.raises(ConfigError, match="supported years") as caught:
                call(instant)
            assert "at" == caught.value.path
        with pytest.raises(ConfigError, match="supported years"):
            cal.elapsed(utc(2026, 1, 1), instant)

    def test_edges_answer(self):
        """The first and last supported days answer in a zone west of Greenwich."""
        cal = BusinessCalendar("America/New_York", {"mon-sun": ["09:00-17:00"]})
        assert cal.is_open(datetime(2, 1, 1, 20, tzinfo=UTC))
        assert cal.is_open(datetime(9997, 12, 31, 20, tzinfo=UTC))
        with pytest.raises(OutOfRangeError, match="supported years"):
            cal.next_open(datetime(9997, 12, 31, 23, tzinfo=UTC))
        assert 8 * H == cal.elapsed(datetime(2, 1, 1, tzinfo=UTC), datetime(2, 1, 2, tzinfo=UTC))


class TestThreads:
    """Caches are safe under threads; equality does not depend on object identity."""

    def test_racing_threads_build_equal_calendars(self, monkeypatch):
        """8 threads loading one zone at once get one object and equal calendars."""
        monkeypatch.setattr(_time, "_packaged", {})
        barrier = threading.Barrier(8)
        out = []

        def build():
            barrier.wait()
            out.append(BusinessCalendar("Asia/Kathmandu", "24/7"))

        threads = [threading.Thread(target=build) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len({id(c.timezone) for c in out}) == 1
        assert len(set(out)) == 1

    def test_zone_objects_compare_by_key(self):
        """A system ZoneInfo and the packaged zone of one key make equal values."""
        system = zoneinfo.ZoneInfo("Europe/Berlin")
        assert BusinessCalendar(system, "24/7") == BusinessCalendar("Europe/Berlin", "24/7")
        assert hash(BusinessCalendar(system, "24/7")) == hash(
            BusinessCalendar("Europe/Berlin", "24/7")
        )
        assert Member("A", system, "24/7") == Member("A", "Europe/Berlin", "24/7")
        assert BusinessCalendar(zone("UTC"), "24/7") != BusinessCalendar(system, "24/7")

    def test_racing_queries_see_whole_snapshots(self):
        """Threads querying one calendar over many years agree with a fresh one."""
        cal = BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})
        ref = BusinessCalendar("Europe/Berlin", {"mon-fri": ["09:00-17:00"]})
        starts = [utc(2026 + i % 30, 1 + i % 12, 1) for i in range(64)]
        results = {}

        def work(k):
            for i in range(k, len(starts), 4):
                results[i] = cal.elapsed(starts[0], starts[i])

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(results[i] == ref.elapsed(starts[0], s) for i, s in enumerate(starts))


class TestFieldErrors:
    """Errors name the field that is wrong."""

    def test_closures_not_a_mapping(self):
        """closures=[1] names closures."""
        with pytest.raises(TypeError, match=r"^closures must be a mapping"):
            BusinessCalendar("UTC", "24/7", closures=[1])
        with pytest.raises(TypeError, match=r"^overrides must hold"):
            BusinessCalendar("UTC", "24/7", overrides=(1,))
        with pytest.raises(TypeError, match=r"^overrides\.2026-01-01 must be a list"):
            BusinessCalendar("UTC", "24/7", overrides={date(2026, 1, 1): 5})

    def test_override_path_is_the_date(self):
        """A bad override is reported at overrides.2026-01-01."""
        with pytest.raises(ConfigError) as caught:
            BusinessCalendar("UTC", "24/7", overrides={date(2026, 1, 1): [(5, 1)]})
        assert "overrides.2026-01-01" == caught.value.path

    def test_holiday_rule_errors(self):
        """Unknown categories and a non-mapping rule are ConfigErrors."""
        with pytest.raises(ConfigError, match="nope"):
            HolidayRule.from_dict({"country": "DE", "categories": ["nope"]})
        with pytest.raises(ConfigError, match="expected a mapping"):
            HolidayRule.from_dict([])
        with pytest.raises(ConfigError) as caught:
            calendar_from_dict(
                {
                    "timezone": "UTC",
                    "hours": "24/7",
                    "holidays": [{"country": "DE", "categories": ["x"]}],
                }
            )
        assert "holidays[0]" == caught.value.path

    def test_huge_weight(self):
        """10**400 as a weight is a ConfigError, in the constructor and from_dict."""
        with pytest.raises(ConfigError, match="an int of 1329 bits"):
            Member("A", "UTC", "24/7", weight=10**400)
        with pytest.raises(ConfigError, match="an int of 1329 bits") as caught:
            Member.from_dict(
                {"name": "A", "timezone": "UTC", "availability": "24/7", "weight": 10**400}
            )
        assert "member.weight" == caught.value.path
        assert (
            5.0
            == Member.from_dict(
                {"name": "A", "timezone": "UTC", "availability": "24/7", "weight": 5}
            ).weight
        )

    def test_huge_duration(self):
        """A duration past timedelta.max is a ConfigError."""
        with pytest.raises(ConfigError, match="longest duration") as caught:
            parse_duration("PT99999999999999999999H", "reply_within")
        assert "reply_within" == caught.value.path


def test_occurrence_on_needs_a_date():
    """occurrence_on refuses a datetime or a string (a wrong type) and far years."""
    from servicekit.hours import OfficeHours  # noqa: PLC0415

    slot = OfficeHours("UTC", "tue", "18:00", H)
    with pytest.raises(TypeError, match="day must be a date"):
        slot.occurrence_on("2026-03-03")
    with pytest.raises(ConfigError, match="supported years"):
        slot.occurrence_on(date(9999, 12, 28))
    with pytest.raises(ConfigError, match="not a tue") as caught:
        slot.occurrence_on(date(2026, 3, 4))
    assert "day" == caught.value.path


class TestTzif:
    """The TZif reader behind transition_span."""

    def test_version_one_and_garbage(self):
        """A version-1 file is read from its 32-bit block; other bytes are not TZif."""
        header = b"TZif\x00" + b"\x00" * 15
        counts = (0, 0, 0, 2, 1, 4)
        import struct  # noqa: PLC0415

        data = header + struct.pack(">6l", *counts) + struct.pack(">2l", -100, 200)
        assert (-100, 200) == _time._tzif_transitions(data)
        assert _time._tzif_transitions(b"nonsense") is None

    def test_system_zone_not_in_tzpath(self, monkeypatch, tmp_path):
        """A key missing from every TZPATH root is read from the tzdata package."""
        monkeypatch.setattr(_time, "_spans", {})
        monkeypatch.setattr(zoneinfo, "TZPATH", (str(tmp_path),))
        span = transition_span(zoneinfo.ZoneInfo("Asia/Tokyo"))
        assert span is not None
        assert span[0] < 0

    def test_system_zone_file(self):
        """A system ZoneInfo is read from the OS database when it has the key."""
        span = transition_span(zoneinfo.ZoneInfo("America/New_York"))
        assert span is not None
        assert span[0] < 0 < span[1]


def test_explain_and_intervals_are_bounded():
    """Explain and intervals list every day: at most MAX_COMPILED_YEARS years."""
    cal = BusinessCalendar("UTC", {"mon": ["09:00-10:00"]})
    with pytest.raises(ConfigError, match="at most") as caught:
        cal.explain(utc(2026, 1, 1), utc(2200, 1, 1))
    assert "end" == caught.value.path
    with pytest.raises(ConfigError, match="at most"):
        cal.intervals(utc(2026, 1, 1), utc(2200, 1, 1))
    assert 52 <= len(cal.explain(utc(2026, 1, 1), utc(2027, 1, 1)).counted) <= 53


def test_holiday_rule_types():
    """A HolidayRule built with values of the wrong type is a TypeError."""
    with pytest.raises(TypeError, match="country"):
        HolidayRule(country=5)
    with pytest.raises(TypeError, match="categories must be names"):
        HolidayRule(country="DE", categories=[5])
    with pytest.raises(TypeError, match="observed"):
        HolidayRule(country="DE", observed="yes")


@pytest.mark.parametrize(
    "tz", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Africa/Casablanca"]
)
def test_cycle_equals_compiled_far_ahead(tz):
    """Years counted through the 400-year cycle equal the compiled ones."""
    cal = BusinessCalendar(tz, {"mon-fri": ["09:00-17:00"], "sun": ["01:30-03:30"]})
    cal.elapsed(utc(2000, 1, 1), utc(2900, 1, 1))  # builds the cycle's table
    arith = cal._timeline._arithmetic()
    assert arith._table is not None
    for a, b in ((utc(5000, 2, 3, 4), utc(5003, 11, 7)), (utc(9990, 1, 1), utc(9997, 12, 31))):
        assert compiled(cal, a, b) == arith.measure(to_us(a), to_us(b))


def test_occurrences_span_is_bounded():
    """Weekly occurrences are listed for at most 100 years at once."""
    from servicekit.hours import OfficeHours  # noqa: PLC0415

    slot = OfficeHours("UTC", "tue", "18:00", H)
    assert 52 <= len(slot.occurrences(utc(2026, 1, 1), utc(2027, 1, 1))) <= 53
    with pytest.raises(ConfigError, match="at most 100 years") as caught:
        slot.occurrences(utc(2026, 1, 1), utc(9000, 1, 1))
    assert "end" == caught.value.path
    with pytest.raises(ConfigError, match="at most 100 years"):
        slot.schedule_for("Europe/Berlin", utc(2026, 1, 1), utc(9000, 1, 1))


def test_earlier_queries_do_not_count_against_the_bound():
    """A long-lived cache does not make a short query exceed MAX_COMPILED_YEARS."""
    team = BusinessCalendar("UTC", {"mon": ["09:00-10:00"]}) | BusinessCalendar.always()
    for year in range(2000, 2000 + MAX_COMPILED_YEARS):
        team.is_open(utc(year, 6, 1))
    snap = team._timeline._snap
    assert snap.last_year - snap.first_year == MAX_COMPILED_YEARS - 1
    late = utc(snap.last_year, 12, 31)
    assert late + 5 * 24 * H == team.add(late, 5 * 24 * H)
    assert team.next_open(late) == late
    early = utc(snap.first_year, 1, 2)
    assert early - 5 * 24 * H == team.subtract(early, 5 * 24 * H)


class TestOutOfRange:
    """A result beyond the supported years is an OutOfRangeError; no open time is not."""

    def test_public_bounds(self):
        """MIN_YEAR and MAX_YEAR are public, and are the bounds the calendar checks."""
        assert (2, 9997) == (MIN_YEAR, MAX_YEAR)
        cal = BusinessCalendar("UTC", {"mon-sun": ["00:00-24:00"]})
        assert cal.is_open(datetime(MIN_YEAR, 1, 1, tzinfo=UTC))
        assert cal.is_open(datetime(MAX_YEAR, 12, 31, 23, 59, tzinfo=UTC))
        for at in (
            datetime(MIN_YEAR - 1, 12, 31, 23, tzinfo=UTC),
            datetime(MAX_YEAR + 1, 1, 1, tzinfo=UTC),
        ):
            with pytest.raises(ConfigError, match=f"{MIN_YEAR:04d}-{MAX_YEAR}"):
                cal.is_open(at)

    def test_every_way_out(self):
        """add, subtract, next_open and next_close past the edges: OutOfRangeError.

        It is a NoBusinessTimeError, as before, so existing handlers still catch it.
        """
        cal = BusinessCalendar("UTC", {"mon-sun": ["20:00-24:00"]})
        end = datetime(9997, 12, 31, 23, tzinfo=UTC)
        calls = [
            lambda: cal.add(end, 2 * H),
            lambda: cal.add(utc(2026, 1, 1), timedelta(days=365 * 9000)),
            lambda: cal.subtract(datetime(2, 1, 1, 21, tzinfo=UTC), 2 * H),
            lambda: cal.next_close(end),
            lambda: BusinessCalendar("UTC", {"mon-sun": ["09:00-10:00"]}).next_open(end),
        ]
        for call in calls:
            with pytest.raises(OutOfRangeError) as caught:
                call()
            assert isinstance(caught.value, NoBusinessTimeError)
        combined = cal | BusinessCalendar("UTC", {"mon": ["09:00-10:00"]})
        with pytest.raises(OutOfRangeError):
            combined.add(end, 2 * H)

    def test_no_open_time_is_not_out_of_range(self):
        """A calendar without open time near the edge says so; it is not "too far"."""
        cal = BusinessCalendar("UTC", {}, overrides={date(9950, 1, 6): ((0, 3600),)})
        for call in (
            lambda: cal.add(utc(9960, 1, 1), H),
            lambda: cal.next_open(utc(9960, 1, 1)),
        ):
            with pytest.raises(NoBusinessTimeError, match="10 years") as caught:
                call()
            assert not isinstance(caught.value, OutOfRangeError)
