"""Tests for servicekit._time: zones, aware datetimes, clock and ISO-8601 parsing."""

from __future__ import annotations

import pickle
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicekit import _time
from servicekit._time import (
    as_zone,
    default_zone_source,
    format_clock,
    format_duration,
    parse_clock,
    parse_duration,
    parse_instant,
    require_aware,
    require_timedelta,
    tz_database_version,
    zone,
)
from servicekit.exceptions import ConfigError, NaiveDatetimeError, UnknownTimeZoneError


class TestZone:
    """IANA keys become ZoneInfo objects; anything else is refused."""

    @pytest.mark.parametrize("source", ["tzdata", "system"])
    def test_valid(self, source):
        """A real key loads from either database and keeps its key."""
        tz = zone("Europe/Berlin", source=source)
        assert "Europe/Berlin" == tz.key
        assert timedelta(hours=2) == datetime(2026, 7, 1, tzinfo=tz).utcoffset()

    def test_same_object_each_time(self):
        """Loading a key twice gives the same object, so tzinfo identity is stable."""
        assert zone("Asia/Kolkata", source="tzdata") is zone("Asia/Kolkata", source="tzdata")

    @pytest.mark.parametrize(
        "key",
        [
            "Europe/Berln",
            "Mars/Olympus_Mons",
            "Europe",  # a directory, not a zone
            "../etc/passwd",
            "/etc/localtime",
            "Europe/../Europe/Berlin",
            "Europe//Berlin",
            "",
            " Europe/Berlin",
            "Europe/Berlin\x00",
        ],
    )
    @pytest.mark.parametrize("source", ["tzdata", "system"])
    def test_unknown_or_malformed(self, key, source):
        """Unknown, malformed and path-like names raise UnknownTimeZoneError."""
        with pytest.raises(UnknownTimeZoneError) as info:
            zone(key, source=source, field="calendar.timezone")
        assert key == info.value.key
        assert "calendar.timezone" == info.value.field

    def test_non_string(self):
        """A non-string key is a TypeError, not a lookup."""
        with pytest.raises(TypeError, match="timezone must be an IANA key string, got int"):
            zone(1)  # type: ignore[arg-type]

    def test_unknown_source(self):
        """An unknown source is a config error naming the source."""
        with pytest.raises(ConfigError, match="unknown zone source 'web'"):
            zone("UTC", source="web")  # type: ignore[arg-type]

    def test_packaged_zone_pickles_by_key(self):
        """A zone from the tzdata package pickles back to the same cached object."""
        tz = zone("America/Sao_Paulo", source="tzdata")
        assert tz is pickle.loads(pickle.dumps(tz))  # noqa: S301

    def test_system_zone_is_stdlib_zoneinfo(self):
        """The system source gives the standard library's cached ZoneInfo."""
        assert _time.ZoneInfo("Europe/Rome") is zone("Europe/Rome", source="system")


class TestZoneSource:
    """The zone source is tzdata by default and overridable by environment."""

    def test_default(self, monkeypatch):
        """Without the variable the tzdata package is used."""
        monkeypatch.delenv("SERVICEKIT_TZ_SOURCE", raising=False)
        assert "tzdata" == default_zone_source()

    @pytest.mark.parametrize("value", ["tzdata", "system"])
    def test_environment(self, monkeypatch, value):
        """SERVICEKIT_TZ_SOURCE chooses the source."""
        monkeypatch.setenv("SERVICEKIT_TZ_SOURCE", value)
        assert value == default_zone_source()

    def test_environment_system_loads_stdlib(self, monkeypatch):
        """With the variable set to system, zone() returns the stdlib ZoneInfo."""
        monkeypatch.setenv("SERVICEKIT_TZ_SOURCE", "system")
        assert _time.ZoneInfo("Europe/Paris") is zone("Europe/Paris")

    def test_environment_bad(self, monkeypatch):
        """A bad value names the variable."""
        monkeypatch.setenv("SERVICEKIT_TZ_SOURCE", "os")
        with pytest.raises(ConfigError) as info:
            default_zone_source()
        assert "SERVICEKIT_TZ_SOURCE: unknown zone source 'os'; expected 'tzdata' or 'system'" == (
            str(info.value)
        )


class TestDatabaseVersion:
    """The release of the zone database in use is reported."""

    def test_tzdata(self):
        """The tzdata package reports its IANA release."""
        import tzdata  # noqa: PLC0415

        assert tzdata.IANA_VERSION == tz_database_version("tzdata")

    def test_system(self):
        """The OS database reports a release or 'unknown'."""
        assert re.fullmatch(r"\d{4}[a-z]+|unknown", tz_database_version("system"))

    def test_system_reads_tzdata_zi(self, monkeypatch, tmp_path):
        """The release is read from the first line of tzdata.zi on the TZPATH."""
        (tmp_path / "tzdata.zi").write_text("# version 2031z\n", encoding="ascii")
        monkeypatch.setattr(_time.zoneinfo, "TZPATH", (str(tmp_path / "missing"), str(tmp_path)))
        assert "2031z" == tz_database_version("system")

    def test_system_unknown(self, monkeypatch, tmp_path):
        """A database without a version line reports 'unknown'."""
        (tmp_path / "tzdata.zi").write_text("no version here\n", encoding="ascii")
        monkeypatch.setattr(_time.zoneinfo, "TZPATH", (str(tmp_path),))
        assert "unknown" == tz_database_version("system")


class TestAsZone:
    """Zone-like values normalise to ZoneInfo."""

    def test_string(self):
        """A key is looked up."""
        assert "Asia/Kathmandu" == as_zone("Asia/Kathmandu").key

    def test_zoneinfo_kept(self):
        """A ZoneInfo is kept as it is: the caller chose its rules."""
        tz = _time.ZoneInfo("Asia/Tokyo")
        assert tz is as_zone(tz)

    def test_utc(self):
        """timezone.utc becomes the UTC zone."""
        assert "UTC" == as_zone(timezone.utc).key

    def test_fixed_offset_refused(self):
        """A fixed offset has no DST rules and is refused with advice."""
        with pytest.raises(TypeError, match="fixed offsets have no DST rules"):
            as_zone(timezone(timedelta(hours=2)), "host")


class TestRequireAware:
    """Only aware datetimes pass."""

    def test_aware(self):
        """An aware datetime is returned unchanged."""
        value = datetime(2026, 1, 1, tzinfo=timezone.utc)
        assert value is require_aware(value)

    def test_naive(self):
        """A naive datetime raises NaiveDatetimeError naming the field."""
        naive = datetime(2026, 1, 1)  # noqa: DTZ001
        with pytest.raises(NaiveDatetimeError) as info:
            require_aware(naive, "received_at")
        assert (naive, "received_at") == (info.value.value, info.value.field)

    def test_tzinfo_without_offset(self):
        """A tzinfo whose utcoffset() is None counts as naive."""

        class Floating(timezone.__base__):  # type: ignore[misc,name-defined]
            def utcoffset(self, dt):
                return None

        with pytest.raises(NaiveDatetimeError):
            require_aware(datetime(2026, 1, 1, tzinfo=Floating()))

    @pytest.mark.parametrize("value", [date(2026, 1, 1), "2026-01-01T00:00Z", 0])
    def test_not_a_datetime(self, value):
        """Dates, strings and numbers are TypeErrors."""
        with pytest.raises(TypeError, match="must be a datetime"):
            require_aware(value)


class TestRequireTimedelta:
    """Durations must be timedeltas."""

    def test_ok(self):
        """A timedelta passes."""
        assert timedelta(hours=1) == require_timedelta(timedelta(hours=1))

    @pytest.mark.parametrize("value", [3600, 1.5, "PT1H", None])
    def test_other(self, value):
        """Numbers and strings are TypeErrors naming the field."""
        with pytest.raises(TypeError, match="within must be a timedelta"):
            require_timedelta(value, "within")


class TestParseClock:
    """Wall-clock times parse strictly."""

    @pytest.mark.parametrize(
        ("text", "seconds"),
        [
            ("00:00", 0),
            ("09:30", 34_200),
            ("23:59:59", 86_399),
            ("24:00", 86_400),
            ("24:00:00", 86_400),
            ("12:00:01", 43_201),
        ],
    )
    def test_valid(self, text, seconds):
        """Valid times give seconds after midnight."""
        assert seconds == parse_clock(text)

    @pytest.mark.parametrize(
        "text",
        ["25:00", "24:01", "24:00:01", "12:60", "12:00:60", "9:5", "9:05", "", "noon", "12h"],
    )
    def test_invalid(self, text):
        """Out-of-range, short or empty times raise ConfigError with the path."""
        with pytest.raises(ConfigError) as info:
            parse_clock(text, "hours.mon[1]")
        assert "hours.mon[1]" == info.value.path
        assert repr(text) in info.value.msg

    def test_not_string(self):
        """A non-string is a config error (it comes from a config dict)."""
        with pytest.raises(ConfigError, match="expected a time of day 'HH:MM', got 900"):
            parse_clock(900)

    @given(st.integers(min_value=0, max_value=86_400))
    def test_round_trip(self, seconds):
        """format_clock and parse_clock are inverses."""
        assert seconds == parse_clock(format_clock(seconds))


class TestParseInstant:
    """ISO-8601 instants need an offset."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2026-03-29T01:30:00Z", datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)),
            ("2026-03-29T01:30:00z", datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)),
            (
                "2026-03-29T03:30:00+02:00",
                datetime(2026, 3, 29, 3, 30, tzinfo=timezone(timedelta(hours=2))),
            ),
            (
                " 2026-01-01T00:00:00.250+05:45 ",
                datetime(2026, 1, 1, 0, 0, 0, 250_000, timezone(timedelta(hours=5, minutes=45))),
            ),
        ],
    )
    def test_valid(self, text, expected):
        """Offsets and Z are read; the instant is exact."""
        value = parse_instant(text)
        assert expected == value
        assert expected.utcoffset() == value.utcoffset()

    def test_no_offset(self):
        """An instant without offset is refused with advice."""
        with pytest.raises(ConfigError) as info:
            parse_instant("2026-03-29T01:30:00", "events[3].at")
        assert (
            "events[3].at: '2026-03-29T01:30:00' has no UTC offset; add one, e.g. "
            "'2026-03-29T01:30:00Z' or '2026-03-29T01:30:00+01:00'"
        ) == str(info.value)

    @pytest.mark.parametrize("text", ["yesterday", "2026-13-01T00:00Z", "", 1_700_000_000])
    def test_invalid(self, text):
        """Garbage is a config error."""
        with pytest.raises(ConfigError):
            parse_instant(text)


class TestParseDuration:
    """ISO-8601 durations of exact length."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("PT4H", timedelta(hours=4)),
            ("PT30M", timedelta(minutes=30)),
            ("PT0.5S", timedelta(seconds=0.5)),
            ("PT1,5H", timedelta(hours=1.5)),
            ("P2D", timedelta(days=2)),
            ("P1W", timedelta(weeks=1)),
            ("P1DT2H3M4S", timedelta(days=1, hours=2, minutes=3, seconds=4)),
            ("-PT15M", timedelta(minutes=-15)),
            ("+PT15M", timedelta(minutes=15)),
            ("pt48h", timedelta(hours=48)),
            ("PT0S", timedelta(0)),
        ],
    )
    def test_valid(self, text, expected):
        """Each unit is exact elapsed time."""
        assert expected == parse_duration(text)

    @pytest.mark.parametrize("text", ["P", "PT", "4h", "P1H", "PT1D", "", "P1.5", "1 day"])
    def test_invalid(self, text):
        """Malformed durations are config errors with the example form."""
        with pytest.raises(ConfigError, match=r"is not an ISO-8601 duration like .PT4H.$"):
            parse_duration(text, "targets.normal[0].within")

    @pytest.mark.parametrize("text", ["P1Y", "P2M", "P1Y2M3D"])
    def test_calendar_units(self, text):
        """Years and months have no fixed length: refused with a hint."""
        with pytest.raises(ConfigError, match="years and months have no fixed length"):
            parse_duration(text)

    def test_not_string(self):
        """A number is refused: units would be a guess."""
        with pytest.raises(ConfigError, match="expected an ISO-8601 duration string"):
            parse_duration(3600)

    @given(st.timedeltas(min_value=timedelta(days=-400), max_value=timedelta(days=400)))
    def test_round_trip(self, value):
        """format_duration output parses back to the same timedelta."""
        assert value == parse_duration(format_duration(value))

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (timedelta(hours=4), "PT4H"),
            (timedelta(days=1, seconds=1), "P1DT1S"),
            (timedelta(minutes=-90), "-PT1H30M"),
            (timedelta(microseconds=1), "PT0.000001S"),
            (timedelta(days=3), "P3D"),
        ],
    )
    def test_format(self, value, text):
        """Formatting is compact and exact."""
        assert text == format_duration(value)
