"""Shared pieces of the ``servicekit`` subcommands (private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

__all__ = ["Subcommands", "add_group"]

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
