"""Display names: the words a person reads for an identifier such as ``package_chosen``.

Identifiers (channel kinds, priorities, statuses, metrics, a flow's states, events and
claims, reply-review rules, triage words) stay as they are in machine formats (JSON,
CSV) and in definitions; wherever a person reads one, it is shown by its *display
name* in the reader's language. Built-in identifiers have theirs in the ``labels``
catalog (``locales/<lang>/LC_MESSAGES/labels.po``, one ``msgctxt`` per kind), and a
team may give its own flows and rules display names per language.

:func:`display_name` looks a name up in this order:

1. the team's name for the negotiated locale (``de_AT``), then for its language
   (``de``), then for another region of that language (``de_CH``, by tag order);
2. the ``labels`` catalog's name for the kind and identifier, in that language;
3. the team's English name, when it gave one;
4. the identifier made readable: each run of ``_`` becomes a space
   (``awaiting_vendor`` reads "awaiting vendor"), so a snake_case identifier never
   reaches a reader; hyphens stay (``self-help``, ``no-slang``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from servicekit.exceptions import ConfigError
from servicekit.i18n._locale import SUPPORTED_LANGUAGES, is_supported, language_of, negotiate

if TYPE_CHECKING:
    from servicekit.i18n._locale import LocaleLike

__all__ = [
    "LABEL_DOMAIN",
    "LABEL_KINDS",
    "LABEL_SECTIONS",
    "MAX_NAME_LENGTH",
    "DisplayNames",
    "DisplayNamesFor",
    "display_name",
    "names_from_dict",
]

#: The catalog that holds the built-in display names.
LABEL_DOMAIN: Final = "labels"

#: The kinds of identifier that have display names, each with the key that holds its
#: names in a ``labels`` document (see :meth:`DisplayNames.from_dict`).
LABEL_SECTIONS: Final[Mapping[str, str]] = {
    "channel": "channels",
    "priority": "priorities",
    "ticket_status": "ticket_statuses",
    "clock_status": "clock_statuses",
    "metric": "metrics",
    "flow": "flows",
    "state": "states",
    "event": "events",
    "claim": "claims",
    "rule": "rules",
    "severity": "severities",
    "tone": "tones",
    "handling": "handlings",
    "evidence": "evidence",
}
#: The kinds of identifier, in the order of :data:`LABEL_SECTIONS`.
LABEL_KINDS: Final = tuple(LABEL_SECTIONS)
#: The longest display name a team may give, in characters.
MAX_NAME_LENGTH: Final = 200

_KIND_OF_SECTION: Final = {section: kind for kind, section in LABEL_SECTIONS.items()}
_SEPARATORS = re.compile(r"[_\s]+")


def _humanised(identifier: str) -> str:
    """``awaiting_vendor`` -> ``awaiting vendor`` (linear in the identifier's length)."""
    return _SEPARATORS.sub(" ", identifier).strip() or identifier


def _catalog_name(kind: str, identifier: str, locale: str) -> str | None:
    """The ``labels`` catalog's name, ``None`` when it has none.

    gettext answers a missing message with the identifier itself; no catalog entry
    translates an identifier to itself unless it is already readable (``chat``), where
    the fallback gives the same text.
    """
    from servicekit.i18n._catalog import translations  # noqa: PLC0415 - import cycle

    found = translations(LABEL_DOMAIN, locale).pgettext(kind, identifier)
    return None if found == identifier else found


def _overrides(names: Mapping[str, str] | DisplayNamesFor | None) -> Mapping[str, str]:
    if names is None:
        return {}
    if isinstance(names, DisplayNamesFor):
        return dict(names.names)
    if not isinstance(names, Mapping):
        raise TypeError(f"overrides must be a mapping of language to name, got {_type(names)}")
    return {negotiate(str(tag)): str(name) for tag, name in names.items()}


def display_name(
    kind: str,
    identifier: str,
    locale: LocaleLike | None,
    overrides: Mapping[str, str] | DisplayNamesFor | None = None,
) -> str:
    """Return the name a person reads for ``identifier`` of ``kind``, in ``locale``.

    The lookup order is in the module's description: the team's name for the locale
    or its language, the ``labels`` catalog, the team's English name, and finally
    the identifier with ``_`` read as a space.

    Args:
        kind: one of :data:`LABEL_KINDS` (``channel``, ``priority``, ``state``, ...).
        identifier: the identifier as definitions and machine formats write it.
        locale: the reader's locale, negotiated as everywhere (``de-AT``, ``ru``).
        overrides: the team's own names, language tag to name (``{"de":
            "Verifiziert"}``), or what :meth:`DisplayNames.get` returns.

    Raises:
        ConfigError: ``kind`` is not one of :data:`LABEL_KINDS`.
        TypeError: ``identifier`` is not a string, or ``overrides`` not a mapping.

    Example:
        >>> display_name("state", "package_chosen", "de")
        'Paket gewählt'
        >>> display_name("priority", "urgent", "ru")
        'срочный'
        >>> display_name("state", "verified", "it", {"it": "identità verificata"})
        'identità verificata'
        >>> display_name("state", "awaiting_vendor", "de")
        'awaiting vendor'
    """
    if kind not in LABEL_SECTIONS:
        raise ConfigError(f"unknown label kind {kind!r}; expected one of {LABEL_KINDS}", "kind")
    if not isinstance(identifier, str):
        raise TypeError(f"identifier must be a string, got {type(identifier).__name__}")
    chosen = negotiate(locale)
    language = language_of(chosen)
    team = _overrides(overrides)
    for key in (chosen, language):
        if key in team:
            return team[key]
    for key in sorted(team):
        if language_of(key) == language:
            return team[key]
    found = _catalog_name(kind, identifier, chosen)
    if found is not None:
        return found
    return team.get("en") or _humanised(identifier)


def names_from_dict(data: object, path: str) -> tuple[tuple[str, str], ...]:
    """Read a team's display names for one identifier: ``{"de": "Verifiziert", ...}``.

    Language tags are negotiated (``de-AT`` is kept as ``de_AT``); each must be one
    servicekit has a catalog for. Names are printable text of 1 to
    :data:`MAX_NAME_LENGTH` characters.

    Returns:
        ``(tag, name)`` pairs, sorted by tag.

    Raises:
        ConfigError: a tag servicekit does not support, a name that is not a string,
            an empty, too long or unprintable name (the path names the tag), or a
            language given twice.
        TypeError: ``data`` is not a mapping.

    Example:
        >>> names_from_dict({"de": "Verifiziert", "it-CH": "Verificato"}, "label")
        (('de', 'Verifiziert'), ('it_CH', 'Verificato'))
        >>> names_from_dict({"fr": "Vérifié"}, "label")
        Traceback (most recent call last):
        ...
        servicekit.exceptions.ConfigError: label.fr: unsupported language 'fr'; give \
one of en, de, it, ru (a region such as de-AT works too)
    """
    if not isinstance(data, Mapping):
        raise TypeError(f"{path} must be a mapping of language to name, got {_type(data)}")
    found: dict[str, str] = {}
    for tag, name in data.items():
        where = f"{path}.{str(tag)[:40]}"
        if not isinstance(tag, str) or not isinstance(name, str):
            raise ConfigError(
                f"expected a language tag mapped to a name (both strings), got {_type(name)}",
                where,
            )
        if not is_supported(tag):
            raise ConfigError(
                f"unsupported language {tag[:40]!r}; give one of "
                f"{', '.join(SUPPORTED_LANGUAGES)} (a region such as de-AT works too)",
                where,
            )
        if not name.strip() or len(name) > MAX_NAME_LENGTH or not name.isprintable():
            raise ConfigError(
                f"a display name is 1 to {MAX_NAME_LENGTH} printable characters on one "
                f"line, got {len(name)} characters; shorten it or remove line breaks",
                where,
            )
        key = negotiate(tag)
        if key in found:
            raise ConfigError(f"the language {key!r} is given twice; keep one name", where)
        found[key] = name
    return tuple(sorted(found.items()))


def _type(value: object) -> str:
    return type(value).__name__


@attrs.frozen
class DisplayNamesFor:
    """A team's names for one identifier, as :meth:`DisplayNames.get` returns them.

    Attributes:
        names: ``(tag, name)`` pairs, sorted by tag; tags as :func:`negotiate` gives them.
    """

    names: tuple[tuple[str, str], ...] = ()


def _entries(value: object) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    if not isinstance(value, tuple):
        raise TypeError(f"entries must be a tuple of (kind, identifier, names), got {value!r}")
    for entry in value:
        if (
            not isinstance(entry, tuple)
            or len(entry) != 3
            or entry[0] not in LABEL_SECTIONS
            or not isinstance(entry[1], str)
            or not isinstance(entry[2], tuple)
        ):
            raise TypeError(f"each entry must be (kind, identifier, names), got {entry!r}")
    return tuple(sorted(value))


@attrs.frozen
class DisplayNames:
    """A team's own display names for the identifiers of a flow, rule set or desk.

    The document form maps a section of :data:`LABEL_SECTIONS` (``states``,
    ``events``, ``claims``, ...) to identifiers, and each identifier to its name per
    language::

        {
            "states": {"verified": {"de": "Verifiziert", "it": "Verificato"}},
            "events": {"top_up": {"de": "Guthaben aufladen"}},
        }

    Attributes:
        entries: ``(kind, identifier, ((tag, name), ...))``, sorted.

    Example:
        >>> names = DisplayNames.from_dict({"states": {"verified": {"de": "Verifiziert"}}})
        >>> names.name("state", "verified", "de-AT"), names.name("state", "verified", "ru")
        ('Verifiziert', 'личность подтверждена')
        >>> names.to_dict()
        {'states': {'verified': {'de': 'Verifiziert'}}}
    """

    entries: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = attrs.field(
        default=(), converter=_entries
    )
    _index: dict[tuple[str, str], DisplayNamesFor] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index = {(kind, ident): DisplayNamesFor(names) for kind, ident, names in self.entries}
        object.__setattr__(self, "_index", index)

    def __bool__(self) -> bool:
        """Whether any name is given."""
        return bool(self.entries)

    def get(self, kind: str, identifier: str) -> DisplayNamesFor | None:
        """Return the team's names for ``identifier`` of ``kind``, ``None`` if it gave none.

        Example:
            >>> DisplayNames().get("state", "verified") is None
            True
        """
        return self._index.get((kind, identifier))

    def name(self, kind: str, identifier: str, locale: LocaleLike | None) -> str:
        """Return the display name of ``identifier`` in ``locale`` (see :func:`display_name`).

        Raises:
            ConfigError: ``kind`` is not one of :data:`LABEL_KINDS`.
        """
        return display_name(kind, identifier, locale, self.get(kind, identifier))

    def to_dict(self) -> dict[str, Any]:
        """Return the names in their document form (sections with names only)."""
        out: dict[str, Any] = {}
        for kind, identifier, names in self.entries:
            out.setdefault(LABEL_SECTIONS[kind], {})[identifier] = dict(names)
        return out

    @classmethod
    def from_dict(cls, data: object, path: str = "labels") -> DisplayNames:
        """Read a ``labels`` document, reporting every problem at once.

        Raises:
            ConfigError: an unknown section, an identifier that is not a string
                mapping, an unsupported language or a bad name; ``.problems`` lists
                each, with its path (``labels.states.verified.fr``).
            TypeError: ``data`` is not a mapping.

        Example:
            >>> DisplayNames.from_dict({"steps": {}})
            Traceback (most recent call last):
            ...
            servicekit.exceptions.ConfigError: labels.steps: unknown section; expected \
one of channels, priorities, ticket_statuses, clock_statuses, metrics, flows, states, \
events, claims, rules, severities, tones, handlings, evidence
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"{path} must be a mapping, got {_type(data)}")
        problems: list[ConfigError] = []
        entries = []
        for section, names in data.items():
            where = f"{path}.{str(section)[:40]}"
            kind = _KIND_OF_SECTION.get(section) if isinstance(section, str) else None
            if kind is None:
                problems.append(
                    ConfigError(
                        f"unknown section; expected one of {', '.join(LABEL_SECTIONS.values())}",
                        where,
                    )
                )
                continue
            if not isinstance(names, Mapping):
                problems.append(
                    ConfigError(
                        f"expected a mapping of identifier to names, got {_type(names)}", where
                    )
                )
                continue
            for identifier, per_language in names.items():
                spot = f"{where}.{str(identifier)[:40]}"
                if not isinstance(identifier, str) or not identifier:
                    problems.append(ConfigError("an identifier must be a non-empty string", spot))
                    continue
                if not isinstance(per_language, Mapping):
                    problems.append(
                        ConfigError(
                            f"expected a mapping of language to name, got {_type(per_language)}",
                            spot,
                        )
                    )
                    continue
                try:
                    entries.append((kind, identifier, names_from_dict(per_language, spot)))
                except ConfigError as err:
                    problems.append(err)
        if problems:
            raise _all_problems(problems, path)
        return cls(tuple(entries))


def _all_problems(problems: list[ConfigError], path: str) -> ConfigError:
    """One error listing every problem (the problem itself when there is one)."""
    if len(problems) == 1:
        return problems[0]
    lines = "\n".join(f"  {p}" for p in problems)
    message = f"{len(problems)} problems in the display names:\n{lines}"
    return ConfigError(message, path, problems=problems)
