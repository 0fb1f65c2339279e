"""Tests for servicekit.i18n: locale fallback and formatting against Babel itself."""

from __future__ import annotations

import gettext
from datetime import datetime, timedelta, timezone
from typing import ClassVar

import pytest
from babel import Locale, dates, lists, numbers

from servicekit import i18n
from servicekit._time import zone
from servicekit.exceptions import ConfigError, NaiveDatetimeError

LANGS = ["en", "de", "it", "ru"]
AT = datetime(2026, 3, 10, 17, 0, tzinfo=timezone.utc)
SUMMER = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
NAIVE = datetime(2026, 3, 10, 17, 0)  # noqa: DTZ001 - the point of the test


class TestNegotiation:
    """Regional tags keep regional formats; catalogs fall back by language."""

    @pytest.mark.parametrize(
        ("tag", "language", "resolved"),
        [
            ("de-AT", "de", "de_AT"),
            ("de_AT.UTF-8", "de", "de_AT"),
            ("de-Latn-AT", "de", "de_AT"),
            ("EN_gb", "en", "en_GB"),
            ("en-us", "en", "en_US"),
            ("en_US_POSIX", "en", "en_US"),
            ("en-150", "en", "en_150"),
            ("it_CH", "it", "it_CH"),
            ("de-US", "de", "de"),
            ("de@euro", "de", "de"),
            ("C", "en", "en"),
            ("de_CH", "de", "de_CH"),
            ("it", "it", "it"),
            ("ru-RU", "ru", "ru_RU"),
            ("en-GB", "en", "en_GB"),
            ("fr", "en", "en"),
            ("pt-BR", "en", "en"),
            ("xx-YY", "en", "en"),
            ("??", "en", "en"),
            ("", "en", "en"),
            ("  ", "en", "en"),
            (None, "en", "en"),
        ],
    )
    def test_fallback(self, tag, language, resolved):
        """Unsupported or unknown tags fall back to English."""
        assert language == i18n.language_of(tag)
        assert resolved == i18n.negotiate(tag)
        assert resolved == str(i18n.resolve_locale(tag))

    def test_babel_locale(self):
        """A babel Locale is accepted."""
        assert "de_AT" == i18n.negotiate(Locale.parse("de_AT"))
        assert "de" == i18n.language_of(Locale.parse("de_AT"))

    @pytest.mark.parametrize(
        "func", [i18n.negotiate, i18n.language_of, i18n.resolve_locale, i18n.is_supported]
    )
    def test_not_a_locale(self, func):
        """A non-string locale is a TypeError."""
        with pytest.raises(TypeError, match="locale must be a string"):
            func(49)

    def test_supported_locales(self):
        """The four languages come first, then every region CLDR knows for them."""
        assert i18n.SUPPORTED_LANGUAGES == i18n.SUPPORTED_LOCALES[:4]
        wanted = {"en_GB", "en_US", "en_DE", "de_AT", "de_CH", "de_DE", "it_CH", "it_IT", "ru_RU"}
        assert wanted <= set(i18n.SUPPORTED_LOCALES)
        assert all(i18n.negotiate(tag) == tag for tag in i18n.SUPPORTED_LOCALES)
        assert all(str(i18n.resolve_locale(tag)) == tag for tag in i18n.SUPPORTED_LOCALES)

    @pytest.mark.timeout(60)
    def test_long_tags(self):
        """A megabyte of tag is negotiated in linear time and not cached."""
        assert "de_AT" == i18n.negotiate("de" + "-" * 1_000_000 + "AT")
        assert "en" == i18n.negotiate("x" * 1_000_000)


class TestRegionalFormats:
    """Formats follow CLDR for the region; messages follow the language."""

    def test_british_dates(self):
        """en_GB writes day/month/year where en (US) writes month/day/year."""
        when = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
        assert (
            "23/11/2026"
            == i18n.format_instant(when, locale="en-GB", zone="UTC", style="short")[:10]
        )
        assert i18n.format_instant(when, locale="en", zone="UTC", style="short").startswith(
            "11/23/26"
        )
        assert i18n.format_instant(when, locale="en_US", zone="UTC", style="short").startswith(
            "11/23/26"
        )

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("de", "1.234,50\xa0€"),
            ("de_AT", "€\xa01.234,50"),
            ("de_CH", "EUR\xa01{group}234.50"),
            ("it_CH", "€\xa01{group}234.50"),
        ],
    )
    def test_regional_currency(self, locale, expected):
        """Swiss and Austrian money is written as CLDR says for the region.

        CLDR changed the Swiss grouping sign from ' to ’ (Babel 2.17), so it is read from
        the installed Babel.
        """
        group = numbers.get_group_symbol(locale)
        assert expected.format(group=group) == i18n.format_currency(1234.5, "EUR", locale=locale)

    def test_messages_by_language(self):
        """A regional locale reads its language's catalog."""
        pair = ("{count} working day", "{count} working days")
        assert "3 рабочих дня" == i18n.translate_plural("servicekit", pair, 3, "ru-RU")
        assert "3 Arbeitstage" == i18n.translate_plural("servicekit", pair, 3, "de_AT")

    def test_swiss_orthography(self):
        """de_CH and de_LI write "ss" for "ß" and «…» for „…“; de_AT keeps both."""
        message = "no: outside available hours"
        assert "ß" in i18n.translate("servicekit", message, "de_AT")
        assert "ausserhalb" in i18n.translate("servicekit", message, "de-CH")
        assert "ausserhalb" in i18n.translate("servicekit", message, "de_LI")
        german = i18n.translations("replies", "de")
        swiss = i18n.translations("replies", "de_CH")
        quoted = [m for m in german._catalog if isinstance(m, str) and "„" in german.gettext(m)]  # type: ignore[attr-defined]
        assert quoted
        for message in quoted:
            assert "«" in swiss.gettext(message)
            assert not {"„", "“", "ß"} & set(swiss.gettext(message))

    def test_regional_overlay(self, monkeypatch, tmp_path):
        """A regional catalog, where one ships, is laid over its language's."""
        from servicekit.i18n import _catalog  # noqa: PLC0415

        po = tmp_path / "servicekit.po"
        po.write_text(
            'msgid ""\nmsgstr ""\n"Language: de_AT\\n"\n'
            '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
            'msgid "no: outside available hours"\nmsgstr "na: draußen"\n',
            encoding="utf-8",
        )
        real = _catalog._catalog_file
        monkeypatch.setattr(
            _catalog,
            "_catalog_file",
            lambda language, domain: (
                po if language in {"de_AT", "de_CH"} else real(language, domain)
            ),
        )
        _catalog.translations.cache_clear()
        try:
            austrian = i18n.translations("servicekit", "de_AT")
            assert "na: draußen" == austrian.gettext("no: outside available hours")
            assert "Zeitzone" == austrian.gettext("Time zone")
            swiss = i18n.translations("servicekit", "de_CH")
            assert "na: draussen" == swiss.gettext("no: outside available hours")
        finally:
            monkeypatch.undo()
            _catalog.translations.cache_clear()

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("de", "Mo{dash}Fr"),
            ("en_GB", "Mon{dash}Fri"),
            ("it", "lun{dash}ven"),
            ("ru", "пн{dash}пт"),
        ],
    )
    def test_day_range_dash_matches_time_ranges(self, locale, expected):
        """A day range uses the dash CLDR puts in the locale's time ranges."""
        first = i18n.format_weekday(0, locale=locale, width="abbreviated")
        last = i18n.format_weekday(4, locale=locale, width="abbreviated")
        clock = i18n.format_clock_range(9 * 3600, 17 * 3600, locale=locale)
        dash = next(ch for ch in clock if ch in "–—-")
        assert expected.format(dash=dash) == i18n.format_range(first, last, locale=locale)

    def test_range_dash_without_interval_formats(self, monkeypatch):
        """A locale without time interval formats falls back to an en dash."""
        from servicekit.i18n import _format  # noqa: PLC0415

        class Bare:
            interval_formats: ClassVar[dict[str, object]] = {}

        monkeypatch.setattr(_format, "resolve_locale", lambda _tag: Bare())
        _format._range_separator.cache_clear()
        try:
            assert "–" == _format._range_separator("xx", "Hm")
        finally:
            monkeypatch.undo()
            _format._range_separator.cache_clear()

    def test_regional_formats_kept(self):
        """de-AT writes Austrian month names, de writes German ones."""
        jan = datetime(2026, 1, 5, 12, tzinfo=timezone.utc)
        assert "Jänner" in i18n.format_instant(jan, locale="de-AT", zone="UTC", style="MMMM")
        assert "Januar" == i18n.format_instant(jan, locale="de", zone="UTC", style="MMMM")


@pytest.mark.parametrize("lang", LANGS)
class TestAgainstBabel:
    """Each helper gives exactly what Babel gives for the same CLDR pattern."""

    @pytest.mark.parametrize("style", ["short", "medium", "long", "full", "EEEE d MMMM y HH:mm"])
    def test_instant(self, lang, style):
        """format_instant is format_datetime with the zone attached."""
        tz = zone("Europe/Berlin")
        assert dates.format_datetime(AT, style, tzinfo=tz, locale=lang) == i18n.format_instant(
            AT, locale=lang, zone="Europe/Berlin", style=style
        )

    def test_clock_range(self, lang):
        """A wall-clock range uses CLDR's interval format for the locale."""
        from datetime import time  # noqa: PLC0415

        loc = Locale.parse(lang)
        skeleton = "Hm" if "H" in loc.time_formats["short"].pattern else "hm"
        expected = dates.format_interval(time(18), time(20, 30), skeleton, locale=lang)
        assert expected == i18n.format_clock_range(18 * 3600, 20 * 3600 + 1800, locale=lang)

    def test_clock_range_overnight(self, lang):
        """An overnight range shows the next day's clock time."""
        from datetime import time  # noqa: PLC0415

        loc = Locale.parse(lang)
        skeleton = "Hm" if "H" in loc.time_formats["short"].pattern else "hm"
        expected = dates.format_interval(time(22), time(6), skeleton, locale=lang)
        assert expected == i18n.format_clock_range(22 * 3600, 30 * 3600, locale=lang)

    def test_clock_range_all_day(self, lang):
        """A 24-hour range shows both ends rather than collapsing into one time."""
        start = dates.format_time(datetime(2026, 1, 1).time(), "short", locale=lang)  # noqa: DTZ001
        text = i18n.format_clock_range(0, 86_400, locale=lang)
        assert text.startswith(start)
        assert text.endswith(start)
        assert text[len(start) : -len(start)].strip() in {"–", "—"}

    @pytest.mark.parametrize(
        ("delta", "kwargs"),
        [
            (timedelta(minutes=90), {"threshold": 2}),
            (timedelta(hours=4), {}),
            (timedelta(days=-3), {"add_direction": True}),
            (timedelta(seconds=45), {"granularity": "second"}),
            (timedelta(hours=36), {"width": "short"}),
        ],
    )
    def test_duration(self, lang, delta, kwargs):
        """format_duration is format_timedelta with the same options."""
        babel_kwargs = dict(kwargs)
        if "width" in babel_kwargs:
            babel_kwargs["format"] = babel_kwargs.pop("width")
        babel_kwargs.setdefault("granularity", "minute")
        babel_kwargs.setdefault("threshold", 0.85)
        expected = dates.format_timedelta(delta, locale=lang, **babel_kwargs)
        assert expected == i18n.format_duration(delta, locale=lang, **kwargs)

    @pytest.mark.parametrize("width", ["short", "long"])
    @pytest.mark.parametrize("at", [AT, SUMMER])
    def test_zone_name(self, lang, width, at):
        """Zone names are CLDR's for that instant (summer or winter)."""
        tz = zone("America/New_York")
        expected = dates.get_timezone_name(at.astimezone(tz), width, locale=lang)
        assert expected == i18n.format_zone_name(tz, locale=lang, at=at, width=width)

    def test_zone_offset(self, lang):
        """Offsets use CLDR's localized GMT format."""
        tz = zone("Asia/Kathmandu")
        expected = dates.get_timezone_gmt(AT.astimezone(tz), "long", locale=lang)
        assert expected == i18n.format_zone_offset(tz, locale=lang, at=AT)

    def test_zone_label(self, lang):
        """The zone label puts the GMT offset beside the name."""
        tz = zone("Europe/Berlin")
        name = dates.get_timezone_name(SUMMER.astimezone(tz), "long", locale=lang)
        offset = dates.get_timezone_gmt(SUMMER.astimezone(tz), "long", locale=lang)
        assert f"{name} ({offset})" == i18n.format_zone(tz, locale=lang, at=SUMMER)

    @pytest.mark.parametrize("width", ["wide", "abbreviated"])
    def test_weekday(self, lang, width):
        """Weekday names are CLDR's stand-alone names, Monday first."""
        names = dates.get_day_names(width, "stand-alone", locale=lang)
        assert [names[d] for d in range(7)] == [
            i18n.format_weekday(d, locale=lang, width=width) for d in range(7)
        ]

    def test_number(self, lang):
        """Numbers use the locale's separators."""
        assert numbers.format_decimal(12345.678, locale=lang) == i18n.format_number(
            12345.678, locale=lang
        )

    def test_percent(self, lang):
        """Percentages use the locale's pattern."""
        assert numbers.format_percent(0.825, locale=lang) == i18n.format_percent(0.825, locale=lang)

    @pytest.mark.parametrize("currency", ["EUR", "USD", "RUB"])
    def test_currency(self, lang, currency):
        """Currencies use the locale's pattern and symbol."""
        assert numbers.format_currency(1234.5, currency, locale=lang) == i18n.format_currency(
            1234.5, currency, locale=lang
        )

    def test_list(self, lang):
        """Lists use the locale's conjunction."""
        items = ["a", "b", "c"]
        assert lists.format_list(items, locale=lang) == i18n.format_list(items, locale=lang)


class TestExpectedStrings:
    """A few exact strings, so a Babel/CLDR change that alters them is noticed."""

    def test_german_full(self):
        """German full format names the zone in German."""
        assert "Dienstag, 10. März 2026, 18:00:00 Mitteleuropäische Normalzeit" == (
            i18n.format_instant(AT, locale="de_DE", zone="Europe/Berlin", style="full")
        )

    def test_russian_days(self):
        """Russian plural forms of working days."""
        assert ["1 рабочий день", "2 рабочих дня", "5 рабочих дней", "21 рабочий день"] == [
            i18n.format_working_days(n, locale="ru") for n in (1, 2, 5, 21)
        ]

    @pytest.mark.parametrize(
        ("lang", "expected"),
        [("en", "3 working days"), ("de", "3 Arbeitstage"), ("it", "3 giorni lavorativi")],
    )
    def test_working_days(self, lang, expected):
        """Working days in the other languages."""
        assert expected == i18n.format_working_days(3, locale=lang)

    def test_unsupported_falls_back_to_english(self):
        """A language without a catalog gets English sentences."""
        assert "1 working day" == i18n.format_working_days(1, locale="fr")


class TestRejects:
    """Bad input is refused before Babel sees it."""

    def test_naive_instant(self):
        """Babel would read a naive datetime as UTC: refused."""
        with pytest.raises(NaiveDatetimeError):
            i18n.format_instant(NAIVE, locale="en", zone="UTC")

    @pytest.mark.parametrize("func", [i18n.format_zone_name, i18n.format_zone_offset])
    def test_naive_at(self, func):
        """Zone names need an aware instant."""
        with pytest.raises(NaiveDatetimeError):
            func("Europe/Berlin", locale="en", at=NAIVE)

    @pytest.mark.parametrize("day", [-1, 7])
    def test_weekday_range(self, day):
        """Weekdays run 0..6."""
        with pytest.raises(ConfigError, match="day: must be 0"):
            i18n.format_weekday(day, locale="en")


class TestCatalogs:
    """Catalog loading."""

    def test_unknown_domain(self):
        """An unknown domain is a programming error."""
        with pytest.raises(ValueError, match="unknown message domain 'billing'"):
            i18n.translations("billing", "de")

    def test_missing_catalog(self):
        """A language without a file gives the English ids."""
        assert isinstance(i18n.translations("servicekit", "fr"), gettext.NullTranslations)
        assert "x" == i18n.translations("servicekit", "fr").gettext("x")

    def test_translate_without_params(self):
        """A message without placeholders is returned as translated."""
        assert "{name} ({offset})" == i18n.translate("servicekit", "{name} ({offset})", "de")

    def test_markers(self):
        """The markers return what they mark."""
        assert "a" == i18n.N_("a")
        assert ("a", "b") == i18n.NP_("a", "b")


class TestZoneOffsetSign:
    """Offsets west of Greenwich that are not whole hours keep their minutes and sign."""

    @pytest.mark.parametrize(
        ("key", "expected"),
        [
            ("America/St_Johns", "GMT-03:30"),
            ("Pacific/Marquesas", "GMT-09:30"),
            ("Asia/Kathmandu", "GMT+05:45"),
            ("UTC", "GMT+00:00"),
        ],
    )
    @pytest.mark.parametrize("lang", ["en", "de", "it", "ru"])
    def test_half_hours_west(self, key, expected, lang):
        """St John's is -03:30 in January, in every language (older Babel wrote -04:30)."""
        january = datetime(2026, 1, 15, 12, tzinfo=timezone.utc)
        assert expected == i18n.format_zone_offset(zone(key), locale=lang, at=january)
