"""Availability statements: when and how the host can be reached, per reader."""

from __future__ import annotations

import json
import pickle
from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cldr import clock_range, range_dash, zone
from servicekit._time import UTC
from servicekit.exceptions import ConfigError, NaiveDatetimeError, UnknownTimeZoneError
from servicekit.hours import Availability
from servicekit.i18n import format_zone_offset
from strategies import DST_ZONES, utc_instants
from strategies_office import availabilities

JANUARY = datetime(2026, 1, 15, 12, tzinfo=UTC)
MISMATCH = datetime(2026, 3, 17, 12, tzinfo=UTC)  # US on DST, Europe not yet
HOST = Availability(
    "Europe/Berlin",
    {"mon-fri": ["18:00-20:00"]},
    channels=["phone", "email", "chat"],
    reply_within=timedelta(hours=4),
)


class TestRender:
    """The statement in en, de, it and ru, with the reader's local times."""

    @pytest.mark.parametrize(
        ("locale", "template"),
        [
            (
                "en",
                (
                    "Mon–Fri {host_hours} {host_zone} · your time: Mon–Fri {local_hours} "
                    "{local_zone} · Contact: phone, email, and chat · Reply within 4 hours"
                ),
            ),
            (
                "de",
                (
                    "Mo–Fr {host_hours} {host_zone} · bei Ihnen: Mo–Fr {local_hours} "
                    "{local_zone} · Kontakt: Telefon, E-Mail und Chat · "
                    "Antwortzeit: höchstens 4 Stunden"
                ),
            ),
            (
                "it",
                (
                    "lun–ven {host_hours} {host_zone} · ora locale: lun–ven {local_hours} "
                    "{local_zone} · Contatti: telefono, e-mail e chat · Risposta entro 4 ore"
                ),
            ),
            (
                "ru",
                (
                    "пн{dash}пт {host_hours} {host_zone} · по вашему времени: "
                    "пн{dash}пт {local_hours} {local_zone} · "
                    "Связь: телефон, электронная почта и чат · Срок ответа: 4 часа"
                ),
            ),
        ],
    )
    def test_four_languages(self, locale, template):
        """Weekday names, lists and sentences per language, around CLDR's times and zones."""
        expected = template.format(
            dash=range_dash(locale),
            host_hours=clock_range(locale, "18:00", "20:00"),
            host_zone=zone("Europe/Berlin", locale, JANUARY),
            local_hours=clock_range(locale, "12:00", "14:00"),
            local_zone=zone("America/New_York", locale, JANUARY),
        )
        assert expected == HOST.render(locale, "America/New_York", at=JANUARY)

    def test_cldr_glyphs_of_a_release(self):
        """With the CLDR of Babel 2.16-2.19, the English statement reads exactly so."""
        assert (
            "Mon–Fri 6:00\u2009–\u20098:00\u202fPM Central European Standard Time "
            "(GMT+01:00) · your time: Mon–Fri 12:00\u2009–\u20092:00\u202fPM "
            "EST (GMT-05:00) · Contact: phone, email, and chat · Reply within 4 hours"
        ) == HOST.render("en", "America/New_York", at=JANUARY)

    def test_mismatch_week(self):
        """In March the New Yorker sees 13:00-15:00 EDT: only one side changed."""
        text = HOST.render("de", "America/New_York", at=MISMATCH)
        assert "bei Ihnen: Mo–Fr 13:00–15:00 Uhr" in text
        assert "(GMT-04:00)" in text
        assert "MEZ (GMT+01:00)" in text

    def test_unknown_locale_falls_back_to_english(self):
        """A locale without a catalog gets the English statement (documented fallback)."""
        assert HOST.render("en", "Asia/Tokyo", at=JANUARY) == HOST.render(
            "fr-CA", "Asia/Tokyo", at=JANUARY
        )
        assert HOST.render("en", at=JANUARY) == HOST.render("??", at=JANUARY)

    def test_same_clock_no_local_part(self):
        """A reader in Paris shares Berlin's clock: no second set of times."""
        text = HOST.render("en", "Europe/Paris", at=JANUARY)
        assert "your time" not in text
        assert text == HOST.render("en", at=JANUARY)

    def test_offset_only_where_cldr_has_no_name(self):
        """Etc/GMT-5 has no CLDR name: only the offset is shown, with next-day times."""
        text = HOST.render("en", "Etc/GMT-5", at=JANUARY)
        hours = clock_range("en", "22:00", "00:00")
        assert f"your time: Mon–Fri {hours} GMT+05:00" == text.split(" · ")[1]

    def test_rules_beside_cldr_name(self):
        """Casablanca: CLDR's name may lag the rules; the GMT offset comes from the rules."""
        host = Availability("Africa/Casablanca", {"mon": ["10:00-11:00"]})
        at = datetime(2026, 11, 2, 12, tzinfo=UTC)
        offset = at.astimezone(host.timezone).utcoffset()
        hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
        assert f"GMT+{hours:02d}:{minutes:02d}" in host.render("en", at=at)

    def test_overnight_and_several_days(self):
        """Several day groups are separated by semicolons; overnight spans shown as such."""
        host = Availability("UTC", {"mon": ["09:00-12:00", "13:00-17:00"], "fri": ["22:00-02:00"]})
        assert (
            "Mo 09:00–12:00 Uhr und 13:00–17:00 Uhr; Fr 22:00–02:00 Uhr "
            "Koordinierte Weltzeit (GMT+00:00)"
        ) == host.render("de", at=JANUARY)

    def test_around_the_clock(self):
        """24/7 hours are said in words, whatever the reader's zone."""
        host = Availability("UTC", "24/7", channels=["chat"])
        assert "rund um die Uhr Koordinierte Weltzeit (GMT+00:00) · Kontakt: Chat" == host.render(
            "de", "Asia/Kolkata", at=JANUARY
        )

    def test_whole_days(self):
        """A whole day is 'all day'; in another zone it spans two local days."""
        host = Availability("UTC", {"sat": ["00:00-24:00"]})
        text = host.render("it", "UTC", at=JANUARY)
        assert "sab tutto il giorno" in text

    def test_long_range_cut_at_midnight(self):
        """A weekend-long range is cut at the reader's midnights."""
        host = Availability("UTC", {"sat": ["00:00-24:00"], "sun": ["00:00-24:00"]})
        assert host.render("en", at=JANUARY).startswith("Sat–Sun all day")
        local = host.render("en", "Asia/Kolkata", at=JANUARY)
        # the week wraps: Sunday evening UTC is Monday morning in Kolkata
        assert f"your time: Mon {clock_range('en', '00:00', '05:30')}; Sat 5:30" in local
        named = "; Sun all day " + zone("Asia/Kolkata", "en", JANUARY)
        assert local.endswith((named, "; Sun all day GMT+05:30"))  # CLDR may have no name

    def test_no_hours(self):
        """No weekly hours at all is said plainly."""
        host = Availability("UTC", {}, channels=["sms"])
        assert "нет постоянного графика" in host.render("ru", "Asia/Tokyo", at=JANUARY)

    def test_reply_in_working_days(self):
        """A reply promise in working days uses the plural rules of each language."""
        host = Availability("Europe/Moscow", {"mon": ["10:00-11:00"]}, reply_working_days=2)
        assert host.render("ru", at=JANUARY).endswith("Срок ответа: 2 рабочих дня")
        assert host.render("de", at=JANUARY).endswith("Antwortzeit: höchstens 2 Arbeitstage")
        one = attrs.evolve(host, reply_working_days=1)
        assert one.render("en", at=JANUARY).endswith("Reply within 1 working day")

    def test_video(self):
        """Channel names are translated."""
        host = Availability("UTC", {"mon": ["10:00-11:00"]}, channels=["video"])
        assert host.render("de", at=JANUARY).endswith("Kontakt: Videoanruf")

    def test_naive_at(self):
        """A naive ``at`` is rejected."""
        with pytest.raises(NaiveDatetimeError, match="at"):
            HOST.render("en", at=datetime(2026, 1, 15))  # noqa: DTZ001

    def test_unknown_viewer_zone(self):
        """An unknown viewer zone names the field."""
        with pytest.raises(UnknownTimeZoneError, match="viewer_zone"):
            HOST.render("en", "Atlantis/Capital", at=JANUARY)

    def test_locale_type(self):
        """A locale of the wrong type is a TypeError."""
        with pytest.raises(TypeError, match="locale"):
            HOST.render(42, at=JANUARY)  # type: ignore[arg-type]


class TestValue:
    """Construction, round trip and errors."""

    def test_round_trip(self):
        """to_dict/from_dict round-trips through JSON; the value pickles."""
        assert HOST == Availability.from_dict(json.loads(json.dumps(HOST.to_dict())))
        assert HOST == pickle.loads(pickle.dumps(HOST))  # noqa: S301 - own data
        bare = Availability("UTC", "24/7")
        assert {"timezone": "UTC", "hours": "24/7"} == bare.to_dict()
        assert bare == Availability.from_dict(bare.to_dict())

    def test_parsed_hours_accepted(self):
        """Parsed weekly hours are accepted as they are."""
        assert HOST == Availability(
            "Europe/Berlin", HOST.hours, channels=HOST.channels, reply_within=HOST.reply_within
        )

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"channels": ["pigeon"]}, ConfigError, r"channels\[0\]: unknown channel 'pigeon'"),
            ({"channels": ["chat", "chat"]}, ConfigError, "named twice"),
            ({"channels": "chat"}, TypeError, "channels must be a list"),
            ({"reply_within": timedelta(0)}, ConfigError, "reply_within: must be positive"),
            ({"reply_within": 4}, TypeError, "reply_within must be a timedelta"),
            ({"reply_working_days": 0}, ConfigError, "reply_working_days: must be at least 1"),
            ({"reply_working_days": 1.5}, TypeError, "reply_working_days must be an int"),
            (
                {"reply_within": timedelta(hours=1), "reply_working_days": 1},
                ConfigError,
                "not both",
            ),
        ],
    )
    def test_bad_fields(self, kwargs, error, match):
        """Bad channels and reply promises raise errors naming the field."""
        with pytest.raises(error, match=match):
            Availability("UTC", {"mon": ["09:00-10:00"]}, **kwargs)

    @pytest.mark.parametrize(
        ("data", "match"),
        [
            ("x", "availability: expected a mapping"),
            ({"timezone": "UTC"}, "availability.hours: missing"),
            ({"timezone": "UTC", "hours": {}, "extra": 1}, "unknown keys"),
            ({"timezone": 1, "hours": {}}, "availability.timezone: expected an IANA zone"),
            ({"timezone": "UTC", "hours": {}, "channels": "chat"}, "availability.channels"),
            ({"timezone": "UTC", "hours": {"mon": ["9-10"]}}, r"availability.hours.mon\[0\]"),
            ({"timezone": "UTC", "hours": {}, "reply_within": "soon"}, "availability.reply_within"),
            (
                {"timezone": "UTC", "hours": {}, "reply_working_days": "2"},
                "availability.reply_working_days: expected a whole number",
            ),
            (
                {"timezone": "UTC", "hours": {}, "reply_working_days": 0},
                "availability.reply_working_days: must be at least 1",
            ),
        ],
    )
    def test_from_dict_errors(self, data, match):
        """from_dict names the path of the bad field."""
        with pytest.raises(ConfigError, match=match):
            Availability.from_dict(data)


@settings(max_examples=60)
@given(
    availabilities(),
    st.none() | st.sampled_from(DST_ZONES),
    st.sampled_from(["en", "de", "it", "ru", "fr", "pt-BR", "de-AT", "", "x-y-z"]),
    utc_instants(),
)
def test_render_fuzz(availability, viewer, locale, at):
    """Any statement, reader zone and locale give text naming the host's GMT offset."""
    text = availability.render(locale, viewer, at=at)
    assert format_zone_offset(availability.timezone, locale=locale, at=at) in text
    assert "{" not in text
    promise = availability.reply_within is not None or availability.reply_working_days is not None
    parts = 1 + bool(availability.channels) + promise
    assert parts + _has_local_part(text) == len(text.split(" · "))


def _has_local_part(text: str) -> bool:
    markers = ("your time:", "bei Ihnen:", "ora locale:", "по вашему времени:")
    return any(marker in text for marker in markers)


@given(availabilities())
def test_round_trip(availability):
    """to_dict/from_dict give back an equal statement."""
    assert availability == Availability.from_dict(json.loads(json.dumps(availability.to_dict())))
