"""Input and output for the ``servicekit`` command (private).

Reading: JSON and TOML documents, JSON lines and CSV. Every problem in a file is a
:class:`~servicekit.exceptions.ConfigError` whose path names the place: ``file:line``
for syntax errors (JSON: the decoder's line, TOML: the line in tomllib's message,
CSV and JSON lines: the record's line), and ``file: field.path`` for a value that a
``from_dict`` refuses.

Every input is bounded before a pillar sees it: a file may hold at most
:func:`max_input_bytes` bytes (256 MiB unless ``SERVICEKIT_MAX_INPUT`` says otherwise),
JSON lines and CSV are read one record at a time, a UTF-8 byte-order mark (Excel's
"CSV UTF-8") is dropped, arrays and objects nest at most :data:`MAX_DEPTH` levels, a
key appears once per object, and numbers lie within the range of a double
(:data:`MAX_NUMBER`; NaN and Infinity are not JSON), and a value written as an
ISO-8601 duration, date or instant is at most 100 years long or lies in the years 1000
to 8999.

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
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from servicekit._time import format_duration, parse_duration, parse_instant
from servicekit.exceptions import ConfigError, ServicekitError
from servicekit.i18n import SUPPORTED_LANGUAGES, is_supported, negotiate

if TYPE_CHECKING:
    from types import ModuleType

    from typing_extensions import Self

__all__ = [
    "DEFAULT_MAX_INPUT",
    "EARLIEST",
    "LATEST",
    "MAX_DEPTH",
    "MAX_DURATION",
    "MAX_INPUT_ENV",
    "MAX_NUMBER",
    "add_locale_option",
    "check_instant",
    "check_values",
    "in_source",
    "iter_csv",
    "iter_json_lines",
    "iter_lines",
    "join_path",
    "jsonable",
    "load_document",
    "max_input_bytes",
    "parse_json",
    "parse_toml",
    "read_text",
    "require_mapping",
    "write_json",
    "write_rows",
]

_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")

#: The most bytes an input file may hold unless ``SERVICEKIT_MAX_INPUT`` says otherwise.
DEFAULT_MAX_INPUT = 256 * 1024**2
#: The environment variable that sets the input limit: bytes, or a number with K, M or G.
MAX_INPUT_ENV = "SERVICEKIT_MAX_INPUT"
#: Arrays and objects may nest at most this deep in an input document.
MAX_DEPTH = 100
#: The largest magnitude of a number in an input (the largest finite double).
MAX_NUMBER = sys.float_info.max
#: The longest duration a command-line flag or a value the command reads itself may give.
MAX_DURATION = timedelta(days=36_525)  # 100 years of 365.25 days

_BOM = b"\xef\xbb\xbf"
_SIZE = re.compile(r"(\d{1,18})([KMG]?)", re.IGNORECASE)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def max_input_bytes() -> int:
    """Return the most bytes an input file may hold: ``SERVICEKIT_MAX_INPUT`` or 256 MiB.

    The variable holds a number of bytes, or a number with ``K``, ``M`` or ``G``
    (binary multiples: ``512M`` is 512 MiB).

    Raises:
        ConfigError: the variable holds something else (the path names it).

    Example:
        >>> DEFAULT_MAX_INPUT == 256 * 1024**2  # without the variable
        True
    """
    raw = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_INPUT
    found = _SIZE.fullmatch(raw)
    if found is None or int(found[1]) < 1:
        raise ConfigError(
            f"{raw[:40]!r} is not a size; give bytes or a number with K, M or G, e.g. '512M'",
            MAX_INPUT_ENV,
        )
    return int(found[1]) * _UNITS[found[2].upper()]


def _source(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _too_large(path: str, limit: int) -> ConfigError:
    return ConfigError(
        f"larger than the input limit of {limit:,} bytes; set {MAX_INPUT_ENV} "
        "(e.g. '1G') to read larger files",
        _source(path),
    )


@contextlib.contextmanager
def _binary(path: str, stdin: TextIO | None) -> Iterator[IO[bytes]]:
    """Open ``path`` (``-``: standard input) for reading bytes; errors name the file."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin
        buffer = getattr(stream, "buffer", None)
        # A text-only stream (a test's StringIO, a host application's) is in memory already.
        yield buffer if buffer is not None else io.BytesIO(stream.read().encode("utf-8"))
        return
    try:
        fp = Path(path).open("rb")  # noqa: SIM115 - closed below, errors reported first
    except FileNotFoundError:
        raise ConfigError("no such file", path) from None
    except OSError as error:
        raise ConfigError(f"cannot read the file: {error.strerror}", path) from None
    with fp:
        try:
            yield fp
        except OSError as error:  # a read fails (a device error, /proc/self/mem)
            raise ConfigError(f"cannot read the file: {error.strerror}", path) from None


def _decode(data: bytes, where: str, *, first_line: int | None = None) -> str:
    """Decode UTF-8; a bad byte names its line.

    A whole file drops a leading byte-order mark; a line (``first_line``, its number)
    is decoded as it is (:func:`iter_lines` drops the mark from the first line).
    """
    try:
        return data.decode("utf-8" if first_line else "utf-8-sig")
    except UnicodeDecodeError as error:
        line = first_line or data.count(b"\n", 0, error.start) + 1
        raise ConfigError(
            f"not UTF-8 text ({error.reason} at byte {error.start})", f"{where}:{line}"
        ) from None


def read_text(path: str, stdin: TextIO | None = None) -> str:
    """Read a UTF-8 text file, at most :func:`max_input_bytes`; ``-`` reads standard input.

    A leading UTF-8 byte-order mark is dropped.

    Raises:
        ConfigError: the file cannot be read, is larger than the limit (the path is
            the file name), or is not UTF-8 (``file:line``).
    """
    limit = max_input_bytes()
    with _binary(path, stdin) as fp:
        data = fp.read(limit + 1)
    if len(data) > limit:
        raise _too_large(path, limit)
    return _decode(data, _source(path))


def iter_lines(path: str, stdin: TextIO | None = None) -> Iterator[str]:
    """Yield the lines of a UTF-8 file one at a time (ends kept), at most the input limit.

    Memory is bounded by the longest line, not the file: a file without line breaks
    (``/dev/zero``) stops at the limit.

    Raises:
        ConfigError: unreadable, larger than :func:`max_input_bytes`, or a line that is
            not UTF-8 (``file:line``).
    """
    limit = max_input_bytes()
    source = _source(path)
    total = number = 0
    with _binary(path, stdin) as fp:
        while True:
            number += 1
            raw = fp.readline(limit - total + 1)
            if not raw:
                return
            total += len(raw)
            if total > limit:
                raise _too_large(path, limit)
            if number == 1:
                raw = raw.removeprefix(_BOM)
            yield _decode(raw, source, first_line=number)


class _OutOfRange:
    """An integer too large for any figure (kept as its digit count, never converted)."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


class _DuplicateKey(Exception):  # noqa: N818 - internal signal, never escapes
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _parse_int(text: str) -> int | _OutOfRange:
    digits = len(text) - text.startswith("-")
    # More digits than the largest double has: refused before int() (which stops at
    # 4,300 digits) is asked to convert it.
    if digits > len(str(int(MAX_NUMBER))):
        return _OutOfRange(digits)
    value = int(text)
    return value if abs(value) <= MAX_NUMBER else _OutOfRange(digits)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:  # pragma: no branch - a duplicate is there to be found
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:]')


def _line_of(text: str, *, duplicate: bool) -> int:
    """The line of the first duplicate key, or of too-deep nesting, in valid JSON.

    Only called when the decoder has met one of them, so its cost (a Python loop over
    the tokens) is paid on the error path only. Line 1 when there is none.
    """
    keys: list[set[str] | None] = []
    last = ""
    for token in _TOKEN.finditer(text):
        kind = token.group()[0]
        if kind in "[{":
            keys.append(set() if kind == "{" else None)
            if not duplicate and len(keys) > MAX_DEPTH:
                return text.count("\n", 0, token.start()) + 1
        elif kind in "]}":
            keys.pop()
        elif kind == '"':
            last = token.group()
        elif duplicate:  # a ":" after a key
            key: str = json.loads(last)
            seen = keys[-1]
            assert seen is not None  # noqa: S101 - a ':' is inside an object
            if key in seen:
                return text.count("\n", 0, token.start()) + 1
            seen.add(key)
    return 1


def _deep_message() -> str:
    return f"nested deeper than {MAX_DEPTH} levels of arrays and objects"


_DURATION_LIKE = re.compile(r"[-+]?P[0-9WDTHMS.,]*", re.IGNORECASE)
_DATE_LIKE = re.compile(r"(\d{4})-\d\d-\d\d")
_INSTANT_LIKE = re.compile(r"\d{4}-\d\d-\d\d[T ]\d", re.IGNORECASE)


def _days(text: str) -> float:
    """An upper estimate of a duration's length in days (a month read as a minute)."""
    return sum(
        float(amount.replace(",", ".")) * _UNIT_DAYS[unit.upper()]
        for amount, unit in _AMOUNT.findall(text)
    )


def _string_problem(text: str) -> str | None:
    """A duration, date or instant beyond the command's bounds (anything else passes)."""
    if _DURATION_LIKE.fullmatch(text):
        if _days(text) > MAX_DURATION.days:
            return f"{text[:40]!r} is too long; durations may be at most 100 years (P36525D)"
    elif _DATE_LIKE.fullmatch(text):
        if not EARLIEST.year <= int(text[:4]) <= LATEST.year:
            return f"{text!r} is out of range; dates must lie in the years 1000 to 8999"
    elif _INSTANT_LIKE.match(text):
        try:
            value = parse_instant(text)
        except ConfigError:
            return None  # not an instant with an offset: the field's reader says why
        if not EARLIEST <= value <= LATEST:
            return f"{text[:40]!r} is out of range; instants must lie in the years 1000 to 8999"
    return None


def _value_problem(value: object) -> str | None:
    if isinstance(value, str):
        return _string_problem(value)
    if isinstance(value, date):  # TOML writes dates and date-times unquoted
        return _string_problem(value.isoformat())
    if isinstance(value, _OutOfRange):
        return (
            f"a number with {value.digits:,} digits is out of range; numbers must lie "
            "within ±1.8e308"
        )
    if isinstance(value, float) and not math.isfinite(value):
        return (
            f"{value!r} is not a finite number; numbers must lie within ±1.8e308 "
            "(NaN and Infinity are not JSON)"
        )
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        return _value_problem(_OutOfRange(len(str(abs(value)))))
    return None


def _path(keys: Sequence[object]) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else f".{str(key)[:40]}"
    return out.removeprefix(".")


def _children(node: Mapping[str, Any] | Sequence[Any]) -> Iterator[tuple[object, Any]]:
    return iter(node.items()) if isinstance(node, Mapping) else enumerate(node)


def check_values(value: object, where: str, text: str | None = None) -> None:
    """Check a parsed document against the command's bounds before a pillar reads it.

    Nesting is at most :data:`MAX_DEPTH` levels; numbers lie within ±:data:`MAX_NUMBER`
    (no NaN or infinity); a string written as an ISO-8601 duration is at most
    :data:`MAX_DURATION` long, and one written as a date or an instant lies in the
    years 1000 to 8999 (:data:`EARLIEST` to :data:`LATEST`). Such values would make
    date arithmetic leave the calendar. Walks the document without recursion, in time
    linear in its size.

    Args:
        value: the parsed document.
        where: the source (``file`` or ``file:line``) for messages.
        text: the JSON text, to report too-deep nesting at its line.

    Raises:
        ConfigError: ``where: field.path`` for a number, ``where`` or ``file:line``
            for the nesting.
    """
    problem = _value_problem(value)
    if problem is not None:
        raise ConfigError(problem, where)
    if not isinstance(value, Mapping | list | tuple):
        return
    stack = [_children(value)]
    keys: list[object] = []
    while stack:
        for key, child in stack[-1]:
            if isinstance(child, Mapping | list | tuple):
                if len(stack) >= MAX_DEPTH:
                    line = "" if text is None else f":{_line_of(text, duplicate=False)}"
                    raise ConfigError(_deep_message(), where + line)
                keys.append(key)
                stack.append(_children(child))
                break
            problem = _value_problem(child)
            if problem is not None:
                raise ConfigError(problem, f"{where}: {_path([*keys, key])}")
        else:
            stack.pop()
            if keys:
                keys.pop()


def parse_json(text: str, source: str, *, line: int | None = None) -> Any:  # noqa: ANN401
    r"""Parse a JSON document; a syntax error is reported at ``source:line``.

    The document is checked as :func:`check_values` does, and a key given twice in one
    object is refused (JSON would silently keep the last value).

    Args:
        text: the document.
        source: the file it came from.
        line: the line of a one-line document (a JSON-lines record).

    Raises:
        ConfigError: bad syntax, a duplicate key or too-deep nesting (``source:line``),
            or a number out of range (``source: field.path``).

    Example:
        >>> parse_json('{\n "a" 1}', "x.json")
        Traceback (most recent call last):
        ...
        servicekit.exceptions.ConfigError: x.json:2: Expecting ':' delimiter (column 6)
        >>> parse_json('{"a": 1,\n "a": 2}', "x.json")
        Traceback (most recent call last):
        ...
        servicekit.exceptions.ConfigError: x.json:2: duplicate key 'a'; give each key once
    """

    def at(number: int) -> str:
        return f"{source}:{number if line is None else line}"

    try:
        value = json.loads(text, parse_int=_parse_int, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        raise ConfigError(f"{error.msg} (column {error.colno})", at(error.lineno)) from None
    except _DuplicateKey as error:
        number = _line_of(text, duplicate=True)
        raise ConfigError(
            f"duplicate key {_short(error.key)}; give each key once", at(number)
        ) from None
    except RecursionError:
        raise ConfigError(_deep_message(), at(_line_of(text, duplicate=False))) from None
    if line is None:
        check_values(value, source, text)
    else:
        check_values(value, at(line))
    return value


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
        ConfigError: a syntax error, too-deep nesting, a number out of range (as
            :func:`check_values` says), or Python 3.10 (no :mod:`tomllib`).
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
    except RecursionError:
        raise ConfigError(_deep_message(), source) from None
    except ValueError:
        # tomllib converts integers itself and stops at Python's 4,300-digit limit.
        message = "a number is out of range; numbers must lie within ±1.8e308"
        raise ConfigError(message, source) from None
    check_values(data, source)
    return data


def load_document(path: str, stdin: TextIO | None = None) -> Any:  # noqa: ANN401 - JSON value
    """Read a JSON or TOML file (by its suffix ``.toml``; anything else is JSON).

    Raises:
        ConfigError: unreadable or too large a file, or bad syntax, with ``file:line``;
            a number out of range, with ``file: field.path``.
    """
    text = read_text(path, stdin)
    if path.lower().endswith(".toml"):
        return parse_toml(text, path)
    return parse_json(text, _source(path))


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


#: The earliest and latest instants the command reads (far from datetime's limits, so
#: that adding a duration or a search horizon to one never leaves the calendar).
EARLIEST = datetime(1000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(8999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)


def check_instant(value: datetime, path: str) -> datetime:
    """Return ``value`` if it lies in the years 1000 to 8999 (UTC), else raise.

    Raises:
        ConfigError: an instant outside that range.
    """
    if not EARLIEST <= value <= LATEST:
        raise ConfigError(
            f"{value.isoformat()!r} is out of range; instants must lie in the years 1000 to 8999",
            path,
        )
    return value


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


def add_locale_option(
    parser: argparse.ArgumentParser,
    *,
    help: str = "the language of the output (default: en)",  # noqa: A002
) -> None:
    """Declare ``--locale`` on a subcommand: a tag read by :func:`locale_tag`, default ``en``.

    Example:
        >>> parser = argparse.ArgumentParser()
        >>> add_locale_option(parser)
        >>> parser.parse_args(["--locale", "EN_gb"]).locale
        'en_GB'
    """
    parser.add_argument("--locale", type=locale_tag, default="en", metavar="LOCALE", help=help)


def instant(value: object, path: str) -> datetime:
    """Parse an ISO-8601 instant with an offset (a config value or a flag).

    Raises:
        ConfigError: not such an instant, or outside the years 1000 to 8999.
    """
    return check_instant(parse_instant(value, path), path)


_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)([WDHMS])", re.IGNORECASE)
_UNIT_DAYS = {"W": 7.0, "D": 1.0, "H": 1 / 24, "M": 1 / 1440, "S": 1 / 86400}


def duration(value: object, path: str, *, at_least: timedelta | None = None) -> timedelta:
    """Parse an ISO-8601 duration (a config value or a flag), at most :data:`MAX_DURATION`.

    The size is checked on the text before a ``timedelta`` is built, so
    ``PT99999999999999999999H`` is refused like any other duration that is too long.

    Args:
        value: the text.
        path: the field or flag, for messages.
        at_least: the shortest duration allowed (absolute value).

    Raises:
        ConfigError: not a duration, longer than 100 years, or shorter than ``at_least``.

    Example:
        >>> duration("PT99999999999999999999H", "--within")
        Traceback (most recent call last):
        ...
        servicekit.exceptions.ConfigError: --within: 'PT9...9H' is too long; durations may be ...
    """
    if isinstance(value, str):
        days = _days(value)  # an upper estimate (a month read as a minute is refused anyway)
        if days > MAX_DURATION.days:
            raise ConfigError(
                f"{value[:40]!r} is too long; durations may be at most 100 years (P36525D)",
                path,
            )
    result = parse_duration(value, path)
    if at_least is not None and abs(result) < at_least:
        raise ConfigError(
            f"{value!r} is too short; give at least {format_duration(at_least)}", path
        )
    return result


def _lines(lines: str | Iterable[str]) -> Iterable[str]:
    return lines.splitlines(keepends=True) if isinstance(lines, str) else lines


def iter_json_lines(lines: str | Iterable[str], source: str) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, value)`` for each non-blank line of JSON lines.

    ``lines`` is the text, or its lines (e.g. from :func:`iter_lines`, read as they come).
    Each record is checked as :func:`parse_json` does.

    Raises:
        ConfigError: a line that is not JSON, at ``source:line``.
    """
    for number, line in enumerate(_lines(lines), start=1):
        if line.strip():
            yield number, parse_json(line, source, line=number)


def iter_csv(lines: str | Iterable[str], source: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` for each record of CSV with a header line.

    ``lines`` is the text, or its lines with their ends (e.g. from :func:`iter_lines`).
    Empty cells are left out of the row, so a CSV and a JSON-lines file with the same
    records give the same dicts.

    Raises:
        ConfigError: no header, a record with more cells than the header, or a cell
            the CSV reader refuses (larger than its field limit).
    """
    reader = csv.reader(io.StringIO(lines, newline="") if isinstance(lines, str) else lines)
    try:
        header = next(reader)
    except StopIteration:
        raise ConfigError("empty file; expected a header line", f"{source}:1") from None
    except csv.Error as error:
        raise ConfigError(str(error), f"{source}:{reader.line_num}") from None
    names = [name.strip() for name in header]
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ConfigError(str(error), f"{source}:{reader.line_num}") from None
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


def write_rows(
    rows: Sequence[Mapping[str, object]],
    fmt: str,
    out: TextIO,
    *,
    columns: Sequence[str] = (),
) -> None:
    r"""Write rows as ``csv`` (a header from the keys in first-seen order) or ``json``.

    ``columns`` come first in the header (and make it when there are no rows); keys
    the rows have beyond them follow.

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
    names: dict[str, None] = dict.fromkeys(columns)
    for row in rows:
        names.update(dict.fromkeys(row))
    writer = csv.writer(out)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in names])


# ------------------------------------------------------------------ Parquet
#: Rows per batch read from a Parquet file (the unit of streaming).
PARQUET_BATCH_ROWS = 262_144


def parquet_module() -> ModuleType:
    """``pyarrow.parquet``, imported on use.

    Raises:
        ConfigError: pyarrow is not installed; the message names the extra.
    """
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError:  # pragma: no cover - the test environment has pyarrow
        raise ConfigError(
            "Parquet needs pyarrow: pip install 'servicekit[arrow]'", "--format"
        ) from None
    return pq  # type: ignore[no-any-return]


def iter_parquet(path: str, batch_rows: int | None = None) -> tuple[int, Iterator[Any]]:
    """Open a Parquet file for streaming: its row count and an iterator of record batches.

    Memory stays bounded by one batch (``batch_rows`` rows, by default
    :data:`PARQUET_BATCH_ROWS`) and one row group, whatever the size of the file.

    Raises:
        ConfigError: the file cannot be read as Parquet; the path names it.
    """
    pq = parquet_module()
    import pyarrow as pa  # noqa: PLC0415 - with pq

    try:
        handle = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as error:
        raise ConfigError(f"cannot read it as Parquet: {_flat(str(error))}", path) from None
    size = PARQUET_BATCH_ROWS if batch_rows is None else batch_rows
    return handle.metadata.num_rows, handle.iter_batches(batch_size=size)


def _flat(text: str) -> str:
    return " ".join(text.split())


class RowStream:
    """Write rows chunk by chunk as CSV (one header) or as one JSON array.

    The text is the same as :func:`write_rows` gives for all the rows at once.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> with RowStream("json", buf, ("a",)) as stream:
        ...     stream.write([{"a": 1}])
        ...     stream.write([{"a": 2}])
        >>> [row["a"] for row in json.loads(buf.getvalue())]
        [1, 2]
    """

    def __init__(self, fmt: str, out: TextIO, columns: Sequence[str]) -> None:
        """Start a stream of rows with the given ``columns`` in format ``fmt``."""
        self._fmt = fmt
        self._out = out
        self._columns = tuple(columns)
        self._first = True
        self._writer = csv.writer(out)

    def __enter__(self) -> Self:
        if self._fmt == "csv":
            self._writer.writerow(self._columns)
        else:
            self._out.write("[")
        return self

    def write(self, rows: Iterable[Mapping[str, object]]) -> None:
        """Write more rows (only the stream's columns)."""
        for row in rows:
            if self._fmt == "csv":
                self._writer.writerow([_cell(row.get(name)) for name in self._columns])
                continue
            plain = {name: jsonable(row.get(name)) for name in self._columns}
            text = json.dumps(plain, indent=2, ensure_ascii=False, allow_nan=False)
            self._out.write(("\n" if self._first else ",\n") + _indented(text))
            self._first = False

    def __exit__(self, *exc: object) -> None:
        if self._fmt == "json":
            self._out.write("]\n" if self._first else "\n]\n")


def _indented(text: str) -> str:
    """``text`` with every line indented by two spaces (as write_json nests a row)."""
    return "\n".join("  " + line for line in text.split("\n"))
