"""Helpers shared by the fuzz suites: the places in a JSON document, and replacing one."""

from __future__ import annotations

import copy
from typing import Any


def paths(value: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``value`` (dict keys and list indexes), the empty one first."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def replace(document: object, path: tuple[Any, ...], value: object) -> object:
    """A deep copy of ``document`` with the value at ``path`` replaced by ``value``."""
    if not path:
        return value
    data = copy.deepcopy(document)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data
