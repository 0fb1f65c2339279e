"""Text for people: locale negotiation, Babel formatting and gettext catalogs.

Anything shown to a customer or team member goes through here: Babel (CLDR) for
dates, times, zones, numbers and currencies, and gettext catalogs for sentences, with
English, German, Italian and Russian complete. Sentences are never built by gluing
translated fragments together: each is one message with named ``{placeholders}``.

Example:
    >>> from datetime import datetime, timezone
    >>> from servicekit import i18n
    >>> i18n.negotiate("de-AT")
    'de'
    >>> at = datetime(2026, 1, 15, 17, tzinfo=timezone.utc)
    >>> i18n.format_zone("Europe/Berlin", locale="it", at=at)
    'Ora standard dell’Europa centrale (GMT+01:00)'
"""

from __future__ import annotations

from servicekit.i18n._catalog import (
    DOMAINS,
    N_,
    NP_,
    template_fields,
    translate,
    translate_plural,
    translations,
)
from servicekit.i18n._format import (
    format_clock_range,
    format_currency,
    format_duration,
    format_instant,
    format_list,
    format_number,
    format_percent,
    format_weekday,
    format_working_days,
    format_zone,
    format_zone_name,
    format_zone_offset,
)
from servicekit.i18n._locale import (
    DEFAULT_LOCALE,
    SUPPORTED_LANGUAGES,
    LocaleLike,
    negotiate,
    resolve_locale,
)

__all__ = [
    "DEFAULT_LOCALE",
    "DOMAINS",
    "NP_",
    "N_",
    "SUPPORTED_LANGUAGES",
    "LocaleLike",
    "format_clock_range",
    "format_currency",
    "format_duration",
    "format_instant",
    "format_list",
    "format_number",
    "format_percent",
    "format_weekday",
    "format_working_days",
    "format_zone",
    "format_zone_name",
    "format_zone_offset",
    "negotiate",
    "resolve_locale",
    "template_fields",
    "translate",
    "translate_plural",
    "translations",
]
