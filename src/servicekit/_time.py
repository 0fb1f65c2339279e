"""Time primitives shared by every part of servicekit (private).

This is the one place that imports :mod:`zoneinfo` and decides where zone rules come
from, checks that instants are aware, and parses the textual forms used in config
dicts (wall-clock times, ISO-8601 instants and durations).

Zone rules: which database?
    :mod:`zoneinfo` reads the operating system's database first and the ``tzdata``
    package second, and the two disagree whenever one is older than the other (an OS
    copy from 2025 and tzdata 2026.6 differ on 15 zones in 2026-27). servicekit loads
    zones from the ``tzdata`` package by default, so that every machine that installs
    the same versions gives the same answer. Set the environment variable
    ``SERVICEKIT_TZ_SOURCE=system`` (or pass ``source="system"``) to use the OS
    database instead; :func:`tz_database_version` reports which release is in use.
"""

from __future__ import annotations

import os
import re
import struct
import zoneinfo
from datetime import datetime, timedelta, timezone, tzinfo
from importlib import resources
from threading import Lock

from servicekit.exceptions import ConfigError, NaiveDatetimeError, UnknownTimeZoneError
from servicekit.typing import ZoneLike, ZoneSource

__all__ = [
    "SECONDS_PER_DAY",
    "UTC",
    "ZoneInfo",
    "ZoneSource",
    "as_zone",
    "default_zone_source",
    "format_clock",
    "format_duration",
    "parse_clock",
    "parse_duration",
    "parse_instant",
    "require_aware",
    "require_timedelta",
    "transition_span",
    "tz_database_version",
    "zone",
    "zone_key",
]

ZoneInfo = zoneinfo.ZoneInfo

SECONDS_PER_DAY = 86_400
UTC = timezone.utc
_ENV_SOURCE = "SERVICEKIT_TZ_SOURCE"
_SOURCES: tuple[ZoneSource, ...] = ("tzdata", "system")
# IANA keys are ASCII path components; refusing anything else up front keeps names
# like "../etc/passwd" or "/etc/localtime" from ever reaching the file system.
_KEY_RE = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*")


class _PackagedZone(ZoneInfo):
    """A zone read from the ``tzdata`` package; pickles by key, like ``ZoneInfo``."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (_packaged_zone, (self.key,))


_packaged: dict[str, ZoneInfo] = {}
#: Guards :data:`_packaged` so that every thread gets the same object for a key.
_packaged_lock = Lock()


def _packaged_zone(key: str) -> ZoneInfo:
    """Load ``key`` from the ``tzdata`` package, once per process (thread-safe)."""
    found = _packaged.get(key)
    if found is not None:
        return found
    with _packaged_lock:
        found = _packaged.get(key)
        if found is None:  # pragma: no branch - else only when another thread won
            node = resources.files("tzdata.zoneinfo").joinpath(*key.split("/"))
            if not node.is_file():
                raise UnknownTimeZoneError(key)
            with node.open("rb") as fp:
                found = _PackagedZone.from_file(fp, key=key)
            _packaged[key] = found
    return found


def _tzif_bytes(tz: tzinfo) -> bytes | None:
    """The TZif file behind a zone, found the way :mod:`zoneinfo` finds it, or None."""
    key = getattr(tz, "key", None)
    if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
        return None
    if not isinstance(tz, _PackagedZone):
        for root in zoneinfo.TZPATH:
            path = os.path.join(root, *key.split("/"))  # noqa: PTH118 - plain paths
            if os.path.isfile(path):  # noqa: PTH113
                with open(path, "rb") as fp:  # noqa: PTH123
                    return fp.read()
    try:
        return resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()
    except (OSError, ImportError):  # pragma: no cover - every zone we make has a file
        return None


def _tzif_transitions(data: bytes) -> tuple[int, ...] | None:
    """The UTC transition times (seconds) of a TZif file, or None if it is not one."""
    if len(data) < 44 or data[:4] != b"TZif":
        return None
    isut, isstd, leap, timecnt, typecnt, charcnt = struct.unpack(">6l", data[20:44])
    if data[4:5] == b"\x00":
        return struct.unpack(f">{timecnt}l", data[44 : 44 + 4 * timecnt])
    start = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    (timecnt2,) = struct.unpack(">l", data[start + 32 : start + 36])
    return struct.unpack(f">{timecnt2}q", data[start + 44 : start + 44 + 8 * timecnt2])


_spans: dict[tuple[type, str], tuple[int, int] | None] = {}


def transition_span(tz: tzinfo) -> tuple[int, int] | None:
    """Return the first and last explicit UTC-offset transition of a zone (UTC seconds).

    Before the first one a zone keeps one offset; after the last one :mod:`zoneinfo`
    follows the file's POSIX TZ rule, which repeats with the Gregorian calendar
    (every 400 years). ``(0, 0)`` for a zone without transitions; None when the
    zone's file cannot be found (a ``ZoneInfo.from_file`` zone without a key).

    Example:
        >>> first, last = transition_span(zone("UTC"))
        >>> (first, last)
        (0, 0)
    """
    key = (type(tz), str(getattr(tz, "key", None)))
    if key in _spans:
        return _spans[key]
    data = _tzif_bytes(tz)
    times = None if data is None else _tzif_transitions(data)
    found = None if times is None else (times[0], times[-1]) if times else (0, 0)
    with _packaged_lock:
        _spans[key] = found
    return found


def default_zone_source() -> ZoneSource:
    """Return the zone source in force: ``SERVICEKIT_TZ_SOURCE`` or ``"tzdata"``.

    Raises:
        ConfigError: the environment variable names no known source.
    """
    value = os.environ.get(_ENV_SOURCE, "tzdata")
    if value == "tzdata":
        return "tzdata"
    if value == "system":
        return "system"
    raise ConfigError(f"unknown zone source {value!r}; expected 'tzdata' or 'system'", _ENV_SOURCE)


def _check_source(source: str | None) -> ZoneSource:
    if source is None:
        return default_zone_source()
    if source == "tzdata":
        return "tzdata"
    if source == "system":
        return "system"
    raise ConfigError(f"unknown zone source {source!r}; expected 'tzdata' or 'system'", "source")


def zone(key: str, *, source: ZoneSource | None = None, field: str = "timezone") -> ZoneInfo:
    """Return the :class:`~zoneinfo.ZoneInfo` for an IANA key.

    Args:
        key: an IANA key such as ``"Europe/Berlin"``.
        source: ``"tzdata"`` (the Python package) or ``"system"`` (the OS database);
            defaults to the environment variable ``SERVICEKIT_TZ_SOURCE``, else
            ``"tzdata"``.
        field: the name reported in the error.

    Raises:
        UnknownTimeZoneError: ``key`` is not a zone in that database, or not a key at all.
        TypeError: ``key`` is not a string.

    Example:
        >>> zone("Europe/Berlin").key
        'Europe/Berlin'
        >>> zone("../etc/passwd")
        Traceback (most recent call last):
        ...
        servicekit.exceptions.UnknownTimeZoneError: timezone: unknown time zone '../etc/passwd'; ...
    """
    if not isinstance(key, str):
        raise TypeError(f"{field} must be an IANA key string, got {type(key).__name__}")
    chosen = _check_source(source)
    if not _KEY_RE.fullmatch(key):
        raise UnknownTimeZoneError(key, field)
    try:
        if chosen == "tzdata":
            return _packaged_zone(key)
        return ZoneInfo(key)
    except UnknownTimeZoneError:
        raise UnknownTimeZoneError(key, field) from None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownTimeZoneError(key, field) from None


def as_zone(value: ZoneLike, field: str = "timezone") -> ZoneInfo:
    """Turn an IANA key, a ``ZoneInfo`` or ``timezone.utc`` into a ``ZoneInfo``.

    A ``ZoneInfo`` is kept as it is: the caller chose its rules.

    Raises:
        UnknownTimeZoneError: an unknown key.
        TypeError: anything else (fixed offsets other than UTC have no rules to follow).
    """
    if isinstance(value, ZoneInfo):
        return value
    if isinstance(value, str):
        return zone(value, field=field)
    if value == UTC:
        return zone("UTC", field=field)
    raise TypeError(
        f"{field} must be an IANA key or a ZoneInfo, got {value!r}; "
        "fixed offsets have no DST rules, use a zone such as 'Europe/Berlin'"
    )


def zone_key(value: tzinfo | None) -> object:
    """What equality and hashing of values holding a zone compare: its IANA key.

    Two ``ZoneInfo`` objects for one key (one from the ``tzdata`` package, one from
    the OS, or two loaded by racing threads) make equal values with equal hashes. A
    zone without a key (``ZoneInfo.from_file``) compares by identity.

    Example:
        >>> zone_key(zone("Europe/Berlin")) == zone_key(ZoneInfo("Europe/Berlin"))
        True
    """
    key = getattr(value, "key", None)
    return value if key is None else key


def tz_database_version(source: ZoneSource | None = None) -> str:
    r"""Return the IANA release of the zone database in use, such as ``"2026f"``.

    Returns ``"unknown"`` when the OS database does not record its version.

    Example:
        >>> import re
        >>> bool(re.fullmatch(r"\d{4}[a-z]", tz_database_version("tzdata")))
        True
    """
    chosen = _check_source(source)
    if chosen == "tzdata":
        import tzdata  # noqa: PLC0415 - only needed here

        return str(tzdata.IANA_VERSION)
    for root in zoneinfo.TZPATH:
        try:
            with open(os.path.join(root, "tzdata.zi"), encoding="ascii") as fp:  # noqa: PTH118, PTH123
                first = fp.readline()
        except OSError:
            continue
        match = re.match(r"#\s*version\s+(\S+)", first)
        if match:
            return match.group(1)
    return "unknown"


def require_aware(value: object, field: str = "datetime") -> datetime:
    """Return ``value`` if it is an aware datetime.

    Raises:
        TypeError: not a datetime (a bare ``date`` included).
        NaiveDatetimeError: a datetime without a UTC offset.
    """
    if not isinstance(value, datetime):
        raise TypeError(f"{field} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(value, field)
    return value


def require_timedelta(value: object, field: str = "duration") -> timedelta:
    """Return ``value`` if it is a :class:`~datetime.timedelta`, else raise ``TypeError``."""
    if not isinstance(value, timedelta):
        raise TypeError(f"{field} must be a timedelta, got {type(value).__name__}")
    return value


_CLOCK_RE = re.compile(r"(\d{2}):(\d{2})(?::(\d{2}))?")


def parse_clock(text: object, path: str = "time") -> int:
    """Parse a wall-clock time ``"HH:MM"`` or ``"HH:MM:SS"`` into seconds after midnight.

    ``"24:00"`` is the next midnight (86400). Fields have two digits each, so
    ``"9:5"`` is rejected rather than guessed.

    Raises:
        ConfigError: not a time of day.

    Example:
        >>> parse_clock("09:30"), parse_clock("24:00")
        (34200, 86400)
    """
    if not isinstance(text, str):
        raise ConfigError(f"expected a time of day 'HH:MM', got {text!r}", path)
    match = _CLOCK_RE.fullmatch(text)
    if match is None:
        raise ConfigError(f"{text!r} is not a time of day; expected 'HH:MM' or 'HH:MM:SS'", path)
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    total = hours * 3600 + minutes * 60 + seconds
    if minutes > 59 or seconds > 59 or total > SECONDS_PER_DAY:
        raise ConfigError(
            f"{text!r} is not a time of day; hours run 00-23 (24:00 for the next midnight)",
            path,
        )
    return total


def format_clock(seconds: int) -> str:
    """Format seconds after midnight as ``"HH:MM"`` (``"HH:MM:SS"`` when needed).

    Example:
        >>> format_clock(34200), format_clock(86400), format_clock(61)
        ('09:30', '24:00', '00:01:01')
    """
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}" if secs else f"{hours:02d}:{minutes:02d}"


def parse_instant(text: object, path: str = "at") -> datetime:
    """Parse an ISO-8601 instant with a UTC offset (``Z`` allowed).

    Raises:
        ConfigError: not an ISO-8601 date-time, or one without an offset.

    Example:
        >>> parse_instant("2026-03-29T01:30:00Z")
        datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.timezone.utc)
    """
    if not isinstance(text, str):
        raise ConfigError(f"expected an ISO-8601 instant string, got {text!r}", path)
    raw = text.strip()
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ConfigError(
            f"{text!r} is not an ISO-8601 instant; expected e.g. '2026-03-29T09:00:00+02:00'",
            path,
        ) from None
    if value.tzinfo is None:
        raise ConfigError(
            f"{text!r} has no UTC offset; add one, e.g. '{text}Z' or '{text}+01:00'", path
        )
    return value


_DURATION_RE = re.compile(
    r"(?P<sign>[-+])?P(?!$)(?:(?P<weeks>\d+(?:[.,]\d+)?)W)?(?:(?P<days>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+(?:[.,]\d+)?)H)?(?:(?P<minutes>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?",
    re.IGNORECASE,
)


def parse_duration(text: object, path: str = "duration") -> timedelta:
    """Parse an ISO-8601 duration such as ``"PT4H"`` or ``"P2DT30M"``.

    Weeks, days, hours, minutes and seconds are exact amounts of elapsed time (a day
    is 24 hours). Years and months have no fixed length and are rejected.

    Raises:
        ConfigError: not such a duration, or one longer than ``timedelta.max``
            (999,999,999 days).

    Example:
        >>> parse_duration("PT4H30M"), parse_duration("-P1D")
        (datetime.timedelta(seconds=16200), datetime.timedelta(days=-1))
    """
    if not isinstance(text, str):
        raise ConfigError(
            f"expected an ISO-8601 duration string like 'PT4H', got {type(text).__name__}", path
        )
    match = _DURATION_RE.fullmatch(text.strip())
    if match is None:
        hint = (
            "; years and months have no fixed length, give days instead"
            if re.search(r"P[^T]*[YM]", text.upper())
            else ""
        )
        raise ConfigError(f"{text!r} is not an ISO-8601 duration like 'PT4H'{hint}", path)
    parts = {
        k: float(v.replace(",", ".")) for k, v in match.groupdict().items() if v and k != "sign"
    }
    try:
        value = timedelta(**parts)
    except OverflowError:
        raise ConfigError(
            f"{text!r} is longer than the longest duration, {timedelta.max.days} days; "
            "give a shorter one",
            path,
        ) from None
    return -value if match["sign"] == "-" else value


def format_duration(value: timedelta) -> str:
    """Format a timedelta as an ISO-8601 duration that :func:`parse_duration` reads back.

    Example:
        >>> format_duration(timedelta(days=2, hours=4, minutes=30))
        'P2DT4H30M'
        >>> format_duration(timedelta(0)), format_duration(timedelta(seconds=-1.5))
        ('PT0S', '-PT1.5S')
    """
    sign = "-" if value < timedelta(0) else ""
    value = abs(value)
    days = value.days
    seconds = value.seconds
    micros = value.microseconds
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    out = f"{sign}P{days}D" if days else f"{sign}P"
    time_part = ""
    if hours:
        time_part += f"{hours}H"
    if minutes:
        time_part += f"{minutes}M"
    if secs or micros:
        frac = f"{secs}.{micros:06d}".rstrip("0") if micros else str(secs)
        time_part += f"{frac}S"
    if time_part:
        out += "T" + time_part
    elif not days:
        out += "T0S"
    return out
