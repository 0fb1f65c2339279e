"""Scenarios for ``servicekit report``: loading, and the report's building blocks (private).

A scenario is one JSON or TOML document describing a support desk (its shape is
documented in ``docs/reference/scenario-format.md``). The bundled one,
``servicekit/scenarios/desk.json``, ships inside the package and is read with
:mod:`importlib.resources`, so ``servicekit report`` works right after installation.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs

from servicekit.cli import _io
from servicekit.i18n import (
    format_instant,
    format_weekday,
    translate,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime

    from servicekit._time import ZoneInfo

__all__ = [
    "BUNDLED",
    "Context",
    "Scenario",
    "Section",
    "Table",
    "load_scenario",
    "render_blocks",
    "table_markdown",
    "table_text",
]

#: The name under which the bundled scenario is reported in errors and output.
BUNDLED = "desk.json (bundled)"


@attrs.frozen
class Scenario:
    """A loaded scenario document and the name of its source (for error messages)."""

    source: str
    data: Mapping[str, Any]

    def part(self, key: str) -> Mapping[str, Any] | None:
        """Return the object under ``key``, ``None`` when the scenario has none.

        Raises:
            ConfigError: ``key`` holds something other than an object.
        """
        if key not in self.data:
            return None
        with _io.in_source(self.source):
            return _io.require_mapping(self.data[key], key)

    def items(self, parent: Mapping[str, Any], key: str, path: str) -> Sequence[Any]:
        """Return the list ``parent[key]`` (empty when missing), with path ``path.key``."""
        with _io.in_source(self.source):
            return _io.require_list(parent.get(key, []), f"{path}.{key}")

    def at(self, field: str) -> Any:  # noqa: ANN401 - a context manager
        """Report errors raised while building values as errors at ``field``."""
        return _io.in_source(self.source, field)


def load_scenario(path: str | None) -> Scenario:
    """Load a scenario file (JSON or TOML), or the bundled one when ``path`` is ``None``.

    Raises:
        ConfigError: unreadable file, bad syntax (``file:line``) or not an object.
    """
    if path is None:
        node = resources.files("servicekit") / "scenarios" / "desk.json"
        data = _io.parse_json(node.read_text(encoding="utf-8"), BUNDLED)
        source = BUNDLED
    else:
        data = _io.load_document(path)
        source = path
    with _io.in_source(source):
        mapping = _io.require_mapping(data, "")
    return Scenario(source, mapping)


@attrs.frozen
class Table:
    """A table of localized cells; ``numeric`` marks right-aligned columns."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()


@attrs.frozen
class Section:
    """One section of the report: a localized title, text blocks and the plain data."""

    key: str
    title: str
    blocks: tuple[str | Table, ...]
    data: Any


@attrs.frozen
class Context:
    """What every section needs: the scenario, the locale, ``now`` and the display zone."""

    scenario: Scenario
    locale: str
    now: datetime
    zone: ZoneInfo
    currency: str

    def t(self, message: str, **params: Any) -> str:  # noqa: ANN401
        """Translate a message of the ``servicekit`` domain and fill its placeholders."""
        return translate("servicekit", message, self.locale, **params)

    def when(self, value: datetime, zone: ZoneInfo | None = None) -> str:
        """Format an instant as weekday, date and time (in ``zone``, default the owner's)."""
        tz = zone or self.zone
        day = format_weekday(
            value.astimezone(tz).weekday(), locale=self.locale, width="abbreviated"
        )
        return f"{day} {format_instant(value, locale=self.locale, zone=tz, style='short')}"


def table_text(table: Table) -> list[str]:
    widths = [len(h) for h in table.headers]
    for row in table.rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if index in table.numeric else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(table.headers), "  ".join("-" * w for w in widths), *map(line, table.rows)]


def table_markdown(table: Table) -> list[str]:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    rule = ["---:" if index in table.numeric else "---" for index in range(len(table.headers))]
    return [line(table.headers), "|" + "|".join(rule) + "|", *map(line, table.rows)]


def render_blocks(blocks: Sequence[str | Table], *, markdown: bool = False) -> str:
    """Render paragraphs and tables as plain text (aligned columns) or Markdown."""
    parts = []
    for block in blocks:
        if isinstance(block, Table):
            lines = table_markdown(block) if markdown else table_text(block)
            parts.append("\n".join(lines))
        else:
            parts.append(block)
    return "\n\n".join(parts) + "\n"
