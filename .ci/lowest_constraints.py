"""Print pip constraints that pin every direct dependency to its lowest allowed version.

Usage: python .ci/lowest_constraints.py EXTRA [EXTRA ...] > lowest.txt

Reads pyproject.toml: the runtime dependencies, the named extras and the extras they
pull in (``servicekit[holidays,ical]``). Each requirement ``name>=X`` becomes
``name==X``; requirements without a lower bound are left to the resolver. Installing
with ``pip install -c lowest.txt -e ".[EXTRA]"`` is pip's form of uv's
``--resolution lowest-direct``: the oldest versions pyproject.toml promises to support.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*?)\s*(?:;\s*(.*))?$")


def requirements(project: dict, extras: list[str]) -> list[str]:
    """The runtime requirements plus those of ``extras``, following self-references."""
    name = project["name"]
    optional = project.get("optional-dependencies", {})
    found = list(project.get("dependencies", []))
    todo, seen = list(extras), set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for req in optional.get(extra, []):
            match = REQUIREMENT.match(req)
            if match and match.group(1) == name and match.group(2):
                todo.extend(e.strip() for e in match.group(2)[1:-1].split(","))
            else:
                found.append(req)
    return found


def main(extras: list[str]) -> None:
    """Print one ``name==lowest`` line per requirement with a lower bound."""
    project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins: dict[str, str] = {}
    for req in requirements(project, extras):
        match = REQUIREMENT.match(req)
        if match is None:
            continue
        lower = re.search(r">=\s*([0-9][^,\s]*)", match.group(3))
        if lower:
            pins[match.group(1).lower()] = lower.group(1)
    for name, version in sorted(pins.items()):
        print(f"{name}=={version}")


if __name__ == "__main__":
    main(sys.argv[1:])
