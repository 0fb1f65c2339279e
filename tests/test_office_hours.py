"""Office hours: the recurring slot, each member's view, and the shared vectors."""

from __future__ import annotations

import copy
import json
import pickle
import re
from datetime import date, datetime, time, timedelta, timezone

import attrs
import babel
import pytest
from babel import Locale, dates

from cldr import clock_range
from conftest import DATA
from servicekit._time import UTC, parse_instant, tz_database_version, zone
from servicekit.exceptions import ConfigError, NaiveDatetimeError, UnknownTimeZoneError
from servicekit.hours import Member, MemberTime, Occurrence, OfficeHours
from servicekit.hours._office import resolve_wall, week_start
from servicekit.i18n import format_duration, format_instant, format_zone_name

VECTORS = json.loads((DATA / "office_hours.json").read_text(encoding="utf-8"))
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="minutes")


def _expected(case: dict) -> dict:
    if not case["tz_sensitive"]:
        return case["expected"]
    version = tz_database_version()
    by_db = {
        "2025b": "system-2025b",
        "2026f": "pypi-tzdata-2026.6",
    }
    key = by_db.get(version)
    if key is None or key not in case["expected_by_tzdata"]:
        pytest.skip(f"no expectation recorded for zone database {version}")
    return case["expected_by_tzdata"][key]


def _slot(case: dict) -> OfficeHours:
    spec = case["slot"]
    return OfficeHours(
        spec["tz"],
        spec["weekday"],
        spec["local_time"],
        timedelta(minutes=spec["duration_minutes"]),
    )


@pytest.mark.parametrize("case", VECTORS["conversion_cases"], ids=lambda c: c["id"])
class TestConversionVectors:
    """Weekly slots converted into viewers' zones agree with the checked vectors."""

    def test_occurrence_in_slot_zone(self, case):
        """Start, end (elapsed length) and gap status in the slot's own zone."""
        expected = _expected(case)
        occ = _slot(case).occurrence_on(date.fromisoformat(case["occurrence_local_date"]))
        assert expected["start_in_slot_tz"] == _iso(occ.start)
        assert expected["end_in_slot_tz"] == _iso(occ.end)
        assert expected["slot_local_status"] == occ.status
        assert parse_instant(expected["start_utc"]) == occ.start
        assert expected["offset_slot_min"] * 60 == occ.start.utcoffset().total_seconds()

    def test_viewer_sees(self, case):
        """The viewer's local start, end, weekday, day shift and offset difference."""
        expected = _expected(case)
        view = _slot(case).for_member(
            case["viewer_tz"], date.fromisoformat(case["occurrence_local_date"])
        )
        assert expected["start_viewer"] == _iso(view.start)
        assert expected["end_viewer"] == _iso(view.end)
        assert expected["viewer_weekday"] == BYDAY[view.weekday]
        assert expected["viewer_day_shift"] == view.day_shift
        assert expected["viewer_minus_slot_min"] * 60 == view.difference.total_seconds()
        assert expected["offset_viewer_min"] * 60 == view.start.utcoffset().total_seconds()
        assert view.can_attend is None


@pytest.mark.parametrize(
    "case",
    [c for c in VECTORS["conversion_cases"] if "policy_alternatives_start_viewer" in c],
    ids=lambda c: c["id"],
)
def test_gap_policy_is_the_later_alternative(case):
    """In a gap the vectors' 'later' alternative (shift forward) is the one used."""
    alternatives = case["policy_alternatives_start_viewer"]
    view = _slot(case).for_member(
        case["viewer_tz"], date.fromisoformat(case["occurrence_local_date"])
    )
    assert alternatives["later"] == _iso(view.start)
    assert alternatives["earlier"] != _iso(view.start)


def _instant(text: str) -> datetime:
    return parse_instant(text)


def _run_babel_case(case: dict) -> str:  # noqa: PLR0911 - one branch per function
    fn, args = case["function"], case["args"]
    locale = args.get("locale")
    if fn == "babel.dates.format_datetime":
        return format_instant(
            _instant(args["datetime"]), locale=locale, zone=args["tzinfo"], style=args["format"]
        )
    if fn == "babel.dates.format_time":
        return dates.format_time(
            _instant(args["time"]), args["format"], tzinfo=zone(args["tzinfo"]), locale=locale
        )
    if fn == "babel.dates.format_interval":
        return dates.format_interval(
            _instant(args["start"]),
            _instant(args["end"]),
            args["skeleton"],
            tzinfo=zone(args["tzinfo"]),
            locale=locale,
        )
    if fn == "babel.dates.get_timezone_location":
        return dates.get_timezone_location(zone(args["dt_or_tzinfo"]), locale=locale)
    if fn == "babel.dates.format_timedelta":
        return format_duration(
            timedelta(minutes=args["delta_minutes"]),
            locale=locale,
            granularity=args.get("granularity", "minute"),
            threshold=args.get("threshold", 0.85),
            add_direction=args.get("add_direction", False),
        )
    if fn == "babel.dates.get_timezone_name":
        raw = args["dt_or_tzinfo"]
        if " " in raw:
            when, key = raw.split(" ")
            at = datetime.fromisoformat(when).replace(tzinfo=zone(key))
            return format_zone_name(key, locale=locale, at=at)
        return dates.get_timezone_name(zone(raw), locale=locale)
    if fn == "babel.dates.get_timezone_gmt":
        when, key = args["datetime"].split(" in ")
        return dates.get_timezone_gmt(
            _instant(when).astimezone(zone(key)), args["width"], locale=locale
        )
    if fn == "babel.dates.get_day_names":
        names = dates.get_day_names(args["width"], args.get("context", "format"), locale=locale)
        return names[args["index"]]
    assert fn == "babel.dates.Locale.first_week_day", fn
    return Locale.parse(locale).first_week_day


@pytest.mark.parametrize(
    "case",
    VECTORS["babel_cases"],
    ids=[f"{i}-{c['function'].rsplit('.', 1)[-1]}" for i, c in enumerate(VECTORS["babel_cases"])],
)
def test_babel_vectors(case):
    """Babel formats dates, zones and durations as the vectors record for their release.

    Under the Babel release (and so the CLDR) the vectors were made with, the text must
    match to the glyph. Under another release CLDR may change dashes, spaces and names
    (Babel 2.19 gave Russian ranges an em dash), so only the meaning is checked: the
    same numbers in the same order.
    """
    got = _run_babel_case(case)
    if babel.__version__ == VECTORS["meta"]["babel"]:
        assert case["expected"] == got
        non_ascii = {f"U+{ord(ch):04X}" for ch in str(case["expected"]) if ord(ch) > 127}
        assert set(case.get("expected_codepoints_nonascii", [])) <= non_ascii | {"U+2013"}
    else:
        assert re.findall(r"\d+", str(case["expected"])) == re.findall(r"\d+", str(got))


class TestResolveWall:
    """The RFC 5545 "compatible" rule for wall-clock starts."""

    def test_gap_moves_forward(self):
        """02:30 on Berlin's spring-forward day becomes 03:30 CEST."""
        at, status = resolve_wall(date(2026, 3, 29), time(2, 30), zone("Europe/Berlin"))
        assert ("2026-03-29T03:30:00+02:00", "gap") == (at.isoformat(), status)

    def test_fold_takes_first(self):
        """02:30 on Berlin's fall-back day is the first (CEST) occurrence."""
        at, status = resolve_wall(date(2026, 10, 25), time(2, 30), zone("Europe/Berlin"))
        assert ("2026-10-25T02:30:00+02:00", "fold") == (at.isoformat(), status)
        # compare instants via UTC: Python's == between zones is False for fold times (PEP 495)
        assert datetime(2026, 10, 25, 0, 30, tzinfo=UTC) == at.astimezone(UTC)

    def test_lord_howe_half_hour_fold(self):
        """Lord Howe falls back 30 minutes: 01:45 exists twice, the first is +11."""
        at, status = resolve_wall(date(2026, 4, 5), time(1, 45), zone("Australia/Lord_Howe"))
        assert ("2026-04-05T01:45:00+11:00", "fold") == (at.isoformat(), status)

    def test_unique(self):
        """An ordinary wall time is unique."""
        _, status = resolve_wall(date(2026, 3, 3), time(18), zone("Europe/Berlin"))
        assert "unique" == status


class TestOccurrences:
    """``OfficeHours.occurrences`` repeats in host wall time, length in elapsed time."""

    def test_weekly_across_spring_forward(self):
        """Berlin Tuesday 18:00 stays 18:00 local while the UTC instant moves."""
        slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
        occs = slot.occurrences(datetime(2026, 3, 17, tzinfo=UTC), datetime(2026, 4, 8, tzinfo=UTC))
        assert [
            "2026-03-17T18:00:00+01:00",
            "2026-03-24T18:00:00+01:00",
            "2026-03-31T18:00:00+02:00",
            "2026-04-07T18:00:00+02:00",
        ] == [o.start.isoformat() for o in occs]
        assert all(o.end - o.start == timedelta(hours=1) for o in occs)

    def test_length_is_elapsed_across_fold(self):
        """A 01:30 start on fall-back night lasts 2 h of elapsed time, ending 02:30 CET."""
        slot = OfficeHours("Europe/Berlin", "sun", "01:30", timedelta(hours=2))
        occ = slot.occurrence_on(date(2026, 10, 25))
        assert "2026-10-25T02:30:00+01:00" == occ.end.isoformat()
        assert timedelta(hours=2) == occ.end.astimezone(UTC) - occ.start.astimezone(UTC)

    def test_half_open_range(self):
        """An occurrence starting exactly at ``end`` is left out, at ``start`` kept."""
        slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
        first = datetime(2026, 3, 3, 17, tzinfo=UTC)
        occs = slot.occurrences(first, first + timedelta(days=7))
        assert [first] == [o.start for o in occs]

    def test_any_tzinfo_for_bounds(self):
        """The bounds may be in any zone: the answer depends only on the instants."""
        slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
        a = datetime(2026, 3, 1, tzinfo=UTC)
        b = datetime(2026, 5, 1, tzinfo=UTC)
        in_tokyo = slot.occurrences(a.astimezone(zone("Asia/Tokyo")), b.astimezone(zone("UTC")))
        assert slot.occurrences(a, b) == in_tokyo

    def test_naive_bounds_rejected(self):
        """Naive bounds raise NaiveDatetimeError naming the field."""
        slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
        with pytest.raises(NaiveDatetimeError, match="end"):
            slot.occurrences(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1))  # noqa: DTZ001
        with pytest.raises(NaiveDatetimeError, match="start"):
            slot.occurrences(datetime(2026, 1, 1), datetime(2026, 2, 1, tzinfo=UTC))  # noqa: DTZ001

    def test_wrong_weekday(self):
        """``occurrence_on`` refuses a date that is another weekday."""
        slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
        with pytest.raises(ValueError, match="2026-03-04 is a wed, not a tue"):
            slot.occurrence_on(date(2026, 3, 4))

    def test_week_of_datetime_is_read_in_host_zone(self):
        """An aware datetime picks the host-local week (Sunday 23:30 UTC is Monday in Berlin)."""
        slot = OfficeHours("Europe/Berlin", "mon", "09:00", timedelta(hours=1))
        occ = slot.occurrence_in_week(datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
        assert date(2026, 3, 2) == occ.start.date()


class TestForMember:
    """Each member's local day and time, and whether they can attend."""

    SLOT = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))

    def test_member_can_attend(self):
        """A New Yorker free 12:00-14:00 attends at 12:00 EST and at 13:00 EDT."""
        jo = Member("Jo", "America/New_York", {"tue": ["12:00-14:00"]})
        winter = self.SLOT.for_member(jo, date(2026, 3, 3))
        mismatch = self.SLOT.for_member(jo, date(2026, 3, 10))
        assert (time(12), True) == (winter.start.time(), winter.can_attend)
        assert (time(13), True) == (mismatch.start.time(), mismatch.can_attend)
        assert jo is winter.member

    def test_member_loses_slot_in_mismatch_week(self):
        """Free only 12:00-13:00, the New Yorker loses the slot while only the US is on DST."""
        jo = Member("Jo", "America/New_York", {"tue": ["12:00-13:00"]})
        views = self.SLOT.schedule_for(
            jo, datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 5, tzinfo=UTC)
        )
        assert [True, False, False, False, True] == [v.can_attend for v in views]

    def test_next_day_for_kathmandu(self):
        """Berlin 22:00 is 02:45 or 03:45 the next day in Kathmandu (+05:45)."""
        slot = OfficeHours("Europe/Berlin", "tue", "22:00", timedelta(hours=1))
        winter = slot.for_member("Asia/Kathmandu", date(2026, 3, 3))
        summer = slot.for_member("Asia/Kathmandu", date(2026, 3, 31))
        assert (2, 1, time(2, 45)) == (winter.weekday, winter.day_shift, winter.start.time())
        assert (2, 1, time(1, 45)) == (summer.weekday, summer.day_shift, summer.start.time())

    def test_unknown_viewer_zone(self):
        """An unknown viewer zone raises UnknownTimeZoneError naming the field."""
        with pytest.raises(UnknownTimeZoneError, match="viewer"):
            self.SLOT.for_member("Mars/Olympus", date(2026, 3, 3))

    def test_naive_week_of(self):
        """A naive ``week_of`` is rejected."""
        with pytest.raises(NaiveDatetimeError):
            self.SLOT.for_member("Asia/Kolkata", datetime(2026, 3, 3))  # noqa: DTZ001

    def test_week_of_type(self):
        """``week_of`` must be a date or datetime."""
        with pytest.raises(TypeError, match="week_of"):
            week_start("2026-03-03", zone("UTC"))  # type: ignore[arg-type]


class TestOfficeHoursValue:
    """The value contract: construction, conversion, errors, repr, eq, pickle."""

    def test_forms_of_fields(self):
        """Weekday as int, key or BYDAY code; start as time or text; host as Member."""
        host = Member("Host", "Europe/Berlin", "24/7")
        a = OfficeHours("Europe/Berlin", 1, time(18), timedelta(hours=1))
        assert a == OfficeHours("Europe/Berlin", "TU", "18:00", timedelta(hours=1))
        assert a == OfficeHours(host, "tue", "18:00", "PT1H")
        assert a == OfficeHours(zone("Europe/Berlin"), " Tue ", "18:00:00", timedelta(hours=1))

    def test_round_trip(self):
        """to_dict/from_dict round-trips, and the value pickles and copies."""
        slot = OfficeHours("Asia/Kolkata", "sat", "09:30", timedelta(minutes=45), title="Q&A")
        assert slot == OfficeHours.from_dict(json.loads(json.dumps(slot.to_dict())))
        assert slot == pickle.loads(pickle.dumps(slot))  # noqa: S301 - our own bytes
        assert slot == copy.deepcopy(slot)
        assert hash(slot) == hash(OfficeHours.from_dict(slot.to_dict()))

    def test_frozen(self):
        """Fields cannot be assigned; attrs.evolve makes a changed copy."""
        slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            slot.weekday = 2  # type: ignore[misc]
        assert 2 == attrs.evolve(slot, weekday="wed").weekday

    def test_repr(self):
        """The repr names the zone, weekday, start and duration."""
        slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
        assert "Europe/Berlin" in repr(slot)
        assert "weekday=1" in repr(slot)

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"weekday": 7}, ConfigError, "weekday: weekday must be 0"),
            ({"weekday": "someday"}, ConfigError, "'someday' is not a weekday"),
            ({"weekday": True}, TypeError, "weekday"),
            ({"weekday": 1.5}, TypeError, "weekday"),
            ({"start": "25:00"}, ConfigError, "start"),
            ({"start": "24:00"}, ConfigError, "use 00:00 on the next day"),
            ({"start": time(18, tzinfo=timezone.utc)}, ConfigError, "without tzinfo"),
            ({"start": 18}, TypeError, "start must be a time"),
            ({"duration": timedelta(0)}, ConfigError, "more than 0"),
            ({"duration": timedelta(days=2)}, ConfigError, "at most 1 day"),
            ({"duration": 60}, TypeError, "duration must be a timedelta"),
            ({"host": "Europe/Berln"}, UnknownTimeZoneError, "Berln"),
            ({"host": timezone(timedelta(hours=1))}, TypeError, "fixed offsets"),
        ],
    )
    def test_bad_fields(self, kwargs, error, match):
        """Bad fields raise the documented error naming the field."""
        fields = {"host": "Europe/Berlin", "weekday": 1, "start": "18:00"}
        fields["duration"] = timedelta(hours=1)
        fields.update(kwargs)
        with pytest.raises(error, match=match):
            OfficeHours(**fields)

    @pytest.mark.parametrize(
        ("data", "match"),
        [
            ([], "office_hours: expected a mapping"),
            ({"host": "UTC", "weekday": "tue", "start": "18:00"}, "office_hours.duration: missing"),
            (
                {"host": "UTC", "weekday": "tue", "start": "18:00", "duration": "PT1H", "x": 1},
                "unknown keys",
            ),
            (
                {"host": "UTC", "weekday": 1, "start": "18:00", "duration": "PT1H"},
                "office_hours.weekday: expected a string",
            ),
            (
                {"host": "UTC", "weekday": "tue", "start": "18:00", "duration": "PT0S"},
                "office_hours.duration: duration must be more than 0",
            ),
            (
                {"host": "Nowhere/Town", "weekday": "tue", "start": "18:00", "duration": "PT1H"},
                "office_hours.host",
            ),
        ],
    )
    def test_from_dict_errors(self, data, match):
        """from_dict names the path of the bad field."""
        with pytest.raises((ConfigError, UnknownTimeZoneError), match=match):
            OfficeHours.from_dict(data)


def test_member_time_and_occurrence_are_values():
    """MemberTime and Occurrence compare by value and pickle."""
    slot = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))
    view = slot.for_member("Asia/Kolkata", date(2026, 3, 3))
    assert isinstance(view, MemberTime)
    assert isinstance(view.occurrence, Occurrence)
    assert view == pickle.loads(pickle.dumps(view))  # noqa: S301 - our own bytes
    assert view == slot.for_member("Asia/Kolkata", date(2026, 3, 4))


class TestRender:
    """The published slot in the reader's language and local time."""

    SLOT = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(minutes=90))
    AT = datetime(2026, 3, 17, 12, tzinfo=UTC)  # New York already on DST, Berlin not

    def test_member_locale_and_zone(self):
        """A member reads it in their own locale, with their own local time."""
        jo = Member("Jo", "America/New_York", "24/7", locale="de-AT")
        assert (
            "Sprechstunde: Di 18:00–19:30 Uhr MEZ (GMT+01:00) · bei Ihnen: Di 13:00–14:30 Uhr "
            "Nordamerikanische Ostküsten-Sommerzeit (GMT-04:00)"
        ) == self.SLOT.render(viewer=jo, at=self.AT)

    def test_explicit_locale_wins(self):
        """An explicit locale overrides the member's."""
        jo = Member("Jo", "America/New_York", "24/7", locale="de")
        assert self.SLOT.render("it", viewer=jo, at=self.AT).startswith(
            "Orario di ricevimento: mar"
        )

    def test_title_and_no_viewer(self):
        """A custom title is kept as written; without a viewer only the host's time shows."""
        slot = attrs.evolve(self.SLOT, title="Ask me anything")
        expected = (
            "Ask me anything: Tue 6:00\u2009–\u20097:30\u202fPM "
            "Central European Standard Time (GMT+01:00)"
        )
        assert expected == slot.render(at=self.AT)

    def test_past_midnight(self):
        """A slot running past midnight shows its end on the clock of the next day."""
        slot = OfficeHours("Asia/Kolkata", "fri", "23:30", timedelta(hours=1))
        expected = "пт " + clock_range("ru", "23:30", "00:30")
        assert expected in slot.render("ru", "Asia/Kolkata", at=self.AT)


def test_occurrences_bounds_in_a_fold_compare_as_instants():
    """Bounds written in the host zone during a fold are compared as instants, not wall times."""
    slot = OfficeHours("Europe/Berlin", "sun", "02:15", timedelta(minutes=30))
    berlin = zone("Europe/Berlin")
    start = datetime(2026, 10, 25, 2, 30, tzinfo=berlin)  # first pass: 00:30 UTC
    (occ,) = slot.occurrences(start - timedelta(hours=1), start + timedelta(hours=3))
    assert datetime(2026, 10, 25, 0, 15, tzinfo=UTC) == occ.start.astimezone(UTC)
    # a start bound at 02:00 CET (second pass, fold=1) is after the occurrence (00:15 UTC)
    later = datetime(2026, 10, 25, 2, 0, fold=1, tzinfo=berlin)
    assert () == slot.occurrences(later, later + timedelta(days=1))
