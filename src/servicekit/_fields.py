"""Converters shared by the value classes that name the field they convert (private).

attrs can pass a converter its field (``attrs.Converter(fn, takes_field=True)``), but
mypy's attrs plugin accepts only named functions, types and lambdas as converters, so
each class wraps :func:`as_tuple` in a small named converter that gives the field's
name; the errors read the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from servicekit.exceptions import ConfigError

if TYPE_CHECKING:
    import attrs

__all__ = ["as_tuple", "one_of"]


def as_tuple(value: object, field: str, example: str) -> tuple[Any, ...]:
    """Return the items of ``value`` as a tuple; a non-list is a TypeError naming ``field``.

    A string is refused too: its characters are never the items meant.

    Args:
        value: what the caller passed.
        field: the field's name, for the message.
        example: what a right value looks like, e.g. ``"a list of Timer values"``.

    Raises:
        TypeError: ``value`` is a string or not iterable.

    Example:
        >>> as_tuple(["a", "b"], "tags", "a list of tag names")
        ('a', 'b')
        >>> as_tuple(3, "tags", "a list of tag names")
        Traceback (most recent call last):
        ...
        TypeError: tags must be a list, got int; give a list of tag names
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(f"{field} must be a list, got {type(value).__name__}; give {example}")
    return tuple(value)


def one_of(choices: Iterable[str]) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """Return an attrs validator accepting only the strings ``choices``, naming its field.

    Unlike ``attrs.validators.in_`` (a bare ``ValueError`` for any value), a value that
    is not a string is a ``TypeError`` and a string not among ``choices`` is a
    :class:`~servicekit.exceptions.ConfigError` at the field's path.

    Example:
        >>> import attrs
        >>> @attrs.frozen
        ... class Rule:
        ...     severity: str = attrs.field(validator=one_of(("low", "high")))
        >>> Rule("medium")
        Traceback (most recent call last):
        ...
        servicekit.exceptions.ConfigError: severity: unknown severity 'medium'; expected one of 'low', 'high'
        >>> Rule(3)
        Traceback (most recent call last):
        ...
        TypeError: severity must be one of 'low', 'high', got int
    """  # noqa: E501 - doctest lines
    allowed = tuple(choices)
    listed = ", ".join(repr(choice) for choice in allowed)

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        name = attribute.alias or attribute.name
        if not isinstance(value, str):
            raise TypeError(f"{name} must be one of {listed}, got {type(value).__name__}")
        if value not in allowed:
            shown = repr(value) if len(value) <= 40 else repr(value[:40] + "...")
            raise ConfigError(f"unknown {name} {shown}; expected one of {listed}", name)

    return check
