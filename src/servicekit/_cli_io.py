"""Input and output for the ``servicekit`` command (private).

Reading: JSON and TOML documents, JSON lines and CSV. Every problem in a file is a
:class:`~servicekit.exceptions.ConfigError` whose path names the place: ``file:line``
for syntax errors (JSON: the decoder's line, TOML: the line in tomllib's message,
CSV and JSON lines: the record's line), and ``file: field.path`` for a value that a
``from_dict`` refuses.

Writing: rows of plain values as CSV or JSON, and JSON documents with datetimes and
durations as ISO-8601 strings.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib
import io
import json
import math
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from servicekit._time import format_duration, parse_duration, parse_instant
from servicekit.exceptions import ConfigError, ServicekitError
from servicekit.i18n import SUPPORTED_LANGUAGES, is_supported, negotiate

if TYPE_CHECKING:
    from types import ModuleType

__all__ = [
    "in_source",
    "iter_csv",
    "iter_json_lines",
    "join_path",
    "jsonable",
    "load_document",
    "parse_json",
    "parse_toml",
    "read_text",
    "require_mapping",
    "write_json",
    "write_rows",
]

_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_text(path: str, stdin: TextIO | None = None) -> str:
    """Read a UTF-8 text file; ``-`` reads standard input.

    Raises:
        ConfigError: the file cannot be read (the path is the file name).
    """
    if path == "-":
        return (stdin if stdin is not None else sys.stdin).read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("no such file", path) from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"not UTF-8 text ({error.reason} at byte {error.start})", path) from None
    except OSError as error:
        raise ConfigError(f"cannot read the file: {error.strerror}", path) from None


def parse_json(text: str, source: str) -> Any:  # noqa: ANN401 - any JSON value
    r"""Parse a JSON document; a syntax error is reported at ``source:line``.

    Example:
        >>> parse_json('{\n "a" 1}', "x.json")
        Traceback (most recent call last):
        ...
        servicekit.exceptions.ConfigError: x.json:2: Expecting ':' delimiter (column 6)
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(
            f"{error.msg} (column {error.colno})", f"{source}:{error.lineno}"
        ) from None


def _tomllib() -> ModuleType:
    try:
        return importlib.import_module("tomllib")
    except ModuleNotFoundError:
        raise ConfigError(
            "reading TOML needs Python 3.11 or newer (the standard library's tomllib); "
            "use a JSON file with the same content instead",
            "",
        ) from None


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse a TOML document; a syntax error is reported at ``source:line``.

    Raises:
        ConfigError: a syntax error, or Python 3.10 (no :mod:`tomllib`).
    """
    try:
        tomllib = _tomllib()
    except ConfigError as error:
        raise ConfigError(error.msg, source) from None
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_LINE.search(message)
        where = f"{source}:{found[1]}" if found else source
        raise ConfigError(message, where) from None
    return data


def load_document(path: str, stdin: TextIO | None = None) -> Any:  # noqa: ANN401 - JSON value
    """Read a JSON or TOML file (by its suffix ``.toml``; anything else is JSON).

    Raises:
        ConfigError: unreadable file or bad syntax, with ``file:line``.
    """
    text = read_text(path, stdin)
    if path.lower().endswith(".toml"):
        return parse_toml(text, path)
    return parse_json(text, "<stdin>" if path == "-" else path)


def join_path(prefix: str, path: str) -> str:
    """Join two field paths: ``join_path("team[0]", "timezone") == "team[0].timezone"``.

    Example:
        >>> join_path("team", "[0].name"), join_path("", "hours"), join_path("calendar", "")
        ('team[0].name', 'hours', 'calendar')
        >>> join_path("availability", ".timezone")
        'availability.timezone'
    """
    path = path.removeprefix(".")  # from_dict(path="") may give ".timezone"
    if not prefix or not path:
        return prefix or path
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


@contextlib.contextmanager
def in_source(source: str, field: str = "") -> Iterator[None]:
    """Report a servicekit error raised inside the block as an error in ``source``.

    A :class:`ConfigError` keeps its field path (behind ``field``, the place of the
    value inside the document) after the source, e.g.
    ``desk.json: calendar.hours.mon[0]: ...``; other servicekit errors (an unknown zone,
    a naive instant) are reported with the source and field in front. A
    :class:`TypeError` raised while values are built from a file is the file's data
    having the wrong type (a list where hours were expected), so it is reported the
    same way instead of as a crash (``--debug`` still shows where it came from).

    Example:
        >>> with in_source("desk.json", "team"):
        ...     raise ConfigError("bad", "[0].timezone")
        Traceback (most recent call last):
        ...
        servicekit.exceptions.ConfigError: desk.json: team[0].timezone: bad
    """
    try:
        yield
    except ConfigError as error:
        path = join_path(field, error.path)
        raise ConfigError(error.msg, f"{source}: {path}" if path else source) from error
    except (ServicekitError, TypeError) as error:
        raise ConfigError(str(error), f"{source}: {field}" if field else source) from error


def require_mapping(value: object, path: str) -> Mapping[str, Any]:
    """Return ``value`` if it is a JSON object, else raise :class:`ConfigError`."""
    if not isinstance(value, Mapping):
        raise ConfigError(f"expected an object (a table), got {type(value).__name__}", path)
    return value


def require_list(value: object, path: str) -> Sequence[Any]:
    """Return ``value`` if it is a JSON array, else raise :class:`ConfigError`."""
    if not isinstance(value, list | tuple):
        raise ConfigError(f"expected a list, got {type(value).__name__}", path)
    return value


def require_str(value: object, path: str) -> str:
    """Return ``value`` if it is a string, else raise :class:`ConfigError`."""
    if not isinstance(value, str):
        raise ConfigError(f"expected a string, got {value!r}", path)
    return value


def require_number(value: object, path: str, *, minimum: float | None = None) -> float:
    """Return ``value`` as a float if it is a JSON number (not a bool), else raise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"expected a number, got {value!r}", path)
    if minimum is not None and value < minimum:
        raise ConfigError(f"must be at least {minimum:g}, got {value!r}", path)
    return float(value)


def locale_tag(value: str) -> str:
    """Read ``--locale``: a tag of a supported language, negotiated (``de-AT`` gives ``de_AT``).

    Raises:
        argparse.ArgumentTypeError: the tag names no language servicekit has catalogs for.
    """
    if not is_supported(value):
        languages = ", ".join(SUPPORTED_LANGUAGES)
        raise argparse.ArgumentTypeError(
            f"unsupported locale {value!r}; give a tag of {languages}, such as de, de-AT or en-GB"
        )
    return negotiate(value)


def instant(value: object, path: str) -> datetime:
    """Parse an ISO-8601 instant with an offset (a config value or a flag)."""
    return parse_instant(value, path)


def duration(value: object, path: str) -> timedelta:
    """Parse an ISO-8601 duration (a config value or a flag)."""
    return parse_duration(value, path)


def iter_json_lines(text: str, source: str) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, value)`` for each non-blank line of a JSON-lines text.

    Raises:
        ConfigError: a line that is not JSON, at ``source:line``.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            raise ConfigError(f"{error.msg} (column {error.colno})", f"{source}:{number}") from None


def iter_csv(text: str, source: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` for each record of a CSV text with a header line.

    Empty cells are left out of the row, so a CSV and a JSON-lines file with the same
    records give the same dicts.

    Raises:
        ConfigError: no header, or a record with more cells than the header.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ConfigError("empty file; expected a header line", f"{source}:1") from None
    names = [name.strip() for name in header]
    for record in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(names):
            raise ConfigError(
                f"{len(record)} cells but the header names {len(names)}", f"{source}:{number}"
            )
        yield (
            number,
            {name: cell for name, cell in zip(names, record, strict=False) if cell.strip()},
        )


def jsonable(value: object) -> Any:  # noqa: ANN401, PLR0911 - one return per JSON type
    """Turn a result into plain JSON values (ISO-8601 for instants and durations).

    Infinite and NaN numbers (an unanswered queue's wait) become ``None``: strict JSON
    has no value for them.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> jsonable({"at": datetime(2026, 1, 2, tzinfo=timezone.utc), "d": timedelta(hours=4)})
        {'at': '2026-01-02T00:00:00+00:00', 'd': 'PT4H'}
        >>> jsonable([1.5, float("inf"), float("nan")])
        [1.5, None, None]
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [jsonable(item) for item in items]
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return jsonable(to_dict())
    return str(value)


def write_json(value: object, out: TextIO) -> None:
    """Write ``value`` as indented JSON with a final newline (UTF-8 kept as is)."""
    out.write(json.dumps(jsonable(value), indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    plain = jsonable(value)
    if isinstance(plain, list | dict):
        return json.dumps(plain, ensure_ascii=False)
    return str(plain)


def write_rows(rows: Sequence[Mapping[str, object]], fmt: str, out: TextIO) -> None:
    r"""Write rows as ``csv`` (a header from the keys in first-seen order) or ``json``.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> write_rows([{"a": 1, "b": None}, {"a": 2, "c": "x"}], "csv", buf)
        >>> print(buf.getvalue().replace("\r", ""), end="")
        a,b,c
        1,,
        2,,x
    """
    if fmt == "json":
        write_json(list(rows), out)
        return
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    writer = csv.writer(out)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in names])
