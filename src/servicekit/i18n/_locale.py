"""Locale negotiation: which language and which regional formats to use.

A locale is a language and, optionally, a region: ``de_AT`` is German as written in
Austria. servicekit keeps the two apart:

* **formats** (dates, times, numbers, currencies, zone names, lists) follow CLDR for
  the region, so ``en_GB`` writes ``23/11/2026`` where ``en`` (US) writes ``11/23/26``
  and ``de_AT`` writes "Jänner";
* **messages** come from the language's catalog (``de`` for ``de_AT``), with a
  regional catalog laid over it where wording differs (see
  :func:`servicekit.i18n.translations`; ``de_CH`` and ``de_LI`` write "ss" for "ß").

What a user gives is negotiated to one of :data:`SUPPORTED_LOCALES`, whatever its case
or separator (``de-AT``, ``DE_at``, ``de_AT.UTF-8``, ``de-Latn-AT``). A region CLDR does
not know for the language keeps the language (``de-US`` gives ``de``); a language
without a catalog, an unknown tag or ``None`` gives English (``en``), so that a
customer always gets a complete sentence rather than an error.
"""

from __future__ import annotations

import functools
import re

from babel import Locale
from babel.localedata import locale_identifiers

__all__ = [
    "DEFAULT_LOCALE",
    "SUPPORTED_LANGUAGES",
    "SUPPORTED_LOCALES",
    "LocaleLike",
    "is_supported",
    "language_of",
    "negotiate",
    "resolve_locale",
]

#: Languages whose message catalogs are complete.
SUPPORTED_LANGUAGES = ("en", "de", "it", "ru")
#: The language used when nothing better matches.
DEFAULT_LOCALE = "en"

_SHAPE = re.compile(r"(?P<language>[a-z]{2,3})(?:_(?P<region>[A-Z]{2}|[0-9]{3}))?")


def _known_locales() -> tuple[str, ...]:
    found = {
        name
        for name in locale_identifiers()
        if (shape := _SHAPE.fullmatch(name)) and shape["language"] in SUPPORTED_LANGUAGES
    }
    found.update(SUPPORTED_LANGUAGES)
    return (
        *SUPPORTED_LANGUAGES,
        *sorted(found - set(SUPPORTED_LANGUAGES)),
    )


#: Every locale servicekit negotiates to: the four languages, then each region CLDR
#: (through Babel) knows for them, as ``language_REGION`` (``de_AT``, ``en_GB``,
#: ``en_150``, ``ru_RU``...).
SUPPORTED_LOCALES: tuple[str, ...] = _known_locales()
_SUPPORTED = frozenset(SUPPORTED_LOCALES)

LocaleLike = str | Locale

# A subtag: letters or digits between separators ("-", "_", " "); the POSIX
# encoding and modifier (".UTF-8", "@euro") are cut off before splitting.
_SUBTAG = re.compile(r"[A-Za-z0-9]+")
_REGION = re.compile(r"[A-Za-z]{2}|[0-9]{3}")


#: Tags up to this length are cached; longer ones (never a real tag) are worked out anew.
_CACHED_TAG_LENGTH = 64


def _negotiate(tag: str) -> str:
    if len(tag) <= _CACHED_TAG_LENGTH:
        return _negotiate_short(tag)
    return _negotiate_any(tag)


def _subtags(tag: str) -> list[str]:
    core = tag.split(".", 1)[0].split("@", 1)[0]
    return _SUBTAG.findall(core)


def _negotiate_any(tag: str) -> str:
    subtags = _subtags(tag)
    if not subtags or subtags[0].lower() not in SUPPORTED_LANGUAGES:
        return DEFAULT_LOCALE
    language = subtags[0].lower()
    # The region is the first later subtag of two letters or three digits; a script
    # ("Latn") or variant in between is skipped.
    for subtag in subtags[1:]:
        if _REGION.fullmatch(subtag):
            regional = f"{language}_{subtag.upper()}"
            return regional if regional in _SUPPORTED else language
    return language


@functools.lru_cache(maxsize=1024)
def _negotiate_short(tag: str) -> str:
    return _negotiate_any(tag)


def negotiate(locale: LocaleLike | None) -> str:
    """Return the locale servicekit uses for ``locale``: one of :data:`SUPPORTED_LOCALES`.

    The tag may use ``-`` or ``_`` and any case, and may carry a POSIX encoding
    (``de_AT.UTF-8``); the region is kept where CLDR knows it for the language. Anything
    else falls back as the module describes; this never fails on a string.

    Raises:
        TypeError: ``locale`` is neither a string, a :class:`babel.Locale` nor ``None``.

    Example:
        >>> negotiate("de-AT"), negotiate("EN_gb"), negotiate("ru_RU.UTF-8")
        ('de_AT', 'en_GB', 'ru_RU')
        >>> negotiate("it"), negotiate("de-US"), negotiate("pt-BR"), negotiate(None)
        ('it', 'de', 'en', 'en')
    """
    if locale is None:
        return DEFAULT_LOCALE
    if isinstance(locale, Locale):
        return _negotiate(str(locale))
    if not isinstance(locale, str):
        raise TypeError(f"locale must be a string like 'de-AT', got {type(locale).__name__}")
    return _negotiate(locale)


def is_supported(locale: LocaleLike) -> bool:
    """Say whether ``locale`` names a language servicekit has catalogs for.

    :func:`negotiate` falls back to English for any other tag; a command line or a
    settings file can use this to refuse such a tag instead.

    Raises:
        TypeError: ``locale`` is neither a string nor a :class:`babel.Locale`.

    Example:
        >>> is_supported("de-AT"), is_supported("EN"), is_supported("fr"), is_supported("")
        (True, True, False, False)
    """
    if not isinstance(locale, str | Locale):
        raise TypeError(f"locale must be a string like 'de-AT', got {type(locale).__name__}")
    subtags = _subtags(str(locale))
    return bool(subtags) and subtags[0].lower() in SUPPORTED_LANGUAGES


def language_of(locale: LocaleLike | None) -> str:
    """Return the catalog language for a locale: one of :data:`SUPPORTED_LANGUAGES`.

    Raises:
        TypeError: ``locale`` is neither a string, a :class:`babel.Locale` nor ``None``.

    Example:
        >>> language_of("de-AT"), language_of("ru_RU"), language_of("pt-BR"), language_of(None)
        ('de', 'ru', 'en', 'en')
    """
    return negotiate(locale).split("_", 1)[0]


@functools.lru_cache(maxsize=len(SUPPORTED_LOCALES))
def _parse(tag: str) -> Locale:
    return Locale.parse(tag)


def resolve_locale(locale: LocaleLike | None) -> Locale:
    """Return the Babel locale to format with: the negotiated locale, region included.

    A regional tag keeps its regional formats (``"de-AT"`` writes "Jänner", ``"en-GB"``
    writes ``23/11/2026``), while messages come from its language's catalog.

    Raises:
        TypeError: ``locale`` is neither a string, a :class:`babel.Locale` nor ``None``.

    Example:
        >>> str(resolve_locale("de-AT")), str(resolve_locale("fr")), str(resolve_locale("??"))
        ('de_AT', 'en', 'en')
    """
    return _parse(negotiate(locale))
