"""Gettext catalogs, read from the ``.po`` sources that ship inside the package.

Each subpackage has its own domain (``hours``, ``sla``, ``channels``, ``onboarding``,
``replies``) and general messages live in ``servicekit``. Catalogs live at
``servicekit/i18n/locales/<lang>/LC_MESSAGES/<domain>.po``. They are compiled in memory
on first use (with Babel, a runtime dependency anyway), so an installed wheel needs no
build step and there are no stale ``.mo`` files to forget.

A regional locale reads its language's catalog (``de_AT`` reads ``de``). Where a
region words things differently, a catalog at ``locales/<lang>_<REGION>/`` holds just the
messages that differ and is laid over the language's. Swiss and Liechtenstein German
(``de_CH``, ``de_LI``) need none: their systematic differences, "ss" for "ß" and
CLDR's Swiss quotation marks «…» and ‹…› for „…“ and ‚…‘, are applied to the German
catalog as it is read.

Code marks its messages with :func:`N_` (and :func:`NP_` for plurals) where they are
defined; a test extracts every marked message and fails when a catalog lacks one.
"""

from __future__ import annotations

import functools
import gettext
import io
from importlib import resources
from string import Formatter
from typing import TYPE_CHECKING, Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from servicekit.exceptions import ConfigError
from servicekit.i18n._locale import LocaleLike, negotiate

if TYPE_CHECKING:
    from collections.abc import Collection
    from importlib.abc import Traversable

__all__ = [
    "DOMAINS",
    "NP_",
    "N_",
    "template_fields",
    "translate",
    "translate_plural",
    "translations",
]

#: The message domains, one per subpackage plus ``servicekit`` for shared text.
DOMAINS = ("servicekit", "hours", "sla", "channels", "onboarding", "replies")


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``message`` for translation and return it unchanged.

    Example:
        >>> N_("Hello")
        'Hello'
    """
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - gettext marker
    """Mark a singular/plural message pair for translation and return it."""
    return (singular, plural)


#: Regions whose German writes "ss" for "ß" and «…» for „…“ (Swiss orthography).
_NO_ESZETT = frozenset({"de_CH", "de_LI"})
_SWISS = str.maketrans({"ß": "ss", "ẞ": "SS", "„": "«", "“": "»", "‚": "‹", "‘": "›"})


def _catalog_file(language: str, domain: str) -> Traversable | None:
    node = (
        resources.files("servicekit.i18n") / "locales" / language / "LC_MESSAGES" / f"{domain}.po"
    )
    return node if node.is_file() else None


def _swiss(text: str) -> str:
    return text.translate(_SWISS)


def _compile(
    node: Traversable, language: str, domain: str, *, swiss: bool
) -> gettext.GNUTranslations:
    with node.open("rb") as fp:
        catalog = read_po(fp, locale=language.split("_", 1)[0], domain=domain)
    if swiss:
        for message in catalog:
            if message.id:
                message.string = (
                    tuple(_swiss(s) for s in message.string)
                    if isinstance(message.string, (tuple, list))
                    else _swiss(str(message.string))
                )
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def template_fields(text: str, path: str, allowed: Collection[str] | None = None) -> frozenset[str]:
    """Return the placeholder names of a message template, which must all be plain.

    A template fills only plain ``{name}`` placeholders: a format spec
    (``{state:>300000000}`` builds a 300 MB string), a conversion (``{matched!r}``),
    an attribute or index (``{state.__class__}`` prints internals) or a positional
    ``{}`` is refused, so that filling a checked template cannot fail or explode.
    Literal braces are written ``{{`` and ``}}``.

    Args:
        text: the template.
        path: where it was given, for the error.
        allowed: the names the template may use (``None``: any plain name).

    Raises:
        ConfigError: a placeholder is not a plain ``{name}``, or not one of ``allowed``,
            or a brace is unmatched (the error's path is ``path``).

    Example:
        >>> sorted(template_fields("Hi {name}, {{literal}} {count}", "why"))
        ['count', 'name']
        >>> template_fields("{state:>300000000}", "guidance")
        Traceback (most recent call last):
        ...
        servicekit.exceptions.ConfigError: guidance: placeholder '{state:>300000000}' is \
not a plain {name}; remove the format spec, conversion, attribute or index
    """
    try:
        parsed = list(Formatter().parse(text))
    except ValueError as err:
        raise ConfigError(
            f"is not a valid template ({err}); write a literal brace as {{{{ or }}}}", path
        ) from None
    names = set()
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            shown = "{" + field + (f"!{conversion}" if conversion else "")
            shown += (f":{spec}" if spec else "") + "}"
            raise ConfigError(
                f"placeholder {shown[:60]!r} is not a plain {{name}}; remove the format "
                "spec, conversion, attribute or index",
                path,
            )
        if allowed is not None and field not in allowed:
            expected = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
            raise ConfigError(
                f"unknown placeholder {{{field}}}; the placeholders filled in here: {expected}",
                path,
            )
        names.add(field)
    return frozenset(names)


@functools.lru_cache(maxsize=128)
def translations(domain: str, language: str) -> gettext.NullTranslations:
    """Return the compiled catalog for ``domain`` in ``language`` (cached).

    ``domain`` is one of :data:`DOMAINS`, or ``labels`` for the display names of
    identifiers (see :func:`servicekit.i18n.display_name`). ``language`` is a
    language (``de``) or a regional locale as :func:`negotiate`
    returns it (``de_CH``): a regional locale reads its language's catalog, with a
    regional catalog laid over it where one ships and Swiss orthography for ``de_CH``
    and ``de_LI``. A missing catalog gives :class:`gettext.NullTranslations`, which
    returns the English message ids; a test keeps every shipped language complete.

    Raises:
        ConfigError: ``domain`` is not one of :data:`DOMAINS`.

    Example:
        >>> translations("servicekit", "de").gettext("no: outside available hours")
        'nein: außerhalb der verfügbaren Zeiten'
        >>> translations("servicekit", "de_CH").gettext("no: outside available hours")
        'nein: ausserhalb der verfügbaren Zeiten'
    """
    if domain not in DOMAINS and domain != "labels":
        raise ConfigError(
            f"unknown message domain {domain!r}; expected one of {DOMAINS} or 'labels'",
            "domain",
        )
    base, _, region = language.partition("_")
    swiss = language in _NO_ESZETT
    if region and not swiss:
        base_catalog = translations(domain, base)
    else:
        node = _catalog_file(base, domain)
        if node is None:
            return gettext.NullTranslations()
        base_catalog = _compile(node, base, domain, swiss=swiss)
    overlay = _catalog_file(language, domain) if region else None
    if overlay is None:
        return base_catalog
    regional = _compile(overlay, language, domain, swiss=swiss)
    regional.add_fallback(base_catalog)
    return regional


def translate(domain: str, message: str, locale: LocaleLike | None, /, **params: Any) -> str:  # noqa: ANN401
    """Translate ``message`` into ``locale`` and fill its ``{placeholders}``.

    Example:
        >>> translate("servicekit", "{name} ({offset})", "de", name="MEZ", offset="GMT+01:00")
        'MEZ (GMT+01:00)'
    """
    text = translations(domain, negotiate(locale)).gettext(message)
    return text.format(**params) if params else text


def translate_plural(
    domain: str,
    messages: tuple[str, str],
    count: int,
    locale: LocaleLike | None,
    /,
    **params: Any,  # noqa: ANN401
) -> str:
    """Translate a plural message for ``count``; ``{count}`` is filled in too.

    Example:
        >>> pair = ("{count} working day", "{count} working days")
        >>> translate_plural("servicekit", pair, 3, "ru")
        '3 рабочих дня'
    """
    text = translations(domain, negotiate(locale)).ngettext(messages[0], messages[1], count)
    return text.format(count=count, **params)
