"""What the installed Babel (CLDR) writes, for tests that embed CLDR text in our own.

CLDR decides the glyphs of a time range (Russian moved from "–" to "—" in Babel 2.19),
the spaces around it and the names of zones (India and Nepal gained names in 2.19).
Tests that check servicekit's own sentences build the CLDR parts with these helpers, so
that a data update cannot break them while our words are still compared exactly.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from servicekit.i18n import format_clock_range, format_zone, format_zone_name

if TYPE_CHECKING:
    from datetime import datetime


def _seconds(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60


def clock_range(locale: str, opens: str, closes: str) -> str:
    """CLDR's time range for ``opens``-``closes`` ("HH:MM") in ``locale``."""
    return format_clock_range(_seconds(opens), _seconds(closes), locale=locale)


def zone(key: str, locale: str, at: datetime) -> str:
    """A zone's CLDR name with its GMT offset, as servicekit labels a named zone.

    The rule is the documented one: the short name where the locale has a real one
    ("MEZ", "EST"), else the long name.
    """
    short = format_zone_name(key, locale=locale, at=at, width="short")
    if not re.fullmatch(r"(?:GMT|UTC)?[+\-−]\d{1,2}(?::?\d{2})?|GMT|UTC", short.strip()):
        return format_zone(key, locale=locale, at=at, width="short")
    return format_zone(key, locale=locale, at=at)


# CLDR releases differ in these glyphs without changing the meaning of a text.
_DASHES = str.maketrans(dict.fromkeys("\u2012\u2013\u2014\u2015", "\u2013"))
_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2009\u202f", " "))


def fold_glyphs(text: str) -> str:
    """``text`` with CLDR's dash and space variants folded to one of each.

    Used only where documentation shows output: the docs' examples must run under every
    Babel release that ``pyproject.toml`` allows, while tests check exact text.
    """
    return text.translate(_DASHES).translate(_SPACES)


def range_dash(locale: str) -> str:
    """The dash CLDR puts in ``locale``'s time ranges, which servicekit's day ranges share."""
    found = re.search("[\u2012-\u2015]", clock_range(locale, "09:00", "17:00"))
    assert found, locale
    return found.group()
