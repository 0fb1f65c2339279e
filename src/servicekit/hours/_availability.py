"""How and when a host can be reached, said in each viewer's language and time (private).

An :class:`Availability` holds the host's weekly hours (in the host's zone), the
channels they answer on and how fast they reply. :meth:`Availability.render` writes a
short statement such as::

    Mo–Fr 18:00–20:00 Uhr MEZ (GMT+01:00) · bei Ihnen: Mo–Fr 12:00–14:00 Uhr
    Nordamerikanische Ostküsten-Normalzeit (GMT-05:00)

Weekday names, time formats, list joining and zone names come from CLDR through Babel
(:mod:`servicekit.i18n`); the sentences come from the ``hours`` gettext catalogs (en,
de, it, ru; any other locale falls back to English, as everywhere in servicekit).

The host's zone is named together with its GMT offset. The offset is computed from the
zone rules in use, while the name comes from CLDR, and the two disagree where a country
changed its rules after CLDR named the zone (e.g. Morocco) or where CLDR's name is
simply wrong for the date; the offset is what a reader can rely on. Where CLDR has no
real name in the locale (Babel then returns an offset such as ``+0545``), only the
offset is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from servicekit._time import (
    SECONDS_PER_DAY,
    ZoneInfo,
    as_zone,
    format_duration,
    parse_duration,
    zone_key,
)
from servicekit.exceptions import ConfigError
from servicekit.hours._calendar import _to_weekly as checked_weekly
from servicekit.hours._compile import supported_instant
from servicekit.hours._members import Member, utc_ranges
from servicekit.hours._office import week_start
from servicekit.hours._spec import ALWAYS, Weekly, format_weekly, parse_weekly
from servicekit.i18n import (
    N_,
    LocaleLike,
    format_clock_range,
    format_list,
    format_range,
    format_weekday,
    format_working_days,
    format_zone_name,
    format_zone_offset,
    translate,
)
from servicekit.i18n import format_duration as format_duration_words

if TYPE_CHECKING:
    from servicekit.typing import ZoneLike

__all__ = ["CHANNELS", "Availability"]

#: The channels a host can name, with their English labels (translated in ``hours``).
CHANNELS = {
    "phone": N_("phone"),
    "email": N_("email"),
    "chat": N_("chat"),
    "video": N_("video call"),
    "sms": N_("SMS"),
}
_HOURS = N_("{hours} {zone}")
_HOURS_VIEWER = N_("{hours} {zone} · your time: {local_hours} {local_zone}")
_DAY_HOURS = N_("{days} {times}")
_NO_HOURS = N_("no regular hours")
_ALWAYS = N_("around the clock")
_ALL_DAY = N_("all day")
_CONTACT = N_("Contact: {channels}")
_REPLY = N_("Reply within {duration}")
_ZONE_LABEL = "{name} ({offset})"  # shared message of the ``servicekit`` domain
# Babel falls back to an offset ("+0100", "GMT+05:45") where CLDR has no name.
_NOT_A_NAME = re.compile(r"(?:GMT|UTC)?[+\-−]\d{1,2}(?::?\d{2})?|GMT|UTC")


def _to_weekly(value: object) -> Weekly:
    if isinstance(value, tuple):  # seven days of (open, close) seconds, checked first
        value = format_weekly(checked_weekly(value))
    return parse_weekly(value)


def _to_channels(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"channels must be a list of names, got {type(value).__name__}")
    out = tuple(value)
    for i, name in enumerate(out):
        if not isinstance(name, str) or name not in CHANNELS:
            raise ConfigError(
                f"unknown channel {name!r}; expected one of {sorted(CHANNELS)}", f"channels[{i}]"
            )
    if len(set(out)) != len(out):
        raise ConfigError(f"a channel is named twice in {list(out)!r}", "channels")
    return out


def _to_reply(value: object) -> timedelta | None:
    if value is None:
        return None
    if not isinstance(value, timedelta):
        raise TypeError(f"reply_within must be a timedelta, got {type(value).__name__}")
    if value <= timedelta(0):
        raise ConfigError(f"must be positive, got {format_duration(value)!r}", "reply_within")
    return value


def _to_working_days(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"reply_working_days must be an int, got {type(value).__name__}")
    if value < 1:
        raise ConfigError(f"must be at least 1, got {value!r}", "reply_working_days")
    return value


def _zone_label(zone: ZoneInfo, locale: LocaleLike | None, at: datetime) -> str:
    offset = format_zone_offset(zone, locale=locale, at=at)
    for width in ("short", "long"):
        name = format_zone_name(zone, locale=locale, at=at, width=width)
        if not _NOT_A_NAME.fullmatch(name.strip()):
            return translate("servicekit", _ZONE_LABEL, locale, name=name, offset=offset)
    return offset


def _split_long(ranges: list[tuple[int, int]], viewer: ZoneInfo) -> list[tuple[int, int]]:
    """Cut ranges longer than a day at the viewer's local midnights."""
    out = []
    for first, b in ranges:
        a = first
        while b - a > SECONDS_PER_DAY:
            local = datetime.fromtimestamp(a, viewer)
            midnight = datetime.combine(
                local.date() + timedelta(days=1), datetime.min.time(), viewer
            )
            cut = int(midnight.timestamp())
            out.append((a, cut))
            a = cut
        out.append((a, b))
    return out


def _week_spans(
    hours: Weekly, zone: ZoneInfo, viewer: ZoneInfo, at: datetime
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The open spans of the host week holding ``at``, as wall clock in ``viewer``."""
    monday = week_start(at, zone, "at")
    first = datetime.combine(monday, datetime.min.time(), zone)
    start = int(first.timestamp())
    end = int((first + timedelta(days=7)).timestamp())
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for a, b in _split_long(utc_ranges(hours, zone, start, end), viewer):
        lo = datetime.fromtimestamp(a, viewer)
        hi = datetime.fromtimestamp(b, viewer)
        midnight = datetime.combine(lo.date(), datetime.min.time())
        opens = int((lo.replace(tzinfo=None) - midnight).total_seconds())
        closes = int((hi.replace(tzinfo=None) - midnight).total_seconds())
        days[lo.weekday()].append((opens, closes))
    return tuple(tuple(sorted(day)) for day in days)


def _say_week(week: tuple[tuple[tuple[int, int], ...], ...], locale: LocaleLike | None) -> str:
    groups = []
    day = 0
    while day < 7:
        last = day
        while last + 1 < 7 and week[last + 1] == week[day]:
            last += 1
        if week[day]:
            first_name = format_weekday(day, locale=locale, width="abbreviated")
            if last == day:
                days = first_name
            else:
                last_name = format_weekday(last, locale=locale, width="abbreviated")
                days = format_range(first_name, last_name, locale=locale)
            times = format_list(
                [
                    translate("hours", _ALL_DAY, locale)
                    if (a, b) == (0, SECONDS_PER_DAY)
                    else format_clock_range(a, b, locale=locale)
                    for a, b in week[day]
                ],
                locale=locale,
            )
            groups.append(translate("hours", _DAY_HOURS, locale, days=days, times=times))
        day = last + 1
    if not groups:
        return translate("hours", _NO_HOURS, locale)
    # Day groups are separated by a semicolon, as in all four shipped languages, so
    # that the locale's "and" stays free for the times of one day.
    return "; ".join(groups)


@attrs.frozen
class Availability:
    """When and how a host can be reached.

    Args:
        timezone: the host's IANA zone; ``hours`` are read in it.
        hours: weekly hours in the hour syntax (``{"mon-fri": ["18:00-20:00"]}``).
        channels: names from :data:`CHANNELS` (``phone``, ``email``, ``chat``,
            ``video``, ``sms``), in the order to show them.
        reply_within: the reply promise as elapsed time, or ``None``.
        reply_working_days: the reply promise in working days (instead of
            ``reply_within``), or ``None``.

    Example:
        >>> from datetime import datetime, timezone
        >>> host = Availability("Europe/Berlin", {"mon-fri": ["18:00-20:00"]}, channels=["chat"])
        >>> at = datetime(2026, 1, 15, 12, tzinfo=timezone.utc)
        >>> print(host.render("de", "America/New_York", at=at))
        Mo–Fr 18:00–20:00 Uhr MEZ (GMT+01:00) · bei Ihnen: Mo–Fr 12:00–14:00 Uhr
        Nordamerikanische Ostküsten-Normalzeit (GMT-05:00) · Kontakt: Chat
        >>> print(host.render("en", "Asia/Tehran", at=at))
        Mon–Fri 6:00 – 8:00 PM Central European Standard Time (GMT+01:00) · your time:
        Mon–Fri 8:30 – 10:30 PM Iran Standard Time (GMT+03:30) · Contact: chat
    """

    timezone: ZoneInfo = attrs.field(eq=zone_key, converter=as_zone)
    hours: Weekly = attrs.field(converter=_to_weekly)
    channels: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_to_channels)
    reply_within: timedelta | None = attrs.field(default=None, kw_only=True, converter=_to_reply)
    reply_working_days: int | None = attrs.field(
        default=None, kw_only=True, converter=_to_working_days
    )

    @reply_working_days.validator
    def _one_promise(self, _attribute: object, value: int | None) -> None:
        if value is not None and self.reply_within is not None:
            raise ConfigError(
                "give reply_within or reply_working_days, not both", "reply_working_days"
            )

    def render(
        self, locale: LocaleLike | None, viewer_zone: ZoneLike | None = None, *, at: datetime
    ) -> str:
        """Say when and how the host can be reached, for one reader.

        Args:
            locale: the reader's locale; unknown locales fall back to English.
            viewer_zone: the reader's zone; where its clock differs from the host's, the
                reader's local days and times follow the host's.
            at: an instant in the week to describe (it decides summer or winter time).

        Raises:
            NaiveDatetimeError: ``at`` is naive.
            UnknownTimeZoneError: ``viewer_zone`` is not an IANA zone.
            ConfigError: ``at`` lies outside the supported years 0002-9997.
        """
        supported_instant(at, "at")
        zone = _zone_label(self.timezone, locale, at)
        if self.hours == ALWAYS:
            always = translate("hours", _ALWAYS, locale)
            parts = [translate("hours", _HOURS, locale, hours=always, zone=zone)]
        else:
            host_week = _week_spans(self.hours, self.timezone, self.timezone, at)
            hours = _say_week(host_week, locale)
            parts = [translate("hours", _HOURS, locale, hours=hours, zone=zone)]
            if viewer_zone is not None:
                viewer = as_zone(viewer_zone, "viewer_zone")
                local_week = _week_spans(self.hours, self.timezone, viewer, at)
                if local_week != host_week:
                    parts[0] = translate(
                        "hours",
                        _HOURS_VIEWER,
                        locale,
                        hours=hours,
                        zone=zone,
                        local_hours=_say_week(local_week, locale),
                        local_zone=_zone_label(viewer, locale, at),
                    )
        if self.channels:
            names = [translate("hours", CHANNELS[c], locale) for c in self.channels]
            parts.append(
                translate("hours", _CONTACT, locale, channels=format_list(names, locale=locale))
            )
        if self.reply_within is not None:
            words = format_duration_words(self.reply_within, locale=locale, threshold=2)
            parts.append(translate("hours", _REPLY, locale, duration=words))
        if self.reply_working_days is not None:
            words = format_working_days(self.reply_working_days, locale=locale)
            parts.append(translate("hours", _REPLY, locale, duration=words))
        return " · ".join(parts)

    def render_for(self, member: Member, *, at: datetime) -> str:
        """:meth:`render` in the member's own locale and zone.

        Example:
            >>> from datetime import datetime, timezone
            >>> host = Availability("Europe/Berlin", {"sat": ["10:00-12:00"]})
            >>> dario = Member("Dario", "Asia/Tehran", "24/7", locale="it")
            >>> print(host.render_for(dario, at=datetime(2026, 7, 1, tzinfo=timezone.utc)))
            sab 10:00–12:00 CEST (GMT+02:00) · ora locale: sab 11:30–13:30 Ora standard dell’Iran
            (GMT+03:30)
        """
        return self.render(member.locale, member.timezone, at=at)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON types that :meth:`from_dict` reads back.

        Example:
            >>> Availability(
            ...     "Europe/Rome", {"mon-fri": ["09:00-13:00"]}, reply_within=timedelta(days=1)
            ... ).to_dict()
            {'timezone': 'Europe/Rome', 'hours': {'mon-fri': ['09:00-13:00']},
             'reply_within': 'P1D'}
        """
        out: dict[str, Any] = {"timezone": self.timezone.key, "hours": format_weekly(self.hours)}
        if self.channels:
            out["channels"] = list(self.channels)
        if self.reply_within is not None:
            out["reply_within"] = format_duration(self.reply_within)
        if self.reply_working_days is not None:
            out["reply_working_days"] = self.reply_working_days
        return out

    @classmethod
    def from_dict(cls, data: object, path: str = "availability") -> Availability:
        """Build an availability from :meth:`to_dict` output.

        Raises:
            ConfigError: a missing or malformed field, with its path.

        Example:
            >>> Availability.from_dict({"timezone": "UTC", "hours": {}, "channels": ["fax"]})
            Traceback (most recent call last):
            ...
            servicekit.exceptions.ConfigError: availability.channels[0]: unknown channel 'fax'; ...
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"expected a mapping, got {data!r}", path)
        unknown = set(data) - {
            "timezone",
            "hours",
            "channels",
            "reply_within",
            "reply_working_days",
        }
        if unknown:
            raise ConfigError(f"unknown keys {sorted(unknown)!r}", path)
        for key in ("timezone", "hours"):
            if key not in data:
                raise ConfigError(f"missing; give the {key}", f"{path}.{key}")
        tz = data["timezone"]
        if not isinstance(tz, str):
            raise ConfigError(f"expected an IANA zone name, got {tz!r}", f"{path}.timezone")
        channels = data.get("channels", [])
        if not isinstance(channels, list):
            raise ConfigError(f"expected a list, got {channels!r}", f"{path}.channels")
        reply = data.get("reply_within")
        days = data.get("reply_working_days")
        if days is not None and (isinstance(days, bool) or not isinstance(days, int)):
            raise ConfigError(
                f"expected a whole number, got {days!r}", f"{path}.reply_working_days"
            )
        try:
            return cls(
                as_zone(tz, f"{path}.timezone"),
                parse_weekly(data["hours"], "hours"),
                channels=channels,
                reply_within=None if reply is None else parse_duration(reply, "reply_within"),
                reply_working_days=days,
            )
        except ConfigError as err:
            raise ConfigError(err.msg, f"{path}.{err.path}") from None
