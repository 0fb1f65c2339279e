"""Text for people: locale negotiation, Babel formatting and gettext catalogs.

Anything shown to a customer or team member goes through here: Babel (CLDR) for
dates, times, zones, numbers and currencies, and gettext catalogs for sentences, with
English, German, Italian and Russian complete. Sentences are never built by gluing
translated fragments together: each is one message with named ``{placeholders}``.

Locales and the fallback:

* Every function taking ``locale`` accepts a tag as people write it (``de-AT``,
  ``EN_gb``, ``de_AT.UTF-8``, a :class:`babel.Locale`) and :func:`negotiate` turns it
  into one of :data:`SUPPORTED_LOCALES`: the four languages and every region CLDR
  knows for them (``en_GB``, ``en_US``, ``en_DE``, ``de_AT``, ``de_CH``, ``it_CH``,
  ``ru_RU``...).
* **Formats follow the region** (CLDR via Babel): ``en_GB`` writes ``23/11/2026`` and
  24-hour times where ``en`` (US English) writes ``11/23/26`` and ``9:00 AM``; an
  English-speaking desk in Germany can ask for ``en_DE``.
* **Messages follow the language**: ``de_AT`` reads the German catalog. A regional
  catalog may override single messages where wording differs; Swiss and Liechtenstein
  German get "ss" for "ß" and «…» for „…“ without one.
* A region CLDR does not know for the language keeps the language (``de-US`` is
  ``de``); a language without a catalog, an unknown tag, ``""`` or ``None`` is English
  (``en``). Negotiation never fails on a string; a value of another type is a
  ``TypeError``. :func:`is_supported` tells a caller that would rather refuse a tag
  (the command line does) than fall back.

Labels are messages too: an identifier a person reads (a channel kind, a priority, a
journey's step, a review rule) is shown by :func:`display_name` in the reader's
language, from the ``labels`` catalog or a team's own :class:`DisplayNames`; machine
formats (JSON, CSV) keep the identifier.

The words used for the domain's terms in each language are listed in the glossary
(docs: Explanation, "Glossary").

Example:
    >>> from datetime import datetime, timezone
    >>> from servicekit import i18n
    >>> i18n.negotiate("de-AT"), i18n.language_of("de-AT")
    ('de_AT', 'de')
    >>> when = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)
    >>> i18n.format_instant(when, locale="en-GB", zone="UTC", style="short")
    '23/11/2026, 09:00'
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
    format_range,
    format_weekday,
    format_working_days,
    format_zone,
    format_zone_name,
    format_zone_offset,
)
from servicekit.i18n._labels import (
    LABEL_KINDS,
    LABEL_SECTIONS,
    MAX_NAME_LENGTH,
    DisplayNames,
    DisplayNamesFor,
    display_name,
    names_from_dict,
)
from servicekit.i18n._locale import (
    DEFAULT_LOCALE,
    SUPPORTED_LANGUAGES,
    SUPPORTED_LOCALES,
    LocaleLike,
    is_supported,
    language_of,
    negotiate,
    resolve_locale,
)

__all__ = [
    "DEFAULT_LOCALE",
    "DOMAINS",
    "LABEL_KINDS",
    "LABEL_SECTIONS",
    "MAX_NAME_LENGTH",
    "NP_",
    "N_",
    "SUPPORTED_LANGUAGES",
    "SUPPORTED_LOCALES",
    "DisplayNames",
    "DisplayNamesFor",
    "LocaleLike",
    "display_name",
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
    "is_supported",
    "language_of",
    "names_from_dict",
    "negotiate",
    "resolve_locale",
    "template_fields",
    "translate",
    "translate_plural",
    "translations",
]
