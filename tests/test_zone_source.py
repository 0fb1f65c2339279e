"""Zone rules come from the tzdata package by default; the OS database on request.

The issue names zones whose 2026-27 rules differ between an OS database from 2025 and
tzdata 2026.6 (IANA 2026f). Where this machine's OS database differs for one of them,
the tests show that servicekit's default gives the tzdata package's answer, that
``SERVICEKIT_TZ_SOURCE=system`` switches to the OS one, and that an office-hours slot
seen from that zone moves accordingly. Elsewhere they are skipped, saying why.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta
from importlib import resources

import pytest
import tzdata

from servicekit._time import UTC, tz_database_version, zone
from servicekit.exceptions import ConfigError
from servicekit.hours import Member, OfficeHours

CHANGED = (
    "America/Vancouver",
    "America/Winnipeg",
    "America/Havana",
    "Africa/Casablanca",
    "Europe/Chisinau",
)
SLOT = OfficeHours("Europe/Berlin", "tue", "18:00", timedelta(hours=1))


def _packaged(key: str) -> zoneinfo.ZoneInfo:
    """Read ``key`` straight from the tzdata package (independent of servicekit)."""
    with resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).open("rb") as fp:
        return zoneinfo.ZoneInfo.from_file(fp, key=key)


def _system(key: str) -> zoneinfo.ZoneInfo | None:
    """Read ``key`` from the OS database only, or None when it has no such file."""
    for root in zoneinfo.TZPATH:
        path = f"{root}/{key}"
        try:
            with open(path, "rb") as fp:  # noqa: PTH123 - a plain read of a known path
                return zoneinfo.ZoneInfo.from_file(fp, key=key)
        except OSError:
            continue
    return None


def _first_difference() -> tuple[str, datetime]:
    """The first named zone and Tuesday 17:00 UTC in 2026-27 where the sources differ."""
    for key in CHANGED:
        system = _system(key)
        if system is None:
            continue
        packaged = _packaged(key)
        at = datetime(2026, 1, 6, 17, tzinfo=UTC)
        while at.year < 2028:
            if at.astimezone(system).utcoffset() != at.astimezone(packaged).utcoffset():
                return key, at
            at += timedelta(weeks=1)
    pytest.skip(
        "the OS zone database is missing or agrees with the tzdata package "
        f"({tz_database_version('system')} vs {tzdata.IANA_VERSION}) for {', '.join(CHANGED)}"
    )


class TestOneZoneWhoseRulesChanged:
    """tzdata package vs OS database for a zone whose 2026-27 rules changed."""

    def test_default_is_the_tzdata_package(self, monkeypatch):
        """zone() and Member() give the tzdata package's offset, not the OS one."""
        monkeypatch.delenv("SERVICEKIT_TZ_SOURCE", raising=False)
        key, at = _first_difference()
        expected = at.astimezone(_packaged(key)).utcoffset()
        assert expected == at.astimezone(zone(key)).utcoffset()
        member = Member("M", key, "24/7")
        assert expected == at.astimezone(member.timezone).utcoffset()
        assert at.astimezone(_system(key)).utcoffset() != expected

    def test_system_on_request(self, monkeypatch):
        """SERVICEKIT_TZ_SOURCE=system (or source='system') follows the OS database."""
        key, at = _first_difference()
        expected = at.astimezone(_system(key)).utcoffset()
        assert expected == at.astimezone(zone(key, source="system")).utcoffset()
        monkeypatch.setenv("SERVICEKIT_TZ_SOURCE", "system")
        assert expected == at.astimezone(zone(key)).utcoffset()

    def test_office_hours_view_moves_with_the_rules(self, monkeypatch):
        """The same Berlin slot shows a different local time under each database."""
        key, at = _first_difference()
        monkeypatch.delenv("SERVICEKIT_TZ_SOURCE", raising=False)
        week = at.date()
        ours = SLOT.for_member(zone(key), week)
        theirs = SLOT.for_member(zone(key, source="system"), week)
        assert ours.occurrence == theirs.occurrence
        assert ours.start.astimezone(UTC) == theirs.start.astimezone(UTC)
        assert ours.start.replace(tzinfo=None) != theirs.start.replace(tzinfo=None)
        assert at.astimezone(_packaged(key)).utcoffset() == ours.start.utcoffset()


class TestVersion:
    """The database in use is reported, so that a result can be reproduced."""

    def test_tzdata_version(self):
        """The default source reports the tzdata package's IANA release."""
        assert tzdata.IANA_VERSION == tz_database_version()
        assert tzdata.IANA_VERSION == tz_database_version("tzdata")

    def test_system_version_format(self):
        """The OS database reports a release like 2025b, or 'unknown'."""
        version = tz_database_version("system")
        assert version == "unknown" or (len(version) == 5 and version[:4].isdigit())

    def test_bad_source(self, monkeypatch):
        """An unknown source in the environment is a ConfigError naming the variable."""
        monkeypatch.setenv("SERVICEKIT_TZ_SOURCE", "cloud")
        with pytest.raises(ConfigError, match="SERVICEKIT_TZ_SOURCE"):
            zone("Europe/Berlin")


def test_vancouver_in_tzdata_2026f():
    """Tzdata 2026f (the pinned package) keeps Vancouver on UTC-7 after November 2026."""
    if tzdata.IANA_VERSION < "2026f":
        pytest.skip(f"tzdata {tzdata.IANA_VERSION} predates the rule change")
    view = SLOT.for_member("America/Vancouver", date(2026, 12, 1))
    assert "2026-12-01T10:00:00-07:00" == view.start.isoformat()
