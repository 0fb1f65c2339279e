"""Shared pieces of the ``servicekit`` subcommands (private)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Subcommands", "add_group", "int_between"]

Subcommands = Any  # argparse's _SubParsersAction is private; its type is not public API


def add_group(
    commands: Subcommands,
    name: str,
    common: argparse.ArgumentParser,
    *,
    help_text: str,
    description: str,
) -> tuple[argparse.ArgumentParser, Subcommands]:
    """Add a command group such as ``hours`` and return it with its subcommands.

    Running the group without a subcommand prints the group's help.
    """
    group: argparse.ArgumentParser = commands.add_parser(
        name, parents=[common], help=help_text, description=description
    )
    group.set_defaults(group_parser=group)
    actions = group.add_subparsers(dest="action", metavar="ACTION")
    return group, actions


def int_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type`` for a whole number from ``low`` to ``high``.

    A flag such as ``--around 100000000`` would make the command work for hours; the
    bound is checked before any work starts, and argparse reports it (status 2).

    Example:
        >>> int_between(1, 5)("3")
        3
        >>> int_between(1, 5)("9")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: must be a whole number from 1 to 5, got '9'
    """

    def convert(text: str) -> int:
        value = text.strip()
        digits = value.removeprefix("-")
        if not digits.isdigit() or not digits.isascii() or len(digits) > 18:
            value = ""
        if not value or not low <= int(value) <= high:
            message = f"must be a whole number from {low} to {high}, got {text[:20]!r}"
            raise argparse.ArgumentTypeError(message)
        return int(value)

    return convert
