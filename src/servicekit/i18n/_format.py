"""Babel-backed formatting of instants, wall-clock ranges, durations, zones and money.

Every function takes the locale to write in and, where an instant is shown, the
:class:`~zoneinfo.ZoneInfo` to show it in. Naive datetimes are rejected before Babel
sees them (Babel would silently read them as UTC), and zones are passed to Babel as
``ZoneInfo`` objects, never as strings (with pytz installed Babel would switch to it).
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from babel import dates, lists, numbers

from servicekit._time import SECONDS_PER_DAY, as_zone, require_aware
from servicekit.exceptions import ConfigError
from servicekit.i18n._catalog import N_, NP_, translate, translate_plural
from servicekit.i18n._locale import LocaleLike, negotiate, resolve_locale

if TYPE_CHECKING:
    from decimal import Decimal

    from servicekit.typing import ZoneLike

__all__ = [
    "format_clock_range",
    "format_currency",
    "format_duration",
    "format_instant",
    "format_list",
    "format_number",
    "format_percent",
    "format_range",
    "format_weekday",
    "format_working_days",
    "format_zone",
    "format_zone_name",
    "format_zone_offset",
]

Width = Literal["short", "medium", "long", "full"]

_ZONE_LABEL = N_("{name} ({offset})")
_WORKING_DAYS = NP_("{count} working day", "{count} working days")


def format_instant(
    value: datetime, *, locale: LocaleLike | None, zone: ZoneLike, style: str = "medium"
) -> str:
    """Format an instant as local date and time in ``zone``.

    Args:
        value: an aware datetime.
        locale: the locale to write in.
        zone: the zone to show the instant in.
        style: ``short``, ``medium``, ``long``, ``full`` or a CLDR pattern.

    Raises:
        NaiveDatetimeError: ``value`` has no zone.

    Example:
        >>> from datetime import datetime, timezone
        >>> at = datetime(2026, 3, 10, 17, 0, tzinfo=timezone.utc)
        >>> format_instant(at, locale="de", zone="Europe/Berlin", style="EEEE, d. MMMM y, HH:mm")
        'Dienstag, 10. März 2026, 18:00'
    """
    require_aware(value, "value")
    return str(
        dates.format_datetime(
            value, style, tzinfo=as_zone(zone, "zone"), locale=resolve_locale(locale)
        )
    )


# The literal text between the two halves of a CLDR interval pattern: what follows the
# last field of the first half ("HH:mm–" gives "–", "h:mm\u2009–\u2009" gives " – ").
_INTERVAL_TAIL = re.compile(r"[^A-Za-z']*$")


@functools.lru_cache(maxsize=64)
def _range_separator(tag: str, skeleton: str) -> str:
    loc = resolve_locale(tag)
    formats = loc.interval_formats.get(skeleton, {})
    halves = formats.get("H") or formats.get("h")
    tail = _INTERVAL_TAIL.search(halves[0]) if halves else None
    found = tail.group() if tail else ""
    return found if found.strip() else "–"


def _time_skeleton(tag: str) -> str:
    return "Hm" if "H" in resolve_locale(tag).time_formats["short"].pattern else "hm"


def format_range(first: str, last: str, *, locale: LocaleLike | None) -> str:
    """Join the two ends of a range of days or other words, e.g. ``Mon–Fri``.

    The dash is the one CLDR uses for the locale's time ranges, read from Babel, so that
    a line such as "пн—пт 09:00—17:00" keeps one dash; it is closed up, as day ranges
    are written.

    Example:
        >>> format_range("Mo", "Fr", locale="de"), format_range("пн", "пт", locale="ru")
        ('Mo–Fr', 'пн—пт')
    """
    tag = negotiate(locale)
    dash = _range_separator(tag, _time_skeleton(tag)).strip()
    return f"{first}{dash}{last}"


def _clock(seconds: int) -> time:
    seconds %= SECONDS_PER_DAY
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def format_clock_range(opens: int, closes: int, *, locale: LocaleLike | None) -> str:
    r"""Format a wall-clock range given in seconds after midnight, such as 18:00-20:00.

    The range uses CLDR's interval format for the locale; ``closes`` past midnight
    (an overnight range) is shown as the next day's clock time.

    Example:
        >>> format_clock_range(18 * 3600, 20 * 3600, locale="de")
        '18:00–20:00 Uhr'
        >>> format_clock_range(9 * 3600, 17 * 3600, locale="en")
        '9:00\u202fAM\u2009–\u20095:00\u202fPM'
    """
    tag = negotiate(locale)
    loc = resolve_locale(tag)
    skeleton = _time_skeleton(tag)
    start, end = _clock(opens), _clock(closes)
    if start == end:
        # CLDR collapses an interval whose ends format alike into one time.
        first = dates.format_time(start, "short", locale=loc)
        dash = _range_separator(tag, skeleton)
        return f"{first}{dash}{dates.format_time(end, 'short', locale=loc)}"
    return str(dates.format_interval(start, end, skeleton, locale=loc))


def format_duration(
    value: timedelta,
    *,
    locale: LocaleLike | None,
    granularity: Literal["second", "minute", "hour", "day"] = "minute",
    threshold: float = 0.85,
    add_direction: bool = False,
    width: Literal["narrow", "short", "long"] = "long",
) -> str:
    """Format a duration in words, rounded to the largest sensible unit.

    Example:
        >>> from datetime import timedelta
        >>> format_duration(timedelta(minutes=90), locale="de", threshold=2)
        '90 Minuten'
        >>> format_duration(timedelta(hours=-4), locale="it", add_direction=True)
        '4 ore fa'
    """
    return str(
        dates.format_timedelta(
            value,
            granularity=granularity,
            threshold=threshold,
            add_direction=add_direction,
            format=width,
            locale=resolve_locale(locale),
        )
    )


def format_zone_name(
    zone: ZoneLike,
    *,
    locale: LocaleLike | None,
    at: datetime,
    width: Literal["short", "long"] = "long",
) -> str:
    """Name a zone as its people say it at instant ``at`` (summer or winter time).

    The name comes from CLDR; where CLDR has no name in that width (many short names
    are only used in their own region) Babel gives a GMT offset instead.

    Example:
        >>> from datetime import datetime, timezone
        >>> at = datetime(2026, 7, 1, tzinfo=timezone.utc)
        >>> format_zone_name("Europe/Berlin", locale="de", at=at)
        'Mitteleuropäische Sommerzeit'
    """
    require_aware(at, "at")
    tz = as_zone(zone, "zone")
    return str(dates.get_timezone_name(at.astimezone(tz), width, locale=resolve_locale(locale)))


def format_zone_offset(zone: ZoneLike, *, locale: LocaleLike | None, at: datetime) -> str:
    """Return the zone's offset at ``at`` as CLDR's localized GMT format (``GMT+01:00``).

    The offset comes from the zone rules in use, so it stays right where a CLDR name
    lags behind a rule change. The sign and digits are computed here rather than by
    Babel, whose releases before 2.19 wrote negative offsets that are not whole hours
    an hour too far west (St John's ``GMT-04:30`` for ``-03:30``).

    Example:
        >>> from datetime import datetime, timezone
        >>> at = datetime(2026, 1, 15, tzinfo=timezone.utc)
        >>> format_zone_offset("Asia/Kathmandu", locale="en", at=at)
        'GMT+05:45'
        >>> format_zone_offset("America/St_Johns", locale="de", at=at)
        'GMT-03:30'
    """
    require_aware(at, "at")
    tz = as_zone(zone, "zone")
    offset = at.astimezone(tz).utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    pattern = str(resolve_locale(locale).zone_formats["gmt"])
    return pattern % f"{sign}{hours:02d}:{rest // 60:02d}"


def format_zone(
    zone: ZoneLike,
    *,
    locale: LocaleLike | None,
    at: datetime,
    width: Literal["short", "long"] = "long",
) -> str:
    """Name a zone with its GMT offset beside the name, e.g. ``MEZ (GMT+01:00)``.

    Example:
        >>> from datetime import datetime, timezone
        >>> at = datetime(2026, 1, 15, tzinfo=timezone.utc)
        >>> format_zone("America/New_York", locale="en", at=at)
        'Eastern Standard Time (GMT-05:00)'
    """
    return translate(
        "servicekit",
        _ZONE_LABEL,
        locale,
        name=format_zone_name(zone, locale=locale, at=at, width=width),
        offset=format_zone_offset(zone, locale=locale, at=at),
    )


def format_weekday(
    day: int,
    *,
    locale: LocaleLike | None,
    width: Literal["wide", "abbreviated", "short", "narrow"] = "wide",
    context: Literal["format", "stand-alone"] = "stand-alone",
) -> str:
    """Name a weekday (0 is Monday, as :meth:`datetime.date.weekday`).

    Raises:
        ConfigError: ``day`` is not 0 to 6.
        TypeError: ``day`` is not an integer.

    Example:
        >>> format_weekday(0, locale="ru"), format_weekday(4, locale="it", width="abbreviated")
        ('понедельник', 'ven')
    """
    if isinstance(day, bool) or not isinstance(day, int):
        raise TypeError(f"day must be an integer, got {type(day).__name__}")
    if not 0 <= day <= 6:
        raise ConfigError(f"must be 0 (Monday) to 6 (Sunday), got {day!r}", "day")
    return str(dates.get_day_names(width, context, locale=resolve_locale(locale))[day])


def format_number(value: float | Decimal, *, locale: LocaleLike | None) -> str:
    r"""Format a number with the locale's separators.

    Example:
        >>> format_number(12345.5, locale="de"), format_number(12345.5, locale="ru")
        ('12.345,5', '12\xa0345,5')
    """
    return str(numbers.format_decimal(value, locale=resolve_locale(locale)))


def format_percent(value: float | Decimal, *, locale: LocaleLike | None) -> str:
    r"""Format a fraction as a percentage.

    Example:
        >>> format_percent(0.8, locale="de")
        '80\xa0%'
    """
    return str(numbers.format_percent(value, locale=resolve_locale(locale)))


def format_currency(amount: float | Decimal, currency: str, *, locale: LocaleLike | None) -> str:
    r"""Format an amount of money in ``currency`` (ISO 4217 code).

    Example:
        >>> format_currency(1234.5, "EUR", locale="de"), format_currency(1234.5, "EUR", locale="en")
        ('1.234,50\xa0€', '€1,234.50')
    """
    return str(numbers.format_currency(amount, currency, locale=resolve_locale(locale)))


def format_list(items: list[str], *, locale: LocaleLike | None) -> str:
    """Join items as the locale writes a list.

    Example:
        >>> format_list(["phone", "email", "chat"], locale="en")
        'phone, email, and chat'
    """
    return str(lists.format_list(items, locale=resolve_locale(locale)))


def format_working_days(count: int, *, locale: LocaleLike | None) -> str:
    """Say a number of working days, e.g. in a reply promise.

    Example:
        >>> format_working_days(2, locale="ru"), format_working_days(5, locale="ru")
        ('2 рабочих дня', '5 рабочих дней')
    """
    return translate_plural("servicekit", _WORKING_DAYS, count, locale)
