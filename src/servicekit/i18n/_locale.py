"""Locale negotiation: which language and which regional formats to use."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError

__all__ = ["DEFAULT_LOCALE", "SUPPORTED_LANGUAGES", "LocaleLike", "negotiate", "resolve_locale"]

#: Languages whose message catalogs are complete.
SUPPORTED_LANGUAGES = ("en", "de", "it", "ru")
#: The language used when nothing better matches.
DEFAULT_LOCALE = "en"

LocaleLike = str | Locale


@functools.lru_cache(maxsize=256)
def _resolve(tag: str) -> Locale:
    try:
        parsed = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(DEFAULT_LOCALE)
    if parsed.language not in SUPPORTED_LANGUAGES:
        return Locale.parse(DEFAULT_LOCALE)
    return parsed


def resolve_locale(locale: LocaleLike | None) -> Locale:
    """Return the Babel locale to format with.

    A regional tag keeps its regional formats when CLDR knows it (``"de-AT"`` writes
    "Jänner"), while messages come from its language's catalog (``de``). A language
    servicekit has no catalog for, an unknown tag, or ``None`` falls back to English,
    so that a customer always gets a complete sentence rather than an error.

    Raises:
        TypeError: ``locale`` is neither a string nor a :class:`babel.Locale`.

    Example:
        >>> str(resolve_locale("de-AT")), str(resolve_locale("fr")), str(resolve_locale("??"))
        ('de_AT', 'en', 'en')
    """
    if locale is None:
        return _resolve(DEFAULT_LOCALE)
    if isinstance(locale, Locale):
        return _resolve(str(locale))
    if not isinstance(locale, str):
        raise TypeError(f"locale must be a string like 'de-AT', got {type(locale).__name__}")
    return _resolve(locale.strip() or DEFAULT_LOCALE)


def negotiate(locale: LocaleLike | None) -> str:
    """Return the catalog language for a locale: one of :data:`SUPPORTED_LANGUAGES`.

    Example:
        >>> negotiate("de-AT"), negotiate("ru_RU"), negotiate("pt-BR"), negotiate(None)
        ('de', 'ru', 'en', 'en')
    """
    return str(resolve_locale(locale).language)
